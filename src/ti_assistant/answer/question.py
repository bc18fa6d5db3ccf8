"""What a French question asks for (Qui / Quand / Combien / Où / Quel montant...) and how to pull
that short answer out of a sentence."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from ti_assistant.text import lexicon
from ti_assistant.text.dates import DAY_NAMES, HOUR_AFTER, MONTHS, MONTHS_RE
from ti_assistant.text.french import STOP_WORDS, expand_texting, fold, found_in, stems_of, terms, words

PERSON, DATE, NUMBER, AMOUNT, PLACE, SPEECH, DEFINITION, CONTACT, OTHER = (
    "qui",
    "quand",
    "combien",
    "montant",
    "ou",
    "propos",
    "definition",
    "contact",
    "autre",
)

_MONEY = lexicon.MONEY_NOUNS.pattern()
_CHANGED = lexicon.CHANGE_WORDS.pattern()
_PHONE_NOUNS = lexicon.PHONE_NOUNS.pattern()
_SHARE = lexicon.SHARE_NOUNS.pattern()
_SHARE_STEMS = stems_of(lexicon.SHARE_NOUNS)
_SHARE_FIGURE = re.compile(lexicon.SHARE_FIGURES.pattern())
# How long (a figure of a unit of time answers it), and an age: the years someone or something has
# lived ("Quel âge a le préfet ?" -> "52 ans"), by French grammar.
_AGE = r"\bquel age\b|\bquel (?:est|etait) l'age\b"
# "Quelle est la durée des travaux … ?", "Quel est le délai …", "le temps d'accès …": how long, by its
# noun ("quel temps" alone asks the weather).
_LENGTH_OF_TIME = (
    r"\bquelle (?:est |etait |sera )?(?:la )?duree\b|\bquel (?:est |etait |sera )le (?:delai|temps)\b"
)
_ASKS_DURATION = re.compile(rf"\bcombien de temps\b|\b(?:pendant|durant) combien\b|{_AGE}|{_LENGTH_OF_TIME}")
_DURATION = re.compile(rf"\s*{lexicon.DURATION_UNITS.pattern()}\b")
# An office whose holder is asked by name ("le nom de la préfète", `lexicon.OFFICES`: regex forms).
_HOLDER = lexicon.OFFICES.pattern()
_ANY_OFFICE = lexicon.compile_words(lexicon.OFFICES)  # any office's title, in folded text
# What asks the name of whoever holds the office that follows (over folded text): "nom de la préfète",
# "noms des maires", "comment s'appelle le maire"; read here for the kind asked, and by
# `roles.asked_office` for the office.
NAME_OF = (
    r"noms?\s+(?:du|des|de\s+la|de\s+l['’])\s*"
    r"|comment\s+s['’]appell?e(?:nt)?\s+(?:(?:le|la|les)\s+|l['’]\s*)?"
)
# "Qui dirige l'IMT … ?" asks for its directeur as "Qui est le directeur de l'IMT … ?" does: verbs of
# holding an office (folded; present and imperfect), each with the nouns of the office's holder, the
# office's first (general French). The office held is said "sous la direction / présidence de" too;
# "direction" alone mostly names a body ("la direction départementale de la sécurité publique").
_OFFICE_VERBS = {
    verb: nouns
    for verbs, nouns in (
        (("dirige", "dirigeait", "dirigent"), ("directeur", "directrice", "dirigeant")),
        (("preside", "presidait", "president"), ("president", "presidente")),
    )
    for verb in verbs
}
_HELD_UNDER = re.compile(r"\bsous\s+la\s+(?:direction|presidence)\b")
_BY_OFFICE_VERB = re.compile(rf"\bqui\s+({'|'.join(_OFFICE_VERBS)})\s+(?:(?:le|la|les)\s+|l'\s*)?(?=\w)")


def office_by_verb(folded: str) -> tuple[str, str] | None:
    """For "qui" and a verb of holding an office (folded question), the office's noun and what follows
    the verb, the holder of whose office is asked: "qui dirige l'imt mines ales ?" -> ("directeur",
    "imt mines ales ?")."""
    found = _BY_OFFICE_VERB.search(folded)
    return None if found is None else (_OFFICE_VERBS[found[1]][0], folded[found.end() :])


_FUTURE = lexicon.compile_words(lexicon.FUTURE_CUES)
_NEXT = lexicon.compile_words(lexicon.NEXT_CUES)
_ASKS_END = re.compile(
    r"\bjusqu'\s*(?:a|au|en) (?:quand|quelle (?:date|annee)|quel (?:jour|mois))|\bdate limite\b|\bau plus tard\b"
)
_QUANTITY = "(?:" + "|".join(quantities.pattern() for quantities, _ in lexicon.MEASURES) + ")"
# The stems of each dimension's quantities, and what follows a figure given in one of its units.
_UNIT_OF = tuple(
    (stems_of(quantities), re.compile(rf"[\s\xa0]*{units.pattern()}(?!\w)"))
    for quantities, units in lexicon.MEASURES
)
_QUANTITY_STEMS = frozenset().union(*(stems for stems, _ in _UNIT_OF))
_ROAD_STEMS = stems_of(lexicon.ROAD_NOUNS)
_TYPE_RULES: tuple[tuple[str, str], ...] = (
    (
        SPEECH,  # what someone said: releases quote officials ("Pour X, « ... »", "X s'est déclaré...")
        r"\b(que (dit|disent|declare|declarent|pense|pensent|souligne|soulignent|affirme|affirment|estime|estiment)\b"
        r"|qu'(a|ont|avait|avaient)(-t-(il|elle|ils|elles))? (dit|declare|affirme|souligne|estime|exprime)"
        r"|qu'en (pense|pensent|dit|disent)|de quoi se (felicite|felicitent|rejouit|rejouissent)"
        r"|quelle (est|a ete|etait) la (position|reaction) d|quel est (l'avis|le point de vue|le message) d"
        r"|quels? (sont|ont ete) (les )?propos|what did .+ say)",
    ),
    (
        AMOUNT,  # money: a noun that names a sum, or "combien" with a verb of spending or funding
        rf"\b(quel(le)?s? (est |etait |sont )?(le |la |les )?{_MONEY}"
        rf"|combien d'(euros|argent)|combien\b.*\b{lexicon.SPENDING_VERBS.pattern()}|how much"
        # how a sum changed over time: its successive values are the answer
        rf"|\b{_MONEY}\b.*\b{_CHANGED}|\b{_CHANGED}\b.*\b{_MONEY}\b)",
    ),
    (
        DEFINITION,  # what something is or aims at
        rf"^\W*{lexicon.DEFINITION_CUES.pattern()}",
    ),
    (
        CONTACT,  # how to reach someone (releases end with their press contacts), not a topic ("par téléphone")
        rf"\b((comment|ou|a qui|pour) (contacter|joindre|ecrire)|qui (contacter|joindre|appeler)|quel numero (appeler|composer|de {_PHONE_NOUNS}))\b"
        rf"|\bquel(le)?s? (est|sont) (le |la |l'|les )?{lexicon.CONTACT_NOUNS.pattern()}\b",
    ),
    (
        DATE,
        r"\b(quand|quelle date|quel jour|quel mois|quelle annee|en quelle annee|depuis quand|a quelle date|"
        r"quel(le)? (est|etait|sera|a ete) (la|le) (date|jour|mois|annee)|"
        r"quelle periode|when|what year)\b",
    ),
    (
        NUMBER,
        rf"{_AGE}|\b(combien|combientieme|quel rang|quel numero (?=de |d')(?!d'appel|de {_PHONE_NOUNS})"
        rf"|quel (est le )?nombre|quel(le)? (est |etait )?(le |la )?{_SHARE}"
        rf"|dans quelles? {_SHARE}s?|how many)\b"
        rf"|\b(nombre|effectif|{_SHARE})\b.*\b{_CHANGED}"
        rf"|\bquel(le)? (est |etait |sera )?(la |le |l')?{_QUANTITY}\b|{_LENGTH_OF_TIME}",
    ),
    (
        PLACE,
        r"(^|\s|')(ou |dans quelle (ville|region|commune)|quelle (ville|region|commune)|where\b)"
        # which road: answered by its code (`Question.asks_road`)
        rf"|\bquel(le)? {lexicon.ROAD_NOUNS.pattern()}\b",
    ),
    (
        PERSON,
        # not "qu'est-ce qui", which asks what ("Qu'est-ce qui est commémoré le 27 mai 2017 ?")
        rf"\b((?<!est-ce )qui|quelle personne|quel {lexicon.PERSON_NOUNS.pattern()}|"
        rf"quelle {lexicon.ORGANISATION_NOUNS.pattern()}|who)\b"
        # the name of an office's holder: "Quel est le nom de la préfète … ?", "Comment s'appelle le maire … ?"
        rf"|\b(?:{NAME_OF}){_HOLDER}\b",
    ),
)

# A question about what the releases themselves say ("Que dit le communiqué sur Alès ?", "De quoi
# parlent les communiqués de la préfecture ?"): the release is not its topic, what follows is. The nouns
# are the ordinary French names of a published text.
_ABOUT_THE_TEXT = re.compile(
    r"^\W*(que (dit|disent|raconte|racontent|annonce|annoncent|indique|indiquent|contient|contiennent)"
    r"|de quoi (parle|parlent|traite|traitent)|qu'y a-t-il dans) (le |la |les |l'|ce |cet |cette |ces )?"
    rf"{lexicon.TEXT_NOUNS.pattern()}s?\b"
)

# Cues that the question asks for several items ("quels projets", "citez les actions").
_MULTI = lexicon.compile_words(lexicon.MANY_CUES)
# A second question joined by "et" ("Qui a signé le contrat et à quelle date ?", "Combien d'emplois et
# depuis quand ?"): several things are asked too.
_AND_ASKED = re.compile(
    r"\bet\s+(?:(?:a|de|d'|en|depuis|pour|par|jusqu'|dans|sur|avec)\s*)?"
    r"(?:quand|quel|quelle|quels|quelles|combien|qui|ou|comment|pourquoi)\b"
)

# A year: four digits from 1500 to 2099, not a sum or a share ("4000 emplois", "2000 euros" are not years).
_YEAR = r"(?:1[5-9]|20)\d{2}\b(?!\s*(?:€|euros?\b|%|m€|k€|millions?\b|milliards?\b))"
_MONTH_YEAR = MONTHS_RE + r"\s+\d{4}"
_NUMERIC_DATE = r"\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2}"
# The words a year from 1500 on takes into its span ("en 2021", "depuis 2016", "d'ici 2030"): such a year
# dates alone, unlike an earlier one (`_DATES_A_YEAR`), so this list only shapes the short answer.
_YEAR_OPENING = r"en|depuis|de|d'ici|a partir de"
# A month without its day, when words place a moment in it: "le dernier jour de février", "fin mars",
# "début juillet 2024", "mi-juin", "courant mai", "en septembre" (French ways of dating; "mars" alone may
# be the planet).
_IN_MONTH = r"(?:(?:premier|dernier)\s+jour\s+(?:du\s+mois\s+)?(?:de\s+|d')|(?:fin|debut|courant|en)\s+|mi-)"
# A century, in Roman or Arabic figures ("au XIVe siècle", "entre le Ve et le VIIIe siècles", "19e
# siècle"), and a year before the common era ("en 1100 av. J.-C."): how texts date what is older than
# `_YEAR` reads (over folded text; "ce siècle" is no century).
_CENTURY = r"(?:x{0,2}(?:ix|iv|v?i{1,3}|v)|x{1,2}|\d{1,2})(?:e|eme|er)\s+siecles?\b"
_BEFORE_CE = r"\d{1,4}\s*av(?:\.|ant)\s*j\.?-?c\b"
# Words that date an earlier year after them (folded; "jusqu'en" is read by "en"): "en 1758", "depuis
# 1847", "vers 875", "dès 1185", "à partir de 1014", "avant 1500", "après 1200", "l'an 1000". French
# prepositions of time, a closed class; the one list `_OLD_YEAR` and `_a_year` read.
_DATES_A_YEAR = r"en|vers|des|depuis|a partir de|avant|apres|l'an"
# An earlier year, from 500 to 1499, after a word that dates it ("en 1185, une guerre …", "vers 875"),
# not a count ("en 300 pages", "en 1200 mètres": a plural noun, a unit after it).
_OLD_YEAR = (
    rf"(?:{_DATES_A_YEAR})\s+(?:[5-9]\d{{2}}|1[0-4]\d{{2}})\b(?!\s*(?:[a-z]+s\b|%|€|km\b|m\b|av\b|avant\b))"
)
# Two years joined by a hyphen: a period, its beginning and its end ("Victor Hugo (1802-1885)"; "la saison
# 2014–2015", with an en dash, stays two years: one of them may give way to a full date, `_nearest_said`).
_YEARS_SPAN = rf"{_YEAR}\s*-\s*{_YEAR}"
DATE_RE = re.compile(
    r"\b((1er|\d{1,2})\s+"
    + MONTHS_RE
    + r"(\s+\d{4})?|"
    + rf"{_MONTH_YEAR}|({_YEAR_OPENING})\s+{_YEAR}|{_OLD_YEAR}"
    rf"|{_IN_MONTH}{MONTHS_RE}(?:\s+\d{{4}})?\b|{_YEARS_SPAN}|{_NUMERIC_DATE}|\b{_YEAR}"
    rf"|{_CENTURY}|{_BEFORE_CE})"
)
_YEARS_SPAN_RE = re.compile(_YEARS_SPAN)
# French number words (grammar, a closed class), and a number written with them, joined by hyphens
# ("dix-sept", "soixante-et-onze", "quatre-vingts").
NUMBER_WORDS = (
    r"un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize"
    r"|vingts?|trente|quarante|cinquante|soixante|cents?|mille"
)
_WRITTEN_NUMBER = rf"(?:{NUMBER_WORDS})(?:-(?:et-)?(?:{NUMBER_WORDS}))*"
NUMBER_RE = re.compile(
    r"(?<![\w-])((plus|moins|pres|pr[eè]s|environ|au moins|quelque)\s+(de\s+|d')?)?"
    r"(\d+(?:[\s.,]\d{3})*(?:,\d+)?|\b(?i:"  # a number word may open the sentence: "Deux fois par an"
    + _WRITTEN_NUMBER
    + r")\b(?=\s+(?:millions?|milliards?|ans\b|[a-zà-ÿ]{4,})))"
    r"(?P<unit>\s*(%|millions?|milliards?|M€|Md€|k€|€|euros?)(\s+d'euros)?)?"
)
# Before a one-word name, what makes it a place, not a person or a body: "en Lozère", "dans la vallée
# de la Brume", "la commune de Saint-Alban", the place noun with one complement of its own between ("le
# territoire d'industrie d'Alès", "le bassin d'emploi de Lunel") — not "l'équipe de l'Agence …", nor "à",
# "aux", which also say to whom ("confié aux Conseils régionaux") (checked on the folded text up to the name).
_PLACE_NAME = re.compile(
    rf"(?:\b(?:en|dans)\s+|\b{lexicon.PLACE_NOUNS.pattern()}(?:\s+(?:de|d')\s*\w+)?\s+(?:de|du|des|d')\s*)"
    r"(?:(?:la|le|les)\s+|l'\s*)?$"
)
# What a capital after it opens: a quotation, an item or a clause ("Pour Carole Delga, « Ma première
# priorité… »", "• Les services…", "Journée nationale de la Résistance - Pavoisement des édifices"),
# whose first word is no name (a name of two words still is).
_OPENS_TEXT = re.compile(r"(?:[«“\":•]|\s[-–—])\s*$")
# A run of capitalised words, glued by particles: "DUQUEINE Engineering", "Institut Mines-Télécom".
CAPITALISED = re.compile(r"\b[A-ZÀ-Ý][\w'’-]+(?:\s+(?:de|du|des|d'|la|le|&)?\s*[A-ZÀ-Ý][\w'’-]+)*")


# Requests for a task an assistant quoting releases cannot do honestly (write, invent, translate...),
# asked of the assistant (`lexicon.CREATION_IMPERATIVES`): not a question about who wrote or what
# translates what. Writing *to* someone ("écrire à la préfecture") is a way of contacting, not a task.
_NOT_CONTACT = r"(?!\s+(?:a|au|aux)\b)"
_OFF_TASK = re.compile(
    "|".join(
        (
            rf"(?:^|[.!?;:,])\W*(?:s.il (?:te|vous) plait\W*)?\b{lexicon.CREATION_IMPERATIVES.pattern()}\b{_NOT_CONTACT}",
            rf"\b{lexicon.SECOND_PERSON.pattern()}\b.*\b{lexicon.CREATION_VERBS.pattern()}\b{_NOT_CONTACT}",
            rf"\b{lexicon.REQUEST_IMPERATIVES.pattern()}\b(?:\W+(?:moi|nous))?\W+(?:un|une|des)\s+"
            rf"(?:\w+\s+)?{lexicon.CREATION_NOUNS.pattern()}\b",
        )
    )
)


# A question asking for something (what, which, how, why, who, where, when, how many), not yes or no:
# an interrogative word anywhere, or "que / qu'" opening it (not "est-ce que", nor "que" joining a
# clause inside a yes-or-no question). Grammar (closed class); "où" keeps its accent ("ou" is "or").
_OPEN_QUESTION = re.compile(
    r"^\W*(?:(?:et|mais|alors)\W+)?qu(?:e\b|')"
    r"|\b(?:quoi|quel(?:le)?s?|lequel|laquelle|lesquel(?:le)?s|comment|pourquoi|qui|où|quand|combien)\b"
)
_EST_CE_QUE = re.compile(r"\best[- ]ce\s+qu(?:e\b|')")


def asks_open(text: str) -> bool:
    """It asks for something rather than for a yes or a no ("Que contient le tableau ?", "Quel est le
    montant ?" — not "La CNIL est-elle compétente ?", "Est-ce que je peux … ?")."""
    lowered = _EST_CE_QUE.sub(" ", text.lower().replace("’", "'"))
    return _OPEN_QUESTION.search(lowered) is not None


# "Comment s'inscrire … ?", "Comment est financé … ?": the way something is done, which its verb names —
# not "Comment s'appelle …", "Comment se nomme …", which ask for a name.
_ASKS_MANNER = re.compile(r"^\W*comment\b(?!\s+(?:s['’]\s*appel|se\s+nomm|s['’]\s*ecri|se\s+dit))")


def asks_manner(question: Question) -> bool:
    return question.kind == OTHER and _ASKS_MANNER.match(fold(question.text)) is not None


# "Pourquoi …", "Dans quel but …"; or, opening the question, "Quel est le X …" (`_ASKED_NOUN`) with a
# noun of a cause or a purpose: "Quels sont les objectifs de …", "Quelle est la raison …" (over folded
# text). Not "À quoi sert …", answered by what a thing is or does like "le rôle" (`FORM_NOUNS`): "À quoi
# sert la tour de la Parade ?" -> "… est un lieu de conférences" (PIAF dev, 2026-12-05).
_ASKS_WHY = re.compile(r"\W*(?:pourquoi|dans quel but)\b")
_REASON_NOUNS = re.compile(r"(?:objectif|but|finalite|raison|motif|cause)s?")


def asks_reason(question: Question) -> bool:
    """A cause or a purpose is asked."""
    folded = fold(question.text)
    if _ASKS_WHY.match(folded):
        return True
    opening = _OPENS_ASKING.match(folded)
    return opening is not None and _REASON_NOUNS.fullmatch(opening[1]) is not None


def is_off_task(text: str) -> bool:
    return _OFF_TASK.search(fold(text)) is not None


_SMALL_TALK = re.compile(rf"\W*(?:{lexicon.SMALL_TALK.pattern()}(?:\W+|$))+")


def is_small_talk(text: str) -> bool:
    """The message is courtesy only (`lexicon.SMALL_TALK`): "Bonjour !", "Merci beaucoup.", "Bonjour,
    comment allez-vous ?" — not "Bonjour, quand le contrat a-t-il été signé ?"."""
    return _SMALL_TALK.fullmatch(fold(text)) is not None


# What a message wraps its question in, over its words folded one by one: courtesy before or after it
# ("Bonjour, …", "… ? Merci d'avance"; a capitalised "Merci" read as a name left no passage to read) and a
# request to be told (`lexicon.REQUEST_FRAMES`), then "si" before a yes-or-no question ("… savoir si la
# déviation est autorisée"), "ce" before "que" ("dites-moi ce qu'il faut faire").
_COURTESY = "(?:" + "|".join(sorted(lexicon.SMALL_TALK.words, key=len, reverse=True)) + ")"  # longest first
_MARKS = r"[^\w\s]*"  # punctuation stuck to a word
_HEAD = re.compile(
    rf"^(?:{_MARKS}{_COURTESY}{_MARKS}(?:\s+|$)(?!(?:de|d')\b))*"  # "merci de m'indiquer" is a request
    rf"(?:(?P<then>(?:et|mais)\s+)?(?P<request>{_MARKS}{lexicon.REQUEST_FRAMES.pattern()}{_MARKS}(?:\s+|$))"
    rf"(?:(?:si|ce)\s+(?=\S))?)?"
)
# At the end, after a mark ("… ? Merci", "…, merci d'avance") or for "svp" ("… svp ?"): "le salut" ending a
# question is a noun.
_PLEASE = "(?:svp|stp|s'il (?:vous|te) plait)"
_TAIL = re.compile(rf"(?:(?<=[?.!,;:])|\s+(?={_PLEASE}))(?:\s*{_MARKS}{_COURTESY}{_MARKS})+(?:\s+[^\w\s]+)?$")
_IF_IT = re.compile(r"^s['’](?=ils?\b)", re.IGNORECASE)  # "savoir s'il y a …": "il y a …"


def unframed(text: str) -> str:
    """The question a message asks, without the courtesy around it nor a request to be told: "Bonjour,
    je voudrais savoir quand le tunnel sera fermé. Merci" -> "Quand le tunnel sera fermé."; the message
    itself when nothing wraps it, or when nothing else is left (courtesy alone is `is_small_talk`)."""
    tokens = text.split()
    folded = " ".join(fold(token) for token in tokens)
    head = _HEAD.match(folded)
    start = len(folded[: head.end()].split()) if head and head.end() else 0
    tail = _TAIL.search(folded)
    end = len(folded[: tail.start()].split()) if tail else len(tokens)
    kept = tokens[start:end]
    if len(kept) == len(tokens) or not any(re.search(r"\w", token) for token in kept):
        return text
    kept[0] = _IF_IT.sub("", kept[0])
    asked = " ".join(kept).rstrip(",;:")
    if text.rstrip().endswith("?") and not asked.endswith("?"):
        asked += " ?"  # "Qui le porte svp ?" is still a question
    if head and head["request"]:  # "Je voudrais savoir qui pilote X." asks "Qui pilote X ?"
        asked = re.sub(r"\s*\.$", " ?", asked)
        if head["then"]:  # "Et pouvez-vous me dire qui est Y ?": a follow-up still
            return f"{tokens[len(folded[: head.start('then')].split())]} {asked}"
    return asked[0].upper() + asked[1:]


@dataclass(frozen=True)
class Question:
    text: str
    kind: str
    multi: bool  # it asks for several items, or several things ("… et à quelle date ?")
    terms: tuple[str, ...]  # content terms, typo-corrected against the corpus when a speller was given
    words: frozenset[str]
    corrections: tuple[tuple[str, str], ...] = ()  # (typed term, corpus term) pairs
    # Terms of the words that name what is asked ("quelle date", "le montant", "le numéro de téléphone"):
    # the releases answer them by the form of a sentence (a date, a sum, a number), not by the word.
    type_terms: frozenset[str] = frozenset()
    apart: tuple[str, ...] = ()  # the names it sets apart from what it asks about (`_excluded_spans`)

    def corrected(self, term: str) -> str:
        return dict(self.corrections).get(term, term)

    @property
    def as_typed(self) -> tuple[str, ...]:
        """The terms as written, before typo correction."""
        undo = {corpus: typed for typed, corpus in self.corrections}
        return tuple(undo.get(t, t) for t in self.terms)

    @property
    def wants_number(self) -> bool:
        return self.kind in (NUMBER, AMOUNT)

    @property
    def asks_share(self) -> bool:
        """It asks a share of a whole ("Quel est le taux de …", "Quelle proportion …"): a percentage or a
        fraction answers it, not any figure."""
        return self.kind == NUMBER and not self.type_terms.isdisjoint(_SHARE_STEMS)

    @property
    def asks_duration(self) -> bool:
        """It asks how long ("Combien de temps …", "Pendant combien de …"): a figure of a unit of time
        answers it (`lexicon.DURATION_UNITS`)."""
        return self.kind == NUMBER and _ASKS_DURATION.search(fold(self.text)) is not None

    @property
    def asks_end(self) -> bool:
        """It asks when a period ends ("Jusqu'à quand …", "Quelle est la date limite …"): a date that
        closes one answers it ("jusqu'au 30 septembre", "au plus tard le 8 janvier"), not any date."""
        return self.kind == DATE and _ASKS_END.search(fold(self.text)) is not None

    @property
    def asks_future(self) -> bool:
        """A date still to come is asked ("Quand aura lieu le prochain comité ?", `lexicon.FUTURE_CUES`)."""
        return self.kind == DATE and _FUTURE.search(fold(self.text)) is not None

    @property
    def asks_next(self) -> bool:
        """The next one from now is asked ("la prochaine cérémonie", `lexicon.NEXT_CUES`), not only a
        date in the future tense."""
        return self.asks_future and _NEXT.search(fold(self.text)) is not None

    @property
    def measure_unit(self) -> re.Pattern[str] | None:
        """What follows a figure that answers the physical quantity asked ("Quelle est la vitesse …", "À
        quelle distance …"): one of its units (`lexicon.MEASURES`); None when no quantity is asked."""
        if self.kind != NUMBER:
            return None
        return next((unit for stems, unit in _UNIT_OF if not self.type_terms.isdisjoint(stems)), None)

    @property
    def asks_road(self) -> bool:
        """Which road ("Sur quelle route nationale … ?", `lexicon.ROAD_NOUNS`): a road's code answers."""
        return self.kind == PLACE and not self.type_terms.isdisjoint(_ROAD_STEMS)

    @property
    def wants_form(self) -> bool:
        """What is asked has a form a sentence shows: a date, a figure, a sum, a phone number or an
        address — unlike a person or a place, which a role or a common noun may stand for ("le préfet
        de son département", "à la mairie")."""
        return self.kind in (DATE, NUMBER, AMOUNT, CONTACT)


def analyse(text: str, correct: Callable[[str], str] | None = None) -> Question:
    """`correct`: the corpus speller, which replaces typos by corpus terms (run once per question).
    Texting shorthands are spelled out first ("c koi" -> "c'est quoi"): the question's text is what
    is embedded and matched."""
    text = expand_texting(text)
    folded = fold(text)
    spans = _excluded_spans(text)
    about_the_text = _ABOUT_THE_TEXT.match(folded)
    if about_the_text:  # what the texts say about the rest of the question: a topic, not a quote
        kind, typed = OTHER, terms(folded[about_the_text.end() :])  # the offset is the folded text's
        type_terms: frozenset[str] = frozenset()
    else:
        kind, asked = _asked_type(folded, "où" in text.lower())
        if kind == OTHER:
            kind, asked = _named_type(text, folded)
        if kind == OTHER and not _STANCE_STEMS.isdisjoint(terms(text)):
            kind = SPEECH  # "Pourquoi le préfet se réjouit-il … ?": what he said is the answer
        typed, type_terms = terms(_without(text, spans)), frozenset(terms(asked[0]) if asked else ())
    found = [correct(t) for t in typed] if correct else typed
    fixes = tuple((a, b) for a, b in zip(typed, found, strict=True) if a != b)
    return Question(
        text,
        kind,
        bool(_MULTI.search(folded) or _AND_ASKED.search(folded)),
        tuple(found),
        frozenset(words(text)),
        fixes,
        type_terms,
        tuple(text[a:b] for a, b in spans),
    )


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with these spans blanked out: a name the question sets apart is none of its terms (not
    searched for, nor asked of the sentences that answer)."""
    for a, b in spans:
        text = text[:a] + " " * (b - a) + text[b:]
    return text


# What may stand before the interrogative that opens a question: a preposition ("par où", "depuis quand").
_OPENING = re.compile(r"\W*(?:(?:par|pour|depuis|jusqu'|a|de|d'|en|dans|sur|avec|chez)\s*)?")


# What a query typed as words rather than as a question asks by its nouns ("DETR Puy-de-Dôme 2021
# montant", "Date de naissance d'Anselm Franz", "téléphone préfecture Lot ?"): the first noun that names
# the form of an answer (grammar: the nouns the question rules above read after "quel est le").
_NAMED_TYPES = (
    (DATE, r"\b(?:dates?|jours?)\b"),
    (AMOUNT, rf"\b{_MONEY}s?\b"),
    (NUMBER, r"\bnombres?\b"),
    (CONTACT, rf"\b{lexicon.CONTACT_NOUNS.pattern()}\b"),
)


# An inverted subject ("a-t-il", "peut-on", "est-ce", "puis-je", and "t'il" typed for "-t-il"): a question.
_INVERTED = re.compile(r"\w-(?:t-)?(?:il|elle|ils|elles|on|je|tu|nous|vous|ce)\b|\bt['’](?:il|elle)s?\b")
# Where the noun naming what is asked stands in a query: first (the head of a French noun phrase, "Date
# de naissance de …", after an article) or last ("DETR Puy-de-Dôme 2021 montant"); in between, it is
# the topic ("Démarchage par courriel vocal : conseils et recours", a CNIL dev title, asks no e-mail address).
_FIRST = re.compile(rf"\W*(?:{lexicon.DETERMINERS.pattern()}\s*)?")
_LAST = re.compile(r"\W*")


# A verb of being or having, of which a sentence is made ("c'est la nuit ou le jour ?"), not a query of
# words; on the text as typed ("a", not "à"). Grammar.
_FINITE = re.compile(r"\b(?:est|sont|était|étaient|sera|seront|a|ont|avait|avaient|aura|auront|y a)\b")


def _named_type(text: str, folded: str) -> tuple[str, re.Match[str] | None]:
    """The kind of answer a query without the form of a question or of a sentence (no interrogative, no
    inverted subject, no "est-ce que", no verb of being or having) asks by its first noun naming one
    (`_NAMED_TYPES`); OTHER for a question, or for a query naming none."""
    questioned = asks_open(text) or _INVERTED.search(folded) or _EST_CE_QUE.search(folded)
    if questioned or _FINITE.search(text.lower().replace("’", "'")):
        return OTHER, None
    found = [
        (kind, m)
        for kind, pattern in _NAMED_TYPES
        for m in re.finditer(pattern, folded)
        if _FIRST.fullmatch(folded[: m.start()]) or _LAST.fullmatch(folded[m.end() :])
    ]
    return min(found, key=lambda km: km[1].start()) if found else (OTHER, None)


def _asked_type(folded: str, where: bool = True) -> tuple[str, re.Match[str] | None]:
    """The kind of answer asked and the words that ask it: the interrogative opening the question
    ("Par où passe la déviation quand le tunnel est fermé ?" asks a place, not a date), or else the
    first rule that matches anywhere ("Le tunnel est fermé quand ?") — but for "ou" inside the question
    when it is not written "où" (`where`): "par courrier électronique ou postal" asks no place."""
    matches = [(kind, m) for kind, pattern in _TYPE_RULES if (m := re.search(pattern, folded))]
    opening = next(((k, m) for k, m in matches if _OPENING.fullmatch(folded[: m.start()])), None)
    inside = [(k, m) for k, m in matches if where or not (k == PLACE and m[2] == "ou ")]
    return opening or (inside[0] if inside else (OTHER, None))


# What a question counts or sums: "combien de X", "le nombre de X", "le montant des X", and "combien"
# split from "de X" by the inverted verb ("Combien y a-t-il d'habitants … ?", "Combien la France
# compte-t-elle de territoires ?") (the words that ask a quantity of something, by French grammar).
_COUNTED_THING = re.compile(
    r"\b(?:(?:combien|nombre|montant)\s+|combien\b[^?]*?-(?:t-)?(?:il|elle|ils|elles|on)\s+)"
    r"(?:de\s+la\s+|de\s+l'|des\s+|du\s+|de\s+|d')(\w+)"
)


def counted_thing(question: Question) -> str | None:
    """The term for the things "combien de X", "le nombre de X", "le montant des X" count or sum, whose
    figure a sure answer states next to it: None for a duration or a frequency ("combien de temps",
    "combien de fois")."""
    return _counted_in(question.text)


@lru_cache(maxsize=1024)
def _counted_word(text: str) -> str | None:
    """The folded noun "combien de X" counts in a question's text, read once per question (figures ask
    it of every sentence); None for a duration, a frequency or a sum (`lexicon.MEASURE_NOUNS`)."""
    match = _COUNTED_THING.search(fold(text))
    return None if match is None or match[1] in lexicon.MEASURE_NOUNS.plain else match[1]


@lru_cache(maxsize=1024)
def _counted_in(text: str) -> str | None:
    """`counted_thing` of a question's text: the term of its counted noun (read once per question)."""
    word = _counted_word(text)
    return next(iter(terms(word)), None) if word else None


