"""The partitioned steps on Dask: the same pure functions of `features/` and `model/`, mapped
over agencies (docs/national.md)."""
