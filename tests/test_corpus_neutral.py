"""The engine serves any corpus of official releases: what it says about its corpus (description,
refusal, example questions) comes from the indexed releases and settings, never from code."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import fake_embedder

from ti_assistant.answer.corpus import FAQ, OTHERS, RELEASES, CorpusProfile
from ti_assistant.answer.engine import Assistant
from ti_assistant.config import Settings
from ti_assistant.ingest.pipeline import ingest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "ti_assistant"
DOMAIN_WORDS = ("territoires d'industrie", "territoire d'industrie", "alès", "ales", "occitanie")


def _other_corpus(tmp_path: Path) -> Settings:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "cnil.md").write_text(
        "---\ntitle: Les cookies et traceurs\ndate: 2021-03-31\npublisher: CNIL\n---\n"
        "Les traceurs doivent recueillir le consentement de l'internaute avant tout dépôt.\n",
        encoding="utf-8",
    )
    (corpus / "aides.md").write_text(
        "---\ntitle: Aide au logement étudiant\ndate: 2022-09-01\npublisher: Service public\n---\n"
        "Un étudiant locataire peut bénéficier d'une aide personnalisée au logement.\n",
        encoding="utf-8",
    )
    return Settings.from_env({}, corpus_dir=str(corpus), index_dir=str(tmp_path / "idx"))


def test_another_corpus_is_described_from_its_own_releases(tmp_path: Path) -> None:
    settings = _other_corpus(tmp_path)
    embedder = fake_embedder()
    assert ingest(settings, embedder=embedder).added == 2
    assistant = Assistant(settings, embedder=embedder)
    profile = assistant.profile()
    refusal = assistant.ask("Quel est le prix d'un billet de train pour Lyon ?").answer
    said = " ".join([profile.description, refusal, *profile.examples]).lower()
    assert not [w for w in DOMAIN_WORDS if w in said]
    assert (
        profile.description
        == "2 communiqués de presse, publiés par CNIL et Service public, du 31 mars 2021 au 1er septembre 2022"
    )
    assert refusal.count("CNIL") == 1 and "consultez les sites officiels" in refusal
    assert profile.examples == (
        "Que dit le communiqué « Aide au logement étudiant » ?",
        "Que dit le communiqué « Les cookies et traceurs » ?",
    )


def test_settings_name_the_corpus_and_its_examples() -> None:
    stats = {
        "documents": 1,
        "publishers": ["Préfecture du Gard"],
        "date_range": ["2024-05-02"] * 2,
        "titles": ["T"],
    }
    profile = CorpusProfile.from_stats(stats, "programme Petites villes de demain", ["Qui signe ?"])
    assert profile.description == (
        "1 communiqué de presse, publié par Préfecture du Gard, du 2 mai 2024 (programme Petites villes de demain)"
    )
    assert profile.examples == ("Qui signe ?",)
    assert "les sites officiels" in CorpusProfile.from_stats({"documents": 0}).refusal()


def test_a_refusal_says_what_the_releases_cover_in_one_short_sentence() -> None:
    """150 publishers indexed: the refusal counts them; two are named; the period is given in months."""
    publishers = [f"Préfecture n° {i}" for i in range(150)]
    stats = {"documents": 400, "publishers": publishers, "date_range": ["2018-01-02", "2024-05-02"]}
    refusal = CorpusProfile.from_stats(stats).refusal()
    assert refusal == (
        "Les communiqués dont je dispose (400 communiqués de 150 émetteurs, de janvier 2018 à mai 2024) "
        "ne répondent pas à cette question : reformulez-la ou consultez les sites officiels."
    )
    stats = {"documents": 1, "publishers": ["Préfecture du Gard"], "date_range": ["2024-05-02"] * 2}
    assert (
        "(1 communiqué publié par Préfecture du Gard, mai 2024)" in CorpusProfile.from_stats(stats).refusal()
    )


def test_no_domain_text_in_the_code() -> None:
    """String literals of the package (docstrings aside) name no programme, place or region."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                hits = [w for w in DOMAIN_WORDS[:3] if w in node.value.lower()]
                found += [f"{path.name}:{node.lineno}: {w}" for w in hits]
    assert found == []


def test_the_kind_of_text_is_read_from_the_corpus_unless_set(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Releases (dated, signed) take the rules chosen on releases; undated, unsigned sheets titled with
    questions, those of a FAQ; other texts (an encyclopaedia) the general ones; TI_CORPUS_KIND overrides;
    the kind follows the index as it grows."""
    from dataclasses import replace

    from ti_assistant.answer.confidence import KindRules, shipped_models

    general = replace(
        shipped_models(),
        answer_at=0.9,
        kinds=(
            ("communiques", KindRules(0.6, 0.1, frozenset({"untyped"}))),
            ("faq", KindRules(0.7, 0.2, absent_below=0.5)),
        ),
    )
    monkeypatch.setattr("ti_assistant.answer.engine.shipped_models", lambda *ids: general)
    settings = _other_corpus(tmp_path)  # two dated releases with their publishers
    embedder = fake_embedder()
    ingest(settings, embedder=embedder)
    assistant = Assistant(settings, embedder=embedder)
    assert (assistant.profile().kind, assistant.models.answer_at, assistant.models.refusals) == (
        "communiques",
        0.6,
        {"untyped"},
    )
    forced = Assistant(settings.model_copy(update={"corpus_kind": "autres"}), embedder=embedder)
    assert (forced.models.answer_at, forced.models.refusals) == (0.9, general.refusals)
    corpus = Path(settings.corpus_dir)
    for n in range(3):  # an FAQ's sheets: no date, no publisher
        (corpus / f"faq-{n}.txt").write_text(
            f"Question {n} : que faire ? Réponse numéro {n}.\n", encoding="utf-8"
        )
    ingest(settings, embedder=embedder)
    assistant.ask("Que faire ?")
    # now mostly sheets titled with a question: a FAQ, with its own bars
    models = assistant.models
    assert (assistant.profile().kind, models.answer_at, models.absent_below) == ("faq", 0.7, 0.5)


def test_a_corpus_titled_with_the_questions_it_answers_is_taken_for_a_faq() -> None:
    """The kind of text chooses the models' bars: dated or signed documents are releases; otherwise
    a corpus whose titles are mostly questions is a FAQ; anything else is another kind of text."""
    faq = {
        "documents": 4,
        "titles": ["Que faire contre les spams ?", "Un cookie : qu'est-ce ? ", "Qui ?", "Tarifs"],
    }
    assert CorpusProfile.from_stats(faq).kind == FAQ
    assert CorpusProfile.from_stats(dict(faq, dated_or_published=2)).kind == RELEASES
    assert (
        CorpusProfile.from_stats(dict(faq, titles=["Sport", "Algérie", "Qui ?", "Les Ulis"])).kind == OTHERS
    )
