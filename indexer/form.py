"""The form of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, thể thức văn bản), read from its lines.

A document opens with its front matter: the issuing body (under its parent body), the national motto, the số
hiệu, the place and date, the document type (`KẾ HOẠCH`) and the trích yếu. Web copies add the portal's own
metadata lines above it (`Số hiệu:`, `Người ký:` ...). Converters lay these out in many ways (table rows with
`|`, cell by cell, two columns on one line, one field over two lines), so every field here is recognised by what
it says, never by where it sits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tokenizing import fold

LEVELS = ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn")
_LEVEL_RE = "|".join(sorted(LEVELS, key=len, reverse=True))

# Motto lines, in any case and with any dash: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"; a
# Party committee's documents carry "ĐẢNG CỘNG SẢN VIỆT NAM" in its place.
MOTTO = re.compile(r"(?i:c[ộo]ng\s+h[òoóỏ]a\s+x[ãa]\s+h[ộo]i(?:\s+ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam)?"
                   r"|ch[ủu]\s+ngh[ĩi]a\s+vi[ệe]t\s+nam|đ[ộo]c\s+l[ậa]p\s*[-–—,]?\s*t[ựu]\s+do\s*[-–—,]?\s*h[ạa]nh\s+ph[úu]c"
                   r"|đ[ảa]ng\s+c[ộo]ng\s+s[ảa]n\s+vi[ệe]t\s+nam)")
_MOTTO_WORDS = {"cộng", "hòa", "hoà", "xã", "hội", "chủ", "nghĩa", "việt", "nam", "độc", "lập", "tự", "do", "hạnh",
                "phúc", "đảng", "sản"}


def is_motto_fragment(line: str) -> bool:
    """A piece of the motto cut over lines by a converter ("CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")."""
    words = re.findall(r"[^\W\d_]+", line.lower())
    return bool(words) and all(w in _MOTTO_WORDS for w in words)


# Ornaments under the motto or the issuer ("---oOo---", "*****").
_ORNAMENT = re.compile(r"^[-–—_=~*.·oO0\s]+$")
# Số hiệu: "Số: 2716/KH-UBND", "Số: 90 /KH- UBND", "Số: /KH-UBND", "Số: 12/2023/KH-UBND", "Số 12-KH/TU".
NUMBER = re.compile(
    r"^(?:(?:Kế hoạch|Quyết định|Nghị quyết|Chương trình|Công văn)\s+[Ss]|S)[ốo]\s*(?:hi[ệe]u)?\s*:?\s*(?P<n>\d+[a-zA-Z]?)?\s*"
    r"(?P<code>(?:/\s*\d{4}\s*)?[/-]\s*[A-ZĐ][A-ZĐ&]*(?:\s*[-/]\s*[A-ZĐ0-9][A-ZĐa-zđ0-9&]*)*)"
)
_DATE_WORDS = re.compile(r"ng[àa]y\s*(\d{1,2})?\s*th[áa]ng\s*(\d{1,2})\s*n[ăa]m\s*(\d{4})", re.IGNORECASE)
_DATE_DIGITS = re.compile(r"ng[àa]y\s*(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})", re.IGNORECASE)
_BARE_DATE = re.compile(r"^(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})$")
# "Hải Dương, ngày ...", "Phường Nguyễn Nghiêm, ngày", "TP. Hồ Chí Minh, ngày": the place of issue.
PLACE = re.compile(r"^(?P<place>[^\d,:;()]{2,50}?)\s*,\s*ng[àa]y\b", re.IGNORECASE)
# A date line cut after "ngày": its second half.
_DATE_TAIL = re.compile(r"^(?:\d{1,2}\s*)?th[áa]ng\s*\d{1,2}\s*n[ăa]m\s*\d{4}\s*$|^\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}$",
                        re.IGNORECASE)

# The document types a plan is issued as, or under (a decision whose attachment is the plan).
DOC_TYPES = ("KẾ HOẠCH", "QUYẾT ĐỊNH", "CHƯƠNG TRÌNH", "ĐỀ ÁN", "PHƯƠNG ÁN", "CHỈ THỊ", "NGHỊ QUYẾT", "HƯỚNG DẪN",
             "CÔNG VĂN", "THÔNG BÁO", "BÁO CÁO")
_DOC_TYPE = re.compile(rf"^(?P<type>{'|'.join(DOC_TYPES)})(?![^\W\d_])(?:\s*[:\-–]\s*|\s+)?(?P<rest>.*)$")


def _fold(text: str) -> str:
    return fold(text).lower()


_FOLDED_TYPES = {_fold(t): t for t in DOC_TYPES}
_PLAN_ALONE = re.compile(r"^(?:Kế hoạch|Kế Hoạch)\s*:?$")
ATTACHMENT = re.compile(
    r"^\(?\s*(?:Được\s+)?(?:ban hành\s+)?kèm theo\s+(?P<type>Quyết định|Nghị quyết|Công văn|Chỉ thị)\s+số\s*:?\s*"
    r"(?P<number>\d+(?:/\d{4})?[/-][A-ZĐa-zđ0-9/&-]*[A-ZĐa-zđ0-9])?",
    re.IGNORECASE,
)
# Labels web portals put above a copied document, as "Label: value" or as a table "Label: | value | Label: | value".
PORTAL_LABELS = {
    "số hiệu": "number", "ký hiệu": "number", "số ký hiệu": "number", "loại văn bản": "doc_type",
    "nơi ban hành": "issuer", "cơ quan ban hành": "issuer", "người ký": "signer", "ngày ban hành": "date",
    "ngày hiệu lực": "effective", "ngày có hiệu lực": "effective", "ngày công báo": None, "số công báo": None,
    "tình trạng": None, "tình trạng hiệu lực": None, "lĩnh vực": None, "trích yếu": "title", "ngày hết hiệu lực": None,
    "cập nhật": None, "ngày đăng": None, "lượt xem": None, "chức vụ": "signer_role",
}
_PORTAL = re.compile(rf"^(?P<label>{'|'.join(sorted(PORTAL_LABELS, key=len, reverse=True))})\s*:\s*(?P<value>.*)$",
                     re.IGNORECASE)
# Where the body starts: a Roman or `Phần`/`Chương`/`Điều` heading, or the preamble's legal grounds.
_BODY_START = re.compile(r"^(?:[IVXLC]+\s*[.:/)]\s*\S|(?:PHẦN|Phần|CHƯƠNG|Chương|Điều|ĐIỀU)\s+(?:\d+|[IVXLC]+|thứ)\b"
                         r"|Căn cứ\b|CĂN CỨ\b|Thực hiện\s+(?:\S+\s+){0,6}?số\s*\d|\d+\s*\.\s*\S.{0,120}$)")
# Issuing bodies (any case): a People's Committee or Council, a department, a steering committee, a Party committee.
ISSUER_START = re.compile(
    r"^(?i:ủy ban|uỷ ban|ubnd|hội đồng|hđnd|sở|ban|bộ|phòng|văn phòng|chi cục|trung tâm|công an|đảng bộ|đảng ủy|đảng uỷ"
    r"|tỉnh ủy|tỉnh uỷ|thành ủy|thành uỷ|huyện ủy|huyện uỷ|thị ủy|thị uỷ|quận ủy|quận uỷ|trường|cục|tổng cục"
    rf"|mặt trận|đoàn|hội|liên đoàn|{_LEVEL_RE})\b"
)


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def cells(line: str) -> list[str]:
    """A line's table cells (a data row keeps its cells joined by ` | `)."""
    return [c.strip() for c in line.split(" | ") if c.strip()]


