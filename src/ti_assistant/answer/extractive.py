"""Extractive answers: rank the sentences of the retrieved passages by the learned sentence model,
quote the best verbatim with its [n] citation, and say how sure the answer is.

The outcome follows the learned confidence (`answer/confidence.py`): *answer* (the short answer when
its type fits, then the quote), *uncertain* (the closest passages, to be checked) or *refused*.
Rules around the models, all general: a question naming a person, place or organisation that no
retrieved passage names is refused, and so is a request for writing rather than facts; an answer is
given as sure only when its sentences hold what the question asks for (a figure, a date, a name...).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ti_assistant.answer.confidence import ANSWER, REFUSED, UNCERTAIN, UNSAID, UNTYPED, Models
from ti_assistant.answer.features import Candidate, question_row, sentence_rows
from ti_assistant.answer.question import (
    DATE,
    OTHER,
    PERSON,
    PLACE,
    SPEECH,
    Question,
    asked_noun,
    asks_manner,
    asks_open,
    asks_reason,
    counted_thing,
    date_ranges,
    eligibility_terms,
    ends_only,
    every_date_after,
    figures,
    has_expected_type,
    in_units,
    is_off_task,
    listed_thing,
    names,
    names_another_code,
    names_another_edition,
    names_doer,
    predicate_terms,
    said_names,
    short_answer,
    undated,
)
from ti_assistant.answer.roles import holder, holder_test, role_of_another
from ti_assistant.answer.timeline import MAX_EARLIER, TimeFrame, versions
from ti_assistant.models import Answer, Citation, DenseSpread, Passage
from ti_assistant.text import lexicon
from ti_assistant.text.dates import day_of, french_date
from ti_assistant.text.french import (
    LIST_MARKERS,
    MIN_SENTENCE_CHARS,
    STOP_WORDS,
    after_list_marker,
    fold,
    found_in,
    in_list_item,
    name_found,
    stems,
    stems_of,
    terms,
    words,
)

Semantic = Callable[[list[Passage]], list[np.ndarray]]  # per passage, each sentence's cosine to the question

QUOTED_WORDS_TARGET = 40  # words a reader checks in a sure answer (its second quote's bar keeps the median)
# Words an uncertain answer shows: the close contenders, each whole while it fits. Tried on PIAF, CNIL,
# real releases and own dev parts, 2026-12-03 (quotes holding the answer; median words of the answers
# given): 40 words 59.8 / 65.7 / 86 % (40, 40, 32), 50: 62.6 / 66.7 / 86 % (48, 50, 34), 60: 64.4 /
# 69.6 / 88 % (52, 59.5, 36), 80: 66.0 / 71.6 / 84 % (56, 69, 36) — past 60 little more is found.
UNCERTAIN_WORDS = 60
# A question asking for several items gets the list its lead introduces, whatever the outcome: the
# items are the answer. Up to three readers' budgets of words, the first item always.
LIST_WORDS = 3 * QUOTED_WORDS_TARGET
# The shortest excerpt of a close passage worth showing (tried on PIAF and CNIL dev: 5, 8, 12 words;
# 5 shows the gold passage most often on both, with the same median of quoted words).
MIN_EXCERPT_WORDS = 5
# A contender the model rates at least this share of the lead is shown whole, past `UNCERTAIN_WORDS`, as
# long as the answer stays within twice that budget (after a lead longer than the budget too): its
# excerpt, a window around the question's words, showed the echo of the question and cut off the answer
# after it ("C'est à l'Observatoire de l'Université Harvard que Leavitt commence à travailler en tant
# que …", rated 0.43 beside a lead at 0.75, was skipped for a sentence at 0.04). Tried on the PIAF and
# CNIL dev parts, 2026-12-05 (answerable questions whose quotes hold the answer; median and 75th
# percentile of the words quoted): always cut, 66.2 / 74.5 % (50 and 60 words; 59, 60); whole from a
# share of 0.3, 67.5 / 79.4 % (51, 60; 60, 80); 0.2, 68.5 / 79.4 % (52, 60; 64, 81); 0.1, 68.6 / 79.4 %
# (52, 60; 68, 85); any, 68.8 / 79.4 % (53, 61; 71, 92). 0.2: the highest share within half a point of
# the best on both. Without the cap at twice the budget, 0.2 found 68.8 / 81.4 % with a quarter of the
# CNIL's answers past 85 words. Evaluated (`ti-assistant eval`, dev): PIAF 65.5 -> 67.8 %, CNIL 73.5 ->
# 78.4 %, real releases 94 -> 90 % (two answers whose weaker third sentence held the answer), the
# median of the words quoted 51 -> 53 and 60 -> 60.
WHOLE_CONTENDER_AT = 0.2
# What the rules check beside the models (`Analysis.flags`; no model reads them): the lead quotes no
# number of what "combien de X" counts (`demoted`), it holds nothing the question asks of its names
# (`demoted`), no passage read holds any of it (`refusal_reasons`).
COUNT_UNSAID = "count_unsaid"
REASON_UNSAID = "reason_unsaid"  # "pourquoi …" led by a sentence giving no cause nor purpose
PREDICATE_UNSAID = "predicate_unsaid"
PREDICATE_ABSENT = "predicate_absent"
SET_APART = "set_apart"  # every passage read names what the question sets apart (`demoted`)
NAMED_IN_PART = "named_in_part"  # a name of the question read only inside a compound (`grounded`)
VERSION_UNSAID = "version_unsaid"  # the version the answer shows first holds nothing asked (`with_versions`)
PAST_FOR_FUTURE = "past_for_future"  # a date still to come asked, a day before the lead's release given
OTHER_CODE = "other_code"  # the question names a code ("RN19"), the lead others ("RN4") and not it
OTHER_EDITION = "other_edition"  # the question names a year's edition ("DETR 2022"), the lead others
TEXT_DATE = "text_date"  # "quand commence X" led by the day of a decree ("l'arrêté du 5 juillet 2012")
ROLE_OF_ANOTHER = "role_of_another"  # "le directeur de X" asked, the lead's directeur is of Y
DATE_ASIDE = "date_aside"  # a date asked, the lead tied to the question by some of its names only (`aside`)
OPPOSED = "opposed"  # a date asked of an end (a beginning), the lead saying no end (only an end)
LIST_UNSAID = "list_unsaid"  # a list asked ("Quels sont les 12 projets ?"), the lead only counting them
UNCERTAIN_LEAD = (
    "Je ne suis pas sûr que les communiqués répondent à cette question ; le passage le plus proche est :"
)
UNCERTAIN_LEAD_MANY = (
    "Je ne suis pas sûr que les communiqués répondent à cette question ; les passages les plus proches sont :"
)
UNCERTAIN_TAIL = "À vérifier dans le communiqué avant de vous y fier."


@dataclass
class Analysis:
    """Everything the answer is decided from (and what training reads)."""

    question: Question
    passages: list[Passage]
    ranked: list[Candidate]  # best first, by the sentence model
    features: dict[str, float]  # what the confidence model reads (`features.QUESTION_FEATURES`)
    confidence: float
    status: str
    flags: frozenset[str] = frozenset()  # the rules' checks that hold (`COUNT_UNSAID`...)
    frame: TimeFrame = field(default_factory=TimeFrame)  # the period the question asks about


def candidates(
    question: Question,
    passages: list[Passage],
    models: Models,
    semantic: Semantic | None = None,
    cross_lingual: bool = False,
) -> list[Candidate]:
    """Every sentence of the passages, scored by the sentence model, best first. `cross_lingual`: the
    question shares no language with the text, so semantic similarity stands in for word overlap."""
    similarities = semantic(passages) if semantic else None
    spans = [
        (rank, p, a, b, float(similarities[rank][i]) if similarities is not None else 0.0)
        for rank, p in enumerate(passages)
        for i, (a, b) in enumerate(p.sentences)
        if b - a >= MIN_SENTENCE_CHARS or len(p.sentences) == 1
    ]
    held = holding(question.terms, [set(terms(p.text[a:b])) for _, p, a, b, _ in spans])
    weights = term_weights(question.terms, held)  # found once, for the weights and the coverage
    total = sum(weights.values()) or 1.0
    # What the passage's title and heading already say of the question, which its sentences need not repeat.
    framing = holding(question.terms, [set(terms(p.frame)) for p in passages])
    # "Qui est la préfète … ?" is answered by a sentence naming her, not by one naming others beside her title.
    names_holder = holder_test(question.text) if question.kind == PERSON else None
    found = []
    for (rank, passage, a, b, similarity), words_in in zip(spans, held, strict=True):
        coverage = sum(w for t, w in weights.items() if t in words_in) / total
        framed = sum(w for t, w in weights.items() if t in words_in or t in framing[rank]) / total
        if cross_lingual:
            coverage = max(coverage, models.coverage_from_similarity(similarity))
            framed = max(framed, coverage)
        before = passage.text[:a] if question.kind == SPEECH else ""  # only speech reads the context
        typed = question.kind != OTHER and has_expected_type(question, passage.text[a:b], before)
        if typed and names_holder is not None:
            typed = names_holder(passage.text[a:b])
        found.append(Candidate(rank, passage, a, b, coverage, typed, similarity, framed_coverage=framed))
    rows = sentence_rows(question, found)
    scores = models.sentence.probabilities(rows)
    checks = models.sentence_check.probabilities(rows) if models.sentence_check else scores
    scored = [replace(c, score=p, check=q) for c, p, q in zip(found, scores, checks, strict=True)]
    scored.sort(key=lambda c: c.score, reverse=True)
    return scored


def quotable(ranked: list[Candidate]) -> list[Candidate]:
    """The candidates an answer may quote: not the release's title written again in its text, which
    answers nothing however close to the question (the answer names the title with every citation;
    on the real releases' pages it led "Quelles sont les priorités de l'État dans les
    Alpes-de-Haute-Provence ?", quoted alone). Only quoting skips it: the confidence still reads it
    among the candidates, as the releases' calibration met it (`eval/tune_sure_bar.py`; rated 0, it
    made one of 53 out-of-corpus dev questions sure, and the bar the rule then chose left 4 right
    answers uncertain, 2026-12-04). All of them when nothing else is left."""
    return [c for c in ranked if _bare(c.text) != _bare(c.passage.title)] or ranked


def _bare(text: str) -> str:
    """Folded, without quotes, marks or spaces at its ends, spaces collapsed: a title and its copy compare
    equal however the page quoted it."""
    return " ".join(fold(text).strip(" \t\n\"'“”«»*#:").split())


def holding(question_terms: Iterable[str], texts_terms: list[set[str]]) -> list[set[str]]:
    """The question's terms each text holds, itself or a word of its family (`french.found_in`)."""
    asked = set(question_terms)
    return [{t for t in asked if found_in(t, stems)} for stems in texts_terms]


