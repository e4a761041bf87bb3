"""Static reference data: the training courses the demo catalogue schedules as sessions.

A course is what BPSDM DKI Jakarta or a national institute offers; each session of it
(an angkatan) becomes one program row. `audience` says who takes it: everyone, leaders only,
one job family, or a mandatory group (new civil servants, newly appointed pengawas, ...).
"""

from __future__ import annotations

from typing import NamedTuple

PROVIDERS = {
    "BPSDM": "BPSDM Provinsi DKI Jakarta",
    "LAN": "Lembaga Administrasi Negara",
    "KPK": "Komisi Pemberantasan Korupsi",
    "BKN": "Badan Kepegawaian Negara",
    "BPKP": "Badan Pengawasan Keuangan dan Pembangunan",
    "LKPP": "Lembaga Kebijakan Pengadaan Barang/Jasa Pemerintah",
    "DUKCAPIL": "Ditjen Dukcapil Kementerian Dalam Negeri",
    "KEMENDAGRI": "BPSDM Kementerian Dalam Negeri",
    "KOMDIGI": "Kementerian Komunikasi dan Digital",
    "BSSN": "Badan Siber dan Sandi Negara",
    "BPS": "Badan Pusat Statistik",
    "KEMENKES": "Kementerian Kesehatan",
    "BAPPENAS": "Kementerian PPN/Bappenas",
    "ANRI": "Arsip Nasional Republik Indonesia",
    "KEMENKUM": "Kementerian Hukum",
    "KEMENHUB": "BPSDM Perhubungan",
    "KEMENSOS": "Kementerian Sosial",
    "DIKDASMEN": "Kementerian Pendidikan Dasar dan Menengah",
    "PANRB": "Kementerian PANRB",
}
# Audiences: who may be nominated for or choose a course.
GENERAL, LEADERS, FAMILY = "general", "leaders", "family"
# Mandatory courses and the event that obliges them.
NEW_PNS, NEW_PENGAWAS, NEW_ADMINISTRATOR, NEW_JPT = "new_pns", "new_pengawas", "new_adm", "new_jpt"
MANDATORY = (NEW_PNS, NEW_PENGAWAS, NEW_ADMINISTRATOR, NEW_JPT)


class Course(NamedTuple):
    """A course; `targets` are (competency_id, target_level, weight) it develops."""

    code: str
    method: str
    duration_jp: int
    cost: float
    provider: str
    audience: str
    targets: tuple[tuple[str, int, float], ...]
    title: str


