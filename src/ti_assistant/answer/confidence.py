"""Learned scores for extractive answers: which sentence answers (sentence model), and how likely the
composed answer is right (confidence model), with the two thresholds that turn that probability into
one of three outcomes — answer, uncertain, refused.

Both are logistic regressions over a few features (`answer/features.py`), trained by
`ti-assistant train` on the PIAF and CNIL training parts with leave-one-out negatives, thresholds chosen
on their dev parts (see the data card beside each model in `answer/model/`, one per retrieval embedder). Inference is a dot product: no learning library is
needed at run time, and the model file weighs about 2 KiB.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

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


@dataclass(frozen=True)
class KindRules:
    """The sure-answer bar and the refusal rule chosen for one kind of text."""

    answer_at: float
    refuse_untyped: bool = False


@dataclass(frozen=True)
class Models:
    sentence: LinearModel
    confidence: LinearModel
    answer_at: float  # confidence from which the answer is given as an answer
    refuse_below: float  # confidence under which nothing is shown
    second_quote_at: float  # sentence probability (share of the best) for a second quote
    typed_lead_at: float  # a sentence holding what was asked leads when its probability reaches this share
    other_passage_at: float  # an uncertain answer also quotes another passage's best sentence from this share
    # An English question shares no words with the French text: its coverage is read from the cosine
    # similarity instead, as (similarity - floor) / span, the line that gives French questions'
    # candidate sentences the same mean and spread of both (training part).
    semantic_floor: float
    semantic_span: float
    # Refuse, rather than hedge, a question asking for a date, a figure, a sum or a contact when no
    # sentence the reader rates near the best holds one (otherwise it is only kept from being sure).
    refuse_untyped: bool = False
    # What was chosen on the dev parts of one kind of text (`eval/tune_sure_bar.py`): kind -> rules.
    # `answer_at` and `refuse_untyped` above hold for other texts (chosen on PIAF and the CNIL's FAQ).
    kinds: tuple[tuple[str, KindRules], ...] = ()

    def for_kind(self, kind: str) -> Models:
        """The models with the rules chosen for this kind of text, when some were."""
        rules = dict(self.kinds).get(kind)
        if rules is None:
            return self
        return replace(
            self,
            answer_at=rules.answer_at,
            refuse_below=min(self.refuse_below, rules.answer_at),
            refuse_untyped=rules.refuse_untyped,
        )

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

    def status(self, confidence: float) -> str:
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
            "other_passage_at": round(self.other_passage_at, 4),
            "semantic_floor": round(self.semantic_floor, 4),
            "semantic_span": round(self.semantic_span, 4),
            "refuse_untyped": self.refuse_untyped,
            "kinds": {
                kind: {"answer_at": round(rules.answer_at, 4), "refuse_untyped": rules.refuse_untyped}
                for kind, rules in self.kinds
            },
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Models:
        return cls(
            LinearModel.from_json(data["sentence"]),
            LinearModel.from_json(data["confidence"]),
            float(data["answer_at"]),
            float(data["refuse_below"]),
            float(data["second_quote_at"]),
            float(data["typed_lead_at"]),
            float(data["other_passage_at"]),
            float(data["semantic_floor"]),
            float(data["semantic_span"]),
            bool(data.get("refuse_untyped", False)),
            tuple(
                (kind, KindRules(float(rules["answer_at"]), bool(rules.get("refuse_untyped", False))))
                for kind, rules in data.get("kinds", {}).items()
            ),
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
