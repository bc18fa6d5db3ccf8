"""Follow-ups: when a question leans on an earlier one, and how it is rewritten."""

from __future__ import annotations

import pytest

from ti_assistant.answer.conversation import Turn, refers_back, replay, standalone


@pytest.mark.parametrize(
    "question",
    ["Qui le porte ?", "Quel est son objectif ?", "Qui les finance ?", "Et Max Roustan ?", "Où le trouver ?"],
)
def test_questions_that_cannot_stand_alone(question: str) -> None:
    assert refers_back(question, strongly=True)


@pytest.mark.parametrize(
    "question",
    [
        # An article before a noun, not a pronoun before a verb.
        "Qu'est-ce que le programme Territoires d'industrie ?",
        "Quand le programme national a-t-il été annoncé ?",
        "Qui pilote le territoire d'industrie d'Alès ?",
        "Qu'est-ce que le CRPA ?",  # an article before an acronym
    ],
)
def test_first_questions_that_stand_alone(question: str) -> None:
    assert not refers_back(question, strongly=True)


def test_follow_ups_are_rewritten_from_the_previous_turn() -> None:
    history = [Turn("Qu'a déclaré Carole Delga ?", "Qu'a déclaré Carole Delga ?")]
    assert standalone("Et Max Roustan ?", history) == "Qu'a déclaré Max Roustan ?"
    assert standalone("Et qui est Yann Belhomme ?", history) == "Qui est Yann Belhomme ?"
    history = [Turn("Que vise le projet Think & Mate ?", "Que vise le projet Think & Mate ?")]
    assert standalone("Qui le porte ?", history) == "Qui le porte (Think & Mate) ?"
    assert standalone("Qui pilote le territoire d'industrie d'Alès ?", history) == (
        "Qui pilote le territoire d'industrie d'Alès ?"
    )


def test_a_follow_up_question_without_its_subject_is_asked_about_the_previous_topic() -> None:
    """Chains as `replay` builds them: each rewrite reads as French, and nothing is glued on."""
    turns = replay(["Qui porte le projet Think & Mate ?", "Et quand a-t-il démarré ?", "Qui le finance ?"])
    assert [t.standalone for t in turns[1:]] == [
        "Quand a-t-il démarré (Think & Mate) ?",
        "Qui le finance (Think & Mate) ?",
    ]
    turns = replay(["Qui a signé le contrat de Nîmes ?", "Et quand a-t-il été signé ?", "Et Max Roustan ?"])
    # no named subject: the previous question's noun phrase as written (accents kept)
    assert [t.standalone for t in turns[1:]] == [
        "Quand a-t-il été signé (contrat de Nîmes) ?",
        "Quand a-t-il été signé (Max Roustan) ?",
    ]


def test_a_topic_without_names_is_made_of_noun_phrases_not_verbs() -> None:
    turns = replay(["Quand le contrat a-t-il été signé ?", "Qui le porte ?"])
    assert turns[1].standalone == "Qui le porte (contrat) ?"  # not "(contrat, signé)"
    turns = replay(
        ["Quel est le montant engagé par l'État pour les territoires d'industrie ?", "Et qui les pilote ?"]
    )
    assert turns[1].standalone == "Qui les pilote (montant, État, territoires d'industrie) ?"
    # a phrase the follow-up repeats is not its topic; a topic added earlier stays the topic
    turns = replay(
        [
            "Combien de projets compte le contrat ?",
            "Et en France ?",
            "Quels projets l'État a-t-il financés ?",
        ]
    )
    assert turns[1].standalone == "Combien de projets compte le contrat (en France) ?"
    assert turns[2].standalone == "Quels projets l'État a-t-il financés (contrat, en France) ?"
    # the "temps" of "combien de temps" asks how long: no topic (a conversation written by hand on the
    # real releases was rewritten "Sur quelle route (temps, Ligny-en-Barrois) ?" and refused)
    turns = replay(
        ["Quels travaux sont prévus à Ligny ?", "Combien de temps durent-ils ?", "Sur quelle route ?"]
    )
    assert turns[2].standalone == "Sur quelle route (Ligny) ?"
    # a question without a noun phrase lends its content words
    assert replay(["Comment candidater ?", "Et quand ?"])[1].standalone == "Quand (candidater) ?"


