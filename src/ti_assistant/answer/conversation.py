"""Turn a follow-up question into a standalone query, without an LLM.

- Ellipsis: "Et Max Roustan ?" after "Qu'a déclaré Carole Delga ?" -> "Qu'a déclaré Max Roustan ?"
  (the previous question's named subject is swapped for the new one).
- Pronouns and vague references: "Qui le porte ?" after a question about the Think & Mate project
  -> "Qui le porte (Think & Mate) ?": the previous question's topic is added in brackets, which is
  what retrieval and sentence selection need, and reads as a question.
- A question of its own without its subject: "Et quand a-t-il démarré ?" after a question about
  Think & Mate -> "Quand a-t-il démarré (Think & Mate) ?".
- A new place: "Et à Nîmes ?" after "Qui pilote le territoire d'industrie d'Alès ?" -> "Qui pilote le
  territoire d'industrie de Nîmes ?" (one place name after a preposition is swapped).
- A new noun phrase: "Et le contrat ?" after "Quel est le budget du projet ?" -> "Quel est le budget du
  contrat ?" (the last one is swapped, its article contracted as French wants).
- A new subject with nothing to replace: "Et Max Roustan ?" after "Et quand a-t-il été signé ?"
  -> "Quand a-t-il été signé (Max Roustan) ?", never "...signé Max Roustan ?".
- A topic without names is made of the previous question's noun phrases, not its verbs: "Qui le
  porte ?" after "Quand le contrat a-t-il été signé ?" -> "Qui le porte (contrat) ?".
- A new thing asked about the same subject: "Et quel jour exactement ?" after "Qui a pris ses
  fonctions de préfet de la Marne ?" -> "Quel jour exactement (fonctions de préfet, Marne) ?": a
  question after "et" stands alone only when it names its own subject and asks something of it
  ("Et en Lozère, il y a combien de partenaires ?", "Et qui est Yann Belhomme ?").
- "celui de …": "Et celui de Nîmes ?" after "Quel est le budget du contrat d'Alès ?" -> "Quel est le
  budget du contrat de Nîmes ?" (the same thing, of another place).
- "celui de …" with a question of its own: "Et celui d'Alès, qui le pilote ?" after "Combien de
  territoires d'industrie en Occitanie ?" -> "Qui le pilote (territoires d'industrie d'Alès) ?".
- A new quantity of the same subject: "Et combien de blessés ?", or "Et de blessés ?", after "Combien
  de personnes ont été tuées sur les routes de La Réunion en 2021 ?" -> "Combien de blessés sur les
  routes de La Réunion en 2021 ?".
- A new circumstance: "Et en cas de foudre ?" after "Que faire en cas de vigilance orange ?" -> "Que
  faire en cas de foudre ?" (what the question ended on, opened by the same words, is swapped).
- An acronym is a subject: "Et France Services ?" after "C'est quoi la DETR ?" -> "C'est quoi la
  France Services ?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ti_assistant.answer.question import is_small_talk, names, unframed
from ti_assistant.answer.roles import asked_office
from ti_assistant.answer.timeline import present_terms
from ti_assistant.text import lexicon
from ti_assistant.text.dates import MONTH_NAMES
from ti_assistant.text.french import STOP_WORDS, fold, stems, word_spans, words

_ELLIPSIS = re.compile(r"^\s*(et|mais|aussi|puis|and)\s+(?P<rest>.+?)\s*\??\s*$", re.IGNORECASE)
# Pronouns that only make sense after an earlier question ("qui le porte", "son objectif"). A pronoun
# before a verb reads like an article before a noun ("quand le programme national..."): it counts as
# a sure sign only when the verb ends the question. After "qu'est-ce que" it is an article: "Qu'est-ce que
# l'écobuage ?" asks what a noun means (it was taken for "que l'[verbe]" and asked to be made precise).
_CLITIC = (
    r"\b(qui|(?<!est-ce )que|(?<!est-ce )qu'|comment|ou|quand|pourquoi)\s*(le|la|les|l'|lui|leur|y|en)\s*"
    r"(\w+(e|es|ent|er|ez|a|ont|it|ait|aient)\b|a\b|ont\b)"
)
_POSSESSIVE = r"\b(celui|celle|ceux|celles|lui|eux|son|sa|ses|leur|leurs|it|they|them|this|its|their)\b"
_PRONOUN = re.compile(f"{_CLITIC}|{_POSSESSIVE}")
_SURE_PRONOUN = re.compile(rf"{_CLITIC}\W*$|{_POSSESSIVE}")
# Weaker references, also common in standalone questions ("Quand le contrat a-t-il été signé ?"): an
# inverted pronoun, or a demonstrative before a noun ("ces travaux", "ce tunnel") — not one of time,
# which points at the present ("cette année"), nor "ce" as a pronoun ("ce que").
_REFERENCE = re.compile(
    r"-(?:t-)?(il|elle|ils|elles)\b"
    rf"|\b(?:ce\s+(?!{lexicon.CE_PRONOUN_NEXT.pattern()}\b)|cet\s+|cette\s+|ces\s+)"
    rf"(?!{lexicon.PRESENT_TIME_NOUNS.pattern()}s?\b)[a-z]"
)
# "Et" followed by a question of its own, not by the piece of one ("Et qui est Yann Belhomme ?").
_NAMED_OBJECT = re.compile(r"\b(le|la|les|l['’])\s*[A-ZÀ-Ý][A-ZÀ-Ý0-9]+\b")
_WHOLE_QUESTION = re.compile(r"(qui|que|qu'|quel|quelle|quels|quelles|comment|pourquoi|quand|ou)\b")
# An interrogative later in the sentence ("en Lozère, il y a combien de partenaires"): only words that
# are never a conjunction or a relative pronoun ("que", "qui", "où" are).
_ASKS = re.compile(r"\b(combien|quel|quelle|quels|quelles|pourquoi|comment|quand)\b")
# A question word and nothing else (a preposition or "c'est" before it): "par qui ?", "combien ?", "depuis
# quand ?", "c'est où ?"
_BARE = re.compile(
    r"\W*(?:c'(?:est|etait)\s+)?(?:(?:par|pour|avec|depuis|jusqu'a|a|de|d')\s*)?"
    r"(?:qui|quoi|quand|ou|comment|combien|pourquoi|lequel|laquelle|lesquels|lesquelles)\W*"
)
_PRENOMINAL = lexicon.PRENOMINAL_ADJECTIVES.plain
_IT_IS = re.compile(r"^\W*c['’](?:est|était|etait)\s+", re.IGNORECASE)  # "C'est où ?": "Où ?"
# A question word that asks about a whole clause, not a part of it (adverbial: when, where, how, why, by
# or with whom): one opening a question can be swapped for another before the same clause ("Quand le
# contrat a-t-il été signé ?" -> "Par qui le contrat a-t-il été signé ?"); "Combien ?", "Qui ?" cannot.
_ADVERBIAL = re.compile(
    r"(?:quand|ou|comment|pourquoi|(?:par|pour|avec|chez)\s+qui|depuis\s+quand|jusqu'a\s+quand)"
)
_ADVERBIAL_OPENING = re.compile(
    r"\s*(?:quand|où|ou|comment|pourquoi|(?:par|pour|avec|chez)\s+qui|depuis\s+quand|jusqu['’]à\s+quand)\b"
    r"(?=\s+\S+.*-(?:t-)?(?:il|elle|ils|elles|on)\b)",
    re.IGNORECASE,
)
# A question asked yes or no, which opens on its subject and inverts it ("Le tunnel est-il fermé ?") or
# asks "est-ce que": an adverbial question word before it asks the same clause another way.
_YES_NO = re.compile(
    r"\s*(?:est-ce\s+qu|(?!(?:qui|que|quoi|quel|quelle|quels|quelles|quand|où|comment|combien|pourquoi)\b)"
    r"[^?]*?\S-(?:t-)?(?:il|elle|ils|elles|on)\b)",
    re.IGNORECASE,
)
# "celui de Nîmes", "celles du Gard": the same thing as before, of another place or body.
_DEMONSTRATIVE_OF = re.compile(r"^(celui|celle|ceux|celles)\s+(?=(de|du|des)\s|d['’])", re.IGNORECASE)
_QUESTION_WORDS = lexicon.QUESTION_WORDS.plain
_HOW_LONG = re.compile(r"\bcombien\s+de\s+temps\b", re.IGNORECASE)  # an interrogative locution (grammar)
_DETERMINERS = lexicon.DETERMINERS.plain  # and below, the "de" of a noun's complement
_OF = frozenset(("de", "d'", "du", "des"))
_DETERMINER_WORD = r"(?:(?:le|la|les|un|une|des|ce|cet|cette|ces|son|sa|ses|leur|leurs)\b|l['’])"
_CONTRACTED = {"du": "de", "des": "de", "au": "à", "aux": "à"}  # de + le, à + les…
_TOKEN = re.compile(r"\w+(?:-\w+)*['’]?")
_TOPIC_PHRASES = 4
_APOSTROPHES = ("'", "’")
_WHERE = r"(?:à|a|en|au|aux|dans|pour|chez|sur|pendant|depuis)"  # sets a place or a time
_PLACE_PREP = rf"(?:{_WHERE}|de|du|des)\s+|d['’]\s*"  # where, or of what: a word, then a space
_ARTICLE = r"(?:le|la|les)\s+|l['’]\s*"
_POSSESSIVES = frozenset(("son", "sa", "ses", "leur", "leurs"))
_PLACE_PHRASE = re.compile(rf"(?:{_PLACE_PREP})", re.IGNORECASE)  # "sur la RN57", "en 2019": not a subject
_MONTH = "|".join(MONTH_NAMES)
# A period: "en 2019", "en septembre 2020", "septembre 2020", "en mars" (a month alone needs "en");
# `dated`: the year, or the month and year, without the preposition.
_DATED = rf"(?P<dated>(?:(?:{_MONTH})\s+)?(?:19|20)\d{{2}})"  # a year, after its month or not
_PERIOD = re.compile(
    rf"\b(?:(?:en|depuis|pour|au\s+mois\s+de)\s+)?{_DATED}\b"
    rf"|\b(?:en|depuis)\s+(?:{_MONTH})\b",
    re.IGNORECASE,
)
# "Et aujourd'hui ?": the same question, of the present (`lexicon.PRESENT_ADVERBS`, over folded text)
_NOW = re.compile(lexicon.PRESENT_ADVERBS.pattern())
# "celle de 2022", "ceux de mars 2021": the same thing, of another period (after the demonstrative)
_OF_PERIOD = re.compile(rf"(?:de|du)\s+{_DATED}", re.IGNORECASE)
# "combien de X …": X, the thing counted
_COUNTED = re.compile(r"(?i:combien\s+(?:de\s+|d['’]\s*))(?P<thing>[\w-]+(?:\s+(?:de\s+|d['’])[\w-]+)?)")
# What may follow a counted noun and belong to it: up to two lowercase words that set neither a place nor
# a time ("projets structurants", "agents d'accueil" is `_COUNTED`'s).
_EPITHETS = r"(?:\s+(?!(?:à|a|au|aux|en|dans|pour|de|du|des|sur|chez|par|entre|lors|selon|depuis|pendant)\b)[a-zà-ÿ][\w-]*){0,2}"
# "de blessés", "d'emplois", "de projets structurants": a thing counted, after a count question, without
# its "combien"
_COUNT_OF = re.compile(rf"(?:de\s+|d['’]\s*)(?P<thing>[a-zà-ÿ][\w-]+{_EPITHETS})")
# "combien de projets structurants": a new quantity, counted whole
_NEW_COUNT = re.compile(rf"(?i:combien\s+(?:de\s+|d['’]\s*))(?P<thing>[\w-]+{_EPITHETS})")
# What a count question says of the thing counted before it sets the place or time: "(combien de
# personnes) sont mortes (sur les routes …)". Up to four lowercase words and no name ("compte
# l'Occitanie" is the subject, it stays); a new quantity of the same subject drops it ("Et combien de
# blessés ?" asks of the routes, not of the dead).
_SETTING = r"(?:à|au|aux|en|dans|pour|chez|sur|pendant|depuis|par|entre|lors|selon)\s"
_PREDICATE = re.compile(rf"\s+(?!{_SETTING})(?:[a-zà-ÿ’'-]+\s+){{1,4}}?(?={_SETTING})")
# "Lesquels ?", "Et lesquelles ?" after "Combien de X … ?": the X counted, listed; the thing counted
# runs on through its adjectives when where or when follows them (else they may be a verb: "combien de
# partenaires nationaux rassemble …"), the name it is part of, or one complement
_WHICH_ONES = re.compile(r"\W*(?:et\s+)?(?P<which>lesquels|lesquelles)\W*")
_LISTED = re.compile(
    r"(?i:combien\s+(?:de\s+|d['’]\s*))(?P<thing>[\w-]+(?:"
    rf"(?:\s+[a-zà-ÿ][\w-]*){{1,2}}(?=\s+{_SETTING}|\s*\?)"  # its adjectives, before where or when
    r"|(?:\s+[A-ZÀ-Ý][\w'’-]*)+"  # the name it is part of ("espaces France Services")
    r"|\s+(?:de\s+|d['’])[\w-]+"  # its complement ("critères de priorité")
    r")?)"
)
_NAME = r"[A-ZÀ-Ý][\w’-]*(?:[\s-][A-ZÀ-Ý][\w’-]*)*"
_ACRONYM = re.compile(r"\b[A-ZÀ-Ý]{2,}[0-9]*\b")  # "DETR", "CCI", "RN274": a name written in capitals
_ENTITY = re.compile(
    r"(?:[«\"“]\s*[^»\"”]+[»\"”])|(?:\b[A-ZÀ-Ý][\w'’&-]*(?:\s+(?:&\s+|de\s+|d'|du\s+)?[A-ZÀ-Ý][\w'’&-]*)+)"
)


@dataclass(frozen=True)
class Turn:
    question: str  # as the user typed it
    standalone: str  # as it was understood
    short_answer: str | None = None


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if w not in STOP_WORDS and w not in _QUESTION_WORDS and len(w) > 2]


def subject_entities(text: str) -> list[str]:
    """Named things in a question, in order: capitalised sequences (not the question word that opens
    one: "Quand Henri Prévost a-t-il…" names Henri Prévost), acronyms ("la DETR") and quoted names."""
    found = []
    for m in _ENTITY.finditer(text):
        name = m.group(0).strip(' «»"“”')
        first, _, rest = name.partition(" ")
        if fold(first) in _QUESTION_WORDS:
            name = rest.strip()
        if name and fold(name) not in _QUESTION_WORDS:
            found.append((m.start(), name))
    found += [(m.start(), m[0]) for m in _ACRONYM.finditer(text) if not any(m[0] in f for _, f in found)]
    return [name for _, name in sorted(found)]


CLARIFY = (
    "Votre question semble faire suite à une autre : pouvez-vous préciser de quoi, ou de qui, vous parlez ?"
)


def refers_back(question: str, strongly: bool = False) -> bool:
    """A short question that leans on an earlier one ("Qui le porte ?", "Et Max Roustan ?").
    `strongly`: only signs that cannot stand alone (pronouns, ellipsis), not "a-t-il" or "ce projet"."""
    if _ELLIPSIS.match(question) and len(content_words(question)) <= 4:
        return True
    folded = fold(question)
    if not content_words(question) and _BARE.fullmatch(folded):
        return True  # "Par qui ?", "Combien ?", "Depuis quand ?": what is asked, of nothing named
    if _NAMED_OBJECT.search(question):
        return False  # "Qu'est-ce que le CRPA ?": an article before an acronym or a name, not a pronoun
    if strongly:
        pattern = bool(_SURE_PRONOUN.search(folded))
    else:  # "-t-il" after a proper noun refers to it ("Quand le contrat d'Alès a-t-il été signé ?")
        pattern = bool(_PRONOUN.search(folded) or (_REFERENCE.search(folded) and not _proper(question)))
    return len(content_words(question)) <= 3 and pattern


def is_follow_up(question: str, history: list[Turn]) -> bool:
    """A question that leans on the conversation: never a greeting or thanks (`is_small_talk`)."""
    return (
        bool(history) and not is_small_talk(question) and (refers_back(question) or _names_nothing(question))
    )


# "il", "elle" as a subject ("est-il", "a-t-elle", "il a"), not in an impersonal phrase ("y a-t-il",
# "il faut", "il s'agit": French grammar).
_HE_OR_SHE = re.compile(r"(?:^|[\s-])(?:il|elle)\b")
_IMPERSONAL = re.compile(r"\by\s+a-t-il\b|\bil\s+(?:y\s+a|faut|s'agit)\b")


def _person_answered(turn: Turn) -> str | None:
    """The person the turn's answer named, when it asked who holds an office: its short answer ("Qui est
    le préfet de la Marne ?" -> "Henri Prévost", `roles.holder`), whom "il" or "elle" in the next
    question stands for — not the office, whose other holders the releases may name too ("Depuis quand
    est-il en poste ?" read as of "préfet de la Marne" quoted "… le 66e préfet de la Marne depuis 1800",
    a conversation written by hand on the real releases, 2026-12-07)."""
    if not turn.short_answer or asked_office(turn.standalone) is None:
        return None
    return turn.short_answer


def _proper(question: str) -> list[str]:
    """The proper nouns of a question that name its own subject: not an institution ("l'État")."""
    return [n for n in names(question) if not _is_institution(n)]


def _names_nothing(question: str) -> bool:
    """A question asking something of nothing it names: one or two words besides its question words,
    no name, no figure ("Quel montant au total ?" after a question on the DETR of the Puy-de-Dôme is
    asked of that DETR, not of the first release that speaks of a total)."""
    return (
        bool(_ASKS.search(fold(question)) or _WHOLE_QUESTION.match(fold(question)))
        and 1 <= len(content_words(question)) <= 2
        and not subject_entities(question)
        and not _proper(question)  # "Qui est le maire d'Alès ?" names Alès
        and not any(ch.isdigit() for ch in question)
    )


def standalone(question: str, history: list[Turn]) -> str:
    """The query to retrieve with: the question itself, or rewritten from the conversation as a French
    question ("Qui le porte (Think & Mate) ?"), without the courtesy and request around it (`unframed`)."""
    question = unframed(question)
    if not is_follow_up(question, history):
        return question
    previous = history[-1].standalone
    person, folded = _person_answered(history[-1]), fold(question)
    if person and _HE_OR_SHE.search(folded) and not _IMPERSONAL.search(folded):
        return _with_topic(question, person)  # "Depuis quand est-il en poste ?" after "Qui est le préfet … ?"
    which = _WHICH_ONES.fullmatch(folded)
    listed = _listed(previous, which["which"]) if which else None
    if listed:
        return listed  # "Lesquels ?" after "Combien de critères … ?": which they are
    ellipsis = _ELLIPSIS.match(question)
    if ellipsis and _ADVERBIAL.fullmatch(fold(ellipsis["rest"]).strip(" ?")):
        question, ellipsis = f"{ellipsis['rest'].strip(' ?')} ?", None  # "Et par qui ?" is "Par qui ?"
    if ellipsis:
        rest = _DEMONSTRATIVE_OF.sub("", ellipsis["rest"])
        if _NOW.fullmatch(fold(rest).strip(" ?")):
            return _of_now(_without_topic(previous), rest.strip(" ?"))  # "Et aujourd'hui ?"
        period = _OF_PERIOD.fullmatch(rest.strip(" ?")) if rest != ellipsis["rest"] else None
        swapped_period = _swap_dated(_without_topic(previous), period["dated"]) if period else None
        if swapped_period:
            return swapped_period  # "Et celle de 2022 ?" after "… des dossiers DETR 2021 … ?"
        dislocated = _DISLOCATED.fullmatch(rest) if rest != ellipsis["rest"] else None
        if dislocated and _asks_itself(dislocated["asked"]):
            return _of_another(previous, dislocated["of"], dislocated["asked"])
        count_of = _COUNT_OF.fullmatch(rest.strip(" ?"))
        if count_of and _is_content(fold(count_of["thing"])) and _COUNTED.match(_without_topic(previous)):
            rest = f"combien {rest.strip(' ?')}"  # "Et de blessés ?": the new quantity, "combien" unsaid
        if _asks_itself(rest):
            if _names_its_subject(rest):
                return f"{rest[0].upper()}{rest[1:]} ?"  # "Et qui est Yann Belhomme ?": a new question
            # "Et combien d'emplois ?" after "Combien d'entreprises sont aidées à Alès ?": a new quantity
            # of the same subject, counted in the same question
            counted = _NEW_COUNT.fullmatch(rest.strip(" ?"))
            asked = _COUNTED.match(_without_topic(previous))
            if counted and asked:
                after = previous[asked.end("thing") :]
                said = _PREDICATE.match(after)  # "sont mortes" said the old thing, not the new one
                if said and fold(counted["thing"]) != fold(asked["thing"]):
                    after = " " + after[said.end() :]
                head = re.sub(r"(?:de\s+|d['’]\s*)$", "", previous[: asked.start("thing")])
                return f"{head}{_de(counted['thing'])}{counted['thing']}{after}"
            # "Et combien en France ?" after "Combien de territoires … compte l'Occitanie ?", "Et combien
            # en 2022 ?" after "… en 2021 ?": the same question, of another place or period (the topic
            # kept the old place and lost what was counted)
            again = re.fullmatch(r"(\w+)\s+(.+)", rest.strip(" ?"))
            if again and fold(again[1]) == fold(previous.split()[0]):
                base = _without_topic(previous)
                swapped = _swap_period(base, again[2]) or _swap_place(base, again[2])
                if swapped:
                    return swapped
            # "Et quand a-t-il été signé ?", "Et quel jour exactement ?": about the previous topic
            topic = _topic(previous, rest)
            return _with_topic(rest, topic) if topic else question
        base = _without_topic(previous)
        # "Et en septembre 2020 ?" after "… en octobre 2023 ?": the period; "Et à Nîmes ?", "Et pour la
        # Lozère ?", "Et sur la RN57 ?" after "… à Alès / pour le Gard / sur la RN4 ?": the place
        swapped = _swap_period(base, rest) or _swap_place(base, rest) or _swap_adjunct(base, rest)
        if swapped:
            return swapped
        if fold(rest.split()[0]) in _POSSESSIVES:  # "Et leur montant ?": of what was asked about
            return _with_topic(rest, _topic(previous, rest))  # ("… sur la leur horaire ?" before)
        old = subject_entities(base)
        new = subject_entities(rest) or [rest]
        if old and not _PLACE_PHRASE.match(rest):  # the new subject takes the place of the previous one
            return previous.replace(old[-1] if len(old) == 1 else old[0], new[0], 1)
        # "Et le contrat ?" after "Quel est le budget du projet ?": the last noun phrase
        swapped = _swap_same_head(base, rest) or _swap_phrase(base, rest)
        # nothing to replace in the question: the new one is the topic, or the place in it changes
        return swapped or _with_topic(previous, _swap_topic_place(previous, rest) or new[0])
    # "Par qui ?" after "Quand le contrat a-t-il été signé ?": the same clause, asked another way ("C'est
    # où ?" is "Où ?")
    if _BARE.fullmatch(fold(question)):
        question = _IT_IS.sub("", question)
    asked_again = _ADVERBIAL.fullmatch(fold(question).strip(" ?"))
    opening = _ADVERBIAL_OPENING.match(previous)
    if asked_again and opening:
        bare = question.strip(" ?")
        return f"{bare[0].upper()}{bare[1:]} {previous[opening.end() :].lstrip()}"
    if asked_again and _YES_NO.match(previous):
        # "Pourquoi ?" after "Le tunnel du Siaix est-il fermé ?": why it is, the same clause
        bare, clause = question.strip(" ?"), previous.strip()
        if re.match(rf"(?:{_DETERMINER_WORD}|est-ce\b)", clause, re.IGNORECASE):
            clause = clause[0].lower() + clause[1:]
        return f"{bare[0].upper()}{bare[1:]} {clause}"
    # the latest question that named the demonstrative's noun with a complement, however far back
    question = next(
        (
            done
            for done in (_completed(question, t.standalone) for t in reversed(history))
            if done != question
        ),
        question,
    )
    topic = _topic(previous, question)
    return _with_topic(question, topic) if topic else question


# "celui d'Alès, qui le pilote": the demonstrative's complement, then a question of its own
_DISLOCATED = re.compile(r"(?P<of>(?:(?:de|du|des)\s+|d['’]\s*)[^,]+),\s*(?P<asked>.+?)\s*\??", re.IGNORECASE)


def _asks_itself(question: str) -> bool:
    """It asks something of its own: opens on a question word, or holds one that is never a relative."""
    return bool(_WHOLE_QUESTION.match(fold(question)) or _ASKS.search(fold(question)))


def _of_another(previous: str, of: str, asked: str) -> str:
    """ "Et celui d'Alès, qui le pilote ?" after "Combien de territoires d'industrie en Occitanie ?": what
    the previous question asked about, of the place `of` names instead ("territoires d'industrie
    d'Alès"), is what the new question's pronoun points at; it is its topic. Without a place to swap in
    the previous question, its topic and the new place."""
    base = _without_topic(previous)
    topic = _topic(_swap_place(base, of) or base, asked)
    new = [name for name in re.findall(_NAME, of) if name not in topic]
    return _with_topic(asked, ", ".join([topic, *new]) if topic else ", ".join(new))


_DEMONSTRATIVE = re.compile(r"\b(?:ce|cet|cette|ces)\s+(?P<noun>[\w-]+)", re.IGNORECASE)


def _completed(question: str, previous: str) -> str:
    """A demonstrative's noun with the complement an earlier question (`previous`) gave it: "Pourquoi
    cette interdiction ?" after "Quelle est la période d'interdiction des feux dans le Lot ?" -> "Pourquoi
    cette interdiction des feux ?" (the topic then adds the place)."""
    pointed = _DEMONSTRATIVE.search(question)
    if pointed is None:
        return question
    noun = stems([fold(pointed["noun"])])[0]
    base = _without_topic(previous)
    for phrase in _noun_phrases(base):
        for word in _TOKEN.finditer(base, phrase.start, phrase.end):
            if word.end() < phrase.end and stems([fold(word[0])])[0] == noun:
                return (
                    f"{question[: pointed.end()]}{base[word.end() : phrase.end]}{question[pointed.end() :]}"
                )
    return question


def _names_its_subject(question: str) -> bool:
    """A question that says what it is about: a named thing ("Yann Belhomme"), or a proper noun and
    something asked of it ("en Lozère … combien de partenaires"), not only what is asked ("quel jour")."""
    if subject_entities(question):
        return True
    proper = {fold(name) for name in names(question)}
    content = content_words(question)
    return bool(proper) and any(w not in proper for w in content)


def _swap_place(previous: str, rest: str) -> str | None:
    """The previous question about the place `rest` names ("à Nîmes", "Nîmes", "pour la Lozère", "sur
    la RN57") instead of the one it named after a preposition, or None. The user's preposition and
    article fit the new name ("en Bretagne", "dans l'Eure-et-Loir"); a noun's complement keeps its
    "de", elided as French wants ("le contrat d'Alès"). Of several places, the one set by the same
    kind of preposition (where: "dans", "sur"…; of what: "de") when it is the only one. An institution is
    no place ("Et celles de la Marne ?" after "Quelles sont les priorités de l'État dans les
    Alpes-de-Haute-Provence ?" read "… les priorités de la Marne dans les Alpes-de-Haute-Provence ?")."""
    new = re.fullmatch(
        rf"(?P<prep>{_PLACE_PREP})?(?P<article>{_ARTICLE})?(?P<name>{_NAME})", rest.strip(" ?"), re.IGNORECASE
    )
    places = [
        m
        for m in re.finditer(rf"\b(?P<prep>{_PLACE_PREP})(?P<article>{_ARTICLE})?(?P<name>{_NAME})", previous)
        if not _is_institution(m["name"])
    ]
    if not new or not new["name"][0].isupper():
        return None
    if not places:  # "compte l'Occitanie": a place named with its article
        return _swap_named(previous, new["prep"], new["name"], new["article"])
    found = places
    if len(places) > 1 and new["prep"]:
        where = _is_of(new["prep"])
        places = [p for p in places if _is_of(p["prep"]) == where]
    if len(places) != 1:
        return None
    place = places[0]
    # "dans les France Services des Ardennes": a name completed by a place is a thing of that place; the
    # place is its last complement ("dans les Maisons de Santé du Cantal")
    completed = place
    while nxt := next((p for p in found if p.start() == completed.end() + 1 and _is_of(p["prep"])), None):
        completed = nxt
    prep = "de" if completed is not place else (new["prep"] or place["prep"]).strip()
    place = completed
    if new["article"]:  # "pour la Lozère", "dans l'Eure-et-Loir"; "la Lozère" after "dans le Cher"
        # "la RN274" after "du Siaix": the preposition without the article it held ("de la RN274")
        prefix = _after(_CONTRACTED.get(fold(prep), prep), new["article"].strip())
    elif fold(prep) not in ("du", "des") and _OF.intersection((fold(place["prep"].strip()), fold(prep))):
        prefix = _de(new["name"])  # "du Gard", as the user wrote it, stays
    else:
        prefix = f"{prep} "
    return f"{previous[: place.start()]}{prefix}{new['name']}{previous[place.end() :]}"


# What sets the circumstance a question ends on ("Que faire en cas de vigilance orange ?", "Quelles aides
# pour les communes ?"): the same words before another one ("Et en cas de foudre ?", "Et pour les
# entreprises ?", "Et par la Région ?" after "… engagé par l'État …") ask the same of it.
_ADJUNCT = re.compile(
    r"\b(en cas d['’]|en cas de|lors d['’]|lors de|pendant|avant|apres|après|pour|par|en|dans)\s*(?=\w)",
    re.IGNORECASE,
)


def _swap_adjunct(previous: str, rest: str) -> str | None:
    """The previous question with the circumstance it ends on, from its opening words, replaced by the
    one `rest` opens with the same words, or None: a new place (a capitalised name) is `_swap_place`'s."""
    new = rest.strip(" ?")
    opening = _ADJUNCT.match(new)
    if not opening or new[opening.end() :][:1].isupper():
        return None
    body = previous.rstrip(" ?")
    same = [
        m
        for m in _ADJUNCT.finditer(body)
        if _opening(m[1]) == _opening(opening[1]) and not _PRONOUN_BEFORE.search(fold(body[: m.start()]))
    ]
    if not same or "," in body[same[-1].start() :]:
        return None
    return f"{body[: same[-1].start()]}{new} ?"


def _opening(words: str) -> str:
    """The words opening a circumstance, their elision undone: "en cas d'orage" and "en cas de
    vigilance rouge" open the same way."""
    return re.sub(r"\bd'$", "de", fold(words).strip())


# Before "en", what makes it a pronoun, not a preposition: a question word or a subject ("Comment en
# bénéficier ?", "Combien en reste-t-il ?", "on en parle"), an elided "n'", "s'", "j'", "l'".
_PRONOUN_BEFORE = re.compile(
    r"(?:\b(?:qui|que|quoi|quand|ou|comment|combien|pourquoi|il|elle|on|ils|elles|je|tu|nous|vous)\s+"
    r"|\b[nsjlm]['’]\s*)$"
)


def _is_of(preposition: str) -> bool:
    """A noun's complement ("le contrat de Nîmes"), not where something is ("à Nîmes")."""
    return re.fullmatch(_WHERE, preposition.strip(), re.IGNORECASE) is None


def _swap_period(previous: str, rest: str) -> str | None:
    """The previous question about the period `rest` names ("en septembre 2020", "en 2019") instead of
    the one it named, or None (none, or several)."""
    if not _PERIOD.fullmatch(rest.strip(" ?")):
        return None
    period = _only_period(previous)
    if period is None:
        return None
    return f"{previous[: period.start()]}{rest.strip(' ?')}{previous[period.end() :]}"


def _only_period(question: str) -> re.Match[str] | None:
    """The period the question gives (`_PERIOD`), when it gives exactly one."""
    periods = list(_PERIOD.finditer(question))
    return periods[0] if len(periods) == 1 else None


def _of_now(previous: str, now: str) -> str:
    """The previous question asked of the present (`now`, "aujourd'hui"): in place of the one period it
    gave ("… ont ouvert en février 2020 ?" -> "… ont ouvert aujourd'hui ?"), or after it. It was read as
    a subject: "Combien aujourd'hui ont ouvert en février 2020 ?"."""
    period = _only_period(previous)
    if period is not None:
        return f"{previous[: period.start()]}{now}{previous[period.end() :]}"
    return f"{previous.rstrip(' ?')} {now} ?"


def _swap_dated(previous: str, dated: str) -> str | None:
    """The previous question of the month or year `dated` ("2022", from "celle de 2022") instead of the
    one it gave ("les dossiers DETR 2021"; "en 2021" keeps its "en"), or None (none, or several)."""
    found = _only_period(previous)
    if found is None or found["dated"] is None:
        return None
    return f"{previous[: found.start('dated')]}{dated}{previous[found.end('dated') :]}"


def _listed(previous: str, which: str) -> str | None:
    """ "Lesquels ?" after "Combien de critères de priorité pour la labellisation France Services ?": "Quels
    sont les critères de priorité (France Services) ?" — the things counted, listed, of the previous
    topic; None when the previous question counted nothing."""
    counted = _LISTED.match(_without_topic(previous))
    if counted is None:
        return None
    asked = f"{'Quelles' if which == 'lesquelles' else 'Quels'} sont les {counted['thing']} ?"
    said = fold(counted["thing"])  # the topic without what the question now says itself
    topic = ", ".join(
        part
        for part in _topic(previous, asked).split(", ")
        if re.sub(r"^(?:de|du|des)\s+", "", fold(part)) not in said
    )
    return _with_topic(asked, topic) if topic else asked


# The article a place name takes, from the preposition it was given: "en France" -> "la France",
# "en Occitanie" -> "l'Occitanie", "au Gard" -> "le Gard", "aux Antilles" -> "les Antilles", "à
# Paris" -> "Paris" (a city has none); "celui du Gard", "celui des Ardennes" hold the article too.
_ARTICLE_OF_PREP = {"en": "la ", "au": "le ", "aux": "les ", "a": "", "du": "le ", "des": "les "}
# Institutions French typography capitalises (Imprimerie nationale's rules): "l'État", "la Région" are
# not places, whatever their capital letter.
_INSTITUTIONS = frozenset(
    "etat region departement republique gouvernement president prefet prefecture ministre ministere "
    "senat assemblee conseil commission agence".split()
)


def _is_institution(name: str) -> bool:
    """The name opens on an institution's word ("l'État", "Région Occitanie", "Conseil régional")."""
    return fold(name.split()[0]) in _INSTITUTIONS


def _swap_named(previous: str, prep: str | None, name: str, given: str | None = None) -> str | None:
    """The previous question about `name` instead of the place it ends on, named with its article, in
    the article the user gave ("dans les Ardennes" -> "compte les Ardennes ?") or the one their
    preposition calls for ("compte l'Occitanie ?" + "en France" -> "compte la France ?"), or None."""
    named = re.search(rf"\b(?:(?:le|la|les)\s+|l['’]\s*)(?P<name>{_NAME})\s*\?\s*$", previous)
    article = re.sub(r"\s+", " ", given.lower()) if given else _ARTICLE_OF_PREP.get(fold(prep or "").strip())
    if not named or article is None or _is_institution(named["name"]):
        return None
    if article == "la " and _elides(name):
        article = "l'"
    return f"{previous[: named.start()]}{article}{name} ?"


# "Qui a signé le contrat ?", "Qui l'a présidé ?": what someone did, whose time, place or manner a bare
# follow-up asks ("Et quand ?" is when the contract was signed, not when it was mentioned).
_DEED = re.compile(
    r"^\W*qui\s+(?:(?:l['’]|le\s+|la\s+|les\s+|lui\s+|leur\s+)?(?:a|ont|avait|avaient|va|vont)\s+)?"
    r"(?:été\s+)?(?P<verb>[^\W\d_]{3,})\b",
    re.IGNORECASE,
)


def _topic(previous: str, question: str) -> str:
    """What the previous question was about, for a follow-up that does not say it (`_subject`), and the
    year or month of a year it was set in when the follow-up sets none, neither a period nor the present
    ("Combien de temps durent ces travaux ?" after "… en septembre 2020 ?" asks of those works, not of
    the latest release's); to a bare "quand ?", "où ?" after "Qui a signé … ?", what was done too
    (`_DEED`)."""
    subject = _subject(previous, question)
    deed = _DEED.match(_without_topic(previous))
    bare = _ADVERBIAL.fullmatch(fold(question).strip(" ?"))  # "Et quand ?" reaches here as "quand ?"
    if bare and deed and fold(deed["verb"]) not in STOP_WORDS and deed["verb"] not in subject:
        subject = ", ".join(part for part in (deed["verb"], subject) if part)
    # a follow-up setting its own time does not take the previous one: a period, or the present ("Et
    # combien aujourd'hui ?" after "… ont ouvert en février 2020 ?" asks of now, not of February 2020)
    timed = _PERIOD.search(question) or present_terms(question)
    only = None if timed else _only_period(_without_topic(previous))
    period = only["dated"] if only else None
    if period is None:
        return subject  # none, several, or a month without its year ("en mars": of which year?)
    return subject if period in subject else ", ".join(p for p in (subject, period) if p)


def _subject(previous: str, question: str) -> str:
    """What the previous question was about: its named things, or else its noun phrases as written
    ("contrat de Nîmes", not the verb "signé"), less those the follow-up repeats; its content words
    only when it has no noun phrase."""
    repeated = set(content_words(question))
    # where the question is set ("à Alès", "en Lozère"), unless the follow-up names it again
    places = [
        m["name"]
        for m in re.finditer(rf"\b(?:{_PLACE_PREP})(?:{_ARTICLE})?(?P<name>{_NAME})", previous)
        if not set(content_words(m["name"])) & repeated
    ]
    # a place named with its article ("compte la Lozère"), not an institution ("l'État")
    places += [
        n
        for n in names(previous)
        if fold(n) not in _INSTITUTIONS and not set(content_words(n)) & repeated and not n.isupper()
    ]
    named = subject_entities(previous)
    if named:
        return ", ".join(named + [p for p in dict.fromkeys(places) if not any(p in n for n in named)])
    earlier = _TOPIC.search(previous)
    base = _without_topic(previous)
    # "combien de temps" asks how long: its "temps" is no topic ("Sur quelle route ?" after "Combien
    # de temps durent-ils ?" was rewritten "… (temps, Ligny-en-Barrois) ?" and refused)
    asking = _HOW_LONG.sub(lambda m: " " * len(m[0]), base)
    phrases = [(base[p.start : p.end], set(p.words)) for p in _noun_phrases(asking)]
    if earlier:  # a topic an earlier rewrite added is still the topic
        phrases += [(p, set(content_words(p))) for p in earlier[0].strip(" ()?").split(", ")]
    kept = list(dict.fromkeys(p for p, folded in phrases if not folded & repeated))
    kept += [p for p in dict.fromkeys(places) if not any(p in k for k in kept)]
    if kept:
        return ", ".join(kept[:_TOPIC_PHRASES])
    wanted = set(content_words(previous)) - repeated
    as_written: dict[str, str] = {}  # folded word -> the word as written, first occurrence, in order
    for start, end, folded in word_spans(previous):
        if folded in wanted:
            as_written.setdefault(folded, previous[start:end])
    return ", ".join(list(as_written.values())[:_TOPIC_PHRASES])


@dataclass(frozen=True)
class _Phrase:
    determiner: tuple[int, int]  # its offsets in the question
    start: int  # the noun phrase, determiner excluded
    end: int
    words: frozenset[str]  # folded


def _noun_phrases(question: str, complements: frozenset[str] = _OF) -> list[_Phrase]:
    """Noun phrases after their determiner: "le contrat de Nîmes" -> "contrat de Nîmes", with the
    complements introduced by one of `complements` ("de", "du"…). A determiner is a word that only ever
    introduces a noun (le, cette, leurs…, and "de" after "combien"); "qui le porte ?" is a pronoun
    before a verb, not a noun phrase."""
    tokens = [(m.start(), m.end(), fold(m[0])) for m in _TOKEN.finditer(question)]  # fold unifies ’ and '
    phrases, i = [], 0
    while i + 1 < len(tokens):
        word, head = tokens[i][2], i + 1
        determiner = word in _DETERMINERS or (
            word in ("de", "d'") and i > 0 and tokens[i - 1][2] == "combien"
        )
        pronoun = head == len(tokens) - 1 and i > 0 and tokens[i - 1][2].rstrip("'") in _QUESTION_WORDS
        if not determiner or pronoun or not _is_content(tokens[head][2]):
            i += 1
            continue
        if tokens[head][2] in _PRENOMINAL and head + 2 < len(tokens) and _is_content(tokens[head + 1][2]):
            head += 1  # "le premier comité": the adjective before the noun belongs to its phrase
        end = head  # "territoires d'industrie", "contrat de relance de Nîmes"
        while end + 2 < len(tokens) and tokens[end + 1][2] in complements and _is_content(tokens[end + 2][2]):
            end += 2
        first = i + 1  # the adjective's start, when it stands before the noun
        words = frozenset(t[2] for t in tokens[first : end + 1])
        phrases.append(_Phrase(tokens[i][:2], tokens[first][0], tokens[end][1], words))
        i = end + 1
    return phrases


# A noun phrase that sets the question in a place or a time ("dans le Cher", "en 2017", "sur la RN7").
_PLACED = re.compile(rf"\b{_WHERE}\s+$", re.IGNORECASE)


# A place the question is set in, at its end ("… dans le Cher ?"): kept when its subject changes.
_SET_IN = re.compile(rf"\s+(?:dans|en|sur|à|au|aux|pour)\s+(?:(?:le|la|les)\s+|l['’]\s*)?{_NAME}\s*\?\s*$")


def _swap_same_head(previous: str, rest: str) -> str | None:
    """The previous question about `rest`, a noun phrase whose noun is the one a phrase of the previous
    question opens on, told apart by its own words ("Et la journée du souvenir de la déportation ?" after
    "Quand a lieu la journée nationale d'hommage aux harkis ?"): that phrase, to the question's end or
    the place it is set in, gives way to it. Too long for `_swap_phrase`, it was added as a topic and
    the harkis' day answered; None otherwise."""
    new = re.fullmatch(
        rf"(?P<det>{_DETERMINER_WORD})\s*(?P<noun>[\w’'-]+)\s+\S.*", rest.strip(" ?"), re.IGNORECASE
    )
    if not new or fold(new["det"]) in _POSSESSIVES:
        return None
    head = stems([fold(new["noun"])])[0]
    same = [
        p for p in _noun_phrases(previous) if stems([fold(previous[p.start : p.end].split()[0])])[0] == head
    ]
    if len(same) != 1:
        return None
    place = _SET_IN.search(previous)
    end = place.start() if place and place.start() > same[0].start else len(previous.rstrip(" ?"))
    return f"{previous[: same[0].determiner[0]]}{rest.strip(' ?')}{previous[end:].rstrip(' ?')} ?"


def _swap_phrase(previous: str, rest: str) -> str | None:
    """The previous question about the noun phrase `rest` ("le contrat") instead of its last one
    ("Quel est le budget du projet ?" -> "Quel est le budget du contrat ?"), or None; a common noun
    ("et l'hommage aux Harkis ?") leaves the place the question is set in ("… dans le Cher ?") and
    takes the last phrase before it. A contracted article keeps its preposition: "du" + "la campagne"
    -> "de la campagne"."""
    new = re.fullmatch(
        rf"(?P<det>{_DETERMINER_WORD})\s*(?P<noun>[\w’'-]+(?:\s+[\w’'-]+){{0,3}})", rest.strip(" ?")
    )
    phrases = _noun_phrases(previous, frozenset(("de", "d'")))  # "du projet" is a phrase of its own
    if not new or not phrases or fold(new["det"]) in _POSSESSIVES:
        return None  # "et leur montant ?": the montant of what was asked about, not a new subject
    if not new["noun"][0].isupper():  # a thing, not a place: the place the question is set in stays
        phrases = [p for p in phrases if not _PLACED.search(previous[: p.determiner[0]])] or phrases
    last = phrases[-1]
    start, old_determiner = last.determiner[0], fold(previous[slice(*last.determiner)])
    preposition = re.search(r"\b(de|à)\s+$", previous[:start])  # "au nom de la Région"
    if old_determiner in _CONTRACTED:
        prefix = _after(_CONTRACTED[old_determiner], new["det"])
    elif old_determiner in _OF:  # "combien de projets" -> "combien d'entreprises": no article after it
        prefix = _de(new["noun"])
    elif preposition:
        start, prefix = preposition.start(), _after(preposition[1], new["det"])
    else:
        prefix = new["det"] if new["det"].endswith(_APOSTROPHES) else f"{new['det']} "
    return f"{previous[:start]}{prefix}{new['noun']}{previous[last.end :]}"


def _after(preposition: str, determiner: str) -> str:
    """A preposition and an article as French writes them, with what follows them: de + le -> "du ",
    à + les -> "aux ", de + une -> "d'une ", de + la -> "de la "."""
    merged = {("de", "le"): "du", ("de", "les"): "des", ("a", "le"): "au", ("a", "les"): "aux"}
    pair = (fold(preposition), fold(determiner))
    if pair in merged:
        return f"{merged[pair]} "
    lead = _de(determiner) if pair[0] == "de" else f"{preposition} "
    return f"{lead}{determiner}" if determiner.endswith(_APOSTROPHES) else f"{lead}{determiner} "


def _de(word: str) -> str:
    """ "de" before `word`, elided as French wants: "de Nîmes", "d'Alès", "d'une"."""
    return "d'" if _elides(word) else "de "


def _elides(word: str) -> bool:
    """An article or "de" before `word` loses its vowel: it starts with a vowel or a mute h."""
    return fold(word[:1]) in tuple("aeiouyh")


def _is_content(word: str) -> bool:
    return len(word) > 2 and word not in STOP_WORDS and word not in _QUESTION_WORDS


_TOPIC = re.compile(r"\s*\([^()]*\)\s*\?\s*$")


def _swap_topic_place(previous: str, rest: str) -> str | None:
    """The topic an earlier rewrite added, its place swapped for the one `rest` sets ("en
    Ille-et-Vilaine" after "… (cérémonie de citoyenneté, Nièvre) ?" -> "cérémonie de citoyenneté,
    Ille-et-Vilaine"), or None: no topic, no place in it, or `rest` sets none."""
    topic = _TOPIC.search(previous)
    place = re.fullmatch(
        rf"(?:{_PLACE_PREP})(?:{_ARTICLE})?(?P<name>{_NAME})", rest.strip(" ?"), re.IGNORECASE
    )
    if topic is None or place is None or not place["name"][0].isupper():
        return None
    items = [item.strip() for item in topic[0].strip(" ()?").split(",")]
    at = [i for i, item in enumerate(items) if item[:1].isupper() and fold(item) not in _INSTITUTIONS]
    if not at:
        return None
    items[at[-1]] = place["name"]
    return ", ".join(items)


def _without_topic(question: str) -> str:
    """The question without the topic an earlier rewrite added ("Qui le porte (Think & Mate) ?")."""
    return _TOPIC.sub(" ?", question)


def _with_topic(question: str, topic: str) -> str:
    base = _without_topic(question).rstrip(" ?")
    base = re.sub(r"^(et|mais|aussi|puis)\s+", "", base, flags=re.IGNORECASE)
    return f"{base[0].upper()}{base[1:]} ({topic}) ?" if base else question


def replay(questions: list[str]) -> list[Turn]:
    """Rebuild a conversation's turns from its questions alone (what a stateless API client sends)."""
    turns: list[Turn] = []
    for question in questions:
        turns.append(Turn(question, standalone(question, turns)))
    return turns
