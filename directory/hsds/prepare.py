"""What the importer does to a record before ``mapping.Reader`` reads it.

- **Ids from a named source.** HSDS ids are UUIDs; a publisher whose ids are not ("1",
  "org-17") must be named (``--source NAME``), and each such id becomes
  ``uuid5(NAMESPACE, "source:NAME:id")``: two publishers' organization "1" stay two
  organizations, and importing the same publisher again updates its own. References
  (``organization_id``, ``service_id``, ``location_id``, ``contact_id``) are rewritten the
  same way, so they still point where they did. Taxonomy term ids are left alone (they name
  a term, not a record). Without a source, a record with such an id is refused.
- **Languages given by name.** A service language with no code we know, but a name that is
  one of our languages' English or French names ("Spanish", "espagnol"; accents and case
  ignored) or its own name ("Español"), gets that language's code (and a note says so).
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Any

from directory.hsds import ids

CANONICAL_UUID = re.compile(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
REFERENCE_KEYS = frozenset({"id", "organization_id", "service_id", "location_id", "contact_id"})
# Where an "id" names something other than a record of the source.
NOT_RECORDS = frozenset({"taxonomy_term", "taxonomy_detail", "attributes", "metadata"})

# Names people give languages in their own language, for ours whose English and French names
# differ from it (the English and French names come from the vocabulary itself).
ENDONYMS = {
    "español": "es",
    "castellano": "es",
    "english": "en",
    "français": "fr",
    "deutsch": "de",
    "italiano": "it",
    "português": "pt",
    "polski": "pl",
    "русский": "ru",
    "українська": "uk",
    "filipino": "tl",
    "tagalog": "tl",
    "فارسی": "fa",
    "farsi": "fa",
    "العربية": "ar",
    "中文": "cmn",
    "普通话": "cmn",
    "廣東話": "yue",
    "粵語": "yue",
    "ਪੰਜਾਬੀ": "pa",
    "اردو": "ur",
    "हिन्दी": "hi",
    "tiếng việt": "vi",
    "한국어": "ko",
    "தமிழ்": "ta",
    "ગુજરાતી": "gu",
    "বাংলা": "bn",
    "anishinaabemowin": "oj",
    "ᐃᓄᒃᑎᑐᑦ": "iu",
    "asl": "ase",
    "lsq": "fcs",
}


class NeedsSource(ValueError):
    """A record has an id that is not a UUID, and no source name was given."""

    def __init__(self, raw: str, path: str) -> None:
        super().__init__(
            f"“{raw}” is not a UUID; ids like it from two publishers would collide:"
            " name the publisher with --source NAME"
        )
        self.path = path


def fold(text: str) -> str:
    """Lower case, without accents, one space between words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


def namespaced(raw: Any, source: str | None, path: str) -> Any:
    """The id a record keeps for ``raw``: itself when a UUID, else one derived from the
    source's name (``NeedsSource`` without one). Empty values are left for the reader."""
    if raw in (None, "") or isinstance(raw, dict | list | bool):
        return raw
    text = str(raw).strip()
    if CANONICAL_UUID.fullmatch(text) or ids.parse_uuid(text) is not None:
        return raw
    if not source:
        raise NeedsSource(text, path)
    return str(uuid.uuid5(ids.NAMESPACE, f"source:{source}:{text}"))


def namespace_ids(record: Any, source: str | None, path: str = "") -> None:
    """Rewrite the record ids and references of ``record`` in place."""
    waiting: list[tuple[Any, str]] = [(record, path)]
    while waiting:
        item, where = waiting.pop()
        if isinstance(item, list):
            waiting.extend((value, f"{where}[{n}]") for n, value in enumerate(item))
            continue
        if not isinstance(item, dict):
            continue
        for key, value in item.items():
            if key in REFERENCE_KEYS and not isinstance(value, dict | list):
                item[key] = namespaced(value, source, f"{where}{'.' if where else ''}{key}")
            elif key not in NOT_RECORDS and isinstance(value, dict | list):
                waiting.append((value, f"{where}{'.' if where else ''}{key}"))


def language_codes(names: list[tuple[str, str, str]]) -> dict[str, str]:
    """Folded name → code: English and French names (and each name before a parenthesis,
    "Persian" of "Persian (Farsi)"), then the names in the language itself."""
    found: dict[str, str] = {}
    for code, name_en, name_fr in names:
        for name in (name_en, name_fr):
            found.setdefault(fold(name), code)
            found.setdefault(fold(name.split("(")[0]), code)
        found.setdefault(fold(code), code)
    for name, code in ENDONYMS.items():
        found.setdefault(fold(name), code)
    return found


