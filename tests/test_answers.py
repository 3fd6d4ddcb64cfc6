"""Answers that answer: the first sentence states the fact and names the plan, in the question's language; the
evidence that follows is numbered as the citations are; questions over the facts are answered from the facts.

Expected values come from the index's own facts (GET /documents/{id}), so each check holds for every plan of the
corpus, not for one plan's wording."""

from __future__ import annotations

import re

import pytest

from eval.metrics import first_sentence
from service import composing
from indexer.records import Target

from conftest import HAI_DUONG, HUONG_KHE, NINH_BINH


def ask(client, question: str) -> dict:
    response = client.post("/ask", json={"question": question})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture(scope="module")
def plans(client) -> dict[str, dict]:
    """Every plan with its facts, as the API gives them."""
    return {d["doc_id"]: client.get(f"/documents/{d['doc_id']}").json() for d in client.get("/documents").json()}


def assigned_indicators(plan: dict) -> dict[str, list[int]]:
    out: dict[str, set[int]] = {}
    for a in plan["assignments"]:
        if a["indicators"]:
            out.setdefault(a["agency"], set()).update(a["indicators"])
    return {agency: sorted(numbers) for agency, numbers in out.items()}


# ---- the first sentence --------------------------------------------------------------------------------------


@pytest.mark.parametrize("question, english", [
    ("Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?", False),
    ("Which agency handles indicator 14 in Hai Duong?", True),
    ("co quan nao phu trach chi tieu 14 o hai duong", False),
])
def test_a_who_answer_names_the_agency_and_the_plan_first(client, plans, question, english):
    body = ask(client, question)
    lead = first_sentence(body["answer"])
    agencies = [a["agency"] for a in plans[HAI_DUONG]["assignments"] if 14 in a["indicators"]]
    assert body["found"] and agencies and all(a in lead for a in agencies), lead
    assert plans[HAI_DUONG]["number"] in lead
    assert ("assigned to" in lead) == english and ("phụ trách" in lead) != english


def test_a_target_answer_states_the_targets_first(client, plans):
    indicator = next(i for i in plans[HUONG_KHE]["indicators"] if i["number"] == 14)
    lead = first_sentence(ask(client, "Chỉ tiêu 14 của Hương Khê là gì?")["answer"])
    assert all(t["value"] in lead for t in indicator["targets"]), lead


def test_an_answer_from_a_passage_says_whose_task_it_is(client):
    body = ask(client, "Cơ quan nào ở Hải Dương tham mưu UBND tỉnh bố trí kinh phí triển khai kế hoạch?")
    lead = first_sentence(body["answer"])
    top = body["citations"][0]
    # the body the passage belongs to is the last step of its heading path in the organisation section
    assert top["section"].split(" > ")[-1].split(". ", 1)[-1] in lead, (lead, top["section"])
    assert top["number"] in lead


def test_evidence_is_numbered_as_the_citations(client):
    for question in ("Công an tỉnh Hải Dương có nhiệm vụ gì?", "When is the annual report due in Hai Duong?",
                     "Sở Y tế Hải Dương phụ trách những chỉ tiêu nào?"):
        body = ask(client, question)
        numbered = [line for line in body["answer"].splitlines() if re.match(r"\[\d+\] ", line)]
        assert numbered, body["answer"]
        for line in numbered:
            i = int(line[1:line.index("]")])
            quote = composing.one_line(body["citations"][i - 1]["quote"])
            assert line.endswith(quote), (line, quote)


# ---- questions over the facts ---------------------------------------------------------------------------------


def test_which_indicators_an_agency_is_assigned_for_every_agency_of_every_plan(client, plans):
    asked = 0
    for plan in plans.values():
        for agency, numbers in assigned_indicators(plan).items():
            body = ask(client, f"{agency} của {plan['locality']} phụ trách những chỉ tiêu nào?")
            lead = first_sentence(body["answer"])
            stated = {int(n) for n in re.findall(r"\b\d{1,2}\b", lead.split(agency, 1)[-1].split(" của ")[0])}
            assert body["found"] and agency in lead and stated == set(numbers), (agency, numbers, lead)
            asked += 1
    assert asked >= 10  # the seeds assign indicators in two plans


