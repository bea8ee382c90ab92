"""The instrument specs: registry, structure, naming, citations, and the key override."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from alliance.measures import SPECS, InstrumentSpec, get_spec, min_answered, with_key

BIB = Path(__file__).resolve().parents[1] / "book" / "references.bib"
BIB_KEY = re.compile(r"^[a-z]+\d{4}[a-z]?$")


def test_registry_has_the_six_instruments():
    assert set(SPECS) == {"wai_sr", "wai", "srs", "ors", "haq_ii", "softa_s"}
    for key, spec in SPECS.items():
        assert isinstance(spec, InstrumentSpec)
        assert spec.key == key
        assert get_spec(key) is spec


def test_get_spec_unknown_key_names_the_known_ones():
    with pytest.raises(ValueError, match=r"no instrument 'wai_s'.*'wai_sr'"):
        get_spec("wai_s")


@pytest.mark.parametrize("key", sorted(SPECS))
def test_every_citation_and_bib_source_is_in_references_bib(key):
    bib = BIB.read_text(encoding="utf-8")
    spec = get_spec(key)
    cited = [spec.citation] + [s for s in spec.sources if BIB_KEY.match(s)]
    for bib_key in cited:
        assert re.search(r"@\w+\{" + re.escape(bib_key) + r",", bib), bib_key


# The published structure of each instrument, written out by hand from the source each spec
# cites (and independently of alliance/measures/specs.py): items, response scale, how the total
# is formed, the scoring key and the cut-offs. The 36-item WAI and the SOFTA-s have no key here
# because none could be confirmed; those specs must refuse to score (key_confirmed=False).
PUBLISHED = {
    # Hatcher & Gillaspy (2006): 12 items, 1 Seldom to 5 Always, three 4-item subscales.
    "wai_sr": {
        "n_items": 12, "scale": (1, 5, 1.0), "total": "sum", "reverse": (),
        "key": {"goal": (4, 6, 8, 11), "task": (1, 2, 10, 12), "bond": (3, 5, 7, 9)},
        "cutoffs": {},
    },
    # Horvath & Greenberg (1989): 36 items, 1 Never to 7 Always; Goal, Task, Bond (key unknown).
    "wai": {
        "n_items": 36, "scale": (1, 7, 1.0), "total": "sum", "reverse": (), "key": None,
        "subscales": ("goal", "task", "bond"), "cutoffs": {},
    },
    # Duncan et al. (2003): four 10-cm lines scored 0-10; concern below 36, or below 9 on a line.
    "srs": {
        "n_items": 4, "scale": (0, 10, 0.1), "total": "sum", "reverse": (),
        "key": {"relationship": (1,), "goals_topics": (2,), "approach_method": (3,),
                "overall": (4,)},
        "cutoffs": {"alliance_concern_below": 36, "item_concern_below": 9},
    },
    # Miller et al. (2003): four 10-cm lines scored 0-10; adult clinical cut-off 25; change of 5.
    "ors": {
        "n_items": 4, "scale": (0, 10, 0.1), "total": "sum", "reverse": (),
        "key": {"individual": (1,), "interpersonal": (2,), "social": (3,), "overall": (4,)},
        "cutoffs": {"clinical_below": 25, "reliable_change": 5},
    },
    # Luborsky et al. (1996): 19 items, 6-point agreement scale; 5 negatively worded items.
    "haq_ii": {
        "n_items": 19, "scale": (1, 6, 1.0), "total": "mean", "reverse": (4, 8, 11, 16, 19),
        "key": {}, "cutoffs": {},
    },
    # Friedlander et al. (2006): 16 items, 1-5, four dimensions (key unknown).
    "softa_s": {
        "n_items": 16, "scale": (1, 5, 1.0), "total": "mean", "reverse": (), "key": None,
        "subscales": ("engagement", "emotional_connection", "safety", "shared_purpose"),
        "cutoffs": {},
    },
}


def test_the_hand_written_table_covers_every_instrument():
    assert set(PUBLISHED) == set(SPECS)


@pytest.mark.parametrize("key", sorted(PUBLISHED))
def test_spec_agrees_with_the_published_structure(key):
    spec, published = get_spec(key), PUBLISHED[key]
    assert spec.n_items == published["n_items"]
    assert (spec.scale_min, spec.scale_max, spec.step) == published["scale"]
    assert spec.total == published["total"]
    assert spec.reverse_items == published["reverse"]
    assert dict(spec.cutoffs) == published["cutoffs"]
    if published["key"] is None:
        # Unconfirmed key: no guessed items, the published subscale names, and a refusal.
        assert spec.key_confirmed is False
        assert spec.subscales == {} and spec.expected_subscales == published["subscales"]
        assert "NOT confirmed" in spec.notes
    else:
        assert spec.key_confirmed is True
        assert dict(spec.subscales) == published["key"]


@pytest.mark.parametrize("key", sorted(PUBLISHED))
def test_scoring_key_partitions_the_items(key):
    # Every item is scored exactly once: in one subscale, or in the total when there are none.
    spec = get_spec(key)
    items = list(range(1, spec.n_items + 1))
    assert list(spec.items) == items
    if spec.subscales:
        assert sorted(i for members in spec.subscales.values() for i in members) == items
    assert set(spec.reverse_items) <= set(items)


def _first_author_and_year(bib: str, bib_key: str) -> tuple[str, str]:
    entry = re.search(r"@\w+\{" + re.escape(bib_key) + r",(.*?)\n\}", bib, re.S)
    assert entry, bib_key
    author = re.search(r"author\s*=\s*\{([^,]+),", entry.group(1))
    year = re.search(r"year\s*=\s*\{?(\d{4})", entry.group(1))
    assert author and year, bib_key
    return author.group(1).strip(), year.group(1)


@pytest.mark.parametrize("key", sorted(SPECS))
def test_each_note_names_its_source(key):
    # A reader of get_spec(key).notes must be able to tell where the structure comes from: the
    # spec's own citation, by first author and year as in references.bib, e.g. "(Miller et al.,
    # 2003)".
    spec = get_spec(key)
    surname, year = _first_author_and_year(BIB.read_text(encoding="utf-8"), spec.citation)
    assert re.search(re.escape(surname) + r"[^()]{0,40}?" + year, spec.notes), (
        f"{key}: notes do not cite {surname} ({year})"
    )
    assert spec.name and spec.short_name


def test_column_names_are_key_and_two_digit_item():
    spec = get_spec("wai_sr")
    assert spec.column(7) == "wai_sr_07"
    assert spec.columns()[0] == "wai_sr_01" and spec.columns()[-1] == "wai_sr_12"
    assert get_spec("haq_ii").column(19) == "haq_ii_19"


def test_column_of_a_nonexistent_item_is_refused():
    with pytest.raises(ValueError, match=r"WAI-SR has no item 13; items are numbered 1 to 12"):
        get_spec("wai_sr").column(13)


def test_specs_are_read_only():
    spec = get_spec("wai_sr")
    with pytest.raises(TypeError):
        spec.subscales["goal"] = (1,)  # type: ignore[index]
    with pytest.raises(AttributeError):
        spec.n_items = 13  # type: ignore[misc]


@pytest.mark.parametrize(
    ("n", "needed"), [(1, 1), (2, 2), (3, 3), (4, 3), (12, 9), (16, 12), (19, 15), (36, 27)]
)
def test_min_answered_is_75_percent_rounded_up(n, needed):
    assert min_answered(n) == needed


def _spec(**changes):
    base = dict(
        key="toy",
        short_name="TOY",
        name="Toy scale",
        citation="hatcher2006",
        n_items=4,
        scale_min=1,
        scale_max=5,
        anchors={1: "low", 5: "high"},
        subscales={"a": (1, 2), "b": (3, 4)},
        reverse_items=(),
        total="mean",
        cutoffs={},
        notes="toy",
    )
    base.update(changes)
    return InstrumentSpec(**base)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"subscales": {"a": (1, 2), "b": (2, 3, 4)}}, "two subscales"),
        ({"subscales": {"a": (1, 2), "b": (3,)}}, "cover every item"),
        ({"subscales": {"a": (1, 2), "b": (3, 5)}}, "lists items"),
        ({"reverse_items": (0,)}, "reverse_items"),
        ({"total": "median"}, "'mean' or 'sum'"),
        ({"scale_min": 5, "scale_max": 1}, "below scale_max"),
    ],
)
def test_an_inconsistent_spec_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        _spec(**changes)


def test_with_key_confirms_a_user_supplied_key():
    key = {"goal": tuple(range(1, 13)), "task": tuple(range(13, 25)), "bond": tuple(range(25, 37))}
    spec = with_key(get_spec("wai"), subscales=key, reverse_items=(2,), source="my manual p. 3")
    assert spec.key_confirmed and spec.reverse_items == (2,)
    assert "my manual p. 3" in spec.notes
    assert get_spec("wai").key_confirmed is False  # the registry is untouched


def test_with_key_refuses_wrong_subscale_names_or_no_source():
    wai = get_spec("wai")
    with pytest.raises(ValueError, match=r"subscales are goal, task, bond"):
        with_key(wai, subscales={"alliance": tuple(range(1, 37))}, reverse_items=(), source="x")
    key = {"goal": tuple(range(1, 13)), "task": tuple(range(13, 25)), "bond": tuple(range(25, 37))}
    with pytest.raises(ValueError, match="Say where the key comes from"):
        with_key(wai, subscales=key, reverse_items=(), source=" ")