def languages_by_name(
    record: dict, known: set[str], by_name: dict[str, str]
) -> list[tuple[str, str]]:
    """Give a code to each service language known only by its name; returns (path, note)."""
    notes = []
    services = record.get("services")
    for s, service in enumerate(services if isinstance(services, list) else []):
        languages = service.get("languages") if isinstance(service, dict) else None
        for n, language in enumerate(languages if isinstance(languages, list) else []):
            if not isinstance(language, dict):
                continue
            code = str(language.get("code") or "").strip()
            if code in known:
                continue
            candidates = [code, str(language.get("name") or "")]
            match = next((by_name[fold(c)] for c in candidates if fold(c) in by_name), None)
            said = language.get("name") or code
            path = f"services[{s}].languages[{n}]"
            if match is not None and match in known:
                language["code"] = match
                notes.append((path, f"“{said}” taken as the language {match}"))
            elif said:
                notes.append(
                    (
                        path,
                        f"“{said}” is not one of the directory's languages; kept as an"
                        " attribute, not searchable",
                    )
                )
    return notes


# --- values the mapping did not read ---------------------------------------------------------

# Not data of the listing: provenance, and the parts of a taxonomy term besides its code.
# Not the publisher's data about a service but about their records: the directory keeps its
# own (``last_modified``: when the publisher last changed the record).
NOT_DATA = frozenset(
    {
        "metadata",
        "taxonomy_term",
        "taxonomy_detail",
        "taxonomy",
        "link_type",
        "link_entity",
        "last_modified",
    }
)


class Tracked(dict):
    """A record's dict that remembers which keys were read (``get`` and ``[]``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def get(self, key: Any, default: Any = None) -> Any:
        self.read.add(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self.read.add(key)
        return super().__getitem__(key)


def track(record: dict) -> Tracked:
    """``record`` with every dict in it (in lists too) made a ``Tracked``."""
    root = Tracked(record)
    waiting: list[Any] = [root]
    while waiting:
        item = waiting.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, dict) and not isinstance(value, Tracked):
                    value = Tracked(value)
                    dict.__setitem__(item, key, value)
                if isinstance(value, dict | list):
                    waiting.append(value)
        elif isinstance(item, list):
            for index, value in enumerate(item):
                if isinstance(value, dict):
                    item[index] = Tracked(value)
                    waiting.append(item[index])  # a list's item: nothing is marked read
                elif isinstance(value, list):
                    waiting.append(value)
    return root


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _read_ids(record: Tracked) -> set[str]:
    """The ids of the parts of ``record`` that were read."""
    found: set[str] = set()
    waiting: list[Any] = [record]
    while waiting:
        item = waiting.pop()
        if isinstance(item, dict):
            if isinstance(item, Tracked) and item.read - {"id"} and dict.get(item, "id"):
                found.add(str(dict.get(item, "id")))
            waiting.extend(dict.values(item))
        elif isinstance(item, list):
            waiting.extend(item)
    return found


def unread(record: Tracked) -> list[tuple[dict, str]]:
    """(the dict holding it, its path) of each value the reader never looked at: nothing the
    directory has a field for, so the import report says it was left out."""
    found: list[tuple[dict, str]] = []
    read_ids: set[str] | None = None  # worked out the first time a copy may need it
    waiting: list[tuple[Any, str]] = [(record, "")]
    while waiting:
        item, prefix = waiting.pop()
        if isinstance(item, list):
            waiting.extend((value, f"{prefix}[{n}]") for n, value in enumerate(item))
            continue
        if not isinstance(item, Tracked):
            continue
        if item.read <= {"id"} and dict.get(item, "id") is not None:
            if read_ids is None:
                read_ids = _read_ids(record)
            if str(dict.get(item, "id")) in read_ids:
                continue  # a second copy of something read elsewhere (a service's contact...)
        dot = "." if prefix else ""
        for key, value in item.items():
            if not isinstance(key, str) or key.startswith("__") or _empty(value):
                continue
            if key == "id" or key.endswith("_id") or key in NOT_DATA:
                continue
            if key == "name" and "code" in item.read:
                continue  # the label of a code that was read (a language...)
            path = f"{prefix}{dot}{key}"
            if key not in item.read:
                found.append((item, path))
            elif isinstance(value, dict | list):
                waiting.append((value, path))
    found.sort(key=lambda pair: pair[1])
    return found
