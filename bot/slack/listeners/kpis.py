"""`/kpi`: KPI values, OKRs and adoption measured from the AI tools (managers, HR and admins see them;
managers and admins record values), and channel nudges (admins schedule, list and remove them); the record
and nudge forms; the remove button.

The forms are checked by the KPI services before they close: a problem shows next to its field (the
services name it) and nothing is stored. Everything is about the request's own workspace (deps.tenant): a
value, objective or nudge of another workspace is one that does not exist."""

from __future__ import annotations

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.adoption.ledger import DIRECTORY
from bot.clock import utcnow
from bot.errors import UserError, naming
from bot.ids import parse_id
from bot.kpis.measurements import parse_amount
from bot.kpis.nudge_schedules import check_timezone, next_slot, parse_threshold
from bot.kpis.periods import period_of
from bot.kpis.scopes import make_scope, parse_scope
from bot.roles.service import ADMIN, HR, MANAGER
from bot.slack.blocks.adoption import (
    department_reply,
    no_data_message,
    organisation_reply,
)
from bot.slack.blocks.kit import notice, section
from bot.slack.blocks.kpi_modals import (
    NUDGE_MODAL,
    RECORD_MODAL,
    done_view,
    entered,
    nudge_modal,
    record_modal,
)
from bot.slack.blocks.kpis import (
    NUDGE_REMOVE,
    catalog_blocks,
    help_message,
    okr_blocks,
    overview_blocks,
    schedule_list_blocks,
    series_blocks,
)
from bot.slack.blocks.text import escape, fallback
from bot.slack.deps import SlackDeps
from bot.slack.errors import tell_user
from bot.slack.forms import field_errors
from bot.tenancy import Tenant

# each form's blocks by the KPI services' field names; a problem about none of them goes under the KPI picker
RECORD_BLOCKS = {"kpi": "kpi", "scope": "scope_name", "period": "period", "value": "value", "note": "note"}
NUDGE_BLOCKS = {"channel": "channel", "cron": "cron", "timezone": "timezone", "kpis": "kpis", "okrs": "okrs",
                "scope": "scope_name", "period": "period", "eligible": "eligible", "alerts": "alerts"}


def _message(title: str, blocks: list[dict]) -> dict:
    return {"text": fallback(title), "blocks": [section(f"*{escape(title)}*")] + blocks[:49]}


def _can_view(deps: SlackDeps, client: WebClient, user: str) -> bool:
    roles = deps.roles_of(client, user)
    return deps.roles.allows(roles, MANAGER) or deps.roles.allows(roles, HR)


def _refusal(what: str, who: str, contact: str) -> dict:
    return notice(f"Sorry, {what} is only for {who}. If you need it, ask {escape(contact)} for the role.")


def _user_timezone(client: WebClient, user: str) -> str:
    try:
        tz = (client.users_info(user=user).get("user") or {}).get("tz") or "UTC"
        check_timezone(tz)
        return tz
    except (SlackApiError, UserError):
        return "UTC"


def record_inline(deps: SlackDeps, words: list[str], user: str, tenant: Tenant) -> dict:
    if len(words) < 3:
        raise UserError("Give the KPI, value and period, e.g. `/kpi record employee_adoption_rate 62.5 2026-05 "
                        "department:Sales` — or just `/kpi record` for the form.")
    entry, how = deps.kpis.measurements.record(words[0], parse_scope(" ".join(words[3:]) or None), words[2],
                                               parse_amount(words[1]), by=user, tenant=tenant)
    return notice(f"{how.capitalize()}: *{entry.kpi.name}* for {escape(entry.scope.label)}, {entry.period.label} = "
                  f"{entry.value:g}.")


def adoption_reply(deps: SlackDeps, department: str, tenant: Tenant) -> dict:
    """`/kpi adoption [department]`: the last complete month from the adoption ledger, or what to import first."""
    if deps.adoption is None:
        return notice("Adoption from the AI tools is not set up in this app.")
    figures = deps.adoption.figures
    try:
        snap = figures.show(None, tenant=tenant)
    except UserError:  # without a period, show fails only when there is no directory
        return no_data_message(directory=False)
    if not any(s.source != DIRECTORY and s.last_success_at for s in deps.adoption.ledger.sources(tenant=tenant)):
        return no_data_message(directory=True)
    if not department:
        return organisation_reply(snap, figures.trend(tenant=tenant), figures.inactive(tenant=tenant))
    view = snap.rollup.for_department(department)
    trend = figures.trend(view.group, tenant=tenant) if view.group else []
    return department_reply(snap, view, trend, figures.inactive(tenant=tenant))


