"""corpus/ -> clauses, metadata, facts, BM25 and FAISS -> index directory."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

import bm25s
import numpy as np
from tqdm import tqdm

from . import form
from .cleaning import clean
from .corpus import CorpusError, CorpusListing, PlanFile, Skipped, list_corpus
from .embedding import Embedder
from .metadata import PlanMetadata, extract_metadata
from .gazetteer import fold
from .places import plan_places, units_mentioned
from .segmenting import Clause, segment
from .readers import SUFFIXES, PlanReadError
from .store import FORMAT_VERSION, IndexError_, StoredIndex, load_index, write_index
from .tokenizing import tokenize

try:  # facts arrive with the structure work; indexing works without them
    from .facts import extract_facts
except ImportError:  # pragma: no cover
    extract_facts = None


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


def _process(plan: PlanFile) -> tuple[dict, list[dict], dict | None]:
    """One plan's document record, clause records (ids not yet set) and facts."""
    plan_clauses = segment(plan.doc_id, clean(plan.text))
    meta = extract_metadata(plan.doc_id, plan.source, plan_clauses)
    front = "\n".join(c.text for c in plan_clauses if _names_the_plans_place(c))
    body = "\n".join(c.text for c in plan_clauses if c.kind != "header")
    places = plan_places(front, body, header_has_place=bool(meta.locality or meta.province))
    known = {fold(p) for p in [*places, meta.locality, meta.district, meta.province] if p}
    mentions = [u for u in units_mentioned(body) if fold(u) not in known]
    document = {**meta.to_dict(), "text": plan.text, "sha256": plan.sha256, "label": plan_label(meta),
                "places": places, "mentions": mentions, "warnings": plan.warnings + _warnings(meta)}
    facts = extract_facts(plan.doc_id, plan_clauses).to_dict() if extract_facts is not None else None
    clauses = [{**asdict(clause), "source": plan.source} for clause in plan_clauses]
    return document, clauses, facts


def _warnings(meta: PlanMetadata) -> list[str]:
    """What an official adding a plan should check: the fields every plan's header carries."""
    return [label for label, value in (("no số hiệu (plan number) found", meta.number or meta.number_blank),
                                       ("no date found", meta.date), ("no issuing body found", meta.issuer))
            if not value]


def _context(document: dict, clause: dict) -> str:
    """How a clause is embedded and searched: with its plan and heading path, since a bullet alone rarely says
    which plan it belongs to."""
    return f"{document['label']}. {' > '.join(clause['heading_path'])}. {clause['text']}"


def _previous(index_dir: Path, model_id: str) -> StoredIndex | None:
    """The index being replaced, when its plans can be reused: same format and model, checksums intact."""
    try:
        return load_index(index_dir, model_id=model_id)
    except (IndexError_, OSError, ValueError, RuntimeError):
        return None  # rebuilt from the corpus: nothing in it is trusted


