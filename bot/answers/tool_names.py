"""Named AI products in a question read as "AI tool", the words the adoption guides use.

People ask about "copilot", "chatgpt enterprise" or "claude"; the guides say "the AI tool". A product name the
index has never seen weighs most in the question's term weights (it is the rarest word), so a question that
names one matched nothing it covered and was declined. The name is replaced only when no indexed passage
uses it: an organisation whose own documents are about Copilot keeps the word.

Hand-written because it is a list of product names, which no library keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable

GENERIC = "AI tool"
# Longest names first, so that "github copilot" is replaced whole rather than as "github AI tool".
_PRODUCTS = [
    r"(?:microsoft|ms|m365|o365|office|office\s*365|microsoft\s*365|github|bing|windows)\s+copilot(?:\s+chat)?",
    r"copilot\s+(?:studio|chat|pro|for\s+microsoft\s+365)(?:\s+agents?)?",
    r"copilot",
    r"chat\s*gpt(?:\s+(?:enterprise|team|plus|pro|edu))?",
    r"gpt[-\s]?(?:3\.5|4o?|4\.1|5)(?:[-\s]?(?:turbo|mini))?",
    r"(?:anthropic\s+)?claude(?:\s+(?:code|for\s+work|team|enterprise|pro|ai))?",
    r"(?:google\s+)?gemini(?:\s+(?:for\s+workspace|enterprise|advanced|pro))?",
    r"(?:google\s+)?bard",
    r"perplexity",
    r"(?:meta\s+)?llama",
    r"mistral",
    r"deepseek",
    r"grok",
    # coding assistants
    r"cursor(?:\s+ai)?",
    r"windsurf",
    r"codeium",
    r"tabnine",
    r"(?:amazon\s+)?codewhisperer",
    # the clouds' AI services ("is google cloud vision or aws rekognition better value?")
    # ("bedrock" and "vertex" are English words too: only with the vendor's name or "ai")
    r"(?:amazon\s+|aws\s+)?(?:rekognition|textract|sagemaker)",
    r"(?:amazon|aws)\s+bedrock",
    r"(?:google\s+)?cloud\s+vision(?:\s+(?:ai|api))?",
    r"google\s+vertex(?:\s+ai)?|vertex\s+ai",
    r"azure\s+(?:openai|ai\s+(?:vision|services|foundry)|computer\s+vision|cognitive\s+services)",
]
PRODUCT = "(?:" + "|".join(_PRODUCTS) + ")"  # any one of the names, for patterns elsewhere (bot.answers.specifics)
_NAME = re.compile(rf"(?<![\w-]){PRODUCT}(?!\w)", re.IGNORECASE)


def _names(text: str) -> set[str]:
    """The distinct product names in a text, lower-cased with single spaces."""
    return {" ".join(m.group(0).lower().split()) for m in _NAME.finditer(text)}


def generic_tools(text: str, indexed: Callable[[str], bool]) -> str:
    """`text` with each AI product name that `indexed` does not know replaced by "AI tool". A message naming two
    products is left as it is: it compares them ("chatgpt or claude?"), and as "AI tool or AI tool" a product pick
    would read as a question about AI tools in general."""
    if len(_names(text)) > 1:
        return text
    return _NAME.sub(lambda m: m.group(0) if indexed(m.group(0)) else GENERIC, text)


# A message that never says "AI" nor names a product may still be about one: "our GM wants to make the pricing tool
# compulsory…", "the vision system can't classify some rejects". Read without the word, the embedding places it
# among pricing or vision, far from the guides, and 9 of the 21 in-scope messages of this kind in tests/qa were
# declined. Such a tool, named by what it does, reads as "the AI pricing tool".
_AI_WORDS = re.compile(r"\b(?:ai|a\.i\.|artificial\s+intelligence|gen\s?ai|llms?|machine\s+learning|ml|models?"
                       r"|algorithms?|chat\s*bots?|bots?|coach)\b", re.IGNORECASE)
_BY_FUNCTION = re.compile(r"\b((?:the|our|this|that|their|a|an)\s+(?:new\s+)?)((?:[\w-]+\s+){0,2}?"
                          r"(?:tool|module|platform|assistant|engine|system|software|app)s?)\b", re.IGNORECASE)


def mentions_ai(text: str) -> bool:
    """Whether a message says it is about AI: the word, a kindred one ("model", "LLM") or a product's name."""
    return bool(_AI_WORDS.search(text) or _NAME.search(text))


