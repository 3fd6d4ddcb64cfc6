"""Passage embeddings remembered by model and text, so re-indexing embeds only clauses it has not seen.

A plan re-laid, re-uploaded or indexed beside others gives mostly the same contextual clause texts; embedding is
the cost of indexing on a CPU (about 90 % of a build), so each text is embedded once per model. The store is
SQLite (one file, safe to reuse across runs) or, without a path, a dictionary for one process.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

from .embedding import Embedder, WrappedEmbedder


def _key(model_id: str, text: str) -> bytes:
    return hashlib.sha256(f"{model_id}\x00{text}".encode()).digest()


class CachingEmbedder(WrappedEmbedder):
    """An `Embedder` that answers passages from its cache and embeds only the misses with `inner`."""

    def __init__(self, inner: Embedder, path: Path | None = None) -> None:
        super().__init__(inner)
        self.hits = self.misses = 0
        self._memory: dict[bytes, bytes] = {}
        self._db = None
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False)
            self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")

    def _get(self, keys: list[bytes]) -> dict[bytes, bytes]:
        if self._db is None:
            return {k: self._memory[k] for k in keys if k in self._memory}
        found: dict[bytes, bytes] = {}
        for i in range(0, len(keys), 500):  # SQLite's limit on bound parameters
            chunk = keys[i : i + 500]
            rows = self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(chunk))})",
                                    chunk)
            found.update(rows.fetchall())
        return found

    def _put(self, items: dict[bytes, bytes]) -> None:
        if self._db is None:
            self._memory.update(items)
            return
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)", items.items())

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        keys = [_key(self.model_id, t) for t in texts]
        known = self._get(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys) if k not in known))
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if missing:
            vectors = np.asarray(self.inner.embed_passages(missing, progress=progress), dtype=np.float32)
            fresh = {_key(self.model_id, t): v.tobytes() for t, v in zip(missing, vectors)}
            self._put(fresh)
            known.update(fresh)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.vstack([np.frombuffer(known[k], dtype=np.float32) for k in keys])


__all__ = ["CachingEmbedder"]
