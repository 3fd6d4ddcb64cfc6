"""Move an index written by planqa into Qdrant, so that search can run on a cluster instead of one machine.

A clause becomes one point: id = its row in `StoredIndex.clauses`, a named dense vector (cosine) = its FAISS
vector, a named sparse vector = its BM25 term weights as bm25s precomputed them (`bm25.scores`: one score per
(clause, token), CSC by token), and payload {"doc_id"} with a keyword index for per-plan filters. A sparse dot
product with the query's token counts is then exactly `bm25.get_scores(tokens)`, which sums one term score per
query token occurrence. The token -> vocabulary id map goes along in a payload-only companion collection, so that a
service needs nothing from the local index to query Qdrant: tokens are grouped in hash buckets of about 64, one
point per bucket, so a query reads its tokens' ids by point id.

Each export is a new physical collection (`<name>-<generation>`); the name asked for is an alias switched to it
once every point is in, as planqa switches index generations: readers never see half an export.
"""

from __future__ import annotations

import re
import time
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .store import StoredIndex

DENSE = "dense"  # named vectors of a clause point
SPARSE = "bm25"
DOC_ID = "doc_id"
TOKENS, IDS = "tokens", "ids"  # payload of a vocabulary point: the tokens of one hash bucket and their ids
TOKENS_PER_BUCKET = 64
METADATA_KEY = "planqa"  # collection metadata: what was exported, and that it is complete
KEEP_EXPORTS = 2  # the current physical collection and the one before (a reader may still be on it)


class QdrantStoreError(RuntimeError):
    """The Qdrant collection is missing, incomplete or not planqa's; the message says what to run."""


def connect(url: str | None = None, path: str | None = None, api_key: str | None = None, timeout: int = 60):
    """A client for a Qdrant server (`url`), or Qdrant's embedded local mode on a folder (`path`, or ':memory:')."""
    from qdrant_client import QdrantClient

    if bool(url) == bool(path):
        raise QdrantStoreError("give exactly one of a Qdrant URL (a server) or a folder (embedded local mode)")
    if url:
        return QdrantClient(url=url, api_key=api_key, timeout=timeout)
    if path == ":memory:":
        return QdrantClient(":memory:")
    return QdrantClient(path=path)


def vocabulary_collection(physical: str) -> str:
    return f"{physical}-vocab"


