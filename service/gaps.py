"""What a plan does not say: facts a question asks for that the plans it names leave out.

A fluent passage about funding is not an answer to "how many billion đồng"; a plan whose signature block has no
name does not answer "who signed". Each check returns the reasons to say so (`found: false`), or nothing.
"""

from __future__ import annotations

import re

from .understanding import Understanding, citing_plans

_MONEY_ASKED = re.compile(
    r"\b(?:ty|trieu|nghin|ngan) dong\b|\bbao nhieu (?:tien|dong)\b|\b(?:billion|million|thousand) (?:vnd|dong)\b|"
    r"\bhow much (?:money|funding|budget)\b|\bvnd\b|\bamount of (?:money|funding)\b|\bso tien\b|\bdong budget\b"
)
_MONEY_STATED = re.compile(r"\d[\d.,]*\s*(?:tỷ|triệu|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND)\b", re.IGNORECASE)
_EXACT_DAY = re.compile(r"\bngay nao\b|\bngay bao nhieu\b|\bwhich day\b|\bwhat day\b|\bexact|\bwhat date\b|\bngay may\b")
_NUMBERED_INDICATORS = re.compile(r"\bnumbered indicators?\b|\bchi tieu (?:duoc )?danh so\b|\bindicator numbers?\b")

def _doc_ids(u: Understanding, documents: dict) -> list[str]:
    return u.doc_ids or list(documents)

def plan_gaps(u: Understanding, en: bool, documents: dict[str, dict], facts: dict[str, dict],
              texts: dict[str, str]) -> list[str]:
    """Reasons the plans asked about cannot answer; `texts` maps doc_id to the plan's cleaned clause text."""
    reasons: list[str] = []
    named = u.doc_ids
    for province in u.provincial_only:
        lower = [documents[d]["label"] for d in named if documents[d].get("province") == province]
        reasons.append(f"No provincial plan of {province} is in the corpus; only " + "; ".join(lower) + "." if en else
                       f"Không có kế hoạch cấp tỉnh của {province} trong kho; chỉ có " + "; ".join(lower) + ".")
    foreign = u.foreign_references(documents)
    foreign_plans = [r for r in foreign if "kh" in r]
    if foreign_plans and (u.indicators or u.kind in ("who", "target", "task", "list")):
        for ref in foreign_plans:
            citing = [documents[d]["label"] for d in citing_plans(ref, documents)]
            reasons.append(
                (f"Plan {ref.upper()} is not in the corpus" + (f"; it is cited by {', '.join(citing)}" if citing else "") + ".")
                if en else
                (f"Kế hoạch {ref.upper()} không có trong kho văn bản" + (f"; chỉ được {', '.join(citing)} dẫn chiếu" if citing else "") + "."))
        return reasons
    if _MONEY_ASKED.search(u.folded):
        for doc_id in _doc_ids(u, documents):
            if not _MONEY_STATED.search(texts[doc_id]):
                label = documents[doc_id]["label"]
                reasons.append(f"{label} names funding sources but states no amount of money." if en else
                               f"{label} chỉ nêu nguồn kinh phí, không nêu số tiền.")
    if _NUMBERED_INDICATORS.search(u.folded) or (u.kind == "list" and "chi tieu" in u.folded and not u.indicators):
        for doc_id in _doc_ids(u, documents):
            if not facts.get(doc_id, {}).get("indicators") and named:
                label = documents[doc_id]["label"]
                reasons.append(f"{label} has no numbered indicators (chỉ tiêu)." if en else
                               f"{label} không có chỉ tiêu được đánh số.")
    if u.kind == "plan" and named and not foreign and not u.selected:  # "which plan has no number" is answered
        for doc_id in named:
            doc = documents[doc_id]
            label = doc["label"]
            if "signer" in u.facets and not doc.get("signer"):
                reasons.append(f"{label} gives no signer's name." if en else f"{label} không ghi tên người ký.")
            if "number" in u.facets and not doc.get("number"):
                reasons.append(f"{label} leaves its number blank (Số: /KH-UBND)." if en else
                               f"{label} để trống số hiệu (Số: /KH-UBND).")
            if "date" in u.facets and doc.get("date") and len(doc["date"]) == 7 and _EXACT_DAY.search(u.folded):
                year, month = doc["date"].split("-")
                reasons.append(f"{label} leaves the day blank: only month {int(month)} of {year} is given." if en else
                               f"{label} để trống ngày ban hành, chỉ ghi tháng {int(month)} năm {year}.")
    return reasons

__all__ = ["plan_gaps"]
