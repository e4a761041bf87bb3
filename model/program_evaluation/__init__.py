"""Program evaluation: what past courses did, for whom, and at what cost (Kirkpatrick 1-4).

Decisions and statistics only, no HTTP and no SQL. The parts, in the order data flows:

- `facts`      : the enrolments of past sessions with their course, method, provider, cost;
- `changes`    : supervisor and peer ratings before and after each session's quarter;
- `behaviour`  : level 3, each participant against matched colleagues (difference in
                 differences), and the naive before/after;
- `results`    : level 4, unit indicators of units that sent many people against units that
                 sent none (an association, not proof);
- `levels`     : per group, completion, reaction, learning gain, behaviour change and costs,
                 with 95% intervals (`intervals`, scipy.stats), and `evidence` (the verdict);
- `summary`    : `evaluate_programs` builds every level per course, (course, method),
                 (course, provider) once; `records` shapes a group as the answer shows it;
- `ranking`    : courses (or methods within a course) by effect per rupiah, lower bound first;
- `views`      : what the routes and pages call: lookups into one bundle's evaluations.
"""

from model.program_evaluation.summary import ProgramEvaluations, evaluate_programs

__all__ = ["ProgramEvaluations", "evaluate_programs"]
