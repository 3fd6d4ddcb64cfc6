"""Indicators and their targets, in every form a plan states them.

- `Chỉ tiêu N.` / `Chỉ tiêu N:` lines (the segmenter marks them);
- items under a heading of indicators (`II. CHỈ TIÊU`, `Các chỉ tiêu`, `Chỉ tiêu cụ thể`, a goal announcing
  `(05 chỉ tiêu)`, or `Mục tiêu cụ thể`) that carry a figure, numbered as the plan numbers them;
- rows of an indicator table (`STT | Chỉ tiêu | ĐVT | 2025 | 2030`);
- unnumbered statements with a figure (`- Phấn đấu 95% hộ gia đình … vào năm 2025`): targets with no number, so
  nobody downstream invents one.
"""

from __future__ import annotations

import re

from .records import Indicator, IndicatorGroup, Target, TargetStatement
from .segmenting import SECTION_HEADER, SECTION_PREAMBLE, SECTION_RECIPIENTS, SECTION_SIGNATURE, Clause, heading_title

_APPENDIX = re.compile(r"^PHỤ LỤC\b", re.IGNORECASE)
_INDICATOR_PREFIX = re.compile(r"^[-+•*–]?\s*Chỉ tiêu\s+\d+\s*[.:]\s*", re.IGNORECASE)
_YEAR = r"(?:(?:vào|đến|trong|từ)\s+)?năm\s+(?P<year>(?:19|20)\d\d)\b"
_RATE = r"%|‰|(?:/|trên)\s*\d{1,3}(?:\.\d{3})+\b"  # "/100.000", "/1.000", "12 trên 1.000 trẻ đẻ sống"
# A range shares its unit: "3-5%", "3 - 5%", "từ 3 đến 5%".
_VALUE = (rf"(?:(?P<low>\d+(?:,\d+)?)\s*(?:-|–|đến)\s*(?=\d+(?:[.,]\d+)*\s*(?:{_RATE})))?"
          rf"(?P<value>\d+(?:[.,]\d+)*)(?:\s*(?P<unit>{_RATE}))?")
# Years come first so that "năm 2025" is never read as a value.
_TARGET_TOKEN = re.compile(rf"{_YEAR}|{_VALUE}", re.IGNORECASE)
# A value without a unit is a target only when a year follows at once: "xuống 0,15 vào năm 2025" (not "5 tuổi") …
_YEAR_NEXT = re.compile(rf"\s*{_YEAR}", re.IGNORECASE)
# … or when it counts something a target names ("đạt 1.200 hộ"): a noun follows that is not an age, a duration or a
# legal reference, and a target verb leads to it or a year closes its phrase.
_COUNTED = re.compile(r"\s+(?P<noun>[^\W\d_]+)")
_NOT_COUNTED = {"tuổi", "tháng", "năm", "ngày", "giờ", "tuần", "quý", "lần", "phút", "kỳ", "giai", "điều", "khoản",
                "chương", "mục", "điểm", "khóa", "khoá", "lớp",
                # words that go on the sentence, not name what is counted
                "và", "của", "so", "trên", "dưới", "đến", "trong", "với", "là", "được", "cho", "theo", "tại", "từ",
                "các", "những", "hoặc", "trở"}
_COUNT_VERB = re.compile(r"\b(?:phấn đấu|duy trì|xuống|còn|đạt|giảm|tăng|ít nhất|tối thiểu|tối đa|không quá)\s+(?:\S+\s+)?$",
                         re.IGNORECASE)
_COMPARATOR = re.compile(
    r"\b(?:phấn đấu|duy trì|xuống|còn|dưới|trên|đạt|giảm|tăng|ít nhất|tối thiểu|tối đa|không quá)\b", re.IGNORECASE
)
_COMPARATOR_ALIASES = {"còn": "xuống"}
# Where a new phrase begins inside the words before a value ("…, phấn đấu đạt 100%").
_PHRASE_BREAK = re.compile(r",|\bvà\b|\bhoặc\b")
_JOINER = re.compile(r"(?:,|và|hoặc|-|–|đến)?")  # between two values of one phrase: "80% … và 85%", "2% - 3%"


def _number(value: str) -> float:
    """`98,5` -> 98.5 and `1.000` -> 1000: Vietnamese uses the comma for decimals and the dot for thousands."""
    if "." in value and not re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", value):
        return float(value.replace(",", ""))
    return float(value.replace(".", "").replace(",", "."))


