"""Header and metadata read from the document's form (Nghị định 30/2020/NĐ-CP), whatever its layout.

Small invented-but-realistic documents, one per form of each part of the front matter and the closing, run through
the real `clean` -> `segment` -> `extract_metadata`; then each seed plan with only its header re-laid in the other
real layouts must give the same identity as the original.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from conftest import HAI_DUONG, HUONG_KHE, NGUYEN_NGHIEM, NINH_BINH, QUANG_VINH, plan_clauses
from indexer import form
from indexer.cleaning import clean
from indexer.metadata import extract_metadata
from indexer.segmenting import segment

BODY = """Căn cứ Quyết định số 23/QĐ-TTg ngày 07 tháng 01 năm 2021 của Thủ tướng Chính phủ, ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao hiệu quả công tác rà soát hộ nghèo trên địa bàn.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Lao động - Thương binh và Xã hội
- Chủ trì, hướng dẫn, tổng hợp kết quả, báo cáo trước ngày 15/12.
"""


def run(text: str, doc_id: str = "fixture"):
    clauses = segment(doc_id, clean(text))
    return extract_metadata(doc_id, f"{doc_id}.txt", clauses), clauses


def meta(text: str):
    return run(text)[0]


# ---- issuing body, motto, number, place and date, in every layout ----------------------------------------------


def test_header_as_one_table_row_with_numeric_date_and_title_on_the_type_line():
    m = meta("UBND TỈNH HẢI DƯƠNG | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
             " | Độc lập - Tự do - Hạnh phúc\n"
             "Số: 2716/KH-UBND | Hải Dương, ngày 27/7/2021\n"
             "KẾ HOẠCH Thực hiện Chương trình hành động quốc gia vì trẻ em tỉnh Hải Dương giai đoạn 2021 - 2030\n"
             + BODY)
    assert (m.number, m.date, m.level, m.locality, m.province) == ("2716/KH-UBND", "2021-07-27", "tỉnh", "Hải Dương",
                                                                   "Hải Dương")
    assert m.issuer == "Ủy ban nhân dân tỉnh Hải Dương" and m.doc_type == "Kế hoạch"
    assert m.title == "Thực hiện Chương trình hành động quốc gia vì trẻ em tỉnh Hải Dương giai đoạn 2021 - 2030"


def test_header_cell_by_cell_with_lone_bars_and_rules():
    m = meta("ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n"
             "Độc lập - Tự do - Hạnh phúc\n---------------\n|\nSố: 114/KH-UBND\n|\nNinh Bình, ngày\n"
             "13 tháng 11 năm 2020\n|\nKẾ HOẠCH\nTRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI NĂM 2021\n" + BODY)
    assert (m.number, m.date, m.level, m.locality, m.province) == ("114/KH-UBND", "2020-11-13", "tỉnh", "Ninh Bình",
                                                                   "Ninh Bình")
    assert m.title == "TRIỂN KHAI CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI NĂM 2021"


def test_two_columns_by_spaces_commune_under_its_district():
    m = meta("UBND HUYỆN QUẢNG ĐIỀN             CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
             "XÃ QUẢNG VINH      Độc lập – Tự do – Hạnh phúc\n\n"
             "Số: 90 /KH- UBND       Quảng Vinh, ngày 09 tháng 03 năm 2020\n"
             "KẾ HOẠCH\nRà soát hộ nghèo, hộ cận nghèo năm 2020\n" + BODY)
    assert (m.number, m.date, m.level, m.locality) == ("90/KH-UBND", "2020-03-09", "xã", "Quảng Vinh")
    assert (m.district, m.province, m.province_from) == ("Quảng Điền", "Thừa Thiên Huế", "gazetteer")
    assert m.issuer == "Ủy ban nhân dân xã Quảng Vinh" and m.issuer_parent == "Ủy ban nhân dân huyện Quảng Điền"
    assert m.title == "Rà soát hộ nghèo, hộ cận nghèo năm 2020"


def test_commune_locality_never_takes_the_next_line():
    m = meta("ỦY BAN NHÂN DÂN XÃ QUẢNG VINH\nSố: 90/KH-UBND\nQuảng Vinh, ngày 09 tháng 03 năm 2020\n"
             "KẾ HOẠCH\nRà soát hộ nghèo năm 2020\n" + BODY)
    assert (m.level, m.locality, m.number) == ("xã", "Quảng Vinh", "90/KH-UBND")


@pytest.mark.parametrize("issuer_lines", [
    "UBND TỈNH QUẢNG NAM", "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM", "Ủy ban nhân dân\nTỉnh Quảng Nam", "UỶ BAN NHÂN DÂN TỈNH QUẢNG NAM",
    "UBND tỉnh Quảng Nam",
])
def test_issuer_in_any_case_and_abbreviation(issuer_lines):
    m = meta(f"{issuer_lines}\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 12/KH-UBND\nTam Kỳ, ngày 8 tháng 4 năm 2022\n"
             "KẾ HOẠCH\nChuyển đổi số năm 2022\n" + BODY)
    assert (m.level, m.locality, m.province, m.issuer) == ("tỉnh", "Quảng Nam", "Quảng Nam",
                                                           "Ủy ban nhân dân tỉnh Quảng Nam")
    assert m.date == "2022-04-08"


def test_peoples_council_is_its_own_issuer():
    m = meta("HĐND HUYỆN HƯƠNG KHÊ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 05/KH-HĐND\n"
             "Hương Khê, ngày 3 tháng 2 năm 2021\nKẾ HOẠCH\nGiám sát chuyên đề năm 2021\n" + BODY)
    assert (m.issuer, m.level, m.locality, m.province) == ("Hội đồng nhân dân huyện Hương Khê", "huyện", "Hương Khê",
                                                           "Hà Tĩnh")


def test_department_under_its_province():
    m = meta("UBND TỈNH QUẢNG NAM | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
             "SỞ Y TẾ | Độc lập - Tự do - Hạnh phúc\n"
             "Số: 123/KH-SYT | Quảng Nam, ngày 15 tháng 3 năm 2023\n"
             "KẾ HOẠCH\nPhòng, chống dịch sốt xuất huyết năm 2023\n" + BODY + "2. Sở Y tế\n- Chủ trì thực hiện.\n")
    assert m.issuer == "Sở Y tế" and m.issuer_parent == "Ủy ban nhân dân tỉnh Quảng Nam"
    assert (m.number, m.level, m.locality, m.province) == ("123/KH-SYT", "tỉnh", "Quảng Nam", "Quảng Nam")


def test_steering_committee_names_its_territory():
    m = meta("BAN CHỈ ĐẠO CÁC CHƯƠNG TRÌNH MỤC TIÊU QUỐC GIA\nHUYỆN HƯƠNG KHÊ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
             "Số: 07/KH-BCĐ\nHương Khê, ngày 10 tháng 1 năm 2023\nKẾ HOẠCH\nXây dựng nông thôn mới năm 2023\n" + BODY)
    assert (m.number, m.level, m.locality, m.province) == ("07/KH-BCĐ", "huyện", "Hương Khê", "Hà Tĩnh")
    assert m.issuer.startswith("Ban chỉ đạo các chương trình mục tiêu quốc gia")


@pytest.mark.parametrize("header, number, issuer, level, locality, province", [
    ("ĐẢNG BỘ TỈNH HÀ TĨNH | ĐẢNG CỘNG SẢN VIỆT NAM\nHUYỆN ỦY HƯƠNG KHÊ | Hương Khê, ngày 12 tháng 6 năm 2021\n"
     "Số 12-KH/HU", "12-KH/HU", "Huyện ủy Hương Khê", "huyện", "Hương Khê", "Hà Tĩnh"),
    ("TỈNH ỦY QUẢNG NAM\nĐẢNG CỘNG SẢN VIỆT NAM\nSố 31-KH/TU\nTam Kỳ, ngày 18 tháng 3 năm 2024",
     "31-KH/TU", "Tỉnh ủy Quảng Nam", "tỉnh", "Quảng Nam", "Quảng Nam"),
    ("ĐẢNG BỘ HUYỆN QUẢNG ĐIỀN\nĐẢNG ỦY XÃ QUẢNG VINH\nĐẢNG CỘNG SẢN VIỆT NAM\nSố -KH/ĐU\n"
     "Quảng Vinh, ngày 2 tháng 3 năm 2020", None, "Đảng ủy xã Quảng Vinh", "xã", "Quảng Vinh", "Thừa Thiên Huế"),
])
def test_party_committees(header, number, issuer, level, locality, province):
    m = meta(header + "\nKẾ HOẠCH\nThực hiện Chỉ thị số 28-CT/TW của Bộ Chính trị\n" + BODY)
    assert (m.number, m.issuer, m.level, m.locality, m.province) == (number, issuer, level, locality, province)


@pytest.mark.parametrize("line, number", [
    ("Số: 12/2023/KH-UBND", "12/2023/KH-UBND"), ("Số: /KH-UBND", None), ("Số:    /KH-UBND", None),
    ("Số: 90 /KH- UBND", "90/KH-UBND"), ("Số 45-KH/HU", "45-KH/HU"), ("Số: 123/KH-SYT", "123/KH-SYT"),
])
def test_numbers(line, number):
    m = meta(f"ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n{line}\nNinh Bình, ngày 13 tháng 11 năm 2020\nKẾ HOẠCH\n"
             "Ứng phó với biến đổi khí hậu\n" + BODY)
    assert m.number == number and m.locality == "Ninh Bình"


def test_no_number_at_all():
    m = meta("ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\nNinh Bình, ngày 13 tháng 11 năm 2020\nKẾ HOẠCH\nỨng phó thiên tai\n"
             + BODY)
    assert m.number is None and m.date == "2020-11-13"


@pytest.mark.parametrize("date_line, iso", [
    ("Ninh Bình, ngày 08 tháng 4 năm 2022", "2022-04-08"), ("Ninh Bình, ngày 8 tháng 4 năm 2022", "2022-04-08"),
    ("Ninh Bình, ngày 27/7/2021", "2021-07-27"), ("Ninh Bình, ngày 27-7-2021", "2021-07-27"),
    ("Ninh Bình, ngày 27.7.2021", "2021-07-27"), ("Ninh Bình, ngày   tháng 5 năm 2024", "2024-05"),
    ("Ninh Bình, ngày\n13 tháng 11 năm 2020", "2020-11-13"), ("Ninh Bình, ngày 31 tháng 13 năm 2020", None),
])
def test_dates(date_line, iso):
    m = meta(f"UBND TỈNH NINH BÌNH\nSố: 1/KH-UBND\n{date_line}\nKẾ HOẠCH\nỨng phó thiên tai\n" + BODY)
    assert m.date == iso


def test_place_of_issue_gives_the_locality_when_nothing_else_does():
    m = meta("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 2716/KH-UBND | Hải Dương, ngày 27/7/2021\n"
             "KẾ HOẠCH\nThực hiện công tác dân số năm 2021\n"
             "Ủy ban nhân dân tỉnh Hải Dương ban hành Kế hoạch như sau:\nI. MỤC TIÊU\n- Giảm tỷ số giới tính khi sinh.\n")
    assert (m.level, m.locality, m.province) == ("tỉnh", "Hải Dương", "Hải Dương")
    m = meta("ỦY BAN NHÂN DÂN\nSố: 3/KH-UBND\nPhường Nguyễn Nghiêm, ngày tháng 5 năm 2024\nKẾ HOẠCH\nPhòng cháy năm 2024\n"
             "Thực hiện Kế hoạch số 102/KH-UBND ngày 22/4/2024 của Chủ tịch UBND thành phố Quảng Ngãi về việc thực hiện "
             "Chỉ thị, UBND phường Nguyễn Nghiêm xây dựng Kế hoạch như sau:\nI. MỤC TIÊU\n- Không để cháy lớn.\n")
    assert (m.level, m.locality, m.district, m.province) == ("phường", "Nguyễn Nghiêm", "Quảng Ngãi", "Quảng Ngãi")


def test_district_plan_naming_its_issuer_only_in_the_opening_sentence():
    m = meta("ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 80/KH-UBND\nngày 28 tháng 5 năm 2021\n"
             "KẾ HOẠCH\nThực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững\n"
             "Thực hiện Kế hoạch số 159/KH-UBND ngày 11 tháng 5 năm 2021 của Ủy ban nhân dân tỉnh Hà Tĩnh về việc thực "
             "hiện Chương trình, Ủy ban nhân dân huyện Hương Khê ban hành Kế hoạch thực hiện như sau:\n"
             "I. MỤC TIÊU\n- Giảm tỷ lệ hộ nghèo.\n")
    assert (m.issuer, m.level, m.locality, m.province) == ("Ủy ban nhân dân huyện Hương Khê", "huyện", "Hương Khê",
                                                           "Hà Tĩnh")


def test_unreadable_fields_are_null_never_fragments():
    m = meta("ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: /KH-UBND\nngày tháng năm 2024\n"
             "KẾ HOẠCH\nTổ chức ngày hội đại đoàn kết\nI. MỤC TIÊU\n- Tăng cường khối đại đoàn kết toàn dân.\n")
    assert (m.number, m.level, m.locality, m.district, m.province, m.issuer, m.date) == (None,) * 7
    assert m.title == "Tổ chức ngày hội đại đoàn kết"


# ---- document type and trích yếu --------------------------------------------------------------------------------


def test_city_plan_with_one_line_table_header_and_no_plan_line():
    m, clauses = run("UBND THÀNH PHỐ HÀ TĨNH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc\n"
                     "Số: 45/KH-UBND | Hà Tĩnh, ngày 08 tháng 4 năm 2022\n"
                     "TRIỂN KHAI CÔNG TÁC RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2022\n" + BODY)
    assert (m.number, m.date, m.level, m.locality, m.province) == ("45/KH-UBND", "2022-04-08", "thành phố", "Hà Tĩnh",
                                                                   "Hà Tĩnh")
    assert m.title == "TRIỂN KHAI CÔNG TÁC RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2022"
    assert [c.kind for c in clauses if c.text.startswith("Căn cứ")] == ["preamble"]


def test_title_over_several_lines_in_capitals_and_in_markdown_bold():
    m = meta("UBND TỈNH NINH BÌNH\nSố: 114/KH-UBND\nNinh Bình, ngày 13 tháng 11 năm 2020\n"
             "KẾ HOẠCH\nTRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 121/2020/QH14\nVỀ PHÒNG, CHỐNG XÂM HẠI TRẺ EM\n" + BODY)
    assert m.title == "TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 121/2020/QH14 VỀ PHÒNG, CHỐNG XÂM HẠI TRẺ EM"
    m = meta("UBND TỈNH NINH BÌNH\nSố: 114/KH-UBND\nNinh Bình, ngày 13 tháng 11 năm 2020\n"
             "**KẾ HOẠCH**\n**Triển khai thực hiện chuyển đổi số\nnăm 2021 trên địa bàn tỉnh**\n" + BODY)
    assert m.title == "Triển khai thực hiện chuyển đổi số năm 2021 trên địa bàn tỉnh"


def test_plan_attached_to_a_decision():
    m = meta("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NAM | Độc lập - Tự do - Hạnh phúc\n"
             "KẾ HOẠCH\nThực hiện công tác bình đẳng giới năm 2024\n"
             "(Ban hành kèm theo Quyết định số 1234/QĐ-UBND ngày 15/3/2024 của UBND tỉnh Quảng Nam)\n" + BODY)
    assert (m.number, m.attached_to, m.date, m.locality) == (None, "1234/QĐ-UBND", "2024-03-15", "Quảng Nam")
    assert m.title == "Thực hiện công tác bình đẳng giới năm 2024" and m.doc_type == "Kế hoạch"
    assert "1234/QĐ-UBND" not in [b.number for b in m.legal_basis]


def test_decision_page_followed_by_a_plan_with_its_own_header():
    m = meta("ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 1234/QĐ-UBND\nQuảng Nam, ngày 15 tháng 3 năm 2024\nQUYẾT ĐỊNH\n"
             "Về việc ban hành Kế hoạch phòng, chống thiên tai\nCăn cứ Luật Phòng, chống thiên tai ngày 19 tháng 6 năm 2013;\n"
             "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch phòng, chống thiên tai.\n"
             "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nSố: 56/KH-UBND\nQuảng Nam, ngày 20 tháng 3 năm 2024\n"
             "KẾ HOẠCH\nPhòng, chống thiên tai năm 2024\nI. MỤC TIÊU\n- Giảm thiệt hại về người.\n")
    assert (m.number, m.attached_to, m.date, m.locality) == ("56/KH-UBND", "1234/QĐ-UBND", "2024-03-20", "Quảng Nam")
    assert m.title == "Phòng, chống thiên tai năm 2024"


def test_decision_page_followed_by_its_plan():
    m, clauses = run(
        "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NAM\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 1234/QĐ-UBND\n"
        "Quảng Nam, ngày 15 tháng 3 năm 2024\nQUYẾT ĐỊNH\nVề việc ban hành Kế hoạch thực hiện công tác bình đẳng giới\n"
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NAM\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;\n"
        "Căn cứ Quyết định số 2282/QĐ-TTg ngày 31 tháng 12 năm 2021 của Thủ tướng Chính phủ;\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bình đẳng giới.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nCHỦ TỊCH\nLê Văn Dũng\n"
        "KẾ HOẠCH\nTHỰC HIỆN CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2024\n"
        "(Ban hành kèm theo Quyết định số 1234/QĐ-UBND ngày 15/3/2024 của Chủ tịch UBND tỉnh Quảng Nam)\n"
        "I. MỤC TIÊU\n- Giảm khoảng cách giới.\n")
    assert (m.number, m.attached_to, m.date, m.doc_type) == (None, "1234/QĐ-UBND", "2024-03-15", "Kế hoạch")
    assert (m.level, m.locality, m.title) == ("tỉnh", "Quảng Nam", "THỰC HIỆN CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2024")
    assert [b.number for b in m.legal_basis] == ["2282/QĐ-TTg"]
    # the plan is not signed again: the decision's signature is its signature
    assert (m.signer, m.signer_role) == ("Lê Văn Dũng", "Chủ tịch")
    assert next(c for c in clauses if c.text.startswith("- Giảm khoảng cách")).heading_path == ["I. MỤC TIÊU"]


def _wrapped(text: str, width: int = 80) -> str:
    """The text as a PDF or an old portal breaks it: every paragraph hard-wrapped at `width`."""
    return "\n".join(textwrap.fill(line, width) if len(line) > width else line for line in text.split("\n"))


def test_a_hard_wrapped_decision_issuing_the_plan_is_read_as_prose_with_its_closing_as_the_plans():
    decision = (
        "ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\nSố: 2954/QĐ-UBND\nSơn La, ngày 20 tháng 11 năm 2025\nQUYẾT ĐỊNH\n"
        "VỀ VIỆC BAN HÀNH KẾ HOẠCH XUẤT KHẨU SẢN PHẨM HÀNG HÓA TỈNH SƠN LA GIAI ĐOẠN 2026 - 2030\n"
        "ỦY BAN NHÂN DÂN TỈNH SƠN LA\n"
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025 và các văn bản hướng dẫn thi hành;\n"
        "Căn cứ Quyết định số 493/QĐ-TTg ngày 19 tháng 4 năm 2022 của Thủ tướng Chính phủ phê duyệt Chiến lược "
        "xuất nhập khẩu hàng hóa đến năm 2030;\n"
        "Theo đề nghị của Sở Công Thương tại Tờ trình số 298/TTr-SCT ngày 23/10/2025 về việc ban hành kế hoạch.\n"
        "QUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch xuất khẩu sản phẩm hàng hóa tỉnh Sơn La giai đoạn 2026 "
        "- 2030, gồm các mục tiêu, nhiệm vụ, giải pháp và phân công tổ chức thực hiện.\n"
        "Điều 2. Giao Sở Công Thương chủ trì, phối hợp với các sở, ban, ngành của tỉnh và Ủy ban nhân dân các xã, "
        "phường triển khai thực hiện Kế hoạch này.\n"
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Công Thương, Thủ trưởng các sở, ngành và Chủ "
        "tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành quyết định này./.\n"
        "Nơi nhận:\n- Bộ Công Thương (b/c);\n- Như Điều 3;\n- Lưu: VT.\n"
        "TM. UỶ BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nNguyễn Thành Công\n")
    plan = ("KẾ HOẠCH\nXUẤT KHẨU SẢN PHẨM HÀNG HÓA TỈNH SƠN LA GIAI ĐOẠN 2026 - 2030\n"
            "(Ban hành kèm theo Quyết định số 2954/QĐ-UBND ngày 20/11/2025 của UBND tỉnh Sơn La)\n"
            "I. MỤC TIÊU\n" + "".join(
                f"{n}. Phấn đấu giá trị hàng hóa nhóm {n} tham gia xuất khẩu đến năm 2030 đạt {n * 20} triệu USD, "
                "tăng bình quân hằng năm trên 10%, góp phần chuyển dịch cơ cấu kinh tế của tỉnh.\n" for n in range(1, 13)))
    flat, flat_clauses = run(decision + plan)
    # the title's span of years broken after its dash, and a signature block broken inside its collective's name
    text = _wrapped(decision + plan).replace("GIAI ĐOẠN 2026 - 2030\n(", "GIAI ĐOẠN 2026 -\n2030\n(").replace(
        "TM. UỶ BAN NHÂN DÂN", "TM. UỶ BAN NHÂN\nDÂN")
    m, clauses = run(text)
    assert (m.attached_to, m.date, m.signer, m.signer_role) == ("2954/QĐ-UBND", "2025-11-20", "Nguyễn Thành Công",
                                                               "KT. Chủ tịch, Phó Chủ tịch")
    assert m.title == flat.title == "XUẤT KHẨU SẢN PHẨM HÀNG HÓA TỈNH SƠN LA GIAI ĐOẠN 2026 - 2030"
    # each article is one clause, as in the unwrapped copy, and the decision's Nơi nhận are the plan's recipients
    articles = [c.text for c in clauses if c.text.startswith("Điều ")]
    assert articles == [c.text for c in flat_clauses if c.text.startswith("Điều ")] and len(articles) == 3
    assert [c.text for c in clauses if c.kind == "recipients"] == ["- Bộ Công Thương (b/c);", "- Như Điều 3;",
                                                                    "- Lưu: VT."]


# ---- signature block ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("block, signer, role", [
    ("TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nNguyễn Văn An", "Nguyễn Văn An", "Chủ tịch"),
    ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Thị Bình", "Trần Thị Bình", "KT. Giám đốc, Phó Giám đốc"),
    ("Q. GIÁM ĐỐC\nLÊ VĂN CƯỜNG", "Lê Văn Cường", "Q. Giám đốc"),
    ("TL. CHỦ TỊCH\nCHÁNH VĂN PHÒNG\nPhạm Minh Đức", "Phạm Minh Đức", "TL. Chủ tịch, Chánh Văn phòng"),
    ("TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ\nHồ Quang Bửu", "Hồ Quang Bửu", "TUQ. Chủ tịch, Giám đốc"),
    ("TM. BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nNguyễn Văn Hải", "Nguyễn Văn Hải", "Phó Bí thư"),
    ("TM. BAN CHỈ ĐẠO\nTRƯỞNG BAN\n(Đã ký)", None, "Trưởng ban"),
    ("T/M BAN THƯỜNG VỤ\nBÍ THƯ\n(Đã ký)\nNguyễn Văn Hải", "Nguyễn Văn Hải", "Bí thư"),
    ("KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH Võ Thuỳ Dương", "Võ Thuỳ Dương", "KT. Chủ tịch, Phó Chủ tịch"),
    ("KT. Chủ tịch\nPhó Chủ tịch\nVõ Thuỳ Dương", "Võ Thuỳ Dương", "KT. Chủ tịch, Phó Chủ tịch"),
    ("KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nTạ Quang Đông", "Tạ Quang Đông", "KT. Bộ trưởng, Thứ trưởng"),
    ("TL. BỘ TRƯỞNG\nVỤ TRƯỞNG VỤ KẾ HOẠCH, TÀI CHÍNH\nNguyễn Văn Hà", "Nguyễn Văn Hà", "TL. Bộ trưởng, Vụ trưởng"),
])
def test_signature_blocks(block, signer, role):
    m = meta("UBND TỈNH QUẢNG NAM\nSố: 12/KH-UBND\nTam Kỳ, ngày 8 tháng 4 năm 2022\nKẾ HOẠCH\nChuyển đổi số\n" + BODY
             + "Nơi nhận:\n- Như trên;\n- Lưu: VT.\n" + block + "\n")
    assert (m.signer, m.signer_role) == (signer, role)


def test_closing_as_a_two_column_table():
    m, clauses = run("UBND TỈNH QUẢNG NAM\nSố: 12/KH-UBND\nTam Kỳ, ngày 8 tháng 4 năm 2022\nKẾ HOẠCH\nChuyển đổi số\n"
                     + BODY + "Nơi nhận: | TM. ỦY BAN NHÂN DÂN\n- Như trên; | KT. CHỦ TỊCH\n- Lưu: VT. | PHÓ CHỦ TỊCH\n"
                     " | Trần Văn Tân\n")
    assert (m.signer, m.signer_role) == ("Trần Văn Tân", "KT. Chủ tịch, Phó Chủ tịch")
    assert [c.text for c in clauses if c.kind == "recipients"] == ["- Như trên;", "- Lưu: VT."]


# ---- web portal metadata lines --------------------------------------------------------------------------------

PORTAL = ("Số hiệu: | 49/KH-UBND | Loại văn bản: | Văn bản khác |\n"
          "Nơi ban hành: | Tỉnh Tuyên Quang | Người ký: | Nguyễn Thế Giang |\n"
          "Ngày ban hành: | 21/05/2018 | Ngày hiệu lực: | Đã biết |\n")


def test_portal_lines_give_the_signer_and_stay_out_of_title_and_body():
    m, clauses = run(PORTAL + "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                     "TỈNH TUYÊN QUANG | Độc lập - Tự do - Hạnh phúc\n"
                     "Số: 49/KH-UBND | Tuyên Quang, ngày 21 tháng 5 năm 2018\nKẾ HOẠCH\nThực hiện Đề án tuyên truyền\n"
                     + BODY + "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n")
    assert (m.signer, m.signer_role) == ("Nguyễn Thế Giang", "KT. Chủ tịch, Phó Chủ tịch")
    assert (m.number, m.date, m.locality, m.title) == ("49/KH-UBND", "2018-05-21", "Tuyên Quang",
                                                       "Thực hiện Đề án tuyên truyền")
    assert all(c.kind == "header" for c in clauses if re.search("Người ký|Số hiệu|Ngày ban hành", c.text))


def test_portal_lines_cell_by_cell_alone_fill_what_the_copy_lost():
    m = meta("Số hiệu:\n49/KH-UBND\nNgười ký:\nNguyễn Thế Giang\nNgày ban hành:\n21/05/2018\n"
             "Nơi ban hành:\nTỉnh Tuyên Quang\nKẾ HOẠCH\nThực hiện Đề án tuyên truyền\n" + BODY)
    assert (m.number, m.date, m.signer, m.level, m.locality) == ("49/KH-UBND", "2018-05-21", "Nguyễn Thế Giang",
                                                                 "tỉnh", "Tuyên Quang")


def test_portal_labels_without_a_colon():
    m = meta("Số, ký hiệu 1798/KH-UBND\nLoại văn bản Văn bản khác\nNgày ban hành 12/08/2022\n"
             "Người ký Nguyễn Thị Thanh Lịch\nỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nSố: 1798/KH-UBND\n"
             "Gia Lai, ngày 12 tháng 8 năm 2022\nKẾ HOẠCH\nRà soát hộ nghèo năm 2022\n" + BODY)
    assert (m.number, m.date, m.signer, m.locality) == ("1798/KH-UBND", "2022-08-12", "Nguyễn Thị Thanh Lịch",
                                                        "Gia Lai")
    # prose that starts like a label is not one
    assert meta("KẾ HOẠCH\nRà soát hộ nghèo\nNgười ký kế hoạch là Chủ tịch.\n" + BODY).signer is None


def test_portal_table_of_two_cells_without_colons():
    # a legal database's copy: its metadata as "Label | value |" rows, the header cells each closed by a bar
    m = meta("Kế hoạch 800/KH-UBND năm 2025 tuyển chọn công dân nhập ngũ do tỉnh Nghệ An ban hành\n"
             "Số hiệu | 800/KH-UBND |\nNgày ban hành | 26/09/2025 |\nLoại văn bản | Kế hoạch |\n"
             "Cơ quan ban hành | Tỉnh Nghệ An |\nNgười ký | Lê Hồng Vinh |\nỦY BAN NHÂN DÂN |\n"
             "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\nSố: 800/KH-UBND |\nNghệ An, ngày 26 tháng 9 năm 2025 |\n"
             "TUYỂN CHỌN CÔNG DÂN NHẬP NGŨ NĂM 2026\n" + BODY)
    assert (m.number, m.date, m.locality, m.province, m.signer) == (
        "800/KH-UBND", "2025-09-26", "Nghệ An", "Nghệ An", "Lê Hồng Vinh")
    assert m.title == "TUYỂN CHỌN CÔNG DÂN NHẬP NGŨ NĂM 2026"


def test_a_ministry_broken_over_narrow_cells_issues_for_the_country():
    m = meta("|\n**BỘ VĂN HÓA, THỂ\nTHAO **\nVÀ DU LỊCH\n-------\n|\n**CỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM**\n"
             "Độc lập - Tự do - Hạnh phúc\n|\nSố: 56/KH-BVHTTDL\n|\n*Hà Nội, ngày 18\ntháng 11 năm 2025*\n|\n"
             "KẾ HOẠCH\nPhát triển mạng lưới cơ sở văn hóa\n"
             "Bộ Văn hóa, Thể thao và Du lịch ban hành Kế hoạch như sau:\n" + BODY)
    assert m.issuer == "Bộ Văn hóa, Thể thao và Du lịch"  # spelled as its own text spells it
    # the place of its dateline is not a province whose plan it is
    assert (m.level, m.locality, m.province) == ("trung ương", "Hà Nội", None)


# ---- cleaning keeps what the body needs --------------------------------------------------------------------------


def test_table_rows_in_the_body_and_offsets_into_the_original():
    raw = ("KẾ HOẠCH\nGiảm nghèo\nI. CHỈ TIÊU\nSTT | Chỉ tiêu | ĐVT | 2025 | 2030\n"
           "1 | Tỷ lệ hộ nghèo | % | 3,5 | 2 |\n|\nNơi nhận: | TM. ỦY BAN NHÂN DÂN\n")
    ct = clean(raw)
    lines = ct.text.split("\n")
    assert "STT | Chỉ tiêu | ĐVT | 2025 | 2030" in lines and "1 | Tỷ lệ hộ nghèo | % | 3,5 | 2" in lines
    assert "Nơi nhận:" in lines and "TM. ỦY BAN NHÂN DÂN" in lines and "|" not in lines
    at = ct.text.index("Tỷ lệ hộ nghèo")
    s, e = ct.original_span(at, at + len("Tỷ lệ hộ nghèo"))
    assert raw[s:e] == "Tỷ lệ hộ nghèo"
    at = ct.text.index("TM. ỦY BAN")
    assert raw[ct.original_span(at, at + 3)[0]:].startswith("TM.")


# ---- the seeds with only their header re-laid ------------------------------------------------------------------


def _front(doc_id):
    """(issuer lines, number line, date line, title, body) of a seed plan, read from its own clauses."""
    raw, clauses = plan_clauses(doc_id)
    issuer, number, date = [], None, []
    for c in clauses:
        if c.kind != "header":
            continue
        if form.MOTTO.search(c.text):
            continue
        if form.NUMBER.match(c.text):
            number = c.text
        elif form.is_date_line(c.text):
            date.append(c.text)
        else:
            issuer.append(c.text)
    title = " ".join(c.text for c in clauses if c.kind == "title")
    body_at = min(c.start for c in clauses if c.kind not in ("header", "title"))
    return issuer, number, " ".join(date), title, raw[body_at:]


def _numeric_date(line):
    return re.sub(r"ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})",
                  lambda m: f"ngày {int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", line)


def _abbreviated(issuer):
    """`ỦY BAN NHÂN DÂN` / `XÃ QUẢNG VINH` -> `UBND XÃ QUẢNG VINH`."""
    return [" ".join(issuer).replace("ỦY BAN NHÂN DÂN", "UBND")] if issuer else []


def _title_case(line):
    """`ỦY BAN NHÂN DÂN` -> `Ủy ban nhân dân`, `HUYỆN HƯƠNG KHÊ` -> `Huyện Hương Khê`."""
    if line.startswith("ỦY BAN"):
        return "Ủy ban nhân dân" + (" " + _title_case(line[len("ỦY BAN NHÂN DÂN"):].strip()) if len(line) > 15 else "")
    return " ".join(w.capitalize() for w in line.split())


MOTTO1, MOTTO2 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"


def relayout(doc_id, layout):
    """The seed plan with only its header laid out as other real plans are."""
    issuer, number, date, title, body = _front(doc_id)
    number = number or ""
    left = issuer + [""] * (2 - len(issuer)) if len(issuer) < 2 else [issuer[0], " ".join(issuer[1:])]
    if layout == "table_row":
        head = [f"{' '.join(issuer)} | {MOTTO1}", f" | {MOTTO2}", f"{number} | {date}", "KẾ HOẠCH", title]
    elif layout == "cells":
        head = issuer + ["-------", "|", MOTTO1, MOTTO2, "|", number, "|", date, "|", "KẾ HOẠCH", title]
    elif layout == "columns":
        head = [f"{left[0]}            {MOTTO1}", f"{left[1]}        {MOTTO2}", f"{number}         {date}",
                "KẾ HOẠCH", title]
    elif layout == "abbreviated":
        head = _abbreviated(issuer) + [MOTTO1, MOTTO2, number, date, "KẾ HOẠCH", title]
    elif layout == "numeric_date":
        head = issuer + [MOTTO1, MOTTO2, number, _numeric_date(date), "KẾ HOẠCH", title]
    elif layout == "title_on_type_line":
        head = issuer + [MOTTO1, MOTTO2, number, date, f"KẾ HOẠCH {title}"]
    elif layout == "portal":
        head = ["Số hiệu: | " + (number.split(":")[-1].strip() or "Đang cập nhật") + " | Loại văn bản: | Kế hoạch |",
                "Nơi ban hành: | Đang cập nhật | Người ký: | Nguyễn Văn Hùng |", "Tình trạng: | Còn hiệu lực |"]
        head += issuer + [MOTTO1, MOTTO2, number, date, "KẾ HOẠCH", title]
    elif layout == "no_plan_line":
        head = [f"{' '.join(issuer)} | {MOTTO1} {MOTTO2}" if issuer else MOTTO1, f"{number} | {date}", title.upper()]
    elif layout == "title_case_issuer":
        head = [_title_case(line) for line in issuer] + [MOTTO1, MOTTO2, number, date, "KẾ HOẠCH", title]
    else:
        raise ValueError(layout)
    return "\n".join(line for line in head if line is not None) + "\n" + body


LAYOUTS = ["table_row", "cells", "columns", "abbreviated", "numeric_date", "title_on_type_line", "portal",
           "no_plan_line", "title_case_issuer"]


def identity(m):
    return (m.number, m.date, m.level, m.locality, m.district, m.province, " ".join((m.title or "").casefold().split()))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("doc_id", [HAI_DUONG, HUONG_KHE, QUANG_VINH, NGUYEN_NGHIEM, NINH_BINH])
def test_seed_with_its_header_re_laid_keeps_its_identity(doc_id, layout):
    raw, clauses = plan_clauses(doc_id)
    original = extract_metadata(doc_id, doc_id, clauses)
    text = relayout(doc_id, layout)
    m, new_clauses = run(text, doc_id)
    assert identity(m) == identity(original), text[:600]
    assert m.issuer == original.issuer
    # the body is untouched by the header's layout
    assert [c.text for c in new_clauses if c.kind not in ("header", "title")] == \
        [c.text for c in clauses if c.kind not in ("header", "title")]
    if layout == "portal":
        assert not any("Người ký" in c.text for c in new_clauses if c.kind != "header")
        assert m.signer == (original.signer or "Nguyễn Văn Hùng")


def test_portal_block_with_two_labels_per_line_above_a_cell_by_cell_header():
    m, clauses = run(
        "Kế hoạch 155/KH-UBND năm 2017 triển khai Chương trình hành động quốc gia về đăng ký hộ tịch tỉnh Bắc Ninh\n"
        "Số hiệu: 155/KH-UBND Loại văn bản: Văn bản khác\nNơi ban hành: Tỉnh Bắc Ninh Người ký: Nguyễn Tiến Nhường\n"
        "Ngày ban hành: 26/05/2017 Ngày hiệu lực: Đang cập nhật\nNgày hết hiệu lực:\n"
        "ỦY BAN NHÂN DÂN\nTỈNH BẮC NINH\n-------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "---------------\n\nSố: 155/KH-UBND\n\nBắc Ninh, ngày 26 tháng 5 năm 2017\n\n \n\nKẾ HOẠCH\n\n"
        "TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG QUỐC GIA VỀ ĐĂNG KÝ VÀ THỐNG KÊ HỘ TỊCH\nGIAI ĐOẠN 2017 - 2024\n" + BODY)
    assert (m.number, m.date, m.level, m.locality, m.signer) == ("155/KH-UBND", "2017-05-26", "tỉnh", "Bắc Ninh",
                                                                 "Nguyễn Tiến Nhường")
    assert m.issuer == "Ủy ban nhân dân tỉnh Bắc Ninh"
    assert m.title == "TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG QUỐC GIA VỀ ĐĂNG KÝ VÀ THỐNG KÊ HỘ TỊCH GIAI ĐOẠN 2017 - 2024"


def test_number_line_naming_the_document_type():
    m = meta("ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\nKế hoạch số: 21/KH-UBND\nNinh Bình, ngày 2 tháng 2 năm 2022\nKẾ HOẠCH\n"
             "Ứng phó thiên tai\n" + BODY)
    assert m.number == "21/KH-UBND"


def test_motto_cut_over_lines_is_not_an_issuer_and_windows_line_ends():
    m = meta("\r\n ỦY BAN NHÂN DÂN | \r\n \r\n CỘNG\r\n HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM | \r\n\n\r\n Số: 54/KH-UBND \r\n"
             " | \r\n \r\n Lạng Sơn, ngày 27 tháng 3 năm 2020 \r\n | \r\n" + BODY)
    assert (m.number, m.date, m.level, m.locality, m.province) == ("54/KH-UBND", "2020-03-27", "tỉnh", "Lạng Sơn",
                                                                   "Lạng Sơn")
    assert m.issuer == "Ủy ban nhân dân tỉnh Lạng Sơn" and m.issuer_parent is None


def test_header_typed_without_diacritics():
    m = meta("UBND TINH NINH BINH\nSo: 3/KH-UBND\nNinh Binh, ngay 1 thang 2 nam 2021\nKE HOACH\nChuyen doi so\n" + BODY)
    assert (m.number, m.date, m.level, m.locality, m.title) == ("3/KH-UBND", "2021-02-01", "tỉnh", "Ninh Bình",
                                                                "Chuyen doi so")


@pytest.mark.parametrize("header, level, locality, province", [
    ("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HỒ CHÍ MINH\nSố: 1576/KH-UBND\nTP. Hồ Chí Minh, ngày 16 tháng 4 năm 2019",
     "thành phố", "Hồ Chí Minh", "Hồ Chí Minh"),
    ("UBND QUẬN BA ĐÌNH\nSố: 3/KH-UBND\nBa Đình, ngày 1 tháng 2 năm 2021", "quận", "Ba Đình", "Hà Nội"),
    ("ỦY BAN NHÂN DÂN THỊ XÃ KỲ ANH\nSố: 3/KH-UBND\nKỳ Anh, ngày 1/2/2021", "thị xã", "Kỳ Anh", "Hà Tĩnh"),
])
def test_levels_of_every_kind(header, level, locality, province):
    m = meta(header + "\nKẾ HOẠCH\nChuyển đổi số\n" + BODY)
    assert (m.level, m.locality, m.province) == (level, locality, province)


def test_a_decision_alone_keeps_its_own_number():
    m = meta("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
             "Số: 41/2019/QĐ-UBND | Quảng Trị, ngày 22 tháng 10 năm 2019 |\n"
             "BAN HÀNH QUY ĐỊNH CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ TRÊN ĐỊA BÀN TỈNH QUẢNG TRỊ\n" + BODY)
    assert (m.number, m.attached_to, m.doc_type, m.date) == ("41/2019/QĐ-UBND", None, "Quyết định", "2019-10-22")
    assert m.title == "BAN HÀNH QUY ĐỊNH CHẾ ĐỘ BÁO CÁO ĐỊNH KỲ TRÊN ĐỊA BÀN TỈNH QUẢNG TRỊ"


def test_date_cut_after_the_day_and_page_chrome_above_the_header():
    m = meta("Hệ thống pháp luật\nĐang tải nội dung, vui lòng chờ giây lát...\n\n"
             "ỦY BAN NHÂN DÂN\nTỈNH NAM ĐỊNH\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
             "---------------\n|\nSố: 70/KH-UBND\n|\nNam Định, ngày 26\ntháng 4 năm 2024\n|\nKẾ HOẠCH\n"
             "TRIỂN KHAI TỔNG KIỂM KÊ TÀI SẢN CÔNG TẠI CƠ QUAN, TỔ CHỨC,\nĐƠN VỊ THUỘC PHẠM VI QUẢN LÝ CỦA TỈNH NAM ĐỊNH\n"
             + BODY)
    assert (m.number, m.date, m.level, m.locality, m.issuer) == ("70/KH-UBND", "2024-04-26", "tỉnh", "Nam Định",
                                                                 "Ủy ban nhân dân tỉnh Nam Định")
    assert m.title == ("TRIỂN KHAI TỔNG KIỂM KÊ TÀI SẢN CÔNG TẠI CƠ QUAN, TỔ CHỨC, ĐƠN VỊ THUỘC PHẠM VI QUẢN LÝ CỦA "
                       "TỈNH NAM ĐỊNH")


def test_page_title_above_a_portal_block_and_no_plan_line():
    m, clauses = run(
        "Kế hoạch 155/KH-UBND năm 2017 triển khai Chương trình hành động quốc gia về đăng ký hộ tịch tỉnh Bắc Ninh\n"
        "Số hiệu: 155/KH-UBND Loại văn bản: Văn bản khác\nNơi ban hành: Tỉnh Bắc Ninh Người ký: Nguyễn Tiến Nhường\n"
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH BẮC NINH | Độc lập - Tự do - Hạnh phúc\n"
        "Số: 155/KH-UBND | Bắc Ninh, ngày 26 tháng 5 năm 2017\n"
        "TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG QUỐC GIA VỀ ĐĂNG KÝ VÀ THỐNG KÊ HỘ TỊCH\n" + BODY)
    assert (m.number, m.date, m.locality, m.signer) == ("155/KH-UBND", "2017-05-26", "Bắc Ninh", "Nguyễn Tiến Nhường")
    assert m.title == "TRIỂN KHAI CHƯƠNG TRÌNH HÀNH ĐỘNG QUỐC GIA VỀ ĐĂNG KÝ VÀ THỐNG KÊ HỘ TỊCH"
    assert [c.kind for c in clauses[:3]] == ["header"] * 3


def test_web_page_title_with_the_type_word_above_the_motto_is_not_the_document_type_line():
    m, clauses = run(
        "Truy cập\nHôm nay:\n65\n"
        "KẾ HOẠCH Thông tin, tuyên truyền cuộc bầu cử đại biểu Quốc hội khóa XV\nNgày 06/04/2021 23:23:18\n\n"
        "UỶ BAN NHÂN DÂN\n    XÃ DÂN  LỰC\n\nSố:        /KH-UBND\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nDân Lực, ngày 18 tháng 02 năm 2021\n\nKẾ HOẠCH\n"
        "Thông tin, tuyên truyền cuộc bầu cử đại biểu Quốc hội khóa XV\n" + BODY)
    assert (m.number, m.date, m.level, m.locality) == (None, "2021-02-18", "xã", "Dân Lực")
    assert m.title == "Thông tin, tuyên truyền cuộc bầu cử đại biểu Quốc hội khóa XV"
    date_line = next(c for c in clauses if c.text.startswith("Dân Lực, ngày"))
    assert date_line.kind == "header"


def test_decision_approving_a_departments_plan_signed_mid_page_with_the_plans_header_below():
    m, clauses = run(
        "UỶ BAN NHÂN\nDÂN\nTỈNH VĨNH LONG\n--------\n|\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "|\nSố:\n1825/QĐ-UBND\n|\nVĩnh Long,\nngày 07 tháng 11 năm 2013\n|\nQUYẾT ĐỊNH\n"
        "VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH THỰC HIỆN ĐỀ ÁN “XOÁ MÙ CHỮ ĐẾN\nNĂM 2020” TỈNH VĨNH LONG\n"
        "CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH VĨNH LONG\nCăn cứ Quyết định số 692/QĐ-TTg, ngày 04 tháng 5 năm 2013;\n"
        "QUYẾT ĐỊNH:\nĐiều 1. Phê duyệt Kế hoạch thực hiện Đề án “Xoá mù chữ đến năm 2020” tỉnh Vĩnh Long.\n"
        "(Kèm theo Kế hoạch số 1376/KH-SGDĐT, ngày 28/10/2013 của Giám đốc Sở Giáo dục và Đào tạo).\n"
        "Điều 2. Quyết định có hiệu lực thi hành kể từ ngày ký./.\n|\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nTrương Văn Sáu\n|\n"
        "UBND TỈNH VĨNH\nLONG\nSỞ GIÁO DỤC VÀ ĐÀO TẠO\n--------\n|\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n--------\n|\nSố: 1376/KH-SGDĐT\n|\nVĩnh Long, ngày 28 tháng 10 năm 2013\n")
    assert (m.number, m.date, m.locality, m.issuer) == ("1825/QĐ-UBND", "2013-11-07", "Vĩnh Long",
                                                         "Ủy ban nhân dân tỉnh Vĩnh Long")
    assert (m.signer, m.signer_role) == ("Trương Văn Sáu", "KT. Chủ tịch, Phó Chủ tịch")
    # the authority a decision is issued under is not part of its title
    assert m.title == "VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH THỰC HIỆN ĐỀ ÁN “XOÁ MÙ CHỮ ĐẾN NĂM 2020” TỈNH VĨNH LONG"
    attached = [c for c in clauses if c.heading_path == ["Văn bản kèm theo"]]
    assert any("1376/KH-SGDĐT" in c.text for c in attached) and all(c.kind == "header" for c in attached)
    assert not any("SỞ GIÁO DỤC" in c.text for c in clauses if c.kind == "signature")


def test_a_divisions_name_on_the_line_after_its_label_is_one_heading():
    _, clauses = run("UBND TỈNH HÀ NAM\nSố: 12/KH-UBND\nKẾ HOẠCH\nNước sạch năm 2014\n"
                     "Phần I\n\nĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2013\nI. TÌNH HÌNH CHUNG\n- Có 80% dân số dùng nước sạch.\n"
                     "Phần II\nKẾ HOẠCH NĂM 2014\nI. MỤC TIÊU\n- Đạt 85% dân số dùng nước sạch.\n")
    parts = [c for c in clauses if c.kind == "section" and c.text.startswith("Phần")]
    assert [c.text for c in parts] == ["Phần I ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2013", "Phần II KẾ HOẠCH NĂM 2014"]
    target = next(c for c in clauses if c.text.startswith("- Đạt 85%"))
    assert target.heading_path == ["Phần II KẾ HOẠCH NĂM 2014", "I. MỤC TIÊU"]


def test_a_news_item_about_a_plan_has_the_number_and_date_of_the_plan_it_reports():
    m = meta("Sáng 20/4, Ban Chỉ đạo liên ngành an toàn thực phẩm huyện Chợ Đồn tổ chức Lễ phát động.\n"
             "Được biết, Ban Chỉ đạo đã ban hành Kế hoạch số 97/KH-BCĐ ngày 10/4/2023 về việc triển khai Tháng hành "
             "động vì an toàn thực phẩm năm 2023.\n")
    assert (m.number, m.date, m.number_blank) == ("97/KH-BCĐ", "2023-04-10", False)
    # a plan it only implements is not its own
    m = meta("Thực hiện Kế hoạch số 164/KH-UBND ngày 12/8/2021 của UBND tỉnh, huyện tổ chức rà soát hộ nghèo.\n")
    assert m.number is None and m.date is None
    # under a portal's dateline, with the date before the verb: the plan's date, not the page's
    m = meta("Hải Phòng, ngày 18 tháng 11 năm 2019\nThực hiện Chương trình hành động số 16-CTr/TU của Ban Thường vụ "
             "Thành ủy, ngày 13/5/2011, Ủy ban nhân dân huyện ban hành Kế hoạch số 42/KH-UBND về cải cách hành chính.\n")
    assert (m.number, m.date) == ("42/KH-UBND", "2011-05-13")


def test_a_blank_number_is_told_apart_from_no_number_line():
    blank = meta("ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM\nSố: /KH-UBND\nNguyễn Nghiêm, ngày 12 tháng 5 năm 2024\n"
                 "KẾ HOẠCH\nThực hiện công tác trẻ em\n" + BODY)
    unnumbered = meta("ỦY BAN NHÂN DÂN PHƯỜNG NGUYỄN NGHIÊM\nNguyễn Nghiêm, ngày 12 tháng 5 năm 2024\n"
                      "KẾ HOẠCH\nThực hiện công tác trẻ em\n" + BODY)
    assert (blank.number, blank.number_blank) == (None, True)
    assert (unnumbered.number, unnumbered.number_blank) == (None, False)
