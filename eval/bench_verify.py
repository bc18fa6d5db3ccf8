"""Statement checking latency with about 2,000 passages indexed (the French sets of ../shared/data, the
real releases, the dated set and the shipped release): each statement of the claims set's dev part
checked (`Checker.check`), next to the same text asked as a question (`Assistant.ask`) in the same
process, alternately; then paragraphs of 5 statements.

    python eval/bench_verify.py [DATA_DIR]
"""

from __future__ import annotations

import sys
import time

from benchlib import build_corpus, data_dir_or_exit, median, peak_rss_mb, scratch, write

from ti_assistant.answer.engine import Assistant
from ti_assistant.answer.verify import Checker
from ti_assistant.config import Settings
from ti_assistant.evaluation import claims
from ti_assistant.evaluation.cli import scratch as scratch_settings
from ti_assistant.evaluation.metrics import percentile
from ti_assistant.ingest.pipeline import ingest

PARAGRAPH = 5  # statements per paragraph (the target: ≤ 1 s)


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    work = scratch("ti-bench-verify-")
    corpus = work / "corpus"
    build_corpus(data, corpus)
    statements = [c.text for c in claims.material(corpus, data, Settings.from_env().corpus_dir, ("dev",))]
    settings = scratch_settings(Settings.from_env(), corpus_dir=corpus, index_dir=work / "index")
    ingest(settings)
    assistant = Assistant(settings)
    checker = Checker(assistant)
    for text in statements[:10]:  # warm-up: the models, BM25, the sentence vectors' first reads
        checker.check(text)
        assistant.ask(text)
    checked, asked = [], []
    for text in statements:
        started = time.perf_counter()
        assistant.ask(text)
        asked.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        checker.check(text)
        checked.append((time.perf_counter() - started) * 1000)
    paragraphs = []
    for at in range(0, len(statements) - PARAGRAPH + 1, PARAGRAPH):
        started = time.perf_counter()
        for text in statements[at : at + PARAGRAPH]:
            checker.check(text)
        paragraphs.append((time.perf_counter() - started) * 1000)

    def row(name: str, values: list[float]) -> str:
        return f"| {name} | {median(values):.0f} | {percentile(values, 95):.0f} | {median(values) / median(asked):.2f}× |"

    lines = [
        f"{len(statements)} affirmations (partie dev du jeu claims), {assistant.index.stats()['documents']} "
        f"documents indexés ({assistant.index.manifest.count_chunks()} passages), 2 cœurs, "
        f"embedder {settings.embedder}.",
        "",
        "| mesure | p50 (ms) | p95 (ms) | p50 / référence |",
        "|---|---|---|---|",
        row("référence : le même texte posé comme question (`ask`)", asked),
        row("vérification d'une affirmation (`verifier`)", checked),
        row(f"paragraphe de {PARAGRAPH} affirmations", paragraphs),
        "",
        f"Objectifs : p95 ≤ 150 ms par affirmation ; un paragraphe de {PARAGRAPH} phrases ≤ 1 s.",
        f"Mémoire maximale du processus : {peak_rss_mb():.0f} Mo.",
    ]
    write("verify", lines, {"statements": len(statements), "ask_ms": asked, "check_ms": checked,
                            "paragraph_ms": paragraphs})  # fmt: skip


if __name__ == "__main__":
    main()
