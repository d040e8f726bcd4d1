"""Questions about the asker's own pay or career ("should I ask for a raise now that I use AI every day?", "should
I learn prompt engineering or python to get promoted faster?") and HR administration (leave, expenses, payslips,
appealing a rating). They name AI and work, so they sit close in meaning to the incentive guides and retrieval
scores them as answerable, but the guides design incentives for teams and roles; what one person is or should be
paid, how they should build their career and HR's own processes are for their manager and HR.

Hand-written because no library tells a question about one's own pay from one about incentive design offline: a
pay word ("a raise", "salary", "paid extra") in a question sentence that speaks of the asker (I, my, we, our).
"Raise" counts only as a noun ("a raise", "my raise"): "how do I raise adoption?" is a how-to question. Bonus
weighting and promotion criteria are incentive levers the guides cover, so "bonus" and "promotion" are not pay
words here; getting promoted oneself, a career change, a new job or which course to take are career words.
"""

from __future__ import annotations

import re

from bot.answers.focus import focus, is_question, sentences

_PAY = re.compile(r"\b(?:a|my|our|the\s+next)\s+(?:pay\s+)?raise\b|\bpay\s*rises?\b"
                  r"|\bpay\s+(?:increase|review|grade)s?\b"
                  r"|\bsalar(?:y|ies)\b|\bunderpaid\b|\boverpaid\b|\b(?:get|getting|be|being)\s+paid\b"
                  r"|\bpaid\s+(?:more|extra|less)\b|\bmore\s+money\b|\bcompensat(?:ed|ion)\s+for\s+(?:me|my)\b",
                  re.IGNORECASE)
# "more money, less variety. would you take it?": asked in the asker's shoes, about the asker's own choice
_WOULD_YOU_TAKE = r"\bwould\s+you\s+(?:take|accept|turn\s+down)\s+"
_IN_MY_SHOES = rf"|{_WOULD_YOU_TAKE}(?:it|this|that|the\s+(?:job|offer|role|post))\b"
_SELF = re.compile(r"\b(?:i|i'm|im|i've|ive|me|my|we|our|us)\b" + _IN_MY_SHOES, re.IGNORECASE)
# "my promotion case depends on what?" asks what the role is judged on, which the guides answer: not a career word
_CAREER = re.compile(r"\bget(?:ting)?\s+promoted\b|\bmy\s+career\b|\bbe(?:ing)?\s+promoted\b"
                     r"|\b(?:quit|quitting|resign|resigning)\b|\bhand(?:ing)?\s+in\s+my\s+notice\b"
                     r"|\b(?:up\s+for|in\s+line\s+for|get|getting|earn|deserve)\s+(?:a\s+|my\s+)?promotion\b"
                     r"|\bcareer\s+(?:change|path|move|switch|advice|prospects)\b|\b(?:change|switch)\s+careers?\b"
                     r"|\b(?:a|another|different|new)\s+job\b|\bjob\s+(?:offer|hunt(?:ing)?|search|interview)s?\b"
                     r"|\b(?:been|got|was|were)\s+offered\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
                     r"(?:role|job|position|post)\b"
                     # "thinking of selling my bakery franchise and becoming an AI consultant": a new working life
                     r"|\bsell(?:ing)?\s+my\s+(?:[\w-]+\s+){0,2}?(?:business|franchise|shop|company|practice|firm)\b"
                     r"|\b(?:becom(?:e|ing)|retrain(?:ing)?\s+as)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?"
                     r"(?:consultant|freelancer|contractor)\b|\b(?:go|going|went)\s+freelance\b"
                     r"|\bstart(?:ing)?\s+my\s+own\s+(?:business|company|consultancy|firm)\b"
                     rf"|{_WOULD_YOU_TAKE}the\s+(?:job|offer|role|post)\b"
                     r"|\bupskill(?:ing)?\s+myself\b|\bwhich\s+(?:course|certificate|certification|degree|bootcamp)\b",
                     re.IGNORECASE)
_ME = re.compile(r"\b(?:i|i'm|im|i've|ive|me|my)\b" + _IN_MY_SHOES, re.IGNORECASE)


