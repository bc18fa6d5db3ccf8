"""Answers from the real release with the real embedder: short answers, verbatim quotes, citations that
check out, refusals, follow-ups, filters and English questions."""

from __future__ import annotations

import pytest

from ti_assistant.answer.citations import citation_problems
from ti_assistant.answer.conversation import Turn
from ti_assistant.models import Answer
from ti_assistant.store.retrieval import Filters

pytestmark = pytest.mark.integration


def _check(assistant, answer: Answer) -> None:  # type: ignore[no-untyped-def]
    texts = {p.chunk_id: p.text for p in answer.passages}
    assert citation_problems(answer, texts.get) == []


@pytest.mark.parametrize(
    ("question", "short", "quoted"),
    [
        (
            "Combien de territoires d'industrie compte la France ?",
            "146 Territoires d'industrie",
            "146 Territoires d'industrie",
        ),
        ("Quand le contrat a-t-il été signé ?", "9 décembre 2019", "Le 9 décembre 2019"),
        (
            "Quel montant l'État a-t-il engagé pour les Territoires d'industrie ?",
            "306 millions d'euros",
            "306 millions d'euros",
        ),
        ("Qui porte le projet Think & Mate ?", None, "porté par l'Institut Mines Télécom d'Alès"),
    ],
)
def test_answers_quote_the_release(assistant, question: str, short: str | None, quoted: str) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask(question)
    assert answer.status in ("answer", "uncertain") and 0.0 < answer.confidence <= 1.0
    if answer.status == "answer":
        assert answer.short_answer == short
    else:  # visibly different: the closest passage, to be checked
        assert answer.answer.startswith("Je ne suis pas sûr") and answer.short_answer is None
    assert any(quoted in c.quote for c in answer.citations)
    assert "communiqué du 9 décembre 2019" in answer.answer and "[1]" in answer.answer
    first = answer.citations[0]
    assert first.doc_id == "2019-12-09_communique_territoire-industrie-ales.md" and first.date == "2019-12-09"
    assert first.publisher == "Préfecture de région Occitanie ; Région Occitanie"
    _check(assistant, answer)
    assert {"retrieval", "answer", "total"} <= set(answer.timings_ms)


def test_both_pilots_are_named(assistant) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("Qui pilote le territoire d'industrie d'Alès ?")
    assert "Jalil Benabdillah" in answer.answer and "Yann Belhomme" in answer.answer


def test_a_list_is_quoted_with_its_introduction(assistant) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("Sur quels principes repose le programme ?")
    assert "le ciblage" in answer.answer and "la gestion décentralisée" in answer.answer
    _check(assistant, answer)


def test_simple_facts_are_quoted_first_and_half_of_them_with_assurance(assistant) -> None:  # type: ignore[no-untyped-def]
    """The bar for a sure answer is set on dev data for precision on every training set: a simple fact
    may come as *uncertain*, but its first quote holds it."""
    facts = {
        "Combien de territoires d'industrie compte la France ?": "146",
        "Quel montant l'État a-t-il engagé pour les Territoires d'industrie ?": "306 millions",
        "Qui porte le projet Think & Mate ?": "Institut Mines Télécom",
        "Qui pilote le territoire d'industrie d'Alès ?": "Jalil Benabdillah",
    }
    answers = {q: assistant.ask(q) for q in facts}
    assert all(fact in answers[q].citations[0].quote for q, fact in facts.items())
    assert sum(a.status == "answer" for a in answers.values()) >= 2


@pytest.mark.parametrize(
    "question",
    [
        "Combien coûte l'extension du Pôle mécanique d'Alès ?",
        "Combien d'habitants compte Alès ?",  # the release counts territories and jobs, never inhabitants
        "Que dit le vice-président d'Alès Agglomération ?",  # he is named, but never quoted
    ],
)
def test_near_misses_are_never_answered_with_assurance(assistant, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask(question)
    assert answer.status != "answer" and answer.short_answer is None
    if answer.status == "uncertain":
        lines = answer.answer.splitlines()
        assert lines[0].startswith("Je ne suis pas sûr") and lines[-2].endswith("avant de vous y fier.")
        # uncertain or not, an answer drawn from a 2019 release says its date
        assert lines[-1] == "Ce communiqué date du 9 décembre 2019 : la situation a pu changer depuis."
        _check(assistant, answer)


@pytest.mark.parametrize(
    "question",
    [
        "Quel est le budget du territoire d'industrie de Figeac ?",  # Figeac: named by no release
        "Écris-moi un poème sur l'industrie.",
        "",
    ],
)
def test_refusals_are_plain_and_cite_nothing(assistant, question: str) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask(question)
    assert answer.refused and answer.status == "refused" and answer.citations == []
    assert answer.answer.startswith("Les communiqués dont je dispose (1 communiqué publié par ")
    assert "ne répondent pas à cette question" in answer.answer and len(answer.answer) < 240


def test_follow_ups_use_the_conversation(assistant) -> None:  # type: ignore[no-untyped-def]
    history: list[Turn] = []
    first = assistant.ask("En quoi consiste le projet Think & Mate ?", history)
    history.append(assistant.turn(first))
    second = assistant.ask("Qui le porte ?", history)
    assert "Think & Mate" in (second.standalone_question or "")
    assert "Institut Mines Télécom" in second.answer

    history = [assistant.turn(assistant.ask("Qu'a déclaré Carole Delga ?"))]
    ellipsis = assistant.ask("Et Max Roustan ?", history)
    assert ellipsis.standalone_question == "Qu'a déclaré Max Roustan ?"
    assert "très heureux" in ellipsis.answer


def test_a_question_about_what_the_release_says_is_about_its_topic(assistant) -> None:  # type: ignore[no-untyped-def]
    # "communiqué" and "dit" are not words of the release: they used to make this question refused
    answer = assistant.ask("Que dit le communiqué sur Alès ?")
    assert not answer.refused and answer.citations
    assert all("Alès" in c.quote for c in answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        "Qu'est-ce que les territoires d'industrie ?",
        "c quoi territoires d'industrie",
        "C koi les territoires d'industrie ?",
    ],
)
def test_what_the_programme_is_comes_from_the_release_statement_of_its_objective(assistant, question) -> None:  # type: ignore[no-untyped-def]
    # typed on a phone or written out, the question leads with the sentence that says what it aims at
    answer = assistant.ask(question)
    assert not answer.refused
    assert answer.citations[0].quote.startswith("L'objectif de la démarche « Territoires d'industrie » est")


