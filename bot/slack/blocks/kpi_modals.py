"""The `/kpi record` and `/kpi nudge` forms, and reading what was entered in them."""

from __future__ import annotations

from bot.kpis.catalog import Catalog
from bot.kpis.nudge_schedules import NUDGE_PERIODS
from bot.kpis.okrs import ObjectiveStatus
from bot.slack.blocks.kit import plain, section
from bot.slack.blocks.text import shorten

RECORD_MODAL, NUDGE_MODAL = "kpi_record", "kpi_nudge"
SCOPES = {"organisation": "Organisation", "department": "Department", "team": "Team"}
DEFAULT_CRON = "0 9 * * 1"


def _option(value: str, label: str) -> dict:
    return {"text": plain(shorten(label, 75)), "value": value}


def _input(block_id: str, label: str, element: dict, optional: bool = False, hint: str | None = None) -> dict:
    block = {"type": "input", "block_id": block_id, "optional": optional, "label": plain(label), "element": element}
    if hint:
        block["hint"] = plain(hint)
    return block


def _text(initial: str | None = None, placeholder: str | None = None, max_length: int = 200,
          multiline: bool = False) -> dict:
    element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return element


def _select(options: dict[str, str], initial: str | None = None, multi: bool = False) -> dict:
    element = {"type": "multi_static_select" if multi else "static_select", "action_id": "value",
               "options": [_option(v, t) for v, t in options.items()][:100]}
    if initial is not None and not multi:
        element["initial_option"] = _option(initial, options[initial])
    return element


def _kpi_options(catalog: Catalog) -> dict[str, str]:
    return {kpi.key: kpi.name for kpi in catalog}


def _modal(callback_id: str, title: str, blocks: list[dict], submit: str, metadata: str = "") -> dict:
    view = {"type": "modal", "callback_id": callback_id, "title": plain(title), "submit": plain(submit),
            "close": plain("Cancel"), "blocks": blocks}
    if metadata:
        view["private_metadata"] = metadata
    return view


def record_modal(catalog: Catalog, period: str, metadata: str = "") -> dict:
    blocks = [section("Record a KPI value. Recording the same KPI, scope and period again corrects it."),
              _input("kpi", "KPI", _select(_kpi_options(catalog))),
              _input("scope", "Scope", _select(SCOPES, "organisation")),
              _input("scope_name", "Department or team name", _text(placeholder="e.g. Sales"), optional=True,
                     hint="Leave empty for the whole organisation."),
              _input("period", "Period", _text(period, "2026-05, 2026-Q2, 2026-W19 or 2026", max_length=16)),
              _input("value", "Value", _text(placeholder="e.g. 62.5", max_length=32),
                     hint="A number in the KPI's unit: 62.5 for 62.5 %. For productivity uplift, error reduction and "
                          "CSAT/NPS delta you can give BEFORE->AFTER, e.g. 50->65."),
              _input("note", "Note", _text(placeholder="Where the number comes from", max_length=500,
                                           multiline=True), optional=True)]
    return _modal(RECORD_MODAL, "Record a KPI", blocks, "Record", metadata)


def nudge_modal(catalog: Catalog, objectives: list[ObjectiveStatus], channel: str | None, timezone: str) -> dict:
    conversation = {"type": "conversations_select", "action_id": "value",
                    "filter": {"include": ["public", "private"], "exclude_bot_users": True}}
    if channel:
        conversation["initial_conversation"] = channel
    blocks = [section("Post KPI and OKR progress to a channel on a schedule. The bot must be a member of "
                      "the channel."),
              _input("channel", "Channel", conversation),
              _input("cron", "When (cron)", _text(DEFAULT_CRON, max_length=120),
                     hint="minute hour day month weekday: `0 9 * * 1` is Mondays at 09:00."),
              _input("timezone", "Timezone", _text(timezone, "Europe/Berlin", max_length=64),
                     hint="An IANA timezone name such as Europe/Berlin or America/New_York."),
              _input("kpis", "KPIs", _select(_kpi_options(catalog), multi=True), optional=bool(objectives))]
    if objectives:
        blocks.append(_input("okrs", "OKRs", _select({str(o.id): f"{o.id}: {o.title}" for o in objectives},
                                                     multi=True), optional=True))
    blocks += [_input("scope", "Scope", _select(SCOPES, "organisation")),
               _input("scope_name", "Department or team name", _text(placeholder="e.g. Sales"), optional=True),
               _input("period", "The coach measures per", _select({p: p.capitalize() for p in NUDGE_PERIODS},
                                                                  "month")),
               _input("eligible", "Who is eligible (adoption rate)", _text(placeholder="C012AB3CD or S012AB3CD",
                                                                           max_length=32), optional=True,
                      hint="A channel or user group ID whose members count as eligible; empty: the nudge's channel."),
               _input("alerts", "Threshold alerts", _text(placeholder="employee_adoption_rate<60, decline_rate>20"),
                      optional=True, hint="Flag a KPI when it crosses the bound."),
               _input("options", "Options", {"type": "checkboxes", "action_id": "value", "options": [
                   _option("skip_unchanged", "Skip the nudge when nothing changed")]}, optional=True)]
    return _modal(NUDGE_MODAL, "Schedule a KPI nudge", blocks, "Schedule")


def done_view(title: str, text: str) -> dict:
    return {"type": "modal", "title": plain(shorten(title, 24)), "close": plain("Close"), "blocks": [section(text)]}


def entered(values: dict, block_id: str):
    """What a person entered or chose: a string, a list (multi-selects, checkboxes) or None."""
    for element in (values.get(block_id) or {}).values():
        kind = element.get("type")
        if kind == "static_select":
            chosen = element.get("selected_option")
            return chosen.get("value") if chosen else None
        if kind in ("multi_static_select", "checkboxes"):
            return [o.get("value") for o in element.get("selected_options") or []]
        if kind == "conversations_select":
            return element.get("selected_conversation")
        value = element.get("value")
        return value.strip() if isinstance(value, str) else value
    return None
