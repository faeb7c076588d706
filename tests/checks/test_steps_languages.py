"""Silent step failures written in German, French and Spanish (the lexicon's status phrases)."""

from __future__ import annotations

import json

import pytest

from .test_steps_otlp import Model, make_run, run_check, silent, tool

FAILURES = [
    ("rate_limit", "<html><head><title>429</title></head><body><h1>Zu viele Anfragen</h1></body></html>"),
    ("rate_limit", "Trop de requêtes. Réessayez dans 60 secondes."),
    ("rate_limit", '{"error": {"code": 429, "message": "Demasiadas solicitudes"}}'),
    ("error_page", "<html><head><title>Interner Serverfehler</title></head><body>Interner Serverfehler</body></html>"),
    ("error_page", "Service temporairement indisponible"),
    ("error_page", "<html><body><h1>Página no encontrada</h1></body></html>"),
    ("login_wall", "<html><head><title>Anmelden</title></head><body><h1>Melden Sie sich an, um fortzufahren</h1></body></html>"),
    ("login_wall", "<html><head><title>Connexion</title></head><body><h1>Connectez-vous pour continuer</h1></body></html>"),
    ("captcha", "<html><body><h2>¿Eres un robot?</h2><p>Verifica que eres humano.</p></body></html>"),
    ("paywall", "Abonnez-vous pour lire la suite. Réservé aux abonnés."),
    ("placeholder", json.dumps({"name": "unbekannt", "revenue": "k. A.", "employees": "unbekannt", "ceo": "k. A."})),
    ("placeholder", json.dumps({"nom": "inconnu", "ca": "non communiqué", "effectif": "inconnu", "pdg": "inconnu"})),
]


@pytest.mark.parametrize(("failure", "result"), FAILURES)
def test_silent_failure_in_another_language(failure: str, result: str) -> None:
    run = make_run([tool(result, http=200, convention="oi"), Model('{"name": "Acme Robotics"}', convention="oi")])
    [found] = silent(run_check(run))
    assert found.evidence["failure"] == failure, found.message


@pytest.mark.parametrize(
    "reply",
    [
        "Es tut mir leid, aber ich kann Ihnen dabei nicht helfen.",
        "Je suis désolé, je ne peux pas vous aider avec cette demande.",
        "Lo siento, no puedo ayudar con esa solicitud.",
    ],
)
def test_a_refusal_in_another_language(reply: str) -> None:
    run = make_run([tool('{"name": "Acme Robotics", "employees": 120}', http=200, convention="oi"), Model(reply, convention="oi")])
    kinds = {f.evidence.get("failure") for f in silent(run_check(run))}
    assert "refusal" in kinds, kinds


ARTICLE = (
    "<html><head><title>Neue Rechenzentren in Berlin</title></head><body><h1>Neue Rechenzentren in Berlin</h1>"
    "<p>Die Firma meldet, dass zu viele Anfragen ihre Server verlangsamen. Sie plant deshalb neue Rechenzentren in "
    "Berlin und München, um die Last besser zu verteilen. Im kommenden Jahr stellt sie dafür zweihundert Ingenieure "
    "ein, sagte die Sprecherin am Montag. Die Kosten nannte sie nicht; Analysten schätzen sie auf mehrere hundert "
    "Millionen Euro.</p></body></html>"
)


def test_an_article_about_rate_limits_is_no_failure() -> None:
    run = make_run([tool(ARTICLE, http=200, convention="oi"), Model('{"name": "Acme Robotics"}', convention="oi")])
    assert silent(run_check(run)) == []
