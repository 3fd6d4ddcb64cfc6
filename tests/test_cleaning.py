"""Cleaning: table rows, columns side by side, and the map from every clean character back into the original."""

from __future__ import annotations

import re

from indexer.cleaning import clean
from indexer.metadata import extract_metadata
from indexer.segmenting import segment


def lines(raw):
    return clean(raw).text.split("\n")


def test_two_columns_by_spaces_split_only_in_the_front_matter_and_the_closing():
    raw = ("ỦY BAN NHÂN DÂN            CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Số: 12/KH-UBND\tTam Kỳ, ngày 8 tháng 4 năm 2022\nKẾ HOẠCH\nChuyển đổi số\nI. MỤC TIÊU\n"
           "- Tỷ lệ hồ sơ trực tuyến    đạt 80%.\n"
           "Nơi nhận:                         TM. ỦY BAN NHÂN DÂN\n")
    out = lines(raw)
    assert out[:4] == ["ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Số: 12/KH-UBND",
                       "Tam Kỳ, ngày 8 tháng 4 năm 2022"]
    assert "- Tỷ lệ hồ sơ trực tuyến đạt 80%." in out  # a wide gap inside a sentence of the body is only a space
    assert out[-2:] == ["Nơi nhận:", "TM. ỦY BAN NHÂN DÂN"]


def test_every_clean_character_maps_to_its_original_offset():
    raw = "UBND TỈNH X | CỘNG HÒA\n**KẾ HOẠCH**\nA   B\n1 | Tỷ lệ | % | 3,5\n|\nCăn cứ   Luật;\n"
    ct = clean(raw)
    for i, ch in enumerate(ct.text):
        if ch not in " |\n":
            assert raw[ct.offsets[i]] == ch, (i, ch)


def test_lone_bars_and_rules_are_dropped_and_a_signature_line_is_not_glued_onto_the_previous_one():
    raw = ("KẾ HOẠCH\nỨng phó thiên tai\nI. MỤC TIÊU\n" + "Nội dung của kế hoạch được viết liền trên nhiều dòng cho\n" * 25
           + "- Lưu: VT, VP6.\nTN_VP6_19.KH\n|\nTM. ỦY BAN NHÂN\nDÂN\n-------\n")
    out = lines(raw)
    assert "|" not in out and "-------" not in out
    assert "TM. ỦY BAN NHÂN DÂN" in out and "TN_VP6_19.KH" in out


def test_header_phrases_broken_by_narrow_cells_are_mended():
    from indexer.metadata import extract_metadata
    from indexer.segmenting import segment

    raw = ("UỶ BAN NHÂN\nDÂN\nTỈNH VĨNH LONG\n--------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
           "Độc lập - Tự do - Hạnh phúc\n|\nSố:\n45/KH-UBND\n|\nVĩnh Long,\nngày 07 tháng 11 năm 2013\n|\n"
           "KẾ HOẠCH\nXóa mù chữ đến năm 2020\nI. MỤC TIÊU\n- Phấn đấu 98% người dân biết chữ vào năm 2020.\n")
    text = clean(raw).text
    assert "UỶ BAN NHÂN DÂN" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số: 45/KH-UBND" in text
    meta = extract_metadata("d", "d.txt", segment("d", clean(raw)))
    assert (meta.issuer, meta.number, meta.date) == ("Ủy ban nhân dân tỉnh Vĩnh Long", "45/KH-UBND", "2013-11-07")


def test_a_place_and_date_line_broken_anywhere_is_one_line():
    from indexer.metadata import extract_metadata
    from indexer.segmenting import segment

    raw = ("ỦY BAN NHÂN DÂN\nTỈNH SƠN LA\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 68/KH-UBND\n|\n"
           "Sơn\nLa, ngày 11 tháng 3\nnăm 2020\n|\nKẾ HOẠCH\nQuan hệ lao động\nI. MỤC TIÊU\n- Đạt 90% vào năm 2025.\n")
    assert "Sơn La, ngày 11 tháng 3 năm 2020" in lines(raw)
    meta = extract_metadata("d", "d.txt", segment("d", clean(raw)))
    assert (meta.date, meta.locality, meta.number) == ("2020-03-11", "Sơn La", "68/KH-UBND")


def test_a_copy_whose_line_breaks_were_lost_is_cut_again_where_the_form_starts_a_field():
    raw = ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN ------- CỘNG HÒA XÃ HỘI\n"
           "  CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc --------------- Số: 599/KH-UBND Bắc Kạn, ngày 29\n"
           "  tháng 8 năm 2024 KẾ HOẠCH THỰC HIỆN CHỈ THỊ SỐ 23/CT-TTG NGÀY 26 THÁNG 7 NĂM 2024 CỦA THỦ\n"
           "TƯỚNG CHÍNH PHỦ VỀ AN TOÀN GIAO THÔNG Thực hiện Chỉ thị số 23/CT-TTg, Ủy ban nhân dân tỉnh ban hành kế\n"
           "hoạch với các nội dung như sau: I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích - Huy động nguồn lực, triển khai thực\n"
           "hiện các nhiệm vụ. 2. Yêu cầu - Bảo đảm đồng bộ. II. TỔ CHỨC THỰC HIỆN 1. Sở Giao thông vận tải: chủ trì.\n")
    c = clean(raw)
    lines = c.text.split("\n")
    assert lines[:4] == ["ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                         "Độc lập - Tự do - Hạnh phúc", "Số: 599/KH-UBND"]
    assert "Bắc Kạn, ngày 29 tháng 8 năm 2024" in lines
    for heading in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "- Huy động nguồn lực, triển khai thực hiện các nhiệm vụ.",
                    "II. TỔ CHỨC THỰC HIỆN", "1. Sở Giao thông vận tải: chủ trì."):
        assert heading in lines
    for line in lines:  # every piece still points at its own characters in the file
        at = c.text.index(line)
        start, end = c.original_span(at, at + len(line))
        assert " ".join(raw[start:end].split()) == line
    m = extract_metadata("x", "x.txt", segment("x", c))
    assert (m.number, m.date, m.locality, m.issuer) == ("599/KH-UBND", "2024-08-29", "Bắc Kạn",
                                                        "Ủy ban nhân dân tỉnh Bắc Kạn")


def test_a_portals_visitor_counters_are_dropped_wherever_they_stand_and_the_text_after_them_is_kept():
    raw = ("UBND xã vừa ban hành Kế hoạch triển khai Tháng hành động vì an toàn thực phẩm năm 2021.\n"
           "Đang online: 37\nSố lượt truy cập: 1.159.294\n"
           "Thời gian thực hiện từ ngày 15/4/2021 đến ngày 15/5/2021.\nHôm nay: 412\n")
    out = lines(raw)
    assert not any(re.search(r"online|truy cập|Hôm nay", line) for line in out), out
    assert "Thời gian thực hiện từ ngày 15/4/2021 đến ngày 15/5/2021." in out
    # a sentence that only starts like a counter is the plan's own text
    assert "Hôm nay: 3 xã đạt chuẩn." in lines("KẾ HOẠCH\nHôm nay: 3 xã đạt chuẩn.\n")
