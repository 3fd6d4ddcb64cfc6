"""Inverted maps from what a question can name to the clause rows that hold it, built once when an index is written.

A question names a facet of a plan (its number, date, signer, legal basis, appendix, agencies), a part ("Phần I"),
an indicator number, an agency or a cited document number; the service finds the clauses holding it by look-up here.
Built at index time because finding them means reading every clause (folding diacritics, matching patterns): about
90 µs a clause, a minute and a half at a million clauses, which a server must not spend at each start.

Rows are positions in the index's clause list; a plan's clauses are one run of rows in document order, so a fact's
clause (its ordinal in the plan) is the row `plan start + ordinal`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field

from .agencies import canonical
from .records import PlanFacts
from .segmenting import SIGNING_TITLE
from .tokenizing import fold


def reference_key(text: str) -> str:
    """`Số: 90 /KH- UBND` and `23/QĐ-TTg` as the question side writes them: `90/kh-ubnd`, `23/qd-ttg`."""
    return re.sub(r"\s*([/-])\s*", r"\1", fold(text).lower())


# A document number as `reference_key` writes it (`23/qd-ttg`, `121/2020/qh14`): the question side's shape
# (service.understanding._DOC_NUMBER).
DOC_NUMBER = re.compile(r"\b(\d+(?:/\d{4})?[/-][a-z0-9đ/-]*[a-z0-9])\b")

_PART_LINE = re.compile(r"^(?:(?:PHẦN|Phần|CHƯƠNG|Chương|MỤC|Mục)\s+)?([IVXLC]+|\d{1,2})\b")


def _numbered_header(c: dict) -> bool:
    return c["kind"] == "header" and bool(re.search(r"Số\s*:", c["text"]))


# A front-matter line that grounds the plan on another document: it cites one (a number, a type of act), opens with
# the words that cite ("Căn cứ", "Thực hiện"), or carries on a citation ("Của Ban Thường vụ Tỉnh ủy …"). A scope
# line ("Đến năm 2025, định hướng đến năm 2030") or a page's leftover ("![]()") grounds nothing.
_CITES = re.compile(r"\d+\s*/\s*(?:\d{4}\s*/\s*)?[A-ZĐ]|\d+-[A-ZĐ]{2}|"
                    r"^(?:Căn cứ|Thực hiện|Triển khai|Theo|Xét|Của|của|Về việc|về việc)\b|"
                    r"\b(?:Luật|Bộ luật|Nghị định|Quyết định|Chỉ thị|Nghị quyết|Thông tư|Kế hoạch|Công văn|Chương trình|"
                    r"Đề án|Hướng dẫn|Văn bản|Kết luận|Thông báo)\b")
# Which clauses hold each facet of a plan question (see service.understanding._FACETS).
FACET_CLAUSES: dict[str, Callable[[dict], bool]] = {
    "number": _numbered_header,
    "date": lambda c: c["kind"] == "header" and bool(re.search(r"ngày|tháng\s+\d", c["text"])),
    "issuer": lambda c: (c["kind"] == "header" and bool(re.search(r"ỦY BAN|UỶ BAN|UBND", c["text"], re.I))) or
                        (c["kind"] == "preamble" and bool(re.search(r"ban hành|xây dựng [Kk]ế hoạch", c["text"]))),
    "signer": lambda c: c["kind"] == "signature",
    "basis": lambda c: c["kind"] in ("preamble", "title") and bool(_CITES.search(c["text"])),
    "title": lambda c: c["kind"] == "title",
    "recipients": lambda c: c["kind"] == "recipients",
    "appendix": lambda c: "phu luc" in fold(c["text"] + " " + " ".join(c["heading_path"])).lower(),
    "which_plan": _numbered_header,
    # "agencies": the lines naming each agency of the organisation section, from the facts (see build)
}

_FRONT_AND_CLOSING = ("header", "title", "preamble", "signature", "paragraph")


def _date_pattern(iso: str) -> re.Pattern | None:
    """A plan's date as its own lines write it: `ngày 11 tháng 3 năm 2020`, `11/03/2020`, `11-3-2020`, and the
    first half of a date line broken before its year (`Sơn La, ngày 11 tháng 3`)."""
    parts = iso.split("-")
    if len(parts) != 3:
        return None
    year, month, day = (int(p) for p in parts)
    d, m = rf"0?{day}", rf"0?{month}"
    return re.compile(rf"\bngày\s+{d}\s+tháng\s+{m}\b|\b{d}\s*[/.-]\s*{m}\s*[/.-]\s*{year}\b", re.IGNORECASE)


def _value_rows(clauses: Sequence[dict], documents: Mapping[str, dict], keys: list[str]) -> dict[str, set[int]]:
    """The clauses that state a plan's own number, date and signer, wherever its layout put them (a portal's
    metadata lines, a header row, the signature block): found by the values its metadata read."""
    rows: dict[str, set[int]] = {"number": set(), "date": set(), "signer": set()}
    values = {d: (reference_key(doc["number"]) if doc.get("number") else None,
                  _date_pattern(doc["date"]) if doc.get("date") else None,
                  reference_key(doc["signer"]) if doc.get("signer") else None) for d, doc in documents.items()}
    for i, c in enumerate(clauses):
        if c["kind"] not in _FRONT_AND_CLOSING or (c["kind"] == "paragraph" and c["ordinal"] > 40):
            continue
        number, date, signer = values.get(c["doc_id"], (None, None, None))
        if number and number in keys[i]:
            rows["number"].add(i)
        if date and date.search(c["text"]):
            rows["date"].add(i)
        if signer and signer in keys[i]:
            rows["signer"].add(i)
    return rows


def _sep(doc_id: str, key: object) -> str:
    return f"{doc_id}\t{key}"  # JSON keys are strings; a tab is in no doc_id


@dataclass
class ClauseLookups:
    """Everything a question can name -> the rows holding it (see the module's docstring)."""

    plan_runs: dict[str, list[int]] = field(default_factory=dict)  # doc_id -> [first row, last row + 1]
    facet_rows: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # facet -> doc_id -> rows
    task_rows: list[int] = field(default_factory=list)  # clauses giving an agency or a group a task
    assignment_rows: list[int] = field(default_factory=list)  # clauses assigning indicators
    agency_rows: dict[str, list[int]] = field(default_factory=dict)  # canonical agency/group name -> its records' rows
    references: dict[str, list[int]] = field(default_factory=dict)  # cited document number -> rows naming it
    part_rows: dict[str, list[int]] = field(default_factory=dict)  # "doc_id\tnumeral" -> rows opening that part
    indicator_rows: dict[str, list[int]] = field(default_factory=dict)  # "doc_id\tN" -> rows stating indicator N
    indicator_assigned: dict[str, list[int]] = field(default_factory=dict)  # "doc_id\tN" -> rows assigning it
    indicator_at: dict[int, int] = field(default_factory=dict)  # row -> position in its plan's indicators
    owners: dict[int, str] = field(default_factory=dict)  # row -> the agency or group whose task it is

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ClauseLookups:
        out = cls(**{k: v for k, v in data.items() if k not in ("indicator_at", "owners")})
        out.indicator_at = {int(k): v for k, v in data.get("indicator_at", {}).items()}
        out.owners = {int(k): v for k, v in data.get("owners", {}).items()}
        return out


def build(documents: Sequence[dict], clauses: Sequence[dict], facts: Mapping[str, PlanFacts]) -> ClauseLookups:
    """The maps of one index: `clauses` in row order, plan by plan."""
    out = ClauseLookups()
    for i, c in enumerate(clauses):
        run = out.plan_runs.setdefault(c["doc_id"], [i, i + 1])
        run[1] = i + 1

    def row(doc_id: str, ordinal: int) -> int:
        return out.plan_runs[doc_id][0] + ordinal

    keys = [reference_key(c["text"]) for c in clauses]
    for i, key in enumerate(keys):
        for number in dict.fromkeys(DOC_NUMBER.findall(key)):
            out.references.setdefault(number, []).append(i)
    facet_rows = {facet: {i for i, c in enumerate(clauses) if holds(c)} for facet, holds in FACET_CLAUSES.items()}
    values = _value_rows(clauses, {d["doc_id"]: d for d in documents}, keys)
    # of a signature block whose signer is known, the line naming the signer answers "who signed"; the lines
    # with a title ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH") answer "in what role" (service.ranking lifts them then), and
    # the collective it signs for ("TM. ỦY BAN NHÂN", "DÂN") answers neither
    facet_rows["signer_role"] = {r for r in facet_rows["signer"] if SIGNING_TITLE.search(clauses[r]["text"])}
    signed = {clauses[r]["doc_id"] for r in values["signer"]}
    facet_rows["signer"] = {r for r in facet_rows["signer"] if clauses[r]["doc_id"] not in signed}
    for facet, rows in values.items():
        facet_rows[facet] |= rows
    del keys
    facet_rows["agencies"] = {row(d, a.clause) for d, f in facts.items() for a in [*f.agencies, *f.groups]}
    for facet, rows in facet_rows.items():
        by_plan = out.facet_rows.setdefault(facet, {})
        for r in sorted(rows):
            by_plan.setdefault(clauses[r]["doc_id"], []).append(r)
    out.task_rows = sorted({row(d, t.clause) for d, f in facts.items() for t in [*f.tasks, *f.assignments]})
    out.assignment_rows = sorted({row(d, a.clause) for d, f in facts.items() for a in f.assignments})
    for d, f in facts.items():
        for record in [*f.assignments, *f.tasks, *f.group_tasks]:
            name = getattr(record, "agency_key", None) or record.group_key
            if name and (key := canonical(name)):
                out.agency_rows.setdefault(key, []).append(row(d, record.clause))
            owner = getattr(record, "agency", None) or getattr(record, "group", None)
            if owner:
                out.owners.setdefault(row(d, record.clause), owner)
    for i, c in enumerate(clauses):
        if c["kind"] == "section" and (m := _PART_LINE.match(c["text"])):
            out.part_rows.setdefault(_sep(c["doc_id"], m.group(1).upper()), []).append(i)
    for d, f in facts.items():
        for position, ind in enumerate(f.indicators):
            out.indicator_rows.setdefault(_sep(d, ind.number), []).append(row(d, ind.clause))
            out.indicator_at[row(d, ind.clause)] = position
        for a in f.assignments:
            for n in a.indicators:
                rows = out.indicator_assigned.setdefault(_sep(d, n), [])
                if row(d, a.clause) not in rows:
                    rows.append(row(d, a.clause))
    return out


__all__ = ["ClauseLookups", "DOC_NUMBER", "FACET_CLAUSES", "build", "reference_key"]
