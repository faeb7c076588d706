"""Unit tests for every example in the brief, in both directions (same fact / different)."""

from __future__ import annotations

import pytest

from veracity.values import (
    Count,
    DateValue,
    Money,
    ValueType,
    distance,
    extract_claims,
    find_values,
    fingerprint,
    infer_type,
    is_missing,
    locate,
    normalize,
    org_key,
    same_fact,
)

M, C, P = ValueType.MONEY, ValueType.COUNT, ValueType.PERCENTAGE


def n(value: object, vt: ValueType):  # type: ignore[no-untyped-def]
    out = normalize(value, vt)
    assert out is not None, (value, vt)
    return out


# --- money --------------------------------------------------------------------------------

MONEY_CASES = [
    ("$12.5M", 12.5e6, "USD", False),
    ("12,500,000 USD", 12.5e6, "USD", False),
    ("12.5 million dollars", 12.5e6, "USD", False),
    ("USD 12.5 mn", 12.5e6, "USD", False),
    ("EUR 3,1 Mio", 3.1e6, "EUR", False),
    ("€3.1m", 3.1e6, "EUR", False),
    ("£2bn", 2e9, "GBP", False),
    ("1.2B", 1.2e9, None, False),
    ("about $12 million", 12e6, "USD", True),
    ("~$12.5M", 12.5e6, "USD", True),
    ("revenue of 12.5 million", 12.5e6, None, False),
    ("US$ 4.5 billion", 4.5e9, "USD", False),
    ("A$12M", 12e6, "AUD", False),
    ("3,1 Mio. €", 3.1e6, "EUR", False),
    ("USD12.5M", 12.5e6, "USD", False),
    ("$12MM", 12e6, "USD", False),
    ("12.500.000 EUR", 12.5e6, "EUR", False),
    ("₹500 crore", 5e9, "INR", False),
    (12500000, 12.5e6, None, False),
]


@pytest.mark.parametrize(("text", "amount", "currency", "approx"), MONEY_CASES)
def test_money_parse(text: object, amount: float, currency: str | None, approx: bool) -> None:
    m = n(text, M)
    assert isinstance(m, Money)
    assert m.amount == pytest.approx(amount)
    assert m.currency == currency
    assert m.approximate is approx


def test_money_same_and_different() -> None:
    usd = [n(s, M) for s in ("$12.5M", "12,500,000 USD", "12.5 million dollars", "USD 12.5 mn", "~$12.5M")]
    for a in usd:
        for b in usd:
            assert same_fact(a, b)
    assert same_fact(n("revenue of 12.5 million", M), n("$12.5M", M))  # unknown currency comparable
    assert not same_fact(n("$12.5M", M), n("$15M", M))
    assert not same_fact(n("$12.5M", M), n("$12M", M))  # 4% > default 2%
    assert same_fact(n("about $12 million", M), n("$12.5M", M))  # approximate: 10%
    assert same_fact(n("$12.5M", M), n("12,456,789 USD", M))
    assert not same_fact(n("€3.1m", M), n("$3.1m", M))  # no FX
    assert same_fact(n("EUR 3,1 Mio", M), n("€3.1m", M))
    assert not same_fact(n("£2bn", M), n("£2m", M))
    assert same_fact(n("$12.5M", M), n("$12M", M), tolerance=0.05)
    assert distance(n("€3.1m", M), n("$3.1m", M)) == 1.0


def test_money_find_in_prose_and_json() -> None:
    text = 'Acme had revenue of 12.5 million in 2023 ($12.5M); {"annual_revenue_usd": 12500000, "employees": 230}'
    ms = find_values(text, M)
    assert [m.raw for m in ms] == ["12.5 million", "$12.5M", "12500000"]
    assert ms[2].label == "annual_revenue_usd"
    for m in ms:
        assert text[m.start : m.end] == m.raw
    assert all(same_fact(m.normal, n("$12.5M", M)) for m in ms)


# --- counts and percentages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("about 230 employees", 230),
        ("1.2k staff", 1200),
        ("230", 230),
        ("1,200", 1200),
        ("12 500", 12500),
        ("two hundred", 200),
        ("230+", 230),
        ("twenty-five", 25),
    ],
)
def test_count_parse(text: str, value: float) -> None:
    c = n(text, C)
    assert isinstance(c, Count)
    assert c.value == value


