"""Two kinds of question the guides cannot answer however close their words come: predictions about the years
ahead ("will AI agents have replaced our helpdesk by 2028?", "will AI replace my job?") and legal questions ("are
contracts drafted by AI legally binding?", "does the AI Act make us label AI text?"). Both name AI and its tools,
so they sit close in meaning to the guides and the scope guard's examples do not catch them; the adoption guides
have no forecasts and give no legal advice, and they name one law only where they say it matters (GDPR and CCPA
for data in AI OKRs), which stays answerable.

Hand-written because no library tells these apart offline without a model: rules over a long time horizon, a
question of legality, and the name of a law the evidence does not mention.
"""

from __future__ import annotations

import re

from bot.answers.focus import is_question, sentences

# a range too ("in the next 2-3 yrs", "within 3 to 5 years")
_NUMBER = (r"(?:\d+(?:\s*(?:-|–|to|or)\s*\d+)?|a\s+few|a\s+couple\s+of|two|three|four|five|six|seven|eight|nine|ten"
           r"|fifteen|twenty|fifty)")
# A horizon of years: "by 2028", "over the next ten years", "in 5 years' time", "within 5 yrs", "the next decade".
_YEARS = r"(?:years?|yrs?|decades?)"
_HORIZON = re.compile(rf"\b(?:by|before|until|in)\s+20\d\d\b"
                      rf"|\b(?:over|in|within|during)\s+the\s+(?:next|coming)\s+{_NUMBER}\s+{_YEARS}\b"
                      rf"|\b(?:in|within)\s+{_NUMBER}\s+{_YEARS}(?:'?\s*time)?\b|\b(?:next|coming)\s+decade\b",
                      re.IGNORECASE)
# One's own job ahead: "will AI replace my job?", "am I going to lose my job to copilot?"
_OWN_JOB = re.compile(r"\b(?:replace|take\s+over|eliminate|automate\s+away)\s+(?:my|our|your)\s+"
                      r"(?:jobs?|roles?|positions?)\b"
                      r"|\b(?:lose|losing)\s+(?:my|our)\s+(?:jobs?|roles?|positions?)\b"
                      # "will the ministry cut our headcount in the next budget because of AI?"
                      r"|\b(?:cut|cuts|cutting|reduce|reducing|slash|slashing)\s+(?:my|our)\s+(?:headcount|jobs?|roles?"
                      r"|posts?|staff|team)\b|\blay(?:ing)?\s+(?:me|us)\s+off\b"
                      r"|\bmake\s+(?:me|us|my\s+(?:job|role|position))\s+redundant\b", re.IGNORECASE)
# ...asked as the question itself ("will AI replace my job?"), not a worry reported before a how-to ("staff fear AI
# will replace our jobs, how do we address that?")
_ASKS_AHEAD = re.compile(r"^\W*(?:(?:honestly|seriously|so|but|and|ok|okay|be\s+honest)\W+)*"
                         r"(?:will|won'?t|is|are|am)\b", re.IGNORECASE)
# the bot asked for its own forecast of a time ahead ("do you think microsoft will make copilot free next year?"); not
# "do you think the pilot will work if we keep the old bonus plan?", which the incentive guides answer
_THINK_AHEAD = re.compile(r"\b(?:do|would)\s+(?:you|u)\s+(?:think|reckon|expect|predict|believe)\b.{0,80}"
                          r"\b(?:will|won'?t|gonna|going\s+to)\b.{0,80}\b(?:next|this)\s+(?:year|decade)\b"
                          r"|\b(?:do|would)\s+(?:you|u)\s+(?:think|reckon|expect|predict|believe)\b.{0,80}"
                          r"\b(?:will|won'?t|gonna|going\s+to)\b.{0,80}\b(?:ever|eventually|one\s+day|someday)\b",
                          re.IGNORECASE)
_FUTURE = re.compile(r"\b(?:will|won'?t|going\s+to|gonna|likely\s+to|expected\s+to)\b|'ll\b", re.IGNORECASE)
# Legality asked about ("the legal team" is a department, not a question of law).
_LEGALITY = re.compile(r"\blegally\b|\b(?:illegal|unlawful|lawful)\b|\b(?:is|are|be|was|it'?s)\s+(?:\w+\s+)?legal\b"
                       r"|\blegal\s+(?:advice|requirements?|obligations?)\b|\bliab(?:le|ility)\b"
                       r"|\bbinding\s+(?:contracts?|agreements?|in\s+court)\b|\bsu(?:e|ed|ing)\b|\blawsuits?\b"
                       r"|\bcopyright"
                       # "…or does the law still want a person doing the count?"
                       r"|\bthe\s+law\s+(?:still\s+|actually\s+)?(?:wants?|requires?|says?|allows?|lets?|permits?)\b",
                       re.IGNORECASE)
_LAW = re.compile(r"\b(?:ai\s+act|gdpr|ccpa|hipaa|works\s+councils?|eeoc|dsgvo|nis\s?2|sarbanes|sox"
                  # tax rules ("the current VAT registration threshold"): no guide names one
                  r"|vat|gst|sales\s+tax|income\s+tax|corporation\s+tax|payroll\s+tax"
                  r"|tax\s+(?:rules?|codes?|thresholds?)|taxed|taxable|benefits?\s+in\s+kind"
                  r"|(?:labou?r|employment|privacy|data\s+protection|german|french|dutch|spanish|italian|eu|european"
                  r"|us|uk|british|state|federal|national|local)\s+laws?)\b", re.IGNORECASE)


def _key(name: str) -> str:
    return " ".join(name.lower().split()).rstrip("s")


def forecast(message: str) -> bool:
    """A question about what will happen over years ahead (a plan stated in the scene, "we will roll it out to
    everyone by 2027.", is not one)."""
    return any(is_question(s) and (_THINK_AHEAD.search(s) or _FUTURE.search(s)
                                   and (_HORIZON.search(s) or _OWN_JOB.search(s) and _ASKS_AHEAD.match(s)))
               for s in sentences(message))


def legal_question(message: str, evidence: str) -> bool:
    """A question of legality, or one about a law that the evidence (the passages it would be answered from)
    does not name. Read in the message's question sentences whole: "Under the EU AI Act, is that high-risk, and what
    must we document?" names its law before the clause that asks."""
    asked = " ".join(s for s in sentences(message, clauses=False) if is_question(s)) or message
    if _LEGALITY.search(asked):
        return True
    named = {_key(m.group(0)) for m in _LAW.finditer(asked)}
    known = {_key(m.group(0)) for m in _LAW.finditer(evidence)}
    return bool(named - known)
