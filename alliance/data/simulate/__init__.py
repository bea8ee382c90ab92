"""Seeded simulations, one module per data set in ``datasets/``.

Each module has ``NAME`` (the file stem), ``SEED``, ``schema()`` (the column-by-column
description written as ``<NAME>.schema.json``) and ``simulate(seed=SEED)`` (the rows). Instrument
facts (item counts, response ranges, reverse-keyed items, cut-offs) come from
``alliance.measures.get_spec``; published figures used as parameters are cited in each module.
"""

from types import ModuleType

from alliance.data.simulate import (
    alliance_dropout,
    alliance_outcome,
    haq_ii,
    humility_alliance,
    meta_analysis,
    observer_ratings,
    softa_s,
    srs_ors,
    wai_sr,
)

SIMULATIONS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (
        wai_sr,
        srs_ors,
        alliance_outcome,
        meta_analysis,
        haq_ii,
        softa_s,
        alliance_dropout,
        humility_alliance,
        observer_ratings,
    )
}

__all__ = ["SIMULATIONS"]