def vocabulary_buckets(size: int) -> int:
    return max(1, -(-size // TOKENS_PER_BUCKET))


def bucket_of(token: str, buckets: int) -> int:
    """The vocabulary point holding `token`: a query fetches its tokens' ids by point id, no scan or index needed
    (crc32, not hash(): the same in every process)."""
    return zlib.crc32(token.encode("utf-8")) % buckets


@dataclass
class TermWeights:
    """bm25s's per (clause, token) scores regrouped by clause (CSR): clause i has tokens[indptr[i]:indptr[i+1]]."""

    indptr: np.ndarray
    tokens: np.ndarray  # uint32 vocabulary ids, ascending within a clause
    weights: np.ndarray  # float32 BM25 term scores

    def of(self, row: int) -> tuple[list[int], list[float]]:
        start, end = self.indptr[row], self.indptr[row + 1]
        return self.tokens[start:end].tolist(), self.weights[start:end].tolist()


def term_weights(bm25) -> TermWeights:
    """Per-clause sparse vectors from a bm25s index (its precomputed scores are stored by token)."""
    if getattr(bm25, "nonoccurrence_array", None) is not None:
        # BM25L / BM25+ add a score for every query token a clause lacks: not a sparse dot product
        raise QdrantStoreError("this BM25 index adds scores for absent tokens (BM25L/BM25+): only bm25s's "
                               "default Lucene scoring can be moved into Qdrant's sparse vectors")
    scores = bm25.scores
    indptr, indices, data = (np.asarray(scores[k]) for k in ("indptr", "indices", "data"))
    n_docs = int(scores["num_docs"])
    token_of = np.repeat(np.arange(len(indptr) - 1, dtype=np.uint32), np.diff(indptr))
    order = np.argsort(indices, kind="stable")  # stable: token ids stay ascending within each clause
    by_doc = np.searchsorted(indices[order], np.arange(n_docs + 1), side="left")
    return TermWeights(by_doc.astype(np.int64), token_of[order], data[order].astype(np.float32))


def vocabulary(bm25) -> dict[str, int]:
    """Tokens that have a column in the score matrix (bm25s may add an empty token without one)."""
    n_tokens = len(bm25.scores["indptr"]) - 1
    return {token: int(i) for token, i in bm25.vocab_dict.items() if 0 <= int(i) < n_tokens}


def _vectors(stored: StoredIndex, start: int, count: int) -> np.ndarray:
    """Rows start..start+count of the clause vectors: the float32 originals where the index keeps them, else read
    back from FAISS (flat or HNSW as they are; an IVF index needs its direct map, and an int8 one gives them back
    only approximately)."""
    kept = getattr(stored, "vectors", None)
    if kept is not None:
        return np.asarray(kept[start:start + count], dtype=np.float32)
    return np.asarray(stored.dense.reconstruct_n(start, count), dtype=np.float32)


def _prepare_reconstruction(dense) -> None:
    import faiss

    try:
        ivf = faiss.extract_index_ivf(dense)
    except (RuntimeError, AttributeError):
        return  # not an IVF index: rows can be read as they are
    ivf.make_direct_map()


def _batches(n: int, batch: int) -> Iterator[tuple[int, int]]:
    for start in range(0, n, batch):
        yield start, min(batch, n - start)


def export_index(stored: StoredIndex, client, collection: str, batch: int = 256, progress: bool = False,
                 int8: bool = False, shards: int | None = None, replicas: int | None = None) -> dict:
    """Copy `stored` into a new Qdrant collection and point the alias `collection` at it; returns what was
    exported (the metadata recorded on the collection).

    `int8`: scalar quantisation of the dense vectors (kept in RAM, originals on disk, rescored), a quarter of the
    memory; `shards` / `replicas`: for a cluster (a local-mode client ignores all three)."""
    from qdrant_client import models
    from tqdm import tqdm

    n = len(stored.clauses)
    if stored.dense.ntotal != n or int(stored.bm25.scores["num_docs"]) != n:
        raise QdrantStoreError(f"index at {stored.path} is inconsistent: {n} clauses, {stored.dense.ntotal} dense "
                               f"vectors, {stored.bm25.scores['num_docs']} BM25 rows: run `planqa index --full`")
    weights = term_weights(stored.bm25)
    vocab = vocabulary(stored.bm25)
    if getattr(stored, "vectors", None) is None:
        _prepare_reconstruction(stored.dense)
    dim = int(stored.dense.d)
    generation = stored.generation or time.strftime("%Y%m%dT%H%M%S")
    physical = f"{collection}-{generation}"
    vocab_name = vocabulary_collection(physical)

    for name in (physical, vocab_name):  # a failed export of this same generation is started again
        if client.collection_exists(name):
            client.delete_collection(name)
    client.create_collection(
        physical,
        vectors_config={DENSE: models.VectorParams(
            size=dim, distance=models.Distance.COSINE,
            hnsw_config=models.HnswConfigDiff(m=16, ef_construct=128),
            on_disk=True if int8 else None,  # with int8 in RAM, the float32 originals serve only rescoring
            quantization_config=models.ScalarQuantization(scalar=models.ScalarQuantizationConfig(
                type=models.ScalarType.INT8, quantile=0.99, always_ram=True)) if int8 else None)},
        sparse_vectors_config={SPARSE: models.SparseVectorParams(index=models.SparseIndexParams(on_disk=False))},
        shard_number=shards, replication_factor=replicas,
        metadata={METADATA_KEY: {"complete": False}},
    )
    client.create_collection(vocab_name, vectors_config={}, shard_number=1, replication_factor=replicas)
    with warnings.catch_warnings():  # local mode warns that payload indexes do nothing there; a server uses them
        warnings.simplefilter("ignore", UserWarning)
        client.create_payload_index(physical, DOC_ID, field_schema=models.PayloadSchemaType.KEYWORD)

    bar = tqdm(total=n + len(vocab), desc="exporting to Qdrant", unit="point", disable=not progress)
    for start, count in _batches(n, batch):
        vectors = _vectors(stored, start, count)
        points = []
        for offset in range(count):
            row = start + offset
            tokens, values = weights.of(row)
            vector = {DENSE: vectors[offset].tolist()}
            if tokens:  # a clause of stop words alone has no BM25 terms: no sparse vector, as BM25 never finds it
                vector[SPARSE] = models.SparseVector(indices=tokens, values=values)
            points.append(models.PointStruct(id=row, vector=vector, payload={DOC_ID: stored.clauses[row]["doc_id"]}))
        client.upsert(physical, points=points, wait=True)
        bar.update(count)
    buckets = vocabulary_buckets(len(vocab))
    grouped: dict[int, list[tuple[str, int]]] = {}
    for token, i in vocab.items():
        grouped.setdefault(bucket_of(token, buckets), []).append((token, i))
    order = sorted(grouped)
    for start, count in _batches(len(order), batch):
        chosen = order[start:start + count]
        client.upsert(vocab_name, points=[
            models.PointStruct(id=b, vector={}, payload={TOKENS: [t for t, _ in grouped[b]],
                                                         IDS: [i for _, i in grouped[b]]}) for b in chosen],
            wait=True)
        bar.update(sum(len(grouped[b]) for b in chosen))
    bar.close()

    info = {
        "complete": True,
        "generation": stored.generation,
        "model": stored.manifest.get("model"),
        "dim": dim,
        "clauses": n,
        "documents": len(stored.documents),
        "vocabulary": vocab_name,
        "vocabulary_size": len(vocab),
        "vocabulary_buckets": buckets,
        "sparse_entries": int(len(weights.tokens)),
        "int8": int8,
        "exported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    client.update_collection(physical, metadata={METADATA_KEY: info})  # last: marks a complete export
    _switch_alias(client, collection, physical)
    _prune(client, collection, physical)
    return {**info, "collection": physical, "alias": collection}


def _switch_alias(client, alias: str, physical: str) -> None:
    from qdrant_client import models

    if client.collection_exists(alias) and alias not in _aliases(client):
        raise QdrantStoreError(f"a collection named {alias!r} exists that planqa did not create as an alias: "
                               f"choose another --collection or delete it")
    actions = [models.DeleteAliasOperation(delete_alias=models.DeleteAlias(alias_name=alias))] \
        if alias in _aliases(client) else []
    actions.append(models.CreateAliasOperation(create_alias=models.CreateAlias(collection_name=physical,
                                                                              alias_name=alias)))
    client.update_collection_aliases(change_aliases_operations=actions)  # one operation: no moment without it


def _aliases(client) -> dict[str, str]:
    return {a.alias_name: a.collection_name for a in client.get_aliases().aliases}


def _prune(client, alias: str, current: str) -> None:
    """Drop this alias's exports older than the previous one (generation names sort by time)."""
    export = re.compile(re.escape(alias) + r"-\d{8}T\d{6}(-[0-9a-f]+)?")
    mine = sorted(c.name for c in client.get_collections().collections
                  if export.fullmatch(c.name) and c.name != current)
    for old in mine[: max(0, len(mine) - (KEEP_EXPORTS - 1))]:
        for name in (old, vocabulary_collection(old)):
            if client.collection_exists(name):
                client.delete_collection(name)


__all__ = ["export_index", "connect", "term_weights", "vocabulary", "QdrantStoreError", "DENSE", "SPARSE",
           "DOC_ID", "TOKENS", "IDS", "METADATA_KEY", "bucket_of", "vocabulary_collection"]
