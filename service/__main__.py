"""`python -m service`: the demo server behind `make run` (a token, example calls, gunicorn)."""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path


def _example_employee(data_dir: str) -> str:
    path = Path(data_dir) / "employees.csv"
    try:
        with open(path, encoding="utf-8-sig") as handle:
            header = handle.readline().strip().split(",")
            return handle.readline().split(",")[header.index("employee_id")]
    except (OSError, ValueError, IndexError):
        return "<employee_id>"


def main() -> None:
    if not os.environ.get("TNA_API_TOKENS"):
        os.environ["TNA_API_TOKENS"] = f"demo-{secrets.token_urlsafe(18)}:admin"
    token = os.environ["TNA_API_TOKENS"].split(",")[0].rpartition(":")[0]
    port = os.environ.get("PORT", "8000")
    employee = _example_employee(os.environ.get("DATA_DIR", "data/demo"))
    url = f"http://127.0.0.1:{port}"
    bearer = f'-H "Authorization: Bearer {token}"'
    print(
        f"\nTNA engine on {url}  (OpenAPI: {url}/openapi.json)\n"
        f"token: {token}\n\n"
        f'curl {bearer} "{url}/v1/employees/{employee}/recommendations?k=5"\n'
        f'curl {bearer} -H "Content-Type: application/json" '
        f'-d \'{{"pairs": [{{"employee_id": "{employee}", "program_id": "<program_id>"}}]}}\' '
        f"{url}/v1/score\n",
        flush=True,
    )
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    conf = str(Path(__file__).with_name("gunicorn_conf.py"))
    os.execv(gunicorn, [gunicorn, "-c", conf, "service:create_app()"])


if __name__ == "__main__":
    main()
