"""The data card written next to the shipped models: what they were trained on, how, and how they
score on the dev part (the test part is reported by `ti-assistant eval`, never used here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ti_assistant.answer.confidence import Models, TreeModel
from ti_assistant.answer.corpus import FAQ
from ti_assistant.answer.extractive import (
    MIN_EXCERPT_WORDS,
    QUOTED_WORDS_TARGET,
    UNCERTAIN_WORDS,
    WHOLE_CONTENDER_AT,
)
from ti_assistant.evaluation.training import (
    BAR_BAGS,
    PRECISION_FLOOR,
    PRECISION_TARGET,
    SMALL_CORPUS_ARTICLES,
)


def write_data_card(path: Path, models: Models, card: dict[str, Any]) -> Path:
    sections = (_training(card), _thresholds(models, card), _dev(card), _weights_tables(models), LIMITS)
    path.write_text("\n".join(line for section in sections for line in section) + "\n", encoding="utf-8")
    return path


def _training(card: dict[str, Any]) -> list[str]:
    """When and how the models were trained, on which data."""
    return [
        "# Modèles de réponse — fiche de données",
        "",
        f"Entraînés le {card['date']} par `ti-assistant train` (`make train`), graine {card['seed']} ; chaque",
        f"modèle d'arbres est la moyenne (en log-cotes) de {card['seeds']} ajustements, graines {card['seed']} à",
        f"{card['seed'] + card['seeds'] - 1} (depuis la seizième séance : deux entraînements d'un arbre chacun, de",
        "codes qui ne différaient que par une règle de familles de mots, donnaient sur PIAF dev 24,7 et 25,5 % de",
        "réponses sûres, 76,1 et 77,9 % de questions hors corpus refusées ; deux avec la moyenne, du même code,",
        "26,7 et 26,2 %, 76,4 et 76,1 % ; la CNIL, 102 questions, reste sensible au seuil : 25,5 et 21,6 %). Deux",
        "entraînements du même code ne donnent pas tout à fait les mêmes modèles : le graphe HNSW que Chroma",
        "construit à l'indexation n'est pas déterministe (deux index des mêmes vecteurs, insérés dans le même",
        "ordre, ne rendent pas les mêmes 20 voisins pour 6 à 24 questions sur 1 500, même sur un seul fil,",
        "mesuré le 2026-12-03), et les arbres amplifient l'écart (35 144 contre 35 146 phrases d'entraînement ;",
        "seuils 0,766 et 0,760, refus 0,106 et 0,104 ; réponses sûres de PIAF dev 19,8 et 21,6 % pour deux",
        "entraînements de la huitième séance). La recherche explore le graphe largement (`hnsw:search_ef` 400) :",
        "avec le réglage par défaut, les écarts étaient quarante fois plus nombreux.",
        "",
        "## Données",
        "",
        "PIAF v1.0 (Etalab, licence MIT ; paragraphes de Wikipédia) et la FAQ de la CNIL du jeu piaf-ml (des",
        "articles officiels proches les uns des autres), lus dans `../shared/data`, jamais copiés ici. Chaque jeu",
        "est découpé par article (graine 0, 60 / 20 / 20 %) : "
        + ", ".join(
            f"{name} {n} articles / {card['questions'][name]} questions"
            for name, n in card["articles"].items()
        )
        + ". Les parties test ne sont lues que par `ti-assistant eval` ; CRPA et DILA ne servent jamais ici.",
        "",
        "Chaque question est posée deux fois : avec son article indexé, et avec tous les paragraphes de son",
        "article retirés de la recherche, ainsi que tout document qui redit une phrase de sa réponse (huit mots",
        "ou plus : une FAQ se recopie) — « hors corpus », la réponse n'est alors dans aucun document.",
        "",
        f"- modèle de phrases : {card['sentence_rows']} phrases candidates des questions train (étiquette : la phrase contient la réponse de référence, ou en est l'une des phrases), classées question par question (la phrase qui répond avant les autres : YetiRank de catboost), leurs scores ramenés à une probabilité par une droite logistique apprise sur des questions que le classeur n'a pas vues ;",
        f"- modèle de confiance : {card['confidence_rows']} questions train, avec et sans leur article, posées sur les jeux indexés ensemble puis sur {card.get('small_corpora', 0)} petits corpus de quelques articles de leur jeu ({', '.join(map(str, SMALL_CORPUS_ARTICLES))} articles tour à tour : un petit corpus a moins de passages proches d'une question qu'il ne couvre pas), chaque jeu pesant autant que l'autre (étiquette : les citations composées contiennent la réponse, ou l'une de ses phrases).",
        "",
    ]


def _thresholds(models: Models, card: dict[str, Any]) -> list[str]:
    """Each threshold, the rule that chose it on dev, and the tables it was chosen from."""
    return [
        "## Seuils (choisis sur la partie dev)",
        "",
        "Les questions dev de chaque jeu sont posées sur ce jeu indexé seul, comme `ti-assistant eval` et le produit indexent un corpus ; celles de train, sur les jeux indexés ensemble.",
        "",
        f"- réponse donnée comme sûre à partir d'une confiance de {models.answer_at:.3f} (le plus bas seuil où la borne basse bootstrap (5e centile) des réponses sûres justes, tous jeux dev ensemble, atteint {PRECISION_TARGET * 100:.0f} %, et où **chaque** jeu pris seul garde ≥ {PRECISION_FLOOR * 100:.0f} % de réponses sûres justes et ≤ 5 % de questions hors corpus répondues avec assurance (95e centile bootstrap) ; une réponse est juste si ses citations contiennent la réponse de référence ou, quand celle-ci est un paragraphe entier comme à la CNIL, l'une de ses phrases) — la médiane de ce seuil sur {BAR_BAGS} rééchantillonnages bootstrap des questions dev (chacune avec sa jumelle hors corpus, dans son jeu) : le seuil d'un seul tirage saute d'une poignée de questions à l'autre ;",
        *(
            [
                f"- refus quand la probabilité que le corpus contienne la réponse (modèle de présence : les variables de la confiance, la chute des cosinus des passages les plus proches et la part des passages lus que les deux recherches ont trouvés, appris sur les questions train posées avec et sans leur article) est sous {models.absent_below:.3f} (au plus 15 % des questions avec réponse refusées dans chaque jeu, 95e centile bootstrap sur dev ; choisi en premier, il sépare mieux les questions hors corpus que la confiance) ;"
            ]
            if models.presence is not None
            else []
        ),
        f"- refus en dessous d'une confiance de {models.refuse_below:.3f} (au plus 15 % des questions avec réponse refusées dans chaque jeu, 95e centile bootstrap sur dev), là où le modèle de présence n'est pas lu — moins de 20 passages proches venus de 5 documents, un corpus d'un seul communiqué ; entre les deux : « incertain », les passages les plus proches à vérifier ;",
        *(
            f"- pour une foire aux questions (`TI_CORPUS_KIND=faq`, ou `auto` quand le corpus n'est pas fait de communiqués et que la moitié au moins des titres sont des questions) : les mêmes règles, appliquées aux seuls jeux dev de ce genre ({', '.join(card.get('kind_sets', {}).get(kind, []))}) — réponse sûre à partir de {rules.answer_at:.3f}, refus sous une probabilité de présence de {models.for_kind(kind).absent_below:.3f}, sinon sous une confiance de {rules.refuse_below:.3f} ;"
            for kind, rules in models.kinds
            if kind == FAQ
        ),
        f"- seconde citation si sa probabilité atteint {models.second_quote_at:.2f} fois celle de la première (le seuil le plus large qui garde la médiane des mots cités sous {QUOTED_WORDS_TARGET}) ;",
        f"- une réponse incertaine cite aussi les phrases suivantes les mieux notées, de son passage ou d'un autre, si leur probabilité atteint {models.contender_at:.2f} fois celle de la meilleure, dans les {UNCERTAIN_WORDS} mots qu'un lecteur vérifie — un extrait d'au moins {MIN_EXCERPT_WORDS} mots autour des mots de la question quand la phrase entière les dépasserait, sauf si sa probabilité atteint {WHOLE_CONTENDER_AT:.1f} fois celle de la première citation : elle est alors citée entière, jusqu'au double de ces mots (le seuil le plus large qui garde sous {UNCERTAIN_WORDS} la médiane des mots cités des réponses telles que données, sûres ou incertaines, hors corpus compris, jusqu'à sa borne haute à 95 % par rééchantillonnage : un seuil choisi au ras de l'objectif le manquerait une fois sur deux sur d'autres questions).",
        f"- une question en anglais, sans mot commun avec le texte, reçoit comme couverture (similarité − {models.semantic_floor:.3f}) / {models.semantic_span:.3f}, bornée à [0, 1] : la droite qui donne aux similarités des phrases candidates des questions françaises (partie train) la moyenne et l'écart type de leur couverture.",
        "",
        "Seconde citation, mesurée sur la partie dev de PIAF (questions avec réponse ; les réponses de référence de la CNIL sont des paragraphes entiers) :",
        "",
        "| seuil | citations contenant la réponse | mots cités (médiane) |",
        "|---|---|---|",
        *[f"| {bar} | {cover:.1%} | {words:.0f} |" for bar, (cover, words) in card["second_quote"].items()],
        "",
        f"Une phrase qui contient ce qui est demandé (date, chiffre, nom…) passe en tête si sa probabilité atteint {models.typed_lead_at:.2f} fois celle de la meilleure (ou si elle contient les mots de la question autant que la phrase qui en contient le plus : `extractive.typed_lead`) — le plus bas des seuils que la partie dev ne distingue pas du meilleur (moins bon que lui dans moins de 95 % des rééchantillonnages bootstrap appariés) :",
        "",
        "| seuil | citations contenant la réponse |",
        "|---|---|",
        *[f"| {bar} | {cover:.1%} |" for bar, (cover, _) in card["typed_lead"].items()],
        "",
        "Réponse incertaine citant d'autres phrases proches, mesurée sur la partie dev de PIAF (réponses telles que données ; 1.01 : jamais) :",
        "",
        "| seuil | passage de référence montré | mots cités (médiane) | borne haute à 95 % |",
        "|---|---|---|---|",
        *[
            f"| {bar} | {cover:.1%} | {words:.0f} | {bound:.1f} |"
            for bar, (cover, words, bound) in card["contender"].items()
        ],
        "",
    ]


def _dev(card: dict[str, Any]) -> list[str]:
    """How the shipped models score on the dev part, pooled and per set."""
    dev = card["dev"]
    return [
        "## Sur la partie dev",
        "",
        f"- réponses sûres justes : {dev['confident_correct']:.1%}",
        f"- questions hors corpus répondues avec assurance : {dev['loo_confident']:.1%}",
        f"- questions avec réponse refusées : {dev['answerable_refused']:.1%}",
        f"- questions avec réponse répondues avec assurance : {dev['sure_answerable']:.1%}",
        f"- questions hors corpus refusées : {dev['loo_refused']:.1%}",
        f"- AUC (réponse juste contre fausse ou hors corpus) : {dev['auc']:.3f}",
        "",
        "Chaque jeu pris seul, aux seuils du genre de texte pour lequel le produit le prend"
        + "".join(f" ({', '.join(sets)} : `{kind}`)" for kind, sets in card.get("kind_sets", {}).items())
        + " ; les chiffres ci-dessus, tous jeux ensemble, aux seuils généraux :",
        "",
        "| jeu (dev) | réponses sûres justes | hors corpus répondues avec assurance | questions avec réponse refusées | avec réponse sûres | hors corpus refusées | AUC |",
        "|---|---|---|---|---|---|---|",
        *[
            f"| {name} | {d['confident_correct']:.1%} | {d['loo_confident']:.1%} | {d['answerable_refused']:.1%} | {d['sure_answerable']:.1%} | {d['loo_refused']:.1%} | {d['auc']:.3f} |"
            for name, d in card.get("dev_by_set", {}).items()
        ],
        "",
    ]


def _weights_tables(models: Models) -> list[str]:
    lines = ["## Poids", ""]
    for title, model in (
        ("phrases", models.sentence),
        ("phrases, seconde lecture", models.sentence_check),
        ("confiance", models.confidence),
        ("confiance, seconde lecture", models.confidence_check),
        ("présence de la réponse dans le corpus", models.presence),
    ):
        if model is None:
            continue
        if isinstance(model, TreeModel):
            header = f"{model.splits.shape[0]} arbres de profondeur {model.depth} ; part de chaque variable dans leurs décisions"
            column = "part"
        else:
            header, column = "régression logistique, variables centrées réduites", "poids"
        lines += [f"### {title} ({header})", "", f"| variable | {column} |", "|---|---|"]
        lines += [f"| {name} | {w:+.3f} |" for name, w in model.importances()]
        lines += [f"| (constante) | {model.bias:+.3f} |", ""]
    return lines


LIMITS = (
    "## Limites",
    "",
    "Appris sur des paragraphes encyclopédiques et des questions de lecteurs ; mesurés aussi sur des textes",
    "officiels jamais vus (CNIL, CRPA, `ti-assistant eval`). Une réponse juste peut rester « incertaine » :",
    "la bonne phrase n'est classée première que six fois sur dix environ (dev).",
)
