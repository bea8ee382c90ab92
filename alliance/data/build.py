"""Regenerate ``datasets/`` from the seeded simulations, byte for byte."""

from __future__ import annotations

from pathlib import Path

from alliance.data.csvio import format_csv, format_schema, parse_csv
from alliance.data.simulate import SIMULATIONS


def render_dataset(name: str) -> dict[str, bytes]:
    """The files of one data set (CSV and schema) as bytes, checked against the schema."""
    if name not in SIMULATIONS:
        raise ValueError(
            f"there is no data set {name!r}; the data sets are {', '.join(SIMULATIONS)}"
        )
    module = SIMULATIONS[name]
    schema = module.schema()
    csv_text = format_csv(module.simulate(), schema)
    parse_csv(csv_text, schema, f"{name}.csv (freshly simulated)")  # never write invalid data
    return {
        f"{name}.csv": csv_text.encode("utf-8"),
        f"{name}.schema.json": format_schema(schema).encode("utf-8"),
    }


def render_all() -> dict[str, bytes]:
    """Every generated file of ``datasets/``, by file name."""
    files: dict[str, bytes] = {}
    for name in SIMULATIONS:
        files.update(render_dataset(name))
    return files


def write_datasets(directory: Path) -> list[Path]:
    """Write every data set's CSV and schema into ``directory``; return the paths written."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for filename, content in render_all().items():
        path = directory / filename
        path.write_bytes(content)
        written.append(path)
    return written


def stale_files(directory: Path) -> list[str]:
    """Generated files in ``directory`` that are missing or differ from a fresh regeneration."""
    directory = Path(directory)
    return [
        filename
        for filename, content in render_all().items()
        if not (directory / filename).is_file() or (directory / filename).read_bytes() != content
    ]
