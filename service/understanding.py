"""What a question asks about: places, plans, indicator numbers, years, agencies, and the kind of question.

Works on diacritic-folded text so `chi tieu 14 o Ninh Binh` reads like `chỉ tiêu 14 ở Ninh Bình`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from indexer.gazetteer import province_names, province_of
from indexer.tokenizing import fold

from indexer.lookups import DOC_NUMBER

from .catalogue import Catalogue, place_key
from .glossary import vietnamese_terms
from .rewriting import is_english

# Province-level units, so a question about a province with no plan in the corpus is recognised as such;
# plus the names people type for a few of them.
ALIASES = {"Hồ Chí Minh": ["Sài Gòn", "Saigon", "HCMC", "TP HCM", "TPHCM"]}
PROVINCES = province_names() + [a for names in ALIASES.values() for a in names]

KINDS = ("compare", "list", "who", "when", "target", "plan", "task")
# "review" as a meeting that takes stock (sơ kết, tổng kết); a "poverty review" or a "review plan" is rà soát, a
# survey, which has no date of its own to ask.
REVIEW = (r"\bso ket\b|\btong ket\b|(?<!poverty )(?<!household )(?<!households )(?<!poverty-)"
          r"\breview(?:s|ed)?\b(?! plan)(?! of (?:the )?(?:poor|near|households?|poverty))")
KIND_PATTERNS = {
    "compare": r"\bso sanh\b|\bcompare|\bcomparison|\bkhac nhau\b|\bdiffer|\b(?:cao|thap) hon\b|"
               r"\bwhich (?:one )?(?:is|was|sets?) (?:the )?(?:higher|lower)\b|\b(?:higher|lower) than\b|\bversus\b|\bvs\b|\bgiua .+ va\b",
    "list": r"\bliet ke\b|\bnhung chi tieu nao\b|\bcac chi tieu nao\b|\bnhung chi tieu\b|\bwhich indicators\b|"
            r"\blist\b|\ball (?:the )?indicators\b|\bcac chi tieu ma\b|\bbao gom nhung\b|\bgom nhung chi tieu\b",
    "who": r"\bco quan nao\b|\bdon vi nao\b|\bai\b|\bwho\b|\bwhich (?:[a-z]+ ){0,3}(?:agency|agencies|department|body|bodies|office|unit"
           r"|branch|organi[sz]ation|ministr(?:y|ies)|committee|authorit(?:y|ies)|force)"
           r"|\bbo phan nao\b|\bphong nao\b|\bso nao\b|\bnganh nao\b|\b(?:lanh dao|nguoi|thanh vien) nao\b|"
           r"\bwhich (?:official|leader|person|member|officer)s?\b|\b(?:to chuc|luc luong|chi nhanh|ngan hang) nao\b|\bphu trach\b|\bchiu trach nhiem\b|"
           r"\bin charge\b|\bresponsible\b|\bdam nhiem\b|\bgiao cho\b|\bchu tri\b",
    "when": r"\bkhi nao\b|\bbao gio\b|\bmid-term\b|" + REVIEW + r"|\bthoi han\b|\bhan chot\b|\btruoc ngay\b|\bngay nao\b|\bwhen\b|\bdeadline"
            r"|\bby what date\b|\bdue\b|\bdinh ky\b|\bhow often\b|\bthoi gian nao\b|\bluc nao\b",
    "target": r"\bbao nhieu\b|\bmuc tieu\b|\btarget|\bgoal|\bty le\b|\bpercent|\brate\b|\bdat\b|\bphan dau\b|"
              r"\bhow (?:much|many|high|low)\b|%",
    "plan": r"\bso hieu\b|\bso ke hoach\b|\bke hoach so\b|\bai ky\b|\bduoc ky\b|\bnguoi ky\b|\bsigned?\b|\bsigner\b|"
            r"\bban hanh\b|\bissued?\b|\bcan cu\b|\blegal basis\b|\bimplements?\b|\bthuc hien quyet dinh\b|"
            r"\bthuc hien chi thi\b|\bplan number\b|\bngay ban hanh\b|\bdated?\b|\bwhich plan\b|\bke hoach nao\b|"
            r"\btitle\b|\btrich yeu\b|\bquyet dinh\b|\bchi thi\b|\bnghi quyet\b|\bdecision\b|\bdirective\b|\bresolution\b|\bunderl",
    "task": r"\bnhiem vu\b|\blam gi\b|\bduties\b|\btasks?\b|\bwhat (?:must|should|does|do)\b|\btrach nhiem\b|"
            r"\bgiai phap\b|\bhoat dong\b|\bactivities\b|\broles?\b|\bto do\b",
}
# What a question about the plan itself asks for; each facet names the clauses that hold it (see answering).
_FACETS = {
    "number": r"\bso hieu\b|\bky hieu\b|\bso (?:cua )?ke hoach\b|\b(?:co|mang) so (?:la )?(?:gi|nao|may|bao nhieu)\b|"
              r"(?<!thuc hien )(?<!trien khai )\bke hoach (?:\w+ ){0,8}so (?:may|bao nhieu|gi)\b|"
              r"\bnumber of (?:\w+ ){0,6}plan|\bplan(?: s)? (?:reference )?number\b|\bwhat(?: s| is) the number\b|"
              r"\bnumbered\b|\bwithout (?:its |a )?number\b|"
              # a plan issued with a decision is known by the decision's number
              r"\bkem theo (?:quyet dinh|nghi quyet) (?:so )?(?:may|nao|gi)\b|\b(?:quyet dinh|nghi quyet) so (?:may|gi)\b|"
              r"\b(?:decision|resolution) (?:number|no)\b|\bnumber of the (?:decision|resolution)\b",
    "date": r"\bban hanh (?:ngay|vao|khi|thang|nam)\b|\bngay ban hanh\b|\bngay ky\b|\bky (?:vao )?ngay\b|"
            r"\b(?:when|what date|which day|what day) (?:\S+ ){0,20}(?:issue|sign|adopt|publish)(?:d|ed)?\b|"
            r"\b(?:ban hanh|ky|thong qua|lap)\b.*\bngay nao\b|\bngay nao\b.*\b(?:ban hanh|ky)\b|"
            r"\bdated?\b|\bissued on\b|\bissue date\b|\bsom nhat\b|\bmuon nhat\b|\bgan day nhat\b|\bban hanh truoc\b|"
            r"\bearliest\b|\blatest\b|\bmost recent\b|\boldest\b|\bnewest\b|"
            r"\bissued (?:earlier|later|first|last|before|after)\b|\bban hanh (?:som|muon) hon\b|\bban hanh sau\b|"
            r"\bwithout (?:its |a )?(?:\w+ and )?(?:day|date)\b|\bday (?:left )?(?:blank|empty)\b|"
            r"\bde trong ngay\b|\bkhong ghi ngay\b",
    "issuer": r"\b(?:co quan|don vi|cap) nao ban hanh\b|\bai ban hanh\b|\bwhich (?:body|authority|committee|office)"
              r"(?: \w+){0,3} issued\b|\bwho issued\b|\bissued by\b|\bissuing\b|\bissuer\b|"
              r"\b(?:provincial|district|commune|ward)[ -]level plan|\bby a (?:provincial|district|commune)\b",
    "signer": r"\bai ky\b|\bnguoi ky\b|\bky ke hoach\b|\bduoc ky\b|\bsign(?:ed|er|s|atory|ature)?\b",
    "basis": r"\bthuc hien (?:ke hoach|quyet dinh|chi thi|nghi quyet|chuong trinh|van ban)\b|"
             r"\btrien khai (?:quyet dinh|chi thi|nghi quyet)\b|\bcan cu\b|\bimplement|\bunderl|\bcites?\b|"
             r"\brefers? to\b|\bbased on\b|\blegal basis\b|\b(?:quyet dinh|chi thi|nghi quyet|ke hoach) nao cua\b|"
             r"\b(?:quyet dinh|chi thi|nghi quyet) nao\b|\bwhich (?:decision|directive|resolution|law)s?\b",
    "title": r"\bgiai doan nao\b|\bap dung cho\b|\bperiod\b|\bwhat years?\b|\bve viec gi\b|\bve van de gi\b|\btrich yeu\b|"
             r"\btitle\b|\babout what\b|\bten (?:cua )?ke hoach\b|\bchu de\b|\bwhat is (?:\S+ ){0,8}about$|\bwhich years?\b",
    "appendix": r"\bphu luc\b|\bappendix\b|\bannex\b",
    # "được gửi đến những cơ quan nào": the plan's recipients (Nơi nhận), not the agencies it assigns
    "recipients": r"\bnoi nhan\b|\bgui (?:den|toi|cho)\b|\bsent to\b|\brecipients?\b|\bdistributed to\b|"
                  r"\bcopied to\b|\bwho receives?\b",
    "which_plan": r"\bke hoach nao\b|\bwhich (?:\w+ )?plans?\b|\bvan ban nao\b",
    # "giao nhiệm vụ cho những đơn vị nào": the agencies the plan assigns, not one agency's task
    "agencies": r"\b(?:giao|phan cong) (?:nhiem vu )?cho (?:nhung|cac) (?:don vi|co quan|so|phong|bo phan)\b|"
                r"\bnhung (?:don vi|co quan|so|phong|bo phan|to chuc(?: doan the)?|doan the|ban nganh) nao\b|"
                r"\bassigns? (?:tasks|duties) to\b|"
                r"\blist (?:the|all) (?:units|agencies|departments|offices|bodies)\b|"
                r"\bwhich (?:units|agencies|departments|offices|bodies) (?:does|do|are|is)\b",
}
# What only a question about a plan's own header asks, whatever words describe the plan.
_ASKED_OF_A_PLAN = {
    "number": r"\bso hieu\b|\bky hieu\b|\b(?:co|mang) so (?:la )?(?:gi|nao|may|bao nhieu)\b|"
              r"\bplan(?: s)? (?:reference )?number\b|\bwhat(?: s| is) the number\b",
    "date": r"\bngay ban hanh\b|\bban hanh (?:ngay|vao|khi)\b|\b(?:ban hanh|ky) ngay nao\b|"
            r"\b(?:when|what date|which day) (?:\S+ ){0,20}(?:issue|sign)(?:d|ed)?\b|\bissued on\b",
    "signer": r"\bai ky\b|\bnguoi ky\b|\bwho signed\b|\bsigned by\b",
}
# "X ban hành kế hoạch … ngày nào", "when was the plan … issued": the plan is what was issued, whatever it implements
_ISSUES_THE_PLAN = re.compile(r"\bban hanh (?:\w+ ){0,2}ke hoach\b|\bke hoach\b.* duoc (?:ban hanh|lap|ky)\b|"
                              r"\bissue(?:d|s)? (?:\w+ ){0,3}plan\b|\bplan\b.* (?:was|were) (?:issued|signed|drawn up)\b")
# A question whose subject is a document the plan cites ("đề án … mà phường triển khai thuộc giai đoạn nào", "the
# law Quảng Vinh mentions was passed on which day") asks that document's period or date, not the plan's own.
_CITED_SUBJECT = re.compile(
    r"\b(?:de an|chien luoc|quy hoach|luat|bo luat|nghi dinh|thong tu|strategy|scheme|master plan|law|project)\b|"
    r"\b(?:chuong trinh|ke hoach|programmes?|programs?)\b.*\b(?:ma|cited|mentioned|listed|referred)\b|"
    r"\bnhac (?:toi|den)\b|\bde cap\b"
)
# "Which plan was issued earliest / without a number": questions over the whole corpus that metadata answers.
_SELECTIONS = {
    "earliest": r"\bsom nhat\b|\bcu nhat\b|\bearliest\b|\boldest\b|\bfirst (?:issued|to be issued)\b",
    "latest": r"\bmuon nhat\b|\bgan day nhat\b|\bmoi nhat\b|\blatest\b|\bmost recent(?:ly)?\b|\bnewest\b",
    "unnumbered": r"\bkhong (?:co|ghi|dien) so\b|\bde trong so\b|\bchua (?:co|dien|ghi) so\b|\bwithout (?:its |a )?number\b|"
                  r"\bno (?:plan )?number\b|\bblank number\b|\bnumber (?:left )?blank\b|\bunnumbered\b",
}


def selected_plans(folded: str, documents: dict[str, dict]) -> list[str]:
    """The plans a corpus-wide question picks out by their metadata, in corpus order; [] when it picks none."""
    catalogue = Catalogue.of(documents)
    dated = catalogue.dated
    for how, pattern in _SELECTIONS.items():
        if not re.search(pattern, folded):
            continue
        if how == "unnumbered":
            return list(catalogue.unnumbered)
        if dated:
            return [dated[0][1] if how == "earliest" else dated[-1][1]]
    return []


# A plan named by what it implements: "kế hoạch triển khai Chỉ thị 37", "the plan implementing Decision 23"
# (not "Kế hoạch số 159/KH-UBND mà Hương Khê thực hiện": that plan is the cited one, named by its number)
_PLAN_IMPLEMENTING = re.compile(r"\b(?:ke hoach|plans?)\b(?: (?!ma\b|that\b|which\b)[^\s\d]+){0,12} "
                                r"(?:thuc hien|trien khai|implement\w*|carr(?:y|ies|ying) out|under|theo|can cu)\b")
_LOWER_LEVEL = re.compile(r"\b(?:xa|phuong|huyen|thi tran|thi xa|quan|commune|ward|district|town)\b")
_ASKS_BASIS = re.compile(r"\bcan cu\b|\blegal basis\b|\bbased on\b|\b(?:quyet dinh|chi thi|nghi quyet|ke hoach|van ban|"
                         r"chuong trinh) nao\b|\bwhich (?:decision|directive|resolution|law|programme|program)s?\b")
PLAN_FACETS = ("number", "date", "issuer", "signer", "recipients")
_DEADLINE_WORDS = re.compile(r"\bbao cao\b|\breport|\bhan\b|\bdeadline|\btruoc ngay\b|\bdue\b")
INDICATOR_REF = re.compile(
    r"\b(?:chi tieu|indicators?|targets?|chi so|muc tieu so)\s*(?:so\s*|no\.?\s*|number\s*|#\s*)?"
    r"(\d{1,3}(?:\s*(?:,|va|and|&|-|den|to)\s*\d{1,3})*)"
)
YEAR = re.compile(r"\b(20\d\d)\b")
_DOC_NUMBER = DOC_NUMBER  # the shape reference_key gives a document number, on both sides
# Only capitalised names count: "cơ quan nào" must not read as "quận Nào".
_NAMED_PLACE = re.compile(
    r"\b(?i:tinh|huyen|xa|phuong|thi tran|thanh pho|quan|thi xa|province of|district of|commune of)\s+"
    r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    r"|\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+(?i:district|commune|ward|province)\b"  # "Bac Tra My district"
)
# A district, commune or ward named with its level word, either way round ("xã Đại Lãnh", "Dai Lanh commune").
_NAMED_UNIT = re.compile(
    r"\b(?i:huyen|xa|phuong|thi tran|quan|thi xa|thanh pho|district of|commune of|ward of|city of)\s+"
    r"([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    r"|\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})\s+(?i:district|commune|ward|town|city)\b"
)
# A unit named in more plans' text than this is a list of units (a province's districts), not what they are about.
MENTIONED_MAX = 3
_LEADING_WORDS = {"in", "for", "at", "on", "under", "about", "from", "of", "by", "to", "with", "and", "does", "did", "is",
                  "are", "was", "were", "has", "have", "who", "when", "where", "how", "why", "do", "according"}
_NOT_A_NAME = {"which", "what", "each", "every", "the", "a", "an", "that", "this", "one", "any", "its", "whose", "nao"}


@dataclass
class Understanding:
    question: str
    folded: str
    kind: str | None
    indicators: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)  # plans the question names (by place or number)
    places: list[str] = field(default_factory=list)  # places recognised, as the plans write them
    unknown_places: list[str] = field(default_factory=list)  # places named that no plan covers
    references: list[str] = field(default_factory=list)  # document numbers (23/QĐ-TTg, 2716/KH-UBND)
    facets: list[str] = field(default_factory=list)  # what a plan question asks: number, date, issuer, signer, ...
    provincial_only: list[str] = field(default_factory=list)  # provinces asked at province level: no such plan
    selected: bool = False  # doc_ids were picked by metadata ("the earliest plan"), not named
    # "the number of the plan implementing Directive 37-CT/TW": the plan is asked about, the directive only names it
    plan_is_subject: bool = False
    parts: list[str] = field(default_factory=list)  # parts of a plan named: "Phần I", "section 2" -> ["I"], ["2", "II"]
    # "xã Đại Lãnh (Khánh Hòa)": a district or commune no plan covers, and doc_ids only plans of its province
    unit_missing: list[str] = field(default_factory=list)
    place_keys: dict[str, list[str]] = field(default_factory=dict)  # doc_id -> the places it was named by (folded)
    placeless: bool = False  # doc_ids is the one plan naming no place that stands for places no plan covers

    @property
    def named_by_what_it_implements(self) -> bool:
        """"The number of the plan implementing Directive 27/CT-TTg": the directive only names the plan; what is
        asked is the plan's own number, date, issuer, signer or recipients."""
        return self.plan_is_subject and any(f in PLAN_FACETS for f in self.facets)

    def foreign_references(self, documents: dict[str, dict]) -> list[str]:
        """Document numbers named that are not the number of a plan in the corpus (cited ones, or unknown)."""
        own = Catalogue.of(documents).own_references
        return [r for r in self.references if r not in own]


