"""The `planqa` command line on a real index."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from service.cli import app

runner = CliRunner()


def test_search_and_ask_json(index_dir, monkeypatch):
    monkeypatch.setenv("PLANQA_INDEX_DIR", str(index_dir))
    result = runner.invoke(app, ["search", "Công an huyện chỉ tiêu 9 Hương Khê", "-k", "3", "--json"])
    assert result.exit_code == 0, result.output
    results = json.loads(result.output)["results"]
    assert len(results) == 3 and results[0]["citation"]["locality"] == "Hương Khê"
    result = runner.invoke(app, ["ask", "Hương Khê giao chỉ tiêu 14 cho cơ quan nào?", "--json"])
    body = json.loads(result.output)
    assert body["found"] and "Phòng Tư pháp" in body["answer"]


def test_commands_refuse_a_missing_index_and_say_what_to_run(tmp_path):
    result = runner.invoke(app, ["search", "chỉ tiêu", "--index-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "run `planqa index` first" in result.output


def test_serve_builds_a_missing_index_and_rebuilds_one_of_an_older_format(index_dir, tmp_path):
    from indexer.store import FORMAT_VERSION
    from service.cli import _needs_build

    assert _needs_build(index_dir) is None
    assert "no index" in _needs_build(tmp_path / "none")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "manifest.json").write_text(json.dumps({"format_version": FORMAT_VERSION - 1}))
    assert f"format {FORMAT_VERSION - 1}" in _needs_build(tmp_path / "old")


def test_bad_input_is_a_message_not_a_traceback(index_dir):
    result = runner.invoke(app, ["search", "   ", "--index-dir", str(index_dir)])
    assert result.exit_code == 1 and "must not be blank" in result.output and "Traceback" not in result.output
    result = runner.invoke(app, ["index", str(index_dir.parent / "missing-corpus"), "--index-dir", str(index_dir)])
    assert result.exit_code == 1 and "does not exist" in result.output
