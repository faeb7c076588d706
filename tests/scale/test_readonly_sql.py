"""The scanner that checks a user's ClickHouse SQL before `sql_readonly` runs it (no engine needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from veracity.store.clickhouse.readonly import scan, with_views

VIEWS = {"runs": "SELECT 1 AS run_id", "findings": "SELECT 2 AS run_id"}
PREFIX = "WITH runs AS (SELECT 1 AS run_id), findings AS (SELECT 2 AS run_id)"


def _quoted(text: str, quote: str) -> str:
    return quote + text.replace("\\", "\\\\").replace(quote, quote * 2) + quote


@given(st.text(), st.sampled_from(["'", '"', "`"]))
def test_anything_quoted_is_one_statement_and_no_words(text: str, quote: str) -> None:
    [stmt] = scan(f"select {_quoted(text, quote)} from runs")
    assert [w for _, w, _ in stmt.words] == ["SELECT", "FROM", "RUNS"]


@given(st.text().filter(lambda t: "*/" not in t), st.text().filter(lambda t: "\n" not in t))
def test_comments_hide_what_they_hold(block: str, line: str) -> None:
    [stmt] = scan(f"select 1 /*{block}*/ -- {line}\n")
    assert [w for _, w, _ in stmt.words] == ["SELECT"]


@given(st.integers(min_value=1, max_value=5))
def test_semicolons_split_and_empty_statements_drop(n: int) -> None:
    assert len(scan(";".join(["select 1"] * n) + ";;")) == n


def test_views_go_before_the_query_whatever_its_form() -> None:
    assert with_views("select * from runs;", VIEWS) == f"{PREFIX} select * from runs"
    assert with_views("WITH w AS (select 1) select * from w", VIEWS) == f"{PREFIX},  w AS (select 1) select * from w"
    assert with_views("explain plan select 1", VIEWS) == f"explain plan {PREFIX} select 1"
    assert with_views("select 'format' AS f, format('{}', 'x') AS g", VIEWS).startswith(PREFIX)


@pytest.mark.parametrize(("text", "message"), [
    ("select 1; select 2", "one SQL statement, not 2"),
    ("", "one SQL statement, not 0"),
    ("delete from runs where 1", "only SELECT"),
    ("optimize table runs final", "only SELECT"),
    ("select 1 into outfile '/tmp/x'", "OUTFILE is not allowed"),
    ("select 1 settings readonly = 0", "SETTINGS is not allowed"),
    ("select 1 format CSV", "FORMAT is not allowed"),
    ("select 'unclosed", "quote is not closed"),
    ("select 1 /* open", "comment is not closed"),
])
def test_refused_text_says_why(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        with_views(text, VIEWS)
