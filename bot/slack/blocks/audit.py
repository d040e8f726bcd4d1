"""Incentive audit in Block Kit: the modal (role rows added and removed with views.update), the report
DM, the channel summary, history and the App Home section. Pure functions: data in, payloads out.

Each role row has a stable key (kept in private_metadata), and its inputs' block ids carry that key,
so when a row is removed the rows below it keep what was typed in them: Slack keeps an input's state by
block id across views.update."""

from __future__ import annotations

import json
from collections.abc import Sequence

from bot.audit.history import HistoryEntry
from bot.audit.inputs import FIELDS, MAX_FIELD, MAX_NAME, MAX_ROLES, MAX_TEAM, RoleInput
from bot.audit.report import RAG_EMOJI, AuditReport, RoleReport
from bot.slack.blocks.kit import button, context, plain, section, submitted
from bot.slack.blocks.text import (
    SECTION_LIMIT,
    escape,
    fallback,
    no_pings,
    shorten,
    user_text,
)

AUDIT_MODAL, SHARE_MODAL = "incentive_audit", "incentive_audit_share"
ADD_ROLE, REMOVE_ROLE, SHARE = "audit_add_role", "audit_remove_role", "audit_share"
TEAM_BLOCK, CHANNEL_BLOCK = "team", "share_channel"
COMMAND = "/incentive-audit"
_INPUTS = {  # field: (label, placeholder, optional, multiline, max length)
    "name": ("Role", "e.g. Support agent", False, False, MAX_NAME),
    "metrics": ("Current metric(s)", "One per line, e.g. Tickets closed per day", False, True, MAX_FIELD),
    "rewards": ("How the role is rewarded", "Bonus, promotion criteria, recognition, reviews…", True, True,
                MAX_FIELD),
    "ai_workflows": ("AI workflows introduced", "e.g. AI-suggested replies in the help desk", True, True, MAX_FIELD),
    "displaced_work": ("Work the AI should remove", "Tasks, reports or checks that can stop", True, True, MAX_FIELD),
}


def block_id(row: str, field: str) -> str:
    return f"role:{row}:{field}"


def _header(text: str) -> dict:
    return {"type": "header", "text": plain(shorten(no_pings(text), 150))}


def _text_input(block: str, label: str, placeholder: str, optional: bool, multiline: bool, max_length: int,
                value: str | None) -> dict:
    element = {"type": "plain_text_input", "action_id": "value", "multiline": multiline, "max_length": max_length,
               "placeholder": plain(placeholder)}
    if value:
        element["initial_value"] = value[:max_length]
    return {"type": "input", "block_id": block, "optional": optional, "label": plain(label), "element": element}


# the modal -------------------------------------------------------------------------------------

def audit_modal(rows: Sequence[str], next_key: int, values: dict | None = None, channel: str | None = None) -> dict:
    """The form; ``values`` (from the view's state) fills inputs back in when rows change."""
    values = values or {}
    blocks = [section("Describe how each role is measured and rewarded today. I'll score it against the three "
                      "steps (displaced work, metrics, rewards), say what to change, and DM you the report."),
              _text_input(TEAM_BLOCK, "Team", "e.g. Customer Support EMEA", False, False, MAX_TEAM,
                          submitted(values, TEAM_BLOCK))]
    for i, row in enumerate(rows):
        head = section(f"*Role {i + 1}*")
        head["block_id"] = block_id(row, "head")
        if len(rows) > 1:
            head["accessory"] = button("Remove", REMOVE_ROLE, row)
        blocks.append(head)
        for field in FIELDS:
            label, placeholder, optional, multiline, max_length = _INPUTS[field]
            blocks.append(_text_input(block_id(row, field), label, placeholder, optional, multiline, max_length,
                                      submitted(values, block_id(row, field))))
        blocks.append({"type": "divider"})
    if len(rows) < MAX_ROLES:
        blocks.append({"type": "actions", "block_id": "audit_rows",
                       "elements": [button("➕ Add a role", ADD_ROLE, str(len(rows)))]})
    else:
        blocks.append(context(f"{MAX_ROLES} roles is the most one audit covers; run a second audit for more."))
    metadata = {"rows": list(rows), "next": next_key}
    if channel:
        metadata["channel"] = channel
    return {"type": "modal", "callback_id": AUDIT_MODAL, "title": plain("Incentive audit"),
            "submit": plain("Run audit"), "close": plain("Cancel"), "blocks": blocks,
            "private_metadata": json.dumps(metadata)}


