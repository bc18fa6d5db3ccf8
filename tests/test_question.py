"""What a question asks for: its kind, and what a "combien" question counts."""

from __future__ import annotations

import pytest

from ti_assistant.answer.question import (
    NUMBER,
    SPEECH,
    analyse,
    asked_noun,
    asks_manner,
    asks_open,
    asks_reason,
    counted_thing,
    has_expected_type,
    headline_fits,
    is_off_task,
    is_small_talk,
    predicate_terms,
    short_answer,
    undated,
    unframed,
)


def test_speech_questions_want_a_quotation_or_a_verb_of_saying() -> None:
    question = analyse("Qu'a déclaré Max Roustan ?")
    assert question.kind == SPEECH
    assert has_expected_type(question, "Max Roustan s'est déclaré très heureux de cette signature.")
    assert has_expected_type(question, "C'est une étape importante.", before="Pour lui, « Nous avançons. ")
    assert not has_expected_type(question, "Max Roustan a signé le contrat.", before="« Oui », dit-il. ")
    assert analyse("Qui a signé le contrat ?").kind != SPEECH


@pytest.mark.parametrize(
    ("question", "thing"),
    [
        ("Combien d'habitants compte Alès ?", "habit"),
        ("Quel est le nombre de territoires retenus ?", "territoir"),
        ("Quel est le montant des investissements prévus ?", "invest"),
        ("Quel est le montant de la subvention ?", "subvent"),
        ("Combien de temps durent les travaux ?", None),  # a duration: no thing to name
        ("Combien d'argent l'État a-t-il mis dans le projet ?", None),
        ("Quel montant est alloué au campus ?", None),
        # "combien" split from "de X" by the inverted verb
        ("Combien y a-t-il d'habitants à Alès ?", "habit"),
        ("Combien la France compte-t-elle de territoires d'industrie ?", "territoir"),
        ("Combien de temps dure-t-il de plus ?", None),
        ("Combien la Région a-t-elle aidé d'entreprises ?", None),  # the verb between: not parsed
        ("Quand le contrat a-t-il été signé ?", None),
    ],
)
def test_what_a_sure_figure_must_name(question: str, thing: str | None) -> None:
    assert counted_thing(analyse(question)) == thing


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Combien l'État a-t-il engagé pour les territoires d'industrie ?", "montant"),
        ("Combien coûte la rénovation ?", "montant"),
        ("Combien de territoires d'industrie compte la France ?", "combien"),
        ("Qu'est-ce que les territoires d'industrie ?", "definition"),
        ("c quoi territoires d'industrie", "definition"),
        ("En quoi consiste le projet Think & Mate ?", "definition"),
        ("Quel est l'objectif de la démarche ?", "definition"),
        ("Comment le tarif des navettes a-t-il évolué ?", "montant"),  # its successive values answer
        ("Qu'est-ce qui a changé pour la subvention ?", "montant"),
        ("Comment le nombre d'ateliers a-t-il augmenté ?", "combien"),
        ("Qui a changé de poste ?", "qui"),
        ("Qu'est-ce qui est commémoré le 8 mai ?", "autre"),  # what, not who
        ("Quelle est la date de signature du contrat ?", "quand"),
        ("Quel était le jour de la fête ?", "quand"),
        ("Quel est le numéro de téléphone de la préfecture ?", "contact"),
        ("Comment contacter la Région ?", "contact"),
        ("Démarchage par téléphone : est-ce autorisé ?", "autre"),  # a topic, not a way to reach someone
        ("Comment appeler ce phénomène ?", "autre"),  # to name, not to phone
        # the interrogative opening the question is what it asks; a later "quand" sets the time
        ("Par où passe la navette quand la route est coupée ?", "ou"),
        ("Qui préside le comité quand le maire est absent ?", "qui"),
        ("La route est fermée quand ?", "quand"),
        ("Le maire est le combientième de la commune ?", "combien"),  # a rank is a figure
        ("Quel numéro de préfet du Cher est Jeanne Martin ?", "combien"),  # so is a number in a series
        ("Quel numéro appeler pour joindre la mairie ?", "contact"),
        ("Quel numéro de téléphone pour la presse ?", "contact"),
        ("D'où vient le nouveau directeur ?", "ou"),  # "d'où" asks a place like "où"
        ("Le syndic peut-il m'écrire par courrier électronique ou postal ?", "autre"),  # "ou" is "or"
        ("ou se trouve la mairie ?", "ou"),  # opening the question, unaccented "ou" still asks a place
        ("Quelle amende risque-t-on ?", "montant"),  # a fine is a sum
        ("Quel âge a le maire ?", "combien"),  # an age is a figure (of years)
        # the name of an office's holder is a person; the name of a thing is not
        ("Quel est le nom de la préfète du Cher ?", "qui"),
        ("Comment s'appelle le maire de Bourges ?", "qui"),
        ("Quel est le nom du tunnel ?", "autre"),
    ],
)
def test_question_kinds(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


def test_a_definition_wants_a_sentence_saying_what_it_is_or_aims_at() -> None:
    question = analyse("Qu'est-ce que la démarche Territoires d'industrie ?")
    assert has_expected_type(
        question, "L'objectif de la démarche est de réunir l'ensemble des pouvoirs publics."
    )
    assert has_expected_type(question, "Le programme vise à reconquérir l'industrie des territoires.")
    assert not has_expected_type(question, "La France compte désormais 146 Territoires d'industrie.")
    # a rank or a superlative says where something stands, not what it is
    for ranked in (
        "Le contrat signé à Nîmes est le deuxième du département.",
        "Cette usine est la première du pays à recycler le lithium.",
        "Les aides régionales sont les plus élevées de France.",
    ):
        assert not has_expected_type(question, ranked)
    assert has_expected_type(question, "Ce campus est l'unique centre de formation de la vallée.")


def test_an_amount_headline_is_money() -> None:
    question = analyse("Combien l'État a-t-il engagé pour les territoires d'industrie ?")
    sentence = (
        "La France compte 146 Territoires d'industrie pour lesquels l'État a engagé 306 millions d'euros."
    )
    assert short_answer(question, sentence) == "306 millions d'euros"


def test_a_headline_must_be_of_the_type_asked() -> None:
    money = analyse("Combien l'État a-t-il engagé ?")
    assert headline_fits(money, "306 millions d'euros") and not headline_fits(
        money, "146 Territoires d'industrie"
    )
    assert (
        short_answer(money, "La France compte 146 Territoires d'industrie.") is None
    )  # no money: no headline
    assert headline_fits(analyse("Quand le contrat a-t-il été signé ?"), "9 décembre 2019")
    assert not headline_fits(analyse("Quand le contrat a-t-il été signé ?"), "146 territoires")


def test_a_question_about_what_the_texts_say_asks_about_the_rest() -> None:
    about = analyse("Que disent les communiqués sur la métallurgie ?")
    assert about.kind == "autre" and about.terms == analyse("la métallurgie").terms
    assert (
        analyse("De quoi parle le communiqué ?").terms == ()
    )  # nothing to look for: refused, with the overview
    said = analyse("Que dit le préfet sur Alès ?")  # a person's words stay a question about what was said
    assert said.kind == "propos" and "prefet" in said.terms


def test_a_contact_question_wants_a_phone_number_or_an_address() -> None:
    contacts = "Préfecture : Marie Durand – 05 34 45 36 17 – marie.durand@occitanie.gouv.fr"
    phone = analyse("Quel est le numéro de téléphone de la préfecture ?")
    assert has_expected_type(phone, contacts)
    assert not has_expected_type(phone, "La préfecture a signé le contrat en 2019.")
    assert short_answer(phone, contacts) == "05 34 45 36 17"
    assert short_answer(analyse("Quelle est l'adresse e-mail de la préfecture ?"), contacts) == (
        "marie.durand@occitanie.gouv.fr"
    )
    assert not headline_fits(phone, "2019")
    # a postal address answers "l'adresse", not a phone question, and the verb "adresser" is none
    street = "Préfecture de l'Eure, boulevard Georges Chauvin, 27022 Évreux Cedex."
    postal = analyse("Quelle est l'adresse de la préfecture ?")
    assert postal.kind == "contact" and has_expected_type(postal, street)
    assert has_expected_type(postal, "Le guichet est au 12, rue de la Paix.")
    assert not has_expected_type(postal, "Le maire en adresse une copie au préfet.")
    assert not has_expected_type(phone, street) and short_answer(postal, street) is None
    assert not has_expected_type(postal, contacts)  # a phone number is no postal address
    assert has_expected_type(analyse("Quelles sont les coordonnées de la préfecture ?"), contacts)
    # "qui contacter" is answered by whom to turn to, "comment contacter" by a way to reach them
    turn_to = "Le porteur de projet doit contacter le préfet de son département."
    assert has_expected_type(analyse("Qui contacter pour ouvrir un espace France Services ?"), turn_to)
    assert not has_expected_type(analyse("Comment contacter la préfecture ?"), turn_to)
    # the words that name what is asked are answered by a sentence's form, not by the word itself
    assert phone.type_terms == frozenset({"numero", "telephon"})
    assert analyse("Quel est le montant engagé ?").type_terms == frozenset({"mont"})
    assert analyse("Que dit le communiqué sur Alès ?").type_terms == frozenset()


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        (
            "Bonjour, je voudrais savoir quand la piscine sera ouverte. Merci",
            "Quand la piscine sera ouverte ?",
        ),
        ("Pouvez-vous me dire combien de lycées compte le Cantal ?", "Combien de lycées compte le Cantal ?"),
        ("Merci de m'indiquer le nombre de lycées du Cantal.", "Le nombre de lycées du Cantal ?"),
        ("Je voudrais savoir si la route est fermée aux camions.", "La route est fermée aux camions ?"),
        ("Dites-moi ce qu'il faut faire en cas de canicule.", "Qu'il faut faire en cas de canicule ?"),
        ("Et pouvez-vous me dire qui est Jean Dupont ?", "Et qui est Jean Dupont ?"),  # still a follow-up
        ("j'aimerais savoir s'il y a des travaux à Riom", "Il y a des travaux à Riom"),
        ("Quand la foire a-t-elle lieu ? Merci d'avance.", "Quand la foire a-t-elle lieu ?"),
        ("Merci beaucoup, et combien de stands ?", "Et combien de stands ?"),
        ("combien coûte la cantine svp", "Combien coûte la cantine"),
        ("Qui la dirige svp ?", "Qui la dirige ?"),
        ("Quand la foire ouvre-t-elle, merci", "Quand la foire ouvre-t-elle"),
        ("Qui a trouvé le salut", "Qui a trouvé le salut"),  # a noun: no mark before it
        ("Quand la foire a-t-elle lieu ?", "Quand la foire a-t-elle lieu ?"),  # nothing around it
        ("Bonjour !", "Bonjour !"),  # courtesy alone stays what it is (`is_small_talk`)
    ],
)
def test_the_question_a_message_asks_without_courtesy_or_request(message: str, asked: str) -> None:
    assert unframed(message) == asked


