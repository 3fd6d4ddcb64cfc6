"""Clean a plan's raw text while keeping, for every clean character, its offset in the original file.

Citations must point into the file as it is on disk, so every step here edits lines through `Line`, which
carries one original offset per character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import form

# Markdown marks (bold, and italics, which may span lines) and bookmark anchors left by converters; a bullet `* `
# and a footnote mark `(*)` stay.
_NOISE = re.compile(r"\[bookmark:[^\]]*\]|\*\*|(?<!\()(?<!^)\*(?!\))|^\*(?=\S)")
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\ufeff]+")
# Two columns of a page side by side in plain text: a tab or a run of three spaces or more between them.
_COLUMN_GAP = re.compile(r"\S(?:\t|[ \u00a0\u2002\u2003\u2009]{3,})[ \t\u00a0\u2002\u2003\u2009]*(?=\S)")
_TABLE_BAR = re.compile(r"\|")
# A signature or recipients cell, which a two-column closing table puts beside the other column.
_CLOSING_CELL = re.compile(r"^(?:Nơi nhận|(?:TM|KT|TL|TUQ|Q|T/M|K/T)\.?\s+[A-ZĐÀ-Ỹ]|(?:PHÓ\s+)?(?:CHỦ TỊCH|GIÁM ĐỐC|"
                           r"TRƯỞNG BAN|BÍ THƯ)\b)")
_RULE = re.compile(r"^[-_=.–—\s]{3,}$")
# Web pages the plans were scraped from append reader-comment and voice-search help after the signature.
_BOILERPLATE = re.compile(
    r"^(Ý kiến bạn đọc|Nhấp vào nút|Màn hình hiện lên|Bạn cũng có thể dừng|Để tăng độ chính xác|"
    r"Gửi bình luận|Bình luận|Chia sẻ bài viết|Tin liên quan|Các tin khác)\b",
    re.IGNORECASE,
)
# A portal's visitor counters ("Đang online: 37", "Số lượt truy cập: 1159294"), wherever the copy put them.
_COUNTER = re.compile(r"^(?:Đang (?:online|trực tuyến|truy cập)|(?:Tổng |Số )?lượt (?:truy cập|xem)|Lượt truy cập|"
                      r"Trực tuyến|Truy cập hôm nay|Hôm nay|Hôm qua|Tuần này|Tháng này|Tổng truy cập)\s*:?\s*[\d.,]+$",
                      re.IGNORECASE)
# Starts of structural lines: never glued onto the previous line.
STRUCTURAL_START = re.compile(
    r"^(?:[IVXLC]+\s*\.|(?!(?:19|20)\d\d\s*\.)\d+(?:\.\d+)*\s*\.(?!\d)|\d+\)|[a-zđ]\)|[a-zđ]\.\s|\d{1,2}(?:\.\d{1,2})+\s+[A-ZĐ]|[-+•*–]"
    r"|Chỉ tiêu\s+\d+|PHỤ LỤC|Phần\s|PHẦN\s|Chương\s|CHƯƠNG\s|(?:Mục|MỤC|Điều|ĐIỀU)\s+\d|Nơi nhận"
    r"|Căn cứ|Trên đây|(?:TM|KT|TL|TUQ|Q)\.\s)",
)
_TERMINAL = tuple(".;:!?")
# Words a phrase cannot end on: a preposition or conjunction, or the kind of a body without its name.
_OPEN_END = re.compile(r"(?:^|\s)(?:với|và|của|cho|các|những|về|tại|trong|theo|để|từ|đến|hoặc|là|Sở|Phòng|Ban|"
                       r"Ủy ban|UBND|Bộ|Cục|Chi cục|Trung tâm|Hội|Đoàn|số|[Gg]iao)$")  # "Quyết định số" / "493/QĐ-TTg"


@dataclass
class Line:
    text: str
    pos: list[int]  # original offset of each character

    def sub(self, pattern: re.Pattern, repl: str) -> Line:
        out, pos, last = [], [], 0
        for m in pattern.finditer(self.text):
            out.append(self.text[last : m.start()])
            pos.extend(self.pos[last : m.start()])
            out.append(repl)
            pos.extend([self.pos[m.start()]] * len(repl))
            last = m.end()
        out.append(self.text[last:])
        pos.extend(self.pos[last:])
        return Line("".join(out), pos)

    def split(self, pattern: re.Pattern, keep_first: int = 0) -> list[Line]:
        """Pieces between the matches of `pattern` (the first `keep_first` characters of a match stay left)."""
        pieces, last = [], 0
        for m in pattern.finditer(self.text):
            cut = m.start() + keep_first
            pieces.append(Line(self.text[last:cut], self.pos[last:cut]))
            last = m.end()
        pieces.append(Line(self.text[last:], self.pos[last:]))
        return pieces

    def strip(self) -> Line:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return Line(self.text[left:right], self.pos[left:right])

    def join(self, other: Line, glue_pos: int) -> Line:
        return Line(self.text + " " + other.text, self.pos + [glue_pos] + other.pos)


@dataclass
class CleanText:
    """Clean text (one logical line per structural unit) and the map back into the original file."""

    text: str
    offsets: list[int]  # len(text) + 1 entries; offsets[len(text)] is the original end

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


def _nfc_lines(raw: str) -> list[Line]:
    """NFC per grapheme cluster, so each composed character maps to its cluster's first original offset."""
    lines, chars, pos = [], [], []
    i, n = 0, len(raw)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        cluster = raw[i:j]
        if cluster in ("\n", "\r"):
            if cluster == "\n":
                lines.append(Line("".join(chars), pos))
                chars, pos = [], []
        else:
            for c in unicodedata.normalize("NFC", cluster):
                chars.append(c)
                pos.append(i)
        i = j
    lines.append(Line("".join(chars), pos))
    return lines


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _wrap_width(lines: list[Line]) -> int | None:
    """The width a plan pasted from a fixed-width page (a PDF, an old portal) was broken at, mid-sentence, or None
    when its lines are paragraphs."""
    lengths = sorted(len(line.text) for line in lines if len(line.text) >= 30)
    if len(lengths) < 20 or sum(1 for n in lengths if n <= 90) / len(lengths) < 0.8:
        return None
    return lengths[int(0.9 * (len(lengths) - 1))]


