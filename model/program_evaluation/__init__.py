"""Program evaluation: what past courses did, for whom, and at what cost (Kirkpatrick 1-4).

Decisions and statistics only, no HTTP and no SQL. The parts, in the order data flows:

- `facts`      : the enrolments of past sessions with their course, method, provider, cost;
- `intervals`  : means with 95% t intervals per group (scipy.stats), vectorised over groups;
- `behaviour`  : level 3, supervisor and peer ratings before and after, against a matched
                 comparison group (difference in differences), and the naive before/after;
- `results`    : level 4, unit indicators of units that sent many people against units that
                 sent none (an association, not proof);
- `summary`    : every level per course, per (course, method), per (course, provider), with
                 costs and the evidence verdict; `evaluate_programs` builds it all once;
- `ranking`    : courses (or methods within a course) by effect per rupiah, lower bound first.
"""

from model.program_evaluation.summary import ProgramEvaluations, evaluate_programs

__all__ = ["ProgramEvaluations", "evaluate_programs"]