_PORTAL_LABEL = re.compile(rf"(?:^|(?<=[\s|]))(?P<label>{'|'.join(sorted(PORTAL_LABELS, key=len, reverse=True))})\s*:",
                           re.IGNORECASE)


def portal_fields(line: str, pending: str | None = None) -> tuple[dict[str, str], str | None]:
    """Fields of one portal line ("Số hiệu: | 49/KH-UBND | Loại văn bản: | Văn bản khác", or "Nơi ban hành: Tỉnh
    Bắc Ninh Người ký: Nguyễn Tiến Nhường"); a label left without value waits (`pending`) for the next line."""
    fields: dict[str, str] = {}
    labels = list(_PORTAL_LABEL.finditer(line))
    if not labels and pending is None and (bare := _bare_field(line)):
        return dict([bare]), None
    lead = line[: labels[0].start() if labels else len(line)].strip(" |")
    if pending is not None and lead:
        fields[pending] = cells(lead)[0]
        pending = None
    elif labels and lead:
        return {}, None  # prose that happens to contain a label word
    for k, m in enumerate(labels):
        value_end = labels[k + 1].start() if k + 1 < len(labels) else len(line)
        value = line[m.end():value_end].strip(" |")
        key = PORTAL_LABELS[m.group("label").lower()] or "other"
        if value:
            fields.setdefault(key, cells(value)[0] if " | " in value else value)
            pending = None
        else:
            pending = key
    return fields, pending