def _counts_things(text: str) -> bool:
    """It counts things that are no unit ("Combien d'accidents …", not "Combien de jours …", "À combien
    de kilomètres …"): a length of time ("dans les 30 jours") or a measure is no count of them."""
    word = _counted_word(text)
    return word is not None and not in_units(word)  # a unit of time is one of the units


# What a question asks a list of: "quels X", "quels sont les X", "citez les X" (plural interrogatives
# and imperatives of listing, by French grammar; the same cues as `lexicon.MANY_CUES`).
_LISTED_THING = re.compile(
    r"\b(?:(?:quels|quelles)\s+(?:sont\s+)?(?:les\s+|des\s+)?|(?:citez|enumerez|listez|liste)\s+(?:les\s+|des\s+))"
    rf"(?:(?:\d+|{NUMBER_WORDS}|principa(?:les|ux))\s+)?(\w+)"
)


def listed_thing(question: Question) -> str | None:
    """The term for the things a question asks a list of ("Quelles actions …" -> "action"), None when
    it asks no list."""
    match = _LISTED_THING.search(fold(question.text))
    return next(iter(terms(match[1])), None) if match else None


# The common noun a name stands beside: "le projet Think & Mate", "l'école CODA" (a determiner, the
# noun, the name). Not a noun the name completes with "de" — "le siège de DUQUEINE" asks the seat —
# nor a word without a determiner, which may be a verb ("Qui a fondé DUQUEINE ?").
_HEAD_OF_NAME = re.compile(rf"\b{lexicon.DETERMINERS.pattern()}\s*(\w+)\s+(?=[A-ZÀ-Ý][\w-]+)")


