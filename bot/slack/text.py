"""Reading what people typed: Slack's message markup back to the plain question."""

from __future__ import annotations

import re

_LINK = re.compile(r"<([^<>|]+)(?:\|([^<>]*))?>")


def question_text(text: str, bot_user_id: str | None = None) -> str:
    """``<@BOT> how do we measure <https://x|adoption>?`` → ``how do we measure adoption?``."""
    if bot_user_id:
        text = text.replace(f"<@{bot_user_id}>", " ")

    def _plain(m: re.Match) -> str:
        target, label = m.group(1), m.group(2)
        if label:
            return label if not target.startswith(("@", "#", "!")) else ("#" + label if target.startswith("#")
                                                                        else "@" + label.lstrip("@"))
        if target.startswith("!"):
            return "@" + target[1:].split("^", 1)[0]
        return target
    text = _LINK.sub(_plain, text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return " ".join(text.split())
