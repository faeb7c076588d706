"""False alarms on correct runs, one class per test: the correct run must pass and its wrong twin
must still be flagged. Traces are made by the real OpenTelemetry SDK and go through the pipeline."""

from __future__ import annotations

import json
from typing import Any

from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import Tracer

from tests.traces import to_protobuf
from veracity.checks import Context
from veracity.ingest import assemble, decode
from veracity.model import Finding
from veracity.pipeline import check_runs

Otel = tuple[Tracer, InMemorySpanExporter]


def _serious(otel: Otel, task: Any, tools: list[tuple[str, str]], output: dict[str, Any]) -> list[Finding]:
    """Run an agent that calls each tool (name, text it returned) then writes ``output``; its serious findings."""
    tracer, exporter = otel
    exporter.clear()
    with tracer.start_as_current_span("agent") as root:
        root.set_attribute("openinference.span.kind", "AGENT")
        root.set_attribute("input.value", task if isinstance(task, str) else json.dumps(task))
        for name, text in tools:
            with tracer.start_as_current_span(name) as t:
                t.set_attribute("openinference.span.kind", "TOOL")
                t.set_attribute("tool.name", name)
                t.set_attribute("input.value", json.dumps({"q": name}))
                t.set_attribute("output.value", text)
        with tracer.start_as_current_span("compose") as llm:
            llm.set_attribute("openinference.span.kind", "LLM")
            llm.set_attribute("output.value", json.dumps(output))
        root.set_attribute("output.value", json.dumps(output))
    (run,) = assemble(decode(to_protobuf(exporter.get_finished_spans())).spans)
    (verdict,) = check_runs([run], Context())
    return [f for f in verdict.findings if f.severity in ("critical", "major")]


def _fields(findings: list[Finding]) -> set[str | None]:
    return {f.field for f in findings}


# --- a money field whose name ends in an aggregation word ("funding_total") -------------------------

_FUNDING_TOOL = json.dumps({"match": {"name": "Falkenstein Foods Inc.", "website": "falkensteinfoods.com"},
                            "staffCount": 3604, "fundingTotal": "332000000 USD"})
_FUNDING_TASK = {"organisation": "Falkenstein Foods", "country": "US"}


def test_a_funding_total_stated_as_money_is_supported(otel: Otel) -> None:
    out = {"firm": "Falkenstein Foods Inc.", "headcount_total": 3604, "funding_total": 332000000}
    assert "funding_total" not in _fields(_serious(otel, _FUNDING_TASK, [("company_db", _FUNDING_TOOL)], out))


def test_a_wrong_funding_total_is_still_flagged(otel: Otel) -> None:
    out = {"firm": "Falkenstein Foods Inc.", "headcount_total": 3604, "funding_total": 532000000}
    assert "funding_total" in _fields(_serious(otel, _FUNDING_TASK, [("company_db", _FUNDING_TOOL)], out))


# --- postal abbreviations in French and German addresses ---------------------------------------------

_FR_PAGE = ("<html lang=\"fr\"><body><h1>Quellel Logistique</h1><p>Éditeur du site : Quellel Logistique SAS</p>"
            "<p>Siège social : 143 rue des Lilas, 9e étage, 31000 Toulouse</p></body></html>")
_DE_PAGE = ("<html lang=\"de\"><body><h1>Mirafeld Robotik</h1><p>Anbieter: Mirafeld Robotik GmbH</p>"
            "<p>Firmensitz: Mariahilfer Straße 63, 11. Obergeschoss, 1010 Wien</p></body></html>")


def test_abbreviated_french_and_german_addresses_are_supported(otel: Otel) -> None:
    fr = {"firm": "Quellel Logistique SAS", "address_line": "143 r. des Lilas, 9e ét., 31000 Toulouse"}
    de = {"firm": "Mirafeld Robotik GmbH", "address_line": "Mariahilfer Str. 63, 11. OG, 1010 Wien"}
    assert "address_line" not in _fields(_serious(otel, {"organisation": "Quellel Logistique"}, [("crawl", _FR_PAGE)], fr))
    assert "address_line" not in _fields(_serious(otel, {"organisation": "Mirafeld Robotik"}, [("crawl", _DE_PAGE)], de))


def test_an_abbreviated_address_with_another_number_is_still_flagged(otel: Otel) -> None:
    fr = {"firm": "Quellel Logistique SAS", "address_line": "145 r. des Lilas, 9e ét., 31000 Toulouse"}
    de = {"firm": "Mirafeld Robotik GmbH", "address_line": "Mariahilfer Str. 65, 11. OG, 1010 Wien"}
    assert "address_line" in _fields(_serious(otel, {"organisation": "Quellel Logistique"}, [("crawl", _FR_PAGE)], fr))
    assert "address_line" in _fields(_serious(otel, {"organisation": "Mirafeld Robotik"}, [("crawl", _DE_PAGE)], de))


