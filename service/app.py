"""The FastAPI application over one index directory (served by uvicorn through `planqa serve`)."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from indexer import load_embedder, load_index, read_manifest
from indexer.embedding import Embedder
from indexer.records import PlanFacts

from .answering import Answerer
from .retrieval import Retriever, citation
from .schemas import (AskRequest, AskResponse, DocumentDetail, DocumentSummary, Health, SearchRequest,
                      SearchResponse, SearchResult)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def create_app(index_dir: Path, embedder: Embedder | None = None, fusion: str = "rrf") -> FastAPI:
    """Load the index now, so a missing or mismatched index stops the service before it listens."""
    manifest = read_manifest(index_dir)
    embedder = embedder or load_embedder(manifest["model"])
    stored = load_index(index_dir, model_id=embedder.model_id)
    retriever = Retriever(stored, embedder, fusion=fusion)
    answerer = Answerer(retriever, stored.facts)

    app = FastAPI(title="planqa", version="0.1.0",
                  description="Semantic search and cited answers over Vietnamese government plans (kế hoạch).")
    app.state.retriever = retriever
    app.state.answerer = answerer

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": _validation_message(exc), "errors": errors})

    def _document(doc_id: str) -> dict:
        if doc_id not in retriever.documents:
            raise HTTPException(404, f"unknown doc_id {doc_id!r}; GET /documents lists the plans")
        return retriever.documents[doc_id]

    @app.get("/health", response_model=Health)
    def health() -> Health:
        return Health(status="ok", documents=len(stored.documents), passages=len(stored.clauses),
                      model=stored.manifest["model"])

    @app.post("/search", response_model=SearchResponse)
    def search(body: SearchRequest) -> SearchResponse:
        doc_ids = None
        if body.filters.doc_id:
            _document(body.filters.doc_id)
            doc_ids = [body.filters.doc_id]
        if body.filters.locality:
            places = retriever.doc_ids_for_place(body.filters.locality)
            if not places:
                raise HTTPException(404, f"no plan in the corpus for locality {body.filters.locality!r}")
            doc_ids = [d for d in places if doc_ids is None or d in doc_ids]
        hits = answerer.search(body.query, body.k, doc_ids, body.mode)
        return SearchResponse(results=[
            SearchResult(text=h.clause["text"], score=h.score,
                         citation=citation(h.clause, retriever.documents[h.clause["doc_id"]]))
            for h in hits
        ])

    @app.post("/ask", response_model=AskResponse)
    def ask(body: AskRequest) -> AskResponse:
        return answerer.ask(body.question)

    @app.get("/documents", response_model=list[DocumentSummary])
    def documents() -> list[DocumentSummary]:
        return [DocumentSummary(**d) for d in retriever.documents.values()]

    @app.get("/documents/{doc_id}", response_model=DocumentDetail)
    def document(doc_id: str) -> DocumentDetail:
        doc = _document(doc_id)
        facts = stored.facts.get(doc_id) or PlanFacts(doc_id)
        return DocumentDetail(**doc, indicators=[i.to_dict() for i in facts.indicators],
                              assignments=[a.to_dict() for a in facts.assignments],
                              deadlines=[d.to_dict() for d in facts.deadlines])

    @app.get("/indicators")
    def indicators(locality: str | None = Query(None), number: int | None = Query(None, ge=1)) -> dict:
        doc_ids = list(retriever.documents)
        if locality:
            doc_ids = retriever.doc_ids_for_place(locality)
            if not doc_ids:
                raise HTTPException(404, f"no plan in the corpus for locality {locality!r}")
        return {"indicators": answerer.indicator_table(doc_ids, number)}

    return app
