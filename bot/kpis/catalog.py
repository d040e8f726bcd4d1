"""The KPI catalog (knowledge/kpis/catalog.yaml): what each KPI means, its unit, direction and benchmark."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from bot.errors import UserError
from bot.kpis.formulas import CHANGES
from bot.safe_yaml import load_yaml

UNITS = {"percent": "%", "hours": " h", "points": " pts", "currency": "", "score": ""}
GROUPS = {"framework": "Framework KPIs", "magic_three": "The magic three", "coach": "Measured by the coach"}
DIRECTIONS = ("higher", "lower")
CLOSE = 0.6  # difflib similarity from which a key is offered for a mistyped one


def _as_key(text: str) -> str:
    """"Employee adoption rate", "employee-adoption-rate" → "employee_adoption_rate"."""
    return re.sub(r"[^a-z0-9]+", "_", (text or "").strip().lower()).strip("_")


@dataclass(frozen=True)
class Benchmark:
    low: float
    high: float
    note: str = ""

    def label(self, unit: str) -> str:
        return f"{fmt_value(self.low, unit)}–{fmt_value(self.high, unit)}"


@dataclass(frozen=True)
class Kpi:
    key: str
    name: str
    group: str
    definition: str
    formula: str
    unit: str
    better: str
    minimum: float | None = None
    maximum: float | None = None
    benchmark: Benchmark | None = None
    alias_of: str | None = None
    scope: str | None = None  # a scope kind the KPI is tied to (magic-three department KPIs)
    auto: bool = False
    tip_query: str = ""
    change: str | None = None  # computed from a before and an after value with formulas.CHANGES[change]

    @property
    def higher_is_better(self) -> bool:
        return self.better == "higher"

    def check(self, value: float) -> float:
        """The value if it is a finite number within the KPI's range; UserError otherwise."""
        if value != value or value in (float("inf"), float("-inf")):
            raise UserError(f"{self.name}: the value must be a finite number.")
        if self.minimum is not None and value < self.minimum:
            raise UserError(f"{self.name}: {value:g} is below the lowest possible value ({self.minimum:g}).")
        if self.maximum is not None and value > self.maximum:
            raise UserError(f"{self.name}: {value:g} is above the highest possible value ({self.maximum:g}).")
        return value

    def to_json(self) -> dict:
        return {"key": self.key, "name": self.name, "group": self.group, "definition": self.definition,
                "formula": self.formula, "unit": self.unit, "better": self.better,
                "range": [self.minimum, self.maximum],
                "benchmark": None if self.benchmark is None else
                {"low": self.benchmark.low, "high": self.benchmark.high, "note": self.benchmark.note},
                "alias_of": self.alias_of, "scope": self.scope, "auto": self.auto, "change": self.change}


def fmt_value(value: float, unit: str) -> str:
    """A value for people: 62.5 %, 3.2 h, +4 pts, 120,000."""
    if unit == "currency":
        return f"{value:,.0f}"
    digits = 0 if abs(value) >= 100 or float(value).is_integer() else 1
    text = f"{value:.{digits}f}"
    return text + UNITS.get(unit, "")


