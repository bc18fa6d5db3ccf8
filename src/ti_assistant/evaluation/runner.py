"""Run a question set through the assistant and through baselines, in the same process.

Baselines: BM25 only, dense only, a plain llama-index `VectorStoreIndex` (default chunking, same
embedder), and the naive extractive answer (most similar sentence in the top 3 chunks).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from statistics import mean, median
from typing import Any

import numpy as np

from ti_assistant.answer.citations import citation_problems
from ti_assistant.answer.conversation import Turn
from ti_assistant.answer.engine import Assistant
from ti_assistant.answer.question import analyse, headline_fits
from ti_assistant.evaluation import metrics as m
from ti_assistant.evaluation.datasets import EvalQuestion
from ti_assistant.evaluation.outside import Outside
from ti_assistant.models import Answer, Passage

KS = (1, 3, 5, 10)


@dataclass
class PlainBaseline:
    """llama-index defaults: SentenceSplitter chunks, VectorStoreIndex in memory, same embedder."""

    index: Any

    @classmethod
    def build(cls, assistant: Assistant) -> PlainBaseline:
        from llama_index.core import Document as LIDocument
        from llama_index.core import VectorStoreIndex

        docs, _ = assistant.index.snapshot()
        documents = []
        for doc_id in docs:
            text = "\n\n".join(c.text for c in assistant.index.manifest.document_chunks(doc_id))
            documents.append(LIDocument(text=text, id_=doc_id, metadata={"doc_id": doc_id}))
        return cls(VectorStoreIndex.from_documents(documents, embed_model=assistant.embedder))

    def retrieve(self, question: str, k: int) -> list[str]:
        hits = self.index.as_retriever(similarity_top_k=k).retrieve(question)
        return [h.node.metadata["doc_id"] for h in hits]


def naive_answer(assistant: Assistant, question: str, passages: list[Any]) -> str:
    """The most similar sentence (cosine) in the top 3 chunks."""
    sentences = [p.text[a:b] for p in passages[:3] for a, b in p.sentences]
    if not sentences:
        return ""
    q = assistant.embedder.encode_queries([question])[0]
    return sentences[int(np.argmax(assistant.embedder.encode_passages(sentences) @ q))]


def run(
    assistant: Assistant,
    questions: list[EvalQuestion],
    baselines: bool = True,
    progress: Callable[[int, int], None] | None = None,
    leave_one_out: bool = False,
) -> list[dict[str, Any]]:
    """One row per question; with `leave_one_out`, each answerable question is asked a second time with
    its whole article, and any document restating its answer, left out of retrieval (an out-of-corpus
    question, scored like a trap: `outside`)."""
    plain = PlainBaseline.build(assistant) if baselines else None
    hiding = Outside.of(assistant) if leave_one_out else None
    histories: dict[str, list[Turn]] = defaultdict(list)
    rows = []
    ordered = sorted(questions, key=lambda q: (q.conversation or "", q.turn))
    for i, q in enumerate(ordered, start=1):
        history = histories[q.conversation] if q.conversation else []
        answer = assistant.ask(q.question, history)
        if q.conversation:
            history.append(assistant.turn(answer))
        rows.append(_score(assistant, q, answer, plain))
        if hiding and q.doc_ids and not q.conversation:
            outside = replace(
                q, id=f"{q.id}~hors", kind="hors corpus", answers=(), spans=(), doc_ids=frozenset()
            )
            answer = assistant.ask(q.question, filters=hiding.filters(q))
            rows.append(_score(assistant, outside, answer, None))
        if progress:
            progress(i, len(questions))
    return rows


def _score(
    assistant: Assistant, q: EvalQuestion, answer: Answer, plain: PlainBaseline | None
) -> dict[str, Any]:
    """One question's row: what was answered, then how its retrieval, its answer and the baselines
    score against the reference (each step adds its own columns)."""
    texts = {p.chunk_id: p.text for p in answer.passages}
    query = answer.standalone_question or q.question
    deep = assistant.retriever.search(query, top_k=10).passages
    ranked = [p.doc_id for p in deep]
    row: dict[str, Any] = {
        "id": q.id,
        "kind": q.kind,
        "question": q.question,
        "standalone": query,
        "trap": q.is_trap or q.kind == "hors corpus",
        "refused": answer.refused,
        "status": answer.status,
        "confidence": answer.confidence,
        "quoted_words": m.quoted_words([c.quote for c in answer.citations]),
        "answer": answer.answer,
        "short_answer": answer.short_answer,
        "cited_chunks": [c.chunk_id for c in answer.citations],
        "ranked_docs": ranked,
        "timings_ms": answer.timings_ms,
        "citations_valid": not citation_problems(answer, texts.get),
    }
    if q.doc_ids:
        row.update(_retrieval_scores(ranked, set(q.doc_ids)))
    if q.spans or q.answers:
        row.update(_answer_scores(q, answer, query, deep))
        naive = naive_answer(assistant, query, deep[:3])
        row["naive_contains_span"] = any(m.quote_answers([naive], s) for s in q.spans or q.answers)
        row["naive_correct"] = m.answer_correct(naive, q.answers or q.spans, q.require_all)
    if plain is not None and q.doc_ids:
        row.update(_baseline_scores(assistant, plain, query, set(q.doc_ids)))
    return row


def _retrieval_scores(ranked: list[str], gold: set[str], prefix: str = "") -> dict[str, Any]:
    """Recall at each k, MRR and nDCG at 10 of a ranking of documents against the expected ones."""
    scores: dict[str, Any] = {f"{prefix}recall@{k}": m.recall_at_k(ranked, gold, k) for k in KS}
    scores[f"{prefix}mrr@10"] = m.mrr_at_k(ranked, gold, 10)
    if not prefix:
        scores["ndcg@10"] = m.ndcg_at_k(ranked, gold, 10)
    return scores


def _answer_scores(q: EvalQuestion, answer: Answer, query: str, deep: list[Passage]) -> dict[str, Any]:
    """Does the answer hold the reference: in its quotes, its lead quote, its headline, its citations."""
    gold_spans = q.spans or q.answers
    expected = q.answers or gold_spans
    texts = {p.chunk_id: p.text for p in answer.passages}
    quotes = [c.quote for c in answer.citations]
    cited = [c.chunk_id for c in answer.citations]
    by_chunk = {p.chunk_id: p for p in answer.passages}
    excerpts = {
        c.quote
        for c in answer.citations
        if c.chunk_id in by_chunk and by_chunk[c.chunk_id].is_excerpt(c.quote)
    }
    answered = not answer.refused
    row: dict[str, Any] = {
        "chunk_recall@5": any(m.contains_span([p.text for p in deep[:5]], s) for s in gold_spans),
        "correct": answered and m.answer_correct(answer.answer, expected, q.require_all),
        "quote_contains_span": answered and any(m.quote_answers(quotes, s, excerpts) for s in gold_spans),
        "gold_retrieved": any(m.contains_span([p.text for p in answer.passages], s) for s in gold_spans),
        "gold_passage_cited": answered
        and any(m.contains_span([texts.get(c, "")], s) for c in cited for s in gold_spans),
    }
    # Leads right: the first citation is the expected release (the latest, or the one of the period
    # asked) and its quote holds the answer: what a question whose answer changed over time needs.
    first = answer.citations[0] if answer.citations and answered else None
    row["lead_correct"] = (
        first is not None
        and (not q.doc_ids or first.doc_id in q.doc_ids)
        and (
            m.answer_correct(answer.answer, expected, True)
            if q.require_all
            else m.quotes_right([first.quote], expected, excerpts=excerpts)
        )
    )
    # Right: the quotes themselves (not the headline, not the whole answer) hold the answer — or,
    # when the reference answer is longer than a sentence, one of them (not an excerpt) is part of it.
    row["right"] = answered and m.quotes_right(quotes, expected, q.require_all, excerpts)
    if answer.short_answer:
        row["headline_fits"] = headline_fits(analyse(query), answer.short_answer)
        row["headline_correct"] = m.answer_correct(answer.short_answer, expected) or any(
            m.token_f1(answer.short_answer, s) >= 0.5 for s in gold_spans
        )
    row["f1"] = max((m.token_f1(answer.short_answer or " ".join(quotes), s) for s in gold_spans), default=0.0)
    supports = q.support or gold_spans
    row["citation_correct"] = any(m.contains_span([texts.get(c, "")], s) for c in cited for s in supports)
    return row


def _baseline_scores(
    assistant: Assistant, plain: PlainBaseline, query: str, gold: set[str]
) -> dict[str, Any]:
    """The same question retrieved by BM25 alone, dense alone and a plain llama-index retriever."""
    started = time.perf_counter()
    plain_docs = plain.retrieve(query, 10)
    row: dict[str, Any] = {"plain_ms": (time.perf_counter() - started) * 1000}
    for name, weight in (("bm25", 0.0), ("dense", 1.0)):
        docs = [p.doc_id for p in assistant.retriever.search(query, top_k=10, dense_weight=weight).passages]
        row.update(_retrieval_scores(docs, gold, f"{name}_"))
    row.update(_retrieval_scores(plain_docs, gold, "plain_"))
    return row


def _avg(rows: Iterable[dict[str, Any]], key: str) -> float | None:
    values = [float(r[key]) for r in rows if key in r]
    return mean(values) if values else None


def honesty(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What users suffer: confident answers that are wrong, out-of-corpus questions answered with
    assurance, answerable questions refused, and how much is quoted."""
    answerable = [r for r in rows if not r["trap"] and "right" in r]
    outside = [r for r in rows if r["trap"]]
    confident = [r for r in answerable if r["status"] == "answer"]
    headlines = [r for r in answerable if "headline_correct" in r]
    words = [r["quoted_words"] for r in rows if r["status"] != "refused"]
    return {
        "answerable": len(answerable),
        "out_of_corpus": len(outside),
        "sure_answerable": _share(answerable, lambda r: r["status"] == "answer"),
        "confident_correct": _share(confident, lambda r: r["right"]),
        "wrong_confident": _share(answerable, lambda r: r["status"] == "answer" and not r["right"]),
        "out_confident": _share(outside, lambda r: r["status"] == "answer"),
        "out_refused": _share(outside, lambda r: r["status"] == "refused"),
        "answerable_refused": _share(answerable, lambda r: r["status"] == "refused"),
        "gold_in_quotes": _share(answerable, lambda r: r["status"] != "refused" and r["quote_contains_span"]),
        "gold_shown": _share(answerable, lambda r: r["status"] != "refused" and r["gold_passage_cited"]),
        "gold_lost": gold_lost(answerable),
        "headline_correct": _share(headlines, lambda r: r["headline_correct"]),
        "headline_fits": _share(headlines, lambda r: r["headline_fits"]),
        "headlines": len(headlines),
        "quoted_words_median": median(words) if words else None,
        "status": {s: sum(r["status"] == s for r in rows) for s in ("answer", "uncertain", "refused")},
        "calibration": calibration(rows),
    }