def test_count_same_and_different() -> None:
    assert same_fact(n(230, C), n("230", C))
    assert not same_fact(n(230, C), n(2300, C))
    assert not same_fact(n(230, C), n(231, C))
    assert same_fact(n("about 230 employees", C), n(240, C))
    assert not same_fact(n("about 230 employees", C), n(300, C))
    assert same_fact(n("201-500", C), n(230, C))
    assert not same_fact(n("201-500", C), n(600, C))
    assert same_fact(n("1.2k staff", C), n(1234, C))
    assert not same_fact(n("1.2k staff", C), n(1300, C))
    assert same_fact(n("230+", C), n(250, C))
    assert not same_fact(n("230+", C), n(200, C))
    assert same_fact(n("1,200", C), n("1.2k", C))


def test_count_find_with_labels() -> None:
    text = 'About 230 employees; {"employees": 230, "founded": 2011}; headcount 201-500 employees; 1.2k staff'
    ms = find_values(text, C)
    assert [(m.raw, m.label) for m in ms] == [
        ("About 230", "employees"),
        ("230", "employees"),
        ("2011", "founded"),
        ("201-500", "employees"),
        ("1.2k", "staff"),
    ]


def test_percentage() -> None:
    assert same_fact(n("12%", P), n("12 percent", P))
    assert same_fact(n("12%", P), n(0.12, P))
    assert same_fact(n("12%", P), n("0.12", P))
    assert not same_fact(n("12%", P), n("15%", P))
    ms = find_values('growth of 12% and {"growth_pct": 0.12}', P)
    assert [m.raw for m in ms] == ["12%", "0.12"]
    assert all(same_fact(m.normal, n("12%", P)) for m in ms)


# --- years and dates ----------------------------------------------------------------------


def test_year_and_date() -> None:
    Y, D = ValueType.YEAR, ValueType.DATE
    for s in ("founded in 2011", "est. 2011", "since 2011", 2011, "2011"):
        assert n(s, Y) == DateValue(2011, vtype=Y)
    assert not same_fact(n(2011, Y), n(2012, Y))
    iso = {
        n(s, D).iso for s in ("2021-03-03", "March 3, 2021", "3 March 2021", "03/03/2021", "Mar. 3rd, 2021")
    }  # type: ignore[union-attr]
    assert iso == {"2021-03-03"}
    assert same_fact(n(2021, Y), n("March 3, 2021", D))  # year precision
    assert not same_fact(n(2020, Y), n("March 3, 2021", D))
    assert not same_fact(n("March 3, 2021", D), n("March 4, 2021", D))
    assert n("31/12/2020", D).iso == "2020-12-31"  # type: ignore[union-attr]
    assert [m.raw for m in find_values("Founded 2011; IPO on 2021-03-03, 1,850 staff", Y)] == ["2011", "2021"]


# --- web ----------------------------------------------------------------------------------


def test_domain_url_email() -> None:
    D, U, E = ValueType.DOMAIN, ValueType.URL, ValueType.EMAIL
    forms = [
        "https://www.acmerobotics.io/about",
        "acmerobotics.io",
        "ACMEROBOTICS.IO",
        "http://acmerobotics.io:8080/",
        "www.acmerobotics.io",
    ]
    for f in forms:
        assert n(f, D).domain == "acmerobotics.io"  # type: ignore[union-attr]
        assert same_fact(n(f, D), n("acmerobotics.io", D))
    assert not same_fact(n("acmerobotics.io", D), n("acmerobotic.com", D))
    assert n("https://shop.acme.co.uk/x", D).domain == "acme.co.uk"  # type: ignore[union-attr]
    assert n("acme.com.au", D).domain == "acme.com.au"  # type: ignore[union-attr]
    assert same_fact(n("https://www.acmerobotics.io/about", U), n("acmerobotics.io", U))
    assert not same_fact(
        n("https://linkedin.com/company/acme", U), n("https://linkedin.com/company/other", U)
    )
    assert n("Dana.Liu@AcmeRobotics.io", E).domain == "acmerobotics.io"  # type: ignore[union-attr]
    assert same_fact(n("Dana.Liu@AcmeRobotics.io", E), n("dana.liu@acmerobotics.io", E))
    text = "Visit https://www.acmerobotics.io/about or mail sales@acmerobotics.io, e.g. acme.co.uk."
    assert [m.raw for m in find_values(text, D)] == [
        "https://www.acmerobotics.io/about",
        "acmerobotics.io",
        "acme.co.uk",
    ]


