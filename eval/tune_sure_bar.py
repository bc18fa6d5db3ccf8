"""The sure-answer bar and the refusal rule for official releases, chosen on the domain's own dev material: the real releases'
dev part (../shared/data/releases, their questions left out of retrieval too, and the unanswerable ones)
and the project's dev questions on the shipped release. The bar training chooses on PIAF and the CNIL's
FAQ holds there; on releases the confidence model ranks better and that bar leaves most right answers
"uncertain" — so the releases get their own bar, chosen by the same kind of rule with the issue's 90 %:
the lowest bar at which the bootstrap 5th percentile of the share of sure answers that are right, both
sets pooled, is ≥ 90 %, each set keeps ≥ 90 % of its sure answers right and at most 5 % of its
out-of-corpus questions answered with assurance (training's rule for the general bar). A bound per set
was the first rule: with ~45 answerable questions a set, one wrong answer decided it — the bar went
0.68 → 0.88 between two trainings as one answer's confidence moved, leaving 7 of 43 sure. An answer a
rule demotes (it lacks what the question asks for) is not counted as sure.

Refusing, rather than hedging, a question asking for a date, a figure, a sum or a contact that no
sentence near the best holds (`Models.refuse_untyped`) is switched on when, in each set, the bootstrap 95th
percentile of the share of answerable questions refused stays ≤ 15 % with it — the rule training
applies to the refusal bar (`training.refusal_bar`). On PIAF's dev part, applied to every typed
question, it refused 19.5 % of the answerable questions (16.7 % without), so other texts keep it off.

    python eval/tune_sure_bar.py [DATA_DIR]

Writes both into the shipped models (`kinds`, kind "communiques", read when TI_CORPUS_KIND is
"communiques", or "auto", the default, and the corpus looks like releases: `CorpusProfile.kind`) and eval/reports/bench-sure-bar.md. Rerun after `ti-assistant train`.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchlib import ROOT, data_dir_or_exit, scratch, write

from ti_assistant.answer.confidence import model_file
from ti_assistant.answer.corpus import RELEASES
from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.evaluation import datasets
from ti_assistant.evaluation.cli import scratch as scratch_settings
from ti_assistant.evaluation.training import (
    REFUSED_ANSWERABLE_MAX,
    ask_all,
    meets_floors,
    precision_bound,
    refused_bound,
)
from ti_assistant.ingest.pipeline import ingest

KIND = RELEASES
PRECISION_BOUND = 0.90  # sure answers right: bootstrap 5th percentile (sets pooled) and share in each set


@dataclass(frozen=True)
class Row:
    p: float  # the confidence model's probability
    demoted: bool  # a rule keeps it from being sure (it lacks what was asked)
    untyped: bool  # it asks for a date, a figure... that no sentence near the best holds
    out: bool  # out of corpus
    right: bool


BARS = [round(0.30 + 0.01 * i, 2) for i in range(71)]  # 0.30 … 1.00


def rows(name: str, fill: Callable[[Path], list[datasets.EvalQuestion]]) -> tuple[Assistant, list[Row]]:
    """Every single question of a dev set, asked with its release indexed, and (answerable ones) with
    it left out."""
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
        lacking = bool(features) and not features["typed_on_topic"]  # nothing near the best holds it
        demoted = not features or lacking or bool(features["uncounted"])
        untyped = lacking and a.analysis.question.wants_form
        out.append(Row(p, demoted, untyped, a.left_out or a.question.is_trap, a.correct))
    return assistant, out


def at(bar: float, scored: list[Row]) -> tuple[list[bool], list[bool]]:
    """Whether each sure answer is right, and whether each out-of-corpus question is answered sure."""
    sure = [r.right for r in scored if r.p >= bar and not r.demoted and not r.out]
    return sure, [r.p >= bar and not r.demoted for r in scored if r.out]


def holds(bar: float, sets: list[list[Row]]) -> bool:
    """The rule `training.choose_thresholds` applies, at 90 %: the bootstrap bound over the sets pooled,
    and each set's floors (`training.meets_floors`)."""
    measured = [at(bar, scored) for scored in sets]
    pooled = [right for sure, _ in measured for right in sure]
    return precision_bound(pooled) >= PRECISION_BOUND and all(
        meets_floors(sure, outside, floor=PRECISION_BOUND) for sure, outside in measured
    )


def refused(scored: list[Row], refuse_below: float, untyped: bool) -> tuple[list[bool], list[bool]]:
    """Whether each answerable, and each out-of-corpus, question is refused."""
    verdicts = [(r.out, r.p < refuse_below or (untyped and r.untyped)) for r in scored]
    return [v for out, v in verdicts if not out], [v for out, v in verdicts if out]


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
    chosen = next((bar for bar in BARS if holds(bar, [scored for _, scored in sets.values()])), 1.0)
    refuse_below = min(models.refuse_below, chosen)
    untyped = all(
        refused_bound(refused(scored, refuse_below, True)[0]) <= REFUSED_ANSWERABLE_MAX
        for _, scored in sets.values()
    )
    lines = [
        f"Seuil de réponse sûre des communiqués : **{chosen:.2f}** (autres textes : {models.answer_at:.3f}, "
        "choisi par l'entraînement sur PIAF et la CNIL).",
        f"Refus d'une question (date, chiffre, montant, contact) sans phrase proche qui en contienne : **{'oui' if untyped else 'non'}**.",
        "",
        "| jeu | seuil | réponses sûres | justes | borne basse bootstrap | hors corpus sûres |",
        "|---|---|---|---|---|---|",
    ]
    for name, (_, scored) in sets.items():
        for bar in sorted({round(models.answer_at, 2), chosen, 0.6, 0.5}, reverse=True):
            sure, outside = at(bar, scored)
            lines.append(
                f"| {name} | {bar:.2f} | {len(sure)}/{sum(not r.out for r in scored)} | {sum(sure)} | "
                f"{precision_bound(sure):.3f} | {sum(outside)}/{len(outside)} |"
            )
    lines += [
        "",
        "| jeu | ce refus | avec réponse refusées | 95e centile bootstrap | hors corpus refusées |",
        "|---|---|---|---|---|",
    ]
    for name, (_, scored) in sets.items():
        for rule in (False, True):
            inside, outside = refused(scored, refuse_below, rule)
            lines.append(
                f"| {name} | {'oui' if rule else 'non'} | {sum(inside)}/{len(inside)} | "
                f"{refused_bound(inside):.3f} | {sum(outside)}/{len(outside)} |"
            )
    path = model_file(assistant.embedder.embedder_id, assistant.sentence_embedder.embedder_id)
    shipped = json.loads(path.read_text(encoding="utf-8"))
    shipped.setdefault("kinds", {})[KIND] = {"answer_at": chosen, "refuse_untyped": untyped}
    path.write_text(json.dumps(shipped, indent=1) + "\n", encoding="utf-8")
    lines += ["", f"Écrit dans `{path.relative_to(ROOT)}` (`kinds`)."]
    write(
        "sure-bar",
        lines,
        {"bar": chosen, "general_bar": models.answer_at, "refuse_untyped": untyped},
    )


if __name__ == "__main__":
    main()
