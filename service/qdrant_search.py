"""Clause search on Qdrant: the same rankings as FAISS + bm25s in one process, served by a Qdrant server (or its
embedded local mode) so that the clauses of a whole country can live on a cluster.

Dense: cosine over the clauses' named dense vectors. BM25: a sparse dot product of the query's token counts with
the clauses' precomputed bm25s term scores (indexer.qdrant_store), which is bm25s's score exactly. Hybrid:
reciprocal rank fusion done by Qdrant, over the top CANDIDATES of each, as service.retrieval fuses them locally.

Qdrant's RRF scores the item at 0-based position p as 1 / (p + k) (`Rrf.k`; its default k is 2), where planqa and
the RRF paper use 1 / (k + rank) with a 1-based rank: planqa's k = 60 is Qdrant's k = 61, so the fused scores are
equal, not only the order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import numpy as np

from indexer.qdrant_store import (DENSE, DOC_ID, IDS, METADATA_KEY, SPARSE, TOKENS, QdrantStoreError, bucket_of,
                                  connect)

RRF_K = 60  # as service.retrieval: 1 / (RRF_K + rank), rank from 1
CANDIDATES = 100  # per ranking, fused (as service.retrieval)
MODES = ("hybrid", "dense", "bm25")
KNOWN_TOKENS_KEPT = 200_000  # the token -> id cache is cleared past this (a vocabulary grows with the corpus)


class QdrantUnavailable(QdrantStoreError):
    """Qdrant did not answer, or answered with an error: a service should answer 503, not 500."""


def _errors() -> tuple[type[BaseException], ...]:
    import httpx
    from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

    out: tuple[type[BaseException], ...] = (UnexpectedResponse, ResponseHandlingException, httpx.HTTPError,
                                            ConnectionError, TimeoutError)
    try:
        import grpc

        out += (grpc.RpcError,)
    except ImportError:
        pass
    return out


def open_client(client_or_location):
    """A QdrantClient as given, or one for a location: 'http(s)://…' a server, ':memory:', else a local-mode
    folder."""
    if not isinstance(client_or_location, str | bytes) and not hasattr(client_or_location, "__fspath__"):
        return client_or_location
    location = str(client_or_location)
    if location.startswith(("http://", "https://")):
        return connect(url=location)
    return connect(path=location)


class QdrantClauseSearch:
    """Top-k clause rows of one exported index. `collection` is the alias `planqa export-qdrant` switches; it is
    resolved once to the export it points at, so a re-export while serving changes nothing until `refresh()`."""

    def __init__(self, client_or_location, collection: str, vocabulary: Mapping[str, int] | None = None,
                 hnsw_ef: int | None = None, exact: bool = False) -> None:
        """`vocabulary`: bm25s's token -> id map of the very index exported (then no lookups in Qdrant);
        `hnsw_ef`, `exact`: recall against speed of a server's HNSW search (local mode is always exact)."""
        from qdrant_client import models

        self.client = open_client(client_or_location)
        self.collection = collection
        self._given_vocabulary = dict(vocabulary) if vocabulary is not None else None
        self._errors = _errors()
        self.params = models.SearchParams(hnsw_ef=hnsw_ef, exact=exact)
        self.refresh()

    def refresh(self) -> str:
        """Follow the alias to the export it points at now; returns that export's planqa generation."""
        from qdrant_client import models

        try:
            aliases = {a.alias_name: a.collection_name for a in self.client.get_aliases().aliases}
            physical = aliases.get(self.collection, self.collection)
            if not self.client.collection_exists(physical):
                raise QdrantStoreError(f"Qdrant has no collection {self.collection!r}: run `planqa export-qdrant "
                                       f"--collection {self.collection}` first")
            info = (self.client.get_collection(physical).config.metadata or {}).get(METADATA_KEY)
        except self._errors as e:
            raise QdrantUnavailable(f"Qdrant did not answer: {e}") from e
        if not info or not info.get("complete"):
            raise QdrantStoreError(f"Qdrant collection {physical!r} is not a complete planqa export: run "
                                   f"`planqa export-qdrant --collection {self.collection}` again")
        self.physical, self.info = physical, info
        self._known: dict[str, int | None] = dict(self._given_vocabulary or {})
        if info.get("int8"):  # int8 vectors find the candidates, the float32 originals score them
            self.params = self.params.model_copy(update={"quantization": models.QuantizationSearchParams(
                rescore=True, oversampling=2.0)})
        return info.get("generation", "")

    @property
    def generation(self) -> str:
        """The planqa index generation exported: rows are positions in that generation's clauses."""
        return self.info.get("generation", "")

    def token_ids(self, tokens: list[str]) -> dict[int, float]:
        """Vocabulary id -> how often the query has the token (bm25s adds a token's score once per occurrence);
        tokens no clause has are dropped, as bm25s drops them."""
        missing = [t for t in dict.fromkeys(tokens) if t not in self._known]
        if missing and self._given_vocabulary is None:
            self._look_up(missing)
        counts: Counter[int] = Counter()
        for token in tokens:
            i = self._known.get(token)
            if i is not None:
                counts[i] += 1
        return {i: float(c) for i, c in counts.items()}

    def _look_up(self, tokens: list[str]) -> None:
        if len(self._known) > KNOWN_TOKENS_KEPT:
            self._known.clear()
        buckets = self.info["vocabulary_buckets"]
        wanted = {bucket_of(t, buckets) for t in tokens}
        try:
            points = self.client.retrieve(self.info["vocabulary"], ids=sorted(wanted), with_payload=True)
        except self._errors as e:
            raise QdrantUnavailable(f"Qdrant did not answer: {e}") from e
        found: dict[str, int] = {}
        for point in points:
            found.update(zip(point.payload[TOKENS], point.payload[IDS]))
        for token in tokens:
            self._known[token] = found.get(token)

    def search(self, query_vector: np.ndarray | None, tokens: list[str], k: int, doc_ids: list[str] | None,
               mode: str) -> list[tuple[int, float, float, float]]:
        """Top-k clause rows for one query: (row, fused score, dense cosine, bm25 score), best first. In 'dense'
        mode the BM25 score is 0 and in 'bm25' mode the cosine is 0 (not computed, as service.retrieval)."""
        from qdrant_client import models

        if mode not in MODES:
            raise ValueError(f"unknown search mode {mode!r}: use one of {', '.join(MODES)}")
        if k <= 0 or (doc_ids is not None and not doc_ids):
            return []
        if query_vector is None and mode != "bm25":
            raise ValueError(f"{mode} search needs the query's vector")
        where = None if doc_ids is None else models.Filter(must=[models.FieldCondition(
            key=DOC_ID, match=models.MatchAny(any=list(doc_ids)))])
        counts = self.token_ids(tokens) if mode != "dense" else {}
        sparse = models.SparseVector(indices=sorted(counts), values=[counts[i] for i in sorted(counts)]) \
            if counts else None
        dense = None if query_vector is None else np.asarray(query_vector, dtype=np.float32).ravel()
        if dense is not None:
            dense = dense / max(float(np.linalg.norm(dense)), 1e-12)
        try:
            if mode == "dense":
                points = self._query(query=dense.tolist(), using=DENSE, query_filter=where, limit=k)
                return [(int(p.id), float(p.score), float(p.score), 0.0) for p in points]
            if mode == "bm25":
                if sparse is None:  # no token any clause has: BM25 finds nothing
                    return []
                points = self._query(query=sparse, using=SPARSE, query_filter=where, limit=k)
                return [(int(p.id), float(p.score), 0.0, float(p.score)) for p in points]
            prefetch = [models.Prefetch(query=dense.tolist(), using=DENSE, filter=where, limit=CANDIDATES,
                                        params=self.params)]
            if sparse is not None:
                prefetch.append(models.Prefetch(query=sparse, using=SPARSE, filter=where, limit=CANDIDATES))
            points = self._query(prefetch=prefetch, query=models.RrfQuery(rrf=models.Rrf(k=RRF_K + 1)),
                                 query_filter=where, limit=k, with_vectors=[DENSE, SPARSE])
        except self._errors as e:
            raise QdrantUnavailable(f"Qdrant did not answer: {e}") from e
        # the fused hits' own scores, from their vectors: exact, and no second round trip
        return [(int(p.id), float(p.score), _cosine(dense, p.vector), _bm25(counts, p.vector)) for p in points]

    def _query(self, **kwargs):
        kwargs.setdefault("search_params", self.params if "prefetch" not in kwargs else None)
        return self.client.query_points(self.physical, with_payload=False, **kwargs).points

    def close(self) -> None:
        self.client.close()


def _cosine(unit_query: np.ndarray, vectors) -> float:
    vector = (vectors or {}).get(DENSE)
    if vector is None:
        return 0.0
    v = np.asarray(vector, dtype=np.float32)  # stored unit length (Qdrant normalises cosine vectors)
    return float(unit_query @ v / max(float(np.linalg.norm(v)), 1e-12))


def _bm25(counts: dict[int, float], vectors) -> float:
    sparse = (vectors or {}).get(SPARSE)
    if sparse is None or not counts:
        return 0.0
    return float(sum(counts.get(i, 0.0) * w for i, w in zip(sparse.indices, sparse.values)))


__all__ = ["QdrantClauseSearch", "QdrantUnavailable", "open_client", "RRF_K", "CANDIDATES"]
