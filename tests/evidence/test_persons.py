"""People as entities: the input person, person-name matching, vCard records, job titles in prose."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from veracity.evidence.entities import Profile, entity_map, records_of
from veracity.evidence.persons import input_persons, person_anchors, same_person, vcard_anchors, vcard_starts
from veracity.model import Run, Source
from veracity.values import ValueType, extract_claims
from veracity.values.namespans import title_spans

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8)

_TWO_CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Irene Vaszary Holm\r\nN:Vaszary Holm;Irene;;;\r\n"
    "ORG:Kelvorra Werke AG\r\nTITLE:Head of Finance\r\nURL;TYPE=work:https://www.kelvorra.ch\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Irene Vaszary Holm\r\nN:Vaszary Holm;Irene;;;\r\n"
    "ORG:Kelvora Werke GmbH\r\nTITLE:Procurement Lead\r\nTEL;TYPE=work:+49 89 2231 7750\r\n"
    "URL;TYPE=work:https://www.kelvora.de\r\nEND:VCARD\r\n"
)


def test_the_input_person_is_the_name_beside_an_employer() -> None:
    assert input_persons({"name": "Irene Vaszary", "company": "Kelvora Werke"}) == {"irene vaszary"}
    assert input_persons({"contact_name": "Irene Vaszary", "employer_domain": "kelvora.de"}) == {"irene vaszary"}
    assert input_persons({"first_name": "Irene", "last_name": "Vaszary", "org": "Kelvora"}) == {"irene vaszary"}
    assert input_persons({"name": "Kelvora Werke", "country": "DE"}) == set()  # a company input names no person


def test_a_second_surname_is_the_same_person_a_different_one_is_not() -> None:
    assert same_person("irene vaszary holm", "irene vaszary")
    assert not same_person("irene vaszary holm", "irene vaszary brandt")
    assert not same_person("irene vaszary", "ilse vaszary")  # another given name
    assert not same_person("irene", "irene vaszary")  # a given name alone identifies no one


@given(st.lists(_WORD, min_size=2, max_size=4, unique=True), st.lists(_WORD, min_size=1, max_size=2))
def test_same_person_is_symmetric_and_survives_added_surnames(name: list[str], extra: list[str]) -> None:
    short, longer = " ".join(name), " ".join(name + extra)
    assert same_person(short, short)
    assert same_person(short, longer) and same_person(longer, short)


def test_vcard_cards_are_records_with_their_person_and_employer() -> None:
    anchors = [(kind, value) for _, kind, value in vcard_anchors(_TWO_CARDS)]
    assert anchors == [("person", "Irene Vaszary Holm"), ("name", "Kelvorra Werke AG"),
                       ("person", "Irene Vaszary Holm"), ("name", "Kelvora Werke GmbH")]
    assert len(vcard_starts(_TWO_CARDS)) == 2


def test_a_folded_vcard_line_is_read_whole() -> None:
    card = "BEGIN:VCARD\nVERSION:4.0\nFN:Irene Vaszary\n  Holm\nORG:Kelvora Werke GmbH\nEND:VCARD\n"
    assert [v for _, k, v in vcard_anchors(card) if k == "person"] == ["Irene Vaszary   Holm"]


def test_the_card_of_the_namesake_at_a_lookalike_firm_is_another_entity() -> None:
    profile = Profile(keys={"irene vaszary", "kelvora werke"}, domains={"kelvora.de"}, persons={"irene vaszary"})
    records = records_of(Source("s", "tool_result", _TWO_CARDS), {"irene vaszary", "kelvora werke"})
    verdicts = [(r.name, profile.compare(r)) for r in records]
    assert ("Irene Vaszary Holm", "same") in verdicts
    assert ("Kelvorra Werke AG", "different") in verdicts
    assert ("Kelvora Werke GmbH", "same") in verdicts


def test_a_job_title_is_no_part_of_the_employer_name() -> None:
    claims = extract_claims("Irene Vaszary works as Head of Finance for Kelvora Werke in Munich.")
    orgs = [c.raw for c in claims if c.kind in (ValueType.ORG_NAME, ValueType.PERSON_NAME)]
    assert "Kelvora Werke" in orgs
    assert not any("Finance" in o for o in orgs)
    assert "Bank of America" in [c.raw for c in extract_claims("She joined Bank of America in 2011.")]


def test_job_titles_in_prose() -> None:
    text = "Irene is Director of Marketing at Kelvora; VP Engineering Tom Lee and the Leiterin Einkauf agreed."
    assert [text[a:b] for a, b in title_spans(text)] == ["Director of Marketing", "VP Engineering", "Leiterin Einkauf"]
    assert title_spans("Head of") == [] and title_spans("Kelvora Werke GmbH") == []


def test_an_initial_stands_for_the_given_name() -> None:
    assert same_person("i vaszary", "irene vaszary") and same_person("irene vaszary", "i vaszary")
    assert not same_person("j vaszary", "irene vaszary")


def test_people_listed_one_by_one_are_person_records() -> None:
    page = ("<h1>Unser Team</h1><h3>Jonas Reuter</h3><p>Vertriebsleiter</p><h3>VP Engineering</h3>\n"
            "| Name | Funktion |\n|---|---|\n| Irene Vaszary | Procurement Lead |\n\n**Irene Vaszary**: seit 2017.")
    found = [(name, end is not None) for _, name, end in person_anchors(page)]
    assert ("Jonas Reuter", False) in found and ("Irene Vaszary", True) in found  # a row's person ends with the row
    assert not any(name == "VP Engineering" for name, _ in found)  # a title is no person
    assert [name for name, _ in found].count("Irene Vaszary") == 2


def test_an_email_input_names_its_person_through_the_record_that_holds_it() -> None:
    directory = Source("d", "tool_result", json.dumps({"results": [
        {"name": {"display": "Irene Brandt"}, "contact": {"email": "irene.brandt@kelvora.com"}},
        {"name": {"display": "Irene Vaszary Holm"}, "contact": {"email": "ivh@kelvora.de"}}]}))
    run = Run(run_id="r", input={"email": "ivh@kelvora.de"}, output={},
              sources=[Source("input", "input", '{"email": "ivh@kelvora.de"}'), directory])
    entities = entity_map(run)
    assert entities.profile.persons == {"irene vaszary holm"} and entities.profile.domains == {"kelvora.de"}
    verdicts = {r.name: entities.profile.compare(r) for r in entities.records["d"]}
    assert verdicts["Irene Vaszary Holm"] == "same" and verdicts["Irene Brandt"] == "different"


def test_a_search_result_speaks_only_for_itself() -> None:
    listing = ("1. Kelvora Werke appoints a new board\n   https://www.wirtschaftsblatt-nord.de/n/1\n"
               "2. Irene Vaszary - Procurement Lead - Kelvora Werke\n   Munich · Procurement Lead since 2017\n")
    records = records_of(Source("s", "tool_result", listing), {"kelvora werke"})
    first = records[0]
    assert first.end is not None and first.end <= listing.index("2. Irene")


def test_a_result_with_no_anchor_of_its_own_belongs_to_no_earlier_result() -> None:
    listing = ("1. Kelvora Werke - Team\n   https://www.kelvora.de/team\n"
               "2. Kelvora Werke names a new board\n   https://www.wirtschaftsblatt-nord.de/n/1\n"
               "3. profile\n   Munich · Procurement Lead · 8 yrs before at Brenner Textil\n")
    run = Run(run_id="r", input={"name": "Irene Vaszary", "company": "Kelvora Werke"}, output={},
              sources=[Source("s", "tool_result", listing)])
    entities = entity_map(run)
    assert entities.about(run.sources[0], listing.index("8 yrs")) == "unknown"
