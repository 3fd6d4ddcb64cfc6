"""Inverted maps over one index's clauses, so what a question names (an agency, a cited document number) is found by
look-up in the rows that hold it, at a cost that does not grow with the number of plans."""

from __future__ import annotations

import bisect
from collections.abc import Mapping

from indexer.agencies import canonical, canonical_matches
from indexer.lookups import DOC_NUMBER


def _bigrams(words: list[str]) -> list[str]:
    """Word pairs; a one-word name is its own key (a question's single words look those up)."""
    return [" ".join(words[i:i + 2]) for i in range(len(words) - 1)] if len(words) > 1 else list(words)


class RowOf(Mapping):
    """(doc_id, ordinal in the plan) -> the clause's row: a plan's clauses are one run of rows in document order."""

    def __init__(self, plan_runs: dict[str, list[int]]) -> None:
        self._runs = plan_runs

    def __getitem__(self, key: tuple[str, int]) -> int:
        doc_id, ordinal = key
        start, stop = self._runs[doc_id]
        if not 0 <= ordinal < stop - start:
            raise KeyError(key)
        return start + ordinal

    def __iter__(self):
        return ((d, i) for d, (start, stop) in self._runs.items() for i in range(stop - start))

    def __len__(self) -> int:
        return sum(stop - start for start, stop in self._runs.values())


class IndicatorAt(Mapping):
    """Row of an indicator's clause -> the plan's `Indicator` record (read from the plan's facts when asked)."""

    def __init__(self, positions: dict[int, int], clauses, facts: Mapping) -> None:
        self._positions, self._clauses, self._facts = positions, clauses, facts

    def __getitem__(self, row: int):
        position = self._positions[row]
        return self._facts[self._clauses[row]["doc_id"]].indicators[position]

    def __contains__(self, row) -> bool:
        return row in self._positions

    def __iter__(self):
        return iter(self._positions)

    def __len__(self) -> int:
        return len(self._positions)


class AgencyIndex:
    """Agency (or group) names -> the rows of the records naming them. Every way a question can name an agency
    (`indexer.agencies.agency_matches`) shares a run of two words with the name (or the one word of a one-word
    name), so only names sharing a word pair with the question are tested."""

    def __init__(self, rows: dict[str, list[int]]) -> None:
        """`rows`: canonical name (`indexer.agencies.canonical`) -> rows, as `indexer.lookups` builds them."""
        self.rows = rows
        self._by_pair: dict[str, list[str]] = {}
        for key in self.rows:
            for pair in dict.fromkeys(_bigrams(key.split())):
                self._by_pair.setdefault(pair, []).append(key)

    def keys_named_in(self, text: str) -> list[str]:
        """The canonical names of every agency `text` names."""
        query = canonical(text)
        words = query.split()
        keys = {k for pair in [*_bigrams(words), *words] for k in self._by_pair.get(pair, ())}
        return sorted(key for key in keys if canonical_matches(query, key))

    def rows_named_in(self, text: str) -> set[int]:
        """Rows of every agency `text` names."""
        return {row for key in self.keys_named_in(text) for row in self.rows[key]}


class ReferenceIndex:
    """Document numbers written in clauses (`reference_key` form) -> the rows naming them."""

    def __init__(self, rows: dict[str, list[int]]) -> None:
        self.rows = rows
        self._sorted: list[str] | None = None

    def rows_naming(self, reference: str) -> list[int]:
        """Rows naming `reference`, also where it opens a longer number (`23/qd-ttg` in `23/qd-ttg-2020`)."""
        if self._sorted is None:
            self._sorted = sorted(self.rows)
        keys, out = self._sorted, []
        i = bisect.bisect_left(keys, reference)
        while i < len(keys) and keys[i].startswith(reference):
            out += self.rows[keys[i]]
            i += 1
        return sorted(set(out))


__all__ = ["DOC_NUMBER", "AgencyIndex", "IndicatorAt", "ReferenceIndex", "RowOf"]
