"""The deployment files (Dockerfile, deploy/compose.yaml, deploy/k8s) agree with the code they deploy.

No Docker engine runs here, so the image itself is not built: these tests read the files and check what can
drift from the code (settings, commands, paths the app serves, versions, the user id) and the security rules
(secrets only by reference, non-root, /metrics not public). The Kubernetes manifests are rendered by
`kubectl kustomize` and validated against the Kubernetes API schema."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import tomllib
from pathlib import Path
from urllib.parse import urlparse

import pytest
import typer
import yaml
from sqlalchemy.engine import make_url
from typer.core import TyperGroup

from tests.conftest import cli_env, make_container, test_database_url
from tests.deploy.dockerfile import _env, _stages, _values

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
DOCKERFILE = ROOT / "Dockerfile"
SECRET = "coach-secrets"
SECRET_VARS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "COACH_DATABASE_URL")
SETTING_NAME = re.compile(r"\b(?:COACH|SLACK)_[A-Z][A-Z0-9_]*\b")
KUBERNETES_VERSION = "1.29.0"  # the oldest Kubernetes the manifests are checked against


# --- helpers --------------------------------------------------------------------------------------------------
def _setting_names() -> set[str]:
    """Every environment variable bot.config.Settings reads: COACH_<field>, or a field's own alias."""
    from pydantic import AliasChoices

    from bot.config import Settings

    prefix = Settings.model_config["env_prefix"]
    names = set()
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        if isinstance(alias, AliasChoices):
            names.update(choice for choice in alias.choices if isinstance(choice, str))
        elif isinstance(alias, str):
            names.add(alias)
        else:
            names.add(f"{prefix}{name}".upper())
    return names


def _coach_invocations(command: str) -> list[list[str]]:
    """The `coach …` commands inside a shell command line (`sh -c "coach db upgrade && coach ingest"`)."""
    return [words for part in re.split(r"&&|;|\|\|", command) if (words := shlex.split(part)) and words[0] == "coach"]


def _check_cli(words: list[str]) -> None:
    """Parse a `coach …` command line with the real Typer app, without running it: an unknown command or
    option raises Typer's UsageError. (No group-level options are used in the deploy files.)"""
    from bot.cli.main import app

    command, name, args, parent = typer.main.get_command(app), "coach", list(words[1:]), None
    while isinstance(command, TyperGroup):
        assert args, f"{shlex.join(words)}: a command group needs a subcommand"
        parent = typer.Context(command, info_name=name, parent=parent)
        name, command, args = command.resolve_command(parent, args)
    command.make_context(name, args, parent=parent)


