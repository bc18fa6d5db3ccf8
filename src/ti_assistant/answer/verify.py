"""Statement checking for staff: is a sentence (a draft, a speech, an article) backed by the releases?

`Checker.check(statement) -> Verdict`: the statement's checkable facts (`answer.facts`) are compared
with what the retrieved sentences *on the same subject* say — a sentence is on the subject when it (with
its release's title) holds most of the statement's words other than its figures. Per fact:
- confirmé: an on-subject sentence gives the same value (the release's own date counts for a date);
- dépassé: it does, but a newer release's on-subject sentence gives another value of the same thing;
- contredit: on-subject sentences give only other values of the same thing (a number of the same unit,
  a sum, a date, a name of the same kind);
- introuvable: nothing on the subject gives a value of that kind.
The statement is contredit if one fact is, else dépassé if one is, else confirmé when every fact is
(a statement without facts: when one sentence holds nearly all its words), else introuvable — topic
overlap alone never confirms.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ti_assistant.answer.engine import Assistant
from ti_assistant.answer.extractive import compose, holding, term_weights
from ti_assistant.answer.facts import DATE, HOUR, NAMED, NUMBER, PERSON, Fact, facts
from ti_assistant.answer.features import Candidate
from ti_assistant.answer.timeline import without_present_words
from ti_assistant.errors import checked_text
from ti_assistant.models import Citation
from ti_assistant.store.retrieval import Filters
from ti_assistant.text import lexicon
from ti_assistant.text.dates import french_date
from ti_assistant.text.french import fold, stems_of, terms

CONFIRMED, CONTRADICTED, OUTDATED, NOT_FOUND = "confirmé", "contredit", "dépassé", "introuvable"
VERDICTS = (CONFIRMED, CONTRADICTED, OUTDATED, NOT_FOUND)

# Share of the statement's subject words (idf-weighted) a sentence with its release's title must hold to
# be on the subject; a statement without figures is confirmed only by a sentence holding nearly all its
# words. Chosen on the claims set's dev part (`eval --set claims --part dev`).
ON_SUBJECT = 0.5
WHOLE_STATEMENT = 0.85
# A newer release states the same thing in its own words: a sentence giving another number of the same
# unit, or another person, is a later version (dépassé) when it holds this share of the statement's
# words (a sum or a date, which carry no unit, needs a sentence on the subject).
NEWER_SENTENCE = 0.3
# A date or a name opposes the statement only from a sentence holding most of its other words: dates
# and names fill every text, where a number is tied to what it counts by its unit.
OPPOSING_SUBJECT = 0.75
# The sentences the learned reader ranks first join the wider circle whatever words they share: a
# reworded statement ("soutenu" for "accompagné") may share few.
READER_TOP = 3
_HEDGES = stems_of(lexicon.FIGURE_HEDGES)


@dataclass
class FactCheck:
    fact: Fact
    verdict: str
    support: Candidate | None = None  # the sentence that decides
    other: Candidate | None = None  # dépassé: the newer sentence with another value
    found: str | None = None  # the value the releases give instead (contredit, dépassé)


@dataclass
class Verdict:
    claim: str
    verdict: str
    confidence: float
    answer: str
    citations: list[Citation] = field(default_factory=list)
    facts: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "claim": self.claim,
            "verdict": self.verdict,
            "confidence": round(self.confidence, 4),
            "answer": self.answer,
            "citations": [asdict(c) for c in self.citations],
            "facts": self.facts,
        }


class Checker:
    def __init__(self, assistant: Assistant):
        self.assistant = assistant

    def check(self, claim: object, filters: Filters | None = None, budget: float | None = None) -> Verdict:
        limit = self.assistant.settings.max_question_chars
        text = checked_text(claim, limit, "L'affirmation", "vérifiez-la phrase par phrase")
        analysis = self.assistant.evidence(text, filters, budget)
        found = facts(text)
        ranked = analysis.ranked if text else []
        subject = _subject(text, found)
        coverage = _coverage(subject, ranked)
        by_subject = sorted(ranked, key=lambda c: (coverage[id(c)], c.score), reverse=True)
        on_subject = [c for c in by_subject if coverage[id(c)] >= ON_SUBJECT]
        closest = {id(c) for c in ranked[:READER_TOP]}  # the learned reader's best: meaning, not words
        related = [c for c in by_subject if coverage[id(c)] >= NEWER_SENTENCE or id(c) in closest]
        # Numbers with their unit first: the sentence giving one anchors the subject for the other facts
        # of the statement (its date, the organisation named) when few other words are shared.
        names = tuple(f.value for f in found if f.kind in NAMED)
        people = tuple(f.value for f in found if f.kind == PERSON)
        evidence = Evidence(text, on_subject, related, coverage, names, people)
        counted = {id(f): _check_fact(f, evidence) for f in found if _precise(f, evidence)}
        anchors = [
            c.support
            for c in counted.values()
            if c.verdict == CONFIRMED and c.support and c.support not in on_subject
        ]
        widened = replace(evidence, on_subject=anchors + on_subject)
        checks = [counted.get(id(f)) or _check_fact(f, widened) for f in found]
        verdict, deciding = _overall(checks, on_subject, coverage)
        confidence = (
            coverage[id(deciding)] if deciding is not None else 1.0 - max(coverage.values(), default=0.0)
        )
        if verdict == CONFIRMED and checks:  # every fact found: on the subject, however few words it shares
            confidence = max(confidence, ON_SUBJECT)
        return _written(text, verdict, confidence, checks, deciding)


def _subject(text: str, found: list[Fact]) -> set[str]:
    """The statement's words other than its facts (a changed name or figure must not take the sentence
    that holds the right one off the subject) and its words for the present ("aujourd'hui": every
    version of a figure was true on its day)."""
    kept, at = [], 0
    for f in found:
        kept.append(text[at : f.start])
        at = max(at, f.end)
    kept.append(text[at:])
    return set(terms(without_present_words(" ".join(kept)))) - _HEDGES


def _coverage(subject: set[str], ranked: list[Candidate]) -> dict[int, float]:
    """Each candidate's idf-weighted share of the subject words its sentence and release title hold."""
    held = holding(subject, [set(terms(f"{c.passage.title} {c.text}")) for c in ranked])
    weights = term_weights(subject, held)
    total = sum(weights.values()) or 1.0
    return {id(c): sum(weights[t] for t in words) / total for c, words in zip(ranked, held, strict=True)}


