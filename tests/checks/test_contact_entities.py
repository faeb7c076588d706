"""Contact runs: the person is the entity. A correct contact profile drawn from the person's own
records (a directory entry, a vCard, the employer's team page) passes; a field copied from the
namesake at a look-alike firm, or a title the prose gives that no source states, is still flagged."""

from __future__ import annotations

import json

from tests.checks.test_false_alarms import Otel, _fields, _serious

_TASK = {"name": "Irene Vaszary", "company": "Kelvora Werke"}
_CARDS = (
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Irene Vaszary Holm\r\nN:Vaszary Holm;Irene;;;\r\n"
    "ORG:Kelvorra Werke AG\r\nTITLE:Head of Finance\r\nTEL;TYPE=work:+41 44 668 1200\r\n"
    "EMAIL;TYPE=work:i.vaszary@kelvorra.ch\r\nURL;TYPE=work:https://www.kelvorra.ch\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Irene Vaszary Holm\r\nN:Vaszary Holm;Irene;;;\r\n"
    "ORG:Kelvora Werke GmbH\r\nTITLE:Procurement Lead\r\nTEL;TYPE=work:+49 89 2231 7750\r\n"
    "EMAIL;TYPE=work:irene.vaszary@kelvora.de\r\nURL;TYPE=work:https://www.kelvora.de\r\nEND:VCARD\r\n"
)
_TEAM = (
    "# Kelvora Werke · Unser Team\n\n| Name | Funktion | Durchwahl |\n|---|---|---|\n"
    "| Jonas Reuter | Vertriebsleiter | |\n| Irene Vaszary Holm | Procurement Lead | 089 2231 7750 |\n\n"
    "Irene ist seit 2017 bei Kelvora Werke.\n\nZentrale 089 2231 7000 · kelvora.de\n"
)
_DIRECTORY = json.dumps({"results": [{"fullName": "Irene Vaszary Holm", "title": "Procurement Lead",
                                      "organization": {"name": "Kelvora Werke", "domain": "kelvora.de"},
                                      "location": {"city": "München", "countryCode": "DE"}}]})
_TOOLS = [("people_lookup", _DIRECTORY), ("crm_vcards", _CARDS), ("team_page", _TEAM)]
_RIGHT = {"full_name": "Irene Vaszary Holm", "job_title": "Procurement Lead", "employer": "Kelvora Werke",
          "employer_domain": "kelvora.de", "work_email": "irene.vaszary@kelvora.de", "phone": "+49 89 2231 7750",
          "city": "München", "bio": "Irene Vaszary Holm works as Procurement Lead for Kelvora Werke in München "
                                   "and has been with the company since 2017."}


def test_a_correct_contact_profile_passes(otel: Otel) -> None:
    assert _serious(otel, _TASK, _TOOLS, _RIGHT) == []


def test_the_namesakes_phone_from_a_lookalike_firm_is_flagged(otel: Otel) -> None:
    wrong = {**_RIGHT, "phone": "+41 44 668 1200"}
    assert "phone" in _fields(_serious(otel, _TASK, _TOOLS, wrong))


def test_a_title_in_the_bio_that_no_source_states_is_flagged(otel: Otel) -> None:
    wrong = {**_RIGHT, "bio": _RIGHT["bio"].replace("works as Procurement Lead", "works as Director of Marketing")}
    assert "bio" in _fields(_serious(otel, _TASK, _TOOLS, wrong))


def test_an_employer_given_by_its_domain_is_named_by_its_pages(otel: Otel) -> None:
    task = {"full_name": "Irene Vaszary Holm", "company_domain": "kelvora.de"}
    assert _serious(otel, task, _TOOLS, _RIGHT) == []


def test_a_profile_address_no_source_gives_is_flagged(otel: Otel) -> None:
    right = {**_RIGHT, "linkedin_url": None}
    assert "linkedin_url" not in _fields(_serious(otel, _TASK, _TOOLS, right))
    guessed = {**_RIGHT, "linkedin_url": "linkedin.com/in/irene-vaszary-holm"}
    assert "linkedin_url" in _fields(_serious(otel, _TASK, _TOOLS, guessed))


def test_a_colleagues_title_is_flagged(otel: Otel) -> None:
    assert "job_title" in _fields(_serious(otel, _TASK, _TOOLS, {**_RIGHT, "job_title": "Vertriebsleiter"}))


_TWO_MATCHES = json.dumps({"matches": [
    {"person": {"given": "Irene", "family": "Vaszary Holm"}, "position": "Head of Finance",
     "org": {"label": "Kelvorra Werke AG", "web": "https://kelvorra.ch"}},
    {"person": {"given": "Irene", "family": "Vaszary Holm"}, "position": "Procurement Lead",
     "org": {"label": "Kelvora Werke GmbH", "web": "https://kelvora.de"}}]})


def test_the_namesakes_title_in_a_directory_match_is_flagged(otel: Otel) -> None:
    """The title stands before the employer in each match: the match's employer says whose it is."""
    tools = [("people_lookup", _TWO_MATCHES), ("team_page", _TEAM)]
    assert "job_title" not in _fields(_serious(otel, _TASK, tools, _RIGHT))
    assert "job_title" in _fields(_serious(otel, _TASK, tools, {**_RIGHT, "job_title": "Head of Finance"}))