def read_metadata(view: dict) -> tuple[list[str], int, str | None]:
    """(row keys, next key, channel) from the modal's private_metadata; a fresh form when unreadable.

    Every row is returned, even past the limit: a submission with too many rows must be refused by
    validation, not cut short silently (the form itself never offers more than MAX_ROLES)."""
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        rows = list(dict.fromkeys(str(r) for r in meta.get("rows", []))) or ["0"]
        next_key = int(meta.get("next", len(rows)))
        channel = meta.get("channel")
    except (ValueError, TypeError, AttributeError):
        return ["0"], 1, None
    while str(next_key) in rows:  # a new row never takes the key (and the typed values) of an existing one
        next_key += 1
    return rows, next_key, channel


def read_form(values: dict, rows: Sequence[str]) -> tuple[str, list[RoleInput]]:
    team = submitted(values, TEAM_BLOCK) or ""
    roles = [RoleInput(**{f: submitted(values, block_id(row, f)) or "" for f in FIELDS}) for row in rows]
    return team, roles


def error_blocks(rows: Sequence[str]) -> tuple[dict[str, str], str]:
    """For bot.slack.forms.field_errors: the block of the team and of each role row's fields (by the
    problem's key, "2.metrics"), and the block that shows a problem with the roles as a whole."""
    blocks = {"team": TEAM_BLOCK} | {f"{i}.{f}": block_id(row, f) for i, row in enumerate(rows) for f in FIELDS}
    return blocks, block_id(rows[0], "name") if rows else TEAM_BLOCK


def working_view(roles: int) -> dict:
    return {"type": "modal", "title": plain("Incentive audit"), "close": plain("Close"),
            "blocks": [section(f":hourglass_flowing_sand: Auditing {roles} role{'s' if roles != 1 else ''}. "
                               "I'll send you the report in a direct message in a moment, with Markdown and "
                               "CSV files to download.")]}


def shareable(channel: str | None) -> str | None:
    """The channel the audit was started from, if the report can be shared there: a public or private
    channel (ids start with C), not a direct message."""
    return channel if channel and channel.startswith("C") and channel.isalnum() else None


def share_value(audit_id: int, channel: str | None = None) -> str:
    """The Share button's value: the audit, and the channel to offer first."""
    channel = shareable(channel)
    return f"{audit_id}:{channel}" if channel else str(audit_id)


def read_share_value(value: str | None) -> tuple[int | None, str | None]:
    """(audit id, channel to offer) from a Share button; (None, None) when it is not one of ours."""
    audit, _, channel = (value or "").partition(":")
    return (int(audit) if audit.isdigit() else None), shareable(channel)


def share_modal(audit_id: int, channel: str | None = None) -> dict:
    element = {"type": "conversations_select", "action_id": "channel", "placeholder": plain("Choose a channel"),
               "filter": {"include": ["public", "private"], "exclude_bot_users": True}}
    intro = "The channel gets the team summary and each role's rating and new metric; the full report stays in your DM."
    if shareable(channel):
        element["initial_conversation"] = channel
        intro += " The channel you started the audit in is chosen; pick another if you like."
    return {"type": "modal", "callback_id": SHARE_MODAL, "title": plain("Share audit"), "submit": plain("Share"),
            "close": plain("Cancel"), "private_metadata": str(audit_id),
            "blocks": [section(intro), {"type": "input", "block_id": CHANNEL_BLOCK, "label": plain("Channel"),
                                        "element": element}]}