def build_index(corpus_dirs: Path | Sequence[Path], index_dir: Path, embedder: Embedder, progress: bool = True,
                full: bool = False, staged: Mapping[str, Path] | None = None, leaving: set[str] | None = None,
                journal: dict | None = None) -> dict:
    """Bring the index at `index_dir` up to date with one or more corpus folders (file names unique across
    them), incrementally: plans whose file is unchanged keep their records and vectors, and only clause texts
    never embedded are embedded. `full` re-reads everything. `staged`/`leaving`: files joining or leaving the
    corpus with this index (moved into place after it is switched in: `journal` records the moves). Returns the
    manifest, with `changes` saying what this build did."""
    started = time.perf_counter()
    listing = list_corpus(corpus_dirs, staged, leaving)
    previous = None if full else _previous(index_dir, embedder.model_id)
    if previous and not journal and _up_to_date(previous.manifest, listing):
        return {**previous.manifest, "changes": {"added": [], "changed": [], "removed": [], "reused": len(
            listing.plans), "embedded": 0, "up_to_date": True}, "skipped": _skipped(listing, previous.manifest)}
    before = {d["source"]: d for d in previous.documents} if previous else {}
    ids_before = {d["doc_id"] for d in before.values()}
    old_clauses: dict[str, list[dict]] = {}
    known: dict[str, np.ndarray] = {}
    if previous:
        for clause in previous.clauses:
            old_clauses.setdefault(clause["source"], []).append(clause)
        vectors_before = previous.vectors
        for clause, vector in zip(previous.clauses, vectors_before):
            known[_context(before[clause["source"]], clause)] = vector

    documents, clauses, contexts, facts = [], [], [], {}
    added, changed, unreadable = [], [], {}
    for plan in tqdm(listing.plans, desc="reading", unit="plan", disable=not progress):
        old = before.get(plan.source)
        if old is not None and old["sha256"] == plan.sha256 and plan.source in old_clauses:
            document, plan_clauses = {**old, "text": previous.text_of(old["doc_id"]) or ""}, old_clauses[plan.source]
            plan_facts = previous.facts[old["doc_id"]].to_dict() if old["doc_id"] in previous.facts else None
        else:
            try:
                document, plan_clauses, plan_facts = _process(plan.read())
            except PlanReadError as e:
                listing.skipped.append(Skipped(plan.source, str(e)))
                unreadable[plan.source] = plan.sha256
                continue
            (changed if plan.doc_id in ids_before else added).append(plan.doc_id)
        documents.append(document)
        if plan_facts is not None:
            facts[plan.doc_id] = plan_facts
        for clause in plan_clauses:
            clauses.append({**clause, "id": len(clauses)})
            contexts.append(_context(document, clause))
    if not documents:
        reasons = "; ".join(f"{s.source}: {s.reason}" for s in listing.skipped)
        raise CorpusError(f"no plan could be indexed from {', '.join(map(str, _dir_list(corpus_dirs)))}"
                          + (f" ({reasons})" if reasons else f": add {', '.join(SUFFIXES)} files"))
    removed = sorted(ids_before - {d["doc_id"] for d in documents})

    bm25 = bm25s.BM25()
    bm25.index([tokenize(text) for text in contexts], show_progress=False)
    missing = [text for text in dict.fromkeys(contexts) if text not in known]
    if missing:
        fresh = embedder.embed_passages(missing, progress=progress)
        known.update(zip(missing, np.asarray(fresh, dtype=np.float32)))
    vectors = np.vstack([known[text] for text in contexts]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)

    manifest = {
        "format_version": FORMAT_VERSION,
        "model": embedder.model_id,
        "dim": int(vectors.shape[1]),
        "corpus": {d["source"]: d["sha256"] for d in documents},
        "corpus_dirs": [str(d.resolve()) for d in _dir_list(corpus_dirs)],
        "unreadable": unreadable,
        "counts": {"documents": len(documents), "passages": len(clauses)},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "build_seconds": round(time.perf_counter() - started, 2),
        "journal": journal or {},
        "warnings": {d["doc_id"]: d["warnings"] for d in documents if d.get("warnings")},
    }
    manifest = write_index(index_dir, manifest, documents, clauses, facts, vectors, bm25)
    return {**manifest, "changes": {"added": added, "changed": changed, "removed": removed,
                                    "reused": len(documents) - len(added) - len(changed), "embedded": len(missing),
                                    "up_to_date": False},
            "skipped": _skipped(listing, manifest)}


def _up_to_date(manifest: dict, listing: CorpusListing) -> bool:
    return listing.hashes() == {**manifest.get("corpus", {}), **manifest.get("unreadable", {})}


def _skipped(listing: CorpusListing, manifest: dict) -> dict[str, str]:
    """Every file not indexed, with the reason (an unreadable file's reason is known once it was read)."""
    out = {s.source: s.reason for s in listing.skipped}
    for source in manifest.get("unreadable", {}):
        out.setdefault(source, "it could not be read as a plan when it was indexed")
    return out


def _dir_list(corpus_dirs: Path | Sequence[Path]) -> list[Path]:
    return [Path(corpus_dirs)] if isinstance(corpus_dirs, (str, Path)) else [Path(d) for d in corpus_dirs]
