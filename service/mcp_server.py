"""planqa as an MCP server (`planqa mcp`): the search, answers, plans and indicators of the HTTP API as tools a
chatbot front-end (Claude Desktop, an IDE, any MCP client) calls directly, over stdio or streamable HTTP.

Named `mcp_server`, not `mcp`, so that `import mcp` keeps meaning the SDK wherever this package is on the path.
Built with the official SDK's v2 API (`MCPServer`). Each tool answers from `LiveIndex.current()`, the object the
HTTP app uses, so a plan added by `planqa add` in another process is served here as soon as the index link moves.
Tools are plain functions: the SDK runs them on a worker thread, which keeps retrieval and answering (CPU work)
off the event loop. A result carries text a model reads (answers with numbered citations) and, alongside, the
structured content of the HTTP API's own pydantic models.
"""

# No `from __future__ import annotations`: the SDK reads the tools' annotations (argument descriptions and output
# models) at registration, and the tools are closures over the live index.

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field

from indexer import load_embedder, read_manifest
from indexer.embedding import Embedder
from indexer.records import PlanFacts

from .live import Engine, LiveIndex
from .retrieval import citation, place_key
from .rewriting import is_english
from .schemas import MAX_QUERY_CHARS, AskResponse, Citation, DocumentSummary, SearchResponse, SearchResult

INSTRUCTIONS = (
    "planqa answers questions about Vietnamese government plans (kế hoạch) with cited passages. Use `ask` for a "
    "question in Vietnamese or English and quote its numbered citations; `search` for passages; `list_plans`, "
    "`get_plan` and `get_indicators` for a plan's metadata, its numbered indicators (chỉ tiêu), targets and the "
    "agencies assigned. An answer with found=false means the plans do not say: report that, do not guess."
)
READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False)

# English names of the administrative levels, for the level filter; the index keeps the plans' own words.
LEVELS = {"province": "tỉnh", "city": "thành phố", "district": "huyện", "town": "thị xã", "commune": "xã",
          "ward": "phường", "township": "thị trấn"}


class PlanList(BaseModel):
    plans: list[DocumentSummary]


class IndicatorTable(BaseModel):
    indicators: list[dict] = Field(description="numbered indicators (chỉ tiêu) with their targets, the plan's "
                                               "doc_id and locality, and the agencies assigned to each")


class PlanDetail(DocumentSummary):
    """A plan's metadata and the size of what the index holds of it (its full text is left to `search`)."""

    indicators: int = Field(0, description="numbered indicators (chỉ tiêu) the plan sets")
    assignments: int = Field(0, description="agency assignments read from its organisation section")
    deadlines: int = Field(0, description="dated deadlines and reports")


# ---- text a model reads -------------------------------------------------------------------------------------

def _plan_name(c: Citation | dict) -> str:
    c = c if isinstance(c, dict) else c.model_dump()
    name = f"Kế hoạch {c['number']}" if c.get("number") else (c.get("title") or c["doc_id"])
    return f"{name} ({c['locality']})" if c.get("locality") else name


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _citation_line(i: int, c: Citation) -> str:
    line = f"[{i}] {_plan_name(c)} — {c.section or '(đầu văn bản)'} — {c.source}:{c.start}-{c.end}"
    return line + (f"\n    “{_short(c.quote)}”" if c.quote else "")


def ask_text(question: str, answer: AskResponse) -> str:
    en = is_english(question)
    lines = [answer.answer.strip()]
    if not answer.found:
        lines.append("(Not found in the plans.)" if en else "(Các kế hoạch không nêu điều này.)")
    if answer.citations:
        lines += ["", "Citations:" if en else "Trích dẫn:"]
        lines += [_citation_line(i, c) for i, c in enumerate(answer.citations, 1)]
    return "\n".join(lines)


def search_text(query: str, response: SearchResponse) -> str:
    if not response.results:
        return "No passage found." if is_english(query) else "Không tìm thấy đoạn nào."
    return "\n".join(
        f"[{i}] {_short(r.text, 500)}\n    {_plan_name(r.citation)} — {r.citation.section or '(đầu văn bản)'} — "
        f"{r.citation.source}:{r.citation.start}-{r.citation.end} (score {r.score:.3f})"
        for i, r in enumerate(response.results, 1))


