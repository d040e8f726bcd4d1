import pytest
from sqlalchemy import text

_TABLES = ("feedback", "usage_events", "conversation_turns", "processed_events", "rate_hits")


@pytest.fixture(autouse=True)
def _leave_the_shared_database_clean(request):
    """These tests write to the session-wide `kb` database, which the Slack tests count on being empty."""
    yield
    if "kb" in request.fixturenames:
        with request.getfixturevalue("kb").engine.begin() as conn:
            for table in _TABLES:
                conn.execute(text(f"DELETE FROM {table}"))