# Some portals set label and value side by side with no colon ("Người ký Nguyễn Thị Thanh Lịch", "Số, ký hiệu
# 1798/KH-UBND"): only labels of two words or more, followed by a capital or a digit, so prose is not taken for one.
_BARE_LABELS = "|".join(re.escape(label).replace(r"\ ", r",?\s+")
                        for label in sorted((lb for lb in PORTAL_LABELS if " " in lb), key=len, reverse=True))
_PORTAL_BARE = re.compile(rf"^(?P<label>{_BARE_LABELS})\s+(?P<value>[A-ZĐÀ-Ỹ0-9].*)$", re.IGNORECASE)


def _bare_field(line: str) -> tuple[str, str] | None:
    if not (m := _PORTAL_BARE.match(line)) or m.group("value")[:1].islower():
        return None
    label = re.sub(r",?\s+", " ", m.group("label").lower())
    return PORTAL_LABELS[label] or "other", m.group("value").strip()


def is_portal_label(cell: str) -> bool:
    """A table cell holding only a portal's label ("Số hiệu", "Người ký:")."""
    return " ".join(cell.split()).rstrip(" :").lower() in PORTAL_LABELS


def is_portal(line: str) -> bool:
    return bool(_PORTAL.match(line)) or _bare_field(line) is not None


def doc_type(line: str) -> tuple[str, str] | None:
    """(document type, trích yếu on the same line) when `line` names the document type: `KẾ HOẠCH`, `KẾ HOẠCH Về ...`."""
    text = line.strip(" *")
    if _PLAN_ALONE.match(text):
        return "KẾ HOẠCH", ""
    if is_upper(text):  # "KE HOACH" typed without diacritics
        folded = _fold(text)
        for bare, typed in _FOLDED_TYPES.items():
            if folded == bare or folded.startswith(bare + " "):
                text = typed + text[len(bare):]
                break
    m = _DOC_TYPE.match(text)
    if not m:
        return None
    rest = m.group("rest").strip(" :-–")
    # "KẾ HOẠCH SỐ 12/KH-UBND ..." cites a plan; "QUYẾT ĐỊNH:" closes a decision's preamble.
    if re.match(r"(?i)s[ốo]\b", rest) or line.rstrip().endswith(":") and not rest:
        return None
    if rest and m.group("type") != "KẾ HOẠCH" and not is_upper(rest):
        return None  # "BÁO CÁO kết quả ..." in prose is not a front-matter type line unless in capitals
    return m.group("type"), rest


# The place-and-date line: "<place>, ngày ...", or "ngày ..." alone; a sentence citing a date is not one.
_DATE_LINE = re.compile(r"^(?:[^\d,:;()]{2,50}?,\s*)?ng[àa]y\b[^;:]{0,40}$", re.IGNORECASE)


def is_date_line(line: str) -> bool:
    return bool(PLACE.match(line) or _DATE_TAIL.match(line) or _DATE_LINE.match(line))


def is_issuer_line(line: str) -> bool:
    if len(line) > 90 or MOTTO.search(line) or NUMBER.match(line) or doc_type(line):
        return False
    return is_upper(line) or bool(ISSUER_START.match(line) and len(line.split()) <= 10 and not line.endswith((".", ";")))


def is_header_field(line: str) -> bool:
    """A line of the header block that is not the issuer: motto, number, place and date, ornament, portal field."""
    return bool(MOTTO.search(line) or is_motto_fragment(line) or NUMBER.match(line) or is_date_line(line) or _ORNAMENT.match(line)
                or is_portal(line) or re.match(r"(?i)^(?:v/v|về việc)\b", line) and len(line) < 200)


def is_body_start(line: str) -> bool:
    return bool(_BODY_START.match(line))


@dataclass
class FrontMatter:
    """Roles of the document's first lines: `header`, `doctype`, `title`, `authority` (the power a decision is
    issued under), `attachment`, `decision` (the body of a decision the plan is attached to); `end` is the first
    line after them (the preamble or body)."""

    roles: list[str] = field(default_factory=list)
    kind: str = "KẾ HOẠCH"  # the type named above the trích yếu (a plan when the copy lost that line)
    title_inline: dict[int, int] = field(default_factory=dict)  # line -> offset where the trích yếu starts

    @property
    def end(self) -> int:
        return len(self.roles)

    def no_merge_before(self) -> int:
        """Lines up to this index stay as they are (fields, not prose to be rejoined). The text of a decision the
        plan is attached to is prose (its căn cứ, articles, signature) and is rejoined like the plan's own."""
        if "decision" in self.roles:
            return self.roles.index("decision") - 1
        for i in range(len(self.roles) - 1, -1, -1):
            if self.roles[i] in ("doctype", "header") and i not in self.title_inline:
                return i
        return 0


