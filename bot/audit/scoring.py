"""Scoring one role against the three steps of the incentive alignment framework, and its risks.

Points (100 in all): displaced work 30, metrics 40, rewards 30; risks take points away (at most
``MAX_DEDUCTION``). Every number comes with the sentence that explains it, so a manager can see why a
role is red, amber or green. Words are matched as whole words, case-insensitively.

* Step 1, displaced work: nothing named 0; named but vague (fewer than two specific words) 15;
  specific 25, or 30 when the AI workflow that removes it is named too.
* Step 2, metrics: the best kind among the role's metrics: activity or volume 8, outcome or quality 25,
  aligned with the AI workflow 40. An adoption rate with no outcome metric beside it counts as 25. A role
  already measured on its archetype's recommended metric gets 40.
* Step 3, rewards: an upside (bonus, recognition, promotion…) 10, or 15 when it is tied to an outcome or
  to the AI workflow; a downside (review, accountability, penalty…) 10, or 15 when it is about AI signals.
  "Not penalised" and the like are protections, not downsides.
* Risks: rewarding AI use rather than results -10 (judgement); volume-only metrics or an adoption rate
  without an outcome beside it -5 each (gaming); a downside with no protection for reviewed AI-supported
  decisions that fail -5 (trust).
* Green: 70 or more with every step above zero and no judgement risk. Red: under 40, or volume metrics
  with nothing displaced. Amber: the rest.
* Not given (rewards, displaced work or the AI workflow left out of a quick audit): unknown, not absent.
  The step, or the 5 points that depend on the AI workflow, is left out and the points of the rest are
  scaled to 100 before risks are taken away; such a role is at most amber, since part of it is unknown."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.audit.catalog import Archetype
from bot.audit.metrics import MetricSet
from bot.audit.report import Rag, Risk, StepScore

DISPLACED_MAX, METRICS_MAX, REWARDS_MAX = 30, 40, 30
MAX_DEDUCTION = 20
GREEN_AT, RED_BELOW = 70, 40
KIND_POINTS = {"activity": 8, "outcome": 25, "ai_aligned": 40}
KIND_LABELS = {"activity": "activity or volume", "outcome": "outcome or quality",
               "ai_aligned": "aligned with the AI workflow"}


def _words(*words: str) -> re.Pattern:
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


_NOTHING = re.compile(r"^\s*(none|nothing|n/?a|na|no|nope|tbd|tbc|unknown|not sure|not yet|nothing yet|"
                      r"none yet|nothing removed|-+|\?+)\s*[.!]?\s*$", re.IGNORECASE)
_GENERIC = {"some", "stuff", "things", "thing", "admin", "work", "tasks", "task", "various", "misc", "other",
            "general", "manual", "the", "and", "etc", "everything", "lots", "less", "more", "bits"}
UPSIDE = _words(r"bonus(es)?", r"commissions?", r"incentives?", r"rewards?", r"rewarded", r"recogni[sz]\w*",
                r"promot\w*", r"raises?", r"pay rise", r"awards?", r"spiffs?", r"prizes?", r"kudos", r"variable pay",
                r"profit share", r"merit", r"career", r"equity", r"shout-?outs?", r"gift\w*", r"celebrat\w*")
DOWNSIDE = _words(r"reviews?", r"penalt\w*", r"penali[sz]\w*", r"accountab\w*", r"claw ?backs?",
                  r"consequences?", r"missed", r"misses", r"performance plans?", r"pips?", r"deduct\w*",
                  r"lose", r"loses", r"warnings?", r"demot\w*", r"improvement plans?", r"sanctions?")
PROTECTION = re.compile(r"\b(?:no|not|never|without|reduced|softer|soften(?:ed)?|lighter|fewer|less)\b\W+"
                        r"(?:\w+\W+){0,3}?(?:penalt\w*|penali[sz]\w*|blame\w*|punish\w*|consequences?|sanctions?)"
                        r"|\bblameless\b|\bsafe to fail\b|\bprotected\b|\bno[- ]blame\b", re.IGNORECASE)
TIED_TO_OUTCOME = _words(r"ai", r"ai-\w+", r"a\.i\.", r"accuracy", r"accurate", r"quality", r"resolution",
                         r"resolved", r"forecasts?", r"outcomes?", r"results?", r"retention", r"satisfaction",
                         r"errors?", r"defects?", r"model", r"predictions?", r"insights?", r"decisions?")
ABOUT_AI_SIGNALS = _words(r"ai", r"ai-\w+", r"signals?", r"forecasts?", r"validated", r"model", r"predictions?",
                          r"alerts?", r"suggestions?", r"recommendations?")
REWARDS_AI_USE = re.compile(r"\b(?:using|use of|usage of|uses|adopting)\s+(?:the\s+)?(?:ai|copilot|assistant|"
                            r"chatgpt|genai|tool)\b|\bai usage\b|\bprompts?\b|\bmost active ai\b", re.IGNORECASE)
PUNISHES_NOT_USING = re.compile(r"\b(?:ignor\w*|not using|refus\w*|overrid\w*|reject\w*)\s+(?:\w+\s+){0,2}?"
                                r"(?:ai|model|forecasts?|signals?|suggestions?|copilot)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Inputs:
    """What one role's scoring reads; None: not given (unknown)."""

    metrics: str
    rewards: str | None
    ai_workflows: str | None
    displaced_work: str | None