def test_what_something_is_asked_indirectly_is_a_definition() -> None:
    asked = unframed("Je voudrais savoir ce qu'est un contrat de ville.")
    assert asked == "Qu'est un contrat de ville ?" and analyse(asked).kind == "definition"


@pytest.mark.parametrize(
    ("query", "kind"),
    [
        ("montant DETR Cantal 2022", "montant"),  # the noun naming the answer first ...
        ("subvention école Riom montant", "montant"),  # ... or last
        ("Date de la foire de Brioude", "quand"),
        ("téléphone mairie Aurillac ?", "contact"),
        ("Le nombre de lycées du Cantal", "combien"),
        ("Arnaque par téléphone : conseils utiles", "autre"),  # in between: the topic
        ("Le montant est-il connu ?", "autre"),  # a question asking yes or no
        ("Montant : est-ce suffisant ?", "autre"),
        ("France Services horaires", "autre"),  # no noun naming the form of an answer
        ("Les travaux, c'est la nuit ou le jour ?", "autre"),  # a sentence, not a query of words
    ],
)
def test_a_query_without_the_form_of_a_question_asks_by_its_noun(query: str, kind: str) -> None:
    assert analyse(query).kind == kind


def test_a_count_or_a_sum_is_not_a_year() -> None:
    when = analyse("Quand le contrat a-t-il été signé ?")
    assert has_expected_type(when, "Le contrat a été signé le 9 décembre 2019.")
    assert has_expected_type(when, "La convention porte sur la période 2019-2021.")
    assert has_expected_type(when, "Depuis 2016, la Région a accompagné 8 200 entreprises.")
    assert not has_expected_type(when, "Le bassin est doté de 4000 emplois industriels.")
    assert not has_expected_type(when, "Chaque entreprise reçoit une aide de 2000 euros.")


