"""How an extractive answer is composed from ranked sentences (no index needed: the candidates are built by
hand, the shipped models give the bars)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from ti_assistant.answer.confidence import ANSWER, REFUSED, UNCERTAIN, LinearModel, shipped_models
from ti_assistant.answer.corpus import FAQ, RELEASES
from ti_assistant.answer.extractive import (
    PREDICATE_ABSENT,
    PREDICATE_UNSAID,
    UNCERTAIN_LEAD,
    UNCERTAIN_LEAD_MANY,
    VERSION_UNSAID,
    Analysis,
    candidates,
    closest,
    demoted,
    excerpt,
    extractive_answer,
    lead_of,
    names_counted,
    outcome,
    quotable,
    with_versions,
)
from ti_assistant.answer.features import (
    CROWD,
    PRESENCE_FEATURES,
    QUESTION_FEATURES,
    Candidate,
    sentence_rows,
)
from ti_assistant.answer.question import analyse, counted_thing, names_doer, short_answer
from ti_assistant.models import DenseSpread, Passage
from ti_assistant.store.embeddings import E5_ID
from ti_assistant.text.french import terms

TEXTS = {
    "a": "Le fonds finance les ateliers. Il est doté de deux millions d'euros.",
    "b": "La région soutient les entreprises du territoire depuis 2020.",
    "c": "Une réunion publique se tiendra à la mairie en mars.",
    "d": "Le fonds compte 12 ateliers en Lozère. Il est doté de deux millions d'euros.",
    "e": "La France compte 146 territoires d'industrie. Le pôle d'Alès compte 4000 emplois industriels.",
}


def _passage(name: str) -> Passage:
    text = TEXTS[name]
    cut = text.find(". ") + 1
    spans = ((0, cut), (cut + 1, len(text))) if cut > 0 else ((0, len(text)),)
    return Passage(f"{name}#0", name, text, 0.5, f"Communiqué {name}", None, None, name, sentences=spans)


def _candidate(name: str, sentence: int, score: float) -> Candidate:
    passage = _passage(name)
    start, end = passage.sentences[sentence]
    return Candidate(0, passage, start, end, 0.5, False, 0.3, score)


RANKED = [
    _candidate("a", 0, 0.50),
    _candidate("a", 1, 0.45),
    _candidate("b", 0, 0.40),
    _candidate("c", 0, 0.10),
]


def test_an_uncertain_answer_adds_the_next_close_sentences_within_its_words() -> None:
    models = replace(shipped_models(), contender_at=0.6)
    shown = closest(RANKED[0], RANKED, models, max_quotes=3)
    # the second sentence of passage a, then b's; c is far below 0.6 x 0.5
    assert [(c.passage.doc_id, c.start) for c in shown] == [("a", 0), ("a", 31), ("b", 0)]
    assert closest(RANKED[0], RANKED, models, max_quotes=1) == [RANKED[0]]
    assert closest(RANKED[0], RANKED, replace(models, contender_at=1.01), max_quotes=3) == [RANKED[0]]
    # a lead chosen below the best (it holds what was asked): the best sentences join it, unless "never"
    assert closest(RANKED[2], RANKED, models, max_quotes=3) == [RANKED[2], RANKED[0], RANKED[1]]
    assert closest(RANKED[2], RANKED, replace(models, contender_at=1.01), max_quotes=3) == [RANKED[2]]
    # a contender that would take the answer past the words a reader checks shows an excerpt of what is
    # left (60 - 5 words of the lead), around the question's terms; with less than 5 words left, nothing
    text = "Le texte " + "très " * 62 + "long et coûteux."  # 67 words
    far = Passage("d#0", "d", text, 0.5, "Communiqué d", None, None, "d", sentences=((0, len(text)),))
    weak = Candidate(0, far, 0, len(text), 0.5, False, 0.3, 0.09)  # under 0.2 x the lead's 0.5
    anyone = replace(models, contender_at=0.0)
    shown = closest(RANKED[0], [RANKED[0], weak], anyone, 3, question_terms=("couteux",))
    assert [c.text.split() for c in shown] == [
        RANKED[0].text.split(),
        ["très"] * 52 + ["long", "et", "coûteux."],
    ]
    # rated nearly as high as the lead, it is shown whole while the answer stays within twice the budget
    wordy = replace(weak, score=0.48)
    shown = closest(RANKED[0], [RANKED[0], wordy, RANKED[2]], models, 3, question_terms=("couteux",))
    assert [c.text for c in shown] == [RANKED[0].text, text, RANKED[2].text]  # 5 + 67 + 9 words
    text = "Le texte " + "très " * 112 + "long et coûteux."  # 117 words: past twice the budget with the lead
    huge = Passage("d#0", "d", text, 0.5, "Communiqué d", None, None, "d", sentences=((0, len(text)),))
    wordy = replace(wordy, passage=huge, end=len(text))
    shown = closest(RANKED[0], [RANKED[0], wordy], models, 3, question_terms=("couteux",))
    assert [len(c.text.split()) for c in shown] == [5, 55]
    # an excerpt holding no term of the question, or only terms the lead already shows, is a fragment
    # that adds nothing: left out (a whole sentence still joins as a contender)
    assert closest(RANKED[0], [RANKED[0], wordy], models, 3) == [RANKED[0]]
    lead_says = replace(RANKED[0], passage=replace(RANKED[0].passage, text="Coûteux. " + TEXTS["a"]))
    lead_says = replace(lead_says, start=0, end=len("Coûteux. Le fonds finance les ateliers."))
    assert closest(lead_says, [lead_says, wordy], models, 3, question_terms=("couteux",)) == [lead_says]
    long_lead = replace(weak, score=0.9)  # 67 words
    # a lead past the budget: a contender rated nearly as high joins it, within twice the budget
    assert closest(long_lead, [long_lead, RANKED[0]], anyone, max_quotes=3) == [long_lead, RANKED[0]]
    far_below = replace(RANKED[0], score=0.1)  # under 0.2 x 0.9: no room left for it
    assert closest(long_lead, [long_lead, far_below], anyone, max_quotes=3) == [long_lead]
    # a sentence the answer already shows (an earlier version) is not repeated
    assert closest(RANKED[0], RANKED, models, max_quotes=3, besides=[RANKED[2]]) == [RANKED[0], RANKED[1]]


def test_an_excerpt_is_verbatim_and_marked_where_it_cuts_a_sentence() -> None:
    text = "Le conseil a voté hier soir le budget annuel de la commune après un long débat public."
    passage = Passage("e#0", "e", text, 0.5, "Communiqué e", None, None, "e", sentences=((0, len(text)),))
    sentence = Candidate(0, passage, 0, len(text), 0.5, False, 0.3, 0.4)
    cut = excerpt(sentence, set(terms("budget commune")), 5)
    assert cut.text == "budget annuel de la commune" and cut.text in text  # the window holding both terms
    assert passage.is_excerpt(cut.text) and not passage.is_excerpt(text)
    assert passage.cut(cut.start, cut.end) == (True, True) and passage.cut(0, cut.end) == (False, True)
    question = analyse("Quel budget pour la commune ?")
    analysis = Analysis(question, [_passage("a"), passage], [RANKED[0], cut], {}, 0.4, UNCERTAIN)
    answer = extractive_answer(question.text, analysis, shipped_models(), max_quotes=2, refusal="")
    assert (
        "« … budget annuel de la commune … » [2]" in answer.answer and answer.citations[1].quote == cut.text
    )


def test_the_uncertain_text_names_one_or_several_passages() -> None:
    question = analyse("Combien le fonds apporte-t-il aux ateliers ?")
    passages = [_passage(name) for name in "abc"]
    analysis = Analysis(question, passages, [RANKED[0], *RANKED[2:]], {}, 0.4, UNCERTAIN)
    for bar, lead, cited in ((0.6, UNCERTAIN_LEAD_MANY, ["a", "b"]), (1.01, UNCERTAIN_LEAD, ["a"])):
        models = replace(shipped_models(), contender_at=bar)
        answer = extractive_answer(question.text, analysis, models, max_quotes=2, refusal="")
        assert answer.status == UNCERTAIN and answer.answer.splitlines()[0] == lead
        assert [c.doc_id for c in answer.citations] == cited
        assert all(c.quote in TEXTS[c.doc_id] for c in answer.citations)  # verbatim


def test_training_measures_the_contender_bar_on_answers_as_given(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from ti_assistant.evaluation.datasets import EvalQuestion
    from ti_assistant.evaluation.training import Asked, choose_contender

    question = analyse("Depuis quand la région soutient-elle les entreprises ?")
    features = {name: 0.5 for name in QUESTION_FEATURES}
    ranked = [RANKED[0], *RANKED[2:]]  # one sentence of a: the other contender is b's
    analysis = Analysis(question, [_passage(n) for n in "abc"], ranked, features, 0.0, UNCERTAIN)
    gold = EvalQuestion("q1", question.text, ("2020",), frozenset({"b"}), kind="piaf", spans=("2020",))
    asked = [Asked(gold, False, analysis, False, 0)]
    # every answer uncertain, whatever the confidence model says
    models = replace(shipped_models(), answer_at=1.0, refuse_below=0.0)
    assistant = SimpleNamespace(models=models, settings=SimpleNamespace(max_quotes=2))
    bar, measured = choose_contender(assistant, asked)  # type: ignore[arg-type]
    # passage a alone (an uncertain lead, without the sentence "Il ..." that continues it): b not shown
    assert measured[1.01] == (0.0, 5.0, 5.0)
    assert measured[0.6] == (1.0, 14.0, 14.0)  # b's sentence (0.40 >= 0.6 x 0.50) added: shown, 5 + 9 words
    assert measured[0.9] == (0.0, 5.0, 5.0) and bar == 0.0  # all within 60 words: the most generous bar
    monkeypatch.setattr("ti_assistant.evaluation.training.UNCERTAIN_WORDS", 10)
    assert choose_contender(assistant, asked)[0] == 0.9  # type: ignore[arg-type]  # b (0.40) needs 0.8


def test_a_sure_lead_carries_the_sentence_that_continues_it_an_uncertain_one_does_not() -> None:
    question = analyse("Que finance le fonds ?")
    lead = _candidate("a", 0, 0.9)  # "Le fonds finance les ateliers." then "Il est doté de ..."
    analysis = Analysis(question, [_passage("a")], [lead], {}, 0.95, ANSWER)
    sure = extractive_answer(question.text, analysis, shipped_models(), max_quotes=2, refusal="")
    assert [c.quote for c in sure.citations] == [TEXTS["a"]]
    unsure = extractive_answer(
        question.text, replace(analysis, status=UNCERTAIN), shipped_models(), max_quotes=2, refusal=""
    )
    assert [c.quote for c in unsure.citations] == ["Le fonds finance les ateliers."]


def test_a_sure_lead_holding_the_figure_asked_is_the_whole_answer() -> None:
    """The sentence after it refers back ("Il …") but the figure asked is already quoted."""
    question = analyse("Combien d'ateliers compte le fonds ?")
    lead = _candidate("d", 0, 0.9)
    analysis = Analysis(question, [_passage("d")], [lead], {}, 0.95, ANSWER)
    sure = extractive_answer(question.text, analysis, shipped_models(), max_quotes=2, refusal="")
    assert sure.short_answer == "12 ateliers"
    assert [c.quote for c in sure.citations] == ["Le fonds compte 12 ateliers en Lozère."]
    # nor does a second sentence the model rates nearly as high add to it; it does when the figure is
    # not in the lead, and when several things are asked
    second = _candidate("b", 0, 0.85)
    analysis = replace(analysis, passages=[_passage("d"), _passage("b")], ranked=[lead, second])
    sure = extractive_answer(question.text, analysis, shipped_models(), max_quotes=2, refusal="")
    assert [c.quote for c in sure.citations] == ["Le fonds compte 12 ateliers en Lozère."]
    for asked in ("Que compte le fonds ?", "Combien d'ateliers compte le fonds et depuis quand ?"):
        other = replace(analysis, question=analyse(asked))
        sure = extractive_answer(asked, other, shipped_models(), max_quotes=2, refusal="")
        assert len(sure.citations) == 2, asked


def test_a_sure_answer_whose_leading_version_lacks_what_was_asked_is_not_sure() -> None:
    """The status was judged on the sentence holding the figure asked ("14 nuits", an undated release of
    another road directorate); the release of the period asked leads instead and gives no length of time:
    the analysis itself is flagged and demoted (what training and the sure bar read), and the answer
    shown is not sure, its confidence saying so."""
    from ti_assistant.answer.timeline import time_frame

    question = analyse("Combien de temps durent les travaux de la DIR Est en septembre 2020 ?")

    def cand(date_: str | None, text: str, typed: bool, score: float) -> Candidate:
        passage = Passage(f"{date_}#0", f"{date_}", text, 0.5, "Communiqué", date_, "DIR", "r")
        passage = replace(passage, sentences=((0, len(text)),))
        return Candidate(0, passage, 0, len(text), 0.6, typed, 0.8, score, score)

    typed = cand(None, "La DIR Centre-Est fera des travaux pendant 14 nuits.", True, 0.9)
    dated = cand("2020-09-10", "Du 14 au 18 septembre 2020, la DIR Est fera des travaux de nuit.", False, 0.8)
    models = replace(shipped_models(), confidence=_always(3.0), answer_at=0.5, refuse_below=0.2)  # 0.95
    features = dict.fromkeys(models.confidence.features, 0.0) | {"typed_on_topic": 1.0}
    assert outcome(features, frozenset(), models)[1] == ANSWER
    analysis = Analysis(question, [typed.passage, dated.passage], [typed, dated], features, 0.95, ANSWER)
    frame = time_frame(question.text, date(2026, 12, 5))
    analysis = replace(analysis, frame=frame)
    judged = with_versions(analysis, models)
    assert VERSION_UNSAID in judged.flags and demoted(judged.features, judged.flags)
    assert judged.status == UNCERTAIN and judged.confidence <= models.below_answer
    answer = extractive_answer(question.text, judged, models, max_quotes=2, refusal="")
    assert answer.citations[0].doc_id == "2020-09-10"
    assert answer.status == UNCERTAIN and answer.confidence <= models.below_answer
    # the same lead holding a length of time stays sure
    dated = replace(dated, typed=True)
    judged = with_versions(replace(analysis, ranked=[typed, dated]), models)
    assert judged.status == ANSWER and VERSION_UNSAID not in judged.flags
    answer = extractive_answer(question.text, judged, models, max_quotes=2, refusal="")
    assert answer.citations[0].doc_id == "2020-09-10" and answer.status == ANSWER


def _always(log_odds: float) -> LinearModel:
    """A confidence model that says the same whatever the features: sigmoid(log_odds)."""
    n = len(QUESTION_FEATURES)
    return LinearModel(QUESTION_FEATURES, (0.0,) * n, log_odds, (0.0,) * n, (1.0,) * n)


def test_what_demotes_an_answer_lowers_the_confidence_it_reports() -> None:
    """Status and confidence agree: a sure-looking answer demoted by a rule (it lacks the figure asked
    for) reports less than the sure bar, and a refusal reports less than the refusal bar."""
    shipped = shipped_models()
    models = replace(shipped, confidence=_always(3.0), answer_at=0.5, refuse_below=0.2)  # always 0.95
    features = dict.fromkeys(models.confidence.features, 0.0)
    confidence, status = outcome(features, frozenset(), models)  # typed_on_topic 0: it lacks what was asked
    assert status == UNCERTAIN and confidence < models.answer_at
    features["typed_on_topic"] = 1.0
    assert outcome(features, frozenset(), models) == (pytest.approx(0.9526, abs=1e-3), ANSWER)
    question = analyse("Écris un poème sur l'industrie")
    analysis = Analysis(question, [], [], features, 0.95, ANSWER)
    refused = extractive_answer(question.text, analysis, models, max_quotes=2, refusal="Non.")
    assert refused.refused and refused.confidence < models.refuse_below


def test_a_question_the_presence_model_finds_absent_is_refused_whatever_its_confidence() -> None:
    """The presence model says whether any passage plausibly answers: under its bar the question is
    refused, and the confidence it reports falls under the refusal bar; over it, the confidence decides
    between sure and uncertain.
    Both survive the model file; every kind of text reads the same bar."""
    from ti_assistant.answer.confidence import KindRules, Models

    n = len(PRESENCE_FEATURES)
    weights = tuple(1.0 if name == "dense_gap" else 0.0 for name in PRESENCE_FEATURES)
    presence = LinearModel(PRESENCE_FEATURES, weights, 0.0, (0.02,) * n, (0.01,) * n)  # gap 0.02: 0.5
    models = replace(
        shipped_models(), confidence=_always(3.0), answer_at=0.5, refuse_below=0.2, presence=presence
    )
    models = replace(models, absent_below=0.3)
    features = dict.fromkeys(PRESENCE_FEATURES, 0.0)
    features["typed_on_topic"] = 1.0
    assert models.presence_probability(features) < 0.3 and not models.absent(features)  # no crowd: unread
    features[CROWD] = 1.0
    assert models.absent(features)  # gap 0 among enough passages: nothing stands out
    confidence, status = outcome(features, frozenset(), models)
    assert status == REFUSED and confidence < models.refuse_below
    features["dense_gap"] = 0.04  # the best stands out: present
    assert not models.absent(features)
    assert outcome(features, frozenset(), models) == (pytest.approx(0.9526, abs=1e-3), ANSWER)
    assert not replace(models, presence=None).absent(dict(features, dense_gap=0.0))  # no model: never
    # where it is read, it decides refusals in place of the confidence's bar; elsewhere, that bar does
    doubtful = replace(models, confidence=_always(-3.0))  # 0.047, under refuse_below
    assert outcome(features, frozenset(), doubtful)[1] == UNCERTAIN
    assert outcome(dict(features, **{CROWD: 0.0}), frozenset(), doubtful)[1] == REFUSED
    kinds = ((RELEASES, KindRules(0.6, 0.1)),)
    again = Models.from_json(replace(models, kinds=kinds).to_json())
    assert again.presence is not None and again.absent_below == pytest.approx(0.3)
    assert again.absent(dict(features, dense_gap=0.0))
    assert again.for_kind(RELEASES).absent(dict(features, dense_gap=0.0))  # a kind without a bar of its own
    # a kind with its own presence bar reads it, and the model file keeps it
    own = Models.from_json(replace(models, kinds=((FAQ, KindRules(0.6, 0.1, absent_below=0.6)),)).to_json())
    assert own.for_kind(FAQ).absent_below == pytest.approx(0.6) and own.absent_below == pytest.approx(0.3)
    features["dense_gap"] = 0.022  # 0.55: present at the general bar, absent at the kind's
    assert not own.absent(features) and own.for_kind(FAQ).absent(features)
    with pytest.raises(ValueError):
        KindRules(0.6, 0.1, absent_below=1.5)


def test_a_release_names_its_publisher_for_grounding_but_not_another_place() -> None:
    """A question naming a département is grounded by its préfecture's release even when the text never
    says the name; a release of another publisher is still not evidence about it."""
    from ti_assistant.answer.extractive import grounded, passage_terms
    from ti_assistant.answer.question import analyse

    text = "La cérémonie aura lieu le lundi 25 septembre devant le monument aux morts."
    spans = ((0, len(text)),)
    own = Passage("c#0", "c", text, 0.5, "Commémorations", None, "Préfecture du Cher", "c", sentences=spans)
    other = Passage(
        "n#0", "n", text, 0.5, "Commémorations", None, "Préfecture de la Nièvre", "n", sentences=spans
    )
    question = analyse("Quand a lieu la cérémonie dans le Cher ?")
    kept, ungrounded, _ = grounded(question, [own, other], passage_terms([own, other]))
    assert kept == [own] and not ungrounded
    elsewhere = analyse("Quand a lieu la cérémonie dans le Finistère ?")
    assert grounded(elsewhere, [own, other], passage_terms([own, other])) == ([], True, False)
    # an acronym may be spelt out in the release, an identifier holding a figure may not
    assert grounded(analyse("Quand a lieu la cérémonie du CNR ?"), [own], passage_terms([own]))[0] == [own]
    road = analyse("Quand la RN4 sera-t-elle fermée ?")
    rn274 = Passage(
        "r#0", "r", "La RN274 sera fermée lundi.", 0.5, "Travaux", None, None, "r", sentences=((0, 27),)
    )
    rn4 = Passage(
        "s#0", "s", "La RN4 sera fermée mardi.", 0.5, "Travaux", None, None, "s", sentences=((0, 25),)
    )
    assert grounded(road, [rn274, rn4], passage_terms([rn274, rn4])) == ([rn4], False, False)


def test_a_name_the_question_sets_apart_is_not_required_and_its_passages_yield() -> None:
    """ "… dans la Nièvre (et pas dans le Cher) ?": the Cher is not required of the passages, and the
    Cher's release yields to the Nièvre's; when only the Cher's is left, it stays (nothing else to read)."""
    from ti_assistant.answer.extractive import grounded, passage_terms, set_apart_only
    from ti_assistant.answer.question import analyse

    text = "La cérémonie aura lieu le lundi 25 septembre devant le monument aux morts."
    spans = ((0, len(text)),)
    cher = Passage("c#0", "c", text, 0.5, "Commémorations", None, "Préfecture du Cher", "c", sentences=spans)
    nievre = Passage(
        "n#0", "n", text, 0.5, "Commémorations", None, "Préfecture de la Nièvre", "n", sentences=spans
    )
    both = [cher, nievre]
    asked = analyse("Quand a lieu la cérémonie dans la Nièvre (et pas dans le Cher) ?")
    assert grounded(asked, both, passage_terms(both)) == ([nievre], False, False)
    apart = analyse("Quand a lieu la cérémonie, hors Cher ?")
    assert grounded(apart, both, passage_terms(both)) == ([nievre], False, False)
    assert grounded(apart, [cher], passage_terms([cher])) == ([cher], False, False)
    # read there, it is never given as sure
    assert set_apart_only(apart, [cher], passage_terms([cher]))
    assert not set_apart_only(apart, both, passage_terms(both))
    assert not set_apart_only(analyse("Quand a lieu la cérémonie ?"), [cher], passage_terms([cher]))


