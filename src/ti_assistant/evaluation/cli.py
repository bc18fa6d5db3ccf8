"""`ti-assistant eval`: build a temporary index for a question set, run it, write the report."""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import random
import shutil
import tempfile
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ti_assistant.config import Settings

if TYPE_CHECKING:
    from ti_assistant.ingest.pipeline import IngestReport

DEFAULT_DATA = Path("../shared/data")
PARTED = ("own", "dated", "releases", "piaf", "cnil")  # sets with a dev and a test part
HELD_OUT = ("crpa", "dila")  # never used to choose anything: every run of them is a test run


def register(sub: Any) -> None:
    p = sub.add_parser("eval", help="évaluer recherche, réponses, citations et refus")
    p.add_argument(
        "--set",
        dest="dataset",
        default="own",
        choices=["own", "dated", "releases", "piaf", "cnil", "crpa", "dila", "claims"],
        help="jeu de questions (own = questions du projet sur le corpus ; dated = communiqués datés "
        "fictifs ; releases = communiqués réels de --data-dir/releases ; claims = affirmations à "
        "vérifier, tirées de releases et dated)",
    )
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="dossier des jeux SQuAD français")
    p.add_argument("--distractors", action="store_true", help="indexer aussi tous les jeux de --data-dir")
    p.add_argument(
        "--part",
        default="test",
        choices=["test", "dev", "train", "all"],
        help="partie du jeu : test (figée, défaut), dev (pour régler), train (PIAF, CNIL), all",
    )
    p.add_argument("--no-loo", action="store_true", help="sans les questions hors corpus (article retiré)")
    p.add_argument(
        "--articles",
        type=int,
        default=0,
        help="petit corpus : N articles de la partie seulement, tirés à graine fixe (PIAF, CNIL, CRPA, DILA)",
    )
    p.add_argument("--limit", type=int, default=0, help="échantillon aléatoire (graine fixe) de N questions")
    p.add_argument("--no-baselines", action="store_true", help="ne pas calculer les références")
    p.add_argument("--out", type=Path, default=Path("eval/reports"), help="dossier des rapports")
    p.add_argument(
        "--ledger",
        type=Path,
        default=Path("eval/reports/test-runs.jsonl"),
        help="registre des exécutions test",
    )
    p.add_argument("--gate", action="store_true", help="code de sortie 1 si la barrière de qualité échoue")
    p.set_defaults(handler=_eval)

    p = sub.add_parser("train", help="réentraîner les modèles de phrases et de confiance (PIAF, graine fixe)")
    p.add_argument("--data-dir", type=Path, default=DEFAULT_DATA, help="dossier des jeux SQuAD français")
    p.add_argument("--limit", type=int, default=0, help="N questions seulement (essai rapide, non livré)")
    p.set_defaults(handler=_train)


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from ti_assistant.evaluation import datasets, ledger
    from ti_assistant.evaluation.gate import BY_SET, TARGETS, failures
    from ti_assistant.evaluation.report import write_report

    if args.dataset == "claims":
        return _eval_claims(args, settings)
    if args.dataset in HELD_OUT and args.part in ("dev", "train"):
        # Running it would be a test run (the whole set, recorded in the ledger): say so instead.
        print(
            f"Le jeu {args.dataset} n'a pas de partie {args.part} : il sert tout entier de test, jamais "
            "à choisir. Lancez-le avec --part test, une fois, en fin de changement."
        )
        return 2
    if args.articles and (args.dataset not in datasets.SQUAD_SETS or args.distractors):
        print(
            "--articles réduit le corpus d'un jeu SQuAD (piaf, cnil, crpa, dila) à quelques-uns de ses "
            "articles, sans distracteurs : les autres jeux sont déjà petits."
        )
        return 2
    needs_data = args.dataset not in ("own", "dated") or args.distractors
    if needs_data and not args.data_dir.exists():
        print(f"Évaluation ignorée : les données {args.data_dir} sont absentes.")
        return 0
    workdir = Path(tempfile.mkdtemp(prefix="ti-eval-"))
    try:
        corpus = workdir / "corpus"
        corpus.mkdir()
        questions = _questions(args, corpus, settings.corpus_dir)
        if args.limit and len(questions) > args.limit:
            questions = random.Random(0).sample(questions, args.limit)
        label = args.dataset + ("+distracteurs" if args.distractors and args.dataset == "own" else "")
        label += "" if args.part == "all" or args.dataset not in PARTED else f"-{args.part}"
        label += f"-{args.articles}-articles" if args.articles else ""
        reference = "2026-11-27" if args.dataset == "dated" else settings.reference_date  # fixed "today"
        rows, summary = _run(
            scratch(
                settings,
                corpus_dir=corpus,
                index_dir=workdir / "index",
                reference_date=reference,
            ),
            questions,
            not args.no_baselines,
            # dated: the versions remain; own: its traps are written as such
            leave_one_out=args.dataset not in ("own", "dated") and not args.no_loo,
        )
        summary["documents"] = _count_documents(workdir / "index", settings)
        missed = failures(summary, BY_SET.get(args.dataset, TARGETS)) if args.gate else None
        stem = f"{date.today().isoformat()}-{label}"
        path = write_report(args.out, stem, label, summary, rows, external=needs_data)
        print(f"Rapport écrit : {path}")
        _print_headline(summary)
        if (args.part == "test" and args.dataset in PARTED) or args.dataset in HELD_OUT:
            where = ledger.append(args.ledger, ledger.entry(label, summary, missed))
            print(f"Exécution sur une partie test consignée dans {where}.")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if missed:
        print("Barrière de qualité : ÉCHEC\n- " + "\n- ".join(missed))
        return 1
    if missed is not None:
        print("Barrière de qualité : passée.")
    return 0


