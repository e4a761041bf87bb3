"""The fairness cost step of `make bench` on the tiny world: it runs, and its figures add up."""

from __future__ import annotations

from bench import fairness_cost


def test_cost_of_a_floor_is_measured_and_never_negative(trained):
    found = fairness_cost.run(str(trained.path), None, world=300)
    for attribute, lists in found["selection"].items():
        assert lists["programs"] > 0, attribute
        assert lists["violations"] == 0, attribute  # the checker agrees with the floor
        # the floor adds a constraint: it never finds more expected gain than the free list
        assert lists["with_floor"] <= lists["without_floor"] + 1e-9, attribute
    # the plan without the floor gets 30 % of the time, so it may find less: no order asserted
    assert found["plan"]["status"] in ("optimal", "feasible")
    records = fairness_cost.records(found, 300)
    assert {r["name"] for r in records} == {
        "fairness floor cost (lists)",
        "fairness floor cost (plan)",
    }
