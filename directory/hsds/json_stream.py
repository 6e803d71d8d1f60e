"""The records of a JSON file, streamed one at a time, within limits that bound memory.

Records are the items of a top-level list, the items of a top-level object's ``contents``
list (a paged envelope), or else the top-level object itself.

ijson's own ``items`` and ``parse`` build a prefix string ("item.item.item...") for every
event, as long as the nesting is deep: a 200 KB file of ``[[[[...`` made an import take
22 GB of memory. Here records are built from ``basic_parse`` events, which carry no prefix,
and refused beyond ``MAX_DEPTH`` levels of nesting or ``MAX_RECORD_SIZE`` characters of
text, so memory stays within one record of at most that size.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import ijson

MAX_DEPTH = 32  # an HSDS organization with all its parts nests about 10 levels deep
MAX_RECORD_SIZE = 1_000_000  # characters of keys and strings (numbers count 8) in one record
STARTS = {"start_map": dict, "start_array": list}
ENDS = {"end_map", "end_array"}


def record_size(value: Any) -> int:
    """A record's size as the limit counts it (what the importer's batches are cut by)."""
    size, waiting = 0, [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, dict):
            size += 8 + sum(len(str(key)) for key in item)
            waiting.extend(item.values())
        elif isinstance(item, list):
            size += 8
            waiting.extend(item)
        else:
            size += len(item) if isinstance(item, str) else 8
    return size


class LimitError(ValueError):
    """A record beyond the limits; ``position`` is its number in the file (from 1)."""

    def __init__(self, position: int, reason: str) -> None:
        super().__init__(f"#{position}: {reason}")
        self.position = position


class _Events:
    def __init__(self, handle: IO[bytes]) -> None:
        self._events = ijson.basic_parse(handle, use_float=True)
        self.depth = 0  # of the document, not of the record being built
        self.position = 0  # the record being built
        self.size = 0

    def next(self) -> tuple[str, Any]:
        event, value = next(self._events)
        if event in STARTS:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise LimitError(self.position, f"nested deeper than {MAX_DEPTH} levels")
        elif event in ENDS:
            self.depth -= 1
        self.size += len(value) if isinstance(value, str) else 8
        if self.size > MAX_RECORD_SIZE:
            raise LimitError(
                self.position, f"larger than {MAX_RECORD_SIZE:,} characters (the limit)"
            )
        return event, value

    def value(self, event: str, value: Any) -> Any:
        """The whole value that starts with (event, value), built without recursion.

        ``next`` inlined (the import's hottest loop: about 200 events a record): the same
        depth and size checks, with the counts kept in locals until the value is whole."""
        if event not in STARTS:
            return value
        root = STARTS[event]()
        containers: list[Any] = [root]
        keys: list[Any] = [None]
        events, starts, ends = self._events, STARTS, ENDS
        depth, size = self.depth, self.size
        while containers:
            event, value = next(events)
            if event in starts:
                depth += 1
                if depth > MAX_DEPTH:
                    self.depth, self.size = depth, size
                    raise LimitError(self.position, f"nested deeper than {MAX_DEPTH} levels")
            elif event in ends:
                depth -= 1
            size += len(value) if isinstance(value, str) else 8
            if size > MAX_RECORD_SIZE:
                self.depth, self.size = depth, size
                raise LimitError(
                    self.position, f"larger than {MAX_RECORD_SIZE:,} characters (the limit)"
                )
            if event == "map_key":
                keys[-1] = value
                continue
            if event in ends:
                containers.pop()
                keys.pop()
                continue
            item = starts[event]() if event in starts else value
            parent = containers[-1]
            if isinstance(parent, dict):
                parent[keys[-1]] = item
            else:
                parent.append(item)
            if event in starts:
                containers.append(item)
                keys.append(None)
        self.depth, self.size = depth, size
        return root

    def finish(self) -> None:
        """Read to the end: only whitespace may follow the top level (ijson checks it)."""
        for _ in self._events:
            pass

    def record(self, event: str, value: Any) -> Any:
        self.position += 1
        self.size = 0
        return self.value(event, value)


def json_records(handle: IO[bytes]) -> Iterator[Any]:
    """Every record of the file, in order. Raises ``LimitError`` and ijson's ``JSONError``;
    ``ValueError`` when the top level is neither an object nor a list."""
    events = _Events(handle)
    event, _ = events.next()
    if event == "start_array":
        yield from _items(events)
    elif event == "start_map":
        yield from _object(events)
    else:
        raise ValueError("not a JSON object or list")
    events.finish()


def _items(events: _Events) -> Iterator[Any]:
    """The items of the list just opened, each a record."""
    while True:
        event, value = events.next()
        if event == "end_array":
            return
        yield events.record(event, value)


def _object(events: _Events) -> Iterator[Any]:
    """A top-level object: its ``contents`` list's items, or else the object itself."""
    envelope: dict[str, Any] = {}
    events.position = 1
    paged = False
    while True:
        event, key = events.next()
        if event == "end_map":
            break
        event, value = events.next()
        if key == "contents" and event == "start_array":
            paged = True
            events.position = 0
            yield from _items(events)
            events.size = 0
        else:
            envelope[key] = events.value(event, value)
    if not paged:
        yield envelope