def _continues(prev: Line, nxt: Line, width: int | None, after_blank: bool = False) -> bool:
    if STRUCTURAL_START.match(nxt.text) or form.doc_type(prev.text):
        return False
    # an item's parts after `;` go on in lower case when a narrow layout wraps them ("…năm 2030;" / "giảm tỷ suất")
    if prev.text.endswith(_TERMINAL) and not (prev.text.endswith((";", ",")) and width and nxt.text[0].islower()):
        return False
    if _is_upper(prev.text) and not any(c.isalpha() for c in nxt.text):
        # a span of years broken after its dash ("GIAI ĐOẠN 2026 -" / "2030") goes on; a figure alone is a cell
        return bool(re.search(r"\d\s*[-–]$", prev.text)) and not after_blank
    if _is_upper(prev.text) != _is_upper(nxt.text):
        return False
    if form.AUTHORITY.match(nxt.text):
        return False  # a body's name opens its own line: the authority under a decision's title, an issuer line
    if nxt.text[0].islower():
        return True
    # A wrapped line runs to about the width; a short one ends its paragraph or heading ("12. Sở Nội vụ"), except
    # in a centred title in capitals, broken wherever the layout chose, and a line left open ("- Phối hợp với Sở").
    # A blank line between them ends the paragraph, though (a sentence going on in lower case aside, as Word
    # exports leave them).
    # A line broke at the width when the next word would not have fitted on it (greedy wrapping, with some slack
    # for justified text).
    first_word = nxt.text.split(" ", 1)[0]
    return width is not None and not after_blank and (
        len(prev.text) + 1 + len(first_word) > 0.85 * width or _is_upper(prev.text) or bool(_OPEN_END.search(prev.text)))


def _table_rows(line: Line) -> list[Line]:
    """A flattened table row: a data row (3 cells or more) stays one line with its cells joined by ` | `; a
    two-column layout row (header, signature: `Nơi nhận: | TM. ỦY BAN NHÂN DÂN`) becomes one line per cell."""
    if "|" not in line.text:
        return [line]
    parts = [p for p in line.split(_TABLE_BAR) if p.text.strip()]
    if len(parts) == 2 and form.is_portal_label(parts[0].text):
        # a portal's metadata table ("Số hiệu | 800/KH-UBND |"): one field, read as "Số hiệu: 800/KH-UBND"
        label, value = parts[0].sub(_SPACES, " ").strip(), parts[1].sub(_SPACES, " ").strip()
        if not label.text.endswith(":"):
            label = Line(label.text + ":", label.pos + [label.pos[-1]])
        return [Line(label.text + " " + value.text, label.pos + [label.pos[-1]] + value.pos)]
    if len(parts) < 3:
        return parts
    parts = [p.sub(_SPACES, " ").strip() for p in parts]
    row = parts[0]
    for p in parts[1:]:
        bar = row.pos[-1] + 1
        row = Line(row.text + " | " + p.text, row.pos + [bar] * 3 + p.pos)
    return [row]


