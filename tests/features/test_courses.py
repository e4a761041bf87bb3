"""Course names (the key grouping a course's sessions) and the names pages show for them."""

from __future__ import annotations

import pandas as pd

from features.courses import course_names, course_titles


def test_a_course_is_shown_by_its_latest_sessions_title_with_its_capitals():
    titles = pd.Series(
        [
            "Pelatihan SIPD Batch III (2025)",
            "pelatihan sipd angkatan 4 tahun 2026",  # the latest, written in lower case
            "Diklat PIM IV Angkatan 2 Tahun 2024",
            "Diklat PIM IV Angkatan 1 Tahun 2023",
            "Diklat PIM III",
        ]
    )
    starts = pd.to_datetime(
        pd.Series(["2025-03-01", "2026-02-01", "2024-05-01", "2023-05-01", "2024-01-01"])
    )
    courses = course_names(titles)
    shown = course_titles(courses, titles, starts)
    assert shown.to_dict() == {
        "pelatihan sipd": "pelatihan sipd",
        "diklat pim iv": "Diklat PIM IV",
        "diklat pim iii": "Diklat PIM III",
    }
    assert shown.index.str.lower().tolist() == [t.lower() for t in shown]


def test_the_course_keys_are_unchanged_by_the_display_names():
    titles = pd.Series(["Kehumasan Digital Angkatan 2 Tahun 2024", "Angkatan 2", None])
    assert course_names(titles).tolist() == ["kehumasan digital", "angkatan 2", ""]


def test_a_session_without_a_start_date_is_never_the_latest():
    titles = pd.Series(["Kehumasan Digital Angkatan 1", "KEHUMASAN DIGITAL Angkatan 2"])
    starts = pd.Series([pd.Timestamp("2025-01-01"), pd.NaT])
    shown = course_titles(course_names(titles), titles, starts)
    assert shown.to_dict() == {"kehumasan digital": "Kehumasan Digital"}
