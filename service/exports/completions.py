"""Completed trainings for SIASN as a CSV file: SIASN's course history fields
(`rw-kursus`, importers/siasn_training.py) as the header, one record per line."""

from __future__ import annotations

from importers.siasn_training import FIELDS, RW_KURSUS
from service.exports.cells import csv_bytes

NIP = "nipBaru"  # the importer's first person key (importers/siasn_people.py)
FIELD = FIELDS[RW_KURSUS]
COLUMNS = [
    NIP, FIELD["title"], "jenisKursusId", "jenisDiklatId", FIELD["jp"], FIELD["year"],
    FIELD["start"], FIELD["end"], FIELD["provider"], "noSertipikat",
]  # fmt: skip


def completions_csv(records: list[dict[str, str | int]]) -> bytes:
    """The records as CSV (UTF-8 with a BOM, for Excel): a header of SIASN's field names, every
    field through the formula guard (a title starting like a formula gets an apostrophe: the
    JSON export keeps it exact)."""
    return csv_bytes([COLUMNS, *([row[c] for c in COLUMNS] for row in records)])


def completions_filename(year: int | None) -> str:
    """The CSV download's name."""
    return f"siasn-kursus-{year}.csv" if year else "siasn-kursus.csv"
