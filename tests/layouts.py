"""A plan re-laid the way other real plans are (domain notes, "Beyond the five seeds"): the same document as a
flattened Word table, a web-portal copy, a two-column text export, a hard-wrapped PDF copy, markdown, and an
abbreviated header with its agencies one level deeper. Facts and answers must not change with the layout.

The front matter is read into cells (issuer, motto, number, place and date, title) by the document's form, then
written out again in each layout; the body is rewritten line by line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CELL_BREAK = re.compile(r"\s*\|\s*|\t+|\s{3,}")
_RULE = re.compile(r"^[-_=.–—]{3,}$")
_TITLE_LINE = re.compile(r"^\**\s*KẾ HOẠCH\s*\**$")
_MOTTO = re.compile(r"CỘNG HÒA|CỘNG HOÀ|CHỦ NGHĨA VIỆT NAM|Độc lập", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(\d{1,2})?\s*tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_ROMAN = re.compile(r"^[IVXLC]+\s*\.")
_NUMBERED = re.compile(r"^(\d+)\.\s*(.*)$")
_ORG = re.compile(r"TỔ CHỨC THỰC HIỆN|PHÂN CÔNG", re.IGNORECASE)
# Lines a wrapped continuation must not start with, or cleaning would read it as a new item.
_STRUCTURAL = re.compile(r"^(?:[IVXLC]+\s*\.|\d+(?:\.\d+)*\s*[.)]|[a-zđ]\)|[-+•*–]|Chỉ tiêu\s+\d|Căn cứ|Trên đây|Nơi nhận)")
LETTERS = "abcdđeghiklmnopqrstuvxy"


@dataclass
class Front:
    issuer: list[str]  # "ỦY BAN NHÂN DÂN", "TỈNH HẢI DƯƠNG" (may be empty)
    motto: list[str]  # "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
    number: str | None  # "Số: 2716/KH-UBND"
    place_date: str | None  # "Hải Dương, ngày 27 tháng 7 năm 2021"
    title: list[str]  # the trích yếu, without "KẾ HOẠCH" and markdown
    body: str  # everything after the title, as it was


def read_front(raw: str) -> Front:
    lines = raw.split("\n")
    at = next(i for i, line in enumerate(lines) if _TITLE_LINE.match(line.strip(" \t|")))
    cells = [c.strip(" *") for line in lines[:at] for c in _CELL_BREAK.split(line.strip())]
    cells = [c for c in cells if c and not _RULE.match(c)]
    issuer, motto, number, place_date = [], [], None, None
    i = 0
    while i < len(cells):
        cell = cells[i]
        if cell.startswith("Số"):
            number = cell
        elif "ngày" in cell and (cell.endswith("ngày") or _DATE.search(cell)):
            place_date = cell
            if cell.endswith("ngày") and i + 1 < len(cells):  # "Ninh Bình, ngày" / "13 tháng 11 năm 2020"
                place_date, i = f"{cell} {cells[i + 1]}", i + 1
        elif _MOTTO.search(cell):
            if motto and not motto[-1].endswith("NAM") and not cell.startswith("Độc"):
                motto[-1] += " " + cell  # "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"
            else:
                motto.append(cell)
        else:
            issuer.append(cell)
        i += 1
    title, rest = [], lines[at + 1 :]
    bold = False
    while rest:
        line = rest[0].strip()
        if not line and not title:
            rest.pop(0)
            continue
        opens_bold = line.startswith("**")
        continues = not title or bold or (line and (line[0].islower() or (line.isupper() and title[-1].isupper())))
        if not line or not continues:
            break
        bold = (bold or opens_bold) and not line.endswith("**")
        title.append(line.strip("* "))
        rest.pop(0)
    return Front(issuer, motto, number, place_date, title, "\n".join(rest))


def _numeric_date(place_date: str, sep: str) -> str:
    """`Hải Dương, ngày 27 tháng 7 năm 2021` -> `Hải Dương, ngày 27/7/2021`; a blank day stays in words."""
    def numeric(m: re.Match) -> str:
        day, month, year = m.groups()
        return f"ngày {int(day)}{sep}{int(month)}{sep}{year}" if day else m.group(0)
    return _DATE.sub(numeric, place_date)


def _abbreviated(issuer: list[str]) -> list[str]:
    """`ỦY BAN NHÂN DÂN` / `TỈNH HẢI DƯƠNG` -> `UBND TỈNH HẢI DƯƠNG`."""
    if not issuer:
        return []
    joined = " ".join(issuer)
    return [re.sub(r"^(?:ỦY|UỶ) BAN NHÂN DÂN\b", "UBND", joined, flags=re.IGNORECASE)]


def _iso(place_date: str | None) -> tuple[str | None, str | None]:
    """(dd/mm/yyyy, place) for a web portal's metadata lines."""
    if not place_date or not (m := _DATE.search(place_date)) or not m.group(1):
        return None, None
    day, month, year = m.groups()
    return f"{int(day):02d}/{int(month):02d}/{year}", place_date.split(",")[0].strip()


