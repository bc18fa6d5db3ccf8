"""What a question asks for: its kind, and what a "combien" question counts."""

from __future__ import annotations

import pytest

from ti_assistant.answer.question import SPEECH, analyse, counted_term, has_expected_type


def test_speech_questions_want_a_quotation_or_a_verb_of_saying() -> None:
    question = analyse("Qu'a déclaré Max Roustan ?")
    assert question.kind == SPEECH
    assert has_expected_type(question, "Max Roustan s'est déclaré très heureux de cette signature.")
    assert has_expected_type(question, "C'est une étape importante.", before="Pour lui, « Nous avançons. ")
    assert not has_expected_type(question, "Max Roustan a signé le contrat.", before="« Oui », dit-il. ")
    assert analyse("Qui a signé le contrat ?").kind != SPEECH


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Combien d'habitants compte Alès ?", "habit"),
        ("Combien de territoires d'industrie compte la France ?", "territoir"),
        ("Combien la Région a-t-elle aidé d'entreprises ?", None),
        ("Quand le contrat a-t-il été signé ?", None),
    ],
)
def test_what_a_combien_question_counts(question: str, counted: str | None) -> None:
    assert counted_term(analyse(question)) == counted