def test_a_new_subject_replaces_the_old_one_and_is_never_glued_on() -> None:
    history = [Turn("Et quand a-t-il été signé ?", "Et quand a-t-il été signé (contrat, Alès) ?")]
    assert standalone("Et Max Roustan ?", history) == "Quand a-t-il été signé (Max Roustan) ?"
    history = [Turn("Qui le porte ?", "Qui le porte (Think & Mate) ?")]
    assert standalone("Et le Campus Numérique ?", history) == "Qui le porte (Campus Numérique) ?"
    history = [Turn("Que vise le projet Think & Mate ?", "Que vise le projet Think & Mate ?")]
    assert standalone("Et le Campus Numérique ?", history) == "Que vise le projet Campus Numérique ?"


def _follow(first: str, then: str) -> str:
    """How the second question reads after the first."""
    return replay([first, then])[1].standalone


def test_a_new_place_takes_the_place_of_the_previous_one() -> None:
    assert (
        _follow("Combien d'emplois en Occitanie ?", "Et en Bretagne ?") == "Combien d'emplois en Bretagne ?"
    )
    assert _follow("Combien d'emplois en Occitanie ?", "Et à Paris ?") == "Combien d'emplois à Paris ?"
    # a noun's complement keeps its "de", elided before a vowel
    assert _follow("Qui pilote le territoire d'industrie d'Alès ?", "Et à Nîmes ?") == (
        "Qui pilote le territoire d'industrie de Nîmes ?"
    )
    assert _follow("Quand le contrat de Nîmes a-t-il été signé ?", "Et Alès ?") == (
        "Quand le contrat d'Alès a-t-il été signé ?"
    )
    assert _follow("Qui pilote le territoire d'industrie d'Alès ?", "Et du Gard ?") == (
        "Qui pilote le territoire d'industrie du Gard ?"
    )
    assert (
        _follow("Quel est le budget du projet de Nîmes ?", "Et à Alès ?")
        == "Quel est le budget du projet d'Alès ?"
    )
    # a place the question ends on, named with its article, takes the article of the user's preposition
    assert _follow("Combien de territoires d'industrie compte l'Occitanie ?", "Et en France ?") == (
        "Combien de territoires d'industrie compte la France ?"
    )
    assert _follow("Combien de projets compte la Bretagne ?", "Et en Occitanie ?") == (
        "Combien de projets compte l'Occitanie ?"
    )
    assert (
        _follow("Combien de projets compte la Bretagne ?", "Et au Gard ?")
        == "Combien de projets compte le Gard ?"
    )
    # or the article the user gave
    assert _follow("Combien d'espaces France Services compte la Lozère ?", "Et dans les Ardennes ?") == (
        "Combien d'espaces France Services compte les Ardennes ?"
    )
    # or the one "celui des …", "celui du …" holds (it read "compte des Ardennes")
    for pointing in ("Et celui des Ardennes ?", "Et des Ardennes ?"):
        assert _follow("Combien d'espaces France Services compte la Lozère ?", pointing) == (
            "Combien d'espaces France Services compte les Ardennes ?"
        )
    assert _follow("Combien de projets compte la Bretagne ?", "Et celui du Gard ?") == (
        "Combien de projets compte le Gard ?"
    )
    # an institution is not a place to swap: "celles de la Marne" are the State's priorities there
    assert _follow(
        "Quelles sont les priorités de l'État dans les Alpes-de-Haute-Provence ?", "Et celles de la Marne ?"
    ) == ("Quelles sont les priorités de l'État de la Marne ?")
    # an institution is not a place: "l'État" stays, the new place is the topic
    assert (
        _follow("Combien a investi l'État ?", "Et en Occitanie ?")
        == "Combien a investi l'État (en Occitanie) ?"
    )
    # two places, or a place without a preposition: nothing to swap safely, the new one is the topic
    assert _follow("Combien d'emplois à Alès et à Nîmes ?", "Et à Paris ?") == (
        "Combien d'emplois à Alès et à Nîmes (à Paris) ?"
    )


