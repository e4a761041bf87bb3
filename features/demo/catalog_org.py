"""Static reference data of the demo organisation: regions, job families, units, competencies.

Names follow the Jakarta provincial government (Pemprov DKI Jakarta) and the competency
dictionary of Permenpanrb 38/2017 (`kamus_kompetensi_asn_permenpanrb38_2017.csv`).
"""

from __future__ import annotations

from typing import NamedTuple

PROVINCE = "Provinsi DKI Jakarta"
KEPULAUAN_SERIBU = "Kepulauan Seribu"

# Region code -> (short name, administrative name) of the six wilayah of DKI Jakarta.
REGIONS = {
    "JP": ("Jakarta Pusat", "Kota Administrasi Jakarta Pusat"),
    "JU": ("Jakarta Utara", "Kota Administrasi Jakarta Utara"),
    "JB": ("Jakarta Barat", "Kota Administrasi Jakarta Barat"),
    "JS": ("Jakarta Selatan", "Kota Administrasi Jakarta Selatan"),
    "JT": ("Jakarta Timur", "Kota Administrasi Jakarta Timur"),
    "KS": (KEPULAUAN_SERIBU, "Kabupaten Administrasi Kepulauan Seribu"),
}
# Relative size of a suku dinas in each region (the islands are small).
REGION_SIZE = {"JP": 0.22, "JU": 0.26, "JB": 0.3, "JS": 0.3, "JT": 0.34, "KS": 0.07}

# Official names (title-cased) of the managerial and socio-cultural competencies.
MANAGERIAL = {
    "M.1": "Integritas",
    "M.2": "Kerja Sama",
    "M.3": "Komunikasi",
    "M.4": "Orientasi pada Hasil",
    "M.5": "Pelayanan Publik",
    "M.6": "Pengembangan Diri dan Orang Lain",
    "M.7": "Mengelola Perubahan",
    "M.8": "Pengambilan Keputusan",
}
SOCIO_CULTURAL = {"SK.1": "Perekat Bangsa"}


class Family(NamedTuple):
    """A job family (rumpun jabatan) and the technical competencies it requires."""

    key: str
    code: str
    technical: tuple[str, ...]


FAMILIES = (
    Family(
        "administrasi_umum",
        "ADM",
        (
            "Pengelolaan Kearsipan",
            "Tata Naskah Dinas dan Kesekretariatan",
            "Hubungan Masyarakat dan Keprotokolan",
            "Penyusunan Produk Hukum Daerah",
            "Pengelolaan Pengaduan Masyarakat",
        ),
    ),
    Family(
        "kependudukan",
        "DUK",
        (
            "Pelayanan Pendaftaran Penduduk",
            "Pencatatan Sipil",
            "Pengelolaan Sistem Informasi Administrasi Kependudukan",
            "Pemanfaatan Data dan Dokumen Kependudukan",
            "Pelindungan Data Pribadi Penduduk",
        ),
    ),
    Family(
        "keuangan",
        "KEU",
        (
            "Perencanaan dan Penganggaran Daerah",
            "Penatausahaan dan Perbendaharaan Keuangan Daerah",
            "Akuntansi dan Pelaporan Keuangan Pemerintah Daerah",
            "Pengelolaan Barang Milik Daerah",
            "Pengadaan Barang/Jasa Pemerintah",
            "Pajak dan Retribusi Daerah",
        ),
    ),
    Family(
        "teknologi_informasi",
        "TIK",
        (
            "Tata Kelola Sistem Pemerintahan Berbasis Elektronik",
            "Pengelolaan Data dan Statistik Sektoral",
            "Keamanan Informasi",
            "Pengembangan Aplikasi",
            "Infrastruktur Jaringan dan Pusat Data",
        ),
    ),
    Family(
        "kesehatan",
        "KES",
        (
            "Surveilans Epidemiologi",
            "Pelayanan Kesehatan Primer",
            "Promosi Kesehatan dan Pemberdayaan Masyarakat",
            "Pengelolaan Kefarmasian dan Alat Kesehatan",
            "Kesehatan Lingkungan",
            "Manajemen Fasilitas Pelayanan Kesehatan",
        ),
    ),
    Family(
        "perencanaan",
        "REN",
        (
            "Perencanaan Pembangunan Daerah",
            "Pemantauan dan Evaluasi Pembangunan",
            "Analisis Kebijakan Publik",
            "Penganggaran Berbasis Kinerja",
        ),
    ),
    Family(
        "kepegawaian",
        "PEG",
        (
            "Manajemen Sumber Daya Manusia Aparatur",
            "Pengelolaan Kinerja Pegawai",
            "Pengembangan Kompetensi ASN",
            "Administrasi dan Sistem Informasi Kepegawaian",
            "Penilaian Kompetensi",
        ),
    ),
    Family(
        "pengawasan",
        "WAS",
        (
            "Audit Kinerja",
            "Reviu Laporan Keuangan",
            "Audit Pengadaan Barang/Jasa",
            "Manajemen Risiko dan Sistem Pengendalian Intern",
            "Audit Investigatif",
        ),
    ),
    Family(
        "perhubungan",
        "HUB",
        (
            "Manajemen dan Rekayasa Lalu Lintas",
            "Pengujian Kendaraan Bermotor",
            "Pengelolaan Angkutan Umum",
            "Keselamatan Transportasi",
        ),
    ),
    Family(
        "sosial",
        "SOS",
        (
            "Rehabilitasi Sosial",
            "Perlindungan dan Jaminan Sosial",
            "Pengelolaan Data Terpadu Kesejahteraan Sosial",
            "Pemberdayaan Sosial dan Penanganan Fakir Miskin",
        ),
    ),
    Family(
        "pendidikan",
        "DIK",
        (
            "Manajemen Satuan Pendidikan",
            "Pengembangan Kurikulum",
            "Penjaminan Mutu Pendidikan",
            "Pengelolaan Data Pokok Pendidikan",
        ),
    ),
)
FAMILY_CODES = {f.key: f.code for f in FAMILIES}


