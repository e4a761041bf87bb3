"""Actions: what pages and the API do, one module per resource; no flask here."""
