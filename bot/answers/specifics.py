"""Questions about the organisation's own facts need those facts in the evidence.

"Who is our CoE lead?", "When is our next AI training?", "What is our AI budget?" ask for a person, a
date or an amount that belongs to this company. The shipped frameworks are general and never contain
them, yet they are close in topic, so retrieval alone scores them as answerable. Expected-answer-type
checking is the classic remedy: such a question is answered only when the best passage contains
something of the expected type (a name, a date, an amount), as a company's own documents would.
"""

from __future__ import annotations

import re

from bot.answers.addressee import INVENTS
from bot.answers.tool_names import PRODUCT

_ORG = re.compile(r"\b(our|my|we|us|i)\b", re.IGNORECASE)
# "When should we ...?", "Who should be on our team?" ask for advice, which the frameworks do give.
_ADVICE = re.compile(r"\b(should|could|would|ought|need to(?! know)|best|recommend|typical|usually)\b"
                     # how to work a figure out is a how-to question, whoever's figure it is
                     r"|\bhow\s+(do|can|to)\s+((we|i|you)\s+)?(measure|calculate|compute|track|work\s+out|improve"
                     r"|raise|increase|boost|report|benchmark|define)\b", re.IGNORECASE)
_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DAYS = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

EXPECTED = {
    "person": re.compile(r"\bwho(\s+is|\s+are|'s|\s+leads|\s+owns|\s+runs|\s+approves)(\s+actually|\s+even|\s+really)?"
                         r"\s+(our|my)\b",
                         re.IGNORECASE),
    # not when results show ("when will the benefits of AI show up in our numbers?"): how long value takes, in general
    "date": re.compile(r"\bwhen\s+(is|are|does|do|will|was)\b(?!.{0,30}\b(benefits?|results?|gains?|roi|value|impact"
                       r"|payback|savings|improvements?)\b).{0,40}\b(next|our|my)\b|"
                       r"\b(what|which)\s+(date|day)\b|\bdeadline\b|\bhow do i sign up\b", re.IGNORECASE),
    # the amount asked for ("what is our AI budget?"), not one the scene mentions ("…our Copilot spend pays off — do we
    # lead with soft ROI or hard ROI?")
    "amount": re.compile(r"\b(what|how\s+much|how\s+big|how\s+large)\b.{0,40}\b(budget|spend|spending|salary|price"
                         r"|cost)\b|\b(budget|spend|spending|salary|price|cost)\s+(is|was|will\s+be)\b"
                         r"|\bhow much of my\b", re.IGNORECASE),
    "decision": re.compile(r"\b(which|what)\b.{0,60}\b(did|have|has)\s+(we|i|our)\b", re.IGNORECASE),
    "our_figure": re.compile(r"\b(our|my)\b.{0,60}\b(actual|current|last|this)\s+([\w-]+\s+){0,2}?"
                             r"(quarter|month|year|week|rate|number|figure|level|score|accuracy|adoption|usage|nps|enps"
                             r"|uplift|share|percentage|count|total)\b(?!\s+(?:coach|bot)\b)"  # not "this adoption coach"
                             r"|\b(actual|current)\b.{0,40}\b(our|my)\b", re.IGNORECASE),
    # "who signs off on new AI tools in our company?": a post in this organisation
    "person_in_org": re.compile(r"\bwho(\s+|'s\s+|\s+is\s+)(actually\s+|really\s+)?(signs?\s+off|decides|approves|owns"
                                r"|responsible|in\s+charge)\b.{0,60}"
                                r"\b(our|my)\s+(company|org|organi[sz]ation|team|department|business|group)\b",
                                re.IGNORECASE),
}
# a capitalised first and last name (not a title: "Vice President of AI Operations"), an @mention, or an email address
_TITLE = r"(?:Vice|Chief|Senior|Deputy|Executive|Head|President|Director|Officer|Manager|Lead|Operations)\b"
_NAME = re.compile(rf"(?<![.!?]\s)(?<!^)\b(?!{_TITLE})[A-Z][a-z]+ (?!{_TITLE})[A-Z][a-z]+\b|<@U[A-Z0-9]+>|@[a-z][\w.-]+"
                   r"|\b[\w.+-]+@[\w-]+\.\w+", re.MULTILINE)
