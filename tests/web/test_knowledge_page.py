"""/app/knowledge (admins): the knowledge gaps with their teach form, the indexed sources and the background
re-index; over HTTP and in a real browser, on gaps made through the services (declined questions, 👎 answers)."""

from __future__ import annotations

import csv
import html
import io
import re
import threading
import time
from datetime import timedelta

import pytest
from markupsafe import escape

from bot.clock import utcnow
from bot.conversations.service import Asked
from bot.errors import UserError
from bot.store.tables.usage import UsageEvent
from bot.web.reindex import ReindexRunner
from tests.web.live import ADMIN, EMPLOYEE, HR, MANAGER, live_web

GUIDE = """# Field guide

## Travel rules

<!-- questions
- can I claim my train ticket back?
-->

Submit receipts within thirty days through the finance portal; economy fares only.

## Printer setup

Office printers are added from the device settings page using the floor's queue name.
"""
EXTRA = "# Meeting rooms\n\n## Booking\n\nBook rooms in the calendar; cancel when plans change.\n"
WEATHER = "What's the weather forecast for Paris tomorrow?"  # declined, never taught here
TAXI = "Can I expense a taxi to the airport?"  # declined; taught over HTTP to the travel rules
BUDGET = "Is there a budget for AI courses?"  # declined; taught over HTTP with a short answer
FOOTBALL = "Who won the football match last night?"  # declined 60 days ago
TRAIN = "How do I claim my train ticket back?"  # answered, then 👎; taught in the browser
ALERT = re.compile(r'<p class="notice bad" role="alert">(.*?)</p>', re.DOTALL)


@pytest.fixture(scope="module")
def docs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("knowledge")
    (folder / "guide.md").write_text(GUIDE)
    return folder


@pytest.fixture(scope="module")
def web(tmp_path_factory, shared_embeddings, docs):
    """The dashboard on a small folder of documents, with gaps made as Slack makes them: questions the coach
    declined, and an answer its asker rated 👎."""
    with live_web(tmp_path_factory.mktemp("web"), shared_embeddings, knowledge_dirs=[docs]) as live:
        c = live.container
        assert c.indexer.ingest([docs]).chunks_total == 2
        replies = {q: c.conversations.ask(Asked(f"U0ASK{n}", q, "dm"))
                   for n, q in enumerate((WEATHER, TAXI, BUDGET, FOOTBALL, TRAIN))}
        assert [q for q, r in replies.items() if not r.answer.answered] == [WEATHER, TAXI, BUDGET, FOOTBALL]
        rating = c.feedback.rate_answer("U0ASK4", replies[TRAIN].usage_id, "down")
        c.feedback.explain(rating, "U0ASK4", "outdated", "")
        with c.uow() as uow:  # asked two months ago: outside the default 30 days
            uow.session.get(UsageEvent, replies[FOOTBALL].usage_id).created_at = utcnow() - timedelta(days=60)
            uow.commit()
        yield live


def _teach(web, client, **fields):
    data = {"csrftoken": web.csrf(client), "source": "gap", "days": "30", "section": "", "answer": "",
            "do": "teach", **fields}
    return client.post("/app/knowledge/teach", data=data)


def _esc(text: str) -> str:
    return str(escape(text))


def _alert(body: str) -> str:
    [line] = ALERT.findall(body)
    return html.unescape(line)


def _lessons(web) -> list:
    return web.container.teaching.lessons()


def _target(web, words: str) -> str:
    [ref] = web.container.teaching.sections(words)
    return ref.target


# roles --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("user", [HR, MANAGER, EMPLOYEE])
def test_everyone_but_admins_is_refused_with_no_data(web, user):
    client = web.client(user)
    for path in ("/app/knowledge", "/app/knowledge?days=90", "/app/knowledge/gaps.csv",
                 "/app/knowledge/teach?question=What%27s+the+weather"):
        response = client.get(path)
        assert response.status_code == 403, path
        assert "weather" not in response.text and "guide.md" not in response.text and "Taught" not in response.text
    before = len(_lessons(web))
    refused = _teach(web, client, question=TAXI, section=_target(web, "travel"))
    assert refused.status_code == 403 and len(_lessons(web)) == before
    assert client.post("/app/knowledge/reindex", data={"csrftoken": web.csrf(client)}).status_code == 403
    assert not web.container.reindex.status().running
    assert "/app/knowledge" not in client.get("/app").text  # not in the navigation either


