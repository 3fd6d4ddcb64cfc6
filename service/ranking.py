"""Candidates -> ranked hits: the one place that decides the order of passages.

Retrieval fuses BM25 and dense rankings (RRF scores of at most 2/61 ≈ 0.033). Structure known at index time then
lifts what the question asks for. Each lift is a named feature of a candidate, stored on the hit
(`Hit.features`), and a hit's score is the sum of its features, so every order can be read off its features:

- `fused`: the hybrid retrieval score;
- `indicator`: the clause states or assigns an indicator number the question names (2.0 for the role asked first:
  the assignment for who/list questions or when the question names an agency, else the indicator; 1.0 for the
  other role) — above any retrieval score, an exact number is an exact match;
- `facet`: the clause holds what a plan question asks (its number, date, signer, recipients, basis, the lines
  naming its agencies) or cites a document number the question names; the facet asked first lifts most;
- `agency`: the clause assigns a task to an agency the question names (about one top RRF rank);
- `answer_type`: the clause makes the kind of statement the question asks for, a figure ("how many"), a year or a time
  ("from which month") (service.answer_types), or, for a "which body leads" question, the body given the lead; as
  much as `organisation`;
- `bare_heading`: a bare agency heading (`2. Sở Tư pháp`) matches the agency's name better than any of its tasks
  but says nothing itself: a small penalty unless the question asks which agency.

A last stage answers "who handles the <described> indicator": when the best match is an indicator clause, the
clauses assigning that indicator come first.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

from indexer import lookups
from indexer.agencies import canonical, canonical_matches
from indexer.records import Deadline, PlanFacts
from indexer.segmenting import heading_title
from indexer.tokenizing import fold

from . import answer_types
from .lookups import AgencyIndex, ReferenceIndex, RowOf
from .glossary import vietnamese_terms
from .retrieval import Hit
from .rewriting import is_english
from .understanding import REVIEW, Understanding

INDICATOR = 1.0
# A body a question names as the one reports or requests go to: "các sở gửi báo cáo 6 tháng về Sở Công Thương",
# "which date must districts report to the Department of Health by".
_RECIPIENT = re.compile(
    r"(\b(?:gửi|nộp|báo cáo|trình|send|sent|submit|submitted|report|reports|reported)\b[^?;.]*?"
    r"\b(?:về|cho|tới|đến|lên|to)\s+(?:the\s+)?)(?:sở|phòng|ủy ban|uỷ ban|ubnd|ban|bộ|cục|chi cục|văn phòng|trung tâm|"
    r"thường trực|department|ministry|office|committee|people's committee|provincial|district)\b[^,;?]*",
    re.IGNORECASE)
# "Who heads the inspection team", "lãnh đạo nào phát biểu": a person is asked, and a clause naming one by an honorific
# and a name ("4.1. Ông Hoàng Văn Thuân - Trưởng đoàn: …", "ông Ma Doãn Kháng, Phó Chủ tịch UBND huyện") answers.
_ASKS_PERSON = re.compile(r"\bai\b|\bwho\b|\b(?:lanh dao|nguoi|thanh vien|dong chi) nao\b|"
                          r"\bwhich (?:official|leader|person|member|officer)s?\b")
_ASKS_BODY = re.compile(r"\b(?:co quan|don vi|so|phong|ban|bo phan|nganh|to chuc) nao\b|"
                        r"\bwhich (?:[a-z]+ ){0,3}(?:agency|agencies|department|body|bodies|office|unit|organi[sz]ation)")
_HONORIFIC = re.compile(r"\b(?:[Ôô]ng|[Bb]à|[Đđ]ồng chí|[Đđ]/c)\.?\s+(\w+)\s+(\w+)")
# A phrase the question quotes ("phương châm “bốn tại chỗ”", a campaign's name): the clauses holding it, diacritics or not.
_QUOTED = re.compile(r"[\"“”«»]([^\"“”«»]{3,120})[\"“”«»]")
QUOTED = 0.02
PERSON = 0.02  # as a named agency's task: the clause naming a person is the form of the answer
HEADING_CONTENTS = 5  # of the best hits, the bare headings whose first clause is brought up after them
WHO_HEADINGS = 1  # of a who-question's best hits, those whose agency heading is brought up beside them
_ASKS_ROLE = re.compile(r"\bchuc (?:vu|danh)\b|\bcuong vi\b|\b(?:role|position|post|capacity)\b")
AGENCY = 0.02
FACET = 0.035  # above the best RRF score (2/61)
FACET_PRIMARY = 0.01  # the facet asked first, on top of FACET
AGENCY_LIST = 0.03  # "which units does the plan assign": interleaves with the best passages
BARE_HEADING = -0.01
# "which body does X": a task the organisation section gives a named body, about the gap between RRF ranks 1 and 15,
# so what a body is told to do comes before passages that only share the question's words
ORGANISATION = 0.006
ANSWER_TYPE = 0.006
CANDIDATES = 50  # retrieval depth before re-ranking
# Up to this many plans, a question naming none has every plan's structure looked at; above it only the plans
# retrieval found.
ALL_PLANS_MAX = 50

ASKS_REVIEW = re.compile(REVIEW)
_ASKS_REPORT = re.compile(r"\bbao cao\b|\breport")
# A "when" question about the plan's own schedule (not "when was the law it cites passed"): one that names a report,
# a review or a deadline lifts the deadline clauses.
SCHEDULE_WORDS = (r"\bbao cao\b|\breport|" + REVIEW + r"|\bhan\b|\bdeadline|\bdue\b|\bdinh ky\b|"
                  r"\bhow often\b|\bnop\b|\bsubmit")
_NAMES_A_SCHEDULE = re.compile(SCHEDULE_WORDS)
# One indicator described ("the birth-registration indicator"), not indicators in general ("indicators and data")
_NAMES_AN_INDICATOR = re.compile(r"\bchi tieu\b|\bindicator\b|\btarget\b|\bty le\b|\brate\b|\bpercentage\b")


# Which clauses hold each facet of a plan question, and the other maps of what a question names, are built when the
# index is written (indexer.lookups).
FACET_CLAUSES = lookups.FACET_CLAUSES
# Which facet a question asks first when it names several ("the number of the plan implementing X": the number).
FACET_ORDER = ["number", "date", "signer", "issuer", "recipients", "appendix", "basis", "which_plan", "title",
               "agencies"]


def asked_deadlines(u: Understanding, facts: dict[str, PlanFacts], doc_ids: list[str]) -> list[tuple[str, Deadline]]:
    """The deadlines of these plans that a "when" question asks about: reviews, reports, or any."""
    deadlines = [(d, dl) for d in doc_ids if d in facts for dl in facts[d].deadlines]
    if ASKS_REVIEW.search(u.folded):
        return [(d, dl) for d, dl in deadlines if re.search(r"sơ kết|tổng kết", dl.what or "")]
    if _ASKS_REPORT.search(u.folded):
        return [(d, dl) for d, dl in deadlines if "báo cáo" in (dl.what or "")]
    return deadlines


def _lift(hit: Hit, feature: str, score: float) -> None:
    """Set a hit's score by a named feature holding the difference, so its score stays the sum of its features."""
    hit.features[feature] = hit.features.get(feature, 0.0) + score - hit.score
    hit.score = score


