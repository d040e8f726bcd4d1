"""The role-archetype catalog (knowledge/audit/*.yaml): loading, checking and its version.

The catalog is content, not code: editing a YAML file changes what the audit recommends. Loading checks
every field with pydantic so a typo in the YAML is one clear error, not a wrong report later."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.errors import UserError
from bot.safe_yaml import load_yaml

BUNDLED = Path(__file__).resolve().parents[2] / "knowledge" / "audit"
KINDS = ("activity", "outcome", "ai_aligned")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TableRow(_Strict):
    """A row of the incentive mapping table, as the table gives it."""

    old_metric: str
    new_metric: str
    incentive_shift: str


class Source(_Strict):
    path: str
    section: str

    @classmethod
    def parse(cls, ref: str) -> Source:
        path, _, section = ref.partition("#")
        return cls(path=path.strip(), section=section.strip())


class Archetype(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    aliases: tuple[str, ...] = ()
    summary: str
    table: TableRow | None = None
    old_metrics: tuple[str, ...] = Field(min_length=1)
    new_metrics: tuple[str, ...] = Field(min_length=1)
    incentive_shift: str = Field(max_length=80)  # short, plain words: the table's wording for the four
    lever: Literal["bonus weighting", "promotion criteria", "recognition"]
    shift_detail: str
    displaced_work: tuple[str, ...] = Field(min_length=1)
    gaming_risks: tuple[str, ...] = Field(min_length=1)
    guardrails: tuple[str, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = ()

    @field_validator("sources", mode="before")
    @classmethod
    def _parse_sources(cls, value):
        return tuple(Source.parse(v) if isinstance(v, str) else v for v in value or ())

    @property
    def reference(self) -> bool:
        """One of the four roles of the incentive mapping table."""
        return self.table is not None

    @property
    def headline_metric(self) -> str:
        return self.new_metrics[0]

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class MetricKind(_Strict):
    label: str
    explanation: str
    cues: tuple[str, ...] = Field(min_length=1)
    examples: tuple[str, ...] = Field(min_length=1)


class MetricKinds(_Strict):
    kinds: dict[str, MetricKind]
    ai_usage_cues: tuple[str, ...] = Field(min_length=1)

    @field_validator("kinds")
    @classmethod
    def _all_kinds(cls, value):
        if tuple(value) != KINDS:
            raise ValueError(f"kinds must be exactly {', '.join(KINDS)} in this order")
        return value


class _Index(_Strict):
    version: str
    description: str = ""
    role_files: tuple[str, ...] = Field(min_length=1)
    metric_kinds_file: str


class Catalog(_Strict):
    version: str  # declared version + fingerprint of the files' contents
    archetypes: tuple[Archetype, ...]
    metric_kinds: MetricKinds

    def get(self, archetype_id: str) -> Archetype | None:
        return next((a for a in self.archetypes if a.id == archetype_id), None)


def _read(path: Path) -> dict:
    data = load_yaml(path, missing=f"The incentive audit catalog file {path} is missing.")
    if not isinstance(data, dict):
        raise UserError(f"{path} should hold a mapping at the top level.")
    return data


def _checked(model, data, path: Path):
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise UserError(f"{path}: {where}: {first['msg']} ({exc.error_count()} problem(s) in all).") from exc


def load_catalog(folder: Path | None = None) -> Catalog:
    """Read and check the catalog in ``folder`` (default: the project's knowledge/audit); read again only
    when a file in it changed."""
    folder = Path(folder or BUNDLED).resolve()
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.yaml")))
    return _load(folder, stamp)


@lru_cache(maxsize=4)
def _load(folder: Path, _stamp: tuple) -> Catalog:
    index_path = folder / "catalog.yaml"
    index = _checked(_Index, _read(index_path), index_path)
    digest = hashlib.sha256()
    archetypes: list[Archetype] = []
    for name in index.role_files:
        path = folder / name
        raw = _read(path)
        digest.update(path.read_bytes())
        for i, item in enumerate(raw.get("archetypes") or []):
            archetypes.append(_checked(Archetype, item, path.with_name(f"{path.name}[{i}]")))
    kinds_path = folder / index.metric_kinds_file
    kinds = _checked(MetricKinds, _read(kinds_path), kinds_path)
    digest.update(kinds_path.read_bytes())
    ids = [a.id for a in archetypes]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise UserError(f"{folder}: archetype ids must be unique; repeated: {', '.join(duplicates)}.")
    if not archetypes:
        raise UserError(f"{folder}: the catalog lists no role archetypes.")
    return Catalog(version=f"{index.version}+{digest.hexdigest()[:8]}", archetypes=tuple(archetypes),
                   metric_kinds=kinds)