@pytest.mark.parametrize(
    ("first", "then", "read"),
    [
        (
            "Combien de territoires d'industrie compte l'Occitanie ?",
            "Et combien en France ?",
            "Combien de territoires d'industrie compte la France ?",  # the topic kept the Occitanie
        ),
        (
            "Combien de morts sur les routes de La Réunion en 2021 ?",
            "Et combien en 2022 ?",
            "Combien de morts sur les routes de La Réunion en 2022 ?",  # the topic lost the dead
        ),
        (
            "Quand le contrat a-t-il été signé à Alès ?",
            "Et quand à Nîmes ?",
            "Quand le contrat a-t-il été signé à Nîmes ?",
        ),
    ],
)
def test_the_same_question_word_with_another_place_or_period_asks_the_same_of_it(
    first: str, then: str, read: str
) -> None:
    assert _follow(first, then) == read


def test_a_new_noun_phrase_takes_the_place_of_the_last_one() -> None:
    assert (
        _follow("Quel est le budget du projet de Nîmes ?", "Et le contrat ?")
        == "Quel est le budget du contrat ?"
    )
    assert _follow("Combien de territoires d'industrie compte l'Occitanie ?", "Et la Bretagne ?") == (
        "Combien de territoires d'industrie compte la Bretagne ?"
    )
    # the article follows French contraction rules
    assert (
        _follow("Quel est le budget du programme ?", "Et la campagne ?")
        == "Quel est le budget de la campagne ?"
    )
    assert (
        _follow("Quel est le montant des aides ?", "Et une subvention ?")
        == "Quel est le montant d'une subvention ?"
    )
    assert _follow("Qui a signé le contrat au nom de la Région ?", "Et les partenaires ?") == (
        "Qui a signé le contrat au nom des partenaires ?"
    )
    # a previous question without a noun phrase keeps the new one as its topic
    assert _follow("Qui le porte ?", "Et le contrat ?") == "Qui le porte (le contrat) ?"
    # a thing takes the place of a thing, not of the place the question is set in; a place, of a place
    assert _follow("Quelle est la date de la cérémonie dans le Cher ?", "Et le défilé ?") == (
        "Quelle est la date du défilé dans le Cher ?"
    )
    assert _follow("Quelle est la date de la cérémonie dans le Cher ?", "Et la Lozère ?") == (
        "Quelle est la date de la cérémonie dans la Lozère ?"
    )
    # "combien de" takes no article: "combien d'entreprises"
    assert _follow("Combien de projets sont aidés dans le Gard ?", "Et les entreprises ?") == (
        "Combien d'entreprises sont aidés dans le Gard ?"
    )


def test_a_new_thing_asked_about_the_same_subject_keeps_the_subject() -> None:
    """After "et", a question that only says what it asks ("quel jour", "qui signe") is about the
    previous subject; one that names its own subject and asks something of it stands alone."""
    turns = replay(["Qui a présidé la cérémonie de Mende en mars ?", "Et quel jour exactement ?"])
    assert turns[1].standalone == "Quel jour exactement (cérémonie de Mende) ?"
    turns = replay(["Combien d'écoles rénovées dans le Gers ?", "Et en Savoie, il y a combien de collèges ?"])
    assert turns[1].standalone == "En Savoie, il y a combien de collèges ?"
    turns = replay(["Quels chantiers la DIR mène-t-elle sur la RN7 ?", "Et qui signe ce communiqué ?"])
    assert turns[1].standalone.startswith("Qui signe ce communiqué (") and "RN7" in turns[1].standalone


def test_celui_de_names_the_same_thing_of_another_place() -> None:
    assert _follow("Quel est le budget du contrat d'Alès ?", "Et celui de Nîmes ?") == (
        "Quel est le budget du contrat de Nîmes ?"
    )
    assert _follow("Combien d'emplois compte le projet d'Alès ?", "Et celle d'Uzès ?") == (
        "Combien d'emplois compte le projet d'Uzès ?"
    )


