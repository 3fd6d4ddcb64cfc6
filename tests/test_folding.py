"""Diacritic folding (`indexer.tokenizing.fold`), which BM25 tokens, place look-ups and question understanding all
go through, is the Unicode definition whatever the text: NFD, combining marks dropped, NFC."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.tokenizing import fold


def _by_definition(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", text)
                                                if not unicodedata.combining(c)))


def test_vietnamese_loses_its_diacritics_in_either_normal_form():
    for text in ("Đăng ký khai sinh", "Ủy ban nhân dân tỉnh Hải Dương", "TRƯỜNG HỢP ĐẶC BIỆT", "Quyết định 23/QĐ-TTg"):
        expected = _by_definition(text)
        assert fold(text) == fold(unicodedata.normalize("NFD", text)) == expected
    assert fold("Đăng ký khai sinh") == "Dang ky khai sinh" and fold("Ủy ban") == "Uy ban"


# Latin with its diacritics, lone combining marks, Hangul (whose jamo compose across characters), and anything else
_TEXT = st.text(alphabet=st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x24F),
                                   st.characters(min_codepoint=0x300, max_codepoint=0x36F),
                                   st.characters(min_codepoint=0x1E00, max_codepoint=0x1EFF),
                                   st.characters(min_codepoint=0x1100, max_codepoint=0x11FF),
                                   st.characters(blacklist_categories=("Cs",))), max_size=40)


@settings(max_examples=500, deadline=None)
@given(_TEXT)
def test_folding_any_text_is_the_unicode_definition(text):
    assert fold(text) == _by_definition(text)
