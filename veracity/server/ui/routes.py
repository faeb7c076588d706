"""The UI's routes: every page at its path, its JSON twin at the same path + `.json` (or `Accept: application/json`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import orjson
from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from veracity.report import pages, pair_view, review_page, run_view
from veracity.store.base import Store

HERE = Path(__file__).parent
Call = Callable[[Callable[[Store], Any]], Awaitable[Any]]
Data = Callable[[Store, Request], Any]
NAV = (("/", "Overview"), ("/runs", "Runs"), ("/review", "Review"), ("/alerts", "Alerts"), ("/coverage", "Coverage"))


def _embed(value: Any) -> Markup:
    """JSON safe inside a `<script type="application/json">` element."""
    text = orjson.dumps(value).decode().replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # escaped above: no tag can close the element


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
    env.filters["embed"] = _embed
    env.filters["pct"] = lambda x: "–" if x is None else f"{100 * x:.1f}%"
    env.filters["num"] = lambda x, d=2: "–" if x is None else f"{x:.{d}f}"
    env.filters["show"] = lambda v: "" if v is None else v if isinstance(v, str) else orjson.dumps(v).decode()
    env.globals["nav"] = NAV
    return env


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _json(data: Any, status: int = 200) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json")


def reads_beside(store: Store) -> Call:
    """Run read-only jobs on a reader connection of their own in a worker thread, beside the store's writer,
    so a slow page (grounding the fields of a 10,000-step run) never holds up ingestion or another page."""
    async def read(job: Callable[[Store], Any]) -> Any:
        def run() -> Any:
            reader = store.reader()
            try:
                return job(reader)
            finally:
                reader.close()

        return await anyio.to_thread.run_sync(run)

    return read


NOT_ADMIN = "the pages span every project: an admin key is needed (a project key reads its runs through /api)"


def _admin(request: Request) -> bool:
    """Whether the request may see every project (no keys configured, or an admin key)."""
    principal = getattr(request.state, "principal", None)
    return principal is None or bool(principal.admin)


def register(app: FastAPI, call: Call, read: Call | None = None) -> None:
    """Add every page, its JSON twin, the UI's POSTs and its static files to `app`.

    `call(job)` runs `job(store)` on the store's writer (the POSTs); `read(job)` runs a page's data
    function (default: `call`)."""
    env = environment()
    read = read or call
    app.mount("/ui-static", StaticFiles(directory=HERE / "static"), name="ui-static")

    def render(request: Request, template: str, data: Any, status: int = 200) -> Response:
        html = env.get_template(template).render(data=data, request=request, path=request.url.path)
        return Response(html, status_code=status, media_type="text/html; charset=utf-8")

    def page(path: str, template: str, data_fn: Data, twins: tuple[str, ...] = ()) -> None:
        async def handler(request: Request) -> Response:
            as_json = wants_json(request)
            if not _admin(request):
                return _json({"detail": NOT_ADMIN}, 403) if as_json else render(request, "error.html", {"error": NOT_ADMIN}, 403)
            try:
                data = await read(lambda store: data_fn(store, request))
            except ValueError as e:
                return _json({"detail": str(e)}, 400) if as_json else render(request, "error.html", {"error": str(e)}, 400)
            if data is None:
                missing = f"nothing at {request.url.path}"
                return _json({"detail": missing}, 404) if as_json else render(request, "error.html", {"error": missing}, 404)
            return _json(data) if as_json else render(request, template, data)

        for twin in (*twins, "/.json" if path == "/" else path + ".json"):
            app.add_api_route(twin, handler, methods=["GET"], include_in_schema=False)
        app.add_api_route(path, handler, methods=["GET"], include_in_schema=False)

    def post(path: str, data_fn: Callable[[Store, Any], Any]) -> None:
        async def handler(request: Request) -> Response:
            if not _admin(request):
                return _json({"detail": NOT_ADMIN}, 403)
            if "application/json" not in request.headers.get("content-type", ""):
                return _json({"detail": "send a JSON body (Content-Type: application/json)"}, 415)
            try:
                body = orjson.loads(await request.body())
                return _json(await call(lambda store: data_fn(store, body)))
            except (ValueError, orjson.JSONDecodeError) as e:
                return _json({"detail": str(e)}, 400)

        app.add_api_route(path, handler, methods=["POST"], include_in_schema=False)

    def arg(request: Request, name: str) -> str:
        return str(request.path_params[name])

    page("/", "index.html", lambda s, r: pages.dashboard(s), twins=("/index.json",))
    page("/runs", "runs.html", lambda s, r: pages.runs_list(s, dict(r.query_params)))
    page("/runs/{run_id}/steps/{step_id}", "step.html",
         lambda s, r: run_view.step_body(s, arg(r, "run_id"), arg(r, "step_id")))
    page("/runs/{run_id}/fields", "fields.html", lambda s, r: run_view.run_fields(s, arg(r, "run_id")))
    page("/runs/{run_id}/search", "search.html",
         lambda s, r: run_view.run_search(s, arg(r, "run_id"), r.query_params.get("q", "")))
    page("/runs/{run_id}", "run.html", lambda s, r: run_view.run_view(s, arg(r, "run_id")))
    page("/pairs/{pair_key}", "pair.html", lambda s, r: pair_view.pair_view(s, arg(r, "pair_key")))
    page("/review", "review.html", lambda s, r: review_page.review_page(s, r.query_params.get("run")))
    page("/alerts", "alerts.html", lambda s, r: pages.alerts_page(s))
    page("/coverage", "coverage.html", lambda s, r: pages.coverage_page(s))
    post("/review/labels", review_page.review_label)
    post("/review/draw", review_page.review_draw)
    post("/runs/views", pages.save_view)
