"""Concurrent users of the web chat: N clients through `gradio_client` against the app started in a
subprocess over the bundled corpus; latency of one user alone first (the baseline), then N at once.

    python eval/bench_load.py [USERS] [QUESTIONS_PER_USER]
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchlib import ROOT, median, write

from ti_assistant.evaluation.metrics import percentile

QUESTIONS = [
    "Qui pilote le territoire d'industrie d'Alès ?",
    "Combien de territoires d'industrie compte la France ?",
    "Quand le contrat a-t-il été signé ?",
    "Quel montant l'État a-t-il engagé ?",
    "Quelle est la météo à Alès demain ?",
]


def start_app(work: Path) -> tuple[subprocess.Popen[bytes], str]:
    shutil.copytree(ROOT / "corpus", work / "corpus")
    env = {**os.environ, "TI_CORPUS_DIR": str(work / "corpus"), "TI_INDEX_DIR": str(work / "index"),
           "TI_DATA_DIR": str(work / "data")}  # fmt: skip
    subprocess.run([sys.executable, "-m", "ti_assistant", "ingest", "--quiet"], env=env, check=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py")], env={**env, "TI_PORT": str(port)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise SystemExit("L'application n'a pas démarré.")


def user(url: str, count: int, offset: int) -> list[float]:
    from gradio_client import Client

    client = Client(url, verbose=False)
    latencies = []
    for i in range(count):
        started = time.perf_counter()
        answer = client.predict(QUESTIONS[(offset + i) % len(QUESTIONS)], api_name="/ask")
        latencies.append((time.perf_counter() - started) * 1000)
        assert "answer" in answer
    return latencies


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    per_user = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    proc, url = start_app(Path(tempfile.mkdtemp(prefix="ti-bench-load-")))
    try:
        user(url, 5, 0)  # warm-up
        alone = user(url, per_user * 2, 0)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=users) as pool:
            runs = list(pool.map(lambda k: user(url, per_user, k), range(users)))
        wall = time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    together = [x for run in runs for x in run]
    lines = [
        f"{users} utilisateurs simultanés × {per_user} questions, via gradio_client (HTTP), file d'attente Gradio "
        "avec 4 réponses calculées en parallèle (TI_CONCURRENCY).",
        "",
        "| scénario | p50 (ms) | p95 (ms) | questions/s |",
        "|---|---|---|---|",
        f"| 1 utilisateur (référence) | {median(alone):.0f} | {percentile(alone, 95):.0f} | {1000 / median(alone):.1f} |",
        f"| {users} utilisateurs | {median(together):.0f} | {percentile(together, 95):.0f} | {len(together) / wall:.1f} |",
        "",
        f"Ratio p50 {users} utilisateurs / 1 utilisateur : {median(together) / median(alone):.1f}×.",
    ]
    write(
        "load",
        lines,
        {"users": users, "per_user": per_user, "alone_ms": alone, "together_ms": together, "wall_s": wall},
    )


if __name__ == "__main__":
    main()
