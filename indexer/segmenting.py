"""Segment a cleaned plan into clauses, each with its heading path and its span in the original file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field


from . import form
from .cleaning import STRUCTURAL_START, CleanText

_ROMAN = re.compile(r"^([IVXLC]+)\s*\.\s*(.*)$")
# Divisions above the roman sections (`Phần I`, `PHẦN THỨ NHẤT`, `Chương II`): they open the body like a roman one.
_PART = re.compile(r"^(?P<kind>Phần|PHẦN|Chương|CHƯƠNG)\s+(?:[IVXLC]+|\d+|(?:thứ|THỨ)\s+\w+)\b")
# `Mục 1`, `Điều 1.`: numbered divisions of a section (`Mục tiêu` is not one: a number must follow).
# A division's label alone on its line ("Phần I", "CHƯƠNG II", "PHỤ LỤC 1"): its name is the next line.
_BARE_LABEL = re.compile(r"^(?:Phần|PHẦN|Chương|CHƯƠNG|PHỤ LỤC|Phụ lục)\s*(?:[IVXLC]+|\d+|(?:thứ|THỨ)\s+\w+)?\s*[.:]?$")
_DIVISION = re.compile(r"^(?P<kind>Mục|MỤC|Điều|ĐIỀU)\s+(?:\d+|[IVXLC]+)\b")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\s*[.)](?!\d)\s*(.*)$")
# `1.1 Sở Y tế`: a dotted number with no final dot is a heading only when a capital follows (`1.200 hộ` is a count).
_DOTTED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+)\s+(?=[^\W\d_])")


def _dotted(line: str) -> re.Match | None:
    m = _DOTTED.match(line)
    return m if m and line[m.end()].isupper() else None
_LETTER = re.compile(r"^([a-zđ])(?:\)|\.(?=\s))\s*(.*)$")
_BULLET = re.compile(r"^([-+•*–])\s*(.*)$")
_CHI_TIEU = re.compile(r"^Chỉ tiêu\s+(\d+)\s*[.:]")
_APPENDIX = re.compile(r"^PHỤ LỤC\b")
_RECIPIENTS = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?")
# The signature block: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "TUQ. CHỦ TỊCH", "Q. GIÁM ĐỐC", a signing title alone
# on its line in any case ("PHÓ CHỦ TỊCH", "Trưởng ban"), or a block flattened onto one line.
SIGNING_TITLES = ("chủ tịch", "giám đốc", "trưởng ban", "bí thư", "chánh văn phòng", "trưởng phòng", "chi cục trưởng",
                  "tổng cục trưởng", "cục trưởng", "vụ trưởng", "viện trưởng", "hiệu trưởng", "thủ trưởng",
                  "bộ trưởng", "thứ trưởng", "tổng giám đốc", "chỉ huy trưởng", "trưởng đoàn")
_TITLE_WORDS = "|".join(SIGNING_TITLES)
SIGNING_TITLE = re.compile(rf"(?i:\b(?:phó\s+)?(?:{_TITLE_WORDS}))\b")  # a signing title anywhere in a line
_SIGNATURE = re.compile(
    rf"^(?:(?:TM|KT|Q|TL|TUQ)\.|T/M\.?|K/T\.?)\s*[A-ZĐÀ-Ỹ]|^(?i:(?:phó\s+)?(?:{_TITLE_WORDS}))(?:\s+[A-ZĐÀ-Ỹ][^\s]*){{0,4}}$"
    r"|\b(?:TM|KT)\. (?:CHỦ TỊCH|ỦY BAN)"
)
# A signing role ("KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN") opens a signature block wherever it stands: a decision
# signed above the plan it approves closes its own text mid-file.
_ROLE_LINE = re.compile(r"^(?:TM|KT|Q|TL|TUQ)\.\s*[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ ]+$")
_RECIPIENT_LINE = re.compile(r"^[-+•]\s*.*(?:;|\.)$|^[-+•]\s*Lưu\b")
_CLOSING = re.compile(r"^Trên đây là\b")

SECTION_PREAMBLE = "Căn cứ ban hành"
SECTION_HEADER = "Đầu văn bản"
SECTION_RECIPIENTS = "Nơi nhận"
SECTION_SIGNATURE = "Chữ ký"
SECTION_CLOSING = "Kết luận"
SECTION_ATTACHED = "Văn bản kèm theo"  # the header of a second document on the page (the plan a decision approves)

LONG_CLAUSE = 600  # characters; longer items are split into sentence groups
SENTENCE_GROUP = 420

# Styles that start a new top of the outline whatever is open (an appendix is never inside a section).
_RESETS = {"appendix"}
# Styles of the divisions a plan's body opens with: they close a pseudo-section (closing, recipients) still open.
_TOP = {"part", "roman", "appendix"}


def _style(line: str) -> str:
    """The numbering style of a heading line: the outline nests a style under the one open when it first appears."""
    if _APPENDIX.match(line):
        return "appendix"
    if m := _PART.match(line):
        return "part:" + m.group("kind").lower()
    if _ROMAN.match(line):
        return "roman"
    if m := _DIVISION.match(line):
        return "division:" + m.group("kind").lower()
    if m := _LETTER.match(line):
        return "letter" + line[1]
    if m := (_NUMBERED.match(line) or _dotted(line)):
        closer = ")" if line[len(m.group(1)):].lstrip().startswith(")") else "."
        return f"number{m.group(1).count('.') + 1}{closer}"
    if m := _BULLET.match(line):
        return "bullet" + m.group(1)
    return ""


@dataclass
class Clause:
    doc_id: str
    ordinal: int
    text: str
    heading_path: list[str]
    # header | title | preamble | section (a part's own line: `I. MỤC TIÊU`, `PHỤ LỤC`) | heading (a bare numbered
    # label) | item | bullet | indicator | paragraph | recipients | signature
    kind: str
    start: int  # offsets in the original file
    end: int
    indicator: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def section(self) -> str:
        return " > ".join(self.heading_path)


def heading_title(text: str, limit: int = 90) -> str:
    """What a heading contributes to its children's path: its label, cut at an inline colon or at `limit`."""
    text = re.sub(r"^(\d+(?:\.\d+)*\.)(?=[^\s\d])", r"\1 ", text)
    if len(text) <= limit:
        return text.rstrip(" :")
    head, sep, _ = text.partition(":")
    if sep and len(head) <= limit:
        return head.strip()
    return text[:limit].rsplit(" ", 1)[0] + "…"


