"""Versioned artifact bundles: written atomically, verified before anything in them is loaded.

A bundle is one folder `artifacts/<version>/` holding LightGBM boosters in LightGBM's own text
format, other objects as joblib files, and `manifest.json` with the sha256 of every file.
joblib runs code when it loads, so nothing is unpickled before every checksum has matched.
A large object (the serving snapshot) is written uncompressed and its arrays are
memory-mapped when loaded (kind `joblib-mapped`): a worker then holds in memory the pages
it reads, not every employee's rows (docs/national.md).
`artifacts/CURRENT` names the version the service serves, and `artifacts/HISTORY` records
every change of it, one line each (`model.bundles.management` reads it to roll back).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import joblib
import lightgbm as lgb

# Format 2 added plain files (the report): code that reads only format 1 would try to unpickle
# them, so it refuses a format 2 bundle by its number instead. Format 3 added memory-mapped
# objects (`MAPPED`), which format 2 code would miss. Format 1 and 2 bundles still load.
FORMAT_VERSION = 3
READABLE_FORMATS = (1, 2, 3)
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
HISTORY = "HISTORY"
LOCK = ".lock"
PLAIN_FILE = "file"  # a file kept and checksummed, never loaded (the report, its data)
PICKLED, MAPPED = "joblib", "joblib-mapped"  # compressed; uncompressed, its arrays mapped


class BundleError(Exception):
    """A bundle is missing, incomplete, altered or of another format."""


@dataclass(frozen=True)
class RawBundle:
    version: str
    path: Path
    manifest: dict[str, Any]
    boosters: dict[str, lgb.Booster]
    objects: dict[str, Any]


def write_bundle(
    artifacts_dir: str | Path,
    version: str,
    boosters: dict[str, lgb.Booster],
    objects: dict[str, Any],
    manifest: dict[str, Any],
    plain: dict[str, bytes] | None = None,
    mapped: Collection[str] = (),
) -> Path:
    """Write the bundle into a temporary folder, then rename it into place in one step.

    `plain` files are written as they are (name -> content) and checksummed like the rest;
    the `mapped` objects uncompressed, so that `read_bundle` maps their arrays."""
    root = Path(artifacts_dir)
    root.mkdir(parents=True, exist_ok=True)
    final = root / version
    if final.exists():
        raise BundleError(f"bundle {version} already exists in {root}")
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{version}-", dir=root))
    try:
        files = {}
        for name, booster in boosters.items():
            booster.save_model(tmp / f"{name}.txt")
            files[f"{name}.txt"] = "booster"
        for name, obj in objects.items():
            kind = MAPPED if name in mapped else PICKLED
            joblib.dump(obj, tmp / f"{name}.joblib", compress=0 if kind == MAPPED else 3)
            files[f"{name}.joblib"] = kind
        for name, content in (plain or {}).items():
            (tmp / name).write_bytes(content)
            files[name] = PLAIN_FILE
        full = {**manifest, "format_version": FORMAT_VERSION, "version": version}
        full["files"] = {f: {"kind": k, "sha256": sha256(tmp / f)} for f, k in files.items()}
        (tmp / MANIFEST).write_text(json.dumps(full, indent=2, sort_keys=True, default=str))
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def replace_folder(
    path: str | Path, folder: str, staged: Path, kind: str, section: str, about: dict[str, Any]
) -> dict[str, Any]:
    """Put the files of `staged` into the verified bundle at `path` as its `folder` (replacing
    any previous one), each checksummed in the manifest as `kind`, and `about` as the
    manifest's `section`. The manifest is replaced in one step before and after the files
    move: a reader verifies the old files or the new, and refuses the bundle only while they
    move (run it before promoting the bundle). Returns the new manifest."""
    path = Path(path)
    manifest = verify_bundle(path)
    prefix = f"{folder}/"
    files = {n: e for n, e in manifest["files"].items() if not n.startswith(prefix)}
    manifest = {**manifest, "files": files}
    manifest.pop(section, None)
    _write_manifest(path, manifest)
    shutil.rmtree(path / folder, ignore_errors=True)
    os.rename(staged, path / folder)
    for target in sorted((path / folder).rglob("*")):
        if target.is_file():
            files[target.relative_to(path).as_posix()] = {"kind": kind, "sha256": sha256(target)}
    manifest[section] = about
    _write_manifest(path, manifest)
    return manifest


def _write_manifest(path: Path, manifest: dict[str, Any]) -> None:
    tmp = path / f".{MANIFEST}.tmp"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True, default=str))
    os.replace(tmp, path / MANIFEST)


def read_bundle(path: str | Path, feature_names: list[str] | None = None) -> RawBundle:
    """Load a bundle after checking its format, feature list and every file's checksum.

    The arrays of a `joblib-mapped` object are read-only maps of its file: the bundle's
    folder is never written again once in place (`write_bundle`), and whoever could change
    it could change the code as well."""
    path = Path(path)
    manifest = verify_bundle(path, feature_names)
    boosters, objects = {}, {}
    for name, entry in manifest.get("files", {}).items():
        stem = name.rsplit(".", 1)[0]
        if entry["kind"] == "booster":
            boosters[stem] = lgb.Booster(model_file=str(path / name))
        elif entry["kind"] == PICKLED:
            objects[stem] = joblib.load(path / name)
        elif entry["kind"] == MAPPED:
            objects[stem] = joblib.load(path / name, mmap_mode="r")
    return RawBundle(manifest["version"], path, manifest, boosters, objects)


def verify_bundle(path: str | Path, feature_names: list[str] | None = None) -> dict[str, Any]:
    """The manifest of a bundle whose format, version name, feature list (if given) and every
    file's checksum match; BundleError otherwise. Nothing is loaded."""
    path = Path(path)
    manifest = read_manifest(path)
    if manifest.get("version") != path.name:
        raise BundleError(f"{path}: the manifest names version {manifest.get('version')}")
    if feature_names is not None and manifest.get("feature_names") != feature_names:
        raise BundleError(f"{path}: trained on other features than this code computes")
    for name, entry in manifest.get("files", {}).items():
        target = path / name
        if not target.is_file() or sha256(target) != entry["sha256"]:
            raise BundleError(f"{path}: {name} is missing or does not match its checksum")
    return manifest