def kind_success(rows: list[dict[str, Any]]) -> float | None:
    """The share of rows that went right: traps refused, the others right (their answer, else their
    first document). None when no row has anything to judge by: the first turn of a conversation only
    sets its context, it is not a failure."""
    judged = [
        float(r["refused"] if r["trap"] else r.get("correct", r.get("recall@1", 0)))
        for r in rows
        if r["trap"] or "correct" in r or "recall@1" in r
    ]
    return mean(judged) if judged else None


def gold_lost(answerable: list[dict[str, Any]]) -> dict[str, float | None]:
    """Where the gold passage is lost when it is not shown (with the share shown, a partition of the
    answerable questions): never among the passages retrieved, retrieved but the question refused, or
    retrieved and answered without citing it."""
    hidden = [r for r in answerable if r["status"] == "refused" or not r["gold_passage_cited"]]
    where = {
        "retrieval": lambda r: not r["gold_retrieved"],
        "refused": lambda r: r["gold_retrieved"] and r["status"] == "refused",
        "not_quoted": lambda r: r["gold_retrieved"] and r["status"] != "refused",
    }
    n = len(answerable)
    return {name: sum(1 for r in hidden if test(r)) / n if n else None for name, test in where.items()}


def _share(rows: list[dict[str, Any]], test: Callable[[dict[str, Any]], bool]) -> float | None:
    return sum(1 for r in rows if test(r)) / len(rows) if rows else None