def test_a_count_written_in_words_may_open_the_sentence() -> None:
    """ "Trois fois par an" holds the count a "combien de fois" question asks for, capital or not; an
    article opening a sentence is not a count."""
    how_often = analyse("Combien de fois par an le comité se réunit-il ?")
    assert short_answer(how_often, "Trois fois par an, le comité se réunit en mairie.") == "Trois fois par an"
    assert short_answer(how_often, "Le comité se réunit trois fois par an.") == "trois fois par an"
    assert not has_expected_type(how_often, "Une réunion publique aura lieu en mairie.")


@pytest.mark.parametrize(
    "request_",
    [
        "Écris-moi un poème sur l'industrie.",
        "S'il vous plaît, rédigez un discours pour l'inauguration",
        "Bonjour, traduis ce communiqué en anglais",
        "Pourriez-vous me composer une chanson sur la préfecture ?",
        "Je voudrais que tu écrives un résumé du programme",
        "Raconte-moi une blague",
        "Fais-nous une petite chanson sur la préfète",
    ],
)
def test_a_creation_asked_of_the_assistant_is_off_task(request_: str) -> None:
    assert is_off_task(request_)


@pytest.mark.parametrize(
    "question",
    [
        # PIAF dev questions refused until 2026-12-03 (any occurrence of the words was a request)
        "Qui a écrit le poème Invictus?",
        "comment se traduit la reconnaissance légale de l'union homosexuelle ?",
        "Peux-tu me raconter l'accident de Doris Day ?",
        "Comment l'armée franco-espagnole imagine-t-elle détruire la forteresse ?",
        # writing to someone is contacting them
        "Pouvez-vous écrire à la préfecture pour contester une amende ?",
        "Que raconte le communiqué sur les Territoires d'industrie ?",
    ],
)
def test_a_question_about_a_writing_or_a_translation_is_a_question(question: str) -> None:
    assert not is_off_task(question)


@pytest.mark.parametrize(
    ("sentence", "short"),
    [
        (
            "Du lundi 25 avril 2022 au jeudi 28 avril 2022, de 22h00 à 05h00, la route sera fermée.",
            "Du lundi 25 avril 2022 au jeudi 28 avril 2022",
        ),
        (
            "Du lundi 14 septembre à 7h au mardi 15 septembre 2020, la voie est neutralisée.",
            "Du lundi 14 septembre à 7h au mardi 15 septembre 2020",
        ),
        ("Entre le 3 et le 5 mai 2021, la route est fermée.", "Entre le 3 et le 5 mai 2021"),
        ("La route est fermée du 2 au 4 juin 2021.", "du 2 au 4 juin 2021"),
        ("Les lundi 2 et mardi 3 mai 2022, la route est fermée.", "Les lundi 2 et mardi 3 mai 2022"),
        ("La route du 12 mars 2021 est rouverte.", "12 mars 2021"),  # "du" before one date only
        ("Les travaux 2021 ferment la route le 8 janvier 2021.", "8 janvier 2021"),  # not the year alone
        # a full date of another year is of another event: "Né en 1977, … assassiné le 24 juin 1995" (PIAF)
        ("La route est fermée en 2019 ; elle rouvre le 9 juin 2021.", "en 2019"),
        ("En 2019, la route est fermée le 9 décembre.", "9 décembre"),  # the day said of the closure
        ("La route est fermée en 2019, le 9 décembre.", "en 2019"),  # the date in the clause of the words
    ],
)
def test_a_date_headline_is_the_whole_range(sentence: str, short: str) -> None:
    """A closure from one day to another: its first day alone would be half the answer (hand-written
    after the road notices of the releases set)."""
    assert short_answer(analyse("Quand la route est-elle fermée ?"), sentence) == short


@pytest.mark.parametrize(
    ("sentence", "short"),
    [
        ("Le tableau définitif est établi le dernier jour de février.", "dernier jour de février"),
        ("Les travaux s'achèveront fin mars.", "fin mars"),
        ("Début juillet 2024, le site ouvrira.", "Début juillet 2024"),
        ("La réunion se tiendra en septembre.", "en septembre"),
        ("Le marché se tient mi-juin.", "mi-juin"),
    ],
)
def test_a_month_placed_by_words_is_a_date(sentence: str, short: str) -> None:
    """ "Quand … ?" is answered by a month its words place a moment in: only a day or a year counted
    (sentences written after the real releases' calendars: "établi le dernier jour de février")."""
    assert short_answer(analyse("Quand le tableau est-il établi ?"), sentence) == short
    assert not has_expected_type(analyse("Quand le tableau est-il établi ?"), "Les mars de la galaxie.")


@pytest.mark.parametrize(
    ("sentence", "short"),
    [
        ("La cathédrale est construite au XIIe siècle par les moines.", "XIIe siècle"),
        ("Le village se développe au 19e siècle.", "19e siècle"),
        ("La cité est fondée en 1100 av. J.-C. sur la côte.", "1100 av. J.-C"),
    ],
)
def test_a_century_or_a_year_before_the_common_era_is_a_date(sentence: str, short: str) -> None:
    assert short_answer(analyse("Quand la cité est-elle fondée ?"), sentence) == short
    assert not has_expected_type(analyse("Quand la cité est-elle fondée ?"), "Dans ce siècle, tout change.")


