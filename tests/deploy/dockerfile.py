"""The Dockerfile read into stages of instructions (dockerfile_parse), for the deployment tests."""

from __future__ import annotations

import shlex
from pathlib import Path

from dockerfile_parse import DockerfileParser

DOCKERFILE = Path(__file__).resolve().parents[2] / "Dockerfile"


def _stages() -> list[list[dict]]:
    """The Dockerfile's instructions, one list per stage (comments left out)."""
    stages: list[list[dict]] = []
    for ins in DockerfileParser(str(DOCKERFILE)).structure:
        if ins["instruction"] == "FROM":
            stages.append([])
        if stages and ins["instruction"] != "COMMENT":
            stages[-1].append(ins)
    return stages


def _values(stage: list[dict], instruction: str) -> list[str]:
    return [ins["value"] for ins in stage if ins["instruction"] == instruction]


def _env(stage: list[dict]) -> dict[str, str]:
    env = {}
    for value in _values(stage, "ENV"):
        env.update(dict(pair.split("=", 1) for pair in shlex.split(value)))
    return env
