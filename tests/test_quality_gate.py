"""Quality gate on parts nobody tuned on: the own set's frozen test part (checked by hash) and, when
../shared/data is present, held-out PIAF and CNIL test parts with leave-one-out questions. The gate
must also fail for deliberately broken answerers on each of them, or it would prove nothing."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import SHARED_DATA

from ti_assistant.answer import extractive
from ti_assistant.answer.confidence import ANSWER, REFUSED, UNCERTAIN, Models
from ti_assistant.evaluation.datasets import frozen_hash, materialize_squad, own_parts, squad_path
from ti_assistant.evaluation.gate import BY_SET, TARGETS, failures, misses
from ti_assistant.evaluation.runner import run, summarize
from ti_assistant.evaluation.training import split_by_article

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[1]
OWN = ROOT / "eval" / "own"
FROZEN = json.loads((ROOT / "eval" / "frozen.json").read_text(encoding="utf-8"))


def _own_test() -> list[Any]:
    return own_parts(OWN)["test"]


def _gate(assistant: Any, questions: list[Any], loo: bool = False, targets: Any = TARGETS) -> set[str]:
    """The floors (metric names) the answerer misses on these questions; empty when the gate passes."""
    summary = summarize(run(assistant, questions, baselines=False, leave_one_out=loo))
    return {key for (key, *_), _ in misses(summary["honesty"], targets)}


def test_the_own_test_part_is_frozen() -> None:
    assert frozen_hash(OWN / "test.jsonl") == FROZEN["own-test"]["sha256"], (
        "a frozen test question was edited"
    )
    parts = own_parts(OWN)
    assert len(parts["test"]) >= 40 and sum(q.is_trap for q in parts["test"]) >= 10
    assert {q.question for q in parts["dev"]}.isdisjoint(q.question for q in parts["test"])


def test_the_releases_test_part_is_frozen() -> None:
    frozen = FROZEN["releases-test"]
    path = SHARED_DATA / "releases" / "questions.jsonl"
    if not path.exists():
        pytest.skip(f"{path} absent: the releases set cannot be checked")
    assert frozen_hash(path, set(frozen["test"])) == frozen["sha256"], "a frozen releases question changed"


# The gate judges what ships: the default embedders and their models, over a fresh index. Their
# vectors go to the project's cache (indexes/embeddings.sqlite), so a second run embeds nothing again.
CACHE = str(ROOT / "indexes" / "embeddings.sqlite")


def _shipped(corpus: Path, index: Path, **overrides: str) -> Any:
    """The default settings over a corpus: its kind of text is read from it (PIAF and the CNIL's FAQ,
    undated and unsigned, are not releases)."""
    from ti_assistant.answer.engine import Assistant
    from ti_assistant.config import Settings
    from ti_assistant.ingest.pipeline import ingest

    settings = Settings.from_env(
        {}, corpus_dir=str(corpus), index_dir=str(index), embed_cache=CACHE, **overrides
    )
    ingest(settings)
    return Assistant(settings)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The shipped configuration over the bundled release."""
    return _shipped(ROOT / "corpus", tmp_path_factory.mktemp("shipped") / "index")


@pytest.mark.parametrize(
    "question", ["Quand le contrat a-t-il été signé ?", "À quelle date le contrat d'Alès a-t-il été signé ?"]
)
def test_a_long_sentence_holding_the_date_asked_leads_over_a_short_one_without(shipped, question) -> None:  # type: ignore[no-untyped-def]
    # mE5's sentence model rates "…que l'un des premiers contrats soit signé…" (no date) far above the
    # long signing sentence: the date question was refused for want of a dated sentence near the best.
    answer = shipped.ask(question)
    assert not answer.refused
    assert answer.citations[0].quote.startswith("Le 9 décembre 2019, Étienne Guyot")


def test_a_sure_answer_to_who_holds_an_office_says_the_name_first(shipped) -> None:  # type: ignore[no-untyped-def]
    answer = shipped.ask("Qui est le maire d'Alès ?")
    assert answer.status == "answer" and answer.short_answer == "Max Roustan"
    assert (
        answer.answer.startswith("Max Roustan.") and "Max Roustan, maire d'Alès" in answer.citations[0].quote
    )


