"""Multiple-choice questions built from the facts, each checked to have exactly one right answer.

Generation is pure and deterministic for a given RNG. For every kind, the set of *all* true
answers is computed from the whole knowledge base (not just the fact the question came from);
distractors are drawn from outside that set and the finished question is verified again, so
"Who left OpenAI for Anthropic?" can never offer both Jan Leike and John Schulman.
"""

from __future__ import annotations

import bisect
import logging
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bot.domain.dates import PartialDate
from bot.domain.model import EntityRef, FactView
from bot.domain.script import to_mainland

log = logging.getLogger(__name__)

OPENAI = "openai"
LETTERS = "ABCD"
YEAR_FLOOR, YEAR_CEILING = 2005, 2025
# Facts about something that happened (not commentary) make "which came first" questions.
EVENT_PREDICATES = {
    "departed",
    "joined",
    "returned",
    "founded",
    "released",
    "leave_of_absence",
    "dismissed",
    "held_role",
    "board_member",
    "invested",
    "valuation",
    "authored",
}


@dataclass(frozen=True)
class Option:
    value: str
    text_en: str
    text_zh: str


@dataclass(frozen=True)
class Question:
    qid: str  # stable identity: the same question from the same facts has the same qid
    kind: str
    difficulty: int  # 1 easy, 2 medium, 3 hard
    prompt_en: str
    prompt_zh: str  # Traditional
    options: tuple[Option, ...]
    answer_index: int
    explanation_en: str
    explanation_zh: str
    sources: tuple[str, ...]  # source ids
    fact_keys: tuple[str, ...]

    def localised(self, lang: str) -> dict:
        """The question as shown to a member: lang is "en", "zh-TW" or "zh-CN"."""

        def pick(en: str, zh: str) -> str:
            if lang == "en":
                return en
            return to_mainland(zh) if lang == "zh-CN" else zh

        return {
            "kind": self.kind,
            "question": pick(self.prompt_en, self.prompt_zh),
            "options": [pick(o.text_en, o.text_zh) for o in self.options],
            "answer_index": self.answer_index,
            "explanation": pick(self.explanation_en, self.explanation_zh),
            "sources": list(self.sources),
        }


@dataclass(frozen=True)
class Seed:
    kind: str
    key: str  # what the question is about (a fact key, a person id ...)

    @property
    def qid(self) -> str:
        return f"{self.kind}:{self.key}"


def _zh(ref: EntityRef) -> str:
    return ref.name_zh or ref.name_en


def _opt(ref: EntityRef) -> Option:
    return Option(ref.id, ref.name_en, _zh(ref))


_ABBREVIATIONS = {
    "ceo": "chief executive officer",
    "cto": "chief technology officer",
    "cfo": "chief financial officer",
    "coo": "chief operating officer",
    "cro": "chief research officer",
    "cpo": "chief product officer",
    "vp": "vice president",
    "svp": "senior vice president",
}
_ROLE_NOISE = re.compile(r"\b(interim|acting|former|co|openai|of|the|at|'s)\b|[^\w\s]")


def role_key(role: str) -> str:
    """Fold role titles so that "CTO", "Chief Technology Officer" and "interim CTO" compare equal."""
    words = [_ABBREVIATIONS.get(w, w) for w in role.casefold().replace("-", " ").split()]
    return " ".join(_ROLE_NOISE.sub(" ", " ".join(words)).split())