def tools_as_ai(text: str) -> str:
    """Each tool named by what it does ("the pricing tool", "a coding assistant") as an AI one: "the AI pricing
    tool". For a message that does not `mentions_ai` (when one does, it has said what its tools are)."""
    return _BY_FUNCTION.sub(lambda m: f"{m.group(1)}AI {m.group(2)}", text)


def as_the_guides_say(asked: str, message: str, indexed: Callable[[str], bool]) -> tuple[str, str]:
    """The question and the whole message with their tools as the guides name them, for searching: products as
    "AI tool" (`generic_tools`) and, in a message that never says AI, "make the pricing tool compulsory?" as "the AI
    pricing tool" (`tools_as_ai`)."""
    asked, message = generic_tools(asked, indexed), generic_tools(message, indexed)
    return (asked, message) if mentions_ai(message) else (tools_as_ai(asked), tools_as_ai(message))


# What only the product's vendor or the IT desk can answer: the product is down, an account, a setting, a file
# limit, an install, a price. The guides cover how people adopt AI tools, never how one product works.
_SUPPORT = re.compile(
    r"\b(?:outage|timing\s+out|times\s+out|error(?:s|\s+message)?|crash(?:es|ing)?|bug(?:gy)?|glitch"
    r"|not\s+working|stopped\s+working|(?:doesn'?t|won'?t)\s+(?:work|load|open|start)|password|reset"
    r"|licen[cs]es?\b.{0,40}\b(?:expired|ran\s+out|left|available|renewal)"
    r"|(?:renew|request|get\s+(?:me|us))\s+(?:a\s+|my\s+)?(?:\w+\s+)?licen[cs]e|settings?|language\s+setting|history"
    r"|restore|upload|pdfs?|file\s+size|context\s+window"
    r"|(?:says|shows|gives|getting|keeps\s+saying)\s+(?:me\s+)?['\"‘“]?something\s+went\s+wrong"
    r"|(?:log|sign)(?:s|ging|ged|ing)?\s+(?:me|us|you|everyone|people|them)\s+out"
    r"|token\s+limit|install|plugin|extension|laptop|gpu|locally|api\s+key|subscription|pric(?:e|es|ing)"
    r"|cheaper|per\s+seat|dark\s+mode|keyboard\s+shortcut|gr[ae]yed\s+out|restart(?:ed|ing)?|ribbon|icon"
    r"|(?:message|usage|rate|daily)\s+limits?|upgrad(?:e|ed|ing)\s+to\s+(?:pro|plus|premium|team|business))\b",
    re.IGNORECASE)
# A fault only IT can fix, whatever the app is called ("the AI scanner app keeps crashing when I log in with SSO,
# error 0x80070005"): an error code, a failing sign-in, an app that keeps crashing or will not load or connect.
_FAULT = re.compile(
    r"\b(?:error\s+(?:code\s+)?(?:0x[0-9a-f]+|\d{3,})|0x[0-9a-f]{6,}|(?:sso|single\s+sign-?on|log-?in|sign-?in)\s+"
    r"(?:fails?|failing|failed|errors?|loops?|issues?|problems?)|(?:crash|freez|hang)(?:es|ing|ed|s)?\s+(?:when|whenever"
    r"|after|on|every\s+time)\s+(?:i|we|you|they|people|someone)\b|keeps\s+(?:crashing|freezing|hanging|restarting"
    r"|logging\s+(?:me|us)\s+out)|(?:won'?t|doesn'?t|does\s+not|will\s+not|can'?t)\s+(?:load|open|launch|install|sync"
    r"|connect))\b", re.IGNORECASE)
# "is copilot down?", "chatgpt seems offline": the product itself down, not its usage ("usage went down")
_DOWN = re.compile(_NAME.pattern + r"\s+(?:(?:is|seems|was|went|looks)\s+)?"
                   r"(?:down|offline|unavailable)\b(?!\s+(?:to|from|by|after|since|\d))", re.IGNORECASE)
# its price weighed against what it brings is the guides' subject (ROI, the business case), not IT's
# ("…cancel our ChatGPT Team subscription unless I can show it brings money in. what should I track to prove that?")
_WORTH = re.compile(r"\b(?:roi|return|value|worth|justify|business\s+case|payback|pay(?:s|ing)?\s+off|benefits?"
                    r"|prove|proof|revenue|brings?\s+(?:in\s+)?(?:money|revenue)|money\s+in|makes?\s+(?:us\s+)?money"
                    r"|sav(?:es|ings?)\s+(?:us\s+)?(?:money|time))\b", re.IGNORECASE)
