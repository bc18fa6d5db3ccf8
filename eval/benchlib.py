"""Shared helpers for the benchmarks in this folder (run on demand, never by the test suite)."""

from __future__ import annotations

import atexit
import json
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from ti_assistant.evaluation.datasets import SQUAD_SETS, EvalQuestion, materialize_squad

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
REPORTS = ROOT / "eval" / "reports"  # what the README links; `--out DIR` writes elsewhere


def _common_options() -> None:
    """Options every script of this folder takes before its own arguments: `-h`/`--help` prints the
    script's docstring (its usage), `--out DIR` writes the report under DIR instead of eval/reports."""
    global REPORTS
    main = sys.modules.get("__main__")
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        usage = (getattr(main, "__doc__", None) or "").strip()
        print(
            usage
            + "\n\nOptions communes : -h/--help (cette aide), --out DOSSIER (rapport écrit ailleurs que eval/reports)."
        )
        sys.exit(0)
    if "--out" in sys.argv[1:]:
        at = sys.argv.index("--out")
        if at + 1 >= len(sys.argv):
            print("Erreur : --out attend un dossier.", file=sys.stderr)
            sys.exit(2)
        REPORTS = Path(sys.argv[at + 1])
        del sys.argv[at : at + 2]


_common_options()


def scratch(prefix: str) -> Path:
    """A working directory removed when the benchmark exits: an index of 100 000 passages weighs 0.5 GB,
    and runs left behind fill the disk."""
    work = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, work, ignore_errors=True)
    return work


def joint_index(data: Path, corpus_kind: str = "auto") -> tuple[Any, list[EvalQuestion]]:
    """The real releases and the shipped one indexed together, whichever set is asked, and the real
    releases' questions: a question whose release is left out still faces the others. Alone, the shipped
    release gave no twin, and the out-of-corpus material was its 18 written traps and the real releases'
    53 (the sure bar then rested on the single best-rated of those 71, and 8 of 64 out-of-corpus test
    questions were sure). `corpus_kind`: the models read (`TI_CORPUS_KIND`)."""
    from ti_assistant.answer.engine import Assistant
    from ti_assistant.config import Settings
    from ti_assistant.evaluation import datasets
    from ti_assistant.evaluation.cli import scratch as scratch_settings
    from ti_assistant.ingest.pipeline import ingest

    work = scratch("ti-joint-")
    corpus = work / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    questions = datasets.load_releases(data, corpus)
    settings = scratch_settings(
        Settings.from_env(), corpus_dir=corpus, index_dir=work / "index", corpus_kind=corpus_kind
    )
    ingest(settings)
    return Assistant(settings), questions


def data_dir_or_exit(argv: list[str]) -> Path:
    data = Path(argv[1]) if len(argv) > 1 else DATA
    if not data.exists():
        print(f"Benchmark ignoré : les données {data} sont absentes.")
        sys.exit(0)
    return data


def build_corpus(data: Path, corpus: Path) -> dict[str, list[EvalQuestion]]:
    """One text file per SQuAD paragraph of every French set (about 1,300 documents)."""
    return {name: materialize_squad(data / rel, name, corpus) for name, rel in SQUAD_SETS.items()}


def retrieval_scores(
    assistant: Any, asked: list[tuple[str, EvalQuestion]], dense_weight: float | None = None
) -> dict[str, float]:
    """Retrieval alone (5 passages), each question asked as `text`: the right document first, the right
    document in the 5 passages, and the answer in one of them."""
    from ti_assistant.evaluation import metrics as m

    doc1 = doc5 = span5 = 0.0
    for text, q in asked:
        passages = assistant.retriever.search(text, top_k=5, dense_weight=dense_weight).passages
        doc1 += m.recall_at_k([p.doc_id for p in passages], set(q.doc_ids), 1)
        doc5 += m.recall_at_k([p.doc_id for p in passages], set(q.doc_ids), 5)
        span5 += any(m.contains_span([p.text for p in passages], s) for s in q.spans)
    return {"doc@1": doc1 / len(asked), "doc@5": doc5 / len(asked), "span@5": span5 / len(asked)}


def tuning_parts(data: Path, work: Path) -> tuple[list[EvalQuestion], Any]:
    """Every document of `data` written under `work`/corpus, the dev part of the training sets (the
    part `ti-assistant train` chooses its bars on; tuning never reads a test part: `ti-assistant eval`
    reports on those, in the test-run ledger), and settings whose index lies under `work`/index (the
    environment's other settings, TI_EMBEDDER included, and its cache of passage vectors kept)."""
    from ti_assistant.config import Settings
    from ti_assistant.evaluation.cli import scratch
    from ti_assistant.evaluation.training import TRAINING_SETS, split_by_article

    sets = build_corpus(data, work / "corpus")
    parts = split_by_article([q for name in TRAINING_SETS for q in sets[name]])
    settings = scratch(Settings.from_env(), corpus_dir=work / "corpus", index_dir=work / "index")
    return parts["dev"], settings


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def median(values: list[float]) -> float:
    return statistics.median(values)


def timed_against_plain(assistant: Any, questions: list[str], warmup: int) -> tuple[list[Any], list[float]]:
    """Each question answered by the pipeline and retrieved by a plain llama-index `VectorStoreIndex`
    (top 5, same Chroma collection and embedder), alternately, after `warmup` questions on both paths.
    Returns the pipeline's answers (with their `timings_ms`) and the plain retrieval times in ms."""
    from llama_index.core import VectorStoreIndex

    plain = VectorStoreIndex.from_vector_store(
        assistant.index.vectors.llama_store, embed_model=assistant.embedder
    )
    retriever = plain.as_retriever(similarity_top_k=5)
    for q in questions[:warmup]:
        assistant.ask(q)
        retriever.retrieve(q)
    answers, baseline = [], []
    for q in questions:
        started = time.perf_counter()
        retriever.retrieve(q)
        baseline.append((time.perf_counter() - started) * 1000)
        answers.append(assistant.ask(q))
    return answers, baseline


def write(name: str, lines: list[str], data: dict[str, object]) -> Path:
    REPORTS.mkdir(parents=True, exist_ok=True)
    header = [
        f"# Benchmark {name} — {date.today().isoformat()}",
        "",
        f"Machine : {platform.processor() or platform.machine()}, Python {platform.python_version()}.",
        "",
    ]
    path = REPORTS / f"bench-{name}.md"
    path.write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    (REPORTS / f"bench-{name}.json").write_text(
        json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8"
    )
    print("\n".join(lines))
    print(f"Résultats écrits dans {path}")
    return path
