"""`make bench` (`python -m bench`): timings, memory, model quality and HTTP load, with baselines.

See bench/README.md for what each benchmark measures and the environment knobs.
"""
