"""Extractive answers: pick the sentences of the retrieved passages that answer the question, quote
them verbatim with their [n] citations, and refuse when the evidence does not answer.

Sentence score = lexical coverage of the question's terms (weighted by their rarity among the
candidates) + a bonus when the sentence holds what the question asks for (a date for "quand", an
amount in euros for "quel montant") + its cosine similarity to the question + a prior for the passage's
retrieval rank. The weights were set on PIAF and the project's question set (README, eval/reports).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from ti_assistant.answer.question import (
    OTHER,
    SPEECH,
    Question,
    counted_term,
    has_expected_type,
    is_off_task,
    names,
    short_answer,
)
from ti_assistant.models import Answer, Citation, Passage
from ti_assistant.text.dates import french_date
from ti_assistant.text.french import terms

Semantic = Callable[[list[Passage]], list[np.ndarray]]  # per passage, each sentence's cosine to the question

# Sentence scoring.
TYPE_BONUS = 0.25  # the sentence holds what the question asks for
RANK_PRIOR = 0.3  # divided by (1 + rank of the passage)
SEMANTIC_WEIGHT = 0.5  # times the sentence's cosine similarity to the question
SEMANTIC_FLOOR, SEMANTIC_SPAN = 0.2, 0.3  # cross-lingual questions: cosine mapped onto a coverage scale
MIN_SENTENCE_CHARS = 25  # shorter sentences (headings, fragments) are not quoted alone
SECOND_QUOTE_RATIO = 0.5  # a second quote must score at least this share of the best one
# Refusal.
SIMILARITY_WEIGHT = 0.5  # weight of the best sentence similarity in the evidence score
TOPIC_SHARE = 0.6  # a sentence is "on topic" when its relevance reaches this share of the best one
# The thing a "combien de X" question counts is absent from the corpus: the figure's sentence must be
# that close in meaning (the middle of the semantic scale cross-lingual questions use).
COUNTED_SIMILARITY = SEMANTIC_FLOOR + SEMANTIC_SPAN / 2


@dataclass(frozen=True)
class Candidate:
    passage_rank: int
    passage: Passage
    start: int
    end: int
    coverage: float
    typed: bool
    similarity: float
    score: float

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]

    @property
    def relevance(self) -> float:
        """Topical match, whatever the type: words shared with the question, and meaning."""
        return self.coverage + SEMANTIC_WEIGHT * self.similarity


@dataclass(frozen=True)
class Evidence:
    """What the refusal decision reads."""

    coverage: float  # share of the question's weighted terms found in the best sentence
    chunk_coverage: float  # ... found in the best passage (text and title)
    dense: float  # best cosine similarity between the question and a passage
    unknown: float  # share of the question's terms the corpus never uses
    unknown_name: bool  # the question names someone or somewhere no retrieved passage mentions
    typed: bool  # a sentence on the question's topic holds what it asks for (a date, a figure...)
    similarity: float  # best cosine similarity between the question and one sentence

    def score(self) -> float:
        """How well the passages answer, roughly in [0, 1]; compared with `refusal_threshold`."""
        return (
            0.5 * self.coverage
            + 0.3 * self.chunk_coverage
            + 0.8 * max(0.0, self.dense - 0.25)
            + SIMILARITY_WEIGHT * max(0.0, self.similarity - 0.3)
            - 0.4 * self.unknown
        )

    def answers(self, threshold: float) -> bool:
        return not self.unknown_name and self.typed and self.score() >= threshold


def candidates(
    question: Question, passages: list[Passage], semantic: Semantic | None = None, cross_lingual: bool = False
) -> list[Candidate]:
    """Score every sentence of the passages. `cross_lingual`: the question shares no language with the
    text, so semantic similarity stands in for word overlap."""
    similarities = semantic(passages) if semantic else None
    spans = [
        (rank, p, a, b, float(similarities[rank][i]) if similarities is not None else 0.0)
        for rank, p in enumerate(passages)
        for i, (a, b) in enumerate(p.sentences)
        if b - a >= MIN_SENTENCE_CHARS or len(p.sentences) == 1
    ]
    sentence_terms = [set(terms(p.text[a:b])) for _, p, a, b, _ in spans]
    weights = _term_weights(question.terms, sentence_terms)
    total = sum(weights.values()) or 1.0
    result = []
    for (rank, passage, a, b, similarity), found in zip(spans, sentence_terms, strict=True):
        coverage = sum(w for t, w in weights.items() if t in found) / total
        if cross_lingual:
            coverage = max(coverage, min(1.0, max(0.0, (similarity - SEMANTIC_FLOOR) / SEMANTIC_SPAN)))
        before = passage.text[:a] if question.kind == SPEECH else ""  # only speech reads the context
        typed = question.kind != OTHER and has_expected_type(question, passage.text[a:b], before)
        score = (
            coverage + (TYPE_BONUS if typed else 0.0) + RANK_PRIOR / (1 + rank) + SEMANTIC_WEIGHT * similarity
        )
        result.append(Candidate(rank, passage, a, b, coverage, typed, similarity, score))
    result.sort(key=lambda c: c.score, reverse=True)
    return result


def _term_weights(question_terms: tuple[str, ...], sentence_terms: list[set[str]]) -> dict[str, float]:
    n = len(sentence_terms) or 1
    df = Counter(t for found in sentence_terms for t in set(question_terms) & found)
    return {t: math.log(1 + n / (1 + df[t])) for t in set(question_terms)}


def typed_on_topic(ranked: list[Candidate]) -> list[Candidate]:
    """The sentences, best first, that hold what the question asks for (a date, a figure, a quote...)
    and are about its topic: their relevance reaches `TOPIC_SHARE` of the most relevant sentence's."""
    top = max((c.relevance for c in ranked), default=0.0)
    return [c for c in ranked if c.typed and c.relevance >= TOPIC_SHARE * top]