def _sh_c(argv: list[str]) -> str:
    """The command line an argv runs: the script of `sh -c SCRIPT`, else the argv itself."""
    return argv[2] if argv[:2] == ["sh", "-c"] else shlex.join(argv)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def k8s() -> dict[tuple[str, str], dict]:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed (needed for `kubectl kustomize deploy/k8s`)")
    result = subprocess.run(["kubectl", "kustomize", str(K8S)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return {(doc["kind"], doc["metadata"]["name"]): doc for doc in yaml.safe_load_all(result.stdout) if doc}


def _one(k8s: dict, kind: str, prefix: str = "") -> dict:
    found = [doc for (k, name), doc in k8s.items() if k == kind and name.startswith(prefix)]
    assert len(found) == 1, (kind, prefix, [name for k, name in k8s if k == kind])
    return found[0]


def _bot_container(k8s) -> dict:
    return next(c for c in _one(k8s, "Deployment", "coach")["spec"]["template"]["spec"]["containers"]
                if c["name"] == "bot")


# --- Dockerfile -----------------------------------------------------------------------------------------------
def test_every_coach_command_in_the_deploy_files_parses(compose, k8s):
    lines = [value for stage in _stages() for value in _values(stage, "RUN")]
    lines += [_sh_c(yaml.safe_load(v)) for v in _values(_stages()[-1], "CMD")]
    lines += [_sh_c(service["command"]) for service in compose["services"].values() if "command" in service]
    for doc in k8s.values():
        pod = doc.get("spec", {}).get("template", {}).get("spec", {})
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            ours = container.get("image", "").startswith("adoption-coach")
            if ours and container.get("command", [])[:1] != ["python"]:  # the init container's script: below
                lines.append(_sh_c(container.get("command", []) + container.get("args", [])))
    invocations = [words for line in lines for words in _coach_invocations(line)]
    assert {tuple(w[:2]) for w in invocations} >= {("coach", "db"), ("coach", "ingest"), ("coach", "run")}
    for words in invocations:
        _check_cli(words)
    # the check does catch a wrong command or option
    with pytest.raises(Exception, match="No such option: --quite"):
        _check_cli(["coach", "ingest", "--quite"])
    with pytest.raises(Exception, match="No such command 'upgrad'"):
        _check_cli(["coach", "db", "upgrad"])


def test_every_setting_named_in_the_deploy_files_is_a_real_setting():
    files = [DOCKERFILE, ROOT / ".dockerignore", *(p for p in DEPLOY.rglob("*") if p.is_file())]
    named = {name: path for path in files for name in SETTING_NAME.findall(path.read_text(errors="replace"))}
    assert "COACH_DATABASE_URL" in named and "SLACK_SIGNING_SECRET" in named
    unknown = {name: str(path.relative_to(ROOT)) for name, path in named.items() if name not in _setting_names()}
    assert not unknown, f"not settings of bot.config.Settings: {unknown}"


# --- compose --------------------------------------------------------------------------------------------------
def test_compose_runs_setup_once_and_points_the_bot_at_postgres_and_chroma(compose):
    services = compose["services"]
    assert {"bot", "setup", "postgres", "chroma", "proxy"} <= set(services)
    bot, setup, postgres = services["bot"], services["setup"], services["postgres"]
    for service in (bot, setup):
        assert service["image"] == bot["image"] and service["env_file"] == ".env"
        url = make_url(re.sub(r"\$\{[^}]*\}", "password", service["environment"]["COACH_DATABASE_URL"]))
        assert url.drivername == "postgresql+psycopg" and url.host == "postgres"
        assert url.username == postgres["environment"]["POSTGRES_USER"]
        assert url.database == postgres["environment"]["POSTGRES_DB"]
        chroma = urlparse(service["environment"]["COACH_CHROMA_URL"])
        assert (chroma.hostname, chroma.port) == ("chroma", 8000)
    assert [w[:2] for w in _coach_invocations(_sh_c(setup["command"]))] == [["coach", "db"], ["coach", "ingest"]]
    assert setup["depends_on"] == {"postgres": {"condition": "service_healthy"},
                                   "chroma": {"condition": "service_healthy"}}
    assert bot["depends_on"] == {"setup": {"condition": "service_completed_successfully"}}
    assert "ports" not in bot and "ports" not in postgres and "ports" not in services["chroma"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert services["chroma"]["image"] == f"chromadb/chroma:{importlib.metadata.version('chromadb')}"
    assert "chroma-data:/data" in services["chroma"]["volumes"]


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed (apt-get install caddy)")
def test_compose_proxy_routes_only_slack_and_dashboard_paths(tmp_path):
    """Caddy's own adapter turns the Caddyfile into its JSON config: the one route that proxies matches
    /slack/* and the dashboard's /app only, and its upstreams are the bot service's replicas."""
    import json

    result = subprocess.run(["caddy", "adapt", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = json.loads(result.stdout)
    proxies = []

    def walk(routes, matchers):
        for route in routes:
            here = matchers + route.get("match", [])
            for handler in route.get("handle", []):
                if handler.get("handler") == "reverse_proxy":
                    proxies.append((here, handler))
                walk(handler.get("routes", []), here)

    for server in config["apps"]["http"]["servers"].values():
        assert server["listen"] == [":3000"]
        walk(server["routes"], [])
    assert len(proxies) == 1
    matchers, handler = proxies[0]
    assert [m["path"] for m in matchers if "path" in m] == [["/slack/*", "/app", "/app/*"]]
    assert handler["dynamic_upstreams"]["name"] == "bot" and handler["dynamic_upstreams"]["port"] == "3000"
    from bot.config import (
        DEFAULT_MAX_BODY_BYTES,  # every route's body is capped as the bot caps it
    )

    assert [h["max_size"] for server in config["apps"]["http"]["servers"].values() for route in server["routes"]
            if not route.get("match") for h in route["handle"] if h["handler"] == "request_body"] == \
        [DEFAULT_MAX_BODY_BYTES]


# Caddy reads sizes with go-humanize (MB = 10^6, MiB = 2^20); ingress-nginx as nginx does (k, m, g = 2^10…)
CADDY_UNITS = {"": 1, "B": 1, "kB": 10**3, "KB": 10**3, "KiB": 2**10, "MB": 10**6, "MiB": 2**20, "GB": 10**9,
               "GiB": 2**30}


def test_the_proxies_refuse_bodies_over_the_bots_limit_and_no_smaller_ones(k8s):
    from bot.config import Settings

    limit = Settings.model_fields["max_body_bytes"].default
    caddy = re.findall(r"^\s*max_size\s+(\d+)\s*([A-Za-z]*)\s*$", (DEPLOY / "Caddyfile").read_text(), re.M)
    assert [int(number) * CADDY_UNITS[unit] for number, unit in caddy] == [limit]
    ingress = _one(k8s, "Ingress", "coach")["metadata"]["annotations"]["nginx.ingress.kubernetes.io/proxy-body-size"]
    number, unit = re.fullmatch(r"(\d+)([kmgKMG]?)", ingress).groups()
    assert int(number) * 1024 ** " kmg".index(unit.lower() or " ") == limit


# --- Kubernetes -----------------------------------------------------------------------------------------------
def test_manifests_are_valid_kubernetes(k8s):
    import kubernetes_validate

    for (kind, name), doc in k8s.items():
        kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert kustomization["images"] == [{"name": "adoption-coach", "newTag": version}]


def test_deployment_probes_paths_the_app_serves(k8s):
    from bot.slack import http

    deployment = _one(k8s, "Deployment", "coach")
    assert deployment["spec"]["replicas"] >= 2
    bot = _bot_container(k8s)
    command = bot["command"]
    assert command[:3] == ["coach", "run", "--http"]
    port = command[command.index("--port") + 1]
    assert bot["ports"] == [{"name": "http", "containerPort": int(port)}]
    for probe, path in (("startupProbe", http.HEALTH_PATH), ("livenessProbe", http.HEALTH_PATH),
                        ("readinessProbe", http.READY_PATH)):
        assert bot[probe]["httpGet"] == {"path": path, "port": "http"}, probe
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert annotations["prometheus.io/path"] == http.METRICS_PATH and annotations["prometheus.io/port"] == port


def test_secrets_are_referenced_never_written_into_the_manifests(k8s):
    assert not [doc for doc in k8s.values() if doc["kind"] == "Secret"]
    bot = _bot_container(k8s)
    refs = {e["name"]: e["valueFrom"]["secretKeyRef"] for e in bot["env"] if "secretKeyRef" in e.get("valueFrom", {})}
    for name in SECRET_VARS:
        assert refs[name] == {"name": SECRET, "key": name} | ({"optional": True} if name == "SLACK_BOT_TOKEN" else {})
    job = _one(k8s, "Job", "coach-setup")["spec"]["template"]["spec"]["containers"][0]
    database = {"secretKeyRef": {"name": SECRET, "key": "COACH_DATABASE_URL"}}
    assert {"name": "COACH_DATABASE_URL", "valueFrom": database} in job["env"]
    # nothing secret-looking has a literal value anywhere, and the ConfigMap holds no secret
    for doc in k8s.values():
        pod = doc.get("spec", {}).get("template", {}).get("spec", {})
        for container in pod.get("containers", []) + pod.get("initContainers", []):
            for env in container.get("env", []):
                if re.search(r"TOKEN|SECRET|PASSWORD|DATABASE_URL|API_KEY", env["name"]):
                    assert "value" not in env, (doc["metadata"]["name"], env["name"])
    config = _one(k8s, "ConfigMap", "coach-config")["data"]
    assert not set(config) & set(SECRET_VARS) and set(config) <= _setting_names()


def test_bot_and_setup_run_as_non_root_on_a_read_only_root(k8s):
    uid, _, gid = _values(_stages()[-1], "USER")[-1].partition(":")
    data_dir = _env(_stages()[-1])["COACH_DATA_DIR"]
    for kind, name in (("Deployment", "coach"), ("Job", "coach-setup")):
        pod = _one(k8s, kind, name)["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert (pod["securityContext"]["runAsUser"], pod["securityContext"]["runAsGroup"]) == (int(uid), int(gid))
        assert pod["automountServiceAccountToken"] is False
        emptydirs = {v["name"] for v in pod["volumes"] if "emptyDir" in v}
        for container in pod["containers"] + pod.get("initContainers", []):
            security = container["securityContext"]
            assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert mounts[data_dir] in emptydirs and mounts["/tmp"] in emptydirs


def test_setup_job_migrates_and_indexes_into_the_shared_stores(k8s):
    job = _one(k8s, "Job", "coach-setup")
    container = job["spec"]["template"]["spec"]["containers"][0]
    assert [w[:2] for w in _coach_invocations(_sh_c(container["command"]))] == [["coach", "db"], ["coach", "ingest"]]
    config = _one(k8s, "ConfigMap", "coach-config")
    for pod in (job["spec"]["template"]["spec"], _one(k8s, "Deployment", "coach")["spec"]["template"]["spec"]):
        for c in pod["containers"]:
            assert {"configMapRef": {"name": config["metadata"]["name"]}} in c["envFrom"]
    chroma_url = urlparse(config["data"]["COACH_CHROMA_URL"])
    service = _one(k8s, "Service", "chroma")
    assert chroma_url.hostname == service["metadata"]["name"] and chroma_url.port == service["spec"]["ports"][0]["port"]
    chroma = _one(k8s, "StatefulSet", "chroma")["spec"]["template"]["spec"]["containers"][0]
    assert chroma["image"] == f"chromadb/chroma:{importlib.metadata.version('chromadb')}"
    assert chroma["volumeMounts"] == [{"name": "data", "mountPath": "/data"}]


def test_ingress_exposes_only_slack_and_dashboard_paths(k8s):
    from bot.slack import http

    ingress = _one(k8s, "Ingress", "coach")
    service = _one(k8s, "Service", "coach")
    paths = [p for rule in ingress["spec"]["rules"] for p in rule["http"]["paths"]]
    assert sorted(p["path"] for p in paths) == ["/app", "/slack"] and all(p["pathType"] == "Prefix" for p in paths)
    assert all(p["backend"]["service"] == {"name": "coach", "port": {"name": "http"}} for p in paths)
    assert service["spec"]["ports"][0]["name"] == "http" and service["spec"]["ports"][0]["targetPort"] == "http"
    for private in (http.METRICS_PATH, http.HEALTH_PATH, http.READY_PATH):
        assert not any(private == p["path"] or private.startswith(p["path"].rstrip("/") + "/") for p in paths)
    assert http.EVENTS_PATH.startswith("/slack/")


# --- the replicas' wait for the setup job (the init container's script, run for real) ----------------------
def _wait_script(k8s) -> str:
    pod = _one(k8s, "Deployment", "coach")["spec"]["template"]["spec"]
    (init,) = pod["initContainers"]
    assert init["command"][:2] == ["python", "-c"]
    return init["command"][2]


def _start(script: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", script], env=os.environ | env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def test_replicas_wait_for_the_schema_then_start(k8s, tmp_path):
    script = _wait_script(k8s)
    migrated = make_container(tmp_path / "migrated")
    done = _start(script, cli_env(migrated))
    out, _ = done.communicate(timeout=60)
    assert done.returncode == 0 and out.strip().endswith("database schema is current"), out

    empty = {"COACH_DATA_DIR": str(tmp_path / "empty"), "COACH_DATABASE_URL": test_database_url() or ""}
    waiting = _start(script, empty)
    watchdog = threading.Timer(60, waiting.kill)  # the script loops by design; never let it hang the run
    watchdog.start()
    try:
        first = waiting.stdout.readline()
        assert waiting.poll() is None, first + waiting.stdout.read()
        assert first.startswith("waiting for the coach-setup job:") and "coach db upgrade" in first, first
    finally:
        watchdog.cancel()
        waiting.kill()
        waiting.wait(10)


def test_documented_overlay_renders(tmp_path):
    """The overlay shown in deploy/README.md, pointed at this checkout, sets the image, host and settings."""
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed")
    readme = (DEPLOY / "README.md").read_text()
    block = re.search(r"```yaml\n(# my-coach/kustomization\.yaml\n.*?)```", readme, re.S).group(1)
    overlay = yaml.safe_load(block)
    overlay["resources"] = [os.path.relpath(K8S, tmp_path / "my-coach")]
    (tmp_path / "my-coach").mkdir()
    (tmp_path / "my-coach" / "kustomization.yaml").write_text(yaml.safe_dump(overlay))
    result = subprocess.run(["kubectl", "kustomize", str(tmp_path / "my-coach")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    docs = {(d["kind"], d["metadata"]["name"]): d for d in yaml.safe_load_all(result.stdout) if d}
    image = overlay["images"][0]
    assert _bot_container(docs)["image"] == f"{image['newName']}:{image['newTag']}"
    host = _one(docs, "Ingress", "coach")["spec"]["rules"][0]["host"]
    assert host != "coach.example.org" and host in block
    config = _one(docs, "ConfigMap", "coach-config")["data"]
    assert config["COACH_CHROMA_URL"] == "http://chroma:8000" and len(config) > 3  # merged, not replaced
