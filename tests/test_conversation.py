"""Follow-up questions made whole from the conversation (service.conversation), over real `understand` on the seed
plans: what a follow-up lacks is taken from the question before it, and only that."""

from __future__ import annotations

import pytest

from service.conversation import resolve_conversation
from service.understanding import understand

from conftest import HAI_DUONG, HUONG_KHE, NINH_BINH

HD_14 = "Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?"


@pytest.fixture(scope="module")
def documents(app):
    return app.state.live.current().retriever.documents


def _asked(questions, documents):
    resolved = resolve_conversation(questions, documents)
    return resolved, understand(resolved.question, documents)


def test_a_first_question_is_taken_as_it_is(documents):
    resolved, _ = _asked([HD_14], documents)
    assert resolved.question == HD_14 and resolved.carried == []


def test_another_indicator_keeps_the_plan_and_the_question(documents):
    resolved, u = _asked([HD_14, "còn chỉ tiêu 15 thì sao?"], documents)
    assert resolved.question == "Cơ quan nào phụ trách chỉ tiêu 15 của Hải Dương?"
    assert (u.doc_ids, u.indicators, u.kind) == ([HAI_DUONG], [15], "who")
    assert {"kind", "plans"} <= set(resolved.carried)


def test_another_place_keeps_the_indicator_through_a_chain_and_a_change_of_language(documents):
    resolved, u = _asked([HD_14, "còn chỉ tiêu 15 thì sao?", "and what about Ninh Bình?"], documents)
    assert (u.doc_ids, u.indicators, u.kind) == ([NINH_BINH], [15], "who")
    assert "indicators" in resolved.carried


@pytest.mark.parametrize("questions, expected", [
    # unaccented Vietnamese
    (["co quan nao phu trach chi tieu 14 cua hai duong", "con huong khe thi sao"], ([HUONG_KHE], [14], "who")),
    # English
    (["Which agency handles indicator 14 in Hai Duong?", "what about indicator 16?"], ([HAI_DUONG], [16], "who")),
    (["Which agency handles indicator 14 in Hai Duong?", "And in Hương Khê?"], ([HUONG_KHE], [14], "who")),
    # a place written with its level word is replaced whole
    (["Kế hoạch của tỉnh Hải Dương do ai ký?", "còn huyện Hương Khê?"], ([HUONG_KHE], [], "plan")),
])
def test_elliptical_follow_ups_in_every_spelling(documents, questions, expected):
    _, u = _asked(questions, documents)
    assert (u.doc_ids, u.indicators, u.kind) == expected


def test_another_year_keeps_the_indicator_and_the_plan(documents):
    _, u = _asked(["Chỉ tiêu 14 của Hải Dương đạt bao nhiêu vào năm 2025?", "còn năm 2030?"], documents)
    assert (u.doc_ids, u.indicators, u.years) == ([HAI_DUONG], [14], [2030])


def test_a_follow_up_naming_its_own_place_and_indicator_is_taken_as_it_is(documents):
    asked = "Ai phụ trách chỉ tiêu 3 ở Hương Khê?"
    resolved, u = _asked([HD_14, asked], documents)
    assert resolved.question == asked and resolved.carried == []
    assert (u.doc_ids, u.indicators) == ([HUONG_KHE], [3])


def test_a_question_about_the_plan_gets_the_plan_not_the_indicator(documents):
    resolved, u = _asked([HD_14, "Ai ký kế hoạch này?"], documents)
    assert (u.doc_ids, u.indicators, u.kind) == ([HAI_DUONG], [], "plan")
    assert resolved.carried == ["plans"]


@pytest.mark.parametrize("follow_up", ["what is its target for 2030?", "Mục tiêu đến năm 2030 là bao nhiêu?",
                                       "who is responsible?", "muc tieu cua chi tieu nay la gi?"])
def test_a_follow_up_pointing_back_or_asking_nothing_else_gets_the_indicator(documents, follow_up):
    resolved, u = _asked([HD_14, follow_up], documents)
    assert (u.doc_ids, u.indicators) == ([HAI_DUONG], [14])
    assert set(resolved.carried) == {"plans", "indicators"}


def test_a_topic_of_its_own_gets_the_plan_but_not_the_indicator(documents):
    _, u = _asked([HD_14, "Ai phụ trách công tác tuyên truyền?"], documents)
    assert (u.doc_ids, u.indicators) == ([HAI_DUONG], [])


@pytest.mark.parametrize("follow_up", ["Tỉnh nào khác có chỉ tiêu này?", "Which other plans have this indicator?"])
def test_a_question_across_the_corpus_is_not_narrowed_to_the_plan(documents, follow_up):
    resolved, u = _asked([HD_14, follow_up], documents)
    assert u.doc_ids == [] and u.indicators == [14]
    assert "plans" not in resolved.carried


def test_a_comparison_keeps_both_plans(documents):
    _, u = _asked(["So sánh chỉ tiêu 14 của Hải Dương và Hương Khê", "còn chỉ tiêu 15?"], documents)
    assert (sorted(u.doc_ids), u.indicators, u.kind) == (sorted([HAI_DUONG, HUONG_KHE]), [15], "compare")


def test_a_place_no_plan_covers_is_carried_too(documents):
    # the honest "no plan of Đà Nẵng" must survive a follow-up, not turn into another province's answer
    _, u = _asked(["Cơ quan nào phụ trách chỉ tiêu 14 của Đà Nẵng?", "còn chỉ tiêu 15?"], documents)
    assert u.doc_ids == [] and u.unknown_places and u.indicators == [15]


def test_a_conversation_needs_a_question(documents):
    with pytest.raises(ValueError):
        resolve_conversation([], documents)
