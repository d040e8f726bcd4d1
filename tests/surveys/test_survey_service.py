"""Defining, launching, answering, reminding and closing surveys; what is stored for anonymous surveys."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import inspect, select

from bot.store.tables.surveys import SurveyOutbox, SurveyRecipient, SurveyResponse
from bot.surveys.audience import Audience, parse_audience, users_only
from bot.surveys.definition import SurveyError
from bot.surveys.export import to_csv
from bot.surveys.quick import parse_questions
from bot.surveys.service import NotAvailable
from tests.surveys.conftest import new_survey, tam_answers

USERS = [f"U0PERSON{i:02d}" for i in range(12)]


def _launch(container, clock, users=USERS, **kw):
    sid = container.surveys.create(new_survey(clock, users, **kw))
    container.surveys.launch(sid, lambda _team: users_only)
    return sid


def test_templates_tam_utaut_enps_pulse_load_with_constructs_and_reverse_items(container):
    templates = {t.id: t for t in container.surveys.templates.all()}
    assert set(templates) == {"tam", "utaut", "enps", "pulse"}
    assert set(templates["tam"].definition.construct_items()) == {"usefulness", "ease_of_use"}
    assert set(templates["utaut"].definition.construct_items()) == {
        "performance_expectancy", "effort_expectancy", "social_influence", "facilitating_conditions",
        "behavioural_intention"}
    for t in templates.values():
        assert t.intro and t.description
    assert any(q.reverse for q in templates["tam"].definition.questions)
    assert [q.kind for q in templates["enps"].definition.questions] == ["nps", "text"]
    pulse = {q.id: q for q in templates["pulse"].definition.questions}
    assert pulse["frequency"].kind == "single" and "Every day" in pulse["frequency"].options  # how often used
    assert pulse["time_saved"].kind == "single" and "More than 3 hours" in pulse["time_saved"].options  # per week
    assert "week" in pulse["time_saved"].text
    trust = templates["pulse"].definition.construct_items()
    assert list(trust) == ["trust"] and [q.id for q in trust["trust"]] == ["trust1", "trust2"]  # trust in output
    assert pulse["trust2"].reverse and pulse["trust1"].kind == pulse["trust2"].kind == "likert"
    assert pulse["blockers"].kind == "multi" and not pulse["blockers"].required  # blockers, pick all that apply
    with pytest.raises(SurveyError, match="tam, utaut"):
        container.surveys.templates.get("nope")


def test_anonymous_answers_carry_no_user_and_only_the_week(container, clock):
    sid = _launch(container, clock)
    clock.advance(days=2, hours=5, minutes=17)
    container.surveys.submit(sid, USERS[0], tam_answers(6, comment="Saves me an hour"), "Sales")
    with container.uow() as uow:
        [response] = uow.session.scalars(select(SurveyResponse)).all()
        recipient = uow.session.get(SurveyRecipient, (sid, USERS[0]))
    assert response.user_id is None and response.department == "Sales"
    assert response.answered_week.isoformat() == "2026-11-02"  # the Monday, not the moment
    assert len(response.id) == 32 and not response.id.isdigit()  # random key, not a submission counter
    assert USERS[0] not in response.answers and recipient.responded
    columns = {c["name"] for c in inspect(container.engine).get_columns("survey_responses")}
    assert columns == {"id", "survey_id", "user_id", "department", "answered_week", "answers"}
    assert not {c["name"] for c in inspect(container.engine).get_columns("survey_recipients")} & {"answers",
                                                                                                 "department"}


def test_attributed_surveys_keep_the_name(container, clock):
    sid = _launch(container, clock, anonymous=False)
    container.surveys.submit(sid, USERS[1], tam_answers(), None)
    with container.uow() as uow:
        assert uow.session.scalars(select(SurveyResponse.user_id)).all() == [USERS[1]]


def test_double_submission_closed_survey_and_outsiders_are_refused_kindly(container, clock):
    sid = _launch(container, clock)
    container.surveys.submit(sid, USERS[0], tam_answers(), None)
    with pytest.raises(NotAvailable, match="already answered"):
        container.surveys.start(sid, USERS[0])
    with pytest.raises(NotAvailable, match="already answered"):
        container.surveys.submit(sid, USERS[0], tam_answers(), None)
    with pytest.raises(NotAvailable, match="not in it"):
        container.surveys.start(sid, "U0STRANGER")
    container.surveys.close(sid)
    with pytest.raises(NotAvailable, match="has closed"):
        container.surveys.start(sid, USERS[1])
    with container.uow() as uow:
        assert len(uow.surveys.responses(sid)) == 1


def test_a_survey_past_its_closing_date_takes_no_answers(container, clock):
    sid = _launch(container, clock, days=3, reminders=())
    clock.advance(days=3, seconds=1)
    with pytest.raises(NotAvailable, match="has closed"):
        container.surveys.submit(sid, USERS[0], tam_answers(), None)
    assert container.surveys.close_due(clock.now) == [sid]


def test_bad_answers_name_the_question_and_store_nothing(container, clock):
    sid = _launch(container, clock)
    for answers, qid in ((tam_answers() | {"pu1": 9}, "pu1"), ({"pu1": 5}, "pu2"), (tam_answers() | {"x": 1}, "x")):
        with pytest.raises(SurveyError) as info:
            container.surveys.submit(sid, USERS[0], answers, None)
        assert info.value.args[1] == qid
    assert container.surveys.status(sid).responded == 0


def test_reminders_go_to_non_responders_only_on_their_days(container, clock):
    sid = _launch(container, clock)
    for user in USERS[:5]:
        container.surveys.submit(sid, user, tam_answers(), None)
    clock.advance(days=2)
    assert container.surveys.send_due_reminders(clock.now) == 0
    clock.advance(days=1, minutes=1)
    assert container.surveys.send_due_reminders(clock.now) == 7
    assert container.surveys.send_due_reminders(clock.now) == 0  # once per reminder day
    container.surveys.submit(sid, USERS[5], tam_answers(), None)
    clock.advance(days=2)
    assert container.surveys.send_due_reminders(clock.now) == 6
    with container.uow() as uow:
        rows = uow.session.scalars(select(SurveyOutbox).where(SurveyOutbox.kind != "invite")).all()
    assert {r.user_id for r in rows if r.kind == "reminder1"} == set(USERS[5:])
    assert {r.user_id for r in rows if r.kind == "reminder2"} == set(USERS[6:])


def test_definitions_and_dates_are_checked(container, clock):
    surveys = container.surveys
    with pytest.raises(SurveyError, match="close after it opens"):
        surveys.create(new_survey(clock, USERS, days=0))
    with pytest.raises(SurveyError, match="before the survey closes"):
        surveys.create(new_survey(clock, USERS, days=4, reminders=(5,)))
    with pytest.raises(SurveyError, match="Choose who"):
        surveys.create(new_survey(clock, []))
    with pytest.raises(SurveyError, match="Line 2"):
        parse_questions("likert: fine\nbogus: nope")
    with pytest.raises(SurveyError, match="at least two options"):
        parse_questions("single: Pick | only one")
    assert parse_audience("<@U0AB12|ann>, <#C0CHAN|general> S0GROUP").to_json() == {
        "users": ["U0AB12"], "channels": ["C0CHAN"], "groups": ["S0GROUP"]}
    with pytest.raises(SurveyError, match="not a Slack"):
        parse_audience("bob@example.com")
    with pytest.raises(SurveyError, match="SLACK_BOT_TOKEN"):
        users_only(Audience(channels=["C0X"]))


def test_from_scratch_survey_with_every_question_kind(container, clock):
    definition = parse_questions("likert (fit): The tool fits my work\nlikert (fit) reverse: It gets in the way\n"
                                 "single: How often? | Daily | Weekly\nmulti optional: Which? | A | B | C\n"
                                 "nps: Recommend?\ntext optional: Anything else?")
    sid = _launch(container, clock, template=None, definition=definition)
    for i, user in enumerate(USERS[:6]):
        container.surveys.submit(sid, user, {"q1": 6, "q2": 2, "q3": "Daily", "q4": ["C", "A"], "q5": 9 + i % 2,
                                             "q6": f"note {5 - i}"}, "Ops")
    container.surveys.close(sid)  # anonymous: results once closed
    r = container.surveys.results(sid)
    assert [c.id for c in r.constructs] == ["fit"] and r.constructs[0].mean == pytest.approx(6.0)
    assert next(i for i in r.items if i.id == "q4").distribution == {"A": 6, "B": 0, "C": 6}
    assert r.enps[0].score == pytest.approx(100.0)
    assert r.comments["q6"] == sorted(f"note {5 - i}" for i in range(6))


def test_results_wave_change_and_export_obey_k(container, clock):
    first = _launch(container, clock)
    for user in USERS[:6]:
        container.surveys.submit(sid := first, user, tam_answers(4), "Sales" if user < USERS[3] else "Ops")
    second = _launch(container, clock)
    for i, user in enumerate(USERS):
        container.surveys.submit(second, user, tam_answers(6), "Sales" if i < 6 else ("Ops" if i < 10 else "Legal"))
    for sid in (first, second):  # anonymous: results (and the comparison with a wave) once closed
        container.surveys.close(sid)
    r = container.surveys.results(second)
    assert r.wave == 2 and r.previous_wave == 1
    # all 4s score 4; all 6s score (6+6+6+2)/4 = 5 once the reverse-coded item is flipped: +1
    assert [round(c.change, 2) for c in r.constructs] == [1.0, 1.0]
    assert {s.value for s in r.segments} == {"Sales"}  # Ops (4) and Legal (2) are under k=5: folded away
    assert r.other_departments_n == 6  # Ops 4 + Legal 2, counted together
    assert container.surveys.results(second, {"department": "Legal"}).n is None
    csv_text = to_csv(r)
    assert "department=Sales" in csv_text and "Legal" not in csv_text and "Ops" not in csv_text
    small = _launch(container, clock)
    for user in USERS[:4]:
        container.surveys.submit(small, user, tam_answers(), None)
    container.surveys.close(small)
    assert to_csv(container.surveys.results(small)).count("\n") == 2  # header and the response rate only
    with pytest.raises(SurveyError, match="text question"):
        container.surveys.results(second, {"comment": "x"})
    with pytest.raises(SurveyError, match="Cannot filter"):
        container.surveys.results(second, {"nope": "x"})


def test_minimum_responses_cannot_be_set_below_three(tmp_path):
    from pydantic import ValidationError

    from bot.config import Settings

    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, survey_min_responses=2)
    assert Settings(data_dir=tmp_path).survey_min_responses == 5


def test_charts_are_png_and_only_from_shown_results(container, clock):
    from bot.surveys.charts import charts

    sid = _launch(container, clock, template="enps")
    for i, user in enumerate(USERS[:5]):
        container.surveys.submit(sid, user, {"recommend": 10 - i}, None)
    container.surveys.close(sid)
    files = charts(container.surveys.results(sid))
    assert [name for name, _ in files] == [f"survey-{sid}-enps.png"]
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") for _, png in files)
    assert charts(container.surveys.results(sid, {"recommend": "10"})) == []  # one person: nothing to draw


def test_status_counts_and_json_questions(container, clock):
    sid = _launch(container, clock)
    status = container.surveys.status(sid)
    assert (status.invited, status.responded, status.outbox) == (12, 0, {"pending": 12})
    with container.uow() as uow:
        assert json.loads(uow.surveys.get(sid).audience)["users"] == USERS
    container.surveys.close(sid)
    assert container.surveys.status(sid).outbox == {"cancelled": 12}
    with pytest.raises(SurveyError, match="already closed"):
        container.surveys.close(sid)
    assert container.surveys.close_due(clock.now + timedelta(days=30)) == []


def test_a_scheduled_survey_opens_in_its_own_workspace_and_one_that_cannot_does_not_stop_the_rest(container, clock):
    from bot.surveys.outbox import DeliveryError

    asked = []

    def resolver_for(team_id):
        asked.append(team_id)
        if team_id == "T0GONE":
            raise DeliveryError("no installation for this workspace", True)
        return lambda audience: {f"{u}@{team_id}" for u in audience.users}

    later = clock.now + timedelta(days=1)
    gone = container.surveys.create(new_survey(clock, USERS[:3], team_id="T0GONE", title="Gone"))
    here = container.surveys.create(new_survey(clock, USERS[:3], team_id="T0HERE", title="Here"))
    draft = container.surveys.create(new_survey(clock, USERS[:3], team_id="T0DRAFT", title="Not launched"))
    for sid in (gone, here, draft):
        with container.uow() as uow:
            uow.surveys.get(sid).opens_at = later
            uow.commit()
    for sid in (gone, here):
        assert container.surveys.launch(sid, lambda _team: users_only).status == "scheduled"
    assert container.surveys.open_due(clock.now, resolver_for) == [] and asked == []  # nothing due: no look-up
    assert container.surveys.open_due(later, resolver_for) == [here]
    assert sorted(asked) == ["T0GONE", "T0HERE"]  # each survey's own workspace; the draft is not looked up
    with container.uow() as uow:
        assert sorted(uow.surveys.non_responders(here)) == sorted(f"{u}@T0HERE" for u in USERS[:3])
    assert container.surveys.status(gone).status == "scheduled"  # tried again on the next tick
    assert container.surveys.status(here).outbox == {"pending": 3}
