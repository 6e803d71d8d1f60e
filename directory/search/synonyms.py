"""The synonym list: groups of equivalent words or phrases, kept in one text file.

Moderators extend it without touching code (``directory/search/synonyms.txt``, or the file
named by ``SEARCH_SYNONYMS_FILE``; the format is in the file's header and docs/search.md).
Each process reads it once and again whenever its modification time changes (one ``stat`` per
search, no database). A bad line is reported and skipped, never an error page: a typo in a
moderator's file must not take search down.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from directory.search.text import fold

log = logging.getLogger(__name__)

DEFAULT_FILE = Path(__file__).with_name("synonyms.txt")
MAX_PHRASE_WORDS = 6  # a longer "phrase" is a sentence, not a name for something

Phrase = tuple[str, ...]


def singular(word: str) -> str:
    """The key a word is looked up by: a final "s" dropped ("shelters", "jeunes"), so the
    singular and plural of a word find the same group or term. Only a key, never searched."""
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def phrase_key(words: Phrase) -> Phrase:
    return tuple(singular(w) for w in words)


@dataclass(frozen=True)
class Synonyms:
    """``alternatives(phrase)``: every phrase of the groups the phrase belongs to."""

    groups: tuple[tuple[Phrase, ...], ...] = ()
    problems: tuple[str, ...] = ()  # "line 12: ..." for each line left out
    _by_key: dict[Phrase, tuple[int, ...]] = field(default_factory=dict)
    longest: int = 1  # words in the longest phrase

    def __contains__(self, words: Phrase) -> bool:
        return phrase_key(words) in self._by_key

    def alternatives(self, words: Phrase) -> set[Phrase]:
        found: set[Phrase] = set()
        for index in self._by_key.get(phrase_key(words), ()):
            found.update(self.groups[index])
        return found


def parse_synonyms(text: str) -> Synonyms:
    """The groups of a synonym file's text, and a message for each line left out."""
    groups: list[tuple[Phrase, ...]] = []
    problems: list[str] = []
    by_key: dict[Phrase, list[int]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        phrases: list[Phrase] = []
        problem = ""
        for item in line.split(","):
            words = tuple(fold(item).split())
            if not words:
                problem = "an empty item (two commas in a row, or one at an end)"
                break
            if len(words) > MAX_PHRASE_WORDS:
                problem = f"“{item.strip()}” has more than {MAX_PHRASE_WORDS} words"
                break
            if words not in phrases:
                phrases.append(words)
        if not problem and len({phrase_key(p) for p in phrases}) < 2:
            problem = "fewer than two different words or phrases (separate them with commas)"
        if problem:
            problems.append(f"line {number}: {problem}; line skipped")
            continue
        index = len(groups)
        groups.append(tuple(phrases))
        for phrase in phrases:
            by_key.setdefault(phrase_key(phrase), []).append(index)
    return Synonyms(
        tuple(groups),
        tuple(problems),
        {k: tuple(v) for k, v in by_key.items()},
        max((len(k) for k in by_key), default=1),
    )


# File name → (its (name, mtime, size) when read, its synonyms). Each entry is replaced
# whole, one store, so a thread never pairs one reading's stamp with another's synonyms (no
# lock; two threads that see the file change at once both parse it, with the same result).
_loaded: dict[str, tuple[tuple[str, float, int], Synonyms]] = {}


def synonyms_file(setting: str | None) -> Path:
    return Path(setting) if setting else DEFAULT_FILE


def load_synonyms(path: Path) -> Synonyms:
    """The file's synonyms, read again only when its modification time or size changed.
    An unreadable file gives no synonyms (logged): search goes on with plain words."""
    key = str(path)
    kept = _loaded.get(key)
    try:
        info = os.stat(path)
    except OSError as error:
        stamp = (key, -1.0, -1)
        if kept is None or kept[0] != stamp:
            log.error("Search synonyms not loaded: %s (%s). Searching without them.", path, error)
            kept = _loaded[key] = (stamp, Synonyms())
        return kept[1]
    stamp = (key, info.st_mtime, info.st_size)
    if kept is None or kept[0] != stamp:
        try:
            value = parse_synonyms(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            log.error("Search synonyms not loaded: %s (%s). Searching without them.", path, error)
            value = Synonyms()
        for problem in value.problems:
            log.warning("Search synonyms %s, %s", path, problem)
        kept = _loaded[key] = (stamp, value)
    return kept[1]
