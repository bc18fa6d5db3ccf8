"""The sure-answer bar and the refusal rule for official releases, chosen on the domain's own dev material: the real releases'
dev part (../shared/data/releases, their questions left out of retrieval too, and the unanswerable ones)
and the project's dev questions on the shipped release, both sets asked over all these releases indexed
together, so that a question whose release is left out still faces the others. The bar training chooses on PIAF and the CNIL's
FAQ holds there; on releases the confidence model ranks better and that bar leaves most right answers
"uncertain" — so the releases get their own bar, chosen by the same kind of rule with the issue's 90 %:
the lowest bar at which the bootstrap 5th percentile of the share of sure answers that are right, both
sets pooled, is ≥ 90 %, each set keeps ≥ 90 % of its sure answers right and at most 5 % of its
out-of-corpus questions answered with assurance, by its bootstrap 95th percentile (training's rule for
the general bar, `training.meets_floors`), and, both sets pooled, by its exact 95 % bound, which a count of
zero does not make vanish (`training.exact_share_bound`), with one more sure than counted (`holds`). A bound per set
was the first rule: with ~45 answerable questions a set, one wrong answer decided it — the bar went
0.68 → 0.88 between two trainings as one answer's confidence moved, leaving 7 of 43 sure. An answer a
rule demotes (it lacks what the question asks for) is not counted as sure, nor one the engine refuses
whatever its confidence (a question about a year no passage speaks of: `Asked.probability`). First the
general confidence is re-read on these questions (a logistic line over the log-odds of its two readings,
trees and linear: the trees rank PIAF's and the CNIL's answers better, the line the releases'); the
refusal bar is the one training chose for each reading weighed, re-read through that calibration. A
question the presence model refuses (`Models.absent`: nothing read plausibly answers) is refused here
too, whatever its confidence, and never sure.

The refusal rules (`confidence.REFUSALS`: refusing, rather than hedging, a question asking for a date,
a figure, a sum or a contact that no sentence near the best holds; one asking who, where or "quel est le
X de …" when no passage read holds anything of what it asks) are switched on in their order, each on top
of those before, when, in each set, the bootstrap 95th percentile of the share of answerable questions
refused stays ≤ 15 % with it — the rule training applies to the refusal bar (`training.refusal_bar`) —
and when, over the sets together, it refuses more out-of-corpus questions than answerable ones
(`earns_its_place`).
On PIAF's dev part the first, applied to every typed question, refused 19.5 % of the answerable
questions (16.7 % without), the second 19.7 % (15.8 % without), so other texts keep them off.

    python eval/tune_sure_bar.py [DATA_DIR]

Writes both into the shipped models (`kinds`, kind "communiques", read when TI_CORPUS_KIND is
"communiques", or "auto", the default, and the corpus looks like releases: `CorpusProfile.kind`) and eval/reports/bench-sure-bar.md. Rerun after `ti-assistant train`.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace

import numpy as np
from benchlib import ROOT, data_dir_or_exit, joint_index, write

from ti_assistant.answer.confidence import (
    CALIBRATION_FEATURES,
    REFUSALS,
    KindRules,
    LinearModel,
    model_file,
)
from ti_assistant.answer.corpus import RELEASES
from ti_assistant.answer.engine import Assistant
from ti_assistant.answer.extractive import demoted, refusal_reasons
from ti_assistant.evaluation import datasets
from ti_assistant.evaluation.outside import Outside
from ti_assistant.evaluation.training import (
    LOO_CONFIDENT_MAX,
    REFUSED_ANSWERABLE_MAX,
    ask_all,
    exact_share_bound,
    fit,
    meets_floors,
    precision_bound,
    share_bound,
)

KIND = RELEASES
PRECISION_BOUND = 0.90  # sure answers right: bootstrap 5th percentile (sets pooled) and share in each set


@dataclass(frozen=True)
class Row:
    p: float  # the confidence model's probability (0 when refused whatever it is: `Asked.probability`)
    readings: dict[str, float]  # the log-odds of its readings (`Models.readings`; empty when refused so)
    demoted: bool  # a rule keeps it from being sure (it lacks what was asked: `extractive.demoted`)
    reasons: frozenset[str]  # the refusal rules that would refuse it (`extractive.refusal_reasons`)
    out: bool  # out of corpus
    right: bool
    # the presence model refuses it (`Models.absent`); None where it is not read, the confidence's
    # refusal bar deciding instead (`Models.status`)
    absent: bool | None = None

    def sure(self, bar: float) -> bool:
        return self.p >= bar and not self.demoted and not self.absent


BARS = [round(0.30 + 0.01 * i, 2) for i in range(71)]  # 0.30 … 1.00


def rows(assistant: Assistant, questions: list[datasets.EvalQuestion]) -> list[Row]:
    """Every single question of a dev set, asked with its release indexed, and (answerable ones) with
    it left out when other releases remain."""
    outside = Outside.of(assistant)
    single = [q for q in questions if not q.conversation]
    asked = ask_all(assistant, single, outside, False)
    # A twin that leaves nothing visible (a one-release corpus) is refused without being read: counted,
    # it would let the written traps be sure more often than the 5 % allowed.
    twins = [q for q in single if q.doc_ids and not q.is_trap and outside.leaves_some(q)]
    asked += ask_all(assistant, twins, outside, True)
    out = []
    for a in asked:
        features = a.analysis.features
        flags = a.analysis.flags
        reasons = (
            refusal_reasons(features, flags, a.analysis.question.wants_form) if features else frozenset()
        )
        p = a.probability(assistant.models)
        out.append(
            Row(
                p,
                assistant.models.readings(features) if p > 0 else {},
                demoted(features, flags),
                reasons,
                a.left_out or a.question.is_trap,
                a.correct,
                a.absent(assistant.models) if assistant.models.reads_presence(features) else None,
            )
        )
    return out


def calibrate(scored: list[Row], names: tuple[str, ...]) -> LinearModel:
    """The general confidence re-read on these questions: a logistic line over the log-odds of its
    readings, whose label is "answered right" (an out-of-corpus question never is). Only answers that
    may be sure are read: a demoted one reports at most the bar's edge whatever its probability, and one
    the engine refuses whatever its confidence (probability 0) has nothing to say about it."""
    kept = [r for r in scored if r.readings and not r.demoted and not r.absent]
    logits = np.array([[r.readings[name] for name in names] for r in kept])
    return fit(logits, np.array([r.right and not r.out for r in kept], dtype=int), names)


def at(bar: float, scored: list[Row]) -> tuple[list[bool], list[bool]]:
    """Whether each sure answer is right, and whether each out-of-corpus question is answered sure."""
    return [r.right for r in scored if r.sure(bar) and not r.out], [r.sure(bar) for r in scored if r.out]


def holds(bar: float, sets: list[list[Row]]) -> bool:
    """The rule `training.choose_sure_bar` applies, at 90 %: the bootstrap bound over the sets pooled,
    and each set's floors (`training.meets_floors`); and, the sets pooled, the exact bound of the share
    of out-of-corpus questions answered with assurance ≤ 5 % (`training.exact_share_bound`: the
    bootstrap's is 0 whenever none is sure on dev, and the own test part had 3 of 12 sure where its dev
    part had 0 of 18) — with one more of them sure than counted. Without that margin the bar slid to
    wherever exactly the tolerated count was sure, so mending the single best-rated out-of-corpus question
    lowered it (2026-12-04: 0.62 -> 0.46 for one question demoted). With 117 out-of-corpus questions,
    none may be sure."""
    measured = [at(bar, scored) for scored in sets]
    pooled = [right for sure, _ in measured for right in sure]
    outside = [flag for _, flags in measured for flag in flags]
    return (
        precision_bound(pooled) >= PRECISION_BOUND
        and exact_share_bound([*outside, True]) <= LOO_CONFIDENT_MAX
        and all(meets_floors(sure, out, floor=PRECISION_BOUND) for sure, out in measured)
    )


def refused(scored: list[Row], refuse_below: float, rules: frozenset[str]) -> tuple[list[bool], list[bool]]:
    """Whether each answerable, and each out-of-corpus, question is refused with these refusal rules."""
    verdicts = [
        (r.out, (r.p < refuse_below if r.absent is None else r.absent) or bool(r.reasons & rules))
        for r in scored
    ]
    return [v for out, v in verdicts if not out], [v for out, v in verdicts if out]


def earns_its_place(
    sets: list[list[Row]], refuse_below: float, before: frozenset[str], after: frozenset[str]
) -> bool:
    """A refusal rule is kept when, on top of the rules kept `before` it, it refuses more out-of-corpus
    than answerable questions over the sets together, and each set's answerable questions refused stay
    within `REFUSED_ANSWERABLE_MAX` (bootstrap 95th percentile). The bound alone let through a rule
    that refused as many answerable questions as out-of-corpus ones (refusing "combien de X" when no
    release uses the word X: 2 and 2 on the dev parts, 2026-12-05)."""
    gained = lost = 0
    within = True
    for scored in sets:
        answerable_before, out_before = refused(scored, refuse_below, before)
        answerable_after, out_after = refused(scored, refuse_below, after)
        gained += sum(out_after) - sum(out_before)
        lost += sum(answerable_after) - sum(answerable_before)
        within = within and share_bound(answerable_after) <= REFUSED_ANSWERABLE_MAX
    return gained > lost and within


KIND_LINE = "- pour des communiqués"  # the data card's line about this kind's rules
READINGS = {
    "logit": "le logit des arbres de la confiance",
    "logit_line": "le logit de la lecture linéaire de la confiance",
}


def with_kind_line(
    card: str, bar: float, refuse_below: float, rules: frozenset[str], weighed: tuple[str, ...]
) -> str:
    """The data card with its line on the releases' rules (after the general bar's), written anew."""
    line = (
        f"{KIND_LINE} (`TI_CORPUS_KIND=communiques`, ou `auto`, le défaut, quand la moitié des documents "
        "sont datés ou signés) : la probabilité est recalibrée sur les parties dev des communiqués réels et "
        "du communiqué livré, indexés ensemble (une question dont le communiqué est retiré fait face aux "
        f"autres), par une droite logistique sur {' et '.join(READINGS[name] for name in weighed)} ; "
        f"la réponse est sûre à partir de {bar:.2f} et refusée en dessous de {refuse_below:.3f} "
        "(le seuil de refus de l'entraînement relu par cette calibration), choisis après l'entraînement par `eval/tune_sure_bar.py` (borne basse bootstrap ≥ 90 % "
        "sur les deux jeux réunis, ≥ 90 % de réponses sûres justes et ≤ 5 % de questions hors corpus sûres, "
        "95e centile bootstrap, dans chacun, et borne exacte à 95 % sur les deux réunis, avec une question "
        "hors corpus sûre de plus que comptée ; [rapport](../../../../eval/reports/bench-sure-bar.md))"
        + (
            " ; le même script y active le refus d'une "
            + " et d'une ".join(text for name, text in REFUSALS.items() if name in rules)
            + " (95e centile bootstrap des questions avec réponse refusées ≤ 15 % dans chacun) ;"
            if rules
            else " ;"
        )
    )
    kept = [row for row in card.splitlines() if not row.startswith(KIND_LINE)]
    at = next(i for i, row in enumerate(kept) if row.startswith("- réponse donnée comme sûre")) + 1
    return "\n".join([*kept[:at], line, *kept[at:]]) + "\n"


def main() -> None:
    data = data_dir_or_exit(sys.argv)
    split = json.loads((ROOT / datasets.FROZEN).read_text(encoding="utf-8"))["releases-test"]

    assistant, released = joint_index(data, corpus_kind="autres")
    raw = {
        "communiqués réels, dev": rows(assistant, datasets.releases_parts(released, split)["dev"]),
        "communiqué livré, dev": rows(assistant, datasets.own_parts(ROOT / datasets.OWN)["dev"]),
    }
    models = assistant.models
    # Which readings the calibration weighs: those that give these sets the most sure answers at the
    # bar they allow (ties: the first tried). 2026-12-03: the line alone 67 of 89, both 63-65 (the trees'
    # noise lifted one out-of-corpus question over the bar), the trees alone 44-48 (two trainings).
    present = next(r for scored in raw.values() for r in scored if r.readings).readings
    weighed: list[tuple[int, int, tuple[str, ...], LinearModel, dict[str, list[Row]], float]] = []
    for names in (CALIBRATION_FEATURES, *((name,) for name in CALIBRATION_FEATURES)):
        if all(name in present for name in names):
            calibration = calibrate([r for scored in raw.values() for r in scored], names)
            sets = {
                name: [replace(r, p=calibration.probability(r.readings)) if r.readings else r for r in scored]
                for name, scored in raw.items()
            }
            bar = next((bar for bar in BARS if holds(bar, list(sets.values()))), 1.0)
            sure = sum(r.sure(bar) and not r.out for scored in sets.values() for r in scored)
            weighed.append((sure, -len(weighed), names, calibration, sets, bar))
    _, _, _, calibration, sets, chosen = max(weighed, key=lambda w: w[:2])
    # The refusal bar: training's, of each reading the calibration weighs, re-read through it (training's
    # rule on these sets gave 0.32: one answerable question of the shipped release refused, and not one
    # out-of-corpus question more on dev). Then the refusal rules, each on top of those kept.
    refuse_below = min(chosen, calibration.probability(models.refusal_readings()))
    rules: frozenset[str] = frozenset()
    tried = [rules]  # the rules on, as each is weighed on top of those kept before it
    for name in REFUSALS:
        tried.append(rules | {name})
        if earns_its_place(list(sets.values()), refuse_below, rules, tried[-1]):
            rules = tried[-1]
    lines = [
        f"Seuil de réponse sûre des communiqués : **{chosen:.2f}**, sur la probabilité recalibrée sur ces "
        f"communiqués (autres textes : {models.answer_at:.3f} sur la probabilité générale, choisi par "
        f"l'entraînement sur PIAF et la CNIL) ; refus en dessous de **{refuse_below:.3f}** (autres textes : "
        f"{models.refuse_below:.3f}).",
        "Lectures pesées par la calibration, et réponses sûres des deux jeux au seuil qu'elles permettent : "
        + " ; ".join(
            f"{' + '.join(names)} : {sure} (seuil {bar:.2f})" for sure, _, names, _, _, bar in weighed
        )
        + ".",
        "Calibration retenue (droite logistique, variables centrées réduites) : "
        + ", ".join(
            f"{name} {w:+.2f}" for name, w in zip(calibration.features, calibration.weights, strict=True)
        )
        + f", constante {calibration.bias:+.2f} (logit : arbres de la confiance ; logit_line : sa lecture linéaire).",
        *[
            f"Refus d'une {text} : **{'oui' if name in rules else 'non'}**."
            for name, text in REFUSALS.items()
        ],
        "",
        "| jeu | seuil | réponses sûres | justes | borne basse bootstrap | hors corpus sûres |",
        "|---|---|---|---|---|---|",
    ]
    for name, scored in sets.items():
        for bar in sorted({0.95, chosen, 0.9, 0.8, 0.7}, reverse=True):
            right, outside = at(bar, scored)
            lines.append(
                f"| {name} | {bar:.2f} | {len(right)}/{sum(not r.out for r in scored)} | {sum(right)} | "
                f"{precision_bound(right):.3f} | {sum(outside)}/{len(outside)} |"
            )
    outside = [flag for scored in sets.values() for flag in at(chosen, scored)[1]]
    lines += [
        "",
        f"Hors corpus sûres au seuil choisi, les deux jeux réunis : {sum(outside)}/{len(outside)}, borne "
        f"exacte (Clopper-Pearson) à 95 % : {exact_share_bound(outside):.3f}, avec une de plus : "
        f"{exact_share_bound([*outside, True]):.3f} (≤ 0.05 exigé).",
    ]
    lines += [
        "",
        "| jeu | règles de refus | avec réponse refusées | 95e centile bootstrap | hors corpus refusées |",
        "|---|---|---|---|---|",
    ]
    for name, scored in sets.items():
        for on in tried:
            inside, outside = refused(scored, refuse_below, on)
            lines.append(
                f"| {name} | {', '.join(n for n in REFUSALS if n in on) or 'aucune'} | "
                f"{sum(inside)}/{len(inside)} | {share_bound(inside):.3f} | {sum(outside)}/{len(outside)} |"
            )
    lines += [
        "",
        "Calibration : la confiance générale (apprise sur PIAF et la CNIL) relue sur ces questions, "
        "hors corpus compris, celles qu'une règle n'empêche pas d'être sûres ; par tranche de probabilité "
        "calibrée, la part de réponses justes parmi elles.",
        "",
        "| probabilité calibrée | questions | justes |",
        "|---|---|---|",
    ]
    everything = [r for scored in sets.values() for r in scored if r.p > 0 and not r.demoted and not r.absent]
    for low, high in ((0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 0.8), (0.8, 1.01)):
        inside = [r.right and not r.out for r in everything if low <= r.p < high]
        share = f"{sum(inside) / len(inside):.0%}" if inside else "—"
        lines.append(f"| {low:.1f} – {min(high, 1.0):.1f} | {len(inside)} | {share} |")
    path = model_file(assistant.embedder.embedder_id, assistant.sentence_embedder.embedder_id)
    shipped = json.loads(path.read_text(encoding="utf-8"))
    shipped.setdefault("kinds", {})[KIND] = KindRules(chosen, refuse_below, rules, calibration).to_json()
    path.write_text(json.dumps(shipped, indent=1) + "\n", encoding="utf-8")
    card = path.with_suffix(".md")
    card.write_text(
        with_kind_line(card.read_text(encoding="utf-8"), chosen, refuse_below, rules, calibration.features),
        encoding="utf-8",
    )
    lines += ["", f"Écrit dans `{path.relative_to(ROOT)}` (`kinds`) et sa fiche."]
    write(
        "sure-bar",
        lines,
        {
            "bar": chosen,
            "refuse_below": refuse_below,
            "general_bar": models.answer_at,
            "refusals": sorted(rules),
        },
    )


if __name__ == "__main__":
    main()
