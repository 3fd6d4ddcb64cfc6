"""What a plan does not say: facts a question asks for that the plans it names leave out.

A fluent passage about funding is not an answer to "how many billion đồng"; a plan whose signature block has no
name does not answer "who signed". Each check returns the reasons to say so (`found: false`), or nothing.
"""

from __future__ import annotations

import re

from indexer.abbreviations import spelled_only
from indexer.records import PlanFacts
from indexer.tokenizing import fold

from .catalogue import Catalogue
from .understanding import Understanding, citing_plans

_MONEY_ASKED = re.compile(
    r"\b(?:ty|trieu|nghin|ngan) dong\b|\bbao nhieu (?:tien|dong)\b|\b(?:billion|million|thousand) (?:vnd|dong)\b|"
    r"\bhow much (?:money|funding|budget)\b|\bvnd\b|\bamount of (?:money|funding)\b|\bso tien\b|\bdong budget\b|"
    r"\bbao nhieu kinh phi\b|\bkinh phi (?:la )?bao nhieu\b|\btong (?:kinh phi|von|du toan)\b|\btotal (?:budget|funding)\b"
)
_MONEY_STATED = re.compile(r"\d[\d.,]*\s*(?:tỷ|triệu|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND)\b", re.IGNORECASE)
# Money the plan spends, not a revenue or spending-per-visitor target: an amount in a sentence about funding.
_FUNDING = re.compile(r"kinh phí|ngân sách|nguồn vốn|\bvốn\b|dự toán|chi phí|đầu tư|tổng mức|bố trí|hỗ trợ|"
                      r"cấp phát|phân bổ", re.IGNORECASE)
_REVENUE = re.compile(r"thu ngân sách|doanh thu|thu nhập|tổng thu|chi tiêu bình quân", re.IGNORECASE)
_SENTENCE = re.compile(r"[;\n]|\.(?!\d)")
# A quantity asked in a unit of measure: a plan that writes no figure in that unit cannot answer it, whichever passage
# about the topic comes closest ("how many hectares of forest" of a plan that counts trees).
_MEASURES = [
    ("ha", re.compile(r"\bhow many (?:\w+ )?(?:hectares?|ha)\b|\bbao nhieu (?:ha|hec ?ta)\b"),
     re.compile(r"\d\s*(?:ha|héc\s*ta|hecta)\b", re.IGNORECASE)),
    ("km", re.compile(r"\bhow many (?:\w+ )?(?:kilomet(?:er|re)s?|km)\b|\bbao nhieu (?:km|kilomet|ki lo met)\b"),
     re.compile(r"\d\s*(?:km|ki-?lô-?mét)\b", re.IGNORECASE)),
    ("tấn", re.compile(r"\bhow many (?:\w+ )?(?:tons?|tonnes?)\b|\bbao nhieu tan\b"),
     re.compile(r"\d\s*tấn\b", re.IGNORECASE)),
    ("lượt khách", re.compile(r"\bhow many (?:\w+ )?(?:visitors|arrivals|tourists|visits)\b|\bbao nhieu luot\b"),
     re.compile(r"\d\s*(?:triệu|nghìn|ngàn|vạn)?\s*lượt", re.IGNORECASE)),
    ("cây", re.compile(r"\bhow many (?:\w+ )?trees\b|\bbao nhieu (?:trieu |nghin )?cay\b"),
     re.compile(r"\d\s*(?:tỷ|triệu|nghìn|ngàn|vạn)?\s*cây\b", re.IGNORECASE)),
]
_EXACT_DAY = re.compile(r"\bngay nao\b|\bngay bao nhieu\b|\bwhich day\b|\bwhat day\b|\bexact|\bwhat date\b|\bngay may\b")
_NUMBERED_INDICATORS = re.compile(r"\bnumbered indicators?\b|\bchi tieu (?:duoc )?danh so\b|\bindicator numbers?\b")

# "Kế hoạch số 200/KH-UBND", "KH 107": a sentence naming a plan's number.
PLAN_NUMBER_IN_TEXT = re.compile(r"(?i:kế hoạch|KH)\s+(?i:số\s+)?\d+(?:\s*/\s*[A-ZĐ][\w/-]*|\b)")
# A question about a plan (its number, signer, title) whose topic phrases are mostly absent from the named plan and
# mostly present in another is about a plan not in the corpus: "the gender-equality plan of Cà Mau" asked of Cà Mau's
# digital-transformation plan. Its wording about the plan itself ("được ban hành để triển khai") is not topic.
_PLAN_KINDS = ("plan",)
_NAMED_SHARE_MAX, _OTHER_SHARE_MIN = 0.3, 0.5
_SYLLABLE = re.compile(r"[a-z0-9]+")