# --- phone --------------------------------------------------------------------------------


def test_phone() -> None:
    T = ValueType.PHONE
    us = [
        n(s, T)
        for s in ("+1 (415) 555-0100", "415.555.0100", "(415) 555 0100", "14155550100", "415-555-0100")
    ]
    for a in us:
        for b in us:
            assert same_fact(a, b)
    assert same_fact(n("+44 20 7946 0958", T), n("020 7946 0958", T))
    assert not same_fact(n("+44 20 7946 0958", T), n("+1 (415) 555-0100", T))
    assert not same_fact(n("415.555.0100", T), n("415.555.0101", T))
    text = "Call +1 (415) 555-0100. Founded 2011-2015 with 12 500 000 users; score 113-107."
    assert [m.raw for m in find_values(text, T)] == ["+1 (415) 555-0100"]


# --- address ------------------------------------------------------------------------------


def test_address() -> None:
    A = ValueType.ADDRESS
    a = n("12 Market St., San Francisco, CA", A)
    assert same_fact(a, n("12 Market Street, San Francisco, California", A))
    assert same_fact(a, n("12 market street san francisco ca 94105", A))
    assert not same_fact(a, n("14 Market Street, San Francisco, CA", A))
    assert not same_fact(a, n("12 Main Street, San Francisco, CA", A))
    assert same_fact(n("500 N Main Ste 200", A), n("500 North Main, Suite 200", A))
    assert not same_fact(n("500 N Main Ste 200", A), n("500 North Main, Suite 300", A))
    hits = locate("HQ: 12 Market Street, San Francisco, California 94105, USA", a)
    assert hits and hits[0].raw.startswith("12 Market Street")


# --- names --------------------------------------------------------------------------------


def test_org_names() -> None:
    ORG = ValueType.ORG_NAME
    forms = [
        "Acme Robotics, Inc.",
        "Acme Robotics Inc",
        "ACME ROBOTICS INCORPORATED",
        "Acme Robotics",
        "The Acme Robotics Company",
    ]
    for f in forms:
        assert same_fact(n(f, ORG), n("Acme Robotics", ORG)), f
        assert org_key(f) == "acme robotics"
    assert not same_fact(n("Acme Robotics", ORG), n("Acme Robotic Systems", ORG))
    assert not same_fact(n("Acme Robotics", ORG), n("Acme Robotics Holdings", ORG))
    assert not same_fact(n("Acme Robotics", ORG), n("Acme", ORG))
    assert n("Acme Robotics GmbH", ORG).legal_suffix == "gmbh"  # type: ignore[union-attr]
    assert n("Acme S.A.", ORG).legal_suffix == "sa"  # type: ignore[union-attr]
    assert n("Acme Pty. Ltd.", ORG).legal_suffix == "pty ltd"  # type: ignore[union-attr]
    assert same_fact(n("Procter & Gamble Co.", ORG), n("Procter and Gamble", ORG))
    assert distance(n("Acme Robotics", ORG), n("Acme Robotic Systems", ORG)) > 0.1


def test_person_names() -> None:
    P_ = ValueType.PERSON_NAME
    for f in ("Dana Liu", "dana liu", "Dr. Dana Liu", "Dana J. Liu", "Liu, Dana", "DANA LIU", "D. Liu"):
        assert same_fact(n(f, P_), n("Dana Liu", P_)), f
    assert same_fact(n("José Álvarez", P_), n("Jose Alvarez", P_))
    assert not same_fact(n("Dana Liu", P_), n("Dana Lee", P_))
    assert not same_fact(n("Dana Liu", P_), n("Sam Liu", P_))
    assert not same_fact(n("Dana J. Liu", P_), n("Dana K. Liu", P_))


