"""Versioned artifact bundles: written atomically, verified before anything in them is loaded.

A bundle is one folder `artifacts/<version>/` holding LightGBM boosters in LightGBM's own text
format, other objects as joblib files, and `manifest.json` with the sha256 of every file.
joblib runs code when it loads, so nothing is unpickled before every checksum has matched.
`artifacts/CURRENT` names the version the service serves.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import joblib
import lightgbm as lgb

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CURRENT = "CURRENT"


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
) -> Path:
    """Write the bundle into a temporary folder, then rename it into place in one step."""
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
            joblib.dump(obj, tmp / f"{name}.joblib", compress=3)
            files[f"{name}.joblib"] = "joblib"
        full = {**manifest, "format_version": FORMAT_VERSION, "version": version}
        full["files"] = {f: {"kind": k, "sha256": sha256(tmp / f)} for f, k in files.items()}
        (tmp / MANIFEST).write_text(json.dumps(full, indent=2, sort_keys=True, default=str))
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def read_bundle(path: str | Path, feature_names: list[str] | None = None) -> RawBundle:
    """Load a bundle after checking its format, feature list and every file's checksum."""
    path = Path(path)
    manifest = read_manifest(path)
    if manifest.get("version") != path.name:
        raise BundleError(f"{path}: the manifest names version {manifest.get('version')}")
    if feature_names is not None and manifest.get("feature_names") != feature_names:
        raise BundleError(f"{path}: trained on other features than this code computes")
    files = manifest.get("files", {})
    for name, entry in files.items():
        target = path / name
        if not target.is_file() or sha256(target) != entry["sha256"]:
            raise BundleError(f"{path}: {name} is missing or does not match its checksum")
    boosters, objects = {}, {}
    for name, entry in files.items():
        stem = name.rsplit(".", 1)[0]
        if entry["kind"] == "booster":
            boosters[stem] = lgb.Booster(model_file=str(path / name))
        else:
            objects[stem] = joblib.load(path / name)
    return RawBundle(manifest["version"], path, manifest, boosters, objects)


def read_manifest(path: str | Path) -> dict[str, Any]:
    """A bundle's manifest, checked for its format only (nothing else is read or trusted)."""
    path = Path(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BundleError(f"{path}: no readable {MANIFEST} ({exc})") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BundleError(
            f"{path}: bundle format {manifest.get('format_version')}, expected {FORMAT_VERSION}"
        )
    return manifest


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def promote(artifacts_dir: str | Path, version: str) -> None:
    """Point CURRENT at `version`, atomically (a reader sees the old or the new name)."""
    root = Path(artifacts_dir)
    if not (root / version / MANIFEST).is_file():
        raise BundleError(f"no bundle {version} in {root}")
    tmp = root / f".{CURRENT}.tmp"
    tmp.write_text(version + "\n")
    os.replace(tmp, root / CURRENT)


def current_version(artifacts_dir: str | Path) -> str | None:
    """The serving version named by CURRENT, or None when nothing was promoted yet."""
    try:
        return (Path(artifacts_dir) / CURRENT).read_text().strip() or None
    except FileNotFoundError:
        return None