def test_a_name_of_several_words_set_apart_is_set_apart_whole() -> None:
    """ "hors Nîmes Métropole": a passage naming another "Métropole" does not yield, nor is "Nîmes"
    required of the passages."""
    from ti_assistant.answer.extractive import grounded, passage_terms
    from ti_assistant.answer.question import analyse

    def release(key: str, text: str) -> Passage:
        return Passage(f"{key}#0", key, text, 0.5, "Aides", None, None, key, sentences=((0, len(text)),))

    nimes = release("n", "Nîmes Métropole reçoit 2 millions d'euros pour ses ateliers.")
    other = release("m", "Montpellier Méditerranée Métropole reçoit 3 millions d'euros pour ses ateliers.")
    asked = analyse("Quel montant est attribué, hors Nîmes Métropole ?")
    assert grounded(asked, [nimes, other], passage_terms([nimes, other])) == ([other], False, False)


def test_a_compound_name_is_named_whole_and_a_name_inside_one_only_in_part() -> None:
    """ "Haute-Savoie" is not named by a release on the Alpes-de-Haute-Provence that also says "Savoie";
    "l'Eure" is named by the Eure-et-Loir's release only in part: it yields to one naming the Eure alone,
    and, alone, it is never given as sure."""
    from ti_assistant.answer.extractive import NAMED_IN_PART, demoted, grounded, passage_terms
    from ti_assistant.answer.question import analyse

    def release(key: str, text: str, publisher: str | None = None) -> Passage:
        return Passage(
            f"{key}#0", key, text, 0.5, "Priorités", None, publisher, key, sentences=((0, len(text)),)
        )

    provence = release("p", "Les priorités de l'État dans les Alpes-de-Haute-Provence, près de la Savoie.")
    savoie = release("s", "Les priorités de l'État en Haute Savoie : l'emploi.")  # a hyphen left out
    assert grounded(
        analyse("Quelles priorités en Haute-Savoie ?"), [provence, savoie], passage_terms([provence, savoie])
    ) == ([savoie], False, False)
    assert grounded(
        analyse("Quelles priorités en Haute-Savoie ?"), [provence], passage_terms([provence])
    ) == ([], True, False)
    loir = release("l", "La cérémonie aura lieu le 19 mars.", "Préfecture d'Eure-et-Loir")
    eure = release("e", "La cérémonie aura lieu le 20 mars.", "Préfecture de l'Eure")
    asked = analyse("Quand a lieu la cérémonie dans l'Eure ?")
    assert grounded(asked, [loir, eure], passage_terms([loir, eure])) == ([eure], False, False)
    assert grounded(asked, [loir], passage_terms([loir])) == ([loir], False, True)
    assert demoted({"typed_on_topic": 1.0, "uncounted": 0.0}, frozenset({NAMED_IN_PART}))
    # "Peut-on …" opening a question names nothing
    assert grounded(
        analyse("Le livret : c'est quoi ? Peut-on s'y opposer ?"), [loir], passage_terms([loir])
    ) == ([loir], False, False)


