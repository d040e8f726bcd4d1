"""The question in a Slack message, apart from the scene it sets ("I lead a team of 8 analysts… how do we…?").

Hand-written because no library ships an offline dialogue-act tagger for Slack messages: these are rules over
how people ask at work (a question mark, a question word or auxiliary first, an indirect ask such as
"wondering whether…"), with bot.ingest.units.split_sentences doing the sentence splitting.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import bm25s

from bot.ingest.units import plain, split_sentences

if TYPE_CHECKING:
    from bot.answers.evidence import Passage
    from bot.retrieval.lexical import TermAnalyzer

_MENTION = re.compile(r"<[@!#][^>]*>|(?<![\w.])@[\w.-]+")  # <@U123>, <!here>, <#C1|general>, @coach
_EMOJI_CODE = re.compile(r":[a-z0-9_+'-]+:")  # :pray:, :slightly_smiling_face:
_LINE_MARK = re.compile(r"^\s*(?:>+|[-*•]|\d+[.)])\s+")  # quoted lines and list markers
_LABEL = re.compile(r"^(?:(?:quick|small|simple|silly|dumb|random|one|another)\s+question|question|q|one\s+more\s+thing"
                    r"|context|background|fyi|ps|p\.s\.)\s*[:—–-]\s*", re.IGNORECASE)  # "Quick question: how…"
_ADDRESSEES = r"(?:\s+(?:there|all|everyone|everybody|folks|team|guys|y'all|friends|coach|bot|people))*"
_GREETING = re.compile(
    rf"^(?:(?:hey|hi|hello|hiya|howdy|yo){_ADDRESSEES}(?:\s+[A-Z][\w-]*(?=\s*[,!]))?(?:\s*[,!.:;—–-]+\s*|\s+|$)"
    rf"|(?:good\s+(?:morning|afternoon|evening)|morning|afternoon|evening|greetings|dear){_ADDRESSEES}"
    rf"(?:\s+[A-Z][\w-]*)?\s*[,!.:;—–-]+\s*)", re.IGNORECASE)
_THANKS = (r"(?:(?:many|big|huge)\s+)?(?:thanks|thank\s+you|thx|ty|tia|cheers|much\s+appreciated|appreciated"
           r"|appreciate\s+(?:it|any\s+help|your\s+help|the\s+help))")
_SIGN_OFF = re.compile(rf"^(?:{_THANKS}\b[^?]{{0,40}}|any\s+(?:help|input|advice|pointers|thoughts)\s+"
                       r"(?:is\s+|would\s+be\s+)?(?:much\s+|greatly\s+|really\s+)?appreciated\W*)$", re.IGNORECASE)
_TRAILING_THANKS = re.compile(rf"[,;–—-]\s*{_THANKS}(?:\s+(?:so\s+much|a\s+lot|in\s+advance))?[\s!.]*$",
                              re.IGNORECASE)
# Lead-ins people put before the actual question ("Quick question: how…", "So basically, what…").
_LEAD_IN = re.compile(r"^(?:(?:so|ok|okay|and|but|also|then|now|anyway|basically|honestly|really|well|right"
                      r"|quick\s+question|question|my\s+question\s+is|the\s+question\s+is|long\s+story\s+short"
                      r"|in\s+short|tl;?dr|bottom\s+line)\b[\s,:;—–-]*)+", re.IGNORECASE)
_SUBJECTS = (r"(?:i|we|you|they|he|she|it|there|this|that|these|those|the|a|an|our|my|your|their|any|anyone"
             r"|someone|somebody|anybody|everyone|people|managers|teams|employees|one)")
_WH = re.compile(r"^(?:how|what|what's|whats|which|why|who|whom|whose|where)\b(?!\s+(?:we|i|they|our|my|he|she)\b)",
                 re.IGNORECASE)
_AUX = re.compile(rf"^(?:can|could|should|shall|would|will|do|does|did|is|are|was|were|have|has|may|might|must"
                  rf"|can't|don't|doesn't|isn't|aren't|shouldn't|wouldn't)\s+{_SUBJECTS}\b", re.IGNORECASE)
_INDIRECT = re.compile(
    r"\b(?:(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:like|love)\s+to\s+(?:know|understand|learn|hear|find\s+out)"
    r"|(?:i|we)\s+(?:want|need)\s+to\s+(?:know|understand|learn|find\s+out)"
    r"|wondering|curious\s+(?:whether|if|how|what|why|which|about|to)"
    r"|any\s+(?:tips|advice|ideas|suggestions|recommendations|pointers|guidance|best\s+practices?|thoughts"
    r"|experience|input)\b"
    r"|(?:looking\s+for|need|would\s+love|would\s+appreciate)\s+(?:some\s+|any\s+)?(?:advice|guidance|tips"
    r"|ideas|suggestions|recommendations|pointers|input|a\s+way|best\s+practices?)"
    r"|please\s+(?:advise|explain|tell\s+me)|(?:let\s+me|lmk)\s+know\s+(?:how|what|whether|if|which|why)"
    r"|(?:can|could)\s+(?:you|someone|anyone|somebody)\s+(?:explain|tell|advise|recommend|suggest|share|point)"
    r"|help\s+me\s+(?:understand|figure|decide|choose|work\s+out)"
    r"|(?:trying|want|need)\s+to\s+(?:figure\s+out|understand|work\s+out|decide)\s+(?:how|what|whether|if|which|why)"
    r"|not\s+sure\s+(?:how|what|whether|if|which|why|where|when)"
    r"|(?:keen|eager)\s+to\s+(?:know|hear|understand|learn)|interested\s+in\s+(?:knowing|hearing|how|what|whether)"
    r"|what'?s\s+the\s+(?:best|right|recommended)\s+way)", re.IGNORECASE)
# A long sentence that sets a scene and then asks, joined by a comma or a dash ("…and usage is flat, so how…").
_CLAUSE_ASK = re.compile(r"(?:;|\s[—–-]\s|,)\s*(?:(?:so|but|and)\s+)?(?=(?:how|what|which|why|should|can|could"
                         r"|is\s+there|are\s+there|any\s+tips|any\s+advice)\b)", re.IGNORECASE)
_JOINER_END = re.compile(r"\s*(?:[,;]|\s[—–-])\s*(?:(?:so|but|and)\s*)?$", re.IGNORECASE)
_SUBORDINATE = re.compile(r"^(?:if|when|once|after|before|while|since|because|although|though|unless|until|as)\b",
                          re.IGNORECASE)
# Who is asking, said first ("engineering manager: …", "HR partner here - …", "plant engineer, quick one: …"):
# scene, not question. Only with a colon, a dash or "here", so "ops manager, what do I…" is not split, and never
# across "vs" or "or" ("business owner vs CoE: who…" compares the roles it names).
_ROLES = (r"(?:manager|lead|director|partner|engineer|analyst|officer|owner|architect|controller|vp|head|admin"
          r"|specialist|consultant|coordinator|recruiter|nurse|doctor|clinician|developer|dev|pm|designer|scientist"
          r"|rep|agent|hr|hrbp|ops|cfo|ceo|cto|coo|ciso|founder|exec|executive|supervisor|generalist|champion)")
_ROLE_LABEL = re.compile(
    rf"^(?:(?:i'?m|i\s+am)\s+(?:a|an|the)\s+)?(?!.*\b(?:vs|versus|or)\b.*{_ROLES})(?:[\w'&/-]+\s+){{0,3}}?{_ROLES}s?"
    rf"(?:(?:\s+here)?(?:\s*,\s*quick\s+(?:one|q|question))?\s*(?::|\s[-–—])|\s+here\s*[,.])\s+(?=\S+\s+\S+\s+\S)",
    re.IGNORECASE)
_MIN_SCENE_WORDS = 8  # a comma splits off a question only after a scene this long
_REFERENCE = re.compile(r"\b(?:that|this|it|those|these|them|they|one)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z][a-z0-9'+-]+")  # two letters or more: "e.g." is no subject
_STOP = frozenset(bm25s.stopwords.STOPWORDS_EN_PLUS) | {"can", "could", "would", "shall", "might", "may", "must",
                                                         "i'm", "we're", "i've", "we've", "i'd", "we'd", "what's",
                                                         "whether", "sure", "wonder", "one"}
# Words of a bare ask ("Any thoughts?", "Does that make sense?"): such a question carries no subject.
_GENERIC = frozenset(
    ["thoughts", "thought", "ideas", "idea", "advice", "tip", "tips", "suggestions", "suggestion",
     "recommendations", "recommend", "help", "think", "anyone", "someone", "anybody", "everyone", "pointers",
     "guidance", "input", "feedback", "insights", "experience", "experiences", "appreciated", "appreciate",
     "welcome", "sense", "make", "makes", "please", "know", "let", "lmk", "right", "correct", "ok", "okay", "good",
     "approach", "possible", "way", "sound", "sounds", "share", "advise", "wondering", "curious", "best",
     "practice", "practices", "fine", "idea", "work", "works", "plan", "go", "missing", "something", "am", "else",
     "helps", "helped", "helpful", "going", "happening", "happened", "wrong", "normal",
     # "is that a known pattern or just us?", "is this common?": "is that normal?" in other words
     "known", "pattern", "common", "usual", "unusual", "us",
     # "what does the framework say?", "what bar do the guides set?": a pointer to the guides, whose subject is the
     # sentence before (a helper's blind sets, tests/qa/fresh10_dev.yaml and declines_fresh7_dev.yaml)
     "framework", "guide", "guides", "playbook", "docs", "say", "says", "bar",
     # "sanity check pls", "sensible or asking for trouble?": bare asks in other words
     "sanity", "pls", "plz", "sensible", "trouble", "asking"])
# Scene words that say nothing about which passage answers ("our team", "last month").
_SCENE_NOISE = frozenset(
    ["team", "teams", "people", "person", "company", "month", "months", "week", "weeks", "year", "years", "day",
     "days", "last", "next", "ago", "recently", "currently", "started", "start", "starting", "just", "also",
     "really", "quite", "lot", "lots", "bit", "still", "since", "yet", "already", "everyone", "everybody",
     "everything", "nobody", "anyone", "someone", "use", "uses", "used", "using", "get", "gets", "got", "went",
     "go", "goes", "going", "need", "needs", "needed", "want", "wants", "wanted", "asked", "ask", "asks", "added",
     "add", "tried", "try", "trying", "made", "make", "makes", "said", "say", "says", "told", "think", "thinks",
     "feel", "feels", "seem", "seems", "keep", "keeps", "kept", "two", "three", "four", "five", "six", "seven",
     "eight", "nine", "ten", "dozen", "hundred", "half", "first", "second", "new", "january", "february", "march",
     "april", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday",
     "wednesday", "thursday", "friday", "here", "lead", "leads", "run", "runs", "running", "work", "works",
     "working"])
_THIN = 2  # a question with this few subject words and a "that"/"it" leans on the sentence before it


@dataclass(frozen=True)
class Focus:
    question: str  # what to search and answer: the question sentence(s)
    context: str  # the rest of the message (role, team, tool, what happened); "" when none


def _clean(message: str) -> list[str]:
    """The message's lines without mentions, emoji and list or quote markers."""
    text = _EMOJI_CODE.sub(" ", _MENTION.sub(" ", message))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "So")
    lines = [_LINE_MARK.sub("", line) for line in text.splitlines()]
    return [" ".join(line.split()) for line in lines if line.strip()]


