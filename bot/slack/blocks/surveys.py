"""Survey Block Kit: the DM invitation, the answer modal, HR's create modal, status lists and results.
Messages carry their notification text, escaped (``fallback``)."""

from __future__ import annotations

from datetime import date, timedelta

from bot.slack.blocks.kit import button, context, plain, section
from bot.slack.blocks.text import SECTION_LIMIT, escape, fallback, shorten, user_text
from bot.surveys.analytics import Results
from bot.surveys.definition import (
    LIKERT_LABELS,
    LIKERT_MAX,
    LIKERT_MIN,
    NPS_MAX,
    NPS_MIN,
    Definition,
    Question,
)
from bot.surveys.feedback_trend import FeedbackWeek, rated
from bot.surveys.service import Card, Status, results_released
from bot.surveys.stats import ALPHA_NOTE, ALPHA_RULE
from bot.surveys.templates import Template

START, LAUNCH, CLOSE, RESULTS, NEW = "survey_start", "survey_launch", "survey_close", "survey_results", "survey_new"
ANSWER_MODAL, CREATE_MODAL = "survey_answer", "survey_create"
SCRATCH = "custom"
COMMENTS_SHOWN = 8


def _date(d) -> str:
    return d.strftime("%d %b %Y")


# employees -------------------------------------------------------------------------------------------
def invite_message(card: Card, kind: str) -> dict:
    privacy = ("Your answers are anonymous: they are stored without your name, and results are only shown once "
               "the survey has closed, for groups large enough that nobody can be singled out." if card.anonymous else
               "This survey is *not anonymous*: HR can see who gave which answers.")
    head = "⏰ *Reminder:* " if kind.startswith("reminder") else ""
    text = f"{head}*{escape(card.title)}*\n{escape(card.intro)}" if card.intro else f"{head}*{escape(card.title)}*"
    return {"text": fallback(f"{'Reminder: ' if head else ''}Survey: {card.title}"),
            "blocks": [section(shorten(text, SECTION_LIMIT)),
                       context(f"{card.questions} questions · open until {_date(card.closes_at)} · {privacy}"),
                       {"type": "actions", "block_id": "survey_actions",
                        "elements": [button("Start survey", START, str(card.id), "primary")]}]}


def _option(value: str, label: str) -> dict:
    return {"text": plain(label[:75]), "value": value[:150]}


def _element(q: Question) -> dict:
    if q.kind == "likert":
        return {"type": "radio_buttons", "action_id": "answer",
                "options": [_option(str(v), f"{v} · {LIKERT_LABELS[v]}") for v in range(LIKERT_MIN, LIKERT_MAX + 1)]}
    if q.kind == "nps":
        return {"type": "static_select", "action_id": "answer", "placeholder": plain("0 = not at all, 10 = extremely"),
                "options": [_option(str(v), str(v)) for v in range(NPS_MIN, NPS_MAX + 1)]}
    if q.kind == "single":
        return {"type": "radio_buttons", "action_id": "answer", "options": [_option(o, o) for o in q.options]}
    if q.kind == "multi":
        return {"type": "checkboxes", "action_id": "answer", "options": [_option(o, o) for o in q.options]}
    return {"type": "plain_text_input", "action_id": "answer", "multiline": True, "max_length": 2000}


def answer_modal(card: Card, definition: Definition) -> dict:
    blocks = [section(shorten(escape(card.intro) or f"*{escape(card.title)}*", SECTION_LIMIT)),
              context("Anonymous: your name is not stored with your answers." if card.anonymous
                      else "Not anonymous: HR can see your answers with your name.")]
    for q in definition.questions:
        label = q.text if q.required or q.kind == "text" else f"{q.text} (optional)"
        blocks.append({"type": "input", "block_id": q.id, "optional": not q.required, "label": plain(label),
                       "element": _element(q)})
    return {"type": "modal", "callback_id": ANSWER_MODAL, "title": plain(shorten(card.title, 24)),
            "submit": plain("Submit"), "close": plain("Cancel"), "private_metadata": str(card.id), "blocks": blocks}


def submitted_answers(values: dict) -> dict[str, object]:
    """{question id: value} from a submitted answer modal."""
    out: dict[str, object] = {}
    for block_id, elements in values.items():
        element = (elements or {}).get("answer") or {}
        kind = element.get("type")
        if kind in ("radio_buttons", "static_select"):
            out[block_id] = (element.get("selected_option") or {}).get("value")
        elif kind == "checkboxes":
            out[block_id] = [o.get("value") for o in element.get("selected_options") or []]
        else:
            out[block_id] = element.get("value")
    return out


