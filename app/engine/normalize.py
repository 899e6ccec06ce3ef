"""Matching forms of words: normalise for comparison, never for display.

Invariants:
- :func:`match_key` maps one token to a key; two tokens that differ only by case, Unicode
  quotes/dashes, British/American spelling, numeral/ordinal spelling ("seventh", "7th",
  "seven", "VII"), a light inflection ("checks", "checked", "checking") or a common irregular
  verb form ("fled", "flee", "fleeing"; "took", "take") share a key.
- :func:`tokens` yields :class:`Token` objects whose ``start``/``end`` are ``str`` indices into
  the text given, with ``text[start:end] == token.text``.
- :func:`fold` returns a string of the same length as its input (one character per
  character), so offsets computed on the folded text hold for the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import NamedTuple

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)

# Words: letters/digits with inner apostrophes or decimal points; hyphens split compounds so
# "Pakistan-China" and "China-Pakistan" share their parts, except after a bound prefix
# ("co-operation", "re-elected"), where the hyphen is only a spelling variant of none.
HYPHEN_PREFIX = r"(?:\b(?i:co|re|pre|non|anti|inter|multi|post|sub|semi|mid)[-\u2010\u2011](?=\w))?"
_WORD = re.compile(HYPHEN_PREFIX + r"\w+(?:['\u2019.,]\w+)*", re.UNICODE)

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "thousand": 1000,
    "million": 1000000,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "twentieth": 20,
    "thirtieth": 30,
    "fiftieth": 50,
    "hundredth": 100,
}
# "i" and "v" are left alone: the pronoun and the letter are far more common than the numeral.
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "xi": 11, "xii": 12}
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")

_BRITISH_WORDS = {
    "defence": "defense",
    "offence": "offense",
    "licence": "license",
    "pretence": "pretense",
    "programme": "program",
    "programmes": "programs",
    "catalogue": "catalog",
    "dialogue": "dialog",
    "analogue": "analog",
    "ageing": "aging",
    "judgement": "judgment",
    "fulfil": "fulfill",
    "enrol": "enroll",
    "manoeuvre": "maneuver",
    "aluminium": "aluminum",
    "grey": "gray",
    "tyre": "tire",
    "kerb": "curb",
    "cheque": "check",
    "plough": "plow",
    "sceptical": "skeptical",
    "storey": "story",
    "whilst": "while",
    "amongst": "among",
}
# Irregular verb forms -> base form (the suffix stripper cannot relate "fled" to "flee" or
# "took" to "take"); common verbs of news reports only, unambiguous forms only.
_IRREGULAR_LIST = """
was=be were=be been=be fled=flee took=take taken=take shot=shoot ran=run made=make went=go
gone=go came=come told=tell gave=give given=give got=get gotten=get found=find thought=think
brought=bring bought=buy caught=catch fought=fight sought=seek taught=teach held=hold kept=keep
led=lead felt=feel sent=send spent=spend built=build lost=lose won=win began=begin begun=begin
knew=know known=know grew=grow grown=grow threw=throw thrown=throw shown=show saw=see seen=see
wrote=write written=write spoke=speak spoken=speak broke=break broken=break chose=choose
chosen=choose drove=drive driven=drive rose=rise risen=rise fell=fall fallen=fall stole=steal
stolen=steal hid=hide hidden=hide rode=ride ridden=ride struck=strike sold=sell stood=stand
understood=understand sat=sit laid=lay paid=pay heard=hear meant=mean slept=sleep swore=swear
sworn=swear tore=tear torn=tear wore=wear worn=wear froze=freeze frozen=freeze forgot=forget
forgotten=forget ate=eat eaten=eat drank=drink flew=fly flown=fly drew=draw drawn=draw
blew=blow blown=blow withdrew=withdraw withdrawn=withdraw bore=bear borne=bear became=become
overcame=overcome underwent=undergo undergone=undergo died=die dies=die dying=die lying=lie
tied=tie ties=tie tying=tie fed=feed bled=bleed fled=flee sped=speed shook=shake shaken=shake
woke=wake woken=wake forbade=forbid forbidden=forbid sank=sink sunk=sink sprang=spring
"""
_IRREGULAR = dict(pair.split("=") for pair in _IRREGULAR_LIST.split())
_OUR_STEMS = (
    "colour",
    "favour",
    "honour",
    "labour",
    "neighbour",
    "behaviour",
    "harbour",
    "rumour",
    "humour",
    "vigour",
    "endeavour",
    "armour",
    "savour",
    "flavour",
    "odour",
    "valour",
    "splendour",
    "rigour",
    "parlour",
    "saviour",
    "tumour",
    "vapour",
    "candour",
    "clamour",
)
_RE_SUFFIX = re.compile(r"(cent|met|theat|fib|calib|lit|sab|spect|somb|lust)re(s|d)?$")
_ISE = re.compile(r"(?<=[a-z]{3})is(e|ed|es|ing|ation|ations|er|ers)$")
_YSE = re.compile(r"(?<=[a-z]{3})ys(e|ed|es|ing)$")
_LL = re.compile(r"([aeiou][bcdfgkmnprstvz]?[aeiou]?)ll(ed|ing|er|ers)$")

_STOPWORD_LIST = """
a an the and or but nor of to in on at by for with from into onto upon about as than
then so too very is are was were be been being am do does did done has have had having
it its it's this that these those there here their theirs them they he him his she her
hers we us our ours you your yours i me my mine who whom whose which what when where why
how all any both each few more most other some such no not only own same can will would
shall should could may might must also just over under again further once while after
before during above below up down out off if because until against between through s t
per via would've 've 'll 'd 're"""
STOPWORDS = frozenset(_STOPWORD_LIST.split())


