"""The numbers the learned models read: one row per candidate sentence (is it the answer?) and one
row per question (is the composed answer right?). Computed the same way at run time and in training.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ti_assistant.answer.question import OTHER, Question, counted_thing
from ti_assistant.models import DenseSpread, Passage
from ti_assistant.text.french import fold


@dataclass(frozen=True)
class Candidate:
    passage_rank: int
    passage: Passage
    start: int
    end: int
    coverage: float  # idf-weighted share of the question's terms the sentence holds
    typed: bool  # it holds what the question asks for (a date, a figure, a name...)
    similarity: float  # cosine similarity to the question
    score: float = 0.0  # the sentence model's probability that it answers
    check: float = 0.0  # the same probability by the second, linear reading (`Models.sentence_check`)
    framed_coverage: float = 0.0  # its coverage counting its passage's title and heading too (`candidates`)

    @property
    def text(self) -> str:
        return self.passage.text[self.start : self.end]

    def holds_asked(self, question: Question) -> bool:
        """It holds what the question asks for — any sentence does when no type is asked (`typed` is
        only set for a question asking a date, a figure, a name…)."""
        return question.kind == OTHER or self.typed

    @property
    def relevance(self) -> float:
        """Topical match, whatever the type: words shared with the question, and meaning."""
        return self.coverage + self.similarity


SENTENCE_FEATURES = (
    "coverage",
    "similarity",
    "typed",
    "untyped_when_asked",
    "rank_prior",
    "passage_score",
    "passage_dense",
    "log_length",
    "first_in_passage",
    "coverage_share",
    "relevance_share",
    "similarity_gap",
    "similarity_rank",
    "position",
    "neighbour_coverage",
    "framed_coverage",
)

# Only features whose scale does not depend on the corpus: raw BM25 scores (which shrink with a small
# corpus's idf) were tried and dropped — the model they trained refused most questions on a 13-passage
# corpus (own set, dev part: 41.7% of answerable questions refused, none answered with assurance).
# The best BM25 hit enters as a share of the query's ceiling (`FrenchBM25.ceiling`) instead.
QUESTION_FEATURES = (
    "p1",
    "p_share",
    "p_gap",
    "best_coverage",
    "chunk_coverage",
    "dense_max",
    "similarity_max",
    "similarity_z",
    "unknown_terms",
    "uncounted",
    "typed_on_topic",
    "asks_type",
    "score_gap",
    "lexical_share",
    "log_terms",
)
# What the presence model reads (`Models.presence`: is the answer in the corpus at all?): the question's
# features and how the dense candidates fall off from the best (`DenseSpread`).
PRESENCE_FEATURES = (*QUESTION_FEATURES, "dense_gap", "dense_nqc", "both_found")
CROWD = "dense_crowd"  # the spread was read among enough passages of enough documents (`DenseSpread.crowd`)


def sentence_rows(question: Question, ranked: list[Candidate]) -> list[dict[str, float]]:
    top_coverage = max((c.coverage for c in ranked), default=0.0) or 1.0
    top_relevance = max((c.relevance for c in ranked), default=0.0) or 1.0
    top_similarity = max((c.similarity for c in ranked), default=0.0)
    closer = sorted(-c.similarity for c in ranked)  # to count the candidates more similar than one
    coverage_at = {(c.passage_rank, c.start): c.coverage for c in ranked}
    asked = question.kind != OTHER
    return [
        {
            "coverage": c.coverage,
            "similarity": c.similarity,
            "typed": float(c.typed),
            "untyped_when_asked": float(asked and not c.typed),
            "rank_prior": 1.0 / (1 + c.passage_rank),
            "passage_score": c.passage.score,
            "passage_dense": c.passage.dense,
            "log_length": math.log1p(c.end - c.start),
            "first_in_passage": float(bool(c.passage.sentences) and c.start == c.passage.sentences[0][0]),
            "framed_coverage": c.framed_coverage,
            "coverage_share": c.coverage / top_coverage,
            "relevance_share": c.relevance / top_relevance,
            "similarity_gap": top_similarity - c.similarity,
            "similarity_rank": float(bisect.bisect_left(closer, -c.similarity)),
            "position": i / max(1, len(c.passage.sentences)),
            # The sentences around the answer often carry the question's words when it does not.
            "neighbour_coverage": max(
                (
                    coverage_at.get((c.passage_rank, c.passage.sentences[j][0]), 0.0)
                    for j in (i - 1, i + 1)
                    if 0 <= j < len(c.passage.sentences)
                ),
                default=0.0,
            ),
        }
        for c, i in ((c, _index(c)) for c in ranked)
    ]


def _index(c: Candidate) -> int:
    """The candidate's place among its passage's sentences."""
    return next((i for i, (a, _) in enumerate(c.passage.sentences) if a == c.start), 0)


def distinct_checks(ranked: list[Candidate]) -> list[float]:
    """Each distinct sentence's best `check` (texts compared folded, spaces collapsed)."""
    best: dict[str, float] = {}
    for c in ranked:
        key = " ".join(fold(c.text).split())
        best[key] = max(best.get(key, 0.0), c.check)
    return list(best.values())