def nothing(text: str | None) -> bool:
    """Nothing named (blank, "none", "n/a"…); False for None, which is not given rather than nothing."""
    return text is not None and (not text.strip() or bool(_NOTHING.match(text)))


def score_displaced(inputs: Inputs) -> StepScore:
    label = "Step 1 · displaced work"
    if inputs.displaced_work is None:
        return StepScore(step="displaced_work", label=label, points=0, max_points=0, given=False,
                         finding="Displaced work not given: not scored. Name the task, report or check the AI "
                                 "removes for a full score.")
    if nothing(inputs.displaced_work):
        return StepScore(step="displaced_work", label=label, points=0, max_points=DISPLACED_MAX,
                         finding="No displaced work named: the AI is added on top of the old work, so use will "
                                 "stay superficial.")
    specific = [w for w in re.findall(r"[a-zA-Z]{3,}", inputs.displaced_work) if w.lower() not in _GENERIC]
    if len(specific) < 2:
        return StepScore(step="displaced_work", label=label, points=15, max_points=DISPLACED_MAX,
                         finding="Displaced work is named but vague: say which task, report or check stops.")
    if inputs.ai_workflows is None:
        return StepScore(step="displaced_work", label=label, points=25, max_points=25,
                         finding="Displaced work is named; the AI workflow that takes it over was not given, so its "
                                 f"{DISPLACED_MAX - 25} points are not scored.")
    if nothing(inputs.ai_workflows):
        return StepScore(step="displaced_work", label=label, points=25, max_points=DISPLACED_MAX,
                         finding="Displaced work is named; also name the AI workflow that takes it over.")
    return StepScore(step="displaced_work", label=label, points=DISPLACED_MAX, max_points=DISPLACED_MAX,
                     finding="Displaced work is named, with the AI workflow that removes it.")


def score_metrics(metrics: MetricSet, recommended_in_place: bool) -> StepScore:
    label = "Step 2 · metrics"
    best = metrics.best
    points = KIND_POINTS[best]
    outcome_beside = bool(metrics.of_kind("outcome"))
    aligned = metrics.of_kind("ai_aligned")
    adoption_only = bool(aligned) and all(m in metrics.adoption_metrics for m in aligned) and not outcome_beside
    if adoption_only:
        points = KIND_POINTS["outcome"]
    names = ", ".join(f"\"{m.text}\"" for m in metrics.of_kind(best))
    if recommended_in_place:
        return StepScore(step="metrics", label=label, points=METRICS_MAX, max_points=METRICS_MAX,
                         finding="Already measured on the metric recommended for this role.")
    if best == "activity":
        finding = f"Measured on activity or volume only ({names}): people gain nothing on it by using AI well."
    elif best == "outcome":
        finding = (f"Measured on an outcome ({names}), but nothing in the metrics reflects the AI-assisted "
                   "way of working.")
    elif adoption_only:
        finding = (f"Measured on adoption ({names}) without an outcome beside it: it shows the tool is used, "
                   "not that the work got better.")
    else:
        finding = f"A metric fits the AI workflow ({names})."
    return StepScore(step="metrics", label=label, points=points, max_points=METRICS_MAX, finding=finding)


def downside_present(rewards: str) -> bool:
    return bool(DOWNSIDE.search(PROTECTION.sub(" ", rewards)))


def score_rewards(inputs: Inputs) -> StepScore:
    label = "Step 3 · rewards and penalties"
    text = inputs.rewards
    if text is None:
        return StepScore(step="rewards", label=label, points=0, max_points=0, given=False,
                         finding="Rewards not given: not scored. Describe the bonus, recognition or reviews for a "
                                 "full score.")
    if nothing(text):
        return StepScore(step="rewards", label=label, points=0, max_points=REWARDS_MAX,
                         finding="No rewards described: without an upside AI gets ignored, without a downside "
                                 "it stays optional.")
    upside = bool(UPSIDE.search(text))
    downside = downside_present(text)
    points = (15 if TIED_TO_OUTCOME.search(text) else 10) if upside else 0
    points += (15 if ABOUT_AI_SIGNALS.search(text) else 10) if downside else 0
    if upside and downside:
        finding = "Rewards have both an upside and a downside."
        if points < REWARDS_MAX:
            finding += " Tie them to AI-enabled outcomes and to validated AI signals."
    elif upside:
        finding = "Rewards have an upside but no downside, so using the AI stays optional."
    elif downside:
        finding = "Rewards have a downside but no upside, so people have no reason to invest in the AI workflow."
    else:
        finding = "The rewards described give neither an upside nor a downside for the AI-assisted work."
    return StepScore(step="rewards", label=label, points=points, max_points=REWARDS_MAX, finding=finding)


