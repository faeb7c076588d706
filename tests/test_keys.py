"""Projects and keys through real HTTP: 401 without a key, one project cannot read or write another's."""

from __future__ import annotations

import httpx
import orjson
import pytest
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor

from tests.test_cli import run as veracity
from tests.test_server import Server
from tests.traces import openinference_run, to_protobuf
from veracity.server.auth import KeyRing, cross_site, digest, new_key
from veracity.server.run import bind_host
from veracity.store import DuckStore

PROTO = {"Content-Type": "application/x-protobuf"}


@pytest.fixture
def keyed(tmp_path):
    db = tmp_path / "v.duckdb"
    tokens = {}
    for name, project, admin in (("a", "alpha", False), ("b", "beta", False), ("admin", None, True)):
        p = veracity("keys", "create", "--db", str(db), *(["--admin"] if admin else ["--project", project]))
        assert p.returncode == 0, p.stderr
        tokens[name] = p.stdout.decode().strip()
    with Server(db) as server:
        yield server, tokens


def _export(server: Server, token: str, header: str = "authorization") -> None:
    value = f"Bearer {token}" if header == "authorization" else token
    provider = TracerProvider(resource=Resource.create({"service.name": "whatever-the-client-says"}))
    exporter = OTLPSpanExporter(endpoint=f"{server.url}/v1/traces", headers={header: value})
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    openinference_run(provider.get_tracer("t"))
    provider.shutdown()