def _split(line: str) -> list[str]:
    """Sentences of one line; a lowercase start after "." or "?" (Slack style) still begins a sentence."""
    shadow = re.sub(r"([.!?][\"”')\]]?\s+[\"“(\[]?)([a-z])", lambda m: m.group(1) + m.group(2).upper(), line)
    out, pos = [], 0
    for piece in split_sentences(shadow):
        at = shadow.find(piece, pos)
        if at < 0:
            out.append(piece)
            continue
        out.append(line[at:at + len(piece)])
        pos = at + len(piece)
    return out


def _clauses(sentence: str) -> list[str]:
    """A long scene-then-question sentence as its scene and its question."""
    if _SUBORDINATE.match(sentence) or (is_question(sentence) and not sentence.endswith("?")):
        return [sentence]
    for m in _CLAUSE_ASK.finditer(sentence):
        head, tail = sentence[:m.start()].strip(), sentence[m.end():].strip()
        if len(head.split()) >= _MIN_SCENE_WORDS and not _WH.match(sentence) and not _AUX.match(sentence):
            return [sentence[:m.end()].rstrip(), tail]  # the scene keeps its ", so" for rejoining
    return [sentence]


def sentences(message: str, clauses: bool = True) -> list[str]:
    """The message's sentences without greetings, sign-offs and @mentions; with `clauses`, a long scene-then-question
    sentence as its scene and its question."""
    out: list[str] = []
    for line in _clean(message):
        for sentence in _split(line):
            out.extend(_clauses(sentence) if clauses else [sentence])
    if out:
        out[0] = _GREETING.sub("", out[0], count=1).strip()
        out[-1] = _TRAILING_THANKS.sub("", out[-1]).strip()
    out = [_LABEL.sub("", s) for s in out]
    role = _ROLE_LABEL.match(out[0]) if out else None
    if role:
        out[:1] = [out[0][:role.end()].rstrip(" :,.-–—"), out[0][role.end():]]
    return [s for s in out if s and not _SIGN_OFF.match(s) and re.search(r"\w", s)]


