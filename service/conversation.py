"""Follow-up questions made whole from the conversation before them.

A chatbot user asks "Cơ quan nào phụ trách chỉ tiêu 14 của Hải Dương?", then "còn chỉ tiêu 15 thì sao?", then
"and what about Ninh Bình?". Each follow-up is answered as a standalone question, built by what its own
understanding (service.understanding.understand) lacks compared with the question before it:

- it has no question words of its own ("còn chỉ tiêu 15 thì sao?", "and Ninh Bình?"): it keeps the previous
  question's wording, and so its kind, with the places, plans, indicator numbers and years it does name put in
  place of the previous ones: "Cơ quan nào phụ trách chỉ tiêu 15 của Hải Dương?";
- it asks something of its own ("ai ký kế hoạch này?", "what is its target for 2030?"): it is taken as it is, with
  the plans of the previous question added when it names no place or plan and does not ask across the corpus
  ("tỉnh nào khác …"), and the previous indicator numbers when it names none and points back at one ("chỉ tiêu
  này", "its target") or asks nothing beyond its question words ("ai phụ trách?");
- a follow-up naming its own place and indicator, with question words, is taken as it is.

The standalone text, not a patched `Understanding`, is what is answered: retrieval, facets and the answer's own
checks all read the question's words, so a standalone question is answered exactly like one typed in full.
Spans are found on the folded text that `understand` matches on, mapped back to the question as typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from indexer.tokenizing import fold

from .rewriting import is_english
from .understanding import INDICATOR_REF, KIND_PATTERNS, YEAR, Understanding, question_kind, understand

# A question over the whole corpus names no plan on purpose: the previous question's plans are not carried into it.
_CORPUS_WIDE = re.compile(
    r"\b(?:tinh|thanh pho|huyen|xa|phuong|dia phuong|ke hoach|van ban|noi|don vi hanh chinh) nao\b|\bo dau\b|"
    r"\bwhich (?:provinces?|cities|city|districts?|communes?|wards?|places?|localities|locality|plans?|documents?)\b|"
    r"\bwhere\b|\bkhac\b|\bother\b|\belse\b|\b(?:tat ca|cac|moi) (?:ke hoach|tinh|dia phuong|van ban)\b|"
    r"\b(?:all|every|each) (?:the )?(?:plans?|provinces?|places?|documents?)\b|\bcorpus\b"
)
# Pointing back at an indicator or target already asked about.
_POINTS_BACK = re.compile(
    r"\b(?:chi tieu|muc tieu|chi so)(?: \w+)? (?:nay|do|ay|tren|vua roi|vua hoi)\b|"
    r"\b(?:this|that|the same|the above|said) (?:indicator|target)s?\b|\b(?:it|its|it s)\b"
)
# Words that say nothing about a topic, once the question's kind words are taken out: a question left with no
# other word ("ai phụ trách?", "what is the target for 2030?") is about what the previous question was about.
_FILLER = {
    # Vietnamese, folded
    "nao", "gi", "ai", "sao", "khong", "co", "la", "cua", "va", "cac", "nhung", "duoc", "cho", "voi", "trong", "theo",
    "nay", "do", "o", "tai", "phai", "lam", "den", "vao", "the", "thi", "con", "vay", "a", "nhi", "nua", "ay",
    "chi", "tieu", "muc", "so", "nam", "ngay", "thang", "bao", "nhieu", "ty", "le", "ke", "hoach", "hay", "cho",
    "biet", "xin", "vui", "long", "giup", "toi", "minh", "ban", "tren", "nhu", "luc", "khi", "ra",
    # English
    "what", "which", "who", "whom", "whose", "is", "are", "was", "were", "the", "a", "an", "of", "for", "in", "on",
    "to", "by", "and", "about", "it", "its", "this", "that", "these", "those", "does", "do", "did", "there", "be",
    "please", "tell", "me", "us", "how", "much", "many", "year", "value", "plan", "indicator", "indicators",
    "target", "targets", "number", "s", "then", "so", "also", "same",
}
# A level word written before a place belongs to the place's span: "tỉnh Hải Dương" -> "Ninh Bình", not "tỉnh Ninh Bình".
_LEVEL_BEFORE = re.compile(r"(?:\b(?:tinh|thanh pho|tp|huyen|quan|thi xa|thi tran|xa|phuong|province of|district of|"
                           r"commune of|ward of|city of)\s+)$")
_LEVEL_AFTER = re.compile(r"^\s+(?:province|district|commune|ward|city|town)\b")


@dataclass(frozen=True)
class Resolved:
    """A user question and the standalone question it is answered as."""

    asked: str
    question: str  # standalone: what a follow-up left unsaid filled in from the turns before it
    carried: list[str] = field(default_factory=list)  # what came from earlier turns: "kind", "plans", "indicators", "years"


def resolve_conversation(questions: list[str], documents: dict[str, dict]) -> Resolved:
    """The last of a conversation's user questions (oldest first) as a standalone question. Each earlier question is
    resolved in turn, so a chain of follow-ups keeps what the first one asked."""
    if not questions:
        raise ValueError("a conversation needs at least one user question")
    resolved: Resolved | None = None
    for question in questions:
        resolved = resolve_follow_up(question, resolved.question if resolved else None, documents)
    return resolved


def resolve_follow_up(question: str, previous: str | None, documents: dict[str, dict]) -> Resolved:
    """`question` as a standalone question, given the standalone question before it (None: the conversation's
    first)."""
    question = unicodedata.normalize("NFC", question).strip()
    if not previous:
        return Resolved(question, question)
    previous = unicodedata.normalize("NFC", previous).strip()
    q, p = understand(question, documents), understand(previous, documents)
    names_plans = _names_plans(q)
    own_kind = question_kind(q.folded, [], 0) is not None
    if not own_kind and (names_plans or q.indicators or q.years):
        return _reworded(question, q, previous, p, names_plans)
    carried, context = [], []
    if not names_plans and not _CORPUS_WIDE.search(q.folded):
        if plans := _plan_phrase(previous, p, documents):
            context.append(plans)
            carried.append("plans")
    if not q.indicators and p.indicators and q.kind not in ("plan", "list", "compare") and not set(q.facets) - {"which_plan"} and (
            _POINTS_BACK.search(q.folded) or _says_nothing_of_its_own(q.folded) or not own_kind):
        word = "indicator" if is_english(question) else "chỉ tiêu"
        context.insert(0, f"{word} {', '.join(map(str, p.indicators))}")
        carried.append("indicators")
    if not context:
        return Resolved(question, question)
    return Resolved(question, f"{question} ({'; '.join(context)})", carried)


def _names_plans(u: Understanding) -> bool:
    return bool(u.doc_ids or u.unknown_places or u.references or u.unit_missing or u.provincial_only)


def _reworded(question: str, q: Understanding, previous: str, p: Understanding, names_plans: bool) -> Resolved:
    """The previous question with the places, plans, indicators and years the follow-up names put in place of its
    own; what the previous question has no slot for is added after it."""
    edits: list[tuple[int, int, str]] = []
    extra: list[str] = []
    carried = ["kind"]
    if names_plans:
        spans = _place_spans(previous, p)
        new = _phrase(question, _place_spans(question, q))
        if spans and new:
            edits.append((*spans[0], new))
            edits += [(s, e, "") for s, e in spans[1:]]
        elif new:
            extra.append(new)
    elif _place_spans(previous, p):
        carried.append("plans")
    if q.indicators:
        numbers = ", ".join(map(str, q.indicators))
        spans = _indicator_spans(previous)
        if spans:
            edits += [(s, e, numbers) for s, e in spans]
        else:
            extra.append(("indicator " if is_english(previous) else "chỉ tiêu ") + numbers)
    elif p.indicators:
        carried.append("indicators")
    if q.years:
        spans = _spans(previous, YEAR, group=1)
        if spans and len(q.years) == 1:
            edits += [(s, e, str(q.years[0])) for s, e in spans]
        else:
            extra.append(", ".join(map(str, q.years)))
    elif p.years:
        carried.append("years")
    text = previous
    for start, end, new in sorted(edits, reverse=True):
        text = text[:start] + new + text[end:]
    text = re.sub(r"\(\s*[,;]?\s*\)", "", text)  # "(Quảng Ngãi)" emptied when a second place was taken out
    text = re.sub(r"\s+([,.;?)])", r"\1", re.sub(r"\s{2,}", " ", text)).strip()
    if extra:
        text = f"{text} ({'; '.join(extra)})"
    return Resolved(question, text, carried)


def _says_nothing_of_its_own(folded: str) -> bool:
    """Whether, without its question words, the question is left with no word of a topic."""
    rest = folded
    for pattern in KIND_PATTERNS.values():
        rest = re.sub(pattern, " ", rest)
    return not [w for w in re.findall(r"[a-z]+", rest) if w not in _FILLER]


def _plan_phrase(previous: str, p: Understanding, documents: dict[str, dict]) -> str:
    """How the previous question named its plans, in its own words; the plans' numbers when it picked them by
    metadata ("the earliest plan")."""
    if phrase := _phrase(previous, _place_spans(previous, p)):
        return phrase
    if p.doc_ids:
        return ", ".join(documents[d].get("number") or documents[d].get("locality") or d for d in p.doc_ids)
    return ""


def _phrase(text: str, spans: list[tuple[int, int]]) -> str:
    """The text from the first span to the last: "xã Tịnh Trà (Quảng Ngãi)" kept whole."""
    return text[spans[0][0]:spans[-1][1]].strip() if spans else ""


def _place_spans(text: str, u: Understanding) -> list[tuple[int, int]]:
    """Where the places, units and plan numbers `u` recognised are written in `text`, a level word before or after
    included, in text order."""
    folded, where = _folded_with_positions(text)
    names = [*u.places, *u.unknown_places, *u.unit_missing, *u.provincial_only]
    keys = {_fold_key(n) for n in names} | set(u.references)
    spans: list[tuple[int, int]] = []
    for key in sorted(keys - {""}, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w/-]){re.escape(key)}(?![\w/-])", folded):
            start, end = m.start(), m.end()
            if any(s <= start < e or s < end <= e for s, e in spans):
                continue  # inside a longer name already taken
            if before := _LEVEL_BEFORE.search(folded[:start]):
                start = before.start()
            if after := _LEVEL_AFTER.match(folded[end:]):
                end += after.end()
            spans.append((start, end))
    return sorted((where[s], where[e - 1] + 1) for s, e in spans)


def _indicator_spans(text: str) -> list[tuple[int, int]]:
    return _spans(text, INDICATOR_REF, group=1)


def _spans(text: str, pattern: re.Pattern, group: int) -> list[tuple[int, int]]:
    folded, where = _folded_with_positions(text)
    return [(where[m.start(group)], where[m.end(group) - 1] + 1) for m in pattern.finditer(folded)]


def _fold_key(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w%/&-]+", " ", fold(name).lower())).strip()


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The text folded and lower-cased as `understand` reads it (punctuation as spaces), with, for every folded
    character, the index of the character it came from, so a match on the folded text is a span of the original."""
    out, where = [], []
    for i, ch in enumerate(text):
        for f in fold(ch).lower():
            out.append(f if re.match(r"[\w%/&-]", f) else " ")
            where.append(i)
    return "".join(out), where