def test_the_press_contacts_answer_a_question_about_how_to_reach_the_prefecture(assistant) -> None:  # type: ignore[no-untyped-def]
    # "téléphone" is not a word of the release, which shows its numbers without naming them: the
    # question was refused
    answer = assistant.ask("Quel est le numéro de téléphone de la préfecture pour la presse ?")
    assert answer.status != "refused"
    assert "05 34 45 36 17" in answer.citations[0].quote


def test_an_uncertain_answer_quotes_the_intro_of_a_list_not_the_whole_list(assistant) -> None:  # type: ignore[no-untyped-def]
    # the lead sentence ends on ":" before three list items (105 words in all): an uncertain answer
    # quotes the intro and spends the rest of its 60 words on the next close sentences
    answer = assistant.ask("À qui a été confié le pilotage du programme Territoires d'industrie ?")
    assert answer.status == "uncertain"
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].endswith("repose sur trois principes :") and len(quotes) == 2
    assert "le ciblage" not in answer.answer and sum(len(q.split()) for q in quotes) <= 60


def test_english_question_gets_a_french_answer(assistant) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("How many industrial territories are there in France?")
    assert not answer.refused and "146" in answer.answer
    assert "Selon le communiqué" in answer.answer


def test_filters_restrict_retrieval(assistant) -> None:  # type: ignore[no-untyped-def]
    kept = assistant.ask("Combien de territoires d'industrie ?", filters=Filters(publisher="préfecture"))
    assert not kept.refused
    outside = assistant.ask("Combien de territoires d'industrie ?", filters=Filters(date_from="2020-01-01"))
    assert (
        outside.refused
        and outside.passages == []
        and outside.answer.startswith("Aucun communiqué ne correspond aux filtres")
    )


def test_typos_are_corrected_only_towards_releases_the_reader_may_see(assistant) -> None:  # type: ignore[no-untyped-def]
    from ti_assistant.text.french import terms

    typed = "teritoires d'indsutrie"
    assert assistant.retriever.query_terms(typed) == terms("territoires d'industrie")
    nothing_visible = Filters(date_from="2020-01-01")  # the bundled release is from 2019
    assert assistant.retriever.query_terms(typed, nothing_visible) == terms(typed)


def test_json_shape(assistant) -> None:  # type: ignore[no-untyped-def]
    data = assistant.ask("Qui est le maire d'Alès ?").to_json()
    assert set(data) >= {"question", "answer", "refused", "citations", "timings_ms"}
    assert set(data["citations"][0]) == {
        "n",
        "doc_id",
        "chunk_id",
        "title",
        "date",
        "publisher",
        "source",
        "quote",
    }


@pytest.mark.parametrize(
    ("question", "speaker", "quoted"),
    [
        ("Qu'a déclaré le maire d'Alès ?", "Max Roustan", "Max Roustan"),
        ("Que pense le préfet de ce contrat ?", "Étienne Guyot", "Étienne Guyot"),
    ],
)
def test_a_question_naming_an_office_gets_what_its_holder_said(  # type: ignore[no-untyped-def]
    assistant, question: str, speaker: str, quoted: str
) -> None:
    answer = assistant.ask(question)
    assert speaker in (answer.standalone_question or "")
    texts = {p.chunk_id: p.text for p in answer.passages}
    assert any(quoted in texts[c.chunk_id] for c in answer.citations)  # quoted from the speaker's passage
    _check(assistant, answer)


