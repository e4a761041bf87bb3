"""The annual training plan: every program of a period at once, under one budget.

| step | module |
|---|---|
| the problem as plain arrays (sessions, employees, eligible pairs, limits) | `instance` |
| the engine's predictions and the store's live state -> an instance | `inputs` |
| which pairs the model keeps (per session, per employee) and what that could cost | `candidates` |
| the mixed-integer program (rows, columns) | `builder` |
| HiGHS: warm start, time limit, bound and gap; the LP duals for the pruning bound | `solver` |
| program after program through the existing selection | `greedy` |
| every constraint of a returned plan, verified with no code shared with the builder | `checker` |
| the request -> the answer | `plan` |
| the answer -> an XLSX workbook | `export` |

The engine never opens a database: taken seats and pairs come in as plain inputs.
"""