def _get(server: Server, path: str, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(f"{server.url}{path}", headers=headers)


def test_without_a_valid_key_every_route_but_health_is_401(keyed, otel):
    server, tokens = keyed
    for path in ("/api/runs", "/api/report", "/docs", "/openapi.json"):
        assert _get(server, path).status_code == 401
        assert _get(server, path, "vk_nope_" + "x" * 43).status_code == 401
    tracer, exporter = otel
    openinference_run(tracer)
    r = httpx.post(f"{server.url}/v1/traces", content=to_protobuf(exporter.get_finished_spans()), headers=PROTO)
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert _get(server, "/healthz").status_code == 200
    assert _get(server, "/docs", tokens["admin"]).status_code == 404  # no open docs while keys are on


def test_a_project_key_writes_only_into_its_project_and_reads_only_it(keyed):
    server, tokens = keyed
    _export(server, tokens["a"])  # Authorization: Bearer
    _export(server, tokens["b"], header="x-api-key")
    server.wait_checked(2)
    mine = _get(server, "/api/runs", tokens["a"]).json()
    theirs = _get(server, "/api/runs", tokens["b"]).json()
    assert len(mine) == len(theirs) == 1
    assert _get(server, f"/api/runs/{mine[0]['run_id']}", tokens["a"]).json()["run"]["project"] == "alpha"
    assert _get(server, f"/api/runs/{theirs[0]['run_id']}", tokens["a"]).status_code == 404
    assert _get(server, "/api/report", tokens["a"]).json()["runs"] == 1
    assert len(_get(server, "/api/runs", tokens["admin"]).json()) == 2
    assert _get(server, "/api/report", tokens["admin"]).json()["runs"] == 2
    label = orjson.dumps({"run_id": theirs[0]["run_id"], "correct": False})
    r = httpx.post(f"{server.url}/api/labels", content=label,
                   headers={"Authorization": f"Bearer {tokens['a']}", "Content-Type": "application/json"})
    assert r.status_code == 200 and r.json()["stored"] == 0 and r.json()["unknown_runs"] == [theirs[0]["run_id"]]
    assert _get(server, "/api/review", tokens["a"]).status_code == 403


def test_a_cross_site_form_post_cannot_write_labels(keyed):
    server, tokens = keyed
    _export(server, tokens["a"])
    server.wait_checked(1)
    run_id = _get(server, "/api/runs", tokens["a"]).json()[0]["run_id"]
    body = orjson.dumps({"run_id": run_id, "correct": False})
    auth = {"Authorization": f"Bearer {tokens['a']}"}
    for headers in (
        {"Content-Type": "text/plain", "Origin": "http://evil.example"},
        {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "cross-site"},
        {"Content-Type": "text/plain"},  # a simple request: no JSON content type
    ):
        r = httpx.post(f"{server.url}/api/labels", content=body, headers={**auth, **headers})
        assert r.status_code in (403, 415), headers
    ok = httpx.post(f"{server.url}/api/labels", content=body, headers={**auth, "Content-Type": "application/json"})
    assert ok.json()["stored"] == 1


def test_keys_list_and_revoke_through_the_server(keyed):
    server, tokens = keyed
    r = httpx.post(f"{server.url}/api/keys", content=b'{"project": "gamma"}',
                   headers={"Authorization": f"Bearer {tokens['admin']}", "Content-Type": "application/json"})
    new = r.json()
    assert r.status_code == 200 and _get(server, "/api/runs", new["key"]).status_code == 200
    assert httpx.delete(f"{server.url}/api/keys/{new['key_id']}",
                        headers={"Authorization": f"Bearer {tokens['a']}"}).status_code == 403
    assert httpx.delete(f"{server.url}/api/keys/{new['key_id']}",
                        headers={"Authorization": f"Bearer {tokens['admin']}"}).status_code == 200
    assert _get(server, "/api/runs", new["key"]).status_code == 401


def test_keys_cli_stores_only_digests_and_revokes(tmp_path):
    db = str(tmp_path / "k.duckdb")
    token = veracity("keys", "create", "--project", "p", "--db", db).stdout.decode().strip()
    assert token.startswith("vk_") and len(token) > 40
    listed = [orjson.loads(line) for line in veracity("keys", "list", "--json", "--db", db).stdout.splitlines()]
    assert [(k["project"], k["admin"], k["revoked_ns"]) for k in listed] == [("p", False, None)]
    store = DuckStore(db, read_only=True)
    assert [k.digest for k in store.list_keys()] == [digest(token)]
    assert token not in str(store.query("SELECT * FROM api_keys"))
    store.close()
    assert veracity("keys", "revoke", listed[0]["key_id"], "--db", db).returncode == 0
    assert veracity("keys", "revoke", listed[0]["key_id"], "--db", db).returncode == 2
    assert veracity("keys", "create", "--db", db).returncode == 2  # neither --project nor --admin


def test_no_key_means_loopback_only():
    assert bind_host("0.0.0.0", keys_enabled=False)[0] == "127.0.0.1"
    assert "127.0.0.1 only" in (bind_host("0.0.0.0", keys_enabled=False)[1] or "")
    assert bind_host("0.0.0.0", keys_enabled=True) == ("0.0.0.0", None)
    ring = KeyRing([])
    token, record = new_key("p")
    assert ring.principal(None) is not None  # open without keys
    ring.reload([record])
    assert ring.principal(None) is None and ring.principal(token).project == "p"
    assert cross_site({"origin": "http://evil.example", "host": "127.0.0.1:4318"})
    assert not cross_site({"origin": "http://127.0.0.1:4318", "host": "127.0.0.1:4318"})


def test_a_rebinding_host_is_refused_without_keys(tmp_path):
    with Server(tmp_path / "v.duckdb") as server:
        assert httpx.get(f"{server.url}/api/runs", headers={"Host": "evil.example"}).status_code == 400
        assert httpx.get(f"{server.url}/api/runs").status_code == 200


def test_the_pages_span_every_project_so_a_project_key_gets_403(keyed):
    """Regression: the browser UI's pages and POSTs read every project; a project key must not see them."""
    server, tokens = keyed
    _export(server, tokens["a"])
    server.wait_checked(1)
    for path in ("/runs.json", "/index.json", "/review.json", "/runs"):
        assert _get(server, path, tokens["a"]).status_code == 403, path
        assert _get(server, path, tokens["admin"]).status_code == 200, path
    r = httpx.post(f"{server.url}/runs/views", content=b"{}",
                   headers={"Authorization": f"Bearer {tokens['a']}", "Content-Type": "application/json"})
    assert r.status_code == 403
