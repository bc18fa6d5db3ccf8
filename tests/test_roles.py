"""Offices read from appositions, and questions that name an office read as questions about its holder."""

from __future__ import annotations

import pytest

from ti_assistant.answer.roles import asked_office, holder, holder_test, offices, resolve, role_of_another

SIGNING = (
    "Le 9 décembre 2019, Étienne Guyot, préfet d'Occitania, préfet de la Haute-Garonne, et Max Roustan, "
    "maire d'Alès et président d'Alès agglomération, ont signé le contrat avec Jalil Benabdillah, Premier "
    "Vice-Président d'Alès Agglomération. Le comité était présidé par "
    "Carole Delga, présidente de la Région Occitanie et en présence du préfet de région."
)


def test_offices_are_read_from_appositions() -> None:
    assert offices([SIGNING]) == [
        ("Étienne Guyot", "préfet d'Occitania"),
        ("Étienne Guyot", "préfet de la Haute-Garonne"),
        ("Max Roustan", "maire d'Alès"),
        ("Max Roustan", "président d'Alès agglomération"),
        ("Jalil Benabdillah", "Premier Vice-Président d'Alès Agglomération"),
        ("Carole Delga", "présidente de la Région Occitanie"),
    ]
    assert offices(["Bruno Le Maire, ministre de l'Économie et des Finances, a annoncé."]) == [
        ("Bruno Le Maire", "ministre de l'Économie")
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("De quoi se félicite le maire d'Alès ?", "De quoi se félicite Max Roustan ?"),
        ("Que dit le maire d'Alès ?", "Que dit Max Roustan ?"),  # accents, case and elision ignored
        ("que dit le maire d ales ?", "que dit Max Roustan ?"),
        ("Quel est l'avis du préfet ?", "Quel est l'avis d'Étienne Guyot ?"),  # one préfet: the head suffices
        ("Que répond-on au préfet ?", "Que répond-on à Étienne Guyot ?"),
        # Asking who holds the office: the office is the subject, nothing to replace.
        ("Qui est le maire d'Alès ?", "Qui est le maire d'Alès ?"),
        ("Que dit la présidente ?", "Que dit Carole Delga ?"),
        ("Que dit le président d'Alès agglomération ?", "Que dit Max Roustan ?"),
        # "président" inside "vice-président" is another office; the rank may be left out.
        ("Que dit le vice-président d'Alès Agglomération ?", "Que dit Jalil Benabdillah ?"),
        # No office named, or the person already named.
        ("Que contient le contrat ?", "Que contient le contrat ?"),
        ("Que dit Max Roustan, maire d'Alès ?", "Que dit Max Roustan, maire d'Alès ?"),
    ],
)
def test_an_office_named_in_a_question_becomes_its_holder(question: str, expected: str) -> None:
    assert resolve(question, [SIGNING]) == expected


def test_an_office_two_people_hold_is_left_alone() -> None:
    texts = [SIGNING, "Pierre Dupont, préfet du Gard, a salué la signature."]
    assert resolve("Que dit le préfet ?", texts) == "Que dit le préfet ?"
    assert resolve("Que dit le préfet du Gard ?", texts) == "Que dit Pierre Dupont ?"


def test_an_office_of_another_place_than_the_question_names_is_left_alone() -> None:
    """The only préfet the passages name is the Gard's: a question naming another département by its
    office title alone ("préfet", "Lozère") is not about him."""
    texts = ["Pierre Dupont, préfet du Gard, préfet de la zone de défense sud, a salué la signature."]
    assert resolve("Quel jour le préfet a-t-il pris ses fonctions en Lozère ?", texts).count("Dupont") == 0
    assert resolve("Quel jour le préfet a-t-il pris ses fonctions dans le Gard ?", texts).count("Dupont") == 1


def test_without_the_texts_saying_who_nothing_changes() -> None:
    assert (
        resolve("Que dit le maire d'Alès ?", ["Le contrat a été signé à Alès."])
        == "Que dit le maire d'Alès ?"
    )


@pytest.mark.parametrize(
    ("question", "office"),
    [
        ("Qui est la préfète du Cher ?", "pr[ée]f[eè]te?"),
        ("qui est le prefet d occitanie", "pr[ée]f[eè]te?"),
        ("Qui était le secrétaire général de la préfecture en 2020 ?", "secr[ée]taire\\s+g[ée]n[ée]rale?"),
        ("Qui est la nouvelle présidente de la Région ?", "pr[ée]sidente?"),
        ("Quel est le nom de la préfète du Cher ?", "pr[ée]f[eè]te?"),  # her name is who she is
        ("Comment s'appelle le maire de Bourges ?", "maire"),
        ("Quel est le nom du tunnel ?", None),
        ("Qui est le propriétaire du château ?", None),  # not an office of the lexicon
        ("Qui a signé le contrat ?", None),  # asks for a person, not for an office's holder
        ("Que dit le préfet ?", None),
    ],
)
def test_a_question_asking_who_holds_an_office(question: str, office: str | None) -> None:
    assert asked_office(question) == office


