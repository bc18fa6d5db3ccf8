"""Guess a release's date, publisher and region from its file name and text.

Explicit metadata (front matter or a `<file>.meta.json` sidecar) always wins over these guesses.
"""

from __future__ import annotations

import re
from collections import Counter

from ti_assistant.french import fold

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}
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

REGIONS = (
    "Auvergne-Rhône-Alpes",
    "Bourgogne-Franche-Comté",
    "Bretagne",
    "Centre-Val de Loire",
    "Corse",
    "Grand Est",
    "Hauts-de-France",
    "Île-de-France",
    "Normandie",
    "Nouvelle-Aquitaine",
    "Occitanie",
    "Pays de la Loire",
    "Provence-Alpes-Côte d'Azur",
    "Guadeloupe",
    "Martinique",
    "Guyane",
    "La Réunion",
    "Mayotte",
)

_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_FRENCH_DATE = re.compile(r"\b(1er|\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def _iso(year: int, month: int, day: int) -> str | None:
    if 1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def date_from_filename(name: str) -> str | None:
    match = _ISO.search(name)
    return _iso(int(match[1]), int(match[2]), int(match[3])) if match else None


def dates_in_text(text: str) -> list[tuple[int, int, str]]:
    """Every date written in the text, as (start, end, ISO date), in order of appearance.

    Offsets refer to `fold(text)`, whose length equals the text's except around digit groups.
    """
    folded = fold(text)
    found: list[tuple[int, int, str]] = []
    for match in _FRENCH_DATE.finditer(folded):
        day = 1 if match[1] == "1er" else int(match[1])
        iso = _iso(int(match[3]), MONTHS[match[2]], day)
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in _NUMERIC_DATE.finditer(folded):
        iso = _iso(int(match[3]), int(match[2]), int(match[1]))
        if iso:
            found.append((match.start(), match.end(), iso))
    for match in _ISO.finditer(folded):
        iso = _iso(int(match[1]), int(match[2]), int(match[3]))
        if iso:
            found.append((match.start(), match.end(), iso))
    return sorted(found)


def date_from_text(text: str) -> str | None:
    """The release date: the first date in its opening ("Le 9 décembre 2019, ...")."""
    found = dates_in_text(text[:3000])
    return found[0][2] if found else None


def french_date(iso: str | None) -> str:
    """'2019-12-09' -> '9 décembre 2019' (empty when unknown)."""
    if not iso:
        return ""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1er' if day == 1 else day} {MONTH_NAMES[month - 1]} {year}"


# One pattern for all regions; the last letter may differ ("Occitania" for Occitanie).
_REGION_STEMS = {fold(region)[:-1]: region for region in REGIONS}
_REGION = re.compile(r"\b(" + "|".join(re.escape(stem) for stem in _REGION_STEMS) + r")\w?\b")


def region_from_text(text: str) -> str | None:
    """The region the release speaks of most often."""
    counts = Counter(_REGION_STEMS[m[1]] for m in _REGION.finditer(fold(text)))
    return counts.most_common(1)[0][0] if counts else None


_OF = r"de l'|de la |des |du |de "
_PROPER = r"[A-ZÀ-Ý][\w'’-]*(?:(?:\s+(?:et|de|des|du|la)\b)*(?:\s+l'|\s+)[A-ZÀ-Ý][\w'’-]*)*"


def publisher_from_text(text: str, region: str | None) -> str | None:
    """Who issued the release: the préfecture, the Région, a ministry, or several of them."""
    folded = fold(text)
    publishers: list[str] = []
    if re.search(r"\bprefet(ure)? de (la )?region\b|\bprefet d'|\bprefecture\s*:", folded) and region:
        publishers.append(f"Préfecture de région {region}")
    elif "prefecture" in folded:
        match = re.search(r"\b(?i:pr[ée]fecture) (?:" + _OF + r")" + _PROPER, text)
        publishers.append("Préfecture " + match[0].split(None, 1)[1] if match else "Préfecture")
    if region and re.search(r"\b(la |conseil )?region " + re.escape(fold(region)[:-1]), folded):
        publishers.append(f"Région {region}")
    ministry = re.search(r"\b(?i:minist[èe]re) (?:" + _OF + r")" + _PROPER, text)
    if ministry and not publishers:
        publishers.append("Ministère " + ministry[0].split(None, 1)[1])
    return " ; ".join(publishers) or None