def test_how_many_indicators_for_every_plan(client, plans):
    for plan in plans.values():
        body = ask(client, f"Kế hoạch của {plan['locality']} có bao nhiêu chỉ tiêu?")
        numbers = {i["number"] for i in plan["indicators"]}
        if numbers:
            assert body["found"] and f" {len(numbers)} " in first_sentence(body["answer"]), body["answer"]
        else:  # honest: a plan with no numbered indicators says so, and is never given a count of another's
            lead = first_sentence(body["answer"])
            assert "không" in lead and "đánh số" in lead, lead
            assert {c["doc_id"] for c in body["citations"]} <= {plan["doc_id"]}


def test_agencies_given_no_numbered_indicator(client, plans):
    lead = first_sentence(ask(client, "Which named departments in Hai Duong get no numbered indicator?")["answer"])
    given = assigned_indicators(plans[HAI_DUONG])
    assert "Sở Tài chính" in lead and not any(agency in lead for agency in given), lead


def test_a_comparison_states_both_sides_and_the_difference(client, plans):
    body = ask(client, "Compare the 2030 targets for indicator 22 in Hai Duong and Huong Khe.")
    lead = first_sentence(body["answer"])
    values = [next(t for i in plans[d]["indicators"] if i["number"] == 22 for t in i["targets"] if t["year"] == 2030)
              for d in (HAI_DUONG, HUONG_KHE)]
    gap = abs(values[0]["number"] - values[1]["number"])
    assert all(v["value"] in lead for v in values), lead
    assert f"{gap:g} percentage points" in lead, lead


def test_days_between_the_plan_and_its_first_report_deadline(client, plans):
    from datetime import date

    body = ask(client, "How many days are there between the Hai Duong plan's date and its first report deadline?")
    lead = first_sentence(body["answer"])
    issued = date.fromisoformat(plans[HAI_DUONG]["date"])
    dues = []
    for d in plans[HAI_DUONG]["deadlines"]:
        if d["day"] and d["month"] and "báo cáo" in (d["what"] or ""):
            due = date(d["year"] or issued.year, d["month"], d["day"])
            dues.append(due if due >= issued else date(issued.year + 1, d["month"], d["day"]))
    assert body["found"] and lead.startswith(f"{(min(dues) - issued).days} days"), lead


def test_a_topic_asked_across_plans_names_every_plan_with_such_an_indicator(client):
    body = ask(client, "Tỉnh nào có chỉ tiêu về đăng ký khai sinh?")
    lead = first_sentence(body["answer"])
    assert body["found"] and "2716/KH-UBND" in lead and "80/KH-UBND" in lead, lead
    assert "114/KH-UBND" not in lead  # Ninh Bình has no such indicator


def test_ninh_binh_is_still_refused(client):
    body = ask(client, "which agency handles indicator 14 in Ninh Bình")
    assert body["found"] is False and {c["doc_id"] for c in body["citations"]} == {NINH_BINH}


# ---- composing, alone -----------------------------------------------------------------------------------------


def test_sentence_closes_one_line():
    assert composing.sentence("- a\n b;") == "a b."
    assert composing.sentence("Đã xong!") == "Đã xong!"


def _target(value, number, year, unit="%", upper=None):
    return Target(value=value, number=number, unit=unit, year=year, comparator="", text=f"đạt {value} vào năm {year}",
                  upper=upper)


def test_targets_phrase_keeps_the_years_asked():
    targets = [_target("99%", 99, 2025), _target("100%", 100, 2030)]
    assert composing.targets_phrase(targets, [2030]) == "đạt 100% vào năm 2030"
    assert composing.targets_phrase(targets, [2040]) == "đạt 99% vào năm 2025, đạt 100% vào năm 2030"


def test_difference_only_between_comparable_figures():
    assert composing.difference(_target("99%", 99, 2025), _target("98,5%", 98.5, 2025)) == "0,5 điểm phần trăm"
    assert composing.difference(_target("99%", 99, 2025), _target("98,5%", 98.5, 2025), en=True) == \
        "0.5 percentage points"
    assert composing.difference(_target("3%", 3, 2025), _target("3‰", 3, 2025, unit="‰")) is None
    assert composing.difference(_target("3-5%", 3, 2025, upper=5), _target("4%", 4, 2025)) is None