@pytest.mark.parametrize(
    "question",
    [
        "Qui a fondé DUQUEINE Engineering ?",
        "Où se trouve le siège de DUQUEINE Engineering ?",
        "Quelle est la superficie du Pôle mécanique d'Alès ?",
    ],
)
def test_a_question_no_passage_answers_of_a_name_it_gives_is_refused(shipped, question) -> None:  # type: ignore[no-untyped-def]
    # The release names DUQUEINE Engineering, not its founder nor its seat: the lead naming the company
    # was given as sure (0.99, 0.96), then "uncertain" quoting passages that say nothing of it.
    answer = shipped.ask(question)
    assert answer.status == "refused" and answer.confidence < shipped.models.refuse_below
    assert not answer.citations
    # asked what the release does say of a name it gives, the answer stays sure
    assert shipped.ask("Qui porte le projet Think & Mate ?").status == "answer"


def test_a_question_asking_a_list_gets_every_item_of_the_release_list(shipped) -> None:  # type: ignore[no-untyped-def]
    # The list of the project's actions runs past its passage, and the model rated its intro 0.02
    # against 0.78 for a sentence that only counts "10 actions concrètes".
    answer = shipped.ask("Quelles actions sont prévues dans le contrat ?")
    assert not answer.refused
    quotes = [c.quote for c in answer.citations]
    assert quotes[0].startswith("Le projet du territoire d'industrie d'Alès intègre 10 actions dont :")
    for item in ("Think & Mate", "Extension du Pôle mécanique", "Le Campus Numérique Digit'Alès"):
        assert sum(item in q for q in quotes) == 1, item
    cited = {c.chunk_id for c in answer.citations}
    assert cited <= {p.chunk_id for p in answer.passages}  # the staff view shows where each quote is


def test_gate_passes_on_the_frozen_own_test_part(shipped) -> None:  # type: ignore[no-untyped-def]
    assert _gate(shipped, _own_test()) == set()


def test_every_citation_is_valid_and_refusals_cite_nothing(shipped) -> None:  # type: ignore[no-untyped-def]
    rows = run(shipped, _own_test(), baselines=False)
    assert [r["id"] for r in rows if not r["citations_valid"]] == []
    assert all(r["cited_chunks"] == [] for r in rows if r["refused"])


def _held_out(tmp: pytest.TempPathFactory, name: str) -> tuple[Any, list[Any]]:
    """The shipped assistant over the whole SQuAD set `name`, and the questions of its test part."""
    path = squad_path(SHARED_DATA, name)
    if not path.exists():
        pytest.skip(f"{name} absent ({path}): the held-out part cannot run")
    work = tmp.mktemp(name)
    test = split_by_article(materialize_squad(path, name, work / "corpus"))["test"]
    # Only the sentences of the passages the questions retrieve are embedded (at answer time, same
    # vectors, same answers): on a fresh machine, embedding every sentence of the PIAF set at ingestion
    # took 385 s against 196 s for its passages alone, and the questions then 125 s against 30 s.
    return _shipped(work / "corpus", work / "index", sentence_vectors="answer"), test


