"""Concurrent approvals never overbook a program nor overspend a nomination's budget, whether
the racing approvals belong to one nomination or to several (both backends).

Each round races on a program of its own (capacity 1 unless said), with employees of its own,
so that rounds are independent; every decision runs on its own connection at one barrier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, timedelta

from store import ConflictError, create_nomination, decide, live_state
from store.rules import ProgramFacts

ROUNDS = 20


def race(calls: list[Callable[[], None]]) -> list[str]:
    """Run the calls at one barrier, each in its own thread: 'approved' or 'refused' each."""
    barrier = threading.Barrier(len(calls))
    outcomes = [""] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            calls[i]()
            outcomes[i] = "approved"
        except ConflictError:
            outcomes[i] = "refused"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def round_programs(capacity: int, cost: float = 1_000_000) -> dict[str, ProgramFacts]:
    """One program per round, a week apart and each its own course: no rule but the seats and
    the budget can refuse an approval."""
    first = date(2027, 1, 4)
    return {
        f"R{r}": ProgramFacts(
            capacity=capacity,
            cost=cost,
            start_date=first + timedelta(weeks=r),
            duration_jp=8,
            course=f"course-{r}",
        )
        for r in range(ROUNDS)
    }


def approver(db, nomination_id: str, employee_id: str, programs, *, approve) -> Callable[[], None]:
    return lambda: decide(db, nomination_id, approve(employee_id), employee_id, programs)


def approved_in_store(db, program_id: str) -> int:
    return int(live_state(db).taken_seats.get(program_id, 0))


def test_two_employees_of_one_draft_never_overbook_the_last_seat(db, approve, items):
    programs = round_programs(capacity=1)
    won = []
    for r in range(ROUNDS):
        ids = [f"R{r}-E1", f"R{r}-E2"]
        draft = create_nomination(db, f"R{r}", items(*ids), "ani", "v1")["nomination_id"]
        outcomes = race([approver(db, draft, e, programs, approve=approve) for e in ids])
        won.append((outcomes.count("approved"), approved_in_store(db, f"R{r}")))
    assert won == [(1, 1)] * ROUNDS, won


def test_several_nominations_and_one_draft_never_overbook(db, approve, items):
    """Capacity 2: two drafts of two employees each, all four approved at once (10 rounds)."""
    programs = round_programs(capacity=2)
    won = []
    for r in range(ROUNDS // 2):
        calls = []
        for n in range(2):
            ids = [f"R{r}-N{n}-E{i}" for i in range(2)]
            draft = create_nomination(db, f"R{r}", items(*ids), "ani", "v1")
            calls += [
                approver(db, draft["nomination_id"], e, programs, approve=approve) for e in ids
            ]
        outcomes = race(calls)
        won.append((outcomes.count("approved"), approved_in_store(db, f"R{r}")))
    assert won == [(2, 2)] * (ROUNDS // 2), won


def test_the_budget_of_one_draft_holds_under_concurrent_approvals(db, approve, items):
    """Seats for all, money for one: a draft whose budget pays one seat, two approvals at once."""
    programs = round_programs(capacity=5, cost=1_000_000)
    won = []
    for r in range(ROUNDS):
        ids = [f"R{r}-E1", f"R{r}-E2"]
        draft = create_nomination(db, f"R{r}", items(*ids), "ani", "v1", budget=1_000_000)
        outcomes = race(
            [approver(db, draft["nomination_id"], e, programs, approve=approve) for e in ids]
        )
        won.append((outcomes.count("approved"), approved_in_store(db, f"R{r}")))
    assert won == [(1, 1)] * ROUNDS, won
