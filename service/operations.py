"""What the people who run planqa need: request ids, a catch-all error handler, Prometheus metrics, structured logs,
and liveness distinguished from readiness.

`install(app, live)` adds two pure ASGI middlewares (a `BaseHTTPMiddleware` costs a task group per request) and
the routes `/metrics`, `/livez` and `/readyz`:
- `RequestObserver`, the outermost: gives the request its id (the caller's `X-Request-ID` when it is a sane short
  token, else a new one), puts it on every response, times the request into the metrics and writes one access line
  to the `planqa.access` logger;
- `ErrorCatcher`, the innermost user middleware (inside CORS, so a page on another origin can read the 500): an
  exception no handler took becomes `500 {"detail": "internal error", "request_id": ...}`, its traceback goes to
  the `planqa.errors` logger with the request id, never to the client (it can hold paths and plan text).
Metrics live in a registry of the app's own (tests build many apps in one process; the global registry would refuse
the second). Logs stay stdlib `logging`; `configure_logging("json")` makes every `planqa.*` logger write one JSON
object per line.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import threading
import time
import traceback
import uuid
from contextvars import ContextVar
from datetime import datetime, timezone
from typing import Any

import numpy as np
from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client import generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from starlette.middleware import Middleware
from starlette.routing import Match

from indexer.embedding import Embedder, LazyEmbedder, WrappedEmbedder

from .openapi import INDEX_HEADER, refusals
from .schemas import ErrorBody, Liveness, Readiness

REQUEST_ID_HEADER = "X-Request-ID"
# what a proxy or a client may hand us as an id: short, and nothing that could break a log line or a header
_SANE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,63}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
UNMATCHED = "<unmatched>"  # the route label of a path no route has: raw paths would be unbounded label values
# probes and scrapes come every few seconds: their access lines are DEBUG, not INFO
QUIET_ROUTES = frozenset({"/metrics", "/livez", "/readyz"})

# request latency up to the goals (p95 <= 150 ms for /search) and well past them (/ask, uploads)
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0, 30.0)
EMBED_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0)

REQUEST_ID: ContextVar[str | None] = ContextVar("planqa_request_id", default=None)

access_log = logging.getLogger("planqa.access")
error_log = logging.getLogger("planqa.errors")


def request_id_of(header: str | None) -> str:
    """The caller's id when it is a sane short token (a proxy's, to follow one request across services), else a
    new uuid4 hex."""
    if header and _SANE_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


# ---- the embedder, timed --------------------------------------------------------------------------------------


class TimedEmbedder(WrappedEmbedder):
    """An `Embedder` that times `embed_query` into a histogram, the part of a query's time the model takes.
    `dim` is read through (a LazyEmbedder loads its model only when asked); anything else an embedder carries
    (CachingEmbedder's `hits`) is reached through too."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        # not registered yet: `install` puts it in the app's registry
        self.query_seconds = Histogram("planqa_embed_query_seconds", "Time spent embedding one query wording "
                                       "(a question searched in two wordings is two observations)",
                                       buckets=EMBED_BUCKETS, registry=None)

    def embed_query(self, text: str) -> np.ndarray:
        start = time.perf_counter()
        try:
            return self.inner.embed_query(text)
        finally:
            self.query_seconds.observe(time.perf_counter() - start)

    def __getattr__(self, name: str) -> Any:
        if name == "inner":  # not set yet (copy, pickle): no recursion
            raise AttributeError(name)
        return getattr(self.inner, name)


def timed(embedder: Embedder) -> TimedEmbedder:
    return TimedEmbedder(embedder)


def model_loaded(embedder: Embedder) -> bool:
    """False while a LazyEmbedder anywhere in the wrapping (timed, cached) has not loaded its model: a question then
    waits for the model, so the service is not ready. Walks `_inner`, never `inner`, which would load it."""
    seen = embedder
    for _ in range(8):  # wrappers are few; never loop on a strange chain
        if isinstance(seen, LazyEmbedder):
            if seen._inner is None:
                return False
            seen = seen._inner
        elif (inner := getattr(seen, "__dict__", {}).get("inner")) is not None:  # TimedEmbedder, CachingEmbedder
            seen = inner
        else:
            return True
    return True


# ---- metrics ----------------------------------------------------------------------------------------------------


class IndexCollector:
    """The served index's size and generation, read from the live engine when Prometheus scrapes (a gauge set at
    load time would go stale when a plan is added through the API or by another process)."""

    def __init__(self, live) -> None:
        self.live = live

    def collect(self):
        try:
            engine = self.live.engine
            stored = engine.stored
            counts = len(stored.documents), len(stored.clauses)
            labels = {"generation": engine.generation, "model": str(stored.manifest.get("model", ""))}
        except Exception:  # noqa: BLE001 - the request metrics are still worth a scrape; /readyz says what is wrong
            error_log.exception("cannot read the served index for /metrics")
            return
        documents = GaugeMetricFamily("planqa_index_documents", "Plans in the index served")
        documents.add_metric([], counts[0])
        passages = GaugeMetricFamily("planqa_index_passages", "Clauses (passages) in the index served")
        passages.add_metric([], counts[1])
        info = InfoMetricFamily("planqa_index", "The index generation served and its embedding model")
        info.add_metric([], labels)
        yield from (documents, passages, info)


class Metrics:
    """The app's registry and its request metrics; children cached by label values (labels() costs a lock)."""

    def __init__(self, live) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("planqa_http_requests", "HTTP requests answered",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("planqa_http_request_duration_seconds",
                                 "Time from a request's arrival to its response's last byte",
                                 ["method", "route", "status"], buckets=REQUEST_BUCKETS, registry=self.registry)
        self.registry.register(IndexCollector(live))
        ProcessCollector(registry=self.registry)  # RSS, CPU seconds, open files: the memory goal
        if isinstance(live.embedder, TimedEmbedder):
            self.registry.register(live.embedder.query_seconds)
        self._children: dict[tuple[str, str, str], tuple[Any, Any]] = {}

    def observe(self, method: str, route: str, status: str, seconds: float) -> None:
        key = (method, route, status)
        children = self._children.get(key)
        if children is None:
            children = self._children[key] = (self.requests.labels(*key), self.latency.labels(*key))
        children[0].inc()
        children[1].observe(seconds)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def route_of(scope: dict, routes=(), request: dict | None = None) -> str:
    """The route's template (`/documents/{doc_id}`), never the raw path; a mount's prefix (`/web`). The router
    leaves the route it chose in the scope; where it does not (FastAPI's router for a mount, a 404), `request` (the
    scope as it came in) is matched against `routes` here."""
    route = scope.get("route")
    if route is None and request is not None:
        route = next((r for r in routes if r.matches(request)[0] is not Match.NONE), None)
    if route is None:
        return UNMATCHED
    return getattr(route, "path_format", None) or getattr(route, "path", None) or UNMATCHED


def status_class(status: int) -> str:
    return f"{status // 100}xx" if status else "none"  # none: the client left before any answer


# ---- middleware -----------------------------------------------------------------------------------------------


async def _internal_error(scope: dict, send, request_id: str) -> None:
    """Log the exception being handled with its traceback and the request id; answer a bare 500."""
    error_log.error("unhandled error in %s %s (request %s)", scope.get("method"), route_of(scope), request_id,
                    exc_info=True, extra={"request_id": request_id})
    response = JSONResponse(status_code=500, content={"detail": "internal error", "request_id": request_id})
    await response(scope, _no_receive, send)


async def _no_receive() -> dict:
    return {"type": "http.disconnect"}


class ErrorCatcher:
    """Innermost: an exception the app's handlers did not turn into a response becomes a JSON 500 here, inside CORS
    (its headers still added) and inside the observer (its request id and metrics still recorded)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            if started:  # a stream broke half-way: nothing can be sent; the server closes the connection
                error_log.error("error after the response started in %s %s (request %s)", scope.get("method"),
                                route_of(scope), REQUEST_ID.get(), exc_info=True)
                raise
            await _internal_error(scope, send, REQUEST_ID.get() or request_id_of(None))


class RequestObserver:
    """Outermost: the request id (scope state, context for log lines, response header), metrics and the access log;
    also the last resort for an exception raised outside ErrorCatcher (in another middleware)."""

    def __init__(self, app, metrics: Metrics, routes: list) -> None:
        self.app = app
        self.metrics = metrics
        self.routes = routes  # the app's, as a live list: routes added later are matched too

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        request = {"type": "http", "path": scope["path"], "root_path": scope.get("root_path", ""),
                   "method": scope["method"]}  # as it came in: the router changes root_path under a mount
        request_id = request_id_of(_header(scope, b"x-request-id"))
        scope.setdefault("state", {})["request_id"] = request_id  # request.state.request_id in handlers
        token = REQUEST_ID.set(request_id)
        id_header = (b"x-request-id", request_id.encode("ascii"))
        status = 0

        async def send_with_id(message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), id_header]}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            if status:
                raise
            status = 500
            await _internal_error(scope, send_with_id, request_id)
        finally:
            seconds = time.perf_counter() - start
            method = scope["method"] if scope["method"] in _METHODS else "OTHER"
            route = route_of(scope, self.routes, request)
            self.metrics.observe(method, route, status_class(status), seconds)
            level = logging.DEBUG if route in QUIET_ROUTES else logging.INFO
            if access_log.isEnabledFor(level):
                duration_ms = round(seconds * 1000, 2)
                access_log.log(level, "%s %s %s %.1f ms", method, scope.get("path", ""), status or "-", duration_ms,
                               extra={"request_id": request_id, "fields": {
                                   "method": method, "route": route, "path": scope.get("path", ""),
                                   "status": status, "duration_ms": duration_ms}})
            REQUEST_ID.reset(token)


def _header(scope: dict, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


# ---- liveness and readiness -------------------------------------------------------------------------------------


class ReadinessProbe:
    """Whether the live engine can answer now; a LazyEmbedder's model is loaded in the background on the first
    probe that finds it missing, so a load balancer that waits for ready never waits forever."""

    def __init__(self, live) -> None:
        self.live = live
        self._warming = threading.Lock()

    def check(self) -> tuple[Readiness | None, str]:
        engine = getattr(self.live, "engine", None)
        if engine is None:
            return None, "no index is loaded yet"
        try:
            documents, passages = len(engine.stored.documents), len(engine.stored.clauses)
            generation = engine.generation
        except Exception as e:  # noqa: BLE001 - a damaged engine is "not ready", said without its paths
            error_log.exception("readiness check failed")
            return None, f"the index cannot be read ({type(e).__name__})"
        if not documents:
            return None, "the index holds no plan"
        if not model_loaded(self.live.embedder):
            self._warm()
            return None, "the embedding model is loading"
        return Readiness(status="ready", generation=generation, documents=documents, passages=passages), ""

    def _warm(self) -> None:
        if not self._warming.acquire(blocking=False):
            return

        def load() -> None:
            try:
                self.live.embedder.dim  # noqa: B018 - reading it loads a lazy model
            except Exception:  # noqa: BLE001 - stays not ready; the reason is in the log
                error_log.exception("could not load the embedding model")
            finally:
                self._warming.release()

        threading.Thread(target=load, name="planqa-model-warmup", daemon=True).start()


def _routes(metrics: Metrics, readiness: ReadinessProbe) -> APIRouter:
    router = APIRouter()

    @router.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    @router.get("/livez", response_model=Liveness, summary="Is the process answering (liveness)",
                description="200 whenever the process answers HTTP; it reads no index, so a slow index or a "
                            "model still loading never gets the process restarted. Restart it when this fails.")
    def livez() -> Liveness:
        return Liveness(status="ok")

    @router.get("/readyz", response_model=Readiness,
                responses={**refusals(), 503: {"model": ErrorBody, "description": "not ready: no index loaded, "
                                                                                  "an empty or unreadable index, "
                                                                                  "or the embedding model loading"}},
                summary="Can it answer questions now (readiness)",
                description="200 with the index generation served when an index is loaded and its model is ready; "
                            "503 with the reason otherwise. Send traffic only while this is 200.")
    def readyz(response: Response) -> Readiness | JSONResponse:
        ready, why = readiness.check()
        if ready is None:
            return JSONResponse(status_code=503, content={"detail": f"not ready: {why}"},
                                headers={"Retry-After": "5"})
        response.headers[INDEX_HEADER] = ready.generation
        return ready

    return router


def install(app: FastAPI, live) -> None:
    """Add the middlewares and the operations routes to `app`, which answers from `live` (a LiveIndex). Call it
    after CORS is installed: the observer goes outside everything, the error catcher inside everything."""
    metrics = Metrics(live)
    app.state.metrics = metrics
    app.user_middleware.insert(0, Middleware(RequestObserver, metrics=metrics, routes=app.router.routes))
    app.user_middleware.append(Middleware(ErrorCatcher))
    # a middleware added after this one lies outside the observer: Starlette's ServerErrorMiddleware then answers
    # its errors, with this handler's body rather than a plain-text page
    app.add_exception_handler(Exception, _last_resort)
    app.include_router(_routes(metrics, ReadinessProbe(live)))


async def _last_resort(request: Request, exc: Exception) -> JSONResponse:
    request_id = request.scope.get("state", {}).get("request_id") or request_id_of(None)
    error_log.error("unhandled error outside the request observer in %s %s (request %s)", request.method,
                    request.url.path, request_id, exc_info=exc, extra={"request_id": request_id})
    return JSONResponse(status_code=500, content={"detail": "internal error", "request_id": request_id},
                        headers={REQUEST_ID_HEADER: request_id})


# ---- logs -------------------------------------------------------------------------------------------------------


def _request_id(record: logging.LogRecord) -> str | None:
    return getattr(record, "request_id", None) or REQUEST_ID.get()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, message, the request id (when the line is written while a
    request is handled), the access log's fields, and a traceback as one string."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        if request_id := _request_id(record):
            entry["request_id"] = request_id
        entry.update(getattr(record, "fields", None) or {})
        if record.exc_info and record.exc_info[0] is not None:
            entry["exc"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            entry["exc"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """People's lines: time, level, logger, message, and the request id in brackets when there is one."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        request_id = _request_id(record)
        if not request_id:
            return line
        first, nl, rest = line.partition("\n")  # the id on the message line, not after a traceback
        return f"{first} [{request_id}]{nl}{rest}"


LOG_FORMATS = ("text", "json")


def formatter(fmt: str) -> logging.Formatter:
    if fmt not in LOG_FORMATS:
        raise ValueError(f"unknown log format {fmt!r}: use 'text' or 'json'")
    return JsonFormatter() if fmt == "json" else TextFormatter()


def configure_logging(fmt: str = "text", level: int | str = logging.INFO, stream=None) -> logging.Handler:
    """Send every `planqa.*` logger (access lines included) to `stream` (stderr) in `fmt`; replaces a handler an
    earlier call installed. Returns the handler (tests remove it)."""
    root = logging.getLogger("planqa")
    for old in [h for h in root.handlers if getattr(h, "_planqa_operations", False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(formatter(fmt))
    handler._planqa_operations = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    root.propagate = False  # not again through the root logger uvicorn may have configured
    return handler


def server_logging(fmt: str = "text") -> dict[str, Any]:
    """Logging for `planqa serve`: `planqa.*` configured here, and the keyword arguments for `uvicorn.run`.
    planqa's access lines replace uvicorn's (they carry the route, the duration and the request id); in JSON,
    uvicorn's own lines are JSON too."""
    configure_logging(fmt)
    if fmt != "json":
        return {"access_log": False}
    return {"access_log": False, "log_config": {
        "version": 1, "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
        "loggers": {"uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                    "uvicorn.error": {"level": "INFO"},
                    "uvicorn.access": {"handlers": [], "level": "WARNING", "propagate": False}},
    }}


__all__ = ["REQUEST_ID_HEADER", "JsonFormatter", "Metrics", "TimedEmbedder", "configure_logging", "install",
           "request_id_of", "server_logging", "timed"]
