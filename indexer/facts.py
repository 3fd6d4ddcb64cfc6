"""Facts read from a plan's clauses: numbered indicators and their targets, which agency is assigned which
indicator, each agency's tasks, and reporting deadlines.

Everything comes from the patterns plans share (domain notes, "Anatomy of a plan"); nothing is tuned per file.
The agency of a bullet is its heading in the organisation section: the bullet never repeats it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field, fields

from .segmenting import SECTION_CLOSING, Clause
from .tokenizing import fold

# ---- agency names -----------------------------------------------------------------------------------------

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old-style tone placement on open `oa`/`oe`/`uy` syllables (`hoá`, `khoẻ`, `thuỷ`, `uỷ`) moved to the new style
# (`hóa`, `khỏe`, `thủy`, `ủy`). `qu` is a consonant, so `quý` stays as it is.
_OLD_TONE = re.compile(rf"(?<!q)(o(?=[ae])|u(?=y))([aey])([{_TONES}])(?![^\W\d_])")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")

# Abbreviations used for agencies, on folded text with `&`/`và` and punctuation already removed.
_ABBREVIATIONS = [
    (re.compile(r"\bld ?tb ?xh\b"), "lao dong thuong binh xa hoi"),
    (re.compile(r"\btb ?xh\b"), "thuong binh xa hoi"),
    (re.compile(r"\bgd ?dt\b"), "giao duc dao tao"),
    (re.compile(r"\bvh ?tt ?dl\b"), "van hoa the thao du lich"),
    (re.compile(r"\bvh ?tt\b"), "van hoa the thao"),
    (re.compile(r"\btt ?tt\b"), "thong tin truyen thong"),
    (re.compile(r"\bubnd\b"), "uy ban nhan dan"),
    (re.compile(r"\bmttq\b"), "mat tran to quoc"),
    (re.compile(r"\bhdnd\b"), "hoi dong nhan dan"),
]
# Kinds of body whose name is "kind + field" ("Sở Lao động - …", "Phòng Văn hóa - …"): the kind and the first two
# words of the field are enough to name them ("Sở Lao động", "Phòng Văn hóa").
_AGENCY_KINDS = ("so", "phong", "tram", "trung tam", "cong an", "bo phan", "can bo", "ban")
_LEVEL_SUFFIX = re.compile(r" (?:tinh|huyen|xa|phuong|thi tran|thi xa|thanh pho)$")



def _unglue(text: str) -> str:
    """`PhòngTài chính` -> `Phòng Tài chính`: a lower-case letter followed by a capital is a lost space."""
    return "".join(" " + c if i and c.isupper() and text[i - 1].islower() else c for i, c in enumerate(text))


def normalise_agency(name: str) -> str:
    """Matching key for an agency name: lower-case NFC, `&` -> `và`, one dash, new-style tones, single spaces."""
    text = unicodedata.normalize("NFC", _unglue(name)).lower().replace("&", " và ")
    text = re.sub(r"\s*-\s*", " - ", _DASHES.sub("-", text))
    text = unicodedata.normalize("NFD", text)
    text = unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", text))
    return re.sub(r"\s+", " ", text).strip(" .,:;")


def _canonical(text: str) -> str:
    """Folded words of an agency name or question with `và` and punctuation dropped and abbreviations spelled out."""
    words = re.sub(r"[^\w]+|_", " ", fold(normalise_agency(text))).split()
    text = " ".join(w for w in words if w != "va")
    for pattern, expansion in _ABBREVIATIONS:
        text = pattern.sub(expansion, text)
    return text


def agency_matches(query_text: str, agency_key: str) -> bool:
    """Whether `query_text` (a question or an agency name, any spelling) names the agency with this key."""
    query, key = _canonical(query_text), _canonical(agency_key)
    if not query or not key:
        return False
    padded = f" {query} "
    if f" {key} " in padded:
        return True
    if len(query.split()) >= 2 and f" {query} " in f" {key} ":  # the query is part of the name: "tư pháp"
        return True
    core = _LEVEL_SUFFIX.sub("", key)  # "Công an tỉnh" is "Công an" in a question about that province
    if core != key and len(core.split()) >= 2 and f" {core} " in padded:
        return True
    kind = next((k for k in _AGENCY_KINDS if key.startswith(k + " ")), None)
    if kind:
        words = key.split()
        prefix = " ".join(words[: len(kind.split()) + 2])
        return len(words) > len(prefix.split()) and f" {prefix} " in padded
    return False


# ---- records ----------------------------------------------------------------------------------------------


class _Record:
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict):
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass
class Target(_Record):
    value: str  # as written: "98,5%", "550/100.000", "3‰", "0,15"
    number: float
    unit: str  # "%", "‰", "/100.000", "/1.000" or ""
    year: int | None
    comparator: str  # "đạt", "dưới", "trên", "xuống", "giảm", "duy trì", "phấn đấu", … or ""
    text: str  # the phrase it came from: "đạt 99% vào năm 2025"


@dataclass
class Indicator(_Record):
    doc_id: str
    number: int
    goal: str  # the goal-group heading it sits under
    text: str  # without the "- Chỉ tiêu N." prefix
    targets: list[Target]
    clause: int
    in_appendix: bool

    @classmethod
    def from_dict(cls, data: dict) -> Indicator:
        return cls(**{**data, "targets": [Target.from_dict(t) for t in data.get("targets", [])]})


@dataclass
class Assignment(_Record):
    doc_id: str
    agency: str  # as the plan spells it
    agency_key: str
    indicators: list[int]
    role: str  # "chủ trì" | "phối hợp" | "thực hiện"
    clause: int


@dataclass
class Agency(_Record):
    """A body the organisation section gives tasks to, cited by the line that names it ("2. Sở Tư pháp")."""

    doc_id: str
    agency: str
    agency_key: str
    clause: int


@dataclass
class Task(_Record):
    doc_id: str
    agency: str
    agency_key: str
    text: str
    clause: int


@dataclass
class Deadline(_Record):
    doc_id: str
    text: str  # as written, with an adjoining period: "trước ngày 30/10 hằng năm", "định kỳ 6 tháng (trước ngày 15/6)"
    day: int | None
    month: int | None
    recurring: bool
    what: str  # "báo cáo kết quả", "sơ kết", …
    responsible: str | None  # the agency heading, else the body named in the sentence ("qua Sở …")
    clause: int
    year: int | None = None
    period: str = ""  # "định kỳ 6 tháng", "hằng năm", … as written, or ""


@dataclass
class PlanFacts(_Record):
    doc_id: str
    indicators: list[Indicator] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> PlanFacts:
        return cls(
            doc_id=data["doc_id"],
            indicators=[Indicator.from_dict(d) for d in data.get("indicators", [])],
            assignments=[Assignment.from_dict(d) for d in data.get("assignments", [])],
            tasks=[Task.from_dict(d) for d in data.get("tasks", [])],
            deadlines=[Deadline.from_dict(d) for d in data.get("deadlines", [])],
            agencies=[Agency.from_dict(d) for d in data.get("agencies", [])],
        )

    def indicator(self, number: int) -> Indicator | None:
        return next((i for i in self.indicators if i.number == number), None)

    def agencies_for(self, number: int) -> list[Assignment]:
        return [a for a in self.assignments if number in a.indicators]

    def indicators_for(self, agency_key_substring: str) -> list[int]:
        wanted = normalise_agency(agency_key_substring)
        found = {
            n
            for a in self.assignments
            if wanted in a.agency_key or agency_matches(agency_key_substring, a.agency_key)
            for n in a.indicators
        }
        return sorted(found)


# ---- indicators and targets -------------------------------------------------------------------------------

_APPENDIX = re.compile(r"^PHỤ LỤC\b", re.IGNORECASE)
_INDICATOR_PREFIX = re.compile(r"^[-+•*–]?\s*Chỉ tiêu\s+\d+\s*[.:]\s*", re.IGNORECASE)
_YEAR = r"(?:(?:vào|đến|trong|từ)\s+)?năm\s+(?P<year>(?:19|20)\d\d)\b"
_VALUE = r"(?P<value>\d+(?:[.,]\d+)*)(?:\s*(?P<unit>%|‰|/\s*100\.000|/\s*1\.000))?"
# Years come first so that "năm 2025" is never read as a value.
_TARGET_TOKEN = re.compile(rf"{_YEAR}|{_VALUE}", re.IGNORECASE)
# A value without a unit is a target only when a year follows at once: "xuống 0,15 vào năm 2025" (not "5 tuổi").
_YEAR_NEXT = re.compile(rf"\s*{_YEAR}", re.IGNORECASE)
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
            unit = re.sub(r"\s+", "", m.group("unit") or "")
            if not unit and not _YEAR_NEXT.match(part, m.end()):
                continue
            gap = part[boundary:m.start()]
            offset, comparator = _comparator(gap)
            if not comparator and previous and _JOINER.fullmatch(gap.strip()):
                comparator = previous.comparator  # "đạt 80% vào năm 2025 và 85% …"
            start = boundary + offset if offset is not None else m.start()
            value = m.group(0).strip()
            target = Target(value, _number(m.group("value")), unit, None, comparator, part[start:m.end()].strip())
            out.append(target)
            pending.append((target, start, m.end()))
            previous, boundary = target, m.end()
    return out


def _indicators(doc_id: str, clauses: list[Clause]) -> list[Indicator]:
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
        goal = c.heading_path[-1].rstrip(" .:") if len(c.heading_path) > 1 else ""
        text = _INDICATOR_PREFIX.sub("", c.text).rstrip().removesuffix("/.").rstrip("/")
        in_appendix = bool(c.heading_path and _APPENDIX.match(c.heading_path[0]))
        found.append(Indicator(doc_id, c.indicator, goal, text, targets(text), c.ordinal, in_appendix))
    return found


# ---- the organisation section: agencies, their tasks and assigned indicators -----------------------------

_ORG_SECTION = re.compile(r"TỔ CHỨC THỰC HIỆN|PHÂN CÔNG", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*\d+(?:\.\d+)*\s*[.)]\s*")
_BULLET = re.compile(r"^[-+•*–]\s*")
# Words that open a request or a duty rather than name the body: "Đề nghị Ủy ban MTTQ …", "Trách nhiệm của UBND …".
_NOT_NAME = re.compile(r"^(?:Đề nghị|Trách nhiệm của)\s+", re.IGNORECASE)
# Where a long numbered sentence with no colon stops naming its subject and starts saying what it does.
_PREDICATE = re.compile(r"\s(?:căn cứ|có trách nhiệm|trong phạm vi|thực hiện|tham gia|phối hợp)\b", re.IGNORECASE)
_ASSIGNED = re.compile(r"chỉ tiêu\s+(?P<list>\d{1,3}(?:\s*(?:,|và|-|–|đến)\s*\d{1,3})*)", re.IGNORECASE)
_LEAD = re.compile(r"chủ trì", re.IGNORECASE)
_COORDINATE = re.compile(r"phối hợp", re.IGNORECASE)


def _agency_label(heading: str) -> str:
    label = _NUMBERED.sub("", heading).rstrip("…").strip()
    label, colon, _ = label.partition(":")
    label = _NOT_NAME.sub("", label.strip())
    if not colon and len(label) > 60 and (m := _PREDICATE.search(label)):
        label = label[: m.start()]
    return _unglue(label).strip(" ,;.")


def _agencies(heading: str) -> list[str]:
    """One heading can name several bodies: "Phòng Y tế; Trung tâm Y tế huyện"."""
    return [a.strip() for a in _agency_label(heading).split(";") if a.strip()]


def _indicator_numbers(text: str) -> list[int]:
    """Numbers in "chỉ tiêu 14", "các chỉ tiêu 3, 4, 5, 6", "chỉ tiêu 1,2,8, 22", "chỉ tiêu 1-5", "1 đến 5"."""
    numbers: list[int] = []
    for m in _ASSIGNED.finditer(text):
        tokens = re.findall(r"\d+|đến|-|–", m.group("list"))
        i = 0
        while i < len(tokens):
            n = int(tokens[i])
            if i + 2 < len(tokens) and tokens[i + 1] in ("-", "–", "đến") and int(tokens[i + 2]) > n:
                numbers += range(n, int(tokens[i + 2]) + 1)
                i += 3
            else:
                numbers.append(n)
                i += 1 + (i + 1 < len(tokens) and not tokens[i + 1].isdigit())
    return list(dict.fromkeys(numbers))


def _role(text: str) -> str:
    if _LEAD.search(text):
        return "chủ trì"
    if _COORDINATE.match(_BULLET.sub("", text)) or (
        (m := _ASSIGNED.search(text)) and _COORDINATE.search(re.split(r"[;.]", text[: m.start()])[-1])
    ):
        return "phối hợp"
    return "thực hiện"


def _organisation(clauses: list[Clause]):
    """(clause, agencies it belongs to or [], its task text or None) for each clause of the organisation section.

    An agency is a numbered item directly under the section. Its bullets carry it in their heading path; an item
    that goes on inline ("7. Phòng X: Tham mưu …") or is a whole sentence with no bullets is its own task.
    """
    current: list[str] = []
    for i, c in enumerate(clauses):
        path = c.heading_path
        if not path or not _ORG_SECTION.search(path[0]):
            current = []
            continue
        if len(path) >= 2:
            current = _agencies(path[1])
            yield c, current, _BULLET.sub("", c.text)
        elif c.kind == "heading":  # "2. Sở Tư pháp": the agency, its tasks follow as bullets
            current = _agencies(c.text)
            yield c, current, None
        elif c.kind == "item" and _NUMBERED.match(c.text):
            current = _agencies(c.text)
            body = _NUMBERED.sub("", c.text)
            _, colon, inline = body.partition(":")
            following = clauses[i + 1] if i + 1 < len(clauses) else None
            has_children = following is not None and following.heading_path[: len(path)] == path and len(
                following.heading_path) > len(path)
            if colon and inline.strip():
                yield c, current, inline.strip()
            else:
                yield c, current, None if has_children else body.strip()
        elif c.kind == "item" and current:  # the rest of a long numbered item, split by the segmenter
            yield c, current, c.text
        else:
            current = []
            yield c, [], None


# ---- deadlines ----------------------------------------------------------------------------------------------

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
    before = list(_ACTION.finditer(text, left, start))
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


def _deadlines(doc_id: str, text: str, clause: int, responsible: str | None) -> list[Deadline]:
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


# ---- all together ---------------------------------------------------------------------------------------------


def extract_facts(doc_id: str, clauses: list[Clause]) -> PlanFacts:
    facts = PlanFacts(doc_id, indicators=_indicators(doc_id, clauses))
    for c, agencies, task in _organisation(clauses):
        numbers = _indicator_numbers(c.text) if agencies else []
        names_them = c.kind in ("heading", "item") and _NUMBERED.match(c.text)
        for agency in agencies:
            key = normalise_agency(agency)
            if names_them:
                facts.agencies.append(Agency(doc_id, agency, key, c.ordinal))
            if task and len(task.split()) >= 3:  # not a stray line-wrap fragment ("121/2020/QH14.")
                facts.tasks.append(Task(doc_id, agency, key, task, c.ordinal))
            if numbers:
                facts.assignments.append(Assignment(doc_id, agency, key, numbers, _role(c.text), c.ordinal))
        facts.deadlines += _deadlines(doc_id, c.text, c.ordinal, "; ".join(agencies) or None)
    for c in clauses:
        if c.heading_path[:1] == [SECTION_CLOSING]:
            facts.deadlines += _deadlines(doc_id, c.text, c.ordinal, None)
    return facts


__all__ = [
    "Agency", "Assignment", "Deadline", "Indicator", "PlanFacts", "Target", "Task",
    "agency_matches", "extract_facts", "fold", "normalise_agency", "targets",
]
