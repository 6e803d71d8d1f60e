"""How place names, provinces and postal codes are read from what a visitor types.

Names are compared in a normalised form so that "Montreal" finds "Montréal" and "St-Jean" finds
"Saint-Jean": casefolded, accents stripped, punctuation collapsed to single spaces, and the
abbreviations "St"/"Ste"/"Mt"/"Ft" spelled out. Apostrophes are dropped without a space, so
"St. John's" (NL) becomes "saint johns" and stays distinct from "Saint John" (NB).
"""

from __future__ import annotations

import re
import unicodedata

from directory.taxonomy import PROVINCES

PROVINCE_CODES = tuple(code for code, _en, _fr in PROVINCES)
PROVINCE_NAMES = {code: name_en for code, name_en, _fr in PROVINCES}

_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})
_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_A_WORD = re.compile(r"[\W_]+")

# Canada Post's FSAs never start with D, F, I, O, Q, U, W or Z.
_POSTAL_CODE = re.compile(r"^([ABCEGHJKLMNPRSTVXY]\d[A-Z])(\d[A-Z]\d)?$")

# Spellings seen in the wild (and in the postal data) beyond the official English/French names.
_EXTRA_PROVINCE_SPELLINGS = {
    "AB": ("alta",),
    "BC": ("b c",),
    "MB": ("man",),
    "NB": ("n b",),
    "NL": ("nf", "nfld", "newfoundland", "labrador", "terre neuve"),
    "NS": ("n s",),
    "NT": ("nwt", "n w t", "northwest territory", "tno"),
    "NU": ("nunavut territory",),
    "ON": ("ont",),
    "PE": ("pei", "p e i", "ipe", "i p e"),
    "QC": ("pq", "que"),
    "SK": ("sask",),
    "YT": ("yk", "yukon territory"),
}


def normalize_name(text: str) -> str:
    """The comparable form of a place name: ``"Saint-Jérôme"`` → ``"saint jerome"``."""
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LIGATURES))
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _NOT_A_WORD.sub(" ", _APOSTROPHES.sub("", text))
    return " ".join(_ABBREVIATIONS.get(token, token) for token in text.split())


def _province_aliases() -> dict[str, str]:
    aliases: dict[str, str] = {}
    for code, name_en, name_fr in PROVINCES:
        for spelling in (code, name_en, name_fr, *_EXTRA_PROVINCE_SPELLINGS.get(code, ())):
            aliases[normalize_name(spelling)] = code
    return aliases


_PROVINCE_ALIASES = _province_aliases()
_LONGEST_ALIAS = max(len(alias.split()) for alias in _PROVINCE_ALIASES)


def province_code(text: str) -> str | None:
    """``"ON"``, ``"Ontario"``, ``"Québec"``, ``"P.E.I."`` → the two-letter code, else None."""
    return _PROVINCE_ALIASES.get(normalize_name(text))


def postal_fsa(text: str) -> str | None:
    """The forward sortation area of a postal code or FSA (``"m1b 2k3"`` → ``"M1B"``)."""
    match = _POSTAL_CODE.match(re.sub(r"[\s-]", "", text.upper()))
    return match.group(1) if match else None


def readings(text: str) -> list[tuple[str, str | None]]:
    """The ways a query can be read, most literal first: (normalised name, province or None).

    ``"Thunder Bay, ON"`` and ``"Thunder Bay Ontario"`` read as ``("thunder bay", "ON")``;
    ``"Scarborough, Toronto"`` is tried whole, then as its first part. A trailing "Canada" is
    ignored.
    """
    parts = [part for part in text.split(",") if normalize_name(part)]
    if parts and normalize_name(parts[-1]) == "canada":
        parts.pop()
    if not parts:
        return []
    province = province_code(parts[-1]) if len(parts) > 1 else None
    if province:
        parts.pop()
    candidates = [(normalize_name(" ".join(parts)), province)]
    if len(parts) > 1:
        candidates.append((normalize_name(parts[0]), province))
    if province is None:
        candidates.extend(_trailing_province_readings(candidates[0][0]))
    return list(dict.fromkeys(candidates))


def _trailing_province_readings(name: str) -> list[tuple[str, str | None]]:
    """``"moncton new brunswick"`` → ``[("moncton", "NB")]``: a province named without a comma."""
    tokens = name.split()
    found: list[tuple[str, str | None]] = []
    for size in range(min(_LONGEST_ALIAS, len(tokens) - 1), 0, -1):
        code = _PROVINCE_ALIASES.get(" ".join(tokens[-size:]))
        if code:
            found.append((" ".join(tokens[:-size]), code))
    return found