def test_a_quote_holding_guillemets_is_not_closed_twice() -> None:
    from ti_assistant.answer.extractive import _quoted

    assert _quoted("« Nous sommes fiers de ce projet », a déclaré la maire.") == (
        "“« Nous sommes fiers de ce projet », a déclaré la maire.”"
    )
    assert _quoted("Le projet emploie 40 personnes.") == "« Le projet emploie 40 personnes. »"


LIST_TEXT = (
    "Le jury retient les projets selon trois critères :\n• la proximité des services ;\n"
    "• la fréquentation attendue ;\n• le soutien des élus locaux.\nLa sélection aura lieu en juin."
)


def _list_analysis(question_text: str, status: str, text: str = LIST_TEXT) -> Analysis:
    from ti_assistant.text.french import sentence_spans

    passage = Passage(
        "l#0", "l", text, 0.5, "Appel à projets", None, None, "l", sentences=tuple(sentence_spans(text))
    )
    a, b = passage.sentences[0]
    return Analysis(
        analyse(question_text),
        [passage],
        [Candidate(0, passage, a, b, 0.5, False, 0.3, 0.6)],
        {},
        0.5,
        status,
    )


def test_a_question_asking_for_several_items_gets_the_list_even_when_uncertain() -> None:
    """The sentence announcing a list is not the answer to "quels sont les critères": its items are. An
    uncertain answer to another question keeps to the announcing sentence (the reader opens the rest)."""
    plural = _list_analysis("Quels sont les critères du jury ?", UNCERTAIN)
    quoted = extractive_answer(plural.question.text, plural, shipped_models(), max_quotes=2, refusal="")
    assert quoted.citations[0].quote.endswith("le soutien des élus locaux.")
    assert "juin" not in quoted.citations[0].quote  # the list is over
    single = _list_analysis("Comment le jury retient-il les projets ?", UNCERTAIN)
    quoted = extractive_answer(single.question.text, single, shipped_models(), max_quotes=2, refusal="")
    assert quoted.citations[0].quote == "Le jury retient les projets selon trois critères :"


def _lead_quote(text: str) -> str:
    """The quote a sure answer to a list question gives from `text`."""
    analysis = _list_analysis("Quels sont les critères du jury ?", ANSWER, text)
    answer = extractive_answer(analysis.question.text, analysis, shipped_models(), max_quotes=1, refusal="")
    return answer.citations[0].quote


def test_a_long_list_is_quoted_within_its_word_budget_first_item_always() -> None:
    from ti_assistant.answer.extractive import LIST_WORDS

    items = "\n".join(f"• le critère numéro {i} " + "et sa longue explication " * 4 + ";" for i in range(12))
    quote = _lead_quote(f"Le jury retient les projets selon douze critères :\n{items}")
    assert "critère numéro 0" in quote and "critère numéro 11" not in quote
    assert len(quote.split()) <= LIST_WORDS
    huge = _lead_quote(f"Le jury retient les projets selon un critère :\n• {'très ' * 200}long.")
    assert huge.endswith("long.")  # the first item, whatever its length


def test_a_kind_of_text_brings_its_own_rules_and_they_survive_the_model_file() -> None:
    """The rules chosen for one kind of text replace the general ones; another kind keeps those; the file
    written reads back the same. With the refusal rule `UNTYPED`, a question whose sentences near the
    best lack what it asks for is refused, and reports less than the refusal bar; without, only kept
    from sure. With `UNSAID`, one whose passages say nothing of what it asks of a name."""
    from ti_assistant.answer.confidence import REFUSED, UNSAID, UNTYPED, KindRules

    shipped = shipped_models()
    general = replace(shipped, confidence=_always(3.0), answer_at=0.8, refuse_below=0.1, refusals=frozenset())
    models = replace(general, kinds=(("communiques", KindRules(0.7, 0.1, frozenset({UNTYPED}))),))
    releases = models.for_kind("communiques")
    assert (releases.answer_at, releases.refusals, releases.refuse_below) == (0.7, {UNTYPED}, 0.1)
    assert models.for_kind("autres") is models
    assert type(models).from_json(models.to_json()) == models
    features = dict.fromkeys(models.confidence.features, 0.0)  # typed_on_topic 0: nothing of the type
    confidence, status = outcome(features, frozenset(), releases, wants_form=True)
    assert status == REFUSED and confidence < releases.refuse_below
    assert outcome(features, frozenset(), models, wants_form=True)[1] == UNCERTAIN
    # "qui" may be answered by a role ("le préfet de son département"), which is no proper name
    assert outcome(features, frozenset(), releases, wants_form=False)[1] == UNCERTAIN
    features["typed_on_topic"] = 1.0
    assert outcome(features, frozenset(), releases, wants_form=True)[1] == ANSWER
    # With `UNSAID`, one whose passages say nothing of what it asks of a name is refused too
    flags = frozenset({PREDICATE_UNSAID, PREDICATE_ABSENT})
    assert outcome(features, flags, releases)[1] == UNCERTAIN  # off: only kept from being sure
    asked = replace(models, kinds=(("communiques", KindRules(0.7, 0.1, frozenset({UNSAID}))),))
    assert type(asked).from_json(asked.to_json()) == asked
    confidence, status = outcome(features, flags, asked.for_kind("communiques"))
    assert status == REFUSED and confidence < releases.refuse_below
    flags = frozenset({PREDICATE_UNSAID})  # another passage says it: a passage plausibly answers
    assert outcome(features, flags, asked.for_kind("communiques"))[1] == UNCERTAIN
    # a model file naming a rule this version does not know is an error, not a rule dropped
    with pytest.raises(ValueError, match="unknown refusal rules"):
        KindRules.from_json(
            {"answer_at": 0.7, "refuse_below": 0.1, "refusals": ["untyped", "never_heard_of"]}
        )
    # and one whose refusal bar lies above its sure-answer bar
    with pytest.raises(ValueError, match="refuse_below"):
        KindRules.from_json({"answer_at": 0.3, "refuse_below": 0.4})


