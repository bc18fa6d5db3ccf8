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


def test_the_staff_table_sorts_by_date_keeping_each_passage_rank() -> None:
    from ti_assistant.app.render import BY_DATE, passages_table
    from ti_assistant.models import Passage

    def passage(n: int, when: str | None) -> Passage:
        return Passage(f"d{n}#0", f"d{n}", f"texte {n}", 1.0 / n, f"Communiqué {n}", when, None, "x")

    passages = [passage(1, "2021-03-10"), passage(2, None), passage(3, "2024-09-12")]
    by_score = passages_table(passages)
    by_date = passages_table(passages, BY_DATE)
    assert by_score.index("Communiqué 1") < by_score.index("Communiqué 2") < by_score.index("Communiqué 3")
    assert by_date.index("Communiqué 3") < by_date.index("Communiqué 1") < by_date.index("Communiqué 2")
    assert "<td>3</td><td>12 septembre 2024<br>" in by_date  # its rank by relevance stays shown
    assert "score 0,333<br>cosinus 0,00<br>BM25 0,00" in by_date  # measures under the date, French decimals


def test_a_source_card_links_the_readable_page_and_the_official_address() -> None:
    from ti_assistant.app.render import source_cards
    from ti_assistant.models import Citation

    official = Citation(
        1,
        "site/a.md",
        "site/a.md#2",
        "Titre",
        "2024-01-15",
        "Préfecture",
        "https://www.gard.gouv.fr/a",
        "Le quai rouvre.",
    )
    local = Citation(2, "b.md", "b.md#0", "Autre", None, None, "/srv/corpus/b.md", "Une phrase.")
    cards = source_cards(
        Answer("Q ?", "« Le quai rouvre. » [1] « Une phrase. » [2]", False, [official, local])
    )
    assert 'class="ti-official" href="https://www.gard.gouv.fr/a"' in cards and "www.gard.gouv.fr" in cards
    assert "/communique?id=site%2Fa.md&amp;passage=2&amp;citation=Le+quai+rouvre.#extrait" in cards
    assert "/srv/corpus" not in cards  # no server path, only the readable page


def test_the_release_page_shows_overlapping_passages_once_with_headings_and_the_quote() -> None:
    from ti_assistant.app import reader
    from ti_assistant.store.index import ChunkSpan, DocRecord

    text = "Première phrase. Deuxième phrase. Troisième <b>phrase</b>."
    chunks = [
        ChunkSpan(0, 0, 33, ("Titre",), text[0:33]),
        ChunkSpan(1, 17, len(text), ("Titre", "Annexe"), text[17:]),  # overlaps the first by a sentence
    ]
    record = DocRecord("a.md", "sha", "Titre", "2024-01-15", "Préfecture", None, "https://x.gouv.fr/a", 2, "")
    page = reader.page(record, chunks, 1, "Troisième <b>phrase</b>.")
    assert page.count("Deuxième phrase.") == 1 and "<h2>Annexe</h2>" in page
    assert '<mark id="extrait">Troisième &lt;b&gt;phrase&lt;/b&gt;.</mark>' in page  # escaped, marked
    assert 'href="https://x.gouv.fr/a"' in page and "15 janvier 2024" in page


def test_a_refusal_s_sources_panel_never_contradicts_its_reason() -> None:
    """Refused because the filters exclude every release, or the period asked is not covered: the
    panel does not claim that the releases lack the answer."""
    from ti_assistant.app.render import source_cards

    filtered = Answer("Q ?", "Aucun communiqué ne correspond aux filtres choisis…", refused=True)
    panel = source_cards(filtered)
    assert "ne contiennent pas" not in panel and "Aucune source citée" in panel
