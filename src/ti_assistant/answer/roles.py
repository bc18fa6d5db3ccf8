"""Who holds which office, as the releases say it ("Max Roustan, maire d'Alès et président d'Alès
agglomération"), so that a question naming the office ("De quoi se félicite le maire d'Alès ?") can be
read as a question about the person: statements in a release are attributed by name ("Max Roustan,
quant à lui, s'est déclaré très heureux...") and would otherwise share no word with the question.

Offices are read from appositions in the retrieved passages only: the person must be named next to
the office in the very releases that answer, and an office held by two people there is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache

from ti_assistant.answer.question import CAPITALISED, NAME_OF, TITLE_OF, office_by_verb
from ti_assistant.answer.question import names as proper_names
from ti_assistant.text import lexicon
from ti_assistant.text.french import fold, terms, word_spans, words

_OFFICE = rf"(?:premi[eè]re?\s+|1e?re?\s+)?(?:vice-|sous-)?{lexicon.OFFICES.pattern()}\b"
_NAME = r"[A-ZÀ-Ý][a-zà-ÿ'’-]+(?:\s+(?:de\s+|du\s+|d['’]|le\s+|la\s+)?[A-ZÀ-Ý][\w'’-]+){1,3}"
# "Name, office [de X][, office de Y][ et office de Z]": each office runs to the next comma or "et".
_COMPLEMENT = r"(?:(?!\s+et\s)[^,;.:()«»\n])*"
_APPOSITION = re.compile(
    rf"({_NAME}),\s+((?i:{_OFFICE}){_COMPLEMENT}(?:(?:,\s+|\s+et\s+)(?i:{_OFFICE}){_COMPLEMENT})*)"
)
_SPLIT = re.compile(rf"(?:,\s+|\s+et\s+)(?=(?i:{_OFFICE}))")
_HEAD = re.compile(rf"(?i:{_OFFICE})")
_ARTICLES = {"le": "", "la": "", "les": "", "du": "de ", "au": "à "}
_RANKS = {"premier", "premiere", "1er", "1re", "1ere"}


def offices(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(person, office) pairs stated by apposition in the texts, offices in their written form."""
    pairs: list[tuple[str, str]] = []
    for text in texts:
        for match in _APPOSITION.finditer(text):
            name = re.sub(r"\s+", " ", match[1])
            for office in _SPLIT.split(match[2]):
                office = office.strip()
                if (name, office) not in pairs:
                    pairs.append((name, office))
    return pairs


# "Qui est le préfet de la Marne ?", "Quel est le nom de la préfète … ?", "Comment s'appelle le maire … ?":
# the question asks who holds an office.
_ASKS_HOLDER = re.compile(
    r"^\W*(?:qui\s+(?:est|etait|sont|etaient|sera)\s*(?:(?:le|la|les)\s+|l['’]\s*)?"
    rf"|(?:quel(?:le)?s?\s+(?:est|etait|sont)\s+(?:le|les)\s+)?(?:{NAME_OF}))"
    r"(?:actuel(?:le)?\s+|nouvel(?:le)?\s+)?"
    r"(?:premi[eè]re?\s+|1e?re?\s+)?(?:vice-|sous-)?(?P<office>[a-z-]+(?:\s+(?:general|generale|d['’]etat))?)"
)
# After an office, the place it is held in: "préfet de la Marne", "maire d'Alès", "présidente du Cher".
_OF_PLACE = r"(?:\s+(?:de\s+la|de\s+l['’]|de|du|des|d['’])\s*[A-ZÀ-Ý][\w'’-]*(?:[\s-]+[A-ZÀ-Ý][\w'’-]*)*)?"


def asked_office(question: str) -> str | None:
    """The `lexicon.OFFICES` entry whose holder a "qui est le/la …" question (or one asking the name of
    the office's holder) asks for, else None."""
    found = _ASKS_HOLDER.match(fold(question))
    if found is None:
        return None
    return next(
        (entry for entry in lexicon.OFFICES.words if re.fullmatch(entry, found["office"], re.IGNORECASE)),
        None,
    )