def test_without_a_session_the_page_asks_to_sign_in(web):
    response = web.client().get("/app/knowledge")
    assert response.status_code == 303 and response.headers["location"].startswith("/app/login?next=")


# the gaps -----------------------------------------------------------------------------------------------
def test_admin_sees_the_gaps_of_the_period_with_table_and_csv(web):
    client = web.client(ADMIN)
    page = client.get("/app/knowledge")
    assert page.status_code == 200
    gaps = web.container.feedback.gaps(30, examples=5)
    assert sorted((g.declined, g.downvoted) for g in gaps) == [(0, 1), (3, 0)]
    for gap in gaps:
        assert f"<h4>{_esc(gap.topic)} <span" in page.text
    for question in (WEATHER, TAXI, BUDGET, TRAIN):
        assert f'<span class="question">{_esc(question)}</span>' in page.text
    assert "football" not in page.text  # asked 60 days ago
    assert 'href="/app/knowledge/gaps.csv?days=30"' in page.text and 'src="data:image/svg+xml;base64,' in page.text
    assert "outdated ×1" in page.text
    rows = list(csv.reader(io.StringIO(client.get("/app/knowledge/gaps.csv?days=30").text)))
    assert rows[0] == ["topic", "declined", "thumbs_down", "total", "reasons", "taught_since", "questions"]
    assert [(r[0], int(r[1]), int(r[2])) for r in rows[1:]] == [(g.topic, g.declined, g.downvoted) for g in gaps]
    wider = client.get("/app/knowledge?days=90").text
    assert "football" in wider and 'href="/app/knowledge/gaps.csv?days=90"' in wider
    assert "football" in client.get("/app/knowledge/gaps.csv?days=90").text
    bad = client.get("/app/knowledge?days=many")
    assert bad.status_code == 400 and "number of days" in bad.text


def test_the_sources_show_each_document_with_its_chunks_and_last_ingest(web, docs):
    body = web.client(ADMIN).get("/app/knowledge").text
    with web.container.uow() as uow:
        doc = uow.documents.get_by_path((docs / "guide.md").as_posix())
        stamp = doc.indexed_at
    row = re.search(r"<tr><td><code>[^<]*guide\.md</code></td><td>Field guide</td>.*?</tr>", body, re.DOTALL).group(0)
    assert '<td class="num">2</td>' in row and stamp.strftime("%Y-%m-%d %H:%M") in row
    assert "<strong>1</strong> documents" in body and "<strong>2</strong> chunks" in body


# teaching -----------------------------------------------------------------------------------------------
def test_searching_sections_keeps_what_was_typed(web):
    client = web.client(ADMIN)
    form = client.get("/app/knowledge/teach", params={"question": TAXI, "source": "gap", "days": "30"})
    assert form.status_code == 200 and "#travel-rules" in form.text and "#printer-setup" in form.text
    found = client.post("/app/knowledge/teach", data={"csrftoken": web.csrf(client), "question": TAXI + " (edited)",
                                                      "asked": TAXI, "find": "printer", "do": "search"})
    assert found.status_code == 200 and "#printer-setup" in found.text and "#travel-rules" not in found.text
    assert _esc(TAXI + " (edited)") in found.text


def test_teaching_a_section_through_the_form_answers_the_question(web):
    assert not web.container.answers.ask(TAXI).answered
    target, before = _target(web, "travel"), len(_lessons(web))
    response = _teach(web, web.client(ADMIN), question=TAXI, asked=TAXI, section=target)
    assert response.status_code == 303
    [lesson] = _lessons(web)[before:]
    assert response.headers["location"] == f"/app/knowledge?days=30&taught={lesson.id}#taught"
    assert (lesson.question, lesson.target, lesson.answer, lesson.taught_by, lesson.source) == (
        TAXI, target, None, ADMIN, "gap")
    answer = web.container.answers.ask(TAXI)
    assert answer.answered and answer.sources[0].section == "Travel rules"
    page = web.client(ADMIN).get(response.headers["location"]).text
    assert f"Taught: “{_esc(TAXI)}” now leads to the section {target}." in page
    assert f'<span class="question">{_esc(TAXI)}</span>' not in page  # it left the gap list