# ---- body rewrites -----------------------------------------------------------------------------------------


def _body_lines(body: str) -> list[str]:
    return body.split("\n")


def chi_tieu_colon(body: str) -> str:
    """`- Chỉ tiêu 14. Tỷ lệ …` -> `Chỉ tiêu 14: Tỷ lệ …`."""
    return re.sub(r"(?m)^(\s*)[-–]\s*Chỉ tiêu\s+(\d+)\s*\.\s*", r"\1Chỉ tiêu \2: ", body)


def plus_bullets(body: str) -> str:
    return re.sub(r"(?m)^(\s*)-\s+", r"\1+ ", body)


def bold_headings(body: str) -> str:
    """Roman and numbered headings of up to 80 characters in `**bold**`, as markdown exports write them."""
    out = []
    for line in _body_lines(body):
        text = line.strip()
        if text and len(text) <= 80 and (_ROMAN.match(text) or _NUMBERED.match(text)) and "**" not in text:
            line = line.replace(text, f"**{text}**")
        out.append(line)
    return "\n".join(out)


def deeper_agencies(body: str) -> str:
    """The organisation section's numbered agency items one level deeper, as `a)`, `b)` items under one
    responsibility heading (`1. Trách nhiệm của các cơ quan, đơn vị`), as many provincial plans lay it out."""
    out, inside, letter = [], False, 0
    for line in _body_lines(body):
        text = line.strip()
        if _ROMAN.match(text):
            inside = bool(_ORG.search(text))
            out.append(line)
            if inside:
                out.append("1. Trách nhiệm của các cơ quan, đơn vị")
                letter = 0
            continue
        if text.startswith("Nơi nhận") or text.startswith("Trên đây"):
            inside = False
        if inside and (m := _NUMBERED.match(text)) and letter < len(LETTERS):
            name, sep, rest = m.group(2).partition(":")
            tail = f":{rest}" if sep else (":" if len(name) < 80 and not name.endswith(".") else "")
            line = f"{LETTERS[letter]}) {name.rstrip()}{tail}"
            letter += 1
        out.append(line)
    return "\n".join(out)


