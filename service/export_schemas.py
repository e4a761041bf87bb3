"""The schemas of the exports for other systems (`/v1/exports/...`)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from service.request_schemas import StrictSchema

FIRST_YEAR, LAST_YEAR = 1950, 2100  # the SIASN importer's range of a year (importers/values)


class SiasnExportQuerySchema(StrictSchema):
    """`?year=`: completions of programs that ended in that year (all years without it)."""

    year = fields.Integer(validate=validate.Range(FIRST_YEAR, LAST_YEAR))


# One completion as SIASN's course-history record (rw-kursus); dates dd-mm-yyyy. SIASN's field
# names are mixedCase, so the schema is built from a mapping.
SiasnCourseRecordSchema = ma.Schema.from_dict(
    {
        "nipBaru": fields.String(required=True, metadata={"description": "the NIP (employee_id)"}),
        "namaKursus": fields.String(required=True),
        "jenisKursusId": fields.String(required=True, metadata={"description": "empty: unknown"}),
        "jenisDiklatId": fields.String(
            required=True, metadata={"description": "SIASN's jenis diklat of the program's kind"}
        ),
        "jumlahJam": fields.Integer(required=True),
        "tahunKursus": fields.Integer(required=True),
        "tanggalKursus": fields.String(required=True),
        "tanggalSelesaiKursus": fields.String(required=True),
        "institusiPenyelenggara": fields.String(required=True),
        "noSertipikat": fields.String(required=True, metadata={"description": "empty: unknown"}),
    },
    name="SiasnCourseRecordSchema",
)


class SiasnCompletionsSchema(ma.Schema):
    year = fields.Integer(allow_none=True, required=True)
    count = fields.Integer(required=True)
    records = fields.List(fields.Nested(SiasnCourseRecordSchema), required=True)
