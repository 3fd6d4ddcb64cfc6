"""The machinery's vocabulary serves plans of every topic and level, not the child-protection seeds alone.

English questions about disasters, poverty, elections, civil registration, digital transformation, new rural
areas and public health must get the Vietnamese terms those plans are written in; the absent-topic check and the
language detector must treat a topic word of any programme alike.
"""

from __future__ import annotations

import pytest

from indexer.tokenizing import fold
from service.gaps import _FILLER
from service.glossary import vietnamese_terms
from service.rewriting import is_english, is_unaccented


@pytest.mark.parametrize("question, wanted", [
    # disasters
    ("Which department leads disaster prevention in Kon Tum?", ["Sở", "chủ trì", "phòng, chống thiên tai"]),
    ("How many households must be evacuated before a storm?", ["sơ tán", "hộ gia đình", "bão"]),
    ("Who commands search and rescue during flash floods and landslides?", ["tìm kiếm cứu nạn", "lũ quét", "sạt lở đất"]),
    # poverty and social insurance
    ("When must communes finish reviewing poor and near-poor households?", ["rà soát", "hộ cận nghèo", "xã"]),
    ("What is the multidimensional poverty standard for 2022-2025?", ["nghèo đa chiều", "chuẩn"]),
    ("What does the Bank for Social Policies lend to poor households?", ["Ngân hàng Chính sách xã hội", "hộ nghèo"]),
    # elections
    ("Who updates the voter list for the election of people's council deputies?",
     ["danh sách cử tri", "bầu cử", "đại biểu Hội đồng nhân dân"]),
    ("How many polling stations does the election board set up?", ["khu vực bỏ phiếu", "Ban bầu cử"]),
    # civil registration
    ("Which office handles birth registration and death registration?", ["đăng ký khai sinh", "đăng ký khai tử"]),
    ("What share of marriages are registered online?", ["kết hôn", "đăng ký"]),
    # digital transformation and administrative reform
    ("What share of administrative procedures become online public services by 2025?",
     ["thủ tục hành chính", "dịch vụ công trực tuyến", "năm 2025"]),
    ("Which Department of Information and Communications leads digital transformation?",
     ["Sở Thông tin và Truyền thông", "chuyển đổi số"]),
    # new rural areas, environment, land
    ("How many communes must meet the new rural criteria by 2030?", ["nông thôn mới", "tiêu chí", "năm 2030"]),
    ("Who handles land acquisition, compensation and resettlement?", ["thu hồi đất", "bồi thường", "tái định cư"]),
    ("Which Department of Natural Resources and Environment unit collects domestic waste?",
     ["Sở Tài nguyên và Môi trường", "rác thải sinh hoạt"]),
    # public health and education
    ("What measles vaccination coverage does the Centre for Disease Control aim for?",
     ["sởi", "tiêm chủng", "Trung tâm Kiểm soát bệnh tật"]),
    ("Which plan covers prevention and control of infectious diseases?", ["phòng, chống", "truyền nhiễm", "dịch bệnh"]),
    ("What literacy rate does the Department of Education and Training target?",
     ["xóa mù chữ", "Sở Giáo dục và Đào tạo"]),
    # agencies of every level
    ("Does the State Treasury or Social Insurance pay the allowance?", ["Kho bạc Nhà nước", "Bảo hiểm xã hội"]),
    ("Which tasks go to the commune military command and the militia?",
     ["Ban Chỉ huy Quân sự xã", "dân quân tự vệ"]),
    ("What must the People's Procuracy and the People's Court report?",
     ["Viện kiểm sát nhân dân", "Tòa án nhân dân", "báo cáo"]),
    ("Ministry of Home Affairs guidance for the Home Affairs Office", ["Bộ Nội vụ", "hướng dẫn", "Phòng Nội vụ"]),
    ("What does the culture, sports and tourism sector contribute?", ["Văn hóa, Thể thao và Du lịch", "ngành"]),
])
def test_english_questions_on_any_topic_get_its_vietnamese_terms(question, wanted):
    terms = vietnamese_terms(question)
    for term in wanted:
        assert term in terms, (term, terms)


