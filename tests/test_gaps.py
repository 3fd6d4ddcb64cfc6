"""What a plan does not say: a topic is missing only when the plan never says it, not when it words it otherwise."""

from __future__ import annotations

import pytest

from service.gaps import phrases, plan_gaps
from service.understanding import understand


def _plan(doc_id: str, place: str) -> dict:
    return {"doc_id": doc_id, "number": "87/KH-UBND", "locality": place, "district": None, "province": place,
            "level": "tỉnh", "date": "2025-04-09", "title": None, "places": [place], "label": f"Kế hoạch của {place}"}


# Two plans on one programme: Cần Thơ's writes its bodies out in full and its words apart; Yên Bái's abbreviates.
TEXTS = {
    "ct": "Thực hiện Kết luận số 132-KL/TW và Nghị quyết số 93/NQ-CP của Chính phủ về phòng, chống ma túy. "
          "Tỷ lệ tập thể được tặng Bằng khen của Chủ tịch Ủy ban nhân dân thành phố không quá 10%.",
    "yb": "Kế hoạch thực hiện nghị quyết của Chính phủ. Chủ tịch UBND thành phố tặng Bằng khen cho 15% tập thể. "
          "Tỷ lệ trẻ em dưới 6 tuổi có thẻ bảo hiểm y tế đạt 100%.",
}
DOCUMENTS = {"ct": _plan("ct", "Cần Thơ"), "yb": _plan("yb", "Yên Bái")}


def _gaps(question: str) -> list[str]:
    u = understand(question, DOCUMENTS)
    return plan_gaps(u, False, DOCUMENTS, {}, TEXTS, {d: phrases(t) for d, t in TEXTS.items()})


@pytest.mark.parametrize("question", [
    # an abbreviation in the question, the words written out in the plan
    "Cần Thơ quy định tỷ lệ Bằng khen của Chủ tịch UBND thành phố không quá bao nhiêu phần trăm tập thể?",
    # the question's words in one sentence of the plan, not side by side
    "Cần Thơ thực hiện nghị quyết nào của Chính phủ, tỷ lệ bao nhiêu phần trăm?",
])
def test_a_topic_worded_otherwise_is_not_missing(question):
    assert _gaps(question) == []


def test_a_topic_the_plan_never_mentions_is_missing():
    reasons = _gaps("Cần Thơ đặt mục tiêu bao nhiêu phần trăm trẻ em có thẻ bảo hiểm y tế?")
    assert reasons and "bảo hiểm y tế" in reasons[0]
    # the plan that has it is not refused
    assert _gaps("Yên Bái đặt mục tiêu bao nhiêu phần trăm trẻ em có thẻ bảo hiểm y tế?") == []