def _comparator(gap: str) -> tuple[int | None, str]:
    """(where the phrase starts in `gap`, comparator) from the words between the previous value and this one."""
    tail_at = max((m.end() for m in _PHRASE_BREAK.finditer(gap)), default=0)
    # A comparator with a number after it qualifies something else: "dưới 5 tuổi", "trên 1.000 trẻ".
    found = [m for m in _COMPARATOR.finditer(gap, tail_at) if not re.search(r"\d", gap[m.end():])]
    if not found:
        return None, ""
    # The phrase starts at the run of comparators closest to the value: "phấn đấu đạt", "xuống dưới".
    first = len(found) - 1
    while first and not gap[found[first - 1].end() : found[first].start()].strip():
        first -= 1
    word = found[-1].group(0).lower()
    return found[first].start(), _COMPARATOR_ALIASES.get(word, word)


def _count(part: str, m: re.Match, boundary: int) -> re.Match | None:
    """The counted noun after a unitless value that is a target ("đạt 1.200 hộ"), else None."""
    noun = _COUNTED.match(part, m.end())
    if not noun or not noun.group("noun").islower() or noun.group("noun") in _NOT_COUNTED or m.group("low"):
        return None
    before = part[boundary:m.start()]
    if _COUNT_VERB.search(before):
        return noun
    rest = part[noun.end():]
    year = re.search(_YEAR, rest, re.IGNORECASE)
    return noun if year and not re.search(r"\d", rest[: year.start()]) and len(before) < 200 else None


def targets(text: str) -> list[Target]:
    """Targets in an indicator's text; a year applies to every value since the previous year in the same part."""
    out: list[Target] = []
    for part in text.split(";"):
        pending: list[tuple[Target, int, int]] = []  # target, start, end within `part`
        previous: Target | None = None
        boundary = 0
        for m in _TARGET_TOKEN.finditer(part):
            if m.group("year"):
                for target, start, end in pending:
                    target.year = int(m.group("year"))
                if pending:
                    target, start, end = pending[-1]
                    gap = part[end:m.start()]
                    if len(gap) <= 40 and not re.search(r"\d", gap):
                        target.text = part[start:m.end()].strip()
                pending, boundary = [], m.end()
                continue
            unit = re.sub(r"\s+", "", (m.group("unit") or "").replace("trên", "/"))
            end = m.end()
            if not unit and not _YEAR_NEXT.match(part, m.end()):
                if not (noun := _count(part, m, boundary)):
                    continue
                unit, end = noun.group("noun"), noun.end()
            gap = part[boundary:m.start()]
            offset, comparator = _comparator(gap)
            if not comparator and previous and _JOINER.fullmatch(gap.strip()):
                comparator = previous.comparator  # "đạt 80% vào năm 2025 và 85% …"
            start = boundary + offset if offset is not None else m.start()
            value = part[m.start():end].strip()
            low = m.group("low")
            number = _number(low) if low else _number(m.group("value"))
            upper = _number(m.group("value")) if low else None
            target = Target(value, number, unit, None, comparator, part[start:end].strip(), upper)
            out.append(target)
            pending.append((target, start, end))
            previous, boundary = target, end
    return out


# ---- where indicators are ---------------------------------------------------------------------------------------

_LABEL = r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])?\s*[.)]?\s*(?:(?:các|một số|những|hệ thống|nhóm)\s+)?"
_ANNOUNCED = re.compile(r"\(\s*(?P<n>\d{1,3})\s+chỉ tiêu\s*\)", re.IGNORECASE)
# A heading of indicators: it names what is under it indicators ("II. CHỈ TIÊU", "Các chỉ tiêu", "Chỉ tiêu cụ thể",
# "Mục tiêu (05 chỉ tiêu)"): even unnumbered items under it count, in order …
_NAMES_INDICATORS = re.compile(
    rf"{_LABEL}(?:mục tiêu(?:,| và)\s+)?chỉ tiêu\b(?!\s+\d)|\bchỉ tiêu cụ thể\b|{_ANNOUNCED.pattern}", re.IGNORECASE)