def test_what_a_question_asks_of_a_name_is_looked_for_in_the_lead_and_in_every_passage() -> None:
    """`leaves_unsaid`: to "qui", "où", "comment", "quel est le X de …", "quelles X …", the stems read
    must hold a predicate term or a word of its family; other questions ask nothing it checks."""
    from ti_assistant.answer.extractive import asked_of, leaves_unsaid
    from ti_assistant.text.french import terms

    who = asked_of(analyse("Qui dirige l'Institut Mines Télécom d'Alès ?"))
    assert leaves_unsaid(who, set(terms("Le projet est porté par l'Institut Mines Télécom d'Alès.")))
    assert not leaves_unsaid(who, set(terms("L'Institut est dirigé depuis 2020 par Mme Martin.")))
    seat = asked_of(analyse("Quel est le siège du Pôle mécanique ?"))  # a measure is asked by its type
    assert leaves_unsaid(seat, set(terms("Le Pôle mécanique accueille des entreprises.")))
    assert not leaves_unsaid(asked_of(analyse("Que contient le tableau rectificatif ?")), set())
    # to "comment", the verb saying what is done, in any of its forms
    manner = asked_of(analyse("Comment s'inscrire à l'école CODA by SIMPLON ?"))
    assert leaves_unsaid(manner, set(terms("Le campus accueille l'école CODA by SIMPLON.")))
    assert not leaves_unsaid(manner, set(terms("Les inscriptions à CODA by SIMPLON se font en ligne.")))
    # who may ask for something: words of eligibility say it without the question's verb
    grant = "La DOTEX est une subvention à destination des communes et des EPCI."
    assert not leaves_unsaid(asked_of(analyse("Qui peut demander la DOTEX ?")), set(terms(grant)))
    assert leaves_unsaid(asked_of(analyse("Qui a demandé la DOTEX ?")), set(terms(grant)))
    # the role of something is said by what it does, without the word
    assert asked_of(analyse("Quel est le rôle de la vigilance météo ?")) == []
    # a list of things: what the question says they did, not only the things
    listed = asked_of(analyse("Quelles communes ont bénéficié de la DOTEX ?"))
    assert leaves_unsaid(listed, set(terms(grant)))  # "à destination des communes" names none
    assert not leaves_unsaid(listed, set(terms("Ont bénéficié de la DOTEX : Ambert, Issoire et Thiers.")))
    # but not what only places them: the list naming them says they are there
    assert asked_of(analyse("Quels partenaires sont présents dans les espaces France Services ?")) == []
    # nor, to "où", what only hosts or places the thing: the place named says it (a question written
    # by hand on the real releases was refused for want of "accueille"); what happens there is asked
    assert asked_of(analyse("Quelle commune accueille la nouvelle France Services du Cantal ?")) == []
    assert asked_of(analyse("Où se déroule la cérémonie de Bourges ?")) == ["deroul", "ceremon"]
    # "quels sont les X …": X, or what is said of them; "obtenir" says nothing of its thing
    criteria = asked_of(analyse("Quels sont les critères pour obtenir le label France Services ?"))
    assert leaves_unsaid(criteria, set(terms("L'État établit des règles rigoureuses pour le label.")))
    assert not leaves_unsaid(criteria, set(terms("La demande est analysée sur cinq critères de priorité :")))
    # "prévus" says only that the works are to come: the release naming them answers
    planned = asked_of(analyse("Quels travaux sont prévus à Ligny-en-Barrois ?"))
    assert not leaves_unsaid(
        planned, set(terms("La DIR Est va procéder à la réfection d'un pont à Ligny-en-Barrois."))
    )


def test_a_kind_of_text_reads_the_probability_through_its_own_calibration() -> None:
    """A kind's calibration re-reads the general confidence through the log-odds of its two readings
    (trees and line) and brings its own refusal bar; the rules survive the model file."""
    import math

    from ti_assistant.answer.confidence import CALIBRATION_FEATURES, KindRules, LinearModel

    def sigmoid(z: float) -> float:
        return 1 / (1 + math.exp(-z))

    # the trees say 0.5 (log-odds 0), the line 0.12 (log-odds -2)
    shipped = replace(shipped_models(), confidence=_always(0.0), confidence_check=_always(-2.0))
    trees_doubled = LinearModel(CALIBRATION_FEATURES, (2.0, 0.0), 1.0, (0.0, 0.0), (1.0, 1.0))
    line_only = LinearModel(CALIBRATION_FEATURES, (0.0, 1.0), 0.0, (0.0, 0.0), (1.0, 1.0))
    features = dict.fromkeys(QUESTION_FEATURES, 0.3)
    assert set(shipped.readings(features)) == set(CALIBRATION_FEATURES)
    assert set(shipped.readings(features, ("logit_line",))) == {"logit_line"}  # the trees are not walked
    for line, expected in ((trees_doubled, sigmoid(1.0)), (line_only, sigmoid(-2.0))):
        general = replace(
            shipped,
            refuse_below=0.2,
            kinds=(("communiques", KindRules(0.6, 0.15, frozenset({"untyped"}), calibration=line)),),
        )
        releases = general.for_kind("communiques")
        assert (releases.answer_at, releases.refuse_below) == (0.6, 0.15)
        assert general.probability(features) == pytest.approx(0.5)  # other texts: the trees as they are
        assert releases.probability(features) == pytest.approx(expected)
        assert type(general).from_json(general.to_json()) == general
    # training's refusal bar of each reading, which a calibration re-reads as its kind's own
    bars = replace(shipped, refuse_below=0.2, refuse_below_check=0.5).refusal_readings()
    assert bars == pytest.approx({"logit": math.log(0.2 / 0.8), "logit_line": 0.0})
    assert set(replace(shipped, confidence_check=None).refusal_readings()) == {"logit"}


def test_each_sentence_is_read_against_the_others_and_its_neighbours() -> None:
    text = "Le fonds finance les ateliers. Il est doté de deux millions. Il ouvre en mars."
    spans = ((0, 30), (31, 60), (61, len(text)))
    passage = Passage("d#0", "d", text, 0.5, "Communiqué d", None, None, "d", sentences=spans)
    found = [
        Candidate(0, passage, a, b, coverage, False, similarity)
        for (a, b), coverage, similarity in zip(spans, (0.9, 0.1, 0.0), (0.2, 0.6, 0.4), strict=True)
    ]
    rows = sentence_rows(analyse("Quel est le montant du fonds ?"), found)
    assert [r["similarity_rank"] for r in rows] == [2.0, 0.0, 1.0]
    assert [r["similarity_gap"] for r in rows] == pytest.approx([0.4, 0.0, 0.2])
    assert [r["position"] for r in rows] == pytest.approx([0.0, 1 / 3, 2 / 3])
    # the second sentence answers; the first, beside it, holds the question's words
    assert [r["neighbour_coverage"] for r in rows] == pytest.approx([0.1, 0.9, 0.1])


def test_the_shipped_readers_survive_the_model_file() -> None:
    """mE5's sentence model is trees with a linear second reading; written and read back, both score the
    same, and the trees score an unseen row otherwise than the line (they are not a copy of it)."""
    shipped = shipped_models(E5_ID)
    assert shipped.sentence_check is not None
    again = type(shipped).from_json(shipped.to_json())
    rows = [
        {name: float(value) for name, value in zip(shipped.sentence.features, values, strict=True)}
        for values in (
            (0.5, 0.8, 1, 0, 1, 0.3, 0.8, 4.5, 1, 1, 1, 0, 0, 0, 0.2, 0.6),
            (0.1, 0.7, 0, 1, 0.2, 0.1, 0.7, 5, 0, 0.2, 0.5, 0.1, 7, 0.6, 0.0, 0.3),
        )
    ]
    assert again.sentence.probabilities(rows) == pytest.approx(shipped.sentence.probabilities(rows))
    assert again.sentence_check is not None
    assert again.sentence_check.probabilities(rows) == pytest.approx(
        shipped.sentence_check.probabilities(rows)
    )
    assert shipped.sentence.probabilities(rows) != pytest.approx(shipped.sentence_check.probabilities(rows))


def test_a_count_is_sure_only_when_the_quoted_sentence_names_what_is_counted() -> None:
    """ "Combien d'emplois ?" answered with another figure about the same project is not a sure answer;
    a duration ("combien de temps") need not repeat its noun."""
    from ti_assistant.answer.extractive import COUNT_UNSAID

    def flag(question: str, text: str) -> tuple[bool, bool]:
        return _flagged(COUNT_UNSAID, question, text)

    asked = "Combien d'emplois le projet de campus va-t-il créer ?"
    assert flag(asked, "Le projet de campus est doté de 2 millions d'euros par l'État.") == (True, True)
    assert flag(asked, "Le projet de campus va créer 120 emplois d'ici la fin de l'année.")[0] is False
    duration = "Combien de temps dureront les travaux du pont ?"
    assert flag(duration, "Les travaux du pont dureront trois semaines à partir de lundi.")[0] is False


def test_a_why_question_is_sure_only_when_the_quoted_sentence_gives_a_cause_or_a_purpose() -> None:
    """ "Pourquoi le tunnel est-il fermé ?" answered with the closure's dates says when, not why."""
    from ti_assistant.answer.extractive import REASON_UNSAID, gives_reason

    def flag(question: str, text: str) -> tuple[bool, bool]:
        return _flagged(REASON_UNSAID, question, text)

    asked = "Pourquoi le tunnel du Siaix est-il fermé ?"
    dates = "Du lundi 25 avril au jeudi 28 avril, de 22h00 à 05h00, le tunnel du Siaix sera fermé."
    assert flag(asked, dates) == (True, True)
    why = "Le tunnel du Siaix sera fermé afin d'assurer la maintenance de ses équipements."
    assert flag(asked, why)[0] is False
    assert flag("Quand le tunnel du Siaix est-il fermé ?", dates)[0] is False  # only "pourquoi" asks it
    # "pour" gives a purpose before a verb, a determiner or "que", not before a bare noun
    assert gives_reason("La vitesse sera limitée à 50 km/h pour la sécurité des agents.")
    assert gives_reason("Le tunnel sera fermé pour assurer sa maintenance.")
    assert not gives_reason("En cas de vigilance orange pour orage :")
    assert not gives_reason("Les travaux auront lieu pour une durée de 14 nuits.")  # a duration