FRONT_SCAN = 200  # lines; the front matter (with a web page's chrome above it) never runs longer


def _title_lines(lines: list[str], i: int, roles: list[str], upper: bool | None) -> int:
    """Mark the trích yếu from line i on (`upper` None: line i is its first line); returns the line after it."""
    if upper is None:
        if i >= len(lines) or not _could_be_title(lines[i]):
            return i
        roles.append("title")
        upper, i = is_upper(lines[i]), i + 1
    # A trích yếu in capitals may run over several lines; a mixed-case one is one line once cleaning has
    # rejoined its wrapped parts.
    while upper and i < len(lines) and is_upper(lines[i]) and not is_body_start(lines[i]) and len(lines[i]) < 400:
        if _is_authority(lines, i):
            roles.append("authority")
            return i + 1
        roles.append("title")
        i += 1
    if i < len(lines) and ATTACHMENT.match(lines[i]):
        roles.append("attachment")
        i += 1
    return i


# The authority a decision or resolution is issued under, between its trích yếu and its căn cứ ("CHỦ TỊCH ỦY BAN
# NHÂN DÂN TỈNH VĨNH LONG", "ỦY BAN NHÂN DÂN HUYỆN …", "HỘI ĐỒNG NHÂN DÂN …"): not part of the title.
AUTHORITY = re.compile(r"^(?:(?:PHÓ\s+)?CHỦ\s+TỊCH|Ủ?Y\s+BAN\s+NHÂN\s+DÂN|UỶ\s+BAN\s+NHÂN\s+DÂN|HỘI\s+ĐỒNG\s+NHÂN\s+DÂN|"
                        r"GIÁM\s+ĐỐC|TRƯỞNG\s+BAN|BỘ\s+TRƯỞNG|BAN\s+(?:CHẤP\s+HÀNH|THƯỜNG\s+VỤ|CHỈ\s+ĐẠO))\b")


def _is_authority(lines: list[str], i: int) -> bool:
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return bool(AUTHORITY.match(lines[i])) and (not nxt or bool(re.match(r"(?i)căn cứ\b|xét\b", nxt)))


def _could_be_title(line: str) -> bool:
    return not (ATTACHMENT.match(line) or re.match(r"(?i)căn cứ\b", line) or re.match(r"^[IVXLC]+\s*\.", line)
                or len(line) > 400 or line.endswith(":") or is_portal(line))


def read_front(lines: list[str]) -> FrontMatter:
    """Roles of the front-matter lines of a cleaned document (one field or cell per line)."""
    front = FrontMatter()
    roles = front.roles
    limit = min(len(lines), FRONT_SCAN)
    # The document type line, looked for before the body starts.
    type_at = None
    for i in range(limit):
        if doc_type(lines[i]):
            if (again := _type_below_motto(lines, i, limit)) is not None:
                i = again  # "KẾ HOẠCH Thông tin …" above the motto: the web page's own title, not the document's
            type_at = i
            break
        if is_body_start(lines[i]) and not is_header_field(lines[i]) and not (i < 3 and is_issuer_line(lines[i])):
            break
    if type_at is not None:
        roles.extend("header" for _ in range(type_at))
        kind, rest = doc_type(lines[type_at])
        if kind == "QUYẾT ĐỊNH" and (plan_at := _attached_plan(lines, type_at)) is not None:
            # A decision whose attachment is the plan: the decision's text is the plan's preamble.
            roles.append("doctype")
            roles.extend("decision" for _ in range(type_at + 1, plan_at))
            roles.append("doctype")
            type_at = plan_at
            kind, rest = doc_type(lines[plan_at])
        else:
            roles.append("doctype")
        front.kind = kind
        if rest:
            roles[-1] = "title"
            front.title_inline[type_at] = lines[type_at].find(rest)
            _title_lines(lines, type_at + 1, roles, is_upper(rest))
        else:
            _title_lines(lines, type_at + 1, roles, None)
        return front
    # No document type line (some web copies): header fields, then the trích yếu in capitals standing alone. A web
    # page's own title and chrome may sit above the first field.
    i, seen_field = _first_field(lines, limit), False
    roles.extend("header" for _ in range(i))
    while i < limit:
        line = lines[i]
        if is_header_field(line):
            seen_field = seen_field or not (is_portal(line) or _ORNAMENT.match(line))
        elif is_portal_value(lines, i):
            pass
        elif not (is_issuer_line(line) and not (seen_field and _looks_like_title(line))):
            break
        roles.append("header")
        i += 1
    if not roles:
        return front
    if i < len(lines) and _looks_like_title(lines[i]) and not is_body_start(lines[i]):
        _title_lines(lines, i, roles, None)
    elif i < len(lines) and ATTACHMENT.match(lines[i]):
        roles.append("attachment")
    return front