def _columns(line: Line) -> list[Line]:
    return [p for p in line.split(_COLUMN_GAP, keep_first=1) if p.text.strip()]


def _front_limit(texts: list[str]) -> int:
    """Lines before this index are the front matter, where columns side by side are separate fields."""
    for i, text in enumerate(texts[: form.FRONT_SCAN]):
        if form.doc_type(text) or (form.is_body_start(text) and not form.is_header_field(text)):
            return i
    return 0


# The fixed phrases of a header (NĐ 30/2020), which narrow table cells break anywhere: `ỦY` / `BAN NHÂN DÂN`,
# `UỶ BAN NHÂN` / `DÂN`, `CỘNG` / `HÒA XÃ HỘI …`, `Số:` / `1825/QĐ-UBND`.
_HEADER_PHRASES = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_HEADER_LINES = 40


def _phrase_broken(line: str, nxt: str) -> bool:
    if line in ("Số:", "Số") and re.match(r"\d*\s*/", nxt):
        return True
    if re.search(r"\bngày\s*\d{0,2}\s+tháng\s+\d{1,2}$", line) and re.match(r"năm\s+\d{4}\b", nxt):
        return True  # "Sơn La, ngày 11 tháng 3" / "năm 2020"
    if re.search(r"\bngày\s*\d{0,2}\s+tháng\s+\d{1,2}\s+năm$", line) and re.match(r"\d{4}\b", nxt):
        return True  # a narrow column: "Phường Nguyễn Nghiêm, ngày   tháng 5 năm" / "2024"
    if re.search(r", ngày\s*\d{0,2}$", line) and re.match(r"tháng\s*\d", nxt):
        return True  # "Bắc Kạn, ngày 29" / "tháng 8 năm 2024"
    if re.fullmatch(r"(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]*\s?){1,2}", line) and re.match(r"[A-ZĐÀ-Ỹ][\w ]{0,25}, ngày\b", nxt):
        return True  # the place itself broken: "Sơn" / "La, ngày 11 tháng 3"
    return any(p.startswith(line + " ") and (p.startswith(f"{line} {nxt}") or f"{line} {nxt}".startswith(p))
               for p in _HEADER_PHRASES)