def _syllables(text: str) -> list[str]:
    """Lower-case syllables with diacritics folded: the one tokenisation every topic check compares in; `đảm bảo`
    is written `bảo đảm`, its synonym in the other order."""
    words = _SYLLABLE.findall(fold(text).lower())
    for i in range(len(words) - 1):
        if words[i] == "dam" and words[i + 1] == "bao":
            words[i], words[i + 1] = "bao", "dam"
    return words
# Words that say nothing about a topic: a phrase made mostly of these is no evidence that a plan lacks the topic.
# Only question and function words, plan-structure words, numerals and figures, and administrative levels: a topic
# word of any programme (`trẻ em`, `tuổi`, `hộ nghèo`, `cử tri`) is evidence, whichever programme the corpus is about.
# Folded forms shared with topic words are left out (`dang`: đăng ký, `de`: đê điều, `ma`: ma túy, `ngan`: ngân sách,
# `moi`: môi trường, `hai`: xâm hại, `tam`: tâm lý, `ve`: bảo vệ, vệ sinh, `bao`: bão, bảo hiểm). `tai` (tại) stays,
# though it hides `thiên tai`: the glossary's terms are checked as one wording, and without it a phrase across two of
# them (`trẻ em | tai nạn`) reads as a topic.
_QUESTION_AND_FUNCTION = {
    "nao", "gi", "ai", "nhieu", "may", "sao", "khong", "co", "la", "cua", "va", "cac", "nhung", "duoc", "cho",
    "voi", "trong", "theo", "nay", "do", "o", "tai", "phai", "lam", "tu", "den", "vao", "the", "thi", "khi",
    "sau", "truoc", "hon", "bi", "se", "cung", "hay", "hoac", "neu", "ra", "ca", "nham", "bang", "tren", "duoi",
}
_PLAN_STRUCTURE = {"ke", "hoach", "muc", "tieu", "chi", "dat", "so", "loai", "phan", "tac"}  # `công tác`: the work of
_FIGURES = {"nam", "thang", "ngay", "ty", "ti", "le", "tram", "mot", "ba", "bon", "bay", "chin", "muoi", "nghin",
            "trieu", "tang", "giam", "it", "nhat"}
_LEVELS = {"xa", "tinh", "huyen", "phuong", "thon", "cap"}
_FILLER = _QUESTION_AND_FUNCTION | _PLAN_STRUCTURE | _FIGURES | _LEVELS


def phrases(text: str) -> set[str]:
    """Three-syllable phrases of a text, diacritics folded, abbreviations also spelled out (`khu dân cư NTM` says
    `khu dân cư nông thôn`): what a plan can be checked to mention at all."""
    found = set()
    for form in {text, spelled_only(text)}:
        words = _syllables(form)
        found |= {" ".join(words[i:i + 3]) for i in range(len(words) - 2)}
    return found


# The kind of a body that issues plans says who issued one, not what it is about: "UBND huyện X ban hành kế hoạch số
# mấy" asks of no topic. Folded and spelled out, as `_topic_syllables` compares them.
_ISSUER_KIND = re.compile(r"\b(?:uy ban nhan dan|hoi dong nhan dan)\b")


def _topic_syllables(wording: str) -> list[str]:
    """The wording's syllables, with each issuer-kind phrase a break ("|") no phrase spans."""
    return _ISSUER_KIND.sub(" | ", " ".join(_syllables(spelled_only(wording)))).split()


def topic_phrases(wording: str, places: set[str]) -> set[str]:
    """The question's three-syllable phrases that say what it is about: no question, plan-structure, figure or level
    words, no issuer kind, no place (`places`: folded syllables of the places it names)."""
    words = _topic_syllables(wording)
    return {" ".join(words[i:i + 3]) for i in range(len(words) - 2)
            if not any(w in _FILLER or w in places or w.isdigit() or w == "|" for w in words[i:i + 3])}


def place_syllables(names) -> set[str]:
    """Folded syllables of place names: left out of a question's topic."""
    return {w for name in names for w in _syllables(name)}


