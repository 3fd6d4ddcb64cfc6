"""naive-rag: the generic RAG planqa should beat. Fixed character windows, one dense index, no abstention."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import faiss
import numpy as np

from indexer.embedding import Embedder

from .metrics import Span

WINDOW = 500


def read_corpus(corpus_dir: Path) -> dict[str, str]:
    """File name -> text, decoded the way the indexer does, so offsets agree with citations."""
    return {p.name: p.read_bytes().decode("utf-8") for p in sorted(Path(corpus_dir).iterdir())
            if p.is_file() and p.suffix.lower() in (".txt", ".md")}


def windows(texts: dict[str, str], size: int = WINDOW) -> list[tuple[Span, str]]:
    """Back-to-back windows of `size` characters over each raw file; blank ones carry nothing to embed."""
    out = []
    for source, text in texts.items():
        for start in range(0, len(text), size):
            chunk = text[start : start + size]
            if chunk.strip():
                out.append((Span(source, start, start + len(chunk)), chunk))
    return out


class NaiveRag:
    name = "naive-rag"
    answers = True

    def __init__(self, texts: dict[str, str], embedder: Embedder, progress: bool = False) -> None:
        self.embedder = embedder
        self.windows = windows(texts)
        vectors = embedder.embed_passages([chunk for _, chunk in self.windows], progress=progress)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def _top(self, query: str, k: int) -> list[tuple[Span, str]]:
        # A new thread per query, as the in-process API gets per request: the embedder's OpenMP pool in a
        # long-lived thread stalled for ~1.7 s per query whenever other processes shared the CPU.
        with ThreadPoolExecutor(1) as pool:
            q = pool.submit(self.embedder.embed_query, query).result().reshape(1, -1).astype(np.float32)
        _, ids = self.index.search(q, min(k, self.index.ntotal))
        return [self.windows[i] for i in ids[0] if i >= 0]

    def search(self, query: str, k: int) -> list[Span]:
        return [span for span, _ in self._top(query, k)]

    def ask(self, question: str) -> tuple[str, bool]:
        """The top window is the answer, and a generic RAG always claims to have found one."""
        top = self._top(question, 1)
        return (top[0][1] if top else "", True)