# A short lowercase word between two capitalised ones belongs to the name: "CODA by SIMPLON"; so does
# any lowercase word after a capitalised noun its determiner opens ("le Campus numérique Digit'Alès":
# "Qui finance le Campus numérique Digit'Alès ?" was sure at 1.0 with a sentence presenting the campus,
# "numérique" taken for what it says of it; a question written by hand to try the real releases,
# 2026-12-07).
_NAME_GLUE = re.compile(
    rf"(?:[A-ZÀ-Ý][\w-]*\s+([a-zà-ÿ]{{1,4}})|\b{lexicon.DETERMINERS.pattern()}\s*[A-ZÀ-Ý][\w'’-]*\s+([a-zà-ÿ]+))"
    r"\s+(?=[A-ZÀ-Ý])"
)


def predicate_terms(question: Question) -> list[str]:
    """What the question says of the names it gives: its terms outside those names, outside the
    common nouns they complete, outside the words naming the type asked ("Qui **finance** le projet
    Think & Mate ?" -> ["financ"]) and outside auxiliaries and light verbs ("sont faits", "seront")."""
    heads = [m[1] for m in _HEAD_OF_NAME.finditer(question.text)]
    glue = [m[1] or m[2] for m in _NAME_GLUE.finditer(question.text)]
    named = {t for word in [*names(question.text), *heads, *glue] for t in terms(word)}
    said = [t for t in question.terms if t not in named and t not in question.type_terms]
    for word in words(question.text):  # one term per light word: "sera" leaves the "série" of the same stem
        if word in lexicon.LIGHT_VERBS.plain and (stem := terms(word)[0]) in said:
            said.remove(stem)
    return said


