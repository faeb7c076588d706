"""Failures dressed as success in other languages and shapes: a tool's apology, a status note beside
null data, and structured results (vCard, markdown table, YAML) cut before their end."""

from __future__ import annotations

import json

import pytest

from .test_steps_otlp import Model, make_run, run_check, silent, tool

OUTPUT = '{"name": "Acme Robotics"}'


def _failures(result: str) -> list[str | None]:
    run = make_run([tool(result, http=200, convention="oi"), Model(OUTPUT, convention="oi")])
    return [f.evidence.get("failure") for f in silent(run_check(run))]


@pytest.mark.parametrize(
    "result",
    [
        "Es tut mir leid, ich konnte die Seite nicht abrufen.",
        "Je suis désolée, je ne peux pas accéder à ce site pour le moment.",
        "Lo siento, no puedo acceder a ese directorio ahora mismo.",
        "Mi dispiace, non posso accedere a questa pagina.",
        "Het spijt me, ik kan deze pagina niet openen.",
        "Desculpe, não consigo aceder a esta página.",
        "Sorry, I am unable to access this website at the moment.",
    ],
)
def test_a_tool_that_apologises_has_failed(result: str) -> None:
    assert _failures(result) == ["refusal"]


def test_a_long_page_that_opens_with_an_apology_is_content() -> None:
    page = "Es tut mir leid, sagte die Sprecherin, als sie die Zahlen vorstellte. " + (
        "Die Firma beschäftigt zweihundert Menschen in Köln und plant neue Standorte im Süden. " * 6
    )
    assert _failures(page) == []


@pytest.mark.parametrize(
    ("result", "failure"),
    [
        ({"status": "ok", "data": None, "note": "Kontingent überschritten für diesen Schlüssel"}, "rate_limit"),
        ({"ok": True, "records": [], "notice": "Cuota agotada, vuelva mañana"}, "rate_limit"),
        ({"result": None, "message": "Service temporairement indisponible"}, "error_page"),
        ({"data": {}, "warning": "quota exceeded for this API key"}, "rate_limit"),
    ],
)
def test_an_empty_payload_beside_a_status_note_has_failed(result: dict[str, object], failure: str) -> None:
    assert _failures(json.dumps(result, ensure_ascii=False)) == [failure]


def test_a_note_beside_real_data_is_no_failure() -> None:
    record = {"name": "Acme Robotics", "employees": 120, "note": "quota exceeded figures were revised in 2023"}
    assert _failures(json.dumps(record)) == []


@pytest.mark.parametrize(
    ("result", "why"),
    [
        ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Jana Novak\r\nORG:Acme Robotics GmbH\r\nTITLE:Leiterin Einkauf\r\nEMAIL;TY",
         "vCard"),
        ("| Firma | Stadt | Mitarbeiter |\n|---|---|---|\n| Acme Robotics GmbH | Köln | 120 |\n| Acme Robotics AG | Ba",
         "markdown table"),
        ("# bron: bedrijvengids\nbedrijf:\n  naam: Acme Robotics B.V.\n  website: https://acme.example.nl\n  medewerk",
         "YAML"),
        ("entreprise:\n  nom: Acme Robotique SAS\n  ville: Lyon\n  effectif:", "YAML"),
    ],
)
def test_a_structured_result_cut_before_its_end_has_failed(result: str, why: str) -> None:
    run = make_run([tool(result, http=200, convention="oi"), Model(OUTPUT, convention="oi")])
    [found] = silent(run_check(run))
    assert found.evidence["failure"] == "truncated" and why in found.message, found.message


@pytest.mark.parametrize(
    "result",
    [
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jana Novak\r\nORG:Acme Robotics GmbH\r\nEND:VCARD\r\n",
        "| Empresa | Ciudad | Empleados |\n|---|---|---|\n| Acme Robotics S.L. | Madrid | 120 |\n",
        "empresa:\n  nombre: Acme Robotics S.L.\n  ciudad: Madrid\n  empleados: 120\n",
        "Notas de la reunión:\n- Acme Robotics abre oficina en Madrid\n- la plantilla crece",
    ],
)
def test_a_complete_structured_result_is_no_failure(result: str) -> None:
    assert _failures(result) == []
