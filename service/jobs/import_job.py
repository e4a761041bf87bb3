"""The import job: an uploaded export unpacked and checked as `make check` does.

Its result lists what was found (rows per table, the snapshot date) or the one clear error
(naming the file or sheet, the column and the rows); a good import can be trained on
(`POST /v1/trainings` with its `import_id`, the job's id).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask

from features.errors import DataError
from features.loading import load_tables
from service.jobs.runner import JobRefusedError, Progress
from service.jobs.uploads import UnsafeUploadError, unpack_upload

UPLOAD_NAME = "upload.bin"


def import_folder(config: dict[str, Any], upload_id: str) -> Path:
    """The folder of one upload under `IMPORTS_DIR`."""
    return Path(config["IMPORTS_DIR"]) / upload_id


def run_import(app: Flask, job: dict[str, Any], progress: Progress) -> dict[str, Any]:
    """Unpack and check the job's upload; the tables found, or the error, as its result."""
    folder = import_folder(app.config, job["params"]["upload_id"])
    progress("unpacking", 0.1)
    data = (folder / UPLOAD_NAME).read_bytes()
    try:
        unpacked = unpack_upload(data, folder)
    except UnsafeUploadError as error:
        raise JobRefusedError(error.code, error.message) from None
    progress("checking", 0.4)
    answer: dict[str, Any] = {"import_id": job["job_id"], "files": unpacked.files,
                              "ignored": unpacked.ignored}  # fmt: skip
    try:
        tables = load_tables(unpacked.data_dir)
    except DataError as error:
        # a file of the archive, not our folder: the path under `tables/` is what the admin sent
        folder = str(unpacked.data_dir)
        message = str(error).replace(f"{folder}/", "").replace(folder, "the upload")
        return {**answer, "valid": False, "error": {"code": "data_error", "message": message}}
    rows = {name: len(frame) for name, frame in tables.as_dict().items()}
    try:
        snapshot = tables.snapshot_date().isoformat()
    except DataError:
        snapshot = None
    return {**answer, "valid": True, "tables": rows, "snapshot_date": snapshot}


def import_data_dir(config: dict[str, Any], job: dict[str, Any]) -> Path:
    """The checked tables of a succeeded, valid import job."""
    return import_folder(config, job["params"]["upload_id"]) / "tables"
