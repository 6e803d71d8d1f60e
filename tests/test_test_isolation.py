"""The suite leaves a developer's own files alone: `make test`, then `make run`, still
prints the sign-ins of the developer's database."""

from __future__ import annotations

from pathlib import Path


def test_a_tests_demo_seed_never_writes_the_developers_sign_ins(app, db):
    real = Path(app.instance_path) / "demo-credentials.txt"
    before = real.read_bytes() if real.exists() else None
    result = app.test_cli_runner().invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert (real.read_bytes() if real.exists() else None) == before
    written = Path(app.config["DEMO_CREDENTIALS_PATH"])
    assert written.exists() and Path(app.instance_path) not in written.parents
