"""`planqa eval`: run the gold set against planqa and its baselines, print and write the report, gate regressions.

Every system is scored by the same hit rule on citation offsets, in the same run, over the same questions.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import httpx
from tqdm import tqdm

from . import metrics as m
from .baselines import NaiveLines, NaiveRag, read_corpus

HERE = Path(__file__).resolve().parent
GOLD = HERE / "gold.jsonl"
THRESHOLDS = HERE / "thresholds.json"
KINDS = ("who", "target", "task", "when", "plan", "compare", "list")
LANGS = ("vi", "en", "vi_nodiac")
# tuned: written alongside the code; blind: written by people who had not seen the code; unseen: questions on plans
# the project never saw (eval/devset), written before planqa was run on them
SPLITS = ("tuned", "blind", "unseen")


class RequestFailed(RuntimeError):
    """One request that did not come back as a 200; the item is scored as a miss and the run goes on."""


def load_gold(path: Path = GOLD) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


class ApiSystem:
    """planqa's HTTP API in one search mode; `client` is an httpx.Client or a FastAPI TestClient (same API)."""

    def __init__(self, name: str, client: httpx.Client, mode: str, answers: bool) -> None:
        self.name, self.client, self.mode, self.answers = name, client, mode, answers

    def _post(self, path: str, body: dict) -> dict:
        try:
            response = self.client.post(path, json=body)
        except httpx.HTTPError as e:
            raise RequestFailed(f"{path}: {type(e).__name__}: {e}") from None
        if response.status_code != 200:
            raise RequestFailed(f"{path}: HTTP {response.status_code}: {response.text[:200]}")
        return response.json()

    def search(self, query: str, k: int) -> list[m.Span]:
        data = self._post("/search", {"query": query, "k": k, "mode": self.mode})
        return [m.Span(c["source"], c["start"], c["end"]) for c in (r["citation"] for r in data["results"])]

    def ask(self, question: str) -> tuple[str, bool]:
        data = self._post("/ask", {"question": question})
        return data["answer"], bool(data["found"])


def api_systems(client: httpx.Client, baselines: bool = True) -> list[ApiSystem]:
    systems = [ApiSystem("planqa", client, "hybrid", answers=True)]
    if baselines:
        systems += [ApiSystem("bm25", client, "bm25", answers=False), ApiSystem("dense", client, "dense", answers=False)]
    return systems


def _timed(call: Callable, *args):
    """(result, milliseconds, error message); only RequestFailed is an item failure, anything else is a bug."""
    t = time.perf_counter()
    try:
        return call(*args), (time.perf_counter() - t) * 1000, None
    except RequestFailed as e:
        return None, (time.perf_counter() - t) * 1000, str(e)


def score_item(item: dict, spans: list[m.Span], system) -> dict:
    row: dict = {}
    results, row["search_ms"], row["search_error"] = _timed(system.search, item["question"], m.K)
    if item["answerable"]:
        results = results or []
        row["rank"] = m.first_hit_rank(results, spans)
        row["ndcg"] = m.ndcg(results, spans)
    if system.answers:
        reply, row["ask_ms"], row["ask_error"] = _timed(system.ask, item["question"])
        answer, row["found"] = reply if reply else ("", None)
        row["answer"] = answer
        if item["answerable"]:
            row["correct"] = m.answer_correct(answer, row["found"], item["answers"])
            row["first_sentence"] = m.states_fact(answer, row["found"], item["answers"])
            row["first_300"] = m.states_fact(answer, row["found"], item["answers"], within="chars")
            row["correct_strict"] = m.answer_correct(answer, row["found"], item["answers"], lenient_percent=False)
            # the old, lenient rule (any found value, evidence included), kept to show what honesty costs
            row["correct_anywhere"] = m.answer_matches(answer, item["answers"])
    return row


def summarise(records: list[dict], name: str) -> dict:
    """Every metric of one system over some records; None where it does not apply or has no items."""
    rows = [(r, r["systems"][name]) for r in records]
    answerable = [s for r, s in rows if r["answerable"]]
    ranks = [s["rank"] for s in answerable]
    answers = all("found" in s for _, s in rows)
    out = {
        "n": len(rows), "n_answerable": len(answerable),
        "recall@1": m.recall_at(ranks, 1), "recall@5": m.recall_at(ranks, 5), "recall@10": m.recall_at(ranks, 10),
        "mrr@10": m.mrr(ranks), "ndcg@10": m.mean(s["ndcg"] for s in answerable),
        "answer_accuracy": None, "fact_first_sentence": None, "fact_first_300": None, "answer_anywhere": None,
        "abstention_precision": None, "abstention_recall": None,
        "found_false_rate_answerable": None,
        "search_p50_ms": m.percentile([s["search_ms"] for _, s in rows], 50),
        "search_p95_ms": m.percentile([s["search_ms"] for _, s in rows], 95),
        "ask_p50_ms": None, "ask_p95_ms": None,
        "errors": sum(bool(s.get("search_error")) + bool(s.get("ask_error")) for _, s in rows),
    }
    if answers and rows:
        ab = m.abstention([(r["answerable"], s["found"]) for r, s in rows])
        out.update(
            answer_accuracy=m.mean(1.0 if s["correct"] else 0.0 for s in answerable),
            answer_anywhere=m.mean(1.0 if s["correct_anywhere"] else 0.0 for s in answerable),
            fact_first_sentence=m.mean(1.0 if s.get("first_sentence") else 0.0 for s in answerable),
            fact_first_300=m.mean(1.0 if s.get("first_300") else 0.0 for s in answerable),
            abstention_precision=ab.precision, abstention_recall=ab.recall,
            found_false_rate_answerable=ab.found_false_rate_answerable,
            ask_p50_ms=m.percentile([s["ask_ms"] for _, s in rows], 50),
            ask_p95_ms=m.percentile([s["ask_ms"] for _, s in rows], 95),
        )
    return out