# a sum of money written as one ("$40k", "12,000 euros"): what a budget question needs, and what a question asking
# how much money wants to see quoted (bot.answers.extractive)
MONEY = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s?(?:k|m|bn|usd|eur|gbp|dollars|euros|pounds)\b", re.IGNORECASE)
EVIDENCE = {
    "person": _NAME,
    "person_in_org": _NAME,
    "date": re.compile(rf"\b\d{{1,2}}\s+{_MONTHS}\b|\b{_MONTHS}\s+\d{{1,2}}\b|\b{_DAYS}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|"
                       rf"\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b", re.IGNORECASE),
    "amount": MONEY,
    # decisions and the organisation's own figures only appear in its own documents, which say "we"/"our"
    "decision": re.compile(r"\b(we|our)\s+(chose|picked|selected|use|decided|signed)\b"
                           r"|\b(employees|staff|you)\s+(must|may|must\s+not|may\s+not|should\s+not|are\s+(not\s+)?allowed"
                           r"\s+to)\b", re.IGNORECASE),
    "our_figure": re.compile(r"\b(our|we)\b.{0,60}\b(was|is|were|reached)\s+\d", re.IGNORECASE),
    # where a company's own document says its data is: "hosted in the EU", "stored on our own servers"
    "location": re.compile(r"\b(?:hosted|stored|kept|held|processed|resides?)\s+(?:in|on|at|within)\b.{0,40}"
                           r"\b(?:eu|europe|uk|us|usa|region|data\s*cent(?:re|er)s?|servers?|cloud|tenant|premises)\b",
                           re.IGNORECASE),
}


