"""Inputs left out of a quick audit are scored as unknown, not as absent; a weak archetype match carries its
caveat into the recommendations and the team's top actions."""

import json

import pytest

from bot.audit.inputs import AuditInputError, RoleInput, from_file, from_pairs
from bot.audit.render import to_markdown
from tests.audit.conftest import request
from tests.conftest import cli_env, run_coach

ANALYST = ("Data analyst", "Dashboards delivered per week")


def test_a_quick_audit_scores_what_was_not_given_as_unknown(engine):
    quick = engine.audit(from_pairs("", *map(list, zip(ANALYST))), "tester").roles[0]
    steps = {b.step: b for b in quick.breakdown}
    assert quick.not_given == ["rewards", "AI workflows", "displaced work"]
    assert not steps["displaced_work"].given and not steps["rewards"].given and steps["metrics"].given
    assert (steps["displaced_work"].max_points, steps["rewards"].max_points) == (0, 0)
    assert not any("No displaced work named" in x or "No rewards described" in x for x in quick.reasons)
    assert quick.reasons[-1].startswith("Not given: rewards, AI workflows and displaced work.")
    # the metrics' 8 of 40 points scaled to 100, less 5 for the gaming risk of a volume-only metric
    assert (quick.score, quick.rag) == (15, "red")
    # the same role with the Slack modal's blank fields: answered "nothing", so scored as absent, as before
    blank = engine.audit(request(RoleInput(*ANALYST)), "tester").roles[0]
    assert (blank.score, blank.not_given) == (3, [])
    assert "No displaced work named" in blank.reasons[0]


def test_an_explicit_none_is_absent_and_a_missing_workflow_only_drops_its_points(engine):
    none = engine.audit(from_pairs("", [ANALYST[0]], [ANALYST[1]], {"displaced_work": ["none"]}), "tester").roles[0]
    steps = {b.step: b for b in none.breakdown}
    assert steps["displaced_work"].given and (steps["displaced_work"].points, steps["displaced_work"].max_points) \
        == (0, 30)
    assert none.not_given == ["rewards", "AI workflows"] and none.rag == "red"
    named = engine.audit(from_pairs("", [ANALYST[0]], [ANALYST[1]], {"displaced_work": ["Manual CRM data pulls"]}),
                         "tester").roles[0]
    step = named.breakdown[0]
    assert (step.points, step.max_points) == (25, 25) and "AI workflow that takes it over was not given" in step.finding


def test_a_role_with_unknown_inputs_is_never_green(engine):
    r = engine.audit(from_pairs("", ["Data analyst"], ["Decision accuracy"]), "tester").roles[0]
    assert r.breakdown[1].points == 40 and r.score == 100 and r.rag == "amber"
    markdown = to_markdown(engine.audit(from_pairs("", ["Data analyst"], ["Decision accuracy"]), "tester"))
    assert "100/100, provisional" in markdown and "| Step 3 · rewards and penalties | not given |" in markdown
    assert "Not given: rewards, AI workflows and displaced work" in markdown
    assert "Complete the audit for Data analyst" in markdown  # room in the top three for it


def test_an_input_the_score_does_not_depend_on_leaves_the_audit_complete(engine):
    r = engine.audit(from_pairs("", ["Data analyst"], ["Decision accuracy"],
                                {"rewards": ["Quarterly bonus on decision accuracy; reviews for ignoring validated "
                                             "AI forecasts, no penalty for reviewed AI-supported calls"],
                                 "displaced_work": ["nothing"]}), "tester")
    role = r.roles[0]
    assert role.not_given == ["AI workflows"] and [b.max_points for b in role.breakdown] == [30, 40, 30, 0]
    assert role.reasons[-1] == "Not given: AI workflows; nothing in this role's score depends on it."
    assert ", provisional" not in to_markdown(r) and not any("Complete the audit" in a for a in r.summary.top_actions)


def test_scaling_and_the_amber_cap_follow_the_points_that_could_be_scored():
    from bot.audit.metrics import MetricSet
    from bot.audit.report import StepScore
    from bot.audit.scoring import rate

    def step(name, points, max_points, given=True):
        return StepScore(step=name, label=name, points=points, max_points=max_points, finding="", given=given)

    metrics = MetricSet()  # no metric: read as activity, which only matters for red with nothing displaced
    full = [step("displaced_work", 30, 30), step("metrics", 40, 40), step("rewards", 30, 30), step("risks", 0, 0)]
    assert rate(full, [], metrics) == (100, "green")
    no_workflow = [step("displaced_work", 25, 25), *full[1:]]
    assert rate(no_workflow, [], metrics) == (100, "amber")
    metrics_only = [step("displaced_work", 0, 0, False), step("metrics", 25, 40), step("rewards", 0, 0, False),
                    step("risks", -5, 0)]
    assert rate(metrics_only, [], metrics) == (57, "amber")  # 25/40 = 62.5 → 62 (half to even), less 5


