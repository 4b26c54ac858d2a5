# Everyday tasks. The README's two commands need nothing but Python 3.11 and pip;
# these targets are shortcuts for the people working on rivya-contract.
PY ?= .venv/bin/python

.PHONY: venv demo test lint contract golden bench fuzz clean

venv:
	python3 -m venv .venv && .venv/bin/pip install -q -e ".[test,bench]"

demo:
	.venv/bin/rivya-contract demo

test:
	$(PY) -m pytest -n 2

lint:
	.venv/bin/ruff check contract generator tests tools bench
	.venv/bin/ruff format --check contract generator tests tools bench
	$(PY) tools/typecheck_tree.py >/dev/null && .venv/bin/mypy

# Compile the catalog data into the bundled contract and docs/contract.md's tables
# (the snapshot is only ever accepted).
contract:
	.venv/bin/rivya-contract catalog build

golden:
	UPDATE_GOLDEN=1 $(PY) -m pytest tests/generator tests/typescript -q -k golden

bench:
	$(PY) bench/run.py

# Fuzz every consumer in-process (tests/hostile/fuzz.py) for FUZZ_MINUTES; crashing
# documents land in FUZZ_CRASHES with their tracebacks. Exit 1 when anything crashed.
FUZZ_MINUTES ?= 10
FUZZ_CRASHES ?= /tmp/rivya-fuzz-crashes
fuzz:
	$(PY) -m tests.hostile.fuzz --minutes $(FUZZ_MINUTES) --crashes $(FUZZ_CRASHES)

clean:
	rm -rf .venv build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
