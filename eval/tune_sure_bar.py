"""The sure-answer bar for official releases, chosen on the domain's own dev material: the real releases'
dev part (../shared/data/releases, their questions left out of retrieval too, and the unanswerable ones)
and the project's dev questions on the shipped release. The bar training chooses on PIAF and the CNIL's
FAQ holds there; on releases the confidence model ranks better and that bar leaves most right answers
"uncertain" — so the releases get their own bar, chosen by the same kind of rule with the issue's 90 %:
the lowest bar at which, in each set, the bootstrap 5th percentile of the share of sure answers that are
right is ≥ 90 % and at most 5 % of its out-of-corpus questions are answered with assurance. An answer a
rule demotes (it lacks what the question asks for) is not counted as sure.

    python eval/tune_sure_bar.py [DATA_DIR]

Writes the bar into the shipped models (`answer_at_by_kind`, kind "communiques", read when TI_CORPUS_KIND
is "communiques", the default) and eval/reports/bench-sure-bar.md. Rerun after `ti-assistant train`.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from benchlib import ROOT, data_dir_or_exit, scratch, write

from ti_assistant.answer.confidence import model_file
from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.evaluation import datasets
from ti_assistant.evaluation.cli import scratch as scratch_settings
from ti_assistant.evaluation.training import ask_all, precision_bound
from ti_assistant.ingest.pipeline import ingest

KIND = "communiques"
PRECISION_BOUND = 0.90  # bootstrap 5th percentile of sure answers right, in each set
OUT_SURE_MAX = 0.05  # out-of-corpus questions answered with assurance, in each set
BARS = [round(0.30 + 0.01 * i, 2) for i in range(71)]  # 0.30 … 1.00


def rows(
    name: str, fill: Callable[[Path], list[datasets.EvalQuestion]]
) -> tuple[Assistant, list[tuple[float, bool, bool, bool]]]:
    """(confidence, demoted, out of corpus, right) for every single question of a dev set, asked with
    its release indexed, and (answerable ones) with it left out."""
    work = scratch(f"ti-sure-bar-{name}-")
    corpus = work / "corpus"
    corpus.mkdir()
    questions = fill(corpus)
    settings = scratch_settings(
        Settings.from_env(), corpus_dir=corpus, index_dir=work / "index", corpus_kind="autres"
    )
    ingest(settings)
    assistant = Assistant(settings)
    doc_ids = sorted(assistant.index.snapshot()[0])
    single = [q for q in questions if not q.conversation]
    asked = ask_all(assistant, single, doc_ids, False)
    asked += ask_all(assistant, [q for q in single if q.doc_ids and not q.is_trap], doc_ids, True)
    out = []
    for a in asked:
        features = a.analysis.features
        p = assistant.models.confidence.probability(features) if features else 0.0
        demoted = not features or not features["typed_on_topic"] or bool(features["uncounted"])
        out.append((p, demoted, a.left_out or a.question.is_trap, a.correct))
    return assistant, out


def at(bar: float, scored: list[tuple[float, bool, bool, bool]]) -> tuple[int, int, list[bool], int, int]:
    sure = [right for p, demoted, out, right in scored if p >= bar and not demoted and not out]
    outside = [p >= bar and not demoted for p, demoted, out, _ in scored if out]
    return len(sure), sum(not out for _, _, out, _ in scored), sure, sum(outside), len(outside)


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    split = json.loads((ROOT / datasets.FROZEN).read_text(encoding="utf-8"))["releases-test"]

    def releases(corpus: Path) -> list[datasets.EvalQuestion]:
        return datasets.releases_parts(datasets.load_releases(data, corpus), split)["dev"]

    def own(corpus: Path) -> list[datasets.EvalQuestion]:
        shutil.copytree(ROOT / "corpus", corpus, dirs_exist_ok=True)
        return datasets.own_parts(ROOT / datasets.OWN)["dev"]

    sets = {"communiqués réels, dev": rows("releases", releases), "communiqué livré, dev": rows("own", own)}
    assistant = next(iter(sets.values()))[0]
    models = assistant.models
    chosen = next(
        (
            bar
            for bar in BARS
            if all(
                precision_bound(sure) >= PRECISION_BOUND and out_sure <= OUT_SURE_MAX * max(1, n_out)
                for _, _, sure, out_sure, n_out in (at(bar, scored) for _, scored in sets.values())
            )
        ),
        1.0,
    )
    lines = [
        f"Seuil de réponse sûre des communiqués : **{chosen:.2f}** (autres textes : {models.answer_at:.3f}, "
        "choisi par l'entraînement sur PIAF et la CNIL).",
        "",
        "| jeu | seuil | réponses sûres | justes | borne basse bootstrap | hors corpus sûres |",
        "|---|---|---|---|---|---|",
    ]
    for name, (_, scored) in sets.items():
        for bar in sorted({round(models.answer_at, 2), chosen, 0.6, 0.5}, reverse=True):
            n_sure, n_ans, sure, out_sure, n_out = at(bar, scored)
            lines.append(
                f"| {name} | {bar:.2f} | {n_sure}/{n_ans} | {sum(sure)} | {precision_bound(sure):.3f} | "
                f"{out_sure}/{n_out} |"
            )
    path = model_file(assistant.embedder.embedder_id, assistant.sentence_embedder.embedder_id)
    shipped = json.loads(path.read_text(encoding="utf-8"))
    shipped.setdefault("answer_at_by_kind", {})[KIND] = chosen
    path.write_text(json.dumps(shipped, indent=1) + "\n", encoding="utf-8")
    lines += ["", f"Écrit dans `{path.relative_to(ROOT)}` (`answer_at_by_kind`)."]
    write("sure-bar", lines, {"bar": chosen, "general_bar": models.answer_at})


if __name__ == "__main__":
    main()
