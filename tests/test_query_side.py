"""mE5's tuned query side: it moves queries only, it is what the e5 embedder reads, and tuning teaches
a question its answer sentence (real encoder, a few invented questions)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ti_assistant.evaluation import query_side
from ti_assistant.evaluation.query_side import Item, Scores, choose, gold_sentences
from ti_assistant.store.e5_torch import E5Encoder
from ti_assistant.store.embeddings import QUERY_SIDE, build_embedder

TEXTS = ["query: Qui pilote le programme ?", "passage: La Banque des Territoires pilote le programme."]


@pytest.fixture(scope="module")
def encoder() -> E5Encoder:
    return E5Encoder()


def test_a_side_saved_untouched_encodes_as_the_model(encoder: E5Encoder, tmp_path: Path) -> None:
    query_side.save(encoder.passage_side, tmp_path / "side.npz")
    same = E5Encoder(query_side=tmp_path / "side.npz")
    assert np.array_equal(same.queries(TEXTS), encoder(TEXTS))


def test_a_tuned_side_moves_queries_and_leaves_passages(encoder: E5Encoder, tmp_path: Path) -> None:
    tensors = dict(encoder.passage_side.tunable())
    tensors["11.up.1"] = tensors["11.up.1"] + 0.5
    query_side.save(encoder.passage_side.with_tensors(tensors), tmp_path / "side.npz")
    tuned = E5Encoder(query_side=tmp_path / "side.npz")
    assert np.array_equal(tuned(TEXTS), encoder(TEXTS))
    moved = 1 - np.sum(tuned.queries(TEXTS) * encoder(TEXTS), axis=1)
    assert np.all(moved > 1e-4)


def test_the_e5_embedder_reads_the_shipped_query_side(encoder: E5Encoder) -> None:
    assert QUERY_SIDE.exists()
    e5 = build_embedder("e5")
    question, passage = "Qui pilote le programme ?", "La Banque des Territoires pilote le programme."
    assert np.allclose(e5.encode_passages([passage]), encoder(["passage: " + passage]), atol=1e-6)
    assert 1 - float(e5.encode_queries([question])[0] @ encoder(["query: " + question])[0]) > 1e-3


def test_gold_sentences_are_those_where_a_span_starts() -> None:
    text = "Le programme compte 146 territoires. Il a été lancé en 2018. En 2018, 124 territoires."
    bounds = [(0, 36), (37, 60), (61, 86)]
    assert gold_sentences(text, ["2018"], bounds) == (1, 2)
    assert gold_sentences(text, ["146 territoires", "absent"], bounds) == (0,)
    assert gold_sentences(text, [""], bounds) == ()


def test_the_kept_epoch_ranks_most_gold_sentences_first_earliest_on_a_tie() -> None:
    scores = [Scores(0.5, 0.6, 0.7), Scores(0.6, 0.6, 0.7), Scores(0.6, 0.7, 0.9), Scores(0.55, 0.8, 0.9)]
    assert choose(scores) == 1
    assert choose([Scores(0.5, 0.5, 0.5)]) == 0


def test_tuning_ranks_the_answer_sentences_higher(encoder: E5Encoder) -> None:
    # Invented questions whose answer sentence shares few words with them, next to sentences that echo
    # the question: the untuned model puts an echo first for some of them.
    cases = [
        (
            "Quand le programme a-t-il été lancé ?",
            ["Le programme est très suivi.", "C'était en novembre 2018."],
        ),
        (
            "Combien de territoires sont concernés ?",
            ["Les territoires concernés sont ruraux.", "On en compte 146."],
        ),
        ("Qui pilote le programme ?", ["Le programme est piloté localement.", "L'ANCT en a la charge."]),
        ("Où se trouve le siège ?", ["Le siège a été rénové.", "Il est installé à Lyon depuis 2020."]),
        ("Quel est le budget ?", ["Le budget a été voté.", "Il atteint 500 millions d'euros."]),
        ("Qui préside la région ?", ["La région a un président.", "Carole Delga la dirige."]),
    ]
    train = [
        Item(
            question,
            "doc",
            encoder(["passage: " + s for s in sentences]),
            (1,),
            (0, 1),
            encoder(["passage: " + " ".join(sentences)])[0],
        )
        for question, sentences in cases
    ]

    def margins(side: object) -> np.ndarray:
        vectors = query_side._pooled(encoder, [i.question for i in train], side).detach().numpy()
        return np.array(
            [v @ i.sentences[1] - v @ i.sentences[0] for i, v in zip(train, vectors, strict=True)]
        )

    before = margins(encoder.passage_side)
    after = margins(query_side.tune(encoder, train, epochs=4))
    assert np.mean(after) > np.mean(before) + 0.01
    assert np.sum(after > 0) > np.sum(before > 0)
