"""Bundle management: `python -m model.bundles list | promote VERSION | rollback | prune --keep N
| report | check`.

Every command works while the service runs: it changes only `artifacts/CURRENT` (replaced in
one step) and folders the service does not serve, under the artifacts lock, and each worker
picks a new CURRENT up by its reload (`service.holder`).

Which bundle was served before comes from `artifacts/HISTORY` (`model.bundles.files.promote`
appends `<time> <action> <version>`): replayed as a stack, a promotion pushes a version and a
rollback pops one, so two rollbacks go two bundles back, and `rollback` after `promote X`
returns to what served before X.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from features.pairs import FEATURE_NAMES
from model.bundles.files import (
    HISTORY,
    MANIFEST,
    BundleError,
    artifacts_lock,
    current_version,
    read_manifest,
    switch_current,
    verify_bundle,
)

log = logging.getLogger(__name__)
REPORT = "report.html"
ROLLBACK = "rollback"


@dataclass(frozen=True)
class BundleInfo:
    version: str
    trained_at: str | None
    snapshot: str | None
    ndcg_taken: float | None  # NDCG@10 over the programs taken (the promotion gate's)
    risk_auc: float | None
    risk_ece: float | None
    serving: bool
    previous: bool
    error: str | None = None  # why the manifest could not be read


def bundle_versions(artifacts_dir: str | Path) -> list[str]:
    """Every bundle folder (one with a manifest), oldest first: versions are UTC timestamps."""
    root = Path(artifacts_dir)
    if not root.is_dir():
        return []
    return sorted(
        p.name for p in root.iterdir() if not p.name.startswith(".") and (p / MANIFEST).is_file()
    )


def _history(artifacts_dir: str | Path) -> list[tuple[str, str]]:
    """(action, version) of each HISTORY line, oldest first."""
    try:
        lines = (Path(artifacts_dir) / HISTORY).read_text().splitlines()
    except FileNotFoundError:
        return []
    # a torn or foreign line says nothing we can trust
    return [(p[1], p[2]) for p in (line.split() for line in lines) if len(p) == 3]


def served_stack(artifacts_dir: str | Path) -> list[str]:
    """The versions served, oldest first, as HISTORY replays them (a rollback pops); CURRENT
    is on top even if it was set by hand."""
    stack: list[str] = []
    for action, version in _history(artifacts_dir):
        if action == ROLLBACK:
            while stack and stack[-1] != version:
                stack.pop()
            if not stack:
                stack.append(version)
        elif not stack or stack[-1] != version:
            stack.append(version)
    current = current_version(artifacts_dir)
    if current is not None and (not stack or stack[-1] != current):
        stack.append(current)
    return stack


def previous_version(artifacts_dir: str | Path) -> str | None:
    """The bundle `rollback` would go back to, or None."""
    stack = served_stack(artifacts_dir)
    return stack[-2] if len(stack) > 1 else None


def protected_versions(artifacts_dir: str | Path) -> set[str]:
    """What prune never deletes: the serving bundle, the one rollback returns to, and the one
    served just before the current one (after a rollback: the bundle rolled back from)."""
    current = current_version(artifacts_dir)
    before = [v for _, v in _history(artifacts_dir) if v != current]
    return {v for v in (current, previous_version(artifacts_dir), *before[-1:]) if v}


def list_bundles(artifacts_dir: str | Path) -> list[BundleInfo]:
    """Every bundle with its dates and headline metrics, oldest first."""
    serving, previous = current_version(artifacts_dir), previous_version(artifacts_dir)
    return [_info(Path(artifacts_dir) / v, v == serving, v == previous)
            for v in bundle_versions(artifacts_dir)]  # fmt: skip


def _info(path: Path, serving: bool, previous: bool) -> BundleInfo:
    try:
        manifest = read_manifest(path)
    except BundleError as exc:
        return BundleInfo(path.name, None, None, None, None, None, serving, previous, str(exc))
    metrics = manifest.get("metrics", {})
    risk = metrics.get("risk", {}).get("model", {})
    return BundleInfo(
        version=path.name,
        trained_at=manifest.get("created_at"),
        snapshot=manifest.get("data", {}).get("snapshot_date"),
        ndcg_taken=metrics.get("ranking_taken", {}).get("model", {}).get("ndcg@10"),
        risk_auc=risk.get("auc"),
        risk_ece=risk.get("ece"),
        serving=serving,
        previous=previous,
    )


def promote_version(artifacts_dir: str | Path, version: str) -> None:
    """Serve `version` after checking its checksums and feature list (BundleError if not)."""
    with artifacts_lock(artifacts_dir):
        verify_bundle(_bundle_path(artifacts_dir, version), FEATURE_NAMES)
        switch_current(artifacts_dir, version, "promote")


def rollback(artifacts_dir: str | Path) -> str:
    """Serve the previously served bundle again (verified first); returns its version."""
    with artifacts_lock(artifacts_dir):
        target = previous_version(artifacts_dir)
        if target is None:
            raise BundleError("no previously served bundle to roll back to")
        verify_bundle(_bundle_path(artifacts_dir, target), FEATURE_NAMES)
        switch_current(artifacts_dir, target, ROLLBACK)
    return target


def prune(artifacts_dir: str | Path, keep: int) -> list[str]:
    """Delete all but the `keep` newest bundles, never a `protected_versions` one; returns
    the versions deleted. Each folder is first renamed out of sight, in one step."""
    if keep < 0:
        raise ValueError(f"keep must be >= 0, got {keep}")
    root = Path(artifacts_dir)
    with artifacts_lock(root):
        versions = bundle_versions(root)
        protected = protected_versions(root)
        newest = set(versions[len(versions) - keep :]) if keep else set()
        doomed = [v for v in versions if v not in protected and v not in newest]
        for version in doomed:
            trash = root / f".deleting-{version}"
            os.rename(root / version, trash)
            shutil.rmtree(trash)
    return doomed


def serving_report(artifacts_dir: str | Path) -> Path:
    """The path of the serving bundle's report.html (BundleError when there is none)."""
    version = current_version(artifacts_dir)
    if version is None:
        raise BundleError(f"no bundle is serving in {artifacts_dir}")
    report = Path(artifacts_dir) / version / REPORT
    if not report.is_file():
        raise BundleError(f"serving bundle {version} has no {REPORT} (trained before reports)")
    return report


