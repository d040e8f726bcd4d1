"""Requests for work rather than for an answer ("draft me an email", "fix this script", "when is the offsite?").

The bot quotes its guides; it does not write, translate, debug, summarise people's documents, book things or
look up company events. Such a request is declined with the human contact instead of being answered with a
loosely related passage. How-to questions ("how do I write a good OKR?") are never caught: every rule needs
the bot to be asked to do the thing (an imperative, "can you…", "I need you to…") on a concrete object.

Hand-written because no library tells a request for work from a how-to question offline: these are rules over
the phrasings people use for each kind of request.
"""

from __future__ import annotations

import re

from bot.answers.focus import is_question, sentences

_LANGUAGES = (r"(?:english|french|german|spanish|italian|portuguese|dutch|polish|swedish|danish|norwegian|finnish"
              r"|czech|romanian|hungarian|greek|turkish|russian|ukrainian|arabic|hebrew|hindi|japanese|chinese"
              r"|mandarin|cantonese|korean|vietnamese|thai|indonesian)")
_DEICTIC = r"(?:this|that|these|those|it|the\s+following|the\s+attached|the\s+above|my|our|his|her|their)"
# Things a person might ask the bot to produce.
_ARTEFACT = (r"(?:e-?mails?|mails?|messages?|posts?|blogs?|blog\s+posts?|articles?|announcements?|memos?|letters?"
             r"|newsletters?|speech(?:es)?|poems?|stor(?:y|ies)|essays?|bios?|cv|resumes?|cover\s+letters?"
             r"|job\s+descriptions?|slides?|slide\s+decks?|decks?|presentations?|powerpoints?|ppts?|posters?"
             r"|images?|pictures?|logos?|videos?|diagrams?|charts?|infographics?|spreadsheets?|summar(?:y|ies)"
             r"|reports?|proposals?|pitch(?:es)?|tweets?|invit(?:e|es|ation|ations)|agendas?|faqs?"
             r"|press\s+releases?|captions?|taglines?|slogans?|songs?|jokes?|okrs?|kpis?|surveys?"
             r"|questionnaires?|quiz(?:zes)?|prompts?|templates?|checklists?|one-pagers?|docs?|documents?|notes"
             r"|minutes|repl(?:y|ies)|responses?|paragraphs?|texts?|copy|linkedin\s+posts?|slack\s+messages?"
             r"|plans?|roadmaps?|curricul(?:um|a)|timelines?|outlines?|strateg(?:y|ies))")
_CODE = (r"(?:code|script|function|query|sql|macro|formula|regex|program|notebook|snippet|class|method"
         r"|python|javascript|typescript|java|bash|powershell|vba|excel\s+formula|api\s+call)")
_NOT_CODE = r"(?!\s+(?:review|reviews|reviewer|reviewers|reviewing|quality|base|assistants?|completions?|tools?))"
_DOCUMENT = (r"(?:documents?|docs?|articles?|reports?|pdfs?|papers?|threads?|conversations?|meetings?|calls?"
             r"|e-?mails?|transcripts?|notes|files?|links?|pages?|texts?|books?|videos?|webinars?|decks?|slides"
             r"|chats?|channels?|minutes|recordings?|studies|study)")
# Company events: a date, a place or an agenda the bot cannot know.
_EVENT = (r"(?:company\s+(?:event|meeting|party|day|offsite)|all[- ]hands|town\s*halls?|off-?sites?|away\s*days?"
          r"|(?:holiday|christmas|xmas|summer|winter|team|office|leaving|farewell|launch)\s+part(?:y|ies)"
          r"|team[- ]building|team\s+events?|hackathons?|retreats?|conferences?|summits?|meetups?|celebrations?"
          r"|demo\s+days?|ai\s+days?|board\s+meetings?|kick-?off\s+(?:event|party|meeting))")