def test_identifier_category_boolean() -> None:
    assert same_fact(n("HRB 12345", ValueType.IDENTIFIER), n("hrb-12345", ValueType.IDENTIFIER))
    assert not same_fact(n("HRB 12345", ValueType.IDENTIFIER), n("HRB 12346", ValueType.IDENTIFIER))
    assert same_fact(
        n("Industrial Robotics", ValueType.CATEGORY), n("industrial robotics", ValueType.CATEGORY)
    )
    assert same_fact(n("Software Companies", ValueType.CATEGORY), n("software company", ValueType.CATEGORY))
    assert not same_fact(n("Robotics", ValueType.CATEGORY), n("Biotechnology", ValueType.CATEGORY))
    assert same_fact(n("yes", ValueType.BOOLEAN), n(True, ValueType.BOOLEAN))
    ms = find_values("Listed as NASDAQ: ACME; LEI 5493001KJTIIGC8Y1R12", ValueType.IDENTIFIER)
    assert {m.normal.key for m in ms} >= {"ACME", "5493001KJTIIGC8Y1R12"}  # type: ignore[union-attr]


def test_lists() -> None:
    L = ValueType.LIST
    a = normalize(["acme.io", "https://www.beta.com/x"], L, ValueType.DOMAIN)
    b = normalize(["beta.com", "ACME.IO"], L, ValueType.DOMAIN)
    assert same_fact(a, b)
    assert distance(a, b) == 0.0
    c = normalize(["beta.com"], L, ValueType.DOMAIN)
    assert not same_fact(a, c)
    assert 0.0 < distance(a, c) <= 1.0
    assert same_fact(
        normalize("Robotics; AI", L, ValueType.CATEGORY), normalize(["ai", "robotics"], L, ValueType.CATEGORY)
    )


# --- missing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "unknown",
        "Unknown",
        "n/a",
        "N/A",
        "not available",
        "Not disclosed",
        "none",
        "None",
        "null",
        "-",
        "undisclosed",
        "  N/A  ",
        "Revenue not disclosed",
        "Not publicly disclosed.",
        float("nan"),
        [],
    ],
)
def test_missing(value: object) -> None:
    assert is_missing(value)


@pytest.mark.parametrize(
    "value", ["None of the founders stayed", "Acme", 0, "0", "Unknown Mortal Orchestra", False]
)
def test_not_missing(value: object) -> None:
    assert not is_missing(value)


def test_private_revenue_is_missing() -> None:
    assert is_missing("private", ValueType.MONEY)
    assert not is_missing("private", ValueType.CATEGORY)
    assert normalize("private", ValueType.MONEY) is not None
    assert normalize("private", ValueType.MONEY).vtype is ValueType.MISSING  # type: ignore[union-attr]


# --- inference ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "vt"),
    [
        ("revenue", "$12.5M", M),
        ("arr", None, M),
        ("funding", 1, M),
        ("valuation", "x", M),
        ("employees", 1, C),
        ("employee_count", 230, C),
        ("headcount", 1, C),
        ("staff", 1, C),
        ("founded", 2011, ValueType.YEAR),
        ("founded_year", 2011, ValueType.YEAR),
        ("year", 1, ValueType.YEAR),
        ("ipo_date", "x", ValueType.DATE),
        ("domain", "x", ValueType.DOMAIN),
        ("website", "x", ValueType.DOMAIN),
        ("url", "x", ValueType.URL),
        ("email", "x", ValueType.EMAIL),
        ("phone", "x", ValueType.PHONE),
        ("tel", "x", ValueType.PHONE),
        ("address", "x", ValueType.ADDRESS),
        ("hq", "x", ValueType.ADDRESS),
        ("headquarters", "x", ValueType.ADDRESS),
        ("location", "x", ValueType.ADDRESS),
        ("name", "x", ValueType.ORG_NAME),
        ("legal_name", "x", ValueType.ORG_NAME),
        ("company", "x", ValueType.ORG_NAME),
        ("ceo", "x", ValueType.PERSON_NAME),
        ("founder", "x", ValueType.PERSON_NAME),
        ("contact", "x", ValueType.PERSON_NAME),
        ("company_id", "x", ValueType.IDENTIFIER),
        ("registry", "x", ValueType.IDENTIFIER),
        ("ticker", "x", ValueType.IDENTIFIER),
        ("lei", "x", ValueType.IDENTIFIER),
        ("duns", "x", ValueType.IDENTIFIER),
        ("industry", "x", ValueType.CATEGORY),
        ("sector", "x", ValueType.CATEGORY),
        ("status", "x", ValueType.CATEGORY),
        ("description", "x", ValueType.FREE_TEXT),
        ("summary", "x", ValueType.FREE_TEXT),
        ("company.domain", "x", ValueType.DOMAIN),
        ("ceo_email", "x", ValueType.EMAIL),
        ("revenue_growth", "x", P),
        ("ceo.name", "x", ValueType.PERSON_NAME),
        ("tags", ["a"], ValueType.LIST),
        # the name says nothing: the value decides
        ("x", "$12.5M", M),
        ("x", "dana@acme.io", ValueType.EMAIL),
        ("x", "+1 (415) 555-0100", ValueType.PHONE),
        ("x", "https://acme.io/a", ValueType.URL),
        ("x", "acme.io", ValueType.DOMAIN),
        ("x", "12%", P),
        ("x", "2021-03-03", ValueType.DATE),
        ("x", 230, C),
        ("x", True, ValueType.BOOLEAN),
        ("x", "Acme Robotics, Inc.", ValueType.ORG_NAME),
        ("x", "n/a", ValueType.MISSING),
        (
            "x",
            "A long description of what the company does, with many words in it and more.",
            ValueType.FREE_TEXT,
        ),
    ],
)
def test_infer_type(field: str, value: object, vt: ValueType) -> None:
    assert infer_type(field, value) is vt