def plan_text(p: DocumentSummary) -> str:
    fields = [("doc_id", p.doc_id), ("Số hiệu", p.number or "(không số)"), ("Trích yếu", p.title),
              ("Cơ quan ban hành", p.issuer), ("Cấp", p.level), ("Địa phương", p.locality), ("Huyện", p.district),
              ("Tỉnh", p.province), ("Ngày", p.date), ("Người ký", p.signer), ("Chức vụ", p.signer_role),
              ("Tệp", p.source)]
    lines = [f"{k}: {v}" for k, v in fields if v]
    if p.legal_basis:
        lines.append("Căn cứ: " + "; ".join(f"{r.type} {r.number}" for r in p.legal_basis))
    if isinstance(p, PlanDetail):
        lines.append(f"Chỉ tiêu: {p.indicators}; phân công: {p.assignments}; thời hạn: {p.deadlines}")
    if p.warnings:
        lines.append("Cảnh báo: " + "; ".join(p.warnings))
    return "\n".join(lines)


def plans_text(plans: list[DocumentSummary]) -> str:
    if not plans:
        return "Không có kế hoạch nào khớp bộ lọc (no plan matches the filters)."
    return "\n".join(f"- {p.doc_id}: {p.number or '(không số)'} — {p.issuer or '?'} — {p.date or '?'} — "
                     f"{_short(p.title or '', 160)}" for p in plans)


def indicators_text(rows: list[dict]) -> str:
    if not rows:
        return "Không có chỉ tiêu nào (no numbered indicator)."
    return "\n".join(f"- Chỉ tiêu {r['number']} ({r.get('locality') or r['doc_id']}): {_short(r['text'], 400)}"
                     + (f"\n    Cơ quan được giao: {', '.join(r['agencies'])}" if r.get("agencies") else "")
                     for r in rows)


def _result(text: str, model: BaseModel) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)],
                          structured_content=model.model_dump(mode="json"))


# ---- the tools ---------------------------------------------------------------------------------------------

def _document(e: Engine, doc_id: str) -> dict:
    if doc_id not in e.retriever.documents:
        raise ToolError(f"unknown doc_id {doc_id!r}: the list_plans tool gives the doc_id of every plan")
    return e.retriever.documents[doc_id]


def _place(e: Engine, locality: str) -> list[str]:
    doc_ids = e.retriever.doc_ids_for_place(locality)
    if not doc_ids:
        raise ToolError(f"no plan in the corpus for locality {locality!r}: the list_plans tool lists the plans "
                        f"with their localities")
    return doc_ids


def _not_blank(name: str, value: str) -> str:
    if not value.strip():
        raise ToolError(f"{name} must not be blank")
    return value


Query = Annotated[str, Field(min_length=1, max_length=MAX_QUERY_CHARS,
                             description="What to look for, in Vietnamese or English, with or without diacritics, "
                                         "e.g. 'chỉ tiêu 14 Hải Dương'")]
Question = Annotated[str, Field(min_length=1, max_length=MAX_QUERY_CHARS,
                                description="A question in Vietnamese or English, e.g. 'Cơ quan nào phụ trách chỉ "
                                            "tiêu 14 của Hải Dương?' or 'which agency handles indicator 14 in "
                                            "Ninh Bình'")]
DocId = Annotated[str, Field(min_length=1, description="A plan's doc_id, as list_plans gives it")]
Locality = Annotated[str | None, Field(description="Only plans of this locality, district or province (with or "
                                                   "without diacritics), e.g. 'Hải Dương' or 'ha tinh'")]


