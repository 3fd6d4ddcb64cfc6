"""Plan files in the formats officials have, read into plain text whose lines keep the document's structure.

Choices, measured on the seed plans written out in each format (tests/test_formats.py): every library tried keeps
all words, diacritics and `đ` of the original (pypdf, pdfplumber and pdfium on PDFs; python-docx and docx2python on
Word files). What decides is structure:
- `.docx`: python-docx, walking paragraphs and tables in body order. Word's automatic numbering (`1.`, `a)`,
  `I.`) is not in the paragraph text (docx2python renders it only when set on the paragraph, not through a list
  style), so it is rendered here from the numbering definitions; a two-column header
  table gives one line per cell (issuer, motto, number, place and date), a wider table one `a | b | c` row per line.
- `.pdf`: pdfplumber's word boxes. Words far apart on one line (the cells of a header table) are joined with ` | `,
  so the two header columns stay apart; pypdf and pdfium run them together (pdfplumber is the slowest of the three,
  about 0.9 s for a 7-page plan against 0.13 s and 0.02 s, which embedding dwarfs). Lines stay as the page wraps them:
  the cleaner rejoins hard-wrapped lines, as it does for every other copy.
- `.html`: trafilatura, which keeps the document and drops the portal's menus, links and comment boxes; tables come
  out as `| a | b |` rows.
- `.txt`/`.md`: UTF-8, UTF-8 or UTF-16 with a byte-order mark.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

SUFFIXES = (".txt", ".md", ".docx", ".pdf", ".html", ".htm")


class PlanReadError(ValueError):
    """A file that cannot be read as a plan; the message names the file and what to do."""


@dataclass
class PlanText:
    text: str
    warnings: list[str] = field(default_factory=list)


def read_plan(name: str, data: bytes) -> PlanText:
    """The text of the plan file `name` (only its suffix matters) with the bytes `data`."""
    suffix = Path(name).suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        raise PlanReadError(f"{name}: {suffix or 'no suffix'} is not a plan format planqa reads "
                            f"({', '.join(SUFFIXES)})")
    if not data.strip():
        raise PlanReadError(f"{name} is empty")
    try:
        result = reader(name, data)
    except PlanReadError:
        raise
    except Exception as e:  # a damaged file breaks a parser in ways no list of exceptions covers
        raise PlanReadError(f"{name} could not be read as {suffix[1:]} ({type(e).__name__}: {e}); is it damaged "
                            f"or of another type?") from None
    if not result.text.strip():
        raise PlanReadError(f"{name} holds no text")
    return result


# ---- text --------------------------------------------------------------------------------------------------


def _text(name: str, data: bytes) -> PlanText:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return PlanText(data.decode("utf-16"))
    try:
        return PlanText(data.decode("utf-8-sig"))
    except UnicodeDecodeError as e:
        raise PlanReadError(f"{name} is not UTF-8 (invalid byte at offset {e.start}): save it as UTF-8 "
                            f"(or UTF-16 with a byte-order mark) and add it again") from None


# ---- docx --------------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _roman(n: int) -> str:
    out = ""
    for value, numeral in _ROMAN:
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = _LETTERS[(n - 1) % 26] * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n).lower() if fmt == "lowerRoman" else _roman(n)
    if fmt == "bullet":
        return "-"
    if fmt == "none":
        return ""
    return str(n)


class _Numbering:
    """Word's automatic list numbers: counters per list and level, rendered through the level's text (`%1.`)."""

    def __init__(self, document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) -> (format, text, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl"))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "",
                    int(start.get(f"{_W}val")) if start is not None else 1)
            abstract[a.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            num_id, abstract_id = num.get(f"{_W}numId"), ref.get(f"{_W}val")
            self.abstract_of[num_id] = abstract_id
            for ilvl, level in abstract.get(abstract_id, {}).items():
                self.levels[(num_id, ilvl)] = level

    def label(self, num_id: str, ilvl: int) -> str:
        level = self.levels.get((num_id, ilvl))
        if level is None or num_id == "0":
            return ""
        fmt, text, _ = level
        if fmt == "bullet":  # its text is a symbol font's private character
            return "-"
        counters = self.counters.setdefault(self.abstract_of.get(num_id, num_id), [0] * 9)
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0

        def number(m: re.Match) -> str:
            at = int(m.group(1)) - 1
            lvl_fmt, _, start = self.levels.get((num_id, at), ("decimal", "", 1))
            return _format_number(max(counters[at], 1) + start - 1, lvl_fmt if at != ilvl else fmt)

        return re.sub(r"%(\d)", number, text).strip()


def _num_pr(paragraph) -> tuple[str, int] | None:
    """The list a paragraph belongs to, set on the paragraph or on its style."""
    for holder in (paragraph._p.pPr, getattr(paragraph.style, "element", None)):
        pr = holder if holder is None or holder.tag.endswith("pPr") else holder.find(f"{_W}pPr")
        num_pr = pr.find(f"{_W}numPr") if pr is not None else None
        if num_pr is not None:
            num_id = num_pr.find(f"{_W}numId")
            ilvl = num_pr.find(f"{_W}ilvl")
            if num_id is not None:
                return num_id.get(f"{_W}val"), int(ilvl.get(f"{_W}val")) if ilvl is not None else 0
    return None


def _paragraph_text(paragraph, numbering: _Numbering) -> str:
    text = paragraph.text.strip()
    if (pr := _num_pr(paragraph)) and text:
        if label := numbering.label(*pr):
            text = f"{label} {text}"
    return text


def _cell_lines(cell, numbering: _Numbering) -> list[str]:
    """A cell's lines, a line break inside a paragraph included (`ỦY BAN NHÂN DÂN` / `TỈNH HẢI DƯƠNG`)."""
    return [line.strip() for p in cell.paragraphs for line in _paragraph_text(p, numbering).split("\n")
            if line.strip()]


