"""Fact extraction on the real seed plans (clean -> segment -> extract), checked against what the texts say."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pytest

from indexer.cleaning import clean
from indexer.facts import (
    PlanFacts,
    _indicator_numbers,
    agency_matches,
    extract_facts,
    fold,
    normalise_agency,
    targets,
)
from indexer.segmenting import segment

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
HAI_DUONG, HUONG_KHE, QUANG_VINH, NGUYEN_NGHIEM, NINH_BINH = "000", "001", "002", "003", "004"


@lru_cache(maxsize=None)
def plan(prefix: str):
    path = next(CORPUS.glob(f"{prefix}_*.txt"))
    clauses = segment(path.stem, clean(path.read_text(encoding="utf-8")))
    return clauses, extract_facts(path.stem, clauses)


def facts(prefix: str) -> PlanFacts:
    return plan(prefix)[1]


def assigned(prefix: str) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for a in facts(prefix).assignments:
        out.setdefault(a.agency, [])
        out[a.agency] = sorted(set(out[a.agency]) | set(a.indicators))
    return out


def tasks_of(prefix: str, agency: str) -> list[str]:
    return [t.text for t in facts(prefix).tasks if t.agency == agency]


def deadline(prefix: str, phrase: str):
    found = [d for d in facts(prefix).deadlines if phrase in d.text]
    assert found, [d.text for d in facts(prefix).deadlines]
    return found[0]


# ---- Hải Dương (body indicators, province departments) --------------------------------------------------------


def test_hai_duong_indicators_in_body():
    f = facts(HAI_DUONG)
    assert [i.number for i in f.indicators] == list(range(1, 25))
    assert not any(i.in_appendix for i in f.indicators)
    assert f.indicator(14).goal == "b) Mục tiêu 2: Về bảo vệ trẻ em"
    assert f.indicator(1).goal.startswith("a) Mục tiêu 1: Về phát triển toàn diện trẻ em")
    assert f.indicator(14).text.startswith("Tỷ lệ trẻ em dưới 5 tuổi được khai sinh")
    assert f.indicator(25) is None


def test_hai_duong_assignments_follow_the_text():
    # Section IV bullet 1 of Sở LĐ-TB&XH does say "các chỉ tiêu 1, 2, 8, 9, 10, 11, 12, 22, 23, 24".
    assert assigned(HAI_DUONG) == {
        "Sở Lao động - Thương binh và Xã hội": [1, 2, 8, 9, 10, 11, 12, 22, 23, 24],
        "Sở Tư pháp": [14],
        "Công an tỉnh": [9],
        "Sở Y tế": [3, 4, 5, 6],
        "Sở Giáo dục và Đào tạo": [7, 15, 16, 17, 18, 19, 20],
        "Sở Văn hoá - Thể thao và du lịch": [13, 21],
    }
    f = facts(HAI_DUONG)
    roles = {a.agency: a.role for a in f.assignments}
    assert roles["Sở Lao động - Thương binh và Xã hội"] == "chủ trì"  # "Là cơ quan chủ trì, …"
    assert roles["Sở Tư pháp"] == "thực hiện"
    assert {a.agency for a in f.agencies_for(9)} == {"Sở Lao động - Thương binh và Xã hội", "Công an tỉnh"}
    assert f.indicators_for("sở y tế") == [3, 4, 5, 6]
    assert f.indicators_for("Sở LĐ-TB&XH") == [1, 2, 8, 9, 10, 11, 12, 22, 23, 24]


def test_assignment_clauses_are_the_assigning_bullets():
    for prefix in (HAI_DUONG, HUONG_KHE):
        clauses, f = plan(prefix)
        for a in f.assignments:
            text = clauses[a.clause].text
            assert "chỉ tiêu" in text.lower() and str(a.indicators[-1]) in text


def test_hai_duong_targets():
    f = facts(HAI_DUONG)
    t14 = f.indicator(14).targets
    assert [(t.value, t.number, t.unit, t.year) for t in t14] == [("99%", 99.0, "%", 2025), ("100%", 100.0, "%", 2030)]
    assert t14[0].text == "đạt 99% vào năm 2025"
    t11 = f.indicator(11).targets
    assert (t11[0].value, t11[0].number, t11[0].unit, t11[0].year, t11[0].comparator) == (
        "550/100.000", 550.0, "/100.000", 2025, "xuống")
    assert (t11[1].value, t11[1].year, t11[1].comparator) == ("500/100.000", 2030, "dưới")
    t3 = f.indicator(3).targets  # rates per 1.000 live births written without a unit: "xuống 0,15 vào năm 2025"
    assert (t3[0].value, t3[0].number, t3[0].unit, t3[0].year) == ("0,15", 0.15, "", 2025)
    assert all(t.value != "1.000" for t in t3)
    t5 = f.indicator(5).targets  # "đạt trên 99%" has no year; "Tỷ lệ 98% … vào năm 2030"
    assert [(t.value, t.year, t.comparator) for t in t5] == [("99%", None, "trên"), ("98%", 2030, "")]


def test_hai_duong_deadlines():
    half = deadline(HAI_DUONG, "trước ngày 15/6")
    assert (half.day, half.month, half.recurring, half.period) == (15, 6, True, "định kỳ 6 tháng")
    assert half.text == "định kỳ 6 tháng (trước ngày 15/6)"
    assert half.what == "báo cáo kết quả"
    assert half.responsible == "qua Sở Lao động, Thương binh và Xã hội"
    year_end = deadline(HAI_DUONG, "trước ngày 15/12")
    assert (year_end.day, year_end.month, year_end.recurring) == (15, 12, True)
    quarter = deadline(HAI_DUONG, "trong quý III năm 2021")
    assert (quarter.year, quarter.day, quarter.recurring) == (2021, None, False)
    review = deadline(HAI_DUONG, "cuối năm 2025")
    assert (review.what, review.responsible) == ("sơ kết", "Sở Lao động - Thương binh và Xã hội")


def test_hai_duong_tasks():
    assert "Hướng dẫn, thực hiện chỉ tiêu 14 của Kế hoạch." in tasks_of(HAI_DUONG, "Sở Tư pháp")
    assert len(tasks_of(HAI_DUONG, "Sở Lao động - Thương binh và Xã hội")) == 11
    # Prose under a numbered label with no bullets: "9. Sở Tài chính" / "Chủ trì, phối hợp …".
    assert tasks_of(HAI_DUONG, "Sở Tài chính")[0].startswith("Chủ trì, phối hợp với Sở Lao động")
    agencies = {t.agency for t in facts(HAI_DUONG).tasks}
    assert "Đài Phát thanh và Truyền hình Hải Dương, Báo Hải Dương" in agencies
    # Group phrases name nobody in particular: their tasks are kept under the group, never as an agency's.
    groups = {t.group for t in facts(HAI_DUONG).group_tasks}
    assert "UBND các huyện, thị xã, thành phố" in groups  # "13. Trách nhiệm của UBND …"
    # A whole-sentence item names its subject up to where its predicate starts.
    assert "Các sở, ngành, cơ quan, đơn vị có liên quan (bao gồm cả các sở, ngành nêu trên)" in groups
    assert not groups & agencies
    assert not any(a.startswith(("Đề nghị", "Trách nhiệm")) for a in agencies | groups)
    # "14. Đề nghị Ủy ban … Mặt trận Tổ quốc Việt Nam tỉnh, …, Hội Liên hiệp Phụ nữ Việt Nam tỉnh và các tổ chức …"
    assert any(a.startswith("Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam tỉnh") for a in agencies)
    # A bare label ("8. Đài Phát thanh …") is not a task of its own.
    assert not any(t.text.startswith("8.") for t in facts(HAI_DUONG).tasks)


# ---- Hương Khê (indicators in the appendix, district offices) ---------------------------------------------------


def test_huong_khe_indicators_in_appendix():
    f = facts(HUONG_KHE)
    assert [i.number for i in f.indicators] == list(range(1, 25))
    assert all(i.in_appendix for i in f.indicators)
    assert f.indicator(1).goal == "1. Về sự phát triển toàn diện trẻ em"
    assert f.indicator(24).text.endswith("35% vào năm 2030.")


def test_huong_khe_assignments():
    assert assigned(HUONG_KHE) == {
        "Phòng Lao động - Thương binh và Xã hội": [1, 2, 8, 9, 10, 11, 12, 22, 23, 24],
        "Phòng Tư pháp": [13, 14],
        "Phòng Giáo dục và Đào tạo": [7, 15, 16, 17, 18, 19, 20],
        "Phòng Y tế": [3, 4, 5, 6],
        "Trung tâm Y tế huyện": [3, 4, 5, 6],
        "Phòng Văn hóa - Thông tin": [21],
        "Công an huyện": [9],
    }
    f = facts(HUONG_KHE)
    health = [a for a in f.assignments if a.indicators == [3, 4, 5, 6]]
    assert len({a.clause for a in health}) == 1  # one bullet under "4. Phòng Y tế; Trung tâm Y tế huyện:"
    assert {a.agency for a in f.agencies_for(9)} == {"Phòng Lao động - Thương binh và Xã hội", "Công an huyện"}
    assert f.indicators_for("trung tâm y tế") == [3, 4, 5, 6]


def test_huong_khe_targets():
    t14 = facts(HUONG_KHE).indicator(14).targets
    assert (t14[0].value, t14[0].number, t14[0].year, t14[0].comparator) == ("98,5%", 98.5, 2025, "đạt")
    assert (t14[1].number, t14[1].year) == (100.0, 2030)
    t3 = facts(HUONG_KHE).indicator(3).targets
    assert (t3[0].value, t3[0].number, t3[0].unit, t3[0].year, t3[0].comparator) == ("3‰", 3.0, "‰", 2025, "dưới")
    assert facts(HUONG_KHE).indicator(6).targets == []  # "không có trường hợp lây truyền": no figure


def test_huong_khe_deadline_and_tasks():
    d = deadline(HUONG_KHE, "trước ngày 30/10 hằng năm")
    assert d.text == "trước ngày 30/10 hằng năm"
    assert (d.day, d.month, d.recurring, d.what, d.responsible) == (30, 10, True, "báo cáo năm", "qua phòng LĐ-TB&XH")
    # "7. PhòngTài chính - Kế hoạch: Tham mưu …": glued words split, the inline text is the task.
    assert tasks_of(HUONG_KHE, "Phòng Tài chính - Kế hoạch") == [
        "Tham mưu bố trí kinh phí thực hiện Kế hoạch trong dự toán ngân sách hằng năm của các phòng, ngành và "
        "địa phương theo quy định của Luật Ngân sách Nhà nước."]
    assert tasks_of(HUONG_KHE, "Trung tâm Y tế huyện") == tasks_of(HUONG_KHE, "Phòng Y tế") != []
    assert "Ủy ban Mặt trận Tổ quốc, các tổ chức chính trị xã hội huyện" in {t.agency for t in facts(HUONG_KHE).tasks}


# ---- plans without numbered indicators ---------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", [QUANG_VINH, NGUYEN_NGHIEM, NINH_BINH])
def test_no_numbered_indicators(prefix):
    f = facts(prefix)
    assert f.indicators == [] and f.assignments == []
    assert f.tasks


def test_ninh_binh_tasks():
    police = tasks_of(NINH_BINH, "Công an tỉnh")
    assert len(police) == 5
    assert any("Phòng điều tra thân thiện" in t for t in police)
    assert len(tasks_of(NINH_BINH, "Sở Lao động - Thương binh và Xã hội")) == 8
    d = deadline(NINH_BINH, "định kỳ")
    assert (d.day, d.recurring, d.responsible) == (None, True, "Ủy ban nhân dân các huyện, thành phố")


def test_nguyen_nghiem_tasks_and_deadline():
    assert len(tasks_of(NGUYEN_NGHIEM, "Trạm Y tế phường")) == 3
    assert tasks_of(NGUYEN_NGHIEM, "Tài chính - Kế toán phường") == [
        "Tham mưu UBND phường bố trí kinh phí thực hiện Kế hoạch theo quy định hiện hành."]
    d = deadline(NGUYEN_NGHIEM, "trước ngày 30/11 hàng năm")
    assert d.text == "trước ngày 30/11 hàng năm"
    assert (d.day, d.month, d.recurring, d.responsible) == (30, 11, True, "Văn hoá - Xã hội phường")
    assert d.what == "báo cáo kết quả"


def test_quang_vinh_tasks():
    assert len(tasks_of(QUANG_VINH, "Công an xã")) == 2  # "7.Công an xã" has no space after the number
    assert len(tasks_of(QUANG_VINH, "Bộ phận Tư pháp- Hộ tịch")) == 2
    assert deadline(QUANG_VINH, "định kỳ").responsible == "Cán bộ Lao động - Thương binh & Xã hội"


@pytest.mark.parametrize("prefix", [HAI_DUONG, HUONG_KHE, QUANG_VINH, NGUYEN_NGHIEM, NINH_BINH])
def test_tasks_come_from_the_organisation_section(prefix):
    clauses, f = plan(prefix)
    for t in f.tasks:
        section = clauses[t.clause].heading_path[0].upper()
        assert "TỔ CHỨC THỰC HIỆN" in section or "PHÂN CÔNG" in section
        assert t.agency_key == normalise_agency(t.agency)


@pytest.mark.parametrize("prefix", [HAI_DUONG, HUONG_KHE, QUANG_VINH, NGUYEN_NGHIEM, NINH_BINH])
def test_json_round_trip(prefix):
    f = facts(prefix)
    assert PlanFacts.from_dict(json.loads(json.dumps(f.to_dict(), ensure_ascii=False))) == f


# ---- pieces --------------------------------------------------------------------------------------------------------


def test_indicator_lists():
    assert _indicator_numbers("thực hiện các chỉ tiêu 1,2,8,9,10,11,12, 22, 23, 24  tại phụ lục") == [
        1, 2, 8, 9, 10, 11, 12, 22, 23, 24]
    assert _indicator_numbers("Hướng dẫn thực hiện chỉ tiêu 13, 21 của Kế hoạch.") == [13, 21]
    assert _indicator_numbers("các chỉ tiêu 1-5 và chỉ tiêu 7 đến 9") == [1, 2, 3, 4, 5, 7, 8, 9]
    assert _indicator_numbers("Bộ chỉ tiêu thống kê về tình hình trẻ em") == []


def test_targets_share_a_following_year():
    text = "xuống dưới 5% đối với nông thôn và dưới 10% đối với thành thị vào năm 2025 và duy trì đến năm 2030"
    found = targets(text)
    assert [(t.value, t.year, t.comparator) for t in found] == [("5%", 2025, "dưới"), ("10%", 2025, "dưới")]


def test_normalise_agency_spellings():
    key = normalise_agency("Sở Văn hoá - Thể thao và du lịch")
    assert key == "sở văn hóa - thể thao và du lịch"
    assert normalise_agency("Sở Văn hóa – Thể thao & Du lịch") == key
    assert normalise_agency("Uỷ ban  nhân dân") == "ủy ban nhân dân"
    assert normalise_agency("Bộ phận Tư pháp- Hộ tịch") == "bộ phận tư pháp - hộ tịch"
    assert normalise_agency("PhòngTài chính - Kế hoạch") == "phòng tài chính - kế hoạch"
    assert normalise_agency("quý") == "quý"  # `qu` is a consonant: the tone stays on `y`
    assert fold("Sở Lao động - Thương binh") == "So Lao dong - Thuong binh"


@pytest.mark.parametrize("query", [
    "Sở LĐ-TB&XH", "Sở LĐTBXH", "Sở Lao động TB và XH", "so lao dong thuong binh va xa hoi",
    "Sở Lao động, Thương binh và Xã hội", "Sở Lao động – Thương binh & Xã hội",
    "Sở Lao động Hải Dương có nhiệm vụ gì?",
])
def test_agency_matches_labour_department(query):
    assert agency_matches(query, normalise_agency("Sở Lao động - Thương binh và Xã hội"))


def test_agency_matches_other_abbreviations():
    assert agency_matches("Sở GD&ĐT", normalise_agency("Sở Giáo dục và Đào tạo"))
    assert agency_matches("Sở VH-TT&DL", normalise_agency("Sở Văn hoá - Thể thao và du lịch"))
    assert agency_matches("Sở VH-TT", normalise_agency("Sở Văn hóa và Thể thao"))
    assert agency_matches("Sở TT&TT", normalise_agency("Sở Thông tin và Truyền thông"))
    assert agency_matches("Công an tỉnh Ninh Bình có nhiệm vụ gì?", normalise_agency("Công an tỉnh"))
    assert agency_matches("cong an ninh binh lam gi", normalise_agency("Công an tỉnh"))
    assert agency_matches("trung tam y te huyen", normalise_agency("Trung tâm Y tế huyện"))


def test_agency_matches_rejects_other_bodies():
    labour = normalise_agency("Sở Lao động - Thương binh và Xã hội")
    assert not agency_matches("Bộ Lao động - Thương binh và Xã hội", labour)
    assert not agency_matches("Sở Y tế", normalise_agency("Sở Tư pháp"))
    districts = normalise_agency("Ủy ban nhân dân các huyện, thành phố")
    assert not agency_matches("Ủy ban nhân dân tỉnh Ninh Bình", districts)
    # "cơ sở" (a facility) and "trụ sở" (a head office) end in "sở" but name no Sở
    culture = normalise_agency("Sở Văn hóa và Thể thao")
    assert not agency_matches("Quy hoạch mạng lưới cơ sở văn hóa và thể thao", culture)
    assert not agency_matches("Làm việc tại trụ sở Tư pháp xã", normalise_agency("Sở Tư pháp"))
    assert agency_matches("Sở Văn hóa và Thể thao có nhiệm vụ gì?", culture)


@pytest.mark.parametrize("prefix, agencies", [
    (HAI_DUONG, ["Sở Lao động - Thương binh và Xã hội", "Sở Tư pháp", "Công an tỉnh", "Sở Y tế", "Sở Giáo dục và Đào tạo",
                 "Sở Văn hoá - Thể thao và du lịch", "Sở Thông tin và Truyền thông",
                 "Đài Phát thanh và Truyền hình Hải Dương, Báo Hải Dương", "Sở Tài chính", "Sở Kế hoạch và đầu tư",
                 "Sở Nội vụ"]),
    (QUANG_VINH, ["Cán bộ Lao động - Thương binh & Xã hội", "Bộ phận Tư pháp- Hộ tịch", "Trạm y tế", "Công an xã"]),
    (NGUYEN_NGHIEM, ["Văn hoá - Xã hội phường", "Trạm Y tế phường", "Tư pháp - Hộ tịch phường",
                     "Tài chính - Kế toán phường", "Công an phường"]),
    (NINH_BINH, ["Sở Lao động - Thương binh và Xã hội", "Sở Giáo dục và Đào tạo", "Sở Văn hóa và Thể thao", "Sở Y tế",
                 "Sở Thông tin và Truyền thông", "Sở Tư pháp", "Sở Du lịch", "Công an tỉnh"]),
])
def test_agencies_are_cited_by_the_line_naming_them(prefix, agencies):
    clauses, f = plan(prefix)
    named = [(a.agency, clauses[a.clause].text) for a in f.agencies]
    got = [agency for agency, _ in named]
    assert [a for a in got if a in agencies] == agencies, got
    for agency, line in named:
        assert agency.split()[0] in line and line[0].isdigit(), (agency, line)


@pytest.mark.parametrize("prefix, groups", [
    (HAI_DUONG, ["Các sở, ngành, cơ quan, đơn vị có liên quan (bao gồm cả các sở, ngành nêu trên)",
                 "UBND các huyện, thị xã, thành phố"]),
    (HUONG_KHE, ["Các phòng, ngành, cơ quan, đơn vị có liên quan", "Ủy ban nhân dân các xã, thị trấn"]),
    (QUANG_VINH, ["Ban giám hiệu các trường học", "Các ban ngành, đoàn thể cấp xã",
                  "Thôn trưởng các thôn và Cộng tác viên bảo vệ, chăm sóc và giáo dục trẻ em"]),
    (NGUYEN_NGHIEM, ["Các trường học trên địa bàn phường"]),
    (NINH_BINH, ["Các sở, ban, ngành, địa phương, đơn vị", "Ủy ban nhân dân các huyện, thành phố"]),
])
def test_group_headings_are_groups_not_agencies(prefix, groups):
    """A heading addressing many bodies at once ("5. Các ban ngành, đoàn thể cấp xã", "12. Ủy ban nhân dân các
    huyện, thành phố") is cited for the group and keeps its tasks, but is no agency and is assigned nothing."""
    clauses, f = plan(prefix)
    assert [g.group for g in f.groups] == groups
    named = {a.agency for a in f.agencies} | {t.agency for t in f.tasks} | {a.agency for a in f.assignments}
    assert not named & set(groups)
    assert {t.group for t in f.group_tasks} <= set(groups) and f.group_tasks
    for g in f.groups:
        line = clauses[g.clause].text
        assert g.group in line and line[0].isdigit(), (g.group, line)


def test_huong_khe_agencies_include_a_heading_naming_two_bodies():
    clauses, f = plan(HUONG_KHE)
    rows = {a.agency: clauses[a.clause].text for a in f.agencies}
    assert rows["Phòng Y tế"] == rows["Trung tâm Y tế huyện"] == "4. Phòng Y tế; Trung tâm Y tế huyện:"
