"""The map back to the original text agrees with the plain per-character one."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.offsets import Edit, OriginMap, delete_pass, regex_pass


def _plain(offsets: list[int], edits: list[Edit]) -> list[int]:
    """One pass composed character by character, as the map is defined."""
    index: list[int] = []
    done = 0
    for start, end, length in edits:
        index += range(done, start)
        width = end - start
        index += [start + (k * width) // length for k in range(length)]
        done = end
    index += range(done, len(offsets))
    return [offsets[i] for i in index]


@st.composite
def _edits(draw: st.DrawFn, length: int) -> list[Edit]:
    """Sorted, disjoint edits of a text of `length` characters (insertions before a character)."""
    cuts = sorted(draw(st.lists(st.integers(0, length), max_size=12)))
    edits: list[Edit] = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        if edits and start < edits[-1][1]:
            continue
        new = draw(st.integers(0, 4) if start < end else st.integers(1, 3))
        if start == end == length:
            continue  # an insertion needs a character after it
        edits.append((start, end, new))
    return edits


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 40), st.data())
def test_passes_compose_like_the_plain_map(length: int, data: st.DataObject) -> None:
    origin, plain = OriginMap(length), list(range(length))
    for _ in range(data.draw(st.integers(1, 5))):
        edits = data.draw(_edits(len(plain)))
        origin.apply(edits)
        plain = _plain(plain, edits)
        assert origin.offsets() == plain


def test_passes_report_their_edits() -> None:
    text, edits = regex_pass("a\r\nb\rc", re.compile(r"\r\n?"), lambda _m: "\n")
    assert (text, edits) == ("a\nb\nc", [(1, 3, 1), (4, 5, 1)])
    assert delete_pass("abc", re.compile("x")) == ("abc", None)
    assert delete_pass(" a  b", re.compile(" +")) == ("ab", [(0, 1, 0), (2, 4, 0)])
