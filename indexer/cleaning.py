"""Clean a plan's raw text while keeping, for every clean character, its offset in the original file.

Citations must point into the file as it is on disk, so every step here edits lines through `Line`, which
carries one original offset per character.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Markdown marks, bookmark anchors and table cell separators left by converters.
_NOISE = re.compile(r"\[bookmark:[^\]]*\]|\*\*|\|")
_SPACES = re.compile(r"[ \t\u00a0\u2002\u2003\u2009\ufeff]+")
_RULE = re.compile(r"^[-_=.–—\s]{3,}$")
# Web pages the plans were scraped from append reader-comment and voice-search help after the signature.
_BOILERPLATE = re.compile(
    r"^(Ý kiến bạn đọc|Nhấp vào nút|Màn hình hiện lên|Bạn cũng có thể dừng|Để tăng độ chính xác|"
    r"Gửi bình luận|Bình luận|Chia sẻ bài viết|Tin liên quan|Các tin khác)\b",
    re.IGNORECASE,
)
# Starts of structural lines: never glued onto the previous line.
STRUCTURAL_START = re.compile(
    r"^(?:[IVXLC]+\s*\.|\d+(?:\.\d+)*\s*\.(?!\d)|\d+\)|[a-zđ]\)|[-+•*–]|Chỉ tiêu\s+\d+|PHỤ LỤC|Nơi nhận"
    r"|Căn cứ|Trên đây)",
)
_TERMINAL = tuple(".;:!?")


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


def _looks_hard_wrapped(lines: list[Line]) -> bool:
    """Plans pasted from fixed-width pages break every ~80 characters, mid-sentence."""
    lengths = [len(line.text) for line in lines if len(line.text) >= 30]
    if len(lengths) < 20:
        return False
    return sum(1 for n in lengths if n <= 90) / len(lengths) >= 0.8


def _continues(prev: Line, nxt: Line, wrapped: bool) -> bool:
    if prev.text.endswith(_TERMINAL) or STRUCTURAL_START.match(nxt.text):
        return False
    if _is_upper(prev.text) != _is_upper(nxt.text):
        return False
    if nxt.text[0].islower():
        return True
    return wrapped


def _title_start(lines: list[Line]) -> int:
    for i, line in enumerate(lines):
        if re.fullmatch(r"KẾ HOẠCH", line.text):
            return i
    return 0


def clean(raw: str) -> CleanText:
    lines = []
    for line in _nfc_lines(raw):
        line = line.sub(_NOISE, "").sub(_SPACES, " ").strip()
        if _BOILERPLATE.match(line.text):
            break
        if line.text and not _RULE.match(line.text):
            lines.append(line)

    wrapped = _looks_hard_wrapped(lines)
    # The header block (issuer, motto, number, date) is a flattened table: its lines are fields, not prose.
    body_from = _title_start(lines)
    merged: list[Line] = lines[: body_from + 1]
    for line in lines[body_from + 1 :]:
        prev = merged[-1]
        if len(merged) > body_from + 1 and _continues(prev, line, wrapped):
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