@pytest.mark.parametrize(
    ("question", "short"),
    [
        ("Quand la halle a-t-elle été auditée ?", "30 septembre"),
        ("Quand la halle a-t-elle été labellisée ?", "9 octobre"),
        ("Quand la halle a-t-elle ouvert ses portes ?", "2 novembre 2021"),
        ("Quand le projet a-t-il été présenté ?", "30 septembre"),  # nothing said of it: the first date
    ],
)
def test_of_several_dates_the_short_answer_is_the_one_said_of_what_is_asked(
    question: str, short: str
) -> None:
    """Each date of a sentence dating several events goes with the words of its own clause (a sentence
    written after a release of the real releases set)."""
    sentence = (
        "Auditée le 30 septembre, labellisée le 9 octobre, la halle a ouvert ses portes le 2 novembre 2021."
    )
    assert short_answer(analyse(question), sentence) == short
    # a range is one date, whichever of its days the words stand next to
    ranged = "Du lundi 4 au vendredi 8 octobre 2021, la route sera fermée, puis rouverte le 9 octobre 2021."
    assert short_answer(analyse("Quand la route sera-t-elle rouverte ?"), ranged) == "9 octobre 2021"
    assert (
        short_answer(analyse("Quand la route sera-t-elle fermée ?"), ranged)
        == "Du lundi 4 au vendredi 8 octobre 2021"
    )


def test_a_stretch_of_days_says_how_long() -> None:
    """ "Combien de temps … ?" is answered by a number of days, or by the days a thing runs from and to
    (a question written after the road notices of the real releases)."""
    question = analyse("Combien de temps durent les travaux ?")
    works = "Du jeudi 19 octobre au vendredi 27 octobre 2023, la DIR Est mène des travaux sur le pont."
    assert short_answer(question, works) == "Du jeudi 19 octobre au vendredi 27 octobre 2023"
    assert short_answer(question, "Les travaux dureront trois semaines.") == "trois semaines"
    # a period of something the question does not say (an item's heading cut short) answers nothing
    assert short_answer(question, "Du jeudi 19 au vendredi 20 octobre 2023, de 21h00 à") is None
    # the days the question gives say nothing of how long it lasts on one of them
    assert short_answer(analyse("Combien de temps durent les travaux le 27 octobre 2023 ?"), works) is None
    # a single day, or hours of the day, say no length
    assert not has_expected_type(question, "Le 19 octobre 2023, la DIR Est va refaire le pont.")
    assert not has_expected_type(question, "La route est fermée de 21h00 à 6h00.")
    # "Quelle est la durée de …" asks the same, by its noun (a question written by hand on the real
    # releases was refused: "durée" was read as the thing asked, which no passage names)
    by_noun = analyse("Quelle est la durée des travaux ?")
    assert by_noun.asks_duration and short_answer(by_noun, works) == short_answer(question, works)
    assert short_answer(by_noun, "Les travaux dureront trois semaines.") == "trois semaines"
    # and "le délai", "le temps" ("Quel est le temps d'accès maximal à une France Services ?" was refused
    # for want of "temps", 2026-12-07); not "quel temps", the weather
    access = analyse("Quel est le temps d'accès maximal à une France Services ?")
    assert access.asks_duration and analyse("Quel est le délai de traitement du dossier ?").asks_duration
    assert (
        short_answer(access, "Chacun doit accéder à une France Services en moins de 30 minutes.")
        == "30 minutes"
    )
    assert not analyse("Quel temps fait-il à Alès ?").asks_duration


def test_an_earlier_year_dated_by_a_word_is_a_date() -> None:
    """Years from 500 to 1499 after "en", "vers", "dès" date (PIAF train: "En 1185, une guerre …" gave
    no date); a plural noun or a unit after the figure counts or measures."""
    question = analyse("Quand le comté est-il pris ?")
    assert short_answer(question, "En 1185, une guerre lui donne le comté.") == "En 1185"
    assert short_answer(question, "Le comté est pris vers 875, dit-on.") == "vers 875"
    assert (
        short_answer(question, "Le comté est pris en 1100 av. J.-C. par les Phéniciens.") == "1100 av. J.-C"
    )
    assert not has_expected_type(question, "Le comté est pris en 300 jours par 1200 soldats.")


def test_a_limit_asked_is_the_bar_a_rule_states_not_more_than_it() -> None:
    """To "Quel est le poids maximum … ?", "interdite aux véhicules de plus de 3,5 tonnes" gives 3,5
    tonnes: "Plus de 3,5 tonnes" read as the answer's own (a question written by hand on the real
    releases); without a limit asked, and for an approximation, the qualifier stays."""
    rule = "La déviation sera interdite aux véhicules de plus de 3,5 tonnes."
    assert (
        short_answer(analyse("Quel est le poids maximum autorisé sur la déviation ?"), rule) == "3,5 tonnes"
    )
    assert short_answer(analyse("Quel est le poids des véhicules interdits ?"), rule) == "plus de 3,5 tonnes"
    about = "La salle accueille près de 200 personnes."
    assert short_answer(analyse("Combien de personnes au maximum ?"), about) == "près de 200 personnes"


def test_a_question_asking_which_road_is_answered_by_a_road_of_that_kind() -> None:
    """ "Sur quelle route nationale se trouve le tunnel ?" (a question of the real releases' dev part, led
    by a sentence naming no road) asks a road's code or its kind and number; "autoroute" asks an A road,
    "départementale" a D road; a road the question names answers nothing; of several roads asked, the
    releases' list is the answer, with no short answer."""
    national = analyse("Sur quelle route nationale se trouve le tunnel de la Combe ?")
    assert national.kind == "ou" and national.asks_road
    assert short_answer(national, "La circulation sera rétablie sur la RD220 puis la RN90.") == "RN90"
    assert not has_expected_type(national, "La direction des routes Centre-Est vous informe des travaux.")
    motorway = analyse("Sur quelle autoroute la DIR fait-elle des travaux ?")
    assert not has_expected_type(motorway, "Les travaux ont lieu sur la RN4 à Saint-Dizier.")
    assert short_answer(motorway, "Les travaux ont lieu sur la RN4 puis sur l'A31.") == "A31"
    detour = analyse("Par quelle route départementale passe la déviation de la RN90 ?")
    assert short_answer(detour, "La déviation emprunte la RN90 puis la RD88.") == "RD88"
    spelled = analyse("Au bord de quel route se trouve le quartier ?")
    assert short_answer(spelled, "Il borde la route nationale 118.") == "route nationale 118"
    several = analyse("Quelles routes sont fermées en octobre ?")
    assert not several.asks_road and short_answer(several, "La RN57 est fermée.") is None
    assert not analyse("Quelle est la route de la soie ?").asks_road


