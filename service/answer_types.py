"""What kind of statement answers a question, and whether a clause makes one.

A question asking "how many / what share" is answered by a clause stating a figure, one asking "when / from which
month / how long" by a clause stating a time; passages that only share the question's topic words (a title, the
plan's purpose) rank above them on words alone. Classic answer-type matching: the ranker lifts candidates whose text
holds the type of statement asked for (service.ranking, feature `answer_type`). The patterns are the forms any
Vietnamese administrative text writes figures and times in, not the wording of one plan.
"""

from __future__ import annotations

import re

# ---- the question side (folded, lower case) ------------------------------------------------------------------
_ASKS_FIGURE = re.compile(
    r"(?<!\bso )\bbao nhieu\b|\bmay (?:phan tram|nguoi|xa|ho|diem|lan|ty|trieu)\b|\bty le\b|\bphan tram\b|\bmuc nao\b|"
    r"\bhow (?:much|many|high|low|large)\b|\bwhat (?:share|percentage|proportion|rate|number|amount|figure|level)\b|"
    r"\bwhich (?:share|percentage|proportion|rate|figure|level)\b|\bminimum\b|\bat least\b|%")
_ASKS_YEAR = re.compile(r"\bnam nao\b|\b(?:which|what) year\b|\bby when\b")
# "for which period", "giai đoạn nào": a span of years ("giai đoạn 2021 - 2030")
_ASKS_PERIOD = re.compile(r"\b(?:giai doan|thoi ky) nao\b|\b(?:which|what) (?:period|years)\b|\bwhat years?\b")
_ASKS_TIME = re.compile(
    r"\bkhi nao\b|\bbao gio\b|\bluc nao\b|\bngay nao\b|\bthang nao\b|\bquy nao\b|\bbao lau\b|"
    r"\bthoi gian nao\b|\bthoi gian (?:thuc hien|kiem tra|trien khai|to chuc|dien ra)\b|\bthoi han\b|\bhan chot\b|"
    r"\btu (?:ngay|thang) nao\b|\bden (?:ngay|thang) nao\b|\bbat dau\b|\bket thuc\b|"
    r"\bwhen\b|\bhow long\b|\bwhat (?:date|day|month|period|time)\b|\bwhich (?:date|day|month|period)\b|"
    r"\bdeadline\b|\bby what date\b|\bdue\b|\bhow often\b|\bstart|\bend date\b|\bduration\b")
# "how long does each inspection take", "trong bao lâu": a length of time ("02 ngày làm việc/01 đơn vị")
_ASKS_DURATION = re.compile(r"\bbao lau\b|\bhow long\b|\bduration\b|\bhow many (?:days|weeks|months)\b|"
                            r"\bmay (?:ngay|tuan|thang)\b|\bbao nhieu (?:ngay|tuan|thang)\b")
# "before which day", "what date": a day of a month, not "by 2030" nor "every six months"
_ASKS_DAY = re.compile(r"\bngay (?:nao|may|bao nhieu)\b|\b(?:what|which) (?:date|day)\b|\bby what date\b|"
                       r"\bon what date\b")
# "which body leads / is the focal point": a plan names one body to lead its work and others to assist it
_ASKS_LEAD = re.compile(
    r"\bchu tri\b|\bdau moi\b|\b(?:co quan|don vi) thuong truc\b|\bchiu trach nhiem chinh\b|"
    r"\bleads?\b|\bleading\b|\bfocal point\b|\bin charge\b|\bpresides?\b|\bmain responsibility\b|"
    r"\bstanding (?:body|agency|office)\b")

# ---- the clause side (original text) ----------------------------------------------------------------------------
# A cited document ("Chỉ thị số 20-CT/TW ngày 05/11/2012 của Bộ Chính trị") carries its own number and date, which
# state neither a figure nor a time of the plan; a question about that document asks through its reference instead.
_CITED = re.compile(
    r"\b(?:quyết định|chỉ thị|nghị quyết|kế hoạch|công văn|thông tư|kết luận|luật|nghị định|văn bản|thông báo|"
    r"hướng dẫn|đề án|chương trình)\s+(?:số\s+)?\S*\d\S*"
    r"(?:\s+ngày\s+\d{1,2}(?:[/.-]\d{1,2}[/.-]\d{2,4}|\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?",
    re.IGNORECASE)
# Numbers that are not figures: dates, years, item markers, ordinals, numbered parts.
_NOT_FIGURES = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}/\d{1,2}\b|\b\d{1,2}/\d{4}\b|\b(?:19|20)\d\d\b|"
    r"^\W*(?:\d+(?:\.\d+)*|[a-zđ]|[ivxlc]+)[.)]\s|\((?:\d+|[a-zđ])\)|"
    r"\b(?:lần thứ|khóa|khoá|thứ|số|điều|khoản|điểm|mục|phần|chương|phụ lục|giai đoạn|quý|tháng|ngày|năm)\s+[\divxlc]+\b|"
    r"\b(?:chỉ tiêu|nhiệm vụ|nội dung|tiêu chí)\s+\d+\b",
    re.IGNORECASE)
