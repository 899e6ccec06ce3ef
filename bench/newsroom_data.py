"""Made-up newsroom data for bench/newsroom.py: dossiers of reports of one diplomatic meeting.

Each dossier takes the seed articles' sentences (seeds/) and rewrites them for a new meeting:
other countries, capitals, ministers, dates, ordinals and numbers; then each report of the
dossier keeps a subset of those sentences in order, changes a few details (so reports
conflict), and adds sentences of its own from templates. Deterministic for a given seed.
Nothing is fetched: all text is the seeds' or generated here.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

COUNTRIES = [
    ("Norway", "Norwegian", "Oslo"),
    ("Chile", "Chilean", "Santiago"),
    ("Kenya", "Kenyan", "Nairobi"),
    ("Vietnam", "Vietnamese", "Hanoi"),
    ("Portugal", "Portuguese", "Lisbon"),
    ("Ghana", "Ghanaian", "Accra"),
    ("Peru", "Peruvian", "Lima"),
    ("Finland", "Finnish", "Helsinki"),
    ("Morocco", "Moroccan", "Rabat"),
    ("Indonesia", "Indonesian", "Jakarta"),
    ("Uruguay", "Uruguayan", "Montevideo"),
    ("Estonia", "Estonian", "Tallinn"),
    ("Senegal", "Senegalese", "Dakar"),
    ("Mongolia", "Mongolian", "Ulaanbaatar"),
    ("Jordan", "Jordanian", "Amman"),
    ("Iceland", "Icelandic", "Reykjavik"),
]
FIRST = ["Maria", "Tomas", "Amina", "Lan", "Rui", "Kofi", "Ingrid", "Jorge", "Aiko", "Samir"]
LAST = ["Olsen", "Reyes", "Otieno", "Pham", "Costa", "Mensah", "Virtanen", "Alami", "Sato"]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "September"]
TOPICS = [
    "renewable energy",
    "fisheries",
    "port infrastructure",
    "vaccine production",
    "rail links",
    "water management",
    "digital payments",
    "higher education",
    "climate finance",
    "tourism",
    "mining",
    "space research",
]
OWN = [
    "The talks lasted {n} hours and ended with a joint press conference.",
    "{p} said the agreement would create {n} thousand jobs by {y}.",
    "A working group will meet in {c} in {m} to follow up on {t}.",
    "Protesters gathered outside the venue, according to local media.",
    "The delegation also visited a {t} project near the capital.",
    "Trade between the two countries reached {n} billion dollars last year.",
    "Analysts in {c} described the meeting as a step forward for {t}.",
    "{p} told reporters that a visit by the head of state was planned for {m}.",
    "The ministers planted a tree in the garden of the foreign ministry.",
    "Officials declined to say whether the {t} deal had a deadline.",
]
OPENERS = ["", "", "Officials said that", "According to the statement,", "Reports said"]
COMMON_STARTS = {"The", "Both", "On", "They", "It", "This", "In", "He", "She", "A", "An"}
SENTENCE = re.compile(r"(?<=[.!?”])\s+(?=[A-Z“])")


@dataclass(frozen=True, slots=True)
class Meeting:
    a: tuple[str, str, str]
    b: tuple[str, str, str]
    third: tuple[str, str, str]
    minister_a: str
    minister_b: str
    ordinal: str
    day: str
    acronym: str


def seed_sentences(seeds_dir: Path) -> list[str]:
    manifest = json.loads((seeds_dir / "manifest.json").read_text("utf-8"))
    out: list[str] = []
    for entry in manifest["sources"]:
        text = (seeds_dir / entry["file"]).read_text("utf-8")
        for line in text.splitlines():
            out.extend(s.strip() for s in SENTENCE.split(line) if len(s.split()) >= 4)
    return out


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def meeting(rng: random.Random) -> Meeting:
    a, b, third = rng.sample(COUNTRIES, 3)
    return Meeting(
        a,
        b,
        third,
        _person(rng),
        _person(rng),
        rng.choice(ORDINALS),
        f"{rng.randint(1, 28)} {rng.choice(MONTHS)}",
        "".join(rng.choice("ABCDEFGHKLMNPRST") for _ in range(4)),
    )


def rewrite(sentence: str, m: Meeting, rng: random.Random) -> str:
    """The seed sentence about the China–Pakistan dialogue, told of meeting ``m``."""
    swaps = [
        ("Ishaq Dar", m.minister_a),
        ("Wang Yi", m.minister_b),
        ("Pakistani", m.a[1]),
        ("Pakistan", m.a[0]),
        ("Chinese", m.b[1]),
        ("China", m.b[0]),
        ("Afghanistan", m.third[0]),
        ("Afghan", m.third[1]),
        ("Kabul", m.third[2]),
        ("Beijing", m.b[2]),
        ("Islamabad", m.a[2]),
        ("CPEC", m.acronym),
        ("seventh", m.ordinal),
        ("4 January", m.day),
    ]
    for old, new in swaps:
        sentence = sentence.replace(old, new)
    return re.sub(r"\b\d{1,3}\b", lambda _: str(rng.randint(2, 90)), sentence)


def _own(rng: random.Random, m: Meeting) -> str:
    return rng.choice(OWN).format(
        n=rng.randint(2, 40),
        p=rng.choice([m.minister_a, m.minister_b, _person(rng)]),
        y=rng.randint(2027, 2031),
        c=rng.choice([m.a[2], m.b[2]]),
        m=rng.choice(MONTHS),
        t=rng.choice(TOPICS),
    )


def _vary(sentence: str, rng: random.Random) -> str:
    """A report's wording of a shared sentence: an opener, now and then another number."""
    if rng.random() < 0.15:
        sentence = re.sub(r"\b\d{1,3}\b", lambda _: str(rng.randint(2, 90)), sentence, count=1)
    opener = rng.choice(OPENERS)
    if opener and sentence.split(" ", 1)[0] in COMMON_STARTS:
        sentence = f"{opener} {sentence[0].lower()}{sentence[1:]}"
    return sentence


