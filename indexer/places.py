"""Which places a plan is about, read from its own words: the places its header and title name, every
`trên địa bàn <place>` phrase, and for a copy with no readable place in its header, the first places its text names. A question naming one of them reaches the plan even when the metadata
could not read the plan's locality (an odd header), and "no plan covers X" is said only when no plan is about X.

Names are checked against the administrative divisions (`vietnam-provinces` 0.6, via the gazetteer): a province
by its name alone, a district or commune only after its level word (`huyện Hương Khê`, `xã Quảng Vinh`), since
commune names such as `Tân Lập` are common words and repeat across provinces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .gazetteer import province_names, unit_names
from .tokenizing import fold

# Level words with their diacritics: folded, `quản lý nhân lực` would read as `quận Lý Nhân`.
_DISTRICT_WORDS = ("huyện", "quận", "thị xã", "thành phố")
_COMMUNE_WORDS = ("xã", "phường", "thị trấn")
_NAME_WORDS = 4  # the longest unit names have four syllables (`Thừa Thiên Huế` has three)
# The plan is about the place of `trên địa bàn X` (its scope), not every body it mentions.
_SCOPE = re.compile(r"\btrên địa bàn\s+([^.;:()\n]{0,60})", re.IGNORECASE)


def _folded(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", fold(text).lower()))


def _words(text: str) -> str:
    """Lower-case words with their diacritics (NFC), single-spaced."""
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFC", text).lower()))


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, str], set[str], set[str]]:
    """Provinces (folded name -> name as the divisions write it), and the folded names of districts and communes."""
    provinces = {_folded(n): n for n in province_names()}
    districts, communes = ({_folded(n) for n in names} for names in unit_names())
    return provinces, districts, communes


def _after_level(text: str, words: tuple[str, ...], names: set[str]) -> list[str]:
    """Unit names that follow one of the level `words`, longest first (`thành phố Hồ Chí Minh`), as the text
    spells them (folded, `Quảng Vinh` and `Quang Vinh` are one key)."""
    found = []
    for m in re.finditer(rf"(?<!\w)({'|'.join(words)}) ((?:\w+ ?){{1,{_NAME_WORDS}}})", text):
        syllables = m.group(2).split()
        if syllables[0].isdigit():  # "phường 1": a numbered unit is named with its level word
            if _folded(syllables[0]) in names:
                found.append(f"{m.group(1).capitalize()} {syllables[0]}")
            continue
        for n in range(len(syllables), 0, -1):
            if _folded(" ".join(syllables[:n])) in names:
                found.append(" ".join(w[:1].upper() + w[1:] for w in syllables[:n]))
                break
    return found


def places_named(text: str) -> list[str]:
    """Provinces, districts and communes a piece of text names, in order of first mention, without repeats."""
    padded = f" {_folded(text)} "
    provinces, districts, communes = _units()
    found = [(padded.find(f" {key} "), name) for key, name in provinces.items() if f" {key} " in padded]
    for words, names in ((_DISTRICT_WORDS, districts), (_COMMUNE_WORDS, communes)):
        found += [(padded.find(f" {_folded(name)} "), name) for name in _after_level(_words(text), words, names)]
    names = list(dict.fromkeys(name for _, name in sorted(found)))
    keys = {name: f" {_folded(name)} " for name in names}
    # "Huế" inside "Thừa Thiên Huế" is the same mention, not a second place
    return [n for n in names if not any(keys[n] in keys[o] and keys[n] != keys[o] for o in names)]


# A copy with no header (a news item or portal notice reporting a plan) names its place only in its sentences
# ("Ban Chỉ đạo … huyện Chợ Đồn đã ban hành Kế hoạch …"): the first places it names are what it is about.
_BODY_PLACES = 3


_LEVEL_WORDS = "|".join(_DISTRICT_WORDS + _COMMUNE_WORDS)


def _capitalised(place: str, body: str) -> bool:
    """Whether the text writes the place as a proper name: a province anywhere, a district or commune right after
    its level word ("thị trấn chủ động" names no commune Chủ though "Chủ tịch" is capitalised elsewhere)."""
    name = r"\s+".join(re.escape(w) for w in place.split())
    if place in _units()[0].values() or place.split()[0].lower() in _COMMUNE_WORDS + _DISTRICT_WORDS:
        return bool(re.search(rf"(?<!\w){name}(?!\w)", body, re.IGNORECASE if place[-1].isdigit() else 0))
    return bool(re.search(rf"(?<!\w)(?i:{_LEVEL_WORDS})\s+{name}(?!\w)", body))


def plan_places(front_matter: str, body: str, header_has_place: bool = True) -> list[str]:
    """The places a plan is about: those its header and title (`front_matter`) name, then its scopes; for a plan
    whose header names no place, also the first places its text names."""
    scopes = " ; ".join(m.group(0) for m in _SCOPE.finditer(body))
    found = places_named(front_matter) + places_named(scopes)
    if not header_has_place:
        # a proper name in the text is capitalised ("huyện Thạch Hà"): "xã đủ điều kiện" names no commune Đủ
        # a name never runs over punctuation ("… phường. Bà Phan …")
        mentioned = [p for piece in re.split(r"[.;:,()?!\n|]", body) for p in places_named(piece)]
        named = [p for p in dict.fromkeys(mentioned) if _capitalised(p, body)]
        found += named[:_BODY_PLACES]
    return list(dict.fromkeys(found))


# A piece of text where a district or commune may be named: a level word, then a capital.
_UNIT_NAMED = re.compile(rf"(?<!\w)(?i:{_LEVEL_WORDS})\s+[A-ZĐÀ-Ỹ0-9]")


def units_mentioned(body: str) -> list[str]:
    """Districts and communes the text names anywhere, with their level word and capitalised ("tại huyện Thuỷ
    Nguyên"): where a plan whose header names only its province or city says which unit it is about. A question
    naming a unit no plan covers reaches the plans that mention it (service.catalogue `mentioned`)."""
    provinces = set(_units()[0].values())
    pieces = [piece for piece in re.split(r"[.;:,()?!\n|]", body) if _UNIT_NAMED.search(piece)]
    named = [p for piece in pieces for p in places_named(piece) if p not in provinces]
    return [p for p in dict.fromkeys(named) if _capitalised(p, body)]


__all__ = ["places_named", "plan_places", "units_mentioned"]
