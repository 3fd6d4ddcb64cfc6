"""The plans of one index as a mapping doc_id -> record, with the look-ups questions need built once.

Understanding a question used to scan every plan's places, numbers and legal basis; with a province's or the
country's plans that is the cost of every request. A `Catalogue` is still the plain `dict` the code passes around
(`documents[doc_id]`), so anything built from a dict keeps working, and the maps below make each look-up cost the
size of the question, not of the corpus.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from functools import cached_property

from indexer.lookups import reference_key
from indexer.ondisk import PerPlan
from indexer.tokenizing import fold

PLACE_FIELDS = ("locality", "district", "province")


def place_key(text: str) -> str:
    """A place name or a question as folded words: `Thành phố Hà Tĩnh` -> `thanh pho ha tinh`."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w%/&-]+", " ", fold(text).lower())).strip()


class Catalogue(dict):
    """doc_id -> the plan's record (metadata, label, places), plus maps keyed the way questions name plans."""

    @classmethod
    def of(cls, documents) -> Catalogue:
        return documents if isinstance(documents, Catalogue) else cls(documents)

    @cached_property
    def places(self) -> dict[str, list[tuple[str, str, str]]]:
        """Folded place name -> (name as written, doc_id, field) of every plan naming it: in its metadata
        (locality, district, province) or in its header, title or scope (`places`)."""
        out: dict[str, list[tuple[str, str, str]]] = {}
        for doc in self.values():
            named = [(doc.get(f), f) for f in PLACE_FIELDS] + [(p, "places") for p in doc.get("places", [])]
            for name, field_name in named:
                if name and (key := place_key(name)):
                    out.setdefault(key, []).append((name, doc["doc_id"], field_name))
        return out

    @cached_property
    def issuers(self) -> dict[str, list[str]]:
        """Folded issuer name -> the plans it issued, for issuers no place names (a ministry, a central body):
        a question names such a plan by its issuer ("quyết định của Bộ Văn hóa, Thể thao và Du lịch")."""
        out: dict[str, list[str]] = {}
        for doc in self.values():
            if doc.get("issuer") and not doc.get("province") and len(key := place_key(doc["issuer"]).split()) >= 3:
                out.setdefault(" ".join(key), []).append(doc["doc_id"])
        return out

    @cached_property
    def _issuer_words(self) -> int:
        return max((len(k.split()) for k in self.issuers), default=0)

    def issued_by_in(self, folded_question: str) -> list[str]:
        """The plans of every no-place issuer whose folded name is a run of whole words of the question."""
        words = place_key(folded_question).split()
        found: list[str] = []
        for size in range(3, self._issuer_words + 1):
            for i in range(len(words) - size + 1):
                found += [d for d in self.issuers.get(" ".join(words[i:i + size]), []) if d not in found]
        return found

    @cached_property
    def _order(self) -> dict[tuple[str, str, str], int]:
        """Each place entry's position in corpus order, so matches come out in the order plans were listed."""
        order: dict[tuple[str, str, str], int] = {}
        for doc in self.values():
            for f in PLACE_FIELDS:
                if doc.get(f):
                    order.setdefault((doc[f], doc["doc_id"], f), len(order))
            for p in doc.get("places", []):
                order.setdefault((p, doc["doc_id"], "places"), len(order))
        return order

    @cached_property
    def _place_words(self) -> int:
        return max((len(k.split()) for k in self.places), default=0)

    def places_in(self, folded_question: str) -> list[tuple[str, str, str]]:
        """Every (name, doc_id, field) whose folded name is a run of whole words of the question."""
        words = folded_question.split()
        found = []
        for size in range(1, self._place_words + 1):
            for i in range(len(words) - size + 1):
                found += self.places.get(" ".join(words[i:i + size]), [])
        return sorted(set(found), key=self._order.__getitem__)

    @cached_property
    def _sorted_place_keys(self) -> list[str]:
        return sorted(self.places)

    @cached_property
    def _place_runs(self) -> frozenset[str]:
        """Every run of whole words inside a known place name ("ha tinh" inside "thanh pho ha tinh")."""
        runs = set()
        for key in self.places:
            words = key.split()
            runs.update(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
        return frozenset(runs)

    def knows_place(self, key: str) -> bool:
        """A folded name is a known place or a part of one."""
        return key in self._place_runs

    def place_prefixes(self, name: str) -> bool:
        """Some known place name starts with `name`, or `name` starts with one (a name cut short or run on)."""
        keys = self._sorted_place_keys
        i = bisect.bisect_left(keys, name)
        if i < len(keys) and keys[i].startswith(name):
            return True
        return any(name[:n] in self.places for n in range(1, len(name) + 1))

    @cached_property
    def place_syllables(self) -> frozenset[str]:
        """Every syllable of every plan's locality, district and province (folded)."""
        return frozenset(w for d in self.values() for f in PLACE_FIELDS if d.get(f)
                         for w in re.findall(r"[a-z0-9]+", fold(d[f]).lower()))

    @cached_property
    def by_number(self) -> dict[str, list[str]]:
        """A plan's own number, folded as a question writes it -> the plans with that number."""
        out: dict[str, list[str]] = {}
        for doc in self.values():
            if doc.get("number"):
                out.setdefault(place_key(doc["number"]), []).append(doc["doc_id"])
        return out

    @cached_property
    def own_references(self) -> frozenset[str]:
        return frozenset(reference_key(d["number"]) for d in self.values() if d.get("number"))

    @cached_property
    def citing(self) -> dict[str, list[str]]:
        """A document number (question-side key) -> the plans whose legal basis lists it."""
        out: dict[str, list[str]] = {}
        for doc in self.values():
            for basis in doc.get("legal_basis", []):
                plans = out.setdefault(reference_key(basis["number"]), [])
                if doc["doc_id"] not in plans:
                    plans.append(doc["doc_id"])
        return out

    @cached_property
    def dated(self) -> list[tuple[str, str]]:
        return sorted((d["date"], d["doc_id"]) for d in self.values() if d.get("date"))

    @cached_property
    def unnumbered(self) -> list[str]:
        return [d["doc_id"] for d in self.values() if not d.get("number")]

    @cached_property
    def mentioned(self) -> dict[str, list[str]]:
        """Folded district or commune name -> the plans whose text names it (with its level word) though their
        header and metadata name another place: a news item on a district plan copied under its city's portal."""
        out: dict[str, list[str]] = {}
        for doc in self.values():
            for name in doc.get("mentions", ()):
                out.setdefault(place_key(name), []).append(doc["doc_id"])
        return out

    @cached_property
    def placeless(self) -> list[str]:
        """Plans naming no place at all (a news item about "the district's" plan)."""
        return [d["doc_id"] for d in self.values() if not (d.get("places") or d.get("locality") or d.get("province"))]


class Scoped(Mapping):
    """Some plans' values of a `PerPlan`, each computed only when read."""

    def __init__(self, values: Mapping, doc_ids: Iterable[str]) -> None:
        self._values, self._ids = values, dict.fromkeys(doc_ids)

    def __getitem__(self, doc_id: str):
        if doc_id not in self._ids:
            raise KeyError(doc_id)
        return self._values[doc_id]

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


__all__ = ["Catalogue", "PerPlan", "Scoped", "place_key", "reference_key"]