def _as_written(question: str, name: str) -> str:
    """A place name found in the folded question, as the question wrote it ("Sông Hinh", not "Song Hinh")."""
    folded = fold(question).lower()
    at = folded.find(name.lower())
    if at < 0 or len(folded) != len(question):
        return name.title()
    return question[at:at + len(name)]


def citing_plans(reference: str, documents: dict[str, dict]) -> list[str]:
    """The plans whose legal basis lists `reference` (a question-side key such as `23/qd-ttg`)."""
    return list(Catalogue.of(documents).citing.get(reference, []))


def _mentions(question: str):
    """A test of whether the question names a place. Words are compared with their diacritics where the question
    writes them: "Thạch Hà năm 2022" does not name Hà Nam, though both fold to "ha nam"; a word typed bare
    ("Thach Ha") matches any accented spelling."""
    words = re.findall(r"\w+", unicodedata.normalize("NFC", question).lower())
    folded = [fold(w) for w in words]

    def names(name: str) -> bool:
        n_words = re.findall(r"\w+", unicodedata.normalize("NFC", name).lower())
        n_folded = [fold(w) for w in n_words]
        size = len(n_words)
        return size > 0 and any(
            folded[i:i + size] == n_folded and all(words[i + j] in (n_words[j], n_folded[j]) for j in range(size))
            for i in range(len(words) - size + 1))
    return names


