"""A run filter as a SQL condition, shared by the engines (each gives its own dialect's pieces)."""

from __future__ import annotations

from typing import Any

from veracity.store.base import RunFilter


def run_condition(where: RunFilter | None, alias: str, *, true: str, day_sql: str,
                  verdict: str) -> tuple[str, list[Any]]:
    """The condition on runs aliased `alias`, with `?` parameters. `true` is the dialect's always-true
    literal, `day_sql` the run's day as SQL over `r.`, `verdict` a condition on `{alias}` and one `?`."""
    clauses, params = [true], []
    if where:
        for column, value, op in (
            ("agent", where.agent, "="),
            ("project", where.project, "="),
            ("started_ns", where.since_ns, ">="),
            ("started_ns", where.until_ns, "<"),
            ("model", where.model, "="),
        ):
            if value is not None:
                clauses.append(f"{alias}.{column} {op} ?")
                params.append(value)
        if where.day is not None:
            clauses.append(day_sql.replace("r.", f"{alias}.") + " = ?")
            params.append(where.day)
        if where.verdict is not None:
            clauses.append(verdict.format(alias=alias))
            params.append(where.verdict)
    return " AND ".join(clauses), params