# --- claims and fingerprints --------------------------------------------------------------


def test_extract_claims_offsets_and_kinds() -> None:
    t = (
        "Acme Robotics, Inc. (acmerobotics.io) has about 230 employees and $12.5M revenue, up 18%; "
        "CEO Dana Liu founded it on March 3, 2011. Call +1 (415) 555-0100 or write to press@acmerobotics.io."
    )
    cl = extract_claims(t)
    for c in cl:
        assert t[c.start : c.end] == c.raw
    kinds = {(c.kind, c.raw) for c in cl}
    assert (ValueType.ORG_NAME, "Acme Robotics, Inc.") in kinds
    assert (ValueType.DOMAIN, "acmerobotics.io") in kinds
    assert (ValueType.COUNT, "about 230") in kinds
    assert (ValueType.MONEY, "$12.5M") in kinds
    assert (ValueType.PERCENTAGE, "18%") in kinds
    assert (ValueType.PERSON_NAME, "Dana Liu") in kinds
    assert (ValueType.DATE, "March 3, 2011") in kinds
    assert (ValueType.PHONE, "+1 (415) 555-0100") in kinds
    assert (ValueType.EMAIL, "press@acmerobotics.io") in kinds
    emp = next(c for c in cl if c.raw == "about 230")
    assert emp.measure == "employee" and emp.approximate


def test_fingerprint() -> None:
    k = b"k"
    assert fingerprint(n("$12.5M", M), k) == fingerprint(n("12.5 million dollars", M), k)
    assert fingerprint(n("$12.5M", M), k) != fingerprint(n("$15M", M), k)
    assert fingerprint(n("$12.5M", M), k) != fingerprint(n("$12.5M", M), b"other")
    assert fingerprint(n("Acme Robotics, Inc.", ValueType.ORG_NAME), k) == fingerprint(
        n("ACME ROBOTICS", ValueType.ORG_NAME), k
    )
    assert fingerprint(n("+1 (415) 555-0100", ValueType.PHONE), k) == fingerprint(
        n("415.555.0100", ValueType.PHONE), k
    )


def test_locate_values_in_json_source() -> None:
    src = '{"company": {"name": "Acme Robotics Inc", "employees": 230, "founded": 2011, "ceo": "Liu, Dana"}}'
    assert [m.raw for m in locate(src, n("Acme Robotics", ValueType.ORG_NAME))] == ["Acme Robotics Inc"]
    assert [m.raw for m in locate(src, n(230, C))] == ["230"]
    assert [m.raw for m in locate(src, n("Dana Liu", ValueType.PERSON_NAME))] == ["Liu, Dana"]
    assert locate(src, n("Acme Robotic Systems", ValueType.ORG_NAME)) == []
    assert locate(src, n(2012, ValueType.YEAR)) == []
