"""The shape of an answer: a first sentence that states the fact and names the plan, in the question's language,
then the evidence, numbered as the citations are.

Extractive and grounded: a first sentence is built only from the plan's metadata, its extracted facts and the text
of the passages it cites, never from words of our own beyond the connecting phrase ("Theo …", "Under …").
"""

from __future__ import annotations

import re

from indexer.records import Target

MIN_DENSE = 0.80  # below this cosine the best passage is not evidence enough to answer (calibrated on eval/)
_BULLET = re.compile(r"^\s*(?:[-+•*–]\s*)+")
_SPACE = re.compile(r"\s+")


def on_date(iso: str, en: bool = False) -> str:
    """`2020-03-09` -> `ngày 9/3/2020` (`dated 9/3/2020`), unpadded as most plans and readers write it (a padded
    `09/03` is not what a reader types back); a date whose day is blank (`2024-05`) -> `tháng 5/2024 (để trống
    ngày)` (`dated 5/2024, day left blank`)."""
    parts = iso.split("-")
    if en:
        return "dated " + slash_date(iso) + ("" if len(parts) == 3 else ", day left blank")
    return "ngày " + slash_date(iso) if len(parts) == 3 else f"tháng {slash_date(iso)} (để trống ngày)"


def slash_date(iso: str) -> str:
    """`2020-03-09` -> `9/3/2020`, `2024-05` -> `5/2024`."""
    return "/".join(reversed([str(int(p)) for p in iso.split("-")]))


def short_label(doc: dict) -> str:
    """'Kế hoạch 2716/KH-UBND (tỉnh Hải Dương)', 'Kế hoạch 80/KH-UBND (huyện Hương Khê, Hà Tĩnh)': the plan named in a first sentence by its number and place, as
    officials cite it; the full label (with the issuing body) where either is missing."""
    place = f"{doc['level']} {doc['locality']}" if doc.get("level") and doc.get("locality") else ""
    if not (doc.get("number") and place):
        return doc["label"]
    if doc.get("province") and doc["province"] != doc["locality"]:
        place += f", {doc['province']}"  # no level word: a province may be a centrally-run city (Cần Thơ)
    return f"Kế hoạch {doc['number']} ({place})"


def one_line(text: str) -> str:
    """A passage as it reads inside a sentence: no leading bullet, no line breaks."""
    return _SPACE.sub(" ", _BULLET.sub("", text)).strip()


def sentence(text: str) -> str:
    """`text` closed as a sentence (one line, ending in . ! ? or a closing bracket after one)."""
    text = one_line(text).rstrip(" ;:,")
    return text if re.search(r"[.!?…][\"”»)]?$", text) else text + "."


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def section_of(clause: dict) -> str:
    """The heading that places a passage, without the plan's header labels ('Đầu văn bản')."""
    path = [h for h in clause.get("heading_path", []) if h]
    return path[-1] if path else ""


# A passage longer than this is quoted in a first sentence by its part that answers (the whole is in the evidence).
LONG_PASSAGE = 240
FOCUS_MARGIN = 2
_PARTS = re.compile(r"(?<=[;.:])\s+(?=\S)")


def focus(text: str, score) -> str:
    """The part of a long passage (its sentences and `;`-separated items) that `score` rates best, marked as cut
    with '…'; the passage itself when it is short or no part scores."""
    text = one_line(text)
    if len(text) <= LONG_PASSAGE:
        return text
    parts = [p for p in _PARTS.split(text) if p.strip()]
    scores = [score(p) for p in parts]
    # the opening part stands unless another answers clearly better (by two words the question asks about)
    if len(parts) < 2 or max(scores) < scores[0] + FOCUS_MARGIN:
        return text
    best = scores.index(max(scores))
    part = parts[best].rstrip(";:,. ")
    return ("… " if best else "") + part + (" …" if best < len(parts) - 1 else "")


def passage_lead(label: str, clause: dict, owner: str | None, en: bool, text: str | None = None) -> str:
    """'Theo <plan>, <body>: <passage>.' — the first sentence of an answer drawn from a passage (or `text`, the part
    of it that answers). The body whose task the passage is comes first when known (it is what a who-question
    asks); else the heading that places it."""
    text = one_line(text or clause["text"])
    if owner and not text.lower().startswith(owner.lower()):
        where = f"{owner}: "
    elif (section := section_of(clause)) and clause["kind"] not in ("title", "header") and section != text:
        where = f"({one_line(section)}) "
    else:
        where = ""
    return sentence(f"{'Under' if en else 'Theo'} {label}, {where}{text}")


def evidence(entries: list[tuple[str, str, str]]) -> list[str]:
    """'[i] plan (heading path): passage' lines, numbered from 1 as the citations are."""
    return [f"[{i}] {label}" + (f" ({path})" if path else "") + f": {one_line(text)}"
            for i, (label, path, text) in enumerate(entries, 1)]


def targets_phrase(targets: list[Target], years: list[int]) -> str:
    """'xuống dưới 9% vào năm 2025, dưới 6% vào năm 2030': the targets as the plan words them, those of the years
    asked when it sets any for them."""
    chosen = ([t for t in targets if t.year in years] if years else []) or targets
    return ", ".join(dict.fromkeys(one_line(t.text) for t in chosen))


def difference(a: Target, b: Target, en: bool = False) -> str | None:
    """'1,2 điểm phần trăm' ('1.2 percentage points') between two targets of one unit; None when the units differ
    or either is a range."""
    if a.unit != b.unit or a.upper is not None or b.upper is not None:
        return None
    figure = f"{abs(a.number - b.number):.2f}".rstrip("0").rstrip(".")
    if en:
        return f"{figure} {({'%': 'percentage points', '‰': 'per mille points'}).get(a.unit, a.unit)}".strip()
    unit = {"%": "điểm phần trăm", "‰": "phần nghìn"}.get(a.unit, a.unit)
    return f"{figure.replace('.', ',')} {unit}".strip()


def join_clauses(parts: list[str]) -> str:
    """Several findings in one sentence: 'a; b; c'."""
    parts = [one_line(p).rstrip(" .;") for p in parts if p]
    return "; ".join(parts)


__all__ = ["difference", "evidence", "focus", "join_clauses", "on_date", "one_line", "passage_lead",
           "section_of", "sentence", "sentence_case", "short_label", "targets_phrase"]