def find_risks(inputs: Inputs, metrics: MetricSet, archetype: Archetype | None) -> list[Risk]:
    risks: list[Risk] = []
    usage = metrics.usage_metrics
    rewards = inputs.rewards or ""  # not given: no risk can be read from it
    punishes = PUNISHES_NOT_USING.search(rewards) and not re.search(r"validat", rewards, re.IGNORECASE)
    if usage or REWARDS_AI_USE.search(rewards) or punishes:
        what = (f"\"{usage[0].text}\" counts AI use" if usage else
                "the rewards push people to use or follow the AI whatever its quality")
        risks.append(Risk(kind="judgement", message=f"AI use over judgement: {what}, so accepting AI output "
                                                    "unchecked becomes the rational choice.",
                          guardrail="Reward outcomes the AI helps achieve, and hold people accountable only for "
                                    "ignoring AI signals that have been validated."))
    if metrics.best == "activity":
        example = archetype.gaming_risks[0].rstrip(".") if archetype else "Hitting the count without the result"
        example = example[:1].lower() + example[1:] if example[1:2].islower() else example
        risks.append(Risk(kind="gaming", message=f"Gaming: volume targets invite gaming ({example}).",
                          guardrail=archetype.guardrails[0] if archetype else
                          "Pair every volume or usage metric with an outcome metric."))
    elif metrics.adoption_metrics and not metrics.of_kind("outcome"):
        risks.append(Risk(kind="gaming", message="Gaming: an adoption rate on its own can be raised by opening "
                                                 "the tool without relying on it.",
                          guardrail="Report adoption only next to a service or quality metric."))
    if downside_present(rewards) and not PROTECTION.search(rewards):
        risks.append(Risk(kind="trust", message="Early AI errors eroding trust: there is a downside but no "
                                                "protection when a reviewed AI-supported decision fails.",
                          guardrail="Soften penalties for reviewed AI-supported decisions that fail, and add "
                                    "weight only as the AI proves reliable."))
    return risks


def not_given_note(labels: list[str], steps: list[StepScore]) -> str:
    """What the score of a role with inputs left out rests on, e.g. for a quick audit with metrics only."""
    what = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else labels[0]
    known = scored_out_of(steps)
    if known >= 100:
        return f"Not given: {what}; nothing in this role's score depends on it."
    return (f"Not given: {what}. Scored as unknown, not as absent: the score rests on the {known} of 100 points "
            "that could be scored, scaled to 100, and the rating is at most amber.")


RISK_POINTS = {"judgement": 10, "gaming": 5, "trust": 5}


def score_risks(risks: list[Risk]) -> StepScore:
    deduction = min(MAX_DEDUCTION, sum(RISK_POINTS[r.kind] for r in risks))
    finding = ("No risk found in the metrics and rewards as described." if not risks else
               "Risks found: " + "; ".join(r.message.split(":", 1)[0].lower() for r in risks) + " (see Risks).")
    return StepScore(step="risks", label="Risks", points=-deduction, max_points=0, finding=finding)


def scored_out_of(steps: list[StepScore]) -> int:
    """The points that could be scored: 100, or less when an input the score depends on was not given."""
    return sum(s.max_points for s in steps if s.step != "risks")


def rate(steps: list[StepScore], risks: list[Risk], metrics: MetricSet) -> tuple[int, Rag]:
    """(score out of 100, rating). Points scored out of less than 100 (an input not given) are scaled to 100
    before the risks are taken away, and the rating is then at most amber."""
    three = [s for s in steps if s.step != "risks"]
    known, known_max = sum(s.points for s in three), scored_out_of(steps)
    complete = known_max >= 100
    scaled = known if complete else round(100 * known / known_max)
    total = max(0, min(100, scaled + sum(s.points for s in steps if s.step == "risks")))
    displaced = next(s for s in three if s.step == "displaced_work")
    if total < RED_BELOW or (metrics.best == "activity" and displaced.given and displaced.points == 0):
        return total, "red"
    if (complete and total >= GREEN_AT and all(s.points > 0 for s in three)
            and not any(r.kind == "judgement" for r in risks)):
        return total, "green"
    return total, "amber"
