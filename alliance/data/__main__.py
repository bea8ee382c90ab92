"""``python -m alliance.data``: regenerate every CSV and schema in ``datasets/``.

``--check`` regenerates in memory and only reports files that differ (exit status 1), which is
what CI runs; ``--out DIR`` writes somewhere else. ``--variant NAME --seed N`` prints one
student's variant of a data set (what an assignment's ``course_data.py`` asks for).
"""

from __future__ import annotations

import argparse
import sys

from alliance.data import DATASETS_DIR
from alliance.data.build import stale_files, write_datasets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m alliance.data", description=__doc__.splitlines()[0]
    )
    parser.add_argument(
        "--out", default=str(DATASETS_DIR), help="folder to write (default: datasets/)"
    )
    parser.add_argument("--check", action="store_true", help="only report files that would change")
    parser.add_argument("--variant", metavar="NAME",
                        help="write one variant of data set NAME to standard output instead")
    parser.add_argument("--seed", type=int, help="the variant's seed (with --variant)")
    args = parser.parse_args(argv)
    if args.variant:
        if args.seed is None:
            parser.error("--variant needs --seed")
        from alliance.data.variants import variant_csv

        sys.stdout.buffer.write(variant_csv(args.variant, args.seed))
        return 0
    if args.check:
        stale = stale_files(args.out)
        for name in stale:
            print(f"out of date: {name}")
        if not stale:
            print(f"all data sets in {args.out} are up to date")
        return 1 if stale else 0
    for path in write_datasets(args.out):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
