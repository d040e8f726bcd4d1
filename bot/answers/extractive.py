"""The default answerer: no LLM, a grounded answer quoted from the best passages, with citations.

It picks the passage that best answers the question, quotes its topic sentence, the sentences or list
items that carry the question's terms, and enough of what follows to be useful on its own. What it prefers
follows the question's shape (bot.answers.question_kinds): units with figures for "how much", reasons for
"why", the whole list for "how do I"; a comparison gets one labelled block per side and a two-part question
one per part (compose_parts). A list comes whole with its introduction (a long one ends with "…and N more in
the source"), and a sentence announcing something that is not quoted ("three lessons learned.", "Each phase
below…") is never quoted. Sentences an earlier answer in the thread quoted are left out (`exclude`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.answers.evidence import Passage, TermWeights
from bot.answers.question_kinds import FIGURE_CUE, QuestionShape, shape_of
from bot.answers.selection import (
    _COUNT,
    PLAIN,
    _Focused,
    _key,
    _Layout,
    _quoted,
    _render,
    _score,
    _select,
    render_label,
)
from bot.answers.specifics import MONEY
from bot.ingest.units import Unit, split_sentences, units

MAX_ANSWER_CHARS = 1600  # a second (and third) passage is quoted only within what is left of this
MIN_SECOND_CHARS = 250  # and only if that much is left
FOLLOW_UP_BAR = 0.8  # another passage answers a follow-up if its best new unit scores this share of the quoted one
FOLLOW_UP_QUESTION_SLACK = 0.05  # ...and its section's questions match the follow-up about as well
FOLLOW_UP_CORE = 2  # units of the best passage said again when nothing new answers the follow-up
MAX_PART_CHARS = 560  # one block of a comparison or two-part answer: two of them stay under ~1200 characters
MIN_PART_CHARS = 160
SECOND_SOURCE_GAIN = 0.35  # share of the question's weight the second passage must add
SECOND_SOURCE_SLACK = 0.08  # how far below the best passage's rank score it may be
# A runner-up from another section this close to the best passage's rank score is quoted too, even when the
# best one holds every word of the question: retrieval cannot tell which of the two answers, so both do, each
# cited. On the tuning sets, 0.04 took the fact hit rate from 0.796 to 0.842 with two sources in 28% of answers
# (median answer 683 -> 760 characters), and the never-tuned informal set from 0.854 to 0.896; 0.05 was then
# chosen on the curated sets (0.844 -> 0.852, two sources in 30%): the informal set gained nothing past 0.04.
# When the third of the top three is as close, it is quoted as well: on the gated sets 7 of the 10 answers whose
# section ranked third were within 0.05, and quoting it took the fact hit rate from 0.862 to 0.882, with three
# sources in 11% of answers (answer length p50 802 -> 806 characters, p90 1306 -> 1498). The never-tuned informal
# and held-out sets did not move (0.896 and 0.875), 2026-12-05. After the section model, which puts first a passage
# whose own evidence may trail the next one's, wider ties quoted more facts on every tuning file (586 answers, none
# lost): 0.05 / 0.07 / 0.08 / 0.12 gave 480 / 489 / 490 / 496 fact hits, a median answer of 842 / 931 / 1010 / 1229
# characters, and one source in 58% / 49% / 44% / 30% of answers. 0.07 was chosen: past it each fact costs far more
# length (2026-12-06). It stays under SECOND_SOURCE_SLACK, so a close passage may still be quoted for a figure alone.
NEAR_TIE = 0.07
# ...unless most of its words (this share of its terms) are already in what the answer quotes: it repeats, it does
# not answer. On every tests/qa file (2026-12-06, session 18) 0.6 changed no fact hit and took the median answer from
# 975 to 965 characters; set once from the trial's example, not tuned.
REPEAT_SHARE = 0.6

# Hand-written cues: no library tags contrasts or announcements in a sentence without a model.
_CONTRAST = re.compile(r";|\b(?:while|whereas|unlike|but|versus|vs|compared|differs?|difference|rather than|"
                       r"instead|on the other hand)\b", re.IGNORECASE)


@dataclass
class Composed:
    text: str
    passages: list[Passage]  # cited passages, in citation order
    quoted: frozenset[str] = field(default_factory=frozenset)  # plain text of every quoted unit


def quoted_sentences(answer_text: str) -> frozenset[str]:
    """The sentences and list items a rendered answer quoted, as plain text: the `exclude` of the next answer
    in the same thread."""
    text = answer_text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = re.sub(r"<(?:https?://[^|>]+)\|([^>]+)>", r"\1", text)
    out: set[str] = set()
    for line in text.splitlines():
        line = re.sub(r"\s*\[\d+\]$", "", line.strip())
        if line.startswith("• "):
            out.add(line[2:])
        elif not line.startswith("…"):  # a labelled block's first sentence, with and without "*Label*:"
            out.update(split_sentences(line), split_sentences(re.sub(r"^\*[^*]+\*:?\s+", "", line)))
    return frozenset(" ".join(re.sub(r"[*_`]", "", s).split()) for s in out if s)


def said_keys(said: frozenset[str]) -> frozenset[str]:
    """What an earlier answer quoted (`quoted_sentences`), as `said_before` recognises it."""
    return frozenset(_key(t) for t in said)


def said_before(passage: Passage, keys: frozenset[str]) -> bool:
    """Whether the passage holds a sentence or list item an earlier answer quoted (`said_keys`)."""
    return any(_key(u.text) in keys for u in units(passage.text))


def answers_again(passage: Passage, said: frozenset[str], aspect: TermWeights) -> frozenset[str]:
    """What the last answer quoted that answers a follow-up's new aspect better than anything the passage has not
    quoted yet: "can an admin set it lower than that?" after the threshold k is answered by "k... can never be set
    below 3", which the last answer already said. Said again, it answers; left out, the answer quoted the
    passage's other sentences, about something else. Empty when something new answers the aspect as well."""
    keys = {_key(t) for t in said}
    fresh = max((aspect.coverage(u.text) for u in units(passage.text) if _key(u.text) not in keys), default=0.0)
    return frozenset(t for t in said if aspect.coverage(t) > fresh)