def _sentence_groups(text: str) -> list[tuple[int, int]]:
    """Spans (within `text`) of consecutive sentences grouped up to SENTENCE_GROUP characters."""
    from underthesea import sent_tokenize  # here: importing underthesea costs seconds, needed only to segment

    spans, cursor = [], 0
    for sentence in sent_tokenize(text):
        at = text.find(sentence, cursor)
        if at < 0:  # tokenizer rewrote the sentence; give up on fine splitting
            return [(0, len(text))]
        spans.append((at, at + len(sentence)))
        cursor = at + len(sentence)
    groups: list[list[int]] = []
    for s, e in spans:
        # A numbering fragment ("12.") or a very short sentence never stands alone.
        if groups and (e - groups[-1][0] <= SENTENCE_GROUP or groups[-1][1] - groups[-1][0] < 60):
            groups[-1][1] = e
        else:
            groups.append([s, e])
    if groups:
        groups[-1][1] = len(text)
        groups[0][0] = 0
    return [(s, e) for s, e in groups] or [(0, len(text))]


class _Outline:
    """The stack of open headings while reading a plan top to bottom.

    Depth comes from the order styles appear in, not from a fixed rank: a style already open closes everything
    opened after it (a sibling), a style not open yet nests under the innermost heading. So `1.1.` sits under
    `1.`, `a)` under `1.1.`, and a plan that puts `a)` above `1.` nests the other way round.
    """

    def __init__(self) -> None:
        self.stack: list[tuple[str, str, bool]] = []  # (style, title, the heading is a whole sentence)

    @property
    def last_is_sentence(self) -> bool:
        return bool(self.stack) and self.stack[-1][2]

    def close(self, style: str) -> None:
        """Close `style` and everything under it, if it is open."""
        styles = [s for s, _, _ in self.stack]
        if style in styles:
            self.stack = self.stack[: styles.index(style)]

    def open(self, style: str, title: str, is_sentence: bool = False) -> None:
        styles = [s for s, _, _ in self.stack]
        if style in _RESETS or (style not in styles and style in _TOP and styles[:1] == ["section"]):
            self.stack = []
        self.close(style)
        self.stack.append((style, title, is_sentence))

    def reset(self, title: str | None = None) -> None:
        self.stack = [("section", title, False)] if title else []

    def path(self) -> list[str]:
        return [t for _, t, _ in self.stack]