def test_teaching_a_short_answer_through_the_form(web):
    assert not web.container.answers.ask(BUDGET).answered
    response = _teach(web, web.client(ADMIN), question=BUDGET, answer="Yes: up to 500 EUR a year per person.")
    assert response.status_code == 303
    lesson = _lessons(web)[-1]
    assert (lesson.question, lesson.answer) == (BUDGET, "Yes: up to 500 EUR a year per person.")
    answer = web.container.answers.ask(BUDGET)
    assert answer.answered and "500 EUR" in answer.text


def _refusal(web, call) -> str:
    with pytest.raises(UserError) as info:
        call(web.container.teaching)
    return " ".join(str(info.value).split())


@pytest.mark.parametrize(("fields", "expected"), [
    ({"question": WEATHER, "section": "GUIDE", "answer": "Sunny."},
     "Pick a section or write a short answer, not both (choose “No section” to keep the answer)."),
    ({"question": WEATHER}, "Pick the section that answers the question, or write a short answer below."),
    ({"question": WEATHER, "section": "docs/nowhere.md#travel-rules"},
     lambda t: t.attach(WEATHER, "docs/nowhere.md#travel-rules", ADMIN)),
    ({"question": WEATHER, "section": "no-anchor"}, lambda t: t.attach(WEATHER, "no-anchor", ADMIN)),
    ({"question": "  ?  ", "answer": "Sunny."}, lambda t: t.answer("  ?  ", "Sunny.", ADMIN)),
    ({"question": WEATHER, "answer": "x" * 2001}, lambda t: t.answer(WEATHER, "x" * 2001, ADMIN)),
    ({"question": WEATHER, "answer": "Sunny.", "source": "cli", "days": "0"},
     "The period is a number of days, from 1 to 3650."),
])
def test_a_bad_teach_is_one_line_400_and_changes_nothing(web, fields, expected):
    if fields.get("section") == "GUIDE":
        fields = {**fields, "section": _target(web, "printer")}
    message = _refusal(web, expected) if callable(expected) else expected
    before = _lessons(web)
    response = _teach(web, web.client(ADMIN), **fields)
    assert response.status_code == 400
    assert _alert(response.text) == message and "\n" not in message
    assert _esc(fields["question"]) in response.text  # the form comes back as it was sent
    assert _lessons(web) == before
    assert any(q.question == WEATHER for g in web.container.feedback.gaps(30) for q in g.questions)


def test_a_form_without_the_csrf_token_is_refused(web):
    client, before = web.client(ADMIN), _lessons(web)
    client.get("/app/knowledge")
    refused = client.post("/app/knowledge/teach", data={"question": WEATHER, "answer": "Sunny.", "do": "teach"})
    assert refused.status_code == 403 and "CSRF" in refused.text and _lessons(web) == before
    assert client.post("/app/knowledge/reindex", data={}).status_code == 403
    assert not web.container.reindex.status().running


# re-indexing --------------------------------------------------------------------------------------------
def test_reindex_runs_in_the_background_one_at_a_time(web, docs, monkeypatch):
    indexer, gate = web.container.indexer, threading.Event()
    real = indexer.ingest

    def held(paths, progress=None):  # the run waits for the test, so "running" can be seen
        assert gate.wait(60)
        return real(paths, progress)

    monkeypatch.setattr(indexer, "ingest", held)
    (docs / "rooms.md").write_text(EXTRA)
    client = web.client(ADMIN)
    try:
        started = client.post("/app/knowledge/reindex", data={"csrftoken": web.csrf(client)})
        assert started.status_code == 303 and started.headers["location"] == "/app/knowledge?reindex=started#sources"
        running = client.get("/app/knowledge?reindex=started").text
        assert "Re-index started." in running and "Re-index running" in running
        assert '<meta http-equiv="refresh" content="5; url=/app/knowledge?reindex=started">' in running
        again = client.post("/app/knowledge/reindex", data={"csrftoken": web.csrf(client)})
        assert again.headers["location"] == "/app/knowledge?reindex=running#sources"
        assert "already running" in client.get("/app/knowledge?reindex=running").text
    finally:
        gate.set()
    deadline = time.monotonic() + 60
    while "Re-index running" in (body := client.get("/app/knowledge").text) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Last re-index finished" in body and 'http-equiv="refresh"' not in body
    with web.container.uow() as uow:
        _, chunks = uow.documents.counts()
    assert f"1 added, 0 updated, 1 unchanged, 0 removed; 1 chunks embedded, {chunks} in the index." in " ".join(body.split())
    assert "rooms.md</code></td><td>Meeting rooms</td>" in body


