"""Cleaning: table rows, columns side by side, and the map from every clean character back into the original."""

from __future__ import annotations

from indexer.cleaning import clean


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