def test_two_years_joined_by_a_hyphen_are_a_period() -> None:
    """`date_ranges` finds the periods a text gives, days or years ("(1900-1990)"): one list that the
    reading of an end asked (`extractive.opposed`) and the length of a period (`_period`) share."""
    from ti_assistant.answer.question import date_ranges

    folded = "jeanne martin (1900-1990) est une ingenieure ; la route est fermee du 14 au 18 septembre 2020."
    periods = [folded[start:end] for start, end in date_ranges(folded)]
    assert periods == ["1900-1990", "du 14 au 18 septembre 2020"]
    assert date_ranges("elle est nee en 1900 et morte le 3 mai 1990.") == []


def test_the_words_dating_an_earlier_year_are_one_list() -> None:
    """What dates an earlier year for a "quand" also keeps it from counting for a "combien": "après",
    "l'an", "à partir de" were read by one reading and not the other."""
    when = analyse("Quand le comté est-il pris ?")
    how_many = analyse("Combien de soldats sont capturés ?")
    for opener in ("Après", "À partir de", "L'an"):
        assert short_answer(when, f"{opener} 1185, le comté est pris.") == f"{opener} 1185"
        assert short_answer(how_many, f"{opener} 1185, la garnison capture 2 500 soldats.") == "2 500 soldats"


def test_a_year_is_no_count() -> None:
    """An earlier year after a word that dates it counts nothing (PIAF train: "en 1758 et capture 2 500
    personnes" was answered 1758); four figures that nothing dates may count."""
    question = analyse("Combien de soldats sont capturés ?")
    assert short_answer(question, "En 1758, la garnison capture 2 500 soldats.") == "2 500 soldats"
    assert short_answer(question, "La garnison, depuis 1758, capture 2 500 soldats.") == "2 500 soldats"
    assert short_answer(question, "La garnison capture 1500 soldats.") == "1500 soldats"


def test_a_rank_keeps_its_ordinal_suffix() -> None:
    assert short_answer(
        analyse("Quel numéro de préfet du Cher est Jeanne Martin ?"), "Le 41e préfet du Cher."
    ) == ("41e préfet du Cher")
    question = analyse("Jeanne Martin est la combientième présidente du conseil ?")
    assert (
        short_answer(question, "Elle est la 12e présidente du conseil depuis 1871.")
        == "12e présidente du conseil"
    )


def test_the_first_word_of_a_quotation_or_an_item_is_no_name() -> None:
    """ "Pour Carole Delga, « Ma première priorité… »" names nobody but her (a citizen's "Qui est Carole
    Delga ?" was answered by it, sure, 2026-12-06); a name of two words after the quote mark still does."""
    who = analyse("Qui est Carole Delga ?")
    assert not has_expected_type(who, "Pour Carole Delga, « Ma première priorité, c'est l'emploi. »")
    assert not has_expected_type(who, "Carole Delga a rappelé : • Trois priorités, trois engagements.")
    assert has_expected_type(who, "Carole Delga, présidente de la Région Occitanie, a signé.")
    assert has_expected_type(analyse("Qui a parlé ?"), "« Jean Dupont a ouvert la séance », dit-il.")


def test_the_first_word_of_a_sentence_names_no_place() -> None:
    """ "Où a été signé le contrat ?" was sure with "Il est donc tout naturel que l'un des premiers
    contrats soit signé avec ce territoire" ("Il" was taken for a name; the shipped release, 2026-12-06)."""
    where = analyse("Où a été signé le contrat ?")
    assert not has_expected_type(where, "Il est tout naturel que le contrat soit signé avec ce territoire.")
    assert has_expected_type(where, "Le contrat a été signé à Alès le 9 décembre.")


def test_the_acronym_of_a_body_does_not_answer_where() -> None:
    """To "où", "du SNU" names a body, "en URSS" a place (hand-written, after a question tried on a
    real release, 2026-12-07)."""
    where = analyse("Où le préfet a-t-il déposé une gerbe ?")
    assert not has_expected_type(where, "Le préfet a déposé une gerbe avec deux volontaires du SNU.")
    assert has_expected_type(where, "Le préfet a déposé une gerbe en URSS.")
    assert has_expected_type(where, "Le préfet a déposé une gerbe au monument de Chartres.")
    assert has_expected_type(
        analyse("Qui a déposé une gerbe ?"), "Une gerbe a été déposée par le président du SNU."
    )


def test_a_place_name_does_not_answer_who() -> None:
    """A one-word name after "en", "dans" or a noun of place ("la vallée de la Brume"), or its complement
    ("le territoire d'industrie d'Alès": the shipped release's sentence that led "Qui a signé le contrat ?",
    2026-12-07), or a name before its département's number ("Ligny-en-Barrois (55)": a real release's
    heading, 2026-12-07), is a place; a person or a body, even after "de" or "aux", still answers
    (hand-written examples)."""
    who = analyse("Qui porte le programme ?")
    for place in (
        "Quatre ateliers sont installés dans la vallée de la Brume.",
        "Le contrat a été signé en Lozère.",
        "La réunion a eu lieu dans la commune de Saint-Alban.",
        "Le programme du territoire d'industrie d'Alès est le troisième.",
        "Le programme couvre le bassin d'emploi de Lunel.",
        "RN4 - Réfection d'ouvrage d'art à Ligny-en-Barrois (55)",  # its département's number
        "Travaux du programme à Saint-Dizier (52) et à Ajaccio (2A).",
    ):
        assert not has_expected_type(who, place), place
    for named in (
        "Claire Dumont dirige le programme depuis 2021.",
        "Le programme est porté par Bpifrance.",
        "Le préfet saisit l'équipe de l'Agence nationale de la cohésion des territoires.",
        "Le pilotage a été confié aux Conseils régionaux.",  # "aux": to whom
        "Le programme de la région est dirigé par le cabinet de Martin.",  # no place noun before
        "Le programme est confié à Jean Dupont (52 ans).",  # an age, no département
        "L’Europe porte le programme.",  # after an elided article, the first word is a name
    ):
        assert has_expected_type(who, named), named
    assert not has_expected_type(who, "RN4 - réfection de chaussée du programme")  # its first word: none


