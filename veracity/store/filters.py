"""Run filters and searches as SQL conditions, shared by the engines (each gives its own dialect's
pieces), and what a text search reads of a run."""

from __future__ import annotations

from typing import Any

import msgspec

from veracity.model import Run
from veracity.store.base import RunFilter, RunQuery, SearchRow
from veracity.values.fold import fold

#: A text search reads at most this many run bodies (the newest that pass the other filters).
TEXT_SCAN = 20_000


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


def search_condition(query: RunQuery, *, true: str, findings: str, finding_alias: str) -> tuple[str, list[Any]]:
    """The SQL part of a runs search (its text part reads bodies). `findings` is the dialect's condition
    that some finding of run `r` meets `{where}`; `finding_alias` prefixes the finding's columns."""
    clauses, params = [true], []
    for column, value, op in (("r.agent", query.agent, "="), ("r.model", query.model, "="),
                              ("r.prompt_version", query.prompt_version, "="), ("v.verdict", query.verdict, "="),
                              ("r.started_ns", query.since_ns, ">="), ("r.started_ns", query.until_ns, "<")):
        if value is not None:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    if query.kind is not None or query.field is not None:
        inner, inner_params = [f"{finding_alias}severity <> 'info'"], []
        if query.kind is not None:
            inner.append(f"{finding_alias}kind = ?")
            inner_params.append(query.kind)
        if query.field is not None:
            inner.append(f"{finding_alias}field = ?")
            inner_params.append(query.field)
        clauses.append(findings.format(where=" AND ".join(inner)))
        params.extend(inner_params)
    return " AND ".join(clauses), params


def alerts_condition(where: RunFilter | None, *, true: str) -> tuple[str, list[Any]]:
    """Alerts have no run: `since`/`until` apply to when they opened (alias `a`), the rest does not apply."""
    clauses, params = [true], []
    if where and where.since_ns is not None:
        clauses.append("a.opened_ns >= ?")
        params.append(where.since_ns)
    if where and where.until_ns is not None:
        clauses.append("a.opened_ns < ?")
        params.append(where.until_ns)
    return " AND ".join(clauses), params


def search_row(values: tuple[Any, ...]) -> SearchRow:
    """One line of a runs search from its ten columns, in the engines' column order."""
    a, b, c, d, e, f, g, h, i, j = values
    return SearchRow(run_id=a, agent=b, model=c, started_ns=d, reported_status=e, verdict=f, risk=g, findings=h,
                     prompt_version=i, pair_key=j)


def run_text(run: Run) -> str:
    """What a text search reads of a run: its output and the content of every source, folded."""
    output = msgspec.to_builtins(run.output, str_keys=True, enc_hook=str)
    return fold("\n".join([str(output)] + [s.content for s in run.sources]))