def _lead(ranked: list[Passage], weights: TermWeights, max_units: int, shape: QuestionShape, exclude: set[str],
          follow_up: bool = False, **limits) -> tuple[Passage, list[Unit | int]]:
    """The passage to quote first and its units. With an exclude (a follow-up): what the best passage has that
    was not quoted yet; else another of the top three, if something new in it answers about as well as what
    was quoted before and its section's own questions match as well; else the best passage's core again (the
    last answer already said it)."""
    if exclude:
        best = ranked[0]
        chosen = _select(best, weights, max_units, shape, exclude, strict=True, **limits)
        if chosen:
            return best, chosen
        lay = _Layout(best, set())
        bar = max((_score(u, lay, best, weights, shape) for u in lay.us if _key(u.text) in exclude), default=0.0)
        for p in ranked[1:3]:
            if follow_up and p.question_similarity < best.question_similarity - FOLLOW_UP_QUESTION_SLACK:
                continue  # the best passage's section says it answers this; that one does not
            chosen = _select(p, weights, max_units, shape, exclude, strict=True,
                             least=FOLLOW_UP_BAR * bar if follow_up else 0.0, **limits)
            if chosen:
                return p, chosen
        if not follow_up:  # another part of the same question took the best units: what is left of it
            chosen = _select(best, weights, max_units, shape, exclude, **limits)
            if chosen:
                return best, chosen
            return best, _select(best, weights, max_units, shape, **limits)
        return best, _select(best, weights, FOLLOW_UP_CORE, shape, **(limits | {"min_chars": 0}))
    return ranked[0], _select(ranked[0], weights, max_units, shape, **limits)


NO_FIGURE = "The guides give no figure for this."
NO_FIGURE_NEAREST = "What they say about it:"
# a figure written out ("a one-week sprint", "three months") as well as in digits (FIGURE_CUE)
_SOME = rf"(?:one|{_COUNT}|a\s+few|several|a\s+couple\s+of)"  # a number written out
_TIME_UNITS = r"(?:hours?|days?|weeks?|months?|quarters?|years?|sprints?)"
_AMOUNT = re.compile(FIGURE_CUE.pattern + rf"|\b{_SOME}[\s-]+(?:{_TIME_UNITS}|people|users|teams?|departments?"
                     r"|use\s+cases?|pilots?)\b", re.IGNORECASE)
