"""Does the presence model's refusal bar hold on a kind of text it was not chosen on — and does reading
its features relative to the corpus help? A study on the train and dev parts of PIAF (encyclopaedia)
and the CNIL's FAQ, each indexed alone, and the dev part of the real releases: the presence model is
fitted on one set's train questions (asked with and without their article, as training does), its
refusal bar chosen on that set's dev part (training's rule, `training.refusal_bar`), both applied to the
other set's dev part; then fitted on both sets, as shipped, with the lower of their bars, and read on
the real releases too — the domain, where a reading that transfers between the two sets may still
refuse the releases' answerable questions (the corpus's look-alike level did, 24th session).

Three readings of the presence features (`features.PRESENCE_FEATURES`):
- "brutes": as the shipped model reads them;
- "relatives au corpus": each feature replaced by its rank among those of *probes* — questions the
  corpus itself supplies, with no question written by anyone: the opening words of a sentence drawn at
  random, asked with every document of its title hidden (a probe the corpus no longer answers, like a
  question whose article is left out). A feature then says how far the question stands above what the
  corpus gives a question it does not answer, whatever the corpus's own scale.

- "relatives, forme brute": the same, except the features that describe the question itself rather
  than what the corpus gives it (`SHAPE`), read as they are: a probe is no question.

Two kinds of refusal bar: the presence probability chosen on the source ("fixe"), and the share of the
corpus's own probes it refuses ("quantile des sondes": the source's bar read as the share of its probes
under it, applied to the target's probes) — a bar that says "refuse what looks like a question this
corpus does not answer" in the corpus's own terms.

A fourth corpus tells a mix of kinds from either: PIAF and the CNIL indexed together, both dev parts
asked (as a corpus of official pages among encyclopaedic ones would be met).

CRPA and DILA, the kinds of text kept for testing only, are never read here; test parts neither.

    python eval/study_presence_transfer.py [DATA_DIR] [--probes N]

Writes eval/reports/bench-presence-transfer.md (and .json).
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from benchlib import data_dir_or_exit, joint_index, scratch, write
from sklearn.metrics import roc_auc_score

from ti_assistant.answer.engine import Assistant
from ti_assistant.answer.features import PRESENCE_FEATURES
from ti_assistant.config import Settings
from ti_assistant.evaluation import datasets
from ti_assistant.evaluation.cli import scratch as scratch_settings
from ti_assistant.evaluation.outside import Outside
from ti_assistant.evaluation.training import equal_weights, fit_trees, refusal_bar, split_by_article
from ti_assistant.ingest.pipeline import ingest
from ti_assistant.store.retrieval import Filters
from ti_assistant.text.french import sentence_spans

SETS = ("piaf", "cnil")
PROBES = 300  # sentences drawn for probes (those whose neighbours make no crowd are not kept)
PROBE_WORDS = 12  # a probe: the opening words of a sentence…
PROBE_MIN_WORDS = 8  # …of at least this many words
READINGS = ("brutes", "relatives au corpus", "relatives, forme brute")
BARS = ("fixe", "quantile des sondes")
# What a question is rather than what the corpus gives it (`features.QUESTION_FEATURES`): words the
# corpus does not know, a counted thing it does not name, a type asked and found near the topic, a type
# asked, the number of terms. A probe asks no type and has twelve words: ranked among probes, these say
# how the question is written, not whether the corpus answers it.
SHAPE = ("unknown_terms", "uncounted", "typed_on_topic", "asks_type", "log_terms")


@dataclass
class Rows:
    """One corpus's presence features: its questions' (part, answerable, features) and its probes'."""

    questions: list[tuple[str, bool, np.ndarray]]
    probes: np.ndarray


def features_of(assistant: Assistant, question: str, filters: Filters | None = None) -> np.ndarray | None:
    """The presence features of a question, when the presence model would read them (`Models.reads_presence`)."""
    _, analysis = assistant.ask_with_analysis(question, filters=filters)
    features = analysis.features
    if not features or not assistant.models.reads_presence(features):
        return None
    return np.array([features[name] for name in PRESENCE_FEATURES])


def probes(
    assistant: Assistant, texts: dict[str, str], count: int, seed: int = 0
) -> list[tuple[str, Filters]]:
    """`count` probes: the opening of a sentence drawn among all those of the corpus (a corpus of twenty
    releases gives as many as a large one), with every document of its document's title hidden."""
    docs = assistant.index.snapshot()[0]
    pool = [
        (doc_id, sentence)
        for doc_id in sorted(docs)
        for sentence in (texts.get(doc_id, "")[a:b] for a, b in sentence_spans(texts.get(doc_id, "")))
        if len(sentence.split()) >= PROBE_MIN_WORDS
    ]
    found = []
    for doc_id, sentence in random.Random(seed).sample(pool, min(count, len(pool))):
        title = docs[doc_id].title
        hidden = frozenset(d for d, record in docs.items() if record.title == title)
        found.append((" ".join(sentence.split()[:PROBE_WORDS]), Filters(exclude=hidden)))
    return found


