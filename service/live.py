"""The index a running service answers from, switched whole while requests go on.

An `Engine` is everything one index generation needs to answer (retriever, answerer, facts). `LiveIndex` holds the
current one: a request takes `live.engine` once and uses only it, so it sees the old index or the new one, never a
mix. Changes made through the API switch the engine before they return; changes made by another process
(`planqa add`, `planqa index`) are noticed when the index link moves and loaded in the background.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from indexer import load_index
from indexer.embedding import Embedder
from indexer.library import Commit, Library
from indexer.store import StoredIndex, resolve

from .answering import Answerer
from .retrieval import Retriever, backend_from_env

log = logging.getLogger("planqa.live")


@dataclass(frozen=True)
class Engine:
    stored: StoredIndex
    retriever: Retriever
    answerer: Answerer

    @property
    def generation(self) -> str:
        return self.stored.generation

    @classmethod
    def load(cls, index_dir: Path, embedder: Embedder, fusion: str) -> Engine:
        stored = load_index(index_dir, model_id=embedder.model_id)
        retriever = Retriever(stored, embedder, fusion=fusion, backend=backend_from_env(stored))
        return cls(stored, retriever, Answerer(retriever, stored.facts))


class LiveIndex:
    def __init__(self, index_dir: Path, embedder: Embedder, fusion: str, library: Library | None) -> None:
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self.fusion = fusion
        self.library = library
        self.engine = Engine.load(self.index_dir, embedder, fusion)
        self._write = threading.Lock()
        self._reloading = threading.Lock()

    def current(self) -> Engine:
        """The engine to answer one request with; starts loading a newer index another process committed."""
        engine = self.engine
        if resolve(self.index_dir) != engine.stored.path and not self._reloading.locked():
            threading.Thread(target=self._reload, daemon=True).start()
        return engine

    def _load_if_moved(self) -> None:
        """Load the generation the index link points at, if it is not the one served (caller holds _reloading)."""
        if resolve(self.index_dir) != self.engine.stored.path:
            self.engine = Engine.load(self.index_dir, self.embedder, self.fusion)
            log.info("now serving index generation %s", self.engine.generation)

    def _reload(self) -> None:
        if not self._reloading.acquire(blocking=False):
            return
        try:
            self._load_if_moved()
        except Exception:  # a half-switched or damaged index: keep serving the one we have
            log.exception("could not load the index at %s; still serving %s", self.index_dir, self.engine.generation)
        finally:
            self._reloading.release()

    def write(self, change) -> tuple[Commit, Engine]:
        """Run one change (a callable taking the library), then serve the index it committed before returning."""
        with self._write:
            commit = change(self.library)
            with self._reloading:
                self._load_if_moved()
            return commit, self.engine


__all__ = ["Engine", "LiveIndex"]
