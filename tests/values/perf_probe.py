"""Timing probe for veracity.values (not collected by pytest).

Run: .venv/bin/python tests/values/perf_probe.py
Prints microseconds per call for normalize, find_values (each type, over a ~2 KB mixed text,
with the per-text scan cache cleared so every call pays the full scan), locate and
extract_claims.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from veracity.values import ValueType, extract_claims, find_values, locate, normalize, same_fact
from veracity.values import numbers as _numbers

PROFILE = {
    "legal_name": "Acme Robotics, Inc.",
    "domain": "acmerobotics.io",
    "revenue": "$12.5M",
    "employee_count": 230,
    "founded_year": 2011,
    "phone": "+1 (415) 555-0100",
    "address": "12 Market St., San Francisco, CA",
    "ceo": "Dana Liu",
    "industry": "Industrial robotics",
}
TYPES = {
    "legal_name": ValueType.ORG_NAME,
    "domain": ValueType.DOMAIN,
    "revenue": ValueType.MONEY,
    "employee_count": ValueType.COUNT,
    "founded_year": ValueType.YEAR,
    "phone": ValueType.PHONE,
    "address": ValueType.ADDRESS,
    "ceo": ValueType.PERSON_NAME,
    "industry": ValueType.CATEGORY,
}

PROSE = (
    "Acme Robotics, Inc. (https://www.acmerobotics.io/about) is an industrial robotics company "
    "headquartered at 12 Market Street, San Francisco, California 94105. Founded in 2011 by Dana J. Liu "
    "and Sam Ortiz, the company employs about 230 people and reported revenue of roughly $12.5 million "
    "in fiscal 2023, up 18% year over year. It raised USD 40 mn in a Series B round led by Foundry "
    "Capital Partners on March 3, 2021. Contact: +1 (415) 555-0100 or press@acmerobotics.io. "
    "A European subsidiary, Acme Robotik GmbH, reported EUR 3,1 Mio in sales with 1.2k staff across "
    "201-500 employee bands according to LinkedIn. Competitor Acme Robotic Systems Ltd (acmerobotic.com) "
    "had £2bn in turnover and 12 500 employees; its CEO, Dr. Maria Gómez, joined in 2019. "
)
JSON_PART = json.dumps(
    {
        "company": {
            "name": "Acme Robotics Inc",
            "website": "acmerobotics.io",
            "employees": 230,
            "founded": 2011,
            "hq": {"street": "12 Market St", "city": "San Francisco", "state": "CA"},
        },
        "financials": {"annual_revenue_usd": 12500000, "growth_pct": 0.18, "currency": "USD"},
        "people": [{"name": "Dana Liu", "title": "CEO"}, {"name": "Sam Ortiz", "title": "CTO"}],
        "registry": {"lei": "5493001KJTIIGC8Y1R12", "duns": "08-146-6849"},
    }
)
TEXT = (PROSE + "\n" + JSON_PART + "\n" + PROSE)[:2048]


def bench(fn: Callable[[], object], n: int) -> float:
    fn()
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n * 1e6


def main() -> None:
    print(f"text: {len(TEXT)} chars")
    total_norm = 0.0
    for field, value in PROFILE.items():
        vt = TYPES[field]
        us = bench(lambda v=value, t=vt: normalize(v, t), 2000)  # type: ignore[misc]
        total_norm += us
        print(f"normalize   {vt.value:12s} {us:8.1f} us")
    print(f"normalize   all {len(PROFILE)} fields {total_norm:8.1f} us")

    def fresh(vt: ValueType) -> Callable[[], object]:
        def run() -> object:
            _numbers.scan.cache_clear()
            return find_values(TEXT, vt)

        return run

    total_find = 0.0
    for vt in (
        ValueType.MONEY,
        ValueType.COUNT,
        ValueType.PERCENTAGE,
        ValueType.YEAR,
        ValueType.DATE,
        ValueType.DOMAIN,
        ValueType.URL,
        ValueType.EMAIL,
        ValueType.PHONE,
        ValueType.ADDRESS,
        ValueType.ORG_NAME,
        ValueType.PERSON_NAME,
        ValueType.IDENTIFIER,
    ):
        us = bench(fresh(vt), 300)
        total_find += us
        print(f"find_values {vt.value:12s} {us:8.1f} us  ({len(find_values(TEXT, vt))} mentions)")
    print(f"find_values all types (cold scan each) {total_find:8.1f} us")

    # A grounding-style pass: every profile field located in the text (scan cache warm after first).
    normals = {f: normalize(v, TYPES[f]) for f, v in PROFILE.items()}

    def ground() -> None:
        _numbers.scan.cache_clear()
        for n in normals.values():
            if n is not None:
                locate(TEXT, n)

    us = bench(ground, 200)
    print(
        f"locate      all {len(normals)} fields in one text {us:8.1f} us  ({us / len(normals):.1f} us/field)"
    )
    found = {f: bool(n is not None and locate(TEXT, n)) for f, n in normals.items()}
    print("located:", found)

    def claims() -> object:
        _numbers.scan.cache_clear()
        return extract_claims(TEXT)

    print(f"extract_claims 2 KB {bench(claims, 200):8.1f} us  ({len(extract_claims(TEXT))} claims)")
    a = normalize("$12.5M", ValueType.MONEY)
    b = normalize("12,500,000 USD", ValueType.MONEY)
    print(f"same_fact money {bench(lambda: same_fact(a, b), 20000):8.2f} us")


if __name__ == "__main__":
    main()
