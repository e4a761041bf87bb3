"""The import report: what was mapped, and every row or field that was not, with the reason."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from importers.source import SourceFile, read_source

ROWS_SHOWN = 5
REPORT_FILE = "import_report.json"


@dataclass(frozen=True)
class Skipped:
    """Rows of a file (or a field of them) left out of the tables, and why."""

    file: str
    column: str | None
    rows: list[int]  # the first few, as a user counts them
    count: int
    reason: str
    dropped: bool  # True: the rows were left out; False: only the field was left empty

    def text(self) -> str:
        where = self.file + (f", column '{self.column}'" if self.column else "")
        shown = ", ".join(str(r) for r in self.rows)
        more = f" (and {self.count - len(self.rows)} more)" if self.count > len(self.rows) else ""
        what = "rows left out" if self.dropped else "field left empty"
        return f"{where}, rows {shown}{more}: {self.reason} ({self.count} {what})"


@dataclass
class ImportReport:
    """Counts of what each table received, and everything that could not be mapped."""

    source: str
    read: dict[str, int] = field(default_factory=dict)  # records per source file
    written: dict[str, int] = field(default_factory=dict)  # rows per contract table
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the source cannot say at all

    def skip(
        self,
        source: SourceFile,
        mask: np.ndarray,
        reason: str,
        column: str | None = None,
        dropped: bool = True,
    ) -> None:
        """Record the rows of `source` where `mask` holds (nothing when it holds nowhere)."""
        rows = source.rows(mask)
        if rows:
            self.skipped.append(
                Skipped(source.file, column, rows[:ROWS_SHOWN], len(rows), reason, dropped)
            )

    def read_file(self, folder: Path, name: str) -> SourceFile | None:
        """The file `name` of `folder`, its records counted; a note when there is none."""
        found = read_source(folder, name)
        if found is None:
            self.note(f"no {name} file: its table is missing")
        else:
            self.read[found.file] = len(found.frame)
        return found

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def write(self, folder: Path) -> Path:
        path = folder / REPORT_FILE
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return path

    def summary(self) -> str:
        """Lines for a terminal: tables written, then what was not mapped, then notes."""
        lines = [f"import from {self.source}:"]
        lines += [f"  {name:<22} {n:>10,} rows" for name, n in self.written.items()]
        if self.skipped:
            lines.append("not mapped:")
            lines += [f"  {s.text()}" for s in self.skipped]
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)