def test_a_why_question_leads_with_a_sentence_giving_a_reason_and_quotes_the_cause_of_a_consequence() -> None:
    """ "Pourquoi …": a sentence giving a reason, rated nearly as high as the best, leads before the fact
    asked about; one opening on "C'est pourquoi" is quoted with the sentence before it, its cause."""
    from ti_assistant.answer.extractive import extend, gives_reason, reason_lead
    from ti_assistant.text.french import sentence_spans

    text = (
        "La sécheresse maintient un risque élevé d'incendie dans le département. "
        "C'est pourquoi le préfet a prolongé la période d'interdiction des feux. "
        "L'allumage des feux est interdit jusqu'au 30 septembre."
    )
    spans = tuple(sentence_spans(text))
    passage = Passage("p#0", "p", text, 0.5, "Feux", None, None, "p", sentences=spans)

    def cand(i: int, score: float) -> Candidate:
        return Candidate(0, passage, *spans[i], 0.5, False, 0.3, score)

    models = replace(shipped_models(), typed_lead_at=0.5)
    ranked = [cand(2, 0.8), cand(1, 0.5), cand(0, 0.2)]
    why = analyse("Pourquoi l'interdiction des feux est-elle prolongée ?")
    assert reason_lead(why, ranked, models) == ranked[1]
    assert reason_lead(why, ranked, replace(models, typed_lead_at=0.7)) is None  # rated too far below
    assert reason_lead(analyse("Jusqu'à quand les feux sont-ils interdits ?"), ranked, models) is None
    assert reason_lead(why, [ranked[1], ranked[0]], models) is None  # the best gives one already
    # another item of the list the best is an item of gives no cause of it
    listed = (
        "Les critères :\n• favoriser les lieux de passage ;\n• encourager les bus pour renforcer le réseau."
    )
    items = tuple(sentence_spans(listed))
    in_list = Passage("q#0", "q", listed, 0.5, "Critères", None, None, "q", sentences=items)
    first, second = (
        Candidate(0, in_list, *items[i], 0.5, False, 0.3, score) for i, score in ((1, 0.8), (2, 0.5))
    )
    assert gives_reason(second.text) and not gives_reason(first.text)
    assert reason_lead(analyse("Pourquoi favoriser les lieux de passage ?"), [first, second], models) is None
    grown = extend(ranked[1])[0]
    assert grown.text.startswith("La sécheresse") and grown.text.endswith("des feux.")
    assert extend(ranked[1], continuation=False) == [ranked[1]]
    assert extend(ranked[0]) == [ranked[0]]  # no consequence: nothing before it joins


def test_a_question_the_text_asks_is_quoted_with_its_answer() -> None:
    """An FAQ's heading ("Comment se protéger … ?") answers nothing: the sentence after it is quoted with
    it, and the list that sentence introduces when it introduces one."""
    from ti_assistant.answer.extractive import extend
    from ti_assistant.text.french import sentence_spans

    text = (
        "Comment se protéger en cas d'orage ?\n\nEn cas de vigilance orange :\n"
        "- je m'éloigne des arbres ;\n- je m'abrite dans un bâtiment."
    )
    spans = tuple(sentence_spans(text))
    passage = Passage("o#0", "o", text, 0.5, "Orage", None, None, "o", sentences=spans)
    heading = Candidate(0, passage, *spans[0], 0.5, False, 0.3, 0.9)
    quoted = extend(heading)
    assert quoted[0].text.startswith("Comment se protéger") and "vigilance orange" in quoted[0].text
    assert "je m'abrite dans un bâtiment" in " ".join(q.text for q in quoted)  # the list it introduces
    last = Candidate(0, passage, *spans[-1], 0.5, False, 0.3, 0.9)
    assert extend(last) == [last]  # nothing after it


def test_only_a_sentence_naming_the_holder_holds_what_a_who_holds_office_question_asks() -> None:
    """ "Qui est la préfète … ?": a sentence naming other people beside her title is not of the type
    asked (it cannot make the answer sure), the one naming her is."""
    from ti_assistant.answer.extractive import analyse_passages
    from ti_assistant.text.french import sentence_spans

    text = (
        "La préfète du Cher a visité l'usine de Vierzon avec Paul Martin, maire de Vierzon. "
        "Marie Durand, préfète du Cher, a salué l'engagement des salariés."
    )
    passage = Passage(
        "p#0", "p", text, 0.5, "Communiqué", None, None, "p", sentences=tuple(sentence_spans(text))
    )
    analysis = analyse_passages(
        analyse("Qui est la préfète du Cher ?"), [passage], shipped_models(), known=None
    )
    typed = {c.text.split(",")[0]: c.typed for c in analysis.ranked}
    assert typed == {
        "La préfète du Cher a visité l'usine de Vierzon avec Paul Martin": False,
        "Marie Durand": True,
    }
    # any person named is what a plain "qui" question asks for
    other = analyse_passages(
        analyse("Qui a visité l'usine de Vierzon ?"), [passage], shipped_models(), known=None
    )
    assert all(c.typed for c in other.ranked)


def test_a_count_is_led_by_the_figure_next_to_what_is_counted() -> None:
    """ "Combien d'emplois ?": the figure next to "emplois" leads, not a better-rated figure of something
    else; without anything counted, the best-rated figure leads."""
    territories, jobs = (replace(_candidate("e", i, score), typed=True) for i, score in ((0, 0.6), (1, 0.5)))
    models = shipped_models()
    assert (
        lead_of(analyse("Combien d'emplois industriels compte le pôle ?"), [territories, jobs], models)
        == jobs
    )
    assert lead_of(analyse("Quel chiffre donne le communiqué ?"), [territories, jobs], models) == territories
    # a figure naming the thing but rated far below the best does not lead
    far = replace(jobs, score=0.01, coverage=0.1)
    assert (
        lead_of(analyse("Combien d'emplois industriels compte le pôle ?"), [territories, far], models)
        == territories
    )


def test_a_date_that_says_what_the_question_asks_leads_from_the_same_release() -> None:
    """ "Quand la maison de services de Vierzon a-t-elle ouvert ?": the sentence that says "ouvert" with
    a date leads, though it names the place another way and the model rates it far below the best; the
    same sentence in another release, or one without the verb, does not."""
    text = (
        "Avec la labellisation de Vierzon, le Cher compte 14 maisons de services. "
        "Auditée en septembre, la structure a ouvert ses portes le 2 novembre 2021."
    )
    split = text.index("Auditée")
    passage = Passage(
        "v#0", "v", text, 0.5, "Vierzon", None, None, "v", sentences=((0, split - 1), (split, len(text)))
    )
    best = Candidate(0, passage, 0, split - 1, 0.7, False, 0.8, 0.6)
    dated = Candidate(0, passage, split, len(text), 0.3, True, 0.5, 0.07)
    asked = analyse("Quand la maison de services de Vierzon a-t-elle ouvert ?")
    models = shipped_models()
    assert lead_of(asked, [best, dated], models) == dated
    other = replace(dated, passage=replace(passage, chunk_id="w#0", doc_id="w"))
    assert lead_of(asked, [best, other], models) == best
    assert (
        lead_of(analyse("Quand la maison de services de Vierzon a-t-elle fermé ?"), [best, dated], models)
        == best
    )


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("Le pôle compte 4000 emplois industriels.", True),
        ("Les emplois industriels du pôle sont au nombre de 4000.", True),
        ("Le pôle compte 12 ateliers et de nombreux emplois industriels dans toute la vallée.", False),
        ("Une opération régionale bénéficiera aux 10 territoires à destination des emplois.", False),
        # the noun right after a figure is what it counts, whatever the clause said before it
        ("Les emplois sont comptés dans les 30 jours suivant la signature.", False),
        ("Les emplois industriels créés dépassent les 24 h de formation.", False),
        ("Les emplois créés sont au nombre de 4 000 environ.", True),
        ("Le pôle compte 4 000 nouveaux emplois.", True),
    ],
)
def test_a_count_names_what_it_counts_beside_its_figure(sentence: str, named: bool) -> None:
    """ "Combien d'emplois ?": a figure counts the jobs when "emplois" is written within five words of
    it, not anywhere in the sentence; "une" before a noun is an article, not a figure."""
    passage = Passage(
        "x#0", "x", sentence, 0.5, "Communiqué x", None, None, "x", sentences=((0, len(sentence)),)
    )
    cand = Candidate(0, passage, 0, len(sentence), 0.5, True, 0.3, 0.5)
    assert names_counted(counted_thing(analyse("Combien d'emplois compte le pôle ?")), cand.text) == named


def _sentence(text: str, score: float) -> Candidate:
    passage = Passage("x#0", "x", text, 0.5, "Communiqué x", None, None, "x", sentences=((0, len(text)),))
    return Candidate(0, passage, 0, len(text), 0.5, True, 0.3, score)


def _flagged(rule: str, question: str, text: str) -> tuple[bool, bool]:
    """Whether a rule flags the analysis of a one-sentence passage, and whether the answer is demoted."""
    from ti_assistant.answer.extractive import analyse_passages, demoted

    passage = Passage("p#0", "p", text, 0.5, "Communiqué", None, None, "p", sentences=((0, len(text)),))
    analysis = analyse_passages(analyse(question), [passage], shipped_models(), known=None)
    return rule in analysis.flags, demoted(analysis.features, analysis.flags)


def test_a_figure_said_of_another_place_does_not_lead() -> None:
    """Of the sentences holding a figure, one naming another place than the question's comes after one
    naming it; one naming nothing keeps its rank (its subject may be in the sentence before)."""
    models = shipped_models()
    france = _sentence("La France compte 146 territoires d'industrie.", 0.6)
    occitanie = _sentence("En Occitanie, ce sont 10 territoires qui sont concernés.", 0.5)
    asked = analyse("Combien de territoires d'industrie compte l'Occitanie ?")
    assert lead_of(asked, [france, occitanie], models) == occitanie
    # rated far under the best, it still leads: no figure rated near the best counts them in Occitanie
    low = _sentence("En Occitanie, ce sont 10 territoires qui sont concernés.", 0.02)
    ranked = [replace(france, coverage=0.8), replace(low, coverage=0.4)]
    assert lead_of(asked, ranked, replace(models, typed_lead_at=0.2)) == ranked[1]
    # not to a date: a date of another event of the subject, rated far under the best, does not lead
    announced = _sentence(
        "Le programme national avait été annoncé par le Premier ministre en novembre 2018.", 0.6
    )
    installed = _sentence(
        "En Occitanie, la démarche Territoires d'industrie a été installée le 5 février 2019.", 0.02
    )
    asked = analyse("Quand le programme Territoires d'industrie a-t-il été annoncé ?")
    ranked = [replace(announced, coverage=0.8), replace(installed, coverage=0.4)]
    assert lead_of(asked, ranked, replace(models, typed_lead_at=0.2)) == ranked[0]
    twice = _sentence("Deux fois par an, des entreprises inspectent les équipements.", 0.6)
    closed = _sentence("Le 25 avril, le tunnel du Siaix sera fermé de 22 h à 5 h.", 0.5)
    asked = analyse("Combien de fois par an le tunnel du Siaix est-il entretenu ?")
    assert lead_of(asked, [twice, closed], models) == twice
    # a word that only opens an item after a dash names nothing: the day of the event asked leads, not
    # the day of another (written after a question of the real releases' dev part)
    own = _sentence("Samedi 27 mai : Journée nationale de la Résistance - Pavoisement des mairies", 0.6)
    other = _sentence("Dimanche 30 avril : Journée nationale du souvenir de la déportation", 0.5)
    asked = analyse("Quand a lieu la Journée nationale de la Résistance dans le Cantal ?")
    assert lead_of(asked, [own, other], models) == own
    # to "qui", the answer is another name than the question's
    confided = _sentence("Le pilotage a été confié aux Conseils régionaux.", 0.6)
    gathered = _sentence("Les Territoires d'industrie réunissent les élus et les industriels.", 0.5)
    asked = analyse("À qui a été confié le pilotage des Territoires d'industrie ?")
    assert lead_of(asked, [confided, gathered], models) == confided