# HR ---------------------------------------------------------------------------------------------------
def _input(block_id: str, label: str, element: dict, optional: bool = False, hint: str | None = None) -> dict:
    block = {"type": "input", "block_id": block_id, "optional": optional, "label": plain(label), "element": element}
    if hint:
        block["hint"] = plain(hint)
    return block


def _text(action: str = "value", multiline: bool = False, max_length: int = 150, initial: str | None = None,
          placeholder: str | None = None) -> dict:
    element = {"type": "plain_text_input", "action_id": action, "multiline": multiline, "max_length": max_length}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder)
    return element


def create_modal(templates: list[Template], today: date, channel: str | None = None) -> dict:
    choices = [_option(t.id, t.name) for t in templates] + [_option(SCRATCH, "From scratch (questions below)")]
    anonymity = [_option("anonymous", "Anonymous (recommended)"), _option("attributed", "Attributed (names kept)")]
    blocks = [
        _input("template", "Template", {"type": "static_select", "action_id": "value", "options": choices,
                                        "initial_option": choices[0]}),
        _input("title", "Title", _text(initial=None, placeholder="e.g. AI assistant: three months in")),
        _input("intro", "Introduction (the template's if empty)", _text(multiline=True, max_length=1000), True),
        _input("questions", "Questions (from scratch only)", _text(multiline=True, max_length=3000), True,
               "One per line: `likert (construct): text`, `single: text | option | option`, `multi optional: …`, "
               "`nps: …`, `text optional: …`; add `reverse` after likert for reverse-coded items."),
        _input("users", "People", {"type": "multi_users_select", "action_id": "value"}, True),
        _input("channels", "Members of channels", {"type": "multi_conversations_select", "action_id": "value",
                                                   "filter": {"include": ["public", "private"],
                                                              "exclude_bot_users": True}}, True),
        _input("groups", "User groups (ids, e.g. S0123ABCD)", _text(max_length=500), True),
        _input("anonymity", "Answers are", {"type": "radio_buttons", "action_id": "value", "options": anonymity,
                                            "initial_option": anonymity[0]}),
        _input("opens", "Opens", {"type": "datepicker", "action_id": "value", "initial_date": today.isoformat()}),
        _input("closes", "Closes (end of day, UTC)", {"type": "datepicker", "action_id": "value",
                                                      "initial_date": (today + timedelta(days=7)).isoformat()}),
        _input("reminders", "Reminders to people who have not answered (days after opening)",
               _text(max_length=20, initial="3,5"), True)]
    view = {"type": "modal", "callback_id": CREATE_MODAL, "title": plain("New survey"), "submit": plain("Create"),
            "close": plain("Cancel"), "blocks": blocks}
    if channel:
        view["private_metadata"] = channel
    return view


def status_line(s: Status) -> str:
    rate = f"{s.responded}/{s.invited} answered ({s.rate:.0%})" if s.rate is not None else "not sent yet"
    failed = f", {s.outbox['failed']} DMs failed" if s.outbox.get("failed") else ""
    queued = s.outbox.get("pending", 0) + s.outbox.get("sending", 0)
    sending = f", {queued} DMs still to send" if queued else ""
    return (f"*#{s.id} {escape(s.title)}* — {s.status}, wave {s.wave}, "
            f"{'anonymous' if s.anonymous else 'attributed'}: {rate}{sending}{failed}; "
            f"{_date(s.opens_at)} → {_date(s.closes_at)}")


def status_blocks(statuses: list[Status], limit: int = 10) -> list[dict]:
    if not statuses:
        return [section("No surveys yet. Create one with `/survey new`.")]
    blocks = []
    for s in statuses[:limit]:
        buttons = []
        if s.status == "draft":
            buttons.append(button("Launch", LAUNCH, str(s.id), "primary"))
        if s.responded and results_released(s.anonymous, s.status):
            buttons.append(button("Results", RESULTS, str(s.id)))
        if s.status in ("open", "scheduled", "draft"):
            buttons.append(button("Close", CLOSE, str(s.id), "danger"))
        block = section(status_line(s))
        blocks.append(block)
        if buttons:
            blocks.append({"type": "actions", "block_id": f"survey_{s.id}", "elements": buttons})
    if len(statuses) > limit:
        blocks.append(context(f"…and {len(statuses) - limit} older surveys (`coach survey status`)."))
    return blocks


def home_survey_blocks(statuses: list[Status], limit: int = 5) -> list[dict]:
    """App Home: live response rates of the latest surveys, and a button to create one."""
    live = [s for s in statuses if s.status in ("open", "scheduled", "draft")] + \
           [s for s in statuses if s.status == "closed"]
    return status_blocks(live, limit)[:3 * limit] + [
        {"type": "actions", "block_id": "survey_home", "elements": [button("New survey", NEW, "new", "primary")]}]