def term_weights(question_terms: Iterable[str], held: list[set[str]]) -> dict[str, float]:
    """Each question term's idf among texts, given the question terms each holds (`holding`)."""
    df = Counter(t for found in held for t in found)
    return {t: math.log(1 + (len(held) or 1) / (1 + df[t])) for t in set(question_terms)}


def passage_terms(passages: list[Passage]) -> dict[str, set[str]]:
    """chunk_id -> terms of the passage's title, heading and text (computed once per answer)."""
    return {p.chunk_id: set(terms(f"{p.title} {p.heading} {p.text}")) for p in passages}


class Grounding(NamedTuple):
    passages: list[Passage]  # those naming every name the question gives (`grounded`)
    ungrounded: bool  # none does
    in_part: bool  # each names a one-word name of the question only inside a compound ("Eure-et-Loir")


def grounded(question: Question, passages: list[Passage], found_terms: dict[str, set[str]]) -> Grounding:
    """The passages that mention every name in the question (a place, a person, an organisation).

    Evidence about Alès does not answer a question about Figeac, however similar the wording: when the
    question names something, only passages that name it too may answer — or name its people ("la
    Gaule", "les Gaulois": `french.name_found`). A name the question sets apart ("… selon le ministère
    (pas la préfecture de Lozère) ?": `Question.apart`) is not required, and the passages naming it
    yield to the others when others remain.

    A compound name is named whole, its words in order ("Haute-Savoie" is not named by "les
    Alpes-de-Haute-Provence" and "la Savoie"); a name of one word named only inside a compound ("l'Eure"
    by "l'Eure-et-Loir", "Marne" by "Haute-Marne": another place, or a shortened one, "Clermont" for
    "Clermont-Ferrand") makes its passages yield to those naming it alone, and when none does, `in_part`.
    """
    given = subject_names(question)
    compound = [name for name in given if "-" in name and len(terms(name)) > 1]  # not "Peut-on"
    runs = [_run(question, name) for name in compound]
    wanted = [w for w in (_stems(question, name) for name in given if name not in compound) if w]
    named = _namer(found_terms)
    names_apart = _names_apart(question, named)
    if not wanted and not runs and names_apart is None:
        return Grounding(passages, False, False)

    def read(p: Passage) -> str:
        return " ".join((p.title, p.heading, p.text, p.publisher or ""))

    def names_all(p: Passage) -> bool:
        held = named(p)
        if not all(any(name_found(t, held) for t in w) for w in wanted):
            return False
        said = f" {' '.join(_run(question, read(p)))} " if runs else ""  # stemmed only when needed
        return all(f" {' '.join(run)} " in said for run in runs)

    def names_alone(p: Passage) -> bool:
        held = {question.corrected(t) for t in terms(_COMPOUND.sub(" ", read(p)))}
        return all(any(name_found(t, held) for t in w) for w in wanted)

    kept = [p for p in passages if names_all(p)]
    alone = [p for p in kept if names_alone(p)] if wanted else kept
    others = [p for p in alone or kept if not (names_apart and names_apart(p))]
    return Grounding(others or alone or kept, not kept, bool(kept) and not alone)


def subject_names(question: Question) -> list[str]:
    """The names a passage must give to speak of what the question asks about: not those it sets apart
    ("(pas la préfecture de Lozère)"), nor an acronym, which may be spelt out ("CCI", "la chambre de
    commerce"); an identifier holding a figure ("RN4", "A75", "COVID-19") is written as such: a release
    on the RN274 says nothing of the RN4."""
    apart_words = {word for name in question.apart for word in name.split()}
    return [
        name
        for name in names(question.text)
        if (not name.isupper() or any(ch.isdigit() for ch in name)) and name not in apart_words
    ]


_COMPOUND = re.compile(r"\w+(?:-\w+)+")  # hyphenated words: "Eure-et-Loir", "Saint-Alban-sur-Limagnole"


def _stems(question: Question, name: str) -> set[str]:
    return {question.corrected(t) for t in terms(name)}


def _run(question: Question, text: str) -> tuple[str, ...]:
    """The stems of every word of `text`, in order, stop words included ("Eure-et-Loir" -> "eur", "et",
    "loir"), as the question's speller corrected them."""
    return tuple(question.corrected(t) for t in stems(words(text)))


def _namer(found_terms: dict[str, set[str]]) -> Callable[[Passage], set[str]]:
    """The stems a passage names. A release names its publisher in its header: "la préfecture du Cher"
    is named by every passage of the Cher's releases, even one whose text never says "Cher" (terms of
    grounding only, not coverage). A publisher's terms are read when a passage first asks for them."""
    publishers: dict[str, set[str]] = {}

    def named(p: Passage) -> set[str]:
        if not p.publisher:
            return found_terms[p.chunk_id]
        if p.publisher not in publishers:
            publishers[p.publisher] = set(terms(p.publisher))
        return found_terms[p.chunk_id] | publishers[p.publisher]

    return named


