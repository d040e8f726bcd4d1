# The two commands of the README: `make run` and `make test`. Everything else is set-up they share.
# Each stage prints a "==>" line; pip shows its own progress.
VENV ?= .venv
PY := $(VENV)/bin/python
COACH := $(VENV)/bin/coach
STAMP := $(VENV)/.installed-stamp
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
# One line per stage; its text has no comma (make splits on them) and no single quote (sh).
step = @printf '\n==> %s\n' '$(1)'

.PHONY: run test setup index shell web bench clean

$(STAMP): pyproject.toml
	$(call step,virtual environment: $(VENV))
	@test -x $(PY) || python3 -m venv $(VENV)
	@# CPU torch first, so nothing that depends on it pulls the CUDA build.
	$(call step,installing torch (CPU build; the largest download))
	$(PY) -m pip install torch==2.13.0
	$(call step,installing the coach and its dependencies)
	$(PY) -m pip install -e '.[dev]'
	@touch $(STAMP)
	$(call step,installed. To put coach on your PATH: source $(VENV)/bin/activate (or: make shell))

setup: $(STAMP)

index: setup
	$(call step,migrating the database)
	@$(COACH) db upgrade
	$(call step,indexing the knowledge base (only what changed))
	@$(COACH) ingest

run: index
	$(call step,starting: coach run (to type coach commands yourself: source $(VENV)/bin/activate))
	@$(COACH) run

# The web dashboard on this machine, signed in as a local admin (no Slack): http://127.0.0.1:8080/app
web: index
	$(call step,starting: coach web --local (Ctrl-C to stop))
	@$(COACH) web --local

# A shell with the virtual environment active (`coach` on the PATH); exit returns to the previous one.
shell: setup
	$(call step,a shell with $(VENV) active (coach --help to start; exit to leave))
	@VIRTUAL_ENV="$(abspath $(VENV))" PATH="$(abspath $(VENV))/bin:$$PATH" $${SHELL:-/bin/sh} -i

# Two pytest-xdist workers, a test file each at a time (a file's fixtures are built once): CI's two runs took
# 51 minutes serially. TEST_WORKERS= runs in one process.
TEST_WORKERS ?= -n 2 --dist loadfile
test: setup
	$(PY) -m pytest $(TEST_WORKERS) $(PYTEST_ARGS)

bench: index
	$(PY) -m benchmarks.run $(BENCH_ARGS)

clean:
	rm -rf .coach .pytest_cache
