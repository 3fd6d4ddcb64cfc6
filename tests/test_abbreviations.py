"""Abbreviations of administrative Vietnamese are searchable and checkable in full words, and the other way round."""

from __future__ import annotations

import pytest

from indexer.abbreviations import spell_out, spelled_only
from indexer.tokenizing import tokenize


@pytest.mark.parametrize("short, full", [
    ("xây dựng khu dân cư NTM kiểu mẫu", "xây dựng khu dân cư nông thôn mới kiểu mẫu"),
    ("bảo đảm TTATGT trên địa bàn", "bảo đảm trật tự an toàn giao thông trên địa bàn"),
    ("phát triển KT-XH năm 2025", "phát triển kinh tế - xã hội năm 2025"),
])
def test_an_abbreviated_plan_and_a_question_in_full_words_share_their_tokens(short, full):
    assert set(tokenize(full)) - {"và"} <= set(tokenize(short))
    assert spelled_only(short) == full


@pytest.mark.parametrize("text", ["Chỉ thị số 36-CT/TW", "Số: 12/KH-UBND", "Kế hoạch 97/KH-BCĐ", "NTMX", "ntm"])
def test_a_document_number_or_another_word_is_not_spelled_out(text):
    assert spell_out(text) == text
