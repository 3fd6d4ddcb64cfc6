"""Agencies: how a plan names the bodies it gives tasks to, one key per body whatever the spelling, and where the
organisation section puts them (numbered items, letter items under a responsibility heading, inline).

Bodies are recognised by the form of their name (a kind word and a name: Sở, Phòng, Ủy ban, Công an …), never
from a list of one programme's agencies; a group phrase ("các sở, ban, ngành", "UBND các huyện") names nobody.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .segmenting import Clause
from .tokenizing import fold

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
_SO_NOUNS = re.compile(r"\b(co|tru) so\b")
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


def canonical(text: str) -> str:
    """Folded words of an agency name or question with `và` and punctuation dropped and abbreviations spelled out."""
    words = re.sub(r"[^\w]+|_", " ", fold(normalise_agency(text))).split()
    text = " ".join(w for w in words if w != "va")
    # "cơ sở văn hóa" (cultural facilities) and "trụ sở" (head office) are nouns, not the kind word of a Sở
    text = _SO_NOUNS.sub(r"\1so", text)
    for pattern, expansion in _ABBREVIATIONS:
        text = pattern.sub(expansion, text)
    return text


def agency_matches(query_text: str, agency_key: str) -> bool:
    """Whether `query_text` (a question or an agency name, any spelling) names the agency with this key."""
    return canonical_matches(canonical(query_text), canonical(agency_key))


def canonical_matches(query: str, key: str) -> bool:
    """`agency_matches` on names already made canonical (`canonical`), so a look-up over many agencies
    canonicalises each name once."""
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


# ---- which bodies a line names ------------------------------------------------------------------------------

# Kinds of body: a name of this form is a body whoever issues the plan (administrative vocabulary, no programme's).
_BODY_KIND = re.compile(
    r"^(?:Sở|Phòng|Ban|Ủy ban|Uỷ ban|UBND\w*|UBMTTQ|MTTQ|HĐND|Hội đồng|Công an|Trung tâm|Đài|Báo|Hội|Chi hội|Đoàn|"
    r"Liên đoàn|Liên minh|Mặt trận|Văn phòng|Bộ|Cục|Chi cục|Tổng cục|Trường|Trạm|Bệnh viện|Kho bạc|Ngân hàng|"
    r"Bảo hiểm xã hội|Tòa án|Toà án|Viện|Chi nhánh|Đồn|Bộ đội|Công chức|Cán bộ|Bộ phận|Trưởng|Thôn trưởng|Tổ trưởng|"
    r"Chủ tịch|Thanh tra|Tỉnh đoàn|Thành đoàn|Huyện đoàn|Đảng ủy|Đảng uỷ|Huyện ủy|Huyện uỷ|Tỉnh ủy|Tỉnh uỷ|"
    r"Cộng tác viên|Hợp tác xã|Công ty)\b(?!\s*,)"
    # the same words opening a verb or another noun: "Ban hành", "Báo cáo", "Phòng, chống", "Hội nghị", "Bộ tiêu chí"
    r"(?!\s+(?:hành|cáo|chống|ngừa|tránh|nghị|thảo|thi|kết|tiêu chí|chỉ tiêu|công cụ|máy|luật|điện)\b)",
    re.IGNORECASE,
)
# A commune's civil-servant posts are named by their field and level: "Văn hoá - Xã hội phường".
_LEVEL_END = re.compile(r"\s(?:tỉnh|huyện|quận|xã|phường|thị trấn|thị xã|thành phố)$", re.IGNORECASE)
# A group addresses many bodies at once and names none: "Các sở, ban, ngành", "UBND các huyện, thành phố".
# "Sở Y tế và các đơn vị liên quan" names Sở Y tế first: a "các" after "và"/"với" adds others to a body.
_GROUP = re.compile(r"^(?:các|những|toàn thể|tất cả)\b|^(?:(?!và\b|với\b|cùng\b)\S+\s+){1,4}?các\b", re.IGNORECASE)
# Words that open a request or a duty rather than name the body: "Đề nghị Ủy ban MTTQ …", "Trách nhiệm của UBND …".
_NOT_NAME = re.compile(r"^(?:Đề nghị|Trách nhiệm của|Trách nhiệm|Nhiệm vụ của|Giao(?: cho)?)\s+", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:[-+•*–]\s*|\d+(?:\.\d+)*\s*[.)]?(?!\d)\s*|[a-zđ][.)]\s*)")
# Where a sentence stops naming its subject and starts saying what it does.
_PREDICATE = re.compile(
    r"\s(?:căn cứ|có trách nhiệm|trong phạm vi|thực hiện|tham gia|phối hợp|chủ trì|là cơ quan|tham mưu|hướng dẫn|"
    r"chỉ đạo|triển khai|bố trí|xây dựng|theo dõi|kiểm tra|tuyên truyền|cân đối|đôn đốc|tổng hợp|rà soát|"
    r"quan tâm|vận động|giám sát|được giao|nghiên cứu|đẩy mạnh|tăng cường|lồng ghép|phối kết hợp|giao|yêu cầu|"
    r"đề nghị)\b",  # lower case: in a name the same words are capitalised ("Ban Chỉ đạo", "Trung tâm Tổ chức …")
)


def _label(line: str) -> tuple[str, bool]:
    """(the name a line opens with, whether a colon ends it) without its numbering, request or duty words."""
    label = _LABEL.sub("", line).rstrip("…").strip()
    label, colon, _ = label.partition(":")
    label = _NOT_NAME.sub("", label.strip())
    return _unglue(label).strip(" ,;."), bool(colon)


def _cut_at_predicate(label: str) -> str:
    """"Sở Y tế chủ trì thực hiện …" -> "Sở Y tế": a line with no colon names its subject up to its verb."""
    if m := _PREDICATE.search(label):
        label = label[: m.start()]
    return label.strip(" ,;.")


def _opens_with_predicate(label: str) -> bool:
    return bool(label) and bool(_PREDICATE.match(" " + label[0].lower() + label[1:]))


def is_group(name: str) -> bool:
    """Whether a name addresses a group ("các sở, ban, ngành", "UBND các huyện") rather than one body."""
    head = re.split(r"[,;(]", _NOT_NAME.sub("", name.strip()), maxsplit=1)[0]
    return bool(_GROUP.search(head))


def is_body(name: str, by_level: bool = True) -> bool:
    """Whether a name has the form of a body: a kind word and a name, or (`by_level`, for a heading's label) a field
    and a level ("Tư pháp - Hộ tịch phường"). A group is not a body."""
    name = _NOT_NAME.sub("", name.strip())
    if not name or is_group(name):
        return False
    head = re.split(r"[,;(]", name, maxsplit=1)[0].strip()
    if len(head.split()) < 2:  # a kind word alone names no body
        return False
    return bool(_BODY_KIND.match(head)) or (by_level and len(head.split()) <= 8 and bool(_LEVEL_END.search(head)))


def heading_names(line: str) -> tuple[list[str], str | None]:
    """(the bodies a heading names, or the group it names) — a heading names one or the other or neither.

    "4. Phòng Y tế; Trung tâm Y tế huyện:" names two bodies; "1. Trách nhiệm của các sở, ban, ngành" a group;
    "b) Sở Tư pháp:" one body; "2. Chế độ báo cáo" neither.
    """
    label, colon = _label(line)
    if _opens_with_predicate(label):  # "a) Chỉ đạo các ngân hàng thương mại …:" is a task, whoever it addresses
        return [], None
    if not colon:
        label = _cut_at_predicate(label)
    if is_group(label):
        return [], label
    bodies = [part.strip() for part in label.split(";") if part.strip()]
    if bodies and all(is_body(b) for b in bodies):
        return bodies, None
    return [], None


def inline_names(text: str) -> list[str]:
    """The body a sentence opens with: "Giao Sở Y tế chủ trì, …", "Đề nghị Ủy ban MTTQ tỉnh …",
    "Sở Tài chính: bố trí kinh phí …"."""
    text = _LABEL.sub("", text).strip()
    m = _NOT_NAME.match(text)
    rest = text[m.end():] if m else text
    head, colon, _ = rest.partition(":")
    if colon and len(head) <= 120:
        name = head
    else:
        cut = _PREDICATE.search(rest)
        name = rest[: cut.start()] if cut else ""
    name = _unglue(name).strip(" ,;.")
    if not name or len(name) > 120 or is_group(name):
        return []
    bodies = [b.strip() for b in name.split(";") if b.strip()]
    return bodies if all(is_body(b, by_level=False) for b in bodies) else []


# ---- the organisation section: agencies, their tasks and assigned indicators -----------------------------

_ORG_SECTION = re.compile(
    r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ]|(?:Phần|Mục|Chương)\s+(?:thứ\s+)?\S+)?\s*[.):]?\s*"
    r"(?:TỔ CHỨC THỰC HIỆN|PHÂN CÔNG|TRÁCH NHIỆM THỰC HIỆN|TRÁCH NHIỆM CỦA CÁC CƠ QUAN|TỔ CHỨC TRIỂN KHAI)",
    re.IGNORECASE,
)
_ORG_HEADING_LIMIT = 80  # a longer line opening with "Tổ chức thực hiện …" is a task, not the section's heading
_NUMBERED = re.compile(r"^\s*(?:\d+(?:\.\d+)*\s*[.)]?(?!\d)|[a-zđ][.)])\s*")
_BULLET = re.compile(r"^[-+•*–]\s*")
_ASSIGNED = re.compile(r"chỉ tiêu\s+(?P<list>\d{1,3}(?:\s*(?:,|và|-|–|đến)\s*\d{1,3})*)", re.IGNORECASE)
_LEAD = re.compile(r"chủ trì", re.IGNORECASE)
_COORDINATE = re.compile(r"phối hợp", re.IGNORECASE)


def indicator_numbers(text: str) -> list[int]:
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


def role(text: str) -> str:
    if _LEAD.search(text):
        return "chủ trì"
    if _COORDINATE.match(_BULLET.sub("", text)) or (
        (m := _ASSIGNED.search(text)) and _COORDINATE.search(re.split(r"[;.]", text[: m.start()])[-1])
    ):
        return "phối hợp"
    return "thực hiện"


@dataclass
class OrgLine:
    """One clause of the organisation section and whom it is about."""

    clause: Clause
    agencies: list[str]  # the bodies it belongs to (its heading's, or the one it names inline)
    group: str | None  # the group heading it belongs to when no body is named
    task: str | None  # its task text, or None for a line that only names
    names_them: bool  # the line names its agencies (or group): cite it for them


def _org_start(path: list[str]) -> int | None:
    return next((k for k, h in enumerate(path) if _ORG_SECTION.match(h) and len(h) <= _ORG_HEADING_LIMIT), None)


def _owner(headings: list[str]) -> tuple[list[str], str | None]:
    """The innermost heading naming a body wins; else the innermost naming a group."""
    group = None
    for heading in reversed(headings):
        bodies, named_group = heading_names(heading)
        if bodies:
            return bodies, None
        group = group or named_group
    return [], group


def organisation(clauses: list[Clause]):
    """An `OrgLine` for each clause of the organisation section, wherever the section puts its bodies: numbered
    items, letter items under a responsibility heading, dotted items, bullets introducing a list, or inline."""
    current: tuple[list[str], str | None] = ([], None)  # the last numbered line's owner: its split-off pieces
    for i, c in enumerate(clauses):
        k = _org_start(c.heading_path)
        if k is None:
            current = ([], None)
            continue
        agencies, group = _owner(c.heading_path[k + 1:])
        text = _BULLET.sub("", c.text)
        numbered = c.kind in ("heading", "item") and bool(_NUMBERED.match(c.text))
        if numbered:
            own_bodies, own_group = heading_names(c.text)
            if own_bodies or own_group:
                agencies, group = own_bodies, own_group
            current = (agencies, group)
            body = _NUMBERED.sub("", c.text)
            _, colon, inline = body.partition(":")
            following = clauses[i + 1] if i + 1 < len(clauses) else None
            path = c.heading_path
            has_children = following is not None and following.heading_path[: len(path)] == path and len(
                following.heading_path) > len(path)
            if colon and inline.strip():
                task = inline.strip()
            else:
                task = None if has_children or c.kind == "heading" else body.strip()
            yield OrgLine(c, agencies, group, task, bool(own_bodies or own_group))
            continue
        if c.kind == "item" and not agencies and not group and (current[0] or current[1]):
            yield OrgLine(c, current[0], current[1], c.text, False)  # the rest of a long item, split by the segmenter
            continue
        if not agencies and (inline := inline_names(c.text)):
            # "Sở Tài chính: bố trí kinh phí …": the task is what follows the name; "Giao Sở Y tế chủ trì …" is whole.
            head, colon, after = text.partition(":")
            task = (after.strip() or None) if colon and inline[-1] in head else text  # "- Sở Y tế:" only names
            yield OrgLine(c, inline, None, task, True)
            continue
        yield OrgLine(c, agencies, group, text if (agencies or group) else None, False)