def test_celui_de_a_year_names_the_same_thing_of_another_year() -> None:
    """ "Et celle de 2022 ?" was read as a topic: "… des dossiers DETR 2021 … (de 2022) ?" answered the
    2021 deadline; the year the question gave is swapped, its preposition kept."""
    asked = "Quelle est la date limite de dépôt des dossiers DETR 2021 dans le Puy-de-Dôme ?"
    assert _follow(asked, "Et celle de 2022 ?") == (
        "Quelle est la date limite de dépôt des dossiers DETR 2022 dans le Puy-de-Dôme ?"
    )
    assert (
        _follow("Combien de projets en 2021 ?", "Et ceux de mars 2022 ?")
        == "Combien de projets en mars 2022 ?"
    )


def test_a_follow_up_of_the_present_asks_the_same_of_now() -> None:
    """ "Et aujourd'hui ?" was read as a new subject ("Combien aujourd'hui ont ouvert en février 2020 ?"),
    and "Et combien aujourd'hui ?" kept the previous period in its topic: the present takes its place."""
    counted = "Combien de France Services ont ouvert en février 2020 ?"
    assert _follow(counted, "Et aujourd'hui ?") == "Combien de France Services ont ouvert aujourd'hui ?"
    assert _follow("Qui est le préfet de la Marne ?", "Et actuellement ?") == (
        "Qui est le préfet de la Marne actuellement ?"
    )
    assert "2020" not in _follow(counted, "Et combien aujourd'hui ?")


def test_an_inverted_pronoun_without_t_refers_back() -> None:
    """ "Combien sont-elles ?" was asked alone (the inverted pronoun was only read after "-t-") and refused."""
    follow = _follow("Quelles sont les politiques prioritaires dans le Cantal ?", "Combien sont-elles ?")
    assert follow.startswith("Combien sont-elles (") and "Cantal" in follow
    assert refers_back("Comment est-il financé ?")


def test_a_noun_phrase_on_the_same_noun_takes_the_place_of_the_previous_one() -> None:
    """ "Et la journée du souvenir de la déportation ?" after a question on the harkis' day was added as a
    topic, and the harkis' day answered: the phrase on the same noun gives way, the place stays."""
    harkis = "Quand a lieu la journée nationale d'hommage aux harkis dans le Cher ?"
    assert _follow(harkis, "Et la journée du souvenir de la déportation ?") == (
        "Quand a lieu la journée du souvenir de la déportation dans le Cher ?"
    )
    assert _follow("Quel est le budget du contrat de Nîmes ?", "Et le budget du projet d'Alès ?") == (
        "Quel est le budget du projet d'Alès ?"
    )


def test_a_possessive_follow_up_asks_of_the_previous_subject_not_in_its_place() -> None:
    """ "Et leur horaire ?" after a question naming a road replaced the road: "… sur la leur horaire ?"."""
    assert (
        _follow("Quelle est la durée des travaux sur la RN57 ?", "Et leur horaire ?")
        == "Leur horaire (RN57) ?"
    )


def test_which_ones_after_a_count_asks_the_things_counted() -> None:
    """ "Lesquels ?" after "Combien de X … ?" asks which X: it was read as "Lesquels (France Services) ?",
    sure with a sentence on the label's rules; a question counting nothing keeps its topic."""
    assert _follow(
        "Combien de critères de priorité pour la labellisation France Services ?", "Lesquels ?"
    ) == ("Quels sont les critères de priorité (France Services) ?")
    assert _follow("Combien de France Services ont ouvert en février 2020 ?", "Et lesquelles ?") == (
        "Quelles sont les France Services (février 2020) ?"
    )
    assert _follow("Qui a signé le contrat ?", "Lesquels ?") == "Lesquels (contrat) ?"
    # the feminine pronoun is a function word too (it was read as the subject asked of); what is counted
    # keeps its adjectives before where or when, not a verb after it
    assert _follow("Combien de politiques prioritaires dans le Cantal ?", "Lesquelles ?") == (
        "Quelles sont les politiques prioritaires (Cantal) ?"
    )
    assert _follow("Combien de partenaires nationaux rassemble France Services ?", "Lesquels ?") == (
        "Quels sont les partenaires (France Services) ?"
    )


