"""What the visitor's words ask for: each word (or phrase) with its synonyms and the
vocabulary terms it names.

A keyword matches the word as typed, or one of its synonyms (``synonyms.txt``), or an
organization that has a term the word names: "police" finds the policing sector even where
no text says "police", "hébergement" the housing & shelter sector and the emergency-shelter
service type. Every organization's terms are in its full-text document as made-up tokens
(``facet_token``: ``zsectorpolicing``), so a naming word becomes one OR group of the query —
``(police OR policing OR ... OR zsectorpolicing)`` — and one query, the same on SQLite and
PostgreSQL, still answers the whole search.

**When a word names a term** (docs/search.md, "Words that name a term"): both labels (English
and French) of every sector, service type, population and language are folded like the text
(case, accents and punctuation off). A phrase of the keywords names a term when it is a whole
label ("santé mentale", "survivor-led"), and a single word when it is a *significant* word of
a label: at least three letters, not a number, not a generic word (``GENERIC``: "services",
"care", "support", "and", "et", "de"...) and not part of a province's name ("Quebec Sign
Language" is not named by "quebec"). A final "s" is ignored on both sides ("shelters").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from directory.search.synonyms import Phrase, Synonyms, phrase_key, singular
from directory.search.text import facet_token, fold

# Words too general to name a term: they would tie a search for "family law" to policing,
# or for "online" to a single service type. Compared after ``singular``.
_GENERIC_WORDS = (
    # English
    "a an and or of the for with under to in on at by other based people person group "
    "program general service services care support help aid language "
    "line online law adult life community sexual led first public "
    # French
    "et ou de des du la le les l d en aux au a par pour sur dans avec autre service "
    "services soin soins soutien aide langue ligne loi application personne personnes "
    "groupe groupes situation milieu cas vie dirige dirigee axee sexuel sexuelle "
    "accompagnement premiere premieres public publique publiques communaute"
)
GENERIC = frozenset(singular(w) for w in _GENERIC_WORDS.split())
# Words that cannot begin or end a phrase naming a term ("de la" names nothing).
_GLUE_WORDS = (
    "a an and or of the for with under to in on at by "
    "et ou de des du la le les l d en aux au a par pour sur dans avec"
)
_GLUE = frozenset(singular(w) for w in _GLUE_WORDS.split())


@dataclass(frozen=True)
class WordGroup:
    """One keyword (or phrase) of the search and what else matches in its place.

    ``typed``: the words as typed (all required; the query's last word may be a prefix);
    ``others``: alternatives, each a phrase whose words are all required (synonyms, and the
    tokens of the terms the words name); ``named``: those terms as (facet, slug), for ranking.
    """

    typed: Phrase
    others: tuple[Phrase, ...] = ()
    named: tuple[tuple[str, str], ...] = ()


def as_group(word: str | WordGroup) -> WordGroup:
    """A plain word is a group of its own (callers may still pass words)."""
    return word if isinstance(word, WordGroup) else WordGroup((word,))


@dataclass(frozen=True)
class TermNames:
    """Phrase keys → the (facet, slug) of the terms they name."""

    labels: dict[Phrase, frozenset[tuple[str, str]]]  # whole labels and phrases of them
    words: dict[str, frozenset[tuple[str, str]]]  # significant words of labels
    longest: int = 1  # words in the longest label

    def named_by(self, words: Phrase) -> frozenset[tuple[str, str]]:
        key = phrase_key(words)
        found = self.labels.get(key, frozenset())
        if len(key) == 1:
            found = found | self.words.get(key[0], frozenset())
        return found


def term_names(terms: Iterable[tuple[str, str, str, str]], place_names: Iterable[str]) -> TermNames:
    """From (facet, slug, English label, French label) and the provinces' labels."""
    places = {singular(w) for name in place_names for w in fold(name).split()}
    labels: dict[Phrase, set[tuple[str, str]]] = {}
    words: dict[str, set[tuple[str, str]]] = {}
    for facet, slug, *names in terms:
        for name in names:
            key = phrase_key(tuple(fold(name).split()))
            if not key:
                continue
            labels.setdefault(key, set()).add((facet, slug))
            significant = [
                len(w) >= 3 and not w.isdigit() and w not in GENERIC | places for w in key
            ]
            for word, counts in zip(key, significant, strict=True):
                if counts:
                    words.setdefault(word, set()).add((facet, slug))
            # Phrases of the label ("sign language", "indigenous-led"): with a significant
            # word, and no "and"/"de" at either end.
            for start in range(len(key)):
                for stop in range(start + 2, len(key) + 1):
                    if key[start] in _GLUE or key[stop - 1] in _GLUE:
                        continue
                    if any(significant[start:stop]):
                        labels.setdefault(key[start:stop], set()).add((facet, slug))
    return TermNames(
        {k: frozenset(v) for k, v in labels.items()},
        {k: frozenset(v) for k, v in words.items()},
        max((len(k) for k in labels), default=1),
    )


def keyword_groups(words: list[str], names: TermNames, synonyms: Synonyms) -> list[WordGroup]:
    """The folded keywords as groups: the longest phrase that is a synonym or a whole label
    first ("law enforcement", "santé mentale"), otherwise one word at a time."""
    longest = max(names.longest, synonyms.longest)
    groups: list[WordGroup] = []
    start = 0
    while start < len(words):
        size = 1
        for length in range(min(longest, len(words) - start), 1, -1):
            phrase = tuple(words[start : start + length])
            if phrase in synonyms or phrase_key(phrase) in names.labels:
                size = length
                break
        groups.append(_group(tuple(words[start : start + size]), names, synonyms))
        start += size
    return groups


def _group(typed: Phrase, names: TermNames, synonyms: Synonyms) -> WordGroup:
    alternatives = {typed} | synonyms.alternatives(typed)
    if len(alternatives) > 1:  # a word of the synonym list: its plural or singular too
        alternatives |= {_twin(p[0]) for p in alternatives if len(p) == 1}
    named: set[tuple[str, str]] = set()
    for phrase in alternatives:
        named |= names.named_by(phrase)
    others = {p for p in alternatives if p != typed}
    others |= {(facet_token(facet, slug),) for facet, slug in named}
    # An alternative holding all the words of a shorter one adds nothing ("human
    # trafficking" beside "trafficking"): left out, the query stays short.
    singles = {p[0] for p in (*others, typed) if len(p) == 1}
    longer = [p for p in (*others, typed) if len(p) > 1]
    kept = [
        p
        for p in others
        if len(p) == 1 or not (singles & set(p) or any(_covers(p, q) for q in longer))
    ]
    return WordGroup(typed, tuple(sorted(kept)), tuple(sorted(named)))


def _twin(word: str) -> Phrase:
    """ "counsellor" → "counsellors", "shelters" → "shelter" (the synonym file's words may be
    written in either form; the texts have both)."""
    one = singular(word)
    return (one,) if one != word else (word + "s",)


def _covers(longer: Phrase, shorter: Phrase) -> bool:
    return len(shorter) < len(longer) and set(shorter) <= set(longer)
