"""`make run` creates a demo planner scoped to one dinas and a demo admin, and prints both
sign-ins; run again, it gives them new passwords (the old ones are only hashes)."""

from __future__ import annotations

from service.__main__ import demo_people
from service.demo_accounts import DEMO_ADMIN, DEMO_PLANNER, demo_dinas
from store import accounts, make_db


def test_the_demo_prints_two_sign_ins_that_work(trained, engine, tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"  # a fresh embedded store, migrated by it
    config = {"DATABASE_URL": url, "ARTIFACTS_DIR": str(trained.path.parent)}
    dinas = demo_dinas(engine)
    families = {u: len(engine.directory.unit_family(u)) for u in engine.directory.units}
    assert engine.directory.parent_unit(dinas) is None and families[dinas] == max(families.values())
    for _ in range(2):  # the second start resets the passwords and prints the new ones
        lines = demo_people(config, "http://127.0.0.1:8000")
        assert lines[0] == "workspace: http://127.0.0.1:8000/app/login"
        shown = {line.split()[0]: line.split()[2] for line in lines[1:]}
        store = make_db(url)
        planner = accounts.authenticate(store, DEMO_PLANNER, shown[DEMO_PLANNER])
        admin = accounts.authenticate(store, DEMO_ADMIN, shown[DEMO_ADMIN])
        store.dispose()
        assert planner["role"] == "planner" and planner["unit_ids"] == [dinas]
        assert admin["role"] == "admin" and admin["unit_ids"] is None