_key = place_key


def _numbers(raw: str) -> list[int]:
    nums = [int(n) for n in re.findall(r"\d{1,3}", raw)]
    if len(nums) == 2 and re.search(r"-|den|to", raw) and nums[0] < nums[1] <= nums[0] + 30:
        return list(range(nums[0], nums[1] + 1))
    return nums


# "children who are victims": a relative pronoun, not a question about who
_RELATIVE_WHO = re.compile(r"\b(children|kids|individuals|people|persons|those|pupils|students|victims|families|"
                           r"parents|mothers|girls|boys|officials|anyone|others) who\b")


# "cơ sở" (a facility, a base) folds to what "có số" (has the number) folds to: "loại cơ sở nào" asks no number.
_FACILITY = re.compile(r"\bcơ sở\b", re.IGNORECASE)


def question_kind(folded: str, indicators: list[int], n_plans: int) -> str | None:
    folded = _RELATIVE_WHO.sub(r"\1", folded)
    hits = [k for k in KINDS if re.search(KIND_PATTERNS[k], folded)]
    if "compare" in hits or (n_plans >= 2 and indicators and "who" not in hits):
        return "compare"
    if "list" in hits and "who" not in hits:
        return "list"
    for kind in ("who", "when"):
        if kind in hits:
            return kind
    if indicators and "target" in hits:
        return "target"
    if "plan" in hits and "task" not in hits:
        return "plan"
    if "task" in hits:
        return "task"
    if "target" in hits:
        return "target"
    return "target" if indicators else None


