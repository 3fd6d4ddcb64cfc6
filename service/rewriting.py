"""Second wordings of a question for retrieval: Vietnamese terms for English questions, diacritics for bare ones.

The embedder matches Vietnamese questions to Vietnamese clauses well, and English or unaccented ones poorly;
BM25 cannot match English at all. So an English question also searches with its glossary terms, and
`chi tieu 14 o ninh binh` also searches as `chỉ tiêu 14 ở ninh bình`, restored from the corpus's own words.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from indexer.tokenizing import fold

from .glossary import vietnamese_terms

# English function words that are not also common unaccented Vietnamese syllables (`do`, `to`, `an` are).
_ENGLISH = re.compile(
    r"\b(the|which|what|who|whom|whose|when|where|why|how|many|much|does|did|is|are|was|were|has|have|had|in|of|"
    r"for|its|it|this|that|with|from|by|must|should|will|would|can|each|per|and|or|plan|plans|agency|indicator|"
    r"target|list|name)\b", re.I)
# Unaccented Vietnamese function, question and plan-structure words: none belongs to one programme's topic.
_VIETNAMESE = re.compile(r"\b(nao|cua|la|va|cac|nhung|gi|ai|o|trong|cho|duoc|co|khong|ke|hoach|chi|tieu|bao|"
                         r"nhieu|ngay|thang|nam|thuc|hien|phu|trach|nhiem|vu|giao|xa|huyen|tinh|phuong|thon|ban|"
                         r"hanh|ky|nguoi|dan|viec|theo|voi|tai|tu|den|truoc|sau|khi|dau|sao)\b", re.I)
_SYLLABLE = re.compile(r"\w+", re.UNICODE)
# Question words are rare in plans, so the corpus alone would restore `nao` as `não`.
_QUESTION_WORDS = (
    "cơ quan nào đơn vị nào sở nào phòng nào ai phụ trách chỉ tiêu nào làm gì nhiệm vụ gì là gì bao nhiêu "
    "khi nào ngày nào năm nào trước ngày nào những gì những nào như thế nào ở đâu mấy ban hành ngày nào "
    "kế hoạch nào số hiệu người ký ai ký so sánh giữa và liệt kê những chỉ tiêu nào hạn báo cáo "
    "trong bao lâu mất bao lâu bao giờ lúc nào tại sao vì sao mỗi đơn vị mỗi năm mỗi xã từ tháng mấy đến tháng mấy "
    "gồm những gì có bao nhiêu"
)
_BIGRAM_WEIGHT = 0.99  # 96.6 % of syllables of the accented gold questions restored (0.8: 88.8 %)


def is_english(question: str) -> bool:
    """English wording, even when it names a place with diacritics (`indicator 14 in Ninh Bình`)."""
    words = question.split()
    accented = sum(1 for w in words if fold(w) != w)
    english = len(_ENGLISH.findall(question))
    return english >= 2 and english > len(_VIETNAMESE.findall(question)) and accented <= len(words) / 4


def is_unaccented(question: str) -> bool:
    return fold(question) == question.replace("đ", "d").replace("Đ", "D") and len(_SYLLABLE.findall(question)) >= 3


class DiacriticRestorer:
    """Most likely accented form of unaccented Vietnamese, by a syllable bigram model of the corpus (Viterbi)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.unigram: Counter[str] = Counter()
        self.bigram: Counter[tuple[str, str]] = Counter()
        for text in [*texts, _QUESTION_WORDS]:
            syllables = [s.lower() for s in _SYLLABLE.findall(text)]
            self.unigram.update(syllables)
            self.bigram.update(zip(syllables, syllables[1:]))
        self.forms: dict[str, list[str]] = defaultdict(list)
        for syllable in self.unigram:
            self.forms[fold(syllable)].append(syllable)
        self.fold_total = Counter()
        for syllable, n in self.unigram.items():
            self.fold_total[fold(syllable)] += n

    def _emission(self, form: str, bare: str) -> float:
        return self.unigram[form] / self.fold_total[bare]

    def restore(self, text: str) -> str:
        words = [w.lower() for w in _SYLLABLE.findall(text)]
        if not words:
            return text
        # states: accented candidate -> (log score, path)
        beam: dict[str, tuple[float, list[str]]] = {"": (0.0, [])}
        for word in words:
            bare = fold(word)
            candidates = self.forms.get(bare) or [word]
            nxt: dict[str, tuple[float, list[str]]] = {}
            for cand in candidates:
                emission = self._emission(cand, bare) if cand in self.unigram else 1.0
                best = None
                for prev, (score, path) in beam.items():
                    follow = self.bigram[(prev, cand)] / self.unigram[prev] if prev in self.unigram else 0.0
                    p = _BIGRAM_WEIGHT * follow + (1 - _BIGRAM_WEIGHT) * emission
                    total = score + math.log(p + 1e-9)
                    if best is None or total > best[0]:
                        best = (total, path + [cand])
                nxt[cand] = best
            beam = nxt
        return " ".join(max(beam.values(), key=lambda x: x[0])[1])


class QueryRewriter:
    def __init__(self, clause_texts: Iterable[str]) -> None:
        self.restorer = DiacriticRestorer(clause_texts)

    def expansions(self, question: str) -> list[str]:
        """Other wordings to search with besides the question itself (none for accented Vietnamese)."""
        if is_english(question):
            terms = vietnamese_terms(question)
            return [terms] if terms else []
        if is_unaccented(question):
            return [self.restorer.restore(question)]
        return []


__all__ = ["QueryRewriter", "DiacriticRestorer", "is_english", "is_unaccented"]
