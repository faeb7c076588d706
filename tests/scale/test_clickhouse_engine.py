"""What the ClickHouse engine adds beyond the store contract: literals, rollups, partitions, retention."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("chdb", reason="the ClickHouse engine needs the scale extra: pip install -e '.[scale]'")

from veracity.store import open_store
from veracity.store.clickhouse.conn import ChdbConnection, literal, render

from ..store_contract.conftest import HOUR, T0, run, verdict


@pytest.fixture(scope="module")
def chstore(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One store for the module: a process holds one chdb directory at a time."""
    s = open_store(f"chdb://{tmp_path_factory.mktemp('ch')}/store")
    yield s
    s.close()


@pytest.fixture(scope="module")
def conn(chstore: Any) -> ChdbConnection:
    return chstore.conn  # type: ignore[no-any-return]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=40))
def test_any_string_survives_a_literal(conn: ChdbConnection, text: str) -> None:
    assert conn.rows("SELECT ? AS v", [text]) == [(text,)]


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=40))
def test_any_bytes_survive_a_literal(conn: ChdbConnection, data: bytes) -> None:
    assert conn.rows("SELECT ? AS v", [data], binary=True) == [(data,)]


def test_render_counts_placeholders() -> None:
    assert render("SELECT ?, ?", [1, [2, "x'"]]) == "SELECT 1, [2, 'x\\'']"
    with pytest.raises(ValueError, match="2 placeholders for 1 parameters"):
        render("SELECT ?, ?", [1])
    with pytest.raises(TypeError, match="no ClickHouse literal for dict"):
        literal({"a": 1})


def test_rollup_partitions_and_retention(chstore: Any) -> None:
    store = chstore
    runs = [run(i, started=T0 + i * HOUR) for i in range(30)]  # 30 hours: two days
    store.write_results(runs, [verdict(r, "failed" if i % 3 == 0 else "verified") for i, r in enumerate(runs)])
    store.write_results(runs[:5], [verdict(r, "failed") for r in runs[:5]])  # written again: counted once
    rollup = store.hourly_rollup()  # type: ignore[attr-defined]
    assert sum(n for _, _, v, n, _ in rollup if v == "verified") >= 20
    assert len({h for h, *_ in rollup}) == 30
    assert store.run_totals()[0] == 30  # replaced rows never count twice
    days = store.query("SELECT DISTINCT partition FROM system.parts WHERE table = 'runs' AND active")  # type: ignore[attr-defined]
    assert sorted(d for d, in days) == ["20260101", "20260102"]
    ddl = store.query("SELECT create_table_query FROM system.tables WHERE name = 'spans'")[0][0]  # type: ignore[attr-defined]
    assert "TTL arrived + toIntervalDay(30)" in ddl


def test_an_unknown_scheme_names_the_engines() -> None:
    with pytest.raises(ValueError, match="chdb://, clickhouse://"):
        open_store("mysql://x/y")
    with pytest.raises(ValueError, match="needs a location"):
        open_store("chdb://")