_SESSION = (r"(?:sessions?|workshops?|trainings?|training\s+sessions?|webinars?|office\s+hours?"
            r"|lunch[\s-]*(?:&|and|n)[\s-]*learns?)")

_ASK = (r"^(?:please\s+|pls\s+|kindly\s+)?(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|pls\s+|kindly\s+)?"
        r"(?:help\s+(?:me|us)\s+(?:to\s+)?)?|would\s+you\s+be\s+able\s+to\s+|are\s+you\s+able\s+to\s+"
        r"|(?:i|we)(?:\s+need|\s+want|\s+would\s+like|'d\s+like|\s+'d\s+like)\s+(?:you|u)\s+to\s+"
        r"|i\s+need\s+(?:help|someone|somebody)\s+(?:to\s+)?"
        r"|help\s+(?:me|us)\s+(?:to\s+)?|(?:can|could)\s+(?:i|we)\s+get\s+you\s+to\s+|(?:go\s+ahead\s+and|just)\s+"
        r"|use\s+(?:ai|genai|chatgpt|copilot|gpt[\w.-]*|claude|gemini|the\s+(?:ai|bot|coach))\s+to\s+)?")
_MIND = r"^(?:please\s+)?(?:(?:would|do)\s+(?:you|u)\s+)?mind\s+"  # "would you mind writing…", "mind turning…?"
_OBJ = r"(?:me\s+|us\s+|for\s+(?:me|us)\s+)?(?:a|an|the|some|one|two|three|\d+|my|our|this|that|these|those)?\s*"
_ADJ = r"(?:[\w'-]+\s+){0,4}?"  # up to four words before the object's noun ("a six week copilot training plan")
# What people ask to have thought up for them; "give me the KPIs" asks for the guides' own content instead.
_IDEAS = r"(?:slogans?|taglines?|jokes?|poems?|captions?|headlines?|puns?|hashtags?|mottos?|limericks?|raps?)"


def _rule(category: str, pattern: str) -> tuple[str, re.Pattern]:
    return category, re.compile(pattern, re.IGNORECASE)