@dataclass
class Evidence:
    """What a statement's facts are compared with."""

    statement: str
    on_subject: list[Candidate]  # sentences on the statement's subject, best first
    related: list[Candidate]  # a wider circle, holding fewer of its words
    coverage: dict[int, float]  # id(candidate) -> share of the statement's other words it holds
    names: tuple[str, ...] = ()  # the places, bodies and people the statement names (folded)
    people: tuple[str, ...] = ()  # the people among them
    # id(candidate) -> the facts its sentence states, read once per statement however many facts are
    # compared with it (shared by the copies `replace` makes)
    stated: dict[int, list[Fact]] = field(default_factory=dict)
    released: dict[int, str] = field(default_factory=dict)  # id(passage) -> `release`, shared likewise

    def said(self, cand: Candidate) -> list[Fact]:
        """The facts the sentence states."""
        if id(cand) not in self.stated:
            self.stated[id(cand)] = facts(cand.text)
        return self.stated[id(cand)]

    def values(self, cand: Candidate) -> list[Fact]:
        """The facts the sentence states; its release's date stands as one more date."""
        date = cand.passage.date
        return self.said(cand) + ([Fact(french_date(date), DATE, date)] if date else [])

    def release(self, cand: Candidate) -> str:
        """The folded title, publisher and text of the sentence's passage, where its names are looked
        for (read once per passage however many facts ask)."""
        key = id(cand.passage)
        if key not in self.released:
            passage = cand.passage
            self.released[key] = fold(f"{passage.title} {passage.publisher or ''} {passage.text}")
        return self.released[key]

    def names_all(self, cand: Candidate) -> bool:
        """The sentence's release names every place, body and person the statement names: a newer
        version of the same story does."""
        release = self.release(cand)
        return all(name in release for name in self.names)

    def names_people(self, cand: Candidate) -> bool:
        """The sentence names every person the statement names."""
        said = fold(cand.text)
        return all(name in said for name in self.people)

    def rivals(self, fact: Fact, cand: Candidate) -> list[Fact]:
        """Values the sentence writes for the same thing as `fact`, other than its own (its release's
        date alone is no rival)."""
        return [v for v in self.said(cand) if fact.comparable(v) and not fact.same(v)]


