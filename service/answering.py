"""Answers with citations: from extracted facts when the question is structural, else the best sentences.

Honesty first: an indicator or place that a plan does not have yields `found: false`, says what is missing and
shows the nearest evidence from the plan asked about — never another plan's answer in its place.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from indexer.records import Deadline, PlanFacts
from indexer.tokenizing import fold

from . import answer_types, composing
from .fact_answers import ASKS_DAYS, ASKS_WHO, FactAnswers
from .gaps import (PLAN_NUMBER_IN_TEXT, phrases, place_syllables, plan_gaps, title_words, topic_phrases,
                   topic_share, topic_words)
from .glossary import vietnamese_terms
from .catalogue import Catalogue, PerPlan, Scoped
from .lookups import IndicatorAt
from .ranking import ALL_PLANS_MAX, ASKS_REVIEW, CANDIDATES, SCHEDULE_WORDS, Ranker, asked_deadlines
from .retrieval import Hit, Retriever, citation
from .rewriting import QueryRewriter, is_english
from .schemas import AskResponse, PlanRef
from .understanding import Understanding, citing_plans, understand

# Of several plans of one place, those holding at least this share of the best one's topic phrases are kept, when
# the best holds at least _TOPIC_SHARE_MIN of them (below that the question's words say little about the topic).
_TOPIC_SHARE_MIN, _TOPIC_SHARE_KEPT = 0.2, 0.6
REWRITER_SAMPLE = 100_000  # clauses
GAP_PLANS = 20
_NOT_EVIDENCE = {"recipients", "signature", "header"}
_METADATA_KINDS = ("header", "title", "preamble", "signature")

_ASKS_DAY = re.compile(r"\btruoc ngay\b|\bngay nao\b|\bby what date\b|\bwhat date\b|\bwhich date\b|\bhan chot\b|"
                       r"\bdeadline\b|\bby when\b|\bdue\b")
# A "when" question about the plan's own schedule is answered from the deadlines, also one that only asks "by when".
_NAMES_A_DEADLINE = re.compile(r"\bdeadlines?\b|\bhan (?:chot|bao cao|nop)\b|\bthoi han\b|\bdue\b|\bsubmit")
_ASKS_SCHEDULE = re.compile(SCHEDULE_WORDS + r"|\bhang (?:nam|quy|thang)\b|\btruoc ngay\b|\bby when\b|\bby what date\b")
# A corpus-wide question that asks which place or plan states something: its answer names every plan that does.
_ASKS_WHICH_PLACE = re.compile(r"\b(?:tinh|huyen|xa|phuong|thi xa|thanh pho|dia phuong|ke hoach|van ban) nao\b|"
                               r"\bwhich (?:provinces?|districts?|communes?|wards?|localit(?:y|ies)|places?|plans?)\b|"
                               r"\bwhere\b|\bo dau\b|\bnoi nao\b")
_NAMES_INDICATORS = re.compile(r"\bchi tieu\b|\bindicators?\b|\btargets?\b")
_COMMON_SHARE = 0.25
_FIGURE_ASKS = {
    "percent": re.compile(r"\bphan tram\b|\bpercent|\bwhat (?:share|proportion|rate)\b|\bty le\b.*\bbao nhieu\b|"
                          r"\bnumeric targets?\b"),
    "count": re.compile(r"\bhow many\b|\bbao nhieu\b"),
}
_PERCENT_STATED = re.compile(r"\d\s*(?:%|‰)|phần trăm|/\s*100\.000")
# what states each kind of figure; "how many people" is not answered by "100% of people"
_FIGURE_STATED = {"percent": lambda text: bool(_PERCENT_STATED.search(text)), "count": answer_types.states_count}


# "which was issued earlier / later", "kế hoạch nào ban hành trước / sau"
_ASKS_ORDER = re.compile(r"\b(?:earlier|later|earliest|latest|first|before|after|truoc|sau|som hon|muon hon)\b")
_ASKS_LATER = re.compile(r"\b(?:later|latest|after|sau|muon hon)\b")

# What a plan's header states, as a sentence of its text says it; a clause citing another document says it of that one.
_STATED_IN_TEXT = {
    "number": PLAN_NUMBER_IN_TEXT,
    "date": re.compile(r"(?is)(?=.*\bban hành\b)(?=.*\bkế hoạch\b).*\bngày\s+\d{1,2}\s*(?:[/.-]\s*\d{1,2}|tháng\s+\d{1,2})"),
}
# What a question says of the document it asks for: its type and who issued it, folded as Vietnamese writes them (an
# English question's "decision", "Politburo" through the glossary).
_DOCUMENT_TYPES = ("quyet dinh", "chi thi", "nghi quyet", "luat", "thong tu", "nghi dinh", "ket luan", "cong van")
_ISSUERS = ("thu tuong", "bo chinh tri", "chinh phu", "quoc hoi", "ban bi thu")
_ITEM_MARK = re.compile(r"^(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])[.)]\s+")
_DOCUMENT_NUMBER = re.compile(r"\d+(?:/\d{4})?[/-][A-ZĐ]")


def _asked_document(u: Understanding) -> tuple[str, ...] | None:
    """The type and issuer words of the document a basis question asks for ("quyết định nào của Thủ tướng"), or None
    when it names neither."""
    # the glossary's "Thủ tướng Chính phủ" for "Prime Minister" is one issuer, not the Prime Minister and the Government
    wording = u.folded
    if is_english(u.question):
        wording += " " + fold(vietnamese_terms(u.question)).lower().replace("thu tuong chinh phu", "thu tuong")
    words = tuple(w for w in (*_DOCUMENT_TYPES, *_ISSUERS) if re.search(rf"\b{w}\b", wording))
    return words or None


def _fits(wanted: tuple[str, ...], text: str) -> bool:
    # "Chính phủ" is in "Thủ tướng Chính phủ": an issuer asked is looked for as written
    folded = fold(text).lower()
    return all(w in folded for w in wanted if not (w == "chinh phu" and "thu tuong" in folded and "thu tuong" not in wanted))


_TEXT_KINDS = ("preamble", "paragraph", "item", "bullet", "indicator", "heading", "section")
_CITES = re.compile(r"^(?:[-+•]\s*)?(?:Căn cứ|Thực hiện|Triển khai thực hiện|Theo)\b", re.IGNORECASE)


class Answerer(FactAnswers):
    def __init__(self, retriever: Retriever, facts: dict[str, PlanFacts]) -> None:
        self.r = retriever
        self.facts = facts
        self.docs = retriever.documents
        # the diacritics model learns the corpus's syllables; a sample of a large corpus knows them as well
        stride = max(1, len(retriever.clauses) // REWRITER_SAMPLE)
        self.rewriter = QueryRewriter(retriever.clauses.texts(stride))
        self.ranker = Ranker(retriever.clauses, self.docs, facts, retriever.stored.lookups)
        self._row = self.ranker.row
        self._doc_text = PerPlan(self.docs, lambda d: "\n".join(retriever.texts_of(d)))
        self._doc_phrases = PerPlan(self.docs, lambda d: phrases(self._doc_text[d]), keep=512)
        self._title_words = PerPlan(self.docs, lambda d: title_words(self.docs[d].get("title") or ""))
        self._owners = self.ranker.owners  # row -> the agency or group whose task the clause is
        self._common = PerPlan(self.docs, self._common_words)  # doc_id -> its common words
        self._indicator_at = IndicatorAt(self.ranker.indicator_at, retriever.clauses, facts)

    # ---- search -------------------------------------------------------------------------------------
    def search(self, query: str, k: int, doc_ids: list[str] | None = None, mode: str = "hybrid",
               u: Understanding | None = None) -> list[Hit]:
        """Hybrid retrieval, then re-ranking (service.ranking); in hybrid mode the question's places filter it."""
        if mode != "hybrid":
            return self.r.search(query, k, doc_ids, mode)
        if u is None:
            u, missing = self._settled(understand(query, self.docs))
            u = u if missing else self._by_topic(u)
        if doc_ids is None and u.doc_ids:
            doc_ids = u.doc_ids
        hits = self.r.search(query, max(k, CANDIDATES), doc_ids, mode, expansions=self.rewriter.expansions(query))
        return self.ranker.rank(u, hits, doc_ids, k)

    # ---- ask ----------------------------------------------------------------------------------------
    def ask(self, question: str) -> AskResponse:
        u, missing = self._settled(understand(question, self.docs))
        en = is_english(question)
        if u.placeless:
            answer = self._ask_plans(u, en)
            answer.answer += ("\n(This document names no place; it is the one plan on this subject.)" if en else
                              "\n(Văn bản này không ghi địa danh; đây là văn bản duy nhất về nội dung này.)")
            return answer
        if missing:
            held = "; ".join(self._label(d) for d in u.doc_ids)
            return self._missing(u, en, [
                (f"No plan in the corpus covers {', '.join(missing)}." + (f" Only: {held}." if held else "")) if en else
                (f"Không có kế hoạch nào của {', '.join(missing)} trong kho văn bản."
                 + (f" Chỉ có: {held}." if held else ""))])
        return self._ask_plans(self._by_topic(u), en)

    def _settled(self, u: Understanding) -> tuple[Understanding, list[str]]:
        """The places a question names that no plan covers; when there are some, the one plan naming no place that
        is about what it asks (a news item about "the commune's" plan) stands for them. Search and ask both start
        here, so the passages an answer cites are the ones search returns."""
        missing = [] if u.doc_ids else u.unknown_places
        missing += [n for n in u.unit_missing if not any(fold(n).lower() in fold(self._doc_text[d]).lower()
                                                         for d in u.doc_ids)]
        if missing and (placeless := self._placeless_plan(u)):
            return replace(u, doc_ids=[placeless], unknown_places=[], unit_missing=[], placeless=True), []
        return u, missing

    def _by_topic(self, u: Understanding) -> Understanding:
        """Of several plans of the place a question names, the ones about what it asks: a province issues many
        plans, and "ai ký kế hoạch thi đua của Đắk Lắk" is about its emulation plan, not its aquaculture plan."""
        if len(u.doc_ids) < 2 or u.kind == "compare" or u.selected:
            return u
        by_number = Catalogue.of(self.docs).by_number
        if set(u.doc_ids) <= {d for r in u.references for d in by_number.get(r, [])}:
            return u  # each plan named by its own number ("165/KH-UBND or 157/KH-UBND") is asked about
        if u.plan_is_subject:  # "Cần Thơ's plan implementing Directive 27/CT-TTg": the plans whose basis cites it
            citing = {d for ref in u.foreign_references(self.docs) for d in citing_plans(ref, self.docs)}
            if any(d in citing for d in u.doc_ids):
                u = replace(u, doc_ids=[d for d in u.doc_ids if d in citing])
                if len(u.doc_ids) < 2:
                    return u
        if len(u.doc_ids) > ALL_PLANS_MAX:  # a province's hundreds of plans: those that share the question's words
            near = set(self._plans_by_words(u.question, u.doc_ids))
            u = replace(u, doc_ids=[d for d in u.doc_ids if d in near])
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
        placeless = self.docs.placeless
        if not placeless:
            return None
        places = place_syllables([*u.places, *u.unknown_places, *u.unit_missing])
        asked = [topic_phrases(w, places) for w in [u.question, *self.rewriter.expansions(u.question)]]
        share = {d: topic_share(asked, self._doc_phrases[d], at_least=2) for d in placeless}
        best = max(placeless, key=lambda d: share[d])
        return best if share[best] >= 0.5 else None

    def _gap_scope(self, u: Understanding) -> list[str]:
        """The plans what a question asks is looked for in, to tell what the plans asked about lack: every plan of
        a small corpus; of a large one, those asked about and those retrieval finds for the question."""
        if len(self.docs) <= ALL_PLANS_MAX:
            return list(self.docs)
        return list(dict.fromkeys([*u.doc_ids, *self._plans_by_words(u.question)]))

    def _plans_by_words(self, question: str, doc_ids: list[str] | None = None) -> list[str]:
        """The plans whose clauses share most words with the question (BM25 alone: no second embedding), at most
        `GAP_PLANS`: where a large corpus's plans are compared by their topic phrases."""
        found = self.r.search(question, CANDIDATES, doc_ids, mode="bm25", expansions=self.rewriter.expansions(question))
        return list(dict.fromkeys(h.clause["doc_id"] for h in found))[:GAP_PLANS]

    def _ask_plans(self, u: Understanding, en: bool) -> AskResponse:
        """The answer once the plans asked about are known (`u.doc_ids`, or none named)."""
        question = u.question
        scope = self._gap_scope(u)
        if reasons := plan_gaps(u, en, self.docs, self.facts, Scoped(self._doc_text, scope),
                                Scoped(self._doc_phrases, scope), self.rewriter.expansions(question)):
            lifts = self.ranker.facet_lifts(u, u.doc_ids, u.doc_ids) if u.kind == "plan" and u.doc_ids else {}
            facet_rows = sorted(lifts, key=lambda row: (-lifts[row], row))
            return self._missing(u, en, reasons, rows=facet_rows)
        if u.doc_ids and ASKS_DAYS.search(u.folded) and (days := self._days_answer(u, en)):
            return days
        if u.indicators:
            return self._indicator_answer(u, en)
        if u.doc_ids and (over_facts := self._indicator_facts_answer(u, en)):
            return over_facts
        # "Sở LĐ-TB&XH phải trình UBND tỉnh quyết định thành lập tổ chức gì": a decision a body must propose is
        # something the plan says, not the plan's own facts; a plan question naming no facet but a body is about it
        about_a_body = not u.facets and bool(self.ranker.named_agencies(u.question))
        if u.kind == "plan" and (u.doc_ids or u.references) and not about_a_body:
            if answer := self._plan_answer(u, en):
                return answer
        # "through which office and by what date must the report be sent": a date asked is a when-question too
        asks_when = (u.kind == "when" or (u.kind == "who" and _ASKS_DAY.search(u.folded))
                     or (u.kind == "compare" and _NAMES_A_DEADLINE.search(u.folded)))
        # "what percentage …, and by when": a target and its year, not a report's deadline
        asks_when = asks_when and "figure" not in answer_types.asked(u.folded)
        if asks_when and _ASKS_SCHEDULE.search(u.folded) and (deadline := self._deadline_answer(u, en)):
            return deadline
        if "agencies" in u.facets and u.doc_ids and (agencies := self._agencies_answer(u, en)):
            return agencies
        return self._extractive(u, en)

    def _facts(self, doc_id: str) -> PlanFacts:
        return self.facts.get(doc_id) or PlanFacts(doc_id)

    def _which_first(self, u: Understanding, doc_ids: list[str], en: bool) -> str | None:
        """"Which was issued earlier, A or B": the answer and the days between, as the first sentence (None unless
        the question asks the order of exactly two plans whose full dates are known)."""
        if len(doc_ids) != 2 or not _ASKS_ORDER.search(u.folded):
            return None
        dates = {}
        for d in doc_ids:
            try:
                dates[d] = date.fromisoformat(self.docs[d].get("date") or "")
            except ValueError:
                return None
        first, second = sorted(doc_ids, key=dates.__getitem__)
        days = (dates[second] - dates[first]).days
        on = {d: composing.slash_date(self.docs[d]["date"]) for d in doc_ids}
        a, b = self._short(first), self._short(second)
        if not days:
            return (f"{a} and {b} were issued on the same day, {on[first]}." if en else
                    f"{a} và {b} ban hành cùng ngày {on[first]}.")
        if _ASKS_LATER.search(u.folded):
            return (f"{b} was issued later, on {on[second]}, {days} days after {a}, issued on {on[first]}." if en else
                    f"{b} ban hành sau, ngày {on[second]}, muộn hơn {days} ngày so với {a}, ban hành ngày {on[first]}.")
        return (f"{a} was issued earlier, on {on[first]}, {days} days before {b}, issued on {on[second]}." if en else
                f"{a} ban hành trước, ngày {on[first]}, sớm hơn {days} ngày so với {b}, ban hành ngày {on[second]}.")

    def _label(self, doc_id: str) -> str:
        return self.docs[doc_id]["label"]

    def _short(self, doc_id: str) -> str:
        return composing.short_label(self.docs[doc_id])

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

    def _evidence(self, rows: list[int], most: int = 5) -> list[str]:
        """'[i] plan (heading path): passage' for the first `most` rows, numbered as `_cite` numbers them."""
        clauses = [self.r.clauses[row] for row in dict.fromkeys(rows)][:most]
        return composing.evidence([(self._label(c["doc_id"]), " > ".join(c["heading_path"]), c["text"]) for c in clauses])

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
        if not (doc_ids := u.doc_ids):  # the plans stating or assigning a number asked, in corpus order
            stating = {d for n in u.indicators for d in self.ranker.indicator_plans.get(n, ())}
            doc_ids = [d for d in self.docs if d in stating]
        found, missing, rows, used = [], [], [], []
        asks_agency = u.kind in ("who", "list") or (u.kind == "compare" and bool(ASKS_WHO.search(u.folded)))
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
                assigned = self._facts(doc_id).agencies_for(n)
                found.append((doc_id, ind, assigned))
                used.append(doc_id)
                ind_row, by = self._row[(doc_id, ind.clause)], [self._row[(doc_id, a.clause)] for a in assigned]
                rows += [*by, ind_row] if asks_agency or (u.kind == "task" and assigned) else [ind_row, *by]
        if not found:
            return self._missing(u, en, missing, about="chỉ tiêu")
        asks_agency = asks_agency or (u.kind == "task" and any(a for _, _, a in found))
        lines = [self._indicator_lead(u, found, en, asks_agency)]
        for doc_id, ind, assigned in found:  # what the first sentence did not say
            if asks_agency or len(found) > 1:
                lines.append(f"  Chỉ tiêu {ind.number} ({self._label(doc_id)}): {ind.text}")
            elif assigned:
                lines.append(("  Assigned to: " if en else "  Cơ quan phụ trách: ")
                             + "; ".join(dict.fromkeys(a.agency for a in assigned)))
        lines += missing
        # A comparison with one side missing is not a comparison: say so, show the side that exists.
        if u.kind == "compare" and missing:  # cite the plan that lacks it too: its title shows where we looked
            rows += [c["id"] for d in doc_ids if d not in used for c in self.r.clauses_of(d)
                     if c["kind"] == "title"][:2]
            used += [d for d in doc_ids if d not in used]
        return AskResponse(answer="\n".join(lines), found=not (u.kind == "compare" and missing), citations=self._cite(rows),
                           plans=self._plans(used), kind=u.kind)

    def _plan_answer(self, u: Understanding, en: bool) -> AskResponse | None:
        doc_ids = list(u.doc_ids)
        for ref in u.references:  # "which plan implements 23/QĐ-TTg"
            doc_ids += [d for d in citing_plans(ref, self.docs) if d not in doc_ids]
        if not doc_ids:
            return None
        lines, rows, cited, summaries = [], [], [], []
        # A document the plan cites (its date, its issuer): the plan's own clause that cites it says so, first.
        for ref in [] if u.named_by_what_it_implements else u.foreign_references(self.docs):
            for row in self.ranker.references.rows_naming(ref):
                clause = self.r.clauses[row]
                if clause["doc_id"] in doc_ids and row not in cited:
                    cited.append(row)
                    lines.append(f"{self._label(clause['doc_id'])} — {clause['text']}")
        hits = self.search(u.question, 8, doc_ids, u=u)
        # "căn cứ quyết định nào của Thủ tướng", "which Politburo directive": the documents of that type and issuer
        wanted = _asked_document(u) if "basis" in u.facets else None
        stating: list[int] = []  # the clauses of the text that cite the document asked for
        for doc_id in doc_ids:
            doc = self.docs[doc_id]
            documents = doc.get("legal_basis", [])
            if wanted:
                documents = [b for b in documents if _fits(wanted, f"{b['type']} {b.get('issuer') or ''}")]
            basis = "; ".join(f"{b['type']} số {b['number']}" + (f" {composing.on_date(b['date'])}" if b.get("date") else "")
                              + (f" của {b['issuer']}" if b.get("issuer") else "") for b in documents)
            if wanted and not basis:  # cited in the body only ("theo Quyết định số 06/2019/QĐ-TTg của Thủ tướng")
                citing = next((h for h in hits if h.clause["doc_id"] == doc_id and h.clause["kind"] in _TEXT_KINDS
                               and _fits(wanted, h.clause["text"]) and _DOCUMENT_NUMBER.search(h.clause["text"])), None)
                if citing:
                    basis = _ITEM_MARK.sub("", composing.one_line(citing.clause["text"]))
                    stating.append(citing.clause["id"])
            in_text = bool(wanted and basis and not documents)
            unnumbered = "" if doc.get("number") else "(để trống số hiệu)" if doc.get("number_blank") else (
                # a plan issued with a decision is known by the decision's number
                (f"(issued with Decision {doc['attached_to']})" if en else f"(ban hành kèm theo Quyết định {doc['attached_to']})")
                if doc.get("attached_to") else "(không ghi số hiệu)")
            signer = f"{doc['signer']} ({doc.get('signer_role') or ''})" if doc.get("signer") else ""
            # what the question asks comes first, in the first sentence, before the title
            sent_to = [c for c in self.r.clauses_of(doc_id) if c["kind"] == "recipients"]
            recipients = " ".join(composing.one_line(c["text"]) for c in sent_to)
            asked = {"signer": (f"signed by {signer}" if en else f"do {signer} ký") if signer else "",
                     "basis": ((f"its text says: {basis}" if en else f"nội dung văn bản nêu: {basis}") if in_text else
                               f"based on / implementing {basis}" if en else f"căn cứ / thực hiện {basis}") if basis else "",
                     "recipients": (f"sent to: {recipients}" if en else f"gửi: {recipients}") if recipients else ""}
            asked = [asked[f] for f in u.facets if asked.get(f)]
            head = " ".join(p for p in [doc["label"], unnumbered, composing.on_date(doc["date"], en) if doc.get("date") else ""] if p)
            title = f" — {doc['title']}" if doc.get("title") else ""
            summaries.append(head + (", " + "; ".join(asked) if asked else ""))
            lines.append(composing.sentence(summaries[-1] if asked else head + title))
            if asked and title:
                lines.append(f"{'Title' if en else 'Trích yếu'}: {doc['title']}.")
            if basis and "basis" not in u.facets:
                lines.append(f"{'Based on / implementing' if en else 'Căn cứ / thực hiện'}: {basis}.")
            if signer and "signer" not in u.facets:
                lines.append(f"{'Signed by' if en else 'Người ký'}: {signer}.")
            if "recipients" in u.facets:
                rows += [c["id"] for c in sent_to]
            rows += [c["id"] for c in self.r.clauses_of(doc_id) if c["kind"] in _METADATA_KINDS][:6]
        if len(summaries) > 1:  # what is asked of each plan, all in the first sentence
            lines.insert(len(cited), composing.sentence(composing.join_clauses(summaries)))
            if "date" in u.facets and (order := self._which_first(u, doc_ids, en)):
                lines.insert(len(cited), order)
        # a news item about a plan says in a sentence what a header would: its number ("triển khai kế hoạch số
        # 200/KH-UBND"), the day it was issued ("Ngày 03/5, UBND huyện vừa ban hành Kế hoạch …")
        lacking = [_STATED_IN_TEXT[f] for f in u.facets if f in _STATED_IN_TEXT and not all(self.docs[d].get(f) for d in doc_ids)]
        naming = [h for h in hits if h.clause["kind"] in _TEXT_KINDS and not _CITES.match(h.clause["text"])
                  and any(stated.search(h.clause["text"]) for stated in lacking)][:2]
        if naming:
            if len(doc_ids) == 1:  # the plan has no header saying it: the sentence that does is the answer
                lines[len(cited)] = composing.sentence(
                    f"{lines[len(cited)].rstrip('.')} — {'its text says' if en else 'văn bản nêu'}: "
                    f"{composing.one_line(naming[0].clause['text'])}")
            lines.append("In the plan's text:" if en else "Trong nội dung văn bản:")
            lines += [f"[{i}] {h.clause['text']}" for i, h in enumerate(naming, 1)]
            rows = [h.clause["id"] for h in naming] + rows
        if "basis" in u.facets:  # documents cited in the body ("theo Quyết định số 06/2019/QĐ-TTg") are not in the preamble
            body = [h for h in hits if h.clause["kind"] not in _METADATA_KINDS + ("recipients",)][:2]
            if body:
                lines.append("In the plan's text:" if en else "Trong nội dung kế hoạch:")
                lines += [f"[{i}] {h.clause['text']}" for i, h in enumerate(body, 1)]
        rows = cited + stating + [h.clause["id"] for h in hits[:3]] + rows
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

        def said(dl: Deadline) -> str:
            what = f"{dl.what} " if dl.what and dl.what not in dl.text else ""
            return f"{what}{dl.text}" + (f" ({dl.responsible})" if dl.responsible else "")
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
        # every deadline of every plan in the first sentence: "when are the reports due" has more than one answer
        by_plan: dict[str, list[str]] = {}
        for d, dl in chosen:
            by_plan.setdefault(d, []).append(said(dl))
        lead = composing.join_clauses([f"{self._short(d)}: " + ", ".join(parts) for d, parts in by_plan.items()])
        return AskResponse(answer="\n".join([composing.sentence(lead), *self._evidence(rows)]),
                           found=True, citations=self._cite(rows), plans=self._plans(by_plan), kind=u.kind)

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
        if len(lines) > 1:  # one sentence for all the plans asked about
            lines.insert(0, composing.sentence(composing.join_clauses(lines)))
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite(rows), plans=self._plans(u.doc_ids),
                           kind=u.kind)

    def _extractive(self, u: Understanding, en: bool) -> AskResponse:
        # an agency heading brought up beside its task states who; the task under it, in the answer, says so too
        hits = [h for h in self.search(u.question, 6, u.doc_ids or None, u=u) if "states_who" not in h.features][:5]
        if not hits or max(h.dense for h in hits) < composing.MIN_DENSE:
            return self._missing(u, en, ["The plans do not answer this." if en else
                                         "Không tìm thấy nội dung trả lời câu hỏi trong các kế hoạch."])
        if not u.doc_ids and _ASKS_WHICH_PLACE.search(u.folded) and _NAMES_INDICATORS.search(u.folded):
            if across := self._indicators_across_plans(u, en):
                return across
        # several plans named on one topic: each one's indicator for it, side by side
        if (u.kind in ("compare", "target") and len(u.doc_ids) > 1
                and (compared := self._indicators_across_plans(u, en, u.doc_ids))):
            return compared
        asked = next((k for k, p in _FIGURE_ASKS.items() if p.search(u.folded)), None)
        figure = _FIGURE_STATED.get(asked)
        if figure:
            # "what percentage…" answered by a passage with no figure in it is not an answer: the passages that
            # state one come first, and a plan asked about with none among its nearest states none
            stating = [h for h in hits if figure(h.clause["text"])]
            if u.doc_ids and not stating:
                return self._missing(u, en, ["The plan states no figure for this." if en else
                                             "Kế hoạch không nêu con số cho nội dung này."])
            hits = stating + [h for h in hits if h not in stating]
        best = hits[:3]
        lines = [self._passage_lead(u, best, en), *self._evidence([h.clause["id"] for h in best])]
        return AskResponse(answer="\n".join(lines), found=True, citations=self._cite([h.clause["id"] for h in best]),
                           plans=self._plans(h.clause["doc_id"] for h in best), kind=u.kind)

    def _passage_lead(self, u: Understanding, best: list[Hit], en: bool) -> str:
        """The first sentence of an answer drawn from passages: the best one, said with its plan and the body whose
        task it is; a corpus-wide "which province / which plan" question names every plan among the passages."""
        top = best[0].clause
        # a heading ("1. Phòng Lao động …") says less than the passage under it, when that was found too
        top = next((h.clause for h in best[1:] if top["text"] in h.clause["heading_path"]), top)
        if not u.doc_ids and _ASKS_WHICH_PLACE.search(u.folded):
            plans = list(dict.fromkeys(h.clause["doc_id"] for h in best if h.dense >= composing.MIN_DENSE))
            if len(plans) > 1:
                named = composing.join_clauses([self._short(d) for d in plans])
                return composing.sentence(("Found in: " if en else "Có trong: ") + named)
        owner = self._owners.get(top["id"])
        if owner is None and (ind := self._indicator_at.get(top["id"])) is not None:
            # an indicator found by its topic or value: the body assigned it is part of the answer (reverse look-up)
            owner = "; ".join(dict.fromkeys(a.agency for a in self._facts(top["doc_id"]).agencies_for(ind.number)))
            if owner:
                label = self._short(top["doc_id"])
                # the targets of the years asked first: a long indicator sets several figures for each year
                first = f"{composing.targets_phrase(ind.targets, u.years)} — " if u.years and ind.targets else ""
                return composing.sentence(
                    f"Indicator {ind.number} of {label}, assigned to {owner}: {first}{composing.one_line(ind.text)}"
                    if en else
                    f"Chỉ tiêu {ind.number} của {label}, do {owner} phụ trách: {first}{composing.one_line(ind.text)}")
        # the words the question asks about, not the plan's place or the body already named in the lead
        named = place_syllables([*u.places, *([owner] if owner else [])]) | self._common[top["doc_id"]]
        asked = [topic_words(w, named) for w in [u.question, *self.rewriter.expansions(u.question)]]

        def score(part: str) -> int:
            return max(len(a & topic_words(part, named)) for a in asked)
        texts = [composing.focus(top["text"], score)]
        if owner and u.kind == "task":  # "what must X do": the tasks of X that were found, not only the first
            texts += [composing.focus(h.clause["text"], score) for h in best if h.clause is not top
                      and h.clause["doc_id"] == top["doc_id"] and self._owners.get(h.clause["id"]) == owner][:2]
        return composing.passage_lead(self._short(top["doc_id"]), top, owner, en,
                                      composing.join_clauses(texts) if len(texts) > 1 else texts[0])

    def _common_words(self, doc_id: str) -> set[str]:
        """Words in a quarter or more of a plan's clauses (its programme's own words, "trẻ em" in a children's plan):
        they tell none of its passages apart."""
        clauses = [topic_words(text, set()) for text in self._doc_text[doc_id].split("\n")]
        counts = Counter(w for words in clauses for w in words)
        return {w for w, n in counts.items() if n >= _COMMON_SHARE * len(clauses)}

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
