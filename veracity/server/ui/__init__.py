"""The browser UI: server-rendered pages, each the HTML twin of a JSON answer from one data function.

`register(app, call)` adds the pages to a FastAPI app; `call(job)` runs `job(store)` where the store
lives (the server's store worker). The data functions are in `veracity.report` (`pages`, `run_view`,
`pair_view`, `review_page`); this package only routes and renders. Front-end packages (htmx, uPlot) are
copied into `static/vendor/` by `make setup` from the npm registry (package.json), never a CDN.
"""

from veracity.server.ui.routes import register

__all__ = ["register"]
