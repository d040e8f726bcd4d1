"""Which units of one passage to quote, and how they render: the selection under bot.answers.extractive.

A unit (sentence, list item, table row) is scored by the question's words and its meaning, plus a bonus when it
carries what the question's shape asks for; a list comes whole with its introduction (a long one ends with
"…and N more in the source"), and a sentence announcing something that is not quoted is never quoted.
"""

from __future__ import annotations

import re

from bot.answers.evidence import Passage, TermWeights
from bot.answers.question_kinds import FIGURE_CUE, RANGE_CUE, REASON_CUE, QuestionShape
from bot.answers.text import addressed_to_ai, escape_mrkdwn, to_mrkdwn
from bot.ingest.units import Unit, plain, units

MIN_CHARS = 500  # an answer shorter than this reads on in the passage (320 -> 500: fact hit rate 0.765 -> 0.786 on the
# curated and dev sets; 550 and 650 gained nothing more)
MAX_CHARS = 900
MAX_LIST_CHARS = 1500  # a quoted list may take the answer this far; beyond it the list ends with "…and N more"
MAX_LIST_ITEMS = 12
MIN_LIST_ITEMS = 3  # kept from any list whatever the budget: a list of three is never cut to two
# Up to this many sentences between two quoted ones are quoted too (bot.answers.selection._fill_gaps). On the
# tuning sets 1 changed nothing, 2 raised the fact hit rate from 0.860 to 0.873, 3 no further.
GAP_FILL = 2
SHAPE_BONUS = 0.15  # added to a unit's relevance when it carries what the question's shape asks for
PLAIN = QuestionShape("plain")
# Hand-written cues: no library tags announcements in a sentence without a model.
_COUNT = r"(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# "That metric…", "This is why…", "These gains…": a sentence that opens by pointing at the one before it
_POINTS_BACK = re.compile(r"^(?:that|this|these|those|such)\b(?!\s+(?:is\s+)?(?:how|what|why|where|when)\b)",
                          re.IGNORECASE)
# "The six implementation phases…", "its three stages": a count of things the text goes on to name
_COUNTED = re.compile(rf"\b{_COUNT}\s+(?:[\w-]+\s+)?[\w-]+s\b", re.IGNORECASE)
# "…produced three lessons learned." / "Each phase below…" / "…as follows:": a sentence that announces
# what comes next, and says little when what it announces is not quoted with it. (A "below" late in a long
# sentence only points on from content worth quoting: "…stored without your name, as explained below.")
_ANNOUNCES = re.compile(
    r":\s*$|\b(?:the following|as follows|next section|described next)\b|"
    r"^.{0,60}\bbelow\b(?!\s+(?:\d|one|the|a|an|that|this|zero|average|target|threshold|what))|"
    rf"\b(?:has|have|had|produced?|produces|includes?|involves?|uses|falls? into|consists? of|comprises?|needs?|"
    rf"covers?|are|is)\s+(?:the\s+following\s+)?{_COUNT}\s+(?:[\w-]+\s+){{0,2}}[\w-]+s(?:\s+learned)?[.!]?$",
    re.IGNORECASE)


# "Example: a support team would write…", "Worked example (hypothetical numbers): …"
_EXAMPLE = re.compile(r"^(?:(?:a\s+)?(?:worked\s+)?example\b|for\s+(?:example|instance)\b|e\.g\.)", re.IGNORECASE)
_GUIDANCE = re.compile(r"^.{0,80}\bpractical guidance\b", re.IGNORECASE)


def _key(text: str) -> str:
    """How a quoted unit is recognised again: plain text, no emphasis marks, spacing and case normalised."""
    return " ".join(re.sub(r"[*_`]", "", plain(text)).lower().split())


class _Focused(TermWeights):
    """The question's term weights narrowed to one side of a comparison ("hard ROI" of "hard vs soft ROI")."""

    def __init__(self, base: TermWeights, text: str):
        self.analyzer = base.analyzer
        top = max(base.weights.values(), default=1.0)
        self.weights = {t: base.weights.get(t, top) for t in dict.fromkeys(base.analyzer.terms(text))}
        self.total = sum(self.weights.values())


