"""On a server database an answer racing a close either lands before closed_at or is refused, never after."""

import json
import threading
from datetime import datetime, timezone

import pytest

from tests.conftest import POSTGRES_ADMIN_URL

pytestmark = pytest.mark.skipif(not POSTGRES_ADMIN_URL, reason="row locks need PostgreSQL (COACH_TEST_POSTGRES_URL)")

QUESTIONS = {"questions": [{"id": "recommend", "kind": "nps", "text": "How likely are you to recommend it?",
                            "construct": None, "reverse": False, "options": [], "required": True}],
             "constructs": {}}


def test_an_answer_racing_a_close_is_refused_not_stored_after_it(fresh):
    from sqlalchemy import func, select

    from bot.store.tables.surveys import Survey, SurveyResponse
    from bot.surveys.service import NotAvailable

    c = fresh()
    with c.uow() as uow:
        survey = Survey(title="Pulse", series="pulse", anonymous=True, status="open", questions=json.dumps(QUESTIONS),
                        created_by="U0HR", opens_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                        closes_at=datetime(2030, 1, 1, tzinfo=timezone.utc))
        uow.session.add(survey)
        uow.commit()
        survey_id = survey.id
        uow.surveys.add_recipients(survey_id, ["U1"])
        uow.commit()
    closing = c.uow().__enter__()  # a close in progress: the survey row is locked and marked closed
    locked = closing.surveys.get(survey_id, lock=True)
    locked.status, locked.closed_at = "closed", datetime.now(timezone.utc)
    closing.session.flush()
    outcome = {}

    def answer():
        try:
            c.surveys.submit(survey_id, "U1", {"recommend": 9}, "Sales")
            outcome["result"] = "stored"
        except NotAvailable as exc:
            outcome["result"] = str(exc)

    thread = threading.Thread(target=answer)
    thread.start()
    thread.join(1.0)
    assert "result" not in outcome  # the answer waits for the close to finish
    closing.commit()
    closing.__exit__(None, None, None)
    thread.join(10)
    assert "has closed" in outcome["result"]
    with c.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(SurveyResponse)) == 0
