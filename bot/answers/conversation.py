"""Follow-up questions: "and how do we measure that?" borrows the subject of the previous turn.

The follow-up's own words (its new aspect, "how do we measure") come first and only the previous question's
subject ("soft and hard ROI") is borrowed, not its whole text, so the search looks for the new aspect of the same
subject instead of finding the previous answer again. `previously_quoted` lists what the previous answer
already said, so the composer can leave it out.

Hand-written because no library resolves "that" in a two-turn chat offline; the rules are over question shapes
("how do we <verb> …", "what is …") and the analyzer's stop words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.answers.focus import focus
from bot.answers.models import Turn
from bot.answers.question_kinds import shape_of
from bot.retrieval.lexical import TermAnalyzer

_OPENERS = re.compile(r"^\s*(and|also|but|so|then|ok(ay)?|what about|how about|same for|why)\b", re.IGNORECASE)
_REFERENCES = re.compile(r"\b(that|this|it|its|those|these|they|them|their|there|one|ones)\b", re.IGNORECASE)
_SELF_CONTAINED = 4  # an opener ("and", "why") with more subject terms than this and no "that"/"it" starts anew
# Openers to drop from the new aspect ("and how do I measure that?" → "how do I measure that?").
_STRIP_OPENER = re.compile(r"^\s*(?:(?:and|also|but|so|then|ok(?:ay)?|what\s+about|how\s+about|same\s+for)\b[\s,]*)+",
                           re.IGNORECASE)
# The word a reference stands for the previous subject in; "there"/"one" are too vague to replace.
_REPLACEABLE = re.compile(r"\b(that|this|it|those|these|them)\b", re.IGNORECASE)
# "how do we <measure>", "should I <use>", "how to <pick>": the verb is the aspect asked about, not the subject.
_VERB_SLOT = re.compile(r"\b(?:(?:do|does|did|can|could|should|would|will|shall|must)\s+(?:i|we|you|they|it|one|people"
                        r"|managers|teams|my\s+team|our\s+team|the\s+team)|(?:how|way|ways|want|need|have|try|trying"
                        r"|going|able|best|plan|planning)\s+to)\s+(?:best\s+|actually\s+|really\s+|even\s+|still\s+)?"
                        r"([a-z][\w-]*)", re.IGNORECASE)
# "What are the deliverables of …": the part asked about, before the subject it belongs to.
_PART_OF = re.compile(r"^\s*(?:what|which)(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?:the\s+)?(?:[\w-]+\s+){1,3}?(?:of|for)"
                      r"\s+", re.IGNORECASE)
# "What does phase 1 deliver?", "what does the coach store?": a question of this form ends on its verb, unless a
# phrase follows it ("what does a data engineer do in a rollout?" ends on its subject).
_PREPOSITIONS = r"(?:in|on|at|of|for|to|with|from|by|about|during|after|before|under|over|into|per)"
_ENDS_ON_VERB = re.compile(rf"^\s*(?:what|which|who)\s+(?:do|does|did)\s+(?:(?!{_PREPOSITIONS}\b)[\w'-]+\s+)+?"
                           r"([a-z][\w-]*)\s*\?*\s*$", re.IGNORECASE)
_MODAL = re.compile(r"\b(?:do|does|did|can|could|should|would|will|shall|must)\b", re.IGNORECASE)
_NOT_VERBS = frozenset(["i", "we", "you", "they", "the", "a", "an", "it", "this", "that", "our", "my", "your",
                       "their", "be"])
# Words of the question's frame rather than its subject ("what's the difference between X and Y").
_FRAME = frozenset(["difference", "differences", "between", "meaning", "mean", "means", "definition", "define",
                    "defined", "explain", "explained", "example", "examples", "best", "way", "ways", "good", "tell",
                    "know", "exactly", "actually", "really", "please", "vs", "versus", "thing", "things", "kind",
                    "sort", "type"])
_CONNECTORS = frozenset(["and", "or", "of", "&", "+", "vs", "versus"])
# A question made only of these asks for one more thing about the last subject, though it names no "that":
# "what's a good number?", "is there a benchmark?", "any examples?", "what's a realistic target?"
_ASPECT_ONLY = frozenset(["good", "typical", "normal", "realistic", "reasonable", "usual", "average", "healthy",
                          "number", "numbers", "figure", "figures", "target", "targets", "benchmark", "benchmarks",
                          "range", "formula", "example", "examples", "baseline", "threshold", "minimum", "maximum",
                          "value", "score", "rate", "percentage", "level"])
_TOKEN = re.compile(r"[\w'’&+-]+")


def is_follow_up(question: str, analyzer: TermAnalyzer) -> bool:
    content_terms = analyzer.terms(question)
    has_reference = bool(_REFERENCES.search(question))
    words = [w for w in _TOKEN.findall(question.lower()) if analyzer.terms(w)]
    if words and all(w in _ASPECT_ONLY for w in words):
        return True
    if _OPENERS.search(question):
        return len(content_terms) <= _SELF_CONTAINED or has_reference
    return len(content_terms) <= _SELF_CONTAINED and has_reference


def _verb(question: str) -> str | None:
    m = _VERB_SLOT.search(question) or _ENDS_ON_VERB.match(question)
    return m.group(1).lower() if m and m.group(1).lower() not in _NOT_VERBS else None


def subject(question: str, analyzer: TermAnalyzer, keep_aspect: bool = False,
            known: frozenset[str] = frozenset()) -> str:
    """The words of a question that name what it is about: "What's the difference between soft and hard ROI?"
    → "soft and hard ROI"; "How do we measure AI adoption?" → "AI adoption"; "What are the deliverables of
    phase 2?" → "phase 2". With keep_aspect, for a follow-up that asks nothing new of its own ("and how often?",
    "why?"), the asked verb or part stays: "measure AI adoption", "deliverables of phase 2". Words whose terms
    are all in `known` (the follow-up already says them) are left out."""
    verb = None if keep_aspect else _verb(question)
    text = _STRIP_OPENER.sub("", question)
    tokens = _TOKEN.findall(text if keep_aspect else _PART_OF.sub("", text, count=1))

    def kept(token: str) -> bool:
        terms = analyzer.terms(token)
        return (bool(terms) and token.lower() not in _FRAME and token.lower() != verb
                and not _REFERENCES.fullmatch(token) and not (terms and set(terms) <= known))

    keep = [kept(t) for t in tokens]
    for i, token in enumerate(tokens):  # a number belongs to the word before it ("phase 2")
        keep[i] = keep[i] or (token.isdigit() and i > 0 and keep[i - 1])
    words = [t for i, t in enumerate(tokens)
             if keep[i] or (t.lower() in _CONNECTORS and 0 < i < len(tokens) - 1 and keep[i - 1] and keep[i + 1])]
    return " ".join(words)


def per_side(question: str, history: Sequence[Turn], analyzer: TermAnalyzer) -> tuple[str, ...]:
    """A follow-up to a comparison asks its new aspect of each side: "and how do I measure that?" after "soft vs
    hard ROI?" → ("how do I measure soft ROI?", "how do I measure hard ROI?"). Empty when the last question
    compared nothing. A one-word first side shares the second side's head ("soft" → "soft ROI")."""
    if not history or not is_follow_up(question, analyzer):
        return ()
    before = shape_of(focus(history[-1].question).question)
    if before.kind != "comparison" or len(before.parts) != 2:
        return ()
    first, second = before.parts
    if len(first.split()) == 1 and len(second.split()) > 1:
        first = " ".join([first, *second.split()[1:]])
    return tuple(contextualize(question, [Turn(side)], analyzer) for side in (first, second))