def holder_test(question: str) -> Callable[[str], bool] | None:
    """For a question asking who holds an office, whether a sentence names a person next to that office
    (a `lexicon.OFFICES` entry), other than a person the question names: "Valérie Hatsch, préfète de la
    Lozère", "la préfète de la Lozère, Valérie Hatsch", "Henri Prévost a pris ses fonctions de préfet" —
    not "La préfète de la Lozère a visité … avec Christophe Gache, président …", which names someone
    else. The office and the question's names are read once; None for any other question."""
    office = asked_office(question)
    if office is None:
        return None
    patterns, named = _holder_patterns(office), _named(question)
    return lambda sentence: _names_holder(sentence, patterns, named)


def holder(question: str, sentence: str) -> str | None:
    """The person the sentence names as holding the office a "qui est le/la …" question asks about,
    when it names exactly one and every name the question gives (its place) is in the sentence: the
    short answer ("Qui est le maire d'Alès ?" -> "Max Roustan", from "…, et Max Roustan, maire d'Alès et
    président d'Alès agglomération, ont signé…"). None otherwise."""
    office = asked_office(question)
    named = {fold(n) for n in proper_names(question)}  # not its first word, "Qui"
    # Every word of its names in the sentence: "Alpes-de-Haute-Provence" is read word by word there.
    if office is None or not {w for n in named for w in words(n)} <= set(words(sentence)):
        return None
    found = {re.sub(r"\s+", " ", name) for name in _holders(sentence, _holder_patterns(office), named)}
    return found.pop() if len(found) == 1 else None


def _names_holder(sentence: str, patterns: tuple[re.Pattern[str], ...], named: set[str]) -> bool:
    return any(_holders(sentence, patterns, named))


def _holders(sentence: str, patterns: tuple[re.Pattern[str], ...], named: set[str]) -> Iterator[str]:
    """The people the sentence names as holding the office (`_holder_patterns`), but those in `named`."""
    return (
        m["name"]
        for pattern in patterns
        for m in pattern.finditer(sentence)
        if not {fold(w) for w in m["name"].split()} & named and _holds(m)
    )


# Between a person and the office they hold, in one clause: a verb, "nommé", "nouveau" — the office's
# own article (an adjective may follow it) makes it another person's ("Marie Durand a rencontré le
# préfet", "… en présence du préfet"), unless a copula comes first ("Marie Durand est la préfète").
_DETERMINER = re.compile(r"(?:^|\s)(?:le|la|les|l'|du|des|au|aux|un|une|son|sa|ses|leur)\s*(?:\w+\s+)?$")
_COPULA = re.compile(r"\s*(?:est|etait|sera|devient|reste|demeure)\b")


def _holds(match: re.Match[str]) -> bool:
    gap = fold(match.groupdict().get("gap") or "")
    return not _DETERMINER.search(gap) or _COPULA.match(gap) is not None


def _named(question: str) -> set[str]:
    return {fold(n) for n in proper_names(f" {question}")}


@cache
def _holder_patterns(office: str) -> tuple[re.Pattern[str], ...]:
    """Where a sentence names the holder of `office`: the person then the office in the same clause,
    "Name, la préfète", "la préfète (de la Lozère), Name"."""
    head = rf"(?i:(?:premi[eè]re?\s+|1e?re?\s+)?(?:vice-|sous-)?{office})\b"
    return (
        re.compile(rf"(?P<name>{_NAME})(?P<gap>[^,;.:()«»\n]{{0,40}}?)\b{head}"),
        re.compile(rf"(?P<name>{_NAME}),\s+(?:(?i:l[ea])\s+)?(?:(?i:nouvel(?:le)?|nouveau)\s+)?{head}"),
        re.compile(rf"{head}{_OF_PLACE},?\s+(?P<name>{_NAME})"),
    )


# "Qui est le directeur de l'IMT … ?": a role (a noun after a determiner), then what it is the role of.
_ASKED_ROLE = re.compile(r"\b(?:le|la|les|l'|du|des)\s*([a-z]{3,})\s+(?:de|du|des|d')\s*(?=\w)")
# In a sentence, after the role, the name it is the role of: "Directeur Général de DUQUEINE Engineering".
_ROLE_OF = re.compile(rf"{TITLE_OF}({CAPITALISED.pattern})")
_MINOR = frozenset(lexicon.DETERMINERS.plain | {"de", "d", "et", "en", "sur", "pour"})


