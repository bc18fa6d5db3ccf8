"""French text rules shared by chunking, BM25 and answer selection: folding, tokens, sentences."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

import Stemmer

from ti_assistant.text import lexicon

STOP_WORDS = lexicon.STOP_WORDS.plain
_T = TypeVar("_T")

_ELISION = re.compile(r"\b([cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
_TOKEN = re.compile(r"\w+", re.UNICODE)
_DIGIT_GROUP = re.compile(r"(?<=\d)[\s\u00a0\u202f](?=\d{3}\b)")


def _strip_accent(char: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))


# Latin letters with diacritics (and ligatures) mapped once to their bare form: str.translate is ~20x
# faster than decomposing every character of every text.
_FOLD = str.maketrans(
    {chr(c): _strip_accent(chr(c)) for c in range(0xC0, 0x250)} | {"œ": "oe", "æ": "ae", "’": "'"}
)


def decimal(value: float, spec: str = ".1f") -> str:
    """A number as French writes it: a decimal comma ("0,6 Mo", "2,5 s")."""
    return format(value, spec).replace(".", ",")


# Answering one question folds and splits the same few dozen sentences and passages again and again
# (400 PIAF questions: 274 folds and 60 term lists each, 89 % and 63 % of them of a text already seen):
# texts up to a passage's length are worked once and remembered.
_REMEMBERED_LENGTH = 1200


def _remembered(work: Callable[[str], _T]) -> Callable[[str], _T]:
    cached = lru_cache(maxsize=4096)(work)

    @wraps(work)
    def remembered(text: str) -> _T:
        return cached(text) if len(text) <= _REMEMBERED_LENGTH else work(text)

    return remembered


@_remembered
def fold(text: str) -> str:
    """Lowercase, strip accents, unify apostrophes, join digit groups ("8 200" -> "8200")."""
    text = _DIGIT_GROUP.sub("", text.replace("\u00a0", " "))
    return text.lower().translate(_FOLD)


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("french")


def words(text: str) -> list[str]:
    """Folded words with elisions removed (l'industrie -> industrie), stop words kept."""
    return _TOKEN.findall(_ELISION.sub(" ", fold(text)))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """`words(text)` with each word's offsets in `text`: (start, end, folded word)."""
    spans = []
    for match in _TOKEN.finditer(text):
        after = text[match.end() : match.end() + 1]
        if after in ("'", "’") and _ELISION.fullmatch(match[0] + "'"):
            continue  # an elided article or pronoun (l', d', qu')
        spans.append((match.start(), match.end(), fold(match[0])))
    return spans


def stems(folded_words: list[str]) -> list[str]:
    """The Snowball stem of each folded word."""
    return _stemmer().stemWords(folded_words)


def terms(text: str) -> list[str]:
    """Stemmed content words: what BM25 and lexical overlap compare."""
    return list(_terms(text))


@_remembered
def _terms(text: str) -> tuple[str, ...]:
    return tuple(stems([w for w in words(text) if w not in STOP_WORDS and (len(w) > 1 or w.isdigit())]))


def stems_of(word_list: lexicon.WordList) -> frozenset[str]:
    """The stems of a word list's entries (`terms` of each): what a question's or a sentence's terms are
    compared with."""
    return frozenset(t for word in word_list.words for t in terms(word))


# What Snowball leaves on a noun made from a verb (signature/signer, pilotage/piloter, candidature/
# candidater, fondateur/fondatrice/fonder, président/présider, directeur/directrice/direction,
# installée/installer), or on an adjective made from a noun (prioritaire/priorité: "Quelles sont les
# priorités de l'État … ?" did not find its noun in "7 politiques publiques prioritaires"): French
# derivational endings, as stems.
_DERIVED = ("atur", "etur", "ur", "ag", "eur", "atair", "air", "at", "e", "ateur", "atric", "ric", "ent")
_MIN_ROOT = 4  # "sign", "pilot", "ferm": shorter roots ("cre", "mon") relate too many words
_LEARNED = dict(entry.split("=") for entry in lexicon.LEARNED_ROOTS.words)  # "dirig" -> "direct"


# Snowball keeps apart the forms of the verbs in -ire (s'inscrire, produire, construire, réduire): their
# infinitive, participle, stem before a vowel and nouns stem to "inscrir", "inscrit", "inscriv",
# "inscript" / "produir", "produit", "product". Endings after their shared part ("inscr", "produ"); "ct"
# only after a "u" (produ-ct, constru-ct, tradu-ct): after other letters it joined unrelated words in
# the French word list (impact/impair, contract/contraire). The commonest verbs in -uire are learned
# roots too (`lexicon.LEARNED_ROOTS`), which their agent nouns need: "product" + "eur".
_IRE_FORMS = ("ir", "it", "iv", "ipt")


def _ire_forms(stem: str) -> set[str]:
    """The other stems of a verb in -ire, when `stem` is one of them (its shared part at least
    `_MIN_ROOT` letters: "ecrir" and "dir" are left alone, as too short to tell)."""
    for end in (*_IRE_FORMS, "ct"):
        base = stem[: -len(end)]
        forms = (*_IRE_FORMS, "ct") if base.endswith("u") else _IRE_FORMS
        if end in forms and stem.endswith(end) and len(base) >= _MIN_ROOT:
            return {base + form for form in forms}
    return set()


@lru_cache(maxsize=65536)
def _family(term: str) -> frozenset[str]:
    """The stems of this one's word family, in the learned spelling (`_LEARNED`: a verb's stem read in
    the form its nouns spell, "dirig" as "direct"): itself, itself plus a derivational ending, itself
    less one ("signatur" and "sign", "pilotag" and "pilot"), the shorter at least `_MIN_ROOT` letters;
    the forms of a verb in -ire ("inscrir", "inscrit", "inscript")."""
    root = _LEARNED.get(term, term)
    longer = {root + end for end in _DERIVED} if len(root) >= _MIN_ROOT else set()
    shorter = {
        root[: -len(end)] for end in _DERIVED if root.endswith(end) and len(root) - len(end) >= _MIN_ROOT
    }
    return frozenset({root, *longer, *shorter, *_ire_forms(root)})


_LEARNED_STEMS = frozenset(_LEARNED)


def found_in(term: str, stems: set[str]) -> bool:
    """The term, or a stem of its word family (`_family`), is among `stems`. Set lookups, not a
    comparison with each stem: lexical overlap is computed for every question term against every
    candidate sentence (16 ms of a statement check's 73 compared stem by stem, 2026-12-04)."""
    family = _family(term)
    if _LEARNED_STEMS.isdisjoint(stems):
        return not family.isdisjoint(stems)
    return any(_LEARNED.get(stem, stem) in family for stem in stems)


_DEMONYM = lexicon.DEMONYM_ENDINGS.words


def name_found(stem: str, stems: set[str]) -> bool:
    """A name's stem, or its gentilé (`lexicon.DEMONYM_ENDINGS`: "ital" and "italien", "acadien" and
    "acad"), is among `stems`; roots shorter than `_MIN_ROOT` letters only as themselves ("ale", Alès,
    is not "alain")."""
    if stem in stems:
        return True
    if len(stem) < _MIN_ROOT:
        return False
    longer = (stem + end for end in _DEMONYM)
    shorter = (
        stem[: -len(end)] for end in _DEMONYM if stem.endswith(end) and len(stem) - len(end) >= _MIN_ROOT
    )
    return any(form in stems for form in (*longer, *shorter))


_ABBREVIATIONS = lexicon.ABBREVIATIONS.plain
# Shorter, a sentence is a fragment (a heading, a name, a date): answers never quote one alone, and a
# line that short reads with the line after it ("Marc Chappuis" over "Préfet des Alpes-de-Haute-Provence").
MIN_SENTENCE_CHARS = 25
# A sentence ends at . ! ? followed by space and a capital, a blank line, a list item or a line the
# loader kept apart (`loaders._lines_text`: a calendar's event, a notice's title) — or, in text
# whose blocks were joined without space by an HTML extraction ("…de France.Les situations…",
# "Oui.Votre accord…", "Que faire ?Signalez…"), at . ! ? between a lowercase word and a capitalised one.
LIST_MARKERS = "-*•"  # what starts a list item: Markdown's markers and the typographic bullet


def after_list_marker(text: str, offset: int) -> bool:
    """A list item's marker stands right before `offset` (the item starts there: "… : • cibler …")."""
    before = text[:offset].rstrip()
    return before[-1:] in tuple(LIST_MARKERS) and before[-2:-1] in ("", " ", "\n", "\u00a0")


def in_list_item(text: str, offset: int) -> bool:
    """Whether `offset` of `text` is in a list item: its line starts with a marker then a space, or a
    marker stands right before it (items run into one line: "… : • cibler … ; • prioriser …")."""
    if after_list_marker(text, offset):
        return True
    line = text.rfind("\n", 0, offset) + 1
    return text[line : line + 1] in tuple(LIST_MARKERS) and text[line + 1 : line + 2].isspace()


_SENTENCE_END = re.compile(
    r"([.!?…]+(?:[\s\u00a0]?[»\"”)\]*])*)"
    r"(\s+|(?:(?<=[a-zà-öø-ÿ]{2}[.!?])|(?<=[a-zà-öø-ÿ]{2}[\s\u00a0][!?]))(?=[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ]))"
    r"(?=[«\"“(*]?\s*[A-ZÀ-ÖØ-Þ0-9«\"“(])|\n\s*\n"
    # a line that stands alone, as the loader keeps it (a calendar's date, a notice's title)
    r"|\n(?=[«\"“(]?[A-ZÀ-ÖØ-Þ0-9])"
    rf"|\n(?=\s*[{re.escape(LIST_MARKERS)}]\s)"
    # items of a list run into one line by its extraction ("… publics ; • prioriser …")
    r"|(?<=[;:])\s+(?=•\s)"
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Split French text into sentences; spans are (start, end) offsets with surrounding space trimmed.

    A period after an abbreviation ("M.", "Mme.", "n°", "art.") or a single capital initial is not a
    sentence end; blank lines and list items always are.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start(2) if match.lastindex else match.start()
        if match.lastindex and _ends_with_abbreviation(text[start:end]):
            continue
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[1] > s[0]]


def _ends_with_abbreviation(segment: str) -> bool:
    match = re.search(r"(\w+)\.$", segment.rstrip('»"”)]* '))
    if not match:
        return False
    word = match.group(1)
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and (
        text[start].isspace() or (text[start] in LIST_MARKERS and text[start + 1 : start + 2] == " ")
    ):
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# Texting shorthands spelled out (lexicon.TEXTING_NOTE); acronyms in capitals (PK, AVC) are left alone.
_TEXTING = lexicon.TEXTING
_TEXTING_WORD = re.compile(r"(?<![\w'’-])[A-Za-z]+(?![\w'’-])")
# "c" for "c'est": at the start of the question ("c quoi…", "et c combien ?") or before "quoi" ("les TI
# c quoi ?"), never elsewhere ("catégorie c ou d").
_C_FIRST = re.compile(r"^(\W*(?:(?:et|mais|alors|donc|bonjour|salut)\W+)?)([cC])\s+(?=\w)", re.IGNORECASE)
_C_QUOI = re.compile(r"()\b([cC])\s+(?=quoi\b)")


def expand_texting(text: str) -> str:
    """A question with its texting shorthands spelled out: "c koi les TI" -> "c'est quoi les TI"."""

    def spelled(match: re.Match[str]) -> str:
        word = match[0]
        full = _TEXTING.get(word.lower()) if word.islower() or word.istitle() else None
        if full is None:
            return word
        return full[0].upper() + full[1:] if word[0].isupper() else full

    def c_est(match: re.Match[str]) -> str:
        return f"{match[1]}{match[2]}'est "

    text = _TEXTING_WORD.sub(spelled, text)
    return _C_QUOI.sub(c_est, _C_FIRST.sub(c_est, text))


_ENGLISH = lexicon.ENGLISH_MARKERS.plain
_FRENCH = lexicon.FRENCH_MARKERS.plain


def looks_english(text: str) -> bool:
    """A question written in English (the corpus and the answers stay French)."""
    tokens = words(text)
    english = sum(t in _ENGLISH for t in tokens)
    return english >= 2 and english > sum(t in _FRENCH for t in tokens)
