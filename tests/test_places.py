"""Which places a plan is about, and questions reaching a plan through them when its metadata is incomplete."""

from __future__ import annotations

import pytest

from indexer.places import places_named, plan_places, units_mentioned
from indexer.tokenizing import fold
from service.understanding import understand


@pytest.mark.parametrize("text, places", [
    ("UBND TỈNH QUẢNG NAM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", ["Quảng Nam"]),
    ("ỦY BAN NHÂN DÂN\nHUYỆN KỲ ANH\nSố: 12/KH-UBND", ["Kỳ Anh"]),
    ("Ủy ban nhân dân xã Quảng Vinh, huyện Quảng Điền", ["Quảng Vinh", "Quảng Điền"]),
    ("trên địa bàn thành phố Hồ Chí Minh", ["Hồ Chí Minh"]),
    ("Thừa Thiên Huế và Hòa Bình", ["Thừa Thiên Huế", "Hòa Bình"]),
    ("Hoà Bình", ["Hòa Bình"]),  # old tone placement
])
def test_places_named(text, places):
    # compared folded: the divisions write `Hoà Bình`, plans write both tone placements
    assert [fold(p) for p in places_named(text)] == [fold(p) for p in places]


@pytest.mark.parametrize("text", [
    "tăng cường quản lý nhân lực y tế",  # folded, "quản lý nhân" would read as the district Lý Nhân
    "phát triển kinh tế - xã hội bền vững",  # "xã hội" is not a commune
    "Ban Chỉ đạo phòng, chống thiên tai",
])
def test_common_words_are_not_places(text):
    assert places_named(text) == []


def test_plan_places_reads_the_front_matter_and_the_plans_scope_only():
    body = ("Triển khai thực hiện trên địa bàn thị xã Kỳ Anh. Phối hợp với tỉnh Quảng Bình trong công tác cứu hộ.")
    assert plan_places("KẾ HOẠCH phòng, chống thiên tai năm 2024", body) == ["Kỳ Anh"]
    assert plan_places("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH", body) == ["Hà Tĩnh", "Kỳ Anh"]


def _doc(doc_id: str, **fields) -> dict:
    base = {"doc_id": doc_id, "number": None, "locality": None, "district": None, "province": None, "level": None,
            "date": None, "places": []}
    return {**base, **fields}


def test_a_plan_whose_metadata_missed_its_place_is_reached_through_its_places():
    documents = {"a": _doc("a", locality="Hải Dương", province="Hải Dương", level="tỉnh", places=["Hải Dương"]),
                 "b": _doc("b", places=["Kỳ Anh", "Hà Tĩnh"])}  # header unread: no locality, no province
    for question in ("Thị xã Kỳ Anh giao cho cơ quan nào chủ trì?", "which agency leads in Ky Anh"):
        u = understand(question, documents)
        assert u.doc_ids == ["b"] and not u.unknown_places


def test_no_plan_covers_a_place_no_plan_is_about():
    documents = {"b": _doc("b", places=["Kỳ Anh", "Hà Tĩnh"])}
    u = understand("Kế hoạch của tỉnh Quảng Bình giao cho ai?", documents)
    assert u.doc_ids == [] and u.unknown_places == ["Quảng Bình"]


def test_a_commune_named_with_its_province_asks_the_communes_plan():
    documents = {"province": _doc("province", locality="Nguyễn Nghiêm", level="phường", district="Quảng Ngãi",
                                  province="Quảng Ngãi"),
                 "commune": _doc("commune", locality="Tịnh Trà", level="xã", district="Sơn Tịnh", province="Quảng Ngãi")}
    u = understand("Kế hoạch của xã Tịnh Trà thực hiện Nghị quyết nào của Tỉnh ủy Quảng Ngãi?", documents)
    assert u.doc_ids == ["commune"]
    assert understand("Các kế hoạch của Quảng Ngãi", documents).doc_ids == ["province", "commune"]


