"""Completed trainings back to SIASN: one record per completion, shaped like SIASN's
course history (riwayat kursus, `rw-kursus`), for the agency to upload.

The fields are the ones the SIASN importer reads (importers/siasn_training.py), with its own
tables, so importing what this exports gives back the same completions (tested):
`namaKursus`, `jenisKursusId`, `jenisDiklatId`, `jumlahJam`, `tahunKursus`, `tanggalKursus`,
`tanggalSelesaiKursus` (dd-mm-yyyy, as SIASN writes dates), `institusiPenyelenggara`,
`noSertipikat`, and the person as `nipBaru` (the NIP, the engine's employee id). SIASN's own
person id (`pnsOrangId`) is not in the contract's tables: the uploader looks it up by NIP.
What the engine does not know is left empty, never invented: `jenisKursusId` (the instance's
reference), `noSertipikat`, and `jenisDiklatId` for a kind SIASN's reference has no code for
(the non-classical kinds).

Completions are the export's and the store's (`POST /v1/enrollments`; the store's row wins),
of programs the serving bundle knows, counted in the year the program ended (as the 20-JP
ledger counts them). Every export is recorded in the audit log.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from sqlalchemy.engine import Engine as StoreEngine

import store
from features import columns as col
from features.history import program_end_dates
from importers.siasn_training import KIND_BY_JENIS_DIKLAT
from model.engine import Engine
from service.actions.actor import Actor
from service.actions.scope import in_scope
from service.exports.completions import COLUMNS, FIELD, NIP
from store.audit import record_event

JENIS_DIKLAT_OF_KIND = {kind: code for code, kind in KIND_BY_JENIS_DIKLAT.items()}
EXPORT_ACTION = "export.siasn_completions"


def siasn_completions(
    engine: Engine, database: StoreEngine, actor: Actor, year: int | None = None
) -> list[dict[str, str | int]]:
    """The completions (of programs that ended in `year`, or all) of the employees in
    `actor`'s scope as SIASN course-history records, by NIP then start date; the export is
    recorded in the audit log as `actor`'s."""
    done = _completions(engine, database)
    if actor.scoped:
        done = done[in_scope(actor, engine.directory, done[col.EMPLOYEE_ID].tolist())]
    if year is not None:
        done = done[done["end"].dt.year == year]
    records = course_records(done.sort_values([col.EMPLOYEE_ID, col.START_DATE, col.PROGRAM_ID]))
    entry = {"action": EXPORT_ACTION, "entity": "export", "entity_id": "siasn-completions",
             "after": {"year": year, "records": len(records)}}  # fmt: skip
    record_event(database, entry, actor.name, engine.version)
    return records


def _completions(engine: Engine, database: StoreEngine) -> pd.DataFrame:
    """Completed enrolments (export and store, the store's row winning) joined to their
    program's catalogue row and end date."""
    keys = [col.EMPLOYEE_ID, col.PROGRAM_ID]
    rows = pd.concat(
        [engine.bundle.enrollments[[*keys, col.STATUS]],
         store.store_rows_for_training(database)[[*keys, col.STATUS]]],
        ignore_index=True,
    ).drop_duplicates(keys, keep="last")  # fmt: skip
    rows = rows[rows[col.STATUS] == col.COMPLETED]
    programs = engine.bundle.programs
    wanted = [c for c in (col.TITLE, col.START_DATE, col.DURATION_JP, col.PROVIDER, col.KIND)
              if c in programs.columns]  # fmt: skip
    catalogue = programs[[col.PROGRAM_ID, *wanted]].assign(end=program_end_dates(programs))
    return rows.merge(catalogue, on=col.PROGRAM_ID, how="inner")


def course_records(done: pd.DataFrame) -> list[dict[str, str | int]]:
    """SIASN records of completions joined to their catalogue rows (`title`, `start_date`,
    `duration_jp`, `provider`?, `kind`?, and `end`, the program's last day)."""
    kind = done[col.KIND] if col.KIND in done else pd.Series("", index=done.index)
    provider = done[col.PROVIDER] if col.PROVIDER in done else pd.Series("", index=done.index)
    frame = pd.DataFrame(
        {
            NIP: done[col.EMPLOYEE_ID].astype(str),
            FIELD["title"]: done[col.TITLE].astype(str),
            "jenisKursusId": "",
            "jenisDiklatId": kind.map(JENIS_DIKLAT_OF_KIND).fillna(""),
            FIELD["jp"]: done[col.DURATION_JP].astype(int),
            FIELD["year"]: done[col.START_DATE].dt.year.astype(int),
            FIELD["start"]: done[col.START_DATE].dt.strftime("%d-%m-%Y"),
            FIELD["end"]: done["end"].dt.strftime("%d-%m-%Y"),
            FIELD["provider"]: provider.astype(object).where(provider.notna(), "").astype(str),
            "noSertipikat": "",
        },
        columns=COLUMNS,
    )
    return [_plain(r) for r in frame.to_dict("records")]


def _plain(row: dict[str, Any]) -> dict[str, str | int]:
    """Numpy scalars as Python ones (JSON and CSV alike)."""
    return {k: v.item() if hasattr(v, "item") else v for k, v in row.items()}
