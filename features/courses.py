"""Which program sessions are runs of the same course.

HR exports list every session as its own program, and its title usually carries the run:
"Kehumasan Digital Angkatan 2 Tahun 2024", "Pelatihan SIPD Batch III (2025)". A course's
history (how many took it, how many completed, how they rated it) only exists across its
sessions, so titles are reduced to a course name by dropping such run markers. A bare
trailing number is kept: "Diklat PIM IV" and "Diklat PIM III" are different courses.
"""

from __future__ import annotations

import re

import pandas as pd

# Words that introduce a run number or label, in Indonesian and English.
_RUN_WORDS = r"angkatan|gelombang|batch|kelas|sesi|session|cohort|periode|tahap|seri|run|ke"
_PATTERNS = (
    rf"\b(?:{_RUN_WORDS})\b\.?\s*(?:[0-9]+|[ivxlcdm]+\b|[a-z]\b)?",  # "Angkatan 2", "Batch III"
    r"\b(?:tahun(?: anggaran)?|t\.?a\.?)?\s*(?:19|20)\d{2}(?:\s*/\s*(?:19|20)?\d{2})?\b",  # years
    r"\(\s*\)|\[\s*\]",  # brackets left empty by the above
    r"[\s\-–—:;,#/.]+$",  # trailing punctuation
)


def course_names(titles: pd.Series) -> pd.Series:
    """The course name of each session title (lower case, run markers removed)."""
    lower = titles.fillna("").astype(str).str.lower()
    return _without_runs(lower)


def course_titles(courses: pd.Series, titles: pd.Series, starts: pd.Series) -> pd.Series:
    """A course's name as people write it (course name -> title): the title of its latest
    session (by `starts`) without run markers, capitals kept ("Penatausahaan Keuangan SIPD").
    The three series are aligned per session; `courses` are `course_names` of the titles."""
    shown = _without_runs(titles.fillna("").astype(str), flags=re.IGNORECASE)
    frame = pd.DataFrame(
        {"course": courses.to_numpy(), "title": shown.to_numpy(), "start": starts.to_numpy()}
    )
    latest = frame.sort_values("start", kind="stable", na_position="first")
    latest = latest.groupby("course").tail(1)
    return latest.set_index("course")["title"].rename(None)


def _without_runs(names: pd.Series, flags: int = 0) -> pd.Series:
    """`names` with run markers and years removed; a name left empty keeps its full text."""
    original = names
    for pattern in _PATTERNS:
        names = names.str.replace(pattern, " ", regex=True, flags=flags)
    names = names.str.replace(r"\s+", " ", regex=True).str.strip(" -–—:;,#/.")
    return names.where(names != "", original)
