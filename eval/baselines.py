"""The naive systems planqa should beat, each scored on the same spans of the raw corpus files.

naive-rag: the generic RAG. Fixed character windows, one dense index, no abstention.
naive-lines: naive line-chunked hybrid retrieval. Each non-blank line, BM25 over plain word tokens plus dense,
reciprocal rank fusion; a retrieval baseline, so it gives no answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import bm25s
import faiss
import numpy as np

from indexer.corpus import load_corpus
from indexer.embedding import Embedder

from .metrics import Span

WINDOW = 500
RRF_K = 60
CANDIDATES = 100


def read_corpus(corpus_dirs: Path | Sequence[Path]) -> dict[str, str]:
    """File name -> text, read the way the indexer reads it (any format), so offsets agree with citations."""
    return {p.source: p.text for p in load_corpus(corpus_dirs).plans}


def windows(texts: dict[str, str], size: int = WINDOW) -> list[tuple[Span, str]]:
    """Back-to-back windows of `size` characters over each raw file; blank ones carry nothing to embed."""
    out = []
    for source, text in texts.items():
        for start in range(0, len(text), size):
            chunk = text[start : start + size]
            if chunk.strip():
                out.append((Span(source, start, start + len(chunk)), chunk))
    return out


_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+")


def lines(texts: dict[str, str]) -> list[tuple[Span, str]]:
    """Each non-blank line of each raw file, its span stripped of surrounding whitespace; nothing cleaned or merged."""
    out = []
    for source, text in texts.items():
        for line in _LINE.finditer(text):
            chunk = line.group()
            stripped = chunk.strip()
            if stripped:
                start = line.start() + len(chunk) - len(chunk.lstrip())
                out.append((Span(source, start, start + len(stripped)), stripped))
    return out


def words(text: str) -> list[str]:
    """Naive BM25 tokens: lower-cased runs of word characters; no word segmentation, no diacritic folding."""
    return _WORD.findall(text.lower())


def _query_vector(embedder: Embedder, query: str) -> np.ndarray:
    # A new thread per query, as the in-process API gets per request: the embedder's OpenMP pool in a
    # long-lived thread stalled for ~1.7 s per query whenever other processes shared the CPU.
    with ThreadPoolExecutor(1) as pool:
        q = pool.submit(embedder.embed_query, query).result().reshape(1, -1).astype(np.float32)
    return q / max(float(np.linalg.norm(q)), 1e-12)


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
        _, ids = self.index.search(_query_vector(self.embedder, query), min(k, self.index.ntotal))
        return [self.windows[i] for i in ids[0] if i >= 0]

    def search(self, query: str, k: int) -> list[Span]:
        return [span for span, _ in self._top(query, k)]

    def ask(self, question: str) -> tuple[str, bool]:
        """The top window is the answer, and a generic RAG always claims to have found one."""
        top = self._top(question, 1)
        return (top[0][1] if top else "", True)


class NaiveLines:
    """The issue's "naive line-chunked hybrid retrieval": lines, BM25 (bm25s, plain words) + dense, RRF."""

    name = "naive-lines"
    answers = False

    def __init__(self, texts: dict[str, str], embedder: Embedder, progress: bool = False) -> None:
        self.embedder = embedder
        self.lines = lines(texts)
        chunks = [chunk for _, chunk in self.lines]
        self.bm25 = bm25s.BM25()
        self.bm25.index([words(chunk) for chunk in chunks], show_progress=False)
        vectors = np.ascontiguousarray(embedder.embed_passages(chunks, progress=progress), dtype=np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-12)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(vectors)

    def _bm25_ranking(self, query: str) -> np.ndarray:
        """Line ids by BM25 score, best first, top CANDIDATES; a line sharing no word with the query is not ranked."""
        tokens = words(query)
        if not tokens:
            return np.zeros(0, dtype=np.int64)
        scores = np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)
        order = np.argsort(-scores, kind="stable")[:CANDIDATES]
        return order[scores[order] > 0]

    def _dense_ranking(self, query: str) -> np.ndarray:
        _, ids = self.index.search(_query_vector(self.embedder, query), min(CANDIDATES, self.index.ntotal))
        return ids[0][ids[0] >= 0]

    def search(self, query: str, k: int) -> list[Span]:
        fused: dict[int, float] = {}
        for ranking in (self._bm25_ranking(query), self._dense_ranking(query)):
            for rank, i in enumerate(ranking, 1):
                fused[int(i)] = fused.get(int(i), 0.0) + 1.0 / (RRF_K + rank)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        return [self.lines[i][0] for i in best]
