"""Surveys in Slack. HR and admins: `/survey` (new, list, launch, close, results) and the buttons under survey
lists and in App Home. Everyone invited: the "Start survey" button in the DM, the answer modal, thanks.

Each request sees and changes its own workspace's surveys only (``deps.tenant``): a survey number of another
workspace gets the same answer as a number that names no survey."""

from __future__ import annotations

import logging
import re
from datetime import date

from slack_bolt import Ack, App, BoltContext, Respond
from slack_sdk import WebClient

from bot.errors import UserError, naming
from bot.ids import parse_id
from bot.roles.service import HR
from bot.slack.blocks.kit import notice, notice_view, section, thanks_view
from bot.slack.blocks.surveys import (
    ANSWER_MODAL,
    CLOSE,
    CREATE_MODAL,
    LAUNCH,
    NEW,
    RESULTS,
    SCRATCH,
    START,
    answer_modal,
    create_modal,
    help_text,
    results_message,
    status_blocks,
    status_line,
    submitted_answers,
)
from bot.slack.blocks.text import escape
from bot.slack.deps import SlackDeps
from bot.slack.errors import tell_user
from bot.slack.forms import field_errors
from bot.slack.uploads import UploadError, upload_file
from bot.surveys.audience import Audience, parse_audience
from bot.surveys.charts import charts
from bot.surveys.definition import SurveyError
from bot.surveys.export import to_csv
from bot.surveys.quick import parse_questions
from bot.surveys.service import (
    GONE,
    NewSurvey,
    NotAvailable,
    day_end,
    day_start,
    no_survey,
    parse_reminders,
)
from bot.tenancy import EVERY_ROW, Tenant

log = logging.getLogger(__name__)
THANKS = "Thank you — your answers are in. They help decide how the AI rollout goes from here."
# the create modal's blocks by the survey service's field names; a problem about none of them goes under questions
CREATE_BLOCKS = {"template": "template", "title": "title", "intro": "intro", "questions": "questions",
                 "audience": "users", "groups": "groups", "closes": "closes", "reminders": "reminders"}


def refusal(human_contact: str) -> dict:
    return notice(f"Sorry, surveys are run by HR: `/survey` is only for HR and admins. If you should have it, ask "
                  f"{escape(human_contact)} for the hr role. (If a survey was sent to you, use the *Start survey* "
                  "button in its message.)")


def _survey_id(text: str) -> int:
    number = text.strip().lstrip("#")
    if not number.isdigit():
        raise SurveyError("Give the survey number, e.g. `/survey results 12` (`/survey list` shows them).")
    return parse_id(number, no_survey(number))


def _button_survey_id(value: str, missing: str) -> int:
    """The survey id a button or form carries; ``missing`` when it is a number naming no survey."""
    if not value.isdigit():
        raise SurveyError("That survey button is out of date.")
    return parse_id(value, missing)


# name=value, the value either in quotes (taken as written) or a word in which `_` stands for a space. A regex
# rather than shlex: shlex cannot tell afterwards whether a value was quoted, and Slack clients send “curly” quotes.
_FILTER = re.compile(r"""\s*([^\s=]+)=(?:"([^"]*)"|'([^']*)'|“([^”]*)”|([^\s"'“”]\S*))""")
_SLACK_ESCAPES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # how Slack escapes a slash command's text


def _filters(text: str) -> dict[str, str]:
    """`department="Customer Success" frequency=Once_or_twice` → {department: Customer Success, frequency: Once
    or twice}: quoted values as written, unquoted ones with `_` read as a space."""
    for escaped, char in _SLACK_ESCAPES:
        text = text.replace(escaped, char)
    filters, pos, text = {}, 0, text.strip()
    while pos < len(text):
        match = _FILTER.match(text, pos)
        if match is None:
            word = text[pos:].split()[0]
            if "=" in word:
                raise SurveyError(f"Close the quotes in {word!r}, e.g. `department=\"Customer Success\"`.")
            raise SurveyError(f"Filters look like `department=Sales` or `department=\"Customer Success\"`; "
                              f"{word!r} is not one.")
        key, *quoted, plain = match.groups()
        value = next((q for q in quoted if q is not None), None)
        filters[key] = value if value is not None else plain.replace("_", " ")
        pos = match.end()
    return filters


