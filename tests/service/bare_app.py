"""An app over a fresh SQLite store and no bundle: accounts and sign-in need no model, so
their tests skip the session's training run."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from flask import Flask

from service import create_app
from tests.service.conftest import token_config


def bare_app(tmp_path: Path, sqlite_template: str, **config: Any) -> Flask:
    path = tmp_path / "tna.sqlite3"
    shutil.copyfile(sqlite_template, path)
    (tmp_path / "artifacts").mkdir(exist_ok=True)
    app = create_app(
        {
            "ARTIFACTS_DIR": str(tmp_path / "artifacts"),
            "DATABASE_URL": f"sqlite:///{path}",
            "TNA_API_TOKENS": token_config(),
            "RELOAD_INTERVAL": 0,
            "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
            **config,
        }
    )
    app.config["TESTING"] = False
    return app
