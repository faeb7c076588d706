"""Reading labels (ground truth about runs) from JSON lines or CSV with a header."""

from __future__ import annotations

import csv
import io
from typing import Any

import msgspec
import orjson

from veracity.model import Label

_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


def _bool(value: Any, where: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{where}: correct must be true or false, not {value!r}")


def _label(record: dict[str, Any], where: str) -> Label:
    if not record.get("run_id"):
        raise ValueError(f"{where}: run_id is required")
    if "correct" not in record or record["correct"] in (None, ""):
        raise ValueError(f"{where}: correct is required")
    wrong = record.get("wrong_fields") or []
    if isinstance(wrong, str):
        wrong = [w.strip() for w in wrong.split(";") if w.strip()]
    data = {
        "run_id": str(record["run_id"]),
        "correct": _bool(record["correct"], where),
        "wrong_fields": wrong,
        "corrections": record.get("corrections") or {},
        "source": record.get("source") or "review",
        "note": record.get("note") or None,
    }
    try:
        return msgspec.convert(data, Label)
    except msgspec.ValidationError as e:
        raise ValueError(f"{where}: {e}") from None


def parse_labels(text: str, name: str) -> tuple[list[Label], list[str]]:
    """Labels and a message for each record that could not be read (the others are kept)."""
    labels: list[Label] = []
    problems: list[str] = []
    stripped = text.lstrip()
    if stripped.startswith("{"):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            where = f"{name} line {number}"
            try:
                record = orjson.loads(line)
                if not isinstance(record, dict):
                    raise ValueError(f"{where}: not a JSON object")
                labels.append(_label(record, where))
            except (orjson.JSONDecodeError, ValueError) as e:
                problems.append(str(e) if str(e).startswith(where) else f"{where}: {e}")
        return labels, problems
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "run_id" not in reader.fieldnames:
        return [], [f"{name}: neither JSON lines nor CSV with a run_id column"]
    for number, row in enumerate(reader, 2):
        try:
            labels.append(_label(dict(row), f"{name} line {number}"))
        except ValueError as e:
            problems.append(str(e))
    return labels, problems
