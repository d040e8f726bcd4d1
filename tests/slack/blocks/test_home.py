"""App Home: every role's variant (and the empty sections) valid Block Kit, without pings from people's text."""

import re

from bot.feedback.service import Gap, ToolFeedback
from bot.slack.blocks.home import HomeData, home_view
from bot.usage.service import UsageRow, UsageSummary
from tests.slack.conftest import validate_view

PINGS = re.compile(r"<!(channel|here|everyone)|<!subteam\^|(?<!\u200b)@(channel|here|everyone)\b", re.I)


def test_every_home_variant_is_valid():
    usage = UsageSummary(30, 10, 7, 4, [UsageRow("mention", 6, 3, 20.0)], [UsageRow("Sales & Ops", 10, 4, 21.5)])
    gaps = [Gap(f"topic {i}", 3, 2, ["q <!here>"] * 3) for i in range(12)]
    tools = [ToolFeedback(f"tool {i}", 2, 1, ["good", "bad <!channel>"]) for i in range(12)]
    for roles in ({"employee"}, {"employee", "manager"}, {"employee", "hr"}, {"employee", "admin"}):
        data = HomeData("U1", frozenset(roles), "the team", recent=[("a question?", True), ("other", False)])
        if "manager" in roles or "admin" in roles:
            data.usage = usage
        if "hr" in roles or "admin" in roles:
            data.tools = tools
        if "admin" in roles:
            data.gaps, data.role_count = gaps, 3
        if roles != {"employee"}:
            data.dashboard = "https://coach.example.com/app"
        view = home_view(data)
        validate_view(view)
        assert not PINGS.search(str(view))
    empty = HomeData("U1", frozenset({"employee", "admin"}), "t", usage=UsageSummary(30, 0, 0, 0, [], []),
                     tools=[], gaps=[])
    validate_view(home_view(empty))
