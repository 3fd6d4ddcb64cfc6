"""Which province holds a district, commune or ward, when the plan itself does not say (Quảng Vinh, Quảng Điền).

Uses the administrative divisions of `vietnam-provinces` 0.6 (as of January 2025: the 63 provinces with their
districts, before the July 2025 merger), the divisions these 2020–2024 plans were written under.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

from vietnam_provinces import NESTED_DIVISIONS_JSON_PATH

from .tokenizing import fold as fold_diacritics

# Province-level units renamed since the plans were issued: the plans and their readers use the old name.
FORMER_NAMES = {"Thành phố Huế": "Thừa Thiên Huế"}
_TYPE = re.compile(r"^(?:Tỉnh|Thành phố|Huyện|Quận|Thị xã|Xã|Phường|Thị trấn)\s+", re.IGNORECASE)


def _name(full: str) -> str:
    return _TYPE.sub("", unicodedata.normalize("NFC", full)).strip()


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def _key(name: str) -> str:
    """Old and new tone placement (`Hoà`/`Hòa`, `Thuỷ`/`Thủy`) meet: each syllable's tone mark moves to its end."""
    out = []
    for syllable in unicodedata.normalize("NFD", name.lower()).split():
        tones = "".join(ch for ch in syllable if ch in _TONES)
        out.append("".join(ch for ch in syllable if ch not in _TONES) + tones)
    return " ".join(out)


def fold(text: str) -> str:
    """Lower case without any diacritics, single-spaced (`Ninh Binh`, `NINH BÌNH` and `ninh bình` meet)."""
    return " ".join(fold_diacritics(text).lower().split())


def _matcher(name: str):
    """Compare by tone-insensitive placement, or without diacritics when the name is typed without any."""
    if fold(name) == " ".join(name.lower().split()):
        want = fold(name)
        return lambda other: fold(other) == want
    want = _key(name)
    return lambda other: _key(other) == want


@lru_cache(maxsize=1)
def _divisions() -> list[dict]:
    return json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))


def _level(full: str) -> str | None:
    m = _TYPE.match(unicodedata.normalize("NFC", full))
    return m.group(0).strip().lower() if m else None


@lru_cache(maxsize=8192)  # the gazetteer is fixed; a look-up scans all its units
def province_named(name: str) -> str | None:
    """The province-level unit called `name` (any case, with or without diacritics), by the name plans use."""
    same = _matcher(name)
    for province in _divisions():
        for full in (province["name"], FORMER_NAMES.get(province["name"], "")):
            if full and same(_name(full)):
                return province_name(province["name"])
    return None


@lru_cache(maxsize=8192)  # the gazetteer is fixed; a look-up scans all its units
def canonical(name: str, level: str | None = None) -> str | None:
    """The gazetteer's spelling of a unit typed `name` at `level` when exactly one spelling matches, else None."""
    if level in (None, "tỉnh", "thành phố") and (found := province_named(name)):
        return found
    same, spellings = _matcher(name), set()
    for province in _divisions():
        for dist in province["districts"]:
            units = [dist] + dist.get("wards", [])
            for unit in units:
                if same(_name(unit["name"])) and (level is None or _level(unit["name"]) == level):
                    spellings.add(_name(unit["name"]))
    return spellings.pop() if len(spellings) == 1 else None


def province_name(full: str) -> str:
    return _name(FORMER_NAMES.get(full, full))


@lru_cache(maxsize=8192)  # the gazetteer is fixed; a look-up scans all its units
def province_of(locality: str, level: str | None, district: str | None = None) -> str | None:
    """The one province with a unit named `locality` at `level` (in `district` when given); None if unsure."""
    found = set()
    same = _matcher(locality)
    in_district = _matcher(district) if district else None
    for province in _divisions():
        for dist in province["districts"]:
            if level in ("huyện", "quận", "thị xã", "thành phố"):
                if same(_name(dist["name"])) and _level(dist["name"]) == level:
                    found.add(province["name"])
                continue
            if in_district and not in_district(_name(dist["name"])):
                continue
            for ward in dist.get("wards", []):
                if same(_name(ward["name"])) and (level is None or _level(ward["name"]) == level):
                    found.add(province["name"])
    return province_name(found.pop()) if len(found) == 1 else None


def province_names() -> list[str]:
    """Every province-level unit, by the names the plans use (former names included)."""
    names = [province_name(p["name"]) for p in _divisions()]
    return names + [_name(p["name"]) for p in _divisions() if p["name"] in FORMER_NAMES]


def unit_names() -> tuple[list[str], list[str]]:
    """The names (without their level word) of every district and every commune or ward, for finding them in text."""
    districts = [_name(d["name"]) for p in _divisions() for d in p["districts"]]
    communes = [_name(w["name"]) for p in _divisions() for d in p["districts"] for w in d.get("wards", [])]
    return districts, communes


def district_of(locality: str, level: str | None, province: str | None = None) -> str | None:
    """The one district holding the commune or ward `locality` (in `province` when given); None if unsure."""
    found = set()
    same = _matcher(locality)
    in_province = _matcher(province) if province else None
    for prov in _divisions():
        if in_province and not in_province(province_name(prov["name"])):
            continue
        for dist in prov["districts"]:
            for ward in dist.get("wards", []):
                if same(_name(ward["name"])) and (level is None or _level(ward["name"]) == level):
                    found.add(_name(dist["name"]))
    return found.pop() if len(found) == 1 else None


__all__ = ["province_of", "province_names", "province_named", "district_of", "canonical", "fold", "unit_names",
           "FORMER_NAMES"]