def test_the_longest_phrase_wins_over_its_parts():
    terms = vietnamese_terms("Which Department of Agriculture and Rural Development office reviews irrigation?")
    assert "Sở Nông nghiệp và Phát triển nông thôn" in terms and terms.count("Nông nghiệp") == 1
    # `health` alone must not fire inside `Ministry of Health`, nor `disaster` inside `disaster prevention`
    assert vietnamese_terms("Ministry of Health") == "Bộ Y tế"
    assert "thảm họa" not in vietnamese_terms("disaster prevention plan")


def test_regular_inflections_match():
    assert "sơ tán" in vietnamese_terms("Who evacuates residents?")
    assert "sơ tán" in vietnamese_terms("How many were evacuated?")
    assert "bỏ phiếu" in vietnamese_terms("When does voting start?")
    assert "cử tri" in vietnamese_terms("How many voters?")


@pytest.mark.parametrize("phrase, term", [
    ("children under five", "dưới 5 tuổi"), ("obesity among under-fives", "dưới 5 tuổi"),
    ("infants under 12 months", "dưới 12 tháng tuổi"), ("people aged 15-60", "từ 15 đến 60 tuổi"),
    ("a 6-year-old pupil", "6 tuổi"), ("residents older than 60", "trên 60 tuổi"),
    ("cover 95% of communes by 2030", "năm 2030"), ("until the end of 2025", "năm 2025"),
])
def test_ages_and_years_are_read_by_rule(phrase, term):
    assert term in vietnamese_terms(phrase)


@pytest.mark.parametrize("phrase", ["poverty under 5%", "under 50 percent", "the five years 2021-2025",
                                    "below 5 per 1,000 live births"])
def test_rates_and_spans_of_time_are_not_ages(phrase):
    assert "tuổi" not in vietnamese_terms(phrase)


def test_no_vietnamese_terms_for_names_and_function_words():
    assert vietnamese_terms("Ninh Bình") == ""
    assert vietnamese_terms("What is it and where?") == ""


@pytest.mark.parametrize("question", [
    "xa nao dat chuan nong thon moi nam 2025", "ai phu trach bau cu o huyen", "so ho ngheo duoc ra soat nam 2024",
    "ke hoach phong chong thien tai cua tinh Kon Tum", "ty le ho so dang ky khai sinh truc tuyen",
])
def test_unaccented_vietnamese_on_any_topic_is_not_english(question):
    assert not is_english(question) and is_unaccented(question)


@pytest.mark.parametrize("question", [
    "Which department leads disaster prevention in Quang Nam?", "Who updates the voter list in Tam Ky?",
    "When must communes finish the poverty review?", "What is the target for online public services?",
])
def test_english_on_any_topic_is_english(question):
    assert is_english(question)


@pytest.mark.parametrize("topic", ["trẻ em", "tuổi", "hộ nghèo", "cử tri", "môi trường", "xâm hại",
                                   "đăng ký", "ngân sách", "ma túy", "đê điều", "tâm lý", "đa chiều", "bảo vệ",
                                   "bão", "vệ sinh", "bảo hiểm"])
def test_no_topic_word_of_any_programme_is_filler(topic):
    """The absent-topic check skips phrases with a filler word: a topic's own words must never be skipped."""
    assert not {fold(word).lower() for word in topic.split()} & _FILLER


@pytest.mark.parametrize("word", ["nao", "gi", "nhieu", "ke", "hoach", "chi", "tieu", "nam", "ty", "le",
                                  "xa", "huyen", "tinh", "phuong", "cap"])
def test_question_plan_structure_figure_and_level_words_are_filler(word):
    assert word in _FILLER
