"""What people read about adoption besides the tables: intent beside use (the latest intention survey next
to measured adoption, bot.adoption.intent) and the lines a KPI nudge shows (bot.kpis.ports.AdoptionLines)."""

from __future__ import annotations

from bot.adoption.figures import AdoptionFigures
from bot.adoption.intent import IntentRow, IntentService, SurveyIntents, compare
from bot.adoption.records import tool_label
from bot.adoption.rollup import ALL, ANY, Figure
from bot.kpis.periods import Period
from bot.kpis.scopes import Scope
from bot.tenancy import EVERY_ROW, Tenant

MAX_NAMED = 8  # departments a nudge line names before "…and N more"


def _name(text: str) -> str:
    """A name from the directory inside mrkdwn: Slack's three control characters escaped, so a department
    called ``<!channel>`` cannot ping anyone."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _rate(f: Figure) -> str:
    return f"{f.rate:.0f}%"


class AdoptionSummary:
    def __init__(self, figures: AdoptionFigures, intent: IntentService):
        self.figures = figures
        self.intent = intent

    def intent_beside_use(self, period: Period, *, tenant: Tenant = EVERY_ROW
                          ) -> tuple[SurveyIntents | None, list[IntentRow]]:
        """The latest closed intention survey and, per department it may show, its intention beside the
        measured adoption (any AI tool) of ``period``; ([], None) without such a survey."""
        survey = self.intent.latest_intents(tenant)
        if survey is None:
            return None, []
        snap = self.figures.snapshot(period, tenant=tenant)
        return survey, compare(snap.rollup.by_department(), survey.intents)

    def lines(self, period: Period, scope: Scope, tenant: Tenant = EVERY_ROW) -> list[str]:
        """Adoption by department and tool for a nudge: [] unless the tools' reports cover ``period``."""
        if not self.figures.has_data(period, tenant=tenant):
            return []
        rollup = self.figures.snapshot(period, tenant=tenant).rollup
        if not rollup.released:
            return []
        source = "from the AI tools' usage reports"
        if scope.kind == "department":
            view = rollup.for_department(scope.name)
            if view.group is None:
                return []
            tools = " · ".join(f"{_name(tool_label(f.tool))} {_rate(f)}" for f in view.figures if f.tool != ANY)
            head = f"*AI tool adoption in {_name(view.group)}, {period.label}* ({source}): "
            anyone = next((f for f in view.figures if f.tool == ANY), None)
            out = [head + (f"{_rate(anyone)} used any AI tool" if anyone else "") + (f"; {tools}" if tools else "")]
            if view.reason:
                out.append(f"_{_name(view.reason)}_")
        else:
            tool = scope.name if scope.kind == "tool" else ANY
            named = [f for f in rollup.figures if f.tool == tool and f.department != ALL]
            by_dept = " · ".join(f"{_name(f.department)} {_rate(f)}" for f in named[:MAX_NAMED])
            if len(named) > MAX_NAMED:
                by_dept += f" …and {len(named) - MAX_NAMED} more"
            tools = " · ".join(f"{_name(tool_label(f.tool))} {_rate(f)}" for f in rollup.by_tool() if f.tool != ANY)
            out = [f"*AI tool adoption by department, {period.label}* ({source}): {by_dept}"]
            if tools and scope.kind != "tool":
                out.append(f"*By tool:* {tools}")
        _, rows = self.intent_beside_use(period, tenant=tenant)
        wanted = scope.name.casefold() if scope.kind == "department" else None
        for row in rows:
            if row.flag and row.department != ALL and (wanted is None or row.department.casefold() == wanted):
                out.append(f":warning: *{_name(row.department)}*: intention {row.intent.score:.1f}/7 beside "
                           f"{_rate(row.figure)} use. {row.message} {row.tip.text} (source: {row.tip.source})")
        return out