def test_a_question_asking_by_an_office_verb_wants_the_office_said() -> None:
    """A "qui" question asking by an office's verb ("Qui préside X ?") is answered where the sentence says
    the verb, its office, X's own title or another title said of X, not by a sentence naming other bodies
    beside X (hand-written, after questions tried on real releases, 2026-12-07)."""
    asked = analyse("Qui préside le conseil départemental du Gard ?")
    assert not has_expected_type(
        asked, "Parmi les partenaires : le Conseil départemental, les EPCI et les communes."
    )
    assert has_expected_type(asked, "Le conseil départemental, présidé par Anne Martin, a voté le budget.")
    assert has_expected_type(asked, "Anne Martin, présidente du conseil départemental, a voté.")
    assert has_expected_type(
        analyse("Qui dirige l'usine ?"), "L'usine tourne sous la direction de Paul Durand."
    )
    directed = analyse("Qui dirige le CHU de Reims ?")  # a body's name says no one's office
    assert not has_expected_type(
        directed, "Il a rencontré les agents de la direction départementale du SDIS."
    )
    prefecture = analyse("Qui dirige la préfecture du Gard ?")
    assert has_expected_type(prefecture, "Anne Martin est préfète du Gard.")
    assert has_expected_type(prefecture, "La préfète Anne Martin a salué les agents.")  # its own title
    # another title, of no one named or of another body, says nothing of who directs the agency
    agency = analyse("Qui dirige l'Agence nationale de l'habitat ?")
    assert not has_expected_type(agency, "Le préfet Paul Durand saisit l'équipe de l'Agence nationale.")
    assert not has_expected_type(agency, "Paul Durand, maire de Nîmes, a saisi l'Agence nationale.")
    assert has_expected_type(agency, "Paul Durand, président de l'Agence nationale, a signé.")


@pytest.mark.parametrize(
    ("question", "predicate"),
    [
        ("Qui a fondé DUQUEINE Engineering ?", ["fond"]),
        ("Où se trouve le siège de DUQUEINE Engineering ?", ["trouv", "sieg"]),
        ("Qui porte le projet Think & Mate ?", ["port"]),  # "projet" stands beside the name
        ("Qui finance le projet Think & Mate ?", ["financ"]),
        ("Qui finance le Campus numérique Digit'Alès ?", ["financ"]),  # "numérique" is of the name
        ("Dans quelle ville se trouve l'école CODA by SIMPLON en dehors d'Alès ?", ["trouv", "dehor"]),
        ("Qui est Yann Belhomme ?", []),
        ("Où seront faits les travaux de la RN12 ?", ["traval"]),  # auxiliaries and "faire" say nothing
        ("Quelle série sera tournée à Mende ?", ["ser", "tourne"]),  # "sera" leaves "série" (same stem)
    ],
)
def test_what_a_question_says_of_the_names_it_gives(question: str, predicate: list[str]) -> None:
    assert predicate_terms(analyse(question)) == predicate


def test_a_body_named_by_its_common_noun_answers_who_does_what_is_asked() -> None:
    who = analyse("Qui arrête le tableau du 10 janvier ?")
    assert has_expected_type(who, "La commission administrative doit arrêter le tableau du 10 janvier.")
    assert not has_expected_type(who, "Le tableau comporte deux parties.")  # no one who does it
    assert not has_expected_type(who, "La commission se réunit en janvier.")  # nothing of what is asked
    assert not has_expected_type(who, "Le tableau est tenu par le service.")  # its object, not its verb
    # the body the question names is not who answers it
    assert not has_expected_type(analyse("Qui préside la commission ?"), "La commission est présidée.")


def test_a_date_says_when_not_what_happens() -> None:
    asked = predicate_terms(analyse("Qui a signé le message du samedi 27 mai 2017 ?"))
    assert asked == ["sign", "messag", "samed", "27", "mai", "2017"]
    assert undated(asked) == ["sign", "messag"]


@pytest.mark.parametrize(
    ("question", "noun"),
    [
        ("Quelle est la superficie du Pôle mécanique d'Alès ?", "superfic"),
        ("Quel est le parti politique de Max Roustan ?", "part"),
        ("Quel est le nom de la marine indienne ?", None),  # the answer is a name, not the word "nom"
        ("Quel est le rang du contrat d'Alès en Occitanie ?", None),  # an ordinal: "le troisième"
        ("Quelle est la dernière cérémonie de citoyenneté ?", "ceremon"),  # its date says "dernière"
        ("Quels sont les horaires de la préfecture du Lot ?", "horair"),  # "les" whole (it read "s")
        ("Quel est le premier contrat signé en Occitanie ?", "contrat"),
        ("Qui porte le projet Think & Mate ?", None),
    ],
)
def test_the_noun_a_which_is_question_asks(question: str, noun: str | None) -> None:
    assert asked_noun(analyse(question)) == noun


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Pourquoi le tunnel est-il fermé ?", True),
        ("Quels sont les objectifs de la rocade est de Dijon ?", True),
        ("Quel est le but de l'association ?", True),
        ("Quelle est la raison de la fermeture ?", True),
        ("À quoi sert la tour de la Parade ?", False),  # what it is or does, like "le rôle"
        ("Dans quel but le préfet a-t-il prolongé l'interdiction ?", True),
        ("Quel est le montant de la DETR ?", False),
        ("Quel est le premier objectif du programme ?", True),
        ("Quand le but a-t-il été marqué ?", False),
    ],
)
def test_a_question_asking_a_cause_or_a_purpose(question: str, reason: bool) -> None:
    """What `extractive.gives_reason` must find in a sure answer's lead (French ways of asking why)."""
    assert asks_reason(analyse(question)) is reason


