"""Pydantic bodies of the HTTP API. Field names are a contract with chatbots and eval scripts: add, never rename."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

MAX_QUERY_CHARS = 1000


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


class Citation(BaseModel):
    doc_id: str
    title: str | None
    number: str | None = Field(description="số hiệu, e.g. 2716/KH-UBND; null when the plan leaves it blank")
    issuer: str | None
    locality: str | None
    date: str | None = Field(description="ISO date; YYYY-MM when the plan leaves the day blank")
    section: str = Field(description="heading path, e.g. 'IV. TỔ CHỨC THỰC HIỆN > 2. Sở Tư pháp'")
    source: str = Field(description="file name in the corpus")
    start: int = Field(description="character offset of the passage in the source file")
    end: int
    province: str | None = None
    quote: str | None = Field(None, description="the cited text")


class SearchFilters(BaseModel):
    doc_id: str | None = None
    locality: str | None = Field(None, description="a plan's locality, district or province, with or without diacritics")


class SearchRequest(BaseModel):
    query: str = Field(min_length=1, max_length=MAX_QUERY_CHARS)
    k: int = Field(10, ge=1, le=50)
    filters: SearchFilters = Field(default_factory=SearchFilters)
    mode: Literal["hybrid", "bm25", "dense"] = "hybrid"

    _check_query = field_validator("query")(_not_blank)


class SearchResult(BaseModel):
    text: str
    score: float
    citation: Citation


class SearchResponse(BaseModel):
    results: list[SearchResult]


class AskRequest(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUERY_CHARS)

    _check_question = field_validator("question")(_not_blank)


class PlanRef(BaseModel):
    doc_id: str
    number: str | None
    locality: str | None
    title: str | None


class AskResponse(BaseModel):
    answer: str
    found: bool
    citations: list[Citation]
    plans: list[PlanRef] = Field(default_factory=list, description="the plans the answer draws on")
    kind: str | None = Field(None, description="what the question was understood to ask")


class Health(BaseModel):
    status: Literal["ok"]
    documents: int
    passages: int
    model: str
    generation: str = Field("", description="the index generation served; it changes with every add/replace/remove")


class LegalReference(BaseModel):
    type: str
    number: str
    date: str | None
    issuer: str | None


class DocumentSummary(BaseModel):
    doc_id: str
    source: str
    title: str | None
    number: str | None
    issuer: str | None
    level: str | None
    locality: str | None
    district: str | None
    province: str | None
    province_from: str | None = Field(None, description='"text", or "gazetteer" when the plan names no province')
    date: str | None
    legal_basis: list[LegalReference]
    signer: str | None
    signer_role: str | None
    warnings: list[str] = Field(default_factory=list, description="fields that could not be read, e.g. no date")


class DocumentDetail(DocumentSummary):
    text: str
    indicators: list[dict] = Field(default_factory=list)
    assignments: list[dict] = Field(default_factory=list)
    deadlines: list[dict] = Field(default_factory=list)


class IndexedPlan(BaseModel):
    """A plan a write request touched, as the index now holds it."""

    doc_id: str
    source: str = Field(description="its file name in the corpus folder")
    status: Literal["added", "replaced", "unchanged", "removed"]
    title: str | None = None
    number: str | None = None
    issuer: str | None = None
    locality: str | None = None
    province: str | None = None
    level: str | None = None
    date: str | None = None
    clauses: int = 0
    indicators: int = 0
    warnings: list[str] = Field(default_factory=list)


class IndexInfo(BaseModel):
    generation: str
    documents: int
    passages: int
    build_seconds: float
    embedded: int = Field(description="clauses embedded by this change (the others were reused)")


class WriteResponse(BaseModel):
    documents: list[IndexedPlan]
    skipped: dict[str, str] = Field(default_factory=dict, description="corpus files not indexed, with the reason")
    index: IndexInfo
