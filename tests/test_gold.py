"""Checks on the evaluation gold set eval/gold.jsonl.

Standard library and pytest only; no project imports.  The gold set is read
relative to the repository root, and every gold clause is checked verbatim
against the plain-text plans in corpus/.
"""

import json
import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLD_PATH = ROOT / "eval" / "gold.jsonl"
CORPUS_DIR = ROOT / "corpus"

FIELDS = {
    "id": str,
    "question": str,
    "lang": str,
    "kind": str,
    "answerable": bool,
    "split": str,
    "sources": list,
    "gold": list,
    "answers": list,
    "note": str,
}
LANGS = {"vi", "en", "vi_nodiac"}
KINDS = {"who", "target", "task", "when", "plan", "compare", "list"}

MIN_ITEMS = 170
MIN_EN = 0.25
MIN_NODIAC = 0.12
MIN_UNANSWERABLE = 0.12
MIN_PER_KIND = 12
MIN_PER_PLAN = 20

# A gold substring must be a clean stretch of one physical line.
MIN_SUBSTRING = 10
MAX_SUBSTRING = 160


def _load_lines():
    return GOLD_PATH.read_text(encoding="utf-8").splitlines()


def _load_items():
    return [json.loads(line) for line in _load_lines() if line.strip()]


def _corpus():
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(CORPUS_DIR.glob("*.txt"))}