def _names_apart(
    question: Question, named: Callable[[Passage], set[str]]
) -> Callable[[Passage], bool] | None:
    """Whether a passage names one of the names the question sets apart (`Question.apart`), whole, by
    what `named` (`_namer`) says it names; None when it sets none apart."""
    unwanted = [u for u in (_stems(question, name) for name in question.apart) if u]
    if not unwanted:
        return None
    return lambda p: any(u <= named(p) for u in unwanted)


def set_apart_only(question: Question, passages: list[Passage], found_terms: dict[str, set[str]]) -> bool:
    """Every passage left names what the question sets apart (`grounded` keeps them when no other
    remains): "… selon le ministère (pas la préfecture de Lozère) ?" with only the Lozère's release to
    read may be answered from it, never with assurance."""
    names_apart = _names_apart(question, _namer(found_terms))
    return names_apart is not None and all(names_apart(p) for p in passages)


def analyse_passages(
    question: Question,
    passages: list[Passage],
    models: Models,
    *,
    known: Callable[[str], bool] | None,
    lexical_ceiling: float = 0.0,
    semantic: Semantic | None = None,
    cross_lingual: bool = False,
    grounding: bool = True,
    spread: DenseSpread | None = None,
    today: date | None = None,
) -> Analysis:
    """Rank the sentences and estimate how likely the best answer is right. `known`: whether the
    releases the reader may see use a term (None when the question's language is not theirs);
    `grounding`: keep only passages naming what the question names (a statement to check keeps them
    all: the name it gives may be the wrong one); `today`: the day the question is asked (None: days
    are only compared with their release's)."""
    found_terms = passage_terms(passages)
    passages, ungrounded, in_part = (
        grounded(question, passages, found_terms) if grounding else Grounding(passages, False, False)
    )
    ranked = candidates(question, passages, models, semantic, cross_lingual)
    if ungrounded or not ranked or not question.terms:
        return Analysis(question, passages, ranked, {}, 0.0, REFUSED)
    held = holding(question.terms, [found_terms[p.chunk_id] for p in passages])
    weights = term_weights(question.terms, held)
    total = sum(weights.values()) or 1.0
    chunk_coverage = max(sum(weights[t] for t in found) for found in held) / total
    lead = lead_of(question, quotable(ranked), models)
    on_topic_typed = lead.holds_asked(question)
    features = question_row(
        question,
        passages,
        ranked,
        chunk_coverage,
        on_topic_typed,
        known,
        lexical_ceiling,
        spread or DenseSpread(),
    )
    # "combien de X" answered by a sentence that gives a number without naming X ("Combien d'emplois ?"
    # -> a sum of money about the same project); what the question asks of its names, unsaid by the
    # lead, or by every passage read.
    checks = {
        COUNT_UNSAID: not names_counted(counted_thing(question), lead.text),
        REASON_UNSAID: asks_reason(question) and not gives_reason(lead.text),
        SET_APART: set_apart_only(question, passages, found_terms),
        NAMED_IN_PART: in_part,
        PAST_FOR_FUTURE: question.asks_future and gone_by(question, lead, today),
        OTHER_CODE: names_another_code(question, lead.text),
        OTHER_EDITION: names_another_edition(question, lead.text),
        ROLE_OF_ANOTHER: question.kind == PERSON and role_of_another(question.text, lead.text),
    }
    asked = asked_of(question)
    # What the answer quotes, read when a check needs it (the date rules, what is asked of its names).
    quoted = statement(lead) if question.kind == DATE or asked else ""
    listed = listed_thing(question) if question.kind == OTHER else None
    checks[LIST_UNSAID] = listed is not None and not introduces_list(lead) and counts_only(listed, lead.text)
    if question.kind == DATE:  # and what frames it (its release's publisher, its item's title too)
        frame = f"{lead.passage.frame} {lead.passage.publisher or ''} {title_line(lead)}"
        checks[DATE_ASIDE] = aside(question, quoted, frame)
        checks[OPPOSED] = opposed(question.text, quoted)
        checks[TEXT_DATE] = text_dated(question.text, quoted)
    if asked:  # most questions ask nothing it checks: no terms to read then
        read = set().union(*(found_terms[p.chunk_id] for p in passages))
        checks[PREDICATE_UNSAID] = leaves_unsaid(undated(asked), set(terms(quoted)))
        checks[PREDICATE_ABSENT] = leaves_unsaid(asked, read)
    flags = frozenset(name for name, held in checks.items() if held)
    confidence, status = outcome(features, flags, models, question.wants_form)
    return Analysis(question, passages, ranked, features, confidence, status, flags)


_PRESENCE = stems_of(lexicon.PRESENCE_WORDS)


def asked_of(question: Question) -> list[str]:
    """What an answer must say of the names the question gives (`leaves_unsaid`): to "qui", "où" and
    "comment", one of its predicate terms ("Qui dirige l'Institut … ?" -> "dirig"; "Comment s'inscrire à
    l'école … ?" -> "inscrir", which "inscriptions" says: the verb of a manner, unsaid, made a sentence
    presenting the school a sure answer, 2026-12-04; no dev answer changed); to "quel est le X de …", X
    ("le siège du Pôle"; a measured quantity, "la superficie du Pôle", is asked by its type, a figure
    with its unit); nothing to other questions. Names are everywhere in releases, so the
    type asked proves little there; a date or a figure carries what is asked by its form ("En quelle
    année est décédé X ?" -> "(1564 – 1593)"): requiring of its sentence every name the question gives
    cost 12 right sure answers on dev, 2026-12-03, and its predicate 2 (a road "fermée" on the date
    of works the next sentence says close it); other questions are answered in other words ("son
    objectif" -> "doit permettre de"; "Quelles entreprises …" by their names: 8 right sure answers on
    dev); "combien de X" either: X is often said another way ("sociétés" for "entreprises": on the own
    set's dev part, requiring X of some passage refused 2 right answers for 1 trap, 2026-12-03). To "qui
    peut demander …", words of eligibility say it too ("à destination des communes"). To "quelles X …",
    a word of what the question says of them besides X: "Quelles communes ont bénéficié de la DETR dans
    le Puy-de-Dôme ?" was sure at 0.99 with "La DETR est une subvention … à destination des communes",
    naming none (2026-12-04; dev: one right sure answer of PIAF's 615 left uncertain, none changed on
    the releases); to "quels sont les X …", X too: "Quels sont les critères pour obtenir le label France
    Services ?" was sure with "l'État établit des règles rigoureuses" (2026-12-07)."""
    noun = asked_noun(question) if question.kind == OTHER else None
    if question.kind == PLACE:  # the place named says where; "accueille", "situé" ask nothing more
        return [t for t in predicate_terms(question) if t not in _PRESENCE] + eligibility_terms(question)
    if question.kind == PERSON or asks_manner(question):
        return predicate_terms(question) + eligibility_terms(question)
    # "Quelles communes ont bénéficié de la DETR … ?": what they did, not only "communes"
    thing = listed_thing(question) if question.kind == OTHER else None
    if thing is not None:  # not what only places them ("présents", "situés": `lexicon.PRESENCE_WORDS`)
        said = [t for t in predicate_terms(question) if t != thing and t not in _PRESENCE]
        return [*said, noun] if noun and noun not in said else said
    return [noun] if noun else []


def leaves_unsaid(asked: list[str], said: set[str]) -> bool:
    """Something is asked (`asked_of`) and none of it, nor a word of its family, is among the stems
    `said` — the lead's (the answer may not be sure), or every passage read (nothing plausibly answers)."""
    return bool(asked) and not any(found_in(t, said) for t in asked)