def _classify(line: str) -> tuple[str, str, int | None]:
    """(kind, heading label or '', indicator number) for one logical line of the body."""
    if _APPENDIX.match(line):
        return "appendix", line, None
    if _PART.match(line):
        return "roman", line.rstrip(" :"), None
    if m := _ROMAN.match(line):
        return "roman", f"{m.group(1)}. {m.group(2)}".strip().rstrip(" :"), None
    if _DIVISION.match(line):
        return "numbered", line, None
    if m := _LETTER.match(line):
        return "letter", line, None
    if m := (_NUMBERED.match(line) or _dotted(line)):
        return "numbered", line, None
    if m := _BULLET.match(line):
        inner = m.group(2)
        if c := _CHI_TIEU.match(inner):
            return "indicator", "", int(c.group(1))
        return "bullet", "", None
    if c := _CHI_TIEU.match(line):
        return "indicator", "", int(c.group(1))
    return "paragraph", "", None


def _opens_body(line: str, kind: str) -> bool:
    """A plan without Roman sections opens its body with `Phần`/`Chương`/`Điều` or a short numbered heading."""
    if re.match(r"^(?:PHẦN|Phần|CHƯƠNG|Chương|Điều|ĐIỀU)\s+(?:\d+|[IVXLC]+|thứ)\b", line):
        return True
    return kind == "numbered" and len(line) <= 120 and not re.search(r"(?i)căn cứ|\bsố\s*\d", line)


def _is_motto(lines: list[str], j: int) -> bool:
    """The national motto standing as a header line (not quoted in a sentence: "Hiến pháp nước Cộng hòa …")."""
    line = lines[j]
    if form.is_motto_fragment(line) and j + 1 < len(lines):
        line = f"{line} {lines[j + 1]}"
    return len(line) <= 60 and bool(form.MOTTO.search(line)) and (j + 1 == len(lines) or not line.endswith((",", ";")))


def _attached_headers(lines: list[str], after: int) -> set[int]:
    """Lines of the header of another document below the first one's front matter: its issuer lines, the motto,
    its number, place and date (a decision approving a plan, with the plan's own header after the signature)."""
    found: set[int] = set()
    j = after
    while j < len(lines):
        if not _is_motto(lines, j):
            j += 1
            continue
        block = {j}
        k = j - 1
        while k >= after and j - k <= 6 and (form.is_issuer_line(lines[k]) or form.is_header_field(lines[k])
                                             or lines[k].strip(" |") == ""):
            block.add(k)
            k -= 1
        k = j + 1
        while k < len(lines) and k - j <= 8 and (form.is_header_field(lines[k]) or form.is_motto_fragment(lines[k])
                                                 or form.PLACE.match(lines[k] + " ngày")
                                                 and len(lines[k]) <= 40 and lines[k].endswith(",")
                                                 or lines[k].strip(" |") == ""):
            block.add(k)
            k += 1
        found |= block
        j = k
    return found


def _decision_part(line: str, part: str | None) -> str | None:
    """The part of a decision's text a line is in, given the previous line's: None (its căn cứ), "articles" (from
    `Điều 1` on), its Nơi nhận or its signature block."""
    if _RECIPIENTS.match(line):
        return SECTION_RECIPIENTS
    if _ROLE_LINE.match(line) or part and _SIGNATURE.search(line):
        return SECTION_SIGNATURE
    if part == SECTION_SIGNATURE or part == SECTION_RECIPIENTS and _BULLET.match(line):
        return part
    return "articles" if part or re.match(r"^(?:Điều|ĐIỀU)\s+\d", line) else None