# code|method|JP|cost per participant (thousand IDR)|provider|audience|targets|title
# targets: competency:target_level[:weight], comma-separated.
_COURSE_TABLE = """
ANTIKORUPSI|e_learning|20|0|KPK|general|M.1:3|Integritas dan Budaya Antikorupsi
WASBANG|e_learning|16|0|LAN|general|SK.1:3|Wawasan Kebangsaan dan Bela Negara
YANLIK|e_learning|20|0|BPSDM|general|M.5:3|Pelayanan Publik Prima
KOMEF|classroom|32|3500|BPSDM|general|M.3:3,M.2:3:0.5|Komunikasi Efektif
KOLAB|workshop|16|1800|BPSDM|general|M.2:3|Kolaborasi Lintas Perangkat Daerah
KINERJA|classroom|40|4500|BPSDM|general|M.4:4|Manajemen Kinerja Berorientasi Hasil
COACHING|workshop|24|3000|BPSDM|leaders|M.6:4|Coaching dan Mentoring untuk Pimpinan
INOVASI|blended|60|5000|LAN|general|M.7:4,M.5:3:0.6|Inovasi Pelayanan Publik
KEPDATA|classroom|40|4800|BPSDM|leaders|M.8:4,M.4:4:0.5|Pengambilan Keputusan Berbasis Data
ETIKA|e_learning|12|0|BPSDM|general|M.1:2,SK.1:2:0.6|Etika Birokrasi dan Kode Etik ASN
DIGITAL|e_learning|15|150|KOMDIGI|general|M.6:3,M.7:2:0.5|Literasi Digital ASN
MODERASI|workshop|16|1500|BPSDM|general|SK.1:3,M.5:3:0.6|Pelayanan Publik Inklusif
LATSAR|blended|240|9500|BPSDM|new_pns|M.1:2,M.2:2,M.5:2,SK.1:3|Pelatihan Dasar CPNS
PKP|blended|200|16000|BPSDM|new_pengawas|M.2:3,M.3:3,M.4:3,M.6:3|Pelatihan Kepemimpinan Pengawas
PKA|blended|260|27500|BPSDM|new_adm|M.4:4,M.6:4,M.7:4,M.8:4|Pelatihan Kepemimpinan Administrator
PKN2|blended|300|45000|LAN|new_jpt|M.1:5,M.7:5,M.8:5,SK.1:4|Pelatihan Kepemimpinan Nasional II
ARSIP|classroom|40|4200|ANRI|family|T.ADM.1:3|Pengelolaan Arsip Dinamis dan Statis
SRIKANDI|e_learning|16|0|ANRI|family|T.ADM.2:3|Tata Naskah Dinas Elektronik SRIKANDI
HUMAS|workshop|24|2800|KOMDIGI|family|T.ADM.3:3,M.3:3:0.5|Kehumasan Digital
LEGDRAF|classroom|48|5500|KEMENKUM|family|T.ADM.4:3|Legal Drafting Peraturan Daerah
ADUAN|e_learning|12|0|BPSDM|family|T.ADM.5:3,M.5:3:0.5|Pengelolaan Pengaduan Masyarakat
SIAK|classroom|40|4000|DUKCAPIL|family|T.DUK.3:3|Bimbingan Teknis SIAK Terpusat
IKD|e_learning|16|0|DUKCAPIL|family|T.DUK.1:3|Identitas Kependudukan Digital
CAPIL|workshop|24|2500|DUKCAPIL|family|T.DUK.2:3|Pencatatan Sipil dan Akta
DATADUK|blended|48|4500|BPSDM|family|T.DUK.4:3,T.DUK.5:3|Pemanfaatan Data Kependudukan
AKRUAL|classroom|56|6500|BPKP|family|T.KEU.3:3|Akuntansi Berbasis Akrual Pemda
PBJ|classroom|32|3800|LKPP|family|T.KEU.5:3|Pengadaan Barang/Jasa Tingkat Dasar
SIPD|e_learning|24|0|KEMENDAGRI|family|T.KEU.2:3,T.KEU.1:2:0.5|Penatausahaan Keuangan SIPD
LKPD|workshop|24|3200|BPKP|family|T.KEU.3:4|Penyusunan Laporan Keuangan Pemda
BMD|blended|60|5200|BPSDM|family|T.KEU.4:3|Pengelolaan Barang Milik Daerah
PDRD|classroom|40|4200|BPSDM|family|T.KEU.6:3|Pajak Daerah dan Retribusi Daerah
SIBER|classroom|48|7500|BSSN|family|T.TIK.3:4|Keamanan Informasi dan Insiden Siber
SATUDATA|e_learning|20|0|BPS|family|T.TIK.2:3|Satu Data dan Statistik Sektoral
WEBDEV|workshop|24|3500|KOMDIGI|family|T.TIK.4:3|Pengembangan Aplikasi Web
SPBE|blended|56|6000|PANRB|family|T.TIK.1:3,M.7:3:0.5|Arsitektur dan Manajemen SPBE
JARINGAN|classroom|40|6800|KOMDIGI|family|T.TIK.5:3|Administrasi Jaringan dan Pusat Data
SURVEILANS|classroom|48|5500|KEMENKES|family|T.KES.1:3|Surveilans Penyakit Menular
PPI|e_learning|20|250|KEMENKES|family|T.KES.2:3|Pencegahan dan Pengendalian Infeksi
PROMKES|workshop|24|2600|KEMENKES|family|T.KES.3:3|Promosi Kesehatan Berbasis Masyarakat
PUSKESMAS|blended|72|6500|BPSDM|family|T.KES.6:3,T.KES.2:3:0.5|Manajemen Puskesmas
FARMASI|classroom|32|3800|KEMENKES|family|T.KES.4:3|Pengelolaan Obat dan BMHP
KESLING|e_learning|16|0|KEMENKES|family|T.KES.5:2|Inspeksi Kesehatan Lingkungan
RPJMD|classroom|56|6000|BAPPENAS|family|T.REN.1:3|Penyusunan RPJMD dan Renstra
MONEV|workshop|24|2800|BPSDM|family|T.REN.2:3|Pemantauan dan Evaluasi Pembangunan
ANJAK|blended|64|6200|LAN|family|T.REN.3:4,M.8:3:0.5|Analisis Kebijakan Publik
ANGGARAN|e_learning|20|0|KEMENDAGRI|family|T.REN.4:3|Penganggaran Berbasis Kinerja
TALENTA|classroom|40|4500|BKN|family|T.PEG.1:3|Manajemen Talenta ASN
EKINERJA|e_learning|16|0|BKN|family|T.PEG.2:3|Pengelolaan Kinerja Pegawai
AKPK|workshop|24|2800|LAN|family|T.PEG.3:3|Analisis Kebutuhan Pengembangan Kompetensi
SIASN|e_learning|12|0|BKN|family|T.PEG.4:3|Sistem Informasi ASN
ASESOR|classroom|64|8000|BKN|family|T.PEG.5:4|Asesor Kompetensi Manajerial
AUDITKIN|classroom|48|5800|BPKP|family|T.WAS.1:3|Audit Kinerja Instansi Pemerintah
REVIU|workshop|24|3000|BPKP|family|T.WAS.2:3|Reviu Laporan Keuangan Pemda
PROBITY|classroom|32|4200|BPKP|family|T.WAS.3:3|Probity Audit Pengadaan Barang/Jasa
SPIP|e_learning|20|350|BPKP|family|T.WAS.4:3|Manajemen Risiko dan SPIP
FRAUD|blended|72|7000|BPKP|family|T.WAS.5:4|Audit Investigatif dan Fraud Control
LALIN|classroom|48|5000|KEMENHUB|family|T.HUB.1:3|Manajemen dan Rekayasa Lalu Lintas
UJIKIR|workshop|24|2800|KEMENHUB|family|T.HUB.2:3|Pengujian Berkala Kendaraan Bermotor
ANGKUTAN|blended|56|5500|BPSDM|family|T.HUB.3:3|Angkutan Umum Terintegrasi
LLAJ|e_learning|16|0|KEMENHUB|family|T.HUB.4:3|Keselamatan Lalu Lintas Angkutan Jalan
REHSOS|classroom|48|4800|KEMENSOS|family|T.SOS.1:3|Rehabilitasi Sosial dan Manajemen Kasus
LINJAMSOS|e_learning|20|0|KEMENSOS|family|T.SOS.2:3|Perlindungan dan Jaminan Sosial
DTKS|workshop|16|2000|KEMENSOS|family|T.SOS.3:3|Verifikasi dan Validasi DTKS
DAYASOS|blended|56|5000|BPSDM|family|T.SOS.4:3|Pemberdayaan Sosial
MBS|classroom|40|4200|DIKDASMEN|family|T.DIK.1:3|Manajemen Berbasis Sekolah
KURIKULUM|e_learning|20|0|DIKDASMEN|family|T.DIK.2:3|Implementasi Kurikulum Merdeka
MUTUDIK|workshop|24|2600|DIKDASMEN|family|T.DIK.3:3|Penjaminan Mutu dan Akreditasi Sekolah
DAPODIK|e_learning|12|0|DIKDASMEN|family|T.DIK.4:3|Pengelolaan Dapodik
"""

# Seats per session by method: (low, high, step).
CAPACITY = {
    "classroom": (25, 40, 5),
    "workshop": (20, 35, 5),
    "blended": (30, 40, 10),
    "e_learning": (100, 600, 50),
}
# Where in-person sessions are held (mostly BPSDM's campus and hotels in Jakarta).
VENUES = {
    "Jakarta Selatan": 0.36,
    "Jakarta Pusat": 0.3,
    "Jakarta Timur": 0.14,
    "Jakarta Barat": 0.07,
    "Jakarta Utara": 0.07,
    "Kepulauan Seribu": 0.03,
    "Bogor": 0.03,
}


def _targets(text: str) -> tuple[tuple[str, int, float], ...]:
    parts = [item.split(":") for item in text.split(",")]
    return tuple((p[0], int(p[1]), float(p[2]) if len(p) > 2 else 1.0) for p in parts)


def parse_courses(table: str) -> tuple[Course, ...]:
    """Courses from lines of `_COURSE_TABLE`'s form."""
    rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
    return tuple(
        Course(c, m, int(jp), float(cost) * 1000, PROVIDERS[p], a, _targets(t), title)
        for c, m, jp, cost, p, a, t, title in rows
    )


COURSES = parse_courses(_COURSE_TABLE)