# "…and how many people should be in it?": a count of people, which "3 to 5 pilot use cases" does not give (a ninth
# first-time user's trial); the figure must count people
_PEOPLE = "people|persons|staff|employees|users|participants|members|testers"  # asked for, and counted
_HOW_MANY_PEOPLE = re.compile(rf"\bhow\s+many\s+(?:\w+\s+)?(?:{_PEOPLE})\b", re.IGNORECASE)
_PEOPLE_COUNT = re.compile(rf"(?:\d+|\b(?:{_SOME}|dozens?|hundreds?))\s*"
                           rf"(?:%\s+of\s+)?(?:[\w-]+\s+){{0,2}}?(?:{_PEOPLE}|colleagues|workers|agents)\b",
                           re.IGNORECASE)

# A length of time or a sum of money, for questions that ask for one: "Step 3" or "3 to 5 use cases" is a figure, but
# not how long a pilot runs or what it costs.
_HOW_LONG = re.compile(r"\bhow\s+long\b|\bhow\s+many\s+(?:weeks|months|days|years|quarters)\b|\b(?:duration"
                       r"|timeline|timeframe)\b", re.IGNORECASE)
# not "weekly": how often, not how long
_DURATION = re.compile(rf"\b(?:\d+|{_SOME}|a|an)[\s-]+{_TIME_UNITS}\b", re.IGNORECASE)
_HOW_MUCH_MONEY = re.compile(r"[$€£¥]|\b(?:budget|cost|costs|spend|price|pay|salary|money|dollars|euros|pounds)\b",
                             re.IGNORECASE)


_AND_ASKS = re.compile(r"\band\s+(?:roughly\s+|also\s+|then\s+)?(?:how|what|when|which|who|why|where)\b", re.IGNORECASE)


def _last_sentence(question: str) -> str:
    return re.split(r"(?<=[.?!])\s+", question.strip())[-1]


def _asks_time_or_money(last: str) -> bool:
    """The question's last sentence asks how long or how much money, and asks nothing else ("what are the phases,
    and roughly how long…?" is a two-part question whose first part has its answer)."""
    money = _HOW_MUCH_MONEY.search(last) and re.search(r"\bhow\s+much\b|[$€£¥]", last)
    return bool((_HOW_LONG.search(last) or money) and not _AND_ASKS.search(last))


def _gives_figure(question: str, quoted: set[str]) -> bool:
    """What is quoted holds the kind of figure the question asks for: a count of people, a length of time, a sum of
    money, or else any figure."""
    counted = (_PEOPLE_COUNT if _HOW_MANY_PEOPLE.search(question) else _DURATION if _HOW_LONG.search(question)
               else MONEY if _HOW_MUCH_MONEY.search(question) else _AMOUNT)
    return any(counted.search(t) for t in quoted)


