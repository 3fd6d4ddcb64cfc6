"""The index directory: one home for its format, written durably and switched in one rename, read back with checks.

`index_dir` is a symbolic link to one immutable generation in `<index_dir>.d/`. A new index is written into a new
generation (every file fsynced, checksums in its manifest), then the link is replaced with `rename(2)`: a reader
resolves the link once and reads one whole generation, and a crash at any moment leaves the previous index served.
The previous generation is kept, so a reader that resolved the link just before a switch can finish.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sqlite3
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from . import lookups
from .corpus import sha256_of
from .ondisk import CLAUSES, PLANS, ClauseStore, FactStore, read_plan
from .lookups import ClauseLookups
from .records import PlanFacts

FORMAT_VERSION = 9
# Up to this many clauses the dense index is exact (flat); above it an inverted file of int8 vectors (IVF-SQ8):
# about a quarter of the memory and a search cost that grows with the probed lists, not the corpus.
FLAT_MAX = int(os.environ.get("PLANQA_FLAT_MAX", 100_000))
NPROBE = 24
MANIFEST = "manifest.json"
LOOKUPS = "lookups.json"  # indexer.lookups: what a question can name -> clause rows
KEEP_GENERATIONS = 2


class IndexError_(RuntimeError):
    """The index directory is missing or unusable; the message says what to run."""


@dataclass
class StoredIndex:
    manifest: dict
    documents: list[dict]  # metadata per plan (its text is on disk: text_of)
    clauses: ClauseStore  # row -> the clause's record, read from disk
    facts: Mapping[str, PlanFacts]  # doc_id -> the plan's extracted facts, typed (a FactStore when read from disk)
    dense: faiss.Index
    bm25: bm25s.BM25
    path: Path | None = None  # the generation it was read from
    vectors: np.ndarray | None = None  # every clause's unit vector, float32, memory-mapped (rows = clause ids)
    lookups: ClauseLookups | None = None  # what a question can name -> clause rows, built when it was written

    def text_of(self, doc_id: str) -> str | None:
        """A plan's full original text (kept on disk, not in memory: a corpus's texts are its bulk)."""
        if self.path is None or not (self.path / PLANS).is_file():
            return None
        return read_plan(self.path, "plan", doc_id)

    @property
    def generation(self) -> str:
        return self.manifest.get("generation", "")


def generations_dir(index_dir: Path) -> Path:
    return Path(index_dir).with_name(Path(index_dir).name + ".d")


def resolve(index_dir: Path) -> Path:
    """The generation `index_dir` points at now (an index written by an older planqa is a plain directory)."""
    return Path(os.path.realpath(index_dir))


@contextlib.contextmanager
def writer_lock(index_dir: Path):
    """One writer at a time per index, across processes (the server and `planqa add` may both write)."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    with open(index_dir.with_name(index_dir.name + ".lock"), "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fsync_dir(path: Path) -> None:
    """Make a rename or a new file in `path` durable (the directory entry, not only the file's bytes)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, obj, indent: int | None = 1) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=indent)


def write_index(index_dir: Path, manifest: dict, documents: list[dict], clauses: list[dict], facts: dict,
                vectors: np.ndarray, bm25: bm25s.BM25) -> dict:
    """Write a new generation and switch `index_dir` to it; returns its manifest as written."""
    index_dir = Path(index_dir)
    root = generations_dir(index_dir)
    root.mkdir(parents=True, exist_ok=True)
    name = time.strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    tmp = root / f".tmp-{name}"
    tmp.mkdir()
    try:
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        np.save(tmp / "vectors.npy", vectors)
        dense, settings = dense_index(vectors)
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        manifest = {**manifest, "dense_index": settings}
        bm25.save(str(tmp / "bm25"), show_progress=False)
        typed = {d: f if isinstance(f, PlanFacts) else PlanFacts.from_dict(f) for d, f in facts.items()}
        with contextlib.closing(sqlite3.connect(tmp / PLANS)) as db:
            db.execute("CREATE TABLE plan (doc_id TEXT PRIMARY KEY, plan TEXT NOT NULL)")
            db.executemany("INSERT INTO plan VALUES (?, ?)", ((d["doc_id"], d.get("text") or "") for d in documents))
            db.execute("CREATE TABLE facts (doc_id TEXT PRIMARY KEY, facts TEXT NOT NULL)")
            db.executemany("INSERT INTO facts VALUES (?, ?)",
                           ((d, json.dumps(f.to_dict(), ensure_ascii=False)) for d, f in typed.items()))
            db.commit()
        _write_json(tmp / "documents.json", [{k: v for k, v in d.items() if k != "text"} for d in documents])
        _write_json(tmp / LOOKUPS, lookups.build(documents, clauses, typed).to_dict(), indent=None)
        del typed
        with contextlib.closing(sqlite3.connect(tmp / CLAUSES)) as db:
            db.execute("CREATE TABLE clause (id INTEGER PRIMARY KEY, record TEXT NOT NULL, text TEXT NOT NULL)")
            db.executemany("INSERT INTO clause VALUES (?, ?, ?)",
                           ((i, json.dumps(c, ensure_ascii=False), c["text"]) for i, c in enumerate(clauses)))
            db.commit()
        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        for path in files:
            with open(path, "rb+") as f:
                os.fsync(f.fileno())
        manifest = {**manifest, "generation": name,
                    "files": {str(p.relative_to(tmp)): sha256_of(p) for p in files}}
        _write_json(tmp / MANIFEST, manifest)  # last: its presence marks a complete generation
        with open(tmp / MANIFEST, "rb+") as f:
            os.fsync(f.fileno())
        fsync_dir(tmp / "bm25")
        fsync_dir(tmp)
        os.rename(tmp, root / name)
        fsync_dir(root)
        _switch(index_dir, root / name)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(index_dir)
    return manifest


def dense_index(vectors: np.ndarray) -> tuple[faiss.Index, dict]:
    """The dense search structure for this many vectors, and its settings for the manifest."""
    n, dim = vectors.shape
    if n <= FLAT_MAX:
        index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return index, {"type": "flat", "metric": "inner_product"}
    # about sqrt(n) lists, trained on a sample: training on all of a million vectors would take minutes on 2 cores
    nlist = int(2 ** round(np.log2(np.sqrt(n))))
    index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(dim), dim, nlist, faiss.ScalarQuantizer.QT_8bit,
                                          faiss.METRIC_INNER_PRODUCT)
    sample = vectors[np.random.default_rng(0).choice(n, size=min(n, 40 * nlist), replace=False)]
    index.cp.niter = 10
    index.train(sample)
    index.add(vectors)
    index.nprobe = NPROBE
    return index, {"type": "ivf_sq8", "metric": "inner_product", "nlist": nlist, "nprobe": NPROBE,
                   "trained_on": int(len(sample))}


def _switch(index_dir: Path, generation: Path) -> None:
    link = index_dir.with_name(f".{index_dir.name}.link-{uuid.uuid4().hex[:8]}")
    os.symlink(os.path.relpath(generation, index_dir.parent), link)
    if index_dir.is_dir() and not index_dir.is_symlink():  # an index an older planqa wrote: moved aside once
        os.rename(index_dir, generations_dir(index_dir) / f"legacy-{uuid.uuid4().hex[:8]}")
    os.replace(link, index_dir)
    fsync_dir(index_dir.parent)


def _prune(index_dir: Path) -> None:
    """Drop all but the current and previous generations, and what an interrupted write left behind."""
    root = generations_dir(index_dir)
    current = resolve(index_dir)
    done = sorted((p for p in root.iterdir() if not p.name.startswith(".") and p != current),
                  key=lambda p: p.stat().st_mtime)
    for old in done[: max(0, len(done) - (KEEP_GENERATIONS - 1))]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob(".tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)
    for stale in index_dir.parent.glob(f".{index_dir.name}.link-*"):
        stale.unlink(missing_ok=True)


def read_manifest(index_dir: Path) -> dict:
    path = resolve(index_dir) / MANIFEST
    if not path.is_file():
        raise IndexError_(f"no index at {index_dir}: run `planqa index` first")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexError_(
            f"index at {index_dir} has format {manifest.get('format_version')}, this planqa reads format "
            f"{FORMAT_VERSION}: run `planqa index` to rebuild it"
        )
    return manifest


def verify(generation: Path, manifest: dict) -> None:
    """Every file the manifest lists is there with its checksum; a damaged index is refused, never half-read.
    Files are hashed in parallel (hashlib releases the GIL): a million clauses are ~4 GB, 2.5 s on one core."""
    files = manifest.get("files", {})

    def damage(name: str) -> str | None:
        path = generation / name
        if not path.is_file():
            return "is missing"
        return None if sha256_of(path) == files[name] else "does not match its checksum"

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        for name, what in zip(files, pool.map(damage, files)):
            if what:
                raise IndexError_(f"index at {generation} is damaged ({name} {what}): run `planqa index` to repair "
                                  f"it (it rebuilds what it cannot trust)")


def load_index(index_dir: Path, model_id: str | None = None, check: bool = True) -> StoredIndex:
    generation = resolve(index_dir)
    manifest = read_manifest(generation)
    if model_id and manifest["model"] != model_id:
        raise IndexError_(
            f"index at {index_dir} was built with {manifest['model']}, not {model_id}: run "
            f"`planqa index --model {model_id}` or serve with `--model {manifest['model']}`"
        )
    if check:
        verify(generation, manifest)
    documents = json.loads((generation / "documents.json").read_text(encoding="utf-8"))
    facts = FactStore(generation, [d["doc_id"] for d in documents])
    found = ClauseLookups.from_dict(json.loads((generation / LOOKUPS).read_text(encoding="utf-8")))
    clauses = ClauseStore(generation / CLAUSES)
    dense = faiss.read_index(str(generation / "dense.faiss"))
    if isinstance(dense, faiss.IndexIVF):
        dense.nprobe = int(manifest.get("dense_index", {}).get("nprobe", NPROBE))
    bm25 = bm25s.BM25.load(str(generation / "bm25"), mmap=True)  # postings read from disk as queries touch them
    vectors = np.load(generation / "vectors.npy", mmap_mode="r")
    return StoredIndex(manifest, documents, clauses, facts, dense, bm25, generation, vectors, found)