# --- a sentence's opening article is not part of the company's name ----------------------------------

_PRESS = ("https://newsroom-europa.eu/releases/verdel-textil-1813\n\nHamburg, 26. März 2026 – Die Verdel Textil AG "
          "informiert über ihre Geschäftsentwicklung. Der Umsatz lag zuletzt bei 231 Millionen Euro. "
          "Das Unternehmen beschäftigt 3.186 Mitarbeiter.")
_SITE = ("<html lang=\"de\"><body><h1>Verdel Textil</h1><p>Anbieter: Verdel Textil AG</p>"
         "<p>3.186 Mitarbeiter</p></body></html>")


def test_a_press_release_opening_with_an_article_is_about_the_company(otel: Otel) -> None:
    out = {"firm": "Verdel Textil AG", "url": "https://verdel-textil.de/", "headcount_total": 3186,
           "turnover_amount": 231000000}
    found = _serious(otel, {"organisation": "Verdel Textil", "country": "DE"}, [("site", _SITE), ("news", _PRESS)], out)
    assert not [f for f in found if f.kind in ("blended_entity", "wrong_entity_field")], [f.message for f in found]
    assert "turnover_amount" not in _fields(found)


def test_a_wrong_turnover_beside_that_press_release_is_still_flagged(otel: Otel) -> None:
    out = {"firm": "Verdel Textil AG", "url": "https://verdel-textil.de/", "headcount_total": 3186,
           "turnover_amount": 431000000}
    found = _serious(otel, {"organisation": "Verdel Textil", "country": "DE"}, [("site", _SITE), ("news", _PRESS)], out)
    assert "turnover_amount" in _fields(found)


# --- German number formatting: a dot groups thousands -------------------------------------------------

_DE_NEWS = ("Leipzig, 1. März 2026 – Die Ostragate Textil AG informiert über ihre Geschäftsentwicklung. "
            "Das Unternehmen beschäftigt 1.219 Mitarbeiter.")
_DB = json.dumps({"match": {"name": "Silberova Lebensmittel GmbH", "website": "silberovalebensmittel.de"},
                  "staffCount": 6436})


def test_german_thousands_are_read_as_thousands(otel: Otel) -> None:
    news = _serious(otel, {"organisation": "Ostragate Textil"}, [("news", _DE_NEWS)],
                    {"name": "Ostragate Textil AG", "staff": 1219})
    db = _serious(otel, {"organisation": "Silberova Lebensmittel"}, [("company_db", _DB)],
                  {"entity_name": "Silberova Lebensmittel GmbH", "employees": "6.436"})
    assert "staff" not in _fields(news) and "employees" not in _fields(db), [f.message for f in news + db]


def test_another_headcount_in_german_format_is_still_flagged(otel: Otel) -> None:
    news = _serious(otel, {"organisation": "Ostragate Textil"}, [("news", _DE_NEWS)],
                    {"name": "Ostragate Textil AG", "staff": 1319})
    db = _serious(otel, {"organisation": "Silberova Lebensmittel"}, [("company_db", _DB)],
                  {"entity_name": "Silberova Lebensmittel GmbH", "employees": "6.536"})
    assert "staff" in _fields(news) and "employees" in _fields(db)


# --- a source the checker could not read in full: "could not check", not "unsupported" ---------------

_CUT = "Acme Robotics (acmerobotics.io), industrial robots. Leadership: Dana Liu, CEO. Offices: … [truncated]"
_FULL = "Acme Robotics (acmerobotics.io), industrial robots. Leadership: Dana Liu, CEO. Offices: San Francisco."
_ACME_OUT = {"name": "Acme Robotics", "domain": "acmerobotics.io", "employees": 230}


def _all(otel: Otel, page: str) -> list[Finding]:
    _serious(otel, {"company": "Acme Robotics"}, [("crawl", page)], _ACME_OUT)
    (run,) = assemble(decode(to_protobuf(otel[1].get_finished_spans())).spans)
    (verdict,) = check_runs([run], Context())
    return verdict.findings


def test_a_value_beside_a_cut_source_is_unchecked_not_unsupported(otel: Otel) -> None:
    found = _all(otel, _CUT)
    assert not [f for f in found if f.kind == "unsupported_value" and f.field == "employees"]
    assert [f for f in found if f.kind == "missing_evidence" and f.field == "employees" and f.severity == "minor"]
    assert any("could not be read in full" in f.message for f in found)


