"""Each alliance instrument's structure, written once, as data, with its citation.

Every scoring and validation function reads these specs; nothing about an instrument (item count,
response scale, subscale items, reverse-keyed items, cut-offs, how totals are formed) is written
anywhere else. Where a detail could not be confirmed from a citable source, the spec says so in
``notes`` and, if the detail is part of the scoring key, sets ``key_confirmed=False`` so that
scoring refuses instead of guessing.

Item columns in a pandas DataFrame are named ``f"{key}_{item:02d}"``, for example ``wai_sr_01``
to ``wai_sr_12`` (see :meth:`InstrumentSpec.column`).

Missing items, one rule for every instrument (``MISSING_RULE``): a subscale is the mean of its
answered items (prorated) when at least 75% of its items, rounded up, are answered (3 of 4, 9 of
12, 15 of 19); otherwise that subscale is missing (NaN). A total is missing if any subscale is
missing. Instruments with ``allow_missing=False`` (SRS, ORS) accept no missing items at all.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from alliance._numbers import is_number

MISSING_RULE = (
    "A subscale is the mean of its answered items when at least 75% of its items (rounded up) "
    "are answered, otherwise it is missing; a total is missing if any subscale is missing."
)
MIN_ANSWERED_SHARE = 0.75


def min_answered(n_items: int) -> int:
    """Fewest answered items a scale of ``n_items`` needs to be scored (75%, rounded up)."""
    if not is_number(n_items) or n_items != int(n_items) or n_items < 1:
        raise ValueError(
            f"n_items is {n_items!r}, but a scale's number of items is a whole number, 1 or more "
            f"(for example 4 for one WAI-SR subscale)."
        )
    # Round before ceil so that float noise (0.75 * 4 = 3.0000000000000004) cannot add an item.
    return math.ceil(round(MIN_ANSWERED_SHARE * n_items, 9))


@dataclass(frozen=True)
class InstrumentSpec:
    """The published structure of one instrument.

    ``subscales`` maps a subscale name to its 1-based item numbers; when it is empty the total is
    formed directly from all items. ``total`` says whether scores are item means ("mean") or
    (prorated) item sums ("sum"); subscale scores use the same metric. ``step`` is the smallest
    difference between allowed values (1 for Likert items, 0.1 for 10-cm lines scored to the
    millimetre). ``key_confirmed`` is False when the subscale/reverse-keying key could not be
    confirmed; ``expected_subscales`` then names the published subscales whose items are unknown.
    """

    key: str
    short_name: str
    name: str
    citation: str
    n_items: int
    scale_min: float
    scale_max: float
    anchors: Mapping[float, str]
    subscales: Mapping[str, tuple[int, ...]]
    reverse_items: tuple[int, ...]
    total: Literal["mean", "sum"]
    cutoffs: Mapping[str, float]
    notes: str
    step: float = 1.0
    response_format: Literal["likert", "visual_analog"] = "likert"
    allow_missing: bool = True
    key_confirmed: bool = True
    expected_subscales: tuple[str, ...] = ()
    sources: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        # Read-only views: a spec is shared by every caller, so nobody may edit it in place.
        object.__setattr__(self, "anchors", MappingProxyType(dict(self.anchors)))
        object.__setattr__(
            self, "subscales", MappingProxyType({k: tuple(v) for k, v in self.subscales.items()})
        )
        object.__setattr__(self, "cutoffs", MappingProxyType(dict(self.cutoffs)))
        _check_structure(self)

    @property
    def items(self) -> tuple[int, ...]:
        """Item numbers 1..n_items."""
        return tuple(range(1, self.n_items + 1))

    def column(self, item: int) -> str:
        """DataFrame column name of ``item``, e.g. ``wai_sr_07``."""
        if isinstance(item, bool) or not isinstance(item, int) or not 1 <= item <= self.n_items:
            raise ValueError(
                f"{self.short_name} has no item {item!r}; items are numbered 1 to {self.n_items}."
            )
        return f"{self.key}_{item:02d}"

    def columns(self) -> list[str]:
        """All item column names, in item order."""
        return [self.column(i) for i in self.items]

    @property
    def subscales_partition_items(self) -> bool:
        """True when every item belongs to exactly one subscale."""
        listed = [i for items in self.subscales.values() for i in items]
        return sorted(listed) == list(self.items)

    def describe_scale(self) -> str:
        """The allowed values in words, e.g. 'rated from 1 (seldom) to 5 (always)'."""
        low = self.anchors.get(self.scale_min, "")
        high = self.anchors.get(self.scale_max, "")
        low_s = (
            f"{fmt_number(self.scale_min)} ({low.lower()})" if low else fmt_number(self.scale_min)
        )
        high_s = (
            f"{fmt_number(self.scale_max)} ({high.lower()})" if high else fmt_number(self.scale_max)
        )
        if self.response_format == "visual_analog":
            return f"scored from {low_s} to {high_s}, in centimetres"
        return f"rated from {low_s} to {high_s}"


def fmt_number(x: float) -> str:
    """A number as a student would write it: 6 not 6.0, 7.3 as 7.3."""
    return str(int(x)) if float(x).is_integer() else str(x)


def _check_structure(spec: InstrumentSpec) -> None:
    """Refuse a spec whose key is internally inconsistent (a typo in a spec is a wrong score)."""
    if spec.total not in ("mean", "sum"):
        raise ValueError(f"{spec.short_name}: total must be 'mean' or 'sum', not {spec.total!r}.")
    if not spec.scale_min < spec.scale_max:
        raise ValueError(f"{spec.short_name}: scale_min must be below scale_max.")
    for name, items in spec.subscales.items():
        bad = [i for i in items if not 1 <= i <= spec.n_items]
        if bad or not items:
            raise ValueError(f"{spec.short_name}: subscale {name!r} lists items {bad or 'none'}.")
    listed = [i for items in spec.subscales.values() for i in items]
    if len(listed) != len(set(listed)):
        raise ValueError(f"{spec.short_name}: an item is listed in two subscales.")
    if spec.subscales and not spec.subscales_partition_items:
        # Totals are built from subscales, so every item must sit in exactly one of them.
        raise ValueError(f"{spec.short_name}: subscales must cover every item exactly once.")
    bad_rev = [i for i in spec.reverse_items if not 1 <= i <= spec.n_items]
    if bad_rev:
        raise ValueError(f"{spec.short_name}: reverse_items lists items {bad_rev}.")


def with_key(
    spec: InstrumentSpec,
    *,
    subscales: Mapping[str, tuple[int, ...]],
    reverse_items: tuple[int, ...],
    source: str,
) -> InstrumentSpec:
    """A copy of ``spec`` with a scoring key you have confirmed yourself (e.g. from the manual).

    For instruments whose key Alliance Lab could not confirm (``key_confirmed=False``: the 36-item
    WAI, the SOFTA-s). ``source`` says where the key comes from (a bib key or a citation) and is
    added to the spec's notes. The subscale names must be the published ones.
    """
    if not source or not str(source).strip():
        raise ValueError("Say where the key comes from: source='...' (a citation or bib key).")
    if spec.expected_subscales and set(subscales) != set(spec.expected_subscales):
        raise ValueError(
            f"The {spec.short_name} subscales are {', '.join(spec.expected_subscales)}; "
            f"the key given names {', '.join(subscales) or 'none'}."
        )
    return dataclasses.replace(
        spec,
        subscales=dict(subscales),
        reverse_items=tuple(reverse_items),
        key_confirmed=True,
        notes=f"{spec.notes}\nKey supplied by the user from: {source}.",
    )


WAI_SR = InstrumentSpec(
    key="wai_sr",
    short_name="WAI-SR",
    name="Working Alliance Inventory - Short Revised (client form)",
    citation="hatcher2006",
    n_items=12,
    scale_min=1,
    scale_max=5,
    anchors={1: "Seldom", 2: "Sometimes", 3: "Fairly often", 4: "Very often", 5: "Always"},
    subscales={"goal": (4, 6, 8, 11), "task": (1, 2, 10, 12), "bond": (3, 5, 7, 9)},
    reverse_items=(),
    total="sum",
    cutoffs={},
    notes=(
        "Key: Goal 4, 6, 8, 11; Task 1, 2, 10, 12; Bond 3, 5, 7, 9 (Hatcher & Gillaspy, 2006), "
        "as given identically by two independent scoring guides from software vendors "
        "(docs.getrivet.ca WAI-SR template; ebchelp.blueprint.ai WAI short); these are secondary "
        "sources, and the 2006 article's own key was not seen. Response anchors 1 Seldom to 5 "
        "Always. "
        "No reverse-keyed items: every WAI-SR client item is positively worded, and the scoring "
        "guides add items without reversing. Total = sum (12-60), subscales = sums (4-20), as in "
        "those guides; many studies report item means instead (divide by 12, or by 4 for a "
        "subscale). No published clinical cut-off."
    ),
    )

WAI = InstrumentSpec(
    key="wai",
    short_name="WAI",
    name="Working Alliance Inventory (36-item client form)",
    citation="horvath1989",
    n_items=36,
    scale_min=1,
    scale_max=7,
    anchors={
        1: "Never",
        2: "Rarely",
        3: "Occasionally",
        4: "Sometimes",
        5: "Often",
        6: "Very often",
        7: "Always",
    },
    subscales={},
    reverse_items=(),
    total="sum",
    cutoffs={},
    notes=(
        "Described (Horvath & Greenberg, 1989, as summarised by the Rehabilitation Measures "
        "Database and hiboop.com, secondary sources; the 1989 article was not seen): 36 items "
        "rated 1 Never to 7 Always; three 12-item subscales, "
        "Goal, Task and Bond; total 36-252 (sum). Some items are negatively worded and must be "
        "reverse-keyed. NOT confirmed: which item numbers belong to each subscale and which items "
        "are reverse-keyed - no citable source giving the item key was found, so "
        "key_confirmed=False and score_wai refuses rather than guess. If you hold the key (the "
        "1989 article's appendix or the WAI manual), pass it with with_key()."
    ),
    key_confirmed=False,
    expected_subscales=("goal", "task", "bond"),
    sources=(
        "Rehabilitation Measures Database: Working Alliance Inventory",
    ),
)

SRS = InstrumentSpec(
    key="srs",
    short_name="SRS",
    name="Session Rating Scale (version 3.0)",
    citation="duncan2003",
    n_items=4,
    scale_min=0,
    scale_max=10,
    anchors={0: "mark at the left end of the 10-cm line", 10: "mark at the right end"},
    subscales={
        "relationship": (1,),
        "goals_topics": (2,),
        "approach_method": (3,),
        "overall": (4,),
    },
    reverse_items=(),
    total="sum",
    cutoffs={"alliance_concern_below": 36.0, "item_concern_below": 9.0},
    notes=(
        "Four 10-cm visual analogue lines (Relationship, Goals and topics, Approach or method, "
        "Overall; Duncan et al., 2003); each is the distance in cm from the left end to the "
        "client's mark, 0-10. Duncan et al. (2003) measured to the nearest centimetre; like later "
        "PCOMS practice we record to 0.1 cm (a millimetre). Total = sum, 0-40. No missing lines "
        "are allowed: the four marks are the score, so an unmarked line makes the SRS unscorable "
        "(allow_missing=False). Cut-off 36 and line cut-off 9: NOT confirmed in a primary source. "
        "We did not see the cut-off in the text of Duncan et al. (2003) or in the PCOMS manual; "
        "it rests on secondary reproductions of the developers' scoring instructions (a vendor "
        "support page and scale-aggregator and other non-authoritative web pages), which give a "
        "total lower than 36, or a line below 9, as a possible source of concern; some of those "
        "pages write 'at or below 36' instead. We follow the 'lower than' wording: concern when "
        "total < 36, so a total of exactly 36 is not flagged. Check the PCOMS manual before "
        "relying on either reading."
    ),
    step=0.1,
    response_format="visual_analog",
    allow_missing=False,
    )

ORS = InstrumentSpec(
    key="ors",
    short_name="ORS",
    name="Outcome Rating Scale",
    citation="miller2003",
    n_items=4,
    scale_min=0,
    scale_max=10,
    anchors={0: "mark at the left end of the 10-cm line", 10: "mark at the right end"},
    subscales={"individual": (1,), "interpersonal": (2,), "social": (3,), "overall": (4,)},
    reverse_items=(),
    total="sum",
    cutoffs={"clinical_below": 25.0, "reliable_change": 5.0},
    notes=(
        "Four 10-cm visual analogue lines (personal, interpersonal, social and overall "
        "well-being; Miller et al., 2003), each scored 0-10 to 0.1 cm; total = sum, 0-40. No "
        "missing lines are allowed (allow_missing=False). Adult clinical cut-off 25 and reliable "
        "change of 5 points: NOT confirmed in a primary source. Both figures are attributed to "
        "Miller et al. (2003) and PCOMS (Duncan, 2012) by secondary web summaries (a vendor "
        "support page and scale-aggregator pages), which differ on a total of exactly 25 ('at or "
        "below' versus 'below'); we use total < 25 as the clinical range, the same 'below' rule "
        "as the SRS, and count |after - before| >= 5 as reliable. Child (CORS, ages 6-12) and "
        "adolescent cut-offs differ from the adult one (a vendor page gives 32 for children; "
        "Duncan et al., 2006, is the primary study of the CORS and of the ORS with adolescents) "
        "and are NOT included, because we could not check them in that study."
    ),
    step=0.1,
    response_format="visual_analog",
    allow_missing=False,
    )

HAQ_II = InstrumentSpec(
    key="haq_ii",
    short_name="HAq-II",
    name="Revised Helping Alliance Questionnaire (patient version)",
    citation="luborsky1996",
    n_items=19,
    scale_min=1,
    scale_max=6,
    anchors={1: "Strongly disagree", 6: "Strongly agree"},
    subscales={},
    reverse_items=(4, 8, 11, 16, 19),
    total="mean",
    cutoffs={},
    notes=(
        "19 items, 6-point agreement scale (Luborsky et al., 1996). Five items are negatively "
        "worded and reverse-keyed: that there are exactly five is reported by Le Bloc'h et al. "
        "(2006), a primary study. WHICH five (items 4, 8, 11, 16, 19) is NOT confirmed in a "
        "primary source: the item numbers were checked only in a public reproduction of the "
        "1996 form on a scale-aggregator web page, and the 1996 article's own scoring table was "
        "not seen. Endpoint anchors follow the form's agree/disagree instruction; the four "
        "intermediate labels were not confirmed and are not used. Total = item mean (1-6); "
        "multiply by 19 for the sum metric. No subscales are scored (a single total)."
    ),
    sources=(
        "lebloch2006",
    ),
)

SOFTA_S = InstrumentSpec(
    key="softa_s",
    short_name="SOFTA-s",
    name="System for Observing Family Therapy Alliances - self-report (client version)",
    citation="friedlander2006",
    n_items=16,
    scale_min=1,
    scale_max=5,
    anchors={1: "Not at all", 5: "Very much"},
    subscales={},
    reverse_items=(),
    total="mean",
    cutoffs={},
    notes=(
        "Confirmed (Friedlander et al., 2006; softa-soatif.com; Alvarez et al., 2020): one "
        "questionnaire per family member, four dimensions - Engagement in the therapeutic "
        "process, Emotional connection with the therapist, Safety within the therapeutic system, "
        "Shared sense of purpose within the family. Taken from the usual description but NOT "
        "verified against the form here: 16 items (4 per dimension), 5-point scale from 1 'not "
        "at all' to 5 'very much'. NOT confirmed: which items belong to each dimension and which "
        "items are negatively worded (reverse-keyed). So key_confirmed=False and score_softa_s "
        "refuses rather than guess; pass the key from the form with with_key(). Split alliances "
        "for a family are computed from member scores by split_alliance_index()."
    ),
    key_confirmed=False,
    expected_subscales=("engagement", "emotional_connection", "safety", "shared_purpose"),
    sources=("http://softa-soatif.com/soatif-2", "escudero2022"),
)

SPECS: Mapping[str, InstrumentSpec] = MappingProxyType(
    {s.key: s for s in (WAI_SR, WAI, SRS, ORS, HAQ_II, SOFTA_S)}
)


def get_spec(key: str) -> InstrumentSpec:
    """The spec registered under ``key`` ("wai_sr", "wai", "srs", "ors", "haq_ii", "softa_s")."""
    try:
        return SPECS[key]
    except (KeyError, TypeError):
        known = ", ".join(repr(k) for k in SPECS)
        raise ValueError(f"There is no instrument {key!r}; the known ones are {known}.") from None