def dossier(
    seeds: list[str], rng: random.Random, reports: int
) -> tuple[str, str, list[tuple[str, str]]]:
    """(title, description, [(outlet, text)]) of one made-up meeting and its ``reports``."""
    m = meeting(rng)
    pool = [rewrite(s, m, rng) for s in seeds]
    title = f"{m.a[0]}–{m.b[0]} foreign ministers' dialogue, {m.ordinal} round ({m.day})"
    description = f"Reports of the {m.ordinal} {m.a[1]}–{m.b[1]} strategic dialogue in {m.b[2]}."
    out = []
    for n in range(reports):
        keep = sorted(rng.sample(range(len(pool)), min(len(pool), rng.randint(6, 12))))
        lines = [_vary(pool[k], rng) for k in keep]
        for _ in range(rng.randint(1, 3)):
            lines.insert(rng.randint(0, len(lines)), _own(rng, m))
        outlet = f"{rng.choice([m.a, m.b, m.third])[1]} Daily {n % 7 + 1}"
        out.append((outlet, "\n".join(lines)))
    return title, description, out


def sizes(dossiers: int, sources: int, big: int) -> list[int]:
    """Reports per dossier: the first has ``big``, the rest share ``sources - big`` evenly."""
    rest, extra = divmod(sources - big, dossiers - 1)
    return [big] + [rest + (1 if n < extra else 0) for n in range(dossiers - 1)]


def articles(seeds: list[str], count: int, seed: int) -> Iterator[tuple[str, str]]:
    """``count`` (file name, text) articles for the import run: 20 reports per meeting."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        _, _, reports = dossier(seeds, rng, 20)
        for outlet, text in reports[: count - made]:
            made += 1
            yield f"article-{made:04d}.txt", f"{outlet}\n\n{text}\n"