def outcome(
    features: dict[str, float], flags: frozenset[str], models: Models, wants_form: bool = False
) -> tuple[float, str]:
    """(confidence, status) of a question's features and the rules' flags (`Analysis.flags`): what
    training re-reads with new models. Refused as `Models.status` says (the presence model, or the
    confidence where it is not read) or when a refusal rule holds, sure only when nothing demotes it.
    `wants_form`: the question asks for a date, a figure, a sum, a contact (`Question.wants_form`)."""
    confidence = models.probability(features)
    status = models.status(confidence, features)
    if status == REFUSED or models.refusals & refusal_reasons(features, flags, wants_form):
        return min(confidence, models.below_refusal), REFUSED
    if status == ANSWER and demoted(features, flags):
        # What demotes an answer lowers the probability it reports: never above the bar of a sure answer.
        status, confidence = UNCERTAIN, min(confidence, models.below_answer)
    return confidence, status


def refusal_reasons(features: dict[str, float], flags: frozenset[str], wants_form: bool) -> frozenset[str]:
    """Which refusal rules (`confidence.REFUSALS`) say no passage plausibly answers: the sentences on the
    subject lack the date, figure... asked; every passage read names what the question names but says
    nothing of what it asks of it."""
    holds = {
        UNTYPED: wants_form and not features["typed_on_topic"],
        UNSAID: PREDICATE_ABSENT in flags,
    }
    return frozenset(name for name, held in holds.items() if held)


def demoted(features: dict[str, float], flags: frozenset[str]) -> bool:
    """An answer that may not be given as sure, whatever its confidence: one given as sure holds what
    was asked (a figure for "combien", a date for "quand"...), and "combien de X" needs a corpus that
    speaks of X at all, and a quoted sentence that names X; nor one read only in passages naming what
    the question sets apart, or naming a name it gives only inside a compound (`grounded`); nor a day
    gone by when its release came out, to a question about what is still to come (`gone_by`); nor a
    sentence naming other codes than the question's ("RN4" for "RN19": `names_another_code`) or
    other years' editions ("dossiers 2021" for "DETR 2022": `names_another_edition`), or giving
    the role asked only as the role of another name (`role_of_another`); nor, to
    a date question, a sentence tied to it by some of its names only (`aside`) or saying only the
    beginning of what ends, or the end of what begins (`opposed`), or only the day of a text
    (`text_dated`); nor, to a list, a sentence that only counts its items (`counts_only`)."""
    return (
        not features
        or not features["typed_on_topic"]
        or bool(features["uncounted"])
        or COUNT_UNSAID in flags
        or REASON_UNSAID in flags
        or PREDICATE_UNSAID in flags
        or SET_APART in flags
        or NAMED_IN_PART in flags
        or VERSION_UNSAID in flags
        or PAST_FOR_FUTURE in flags
        or OTHER_CODE in flags
        or OTHER_EDITION in flags
        or ROLE_OF_ANOTHER in flags
        or DATE_ASIDE in flags
        or OPPOSED in flags
        or TEXT_DATE in flags
        or LIST_UNSAID in flags
    )


def statement(lead: Candidate) -> str:
    """The lead grown to the statement it starts, as the answer quotes it (`extend`): "Le jeudi 10
    septembre, la DIR Est va procéder à des travaux … à Saint-Nabord. Ces travaux entraîneront la
    fermeture de la RN57." says when the RN57 is closed; "… interdire jusqu'au 30 septembre 2019 tous
    les feux …, à savoir :" with its list, that "l'écobuage" is."""
    return " ".join(c.text for c in extend(lead))


_STARTS = lexicon.compile_words(lexicon.EVENT_STARTS)
_ENDS = lexicon.compile_words(lexicon.EVENT_ENDS)
_LEGAL = lexicon.compile_words(lexicon.LEGAL_TEXTS)
# A date right after the name of a text and what qualifies it: "l'arrêté préfectoral du 5 juillet 2012".
_TEXT_DAY = re.compile(rf"\b{lexicon.LEGAL_TEXTS.pattern()}(?:\s+[\w-]+){{0,2}}?\s+(?:en\s+date\s+)?du\s+$")


_LIFE_EVENT = lexicon.compile_words(lexicon.LIFE_EVENTS)
_OFFICE_EVENT = lexicon.compile_words(lexicon.OFFICE_EVENTS)


class _EventsAsked(NamedTuple):
    starts: bool  # the question asks when something begins (`lexicon.EVENT_STARTS`)
    ends: bool  # … when something ends (`EVENT_ENDS`)
    names_text: bool  # it names a legal text (`lexicon.LEGAL_TEXTS`)
    life: bool  # it asks of a life's event (`lexicon.LIFE_EVENTS`)
    office: bool  # … of an office's (`lexicon.OFFICE_EVENTS`)


@lru_cache(maxsize=1024)
def _events_asked(question: str) -> _EventsAsked:
    """What the question asks of beginnings, ends and events (`_EventsAsked`); read once per question."""
    asked = fold(question)
    found = (_STARTS, _ENDS, _LEGAL, _LIFE_EVENT, _OFFICE_EVENT)
    return _EventsAsked(*(bool(pattern.search(asked)) for pattern in found))


def opposed(question: str, text: str) -> bool:
    """The question asks when something ends and the sentence says no end, or it asks when something
    begins and the sentence says only that something ends (`lexicon.EVENT_STARTS`, `EVENT_ENDS`; a
    sentence whose every date ends a period, "jusqu'au 30 septembre", says an end: `ends_only`; so does
    a period, "du 2 au 4 juin", "(1802-1885)"): "Quand Henri Prévost a-t-il quitté la Marne ?" is not
    answered by "Henri Prévost a pris ses fonctions de préfet de la Marne le lundi 4 avril 2022", nor
    "Quand Carole Delga a-t-elle quitté la présidence de la Région ?" by "Le 25 mars s'est tenu … le
    premier comité …, présidé par Carole Delga, présidente de la Région" (sure at 0.87; a question
    written by hand on the shipped release, 2026-12-07). A beginning may be said without its word ("La
    fête a lieu le 5 mai" answers "Quand commence la fête ?"); an end seldom is. Nor is a question on a
    life's event (`lexicon.LIFE_EVENTS`) answered by a sentence saying only an office's (`OFFICE_EVENTS`)
    or the reverse: "Quand Henri Prévost est-il né ?" by the day he took office."""
    asked = _events_asked(question)
    if asked.starts == asked.ends and asked.life == asked.office:
        return False
    said = fold(text)
    if asked.life != asked.office:  # a life's event asked, and only an office's said, or the reverse
        wanted, other = (_LIFE_EVENT, _OFFICE_EVENT) if asked.life else (_OFFICE_EVENT, _LIFE_EVENT)
        if other.search(said) and not wanted.search(said):
            return True
    if asked.starts == asked.ends:
        return False
    said_ends = bool(_ENDS.search(said)) or ends_only(said)
    if asked.ends:  # a period ("du 2 au 4 juin", "(1802-1885)") says its end
        return not said_ends and not date_ranges(said)
    return said_ends and not _STARTS.search(said)


def text_dated(question: str, text: str) -> bool:
    """The question asks when something begins or ends (`lexicon.EVENT_STARTS`, `EVENT_ENDS`), names no
    legal text, and every date the sentence gives is the day of a text (`lexicon.LEGAL_TEXTS`): "Quand
    commence la période d'interdiction des feux dans le Lot ?" is not answered by "Les dispositions …
    figurent dans l'arrêté préfectoral du 5 juillet 2012"."""
    asked = _events_asked(question)
    if asked.starts == asked.ends or asked.names_text:
        return False
    said = fold(text)
    return every_date_after(said, _TEXT_DAY, reach=len(said))  # the whole text before each date