def _remove_nudge(deps: SlackDeps, words: list[str], tenant: Tenant) -> dict:
    """`/kpi nudge remove N`: a number that names no nudge of this workspace gets "There is no nudge N."."""
    target = words[2] if len(words) > 2 else ""
    if not target.isdigit():
        raise UserError("Give the nudge number, e.g. `/kpi nudge remove 3` (`/kpi nudges` lists them).")
    schedule_id = parse_id(target, f"There is no nudge {target}.")
    if not deps.kpis.schedules.remove(schedule_id, tenant=tenant):
        raise UserError(f"There is no nudge {target}.")
    return notice(f"Nudge {target} removed.")


def on_kpi(ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext,
           deps: SlackDeps) -> None:
    words = (command.get("text") or "").split()
    verb = words[0].lower() if words else "help"
    if verb == "help":
        ack(response_type="ephemeral", **help_message())
        return
    ack()
    user, kpis, contact = command["user_id"], deps.kpis, deps.settings.human_contact
    try:
        tenant = deps.tenant(context)
        if verb == "catalog":
            respond(response_type="ephemeral", **_message("KPI catalog", catalog_blocks(kpis.catalog)))
        elif verb in ("show", "okrs"):
            if not _can_view(deps, client, user):
                respond(response_type="ephemeral", **_refusal(f"`/kpi {verb}`", "managers, HR and admins", contact))
            elif verb == "okrs":
                respond(response_type="ephemeral", **_message("OKRs", okr_blocks(kpis.okrs.statuses(tenant=tenant))))
            elif len(words) > 1:
                kpi, scope = kpis.catalog.get(words[1]), parse_scope(" ".join(words[2:]) or None)
                respond(response_type="ephemeral", **_message(
                    f"{kpi.name}", series_blocks(kpi, scope, kpis.measurements.series(kpi.key, scope, tenant=tenant))))
            else:
                respond(response_type="ephemeral", **_message(
                    "KPIs — latest values", overview_blocks(kpis.measurements.overview(tenant=tenant), kpis.catalog)))
        elif verb == "adoption":
            if not _can_view(deps, client, user):
                respond(response_type="ephemeral", **_refusal("`/kpi adoption`", "managers, HR and admins", contact))
            else:
                respond(response_type="ephemeral", **adoption_reply(deps, " ".join(words[1:]), tenant))
        elif verb == "record":
            if not deps.allowed(client, user, MANAGER):
                respond(response_type="ephemeral", **_refusal("recording KPI values", "managers and admins", contact))
            elif len(words) == 1:
                period = period_of(utcnow().date(), "month").label
                client.views_open(trigger_id=command["trigger_id"],
                                  view=record_modal(kpis.catalog, period, command.get("channel_id") or ""))
            else:
                respond(response_type="ephemeral", **record_inline(deps, words[1:], user, tenant))
        elif verb in ("nudge", "nudges"):
            if not deps.allowed(client, user, ADMIN):
                respond(response_type="ephemeral", **_refusal("managing KPI nudges", "admins", contact))
            elif verb == "nudges" or words[1:2] == ["list"]:
                respond(response_type="ephemeral", **_message(
                    "KPI nudges", schedule_list_blocks(kpis.schedules.states(tenant=tenant), removable=True)))
            elif len(words) >= 2 and words[1].lower() == "remove":
                respond(response_type="ephemeral", **_remove_nudge(deps, words, tenant))
            else:
                view = nudge_modal(kpis.catalog, kpis.okrs.statuses(tenant=tenant), command.get("channel_id"),
                                   _user_timezone(client, user))
                client.views_open(trigger_id=command["trigger_id"], view=view)
        else:
            respond(response_type="ephemeral", **help_message())
    except UserError as exc:
        respond(response_type="ephemeral", **notice(str(exc)))


