import pytest

from ti_assistant.text.french import (
    expand_texting,
    fold,
    found_in,
    looks_english,
    name_found,
    sentence_spans,
    terms,
)


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_fold_strips_accents_apostrophes_and_digit_groups() -> None:
    assert fold("L’État a aidé 8 200 entreprises") == "l'etat a aide 8200 entreprises"


def test_terms_remove_elisions_stop_words_and_stem() -> None:
    assert terms("L'industrie et les industries d'Alès") == ["industr", "industr", "ale"]
    assert terms("Etat") == terms("État") == terms("l'État")


def test_remembered_terms_come_as_a_new_list_and_long_texts_as_short_ones() -> None:
    first = terms("Les industries d'Alès")
    first.append("modifié")  # a caller's change must not reach the next caller
    assert terms("Les industries d'Alès") == ["industr", "ale"]
    long = "L’État a aidé 8 200 entreprises. " * 60  # longer than any remembered text
    assert fold(long) == "l'etat a aide 8200 entreprises. " * 60
    assert terms(long) == terms("L’État a aidé 8 200 entreprises. ") * 60


def test_abbreviations_do_not_end_sentences() -> None:
    text = "M. Guyot a signé. Mme Delga aussi, voir art. 5 et le n° 3. Fin du texte."
    assert _sentences(text) == [
        "M. Guyot a signé.",
        "Mme Delga aussi, voir art. 5 et le n° 3.",
        "Fin du texte.",
    ]


def test_blank_lines_and_list_items_split_sentences_and_bullets_are_trimmed() -> None:
    text = "Trois principes :\n- le ciblage ;\n- la gestion\n\nSuite"
    assert _sentences(text) == ["Trois principes :", "le ciblage ;", "la gestion", "Suite"]


def test_quotes_and_guillemets_end_sentences() -> None:
    assert _sentences("Il a dit « oui. » Puis il est parti.") == ["Il a dit « oui. »", "Puis il est parti."]


def test_blocks_glued_by_html_extraction_are_split_into_sentences() -> None:
    text = "Oui.Votre accord est requis par la Banque de France.Les incidents sont signalés. Que faire ?Signalez-le."
    assert _sentences(text) == [
        "Oui.",
        "Votre accord est requis par la Banque de France.",
        "Les incidents sont signalés.",
        "Que faire ?",
        "Signalez-le.",
    ]
    # Neither a web address, a decimal number, an initial nor an abbreviation ends a sentence.
    kept = "Voir www.service-public.fr ou M.Dupont, taux de 3.5 %, Liv Tyler, etc.Au sommet."
    assert _sentences(kept) == [kept]


def test_english_detection() -> None:
    assert looks_english("How many industrial territories are there in France?")
    assert not looks_english("Combien de territoires d'industrie en France ?")


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("c quoi territoires d'industrie", "c'est quoi territoires d'industrie"),
        ("C koi les TI ?", "C'est quoi les TI ?"),
        ("les TI c quoi ?", "les TI c'est quoi ?"),
        ("Pk le contrat ?", "Pourquoi le contrat ?"),
        ("qd a-t-il été signé ?", "quand a-t-il été signé ?"),
        ("Ki pilote le projet ?", "Qui pilote le projet ?"),
        # ordinary words and acronyms stay as they are
        ("Les permis de catégorie c ou d ?", "Les permis de catégorie c ou d ?"),
        ("Où est le PK 12 ?", "Où est le PK 12 ?"),
        ("Qu'est-ce que c'est ?", "Qu'est-ce que c'est ?"),
    ],
)
def test_texting_shorthands_are_spelled_out(typed: str, written: str) -> None:
    assert expand_texting(typed) == written


