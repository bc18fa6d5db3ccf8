"""Pieces of `ti-assistant train` that can be checked without the data sets."""

from __future__ import annotations

import json
from dataclasses import replace
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from ti_assistant.answer.confidence import TreeModel
from ti_assistant.answer.features import QUESTION_FEATURES
from ti_assistant.evaluation.training import precision_bound, refusal_bar, semantic_coverage


def _asked(pairs: list[tuple[float, float]]) -> Any:
    ranked = [SimpleNamespace(similarity=s, coverage=c) for s, c in pairs]
    return SimpleNamespace(analysis=SimpleNamespace(ranked=ranked))


def test_english_coverage_puts_similarity_on_the_scale_of_french_coverage() -> None:
    # sentences whose coverage is (similarity - 0.1) / 0.4, spread over two questions
    line = [(s, (s - 0.1) / 0.4) for s in (0.1, 0.2, 0.3, 0.5)]
    floor, span = semantic_coverage([_asked(line[:2]), _asked(line[2:])])
    assert floor == pytest.approx(0.1) and span == pytest.approx(0.4)
    # with noise, similarities get the spread of coverage (std 0.2 -> 0.34 ** 0.5), the mean similarity
    # the mean coverage; a least-squares line would be flatter (span 0.4)
    noisy = [(0.1, 0.3), (0.1, -0.3), (0.5, 1.3), (0.5, 0.7)]
    floor, span = semantic_coverage([_asked(noisy)])
    assert span == pytest.approx(0.2 / 0.34**0.5) and (0.3 - floor) / span == pytest.approx(0.5)


def test_a_similarity_that_does_not_predict_coverage_is_refused() -> None:
    with pytest.raises(ValueError, match="ne croît pas"):
        semantic_coverage([_asked([(0.1, 0.9), (0.5, 0.1)])])


def test_a_median_at_the_edge_of_its_target_is_not_taken_as_holding_it() -> None:
    from ti_assistant.evaluation.training import median_bound

    assert median_bound([30] * 40) == 30  # no spread, no doubt
    edge = [38] * 50 + [42] * 50  # median 40: half the resamples land above it
    assert median_bound(edge) == 42
    assert median_bound([30] * 90 + [60] * 10) == 30  # far from the target, the bound stays low


def test_the_sure_bar_needs_the_lower_bound_of_precision_not_its_point_value() -> None:
    """19 right of 20 is 95% on dev, but its bootstrap 5th percentile is under 90%: not enough."""
    assert precision_bound([True] * 19 + [False]) < 0.90 <= 19 / 20
    assert precision_bound([True] * 190 + [False] * 5) >= 0.95
    assert precision_bound([]) == 1.0


def test_a_setting_is_clearly_worse_only_when_resamples_say_so() -> None:
    """Paired: two settings a question or two apart on 600 questions cannot be told apart; 30 apart can."""
    from ti_assistant.evaluation.training import clearly_worse

    best = [True] * 400 + [False] * 200
    assert not clearly_worse([False, False, *best[2:]], best)
    assert clearly_worse([False] * 30 + best[30:], best)
    assert not clearly_worse(best, best)


def test_a_sure_answer_bar_keeps_each_set_at_90_percent_right_on_dev() -> None:
    """A set whose sure answers are 88 % right at a bar does not meet its floor there, whatever the
    others' (the issue's target, `PRECISION_FLOOR`); 92 % does."""
    from ti_assistant.evaluation.training import meets_floors

    assert not meets_floors([True] * 88 + [False] * 12, [False] * 100)
    assert meets_floors([True] * 92 + [False] * 8, [False] * 100)


def test_the_refusal_bar_keeps_a_margin_under_the_answerable_refused_target() -> None:
    """With 100 answerable confidences 0.01 … 1.00, refusing under 0.16 refuses 15% on dev: the bar is
    set lower, where the bootstrap 95th percentile of the refused share stays within 15%."""
    values = [i / 100 for i in range(1, 101)]
    bar = refusal_bar(values)
    assert 0.05 < bar < 0.16
    assert refusal_bar([]) == 0.0