def _eval_claims(args: argparse.Namespace, settings: Settings) -> int:
    """The claims set (`evaluation.claims`) over the real releases and the dated set, in one index."""
    from rich.progress import Progress

    from ti_assistant.answer.engine import Assistant
    from ti_assistant.answer.verify import Checker
    from ti_assistant.evaluation import claims, datasets, ledger

    if not (args.data_dir / datasets.RELEASES).exists():
        print(f"Évaluation ignorée : les données {args.data_dir / datasets.RELEASES} sont absentes.")
        return 0
    if args.part == "train":
        print("Le jeu claims n'a pas de partie train : choisissez --part dev, test ou all.")
        return 2
    workdir = Path(tempfile.mkdtemp(prefix="ti-claims-"))
    try:
        corpus = workdir / "corpus"
        parts = ("dev", "test") if args.part == "all" else (args.part,)
        built = claims.material(corpus, args.data_dir, settings.corpus_dir, parts)
        if args.limit and len(built) > args.limit:
            built = random.Random(0).sample(built, args.limit)
        local = scratch(settings, corpus_dir=corpus, index_dir=workdir / "index", reference_date="2026-11-27")
        _ingest_reported(local)
        checker = Checker(Assistant(local))
        with Progress(transient=True) as bar:
            task = bar.add_task("Vérification", total=len(built))
            rows = claims.run(built, checker.check, lambda done, _: bar.update(task, completed=done))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    summary = claims.summarize(rows)
    label = f"claims-{args.part}"
    stem = args.out / f"{date.today().isoformat()}-{label}"
    args.out.mkdir(parents=True, exist_ok=True)
    stem.with_suffix(".json").write_text(
        json.dumps({"summary": summary, "rows": rows}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    stem.with_suffix(".md").write_text(claims.markdown(label, summary, rows), encoding="utf-8")
    print(f"Rapport écrit : {stem.with_suffix('.md')}")
    missed = claims.failures(summary)
    print("Objectifs manqués :\n- " + "\n- ".join(missed) if missed else "Objectifs atteints.")
    if args.part == "test":
        record = {k: v for k, v in summary.items() if k != "confusion"}
        record |= {"date": datetime.now(UTC).isoformat(timespec="seconds"), "commit": ledger.commit()}
        print(
            f"Exécution sur une partie test consignée dans {ledger.append(args.ledger, record | {'part': label})}."
        )
    return 1 if args.gate and missed else 0


def _questions(args: argparse.Namespace, corpus: Path, release_dir: Path) -> list[Any]:
    """The set's questions (its frozen or chosen part); its documents are written under `corpus`."""
    from ti_assistant.evaluation import datasets
    from ti_assistant.evaluation.training import TRAINING_SETS, split_by_article

    parts: dict[str, list[Any]] = {}
    if args.dataset == "own":
        shutil.copytree(release_dir, corpus, dirs_exist_ok=True)
        parts = datasets.own_parts(datasets.OWN)
    if args.dataset == "dated":
        shutil.copytree(datasets.DATED / "corpus", corpus, dirs_exist_ok=True)
        parts = datasets.dated_parts(datasets.DATED / "questions.jsonl")
    if args.dataset == "releases" or args.distractors:
        found = datasets.load_releases(args.data_dir, corpus)
        if args.dataset == "releases":
            split = json.loads(datasets.FROZEN.read_text(encoding="utf-8"))["releases-test"]
            parts = datasets.releases_parts(found, split)
    questions: list[Any] = parts["dev"] + parts["test"] if args.part == "all" else parts.get(args.part, [])
    for name in datasets.SQUAD_SETS:
        if name == args.dataset or args.distractors:
            found = datasets.materialize_squad(datasets.squad_path(args.data_dir, name), name, corpus)
            if name == args.dataset:
                keep_all = name not in TRAINING_SETS or args.part == "all"
                part = found if keep_all else split_by_article(found)[args.part]
                questions += datasets.keep_articles(part, corpus, args.articles) if args.articles else part
    return questions


def _run(
    settings: Settings, questions: list[Any], baselines: bool, leave_one_out: bool = False
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    from rich.progress import Progress

    from ti_assistant.answer.engine import Assistant
    from ti_assistant.evaluation.runner import run, summarize

    report = _ingest_reported(settings)
    assistant = Assistant(settings)
    with Progress(transient=True) as bar:
        task = bar.add_task("Évaluation", total=len(questions))
        rows = run(
            assistant,
            questions,
            baselines,
            progress=lambda done, total: bar.update(task, completed=done),
            leave_one_out=leave_one_out,
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
        )
    }
    return rows, summary


def _train(args: argparse.Namespace, settings: Settings) -> int:
    from rich.progress import Progress

    from ti_assistant.answer.confidence import model_file
    from ti_assistant.answer.engine import Assistant
    from ti_assistant.evaluation import datasets
    from ti_assistant.evaluation.datacard import write_data_card
    from ti_assistant.evaluation.outside import Outside
    from ti_assistant.evaluation.training import TRAINING_SETS, train
    from ti_assistant.ingest.pipeline import ingest

    paths = {name: datasets.squad_path(args.data_dir, name) for name in TRAINING_SETS}
    missing = [str(path) for path in paths.values() if not path.exists()]
    if missing:
        print(f"Entraînement impossible : {', '.join(missing)} absent(s).")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="ti-train-"))
    try:
        questions = [
            q
            for name, path in paths.items()
            for q in datasets.materialize_squad(path, name, workdir / "corpus")
        ]
        if args.limit:
            questions = random.Random(0).sample(questions, args.limit)
        local = scratch(
            settings, corpus_dir=workdir / "corpus", index_dir=workdir / "index", corpus_kind="autres"
        )
        _ingest_reported(local)
        assistant = Assistant(local)

        def indexed(place: Path, fill: Callable[[Path], object]) -> tuple[Assistant, Outside]:
            """A corpus under `place` that `fill` writes, indexed, with its reader."""
            own = scratch(
                settings, corpus_dir=place / "corpus", index_dir=place / "index", corpus_kind="autres"
            )
            fill(own.corpus_dir)
            ingest(own)
            reader = Assistant(own)
            return reader, Outside.of(reader)

        # each set indexed on its own too, where its dev questions are asked (`train`)
        alone = {
            name: indexed(workdir / name, functools.partial(datasets.materialize_squad, path, name))
            for name, path in paths.items()
        }
        made = itertools.count()

        def small(articles: frozenset[str]) -> tuple[Assistant, Outside]:
            """A corpus of these articles only (`training.small_corpora`), indexed."""
            return indexed(
                workdir / "small" / str(next(made)),
                lambda corpus: datasets.copy_articles(workdir / "corpus", corpus, articles),
            )

        with Progress(transient=True) as bar:
            task = bar.add_task("Entraînement", total=None)
            models, card = train(
                assistant,
                questions,
                Outside.of(assistant),
                alone,
                small,
                progress=lambda label, done, total: bar.update(
                    task, completed=done, total=total, description=label
                ),
            )
        if args.limit:
            print(f"Essai sur {args.limit} questions : modèles non enregistrés. {card['dev']}")
            return 0
        target = model_file(assistant.embedder.embedder_id, assistant.sentence_embedder.embedder_id)
        models.save(target)
        card_path = write_data_card(target.with_suffix(".md"), models, card)
        print(f"Modèles écrits dans {target} ; fiche : {card_path}")
        print(f"Sur la partie dev : {card['dev']}")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _ingest_reported(settings: Settings) -> IngestReport:
    """Index the settings' corpus, printing each file that failed (data sets hold a few empty answers)
    and the summary; the report."""
    from ti_assistant.ingest.pipeline import ingest

    report = ingest(settings)
    for line in report.failures():
        print(line)
    print(report.summary())
    return report


