"""`veracity export`: one stored table to Parquet, CSV or JSON lines, streamed batch by batch.

The store yields record batches of the table's stable schema (`veracity.store.export_schema`,
documented in `docs/export.md`); each batch goes straight to a pyarrow writer, so memory holds one
batch whatever the store's size. The file is written beside its destination and renamed into
place only when complete, so an interrupted export never leaves half a file under the name asked for.

>>> sorted(FORMATS)
['csv', 'jsonl', 'parquet']
"""

from __future__ import annotations

from veracity.export.write import FORMATS, export, plain_rows, write_batches

__all__ = ["FORMATS", "export", "plain_rows", "write_batches"]
