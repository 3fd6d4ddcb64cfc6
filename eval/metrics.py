"""Scoring rules of `planqa eval`: gold spans, the hit rule, ranking metrics, answer matching, abstention.

Pure functions over plain values, so tests can check each rule on hand-made cases.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Iterable, NamedTuple

from indexer.tokenizing import fold

K = 10


class Span(NamedTuple):
    """A stretch [start, end) of a corpus file, in str indices of the UTF-8-decoded text."""

    source: str
    start: int
    end: int
    of: int = 0  # which gold passage of the item this span is (a passage a plan repeats has several spans)


# A gold substring this long is one statement: where the plan repeats it word for word (a web page's title over the
# document's own trích yếu), either copy is that passage. A shorter one ("Sở Tư pháp") names something many
# passages mention, so only its first place counts.
REPEATED_STATEMENT = 20


def gold_spans(item: dict, texts: dict[str, str]) -> list[Span]:
    """Each gold substring's span(s); a missing one is a broken gold set, so it stops the run."""
    spans = []
    for i, g in enumerate(item["gold"]):
        text, sub = texts.get(g["source"]), g["substring"]
        at = -1 if text is None else text.find(sub)
        if at < 0:
            raise ValueError(f"{item['id']}: gold substring not found in {g['source']}: {sub!r}")
        while at >= 0:
            spans.append(Span(g["source"], at, at + len(sub), i))
            at = text.find(sub, at + 1) if len(sub) >= REPEATED_STATEMENT else -1
    return spans


def overlaps(a: Span, b: Span) -> bool:
    return a.source == b.source and a.start < b.end and b.start < a.end


def relevance(results: list[Span], gold: list[Span], k: int = K) -> list[int]:
    """Binary relevance of the top k: 1 when a result overlaps a gold span no higher result already overlapped.

    Crediting each gold clause once keeps nDCG <= 1 when two results overlap one clause (a naive window
    boundary splitting a clause, or overlapping passages).
    """
    credited: set[int] = set()
    rels = []
    for r in results[:k]:
        new = {g.of for g in gold if g.of not in credited and overlaps(r, g)}
        credited |= new
        rels.append(1 if new else 0)
    return rels


def first_hit_rank(results: list[Span], gold: list[Span], k: int = K) -> int | None:
    """1-based rank of the first result in the top k that overlaps any gold span; None when none does."""
    for rank, r in enumerate(results[:k], 1):
        if any(overlaps(r, g) for g in gold):
            return rank
    return None


def ndcg(results: list[Span], gold: list[Span], k: int = K) -> float:
    if not gold:
        return 0.0
    dcg = sum(rel / math.log2(i + 2) for i, rel in enumerate(relevance(results, gold, k)))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(len({g.of for g in gold}), k)))
    return dcg / ideal


def recall_at(ranks: list[int | None], k: int) -> float | None:
    """Share of items with a gold clause in the top k (the brief's Recall@k: first hit at rank <= k)."""
    return mean(1.0 if r is not None and r <= k else 0.0 for r in ranks)


