"""Answers with citations: from extracted facts when the question is structural, else the best sentences.

Honesty first: an indicator or place that a plan does not have yields `found: false`, says what is missing and
shows the nearest evidence from the plan asked about — never another plan's answer in its place.
"""

from __future__ import annotations

import re

from indexer.facts import agency_matches
from indexer.tokenizing import fold

from .gaps import phrases, plan_gaps
from .retrieval import Hit, Retriever, citation
from .rewriting import QueryRewriter, is_english
from .schemas import AskResponse, PlanRef
from .understanding import Understanding, citing_plans, reference_key, understand

BOOST = 1.0  # above any RRF score: clauses that carry the asked indicator number come first
AGENCY_BOOST = 0.02  # about one top RRF rank: an agency named in the question lifts its own clauses
# Above the best RRF score (2/61): the clauses that hold what a plan question asks (its number, signer...) come first,
# those of the facet asked first (in _FACET_ORDER) before the others.
FACET_BOOST = 0.035
FACET_PRIMARY = 0.01
# "Which units does the plan assign tasks to": every agency heading is evidence, but so are the assignments that a
# narrower question ("những cơ quan nào được giao chỉ tiêu") asks for, so these interleave with the best passages.
AGENCY_LIST_BOOST = 0.03
# A bare agency heading ("2. Sở Tư pháp") matches the agency's name better than any of its tasks but says nothing
# itself: below its tasks unless the question asks which agency.
HEADING_PENALTY = 0.01
MIN_DENSE = 0.80  # below this cosine the best passage is not evidence enough to answer (calibrated on eval/)
_NOT_EVIDENCE = {"recipients", "signature", "header"}
_METADATA_KINDS = ("header", "title", "preamble", "signature")
# Which clauses hold each facet of a plan question (see understanding._FACETS).
def _numbered_header(c: dict) -> bool:
    return c["kind"] == "header" and bool(re.search(r"Số\s*:", c["text"]))


_FACET_CLAUSES = {
    "number": _numbered_header,
    "date": lambda c: c["kind"] == "header" and re.search(r"ngày|tháng\s+\d", c["text"]),
    "issuer": lambda c: (c["kind"] == "header" and re.search(r"ỦY BAN|UỶ BAN|UBND", c["text"], re.I)) or
                        (c["kind"] == "preamble" and re.search(r"ban hành|xây dựng [Kk]ế hoạch", c["text"])),
    "signer": lambda c: c["kind"] == "signature",
    "basis": lambda c: c["kind"] in ("preamble", "title"),
    "title": lambda c: c["kind"] == "title",
    "recipients": lambda c: c["kind"] == "recipients",
    "appendix": lambda c: "phu luc" in fold(c["text"] + " " + " ".join(c["heading_path"])).lower(),
    "which_plan": _numbered_header,
    # "agencies": the lines naming each agency of the organisation section, from the facts (see Answerer.__init__)
}


# Which facet a question asks first when it names several ("the number of the plan implementing X": the number).
_FACET_ORDER = ["number", "date", "signer", "issuer", "recipients", "appendix", "basis", "which_plan", "title", "agencies"]

_ASKS_DAY = re.compile(r"\btruoc ngay\b|\bngay nao\b|\bby what date\b|\bwhat date\b|\bwhich date\b|\bhan chot\b|"
                       r"\bdeadline\b|\bby when\b|\bdue\b")
_ASKS_REVIEW = re.compile(r"\bso ket\b|\btong ket\b|\breview\b")
_ASKS_REPORT = re.compile(r"\bbao cao\b|\breport")
# A "when" question about the plan's own schedule (not "when was the law it cites passed"): one that names a report,
# a review or a deadline lifts the deadline clauses; one that only asks "by when" is answered from the deadlines too.
_SCHEDULE_WORDS = (r"\bbao cao\b|\breport|\bso ket\b|\btong ket\b|\breview|\bhan\b|\bdeadline|\bdue\b|\bdinh ky\b|"
                   r"\bhow often\b|\bnop\b|\bsubmit")