def test_a_question_asking_a_list_is_led_by_the_sentence_introducing_it() -> None:
    """ "Quelles actions …": the sentence that introduces the list of actions leads, though the model
    rates a sentence that only counts them far higher; not for a question asking no list, nor for an
    intro that names other things, nor for one in another release."""
    from ti_assistant.text.french import sentence_spans

    text = (
        "Le contrat porte sur 10 actions concrètes et 30 millions d'euros.\n\n"
        "Le projet intègre 10 actions dont :\n\n- un campus numérique ;\n- un pôle mécanique.\n\n"
        "Le jury retient trois critères :\n\n- l'emploi ;\n- l'innovation."
    )

    def ranked(doc: str = "k") -> list[Candidate]:
        passage = Passage(
            f"{doc}#0", doc, text, 0.5, "Contrat", None, None, doc, sentences=tuple(sentence_spans(text))
        )
        return [
            Candidate(0, passage, a, b, 0.5, False, 0.3, score)
            for (a, b), score in zip(passage.sentences, (0.8, 0.02, 0.1, 0.1, 0.05, 0.1, 0.1), strict=False)
        ]

    models = shipped_models()
    cands = ranked()
    assert lead_of(analyse("Quelles actions sont prévues dans le contrat ?"), cands, models).text == (
        "Le projet intègre 10 actions dont :"
    )
    assert lead_of(analyse("Que prévoit le contrat ?"), cands, models) == cands[0]
    assert lead_of(analyse("Quelles entreprises sont aidées ?"), cands, models) == cands[0]
    other = ranked("m")  # the same intro in another release than the best sentence's
    assert lead_of(analyse("Quelles actions sont prévues ?"), [cands[0], *other[1:]], models) == cands[0]


def test_a_list_introduced_by_the_circumstance_asked_leads() -> None:
    """ "Quels sont les bons réflexes en cas d'orage ?": the list opens on the circumstance ("En cas de
    vigilance orange pour orage :"), not on the things asked; an intro naming neither does not lead."""
    from ti_assistant.text.french import sentence_spans

    text = (
        "Adoptons les bons réflexes face aux orages.\n\nEn cas de vigilance orange pour orage :\n\n"
        "- je m'abrite dans un bâtiment ;\n- je m'informe.\n\nLes services de l'État sont mobilisés :\n\n"
        "- la préfecture ;\n- les pompiers."
    )
    passage = Passage(
        "v#0", "v", text, 0.5, "Vigilance", None, None, "v", sentences=tuple(sentence_spans(text))
    )
    cands = [
        Candidate(0, passage, a, b, 0.5, False, 0.3, score)
        for (a, b), score in zip(passage.sentences, (0.8, 0.05, 0.02, 0.02, 0.1, 0.02, 0.02), strict=False)
    ]
    models = shipped_models()
    assert lead_of(analyse("Quels sont les bons réflexes en cas d'orage ?"), cands, models).text == (
        "En cas de vigilance orange pour orage :"
    )
    assert lead_of(analyse("Quels sont les bons réflexes en cas de canicule ?"), cands, models) == cands[0]


def test_the_title_written_again_is_never_quoted() -> None:
    """A page's copy of its title answers nothing, however close to the question: the answer quotes
    the best other line (here rated below the title copy); alone, it is all there is to quote."""
    from ti_assistant.text.french import sentence_spans

    title = "Les priorités de l'État dans le département"
    text = f"{title}\n\nSept politiques publiques prioritaires ont été retenues pour le département."
    passage = Passage("v#0", "v", text, 0.5, title, None, None, "v", sentences=tuple(sentence_spans(text)))
    copy, line = (
        Candidate(0, passage, a, b, 0.5, False, 0.3, score)
        for (a, b), score in zip(passage.sentences, (0.6, 0.3), strict=True)
    )
    assert copy.text == title and quotable([copy, line]) == [line] and quotable([copy]) == [copy]
    models = shipped_models()
    question = analyse("Quelles sont les priorités de l'État dans le département ?")
    assert lead_of(question, quotable([copy, line]), models) == line
    analysis = Analysis(question, [passage], [copy, line], {}, 0.9, ANSWER)
    answer = extractive_answer(question.text, analysis, models, max_quotes=2, refusal="")
    assert [c.quote for c in answer.citations] == [line.text]


def test_a_long_list_names_every_item_and_reads_on_into_the_next_passage() -> None:
    """A list too long to quote whole: the intro with its first item's first sentence, then each next
    item's first sentence (without its marker), read on into the passage that follows in the release,
    within `LIST_WORDS`; each quote is verbatim in the passage it cites and nothing else is quoted."""
    from ti_assistant.answer.citations import citation_problems
    from ti_assistant.answer.extractive import LIST_WORDS
    from ti_assistant.text.french import sentence_spans

    def passage(n: int, text: str) -> Passage:
        return Passage(
            f"r#{n}", "r", text, 0.5, "Contrat", None, None, "r", sentences=tuple(sentence_spans(text))
        )

    long = "Il " + "détaille longuement son objet " * 8 + "."
    first = passage(0, f"Le projet intègre trois actions dont :\n\n- un campus numérique à Alès. {long}")
    rest = passage(
        1, f"- un pôle mécanique agrandi. {long}\n- une école du numérique. {long}\n\nFin du texte."
    )
    intro_end = first.text.index(":") + 1
    lead = Candidate(0, first, 0, intro_end, 0.5, False, 0.3, 0.9)
    other = Candidate(0, rest, rest.text.index("Fin"), len(rest.text), 0.5, False, 0.3, 0.8)
    analysis = Analysis(
        analyse("Quelles actions le projet prévoit-il ?"), [first], [lead, other], {}, 0.99, ANSWER
    )
    answer = extractive_answer(
        analysis.question.text,
        analysis,
        shipped_models(),
        max_quotes=2,
        refusal="",
        following=lambda p: [rest],
    )
    quotes = [c.quote for c in answer.citations]
    assert quotes == [
        "Le projet intègre trois actions dont :\n\n- un campus numérique à Alès.",
        "un pôle mécanique agrandi.",
        "une école du numérique.",
    ]
    assert sum(len(q.split()) for q in quotes) <= LIST_WORDS
    assert [p.chunk_id for p in answer.passages] == ["r#1"]  # carried, for the citations to be checked
    texts = {p.chunk_id: p.text for p in (first, rest)}
    assert citation_problems(answer, texts.get) == []
    # without the passages that follow, the list stops where its passage ends: there, it fits whole
    alone = extractive_answer(analysis.question.text, analysis, shipped_models(), max_quotes=2, refusal="")
    assert [c.quote for c in alone.citations] == [first.text]


def test_a_sentence_is_read_with_the_title_and_heading_of_its_passage() -> None:
    """A sentence need not repeat the subject its release's title or its section's heading names:
    "Il ouvrira en mars." answers a question about the Lozère's fund under "Fonds de la Lozère", not
    under another title; the plain coverage, which counts the sentence's words only, is the same."""
    text = "Il ouvrira en mars."
    spans = ((0, len(text)),)
    titled = Passage("t#0", "t", text, 0.5, "Fonds de la Lozère", None, None, "t", sentences=spans)
    other = Passage("o#0", "o", text, 0.5, "Réunion publique", None, None, "o", sentences=spans)
    headed = replace(other, chunk_id="h#0", doc_id="h", heading="Le fonds de la Lozère")
    ranked = candidates(
        analyse("Quand le fonds de la Lozère ouvrira-t-il ?"), [titled, other, headed], shipped_models()
    )
    by_doc = {c.passage.doc_id: c for c in ranked}
    assert by_doc["t"].coverage == by_doc["o"].coverage == by_doc["h"].coverage
    assert by_doc["t"].framed_coverage > by_doc["o"].framed_coverage
    assert by_doc["h"].framed_coverage == pytest.approx(by_doc["t"].framed_coverage)
    assert by_doc["o"].framed_coverage == pytest.approx(by_doc["o"].coverage)
    rows = sentence_rows(analyse("Quand le fonds de la Lozère ouvrira-t-il ?"), ranked)
    assert [r["framed_coverage"] for r in rows] == [c.framed_coverage for c in ranked]


def test_the_question_row_says_how_far_the_chosen_sentence_stands_out_in_meaning() -> None:
    """`similarity_z`: the best-ranked sentence's similarity to the question, in standard deviations
    above the mean of the sentences read — high when it stands alone, 0 when all are alike or one is
    read."""
    from ti_assistant.answer.features import question_row

    text = "Le fonds ouvrira en mars."
    spans = ((0, len(text)),)
    passage = Passage("f#0", "f", text, 0.5, "Fonds", None, None, "f", sentences=spans)
    question = analyse("Quand le fonds ouvrira-t-il ?")

    def row(similarities: list[float]) -> dict[str, float]:
        ranked = [
            Candidate(0, passage, 0, len(text), 0.5, False, s, score=1.0 - i / 10)
            for i, s in enumerate(similarities)
        ]
        return question_row(question, [passage], ranked, 0.5, True, None, 0.0, DenseSpread())

    alone, crowded = row([0.9, 0.5, 0.5, 0.5]), row([0.9, 0.88, 0.86, 0.84])
    assert alone["similarity_z"] == pytest.approx(3**0.5)  # 0.3 above a mean of 0.6, spread √0.03
    assert 0 < crowded["similarity_z"] < alone["similarity_z"]
    assert row([0.7, 0.7])["similarity_z"] == 0.0 and row([0.9])["similarity_z"] == 0.0
    assert row([0.5, 0.9])["similarity_z"] < 0  # the model may prefer a sentence further in meaning
    assert set(alone) == {*PRESENCE_FEATURES, CROWD}  # the confidence reads all but the dense spread