def _exported_and_sklearn(x: Any, y: Any, weights: Any = None) -> tuple[Any, Any, Any]:
    from sklearn.ensemble import GradientBoostingClassifier

    from ti_assistant.evaluation.training import SEEDS, TREES, fit_trees

    names = tuple(f"f{i}" for i in range(x.shape[1]))
    model = fit_trees(x, y, names, weights)
    reloaded = TreeModel.from_json(json.loads(json.dumps(model.to_json())))
    ours = np.array(reloaded.probabilities([dict(zip(names, row, strict=True)) for row in x]))
    # sklearn's fits with the seeds 0 … SEEDS − 1, their log-odds averaged
    log_odds = np.mean(
        [
            GradientBoostingClassifier(random_state=seed, **TREES).fit(x, y, weights).decision_function(x)
            for seed in range(SEEDS)
        ],
        axis=0,
    )
    assert model.splits.shape[0] == SEEDS * TREES["n_estimators"]
    return model, ours, 1.0 / (1.0 + np.exp(-log_odds))


def test_weighted_trees_answer_at_run_time_what_they_learnt() -> None:
    """The confidence trees weigh each training set alike: exported, they give what sklearn gives, and
    the weights move the answers (a set weighed up pulls the prior and the leaves its way)."""
    rng = np.random.default_rng(1)
    x = rng.normal(size=(1200, 2))
    y = (x[:, 0] + 0.8 * rng.normal(size=1200) > 0.4).astype(int)
    weights = np.where(np.arange(1200) < 200, 5.0, 1.0)
    _, ours, theirs = _exported_and_sklearn(x, y, weights)
    assert np.abs(ours - theirs).max() < 1e-5
    _, plain, _ = _exported_and_sklearn(x, y)
    assert np.abs(ours - plain).max() > 1e-3