def topic_share(asked: list[set[str]], held: set[str], at_least: int = 1) -> float:
    """The largest share of one wording's topic phrases (or words) that `held` holds, counting only wordings of
    which it holds at least `at_least`; 0.0 when none."""
    return max((len(a & held) / len(a) for a in asked if len(a & held) >= at_least), default=0.0)


def _another_plans_topic(u: Understanding, wordings, named: list[str], topics: dict[str, set[str]]) -> bool:
    """Whether the question's topic phrases are few in the named plans and many in another plan."""
    places = place_syllables([*u.places, *u.unknown_places])
    for wording in [u.question, *wordings]:
        asked = [topic_phrases(wording, places)]
        if len(asked[0]) < 2:
            continue
        named_share = max(topic_share(asked, topics[d], at_least=0) for d in named)
        other_share = max((topic_share(asked, topics[d], at_least=0) for d in topics if d not in named), default=0.0)
        if named_share <= _NAMED_SHARE_MAX and other_share >= _OTHER_SHARE_MIN:
            return True
    return False


def topic_words(wording: str, places: set[str]) -> set[str]:
    """The question's syllables that say what it is about (`dân số` in "kế hoạch công tác dân số có số hiệu gì")."""
    return {w for w in _topic_syllables(wording) if w not in _FILLER and w not in places and not w.isdigit() and w != "|"}


def title_words(title: str) -> set[str]:
    return set(_syllables(spelled_only(title)))


def _funding_stated(text: str) -> bool:
    """Whether the plan puts an amount of money on what it spends (`kinh phí … 2 tỷ đồng`)."""
    return any(_MONEY_STATED.search(sentence) and _FUNDING.search(sentence) and not _REVENUE.search(sentence)
               for sentence in _SENTENCE.split(text))


def _absent_topic(u: Understanding, wordings: list[str], named: list[str], topics: dict[str, set[str]],
                  places: set[str], texts: dict[str, str]) -> str | None:
    """A phrase of the question that other plans use but none of the named plans does ("bảo hiểm y tế" asked of
    Hải Dương): the named plan sets no target for it, whatever passage comes closest."""
    others = [d for d in topics if d not in named]
    sentences = None
    # the question's abbreviations spelled out as the plans' are ("của UBND thành phố" is "của Ủy ban nhân dân thành
    # phố" in a plan that writes it out)
    for wording in dict.fromkeys(spelled_only(w) for w in [u.question, *wordings]):
        words = _syllables(wording)
        for i in range(len(words) - 2):
            phrase = words[i:i + 3]
            if any(w in _FILLER or w in places or w.isdigit() for w in phrase):
                continue
            key = " ".join(phrase)
            if any(key in topics[o] for o in others) and not any(key in topics[d] for d in named):
                # worded otherwise, not absent: a sentence of the plan holding the phrase's words in another order
                # or apart ("thực hiện Kết luận ... và Nghị quyết 93/NQ-CP" for "thực hiện nghị quyết")
                if sentences is None:
                    sentences = [set(_syllables(spelled_only(s))) for d in named for s in _SENTENCE.split(texts[d])]
                if any(set(phrase) <= held for held in sentences):
                    continue
                return _widest(words, i, i + 3, named, others, texts)
    return None


def _widest(words: list[str], start: int, end: int, named: list[str], others: list[str],
            texts: dict[str, str]) -> str:
    """The phrase grown word by word ("hiểm y tế" -> "bảo hiểm y tế") while another plan still says it."""
    folded = {d: " ".join(_syllables(texts[d])) for d in [*named, *others]}

    def absent_here_said_there(a: int, b: int) -> bool:
        key = f" {' '.join(words[a:b])} "
        return any(key in f" {folded[o]} " for o in others) and not any(key in f" {folded[d]} " for d in named)

    while start > 0 and absent_here_said_there(start - 1, end):
        start -= 1
    while end < len(words) and absent_here_said_there(start, end + 1):
        end += 1
    return " ".join(words[start:end])


def _as_written(phrase: str, texts: dict[str, str]) -> str:
    """A folded phrase as some plan writes it, diacritics and all (folding keeps NFC text's length)."""
    pattern = re.compile(r"\b" + r"\W+".join(map(re.escape, phrase.split())) + r"\b")
    for text in texts.values():
        if m := pattern.search(fold(text).lower()):
            return text[m.start():m.end()]
    return phrase