def compose(ranked: list[Passage], weights: TermWeights, max_units: int, shape: QuestionShape | None = None,
            exclude: frozenset[str] = frozenset(), side_scores: tuple[dict[str, float], ...] = (),
            question: str = "") -> Composed:
    """`side_scores`: for a comparison, each side's rank score of the passages retrieved for that side alone;
    `question`: the question as asked, for the kind of figure it wants."""
    shape = shape or PLAIN
    keys = {_key(t) for t in exclude}
    if shape.kind == "comparison" and len(shape.parts) == 2:
        compared = _compare(ranked, weights, max_units, shape.parts, keys, side_scores)
        if compared is not None:
            return compared
    # a follow-up asking for a figure ("what's a good number?") may get one the last answer quoted in passing:
    # the figure is what it asks for, and leaving it out answered with a lesser one
    said = {k for k in keys if not FIGURE_CUE.search(k)} if shape.kind == "figure" else keys
    best, first = _lead(ranked, weights, max_units, shape, said, follow_up=bool(keys))
    blocks = [_render(first, 1)]
    cited = [best]
    quoted = _quoted(first)
    covered = set().union(*(weights.terms_in(u.text) for u in first if isinstance(u, Unit))) \
        | weights.terms_in(best.breadcrumb)
    missing = set(weights.weights) - covered
    taken = keys | {_key(t) for t in quoted}
    room = MAX_ANSWER_CHARS - sum(len(u.text) for u in first if isinstance(u, Unit))
    close = [p for p in ranked[1:3] if room >= MIN_SECOND_CHARS
             and p.breadcrumb != best.breadcrumb and p.evidence >= best.evidence - SECOND_SOURCE_SLACK]
    limits = {"budget": room, "fit": True}
    extra: list[Unit | int] = []
    for other in close:  # a second passage that covers a part of the question the first one does not
        if missing and weights.coverage(f"{other.breadcrumb}\n{other.text}", within=missing) >= SECOND_SOURCE_GAIN:
            extra = _select(other, weights, 2, shape, taken, **limits)
            if extra:
                break
    if not extra and shape.kind == "figure" and not any(FIGURE_CUE.search(t) for t in quoted):
        # or, when the first passage has no figure, a close one that holds the figure asked for
        for other in close:
            extra = _select(other, weights, 2, shape, taken, **limits)
            if any(FIGURE_CUE.search(t) for t in _quoted(extra)):
                break
            extra = []
    if not extra:  # or a runner-up nearly tied with the best passage: it may be the one that answers
        for other in close:
            if other.evidence >= best.evidence - NEAR_TIE:
                extra = _select(other, weights, 2, shape, taken, **limits)
                if extra and _repeats(extra, quoted, weights):
                    extra = []
                if extra:
                    break
    if extra:
        blocks.append(_render(extra, 2))
        cited.append(other)
        quoted |= _quoted(extra)
        # and the other of the top three when it too is nearly tied with the best: all three may be the answer
        room -= sum(len(u.text) for u in extra if isinstance(u, Unit))
        third = next((p for p in close if p not in cited and p.breadcrumb != other.breadcrumb
                      and p.evidence >= best.evidence - NEAR_TIE), None)
        more = (_select(third, weights, 2, shape, taken | {_key(t) for t in _quoted(extra)}, budget=room, fit=True)
                if third is not None and room >= MIN_SECOND_CHARS else [])
        if more and _repeats(more, quoted, weights):
            more = []
        if more:
            blocks.append(_render(more, 3))
            cited.append(third)
            quoted |= _quoted(more)
    text = "\n\n".join(b for b in blocks if b)
    last = _last_sentence(question)  # what it asks for, not a count the scene before it mentions
    if shape.kind == "figure" and not keys and _asks_time_or_money(last) and not _gives_figure(last, quoted):
        # "how much should we budget per rep?" with no figure in what is quoted: say so before what the guides say
        text = f"{NO_FIGURE} {NO_FIGURE_NEAREST}\n{text}"  # one block with what follows: it introduces it
    return Composed(text, cited, frozenset(quoted))


def _repeats(extra: list[Unit | int], quoted: set[str], weights: TermWeights) -> bool:
    """A near tie's sentences say again what the answer already quotes: most of their words are in it. The guides
    tell one story in several places (the sales forecasting example in the role mapping, the framework and its FAQ),
    and a first-time user read the same example three times in one answer."""
    new = set(weights.analyzer.terms(" ".join(_quoted(extra))))
    said = set(weights.analyzer.terms(" ".join(quoted)))
    return bool(new) and len(new & said) / len(new) >= REPEAT_SHARE