def test_celui_de_with_a_question_of_its_own_asks_it_of_the_same_thing_of_another_place() -> None:
    """It was read as a place to swap into the previous question, whose own question word then won:
    "Combien de territoires d'industrie en Occitanie (d'Alès, qui le pilote) ?" answered "10 territoires"."""
    assert _follow(
        "Combien de territoires d'industrie en Occitanie ?", "Et celui d'Alès, qui le pilote ?"
    ) == ("Qui le pilote (territoires d'industrie d'Alès) ?")
    # no place to swap in the previous question: its topic, and the new place
    assert _follow("Quel est le budget du contrat ?", "Et celui de Nîmes, quand a-t-il été signé ?") == (
        "Quand a-t-il été signé (budget du contrat, Nîmes) ?"
    )


def test_another_place_or_period_takes_the_place_of_the_one_the_question_named() -> None:
    """Hand-written follow-ups of the kind a préfecture's readers ask: the place with its article, a
    road, a period; the subject ("la DIR Est") stays."""
    assert _follow("Quel montant est prévu pour le Gard ?", "Et pour la Lozère ?") == (
        "Quel montant est prévu pour la Lozère ?"
    )
    assert _follow("Quelle est la date de la cérémonie dans le Cher ?", "Et dans l'Eure-et-Loir ?") == (
        "Quelle est la date de la cérémonie dans l'Eure-et-Loir ?"
    )
    asked = "Quels travaux la DIR Est mène-t-elle sur la RN4 en octobre 2023 ?"
    assert (
        _follow(asked, "Et sur la RN57 ?")
        == "Quels travaux la DIR Est mène-t-elle sur la RN57 en octobre 2023 ?"
    )
    assert _follow(asked, "Et en septembre 2020 ?") == (
        "Quels travaux la DIR Est mène-t-elle sur la RN4 en septembre 2020 ?"
    )
    # of two places, the one of the same kind: where, not of what
    assert _follow("Qui est le sous-préfet de Figeac en poste à Cahors ?", "Et à Gourdon ?") == (
        "Qui est le sous-préfet de Figeac en poste à Gourdon ?"
    )


def test_a_new_quantity_of_the_same_subject_is_counted_in_the_same_question() -> None:
    # what was said of the old thing goes ("sont aidées", "sont mortes"), where and when it happened stay
    assert _follow("Combien d'entreprises sont aidées à Alès ?", "Et combien d'emplois ?") == (
        "Combien d'emplois à Alès ?"
    )
    assert _follow(
        "Combien de personnes sont mortes sur les routes de La Réunion en 2021 ?", "Et combien de blessés ?"
    ) == ("Combien de blessés sur les routes de La Réunion en 2021 ?")
    # a subject named after the verb is no predicate to drop; "de" elides before a vowel
    assert _follow("Combien de territoires compte l'Occitanie en 2019 ?", "Et combien d'entreprises ?") == (
        "Combien d'entreprises compte l'Occitanie en 2019 ?"
    )
    assert _follow("Combien d'ateliers sont prévus ?", "Et combien de participants ?") == (
        "Combien de participants sont prévus ?"
    )
    # without a count to replace, the place stays in the topic
    assert _follow("Quelles entreprises sont aidées à Alès ?", "Et combien d'emplois ?") == (
        "Combien d'emplois (Alès) ?"
    )
    # "combien" left unsaid: "Et de blessés ?" (not "… tuées … (de blessés) ?"); not "de" before no thing
    assert _follow(
        "Combien de personnes ont été tuées sur les routes de La Réunion en 2021 ?", "Et de blessés ?"
    ) == ("Combien de blessés sur les routes de La Réunion en 2021 ?")
    assert (
        _follow("Combien d'entreprises sont aidées à Alès ?", "Et d'emplois ?")
        == "Combien d'emplois à Alès ?"
    )
    assert "(de plus)" in _follow("Combien de territoires d'industrie en Occitanie ?", "Et de plus ?")