def test_a_year_picks_among_one_places_plans_when_the_plan_itself_is_asked():
    documents = {"y2022": _doc("y2022", locality="Gia Lai", province="Gia Lai", level="tỉnh", date="2022-08-12",
                               title="RÀ SOÁT HỘ NGHÈO NĂM 2022"),
                 "y2023": _doc("y2023", locality="Gia Lai", province="Gia Lai", level="tỉnh", date="2023-08-10",
                               title="RÀ SOÁT HỘ NGHÈO NĂM 2023")}
    assert understand("Số hiệu kế hoạch rà soát hộ nghèo năm 2023 của Gia Lai?", documents).doc_ids == ["y2023"]
    assert understand("Số hiệu kế hoạch rà soát hộ nghèo năm 2019 của Gia Lai?", documents).doc_ids == ["y2022", "y2023"]


def test_a_plan_named_by_what_it_implements_is_the_subject():
    documents = {"a": _doc("a", locality="Sơn La", province="Sơn La", level="tỉnh", number="68/KH-UBND")}
    assert understand("Số hiệu kế hoạch Sơn La triển khai Chỉ thị 37-CT/TW?", documents).plan_is_subject
    assert not understand("Chỉ thị 37-CT/TW mà Sơn La nhắc tới ban hành ngày nào?", documents).plan_is_subject


def test_a_copy_with_no_header_is_about_the_places_its_sentences_name_first():
    body = ("Sáng 20/4, Ban chỉ đạo liên ngành về an toàn thực phẩm huyện Chợ Đồn tổ chức Lễ phát động. "
            "Các xã đủ điều kiện được khen thưởng. Tại Lễ phát động, bà Hoàng Thị Lan phát biểu.")
    assert plan_places("", body, header_has_place=False) == ["Chợ Đồn"]
    # a plan whose header names its place is not about every place its sentences mention
    assert plan_places("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", body) == ["Bắc Kạn"]
    # a numbered ward keeps its level word: "1" alone would match every question with a 1 in it
    assert plan_places("", "Phường 1 tổ chức Hội nghị.", header_has_place=False) == ["Phường 1"]


@pytest.mark.parametrize("question, names_ha_nam", [
    ("Theo kế hoạch năm 2022 của huyện Thạch Hà, năm 2021 huyện đạt bao nhiêu?", False),  # "Hà năm" is not Hà Nam
    ("Kế hoạch nước sạch của tỉnh Hà Nam năm 2014 có số hiệu gì?", True),
    ("Ke hoach nuoc sach cua tinh Ha Nam nam 2014", True),  # typed bare: any accented spelling
    ("What is Ha Nam's 2014 water plan number?", True),
])
def test_a_place_is_matched_with_the_diacritics_the_question_writes(question, names_ha_nam):
    documents = {"hn": _doc("hn", locality="Hà Nam", province="Hà Nam", level="tỉnh", places=["Hà Nam"]),
                 "th": _doc("th", places=["Thạch Hà"])}
    u = understand(question, documents)
    assert ("hn" in u.doc_ids) == names_ha_nam
    assert "Hà Nam" not in u.unknown_places


def test_a_district_named_beside_its_province_asks_the_districts_plan_not_the_provinces_others():
    documents = {"huong_khe": _doc("huong_khe", locality="Hương Khê", level="huyện", province="Hà Tĩnh",
                                   places=["Hương Khê", "Hà Tĩnh"]),
                 "thach_ha": _doc("thach_ha", places=["Thạch Hà"])}  # a news item: its province is not written
    u = understand("How much revenue did Thach Ha district (Ha Tinh) collect in 2021?", documents)
    assert u.doc_ids == ["thach_ha"]


def test_a_commune_no_plan_covers_is_missing_even_when_its_province_has_a_plan():
    documents = {"kh": _doc("kh", locality="Khánh Hòa", province="Khánh Hòa", level="tỉnh", places=["Khánh Hòa"])}
    u = understand("What was the theme of Dai Lanh commune's (Van Ninh, Khanh Hoa) food safety plan?", documents)
    assert u.doc_ids == ["kh"] and "Dai Lanh" in u.unit_missing
    # "which commune" names no commune
    assert understand("Which commune-level plan comes from Khanh Hoa province?", documents).unit_missing == []