@dataclass
class Knowledge:
    """What the quiz may rely on: shown, undisputed facts, indexed for questions and truth checks."""

    people: dict[str, EntityRef] = field(default_factory=dict)
    orgs: dict[str, EntityRef] = field(default_factory=dict)
    founders: set[str] = field(default_factory=set)
    departures: dict[str, list[FactView]] = field(default_factory=lambda: defaultdict(list))
    destinations: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    goers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # destination → people
    roles: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # role key → people
    role_facts: dict[str, FactView] = field(default_factory=dict)  # role key → one fact naming it
    founded: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # person → orgs (not OpenAI)
    founded_facts: dict[tuple[str, str], FactView] = field(default_factory=dict)
    teachers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    teacher_facts: dict[tuple[str, str], FactView] = field(default_factory=dict)
    founder_facts: dict[str, FactView] = field(default_factory=dict)
    dated: list[FactView] = field(default_factory=list)
    _seeds: dict[str, list[Seed]] = field(default_factory=dict)
    _index: dict[str, object] = field(default_factory=dict)

    @classmethod
    def build(cls, facts: Iterable[FactView]) -> Knowledge:
        kb = cls()
        for fact in facts:
            if fact.dispute or fact.status != "active" or fact.rank == "deprecated":
                continue
            for ref in (fact.subject, fact.object, fact.destination):
                if ref is not None:
                    (kb.people if ref.kind == "person" else kb.orgs)[ref.id] = ref
            subject, obj = fact.subject, fact.object
            if fact.predicate == "founded" and obj is not None and subject.kind == "person":
                if obj.id == OPENAI:
                    kb.founders.add(subject.id)
                    kb.founder_facts.setdefault(subject.id, fact)
                else:
                    kb.founded[subject.id].add(obj.id)
                    kb.founded_facts.setdefault((subject.id, obj.id), fact)
            elif fact.predicate == "departed" and obj is not None and obj.id == OPENAI:
                kb.departures[subject.id].append(fact)
                if fact.destination is not None:
                    kb.destinations[subject.id].add(fact.destination.id)
                    kb.goers[fact.destination.id].add(subject.id)
            elif fact.predicate == "held_role" and obj is not None and obj.id == OPENAI and fact.role_en:
                key = role_key(fact.role_en)
                if key:
                    kb.roles[key].add(subject.id)
                    kb.role_facts.setdefault(key, fact)
            elif fact.predicate == "studied_under" and obj is not None:
                kb.teachers[subject.id].add(obj.id)
                kb.teacher_facts.setdefault((subject.id, obj.id), fact)
            if fact.start_date is not None and fact.start_date.precision >= 2 and fact.predicate in EVENT_PREDICATES:
                kb.dated.append(fact)
        return kb

    def prepare(self) -> Knowledge:
        """Compute every index questions use now, where the knowledge is built, rather than on a
        member's first question of each kind."""
        for kind in KINDS:
            self.seeds(kind)
        for name in ("people", "openai", "founders", "non_founders", "departed", "companies"):
            self.pool(name)
        self.dated_by_key()
        self.dated_sorted()
        return self

    def pool(self, name: str) -> list[str]:
        """Sorted entity ids distractors are drawn from (computed once per knowledge base)."""
        key = f"pool:{name}"
        if key not in self._index:
            if name == "people":
                ids = set(self.people)
            elif name == "openai":
                ids = self.openai_people()
            elif name == "founders":
                ids = {p for p in self.founders if p in self.people}
            elif name == "non_founders":
                ids = self.openai_people() - self.founders
            elif name == "departed":
                ids = {p for p in self.departures if p in self.people}
            else:  # companies
                ids = {o for o in self.companies() if o in self.orgs}
            self._index[key] = sorted(ids)
        return self._index[key]

    def ref(self, entity_id: str) -> EntityRef:
        return self.people.get(entity_id) or self.orgs[entity_id]

    def dated_by_key(self) -> dict[str, FactView]:
        if "_by_key" not in self._index:
            self._index["_by_key"] = {f.key: f for f in self.dated}
        return self._index["_by_key"]

    def dated_sorted(self) -> tuple[list[str], list[FactView]]:
        """Dated facts ordered by the first day they could mean, with those keys (for bisect)."""
        if "_sorted" not in self._index:
            ordered = sorted(self.dated, key=lambda f: (f.start_date.first_key(), f.key))
            self._index["_sorted"] = ([f.start_date.first_key() for f in ordered], ordered)
        return self._index["_sorted"]

    def seeds(self, kind: str) -> list[Seed]:
        """What `kind` can ask about (computed once per knowledge base)."""
        if kind not in self._seeds:
            self._seeds[kind] = KINDS[kind][0](self)
        return self._seeds[kind]

    def departure_years(self, person: str) -> set[int]:
        return {f.start_date.year for f in self.departures.get(person, []) if f.start_date}

    def openai_people(self) -> set[str]:
        """People the articles place at OpenAI (roles, departures, founding)."""
        people = set(self.founders) | set(self.departures)
        for holders in self.roles.values():
            people |= holders
        return {p for p in people if p in self.people}

    def companies(self) -> set[str]:
        """Organisations people went to or founded: distractors of the right type for each other."""
        return {d for ds in self.destinations.values() for d in ds} | {o for os in self.founded.values() for o in os}

    def holds_role(self, person: str, key: str) -> bool:
        return any(person in holders for k, holders in self.roles.items() if k == key or key in k or k in key)