# what a rollout hands out: an account or seat, or the AI tool itself (any product bot.answers.tool_names knows)
_PROVISION = rf"(?:licen[cs]es?|seats?|access|accounts?|logins?|(?:ai\s+)?(?:tools?|assistants?)|{PRODUCT})"
# Asked this way, a question is about this organisation even without "our": who holds a named post, a
# deadline, or how far something has got so far.
ALWAYS_OURS = {
    # "who's the exec sponsor for…", but not "who is the business owner in an AI rollout?" (a role, in general)
    "person": re.compile(r"\bwho('s|\s+is|\s+are)(\s+actually|\s+even|\s+really)?\s+(the|our|my)\s+[\w\s-]{0,30}?"
                         r"(sponsor|lead|owner|champion|contact|head|approver)s?\b(?!\s+(in|of|for)\s+an?\b)"
                         r"|\bname\s+of\s+(the|our|my)\s+[\w\s-]{0,30}?(sponsor|lead|owner|champion|contact|head)\b"
                         # "who's the partner sponsoring our firm's AI programme?": who does it here
                         r"|\bwho('s|\s+is|\s+are)\s+(the\s+)?[\w\s-]{0,30}?\b(sponsoring|leading|owning|championing"
                         r"|heading(\s+up)?|running)\s+(our|my)\b",
                         re.IGNORECASE),
    # "…when are the copilot licenses for marketing supposed to arrive?": a date in this organisation's plan
    "date": re.compile(r"\bdeadline\b|\bwhen\s+is\s+the\s+next\b|\bwhen\s+(?:is|are|will|do|does)\b.{0,60}"
                       r"\b(?:supposed|due|scheduled|expected|meant|planned)\s+to\s+(?:arrive|come|land|ship|start|open"
                       r"|go\s+live|be\s+(?:ready|available|delivered|rolled\s+out|switched\s+on|enabled))\b"
                       # "when does the chatgpt enterprise rollout actually reach the finance team?"
                       r"|\bwhen\s+(?:does|do|will|is|are)\s+(?:the|our|my)\s+.{0,50}\b(?:rollout|roll-out|licen[cs]es?"
                       r"|access|seats?|launch|pilot)\b.{0,40}\b(?:reach|get\s+to|come\s+to|arrive|land|start)\b"
                       # "when are the AI licences for the stores actually arriving?": the tool itself turning up here
                       rf"|\bwhen\s+(?:does|do|will|is|are)\b.{{0,50}}\b{_PROVISION}\b.{{0,50}}\b(?:arriving|landing"
                       r"|coming|be\s+(?:available|ready|enabled|switched\s+on|rolled\s+out|live)"
                       # "when is Gemini getting switched on for the whole CS org?"
                       r"|getting\s+(?:switched\s+on|turned\s+on|enabled|rolled\s+out|deployed)|going\s+live)\b"
                       # "any idea when the extra Gemini licences for the collections team are landing?"
                       rf"|\bwhen\s+(?:the|our|my)\s+.{{0,40}}\b{_PROVISION}\b.{{0,40}}?\b(?:are|is)\s+"
                       r"(?:arriving|landing|coming|turning\s+up|showing\s+up)\b",
                       re.IGNORECASE),
    # "…sits on council servers or the supplier's cloud. where is it actually kept?": where this organisation's data
    # lives, asked with a word of hosting (not "where is it kept and can my manager see it?" after a survey)
    "location": re.compile(r"^(?=.*\b(?:servers?|cloud|data\s*cent(?:re|er)s?|hosting|on-?prem(?:ise|ises)?|region"
                           r"|country)\b).*?\bwhere\s+(?:is|are|does|do)\s+(?:it|that|this|the\s+data|our\s+data"
                           r"|(?:the|our)\s+(?:[\w'’-]+\s+){0,2}?data)\s+(?:actually\s+|really\s+|physically\s+)?"
                           r"(?:kept|stored|hosted|held|live|sit|sits|processed)\b", re.IGNORECASE | re.DOTALL),
    # who here ranks first or last at something ("who in our company has the most copilot usage?")
    # not "who on the rollout team…": a role, in general
    "person_in_org": re.compile(r"\bwho\s+(approves|signs\s+off\s+on|decides(\s+on)?|owns)\b.{0,60}\bhere\b"
                                # "who actually signed off on box office using gemini?": a decision someone here took
                                # (not in a case study of the guides: "who approved the routing in the insurer's case?")
                                # "who actually owns the copilot rollout on our ships?": the real post, not the role
                                r"|\bwho\s+(actually|really)\s+(owns|runs|leads|approves|decides|is\s+in\s+charge\s+of"
                                r"|is\s+responsible\s+for)\b"
                                # "who signed the contract for the sensor feed?": a deal struck here
                                r"|\bwho\s+(actually\s+|really\s+|finally\s+)?(signed|negotiated|bought|procured"
                                r"|ordered)\s+(the|our|my)\s+([\w-]+\s+){0,3}?(contract|deal|agreement|licen[cs]es?"
                                r"|order|subscription)s?\b(?!.{0,60}\b(case|example|study)\b)"
                                # "whos the actual person on the MLOps side who owns the retraining?": a name here
                                # (not "the right person", which asks which role should do it)
                                r"|\bwho(?:'s|’s|s|\s+is|\s+are)\s+(?:the\s+)?(?:actual|real)\s+(?:person|people"
                                r"|human|contact)\b"
                                r"|\bwho\s+(actually\s+|really\s+|finally\s+)?(signed\s+off|approved|okayed|ok'd"
                                r"|green-?lit|green-?lighted)\b(?!.{0,60}\b(case|example|study)\b)"
                                # "who on the uni's governance board is the named owner for…?": a person, not a role
                                r"|\bwho\s+(on|in|at)\s+(the\s+)?[\w-]+['’]s\b(?!.{0,60}\b(case|example|study)\b)"
                                # "who at the council actually signed the contract?": someone in this organisation
                                r"|\bwho\s+(at|in)\s+the\s+(council|company|firm|practice|group|business|org"
                                r"|organi[sz]ation|club|agency|trust|authority|department)\b"
                                r"(?!.{0,60}\b(case|example|study)\b)"
                                r"|\bwho\b.{0,60}\b(is|are)\s+(the\s+)?named\s+"
                                r"(owner|lead|sponsor|contact|approver|head)s?\b"
                                r"|\bwho\s+(in|at)\s+(our|my|this)\s+([\w-]+\s+){0,2}?(company|org|organi[sz]ation"
                                r"|team|department|business|office)\b"
                                r"|\bwho\s+(has|had|got)\s+the\s+(most|least|highest|lowest)\s+([\w-]+\s+){0,2}?(usage|use"
                                r"|adoption|licen[cs]es?|prompts|queries|logins|sessions|spend)\b"
                                r"|\bwho\b.{0,40}\b(uses|used)\b.{0,40}\bthe\s+(most|least)\b", re.IGNORECASE),
    # what something cost here in a past period ("what was the total AI budget for marketing this year?")
    "amount": re.compile(r"\b(what|how\s+much)\s+(was|were|did)\b.{0,60}\b(budget|spend|spent|cost|costs)\b.{0,60}"
                         r"\b(this|last)\s+(year|quarter|month)\b"
                         # "what's the AI budget for marketing next fiscal year?": the budget, this organisation's
                         r"|\b(what(?:'s|’s|s|\s+is|\s+will\s+be)|how\s+(much|big)\s+is)\s+the\s+"
                         r"([\w'’-]+\s+){0,3}?budget\b"
                         # "how much budget has the newsroom got for…?": what a team here was given
                         r"|\bhow\s+much\s+(budget|money|funding)\s+(has|have|had|did|was|were)\s+(the|our|my)\b"
                         # "how much has group finance budgeted for the rollout next year?": a sum someone here set
                         r"|\bhow\s+much\s+(has|have|had|did)\b.{0,50}\b(budgeted|budget|allocated|allocate"
                         r"|earmarked|earmark|set\s+aside)\b",
                         re.IGNORECASE),
    "our_figure": re.compile(r"\bhow\s+(many|much)\b[^?]{0,120}\b(so far|to date|yet|yesterday|today|last\s+"
                             r"(week|month|quarter|year)|this\s+(week|month|quarter|year))\b"
                             # "what was the fundraising team's score on last month's pulse survey?": a past result here
                             r"|\bwhat\s+(was|were|did)\b.{0,50}\b(score|scored|result|results|rating|enps|nps)\b.{0,40}"
                             r"\b((last|this)\s+(week|month|quarter|year|round)"
                             r"|in\s+(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?"
                             r"|oct(ober)?|nov(ember)?|dec(ember)?|q[1-4]|20\d\d))\b"
                             # "how many operators on my shift have actually finished the training?": done here so far
                             r"|\bhow\s+many\b[^?]{0,60}\b(our|my)\b[^?]{0,40}\b(have|has)\s+(actually\s+"
                             r"|already\s+|now\s+|even\s+)?(finished|completed|done|taken|passed|attended|signed\s+up"
                             r"|logged\s+in|activated|enabled|switched\s+on|turned\s+on|started\s+using)\b"
                             # "how many caseworkers in our region are actually using chatgpt now?", "how many of our
                             # controllers have a login for the rostering tool?": usage here, today
                             r"|\bhow\s+many\b[^?]{0,60}\b(our|my)\b[^?]{0,60}\b((are|is)\s+(actually\s+|currently\s+"
                             r"|really\s+|now\s+)?using|(actually\s+|currently\s+|now\s+)?(have|has)\s+(a\s+|an\s+)?"
                             r"(login|licen[cs]e|account|access|seat)s?)\b"
                             r"|\bhow\s+many\b[^?]{0,80}\b(our|my)\b[^?]{0,80}\b(right\s+now|at\s+the\s+moment)\b"
                             # "roughly how many people across the company are active on chatgpt enterprise right now?"
                             r"|\bhow\s+many\s+([\w-]+\s+){0,2}?(people|staff|employees|users|colleagues)\b[^?]{0,80}"
                             r"\b(right\s+now|at\s+the\s+moment|currently|as\s+of\s+(now|today))\b"
                             # "what adoption rate did the weighbridge team actually hit last quarter?": a result here
                             r"|\bwhat\b[^?]{0,40}\bdid\s+(the|our|my)\s+([\w-]+\s+){0,3}?(team|department|dept|site"
                             r"|branch|office|store|plant|crew|unit|division|ward|shift)\s+(actually\s+|really\s+)?(hit"
                             r"|reach|get|achieve|score|manage|land)\b[^?]{0,60}\b(last|this)\s+"
                             r"(week|month|quarter|year)\b"
                             # "what IS the company's AI objective this quarter?": its own plan
                             r"|\bwhat(\s+is|\s+are|'s|’s)\s+(the|our)\s+(company|org|organi[sz]ation|firm|business"
                             r"|group)(['’]s)?\s+([\w-]+\s+){0,3}?(objectives?|okrs?|goals?|targets?|priorit(y|ies)"
                             r"|strategy)\b[^?]{0,40}\b(this|next|last)\s+(quarter|year|month|half|q[1-4])\b"
                             # "how many copilot licences has the practice actually paid for?", "…seats does our
                             # dealer group have left?": what this organisation holds
                             r"|\bhow\s+many\s+([\w-]+\s+){0,3}?(licen[cs]es?|seats?|accounts?|logins?)\s+(has|have"
                             r"|does|do|did)\s+(the|our|my)\s+([\w-]+\s+){0,2}?(actually\s+|really\s+|still\s+)?(paid"
                             r"|bought|purchased|got|have|own|hold|ordered)\b"
                             # "how many copilot licences do we still have unassigned?" (not "…do we have to track?")
                             r"|\bhow\s+many\b.{0,60}\b(do|does|did)\s+(we|i|our\s+[\w-]+)\s+(still\s+|currently\s+"
                             r"|already\s+|actually\s+)?(have|own|hold|buy|purchase|order|end\s+up\s+(buying|with))\b"
                             r"(?!\s+to\b)"
                             # "how many copilot licences has procurement been allocated for 2027?": handed out here
                             rf"|\bhow\s+many\s+(?:[\w-]+\s+){{0,3}}?{_PROVISION}\b.{{0,40}}\b(?:has|have|had|was|were)\s+"
                             r"(?:[\w-]+\s+){0,3}?(?:been\s+)?(?:allocated|assigned|bought|purchased|ordered|approved"
                             r"|budgeted|handed\s+out)\b", re.IGNORECASE),
    # a decision someone here took, asked about by when it happened or how it ended
    "decision": re.compile(r"\b(did|has|have)\b.{0,60}\b(approve|approved|sign\s+off|signed\s+off|decide|decided|agree"
                           r"|agreed|pick|picked|choose|chose|select|selected)\b.{0,60}\b(yesterday|today|this\s+morning"
                           r"|last\s+(week|month|meeting|quarter|friday|monday)|yet|in\s+the\s+end)\b"
                           # "did leadership sign off on the bigger AI budget or is it still stuck?"
                           r"|\b(did|has|have)\s+(leadership|management|the\s+board|finance|legal|procurement|security"
                           r"|exec(s|utives)?|the\s+exec(utive)?\s+team|the\s+cfo|the\s+ceo|the\s+ciso)\s+(already\s+"
                           r"|finally\s+|actually\s+)?(sign(ed)?\s+off|approved?|agreed?|green-?lit|green-?lighted"
                           r"|okay(ed)?|decided?)\b"
                           # "has the district decided whether the pilot continues next term?": a body here deciding
                           r"|\b(?:has|have|did)\s+(?:the|our|my)\s+(?:[\w-]+\s+){0,2}?(?:decided|agreed|confirmed"
                           r"|announced|said)\s+(?:whether|if|when|which|what|on)\b"
                           r"|\bhow\s+much\b.{0,40}\b(budget|funding|money)\b.{0,20}\b(did|has|have|was|were)\b.{0,40}"
                           r"\b(approve|approved|allocate|allocated|grant|granted|sign\s+off|signed\s+off)\b"
                           # who here is in which wave, pilot or group ("which teams are in the second wave of the
                           # rollout?"): the organisation's own plan
                           r"|\bwhich\s+(?:teams|departments|people|groups|offices|sites|regions|units|clubs|stores"
                           r"|shops|branches|plants|schools|wards|depots|locations|clinics|hotels)\s+(?:are|were"
                           r"|will\s+be|got|get)\s+(?:in|on|part\s+of|included\s+in|picked\s+for|chosen\s+for)\b"
                           # "did the regional director approve chatgpt for the commercial team?": a post here
                           r"|\b(?:did|has|have)\s+(?:the|our|my)\s+(?:[\w-]+\s+){0,2}?(?:director|manager|head|vp"
                           r"|boss|ceo|cfo|cio|cto|ciso|coo|committee|partners?|principal|dean|chief)\s+(?:already\s+"
                           r"|finally\s+|actually\s+|ever\s+)?(?:approved?|sign(?:ed)?\s+off|ok(?:ay)?(?:ed)?|agreed?"
                           r"|green-?lit)\b(?!.{0,60}\b(?:case|example|study)\b)"
                           # whether someone here has cleared something ("has our company approved Claude for
                           # client data?"): a decision taken here
                           r"|\b(?:has|have|did)\s+(?:our|my|the)\s+(?:[\w-]+\s+){0,2}?(?:company|organi[sz]ation|org"
                           r"|firm|business|employer|team|department|legal|compliance|security|it|management|board"
                           r"|committee)\s+(?:already\s+|ever\s+|actually\s+)?(?:approved?|cleared?|signed\s+off"
                           r"|sign\s+off|allowed?|banned?|blocked?|whitelisted?|authori[sz]ed?)\b"
                           # "did our professional indemnity insurer ever OK us using AI?": anyone of ours clearing it
                           r"|\b(?:has|have|did)\s+(?:our|my)\s+(?:[\w-]+\s+){0,3}?(?:ever\s+|already\s+"
                           r"|actually\s+|finally\s+)?(?:ok|okay|ok'd|okayed|approved?|cleared?|signed\s+off|allowed?"
                           r"|authori[sz]ed?|green-?lit)\s+(?:us|it|the|our|using|that|this)\b"
                           # "which of our sites gets the sensors first?": the organisation's own rollout order
                           # (of ours, or said as a plan: "which store is getting it next?", not "which teams get
                           # the most out of it first?")
                           r"|\bwhich\s+(?:of\s+(?:our|my)\s+(?:[\w-]+\s+){0,2}?(?:sites|teams|departments|offices"
                           r"|stores|shops|branches|plants|schools|wards|depots|regions|locations)\s+(?:gets?|goes|go)"
                           r"|(?:site|team|department|office|store|shop|branch|plant|school|ward|depot|region"
                           r"|location)s?\s+(?:will\s+get|is\s+getting|are\s+getting|is\s+going|are\s+going))\b.{0,80}"
                           r"\b(?:first|next|last)\b"
                           # whether something is allowed here: the organisation's own policy
                           r"|\b(is|are)\b.{0,40}\b(approved|allowed|permitted|sanctioned|whitelisted|banned|blocked)\b"
                           r".{0,60}\b(at|in|by|for)\s+(our|my|this)\s+(company|organi[sz]ation|org|firm|business"
                           r"|employer)\b"
                           # or what its own policy says ("is it ok to paste customer data in a chatbot under our
                           # policy?"): the guides are general, a company's policy is its own
                           r"|\b(under|per|according\s+to|against|by)\s+(our|my|the\s+company'?s)\s+([\w-]+\s+){0,2}?"
                           r"(policy|policies|guidelines|rules|code\s+of\s+conduct)\b"
                           r"|\bwhat\s+does\s+(our|my|the\s+company'?s)\s+([\w-]+\s+){0,2}?(policy|policies|guidelines"
                           r"|rules?)\s+(actually\s+|really\s+)?say\b"
                           # "nobody has ever told us what our rule is", "is there a practice rule on that?"
                           r"|\bwhat\s+(our|my|the\s+company(?:'?s)?)\s+([\w'-]+\s+){0,2}?(policy|policies|rules?"
                           r"|guidelines)\s+(is|are|says?)\b"
                           # "does our institute's research integrity policy allow putting drafts into claude?"
                           r"|\b(our|my|the\s+company'?s)\s+([\w'’-]+\s+){0,3}?(policy|policies|rules?|guidelines"
                           r"|code\s+of\s+conduct)\s+(actually\s+|even\s+|really\s+)?(allows?|permits?|lets?|covers?"
                           r"|bans?|forbids?)\b"
                           # "does the MRS code of conduct let us put verbatims through claude?": a body's own code
                           r"|\bthe\s+([\w'’-]+\s+){1,3}?code\s+of\s+(conduct|practice|ethics)\s+(actually\s+|even\s+"
                           r"|really\s+)?(allows?|permits?|lets?|covers?|bans?|forbids?)\b"
                           # "does the dealer group let advisors paste customer names into chatgpt?": its own policy
                           r"|\b(does|do|will|would)\s+(the|our|my)\s+([\w-]+\s+)?(company|firm|group|council"
                           r"|practice|business|org|organi[sz]ation|employer|trust|agency|club)\s+"
                           r"(actually\s+|even\s+)?(let|allow|permit)\b"
                           # "does our service actually allow copilot on anything with casualty details?": its own
                           # policy, whoever's it is (not the coach's surveys, the KPIs or the guides)
                           r"|\b(does|do)\s+(our|my)\s+(?!(?:[\w-]+\s+)?(?:surveys?|coach|bot|kpis?|okrs?|dashboards?"
                           r"|framework|metrics?|guides?)\b)([\w'’-]+\s+){1,2}?(actually\s+|even\s+|really\s+)?"
                           r"(allow|permit|ban|forbid|prohibit)\b"
                           # "are the brewers allowed to use m365 copilot on the shared PC?": its own rule
                           r"|\b(are|is)\s+(the\s+|our\s+|my\s+)?([\w-]+\s+){0,2}?(allowed|permitted)\s+to\s+use\b"
                           r"(?!\s+(the\s+|our\s+)?(surveys?|coach|bot|feedback|dashboard)\b)"
                           r"|\bis\s+there\s+an?\s+(practice|company|firm|house|group|office|team|department"
                           r"|council)\s+(rule|policy)\b"
                           # "did our fermentation model ever get its security review?", "has the company done the
                           # privacy assessment for copilot?": a check this organisation ran, or did not
                           r"|\b(did|has|have)\s+(our|my|the\s+(company|firm|practice|council|group|business"
                           r"|organi[sz]ation|org))\s+([\w-]+\s+){0,3}?((ever|actually|already|even)\s+){0,2}(get"
                           r"|got|gotten|pass|passed|go\s+through|gone\s+through|been\s+through|do|done|complete"
                           r"|completed|have|had)\s+(its|their|a|an|the|any)\s+([\w-]+\s+){0,2}?(review|sign-?off"
                           r"|assessment|dpia|audit|approval)s?\b"
                           # "what's our company's policy on pasting customer data into ChatGPT?", "is it allowed
                           # here?"
                           r"|\bwhat(?:'s|\s+is|\s+are)\s+(our|my|the\s+company'?s)\s+([\w'-]+\s+){0,3}?(policy"
                           r"|policies|rules?|guidelines)\s+(on|for|about|regarding|around)\b"
                           r"|\b(allowed|permitted|approved|ok|okay|banned|forbidden|prohibited)\s+"
                           r"(here|at\s+our\s+(company|place|firm))\b"
                           # "what is our city's approved list of AI tools?": the organisation's own list
                           r"|\b(our|my)\s+([\w'-]+\s+){0,2}?(approved|allowed|sanctioned|whitelisted|banned|blocked)\s+"
                           r"([\w-]+\s+){0,2}?(list|tools?|apps?|vendors?|products?|models?|assistants?)\b",
                           re.IGNORECASE),
}