# Words that date what a question speaks of: figures, months, days.
_WHEN = frozenset(terms(" ".join((*MONTHS, *DAY_NAMES))))


def undated(asked: list[str]) -> list[str]:
    """The terms that say what happens, without those that only date it (`_WHEN`, figures): a sentence
    of the same day does not say it ("Qui a signé le message du 27 mai 2017 ?" was sure at 0.79 with
    "Samedi 27 mai : Journée nationale de la Résistance …", a question written by hand to try the real
    releases, 2026-12-07)."""
    return [t for t in asked if t not in _WHEN and not t.isdigit()]


# "Qui peut demander …", "Qui a droit à …": who may have or ask something, which texts say with words
# of eligibility ("à destination des communes") more often than with the question's verb.
_ASKS_ELIGIBILITY = re.compile(r"^\W*qui\s+(?:peut|peuvent|pourra|pourront|a\s+droit|ont\s+droit)\b")
_ELIGIBILITY_STEMS = sorted(stems_of(lexicon.ELIGIBILITY_WORDS))


def eligibility_terms(question: Question) -> list[str]:
    """The stems of the words of eligibility (`lexicon.ELIGIBILITY_WORDS`) when the question asks who may
    have or ask something, else none."""
    return list(_ELIGIBILITY_STEMS) if _ASKS_ELIGIBILITY.match(fold(question.text)) else []