def _names_person(text: str) -> bool:
    """Whether a clause names a person: an honorific and a capitalised name ("Ông Hoàng Văn Thuân"), not "ông ấy"."""
    return any(m.group(1)[0].isupper() and m.group(2)[0].isupper() for m in _HONORIFIC.finditer(text))


def _announces(text: str) -> bool:
    """Whether a clause only announces what follows it ("Các hình thức khen thưởng bao gồm:")."""
    return text.rstrip().endswith(":") and len(text) <= 200


def _names_any(text: str, agencies: list[str]) -> bool:
    query = canonical(text)
    return any(canonical_matches(query, key) for key in agencies)


_MARKER = re.compile(r"^\W*(?:\d+(?:\.\d+)*|[a-zđ]|[ivxlc]+)?[.)]?\s*", re.IGNORECASE)


def _opens_with_any(text: str, agencies: list[str]) -> bool:
    """Whether the clause opens with one of these agencies as its subject ("2. Sở Công Thương tổng hợp …"); one
    naming it further on ("phối hợp với Sở Công Thương") is another body's task."""
    words = canonical(_MARKER.sub("", text, count=1)).split()
    return any(canonical_matches(" ".join(words[:len(key.split()) + 2]), key) for key in agencies)


class Ranker:
    """Re-ranks retrieval candidates of one loaded index with the features above; maps built once at load, so a
    question costs what it names, not the size of the corpus."""

    def __init__(self, clauses, documents: dict[str, dict], facts: Mapping[str, PlanFacts],
                 found: lookups.ClauseLookups) -> None:
        """`found`: the index's maps (`StoredIndex.lookups`, built when it was written)."""
        self.clauses, self.documents, self.facts = clauses, documents, facts
        self.row = RowOf(found.plan_runs)
        self.references = ReferenceIndex(found.references)
        self.facet_plan_rows: dict[str, dict[str, list[int]]] = found.facet_rows  # facet -> plan -> its rows
        self.agency_heading_rows = {r for rows in found.facet_rows.get("agencies", {}).values() for r in rows}
        self.task_rows = set(found.task_rows)
        self.assignment_rows = set(found.assignment_rows)
        # a question names an agency by any of its records' names (a group heading by its words, like an agency)
        self.agencies = AgencyIndex(found.agency_rows)
        self.part_rows = found.part_rows  # "doc_id\tnumeral" -> rows of the lines that open that part
        # (doc_id, indicator number) -> rows of the clauses that state or assign that indicator
        self._indicator_rows, self._indicator_assigned = found.indicator_rows, found.indicator_assigned
        self.indicator_plans: dict[int, list[str]] = {}  # indicator number -> plans stating or assigning it
        for key in dict.fromkeys([*found.indicator_rows, *found.indicator_assigned]):
            doc_id, n = key.rsplit("\t", 1)
            self.indicator_plans.setdefault(int(n), []).append(doc_id)
        self.owners, self.indicator_at = found.owners, found.indicator_at
        self._heading_order = sorted(self.agency_heading_rows)

    def indicator_rows(self, doc_id: str, n: int) -> dict[str, list[int]]:
        """The rows stating indicator `n` of the plan, and the rows assigning it."""
        key = f"{doc_id}\t{n}"
        return {"indicator": self._indicator_rows.get(key, []), "assignment": self._indicator_assigned.get(key, [])}

    def scope(self, doc_ids: list[str] | None, hits: list[Hit]) -> list[str]:
        """The plans a question's structure features look at: those it names; with none named, every plan of a
        small corpus, and of a large one only the plans retrieval found (the others' rows could not rank anyway)."""
        if doc_ids:
            return list(doc_ids)
        if len(self.documents) <= ALL_PLANS_MAX:
            return list(self.documents)
        return list(dict.fromkeys(h.clause["doc_id"] for h in hits))

    # ---- features --------------------------------------------------------------------------------------
    def named_agencies(self, question: str) -> list[str]:
        """The agencies a question names as doing something, as canonical names; not one it names as where reports
        go ("gửi báo cáo về Sở Công Thương"). An English question names them in English ("the Department of Health"):
        its glossary terms name them."""
        question = _RECIPIENT.sub(r"\1 ", question)
        return self.agencies.keys_named_in(question + "\n" + vietnamese_terms(question) if is_english(question)
                                           else question)

    def agency_rows(self, named: list[str], plans: list[str]) -> set[int]:
        """Rows of the assignments and tasks of these agencies (not the line naming them: a question naming an
        agency asks what it does, or who works with it)."""
        wanted = set(plans)
        return {row for key in named for row in self.agencies.rows[key] if self.clauses[row]["doc_id"] in wanted}

    def facet_lifts(self, u: Understanding, doc_ids: list[str] | None, plans: list[str]) -> dict[int, float]:
        """Clauses holding what a plan question asks, and clauses citing a document number it names, each with its
        lift: the facet asked first (`FACET_ORDER`) lifts its clauses most, so "the number of the plan
        implementing the programme" puts the number before the basis."""
        rows: dict[int, float] = {}
        foreign = u.foreign_references(self.documents)
        # a question about a cited document's date or signer is not about the plan's own
        about_cited = foreign and not u.plan_is_subject
        facets = [f for f in u.facets if not (about_cited and f in ("date", "number", "signer", "issuer"))]
        wanted = list(plans)
        if "which_plan" in facets and doc_ids and "basis" in facets:
            facets.remove("which_plan")  # "which plan does Hương Khê's plan implement": its basis, not its number
        if "which_plan" in facets and not doc_ids:
            # "which plan implements 121/2020/QH14": the plans citing it; with nothing to narrow it, every plan's
            # number would crowd out the passage that tells them apart
            citing = list(dict.fromkeys(self.clauses[i]["doc_id"] for ref in u.references
                                        for i in self.references.rows_naming(ref)))
            if citing:
                wanted = citing
            else:
                facets.remove("which_plan")
        in_wanted = set(wanted)
        facets.sort(key=FACET_ORDER.index)
        for i, facet in enumerate(facets):
            lift = AGENCY_LIST if facet == "agencies" else FACET + (FACET_PRIMARY if i == 0 else 0.0)
            by_plan = self.facet_plan_rows.get(facet, {})
            for doc_id in wanted:
                for row in by_plan.get(doc_id, ()):
                    if rows.get(row, 0.0) < lift:
                        rows[row] = lift
        if "signer" in facets and _ASKS_ROLE.search(u.folded):  # "the signer holds what post": the title lines
            for doc_id in wanted:
                for row in self.facet_plan_rows.get("signer_role", {}).get(doc_id, ()):
                    rows[row] = max(rows.get(row, 0.0), FACET + FACET_PRIMARY + FACET_PRIMARY)
        if u.kind == "when" and _NAMES_A_SCHEDULE.search(u.folded):  # "when is the report due": the deadlines
            for doc_id, dl in asked_deadlines(u, self.facts, sorted(in_wanted)):
                row = self.row[(doc_id, dl.clause)]
                rows[row] = max(rows.get(row, 0.0), FACET)
        for part in u.parts:  # "what does Part I cover": the line opening that part
            for doc_id in wanted:
                for row in self.part_rows.get(f"{doc_id}\t{part}", ()):
                    rows[row] = max(rows.get(row, 0.0), FACET + FACET_PRIMARY)
        for ref in u.references:
            # the clauses naming a cited document asked about come first; the plan's own number only names the plan,
            # and in a question about its content ("who advises in plan 0134/KH-UBND") it lifts nothing
            if ref not in foreign and u.kind != "plan" and not facets:
                continue
            if ref in foreign and u.named_by_what_it_implements:
                continue
            lift = FACET + (FACET_PRIMARY if ref in foreign and not u.plan_is_subject else 0.0)
            for i in self.references.rows_naming(ref):
                if self.clauses[i]["doc_id"] in in_wanted:
                    rows[i] = max(rows.get(i, 0.0), lift)
        return rows

    def indicator_lifts(self, u: Understanding, plans: list[str], by_agency: set[int]) -> dict[int, float]:
        if not u.indicators:
            return {}
        named_agency = bool(by_agency & self.assignment_rows)
        first = "assignment" if u.kind in ("who", "list") or named_agency else "indicator"
        second = "indicator" if first == "assignment" else "assignment"
        lifts: dict[int, float] = {}
        wanted = set(plans)
        for n in u.indicators:
            for doc_id in self.indicator_plans.get(n, ()):
                if doc_id not in wanted:
                    continue
                rows = self.indicator_rows(doc_id, n)
                for role, lift in ((first, 2 * INDICATOR), (second, INDICATOR)):
                    for row in rows.get(role, []):
                        lifts[row] = max(lifts.get(row, 0.0), lift)
        return lifts

    # ---- ranking -----------------------------------------------------------------------------------------
    def rank(self, u: Understanding, hits: list[Hit], doc_ids: list[str] | None, k: int) -> list[Hit]:
        plans = self.scope(doc_ids, hits)
        named = self.named_agencies(u.question)
        by_agency = self.agency_rows(named, plans)
        by_facet = self.facet_lifts(u, doc_ids, plans)
        by_indicator = self.indicator_lifts(u, plans, by_agency)
        candidates = {h.clause["id"]: h for h in hits}
        for row in sorted((by_facet.keys() | by_indicator.keys()) - candidates.keys()):  # known from structure
            candidates[row] = Hit(self.clauses[row], 0.0, 0.0, 0.0)
        asks_agency = u.kind == "who" or "agencies" in u.facets
        # who does a task (an indicator described, not numbered, is found through the indicator clause instead)
        organisation = u.kind == "who" and not u.indicators and not by_agency and not _NAMES_AN_INDICATOR.search(u.folded)
        wanted = answer_types.asked(u.folded)
        quoted = [q for q in (fold(m.group(1)).lower().strip() for m in _QUOTED.finditer(u.question)) if " " in q]
        asks_person = u.kind == "who" and bool(_ASKS_PERSON.search(u.folded)) and not _ASKS_BODY.search(u.folded)
        if u.kind != "who":  # "which indicators do health units lead" asks for indicators, not for the lead body
            wanted -= {"lead"}
        cited = bool(u.foreign_references(self.documents)) and not u.plan_is_subject
        # a plan question's body is its issuer ("the number of the Front committee's plan"), not a body tasked
        by_words = bool(named) and u.kind != "plan"
        # "who works with the Department of Tourism": any clause naming it; otherwise one it opens as the subject
        # (a plan's issuer is named all through its text)
        named_in = _names_any if u.kind == "who" else _opens_with_any
        for row, hit in candidates.items():
            # a task given outside the organisation section ("V. CHẾ ĐỘ BÁO CÁO: 2. Sở Công Thương tổng hợp báo
            # cáo …", or under "II. NỘI DUNG THỰC HIỆN > 3. Sở Giáo dục và Đào tạo") is known by its words only
            tasked = row in by_agency or by_words and hit.clause["kind"] != "heading" and \
                row not in self.agency_heading_rows and (named_in(hit.clause["text"], named) or _opens_with_any(
                    (hit.clause.get("heading_path") or [""])[-1], named))
            typed = bool(wanted) and bool(wanted & answer_types.stated(hit.clause["text"], cited))
            features = {"fused": hit.score, "indicator": by_indicator.get(row, 0.0), "facet": by_facet.get(row, 0.0),
                        "agency": AGENCY if tasked else 0.0,
                        "organisation": ORGANISATION if organisation and row in self.task_rows else 0.0,
                        "answer_type": ANSWER_TYPE if typed else 0.0,
                        "quoted": QUOTED if quoted and any(q in fold(hit.clause["text"]).lower() for q in quoted) else 0.0,
                        # a person's line, or a task under it ("4.2. Ông Đỗ Mạnh Cường - Phó Trưởng đoàn" > "Tổng hợp …")
                        "person": PERSON if asks_person and (_names_person(hit.clause["text"]) or _names_person(
                            (hit.clause.get("heading_path") or [""])[-1])) else 0.0,
                        "bare_heading": BARE_HEADING if hit.clause["kind"] == "heading" and
                        row in self.agency_heading_rows and not asks_agency else 0.0}
            hit.features = {name: value for name, value in features.items() if value}
            hit.score = sum(features.values())
        ranked = sorted(candidates.values(), key=lambda h: -h.score)
        if not u.indicators and u.kind == "who" and ranked:
            within = 10 if _NAMES_AN_INDICATOR.search(u.folded) else 1
            ranked = self._assignments_of_described_indicator(ranked, within)
        if u.kind == "who":
            ranked = self._with_agency_headings(ranked, WHO_HEADINGS)
        if not u.parts:  # "what is Part I about": the part's headings are what is asked
            ranked = self._with_heading_contents(ranked, HEADING_CONTENTS)
        return ranked[:k]

    def _with_heading_contents(self, hits: list[Hit], within: int) -> list[Hit]:
        """"Which forms of commendation": the heading "3. Hình thức khen thưởng" matches the question, the clause
        under it ("Huân chương Lao động; Bằng khen …") answers it; so among the best hits, a bare heading is followed
        by the first clause under it, and a clause announcing a list ("Các hình thức khen thưởng bao gồm:") by the
        next one (the feature `under_heading`)."""
        out = list(hits)
        for hit in hits[:within]:
            clause, row = hit.clause, hit.clause["id"]
            heading = clause["kind"] in ("heading", "section")
            # an agency's heading says who; its first task is one of many, not what it is about
            if heading and row in self.agency_heading_rows or not heading and not _announces(clause["text"]):
                continue
            path = clause.get("heading_path") or []
            path = [*path, heading_title(clause["text"])] if heading else path
            score = hit.score
            for child_row in (row + 1, row + 2):
                if child_row >= len(self.clauses):
                    break
                child = self.clauses[child_row]
                if child["doc_id"] != clause["doc_id"] or child["kind"] in ("heading", "section") or \
                        (child.get("heading_path") or [""])[-1:] != path[-1:]:
                    break
                score -= 1e-7
                self._bring_up(out, child_row, "under_heading", score)
                if not _announces(child["text"]):
                    break
        return sorted(out, key=lambda h: -h.score)

    def _agency_heading_of(self, hit: Hit) -> int | None:
        """The row of the bare agency heading ("2. Sở Tài chính:") a task clause sits under, at any depth, when the
        clause itself does not name that agency; None otherwise."""
        clause, row = hit.clause, hit.clause["id"]
        path = clause.get("heading_path") or []
        if not path or row in self.agency_heading_rows or clause["kind"] in ("heading", "section"):
            return None
        at = bisect.bisect_left(self._heading_order, row) - 1
        if at < 0:
            return None
        head = self._heading_order[at]
        heading = self.clauses[head]
        # the nearest agency heading above, when the clause sits under it (at any depth: "3. Ngân hàng …" > "a) …")
        if heading["doc_id"] != clause["doc_id"] or heading_title(heading["text"]) not in path or \
                set(self.agencies.keys_named_in(heading["text"])) & set(self.agencies.keys_named_in(clause["text"])):
            return None
        return head

    def _with_agency_headings(self, hits: list[Hit], within: int) -> list[Hit]:
        """"Which body advises on the budget": a task under a bare agency heading does not say who; its heading
        does, so for a who-question it follows the task, just below it (the feature `states_who`)."""
        out = list(hits)
        for hit in hits[:within]:
            head = self._agency_heading_of(hit)
            if head is None:
                continue
            self._bring_up(out, head, "states_who", hit.score - 1e-7)
        return sorted(out, key=lambda h: -h.score)

    def _bring_up(self, hits: list[Hit], row: int, feature: str, score: float) -> None:
        """Lift the hit of `row` to `score` by `feature` (adding it to `hits` when retrieval did not find it), unless
        it already ranks there."""
        found = next((h for h in hits if h.clause["id"] == row), None)
        if found is not None and found.score >= score:
            return
        hit = found or Hit(self.clauses[row], 0.0, 0.0, 0.0)
        _lift(hit, feature, score)
        if found is None:
            hits.append(hit)

    def _assignments_of_described_indicator(self, hits: list[Hit], within: int) -> list[Hit]:
        """"Who handles the birth-registration indicator": the best-matching indicator clause stands for the
        number not given, and the clauses assigning that indicator come first, then the indicator itself."""
        top = next((h for h in hits[:within] if h.clause["kind"] == "indicator" and h.clause.get("indicator")), None)
        if top is None:
            return hits
        rows = self.indicator_rows(top.clause["doc_id"], top.clause["indicator"])["assignment"]
        if not rows:
            return hits
        present = {h.clause["id"]: h for h in hits}
        first = hits[0].score
        _lift(top, "described_indicator", first + 1e-6)
        for row in rows:
            hit = present.get(row) or Hit(self.clauses[row], 0.0, 0.0, 0.0)
            _lift(hit, "assigns_described_indicator", first + 2e-6)
            present[row] = hit
        return sorted(present.values(), key=lambda h: -h.score)


__all__ = ["ASKS_REVIEW", "Ranker", "asked_deadlines", "FACET_CLAUSES", "FACET_ORDER", "SCHEDULE_WORDS"]
