"""Questions over the facts, answered from them: an agency's indicators (or every agency's, or the bodies given
none), how many indicators a plan has, days from the plan to its first deadline, a topic's indicators across plans
or side by side in two named plans, and the first sentence of every indicator answer.

A mixin of `service.answering.Answerer`: it uses the answerer's loaded facts, labels, citations and search.
"""

from __future__ import annotations

import re
from datetime import date

from indexer.facts import agency_matches

from . import composing
from .ranking import asked_deadlines
from .retrieval import Hit
from .schemas import AskResponse
from .understanding import Understanding

# Of the plans' best indicators for a topic, those scoring at least this share of the best one's fused score are
# about it too (with reciprocal rank fusion that is about the first ten ranks of both rankings).
_ACROSS_PLANS = 0.9
_ACROSS_NAMED_PLANS = 0.7  # plans a comparison names: each one's best indicator, unless far below the others'
# "who" asks only as the question's word ("who is responsible …", "…, who handles …"), not in a relative clause
# ("children who should be cared for")
ASKS_WHO = re.compile(r"(?:^|[,;:(] ?)who\b|\bai\b|\b(?:co quan|don vi|so|phong|bo phan) nao\b|\bresponsible\b|\bin charge\b|"
                      r"\bphu trach\b|\bchiu trach nhiem\b|\bwhich (?:agency|agencies|department|body|office)\b")
ASKS_DAYS = re.compile(r"\bbao nhieu ngay\b|\bmay ngay\b|\bhow many days\b|\bso ngay\b")
# Questions over a plan's indicators as a whole (no number named): how many, which ones, which bodies get none.
_ASKS_COUNT = re.compile(r"\bbao nhieu chi tieu\b|\bso luong chi tieu\b|\bhow many (?:numbered )?(?:indicators|targets)\b")
_ASKS_INDICATORS = re.compile(r"\b(?:nhung|cac) chi tieu (?:nao|so nao|gi)\b|\bchi tieu (?:so )?(?:nao|may)\b|"
                              r"\bwhich (?:numbered )?indicators\b|\bwhat (?:numbered )?indicators\b|"
                              r"\bindicators? (?:are |is )?(?:assigned|given)\b|\bassigned (?:numbered )?indicators\b|"
                              r"\bgiao chi tieu\b|\bphu trach (?:nhung|cac) chi tieu\b")