def summarise_all(records: list[dict], names: list[str]) -> dict:
    def groups(name: str, field: str, order: tuple[str, ...]) -> dict:
        present = [g for g in order if any(r[field] == g for r in records)]
        present += sorted({r[field] for r in records} - set(order))
        return {g: summarise([r for r in records if r[field] == g], name) for g in present}

    return {name: {"overall": summarise(records, name), "by_kind": groups(name, "kind", KINDS),
                   "by_lang": groups(name, "lang", LANGS), "by_split": groups(name, "split", SPLITS)}
            for name in names}


def evaluate(items: list[dict], systems: list, texts: dict[str, str], progress: bool = True) -> dict:
    spans = {it["id"]: m.gold_spans(it, texts) for it in items}  # before any request: a bad gold set fails fast
    started = time.perf_counter()
    records = [{"id": it["id"], "kind": it["kind"], "lang": it["lang"], "answerable": it["answerable"],
                "split": it.get("split", "tuned"), "question": it["question"], "systems": {}} for it in items]
    # one system at a time, so no system's latency includes warm-up or contention left by another's calls
    for system in systems:
        for it, record in zip(tqdm(items, desc=system.name, unit="question", disable=not progress), records):
            record["systems"][system.name] = score_item(it, spans[it["id"]], system)
    names = [s.name for s in systems]
    flips = {n: [r["id"] for r in records if r["answerable"] and "correct" in r["systems"][n]
                 and r["systems"][n]["correct"] != r["systems"][n]["correct_strict"]] for n in names}
    meta = {"items": len(items), "answerable": sum(it["answerable"] for it in items),
            "unanswerable": sum(not it["answerable"] for it in items), "k": m.K, "systems": names,
            "eval_s": round(time.perf_counter() - started, 2),
            "percent_leniency_changed": {n: ids for n, ids in flips.items() if ids}}
    return {"meta": meta, "systems": summarise_all(records, names), "items": records}


def run(items: list[dict], client: httpx.Client, corpus_dirs: Path | list[Path], embedder=None,
        baselines: bool = True, progress: bool = True) -> dict:
    """planqa (and with `baselines` bm25, dense, naive-rag and naive-lines, the last two needing `embedder`)."""
    texts = read_corpus(corpus_dirs)
    systems: list = api_systems(client, baselines)
    started = time.perf_counter()
    if baselines:
        systems += [NaiveRag(texts, embedder, progress=progress), NaiveLines(texts, embedder, progress=progress)]
    setup_s = round(time.perf_counter() - started, 2)
    report = evaluate(items, systems, texts, progress)
    report["meta"]["setup_s"] = setup_s
    return report


# ---------------------------------------------------------------------------------------------------- gate

def load_thresholds(path: Path = THRESHOLDS) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def gate(report: dict, thresholds: dict) -> list[str]:
    """One line per metric past its threshold: below a minimum, or above a `*_max`. Keys starting `_` are notes.
    A key `system` limits that system's overall numbers; `system@split` those of one split (`planqa@blind`)."""
    failures = []
    for target, limits in thresholds.items():
        if target.startswith("_"):
            continue
        system, _, split = target.partition("@")
        numbers = report["systems"].get(system, {})
        overall = numbers.get("by_split", {}).get(split, {}) if split else numbers.get("overall", {})
        for key, limit in limits.items():
            if key.startswith("_"):
                continue
            name, is_max = (key[:-4], True) if key.endswith("_max") else (key, False)
            value = overall.get(name)
            if value is None:
                failures.append(f"{target} {name}: not measured (threshold {limit})")
            elif (value > limit) if is_max else (value < limit):
                failures.append(f"{target} {name} = {value:.4f} is {'above' if is_max else 'below'} {limit}")
    return failures


# -------------------------------------------------------------------------------------------------- report

