from ti_assistant.ingest.metadata import (
    date_from_filename,
    date_from_text,
    publisher_from_text,
    region_from_text,
)
from ti_assistant.text.dates import french_date, parse_iso


def test_dates_from_text_and_file_names() -> None:
    assert date_from_text("Le 9 décembre 2019, Étienne Guyot a signé.") == "2019-12-09"
    assert date_from_text("Paris, le 1er mars 2021 : annonce") == "2021-03-01"
    assert date_from_text("Publié le 05/02/2019.") == "2019-02-05"
    assert date_from_text("Aucune date ici, seulement 2019 habitants.") is None
    assert date_from_filename("2019-12-09_communique.md") == "2019-12-09"
    assert date_from_filename("communique-2019-13-40.md") is None


def test_french_date_rendering() -> None:
    assert french_date("2019-12-09") == "9 décembre 2019"
    assert french_date("2021-03-01") == "1er mars 2021"
    assert french_date(None) == ""


def test_only_real_calendar_dates_are_accepted() -> None:
    assert parse_iso("2019-12-09") == "2019-12-09"
    assert [parse_iso(s) for s in ("2021-13-45", "2021-02-30", "demain matin", "09/08/2024")] == [None] * 4
    assert date_from_filename("2021-02-30_puis_2019-12-09.md") == "2019-12-09"


def test_region_tolerates_a_misspelling() -> None:
    assert region_from_text("La Région Occitania et l'Occitanie signent") == "Occitanie"
    assert region_from_text("Rien de régional") is None


def test_publishers() -> None:
    text = "Étienne Guyot, préfet de la région Occitanie, et la Région Occitanie signent."
    assert publisher_from_text(text, "Occitanie") == "Préfecture de région Occitanie ; Région Occitanie"
    assert publisher_from_text("Communiqué de la préfecture du Gard.", None) == "Préfecture du Gard"
    assert publisher_from_text("Le ministère de l'Économie et des Finances annonce un plan.", None) == (
        "Ministère de l'Économie et des Finances"
    )


def test_the_publisher_comes_from_the_header_or_the_signature_never_the_body() -> None:
    """A release that speaks of a préfecture in its body was not issued by it; a name stops at the
    end of its line ("Préfecture du Gard", not "Préfecture du Gard Le")."""
    body = "x" * 250 + " Le préfet de la région Occitanie et le ministère de la Culture ont visité le site."
    assert publisher_from_text(body, "Occitanie") is None
    assert (
        publisher_from_text("Préfecture du Gard\nLe 4 mai 2021, un plan est annoncé.", None)
        == "Préfecture du Gard"
    )
    signed = body + "\n\nContacts presse :\nPréfecture : Jeanne Martin – 01 23 45 67 89"
    assert publisher_from_text(signed, "Occitanie") == "Préfecture de région Occitanie"


def test_a_release_date_is_a_dateline_not_any_date_of_the_text() -> None:
    assert date_from_text("*Le 9 décembre 2019, le préfet a signé le contrat.*") == "2019-12-09"
    assert date_from_text("Alès, le 9 décembre 2019\nCommuniqué") == "2019-12-09"
    assert date_from_text("Publié le 4 mai 2021\nLa préfecture annonce") == "2021-05-04"
    assert date_from_text("Né le 2 août 1940 à Paris, il devient ministre le 29 août 2014.") is None
    assert date_from_text("Le château, construit en 1640, fut vendu le 3 mars 1790.") is None