class _Layout:
    """A passage's units and its lists: each list run (items or rows in a row) with the sentence before it."""

    def __init__(self, passage: Passage, exclude: set[str]):
        self.us = units(passage.text)
        self.run: dict[int, list[int]] = {}  # item position -> every item position of its list
        self.intro_of: dict[int, int] = {}  # item position -> its introducing sentence
        self.items_of: dict[int, list[int]] = {}  # introducing sentence -> its items
        for u in self.us:
            if u.kind == "sentence" or u.position in self.run:
                continue
            items = [u.position]
            # a table and a list after it are two runs: a section that sets its table out again as a list says
            # each row twice, and a block quotes one of them
            while items[-1] + 1 < len(self.us) and self.us[items[-1] + 1].kind == u.kind:
                items.append(items[-1] + 1)
            self.run.update(dict.fromkeys(items, items))
            if u.position and self.us[u.position - 1].kind == "sentence":  # the sentence right before a list
                self.items_of[u.position - 1] = items  # introduces it
                self.intro_of.update(dict.fromkeys(items, u.position - 1))
        self.excluded = {u.position for u in self.us if _key(u.text) in exclude}
        self.quotable = {u.position for u in self.us if not addressed_to_ai(u.text) and not self.dangling(u)}
        self.candidates = [u for u in self.us if u.position in self.quotable and u.position not in self.excluded]

    def dangling(self, u: Unit) -> bool:
        """A sentence announcing a list or a section that this passage does not hold."""
        return u.kind == "sentence" and u.position not in self.items_of and bool(_ANNOUNCES.search(u.text))


class _Pick:
    """Units chosen from one passage; a list counts once, and comes whole with its introduction.

    `budget` bounds the characters a list may take the block to (a longer list is cut there, never below
    MIN_LIST_ITEMS, and says how many items it left out); with `fit`, a list or table that would pass it is
    left out whole instead, unless nothing has been chosen yet. A block quotes one list, or two of a kind when both
    fit within MAX_CHARS.
    """

    def __init__(self, layout: _Layout, budget: int, fit: bool = False):
        self.layout = layout
        self.budget = budget
        self.fit = fit
        self.chosen: dict[int, Unit] = {}
        self.more: dict[int, int] = {}  # last quoted item of a list -> how many items were left out

    @property
    def count(self) -> int:
        runs = {self.layout.run[p][0] for p in self.chosen if p in self.layout.run}
        intros = {self.layout.intro_of[r] for r in runs if r in self.layout.intro_of}
        return len(runs) + sum(1 for p, u in self.chosen.items() if u.kind == "sentence" and p not in intros)

    @property
    def chars(self) -> int:
        return sum(len(u.text) for u in self.chosen.values())

    def _ok(self, p: int) -> bool:
        return p in self.layout.quotable and p not in self.layout.excluded and p not in self.chosen

    def add(self, u: Unit, force: bool = False) -> None:
        lay = self.layout
        if not self._ok(u.position):
            return
        if u.kind == "row":  # a table is looked up: a row comes with the sentence introducing the table
            if any(p in lay.run and lay.run[p] is not lay.run[u.position] for p in self.chosen):
                return  # one list or table per block
            intro = lay.intro_of.get(u.position)
            if intro is not None and self._ok(intro):
                self.chosen[intro] = lay.us[intro]
            rows = lay.run[u.position]
            # a table of three rows is read whole, like a list of three ("The three KPIs split into two kinds of
            # return:" followed by one of them reads as a cut list)
            for p in rows if len(rows) <= MIN_LIST_ITEMS else [u.position]:
                if self._ok(p):
                    self.chosen[p] = lay.us[p]
            return
        items = lay.items_of.get(u.position) if u.kind == "sentence" else lay.run[u.position]
        if items is None:
            if not (self.fit and self.chosen and self.chars + len(u.text) > self.budget):
                self.chosen[u.position] = u
            return
        intro = u.position if u.kind == "sentence" else lay.intro_of.get(u.position)
        intro = intro if intro is not None and self._ok(intro) else None
        if intro is None and u.kind == "sentence":
            return
        again = any(p in self.chosen for p in items)  # its list is quoted already (cut to fit, perhaps)
        items = [p for p in items if self._ok(p)]
        size = sum(len(lay.us[p].text) for p in items) + (len(lay.us[intro].text) if intro is not None else 0)
        too_long = self.fit and not force and self.chars + size > self.budget
        if self.chosen and (too_long or again or not self._second_list_fits(items, size)):
            if u.kind == "sentence" and not _ANNOUNCES.search(u.text) and not (self.fit and too_long):
                self.chosen[u.position] = u  # a statement that happens to precede a list still says something
            return
        if intro is not None:
            self.chosen[intro] = lay.us[intro]
        if not self._add_items(items, must=u.position) and intro == u.position:
            del self.chosen[intro]  # an introduction without any of its items says nothing

    def _second_list_fits(self, items: list[int], size: int) -> bool:
        """One list per block, unless a second list of the same kind fits within a block's length ("GDPR is…; CCPA
        is…", then the practical guidance list the question asks for). A list after a table says its rows again."""
        lay = self.layout
        kinds = {lay.us[p].kind for p in self.chosen if p in lay.run}
        return not kinds or (bool(items) and kinds == {lay.us[items[0]].kind} and self.chars + size <= MAX_CHARS)

    def _add_items(self, items: list[int], must: int) -> int:
        room = max(self.budget - self.chars, 0)
        kept, left = [], 0
        for p in items:
            size = len(self.layout.us[p].text)
            if p == must or len(kept) < MIN_LIST_ITEMS or (len(kept) < MAX_LIST_ITEMS and size <= room):
                kept.append(p)
                room -= size
            else:
                left += 1
        if 0 < left < 3:  # cutting one or two items saves little and loses the list's end: keep them
            kept, left = items, 0
        for p in kept:
            self.chosen[p] = self.layout.us[p]
        if left and kept:
            self.more[max(kept)] = left
        return len(kept)

    def ordered(self) -> list[Unit | int]:
        """Chosen units in order; an int after a list's last quoted item counts the items left out."""
        return [x for p in sorted(self.chosen) for x in (self.chosen[p], self.more.get(p)) if x is not None]


