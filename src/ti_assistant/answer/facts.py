"""The checkable facts of a French statement — numbers with their unit, sums of money, dates, times of
day, people, organisations, places — each with a value that compares across the ways French writes it:
"1,3 milliard d'euros" = "1 300 millions d'euros" = "1,3 Md€", "8 200" = "8200", "6 octobre 2023" =
"06/10/2023". What statement checking (`answer.verify`) compares with the releases."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ti_assistant.text import lexicon
from ti_assistant.text.dates import DAY_NAMES, MONTH_YEAR, MONTHS, dates_in_text
from ti_assistant.text.french import fold, stems_of, terms

NUMBER, AMOUNT, DATE, HOUR, PERSON, ORGANISATION, PLACE = (
    "nombre",
    "montant",
    "date",
    "heure",
    "personne",
    "organisation",
    "lieu",
)
NAMED = (PERSON, ORGANISATION, PLACE)

# Over `fold(text)`: digits grouped by spaces are already joined ("8 200" -> "8200").
_SCALE = {"million": 1e6, "millions": 1e6, "milliard": 1e9, "milliards": 1e9, "md": 1e9, "m": 1e6, "k": 1e3}
_FIGURE = re.compile(
    r"(?<![\w,.])(\d+(?:[.,]\d+)?)(?![\w])"
    r"(?:\s*(%|pour ?cent\b))?"
    r"(?:\s*(millions?|milliards?)\b)?"
    r"(?:\s*(?:(d'euros|d'eur\b|euros?\b|eur\b|€)|(md|m|k)\s?€))?"
)
_YEAR = re.compile(r"^(?:1\d|20)\d{2}$")
# A time of day: "22h", "22 h", "22h00", "05h00", "9h30"; "21 heures" after "à", "de", "dès", "vers",
# "entre", "et" ("pendant 2 heures" is a length of time). Over folded text.
_HOUR = re.compile(
    r"(?<![\w,.])([01]?\d|2[0-4])\s*h(?:\s*([0-5]\d))?(?![\w])"
    r"|(?:(?<=\ba )|(?<=\bde )|(?<=\bdes )|(?<=\bvers )|(?<=\bentre )|(?<=\bet ))"
    r"([01]?\d|2[0-4])\s*heures?(?:\s*([0-5]\d))?(?![\w])"
)
# A capitalised run of words, with the particles names carry ("Banque des Territoires", "Val de Loire").
_NAME = re.compile(
    r"(?:(?<![\w'’-])|(?<=\b[dDlL]['’]))(?:[A-ZÀ-Ý][\w'’-]*\.?)(?:[ \t]+(?:(?:de|du|des|d'|la|le|l'|et|&|sur|en)[ \t]*)?[A-ZÀ-Ý][\w'’-]*)*"
)
_TITLE = re.compile(r"(?:\b(?:M\.|Mme|Madame|Monsieur|Mlle)\s+)$")
_PLACE_BEFORE = re.compile(r"(?:\b(?:à|a|au|aux|en|dans le|dans la|dans les|sur le|sur la)\s+)$", re.I)
_OFFICE_STEMS = stems_of(lexicon.PERSON_NOUNS)
_ORGANISATION_STEMS = stems_of(lexicon.ORGANISATION_WORDS)


@dataclass(frozen=True)
class Fact:
    text: str  # as written in the statement
    kind: str
    value: str  # comparable form: "1300000000 EUR", "146 territoir", "2019-12-09", folded name
    unit: str = ""  # a number's unit term ("territoir"), "%", "EUR"; "" when none
    start: int = 0
    end: int = 0

    def same(self, other: Fact) -> bool:
        """The same value (a date matches at the precision the statement gives: a year, a month)."""
        if self.kind == DATE:
            return other.value.startswith(self.value)
        return self.value == other.value

    def comparable(self, other: Fact) -> bool:
        """A value of the same thing: same kind, for a number the same unit (or none for both), for a
        date one at least as precise or of another year."""
        if self.kind != other.kind:
            return False
        if self.kind == DATE:  # another year always differs; a vaguer date of the same year says nothing
            return len(other.value) >= len(self.value) or other.value[:4] != self.value[:4]
        return self.kind != NUMBER or self.unit == other.unit  # "" and "": two bare numbers


def facts(text: str) -> list[Fact]:
    """The checkable facts of `text`, in order. Offsets refer to `text`."""
    folded = fold(text)
    offsets = _offsets(text, folded)
    found: list[Fact] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str, value: str, unit: str = "") -> None:
        if any(start < b and a < end for a, b in taken):
            return
        taken.append((start, end))
        a, b = offsets[start], offsets[end]
        found.append(Fact(text[a:b].strip(), kind, value, unit, a, b))

    for start, end, iso in dates_in_text(text):
        add(start, end, DATE, iso)
        for day_start, day_end, day in _listed_days(folded[:start]):  # "les 17 et 18 octobre 2023"
            if day < int(iso[8:]):
                add(day_start, day_end, DATE, f"{iso[:8]}{day:02d}")
    for match in MONTH_YEAR.finditer(folded):
        add(match.start(), match.end(), DATE, f"{match[2]}-{MONTHS[match[1]]:02d}")
    for match in _HOUR.finditer(folded):  # "de 22h à 5h" = "de 22h00 à 05h00"
        hour, minutes = (match[1], match[2]) if match[1] else (match[3], match[4])
        add(match.start(), match.end(), HOUR, f"{int(hour):02d}:{minutes or '00'}")
    for match in _FIGURE.finditer(folded):
        number, percent, scale, euros, prefix = match.groups()
        value = float(number.replace(",", "."))
        unit = _unit(folded[match.end() :])
        if euros or prefix:
            value *= _SCALE.get(scale or "", 1.0) * _SCALE.get(prefix or "", 1.0)
            add(match.start(), match.end(), AMOUNT, f"{_plain(value)} EUR", "EUR")
        elif percent:
            add(match.start(), match.end(), NUMBER, f"{_plain(value)} %", "%")
        elif _YEAR.match(number) and not scale and not unit:
            add(match.start(), match.end(), DATE, number)  # "en 1854 à Memramcook", "(1739-1749)"
        else:
            value *= _SCALE.get(scale or "", 1.0)
            add(match.start(), match.end(), NUMBER, f"{_plain(value)} {unit}".strip(), unit)
    for match in _NAME.finditer(text):
        begin, name = match.start(), match[0].rstrip(".")
        while " " in name and not terms(name.split()[0]):  # "La Région Occitanie", "En Occitanie"
            first = name.split()[0]
            begin, name = begin + len(first) + 1, name[len(first) + 1 :].lstrip()
        if not _is_name(text, begin, name):
            continue
        start = len(fold(text[:begin]))
        add(start, start + len(fold(name)), _name_kind(text[:begin], name), fold(name))
    return sorted(found, key=lambda f: f.start)


# The days named before a full date and sharing its month: "17 et" in "les mardi 17 et mercredi 18
# octobre 2023", "14 au" in "du lundi 14 au vendredi 18 septembre", "7, 8 et" in "les 7, 8 et 9 mai".
_DAY_NAME = "(?:" + "|".join(DAY_NAMES) + r")\s+"
_LISTED_DAYS = re.compile(
    rf"(?:\b(?:{_DAY_NAME})?(?:1er|\d{{1,2}})\s*(?:,|et|au|a|-)\s*(?:le\s+|au\s+)?)+(?:{_DAY_NAME})?$"
)
_DAY = re.compile(r"\b(1er|\d{1,2})\b")


def _listed_days(before: str) -> list[tuple[int, int, int]]:
    """The days listed right before a full date, as (start, end, day) over the same folded text."""
    listed = _LISTED_DAYS.search(before)
    if listed is None:
        return []
    return [
        (listed.start() + m.start(), listed.start() + m.end(), 1 if m[1] == "1er" else int(m[1]))
        for m in _DAY.finditer(listed[0])
    ]


def _offsets(text: str, folded: str) -> list[int]:
    """Position in `text` of each position of `fold(text)` (folding joins digit groups: it can be shorter)."""
    table, j = [], 0
    for i in range(len(folded) + 1):
        while j < len(text) and i < len(folded) and fold(text[j]) != folded[i] and fold(text[j]) in " \u00a0":
            j += 1
        table.append(min(j, len(text)))
        j += 1
    return table


def _plain(value: float) -> str:
    return f"{value:.0f}" if value == int(value) else f"{value:g}"


def _unit(after: str) -> str:
    """What a number counts: the content word right after it, past "de" and an adjective French puts
    before its noun ("146 territoires" -> "territoir", "4 000 m² de" -> "m", "534 premières France
    Services" -> "franc"); "" when a pause or another word comes first ("1854 à …")."""
    match = re.match(r"\s*(?:de\s+|d'\s*)?([a-z]+)(?:\s+([a-z]+))?", after)  # "de", not "devaient"
    if match and match[1] in lexicon.PRENOMINAL_ADJECTIVES.plain and match[2]:
        stems = terms(match[2])  # "534 premières France Services" count France Services
    elif match and match[1] in lexicon.LIGHT_VERBS.plain:
        stems = []  # "les dossiers 2021 doivent …": a verb counts nothing
    else:
        stems = terms(match[1]) if match else []
    return stems[0] if stems else ""


def _is_name(text: str, start: int, name: str) -> bool:
    """A proper noun rather than a capitalised first word, a month or a day: a capital inside a
    sentence, or a run of two capitalised words at its start. A capitalised common noun of public life
    alone ("Président", "Région", "État") is not checked: it names no one in particular."""
    if fold(name) in MONTHS or fold(name) in DAY_NAMES or len(name) < 2:
        return False
    if " " in name:  # "Carole Delga", "Banque des Territoires"
        return True
    before = text[:start]
    at_start = not before.strip() or before.rstrip()[-1] in '.!?:;«"“\n'
    return not at_start and not set(terms(name)) & (_ORGANISATION_STEMS | _OFFICE_STEMS)


def _name_kind(before: str, name: str) -> str:
    words = set(terms(name))
    if name.isupper() or words & _ORGANISATION_STEMS:
        return ORGANISATION
    if _TITLE.search(before):
        return PERSON
    if _PLACE_BEFORE.search(before):
        return PLACE
    parts = name.split()
    return PERSON if 2 <= len(parts) <= 3 and all(p[0].isupper() for p in parts) else PLACE