_PICK = re.compile(r"\b(?:which|better|best|cheaper|vs\.?|versus|or|compared?\s+(?:to|with)"
                   r"|switch(?:ing)?\s+(?:from|to|over)|mov(?:e|ing)\s+from|migrat\w*\s+(?:from|to))\b", re.IGNORECASE)
_TIERS = re.compile(r"\b(?:business|enterprise|team|pro|plus|individual|free)\s+(?:or|vs\.?|versus)\s+"
                    r"(?:business|enterprise|team|pro|plus|individual|free)\b", re.IGNORECASE)
# Two names set against each other ("Luminance or Kira", "Otter vs Fireflies"): capitalised words, up to three each.
# Most AI products are on no list above; when neither side is a name the indexed documents use (TAM or UTAUT, which
# the guides compare), and the question asks to choose, it is a product pick.
_NAMED = r"[A-Z][\w.+-]*(?:\s+[A-Z][\w.+-]*){0,2}"
_AGAINST = re.compile(rf"(?<![\w-])({_NAMED})\s*(?:,\s*)?(?:or|vs\.?|versus)\s+({_NAMED})(?!\w)")
_CHOOSE = re.compile(r"\b(?:which|better|best|pick|choose|go\s+with|recommend\w*|buy)\b", re.IGNORECASE)
# days, months and quarters are capitalised too ("Monday or Friday, which is better for the survey?")
_WHEN = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|march|april|may|june|july|aug|sept?|oct|nov|dec"
                   r"|january|february|august|september|october|november|december|q[1-4]|h[12]|fy\d*", re.IGNORECASE)
# a choice between options named before ("…which one has the better terms?", "which is cheaper?"), not
# "which KPIs…?" nor "what's the best way to measure it?"
_ONE_OF = re.compile(r"\bwhich\s+(?:one|of\s+(?:them|the\s+two|these|those|both))\b"
                     r"|\bwhich\s+(?:is|has|gives|offers)\s+(?:the\s+)?(?:better|cheaper|best)\b", re.IGNORECASE)
# which vendor, brand or product is best, whoever sells it ("which scanner vendor has the best AI grading out of the
# box?", "which brand would you go with?"), not how to choose one ("how do we decide which vendor is best for us?")
_WHICH_VENDOR = re.compile(r"\bwhich\s+(?:[\w-]+\s+){0,2}?(?:vendors?|brands?|suppliers?|providers?|products?"
                           r"|subscriptions?|apps?|platforms?)\s+(?:has|have|is|are|would|do|does|gives?|offers?)\b"
                           r"[^?]{0,50}\b(?:best|better|go\s+with|recommend|pick|choose|cheapest)\b"
                           r"|\bwhich\s+(?:one|brand|vendor|supplier|product)\s+would\s+(?:you|u)\s+(?:go\s+with|pick"
                           r"|choose|recommend|buy)\b"
                           # "is copilot in project any good or should we buy primavera with its AI add-on instead?"
                           r"|\bany\s+good\b[^?]{0,20}\bor\s+should\s+(?:we|i)\s+(?:buy|get|go\s+with|switch\s+to"
                           r"|pay\s+for)\b", re.IGNORECASE)
_HOW_TO_CHOOSE = re.compile(r"\bhow\s+(?:do|should|can|would)\s+(?:we|i|you|u)\s+(?:decide|choose|pick|evaluate|assess"
                            r"|compare|judge|work\s+out)\b|\bcriteria\b", re.IGNORECASE)
# "…says copilot isn't available for this file. how do i fix it?": a fault the scene describes, to fix
_FIX = re.compile(r"\b(?:fix|sort|solve|get\s+round|get\s+around)\s+(?:it|this|that)\b", re.IGNORECASE)
# "not asking which one is better, just: what should the assessment cover?"
_NOT_ASKING = re.compile(r"\bnot\s+(?:asking|about|looking\s+for|after)\b[^.?!:;]{0,20}"
                         r"\b(?:which|better|best|cheaper)\b", re.IGNORECASE)
