"""Text typed by people: which characters a field may hold, and one line made of any text.

A single-line value (a name, a city, a phone, an email, a title) holds no control character
at all: no line break (CR, LF, U+0085, U+2028, U+2029), no tab, no other C0 or C1 control.
A line break in an organization's name would end up in a mail's ``Subject:`` header and stop
the mail (and, before this guard, the reminder job); other controls are invisible and
only ever come from a crafted request or a bad copy and paste.

A multi-line value (a description, a note) keeps line breaks (LF, CR LF) and tabs, nothing
else from the controls.

The forms enforce this through their base classes (``directory.forms``); the HSDS importer
cleans what it reads (``directory.hsds.text``) and says which field it changed.
"""

from __future__ import annotations

import re

# C0 controls, DEL, C1 controls (NEL U+0085 among them), and the Unicode line and paragraph
# separators, which spreadsheets, mail headers and JavaScript all take as line breaks.
_LINE_BREAKING = "\x00-\x1f\x7f-\x9f\u2028\u2029"
SINGLE_LINE_FORBIDDEN = re.compile(f"[{_LINE_BREAKING}]")
MULTI_LINE_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n)")
_RUNS_OF_BREAKS = re.compile(f"[\\s{_LINE_BREAKING}]+")


def fits_one_line(text: str) -> bool:
    return SINGLE_LINE_FORBIDDEN.search(text) is None


def fits_several_lines(text: str) -> bool:
    """Line feeds, CR LF pairs and tabs are kept; a lone CR (old Mac line ends) is not."""
    return MULTI_LINE_FORBIDDEN.search(text) is None


def one_line(text: str) -> str:
    """Every run of spaces, line breaks, tabs and controls becomes one space (mail subjects,
    and HSDS values of single-line fields)."""
    return _RUNS_OF_BREAKS.sub(" ", text).strip()


def without_controls(text: str) -> str:
    """A multi-line value with the controls it may not hold removed (a lone CR becomes LF)."""
    return MULTI_LINE_FORBIDDEN.sub(lambda m: "\n" if m.group() == "\r" else "", text)