@pytest.mark.parametrize(
    ("question", "apart"),
    [
        ("Combien de partenaires selon le ministère (pas la préfecture de Lozère) ?", ["Lozère"]),
        ("En Eure-et-Loir (et pas dans le Cher), qui a déposé la gerbe ?", ["Cher"]),
        ("Combien de communes hors Gard ?", ["Gard"]),
        ("Quels territoires, à l'exception de Nîmes Métropole, sont concernés ?", ["Nîmes Métropole"]),
        ("Qui préside la région et non le département du Gard ?", ["Gard"]),
        # the verb's negation, a yes-or-no "ou non", an idiom: nothing set apart
        ("Pourquoi le projet n'a-t-il pas été retenu à Alès ?", []),
        ("Le projet est-il financé ou non par la Région Occitanie ?", []),
        ("Sauf erreur, qui est le préfet du Gard ?", []),
    ],
)
def test_names_a_question_sets_apart(question: str, apart: list[str]) -> None:
    assert list(analyse(question).apart) == apart


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Pourquoi le préfet se réjouit-il de ce contrat ?", SPEECH),
        ("Pourquoi la ministre salue-t-elle le projet ?", SPEECH),
        ("Comment la préfecture assure-t-elle la sécurité ?", "autre"),  # not a verb of saying here
        ("Qui salue le projet ?", "qui"),  # the person asked, not what was said
    ],
)
def test_a_question_about_an_officials_stance_asks_what_was_said(question: str, kind: str) -> None:
    assert analyse(question).kind == kind


def test_a_name_set_apart_is_none_of_the_question_terms() -> None:
    """Neither searched for nor asked of the sentences that answer: a passage about the Cher would match
    it, and the one that answers would seem to lack it."""
    asked = analyse("Quand a lieu la cérémonie dans la Nièvre (et pas dans le Cher) ?")
    assert "nievr" in asked.terms and "cher" not in asked.terms
    assert "metropol" not in analyse("Quels territoires, hors Nîmes Métropole, sont concernés ?").terms


@pytest.mark.parametrize(
    "question",
    [
        "Quel est le taux de chômage dans le Cher ?",
        "Quelle est la proportion de femmes au conseil ?",
        "Quel pourcentage des communes est couvert ?",
        "Dans quelles proportions la population a-t-elle baissé ?",
    ],
)
def test_a_rate_a_percentage_or_a_proportion_asks_a_share(question: str) -> None:
    asked = analyse(question)
    assert asked.kind == NUMBER and asked.asks_share
    assert not analyse("Combien de communes sont couvertes ?").asks_share


def test_a_share_is_answered_by_a_percentage_or_a_fraction() -> None:
    asked = analyse("Quel est le taux de chômage dans le Cher ?")
    assert has_expected_type(asked, "Le chômage atteint 7,2 % dans le Cher.")
    assert has_expected_type(asked, "Il touche 7 pour cent des actifs.")
    assert has_expected_type(asked, "Un tiers des actifs cherche un emploi.")
    assert not has_expected_type(asked, "Le Cher compte 12 territoires et 3 000 emplois.")
    assert not has_expected_type(asked, "Le tiers-lieu du Cher accueille 40 demandeurs d'emploi.")
    assert short_answer(asked, "Sur 3 000 actifs, le chômage atteint 7,2 %.") == "7,2 %"


def test_how_long_is_answered_by_a_length_of_time_with_its_unit() -> None:
    asked = analyse("Combien de temps durent les travaux ?")
    assert asked.asks_duration and analyse("Pendant combien de nuits le tunnel est-il fermé ?").asks_duration
    assert not analyse("Combien de communes sont couvertes ?").asks_duration
    # an hour of the day is no length of time
    assert short_answer(asked, "Le mercredi 18 octobre de 9h à 16h, la DIR procède à des travaux.") is None
    assert not has_expected_type(asked, "Le mercredi 18 octobre de 9h à 16h, la DIR procède à des travaux.")
    assert short_answer(asked, "Les travaux dureront trois semaines.") == "trois semaines"
    assert (
        short_answer(asked, "Le tunnel est fermé pour une durée de 14 nuits à partir du 3 mai.") == "14 nuits"
    )


def test_an_age_is_a_number_of_years() -> None:
    age = analyse("Quel âge a le maire de la commune ?")
    assert age.asks_duration and analyse("À quel âge est-il parti ?").asks_duration
    assert short_answer(age, "Le maire, âgé de 52 ans, a été réélu.") == "52 ans"
    assert short_answer(age, "Elle est partie à onze ans.") == "onze ans"  # a short unit after a word
    # a rank or a year is no age
    assert not has_expected_type(age, "Il est le 66e maire de la commune depuis 1800.")


@pytest.mark.parametrize(
    ("question", "sentence", "short"),
    [
        ("Quelle est la vitesse maximale dans le tunnel ?", "La vitesse y est limitée à 70 km/h.", "70 km/h"),
        (
            "À quelle distance de Paris est la ville ?",
            "Elle est à 120 kilomètres de Paris.",
            "120 kilomètres",
        ),
        ("Quelle est la hauteur de la tour ?", "La tour, bâtie en 1889, mesure 324 mètres.", "324 mètres"),
        (
            "Quelle est la superficie du parc ?",
            "Le parc couvre 12 kilomètres carrés.",
            "12 kilomètres carrés",
        ),
        (
            "Quel est le poids autorisé ?",
            "Interdit aux véhicules de plus de 3,5 tonnes.",
            "plus de 3,5 tonnes",
        ),
        # an hour, a rank or a year is no measure
        ("Quelle est la vitesse dans le tunnel ?", "De 21h00 à 06h00, une voie unique est ouverte.", None),
        ("Quelle est la hauteur de la tour ?", "Elle est le 3e monument visité depuis 1990.", None),
        # nor a figure of another quantity: a mass is no height
        ("Quelle est la hauteur autorisée ?", "Interdit aux véhicules de plus de 3,5 tonnes.", None),
        # nor a figure the sentence gives of another quantity of the same dimension
        (
            "Quelle est la hauteur autorisée ?",
            "Interdit aux véhicules d'une longueur de plus de 5 mètres.",
            None,
        ),
        (
            "Quelle est la longueur autorisée ?",
            "Interdit aux véhicules d'une longueur de plus de 5 mètres.",
            "plus de 5 mètres",
        ),
    ],
)
def test_a_measured_quantity_is_a_figure_with_its_unit(
    question: str, sentence: str, short: str | None
) -> None:
    asked = analyse(question)
    assert asked.kind == "combien" and asked.measure_unit is not None
    assert short_answer(asked, sentence) == short
    assert has_expected_type(asked, sentence) is (short is not None)