def _compare(ranked: list[Passage], weights: TermWeights, max_units: int, sides: tuple[str, ...],
             exclude: set[str], side_scores: tuple[dict[str, float], ...] = ()) -> Composed | None:
    """One labelled block per side, each from the passage that best covers that side. A sentence that
    already sets both sides against each other is quoted as a plain answer instead; None (the caller answers
    plainly) when a side is in none of the passages."""
    focused = [_Focused(weights, side) for side in sides]
    if not all(f.weights for f in focused):
        return None
    for p in ranked[:3]:
        if any(_CONTRAST.search(u.text) and all(f.coverage(u.text) >= 0.99 for f in focused) for u in units(p.text)):
            return compose([p, *(q for q in ranked if q is not p)], weights, max_units, PLAIN, frozenset(exclude))
    parts = []
    for n, (side, f) in enumerate(zip(sides, focused)):
        # the side's own passages: named in their headings or their first sentence; the section's own heading
        # weighs most (a document's title names the side in every one of its sections). Each is ranked as the side
        # alone ranked it, where it did: a passage the whole question found first was otherwise weighed on that
        # question's lower scale against one found for the side alone ("adoption rate" vs the ops manager's
        # "SLA plus adoption rate").
        own = side_scores[n] if n < len(side_scores) else {}
        scored = sorted(((2 * f.coverage(p.section or p.breadcrumb) + f.coverage(p.text)
                          + own.get(p.chunk_id, p.evidence), i, p)
                         for i, p in enumerate(ranked)
                         if max(f.coverage(p.breadcrumb), f.coverage(p.text.split(".")[0])) >= 0.99), reverse=True)
        if not scored:
            return None
        parts.append((side, [p for _, _, p in scored], f))
    if parts[0][1][0] is parts[1][1][0]:  # one passage is about both: it is the comparison
        p = parts[0][1][0]
        return compose([p, *(q for q in ranked if q is not p)], weights, max_units, PLAIN, frozenset(exclude))
    composed, blocks = _parts(parts, max_units, exclude)
    return composed if blocks == len(sides) else None


def compose_parts(parts: list[tuple[str, list[Passage], TermWeights]], max_units: int,
                  exclude: frozenset[str] = frozenset()) -> Composed:
    """One labelled block per part ("*Label*: text [n]"), each from its own passages; citations are numbered
    across the parts and a passage two parts quote keeps one number. A part that asks for a figure, a reason
    or steps gets them; a unit one part quoted is not quoted again by the next, nor one in `exclude` (what the
    last answer in the thread quoted)."""
    return _parts(parts, max_units, {_key(t) for t in exclude})[0]


def _parts(parts: list[tuple[str, list[Passage], TermWeights]], max_units: int,
           exclude: set[str]) -> tuple[Composed, int]:
    blocks: list[str] = []
    cited: list[Passage] = []
    taken = set(exclude)
    quoted: set[str] = set()
    limits = {"max_chars": MAX_PART_CHARS, "min_chars": MIN_PART_CHARS, "budget": MAX_PART_CHARS, "fit": True}
    for i, (label, ranked, weights) in enumerate(parts):
        if not ranked:
            continue
        shape = shape_of(label)
        shape = shape if shape.kind not in ("comparison", "parts") else PLAIN
        rivals = tuple(w for j, (_, _, w) in enumerate(parts) if j != i)
        passage, chosen = _lead(ranked, weights, min(max_units, 3), shape, taken, rivals=rivals, **limits)
        if not chosen:
            continue
        last_chance = i == len(parts) - 1 and not cited  # an answer keeps at least one quoted, cited block
        if shape.kind == "figure" and not last_chance and not _gives_figure(label, _quoted(chosen)):
            # "…and how long should it run?" with no figure in what retrieval found: say so rather than quote a
            # paragraph under a heading that promises one
            blocks.append(f"{render_label(label[:1].upper() + label[1:])} {NO_FIGURE}")
            continue
        number = next((i for i, p in enumerate(cited, start=1) if p.chunk_id == passage.chunk_id), None)
        asked = set(weights.analyzer.terms(label))
        if number is not None and asked and asked <= set(weights.analyzer.terms(" ".join(quoted))):
            # "…risks, and how do we mitigate them?": the block before already quoted this passage with every word
            # this part asks about (the risks' table has a column of mitigations); a second block said it again
            continue
        if number is None:
            cited.append(passage)
            number = len(cited)
        blocks.append(_render(chosen, number, label[:1].upper() + label[1:]))
        quoted |= _quoted(chosen)
        taken |= {_key(t) for t in _quoted(chosen)}
    return Composed("\n\n".join(blocks), cited, frozenset(quoted)), len(blocks)