def mrr(ranks: list[int | None], k: int = K) -> float | None:
    return mean(1.0 / r if r is not None and r <= k else 0.0 for r in ranks)


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def percentile(values: list[float], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default), without importing numpy here."""
    if not values:
        return None
    xs = sorted(values)
    pos = (len(xs) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


_SPACE = re.compile(r"\s+")
_PERCENT = re.compile(r"\s*%\s*")


def normalise(text: str, lenient_percent: bool = True) -> str:
    """NFC, lower case, no diacritics, single spaces; `99 %` reads as `99%` (plans write both)."""
    text = fold(unicodedata.normalize("NFC", text)).lower()
    text = _SPACE.sub(" ", text).strip()
    return _PERCENT.sub("%", text) if lenient_percent else text


def contains(haystack: str, needle: str) -> bool:
    """Substring test on normalised text that will not find a number inside a longer one (`5%` in `25%`)."""
    if not needle:
        return False
    at = haystack.find(needle)
    while at >= 0:
        before = haystack[at - 1] if at else ""
        after = haystack[at + len(needle) : at + len(needle) + 1]
        if not (needle[0].isdigit() and before.isdigit()) and not (needle[-1].isdigit() and after.isdigit()):
            return True
        at = haystack.find(needle, at + 1)
    return False


# Lines after which an answer only quotes evidence (the service's contract; see README "HTTP API"): a fact found
# there was not stated by the answer, so it does not make the answer correct.
EVIDENCE_MARKERS = ("Nearest evidence:", "Bằng chứng gần nhất:", "In the plan's text:", "Trong nội dung kế hoạch:")


def answer_body(answer: str) -> str:
    """The answer itself: everything before the first evidence marker line."""
    cut = len(answer)
    for marker in EVIDENCE_MARKERS:
        if (m := re.search(rf"^{re.escape(marker)}", answer, re.MULTILINE)) and m.start() < cut:
            cut = m.start()
    return answer[:cut]


# A sentence ends at . ! ? before a space, or at a line break (so 1.000 and 9/3/2020 are never cut), but not after
# a short abbreviation in capitals (TP., TX., KT., TM.: inside names of places and signature roles) nor after an
# item's number or letter (`5. Sở Y tế`, `Chỉ tiêu 14. Tỷ lệ …`, `IV. TỔ CHỨC`, `a. …`).
_SENTENCE_END = re.compile(r"(?<!\b[A-ZĐa-zđ])(?<!\b[A-ZĐ][A-ZĐa-z])(?<!\b[A-ZĐ]{3})(?<!\b\d)(?<!\b\d\d)(?<!\b\d\d\d)"
                           r"[.!?](?=\s|$)|\n")
FIRST_CHARS = 300


def first_sentence(answer: str) -> str:
    """The answer's first sentence: what a reader, a chatbot or a voice assistant takes as the answer."""
    m = _SENTENCE_END.search(answer)
    return answer[: m.end()] if m else answer


def states_fact(answer: str, found: bool | None, groups: list[list[str]], within: str = "sentence") -> bool:
    """A found=true answer whose first sentence (`within="sentence"`) or first FIRST_CHARS characters
    (`within="chars"`) holds every gold fact."""
    head = first_sentence(answer) if within == "sentence" else answer[:FIRST_CHARS]
    return found is True and answer_matches(head, groups)


def answer_correct(answer: str, found: bool | None, groups: list[list[str]], lenient_percent: bool = True) -> bool:
    """Honest accuracy: a found=true answer whose own text (not its appended evidence) holds every gold fact."""
    return found is True and answer_matches(answer_body(answer), groups, lenient_percent)


def answer_matches(answer: str, groups: list[list[str]], lenient_percent: bool = True) -> bool:
    """Correct when every group has an alternative contained in the answer."""
    text = normalise(answer, lenient_percent)
    return bool(groups) and all(any(contains(text, normalise(alt, lenient_percent)) for alt in group)
                                for group in groups)


class Abstention(NamedTuple):
    precision: float | None  # of the found=false replies, the share on unanswerable questions
    recall: float | None  # of the unanswerable questions, the share answered found=false
    found_false_rate_answerable: float | None  # answerable questions wrongly declined


def abstention(pairs: list[tuple[bool, bool | None]]) -> Abstention:
    """From (answerable, found) pairs; found None (a failed request) is neither an abstention nor an answer."""
    declined = [answerable for answerable, found in pairs if found is False]
    unanswerable = [found for answerable, found in pairs if not answerable]
    answerable = [found for a, found in pairs if a]
    return Abstention(
        precision=mean(0.0 if a else 1.0 for a in declined),
        recall=mean(1.0 if f is False else 0.0 for f in unanswerable),
        found_false_rate_answerable=mean(1.0 if f is False else 0.0 for f in answerable),
    )
