#!/usr/bin/env bash
# Starts a Chroma server (`chroma run`, from the project's .venv) on loopback for the server-backed tests and
# prints its URL. Its pid goes to .ci/chroma.pid (.ci/run stops it at exit), its log to .ci/chroma.log.
# No root needed.
set -euo pipefail
cd "$(dirname "$0")/.."
port="$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
data="$(mktemp -d)"
# the server outlives this script: it must not hold the pipe the caller reads the URL from, hence no stdout
ANONYMIZED_TELEMETRY=False nohup .venv/bin/chroma run --path "$data" --host 127.0.0.1 --port "$port" \
  </dev/null >.ci/chroma.log 2>&1 &
echo $! >.ci/chroma.pid
for _ in $(seq 1 60); do
  if .venv/bin/python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/api/v2/heartbeat', timeout=2)" 2>/dev/null; then
    echo "http://127.0.0.1:$port"
    exit 0
  fi
  sleep 1
done
echo "chroma run did not start; its log:" >&2
cat .ci/chroma.log >&2
exit 1