class Catalog:
    def __init__(self, kpis: dict[str, Kpi], version: str = ""):
        self._kpis = kpis
        self.version = version

    def __iter__(self) -> Iterator[Kpi]:
        return iter(self._kpis.values())

    def __len__(self) -> int:
        return len(self._kpis)

    def __contains__(self, key: str) -> bool:
        return key in self._kpis

    def get(self, key: str) -> Kpi:
        """The KPI of a key as typed: any case, ``-`` or spaces for ``_``; unknown: the closest keys named."""
        kpi = self._kpis.get(_as_key(key))
        if kpi is None:
            near = self.closest(key)
            near_text = ", ".join(near[:-1]) + f" or {near[-1]}" if len(near) > 1 else "".join(near)
            hint = f"did you mean {near_text}?" if near else "none is close to it;"
            raise UserError(f"Unknown KPI {key!r}: {hint} `coach kpi catalog` lists every key.")
        return kpi

    def closest(self, typed: str, limit: int = 3) -> list[str]:
        """Keys close to what was typed, closest first: a key or name holding every word typed
        ("adoption_rate" → employee_adoption_rate), then by spelling (difflib's similarity to the key or the
        name, at least ``CLOSE``)."""
        word = _as_key(typed)
        words = set(word.split("_")) - {""}
        scores = {}
        for k in self:
            forms = (k.key, _as_key(k.name))
            spelling = max(SequenceMatcher(None, word, form).ratio() for form in forms)
            every_word = bool(words) and words <= {w for form in forms for w in form.split("_")}
            if every_word or spelling >= CLOSE:
                scores[k.key] = (every_word, spelling)
        return sorted(scores, key=lambda key: scores[key], reverse=True)[:limit]

    def stored(self, key: str) -> Kpi:
        """The KPI whose values are stored for ``key`` (the framework KPI behind a magic-three alias)."""
        kpi = self.get(key)
        return self.get(kpi.alias_of) if kpi.alias_of else kpi

    def keys(self) -> list[str]:
        return list(self._kpis)


def _number(value, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{where} must be a number, got {value!r}")
    return float(value)


def _parse(key: str, raw: dict) -> Kpi:
    where = f"KPI {key!r}"
    for field in ("name", "group", "definition", "formula", "unit", "better"):
        if not isinstance(raw.get(field), str) or not raw[field].strip():
            raise ValueError(f"{where}: {field} is missing")
    if raw["unit"] not in UNITS:
        raise ValueError(f"{where}: unit must be one of {', '.join(UNITS)}")
    if raw["better"] not in DIRECTIONS:
        raise ValueError(f"{where}: better must be higher or lower")
    if raw["group"] not in GROUPS:
        raise ValueError(f"{where}: group must be one of {', '.join(GROUPS)}")
    if raw.get("change") is not None and raw["change"] not in CHANGES:
        raise ValueError(f"{where}: change must be one of {', '.join(CHANGES)}")
    low, high = (list(raw.get("range") or [None, None]) + [None, None])[:2]
    bench = raw.get("benchmark")
    benchmark = None
    if bench is not None:
        benchmark = Benchmark(_number(bench.get("low"), f"{where} benchmark.low"),
                              _number(bench.get("high"), f"{where} benchmark.high"), str(bench.get("note") or ""))
        if benchmark.low is None or benchmark.high is None or benchmark.low > benchmark.high:
            raise ValueError(f"{where}: benchmark needs low <= high")
    return Kpi(key, raw["name"].strip(), raw["group"], " ".join(raw["definition"].split()), raw["formula"].strip(),
               raw["unit"], raw["better"], _number(low, f"{where} range"), _number(high, f"{where} range"),
               benchmark, raw.get("alias_of"), raw.get("scope"), bool(raw.get("auto", False)),
               str(raw.get("tip_query") or raw["name"]), raw.get("change"))


def load_catalog(path: Path) -> Catalog:
    data = load_yaml(path, missing=f"KPI catalog not found at {path} (setting COACH_KPI_CATALOG).")
    try:
        kpis = {key: _parse(key, raw) for key, raw in (data.get("kpis") or {}).items()}
        for kpi in kpis.values():
            if kpi.alias_of and (kpi.alias_of not in kpis or kpis[kpi.alias_of].alias_of):
                raise ValueError(f"KPI {kpi.key!r}: alias_of must name a KPI that is not an alias itself")
    except (ValueError, AttributeError, TypeError) as exc:
        raise UserError(f"KPI catalog {path}: {exc}") from exc
    if not kpis:
        raise UserError(f"KPI catalog {path} lists no KPIs.")
    return Catalog(kpis, str(data.get("version") or ""))