def relative(values: np.ndarray, probes: np.ndarray, kept: tuple[int, ...] = ()) -> np.ndarray:
    """Each feature of each row as the share of probes whose same feature is lower or equal; the
    columns `kept` as they are."""
    ranked = np.sort(probes, axis=0)
    return np.stack(
        [
            values[:, j]
            if j in kept
            else np.searchsorted(ranked[:, j], values[:, j], side="right") / len(ranked)
            for j in range(values.shape[1])
        ],
        axis=1,
    )


def read(values: np.ndarray, probes: np.ndarray, reading: str) -> np.ndarray:
    """Rows of presence features as `reading` reads them (`READINGS`)."""
    if reading == READINGS[0]:
        return values
    kept = tuple(PRESENCE_FEATURES.index(name) for name in SHAPE) if reading == READINGS[2] else ()
    return relative(values, probes, kept)


def asked_rows(assistant: Assistant, parts: dict[str, list[Any]], probe_count: int) -> Rows:
    """The presence features of each part's single questions — answerable ones as asked and with their
    answer hidden (`Outside`), written traps as asked — and of `probe_count` probes of the corpus."""
    hiding = Outside.of(assistant)
    rows = []
    for name, asked in parts.items():
        for q in asked:
            trap = q.is_trap or q.kind == "hors corpus"
            if q.conversation or not (trap or q.spans or q.support):
                continue  # a conversation's turns mean nothing asked alone (as `eval/tune_sure_bar.py`)
            tries = [(False, None)] if trap else [(True, None), (False, hiding.filters(q))]
            for answerable, filters in tries:
                if filters is None or hiding.leaves_some(q):
                    found = features_of(assistant, q.question, filters)
                    if found is not None:
                        rows.append((name, answerable, found))
    texts = datasets.documents(assistant.settings.corpus_dir)
    seen = [features_of(assistant, text, filters) for text, filters in probes(assistant, texts, probe_count)]
    return Rows(rows, np.array([f for f in seen if f is not None]))


def squad_rows(data: Path, names: tuple[str, ...], wanted: tuple[str, ...], probe_count: int) -> Rows:
    """SQuAD sets indexed together (one alone, as `ti-assistant eval` indexes it, or a mix of kinds),
    the `wanted` parts of each asked."""
    work = scratch(f"ti-presence-{'-'.join(names)}-")
    parts: dict[str, list[Any]] = {name: [] for name in wanted}
    for name in names:
        questions = datasets.materialize_squad(datasets.squad_path(data, name), name, work / "corpus")
        split = split_by_article(questions)
        for which in wanted:
            parts[which] += split[which]
    settings = scratch_settings(
        Settings.from_env(), corpus_dir=work / "corpus", index_dir=work / "index", corpus_kind="autres"
    )
    ingest(settings)
    return asked_rows(Assistant(settings), parts, probe_count)


def releases_rows(data: Path, probe_count: int) -> Rows:
    """The real releases' dev part, asked over them and the shipped release indexed together
    (`benchlib.joint_index`, as `eval/tune_sure_bar.py` asks it)."""
    assistant, questions = joint_index(data, corpus_kind="autres")
    split = json.loads(datasets.FROZEN.read_text(encoding="utf-8"))["releases-test"]
    return asked_rows(assistant, {"dev": datasets.releases_parts(questions, split)["dev"]}, probe_count)


def part(rows: Rows, which: str, reading: str) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([f for p, _, f in rows.questions if p == which])
    y = np.array([a for p, a, _ in rows.questions if p == which], dtype=int)
    return read(x, rows.probes, reading), y


def fitted(sources: list[Rows], reading: str) -> Any:
    """The presence model fitted on the sources' train parts, each source weighing the same."""
    parts = [part(rows, "train", reading) for rows in sources]
    sets = [str(i) for i, (_, labels) in enumerate(parts) for _ in labels]
    return fit_trees(
        np.concatenate([x for x, _ in parts]),
        np.concatenate([labels for _, labels in parts]),
        PRESENCE_FEATURES,
        equal_weights(sets),
    )


def probabilities(model: Any, x: np.ndarray) -> np.ndarray:
    """The presence model's probability for each row of features."""
    return np.array(model.probabilities([dict(zip(PRESENCE_FEATURES, r, strict=True)) for r in x]))


def probe_scores(model: Any, rows: Rows, reading: str) -> np.ndarray:
    """The presence model's probability for each of the corpus's probes."""
    return probabilities(model, read(rows.probes, rows.probes, reading))


