"""Answers with citations: from extracted facts when the question is structural, else the best sentences.

Honesty first: an indicator or place that a plan does not have yields `found: false`, says what is missing and
shows the nearest evidence from the plan asked about — never another plan's answer in its place.
"""

from __future__ import annotations

import re
from dataclasses import replace

from indexer.records import Deadline, PlanFacts
from indexer.tokenizing import fold

from .gaps import (PLAN_NUMBER_IN_TEXT, phrases, place_syllables, plan_gaps, title_words, topic_phrases,
                   topic_share, topic_words)
from .ranking import ASKS_REVIEW, CANDIDATES, SCHEDULE_WORDS, Ranker, asked_deadlines
from .retrieval import Hit, Retriever, citation
from .rewriting import QueryRewriter, is_english
from .schemas import AskResponse, PlanRef
from .understanding import Understanding, citing_plans, understand

# Of several plans of one place, those holding at least this share of the best one's topic phrases are kept, when
# the best holds at least _TOPIC_SHARE_MIN of them (below that the question's words say little about the topic).
_TOPIC_SHARE_MIN, _TOPIC_SHARE_KEPT = 0.2, 0.6
MIN_DENSE = 0.80  # below this cosine the best passage is not evidence enough to answer (calibrated on eval/)
_NOT_EVIDENCE = {"recipients", "signature", "header"}
_METADATA_KINDS = ("header", "title", "preamble", "signature")

_ASKS_DAY = re.compile(r"\btruoc ngay\b|\bngay nao\b|\bby what date\b|\bwhat date\b|\bwhich date\b|\bhan chot\b|"
                       r"\bdeadline\b|\bby when\b|\bdue\b")
# A "when" question about the plan's own schedule is answered from the deadlines, also one that only asks "by when".
_ASKS_SCHEDULE = re.compile(SCHEDULE_WORDS + r"|\bhang (?:nam|quy|thang)\b|\btruoc ngay\b|\bby when\b|\bby what date\b")
_FIGURE_ASKS = {
    "percent": re.compile(r"\bphan tram\b|\bpercent|\bwhat (?:share|proportion|rate)\b|\bty le\b.*\bbao nhieu\b|"
                          r"\bnumeric targets?\b"),
    "count": re.compile(r"\bhow many\b|\bbao nhieu\b"),
}
_FIGURE_ASKED = {
    "percent": re.compile(r"\d\s*(?:%|‰)|phần trăm|/\s*100\.000"),
    "count": re.compile(r"\b(?!(?:19|20)\d\d\b)\d+\b"),
}


def _on_date(iso: str) -> str:
    """`2020-03-09` -> `ngày 9/3/2020`, unpadded as most plans and readers write it (a padded `09/03` is not what a
    reader types back); a date whose day is blank (`2024-05`) -> `tháng 5/2024 (để trống ngày)`."""
    parts = [str(int(p)) for p in iso.split("-")]
    return "ngày " + "/".join(reversed(parts)) if len(parts) == 3 else f"tháng {parts[1]}/{parts[0]} (để trống ngày)"


