"""French dates: month names, dates written in a text, ISO checks and French rendering.

One table of months serves the metadata guesses at ingestion, the date questions ("quand") of the
answerer and every date shown to a reader.
"""

from __future__ import annotations

import re
from datetime import date

from ti_assistant.text.french import fold

MONTH_NAMES = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
DAY_NAMES = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = {fold(name): number for number, name in enumerate(MONTH_NAMES, start=1)}  # folded name -> 1..12
MONTHS_RE = "(" + "|".join(MONTHS) + ")"  # folded month names, for patterns over `fold(text)`
# A month and its year ("mars 2023", groups: month, year), in folded text: facts and periods read it.
MONTH_YEAR = re.compile(rf"\b{MONTHS_RE}\s+((?:1\d|20)\d{{2}})\b")
# What follows the figure of an hour ("21h00", "9 h 30", "22h", "(21H"): after it, the figure is a time
# of day or a length of time ("48h"), never a count of things ("de 21h00 à 06h00, les véhicules …").
HOUR_AFTER = re.compile(r"\s*[hH](?:\s*[0-5]\d)?\b")

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_FRENCH_DATE = re.compile(r"\b(1er|\d{1,2})\s+" + MONTHS_RE + r"\s+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def valid_iso(year: int, month: int, day: int) -> str | None:
    """The ISO form of a real calendar date between 1900 and 2100, else None ("2021-13-45")."""
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_iso(text: str) -> str | None:
    """`text` if it is exactly a real ISO date (AAAA-MM-JJ), else None."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{2})-(\d{2})\s*", text)
    return valid_iso(int(match[1]), int(match[2]), int(match[3])) if match else None


def iso_in(name: str) -> str | None:
    """The first real ISO date inside a string such as a file name."""
    for match in _ISO.finditer(name):
        found = valid_iso(int(match[1]), int(match[2]), int(match[3]))
        if found:
            return found
    return None


def dates_in_text(text: str) -> list[tuple[int, int, str]]:
    """Every date written in the text, as (start, end, ISO date), in order of appearance.

    Offsets refer to `fold(text)`, whose length equals the text's except around digit groups.
    """
    folded = fold(text)
    found: list[tuple[int, int, str]] = []
    for match in _FRENCH_DATE.finditer(folded):
        day = 1 if match[1] == "1er" else int(match[1])
        iso = valid_iso(int(match[3]), MONTHS[match[2]], day)
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in _NUMERIC_DATE.finditer(folded):
        iso = valid_iso(int(match[3]), int(match[2]), int(match[1]))
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in _ISO.finditer(folded):
        iso = valid_iso(int(match[1]), int(match[2]), int(match[3]))
        if iso:
            found.append((match.start(), match.end(), iso))
    return sorted(found)


_DAY_MONTH = re.compile(r"\b(1er|\d{1,2})\s+" + MONTHS_RE + r"(?:\s+(\d{4}))?\b")


def day_of(text: str, year_of: str) -> str | None:
    """The first day the text names ("le 25 mars", "9 décembre 2019") as an ISO date, its year taken
    from the ISO date `year_of` when the text gives none (a release dates its events in its own year)."""
    match = _DAY_MONTH.search(fold(text))
    if match is None:
        return None
    day = 1 if match[1] == "1er" else int(match[1])
    return valid_iso(int(match[3] or year_of[:4]), MONTHS[match[2]], day)


def french_month(iso: str) -> str:
    """'2017-07-05' -> 'juillet 2017'."""
    year, month = (int(part) for part in iso.split("-")[:2])
    return f"{MONTH_NAMES[month - 1]} {year}"


def french_date(iso: str | None) -> str:
    """'2019-12-09' -> '9 décembre 2019' (empty when unknown)."""
    if not iso:
        return ""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1er' if day == 1 else day} {MONTH_NAMES[month - 1]} {year}"
