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


@pytest.mark.parametrize("key", sorted(SPECS))
def test_every_spec_documents_its_choices(key):
    spec = get_spec(key)
    assert len(spec.notes) > 100
    assert spec.name and spec.short_name


def test_published_structure_wai_sr():
    spec = get_spec("wai_sr")
    assert (spec.n_items, spec.scale_min, spec.scale_max) == (12, 1, 5)
    assert dict(spec.subscales) == {
        "goal": (4, 6, 8, 11),
        "task": (1, 2, 10, 12),
        "bond": (3, 5, 7, 9),
    }
    assert spec.reverse_items == ()
    assert spec.anchors[1] == "Seldom" and spec.anchors[5] == "Always"
    assert spec.citation == "hatcher2006"


def test_published_structure_pcoms_scales():
    srs, ors = get_spec("srs"), get_spec("ors")
    for spec in (srs, ors):
        assert (spec.n_items, spec.scale_min, spec.scale_max, spec.step) == (4, 0, 10, 0.1)
        assert spec.total == "sum" and not spec.allow_missing
    assert srs.cutoffs["alliance_concern_below"] == 36
    assert ors.cutoffs["clinical_below"] == 25
    assert ors.cutoffs["reliable_change"] == 5


def test_published_structure_haq_ii():
    spec = get_spec("haq_ii")
    assert (spec.n_items, spec.scale_min, spec.scale_max) == (19, 1, 6)
    assert spec.reverse_items == (4, 8, 11, 16, 19)


def test_unconfirmed_keys_are_marked_and_explained():
    for key, n in (("wai", 36), ("softa_s", 16)):
        spec = get_spec(key)
        assert spec.n_items == n
        assert spec.key_confirmed is False
        assert spec.subscales == {} and spec.reverse_items == ()
        assert "NOT confirmed" in spec.notes


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