def _doc_ids(u: Understanding, texts) -> list[str]:
    """The plans asked about, or with none named every plan looked at (`texts`: the whole of a small corpus)."""
    return u.doc_ids or list(texts)

def plan_gaps(u: Understanding, en: bool, documents: dict[str, dict], facts: dict[str, PlanFacts],
              texts: dict[str, str], topics: dict[str, set[str]] | None = None, wordings: list[str] = ()) -> list[str]:
    """Reasons the plans asked about cannot answer; `texts` maps doc_id to the plan's cleaned clause text, `topics`
    to its `phrases`; `wordings` are the question's other wordings (English glossary terms, restored diacritics)."""
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
        for doc_id in _doc_ids(u, texts):
            if not _funding_stated(texts[doc_id]):
                label = documents[doc_id]["label"]
                reasons.append(f"{label} names funding sources but states no amount of money." if en else
                               f"{label} chỉ nêu nguồn kinh phí, không nêu số tiền.")
    for unit, asked, stated in _MEASURES:
        if named and asked.search(u.folded):
            for doc_id in named:
                if not stated.search(texts[doc_id]):
                    label = documents[doc_id]["label"]
                    reasons.append(f"{label} states no figure in {unit}." if en else
                                   f"{label} không nêu con số nào tính bằng {unit}.")
    if _NUMBERED_INDICATORS.search(u.folded) or (u.kind == "list" and "chi tieu" in u.folded and not u.indicators):
        for doc_id in _doc_ids(u, texts):
            if not (doc_id in facts and facts[doc_id].indicators) and named:
                label = documents[doc_id]["label"]
                reasons.append(f"{label} has no numbered indicators (chỉ tiêu)." if en else
                               f"{label} không có chỉ tiêu được đánh số.")
    if topics and named and not u.selected and not u.indicators and (
            u.kind == "target" or u.kind in _PLAN_KINDS and _another_plans_topic(u, wordings, named, topics)):
        places = Catalogue.of(documents).place_syllables
        if phrase := _absent_topic(u, list(wordings), named, topics, places, texts):
            phrase = _as_written(phrase, texts)
            for doc_id in named:
                label = documents[doc_id]["label"]
                if u.kind == "target":
                    reasons.append(f"{label} does not mention “{phrase}”: it sets no target for it." if en else
                                   f"{label} không đề cập “{phrase}”, nên không có chỉ tiêu cho nội dung này.")
                else:
                    reasons.append(f"{label} does not mention “{phrase}”: it is not the plan asked about." if en else
                                   f"{label} không đề cập “{phrase}”, nên không phải kế hoạch được hỏi.")
    if u.kind == "plan" and named and (u.plan_is_subject or not foreign) and not u.selected:  # "which plan has no number" is answered
        for doc_id in named:
            doc = documents[doc_id]
            label = doc["label"]
            if "signer" in u.facets and not doc.get("signer"):
                reasons.append(f"{label} gives no signer's name." if en else f"{label} không ghi tên người ký.")
            if "number" in u.facets and not doc.get("number") and not doc.get("attached_to"):
                if doc.get("number_blank"):
                    reasons.append(f"{label} leaves its number blank (Số: /KH-UBND)." if en else
                                   f"{label} để trống số hiệu (Số: /KH-UBND).")
                # a plan with its own header and no number states none; a copy without a header (a news item
                # about the plan) may name it in a sentence
                elif any(doc.get(f) for f in ("issuer", "date", "title", "legal_basis")) or \
                        not PLAN_NUMBER_IN_TEXT.search(texts[doc_id]):
                    reasons.append(f"{label} shows no number (số hiệu)." if en else f"{label} không ghi số hiệu.")
            if "date" in u.facets and doc.get("date") and len(doc["date"]) == 7 and _EXACT_DAY.search(u.folded):
                year, month = doc["date"].split("-")
                reasons.append(f"{label} leaves the day blank: only month {int(month)} of {year} is given." if en else
                               f"{label} để trống ngày ban hành, chỉ ghi tháng {int(month)} năm {year}.")
    return reasons

__all__ = ["PLAN_NUMBER_IN_TEXT", "phrases", "place_syllables", "plan_gaps", "title_words", "topic_phrases",
           "topic_share", "topic_words"]
