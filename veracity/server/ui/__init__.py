"""The browser UI: server-rendered pages, each the HTML twin of a JSON answer from one data function.

`register(app, call, read)` adds the pages to a FastAPI app; `call(job)` runs `job(store)` on the store's
writer (the server's store worker: labels, draws, saved views), `read(job)` on a reader connection in a
thread (`reads_beside(store)`), so pages never queue behind ingestion. The data functions are in `veracity.report` (`pages`, `run_view`,
`pair_view`, `review_page`); this package only routes and renders. Front-end packages (htmx, uPlot) are
copied into `static/vendor/` by `make setup` from the npm registry (package.json), never a CDN.
"""

from veracity.server.ui.routes import reads_beside, register

__all__ = ["reads_beside", "register"]