# A document's number met without its type word (a clause cut inside "Luật Trẻ em số 102/2016/QH13").
_DOC_NUMBER = re.compile(r"\b\d+(?:/\d{4})?/[A-ZĐ][\w/-]*|\b\d+-[A-ZĐ]+/[A-ZĐ][\w/-]*")
_FIGURE = re.compile(r"\d|\bphần trăm\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A body given the lead ("Chủ trì, phối hợp với…", "Là cơ quan đầu mối", "Giao Sở Y tế chủ trì"), not one told to
# assist the lead ("Phối hợp với Sở Y tế (cơ quan chủ trì)…", "đơn vị phối hợp"): the lead word comes first.
_LEAD = re.compile(r"\bchủ trì\b|\bđầu mối\b|\b(?:cơ quan|đơn vị) thường trực\b|\bthường trực (?:của )?ban chỉ đạo\b|"
                   r"\bchịu trách nhiệm chính\b", re.IGNORECASE)
_DAY = re.compile(r"\b\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?\b|\bngày\s+\d{1,2}\b|\b\d{1,2}\s+tháng\s+\d{1,2}\b",
                  re.IGNORECASE)
_ITEM_MARKER = re.compile(r"^\W*\d+(?:\.\d+)+\.?\s")
# a number of days, weeks or months, not a date written in words ("ngày 10 tháng 3 năm 2026")
_DURATION = re.compile(r"(?<!ngày )(?<!tháng )\b\d+\s+(?:ngày|tuần|tháng|năm)\b(?!\s+\d)", re.IGNORECASE)
_ASSISTS = re.compile(r"\bphối hợp\b", re.IGNORECASE)
_PERIOD = re.compile(r"\b(?:giai đoạn|thời kỳ)\s+(?:từ\s+(?:năm\s+)?)?(?:19|20)\d\d\s*(?:[-–—]|đến)\s*(?:năm\s+)?(?:19|20)\d\d\b",
                     re.IGNORECASE)
_TIME = re.compile(
    r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}/\d{1,2}\b|\b\d{1,2}/\d{4}\b|\bngày\s+\d{1,2}\b|\btháng\s+\d{1,2}\b|"
    r"\bquý\s+(?:[ivx]+|\d)\b|\b\d+\s+(?:ngày|tuần|tháng|năm)\b|"
    r"\b(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần|ngày)\b|\bđịnh kỳ\b|\bthời gian\b[^.;:]{0,40}:|\bthời hạn\b|"
    r"\b(?:trước|từ|đến|chậm nhất|trong)\s+(?:ngày|tháng|quý|năm)\b",
    re.IGNORECASE)


def asked(folded_question: str) -> frozenset[str]:
    """The statement types a question asks for: "figure", "year", "period" (a span of years), "day" (a day of a
    month), "duration" (a length of time), "time" (a date, duration or schedule), "lead" (the body leading a task)."""
    kinds = set()
    if _ASKS_LEAD.search(folded_question):
        kinds.add("lead")
    if _ASKS_FIGURE.search(folded_question):
        kinds.add("figure")
    if _ASKS_YEAR.search(folded_question):
        kinds.add("year")
    elif _ASKS_PERIOD.search(folded_question):
        kinds.add("period")
    elif _ASKS_DURATION.search(folded_question):
        kinds.add("duration")
    elif _ASKS_DAY.search(folded_question):
        kinds.add("day")
    elif _ASKS_TIME.search(folded_question):
        kinds.add("time")
    return frozenset(kinds)


def stated(text: str, cited: bool = False) -> frozenset[str]:
    """The statement types a clause makes: a figure (a quantity that is not a date, year or item marker), a year,
    a time (a date, month, quarter, duration or schedule), a day (of a month), a duration and a lead (a body given the lead, not told to assist). What its cited documents carry is left out unless
    `cited` (the question asks about a cited document)."""
    own = text if cited else _DOC_NUMBER.sub(" ", _CITED.sub(" ", text))
    kinds = set()
    if _TIME.search(own):
        kinds.add("time")
    if _DAY.search(_ITEM_MARKER.sub("", own)):  # "3.3. Thời gian kiểm tra" is no 3 March
        kinds.add("day")
    if _DURATION.search(own):
        kinds.add("duration")
    # "which year" is answered by a year, not by "hằng năm", nor by the plan's period that most clauses restate
    if _YEAR.search(_PERIOD.sub(" ", own)):
        kinds.add("year")
    if _PERIOD.search(text):
        kinds.add("period")
    if _FIGURE.search(_NOT_FIGURES.sub(" ", own)):
        kinds.add("figure")
    lead, assists = _LEAD.search(text), _ASSISTS.search(text)
    if lead and (assists is None or lead.start() < assists.start()):
        kinds.add("lead")
    return frozenset(kinds)


_SHARE = re.compile(r"\d[\d.,]*\s*(?:%|‰|phần trăm)", re.IGNORECASE)


def states_count(text: str) -> bool:
    """Whether a clause states a count or amount ("1.000 thuê bao", "10 - 12 triệu lượt"), not only shares
    ("100% số người"): "how many people" is not answered by a percentage."""
    return bool(_FIGURE.search(_SHARE.sub(" ", _NOT_FIGURES.sub(" ", _CITED.sub(" ", text)))))


__all__ = ["asked", "stated", "states_count"]