def test_a_possessive_a_demonstrative_or_a_bare_question_word_asks_about_the_previous_subject() -> None:
    assert (
        _follow("Combien de projets en Occitanie ?", "Et leur montant ?")
        == "Leur montant (projets, Occitanie) ?"
    )
    assert _follow(
        "Combien d'espaces France Services en Lozère ?", "Qui est la préfète de ce département ?"
    ) == ("Qui est la préfète de ce département (France Services, Lozère) ?")
    # a demonstrative's noun takes the complement the previous question gave it (it lost "des feux")
    assert (
        _follow(
            "Quelle est la période d'interdiction des feux dans le Lot ?", "Pourquoi cette interdiction ?"
        )
        == "Pourquoi cette interdiction des feux (Lot) ?"
    )
    # ... or an earlier one, when the previous question named it by a pronoun
    turns = [
        "Quelle est la période d'interdiction des feux dans le Lot ?",
        "Jusqu'à quand est-elle prolongée ?",
        "Pourquoi cette interdiction ?",
    ]
    assert replay(turns)[2].standalone == "Pourquoi cette interdiction des feux (Lot) ?"
    assert _follow("Qui finance le projet Think & Mate ?", "Combien ?") == "Combien (Think & Mate) ?"
    # a question word asking about the whole clause takes the place of the one that opened it
    assert (
        _follow("Quand le contrat a-t-il été signé ?", "Par qui ?") == "Par qui le contrat a-t-il été signé ?"
    )
    # after a yes-or-no question, the same clause asked another way
    assert (
        _follow("Le tunnel du Siaix est-il fermé ?", "Pourquoi ?")
        == "Pourquoi le tunnel du Siaix est-il fermé ?"
    )
    assert (
        _follow("Est-ce que le tunnel est fermé ?", "Pourquoi ?")
        == "Pourquoi est-ce que le tunnel est fermé ?"
    )
    assert (
        _follow("L'usine de Nîmes est-elle fermée ?", "Pourquoi ?")
        == "Pourquoi l'usine de Nîmes est-elle fermée ?"
    )
    assert (
        _follow("Max Roustan a-t-il signé le contrat ?", "Quand ?")
        == "Quand Max Roustan a-t-il signé le contrat ?"
    )
    assert (
        _follow("Quand la démarche a-t-elle été installée en Occitanie ?", "Pourquoi ?")
        == "Pourquoi la démarche a-t-elle été installée en Occitanie ?"
    )
    assert _follow("Où se trouve le campus ?", "Depuis quand ?") == "Depuis quand (campus) ?"  # no inversion
    assert refers_back("Combien ?", strongly=True) and refers_back("Depuis quand ?", strongly=True)
    assert not refers_back("Combien coûte le projet ?", strongly=True)


def test_a_demonstrative_before_any_noun_points_back_but_not_one_of_time() -> None:
    assert (
        _follow(
            "Quels travaux la DIR Est fait-elle en septembre 2020 ?", "Combien de temps durent ces travaux ?"
        )
        == "Combien de temps durent ces travaux (DIR Est, septembre 2020) ?"
    )
    assert refers_back("Qui dirige ce tunnel ?") and refers_back("Quel est le budget de cette action ?")
    # "cette semaine" is now, not the previous question's subject; "ce que" is a pronoun
    assert not refers_back("Quels chantiers sont prévus cette semaine ?")
    assert not refers_back("Qu'est-ce que le label ?")
    # after "qu'est-ce que", "l'" and "la" are articles before a noun, not pronouns before a verb
    assert not refers_back("Qu'est-ce que l'écobuage ?", strongly=True)
    assert not refers_back("Qu'est-ce que la laïcité ?")
    assert refers_back("Qui le porte ?", strongly=True)


def test_the_subject_of_the_previous_question_is_a_name_not_its_question_word() -> None:
    history = [
        Turn(
            "Quand Jeanne Martin a-t-elle pris ses fonctions ?",
            "Quand Jeanne Martin a-t-elle pris ses fonctions ?",
        )
    ]
    assert (
        standalone("Et où a-t-elle déposé une gerbe ?", history)
        == "Où a-t-elle déposé une gerbe (Jeanne Martin) ?"
    )


def test_an_acronym_is_a_subject_a_new_one_takes_its_place() -> None:
    history = [Turn("C'est quoi la DOTEX ?", "C'est quoi la DOTEX ?")]
    assert standalone("Et France Services ?", history) == "C'est quoi la France Services ?"
    history = [Turn("Quand la RN274 est-elle fermée ?", "Quand la RN274 est-elle fermée ?")]
    assert standalone("Et la RN4 ?", history) == "Quand la RN4 est-elle fermée ?"
    history = [Turn("Pourquoi le tunnel du Siaix ferme-t-il ?", "Pourquoi le tunnel du Siaix ferme-t-il ?")]
    assert (
        standalone("Et la RN274 ?", history) == "Pourquoi le tunnel de la RN274 ferme-t-il ?"
    )  # not "du la"


