"""Per-student variants of a data set: the same seeded simulation, a student's own seed.

The seed comes from :mod:`alliance.data.course_data` (the loader shipped with the
assignments), so the instructor's side and the student's side can never disagree on it.
"""

from __future__ import annotations

import pandas as pd

from alliance.data.course_data import variant_digest, variant_name, variant_seed
from alliance.data.csvio import format_csv, parse_csv
from alliance.data.simulate import SIMULATIONS

# A variant whose rows lack a case the exercise's rules turn on (say, a client with two items of
# one subscale unanswered) is redrawn with the next seed; this many tries is far more than any
# data set needs.
MAX_DRAWS = 200


def variant_frame(dataset: str, seed: int) -> pd.DataFrame:
    """The rows of one variant: the first draw from ``seed`` on that has every teaching case
    the data set's ``has_teaching_cases`` asks for (the first draw, when it asks for none)."""
    if dataset not in SIMULATIONS:
        raise ValueError(f"there is no data set {dataset!r}; the data sets are "
                         f"{', '.join(SIMULATIONS)}")
    module = SIMULATIONS[dataset]
    wanted = getattr(module, "has_teaching_cases", None)
    for draw in range(seed, seed + MAX_DRAWS):
        rows = module.simulate(seed=draw)
        if wanted is None or wanted(rows):
            return rows
    raise RuntimeError(f"{MAX_DRAWS} draws of {dataset} from seed {seed} all lacked a "
                       "teaching case; loosen has_teaching_cases")


def variant_csv(dataset: str, seed: int) -> bytes:
    """One variant of ``dataset`` as CSV bytes, written exactly as ``datasets/`` is, and
    checked against the data set's schema."""
    schema = SIMULATIONS[dataset].schema() if dataset in SIMULATIONS else {}
    text = format_csv(variant_frame(dataset, seed), schema)
    parse_csv(text, schema, f"{dataset}.csv (variant with seed {seed})")
    return text.encode("utf-8")


def student_files(config: dict, student_id: str) -> dict[str, bytes]:
    """Every varying data file of one student, by the file name the loader looks for."""
    digest = variant_digest(config["key"], config["course"], config["assignment"], student_id)
    return {variant_name(filename, digest): variant_csv(dataset, variant_seed(digest))
            for filename, dataset in config["files"].items()}
