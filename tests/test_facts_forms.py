"""Each form a real plan uses for its body, indicators, targets and agencies, as a few lines run through
clean -> segment -> extract_facts; then the seed plans with their bodies laid out in other real forms, which must
give the same facts (metamorphic).

The fixtures are about other programmes than the seeds' (poverty review, elections, civil registration): nothing
here may depend on child-protection vocabulary.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from indexer.cleaning import clean
from indexer.facts import extract_facts, is_body, is_group, targets
from indexer.records import PlanFacts
from indexer.segmenting import Clause, segment
from indexer.targets import table_columns, table_row

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
HEAD = "ỦY BAN NHÂN DÂN TỈNH AN GIANG\nSố: 12/KH-UBND\nKẾ HOẠCH\nRà soát hộ nghèo, hộ cận nghèo năm 2024\n"


def run(body: str) -> tuple[list[Clause], PlanFacts]:
    clauses = segment("t", clean(HEAD + body))
    return clauses, extract_facts("t", clauses)


def path_of(clauses: list[Clause], prefix: str) -> list[str]:
    found = [c for c in clauses if c.text.startswith(prefix)]
    assert found, [c.text for c in clauses]
    return found[0].heading_path


def assigned(f: PlanFacts) -> dict[str, list[int]]:
    out: dict[str, set[int]] = {}
    for a in f.assignments:
        out.setdefault(a.agency_key, set()).update(a.indicators)
    return {k: sorted(v) for k, v in out.items()}


# ---- headings at any depth ---------------------------------------------------------------------------------


def test_headings_nest_by_their_numbering():
    clauses, _ = run(
        "PHẦN I. NỘI DUNG RÀ SOÁT\n"
        "I. ĐỐI TƯỢNG:\n"
        "1. Hộ gia đình:\n"
        "1.1. Hộ nghèo:\n"
        "a) Hộ nghèo thu nhập:\n"
        "- Rà soát theo chuẩn nghèo đa chiều.\n"
        "+ Lập danh sách hộ.\n"
        "b) Hộ nghèo đa chiều:\n"
        "1.2 Hộ cận nghèo:\n"
        "- Rà soát hộ có mức sống trung bình.\n"
        "2. Người dân tộc thiểu số:\n"
        "II. THỜI GIAN:\n"
        "PHẦN II. TỔ CHỨC THỰC HIỆN\n"
        "1. Giao nhiệm vụ:\n"
    )
    assert path_of(clauses, "- Rà soát theo chuẩn") == [
        "PHẦN I. NỘI DUNG RÀ SOÁT", "I. ĐỐI TƯỢNG", "1. Hộ gia đình", "1.1. Hộ nghèo", "a) Hộ nghèo thu nhập"]
    assert path_of(clauses, "+ Lập danh sách") == path_of(clauses, "- Rà soát theo chuẩn")
    assert path_of(clauses, "b) Hộ nghèo đa chiều") == ["PHẦN I. NỘI DUNG RÀ SOÁT", "I. ĐỐI TƯỢNG", "1. Hộ gia đình",
                                                        "1.1. Hộ nghèo"]
    # "1.2" without a final dot is a sibling of "1.1."; "a)" below it is closed.
    assert path_of(clauses, "- Rà soát hộ có mức sống") == ["PHẦN I. NỘI DUNG RÀ SOÁT", "I. ĐỐI TƯỢNG",
                                                             "1. Hộ gia đình", "1.2 Hộ cận nghèo"]
    assert path_of(clauses, "2. Người dân tộc") == ["PHẦN I. NỘI DUNG RÀ SOÁT", "I. ĐỐI TƯỢNG"]
    assert path_of(clauses, "1. Giao nhiệm vụ") == ["PHẦN II. TỔ CHỨC THỰC HIỆN"]


def test_divisions_letters_with_a_dot_and_bold_headings():
    clauses, _ = run(
        "**I. TỔ CHỨC BẦU CỬ**\n"
        "Mục 1. Công tác chuẩn bị:\n"
        "Điều 1. Thành lập tổ bầu cử:\n"
        "a. Thành phần tổ bầu cử:\n"
        "- Tổ trưởng là đại diện chính quyền.\n"
        "b. Nhiệm vụ:\n"
        "Điều 2. Niêm yết danh sách cử tri:\n"
        "• Niêm yết chậm nhất 20 ngày trước ngày bầu cử.\n"
        "Mục 2. Ngày bầu cử:\n"
    )
    assert path_of(clauses, "- Tổ trưởng là") == [
        "I. TỔ CHỨC BẦU CỬ", "Mục 1. Công tác chuẩn bị", "Điều 1. Thành lập tổ bầu cử", "a. Thành phần tổ bầu cử"]
    assert path_of(clauses, "• Niêm yết") == ["I. TỔ CHỨC BẦU CỬ", "Mục 1. Công tác chuẩn bị",
                                               "Điều 2. Niêm yết danh sách cử tri"]
    assert path_of(clauses, "Mục 2. Ngày bầu cử") == ["I. TỔ CHỨC BẦU CỬ"]


def test_a_bullet_introducing_a_list_heads_the_bullets_of_another_marker():
    clauses, _ = run(
        "I. NHIỆM VỤ\n"
        "1. Tuyên truyền:\n"
        "- Nội dung tuyên truyền:\n"
        "+ Chính sách đăng ký hộ tịch.\n"
        "+ Thủ tục trực tuyến.\n"
        "- Hình thức: pano, áp phích.\n"
    )
    assert path_of(clauses, "+ Thủ tục") == ["I. NHIỆM VỤ", "1. Tuyên truyền", "Nội dung tuyên truyền"]
    assert path_of(clauses, "- Hình thức") == ["I. NHIỆM VỤ", "1. Tuyên truyền"]


# ---- indicators ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("line", ["Chỉ tiêu 2. Tỷ lệ hộ nghèo giảm xuống dưới 3% vào năm 2025.",
                                  "Chỉ tiêu 2: Tỷ lệ hộ nghèo giảm xuống dưới 3% vào năm 2025.",
                                  "- Chỉ tiêu 2: Tỷ lệ hộ nghèo giảm xuống dưới 3% vào năm 2025.",
                                  "**Chỉ tiêu 2.** Tỷ lệ hộ nghèo giảm xuống dưới 3% vào năm 2025."])
def test_chi_tieu_lines(line):
    _, f = run(f"I. MỤC TIÊU\n2. Mục tiêu cụ thể\n{line}\n")
    [indicator] = f.indicators
    assert (indicator.number, indicator.numbered_as) == (2, "chỉ tiêu")
    assert indicator.text.startswith("Tỷ lệ hộ nghèo")
    assert [(t.value, t.year, t.comparator) for t in indicator.targets] == [("3%", 2025, "dưới")]
    assert f.targets == []  # an indicator is not also an unnumbered target


def test_numbered_items_under_a_heading_of_indicators():
    _, f = run(
        "I. MỤC TIÊU\n"
        "Giảm nghèo bền vững.\n"
        "II. CHỈ TIÊU\n"
        "1. Tỷ lệ hộ nghèo dưới 2% vào năm 2025.\n"
        "2. Tổ chức rà soát đúng quy trình.\n"
        "3. Tỷ suất tử vong mẹ xuống 30/100.000 vào năm 2030.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Sở Lao động - Thương binh và Xã hội:\n"
        "- Thực hiện chỉ tiêu 1 và chỉ tiêu 3.\n"
    )
    assert [(i.number, i.numbered_as) for i in f.indicators] == [(1, "item"), (3, "item")]
    assert f.indicator(3).targets[0].unit == "/100.000" and f.indicator(3).goal == "II. CHỈ TIÊU"
    assert assigned(f) == {"sở lao động - thương binh và xã hội": [1, 3]}


@pytest.mark.parametrize("heading", ["2. Các chỉ tiêu", "2. Chỉ tiêu cụ thể", "2. Mục tiêu cụ thể (03 chỉ tiêu)"])
def test_unnumbered_items_under_a_heading_naming_indicators_count_in_order(heading):
    _, f = run(
        "I. MỤC TIÊU\n"
        f"{heading}\n"
        "- Tỷ lệ hộ nghèo giảm 1-1,5% mỗi năm.\n"
        "- 100% xã được rà soát đúng quy định.\n"
        "- Hỗ trợ để ít nhất 1.200 hộ thoát nghèo.\n"
    )
    assert [(i.number, i.numbered_as) for i in f.indicators] == [(1, "order"), (2, "order"), (3, "order")]
    assert [(t.number, t.upper, t.unit) for t in f.indicator(1).targets] == [(1.0, 1.5, "%")]
    assert [(t.value, t.unit) for t in f.indicator(2).targets] == [("100%", "%")]
    assert [(t.value, t.number, t.unit, t.comparator) for t in f.indicator(3).targets] == [
        ("1.200 hộ", 1200.0, "hộ", "ít nhất")]


def test_figures_detailing_an_indicator_are_not_indicators_of_their_own():
    _, f = run(
        "II. CHỈ TIÊU\n"
        "1. Tỷ lệ hộ nghèo giảm 1,5% mỗi năm:\n"
        "- Khu vực nông thôn giảm 2%.\n"
        "- Khu vực thành thị giảm 1%.\n"
        "2. 100% xã có điểm bưu điện văn hóa.\n"
    )
    assert [(i.number, i.numbered_as) for i in f.indicators] == [(1, "item"), (2, "item")]


def test_items_numbered_again_in_each_group_count_in_order():
    _, f = run(
        "II. CHỈ TIÊU\n"
        "1. Nhóm chỉ tiêu về giảm nghèo:\n"
        "1.1. Tỷ lệ hộ nghèo giảm 1,5% mỗi năm.\n"
        "1.2. Tỷ lệ hộ cận nghèo giảm 1% mỗi năm.\n"
        "2. Nhóm chỉ tiêu về việc làm:\n"
        "2.1. Tỷ lệ lao động qua đào tạo đạt 70%.\n"
    )
    assert [(i.number, i.numbered_as, i.goal) for i in f.indicators] == [
        (1, "order", "1. Nhóm chỉ tiêu về giảm nghèo"), (2, "order", "1. Nhóm chỉ tiêu về giảm nghèo"),
        (3, "order", "2. Nhóm chỉ tiêu về việc làm")]


def test_a_bullet_introducing_agency_names_it_and_its_tasks_follow():
    _, f = run("I. MỤC TIÊU\nChỉ tiêu 1: Tỷ lệ hộ nghèo dưới 3%.\nII. TỔ CHỨC THỰC HIỆN\n"
               "1. Các sở, ngành:\n- Sở Tài chính:\n+ Bố trí kinh phí thực hiện chỉ tiêu 1.\n"
               "+ Hướng dẫn thanh quyết toán kinh phí.\n")
    assert [a.agency for a in f.agencies] == ["Sở Tài chính"]
    assert [t.text for t in f.tasks] == ["Bố trí kinh phí thực hiện chỉ tiêu 1.", "Hướng dẫn thanh quyết toán kinh phí."]
    assert assigned(f) == {"sở tài chính": [1]}


def test_letter_items_under_specific_objectives_keep_their_letter_number():
    _, f = run(
        "I. MỤC TIÊU\n"
        "2. Mục tiêu cụ thể:\n"
        "a) Tỷ lệ người dân có căn cước đạt 98% vào năm 2025;\n"
        "b) Tăng cường phối hợp giữa các ngành;\n"
        "c) Đăng ký khai sinh đúng hạn đạt trên 95%.\n"
    )
    assert [(i.number, i.numbered_as) for i in f.indicators] == [(1, "item"), (3, "item")]


def test_specific_objectives_without_figures_or_numbers_are_no_indicators():
    _, f = run(
        "I. MỤC TIÊU\n"
        "2. Mục tiêu cụ thể\n"
        "- Phấn đấu 95% hộ gia đình được tiếp cận dịch vụ cơ bản vào năm 2025.\n"
        "- Giảm tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng.\n"
        "a) Tăng cường công tác tuyên truyền về giảm nghèo.\n"
        "b) Nâng cao năng lực cán bộ làm công tác giảm nghèo.\n"
    )
    assert f.indicators == []  # the lettered items carry no figure; bullets under "Mục tiêu cụ thể" are not numbered
    [statement] = f.targets  # "dưới 5 tuổi" is an age, not a target
    assert statement.text.startswith("Phấn đấu 95% hộ gia đình")
    assert [(t.value, t.year, t.comparator) for t in statement.targets] == [("95%", 2025, "phấn đấu")]
    assert statement.goal == "2. Mục tiêu cụ thể"


def test_a_figure_with_a_year_outside_the_objectives_is_an_unnumbered_target():
    _, f = run("I. NHIỆM VỤ\n1. Chuyển đổi số:\n- Phấn đấu 80% hồ sơ được xử lý trực tuyến vào năm 2025.\n"
               "- Tập huấn cho cán bộ 2 lần mỗi năm.\n")
    assert [s.text for s in f.targets] == ["Phấn đấu 80% hồ sơ được xử lý trực tuyến vào năm 2025."]
    assert f.indicators == []


def test_goal_heading_announcing_its_count():
    _, f = run("I. MỤC TIÊU\n2. Mục tiêu cụ thể\na) Về giảm nghèo (02 chỉ tiêu):\n- Tỷ lệ hộ nghèo dưới 3%.\n"
               "- Thu nhập bình quân tăng 1,5%.\n")
    [group] = f.indicator_groups
    assert group.announced == 2 and group.heading.startswith("a) Về giảm nghèo")
    assert [i.number for i in f.indicators] == [1, 2]


# ---- targets -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("giảm 3-5% mỗi năm", [("3-5%", 3.0, 5.0, "%", None, "giảm")]),
    ("giảm từ 3 đến 5% mỗi năm", [("3 đến 5%", 3.0, 5.0, "%", None, "giảm")]),
    ("đạt 1.200 hộ thoát nghèo", [("1.200 hộ", 1200.0, None, "hộ", None, "đạt")]),
    ("tỷ lệ hộ nghèo dưới 2%", [("2%", 2.0, None, "%", None, "dưới")]),
    ("xuống 300/100.000 vào năm 2030", [("300/100.000", 300.0, None, "/100.000", 2030, "xuống")]),
    ("100% xã hoàn thành rà soát", [("100%", 100.0, None, "%", None, "")]),
    ("hỗ trợ 350 hộ làm nhà ở vào năm 2025", [("350 hộ", 350.0, None, "hộ", 2025, "")]),
    ("giảm xuống 12 trên 1.000 trẻ đẻ sống", [("12 trên 1.000", 12.0, None, "/1.000", None, "xuống")]),
])
def test_target_forms(text, expected):
    assert [(t.value, t.number, t.upper, t.unit, t.year, t.comparator) for t in targets(text)] == expected


@pytest.mark.parametrize("text", ["trẻ em dưới 5 tuổi", "trên 1.000 trẻ đẻ sống", "tập huấn 2 lần mỗi năm",
                                  "theo Điều 5 của Luật", "giai đoạn 2021-2025", "trong 30 ngày"])
def test_not_targets(text):
    assert targets(text) == []


# ---- tables --------------------------------------------------------------------------------------------------------


def test_indicator_table_rows_parse_from_their_cells():
    header = [c.strip() for c in "STT | Chỉ tiêu | ĐVT | 2025 | 2030".split("|")]
    columns = table_columns(header)
    assert columns == {"name": 1, "unit": 2, "years": {3: 2025, 4: 2030}}
    stt, name, found = table_row([c.strip() for c in "2 | Tỷ lệ hộ nghèo | % | 3 | 1,5".split("|")], columns)
    assert (stt, name) == (2, "Tỷ lệ hộ nghèo")
    assert [(t.value, t.number, t.unit, t.year) for t in found] == [("3%", 3.0, "%", 2025), ("1,5%", 1.5, "%", 2030)]
    assert table_columns(["Họ và tên", "Chức vụ", "Đơn vị"]) is None


def _clause(i: int, text: str, path: list[str]) -> Clause:
    return Clause("t", i, text, path, "paragraph", 0, 0)


def test_indicator_table_rows_become_indicators():
    path = ["II. CHỈ TIÊU"]
    clauses = [_clause(0, "II. CHỈ TIÊU", []), _clause(1, "STT | Chỉ tiêu | ĐVT | 2025 | 2030", path),
               _clause(2, "1 | Tỷ lệ hộ nghèo | % | 3 | 1,5", path),
               _clause(3, "2 | Số hộ thoát nghèo | hộ | 1.200 | 2.000", path),
               _clause(4, "Ghi chú: số liệu năm 2023.", path)]
    f = extract_facts("t", clauses)
    assert [(i.number, i.numbered_as, i.text) for i in f.indicators] == [
        (1, "item", "Tỷ lệ hộ nghèo"), (2, "item", "Số hộ thoát nghèo")]
    assert [(t.number, t.year) for t in f.indicator(2).targets] == [(1200.0, 2025), (2000.0, 2030)]


def test_indicator_table_in_a_plan():
    _, f = run("I. MỤC TIÊU\nII. CHỈ TIÊU\n| STT | Chỉ tiêu | ĐVT | 2025 | 2030 |\n|---|---|---|---|---|\n"
               "| 1 | Tỷ lệ hộ nghèo | % | 3 | 1,5 |\n| 2 | Tỷ lệ hộ cận nghèo | % | 5 | 4 |\n")
    assert [(i.number, [t.value for t in i.targets]) for i in f.indicators] == [(1, ["3%", "1,5%"]), (2, ["5%", "4%"])]


# ---- agencies ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [
    "Sở Y tế", "Phòng Tư pháp", "Ban Dân tộc tỉnh", "Ủy ban nhân dân tỉnh", "UBND huyện", "Công an tỉnh",
    "Trung tâm Y tế huyện", "Đài Phát thanh và Truyền hình tỉnh", "Báo An Giang", "Hội Nông dân tỉnh",
    "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh", "Liên đoàn Lao động tỉnh", "Ủy ban MTTQ Việt Nam tỉnh",
    "Văn phòng UBND tỉnh", "Bộ Tư pháp", "Cục Thống kê tỉnh", "Chi cục Thuế khu vực", "Trường Tiểu học A",
    "Trạm Y tế xã", "Bệnh viện Đa khoa tỉnh", "Kho bạc Nhà nước huyện", "Ngân hàng Chính sách xã hội tỉnh",
    "Bảo hiểm xã hội tỉnh", "Tòa án nhân dân tỉnh", "Viện kiểm sát nhân dân tỉnh", "Bộ Chỉ huy Quân sự tỉnh",
    "Đồn Biên phòng Vĩnh Xương", "Công chức Tư pháp - Hộ tịch", "Trưởng thôn", "Văn hóa - Xã hội phường",
])
def test_bodies_by_the_form_of_their_name(name):
    assert is_body(name) and not is_group(name)


@pytest.mark.parametrize("name", [
    "các sở, ban, ngành", "Các sở, ngành, cơ quan, đơn vị có liên quan", "UBND các huyện, thành phố",
    "các cơ quan, đơn vị", "Ủy ban nhân dân các xã, phường, thị trấn", "Các phòng, ban chuyên môn",
    "Trách nhiệm của các sở, ban, ngành tỉnh",
])
def test_group_phrases_are_no_bodies(name):
    assert is_group(name) and not is_body(name)


def test_a_body_named_with_others_is_still_a_body():
    assert is_body("Sở Y tế và các đơn vị liên quan") and not is_group("Sở Y tế và các đơn vị liên quan")


@pytest.mark.parametrize("name", ["Báo cáo kết quả", "Phòng, chống thiên tai", "Tổ chức tập huấn", "Ban hành quy chế",
                                  "Hội nghị sơ kết", "Chế độ báo cáo", "Kinh phí thực hiện"])
def test_headings_that_name_no_body(name):
    assert not is_body(name)


ORGANISATION = (
    "I. MỤC TIÊU\n"
    "Chỉ tiêu 3: Tỷ lệ hộ nghèo dưới 3% vào năm 2025.\n"
    "Chỉ tiêu 4: Tỷ lệ hộ cận nghèo dưới 5% vào năm 2025.\n"
    "{org}"
    "1. Trách nhiệm của các sở, ban, ngành tỉnh\n"
    "a) Sở Lao động - Thương binh và Xã hội:\n"
    "- Chủ trì, thực hiện chỉ tiêu 3.\n"
    "- Báo cáo kết quả về UBND tỉnh trước ngày 15/6 hằng năm.\n"
    "b) Sở Tư pháp:\n"
    "- Hướng dẫn, thực hiện chỉ tiêu 4.\n"
    "2. Trách nhiệm của UBND các huyện, thành phố\n"
    "- Xây dựng kế hoạch rà soát của địa phương.\n"
    "- Tổng hợp báo cáo trước ngày 15 tháng 12 hằng năm.\n"
)


@pytest.mark.parametrize("org", ["II. TỔ CHỨC THỰC HIỆN\n", "II. PHÂN CÔNG THỰC HIỆN\n", "II. TRÁCH NHIỆM THỰC HIỆN\n",
                                 "PHẦN II. TỔ CHỨC THỰC HIỆN\n"])
def test_letter_items_under_a_responsibility_heading(org):
    clauses, f = run(ORGANISATION.format(org=org))
    assert assigned(f) == {"sở lao động - thương binh và xã hội": [3], "sở tư pháp": [4]}
    assert [a.agency for a in f.agencies] == ["Sở Lao động - Thương binh và Xã hội", "Sở Tư pháp"]
    assert clauses[f.agencies[1].clause].text == "b) Sở Tư pháp:"
    assert {a.role for a in f.assignments if a.agency == "Sở Lao động - Thương binh và Xã hội"} == {"chủ trì"}
    # the groups name nobody: no agency, task or assignment; their tasks stay under the group
    assert not any("các" in a.agency.split() for a in f.agencies + f.tasks + f.assignments)
    assert [g.group for g in f.groups] == ["các sở, ban, ngành tỉnh", "UBND các huyện, thành phố"]
    assert [t.text for t in f.group_tasks] == ["Xây dựng kế hoạch rà soát của địa phương.",
                                               "Tổng hợp báo cáo trước ngày 15 tháng 12 hằng năm."]
    # deadlines at any depth, with whom they bind
    by_text = {d.text: d for d in f.deadlines}
    assert (by_text["trước ngày 15/6 hằng năm"].month, by_text["trước ngày 15/6 hằng năm"].responsible) == (
        6, "Sở Lao động - Thương binh và Xã hội")
    assert (by_text["trước ngày 15 tháng 12 hằng năm"].day, by_text["trước ngày 15 tháng 12 hằng năm"].month,
            by_text["trước ngày 15 tháng 12 hằng năm"].recurring) == (15, 12, True)


def test_a_letter_item_that_opens_with_what_to_do_stays_a_task_of_the_body_above_it():
    clauses, f = run("II. TỔ CHỨC THỰC HIỆN\n"
                     "1. Ngân hàng Nhà nước chi nhánh khu vực 9\n"
                     "a) Chỉ đạo các ngân hàng thương mại trên địa bàn phối hợp mở tài khoản cho người hưởng:\n"
                     "- Cử cán bộ phối hợp với UBND các xã.\n"
                     "b) Phối hợp với các cơ quan báo chí tuyên truyền.\n"
                     "2. Sở Tài chính: Bố trí kinh phí thực hiện Kế hoạch.\n")
    assert [a.agency for a in f.agencies] == ["Ngân hàng Nhà nước chi nhánh khu vực 9", "Sở Tài chính"]
    assert not f.groups and not f.group_tasks
    bank_tasks = [t.text for t in f.tasks if t.agency == "Ngân hàng Nhà nước chi nhánh khu vực 9"]
    assert any(t.startswith("Cử cán bộ") for t in bank_tasks) and any(t.startswith("Phối hợp") for t in bank_tasks)


def test_dotted_items_name_agencies():
    _, f = run("I. MỤC TIÊU\nChỉ tiêu 1: Tỷ lệ cử tri đi bầu đạt trên 98%.\nII. TỔ CHỨC THỰC HIỆN\n"
               "1. Các cơ quan cấp tỉnh:\n1.1. Sở Nội vụ:\n- Chủ trì thực hiện chỉ tiêu 1.\n"
               "1.2 Công an tỉnh:\n- Bảo đảm an ninh trật tự tại các điểm bỏ phiếu.\n")
    assert [a.agency for a in f.agencies] == ["Sở Nội vụ", "Công an tỉnh"]
    assert assigned(f) == {"sở nội vụ": [1]}
    assert [t.agency for t in f.tasks] == ["Sở Nội vụ", "Công an tỉnh"]


def test_agencies_named_inline():
    _, f = run("I. MỤC TIÊU\nChỉ tiêu 2: Tỷ lệ hộ nghèo dưới 3%.\nII. TỔ CHỨC THỰC HIỆN\n"
               "Giao Sở Y tế chủ trì, phối hợp với các đơn vị liên quan thực hiện chỉ tiêu 2.\n"
               "Đề nghị Ủy ban MTTQ Việt Nam tỉnh tham gia giám sát việc thực hiện Kế hoạch.\n"
               "- Sở Tài chính: bố trí kinh phí thực hiện Kế hoạch.\n"
               "- Các cơ quan, đơn vị: căn cứ chức năng, nhiệm vụ triển khai thực hiện.\n"
               "Tổ chức thanh tra, kiểm tra việc thực hiện Kế hoạch.\n")
    assert [a.agency for a in f.agencies] == ["Sở Y tế", "Ủy ban MTTQ Việt Nam tỉnh", "Sở Tài chính"]
    assert assigned(f) == {"sở y tế": [2]}
    assert f.assignments[0].role == "chủ trì"
    tasks = {t.agency: t.text for t in f.tasks}
    assert tasks["Sở Tài chính"] == "bố trí kinh phí thực hiện Kế hoạch."
    assert tasks["Sở Y tế"].startswith("Giao Sở Y tế chủ trì")
    assert len(f.tasks) == 3  # neither the group line nor the sentence opening with a verb has an agency


def test_a_numbered_sentence_names_its_subject_up_to_its_verb():
    _, f = run("I. MỤC TIÊU\nChỉ tiêu 1: Tỷ lệ hồ sơ trực tuyến đạt 80%.\nII. TỔ CHỨC THỰC HIỆN\n"
               "1. Ban Chỉ đạo chuyển đổi số tỉnh chỉ đạo thực hiện chỉ tiêu 1.\n"
               "2. Sở Thông tin và Truyền thông chủ trì thực hiện.\n")
    assert [a.agency for a in f.agencies] == ["Ban Chỉ đạo chuyển đổi số tỉnh", "Sở Thông tin và Truyền thông"]
    assert assigned(f) == {"ban chỉ đạo chuyển đổi số tỉnh": [1]}


def test_numbered_group_item_is_not_an_agency():
    _, f = run("I. MỤC TIÊU\nGiảm nghèo.\nII. TỔ CHỨC THỰC HIỆN\n1. Sở Nội vụ\n- Tham mưu tổ chức bầu cử.\n"
               "2. Các sở, ngành, cơ quan, đơn vị có liên quan căn cứ chức năng, nhiệm vụ được giao tổ chức "
               "triển khai thực hiện Kế hoạch này.\n3. Chế độ báo cáo\n- Báo cáo kết quả trước ngày 30/11.\n")
    assert [a.agency for a in f.agencies] == ["Sở Nội vụ"]
    assert [t.agency for t in f.tasks] == ["Sở Nội vụ"]
    assert [g.group for g in f.groups] == ["Các sở, ngành, cơ quan, đơn vị có liên quan"]
    assert [(d.day, d.month) for d in f.deadlines] == [(30, 11)]


def test_a_reporting_section_of_its_own_sets_deadlines_but_a_targets_year_is_none():
    _, f = run("I. MỤC TIÊU\n1. Đến cuối năm 2025, 100% hộ nghèo được rà soát.\nII. TỔ CHỨC THỰC HIỆN\n"
               "1. Sở Nội vụ\n- Tham mưu tổ chức rà soát.\nIII. CHẾ ĐỘ BÁO CÁO\n"
               "1. Sở Nội vụ tổng hợp, báo cáo Ủy ban nhân dân tỉnh tình hình thực hiện Kế hoạch trước ngày 30/11 "
               "hằng năm.\n2. Các xã báo cáo định kỳ 6 tháng về Sở Nội vụ.\n")
    assert sorted((d.day, d.month, d.what) for d in f.deadlines if d.day) == [(30, 11, "báo cáo")]
    assert any(d.recurring and not d.day for d in f.deadlines)
    assert not any(d.year == 2025 for d in f.deadlines)


# ---- metamorphic: the seed plans with their bodies laid out as other plans are ------------------------------------

_ORG_HEADING = re.compile(r"^[IVX]+\.\s*(?:TỔ CHỨC THỰC HIỆN|PHÂN CÔNG THỰC HIỆN)", re.IGNORECASE)
_ROMAN = re.compile(r"^[IVX]+\.\s")
_NUMBERED_ITEM = re.compile(r"^(\d+)\.\s*(?=\S)")


@lru_cache(maxsize=None)
def seed_text(prefix: str) -> tuple[str, str]:
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    return path.stem, clean(path.read_text(encoding="utf-8")).text


def chi_tieu_without_bullet(text: str) -> str:
    """`- Chỉ tiêu 14. Tỷ lệ …` -> `Chỉ tiêu 14: Tỷ lệ …`."""
    return re.sub(r"(?m)^[-+•]\s*Chỉ tiêu\s+(\d+)\s*[.:]\s*", r"Chỉ tiêu \1: ", text)


def bullets_as(marker: str):
    return lambda text: re.sub(r"(?m)^-\s+", f"{marker} ", text)


def bold_headings(text: str) -> str:
    return re.sub(r"(?m)^((?:[IVX]+|\d+|[a-zđ])[.)]\s.*)$", r"**\1**", text)


def agencies_one_level_deeper(text: str) -> str:
    """Under the organisation heading, `2. Sở Tư pháp` -> `b) Sở Tư pháp:` under `1. Trách nhiệm của các sở, ngành`."""
    out, inside, letters = [], False, iter("abcdeghiklmnopqrstuvxy")
    for line in text.split("\n"):
        if _ORG_HEADING.match(line):
            inside = True
            out += [line, "1. Trách nhiệm của các sở, ngành, đơn vị:"]
            continue
        if inside and (_ROMAN.match(line) or line.startswith(("Nơi nhận", "Trên đây", "PHỤ LỤC"))):
            inside = False
        if inside and (m := _NUMBERED_ITEM.match(line)):
            rest = line[m.end():]
            if ":" not in rest and len(rest) < 90:
                rest += ":"
            line = f"{next(letters)}) {rest}"
        out.append(line)
    return "\n".join(out)


LAYOUTS = {
    "chỉ tiêu without bullet": chi_tieu_without_bullet,
    "bullets as +": bullets_as("+"),
    "bullets as •": bullets_as("•"),
    "bold headings": bold_headings,
    "agencies one level deeper": agencies_one_level_deeper,
}


def facts_digest(f: PlanFacts) -> dict:
    return {
        "indicators": [(i.number, i.numbered_as, i.text, [(t.value, t.year, t.comparator) for t in i.targets])
                       for i in f.indicators],
        "targets": [(s.text, [t.value for t in s.targets]) for s in f.targets],
        "assignments": assigned(f),
        "tasks": sorted((t.agency_key, t.text) for t in f.tasks),
        "agencies": sorted({a.agency_key for a in f.agencies}),
        "group_tasks": sorted(t.text for t in f.group_tasks),
        "deadlines": sorted((d.text, d.day, d.month, d.recurring) for d in f.deadlines),
    }


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_plans_relaid_give_the_same_facts(prefix, layout):
    doc_id, text = seed_text(prefix)
    relaid = LAYOUTS[layout](text)
    assert relaid != text or layout == "chỉ tiêu without bullet"
    original = facts_digest(extract_facts(doc_id, segment(doc_id, clean(text))))
    moved = facts_digest(extract_facts(doc_id, segment(doc_id, clean(relaid))))
    if layout == "agencies one level deeper":
        # The added group heading also takes in the prose after the last item: the group's tasks may grow.
        assert set(original.pop("group_tasks")) <= set(moved.pop("group_tasks"))
    assert moved == original


def test_relaid_hai_duong_assigns_indicator_14_to_the_justice_department():
    doc_id, text = seed_text("000")
    relaid = agencies_one_level_deeper(chi_tieu_without_bullet(text))
    assert "b) Sở Tư pháp:" in relaid and "Chỉ tiêu 14: " in relaid
    f = extract_facts(doc_id, segment(doc_id, clean(relaid)))
    assert [a.agency for a in f.agencies_for(14)] == ["Sở Tư pháp"]
    assert not any(is_group(a.agency) for a in f.agencies + f.tasks + f.assignments)