class Answerer:
    def __init__(self, retriever: Retriever, facts: dict[str, PlanFacts]) -> None:
        self.r = retriever
        self.facts = facts
        self.docs = retriever.documents
        self.rewriter = QueryRewriter(c["text"] for c in retriever.clauses)
        self.ranker = Ranker(retriever.clauses, self.docs, facts)
        self._row = self.ranker.row
        self._doc_text = {d: "\n".join(c["text"] for c in retriever.clauses if c["doc_id"] == d) for d in self.docs}
        self._doc_phrases = {d: phrases(text) for d, text in self._doc_text.items()}
        self._title_words = {d: title_words(doc.get("title") or "") for d, doc in self.docs.items()}

    # ---- search -------------------------------------------------------------------------------------
    def search(self, query: str, k: int, doc_ids: list[str] | None = None, mode: str = "hybrid",
               u: Understanding | None = None) -> list[Hit]:
        """Hybrid retrieval, then re-ranking (service.ranking); in hybrid mode the question's places filter it."""
        if mode != "hybrid":
            return self.r.search(query, k, doc_ids, mode)
        u = u or self._by_topic(understand(query, self.docs))
        if doc_ids is None and u.doc_ids:
            doc_ids = u.doc_ids
        hits = self.r.search(query, max(k, CANDIDATES), doc_ids, mode, expansions=self.rewriter.expansions(query))
        return self.ranker.rank(u, hits, doc_ids, k)

    # ---- ask ----------------------------------------------------------------------------------------
    def ask(self, question: str) -> AskResponse:
        u = understand(question, self.docs)
        en = is_english(question)
        missing = [] if u.doc_ids else u.unknown_places
        missing += [n for n in u.unit_missing if not any(fold(n).lower() in fold(self._doc_text[d]).lower()
                                                         for d in u.doc_ids)]
        if missing:
            # a plan that names no place (a news item about "the district's" plan) may still be the one asked
            if placeless := self._placeless_plan(u):
                answer = self._ask_plans(replace(u, doc_ids=[placeless], unknown_places=[], unit_missing=[]), en)
                answer.answer += ("\n(This document names no place; it is the one plan on this subject.)" if en else
                                  "\n(Văn bản này không ghi địa danh; đây là văn bản duy nhất về nội dung này.)")
                return answer
            held = "; ".join(self._label(d) for d in u.doc_ids)
            return self._missing(u, en, [
                (f"No plan in the corpus covers {', '.join(missing)}." + (f" Only: {held}." if held else "")) if en else
                (f"Không có kế hoạch nào của {', '.join(missing)} trong kho văn bản."
                 + (f" Chỉ có: {held}." if held else ""))])
        return self._ask_plans(self._by_topic(u), en)

    def _by_topic(self, u: Understanding) -> Understanding:
        """Of several plans of the place a question names, the ones about what it asks: a province issues many
        plans, and "ai ký kế hoạch thi đua của Đắk Lắk" is about its emulation plan, not its aquaculture plan."""
        if len(u.doc_ids) < 2 or u.kind == "compare" or u.selected:
            return u
        places = place_syllables(u.places)
        wordings = [u.question, *self.rewriter.expansions(u.question)]
        asked = [topic_phrases(w, places) for w in wordings]  # phrases, anywhere in the plan
        words = [topic_words(w, places) for w in wordings]  # words, in its title
        groups: dict[tuple, list[str]] = {}
        for d in u.doc_ids:
            groups.setdefault(tuple(u.place_keys.get(d, ())), []).append(d)
        kept = []
        for key, docs in groups.items():
            share = {d: topic_share(asked, self._doc_phrases[d]) + topic_share(words, self._title_words[d])
                     for d in docs}
            best = max(share.values())
            kept += [d for d in docs if not key or best < _TOPIC_SHARE_MIN or share[d] >= _TOPIC_SHARE_KEPT * best]
        return replace(u, doc_ids=[d for d in u.doc_ids if d in kept])

    def _placeless_plan(self, u: Understanding) -> str | None:
        """The plan naming no place whose text holds most of the question's topic phrases (at least two, and
        half of them), or None."""
        placeless = [d for d, doc in self.docs.items()
                     if not (doc.get("places") or doc.get("locality") or doc.get("province"))]
        if not placeless:
            return None
        places = place_syllables([*u.places, *u.unknown_places, *u.unit_missing])
        asked = [topic_phrases(w, places) for w in [u.question, *self.rewriter.expansions(u.question)]]
        share = {d: topic_share(asked, self._doc_phrases[d], at_least=2) for d in placeless}
        best = max(placeless, key=lambda d: share[d])
        return best if share[best] >= 0.5 else None

    def _ask_plans(self, u: Understanding, en: bool) -> AskResponse:
        """The answer once the plans asked about are known (`u.doc_ids`, or none named)."""
        question = u.question
        if reasons := plan_gaps(u, en, self.docs, self.facts, self._doc_text, self._doc_phrases,
                                self.rewriter.expansions(question)):
            lifts = self.ranker.facet_lifts(u, u.doc_ids) if u.kind == "plan" and u.doc_ids else {}
            facet_rows = sorted(lifts, key=lambda row: (-lifts[row], row))
            return self._missing(u, en, reasons, rows=facet_rows)
        if u.indicators:
            return self._indicator_answer(u, en)
        if u.kind == "plan" and (u.doc_ids or u.references):
            if answer := self._plan_answer(u, en):
                return answer
        # "through which office and by what date must the report be sent": a date asked is a when-question too
        asks_when = u.kind == "when" or (u.kind == "who" and _ASKS_DAY.search(u.folded))
        if asks_when and _ASKS_SCHEDULE.search(u.folded) and (deadline := self._deadline_answer(u, en)):
            return deadline
        if "agencies" in u.facets and u.doc_ids and (agencies := self._agencies_answer(u, en)):
            return agencies
        return self._extractive(u, en)

    def _facts(self, doc_id: str) -> PlanFacts:
        return self.facts.get(doc_id) or PlanFacts(doc_id)

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
        doc_ids = u.doc_ids or [d for d in self.docs if any((d, n) in self.ranker.indicator_rows for n in u.indicators)]
        lines, missing, rows, used = [], [], [], []
        for doc_id in doc_ids or list(self.docs):
            indicators = {i.number: i for i in self._facts(doc_id).indicators}
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
                ind_row = self._row[(doc_id, ind.clause)]
                assigned = self._facts(doc_id).agencies_for(n)
                used.append(doc_id)
                if u.kind in ("who", "list") or (u.kind == "task" and assigned):
                    if assigned:
                        agencies = "; ".join(dict.fromkeys(a.agency for a in assigned))
                        lines.append(f"{label}: indicator {n} is assigned to {agencies}." if en else
                                     f"{label}: chỉ tiêu {n} do {agencies} phụ trách.")
                        rows += [self._row[(doc_id, a.clause)] for a in assigned]
                    else:
                        lines.append(f"{label}: the plan names no agency for indicator {n}." if en else
                                     f"{label}: kế hoạch không giao chỉ tiêu {n} cho cơ quan cụ thể.")
                    rows.append(ind_row)
                    lines.append(f"  Chỉ tiêu {n}: {ind.text}")
                else:
                    lines.append(f"{label} — chỉ tiêu {n}: {ind.text}")
                    rows.append(ind_row)
                    rows += [self._row[(doc_id, a.clause)] for a in assigned]
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
            for row, key in enumerate(self.ranker.reference_keys):
                clause = self.r.clauses[row]
                if ref in key and clause["doc_id"] in doc_ids and row not in cited:
                    cited.append(row)
                    lines.append(f"{self._label(clause['doc_id'])} — {clause['text']}")
        for doc_id in doc_ids:
            doc = self.docs[doc_id]
            basis = "; ".join(f"{b['type']} số {b['number']}" + (f" {_on_date(b['date'])}" if b.get("date") else "")
                              + (f" của {b['issuer']}" if b.get("issuer") else "") for b in doc.get("legal_basis", []))
            unnumbered = "" if doc.get("number") else "(để trống số hiệu)" if doc.get("number_blank") else "(không ghi số hiệu)"
            parts = [doc["label"], unnumbered,
                     _on_date(doc["date"]) if doc.get("date") else "", f"— {doc['title']}" if doc.get("title") else ""]
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
        if "number" in u.facets and not all(self.docs[d].get("number") for d in doc_ids):
            # a news item about a plan names its number in a sentence ("triển khai kế hoạch số 200/KH-UBND")
            naming = [h for h in hits if h.clause["kind"] not in (*_METADATA_KINDS, "preamble")
                      and PLAN_NUMBER_IN_TEXT.search(h.clause["text"])][:2]
            if naming:
                lines.append("In the plan's text:" if en else "Trong nội dung văn bản:")
                lines += [f"[{i}] {h.clause['text']}" for i, h in enumerate(naming, 1)]
                rows = [h.clause["id"] for h in naming] + rows
        if "basis" in u.facets:  # documents cited in the body ("theo Quyết định số 06/2019/QĐ-TTg") are not in the preamble
            body = [h for h in hits if h.clause["kind"] not in _METADATA_KINDS + ("recipients",)][:2]
            if body:
                lines.append("In the plan's text:" if en else "Trong nội dung kế hoạch:")
                lines += [f"[{i}] {h.clause['text']}" for i, h in enumerate(body, 1)]
        rows = cited + [h.clause["id"] for h in hits[:3]] + rows
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite(rows), plans=self._plans(doc_ids),
                           kind=u.kind)

    def _deadline_answer(self, u: Understanding, en: bool) -> AskResponse | None:
        """Deadlines from facts: dated ones when a date is asked; a plan that only says "hằng năm" or "định kỳ"
        is reported as setting no date rather than answered with another plan's date."""
        doc_ids = u.doc_ids or list(self.docs)
        deadlines = asked_deadlines(u, self.facts, doc_ids)
        if ASKS_REVIEW.search(u.folded) and u.doc_ids and not deadlines:  # another plan's review is not this one's
            return self._missing(u, en, [
                f"{self._label(d)} sets no mid-term or final review (sơ kết, tổng kết)." if en else
                f"{self._label(d)} không quy định mốc sơ kết, tổng kết." for d in u.doc_ids])
        if not deadlines:
            return None
        dated = [(d, dl) for d, dl in deadlines if dl.day]

        def line(d: str, dl: Deadline) -> str:
            what = f"{dl.what} " if dl.what and dl.what not in dl.text else ""
            return f"{self._label(d)}: {what}{dl.text}" + (f" ({dl.responsible})" if dl.responsible else "")
        if u.doc_ids and _ASKS_DAY.search(u.folded) and not dated:
            reasons = [f"{self._label(d)} sets no date; it says only: " + "; ".join(
                           dict.fromkeys(dl.text for dd, dl in deadlines if dd == d)) + "." if en else
                       f"{self._label(d)} không đặt hạn ngày cụ thể, chỉ ghi: " + "; ".join(
                           dict.fromkeys(dl.text for dd, dl in deadlines if dd == d)) + "."
                       for d in dict.fromkeys(d for d, _ in deadlines)]
            return self._missing(u, en, reasons, rows=[self._row[(d, dl.clause)] for d, dl in deadlines])
        chosen = dated if dated and _ASKS_DAY.search(u.folded) else deadlines
        hits = self.search(u.question, 3, doc_ids, u=u)
        rows = [self._row[(d, dl.clause)] for d, dl in chosen] + [h.clause["id"] for h in hits]
        return AskResponse(answer="\n".join(line(d, dl) for d, dl in chosen), found=True, citations=self._cite(rows),
                           plans=self._plans(d for d, _ in chosen), kind=u.kind)

    def _agencies_answer(self, u: Understanding, en: bool) -> AskResponse | None:
        """Every agency a plan gives tasks to, in the plan's order and spelling, each cited by the line naming it
        (else by its first task)."""
        lines, rows = [], []
        for doc_id in u.doc_ids:
            f = self._facts(doc_id)
            first: dict[str, int] = {}
            # groups ("các trường học trên địa bàn phường") are given tasks too, though they are no one agency
            named = sorted([*f.agencies, *f.groups], key=lambda r: r.clause)
            tasked = sorted([*f.assignments, *f.tasks, *f.group_tasks], key=lambda r: r.clause)
            for record in named + tasked:
                first.setdefault(getattr(record, "agency", None) or record.group, self._row[(doc_id, record.clause)])
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
        if figure:
            # "what percentage…" answered by a passage with no figure in it is not an answer: the passages that
            # state one come first, and a plan asked about with none among its nearest states none
            stating = [h for h in hits if figure.search(h.clause["text"])]
            if u.doc_ids and not stating:
                return self._missing(u, en, ["The plan states no figure for this." if en else
                                             "Kế hoạch không nêu con số cho nội dung này."])
            hits = stating + [h for h in hits if h not in stating]
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
            f = self._facts(doc_id)
            for ind in f.indicators:
                if number is not None and ind.number != number:
                    continue
                agencies = [a.agency for a in f.agencies_for(ind.number)]
                rows.append({**ind.to_dict(), "doc_id": doc_id, "locality": self.docs[doc_id].get("locality"),
                             "agencies": list(dict.fromkeys(agencies))})
        return rows


__all__ = ["Answerer"]