def passage_terms(passages: list[Passage]) -> dict[str, set[str]]:
    """chunk_id -> terms of the passage's title, heading and text (computed once per answer)."""
    return {p.chunk_id: set(terms(f"{p.title} {p.heading} {p.text}")) for p in passages}


def evidence(
    question: Question,
    passages: list[Passage],
    found_terms: dict[str, set[str]],
    ranked: list[Candidate],
    ungrounded: bool,
    vocabulary: set[str] | None,
) -> Evidence:
    """`ungrounded`: the question names something no retrieved passage mentions."""
    passage_terms = [found_terms[p.chunk_id] for p in passages]
    weights = _term_weights(question.terms, passage_terms)
    total = sum(weights.values()) or 1.0
    chunk_coverage = max(
        (sum(w for t, w in weights.items() if t in found) / total for found in passage_terms), default=0.0
    )
    unknown = 0.0
    uncounted = False
    if vocabulary is not None and question.terms:
        unknown = sum(1 for t in question.terms if t not in vocabulary) / len(question.terms)
        counted = counted_term(question)
        uncounted = counted is not None and question.corrected(counted) not in vocabulary
    best = max((c.coverage for c in ranked), default=0.0)
    # "Combien d'habitants" when no release says "habitants": a figure answers only if its sentence
    # is about that in meaning ("sociétés aidées" ~ "entreprises accompagnées"), not any figure nearby.
    min_similarity = COUNTED_SIMILARITY if uncounted else -1.0
    typed = question.kind == OTHER or any(c.similarity >= min_similarity for c in typed_on_topic(ranked))
    dense = max((p.dense for p in passages), default=0.0)
    similarity = max((c.similarity for c in ranked), default=0.0)
    return Evidence(best, chunk_coverage, dense, unknown, ungrounded, typed, similarity)


def grounded(
    question: Question, passages: list[Passage], found_terms: dict[str, set[str]]
) -> tuple[list[Passage], bool]:
    """The passages that mention every name in the question (a place, a person, an organisation).

    Evidence about Alès does not answer a question about Figeac, however similar the wording: when the
    question names something, only passages that name it too may answer. Returns (passages, ungrounded).
    """
    wanted = [
        {question.corrected(t) for t in terms(name)} for name in names(question.text) if not name.isupper()
    ]
    wanted = [w for w in wanted if w]
    if not wanted:
        return passages, False
    kept = [p for p in passages if all(w & found_terms[p.chunk_id] for w in wanted)]
    return kept, not kept


