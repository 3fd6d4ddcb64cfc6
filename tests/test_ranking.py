"""The re-ranking stage: every order is the sum of named features, and each feature does what it says."""

from __future__ import annotations

import pytest
from conftest import HAI_DUONG, NGUYEN_NGHIEM, NINH_BINH


@pytest.fixture(scope="module")
def answerer(app):
    return app.state.live.engine.answerer


@pytest.mark.parametrize("question", [
    "Cơ quan nào phụ trách chỉ tiêu 14 ở Hải Dương?",
    "Kế hoạch của Hải Dương số mấy, ai ký?",
    "Sở Tư pháp Hải Dương có nhiệm vụ gì?",
    "Khi nào phải báo cáo kết quả?",
])
def test_every_score_is_the_sum_of_its_named_features(answerer, question):
    hits = answerer.search(question, 10)
    assert hits and all(h.score == pytest.approx(sum(h.features.values())) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_an_indicator_number_lifts_its_assignment_first_for_a_who_question(answerer):
    hits = answerer.search("Cơ quan nào phụ trách chỉ tiêu 14 ở Hải Dương?", 5)
    top = hits[0]
    assert top.clause["doc_id"] == HAI_DUONG and "chỉ tiêu 14" in top.clause["text"]
    assert top.features["indicator"] == 2.0 and top.clause["kind"] != "indicator"
    stated = next(h for h in hits if h.clause["kind"] == "indicator")
    assert stated.features["indicator"] == 1.0 and stated.clause["indicator"] == 14


def test_a_plan_question_lifts_the_clause_holding_its_facet(answerer):
    hits = answerer.search("Kế hoạch của Hải Dương số hiệu là gì?", 3)
    assert "Số:" in hits[0].clause["text"] and hits[0].features["facet"] > max(h.features.get("fused", 0) for h in hits)


def test_a_bare_agency_heading_yields_to_its_tasks_unless_the_agency_is_asked(answerer):
    task = answerer.search("Sở Tư pháp Hải Dương có nhiệm vụ gì?", 20)
    headings = [h for h in task if h.clause["kind"] == "heading"]
    assert headings and all(h.features.get("bare_heading", 0) < 0 for h in headings)
    who = answerer.search("Cơ quan nào là Sở Tư pháp ở Hải Dương?", 20)
    assert all("bare_heading" not in h.features for h in who)


def test_an_agency_named_in_english_lifts_its_tasks_as_in_vietnamese(answerer):
    for question in ("What does Hai Duong's Department of Justice have to do?", "Sở Tư pháp Hải Dương phải làm gì?"):
        tasked = [h.clause for h in answerer.search(question, 20) if "agency" in h.features]
        assert tasked, question
        assert all("Sở Tư pháp" in " ".join([*c["heading_path"], c["text"]]) for c in tasked), question


def test_a_part_named_lifts_the_line_that_opens_it(answerer):
    hits = answerer.search("Phần IV của kế hoạch Hải Dương nói về nội dung gì?", 3)
    assert hits[0].clause["kind"] == "section" and hits[0].clause["text"].startswith("IV.")
    assert hits[0].features["facet"] > 0


# ---- what a question asks, whatever words describe the plan --------------------------------------------------

def _plan(doc_id: str, place: str) -> dict:
    return {"doc_id": doc_id, "number": "87/KH-UBND", "locality": place, "district": None, "province": place,
            "level": "tỉnh", "date": "2021-04-09", "title": None, "places": [place]}


@pytest.mark.parametrize("question, kind, facets", [
    # task or target words in the plan's own name do not make the question a task or target question
    ("Kế hoạch thực hiện nhiệm vụ phổ cập giáo dục tỉnh Yên Bái giai đoạn 2021-2025 có số hiệu gì?", "plan", ["number"]),
    ("Kế hoạch mục tiêu giảm nghèo của tỉnh Yên Bái có số là gì?", "plan", ["number"]),
    ("UBND tỉnh Yên Bái ban hành kế hoạch thực hiện Đề án xóa mù chữ vào ngày nào?", "plan", ["date"]),
    ("Nhiệm vụ của Sở Giáo dục tỉnh Yên Bái là gì?", "task", []),
    # a plan's verb ("implement") in a question asking which bodies do something does not make it a plan question
    ("Under Yen Bai's plan, which bodies must implement the Party's directions?", "who", []),
    ("Which bank branch in Yen Bai opens accounts for beneficiaries?", "who", []),
    ("Lãnh đạo nào của tỉnh Yên Bái phát biểu tại lễ phát động?", "who", []),
    # "cơ sở nào" (which facility) folds as "có số nào" (which number) and "sở nào" (which department) do
    ("Kế hoạch của tỉnh Yên Bái yêu cầu quản lý loại cơ sở nào?", None, []),
    ("Kế hoạch của tỉnh Yên Bái có số nào?", "plan", ["number"]),
])
def test_what_is_asked_of_a_plan(question, kind, facets):
    from service.understanding import understand

    u = understand(question, {"yb": _plan("yb", "Yên Bái")})
    assert (u.kind, u.facets, u.doc_ids) == (kind, facets, ["yb"])


@pytest.mark.parametrize("question, asks_review", [
    ("When is the mid-term review of Yen Bai's plan held?", True),
    ("Khi nào sơ kết kế hoạch của Yên Bái?", True),
    ("Which poverty standard does Yen Bai use in its 2021 poverty review plan?", False),
    ("How does Yen Bai's household review of poor households work?", False),
])
def test_a_poverty_review_is_a_survey_not_a_stock_taking_meeting(question, asks_review):
    from service.ranking import ASKS_REVIEW
    from service.understanding import understand

    u = understand(question, {"yb": _plan("yb", "Yên Bái")})
    assert bool(ASKS_REVIEW.search(u.folded)) == asks_review


def test_the_basis_facet_lifts_lines_that_cite_not_page_leftovers(answerer):
    from service.ranking import FACET_CLAUSES

    holds = FACET_CLAUSES["basis"]
    assert holds({"kind": "preamble", "text": "Căn cứ Nghị định số 02/2019/NĐ-CP ngày 02/1/2019 của Chính phủ;"})
    assert holds({"kind": "preamble", "text": "Của Ban Thường vụ Tỉnh ủy khóa XX về Chuyển đổi số tỉnh Quảng Ngãi"})
    assert holds({"kind": "title", "text": "Triển khai thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023"})
    assert not holds({"kind": "preamble", "text": "![]()"})
    assert not holds({"kind": "preamble", "text": "Đến năm 2025, định hướng đến năm 2030"})
    assert not holds({"kind": "item", "text": "Căn cứ tình hình thực tế, các xã chủ động triển khai."})


@pytest.mark.parametrize("doc_id, place", [(NINH_BINH, "Ninh Bình"), (NGUYEN_NGHIEM, "phường Nguyễn Nghiêm")])
def test_who_signed_lifts_the_line_naming_the_signer_and_what_post_lifts_the_title_line(answerer, doc_id, place):
    signer = answerer.docs[doc_id]["signer"]
    who = answerer.search(f"Ai ký kế hoạch của {place}?", 3)
    assert who[0].clause["kind"] == "signature" and signer in who[0].clause["text"]
    post = answerer.search(f"Người ký kế hoạch của {place} giữ chức vụ gì?", 3)
    # the signer's title ("PHÓ CHỦ TỊCH"), not the body signed for ("TM. ỦY BAN NHÂN DÂN") nor the name
    assert post[0].clause["kind"] == "signature" and "CHỦ TỊCH" in post[0].clause["text"].upper()
    assert "ỦY BAN" not in post[0].clause["text"].upper() and signer not in post[0].clause["text"]


@pytest.mark.parametrize("question", [
    "Ở Hương Khê, đơn vị nào thực hiện chế độ miễn, giảm học phí cho trẻ em thuộc diện hộ nghèo?",
    "Which Ninh Binh agency organises intersectoral inspections on child abuse prevention?",
])
def test_a_who_question_brings_up_the_agency_heading_of_its_best_task_beside_it(answerer, question):
    hits = answerer.search(question, 5)
    task, heading = hits[0], hits[1]
    # the task names no agency; the bare heading it sits under ("3. Phòng Giáo dục và Đào tạo:") says who
    assert heading.clause["kind"] in ("heading", "item") and "states_who" in heading.features
    assert task.clause["heading_path"][-1] == heading.clause["text"].rstrip(" :")
    assert heading.clause["doc_id"] == task.clause["doc_id"] and heading.clause["id"] < task.clause["id"]
    # and the answer, which names the agency from the heading path, quotes tasks, not the bare heading
    answer = answerer.ask(question)
    assert answer.found and all(c.quote != heading.clause["text"] for c in answer.citations)


def test_a_task_question_does_not_bring_up_agency_headings(answerer):
    hits = answerer.search("Ở Hương Khê, Phòng Giáo dục và Đào tạo phải làm gì về miễn, giảm học phí?", 10)
    assert not any("states_who" in h.features for h in hits)


@pytest.mark.parametrize("question", [
    'Kế hoạch của Ninh Bình yêu cầu gì về mô hình "Phòng điều tra thân thiện"?',
    'ke hoach cua ninh binh yeu cau gi ve mo hinh “phong dieu tra than thien”',
])
def test_a_phrase_the_question_quotes_lifts_the_clauses_holding_it_with_or_without_diacritics(answerer, question):
    hits = answerer.search(question, 3)
    assert "Phòng điều tra thân thiện" in hits[0].clause["text"] and "quoted" in hits[0].features


@pytest.mark.parametrize("text, names", [
    ("4.1. Ông. Hoàng Văn Thuân - Trưởng đoàn: Phụ trách chung", True),
    ("Tại Lễ phát động, ông Ma Doãn Kháng, Phó Chủ tịch UBND huyện đề nghị", True),
    ("đ/c Nguyễn Văn An, Chủ tịch UBND xã", True),
    ("Vận động ông bà, cha mẹ chăm sóc trẻ em", False),
    ("Tổ chức tại tỉnh Bà Rịa - Vũng Tàu", False),
])
def test_a_person_is_an_honorific_and_a_capitalised_name(text, names):
    from service.ranking import _names_person

    assert _names_person(text) == names