def title_line(c: Candidate) -> str:
    """The line just before the one the candidate opens, when it reads as a title (no closing
    punctuation): in a listing of notices, "A31 – Travaux de remplacement de panneaux … entre Thionville
    et Terville (57)" frames "Du jeudi 19 au vendredi 20 octobre 2023, de 21h00 à" ("Quand commencent
    les travaux de l'A31 entre Thionville et Terville ?" was uncertain, its date said of nothing it
    names: a question written by hand on the real releases, 2026-12-07)."""
    before = c.passage.text[: c.start].rstrip(" \t")
    if not before.endswith("\n"):
        return ""
    line = before.rstrip().rsplit("\n", 1)[-1].strip()
    return line if line and line[-1] not in '.!?:;…»"' else ""


def aside(question: Question, text: str, frame: str = "") -> bool:
    """The sentence shares with the question none of its words but some of its names, and lacks one of
    them — read in its `frame` too (its passage's title, heading and publisher: "Jean Chaintron", on a
    page about him, is "il"; "la préfecture du Lot" speaks of the Lot): the date it gives is of
    something else that happened there. "Quand Marc Chappuis a-t-il quitté les
    Alpes-de-Haute-Provence ?" was sure at 0.997 with "… 12 projets structurants … déployés depuis
    2021" (a question written by hand to try the real releases, 2026-12-07). A sentence naming every
    name ("Victor Hugo (1802-1885) …") or a word of what happened ("le tunnel sera fermé") is tied to
    the question. The names are those of its subject (`subject_names`): "la DETR" may be spelt out
    ("Dotations d'équipement des territoires ruraux")."""
    given = [_stems(question, name) for name in subject_names(question)]
    named = set().union(*given)
    held = set(terms(text))
    framed = held | set(terms(frame))
    if not given or all(any(name_found(t, framed) for t in stems) for stems in given if stems):
        return False
    said = [t for t in question.terms if t not in named and not t.isdigit()]
    return not any(found_in(t, held) for t in said)


def gone_by(question: Question, lead: Candidate, today: date | None = None) -> bool:
    """The day the lead gives ("Le 25 mars s'est tenu …") came before its release was published — or,
    to a question asking for the next one from now (`Question.asks_next`), before `today`: it does not
    answer a question about what is still to come (its year, when unsaid, is the release's). "Quand
    aura lieu la prochaine cérémonie … ?" was sure at 0.90 with the ceremony a 2017 release announced
    for its own day (a question written by hand to try the real releases, 2026-12-07); "Quand le tunnel
    sera-t-il fermé ?" speaks from the release's day. Only a dated release's days are read: an undated
    text (an encyclopaedia article) may tell of the past in the future tense."""
    published = lead.passage.date
    if not published:
        return False
    short = short_answer(question, lead.text)
    day = day_of(short, published) if short else None
    if day is None:
        return False
    return day < published or (today is not None and question.asks_next and day < today.isoformat())


def lead_of(question: Question, ranked: list[Candidate], models: Models) -> Candidate:
    """The sentence an answer quotes first: the best — or, for a question asking a date, a figure, a
    name..., the one holding it (`typed_lead`); for one asking a list, the sentence that introduces it
    (`list_lead`). A sentence that only echoes the question does not lead when one that says more is
    rated nearly as high (`telling`)."""
    ranked = telling(question, ranked, models)
    return (
        list_lead(question, ranked)
        or reason_lead(question, ranked, models)
        or typed_lead(question, ranked, models)
        or ranked[0]
    )


def reason_lead(question: Question, ranked: list[Candidate], models: Models) -> Candidate | None:
    """To a question asking why (`question.asks_reason`), the best sentence giving a cause or a purpose
    (`gives_reason`) that the model rates nearly as high as the best (the bar of `typed_lead`), when the
    best gives none: the model, which reads no type of answer for "pourquoi", led with the fact asked
    about ("… la période sensible pendant laquelle l'allumage des feux est interdit") before its cause.
    Not another item of the list the best is an item of: "Pourquoi favoriser les lieux de passage
    habituels ?" was sure (1.00) with the next item, "encourager le déploiement des solutions itinérantes
    pour renforcer le réseau …" (a question written by hand on the real releases' dev part, 2026-12-07).
    A cause may share no word with the question ("C'est la période des procès de Moscou …" after "… une
    dictature particulièrement sanglante en Union soviétique": PIAF dev)."""
    best = ranked[0]
    if not asks_reason(question) or gives_reason(best.text):
        return None
    floor = models.typed_lead_at * best.score

    def another_item(c: Candidate) -> bool:
        text = best.passage.text
        return c.passage is best.passage and in_list_item(text, best.start) and in_list_item(text, c.start)

    return next(
        (c for c in ranked if c.score >= floor and gives_reason(c.text) and not another_item(c)), None
    )


def idle(question: Question, cand: Candidate) -> bool:
    """The sentence only echoes a question asking for something: every word of it is one of the
    question's (a heading repeating its subject, "Tableau rectificatif du 10 janvier", to "Que contient
    le tableau rectificatif du 10 janvier ?"). To a yes or a no, a sentence restating the question
    answers it."""
    said = set(terms(cand.text))
    return bool(said) and said <= set(question.terms) and asks_open(question.text)


def telling(question: Question, ranked: list[Candidate], models: Models) -> list[Candidate]:
    """The candidates, best first — unless the best is `idle`: then, first, the best sentence that says
    more, when the model rates it nearly as high (the second quote's bar). A model retrained on
    2026-12-04 rated a heading over the sentence under it (0.72 against 0.64), which had led before."""
    if not ranked or not idle(question, ranked[0]):
        return ranked
    floor = models.second_quote_at * ranked[0].score
    better = next((c for c in ranked if c.score >= floor and not idle(question, c)), None)
    return ranked if better is None else [better, *(c for c in ranked if c is not better)]


def list_lead(question: Question, ranked: list[Candidate]) -> Candidate | None:
    """For a question asking a list of things ("Quelles actions …", `listed_thing`), when the best
    sentence introduces no list: the best-rated sentence of the same document that introduces one
    (ends in ':' before list items) and names those things. The model, learned on single sentences,
    rates such an intro low ("… intègre 10 actions dont :") against a sentence that only counts them
    ("… autour de 10 actions concrètes")."""
    thing = listed_thing(question)
    if thing is None or question.kind != OTHER or introduces_list(ranked[0]):
        return None
    best = ranked[0]
    after_best = best.passage.text[best.end :].lstrip(" \u00a0")  # on the same line
    intros = [
        (c, set(terms(c.text)))
        for c in ranked
        if c.passage.doc_id == best.passage.doc_id
        and not after_best.startswith(c.text)  # the best's own statement goes on into it
        and introduces_list(c)
    ]
    # one naming the things asked; else one holding two of the question's other words, the circumstance
    # it sets ("Quels sont les bons réflexes en cas d'orage ?" -> "En cas de Vigilance orange pour
    # orage :"; one word, "cas", is not enough: "… en cas de canicule ?")
    others = set(question.terms) - {thing} - question.type_terms
    return next((c for c, held in intros if found_in(thing, held)), None) or next(
        (c for c, held in intros if sum(found_in(t, held) for t in others) >= 2), None
    )


def introduces_list(cand: Candidate) -> bool:
    """The sentence ends in ':' and list items follow it."""
    text = cand.passage.text
    after = [a for a, _ in cand.passage.sentences if a >= cand.end]
    return text[cand.start : cand.end].rstrip().endswith(":") and bool(after) and in_list_item(text, after[0])


# Where the thing a figure counts is written: right after it, adjectives and units between ("4000
# emplois industriels", "4 000 nouveaux emplois", "30 millions d'euros d'investissements"), or before it
# in the same clause ("les investissements atteignent 30 millions d'euros").
_COUNTED_AFTER, _COUNTED_BEFORE = 3, 8  # words
_CLAUSE_END = re.compile(r"[,;:()«»]")


_REASON = lexicon.compile_words(lexicon.REASON_CUES)