def test_a_noun_and_its_verb_are_one_word_family() -> None:
    def stem(word: str) -> str:
        return terms(word)[0]

    pairs = [("signature", "signé"), ("pilotage", "piloté"), ("candidature", "candidater")]
    # agent nouns, and verbs whose nouns spell the root in its learned form (`lexicon.LEARNED_ROOTS`)
    pairs += [("fondateur", "fondé"), ("fondatrice", "fonder"), ("président", "préside")]
    pairs += [("directeur", "dirige"), ("directrice", "diriger"), ("direction", "dirigé")]
    pairs += [("production", "produire"), ("construction", "construit")]
    # the forms of a verb in -ire, which Snowball stems apart
    pairs += [("inscription", "s'inscrire"), ("inscrits", "inscrivez"), ("traduction", "traduit")]
    pairs += [("prescription", "prescrire"), ("réduction", "réduire"), ("conduite", "conduire")]
    # an adjective made from a noun
    pairs += [("priorités", "prioritaires"), ("volonté", "volontaire")]
    for noun, verb in pairs:
        assert found_in(stem(noun), {stem(verb)}) and found_in(stem(verb), {stem(noun)}), (noun, verb)
    assert not found_in(stem("direction"), {stem("dire")})
    assert not found_in(stem("carte"), {stem("car")})  # a root of 3 letters relates too many words
    assert not found_in(stem("signature"), {stem("signal")})
    assert not found_in(stem("impact"), {stem("impair")})  # "ct" is a form of verbs in -uire only
    assert not found_in(stem("écrit"), {stem("écrire")})  # a shared part of 3 letters: too short to tell
    assert found_in(stem("signature"), set(terms("Les partenaires ont signé le contrat.")))


def test_a_place_is_found_by_its_people_and_its_people_by_the_place() -> None:
    def stem(word: str) -> str:
        return terms(word)[0]

    pairs = [("Italie", "italiennes"), ("Gaule", "Gaulois"), ("Europe", "européens"), ("Lozère", "Lozériens")]
    pairs += [("Rennes", "rennais"), ("Figeac", "figeacoise")]
    for place, people in pairs:
        assert name_found(stem(place), {stem(people)}) and name_found(stem(people), {stem(place)}), place
    assert name_found(stem("Figeac"), set(terms("Le maire de Figeac a signé.")))
    assert not name_found(stem("Figeac"), set(terms("Le maire de Cahors a signé.")))
    assert not name_found(stem("Alès"), {stem("Alain")})  # a root of 3 letters stands only for itself


def test_found_in_says_what_comparing_stem_by_stem_says() -> None:
    """`found_in` reads the word family by set lookups; it says what comparing the term with each stem
    says (`related` below, the rule it was written from), for every pair of stems of a text and of the
    learned roots."""
    from ti_assistant.text import lexicon
    from ti_assistant.text.french import _DERIVED, _IRE_FORMS, _LEARNED, _MIN_ROOT

    def ire_base(stem: str) -> str | None:  # the shared part of a verb in -ire's form, if it is one
        ends = [e for e in (*_IRE_FORMS, "ct") if stem.endswith(e) and len(stem) - len(e) >= _MIN_ROOT]
        base = stem[: -len(ends[0])] if ends else None
        return None if base is None or (ends[0] == "ct" and not base.endswith("u")) else base

    def related(term: str, other: str) -> bool:  # equal, one is the other plus a derivational ending, or
        term, other = _LEARNED.get(term, term), _LEARNED.get(other, other)  # two forms of one -ire verb
        short, long = (term, other) if len(term) < len(other) else (other, term)
        return (
            term == other
            or (len(short) >= _MIN_ROOT and long.startswith(short) and long[len(short) :] in _DERIVED)
            or (ire_base(term) is not None and ire_base(term) == ire_base(other))
        )

    text = (
        "Le directeur a dirigé la signature du contrat ; les signataires, fondateurs et présidents ont "
        "signé, piloté et construit la direction, la production et le pilotage des constructions, "
        "puis la carte des cars ; les inscrits s'inscrivent à l'inscription, la réduction réduit."
    )
    stems = sorted(
        set(terms(text)) | {root for entry in lexicon.LEARNED_ROOTS.words for root in entry.split("=")}
    )
    for term in stems:
        for other in stems:
            assert found_in(term, {other}) == related(term, other), (term, other)
        assert found_in(term, set(stems[:7])) == any(related(term, other) for other in stems[:7])


def test_items_of_a_list_run_into_one_line_are_sentences_of_their_own() -> None:
    """A release's bullets may reach us on one line ("… : • a ; • b"): each item is still a sentence,
    and known as a list item, so that a quote can carry the list a sentence announces."""
    from ti_assistant.text.french import in_list_item

    text = "Trois priorités : • les zones rurales ; • les petites villes ; • les quartiers.\nLa suite."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans] == [
        "Trois priorités :",
        "les zones rurales ;",
        "les petites villes ;",
        "les quartiers.",
        "La suite.",
    ]
    assert [in_list_item(text, a) for a, _ in spans] == [False, True, True, True, False]
    assert in_list_item("Intro :\n- premier point", 10) and not in_list_item("Alès-Nîmes ; le 2", 9)
