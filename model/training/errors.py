"""The one training exception for a history that cannot be learned from."""

from __future__ import annotations


class TrainingDataError(Exception):
    """The input tables are valid, but their history cannot be trained and tested on.

    For example no enrolment with a known outcome, or a period of the temporal split
    without both completed and not-completed enrolments. The message says what is missing
    and how much there is; `python -m model.training` prints it and exits 2. Any other
    exception, a library's ValueError included, is a bug and keeps its traceback.
    """