def test_a_new_circumstance_takes_the_place_of_the_one_the_question_ended_on() -> None:
    history = [Turn("Que faire en cas de vigilance orange ?", "Que faire en cas de vigilance orange ?")]
    assert standalone("Et en cas de foudre ?", history) == "Que faire en cas de foudre ?"
    history = [Turn("Quels réflexes en cas d'orage ?", "Quels réflexes en cas d'orage ?")]  # elided
    assert (
        standalone("Et en cas de vigilance rouge ?", history) == "Quels réflexes en cas de vigilance rouge ?"
    )
    history = [Turn("Quelles aides pour les communes ?", "Quelles aides pour les communes ?")]
    assert standalone("Et pour les entreprises ?", history) == "Quelles aides pour les entreprises ?"
    history = [Turn("Combien d'aides en Lozère ?", "Combien d'aides en Lozère ?")]
    assert standalone("Et en Bretagne ?", history) == "Combien d'aides en Bretagne ?"  # a place: as before
    history = [Turn("Comment en bénéficier ?", "Comment en bénéficier (aide aux communes) ?")]
    assert standalone("Et en ligne ?", history) != "Comment en ligne ?"  # "en" was a pronoun there


def test_the_topic_keeps_a_place_named_with_its_article() -> None:
    history = [
        Turn(
            "Combien d'espaces France Services compte la Lozère ?",
            "Combien d'espaces France Services compte la Lozère ?",
        )
    ]
    assert standalone("Qui est la préfète de ce département ?", history) == (
        "Qui est la préfète de ce département (France Services, Lozère) ?"
    )


def test_a_question_naming_nothing_is_asked_of_the_previous_subject() -> None:
    """ "Quel montant au total ?" names nothing: it asks of what the conversation is about; a question
    naming its own subject stands alone, and nothing is added without a conversation."""
    question = "Quelles communes ont bénéficié de la DOTEX dans le Puy-de-Dôme ?"
    history = [Turn(question, question)]
    assert standalone("Quel montant au total ?", history) == "Quel montant au total (DOTEX, Puy-de-Dôme) ?"
    assert standalone("Qu'est-ce que la DETR ?", history) == "Qu'est-ce que la DETR ?"
    assert standalone("Quel montant au total ?", []) == "Quel montant au total ?"
    # one proper noun is a subject too: the chat's next question is often a new one, "-t-il" included
    assert standalone("Quand le contrat d'Alès a-t-il été signé ?", history) == (
        "Quand le contrat d'Alès a-t-il été signé ?"
    )
    assert standalone("Qui est le maire d'Alès ?", history) == "Qui est le maire d'Alès ?"
    assert standalone("Qui est le préfet du Gard ?", history) == "Qui est le préfet du Gard ?"


def test_a_new_place_replaces_the_place_of_the_topic_an_earlier_rewrite_added() -> None:
    """ "Et en Ille-et-Vilaine ?" after a follow-up rewritten "… (cérémonie de citoyenneté, Nièvre) ?":
    the ceremony stays, the place changes (the whole topic used to give way to the place)."""
    previous = "Combien de personnes ont été accueillies (cérémonie de citoyenneté, Nièvre) ?"
    history = [Turn("Combien de personnes ont été accueillies ?", previous)]
    assert standalone("Et en Ille-et-Vilaine ?", history) == (
        "Combien de personnes ont été accueillies (cérémonie de citoyenneté, Ille-et-Vilaine) ?"
    )
    without_place = [Turn("Quand a-t-il été signé ?", "Quand a-t-il été signé (contrat) ?")]
    assert standalone("Et à Nîmes ?", without_place) == "Quand a-t-il été signé (à Nîmes) ?"


