"""The hash-locked requirements match the direct dependencies they were made from.

``make install`` installs ``requirements-dev.lock`` with ``--require-hashes``; the
``requirements*.txt`` files name the direct dependencies. A pin changed in a ``.txt`` file
without ``make lock`` would be silently ignored by the install: this test says so instead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;#\\]+)", re.MULTILINE)


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(path: Path) -> dict[str, str]:
    return {_normal(name): version for name, version in PIN.findall(path.read_text())}


@pytest.mark.parametrize(
    ("direct", "lock"),
    [
        ("requirements.txt", "requirements.lock"),
        ("requirements-dev.txt", "requirements-dev.lock"),
    ],
)
def test_every_direct_pin_is_locked_at_the_same_version(direct: str, lock: str) -> None:
    wanted = _pins(ROOT / direct)
    if direct == "requirements-dev.txt":
        wanted |= _pins(ROOT / "requirements.txt")
    locked = _pins(ROOT / lock)
    assert wanted, f"no pin read from {direct}"
    stale = {
        name: (version, locked.get(name))
        for name, version in wanted.items()
        if locked.get(name) != version
    }
    assert not stale, f"run `make lock`: {lock} disagrees with {direct}: {stale}"


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_carries_a_hash(lock: str) -> None:
    entries = re.split(r"\n(?=\S)", (ROOT / lock).read_text())
    packages = [entry for entry in entries if PIN.match(entry)]
    unhashed = [entry.split()[0] for entry in packages if "--hash=sha256:" not in entry]
    assert len(packages) > 20
    assert not unhashed, f"{lock}: no hash for {unhashed}"
