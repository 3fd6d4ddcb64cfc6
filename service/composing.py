"""The shape of an answer: a first sentence that states the fact and names the plan, in the question's language,
then the evidence, numbered as the citations are.

Extractive and grounded: a first sentence is built only from the plan's metadata, its extracted facts and the text
of the passages it cites, never from words of our own beyond the connecting phrase ("Theo …", "Under …").
"""

from __future__ import annotations

import re

from indexer.records import PlanFacts, Target

_BULLET = re.compile(r"^\s*(?:[-+•*–]\s*)+")
_SPACE = re.compile(r"\s+")


def one_line(text: str) -> str:
    """A passage as it reads inside a sentence: no leading bullet, no line breaks."""
    return _SPACE.sub(" ", _BULLET.sub("", text)).strip()


def sentence(text: str) -> str:
    """`text` closed as a sentence (one line, ending in . ! ? or a closing bracket after one)."""
    text = one_line(text).rstrip(" ;:,")
    return text if re.search(r"[.!?…][\"”»)]?$", text) else text + "."


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def owners(facts: dict[str, PlanFacts], row: dict[tuple[str, int], int]) -> dict[int, str]:
    """Clause row -> the agency (or group of bodies) whose task or assignment that clause is: the organisation
    section names the body in its heading, so the clause itself rarely does."""
    out: dict[int, str] = {}
    for doc_id, f in facts.items():
        for record in [*f.assignments, *f.tasks, *f.group_tasks]:
            name = getattr(record, "agency", None) or getattr(record, "group", None)
            if name:
                out.setdefault(row[(doc_id, record.clause)], name)
    return out


def section_of(clause: dict) -> str:
    """The heading that places a passage, without the plan's header labels ('Đầu văn bản')."""
    path = [h for h in clause.get("heading_path", []) if h]
    return path[-1] if path else ""


def passage_lead(label: str, clause: dict, owner: str | None, en: bool) -> str:
    """'Theo <plan>, <body>: <passage>.' — the first sentence of an answer drawn from a passage. The body whose task
    the passage is comes first when known (it is what a who-question asks); else the heading that places it."""
    text = one_line(clause["text"])
    if owner and not one_line(text).lower().startswith(owner.lower()):
        where = f"{owner}: "
    elif (section := section_of(clause)) and clause["kind"] not in ("title", "header") and section != text:
        where = f"({one_line(section)}) "
    else:
        where = ""
    return sentence(f"{'Under' if en else 'Theo'} {label}, {where}{text}")


def evidence(entries: list[tuple[str, str, str]], start: int = 1) -> list[str]:
    """'[i] plan (heading path): passage' lines, numbered from `start` as the citations are."""
    return [f"[{i}] {label}" + (f" ({path})" if path else "") + f": {one_line(text)}"
            for i, (label, path, text) in enumerate(entries, start)]


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


def join_clauses(parts: list[str], en: bool) -> str:
    """Several findings in one sentence: 'a; b; c'."""
    parts = [one_line(p).rstrip(" .;") for p in parts if p]
    return "; ".join(parts)


__all__ = ["difference", "evidence", "join_clauses", "one_line", "owners", "passage_lead", "section_of", "sentence",
           "sentence_case", "targets_phrase"]