def _alpha(alpha: float | None) -> str:
    if alpha is None:
        return "α n/a"
    return f"α {alpha:.2f} {'✓' if alpha >= ALPHA_RULE else '⚠ below 0.7'}"


def _change(value: float | None, wave: int | None, scale: str = "") -> str:
    return "" if value is None else f" · {value:+.2f}{scale} vs wave {wave}"


def results_message(r: Results, trend: list[FeedbackWeek] | None = None) -> dict:
    """The results DM: its notification text and ``results_blocks``."""
    return {"text": fallback(f"Survey results: {r.title}"), "blocks": results_blocks(r, trend)}


def results_blocks(r: Results, trend: list[FeedbackWeek] | None = None) -> list[dict]:
    rate = f"{r.responded}/{r.invited} answered ({r.response_rate:.0%})" if r.response_rate is not None else "no one invited"
    filters = (" · filters: " + ", ".join(f"{k} = {escape(v)}" for k, v in r.filters.items())) if r.filters else ""
    blocks = [section(f"*{escape(r.title)}* — wave {r.wave} · {rate}{filters}"),
              context(f"Shown only where at least {r.k} responses stand behind a figure.")]
    if r.constructs:
        lines = [f"• *{escape(c.label)}*: {c.mean:.2f} / 7 (n={c.n}) · {_alpha(c.alpha)}"
                 f"{_change(c.change, r.previous_wave)}\n      _people scoring {LIKERT_MIN}…{LIKERT_MAX}:_ "
                 f"{c.counts(' · ')}" for c in r.constructs]
        blocks += [section(shorten("*Constructs*\n" + "\n".join(lines), SECTION_LIMIT)), context(ALPHA_NOTE)]
    for e in r.enps:
        change = _change(None if e.previous_score is None else e.score - e.previous_score, r.previous_wave)
        blocks.append(section(f"*eNPS* ({e.id}): *{e.score:+.0f}* — {e.promoters} promoters, {e.passives} passives, "
                              f"{e.detractors} detractors (n={e.n}){change}"))
    for item in r.items:
        if item.kind in ("single", "multi"):
            lines = [f"• {escape(o)}: {n} ({n / item.n:.0%})" for o, n in item.distribution.items()]
            blocks.append(section(shorten(f"*{escape(item.text)}* (n={item.n})\n" + "\n".join(lines), SECTION_LIMIT)))
    for qid, comments in r.comments.items():
        if comments:
            shown = "\n".join(f"> {user_text(c, 280)}" for c in comments[:COMMENTS_SHOWN])
            more = (f"\n_…and {len(comments) - COMMENTS_SHOWN} more in the CSV file sent with these results._"
                    if len(comments) > COMMENTS_SHOWN else "")
            blocks.append(section(shorten(f"*Comments* ({qid}, {len(comments)})\n{shown}{more}", SECTION_LIMIT)))
    if r.segments:
        lines = []
        for seg in r.segments:
            parts = [f"{cid} {m:.2f}" for cid, m in seg.constructs.items()]
            if seg.enps is not None:
                parts.append(f"eNPS {seg.enps:+.0f}")
            lines.append(f"• {escape(seg.value)} (n={seg.n}): {', '.join(parts) or '—'}")
        blocks.append(section(shorten("*By department*\n" + "\n".join(lines), SECTION_LIMIT)))
    if r.suppressed:
        blocks.append(context(shorten("Not shown: " + " ".join(r.suppressed), 2000)))
    if trend is not None:
        blocks += feedback_blocks(trend)
    return blocks[:48]


def feedback_blocks(trend: list[FeedbackWeek]) -> list[dict]:
    weeks = rated(trend)
    if not weeks:
        return [section("*👍/👎 on the coach's answers*\nNo ratings in the last weeks.")]
    lines = [f"• {w.line()}" for w in weeks]
    return [section(shorten("*👍/👎 on the coach's answers, by week*\n" + "\n".join(lines), SECTION_LIMIT))]


def help_text() -> str:
    return ("*Surveys* (HR and admins)\n"
            "• `/survey new` — create one from a template (TAM, UTAUT, eNPS, pulse) or from scratch\n"
            "• `/survey list` — surveys with live response rates, and Launch / Results / Close buttons\n"
            "• `/survey launch 12` · `/survey close 12`\n"
            "• `/survey results 12 [department=Sales] [q_id=value]` — results with charts and a CSV file, in a DM "
            "to you (anonymous surveys once they have closed). Put a value with spaces in quotes (`department=\"Customer Success\"`) or write `_` for each "
            "space (`department=Customer_Success`).")
