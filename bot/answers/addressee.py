""""You" read as the coach when a question asks what the coach does with what people tell it.

"what do you store about me when I ask you stuff?" is about the coach's own data handling, which its guide answers
("What data the Adoption Coach stores"), but the guide names the coach ("the Adoption Coach stores…", "does the bot
keep my questions?"), and its "you" is the reader: the question sat below every listed question's match and was
declined (a ninth first-time user's trial, 2026-12-06). Only the verbs of keeping, seeing and passing on data, with
the asker's own things after them, turn "you" into the coach: "how do you measure adoption?" keeps its general
"you". So do what the asker tells it ("is what I type to you anonymous?") and what the coach itself does ("can you
run surveys for us?": a tenth trial's two questions about the coach, 2026-12-06).

Hand-written because it is a dozen verbs and a rewrite of two words; no library resolves who "you" is.
"""

from __future__ import annotations

import re

THE_COACH = "the coach"
# the verb after "do you" or "can you" is in its base form
_KEEPS = r"(?:store|keep|save|log|record|remember|retain|collect|see|read|share|pass\s+on|send|know\s+about|do\s+with)"
# ...with the asker's own things just after it ("…about me", "…my questions", "…what I type"): "how do you see
# the role of AI?" asks for a view, not about the coach's data
_MINE = r"(?=\s+(?:\w+\s+){0,2}?(?:me|my|mine|(?:what|everything|anything|all)\s+i)\b)"
# "do you store…", "what do you keep…": the auxiliary agrees with "the coach"
_DO_YOU = re.compile(rf"\bdo\s+(?:you|u)\s+(?=(?:\w+\s+)?{_KEEPS}\b{_MINE})", re.IGNORECASE)
# "can you see…", "will you share…", "did you save…"
_MODAL_YOU = re.compile(rf"\b(can|could|will|would|did)\s+(?:you|u)\s+(?=(?:\w+\s+)?{_KEEPS}\b{_MINE})",
                        re.IGNORECASE)
# reaching the coach directly ("can we dm you…", "could i message u…")
_REACH = r"message|dm|talk\s+to|chat\s+(?:to|with)"
# "…when I ask you stuff", "what I tell you"
_TO_YOU = re.compile(r"\b(ask|asked|tell|told|type\s+to|typed\s+to|say\s+to|write\s+to|send|sent|give|gave"
                     rf"|share\s+with|{_REACH})\s+(?:you|u)\b", re.IGNORECASE)
# "is what I type to you anonymous?": what the asker gives the coach, asked about without a verb of keeping
_WHAT_I_TELL = re.compile(r"\b(?:what|everything|anything|stuff|whatever)\s+i\s+(?:type|typed|ask|asked|tell|told|say"
                          r"|write|send|sent|share)\s+(?:to\s+|with\s+)?(?:you|u)\b", re.IGNORECASE)
# "can you run surveys for us?", "could u remind my managers…": what the coach itself does (its features: surveys,
# nudges, reminders, audits); a request for work ("can you write…") is declined before the search
# ("what can you do?" is left as it is: the coach's own guide lists it so)
_CAN_YOU = re.compile(r"\b(can|could|will)\s+(?:you|u)\s+(?=(?:actually\s+|also\s+|even\s+|like\s+)?"
                      r"(?:run|send|schedule|remind|post|nudge|track|survey|audit|set\s+up)\b)", re.IGNORECASE)

# "can i ask you things without it showing up in the channel?": where and how privately to ask the coach, which its
# guide answers (a helper's blind set, tests/qa/fresh9_dev.yaml, 2026-12-07); "can i ask you for an example OKR?"
# asks for an answer, and keeps its "you"
_ASK_YOU = re.compile(rf"\b(?:can|could|may|should|do)\s+(?:i|we)\s+(?:ask|tell|{_REACH})\s+(?:you|u)\b"
                      r"(?=.{0,80}\b(?:without|privately|private|directly|dms?|channels?|threads?|instead"
                      r"|anonymous(?:ly)?|seeing|see)\b)", re.IGNORECASE)

# "what are you NOT for?", "what can't you help with?": what the coach will not do, which its guide lists (a helper's
# blind set, tests/qa/declines_fresh6_dev.yaml); "what can you do?" is left as it is, in its guide's own words
_NOT_FOR = re.compile(r"\b(are|aren'?t)\s+(?:you|u)\s+(?=(?:not\s+)?for\b)", re.IGNORECASE)
_CANNOT = re.compile(r"\b(can'?t|cannot|won'?t|will\s+not)\s+(?:you|u)\s+(?=(?:do|help|answer|cover|handle)\b)",
                     re.IGNORECASE)
# "will you just make something up?", "do you guess?": whether the coach invents answers, which its guide answers
# (a helper's blind set, tests/qa/fresh10_dev.yaml)
INVENTS = r"(?:make\s+(?:\w+\s+)?up(?!\s+for)|guess|invent|bluff|hallucinate)\b"  # also read by bot.answers.specifics
_GUESS = rf"(?:just\s+|simply\s+|ever\s+)?{INVENTS}"
_GUESS_YOU = re.compile(rf"\b(do|does|will|would|can|could|did)\s+(?:you|u)\s+(?={_GUESS})", re.IGNORECASE)


def as_the_coach(text: str) -> str:
    """`text` with "you" as the coach where the question asks what the coach keeps, sees or passes on, what becomes
    of what the asker tells it, or what the coach itself does; any other text as it was."""
    if not (_DO_YOU.search(text) or _MODAL_YOU.search(text) or _WHAT_I_TELL.search(text) or _CAN_YOU.search(text)
            or _ASK_YOU.search(text) or _NOT_FOR.search(text) or _CANNOT.search(text) or _GUESS_YOU.search(text)):
        return text
    text = _NOT_FOR.sub(lambda m: ("is " if m.group(1).lower() == "are" else "isn't ") + f"{THE_COACH} ", text)
    text = _CANNOT.sub(lambda m: f"{m.group(1)} {THE_COACH} ", text)
    text = _DO_YOU.sub(f"does {THE_COACH} ", text)
    text = _MODAL_YOU.sub(lambda m: f"{m.group(1)} {THE_COACH} ", text)
    text = _CAN_YOU.sub(lambda m: f"{m.group(1)} {THE_COACH} ", text)
    text = _GUESS_YOU.sub(lambda m: ("does" if m.group(1).lower() == "do" else m.group(1)) + f" {THE_COACH} ", text)
    return _TO_YOU.sub(lambda m: f"{m.group(1)} {THE_COACH}", text)
