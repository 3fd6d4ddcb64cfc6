"""Inverted maps over one index's clauses, so what a question names (an agency, a cited document number) is found by
look-up in the rows that hold it, at a cost that does not grow with the number of plans."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable

from indexer.agencies import canonical, canonical_matches

# A document number as `reference_key` writes it (`23/qd-ttg`, `121/2020/qh14`): the question side's shape
# (understanding._DOC_NUMBER).
DOC_NUMBER = re.compile(r"\b(\d+(?:/\d{4})?[/-][a-z0-9đ/-]*[a-z0-9])\b")


def _bigrams(words: list[str]) -> list[str]:
    """Word pairs; a one-word name is its own key (a question's single words look those up)."""
    return [" ".join(words[i:i + 2]) for i in range(len(words) - 1)] if len(words) > 1 else list(words)


class AgencyIndex:
    """Agency (or group) names -> the rows of the records naming them. Every way a question can name an agency
    (`indexer.agencies.agency_matches`) shares a run of two words with the name (or the one word of a one-word
    name), so only names sharing a word pair with the question are tested."""

    def __init__(self, named: Iterable[tuple[str, int]]) -> None:
        self.rows: dict[str, list[int]] = {}
        for name, row in named:
            if name and (key := canonical(name)):
                self.rows.setdefault(key, []).append(row)
        self._by_pair: dict[str, list[str]] = {}
        for key in self.rows:
            for pair in dict.fromkeys(_bigrams(key.split())):
                self._by_pair.setdefault(pair, []).append(key)

    def rows_named_in(self, text: str) -> set[int]:
        """Rows of every agency `text` names."""
        query = canonical(text)
        words = query.split()
        keys = {k for pair in [*_bigrams(words), *words] for k in self._by_pair.get(pair, ())}
        return {row for key in keys if canonical_matches(query, key) for row in self.rows[key]}


class ReferenceIndex:
    """Document numbers written in clauses (`reference_key` form) -> the rows naming them."""

    def __init__(self) -> None:
        self.rows: dict[str, list[int]] = {}
        self._sorted: list[str] | None = None

    def add(self, key_text: str, row: int) -> None:
        for number in dict.fromkeys(DOC_NUMBER.findall(key_text)):
            self.rows.setdefault(number, []).append(row)
        self._sorted = None

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


__all__ = ["AgencyIndex", "ReferenceIndex"]