_IT = re.compile(r"\b(?:it|its|it's)\b", re.IGNORECASE)
# how people are judged when the product is wrong ("…ignores a copilot security warning and the bug ships, should that
# go in their review?") is incentive design, which the guides cover, not a fault for the IT desk
_JUDGED = re.compile(r"\b(?:their|his|her|my|your|the|an?)\s+(?:annual\s+|performance\s+|year-end\s+)?"
                     r"(?:review|appraisal)s?\b|\bbonus(?:es)?\b|\bpenal(?:ty|ties|i[sz]ed?)\b|\bblamed?\b"
                     r"|\baccountable\b|\bdisciplin\w*", re.IGNORECASE)
# whether something may be done with a product ("are we allowed to upload site photos into ChatGPT under our
# policy?") is the organisation's policy, for the people who own AI at work, not a question for the IT desk
_PERMISSION = re.compile(r"\b(?:allowed|permitted|approved|policy|policies|ok\s+to|okay\s+to|fine\s+to"
                         r"|(?:against|within)\s+the\s+rules)\b", re.IGNORECASE)


def _unlisted(side: str, indexed: Callable[[str], bool]) -> bool:
    """One side of "X or Y" read as a product no list holds: no name the indexed documents use, and not a date."""
    return not indexed(side) and not _WHEN.fullmatch(side.split()[0])


def _weighs_names(asked: str) -> bool:
    """Named products weighed against each other: a word that picks ("which", "better", "switch from"), or an "or"
    or "vs" between two of the names ("chatgpt or claude?"), not one after them that weighs something else
    ("…copilot minutes and claude specs take as long as writing them. is that normal or are we doing it wrong?")."""
    spans = [m.span() for m in _NAME.finditer(asked)]
    for m in _PICK.finditer(asked):
        if not re.fullmatch(r"or|vs\.?|versus|compared?\s+(?:to|with)", m.group(0), re.IGNORECASE):
            return True
        if spans[0][1] <= m.start() and m.end() <= spans[-1][0]:
            return True
    return False


def product_question(asked: str, indexed: Callable[[str], bool], scene: str = "") -> str | None:
    """"pick" for a choice between named AI products or their plans ("chatgpt or claude?", "copilot business or
    enterprise?", or two names no list holds: "Otter vs Fireflies, which one?"), "support" for a question about how
    one product works ("is chatgpt down?", "can claude read big pdfs?") or a fault in an unnamed one ("the scanner app
    keeps crashing when I log in"), else None. The product names are read in
    the question, not in the scene before it: "we paid for copilot licences … how is adoption rate calculated?"
    asks about adoption (only a pick's options and the product "it" points back to are read before it). A product
    that the indexed documents name is the organisation's own subject (its IT guides): those questions are theirs
    to answer."""
    names = _names(asked)
    named_before = _names(scene) if not names and _IT.search(asked) else set()
    if len(named_before) == 1:
        # "Claude keeps saying I hit the message limit. How long until it resets?": the product named just before
        if ((_SUPPORT.search(asked) or _FIX.search(asked) and _SUPPORT.search(scene)) and not _WORTH.search(asked)
                and not _WORTH.search(scene) and not any(indexed(n) for n in named_before)):
            return "support"
        return None
    # the options are often named before the question that asks to choose ("Otter vs Fireflies — which one?")
    pairs = _AGAINST.findall(f"{scene} {asked}")
    if _CHOOSE.search(asked) and any(_unlisted(a, indexed) and _unlisted(b, indexed) for a, b in pairs):
        return "pick"
    # or named only in the scene, as the choice's options ("is chatgpt enterprise or copilot cheaper per seat, and
    # which one has the better terms?")
    offered = _names(scene) if not names else set()
    if (len(offered) > 1 and _ONE_OF.search(asked) and not _NOT_ASKING.search(asked)
            and not any(indexed(n) for n in offered)):
        return "pick"
    if not names and _FAULT.search(asked):
        return "support"
    if _WHICH_VENDOR.search(asked) and not _HOW_TO_CHOOSE.search(asked):
        return "pick"
    if not names or any(indexed(n) for n in names):
        return None
    if (len(names) > 1 and _weighs_names(asked)) or _TIERS.search(asked):
        return "pick"
    if _DOWN.search(asked) or (_SUPPORT.search(asked) and not _WORTH.search(asked)
                               and not _PERMISSION.search(asked) and not _JUDGED.search(asked)):
        return "support"
    return None
