"""Things asked in the asker's words that the guides file under a name of their own: the name, from the table in
bot.answers.guide_label_table (which says why each entry is there), is added to what is searched, after the words that
ask for it.

A message that earned a label and found the labelled section first is answered under the decline line
(`names_passage`, read by bot.answers.service), as a clear paraphrase of a listed question is: with the labels, the
tuning sets' false declines went 101 -> 78 and no off-topic message was answered that had been declined (session 24,
with that session's labels and declines).

Hand-written, like bot.answers.usage_share: a rewrite of a phrase, which no library does without a model.
"""

from __future__ import annotations

import re

from bot.answers.guide_label_table import LABELS


def with_guide_labels(text: str) -> str:
    """The text with each label the guides use for what it asks, in brackets after the words that ask it."""
    for rule in LABELS:
        m = rule.asks.search(text)
        if m is None or rule.named.search(text) or not all(p.search(text) for p in rule.needs):
            continue
        text = f"{text[:m.end()]} ({rule.label}){text[m.end():]}"
    return text


_PUT = re.compile(r"\(([^()]+)\)")
_WORD = re.compile(r"[a-z0-9]+")
_LABELS = frozenset(rule.label for rule in LABELS)


def names_passage(searched: str, breadcrumb: str, text: str) -> bool:
    """Whether a label `with_guide_labels` put in the searched text names this passage: each of its words is in the
    passage's headings or text. A label is written for one section, so a message that earned it and found that
    section first asks what the section answers, however low the scores of a long scene put the confidence."""
    words = set(_WORD.findall(f"{breadcrumb} {text}".lower()))
    return any(put in _LABELS and set(_WORD.findall(put.lower())) <= words for put in _PUT.findall(searched))
