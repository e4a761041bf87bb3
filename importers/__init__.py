"""Imports from the HR systems an Indonesian agency already runs, into the contract's tables.

`python -m importers SOURCE IN OUT` (`make import SOURCE=siasn IN=... OUT=...`) reads the files
of one source system (`siasn`: BKN's SIASN riwayat endpoints; `simdiklat`: BPSDM DKI Jakarta's
training records), maps them to the tables of `../shared/CONTRACT.md` section 1 (plus `units`
and `assignments`), checks the result as `make check` does, and writes it with a report of
every row or field that could not be mapped and why. Nothing is written when the import fails.
"""