def gives_reason(text: str) -> bool:
    """The sentence says why: a cause or a purpose (`lexicon.REASON_CUES`)."""
    return _REASON.search(fold(text)) is not None


def names_counted(thing: str | None, text: str) -> bool:
    """Whether the sentence names what "combien de X" counts (X, `counted_thing`; None: nothing is
    counted) beside one of its figures ("aux 10 Territoires d'Industrie à destination des salariés"
    gives no number of employees)."""
    if thing is None:
        return True
    for figure in figures(text, thing):
        after = text[figure.end() :].split()[:_COUNTED_AFTER]
        if in_units(fold(text[figure.end() :])) and thing not in terms(" ".join(after[:1])):
            continue  # "de 21h00 à 06h00, les véhicules", "5 mètres (hors véhicules": it measures
        if thing in terms(" ".join(after)):
            return True
        if after and _common_noun(after[0]):
            continue  # "personnes tuées dans les 30 jours": the figure counts the days, not the people
        clause = _CLAUSE_END.split(text[: figure.start()])[-1]
        if thing in terms(" ".join(clause.split()[-_COUNTED_BEFORE:])):
            return True
    return False


# Items named around a count: "A, B et C" or "… de A et B" after it ("les deux formes principales de
# l'épopée et du conte"), "A et B," or "A, B," right before it ("T'amo mia vita et La mia cara vita, deux
# madrigaux …"), a colon opening them — or the one the sentence is about, "l'un des trois …".
_ITEMS_AFTER = re.compile(r":|,[^,;.]+\bet\b|^\s*(?:[\w'’-]+\s+){0,3}?(?:de|du|des|d['’])\s*[^,;.]+\bet\b")
_ITEMS_BEFORE = re.compile(r"(?:\bet\b[^,;.]*|,[^,;.]+),\s*$|\bl['’]une?\s+des\s*$")


def counts_only(thing: str, text: str) -> bool:
    """The sentence counts the things a list question asks ("7 politiques publiques prioritaires et 12
    projets structurants ont été priorisés", to "Quels sont les 12 projets structurants ?") and names
    none of them: no items around the count (`_ITEMS_AFTER`, `_ITEMS_BEFORE`). Sure at 1.00 with that
    sentence, which is all the release says of them (a question written by hand on the real releases'
    dev part, 2026-12-07)."""
    for figure in figures(text, thing):
        if fold(figure[0]).strip() in ("un", "une"):
            continue  # "un secteur énergétique de premier plan": one of the items, not their count
        if thing in terms(" ".join(text[figure.end() :].split()[:_COUNTED_AFTER])):
            after, before = text[figure.end() :], text[: figure.start()]
            return not _ITEMS_AFTER.search(after) and not _ITEMS_BEFORE.search(before)
    return False


def _common_noun(word: str) -> bool:
    """A lowercase word of letters, neither a function word nor one qualifying the figure ("4 000
    environ"): right after a figure, what it counts ("30 jours", "24 h"; "4 avril": a date counts
    nothing asked)."""
    folded = fold(word)
    return (
        word.isalpha()
        and word.islower()
        and folded not in STOP_WORDS
        and folded not in lexicon.FIGURE_HEDGES.plain
    )


def typed_lead(question: Question, ranked: list[Candidate], models: Models) -> Candidate | None:
    """The best sentence holding what was asked that is on the subject: the model rates it nearly as
    high as the best, or the best holds the question's words as fully as any sentence does and so does
    it. The model, learned where answers sit in short sentences, underrates a long one ("Le 9 décembre
    2019, <three officials and their titles> ont signé le contrat…": 0.05 against 0.71 for "…que l'un
    des premiers contrats soit signé…", which has no date). When the best holds fewer of the words than
    another sentence, the model read meaning, not words: its rating decides (in the CNIL's FAQ, a
    sentence naming "le Délégué" with most of the words is not who may become one). To "quand", when no
    date qualifies so and the best holds none, a date of its release leads when it says what the best
    leaves unsaid of the question: the best names the subject, the date sentence the event, the subject
    another way ("Quand la France Services de Saint-Alban a-t-elle ouvert ?" -> "… la structure a
    rapidement ouvert ses portes le 2 novembre 2021", rated 0.07 against 0.60 for a sentence naming the
    place without a date). Not beside a date that qualifies: "installée le 5 février 2019" would then
    answer "Quand le programme a-t-il été annoncé ?" for "annoncé … en novembre 2018"."""
    floor = models.typed_lead_at * ranked[0].score
    widest = max(c.coverage for c in ranked)
    tie = ranked[0].coverage >= widest
    typed = [c for c in ranked if c.typed and (c.score >= floor or (tie and c.coverage >= widest))]
    if not typed and question.kind == DATE and not ranked[0].typed:
        asked = [t for t in question.terms if t not in question.type_terms]
        unsaid = set(asked) - holding(asked, [set(terms(ranked[0].text))])[0]
        if unsaid:
            same_release = [c for c in ranked if c.typed and c.passage.doc_id == ranked[0].passage.doc_id]
            held = holding(unsaid, [set(terms(c.text)) for c in same_release])
            typed = [c for c, found in zip(same_release, held, strict=True) if found == unsaid]
    if not typed:
        return None
    # Of these, the best that does not speak of something else: "Combien d'emplois ?", a figure next to
    # "emplois" before a better-rated figure of something else; "… compte l'Occitanie ?", a figure said
    # of Occitanie before one said of France — but a sentence naming nothing ("Deux fois par an, des
    # entreprises …") may take its subject from the one before, and to "qui", "où" the answer is another
    # name ("… confié aux Conseils régionaux").
    named, thing = {fold(n) for n in names(question.text)}, counted_thing(question)

    def elsewhere(c: Candidate) -> bool:  # a date or figure said of others, not of what the question names
        said = {fold(n) for n in said_names(c.text)}
        return question.wants_form and bool(said - named) and not named <= set(words(c.text))

    if thing and named and not any(names_counted(thing, c.text) and not elsewhere(c) for c in typed):
        # To "combien de X", no figure rated near the best counts X of what the question names: one
        # rated lower that names all of it and counts X answers instead. A retrained model (2026-12-04)
        # rated "En Occitanie, ce sont 10 territoires qui sont concernés." 0.06 of "La France compte
        # désormais 146 Territoires d'industrie …" for "Combien de territoires d'industrie compte
        # l'Occitanie ?", under the floor; its predecessor 0.27, over it. Not to a date: a date said of
        # the subject may be of another event of it ("installée le 5 février 2019" is no answer to when
        # it was announced).
        typed += [
            c
            for c in ranked
            if c.typed and c not in typed and named <= set(words(c.text)) and names_counted(thing, c.text)
        ]

    # And to "quand" a beginning or an end, a day of its own before the day of a decree (`text_dated`).
    def decreed(c: Candidate) -> bool:
        return question.kind == DATE and text_dated(question.text, c.text)

    # Then one saying all that the question asks of its names (`asked_of`): to "Qui a signé le contrat ?",
    # the sentence whose officials "ont signé le contrat" before one naming "la Région" beside "les
    # contrats", rated higher. All, not most: a sentence naming "des directeurs" at a ceremony says
    # one word of "Qui dirige la préfecture de la Marne ?", as the préfet's sentence says none.
    asked = asked_of(question)

    def says_all(c: Candidate) -> bool:
        held = set(terms(c.text))
        return bool(asked) and all(found_in(t, held) for t in asked)

    # Last, to "qui" and a verb, one naming someone as doing it (`names_doer`).
    return max(
        typed,
        key=lambda c: (
            names_counted(thing, c.text),
            not elsewhere(c),
            not decreed(c),
            says_all(c),
            names_doer(question, c.text),
        ),
    )