def _collapse(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def _alnum(text):
    return "".join(ch for ch in text.lower() if ch.isalnum())


ITEMS = _load_items()
CORPUS = _corpus()
ANSWERABLE = [it for it in ITEMS if it.get("answerable") is True]


def _ids(items):
    return [it.get("id", "?") for it in items]


# --------------------------------------------------------------------------
# File and record structure
# --------------------------------------------------------------------------

def test_file_exists_and_corpus_present():
    assert GOLD_PATH.is_file(), f"missing {GOLD_PATH}"
    assert len(CORPUS) == 5, f"expected 5 corpus files, found {sorted(CORPUS)}"


def test_every_line_parses_as_object():
    for n, line in enumerate(_load_lines(), 1):
        assert line.strip(), f"line {n} is blank"
        obj = json.loads(line)
        assert isinstance(obj, dict), f"line {n} is not a JSON object"


def test_file_is_utf8_without_ascii_escapes():
    raw = GOLD_PATH.read_bytes()
    raw.decode("utf-8")
    assert b"\\u00" not in raw and b"\\u1e" not in raw, "write with ensure_ascii=False"


@pytest.mark.parametrize("item", ITEMS, ids=_ids(ITEMS))
def test_fields_and_types(item):
    assert set(item) == set(FIELDS), f"fields differ: {sorted(set(item) ^ set(FIELDS))}"
    for name, typ in FIELDS.items():
        assert isinstance(item[name], typ), f"{name} should be {typ.__name__}"
    assert re.fullmatch(r"q\d{3,}", item["id"]), item["id"]
    assert item["question"].strip(), "empty question"
    assert item["note"].strip(), "empty note"
    assert item["lang"] in LANGS, item["lang"]
    assert item["kind"] in KINDS, item["kind"]
    # the blind part is what the gate trusts most: only questions written without seeing the code belong to it
    assert item["split"] == ("blind" if "[written blind" in item["note"] else "tuned"), item["split"]
    for s in item["sources"]:
        assert isinstance(s, str) and s in CORPUS, f"unknown source {s!r}"
    assert len(set(item["sources"])) == len(item["sources"]), "duplicate source"
    for g in item["gold"]:
        assert isinstance(g, dict) and set(g) == {"source", "substring"}, g
        assert isinstance(g["source"], str) and isinstance(g["substring"], str), g
    for group in item["answers"]:
        assert isinstance(group, list), "answer group must be a list"
        for alt in group:
            assert isinstance(alt, str) and alt.strip(), f"bad alternative {alt!r}"


def test_ids_unique_and_sequential():
    ids = [it["id"] for it in ITEMS]
    assert len(ids) == len(set(ids)), [i for i, c in Counter(ids).items() if c > 1]
    assert ids == [f"q{n:03d}" for n in range(1, len(ids) + 1)], "ids must run q001, q002, ..."


def test_questions_unique():
    qs = Counter(it["question"].strip().lower() for it in ITEMS)
    dup = [q for q, c in qs.items() if c > 1]
    assert not dup, dup


@pytest.mark.parametrize("item", ITEMS, ids=_ids(ITEMS))
def test_language_tag_matches_question(item):
    q = item["question"]
    if item["lang"] == "vi_nodiac":
        assert all(ord(c) < 128 for c in q), "vi_nodiac question contains diacritics"
    elif item["lang"] == "vi":
        assert any(ord(c) > 127 for c in q), "vi question has no diacritics"


# --------------------------------------------------------------------------
# Gold clauses against the corpus
# --------------------------------------------------------------------------

@pytest.mark.parametrize("item", ITEMS, ids=_ids(ITEMS))
def test_gold_substrings_occur_exactly_once(item):
    for g in item["gold"]:
        src, sub = g["source"], g["substring"]
        assert src in item["sources"], f"gold source {src} not in sources"
        assert src in CORPUS, f"unknown corpus file {src}"
        count = CORPUS[src].count(sub)
        assert count == 1, f"{sub!r} occurs {count} times in {src}"


@pytest.mark.parametrize("item", ITEMS, ids=_ids(ITEMS))
def test_gold_substrings_are_clean_single_line(item):
    for g in item["gold"]:
        sub = g["substring"]
        assert "\n" not in sub and "\r" not in sub, f"spans lines: {sub!r}"
        assert "\t" not in sub, f"contains a tab: {sub!r}"
        assert "  " not in sub, f"contains a double space: {sub!r}"
        assert "\xa0" not in sub, f"contains a no-break space: {sub!r}"
        assert sub == sub.strip(), f"leading/trailing space: {sub!r}"
        assert MIN_SUBSTRING <= len(sub) <= MAX_SUBSTRING, f"length {len(sub)}: {sub!r}"


# --------------------------------------------------------------------------
# Answerable / unanswerable consistency
# --------------------------------------------------------------------------

@pytest.mark.parametrize("item", ITEMS, ids=_ids(ITEMS))
def test_answerable_consistency(item):
    if item["answerable"]:
        assert item["sources"], "answerable item without sources"
        assert item["gold"], "answerable item without gold"
        assert item["answers"], "answerable item without answers"
        for group in item["answers"]:
            assert group, "empty answer group"
        gold_sources = {g["source"] for g in item["gold"]}
        missing = set(item["sources"]) - gold_sources
        assert not missing, f"sources without a gold clause: {sorted(missing)}"
    else:
        assert item["answers"] == [], "unanswerable item must have no answers"


@pytest.mark.parametrize("item", [it for it in ANSWERABLE if it["kind"] == "compare"],
                         ids=_ids([it for it in ANSWERABLE if it["kind"] == "compare"]))
def test_compare_items_span_two_plans(item):
    assert len(item["sources"]) >= 2, "compare needs two plans"
    per_plan = Counter(g["source"] for g in item["gold"])
    assert all(per_plan[s] >= 1 for s in item["sources"]), "one gold entry per plan"


@pytest.mark.parametrize("item", ANSWERABLE, ids=_ids(ANSWERABLE))
def test_answer_groups_found_in_sources(item):
    """Each answer group has an alternative that occurs in one of its sources.

    Matching is case-insensitive after collapsing whitespace, or, for
    reformatted values, after reducing both sides to letters and digits only.
    This catches typos in answers.
    """
    texts = [CORPUS[s] for s in item["sources"]]
    collapsed = [_collapse(t) for t in texts]
    alnum = [_alnum(t) for t in texts]
    for group in item["answers"]:
        ok = False
        for alt in group:
            a1, a2 = _collapse(alt), _alnum(alt)
            if any(a1 in t for t in collapsed) or (a2 and any(a2 in t for t in alnum)):
                ok = True
                break
        assert ok, f"no alternative of {group} found in {item['sources']}"


# --------------------------------------------------------------------------
# Counts and proportions
# --------------------------------------------------------------------------

def test_minimum_item_count():
    assert len(ITEMS) >= MIN_ITEMS, len(ITEMS)


def test_language_proportions():
    n = len(ITEMS)
    langs = Counter(it["lang"] for it in ITEMS)
    assert langs["en"] / n >= MIN_EN, dict(langs)
    assert langs["vi_nodiac"] / n >= MIN_NODIAC, dict(langs)


def test_unanswerable_proportion():
    n = len(ITEMS)
    unans = sum(1 for it in ITEMS if not it["answerable"])
    assert unans / n >= MIN_UNANSWERABLE, unans


def test_every_kind_covered():
    kinds = Counter(it["kind"] for it in ITEMS)
    short = {k: kinds[k] for k in KINDS if kinds[k] < MIN_PER_KIND}
    assert not short, short


def test_every_plan_covered():
    plans = Counter(s for it in ITEMS for s in it["sources"])
    short = {p: plans[p] for p in CORPUS if plans[p] < MIN_PER_PLAN}
    assert not short, short


def test_kinds_spread_over_plans():
    """Each kind draws on more than one plan."""
    for kind in KINDS:
        plans = {s for it in ITEMS if it["kind"] == kind for s in it["sources"]}
        assert len(plans) >= 2, f"{kind}: {sorted(plans)}"


def test_unanswerable_categories_present():
    unans = [it for it in ITEMS if not it["answerable"]]
    by_source = Counter(s for it in unans for s in it["sources"])
    # questions about plans without numbered indicators, and about each plan
    for name in CORPUS:
        assert by_source[name] >= 1, f"no unanswerable item about {name}"
    # localities not in the corpus
    assert any(not it["sources"] for it in unans), "no out-of-corpus locality"
