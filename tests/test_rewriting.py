"""Second wordings for retrieval: the English glossary, diacritic restoration, and plan-question facets."""

from __future__ import annotations

import json
import re

import pytest

from conftest import CORPUS, ROOT, plan_clauses
from indexer.tokenizing import fold
from service.glossary import vietnamese_terms
from service.rewriting import DiacriticRestorer, QueryRewriter, is_english, is_unaccented
from service.understanding import understand


@pytest.fixture(scope="module")
def clause_texts() -> list[str]:
    return [c.text for path in sorted(CORPUS.glob("*.txt")) for c in plan_clauses(path.stem)[1]]


@pytest.fixture(scope="module")
def documents(client) -> dict[str, dict]:
    return {d["doc_id"]: d for d in client.get("/documents").json()}


def test_glossary_prefers_the_longest_phrase_and_reads_plurals():
    terms = vietnamese_terms("Which Department of Health offices handle indicators for vaccinations?")
    assert "Sở Y tế" in terms and "chỉ tiêu" in terms and "tiêm chủng" in terms
    assert "Y tế sức khỏe" not in terms  # `health` alone must not also fire inside `Department of Health`
    assert vietnamese_terms("Who signed it?") == "ký"
    assert vietnamese_terms("Ninh Bình") == ""


def test_language_detection():
    assert is_english("which agency handles indicator 14 in Ninh Bình")
    assert not is_english("Cơ quan nào phụ trách chỉ tiêu 14 ở Ninh Bình?")
    assert is_unaccented("co quan nao phu trach chi tieu 14")
    assert not is_unaccented("cơ quan nào phụ trách chỉ tiêu 14")
    assert not is_unaccented("chỉ tiêu 14")


def test_diacritics_restored_from_the_corpus(clause_texts):
    restorer = DiacriticRestorer(clause_texts)
    assert restorer.restore("co quan nao phu trach chi tieu 5 o Hai Duong") == \
        "cơ quan nào phụ trách chỉ tiêu 5 ở hải dương"
    assert restorer.restore("tram y te phuong nguyen nghiem") == "trạm y tế phường nguyễn nghiêm"


def test_diacritic_restoration_accuracy_on_the_gold_questions(clause_texts):
    """Syllable accuracy over every accented Vietnamese gold question, stripped of its diacritics."""
    restorer = DiacriticRestorer(clause_texts)
    right = total = 0
    for line in (ROOT / "eval" / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        if item["lang"] != "vi":
            continue
        want = [w.lower() for w in re.findall(r"\w+", item["question"])]
        got = restorer.restore(fold(item["question"])).split()
        right += sum(a == b for a, b in zip(want, got))
        total += len(want)
    assert right / total >= 0.95, right / total


def test_rewriter_gives_no_second_wording_to_accented_vietnamese(clause_texts):
    rewriter = QueryRewriter(clause_texts)
    assert rewriter.expansions("Cơ quan nào phụ trách chỉ tiêu 14?") == []
    assert rewriter.expansions("which agency handles indicator 14")[0].startswith("cơ quan")
    assert rewriter.expansions("ai ky ke hoach ninh binh") == ["ai ký kế hoạch ninh bình"]


@pytest.mark.parametrize("question, kind, facets", [
    ("Ai ký kế hoạch 80/KH-UBND của huyện Hương Khê?", "plan", ["signer"]),
    ("Who signed the Nguyen Nghiem ward plan?", "plan", ["signer"]),
    ("Ninh Bình ban hành kế hoạch 114/KH-UBND ngày nào?", "plan", ["date"]),
    ("What's the number of Ninh Binh's plan on preventing child abuse?", "plan", ["number"]),
    ("Kế hoạch của tỉnh Hải Dương áp dụng cho giai đoạn nào?", None, ["title"]),
    # `kỹ năng` folds to `ky nang`: not a signature
    ("Bao nhiêu phần trăm học sinh ở Quảng Vinh được hướng dẫn kỹ năng phòng, chống tai nạn?", "target", []),
    ("What staffing must Ninh Binh's district People's Committees arrange at commune level?", None, []),
    ("Phường Nguyễn Nghiêm phải báo cáo kết quả trước ngày nào?", "when", []),
    ("Kế hoạch phường Nguyễn Nghiêm giao nhiệm vụ cho những đơn vị nào?", "list", ["agencies"]),
    ("Cơ quan nào chủ trì thanh tra liên ngành ở Ninh Bình?", "who", []),
    # the subject is a document the plan cites: its period or date, not the plan's own title or date
    ("What period does the child mental health and orphan care programme cited by Nguyen Nghiem cover?", None, []),
    ("luat ho tich ma quang vinh nhac den duoc quoc hoi thong qua ngay nao", "when", []),
    # "thực hiện kế hoạch số mấy": the number of the plan it implements, i.e. its basis
    ("Phường Nguyễn Nghiêm thực hiện kế hoạch số mấy của thành phố Quảng Ngãi?", "plan", ["basis"]),
    ("Which National Assembly resolution ultimately underlies Ninh Binh's plan?", "plan", ["basis"]),
])
def test_plan_question_facets(documents, question, kind, facets):
    u = understand(question, documents)
    assert (u.kind, u.facets) == (kind, facets)


def test_year_ranges_are_not_document_numbers(documents):
    assert understand("Kế hoạch giai đoạn 2021-2030 thực hiện Quyết định 23/QĐ-TTg", documents).references == \
        ["23/qd-ttg"]


@pytest.mark.parametrize("question, locality", [
    ("Trong kho, kế hoạch nào được ban hành sớm nhất?", "Quảng Vinh"),  # 09/03/2020
    ("Which is the most recent plan?", "Nguyễn Nghiêm"),  # May 2024, day left blank
    ("Which plan in the set was issued without its number?", "Nguyễn Nghiêm"),  # "Số: /KH-UBND"
])
def test_corpus_wide_questions_pick_plans_by_metadata(documents, question, locality):
    u = understand(question, documents)
    assert [documents[d]["locality"] for d in u.doc_ids] == [locality]


def test_a_plan_named_in_the_question_is_not_replaced_by_a_selection(documents):
    u = understand("Kế hoạch của Ninh Bình có phải là kế hoạch sớm nhất không?", documents)
    assert [documents[d]["locality"] for d in u.doc_ids] == ["Ninh Bình"]
