"""Every refusal of an approval carries a code and values (`store.Refusal`), while the API
still reads the same English sentence: a page translates the code, never the sentence."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from store import ConflictError, Refusal, create_nomination, decide, upsert_enrollments
from store import errors as codes


@pytest.fixture
def refused(db, programs, items, approve) -> Callable[..., dict[str, list[Refusal]]]:
    """`refused(program_id, ids, **nomination_kwargs)`: the refusals of approving all of `ids`."""

    def run(program_id: str, ids: tuple[str, ...], **kwargs) -> dict[str, list[Refusal]]:
        nomination = create_nomination(db, program_id, items(*ids), "ani", "v1", **kwargs)
        with pytest.raises(ConflictError) as caught:
            decide(db, nomination["nomination_id"], approve(*ids), "budi", programs)
        return caught.value.details

    return run


def test_seats_and_budget_refusals_carry_their_numbers(refused):
    details = refused("P1", ("E1", "E2", "E3", "E4"), budget=1.0)
    seat, budget = details["E1"]
    assert (seat.code, seat.values) == (
        codes.NO_FREE_SEAT,
        {"taken": 0, "capacity": 3, "free": 3, "n": 4},
    )
    assert seat == "no free seat: 0 of 3 taken, 3 free for 4 approvals"
    assert budget.code == codes.OVER_BUDGET and budget.values["n"] == 4
    assert budget.startswith("over the nomination's budget: 4 approvals cost ")


def test_holdings_carry_what_is_held_and_where(db, refused, programs, items, approve):
    decide(db, create_nomination(db, "P1", items("E1"), "ani", "v1")["nomination_id"],
           approve("E1"), "budi", programs)  # fmt: skip
    completed = {"employee_id": "E2", "program_id": "P1", "enrolled_at": "2027-02-01",
                 "status": "completed"}  # fmt: skip
    upsert_enrollments(db, [completed], "lms")
    details = refused("P1B", ("E1", "E2"))
    assert [(r.code, r.values) for r in details["E1"]] == [
        (codes.HOLDS_SAME_COURSE, {"held": "approved", "program": "P1"})
    ]
    assert [(r.code, r.values) for r in details["E2"]] == [
        (codes.HOLDS_SAME_COURSE, {"held": "completed", "program": "P1"})
    ]
    assert details["E2"] == ["has completed another session of the same course: program P1"]


def test_every_code_has_a_sentence_and_survives_a_pickle():
    for code, template in codes.REFUSALS.items():
        names = {n.split(":")[0] for n in template.split("{")[1:] for n in [n.split("}")[0]]}
        values = {n: 1.0 if n in ("cost", "budget") else "x" for n in names if n != "what"}
        if "what" in names:
            values["held"] = "approved"
        made = codes.refusal(code, **values)
        assert made.code == code and isinstance(made, str) and "{" not in made
        again = pickle.loads(pickle.dumps(made))
        assert (again, again.code, again.values) == (made, made.code, made.values)