def understand(question: str, documents: dict[str, dict]) -> Understanding:
    documents = Catalogue.of(documents)
    folded = _key(question)
    padded = f" {folded} "
    doc_ids, places = [], []
    # Longest names first, so "Quảng Ngãi" (a province) does not shadow a plan's own locality inside it. The places
    # a plan is reached by: its metadata's, and those its header, title and scope name (when the metadata missed
    # its locality); only the names the question holds are looked at.
    known, matched_by = documents.places_in(folded), {}
    matched_keys: dict[str, None] = {}  # in match order, each once: a province's name matches hundreds of plans
    keys_of: dict[str, set[str]] = {}
    mentions = _mentions(question)
    for name, doc_id, field_name in sorted(known, key=lambda x: -len(x[0])):
        key = _key(name)
        if f" {key} " in padded and mentions(name) and not any(key in m and key != m for m in matched_keys):
            matched_keys[key] = None
            if doc_id not in matched_by:  # (a list's `in` would make a province of many plans quadratic)
                doc_ids.append(doc_id)
            matched_by.setdefault(doc_id, set()).add(field_name)
            keys_of.setdefault(doc_id, set()).add(key)
            if name not in places:
                places.append(name)
    # "xã Tịnh Trà … Tỉnh ủy Quảng Ngãi", "huyện Thạch Hà (Hà Tĩnh)": the commune's or district's plan, not every
    # plan in the province that contains it (a header-less copy's province comes from the divisions)
    provinces = _province_keys()
    named_units = [d for d in doc_ids if "locality" in matched_by[d] or not keys_of[d] <= provinces]
    containers = {_key(documents[d].get(f) or "") for d in named_units for f in ("district", "province")} - {""}
    containers |= {_key(p) for d in named_units for k in keys_of[d] - provinces if (p := _province_containing(k))}
    if any(not documents[d].get("province") and not any(_province_containing(k) for k in keys_of[d] - provinces)
           for d in named_units):
        # "Phường 1 (quận Tân Bình, TP Hồ Chí Minh)": a unit whose province its plan does not say is in the one
        # the question names beside it
        containers |= {k for k in matched_keys if k in provinces}
    doc_ids = [d for d in doc_ids if d in named_units or not keys_of[d] <= containers]
    matched_by = {d: f for d, f in matched_by.items() if d in doc_ids}
    # "kế hoạch của tỉnh Thừa Thiên Huế" asks for the province's own plan; a commune plan inside it is not that.
    provincial_only = []
    if not _LOWER_LEVEL.search(folded):
        for doc_id, fields in matched_by.items():
            doc = documents[doc_id]
            pkey = _key(doc.get("province") or "")
            # only a plan known to be a district's or commune's: a plan whose level could not be read may be the
            # province's own
            if fields - {"places"} == {"province"} and doc.get("level") not in (None, "tỉnh") and (
                    f" tinh {pkey} " in padded or f" {pkey} province" in padded or "provincial" in folded):
                provincial_only.append(doc["province"])
    references = [m.group(1) for m in _DOC_NUMBER.finditer(folded) if re.search(r"[a-z]", m.group(1))]
    numbered = list(dict.fromkeys(d for r in references for d in documents.by_number.get(r, [])))
    # "Kế hoạch 157/KH-UBND của Cần Thơ": that plan, not every plan of the place it names
    numbered_places = {k for n in numbered for k in keys_of.get(n, ())}
    doc_ids = [d for d in doc_ids if d in numbered or not keys_of[d] & numbered_places]
    doc_ids += [d for d in numbered if d not in doc_ids]
    unknown = [p for p in PROVINCES if (mentions(p) or f" {_key(p).replace(' ', '')} " in padded)
               and not documents.knows_place(_key(p))]
    for m in _NAMED_PLACE.finditer(fold(question)):
        words = (m.group(1) or m.group(2)).lower().split()
        if m.group(2):  # "In Ninh Binh province": the name is what follows a sentence's capitalised first words
            while words and words[0] in _NOT_A_NAME | _LEADING_WORDS:
                words = words[1:]
            if not words or any(documents.place_prefixes(" ".join(words[i:])) for i in range(len(words))):
                continue
        name = " ".join(words)
        if not documents.place_prefixes(name) and not any(_key(u) == name for u in unknown) and \
                name not in ("nay", "do", "nao"):
            unknown.append(_as_written(question, name))
    if not doc_ids:
        # a unit no plan is about, but a few plans name in their text ("tại huyện Thuỷ Nguyên"): those plans
        for name in list(unknown):
            mentioning = documents.mentioned.get(_key(name), [])
            if 0 < len(mentioning) <= MENTIONED_MAX:
                unknown.remove(name)
                places.append(name)
                for d in mentioning:
                    if d not in doc_ids:
                        doc_ids.append(d)
                    keys_of.setdefault(d, set()).add(_key(name))
    if not doc_ids and not unknown:
        # a body no place names, a ministry ("Bộ Văn hóa, Thể thao và Du lịch", "the Ministry of Health"): its plans
        doc_ids = documents.issued_by_in(folded + (" " + _key(vietnamese_terms(question)) if is_english(question)
                                                   else ""))
    # a district or commune no plan covers, asked beside its province: the province's own plan is not its plan
    unit_missing = []
    if doc_ids and all(keys_of.get(d, {""}) <= provinces for d in doc_ids):
        for m in _NAMED_UNIT.finditer(fold(question)):
            name = m.group(1) or m.group(2)
            # a city that is itself a province (thành phố Cần Thơ) is matched as one
            if _key(name) not in documents.places and name.split()[0].lower() not in _NOT_A_NAME \
                    and _key(name) not in provinces:
                unit_missing.append(_as_written(question, name))
    indicators: list[int] = []
    for m in INDICATOR_REF.finditer(folded):
        for n in _numbers(m.group(1)):
            if n not in indicators and n < 200:
                indicators.append(n)
    years = sorted({int(y) for y in YEAR.findall(folded)})
    wording = _key(_FACILITY.sub("coso", question))
    kind = question_kind(wording, indicators, len(doc_ids))
    facets = _facets(wording, kind, indicators)
    if doc_ids and "basis" in facets and any(f in PLAN_FACETS for f in facets) and \
            _PLAN_IMPLEMENTING.search(folded) and not _ASKS_BASIS.search(folded):
        # "the number of Cần Thơ's plan implementing Directive 27": what it implements tells the place's plans apart;
        # it is not asked (with no place named, it is what selects the plans)
        facets.remove("basis")
    if kind not in ("compare", "list") and any(f in PLAN_FACETS for f in facets):
        kind = "plan"  # "ai ký", "ban hành ngày nào": about the plan, not an agency or a deadline
    elif "agencies" in facets and kind in ("who", "task", None):
        kind = "list"  # "giao nhiệm vụ cho những đơn vị nào": every agency, not one
    if len(doc_ids) > 1 and years and (kind in ("plan", "when") or facets):
        doc_ids = _of_the_year(doc_ids, years, documents)
    selected = False
    if not doc_ids and ("which_plan" in facets or kind == "plan"):
        doc_ids = selected_plans(folded, documents)
        selected = bool(doc_ids)
    return Understanding(question, folded, kind, indicators, years, doc_ids, places, unknown, references, facets,
                         list(dict.fromkeys(provincial_only)), selected,
                         bool(references and _PLAN_IMPLEMENTING.search(folded)), _parts(folded),
                         list(dict.fromkeys(unit_missing)), {d: sorted(keys_of.get(d, ())) for d in doc_ids})