def relevance(u: Unit, passage: Passage, weights: TermWeights) -> float:
    """How much a sentence answers the question: its words, and its meaning when its vector is stored.

    Unit similarity to a question is ~0.6+ for the sentence that answers it and ~0.2 for unrelated ones.
    """
    lexical = weights.coverage(u.text)
    sim = passage.unit_similarity.get(u.position)
    if sim is None:
        return lexical
    return 0.5 * lexical + 0.5 * min(max((sim - 0.25) / 0.4, 0.0), 1.0)


def _score(u: Unit, lay: _Layout, passage: Passage, weights: TermWeights, shape: QuestionShape) -> float:
    """Relevance, plus a bonus when the unit carries what the question's shape asks for: a figure (more for a
    range or a percentage), a reason, or steps (a list item or a list's introduction)."""
    text, bonus = plain(u.text), 0.0
    if shape.kind == "figure" and FIGURE_CUE.search(text):
        bonus = SHAPE_BONUS * (1.5 if RANGE_CUE.search(text) else 1.0)
    elif shape.kind == "why" and REASON_CUE.search(text) or shape.kind == "steps" and (
            u.kind == "bullet" or u.position in lay.items_of and lay.us[lay.items_of[u.position][0]].kind == "bullet"):
        bonus = SHAPE_BONUS
    return relevance(u, passage, weights) + bonus


def _select(passage: Passage, weights: TermWeights, max_units: int, shape: QuestionShape = PLAIN,
            exclude: set[str] | None = None, max_chars: int = MAX_CHARS, min_chars: int = MIN_CHARS,
            budget: int = MAX_LIST_CHARS, fit: bool = False, strict: bool = False,
            rivals: tuple[TermWeights, ...] = (), least: float = 0.0) -> list[Unit | int]:
    """The units to quote from one passage; empty when nothing new in it is relevant. `strict` (with an
    exclude) also gives up when what is left is much weaker than what was quoted before. A unit that says more
    about one of the `rivals` (the other parts of a question) than about this one is left to that part."""
    lay = _Layout(passage, exclude or set())
    mine = [u for u in lay.candidates if not any(_matched(r, u.text) > _matched(weights, u.text) for r in rivals)]
    us = mine or lay.candidates
    if not us:
        return []
    score = {u.position: _score(u, lay, passage, weights, shape) for u in us}
    best = max(score.values())
    if best < least:
        return []
    if strict and lay.excluded:
        quoted_before = max((_score(u, lay, passage, weights, shape) for u in lay.us if u.position in lay.excluded),
                            default=0.0)
        if best < max(0.15, 0.5 * quoted_before):
            return []
    pick = _Pick(lay, budget, fit)
    side = isinstance(weights, _Focused)
    if shape.kind == "steps":  # what to do: the guide's own "Practical guidance:" list is the block's list
        guide = next((u for u in us if u.position in lay.items_of and _GUIDANCE.match(plain(u.text))), None)
        if guide is not None:
            pick.add(guide, force=True)
    if not side or weights.coverage(us[0].text):  # one side's block: only about it
        pick.add(us[0])
    # the best unit always passes: when every unit scores under 0.15 (a message in its own words: "nearly pasted
    # someone's salary line"), the passage was read in order and its best sentence, further down, left out
    floor, topic = min(max(0.15, 0.5 * best), best), score[us[0].position] if us[0].position in pick.chosen else 0.0
    for u in sorted(us, key=lambda u: -score[u.position]):
        if pick.count >= max_units or pick.chars > max_chars or score[u.position] < floor:
            break
        # the answer's best unit comes, with its whole list if it has one (a comparison's side stays short)
        pick.add(u, force=not side and topic < score[u.position] == best)
    for i, u in enumerate(us):  # too short to stand alone: continue reading the passage in order
        if pick.chars >= min_chars or pick.count >= max_units:
            break
        if _EXAMPLE.match(plain(u.text)) and any(v.kind == "sentence" and v.position not in pick.chosen
                                                 for v in us[i + 1:]):
            continue  # an example is quoted when it scores, not on the way to what follows it
        pick.add(u)
    if not side:
        _fill_gaps(pick, max_chars)
    _name_the_count(pick)
    _keep_antecedents(pick)
    _finish_the_guidance(pick)
    return pick.ordered()