def test_the_presence_model_reads_the_share_of_passages_both_engines_found() -> None:
    """`both_found`: among the passages read, the share that dense search and BM25 both returned among
    their candidates (a passage found by one engine only has the other's score at 0)."""
    from ti_assistant.answer.features import question_row

    text = "Le fonds ouvrira en mars."
    spans = ((0, len(text)),)

    def passage(name: str, dense: float, lexical: float) -> Passage:
        return Passage(
            f"{name}#0", name, text, 0.5, "Fonds", None, None, name, spans, dense=dense, lexical=lexical
        )

    read = [passage("a", 0.8, 3.0), passage("b", 0.7, 0.0), passage("c", 0.0, 2.0), passage("d", 0.6, 1.0)]
    question = analyse("Quand le fonds ouvrira-t-il ?")
    ranked = [Candidate(i, p, 0, len(text), 0.5, True, p.dense, score=0.5) for i, p in enumerate(read)]
    row = question_row(question, read, ranked, 0.5, True, None, 0.0, DenseSpread())
    assert row["both_found"] == pytest.approx(0.5)
    assert (
        question_row(question, read[1:3], ranked[1:3], 0.5, True, None, 0.0, DenseSpread())["both_found"] == 0
    )
    assert "both_found" in PRESENCE_FEATURES and "both_found" not in QUESTION_FEATURES


def test_a_sentence_read_twice_is_one_contender_for_how_sure_the_reader_is() -> None:
    """`p_share`, `p_gap`: the same sentence in two passages (chunks overlapping on it, a copied FAQ
    sheet) does not make the best reading look contested; a different sentence rated as high does."""
    from ti_assistant.answer.features import question_row

    said, other = "Le fonds ouvrira en mars 2024.", "Le fonds fermera en juin 2025."
    question = analyse("Quand le fonds ouvrira-t-il ?")

    def row(second: str) -> dict[str, float]:
        passages = [
            Passage(f"f{i}#0", f"f{i}", text, 0.5, "Fonds", None, None, f"f{i}", sentences=((0, len(text)),))
            for i, text in enumerate((said, second))
        ]
        ranked = [
            Candidate(i, p, 0, len(p.text), 0.5, True, 0.8, score=0.9, check=0.9)
            for i, p in enumerate(passages)
        ]
        return question_row(question, passages, ranked, 0.5, True, None, 0.0, DenseSpread())

    repeated, contested = row(said.replace(" en ", "  en ").upper()), row(other)
    assert repeated["p_share"] == 1.0 and repeated["p_gap"] == pytest.approx(0.9)
    assert contested["p_share"] == pytest.approx(0.5) and contested["p_gap"] == pytest.approx(0.0)


def test_a_sentence_echoing_an_open_question_does_not_lead_nor_add_a_quote() -> None:
    """A heading repeating the question's subject says nothing of it: the sentence under it, rated
    nearly as high, leads, and the echo is not quoted beside it. To a yes-or-no question, a sentence
    restating it answers: it keeps its place; so does an echo rated far above anything else."""
    models = replace(shipped_models(), second_quote_at=0.6)
    heading = replace(_sentence("Tableau rectificatif du 10 janvier", 0.72), typed=False)
    content = replace(
        _sentence(
            "Le tableau rectificatif du 10 janvier comporte deux parties : les inscrits et les radiés.", 0.64
        ),
        typed=False,
    )
    asked = analyse("Que contient le tableau rectificatif du 10 janvier ?")
    assert lead_of(asked, [heading, content], models) == content
    analysis = Analysis(asked, [heading.passage, content.passage], [heading, content], {}, 0.9, ANSWER)
    quoted = [
        c.quote for c in extractive_answer(asked.text, analysis, models, max_quotes=2, refusal="").citations
    ]
    assert quoted and all(q != "Tableau rectificatif du 10 janvier" for q in quoted)
    assert lead_of(asked, [heading, replace(content, score=0.3)], models) == heading  # not nearly as high
    said = replace(_sentence("Le droit à l'image s'applique sur internet.", 0.72), typed=False)
    other = replace(_sentence("Chacun peut s'opposer à la diffusion de son image.", 0.64), typed=False)
    assert (
        lead_of(analyse("Le droit à l'image s'applique-t-il sur internet ?"), [said, other], models) == said
    )


def test_a_day_gone_by_does_not_answer_what_is_still_to_come() -> None:
    """ "Quand aura lieu le prochain comité ?" was sure with "Le 25 mars s'est tenu … le premier comité"
    from a release of December (a citizen's question on the shipped release, 2026-12-06)."""
    from ti_assistant.answer.extractive import PAST_FOR_FUTURE, demoted, gone_by

    def lead(text: str, published: str | None) -> Candidate:
        passage = Passage("r#0", "r", text, 0.5, "Comité", published, None, "r", sentences=((0, len(text)),))
        return Candidate(0, passage, 0, len(text), 0.5, True, 0.3, 0.6)

    coming = analyse("Quand aura lieu le prochain comité de suivi ?")
    past = "Le 25 mars s'est tenu le premier comité de suivi."
    assert coming.asks_future and gone_by(coming, lead(past, "2019-12-09"))
    assert not gone_by(coming, lead("Le prochain comité se tiendra le 12 février 2020.", "2019-12-09"))
    assert not gone_by(coming, lead(past, None))  # an undated release: nothing to compare with
    # announced for a day still to come when its release came out, but gone by when it is asked
    announced = lead("La prochaine cérémonie se tiendra le 5 juillet 2017.", "2017-07-01")
    assert not gone_by(coming, announced, date(2017, 7, 2))
    assert gone_by(coming, announced, date(2026, 12, 7))
    # the mere future tense speaks from the release's day
    closing = analyse("Quand le pont sera-t-il fermé ?")
    assert closing.asks_future and not closing.asks_next
    assert not gone_by(
        closing, lead("Le pont sera fermé le 5 juillet 2017.", "2017-07-01"), date(2026, 12, 7)
    )
    assert not analyse("Quand a eu lieu le premier comité ?").asks_future
    assert demoted({"typed_on_topic": 1.0, "uncounted": 0.0}, frozenset({PAST_FOR_FUTURE}))


def test_a_sentence_naming_another_road_than_the_question_is_not_sure() -> None:
    """ "Quelle déviation pendant les travaux de la RN19 ?" was sure with the works "sur la RN4 au niveau de
    la déviation de Saint-Dizier" (a citizen's question on the real releases, 2026-12-07)."""
    from ti_assistant.answer.extractive import OTHER_CODE, demoted
    from ti_assistant.answer.question import names_another_code

    asked = analyse("Quelle déviation pendant les travaux de la rn12 ?")  # typed in lower case
    assert names_another_code(asked, "Les travaux sur la RN7 passent par la déviation de Brive.")
    assert not names_another_code(asked, "Les travaux entraîneront une fermeture de la RN12 et de la RD3.")
    assert not names_another_code(asked, "La déviation passe par le centre de Brive.")  # names no code
    assert not names_another_code(analyse("Quelle déviation à Brive ?"), "La RN7 est fermée.")
    assert demoted({"typed_on_topic": 1.0, "uncounted": 0.0}, frozenset({OTHER_CODE}))


def test_a_sentence_naming_another_years_edition_is_not_sure() -> None:
    """ "Quelle est la date limite de dépôt des dossiers DETR 2022 … ?" was sure with "Les dossiers 2021
    doivent être transmis au plus tard le 8 janvier 2021" (a follow-up written by hand on the real
    releases' dev part, 2026-12-07). A year after a preposition, a month or a figure's hedge dates or
    counts: it names no edition."""
    from ti_assistant.answer.extractive import OTHER_EDITION, demoted
    from ti_assistant.answer.question import names_another_edition

    asked = analyse("Quelle est la date limite des dossiers DETR 2022 dans le Cantal ?")
    assert names_another_edition(asked, "Les dossiers 2021 doivent être transmis avant le 8 janvier 2021.")
    assert not names_another_edition(asked, "Les dossiers DETR 2022 sont à déposer avant le 7 janvier 2022.")
    assert not names_another_edition(asked, "Les dossiers sont à déposer avant le 7 janvier 2022.")
    assert not names_another_edition(
        analyse("Combien de projets en 2022 ?"), "Le programme 2021 compte 12 projets."
    )
    assert not names_another_edition(analyse("Combien d'habitants en 2022 ?"), "Environ 2000 habitants.")
    assert demoted({"typed_on_topic": 1.0, "uncounted": 0.0}, frozenset({OTHER_EDITION}))


def test_a_date_of_something_else_that_happened_there_is_not_sure() -> None:
    """ "Quand Marc Chappuis a-t-il quitté les Alpes-de-Haute-Provence ?" was sure at 0.997 with the
    projects "déployés depuis 2021" in the département (a question written by hand on the real releases,
    2026-12-07): the sentence shares only a place with the question."""
    from ti_assistant.answer.extractive import DATE_ASIDE, aside, demoted

    asked = analyse("Quand Jeanne Martin a-t-elle quitté le Cantal ?")
    assert aside(asked, "Dans le Cantal, 5 projets sont déployés depuis 2021.")
    # every name, or a word of what happened
    assert not aside(asked, "Jeanne Martin, préfète du Cantal de 2019 à 2022, a été nommée à Lyon.")
    assert not aside(asked, "Le préfet du Cantal a quitté ses fonctions le 3 mai 2022.")
    assert not aside(analyse("Quand la route sera-t-elle fermée ?"), "Elle sera fermée le 3 mai.")  # no name
    # an acronym may be spelt out, a name set apart is not the subject
    assert not aside(analyse("Avant quelle date demander la DETR ?"), "Les dossiers sont dus le 8 janvier.")
    assert not aside(analyse("Quand la route ferme-t-elle (pas dans le Cantal) ?"), "Travaux le 3 mai.")
    # a page about her names her in its title, its publisher the place: "elle" is she
    assert aside(asked, "En 2022, elle part pour Lyon.")
    assert not aside(asked, "En 2022, elle part pour Lyon.", "Jeanne Martin, préfète du Cantal")
    assert demoted({"typed_on_topic": 1.0, "uncounted": 0.0}, frozenset({DATE_ASIDE}))


def test_an_item_title_line_frames_the_sentence_that_follows_it() -> None:
    """In a listing of notices, the title line of an item (no closing punctuation) frames its first
    sentence: "Quand commencent les travaux de l'A31 … ?" was uncertain, its date "said of nothing" (a
    question written by hand on the real releases); a sentence inside a paragraph has no title line."""
    from ti_assistant.answer.extractive import title_line

    text = (
        "12 octobre 2023\nA31 – Travaux de panneaux entre Thionville et Terville (57)\n"
        "Du jeudi 19 au vendredi 20 octobre 2023, de 21h00 à 6h00. Les travaux sont de nuit."
    )
    first = text.index("Du jeudi")
    second = text.index("Les travaux")
    passage = Passage("x#0", "x", text, 0.5, "Communiqués", None, None, "x")
    title = title_line(Candidate(0, passage, first, second - 1, 0.5, True, 0.3, 0.5))
    assert title == "A31 – Travaux de panneaux entre Thionville et Terville (57)"
    assert title_line(Candidate(0, passage, second, len(text), 0.5, True, 0.3, 0.5)) == ""
    after_sentence = Passage(
        "x#0", "x", "La route est fermée.\nLe 3 mai, elle rouvre.", 0.5, "C", None, None, "x"
    )
    assert title_line(Candidate(0, after_sentence, 21, 43, 0.5, True, 0.3, 0.5)) == ""


