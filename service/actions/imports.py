"""Imports and trainings (admin): an uploaded HR export checked as a job, a training on it.

The upload is inspected before anything is written (`UnsafeUploadError`: refused whole); the
import job unpacks and checks it; a training names a succeeded, valid import by its id (the
import job's) or trains on `DATA_DIR`.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine as StoreEngine

import store
from service.actions.jobs import IMPORT, TRAINING, job_view, submit
from service.jobs.import_job import UPLOAD_NAME
from service.jobs.uploads import inspect_upload
from store import jobs as store_jobs


def start_import(
    db: StoreEngine, queue_path: str, imports_dir: str | Path, actor: str, data: bytes
) -> dict[str, Any]:
    """Keep a safe upload under `imports_dir` and queue its check; UnsafeUploadError first."""
    kind = inspect_upload(data)
    upload_id = uuid.uuid4().hex
    folder = Path(imports_dir) / upload_id
    folder.mkdir(parents=True)
    (folder / UPLOAD_NAME).write_bytes(data)
    return submit(db, queue_path, actor, IMPORT, {"upload_id": upload_id, "format": kind})


def start_training(
    db: StoreEngine,
    queue_path: str,
    actor: str,
    import_id: str | None,
    imports_dir: str | Path,
    data_dir: str | Path,
) -> dict[str, Any]:
    """Queue a training on the import `import_id` (store.RecordNotFoundError if no such import;
    ConflictError if it has not succeeded or its tables were refused) or on `data_dir`."""
    if import_id is not None:
        data_dir = Path(imports_dir) / _good_import(db, import_id)["params"]["upload_id"]
        data_dir = data_dir / "tables"
    return submit(
        db, queue_path, actor, TRAINING, {"import_id": import_id, "data_dir": str(data_dir)}
    )


def _good_import(db: StoreEngine, import_id: str) -> dict[str, Any]:
    try:
        found = store_jobs.get_job(db, import_id)
    except store.RecordNotFoundError:
        raise store.RecordNotFoundError(f"import not found: {import_id}") from None
    if found["kind"] != IMPORT:
        raise store.RecordNotFoundError(f"import not found: {import_id}")
    view = job_view(found)
    status = found["status"]
    if status != "succeeded":
        raise store.ConflictError(
            f"import {import_id} has not succeeded ({status})", {import_id: [status]}
        )
    if not (view["result"] or {}).get("valid"):
        raise store.ConflictError(
            f"import {import_id} was refused by the check: fix the export and upload it again",
            {import_id: ["invalid"]},
        )
    return found