class Draft:
    """A question being built: prompt, the right option, and every value that would also be true."""

    def __init__(
        self,
        seed: Seed,
        difficulty: int,
        prompt_en: str,
        prompt_zh: str,
        answer: Option,
        true_values: set[str],
        facts: Sequence[FactView],
    ) -> None:
        self.seed, self.difficulty = seed, difficulty
        self.prompt_en, self.prompt_zh = prompt_en, prompt_zh
        self.answer, self.true_values, self.facts = answer, true_values, facts


def _pick_distractors(rng: random.Random, pool: Iterable[Option], true_values: set[str], count: int) -> list[Option]:
    candidates = sorted({o.value: o for o in pool if o.value not in true_values}.values(), key=lambda o: o.value)
    if len(candidates) < count:
        return []
    return rng.sample(candidates, count)


def _dated(fact: FactView, text: str) -> str:
    return f"({fact.start}) {text}" if fact.start else text


def _sample(kb: Knowledge, rng: random.Random, pool: str, true_values: set[str], count: int = 3) -> list[Option]:
    """`count` distinct wrong options drawn at random from a pool, without building the whole pool
    of options (at 100x the data a pool holds thousands of people)."""
    ids = kb.pool(pool)
    chosen: dict[str, Option] = {}
    for _ in range(count * 30):
        if len(chosen) == count or not ids:
            break
        candidate = ids[rng.randrange(len(ids))]
        if candidate not in true_values and candidate not in chosen:
            chosen[candidate] = _opt(kb.ref(candidate))
    return list(chosen.values()) if len(chosen) == count else []


def _finish(
    draft: Draft, distractors: list[Option], rng: random.Random, *, order: Callable[[Option], object] | None = None
) -> Question | None:
    """Shuffle (or sort by `order`), verify exactly one true option, and build the Question."""
    if not distractors:
        return None
    options = [draft.answer, *distractors]
    rng.shuffle(options)
    if order is not None:
        options.sort(key=order)
    truths = [o.value in draft.true_values for o in options]
    if (
        sum(truths) != 1
        or len({o.value for o in options}) != len(options)
        or len({o.text_en for o in options}) != len(options)
    ):
        log.debug("discarded %s: %d true options", draft.seed.qid, sum(truths))
        return None
    sources = tuple(dict.fromkeys(s for f in draft.facts for s in f.source_ids))
    return Question(
        qid=draft.seed.qid,
        kind=draft.seed.kind,
        difficulty=draft.difficulty,
        prompt_en=draft.prompt_en,
        prompt_zh=draft.prompt_zh,
        options=tuple(options),
        answer_index=truths.index(True),
        explanation_en=" ".join(_dated(f, f.text_en) for f in draft.facts),
        explanation_zh="".join(_dated(f, f.text_zh) for f in draft.facts),
        sources=sources,
        fact_keys=tuple(f.key for f in draft.facts),
    )


# ---- question kinds --------------------------------------------------------------------------
# Each kind: seeds(kb) lists what it can ask about; build(kb, seed, rng) makes the question.


def _left_when_seeds(kb: Knowledge) -> list[Seed]:
    # Only people who left once: "when did X leave" must have one answer.
    return [
        Seed("left_when", p) for p, facts in kb.departures.items() if len(kb.departure_years(p)) == 1 and p in kb.people
    ]