def contextualize(question: str, history: Sequence[Turn], analyzer: TermAnalyzer) -> str:
    """The text to search for: the question itself, or its new aspect with the last question's subject
    ("and how do I measure that?" after "soft vs hard ROI?" → "how do I measure soft and hard ROI?")."""
    if not history or not is_follow_up(question, analyzer):
        return question
    previous = contextualize(focus(history[-1].question).question, history[:-1], analyzer)
    aspect = _STRIP_OPENER.sub("", question).strip() or question
    own = frozenset(analyzer.terms(_REFERENCES.sub(" ", aspect)))
    asks_anew = bool(_MODAL.search(aspect)) or len(own) > 1  # "how often?" asks no new part of its own
    borrowed = subject(previous, analyzer, keep_aspect=not asks_anew, known=own)
    if not analyzer.terms(borrowed):
        return question
    if _REPLACEABLE.search(aspect):
        return _REPLACEABLE.sub(lambda _: borrowed, aspect, count=1)
    end = "?" if aspect.rstrip().endswith("?") else ""
    return f"{aspect.rstrip(' ?')} {borrowed}{end}"


def new_aspect(question: str, analyzer: TermAnalyzer) -> str:
    """What a follow-up asks of its own, without the subject it borrows: "and what happens after launch?" →
    "what happens after launch?". Empty when it has fewer than two words of its own beyond what it asks for
    ("what's a good number?", "and how often?", "and how is it calculated?"): such a follow-up asks for more of
    the same, and the section that answered before is still the place to look."""
    aspect = _REFERENCES.sub(" ", _STRIP_OPENER.sub("", question)).strip()
    words = [w for w in _TOKEN.findall(aspect.lower()) if analyzer.terms(w) and w not in _ASPECT_ONLY]
    return " ".join(aspect.split()) if len(words) > 1 else ""


_YES_OR_NO = re.compile(r"^(?:can|could|is|are|was|were|do|does|did|should|will|would|may|must|has|have)\b",
                        re.IGNORECASE)


def asks_yes_or_no(question: str) -> bool:
    """Whether a question wants a yes or a no ("can an admin set it lower than that?"), not something named ("how do
    we know it worked?"): a yes-or-no follow-up checks what was said, so its answer may be a sentence said before."""
    return bool(_YES_OR_NO.match(_STRIP_OPENER.sub("", question)))

