"""The table of things asked in the asker's words that the guides file under a name of their own (the name is added
to what is searched, after the words that ask for it: bot.answers.guide_labels). Each was asked this way by several
blind writers, after a scene whose words led retrieval to a neighbouring section (2026-12-07, session 22):

- one's best people dropping the AI tool ("my two best testers… both have quietly stopped using it", "the most
  experienced officers were first to try it and now look slower") are the "high performers" shadow work taxes: retrieval
  had followed their other words to the signs of a failing rollout, in six blind sets (session 20);
- a case study's results asked for in the asker's words ("what did the factory in your case study actually get out
  of it?", "what results did they get") are each case's "outcomes": the case's situation section, which names its
  subject most often, came first in seven tuning sets (session 21);
- a pilot's verdict ("can we call it a win?", "does that actually pass?", "how do we tell whether it actually
  worked?") is the pilot phase's "success criteria" (nine tuning sets);
- revenue that has not moved yet, read as failure ("CFO is calling it a flop. is that normal this early?"), is why the
  guides balance "soft ROI and hard ROI" (five);
- what the people on shift do when the live AI starts producing rubbish at 3am is the integration phase's "runbook"
  (five);
- work the AI does partly alone and partly with a person checking, "one number or two?", is the "task automation
  rate" (five);
- whether going against the AI should count against someone at review time is the incentive framework's "rewards and
  penalties" (eight);
- a prompt library someone built on their own time, and the credit it gets, is "prompt engineering as hidden work"
  (six);
- one's own key result judged weak is "writing a good AI key result" (five);
- whether one's survey answers are anonymous or can be traced, and what the coach keeps of what one types, are the
  coach's own sections on them (eight and six);
- a model that was "bang on for months" and is now off is "model drift" (five); a leaderboard of usage is "poorly
  designed metrics invite gaming" (three); an old system taken up without fuss while the AI tool is ignored is why
  "AI is optional" (three); people afraid of blame who will not try the tool, or hide it, is "psychological safety"
  (eight); what else, besides pay, moves people is "the five levers" (five); a key result of 100% accuracy is to be
  "ambitious yet achievable" (eleven); piloting every idea at once is "how to pick 3 to 5 pilot use cases" (four);
- a role the mapping table has no section for, judged on a count the AI now does, is "how to map incentives for other
  roles" (seven); a risk score people shrug at is the maintenance case's "action-oriented guidance" (six); checking
  the AI's drafts taking as long as the work is "validation and review of AI output" (five); many who opened the tool
  once against few who use it daily is "adoption by department" (three); people's details pasted into a personal AI
  account is "regulatory or privacy breaches" (two); switching it on for everyone and backing out fast is "canary
  releases and rollback criteria" (four); working out where AI helps before the pilots is the "one-week discovery
  sprint" (three); a key result overtaken by events and changed mid-quarter is "agility and flexibility in AI OKRs"
  (seven);
- what the people using it should do when it is wrong (follow it, fix it in a side spreadsheet, ignore it) is "end
  users and domain experts" (four); flags with no reason given, or answers people do not trust, are "transparent AI
  outputs" (six); the system the AI writes into going down is "when the downstream system is down" (three); a small
  team and its survey results is the "minimum response threshold" (ten);
- session 24: pay reworked "in one go" is "how to stage incentive changes" (nine sets), the reviews after go-live the
  "post-deployment checkpoint" (two), sharing the work "between them and the model" is "augmentation, not
  replacement" (two), a team's goals hooked into the company's the "OKR levels" (two); wider: any "zero …" target, "a
  handful of devs first", "cries wolf since…", "9 things at once", billings not moved.

The rewriting and how a label is read afterwards are in bot.answers.guide_labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class GuideLabel:
    label: str  # inserted, in brackets, after the words that ask for it
    asks: re.Pattern  # the ask; the label goes after its first match
    needs: tuple[re.Pattern, ...]  # each must be somewhere in the message too
    named: re.Pattern  # the message says it already: left alone


def _re(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# who: the asker's best, strongest or most experienced people, named by a job ("testers", "underwriters") or not; a
# job word read by its ending is a person when it is the asker's ("my strongest analyst") or plural ("the two most
# experienced officers"): "the best indicator" and "the best answer" are not people
_TOP = (r"(?:best|strongest|top|star|brightest|most\s+(?:experienced|capable|senior|skilled)"
        r"|(?:highest|top)[-\s]performing)\s+"
        r"(?!(?:practices?|ways?|options?|approach|time|parts?|things?|bet|case|use)\b)(?:[\w-]+\s+)?")
_PEOPLE = r"(?:people|staff|folks|performers?|members?|employees?|devs|techs|reps|nurses|agents"
_JOB = r"\w{2,}(?:er|or|ist|yst|ian|ant|eer)"
_MONEY = r"(?:revenue|sales|income|profit|margins?|bottom\s+line|the\s+numbers|billings|turnover|fees)"
_NOT = r"(?:has(?:n'?t|\s+not)|have(?:n'?t|\s+not)|did(?:n'?t|\s+not)|not|barely|hardly|never)"
_MOVED = r"(?:moved|budged|improved|changed|shifted|gone\s+up|increased|grown|risen)"
LABELS = (
    GuideLabel(
        "high performers",
        _re(rf"\b(?:(?:my|our)\s+(?:\w+\s+)?{_TOP}{_PEOPLE}|{_JOB}s?)|the\s+(?:\w+\s+)?{_TOP}{_PEOPLE}|{_JOB}s))\b"),
        # what happened: they stopped, fell behind on the old metrics, or are worn out by the checking
        (_re(r"\b(?:stopped|stop|quit|quitting|gave\s+up|giving\s+up|given\s+up|dropped|dropping|abandon\w*"
             r"|went\s+back|going\s+back|slow(?:er|est)|look(?:s|ing)?\s+worse|knackered|exhausted|fried"
             r"|burn(?:ed|t|ing)?\s+out|worn\s+out)\b"),),
        _re(r"\bhigh[-\s]performers?\b"),
    ),
    GuideLabel(
        "outcomes",
        # a case's results asked for: numbers, results, what it got or gained
        _re(r"\b(?:numbers|results|figures|get\s+out\s+of\s+it|what\s+did\s+(?:they|it|the\s+[\w-]+)\s+"
            r"(?:actually\s+|really\s+)?(?:get|achieve|gain|save|see)|how\s+much\s+did\s+(?:they|it)\s+"
            r"(?:save|gain|improve|cut))\b"),
        # a case told in the guides: "the case study", "your case", "a real example", "any examples of hospitals…"
        # (not "an example OKR with numbers", nor "in case", "the business case", "a use case")
        (_re(r"\b(?:(?<!in\s)(?<!business\s)(?<!use\s)case(?:\s+stud(?:y|ies))?|stud(?:y|ies)"
             r"|real(?:[\s-]world)?\s+examples?|any\s+examples?)\b"),),
        _re(r"\boutcomes?\b"),
    ),
    GuideLabel(
        "pilot success criteria",
        # called or counted a win, a success or a pass; passing; having worked; go or no-go
        _re(r"\b(?:call|calling|count|counts|counting|declare|declaring|deem|rate)\s+(?:it|this|that|them"
            r"|the\s+(?:pilot|trial))?\s*(?:as\s+)?(?:an?\s+)?(?:win|success|successful|pass|passed|failure|fail"
            r"|flop)\b"
            r"|\b(?:does|did|would|will)\s+(?:that|it|this|the\s+(?:pilot|trial))\s+(?:actually\s+|really\s+)?"
            r"(?:pass|count|succeed)\b(?!\s+(?:the|a|an|its|our|their|my|your)\b)"  # not "pass the security review"
            r"|\b(?:tell|know|judge|decide|say|show|prove)\s+(?:(?:whether|if|that)\s+)?(?:it|the\s+(?:pilot|trial)"
            r"|this|that)\s+(?:actually\s+|really\s+)?(?:worked|works|succeeded|passed|was\s+a\s+success)\b"
            r"|\bgo(?:\s*/\s*|\s+or\s+|-)no[\s-]go\b"),
        # about a pilot or trial (the post-launch reviews answer it for a tool already live)
        (_re(r"\b(?:pilot(?:s|ed|ing)?|trial(?:s|led|ed|ing|ling)?|proof\s+of\s+concept|poc)\b"),),
        _re(r"\bsuccess\s+criteri(?:a|on)\b"),
    ),
    GuideLabel(
        "soft ROI and hard ROI",
        # the money side not moved yet
        _re(rf"\b{_MONEY}\b[^.?!]{{0,40}}?\b{_NOT}\s+(?:really\s+|yet\s+|even\s+)?{_MOVED}\b"
            rf"|\b{_NOT}\s+(?:really\s+|yet\s+|even\s+)?{_MOVED}\s+(?:the\s+|our\s+)?{_MONEY}\b"
            r"|\b(?:revenue|sales|income)\b[^.?!]{0,20}?\b(?:is|are|stayed|stays|looks?)\s+(?:basically\s+|still\s+)?"
            r"flat\b"),
        # read as failure, or asked what to show instead
        (_re(r"\b(?:normal|fail(?:ed|ing|ure)?|flop|waste|right|wrong|instead|else|show(?:ing)?)\b"),),
        _re(r"\broi\b|\breturn\s+on\s+investment\b"),
    ),
    GuideLabel(
        "runbook",
        # the live AI producing rubbish, and what the people on shift do then
        _re(r"\b(?:start(?:s|ing)?|begins?|goes|is)\s+(?:\w+\s+){0,2}?(?:chucking|spitting|pushing|producing|giving"
            r"|churning)\s+(?:out\s+)?(?:garbage|rubbish|junk|nonsense|silly|bad|wrong|dodgy|crazy|weird)\b"
            r"|\b(?:goes|going)\s+(?:haywire|wrong|rogue|crazy)\b"),
        (_re(r"\b(?:[0-9]{1,2}\s?am|night|overnight|on[-\s]call|on\s+shift|out\s+of\s+hours|weekend|runbook"
             r"|procedure|proc)\b"),),
        _re(r"\brunbooks?\b"),
    ),
    GuideLabel(
        "task automation rate",
        # how work the AI does partly alone and partly with a person checking is counted
        _re(r"\b(?:one\s+number\s+or\s+two|(?:count(?:ed)?|report(?:ed)?)\s+(?:\w+\s+){0,3}?(?:the\s+same\s+or"
            r"\s+separately|separately|together)|is\s+(?:that|it)\s+(?:automated|automation)\s+or\s+not"
            r"|(?:report|count|measure)\s+(?:the\s+|our\s+)?automation\b(?:\s+%|\s+percent(?:age)?)?"
            r"|how\s+much\s+of\s+(?:the\s+)?[\w\s-]{0,30}?\b(?:it|the\s+\w+)\s+automates)"),
        (_re(r"\bautomat\w*|\bby\s+itself\b|\bon\s+its\s+own\b|\balone\b|\bzero\s+\w+\s+input\b"
             r"|\bcompletely\b"),),
        _re(r"\bautomation\s+rate\b"),
    ),
    GuideLabel(
        "rewards and penalties",
        # a person going against the AI, and whether it should count against them
        _re(r"\b(?:count(?:s|ed)?\s+against|(?:in|at|on|into|for)\s+(?:their|his|her|the)\s+(?:\w+\s+)?(?:review"
            r"|appraisal)s?|review\s+time|write\s+(?:\w+\s+)?up|consequences|penali[sz]e[ds]?|penalt(?:y|ies)"
            r"|punish(?:ed|ing)?)\b"),
        (_re(r"\b(?:overrid\w*|overrul\w*|ignor\w*|go(?:es|ing)?\s+against|went\s+against)\b"),
         _re(r"\b(?:ai|model|tool|forecast|flag|recommendation|suggestion|warning|prediction|system|rms)s?\b")),
        _re(r"\brewards?\s+and\s+penalt"),
    ),
    GuideLabel(
        "prompt engineering as hidden work",
        # the prompts someone built, and the credit it gets
        _re(r"\bprompt\s+(?:librar(?:y|ies)|files?|templates?|folders?|collections?|packs?)\b"),
        (_re(r"\b(?:credit|count|counts|recogni[sz]\w*|appraisals?|reviews?|goals?|unpaid|own\s+time|evenings"
             r"|nowhere|reward\w*)\b"),),
        _re(r"\bprompt\s+engineering\b"),
    ),
    GuideLabel(
        "writing a good AI key result",
        # one's own key result, judged weak or asked how to make good
        _re(r"\b(?:weak|good\s+one|decent\s+one|ok\s+key\s+result|okay\s+key\s+result|what(?:'s|\s+is)\s+missing"
            r"|task\s+lists?|(?:good|decent|strong|better)\s+(?:one|kr|key\s+result)\s+looks?\s+like"
            r"|sent\s+it\s+back)\b"),
        (_re(r"\b(?:key\s+results?|krs?|okrs?)\b"),),
        _re(r"\bgood\s+(?:ai\s+)?key\s+result\b"),
    ),
    GuideLabel(
        "how survey answers are kept anonymous",
        # whether one's own survey answers can be seen or traced
        _re(r"\b(?:is|are|be|stay|stays|really|actually|truly|properly)\s+anonymous\b|\btraced\s+back\b"
            r"|\bwhich\s+answers\s+are\s+mine\b|\bwhat\s+i\s+(?:personally\s+)?(?:answered|put|wrote|said)\b"),
        (_re(r"\bsurveys?\b|\bpulse\b"),),
        _re(r"\bkept\s+anonymous\b"),
    ),
    GuideLabel(
        "what data the coach stores",
        # what the coach keeps of what one types or asks
        _re(r"\b(?:does|do|will|would)\s+(?:the\s+bot|the\s+coach|this\s+bot|this\s+coach|it|you)\s+(?:\w+\s+)?"
            r"(?:keep|store|save|remember|log|record)\b|\bwhat\s+(?:do|does|will)\s+(?:you|the\s+bot|the\s+coach"
            r"|this\s+(?:\w+\s+){0,2}?bot)\s+(?:keep|store|save|log)\b|\bwhat\s+i\s+type\s+to\s+you\b"),
        (_re(r"\b(?:coach|bot|you|u)\b"),),
        _re(r"\bdata\s+the\s+coach\s+stores\b"),
    ),
    GuideLabel(
        "model drift",
        # a model that was right for a long time and is now off
        _re(r"\b(?:now|since|lately|recently|these\s+days)\b[^.?!]{0,80}?\b(?:way\s+off|off\s+by|hours\s+out|days\s+out"
            r"|wrong|worse|junk|garbage|rubbish|weird|all\s+over\s+the\s+place|drifting|way\s+out|sagged|slipped"
            r"|cries\s+wolf|false\s+alarms)\b|\b(?:sagged|slipped|dropped\s+off|gone\s+off|got\s+worse)\s+since\b"),
        # right for a season once ("was brilliant at catching stuck fermentations last winter", "…through the summer")
        (_re(r"\b(?:was|were|been)\s+(?:\w+\s+)?(?:bang\s+on|spot\s+on|great|brilliant|accurate|fine|solid|excellent"
             r"|really\s+good|good)\s+(?:(?:for|in)\s+(?:months|a\s+year|ages|the\s+first|spring|\d+\s+\w+)"
             r"|(?:at\s+[^.?!]{0,40}?)?(?:through|all|last)\s+(?:the\s+)?(?:winter|spring|summer|autumn|year))"),),
        _re(r"\bdrift\b"),
    ),
    GuideLabel(
        "poorly designed metrics invite gaming",
        # a leaderboard or points for using the tool
        _re(r"\bleader\s?boards?\b|\bpoints\s+for\b|\bgamif\w*"),
        (_re(r"\b(?:usage|use|using|uses|prompts?|chats?|queries|logins?|sessions?)\b"),),
        _re(r"\bgaming\b"),
    ),
    GuideLabel(
        "why the adoption problem is getting worse: AI is optional",
        # people took up an older system without fuss, yet leave the AI tool alone
        _re(r"\b(?:had\s+to\s+use|without\s+(?:a\s+)?(?:fuss|complain\w*)|from\s+day\s+one|it\s+stuck|no\s+choice"
            r"|everyone\s+(?:moved|switched|used|adopted))\b"),
        (_re(r"\b(?:system|crm|erp|software|platform|booking|intranet|email)\b"),
         _re(r"\bwhy\b|\bso\s+different\b")),
        _re(r"\boptional\b"),
    ),
    GuideLabel(
        "psychological safety",
        # people afraid of being blamed or caught, so they will not try the tool or hide it
        _re(r"\b(?:scared|afraid|fear(?:ful)?|nervous|worried)\b[^.?!]{0,60}?\b(?:wrong|blamed|blame|trouble|caught"
            r"|judged|mistakes?)\b|\b(?:hide|hiding|hidden)\s+it\b|\bnobody\s+admits\b"),
        (_re(r"\b(?:ai|tool|assistant|scribe|chatgpt|copilot|claude|gemini|model)\b"),),
        _re(r"\bpsychological\s+safety\b"),
    ),
    GuideLabel(
        "the five levers employees respond to",
        # what, other than pay or goodwill, makes people use the tool
        _re(r"\bwhat\s+(?:else\s+)?(?:actually\s+|really\s+)?(?:moves|motivates|drives|decides|makes|gets)\s+"
            r"(?:people|staff|employees|them|my\s+\w+|whether\s+people)\b"),
        (_re(r"\b(?:use|using|behaviou?r|adopt\w*|tool)\b"),),
        _re(r"\blevers?\b"),
    ),
    GuideLabel(
        "ambitious yet achievable",
        # a target of perfection set for the AI, to be talked down
        # "zero missed hotspots", "zero contamination in paper bales" (not "from zero to 60%")
        _re(r"\b100\s?%\s+(?:accura\w+|detection|correct|right)|(?<!from\s)\bzero\s+(?!to\b|and\b|of\b|percent\b)"
            r"[a-z][\w-]*"
            r"|\btransformational\b|\btalk\s+(?:him|her|them)\s+down\b"),
        (_re(r"\b(?:okrs?|krs?|key\s+results?|targets?|goals?)\b"),),
        _re(r"\bambitious\b"),
    ),
    GuideLabel(
        "augmentation, not replacement",
        # the work shared between people and the AI ("how should we divide up the work between them and the model?")
        _re(r"\b(?:divide|split|share)\s+(?:up\s+)?(?:the\s+)?(?:work|tasks|jobs?)\s+between\b"),
        (_re(r"\b(?:ai|model|tool|bot|assistant)s?\b"),),
        _re(r"\baugment\w*"),
    ),
    GuideLabel(
        "OKR levels",
        # a team's goals hooked into the company's ("how do our team's OKRs hook into the council-wide ones?")
        _re(r"\b(?:hook|tie|link|connect)\w*\s+(?:[\w'’-]+\s+){0,4}?(?:goals?|okrs?|objectives?|krs?|key\s+results?)\s+"
            r"into\b|\b(?:hook|tie|link|connect|ladder|roll)\w*\s+(?:up\s+)?(?:in)?to\s+(?:the\s+)?"
            r"(?:company|council|group|org|organi[sz]ation)(?:-wide|['’]s)?\b"),
        (_re(r"\b(?:goals?|okrs?|objectives?|krs?|key\s+results?)\b"),),
        _re(r"\blevels?\b"),
    ),
    GuideLabel(
        "how to pick 3 to 5 pilot use cases",
        # every idea piloted at once
        _re(r"\bpilot\s+(?:the\s+lot|all\s+(?:of\s+them|\d+|eleven|ten|nine|twelve)|everything|every\s+(?:one|idea))"
            r"\b|\ball\s+\d+\s+(?:ideas|use\s+cases)\b"
            # "trial chatgpt enterprise on like 9 things at once"
            r"|\b(?:trial|pilot|test)\w*\s+[^.?!]{0,40}?\bon\s+(?:like\s+)?(?:\d+|six|seven|eight|nine|ten|eleven"
            r"|twelve|a\s+dozen)\s+(?:things|ideas|use\s+cases|projects|workflows)\b"),
        (),
        _re(r"\b3\s+to\s+5\b"),
    ),
    GuideLabel(
        "how to map incentives for other roles",
        # a role judged on a count the AI now does, and what to judge it on instead
        _re(r"\bwhat\s+(?:should|do|would|can)\s+(?:we|i)\s+(?:\w+\s+){0,2}?(?:measure|pay|score|reward|judge|bonus"
            r"|rate)\s+(?:them|him|her|my\s+\w+|our\s+\w+|\w+)?\s*(?:on\s+)?instead\b"
            r"|\bwhat\s+should\s+(?:a|an|my|our)\s+[\w\s-]{0,30}?\bbe\s+(?:scored|measured|judged|paid|bonused)\s+on"
            r"\b|\b(?:isn'?t|aren'?t|not)\s+(?:like\s+)?(?:any\s+of\s+)?(?:in\s+)?the\s+(?:usual\s+)?(?:role\s+)?"
            r"examples\b"),
        (_re(r"\b(?:scored|measured|bonused|judged|paid|rated|scorecard|bonus)\b"),),
        # or a role the mapping table has a section for (support agents, sales reps, analysts, ops managers)
        _re(r"\bmap(?:ping)?\b|\bagents?\b|\bsupport\s+(?:desk|team)\b|\btickets\s+closed\b|\bsales\s+reps?\b"
            r"|\breps\b|\banalysts?\b|\bops\s+managers?\b"),
    ),
    GuideLabel(
        "predictive maintenance takeaway: action-oriented guidance",
        # a risk score people look at and do nothing with
        _re(r"\b(?:shrug\w*|never\s+act|nothing\s+changes|look\s+at\s+it\s+and|ignored?\s+by)\b"),
        (_re(r"\b(?:risk|score|scores|dashboard|red\s+dot|prediction|alert)s?\b"),),
        _re(r"\baction-oriented\b"),
    ),
    GuideLabel(
        "validation and review of AI output",
        # checking the AI's drafts takes about as long as doing the work
        _re(r"\b(?:checking|reviewing|fixing|correcting)\b[^.?!]{0,80}?\btakes?\s+(?:\w+\s+){0,2}?"
            r"(?:nearly|almost|about|just)?\s*as\s+long\s+as\b"),
        (),
        _re(r"\bvalidation\b"),
    ),
    GuideLabel(
        "adoption by department",
        # many who opened the tool once against few who use it daily
        _re(r"\b(?:logged\s+in|opened\s+it|used\s+it|tried\s+it)\b[^.?!]{0,30}?\b(?:exactly\s+)?"
            r"(?:once|once\s+or\s+twice)\b"),
        (_re(r"\b(?:daily|every\s+day|constantly|all\s+the\s+time)\b"),),
        _re(r"\badoption\s+by\s+department\b"),
    ),
    GuideLabel(
        "regulatory or privacy breaches",
        # people's personal details pasted into a personal or consumer AI account
        _re(r"\b(?:past(?:e|ed|es|ing)|dropp(?:ed|ing)|put(?:ting)?|upload(?:ed|ing)?|copy(?:ing)?)\b[^.?!]{0,120}?"
            r"\binto\s+(?:her|his|their|my|a)\s+(?:own\s+)?(?:personal|private|free|home)\b"),
        (_re(r"\b(?:names?|details|personal|patients?|donors?|customers?|clients?|famil\w+|ndas?|contracts?)\b"),),
        _re(r"\bprivacy\s+breach"),
    ),
    GuideLabel(
        "how to stage incentive changes",
        # pay or goals reworked for AI all at once ("do we redo the whole pay plan in one go?")
        _re(r"\b(?:(?:all\s+)?in\s+one\s+go|all\s+at\s+once|overnight|big[\s-]bang)\b"),
        (_re(r"\b(?:bonus\w*|pay|incentives?|goals?|compensation|rewards?|scheme)\b"),),
        _re(r"\bstag(?:e|ed|ing)\b|\bphas(?:e|ed|ing)\b"),
    ),
    GuideLabel(
        "post-deployment checkpoint",
        # the reviews after a tool went live ("what check-ins should be in the diary after launch?")
        _re(r"\b(?:check-?ins?|check-?ups?|checks|reviews?|catch-?ups?|meetings?)\b[^.?!]{0,50}?\bafter\s+(?:the\s+)?"
            r"(?:go-?live|launch|going\s+live|it\s+went\s+live|roll-?out)\b"),
        (_re(r"\b(?:went|gone|goes|going)\s+live\b|\bgo-?live\b|\blaunch(?:ed)?\b|\blive\s+(?:since|in|on|across)\b"),),
        _re(r"\bpost-?deployment\b|\b30\s*/\s*60\s*/\s*90\b"),
    ),
    GuideLabel(
        "canary releases and rollback criteria",
        # switched on for everyone at once, and how to back out if it goes wrong
        _re(r"\b(?:back\s+out|pull\s+it|pull\s+the\s+plug|roll\s+(?:it\s+)?back|switch\s+it\s+off"
            r"|turn\s+it\s+off|yank\s+it|(?:a|with\s+a)\s+way\s+back)\b"),
        (_re(r"\b(?:everyone|all\s+sites|every\s+\w+|whole\s+\w+|at\s+once|other\s+(?:two\s+)?sites|go(?:ing)?\s+wider"
             r"|one\s+(?:stand|site|store|branch)\s+first|(?:a\s+)?(?:handful|few|couple)\s+of\s+\w+\s+first)\b"),),
        _re(r"\bcanary\b|\brollback\b"),
    ),
    GuideLabel(
        "one-week discovery sprint",
        # working out where AI helps before picking pilots, and how long that takes
        _re(r"\b(?:figure|work|find)\s+out\s+where\s+(?:it|ai|the\s+tool)\s+(?:actually\s+|really\s+)?(?:helps|fits"
            r"|could\s+help|would\s+help)\b|\bhow\s+long\s+should\s+(?:the\s+)?(?:initial\s+)?(?:scoping|discovery)\b"),
        (),
        _re(r"\bsprint\b"),
    ),
    GuideLabel(
        "agility and flexibility in AI OKRs",
        # a key result overtaken by events, changed part-way through
        _re(r"\b(?:change|changed|adjust|adjusted|rewrite|rewrote|reset|move|moved|revise|revised)\b[^.?!]{0,40}?"
            r"\b(?:mid[-\s]?(?:season|quarter|year|cycle|way)|halfway|part[-\s]way)\b|\bis\s+that\s+cheating\b"),
        (_re(r"\b(?:okrs?|krs?|key\s+results?|targets?)\b"),),
        _re(r"\bagility\b|\bflexib"),
    ),
    GuideLabel(
        "end users and domain experts",
        # what the people using it do when the AI is wrong: follow it or decide, fix it aside or ignore it
        _re(r"\b(?:do|does)\s+(?:i|we|they|he|she)\s+have\s+to\s+follow\s+it\b|\bstill\s+decide\b"
            r"|\bfix(?:es|ing)?\s+(?:it|them)\s+in\s+(?:a|their|his|her|our|my)\s+(?:own\s+|side\s+)?"
            r"(?:spreadsheets?|notes|docs?|files?)\b|\bjust\s+ignore\s+it\s+and\s+carry\s+on\b"
            r"|\bwhat\s+should\s+(?:they|crews|my\s+\w+|users|staff)\s+(?:be\s+)?do(?:ing)?\s+"
            r"(?:with|about|when|instead)\b"),
        (_re(r"\b(?:wrong|mislabel\w*|daft|dodgy|bad|flags?|errors?|mistakes?)\b"),),
        _re(r"\bend\s+users?\b|\bdomain\s+experts?\b"),
    ),
    GuideLabel(
        "transparent AI outputs",
        # flags or suggestions with no reason given, so people stop trusting them
        _re(r"\b(?:no|zero|without\s+(?:any\s+)?)\s*(?:explanation|reason(?:ing)?|rationale|why)\b|\bblack\s+box\b"
            r"|\bdon'?t\s+trust\s+(?:it|them|the\s+\w+|\w+'s\s+\w+)\b"),
        (_re(r"\b(?:ai|model|tool|bot|flags?|suggestions?|scores?|answers?|estimates?|predictions?|forecasts?)\b"),),
        _re(r"\btranspar\w*|\bconfidence\s+scores?\b"),
    ),
    GuideLabel(
        "when the downstream system is down",
        # the system the AI writes into went down, and the work stalled
        _re(r"\b(?:outage|was\s+down|went\s+down|crashed|offline)\b"),
        (_re(r"\b(?:stalled|stood\s+around|sat\s+(?:in|around)|stuck|nothing\s+(?:moved|happened)|ground\s+to\s+a"
             r"\s+halt)\b"),
         _re(r"\b(?:posts?|raises?|writes?|pushes?|sends?)\b[^.?!]{0,30}?\b(?:straight\s+)?into\b")),
        _re(r"\bdownstream\b|\bsingle\s+point\s+of\s+failure\b"),
    ),
    GuideLabel(
        "minimum response threshold",
        # a small team and its survey results
        _re(r"\b(?:team|group|department|office)\s+(?:is\s+)?(?:only\s+)?of\s+[2-9]\b|\bonly\s+[2-9]\s+(?:people"
            r"|of\s+us)\b|\b(?:tiny|small)\s+(?:team|group)\b|\bno\s+results\s+for\b"),
        (_re(r"\bsurveys?\b|\bpulse\b"),),
        _re(r"\bthreshold\b|\bminimum\b"),
    ),
)
