"""docs/export.md documents every exported column with its type, in schema order, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa

from veracity.store.export_schema import SCHEMAS

DOC = (Path(__file__).parent.parent / "docs" / "export.md").read_text()


def _documented(table: str) -> list[tuple[str, str]]:
    section = DOC.split(f"\n## {table}\n", 1)[1].split("\n#", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \| ([a-z0-9]+)", section, flags=re.M)


def _kind(t: pa.DataType) -> str:
    return "timestamp" if pa.types.is_timestamp(t) else {"bool": "bool", "double": "float64"}.get(str(t), str(t))


def test_every_column_is_documented_with_its_type():
    for table, schema in SCHEMAS.items():
        assert _documented(table) == [(f.name, _kind(f.type)) for f in schema], table
