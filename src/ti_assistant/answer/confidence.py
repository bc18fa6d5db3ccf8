"""Learned scores for extractive answers: which sentence answers (sentence model), and how likely the
composed answer is right (confidence model), with the two thresholds that turn that probability into
one of three outcomes — answer, uncertain, refused.

Both read a few features (`answer/features.py`) and are trained by `ti-assistant train` on the PIAF and
CNIL training parts with leave-one-out negatives, thresholds chosen on their dev parts (see the data card
beside each model in `answer/model/`, one per retrieval embedder). Both are logistic regressions for USE,
and boosted trees for mE5: which sentence answers, and how likely the answer is right, depend on the
kind of text in ways a single line does not follow (on the CNIL's FAQ the logistic regression picked the
answer sentence first 51% of the time, the trees 68%, cross-validated on train; for the confidence, see
`training.train`), with a linear reading beside each. USE's file predates the trees: `ti-assistant
train` would write trees too.
Inference is a dot product or a few array lookups: no learning library is needed at run time.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from ti_assistant.answer.features import CROWD

MODEL_DIR = Path(__file__).with_name("model")
DEFAULT_MODEL = "use-multilingual-v3"  # the models read for an embedder nobody trained them on

ANSWER, UNCERTAIN, REFUSED = "answer", "uncertain", "refused"


@dataclass(frozen=True)
class LinearModel:
    """p = sigmoid(bias + Σ weight · (x − mean) / scale), over named features."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    scales: tuple[float, ...]

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias + sum(
            w * (values[name] - m) / s
            for name, w, m, s in zip(self.features, self.weights, self.means, self.scales, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def probabilities(self, rows: list[dict[str, float]]) -> list[float]:
        return [self.probability(row) for row in rows]

    def importances(self) -> list[tuple[str, float]]:
        """Features by the size of their (standardised) weight."""
        return sorted(zip(self.features, self.weights, strict=True), key=lambda kv: -abs(kv[1]))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "weights": [round(w, 6) for w in self.weights],
            "bias": round(self.bias, 6),
            "means": [round(m, 6) for m in self.means],
            "scales": [round(s, 6) for s in self.scales],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LinearModel:
        return cls(
            tuple(data["features"]),
            tuple(float(w) for w in data["weights"]),
            float(data["bias"]),
            tuple(float(m) for m in data["means"]),
            tuple(float(s) for s in data["scales"]),
        )


@dataclass(frozen=True, eq=False)
class TreeModel:
    """p = sigmoid(bias + Σ leaf of each tree), gradient-boosted regression trees of one depth.

    Each tree is stored complete, breadth first: 2^depth − 1 splits (feature index, threshold: left when
    the value is ≤ the threshold) and 2^depth leaves. A branch that ends early is padded with splits that
    always go left (threshold +inf) down to leaves that repeat its value, so that every row walks the same
    number of steps and all trees are walked at once.
    """

    features: tuple[str, ...]
    depth: int
    bias: float
    splits: np.ndarray  # (trees, 2^depth − 1) feature indices
    thresholds: np.ndarray  # (trees, 2^depth − 1)
    leaves: np.ndarray  # (trees, 2^depth), learning rate included
    weights: tuple[float, ...]  # each feature's share of the trees' gain (what the data card shows)

    def probabilities(self, rows: list[dict[str, float]]) -> list[float]:
        if not rows:
            return []
        x = np.array([[row[name] for name in self.features] for row in rows], dtype=np.float64)
        trees, splits = self.splits.shape
        # every lookup a `take` on a flat array: 2.6 times faster than 2-D indexing (12 rows, 2000 trees)
        row_at = np.arange(len(rows))[:, None] * x.shape[1]
        # after `depth` steps a node is numbered past the splits: its leaf is node − splits (2^depth − 1)
        split_at, leaf_at = np.arange(trees) * splits, np.arange(trees) * self.leaves.shape[1] - splits
        node = np.zeros((len(rows), trees), dtype=np.int64)
        for _ in range(self.depth):
            at = split_at + node
            node = 2 * node + 1 + (x.take(self.splits.take(at) + row_at) > self.thresholds.take(at))
        z = self.bias + self.leaves.take(leaf_at + node).sum(axis=1)
        return [float(p) for p in 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))]

    def probability(self, values: dict[str, float]) -> float:
        return self.probabilities([values])[0]

    def importances(self) -> list[tuple[str, float]]:
        return sorted(zip(self.features, self.weights, strict=True), key=lambda kv: -kv[1])

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "depth": self.depth,
            "bias": round(self.bias, 6),
            "splits": self.splits.tolist(),
            "thresholds": [
                [t if math.isfinite(t) else None for t in row] for row in self.thresholds.tolist()
            ],
            "leaves": np.round(self.leaves, 6).tolist(),
            "weights": [round(w, 4) for w in self.weights],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TreeModel:
        return cls(
            tuple(data["features"]),
            int(data["depth"]),
            float(data["bias"]),
            np.array(data["splits"], dtype=np.int64),
            np.array([[math.inf if t is None else t for t in row] for row in data["thresholds"]]),
            np.array(data["leaves"], dtype=np.float64),
            tuple(float(w) for w in data["weights"]),
        )