def build_server(live: LiveIndex) -> MCPServer:
    """The MCP server over one live index (also mountable in an ASGI app: `build_server(live).streamable_http_app()`)."""
    server = MCPServer("planqa", title="planqa — kế hoạch (Vietnamese government plans)", version="0.1.0",
                       instructions=INSTRUCTIONS)

    @server.tool(annotations=READ_ONLY)
    def ask(question: Question) -> Annotated[CallToolResult, AskResponse]:
        """Answer a question about the plans with numbered citations (plan, section, character offsets). found is
        false when the plans do not say, with the nearest evidence from the plan asked about."""
        answer = live.current().answerer.ask(_not_blank("question", question))
        return _result(ask_text(question, answer), answer)

    @server.tool(annotations=READ_ONLY)
    def search(query: Query,
               k: Annotated[int, Field(ge=1, le=50, description="How many passages (1-50)")] = 10,
               locality: Locality = None,
               doc_id: Annotated[str | None, Field(description="Only this plan (its doc_id from list_plans)")] = None,
               mode: Annotated[Literal["hybrid", "bm25", "dense"],
                               Field(description="Retrieval: hybrid (default), bm25 (words) or dense (meaning)")]
               = "hybrid") -> Annotated[CallToolResult, SearchResponse]:
        """Hybrid search over the plans' passages; each result is a passage with its citation."""
        e = live.current()
        doc_ids = None
        if doc_id:
            _document(e, doc_id)
            doc_ids = [doc_id]
        if locality:
            doc_ids = [d for d in _place(e, locality) if doc_ids is None or d in doc_ids]
        hits = e.answerer.search(_not_blank("query", query), k, doc_ids, mode)
        response = SearchResponse(results=[
            SearchResult(text=h.clause["text"], score=h.score,
                         citation=citation(h.clause, e.retriever.documents[h.clause["doc_id"]]))
            for h in hits])
        return _result(search_text(query, response), response)

    @server.tool(annotations=READ_ONLY)
    def list_plans(province: Annotated[str | None, Field(description="Only plans of this province, or about a "
                                                                     "place in it (with or without diacritics)")]
                   = None,
                   level: Annotated[str | None, Field(description="Only plans of this level: tỉnh (province), "
                                                                  "huyện (district), xã (commune), …")] = None,
                   year: Annotated[int | None, Field(ge=1945, le=2100, description="Only plans dated this year")]
                   = None) -> Annotated[CallToolResult, PlanList]:
        """The plans in the index with their metadata (doc_id, số hiệu, title, issuer, level, places, date)."""
        e = live.current()
        docs = list(e.retriever.documents.values())
        if province:
            inside = set(e.retriever.doc_ids_for_place(province))
            docs = [d for d in docs if d["doc_id"] in inside]
        if level:
            wanted = place_key(LEVELS.get(level.strip().lower(), level))
            docs = [d for d in docs if d.get("level") and place_key(d["level"]) == wanted]
        if year:
            docs = [d for d in docs if (d.get("date") or "").startswith(str(year))]
        plans = PlanList(plans=[DocumentSummary(**d) for d in docs])
        return _result(plans_text(plans.plans), plans)

    @server.tool(annotations=READ_ONLY)
    def get_plan(doc_id: DocId) -> Annotated[CallToolResult, PlanDetail]:
        """One plan's metadata: số hiệu (number), title, issuer, level, locality, date, signer, legal basis, and how
        many indicators, assignments and deadlines it sets."""
        e = live.current()
        doc = _document(e, doc_id)
        facts = e.stored.facts.get(doc_id) or PlanFacts(doc_id)
        plan = PlanDetail(**doc, indicators=len(facts.indicators), assignments=len(facts.assignments),
                          deadlines=len(facts.deadlines))
        return _result(plan_text(plan), plan)

    @server.tool(annotations=READ_ONLY)
    def get_indicators(doc_id: Annotated[str | None, Field(description="Only this plan (its doc_id)")] = None,
                       locality: Locality = None,
                       number: Annotated[int | None, Field(ge=1, description="Only the indicator with this "
                                                                             "number (chỉ tiêu N)")] = None
                       ) -> Annotated[CallToolResult, IndicatorTable]:
        """A plan's numbered indicators (chỉ tiêu) with their targets and the agencies assigned to each; by doc_id or
        locality (all plans when neither is given), optionally one indicator number."""
        e = live.current()
        doc_ids = list(e.retriever.documents)
        if doc_id:
            _document(e, doc_id)
            doc_ids = [doc_id]
        if locality:
            doc_ids = [d for d in _place(e, locality) if d in doc_ids]
        table = IndicatorTable(indicators=e.answerer.indicator_table(doc_ids, number))
        return _result(indicators_text(table.indicators), table)

    return server


def create_server(index_dir: Path, embedder: Embedder | None = None, fusion: str = "rrf") -> MCPServer:
    """Load the index now, so a missing or mismatched one stops `planqa mcp` before a client connects."""
    manifest = read_manifest(index_dir)
    live = LiveIndex(index_dir, embedder or load_embedder(manifest["model"]), fusion, library=None)
    return build_server(live)


@contextmanager
def stdout_to_stderr() -> Iterator[None]:
    """Over stdio, stdout is the protocol's wire: while the index is brought up to date and loaded, whatever is
    printed (progress, reports, a library writing to fd 1 from C) goes to stderr instead."""
    sys.stdout.flush()
    wire = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(wire, 1)
        os.close(wire)


def run(server: MCPServer, transport: str = "stdio", host: str = "127.0.0.1", port: int = 8001) -> None:
    if transport == "stdio":
        server.run("stdio")  # the SDK points fd 1 at stderr while it serves: stray output misses the wire
    else:
        server.run("streamable-http", host=host, port=port)  # at http://HOST:PORT/mcp


__all__ = ["build_server", "create_server", "run", "stdout_to_stderr", "PlanList", "PlanDetail", "IndicatorTable"]
