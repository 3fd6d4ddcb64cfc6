"""corpus/ -> clauses, metadata, facts, BM25 and FAISS -> index directory."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import bm25s
import numpy as np
from tqdm import tqdm

from . import form
from .cleaning import clean
from .corpus import load_corpus
from .embedding import Embedder
from .metadata import PlanMetadata, extract_metadata
from .places import plan_places
from .segmenting import Clause, segment
from .store import FORMAT_VERSION, write_index
from .tokenizing import tokenize

try:  # facts arrive with the structure work; indexing works without them
    from .facts import extract_facts
except ImportError:  # pragma: no cover
    extract_facts = None


# The opening sentences (preamble) tell the background, naming places the plan is not about.
FRONT_MATTER = ("header", "title")


def _names_the_plan_place_line(text: str) -> bool:
    return form.is_issuer_line(text) or bool(form.PLACE.match(text)) or form.is_portal(text)


def _names_the_plans_place(clause: Clause) -> bool:
    """The title, and the header's issuer, place-and-date and portal lines: not the page chrome a web copy puts
    above the header (a list of other provinces' plans)."""
    return clause.kind == "title" or (clause.kind == "header" and _names_the_plan_place_line(clause.text))


def plan_label(meta: PlanMetadata) -> str:
    """How a clause says which plan it belongs to, since a bullet alone rarely does."""
    parts = ["Kế hoạch"]
    if meta.number:
        parts.append(meta.number)
    if meta.issuer:
        parts.append(f"của {meta.issuer}")
    if meta.province and meta.province != meta.locality:
        parts.append(f"({meta.district + ', ' if meta.district else ''}tỉnh {meta.province})")
    elif meta.district:
        parts.append(f"({meta.district})")
    return " ".join(parts)


def contextual_text(meta: PlanMetadata, clause: Clause) -> str:
    return f"{plan_label(meta)}. {clause.section}. {clause.text}"


def build_index(corpus_dirs: Path | Sequence[Path], index_dir: Path, embedder: Embedder, progress: bool = True) -> dict:
    """Index the plans of one or more corpus folders (file names must be unique across them)."""
    started = time.perf_counter()
    plans = load_corpus(corpus_dirs)
    documents, clauses, contexts, facts = [], [], [], {}
    for plan in tqdm(plans, desc="segmenting", unit="plan", disable=not progress):
        plan_clauses = segment(plan.doc_id, clean(plan.text))
        meta = extract_metadata(plan.doc_id, plan.source, plan_clauses)
        front = "\n".join(c.text for c in plan_clauses if _names_the_plans_place(c))
        places = plan_places(front, "\n".join(c.text for c in plan_clauses if c.kind != "header"),
                             header_has_place=bool(meta.locality or meta.province))
        documents.append({**meta.to_dict(), "text": plan.text, "sha256": plan.sha256, "label": plan_label(meta),
                          "places": places})
        if extract_facts is not None:
            facts[plan.doc_id] = extract_facts(plan.doc_id, plan_clauses).to_dict()
        for clause in plan_clauses:
            record = asdict(clause)
            record["id"] = len(clauses)
            record["source"] = plan.source
            clauses.append(record)
            contexts.append(contextual_text(meta, clause))

    bm25 = bm25s.BM25()
    bm25.index([tokenize(text) for text in contexts], show_progress=False)
    vectors = embedder.embed_passages(contexts, progress=progress)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)

    manifest = {
        "format_version": FORMAT_VERSION,
        "model": embedder.model_id,
        "dim": int(vectors.shape[1]),
        "corpus": {plan.source: plan.sha256 for plan in plans},
        "counts": {"documents": len(documents), "passages": len(clauses)},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "build_seconds": round(time.perf_counter() - started, 2),
    }
    write_index(index_dir, manifest, documents, clauses, facts, vectors, bm25)
    return manifest