# … or it heads the specific objectives: then only items the plan numbers itself are indicators.
_INDICATOR_HEADING = re.compile(rf"{_NAMES_INDICATORS.pattern}|{_LABEL}mục tiêu cụ thể\b", re.IGNORECASE)
_OBJECTIVES = re.compile(r"\bmục tiêu\b|\bchỉ tiêu\b", re.IGNORECASE)
_ITEM_NUMBER = re.compile(r"^(?:(?P<num>\d+(?:\.\d+)*)\s*[.)]?(?!\d)|(?P<letter>[a-zđ])[.)])\s*")
_BULLET = re.compile(r"^[-+•*–]\s*")
_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _goal(c: Clause) -> str:
    return c.heading_path[-1].rstrip(" .:") if len(c.heading_path) > 1 else ""


def _explicit(doc_id: str, clauses: list[Clause]) -> list[Indicator]:
    found: list[Indicator] = []
    for c in clauses:
        if c.indicator is None:
            continue
        last = found[-1] if found else None
        # A long indicator is split into several clauses that keep its number.
        if last and last.number == c.indicator and not _INDICATOR_PREFIX.match(c.text):
            last.text += " " + c.text
            last.targets = targets(last.text)
            continue
        text = _INDICATOR_PREFIX.sub("", c.text).rstrip().removesuffix("/.").rstrip("/")
        in_appendix = bool(c.heading_path and _APPENDIX.match(c.heading_path[0]))
        found.append(Indicator(doc_id, c.indicator, _goal(c), text, targets(text), c.ordinal, in_appendix))
    return found


def _under(c: Clause, pattern: re.Pattern) -> int | None:
    """Index in the heading path of the outermost heading matching `pattern`, else None."""
    return next((k for k, h in enumerate(c.heading_path) if pattern.search(h)), None)


def _own_number(text: str) -> int | None:
    """`2.` -> 2, `1.3.` -> 3 (its place in its list), `b)` -> 2; None for a bullet or prose."""
    m = _ITEM_NUMBER.match(text)
    if not m or (not m.group("num") and not m.group("letter")):
        return None
    if m.group("num"):
        return int(m.group("num").split(".")[-1])
    return _LETTERS.index(m.group("letter")) + 1


def _under_headings(doc_id: str, clauses: list[Clause]) -> list[Indicator]:
    """Items with a figure under a heading of indicators, numbered as the plan numbers them."""
    runs: dict[tuple[str, ...], list[tuple[Clause, int | None]]] = {}
    taken: set[str] = set()  # headings of the items taken: a figure under one of them details it, it is no other
    for c in clauses:
        k = _under(c, _INDICATOR_HEADING)
        if k is None or c.kind not in ("item", "heading", "bullet") or not targets(c.text):
            continue
        if c.heading_path[-1] in taken:
            continue
        taken.add(heading_title(c.text))
        own = _own_number(c.text) if c.kind != "bullet" else None
        # Unnumbered bullets count in order only where the heading itself says they are indicators.
        if own is None and _under(c, _NAMES_INDICATORS) is None:
            continue
        runs.setdefault(tuple(c.heading_path[: k + 1]), []).append((c, own))
    found: list[Indicator] = []
    for items in runs.values():
        owns = [own for _, own in items]
        by_own = None not in owns and len(set(owns)) == len(owns)
        for order, (c, own) in enumerate(items, 1):
            text = _BULLET.sub("", _ITEM_NUMBER.sub("", c.text, count=1) if own is not None else c.text).strip()
            in_appendix = bool(c.heading_path and _APPENDIX.match(c.heading_path[0]))
            number, numbered_as = (own, "item") if by_own else (order, "order")
            found.append(Indicator(doc_id, number, c.heading_path[-1].rstrip(" .:"), text, targets(text), c.ordinal,
                                   in_appendix, numbered_as))
    return found


# ---- tables --------------------------------------------------------------------------------------------------

_CELL_SPLIT = re.compile(r"\s*\|\s*")
_YEAR_CELL = re.compile(r"^(?:năm\s+)?((?:19|20)\d\d)$", re.IGNORECASE)
_NAME_CELL = re.compile(r"^(?:tên\s+)?(?:chỉ tiêu|nội dung|mục tiêu)", re.IGNORECASE)
_UNIT_CELL = re.compile(r"^(?:đvt|đơn vị(?: tính)?)$", re.IGNORECASE)
_FIGURE_CELL = re.compile(r"^(?P<cmp>[^\d]*?)\s*(?P<value>\d+(?:[.,]\d+)*)\s*(?P<unit>%|‰)?$")


