"""What to change: new metrics and incentive shift per role, a staged plan with quarterly reviews, and
the team's top three actions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta

from bot.audit.catalog import Archetype
from bot.audit.history import one_line
from bot.audit.matching import Match
from bot.audit.metrics import MetricSet
from bot.audit.report import RoleReport, StepScore
from bot.audit.scoring import nothing, scored_out_of

QUARTER = timedelta(days=91)
AGREE = "Agree the exact measure with the team before any pay depends on it."
GENERIC_SHIFT = "Move one lever onto the outcome"
GENERIC_DETAIL = ("Pick one lever (bonus weighting, promotion criteria or recognition of AI-assisted "
                  "outcomes) and tie it to the new outcome metric; change nothing else this quarter.")


def lower_first(text: str) -> str:
    """"Searching the knowledge base" -> "searching the knowledge base", but "SLA plus AI" stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def review_date(today: date) -> date:
    return today + QUARTER


def _quoted(text: str, limit: int = 60) -> str:
    """Typed text inside a metric name: curly quotes, so the name itself can still be quoted."""
    return "“" + one_line(text, limit) + "”"


def new_metrics(archetype: Archetype | None, metrics: MetricSet) -> tuple[list[str], str]:
    """(metric names to introduce, in plain words; advice on them). A matched archetype names its own
    metrics and needs no advice. Without one, the names are short and stand on their own in a table or a
    summary line, and the advice says how the framework's general rule applies to what was typed."""
    if archetype is not None:
        return list(archetype.new_metrics[:2]), ""
    volume = [m.text for m in metrics.of_kind("activity")][:2]
    if volume:
        counted = " and ".join(_quoted(v) for v in volume)
        return ([f"Quality of the work behind {_quoted(v)}" for v in volume],
                f"No role archetype fits, so this follows the framework's general rule: measure the result "
                f"{counted} {'is' if len(volume) == 1 else 'are'} meant to produce (its accuracy, quality or "
                f"resolution), not how much of it is done. {AGREE}")
    return (["Accuracy of the AI-assisted result"],
            "No role archetype fits, so this follows the framework's general rule: add an outcome the AI "
            f"workflow improves, such as accuracy, quality or time to a correct result, next to the current "
            f"metric. {AGREE}")


def shift(archetype: Archetype | None) -> tuple[str, str]:
    if archetype is None:
        return GENERIC_SHIFT, GENERIC_DETAIL
    return archetype.incentive_shift, archetype.shift_detail


def retire(metrics: MetricSet, old_similar: set[str], in_place: bool) -> list[str]:
    """Current metrics that should no longer be rewarded on their own: usage counts always; volume measures
    with nothing better beside them, or that the archetype lists as old metrics, unless the role is already
    measured on the recommended pair (quota stays next to forecast accuracy)."""
    keep_beside = bool(metrics.of_kind("outcome") or metrics.of_kind("ai_aligned"))
    out = []
    for m in metrics.results:
        volume = m.kind == "activity" and not in_place and (not keep_beside or m.text in old_similar)
        if m.ai_usage or volume:
            out.append(m.text)
    return out


def caveat(match: Match) -> str:
    """For a weak archetype match: the archetype's recommendations are shown, with this warning beside them."""
    if match.level != "weak":
        return ""
    return (f"These follow the closest role archetype, {match.closest.name}, a weak match (confidence "
            f"{match.confidence:.2f}): confirm it fits this role before acting on them.")


