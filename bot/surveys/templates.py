"""Survey templates: YAML files (knowledge/surveys/*.yaml) with an id, a name, an intro and questions in the
format of bot.surveys.definition. A custom survey file uses the same format, or is text with one question a
line (bot.surveys.quick). Files are read through bot.safe_yaml: bounded in size, no YAML aliases, and every
problem one line naming the file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.errors import UserError
from bot.safe_yaml import load_yaml, read_text
from bot.surveys.definition import Definition, SurveyError
from bot.surveys.quick import parse_questions

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "surveys"


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    description: str
    intro: str
    definition: Definition

    def to_json(self) -> dict:
        return {"id": self.id, "name": self.name, "description": self.description, "intro": self.intro,
                **self.definition.to_json()}


def parse_template(data: object, source: str) -> Template:
    if not isinstance(data, dict):
        raise SurveyError(f"{source}: expected a mapping with id, name and questions.")
    try:
        definition = Definition.from_json(data)
    except SurveyError as exc:
        raise SurveyError(f"{source}: {exc.args[0]}") from None
    tid = str(data.get("id") or Path(source).stem)
    return Template(tid, str(data.get("name") or tid), " ".join(str(data.get("description") or "").split()),
                    " ".join(str(data.get("intro") or "").split()), definition)


def load_file(path: Path) -> Template:
    try:
        data = load_yaml(path)
    except UserError as exc:
        raise SurveyError(str(exc)) from None
    return parse_template(data, str(path))


def read_questions(path: Path) -> Definition:
    """A survey made from scratch from a file: YAML like the templates (.yaml, .yml), else text with one
    ``kind: text`` line per question."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return load_file(path).definition
    try:
        text = read_text(path)
    except UserError as exc:
        raise SurveyError(str(exc)) from None
    return parse_questions(text)


class TemplateLibrary:
    def __init__(self, directory: Path = DEFAULT_DIR):
        self.directory = directory
        self._cache: dict[str, Template] | None = None

    def all(self) -> list[Template]:
        if self._cache is None:
            found: dict[str, Template] = {}
            for path in sorted(self.directory.glob("*.yaml")):
                template = load_file(path)
                if template.id in found:
                    raise SurveyError(f"Template id {template.id!r} is used by two files in {self.directory}.")
                found[template.id] = template
            self._cache = found
        return list(self._cache.values())

    def get(self, template_id: str) -> Template:
        for template in self.all():
            if template.id == template_id.strip().lower():
                return template
        ids = ", ".join(t.id for t in self.all()) or "none"
        raise SurveyError(f"No survey template {template_id!r}; the templates are: {ids}.")