def judged(
    model: Any, rows: Rows, reading: str, bar: float | None = None, share: float | None = None
) -> dict[str, float]:
    """The dev part read by the model: AUC, the refusal bar — the one given, or the one that refuses
    `share` of the corpus's probes, or the one its answerable questions allow (training's rule,
    `refusal_bar`) —, the share of the probes it refuses, and the shares of questions refused."""
    x, y = part(rows, "dev", reading)
    scores, probed = probabilities(model, x), probe_scores(model, rows, reading)
    if share is not None:
        bar = float(np.quantile(probed, share))  # the bar that refuses this share of the probes
    elif bar is None:
        bar = refusal_bar(list(scores[y == 1]))
    return {
        "bar": bar,
        "probes_refused": float(np.mean(probed < bar)),
        "auc": float(roc_auc_score(y, scores)),
        "out_refused": float(np.mean(scores[y == 0] < bar)),
        "answerable_refused": float(np.mean(scores[y == 1] < bar)),
        "out": int(np.sum(y == 0)),
        "answerable": int(np.sum(y == 1)),
    }


def main() -> None:
    probe_count = PROBES
    if "--probes" in sys.argv:
        at = sys.argv.index("--probes")
        probe_count = int(sys.argv[at + 1])
        del sys.argv[at : at + 2]
    data = data_dir_or_exit(sys.argv)
    rows = {name: squad_rows(data, (name,), ("train", "dev"), probe_count) for name in SETS}
    rows["piaf + cnil ensemble"] = squad_rows(data, SETS, ("dev",), probe_count)  # both kinds mixed
    rows["releases"] = releases_rows(data, probe_count)
    both = " + ".join(SETS)
    results: list[dict[str, Any]] = []

    def add(reading: str, learnt: str, chosen: str, on: str, kind: str, found: dict[str, float]) -> None:
        results.append(
            {"lecture": reading, "appris sur": learnt, "seuil de": chosen, "lu sur": on, "seuil": kind}
            | found
        )

    for reading in READINGS:
        # one kind learnt, its bar applied to the other: as a probability, then as a share of probes
        for source, target in ((SETS[0], SETS[1]), (SETS[1], SETS[0])):
            model = fitted([rows[source]], reading)
            own = judged(model, rows[source], reading)
            add(reading, source, source, source, BARS[0], own)
            add(reading, source, source, target, BARS[0], judged(model, rows[target], reading, own["bar"]))
            share = own["probes_refused"]
            add(reading, source, source, target, BARS[1], judged(model, rows[target], reading, share=share))
        # both learnt, as shipped: the general bar (the lower of the two sets'), read on the joint corpus
        # and the releases; as a share of probes, the lower of the two sets' shares
        model = fitted([rows[name] for name in SETS], reading)
        owns = [judged(model, rows[name], reading) for name in SETS]
        bar = min(own["bar"] for own in owns)
        share = min(own["probes_refused"] for own in owns)
        for name in rows:
            add(reading, both, both, name, BARS[0], judged(model, rows[name], reading, bar))
            add(reading, both, both, name, BARS[1], judged(model, rows[name], reading, share=share))
        # each mixed or new corpus's own bar, as a kind of text with dev questions gets one
        for name in ("piaf + cnil ensemble", "releases"):
            add(reading, both, name, name, BARS[0], judged(model, rows[name], reading))
    lines = [
        "Modèle de présence appris sur la partie train d'un jeu (ou des deux, comme livré), seuil de refus "
        "choisi sur la partie dev (≤ 15 % des questions avec réponse refusées, 95e centile bootstrap ; "
        "des deux jeux : le plus bas), lu sur la partie dev d'un jeu — fixe (une probabilité), ou comme "
        "la part des sondes du corpus qu'il refuse (quantile des sondes, reporté sur les sondes du corpus "
        "lu). PIAF et la CNIL indexés chacun seul, puis ensemble ; les communiqués réels avec le "
        "communiqué livré ; seules les questions où le modèle de présence est lu (une foule de voisins). "
        f"Sondes gardées : {', '.join(f'{n} {len(r.probes)}' for n, r in rows.items())} "
        f"sur {probe_count} (début de {PROBE_WORDS} mots d'une phrase tirée au hasard, documents de même "
        "titre cachés).",
        "",
        "| lecture | appris sur | seuil de | lu sur | seuil | valeur | sondes refusées | AUC "
        "| hors corpus refusées | avec réponse refusées |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['lecture']} | {r['appris sur']} | {r['seuil de']} | {r['lu sur']} | {r['seuil']} "
            f"| {r['bar']:.3f} | {r['probes_refused']:.1%} | {r['auc']:.3f} | {r['out_refused']:.1%} "
            f"({r['out']}) | {r['answerable_refused']:.1%} ({r['answerable']}) |"
        )
    write(
        "presence-transfer",
        lines,
        {"probes": {n: len(r.probes) for n, r in rows.items()}, "results": results},
    )


if __name__ == "__main__":
    main()