@pytest.mark.parametrize("message", ["Bonjour, comment allez-vous ?", "Merci beaucoup !", "ok, au revoir"])
def test_a_greeting_or_thanks_is_never_a_follow_up(message: str) -> None:
    """Courtesy asks nothing of the previous question: "Bonjour, comment allez-vous ?" after a question
    on France Services was read "… (France Services de Saint-Alban, Lozère) ?" and got quotes."""
    turns = replay(["Quelle préfète a visité la France Services de Saint-Alban ?"])
    assert standalone(message, turns) == message
    # a greeting before a question does not make the question small talk
    assert standalone("Bonjour, qui le porte ?", turns) != "Bonjour, qui le porte ?"


def test_a_new_quantity_a_bare_question_and_a_place_completing_a_name_follow_on() -> None:
    """Two-turn conversations asked by hand on the real releases (2026-12-07), on other places here."""
    # a counted noun with its adjective, without "combien"
    assert (
        _follow("Combien de lycées publics dans le Cantal ?", "Et de collèges privés ?")
        == "Combien de collèges privés dans le Cantal ?"
    )
    # "c'est où ?" is "où ?", of what the previous question asked
    assert _follow("Quand le pont a-t-il été inauguré ?", "C'est où ?") == "Où le pont a-t-il été inauguré ?"
    assert refers_back("C'est quand ?", strongly=True)
    # "dans les Maisons de santé du Cantal": the place is the name's complement, not the name
    assert (
        _follow("Quels médecins exercent dans les Maisons de Santé du Cantal ?", "Et en Corrèze ?")
        == "Quels médecins exercent dans les Maisons de Santé de Corrèze ?"
    )


def test_a_bare_follow_up_asks_of_the_deed_and_its_whole_subject() -> None:
    """Conversations asked by hand on the shipped release (2026-12-07), on other subjects here."""
    # "Et quand ?" after "Qui a signé … ?": when it was signed
    assert _follow("Qui a inauguré le musée de Rodez ?", "Et quand ?") == "Quand (inauguré, musée de Rodez) ?"
    # an adjective before its noun belongs to the subject ("(premier)" was the topic)
    assert (
        _follow("Quand a eu lieu le premier conseil de quartier ?", "Qui l'a présidé ?")
        == "Qui l'a présidé (premier conseil de quartier) ?"
    )
    # "Et par qui ?" asks the same clause, as "Par qui ?" does
    assert (
        _follow("Quand le musée a-t-il été inauguré ?", "Et par qui ?")
        == "Par qui le musée a-t-il été inauguré ?"
    )
    # "Et par la Région ?" after "… engagé par l'État …": the same sum, from another giver
    assert (
        _follow("Quel est le montant engagé par l'État pour les écoles ?", "Et par la Région ?")
        == "Quel est le montant engagé par la Région ?"
    )
    # a request inside a follow-up leaves the follow-up
    assert _follow("Qui dirige le musée de Rodez ?", "Et pouvez-vous me dire qui est Jean Dupont ?") == (
        "Qui est Jean Dupont ?"
    )


def test_he_or_she_after_who_holds_an_office_is_the_person_answered() -> None:
    """ "il" after "Qui est le préfet … ?" stands for the person the answer named, not for the office,
    whose earlier holders the releases may name too (a conversation written by hand on the real
    releases: "le 66e préfet de la Marne depuis 1800" answered "Depuis quand est-il en poste ?")."""
    named = [Turn("Qui est le préfet de la Marne ?", "Qui est le préfet de la Marne ?", "Henri Prévost")]
    assert (
        standalone("Depuis quand est-il en poste ?", named)
        == "Depuis quand est-il en poste (Henri Prévost) ?"
    )
    # an impersonal "il" refers to nobody
    assert "Henri Prévost" not in standalone("Combien de projets y a-t-il ?", named)
    # no name answered, or a question asking something else than an office's holder: the topic as before
    unnamed = [Turn("Qui est le préfet de la Marne ?", "Qui est le préfet de la Marne ?")]
    assert "Henri Prévost" not in standalone("Depuis quand est-il en poste ?", unnamed)
    signed = [Turn("Qui a signé le contrat ?", "Qui a signé le contrat ?", "Max Roustan")]
    assert "Max Roustan" not in standalone("Quand a-t-il été signé ?", signed)
