"""Reporting deadlines: dates ("trước ngày 15/6", "trước ngày 15 tháng 12 hằng năm"), periods ("định kỳ 6 tháng",
"hằng năm" next to a report) and milestones ("trong quý III năm 2021", "cuối năm 2025"), with what is due and who
is responsible.
"""

from __future__ import annotations

import re

from .records import Deadline

_PERIOD = r"định kỳ(?:\s+(?:\d+\s+tháng|h[àằ]ng\s+(?:năm|quý|tháng)))?|h[àằ]ng\s+(?:năm|quý|tháng)"
_DATE = re.compile(
    r"trước ngày\s+(?P<day>\d{1,2})\s*(?:/|tháng)\s*(?P<month>\d{1,2})(?:\s*(?:/|năm)\s*(?P<year>\d{4}))?",
    re.IGNORECASE,
)
_PERIOD_BEFORE = re.compile(rf"(?P<period>{_PERIOD})\s*\(\s*$", re.IGNORECASE)  # "định kỳ 6 tháng (trước ngày …)"
_PERIOD_AFTER = re.compile(r"\s*(?P<close>\))?\s*(?P<period>h[àằ]ng\s+(?:năm|quý|tháng))?", re.IGNORECASE)
_PERIOD_ALONE = re.compile(_PERIOD, re.IGNORECASE)
_MILESTONE = re.compile(
    r"trong quý\s+(?P<quarter>[IV]+)\s+năm\s+(?P<qyear>\d{4})|cuối năm\s+(?P<year>\d{4})", re.IGNORECASE
)
_REPORT = re.compile(r"báo cáo", re.IGNORECASE)
_SEGMENT_BREAK = re.compile(r";|\.(?=\s|$)")
# What is due: the action nearest the deadline, before it in the same segment, else just after it.
_ACTION = re.compile(r"báo cáo|sơ kết|tổng kết|kế hoạch", re.IGNORECASE)
_CARRIED_OUT = re.compile(r"(?:thực hiện|triển khai)\s+$", re.IGNORECASE)
_ACTION_STOP = {"về", "gửi", "cho", "trước", "qua", "lên", "tới", "đến", "và", "hoặc", "của", "trong", "với", "vào",
                "việc", "theo", "tại", "định", "hằng", "hàng", "để", "đột"}
# The body reports go through: "(qua Sở Lao động, Thương binh và Xã hội)", "(qua phòng LĐ-TB&XH trước ngày …".
_VIA = re.compile(
    r"\bqua\s+(?:Sở|Phòng|Văn phòng|Ban|Bộ|Trung tâm|UBND|Ủy ban|Uỷ ban)\b"
    r".*?(?=\s+(?:trước|tổng hợp|để|hoặc)\b|[);]|\.(?:\s|$)|$)",
    re.IGNORECASE,
)


def _segment_span(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SEGMENT_BREAK.finditer(text, 0, start)), default=0)
    right = next((m.start() for m in _SEGMENT_BREAK.finditer(text, end)), len(text))
    return left, right


def _what(text: str, start: int, end: int) -> str:
    left, right = _segment_span(text, start, end)
    # "báo cáo tình hình thực hiện Kế hoạch trước ngày …": the plan carried out is what is reported on, not what is due
    before = [m for m in _ACTION.finditer(text, left, start) if not _CARRIED_OUT.search(text, max(0, m.start() - 12),
                                                                                        m.start())]
    after = [m for m in _ACTION.finditer(text, end, right) if m.start() - end <= 60]
    m = before[-1] if before and start - before[-1].end() <= 60 else (after[0] if after else None)
    if not m:
        return ""
    words = [m.group(0).lower()]
    for word in text[m.end():right].split()[:2]:
        word = word.strip(",()")
        if not word or not word[0].islower() or word in _ACTION_STOP:
            break
        words.append(word)
    what = re.sub(r"^(báo cáo) báo cáo\b", r"\1", " ".join(words))
    if what == "báo cáo" and "kết quả" in text[left:right]:
        what = "báo cáo kết quả"
    return what


def deadlines(doc_id: str, text: str, clause: int, responsible: str | None) -> list[Deadline]:
    if responsible is None and (via := _VIA.search(text)):
        responsible = via.group(0)
    found: list[tuple[int, int, Deadline]] = []

    def add(start: int, end: int, period: str, day=None, month=None, year=None) -> None:
        phrase = text[start:end].strip()
        found.append((start, end, Deadline(doc_id, phrase, day, month, bool(period), _what(text, start, end),
                                           responsible, clause, year, period)))

    for m in _DATE.finditer(text):
        start, end, period = m.start(), m.end(), ""
        if before := _PERIOD_BEFORE.search(text, 0, m.start()):
            start, period = before.start(), before.group("period")
        after = _PERIOD_AFTER.match(text, m.end())
        if after.group("close") and before:
            end = after.end("close")
        if after.group("period") and not period:
            end, period = after.end("period"), after.group("period")
        year = int(m.group("year")) if m.group("year") else None
        add(start, end, period, int(m.group("day")), int(m.group("month")), year)
    for m in _MILESTONE.finditer(text):
        add(m.start(), m.end(), "", year=int(m.group("qyear") or m.group("year")))
    for m in _PERIOD_ALONE.finditer(text):
        if any(s <= m.start() < e for s, e, _ in found):
            continue
        left, right = _segment_span(text, m.start(), m.end())
        # "hằng năm" is everywhere ("kế hoạch … hằng năm"); it is a reporting period only next to "báo cáo",
        # and it adds nothing where the same segment already gives a date.
        near = _REPORT.search(text, m.end(), min(right, m.end() + 80)) or _REPORT.search(
            text, max(left, m.start() - 40), m.start()
        )
        if near and not any(left <= s < right for s, _, d in found if d.day):
            add(m.start(), m.end(), m.group(0))
    return [d for _, _, d in sorted(found, key=lambda f: f[0])]
