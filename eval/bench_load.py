"""Concurrent users of the web chat: N clients through `gradio_client` against the app started in a
subprocess over the bundled corpus; latency of one user alone first (the baseline), then N at once.

    python eval/bench_load.py [USERS] [QUESTIONS_PER_USER]
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
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from benchlib import ROOT, median, scratch, write

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
    """A chat user through the Gradio API (its queue), as `gradio_client` scripts call it."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    latencies = []
    for i in range(count):
        started = time.perf_counter()
        answer = client.predict(QUESTIONS[(offset + i) % len(QUESTIONS)], api_name="/ask")
        latencies.append((time.perf_counter() - started) * 1000)
        assert "answer" in answer
    return latencies


def script(url: str, count: int, offset: int) -> list[float]:
    """A script on the light JSON route `POST /api/ask`, beside the queue."""
    latencies = []
    for i in range(count):
        body = json.dumps({"question": QUESTIONS[(offset + i) % len(QUESTIONS)]}).encode()
        request = urllib.request.Request(url + "api/ask", body, {"Content-Type": "application/json"})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=60) as response:
            answer = json.loads(response.read())
        latencies.append((time.perf_counter() - started) * 1000)
        assert "answer" in answer
    return latencies


def scenario(
    caller: Callable[[str, int, int], list[float]], url: str, users: int, per_user: int
) -> dict[str, Any]:
    caller(url, 5, 0)  # warm-up
    alone = caller(url, per_user * 2, 0)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=users) as pool:
        runs = list(pool.map(lambda k: caller(url, per_user, k), range(users)))
    wall = time.perf_counter() - started
    return {"alone_ms": alone, "together_ms": [x for run in runs for x in run], "wall_s": wall}


def main() -> None:
    users = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    per_user = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    proc, url = start_app(scratch("ti-bench-load-"))
    try:
        results = {
            "API Gradio (file d'attente, gradio_client)": scenario(user, url, users, per_user),
            "route JSON /api/ask (HTTP simple)": scenario(script, url, users, per_user),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    lines = [
        f"{users} utilisateurs simultanés × {per_user} questions sur le corpus livré, app lancée comme `python app.py` "
        "(file d'attente Gradio : 4 réponses calculées en parallèle, TI_CONCURRENCY), même machine, même exécution.",
        "",
        "| accès | scénario | p50 (ms) | p95 (ms) | questions/s |",
        "|---|---|---|---|---|",
    ]
    for name, r in results.items():
        alone, together = r["alone_ms"], r["together_ms"]
        lines += [
            f"| {name} | 1 utilisateur (référence) | {median(alone):.0f} | {percentile(alone, 95):.0f} | {1000 / median(alone):.1f} |",
            f"| {name} | {users} utilisateurs | {median(together):.0f} | {percentile(together, 95):.0f} | {len(together) / r['wall_s']:.1f} |",
        ]
    write(
        "load" if users == 20 else f"load-{users}",
        lines,
        {"users": users, "per_user": per_user, "results": results},
    )


if __name__ == "__main__":
    main()