def test_a_beginning_does_not_answer_when_something_ended() -> None:
    """ "Quand Henri Prévost a-t-il quitté la Marne ?" was sure with the day he took office (a question
    written by hand on the real releases, 2026-12-07)."""
    from ti_assistant.answer.extractive import OPPOSED, demoted, opposed

    took_office = "Jeanne Martin a pris ses fonctions de préfète du Cantal le lundi 4 avril 2022."
    assert opposed("Quand Jeanne Martin a-t-elle quitté le Cantal ?", took_office)
    assert not opposed("Quand Jeanne Martin est-elle arrivée dans le Cantal ?", took_office)
    assert opposed("Quand les travaux commencent-ils ?", "Les travaux se termineront le 25 septembre.")
    # a sentence giving both, or a question asking neither, is no opposition
    assert not opposed(
        "Quand les travaux commencent-ils ?", "Ils débutent le 3 et se terminent le 25 septembre."
    )
    assert not opposed("Quand ont lieu les travaux ?", "Les travaux se termineront le 25 septembre.")
    # "né le …" is a beginning, the "ne" of "ne pas" is not
    life = "Jeanne Martin (née le 21 janvier 1900 à Aurillac – morte le 3 mai 1990) est une ingénieure."
    assert not opposed("Date de naissance de Jeanne Martin", life)
    assert opposed("Date de naissance de Jeanne Martin", "Elle meurt le 3 mai 1990.")
    assert not opposed("Quand Jeanne Martin est-elle morte ?", "Elle ne le dit pas, et meurt le 3 mai 1990.")
    # a life's event is not an office's, whether each begins or ends ("Quand Henri Prévost est-il né ?"
    # was sure with the day he took office: a question written by hand on the real releases, 2026-12-07)
    assert opposed("Quand Jeanne Martin est-elle née ?", took_office)
    assert not opposed("Quand Jeanne Martin est-elle née ?", life)
    assert not opposed("Quand Jeanne Martin est-elle née ?", "Jeanne Martin (1900-1990) est ingénieure.")
    assert opposed("Quand Jeanne Martin a-t-elle pris ses fonctions ?", "Elle est née le 21 janvier 1900.")
    assert not opposed("Quand Jeanne Martin a-t-elle pris ses fonctions ?", took_office)
    # "fin septembre" dates a beginning as well as an end; "les morts" a ceremony honours end nothing
    assert not opposed("Quand commence la cérémonie ?", "La cérémonie pour les morts a lieu le 5 décembre.")
    assert not opposed("Quand les travaux commencent-ils ?", "Les travaux auront lieu fin septembre.")
    # a date that only ends a period says an end; "du … au …" says the beginning too
    until = "Les feux sont interdits jusqu'au 30 septembre 2019."
    assert opposed("Quand commence l'interdiction des feux ?", until)
    assert not opposed("Quand se termine l'interdiction des feux ?", until)
    assert not opposed(
        "Quand les travaux commencent-ils ?", "Les travaux ont lieu du 14 au 18 septembre 2020."
    )
    # an end asked: a sentence saying no end does not date it (a question written by hand on the shipped
    # release); a period does, and a beginning may go unsaid
    chaired = "Le 25 mars s'est tenu le premier comité, présidé par Jeanne Martin, présidente du Cantal."
    assert opposed("Quand Jeanne Martin a-t-elle quitté la présidence du Cantal ?", chaired)
    assert not opposed("Quand se termine la fermeture ?", "La route est fermée du 14 au 18 septembre 2020.")
    assert not opposed(
        "Quand Jeanne Martin est-elle morte ?", "Jeanne Martin (1900-1990) est une ingénieure."
    )
    assert not opposed("Quand commence la fête ?", "La fête a lieu le 5 mai.")
    assert demoted({"typed_on_topic": 1.0, "uncounted": 0.0}, frozenset({OPPOSED}))


def test_the_day_of_a_decree_is_not_when_what_it_rules_begins_or_ends() -> None:
    """ "Quand commence la période d'interdiction des feux dans le Lot ?" was sure with the day of the
    decree the release refers to (a question written by hand on the real releases, 2026-12-07)."""
    from ti_assistant.answer.extractive import TEXT_DATE, demoted, text_dated

    decree = "Les règles figurent dans l'arrêté préfectoral du 5 juillet 2012, consultable en ligne."
    assert text_dated("Quand commence l'interdiction des feux ?", decree)
    assert text_dated("Quand l'interdiction des feux a-t-elle pris fin ?", decree)
    assert not text_dated("Quand a été pris l'arrêté sur les feux ?", decree)  # the text is asked
    assert not text_dated("Quand a lieu la fête ?", decree)  # neither a beginning nor an end is asked
    # a sentence with a day of its own answers
    both = "L'arrêté du 5 juillet 2012 interdit les feux jusqu'au 30 septembre 2019."
    assert not text_dated("Quand l'interdiction des feux a-t-elle pris fin ?", both)
    assert demoted({"typed_on_topic": 1.0, "uncounted": 0.0}, frozenset({TEXT_DATE}))


def test_a_measure_or_an_hour_counts_no_things() -> None:
    """ "Combien de véhicules passent dans le tunnel … chaque jour ?" was sure with "21" from "de 21h00 à
    06h00, les véhicules circuleront", then with "plus de 3,5" from "véhicules de plus de 3,5 tonnes ou
    d'une longueur supérieure à 5 mètres (hors véhicules …)" (a question written by hand on the real
    releases, 2026-12-07)."""
    from ti_assistant.answer.extractive import names_counted

    asked = analyse("Combien de camions traversent le pont chaque jour ?")
    thing = counted_thing(asked)
    assert not names_counted(thing, "De 21h00 à 06h00, les camions circuleront sur une voie.")
    assert not names_counted(thing, "Le pont est interdit au-delà de 5 mètres (hors camions de secours).")
    assert not names_counted(thing, "Les 30 jours suivants, les camions passeront par Brive.")
    assert names_counted(thing, "Chaque jour, 2 000 camions traversent le pont.")
    assert short_answer(asked, "De 21h00 à 06h00, les camions circuleront sur une voie.") is None
    # unless the unit is what is counted
    far = analyse("À combien de kilomètres de Brive se trouve le pont ?")
    assert names_counted(counted_thing(far), "Le pont se trouve à douze kilomètres au nord de Brive.")
    assert short_answer(far, "Le pont se trouve à douze kilomètres au nord de Brive.") == "douze kilomètres"


def test_a_name_saying_all_that_is_asked_leads() -> None:
    """To "qui", of the sentences holding a name rated near the best, one saying all that the question
    asks of its names leads before one rated higher that says only part of it; saying part is no
    better than saying none (a ceremony's "directeurs" for "dirige")."""
    models = shipped_models()
    region = _sentence("Les contrats Territoires d'industrie complètent l'aide proposée par la Région.", 0.13)
    signed = _sentence("Le 9 décembre, Étienne Guyot et Max Roustan ont signé le contrat.", 0.11)
    assert lead_of(analyse("Qui a signé le contrat ?"), [region, signed], models) == signed
    prefet = _sentence("Henri Prévost a pris ses fonctions de préfet de la Marne le 4 avril.", 0.22)
    ceremony = _sentence("Il a déposé une gerbe en présence des directeurs des administrations.", 0.14)
    asked = analyse("Qui dirige la préfecture de la Marne ?")
    assert lead_of(asked, [prefet, ceremony], models) == prefet


def test_to_qui_and_a_verb_a_name_doing_it_leads() -> None:
    """To "qui" and a verb, of the named sentences saying it alike, one naming someone as doing it leads
    ("Fabrice Verdier, représentant …"), before one where the verb's word qualifies no name ("en présence
    de nombreux représentants élus"); the test also reads auxiliaries ("Max Roustan a signé")."""
    models = shipped_models()
    asked = analyse("Qui représentait Carole Delga ?")
    crowd = _sentence(
        "Le comité s'est tenu en présence de nombreux représentants élus, présidé par Carole Delga.", 0.35
    )
    doer = _sentence(
        "Étienne Guyot et Fabrice Verdier, représentant Carole Delga, ont signé le contrat.", 0.26
    )
    assert lead_of(asked, [crowd, doer], models) == doer
    assert names_doer(analyse("Qui a signé le contrat ?"), "Le 9 décembre, Max Roustan a signé le contrat.")
    assert not names_doer(asked, crowd.text)


def test_a_list_is_sure_only_when_the_quoted_sentence_does_more_than_count_it() -> None:
    """ "Quels sont les 12 projets structurants ?" was sure at 1.00 with the sentence counting them, all the
    release says of them: a list asked is not answered by its count. Items named around the count, or a
    list the sentence opens, answer it."""
    from ti_assistant.answer.extractive import LIST_UNSAID, counts_only
    from ti_assistant.answer.question import listed_thing

    def flag(question: str, text: str) -> tuple[bool, bool]:
        return _flagged(LIST_UNSAID, question, text)

    asked = "Quels sont les 12 projets structurants du Cantal ?"
    counted = "Dans le Cantal, 7 politiques prioritaires et 12 projets structurants ont été retenus."
    assert flag(asked, counted) == (True, True)
    assert flag("Combien de projets structurants dans le Cantal ?", counted)[0] is False  # a count asked
    pillars, madrigals = (
        listed_thing(analyse("Quels sont les piliers ?")),
        listed_thing(analyse("Quels madrigaux ?")),
    )
    assert pillars and madrigals
    assert counts_only(pillars, "Le plan repose sur trois piliers depuis 2021.")
    assert not counts_only(pillars, "Les trois piliers sont la santé, l'éducation et l'emploi.")
    assert not counts_only(madrigals, "Ainsi, Vita et Cara, deux madrigaux à cinq voix, sont publiés.")
    assert not counts_only(pillars, "Le plan repose sur trois piliers : la santé, l'éducation, l'emploi.")
    forms = listed_thing(analyse("Quelles sont les deux formes du récit ?"))
    assert forms and not counts_only(
        forms, "Le récit prend les deux formes principales de l'épopée et du conte."
    )
    assert not counts_only(pillars, "Rome est, avec Compostelle, l'un des trois piliers du pèlerinage.")
    sectors = listed_thing(analyse("Quels secteurs font la force de la région ?"))
    assert sectors and not counts_only(
        sectors, "La chimie, la santé, un secteur énergétique de premier plan."
    )