def select(question: Question, ranked: list[Candidate], max_quotes: int) -> list[Candidate]:
    """The quotes: the best sentence first — or, when the question asks for a date, a figure, a name...,
    the best on-topic sentence that holds one, so that the answer leads with what was asked — then
    those almost as good."""
    if not ranked:
        return []
    floor = SECOND_QUOTE_RATIO * ranked[0].score
    lead = next((c for c in typed_on_topic(ranked) if c.score >= floor), ranked[0])
    chosen = [lead]
    limit = max_quotes + (1 if question.multi else 0)
    for cand in ranked:
        if len(chosen) >= limit or cand.score < floor:
            break
        if any(c.passage.chunk_id == cand.passage.chunk_id and c.start == cand.start for c in chosen):
            continue
        if any(cand.text in c.text or c.text in cand.text for c in chosen):
            continue  # overlapping chunks repeat sentences
        chosen.append(cand)
    return chosen


_CONTINUATION = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(ce|cet|cette|ces|il|elle|ils|elles|celui|celle|ceux|celles)\b", re.I
)


def extend(cand: Candidate, with_list: bool = True) -> Candidate:
    """Grow a quote to the statement it starts: the list a sentence ending in ':' introduces, or the
    next sentence of the same paragraph when it refers back to this one ("Ce campus...", "Il vise...")."""
    text, end = cand.passage.text, cand.end
    spans = [s for s in cand.passage.sentences if s[0] >= end]
    if text[cand.start : end].rstrip().endswith(":"):
        if not with_list:
            return cand
        for a, b in spans:
            if text[text.rfind("\n", 0, a) + 1] != "-":
                break  # the list is over
            end = b
    elif (
        spans and "\n" not in text[end : spans[0][0]] and _CONTINUATION.match(text[spans[0][0] : spans[0][1]])
    ):
        end = spans[0][1]
    return replace(cand, end=end) if end != cand.end else cand


def compose(chosen: list[Candidate], short: str | None) -> tuple[str, list[Citation]]:
    """French answer: the short answer if any, then each quote « ... » [n] with its release."""
    citations: list[Citation] = []
    lines: list[str] = []
    if short:
        lines.append(f"{short[0].upper()}{short[1:]}.")
    by_doc: dict[str, list[Candidate]] = {}
    for cand in chosen:
        by_doc.setdefault(cand.passage.doc_id, []).append(cand)
    for cands in by_doc.values():
        passage = cands[0].passage
        when = f" du {french_date(passage.date)}" if passage.date else ""
        lines.append(f"Selon le communiqué{when} « {passage.title} » :")
        for cand in cands:
            n = len(citations) + 1
            citations.append(
                Citation(
                    n=n,
                    doc_id=passage.doc_id,
                    chunk_id=cand.passage.chunk_id,
                    title=passage.title,
                    date=passage.date,
                    publisher=passage.publisher,
                    source=passage.source,
                    quote=cand.text,
                )
            )
            lines.append(f"« {cand.text} » [{n}]")
    return "\n".join(lines), citations


def extractive_answer(
    question_text: str,
    question: Question,
    passages: list[Passage],
    *,
    max_quotes: int,
    threshold: float,
    vocabulary: set[str] | None,
    refusal: str,
    semantic: Semantic | None = None,
    cross_lingual: bool = False,
) -> Answer:
    """`question`: the retrieval query, analysed; `vocabulary`: the corpus terms (None when the
    question's language is not the corpus's); `refusal`: the text to answer with when refusing."""
    found_terms = passage_terms(passages)
    passages, ungrounded = grounded(question, passages, found_terms)
    ranked = candidates(question, passages, semantic, cross_lingual)
    ev = (
        evidence(question, passages, found_terms, ranked, ungrounded, vocabulary)
        if passages or ungrounded
        else None
    )
    if ev is None or not question.terms or is_off_task(question_text) or not ev.answers(threshold):
        return Answer(question_text, refusal, refused=True)
    # The best quote carries its whole statement (with the list it introduces); others only their next sentence.
    chosen = [extend(c, with_list=i == 0) for i, c in enumerate(select(question, ranked, max_quotes))]
    short = next((s for s in (short_answer(question, c.text) for c in chosen) if s), None)
    text, cites = compose(chosen, short)
    return Answer(question_text, text, refused=False, citations=cites, short_answer=short)