def read_manifest(path: str | Path) -> dict[str, Any]:
    """A bundle's manifest, checked for its format only (nothing else is read or trusted)."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BundleError(f"{path}: no readable {MANIFEST} ({exc})") from exc
    if manifest.get("format_version") not in READABLE_FORMATS:
        raise BundleError(
            f"{path}: bundle format {manifest.get('format_version')}, expected one of"
            f" {', '.join(map(str, READABLE_FORMATS))}"
        )
    return manifest


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def promote(artifacts_dir: str | Path, version: str, action: str = "promote") -> None:
    """Point CURRENT at `version`, atomically (a reader sees the old or the new name), and
    record it in HISTORY."""
    with artifacts_lock(artifacts_dir):
        switch_current(artifacts_dir, version, action)


def switch_current(artifacts_dir: str | Path, version: str, action: str) -> None:
    """`promote` for a caller that holds `artifacts_lock`: CURRENT is replaced in one step,
    then `<time> <action> <version>` is appended to HISTORY (`model.bundles.management` reads
    it)."""
    root = Path(artifacts_dir)
    if not (root / version / MANIFEST).is_file():
        raise BundleError(f"no bundle {version} in {root}")
    tmp = root / f".{CURRENT}.tmp"
    tmp.write_text(version + "\n")
    os.replace(tmp, root / CURRENT)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    # one short write in append mode: a reader sees the whole line or none of it
    with open(root / HISTORY, "a") as handle:
        handle.write(f"{stamp} {action} {version}\n")


@contextmanager
def artifacts_lock(artifacts_dir: str | Path) -> Iterator[None]:
    """An exclusive lock on the artifacts folder: promotions, rollbacks and prunes, from any
    process, happen one at a time. Not re-entrant: never nest it."""
    root = Path(artifacts_dir)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_version(artifacts_dir: str | Path) -> str | None:
    """The serving version named by CURRENT, or None when nothing was promoted yet."""
    try:
        return (Path(artifacts_dir) / CURRENT).read_text().strip() or None
    except FileNotFoundError:
        return None
