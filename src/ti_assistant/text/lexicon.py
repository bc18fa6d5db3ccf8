"""Every hand-written French word list of the project, in one place, each with what it is for and
where it came from. The rules that read them (question types, follow-ups, time, texting, roles,
injections) build their patterns from these entries and hold no list of their own.

Entries are accent-folded, lower-case forms (`french.fold`), or small regular-expression fragments
where the list is of word shapes (`(le)?`, `s?`). `tests/test_lexicon.py` rejects an entry of two or
more words that appears in a frozen test question and in no dev or train question: a list must not
be written from the questions it is measured on.

Provenance words used below:
- "grammar": a closed class of French (determiners, pronouns, question words), from any grammar book;
- "general": ordinary vocabulary of the field, written from knowledge of French, not from a question;
- "dev": written after reading the named dev questions (own dev part, PIAF/CNIL dev, dated dev).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class WordList:
    words: tuple[str, ...]
    purpose: str
    source: str

    def pattern(self) -> str:
        """The entries as one regular-expression alternation (entries may hold regex fragments)."""
        return "(?:" + "|".join(self.words) + ")"

    @property
    def plain(self) -> frozenset[str]:
        return frozenset(self.words)


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- Question types (answer/question.py) -------------------------------------------------------------

MONEY_NOUNS = WordList(
    (
        "montant",
        "budget",
        "cout",
        "somme",
        "financement",
        "enveloppe",
        "prix",
        "tarif",
        "subvention",
        "dotation",
        "aide financiere",
        "salaire",
        "loyer",
        "chiffre d'affaires",
        "amende",
    ),
    "nouns that name a sum of money: a question on one asks for an amount",
    "general (public-finance vocabulary); salaire and chiffre d'affaires match two traps of the own dev "
    "part (t16, t13), read while they were written; amende from a question written to try the real "
    "releases as a citizen would ('Quelle amende si je brûle des déchets dans le Lot ?', sure at 0.96 "
    "with a sentence naming no sum), 2026-12-06",
)
CHANGE_WORDS = WordList(
    _split("evolue evolution change changement augmente augmentation baisse diminue"),
    "words asking how a figure changed over time: its successive values are the answer",
    "dev (dated dev part, 'comment a évolué …')",
)
SPENDING_VERBS = WordList(
    _split("investi engage mobilise depense finance coute alloue debloque verse subventionne consacre"),
    "participles that turn 'combien' into a question on money ('combien l'État a-t-il engagé')",
    "general (verbs of public spending); 'consacre' from the own dev conversation c3",
)
FORM_NOUNS = WordList(
    _split(
        "nom noms appellation denomination titre intitule signification sens definition role fonction utilite "
        "rang"
    ),
    "nouns after 'quel est le' that name the form of the answer (a name, a title, a meaning, what something "
    "does), which a sentence gives without the word ('Quel est le nom de la marine indienne ?' -> 'Bharatiya "
    "Nau Sena'; 'Quel est le rôle de la vigilance météo ?' -> 'La vigilance météorologique informe le public')",
    "grammar (like the type words 'date', 'montant'); the name and title nouns were 2 of the 3 right sure "
    "answers a first version of `question.asked_noun` demoted on PIAF dev, 2026-12-03; rôle, fonction, "
    "utilité from a question written to try the real releases as a citizen would, refused for want of the "
    "word 'rôle', 2026-12-04; rang (an ordinal answers it: 'le troisième') from a question written on the "
    "shipped release, refused for want of the word, 2026-12-05",
)
SHARE_NOUNS = WordList(
    _split("pourcentage taux proportion"),
    "nouns that ask a share of a whole: the answer is a percentage or a fraction ('12 %', 'un tiers'), "
    "not any figure",
    "grammar; checked on PIAF train and dev (14 questions 'quel est le pourcentage / taux / quelle "
    "proportion'), whose answer sentence always holds a percentage or a fraction, 2026-12-04",
)
DURATION_UNITS = WordList(
    _split(
        "secondes? minutes? heures? jours? journees? nuits? semaines? mois ans annees? decennies? siecles?"
    ),
    "units of a length of time: the figure answering 'combien de temps' is one of them ('14 nuits', "
    "'trois semaines'), not an hour of the day ('de 9h à 16h')",
    "grammar; from a probe follow-up on the real releases ('Combien de temps durent ces travaux ?' "
    "answered '9.' from '9h à 16h' at 0.73, 2026-12-05); they also answer 'quel âge' ('52 ans'), and are no "
    "count of other things ('Combien d'accidents mortels … ?' answered '30 jours' from 'tuées dans les 30 "
    "jours suivant un accident', a question written as a citizen would, 2026-12-06)",
)
SHARE_FIGURES = WordList(
    ("%", "‰", r"pour ?cents?\b", r"pour ?mille\b", r"\bmoitie\b", r"\btiers\b(?!-)", r"\bquarts?\b"),
    "how a sentence states a share (over folded text): a percentage, a per mille or a fraction (not a "
    "'tiers-lieu')",
    "grammar",
)
# Physical quantities a question may ask ("Quelle est la vitesse …", "À quelle distance …"), each with
# the units its figure is given in (over folded text, after the figure): not an hour, a rank, a year, nor
# a figure of another quantity ("3,5 tonnes" is no height). One pair per dimension.
_MEASURE_PURPOSE = "a physical quantity asked, answered by a figure in one of its units"
_MEASURE_SOURCE = (
    "general (the metric system, and the older units encyclopaedias quote); from questions written to try "
    "the real releases as a citizen would ('Quelle est la vitesse maximale dans le tunnel du Siaix ?', sure "
    "at 0.93 with a sentence giving hours; a height then a length answered '3,5 tonnes'), 2026-12-06"
)
LENGTH_QUANTITIES = WordList(
    _split("longueur largeur hauteur profondeur altitude distance"), _MEASURE_PURPOSE, _MEASURE_SOURCE
)
LENGTH_UNITS = WordList(
    _split("km cm mm m (?:kilo|centi|milli)?metres? miles? pieds?"), _MEASURE_PURPOSE, _MEASURE_SOURCE
)
AREA_QUANTITIES = WordList(_split("superficie surface"), _MEASURE_PURPOSE, _MEASURE_SOURCE)
AREA_UNITS = WordList(
    ("km2", "km²", "m2", "m²", "hectares?", "ha", "acres?", "(?:kilo)?metres? carres?"),
    _MEASURE_PURPOSE,
    _MEASURE_SOURCE,
)
MASS_QUANTITIES = WordList(_split("poids masse"), _MEASURE_PURPOSE, _MEASURE_SOURCE)
MASS_UNITS = WordList(
    _split("tonnes? t kg kilos? (?:kilo)?grammes? g livres?"), _MEASURE_PURPOSE, _MEASURE_SOURCE
)
SPEED_QUANTITIES = WordList(_split("vitesse"), _MEASURE_PURPOSE, _MEASURE_SOURCE)
SPEED_UNITS = WordList(
    ("km/h", "km/s", "m/s", "noeuds?", "kilometres? (?:a l'|par )heure"), _MEASURE_PURPOSE, _MEASURE_SOURCE
)
TEMPERATURE_QUANTITIES = WordList(_split("temperature"), _MEASURE_PURPOSE, _MEASURE_SOURCE)
TEMPERATURE_UNITS = WordList(_split("°c? degres?"), _MEASURE_PURPOSE, _MEASURE_SOURCE)
MEASURES = (
    (LENGTH_QUANTITIES, LENGTH_UNITS),
    (AREA_QUANTITIES, AREA_UNITS),
    (MASS_QUANTITIES, MASS_UNITS),
    (SPEED_QUANTITIES, SPEED_UNITS),
    (TEMPERATURE_QUANTITIES, TEMPERATURE_UNITS),
)
NEXT_CUES = WordList(
    ("prochaine?s?",),
    "words by which a question asks for the next one from now ('Quand aura lieu la prochaine cérémonie "
    "?'): a day gone by today does not answer it, whenever its release announced it — while the mere "
    "future tense ('Quand le tunnel sera-t-il fermé ?') may speak from the release's own day",
    "grammar; from a question written by hand to try the real releases ('Quand aura lieu la prochaine "
    "cérémonie de citoyenneté dans la Nièvre ?', sure at 0.90 with a 2017 ceremony), 2026-12-07",
)
FUTURE_CUES = WordList(
    (
        *NEXT_CUES.words,
        "aura(?:-t-(?:il|elle))? lieu",
        "auront(?:-(?:ils|elles))? lieu",
        "se tiendra",
        "se tiendront",
        "sera(?:-t-(?:il|elle))?",
        "seront(?:-(?:ils|elles))?",
        "va(?:-t-(?:il|elle))? avoir lieu",
    ),
    "words by which a date question asks about something still to come ('Quand aura lieu le prochain "
    "comité ?'): a day the release reports as past does not answer it",
    "grammar (the future of 'avoir lieu', 'se tenir', 'être'; 'prochain'); from a question "
    "written to try the shipped release as a citizen would ('Quand aura lieu le prochain comité de suivi "
    "?' sure at 0.97 with 'Le 25 mars s'est tenu … le premier comité'), 2026-12-06",
)
_OPPOSED_PURPOSE = (
    "words saying that something begins (`EVENT_STARTS`) or ends (`EVENT_ENDS`): a date question asking "
    "one ('Quand X a-t-il quitté …') is not answered with assurance by a sentence saying only the other "
    "('X a pris ses fonctions le 4 avril') (`extractive.opposed`)"
)
_OPPOSED_SOURCE = (
    "grammar (French verbs and nouns of beginning and ending, of birth and death, of taking up and "
    "leaving an office; 'fin' only in 'prendre fin', as 'fin septembre' dates a beginning too; 'né' only "
    "before a date or a place; not 'morts', the dead a ceremony honours); from a question written by "
    "hand to try the real releases ('Quand Henri Prévost a-t-il quitté la Marne ?' sure at 0.96 with the "
    "day he took office), 2026-12-07"
)
# The kinds of beginnings and ends (regex fragments over folded text), read whole by `EVENT_STARTS`,
# `EVENT_ENDS`, and by kind by `LIFE_EVENTS`, `OFFICE_EVENTS`.
_BIRTHS = (
    "naissance",
    r"nee?s? (?:le (?:1er|\d+)|en \d+|a|au|dans|vers)",  # "né le 21 janvier", not the "ne" of "ne pas"
    r"(?:est|sont|etait|etaient)(?:-(?:t-)?(?:il|elle|ils|elles))? nee?s?",  # "est-il né ?"
    "naquit",
    "nait",
    "naitre",
)
_DEATHS = ("mort", "morte", "meurt", "mourut", "mourir", "deces", r"decede\w*")
_OFFICE_STARTS = (
    r"arrivee?s?",
    r"pris(?:e|es)? (?:ses|leurs?|de|des) fonctions?",
    r"prend(?:ra|ront)? (?:ses|leurs?) fonctions?",
    r"entree? en fonctions?",
)
_OFFICE_ENDS = (r"quitt\w*", "depart")
EVENT_STARTS = WordList(
    (r"commenc\w*", r"debut\w*", r"demarr\w*", *_BIRTHS, *_OFFICE_STARTS),
    _OPPOSED_PURPOSE,
    _OPPOSED_SOURCE,
)
EVENT_ENDS = WordList(
    (
        r"(?:prend|prendra|prendront|prendre|pris|prennent) fin",
        r"termin\w*",
        r"achev\w*",
        *_DEATHS,
        *_OFFICE_ENDS,
    ),
    _OPPOSED_PURPOSE,
    _OPPOSED_SOURCE,
)
_LIFE_PURPOSE = (
    "a life's events (`LIFE_EVENTS`: birth, death) and an office's or a stay's (`OFFICE_EVENTS`: arrival, "
    "taking office, leaving): a date question asking one kind is not answered with assurance by a "
    "sentence saying only the other, whether it begins or ends (`extractive.opposed`)"
)
_LIFE_SOURCE = (
    "grammar (the entries of `EVENT_STARTS` and `EVENT_ENDS` sorted by kind); from a question written by "
    "hand to try the real releases ('Quand Henri Prévost est-il né ?' sure at 0.99 with the day he took "
    "office), 2026-12-07"
)
LIFE_EVENTS = WordList((*_BIRTHS, *_DEATHS), _LIFE_PURPOSE, _LIFE_SOURCE)
OFFICE_EVENTS = WordList((*_OFFICE_STARTS, *_OFFICE_ENDS), _LIFE_PURPOSE, _LIFE_SOURCE)
LEGAL_TEXTS = WordList(
    _split(
        "arrete arretes decret decrets loi lois circulaire circulaires ordonnance ordonnances deliberation "
        "deliberations directive directives reglement reglements"
    ),
    "names of legal and administrative texts, folded: the day after 'l'arrêté préfectoral du' dates the "
    "text, not when what it rules begins or ends (`extractive.text_dated`)",
    "general (French legal vocabulary); from questions written by hand to try the real releases ('Quand "
    "commence la période d'interdiction des feux dans le Lot ?' sure at 0.86 with the day of a 2012 "
    "decree), 2026-12-07",
)
MEASURE_NOUNS = WordList(
    _split("temps fois argent"),
    "nouns after 'combien de' that ask for a duration, a frequency or a sum, not a count of things: the "
    "answer ('trois semaines', 'deux fois par an', '306 millions d'euros') need not repeat them",
    "grammar ('combien de temps', 'combien de fois', 'combien d'argent'); 'temps' was 17 of the 36 counted "
    "nouns missing from the quoted sentence on the dev parts (PIAF, CNIL, releases, own), 2026-12-03; "
    "'argent' from a question written to try the shipped release as a citizen would, 2026-12-04 (its "
    "sum, in euros, never says 'argent': the answer was held back as uncertain)",
)
DEFINITION_CUES = WordList(
    (
        "qu'est[- ]ce (?:que|qu')",
        "c'est quoi",
        "en quoi consiste",
        "que (?:signifie|designe|veut dire)",
        "qu'appelle-t-on",
        r"qu'est(?=\s)",  # "ce qu'est X" once the request before it is left out (`question.unframed`)
        "a quoi (?:sert|servent)",
        "quel(?:le)? est (?:l'objectif|le but|l'objet|la mission|la vocation)",
        "what is",
    ),
    "openings of a question asking what something is or aims at",
    "grammar (French definitional questions); the objective/'en quoi consiste' forms from own dev c1, c4",
)
ELIGIBILITY_WORDS = WordList(
    _split(
        "destination destine destinee destines destinees reserve reservee reserves reservees eligible "
        "eligibles beneficiaire beneficiaires"
    ),
    "how a text says who may have or ask something ('une subvention à destination des communes'): what "
    "answers 'qui peut demander / bénéficier de …' without its verb",
    "grammar (French administrative wording of eligibility); from a question written to try the real "
    "releases as a citizen would ('Qui peut demander la DETR ?'), refused for want of 'demander', 2026-12-04",
)
LIGHT_VERBS = WordList(
    _split(
        "sera seront serait seraient fut furent soient aura auront aurait auraient eue eues eus "
        "faits faite faites fera feront ferait feraient faisait faisaient faire va vont ira iront allait "
        "doit doivent devra devront devait devaient pourra pourront pouvait pouvaient peuvent "
        "obtenir obtient obtiennent obtenu obtenue obtenus obtenues obtiendra obtiendront "
        "prevu prevue prevus prevues"
    ),
    "forms of the auxiliaries (être, avoir), of 'faire' and 'aller', of the modals (devoir, pouvoir) "
    "that STOP_WORDS leaves, of 'obtenir', which says only that the thing named is had, and 'prévu', "
    "which says only that it is to come: a question "
    "says nothing of its names with them ('Quels travaux sont faits à La Voivre ?' asks the works, not a "
    "sentence saying 'faits'; 'Quels sont les critères pour obtenir le label France Services ?' the "
    "criteria of a 'demande de labellisation') — no requirement of the answer "
    "(`question.predicate_terms`), nor what a number counts ('les dossiers 2021 doivent …': `facts._unit`)",
    "grammar (conjugation tables); from questions written on the real releases, refused for want of "
    "'faits' while the release names the works at La Voivre, and of 'obtenir' while it lists the "
    "criteria, 2026-12-07, and of 'prévus' while it says the works at Ligny-en-Barrois",
)
PRESENCE_WORDS = WordList(
    _split(
        "present presente presents presentes situe situee situes situees implante implantee implantes implantees"
        " accueille accueillent abrite abritent heberge hebergent"
    ),
    "what only places the things a 'quelles X …' question asks ('Quels partenaires sont présents dans les "
    "espaces France Services ?'), or the place a 'où' question asks ('Quelle commune accueille la nouvelle "
    "France Services ?'): said by the list that names them, by the place named, not by a word of its own "
    "— no requirement of the answer (`extractive.asked_of`)",
    "grammar (French adjectives of presence and place, verbs of hosting); from questions written on the "
    "real releases, refused for want of 'présents' while the release lists the nine partners, 2026-12-05, "
    "and of 'accueille' while it names the commune, 2026-12-07",
)
CONSEQUENCE_CUES = WordList(
    ("c'est pourquoi", "par consequent", "en consequence", "c'est ainsi que"),
    "connectives that open a sentence on a consequence: its cause is the sentence before it, which a "
    "quote of it carries (`extractive.extend`); each also gives a reason (`REASON_CUES`)",
    "grammar (French consequence connectives); from a probe 'pourquoi' question on the real releases, "
    "2026-12-05",
)
REASON_CUES = WordList(
    (
        *CONSEQUENCE_CUES.words,
        "car",
        "parce qu",
        "puisqu",
        "pour (?:que|qu'|se|s'|y|en|ne|\\w+(?:er|ir|re|oir)|(?:(?:les?|la|une?|des|du|leurs?|son|sa|ses|ce|cet"
        "|cette|ces) |l'|d')(?!(?:duree|periode|montant|total|cout|somme|ann?ee?s?|mois|semaines?|jours?|nuits?)\\b))",
        "afin",
        "raisons?",
        "causes?",
        "a cause",
        "en raison",
        "du fait",
        "grace a",
        "suite a",
        "a la suite",
        "faute d",
        "due?s? a",
        "motifs?",
        "objectifs?",
        "but",
        "vise",
        "visent",
        "permet(?:tre|tent)?",
        "compte tenu",
        "dans la mesure ou",
        "result(?:e|ent|ant|ait|at)",
        "provoqu\\w*",
        "entrain(?:e|ent|ant|ait)",
        "s'expliqu\\w*",
        "origine",
        "en effet",
        "donc",
    ),
    "how a sentence gives a cause or a purpose: a sure answer to 'pourquoi …' holds one "
    "(`extractive.gives_reason`); 'pour' before a verb, a determiner or 'que' counts ('pour la sécurité "
    "des agents'), so the rule only catches sentences stating a fact with no reason at all — not before a "
    "bare noun ('En cas de vigilance orange pour orage :' gave no reason to 'Pourquoi faut-il s'éloigner "
    "des arbres pendant un orage ?', a probe question, sure at 0.76), nor before a duration or a sum "
    "('pour une durée de 14 nuits' gave no objective to 'Quels sont les objectifs de la rocade est de "
    "Dijon ?', sure at 0.79)",
    "grammar (French causal and final connectives); from a probe follow-up on the real releases ('Le "
    "tunnel du Siaix est-il fermé ?' then 'Pourquoi ?', sure at 0.98 with the closure's dates, 2026-12-05); "
    "'dans la mesure où', 'résultant de' from two right sure answers of PIAF's dev part it demoted",
)
PERSON_NOUNS = WordList(
    _split("elu prefet industriel president ministre responsable"),
    "'quel …' asking for a person by an office",
    "general (offices named in official releases)",
)
PLACE_NOUNS = WordList(
    _split(
        "vallee commune ville village quartier canton departement region pays territoire bassin massif "
        "plaine plateau secteur metropole agglomeration communaute"
    ),
    "nouns before the name of a place ('la vallée de la Brume', 'la commune de Saint-Alban'): that name "
    "does not answer a question asking who",
    "general (French geographic and administrative nouns)",
)
ORGANISATION_NOUNS = WordList(
    _split("presidente ministre entreprise organisation structure ecole institution"),
    "'quelle …' asking for a person or an organisation",
    "general",
)
ROAD_NOUNS = WordList(
    ("autoroute", "(?:route )?nationale", "(?:route )?departementale", "route"),  # the longest first
    "what a question asks for when it asks which road ('Sur quelle route nationale se trouve le tunnel "
    "?'): a road's code (RN90, A31, RD220), as road directorates' releases name roads; singular, as one "
    "road is asked (of several, the list the releases give is the answer)",
    "French road names (folded); from a question of the real releases' dev part ('Sur quelle route "
    "nationale se trouve le tunnel du Siaix ?', uncertain, led by a sentence naming no road), 2026-12-07",
)
PHONE_NOUNS = WordList(
    _split("telephone tel portable fax"),
    "what a number is a number of when it is a way to reach someone ('numéro de téléphone'), not a rank",
    "general",
)
CONTACT_NOUNS = WordList(
    (
        f"numeros? de {PHONE_NOUNS.pattern()}",
        "numeros?",
        "telephone",
        "adresses? (?:e-?mail|mail|electronique|de courriel)",
        "adresses?",  # a postal address: a street or a postal code (`STREET_TYPES`)
        "courriels?",
        "e-?mails?",
        "mails?",
        "coordonnees",
        "contacts?",
    ),
    "what a contact question asks for: releases end with their press contacts",
    "general; written for a hand question on the shipped release's press phone number (session 9)",
)
STREET_TYPES = WordList(
    _split("rue avenue av boulevard bd place chemin allee quai route impasse cours square esplanade"),
    "the kinds of street a French postal address names after its number ('12, rue …'): what answers "
    "'Quelle est l'adresse de … ?' (a release's verb 'en adresse une copie' does not)",
    "general (the street types of French postal addresses)",
)
TEXT_NOUNS = WordList(
    _split("communique texte document article publication annonce note"),
    "ordinary names of a published text: 'que dit le communiqué sur X' asks about X",
    "general",
)
MANY_CUES = WordList(
    _split("quels quelles lesquels lesquelles citez liste enumere principaux principales"),
    "cues that a question asks for several items",
    "grammar (plural interrogatives) and general (imperatives of listing)",
)
# A task the assistant cannot do honestly (write, invent, translate…) is refused only when it is asked
# of the assistant: a creation verb as an imperative opening the request ("Écris-moi…"), or after a
# second person ("Peux-tu écrire…"), or a request verb with a creation noun ("Raconte une blague").
# Any occurrence of the words was refused until 2026-12-03: 16 of the 717 PIAF and CNIL dev questions
# ("Qui a écrit le poème …", "Comment se traduit …", "Peux-tu me raconter l'accident de …").
CREATION_IMPERATIVES = WordList(
    _split(
        "ecris ecrivez redige redigez compose composez invente inventez genere generez traduis "
        "traduisez chante chantez dessine dessinez imagine imaginez"
    ),
    "creation verbs as imperatives: at the start of a request they ask the assistant to make a text",
    "general (verbs of creation, 2nd person imperative); 'ecris' matches own dev trap t09's kind",
)
CREATION_VERBS = WordList(
    (
        "ecrire",
        "ecrives",
        "ecriviez",
        "rediger",
        "rediges",
        "redigiez",
        "composer",
        "composes",
        "composiez",
        "inventer",
        "inventes",
        "inventiez",
        "generer",
        "generes",
        "generiez",
        "traduire",
        "traduises",
        "traduisiez",
        "chanter",
        "dessiner",
        "imaginer",
    ),
    "creation verbs as infinitives or subjunctives: asked of the assistant after 'tu' or 'vous'",
    "general (verbs of creation); 'ecrire' matches own dev trap t09 ('Peux-tu m'écrire un poème …')",
)
SECOND_PERSON = WordList(
    _split("tu vous toi"),
    "who a request is addressed to: a creation verb after them asks the assistant itself",
    "grammar (2nd person pronouns)",
)
REQUEST_IMPERATIVES = WordList(
    _split("fais faites donne donnez raconte racontez trouve trouvez propose proposez"),
    "imperatives that ask the assistant for a creation when their object is a creation noun",
    "general (verbs of request)",
)
CREATION_NOUNS = WordList(
    (
        "poemes?",
        "blagues?",
        "chansons?",
        "histoires? droles?",
        "slogans?",
        "haikus?",
        "contes?",
        "recettes?",
    ),
    "what a request asks to be made (with 'un', 'une'): no release holds it",
    "general; 'poeme' matches own dev trap t09",
)
SMALL_TALK = WordList(
    (
        "bonjour",
        "bonsoir",
        "salut",
        "coucou",
        "hello",
        "merci",
        "merci beaucoup",
        "merci bien",
        "au revoir",
        "bonne journee",
        "bonne soiree",
        "comment allez-vous",
        "comment vas-tu",
        "comment ca va",
        "ca va",
        "d'accord",
        "ok",
        "tres bien",
        "parfait",
        "merci d'avance",
        "cordialement",
        "s'il vous plait",
        "s'il te plait",
        "svp",
        "stp",
    ),
    "courtesy formulas: a message made of them only asks nothing of the releases (a greeting, thanks), "
    "and is never the follow-up of an earlier question",
    "general (French formulas of greeting, thanks and leave-taking); 'bonjour, comment allez-vous' is "
    "the own dev trap t07's kind",
)

REQUEST_FRAMES = WordList(
    (
        r"je (?:voudrais|voudrai|veux|souhaiterais|souhaite|desirerais|desire|cherche a) "
        r"(?:savoir|connaitre|avoir|obtenir)",
        r"j'aimerais (?:savoir|connaitre|avoir|obtenir)",
        r"j'ai besoin de (?:savoir|connaitre)",
        r"je me demande",
        r"je cherche",
        r"(?:pouvez|pourriez|peux|pourrais)-(?:vous|tu) (?:me dire|m'indiquer|me donner|me preciser|m'expliquer)",
        r"(?:est-ce que )?(?:vous savez|tu sais)",
        r"(?:savez-vous|sais-tu)",
        r"(?:dites|dis|indiquez|indique|expliquez|explique|precisez|precise|donnez|donne)-moi",
        r"merci de (?:me dire|m'indiquer|me donner|me preciser|m'expliquer)",
    ),
    "what a message wraps its question in to ask to be told ('Je voudrais savoir quand …', 'Pouvez-vous me "
    "dire combien …', 'Merci de m'indiquer le nombre de …'): the question is what follows "
    "(`question.unframed`)",
    "general (French formulas of request, first and second person); written after citizen-style "
    "questions asked by hand on the real releases, 2026-12-07 ('Bonjour, je voudrais savoir quand le "
    "tunnel du Siaix sera fermé. Merci' was refused: 'Merci' was read as a name)",
)

# --- Follow-ups (answer/conversation.py) -------------------------------------------------------------

PRENOMINAL_ADJECTIVES = WordList(
    _split(
        "premier premiere premiers premieres dernier derniere derniers dernieres prochain prochaine "
        "prochains prochaines nouveau nouvel nouvelle nouveaux nouvelles ancien ancienne anciens anciennes "
        "grand grande grands grandes petit petite petits petites seul seule seuls seules deuxieme troisieme"
    ),
    "adjectives French puts before the noun: 'le premier comité de suivi' is one subject, not 'premier' "
    "(`conversation._noun_phrases`)",
    "grammar (prenominal adjectives, ordinals); from a conversation asked by hand on the shipped release "
    "('Quand a eu lieu le premier comité de suivi régional ?' then 'Qui l'a présidé ?' read '(premier)'), "
    "2026-12-07",
)

PRESENT_TIME_NOUNS = WordList(
    _split("annee an mois semaine jour matin soir nuit moment fois ete hiver automne printemps week-end"),
    "nouns of time after 'ce / cette' that point at the present, not back at an earlier question ('cette "
    "année', 'ce mois-ci'): any other noun after a demonstrative does ('ces travaux', 'ce tunnel')",
    "grammar (French nouns of time)",
)
CE_PRONOUN_NEXT = WordList(
    _split("que qu qui quoi dont sont soit serait sera fut n ne a faisant disant"),
    "words after 'ce' used as a pronoun ('ce que', 'ce qui', 'ce sont'), where it points at no noun",
    "grammar (French demonstrative pronoun)",
)
QUESTION_WORDS = WordList(
    _split(
        "qui que quoi quand ou comment combien pourquoi quel quelle quels quelles est ce qu a t il elle "
        "what who when"
    ),
    "words of a question that are not its topic",
    "grammar",
)
DETERMINERS = WordList(
    _split(
        "le la les l' un une des du au aux ce cet cette ces son sa ses leur leurs notre nos votre vos "
        "mon ma mes"
    ),
    "French determiners: what opens a noun phrase",
    "grammar (closed class)",
)

EXCLUSION_CUES = WordList(
    (
        r"(?:\(|,|\bet|\bmais)\s*(?:pas|non)\b",
        r"\bnon pas",
        r"\bhors",
        r"\bsauf",
        r"\bhormis",
        r"\bexcepte",
        r"\ba l'exception d[eu']",
        r"\bautre que",
    ),
    "what sets a name apart from what a question asks about ('… selon le ministère (pas la préfecture "
    "de Lozère) ?', '… en Eure-et-Loir (et pas dans le Cher) ?', 'hors Gard'): such a name is not "
    "required of the passages (`extractive.grounded`) and the passages naming it yield to the others; a "
    "bare 'pas' is the verb's negation ('le projet n'a pas été retenu'), hence the comma, bracket or "
    "conjunction before it ('ou non' asks yes or no: not a cue)",
    "grammar (French negative and exceptive connectors); the two examples are real-releases dev "
    "questions d070 and d077",
)

# --- Time (answer/timeline.py) -----------------------------------------------------------------------

PRESENT_ADVERBS = WordList(
    (
        "actuellement",
        "aujourd'hui",
        "a ce jour",
        "desormais",
        "maintenant",
        "en ce moment",
        "a present",
    ),
    "adverbs that only ask for the present: left out of the search, so that an old release that happens "
    "to say 'aujourd'hui' is not preferred (an adjective such as 'dernier' stays: 'le dernier album')",
    "general (French adverbs of the present)",
)
PRESENT_WORDS = WordList(
    (
        *PRESENT_ADVERBS.words,
        "actuel(?:le)?s?",
        "dernier",
        "derniere",
        "derniers",
        "dernieres",
        "le plus recent",
        "la plus recente",
    ),
    "words asking for the present state: the most recent release that answers leads",
    "general (French adverbs of the present, adjectives of the latest); 'dernier' matches a question of "
    "the own dev part",
)

# --- Text (text/french.py) ---------------------------------------------------------------------------

# Snowball stems of verbs whose nouns spell the root in its learned (Latin) form: diriger / direction,
# directeur; produire / production; conduire / conducteur; construire / construction; réduire /
# réduction; introduire / introduction. Entries "verb stem=noun root" (`french.found_in`).
LEARNED_ROOTS = WordList(
    _split(
        "dirig=direct produir=product produit=product conduir=conduct conduit=conduct "
        "construir=construct construit=construct reduir=reduct reduit=reduct introduir=introduct introduit=introduct"
    ),
    "one word family whose verb and noun stems differ: 'Qui dirige X ?' is answered by 'Y, directeur de X'",
    "general (French derivational morphology)",
)
# Snowball stems of the endings French adds to a place's name to name its people or what is theirs
# (its gentilé): Italie / italien, Europe / européen, Gaule / gaulois, Rennes / rennais, Mexique /
# mexicain. A question naming the place is answered by a passage speaking of its people, and the
# other way round (`french.name_found`). Checked on the PIAF dev part, 2026-12-04: 3 of the 16
# answerable questions whose passage the names filter dropped kept it, no out-of-corpus question lost
# its refusal.
DEMONYM_ENDINGS = WordList(
    _split("ien een ois ais ain"),
    "a place's name and its gentilé name the same thing: 'la Gaule' is grounded by 'les Gaulois'",
    "grammar (French gentilé suffixes, as Snowball stems them)",
)
STOP_WORDS = WordList(
    _split(
        """
        a à ai aie aient ainsi alors as au aucun aupres auquel aussi autre aux auxquelles auxquels avaient avais
        avait avec avez aviez avions avoir avons ayant c ca ce ceci cela celle celles celui ces cet
        cette ceux chaque chez ci comme comment combien d dans de des deja depuis desquelles desquels donc dont du duquel
        elle elles en encore entre es est et etaient etais etait etant ete etes etre eu eux fait faut
        font ici il ils j je jusqu l la laquelle le lequel les lesquels lesquelles leur leurs lui m ma mais me meme
        memes mes moi mon n ne ni nos notre nous on ont ou par parce pas peu peut plus pour pourquoi qu
        quand que quel quelle quelles quels qui quoi s sa sans se selon ses si soit son sont sous suis
        sur t ta te tes toi ton tous tout toute toutes tres tu un une unes uns vers voici voila vos
        votre vous y
        """
    ),
    "words that carry no meaning for search (BM25, coverage); the answerer reads question words raw",
    "grammar (function words), kept short on purpose",
)
ABBREVIATIONS = WordList(
    _split(
        "m mm mme mmes mlle mlles dr pr me st ste art al n no p pp cf ex etc env vol chap fig tel av bd "
        "hab min max sq ed éd"
    ),
    "abbreviations after which a period does not end a sentence",
    "general (French typographic abbreviations)",
)
ENGLISH_MARKERS = WordList(
    _split("the is are was were what who when where which how does did do of to in and for with many much"),
    "frequent English words: a question with more of them than French ones is English",
    "general",
)
FRENCH_MARKERS = WordList(
    _split(
        "le la les est sont qui que quoi quand ou comment combien de des du et pour avec une un quel quelle"
    ),
    "frequent French words, the counterpart of ENGLISH_MARKERS",
    "grammar",
)
TEXTING = {
    "koi": "quoi", "pkoi": "pourquoi", "pk": "pourquoi", "pq": "pourquoi", "qd": "quand", "cmt": "comment",
    "cmnt": "comment", "ki": "qui", "kel": "quel", "kelle": "quelle", "kels": "quels", "kelles": "quelles",
    "cest": "c'est", "qqn": "quelqu'un", "qqch": "quelque chose", "bcp": "beaucoup", "ds": "dans",
    "svp": "s'il vous plaît", "stp": "s'il te plaît",
}  # fmt: skip
TEXTING_NOTE = (
    "common French SMS shorthands that are not also ordinary words, spelled out before a question is read; "
    "general (no PyPI package normalises French SMS writing, README)"
)

# --- Roles (answer/roles.py) -------------------------------------------------------------------------

OFFICES = WordList(
    (
        "pr[ée]sidente?",
        "maire",
        "adjointe?",
        "pr[ée]f[eè]te?",
        "ministre",
        "secr[ée]taire\\s+g[ée]n[ée]rale?",
        "secr[ée]taire\\s+d['’][ée]tat",
        "d[ée]put[ée]e?",
        "s[ée]nat(?:eur|rice)",
        "direct(?:eur|rice)",
        "conseill(?:er|[eè]re)",
        "d[ée]l[ée]gu[ée]e?",
        "rect(?:eur|rice)",
        "commissaire",
        "g[ée]rante?",
        "fondat(?:eur|rice)",
        "responsable",
        "PDG",
    ),
    "offices that follow a name in an apposition ('Jeanne Dupont, maire de la ville'), and whose holder "
    "a 'qui est le maire …' or 'quel est le nom de la préfète …' question asks for, and who does what a "
    "'qui' question asks ('le préfet "
    "vérifie que …': `question._names_agent`), unfolded forms",
    "general (French public and business offices)",
)

# --- Statement checking (answer/facts.py) -------------------------------------------------------------

ORGANISATION_WORDS = WordList(
    _split(
        "region prefecture ministere conseil agence banque caisse chambre communaute metropole "
        "agglomeration commune departement etat gouvernement office direction syndicat association "
        "federation universite societe groupe comite commission institut fondation cci bpifrance "
        "territoires service services"
    ),
    "nouns that make a capitalised name an organisation ('Banque des Territoires', 'Région Occitanie'), "
    "and name a body that does what a 'qui' question asks ('la commission administrative doit arrêter …': "
    "`question._names_agent`)",
    "general (kinds of French public bodies and companies)",
)

OPENING_CONNECTORS = WordList(
    ("par ailleurs", "en outre", "enfin", "de plus", "ainsi", "aussi", "egalement", "en effet"),
    "connectors that open a release's sentence and mean nothing outside it: cut when the claims set "
    "turns a clause into a statement (evaluation/claims.py)",
    "grammar (French discourse connectors)",
)

FIGURE_HEDGES = WordList(
    _split("environ pres presque quelque quelques approximativement plus moins"),
    "words that qualify a figure ('près de 8 200', 'environ 4 000'): part of the fact, not of its subject",
    "grammar (French approximators)",
)

# --- LLM sources (answer/llm.py) ---------------------------------------------------------------------

AI_ADDRESSEES = WordList(
    _split("outil assistant modele ia ai llm chatbot robot agent systeme system model tool"),
    "names by which a text addresses an AI model: such sentences are kept out of the prompt",
    "general (names of AI tools in French and English)",
)

AI_NAMES = WordList(
    (
        "ia",
        "ai",
        "llm",
        "chatbot",
        "gpt\\w*",
        "modeles? de langage",
        "language models?",
        "intelligences? artificielles?",
        "assistants? (?:virtuels?|ia|ai)",
        "ai models?",
    ),
    "names that can only mean an AI model (unlike 'outil' or 'agent'): a sentence addressing one as its "
    "reader is kept out of the LLM's prompt",
    "general (French and English names of AI models)",
)

ALL: dict[str, WordList] = {
    name: value for name, value in dict(globals()).items() if isinstance(value, WordList) and name.isupper()
}


def compile_words(entry: WordList, flags: int = 0) -> re.Pattern[str]:
    r"""`\b(entries)\b` as a compiled pattern."""
    return re.compile(rf"\b{entry.pattern()}\b", flags)