def scratch(settings: Settings, **changes: Any) -> Settings:
    """Settings for a temporary index that keep the project's cache of passage vectors: an evaluation or
    a training run embeds only what no earlier run embedded with the same embedder."""
    from ti_assistant.store.embeddings import cache_path

    kept = cache_path(settings)
    return settings.with_(embed_cache=str(kept.resolve()) if kept else "off", **changes)


def _count_documents(index_dir: Path, settings: Settings) -> int:
    from ti_assistant.store.index import Index

    return int(Index(settings.with_(index_dir=index_dir)).stats()["documents"])


def _print_headline(summary: dict[str, Any]) -> None:
    answers, refusal = summary["answers"], summary["refusal"]
    retrieval = summary["retrieval"]["pipeline"]
    print(f"Documents@1 : {retrieval['recall@1'] or 0:.1%} — MRR@10 : {retrieval['mrr@10'] or 0:.3f}")
    if answers["correct"] is not None:
        print(
            f"Réponses correctes : {answers['correct']:.1%} — en tête (bon communiqué) : "
            f"{answers['lead_correct']:.1%} — citation contenant la réponse (ou l'une de ses phrases) : "
            f"{answers['quote_contains_span']:.1%} — refus à tort : {answers['refused_answerable']:.1%}"
        )
    if refusal:
        print(f"Pièges refusés : {refusal['recall']:.1%} — précision des refus : {refusal['precision']:.1%}")
    h = summary["honesty"]
    shown = {
        k: (f"{v:.1%}" if isinstance(v, float) and k != "quoted_words_median" else v)
        for k, v in h.items()
        if k != "calibration"
    }
    print(f"Honnêteté : {shown}")
    print(f"Citations valides : {answers['citations_valid']:.1%}")