def send_results(deps: SlackDeps, client: WebClient, user: str, survey_id: int, filters: dict[str, str],
                 tenant: Tenant = EVERY_ROW) -> None:
    """The results of ``tenant``'s survey (the listeners pass the request's) as a DM to the person who asked,
    with the charts (PNG) and the results as a CSV file (built from the same Results, so under the same k rule)
    in the same DM."""
    results = deps.surveys.results(survey_id, filters, tenant)
    channel = client.conversations_open(users=user)["channel"]["id"]
    client.chat_postMessage(channel=channel, **results_message(results, deps.surveys.feedback_trend(tenant=tenant)))
    files = [(name, png, f"{results.title}: {name.rsplit('-', 1)[-1][:-4]} chart") for name, png in charts(results)]
    if results.n is not None:
        files.append((f"survey-{results.survey_id}-results.csv", to_csv(results).encode("utf-8"),
                      f"{results.title}: results (CSV)"))
    for name, content, title in files:
        try:
            upload_file(client, channel, name, content, title=title)
        except UploadError as exc:
            client.chat_postMessage(channel=channel, **notice(f"A file could not be attached: {exc}"))


def launch(deps: SlackDeps, survey_id: int, context: BoltContext) -> str:
    """Launch one of the caller's surveys, with the audience looked up in the survey's own workspace (the
    caller's for older surveys)."""
    status = deps.surveys.launch(survey_id, lambda team: deps.survey_jobs.resolver(team or context.team_id),
                                 deps.tenant(context))
    deps.survey_jobs.kick()
    verb = "is open: invitations are on their way" if status.status == "open" else "is scheduled to open"
    return f"Survey #{status.id} {verb}.\n{status_line(status)}"


def hr_only(deps: SlackDeps, client: WebClient, user: str) -> bool:
    return deps.allowed(client, user, HR)


# HR: `/survey` and the buttons under survey lists and in App Home ----------------------------------

def on_survey(ack: Ack, command: dict, respond: Respond, client: WebClient, context: BoltContext,
              deps: SlackDeps) -> None:
    ack()
    user, words = command["user_id"], (command.get("text") or "").split()
    verb = words[0].lower() if words else "help"
    if not hr_only(deps, client, user):
        respond(response_type="ephemeral", **refusal(deps.settings.human_contact))
        return
    surveys = deps.surveys
    try:
        tenant = deps.tenant(context)
        if verb in ("new", "create"):
            client.views_open(trigger_id=command["trigger_id"],
                              view=create_modal(surveys.templates.all(), date.today(), command.get("channel_id")))
        elif verb in ("list", "status"):
            respond(response_type="ephemeral", text="Surveys",
                    blocks=[section("*Surveys*")] + status_blocks(surveys.overview(tenant=tenant)))
        elif verb == "launch":
            respond(response_type="ephemeral", **notice(launch(deps, _survey_id(" ".join(words[1:2])), context)))
        elif verb == "close":
            status = surveys.close(_survey_id(" ".join(words[1:2])), tenant)
            respond(response_type="ephemeral", **notice(f"Closed. {status_line(status)}"))
        elif verb == "results":
            rest = (command.get("text") or "").split(None, 2)[2:]
            send_results(deps, client, user, _survey_id(" ".join(words[1:2])), _filters(" ".join(rest)), tenant)
            respond(response_type="ephemeral", **notice("The results are in your DMs with me."))
        else:
            respond(response_type="ephemeral", **notice(help_text()))
    except UserError as exc:
        respond(response_type="ephemeral", **notice(str(exc)))


def on_new(ack: Ack, body: dict, client: WebClient, deps: SlackDeps) -> None:
    ack()
    if not hr_only(deps, client, body["user"]["id"]):
        client.views_open(trigger_id=body["trigger_id"], view=notice_view("HR only", refusal(
            deps.settings.human_contact)["text"]))
        return
    client.views_open(trigger_id=body["trigger_id"], view=create_modal(deps.surveys.templates.all(), date.today()))


def _hr_button(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, deps: SlackDeps,
               do) -> None:
    """A button under a survey (its id is the value), for HR and admins: ``do(survey_id, tenant)`` returns the
    reply."""
    ack()
    user = body["user"]["id"]
    if not hr_only(deps, client, user):
        tell_user(client, body, refusal(deps.settings.human_contact))
        return
    value = str(action.get("value") or "")
    try:
        message = do(_button_survey_id(value, no_survey(value)), deps.tenant(context))
    except UserError as exc:
        message = str(exc)
    tell_user(client, body, notice(message))