def question_row(
    question: Question,
    passages: list[Passage],
    ranked: list[Candidate],
    chunk_coverage: float,
    on_topic_typed: bool,
    known: Callable[[str], bool] | None,
    lexical_ceiling: float,
    falloff: DenseSpread,
) -> dict[str, float]:
    """`ranked`: the candidates scored by the sentence model, best first; `lexical_ceiling`: the BM25 score a chunk holding every query term at its best would reach."""
    # How sure the reader is, by its linear reading (`Candidate.check`): the trees choose the sentence,
    # the line's smoother probabilities say how sure it is (see ARCHITECTURE, "lecture des phrases").
    # A sentence read twice (two chunks overlapping on it, an FAQ sheet copied into another, a release
    # repeating another's) is one contender: its second reading does not make the best look contested
    # (on the CNIL's dev part, 19 questions of 102 had such a pair among their five best readings).
    top = sorted(distinct_checks(ranked), reverse=True)[:5]
    p1 = top[0] if top else 0.0
    unknown = uncounted = 0.0
    if known is not None and question.terms:
        # Words as written: a word the corrector had to guess is not a word the releases use, and a
        # question whose topic no visible release names must not borrow a neighbouring word's place.
        unknown = sum(1 for t in question.as_typed if not known(t) and t not in question.type_terms) / len(
            question.terms
        )
        counted = counted_thing(question)
        uncounted = float(counted is not None and not known(counted))
    scores = [p.score for p in passages]
    similarities = np.array([c.similarity for c in ranked])
    spread = float(similarities.std()) if len(ranked) > 1 else 0.0
    return {
        "p1": p1,
        "p_share": p1 / (sum(top) or 1.0),
        "p_gap": p1 - (top[1] if len(top) > 1 else 0.0),
        "best_coverage": max((c.coverage for c in ranked), default=0.0),
        "chunk_coverage": chunk_coverage,
        "dense_max": max((p.dense for p in passages), default=0.0),
        "similarity_max": float(similarities.max()) if len(ranked) else 0.0,
        # How far the chosen sentence stands out in meaning from the others read (a z-score: relative to
        # the candidates, whatever the corpus). Chosen on the PIAF and CNIL train and dev parts,
        # 2026-12-04, among ten candidate features (gap to another release's best, its release's share
        # of the scores, agreement of the two readings, its passage's rank, releases read, passage score
        # gap, both engines finding it, framed coverage, the lead's check): of the three that gave more
        # sure answers under training's bar rule, the only one that, at the same precision, gave more
        # on both sets, averaged over four seeds (answerable dev questions sure at 90 % right: PIAF
        # 25.6 -> 26.6 %, three seeds of four; CNIL 30.4 -> 34.6 %, all four).
        "similarity_z": (ranked[0].similarity - float(similarities.mean())) / spread
        if spread > 1e-6
        else 0.0,
        "unknown_terms": unknown,
        "uncounted": uncounted,
        "typed_on_topic": float(on_topic_typed),
        "asks_type": float(question.kind != OTHER),
        "score_gap": (scores[0] - scores[1]) if len(scores) > 1 else (scores[0] if scores else 0.0),
        "lexical_share": min(1.0, max((p.lexical for p in passages), default=0.0) / (lexical_ceiling or 1.0)),
        "log_terms": math.log1p(len(question.terms)),
        # How the nearest passages' cosines fall off from the best (`DenseSpread`): a question the corpus
        # answers finds a passage standing out of the crowd. Read by the presence model only
        # (`PRESENCE_FEATURES`). Chosen on the PIAF and CNIL dev parts, 2026-12-05, among seven such
        # signals (the best's z-score, its gap to the second and to the fifth, the spread over the mean
        # — of the dense cosines and of the BM25 scores; trees trained on the train parts): with the gap
        # to the fifth and the spread, the answerable told from the out-of-corpus questions at AUC 0.876
        # -> 0.903 (PIAF) and 0.889 -> 0.930 (CNIL). Read by the confidence too, they cost sure answers
        # at the precision asked (retrained: PIAF dev 26.2 -> 24.6 %, CNIL 25.5 -> 15.7 %), hence a
        # model of their own, whose bar refuses, at 10 % of answerable questions refused, 71.5 % of
        # PIAF's out-of-corpus questions and 88.1 % of the CNIL's (the confidence: 62.8 and 72.3 %).
        "dense_gap": falloff.gap,
        "dense_nqc": falloff.nqc,
        # The share of the passages read that both engines found among their candidates (dense and BM25):
        # a passage that answers is found by its meaning and by its words, while a question the corpus
        # does not answer draws near passages by one or the other. Read by the presence model only.
        # Chosen on the PIAF and CNIL dev parts, 2026-12-05, among eleven such signals (documents read,
        # the engines' best passages in one document, found by one engine only, the best dense cosine
        # over the others read, the lead's document's share of the best sentences...; trees trained on
        # the train parts of one training's rows): answerable told from out-of-corpus questions at AUC
        # 0.911 -> 0.930 (PIAF) and 0.951 -> 0.957 (CNIL); at the bar that refuses 12.4 % of PIAF's
        # answerable questions, 74.3 -> 81.0 % of its out-of-corpus ones refused (CNIL at its own bar:
        # 86.1 %, unchanged). Neither it nor any other helped across kinds of text (trained on PIAF,
        # barred there, applied to the CNIL: 6.9 -> 16.7 % refused): that is the kinds' bars' work.
        "both_found": sum(1 for p in passages if p.dense > 0 and p.lexical > 0) / len(passages)
        if passages
        else 0.0,
        CROWD: float(falloff.crowd),  # whether the two above mean anything (no model reads it)
    }