def test_the_same_value_beside_a_source_read_in_full_is_unsupported(otel: Otel) -> None:
    found = _all(otel, _FULL)
    assert [f for f in found if f.kind == "unsupported_value" and f.field == "employees"]


# --- the input's entity named inside a free-text prompt ------------------------------------------------

_PROMPT = "Enrich the profile of Acme Robotics GmbH (acmerobotics.de) for the sales team"
_OWN = json.dumps({"name": "Acme Robotics GmbH", "domain": "acmerobotics.de", "employees": 230})
_RIVAL = json.dumps({"name": "Acme Robotic Systems AG", "domain": "acmerobotic-systems.ch", "employees": 1200})


def test_a_prompt_names_the_input_entity(otel: Otel) -> None:
    out = {"name": "Acme Robotics GmbH", "domain": "acmerobotics.de", "employees": 230}
    found = _serious(otel, _PROMPT, [("lookup", _OWN), ("lookup", _RIVAL)], out)
    assert not found, [f.message for f in found]


def test_a_rivals_value_under_a_prompt_is_still_flagged(otel: Otel) -> None:
    out = {"name": "Acme Robotics GmbH", "domain": "acmerobotics.de", "employees": 1200}
    found = _serious(otel, _PROMPT, [("lookup", _OWN), ("lookup", _RIVAL)], out)
    assert "employees" in _fields(found), [f.message for f in found]


# --- a registry extract as semicolon-separated CSV -------------------------------------------------

_CSV = ("Firma;Registernummer;Sitz;Mitarbeiter;Umsatz EUR\n"
        "Nordlicht Solar GmbH;HRB 40213;Hamburg;1.219;48.500.000\n"
        "Nordlicht Wind AG;HRB 77120;Kiel;310;9.800.000\n")


def test_values_from_a_semicolon_csv_extract_are_supported(otel: Otel) -> None:
    out = {"name": "Nordlicht Solar GmbH", "employees": 1219, "revenue": 48500000}
    found = _serious(otel, {"company": "Nordlicht Solar"}, [("registry_export", _CSV)], out)
    assert not {"employees", "revenue"} & _fields(found), [f.message for f in found]


def test_the_other_rows_values_from_that_csv_are_still_flagged(otel: Otel) -> None:
    out = {"name": "Nordlicht Solar GmbH", "employees": 310, "revenue": 9800000}
    found = _serious(otel, {"company": "Nordlicht Solar"}, [("registry_export", _CSV)], out)
    assert {"employees", "revenue"} <= _fields(found), [f.message for f in found]


# --- a registry row whose name opens a word with an accented capital ------------------------------------

_XML = ('<?xml version="1.0" encoding="UTF-8"?><register><results><entity><name>Harthmer Energy Inc.</name>'
        "<number>MA-1084792</number><country>US</country></entity><entity><name>Harthmer Énergie SA</name>"
        "<number>818 039 900</number><country>BE</country></entity></results></register>")


def test_a_registry_row_named_with_an_accented_word_is_the_companys(otel: Otel) -> None:
    out = {"entity_name": "Harthmer Énergie SA", "jurisdiction": "BE", "registration_number": "818 039 900"}
    found = _serious(otel, {"name": "Harthmer Énergie SA", "country": "BE"}, [("lookup_register", _XML)], out)
    assert not found, [f.message for f in found]


def test_the_other_rows_registration_number_is_still_flagged(otel: Otel) -> None:
    out = {"entity_name": "Harthmer Énergie SA", "jurisdiction": "BE", "registration_number": "MA-1084792"}
    found = _serious(otel, {"name": "Harthmer Énergie SA", "country": "BE"}, [("lookup_register", _XML)], out)
    assert "registration_number" in _fields(found), [f.message for f in found]


# --- a phone number whose subscriber part is one long group ("+43 1 733412574") ------------------------

_AT_PAGE = "<html lang=\"de\"><body><h1>Mirafeld Robotik</h1><p>Telefon: +43 1 733412574</p></body></html>"


def test_a_long_subscriber_group_is_one_phone_number(otel: Otel) -> None:
    for phone in ("+431733412574", "01 733412574"):
        out = {"firm": "Mirafeld Robotik GmbH", "phone": phone}
        assert "phone" not in _fields(_serious(otel, {"organisation": "Mirafeld Robotik"}, [("crawl", _AT_PAGE)], out))


def test_another_subscriber_number_is_still_flagged(otel: Otel) -> None:
    out = {"firm": "Mirafeld Robotik GmbH", "phone": "+431733412575"}
    assert "phone" in _fields(_serious(otel, {"organisation": "Mirafeld Robotik"}, [("crawl", _AT_PAGE)], out))
