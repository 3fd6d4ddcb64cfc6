"""The re-ranking stage: every order is the sum of named features, and each feature does what it says."""

from __future__ import annotations

import pytest
from conftest import HAI_DUONG


@pytest.fixture(scope="module")
def answerer(app):
    return app.state.answerer


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


def test_a_part_named_lifts_the_line_that_opens_it(answerer):
    hits = answerer.search("Phần IV của kế hoạch Hải Dương nói về nội dung gì?", 3)
    assert hits[0].clause["kind"] == "section" and hits[0].clause["text"].startswith("IV.")
    assert hits[0].features["facet"] > 0