def calibration(rows: list[dict[str, Any]], bins: int = 10) -> list[dict[str, float]]:
    """Reliability table: per confidence decile, the mean confidence and the share of right answers
    (out-of-corpus questions count as wrong whatever they quote)."""
    table = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [
            r for r in rows if low <= r["confidence"] < high or (b == bins - 1 and r["confidence"] == 1.0)
        ]
        if inside:
            table.append(
                {
                    "low": low,
                    "high": high,
                    "n": len(inside),
                    "confidence": mean(r["confidence"] for r in inside),
                    "right": mean(float(bool(r.get("right")) and not r["trap"]) for r in inside),
                }
            )
    return table


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    answerable = [r for r in rows if not r["trap"]]
    traps = [r for r in rows if r["trap"]]
    summary: dict[str, Any] = {"questions": len(rows), "answerable": len(answerable), "traps": len(traps)}
    systems = {"pipeline": "", "bm25": "bm25_", "dense": "dense_", "plain llama-index": "plain_"}
    summary["retrieval"] = {
        name: {f"recall@{k}": _avg(answerable, f"{prefix}recall@{k}") for k in KS}
        | {"mrr@10": _avg(answerable, f"{prefix}mrr@10")}
        for name, prefix in systems.items()
    }
    summary["retrieval"]["pipeline"]["ndcg@10"] = _avg(answerable, "ndcg@10")
    summary["answers"] = {
        "correct": _avg(answerable, "correct"),
        "lead_correct": _avg(answerable, "lead_correct"),
        "quote_contains_span": _avg(answerable, "quote_contains_span"),
        "token_f1": _avg(answerable, "f1"),
        "chunk_recall@5": _avg(answerable, "chunk_recall@5"),
        "citation_correct": _avg([r for r in answerable if not r["refused"]], "citation_correct"),
        "citations_valid": _avg(rows, "citations_valid"),
        "refused_answerable": _avg(answerable, "refused"),
        "naive_contains_span": _avg(answerable, "naive_contains_span"),
        "naive_correct": _avg(answerable, "naive_correct"),
    }
    summary["honesty"] = honesty(rows)
    summary["refusal"] = (
        m.refusal_scores([r["refused"] for r in rows], [r["trap"] for r in rows]) if traps else None
    )
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_kind[r["kind"]].append(r)
    summary["by_kind"] = {k: {"n": len(v), "ok": kind_success(v)} for k, v in sorted(by_kind.items())}
    stages = ("retrieval", "answer", "total")
    summary["latency_ms"] = {
        s: {
            "p50": m.percentile([r["timings_ms"][s] for r in rows], 50),
            "p95": m.percentile([r["timings_ms"][s] for r in rows], 95),
        }
        for s in stages
    }
    plain = [r["plain_ms"] for r in rows if "plain_ms" in r]
    if plain:
        summary["latency_ms"]["plain llama-index retrieval"] = {
            "p50": median(plain),
            "p95": m.percentile(plain, 95),
        }
    return summary
