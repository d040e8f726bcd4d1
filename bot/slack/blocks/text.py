"""Text safety and size for Block Kit: escaping, no mass mentions, the notification text sent with blocks,
splitting within Slack's limits."""

from __future__ import annotations

import re

SECTION_LIMIT = 3000  # characters of mrkdwn in one section block
MESSAGE_BLOCKS = 50  # blocks in one message
FALLBACK_LIMIT = 3000  # the notification `text` we send with blocks (Slack accepts up to 40,000)

# <!channel>, <!here>, <!everyone>, <!subteam^S123|@team> and their labelled forms
_SPECIAL_MENTION = re.compile(r"<!(channel|here|everyone|subteam\^[A-Z0-9]+)(\|[^>]*)?>", re.IGNORECASE)
# the bare words, which Slack turns into mentions when link_names is on
_BARE_MENTION = re.compile(r"@(channel|here|everyone)\b", re.IGNORECASE)
_ZWSP = "\u200b"


def escape(text: str) -> str:
    """User text shown in mrkdwn: the three control characters Slack asks to escape."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def no_pings(mrkdwn: str) -> str:
    """Defuse @channel, @here, @everyone and user-group mentions, whatever produced the text."""
    def _defuse(m: re.Match) -> str:
        name = m.group(1)
        label = name.split("^", 1)[0] if name.lower().startswith("subteam") else name
        return f"@{_ZWSP}{label}"
    text = _SPECIAL_MENTION.sub(_defuse, mrkdwn)
    return _BARE_MENTION.sub(lambda m: f"@{_ZWSP}{m.group(1)}", text)


def user_text(text: str, limit: int) -> str:
    """Someone's own words quoted back: escaped, defused, shortened to ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return no_pings(escape(flat))


def fallback(text: str) -> str:
    """A message's notification ``text`` (sent with its blocks), written as plain words that may hold what
    people typed: a survey title, a KPI, OKR or team name. Slack reads it as mrkdwn, so it goes through
    ``user_text`` like any quoted text: a title's ``<!channel>`` or ``<@U…>`` shows as typed and pings no one,
    even though the blocks already escape it."""
    return user_text(text, FALLBACK_LIMIT)


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# Hand-written: langchain-text-splitters cuts by length and can split a <url|label> link or an &amp; entity,
# which breaks mrkdwn.
def split_text(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Pieces of at most ``limit`` characters, cut at paragraph, line, sentence or word boundaries when
    there is one in the second half of the piece, never inside a <...> link or entity."""
    pieces, rest = [], text.strip()
    while len(rest) > limit:
        cut = _cut_point(rest, limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces


def _cut_point(text: str, limit: int) -> int:
    window = text[:limit]
    for sep in ("\n\n", "\n", ". ", " "):
        at = window.rfind(sep)
        if at >= limit // 2:
            cut = at + len(sep)
            break
    else:
        cut = limit
    # do not split a <link|label> or an &amp; entity
    opening, closing = window.rfind("<", 0, cut), window.rfind(">", 0, cut)
    if opening > closing and opening > 0:
        cut = opening
    amp = window.rfind("&", max(0, cut - 6), cut)
    if amp > 0 and ";" not in window[amp:cut]:
        cut = amp
    return cut
