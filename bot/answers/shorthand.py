"""Chat shorthand read as the words it stands for: "hi wat can u do", "whats shadow work n how do we stop it".

The question's shape rests on its small words ("and" splits two questions, "you" asks about the bot, "what" opens
a question), and the shorthand hides them: "wat can u do" has no term the search can use, and "… n how do we
stop it" was read as one question. Hand-written: the packages that expand chat abbreviations (abbreviations-py,
abbrfix) are small, unmaintained lists of acronyms such as "brb" and "ttyl", and one also strips punctuation; the
words needed here are a dozen, and the rest of the message must stay as it was.
"""

from __future__ import annotations

import re

_WORDS = {"u": "you", "ur": "your", "wat": "what", "wut": "what", "thru": "through", "pls": "please",
          "plz": "please", "abt": "about", "ppl": "people", "tho": "though", "cuz": "because", "coz": "because",
          "bcuz": "because", "b/c": "because", "w/": "with", "w/o": "without", "n": "and", "&": "and", "+": "and",
          # the embedding model reads "genai" as word pieces of something else (0.41 to the risks section's listed
          # question against 0.63 for "generative AI")
          "genai": "generative AI",
          "whats": "what's", "dont": "don't", "doesnt": "doesn't", "isnt": "isn't", "didnt": "didn't"}
# "n", "&" and "+" only between two words ("x n y"), never "n = 40", "P&L" or "C++"; nothing inside "U.S.", "e.g.",
# "u-shaped" or "n't"
_TOKEN = re.compile(r"(?<![\w/&+.'’-])(?:b/c|w/o|w/|[a-z]+|&|\+)(?![\w/&+'’-]|\.\w)", re.IGNORECASE)


def expand(message: str) -> str:
    """The message with chat shorthand written out; every other character as it was."""
    def word(m: re.Match) -> str:
        token = m.group(0)
        full = _WORDS.get(token.lower())
        if full is None:
            return token
        if token == "N":  # "the N in eNPS": a letter, not "and"
            return token
        if token in ("n", "&", "+"):
            before, after = message[:m.start()], message[m.end():]
            if not (re.search(r"[a-z]\s$", before, re.IGNORECASE) and re.match(r"\s[a-z]", after, re.IGNORECASE)):
                return token
        return full
    return _TOKEN.sub(word, message)