# Checked in order, each on one sentence with its lead-in ("so", "ok") removed.
_RULES = [
    _rule("code", rf"{_ASK}debug\b"),
    _rule("code", rf"{_ASK}(?:fix|refactor|optimi[sz]e|correct|review|check|convert|port|speed\s+up)\s+{_OBJ}{_ADJ}"
                  rf"{_CODE}\b"
                  rf"{_NOT_CODE}"),
    _rule("code", rf"{_ASK}(?:write|generate|create|give\s+me|make|build)\s+{_OBJ}{_ADJ}{_CODE}\b{_NOT_CODE}"),
    _rule("code", rf"\bwhat'?s\s+wrong\s+with\s+{_DEICTIC}\s+{_ADJ}{_CODE}\b{_NOT_CODE}"),
    _rule("code", rf"^why\s+(?:does|doesn't|is|isn't|won't|do|don't)\s+{_DEICTIC}\s+{_ADJ}{_CODE}\b{_NOT_CODE}"
                  r".{0,40}\b(?:work|run|compile|fail|fails|failing|crash|crashes|error|errors|throw|throws|return)"),
    _rule("translation", rf"{_ASK}translate\b(?!\s+(?:is|was|feature|button|tool|function|app)\b)"),
    _rule("translation", rf"\b(?:translate|translation\s+of)\s+{_DEICTIC}\b"),
    _rule("translation", rf"{_ASK}(?:put|turn|convert|render)\s+{_DEICTIC}\s+(?:\w+\s+)?(?:in|into)\s+{_LANGUAGES}\b"),
    _rule("translation", rf"\b(?:in|into)\s+{_LANGUAGES}\s*,?\s*(?:please|pls)\W*$"),
    _rule("translation", rf"^(?:how\s+do\s+(?:you|i|we)\s+say|what'?s|what\s+is)\s+.{{1,60}}\s+in\s+{_LANGUAGES}"
                         r"\b\W*$"),
    _rule("translation", rf"^(?:can|could)\s+(?:i|we)\s+(?:get|have)\s+{_DEICTIC}\s+(?:in|into)\s+{_LANGUAGES}\b"),
    _rule("summary", rf"{_ASK}(?:summari[sz]e|sum\s+up|tl;?dr|condense"
                     r"|give\s+me\s+(?:a|the)\s+(?:summary|gist|tl;?dr)\s+of)"
                     rf"\s+(?:{_DEICTIC}\b|(?:me\s+)?(?:a|an|the)\s+{_ADJ}{_DOCUMENT}\b)"),
    _rule("writing", rf"{_ASK}(?:write|draft|compose|ghostwrite|pen)\s+(?!down\b|out\s+the\b)"
                     rf"(?:me|us|a|an|the|some|my|our|this|that|something|up|\d+|one|two|three|for)\b"),
    _rule("writing", rf"{_ASK}(?:rewrite|re-write|reword|rephrase|paraphrase|proofread|proof-read|edit|polish"
                     rf"|shorten|tweak|improve|redraft|correct|check|review|tidy\s+up|clean\s+up)\s+{_DEICTIC}"
                     rf"(?:\s+{_ADJ}{_ARTEFACT}\b|\s*[:.!?]|\s+(?:for|so|to|into|and|please)\b|$)"),
    _rule("writing", rf"{_ASK}(?:turn|convert|make)\s+{_DEICTIC}\s+{_ADJ}(?:notes|bullets?|bullet\s+points|points"
                     rf"|thoughts|ideas|text|draft|{_ARTEFACT})\s+into\s+(?:a\s+|an\s+|some\s+)?{_ADJ}{_ARTEFACT}\b"),
    _rule("writing", rf"{_ASK}fix\s+(?:this|that|these|those|the\s+following|my)\s+{_ADJ}{_ARTEFACT}\b"),
    _rule("writing", rf"{_ASK}(?:create|generate|make|prepare|produce|put\s+together|design|build|come\s+up\s+with)"
                     rf"\s+{_OBJ}{_ADJ}{_ARTEFACT}\b(?!\s+(?:rate|score|framework|metric)s?\b)"),
    _rule("writing", rf"{_ASK}(?:give|tell|suggest|brainstorm|come\s+up\s+with|think\s+(?:of|up)|list)\s+{_OBJ}{_ADJ}"
                     rf"{_IDEAS}\b"),
    _rule("writing", rf"{_ASK}(?:fill\s+(?:in|out)|complete|answer|take|do)\s+{_DEICTIC}\s+(?:[\w'-]+\s+){{0,2}}?"
                     r"(?:surveys?|forms?|questionnaires?|quiz(?:zes)?|assessments?|self-assessments?|homework)\b"),
    _rule("booking", rf"{_ASK}(?:book|reserve|schedule|arrange|organi[sz]e|set\s+up|cancel|reschedule)\s+{_OBJ}"
                     r"(?:[\w'-]+\s+){0,2}?(?:rooms?|meetings?|calls?|flights?|hotels?|tables?|desks?|slots?|trains?"
                     r"|taxis?|cabs?|appointments?|sessions?|1:1s?|one-on-ones?|catch-?ups?|reminders?|leave|holidays?"
                     r"|syncs?|stand-?ups?|interviews?|demos?|invites?)\b"),
    _rule("booking", rf"{_ASK}(?:send|forward|post|dm|message|email|ping|notify)\s+(?:a|an|the|this|that|my|our|it"
                     r"|everyone|my\s+team|the\s+team|[a-z]+\s+a)\b.{0,60}\b(?:to|in|on)\b"),
    _rule("booking", r"^(?:please\s+)?(?:remind\s+(?:me|us)"
                     r"|add\s+(?:this|it|that)\s+to\s+(?:my|our|the)\s+calendar)\b"),
    _rule("lookup", rf"{_ASK}(?:look\s+up|google|search\s+(?:for|the\s+web)|browse|check\s+the\s+(?:web|internet))\b"),
    # "missed the webinar last thursday… where's the recording?": where a session's recording or slides are
    _rule("lookup", r"\bwhere(?:'s|’s|s|\s+is|\s+are|\s+do\s+i\s+find|\s+can\s+i\s+(?:find|get|watch))\s+"
                    r"(?:the|a|that)\s+(?:recording|replay|slides|deck)s?\b"),
    _rule("lookup", r"^(?:can|could|would|will)\s+(?:someone|somebody|anyone|anybody|you|u)\s+(?:please\s+)?"
                    r"(?:send|share|forward|post|dm)\s+(?:me|us)\s+(?:the|a\s+link\s+to\s+the)\s+"
                    r"(?:slides|deck|recording|notes|minutes|link|agenda|invite)\b"),
    _rule("lookup", rf"\b(?:{_EVENT}|{_SESSION})\b.{{0,40}}\b(?:(?:on|this|next|last)\s+(?:mon|tues|wednes|thurs|fri"
                    r"|satur|sun)day|today|tomorrow|tonight)\b"),
    _rule("lookup", rf"\b(?:yesterday|today|tomorrow|(?:last|this|next)\s+(?:week|(?:mon|tues|wednes|thurs|fri|satur"
                    rf"|sun)day))'?s\s+(?:[\w'-]+\s+){{0,2}}(?:{_EVENT}|{_SESSION})\b"),
    _rule("lookup", rf"{_ASK}(?:find|get|fetch|pull|dig\s+up|send)\s+(?:me|us)\s+(?:the\s+)?(?:date|time|venue|location"
                    r"|address|agenda|schedule|link|recording|slides|deck|phone\s+number|e-?mail\s+address|contact"
                    r"|details|number|name|list|dates|times)\b"),
    _rule("lookup", rf"^(?:when|what\s+(?:date|day|time)|what\s+time|where|who|which\s+(?:day|date|room|venue))"
                    rf"(?:'s\b|\b.{{0,40}}\b(?:is|are|was|were|will|does|do|did)\b).{{0,40}}\b{_EVENT}\b"),
    _rule("lookup", rf"^(?:when|what\s+(?:date|day|time)|what\s+time|where|who|which\s+(?:day|date|room|venue))\b"
                    rf".{{0,40}}\b(?:the\s+)?next\s+"
                    rf"(?:[\w'-]+\s+){{0,2}}{_SESSION}\b"),
    _rule("lookup", rf"\b(?:date|time|venue|location|agenda|address|dress\s+code|schedule)\s+(?:of|for)\s+(?:the|our"
                    rf"|this\s+year'?s|next\s+week'?s|next\s+month'?s)\s+(?:[\w'-]+\s+){{0,2}}{_EVENT}\b"),
    # the catering of an event or a session ("will lunch be provided at the onboarding workshop?")
    _rule("lookup", r"\b(?:lunch|breakfast|dinner|food|snacks|drinks|refreshments|catering|coffee)\b.{0,30}"
                    r"\b(?:provided|served|included|laid\s+on)\b"),
    # where or when a session takes place ("is the AI lunch-and-learn on thursday in the canteen or the training room?")
    # (a particular one: "is a workshop in the training room a good start?" asks about workshops in general)
    _rule("lookup", rf"^(?:(?:is|are|was|will)\s+(?:the|our|this|that|today'?s|tomorrow'?s|(?:this|next)\s+\w+'?s)\b"
                    rf"|where(?:'s|\s+is|\s+are)?\b).{{0,30}}\b(?:{_EVENT}|{_SESSION})\b.{{0,40}}"
                    r"\b(?:in|at)\s+the\s+(?:canteen|cafeteria|kitchen|lobby|(?:[\w-]+\s+){0,2}?\w*(?:room|hall|floor"
                    r"|building|office|auditorium|suite))\b"),
    _rule("lookup", rf"\b(?:register|sign\s+up|rsvp)\s+(?:for|to)\s+(?:the|our|this\s+year'?s)\s+(?:[\w'-]+\s+){{0,2}}"
                    rf"{_EVENT}\b"),
]
_RULES += [
    _rule("code", rf"{_MIND}(?:fixing|debugging|refactoring|checking|reviewing)\s+{_OBJ}{_ADJ}{_CODE}\b{_NOT_CODE}"),
    _rule("translation", rf"{_MIND}translating\b"),
    _rule("summary", rf"{_MIND}(?:summari[sz]ing|summing\s+up)\s+{_DEICTIC}\b"),
    _rule("writing", rf"{_MIND}(?:writing|drafting|composing|rewriting|rewording|proofreading|polishing)\b"),
    _rule("writing", rf"{_MIND}(?:creating|making|preparing|putting\s+together)\s+{_OBJ}{_ADJ}{_ARTEFACT}\b"),
    # "mind turning my standup scribbles into a tidy update?"
    _rule("writing", rf"{_MIND}(?:turning|converting|tidying\s+up|cleaning\s+up|making)\s+(?:my|our|these|this|the)\b"
                     r".{0,60}\binto\b"),
    _rule("booking", rf"{_MIND}(?:booking|scheduling|sending|setting\s+up)\b"),
    _rule("lookup", rf"{_MIND}(?:looking\s+up|finding|checking)\s+(?:when|where|who|the\s+date|the\s+time)\b"),
]
# not "vendor": choosing an AI vendor on the assessment's terms is the guides' phase 3
_HIRED = (r"(?:consultanc(?:y|ies)|consultants?|consulting\s+(?:firms?|compan(?:y|ies))|agenc(?:y|ies)|firms?"
          r"|integrators?|contractors?|freelancers?)")
