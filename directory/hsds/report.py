"""What an import says: records written, refused and kept, the notes on values left out
(counted by field), and the new organizations that look like ones listed before it."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from directory import duplicates
from directory.extensions import db
from directory.hsds.listing import Issue
from directory.models import DuplicateKey, Organization

# Notes kept word for word (memory stays flat on a large file with a note in every record);
# the rest are counted, by field, in ``notes_by_field``.
MAX_NOTES_KEPT = 5_000
INDEX_PATH = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Lookalike:
    new: str  # the imported organization's name
    listed: str  # the organization listed before, its name
    slug: str
    reasons: list[str]  # duplicate-key kinds shared: name, phone, host, address

    def __str__(self) -> str:
        why = ", ".join(str(duplicates.REASONS[kind]) for kind in self.reasons)
        return f"“{self.new}” looks like “{self.listed}” (/organizations/{self.slug}): {why}"


LOOKALIKES_SHOWN = 50
_EXACT_KINDS = ("name", "phone", "host", "address")


def lookalikes_of_new(listed_before: int) -> tuple[list[Lookalike], int]:
    """The organizations this import created (ids above ``listed_before``) that share an
    exact key (normalised name, public phone, website host, public address) with one listed
    before it: one join on the keys' index, whatever the file's size. Published imports only
    (a ``--pending`` one has no keys yet: its moderator sees the lookalikes when reviewing)."""
    if not listed_before:
        return [], 0
    new, old = sa.orm.aliased(DuplicateKey), sa.orm.aliased(DuplicateKey)
    pairs: dict[tuple[int, int], list[str]] = {}
    for new_id, old_id, kind in db.session.execute(
        sa.select(new.organization_id, old.organization_id, new.kind)
        .join(old, sa.and_(old.kind == new.kind, old.value == new.value))
        .where(
            new.organization_id > listed_before,
            new.kind.in_(_EXACT_KINDS),
            old.organization_id <= listed_before,
        )
        .order_by(new.organization_id, old.organization_id)
    ):
        reasons = pairs.setdefault((new_id, old_id), [])
        if kind not in reasons:
            reasons.append(kind)
    if not pairs:
        return [], 0
    shown = list(pairs.items())[:LOOKALIKES_SHOWN]
    ids = {i for pair, _ in shown for i in pair}
    names = {
        row.id: (row.name, row.slug)
        for row in db.session.execute(
            sa.select(Organization.id, Organization.name, Organization.slug).where(
                Organization.id.in_(ids)
            )
        )
    }
    found = [
        Lookalike(names[new_id][0], *names[old_id], [k for k in _EXACT_KINDS if k in kinds])
        for (new_id, old_id), kinds in shown
    ]
    return found, len(pairs) - len(shown)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Issue] = field(default_factory=list)  # records refused
    notes: list[str] = field(default_factory=list)  # what was left out of records imported
    refused: int = 0
    services: int = 0  # services read from records imported
    batch: bool = False  # keep the good records (--batch), or all or nothing
    written: bool = False  # something was stored (False after a dry run or a refused file)
    kept: list[tuple[str, int]] = field(default_factory=list)  # (file, row) of records kept
    notes_by_field: Counter[str] = field(default_factory=Counter)
    notes_not_shown: int = 0  # beyond MAX_NOTES_KEPT: counted by field only
    # New organizations that look like ones listed before this import (issue 18): the
    # publisher's and ours may be the same organization; nothing is merged, it is said.
    lookalikes: list[Lookalike] = field(default_factory=list)
    lookalikes_not_shown: int = 0

    @property
    def read(self) -> int:
        return self.created + self.updated + self.unchanged + self.refused

    def note(self, issue: Issue) -> None:
        if len(self.notes) < MAX_NOTES_KEPT:
            self.notes.append(str(issue))
        else:
            self.notes_not_shown += 1
        self.notes_by_field[INDEX_PATH.sub("[]", issue.field)] += 1

    def kept_ranges(self) -> list[str]:
        """The records kept, as runs: ``source.json #1–#399, #401–#1000``."""
        runs: list[str] = []
        by_file: dict[str, list[int]] = {}
        for file, row in self.kept:
            by_file.setdefault(file, []).append(row)
        for file, rows in by_file.items():
            rows.sort()
            mark = "row " if file.endswith(".csv") else "#"
            parts: list[str] = []
            first = last = rows[0]
            for row in [*rows[1:], 0]:
                if row == last + 1:
                    last = row
                    continue
                parts.append(f"{mark}{first}" if first == last else f"{mark}{first}–{mark}{last}")
                first = last = row
            runs.append(f"{file} {', '.join(parts)}")
        return runs
