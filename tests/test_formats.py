"""Plans as Word files, PDFs and web pages: real files in, the same facts out as from the plain-text copy."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from conftest import CORPUS
from documents import RENDERERS, to_docx, to_pdf
from test_layouts import SEEDS, _facts, _identity, _raw, _read

from indexer.readers import SUFFIXES, PlanReadError, read_plan


@pytest.fixture(scope="module")
def originals():
    return {doc_id: _read(doc_id, _raw(doc_id)) for doc_id in SEEDS}


@pytest.mark.parametrize("fmt", sorted(RENDERERS))
@pytest.mark.parametrize("doc_id", SEEDS)
def test_same_metadata_and_facts_from_every_format(originals, doc_id, fmt):
    data = RENDERERS[fmt](_raw(doc_id))
    text = read_plan(f"plan.{fmt}", data).text
    assert text != _raw(doc_id)
    meta, facts = _read(doc_id, text)
    assert _identity(meta) == _identity(originals[doc_id][0])
    assert _facts(facts) == _facts(originals[doc_id][1])


def test_every_word_and_diacritic_survives_each_format():
    """Every word of the plan, with its diacritics and `đ`, comes out of each file (a web page adds its headline)."""
    raw = _raw(SEEDS[0])
    words = Counter(w for w in raw.split() if w != "|")
    for fmt, render in RENDERERS.items():
        got = Counter(w for w in read_plan(f"plan.{fmt}", render(raw)).text.split() if w != "|")
        assert not words - got, (fmt, list((words - got).items())[:5])
        if fmt != "html":
            assert got == words, fmt


def test_a_header_table_keeps_its_columns_apart():
    raw = _raw(SEEDS[0])
    for fmt in ("docx", "pdf"):
        text = read_plan(f"plan.{fmt}", RENDERERS[fmt](raw)).text
        # never one run-on line "Số: 2716/KH-UBND Hải Dương, ngày …"
        assert not any("KH-UBND Hải Dương" in line for line in text.split("\n")), fmt


def test_word_automatic_numbering_is_rendered():
    import docx

    document = docx.Document()
    document.add_paragraph("I. MỤC TIÊU")
    document.add_paragraph("Mục tiêu chung", style="List Number")
    document.add_paragraph("Mục tiêu cụ thể", style="List Number")
    document.add_paragraph("Tỷ lệ trẻ em được khai sinh đạt 99%", style="List Bullet")
    out = io.BytesIO()
    document.save(out)
    lines = read_plan("plan.docx", out.getvalue()).text.split("\n")
    assert lines == ["I. MỤC TIÊU", "1. Mục tiêu chung", "2. Mục tiêu cụ thể", "- Tỷ lệ trẻ em được khai sinh đạt 99%"]


def test_a_wide_word_table_is_one_row_per_line():
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    rows = [["STT", "Chỉ tiêu", "2025", "2030"], ["1", "Tỷ lệ trẻ em\nđược khai sinh", "99%", "100%"]]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    out = io.BytesIO()
    document.save(out)
    assert read_plan("t.docx", out.getvalue()).text.split("\n") == [
        "STT | Chỉ tiêu | 2025 | 2030", "1 | Tỷ lệ trẻ em được khai sinh | 99% | 100%"]


def test_text_encodings():
    raw = _raw(SEEDS[1])
    for data in (raw.encode("utf-8"), b"\xef\xbb\xbf" + raw.encode("utf-8"), raw.encode("utf-16"),
                 raw.encode("utf-16-be").join([b"\xfe\xff", b""])):
        assert read_plan("plan.txt", data).text == raw


def test_files_that_cannot_be_read_say_why():
    with pytest.raises(PlanReadError, match="no text layer"):
        read_plan("scan.pdf", to_pdf(_raw(SEEDS[0]), text_layer=False))
    with pytest.raises(PlanReadError, match="not a readable PDF"):
        read_plan("broken.pdf", b"%PDF-1.4 garbage")
    with pytest.raises(PlanReadError, match="not a Word .docx"):
        read_plan("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(PlanReadError, match="not UTF-8"):
        read_plan("plan.txt", "Kế hoạch".encode("utf-8")[:-1] + b"\xff\xfe\xfd" + b"x")
    with pytest.raises(PlanReadError, match="not a plan format"):
        read_plan("plan.doc", b"x")
    with pytest.raises(PlanReadError, match="empty"):
        read_plan("plan.md", b"  \n")
    assert set(SUFFIXES) >= {".txt", ".md", ".docx", ".pdf", ".html"}


def test_a_truncated_docx_is_refused_not_crashed():
    data = to_docx((CORPUS / f"{SEEDS[2]}.txt").read_text(encoding="utf-8"))
    with pytest.raises(PlanReadError):
        read_plan("cut.docx", data[: len(data) // 2])
