"""Answers that know what time it is.

Releases update one another: a figure announced in 2021 is replaced in 2023. When several dated
releases each hold a sentence that answers the way the best one does (`_same_answer`: the same kind of
answer, on the same words of the question), they are versions of one answer: the most recent leads, the
earlier ones follow with their dates. A question that names a period ("en 2022", "en mars 2023", "depuis 2021", "avant 2024",
"au 1er juin 2022") takes the most recent version within it; one asking for the present ("actuellement",
"aujourd'hui", "le dernier"…) the most recent of all. The period only chooses among versions: a corpus
whose passages carry no date, or none in the period, is answered as before.

The adverbs that ask for the present choose among versions; they are not what the question is about:
they are left out of the search (`without_present_words`), so that an old release that happens to say
"aujourd'hui" is not preferred. A question about a closed period (a year, a month, a day) that no
retrieved release speaks of — none dated in it, none naming a date of it — is refused with the date
of the closest release (`period_refusal`): the releases on the subject are of another time.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from ti_assistant.answer.features import Candidate
from ti_assistant.answer.question import DATE, OTHER, Question, short_answer
from ti_assistant.models import Passage
from ti_assistant.text import lexicon
from ti_assistant.text.dates import (
    MONTH_YEAR,
    MONTHS,
    MONTHS_RE,
    dates_in_text,
    french_date,
    french_month,
    parse_iso,
)
from ti_assistant.text.french import fold, terms

MAX_EARLIER = 3  # earlier versions listed after the current one
# A period's releases answer only if their best sentence covers this share of what the best sentence of
# all covers ("en 2023" about a figure of 2023 reported in 2024 is not about the releases of 2023).
ON_TOPIC = 1 / 3
SAME_COVERAGE = 1 / 2  # a version covers at least this share of what the sentence it is compared with covers
_PRESENT = lexicon.compile_words(lexicon.PRESENT_WORDS)
_PRESENT_ADVERB = lexicon.compile_words(lexicon.PRESENT_ADVERBS)
_YEAR = r"((?:19|20)\d{2})"
_YEAR_TERM = re.compile(_YEAR)  # a question's year: it chooses the period, it is not the subject
_BOUND = re.compile(r"\b(depuis|a partir d[eu']|apres|avant|jusqu'(?:au|en|a)|au|en|le)\s*$")


@dataclass(frozen=True)
class TimeFrame:
    """The dates a question asks about: releases from `start` to `end` (ISO, inclusive); `present`
    when it asks for the current state."""

    start: str | None = None
    end: str | None = None
    present: bool = False

    @property
    def bounded(self) -> bool:
        return self.start is not None or self.end is not None

    @property
    def closed(self) -> bool:
        """A year, a month or a day ("en 2022"), not an open range ("depuis 2021", "avant 2024")."""
        return self.start is not None and self.end is not None

    def holds(self, when: str | None) -> bool:
        return when is not None and (self.start or "") <= when <= (self.end or "9999")

    def label(self) -> str:
        """The period in words: "2022", "mars 2023", "4 mai 2021"."""
        start, end = self.start or "", self.end or ""
        if start == end:
            return french_date(start)
        if start.endswith("-01-01") and end.endswith("-12-31") and start[:4] == end[:4]:
            return start[:4]
        if start[:7] == end[:7]:
            return french_month(start)
        return f"du {french_date(start)} au {french_date(end)}"


def time_frame(question: str, today: date) -> TimeFrame:
    """Read the period a French question names, if any (see the module docstring)."""
    text = fold(question)
    periods = _periods(text, today)
    if not periods:
        return TimeFrame(present=bool(_PRESENT.search(text)))
    (first, last, word), *_ = periods
    if word in ("depuis", "apres") or word.startswith("a partir"):
        return TimeFrame(start=first)
    if word == "avant":
        return TimeFrame(end=date.fromordinal(date.fromisoformat(first).toordinal() - 1).isoformat())
    if word.startswith("jusqu") or (word == "au" and first == last):
        return TimeFrame(end=last)  # "au 1er juin 2022": the state on that day
    return TimeFrame(start=first, end=last)


def present_terms(question: str) -> frozenset[str]:
    """The terms of the words asking for the present ("la dernière cérémonie", "le plus récent"): once
    the most recent release is chosen, its date answers them — they are not asked of its sentences."""
    return frozenset(t for m in _PRESENT.finditer(fold(question)) for t in terms(m[0]))


def without_present_words(question: str) -> str:
    """The question without the adverbs that ask for the present ("aujourd'hui", "actuellement"): what
    to search with. Unchanged when nothing else would be left, or when folding moved the offsets
    (digit groups)."""
    folded = fold(question)
    if len(folded) != len(question) or not _PRESENT_ADVERB.search(folded):
        return question
    if not terms(_PRESENT_ADVERB.sub(" ", folded)):
        return question
    out, last = [], 0
    for match in _PRESENT_ADVERB.finditer(folded):
        out.append(question[last : match.start()])
        last = match.end()
    out.append(question[last:])
    return re.sub(r"\s{2,}", " ", "".join(out)).strip()


def speaks_of(frame: TimeFrame, passage: Passage, today: date) -> bool:
    """The passage's release is dated in the period, or its title or text names a date, month or year
    that overlaps it."""
    if frame.holds(passage.date):
        return True
    start, end = frame.start or "", frame.end or "9999"
    return any(
        first <= end and last >= start
        for first, last, _ in _periods(fold(f"{passage.title} {passage.text}"), today)
    )


def period_refusal(frame: TimeFrame, passages: list[Passage], today: date) -> str | None:
    """For a question about a closed period none of `passages` speaks of: the refusal that says so,
    with the date of the closest release; None when one speaks of it (or no period is asked)."""
    if not frame.closed or not passages or any(speaks_of(frame, p, today) for p in passages):
        return None
    line = f"Je n'ai trouvé aucun communiqué qui réponde à cette question pour {frame.label()}"
    dated = next((p.date for p in passages if p.date), None)
    return line + (f" ; le plus proche date du {french_date(dated)}." if dated else ".")


def _periods(text: str, today: date) -> list[tuple[str, str, str]]:
    """(first day, last day, the word before) of each date, month or year the text names."""
    found: list[tuple[int, str, str, str]] = []
    taken: list[tuple[int, int]] = []
    for a, b, iso in dates_in_text(text):
        found.append((a, iso, iso, _word_before(text, a)))
        taken.append((a, b))
    for match in MONTH_YEAR.finditer(text):
        if not any(a <= match.start() < b for a, b in taken):
            year, month = int(match[2]), MONTHS[match[1]]
            last = monthrange(year, month)[1]
            found.append(
                (
                    match.start(),
                    f"{year}-{month:02d}-01",
                    f"{year}-{month:02d}-{last:02d}",
                    _word_before(text, match.start()),
                )
            )
            taken.append(match.span())
    for match in re.finditer(rf"\b{_YEAR}\b", text):
        if not any(a <= match.start() < b for a, b in taken):
            found.append(
                (match.start(), f"{match[1]}-01-01", f"{match[1]}-12-31", _word_before(text, match.start()))
            )
    for match in re.finditer(rf"\b(depuis|avant|jusqu'en|en)\s+{MONTHS_RE}\b(?!\s+\d)", text):
        month = MONTHS[match[2]]  # a month without a year: the last one before today
        year = today.year if month <= today.month else today.year - 1
        found.append(
            (
                match.start(2),
                f"{year}-{month:02d}-01",
                f"{year}-{month:02d}-{monthrange(year, month)[1]:02d}",
                match[1],
            )
        )
    return [(first, last, word) for _, first, last, word in sorted(found)]


def _word_before(text: str, at: int) -> str:
    match = _BOUND.search(text[max(0, at - 20) : at])
    return match[1] if match else ""


def versions(question: Question, ranked: list[Candidate], floor: float, frame: TimeFrame) -> list[Candidate]:
    """The versions of the answer: the best sentence of each dated release that answers the question
    the way the best sentence does (see `_same_answer`), most recent first. When the question names a
    period and releases from it answer on the same topic, only theirs; when it asks for the present,
    the versions of the most recent release that answers (`latest_release`), however the sentence
    model rates its sentence. Fewer than two, and no period asked: []."""
    if not ranked:
        return []
    lead, pool, on_topic = _lead(question, ranked), ranked, False
    within = [c for c in ranked if frame.holds(c.passage.date)] if frame.bounded else []
    if within:  # "en 2022": the answer comes from the releases of 2022 when they speak of the subject
        lead_within = _lead(question, within)
        on_topic = lead_within.coverage >= ON_TOPIC * lead.coverage and (
            _subject(question, lead_within) or not _subject(question, lead)
        )
        lead, pool = (lead_within, within) if on_topic else (lead, ranked)
    latest = latest_release(question, ranked) if frame.present else None
    if latest:  # "actuellement", "la dernière …": the most recent release that answers leads the versions
        lead, on_topic = _lead(question, [c for c in ranked if c.passage.doc_id == latest]), True
    reference = short_answer(question, lead.text)
    subject = _subject(question, lead)
    # the lead is a version whatever its rating: the period's (or the latest) release answers first
    best: dict[str, Candidate] = {lead.passage.doc_id: lead} if lead.passage.date else {}
    for cand in pool:
        if (
            cand.passage.date
            and cand.passage.doc_id not in best
            and _same_answer(question, lead, reference, subject, cand, floor)
        ):
            best[cand.passage.doc_id] = cand
    found = sorted(best.values(), key=lambda c: c.passage.date or "", reverse=True)
    return found if len(found) >= 2 or (found and on_topic) else []


def latest_release(question: Question, ranked: list[Candidate]) -> str | None:
    """The most recent dated release that answers the question, when at least two do (None otherwise):
    one whose best sentence (`_lead`) covers at least `ON_TOPIC` of what the best sentence of all
    covers, holds a word of the question other than a year and, when a type is asked (a date, a figure,
    a name), holds it. To a question asking for the present, the older ones hold earlier versions of
    the answer, not rival answers ("Quand a eu lieu la dernière cérémonie de citoyenneté ?" over the
    ceremonies of 2017 and 2023)."""
    if not ranked:
        return None
    best = _lead(question, ranked)
    by_release: dict[str, list[Candidate]] = {}
    for cand in ranked:
        if cand.passage.date:
            by_release.setdefault(cand.passage.doc_id, []).append(cand)
    answering = []
    for cands in by_release.values():
        lead = _lead(question, cands)
        if (
            lead.coverage >= ON_TOPIC * best.coverage
            and _subject(question, lead)
            and lead.holds_asked(question)
        ):
            answering.append(lead)
    if len(answering) < 2:
        return None
    return max(answering, key=lambda c: c.passage.date or "").passage.doc_id


def _subject(question: Question, cand: Candidate) -> bool:
    """Whether the sentence holds a word of the question other than a year: a release of the year asked
    that shares only the year with the question speaks of something else (on the real releases' dev
    part, a citizenship ceremony of 2017 answered a question on the 8 May commemoration of 2017)."""
    held = set(terms(cand.text))
    return any(t in held for t in question.terms if not _YEAR_TERM.fullmatch(t))


def _lead(question: Question, pool: list[Candidate]) -> Candidate:
    """The sentence the others are compared with: the best rated among those whose short answer names
    what a "combien de X" asks ("8 fab-labs"), else among those holding the type asked (a name for
    "qui", a date for "quand"), else the best rated."""
    asked = set(question.terms)
    naming = [
        c for c in pool if question.wants_number and asked & set(terms(short_answer(question, c.text) or ""))
    ]
    typed = [c for c in pool if c.typed and question.kind != OTHER]
    return (naming or typed or pool)[0]


def _same_answer(
    question: Question, lead: Candidate, reference: str | None, subject: bool, cand: Candidate, floor: float
) -> bool:
    """`cand` answers like `lead` (whose short answer is `reference`): it covers at least half as much
    of the question, with a word of it other than a year when the lead has one (`subject`), and holds the same kind
    of answer — a figure of the same thing ("22 fab-labs" / "8 fab-labs", not "15 000 euros"), a date,
    a name — or, when the question asks for no type, the sentence model rates it near the best."""
    if cand.coverage < SAME_COVERAGE * lead.coverage or (subject and not _subject(question, cand)):
        return False
    if question.kind == OTHER:
        return cand.score >= floor
    if question.wants_number or question.kind == DATE:
        found = short_answer(question, cand.text)
        if found is None:
            return False
        asked = set(question.terms)
        return reference is None or set(terms(found)) & asked == set(terms(reference)) & asked
    return cand.typed


def staleness(dates: list[str | None], today: date, max_age_days: int) -> str | None:
    """A warning when the newest release behind an answer is older than `max_age_days` (0: never)."""
    known = [d for d in (parse_iso(x or "") for x in dates) if d]
    if not known or max_age_days <= 0:
        return None
    newest = max(known)
    if (today - date.fromisoformat(newest)).days <= max_age_days:
        return None
    return f"Ce communiqué date du {french_date(newest)} : la situation a pu changer depuis."