# "Quel est le X de …", "Quelle est la X …": the noun that names what is asked of the rest — after an
# adjective of order or time that comes before French nouns ("la dernière cérémonie" asks a ceremony,
# not "dernière", which a release says by its date: the question was refused for want of the word).
_ASKED_NOUN = re.compile(
    r"\bquel(?:le)?s?\s+(?:est|sont|etait|etaient)\s+(?:(?:les|le|la)\s+|l'\s*)"
    r"(?:(?:derni|premi)(?:er|ere)s?\s+|prochaine?s?\s+|nouvel(?:le)?s?\s+|nouveaux?\s+|actuel(?:le)?s?\s+)?(\w+)"
)
_OPENS_ASKING = re.compile(rf"\W*{_ASKED_NOUN.pattern}")  # the question opens on it (`asks_reason`)


def asked_noun(question: Question) -> str | None:
    """The term of the noun a "Quel est le X de …" question asks ("la superficie" -> "superfic"); None
    for a noun naming the form of the answer ("le nom", "le titre": `lexicon.FORM_NOUNS`)."""
    match = _ASKED_NOUN.search(fold(question.text))
    if match is None or match[1] in lexicon.FORM_NOUNS.plain:
        return None
    return next(iter(terms(match[1])), None)


_NAME = re.compile(r"(?<=[\s'’(«\"])[A-ZÀ-Ý][\w-]+")


def names(text: str) -> list[str]:
    """Capitalised words inside the question (proper nouns: places, people, organisations)."""
    return [m[0] for m in _NAME.finditer(text)]


def said_names(text: str) -> list[str]:
    """`names`, but not a word that only opens a quotation, an item or a clause (`_OPENS_TEXT`): "Samedi
    27 mai : Journée nationale de la Résistance - Pavoisement des édifices publics" names no
    "Pavoisement" (a question of the real releases' dev part, "Quand a lieu la Journée nationale de la
    Résistance en 2017 dans le Cher ?", was led by the day of another event for it)."""
    return [m[0] for m in _NAME.finditer(text) if not _OPENS_TEXT.search(text[: m.start()])]


# An exclusion cue (`lexicon.EXCLUSION_CUES`), then what it sets apart, up to a bracket or punctuation.
_EXCLUDED = re.compile(rf"{lexicon.EXCLUSION_CUES.pattern()}\s(?P<apart>[^(),;.?!]+)")


# Capitalised words that follow one another make one name: "Nîmes Métropole", "Région Occitanie".
_NAME_RUN = re.compile(rf"{_NAME.pattern}(?:\s+[A-ZÀ-Ý][\w-]+)*")


def _excluded_spans(text: str) -> list[tuple[int, int]]:
    """Where the names a question sets apart from what it asks about stand (`Question.apart`: "(pas la
    préfecture de Lozère)" -> Lozère), a name of several words whole ("hors Nîmes Métropole": a passage
    naming another "Métropole" is not set apart): capitalised words after an exclusion cue
    (`lexicon.EXCLUSION_CUES`), read on the accent-folded text (none when folding moved the offsets:
    digit groups)."""
    folded = fold(text)
    if len(folded) != len(text):
        return []
    return [
        (cue.start("apart") + m.start() - 1, cue.start("apart") + m.end() - 1)
        for cue in _EXCLUDED.finditer(folded)
        for m in _NAME_RUN.finditer(" " + text[cue.start("apart") : cue.end()])
    ]


# A sentence reporting speech: quotation marks or a verb of saying.
# Verbs that introduce reported speech in French (déclarer, estimer, souligner, se féliciter, se
# réjouir, saluer, affirmer, rappeler, insister, assurer, dire), matched on their stems so that every
# form counts ("réjouir", "réjouit", "réjouissons").
_REPORTING_STEMS = frozenset(
    {
        "declar",
        "estim",
        "soulign",
        "soulignent",
        "felicit",
        "rejou",
        "salu",
        "affirm",
        "rappel",
        "insist",
        "assur",
    }
)
# Verbs by which a release reports an official's stance (se réjouir, se féliciter, saluer, souligner),
# a subset of the reporting stems above: a question that asks why or how someone does so asks what
# they said, and is answered by a sentence that reports speech. Found on one question of the own dev
# set ("Pourquoi le préfet se réjouit-il … ?", left out of its release: a sentence merely naming the
# préfet was given as sure). Not "déclarer", "estimer", "assurer", "rappeler": "déclarer un
# traitement", "estimé à", "assurer la sécurité", "un rappel" are not speech.
_STANCE_STEMS = frozenset({"rejou", "felicit", "salu", "soulign", "soulignent"})
_STATEMENT = re.compile(r"[«»“”\"]|\b(a dit|ont dit|a tenu a|selon (lui|elle))\b")


def _reports_speech(sentence: str) -> bool:
    return _STATEMENT.search(fold(sentence)) is not None or not _REPORTING_STEMS.isdisjoint(terms(sentence))


# A sentence that says what something is or aims at: "X est un...", "vise à", "a pour objectif"... A
# rank is not a definition: "est le troisième", "est la première", "est le seul", "est le plus..." (French
# ordinals end in -ième, besides premier/dernier; superlatives take plus/moins).
_RANK = r"(?:[a-z]+iemes?|premier(?:e|s|es)?|dernier(?:e|s|es)?|seule?s?|plus|moins)\b"
_DEFINES = re.compile(
    rf"\b(est|sont) (?!(?:le|la|les) {_RANK}|l'{_RANK})(un|une|le|la|les|l'|des|a la fois)\b|\bvise(nt)? (a|au|aux)\b|\b(a|ont) pour (but|objectif|objet|mission|vocation)\b"
    r"|\bconsiste(nt)? (a|en)\b|\bdesigne(nt)?\b|\bobjectif\b|\bvocation\b|\bdefini(e|s|es)? comme\b|\bpermet(tent)? (de|d'|aux?)\b"
)


# A French phone number (0X XX XX XX XX, +33 X…, grouped by spaces, dots or dashes) or an e-mail address.
_PHONE = r"(?:\+33[\s.\-]?(?:\(0\))?|\b0)[1-9](?:[\s.\-]?\d{2}){4}\b"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
# A postal address: a number and a kind of street, a postal code and its town, a post-office box.
_POSTAL = (
    rf"\b\d{{1,4}}(?:\s?(?:bis|ter))?,?\s+(?i:{lexicon.STREET_TYPES.pattern()})\b\.?"
    r"|\b\d{5}\s+[A-ZÀ-Ý][\w'’-]+|\b(?:BP|CS)\s?\d{2,6}\b"
)
_CONTACT = re.compile(f"{_PHONE}|{_EMAIL}")
_WRITTEN = frozenset(terms("courriel mail électronique"))  # a question asking where to write
_DIALED = frozenset(terms(f"numéro {' '.join(lexicon.PHONE_NOUNS.words)}"))  # ... or which number to call
_POSTED = frozenset(terms("adresse"))  # "l'adresse", "l'adresse postale": where to go or post


# "Qui contacter pour … ?": whom to turn to, which a text says with a verb of turning to someone ("Le
# porteur de projet doit contacter le préfet de son département" — a question written by hand to try the
# real releases was refused for want of a phone number, 2026-12-07). Grammar.
_ASKS_WHOM = re.compile(r"\bqui\s+(?:contacter|joindre|appeler)\b")
_TURNS_TO = re.compile(
    r"\b(?:contact(?:er|ez)|joindre|s'adresser|adressez-vous|se rapprocher|rapprochez-vous|prendre contact)\b"
)


def _reaches(question: Question, sentence: str) -> bool:
    """The sentence gives the way to reach someone the question asks: a postal address to "l'adresse"
    (a phone number does not answer it: "Quelle est l'adresse de la préfecture d'Occitanie ?" was sure
    at 0.99 with the press contacts), a phone number or an e-mail address to the others, and any of the
    three to "les coordonnées", "le contact"; to "qui contacter", a sentence saying whom to turn to
    (`_TURNS_TO`)."""
    if _ASKS_WHOM.search(fold(question.text)) and _TURNS_TO.search(fold(sentence)):
        return True
    form = _form_asked(question)
    postal = re.search(_POSTAL, sentence) is not None
    if form == "postal":
        return postal
    return _CONTACT.search(sentence) is not None or (postal and form == "any")


def _form_asked(question: Question) -> str:
    """The way of reaching someone a contact question asks: "email" (`_WRITTEN`), "phone" (`_DIALED`),
    "postal" ("l'adresse" alone, `_POSTED`), or "any" ("les coordonnées", "le contact"); what the test of
    a sentence (`_reaches`) and the short answer both read."""
    asked = question.type_terms
    if asked & _WRITTEN:
        return "email"
    if asked & _DIALED:
        return "phone"
    return "postal" if asked & _POSTED else "any"


def has_expected_type(question: Question, sentence: str, before: str = "") -> bool:
    """Whether the sentence holds something of the kind the question asks for (`before`: the text that
    precedes it in its passage, which tells whether it lies inside a quotation)."""
    if question.kind == SPEECH:
        return before.count("«") > before.count("»") or _reports_speech(sentence)
    if question.kind == DEFINITION:
        return _DEFINES.search(fold(sentence)) is not None
    if question.kind == DATE:
        folded = fold(sentence)
        if question.asks_end:
            return any(_closes(folded, m) for m in DATE_RE.finditer(folded))
        return DATE_RE.search(folded) is not None
    if question.kind == AMOUNT:
        return any(m["unit"] and "%" not in m["unit"] for m in NUMBER_RE.finditer(sentence))
    if question.kind == CONTACT:
        return _reaches(question, sentence)
    if question.asks_share:
        return _SHARE_FIGURE.search(fold(sentence)) is not None
    if question.wants_number:
        return short_number(question, sentence) is not None
    if question.asks_road:
        return _new_road(question, sentence) is not None
    if question.kind == PERSON and not _says_office(question, sentence):
        return False
    if question.kind in (PERSON, PLACE):
        return _names_another(question, sentence) or (
            question.kind == PERSON and _names_agent(question, sentence)
        )
    return True


