"""Plan metadata read from the text itself: số hiệu, issuer, level, locality, province, date, title, căn cứ, signer."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from .gazetteer import province_of
from .segmenting import Clause

LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_LEVEL_RE = "|".join(sorted((lv for lv in LEVELS), key=len, reverse=True))
_UPPER_NAME = r"[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*(?:\s+[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*)*"
_TITLE_NAME = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]*)*"
_NUMBER = re.compile(r"Số\s*:\s*(\d*)\s*/\s*([A-ZĐ]+)\s*-\s*([A-ZĐ]+)")
_DATE = re.compile(r"ngày\s+(\d{1,2})?\s*tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_PLACE = re.compile(r"^([^\d,]{2,40}),\s*ngày\b", re.MULTILINE)
_DOC_TYPES = "Quyết định|Chỉ thị|Nghị quyết|Kế hoạch|Thông tư|Nghị định|Luật|Công văn|Chương trình"
_REFERENCE = re.compile(
    rf"(?P<type>{_DOC_TYPES})\s+số\s+(?P<number>\d+(?:/\d{{4}})?[/-][A-ZĐa-zđ0-9/-]*[A-ZĐa-zđ0-9])"
    r"(?:\s+ngày\s+(?P<date>\d{1,2}(?:/\d{1,2}/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})))?"
    r"(?:\s+của\s+(?P<issuer>[^,;:()]+?))?(?=\s+(?:về|phê duyệt|ban hành|về việc)\b|[,;:(.]|$)",
    re.IGNORECASE,
)
_ROLE = re.compile(r"\b(?:(TM|KT|Q|TL)\.\s*)?(PHÓ CHỦ TỊCH|CHỦ TỊCH)\b")


@dataclass
class Reference:
    type: str
    number: str
    date: str | None
    issuer: str | None


@dataclass
class PlanMetadata:
    doc_id: str
    source: str
    number: str | None
    issuer: str | None
    level: str | None
    locality: str | None
    district: str | None
    province: str | None
    date: str | None
    title: str | None
    legal_basis: list[Reference] = field(default_factory=list)
    signer: str | None = None
    signer_role: str | None = None
    province_from: str | None = None  # "text", or "gazetteer" when the plan names no province

    def to_dict(self) -> dict:
        return asdict(self)


def _titlecase(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def iso_date(day: str | None, month: str, year: str) -> str:
    """`2021-07-27`, or `2024-05` when the day is left blank in the plan."""
    if day:
        return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return f"{int(year):04d}-{int(month):02d}"


def _reference_date(raw: str | None) -> str | None:
    if not raw:
        return None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw):
        return iso_date(*m.groups())
    if m := re.fullmatch(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", raw):
        return iso_date(*m.groups())
    return None


def _level_and_locality(header: str, place: str | None, body: str) -> tuple[str | None, str | None]:
    # "ỦY BAN NHÂN DÂN / HUYỆN HƯƠNG KHÊ", or a two-column line "XÃ QUẢNG VINH Độc lập …".
    if m := re.search(rf"^(?:ỦY BAN NHÂN DÂN\s+)?({_LEVEL_RE.upper()})\s+({_UPPER_NAME})\b", header, re.MULTILINE):
        level, name = m.group(1).lower(), m.group(2)
        name = re.split(r"\s+(?:CỘNG|ĐỘC)\b", name)[0]
        return level, _titlecase(name)
    if place:  # "Phường Nguyễn Nghiêm, ngày …"
        if m := re.match(rf"({_LEVEL_RE})\s+(.+)$", place, re.IGNORECASE):
            return m.group(1).lower(), m.group(2).strip()
        # The issuer line may lack the level ("ỦY BAN NHÂN DÂN" alone); the title or body names it.
        for level in LEVELS:
            if re.search(rf"\b{level}\s+{re.escape(place)}\b", body, re.IGNORECASE):
                return level, place
        return None, place
    return None, None


def _parent(body: str, levels: tuple[str, ...], exclude: str | None) -> str | None:
    pattern = rf"\b(?i:{'|'.join(levels)})\s+({_TITLE_NAME})"
    for m in re.finditer(pattern, body):
        name = m.group(1)
        if name != exclude and len(name.split()) <= 4:
            return name
    return None


def _signature(clauses: list[Clause]) -> tuple[str | None, str | None]:
    lines = [c.text for c in clauses if c.kind == "signature"]
    name = None
    for text in reversed(lines):
        if re.fullmatch(_TITLE_NAME, text) and 2 <= len(text.split()) <= 5:
            name = text
            break
    joined = " ".join(lines)
    roles = [m.group(2) for m in _ROLE.finditer(joined)]
    if not roles:
        return name, None
    role = "Phó Chủ tịch" if roles[-1] == "PHÓ CHỦ TỊCH" else "Chủ tịch"
    if re.search(r"\bKT\.\s*CHỦ TỊCH", joined) and role == "Phó Chủ tịch":
        role = "KT. Chủ tịch, Phó Chủ tịch"
    return name, role


def extract_metadata(doc_id: str, source: str, clauses: list[Clause]) -> PlanMetadata:
    header = "\n".join(c.text for c in clauses if c.kind == "header")
    title = " ".join(c.text for c in clauses if c.kind == "title") or None
    preamble = " ".join(c.text for c in clauses if c.kind == "preamble")
    body = "\n".join(c.text for c in clauses)

    number = None
    if m := _NUMBER.search(header):
        number = f"{m.group(1)}/{m.group(2)}-{m.group(3)}" if m.group(1) else None
    date = None
    if m := _DATE.search(header):
        date = iso_date(*m.groups())
    place = None
    if m := _PLACE.search(header):
        place = re.sub(r"^.*\bUBND\s+", "", m.group(1)).strip()  # two-column line "Số: 90 /KH- UBND Quảng Vinh"
    level, locality = _level_and_locality(header, place, (title or "") + "\n" + body)

    province = locality if level == "tỉnh" else _parent(preamble + " " + body, ("tỉnh",), None)
    district = None
    if level in ("xã", "phường", "thị trấn"):
        district = _parent(preamble + " " + body, ("huyện", "thành phố", "thị xã", "quận"), locality)
    issuer = f"Ủy ban nhân dân {level} {locality}" if level and locality else None
    province_from = "text" if province else None
    if province is None and locality and (found := province_of(locality, level, district)):
        province, province_from = found, "gazetteer"

    basis, seen = [], set()
    for m in _REFERENCE.finditer(preamble + " " + (title or "")):
        key = m.group("number").upper()
        if key in seen or (number and key == number.upper()):
            continue
        seen.add(key)
        issuer_ref = m.group("issuer").strip() if m.group("issuer") else None
        basis.append(Reference(m.group("type").capitalize(), m.group("number"), _reference_date(m.group("date")), issuer_ref))
    signer, role = _signature(clauses)
    return PlanMetadata(doc_id, source, number, issuer, level, locality, district, province, date, title, basis, signer,
                        role, province_from)