def is_question(sentence: str) -> bool:
    """Asks something: ends with "?", opens with a question word or auxiliary, or asks indirectly."""
    s = sentence.strip()
    if s.rstrip(" )\"'”").endswith("?"):
        return True
    bare = _LEAD_IN.sub("", s)
    return bool(_WH.match(bare) or _AUX.match(bare) or _INDIRECT.search(s))


def subject_words(text: str) -> list[str]:
    """The words of a sentence that name what it is about (no stop words, no words of a bare ask)."""
    return [w for w in _WORD.findall(text.lower()) if w not in _STOP and w not in _GENERIC]


def leans_back(question: str) -> bool:
    """Too thin to search alone: one subject word, or two and a "that"/"it" ("How do we fix that?")."""
    words = subject_words(question)
    return len(words) <= 1 or (len(words) <= _THIN and bool(_REFERENCE.search(question)))


def focus(message: str) -> Focus:
    """The question(s) of a message and the scene around them; a one-sentence message is its own question."""
    parts = sentences(message)
    if not parts:
        return Focus(" ".join(message.split()), "")
    if len(parts) == 1:
        return Focus(parts[0], "")
    asked = [i for i, s in enumerate(parts) if is_question(s)]
    if not asked:
        contentful = [i for i, s in enumerate(parts) if subject_words(s)]
        asked = [contentful[-1] if contentful else len(parts) - 1]
    chosen = set(asked)
    for i in asked:  # "How do we fix that?" brings the sentence "that" points to
        if leans_back(parts[i]) and i > 0 and i - 1 not in chosen:
            chosen.add(i - 1)
    if all(not subject_words(parts[i]) for i in chosen):  # only bare asks: the last real sentence is the question
        contentful = [i for i, s in enumerate(parts) if subject_words(s)]
        if contentful:
            chosen.add(contentful[-1])
    question = " ".join(parts[i] for i in sorted(chosen))
    context = " ".join(_JOINER_END.sub("", s) for i, s in enumerate(parts) if i not in chosen)
    return Focus(question, context)


def context_terms(context: str, analyzer: TermAnalyzer) -> frozenset[str]:
    """The scene's terms as the analyzer stems them (as TermWeights and BM25 do), for tie-breaking
    between passages: the role, team and tool named, without words that only set the time or the team size."""
    words = [w for w in subject_words(context) if w not in _SCENE_NOISE and not w[0].isdigit()]
    return frozenset(analyzer.terms(" ".join(words)))


CONTEXT_BONUS = 0.02  # at most: the scene only breaks near-ties, it never outweighs the question


def prefer_context(passages: list[Passage], terms: frozenset[str], analyzer: TermAnalyzer) -> list[Passage]:
    """The passages re-ordered so that, between near-equals, the one naming the scene's role, team or tool comes
    first ("I'm a sales manager… how do I reward AI use?" prefers the sales row)."""
    if not terms or len(passages) < 2:
        return passages

    def key(p: Passage) -> float:
        present = set(analyzer.terms(plain(f"{p.breadcrumb} {p.text}")))
        return p.rank_score + CONTEXT_BONUS * len(terms & present) / len(terms)

    return sorted(passages, key=lambda p: (not p.leads, -key(p)))  # a clear paraphrase's section stays first