def _ranking_groups(seed: int, questions: int = 80, size: int = 8) -> tuple[Any, Any, Any]:
    """Candidates of `questions` questions, one answer each: it stands out on feature 0 within its
    question, while feature 1 shifts whole questions (what only a comparison within a question ignores)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(questions * size, 3))
    groups = np.repeat(np.arange(questions), size)
    x[:, 1] += np.repeat(rng.normal(scale=3.0, size=questions), size)
    y = np.zeros(questions * size, dtype=int)
    y[np.arange(questions) * size + rng.integers(0, size, questions)] = 1
    x[:, 0] += 3.0 * y + 0.5 * x[:, 1]
    return x, y, groups


def test_the_sentence_ranker_answers_at_run_time_what_catboost_learnt() -> None:
    """Exported, the ranker's log-odds are one line of catboost's own scores (the seeds' mean), whatever
    the depth its trees reached; it puts the answer first in most unseen questions; its probabilities
    average the share of answers (the calibration line)."""
    from catboost import CatBoostRanker, Pool

    from ti_assistant.evaluation.training import RANKER, SEED, SEEDS, _oblivious, fit_ranker

    x, y, groups = _ranking_groups(0)
    names = ("f0", "f1", "f2")
    model = TreeModel.from_json(json.loads(json.dumps(fit_ranker(x, y, groups, names).to_json())))
    rows = [dict(zip(names, row, strict=True)) for row in x]
    p = np.array(model.probabilities(rows))
    log_odds = np.log(p / (1 - p))
    theirs = np.mean(
        [
            CatBoostRanker(**RANKER, random_seed=seed, verbose=0, allow_writing_files=False)
            .fit(Pool(x, y, group_id=groups))
            .predict(x)
            for seed in range(SEED, SEED + SEEDS)
        ],
        axis=0,
    )
    slope, intercept = np.polyfit(theirs, log_odds, 1)
    assert slope > 0 and np.abs(slope * theirs + intercept - log_odds).max() < 1e-4
    assert abs(p.mean() - y.mean()) < 0.03
    unseen, answers, unseen_groups = _ranking_groups(1)
    scores = np.array(model.probabilities([dict(zip(names, row, strict=True)) for row in unseen]))
    first = [
        answers[np.flatnonzero(unseen_groups == g)[np.argmax(scores[unseen_groups == g])]] for g in range(80)
    ]
    assert np.mean(first) > 0.8
    shallow = CatBoostRanker(**{**RANKER, "depth": 2}, random_seed=SEED, verbose=0, allow_writing_files=False)
    shallow.fit(Pool(x, y, group_id=groups))
    splits, thresholds, leaves, bias = _oblivious(shallow, 4, 1.0)
    padded = TreeModel(names, 4, bias, splits, thresholds, leaves, (1.0, 0.0, 0.0))
    padded_p = np.array(padded.probabilities(rows))
    assert np.abs(np.log(padded_p / (1 - padded_p)) - shallow.predict(x)).max() < 1e-6


def test_each_training_set_weighs_as_much_as_the_others_in_the_confidence_rows() -> None:
    from ti_assistant.evaluation.training import Collected

    def asked(kind: str, correct: bool) -> Any:
        features = dict.fromkeys(QUESTION_FEATURES, 0.5)
        return SimpleNamespace(
            question=SimpleNamespace(kind=kind), analysis=SimpleNamespace(features=features), correct=correct
        )

    rows = [asked("piaf", i % 2 == 0) for i in range(30)] + [asked("cnil", True) for _ in range(10)]
    rows.append(
        SimpleNamespace(
            question=SimpleNamespace(kind="cnil"), analysis=SimpleNamespace(features={}), correct=False
        )
    )
    x, y, weights = Collected(rows).confidence_rows()  # type: ignore[arg-type]
    assert x.shape == (40, len(QUESTION_FEATURES)) and y.sum() == 25  # the row without features is left out
    assert weights[:30].sum() == pytest.approx(weights[30:].sum()) == pytest.approx(20.0)


def test_the_classifier_trees_answer_at_run_time_what_they_learnt() -> None:
    # an interaction no single line follows (the answer is the sentence whose two signals agree)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 3))
    y = (x[:, 0] * x[:, 1] + 0.3 * rng.normal(size=2000) > 0).astype(int)
    _, ours, theirs = _exported_and_sklearn(x, y)
    assert np.abs(ours - theirs).max() < 1e-5
    assert ((ours > 0.5) == y).mean() > 0.85


def test_a_tree_that_stops_early_is_padded_to_the_same_answers() -> None:
    # one split separates the labels: the trees stop at depth 1, and their padded branches must keep it
    x = np.linspace(-1, 1, 200).reshape(-1, 1)
    y = (x[:, 0] > 0.1).astype(int)
    model, ours, theirs = _exported_and_sklearn(x, y)
    assert np.isinf(model.thresholds).any()
    assert np.abs(ours - theirs).max() < 1e-5
    assert ((ours > 0.5) == y).all()


def _scored(
    p: float, *, right: bool, left_out: bool = False, off_period: bool = False, typed: bool = True
) -> Any:
    """One dev question whose confidence is `p` under `_confidence_is_p` (a model that reads p1 as is)."""
    from ti_assistant.answer.extractive import Analysis
    from ti_assistant.answer.features import QUESTION_FEATURES
    from ti_assistant.answer.question import analyse
    from ti_assistant.evaluation.datasets import EvalQuestion
    from ti_assistant.evaluation.training import Asked

    features = {name: 0.0 for name in QUESTION_FEATURES} | {"p1": p, "typed_on_topic": float(typed)}
    question = EvalQuestion(f"q{p}", "Quand ?", ("2020",), frozenset({"a"}), kind="piaf", spans=("2020",))
    analysis = Analysis(analyse("Quand ?"), [], [], features, p, "")
    return Asked(question, left_out, analysis, right, 0, off_period)


def _confidence_is_p() -> Any:
    from dataclasses import replace

    from ti_assistant.answer.confidence import LinearModel, shipped_models
    from ti_assistant.answer.features import QUESTION_FEATURES

    class Identity(LinearModel):
        def probability(self, values: dict[str, float]) -> float:
            return values["p1"]

    n = len(QUESTION_FEATURES)
    return replace(
        shipped_models(), confidence=Identity(QUESTION_FEATURES, (0.0,) * n, 0.0, (0.0,) * n, (1.0,) * n)
    )


def test_the_sure_bar_counts_only_answers_the_engine_would_give_as_sure() -> None:
    """A wrong answer that a rule demotes, or that the engine refuses because no passage speaks of the
    period asked, is never sure: it must not hold the bar up (counted, eight such answers above the right
    ones leave no bar that meets the floors)."""
    from ti_assistant.evaluation.training import choose_sure_bar

    models = _confidence_is_p()
    right = [_scored(0.5 + i / 100, right=True) for i in range(40)]  # 0.50 … 0.89, all right
    outside = [_scored(0.1, right=False, left_out=True) for _ in range(40)]
    wrong_high = [_scored(0.95 - i / 100, right=False) for i in range(8)]  # 0.95 … 0.88: wrong, sure-looking
    bar_counted = choose_sure_bar(right + outside + wrong_high, models)
    assert bar_counted == 1.0  # with them counted, no bar reaches the floors
    demoted = [_scored(0.95 - i / 100, right=False, typed=False) for i in range(4)]
    off = [_scored(0.91 - i / 100, right=False, off_period=True) for i in range(4)]
    bar = choose_sure_bar(right + outside + demoted + off, models)
    assert bar == 0.5  # every answer the engine gives as sure is right: the lowest bar
    # the same rule keeps counting an out-of-corpus question refused by period as not sure
    leaking = [_scored(0.99, right=False, left_out=True, off_period=True) for _ in range(10)]
    assert choose_sure_bar(right + outside + leaking, models) == 0.5


def test_the_bagged_sure_bar_moves_less_than_one_draw_when_one_wrong_answer_comes_in() -> None:
    """The lowest bar meeting the floors jumps past a wrong answer that tips a set's precision under 90 %;
    the median over resamples of the dev questions moves less, and the same questions give the same bar."""
    from dataclasses import replace

    from ti_assistant.evaluation.training import bagged_sure_bar, choose_sure_bar

    models = _confidence_is_p()
    numbers = iter(range(1000))

    def asked(p: float, **kind: bool) -> Any:  # each question its own id: resamples draw them one by one
        a = _scored(p, **kind)
        return replace(a, question=replace(a.question, id=f"q{next(numbers)}"))

    right = [asked(0.5 + i / 100, right=True) for i in range(40)]
    outside = [asked(0.1, right=False, left_out=True) for _ in range(40)]
    before = right + outside + [asked(p, right=False) for p in (0.52, 0.6, 0.7, 0.8)]
    after = [*before, asked(0.75, right=False)]
    one_draw = choose_sure_bar(after, models) - choose_sure_bar(before, models)
    bagged = bagged_sure_bar(after, models) - bagged_sure_bar(before, models)
    assert one_draw > 0.25  # 0.53 -> 0.81: the floors hold again only above every wrong answer but one
    assert 0 < bagged < one_draw - 0.05
    assert bagged_sure_bar(after, models) == bagged_sure_bar(list(after), models)


def test_the_sentence_rows_do_not_depend_on_the_models_training_starts_from() -> None:
    """The same candidates ranked in two orders (by two sentence models) give the same training rows."""
    from test_extractive import RANKED

    from ti_assistant.answer.extractive import Analysis
    from ti_assistant.answer.question import analyse
    from ti_assistant.evaluation.datasets import EvalQuestion
    from ti_assistant.evaluation.training import Asked, sentence_training_rows

    question = EvalQuestion(
        "q", "Que finance le fonds ?", ("ateliers",), frozenset({"a"}), spans=("ateliers",)
    )

    def rows(ranked: list[Any]) -> tuple[Any, Any, Any]:
        analysis = Analysis(analyse(question.question), [], ranked, {}, 0.0, "")
        return sentence_training_rows([Asked(question, False, analysis, False, 0)])

    x, y, groups = rows(RANKED)
    x2, y2, _ = rows(list(reversed(RANKED)))
    assert np.array_equal(x, x2) and np.array_equal(y, y2) and y.sum() == 1
    assert groups.tolist() == [0] * len(y)


def test_out_of_corpus_assurance_is_bounded_out_of_sample_not_at_its_dev_value() -> None:
    """2 sure of 53 out-of-corpus questions is 3.8% on dev, under the 5% allowed, but its bootstrap
    95th percentile is not: the floor is missed. None of 53 meets it."""
    from ti_assistant.evaluation.training import meets_floors, share_bound

    two = [True] * 2 + [False] * 51
    assert sum(two) / len(two) < 0.05 < share_bound(two)
    assert not meets_floors([True] * 20, two)
    assert meets_floors([True] * 20, [False] * 53)
    assert share_bound([]) == 0.0


def test_the_exact_bound_of_a_share_does_not_vanish_when_nothing_was_seen() -> None:
    """None sure of 18 out-of-corpus questions: the bootstrap says 0 %, the exact bound 15 % (the
    rule of three, 3/n, says 16.7 %); of 71, 4.1 %: under the 5 % allowed; one of 71 is not."""
    from ti_assistant.evaluation.training import exact_share_bound, share_bound

    assert share_bound([False] * 18) == 0.0
    assert 0.15 < exact_share_bound([False] * 18) < 3 / 18
    assert exact_share_bound([False] * 71) < 0.05 < exact_share_bound([True] + [False] * 70)
    assert abs(exact_share_bound([False] * 71) - (1 - 0.05 ** (1 / 71))) < 1e-9  # closed form at zero
    assert exact_share_bound([]) == 0.0 and exact_share_bound([True] * 3) == 1.0


def test_small_corpora_cut_each_sets_articles_into_runs_of_the_sizes_in_turn() -> None:
    """Every question lands in one small corpus, made of articles of its own set only, the sizes taking
    turns; the same questions give the same corpora."""
    from ti_assistant.evaluation.datasets import EvalQuestion, article_of
    from ti_assistant.evaluation.training import small_corpora

    questions = [
        EvalQuestion(
            f"{kind}{a}-{n}", "Quand ?", ("2020",), frozenset({f"{kind}/{a:04d}-00{n}.txt"}), kind=kind
        )
        for kind, articles in (("piaf", 9), ("cnil", 4))
        for a in range(articles)
        for n in range(2)
    ]
    corpora = small_corpora(questions, sizes=(2, 5))
    assert sorted(len(articles) for articles, _ in corpora) == sorted([2, 5, 2, 2, 2])
    assert sorted(q.id for _, qs in corpora for q in qs) == sorted(q.id for q in questions)
    for articles, qs in corpora:
        assert len({a.split("/")[0] for a in articles}) == 1
        assert {article_of(min(q.doc_ids)) for q in qs} == articles
    assert small_corpora(questions, sizes=(2, 5)) == corpora


def test_a_kind_of_text_gets_bars_chosen_on_its_own_dev_sets() -> None:
    """The general refusal bar is the lowest of every set's: a set whose answerable questions are sure of
    themselves (high confidence) gets a higher bar of its own, refusing more of its out-of-corpus
    questions, still with ≤ 15 % of its answerable ones refused by the bootstrap's 95th percentile."""
    from ti_assistant.evaluation.training import kind_rules, refusal_bars

    models = _confidence_is_p()
    hedged = [_scored(0.05 + i / 100, right=i % 2 == 0) for i in range(60)]  # answerable, low confidence
    for a in hedged:
        a.question = replace(a.question, kind="piaf")
    sure = [_scored(0.4 + i / 200, right=True) for i in range(60)]  # answerable, confident
    outside = [_scored(0.3, right=False, left_out=True) for _ in range(60)]
    for a in sure + outside:
        a.question = replace(a.question, kind="cnil")
    general = refusal_bars([(a.probability(models), a) for a in hedged + sure + outside])
    own = kind_rules(sure + outside, models)
    assert general < 0.3 <= own.refuse_below <= own.answer_at
    refused = [a.probability(models) < own.refuse_below for a in sure]
    assert sum(refused) / len(refused) <= 0.15
    assert own.absent_below is not None  # no presence model read here: the confidence's bar decides


def test_each_dev_set_is_reported_at_the_bars_of_its_kind_of_text() -> None:
    """The data card's per-set figures read each set as the product does: a set taken for a FAQ at the
    FAQ's bars (here answers sure from 0.6, not the general 0.9), the other at the general ones."""
    from ti_assistant.answer.confidence import KindRules
    from ti_assistant.answer.corpus import FAQ, OTHERS
    from ti_assistant.evaluation.training import dev_by_set

    models = replace(_confidence_is_p(), answer_at=0.9, refuse_below=0.1, kinds=((FAQ, KindRules(0.6, 0.1)),))
    rows = []
    for kind in ("piaf", "cnil"):
        for i in range(10):
            a = _scored(0.55 + i / 20, right=True)  # 0.55 … 1.00
            a.question = replace(a.question, kind=kind)
            rows.append(a)
    figures = dev_by_set(rows, models, {"piaf": OTHERS, "cnil": FAQ})
    assert figures["cnil"]["sure_answerable"] == 0.9  # 0.60 and above
    assert figures["piaf"]["sure_answerable"] == 0.3  # 0.90 and above


def test_the_data_card_counts_sure_answers_right_among_the_answerable_questions() -> None:
    """The card's "réponses sûres justes" is what the sure bar's rule and `ti-assistant eval` count: the
    answerable questions' sure answers that are right; out-of-corpus questions answered with assurance
    are counted apart (`loo_confident`), not as wrong answers too."""
    from ti_assistant.evaluation.training import dev_by_set

    models = replace(_confidence_is_p(), answer_at=0.8, refuse_below=0.1)
    rows = [_scored(0.9, right=True) for _ in range(9)] + [_scored(0.95, right=False)]
    rows += [_scored(0.99, right=False, left_out=True)] + [_scored(0.3, right=False, left_out=True)] * 9
    figures = dev_by_set(rows, models, {"piaf": "autres"})["piaf"]
    assert figures["confident_correct"] == 0.9  # 9 of the 10 answerable sure answers
    assert figures["loo_confident"] == 0.1  # 1 of the 10 out-of-corpus questions