def test_a_run_ending_while_the_page_is_built_never_shows_finished_over_the_old_table(web, docs, monkeypatch):
    """The run ends after the page read the table and before it read the status: the page says "running" over
    the old table (its refresh catches up), never "finished" over a table without the new document."""
    indexer, gate = web.container.indexer, threading.Event()
    real_ingest, real_sources = indexer.ingest, indexer.sources

    def held(paths, progress=None):
        assert gate.wait(60)
        return real_ingest(paths, progress)

    def sources_then_finish():
        rows = real_sources()
        if web.container.reindex.status().running:
            gate.set()
            assert web.container.reindex.wait(60)
        return rows

    monkeypatch.setattr(indexer, "ingest", held)
    monkeypatch.setattr(indexer, "sources", sources_then_finish)
    (docs / "desks.md").write_text("# Hot desks\n\n## Booking\n\nBook a desk in the app the day before.\n")
    client = web.client(ADMIN)
    try:
        client.post("/app/knowledge/reindex", data={"csrftoken": web.csrf(client)})
        first = client.get("/app/knowledge").text
    finally:
        gate.set()
        web.container.reindex.wait(60)
    assert "Re-index running" in first and "desks.md" not in first
    after = client.get("/app/knowledge").text
    assert "Last re-index finished" in after and "desks.md</code></td><td>Hot desks</td>" in after


class _Broken:
    def __init__(self, exc):
        self.exc = exc

    def ingest(self, paths, progress=None):
        raise self.exc


@pytest.mark.parametrize(("exc", "shown"), [
    (UserError("No such file or folder: /srv/nowhere"), "No such file or folder: /srv/nowhere"),
    (RuntimeError("password=hunter2 at db"), "The re-index failed (RuntimeError); the server log has the details."),
])
def test_a_failed_run_keeps_its_error_and_leaves_room_for_the_next(exc, shown):
    indexer = _Broken(exc)
    runner = ReindexRunner(indexer)
    assert runner.start(["/srv/nowhere"], "Ada") and runner.wait(10)
    status = runner.status()
    assert (status.running, status.error, status.report, status.started_by) == (False, shown, None, "Ada")
    assert runner.start(["/srv/nowhere"], "Ada") and runner.wait(10)


# in the browser -----------------------------------------------------------------------------------------
def test_admin_teaches_a_gap_and_reindexes_in_the_browser(web, page):
    from playwright.sync_api import expect

    web.sign_in(page, ADMIN, "/app/knowledge")
    assert page.url == web.url + "/app/knowledge"
    assert page.get_by_role("heading", name="Knowledge gaps").is_visible()
    assert not page.get_by_text("football", exact=False).count()
    page.get_by_label("Period").select_option("90")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(re.compile(r"/app/knowledge\?days=90$"))
    assert page.locator("ul.questions").get_by_text(FOOTBALL).is_visible()
    page.locator("figure.chart summary").click()
    assert page.locator("figure.chart table tbody tr").count() >= 2
    assert page.get_by_role("link", name="Download CSV").get_attribute("href") == "/app/knowledge/gaps.csv?days=90"

    page.locator("ul.questions li", has_text=TRAIN).get_by_role("link", name="Teach").click()
    page.wait_for_url(re.compile(r"/app/knowledge/teach\?"))
    page.get_by_label("Find sections").fill("travel")
    page.get_by_label("Find sections").press("Enter")  # the form's first button: Search
    expect(page.get_by_role("radio", name=re.compile("Printer setup"))).to_have_count(0)
    page.get_by_role("radio", name=re.compile("Travel rules")).check()
    web.shot(page, "knowledge-teach-admin")
    page.get_by_role("button", name="Teach").click()
    page.wait_for_url(re.compile(r"/app/knowledge\?days=90&taught=\d+"))
    assert page.get_by_text(f"Taught: “{TRAIN}” now leads to the section").is_visible()
    assert not page.locator("ul.questions li", has_text=TRAIN).count()
    assert any(x.question == TRAIN and x.source == "feedback" for x in _lessons(web))

    page.get_by_role("button", name="Re-index").click()
    page.wait_for_url(re.compile(r"/app/knowledge\?reindex=started"))
    assert page.get_by_text("Re-index started.").is_visible()
    page.get_by_text("Last re-index finished").wait_for(timeout=60_000)  # the page reloads itself while it runs
    assert page.get_by_text("0 added").is_visible()
    web.shot(page, "knowledge-admin")
