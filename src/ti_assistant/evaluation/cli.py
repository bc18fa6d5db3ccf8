"""`ti-assistant eval`: build a temporary index for a question set, run it, write the report."""

from __future__ import annotations

import argparse
import random
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from ti_assistant.config import Settings

DEFAULT_QUESTIONS = Path("eval/questions_ales.jsonl")
DEFAULT_DATA = Path("../shared/data")


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="évaluer recherche, réponses, citations et refus")
    p.add_argument(
        "--set",
        dest="dataset",
        default="own",
        choices=["own", "piaf", "cnil", "crpa", "dila"],
        help="jeu de questions (own = questions du projet sur le corpus)",
    )
    p.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="questions du projet (JSONL)")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="dossier des jeux SQuAD français")
    p.add_argument("--distractors", action="store_true", help="indexer aussi tous les jeux de --data-dir")
    p.add_argument("--limit", type=int, default=0, help="échantillon aléatoire (graine fixe) de N questions")
    p.add_argument("--no-baselines", action="store_true", help="ne pas calculer les références")
    p.add_argument("--out", type=Path, default=Path("eval/reports"), help="dossier des rapports")
    p.set_defaults(handler=_eval)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from ti_assistant.evaluation import datasets
    from ti_assistant.evaluation.report import write_report

    needs_data = args.dataset != "own" or args.distractors
    if needs_data and not args.data_dir.exists():
        print(f"Évaluation ignorée : les données {args.data_dir} sont absentes.")
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="ti-eval-"))
    try:
        corpus = workdir / "corpus"
        corpus.mkdir()
        questions = []
        if args.dataset == "own":
            shutil.copytree(settings.corpus_dir, corpus, dirs_exist_ok=True)
            questions = datasets.load_own(args.questions)
        for name in datasets.SQUAD_SETS:
            if name == args.dataset or args.distractors:
                found = datasets.materialize_squad(datasets.squad_path(args.data_dir, name), name, corpus)
                questions += found if name == args.dataset else []
        if args.limit and len(questions) > args.limit:
            questions = random.Random(0).sample(questions, args.limit)
        label = args.dataset + ("+distracteurs" if args.distractors and args.dataset == "own" else "")
        rows, summary = _run(
            settings.with_(corpus_dir=corpus, index_dir=workdir / "index"), questions, not args.no_baselines
        )
        summary["documents"] = _count_documents(workdir / "index", settings)
        stem = f"{date.today().isoformat()}-{label}"
        path = write_report(args.out, stem, label, summary, rows, external=needs_data)
        print(f"Rapport écrit : {path}")
        _print_headline(summary)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _run(
    settings: Settings, questions: list[Any], baselines: bool
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from rich.progress import Progress

    from ti_assistant.answer.engine import Assistant
    from ti_assistant.evaluation.runner import run, summarize
    from ti_assistant.ingest.pipeline import ingest

    report = ingest(settings)
    print(report.summary())
    assistant = Assistant(settings)
    with Progress(transient=True) as bar:
        task = bar.add_task("Évaluation", total=len(questions))
        rows = run(
            assistant, questions, baselines, progress=lambda done, total: bar.update(task, completed=done)
        )
    summary = summarize(rows)
    summary["ingest"] = {
        "chunks": report.chunks,
        "seconds": round(report.seconds, 1),
        "failed": len(report.failed),
    }
    summary["settings"] = {
        k: getattr(settings, k)
        for k in (
            "embedder",
            "chunk_size",
            "top_k",
            "dense_weight",
            "fusion",
            "max_quotes",
            "refusal_threshold",
        )
    }
    return rows, summary


def _count_documents(index_dir: Path, settings: Settings) -> int:
    from ti_assistant.store.index import Index

    return int(Index(settings.with_(index_dir=index_dir)).stats()["documents"])


def _print_headline(summary: dict[str, Any]) -> None:
    answers, refusal = summary["answers"], summary["refusal"]
    retrieval = summary["retrieval"]["pipeline"]
    print(f"Documents@1 : {retrieval['recall@1'] or 0:.1%} — MRR@10 : {retrieval['mrr@10'] or 0:.3f}")
    if answers["correct"] is not None:
        print(
            f"Réponses correctes : {answers['correct']:.1%} — citation contenant la réponse : "
            f"{answers['quote_contains_span']:.1%} — refus à tort : {answers['refused_answerable']:.1%}"
        )
    if refusal:
        print(f"Pièges refusés : {refusal['recall']:.1%} — précision des refus : {refusal['precision']:.1%}")
    print(f"Citations valides : {answers['citations_valid']:.1%}")
