"""Exports: every XLSX and CSV file the service answers, built from plain answers into bytes,
and the cell guard (`cells`) each of them writes through; no request, no database here."""