def _precise(fact: Fact, evidence: Evidence) -> bool:
    """A number with its unit, or a date to the day in a statement naming places, bodies or people:
    tied to what it says, wherever it is said (a date alone fills every kind of text)."""
    day = fact.kind == DATE and len(fact.value) == len("2021-01-08")
    return (fact.kind == NUMBER and bool(fact.unit)) or (day and bool(evidence.names))


def _loose(fact: Fact) -> bool:
    """A value found in every kind of text, tied to no unit: a date, a time of day, a bare number."""
    return fact.kind in (DATE, HOUR) or (fact.kind == NUMBER and not fact.unit)


def _circle(fact: Fact, evidence: Evidence) -> list[Candidate]:
    """Where a fact may be confirmed: the sentences on the subject; for a number with its unit, the wider
    circle; for a date to the day, the wider circle's sentences whose release names what the statement
    names ("déposés avant le 8 janvier 2021" for "transmis au plus tard le 8 janvier 2021", in the
    release on the DETR)."""
    if not _precise(fact, evidence):
        return evidence.on_subject
    if fact.kind == NUMBER:
        return evidence.related
    return evidence.on_subject + [
        c for c in evidence.related if c not in evidence.on_subject and evidence.names_all(c)
    ]


def _check_fact(fact: Fact, evidence: Evidence) -> FactCheck:
    """A number with its unit ("8 200 entreprises") is looked for in the wider circle: the unit says
    what it counts, where the rest of a reworded statement may share few words with the release
    ("soutenu" for "accompagné")."""
    if fact.kind in NAMED:
        return _check_name(fact, evidence)
    on_subject, coverage = evidence.on_subject, evidence.coverage
    # a precise fact may be confirmed by the wider circle, and its sentence then anchors the statement's
    # subject for its other facts
    circle = _circle(fact, evidence)
    same = [c for c in circle if any(fact.same(v) for v in evidence.values(c) if fact.comparable(v))]
    confirming = {id(c) for c in same}
    # Another value contradicts only from a sentence on the subject: the wider circle may confirm, not
    # oppose (a share or a year of another story is no answer to this one). Dates, times of day and bare
    # numbers ("(88)", a département) fill every text: they are opposed only by a sentence sharing most
    # of the statement's words and naming the people it names ("Marc Chappuis est préfet … depuis 2020"
    # is not contradicted by "A compter de l'année 2021, la feuille de route … adressée à chaque préfet").
    opposing = (
        [c for c in on_subject if coverage[id(c)] >= OPPOSING_SUBJECT and evidence.names_people(c)]
        if _loose(fact)
        else on_subject
    )
    other = [(c, v) for c in opposing if id(c) not in confirming for v in evidence.rivals(fact, c)[:1]]
    if same:
        lead = same[0]
        # a newer value, from a release of the same story: one naming what the statement names ("le
        # tunnel du Siaix": not a closure of the RN57 that shares "tunnel" and "fermer")
        later = [
            (c, v)
            for c in circle
            if (c.passage.date or "") > (lead.passage.date or "")
            and id(c) not in confirming
            and evidence.names_all(c)
            for v in evidence.rivals(fact, c)[:1]
        ]
        newer = [
            (c, v)
            for c, v in later
            if not any(fact.same(w) for w in evidence.values(c) if fact.comparable(w))
        ]
        if newer:
            cand, value = max(newer, key=lambda cv: cv[0].passage.date or "")
            return FactCheck(fact, OUTDATED, lead, cand, value.text)
        return FactCheck(fact, CONFIRMED, lead)
    if other:
        cand, value = other[0]
        return FactCheck(fact, CONTRADICTED, cand, found=value.text)
    return FactCheck(fact, NOT_FOUND)


