# The two commands of the README: `make run` and `make test`. Everything else is set-up they share.
VENV ?= .venv
PY := $(VENV)/bin/python
COACH := $(VENV)/bin/coach
STAMP := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test setup index bench clean

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@# CPU torch first, so nothing that depends on it pulls the CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

index: setup
	@$(COACH) db upgrade
	@$(COACH) ingest

run: index
	$(COACH) run

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

bench: index
	$(PY) -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf .coach .pytest_cache