LearnedModel = LinearModel | TreeModel


def model_from_json(data: dict[str, Any]) -> LearnedModel:
    return TreeModel.from_json(data) if "leaves" in data else LinearModel.from_json(data)


# What a kind's calibration reads: the log-odds of the confidence model's probability, and of its
# linear reading (`Models.confidence_check`) when it has one.
CALIBRATION_FEATURES = ("logit", "logit_line")

# Rules that refuse, rather than hedge, a question no passage plausibly answers (`extractive.outcome`
# applies them; otherwise such a question is only kept from being sure). Each is switched on per kind
# of text when, on its dev parts, it refuses few answerable questions (`eval/tune_sure_bar.py`), in
# this order, each on top of the ones before. Name -> what it refuses, as the data cards say it
# (after "le refus d'une").
UNTYPED = "untyped"
UNSAID = "unsaid"
REFUSALS = {
    UNTYPED: "question qui demande une date, un chiffre, un montant ou un contact sans phrase proche "
    "de la meilleure qui en contienne",
    UNSAID: "question qui demande qui, où ou « quel est le X de … » quand aucun passage lu n'en dit rien",
}


@dataclass(frozen=True)
class KindRules:
    """What was chosen for one kind of text: its calibration, then its sure-answer and refusal bars (on
    the calibrated probability) and refusal rules."""

    answer_at: float
    refuse_below: float
    refusals: frozenset[str] = frozenset()  # among `REFUSALS`
    # The general confidence (fitted on PIAF and the CNIL's FAQ) re-read on this kind's own dev
    # questions: a logistic line over the log-odds of the readings it weighs, trees, linear or both
    # (`CALIBRATION_FEATURES`; None: read as is). The trees rank PIAF's and the CNIL's answers better,
    # the line the releases' (2026-12-03): the kind's own questions weigh them.
    calibration: LinearModel | None = None
    # The presence model's bar for this kind (None: the general one, `Models.absent_below`).
    absent_below: float | None = None

    def __post_init__(self) -> None:
        if not 0.0 <= self.refuse_below <= self.answer_at <= 1.0:
            raise ValueError(
                f"a kind's bars must read 0 <= refuse_below ({self.refuse_below}) <= answer_at "
                f"({self.answer_at}) <= 1"
            )
        if self.absent_below is not None and not 0.0 <= self.absent_below <= 1.0:
            raise ValueError(f"a kind's presence bar must lie in [0, 1], not {self.absent_below}")

    def to_json(self) -> dict[str, Any]:
        return {
            "answer_at": round(self.answer_at, 4),
            "refuse_below": round(self.refuse_below, 4),
            "refusals": sorted(self.refusals),
            **({"calibration": self.calibration.to_json()} if self.calibration else {}),
            **({"absent_below": round(self.absent_below, 4)} if self.absent_below is not None else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KindRules:
        calibration = data.get("calibration")
        return cls(
            float(data["answer_at"]),
            float(data["refuse_below"]),
            refusals_from_json(data),
            LinearModel.from_json(calibration) if calibration else None,
            float(data["absent_below"]) if "absent_below" in data else None,
        )


def refusals_from_json(data: dict[str, Any]) -> frozenset[str]:
    """The refusal rules a model file switches on; a name this version does not know is an error, not
    a rule silently dropped."""
    names = frozenset(data.get("refusals", ()))
    if names - REFUSALS.keys():
        raise ValueError(f"unknown refusal rules {sorted(names - REFUSALS.keys())}: known {list(REFUSALS)}")
    return names


def log_odds(p: float) -> float:
    """log(p / (1 − p)), with p kept off 0 and 1: what a kind's calibration reads."""
    p = min(1 - 1e-9, max(1e-9, p))
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class Models:
    sentence: LearnedModel
    confidence: LearnedModel
    answer_at: float  # confidence from which the answer is given as an answer
    refuse_below: float  # confidence under which nothing is shown
    second_quote_at: float  # sentence probability (share of the best) for a second quote
    typed_lead_at: float  # a sentence holding what was asked leads when its probability reaches this share
    contender_at: float  # an uncertain answer also quotes the sentences rated from this share of the best
    # An English question shares no words with the French text: its coverage is read from the cosine
    # similarity instead, as (similarity - floor) / span, the line that gives French questions'
    # candidate sentences the same mean and spread of both (training part).
    semantic_floor: float
    semantic_span: float
    # The refusal rules (`REFUSALS`) for other texts: none, as chosen on PIAF's dev part (its questions
    # say what they ask in other words than the text; each rule refused too many answerable ones).
    refusals: frozenset[str] = frozenset()
    # What was chosen on the dev parts of one kind of text (`eval/tune_sure_bar.py`): kind -> rules.
    # `answer_at` and the refusals above hold for other texts (chosen on PIAF and the CNIL's FAQ).
    kinds: tuple[tuple[str, KindRules], ...] = ()
    # A second, linear reading of the same sentence features when `sentence` is a ranker: the confidence
    # model reads its probabilities, not the trees' (None: the sentence model is linear, read itself).
    sentence_check: LinearModel | None = None
    calibration: LinearModel | None = None  # the kind's (`KindRules.calibration`), once `for_kind` chose it
    # A second, linear reading of the question features when `confidence` is trees: what a kind's
    # calibration may weigh with it (None: no second reading).
    confidence_check: LinearModel | None = None
    # Training's refusal bar read on that linear reading: what a kind's calibration re-reads as its own
    # refusal bar when it weighs the line (`eval/tune_sure_bar.py`).
    refuse_below_check: float = 0.0
    # Whether any passage read plausibly answers: the probability that the question's answer is in the
    # corpus at all (trained on questions asked with their article and without it), read with how the
    # dense candidates fall off from the best (`features.PRESENCE_FEATURES`). Under `absent_below` the
    # question is refused whatever the confidence says, and where it is read, it decides refusals in
    # place of `refuse_below`: the confidence tells a right answer from a wrong one, this tells "the
    # releases say it" from "they do not" (None: no such model).
    presence: LearnedModel | None = None
    absent_below: float = 0.0

    def _readings(self) -> list[tuple[str, LearnedModel, float]]:
        """Each reading of the confidence (`CALIBRATION_FEATURES`) these models have: its name, its
        model, and the refusal bar training chose on it."""
        found: list[tuple[str, LearnedModel, float]] = [("logit", self.confidence, self.refuse_below)]
        if self.confidence_check is not None:
            found.append(("logit_line", self.confidence_check, self.refuse_below_check))
        return found

    def readings(
        self, features: dict[str, float], wanted: tuple[str, ...] = CALIBRATION_FEATURES
    ) -> dict[str, float]:
        """The log-odds of the readings of the confidence that are `wanted`: the trees are not walked
        for a calibration that reads only the line."""
        return {
            name: log_odds(model.probability(features))
            for name, model, _ in self._readings()
            if name in wanted
        }

    def refusal_readings(self) -> dict[str, float]:
        """Training's refusal bar of each reading (`readings`), as log-odds: what a kind's calibration
        re-reads as that kind's refusal bar (`eval/tune_sure_bar.py`)."""
        return {name: log_odds(bar) for name, _, bar in self._readings()}

    def probability(self, features: dict[str, float]) -> float:
        """How likely the composed answer is right: the confidence model, calibrated for the kind of text."""
        if self.calibration is None:
            return self.confidence.probability(features)
        return self.calibration.probability(self.readings(features, self.calibration.features))

    def for_kind(self, kind: str) -> Models:
        """The models with the rules chosen for this kind of text, when some were."""
        rules = dict(self.kinds).get(kind)
        if rules is None:
            return self
        return replace(
            self,
            answer_at=rules.answer_at,
            refuse_below=rules.refuse_below,
            refusals=rules.refusals,
            calibration=rules.calibration,
            absent_below=self.absent_below if rules.absent_below is None else rules.absent_below,
        )

    def presence_probability(self, features: dict[str, float]) -> float:
        """How likely the corpus holds the answer at all (1.0 without a presence model)."""
        return 1.0 if self.presence is None else self.presence.probability(features)

    def reads_presence(self, features: dict[str, float]) -> bool:
        """The presence model decides refusals here: there is one, and the nearest passages make a crowd
        to stand out from (`DenseSpread.crowd`; a corpus of one release has none)."""
        return self.presence is not None and features.get(CROWD, 0.0) > 0

    def absent(self, features: dict[str, float]) -> bool:
        """No passage read plausibly answers: the question is refused, not hedged."""
        return self.reads_presence(features) and self.presence_probability(features) < self.absent_below

    def coverage_from_similarity(self, similarity: float) -> float:
        return min(1.0, max(0.0, (similarity - self.semantic_floor) / self.semantic_span))

    @property
    def below_answer(self) -> float:
        """The highest confidence an answer not given as sure may report."""
        return max(0.0, self.answer_at - 1e-3)

    @property
    def below_refusal(self) -> float:
        """The highest confidence a refusal may report."""
        return max(0.0, self.refuse_below - 1e-3)

    def status(self, confidence: float, features: dict[str, float] | None = None) -> str:
        """Sure from `answer_at`; refused when the presence model finds the answer absent (`absent`) —
        or, where it is not read, under `refuse_below`; uncertain between."""
        if features is not None and self.reads_presence(features):
            if self.absent(features):
                return REFUSED
            return ANSWER if confidence >= self.answer_at else UNCERTAIN
        if confidence >= self.answer_at:
            return ANSWER
        return UNCERTAIN if confidence >= self.refuse_below else REFUSED

    def to_json(self) -> dict[str, Any]:
        return {
            "sentence": self.sentence.to_json(),
            "confidence": self.confidence.to_json(),
            "answer_at": round(self.answer_at, 4),
            "refuse_below": round(self.refuse_below, 4),
            "second_quote_at": round(self.second_quote_at, 4),
            "typed_lead_at": round(self.typed_lead_at, 4),
            "contender_at": round(self.contender_at, 4),
            "semantic_floor": round(self.semantic_floor, 4),
            "semantic_span": round(self.semantic_span, 4),
            "refusals": sorted(self.refusals),
            "kinds": {kind: rules.to_json() for kind, rules in self.kinds},
            **({"sentence_check": self.sentence_check.to_json()} if self.sentence_check else {}),
            **({"confidence_check": self.confidence_check.to_json()} if self.confidence_check else {}),
            **({"refuse_below_check": round(self.refuse_below_check, 4)} if self.confidence_check else {}),
            **({"presence": self.presence.to_json()} if self.presence else {}),
            **({"absent_below": round(self.absent_below, 4)} if self.presence else {}),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Models:
        return cls(
            model_from_json(data["sentence"]),
            model_from_json(data["confidence"]),
            float(data["answer_at"]),
            float(data["refuse_below"]),
            float(data["second_quote_at"]),
            float(data["typed_lead_at"]),
            float(data["contender_at"]),
            float(data["semantic_floor"]),
            float(data["semantic_span"]),
            refusals_from_json(data),
            tuple((kind, KindRules.from_json(rules)) for kind, rules in data.get("kinds", {}).items()),
            LinearModel.from_json(data["sentence_check"]) if "sentence_check" in data else None,
            confidence_check=(
                LinearModel.from_json(data["confidence_check"]) if "confidence_check" in data else None
            ),
            refuse_below_check=float(data.get("refuse_below_check", 0.0)),
            presence=model_from_json(data["presence"]) if "presence" in data else None,
            absent_below=float(data.get("absent_below", 0.0)),
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


def model_file(embedder_id: str, sentence_id: str | None = None) -> Path:
    """Where the models trained with this retrieval embedder (and this sentence embedder, when another)
    live, their data card beside in .md: the models read retrieval scores and sentence similarities,
    whose scales are the embedders'."""

    def slug(name: str) -> str:
        return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")

    pair = slug(embedder_id) + ("" if sentence_id in (None, embedder_id) else "+" + slug(str(sentence_id)))
    return MODEL_DIR / (pair + ".json")


@cache
def shipped_models(embedder_id: str = DEFAULT_MODEL, sentence_id: str | None = None) -> Models:
    """The models shipped in the package for these embedders, else the default ones (retrain with
    `ti-assistant train`)."""
    path = model_file(embedder_id, sentence_id)
    if not path.exists():
        path = model_file(DEFAULT_MODEL)
    return Models.from_json(json.loads(path.read_text(encoding="utf-8")))
