"""Assessment-centre results (PermenPANRB 38/2017) into evaluations."""

from __future__ import annotations

import pandas as pd

from features import columns as col
from importers.assessment import FILE, evaluations
from importers.report import ImportReport

NIP = "198503142009092001"


def test_nine_competencies_by_name_with_levels_in_range(tmp_path):
    row = {"NIP": NIP, "Tanggal Asesmen": "14-03-2025", "Integritas": "3", "Kerjasama": "4",
           "Komunikasi": "6", "Orientasi pada Hasil": "3,5", "Pelayanan Publik": "",
           "JPM (%)": "71.2", "Saran Pengembangan 1": "Coaching"}  # fmt: skip
    pd.DataFrame([row]).to_csv(tmp_path / f"{FILE}.csv", index=False)
    dictionary = pd.DataFrame(
        {col.COMPETENCY_ID: ["C-INT", "C-KS"], col.NAME: ["INTEGRITAS", "Kerja Sama"],
         col.CATEGORY: ["managerial", "managerial"]}
    )  # fmt: skip
    report = ImportReport("siasn")
    found = evaluations(tmp_path, dictionary, report).set_index(col.COMPETENCY_ID)
    assert found.loc["C-INT", col.LEVEL] == 3 and found.loc["C-KS", col.LEVEL] == 4
    assert found.loc["M.4", col.LEVEL] == 3.5  # no such name in the dictionary: the default id
    assert "M.3" not in found.index  # level 6 is outside 1-5: reported, not imported
    assert (found[col.SOURCE] == "assessment_center").all()
    assert (found[col.EVALUATED_AT] == pd.Timestamp("2025-03-14")).all()
    outside = [s for s in report.skipped if s.column == "Komunikasi"]
    assert outside and outside[0].rows == [2]
    assert any("JPM (%)" in note and "Saran Pengembangan 1" in note for note in report.notes)


def test_no_file_no_evaluations(tmp_path):
    assert evaluations(tmp_path, None, ImportReport("siasn")) is None
