"""Cleaning the text of an HSDS record before it is read, as the site's forms would refuse it.

Every string of the record is made to fit its kind of field (``directory.plain_text``):
- long free text (``MULTI_LINE_KEYS``: descriptions, eligibility, attribute values, notes)
  keeps its line breaks and tabs; other control characters are removed;
- everything else (names, cities, phones, emails, codes, a schedule's description that
  becomes the intake hours...) is made one line: each run of line breaks, tabs and control
  characters becomes one space.

Nothing changes silently: each value changed is named in a note of the import report
(``mapping.Reader.read``). A NUL character, which PostgreSQL refuses in text, never reaches
the database this way.
"""

from __future__ import annotations

from collections.abc import Iterator

from directory.hsds.sources import ORIGIN
from directory.plain_text import fits_one_line, fits_several_lines, one_line, without_controls

MULTI_LINE_KEYS = frozenset(
    {
        "description",
        "eligibility_description",
        "value",
        "notes",
        "application_process",
        "transportation",
        "alert",
        "accreditations",
        "licenses",
    }
)
ONE_LINE_NOTE = "line breaks, tabs or control characters replaced by spaces"
SEVERAL_LINES_NOTE = "control characters removed"


def _is_multi_line(key: str, under_schedule: bool) -> bool:
    return key in MULTI_LINE_KEYS and not (under_schedule and key == "description")


def _cleaned(text: str, multi_line: bool) -> tuple[str, str] | None:
    """(new text, note) when ``text`` does not fit its kind of field, else None."""
    if multi_line:
        return None if fits_several_lines(text) else (without_controls(text), SEVERAL_LINES_NOTE)
    return None if fits_one_line(text) else (one_line(text), ONE_LINE_NOTE)


def clean_record(record: dict) -> Iterator[tuple[dict, str, str]]:
    """Clean ``record`` in place; yields (the dict holding the value, its path, the note)
    for each value changed. Paths read like the report's others: ``services[0].name``."""
    waiting: list[tuple[dict, str, bool]] = [(record, "", False)]
    while waiting:
        holder, prefix, under_schedule = waiting.pop()
        for key, value in holder.items():
            if key == ORIGIN:
                continue
            path = f"{prefix}{key}"
            if isinstance(value, str):
                change = _cleaned(value, _is_multi_line(key, under_schedule))
                if change is not None:
                    holder[key] = change[0]
                    yield holder, path, change[1]
            elif isinstance(value, dict):
                waiting.append((value, f"{path}.", under_schedule))
            elif isinstance(value, list):
                nested = under_schedule or key == "schedules"
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        waiting.append((item, f"{path}[{index}].", nested))
                    elif isinstance(item, str):
                        change = _cleaned(item, _is_multi_line(key, nested))
                        if change is not None:
                            value[index] = change[0]
                            yield holder, f"{path}[{index}]", change[1]