ROWS = [  # (metric, label, format)
    ("recall@1", "Recall@1", "rate"), ("recall@5", "Recall@5", "rate"), ("recall@10", "Recall@10", "rate"),
    ("mrr@10", "MRR@10", "rate"), ("ndcg@10", "nDCG@10", "rate"), ("answer_accuracy", "Answer accuracy", "rate"),
    ("fact_first_sentence", "Fact in the answer's first sentence", "rate"),
    ("fact_first_300", "Fact in the answer's first 300 characters", "rate"),
    ("answer_anywhere", "Gold anywhere in reply (old rule)", "rate"),
    ("abstention_precision", "Abstention precision", "rate"), ("abstention_recall", "Abstention recall", "rate"),
    ("found_false_rate_answerable", "found=false on answerable", "rate"),
    ("search_p50_ms", "/search p50 ms", "ms"), ("search_p95_ms", "/search p95 ms", "ms"),
    ("ask_p50_ms", "/ask p50 ms", "ms"), ("ask_p95_ms", "/ask p95 ms", "ms"), ("errors", "Failed requests", "int"),
]
BREAKDOWN = ["n", "n_answerable", "recall@1", "recall@5", "recall@10", "mrr@10", "ndcg@10", "answer_accuracy",
             "fact_first_sentence",
             "abstention_precision", "abstention_recall", "found_false_rate_answerable", "search_p50_ms",
             "ask_p50_ms"]
SHORT = {"n": "n", "n_answerable": "ans", "recall@1": "R@1", "recall@5": "R@5", "recall@10": "R@10", "mrr@10": "MRR", "ndcg@10": "nDCG",
         "answer_accuracy": "Acc", "fact_first_sentence": "1st sent", "abstention_precision": "AbsP", "abstention_recall": "AbsR",
         "found_false_rate_answerable": "Decl", "search_p50_ms": "search ms", "ask_p50_ms": "ask ms"}
FORMATS = dict((key, fmt) for key, _, fmt in ROWS) | {"n": "int", "n_answerable": "int"}


def fmt(value, kind: str) -> str:
    if value is None:
        return "—"
    return {"rate": f"{value:.3f}", "ms": f"{value:.1f}", "int": str(value)}[kind]


def tables(report: dict, system: str = "planqa") -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows): the system comparison, every system's Recall@5 by lang, then `system` by kind and
    by lang."""
    names = list(report["systems"])
    out = [("Systems", ["metric", *names],
            [[label, *(fmt(report["systems"][n]["overall"][key], f) for n in names)] for key, label, f in ROWS])]
    langs = list(dict.fromkeys(g for n in names for g in report["systems"][n]["by_lang"]))
    out.append(("Recall@5 by lang", ["lang", *names],
                [[g, *(fmt(report["systems"][n]["by_lang"].get(g, {}).get("recall@5"), "rate") for n in names)]
                 for g in langs]))
    if system in report["systems"]:
        for field in ("by_split", "by_kind", "by_lang"):
            groups = report["systems"][system][field]
            out.append((f"{system} {field.replace('_', ' ')}", [field[3:], *(SHORT[k] for k in BREAKDOWN)],
                        [[g, *(fmt(v[k], FORMATS[k]) for k in BREAKDOWN)] for g, v in groups.items()]))
    return out


def _footer(report: dict) -> list[str]:
    meta = report["meta"]
    lines = [f"{meta['items']} questions ({meta['answerable']} answerable, {meta['unanswerable']} not); "
             f"retrieval at k={meta['k']} over answerable questions; setup {meta.get('setup_s', 0)} s, "
             f"questions {meta['eval_s']} s" + (f", wall {meta['wall_s']} s" if "wall_s" in meta else "")
             + (f"; planqa fusion: {meta['fusion']}" if meta.get("fusion") else "") + "."]
    lines.append("Recall@k: share of questions with a gold clause in the top k. Decl: found=false on answerable. "
                 "— : not applicable (bm25, dense and naive-lines give no answers).")
    for name, ids in meta.get("percent_leniency_changed", {}).items():
        lines.append(f"{name}: answers judged correct only thanks to the '99 %' = '99%' leniency: {', '.join(ids)}")
    return lines


def markdown(report: dict) -> str:
    parts = ["# planqa evaluation", ""]
    for title, header, rows in tables(report):
        parts += [f"## {title}", "", "| " + " | ".join(header) + " |",
                  "|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|",
                  *("| " + " | ".join(r) + " |" for r in rows), ""]
    return "\n".join(parts + _footer(report)) + "\n"


def plain(report: dict) -> str:
    parts = []
    for title, header, rows in tables(report):
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        line = lambda r: "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
        parts += [title, line(header), line(["-" * w for w in widths]), *map(line, rows), ""]
    return "\n".join(parts + _footer(report))


def print_report(report: dict) -> None:
    try:
        from rich import box
        from rich.console import Console
        from rich.table import Table
    except ImportError:  # rich comes with typer, but the plain table needs nothing
        print(plain(report))
        return
    # never squeeze numbers into ellipses: a table wider than the terminal wraps, which stays readable
    console = Console(width=max(Console().width, 150))
    for title, header, rows in tables(report):
        table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
        for i, h in enumerate(header):
            table.add_column(h, justify="left" if i == 0 else "right", no_wrap=True)
        for r in rows:
            table.add_row(*r)
        console.print(table)
    for line in _footer(report):
        console.print(line, highlight=False)


def write_report(report: dict, out_dir: Path) -> tuple[Path, Path]:
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out_dir / "report.json", out_dir / "report.md"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    md_path.write_text(markdown(report), encoding="utf-8")
    return json_path, md_path
