"""Answer types: which statement a question asks for (a figure, a year, a time, the body leading) and which a clause makes, in the forms
Vietnamese administrative texts write them, and the ranking feature that lifts the clauses making it."""

from __future__ import annotations

import pytest

from indexer.tokenizing import fold
from service.answer_types import asked, stated, states_count


@pytest.mark.parametrize("question, kinds", [
    ("Tỉnh phấn đấu bao nhiêu phần trăm người hưởng trợ cấp nhận tiền không dùng tiền mặt?", {"figure"}),
    ("Tỷ lệ hộ nghèo giảm còn mấy phần trăm?", {"figure"}),
    ("What share of beneficiaries should be paid without cash?", {"figure"}),
    ("How many visitors does the city aim to attract by 2030?", {"figure"}),
    ("At least what percentage of communes must be drug-free?", {"figure"}),
    ("Đợt thi đua bắt đầu từ tháng nào?", {"time"}),
    ("doan kiem tra du kien kiem tra moi don vi trong bao lau", {"duration"}),
    ("When does the campaign run?", {"time"}),
    ("How long does each inspection take?", {"duration"}),
    ("Xã phấn đấu đạt chuẩn vào năm nào?", {"year"}),
    ("By what year should every commune be connected?", {"year"}),
    # "số bao nhiêu" asks a document's number, not a quantity
    ("Hiện trạng rừng được công bố theo quyết định số bao nhiêu?", set()),
    ("Cơ quan nào chủ trì kế hoạch?", {"lead"}),
    ("so nao la dau moi theo doi thuc hien ke hoach", {"lead"}),
    ("Which department is the focal point for the plan?", {"lead"}),
    ("Who leads the inspection team?", {"lead"}),
    ("Chương trình phòng, chống tai nạn thương tích trẻ em là giai đoạn nào?", {"period"}),
    ("quy hoach mang luoi co so van hoa thuoc thoi ky nao", {"period"}),
    ("Which period does the emulation movement cover?", {"period"}),
    ("Cơ quan nào phối hợp với Sở Y tế?", set()),
    ("Kế hoạch gồm những nhiệm vụ gì?", set()),
    ("Các sở gửi báo cáo 6 tháng về Sở Công Thương trước ngày nào?", {"day"}),
    ("By what date must the annual report be sent?", {"day"}),
    ("Kế hoạch được ban hành ngày mấy?", {"day"}),
])
def test_what_a_question_asks_for(question, kinds):
    assert asked(fold(question).lower()) == kinds


@pytest.mark.parametrize("text", [
    "(4) Phấn đấu có ít nhất 70% số người hưởng trợ cấp nhận tiền bằng phương thức không dùng tiền mặt;",
    "- Đến năm 2030: Thu hút 10 - 12 triệu lượt khách, tăng 18 - 20%/năm;",
    "Dự kiến khoảng 1.000 thuê bao di động nhận tin nhắn.",
    "Tổng nhu cầu vốn khoảng 2.500 tỷ đồng.",
    "- Số điểm quan trắc: 07 điểm.",
    "Giảm tỷ lệ hộ nghèo bình quân 1,5 phần trăm mỗi năm.",
])
def test_a_figure_is_a_quantity(text):
    assert "figure" in stated(text)


@pytest.mark.parametrize("text", [
    "Căn cứ Quyết định số 01348/QĐ-UBND ngày 18/09/2025 của UBND tỉnh về việc áp dụng văn bản",
    "Lào Cai, ngày 10 tháng 3 năm 2026",
    "1. Sở Y tế",
    "c) Sở Tư pháp",
    "(2) Tổ chức tuyên truyền trong Quý III",
    "Chỉ tiêu 14: Tỷ lệ trẻ em được đăng ký khai sinh",
    "PHÁT ĐỘNG ĐỢT THI ĐUA CHÀO MỪNG ĐẠI HỘI LẦN THỨ XIV CỦA ĐẢNG",
    "Kế hoạch 275/KH-UBND: Phát triển du lịch giai đoạn 2025 - 2030",
    "Thực hiện Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ Chính trị về trẻ em",
    "121/2020/QH14.",
])
def test_dates_years_numbers_of_documents_and_item_markers_are_not_figures(text):
    assert "figure" not in stated(text)


@pytest.mark.parametrize("text", [
    "2. Thời gian thực hiện: Từ tháng 10/2025 đến khi Đại hội thành công.",
    "3.3. Thời gian kiểm tra: Dự kiến khoảng 02 ngày làm việc/01 đơn vị.",
    "Báo cáo định kỳ 6 tháng (trước ngày 15/6) và hằng năm (trước ngày 15/12).",
    "- Đợt 01: từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025;",
    "Tổ chức sơ kết vào Quý II năm 2026.",
    "Hoàn thành chậm nhất ngày 30-6-2025.",
])
def test_a_time_is_a_date_period_duration_or_schedule(text):
    assert "time" in stated(text)


@pytest.mark.parametrize("text, is_period", [
    ("Chương trình phòng, chống tai nạn, thương tích trẻ em giai đoạn 2021 - 2030;", True),
    ("Quy hoạch mạng lưới cơ sở văn hóa và thể thao thời kỳ 2021-2030.", True),
    ("Thực hiện trong giai đoạn từ năm 2026 đến năm 2030.", True),
    ("Phấn đấu đến năm 2030 đạt 90%.", False),
    ("Báo cáo trước ngày 15/12 hằng năm.", False),
])
def test_a_period_is_a_span_of_years(text, is_period):
    assert ("period" in stated(text)) == is_period
    # a span of years is the plan's period, not "a year" a which-year question asks for
    assert not (is_period and "year" in stated(text))