def test_pairs_take_one_optional_value_per_role_and_blank_means_not_given():
    req = from_pairs("T", ["A", "B"], ["m1", "m2"], {"rewards": ["Bonus on accuracy", ""], "displaced_work": None})
    assert [r.rewards for r in req.roles] == ["Bonus on accuracy", None]
    assert [r.not_given for r in req.roles] == [("ai_workflows", "displaced_work"),
                                                ("rewards", "ai_workflows", "displaced_work")]
    with pytest.raises(AuditInputError, match='Give one --rewards for each --role .*use "" for a role'):
        from_pairs("T", ["A", "B"], ["m1", "m2"], {"rewards": ["Bonus"]})


def test_a_yaml_role_without_a_key_has_it_not_given(tmp_path):
    spec = tmp_path / "team.yaml"
    spec.write_text("roles:\n  - role: Analyst\n    metrics: Reports\n    rewards: none\n    displaced_work: ''\n")
    role = from_file(spec).roles[0]
    assert (role.rewards, role.ai_workflows, role.displaced_work) == ("none", None, None)
    assert RoleInput("A", "m").not_given == ()  # the Slack modal's blank fields are answers


def test_a_weak_match_shows_the_archetypes_recommendations_with_a_caveat(engine):
    report = engine.audit(request(("Tier 1 support", "tickets closed per day"), ("Sales Rep", "Quota only")),
                          "tester")
    weak, strong = report.roles
    assert weak.match.level == "weak" and weak.recommended_metrics and strong.caveat == ""
    assert weak.caveat.startswith(f"These follow the closest role archetype, {weak.match.closest_name}, a weak match")
    [metrics_action] = [a for a in report.summary.top_actions if a.startswith("Change one metric")]
    assert (f"Tier 1 support → {weak.recommended_metrics[0]} (a weak archetype match: confirm it fits first)"
            in metrics_action)
    assert metrics_action.endswith(f"Sales Rep → {strong.recommended_metrics[0]}.")  # no caveat: a strong match
    markdown = to_markdown(report)
    assert markdown.index("**Recommended new metric") < markdown.index("⚠️ *These follow the closest")


@pytest.fixture
def env(fresh):
    c = fresh()
    return c, cli_env(c)


def test_cli_quick_audit_takes_rewards_displaced_work_and_ai_workflow(env, capsys, monkeypatch):
    c, e = env
    code, out, err = run_coach(["audit", "run", "--role", "Data analyst", "--metric", "Dashboards delivered per week",
                                "--json"], capsys, monkeypatch, e)
    assert code == 0, err
    quick = json.loads(out)["roles"][0]
    assert quick["not_given"] == ["rewards", "AI workflows", "displaced work"] and quick["score"] > 3
    assert [b["given"] for b in quick["breakdown"]] == [False, True, False, True]
    code, out, err = run_coach(["audit", "run", "--role", "Data analyst", "--metric", "Dashboards delivered per week",
                                "--rewards", "Quarterly bonus on decision accuracy", "--displaced",
                                "Manual data pulls from the CRM", "--ai-workflow", "AI drafts the weekly summary",
                                "--json"], capsys, monkeypatch, e)
    assert code == 0, err
    full = json.loads(out)["roles"][0]
    assert full["not_given"] == [] and all(b["given"] for b in full["breakdown"])
    assert full["inputs"]["displaced_work"] == "Manual data pulls from the CRM"
    assert full["breakdown"][0]["points"] == 30  # displaced work named, with the AI workflow that removes it
    code, out, _ = run_coach(["audit", "run", "--role", "Data analyst", "--metric", "Decision accuracy"],
                             capsys, monkeypatch, e)
    assert code == 0 and "add --rewards, --ai-workflow, --displaced" in " ".join(out.split())
    assert len(c.audits.history()) == 3


@pytest.mark.parametrize("args, message", [
    (["--role", "A", "--metric", "m", "--rewards", "x", "--rewards", "y"], "Give one --rewards for each --role"),
    (["--displaced", "Retyping"], "describe a --role"),
    (["--from", "team.yaml", "--ai-workflow", "x"], "not both"),
])
def test_cli_optional_inputs_that_do_not_fit_are_one_line_and_store_nothing(env, capsys, monkeypatch, args,
                                                                             message):
    c, e = env
    code, _, err = run_coach(["audit", "run", *args], capsys, monkeypatch, e)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1
    assert c.audits.history() == []
