"""The models and the decisions the service serves. Where each decision is made:

| question | module |
|---|---|
| who may be offered what (started, completed, enrolled, audience, live holdings) | `eligibility` |
| the score: coverage x efficacy x P(complete), blended with the ranker | `scoring` |
| the three models behind one call | `predictor` (`ranker`, `risk`, `efficacy`) |
| pair features -> predictions, and the reasons of a top list | `prediction` (`explain`) |
| an employee's gaps, recommendations, batch scores | `answers` |
| who takes the seats of one program | `participants` (rules: `selection`) |
| a unit's needs | `unit_needs` |
| what past courses did (Kirkpatrick 1-4, cost) and their ranking | `program_evaluation` |
| the annual plan of a period (every program at once, one budget) | `planning` |
| ids to codes; the rows of employees, programs, units | `directory` |
| one loaded bundle composing the above | `engine` |
| what a bundle holds and how it is read and checked | `serving_bundle`, `bundle` |
| refusals a caller answers (not found, selection refused) | `errors` |

Training (offline) is `model.training`.
"""
