"""The FastAPI application over one index directory (served by uvicorn through `planqa serve`)."""

from __future__ import annotations

import hmac
import os
from pathlib import Path

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, Response, UploadFile
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from indexer import load_embedder, read_manifest
from indexer.embedding import Embedder
from indexer.library import MAX_BYTES, Commit, Library, UploadRejected
from indexer.records import PlanFacts

from . import admission, caching, chat, cors, openapi, operations, paging, web
from .live import Engine, LiveIndex
from .openapi import INDEX_HEADER, refusals
from .qdrant_search import QdrantUnavailable
from .retrieval import citation
from .schemas import (DOC_ID, AskRequest, AskResponse, DocumentDetail, DocumentSummary, Health, IndexedPlan,
                      IndexInfo, IndicatorTable, SearchRequest, SearchResponse, SearchResult, WriteResponse)

DocIdPath = PathParam(description="the plan's id (its file name without suffix; GET /documents lists them)",
                      examples=[DOC_ID])


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def _max_upload_bytes() -> int:
    try:
        return int(float(os.environ["PLANQA_MAX_UPLOAD_MB"]) * 1024 * 1024)
    except (KeyError, ValueError):
        return MAX_BYTES


def create_app(index_dir: Path, embedder: Embedder | None = None, fusion: str = "rrf",
               corpus_dirs: list[Path] | None = None, api_key: str | None = None,
               cors_origins: str | list[str] | None = None) -> FastAPI:
    """Load the index now, so a missing or mismatched index stops the service before it listens.
    `corpus_dirs`: where added plans are stored (default: the folders the index was built from). `api_key`
    (default `PLANQA_API_KEY`): the bearer token of the write endpoints, which are off without one.
    `cors_origins` (default `PLANQA_CORS_ORIGINS`): browser origins allowed to call the API (service/cors.py)."""
    manifest = read_manifest(index_dir)
    embedder = operations.timed(embedder or load_embedder(manifest["model"]))  # embed_query time in /metrics
    api_key = api_key if api_key is not None else os.environ.get("PLANQA_API_KEY") or None
    corpus_dirs = corpus_dirs or [Path(d) for d in manifest.get("corpus_dirs", [])]
    library = Library(corpus_dirs, index_dir, embedder, max_bytes=_max_upload_bytes()) if corpus_dirs else None
    live = LiveIndex(index_dir, embedder, fusion, library)

    app = FastAPI(title="planqa", version="0.1.0",
                  description="Semantic search and cited answers over Vietnamese government plans (kế hoạch).",
                  docs_url=None, redoc_url=None)  # served offline by service.web instead (no CDN)
    app.state.live = live
    cors.install(app, cors.origins(cors_origins), exposed=[INDEX_HEADER, operations.REQUEST_ID_HEADER,
                                                           paging.TOTAL_HEADER, caching.CACHE_HEADER, "Retry-After"])
    app.include_router(chat.router)  # OpenAI-compatible /v1 for chatbot front-ends
    web.install(app)

    openapi.install(app)  # the refusals' real bodies, not FastAPI's default 422
    operations.install(app, live)  # request ids, catch-all 500, /metrics, /livez, /readyz (after CORS)
    caching.install(app, live)  # repeated /ask and /search answered from memory (outside the gate: no slot)
    admission.install(app)  # back-pressure and time limits of the work endpoints, innermost

    def engine(response: Response) -> Engine:
        current = live.current()
        response.headers[INDEX_HEADER] = current.generation
        return current

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")} for e in exc.errors()]
        return JSONResponse(status_code=422, content={"detail": _validation_message(exc), "errors": errors})

    @app.exception_handler(UploadRejected)
    async def _rejected(request: Request, exc: UploadRejected) -> JSONResponse:
        return JSONResponse(status_code=exc.status, content={"detail": str(exc)})

    @app.exception_handler(QdrantUnavailable)
    async def _search_backend_down(request: Request, exc: QdrantUnavailable) -> JSONResponse:
        # the search cluster, not this request, is at fault: a client may try again
        return JSONResponse(status_code=503, content={"detail": str(exc)}, headers={"Retry-After": "5"})

    def _document(e: Engine, doc_id: str) -> dict:
        if doc_id not in e.retriever.documents:
            raise HTTPException(404, f"unknown doc_id {doc_id!r}; GET /documents lists the plans")
        return e.retriever.documents[doc_id]

    @app.get("/health", response_model=Health, responses=refusals(), summary="Is the service up, on which index",
             description="Counts of the index served and its generation (also in every response's "
                         "X-Planqa-Index header).")
    def health(e: Engine = Depends(engine)) -> Health:
        return Health(status="ok", documents=len(e.stored.documents), passages=len(e.stored.clauses),
                      model=e.stored.manifest["model"], generation=e.generation)

    @app.post("/search", response_model=SearchResponse, responses=refusals(400, 404, 422),
              summary="Search the plans' passages",
              description="Hybrid search (BM25 and dense embeddings, fused, re-ranked) over every clause of every "
                          "plan, in Vietnamese with or without diacritics or in English; each passage with its "
                          "citation.")
    def search(body: SearchRequest, e: Engine = Depends(engine)) -> SearchResponse:
        doc_ids = None
        if body.filters.doc_id:
            _document(e, body.filters.doc_id)
            doc_ids = [body.filters.doc_id]
        if body.filters.locality:
            places = e.retriever.doc_ids_for_place(body.filters.locality)
            if not places:
                raise HTTPException(404, f"no plan in the corpus for locality {body.filters.locality!r}")
            doc_ids = [d for d in places if doc_ids is None or d in doc_ids]
        hits = e.answerer.search(body.query, body.k, doc_ids, body.mode)
        return SearchResponse(results=[
            SearchResult(text=h.clause["text"], score=h.score,
                         citation=citation(h.clause, e.retriever.documents[h.clause["doc_id"]]))
            for h in hits
        ])

    @app.post("/ask", response_model=AskResponse, responses=refusals(400, 422), summary="Answer a question, cited",
              description="An answer composed from the plans' facts and passages, with citations; `found: false` "
                          "and what is missing when the plans do not say.")
    def ask(body: AskRequest, e: Engine = Depends(engine)) -> AskResponse:
        return e.answerer.ask(body.question)

    @app.get("/documents", response_model=list[DocumentSummary], responses=paging.documented(refusals(422)),
             summary="The plans",
             description="The indexed plans with their metadata (số hiệu, issuer, place, level, date, legal basis, "
                         "signer), a page at a time (`limit`, `offset`); the total in X-Total-Count.")
    def documents(response: Response, page: paging.Page = Depends(paging.page),
                  e: Engine = Depends(engine)) -> list[DocumentSummary]:
        docs = e.retriever.documents
        return [DocumentSummary(**d) for d in page.of(docs.values(), len(docs), response)]

    @app.get("/documents/{doc_id}", response_model=DocumentDetail, responses=refusals(404, e404="an unknown doc_id"),
             summary="One plan: metadata, text and facts",
             description="A plan's metadata, its text as indexed, its numbered indicators with their targets, "
                         "the indicators assigned to each agency, and its deadlines.")
    def document(doc_id: str = DocIdPath, e: Engine = Depends(engine)) -> DocumentDetail:
        doc = _document(e, doc_id)
        facts = e.stored.facts.get(doc_id) or PlanFacts(doc_id)
        return DocumentDetail(**doc, text=e.stored.text_of(doc_id) or "",
                              indicators=[i.to_dict() for i in facts.indicators],
                              assignments=[a.to_dict() for a in facts.assignments],
                              deadlines=[d.to_dict() for d in facts.deadlines])

    @app.get("/indicators", response_model=IndicatorTable,
             responses=paging.documented(refusals(404, 422, e404="no plan for the locality")),
             summary="Indicators across plans, with the agencies assigned",
             description="Numbered indicators (chỉ tiêu) with their targets and the agencies assigned them, of "
                         "every plan or of one place's plans; `number` to compare one indicator across plans. A page "
                         "at a time (`limit`, `offset`); the total in X-Total-Count.")
    def indicators(response: Response,
                   locality: str | None = Query(None, description="only the plans of this commune, district or "
                                                "province, with or without diacritics", examples=["Hải Dương"]),
                   number: int | None = Query(None, ge=1, description="only this indicator number", examples=[14]),
                   page: paging.Page = Depends(paging.page), e: Engine = Depends(engine)) -> IndicatorTable:
        doc_ids = list(e.retriever.documents)
        if locality:
            doc_ids = e.retriever.doc_ids_for_place(locality)
            if not doc_ids:
                raise HTTPException(404, f"no plan in the corpus for locality {locality!r}")
        rows = e.answerer.indicator_table(doc_ids, number)
        return IndicatorTable(indicators=page.of(rows, len(rows), response))

    # ---- writes: a living corpus ------------------------------------------------------------------------------

    def writer(request: Request) -> Library:
        if not api_key:
            raise HTTPException(403, "write endpoints are off: start the server with PLANQA_API_KEY set to enable "
                                     "them")
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), api_key.encode()):
            raise HTTPException(401, "send the API key as 'Authorization: Bearer <key>'",
                                headers={"WWW-Authenticate": "Bearer"})
        if library is None:
            raise HTTPException(409, "this index records no corpus folder to store plans in: rebuild it with "
                                     "`planqa index` or serve with --corpus")
        return library

    async def _read(upload: UploadFile) -> tuple[str, bytes]:
        data = await upload.read(library.max_bytes + 1)
        if len(data) > library.max_bytes:
            raise UploadRejected(413, f"{upload.filename!r} is larger than the limit of "
                                      f"{library.max_bytes / 1e6:.1f} MB (PLANQA_MAX_UPLOAD_MB)")
        return upload.filename or "", data

    def _written(commit: Commit, e: Engine, response: Response) -> WriteResponse:
        response.headers[INDEX_HEADER] = e.generation
        plans = []
        for change in commit.changes:
            doc = e.retriever.documents.get(change.doc_id, {}) if change.status != "removed" else {}
            facts = e.stored.facts.get(change.doc_id)
            plans.append(IndexedPlan(
                doc_id=change.doc_id, source=change.source, status=change.status,
                **{k: doc.get(k) for k in ("title", "number", "issuer", "locality", "province", "level", "date")},
                clauses=len(e.retriever.plan_rows.get(change.doc_id, ())) if doc else 0,
                indicators=len(facts.indicators) if facts and doc else 0,
                warnings=doc.get("warnings", change.warnings) if doc else []))
        m = commit.manifest
        return WriteResponse(documents=plans, skipped=m.get("skipped", {}), index=IndexInfo(
            generation=e.generation, documents=len(e.stored.documents), passages=len(e.stored.clauses),
            build_seconds=m.get("build_seconds", 0.0), embedded=m.get("changes", {}).get("embedded", 0)))

    @app.post("/documents", response_model=WriteResponse, status_code=201,
              responses=refusals(400, 401, 403, 409, 413, 415, 422, ok=201,
                                 e422="the request does not fit this schema, or a file cannot be read (not UTF-8, "
                                      "a scan without a text layer, a damaged file)"),
              summary="Add plans (API key)")
    async def add_documents(response: Response,
                            files: list[UploadFile] = File(..., description="plan files: .txt, .md, .docx, .pdf "
                                                                            "(with a text layer) or .html"),
                            lib: Library = Depends(writer)) -> WriteResponse:
        """Add plans (.txt, .md, .docx, .pdf, .html); the same file sent again is the same plan."""
        uploads = [await _read(f) for f in files]
        commit, e = await _in_thread(live.write, lambda lib_: lib_.add(uploads))
        return _written(commit, e, response)

    @app.put("/documents/{doc_id}", response_model=WriteResponse,
             responses=refusals(400, 401, 403, 404, 409, 413, 415, 422,
                                e404="an unknown doc_id",
                                e422="the request does not fit this schema, or the file cannot be read"),
             summary="Replace a plan's file (API key)")
    async def replace_document(response: Response, doc_id: str = DocIdPath,
                               file: UploadFile = File(..., description="the plan's new file"),
                               lib: Library = Depends(writer)) -> WriteResponse:
        """Replace a plan's file; its doc_id stays."""
        name, data = await _read(file)
        commit, e = await _in_thread(live.write, lambda lib_: lib_.replace(doc_id, name, data))
        return _written(commit, e, response)

    @app.delete("/documents/{doc_id}", response_model=WriteResponse,
                responses=refusals(401, 403, 404, 409, e404="an unknown doc_id"),
                summary="Remove a plan (API key)",
                description="Out of the index; its file is kept in the corpus folder's .planqa-removed/.")
    async def remove_document(response: Response, doc_id: str = DocIdPath,
                              lib: Library = Depends(writer)) -> WriteResponse:
        commit, e = await _in_thread(live.write, lambda lib_: lib_.remove(doc_id))
        return _written(commit, e, response)

    return app


async def _in_thread(func, *args):
    """Indexing is CPU work: off the event loop, so queries go on while a plan is added."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(func, *args)
