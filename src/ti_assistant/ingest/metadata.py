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


def date_from_text(text: str) -> str | None:
    """The release date: the first date in its opening ("Le 9 décembre 2019, ...")."""
    found = dates_in_text(text[:3000])
    return found[0][2] if found else None


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