def test_the_hybrid_retriever_composes_with_llama_index_postprocessors(assistant) -> None:  # type: ignore[no-untyped-def]
    from llama_index.core.postprocessor import SimilarityPostprocessor
    from llama_index.core.schema import QueryBundle

    from ti_assistant.store.retrieval import HybridRetriever

    question = "Quel montant l'État a-t-il engagé pour les Territoires d'industrie ?"
    retriever = assistant.retriever
    nodes = retriever.retrieve(question)
    passages = retriever.search(question).passages
    assert [n.node.node_id for n in nodes] == [p.chunk_id for p in passages] and len(nodes) > 1
    assert nodes[0].node.metadata["date"] == "2019-12-09" and "306 millions" in "".join(
        n.node.get_content() for n in nodes
    )
    cutoff = (nodes[0].score + nodes[-1].score) / 2  # a postprocessor from llama-index, unchanged
    kept = SimilarityPostprocessor(similarity_cutoff=cutoff).postprocess_nodes(nodes, QueryBundle(question))
    assert 0 < len(kept) < len(nodes) and all((n.score or 0) >= cutoff for n in kept)
    hidden = HybridRetriever(
        assistant.index, assistant.embedder, assistant.settings, Filters(date_from="2020-01-01")
    )
    assert hidden.retrieve(question) == []  # its filters apply on llama-index's entry point too


def test_a_question_about_a_year_the_release_does_not_speak_of_is_refused(assistant) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("Combien de territoires d'industrie compte la France en 2031 ?")
    assert answer.refused and answer.status == "refused" and answer.citations == []
    assert "pour 2031" in answer.answer and "9 décembre 2019" in answer.answer
    assert answer.confidence <= assistant.models.below_refusal
    assert not assistant.ask("Combien de territoires d'industrie compte la France en 2019 ?").refused


def test_a_citation_never_carries_a_path_of_the_server(assistant, release_index) -> None:  # type: ignore[no-untyped-def]
    """The corpus folder is absolute here: the citation names the release by its id in the corpus."""
    from pathlib import Path

    assert Path(release_index.corpus_dir).is_absolute()
    data = assistant.ask("Combien de territoires d'industrie compte la France ?").to_json()
    sources = [c["source"] for c in data["citations"]]
    assert sources and all(s == c["doc_id"] for s, c in zip(sources, data["citations"], strict=True))
    assert str(release_index.corpus_dir) not in str(data)


def test_a_calendar_written_line_by_line_is_quoted_one_date_at_a_time(tmp_path, use_embedder) -> None:  # type: ignore[no-untyped-def]
    """A préfecture's calendar of ceremonies, one line per date, event and mailing, without full stops
    (hand-written after the shape of the releases set's calendar): the answer quotes the date and its
    event, not the whole calendar that once ran into one sentence; a follow-up naming another event
    keeps the question's setting."""
    from conftest import make_settings

    from ti_assistant.answer.engine import Assistant
    from ti_assistant.ingest.pipeline import ingest

    settings = make_settings(tmp_path)
    lines = ["Cérémonies patriotiques 2019", ""]
    for day, event in (
        ("Dimanche 28 avril", "Journée nationale du souvenir des victimes de la déportation"),
        ("Mercredi 8 mai", "Commémoration de la victoire du 8 mai 1945 au monument aux morts"),
        ("Lundi 27 mai", "Journée nationale de la Résistance et pavoisement des édifices publics"),
        ("Mardi 18 juin", "Commémoration de l'appel du 18 juin 1940 devant la préfecture"),
        (
            "Mercredi 25 septembre",
            "Journée nationale d'hommage aux harkis et aux membres des formations supplétives",
        ),
    ):
        lines += [f"{day} :", event, "Courrier aux maires et message ministériel"]
    (settings.corpus_dir / "2019-01-10_ceremonies.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest(settings, embedder=use_embedder)
    assistant = Assistant(settings, embedder=use_embedder)

    first = assistant.ask("Quand a lieu la Journée nationale de la Résistance dans le département ?")
    assert first.status != "refused" and first.citations
    assert first.citations[0].quote.startswith("Lundi 27 mai : Journée nationale de la Résistance")
    assert len(first.citations[0].quote.split()) < 20
    follow = assistant.ask("Et l'hommage aux harkis ?", [assistant.turn(first)])
    assert follow.standalone_question is not None and "dans le département" in follow.standalone_question
    assert follow.citations and follow.citations[0].quote.startswith("Mercredi 25 septembre :")


def test_a_greeting_gets_a_courtesy_reply_not_a_refusal_or_quotes(assistant) -> None:  # type: ignore[no-untyped-def]
    """ "Bonjour !" asks nothing of the releases: the reply says what the assistant does and on which
    releases, with nothing retrieved or cited — also in the middle of a conversation."""
    first = assistant.ask("Qui pilote le territoire d'industrie d'Alès ?")
    for history in ([], [assistant.turn(first)]):
        answer = assistant.ask("Bonjour, comment allez-vous ?", history=history)
        assert answer.answer.startswith(
            "Je réponds aux questions sur les communiqués dont je dispose (1 communiqué"
        )
        assert answer.refused and not answer.citations and not answer.passages
