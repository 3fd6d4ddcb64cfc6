"""Plan metadata read from the document's form: số hiệu, issuer (and its parent), level, locality, province, date,
trích yếu, căn cứ, signer.

Each field comes from the part of the form that carries it (see `form`), whatever the layout; a field that cannot
be read is None, never a fragment. Where the document itself is silent, the web portal's metadata lines
(`Người ký:`, `Ngày ban hành:` ...) and then the gazetteer fill in.

A plan issued as the attachment of a decision (`Ban hành kèm theo Quyết định số 1234/QĐ-UBND`) has `attached_to`
= that decision's number; its `number` is the plan's own số hiệu if it has one, else None (the decision's number
is not the plan's), and its date is the plan's own date, else the decision's.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from . import form
from .form import LEVELS, iso_date
from .gazetteer import canonical, district_of, fold, province_named, province_of
from .segmenting import SECTION_ATTACHED, SIGNING_TITLE, Clause

_LEVEL_RE = form._LEVEL_RE
_WORD = r"[^\W\d_][^\s,;:()|]*"
_TITLE_NAME = r"[A-ZĐÀ-Ỹ][a-zđà-ỹ]*(?:\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ]*)*"
_DOC_TYPES = "Quyết định|Chỉ thị|Nghị quyết|Kế hoạch|Thông tư|Nghị định|Luật|Công văn|Chương trình|Văn bản|Đề án|Kết luận"
_REFERENCE = re.compile(
    # a type may take a few words before its number: "Chương trình hành động số 10-CTr/TU", "Văn bản hợp nhất số"
    rf"(?P<type>{_DOC_TYPES})(?:\s+[^\W\d_]+){{0,3}}?\s+số:?\s*(?P<number>\d+(?:/\d{{4}})?[/-][A-ZĐa-zđ0-9/-]*[A-ZĐa-zđ0-9])"
    r"(?:\s*,?\s+ngày\s+(?P<date>\d{1,2}(?:/\d{1,2}/\d{4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4})))?"
    r"(?:\s+của\s+(?P<issuer>[^,;:()]+?))?(?=\s+(?:về|phê duyệt|ban hành|về việc)\b|\s*[,;:(.]|$)",
    re.IGNORECASE,
)
_UBND = r"ủy ban nhân dân|uỷ ban nhân dân|ubnd|ủy ban|uỷ ban"
_HDND = r"hội đồng nhân dân|hđnd"
# Party committees name their level in one word: "HUYỆN ỦY HƯƠNG KHÊ", "TỈNH ỦY QUẢNG NAM", "ĐẢNG ỦY XÃ X".
_PARTY_LEVEL = {"tỉnh": "tỉnh", "thành": "thành phố", "huyện": "huyện", "thị": "thị xã", "quận": "quận"}
_PARTY = re.compile(r"^(?P<kind>tỉnh|thành|huyện|thị|quận)\s+[ủu]ỷ?y?\b\s*(?P<rest>.*)$|^đảng\s+(?:ủy|uỷ|bộ)\b\s*(?P<org_rest>.*)$",
                    re.IGNORECASE)
# The type a số hiệu's code names (`12/KH-UBND`, `1234/QĐ-UBND`, `31-KH/TU`).
_DOC_TYPE_BY_CODE = {"KH": "Kế hoạch", "QĐ": "Quyết định", "CTr": "Chương trình", "CT": "Chỉ thị", "NQ": "Nghị quyết",
                     "HD": "Hướng dẫn", "TB": "Thông báo", "BC": "Báo cáo", "ĐA": "Đề án", "PA": "Phương án"}
_PARTY_COMMITTEE = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "thị xã": "Thị ủy", "quận": "Quận ủy"}
_ABBREVIATED_LEVEL = [(re.compile(r"^(?:TP|Tp|tp)\s*\.?\s+"), "thành phố "), (re.compile(r"^(?:TX|Tx)\s*\.?\s+"), "thị xã ")]
# The issuer names itself in its opening sentence: "Ủy ban nhân dân huyện Hương Khê ban hành Kế hoạch ...".
_OPENING = re.compile(
    rf"(?i:(?P<org>{_UBND}|{_HDND}))\s+(?i:(?P<level>{_LEVEL_RE}))\s+(?P<name>{_TITLE_NAME})"
    r"\s+(?i:ban hành|xây dựng|triển khai|lập)\s+(?:\S+\s+){0,2}?[Kk]ế hoạch\b"
)
# A news item or portal notice has no header of its own; what it reports is the plan it is about: "Ban Chỉ đạo …
# đã ban hành Kế hoạch số 97/KH-BCĐ ngày 20/4/2023 về …". Only a plan it says was issued, not one it implements.
_REPORTED = re.compile(
    r"(?i:(?:(?:đã|vừa|mới)\s+)?ban\s+hành(?:\s+xong)?)\s+(?i:kế\s+hoạch|KH)\s+(?i:số\s+)?"
    r"(?P<number>\d+(?:/\d{4})?\s*[/-]\s*[A-ZĐ][A-ZĐa-zđ0-9/&-]*[A-ZĐa-zđ0-9])(?P<after>[^.;]{0,40})"
)
_ROLE_PREFIX = re.compile(r"\b(TM|KT|TL|TUQ|Q|T/M|K/T)\.?\s+", re.IGNORECASE)
_SIGNING = SIGNING_TITLE
_NOT_A_NAME = re.compile(r"(?i)\b(?:ủy ban|uỷ ban|ubnd|nhân dân|sở|ban|phòng|đã ký|đóng dấu|chủ tịch|giám đốc|bí thư|"
                         r"trưởng|thường vụ|thường trực|hội đồng|nơi nhận|lưu)\b")
_ROLE_CASE = {"chủ tịch": "Chủ tịch", "giám đốc": "Giám đốc", "trưởng ban": "Trưởng ban", "bí thư": "Bí thư",
              "chánh văn phòng": "Chánh Văn phòng", "tổng giám đốc": "Tổng Giám đốc"}


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
    issuer_parent: str | None = None  # the body above the issuer: "Ủy ban nhân dân tỉnh Quảng Nam" above "Sở Y tế"
    doc_type: str | None = None  # "Kế hoạch", ...
    attached_to: str | None = None  # the decision this plan was issued with ("1234/QĐ-UBND")
    number_blank: bool = False  # its `Số:` line is there with the number left blank (`Số: /KH-UBND`)

    def to_dict(self) -> dict:
        return asdict(self)


def _titlecase(name: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in name.split())


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:].lower() if form.is_upper(text) else text


def _reference_date(raw: str | None) -> str | None:
    if not raw:
        return None
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", raw):
        return iso_date(*m.groups())
    if m := re.fullmatch(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", raw):
        return iso_date(*m.groups())
    return None


# ---- places ---------------------------------------------------------------------------------------------------


def _place_name(words: str, level: str | None) -> str | None:
    """A unit's name from the words after its level ("HẢI DƯƠNG", "hai duong"), in the plan's own spelling (the
    gazetteer's when the plan writes it without diacritics); the longest run of words the gazetteer knows wins."""
    tokens = re.findall(_WORD, form.MOTTO.split(words)[0])[:6]
    if not tokens:
        return None
    for n in range(len(tokens), 0, -1):
        candidate = " ".join(tokens[:n])
        if found := canonical(candidate, level):
            return found if fold(candidate) == candidate.lower() else _titlecase(candidate)
    # Unknown to the gazetteer (renamed or merged since): the whole name, only when it is short enough to be one.
    return _titlecase(" ".join(tokens)) if len(tokens) <= 4 else None


def _normalise_level(text: str) -> str:
    for pattern, repl in _ABBREVIATED_LEVEL:
        text = pattern.sub(repl, text)
    return text


def _level_place(text: str) -> tuple[str, str] | None:
    """(level, name) of "TỈNH NINH BÌNH", "huyện Hương Khê", "TP. Quảng Ngãi"."""
    text = _normalise_level(text.strip())
    m = re.match(rf"(?i:({_LEVEL_RE}))\s+(.+)$", text)
    if not m:
        return None
    level = m.group(1).lower()
    name = _place_name(m.group(2), level)
    return (level, name) if name else None


@dataclass
class Body:
    """One issuing body of the header: its kind (ubnd, hdnd, party, other), its territory and its name."""

    kind: str
    level: str | None
    place: str | None
    text: str

    def name(self, body_text: str) -> str | None:
        if self.kind == "ubnd" and self.level and self.place:
            return f"Ủy ban nhân dân {self.level} {self.place}"
        if self.kind == "hdnd" and self.level and self.place:
            return f"Hội đồng nhân dân {self.level} {self.place}"
        if self.kind == "party" and self.level and self.place:
            if org := re.match(r"(?i)(đảng\s+(?:ủy|uỷ|bộ))", self.text):
                return f"{_sentence_case(org.group(1))} {self.level} {self.place}"
            return f"{_PARTY_COMMITTEE[self.level]} {self.place}"
        if self.kind == "other":
            return _spelled_as_in(self.text, body_text)
        return None


def _spelled_as_in(name: str, text: str) -> str:
    """An agency's name in capitals ("SỞ Y TẾ") as the plan itself writes it in running text ("Sở Y tế")."""
    if not form.is_upper(name):
        return name
    for m in re.finditer(re.escape(name), text, re.IGNORECASE):
        if not form.is_upper(m.group(0)):
            return m.group(0)
    return _sentence_case(name)


def _body(text: str) -> Body | None:
    text = " ".join(text.split())
    if m := re.match(rf"(?i:(?P<org>{_UBND}|{_HDND}))\b\s*(?P<rest>.*)$", text):
        kind = "hdnd" if re.match(rf"(?i:{_HDND})", m.group("org")) else "ubnd"
        found = _level_place(m.group("rest")) if m.group("rest") else None
        return Body(kind, *(found or (None, None)), text)
    if m := _PARTY.match(text):
        if m.group("kind"):
            level = _PARTY_LEVEL[m.group("kind").lower()]
            place = _place_name(m.group("rest"), level) if m.group("rest") else None
            return Body("party", level, place, text)
        found = _level_place(m.group("org_rest") or "")
        return Body("party", *(found or (None, None)), text)
    if found := _level_place(text):
        return Body("ubnd", *found, text)  # "TỈNH NINH BÌNH" under "ỦY BAN NHÂN DÂN"
    # A department or a steering committee, perhaps naming its territory at the end ("BAN CHỈ ĐẠO ... HUYỆN X"); a
    # line that does not open with a body's kind, or runs on like a sentence, is not an issuer.
    if not form.ISSUER_START.match(text) or len(text.split()) > 14 or re.search(r"[.;:!?]$", text):
        return None
    level = place = None
    if m := re.search(rf"\s(?i:({_LEVEL_RE}))\s+([^\s].*)$", text):
        found = _level_place(f"{m.group(1)} {m.group(2)}")
        if found:
            level, place = found
    return Body("other", level, place, text)


_CENTRAL = re.compile(r"(?i)^(?:bộ\s|chính phủ\b|thủ tướng\b|văn phòng chính phủ\b)")


def _bodies(lines: list[str]) -> list[Body]:
    """The issuing bodies of the header, parent first: "ỦY BAN NHÂN DÂN" + "TỈNH NINH BÌNH" is one body."""
    groups: list[str] = []
    for line in lines:
        line = form.MOTTO.split(line)[0].strip(" -–")
        if not line:
            continue
        if groups:
            prev = _body(groups[-1])
            # "ĐOÀN KIỂM TRA" / "THEO QUYẾT ĐỊNH" / "SỐ 1050/QĐ-SCT": one body named over three lines
            # "BỘ VĂN HÓA, THỂ" / "THAO" / "VÀ DU LỊCH": a narrow cell breaks a name anywhere; a line that opens no
            # body of its own, after a comma or as a lone word, goes on the one above
            continues = re.match(r"(?i)^(?:và|&|-)\s|^(?i:theo|số\s+\d)", line) or (
                prev is not None and prev.place is None and prev.kind != "party" and _level_place(line)) or (
                not form.ISSUER_START.match(line) and not _level_place(line)
                and (groups[-1].rstrip().endswith(",") or len(line.split()) == 1))
            if continues:
                groups[-1] += " " + line
                continue
        groups.append(line)
    return [b for b in map(_body, groups) if b is not None]


def _text_places(text: str, levels: tuple[str, ...], exclude: str | None) -> list[str]:
    """Names following `levels` in running text ("... tỉnh Hà Tĩnh ..."), in order of first mention."""
    names: list[str] = []
    for m in re.finditer(rf"\b(?i:{'|'.join(levels)})\s+({_TITLE_NAME}|[A-ZĐÀ-Ỹ]+(?:\s+[A-ZĐÀ-Ỹ]+)*)", text):
        name = _titlecase(m.group(1)) if form.is_upper(m.group(1)) else m.group(1)
        if len(name.split()) <= 4 and name != exclude and name not in names:
            names.append(name)
    return names


def _level_from_mentions(place: str, text: str) -> str | None:
    """The level the text most often gives the place of issue ("tỉnh Hải Dương", "thành phố Quảng Ngãi")."""
    counts = {lv: len(re.findall(rf"\b{lv}\s+{re.escape(place)}\b", text, re.IGNORECASE)) for lv in LEVELS}
    best = max(counts, key=counts.get)
    if counts[best]:
        return best
    return "tỉnh" if province_named(place) else None


# ---- the header's fields -------------------------------------------------------------------------------------


@dataclass
class Header:
    portal: dict[str, str] = field(default_factory=dict)
    numbers: list[tuple[str | None, str]] = field(default_factory=list)  # (số hiệu or None when blank, code)
    date: str | None = None
    place: str | None = None
    issuer_lines: list[str] = field(default_factory=list)
    decision: bool = False  # the page is a decision issuing the plan
    attachment: tuple[str | None, str | None] | None = None  # (decision number, its date)


def _read_header(lines: list[str]) -> Header:
    head = Header()
    pending = None
    fields_seen = False
    date_text: list[str] = []
    decision_dates = 0
    for line in lines:
        if pending and (form.is_upper(line) and not re.search(r"\d", line) or form.MOTTO.search(line)
                        or form.NUMBER.match(line)):
            pending = None  # a label left empty at the end of the portal's block: the document starts here
        if form.is_portal(line) or pending:
            fields, pending = form.portal_fields(line, pending)
            if fields or pending:
                for k, v in fields.items():
                    head.portal.setdefault(k, v)
                continue
        if m := form.ATTACHMENT.match(line):
            date = form.find_date(line)
            head.attachment = (m.group("number"), date[0] if date else None)
            continue
        if (found := form.doc_type(line)) and found[0] == "QUYẾT ĐỊNH":
            head.decision, decision_dates = True, len(date_text)
            continue
        rest = line
        if number := form.number_of(line):
            head.numbers.append(number)
            fields_seen = True
            rest = line[form.NUMBER.match(line).end():].strip()
            if not rest:
                continue
        if form.is_date_line(rest):
            fields_seen = True
            date_text.append(rest)
            if head.place is None and (m := form.PLACE.match(rest)):
                head.place = " ".join(m.group("place").split())
            continue
        if form.is_motto_fragment(rest):
            continue
        if form.MOTTO.search(rest):
            before = form.MOTTO.split(rest)[0].strip()
            if before and not fields_seen and form.is_issuer_line(before):
                head.issuer_lines.append(before)
            continue
        if not fields_seen and form.is_issuer_line(rest) and not form.is_header_field(rest):
            head.issuer_lines.append(rest)
    # A plan with its own header below the decision issuing it has its own date.
    if head.decision and (found := form.find_date("\n".join(date_text[decision_dates:]))):
        head.date = found[0]
    elif found := form.find_date("\n".join(date_text)):
        head.date = found[0]
    return head


# ---- signature -----------------------------------------------------------------------------------------------


def _role_case(role: str) -> str:
    words = role.lower().split()
    deputy = words[0] == "phó"
    core = " ".join(words[1:] if deputy else words)
    cased = _ROLE_CASE.get(core, core[:1].upper() + core[1:])
    return f"Phó {cased}" if deputy else cased


def _person(text: str) -> str | None:
    text = re.sub(r"\((?i:đã ký|ký[^)]*)\)|(?i:đã ký)", " ", text).strip(" .,:")
    words = text.split()
    if not 2 <= len(words) <= 5 or _NOT_A_NAME.search(text) or re.search(r"[\d/;:]", text):
        return None
    if not all(w[:1].isupper() for w in words):
        return None
    return _titlecase(text) if form.is_upper(text) else text


def _signature(lines: list[str]) -> tuple[str | None, str | None]:
    """(signer, role) of the signature block: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / Võ Thuỳ Dương"."""
    joined = " ".join(lines)
    titles = list(_SIGNING.finditer(joined))
    role = None
    if titles:
        signing = titles[-1]
        prefix = None
        for m in _ROLE_PREFIX.finditer(joined[: signing.start() + 1]):
            if m.group(1).upper() not in ("TM", "T/M"):
                prefix = m
        own = _role_case(signing.group(0))
        if prefix and prefix.end() == signing.start():  # "Q. GIÁM ĐỐC", or "KT. CHỦ TỊCH" with no second line
            role = f"{prefix.group(1).upper()}. {own}"
        elif prefix:
            over = _SIGNING.match(joined, prefix.end())
            role = f"{prefix.group(1).upper()}. {_role_case(over.group(0))}, {own}" if over else own
        else:
            role = own
    name = None
    after_role = joined[titles[-1].end():] if titles else ""
    candidates = [after_role] + list(reversed(lines)) if titles else list(reversed(lines))
    for text in candidates:
        if name := _person(text):
            break
    return name, role


# ---- the plan's metadata -------------------------------------------------------------------------------------


def extract_metadata(doc_id: str, source: str, clauses: list[Clause]) -> PlanMetadata:
    header_lines = [c.text for c in clauses if c.kind == "header" and c.heading_path[:1] != [SECTION_ATTACHED]]
    title = " ".join(c.text for c in clauses if c.kind == "title").strip(" *") or None
    preamble = " ".join(c.text for c in clauses if c.kind == "preamble")
    body = "\n".join(c.text for c in clauses)
    head = _read_header(header_lines)

    # Số hiệu: the plan's own; the number of the decision a plan is issued with is what it is attached to.
    title_type = next((c.heading_path[0] for c in clauses if c.kind == "title" and c.heading_path), None)
    attached = bool(head.attachment) or (head.decision and title_type == "KẾ HOẠCH")
    number = attached_to = None
    for value, code in head.numbers:
        if attached and "QĐ" in code:
            attached_to = attached_to or value
        elif number is None:
            number = value
    # A copy whose số hiệu was left blank (`Số: /KH-UBND`) may have it on the portal that published it.
    if number is None and (portal := form.number_in(head.portal.get("number", ""))):
        if attached and "QĐ" in portal:
            attached_to = attached_to or portal
        else:
            number = portal
    if head.attachment and head.attachment[0]:
        attached_to = head.attachment[0]
    if attached_to and number == attached_to:
        number = None
    number_blank = number is None and any(value is None for value, _ in head.numbers)

    date = head.date or (head.attachment[1] if head.attachment else None)
    if date is None and head.portal.get("date"):
        date = form.bare_date(head.portal["date"])
    # A news item reporting a plan ("ngày 13/5/2011, Ủy ban nhân dân huyện ban hành Kế hoạch số 42/KH-UBND"): no
    # header of its own, perhaps a portal's dateline above it, whose date is the page's, not the plan's.
    headless = not head.numbers and not head.portal and not head.issuer_lines
    if headless and (reported := _REPORTED.search(preamble + "\n" + body)):
        number = re.sub(r"\s+", "", reported.group("number"))
        text = preamble + "\n" + body
        before = re.split(r"[.;\n]", text[max(0, reported.start() - 80):reported.start()])[-1]
        if found := form.find_date(reported.group("after")):
            date = found[0] if found[1] <= 2 else date
        elif found := form.find_date(before):
            date = found[0]

    # Issuing body and its parent.
    bodies = _bodies(head.issuer_lines)
    issuer_body = bodies[-1] if bodies else None
    parent_body = bodies[-2] if len(bodies) > 1 else None
    level = locality = None
    for b in (issuer_body, parent_body):
        if b and b.level and b.place:
            level, locality = b.level, b.place
            break
    place = _normalise_level(head.place) if head.place else None
    # a ministry or the Government issues for the country; the place of its dateline is not its level's territory
    central = bool(issuer_body and _CENTRAL.match(issuer_body.text))
    if level is None and central:
        level, locality = "trung ương", _place_name(place, None) if place else None
    if level is None and place and (found := _level_place(place)):  # "Phường Nguyễn Nghiêm, ngày ..."
        level, locality = found
    opening = None
    for opening in _OPENING.finditer(preamble):
        pass  # the issuer's own sentence closes the preamble, after the higher bodies it cites
    if level is None and opening:
        level, locality = opening.group("level").lower(), opening.group("name")
    if level is None and place:  # "Hải Dương, ngày ...": the level the plan gives that place
        locality = _place_name(place, None)
        level = _level_from_mentions(locality, (title or "") + "\n" + body) if locality else None
    if level is None and (where := head.portal.get("issuer")) and (found := _level_place(_normalise_level(
            re.sub(rf"^(?i:{_UBND}|{_HDND})\s+", "", where)))):
        level, locality = found

    issuer = issuer_body.name(body) if issuer_body else None
    if issuer is None and level and locality:
        kind = "hdnd" if opening and re.match(rf"(?i:{_HDND})", opening.group("org")) else "ubnd"
        issuer = Body(kind, level, locality, "").name(body)
    issuer_parent = parent_body.name(body) if parent_body else None

    # District and province: the header's parent body, then the text, then the gazetteer.
    district = province = province_from = None
    communal = level in ("xã", "phường", "thị trấn")
    for b in bodies[:-1]:
        if b.level == "tỉnh" or (b.level == "thành phố" and province_named(b.place or "")):
            province, province_from = b.place, "text"
        elif communal and b.level in ("huyện", "quận", "thị xã", "thành phố") and b.place != locality:
            district = b.place
    if level == "tỉnh" or (level == "thành phố" and locality and province_named(locality)):
        province, province_from = locality, "text"
    text = preamble + " " + body
    if communal and district is None and locality:
        mentioned = _text_places(text, ("huyện", "thành phố", "thị xã", "quận"), locality)
        confirmed = [d for d in mentioned if province_of(locality, level, d)]
        district = (confirmed or mentioned or [district_of(locality, level, province)])[0]
    if province is None and locality and not central:
        mentioned = [p for p in _text_places(text, ("tỉnh",), None) if province_named(p)]
        known = province_of(locality, level, district)
        if known and any(province_named(p) == known for p in mentioned):
            province, province_from = next(p for p in mentioned if province_named(p) == known), "text"
        elif known:
            province, province_from = known, "gazetteer"
        elif mentioned:
            province, province_from = mentioned[0], "text"

    basis, seen = [], set()
    for m in _REFERENCE.finditer(preamble + " " + (title or "")):
        key = m.group("number").upper()
        if key in seen or any(n and key == n.upper() for n in (number, attached_to)):
            continue
        seen.add(key)
        issuer_ref = m.group("issuer").strip() if m.group("issuer") else None
        basis.append(Reference(m.group("type").capitalize(), m.group("number"), _reference_date(m.group("date")), issuer_ref))

    signer, role = _signature([c.text for c in clauses if c.kind == "signature"])
    if signer is None and head.portal.get("signer"):
        signer = _person(head.portal["signer"])
    if role is None and head.portal.get("signer_role"):
        role = head.portal["signer_role"]

    codes = [c for v, c in head.numbers if not (attached and "QĐ" in c)]
    doc_type = _DOC_TYPE_BY_CODE.get(re.sub(r"^[^A-ZĐ]*([A-ZĐ]+).*$", r"\1", codes[0])) if codes else None
    if doc_type is None and title_type and title:
        doc_type = title_type[:1] + title_type[1:].lower()
    if doc_type is None and head.portal.get("doc_type"):
        doc_type = head.portal["doc_type"]
    return PlanMetadata(doc_id, source, number, issuer, level, locality, district, province, date, title, basis,
                        signer, role, province_from, issuer_parent, doc_type, attached_to, number_blank)
