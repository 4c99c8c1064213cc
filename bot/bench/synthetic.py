"""Synthetic datasets N times the shipped one: invented people with Latin and CJK names and
realistic misspellings, carrying copies of real facts, so that every query has N times the rows
to look through."""

from __future__ import annotations

import random
from dataclasses import dataclass

from bot.domain.dataset import Dataset, EntityKind, EntityRecord, FactRecord

SYLLABLES = [
    "al",
    "be",
    "ka",
    "do",
    "ri",
    "mo",
    "sa",
    "te",
    "lu",
    "vi",
    "no",
    "ze",
    "ha",
    "ji",
    "pe",
    "ro",
    "su",
    "ta",
    "mi",
    "ko",
    "ne",
    "fa",
    "gu",
    "ly",
    "de",
    "xi",
    "wa",
    "or",
    "en",
    "is",
]
CJK = "安柏卡多里莫薩特盧維諾澤哈吉佩羅蘇塔米科內法古利德西瓦奧恩伊斯林陳王張劉楊黃趙周吳徐孫馬朱胡郭何高羅鄭梁謝宋唐"


def latin_name(rng: random.Random) -> str:
    def word(n: int) -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(n)).capitalize()

    return f"{word(rng.randint(2, 3))} {word(rng.randint(2, 4))}"


def cjk_name(rng: random.Random) -> str:
    return (
        "".join(rng.choice(CJK) for _ in range(rng.randint(2, 3)))
        + "·"
        + "".join(rng.choice(CJK) for _ in range(rng.randint(2, 4)))
    )


def misspell(name: str, rng: random.Random) -> str:
    """One typo of the kinds the articles contain: a dropped, doubled or swapped letter."""
    letters = list(name)
    i = rng.randrange(1, len(letters) - 1)
    kind = rng.choice(["drop", "double", "swap"])
    if kind == "drop":
        del letters[i]
    elif kind == "double":
        letters.insert(i, letters[i])
    else:
        letters[i], letters[i + 1] = letters[i + 1], letters[i]
    return "".join(letters)


@dataclass(frozen=True)
class Synthetic:
    dataset: Dataset
    typos: list[tuple[str, str]]  # (misspelt name, entity id): a fixed accuracy set


def scaled(base: Dataset, scale: int, *, seed: int = 7) -> Synthetic:
    """The shipped dataset plus (scale - 1) synthetic copies of its people and their facts."""
    rng = random.Random(seed)
    entities = list(base.entities)
    facts = list(base.facts)
    typos: list[tuple[str, str]] = []
    people = [e for e in base.entities if e.kind is EntityKind.PERSON]
    by_subject: dict[str, list[FactRecord]] = {}
    for fact in base.facts:
        by_subject.setdefault(fact.subject, []).append(fact)
    used: set[str] = {e.id for e in entities}
    # The fixed misspelling set: one typo of every real person's name, the same at every scale.
    typo_rng = random.Random(seed + 1)
    typos.extend((misspell(p.name_en, typo_rng), p.id) for p in people if len(p.name_en) > 4)
    for copy in range(1, scale):
        for person in people:
            name_en, name_zh = latin_name(rng), cjk_name(rng)
            entity_id = f"s{copy}-{person.id}"[:40]
            if entity_id in used:
                continue
            used.add(entity_id)
            typo = misspell(name_en, rng)
            first, last = name_en.split(" ", 1)
            aliases = [
                typo,
                last,
                first,
                f"{first[0]}. {last}",
                misspell(name_zh, rng) if len(name_zh) > 3 else name_zh,
                name_en.replace(" ", ""),
                name_zh.replace("·", ""),
            ]
            entities.append(
                EntityRecord(
                    id=entity_id,
                    kind=EntityKind.PERSON,
                    name_en=name_en,
                    name_zh=name_zh,
                    aliases=list(dict.fromkeys(a for a in aliases if a and a != name_en)),
                )
            )
            if rng.random() < 0.2:
                typos.append((misspell(name_en, rng), entity_id))
            for fact in by_subject.get(person.id, []):
                facts.append(
                    fact.model_copy(
                        update={
                            "key": f"s{copy}-{fact.key}"[:64],
                            "subject": entity_id,
                            "dispute": None,
                            # each copy is its own statement: a shared key would merge every copy into one
                            "statement": f"s{copy}-{fact.statement}"[:64] if fact.statement else None,
                        }
                    )
                )
    data = Dataset(
        sources=list(base.sources),
        entities=entities,
        facts=facts,
        roles=list(base.roles),
        fact_files={f.key: "synthetic" for f in facts},
    )
    return Synthetic(data, typos)
