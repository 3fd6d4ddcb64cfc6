"""The typed records the fact extractors produce and the service reads (as dicts, through `to_dict`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields


class _Record:
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict):
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass
class Target(_Record):
    value: str  # as written: "98,5%", "550/100.000", "3‰", "0,15", "3-5%", "1.200 hộ"
    number: float  # the (lower) figure
    unit: str  # "%", "‰", "/100.000", "/1.000", a counted noun ("hộ", "xã") or ""
    year: int | None
    comparator: str  # "đạt", "dưới", "trên", "xuống", "giảm", "duy trì", "phấn đấu", … or ""
    text: str  # the phrase it came from: "đạt 99% vào năm 2025"
    upper: float | None = None  # the upper figure of a range ("3-5%" -> 3 and 5), else None


@dataclass
class Indicator(_Record):
    doc_id: str
    number: int
    goal: str  # the goal-group heading it sits under
    text: str  # without the "- Chỉ tiêu N." prefix
    targets: list[Target]
    clause: int
    in_appendix: bool
    # How the plan numbers it: "chỉ tiêu" (it says "Chỉ tiêu N"), "item" (the item's own number under a heading of
    # indicators: "2.", "b)", a table row's STT) or "order" (its position among unnumbered items under that heading).
    numbered_as: str = "chỉ tiêu"

    @classmethod
    def from_dict(cls, data: dict) -> Indicator:
        return cls(**{**data, "targets": [Target.from_dict(t) for t in data.get("targets", [])]})


@dataclass
class TargetStatement(_Record):
    """A target the plan states without numbering it ("- Phấn đấu 95% hộ gia đình … vào năm 2025")."""

    doc_id: str
    text: str
    targets: list[Target]
    clause: int
    goal: str  # the heading it sits under

    @classmethod
    def from_dict(cls, data: dict) -> TargetStatement:
        return cls(**{**data, "targets": [Target.from_dict(t) for t in data.get("targets", [])]})


@dataclass
class IndicatorGroup(_Record):
    """A goal heading announcing how many indicators it holds: "a) Mục tiêu 1: Về giáo dục (05 chỉ tiêu)"."""

    doc_id: str
    heading: str
    announced: int
    clause: int


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
class Group(_Record):
    """A group the organisation section addresses ("Các sở, ban, ngành", "UBND các huyện"): nobody in particular,
    so never an agency; kept so that its line and its tasks can still be found."""

    doc_id: str
    group: str
    group_key: str
    clause: int


@dataclass
class GroupTask(_Record):
    doc_id: str
    group: str
    group_key: str
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


_LISTS = {
    "indicators": Indicator, "assignments": Assignment, "tasks": Task, "deadlines": Deadline, "agencies": Agency,
    "targets": TargetStatement, "indicator_groups": IndicatorGroup, "groups": Group, "group_tasks": GroupTask,
}


@dataclass
class PlanFacts(_Record):
    doc_id: str
    indicators: list[Indicator] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    targets: list[TargetStatement] = field(default_factory=list)  # unnumbered targets: no indicator number
    indicator_groups: list[IndicatorGroup] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    group_tasks: list[GroupTask] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> PlanFacts:
        return cls(doc_id=data["doc_id"], **{
            name: [record.from_dict(d) for d in data.get(name, [])] for name, record in _LISTS.items()})

    def indicator(self, number: int) -> Indicator | None:
        return next((i for i in self.indicators if i.number == number), None)

    def agencies_for(self, number: int) -> list[Assignment]:
        return [a for a in self.assignments if number in a.indicators]

    def indicators_for(self, agency_key_substring: str) -> list[int]:
        from .agencies import agency_matches, normalise_agency  # agencies build records: imported late

        wanted = normalise_agency(agency_key_substring)
        found = {
            n
            for a in self.assignments
            if wanted in a.agency_key or agency_matches(agency_key_substring, a.agency_key)
            for n in a.indicators
        }
        return sorted(found)
