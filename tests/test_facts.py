"""The checkable facts of a statement, and values that compare across French ways of writing them."""

from __future__ import annotations

from ti_assistant.answer.facts import AMOUNT, DATE, NUMBER, ORGANISATION, PERSON, PLACE, facts


def _by_text(text: str) -> dict[str, tuple[str, str]]:
    return {f.text: (f.kind, f.value) for f in facts(text)}


def test_figures_amounts_dates_and_names_are_found_with_comparable_values() -> None:
    found = _by_text(
        "Carole Delga et le préfet Étienne Guyot ont signé à Alès le 09/12/2019 un contrat de 8 200 emplois."
    )
    assert found["Carole Delga"] == (PERSON, "carole delga")
    assert found["Étienne Guyot"][0] == PERSON
    assert found["Alès"] == (PLACE, "ales")
    assert found["09/12/2019"] == (DATE, "2019-12-09")
    assert found["8 200"] == (NUMBER, "8200 emplois")
    orgs = _by_text("Il est financé par la Banque des Territoires et la DIRECCTE.")
    assert orgs["Banque des Territoires"][0] == ORGANISATION and orgs["DIRECCTE"][0] == ORGANISATION


def test_the_same_sum_written_three_ways_has_one_value() -> None:
    values = {
        f.value for t in ("1,3 milliard d'euros", "1 300 millions d'euros", "1300 M€") for f in facts(t)
    }
    assert values == {"1300000000 EUR"}
    assert facts("20 000 €")[0].kind == AMOUNT and facts("20000 euros")[0].value == "20000 EUR"


def test_a_date_matches_at_the_precision_the_statement_gives() -> None:
    year, month, day = facts("en 2019")[0], facts("en décembre 2019")[0], facts("le 9 décembre 2019")[0]
    assert year.same(day) and month.same(day) and not day.same(month)
    assert not day.comparable(year)  # a year says nothing against a day of that year
    assert day.comparable(facts("le 12 décembre 2019")[0]) and not day.same(facts("le 12 décembre 2019")[0])


def test_numbers_compare_only_with_numbers_of_the_same_unit() -> None:
    territories, actions = facts("146 territoires")[0], facts("10 actions")[0]
    assert not territories.comparable(actions)
    assert territories.comparable(facts("150 territoires")[0])
    assert facts("25 %")[0].unit == "%"


def test_capitalised_common_words_and_months_are_not_names() -> None:
    assert facts("Lundi, le Président a parlé.") == []
    assert [f.text for f in facts("La Région Occitanie aide les entreprises.")] == ["Région Occitanie"]


def test_days_listed_before_a_date_share_its_month() -> None:
    """ "La DIR Est ferme la RN57 le 17 octobre 2023." was contradicted by "Les mardi 17 et mercredi 18
    octobre 2023, … va fermer la section de la RN57" (a statement checked by hand, 2026-12-07)."""
    dates = [
        f.value
        for f in facts("Les mardi 17 et mercredi 18 octobre 2023, la route est fermée.")
        if f.kind == "date"
    ]
    assert dates == ["2023-10-17", "2023-10-18"]
    assert [f.value for f in facts("Les 7, 8 et 9 mai 2021 à Riom.") if f.kind == "date"] == [
        "2021-05-07",
        "2021-05-08",
        "2021-05-09",
    ]
    # a number before a date, not listed with it, stays a number
    assert [f.kind for f in facts("Il y a 12 et 13 projets, le 20 mai 2020.")][:2] == ["nombre", "nombre"]


def test_a_number_counts_the_noun_past_its_adjective_and_no_verb() -> None:
    """ "534 premières France Services" counts France Services; "les dossiers 2021 doivent …": 2021 is a
    year, not a count of anything (statements checked by hand, 2026-12-07)."""
    assert [f.value for f in facts("534 premières écoles ont ouvert.") if f.kind == "nombre"] == ["534 ecol"]
    assert [(f.kind, f.value) for f in facts("Les dossiers 2021 doivent être transmis.")] == [
        ("date", "2021")
    ]


def test_a_time_of_day_is_a_fact_however_it_is_written() -> None:
    """ "fermé la nuit de 22h à 5h" says what "de 22h00 à 05h00" says (a statement checked by hand,
    2026-12-07); "pendant 2 heures" is a length of time, not an hour of the day."""
    assert [f.value for f in facts("Fermé de 22h à 5h.") if f.kind == "heure"] == ["22:00", "05:00"]
    assert [f.value for f in facts("Fermé de 22h00 à 05h00.") if f.kind == "heure"] == ["22:00", "05:00"]
    assert [f.value for f in facts("Ouvert de 9 h 30 à 21 heures.") if f.kind == "heure"] == [
        "09:30",
        "21:00",
    ]
    assert all(f.kind != "heure" for f in facts("La route est fermée pendant 2 heures."))
