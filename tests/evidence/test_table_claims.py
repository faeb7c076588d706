"""Claims in free text checked against the records of a structured source (no one domain)."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from veracity.evidence.table_claims import check_number, check_pairs, mentions
from veracity.evidence.tables import aligned_columns, common_parts, key_words, rows_of
from veracity.model import Source
from veracity.values import extract_claims

FINANCIALS = {"companies": [
    {"company": "Northwind Traders", "employees": 420, "revenue_musd": 88, "offices": 6,
     "calls_made": 14, "calls_attempted": 40, "parent_company": "Contoso Group"},
    {"company": "Fabrikam Labs", "employees": 130, "revenue_musd": 21, "offices": 2,
     "calls_made": 5, "calls_attempted": 9, "parent_company": "Contoso Group"},
    {"company": "Tailspin Toys", "employees": 75, "revenue_musd": 12, "offices": 1,
     "calls_made": 3, "calls_attempted": 3, "parent_company": "Contoso Group"},
    {"company": "Wingtip Air", "employees": 990, "revenue_musd": 240, "offices": 11,
     "calls_made": 30, "calls_attempted": 70, "parent_company": "Contoso Group"},
]}


def _rows(record: dict) -> list:
    return rows_of([Source(source_id="s", kind="tool_result", content=json.dumps(record), step_id="a" * 16)])


def _statuses(text: str, record: dict) -> dict[str, str]:
    rows = _rows(record)
    found = mentions(text, rows)
    out = {}
    for c in extract_claims(text):
        checked = check_number(c, text, found)
        if checked is not None:
            out[text[checked.start : checked.end]] = checked.status
    for p in check_pairs(text, rows, found):
        out[text[p.start : p.end]] = p.status
    return out


def test_a_company_sentence_is_checked_against_its_own_row():
    text = "Northwind Traders employs 420 people across 7 offices. Fabrikam Labs has 130 employees."
    got = _statuses(text, FINANCIALS)
    assert got["7"] == "contradicted"  # the row says 6 offices
    assert got["130"] == "supported"


def test_a_link_column_is_not_a_name_of_the_row():
    """`parent_company` repeats on every row: it names the group, so "Contoso Group" is no company of the table."""
    rows = _rows(FINANCIALS)
    assert all("contoso group" not in r.names and "contoso group" in r.links for r in rows)


def test_surname_and_possessive_align_a_person():
    staff = {"staff": {"name": {"0": "Dana Liu", "1": "Omar Haddad"}, "tickets": {"0": "12", "1": "30"},
                       "hours": {"0": "40", "1": "38"}}}
    got = _statuses("Liu's 12 tickets led the desk; Haddad logged 35 hours.", staff)
    assert got == {"12": "supported", "35": "contradicted"}


def test_a_made_attempted_pair_reads_two_columns():
    text = "Wingtip Air made 30-of-70 calls, while Fabrikam Labs went 5-of-8 on calls."
    got = _statuses(text, FINANCIALS)
    assert got["30-of-70"] == "supported"
    assert got["8"] == "contradicted"  # 5 won agrees, 9 attempted does not: only the wrong number is quoted


def test_a_season_average_is_not_the_row():
    text = "Northwind Traders has averaged 500 employees over the last five years."
    assert "500" not in _statuses(text, FINANCIALS)


def test_a_sentence_about_someone_outside_the_record_is_not_bound():
    text = "Jane Doe, the analyst, counted 9 offices at Northwind Traders."
    assert _statuses(text, FINANCIALS) == {}


def test_a_sentence_without_a_record_mention_binds_nothing():
    assert _statuses("The market has 6 offices and 88 firms.", FINANCIALS) == {}


def test_abbreviated_keys_align_with_their_words():
    row = _rows({"t": {"team": {"0": "Reds", "1": "Blues", "2": "Greens", "3": "Golds"},
                       "PTS": {"0": "3", "1": "1", "2": "0", "3": "2"}, "PTS_Q1": {"0": "1", "1": "0", "2": "0", "3": "1"},
                       "GOALS_PCT": {"0": "50", "1": "20", "2": "0", "3": "30"}}})[0]
    assert aligned_columns(("points",), row, common_parts(row)) == ["PTS"]
    assert aligned_columns(("points", "first", "quarter"), row, common_parts(row)) == ["PTS_Q1"]
    assert aligned_columns(("percent", "goals"), row, common_parts(row)) == ["GOALS_PCT"]


@given(st.lists(st.sampled_from(["revenue", "usd", "FY", "2021", "Q", "pct", "Total"]), min_size=1, max_size=4),
       st.sampled_from(["_", "-", ""]))
def test_key_words_keep_every_letter_and_digit(parts: list[str], sep: str):
    key = sep.join(parts)
    assert "".join(key_words(key)) == "".join(ch for ch in key.lower() if ch.isalnum())


STAFF = {
    "staff": {"name": {"0": "Dana Liu", "1": "Omar Haddad", "2": "Ines Ruiz", "3": "Li Wei"},
              "company": {"0": "Northwind", "1": "Northwind", "2": "Fabrikam", "3": "Fabrikam"},
              "tickets": {"0": "12", "1": "30", "2": "7", "3": "9"}},
    "firms": [{"company": "Northwind", "tickets": 42, "sla_pct": 97}, {"company": "Fabrikam", "tickets": 16, "sla_pct": 88}],
}


def _memberships(text: str) -> list[str]:
    from veracity.evidence.table_claims import check_memberships

    rows = _rows(STAFF)
    return [text[c.start : c.end] for c in check_memberships(text, rows, mentions(text, rows))]


def test_a_member_named_with_another_group_contradicts_the_group():
    assert _memberships("Dana Liu led Fabrikam with 12 tickets.") == ["Fabrikam"]
    assert _memberships("Dana Liu led Northwind with 12 tickets.") == []


def test_a_group_set_against_the_member_is_not_their_group():
    assert _memberships("Dana Liu closed 12 tickets against Fabrikam.") == []
    assert _memberships("Northwind beat Fabrikam as Dana Liu closed 12 tickets.") == []


def test_a_split_between_two_records_of_one_shape():
    got = _statuses("Northwind outpaced Fabrikam 42-16 in tickets, and Northwind led Fabrikam 97-80 on SLA percent.", STAFF)
    assert got["42-16"] == "supported"
    assert got["80"] == "contradicted"  # Fabrikam's SLA is 88; Northwind's 97 agrees


def test_a_name_written_as_the_record_abbreviates_or_inflects_it():
    from veracity.evidence.table_claims import names_in_records

    rows = _rows({"teams": [{"team": "LA Rovers", "goals": 3}, {"team": "Harbor Hawks", "goals": 1}]})
    assert names_in_records("Los Angeles Rovers", rows) is not None
    assert names_in_records("Harbor Hawk", rows) is not None
    assert names_in_records("Lucas Hawks", rows) is None  # every word of one name, not words of several


def test_a_venue_is_a_name_after_a_preposition_of_place():
    from veracity.evidence.tables import names_a_place

    text = "They won at the Harbor Arena; CEO Lucas Park was there."
    assert names_a_place(text, text.index("Harbor"), text.index(";"))
    assert not names_a_place(text, text.index("Lucas"), text.index(" was"))


def test_a_full_name_spelled_in_the_input_reaches_the_records_of_its_parts():
    record = {"input": {"home": "Harbor Hawks"}, "line": {"TEAM-NAME": "Hawks", "TEAM-CITY": "Harbor", "TEAM-WINS": 7,
                                                          "TEAM-LOSSES": 2}}
    rows = _rows(record)
    found = mentions("The Harbor Hawks (7-3) won again.", rows)
    assert any(r.number("TEAM-WINS") == "7" for m in found for r in m.rows)
    assert [p.status for p in check_pairs("The Harbor Hawks (7-3) won again.", rows, found)] == ["unsupported"]