def table_columns(cells: list[str]) -> dict | None:
    """The columns of an indicator table's header row (`STT | Chỉ tiêu | ĐVT | 2025 | 2030`), else None."""
    name = next((k for k, cell in enumerate(cells) if _NAME_CELL.match(cell)), None)
    years = {k: int(m.group(1)) for k, cell in enumerate(cells) if (m := _YEAR_CELL.match(cell))}
    if name is None or not years:
        return None
    unit = next((k for k, cell in enumerate(cells) if _UNIT_CELL.match(cell)), None)
    return {"name": name, "unit": unit, "years": years}


def table_row(cells: list[str], columns: dict) -> tuple[int | None, str, list[Target]] | None:
    """(its STT, the indicator's name, its targets by year column) for one data row of an indicator table."""
    if len(cells) <= max(columns["years"]) or not cells[columns["name"]]:
        return None
    name = cells[columns["name"]]
    unit_cell = cells[columns["unit"]] if columns["unit"] is not None else ""
    found = []
    for k, year in sorted(columns["years"].items()):
        m = _FIGURE_CELL.match(cells[k])
        if not m:
            continue
        unit = m.group("unit") or (unit_cell if unit_cell in ("%", "‰") else "")
        value = m.group("value") + unit
        comparator = _comparator(m.group("cmp"))[1] if m.group("cmp") else ""
        text = f"{cells[k]}{'' if m.group('unit') else unit} năm {year}"
        found.append(Target(value, _number(m.group("value")), unit, year, comparator, text))
    stt = cells[0] if columns["name"] > 0 else ""
    return (int(stt) if stt.isdigit() else None), name, found


def _table_rows(doc_id: str, clauses: list[Clause]) -> list[Indicator]:
    found: list[Indicator] = []
    columns, order = None, 0
    for c in clauses:
        cells = _CELL_SPLIT.split(c.text.strip(" |")) if " | " in c.text else []
        if len(cells) < 3:
            columns = None
            continue
        if header := table_columns(cells):
            columns, order = header, 0
            continue
        if columns and (row := table_row(cells, columns)) and row[2]:
            order += 1
            stt, name, row_targets = row
            in_appendix = bool(c.heading_path and _APPENDIX.match(c.heading_path[0]))
            number, numbered_as = (stt, "item") if stt is not None else (order, "order")
            found.append(Indicator(doc_id, number, _goal(c), name, row_targets, c.ordinal, in_appendix, numbered_as))
    return found


# ---- all forms --------------------------------------------------------------------------------------------------


def indicators(doc_id: str, clauses: list[Clause]) -> list[Indicator]:
    """A plan that says "Chỉ tiêu N" numbers its indicators itself: then only those lines are indicators."""
    explicit = _explicit(doc_id, clauses)
    if explicit:
        return explicit
    return _table_rows(doc_id, clauses) or _under_headings(doc_id, clauses)


def indicator_groups(doc_id: str, clauses: list[Clause]) -> list[IndicatorGroup]:
    return [IndicatorGroup(doc_id, c.text, int(m.group("n")), c.ordinal)
            for c in clauses if c.kind in ("heading", "item", "paragraph") and (m := _ANNOUNCED.search(c.text))]


_FRONT_AND_BACK = (SECTION_HEADER, SECTION_PREAMBLE, SECTION_RECIPIENTS, SECTION_SIGNATURE)


def target_statements(doc_id: str, clauses: list[Clause], numbered: list[Indicator]) -> list[TargetStatement]:
    """Figures a plan sets as targets without numbering them: under its objectives any figure; elsewhere a figure
    with a year. Never a clause that is already an indicator."""
    taken = {i.clause for i in numbered}
    found: list[TargetStatement] = []
    for c in clauses:
        if c.ordinal in taken or c.kind not in ("bullet", "item", "paragraph", "heading") or " | " in c.text:
            continue
        if c.heading_path[:1] and c.heading_path[0] in _FRONT_AND_BACK:
            continue
        found_targets = targets(c.text)
        objectives = _under(c, _OBJECTIVES) is not None
        if not found_targets or not (objectives or any(t.year and t.unit for t in found_targets)):
            continue
        text = _BULLET.sub("", c.text).strip()
        found.append(TargetStatement(doc_id, text, found_targets, c.ordinal, _goal(c)))
    return found