def _check_name(fact: Fact, evidence: Evidence) -> FactCheck:
    """A name is confirmed by an on-subject release that names it — outdated when a person is, and a
    newer release's sentence on the subject names another person; contradicted when no on-subject
    release names it and the sentence most on the subject names someone or something the statement
    does not (the kinds of names, told apart by rules, are not required to agree)."""
    on_subject, related, coverage = evidence.on_subject, evidence.related, evidence.coverage
    for cand in on_subject:
        if fact.value in evidence.release(cand):
            later = [
                (c, v)
                for c in related
                if fact.kind == PERSON and (c.passage.date or "") > (cand.passage.date or "")
                for v in evidence.said(c)[:3]
                if v.kind == PERSON and v.value != fact.value
            ]
            if later:
                newest, person = max(later, key=lambda cv: cv[0].passage.date or "")
                return FactCheck(fact, OUTDATED, cand, newest, person.text)
            return FactCheck(fact, CONFIRMED, cand)
    if on_subject and coverage[id(on_subject[0])] >= OPPOSING_SUBJECT:
        said = fold(evidence.statement)
        rivals = [v for v in evidence.said(on_subject[0]) if v.kind in NAMED and v.value not in said]
        rivals.sort(key=lambda v: v.kind != fact.kind)  # one of the same kind first
        if rivals:
            return FactCheck(fact, CONTRADICTED, on_subject[0], found=rivals[0].text)
    return FactCheck(fact, NOT_FOUND)


def _overall(
    checks: list[FactCheck], on_subject: list[Candidate], coverage: dict[int, float]
) -> tuple[str, Candidate | None]:
    for verdict in (CONTRADICTED, OUTDATED):
        decided = [c for c in checks if c.verdict == verdict]
        if decided:
            return verdict, decided[0].support
    if checks and all(c.verdict == CONFIRMED for c in checks):
        return CONFIRMED, checks[0].support
    if not checks and on_subject and coverage[id(on_subject[0])] >= WHOLE_STATEMENT:
        return CONFIRMED, on_subject[0]
    return NOT_FOUND, None


def _written(
    claim: str, verdict: str, confidence: float, checks: list[FactCheck], deciding: Candidate | None
) -> Verdict:
    """The French answer (one or two sentences, then the quotes) and the facts' JSON."""
    quoted: list[Candidate] = []
    for cand in [deciding] + [c.support for c in checks] + [c.other for c in checks]:
        if cand is not None and all(cand.text != q.text for q in quoted):
            quoted.append(cand)
    quotes, citations = compose(quoted, None) if quoted else ("", [])
    number = {(c.chunk_id, c.quote): c.n for c in citations}

    def cited(cand: Candidate | None) -> int | None:
        return number.get((cand.passage.chunk_id, cand.text)) if cand is not None else None

    lead = _lead(verdict, checks, deciding)
    rows = [
        {
            "text": c.fact.text,
            "kind": c.fact.kind,
            "verdict": c.verdict,
            "citation": cited(c.other if c.verdict == OUTDATED else c.support),
            "found": c.found,
        }
        for c in checks
    ]
    answer = f"{lead}\n{quotes}".strip()
    return Verdict(claim, verdict, max(0.0, min(1.0, confidence)), answer, citations, rows)


def _when(cand: Candidate) -> str:
    return f"le communiqué du {french_date(cand.passage.date)}" if cand.passage.date else "le communiqué"


def _lead(verdict: str, checks: list[FactCheck], deciding: Candidate | None) -> str:
    if verdict == CONTRADICTED:
        parts = [
            f"{_when(c.support)} dit {c.found}, pas {c.fact.text}"
            for c in checks
            if c.verdict == CONTRADICTED and c.support
        ]
        return "Contredit : " + " ; ".join(parts) + "."
    if verdict == OUTDATED:
        parts = [
            f"{_when(c.support)} disait {c.fact.text}, mais {_when(c.other)} dit {c.found}"
            for c in checks
            if c.verdict == OUTDATED and c.support and c.other
        ]
        return "Dépassé : " + " ; ".join(parts) + "."
    if verdict == CONFIRMED and deciding is not None:
        return f"Confirmé : {_when(deciding)} dit la même chose."
    missing = [c.fact.text for c in checks if c.verdict == NOT_FOUND]
    if checks and len(missing) < len(checks):
        return (
            "Introuvable : les communiqués sur ce sujet ne disent rien de "
            + ", ".join(f"« {m} »" for m in missing)
            + "."
        )
    return "Introuvable : aucun communiqué ne permet de vérifier cette affirmation."
