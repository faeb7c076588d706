"""Downstream corrections → labels: what a downstream system fixed in a run's output is ground truth.

A correction names a run and the corrected value of one field or more. Records come as JSON (an
object, a list, or `{"corrections": [...]}`; `POST /api/corrections`), JSON lines, CSV or Parquet
(the drop folder of `veracity corrections import DIR`). Two shapes are read:

- long: `run_id`, `field` (dotted path into the output), `value` (the corrected value), optional `note`;
- grouped: `run_id`, `corrections` (an object, or its JSON text, field → corrected value), optional `note`.

Every record of one run becomes one `Label(source="correction")`: the fields whose corrected value
differs from the stored output are `wrong_fields` with their values in `corrections`, and the run is
`correct` only when nothing differed (a downstream confirmation). So the correction rate enters the
same statistics as reviews (`correction_rate` in the regression alerts, `labels` in exports).
A run's newest correction replaces its earlier one (labels are one per run and source): send all the
corrected fields of a run together.

>>> differs({"revenue": "$12M"}, "revenue", " $12m ")
False
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from veracity.model import Label
from veracity.store.base import Store

SUFFIXES = (".csv", ".jsonl", ".json", ".parquet")
Record = tuple[dict[str, Any], str]  # (record, where it came from)


def value_at(output: Any, field: str) -> Any:
    """The value at a dotted path of an output (list items by index); None where the path leads nowhere."""
    node = output
    for part in field.split("."):
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode().casefold()
    except TypeError:  # integers past 64 bits, which orjson does not write
        return json.dumps(value, sort_keys=True, default=str).casefold()


def differs(output: Any, field: str, corrected: Any) -> bool:
    """Whether the corrected value changes the output's value (same text, whitespace and case aside)."""
    current = value_at(output, field)
    if isinstance(current, int | float) and isinstance(corrected, str):
        try:
            return float(corrected) != float(current)
        except ValueError:
            return True
    return _plain(current) != _plain(corrected)


def _fields(record: dict[str, Any], where: str) -> dict[str, Any]:
    if record.get("field") not in (None, ""):
        return {str(record["field"]): record.get("value")}
    found = record.get("corrections")
    if isinstance(found, str) and found.strip():
        try:
            found = orjson.loads(found)
        except orjson.JSONDecodeError:
            raise ValueError(f"{where}: corrections is not JSON") from None
    if not isinstance(found, dict) or not found:
        raise ValueError(f"{where}: give field and value, or corrections (field → corrected value)")
    return {str(k): v for k, v in found.items()}


def to_labels(store: Store, records: Iterable[Record]) -> tuple[list[Label], list[str]]:
    """Labels of the runs named (compared with their stored output) and a message per bad record."""
    grouped: dict[str, dict[str, Any]] = {}
    notes: dict[str, str] = {}
    problems: list[str] = []
    for record, where in records:
        run_id = str(record.get("run_id") or "").strip()
        if not run_id:
            problems.append(f"{where}: run_id is required")
            continue
        try:
            fields = _fields(record, where)
        except ValueError as e:  # a bad record adds nothing, not even an empty (confirming) label
            problems.append(str(e))
            continue
        grouped.setdefault(run_id, {}).update(fields)
        if record.get("note"):
            notes[run_id] = str(record["note"])
    outputs = {r.run_id: r.output for r in store.get_runs(sorted(grouped))}
    labels = []
    for run_id, fields in grouped.items():
        output = outputs.get(run_id)
        changed = {f: v for f, v in fields.items() if differs(output, f, v)}
        labels.append(Label(run_id=run_id, correct=not changed, wrong_fields=sorted(changed), corrections=changed,
                            source="correction", note=notes.get(run_id)))
    return labels, problems


def parse_json(body: bytes, name: str) -> tuple[list[Record], list[str]]:
    """Records of a JSON body (object, list, {"corrections": [...]}) or of JSON lines."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError:
        data = None
    if data is None:  # JSON lines
        records, problems = [], []
        for number, line in enumerate(body.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = orjson.loads(line)
            except orjson.JSONDecodeError as e:
                problems.append(f"{name} line {number}: not JSON ({e})")
                continue
            if isinstance(item, dict):
                records.append((item, f"{name} line {number}"))
            else:
                problems.append(f"{name} line {number}: not a JSON object")
        return records, problems
    if isinstance(data, dict) and isinstance(data.get("corrections"), list):
        data = data["corrections"]
    items = data if isinstance(data, list) else [data]
    records = [(item, f"{name} item {i + 1}") for i, item in enumerate(items) if isinstance(item, dict)]
    problems = [f"{name} item {i + 1}: not a JSON object" for i, item in enumerate(items) if not isinstance(item, dict)]
    return records, problems


def read_file(path: Path) -> tuple[list[Record], list[str]]:
    """Records of one drop-folder file (CSV with a header, JSON lines or JSON, Parquet)."""
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        return list(_parquet_records(path)), []
    if suffix == ".csv":
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
        if not reader.fieldnames or "run_id" not in reader.fieldnames:
            return [], [f"{path}: CSV without a run_id column"]
        return [(dict(row), f"{path} line {n}") for n, row in enumerate(reader, 2)], []
    return parse_json(path.read_bytes(), str(path))


def _parquet_records(path: Path) -> Iterator[Record]:
    number = 0
    for batch in pq.ParquetFile(path).iter_batches(batch_size=10_000):
        for row in batch.to_pylist():
            number += 1
            yield row, f"{path} row {number}"


def import_body(store: Store, body: bytes) -> dict[str, Any]:
    """`POST /api/corrections`: store the labels; stored, unknown_runs, wrong (runs corrected), problems."""
    records, problems = parse_json(body, "request")
    labels, more = to_labels(store, records)
    stored, unknown = store.write_labels(labels)
    return {"stored": stored, "corrected": sum(1 for lab in labels if not lab.correct and lab.run_id not in unknown),
            "unknown_runs": unknown, "problems": problems + more}


def import_folder(store: Store, folder: Path, keep: bool = False) -> dict[str, Any]:
    """Import every correction file in `folder` (not its sub-folders); move each to `imported/` once read,
    or to `rejected/` (with a `.errors.txt` beside it) when some of its records could not be read (the
    others are stored). With `keep`, files stay where they are."""
    if not folder.is_dir():
        raise ValueError(f"{folder}: not a folder")
    totals: dict[str, Any] = {"files": 0, "stored": 0, "corrected": 0, "unknown_runs": [], "problems": []}
    for path in sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
        try:
            records, problems = read_file(path)
        except (OSError, UnicodeDecodeError, ValueError) as e:
            totals["problems"].append(f"{path}: cannot read ({e})")
            continue
        labels, more = to_labels(store, records)
        problems += more
        stored, unknown = store.write_labels(labels)
        totals["files"] += 1
        totals["stored"] += stored
        totals["corrected"] += sum(1 for lab in labels if not lab.correct and lab.run_id not in unknown)
        totals["unknown_runs"] += unknown
        totals["problems"] += problems
        if not keep:
            target = folder / ("rejected" if problems else "imported")
            target.mkdir(exist_ok=True)
            path.replace(target / path.name)
            if problems:
                (target / (path.name + ".errors.txt")).write_text("\n".join(problems) + "\n")
    return totals
