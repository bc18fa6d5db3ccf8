"""What a cross-encoder reranker would cost here: issue 10's "gold passage shown" asks for a reranker, and
no package ships one for French. The only French transformer the project has is multilingual-e5-small
(`store/e5_torch.E5Encoder`); a reranker fine-tuned from it reads each (question, sentence) pair through
the same twelve layers, so its cost is that of encoding the pairs, whatever head it learns. Measured on
PIAF's dev part (never its test part): each question's article sentences, the first k of them read as
"query: … passage: …" pairs in one batch, for k = 5, 10 and 20 — against the question's own query vector,
which every answer computes already (the baseline, in the same process, alternately). A reranker
distilled into fewer layers is timed too: the first `SHALLOW` layers only (its cost, not its quality).

    python eval/bench_reranker.py [DATA_DIR] [QUESTIONS]      (default 40 questions)
"""

from __future__ import annotations

import copy
import json
import random
import sys
import time

from benchlib import ROOT, data_dir_or_exit, median, scratch, write

from ti_assistant.evaluation.datasets import materialize_squad, squad_path
from ti_assistant.evaluation.metrics import percentile
from ti_assistant.evaluation.training import split_by_article
from ti_assistant.store.e5_torch import E5Encoder
from ti_assistant.text.french import sentence_spans

PAIRS = (5, 10, 20)
LATENCY_TARGET_MS = 60  # issue 24's p95 for a whole answer at 2k passages
SHALLOW = 4  # layers of a distilled reranker, of mE5's 12


def shipped_p95_ms() -> float:
    """The p95 of the pipeline as shipped, from `eval/bench_latency.py`'s last run (the report the README
    links, whatever `--out` says)."""
    report = ROOT / "eval" / "reports" / "bench-latency.json"
    if not report.exists():
        sys.exit(f"{report} manque : lancez d'abord python eval/bench_latency.py.")
    return percentile(json.loads(report.read_text(encoding="utf-8"))["pipeline_ms"], 95)


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    shipped = shipped_p95_ms()
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    corpus = scratch("ti-bench-reranker-")
    found = split_by_article(materialize_squad(squad_path(data, "piaf"), "piaf", corpus))["dev"]
    asked = random.Random(0).sample(found, min(count, len(found)))
    encoder = E5Encoder()
    shallow = copy.copy(encoder)  # the same weights, loaded once
    shallow._layers = encoder._layers[:SHALLOW]  # the cost of a distilled model, not one that exists
    pairs: list[tuple[str, list[str]]] = []
    for q in asked:
        text = (corpus / min(q.doc_ids)).read_text(encoding="utf-8")
        sentences = [text[a:b] for a, b in sentence_spans(text)]
        while len(sentences) < max(PAIRS):  # a short paragraph: its sentences again, as many as k asks
            sentences += sentences
        pairs.append((q.question, sentences))
    encoder([f"query: {pairs[0][0]}"])  # warm-up
    query_ms: list[float] = []
    pair_ms: dict[int, list[float]] = {k: [] for k in PAIRS}
    tokens: dict[int, list[float]] = {k: [] for k in PAIRS}
    shallow_ms: list[float] = []
    for question, sentences in pairs:
        started = time.perf_counter()
        encoder([f"query: {question}"])
        query_ms.append((time.perf_counter() - started) * 1000)
        for k in PAIRS:
            batch = [f"query: {question} passage: {s}" for s in sentences[:k]]
            tokens[k].append(sum(len(encoder.tokenize(t)) for t in batch))
            started = time.perf_counter()
            encoder(batch)
            pair_ms[k].append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        shallow([f"query: {question} passage: {s}" for s in sentences[: PAIRS[0]]])
        shallow_ms.append((time.perf_counter() - started) * 1000)
    base = median(query_ms)
    lines = [
        f"{len(pairs)} questions de la partie dev de PIAF, chacune avec les phrases de son paragraphe ; "
        "multilingual-e5-small (torch, 2 fils), un lot par question. Référence : le vecteur de la question "
        "seule, que toute réponse calcule déjà.",
        "",
        "| lecture | jetons (médiane) | médiane (ms) | rapport à la référence |",
        "|---|---|---|---|",
        f"| vecteur de la question (référence) | — | {base:.1f} | 1.0 |",
    ]
    for k in PAIRS:
        at = median(pair_ms[k])
        lines.append(f"| {k} paires question–phrase | {median(tokens[k]):.0f} | {at:.1f} | {at / base:.1f} |")
    low = median(shallow_ms)
    lines.append(
        f"| {PAIRS[0]} paires, {SHALLOW} couches sur 12 (modèle distillé) | {median(tokens[PAIRS[0]]):.0f} | "
        f"{low:.1f} | {low / base:.1f} |"
    )
    room = LATENCY_TARGET_MS - shipped
    lines += [
        "",
        f"Marge de latence : objectif p95 {LATENCY_TARGET_MS} ms, pipeline livré p95 {shipped:.1f} ms "
        f"(bench-latency) : {room:.1f} ms pour tout ajout. Un reclassement de {PAIRS[0]} phrases en "
        f"coûte {median(pair_ms[PAIRS[0]]):.0f} ms à lui seul ({low:.0f} ms distillé en {SHALLOW} couches).",
    ]
    write(
        "reranker",
        lines,
        {
            "questions": len(pairs),
            "query_ms_median": base,
            "pairs_ms_median": {k: median(v) for k, v in pair_ms.items()},
            "pair_tokens_median": {k: median(v) for k, v in tokens.items()},
            f"pairs_{PAIRS[0]}_{SHALLOW}_layers_ms_median": low,
            "latency_room_ms": round(room, 1),
        },
    )


if __name__ == "__main__":
    main()