def selected_channel(values: dict) -> str | None:
    for element in (values.get(CHANNEL_BLOCK) or {}).values():
        return element.get("selected_conversation")
    return None


# the report ------------------------------------------------------------------------------------

def _summary_text(report: AuditReport) -> str:
    s = report.summary
    return (f"*Team score {s.score}/100 — {RAG_EMOJI[s.rag]} {s.rag.upper()}* · {s.counts['red']} red, "
            f"{s.counts['amber']} amber, {s.counts['green']} green · next quarterly review "
            f"{s.review_by:%d %b %Y}")


def _actions_text(report: AuditReport) -> str:
    lines = [f"{i}. {user_text(a, 600)}" for i, a in enumerate(report.summary.top_actions, 1)]
    return shorten("*Top three actions*\n" + "\n".join(lines), SECTION_LIMIT)


def _role_blocks(r: RoleReport) -> list[dict]:
    points = " · ".join(f"{b.label.split(' · ')[-1]} " + ("not given" if not b.given else f"{b.points}"
                        + (f"/{b.max_points}" if b.max_points else "")) for b in r.breakdown)
    head = (f"*{r.position}. {user_text(r.role, 100)}* — {RAG_EMOJI[r.rag]} {r.rag.upper()} *{r.score}/100*\n"
            f"_{escape(r.match.note)}_\n{points}")
    reasons = "\n".join(f"• {user_text(x, 400)}" for x in r.reasons if x != r.match.note)
    metrics = "; ".join(user_text(m, 200) for m in r.recommended_metrics)
    change = (f"*New metric{'s' if len(r.recommended_metrics) > 1 else ''}:* {metrics}"
              + (" _(already measured: give it weight)_" if r.already_measured else "")
              + (f"\n⚠️ _{escape(r.caveat)}_" if r.caveat else "")
              + (f"\n{user_text(r.metric_advice, 600)}" if r.metric_advice else "")
              + f"\n*Incentive shift:* {escape(r.incentive_shift)} — {escape(r.shift_detail)}")
    if r.retire:
        change += "\n*Stop rewarding on its own:* " + "; ".join(user_text(m, 150) for m in r.retire)
    change += "\n*Staged change:* " + " ".join(f"({i}) {escape(p)}" for i, p in enumerate(r.staged_plan, 1))
    if r.suggestions:
        change += "\n*AI model's suggestions (unchecked):* " + " ".join(f"• {user_text(s, 280)}" for s in r.suggestions)
    sources = "Sources: " + "; ".join(f"`{c.path}` › {escape(c.section)}" for c in r.citations[:6])
    return [section(shorten(head + ("\n" + reasons if reasons else ""), SECTION_LIMIT)),
            section(shorten(change, SECTION_LIMIT)), context(shorten(sources, 2000))]


def report_message(report: AuditReport, channel: str | None = None) -> dict:
    """The full report for the manager's DM (at most 10 roles: 3 + 3 per role + 2 blocks); ``channel``, where
    the audit was started, is the one *Share* offers first."""
    title = f"Incentive audit #{report.id}: {report.team_label}"
    blocks = [_header(title), section(_summary_text(report)),
              section(_actions_text(report))]
    if report.summary.weak_matches:
        blocks.append(context(shorten("Check these matches: " + " ".join(escape(w) for w in
                                                                       report.summary.weak_matches), 2000)))
    for r in report.roles:
        blocks += _role_blocks(r)
    blocks.append({"type": "actions", "block_id": "audit_report_actions",
                   "elements": [button("Share to a channel", SHARE, share_value(report.id, channel), "primary")]})
    blocks.append(context(f"Catalog {report.catalog_version}. Markdown and CSV copies follow in this thread; "
                          f"`{COMMAND} history` shows what changed since earlier audits."))
    return {"text": fallback(f"{title} — team score {report.summary.score}/100 ({report.summary.rag})"),
            "blocks": blocks[:50]}


