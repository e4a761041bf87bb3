"""Uploaded HR exports, read defensively: a zip of the tables, or one XLSX with a sheet each.

`inspect_upload` looks at the archive's directory before anything is written and refuses a
hostile one (`UnsafeUploadError`): not a zip or workbook, too many members, a path that leaves
the folder, a zip bomb (a member's ratio or the total unpacked size), a workbook with macros.
`unpack_upload` then writes the tables as files, counting the bytes it really unpacks (a
member's declared size may lie), so `features.loading.load_tables` can check them as
`make check` does. Formulas in cells are read as their text, never evaluated.
"""

from __future__ import annotations

import csv
import shutil
import zipfile
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, time
from io import BytesIO
from pathlib import Path, PurePosixPath
from typing import Any

from features import columns as col

MAX_MEMBERS = 500
MAX_UNPACKED_BYTES = 2 * 1024**3  # the whole upload once unpacked
MAX_RATIO = 200  # unpacked / compressed of one member: text tables stay far below
RATIO_FLOOR_BYTES = 1024**2  # small members may compress as they like
TABLE_SUFFIXES = (".csv", ".parquet")
KNOWN_TABLES = set(col.REQUIRED_TABLES) | set(col.OPTIONAL_TABLES) | {
    "sanctions", "talent_pool",
}  # fmt: skip
IGNORED_PREFIXES = ("__MACOSX/",)
CHUNK = 1024**2
ZIP, XLSX = "zip", "xlsx"


class UnsafeUploadError(Exception):
    """An upload refused before anything is written: `code` and a message naming why."""

    def __init__(self, code: str, message: str) -> None:
        self.code, self.message = code, message
        super().__init__(message)


@dataclass(frozen=True)
class Unpacked:
    """Where the tables were written, which files held them, and what was left aside."""

    data_dir: Path
    files: dict[str, str]  # table -> the member or sheet it came from
    ignored: list[str]


def read_and_close(upload: Any) -> bytes:
    """An uploaded file's bytes, its temporary file closed at once: werkzeug spools a large
    upload to disk, and a spool left to the garbage collector leaks a file descriptor."""
    with closing(upload):
        return upload.read()


