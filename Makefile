# Two entry points: `make run` (index the bundled corpus if needed, then start the chat on 127.0.0.1)
# and `make test` (lint, type-check, tests). Both create their own virtual environment in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint install eval train tune bench clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

# A file that cannot be indexed is reported by ingest (exit code 1) but must not keep the chat down.
run: install
	-$(BIN)/ti-assistant ingest
	$(BIN)/ti-assistant serve

lint: install
	$(BIN)/ruff check src tests eval app.py
	$(BIN)/ruff format --check src tests eval app.py
	$(BIN)/mypy src eval app.py

test: lint
	$(BIN)/pytest -q

# Reports on the parts nobody tuned on (each run goes to eval/reports/test-runs.jsonl), then
# eval/RESULTS.md from that ledger. Run once at the end of a change, never to choose.
eval: install
	for set in own dated releases piaf cnil crpa dila; do $(BIN)/ti-assistant eval --set $$set --no-baselines; done
	$(BIN)/python eval/write_results.py

# Retrain the sentence, confidence and presence models (PIAF and CNIL train parts, thresholds on their dev
# parts; seeds fixed). Then eval/tune_sure_bar.py re-chooses the releases' bars.
train: install
	$(BIN)/ti-assistant train

# Retrieval settings measured on dev parts and reported on test parts (fusion, passages, typo corrector, BM25).
tune: install
	$(BIN)/python eval/tune_fusion.py
	$(BIN)/python eval/tune_chunking.py
	$(BIN)/python eval/tune_speller.py
	$(BIN)/python eval/tune_bm25.py
	$(BIN)/python eval/tune_sure_bar.py

# The README's pictures, taken by the browser tests (a plain `make test` writes them to a temporary folder).
screenshots: install
	UI_SCREENSHOTS_DIR=docs $(BIN)/pytest -q tests/test_ui.py

bench: install
	$(BIN)/python eval/bench_ingest.py ../shared/data 150 3
	$(BIN)/python eval/bench_latency.py
	$(BIN)/python eval/bench_load.py
	$(BIN)/python eval/bench_cold_start.py
	$(BIN)/python eval/bench_large_file.py
	$(BIN)/python eval/bench_reranker.py

clean:
	rm -rf $(VENV) indexes/chroma indexes/bm25 indexes/manifest.sqlite*