_LEARNING = (r"(?:courses?|certificates?|certifications?|certs?|books?|bootcamps?|tutorials?|podcasts?|newsletters?"
             r"|youtube\s+channels?|moocs?|udemy|coursera)")
_FOR_ME = r"(?:i|me|my|myself|learn\w*|beginners?|self-?study|free|udemy|coursera|recommend\w*)"
_RULES += [
    # which firm to hire is a pick, like which product to buy ("which consultancy should we hire for AI strategy?")
    _rule("pick", rf"\b(?:which|what)\s+(?:[\w-]+\s+){{0,2}}{_HIRED}\s+(?:should|do|would|could|can)\s+(?:we|i)\s+"
                  r"(?:hire|use|pick|choose|engage|go\s+with|work\s+with|bring\s+in)\b"),
    _rule("pick", rf"\b(?:recommend|suggest)\s+(?:me\s+|us\s+)?(?:a|an|some|any)\s+(?:good\s+)?(?:[\w-]+\s+){{0,2}}{_HIRED}\b"),
    # a course, a book or a certificate for oneself is a pick too ("best free course to learn prompting?"); the
    # guides' training is the rollout's, planned for teams ("what makes a good training course for our rollout?")
    _rule("learning", rf"^(?=.*\b{_FOR_ME}\b).*\b(?:best|good|decent|top|recommend\w*|suggest\w*|which|worth)\s+"
                      rf"(?:(?!to\b)[\w-]+\s+){{0,2}}{_LEARNING}\b(?!\s+of\s+action)"),
    # the bot has no opinions of its own to give ("what do you personally think about AI art?")
    _rule("opinion", r"\bwhat\s+do\s+you\s+personally\s+(?:think|feel|believe)\b|\byour\s+(?:own\s+|personal\s+)"
                     r"(?:opinion|view|take|feelings?)\b|\bdo\s+you\s+personally\s+(?:like|love|hate|prefer|believe)\b"),
]
# hands-on model engineering ("how do I build an LLM-as-judge harness?", "how should we fine-tune llama on our
# tickets?"): the guides say who runs models and why, not how to build one. Not "why did the hospital fine-tune…?"
_MODELS = (r"(?:models?|llms?|classifiers?|embeddings?|vector\s+(?:dbs?|databases?|stores?|index(?:es)?)|rag"
           r"|(?:eval(?:uation)?s?\s+)?harness(?:es)?|judges?|chatbots?|agents?)")
