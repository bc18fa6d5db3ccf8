from ti_assistant.text.french import fold, looks_english, sentence_spans, terms


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text)]


def test_fold_strips_accents_apostrophes_and_digit_groups() -> None:
    assert fold("L’État a aidé 8 200 entreprises") == "l'etat a aide 8200 entreprises"


def test_terms_remove_elisions_stop_words_and_stem() -> None:
    assert terms("L'industrie et les industries d'Alès") == ["industr", "industr", "ale"]
    assert terms("Etat") == terms("État") == terms("l'État")


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