@pytest.mark.parametrize("text, is_day", [
    ("Báo cáo định kỳ 6 tháng (trước ngày 16/6) và hằng năm (trước ngày 16/12).", True),
    ("Hoàn thành chậm nhất ngày 30-6-2025.", True),
    ("13 tháng 11 năm 2020", True),  # a header's date line broken after "ngày"
    ("II. CHỈ TIÊU XUẤT KHẨU ĐẾN NĂM 2030", False),
    ("Tổ chức sơ kết vào Quý II năm 2026.", False),
    ("Báo cáo định kỳ 6 tháng và hằng năm.", False),
    ("Căn cứ Quyết định số 47/QĐ-UBND ngày 12/01/2023 của Ủy ban nhân dân tỉnh;", False),  # the cited document's day
])
def test_a_day_is_a_day_of_a_month_not_a_year_or_a_schedule(text, is_day):
    assert ("day" in stated(text)) == is_day


@pytest.mark.parametrize("text, is_duration", [
    ("3.3. Thời gian kiểm tra: Dự kiến khoảng 02 ngày làm việc/01 đơn vị.", True),
    ("Giải quyết trong 30 ngày kể từ ngày nhận hồ sơ.", True),
    ("Lào Cai, ngày 10 tháng 3 năm 2026", False),  # a date written in words
    ("13 tháng 11 năm 2020", False),
    ("Báo cáo trước ngày 15/12 hằng năm.", False),
])
def test_a_duration_is_a_length_of_time_not_a_date(text, is_duration):
    assert ("duration" in stated(text)) == is_duration
    assert "day" not in stated("3.3. Thời gian kiểm tra: Dự kiến khoảng 02 ngày làm việc.")  # an item marker


def test_a_year_is_a_year_not_a_schedule():
    assert stated("Hằng năm tổng hợp báo cáo kết quả.") == {"time"}
    assert "year" in stated("Triển khai trong năm 2020 và các năm tiếp theo.")
    # the plan's period, restated in clause after clause, says no year of its own
    assert "year" not in stated("Thực hiện các đề án được ban hành giai đoạn 2021 - 2030.")


def test_a_cited_documents_date_and_number_belong_to_it_not_to_the_plan():
    citing = "1. Tăng cường sự lãnh đạo theo Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ Chính trị về trẻ em"
    assert stated(citing) == set()
    # a question about the cited document itself reads them
    assert {"time", "year"} <= stated(citing, cited=True)
    assert stated("Kinh phí được bố trí trong dự toán năm 2020") == {"year"}


@pytest.mark.parametrize("text", [
    "a) Chủ trì, phối hợp với Sở, ban ngành liên quan triển khai, đôn đốc, kiểm tra việc thực hiện kế hoạch.",
    "- Là cơ quan đầu mối, theo dõi, đôn đốc các sở, ngành triển khai Kế hoạch này.",
    "Sở Khoa học và Công nghệ là cơ quan thường trực, tổng hợp tình hình thực hiện Kế hoạch.",
    "Giao Sở Công Thương chủ trì, phối hợp với các sở, ngành tổ chức thực hiện Kế hoạch.",
])
def test_a_lead_is_a_body_given_the_lead(text):
    assert "lead" in stated(text)


@pytest.mark.parametrize("text", [
    # told to assist the lead, or to work with others, is not the lead
    "Theo chức năng, nhiệm vụ của đơn vị phối hợp, hỗ trợ, chia sẻ kinh nghiệm trong công tác chi trả.",
    "Phối hợp với Sở Y tế (cơ quan chủ trì) tổ chức kiểm tra.",
    "Tuyên truyền, phổ biến pháp luật về trẻ em.",
])
def test_assisting_is_not_leading(text):
    assert "lead" not in stated(text)


def test_a_count_is_not_a_share():
    assert states_count("Dự kiến khoảng 1.000 thuê bao nhận tin nhắn.")
    assert not states_count("(1) 100% số người hưởng trợ cấp chưa có tài khoản được tuyên truyền.")
    assert not states_count("Căn cứ Quyết định số 12/QĐ-UBND ngày 3/5/2024.")


# ---- the ranking feature, on the built index of the seed plans --------------------------------------------------

@pytest.fixture(scope="module")
def answerer(app):
    return app.state.live.engine.answerer


@pytest.mark.parametrize("question", [
    "Hải Dương phấn đấu tỷ lệ trẻ em được đăng ký khai sinh đạt bao nhiêu phần trăm?",
    "Các sở phải gửi báo cáo 6 tháng trước ngày nào?",
    "Xã Quảng Vinh phấn đấu đạt tiêu chuẩn xã phù hợp với trẻ em vào năm nào?",
    "How many children should have health insurance cards?",
    "Which agency leads the implementation of Ninh Binh's plan?",
])
def test_the_answer_type_lifts_exactly_the_clauses_stating_what_is_asked(answerer, question):
    hits = answerer.search(question, 20)
    wanted = asked(fold(question).lower())
    assert wanted
    for hit in hits:
        assert ("answer_type" in hit.features) == bool(wanted & stated(hit.clause["text"]))
    # the seed plans state each of these, so some candidate makes the statement asked for
    assert any("answer_type" in h.features for h in hits), question


def test_lead_is_asked_only_by_a_question_asking_which_body(answerer):
    # "which indicators do health units lead" asks for indicators: clauses giving a body the lead are not its answer
    hits = answerer.search("Which indicators do the health sector units lead in Hai Duong and in Huong Khe?", 20)
    assert not any("answer_type" in h.features for h in hits)
