"""The bulk of an index read from disk when asked for, not held in memory: clause records, plan texts, plan facts.

A country's index holds a million clauses and a hundred thousand plans; parsed at start-up they took minutes and
gigabytes, while a question reads a few hundred clauses and a few plans' facts. Each lives in an SQLite table of the
generation (opened read-only, one connection per thread) and the most recently used are kept parsed.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path

from .records import PlanFacts

PLANS = "plans.sqlite"  # doc_id -> the plan's full text (table plan) and its facts as JSON (table facts)
CLAUSES = "clauses.sqlite"  # row -> the clause's record as JSON and its text (table clause)
FACTS_KEPT = 4096  # plans whose facts stay parsed (a question reads a few plans' facts)
CLAUSES_KEPT = 200_000  # clauses kept parsed: all of a province's plans, a fifth of a country's


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def read_plan(generation: Path, table: str, doc_id: str) -> str | None:
    """One plan's row of `plans.sqlite`: its text (table `plan`) or its facts as JSON (table `facts`)."""
    with contextlib.closing(_connect(generation / PLANS)) as db:
        row = db.execute(f"SELECT {table} FROM {table} WHERE doc_id = ?", (doc_id,)).fetchone()  # noqa: S608
    return row[0] if row else None


class PerPlan(Mapping):
    """doc_id -> a value computed from the plan when first asked for (its text, its phrases), the most recently
    used `keep` kept: a corpus of many plans is not held twice in memory, and a question touches few plans."""

    def __init__(self, doc_ids: Iterable[str], compute: Callable[[str], object], keep: int = 2048) -> None:
        self._ids = dict.fromkeys(doc_ids)
        self._compute, self._keep = compute, keep
        self._done: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def __getitem__(self, doc_id: str):
        if doc_id not in self._ids:
            raise KeyError(doc_id)
        with self._lock:
            if doc_id in self._done:
                self._done.move_to_end(doc_id)
                return self._done[doc_id]
        value = self._compute(doc_id)
        with self._lock:
            self._done[doc_id] = value
            while len(self._done) > self._keep:
                self._done.popitem(last=False)
        return value

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id) -> bool:
        return doc_id in self._ids


class FactStore(PerPlan):
    """doc_id -> the plan's facts (`PlanFacts`), read when first asked for; the most recently used `FACTS_KEPT`
    stay parsed."""

    def __init__(self, generation: Path, doc_ids: list[str]) -> None:
        self._generation = generation
        super().__init__(doc_ids, self._parse, keep=FACTS_KEPT)

    def _parse(self, doc_id: str) -> PlanFacts:
        raw = read_plan(self._generation, "facts", doc_id)
        return PlanFacts.from_dict(json.loads(raw)) if raw else PlanFacts(doc_id)


class ClauseStore(Sequence):
    """Row -> the clause's record (a dict, shared by every reader: treat it as read-only), parsed when first asked
    for; the most recently used `keep` stay parsed. Iterating reads the table in row order without keeping rows."""

    def __init__(self, path: Path, keep: int = CLAUSES_KEPT) -> None:
        self._path, self._keep = path, keep
        self._local = threading.local()
        self._lock = threading.Lock()
        self._kept: OrderedDict[int, dict] = OrderedDict()
        (last,) = self._db().execute("SELECT max(id) FROM clause").fetchone()
        self._n = 0 if last is None else last + 1

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = _connect(self._path)
        return db

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(self._n))]
        row = int(row)
        if row < 0:
            row += self._n
        if not 0 <= row < self._n:
            raise IndexError(f"clause row {row} out of range (0-{self._n - 1})")
        with self._lock:
            clause = self._kept.get(row)
            if clause is not None:
                self._kept.move_to_end(row)
                return clause
        (raw,) = self._db().execute("SELECT record FROM clause WHERE id = ?", (row,)).fetchone()
        clause = json.loads(raw)
        with self._lock:
            clause = self._kept.setdefault(row, clause)
            while len(self._kept) > self._keep:
                self._kept.popitem(last=False)
        return clause

    def __iter__(self) -> Iterator[dict]:
        for (raw,) in _connect(self._path).execute("SELECT record FROM clause ORDER BY id"):
            yield json.loads(raw)

    def texts(self, stride: int = 1, start: int = 0, stop: int | None = None) -> Iterator[str]:
        """The text of every `stride`-th clause of rows `start` to `stop` (a plan's run, a sample of the corpus),
        from the table's text column: no record parsed or kept."""
        rows = range(start, self._n if stop is None else min(stop, self._n), stride)
        if stride == 1:
            query = "SELECT text FROM clause WHERE id >= ? AND id < ? ORDER BY id"
            yield from (text for (text,) in self._db().execute(query, (rows.start, rows.stop)).fetchall())
            return
        with contextlib.closing(_connect(self._path)) as db:
            for start in range(0, len(rows), 500):
                batch = list(rows[start:start + 500])
                marks = ",".join("?" * len(batch))
                for (text,) in db.execute(f"SELECT text FROM clause WHERE id IN ({marks}) ORDER BY id", batch):  # noqa: S608
                    yield text


__all__ = ["CLAUSES", "PLANS", "ClauseStore", "FactStore", "PerPlan", "read_plan"]
