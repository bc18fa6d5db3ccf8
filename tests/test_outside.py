"""Out-of-corpus twins (`evaluation.outside`): a question's answer is hidden with its article and with
every document restating a sentence of it."""

from __future__ import annotations

from ti_assistant.evaluation.datasets import EvalQuestion, article_of
from ti_assistant.evaluation.outside import Outside, Restatements

ANSWER = (
    "Oui, le droit à l'image s'applique partout, y compris sur internet. "
    "Vous pouvez vous opposer à la reproduction et à la diffusion de votre image sans votre accord."
)
TEXTS = {
    "faq/0001-000.txt": ANSWER,
    "faq/0001-001.txt": "La CNIL répond aux questions des particuliers sur leurs droits.",
    # the second sentence copied, with other punctuation and case: a restatement
    "faq/0002-000.txt": "Sur les réseaux sociaux aussi. VOUS POUVEZ VOUS OPPOSER à la reproduction et à "
    "la diffusion de votre image, sans votre accord !",
    # a short shared sentence (a heading, a link) says nothing of the answer
    "faq/0003-000.txt": "Le droit à l'image. En savoir plus sur la CNIL et ses missions de contrôle.",
    # the same words, not the same statement
    "faq/0004-000.txt": "Vous pouvez vous opposer à la diffusion de vos données par une entreprise.",
}


def _question(spans: tuple[str, ...], doc: str = "faq/0001-000.txt") -> EvalQuestion:
    return EvalQuestion(
        "q1", "Le droit à l'image s'applique-t-il sur internet ?", spans, frozenset([doc]), spans=spans
    )


def test_a_document_restating_a_sentence_of_the_answer_is_hidden_with_the_article() -> None:
    outside = Outside(tuple(sorted(TEXTS)), Restatements(TEXTS))
    hidden = outside.filters(_question((ANSWER,))).exclude
    assert hidden == {"faq/0001-000.txt", "faq/0001-001.txt", "faq/0002-000.txt"}
    assert outside.leaves_some(_question((ANSWER,)))


def test_a_short_answer_hides_its_article_only() -> None:
    """PIAF's answers are short spans: a name or a date found elsewhere is no restatement."""
    outside = Outside(tuple(sorted(TEXTS)), Restatements(TEXTS))
    assert outside.filters(_question(("la CNIL",))).exclude == {"faq/0001-000.txt", "faq/0001-001.txt"}
    assert Restatements(TEXTS).of(["la reproduction et à la diffusion"]) == set()


def test_a_release_is_its_own_article_and_its_support_is_its_answer() -> None:
    texts = {"2022-01-05_a.md": "# Titre\n\n" + ANSWER, "2023-02-01_b.md": ANSWER.split(". ")[1]}
    q = EvalQuestion("r1", "?", ("internet",), frozenset(["2022-01-05_a.md"]), support=(ANSWER,))
    outside = Outside(tuple(sorted(texts)), Restatements(texts))
    assert article_of("2022-01-05_a.md") == "2022-01-05_a.md"
    assert outside.filters(q).exclude == set(texts) and not outside.leaves_some(q)
