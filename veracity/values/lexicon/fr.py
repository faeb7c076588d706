"""French words (folded to lower case; accents kept, with their unaccented spellings where
writers drop them).

>>> "non communiqué" in LEXICON.missing, LEXICON.tens["vingt"], LEXICON.months["février"]
(True, 20, 2)
"""

from __future__ import annotations

from .base import Lexicon

# fmt: off
LEXICON = Lexicon(
    code="fr",
    articles=frozenset({"l", "la", "le", "les", "un", "une"}),
    missing=frozenset(
        {
            "inconnu", "inconnue", "non communiqué", "non communique", "nc", "n.c.", "non disponible",
            "non renseigné", "non renseigne", "non précisé", "non precise", "non divulgué", "non divulgue",
            "non publié", "non publie", "non applicable", "sans objet", "aucune donnée", "aucune information",
            "pas de données", "pas d'information", "confidentiel", "indisponible", "vide", "manquant",
            "non connu", "néant", "neant",
        }
    ),
    missing_phrases=(
        r"inconnue?|non (?:communiqu[ée]e?|disponible|renseign[ée]e?|pr[ée]cis[ée]e?|divulgu[ée]e?|publi[ée]e?|connue?)"
        r"|aucune (?:donn[ée]e|information)|pas de donn[ée]es|sans objet|indisponible",
    ),
    missing_filler=frozenset(
        {
            "chiffre", "d'affaires", "affaires", "effectif", "effectifs", "employés", "salariés", "nombre",
            "données", "information", "informations", "valeur", "montant", "actuellement", "publiquement",
            "encore", "est", "sont", "était", "entreprise", "société", "privée", "privé", "le", "la", "les",
            "l'", "un", "une", "de", "du", "des", "pour", "ce", "moment", "pas", "champ", "année", "date",
            "téléphone", "adresse", "site", "domaine", "fondateur", "nom", "financement", "valorisation",
        }
    ),
    private=frozenset({"privé", "privée", "prive", "privee", "société privée", "confidentiel"}),
    rate_limit=(
        "trop de requêtes", "trop de requetes", "trop de demandes", "limite de requêtes", "limite de débit",
        "quota dépassé", "quota depasse", "limite atteinte",
    ),
    function_words=frozenset(
        {
            "et", "ou", "le", "la", "les", "un", "une", "de", "du", "des", "au", "aux", "en", "dans", "sur",
            "pour", "par", "avec", "sans", "que", "qui", "est", "sont", "était", "été", "ce", "cette", "ces",
            "il", "elle", "ils", "son", "sa", "ses", "leur", "plus", "moins", "pas", "ne", "se", "a",
        }
    ),
    stop_words=frozenset(
        {"et", "ou", "le", "la", "les", "un", "une", "de", "du", "des", "en", "dans", "sur", "pour", "par", "avec", "est"}
    ),
    # Words of job titles (see Lexicon.job_words).
    job_words=frozenset(
        {
            "achats", "acheteur", "acheteuse", "chargé", "chargée", "chef", "commercial", "commerciale",
            "consultant", "consultante", "directeur", "directrice", "développeur", "développeuse",
            "ingénieur", "ingénieure", "responsable", "ventes",
        }
    ),
    money_words=frozenset(
        {
            "budget", "bénéfice", "bénéfices", "capital", "coût", "financement", "investissement", "levée",
            "perte", "pertes", "prix", "recettes", "revenus", "salaire", "valorisation",
        }
    ),
    yes_words=frozenset({"oui", "vrai"}),
    no_words=frozenset({"faux", "non"}),
    org_words=frozenset(
        {
            "agence", "association", "assurances", "banque", "compagnie", "conseil", "fondation",
            "fédération", "groupe", "hôpital", "industries", "institut", "ministère", "services", "société",
            "syndicat", "systèmes", "technologies", "université", "école",
        }
    ),
    titles=frozenset({"madame", "mademoiselle", "mlle", "mme", "monsieur"}),
    postal_abbreviations={
        "bld": "boulevard", "bd": "boulevard", "bvd": "boulevard", "imp": "impasse", "chem": "chemin",
        "fbg": "faubourg", "r": "street", "rue": "street", "av": "avenue", "ave": "avenue", "pl": "place",
        "rte": "route", "et": "floor", "etage": "floor", "bat": "building", "batiment": "building",
        "bp": "po box", "cs": "po box",
    },
    approx_words=frozenset(
        {
            "approximativement", "autour de", "env.", "environ", "estimé à", "jusqu'à", "moins de",
            "plus de", "près de", "quelque",
        }
    ),
    lower_bound_words=frozenset({"plus de"}),
    upper_bound_words=frozenset({"jusqu'à", "moins de"}),
    magnitudes={
        "milliard": 1000000000.0, "md": 1000000000.0, "milliards": 1000000000.0, "mds": 1000000000.0,
    },
    decimal_comma_magnitudes=frozenset({"md", "mds", "milliard", "milliards"}),
    ones={
        "zéro": 0, "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
        "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14,
        "quinze": 15, "seize": 16,
    },
    tens={
        "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60,
        "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
    },
    scales={"cent": 100, "cents": 100, "mille": 1000, "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9},
    counted_nouns={"douzaine": 12, "paire": 2},
    number_joiners=("et",),
    ambiguous_numbers=frozenset({"un", "une", "six", "sept", "cent", "cents", "million", "neuf", "dix"}),
    status_phrases={
        "rate_limit": r"trop de (?:requêtes|demandes)|limite de (?:requêtes|débit) (?:dépassée|atteinte)"
        r"|(?:vous avez|a) (?:dépassé|atteint) (?:le nombre(?: maximal)?|la limite|le quota) (?:de|des) (?:requêtes|demandes)"
        r"|quota (?:dépassé|épuisé)|réessayez dans \d+ ?(?:s|sec|secondes|minutes)",
        "captcha": r"vérifiez que vous êtes (?:un )?humain|êtes-vous un robot ?\?|je ne suis pas un robot|trafic inhabituel",
        "login_wall": r"connectez-vous pour (?:continuer|accéder|lire)|connexion requise|session expirée"
        r"|clé (?:d'api|api) (?:invalide|manquante)",
        "paywall": r"abonnez-vous pour (?:lire|continuer)|réservé aux abonnés",
        "error_page": r"erreur interne du serveur|service (?:temporairement )?indisponible|page (?:introuvable|non trouvée)"
        r"|une erreur (?:inattendue )?(?:s'est produite|est survenue)|un problème est survenu|en cours de maintenance"
        r"|délai d'attente (?:dépassé|expiré)",
    },
    status_leads={
        "rate_limit": r"^(?:trop de requêtes|limite de débit)\b",
        "login_wall": r"^(?:connexion|accès refusé|non autorisé)\b",
        "error_page": r"^(?:erreur|erreur serveur)(?:\s*\d{3}\b|\s*:|\s*$|\s*!)",
    },
    status_anchors={
        "rate_limit": ("requêtes", "demandes", "limite", "quota", "réessayez"),
        "captcha": ("robot", "humain", "trafic"),
        "login_wall": ("connect", "connexion", "session", "clé", "accès", "autorisé"),
        "paywall": ("abonn",),
        "error_page": ("erreur", "indisponible", "introuvable", "non trouvée", "problème", "maintenance", "délai"),
    },
    refusals=(
        r"^\W{0,3}(?:je suis désolée?|désolée?, (?:mais )?je\b|malheureusement,? je ne peux pas"
        r"|en tant qu'(?:ia|intelligence artificielle)\b|je ne (?:peux pas|suis pas en mesure de) (?:vous )?"
        r"(?:aider|fournir|répondre|accéder|donner))|en tant que modèle de langage",
    ),
    timeout_words=("délai d'attente",),
    weak_values=frozenset({"inconnu", "inconnue", "non communiqué", "nc", "non disponible", "non renseigné", "confidentiel", "privé"}),
    null_words=frozenset({"inconnu", "inconnue", "non communiqué", "nc", "non disponible"}),
    months={
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
        "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
        "janv": 1, "févr": 2, "fevr": 2, "avr": 4, "juil": 7, "sept": 9, "oct": 10, "nov": 11, "déc": 12,
    },
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    # Sentence structure (see Lexicon): what ties a value in prose to the words that govern it.
    prepositions=frozenset({'après', 'au', 'aux', 'avant', 'avec', 'chez', 'comme', 'contre', 'dans', 'de', 'depuis', 'des', 'du', 'en', 'entre', 'par', 'parmi', 'pendant', 'pour', 'sans', 'selon', 'sous', 'sur', 'vers', 'à'}),
    genitives=frozenset({'d', 'de', 'des', 'du'}),
    copulas=frozenset({'demeure', 'devient', 'devint', 'est', 'furent', 'fut', 'reste', 'sont', 'étaient', 'était'}),
    determiners=frozenset({'a', 'aussi', 'avaient', 'avait', 'ce', 'ces', 'cet', 'cette', 'ensuite', 'l', 'la', 'le', 'les', 'leur', 'leurs', 'ma', 'mes', 'mon', 'nos', 'notre', 'ont', 'puis', 'sa', 'ses', 'son', 'un', 'une', 'été'}),
    clause_openers=frozenset({'bien', 'lorsque', 'mais', 'où', 'parce', 'quand', 'que', 'qui', 'tandis'}),
    non_exhaustive=(r"notamment|dont|parmi lesquels|parmi lesquelles|par exemple|tels? que|telles? que|entre autres|plusieurs|divers|diverses|nombreux|nombreuses|certains|certaines",),
)
# fmt: on