def segment(doc_id: str, clean: CleanText) -> list[Clause]:
    clauses: list[Clause] = []
    outline = _Outline()
    lines, starts, at = clean.text.split("\n"), [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1

    front = form.read_front(lines)
    region = "preamble"
    attached = _attached_headers(lines, front.end)

    def emit(text_start: int, text: str, kind: str, path: list[str], indicator: int | None = None) -> None:
        pieces = [(0, len(text))]
        if len(text) > LONG_CLAUSE and kind not in ("header", "recipients", "signature"):
            pieces = _sentence_groups(text)
        for s, e in pieces:
            chunk = text[s:e].strip()
            if not any(ch.isalnum() for ch in chunk):
                continue  # a layout's leftover ("*" of an emptied bold run) says nothing
            s += len(text[s:e]) - len(text[s:e].lstrip())
            o_start, o_end = clean.original_span(text_start + s, text_start + s + len(chunk))
            clauses.append(
                Clause(doc_id, len(clauses), chunk, list(path), kind, o_start, o_end, indicator)
            )

    named_by_next = {i for i in range(front.end, len(lines) - 1)
                     if _BARE_LABEL.match(lines[i]) and form.is_upper(lines[i + 1]) and len(lines[i + 1]) >= 8
                     and not STRUCTURAL_START.match(lines[i + 1])}
    part: str | None = None  # where the text of a decision the plan is attached to has reached
    for i, line in enumerate(lines):
        start = starts[i]
        if i - 1 in named_by_next:
            continue  # already read as the name of the division above
        if i in named_by_next:
            line = f"{line} {lines[i + 1]}"  # "Phần I" + "ĐÁNH GIÁ KẾT QUẢ …": one heading, spanning both lines
        if i < front.end:
            role = front.roles[i]
            if role == "doctype" and form.doc_type(line)[0] == "KẾ HOẠCH":
                continue  # "KẾ HOẠCH" itself: the title's path names it
            if role == "title":
                skip = front.title_inline.get(i, 0)  # "KẾ HOẠCH Thực hiện ..." : the trích yếu starts after the type
                emit(start + skip, line[skip:], "title", [front.kind])
            elif role == "decision" and (part := _decision_part(line, part)) in (SECTION_RECIPIENTS,
                                                                                  SECTION_SIGNATURE):
                # the decision's Nơi nhận and signature are the plan's: the plan attached to it is not signed again
                if part == SECTION_SIGNATURE or not _RECIPIENTS.match(line):
                    emit(start, line, "recipients" if part == SECTION_RECIPIENTS else "signature", [part])
            elif role == "authority" or role == "decision" and not form.is_header_field(line):
                emit(start, line, "preamble", [SECTION_PREAMBLE])  # the decision issuing the plan grounds it
            else:
                emit(start, line, "header", [SECTION_HEADER])
            continue

        if i in attached:
            if outline.path()[:1] != [SECTION_ATTACHED]:
                outline.reset(SECTION_ATTACHED)
            emit(start, line, "header", outline.path())
            continue
        if outline.path()[:1] == [SECTION_ATTACHED]:
            outline.reset()  # the attached document's own text follows its header
        kind, label, number = _classify(line)
        if region == "preamble" and kind not in ("roman", "appendix") and not _opens_body(line, kind):
            emit(start, line, "preamble", [SECTION_PREAMBLE])
            continue
        region = "body"

        if _RECIPIENTS.match(line):
            outline.reset(SECTION_RECIPIENTS)
            continue
        if _ROLE_LINE.match(line) or _SIGNATURE.search(line) and (not clauses or outline.path()[:1] in ([SECTION_RECIPIENTS], [SECTION_SIGNATURE], [SECTION_CLOSING]) or i > len(lines) - 6):
            outline.reset(SECTION_SIGNATURE)
            emit(start, line, "signature", outline.path())
            continue
        if outline.path()[:1] == [SECTION_SIGNATURE] and kind == "bullet" and _RECIPIENT_LINE.match(line):
            # A two-column closing table read cell by cell: recipients and signature lines alternate.
            outline.reset(SECTION_RECIPIENTS)
        if outline.path()[:1] == [SECTION_SIGNATURE] and kind == "paragraph":
            emit(start, line, "signature", outline.path())
            continue
        if outline.path()[:1] == [SECTION_RECIPIENTS] and kind in ("bullet", "paragraph"):
            emit(start, line, "recipients", outline.path())
            continue
        if _CLOSING.match(line):
            outline.reset(SECTION_CLOSING)
            emit(start, line, "paragraph", outline.path())
            continue

        style = _style(line)
        if kind in ("roman", "appendix"):
            # a section's own line is a clause too: "what does Part I of the plan cover" is answered by it
            outline.open(style, label)
            emit(start, line, "section", outline.path()[:-1])
            continue
        if kind in ("numbered", "letter"):
            outline.open(style, heading_title(label), is_sentence=line.endswith("."))
            # A bare label ("2. Sở Tư pháp") heads its children's path and is a clause of its own, so an answer
            # naming that agency can cite the line that names it; an item with content is an item.
            is_item = len(line) >= 40 or line.partition(":")[2].strip()
            emit(start, line, "item" if is_item else "heading", outline.path()[:-1])
            continue
        if style.startswith("bullet"):
            outline.close(style)  # a bullet ends the previous bullet of its marker and what it introduced
        path = outline.path()
        if kind == "paragraph" and outline.last_is_sentence:
            # Prose after a numbered sentence ("14. Đề nghị … Kế hoạch.") closes the list; it is not that item's.
            path = path[:-1]
        emit(start, line, kind, path, number)
        if style.startswith("bullet") and line.endswith(":") and len(line) <= 120:
            # A bullet introducing a list ("- Sở Y tế:") heads the bullets of another marker below it.
            outline.open(style, heading_title(_BULLET.match(line).group(2)))
    return clauses
