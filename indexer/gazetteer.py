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


@lru_cache(maxsize=1)
def _divisions() -> list[dict]:
    return json.loads(NESTED_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))


def province_name(full: str) -> str:
    return _name(FORMER_NAMES.get(full, full))


def province_of(locality: str, level: str | None, district: str | None = None) -> str | None:
    """The one province with a unit named `locality` at `level` (in `district` when given); None if unsure."""
    found = set()
    want = _key(locality)
    for province in _divisions():
        for dist in province["districts"]:
            if level in ("huyện", "quận", "thị xã", "thành phố"):
                if _key(_name(dist["name"])) == want and dist["name"].lower().startswith(level):
                    found.add(province["name"])
                continue
            if district and _key(_name(dist["name"])) != _key(district):
                continue
            for ward in dist.get("wards", []):
                if _key(_name(ward["name"])) == want and (level is None or ward["name"].lower().startswith(level)):
                    found.add(province["name"])
    return province_name(found.pop()) if len(found) == 1 else None


def province_names() -> list[str]:
    """Every province-level unit, by the names the plans use (former names included)."""
    names = [province_name(p["name"]) for p in _divisions()]
    return names + [_name(p["name"]) for p in _divisions() if p["name"] in FORMER_NAMES]


__all__ = ["province_of", "province_names", "FORMER_NAMES"]