class Agency(NamedTuple):
    """A province-level perangkat daerah; `branch` names its suku dinas ("" = none)."""

    code: str
    name: str
    head: str
    family: str
    office: str
    size: float
    branch: str


# code | name | job family | office region | relative size | has suku dinas in the regions
_AGENCY_TABLE = """
SETDA | Sekretariat Daerah | administrasi_umum | JP | 2.5 | -
BAPPEDA | Badan Perencanaan Pembangunan Daerah | perencanaan | JP | 1.0 | -
BPKD | Badan Pengelolaan Keuangan Daerah | keuangan | JP | 1.5 | -
BAPENDA | Badan Pendapatan Daerah | keuangan | JP | 1.2 | y
BPAD | Badan Pengelolaan Aset Daerah | keuangan | JP | 0.7 | -
BKD | Badan Kepegawaian Daerah | kepegawaian | JP | 1.0 | -
BPSDM | Badan Pengembangan Sumber Daya Manusia | kepegawaian | JS | 0.7 | -
INSPEKTORAT | Inspektorat | pengawasan | JP | 0.9 | y
DUKCAPIL | Dinas Kependudukan dan Pencatatan Sipil | kependudukan | JP | 0.8 | y
DISKOMINFOTIK | Dinas Komunikasi, Informatika dan Statistik | teknologi_informasi | JP | 0.8 | y
DINKES | Dinas Kesehatan | kesehatan | JP | 2.0 | y
RSUD-TARAKAN | RSUD Tarakan | kesehatan | JP | 1.2 | -
DISDIK | Dinas Pendidikan | pendidikan | JP | 2.0 | y
DISHUB | Dinas Perhubungan | perhubungan | JP | 1.6 | y
DINSOS | Dinas Sosial | sosial | JP | 1.0 | y
DPPAPP | Dinas Pemberdayaan, Perlindungan Anak dan Pengendalian Penduduk | sosial | JT | 0.6 | y
DPMPTSP | Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu | administrasi_umum | JS | 0.8 | y
SATPOLPP | Satuan Polisi Pamong Praja | administrasi_umum | JP | 1.2 | y
SEKWAN | Sekretariat DPRD | administrasi_umum | JP | 0.5 | -
BPBD | Badan Penanggulangan Bencana Daerah | sosial | JP | 0.6 | -
"""
# Heads and branches whose names do not follow "Kepala <agency>" / "Suku <agency>".
_HEADS = {
    "SETDA": "Asisten Pemerintahan Sekretariat Daerah",
    "INSPEKTORAT": "Inspektur Provinsi",
    "RSUD-TARAKAN": "Direktur RSUD Tarakan",
    "SEKWAN": "Sekretaris DPRD",
}
_BRANCHES = {"INSPEKTORAT": "Inspektorat Pembantu", "SATPOLPP": "Satuan Polisi Pamong Praja"}


def _agencies(table: str) -> tuple[Agency, ...]:
    """Parse the pipe table above: a table reads better than forty wrapped constructor calls."""
    rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
    return tuple(
        Agency(
            code,
            name,
            _HEADS.get(code, f"Kepala {name}"),
            family,
            office,
            float(size),
            _BRANCHES.get(code, f"Suku {name}") if branch == "y" else "",
        )
        for code, name, family, office, size, branch in rows
    )


AGENCIES = _agencies(_AGENCY_TABLE)
# The seat of each wilayah's own administration (Sekretariat Kota/Kabupaten).
REGIONAL_SECRETARIAT = "Sekretariat"
REGIONAL_SECRETARIAT_SIZE = {"JP": 0.6, "JU": 0.6, "JB": 0.6, "JS": 0.6, "JT": 0.6, "KS": 0.35}