# "does this bot know stuff like our AI budget…?": what the coach knows, which its own guide answers
_ABOUT_THE_BOT = re.compile(r"\b(?:does|do|can|will|would)\s+(?:this|the|our)\s+(?:bot|coach)\s+"
                            r"(?:know|cover|see|answer|handle|have)\b"
                            r"|\b(?:do|can|will|would)\s+(?:you|u)\s+(?:know|cover|see|answer|handle)\s+"
                            r"(?:stuff|things|questions|anything)\b"
                            # "if i ask you about our commission rules will you just make something up?"
                            r"|\b(?:do|does|will|would|can|could)\s+(?:you|u|this\s+bot|the\s+(?:bot|coach))\s+"
                            rf"(?:just\s+)?{INVENTS}", re.IGNORECASE)


def expected_type(question: str) -> str | None:
    """The kind of organisation-specific fact the question asks for, or None for a general question."""
    if _ADVICE.search(question) or _ABOUT_THE_BOT.search(question):
        return None
    for kind, pattern in ALWAYS_OURS.items():
        if pattern.search(question):
            return kind
    if not _ORG.search(question):
        return None
    for kind, pattern in EXPECTED.items():
        if pattern.search(question):
            return kind
    return None


def evidence_present(kind: str, text: str) -> bool:
    return bool(EVIDENCE[kind].search(text))