class Token(NamedTuple):
    """A word of a text: ``text == source_text[start:end]``; ``key`` is its matching form.

    A named tuple (immutable, and several times cheaper to create than a frozen dataclass:
    a dossier of a hundred sources has a hundred thousand tokens).
    """

    start: int
    end: int
    text: str
    key: str


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """:func:`fold` of a short string (a word or the gap between two), cached."""
    return fold(word)


def fold(text: str) -> str:
    """Lower-case and map typographic quotes, dashes and spaces to ASCII, keeping the length.

    ``len(fold(t)) == len(t)`` always holds (a character whose lower case is longer, like
    "İ", is kept as is), so offsets on the folded text are offsets on the original.
    """
    out = text.translate(_FOLD)
    lowered = out.lower()
    if len(lowered) == len(out):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in out)


def _american(word: str) -> str:
    """British spellings to American ones (a word already lower-case and folded)."""
    if word in _BRITISH_WORDS:
        return _BRITISH_WORDS[word]
    if word.startswith(_OUR_STEMS):  # one call for the common case of no match
        for stem in _OUR_STEMS:
            if word.startswith(stem):
                return stem[:-2] + "r" + word[len(stem) :]
    # Each pattern needs its letters in the word; testing for them first skips the regex
    # for most words (a cold dossier computes thousands of keys).
    if word.endswith(("re", "res", "red")):
        word = _RE_SUFFIX.sub(lambda m: m.group(1) + "er" + (m.group(2) or ""), word)
    if "is" in word:
        word = _ISE.sub(lambda m: "iz" + m.group(1), word)
    if "ys" in word:
        word = _YSE.sub(lambda m: "yz" + m.group(1), word)
    if "ll" in word:
        word = _LL.sub(lambda m: m.group(1) + "l" + m.group(2), word)
    return word


def _number(word: str) -> str | None:
    """The digits for a numeral, ordinal or Roman numeral, else ``None``."""
    if word in _NUMBER_WORDS:
        return str(_NUMBER_WORDS[word])
    if word in _ROMAN:
        return str(_ROMAN[word])
    match = _ORDINAL.match(word)
    if match:
        return match.group(1)
    plain = word.replace(",", "")
    if plain.endswith(".0") and plain[:-2].isdigit():
        return plain[:-2]
    if plain.isdigit():
        return plain.lstrip("0") or "0"
    return None


def stem(word: str) -> str:
    """A light, deterministic suffix stripper (plural, -ed, -ing, -ly, final -e).

    It only has to give inflections of one word the same key; keys are never shown.
    """
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ied", "y")):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ingly", "edly", "ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            if not any(v in base for v in "aeiouy"):
                continue
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            word = base
            break
    else:
        if word.endswith("ly") and len(word) > 5:
            word = word[:-2]
    while word.endswith("e") and len(word) > 3:  # "agree", "agreed", "agreeing" → "agr"
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def match_key(token: str) -> str:
    """The matching form of one token (case, quotes, dashes, spelling, numerals, stem).

    Examples: "Defence" and "defense" → same key; "seventh", "7th", "VII" → "7";
    "organisations" and "organizations" → same key; "agree", "agreed", "agrees" and
    "agreeing" → same key; "co-operation" and "cooperation" → same key (inner hyphens are
    dropped). Possessive "'s" is dropped.
    """
    word = fold(token).strip("'\"-.,").replace("-", "")
    if word.endswith("'s"):
        word = word[:-2]
    number = _number(word)
    if number is not None:
        return number
    return stem(_IRREGULAR.get(word) or _american(word))


@lru_cache(maxsize=65536)
def is_stopword(token: str) -> bool:
    """True for function words that carry no claim of their own."""
    return fold(token).strip("'\"") in STOPWORDS


def token_tuple(text: str, start: int = 0, end: int | None = None) -> tuple[Token, ...]:
    """The words of ``text[start:end]`` with offsets into ``text`` (``text[t.start:t.end] ==
    t.text``); ``start`` should not fall inside a word. Built in one pass: a dossier tokenises
    every segment, and a generator would cost a frame switch per word.

    A trailing abbreviation dot or thousands comma belongs to a word only inside it (``_WORD``).
    """
    new, key = tuple.__new__, match_key
    return tuple(
        [
            new(Token, (m.start(), m.end(), (word := m.group()), key(word)))
            for m in _WORD.finditer(text, start, len(text) if end is None else end)
        ]
    )


def tokens(text: str, start: int = 0, end: int | None = None) -> Iterator[Token]:
    """:func:`token_tuple` as an iterator."""
    return iter(token_tuple(text, start, end))
