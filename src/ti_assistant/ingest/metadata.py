"""Guess a release's date, publisher and region from its file name and text.

Explicit metadata (front matter or a `<file>.meta.json` sidecar) always wins over these guesses.
"""

from __future__ import annotations

import re
from collections import Counter

from ti_assistant.text.dates import dates_in_text, iso_in
from ti_assistant.text.french import fold

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


def date_from_filename(name: str) -> str | None:
    return iso_in(name)


# A dateline: "Le 9 décembre 2019, …", "Alès, le 9 décembre 2019", "Publié le 4 mai 2021" — a date
# that opens a line or follows "le" at the start of the text, not any date of the body.
_DATELINE = re.compile(
    r"(?:^|\n)[\W_]*(?:[A-ZÀ-Ý][\w'’ -]{0,40},\s*)?(?:publi[ée] |mis à jour )?le\s+$", re.I
)
OPENING_CHARS = 400


def date_from_text(text: str) -> str | None:
    """The release date, from a dateline in its opening only: a text that merely mentions dates
    (an encyclopaedia article, "né le 2 août 1940") has no release date."""
    for start, _, iso in dates_in_text(text[:OPENING_CHARS]):
        if _DATELINE.search(text[max(0, start - 60) : start]):
            return iso
    return None


# One pattern for all regions; the last letter may differ ("Occitania" for Occitanie).
_REGION_STEMS = {fold(region)[:-1]: region for region in REGIONS}
_REGION = re.compile(r"\b(" + "|".join(re.escape(stem) for stem in _REGION_STEMS) + r")\w?\b")


def region_from_text(text: str) -> str | None:
    """The region the release speaks of most often."""
    counts = Counter(_REGION_STEMS[m[1]] for m in _REGION.finditer(fold(text)))
    return counts.most_common(1)[0][0] if counts else None


_OF = r"de l'|de la |des |du |de "
# A proper name on one line ("Préfecture du Gard", not "Préfecture du Gard\nLe 4 mai…").
_PROPER = r"[A-ZÀ-Ý][\w'’-]*(?:(?:[ \t]+(?:et|de|des|du|la)\b)*(?:[ \t]+l'|[ \t]+)[A-ZÀ-Ý][\w'’-]*)*"
_SIGNATURE = re.compile(r"\bcontacts?(?:\s+presse)?\b|\bservice de (?:la )?communication\b", re.I)
HEADER_LINE_CHARS = 200  # a header line (letterhead, title) is short; the body's paragraphs are not


def issuer_zones(text: str) -> str:
    """The parts of a release that name who issued it: its header (the short lines before the body,
    at most `OPENING_CHARS`) and its signature block (from a "Contact presse" marker on). The body is
    left out: a release that speaks of a préfecture was not issued by it."""
    header: list[str] = []
    for line in text[:OPENING_CHARS].splitlines():
        if len(line) > HEADER_LINE_CHARS:
            break
        header.append(line)
    starts = [m.start() for m in _SIGNATURE.finditer(text)]  # the last marker: contacts end a release
    signature = text[starts[-1] :] if starts and starts[-1] > len(text) // 2 else ""
    return "\n".join(header) + "\n" + signature


def publisher_from_text(text: str, region: str | None) -> str | None:
    """Who issued the release: the préfecture, the Région, a ministry, or several of them, as its
    header or signature block names them (`issuer_zones`)."""
    text = issuer_zones(text)
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