def shared_message(report: AuditReport, shared_by: str) -> dict:
    title = f"Incentive audit: {report.team_label}"
    lines = [f"{RAG_EMOJI[r.rag]} *{user_text(r.role, 100)}* {r.score}/100 → "
             f"{user_text(r.recommended_metrics[0], 200)} ({escape(r.incentive_shift)})"
             + (" _(weak match: confirm it fits)_" if r.caveat else "") for r in report.roles]
    blocks = [_header(title), section(_summary_text(report)),
              section(shorten("\n".join(lines), SECTION_LIMIT)),
              section(_actions_text(report)), context(f"Shared by <@{shared_by}> from audit #{report.id}.")]
    return {"text": fallback(f"{title} — team score {report.summary.score}/100"), "blocks": blocks}


# history and App Home ----------------------------------------------------------------------------

def _entry_line(e: HistoryEntry) -> str:
    shared = f" · shared in <#{e.shared_to}>" if e.shared_to else ""
    return (f"*#{e.id} {user_text(e.team or 'Unnamed team', 100)}* — {RAG_EMOJI.get(e.rag, '')} {e.rag} "
            f"{e.score}/100 · {e.role_count} role{'s' if e.role_count != 1 else ''} · "
            f"{e.created_at:%d %b %Y}{shared}")


def _no_changes(e: HistoryEntry) -> str:
    return "First audit of this team." if e.team else "No team name, so not compared with other audits."


def scope_note(own_only: bool) -> str:
    """Who sees which audits: a manager their own, an admin every audit in the workspace."""
    return ("You see the audits you ran yourself; admins see every audit in this workspace." if own_only
            else "You see every audit in this workspace, as an admin.")


def history_message(entries: Sequence[HistoryEntry], team: str | None, own_only: bool = False) -> dict:
    """``own_only``: the viewer is a manager, not an admin, and the list holds only the audits they ran."""
    scope = f" for {user_text(team, 100)}" if team else ""
    if not entries:
        text = (f"You have not run any incentive audits{scope} yet." if own_only
                else f"No incentive audits{scope} yet.")
        return {"text": "No incentive audits yet",
                "blocks": [section(f"{text} Run `{COMMAND}` to start one."), context(scope_note(own_only))]}
    title = "Your incentive audits" if own_only else "Incentive audits"
    blocks = [section(f"*{title}{scope}*, newest first")]
    for e in entries[:20]:
        changes = "\n".join(f"• {user_text(c, 300)}" for c in e.changes[1:]) if e.changes else f"• {_no_changes(e)}"
        blocks.append(section(shorten(_entry_line(e) + "\n" + changes, SECTION_LIMIT)))
    blocks.append(context(f"{scope_note(own_only)} `{COMMAND} history <team>` narrows the list to one team."))
    return {"text": fallback(f"{title} for {team}" if team else title), "blocks": blocks}


def home_audit_blocks(entries: Sequence[HistoryEntry], own_only: bool = False) -> list[dict]:
    if not entries:
        return [section(f"No incentive audits yet. Run `{COMMAND}` to check how your team's roles are measured "
                        "and rewarded against the AI workflows."), context(scope_note(own_only))]
    lines = []
    for e in entries[:5]:
        status = "shared" if e.shared_to else "private"
        change = f" — {user_text(e.changes[1], 150)}" if len(e.changes) > 1 else ""
        lines.append(f"{_entry_line(e)} · {status}{change}")
    return [section(shorten("\n".join(lines), SECTION_LIMIT)),
            context(f"{scope_note(own_only)} `{COMMAND}` starts a new audit; `{COMMAND} history` shows what "
                    "changed.")]


def help_message() -> dict:
    text = (f"*{COMMAND}* opens a form to audit up to {MAX_ROLES} roles of your team against the three-step "
            f"incentive framework; the report comes by DM.\n• `{COMMAND}` — new audit\n"
            f"• `{COMMAND} history [team]` — past audits and what changed\n• `{COMMAND} help` — this message")
    return {"text": f"{COMMAND} help", "blocks": [section(text)]}