def _left_when(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    person = kb.people[seed.key]
    fact = next(f for f in kb.departures[seed.key] if f.start_date)
    year = fact.start_date.year
    true_years = {str(y) for y in kb.departure_years(seed.key)}
    near = [
        Option(str(y), str(y), f"{y} 年")
        for y in range(year - 4, year + 5)
        if YEAR_FLOOR <= y <= YEAR_CEILING and y != year
    ]
    draft = Draft(
        seed,
        2,
        f"In which year did {person.name_en} leave OpenAI?",
        f"{_zh(person)}是在哪一年離開 OpenAI 的？",
        Option(str(year), str(year), f"{year} 年"),
        true_years,
        [fact],
    )
    return _finish(draft, _pick_distractors(rng, near, true_years, 3), rng, order=lambda o: o.value)


def _went_where_seeds(kb: Knowledge) -> list[Seed]:
    return [Seed("went_where", p) for p, dests in kb.destinations.items() if len(dests) == 1 and p in kb.people]


def _went_where(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    person = kb.people[seed.key]
    dest_id = next(iter(kb.destinations[seed.key]))
    fact = next(f for f in kb.departures[seed.key] if f.destination and f.destination.id == dest_id)
    answer = _opt(fact.destination)
    draft = Draft(
        seed,
        1,
        f"Where did {person.name_en} go after leaving OpenAI?",
        f"{_zh(person)}離開 OpenAI 後去了哪裡？",
        answer,
        set(kb.destinations[seed.key]),
        [fact],
    )
    return _finish(draft, _sample(kb, rng, "companies", draft.true_values), rng)


def _who_went_seeds(kb: Knowledge) -> list[Seed]:
    dests = {d for ds in kb.destinations.values() for d in ds if d in kb.orgs}
    return [Seed("who_went", d) for d in sorted(dests)]


def _who_went(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    dest = kb.orgs[seed.key]
    goers = sorted(p for p in kb.goers.get(seed.key, ()) if p in kb.people)
    if not goers:
        return None
    person = rng.choice(goers)
    fact = next(f for f in kb.departures[person] if f.destination and f.destination.id == seed.key)
    draft = Draft(
        Seed(seed.kind, f"{seed.key}:{person}"),
        2,
        f"Who left OpenAI and went to {dest.name_en}?",
        f"哪一位離開 OpenAI 後去了{_zh(dest)}？",
        _opt(kb.people[person]),
        set(goers),
        [fact],
    )
    return _finish(draft, _sample(kb, rng, "departed", draft.true_values), rng)


def _cofounder_seeds(kb: Knowledge) -> list[Seed]:
    return [Seed("cofounder", p) for p in sorted(kb.founders) if p in kb.people]


def _cofounder(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    draft = Draft(
        seed,
        1,
        "Which of these people co-founded OpenAI?",
        "下列哪一位是 OpenAI 的聯合創始人？",
        _opt(kb.people[seed.key]),
        set(kb.founders),
        [kb.founder_facts[seed.key]],
    )
    return _finish(draft, _sample(kb, rng, "non_founders", draft.true_values), rng)


def _not_cofounder_seeds(kb: Knowledge) -> list[Seed]:
    return [Seed("not_cofounder", p) for p in kb.pool("non_founders")]


def _not_cofounder(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    founders = kb.pool("founders")
    if len(founders) < 3:
        return None
    chosen = rng.sample(founders, 3)
    # The true options are the non-founders among those shown (the pool holds thousands at scale).
    non_founders = {p for p in (seed.key, *chosen) if p not in kb.founders}
    draft = Draft(
        seed,
        2,
        "Which of these people was NOT one of OpenAI's co-founders?",
        "下列哪一位「不是」OpenAI 的聯合創始人？",
        _opt(kb.people[seed.key]),
        non_founders,
        [kb.founder_facts[p] for p in chosen],
    )
    return _finish(draft, [_opt(kb.people[p]) for p in chosen], rng)


def _role_seeds(kb: Knowledge) -> list[Seed]:
    # A title only one person ever held (after folding "CTO"/"interim CTO"/...): one right answer.
    return [
        Seed("role_holder", key)
        for key, holders in sorted(kb.roles.items())
        if len({p for k, hs in kb.roles.items() if k == key or key in k or k in key for p in hs}) == 1
    ]


def _role_holder(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    fact = kb.role_facts[seed.key]
    holder = next(iter(kb.roles[seed.key]))
    if holder not in kb.people:
        return None
    true = {p for p in kb.people if kb.holds_role(p, seed.key)}
    role_zh = fact.role_zh or fact.role_en
    draft = Draft(
        seed,
        2,
        f"Who held the role “{fact.role_en}” at OpenAI?",
        f"誰曾在 OpenAI 擔任「{role_zh}」？",
        _opt(kb.people[holder]),
        true,
        [fact],
    )
    return _finish(draft, _sample(kb, rng, "openai", draft.true_values), rng)


def _founded_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("founded_org", f"{p}:{o}")
        for p, orgs in sorted(kb.founded.items())
        for o in sorted(orgs)
        if p in kb.people and o in kb.orgs
    ]


def _founded_org(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    person_id, org_id = seed.key.split(":", 1)
    person = kb.people[person_id]
    draft = Draft(
        seed,
        2,
        f"Which organisation did {person.name_en} found or co-found?",
        f"{_zh(person)}創辦或共同創辦了哪個機構？",
        _opt(kb.orgs[org_id]),
        set(kb.founded[person_id]),
        [kb.founded_facts[(person_id, org_id)]],
    )
    return _finish(draft, _sample(kb, rng, "companies", draft.true_values), rng)


def _teacher_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("teacher", f"{p}:{t}")
        for p, ts in sorted(kb.teachers.items())
        for t in sorted(ts)
        if p in kb.people and t in kb.people
    ]


def _teacher(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    student_id, teacher_id = seed.key.split(":", 1)
    student = kb.people[student_id]
    draft = Draft(
        seed,
        3,
        f"Under whom did {student.name_en} study?",
        f"{_zh(student)}曾師從哪一位？",
        _opt(kb.people[teacher_id]),
        set(kb.teachers[student_id]) | {student_id},
        [kb.teacher_facts[(student_id, teacher_id)]],
    )
    return _finish(draft, _sample(kb, rng, "people", draft.true_values), rng)


def _first_event_seeds(kb: Knowledge) -> list[Seed]:
    return [Seed("first_event", f.key) for f in kb.dated if f.start_date.year >= 2015]


def _first_event(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    anchor = kb.dated_by_key()[seed.key]
    start: PartialDate = anchor.start_date
    # Three later events whose periods do not overlap the anchor's (so the anchor is first),
    # about three other people or organisations (so the options differ). The dated facts are
    # kept sorted, so the later ones start at an index found by bisection and are sampled in place.
    keys, ordered = kb.dated_sorted()
    first_later = bisect.bisect_right(keys, start.last_key())
    others: list[FactView] = []
    subjects = {anchor.subject.id}
    for _ in range(60):
        if len(others) == 3 or first_later >= len(ordered):
            break
        fact = ordered[rng.randrange(first_later, len(ordered))]
        if fact.subject.id not in subjects:
            subjects.add(fact.subject.id)
            others.append(fact)
    if len(others) < 3:
        return None

    def option(f: FactView) -> Option:
        return Option(f.key, f.text_en, f.text_zh)

    draft = Draft(
        seed,
        3,
        "Which of these happened first?",
        "下列哪件事最早發生？",
        option(anchor),
        {anchor.key},
        [anchor, *others],
    )
    question = _finish(draft, [option(f) for f in others], rng)
    if question is None:
        return None
    explanation_en = "; ".join(f"{f.start}: {f.text_en}" for f in sorted(draft.facts, key=lambda f: f.start_date))
    explanation_zh = "；".join(f"{f.start}：{f.text_zh}" for f in sorted(draft.facts, key=lambda f: f.start_date))
    return Question(**{**question.__dict__, "explanation_en": explanation_en, "explanation_zh": explanation_zh})


def _true_false_seeds(kb: Knowledge) -> list[Seed]:
    return [Seed("true_false", p) for p in sorted(kb.departures) if kb.departure_years(p) and p in kb.people]


def _true_false(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    person = kb.people[seed.key]
    years = kb.departure_years(seed.key)
    fact = next(f for f in kb.departures[seed.key] if f.start_date)
    if rng.random() < 0.5:
        year, truth = fact.start_date.year, "true"
    else:
        wrong = [
            y
            for y in range(fact.start_date.year - 3, fact.start_date.year + 4)
            if y not in years and YEAR_FLOOR <= y <= YEAR_CEILING
        ]
        year, truth = rng.choice(wrong), "false"
    options = [Option("true", "True", "對"), Option("false", "False", "錯")]
    answer = options[0] if truth == "true" else options[1]
    draft = Draft(
        Seed(seed.kind, f"{seed.key}:{year}"),
        1,
        f"True or false: {person.name_en} left OpenAI in {year}.",
        f"是非題：{_zh(person)}於 {year} 年離開 OpenAI。",
        answer,
        {truth},
        [fact],
    )
    # True first, False second, whatever the answer: the order members expect.
    return _finish(draft, [o for o in options if o is not answer], rng, order=lambda o: o.value != "true")


KINDS: dict[
    str, tuple[Callable[[Knowledge], list[Seed]], Callable[[Knowledge, Seed, random.Random], Question | None]]
] = {
    "left_when": (_left_when_seeds, _left_when),
    "went_where": (_went_where_seeds, _went_where),
    "who_went": (_who_went_seeds, _who_went),
    "cofounder": (_cofounder_seeds, _cofounder),
    "not_cofounder": (_not_cofounder_seeds, _not_cofounder),
    "role_holder": (_role_seeds, _role_holder),
    "founded_org": (_founded_seeds, _founded_org),
    "teacher": (_teacher_seeds, _teacher),
    "first_event": (_first_event_seeds, _first_event),
    "true_false": (_true_false_seeds, _true_false),
}


def pool(kb: Knowledge) -> list[Seed]:
    """Everything the quiz could ask about, across kinds."""
    return [seed for seeds, _build in KINDS.values() for seed in seeds(kb)]


def generate(
    kb: Knowledge,
    rng: random.Random,
    *,
    asked: set[str] = frozenset(),
    kinds: Sequence[str] | None = None,
    attempts: int = 60,
) -> Question | None:  # noqa: B006 - asked is never mutated
    """One question not in `asked` (qids of seeds), mixing kinds; when every seed was asked, the pool starts over."""
    by_kind = {k: kb.seeds(k) for k in (kinds or KINDS)}
    if asked:
        # A question's qid is its seed's, or the seed's plus ":detail" (who went, which year).
        used = set(asked) | {a.rsplit(":", 1)[0] for a in asked}
        fresh = {k: [s for s in seeds if s.qid not in used] for k, seeds in by_kind.items()}
    else:
        fresh = by_kind
    if not any(fresh.values()):
        fresh, asked = by_kind, frozenset()  # pool exhausted: start again
    available = sorted(k for k, seeds in fresh.items() if seeds)
    for _ in range(attempts):
        if not available:
            return None
        kind = rng.choice(available)
        seed = rng.choice(fresh[kind])
        question = KINDS[kind][1](kb, seed, rng)
        if question is not None and question.qid not in asked:
            return question
    return None


def verify(question: Question, kb: Knowledge) -> bool:
    """Re-check a finished question against the knowledge base: exactly one option is true."""
    truths = [is_true(question, option, kb) for option in question.options]
    return sum(truths) == 1 and truths.index(True) == question.answer_index


def is_true(question: Question, option: Option, kb: Knowledge) -> bool:
    kind, key = question.kind, question.qid.split(":", 1)[1]
    if kind == "left_when":
        return int(option.value) in kb.departure_years(key)
    if kind == "went_where":
        return option.value in kb.destinations.get(key, set())
    if kind == "who_went":
        return key.split(":")[0] in kb.destinations.get(option.value, set())
    if kind == "cofounder":
        return option.value in kb.founders
    if kind == "not_cofounder":
        return option.value not in kb.founders
    if kind == "role_holder":
        return kb.holds_role(option.value, key)
    if kind == "founded_org":
        return option.value in kb.founded.get(key.split(":")[0], set())
    if kind == "teacher":
        return option.value in kb.teachers.get(key.split(":")[0], set())
    if kind == "first_event":
        facts = kb.dated_by_key()
        mine = facts[option.value].start_date
        return all(mine.last_key() < facts[o.value].start_date.first_key() for o in question.options if o is not option)
    if kind == "true_false":
        person, year = key.rsplit(":", 1)
        return (int(year) in kb.departure_years(person)) == (option.value == "true")
    raise ValueError(f"unknown question kind {kind!r}")
