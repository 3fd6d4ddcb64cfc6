"""planqa indexer: plan texts in, index directory out (`build_index`), read back with `load_index`."""

from .corpus import CorpusError
from .embedding import Embedder, ModelError, load_embedder
from .pipeline import build_index
from .store import IndexError_ as IndexNotReady
from .store import load_index, read_manifest

__all__ = ["build_index", "load_index", "read_manifest", "load_embedder", "Embedder", "CorpusError", "ModelError",
           "IndexNotReady"]