_ASKS_NONE = re.compile(r"\bkhong (?:duoc )?(?:giao|phu trach) (?:chi tieu|bat ky chi tieu)\b|\bno (?:numbered )?indicators?\b|"
                        r"\bget no\b|\bwithout (?:any )?(?:numbered )?indicators?\b|\bnot assigned any\b")


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> '1–3, 5'."""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


class FactAnswers:
    def _indicator_facts_answer(self, u: Understanding, en: bool) -> AskResponse | None:
        """Questions over a plan's indicators as a whole, answered from the facts: how many there are, which ones
        an agency is assigned (or every agency's, or the agencies given none)."""
        counts = _ASKS_COUNT.search(u.folded)
        # "chỉ tiêu nào cao hơn" compares figures: the comparison's answer, not a list
        if u.kind == "compare" or not (counts or _ASKS_INDICATORS.search(u.folded) or _ASKS_NONE.search(u.folded)):
            return None
        wordings = [u.question, *self.rewriter.expansions(u.question)]
        parts, rows, missing = [], [], []
        for doc_id in u.doc_ids:
            f, label = self._facts(doc_id), self._short(doc_id)
            numbers = sorted({i.number for i in f.indicators})
            if counts and not numbers and f.targets:  # targets it sets without numbering them are what it has
                parts.append(f"{label} numbers no indicators but states {len(f.targets)} targets with figures" if en
                             else f"{label} không đánh số chỉ tiêu, nhưng nêu {len(f.targets)} mục tiêu có con số")
                rows += [self._row[(doc_id, t.clause)] for t in f.targets][:3]
                continue
            if not numbers:
                missing.append(f"{label} has no numbered indicators (chỉ tiêu)." if en else
                               f"{label} không có chỉ tiêu được đánh số.")
                continue
            if counts:
                parts.append(f"{label} has {len(numbers)} numbered indicators ({_ranges(numbers)})" if en else
                             f"{label} có {len(numbers)} chỉ tiêu được đánh số ({_ranges(numbers)})")
                rows += [self._row[(doc_id, i.clause)] for i in f.indicators][:3]
                continue
            assigned: dict[str, list] = {}
            for a in f.assignments:
                if a.indicators:
                    assigned.setdefault(a.agency, []).append(a)
            if _ASKS_NONE.search(u.folded):  # "which named departments get no numbered indicator"
                named = [a.agency for a in f.agencies if a.agency not in assigned]
                if named:
                    parts.append(f"{label}: no numbered indicator is assigned to " + ", ".join(dict.fromkeys(named)) if en
                                 else f"{label}: không giao chỉ tiêu được đánh số nào cho " + ", ".join(dict.fromkeys(named)))
                    rows += [self._row[(doc_id, a.clause)] for a in f.agencies if a.agency in named]
                continue
            asked = {agency: recs for agency, recs in assigned.items()
                     if any(agency_matches(w, recs[0].agency_key) for w in wordings)}
            if not asked and u.kind not in ("who", "list"):
                continue
            each = []
            for agency, recs in (asked or assigned).items():
                nums = sorted({n for a in recs for n in a.indicators})
                word = ("indicators " if en else "các chỉ tiêu ") if len(nums) > 1 else ("indicator " if en else "chỉ tiêu ")
                each.append((agency, word + ", ".join(map(str, nums))))
                rows += [self._row[(doc_id, a.clause)] for a in recs]
            if len(each) == 1:
                agency, which = each[0]
                parts.append(f"{agency} is assigned {which} of {label}" if en else f"{agency} phụ trách {which} của {label}")
            else:
                parts.append(f"{label} assigns " if en else f"{label} giao ")
                parts[-1] += ", ".join(f"{which} to {agency}" if en else f"{which} cho {agency}" for agency, which in each)
        if not parts:
            # a plan with no numbered indicators is said to have none, unless it sets targets without numbers:
            # which of those a body handles is for its passages to say
            unnumbered = any(self._facts(d).targets for d in u.doc_ids)
            return self._missing(u, en, missing, about="chỉ tiêu") if missing and not unnumbered else None
        lines = [composing.sentence(composing.sentence_case(composing.join_clauses(parts))), *self._evidence(rows),
                 *missing]
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite(rows), plans=self._plans(u.doc_ids),
                           kind=u.kind)

    def _indicator_lead(self, u: Understanding, found: list, en: bool, asks_agency: bool) -> str:
        """One sentence for every plan's indicator: who is assigned it, or what it sets (the targets of the years
        asked; for two plans compared on one figure each, the difference)."""
        parts = []
        for doc_id, ind, assigned in found:
            label, n = self._short(doc_id), ind.number
            if asks_agency:
                agencies = "; ".join(dict.fromkeys(a.agency for a in assigned))
                parts.append((f"indicator {n} of {label} is assigned to {agencies}" if en else
                              f"chỉ tiêu {n} của {label} do {agencies} phụ trách") if agencies else
                             (f"{label} names no agency for indicator {n}" if en else
                              f"{label} không giao chỉ tiêu {n} cho cơ quan cụ thể"))
            elif len(found) == 1 or not ind.targets:
                first = f"{composing.targets_phrase(ind.targets, u.years)} — " if u.years and ind.targets else ""
                parts.append(f"{'indicator' if en else 'chỉ tiêu'} {n} {'of' if en else 'của'} {label}: {first}{ind.text}")
            else:
                parts.append(f"{label}, {'indicator' if en else 'chỉ tiêu'} {n}: "
                             + composing.targets_phrase(ind.targets, u.years))
        lead = composing.join_clauses(parts)
        if u.kind == "compare" and len(found) == 2 and u.years:
            pair = [[t for t in ind.targets if t.year in u.years] for _, ind, _ in found]
            if all(len(p) == 1 for p in pair) and (gap := composing.difference(pair[0][0], pair[1][0], en)):
                a, b = pair[0][0].number, pair[1][0].number
                higher = self._short(found[0][0] if a > b else found[1][0]) if a != b else ""
                lead += (f" (a difference of {gap}" + (f"; {higher} sets the higher figure" if higher else "") + ")"
                         if en else f" (chênh lệch {gap}" + (f"; {higher} đặt mức cao hơn" if higher else "") + ")")
        return composing.sentence(composing.sentence_case(lead))

    def _days_answer(self, u: Understanding, en: bool) -> AskResponse | None:
        """Date arithmetic over the facts: days from the plan's date to the first dated deadline it sets (of the
        kind asked: a report, a review). A deadline without a year falls on or after the plan's date."""
        parts, rows = [], []
        for doc_id in u.doc_ids:
            doc = self.docs[doc_id]
            if not re.fullmatch(r"\d{4}-\d\d-\d\d", doc.get("date") or ""):
                continue
            issued = date.fromisoformat(doc["date"])
            due = []
            for _, dl in asked_deadlines(u, self.facts, [doc_id]):
                if not (dl.day and dl.month):
                    continue
                try:
                    when = date(dl.year or issued.year, dl.month, dl.day)
                    if when < issued and not dl.year:
                        when = date(issued.year + 1, dl.month, dl.day)
                except ValueError:  # 30/2 written by mistake
                    continue
                if when >= issued:
                    due.append((when, dl))
            if not due:
                continue
            when, dl = min(due, key=lambda x: x[0])
            what = composing.one_line(f"{dl.what} {dl.text}" if dl.what and dl.what not in dl.text else dl.text)
            gap = (when - issued).days
            parts.append(f"{gap} days: {self._short(doc_id)} is dated {issued:%-d/%-m/%Y} and its first deadline ({what}) "
                         f"falls on {when:%-d/%-m/%Y}" if en else
                         f"{gap} ngày: {self._short(doc_id)} ban hành {composing.on_date(doc['date'])}, hạn đầu tiên ({what}) "
                         f"là ngày {when:%-d/%-m/%Y}")
            rows += [self._row[(doc_id, dl.clause)], *(c["id"] for c in self.r.clauses_of(doc_id)
                                                        if c["kind"] == "header")][:3]
        if not parts:
            return self._missing(u, en, [f"{self._label(d)} sets no dated deadline of this kind." if en else
                                         f"{self._label(d)} không đặt hạn có ngày cụ thể cho việc này." for d in u.doc_ids])
        lines = [composing.sentence(composing.join_clauses(parts)), *self._evidence(rows)]
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite(rows), plans=self._plans(u.doc_ids),
                           kind=u.kind)

    def _indicators_across_plans(self, u: Understanding, en: bool, doc_ids: list[str] | None = None) -> AskResponse | None:
        """'Which provinces have an indicator on birth registration', or two named plans compared on a topic: each
        plan whose best indicator for the question scores close to the best of all, with that indicator (a reverse
        look-up from a topic to the indicators that set it). None when fewer than `doc_ids` asks for are found."""
        best: dict[str, Hit] = {}
        for h in self.search(u.question, 30, doc_ids, u=u):
            if h.clause["id"] in self._indicator_at:
                best.setdefault(h.clause["doc_id"], h)
        if not best:
            return None
        top = max(h.score for h in best.values())
        share = _ACROSS_PLANS if doc_ids is None else _ACROSS_NAMED_PLANS
        chosen = [h for h in best.values() if h.score >= share * top and h.dense >= composing.MIN_DENSE]
        if doc_ids is not None and len(chosen) < 2:
            return None
        found = [(h.clause["doc_id"], ind, self._facts(h.clause["doc_id"]).agencies_for(ind.number))
                 for h in chosen for ind in [self._indicator_at[h.clause["id"]]]]
        rows = [h.clause["id"] for h in chosen]
        lines = [self._indicator_lead(u, found, en, bool(ASKS_WHO.search(u.folded))), *self._evidence(rows)]
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite(rows),
                           plans=self._plans(h.clause["doc_id"] for h in chosen), kind=u.kind)