@pytest.mark.parametrize("question, written", [
    ("Kế hoạch phòng, chống thiên tai của UBND thành phố Hạ Long (Quảng Ninh) giao cơ quan nào làm thường trực?",
     "Hạ Long"),
    ("Which agency leads Ha Long city's disaster plan in Quang Ninh?", "Ha Long"),
])
def test_a_city_no_plan_covers_is_missing_but_a_city_that_is_a_province_is_not(question, written):
    documents = {"qn": _doc("qn", locality="Quảng Ninh", province="Quảng Ninh", level="tỉnh", places=["Quảng Ninh"]),
                 "ct": _doc("ct", locality="Cần Thơ", province="Cần Thơ", level="thành phố", places=["Cần Thơ"])}
    assert understand(question, documents).unit_missing == [written]  # as the question writes it
    assert understand("Kế hoạch của UBND thành phố Cần Thơ giao cơ quan nào?", documents).unit_missing == []


def test_a_plan_named_by_its_number_is_that_plan_among_its_places_plans():
    documents = {"a": _doc("a", locality="Cần Thơ", province="Cần Thơ", level="thành phố", number="157/KH-UBND",
                           places=["Cần Thơ"]),
                 "b": _doc("b", locality="Cần Thơ", province="Cần Thơ", level="thành phố", number="165/KH-UBND",
                           places=["Cần Thơ"])}
    assert understand("Ai chủ trì Kế hoạch 157/KH-UBND của Cần Thơ?", documents).doc_ids == ["a"]
    assert understand("Ai chủ trì các kế hoạch của Cần Thơ?", documents).doc_ids == ["a", "b"]


@pytest.mark.parametrize("text", [
    # a level word before a common word, and the same word capitalised elsewhere ("Chủ tịch")
    "UBND huyện yêu cầu UBND các xã, thị trấn chủ động triển khai. Chức vụ: Chủ tịch UBND huyện.",
    # "xã hội an toàn" (a safe society) is not a commune Hội An
    "Nâng cao nhận thức để xây dựng xã hội an toàn trước thiên tai. Hội nghị tổng kết.",
])
def test_a_copy_without_header_names_no_place_from_common_words(text):
    assert plan_places("", text, header_has_place=False) == []


def test_a_district_no_plan_is_about_reaches_the_plan_naming_it_in_its_text():
    # a district's plan copied under its city's portal header: the header says Hải Phòng, the text "huyện Thuỷ Nguyên"
    body = ("Thực hiện Nghị quyết Đại hội Đảng bộ, Ủy ban nhân dân huyện ban hành Kế hoạch số 42/KH-UBND.\n"
            "Kế hoạch thực hiện công tác CCHC tại huyện Thuỷ Nguyên năm 2011.doc")
    assert units_mentioned(body) == ["Thuỷ Nguyên"]
    documents = {"hp": _doc("hp", locality="Hải Phòng", province="Hải Phòng", level="tỉnh", places=["Hải Phòng"],
                            mentions=units_mentioned(body)),
                 "na": _doc("na", locality="Nghệ An", province="Nghệ An", level="tỉnh", places=["Nghệ An"])}
    u = understand("Chủ đề năm 2011 của huyện Thủy Nguyên trong kế hoạch cải cách hành chính là gì?", documents)
    assert u.doc_ids == ["hp"] and not u.unknown_places
    # a district no plan names stays unknown
    u = understand("Kế hoạch cải cách hành chính của huyện Kiến Thụy có số hiệu gì?", documents)
    assert u.doc_ids == [] and u.unknown_places == ["Kiến Thụy"]  # as the question writes it


def test_a_list_of_units_is_not_what_a_plan_is_about():
    body = "Các huyện: huyện Kỳ Sơn, huyện Tương Dương, huyện Con Cuông tổ chức thực hiện."
    documents = {f"p{i}": _doc(f"p{i}", locality="Nghệ An", province="Nghệ An", places=["Nghệ An"],
                               mentions=units_mentioned(body)) for i in range(4)}
    assert understand("Kế hoạch của huyện Kỳ Sơn giao cơ quan nào?", documents).doc_ids == []