_RULES += [
    # a prompt written for the asker ("give me a good prompt that makes ChatGPT…"), not tips on writing one
    _rule("writing", rf"{_ASK}(?:give|write|suggest|send)\s+(?:me\s+|us\s+)?(?:a|an|some|the)\s+(?:good\s+|better\s+"
                     r"|great\s+|solid\s+)?prompts?\b"),
    _rule("engineering", rf"\bhow\s+(?:do|can|should|would|to)\s+(?:i\s+|we\s+|you\s+)?(?:best\s+)?(?:fine-?tune|train"
                         rf"|build|set\s+up|host|deploy|quantize|distil)\s+(?:a\s+|an\s+|our\s+|my\s+|the\s+)?"
                         rf"(?:own\s+|custom\s+|local\s+)?(?:[\w-]+\s+){{0,2}}?{_MODELS}\b"),
    _rule("engineering", r"\bllm-as-(?:a-)?judge\b|\beval(?:uation)?s?\s+harness\b|\bwhich\s+(?:judge|embedding|base)"
                         r"\s+models?\b|\blearning\s+rate\b|\bhyper-?parameters?\b|\bq?lora\b|\bquantiz\w+"
                         r"|\bfine-?tun(?:e|ing)\s+(?:llama|mistral|gpt|bert|a\s+base\s+model)"),
]
# Code in the message: a block, a traceback, a line of code, or code inline ("my python throws KeyError: 'user_id' on
# df['user_id'].nunique()"): an exception's name, an index by a quoted key, a call with no arguments
_CODE_BLOCK = re.compile(r"```|Traceback \(most recent call last\)|^\s*(?:def |import |SELECT |function )"
                         r"|\b[A-Z][A-Za-z]*(?:Error|Exception)\b|\w\[['\"][^'\"\]]+['\"]\]|\w\.\w+\(\)",
                         re.MULTILINE)
