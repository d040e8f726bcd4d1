"""The answer form is answered before the person's department is looked up in Slack (which may take longer
than the 3 seconds Slack waits for a form's reply), and the department is still stored with the answers."""

from types import SimpleNamespace

from bot.slack.listeners.surveys import answer
from bot.surveys.audience import users_only
from bot.tenancy import EVERY_ROW
from tests.surveys.conftest import new_survey, tam_answers

PEOPLE = [f"U0ACK{i}" for i in range(3)]


class Steps:
    """Records, in order, the form's reply (ack), the department look-up and any message sent."""

    def __init__(self, department="Customer Success"):
        self.seen, self.department_value = [], department

    def ack(self, **reply):
        self.seen.append(("ack", reply.get("response_action"), reply))

    def department(self, client, user):
        self.seen.append(("department", user))
        return self.department_value

    def chat_postMessage(self, **message):  # noqa: N802 -- slack_sdk's name
        self.seen.append(("message", message["channel"], message["text"]))


def _submit(container, steps, survey_id, user, answers):
    values = {qid: {"answer": {"type": "radio_buttons", "selected_option": {"value": str(v)}}}
              for qid, v in answers.items()}
    deps = SimpleNamespace(surveys=container.surveys, profiles=steps, tenant=lambda context: EVERY_ROW)
    answer(deps, steps.ack, {"user": {"id": user}}, {"private_metadata": str(survey_id), "state": {"values": values}},
           steps, SimpleNamespace(team_id="T0TEST", enterprise_id=None))


def test_the_form_is_answered_before_the_department_is_looked_up_and_the_department_is_kept(container, clock):
    sid = container.surveys.create(new_survey(clock, PEOPLE))
    container.surveys.launch(sid, lambda _team: users_only)
    steps = Steps()
    _submit(container, steps, sid, PEOPLE[0], tam_answers(5))
    assert [s[:2] for s in steps.seen] == [("ack", "update"), ("department", PEOPLE[0])]
    assert "Thank you" in steps.seen[0][2]["view"]["title"]["text"]
    with container.uow() as uow:
        [stored] = uow.surveys.responses(sid)
    assert stored.department == "Customer Success" and stored.user_id is None


def test_a_refused_form_is_answered_without_any_look_up_and_stores_nothing(container, clock):
    sid = container.surveys.create(new_survey(clock, PEOPLE))
    container.surveys.launch(sid, lambda _team: users_only)
    steps = Steps()
    _submit(container, steps, sid, PEOPLE[0], tam_answers(5) | {"pu1": 9})  # off the 1–7 scale
    _submit(container, steps, sid, "U0STRANGER", tam_answers(5))  # not invited
    assert [s[:2] for s in steps.seen] == [("ack", "errors"), ("ack", "update")]
    assert steps.seen[0][2]["errors"].keys() == {"pu1"} and "not in it" in str(steps.seen[1][2]["view"])
    assert container.surveys.status(sid).responded == 0


def test_a_survey_closed_between_the_reply_and_the_storing_is_explained_in_a_dm(container, clock):
    sid = container.surveys.create(new_survey(clock, PEOPLE))
    container.surveys.launch(sid, lambda _team: users_only)
    steps = Steps()

    def close_meanwhile(client, user):  # HR closes the survey while the department is being looked up
        container.surveys.close(sid)
        return Steps.department(steps, client, user)
    steps.department = close_meanwhile
    _submit(container, steps, sid, PEOPLE[1], tam_answers(5))
    assert [s[:2] for s in steps.seen] == [("ack", "update"), ("department", PEOPLE[1]), ("message", PEOPLE[1])]
    assert "has closed" in steps.seen[2][2]
    assert container.surveys.status(sid).responded == 0