_OWN_TITLE = 4  # letters a body's name and its holder's title begin with alike (préfecture, préfet)
# After an office's title, up to two words qualifying it ("Directeur Général"), then "de" and what it is
# the title of: read here on folded text (its first words, `_TITLE_OF`: "prefet de la marne") and by
# `roles.role_of_another` on the sentence (its capitalised name: "… de DUQUEINE Engineering").
TITLE_OF = r"(?:\s+(?!(?:de|du|des|d)\b)[\w-]+){0,2}?\s+(?:de|du|des|d['’])\s*(?:(?:la|le|les)\s+|l['’]\s*)?"
_TITLE_OF = re.compile(rf"{TITLE_OF}((?:[\w-]+\s*){{1,4}})")


@lru_cache(maxsize=1024)
def _office_asked(question: Question) -> tuple[frozenset[str], frozenset[str]] | None:
    """The stems of a verb of holding an office the question asks by and of its nouns, and the stems of
    what holds the office (`office_by_verb`); read once."""
    folded = fold(question.text)
    found = _BY_OFFICE_VERB.search(folded)
    if found is None:
        return None
    stems = frozenset(t for word in (found[1], *_OFFICE_VERBS[found[1]]) for t in terms(word))
    return stems, frozenset(terms(folded[found.end() :]))


def _says_office(question: Question, sentence: str) -> bool:
    """To "Qui préside / dirige X ?", a sentence names the holder only where it says the verb, its office,
    X's own title ("le préfet" for "la préfecture"), another title said of X ("président de la Région"
    for "Qui dirige la Région ?") or "sous la direction de": "… parmi eux, le Conseil départemental,
    les EPCI et les communes …" does not answer "Qui préside le conseil départemental … ?" (sure at
    0.93 with "EPCI" as a name), nor "le préfet saisit l'équipe … de l'Agence nationale de la cohésion
    des territoires" "Qui dirige l'Agence nationale … ?" (sure at 0.997: another title, of no one
    named) — questions written by hand to try the real releases, 2026-12-07. True for any other
    question."""
    asked = _office_asked(question)
    if asked is None:
        return True
    stems, holding = asked
    if not stems.isdisjoint(terms(sentence)):
        return True
    folded = fold(sentence)
    if _HELD_UNDER.search(folded):
        return True
    for title in _ANY_OFFICE.finditer(folded):
        if any(t[:_OWN_TITLE] == title[0][:_OWN_TITLE] for t in holding):
            return True  # X's own title: "le préfet" for "la préfecture", "le maire" for "la mairie"
        of = _TITLE_OF.match(folded, title.end())
        if of is not None and not holding.isdisjoint(terms(of[1])):
            return True
    return False