def select(analysis: Analysis, models: Models, max_quotes: int) -> list[Candidate]:
    """The quotes: the lead (`lead_of`), then others nearly as good."""
    lead = lead_of(analysis.question, analysis.ranked, models)
    floor = models.second_quote_at * lead.score
    chosen = [lead]
    limit = max_quotes + (1 if analysis.question.multi else 0)
    echo_led = idle(analysis.question, lead)
    for cand in analysis.ranked:
        if len(chosen) >= limit or cand.score < floor:
            break
        if any(cand.text in c.text or c.text in cand.text for c in chosen):
            continue  # the same sentence, or overlapping chunks repeating it
        if not echo_led and idle(analysis.question, cand):
            continue  # an echo of the question adds nothing to an answer
        chosen.append(cand)
    return chosen


def closest(
    lead: Candidate,
    ranked: list[Candidate],
    models: Models,
    max_quotes: int,
    besides: Sequence[Candidate] = (),
    question_terms: Sequence[str] = (),
) -> list[Candidate]:
    """What an uncertain answer shows: the lead, then the next sentences the model rates nearly as high as
    its best (`ranked` is best first), from its passage or another, while the quotes stay within
    `UNCERTAIN_WORDS` — a sentence too long for what is left shows its excerpt around the question's
    terms (whole, within twice that budget, when rated nearly as high as the lead: `WHOLE_CONTENDER_AT`)
    — and only when that excerpt holds a term of the question the quotes before it lack: a cut
    sentence showing none ("« Nîmes Métropole a accompagné le … »") adds nothing. When the model cannot
    tell which sentence answers, the reader sees the close contenders rather than one guess (the bar is
    chosen on dev data). One sentence per passage showed the gold passage a little more often (PIAF dev
    72.2 against 71.5 %, 40 words), the second-best sentence, half the time in the lead's passage, holds
    the answer more often (58.0 against 59.8 %). `besides`: sentences the answer shows anyway (earlier
    versions)."""
    chosen = [lead]
    floor = models.contender_at * ranked[0].score
    words, wanted = len(lead.text.split()), set(question_terms)
    shown = set(terms(lead.text)) & wanted
    for cand in ranked:
        if len(chosen) >= max_quotes or cand.score < floor:
            break
        if any(cand.text in c.text or c.text in cand.text for c in (*chosen, *besides)):
            continue  # none repeated (overlapping chunks, a lead grown by its next sentence)
        size, room = len(cand.text.split()), UNCERTAIN_WORDS - words
        close = cand.score >= WHOLE_CONTENDER_AT * lead.score and words + size <= 2 * UNCERTAIN_WORDS
        if size > room and not close:  # within a reader's budget, unless rated nearly as high as the lead
            if room < MIN_EXCERPT_WORDS:
                continue
            cand, size = excerpt(cand, wanted, room), room
            if not (set(terms(cand.text)) & wanted) - shown:
                continue
        chosen.append(cand)
        shown |= set(terms(cand.text)) & wanted
        words += size
    return chosen


def excerpt(cand: Candidate, question_terms: set[str], words: int) -> Candidate:
    """The window of `words` words of the sentence that holds the most of the question's terms (the
    first such window), as a verbatim extract of the passage."""
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", cand.text)]
    if len(spans) <= words:
        return cand
    held = [set(terms(cand.text[a:b])) & question_terms for a, b in spans]
    first = max(range(len(spans) - words + 1), key=lambda i: (len(set().union(*held[i : i + words])), -i))
    return replace(cand, start=cand.start + spans[first][0], end=cand.start + spans[first + words - 1][1])


_CONTINUATION = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(ce|cet|cette|ces|il|elle|ils|elles|celui|celle|ceux|celles)\b", re.I
)


# A sentence opening on a consequence ("C'est pourquoi le préfet a décidé …"): its cause is the sentence
# before it (`lexicon.CONSEQUENCE_CUES`).
_CONSEQUENCE = re.compile(rf"^\W*{lexicon.CONSEQUENCE_CUES.pattern()}\b")


# The chunks that follow a passage in its release (`HybridRetriever.following`): where a list goes on.
Following = Callable[[Passage], list[Passage]]


def extend(
    cand: Candidate, with_list: bool = True, continuation: bool = True, following: Following | None = None
) -> list[Candidate]:
    """Grow a quote to the statement it starts: the list a sentence ending in ':' introduces
    (`list_quotes`), or (with `continuation`) the next sentence of the same paragraph when it refers
    back to this one ("Ce campus...", "Il vise..."), and the sentence before it when it opens on a
    consequence ("C'est pourquoi …": `_CONSEQUENCE`). A question the text asks (an FAQ's heading, "Comment
    se protéger en cas d'orage ?") answers nothing: the sentence after it, its answer, is quoted with it."""
    text, end = cand.passage.text, cand.end
    spans = [s for s in cand.passage.sentences if s[0] >= end]
    if spans and text[cand.start : end].rstrip().endswith("?"):
        cand, spans = replace(cand, end=spans[0][1]), spans[1:]
        end = cand.end
    if text[cand.start : end].rstrip().endswith(":"):
        return list_quotes(cand, following) if with_list else [cand]
    before = [a for a, b in cand.passage.sentences if b <= cand.start]
    if continuation and before and _CONSEQUENCE.match(fold(cand.text)):
        cand = replace(cand, start=before[-1])  # "C'est pourquoi …" says why with the sentence before it
    if (
        continuation
        and spans
        and "\n" not in text[end : spans[0][0]]
        and _CONTINUATION.match(text[spans[0][0] : spans[0][1]])
    ):
        return [replace(cand, end=spans[0][1])]
    return [cand]


def list_quotes(intro: Candidate, following: Following | None = None) -> list[Candidate]:
    """The quotes of the list a sentence introduces: the intro with the whole list when it fits in
    `LIST_WORDS`; otherwise the intro with its first item's first sentence, then the first sentence of
    each next item (its marker left out) while the quotes stay within `LIST_WORDS` — every item named
    rather than the first told in full ("… 10 actions dont : – le projet … SMART Factory …, il vise … La
    plateforme … ; – Extension du Pôle mécanique … ; – Le Campus Numérique …": three items of 60, 35 and
    60 words, of which only the first was quoted). A list that runs past its passage goes on in the
    passages that follow it in the release (`following`). The first item's first sentence always."""
    items = _list_items(intro, following)
    if not items:
        return [intro]
    last = items[-1][-1]
    whole = replace(intro, end=last.end)
    if last.passage is intro.passage and len(whole.text.split()) <= LIST_WORDS:
        return [whole]  # the whole list, in one quote
    first = items[0][0]
    quotes = [replace(intro, end=first.end)] if first.passage is intro.passage else [intro, first]
    used = sum(len(q.text.split()) for q in quotes)
    for head, *_ in items[1:]:
        used += len(head.text.split())
        if used > LIST_WORDS:
            break  # the reader opens the release for the rest
        quotes.append(head)
    return quotes


def _list_items(intro: Candidate, following: Following | None) -> list[list[Candidate]]:
    """The items of the list `intro` introduces, each as its sentences (an item's first one without its
    marker), read on into the passages that follow while the list goes on."""
    items: list[list[Candidate]] = []
    seen: set[str] = set()  # a passage may repeat the end of the one before it
    queue = [intro.passage]
    while queue:
        passage = queue.pop(0)
        text, ended = passage.text, False
        for a, b in passage.sentences:
            if (passage is intro.passage and a < intro.end) or text[a:b] in seen:
                continue
            if not in_list_item(text, a):
                ended = True
                break  # the list is over
            seen.add(text[a:b])
            starts_item = after_list_marker(text, a) or text[a] in LIST_MARKERS
            start = a + len(text[a:b]) - len(text[a:b].lstrip(LIST_MARKERS + " \u00a0"))
            sentence = replace(intro, passage=passage, start=start, end=b)
            if starts_item or not items:
                items.append([sentence])
            else:
                items[-1].append(sentence)  # the item's next sentence
        if not ended and passage is intro.passage and following is not None:
            queue = following(passage)
    return items