def _keep_antecedents(pick: _Pick) -> None:
    """A quoted sentence that opens by pointing back ("That metric rewards analysts…", "This is why…") comes with
    the sentence before it, which says what it points at; quoted alone it starts mid-thought."""
    lay = pick.layout
    for p, u in sorted(pick.chosen.items()):
        before = p - 1
        if (u.kind == "sentence" and _POINTS_BACK.match(plain(u.text)) and before >= 0
                and lay.us[before].kind == "sentence" and pick._ok(before)):
            pick.chosen[before] = lay.us[before]


def _finish_the_guidance(pick: _Pick) -> None:
    """A quoted "Practical guidance:" sentence comes with the rest of its paragraph ("…treat a team prompt library as
    a deliverable. Name its author in team updates and count it as a contribution in reviews."): the advice is one
    thought, and its second sentence is often the answer. Beyond any budget: such a paragraph is two or three
    sentences."""
    lay = pick.layout
    for p, u in sorted(pick.chosen.items()):
        if u.kind != "sentence" or not _GUIDANCE.match(plain(u.text)):
            continue
        nxt = p + 1
        while nxt < len(lay.us) and lay.us[nxt].kind == "sentence" and not lay.us[nxt].lead and pick._ok(nxt):
            pick.chosen[nxt] = lay.us[nxt]
            nxt += 1


def _name_the_count(pick: _Pick) -> None:
    """A quoted sentence that counts things ("The six implementation phases move an AI program…") is followed by
    the next sentence when that one names them in a row ("The order is: assess needs…, design…, select…"): the
    count without its names does not answer "what are the phases?". Beyond any budget: it is one sentence."""
    lay = pick.layout
    for p, u in sorted(pick.chosen.items()):
        nxt = p + 1
        if (u.kind == "sentence" and _COUNTED.search(u.text) and nxt < len(lay.us) and lay.us[nxt].kind == "sentence"
                and lay.us[nxt].text.count(",") >= 3 and pick._ok(nxt)):
            pick.chosen[nxt] = lay.us[nxt]


def _fill_gaps(pick: _Pick, max_chars: int) -> None:
    """Sentences between two quoted units, at most GAP_FILL of them, are quoted too while the block stays under
    max_chars, beyond the block's count of units: a paragraph read with a hole in it loses the step between its
    sentences, often the point itself ("…the old way of working remains available. [Once employees have a choice,
    incentives decide. AI raises optionality, not obligation.] Practical guidance: …")."""
    lay = pick.layout
    chosen = sorted(pick.chosen)  # a list's last item and the sentence after the next one have a hole between too
    for a, b in zip(chosen, chosen[1:]):
        gap = range(a + 1, b)
        if 0 < len(gap) <= GAP_FILL and all(lay.us[g].kind == "sentence" and pick._ok(g) for g in gap):
            if pick.chars + sum(len(lay.us[g].text) for g in gap) <= max_chars:
                pick.chosen.update({g: lay.us[g] for g in gap})


def _render(selected: list[Unit | int], number: int, label: str | None = None) -> str:
    lines: list[str] = []
    paragraph: list[str] = []
    for u in selected:
        if isinstance(u, Unit) and u.kind == "sentence":
            paragraph.append(to_mrkdwn(u.text))
            continue
        if paragraph:
            lines.append(" ".join(paragraph))
            paragraph = []
        lines.append(f"…and {u} more in the source" if isinstance(u, int) else f"• {to_mrkdwn(u.text)}")
    if paragraph:
        lines.append(" ".join(paragraph))
    if not lines:
        return ""
    lines[-1] = f"{lines[-1]} [{number}]"
    if label:
        head = render_label(label)
        lines = [head, *lines] if lines[0].startswith("• ") else [f"{head} {lines[0]}", *lines[1:]]
    return "\n".join(lines)


def render_label(label: str) -> str:
    """A part's or a side's label as its block begins it: "*How long does it take?*", "*Hard ROI*:"."""
    head = f"*{escape_mrkdwn(label.replace('*', '').strip())}*"
    return head if head.endswith("?*") else f"{head}:"


# what render_label writes, read back at the start of a block (bot.evaluation.qa.lead)
LABEL = re.compile(r"^\*[^*\n]+(?:\?\*|\*:)")


def _matched(weights: TermWeights, text: str) -> float:
    return sum(weights.weights[t] for t in weights.terms_in(text))


def _quoted(selected: list[Unit | int]) -> set[str]:
    return {" ".join(plain(u.text).split()) for u in selected if isinstance(u, Unit)}