def _mend_header_phrases(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for k, line in enumerate(lines):
        if out and k < _HEADER_LINES and _phrase_broken(out[-1].text, line.text):
            out[-1] = out[-1].join(line, out[-1].pos[-1] + 1)
        else:
            out.append(line)
    return out


# A copy whose line breaks were lost (a crawl's text, rewrapped at a width): the header's fields run on in one line
# ("ỦY BAN NHÂN DÂN TỈNH BẮC KẠN ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM … Số: 599/KH-UBND Bắc Kạn, ngày 29") and
# the body's headings follow the sentence before them on its line ("… nội dung sau: I. MỤC ĐÍCH, YÊU CẦU 1. Mục
# đích - Huy động …"). Such a copy is cut again where the form starts a new field or heading.
_RUN_ON_HEADER = re.compile(r"-{3,}|(?<=\S )(?=C[ỘO]NG H[ÒOÀ]A X[ÃA] H[ỘO]I\b)|(?<=\S )(?=Độc lập - Tự do)|"
                            r"(?<=\S )(?=Số\s*:)|(?<=\d[A-ZĐ)] )(?=[A-ZĐÀ-Ỹ][\w ]{1,30}, ngày\b)|"
                            r"(?<=năm \d{4} )(?=(?:KẾ HOẠCH|QUYẾT ĐỊNH|CHƯƠNG TRÌNH|ĐỀ ÁN|PHƯƠNG ÁN)\b)|"
                            r"(?<=[A-ZĐÀ-Ỹ]{2} )(?=(?:Căn cứ|Thực hiện|Triển khai|Nhằm|Để)\b)")
_RUN_ON_BODY = re.compile(r"(?<=[.:;] )(?=(?:[IVX]+\.\s+[A-ZĐÀ-Ỹ]{2}|\d+(?:\.\d+)*\.\s+[A-ZĐÀ-Ỹ]|[a-zđ]\)\s|[-+•]\s+[A-ZĐÀ-Ỹ]|"
                          r"Căn cứ\b|Nơi nhận\b|(?:TM|KT|TL|TUQ)\.\s))|"
                          r"(?<=[A-ZĐÀ-Ỹ]{2} )(?=\d+(?:\.\d+)*\.\s+[A-ZĐÀ-Ỹ][a-zđà-ỹ])")
# "Số: 599/KH-UBND Bắc Kạn, ngày 29 …": the number, then the place and date
_NUMBER_THEN_PLACE = re.compile(r"^Số\s*:\s*\S+(?=\s+[A-ZĐÀ-Ỹ][\w ]{1,30}, ngày\b)")
# "1. Mục đích - Huy động …": a short heading with its first bullet on the same line
_HEADING_THEN_BULLET = re.compile(r"^\d+(?:\.\d+)*\.\s+[^\W\d][^.:;,\d]{0,40}?(?= - [A-ZĐÀ-Ỹ])")


def _runs_on(lines: list[Line]) -> bool:
    """The header's fields share a line: the motto with the issuer or the number."""
    return any(form.MOTTO.search(line.text) and (re.search(r"Số\s*:|-{3,}", line.text))
               for line in lines[:8])


def _cut_run_on(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    for k, line in enumerate(lines):
        pieces = line.split(_RUN_ON_HEADER) if k < 12 else [line]
        for piece in pieces:
            for p in piece.split(_RUN_ON_BODY):
                p = p.strip()
                if m := (_HEADING_THEN_BULLET.match(p.text) or _NUMBER_THEN_PLACE.match(p.text)):
                    out += [Line(p.text[:m.end()], p.pos[:m.end()]), Line(p.text[m.end():], p.pos[m.end():]).strip()]
                elif p.text:
                    out.append(p)
    # a date line the rewrapping broke ("… ngày 29" / "tháng 8 năm 2024") is mended with the header's phrases
    return out


def clean(raw: str) -> CleanText:
    cells = []
    for line in _nfc_lines(raw):
        line = line.sub(_NOISE, "")
        if _BOILERPLATE.match(line.text.strip()):
            break
        if _COUNTER.match(line.text.strip()):
            continue
        cells.extend(_table_rows(line))
    squeezed = [c.sub(_SPACES, " ").strip() for c in cells]
    limit = _front_limit([c.text for c in squeezed])
    lines: list[Line] = []
    # where lines a blank line follows end, as offsets in the original: line numbers shift when lines are cut or mended
    paragraph_ends: set[int] = set()
    for k, cell in enumerate(cells):
        pieces = [cell]
        if "|" not in squeezed[k].text:
            columns = _columns(cell)
            if len(columns) > 1 and (k < limit or any(_CLOSING_CELL.match(c.text.strip()) for c in columns)):
                pieces = columns
        for piece in pieces:
            piece = piece.sub(_SPACES, " ").strip()
            if piece.text and not _RULE.match(piece.text):
                lines.append(piece)
            elif not piece.text and lines:
                paragraph_ends.add(lines[-1].pos[-1])

    if _runs_on(lines):
        lines = _cut_run_on(lines)
    lines = _mend_header_phrases(lines)
    width = _wrap_width(lines)
    # The header block (issuer, motto, number, date) is a flattened table: its lines are fields, not prose.
    body_from = form.read_front([line.text for line in lines]).no_merge_before()
    merged: list[Line] = lines[: body_from + 1]
    for k, line in enumerate(lines[body_from + 1 :], body_from + 1):
        prev = merged[-1]
        # judged against the line as it was broken, not the paragraph joined so far
        after_blank = lines[k - 1].pos[-1] in paragraph_ends
        if len(merged) > body_from + 1 and _continues(lines[k - 1], line, width, after_blank):
            merged[-1] = prev.join(line, prev.pos[-1] + 1)
        else:
            merged.append(line)

    text_parts, offsets = [], []
    for k, line in enumerate(merged):
        if k:
            text_parts.append("\n")
            offsets.append(merged[k - 1].pos[-1] + 1)
        text_parts.append(line.text)
        offsets.extend(line.pos)
    offsets.append(merged[-1].pos[-1] + 1 if merged else 0)
    return CleanText("".join(text_parts), offsets)