def _type_below_motto(lines: list[str], type_at: int, limit: int) -> int | None:
    """The document-type line of the header below, when the one at `type_at` sits above the national motto."""
    if any(MOTTO.search(lines[j]) for j in range(type_at)):
        return None  # the header is above: this is the document's own type line (or a decision's)
    motto = next((j for j in range(type_at + 1, min(limit, type_at + 40)) if MOTTO.search(lines[j])), None)
    if motto is None:
        return None
    return next((j for j in range(motto + 1, min(limit, motto + 25)) if doc_type(lines[j])), None)


def _first_field(lines: list[str], limit: int) -> int:
    for j in range(min(limit, 30)):
        if is_header_field(lines[j]) or is_issuer_line(lines[j]):
            return j
        if is_body_start(lines[j]):
            break
    return 0


def is_portal_value(lines: list[str], i: int) -> bool:
    """The value cell of a portal label left alone on the previous line (`Người ký:` / `Nguyễn Thế Giang`)."""
    return i > 0 and bool(re.match(r"^.*:\s*$", lines[i - 1]) and _PORTAL.match(lines[i - 1]))


def _looks_like_title(line: str) -> bool:
    return (is_upper(line) and len(line) >= 20) or bool(re.match(r"(?i)^(?:v/v|về việc)\b", line))


def _attached_plan(lines: list[str], decision_at: int) -> int | None:
    """The `KẾ HOẠCH` line opening the plan a decision issues, when both are on the page."""
    for j in range(decision_at + 1, len(lines)):
        found = doc_type(lines[j])
        if found and found[0] == "KẾ HOẠCH" and lines[j].strip(" *") in ("KẾ HOẠCH", "Kế hoạch", "Kế Hoạch"):
            return j
        if found and found[0] == "KẾ HOẠCH" and is_upper(lines[j]):
            return j
    return None


# ---- fields of the header block ---------------------------------------------------------------------------


def iso_date(day: str | None, month: str, year: str) -> str | None:
    """`2021-07-27`, or `2024-05` when the day is left blank; None for an impossible date."""
    d, mo, y = (int(day) if day else None), int(month), int(year)
    if not (1 <= mo <= 12 and 1900 <= y <= 2100) or (d is not None and not 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}" if d else f"{y:04d}-{mo:02d}"


def find_date(text: str) -> tuple[str, int] | None:
    """(ISO date, offset) of the first issue date written `ngày 27 tháng 7 năm 2021` or `ngày 27/7/2021`."""
    found = []
    if m := _DATE_WORDS.search(text):
        found.append((iso_date(*m.groups()), m.start()))
    if m := _DATE_DIGITS.search(text):
        found.append((iso_date(m.group(1), m.group(3), m.group(4)), m.start()))
    found = [f for f in found if f[0]]
    return min(found, key=lambda f: f[1]) if found else None


def bare_date(text: str) -> str | None:
    """A portal's `21/05/2018`."""
    if m := _BARE_DATE.match(text.strip()):
        return iso_date(m.group(1), m.group(3), m.group(4))
    return find_date(text)[0] if find_date(text) else None


def number_of(line: str) -> tuple[str | None, str] | None:
    """(số hiệu, its type code) of a `Số:` line; the số hiệu is None when left blank (`Số: /KH-UBND`)."""
    m = NUMBER.match(line.strip())
    if not m:
        return None
    code = re.sub(r"\s+", "", m.group("code"))
    if not re.search(r"[A-ZĐ]", code):
        return None
    return (f"{m.group('n')}{code}" if m.group("n") else None), code


def number_in(text: str) -> str | None:
    """A portal value `49/KH-UBND`."""
    m = re.match(r"^\s*(\d+(?:/\d{4})?\s*[/-]\s*[A-ZĐ][A-ZĐa-zđ0-9/&-]*[A-ZĐa-zđ0-9])", text)
    return re.sub(r"\s+", "", m.group(1)) if m else None
