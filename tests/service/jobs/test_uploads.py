"""Uploaded exports: the tiny world as a zip and as a workbook is checked; hostile archives
are refused before anything is written."""

from __future__ import annotations

import zipfile
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook

from features.loading import load_tables
from service.jobs.uploads import UnsafeUploadError, inspect_upload, unpack_upload


def zipped(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def world_files(data_dir: Path, prefix: str = "") -> dict[str, bytes]:
    return {f"{prefix}{path.name}": path.read_bytes() for path in sorted(data_dir.glob("*.csv"))}


def test_the_tiny_world_zipped_in_a_folder_unpacks_and_passes_the_check(tiny_world_dirs, tmp_path):
    data_dir, _ = tiny_world_dirs
    files = {**world_files(data_dir, "export/"), "export/README.txt": b"hi", "__MACOSX/x": b""}
    unpacked = unpack_upload(zipped(files), tmp_path)
    assert set(unpacked.files) == {path.stem for path in data_dir.glob("*.csv")}
    assert "export/README.txt" in unpacked.ignored
    tables = load_tables(unpacked.data_dir)
    assert len(tables.employees) == len(load_tables(data_dir).employees)


def test_a_workbook_with_a_sheet_per_table_passes_the_check(tiny_world_dirs, tmp_path):
    import csv

    data_dir, _ = tiny_world_dirs
    workbook = Workbook()
    workbook.remove(workbook.active)
    for path in sorted(data_dir.glob("*.csv")):
        sheet = workbook.create_sheet(path.stem)
        with path.open(newline="", encoding="utf-8") as source:
            for row in csv.reader(source):
                sheet.append(row)  # text cells, as an export with ids as text
    workbook.create_sheet("Notes").append(["=1+1"])
    buffer = BytesIO()
    workbook.save(buffer)
    unpacked = unpack_upload(buffer.getvalue(), tmp_path)
    assert unpacked.ignored == ["Notes"] and "employees" in unpacked.files
    assert len(load_tables(unpacked.data_dir).employees) == len(load_tables(data_dir).employees)


def test_a_formula_is_read_as_its_text_never_evaluated(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "units"
    sheet.append(["unit_id", "name"])
    sheet.append(["U1", '=HYPERLINK("http://x","y")'])
    buffer = BytesIO()
    workbook.save(buffer)
    unpacked = unpack_upload(buffer.getvalue(), tmp_path)
    text = (unpacked.data_dir / "units.csv").read_text()
    assert '=HYPERLINK(""http://x"",""y"")' in text


@pytest.mark.parametrize(
    "name", ["../evil.csv", "/etc/passwd.csv", "a/../../evil.csv", "C:/x.csv", "a\\..\\x.csv"]
)
def test_a_path_leaving_the_folder_is_refused(name, tmp_path):
    with pytest.raises(UnsafeUploadError) as refused:
        unpack_upload(zipped({name: b"x"}), tmp_path)
    assert refused.value.code == "unsafe_path"
    assert not (tmp_path / "tables").exists(), "nothing written"


def test_a_zip_bomb_is_refused_by_its_ratio(tmp_path):
    bomb = zipped({"employees.csv": b"0" * (50 * 1024**2)})
    assert len(bomb) < 100_000
    with pytest.raises(UnsafeUploadError) as refused:
        unpack_upload(bomb, tmp_path)
    assert refused.value.code == "zip_bomb"
    assert not (tmp_path / "tables").exists()


def test_a_zip_bomb_is_refused_by_its_total_size():
    many = zipped({f"part{i}.csv": b"abc" * 1000 for i in range(10)})
    with pytest.raises(UnsafeUploadError, match="unpacks to") as refused:
        inspect_upload(many, max_unpacked=10_000)
    assert refused.value.code == "zip_bomb"


def test_a_member_unpacking_past_its_declared_size_is_stopped(tmp_path):
    """The directory may lie about a member's size: the bytes really unpacked decide."""
    data = bytearray(zipped({"units.csv": b"unit_id\n" + b"U" * 5000}, zipfile.ZIP_STORED))
    honest = len(b"unit_id\n") + 5000
    lie = (100).to_bytes(4, "little")
    for marker in (b"PK\x01\x02", b"PK\x03\x04"):  # the central and the local header
        at = bytes(data).find(marker)
        size_at = at + (24 if marker == b"PK\x01\x02" else 22)
        assert int.from_bytes(data[size_at : size_at + 4], "little") == honest
        data[size_at : size_at + 4] = lie
    with pytest.raises((UnsafeUploadError, zipfile.BadZipFile)):
        unpack_upload(bytes(data), tmp_path)


def test_too_many_members_are_refused():
    with pytest.raises(UnsafeUploadError) as refused:
        inspect_upload(zipped({f"f{i}.csv": b"" for i in range(501)}))
    assert refused.value.code == "too_many_files"


def test_a_workbook_with_macros_is_refused():
    with pytest.raises(UnsafeUploadError) as refused:
        inspect_upload(zipped({"xl/workbook.xml": b"<x/>", "xl/vbaProject.bin": b"\0"}))
    assert refused.value.code == "macros"


def test_something_that_is_not_an_archive_is_refused():
    with pytest.raises(UnsafeUploadError) as refused:
        inspect_upload(b"employee_id,role_id\n1,2\n")
    assert refused.value.code == "not_an_export"
