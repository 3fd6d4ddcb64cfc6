"""`planqa mcp` driven by the official MCP Python SDK's client, over stdio (the client launches the server) and
streamable HTTP (a real server process on loopback), on the real index of the seed plans.

Each transport starts one server process for the whole module: every tool call the tests check is made in one
session (`_exercise`), and the tests read its results.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import anyio
import httpx
import pytest
from conftest import HAI_DUONG, HUONG_KHE, NINH_BINH

from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

ROOT = Path(__file__).resolve().parents[1]
PLANQA = [sys.executable, "-c", "from service.cli import main; main()"]
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "PYTHONUNBUFFERED": "1"}  # never a model download
TOOLS = {"ask", "search", "list_plans", "get_plan", "get_indicators"}

CALLS = {
    "who_hai_duong": ("ask", {"question": "Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?"}),
    "who_ninh_binh": ("ask", {"question": "which agency handles indicator 14 in Ninh Bình"}),
    "search_hai_duong": ("search", {"query": "chỉ tiêu 14 trẻ em khai sinh", "k": 8, "locality": "hai duong"}),
    "search_plan": ("search", {"query": "Phòng Tư pháp", "k": 3, "doc_id": HUONG_KHE}),
    "plan_hai_duong": ("get_plan", {"doc_id": HAI_DUONG}),
    "plans_2021_provinces": ("list_plans", {"level": "province", "year": 2021}),
    "plans_ninh_binh": ("list_plans", {"province": "ninh binh"}),
    "indicator_14_huong_khe": ("get_indicators", {"locality": "Hương Khê", "number": 14}),
    "unknown_plan": ("get_plan", {"doc_id": "no-such-plan"}),
    "unknown_plan_search": ("search", {"query": "chỉ tiêu", "doc_id": "no-such-plan"}),
    "unknown_locality": ("get_indicators", {"locality": "Atlantis"}),
    "blank_question": ("ask", {"question": "   "}),
    "k_too_large": ("search", {"query": "chỉ tiêu", "k": 500}),
}


async def _exercise(transport) -> dict:
    """One session: initialize, list the tools, make every call in CALLS. Lines on the wire that are not protocol
    (a stray print on stdout) reach the message handler as exceptions and are recorded."""
    stray: list[Exception] = []

    async def on_message(message) -> None:
        if isinstance(message, Exception):
            stray.append(message)

    with anyio.fail_after(300):
        async with transport as (read, write), ClientSession(read, write, message_handler=on_message) as session:
            init = await session.initialize()
            tools = {t.name: t for t in (await session.list_tools()).tools}
            results = {key: await session.call_tool(name, args) for key, (name, args) in CALLS.items()}
    return {"init": init, "tools": tools, "stray": stray, **results}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _over_stdio(index_dir: Path, log: Path) -> dict:
    params = StdioServerParameters(command=PLANQA[0], args=[*PLANQA[1:], "mcp", "--index-dir", str(index_dir)],
                                   env=OFFLINE, cwd=str(ROOT))
    with log.open("w+", encoding="utf-8") as errlog:
        calls = anyio.run(_exercise, stdio_client(params, errlog=errlog))
    return calls


def _over_http(index_dir: Path, log: Path) -> dict:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANQA_")} | OFFLINE
    with log.open("w+", encoding="utf-8") as errlog:
        process = subprocess.Popen([*PLANQA, "mcp", "--transport", "http", "--port", str(port),
                                    "--index-dir", str(index_dir)], env=env, cwd=ROOT,
                                   stdout=subprocess.DEVNULL, stderr=errlog)
        try:
            url = f"http://127.0.0.1:{port}/mcp"
            for _ in range(1200):  # the index is checked and the model loaded before it listens
                if process.poll() is not None:
                    pytest.fail(f"planqa mcp --transport http exited {process.returncode}: {log.read_text()[-2000:]}")
                try:
                    httpx.get(url, timeout=1)  # any HTTP answer means it listens
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail(f"planqa mcp --transport http did not listen: {log.read_text()[-2000:]}")
            return anyio.run(_exercise, streamable_http_client(url))
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module", params=["stdio", "http"])
def calls(request, index_dir, tmp_path_factory) -> dict:
    log = tmp_path_factory.mktemp("mcp") / f"{request.param}.stderr"
    try:
        return {"transport": request.param, "log": log,
                **(_over_stdio if request.param == "stdio" else _over_http)(index_dir, log)}
    except Exception as e:
        pytest.fail(f"MCP session over {request.param} failed: {e!r}\n{log.read_text()[-3000:]}")


def _text(result) -> str:
    return "\n".join(c.text for c in result.content if c.type == "text")


def _error(result) -> str:
    assert result.is_error, _text(result)
    return _text(result)


def test_the_server_names_its_tools_and_describes_every_argument(calls):
    assert calls["init"].server_info.name == "planqa"
    tools = calls["tools"]
    assert set(tools) == TOOLS
    for tool in tools.values():
        assert tool.description and tool.output_schema, tool.name
        assert tool.annotations.read_only_hint, tool.name
        for name, schema in tool.input_schema["properties"].items():
            assert schema.get("description"), f"{tool.name}.{name} has no description"
    assert tools["ask"].input_schema["required"] == ["question"]
    assert set(tools["search"].input_schema["properties"]) >= {"query", "k", "locality", "doc_id"}
    assert tools["search"].input_schema["properties"]["k"]["maximum"] == 50
    assert set(tools["get_indicators"].input_schema["properties"]) == {"doc_id", "locality", "number"}
    assert set(tools["list_plans"].input_schema["properties"]) == {"province", "level", "year"}
    assert set(tools["ask"].output_schema["properties"]) >= {"answer", "found", "citations", "plans"}


def test_stdout_carries_only_the_protocol(calls):
    assert calls["stray"] == []
    if calls["transport"] == "stdio":  # the index check's report went to stderr, not onto the wire
        assert "is up to date" in calls["log"].read_text()


def test_ask_names_the_agency_with_numbered_citations(calls):
    result = calls["who_hai_duong"]
    assert not result.is_error
    answer = result.structured_content
    assert answer["found"] is True and "Sở Tư pháp" in answer["answer"]
    assert answer["citations"] and {c["doc_id"] for c in answer["citations"]} == {HAI_DUONG}
    assert any("chỉ tiêu 14" in c["quote"] for c in answer["citations"])
    text = _text(result)
    assert text.startswith(answer["answer"].strip()) and "Sở Tư pháp" in text
    assert "[1] Kế hoạch 2716/KH-UBND (Hải Dương)" in text  # the model reads which plan and passage, numbered
    first = answer["citations"][0]
    assert f"{first['source']}:{first['start']}-{first['end']}" in text


def test_ask_about_a_plan_without_that_indicator_is_not_found_and_cites_only_it(calls):
    result = calls["who_ninh_binh"]
    answer = result.structured_content
    assert not result.is_error and answer["found"] is False
    assert answer["citations"] and {c["doc_id"] for c in answer["citations"]} == {NINH_BINH}
    assert "Sở Tư pháp" not in answer["answer"]
    assert "Not found in the plans" in _text(result)  # English question, English notice


def test_search_with_a_locality_or_a_plan_returns_only_that_plan(calls):
    results = calls["search_hai_duong"].structured_content["results"]
    assert len(results) == 8 and {r["citation"]["doc_id"] for r in results} == {HAI_DUONG}
    assert "Chỉ tiêu 14" in results[0]["text"] or "chỉ tiêu 14" in results[0]["text"]
    assert _text(calls["search_hai_duong"]).startswith("[1] ")
    results = calls["search_plan"].structured_content["results"]
    assert results and {r["citation"]["locality"] for r in results} == {"Hương Khê"}


def test_plan_metadata_and_filters(calls):
    plan = calls["plan_hai_duong"].structured_content
    assert plan["number"] == "2716/KH-UBND" and plan["locality"] == "Hải Dương" and plan["date"] == "2021-07-27"
    assert plan["indicators"] > 0 and "Số hiệu: 2716/KH-UBND" in _text(calls["plan_hai_duong"])
    plans = calls["plans_2021_provinces"].structured_content["plans"]
    assert [p["doc_id"] for p in plans] == [HAI_DUONG]  # Hương Khê (2021) is a district's, Ninh Bình's is 2020
    assert [p["doc_id"] for p in calls["plans_ninh_binh"].structured_content["plans"]] == [NINH_BINH]


def test_indicators_with_their_agencies(calls):
    rows = calls["indicator_14_huong_khe"].structured_content["indicators"]
    assert [(r["doc_id"], r["number"]) for r in rows] == [(HUONG_KHE, 14)]
    assert "Phòng Tư pháp" in rows[0]["agencies"]
    assert "Chỉ tiêu 14 (Hương Khê)" in _text(calls["indicator_14_huong_khe"])


def test_without_an_index_or_a_corpus_it_says_so_on_stderr_and_exits_non_zero(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANQA_")} | OFFLINE
    done = subprocess.run([*PLANQA, "mcp", "--index-dir", str(tmp_path / "none"), "--corpus",
                           str(tmp_path / "no-corpus")], env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == ""
    assert str(tmp_path / "no-corpus") in done.stderr  # the missing folder named, in either language
    assert "Traceback" not in done.stderr


def test_bad_arguments_are_tool_errors_with_a_clear_message(calls):
    assert "unknown doc_id 'no-such-plan'" in _error(calls["unknown_plan"])
    assert "list_plans" in _error(calls["unknown_plan"])
    assert "unknown doc_id 'no-such-plan'" in _error(calls["unknown_plan_search"])
    assert "no plan in the corpus for locality 'Atlantis'" in _error(calls["unknown_locality"])
    assert "must not be blank" in _error(calls["blank_question"])
    assert "k" in _error(calls["k_too_large"]) and "50" in _error(calls["k_too_large"])
