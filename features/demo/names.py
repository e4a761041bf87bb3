"""Names for the demo employees: common Indonesian given names and second names.

Drawn from a hash of the NIP rather than from the world's random stream, so adding names
changed no other number of the generated world.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FEMALE = (
    "Siti", "Dewi", "Sri", "Nur", "Rina", "Wulan", "Ayu", "Fitri", "Indah", "Ratna", "Yuni",
    "Lestari", "Putri", "Nadia", "Anisa", "Maya", "Ratih", "Diah", "Endang", "Kartika",
)  # fmt: skip
MALE = (
    "Budi", "Agus", "Ahmad", "Eko", "Hendra", "Rudi", "Joko", "Dedi", "Bambang", "Andi",
    "Rizky", "Fajar", "Dimas", "Yusuf", "Hadi", "Arif", "Teguh", "Irfan", "Bayu", "Wahyu",
)  # fmt: skip
SECOND = (
    "Santoso", "Wijaya", "Saputra", "Hidayat", "Kurniawan", "Pratama", "Setiawan", "Nugroho",
    "Siregar", "Nasution", "Harahap", "Lubis", "Simanjuntak", "Rahmawati", "Susanti",
    "Wulandari", "Permata", "Maharani", "Utami", "Hasibuan", "Sinaga", "Tanjung", "Sembiring",
    "Gunawan", "Firmansyah", "Ramadhan", "Hakim", "Purnomo", "Suryadi", "Halim",
)  # fmt: skip


def employee_names(nips: np.ndarray, male: np.ndarray) -> np.ndarray:
    """A given name (by gender) and a second name for each NIP, the same for the same NIP."""
    digest = pd.util.hash_array(np.asarray(nips, dtype=object)).astype(np.uint64)
    given = np.where(
        male,
        np.array(MALE, dtype=object)[digest % len(MALE)],
        np.array(FEMALE, dtype=object)[digest % len(FEMALE)],
    )
    second = np.array(SECOND, dtype=object)[(digest // 97) % len(SECOND)]
    return given + " " + second