def inspect_upload(data: bytes, max_unpacked: int = MAX_UNPACKED_BYTES) -> str:
    """`zip` or `xlsx`: what the upload is; UnsafeUploadError if it is neither, or hostile."""
    if not zipfile.is_zipfile(BytesIO(data)):
        raise UnsafeUploadError("not_an_export", "the file is neither a zip nor an XLSX workbook")
    with zipfile.ZipFile(BytesIO(data)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise UnsafeUploadError(
                "too_many_files", f"the archive holds {len(members)} files (at most {MAX_MEMBERS})"
            )
        total = 0
        for member in members:
            _safe_name(member.filename)
            total += member.file_size
            ratio = member.file_size / max(member.compress_size, 1)
            if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_RATIO:
                raise UnsafeUploadError(
                    "zip_bomb", f"{member.filename} unpacks {ratio:.0f} times its size"
                )
        if total > max_unpacked:
            raise UnsafeUploadError(
                "zip_bomb", f"the archive unpacks to {total:,} bytes (at most {max_unpacked:,})"
            )
        names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        return ZIP
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnsafeUploadError("macros", "the workbook holds macros: save it as .xlsx without")
    return XLSX


def _safe_name(name: str) -> PurePosixPath:
    """The member's path, refused if it could leave the folder it is unpacked into."""
    path = PurePosixPath(name)
    if (
        "\\" in name
        or "\x00" in name
        or path.is_absolute()
        or ".." in path.parts
        or (path.parts and ":" in path.parts[0])
    ):
        raise UnsafeUploadError("unsafe_path", f"a file name leaves the folder: {name!r}")
    return path


def unpack_upload(data: bytes, dest: Path, max_unpacked: int = MAX_UNPACKED_BYTES) -> Unpacked:
    """Write the upload's tables under `dest/tables` (inspected again: the bytes decide)."""
    kind = inspect_upload(data, max_unpacked)
    tables = dest / "tables"
    if tables.exists():
        shutil.rmtree(tables)
    tables.mkdir(parents=True)
    if kind == XLSX:
        return _workbook_tables(data, tables)
    return _zip_tables(data, tables, max_unpacked)


def _zip_tables(data: bytes, tables: Path, max_unpacked: int) -> Unpacked:
    files: dict[str, str] = {}
    budget = [max_unpacked]
    with zipfile.ZipFile(BytesIO(data)) as archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        ignored = [m.filename for m in members if m.filename.startswith(IGNORED_PREFIXES)]
        members = [m for m in members if m.filename not in ignored]
        root = _common_root([PurePosixPath(m.filename) for m in members])
        for member in members:
            relative = PurePosixPath(member.filename).relative_to(root)
            table = _table_of(relative)
            if table is None:
                ignored.append(member.filename)
                continue
            target = tables.joinpath(*relative.parts)
            if not target.resolve().is_relative_to(tables.resolve()):
                raise UnsafeUploadError("unsafe_path", f"a file leaves the folder: {relative}")
            target.parent.mkdir(parents=True, exist_ok=True)
            _copy_counted(archive, member, target, budget)
            files.setdefault(table, member.filename)
    return Unpacked(tables, files, ignored)


def _common_root(paths: list[PurePosixPath]) -> PurePosixPath:
    """The one folder every member sits in (a zipped folder), else the archive's top."""
    firsts = {p.parts[0] for p in paths if len(p.parts) > 1}
    if len(firsts) == 1 and all(len(p.parts) > 1 for p in paths):
        return PurePosixPath(next(iter(firsts)))
    return PurePosixPath()


def _table_of(relative: PurePosixPath) -> str | None:
    """`employees.csv` -> employees; `enrollments/agency=x/part-0.parquet` -> enrollments."""
    if relative.suffix.lower() not in TABLE_SUFFIXES:
        return None
    name = relative.parts[0] if len(relative.parts) > 1 else relative.stem
    if len(relative.parts) > 1 and relative.suffix.lower() != ".parquet":
        return None
    return name if name in KNOWN_TABLES else None


def _copy_counted(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path,
                  budget: list[int]) -> None:  # fmt: skip
    """Copy one member, stopping once it unpacks past its declared size or the budget."""
    written = 0
    with archive.open(member) as source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            budget[0] -= len(chunk)
            if written > member.file_size or budget[0] < 0:
                raise UnsafeUploadError(
                    "zip_bomb", f"{member.filename} unpacks past its declared size"
                )
            out.write(chunk)


def _workbook_tables(data: bytes, tables: Path) -> Unpacked:
    """One CSV per sheet named after a table; cells as text (a formula stays its text)."""
    from openpyxl import load_workbook  # defusedxml installed: openpyxl parses through it

    files: dict[str, str] = {}
    ignored: list[str] = []
    workbook = load_workbook(BytesIO(data), read_only=True, data_only=False, keep_vba=False)
    try:
        for sheet in workbook.worksheets:
            table = sheet.title.strip().lower()
            if table not in KNOWN_TABLES:
                ignored.append(sheet.title)
                continue
            with (tables / f"{table}.csv").open("w", newline="", encoding="utf-8") as out:
                writer = csv.writer(out)
                for row in sheet.iter_rows(values_only=True):
                    if any(cell is not None and cell != "" for cell in row):
                        writer.writerow([_cell_text(cell) for cell in row])
            files[table] = f"sheet {sheet.title}"
    finally:
        workbook.close()
    return Unpacked(tables, files, ignored)


def _cell_text(cell: object) -> str:
    """A cell as the export's text: dates as ISO dates, whole floats without `.0`."""
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell)