_NAMES_A_SCHEDULE = re.compile(_SCHEDULE_WORDS)
_ASKS_SCHEDULE = re.compile(_SCHEDULE_WORDS + r"|\bhang (?:nam|quy|thang)\b|\btruoc ngay\b|\bby when\b|\bby what date\b")
_FIGURE_ASKS = {
    "percent": re.compile(r"\bphan tram\b|\bpercent|\bwhat (?:share|proportion|rate)\b|\bty le\b.*\bbao nhieu\b|"
                          r"\bnumeric targets?\b"),
    "count": re.compile(r"\bhow many\b|\bbao nhieu\b"),
}
_FIGURE_ASKED = {
    "percent": re.compile(r"\d\s*(?:%|‰)|phần trăm|/\s*100\.000"),
    "count": re.compile(r"\b(?!(?:19|20)\d\d\b)\d+\b"),
}
# One indicator described ("the birth-registration indicator"), not indicators in general ("indicators and data")
_NAMES_AN_INDICATOR = re.compile(r"\bchi tieu\b|\bindicator\b|\btarget\b|\bty le\b|\brate\b|\bpercentage\b")


def _vi_date(iso: str) -> str:
    """`2020-03-09` -> `09/03/2020`; a plan whose day is blank (`2024-05`) -> `tháng 05/2024 (để trống ngày)`."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else f"tháng {parts[1]}/{parts[0]} (để trống ngày)"


class Answerer:
    def __init__(self, retriever: Retriever, facts: dict[str, dict]) -> None:
        self.r = retriever
        self.facts = facts
        self.docs = retriever.documents
        self.rewriter = QueryRewriter(c["text"] for c in retriever.clauses)
        self._row = {(c["doc_id"], c["ordinal"]): i for i, c in enumerate(retriever.clauses)}
        self._reference_keys = [reference_key(c["text"]) for c in retriever.clauses]
        self._facet_rows = {facet: {c["id"] for c in retriever.clauses if holds(c)}
                            for facet, holds in _FACET_CLAUSES.items()}
        self._facet_rows["agencies"] = {self._row[(d, a["clause"])] for d, f in facts.items()
                                        for a in f.get("agencies", [])}
        self._doc_text = {d: "\n".join(c["text"] for c in retriever.clauses if c["doc_id"] == d) for d in self.docs}
        self._doc_phrases = {d: phrases(text) for d, text in self._doc_text.items()}
        # (doc_id, indicator number) -> rows of the clauses that state or assign that indicator
        self._indicator_rows: dict[tuple[str, int], dict[str, list[int]]] = {}
        for doc_id, f in facts.items():
            for ind in f.get("indicators", []):
                self._rows_for(doc_id, ind["number"])["indicator"].append(self._row[(doc_id, ind["clause"])])
            for a in f.get("assignments", []):
                for n in a["indicators"]:
                    row = self._row[(doc_id, a["clause"])]
                    if row not in self._rows_for(doc_id, n)["assignment"]:
                        self._rows_for(doc_id, n)["assignment"].append(row)

    def agency_rows(self, question: str, doc_ids: list[str] | None) -> set[int]:
        """Rows of the assignments and tasks of every agency the question names (not the line naming it: a
        question naming an agency asks what it does, or who works with it)."""
        rows = set()
        for doc_id in doc_ids or list(self.docs):
            f = self.facts.get(doc_id, {})
            for record in f.get("assignments", []) + f.get("tasks", []):
                if agency_matches(question, record["agency_key"]):
                    rows.add(self._row[(doc_id, record["clause"])])
        return rows

    def facet_rows(self, u: Understanding, doc_ids: list[str] | None) -> dict[int, float]:
        """Clauses holding what a plan question asks, and clauses citing a document number it names, each with its
        lift: the facet asked first (`_FACET_ORDER`) lifts its clauses most, so "the number of the plan implementing
        the programme" puts the number before the basis."""
        rows: dict[int, float] = {}
        foreign = u.foreign_references(self.docs)
        facets = [f for f in u.facets if not (foreign and f in ("date", "number", "signer", "issuer"))]
        wanted = set(doc_ids or self.docs)
        if "which_plan" in facets and doc_ids and "basis" in facets:
            facets.remove("which_plan")  # "which plan does Hương Khê's plan implement": its basis, not its number
        if "which_plan" in facets and not doc_ids:
            # "which plan implements 121/2020/QH14": the plans citing it; with nothing to narrow it, every plan's
            # number would crowd out the passage that tells them apart
            citing = {self.r.clauses[i]["doc_id"] for i, key in enumerate(self._reference_keys)
                      if any(ref in key for ref in u.references)}
            if citing:
                wanted = citing
            else:
                facets.remove("which_plan")
        facets.sort(key=_FACET_ORDER.index)
        for i, facet in enumerate(facets):
            lift = AGENCY_LIST_BOOST if facet == "agencies" else FACET_BOOST + (FACET_PRIMARY if i == 0 else 0.0)
            for row in self._facet_rows.get(facet, ()):
                if self.r.clauses[row]["doc_id"] in wanted and rows.get(row, 0.0) < lift:
                    rows[row] = lift
        if u.kind == "when" and _NAMES_A_SCHEDULE.search(u.folded):  # "when is the report due": the deadline clauses
            for doc_id, dl in self._asked_deadlines(u, sorted(wanted)):
                row = self._row[(doc_id, dl["clause"])]
                rows[row] = max(rows.get(row, 0.0), FACET_BOOST)
        for ref in u.references:
            # the clauses naming a cited document asked about come first; the plan's own number only names the plan
            lift = FACET_BOOST + (FACET_PRIMARY if ref in foreign else 0.0)
            for i, key in enumerate(self._reference_keys):
                if ref in key and self.r.clauses[i]["doc_id"] in wanted:
                    rows[i] = max(rows.get(i, 0.0), lift)
        return rows

    def _rows_for(self, doc_id: str, n: int) -> dict[str, list[int]]:
        return self._indicator_rows.setdefault((doc_id, n), {"indicator": [], "assignment": []})

    # ---- search -------------------------------------------------------------------------------------
    def search(self, query: str, k: int, doc_ids: list[str] | None = None, mode: str = "hybrid",
               u: Understanding | None = None) -> list[Hit]:
        """Hybrid retrieval; in hybrid mode the question's places filter and its indicator numbers match exactly."""
        if mode != "hybrid":
            return self.r.search(query, k, doc_ids, mode)
        u = u or understand(query, self.docs)
        if doc_ids is None and u.doc_ids:
            doc_ids = u.doc_ids
        hits = self.r.search(query, max(k, 50), doc_ids, mode, expansions=self.rewriter.expansions(query))
        by_agency = self.agency_rows(query, doc_ids)
        by_facet = self.facet_rows(u, doc_ids)
        present = {h.clause["id"] for h in hits}
        hits += [Hit(self.r.clauses[row], 0.0, 0.0, 0.0) for row in by_facet.keys() - present]
        asks_agency = u.kind == "who" or "agencies" in u.facets
        for h in hits:
            if h.clause["id"] in by_agency:
                h.score += AGENCY_BOOST
            h.score += by_facet.get(h.clause["id"], 0.0)
            if h.clause["kind"] == "heading" and h.clause["id"] in self._facet_rows["agencies"] and not asks_agency:
                h.score -= HEADING_PENALTY
        if u.indicators:
            named_agency = any(self._row[(d, a["clause"])] in by_agency for d in (doc_ids or self.docs)
                               for a in self.facts.get(d, {}).get("assignments", []))
            first = "assignment" if u.kind in ("who", "list") or named_agency else "indicator"
            wanted: dict[int, float] = {}
            for doc_id in doc_ids or list(self.docs):
                for n in u.indicators:
                    rows = self._indicator_rows.get((doc_id, n), {})
                    for kind, bonus in ((first, 2 * BOOST), ("assignment" if first == "indicator" else "indicator", BOOST)):
                        for row in rows.get(kind, []):
                            wanted[row] = max(wanted.get(row, 0.0), bonus)
            if wanted:
                present = {h.clause["id"]: h for h in hits}
                for row in wanted:
                    if row not in present:
                        present[row] = Hit(self.r.clauses[row], 0.0, 0.0, 0.0)
                hits = list(present.values())
                for h in hits:
                    h.score += wanted.get(h.clause["id"], 0.0)
        hits.sort(key=lambda h: -h.score)
        if not u.indicators and u.kind == "who" and hits:
            # "who handles the birth-registration indicator", or "who sees to birth registration" when an indicator
            # is the best match: the agencies assigned that indicator are the answer
            within = 10 if _NAMES_AN_INDICATOR.search(u.folded) else 1
            hits = self._assignments_of_described_indicator(hits, within)
        return hits[:k]

    def _assignments_of_described_indicator(self, hits: list[Hit], within: int) -> list[Hit]:
        """"Who handles the birth-registration indicator": the best-matching indicator clause stands for the
        number not given, and the clauses assigning that indicator come first, then the indicator itself."""
        top = next((h for h in hits[:within] if h.clause["kind"] == "indicator" and h.clause.get("indicator")), None)
        if top is None:
            return hits
        rows = self._indicator_rows.get((top.clause["doc_id"], top.clause["indicator"]), {}).get("assignment", [])
        if not rows:
            return hits
        present = {h.clause["id"]: h for h in hits}
        first = hits[0].score
        top.score = first + 1e-6
        for row in rows:
            hit = present.get(row) or Hit(self.r.clauses[row], 0.0, 0.0, 0.0)
            hit.score = first + 2e-6
            present[row] = hit
        return sorted(present.values(), key=lambda h: -h.score)

    # ---- ask ----------------------------------------------------------------------------------------
    def ask(self, question: str) -> AskResponse:
        u = understand(question, self.docs)
        en = is_english(question)
        if u.unknown_places and not u.doc_ids:
            return self._missing(u, en, [f"No plan in the corpus covers {', '.join(u.unknown_places)}." if en else
                                         f"Không có kế hoạch nào của {', '.join(u.unknown_places)} trong kho văn bản."])
        if reasons := plan_gaps(u, en, self.docs, self.facts, self._doc_text, self._doc_phrases,
                                self.rewriter.expansions(question)):
            lifts = self.facet_rows(u, u.doc_ids) if u.kind == "plan" and u.doc_ids else {}
            facet_rows = sorted(lifts, key=lambda row: (-lifts[row], row))
            return self._missing(u, en, reasons, rows=facet_rows)
        if u.indicators:
            return self._indicator_answer(u, en)
        if u.kind == "plan" and (u.doc_ids or u.references):
            if answer := self._plan_answer(u, en):
                return answer
        if u.kind == "when" and _ASKS_SCHEDULE.search(u.folded) and (deadline := self._deadline_answer(u, en)):
            return deadline
        if "agencies" in u.facets and u.doc_ids and (agencies := self._agencies_answer(u, en)):
            return agencies
        return self._extractive(u, en)

    def _label(self, doc_id: str) -> str:
        return self.docs[doc_id]["label"]

    def _plans(self, doc_ids) -> list[PlanRef]:
        return [PlanRef(doc_id=d, number=self.docs[d].get("number"), locality=self.docs[d].get("locality"),
                        title=self.docs[d].get("title")) for d in dict.fromkeys(doc_ids)]

    def _cite(self, rows: list[int]) -> list[dict]:
        out, seen = [], set()
        for row in rows:
            if row in seen:
                continue
            seen.add(row)
            clause = self.r.clauses[row]
            out.append(citation(clause, self.docs[clause["doc_id"]]))
        return out

    def _missing(self, u: Understanding, en: bool, reasons: list[str], about: str = "",
                 rows: list[int] | None = None) -> AskResponse:
        """found=false: what is missing, then the nearest evidence (`rows` first, e.g. a blank signature block)."""
        hits = [h for h in self.r.search(f"{u.question} {about}".strip(), 12, u.doc_ids or None,
                                         expansions=self.rewriter.expansions(u.question))
                if h.clause["kind"] not in _NOT_EVIDENCE][:3]
        rows = list(dict.fromkeys([*(rows or [])[:4], *(h.clause["id"] for h in hits)]))
        lines = list(reasons)
        if rows:
            lines.append("Nearest evidence:" if en else "Bằng chứng gần nhất:")
            lines += [f"[{i}] {self._label(self.r.clauses[row]['doc_id'])} — {self.r.clauses[row]['text']}"
                      for i, row in enumerate(rows, 1)]
        return AskResponse(answer="\n".join(lines), found=False, citations=self._cite(rows),
                           plans=self._plans(u.doc_ids), kind=u.kind)

    def _indicator_answer(self, u: Understanding, en: bool) -> AskResponse:
        doc_ids = u.doc_ids or [d for d in self.docs if any((d, n) in self._indicator_rows for n in u.indicators)]
        lines, missing, rows, used = [], [], [], []
        for doc_id in doc_ids or list(self.docs):
            indicators = {i["number"]: i for i in self.facts.get(doc_id, {}).get("indicators", [])}
            label = self._label(doc_id)
            if not indicators:
                missing.append(f"{label} has no numbered indicators (chỉ tiêu)." if en else
                               f"{label} không có chỉ tiêu được đánh số.")
                continue
            for n in u.indicators:
                ind = indicators.get(n)
                if ind is None:
                    missing.append(
                        f"{label} has no indicator {n} (its indicators are numbered {min(indicators)}–{max(indicators)})."
                        if en else f"{label} không có chỉ tiêu {n} (chỉ có chỉ tiêu {min(indicators)}–{max(indicators)}).")
                    continue
                ind_row = self._row[(doc_id, ind["clause"])]
                assigned = [a for a in self.facts[doc_id].get("assignments", []) if n in a["indicators"]]
                used.append(doc_id)
                if u.kind in ("who", "list") or (u.kind == "task" and assigned):
                    if assigned:
                        agencies = "; ".join(dict.fromkeys(a["agency"] for a in assigned))
                        lines.append(f"{label}: indicator {n} is assigned to {agencies}." if en else
                                     f"{label}: chỉ tiêu {n} do {agencies} phụ trách.")
                        rows += [self._row[(doc_id, a["clause"])] for a in assigned]
                    else:
                        lines.append(f"{label}: the plan names no agency for indicator {n}." if en else
                                     f"{label}: kế hoạch không giao chỉ tiêu {n} cho cơ quan cụ thể.")
                    rows.append(ind_row)
                    lines.append(f"  Chỉ tiêu {n}: {ind['text']}")
                else:
                    lines.append(f"{label} — chỉ tiêu {n}: {ind['text']}")
                    rows.append(ind_row)
                    rows += [self._row[(doc_id, a["clause"])] for a in assigned]
        if not used:
            return self._missing(u, en, missing, about="chỉ tiêu")
        lines += missing
        # A comparison with one side missing is not a comparison: say so, show the side that exists.
        if u.kind == "compare" and missing:  # cite the plan that lacks it too: its title shows where we looked
            rows += [c["id"] for c in self.r.clauses if c["doc_id"] in doc_ids and c["doc_id"] not in used
                     and c["kind"] == "title"][:2]
            used += [d for d in doc_ids if d not in used]
        return AskResponse(answer="\n".join(lines), found=not (u.kind == "compare" and missing), citations=self._cite(rows),
                           plans=self._plans(used), kind=u.kind)

    def _plan_answer(self, u: Understanding, en: bool) -> AskResponse | None:
        doc_ids = list(u.doc_ids)
        for ref in u.references:  # "which plan implements 23/QĐ-TTg"
            doc_ids += [d for d in citing_plans(ref, self.docs) if d not in doc_ids]
        if not doc_ids:
            return None
        lines, rows, cited = [], [], []
        # A document the plan cites (its date, its issuer): the plan's own clause that cites it says so, first.
        for ref in u.foreign_references(self.docs):
            for row, key in enumerate(self._reference_keys):
                clause = self.r.clauses[row]
                if ref in key and clause["doc_id"] in doc_ids and row not in cited:
                    cited.append(row)
                    lines.append(f"{self._label(clause['doc_id'])} — {clause['text']}")
        for doc_id in doc_ids:
            doc = self.docs[doc_id]
            basis = "; ".join(f"{b['type']} số {b['number']}" + (f" ngày {_vi_date(b['date'])}" if b.get("date") else "")
                              + (f" của {b['issuer']}" if b.get("issuer") else "") for b in doc.get("legal_basis", []))
            parts = [doc["label"], "" if doc.get("number") else "(để trống số hiệu)",
                     f"ngày {_vi_date(doc['date'])}" if doc.get("date") else "", f"— {doc['title']}" if doc.get("title") else ""]
            lines.append(" ".join(p for p in parts if p) + ".")
            if basis:
                lines.append(f"Căn cứ / thực hiện: {basis}.")
            if doc.get("signer"):
                lines.append(f"Người ký: {doc['signer']} ({doc.get('signer_role') or ''}).")
            if "recipients" in u.facets:
                sent_to = [c for c in self.r.clauses if c["doc_id"] == doc_id and c["kind"] == "recipients"]
                lines.append("Nơi nhận: " + " ".join(c["text"] for c in sent_to))
                rows += [c["id"] for c in sent_to]
            rows += [c["id"] for c in self.r.clauses if c["doc_id"] == doc_id and c["kind"] in _METADATA_KINDS][:6]
        hits = self.search(u.question, 8, doc_ids, u=u)
        if "basis" in u.facets:  # documents cited in the body ("theo Quyết định số 06/2019/QĐ-TTg") are not in the preamble
            body = [h for h in hits if h.clause["kind"] not in _METADATA_KINDS + ("recipients",)][:2]
            if body:
                lines.append("In the plan's text:" if en else "Trong nội dung kế hoạch:")
                lines += [f"[{i}] {h.clause['text']}" for i, h in enumerate(body, 1)]
        rows = cited + [h.clause["id"] for h in hits[:3]] + rows
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite(rows), plans=self._plans(doc_ids),
                           kind=u.kind)

    def _asked_deadlines(self, u: Understanding, doc_ids: list[str]) -> list[tuple[str, dict]]:
        """The deadlines of these plans that a "when" question asks about: reviews, reports, or any."""
        deadlines = [(d, dl) for d in doc_ids for dl in self.facts.get(d, {}).get("deadlines", [])]
        if _ASKS_REVIEW.search(u.folded):
            return [(d, dl) for d, dl in deadlines if re.search(r"sơ kết|tổng kết", dl["what"] or "")]
        if _ASKS_REPORT.search(u.folded):
            return [(d, dl) for d, dl in deadlines if "báo cáo" in (dl["what"] or "")]
        return deadlines

    def _deadline_answer(self, u: Understanding, en: bool) -> AskResponse | None:
        """Deadlines from facts: dated ones when a date is asked; a plan that only says "hằng năm" or "định kỳ"
        is reported as setting no date rather than answered with another plan's date."""
        doc_ids = u.doc_ids or list(self.docs)
        deadlines = self._asked_deadlines(u, doc_ids)
        if _ASKS_REVIEW.search(u.folded) and u.doc_ids and not deadlines:  # another plan's review is not this one's
            return self._missing(u, en, [
                f"{self._label(d)} sets no mid-term or final review (sơ kết, tổng kết)." if en else
                f"{self._label(d)} không quy định mốc sơ kết, tổng kết." for d in u.doc_ids])
        if not deadlines:
            return None
        dated = [(d, dl) for d, dl in deadlines if dl.get("day")]
        def line(d: str, dl: dict) -> str:
            what = f"{dl['what']} " if dl.get("what") and dl["what"] not in dl["text"] else ""
            return f"{self._label(d)}: {what}{dl['text']}" + (f" ({dl['responsible']})" if dl.get("responsible") else "")
        if u.doc_ids and _ASKS_DAY.search(u.folded) and not dated:
            reasons = [f"{self._label(d)} sets no date; it says only: " + "; ".join(
                           dict.fromkeys(dl["text"] for dd, dl in deadlines if dd == d)) + "." if en else
                       f"{self._label(d)} không đặt hạn ngày cụ thể, chỉ ghi: " + "; ".join(
                           dict.fromkeys(dl["text"] for dd, dl in deadlines if dd == d)) + "."
                       for d in dict.fromkeys(d for d, _ in deadlines)]
            return self._missing(u, en, reasons, rows=[self._row[(d, dl["clause"])] for d, dl in deadlines])
        chosen = dated if dated and _ASKS_DAY.search(u.folded) else deadlines
        hits = self.search(u.question, 3, doc_ids, u=u)
        rows = [self._row[(d, dl["clause"])] for d, dl in chosen] + [h.clause["id"] for h in hits]
        return AskResponse(answer="\n".join(line(d, dl) for d, dl in chosen), found=True, citations=self._cite(rows),
                           plans=self._plans(d for d, _ in chosen), kind=u.kind)

    def _agencies_answer(self, u: Understanding, en: bool) -> AskResponse | None:
        """Every agency a plan gives tasks to, in the plan's order and spelling, each cited by the line naming it
        (else by its first task)."""
        lines, rows = [], []
        for doc_id in u.doc_ids:
            f = self.facts.get(doc_id, {})
            first: dict[str, int] = {}
            for record in sorted(f.get("agencies", []), key=lambda r: r["clause"]) + sorted(
                    f.get("assignments", []) + f.get("tasks", []), key=lambda r: r["clause"]):
                first.setdefault(record["agency"], self._row[(doc_id, record["clause"])])
            if first:
                lines.append(f"{self._label(doc_id)} — " + ("assigns tasks to: " if en else "giao nhiệm vụ cho: ")
                             + "; ".join(first) + ".")
                rows += list(first.values())
        if not lines:
            return None
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite(rows), plans=self._plans(u.doc_ids),
                           kind=u.kind)

    def _extractive(self, u: Understanding, en: bool) -> AskResponse:
        hits = self.search(u.question, 5, u.doc_ids or None, u=u)
        if not hits or max(h.dense for h in hits) < MIN_DENSE:
            return self._missing(u, en, ["The plans do not answer this." if en else
                                         "Không tìm thấy nội dung trả lời câu hỏi trong các kế hoạch."])
        figure = _FIGURE_ASKED.get(next((k for k, p in _FIGURE_ASKS.items() if p.search(u.folded)), ""))
        if u.doc_ids and figure and not any(figure.search(h.clause["text"]) for h in hits[:3]):
            # "what percentage…" answered by a passage with no figure in it is not an answer
            return self._missing(u, en, ["The plan states no figure for this." if en else
                                         "Kế hoạch không nêu con số cho nội dung này."])
        best = hits[:3]
        lines = []
        for i, h in enumerate(best, 1):
            c = h.clause
            lines.append(f"[{i}] {self._label(c['doc_id'])} ({' > '.join(c['heading_path'])}): {c['text']}")
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite([h.clause["id"] for h in best]),
                           plans=self._plans(h.clause["doc_id"] for h in best), kind=u.kind)

    def indicator_table(self, doc_ids: list[str], number: int | None) -> list[dict]:
        rows = []
        for doc_id in doc_ids:
            f = self.facts.get(doc_id, {})
            for ind in f.get("indicators", []):
                if number is not None and ind["number"] != number:
                    continue
                agencies = [a["agency"] for a in f.get("assignments", []) if ind["number"] in a["indicators"]]
                rows.append({**ind, "doc_id": doc_id, "locality": self.docs[doc_id].get("locality"),
                             "agencies": list(dict.fromkeys(agencies))})
        return rows


__all__ = ["Answerer"]
