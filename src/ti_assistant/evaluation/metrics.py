"""Evaluation metrics, each unit-tested against hand-computed values (tests/test_metrics.py)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Sequence

from ti_assistant.text.french import fold

_ARTICLES = re.compile(r"\b(le|la|les|l|un|une|des|du|de|d)\b")


def normalize(text: str) -> str:
    """Case, accents, apostrophes, articles and spaces inside numbers ("8 200" = "8200") are ignored."""
    text = fold(text).replace("'", " ")
    text = re.sub(r"(?<=\d)[\s.](?=\d{3}\b)", "", text)
    text = _ARTICLES.sub(" ", re.sub(r"[^\w%€]+", " ", text))
    return " ".join(text.split())


def answer_correct(answer: str, golds: Sequence[str], require_all: bool = False) -> bool:
    if not golds:
        return False
    found = [f" {normalize(g)} " in f" {normalize(answer)} " for g in golds]
    return all(found) if require_all else any(found)


def token_f1(prediction: str, gold: str) -> float:
    pred, ref = normalize(prediction).split(), normalize(gold).split()
    common = sum((Counter(pred) & Counter(ref)).values())
    if not pred or not ref or not common:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


def contains_span(quotes: Sequence[str], span: str) -> bool:
    target = normalize(span)
    return bool(target) and any(target in normalize(q) for q in quotes)


def lies_within(quote: str, span: str) -> bool:
    """The quote is part of the reference answer (whole words): where the reference is longer than a
    sentence (an FAQ's whole paragraph), quoting one of its sentences answers from it."""
    inner, outer = normalize(quote), normalize(span)
    return bool(inner) and f" {inner} " in f" {outer} "


def quote_answers(quotes: Sequence[str], span: str, excerpts: Collection[str] = ()) -> bool:
    """The quotes hold the reference answer, or one of them is part of it. `excerpts`: those of the
    quotes cut inside a sentence, which count only when they hold the reference (a few words lying
    within a long reference do not answer from it)."""
    return contains_span(quotes, span) or any(lies_within(q, span) for q in quotes if q not in excerpts)


def quotes_right(
    quotes: Sequence[str], golds: Sequence[str], require_all: bool = False, excerpts: Collection[str] = ()
) -> bool:
    """The quotes, read together, hold the reference answers (all of them with `require_all`), or —
    where one answer is asked for — a quote other than an excerpt is part of a long reference."""
    return answer_correct(" ".join(quotes), golds, require_all) or (
        not require_all and any(lies_within(q, g) for q in quotes if q not in excerpts for g in golds)
    )


def quoted_words(quotes: Sequence[str]) -> int:
    """The words a reader checks in an answer: those of all its quotes."""
    return sum(len(q.split()) for q in quotes)


def unique_in_order(items: Sequence[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if not (x in seen or seen.add(x))]  # type: ignore[func-returns-value]


def recall_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Share of the gold documents found in the first k distinct results."""
    if not gold:
        return 0.0
    return len(set(unique_in_order(ranked)[:k]) & gold) / len(gold)


def mrr_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    for i, doc in enumerate(unique_in_order(ranked)[:k], start=1):
        if doc in gold:
            return 1.0 / i
    return 0.0


def ndcg_at_k(ranked: Sequence[str], gold: set[str], k: int) -> float:
    """Binary-relevance nDCG: DCG = sum 1/log2(i+1) over relevant ranks i, over the ideal DCG."""
    docs = unique_in_order(ranked)[:k]
    dcg = sum(1.0 / math.log2(i + 1) for i, d in enumerate(docs, start=1) if d in gold)
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(gold), k) + 1))
    return dcg / ideal if ideal else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in [0, 100]), as numpy's default."""
    if not values:
        return 0.0
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def refusal_scores(refused: Sequence[bool], is_trap: Sequence[bool]) -> dict[str, float]:
    """Precision and recall of refusing, with traps as the positive class."""
    tp = sum(r and t for r, t in zip(refused, is_trap, strict=True))
    fp = sum(r and not t for r, t in zip(refused, is_trap, strict=True))
    fn = sum(t and not r for r, t in zip(refused, is_trap, strict=True))
    return {
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "false_refusal_rate": fp / max(1, sum(not t for t in is_trap)),
    }