def compose(
    chosen: list[Candidate], short: str | None, earlier: Sequence[Candidate] = ()
) -> tuple[str, list[Citation]]:
    """French answer: the short answer if any, then each quote « ... » [n] with its release; then the
    earlier versions of the answer (older releases), each with its date."""
    citations: list[Citation] = []
    lines: list[str] = []
    if short:
        lines.append(f"{short[0].upper()}{short[1:]}.")
    by_doc: dict[str, list[Candidate]] = {}
    for cand in chosen:
        by_doc.setdefault(cand.passage.doc_id, []).append(cand)
    for cands in by_doc.values():
        passage = cands[0].passage
        when = f" du {french_date(passage.date)}" if passage.date else ""
        lines.append(f"Selon le communiqué{when} « {passage.title} » :")
        lines += [f"{_quoted(_marked(cand))} [{_cite(citations, cand)}]" for cand in cands]
    if earlier:
        lines.append("Auparavant :")
        lines += [
            f"– le {french_date(c.passage.date)} (« {c.passage.title} ») : {_quoted(c.text)} [{_cite(citations, c)}]"
            for c in earlier
        ]
    return "\n".join(lines), citations


def _quoted(text: str) -> str:
    """The quote between French marks, or between “ ” when it holds guillemets of its own (a statement
    reported in the release): « … », a déclaré X. » would close twice ("» »")."""
    return f"“{text}”" if "«" in text or "»" in text else f"« {text} »"


def _marked(cand: Candidate) -> str:
    """The quote, with « … » where it starts or ends inside a sentence (an excerpt)."""
    cut_before, cut_after = cand.passage.cut(cand.start, cand.end)
    return f"{'… ' if cut_before else ''}{cand.text}{' …' if cut_after else ''}"


def _cite(citations: list[Citation], cand: Candidate) -> int:
    """Add the candidate's citation; returns its number."""
    citations.append(Citation.of(len(citations) + 1, cand.passage, cand.text))
    return len(citations)


def answer_versions(analysis: Analysis, models: Models) -> list[Candidate]:
    """The versions of the answer among the sentences an answer may quote (`timeline.versions`, read in
    the period the question asks about): the one the answer shows first leads; [] when releases do not
    update one another on it."""
    ranked = quotable(analysis.ranked)
    if not ranked:
        return []
    return versions(analysis.question, ranked, models.second_quote_at * ranked[0].score, analysis.frame)


def with_versions(analysis: Analysis, models: Models) -> Analysis:
    """The analysis, flagged `VERSION_UNSAID` when the version of the answer that an extractive answer
    shows first (`answer_versions`: the release of the period asked, `Analysis.frame`, or the most
    recent) holds nothing of what was asked (a date, a figure…): the status was judged on another
    sentence, which the answer no longer shows first. Judged here, on the analysis, so that training and
    the sure bar (`eval/tune_sure_bar.py`) read the status the answer gets."""
    found = answer_versions(analysis, models) if analysis.features else []
    if not found or found[0].holds_asked(analysis.question):
        return analysis
    flags = analysis.flags | {VERSION_UNSAID}
    confidence, status = outcome(analysis.features, flags, models, analysis.question.wants_form)
    return replace(analysis, flags=flags, confidence=confidence, status=status)


def extractive_answer(
    question_text: str,
    analysis: Analysis,
    models: Models,
    *,
    max_quotes: int,
    refusal: str,
    following: Following | None = None,
) -> Answer:
    """The answer an analysis calls for: quotes with their citations, or the refusal text. The period
    the question names (`Analysis.frame`) chooses among versions of the answer (`answer_versions`);
    `following`: where a list the lead introduces goes on past its passage."""
    if analysis.status == REFUSED or is_off_task(question_text):
        confidence = min(analysis.confidence, models.below_refusal)  # a refusal answers nothing
        return Answer(question_text, refusal, refused=True, status=REFUSED, confidence=confidence)
    question = analysis.question
    analysis = replace(analysis, ranked=quotable(analysis.ranked))
    chosen, earlier = select(analysis, models, max_quotes), []
    found = answer_versions(analysis, models)
    if found:  # releases that update one another: the version of the period asked, or the latest, leads
        lead, earlier = found[0], found[1 : 1 + MAX_EARLIER]
        same = [c for c in chosen if c.passage.doc_id == lead.passage.doc_id and c.text != lead.text]
        chosen = [lead, *same][:max_quotes]
    # The lead quote carries its whole statement (with the list it introduces); others only the next
    # sentence. An uncertain answer spends its words on the close passages instead of the sentence
    # that follows its lead or the list it introduces (PIAF and CNIL dev: gold passage shown 71.5 ->
    # 72.0 % and 66.7 -> 68.6 %, median quoted words 40 and 42 -> 40; a whole list quoted in an
    # uncertain answer ran to 75 and 105 words on the own set's dev part, its intro now 40 and 39 words
    # with the next contender, both still holding the answer; the reader opens the passage) — unless
    # the question asks for several items: then the list is the answer (`LIST_WORDS`).
    uncertain = analysis.status == UNCERTAIN
    # a sure sentence holding the date, figure or sum asked is the whole answer: no next sentence, and
    # when it leads a question asking one thing, no second quote
    whole = [not uncertain and question.wants_form and bool(short_answer(question, c.text)) for c in chosen]
    if whole[0] and not question.multi:
        chosen, whole = chosen[:1], whole[:1]
    # the lead's statement: one quote, or the list it introduces as several (`list_quotes`)
    opening = extend(
        chosen[0],
        with_list=question.multi or not uncertain,
        continuation=not uncertain and not whole[0],
        following=following,
    )
    # a list the lead introduces and quotes is the answer: nothing beside it
    listed = introduces_list(chosen[0]) and (len(opening) > 1 or opening[0].end != chosen[0].end)
    others = [] if listed else list(zip(chosen[1:], whole[1:], strict=True))
    chosen = list(opening)
    for c, w in others:
        quote = extend(c, with_list=False, continuation=not uncertain and not w)[0]
        if not any(quote.text in q.text or q.text in quote.text for q in chosen):
            chosen.append(quote)  # a continuation may run into a sentence quoted already
    earlier = [extend(c, with_list=False)[0] for c in earlier]
    if uncertain:
        shown = closest(
            opening[0], analysis.ranked, models, max_quotes, [*earlier, *opening[1:]], question.terms
        )
        shown[1:1] = opening[1:]  # the rest of the list the lead introduces
        text, cites = compose(shown, None, earlier)
        text = f"{UNCERTAIN_LEAD if len(shown) == 1 else UNCERTAIN_LEAD_MANY}\n{text}\n{UNCERTAIN_TAIL}"
        return Answer(
            question_text,
            text,
            False,
            cites,
            passages=_read_on(analysis, opening),
            status=UNCERTAIN,
            confidence=analysis.confidence,
        )
    short = next((s for s in (short_answer(question, c.text) for c in chosen) if s), None)
    short = short or holder(question.text, chosen[0].text)  # "Qui est le maire d'Alès ?" -> the name
    text, cites = compose(chosen, short, earlier)
    return Answer(
        question_text,
        text,
        False,
        cites,
        short_answer=short,
        passages=_read_on(analysis, opening),
        status=ANSWER,
        confidence=analysis.confidence,
    )


def _read_on(analysis: Analysis, quotes: list[Candidate]) -> list[Passage]:
    """The passages the quotes come from that retrieval did not return (where a list went on): the
    answer carries them, for its citations to be checked and shown."""
    retrieved = {p.chunk_id for p in analysis.passages}
    found: dict[str, Passage] = {}
    for q in quotes:
        if q.passage.chunk_id not in retrieved:
            found.setdefault(q.passage.chunk_id, q.passage)
    return list(found.values())