def test_until_when_is_answered_by_the_date_that_closes_a_period() -> None:
    """ "Jusqu'à quand …" was sure with the date of a decree the sentence cites ("l'arrêté du 5 juillet
    2012") instead of the end of the ban (a citizen's question on the real releases, 2026-12-06)."""
    until = analyse("Jusqu'à quand les feux sont-ils interdits ?")
    assert until.asks_end and not analyse("Quand le contrat a-t-il été signé ?").asks_end
    assert analyse("Quelle est la date limite de dépôt des dossiers ?").asks_end
    decree = "Les règles figurent dans l'arrêté préfectoral du 5 juillet 2012."
    assert not has_expected_type(until, decree) and short_answer(until, decree) is None
    ban = "Le préfet a décidé de prolonger jusqu'au 30 septembre 2019 la période sensible."
    assert short_answer(until, ban) == "30 septembre 2019"
    works = "Du lundi 25 avril 2022 au jeudi 28 avril 2022, le tunnel sera fermé la nuit."
    assert short_answer(until, works) == "28 avril 2022"  # the end of the range
    assert short_answer(until, "Les dossiers sont reçus au plus tard le 8 janvier 2021.") == "8 janvier 2021"
    between = "La DIR procédera entre le 31 août et le 25 septembre 2020 aux travaux."
    assert short_answer(until, between) == "25 septembre 2020"
    # a date things are counted at closes nothing
    assert not has_expected_type(until, "Le fichier compte les électeurs recensés au 28 février.")


def test_a_number_written_in_words_may_be_hyphenated() -> None:
    """ "dix-sept", "quatre-vingts", "soixante-et-onze", and the tens past thirty (a PIAF train answer,
    "à trente ou quarante kilomètres", gave no figure, 2026-12-06)."""
    assert short_answer(analyse("Quel âge avait-il ?"), "Il avait dix-sept ans.") == "dix-sept ans"
    assert short_answer(analyse("Combien de communes ?"), "Le canton compte quatre-vingts communes.") == (
        "quatre-vingts communes"
    )
    far = analyse("Jusqu'à quelle distance voyait-on les flammes ?")
    assert (
        short_answer(far, "On voyait les flammes à trente ou quarante kilomètres.") == "quarante kilomètres"
    )


def test_a_length_of_time_is_no_count_of_other_things() -> None:
    """ "dans les 30 jours" counts no accidents; "Combien de jours …" is answered by days."""
    accidents = analyse("Combien d'accidents mortels en novembre ?")
    assert (
        short_answer(accidents, "Les personnes tuées dans les 30 jours suivant un accident sont comptées.")
        is None
    )
    assert short_answer(accidents, "On a compté 12 accidents mortels en 30 jours.") == "12 accidents mortels"
    assert short_answer(analyse("Combien de jours dure la fête ?"), "La fête dure 4 jours.") == "4 jours"


@pytest.mark.parametrize(
    ("question", "open_"),
    [
        ("Que contient le tableau rectificatif ?", True),
        ("Qu'est-ce que la DETR ?", True),
        ("Et que faire en cas de foudre ?", True),
        ("C'est quoi la DETR ?", True),
        ("Où trouver une France Services ?", True),
        ("Combien de territoires ?", True),
        ("Est-ce que je peux demander la DETR ?", False),
        ("La CNIL est-elle compétente ?", False),
        ("Faut-il que je me déplace ?", False),
        ("Puis-je envoyer mon dossier par courrier ou en ligne ?", False),
    ],
)
def test_an_open_question_asks_for_something_not_for_a_yes_or_a_no(question: str, open_: bool) -> None:
    assert asks_open(question) is open_


@pytest.mark.parametrize(
    ("question", "manner"),
    [
        ("Comment s'inscrire à l'école CODA by SIMPLON ?", True),
        ("Comment est financé le projet Think & Mate ?", True),
        ("Comment s'appelle le campus numérique d'Alès ?", False),  # a name is asked
        ("Comment se nomme le pôle ?", False),
        ("Comment contacter la mairie ?", False),  # a contact: its form answers
        ("Pourquoi le campus a-t-il été créé ?", False),
    ],
)
def test_a_question_asking_how_something_is_done_is_told_apart(question: str, manner: bool) -> None:
    assert asks_manner(analyse(question)) is manner


@pytest.mark.parametrize(
    ("question", "sentence", "short"),
    [
        (
            "Combien la flotte a-t-elle de porte-avions ?",
            "Elle compte plus de 150 navires, dont un porte-avions en service.",
            "un porte-avions",
        ),
        (
            "Combien de navires compte la flotte ?",
            "Elle compte plus de 150 navires, dont un porte-avions.",
            None,
        ),
        ("Combien d'écoles la commune a-t-elle ?", "La commune a une école et deux crèches.", "une école"),
        (
            "Combien de projets compte le contrat ?",
            "Le contrat fait écho à l'État, avec un projet commun.",
            None,
        ),
        # after a preposition, "un" is an article: "suivant un accident"
        (
            "Combien d'accidents ont eu lieu ?",
            "Les victimes sont comptées dans les 30 jours suivant un accident.",
            None,
        ),
        # the end of a compound number is not one: "vingt et un kilomètres"
        (
            "À combien de kilomètres de Paris est la ville ?",
            "Elle est à vingt et un kilomètres de Paris.",
            None,
        ),
    ],
)
def test_one_thing_counted_is_a_figure_not_an_article(
    question: str, sentence: str, short: str | None
) -> None:
    """ "un", "une" is an article, but before the very thing "combien de X" counts it is the count (a
    PIAF dev answer gave "Plus de 155" navires for its porte-avions)."""
    found = short_answer(analyse(question), sentence)
    if short is None:
        assert found is None or not found.startswith(("un ", "une "))
    else:
        assert found is not None and found.startswith(short)


@pytest.mark.parametrize(
    ("message", "small"),
    [
        ("Bonjour !", True),
        ("Bonjour, comment allez-vous ?", True),
        ("merci beaucoup, au revoir", True),
        ("Salut ça va ?", True),
        ("Bonjour, quand le contrat a-t-il été signé ?", False),
        ("Merci de me dire qui porte le projet.", False),
        ("Comment allez-vous à Alès depuis Nîmes ?", False),
    ],
)
def test_courtesy_alone_is_small_talk(message: str, small: bool) -> None:
    assert is_small_talk(message) is small