def test_an_office_question_is_answered_by_a_sentence_naming_the_holder_beside_the_office() -> None:
    names_holder = holder_test("Qui est la préfète du Cher ?")
    assert names_holder is not None
    for naming in (
        "Marie Durand, préfète du Cher, a salué les élus.",
        "La préfète du Cher, Marie Durand, a salué les élus.",
        "La préfète Marie Durand a salué les élus.",
        "Marie Durand a pris ses fonctions de préfète du Cher lundi.",
        "Marie Durand est la nouvelle préfète du Cher.",
        "Marie Durand, nouvelle préfète du Cher, a salué les élus.",
    ):
        assert names_holder(naming), naming
    # other people beside her title, or her name far from it, do not say who she is
    for other in (
        "La préfète du Cher a visité le site avec Paul Martin, maire de Bourges, et Jeanne Petit.",
        "Marie Durand a salué les élus.",
        # someone who meets her: the office has its own article
        "Paul Martin a rencontré la préfète du Cher.",
        "Paul Martin a inauguré la halle en présence de la nouvelle préfète du Cher.",
    ):
        assert not names_holder(other), other
    # the person the question already names is not the answer
    names_holder = holder_test("Qui était préfet de la Marne avant Henri Prévost ?")
    assert names_holder is not None
    assert not names_holder("Henri Prévost a pris ses fonctions de préfet de la Marne.")


def test_the_holder_named_by_a_sentence_is_the_short_answer() -> None:
    assert holder("Qui est le maire d'Alès ?", SIGNING) == "Max Roustan"
    assert holder("Qui est la préfète du Cher ?", "La préfète du Cher, Marie Durand, a salué les élus.") == (
        "Marie Durand"
    )
    # a place the question names and the sentence does not; two people by the same office; no office
    assert holder("Qui est le maire de Nîmes ?", SIGNING) is None
    two = "Paul Martin, maire de Bourges, et Jeanne Petit, maire de Vierzon, ont signé."
    assert holder("Qui est le maire ?", two) is None
    assert holder("Qui a signé le contrat ?", SIGNING) is None


def test_a_signature_names_the_holder_of_its_office() -> None:
    signed = "Jeanne Martin Préfète des Alpes-de-Haute-Provence"  # a signature, as the loader reads it
    question = "Qui est la préfète des Alpes-de-Haute-Provence ?"
    names_holder = holder_test(question)
    assert names_holder is not None and names_holder(signed)
    assert holder(question, signed) == "Jeanne Martin"  # a hyphenated place is read word by word
    assert holder("Qui est la préfète du Cher ?", signed) is None


@pytest.mark.parametrize(
    ("sentence", "another"),
    [
        ("Yann Belhomme, Directeur Général de DUQUEINE Engineering, pilote le territoire.", True),
        ("Anne Martin, directrice de l'IMT Mines Alès, a signé.", False),
        ("Le directeur de l'école, Anne Martin, a signé.", False),  # of no name: may be the one asked
        ("Anne Martin, directrice générale de l'Institut Mines-Télécom, a signé.", False),  # a shared word
        ("Le directeur de DUQUEINE Engineering et le directeur, Anne Martin, ont signé.", False),
        ("Anne Martin a signé.", False),  # no role at all: what the question asks is unsaid, not another's
    ],
)
@pytest.mark.parametrize(
    "question", ["Qui est le directeur de l'IMT Mines Alès ?", "Qui dirige l'IMT Mines Alès ?"]
)
def test_a_role_given_only_as_the_role_of_another_name(question: str, sentence: str, another: bool) -> None:
    """By the role's name or by its verb (hand-written questions on the shipped release, 2026-12-07)."""
    assert role_of_another(question, sentence) is another


def test_a_verb_of_no_office_asks_no_role() -> None:
    sentence = "Yann Belhomme, Directeur Général de DUQUEINE Engineering, pilote le territoire."
    assert not role_of_another("Qui finance l'IMT Mines Alès ?", sentence)
    assert role_of_another(
        "Qui préside l'IMT Mines Alès ?", "Anne Martin, présidente de la CCI du Gard, a signé."
    )


def test_a_role_of_an_acronym_the_question_spells_out_is_the_one_asked() -> None:
    question = "Qui est le directeur de l'Agence régionale de santé ?"
    assert not role_of_another(question, "Paul Durand, directeur général de l'ARS Occitanie, a visité.")
    assert role_of_another(question, "Paul Durand, directeur de la DREAL Occitanie, a visité.")
    assert not role_of_another("Quel est le nom du directeur ?", "Paul Durand, directeur de la DREAL.")
