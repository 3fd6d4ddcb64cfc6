"""The index directory: one home for its format, written atomically, read back with checks."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import bm25s
import faiss
import numpy as np

from .records import PlanFacts

FORMAT_VERSION = 6
MANIFEST = "manifest.json"


class IndexError_(RuntimeError):
    """The index directory is missing or unusable; the message says what to run."""


@dataclass
class StoredIndex:
    manifest: dict
    documents: list[dict]  # metadata + original text per plan
    clauses: list[dict]
    facts: dict[str, PlanFacts]  # doc_id -> the plan's extracted facts, typed
    dense: faiss.Index
    bm25: bm25s.BM25


def write_index(index_dir: Path, manifest: dict, documents: list[dict], clauses: list[dict], facts: dict,
                vectors: np.ndarray, bm25: bm25s.BM25) -> None:
    """Write into a sibling temporary directory, then swap it in: a crash never leaves a half-written index."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{index_dir.name}.tmp-", dir=index_dir.parent))
    try:
        dense = faiss.IndexFlatIP(vectors.shape[1])
        dense.add(np.ascontiguousarray(vectors, dtype=np.float32))
        faiss.write_index(dense, str(tmp / "dense.faiss"))
        bm25.save(str(tmp / "bm25"), show_progress=False)
        _dump(tmp / "documents.json", documents)
        _dump(tmp / "facts.json", facts)
        with open(tmp / "clauses.jsonl", "w", encoding="utf-8") as f:
            for clause in clauses:
                f.write(json.dumps(clause, ensure_ascii=False) + "\n")
        _dump(tmp / MANIFEST, manifest)  # last: its presence marks a complete index
        old = None
        if index_dir.exists():
            old = index_dir.with_name(f".{index_dir.name}.old-{os.getpid()}")
            os.rename(index_dir, old)
        os.rename(tmp, index_dir)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _dump(path: Path, obj) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)


def read_manifest(index_dir: Path) -> dict:
    path = Path(index_dir) / MANIFEST
    if not path.is_file():
        raise IndexError_(f"no index at {index_dir}: run `planqa index` first")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexError_(
            f"index at {index_dir} has format {manifest.get('format_version')}, this planqa reads format "
            f"{FORMAT_VERSION}: run `planqa index` to rebuild it"
        )
    return manifest


def load_index(index_dir: Path, model_id: str | None = None) -> StoredIndex:
    index_dir = Path(index_dir)
    manifest = read_manifest(index_dir)
    if model_id and manifest["model"] != model_id:
        raise IndexError_(
            f"index at {index_dir} was built with {manifest['model']}, not {model_id}: run "
            f"`planqa index --model {model_id}` or serve with `--model {manifest['model']}`"
        )
    documents = json.loads((index_dir / "documents.json").read_text(encoding="utf-8"))
    facts = {doc_id: PlanFacts.from_dict(f)
             for doc_id, f in json.loads((index_dir / "facts.json").read_text(encoding="utf-8")).items()}
    with open(index_dir / "clauses.jsonl", encoding="utf-8") as f:
        clauses = [json.loads(line) for line in f]
    dense = faiss.read_index(str(index_dir / "dense.faiss"))
    bm25 = bm25s.BM25.load(str(index_dir / "bm25"))
    return StoredIndex(manifest, documents, clauses, facts, dense, bm25)
