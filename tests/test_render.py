"""What the chat bubble shows: escaped text, citation links, and the question as it was understood."""

from __future__ import annotations

from ti_assistant.app.render import chat_markdown
from ti_assistant.models import Answer


def test_citation_markers_become_links_and_text_is_escaped() -> None:
    shown = chat_markdown(Answer("Q ?", "« Voir <script>x</script> [lien](http://ailleurs) » [1]", False))
    assert '<a href="#source-1" class="ti-cite">[1]</a>' in shown
    assert "<script>" not in shown and "](http" not in shown


def test_a_rewritten_question_is_shown_as_understood() -> None:
    answer = Answer(
        "De quoi se félicite le maire d'Alès ?",
        "« … » [1]",
        False,
        standalone_question="De quoi se félicite Max Roustan ?",
    )
    assert chat_markdown(answer).startswith("*Question comprise : « De quoi se félicite Max Roustan ? »*")
    same = Answer("Qui pilote ?", "« … » [1]", False, standalone_question="Qui pilote ?")
    assert "Question comprise" not in chat_markdown(same)


def test_an_uncertain_answer_is_marked_as_such() -> None:
    unsure = Answer("Q ?", "Je ne suis pas sûr… « x » [1]", False, status="uncertain", confidence=0.4)
    assert chat_markdown(unsure).startswith("**⚠ Réponse incertaine — à vérifier**")
    sure = Answer("Q ?", "« x » [1]", False, status="answer", confidence=0.9)
    assert "incertaine" not in chat_markdown(sure)
