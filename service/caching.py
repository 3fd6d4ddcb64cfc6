"""Answers to repeated questions, from memory: an LRU of POST /ask and POST /search responses.

Officials ask the same questions (the web page's examples, a chatbot's retries, a dashboard polling); an answer is a
pure function of the request and the index generation it was answered from, so it can be kept exactly:

- the key is (index generation, path, request body as the endpoint reads it: parsed and validated by the same
  pydantic model, defaults filled in, so key order, JSON spacing and an omitted `k: 10` do not matter). A new
  generation (a plan added through the API or by `planqa add`) gives new keys: an answer of an older index is never
  served again, and the old entries age out of the LRU;
- the answer is stored under the generation it says it came from (its `X-Planqa-Index`), not the one current when
  the request arrived, so a switch mid-request cannot file a new answer under the old index or the reverse;
- only `200` answers are kept; a body that does not validate passes through (the endpoint words its 422);
- `PLANQA_CACHE_SIZE` answers (default 1024, at most a few MB); 0 turns the cache off;
- every answer to these endpoints says where it came from in `X-Planqa-Cache: hit` or `miss`; a request sent with
  `Cache-Control: no-cache` is answered afresh (and the fresh answer kept), as benchmarks need.

It sits outside the admission gate: a hit takes no slot and is never refused for load.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

from fastapi import FastAPI
from pydantic import BaseModel, ValidationError
from starlette.middleware import Middleware

from .openapi import INDEX_HEADER
from .schemas import AskRequest, SearchRequest

CACHE_HEADER = "X-Planqa-Cache"
CACHED = {"/search": SearchRequest, "/ask": AskRequest}
DEFAULT_SIZE = 1024
MAX_BODY = 1 << 20  # a request body larger than this is not worth a key (the endpoints take 1,000 characters)
MAX_ANSWER = 1 << 20  # nor an answer larger than this worth memory


def size_from_env(env=None) -> int:
    env = os.environ if env is None else env
    raw = env.get("PLANQA_CACHE_SIZE", "").strip()
    if not raw:
        return DEFAULT_SIZE
    try:
        size = int(raw)
    except ValueError:
        raise ValueError(f"PLANQA_CACHE_SIZE={raw!r} is not a whole number") from None
    if size < 0:
        raise ValueError(f"PLANQA_CACHE_SIZE={raw!r} must be 0 (off) or more")
    return size


class AnswerCache:
    """A thread-safe LRU of whole responses: (status, headers, body) by key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: tuple) -> tuple[int, list, bytes] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: tuple, entry: tuple[int, list, bytes]) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class CacheCollector:
    """The cache at scrape time: lookups by result and entries held."""

    def __init__(self, cache: AnswerCache) -> None:
        self.cache = cache

    def collect(self):
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        lookups = CounterMetricFamily("planqa_answer_cache_lookups", "Answer cache lookups", labels=["result"])
        lookups.add_metric(["hit"], self.cache.hits)
        lookups.add_metric(["miss"], self.cache.misses)
        entries = GaugeMetricFamily("planqa_answer_cache_entries", "Answers held (PLANQA_CACHE_SIZE at most)")
        entries.add_metric([], len(self.cache))
        yield lookups
        yield entries


def request_key(model: type[BaseModel], body: bytes) -> str | None:
    """The request as the endpoint will read it, as canonical JSON; None when it does not validate."""
    try:
        parsed = model.model_validate_json(body)
    except ValidationError:
        return None
    return parsed.model_dump_json()


def _header(headers, name: bytes) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class CachedAnswers:
    """ASGI middleware over POST /ask and POST /search."""

    def __init__(self, app, cache: AnswerCache, live) -> None:
        self.app = app
        self.cache = cache
        self.live = live

    async def __call__(self, scope, receive, send) -> None:
        model = CACHED.get(scope["path"]) if scope["type"] == "http" and scope["method"] == "POST" else None
        if model is None or self.cache.size <= 0:
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        replay = _replaying(body, complete, receive)
        key_body = request_key(model, body) if complete and len(body) <= MAX_BODY else None
        if key_body is None:
            await self.app(scope, replay, send)
            return
        fresh = "no-cache" in (_header(scope.get("headers", ()), b"cache-control") or "").lower()
        # current(), as the endpoint would: it notices an index another process committed
        entry = None if fresh else self.cache.get((self.live.current().generation, scope["path"], key_body))
        if entry is not None:
            status, headers, answer = entry
            await send({"type": "http.response.start", "status": status,
                        "headers": [*headers, (CACHE_HEADER.lower().encode(), b"hit")]})
            await send({"type": "http.response.body", "body": answer, "more_body": False})
            return
        await self._answer_and_keep(scope, replay, send, key_body)

    async def _answer_and_keep(self, scope, receive, send, key_body: str) -> None:
        start: dict | None = None
        chunks: list[bytes] = []
        size = 0

        async def keep(message) -> None:
            nonlocal start, size
            if message["type"] == "http.response.start":
                start = message
                message = {**message, "headers": [*message.get("headers", ()), (CACHE_HEADER.lower().encode(),
                                                                                 b"miss")]}
            elif message["type"] == "http.response.body" and start is not None and size <= MAX_ANSWER:
                chunks.append(message.get("body", b""))
                size += len(chunks[-1])
                if not message.get("more_body", False) and start["status"] == 200 and size <= MAX_ANSWER:
                    headers = list(start.get("headers", ()))
                    generation = _header(headers, INDEX_HEADER.lower().encode())
                    if generation:  # the generation the answer came from
                        self.cache.put((generation, scope["path"], key_body), (200, headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, keep)


async def _read_body(receive) -> tuple[bytes, bool]:
    """The whole request body, and whether it all came (False: the client left half-way)."""
    parts = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(parts), False
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts), True


def _replaying(body: bytes, complete: bool, receive):
    """A `receive` that gives the app the body already read, then whatever the connection says next."""
    given = False

    async def replay() -> dict:
        nonlocal given
        if not given:
            given = True
            if complete:
                return {"type": "http.request", "body": body, "more_body": False}
            return {"type": "http.disconnect"}
        return await receive()

    return replay


def document(spec: dict) -> None:
    """The X-Planqa-Cache header on the cached endpoints' answers, in the OpenAPI document."""
    for path in CACHED:
        ok = spec.get("paths", {}).get(path, {}).get("post", {}).get("responses", {}).get("200")
        if ok is not None:
            ok.setdefault("headers", {})[CACHE_HEADER] = {
                "description": "'hit': answered from the cache of repeated requests (same index generation, same "
                               "request); 'miss': computed now. Absent when PLANQA_CACHE_SIZE=0",
                "schema": {"type": "string", "enum": ["hit", "miss"]}}


def install(app: FastAPI, live, size: int | None = None) -> AnswerCache:
    """Add the cache inside the error catcher and outside the admission gate (install it before the gate)."""
    cache = AnswerCache(size_from_env() if size is None else size)
    app.state.answer_cache = cache
    if (metrics := getattr(app.state, "metrics", None)) is not None:  # service.operations' registry, at /metrics
        metrics.registry.register(CacheCollector(cache))
    app.user_middleware.append(Middleware(CachedAnswers, cache=cache, live=live))
    generate = app.openapi
    patched: set[int] = set()

    def openapi() -> dict:
        spec = generate()
        if id(spec) not in patched:
            document(spec)
            patched.add(id(spec))
        return spec

    app.openapi = openapi
    return cache


__all__ = ["CACHE_HEADER", "AnswerCache", "CachedAnswers", "install", "request_key"]