# Leave, expenses, payslips, a rating appeal, a role's pay band: HR's own processes, asked about whoever asks
# ("what's the parental leave policy for contractors?"). "Time off" and "days off" are not here: "how much time
# should staff get to learn the tool?" is a training question the guides answer.
_HR_ADMIN = re.compile(r"\bsick\s+(?:leave|days?|pay)\b|\b(?:annual|parental|maternity|paternity|holiday|unpaid"
                       r"|compassionate)\s+leave\b|\bvacation\s+days?\b|\bleave\s+polic(?:y|ies)\b"
                       # "i've got 9 days holiday left and can't carry any over"
                       r"|\bdays?\s+(?:of\s+)?(?:holiday|vacation|pto|annual\s+leave)\b"
                       r"|\bcarry\s+(?:any|them|those|some|(?:(?:my|the|our|unused|remaining)\s+){1,2}"
                       r"(?:days?|leave|holidays?))\s+over\b"
                       r"|\bexpenses?\s+(?:claims?|reports?|polic(?:y|ies)|portal|form)\b"
                       r"|\bclaim\s+(?:my\s+)?expenses\b"
                       r"|\btravel\s+(?:expense|polic(?:y|ies))\b|\bpay\s*slips?\b"
                       r"|\bappeal\s+(?:my|a|the)\s+(?:rating|review|appraisal|grade)\b|\bpension\s+plans?\b"
                       r"|\breimburs(?:e|es|ed|ing|ement)\b|\b(?:my|our)\s+(?:learning|training|education)\s+budget\b"
                       # what a role is paid ("the salary band for an AI champion role")
                       r"|\b(?:salary|pay)\s+(?:bands?|ranges?|scales?)\b",
                       re.IGNORECASE)


# One's own wellbeing and workload ("I'm burned out and my manager keeps piling on work, what should I do?"): for the
# manager, HR or an employee assistance programme, not the adoption guides
_WELLBEING = re.compile(r"\b(?:burn(?:ed|t)\s+out|burning\s+(?:me\s+)?out|burnout|exhausted|overwhelmed"
                        r"|stressed(?:\s+out)?|(?:piling|piles|piled)\s+(?:on\s+)?(?:more\s+)?work|mental\s+health"
                        r"|can'?t\s+cope)\b", re.IGNORECASE)
# Whose wellbeing: the person last named before the word. "I'm honestly burned out", "feeling burned out lately"
# (nobody named: the asker) and "burning me out" are the asker's own; in "my best line lead handles every reject
# and she's getting burnt out" it is a team member's workload, which the guides' shadow-work advice is about.
_PERSONS = re.compile(r"\b(?:(?P<me>i|i'm|im|i've|ive|me|myself|my)|(?P<other>she|he|they|she's|shes|he's|hes"
                      r"|they're|theyre|her|his|their|them|team|staff|people|everyone|everybody|colleagues?"
                      r"|employees?|reports|agents|members?))\b", re.IGNORECASE)


class _OwnWellbeing:
    """Finds the wellbeing words that are about the asker (read like the other kinds' patterns: ``search``)."""

    @staticmethod
    def search(text: str) -> bool:
        for match in _WELLBEING.finditer(text):
            named = list(_PERSONS.finditer(text, 0, match.start()))
            if "me" in match.group(0).lower().split() or not named or named[-1].group("me"):
                return True
        return False


# each kind: the words that make it, and who must be asking (None: whoever asks)
_KINDS = {"pay": (_PAY, _SELF), "career": (_CAREER, _ME), "hr": (_HR_ADMIN, None), "wellbeing": (_OwnWellbeing, None)}


def personal_matters(message: str, question: str | None = None) -> list[str]:
    """The kinds of personal matter the message's question sentences ask about, in the order "pay", "career",
    "hr", "wellbeing": the asker's own pay, the asker's own career, HR administration (leave, expenses, payslips, a
    rating appeal), the asker's own wellbeing and workload. Read in the message's question sentences and in what
    bot.answers.focus takes as its question, where a bare ask ("…and I'm thinking of quitting, what should I do")
    comes with the sentence it leans on (``question``, when the caller has it already); both are worked out once
    for all four kinds."""
    question = focus(message).question if question is None else question
    questions = [s for s in sentences(message) if is_question(s)] + [question]
    return [kind for kind, (words, person) in _KINDS.items()
            if any(words.search(q) and (person is None or person.search(q)) for q in questions)]