def test_focus_quotes_the_part_of_a_long_passage_that_answers():
    parts = ["Phối hợp với các sở, ngành liên quan triển khai kế hoạch hằng năm trên địa bàn toàn tỉnh",
             "tăng cường truyền thông về Tổng đài quốc gia bảo vệ trẻ em 111 cho người dân và học sinh",
             "kiểm tra, giám sát việc thực hiện và báo cáo kết quả định kỳ với Ủy ban nhân dân tỉnh"]
    text = "; ".join(parts) + "."
    asked = {"tong", "dai", "quoc", "gia"}

    def score(part):
        from service.gaps import topic_words
        return len(asked & topic_words(part, set()))

    assert composing.focus(text, score) == "… " + parts[1] + " …"
    assert composing.focus(text, lambda part: 0) == text  # nothing asked stands out: the passage as it is
    assert composing.focus(parts[1], score) == parts[1]  # a short passage is quoted whole


def test_a_heading_found_with_its_passage_gives_way_to_the_passage(client):
    body = ask(client, "What leaflets and posters does Huong Khe's labour office produce?")
    lead = first_sentence(body["answer"])
    assert body["found"] and "Phòng Lao động - Thương binh và Xã hội:" in lead and len(lead) > 120, lead


def test_a_question_about_two_plans_answers_both_in_the_first_sentence(client, plans):
    lead = first_sentence(ask(client, "Ai ký kế hoạch của tỉnh Ninh Bình và của phường Nguyễn Nghiêm?")["answer"])
    signers = [plans[d]["signer"] for d in plans if plans[d]["locality"] in ("Ninh Bình", "Nguyễn Nghiêm")]
    assert len(signers) == 2 and all(s and s in lead for s in signers), lead


def test_who_in_a_relative_clause_does_not_ask_for_an_agency(client):
    # "children who should be cared for" asks a share, not which body is responsible
    lead = first_sentence(ask(client, "How do Hai Duong and Huong Khe compare on the share of children in special "
                                      "circumstances who should be cared for and supported by 2025?")["answer"])
    assert "%" in lead and "assigned to" not in lead, lead


def test_which_is_higher_names_the_plan_with_the_higher_figure(client, plans):
    body = ask(client, "Which is higher in 2030, Hai Duong's or Huong Khe's target for children consulted on issues "
                       "affecting them, and by how much?")
    lead = first_sentence(body["answer"])
    figures = {d: next(t["number"] for i in plans[d]["indicators"] if i["number"] == 22
                       for t in i["targets"] if t["year"] == 2030) for d in (HAI_DUONG, HUONG_KHE)}
    higher = max(figures, key=figures.get)
    assert f"{plans[higher]['number']} ({plans[higher]['level']} {plans[higher]['locality']}" in \
        lead.split("sets the higher figure")[0].rsplit(";", 1)[-1], lead


def test_which_indicators_of_a_plan_without_any_is_refused_but_a_comparison_is_not(client):
    refused = ask(client, "Sở Y tế Ninh Bình phụ trách những chỉ tiêu nào?")
    assert refused["found"] is False and {c["doc_id"] for c in refused["citations"]} == {NINH_BINH}
    compared = ask(client, "Chỉ tiêu nào cao hơn: tỷ lệ trẻ em được khai sinh năm 2025 của Hải Dương hay Hương Khê?")
    assert compared["found"] and "chênh lệch" in first_sentence(compared["answer"])


def test_short_label_names_number_and_place_or_falls_back_to_the_full_label():
    district = {"label": "Kế hoạch 80/KH-UBND của Ủy ban nhân dân huyện Hương Khê (tỉnh Hà Tĩnh)", "number": "80/KH-UBND",
                "level": "huyện", "locality": "Hương Khê", "province": "Hà Tĩnh"}
    assert composing.short_label(district) == "Kế hoạch 80/KH-UBND (huyện Hương Khê, Hà Tĩnh)"
    city = {**district, "label": "x", "level": "thành phố", "locality": "Cần Thơ", "province": "Cần Thơ"}
    assert composing.short_label(city) == "Kế hoạch 80/KH-UBND (thành phố Cần Thơ)"
    assert composing.short_label({**district, "number": None}) == district["label"]  # no number: who issued it