@lru_cache(maxsize=1)
def _province_keys() -> frozenset[str]:
    return frozenset(_key(p) for p in PROVINCES)


@lru_cache(maxsize=1024)
def _province_containing(unit_key: str) -> str | None:
    """The one province with a district, town or commune of this (folded) name, None when several or none."""
    found = {p for level in ("huyện", "thị xã", "thành phố", "quận", None) if (p := province_of(unit_key, level))}
    return found.pop() if len(found) == 1 else None


# "Phần I", "chương 2", "section II" ("mục" only with a Roman numeral: "mức 2" folds to "muc 2")
_PART = re.compile(r"\b(?:phan|chuong|part|section|chapter)\s+([ivxlc]+|\d{1,2})\b|\bmuc\s+([ivxlc]+)\b")
_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def _parts(folded: str) -> list[str]:
    """The numerals of the parts a question names, a number also as its Roman numeral (plans number parts both ways)."""
    out: list[str] = []
    for m in _PART.finditer(folded):
        numeral = (m.group(1) or m.group(2)).upper()
        out += [numeral] + ([_ROMAN[int(numeral) - 1]] if numeral.isdigit() and 0 < int(numeral) <= len(_ROMAN) else [])
    return list(dict.fromkeys(out))


def _of_the_year(doc_ids: list[str], years: list[int], documents: dict[str, dict]) -> list[str]:
    """"Gia Lai's 2023 poverty-review plan" among Gia Lai's plans: those issued in or titled with a year asked;
    all of them when none is."""
    def years_of(doc: dict) -> set[int]:
        found = {int(y) for y in YEAR.findall(doc.get("title") or "")}
        return found | ({int(doc["date"][:4])} if doc.get("date") else set())
    fitting = [d for d in doc_ids if years_of(documents[d]) & set(years)]
    return fitting or doc_ids


def _facets(folded: str, kind: str | None, indicators: list[int]) -> list[str]:
    """Plan-metadata facets, only for questions about a plan itself (not a deadline, a task or an indicator)."""
    if indicators or _DEADLINE_WORDS.search(folded):
        return []
    if kind in ("task", "target"):
        # "Kế hoạch thực hiện nhiệm vụ … có số hiệu gì": the task words describe the plan; what is asked is its number
        return [f for f, pattern in _ASKED_OF_A_PLAN.items() if re.search(pattern, folded)]
    facets = [f for f, pattern in _FACETS.items() if re.search(pattern, folded)]
    if "recipients" in facets:
        facets = [f for f in facets if f != "agencies"]
    if _CITED_SUBJECT.search(folded) and not _DOC_NUMBER.search(folded) and not _ISSUES_THE_PLAN.search(folded):
        # a number names it: see references; "tỉnh X ban hành kế hoạch thực hiện Đề án … ngày nào" asks the plan's
        facets = [f for f in facets if f not in ("title", "date")]
    if kind not in ("plan", "compare", "list") and not any(f in PLAN_FACETS for f in facets):
        facets = [f for f in facets if f in ("title", "appendix", "which_plan", "agencies")]
    return facets