# A body or an office by its common noun, after its article: "la commission administrative", "le préfet".
_AGENT = re.compile(
    rf"\b(?:le|la|les|l')\s*((?:{lexicon.ORGANISATION_WORDS.pattern()}|{lexicon.OFFICES.pattern()}))\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1024)
def _agent_verb(question: Question) -> str | None:
    """What `_names_agent` requires of a sentence: the question's first predicate term, read once."""
    return next(iter(undated(predicate_terms(question))), None)


def _names_agent(question: Question, sentence: str) -> bool:
    """The sentence names a body or an office the question does not, and says what the question asks of
    it — its first word, the verb after "qui": "La commission administrative doit arrêter le tableau du
    10 janvier" answers "Qui arrête le tableau du 10 janvier ?" (a question written by hand to try the
    real releases, 2026-12-07; answers to "qui" in releases are as often a body as a person's name);
    "Le service de navettes … entre en service … dans le département" does not answer "Qui coordonne les
    navettes ?" (any word of the question let it lead before "… coordonné par Lucie Marchand")."""
    verb = _agent_verb(question)
    if verb is None or not found_in(verb, set(terms(sentence))):
        return False
    return any(set(terms(m[1])).isdisjoint(question.terms) for m in _AGENT.finditer(fold(sentence)))


# After a name, the word of what it does: past a comma ("Fabrice Verdier, représentant …") or one short
# auxiliary ("Max Roustan a signé", "X est intervenue").
_DOER = re.compile(
    r"\s*,?\s*(?:(?:a|ont|avait|avaient|est|sont|était|étaient|aura|auront)\s+)?([\w'’-]+)", re.IGNORECASE
)


def names_doer(question: Question, sentence: str) -> bool:
    """To "qui" and a verb, the sentence names someone the question does not as doing it: a name, then
    the verb's word (`_DOER`) — "Fabrice Verdier, représentant la présidente de la Région … Carole Delga"
    to "Qui représentait Carole Delga ?", where "en présence de nombreux représentants élus …, présidé par
    la Carole Delga" says the verb of no one (a question written by hand to try the real releases,
    2026-12-07: the latter led, sure at 0.90)."""
    verb = _agent_verb(question) if question.kind == PERSON else None
    if verb is None:
        return False
    for m in CAPITALISED.finditer(sentence):
        after = _DOER.match(sentence, m.end())
        if after and not _in_question(question, m[0]) and found_in(verb, set(terms(after[1]))):
            return True
    return False


def _names_another(question: Question, sentence: str) -> bool:
    """The sentence gives a name the question does not: a capitalised span past its first word (a
    sentence opens on a capital; all of that word: the "N4" of "RN4 - Réfection …" is none), not a lone
    word opening a quotation or an item (`_OPENS_TEXT`) — nor, to "qui", a lone word where places stand
    (`_PLACE_NAME`) or a name before its département's number (`_DEPARTMENT_CODE`), nor, to "où", an
    acronym of a body (`_OF_BODY`)."""
    first = _FIRST_WORD.match(sentence)
    for m in CAPITALISED.finditer(sentence, first.end() if first else 0):
        if _in_question(question, m[0]):
            continue
        if question.kind == PERSON and _DEPARTMENT_CODE.match(sentence, m.end()):
            continue
        if len(m[0].split()) > 1:
            return True
        before = sentence[: m.start()]
        if _OPENS_TEXT.search(before) or (question.kind == PERSON and _PLACE_NAME.search(fold(before))):
            continue
        if question.kind == PLACE and m[0].isupper() and _OF_BODY.search(fold(before)):
            continue
        return True
    return False


# A sentence's first word, which opens on a capital whatever it is; an elided article or preposition
# is a word of its own ("L'État", "D'Alès": "État", "Alès" may be names).
_FIRST_WORD = re.compile(r"\W*(?:\w{1,3}['’](?=\w)|[\w'’-]*)")
# After a name, the number of its département in brackets makes it a commune: "Réfection d'ouvrage d'art
# à Ligny-en-Barrois (55)" names no one to answer "Qui réalise les travaux sur la RN4 ?" (sure at 0.94
# with that heading; a question written by hand to try the real releases, 2026-12-07). Numbers 01 to
# 976, and 2A, 2B for Corsica.
_DEPARTMENT_CODE = re.compile(r"\s*\((?:0?[1-9]|[1-8]\d|9[0-5]|97[1-6]|2[AB])\)")


# Before a lone acronym, what makes it a body's, not a place's: "deux jeunes volontaires du SNU" does not
# say where "Où le préfet a-t-il déposé une gerbe ?" (sure at 0.87; a question written by hand to try the
# real releases, 2026-12-07) — a place's acronym follows what places it ("en URSS", "aux USA").
_OF_BODY = re.compile(r"\b(?:du|des|de\s+la|de\s+l')\s*$")


# A code naming one thing among many of its kind: a road ("RN19", "A31", "RD34"), a form, a line ...;
# capitals and digits in a text, any case in a question ("rn19").
_CODE = re.compile(r"\b[A-Z]{1,4}\d{1,5}\b")
_ASKED_CODE = re.compile(r"\b[a-z]{1,4}\d{1,5}\b")


# A road as texts name it: its code ("RN90", "A31"), or its kind and number ("la route nationale 118");
# and, for the kind of road a question asks, what its code opens on (French road codes: A for an
# autoroute, N or RN for a route nationale, D or RD for a route départementale).
_ROAD = re.compile(rf"{_CODE.pattern}|\b[Rr]oute\s+(?:nationale|départementale)\s+(?:n°\s*)?\d{{1,4}}\b")
_ROAD_KINDS = tuple(
    (stem, code)
    for word, code in (("autoroute", "a"), ("nationale", "n"), ("departementale", "d"))
    for stem in terms(word)
)


def _new_road(question: Question, sentence: str) -> str | None:
    """The first road the sentence names that the question does not ("… sur la RN90 …"), of the kind it
    asks (the road noun it asks by, `Question.type_terms`): "Sur quelle autoroute … ?" is not answered
    by the RN4."""
    asked = fold(question.text)
    kind = next((code for stem, code in _ROAD_KINDS if stem in question.type_terms), "")
    for m in _ROAD.finditer(sentence):
        road = fold(m[0])
        of_kind = road.removeprefix("r").startswith(kind) or road.startswith(f"route {kind}")
        if of_kind and not re.search(rf"\b{re.escape(road)}\b", asked):
            return m[0]
    return None


def names_another_code(question: Question, sentence: str) -> bool:
    """The question names a code ("les travaux de la RN19") and the sentence names others, not it ("…
    sur la RN4 …"): it speaks of another road, another form."""
    asked = set(_ASKED_CODE.findall(fold(question.text)))
    said = {code.lower() for code in _CODE.findall(sentence)}
    return bool(asked) and bool(said) and not asked & said


# A year naming an edition or a programme's year, right after a noun or an acronym ("les dossiers DETR
# 2022", "le rapport d'activité 2022"), over folded text — not after a function word, a month, a word of
# time or one qualifying a figure, where it dates or counts ("en 2022", "le 8 janvier 2021", "début 2020",
# "environ 2000"). French grammar.
_EDITION_YEAR = re.compile(rf"\b([a-z][\w'-]*)\s+({_YEAR})")
_DATING_WORDS = (
    STOP_WORDS
    | frozenset(MONTHS)
    | lexicon.FIGURE_HEDGES.plain
    | frozenset(("avant", "apres", "contre", "puis", "annee", "annees", "mois", "fin", "debut", "mi"))
)


def _edition_years(text: str) -> set[str]:
    return {m[2] for m in _EDITION_YEAR.finditer(fold(text)) if m[1] not in _DATING_WORDS}


def names_another_edition(question: Question, sentence: str) -> bool:
    """The question names an edition by its year ("les dossiers DETR 2022") and the sentence others, not
    it ("Les dossiers 2021 doivent être transmis au plus tard le 8 janvier 2021"): it speaks of another
    year's (`_EDITION_YEAR`). A follow-up, "Et celle de 2022 ?", was sure with the 2021 deadline (a
    conversation written by hand on the real releases' dev part, 2026-12-07)."""
    asked = _edition_years(question.text)
    return bool(asked) and bool(said := _edition_years(sentence)) and not asked & said


def headline_fits(question: Question, headline: str) -> bool:
    """Whether a short answer is of the type asked: a date for "quand", euros for a money question,
    a figure for "combien" (what the evaluation checks on every headline, and answers guarantee)."""
    if question.kind == DATE:
        return DATE_RE.search(fold(headline)) is not None
    if question.kind == AMOUNT:
        return any(m["unit"] and "%" not in m["unit"] for m in NUMBER_RE.finditer(headline))
    if question.kind == CONTACT:
        return _CONTACT.fullmatch(headline) is not None
    if question.kind == NUMBER:
        return NUMBER_RE.search(headline) is not None
    return True


def short_answer(question: Question, sentence: str) -> str | None:
    """The short answer (a date, a figure with its unit) when it can be pulled out safely: the first
    date the question does not give — or, when that is a year alone, a later full date of that year
    ("Les dossiers 2021 doivent être transmis au plus tard le 8 janvier 2021" answers "8 janvier 2021",
    not "2021"; "Né en 1977, …, il est assassiné le 24 juin 1995" answers "en 1977": PIAF train) —
    or, of a sentence dating several events, the one next to what the question asks (`_nearest_said`)."""
    if question.kind == DATE:
        folded = fold(sentence)
        dates = [m for m in DATE_RE.finditer(folded) if not set(words(m[0])) <= question.words]
        if question.asks_end:  # the date that closes a period: "jusqu'au 30 septembre"
            dates = [m for m in dates if _closes(folded, m)]
        if not dates:
            return None
        dates = _nearest_said(question, folded, dates)
        chosen = dates[0]
        if year := _YEAR_ALONE.fullmatch(chosen[0]):  # a full date of that year says more
            same = re.compile(rf"\b{year[0][-4:]}\b")
            chosen = next((m for m in dates if _FULL_DATE.search(m[0]) and same.search(m[0])), chosen)
        start, end = _date_range(folded, chosen)
        return sentence[start:end].strip()
    if question.wants_number:
        found = short_number(question, sentence)
        return found if found and headline_fits(question, found) else None
    if question.kind == CONTACT:
        form = _form_asked(question)
        if form == "postal":
            return None  # a postal address is read whole in its quote
        address = re.search(_EMAIL if form == "email" else _PHONE, sentence)
        return address[0] if address else None
    if question.asks_road and not question.multi:  # "RN90": of several roads, the list is the answer
        return _new_road(question, sentence)
    return None


def _nearest_said(question: Question, folded: str, dates: list[re.Match[str]]) -> list[re.Match[str]]:
    """The dates of a sentence, first the one said with most of the words saying what the question asks
    (its predicate terms, `predicate_terms`): those in its clause, then those nearer it than any other
    date — each range counted once, from its first day (`_date_range`). "Auditée le 30 septembre,
    labellisée le 9 octobre, la structure a rapidement ouvert ses portes le 2 novembre 2021" dates three
    events, and "Quand la France Services … a-t-elle été labellisée ?" asks the second (a question
    written by hand on the real releases, 2026-12-07). In their order when no date is said with more of
    them than the first. Of 69 date questions of the PIAF and CNIL train and dev parts whose answer
    sentence gives several dates, the short answer held the reference 42 times by the first date, 54 so
    (the nearest date alone: 51; the clause alone: 51)."""
    spans: list[tuple[int, int]] = []
    firsts: list[re.Match[str]] = []
    for m in dates:
        if not any(a <= m.start() < b for a, b in spans):  # not the second day of a range
            spans.append(_date_range(folded, m))
            firsts.append(m)
    if len(firsts) < 2:
        return dates
    marks = [m.start() for m in _CLAUSE_MARK.finditer(folded)]
    clauses = [  # each date's clause: between the marks around it
        (
            max((at for at in marks if at < start), default=-1),
            min((at for at in marks if at >= end), default=len(folded)),
        )
        for start, end in spans
    ]
    said = [(w.start(), set(terms(w[0]))) for w in re.finditer(r"\w+", folded)]
    in_clause, nearest = [0] * len(firsts), [0] * len(firsts)
    for term in undated(predicate_terms(question)):
        spots = [at for at, stems in said if found_in(term, stems)]
        if not spots:
            continue
        for i, (first, last) in enumerate(clauses):
            in_clause[i] += any(first < at < last for at in spots)
        nearest[min(range(len(spans)), key=lambda i: min(_apart(spans[i], at) for at in spots))] += 1
    best = max(range(len(firsts)), key=lambda i: (in_clause[i], nearest[i]))
    ahead = (in_clause[best], nearest[best]) > (in_clause[0], nearest[0])
    return [firsts[best], *(m for m in dates if m is not firsts[best])] if ahead else dates


# What separates the clauses of a sentence ("Auditée le 30 septembre, labellisée le 9 octobre").
_CLAUSE_MARK = re.compile(r"[,;:()«»]")


def _apart(span: tuple[int, int], at: int) -> int:
    """Characters between a span of text and an offset (0 inside it)."""
    return span[0] - at if at < span[0] else max(0, at - span[1])


# Date ranges, over folded text: what opens one ("du lundi"), what joins its first date to the second
# (an hour of the first day, then "au"), and a first day sharing the second's month ("du 2 au 4 juin",
# "entre le 3 et le 5 mai", days listed: "les 2 et 3 mai").
_DAY = "(?:" + "|".join(DAY_NAMES) + r")\s+"
_RANGE_OPENS = re.compile(rf"\b(?:du|entre(?: le)?)\s+(?:{_DAY})?$")
_RANGE_JOINS = re.compile(rf"(?:\s+a\s+\d{{1,2}}\s*h\s*\d{{0,2}})?\s+(?:au|jusqu'au|et le|et)\s+(?:{_DAY})?")
_RANGE_FIRST_DAY = re.compile(
    rf"\b(?:du|entre(?: le)?|les)\s+(?:{_DAY})?(?:1er|\d{{1,2}})\s+(?:au|et le|et)\s+(?:{_DAY})?$"
)


def _date_range(folded: str, first: re.Match[str]) -> tuple[int, int]:
    """The offsets of a date, or of the range it belongs to ("du lundi 25 avril 2022 au jeudi 28 avril
    2022", "du 2 au 4 juin 2021", "les mardi 17 et mercredi 18 octobre 2023"): one of its days alone
    would be half the answer ("Et la RN57 ?" after a question on a closure was answered "18 octobre
    2023", a conversation written by hand on the real releases, 2026-12-07)."""
    before = folded[max(0, first.start() - 40) : first.start()]
    if day := _RANGE_FIRST_DAY.search(before):
        return first.start() - len(day[0]), first.end()
    opens = _RANGE_OPENS.search(before)
    joins = _RANGE_JOINS.match(folded, first.end()) if opens else None
    second = DATE_RE.match(folded, joins.end()) if opens and joins else None
    if opens and second:
        return first.start() - len(opens[0]), second.end()
    return first.start(), first.end()


# What closes a period before a date (over folded text): "jusqu'au 30 septembre", "au plus tard le 8
# janvier", "avant le 1er mars", "d'ici fin 2025", the second date of "du 2 au 4 juin" or "entre le 31
# août et le 25 septembre" — not "recensés au 28 février", a date things are counted at (French grammar).
# Of these, what makes a date only the end of a period ("jusqu'au 30 septembre"), unlike "du … au …",
# which says its beginning too (`ends_only`).
_UNTIL_CUES = (
    r"\bjusqu'\s*(?:au|a|en|a la fin de)?|\bau plus tard(?: le)?|\bd'ici(?: le| a| au)?"
    r"|\bdate limite(?: est| :)?(?: le| fixee au)?"
)
_CLOSING = re.compile(
    rf"(?:{_UNTIL_CUES}|\bavant(?: le| la fin de)?|\bdu\b[^.;]*\bau(?: \w+)?|\bentre\b[^.;]*\bet(?: le)?"
    r"|\bfin)\s*$"
)
_UNTIL = re.compile(rf"(?:{_UNTIL_CUES})\s*$")


def _preceded(folded: str, date: re.Match[str], cue: re.Pattern[str], reach: int = 50) -> bool:
    """The `cue` ends the `reach` characters before the date."""
    return cue.search(folded[max(0, date.start() - reach) : date.start()]) is not None


def every_date_after(folded: str, cue: re.Pattern[str], reach: int = 50) -> bool:
    """The folded text gives dates, each right after the `cue` (`_preceded`)."""
    days = list(DATE_RE.finditer(folded))
    return bool(days) and all(_preceded(folded, m, cue, reach) for m in days)


def _closes(folded: str, date: re.Match[str]) -> bool:
    """The date closes a period (`_CLOSING` before it): what "jusqu'à quand" asks."""
    return _preceded(folded, date, _CLOSING)


def ends_only(folded: str) -> bool:
    """Every date of the folded text is the end of a period (`_UNTIL`): "… prolonger jusqu'au 30 septembre
    2019 la période sensible" says when it ends, not when it began."""
    return every_date_after(folded, _UNTIL)


# Over folded text: a date that gives its year and more (its month at least), and a year alone.
_FULL_DATE = re.compile(f"{_MONTH_YEAR}|{_NUMERIC_DATE}")
_YEAR_ALONE = re.compile(rf"(?:(?:{_YEAR_OPENING})\s+)?{_YEAR}")
_ORDINAL_SUFFIX = re.compile(r"(?:ère|ème|eme|er|re|e)\b")


def figures(sentence: str, counted: str | None = None) -> Iterator[re.Match[str]]:
    """The numbers the sentence states (`NUMBER_RE`), but for "un", "une" without a unit: articles —
    unless the next word is `counted`, the thing "combien de X" counts ("dont un porte-avions en
    service" to "Combien de porte-avions … ?"), and the word is not the end of a number ("vingt et un
    kilomètres": not one)."""
    for m in NUMBER_RE.finditer(sentence):
        if m["unit"] or fold(m[4]) not in ("un", "une") or _counts_one(sentence, m, counted):
            yield m


# Prepositions after which "un", "une" is an article, not a count ("tuées dans les 30 jours suivant un
# accident", "avec un projet"): French grammar, a closed class ("dont un" may count).
_ARTICLE_AFTER = re.compile(
    r"(?:(?:^|[\s(])(?:à|de|par|pour|avec|sans|sous|sur|vers|après|avant|suivant|selon|contre|dans|chez|entre|en)\s+"
    r"|\bd')$"
)  # over the lowered text, accents kept: "a une école" (avoir) counts, "à une école" does not


def _counts_one(sentence: str, article: re.Match[str], counted: str | None) -> bool:
    """ "un", "une" before `counted`, not ending a number ("vingt et un", "trente-et-une") nor after a
    preposition (`_ARTICLE_AFTER`)."""
    before = sentence[: article.start()]
    return (
        counted is not None
        and counted in terms(" ".join(sentence[article.end() :].split(maxsplit=1)[:1]))
        and not re.search(r"(?:\bet\s+|-)$", before)
        and not _ARTICLE_AFTER.search(before[-20:].lower().replace("’", "'"))
    )


# A question asking a limit ("Quel est le poids maximum … ?", "la hauteur maximale", "la vitesse
# limite"): a rule states it as the bar things pass ("interdite aux véhicules de plus de 3,5 tonnes"),
# whose "plus de" would read as the answer's own ("Plus de 3,5 tonnes" to a question written by hand on
# the real releases). French grammar.
_ASKS_LIMIT = re.compile(r"\b(?:maxim|minim|limite\b|au plus\b|au moins\b)")


def short_number(question: Question, sentence: str) -> str | None:
    """The figure that answers "combien de X": the number followed by X if any, else the first new one."""
    candidates: list[tuple[int, str]] = []
    duration = question.asks_duration  # read once: it folds the question
    counts_things = question.kind == NUMBER and _counts_things(question.text)
    measure = question.measure_unit
    limit = _ASKS_LIMIT.search(fold(question.text)) is not None
    for match in figures(sentence, counted_thing(question)):
        figure = match[0].strip()
        if limit and match[2] in ("plus", "moins"):  # the bar itself: "de plus de 3,5 tonnes" -> 3,5 tonnes
            figure = figure[match.end(1) - match.start() :].strip()
        digits = re.sub(r"\D", "", figure) or fold(match[4])
        if digits in {re.sub(r"\D", "", w) for w in question.words if any(c.isdigit() for c in w)}:
            continue
        unit = bool(match["unit"])
        if question.kind == AMOUNT and not (unit and "%" not in match["unit"]):
            continue  # an amount is money
        if question.asks_share and not _SHARE_FIGURE.match(
            fold(sentence[match.start("unit") if unit else match.end() :]).lstrip()
        ):
            continue  # a share is a percentage: "12 %", "12 pour cent"
        after = fold(sentence[match.end() :])
        if duration and not _DURATION.match(after):
            continue  # a length of time: "14 nuits", not an hour of the day ("de 9h à 16h")
        measured = measure.match(after) if measure else None
        if measure and not measured:
            continue  # a speed, a length, a mass has its unit: "90 km/h", not "21h00" or "le 66e"
        if measure and _names_another_quantity(
            question, sentence[max(0, match.start() - 40) : match.start()]
        ):
            continue  # "d'une longueur supérieure à 5 mètres" gives no height
        if counts_things and in_units(after):
            continue  # "tuées dans les 30 jours", "de 21h00 à 06h00": a time, not a count of accidents
        if not unit and question.kind != DATE and _a_year(digits, sentence[: match.start()]):
            continue  # a year, not a quantity
        end = match.end()
        if ordinal := _ORDINAL_SUFFIX.match(sentence, end):  # "le 66e préfet": a rank
            figure, end = figure + ordinal[0], ordinal.end()
        following = re.match(r"[\s\xa0]*((?:[\wÀ-ÿ'’-]+\s*){1,4})", sentence[end:])
        if following and re.match(MONTHS_RE, fold(following[1])):
            continue  # "9 décembre": a date, not a count
        tail = following[1].strip() if following else ""
        overlap = len(set(terms(tail)) & set(question.terms))
        score = overlap * 2 + (1 if unit and question.kind == AMOUNT else 0)
        text = figure + (" " + _trim_tail(tail, question) if overlap else "")
        if duration and tail:  # its unit is the answer too: "trois semaines", "14 nuits"
            text = f"{figure} {tail.split()[0]}"
        if measured:  # so is a measure's: "70 km/h", "3,5 tonnes" (folding keeps offsets)
            text = f"{figure} {sentence[match.end() : match.end() + measured.end()].strip()}"
        candidates.append((score, text.strip()))
    if not candidates:
        return _period(question, sentence) if duration else None
    best = max(candidates, key=lambda c: c[0])
    return best[1]


def _period(question: Question, sentence: str) -> str | None:
    """The first stretch of days a sentence gives ("Du jeudi 19 octobre au vendredi 27 octobre 2023",
    `_date_range`): how long what it dates lasts, to "Combien de temps durent les travaux … ?" (refused
    for want of a number of days, a question written by hand on the real releases, 2026-12-07) — in a
    sentence saying something the question says, and not holding a day the question gives, which asks
    how long that day's works last."""
    folded = fold(sentence)
    asked = set(undated([t for t in question.terms if t not in question.type_terms]))
    if asked and not asked & set(terms(sentence)):
        return None  # "Du jeudi 19 au vendredi 20 octobre 2023, de 21h00 à": a period of what?
    for start, end in date_ranges(folded):
        if not any(_in_question(question, m[0]) for m in DATE_RE.finditer(folded, start, end)):
            return sentence[start:end].strip()
    return None


def date_ranges(folded: str) -> list[tuple[int, int]]:
    """The offsets of the date ranges of a folded text ("du 2 au 4 juin 2021", `_date_range`; "1802-1885",
    two years joined by a dash)."""
    return [
        span
        for m in DATE_RE.finditer(folded)
        if (span := _date_range(folded, m)) != m.span() or _YEARS_SPAN_RE.fullmatch(m[0])
    ]


def in_units(after: str) -> bool:
    """The folded text after a figure opens on a unit — of length, mass, speed… (`lexicon.MEASURES`), of
    time (`DURATION_UNITS`), or an hour's "h" (`HOUR_AFTER`): the figure measures, it counts no things
    ("aux véhicules de plus de 3,5 tonnes ou d'une longueur supérieure à 5 mètres (hors véhicules …)"
    gives no number of vehicles)."""
    return (
        any(unit.match(after) for _, unit in _UNIT_OF)
        or _DURATION.match(after) is not None
        or HOUR_AFTER.match(after) is not None
    )


_YEAR_OPENS = re.compile(rf"\b(?:{_DATES_A_YEAR})\s+$")


def _a_year(digits: str, before: str) -> bool:
    """Four figures that date rather than count: from 1900 to 2099 whatever precedes them, an earlier
    year after a word that dates it ("Rollo attaque l'île Saint-Jean en 1758 et capture 2 500 personnes"
    answers "Combien d'Acadiens … ?" with 2 500: PIAF train)."""
    if re.fullmatch(r"(19|20)\d{2}", digits):
        return True
    return re.fullmatch(r"1\d{3}", digits) is not None and _YEAR_OPENS.search(fold(before[-16:])) is not None


def _names_another_quantity(question: Question, before: str) -> bool:
    """The words before a figure name a physical quantity, and not the one asked: the figure is of that
    other quantity."""
    named = set(terms(before)) & _QUANTITY_STEMS
    return bool(named) and named.isdisjoint(question.type_terms)


def _trim_tail(tail: str, question: Question) -> str:
    """Keep the words after a figure up to the last one the question mentions ("146 Territoires d'industrie")."""
    kept = tail.split()
    last = max((i for i, w in enumerate(kept) if set(terms(w)) & set(question.terms)), default=-1)
    return " ".join(kept[: last + 1])


def _in_question(question: Question, span: str) -> bool:
    return set(words(span)) <= question.words
