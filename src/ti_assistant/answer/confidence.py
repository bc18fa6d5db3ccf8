"""Learned scores for extractive answers: which sentence answers (sentence model), and how likely the
composed answer is right (confidence model), with the two thresholds that turn that probability into
one of three outcomes — answer, uncertain, refused.

Both are logistic regressions over a few features (`answer/features.py`), trained by
`ti-assistant train` on the PIAF and CNIL training parts with leave-one-out negatives, thresholds chosen
on their dev parts (see `answer/model/DATA_CARD.md`). Inference is a dot product: no learning library is
needed at run time, and the model file weighs about 2 KiB.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("model") / "confidence.json"

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

    def coverage_from_similarity(self, similarity: float) -> float:
        return min(1.0, max(0.0, (similarity - self.semantic_floor) / self.semantic_span))

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
        )

    def save(self, path: Path = MODEL_FILE) -> None:
        path.write_text(json.dumps(self.to_json(), indent=1) + "\n", encoding="utf-8")


@cache
def shipped_models() -> Models:
    """The models shipped in the package (retrain with `ti-assistant train`)."""
    return Models.from_json(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
