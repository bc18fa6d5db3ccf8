"""Metrics against values computed by hand."""

import math

import pytest

from ti_assistant.evaluation import metrics as m


def test_normalize_ignores_case_accents_articles_apostrophes_and_number_spaces() -> None:
    assert m.normalize("L'État a aidé 8 200 entreprises") == m.normalize("etat a aide 8200 Entreprises")
    assert m.normalize("les 146 Territoires d’industrie") == "146 territoires industrie"


def test_answer_correct_any_or_all() -> None:
    answer = "Le 9 décembre 2019, Étienne Guyot et Max Roustan ont signé."
    assert m.answer_correct(answer, ["9 decembre 2019"])
    assert m.answer_correct(answer, ["Max Roustan", "Carole Delga"])
    assert not m.answer_correct(answer, ["Max Roustan", "Carole Delga"], require_all=True)
    assert not m.answer_correct(answer, ["19"])  # whole words only
    assert not m.answer_correct(answer, [])


def test_token_f1_by_hand() -> None:
    # prediction tokens: [306, millions, euros]; gold: [306, millions] -> P = 2/3, R = 1, F1 = 0.8
    assert m.token_f1("306 millions d'euros", "306 millions") == pytest.approx(0.8)
    assert m.token_f1("rien", "306") == 0.0


def test_rank_metrics_by_hand() -> None:
    ranked = ["a", "b", "a", "c", "d"]  # distinct order: a, b, c, d
    gold = {"c", "x"}
    assert m.recall_at_k(ranked, gold, 1) == 0.0
    assert m.recall_at_k(ranked, gold, 3) == 0.5
    assert m.mrr_at_k(ranked, gold, 10) == pytest.approx(1 / 3)
    assert m.mrr_at_k(ranked, gold, 2) == 0.0
    # DCG = 1/log2(4) = 0.5 ; ideal DCG (2 relevant) = 1 + 1/log2(3)
    assert m.ndcg_at_k(ranked, gold, 10) == pytest.approx(0.5 / (1 + 1 / math.log2(3)))
    assert m.ndcg_at_k(["c"], {"c"}, 10) == pytest.approx(1.0)


def test_percentile_matches_linear_interpolation() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert m.percentile(values, 50) == pytest.approx(25.0)
    assert m.percentile(values, 95) == pytest.approx(38.5)
    assert m.percentile([], 50) == 0.0


def test_refusal_scores_by_hand() -> None:
    refused = [True, True, False, False, True]
    traps = [True, False, True, False, True]
    scores = m.refusal_scores(refused, traps)
    assert scores["precision"] == pytest.approx(2 / 3)
    assert scores["recall"] == pytest.approx(2 / 3)
    assert scores["false_refusal_rate"] == pytest.approx(1 / 2)


def test_contains_span() -> None:
    assert m.contains_span(["La France compte 146 Territoires d'industrie."], "146 territoires")
    assert not m.contains_span(["rien"], "146")
    assert not m.contains_span(["texte"], "")


def test_a_quote_answers_when_it_holds_the_reference_or_is_one_of_its_sentences() -> None:
    reference = "Non, la CNIL n'est pas compétente. Ces procédés relèvent de l'escroquerie."
    assert m.quote_answers(["Ces procédés relèvent de l’escroquerie."], reference)  # part of a long reference
    assert m.quote_answers(["Il y a 146 territoires en France."], "146 territoires")  # holds a short one
    assert not m.quote_answers(["Ces procédés relèvent du vol."], reference)
    assert not m.lies_within("Ces proc", reference)  # whole words only
    assert not m.lies_within("", reference)
    # An excerpt (cut inside a sentence) counts only when it holds the reference itself.
    assert not m.quote_answers(
        ["relèvent de l'escroquerie"], reference, excerpts={"relèvent de l'escroquerie"}
    )
    assert m.quote_answers(["146 territoires"], "146 territoires", excerpts={"146 territoires"})


def test_quotes_are_right_together_or_as_a_sentence_of_a_long_reference() -> None:
    quotes = ["Max Roustan préside.", "Carole Delga signe."]
    assert m.quotes_right(quotes, ["Max Roustan", "Carole Delga"], require_all=True)
    assert not m.quotes_right(quotes[:1], ["Max Roustan", "Carole Delga"], require_all=True)
    assert m.quotes_right(["Carole Delga signe."], ["Max Roustan préside. Carole Delga signe."])
    assert not m.quotes_right(["Carole Delga signe."], ["Max Roustan préside. Carole Delga signe."], True)
    assert not m.quotes_right(
        ["Carole Delga"], ["Max Roustan préside. Carole Delga signe."], excerpts={"Carole Delga"}
    )


def test_quoted_words_counts_every_quote() -> None:
    assert m.quoted_words(["Le fonds est doté de 2 millions.", "Il finance 8 ateliers."]) == 11
    assert m.quoted_words([]) == 0


def test_where_the_gold_passage_is_lost_partitions_the_answerable_questions() -> None:
    from ti_assistant.evaluation.runner import gold_lost

    def row(status: str, retrieved: bool, cited: bool) -> dict[str, object]:
        return {"status": status, "gold_retrieved": retrieved, "gold_passage_cited": cited}

    rows = [
        row("answer", True, True),  # shown
        row("uncertain", True, True),  # shown
        row("uncertain", False, False),  # never retrieved
        row("refused", True, False),  # retrieved, refused
        row("uncertain", True, False),  # retrieved, another passage cited
    ]
    assert gold_lost(rows) == {"retrieval": 0.2, "refused": 0.2, "not_quoted": 0.2}
    assert gold_lost([]) == {"retrieval": None, "refused": None, "not_quoted": None}


def test_success_by_kind_skips_the_turns_that_only_set_a_conversations_context() -> None:
    from ti_assistant.evaluation.runner import kind_success

    context = {"trap": False, "refused": False}  # first turn: no gold, nothing to judge
    assert kind_success([context, context]) is None
    right, wrong = (
        {"trap": False, "refused": False, "correct": True},
        {"trap": False, "refused": False, "correct": False},
    )
    assert kind_success([context, right, wrong]) == 0.5
    assert kind_success([{"trap": True, "refused": True}, {"trap": True, "refused": False}]) == 0.5
    assert kind_success([{"trap": False, "refused": False, "recall@1": 1.0}]) == 1.0