def _bundle_path(artifacts_dir: str | Path, version: str) -> Path:
    if not version or "/" in version or version.startswith("."):
        raise BundleError(f"not a bundle version: {version!r}")
    path = Path(artifacts_dir) / version
    if not (path / MANIFEST).is_file():
        raise BundleError(f"no bundle {version} in {artifacts_dir}")
    return path


def format_table(bundles: list[BundleInfo]) -> str:
    """The `list` table: `*` marks the serving bundle, `<` the one rollback returns to."""
    head = (f"  {'version':<26} {'trained at':<26} {'snapshot':<11} {'NDCG@10 taken':>13}"
            f" {'risk AUC':>9} {'ECE':>7}")  # fmt: skip
    rows = [head]
    for b in bundles:
        mark = "*" if b.serving else "<" if b.previous else " "
        if b.error:
            rows.append(f"{mark} {b.version:<26} unreadable: {b.error}")
            continue
        rows.append(
            f"{mark} {b.version:<26} {b.trained_at or '-':<26} {b.snapshot or '-':<11}"
            f" {_num(b.ndcg_taken, 13)} {_num(b.risk_auc, 9)} {_num(b.risk_ece, 7)}"
        )
    rows.append("* serving   < previous (what rollback returns to)")
    return "\n".join(rows)


def servable(artifacts_dir: str | Path) -> str:
    """The serving version, if this code can serve it (checksums and feature list match);
    BundleError naming why not (none serving, an older feature list, a damaged file)."""
    version = current_version(artifacts_dir)
    if version is None:
        raise BundleError(f"{artifacts_dir}: no bundle is serving (make train)")
    verify_bundle(Path(artifacts_dir) / version, FEATURE_NAMES)
    return version


def _num(value: Any, width: int) -> str:
    return f"{value:>{width}.4f}" if isinstance(value, int | float) else f"{'-':>{width}}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.artifacts_dir
    try:
        if args.command == "list":
            print(format_table(list_bundles(root)))
        elif args.command == "promote":
            promote_version(root, args.version)
            print(f"serving {args.version}")
        elif args.command == "rollback":
            print(f"rolled back: serving {rollback(root)}")
        elif args.command == "prune":
            deleted = prune(root, args.keep)
            print(f"deleted {len(deleted)} bundle(s)" + "".join(f"\n  {v}" for v in deleted))
        elif args.command == "check":
            print(f"serving {servable(root)}: this code can serve it")
        else:
            print(serving_report(root).resolve())
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m model.bundles",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--artifacts-dir", default=os.environ.get("ARTIFACTS_DIR", "artifacts"))
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="every bundle, its metrics, which one serves")
    promote = commands.add_parser("promote", help="verify a bundle, then serve it")
    promote.add_argument("version")
    commands.add_parser("rollback", help="serve the previously served bundle again")
    prune = commands.add_parser("prune", help="delete old bundles (never serving or previous)")
    prune.add_argument("--keep", type=int, required=True, help="how many of the newest to keep")
    commands.add_parser("report", help="print the path of the serving bundle's report.html")
    commands.add_parser(
        "check", help="exit 0 if this code can serve the serving bundle (make run trains if not)"
    )
    return parser