_CODE_TROUBLE = re.compile(r"\b(?:fix|debug|error|errors|bug|bugs|exception|traceback|broken|fails?|failing|crash"
                           r"|crashes|(?:doesn'?t|does\s+not|won'?t)\s+(?:this\s+|it\s+)?(?:work|run|compile)"
                           r"|not\s+working|what'?s\s+wrong|refactor|syntax|compile)\b", re.IGNORECASE)
_LEAD_IN = re.compile(r"^(?:(?:so|ok|okay|and|also|hey|hi|right|then|now|quick(?:ly)?|just)\b[\s,:;—–-]*)+",
                      re.IGNORECASE)


def _kind(sentence: str) -> str | None:
    s = _LEAD_IN.sub("", sentence.strip())
    return next((category for category, pattern in _RULES if pattern.search(s)), None)


def work_request(message: str) -> str | None:
    """The kind of work asked for ("writing", "translation", "code", "summary", "booking", "lookup"), or None
    for a question the guides could answer. Pass the whole message: a request may follow a scene. A message
    that asks a how-to question is not a request, whatever its other sentences say (a pasted prompt such as
    "Write me a summary of the call" is part of the scene)."""
    if _CODE_BLOCK.search(message) and _CODE_TROUBLE.search(message):
        return "code"
    kinds = [(_kind(s), is_question(s)) for s in sentences(message)]
    if any(asked and kind is None for kind, asked in kinds):
        kinds = [(kind, asked) for kind, asked in kinds if asked]
    return next((kind for kind, _ in kinds if kind), None)
