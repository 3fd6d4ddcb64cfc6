"""Clauses and heading paths on each seed plan, checked by hand against the texts."""

from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import HAI_DUONG, HUONG_KHE, NGUYEN_NGHIEM, NINH_BINH, QUANG_VINH, plan_clauses
from indexer.cleaning import clean
from indexer.segmenting import segment


def find(clauses, prefix):
    matches = [c for c in clauses if c.text.startswith(prefix)]
    assert matches, f"no clause starts with {prefix!r}"
    return matches[0]


@pytest.mark.parametrize("doc_id, prefix, path, kind", [
    (HAI_DUONG, "- Hướng dẫn, thực hiện chỉ tiêu 14 của Kế hoạch.", ["IV. TỔ CHỨC THỰC HIỆN", "2. Sở Tư pháp"], "bullet"),
    (HAI_DUONG, "- Chỉ tiêu 14. Tỷ lệ trẻ em dưới 5 tuổi được khai sinh",
     ["I. MỤC TIÊU", "2. Mục tiêu cụ thể", "b) Mục tiêu 2: Về bảo vệ trẻ em"], "indicator"),
    (HAI_DUONG, "Chủ trì, phối hợp với Sở Lao động - Thương binh và Xã hội và các cơ quan liên quan căn cứ",
     ["IV. TỔ CHỨC THỰC HIỆN", "9. Sở Tài chính"], "paragraph"),
    (HAI_DUONG, "đ) Duy trì, phát triển hệ thống cơ sở",
     ["II. NHIỆM VỤ VÀ GIẢI PHÁP", "3. Phát triển dịch vụ đáp ứng thực hiện quyền trẻ em có sự lồng ghép và phối hợp giữa các…"],
     "item"),
    (HUONG_KHE, "- Hướng dẫn, thực hiện chỉ tiêu 13, 14 tại Phụ lục", ["II. PHÂN CÔNG THỰC HIỆN", "2. Phòng Tư pháp"], "bullet"),
    (HUONG_KHE, "- Chỉ tiêu 14: Tỷ lệ trẻ em dưới 5 tuổi được đăng ký khai sinh đạt 98,5%",
     ["PHỤ LỤC", "2. Về bảo vệ trẻ em"], "indicator"),
    (HUONG_KHE, "- Chỉ tiêu 1: Tỷ lệ xã, thị trấn", ["PHỤ LỤC", "1. Về sự phát triển toàn diện trẻ em"], "indicator"),
    (QUANG_VINH, "Tổ chức tốt chương trình tiêm chủng mở rộng", ["V. TỔ CHỨC THỰC HIỆN", "4. Trạm y tế"], "paragraph"),
    (QUANG_VINH, "- Giảm tỷ lệ trẻ em dưới 05 tuổi bị suy dinh dưỡng", ["I. MỤC TIÊU", "2. Mục tiêu cụ thể"], "bullet"),
    (QUANG_VINH, "- Tăng cường các biện pháp quản lý nhà nước về an ninh", ["V. TỔ CHỨC THỰC HIỆN", "7. Công an xã"], "bullet"),
    (NGUYEN_NGHIEM, "- Tổng hợp kết quả thực hiện Kế hoạch, định kỳ tham mưu UBND phường báo cáo",
     ["IV. Tổ chức thực hiện", "1. Văn hoá - Xã hội phường"], "bullet"),
    (NINH_BINH, "- Chỉ đạo, hướng dẫn các cơ sở khám bệnh, chữa bệnh trên địa bàn ưu tiên",
     ["III. TỔ CHỨC THỰC HIỆN", "5. Sở Y tế"], "bullet"),
    (NINH_BINH, "- Tiếp tục triển khai các biện pháp tuyên truyền", ["III. TỔ CHỨC THỰC HIỆN", "9. Công an tỉnh"], "bullet"),
    # a bare label is a clause of its own (so an answer can cite the line naming the agency) and heads its bullets
    (HAI_DUONG, "2. Sở Tư pháp", ["IV. TỔ CHỨC THỰC HIỆN"], "heading"),
    (HUONG_KHE, "2. Phòng Tư pháp:", ["II. PHÂN CÔNG THỰC HIỆN"], "heading"),
    (HUONG_KHE, "2. Mục tiêu cụ thể (phụ lục kèm theo)", ["I. MỤC TIÊU"], "heading"),
    (QUANG_VINH, "7.Công an xã", ["V. TỔ CHỨC THỰC HIỆN"], "heading"),
    (NGUYEN_NGHIEM, "1. Văn hoá - Xã hội phường", ["IV. Tổ chức thực hiện"], "heading"),
])
def test_heading_paths(doc_id, prefix, path, kind):
    _, clauses = plan_clauses(doc_id)
    clause = find(clauses, prefix)
    assert clause.heading_path == path
    assert clause.kind == kind