def _docx(name: str, data: bytes) -> PlanText:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as e:  # not a zip, no document part, broken XML
        raise PlanReadError(f"{name} is not a Word .docx file ({e}); an old .doc must be saved as .docx first") \
            from None
    numbering = _Numbering(document)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            lines.append(_paragraph_text(block, numbering))
            continue
        for row in block.rows:
            cells, seen = [], set()
            for cell in row.cells:  # a merged cell repeats across the columns it spans
                if id(cell._tc) not in seen:
                    seen.add(id(cell._tc))
                    cells.append(_cell_lines(cell, numbering))
            if len(cells) <= 2:  # a header or signature table: one line per cell, left column first
                lines.extend(line for cell in cells for line in cell)
            elif any(cells):
                lines.append(" | ".join(" ".join(cell) for cell in cells))
    return PlanText("\n".join(lines))


# ---- pdf ---------------------------------------------------------------------------------------------------

# A gap this many times the font size between two words of one line separates table cells, not words.
_CELL_GAP = 2.5
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$|^\s*Trang\s+\d+(?:\s*/\s*\d+)?\s*$", re.IGNORECASE)


def _pdf_lines(page) -> list[str]:
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= 0.5 * word["size"]:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w["x0"])
        text = row[0]["text"]
        for before, word in zip(row, row[1:]):
            gap = word["x0"] - before["x1"]
            text += (" | " if gap > _CELL_GAP * word["size"] else " ") + word["text"]
        lines.append(text)
    return lines


def _pdf(name: str, data: bytes) -> PlanText:
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as e:  # pdfminer wraps every parse failure differently
        raise PlanReadError(f"{name} is not a readable PDF ({e})") from None
    with pdf:
        if pdf.metadata.get("Encrypt") or getattr(pdf.doc, "encryption", None):
            raise PlanReadError(f"{name} is an encrypted PDF: save an unprotected copy and add it again")
        pages = [_pdf_lines(page) for page in pdf.pages]
    if not any(pages):
        raise PlanReadError(
            f"{name} has no text layer (a scanned image): run OCR on it first (for example "
            f"`ocrmypdf -l vie {name} out.pdf`) or add the Word file it was printed from")
    warnings = []
    if blank := [i + 1 for i, p in enumerate(pages) if not p]:
        warnings.append(f"pages without a text layer were skipped: {', '.join(map(str, blank))}")
    lines = [line for page in pages for line in page if not _PAGE_NUMBER.match(line)]
    return PlanText("\n".join(lines), warnings)


# ---- html --------------------------------------------------------------------------------------------------


def _html(name: str, data: bytes) -> PlanText:
    import trafilatura

    text = trafilatura.extract(data, include_tables=True, include_formatting=False, include_comments=False,
                               include_links=False, include_images=False, favor_recall=True, output_format="txt")
    if not text:
        raise PlanReadError(f"{name}: no document text found in this web page")
    # trafilatura writes a table row as `| a | b | `: the cleaner reads `a | b`.
    rows = [re.sub(r"^\|\s*|\s*\|\s*$", "", line) if line.startswith("|") else line for line in text.split("\n")]
    return PlanText("\n".join(rows))


_READERS: dict[str, Callable[[str, bytes], PlanText]] = {
    ".txt": _text, ".md": _text, ".docx": _docx, ".pdf": _pdf, ".html": _html, ".htm": _html,
}

__all__ = ["SUFFIXES", "PlanReadError", "PlanText", "read_plan"]