# "What eNPS score counts as good?", "what's a healthy adoption rate?": a value to aim for, which the best passage
# must state as one (a number beside "benchmark", "typical", "target", "acceptable"…). A passage that only
# defines the measure, its formula or its range, does not answer it, and the guides give no benchmark for some.
_BENCHMARK_QUESTION = re.compile(
    r"\b(?:counts?|considered|regarded|rated)\s+(?:as\s+)?(?:a\s+)?(?:good|healthy|decent|acceptable|strong|high|low|bad"
    r"|poor)\b|\bwhat(?:'s|’s|s|\s+is|\s+are)?\s+(?:a|an)\s+(?:good|healthy|decent|acceptable|strong|bad|poor)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:score|value|level|result|number|figure)s?\b", re.IGNORECASE)
_BENCHMARK = re.compile(r"\b(?:benchmark|typical(?:ly)?|target|rule\s+of\s+thumb|acceptable|healthy|good|aim|expect"
                        r"|at\s+least|above|below|more\s+than|less\s+than|minimum|maximum)\b[^.\n]{0,80}?\d"
                        r"|\d[^.\n]{0,80}?\b(?:benchmark|typical|target|acceptable|healthy|good|strong|excellent)\b",
                        re.IGNORECASE)


def benchmark_missing(question: str, text: str) -> bool:
    """Whether the question asks what value counts as good and the text states no such value."""
    return bool(_BENCHMARK_QUESTION.search(question)) and not _BENCHMARK.search(text)

