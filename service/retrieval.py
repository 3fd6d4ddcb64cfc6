"""Hybrid retrieval over one loaded index: BM25 (bm25s) and dense (FAISS) rankings fused."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from indexer.embedding import Embedder
from indexer.store import StoredIndex
from indexer.tokenizing import fold, tokenize

RRF_K = 60
CANDIDATES = 100


@dataclass
class Hit:
    clause: dict
    score: float
    dense: float  # cosine similarity of query and clause
    bm25: float
    features: dict[str, float] = field(default_factory=dict)  # what made `score` (service.ranking)


def place_key(name: str) -> str:
    return fold(name).lower().strip()


class Retriever:
    def __init__(self, stored: StoredIndex, embedder: Embedder, fusion: str = "rrf") -> None:
        self.stored = stored
        self.embedder = embedder
        self.fusion = fusion
        self.clauses = stored.clauses
        self.documents = {d["doc_id"]: d for d in stored.documents}
        self._doc_of = np.array([c["doc_id"] for c in self.clauses])

    def doc_ids_for_place(self, place: str) -> list[str]:
        """Plans whose locality, district or province is `place`, or that are about it (their header, title or
        scope names it), in any diacritics and any case."""
        key = place_key(place)
        return [
            d["doc_id"] for d in self.documents.values()
            if key in {place_key(v) for v in (d.get("locality"), d.get("district"), d.get("province"),
                                              *d.get("places", [])) if v}
        ]

    def _mask(self, doc_ids: list[str] | None) -> np.ndarray | None:
        if doc_ids is None:
            return None
        return np.isin(self._doc_of, doc_ids)

    def _dense_scores(self, queries: list[str]) -> np.ndarray:
        # One direction for all wordings: the mean of their unit vectors.
        vectors = [self.embedder.embed_query(q).astype(np.float32) for q in queries]
        q = np.mean([v / max(np.linalg.norm(v), 1e-12) for v in vectors], axis=0)
        q = (q / max(np.linalg.norm(q), 1e-12)).reshape(1, -1).astype(np.float32)
        n = self.stored.dense.ntotal
        scores, ids = self.stored.dense.search(q, n)
        out = np.full(n, -1.0, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def search(self, query: str, k: int = 10, doc_ids: list[str] | None = None, mode: str = "hybrid",
               expansions: list[str] | None = None) -> list[Hit]:
        """`expansions`: other wordings of the query (glossary terms, restored diacritics) searched with it."""
        n = len(self.clauses)
        if n == 0:
            return []
        mask = self._mask(doc_ids)
        queries = [query, *(expansions or [])]
        tokens = [t for q in queries for t in tokenize(q)]
        # a question of punctuation or stop words alone has no BM25 tokens: it matches no passage by its words
        bm25 = np.asarray(self.stored.bm25.get_scores(tokens), dtype=np.float32) if mode != "dense" and tokens \
            else np.zeros(n, np.float32)
        dense = self._dense_scores(queries) if mode != "bm25" else np.zeros(n, np.float32)
        if mode == "bm25":
            fused = bm25.copy()
        elif mode == "dense":
            fused = dense.copy()
        else:
            fused = self._fuse(bm25, dense, mask)
        if mask is not None:
            fused[~mask] = -np.inf
        order = np.argsort(-fused, kind="stable")[:k]
        return [Hit(self.clauses[i], float(fused[i]), float(dense[i]), float(bm25[i])) for i in order
                if np.isfinite(fused[i])]

    def _fuse(self, bm25: np.ndarray, dense: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
        live = np.ones_like(bm25, dtype=bool) if mask is None else mask
        if self.fusion == "score":
            def norm(x: np.ndarray) -> np.ndarray:
                lo, hi = x[live].min(), x[live].max()
                return (x - lo) / (hi - lo) if hi > lo else np.zeros_like(x)
            return 0.5 * norm(bm25) + 0.5 * norm(dense)
        fused = np.zeros_like(bm25)
        for scores in (bm25, dense):
            ranked = np.where(live, scores, -np.inf)
            order = np.argsort(-ranked, kind="stable")[:CANDIDATES]
            order = order[np.isfinite(ranked[order]) & (scores[order] > 0 if scores is bm25 else True)]
            fused[order] += 1.0 / (RRF_K + 1 + np.arange(len(order)))
        return fused


def citation(clause: dict, document: dict) -> dict:
    return {
        "doc_id": clause["doc_id"],
        "title": document.get("title"),
        "number": document.get("number"),
        "issuer": document.get("issuer"),
        "locality": document.get("locality"),
        "province": document.get("province"),
        "date": document.get("date"),
        "section": " > ".join(clause["heading_path"]),
        "source": clause["source"],
        "start": clause["start"],
        "end": clause["end"],
        "quote": clause["text"],
    }


__all__ = ["Retriever", "Hit", "citation", "place_key"]
