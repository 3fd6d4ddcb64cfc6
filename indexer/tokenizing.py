"""BM25 tokens: pyvi word segmentation, lower-cased, plus diacritic-folded forms so `chi tieu` finds `chỉ tiêu`."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pyvi import ViTokenizer

from .abbreviations import spell_out

# Question and function words: frequent in questions, rare in plans, so BM25 would over-reward them.
_STOP = {
    "nào", "gì", "ai", "đâu", "bao", "nhiêu", "mấy", "không", "có", "là", "của", "và", "các", "những", "được",
    "cho", "về", "với", "trong", "theo", "này", "đó", "thì", "hãy", "biết", "ở", "tại", "phải", "làm", "hay",
    "the", "a", "an", "of", "in", "on", "for", "to", "and", "or", "is", "are", "what", "which", "who", "when",
    "does", "do", "how", "by", "with", "plan", "s",
}
_WORD = re.compile(r"\w", re.UNICODE)


def fold(text: str) -> str:
    """Remove Vietnamese diacritics: `Đăng ký khai sinh` -> `Dang ky khai sinh`."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


_STOP_FOLDED = {fold(w) for w in _STOP}


@lru_cache(maxsize=4096)
def _segment(text: str) -> tuple[str, ...]:
    return tuple(ViTokenizer.tokenize(unicodedata.normalize("NFC", text)).split())


def tokenize(text: str) -> list[str]:
    """Compound words (`chỉ_tiêu`), their syllables, and the folded form of each; abbreviations also as the words
    they stand for (`NTM` -> `nông_thôn mới`)."""
    out: list[str] = []
    for word in _segment(spell_out(text)):
        word = word.lower()
        if not _WORD.search(word):
            continue
        forms = [word] + (word.split("_") if "_" in word else [])
        for form in forms:
            if form in _STOP:
                continue
            out.append(form)
            folded = fold(form)
            if folded != form and folded not in _STOP_FOLDED:
                out.append(folded)
    return out