def hard_wrap(text: str, width: int = 76) -> str:
    """Every long line broken at `width` as a PDF copy breaks it, never before a word that would start an item."""
    out = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        words, current = line.split(" "), ""
        for word in words:
            if current and len(current) + 1 + len(word) > width and not _STRUCTURAL.match(word) and \
                    not re.match(r"^\d", word):
                out.append(current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        out.append(current)
    return "\n".join(out)


# ---- layouts -------------------------------------------------------------------------------------------------


def table_rows(raw: str) -> str:
    """A Word table flattened one row per line (`UBND … | CỘNG HÒA …`), a numeric date, the title on the
    KẾ HOẠCH line."""
    f = read_front(raw)
    rows = [f"{' '.join(f.issuer)} | {' '.join(f.motto)}".strip(" |"),
            f"{f.number or ''} | {_numeric_date(f.place_date, '/') if f.place_date else ''}".strip(" |")]
    return "\n".join([*rows, f"KẾ HOẠCH {' '.join(f.title)}", f.body])


def web_portal(raw: str) -> str:
    """A portal copy: its metadata table above the document, header cells between lone bars, a comment box below."""
    f = read_front(raw)
    issued, place = _iso(f.place_date)
    number = (f.number or "").partition(":")[2].strip()
    meta = [f"Số hiệu: | {number or 'Đang cập nhật'} | Loại văn bản: | Kế hoạch |",
            f"Nơi ban hành: | {place or 'Đang cập nhật'} | Người ký: | Đang cập nhật |",
            f"Ngày ban hành: | {issued or 'Đang cập nhật'} | Ngày hiệu lực: | Đã biết |"]
    cells = [*f.issuer, "-------", "|", *f.motto, "---------------", "|", f.number or "", "|", f.place_date or "", "|"]
    tail = ["Ý kiến bạn đọc", "Nhấp vào nút tại mỗi ô tìm kiếm."]
    return "\n".join([*meta, *[c for c in cells if c], "KẾ HOẠCH", *(t.upper() for t in f.title), f.body, *tail])


def legal_database(raw: str) -> str:
    """A legal database's copy: a page title naming the plan, its metadata as a two-cell table without colons
    (`Số hiệu | 800/KH-UBND |`), then each header cell on its own line closed by a bar."""
    f = read_front(raw)
    issued, place = _iso(f.place_date)
    number = (f.number or "").partition(":")[2].strip()
    meta = [f"Kế hoạch {number} {' '.join(f.title)}".replace("  ", " "),
            f"Số hiệu | {number or 'Đang cập nhật'} |", f"Ngày ban hành | {issued or 'Đang cập nhật'} |", "Loại văn bản | Kế hoạch |",
            f"Nơi ban hành | {place or 'Đang cập nhật'} |", "Người ký | Đang cập nhật |", "Lĩnh vực | Văn hóa - Xã hội |"]
    cells = [f"{c} |" for c in [*f.issuer, *f.motto, f.number or "", f.place_date or ""] if c]
    return "\n".join([*meta, *cells, "KẾ HOẠCH", *f.title, f.body])


def two_columns(raw: str) -> str:
    """A text export of a two-column header (columns padded with spaces), `+` bullets, agencies one level deeper."""
    f = read_front(raw)
    left = [*f.issuer, f.number or ""]
    right = [*f.motto, f.place_date or ""]
    rows = [f"{a:<40}{b}".rstrip() for a, b in zip(left + [""] * (len(right) - len(left)),
                                                    right + [""] * (len(left) - len(right)))]
    return "\n".join([*rows, "", "KẾ HOẠCH", *f.title, "", plus_bullets(deeper_agencies(f.body))])


def pdf_wrapped(raw: str) -> str:
    """A PDF copy: header cells one per line, the date over two lines, every long line hard-wrapped."""
    f = read_front(raw)
    date = (f.place_date or "").replace(", ngày ", ", ngày\n", 1)
    head = [*f.issuer, *f.motto, f.number or "", date]
    return hard_wrap("\n".join([h for h in head if h] + ["KẾ HOẠCH", *f.title, f.body]))


def markdown(raw: str) -> str:
    """A markdown export: bold headings and title, `Chỉ tiêu N:` lines."""
    f = read_front(raw)
    head = [f"**{h}**" for h in f.issuer] + f.motto + [f.number or "", f.place_date or ""]
    return "\n".join([h for h in head if h] + ["", "**KẾ HOẠCH**", f"**{' '.join(f.title)}**", "",
                                                bold_headings(chi_tieu_colon(f.body))])


def abbreviated(raw: str) -> str:
    """A one-line abbreviated issuer (`UBND TỈNH X`), a dashed date, `Chỉ tiêu N:` and agencies one level deeper."""
    f = read_front(raw)
    head = [*_abbreviated(f.issuer), " ".join(f.motto), f.number or "",
            _numeric_date(f.place_date, "-") if f.place_date else ""]
    return "\n".join([h for h in head if h] + ["KẾ HOẠCH", *f.title, chi_tieu_colon(deeper_agencies(f.body))])


LAYOUTS = {"table_rows": table_rows, "web_portal": web_portal, "legal_database": legal_database,
           "two_columns": two_columns,
           "pdf_wrapped": pdf_wrapped, "markdown": markdown, "abbreviated": abbreviated}

__all__ = ["LAYOUTS", "Front", "read_front", "hard_wrap"]