@pytest.fixture(scope="module")
def piaf_test_part(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    assistant, test = _held_out(tmp_path_factory, "piaf")
    return assistant, random.Random(1).sample(test, 150)  # 150 of 950, with their 150 out-of-corpus twins


@pytest.fixture(scope="module")
def cnil_test_part(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return _held_out(tmp_path_factory, "cnil")


HELD_OUT = {"piaf": "piaf_test_part", "cnil": "cnil_test_part"}
# Each broken answerer misses its floors by far (none sure, every out-of-corpus question answered…):
# on PIAF, the first 60 held-out questions and their twins show it, at a third of the cost (the seven
# runs over all of them took 4 of the 27 minutes of CI on a fresh machine, against a 30-minute cap).
# The CNIL's test part is 101 questions and two mutations run on it: whole. Its first 60 were its
# sample until 2026-12-04, when the shipped answerer missed the 85 % floor of sure answers right there
# (a handful of sure answers) while passing on the whole part — a floor on so few answers is noise.
BROKEN_SAMPLE = {"piaf": 60}


@pytest.mark.parametrize(
    "name",
    [
        "cnil",
        "piaf",
    ],
)
def test_gate_passes_on_held_out_parts_with_out_of_corpus_questions(request, name: str) -> None:  # type: ignore[no-untyped-def]
    assistant, questions = request.getfixturevalue(HELD_OUT[name])
    assert len(questions) >= 100
    rows = run(assistant, questions, baselines=False, leave_one_out=True)
    targets = BY_SET.get(name, TARGETS)
    assert failures(summarize(rows), targets) == []


def _whole_passages(
    cand: Any, with_list: bool = True, continuation: bool = True, following: Any = None
) -> list[Any]:
    return [replace(cand, start=0, end=len(cand.passage.text))]


def _worst_sentence(analysis: Any, models: Any, max_quotes: int) -> list[Any]:
    return [analysis.ranked[-1]]


def _never_refuse(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(
        extractive, "grounded", lambda question, passages, found: extractive.Grounding(passages, False, False)
    )
    mp.setattr(Models, "status", lambda self, c, features=None: ANSWER if c >= self.answer_at else UNCERTAIN)
    outcome = extractive.outcome
    mp.setattr(
        extractive,
        "outcome",
        lambda features, flags, models, wants_form=False: outcome(
            features, flags, replace(models, refusals=frozenset())
        ),
    )


def _never_sure(mp: pytest.MonkeyPatch) -> None:
    original = Models.status
    mp.setattr(
        Models,
        "status",
        lambda self, c, features=None: min(original(self, c, features), UNCERTAIN, key=_RANK.index),
    )


_RANK = (REFUSED, UNCERTAIN, ANSWER)  # from least to most committed

MUTATIONS: dict[str, Callable[[pytest.MonkeyPatch], None]] = {
    "quote whole passages": lambda mp: mp.setattr(extractive, "extend", _whole_passages),
    "never refuse": _never_refuse,
    "always answer": lambda mp: mp.setattr(Models, "status", lambda self, c, features=None: ANSWER),
    "quote the worst sentence": lambda mp: mp.setattr(extractive, "select", _worst_sentence),
    "never sure": _never_sure,
}


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_a_broken_answerer_fails_the_gate(shipped, monkeypatch: pytest.MonkeyPatch, mutation: str) -> None:  # type: ignore[no-untyped-def]
    MUTATIONS[mutation](monkeypatch)
    assert _gate(shipped, _own_test())


# On the held-out parts, the floors that apply to a set must catch each broken answerer. The CNIL's
# floors are honesty only (gate.BY_SET): its reference answers are whole paragraphs, so they do not judge
# which sentence or how much is quoted, and its out-of-corpus questions find a look-alike FAQ sheet, so
# they do not judge refusals (10.8% refused on dev by the shipped answerer). Those three mutations are
# caught on the own part and on PIAF.
HELD_OUT_MUTATIONS = [
    (name, mutation)
    for name in sorted(HELD_OUT)
    for mutation in sorted(MUTATIONS)
    if not (
        name == "cnil" and mutation in ("quote whole passages", "quote the worst sentence", "never refuse")
    )
]


@pytest.fixture(scope="module")
def shipped_misses(request) -> Callable[[str], set[str]]:  # type: ignore[no-untyped-def]
    """The floors the shipped answerer itself misses on a held-out sample the broken ones are tried on
    (none, most of the time): a sample of 60 questions puts a floor met by the whole part, such as 15 %
    of answerable questions refused, a question or two either side of it."""
    found: dict[str, set[str]] = {}

    def misses(name: str) -> set[str]:
        if name not in found:
            assistant, questions = request.getfixturevalue(HELD_OUT[name])
            sample = questions[: BROKEN_SAMPLE.get(name)]
            found[name] = _gate(assistant, sample, loo=True, targets=BY_SET.get(name, TARGETS))
        return found[name]

    return misses


@pytest.mark.parametrize(("name", "mutation"), HELD_OUT_MUTATIONS)
def test_a_broken_answerer_fails_the_gate_on_held_out_parts(
    request, monkeypatch, shipped_misses, name: str, mutation: str
) -> None:  # type: ignore[no-untyped-def]
    """The broken answerer misses a floor that the shipped one meets on the same questions: its failure
    is its own, not the sample's."""
    assistant, questions = request.getfixturevalue(HELD_OUT[name])
    before = shipped_misses(name)
    MUTATIONS[mutation](monkeypatch)
    sample = questions[: BROKEN_SAMPLE.get(name)]
    assert _gate(assistant, sample, loo=True, targets=BY_SET.get(name, TARGETS)) - before
