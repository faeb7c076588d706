"""The data of every report and page, as plain JSON-serialisable data over the `Store` protocol.

`build_report(store, where)` is `veracity report` and `GET /api/report` (CONTRACT.md); each of its
sections is a data function of its own, so a page can render one: `headline`, `error_rates_by`,
`truth.error_rate`, `alerts.alerts`, `sections.unknown_rate`, `sections.steps`, `sections.pairs`,
`sections.cohorts`, `sections.coverage`, `sections.storage`; pages of runs are `runs.runs_page` and
`runs.run_detail`. Rendering stays with the caller (`veracity.cli.render`, the server).
"""

from __future__ import annotations

from veracity.report.build import build_report, error_rates_by, headline, parse_filter
from veracity.report.runs import run_detail, runs_page
from veracity.report.truth import error_rate

__all__ = ["build_report", "error_rate", "error_rates_by", "headline", "parse_filter", "run_detail", "runs_page"]
