"""Names of the contract's tables, columns and enum values, and of derived columns: defined once."""

from __future__ import annotations

# --- tables -------------------------------------------------------------------------------
COMPETENCIES = "competencies"
JOB_ROLES = "job_roles"
ROLE_REQUIREMENTS = "role_requirements"
EMPLOYEES = "employees"
EVALUATIONS = "evaluations"
PERFORMANCE = "performance"
PROGRAMS = "programs"
PROGRAM_COMPETENCIES = "program_competencies"
ENROLLMENTS = "enrollments"
UNITS = "units"
ASSIGNMENTS = "assignments"  # optional: position history (riwayat jabatan)
UNIT_INDICATORS = "unit_indicators"  # optional: public-service results of units (level 4)
SANCTIONS = "sanctions"  # optional: disciplinary sanctions (hukuman disiplin)
TALENT_POOL = "talent_pool"  # optional: who is prepared for which position (Manajemen Talenta)

REQUIRED_TABLES = (
    COMPETENCIES,
    JOB_ROLES,
    ROLE_REQUIREMENTS,
    EMPLOYEES,
    EVALUATIONS,
    PERFORMANCE,
    PROGRAMS,
    PROGRAM_COMPETENCIES,
    ENROLLMENTS,
)
OPTIONAL_TABLES = (UNITS, ASSIGNMENTS, UNIT_INDICATORS, SANCTIONS, TALENT_POOL)

# --- contract columns ---------------------------------------------------------------------
EMPLOYEE_ID = "employee_id"
COMPETENCY_ID = "competency_id"
ROLE_ID = "role_id"
UNIT_ID = "unit_id"
PARENT_UNIT_ID = "parent_unit_id"
PROGRAM_ID = "program_id"

NAME = "name"
TITLE = "title"
CATEGORY = "category"
TIER = "tier"
JOB_FAMILY = "job_family"
REQUIRED_LEVEL = "required_level"
WEIGHT = "weight"
HIRE_DATE = "hire_date"
BIRTH_DATE = "birth_date"
EDUCATION = "education"
EMPLOYMENT_TYPE = "employment_type"
LOCATION = "location"
GRADE = "grade"
GENDER = "gender"  # fairness audits only: never a model feature
# Personal data: values of these columns are never echoed in messages or logs (an NIP encodes
# birth date, appointment date and gender).
PERSONAL = ("employee_id", "birth_date", "gender", "name")
LEVEL = "level"
SOURCE = "source"
EVALUATED_AT = "evaluated_at"
YEAR = "year"
RATING = "rating"
METHOD = "method"
DURATION_JP = "duration_jp"
COST = "cost"
CAPACITY = "capacity"
START_DATE = "start_date"
PROVIDER = "provider"
AUDIENCE = "audience"  # optional: the tiers a program is for, e.g. "pengawas;administrator"
PATH = "path"  # optional: the learning path of Perlan LAN 10/2018 (`PATHS`)
KIND = "kind"  # optional: the kind of development (`KINDS`, SIASN's jenis diklat and more)
TARGET_LEVEL = "target_level"
ENROLLED_AT = "enrolled_at"
STATUS = "status"
PRE_SCORE = "pre_score"
POST_SCORE = "post_score"
REACTION_SCORE = "reaction_score"
BEHAVIOR_SCORE = "behavior_score"
REGION = "region"
PERIOD_START = "period_start"
INDICATOR = "indicator"
VALUE = "value"
HIGHER_IS_BETTER = "higher_is_better"
MIN_GRADE = "min_grade"  # optional: the lowest golongan ruang a session admits
# optional: the agency (a unit id, its tree's top) a session is open to; empty: open to all
OPEN_TO_AGENCY = "open_to_agency"
END_DATE = "end_date"  # sanctions; optional in programs: a session's last day
TARGET_ROLE_ID = "target_role_id"
BOX = "box"  # the nine-box position of a talent-pool member, 1-9
SINCE = "since"
# How a yes/no cell may be written (`higher_is_better`); the first value of each pair is true.
BOOLEAN_VALUES = ("true", "false", "1", "0", "yes", "no", "ya", "tidak")
TRUE_VALUES = ("true", "1", "yes", "ya")

# --- enum values --------------------------------------------------------------------------
CATEGORIES = ("managerial", "socio_cultural", "technical")
TIERS = (
    "jpt_utama",
    "jpt_madya",
    "jpt_pratama",
    "administrator",
    "pengawas",
    "pelaksana",
    "fungsional_ahli",
    "fungsional_terampil",
)
EDUCATIONS = ("sma", "d3", "s1", "s2", "s3")
EMPLOYMENT_TYPES = ("pns", "pppk")
GENDERS = ("m", "f")
SOURCES = ("self", "supervisor", "peer", "assessment_center", "post_test")
RATINGS = ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")  # best first
# Golongan ruang of a PNS, lowest first (PP 17/2020; `employees.grade`, `programs.min_grade`).
GRADES = (*(f"{g}/{r}" for g in ("I", "II", "III", "IV") for r in "abcd"), "IV/e")
METHODS = ("classroom", "e_learning", "workshop", "blended")
STATUSES = ("completed", "dropped", "failed", "no_show", "in_progress")
# Perlan LAN 10/2018: classroom learning, or learning at work and at a distance.
PATHS = ("classical", "non_classical")
CLASSICAL_KINDS = (
    "structural",
    "functional",
    "technical",
    "managerial",
    "socio_cultural",
    "workshop",
    "seminar",
    "technical_guidance",
    "socialisation",
    "course",
)
NON_CLASSICAL_KINDS = (
    "coaching",
    "mentoring",
    "e_learning",
    "distance_learning",
    "secondment",
    "internship",
    "benchmarking",
    "self_study",
    "learning_community",
)
KINDS = CLASSICAL_KINDS + NON_CLASSICAL_KINDS

# Separator of the values in a set-valued cell (`audience`).
SET_SEPARATOR = ";"

COMPLETED = "completed"
NOT_COMPLETED = ("dropped", "failed", "no_show")
IN_PROGRESS = "in_progress"
SELF = "self"
POST_TEST = "post_test"

# Every PNS is entitled to at least 20 lesson hours (JP) of competency development a year.
JP_ENTITLEMENT = 20

# --- derived columns: gap profiles --------------------------------------------------------
CURRENT_LEVEL = "current_level"
GAP = "gap"
WEIGHTED_GAP = "weighted_gap"
CONFIDENCE = "confidence"
LAST_EVALUATED_AT = "last_evaluated_at"
N_EVALUATIONS = "n_evaluations"
SELF_MINUS_OTHERS = "self_minus_others"
LATEST_RATING = "latest_rating"
JP_THIS_YEAR = "jp_this_year"
JP_REMAINING = "jp_remaining"
GAP_INDEX = "gap_index"