def role_of_another(question: str, sentence: str) -> bool:
    """A "qui" question asking who holds a role of something ("Qui est le directeur de l'IMT Mines Alès ?",
    or by the role's verb: "Qui dirige l'IMT Mines Alès ?") and a sentence giving that role only as the
    role of another name: "Yann Belhomme, Directeur Général de DUQUEINE Engineering" was sure at 0.996
    (questions written by hand to try the real releases, 2026-12-07). A role the sentence gives of no
    name ("le directeur de l'école"), or of a name sharing a word with the question or spelt by its
    initials ("directeur de l'ARS" for "l'Agence régionale de santé"), may be the one asked."""
    folded = fold(question)
    roles = [m for m in _ASKED_ROLE.finditer(folded) if m[1] not in lexicon.FORM_NOUNS.plain]
    if roles:
        role, whose = roles[0][1], folded[roles[0].end() :]
    elif acted := office_by_verb(folded):  # read only when no role is named
        role, whose = acted
    else:
        return False
    asked_terms = set(terms(whose))
    initials = "".join(w[0] for w in words(whose) if w not in _MINOR)
    stem = next(iter(terms(role)), role)
    held = [m for m in re.finditer(r"[\w-]+", sentence) if terms(m[0])[:1] == [stem]]
    if not held:
        return False
    for m in held:
        of = _ROLE_OF.match(sentence, m.end())
        if of is None:
            return False
        name = of[1]
        if not asked_terms.isdisjoint(terms(name)) or any(_spells(w, initials) for w in name.split()):
            return False
    return True


def _spells(word: str, initials: str) -> bool:
    """The word is an acronym whose letters are, in order, initials of the question's words."""
    letters = iter(initials)
    return word.isupper() and word.isalpha() and all(c in letters for c in fold(word))


def resolve(question: str, texts: Iterable[str]) -> str:
    """The question with an office it names replaced by the person holding it, when the texts say who
    that is and only one person matches ("le maire d'Alès" -> "Max Roustan"). A question asking who
    holds an office ("Qui est le maire d'Alès ?") is returned unchanged: the office is what it asks about.
    """
    if re.match(r"\s*(qui|quel(le)?s?\s+(est|sont|etait)\s+(le|la|les)?\s*nom)\b", fold(question)):
        return question
    spans = [s for s in word_spans(question) if len(s[2]) > 1]  # "d ales" typed without its apostrophe
    asked = [w for _, _, w in spans]
    best: tuple[int, int, str] | None = None  # (words matched, start index, person)
    holders: dict[tuple[int, int], set[str]] = {}
    named = {fold(n) for n in proper_names(question)}
    held = offices(texts)
    places: dict[str, set[str]] = {}  # person -> the places (proper names) of all the offices held
    for name, office in held:
        places.setdefault(name, set()).update(fold(n) for n in proper_names(f" {office}"))
    for name, office in held:
        if named and places[name] and not named & places[name]:
            continue  # the préfet of Brittany is not the préfet of the Marne the question names
        for target in _designations(office):
            for at in _find(asked, target):
                if question[spans[at][0] - 1 : spans[at][0]] != "-":  # "président" inside "vice-président"
                    holders.setdefault((at, len(target)), set()).add(name)
    for (at, length), names in holders.items():
        if len(names) == 1 and (best is None or length > best[0]):
            best = (length, at, next(iter(names)))
    if best is None:
        return question
    length, at, name = best
    if any(w in asked for w in words(name)):
        return question  # the person is already named
    start, end = spans[at][0], spans[at + length - 1][1]
    if at and spans[at - 1][2] in _ARTICLES:  # "le maire" -> "Max Roustan", "du maire" -> "de Max Roustan"
        article = _ARTICLES[spans[at - 1][2]]
        start, name = (
            spans[at - 1][0],
            ("d'" if article == "de " and fold(name[0]) in "aeiouy" else article) + name,
        )
    return question[:start] + name + question[end:]


def _designations(office: str) -> list[list[str]]:
    """The ways a question may name an office, as folded words: in full, or by its title alone
    ("maire"), with or without a leading rank ("Premier Vice-Président" -> "vice-président")."""
    full = [w for w in words(office) if len(w) > 1]
    head = _HEAD.match(office)
    title = words(head[0]) if head else []
    found = []
    for option in (full, title):
        for variant in (option, option[1:] if option[:1] and option[0] in _RANKS else []):
            if variant and variant not in found:
                found.append(variant)
    return found


def _find(haystack: list[str], needle: list[str]) -> list[int]:
    return [i for i in range(len(haystack) - len(needle) + 1) if haystack[i : i + len(needle)] == needle]