def on_record(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    values = view["state"]["values"]
    user = body["user"]["id"]
    if not deps.allowed(client, user, MANAGER):  # a submission can be crafted without the command's check
        refusal = _refusal("recording KPI values", "managers and admins", deps.settings.human_contact)
        ack(response_action="update", view=done_view("KPI not recorded", refusal["text"]))
        return
    try:
        with naming("scope"):
            scope = make_scope(entered(values, "scope"), entered(values, "scope_name"))
        entry, how = deps.kpis.measurements.record(entered(values, "kpi") or "", scope, entered(values, "period") or "",
                                                   parse_amount(entered(values, "value") or ""), by=user,
                                                   note=entered(values, "note") or "", tenant=deps.tenant(context))
    except UserError as exc:
        ack(response_action="errors", errors=field_errors(exc, RECORD_BLOCKS, "kpi"))
        return
    ack(response_action="update", view=done_view(
        "KPI recorded", f"{how.capitalize()}: *{entry.kpi.name}* for {escape(entry.scope.label)}, "
                        f"{entry.period.label} = {entry.value:g}."))


def on_nudge(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    values = view["state"]["values"]
    user = body["user"]["id"]
    if not deps.allowed(client, user, ADMIN):
        ack(response_action="errors", errors={"cron": "Only admins can schedule KPI nudges."})
        return
    try:
        with naming("scope"):
            scope = make_scope(entered(values, "scope"), entered(values, "scope_name"))
        alerts = [parse_threshold(t) for t in (entered(values, "alerts") or "").split(",") if t.strip()]
        with naming("okrs"):
            okrs = [parse_id(o, f"No objective with id {o}; `/kpi okrs` lists them.")
                    for o in entered(values, "okrs") or []]
        schedule = deps.kpis.schedules.add(
            channel=entered(values, "channel") or "", cron=entered(values, "cron") or "",
            tz=entered(values, "timezone") or "", kpis=entered(values, "kpis") or [],
            okrs=okrs, scope=scope, by=user,
            granularity=entered(values, "period") or "month", eligible=entered(values, "eligible"),
            skip_unchanged="skip_unchanged" in (entered(values, "options") or []), thresholds=alerts,
            team_id=context.team_id, tenant=deps.tenant(context))
    except UserError as exc:  # the OKR picker is only there when there are objectives
        blocks = {field: block for field, block in NUDGE_BLOCKS.items() if block in values}
        ack(response_action="errors", errors=field_errors(exc, blocks, "kpis"))
        return
    upcoming = next_slot(schedule.trigger, utcnow())
    when = upcoming.astimezone(schedule.trigger.timezone).strftime("%Y-%m-%d %H:%M") if upcoming else "—"
    ack(response_action="update", view=done_view(
        "Nudge scheduled", f"Nudge {schedule.id} will post to <#{schedule.channel}> at {schedule.when}; the next "
                           f"one is {when} ({escape(schedule.timezone)}). Make sure the bot is in the channel."))


def on_remove(ack: Ack, body: dict, action: dict, client: WebClient, respond: Respond, context: BoltContext,
              deps: SlackDeps) -> None:
    ack()
    user = body["user"]["id"]
    if not deps.allowed(client, user, ADMIN):
        tell_user(client, body, _refusal("removing KPI nudges", "admins", deps.settings.human_contact))
        return
    value = action.get("value") or ""
    try:
        tenant = deps.tenant(context)
    except UserError as exc:
        tell_user(client, body, notice(str(exc)))
        return
    try:
        done = deps.kpis.schedules.remove(parse_id(value, "no such nudge"), tenant=tenant)
    except UserError:  # not an id (a crafted payload): like a nudge that is gone
        done = False
    states = deps.kpis.schedules.states(tenant=tenant)
    respond(replace_original=True, response_type="ephemeral", **_message(
        f"Nudge {value} removed" if done else "That nudge was already gone",
        schedule_list_blocks(states, removable=True)))


def register(app: App) -> None:
    app.command("/kpi")(on_kpi)
    app.view(RECORD_MODAL)(on_record)
    app.view(NUDGE_MODAL)(on_nudge)
    app.action(NUDGE_REMOVE)(on_remove)
