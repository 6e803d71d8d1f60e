"""The matching rule of version-1 payloads, which carried no row keys.

Before rows carried their keys, approval rebuilt every row and gave each new row the HSDS id
of an old one: the old row with the same content key, else the old row at the same
position. A version-1 payload still pending is upgraded with that same rule (its rows get
those old rows' keys), so approving it changes exactly what it changed before.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from types import SimpleNamespace
from typing import Any


def keys_by_content_or_position(
    items: Sequence[Hashable], old: Sequence[tuple[Hashable, str]]
) -> list[str | None]:
    """For each item's content key, the key of the old row it takes (None: a new row).

    ``old`` is the organization's rows in order, as (content key, row key). Content matches
    come first, each old row at most once; then an unmatched item at position i takes the
    old row at position i if no item took that row.
    """
    taken: set[int] = set()
    choice: dict[int, int] = {}
    for index, content in enumerate(items):
        match = next((i for i, (k, _) in enumerate(old) if i not in taken and k == content), None)
        if match is not None:
            taken.add(match)
            choice[index] = match
    for index in range(len(items)):
        if index not in choice and index < len(old) and index not in taken:
            taken.add(index)
            choice[index] = index
    return [old[choice[index]][1] if index in choice else None for index in range(len(items))]


# Content keys of the version-1 matching rule: a row and a JSON item of the same content give
# the same key.


def _folded(value: Any) -> str:
    return (value or "").casefold()


def row_content(section: str, row: Any) -> tuple:
    if section == "services":
        return (_folded(row.name),)
    if section == "locations":
        return (_folded(row.city), _folded(row.address))
    if section == "service_areas":
        return (row.kind, row.province_code or None, row.region_name or None, row.radius_km)
    return (_folded(row.name), _folded(row.email))


def item_content(section: str, item: dict[str, Any]) -> tuple:
    fields = {**item, "province_code": item.get("province")}
    return row_content(section, SimpleNamespace(**fields))