def on_launch(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    _hr_button(ack, body, action, client, context, deps, lambda survey_id, _tenant: launch(deps, survey_id, context))


def on_close(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    _hr_button(ack, body, action, client, context, deps,
               lambda survey_id, tenant: f"Closed. {status_line(deps.surveys.close(survey_id, tenant))}")


def on_results(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    def results(survey_id: int, tenant: Tenant) -> str:
        send_results(deps, client, body["user"]["id"], survey_id, {}, tenant)
        return "The results are in your DMs with me."
    _hr_button(ack, body, action, client, context, deps, results)


def on_create(ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    user = body["user"]["id"]
    if not hr_only(deps, client, user):
        ack(response_action="errors", errors={"title": "Only HR and admins can create surveys."})
        return
    try:
        tenant = deps.tenant(context)
        survey_id = deps.surveys.create(_new_survey(view["state"]["values"], user, context.team_id), tenant)
    except UserError as exc:
        ack(response_action="errors", errors=field_errors(exc, CREATE_BLOCKS, "questions"))
        return
    ack()
    status = deps.surveys.status(survey_id, tenant)
    client.chat_postMessage(channel=user, text=f"Survey #{survey_id} created (draft)",
                            blocks=[section("Draft created; launch it when you are ready.")] + status_blocks([status]))


def _value(values: dict, block: str, key: str = "value"):
    element = (values.get(block) or {}).get("value") or {}
    if key == "option":
        return (element.get("selected_option") or {}).get("value")
    return element.get(key)


def _new_survey(values: dict, user: str, team_id: str | None) -> NewSurvey:
    """The create modal read into a NewSurvey; text that does not parse raises SurveyError naming its field."""
    template = _value(values, "template", "option") or SCRATCH
    with naming("questions"):
        definition = parse_questions(_value(values, "questions") or "") if template == SCRATCH else None
    with naming("groups"):
        groups = parse_audience(_value(values, "groups") or "").groups
    audience = Audience(list(_value(values, "users", "selected_users") or []),
                        list(_value(values, "channels", "selected_conversations") or []), groups)
    opens, closes = _value(values, "opens", "selected_date"), _value(values, "closes", "selected_date")
    if not opens or not closes:
        raise SurveyError("Pick both dates.", "closes")
    return NewSurvey(title=_value(values, "title") or "", opens_at=day_start(date.fromisoformat(opens)),
                     closes_at=day_end(date.fromisoformat(closes)), audience=audience, created_by=user,
                     template_id=None if template == SCRATCH else template, definition=definition,
                     intro=_value(values, "intro") or "",
                     anonymous=_value(values, "anonymity", "option") != "attributed",
                     reminder_days=parse_reminders(_value(values, "reminders") or ""), team_id=team_id)


# everyone invited: the Start survey button in the DM, the answer modal ----------------------------

def on_start(ack: Ack, body: dict, action: dict, client: WebClient, context: BoltContext, deps: SlackDeps) -> None:
    ack()
    value = str(action.get("value") or "")
    try:
        if not value.isdigit():
            raise NotAvailable("That button doesn't point to a survey I know.")
        card, definition = deps.surveys.start(parse_id(value, GONE), body["user"]["id"], deps.tenant(context))
    except UserError as exc:
        client.views_open(trigger_id=body["trigger_id"], view=notice_view("Survey", str(exc)))
        return
    client.views_open(trigger_id=body["trigger_id"], view=answer_modal(card, definition))


def answer(deps: SlackDeps, ack: Ack, body: dict, view: dict, client: WebClient, context: BoltContext) -> None:
    """The answer form submitted. Slack wants a reply within 3 seconds, and looking up the person's department
    can take longer (two Slack calls, maybe rate-limited): the answers are checked and the form answered first,
    then the department is looked up and the answers stored with it."""
    user, metadata = body["user"]["id"], view.get("private_metadata") or ""
    answers = submitted_answers(view["state"]["values"])
    try:
        if not metadata.isdigit():
            raise NotAvailable("This form is out of date; please use the Start survey button again.")
        survey_id, tenant = parse_id(metadata, GONE), deps.tenant(context)
        deps.surveys.check(survey_id, user, answers, tenant)
    except NotAvailable as exc:
        ack(response_action="update", view=notice_view("Survey", str(exc)))
        return
    except SurveyError as exc:  # a bad answer: its field is the question's id (a block of the modal)
        ack(response_action="errors", errors=field_errors(exc, {q: q for q in answers}, next(iter(answers), "answer")))
        return
    except UserError as exc:  # a number past any id, or a request that names no workspace
        ack(response_action="update", view=notice_view("Survey", str(exc)))
        return
    ack(response_action="update", view=thanks_view(THANKS))
    department = deps.profiles.department(client, user)
    try:
        deps.surveys.submit(survey_id, user, answers, department, tenant)
    except SurveyError as exc:  # sent twice at once, or closed in the meantime: the thanks is already shown
        client.chat_postMessage(channel=user, **notice(str(exc)))


def register(app: App) -> None:
    app.command("/survey")(on_survey)
    app.action(NEW)(on_new)
    app.action(LAUNCH)(on_launch)
    app.action(CLOSE)(on_close)
    app.action(RESULTS)(on_results)
    app.view(CREATE_MODAL)(on_create)
    app.action(START)(on_start)
    app.view(ANSWER_MODAL)(answer)