def staged_plan(archetype: Archetype | None, displaced_work: str | None, recommended: Sequence[str],
                incentive_shift: str, review_by: date) -> list[str]:
    first = recommended[0] if recommended else "the new outcome metric"
    removed = (f"switch off what the AI replaces ({displaced_work.splitlines()[0][:120]})"
               if displaced_work and not nothing(displaced_work) else
               "name one manual task the AI replaces and switch it off"
               + (f", for example {lower_first(archetype.displaced_work[0])}" if archetype else ""))
    check = lower_first(archetype.gaming_risks[0].rstrip(".")) if archetype else "hitting the number without the result"
    guardrail = lower_first(archetype.guardrails[0].rstrip(".")) if archetype else \
        "decide which AI outputs count as validated before anyone is held to them"
    return [f"This quarter: {removed}, and record a baseline for \"{first}\" without pay attached yet.",
            f"From the first quarterly review ({review_by:%d %b %Y}): make the incentive shift ({incentive_shift}), "
            "starting with a modest share and raising it only once the AI has proved reliable.",
            f"At every quarterly review: look for gaming ({check}), check the AI's accuracy, and keep the "
            f"guardrail: {guardrail}."]


# Team summary -----------------------------------------------------------------------------------

def _missing(report: RoleReport, step: str) -> int:
    s: StepScore = next(b for b in report.breakdown if b.step == step)
    return s.max_points - s.points


def _names(roles: list[RoleReport], shown: int = 4) -> str:
    names = list(dict.fromkeys(r.role for r in roles))
    if len(names) > shown:
        names = names[:shown] + [f"{len(names) - shown} more"]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def top_actions(roles: Sequence[RoleReport], review_by: date, limit: int = 3) -> list[str]:
    """The changes worth the most points across the team, biggest first (ties in framework order)."""
    weight: dict[str, int] = defaultdict(int)
    who: dict[str, list[RoleReport]] = defaultdict(list)
    for r in roles:
        for step in ("displaced_work", "metrics", "rewards"):
            if (gap := _missing(r, step)) > 0:
                weight[step] += gap
                who[step].append(r)
        for risk in r.risks:
            weight[risk.kind] += 10 if risk.kind == "judgement" else 5
            who[risk.kind].append(r)
    order = ["displaced_work", "metrics", "rewards", "judgement", "gaming", "trust"]
    ranked = sorted(weight, key=lambda k: (-weight[k], order.index(k)))
    actions = []
    for key in ranked[:limit]:
        rs = who[key]
        if key == "displaced_work":
            actions.append(f"Name the work the AI removes and switch it off, for {_names(rs)}.")
        elif key == "metrics":
            changes = "; ".join(f"{r.role} → {r.recommended_metrics[0]}"
                                + (" (a weak archetype match: confirm it fits first)" if r.caveat else "")
                                for r in rs[:4])
            changes += f"; and {len(rs) - 4} more" if len(rs) > 4 else ""
            actions.append(f"Change one metric per role so it rewards the AI-assisted result: {changes}.")
        elif key == "rewards":
            actions.append(f"Give AI-enabled outcomes an upside and add accountability for ignoring validated "
                           f"AI signals, for {_names(rs)}.")
        elif key == "judgement":
            actions.append(f"Stop rewarding AI use as such for {_names(rs)}; reward the results it helps achieve.")
        elif key == "gaming":
            actions.append(f"Pair every volume or adoption metric with an outcome metric, for {_names(rs)}.")
        else:
            actions.append(f"Protect people when a reviewed AI-supported decision fails, for {_names(rs)}.")
    unknown = [r for r in roles if r.not_given and scored_out_of(r.breakdown) < 100]
    if unknown and len(actions) < limit:
        labels = [label for label in ("rewards", "AI workflows", "displaced work")
                  if any(label in r.not_given for r in unknown)]
        what = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else labels[0]
        actions.append(f"Complete the audit for {_names(unknown)}: their {what} were not given, so that part is "
                       "not scored yet.")
    standing = [f"Record today's numbers as a baseline and review every role at the quarterly review "
                f"({review_by:%d %b %Y}).",
                "Sample AI-assisted work for quality each quarter before adding incentive weight.",
                "Tell the team why each metric is changing when you announce it."]
    for extra in standing:
        if len(actions) >= limit:
            break
        actions.append(extra)
    return actions
