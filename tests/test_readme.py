"""The README's "Project layout" names every package of the application."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Project layout", 1)[1]
    return section.split("```", 2)[1]


def test_every_package_under_directory_is_in_the_readme_layout() -> None:
    packages = sorted(path.parent.name for path in (ROOT / "directory").glob("*/__init__.py"))
    named = set(re.findall(r"^  (\w+)/", _layout_block(), flags=re.MULTILINE))
    missing = [name for name in packages if name not in named]
    assert packages, "no package found: the test would pass for nothing"
    assert not missing, f"README.md's layout does not name: {', '.join(missing)}"


def test_the_layout_names_no_package_that_is_gone() -> None:
    named = set(re.findall(r"^  (\w+)/", _layout_block(), flags=re.MULTILINE))
    gone = [name for name in named if not (ROOT / "directory" / name).is_dir()]
    assert not gone, f"README.md's layout names folders that do not exist: {gone}"
