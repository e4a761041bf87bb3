"""Static reference data: the positions (jabatan) of each job family and their standard levels.

Levels follow Permenpanrb 38/2017: JPT 4-5, administrator 3, pengawas 2-3, pelaksana 1-2,
fungsional ahli 2-4 by jenjang (pertama, muda, madya), fungsional terampil 1-2. Each row gives
the managerial level and the technical level of the position's standard.
"""

from __future__ import annotations

from typing import NamedTuple


class Position(NamedTuple):
    """A position of a job family; `share` is its share of the family's staff in its tier."""

    family_code: str
    tier: str
    managerial_level: int
    technical_level: int
    share: float
    title: str


_TIERS = {
    "ADMR": "administrator",
    "PENG": "pengawas",
    "PEL": "pelaksana",
    "AHLI": "fungsional_ahli",
    "TRAM": "fungsional_terampil",
}

# family | tier | managerial/technical level | share | title
_POSITION_TABLE = """
ADM | ADMR | 3/3 | 1 | Sekretaris Dinas
ADM | ADMR | 3/4 | 1 | Kepala Bagian Umum
ADM | PENG | 2/3 | 1 | Kepala Subbagian Umum dan Kepegawaian
ADM | PENG | 3/3 | 1 | Kepala Subbagian Tata Usaha
ADM | PEL | 1/2 | 2 | Pengadministrasi Perkantoran
ADM | PEL | 2/2 | 1 | Pengelola Layanan Operasional
ADM | AHLI | 2/2 | 3 | Arsiparis Ahli Pertama
ADM | AHLI | 3/3 | 2 | Pranata Hubungan Masyarakat Ahli Muda
ADM | AHLI | 3/4 | 1 | Perancang Peraturan Perundang-undangan Ahli Madya
ADM | TRAM | 1/2 | 2 | Arsiparis Terampil
ADM | TRAM | 2/2 | 1 | Pranata Hubungan Masyarakat Terampil
DUK | ADMR | 3/4 | 1 | Kepala Bidang Pelayanan Pendaftaran Penduduk
DUK | ADMR | 3/4 | 1 | Kepala Suku Dinas Kependudukan dan Pencatatan Sipil
DUK | PENG | 2/3 | 1 | Kepala Seksi Identitas Penduduk
DUK | PENG | 3/3 | 1 | Kepala Seksi Pencatatan Kelahiran dan Kematian
DUK | PEL | 1/2 | 2 | Pengadministrasi Kependudukan
DUK | PEL | 2/2 | 1 | Pengolah Data Kependudukan
DUK | AHLI | 2/2 | 3 | Administrator Database Kependudukan Ahli Pertama
DUK | AHLI | 3/3 | 2 | Administrator Database Kependudukan Ahli Muda
DUK | AHLI | 3/4 | 1 | Administrator Database Kependudukan Ahli Madya
DUK | TRAM | 1/2 | 1 | Administrator Database Kependudukan Terampil
KEU | ADMR | 3/4 | 1 | Kepala Bidang Akuntansi
KEU | ADMR | 3/4 | 1 | Kepala Bidang Perbendaharaan
KEU | PENG | 2/3 | 1 | Kepala Subbidang Pelaporan Keuangan
KEU | PENG | 3/3 | 1 | Kepala Subbagian Keuangan
KEU | PEL | 2/2 | 1 | Bendahara Pengeluaran
KEU | PEL | 1/2 | 2 | Penata Laporan Keuangan
KEU | AHLI | 2/2 | 3 | Analis Keuangan Pusat dan Daerah Ahli Pertama
KEU | AHLI | 3/3 | 2 | Analis Keuangan Pusat dan Daerah Ahli Muda
KEU | AHLI | 3/4 | 1 | Pengelola Pengadaan Barang/Jasa Ahli Madya
KEU | TRAM | 1/2 | 1 | Pranata Keuangan Daerah Terampil
TIK | ADMR | 3/4 | 1 | Kepala Bidang Statistik
TIK | ADMR | 3/4 | 1 | Kepala Bidang Aplikasi Informatika
TIK | PENG | 2/3 | 1 | Kepala Seksi Infrastruktur Teknologi Informasi
TIK | PENG | 3/3 | 1 | Kepala Seksi Keamanan Informasi
TIK | PEL | 2/2 | 1 | Pengelola Sistem Informasi
TIK | PEL | 1/2 | 1 | Operator Sistem Informasi
TIK | AHLI | 2/2 | 3 | Pranata Komputer Ahli Pertama
TIK | AHLI | 3/3 | 2 | Statistisi Ahli Muda
TIK | AHLI | 3/4 | 1 | Pranata Komputer Ahli Madya
TIK | TRAM | 1/2 | 2 | Pranata Komputer Terampil
TIK | TRAM | 2/2 | 1 | Statistisi Terampil
KES | ADMR | 3/4 | 1 | Kepala Bidang Pencegahan dan Pengendalian Penyakit
KES | ADMR | 3/4 | 1 | Kepala Bidang Pelayanan Kesehatan
KES | PENG | 2/3 | 1 | Kepala Seksi Surveilans dan Imunisasi
KES | PENG | 3/3 | 1 | Kepala Seksi Kesehatan Lingkungan
KES | PEL | 1/2 | 1 | Pengadministrasi Layanan Kesehatan
KES | PEL | 2/2 | 1 | Pengelola Data Kesehatan
KES | AHLI | 2/3 | 2 | Epidemiolog Kesehatan Ahli Pertama
KES | AHLI | 3/3 | 2 | Apoteker Ahli Muda
KES | AHLI | 3/4 | 2 | Dokter Ahli Madya
KES | TRAM | 1/2 | 3 | Perawat Terampil
KES | TRAM | 2/2 | 1 | Sanitarian Terampil
REN | ADMR | 3/4 | 1 | Kepala Bidang Perencanaan Makro
REN | ADMR | 3/4 | 1 | Kepala Bidang Pengendalian dan Evaluasi
REN | PENG | 2/3 | 1 | Kepala Subbidang Perencanaan Program
REN | PENG | 3/3 | 1 | Kepala Subbidang Evaluasi Pembangunan
REN | PEL | 2/2 | 1 | Penyusun Program Anggaran dan Pelaporan
REN | PEL | 1/2 | 1 | Pengolah Data Perencanaan
REN | AHLI | 2/2 | 3 | Perencana Ahli Pertama
REN | AHLI | 3/3 | 2 | Perencana Ahli Muda
REN | AHLI | 3/4 | 1 | Analis Kebijakan Ahli Madya
REN | TRAM | 1/2 | 1 | Pranata Data Perencanaan Terampil
PEG | ADMR | 3/4 | 1 | Kepala Bidang Pengembangan Kompetensi
PEG | ADMR | 3/4 | 1 | Kepala Bidang Pengadaan, Pemberhentian dan Informasi
PEG | PENG | 2/3 | 1 | Kepala Subbidang Mutasi
PEG | PENG | 3/3 | 1 | Kepala Subbidang Penilaian Kinerja
PEG | PEL | 1/2 | 2 | Pengadministrasi Kepegawaian
PEG | PEL | 2/2 | 1 | Pengolah Data Kepegawaian
PEG | AHLI | 2/2 | 3 | Analis Sumber Daya Manusia Aparatur Ahli Pertama
PEG | AHLI | 3/3 | 2 | Analis Sumber Daya Manusia Aparatur Ahli Muda
PEG | AHLI | 3/4 | 1 | Asesor Sumber Daya Manusia Aparatur Ahli Madya
PEG | TRAM | 1/2 | 1 | Pranata Sumber Daya Manusia Aparatur Terampil
WAS | ADMR | 3/4 | 1 | Inspektur Pembantu Wilayah
WAS | ADMR | 3/4 | 1 | Inspektur Pembantu Bidang Investigasi
WAS | PENG | 2/3 | 1 | Kepala Subbagian Analisis dan Evaluasi
WAS | PENG | 3/3 | 1 | Kepala Subbagian Perencanaan Pengawasan
WAS | PEL | 1/2 | 1 | Pengadministrasi Pengawasan
WAS | PEL | 2/2 | 1 | Pengolah Data Hasil Pengawasan
WAS | AHLI | 2/3 | 3 | Auditor Ahli Pertama
WAS | AHLI | 3/3 | 2 | Pengawas Penyelenggaraan Urusan Pemerintahan Daerah Ahli Muda
WAS | AHLI | 3/4 | 1 | Auditor Ahli Madya
WAS | TRAM | 1/2 | 1 | Auditor Terampil
HUB | ADMR | 3/4 | 1 | Kepala Bidang Lalu Lintas
HUB | ADMR | 3/4 | 1 | Kepala Bidang Angkutan Jalan
HUB | PENG | 2/3 | 1 | Kepala Seksi Manajemen dan Rekayasa Lalu Lintas
HUB | PENG | 3/3 | 1 | Kepala Seksi Pengujian Sarana
HUB | PEL | 1/2 | 3 | Petugas Pengatur Lalu Lintas
HUB | PEL | 2/2 | 1 | Pengadministrasi Perizinan Angkutan
HUB | AHLI | 2/2 | 2 | Penguji Kendaraan Bermotor Ahli Pertama
HUB | AHLI | 3/3 | 2 | Penguji Kendaraan Bermotor Ahli Muda
HUB | AHLI | 3/4 | 1 | Analis Kebijakan Transportasi Ahli Madya
HUB | TRAM | 1/2 | 2 | Penguji Kendaraan Bermotor Terampil
SOS | ADMR | 3/4 | 1 | Kepala Bidang Rehabilitasi Sosial
SOS | ADMR | 3/4 | 1 | Kepala Bidang Perlindungan dan Jaminan Sosial
SOS | PENG | 2/3 | 1 | Kepala Seksi Rehabilitasi Sosial Anak
SOS | PENG | 3/3 | 1 | Kepala Seksi Data dan Informasi Kesejahteraan Sosial
SOS | PEL | 1/2 | 1 | Pengadministrasi Bantuan Sosial
SOS | PEL | 2/2 | 1 | Pengelola Data Kesejahteraan Sosial
SOS | AHLI | 2/2 | 3 | Pekerja Sosial Ahli Pertama
SOS | AHLI | 3/3 | 2 | Pekerja Sosial Ahli Muda
SOS | AHLI | 3/4 | 1 | Penyuluh Sosial Ahli Madya
SOS | TRAM | 1/2 | 2 | Pekerja Sosial Terampil
SOS | TRAM | 2/2 | 1 | Penyuluh Sosial Terampil
DIK | ADMR | 3/4 | 1 | Kepala Bidang Sekolah Menengah
DIK | ADMR | 3/4 | 1 | Kepala Suku Dinas Pendidikan Wilayah
DIK | PENG | 2/3 | 1 | Kepala Seksi Kurikulum
DIK | PENG | 3/3 | 1 | Kepala Seksi Peserta Didik dan Pembangunan Karakter
DIK | PEL | 1/2 | 1 | Pengadministrasi Sarana Pendidikan
DIK | PEL | 2/2 | 1 | Pengelola Data Pendidikan
DIK | AHLI | 2/2 | 2 | Pengembang Teknologi Pembelajaran Ahli Pertama
DIK | AHLI | 3/3 | 2 | Pengawas Sekolah Ahli Muda
DIK | AHLI | 3/4 | 1 | Pengawas Sekolah Ahli Madya
DIK | TRAM | 1/2 | 1 | Pranata Laboratorium Pendidikan Terampil
"""
# The top of the pyramid: the province's secretary (JPT Madya) and the heads of agencies.
SEKDA_TITLE = "Sekretaris Daerah Provinsi"
JPT_MADYA_LEVELS = (5, 5)
JPT_PRATAMA_LEVELS = (4, 4)


def _positions(table: str) -> tuple[Position, ...]:
    rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
    positions = []
    for family_code, tier, levels, share, title in rows:
        managerial, technical = (int(v) for v in levels.split("/"))
        positions.append(
            Position(family_code, _TIERS[tier], managerial, technical, float(share), title)
        )
    return tuple(positions)


POSITIONS = _positions(_POSITION_TABLE)