def test_hard_wrapped_lines_are_rejoined_into_whole_clauses():
    _, clauses = plan_clauses(NINH_BINH)
    clause = find(clauses, "- Chỉ đạo, hướng dẫn các cơ sở khám bệnh")
    assert clause.text == ("- Chỉ đạo, hướng dẫn các cơ sở khám bệnh, chữa bệnh trên địa bàn ưu tiên khám bệnh, "
                           "chữa bệnh cho trẻ em là nạn nhân của các vụ xâm hại.")
    title = [c for c in clauses if c.kind == "title"]
    assert len(title) == 1 and title[0].text.endswith("PHÒNG, CHỐNG XÂM HẠI TRẺ EM")


def test_indicators_numbered_in_body_and_appendix_only():
    for doc_id, expected in ((HAI_DUONG, list(range(1, 25))), (HUONG_KHE, list(range(1, 25))),
                             (QUANG_VINH, []), (NGUYEN_NGHIEM, []), (NINH_BINH, [])):
        _, clauses = plan_clauses(doc_id)
        assert [c.indicator for c in clauses if c.kind == "indicator"] == expected, doc_id


@pytest.mark.parametrize("doc_id", [HAI_DUONG, HUONG_KHE, QUANG_VINH, NGUYEN_NGHIEM, NINH_BINH])
def test_noise_removed_and_spans_point_into_the_original_file(doc_id):
    raw, clauses = plan_clauses(doc_id)
    for c in clauses:
        assert not re.search(r"\*\*|\[bookmark|\||Ý kiến bạn đọc|Nhấp vào nút", c.text), c.text
        original = unicodedata.normalize("NFC", raw[c.start:c.end])
        original = re.sub(r"\[bookmark:[^\]]*\]|\*\*|\|", "", original)
        assert " ".join(original.split()) == " ".join(c.text.split()), (c.text, raw[c.start:c.end])


def test_long_items_are_split_into_sentence_groups_with_the_same_path():
    _, clauses = plan_clauses(HAI_DUONG)
    first = find(clauses, "12. Các sở, ngành, cơ quan, đơn vị có liên quan")
    rest = find(clauses, "Hàng năm đánh giá việc thực hiện các chỉ tiêu, nhiệm vụ và giải pháp")
    assert first.heading_path == rest.heading_path == ["IV. TỔ CHỨC THỰC HIỆN"]
    assert rest.ordinal == first.ordinal + 1 and first.end <= rest.start
    assert not [c for c in clauses if re.fullmatch(r"\d+\.", c.text)]


def test_a_line_left_open_on_a_number_word_or_an_assigning_verb_goes_on_and_a_lone_emphasis_mark_is_no_clause():
    # a Word export's bold run ("**Điều 2. **Giao") ends a line early, inside a sentence, in a hard-wrapped copy
    prose = "".join(f"{n}. Phấn đấu giá trị hàng hóa nhóm {n} tham gia xuất khẩu đến năm 2030 đạt {n * 20} triệu USD,"
                    "\ntăng bình quân hằng năm trên 10%, góp phần chuyển dịch cơ cấu kinh tế của tỉnh\n"
                    "theo hướng tăng trưởng xanh, phát triển nhanh, bền vững và hội nhập.\n" for n in range(1, 10))
    text = ("UBND TỈNH SƠN LA\nSố: 12/KH-UBND\nSơn La, ngày 20 tháng 11 năm 2025\nKẾ HOẠCH\nXuất khẩu hàng hóa\n"
            "I. MỤC TIÊU\n" + prose + "II. TỔ CHỨC THỰC HIỆN\n"
            "1. Căn cứ Quyết định số\n493/QĐ-TTg ngày 19 tháng 4 năm 2022 của Thủ tướng Chính phủ, các sở thực hiện.\n"
            "2. Giao\nSở Công Thương chủ trì, phối hợp với các sở, ban, ngành triển khai thực hiện Kế hoạch này.\n"
            "* *\n")
    clauses = segment("x", clean(text))
    texts = [c.text for c in clauses]
    assert "1. Căn cứ Quyết định số 493/QĐ-TTg ngày 19 tháng 4 năm 2022 của Thủ tướng Chính phủ, các sở thực hiện." \
        in texts
    assert "2. Giao Sở Công Thương chủ trì, phối hợp với các sở, ban, ngành triển khai thực hiện Kế hoạch này." in texts
    assert all(any(ch.isalnum() for ch in t) for t in texts)
