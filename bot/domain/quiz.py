"""Multiple-choice questions built from statements, each checked to have exactly one right answer.

The quiz reads statements (bot/domain/statements.py), never raw claims, and roles through the
role vocabulary: two titles with one role id are one role. A question is made only when its key
and every distractor are *decidable*: the key is surely true and every other option surely false
given everything the articles say, disputed statements and 'low' (reported only) ones included.
Disputed and 'low' statements never carry a question, but they do stop a distractor that might be
true from being offered.

Generation is pure and deterministic for a given RNG; the indexes it needs are built once per data
version (`Knowledge.build(...).prepare()`), never per question.
"""

from __future__ import annotations

import bisect
import calendar
import logging
import random
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar, cast, overload

from bot.domain.dates import PartialDate
from bot.domain.model import EntityRef
from bot.domain.roles import fold_title
from bot.domain.script import to_mainland
from bot.domain.statements import Statement, Statements

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

log = logging.getLogger(__name__)

OPENAI = "openai"
LETTERS = "ABCD"
OPENAI_FIRST_YEAR = 2015
ROLE_PREDICATES = {"held_role", "board_member"}
LEAVING = {"departed", "dismissed"}
# A departure followed by a return this soon is not a "left" (Brockman, November 2023).
CAME_BACK_DAYS = 60
# Options of a "which came first" question are at least this far apart.
EVENT_GAP_DAYS = 90
NOTABILITY_BAR = 11.0
FAMOUS = 20.0
COMMENTATOR_BAR = 4.0  # questions about less famous people are estimated one step harder
EASY, MEDIUM, HARD = 1, 2, 3
DIFFICULTY_NAMES = {EASY: "easy", MEDIUM: "medium", HARD: "hard"}


@dataclass(frozen=True)
class Option:
    value: str
    text_en: str
    text_zh: str


@dataclass(frozen=True)
class Question:
    qid: str  # stable identity: the same question from the same statements has the same qid
    kind: str
    difficulty: int  # estimate: 1 easy, 2 medium, 3 hard (members' answers refine it)
    prompt_en: str
    prompt_zh: str  # Traditional
    options: tuple[Option, ...]
    answer_index: int
    explanation_en: str
    explanation_zh: str
    sources: tuple[str, ...]  # source ids
    fact_keys: tuple[str, ...]  # every claim the question rests on (key and option statements)
    fact_versions: tuple[int, ...] = ()  # the version of each of those claims when it was made
    params: tuple[str, ...] = ()  # what the truth check needs beyond the options (role, period ...)

    def localised(self, lang: str) -> dict:
        """The question as shown to a member: lang is "en", "zh-TW" or "zh-CN"."""
        return {
            "kind": self.kind,
            "question": pick(lang, self.prompt_en, self.prompt_zh),
            "options": [pick(lang, o.text_en, o.text_zh) for o in self.options],
            "answer_index": self.answer_index,
            "explanation": pick(lang, self.explanation_en, self.explanation_zh),
            "sources": list(self.sources),
            "difficulty": DIFFICULTY_NAMES.get(self.difficulty, "medium"),
        }


def pick(lang: str, en: str, zh: str) -> str:
    """English, Traditional, or Simplified in mainland wording (all quiz text goes through here)."""
    if lang == "en":
        return en
    return to_mainland(zh) if lang == "zh-CN" else zh


@dataclass(frozen=True)
class Seed:
    kind: str
    key: str  # what the question is about (a statement key, a person id ...)

    @property
    def qid(self) -> str:
        return f"{self.kind}:{self.key}"


# ---- dates -------------------------------------------------------------------------------------


def _day(key: str) -> date:
    return date.fromisoformat(key)


@overload
def _first(d: PartialDate) -> date: ...
@overload
def _first(d: PartialDate | None) -> date | None: ...
def _first(d: PartialDate | None) -> date | None:
    return _day(d.first_key()) if d else None


@overload
def _last(d: PartialDate) -> date: ...
@overload
def _last(d: PartialDate | None) -> date | None: ...
def _last(d: PartialDate | None) -> date | None:
    return _day(d.last_key()) if d else None


T = TypeVar("T")


def _known(value: T | None) -> T:
    """What the index a statement was taken from guarantees it has (a date, a role, an object)."""
    if value is None:
        raise ValueError("a statement lacks what its index guarantees")
    return value


def _en_date(d: date, precision: str) -> str:
    if precision == "month":
        return f"{calendar.month_name[d.month]} {d.year}"
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def _zh_date(d: date, precision: str) -> str:
    if precision == "month":
        return f"{d.year} 年 {d.month} 月"
    return f"{d.year} 年 {d.month} 月 {d.day} 日"


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


# ---- entities ------------------------------------------------------------------------------------


def _zh(ref: EntityRef) -> str:
    name = ref.name_zh or ref.name_en
    # a Latin name inside Chinese text is set off by spaces ("加入 Anthropic"); tidied in _tidy_zh
    return f" {name} " if name.isascii() else name


_ZH_PUNCT = "，。？！：；、「」（）……"


_CJK_LATIN = re.compile(r"(?<=[\u4e00-\u9fff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9%])(?=[\u4e00-\u9fff])")


def _tidy_zh(text: str) -> str:
    text = _CJK_LATIN.sub(" ", text)
    text = re.sub(r" +", " ", text).strip()
    return re.sub(rf" ?([{_ZH_PUNCT}]) ?", r"\1", text)


def _opt(ref: EntityRef) -> Option:
    return Option(ref.id, ref.name_en, ref.name_zh or ref.name_en)


@dataclass
class Knowledge:
    """What the quiz may rely on, indexed once per data version."""

    statements: list[Statement]
    usable: list[Statement] = field(default_factory=list)  # undisputed, not 'low': may carry a question
    people: dict[str, EntityRef] = field(default_factory=dict)
    orgs: dict[str, EntityRef] = field(default_factory=dict)
    score: dict[str, float] = field(default_factory=dict)
    notable: set[str] = field(default_factory=set)
    commentators: set[str] = field(default_factory=set)
    openai_people: set[str] = field(default_factory=set)
    researchers: set[str] = field(default_factory=set)
    role_labels: dict[str, tuple[str, str, int, str]] = field(default_factory=dict)  # id → en, zh, seniority, kind
    # every statement (usable or not) naming a person in a role at OpenAI: decides distractors
    any_roles: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    roles: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))  # usable, by role id
    any_leaving: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    left: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))  # usable, real departures
    any_founded: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # person → orgs
    founded: dict[tuple[str, str], Statement] = field(default_factory=dict)  # usable (person, org)
    teachers: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    teacher_facts: dict[tuple[str, str], Statement] = field(default_factory=dict)
    events: list[Statement] = field(default_factory=list)
    sayings: list[Statement] = field(default_factory=list)
    industry: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))  # org → years active
    by_key: dict[str, Statement] = field(default_factory=dict)
    voices: set[str] = field(default_factory=set)  # organisations that comment or publish: outlets
    by_subject: dict[str, list[Statement]] = field(default_factory=lambda: defaultdict(list))
    joined_year: dict[str, int] = field(default_factory=dict)  # when a person joined or founded OpenAI
    ceiling: int = 2024  # the latest year the articles report
    _seeds: dict[str, list[Seed]] = field(default_factory=dict)
    _numbers: dict[str, tuple[int | None, list[Statement]]] = field(default_factory=dict)
    _cache: dict[str, object] = field(default_factory=dict)

    def cached(self, name: str, build: Callable[[], T]) -> T:
        """`build()` once per knowledge base (pools and indexes questions share); a name is
        always built by the same function, so it always holds the same type."""
        if name not in self._cache:
            self._cache[name] = build()
        return cast(T, self._cache[name])

    @classmethod
    def build(cls, statements: Statements | Iterable[Statement]) -> Knowledge:
        items = list(statements.all if isinstance(statements, Statements) else statements)
        kb = cls(items)
        for st in items:
            kb.by_key[st.key] = st
            kb.by_subject[st.subject.id].append(st)
            for claim in st.claims:
                for ref in (claim.subject, claim.object, claim.destination):
                    if ref is not None:
                        (kb.people if ref.kind == "person" else kb.orgs)[ref.id] = ref
            if st.role is not None:
                kb.role_labels.setdefault(
                    st.role.id, (st.role.label_en, st.role.label_zh, st.role.seniority, st.role.kind)
                )
            kb._index_any(st)
            if not st.disputed and st.rank not in ("low", "deprecated"):
                kb.usable.append(st)
        kb.voices = {
            st.subject.id
            for st in kb.usable
            if st.subject.kind != "person"
            and st.predicate in ("statement", "authored")
            and not any(s.predicate in ("invested", "released", "founded") for s in kb.by_subject[st.subject.id])
        }
        for st in kb.usable:
            kb._index_usable(st)
        kb.ceiling = max((s.start_date.year for s in kb.usable if s.start_date), default=2024)
        kb._rate()
        return kb

    # -- indexing --------------------------------------------------------------------------------

    def _index_any(self, st: Statement) -> None:
        subject, obj = st.subject, st.object
        at_openai = obj is not None and obj.id == OPENAI
        if st.predicate in ROLE_PREDICATES and at_openai and st.role is not None:
            self.any_roles[subject.id].append(st)
        if st.predicate in LEAVING | {"leave_of_absence"} and at_openai:
            self.any_leaving[subject.id].append(st)
        if st.predicate == "founded" and obj is not None and subject.kind == "person":
            self.any_founded[subject.id].add(obj.id)
        if st.predicate == "studied_under" and obj is not None:
            self.teachers[subject.id].add(obj.id)

    def _index_usable(self, st: Statement) -> None:
        subject, obj = st.subject, st.object
        at_openai = obj is not None and obj.id == OPENAI
        if at_openai and subject.kind == "person" and st.predicate in ROLE_PREDICATES | LEAVING | {"founded", "joined"}:
            self.openai_people.add(subject.id)
            if st.predicate in ("founded", "joined") and st.start_date:
                year = max(OPENAI_FIRST_YEAR, st.start_date.year)
                self.joined_year[subject.id] = max(self.joined_year.get(subject.id, year), year)
        if st.predicate in ROLE_PREDICATES and at_openai and st.role is not None:
            self.roles[st.role.id].append(st)
        if st.predicate == "departed" and at_openai and st.start_date and not self.came_back(st):
            self.left[subject.id].append(st)
        if st.predicate == "founded" and obj is not None and subject.kind == "person":
            self.founded.setdefault((subject.id, obj.id), st)
        if st.predicate == "studied_under" and obj is not None:
            self.teacher_facts.setdefault((subject.id, obj.id), st)
            self.researchers.add(obj.id)
        if st.predicate == "authored" and st.start_date and st.start_date.year < 2020:
            # every co-author of an early paper (a curated statement groups them under one subject)
            self.researchers.update(c.subject.id for c in st.claims if c.subject.kind == "person")
        if st.predicate == "statement" and subject.kind == "person":
            self.sayings.append(st)
        if st.start_date is not None:
            year = st.start_date.year
            if st.predicate in ("departed", "joined") and st.destination is not None:
                self.industry[st.destination.id].add(year)
            if st.predicate == "joined" and obj is not None and obj.kind != "person":
                self.industry[obj.id].add(year)
            if st.predicate == "founded" and obj is not None and obj.kind != "person" and obj.id != OPENAI:
                self.industry[obj.id].add(year)
            if subject.kind != "person" and at_openai and year >= 2017 and subject.id not in self.voices:
                # rivals and partners of OpenAI in the news (not the outlets that reported on it)
                self.industry[subject.id].add(year)
            if st.predicate == "released" and subject.kind != "person":
                self.industry[subject.id].add(year)
            if _event_phrase(self, st) is not None and not (st.predicate in LEAVING and self.came_back(st)):
                self.events.append(st)

    def came_back(self, leaving: Statement) -> bool:
        """A departure the person undid within days (or that later statements show never took)."""
        when = _first(leaving.start_date)
        if when is None:
            return False
        for st in self.by_subject.get(leaving.subject.id, ()):
            if st.object is None or st.object.id != OPENAI:
                continue
            start = _first(st.start_date)
            if start is None or start <= when:
                continue
            if st.predicate == "returned" and (start - when).days <= CAME_BACK_DAYS:
                return True
            if st.predicate == "leave_of_absence" and not any(
                m.predicate in LEAVING and m.start_date is not None and when < _first(m.start_date) < start
                for m in self.any_leaving.get(st.subject.id, ())
            ):
                return True  # on leave later, so still there: the departure did not stand
        return False

    def _rate(self) -> None:
        """Notability from statements, sources and role seniority; commentators set apart."""
        counts: dict[str, float] = defaultdict(float)
        sources: dict[str, set[str]] = defaultdict(set)
        seniority: dict[str, int] = defaultdict(int)
        predicates: dict[str, set[str]] = defaultdict(set)
        outside_only: dict[str, bool] = {}
        for st in self.usable:
            subject = st.subject.id
            counts[subject] += 1
            sources[subject].update(st.source_ids)
            predicates[subject].add(st.predicate)
            for ref in (st.object, st.destination):
                if ref is not None:
                    counts[ref.id] += 0.5
                    sources[ref.id].update(st.source_ids)
            if st.role is not None and st.predicate in ROLE_PREDICATES | {"worked_at"}:
                if st.role.kind == "outside" and st.role.seniority <= 1:
                    outside_only.setdefault(subject, True)
                else:
                    outside_only[subject] = False
                    seniority[subject] = max(seniority[subject], st.role.seniority)
        founders = {p for (p, o) in self.founded if o == OPENAI}
        for entity in set(self.people) | set(self.orgs):
            self.score[entity] = (
                counts[entity] + 2 * len(sources[entity]) + seniority[entity] + (4 if entity in founders else 0)
            )
        for person in self.people:
            mine = predicates[person]
            statement_only = bool(mine) and mine <= {"statement", "worked_at"}
            if person not in self.openai_people and (outside_only.get(person) or statement_only):
                self.commentators.add(person)
        self.notable = {e for e, s in self.score.items() if s >= NOTABILITY_BAR} - self.commentators

    def prepare(self) -> Knowledge:
        """Compute every kind's seeds now, where the knowledge is built, not on a member's first question."""
        for kind in KINDS:
            self.seeds(kind)
        return self

    def seeds(self, kind: str) -> list[Seed]:
        if kind not in self._seeds:
            self._seeds[kind] = KINDS[kind][0](self)
        return self._seeds[kind]

    def ref(self, entity_id: str) -> EntityRef:
        return self.people.get(entity_id) or self.orgs[entity_id]

    # -- truths ----------------------------------------------------------------------------------

    def role_statements(self, person: str, role_id: str) -> list[Statement]:
        """Every statement (usable or not) that could mean `person` held `role_id` at OpenAI. A
        title the vocabulary does not list counts when it contains the role's label."""
        forms = self.cached("role-forms", lambda: {r: fold_title(v[0]) for r, v in self.role_labels.items()})
        form = forms.get(role_id)
        out = []
        for st in self.any_roles.get(person, ()):
            rid = st.role.id if st.role else ""
            if rid == role_id or (rid.startswith("title:") and form and form in rid):
                out.append(st)
        return out

    def surely_held(self, st: Statement) -> tuple[date, date] | None:
        """The days a role statement surely covers: from the last day it could have started to the
        first day it could have ended. An interim role's implied end is not trusted."""
        start = _last(st.start_date)
        if start is None:
            return None
        end_date = st.main.end_date
        if end_date is None and st.derived_end is not None and not _known(st.role).id.startswith("interim"):
            end_date = st.derived_end
        if end_date is None:
            return (start, start) if _known(st.start_date).precision == 3 else None
        end = _first(end_date) - timedelta(days=1)  # on the day it ended, it is a matter of hours
        return (start, end) if end >= start else None

    @staticmethod
    def possibly_held(st: Statement) -> tuple[date, date]:
        """The days a role statement could cover (unknown start or end: open)."""
        start = _first(st.start_date) or date(1900, 1, 1)
        end = _last(st.end_date) or date(2100, 1, 1)
        return start, end

    def held_on(self, person: str, role_id: str, lo: date, hi: date) -> bool | None:
        """True when surely holding the role all of [lo, hi], False when surely not at any time in
        it, None when the articles leave it open."""
        found = self.role_statements(person, role_id)
        for st in found:
            sure = self.surely_held(st) if not st.disputed and st.rank not in ("low", "deprecated") else None
            if sure and sure[0] <= lo and hi <= sure[1]:
                return True
        for st in found:
            a, b = self.possibly_held(st)
            if not (b < lo or hi < a):
                return None
        return False

    def became_in(self, person: str, role_id: str, lo: date, hi: date) -> bool | None:
        found = self.role_statements(person, role_id)
        for st in found:
            if st.disputed or st.rank in ("low", "deprecated") or st.start_date is None:
                continue
            if st.start_date.precision >= 2 and lo <= _first(st.start_date) and _last(st.start_date) <= hi:
                return True
        for st in found:
            if st.start_date is None or not (_last(st.start_date) < lo or hi < _first(st.start_date)):
                return None
        return False

    def left_years(self, person: str) -> set[int]:
        return {_known(st.start_date).year for st in self.left.get(person, ())}

    def maybe_left_years(self, person: str) -> set[int]:
        """Years any account (disputed, reported or undone) has the person leave OpenAI."""
        return {d.year for st in self.any_leaving.get(person, ()) for d in st.dates()}

    def founders_of(self, org: str) -> set[str]:
        return {p for p, orgs in self.any_founded.items() if org in orgs}

    def destinations(self, person: str) -> set[str]:
        return {
            s.destination.id for st in self.any_leaving.get(person, ()) for s in st.sides if s.destination is not None
        }


# ---- building a question -------------------------------------------------------------------------


class Draft:
    def __init__(
        self,
        seed: Seed,
        difficulty: int,
        prompt: tuple[str, str],
        answer: Option,
        statements: Sequence[Statement],
        params: tuple[str, ...] = (),
    ) -> None:
        self.seed, self.difficulty = seed, difficulty
        self.prompt_en, self.prompt_zh = prompt
        self.answer, self.statements, self.params = answer, statements, params


def _dated(st: Statement, text: str) -> str:
    return f"({st.start}) {text}" if st.start else text


def _finish(
    kb: Knowledge,
    draft: Draft,
    distractors: list[Option],
    rng: random.Random,
    *,
    order: Callable[[Option], SupportsRichComparison] | None = None,
    explanation: tuple[str, str] | None = None,
    size: int = 4,
) -> Question | None:
    """Shuffle (or sort by `order`), check exactly one true option, and build the Question."""
    if len(distractors) != size - 1:
        return None
    options = [draft.answer, *distractors]
    rng.shuffle(options)
    if order is not None:
        options.sort(key=order)
    if len({o.value for o in options}) != size or len({o.text_en for o in options}) != size:
        return None
    if len({o.text_zh for o in options}) != size:
        return None
    sts = list(dict.fromkeys(draft.statements))
    claims = [c for st in sts for c in st.claims]
    question = Question(
        qid=draft.seed.qid,
        kind=draft.seed.kind,
        difficulty=max(EASY, min(HARD, draft.difficulty)),
        prompt_en=draft.prompt_en,
        prompt_zh=_tidy_zh(draft.prompt_zh),
        options=tuple(options),
        answer_index=options.index(draft.answer),
        explanation_en=explanation[0] if explanation else " ".join(_dated(s, s.text_en) for s in sts),
        explanation_zh=explanation[1] if explanation else "".join(_dated(s, s.text_zh) for s in sts),
        sources=tuple(dict.fromkeys(src for s in sts for src in s.source_ids)),
        fact_keys=tuple(c.key for c in claims),
        fact_versions=tuple(c.version for c in claims),
        params=draft.params,
    )
    if not verify(question, kb):
        log.debug("discarded %s: not exactly one true option", question.qid)
        return None
    return question


def _sample_where(rng: random.Random, pool: Sequence[str], count: int, keep: Callable[[str], bool]) -> list[str]:
    """`count` distinct members of a sorted pool for which `keep` holds, tried in random order
    without testing the whole pool (at 100x the data a pool holds thousands of people)."""
    chosen: list[str] = []
    for index in (
        rng.sample(range(len(pool)), len(pool))
        if len(pool) <= 64
        else (rng.randrange(len(pool)) for _ in range(count * 40))
    ):
        candidate = pool[index]
        if candidate not in chosen and keep(candidate):
            chosen.append(candidate)
            if len(chosen) == count:
                return chosen
    return []


def _sample(
    rng: random.Random, candidates: Iterable[str], count: int, exclude: AbstractSet[str] = frozenset()
) -> list[str]:
    pool = sorted(set(candidates) - set(exclude))
    return rng.sample(pool, count) if len(pool) >= count else []


def _phrase(rng: random.Random, variants: Sequence[tuple[str, str]], **values: str) -> tuple[str, str]:
    """One of several phrasings; `values` fill {placeholders}; keys ending in _zh fill the Chinese."""
    en, zh = rng.choice(list(variants))
    return en.format(**values), zh.format(**values)


def _harder(kb: Knowledge, base: int, *entities: str) -> int:
    """The kind's base difficulty, one harder when the subject is less widely known."""
    scores = [kb.score.get(e, 0) for e in entities]
    return base + (1 if scores and min(scores) < FAMOUS else 0)


def _people_pool(kb: Knowledge) -> list[str]:
    """Notable people the articles place at OpenAI: the pool person distractors come from."""
    return kb.cached("people-pool", lambda: sorted((kb.openai_people & kb.notable) - kb.commentators))


# ---- kinds -----------------------------------------------------------------------------------------
# Each kind: seeds(kb) lists what it can ask about; build(kb, seed, rng) makes the question;
# truth(kb, question, option) says whether an option is right (None: undecidable).

ROLE_HELD = [
    ("Who was OpenAI's {role} in {when}?", "{when_zh}，OpenAI 的{role_zh}是誰？"),
    ("In {when}, who held the post of {role} at OpenAI?", "{when_zh}擔任 OpenAI {role_zh}的是哪一位？"),
    ("Which of these people was OpenAI's {role} in {when}?", "下列哪一位在{when_zh}是 OpenAI 的{role_zh}？"),
]
ROLE_HELD_DAY = [
    ("Who was OpenAI's {role} on {when}?", "{when_zh}，OpenAI 的{role_zh}是誰？"),
    ("On {when}, who held the post of {role} at OpenAI?", "{when_zh}擔任 OpenAI {role_zh}的是哪一位？"),
    ("Which of these people was OpenAI's {role} on {when}?", "下列哪一位在{when_zh}是 OpenAI 的{role_zh}？"),
]


def _role_seeds(kb: Knowledge) -> list[Seed]:
    # Only one-person roles and the most senior shared ones (co-chairs): the articles name every
    # holder of those, whereas a "member of technical staff" question would have unnamed right answers.
    out = []
    for role_id, sts in sorted(kb.roles.items()):
        for st in sts:
            role = _known(st.role)
            if not (role.single or role.seniority >= 7) or not role.known:
                continue
            if st.subject.id in kb.notable and kb.surely_held(st) and role_id in kb.role_labels:
                out.append(Seed("role_holder", st.key))
    return out


_KEEP_CASE = {"AI", "Sora", "OpenAI", "Superalignment", "ChatGPT", "GPT"}


def role_phrase(label: str) -> str:
    """A title as it reads inside a sentence: 'OpenAI's chief technology officer'."""
    if ", " in label:  # "Co-lead, Superalignment team" → "co-lead of the Superalignment team"
        title, unit = label.split(", ", 1)
        label = f"{title} of the {unit}" if unit.casefold().endswith("team") else f"{title} of {unit}"

    def word(w: str) -> str:
        return w if w in _KEEP_CASE or w.isupper() else w.lower()

    return " ".join("-".join(word(part) for part in w.split("-")) for w in label.split(" "))


def _role_period(kb: Knowledge, st: Statement, rng: random.Random) -> tuple[date, date, str] | None:
    lo, hi = _known(kb.surely_held(st))
    months = []
    first = lo.replace(day=1) if lo.day == 1 else (_month_end(lo) + timedelta(days=1))
    while first <= hi and _month_end(first) <= hi:
        months.append(first)
        first = _month_end(first) + timedelta(days=1)
    if months:
        month = rng.choice(months)
        return month, _month_end(month), "month"
    if _known(st.start_date).precision < 3:
        return None
    day = lo + timedelta(days=rng.randrange((hi - lo).days + 1))
    return day, day, "day"


def _role_holder(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    role_id = _known(st.role).id
    period = _role_period(kb, st, rng)
    if period is None:
        return None
    lo, hi, precision = period
    label_en, label_zh, seniority, _kind = kb.role_labels[role_id]
    label_en = role_phrase(label_en)
    distractors = _sample_where(
        rng, _people_pool(kb), 3, lambda p: p != st.subject.id and kb.held_on(p, role_id, lo, hi) is False
    )
    prompt = _phrase(
        rng,
        ROLE_HELD if precision == "month" else ROLE_HELD_DAY,
        role=label_en,
        role_zh=label_zh,
        when=_en_date(lo, precision),
        when_zh=_zh_date(lo, precision),
    )
    draft = Draft(
        Seed(seed.kind, f"{seed.key}:{lo.isoformat()}"),
        _harder(kb, EASY if seniority >= 8 else MEDIUM, st.subject.id),
        prompt,
        _opt(st.subject),
        [st],
        (role_id, lo.isoformat(), hi.isoformat()),
    )
    return _finish(kb, draft, [_opt(kb.people[p]) for p in distractors], rng)


def _role_holder_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    role_id, lo, hi = q.params
    return kb.held_on(option.value, role_id, _day(lo), _day(hi))


def _successor_seeds(kb: Knowledge) -> list[Seed]:
    out = []
    for _role_id, sts in sorted(kb.roles.items()):
        for st in sts:
            nxt = _successor(kb, st)
            if nxt is not None and {st.subject.id, nxt.subject.id} <= kb.notable:
                out.append(Seed("successor", st.key))
    return out


def _family(role_id: str) -> tuple[str, ...]:
    """A role and its interim form: an interim CEO takes over from a CEO."""
    base = role_id.removeprefix("interim-")
    return (base, f"interim-{base}")


def _successor(kb: Knowledge, st: Statement) -> Statement | None:
    """The next holder of a one-person role (or its interim form), when the articles make it
    certain: the term has a known end, the next holder starts after it, and no account puts anyone
    else in between."""
    if st.role is None or not st.role.single or st.end_date is None:
        return None
    ended = _first(st.end_date)
    family = _family(st.role.id)
    later = [
        o
        for rid in family
        for o in kb.roles.get(rid, ())
        if o.subject.id != st.subject.id and o.start_date is not None and _first(o.start_date) >= ended
    ]
    if not later:
        return None
    nxt = min(later, key=lambda o: _first(_known(o.start_date)))
    began = _last(_known(nxt.start_date))
    if any(_first(_known(o.start_date)) <= began for o in later if o is not nxt):
        return None  # two later holders too close to order
    for person in kb.any_roles:
        if person in (st.subject.id, nxt.subject.id):
            continue
        for rid in family:
            for o in kb.role_statements(person, rid):
                a, b = kb.possibly_held(o)
                if not (b < ended or began < a):
                    return None
    return nxt


SUCCESSOR = [
    ("Who succeeded {person} as OpenAI's {role}?", "誰接替{person_zh}出任 OpenAI 的{role_zh}？"),
    ("Who took over from {person} as OpenAI's {role}?", "{person_zh}之後，接任 OpenAI {role_zh}的是誰？"),
    ("After {person}, who became OpenAI's {role}?", "繼{person_zh}之後成為 OpenAI {role_zh}的是哪一位？"),
]
PREDECESSOR = [
    ("Whom did {person} take over from as OpenAI's {role}?", "{person_zh}接替誰出任 OpenAI 的{role_zh}？"),
    ("{person} became OpenAI's {role} in place of whom?", "{person_zh}是接替哪一位成為 OpenAI {role_zh}的？"),
    ("Who led before {person} became OpenAI's {role}?", "{person_zh}出任 OpenAI {role_zh}之前，是誰在任？"),
]


def _successor_question(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    nxt = _successor(kb, st)
    if nxt is None:
        return None
    family = _family(_known(st.role).id)
    label_en, label_zh, _s, _k = kb.role_labels[_known(nxt.role).id]
    label_en = role_phrase(label_en)
    others = [p for p in _people_pool(kb) if p not in (st.subject.id, nxt.subject.id)]
    others = [p for p in others if not any(kb.role_statements(p, rid) for rid in family)]
    backwards = rng.random() < 0.5
    named, answer = (nxt.subject, st.subject) if backwards else (st.subject, nxt.subject)
    prompt = _phrase(
        rng,
        PREDECESSOR if backwards else SUCCESSOR,
        person=named.name_en,
        person_zh=_zh(named),
        role=label_en,
        role_zh=label_zh,
    )
    draft = Draft(
        Seed(seed.kind, f"{seed.key}:{'before' if backwards else 'after'}"),
        _harder(kb, MEDIUM, answer.id),
        prompt,
        _opt(answer),
        [st, nxt],
        ("|".join(family), st.key, "before" if backwards else "after"),
    )
    return _finish(kb, draft, [_opt(kb.people[p]) for p in _sample(rng, others, 3)], rng)


def _successor_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    family, key, direction = q.params
    st = kb.by_key[key]
    nxt = _successor(kb, st)
    if nxt is None:
        return None
    answer = nxt.subject.id if direction == "after" else st.subject.id
    if option.value == answer:
        return True
    return None if any(kb.role_statements(option.value, rid) for rid in family.split("|")) else False


ROLE_OF = [
    ("Which role did {person} hold at OpenAI?", "{person_zh}曾在 OpenAI 擔任哪個職位？"),
    ("What was {person}'s job at OpenAI?", "{person_zh}在 OpenAI 的職位是什麼？"),
    ("At OpenAI, {person} was…", "在 OpenAI，{person_zh}曾是……"),
]


def _role_of_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("role_of", st.key)
        for sts in kb.roles.values()
        for st in sts
        if st.subject.id in kb.notable and _known(st.role).known and _known(st.role).seniority >= 5
    ]


def _role_of(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    person = st.subject.id
    held = {s.role.id for s in kb.any_roles.get(person, ()) if s.role}
    candidates = [
        r
        for r, (_en, _zh2, seniority, kind) in kb.role_labels.items()
        if r not in held
        and kind != "outside"
        and seniority >= 4
        and not r.startswith("title:")
        and not any(kb.role_statements(person, r))
    ]
    chosen = _sample(rng, candidates, 3)

    def role_option(r: str) -> Option:
        en, zh, _s, _k = kb.role_labels[r]
        return Option(r, en, zh)

    prompt = _phrase(rng, ROLE_OF, person=st.subject.name_en, person_zh=_zh(st.subject))
    draft = Draft(seed, _harder(kb, MEDIUM, person), prompt, role_option(_known(st.role).id), [st], (person,))
    return _finish(kb, draft, [role_option(r) for r in chosen], rng)


def _role_of_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    sts = kb.role_statements(q.params[0], option.value)
    if not sts:
        return False
    return True if any(not s.disputed and s.rank not in ("low",) for s in sts) else None


WENT_WHERE = [
    ("Where did {person} go after leaving OpenAI?", "{person_zh}離開 OpenAI 後去了哪裡？"),
    ("After leaving OpenAI in {year}, {person} joined…", "{person_zh}在 {year} 年離開 OpenAI 後加入了……"),
    ("Which organisation did {person} move to from OpenAI?", "{person_zh}從 OpenAI 轉投了哪個機構？"),
]


def _went_where_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("went_where", st.key)
        for sts in kb.left.values()
        for st in sts
        if st.destination is not None
        and st.subject.id in kb.notable
        and len(_industry_near(kb, _known(st.start_date).year, kb.destinations(st.subject.id) | {OPENAI})) >= 3
    ]


def _industry_near(kb: Knowledge, year: int, exclude: set[str]) -> list[str]:
    """Organisations in the industry news around `year` (destinations of the right time)."""
    return [o for o, years in kb.industry.items() if o not in exclude and any(abs(y - year) <= 2 for y in years)]


def _went_where(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    person = st.subject
    year = _known(st.start_date).year
    true = kb.destinations(person.id) | {OPENAI}
    chosen = _sample(rng, _industry_near(kb, year, true), 3)
    prompt = _phrase(rng, WENT_WHERE, person=person.name_en, person_zh=_zh(person), year=str(year), year_zh=str(year))
    draft = Draft(seed, _harder(kb, EASY, person.id), prompt, _opt(_known(st.destination)), [st], (person.id,))
    return _finish(kb, draft, [_opt(kb.orgs[o]) for o in chosen], rng)


def _went_where_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    return option.value in kb.destinations(q.params[0])


WHO_WENT = [
    ("Who left OpenAI and went to {org}?", "哪一位離開 OpenAI 後去了{org_zh}？"),
    ("Which of these people moved from OpenAI to {org}?", "下列哪一位從 OpenAI 轉投{org_zh}？"),
    ("{org} hired which former OpenAI member?", "{org_zh}延攬了哪一位前 OpenAI 成員？"),
]


def _who_went_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("who_went", st.key)
        for sts in kb.left.values()
        for st in sts
        if st.destination is not None and st.subject.id in kb.notable
    ]


def _who_went(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    if st.subject.id not in kb.notable:
        return None
    dest = _known(st.destination)
    others = _sample_where(
        rng, _people_pool(kb), 3, lambda p: p in kb.any_leaving and dest.id not in kb.destinations(p)
    )
    prompt = _phrase(rng, WHO_WENT, org=dest.name_en, org_zh=_zh(dest))
    draft = Draft(seed, _harder(kb, EASY, st.subject.id), prompt, _opt(st.subject), [st], (dest.id,))
    return _finish(kb, draft, [_opt(kb.people[p]) for p in others], rng)


def _who_went_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    return q.params[0] in kb.destinations(option.value)


LEFT_WHEN = [
    ("In which year did {person} leave OpenAI?", "{person_zh}是在哪一年離開 OpenAI 的？"),
    ("{person} left OpenAI in…", "{person_zh}離開 OpenAI 是在……"),
    ("When did {person} leave OpenAI?", "{person_zh}何時離開 OpenAI？"),
]


def _left_when_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("left_when", p)
        for p, sts in kb.left.items()
        if p in kb.notable and len(kb.maybe_left_years(p)) == 1 and len(kb.left_years(p)) == 1
    ]


def _year_span(kb: Knowledge, person: str) -> tuple[int, int]:
    """Years the person could plausibly have left OpenAI: not before OpenAI existed or they joined."""
    return kb.joined_year.get(person, OPENAI_FIRST_YEAR), kb.ceiling


def _left_when(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    person = kb.people[seed.key]
    st = kb.left[seed.key][0]
    year = _known(st.start_date).year
    lo, hi = _year_span(kb, seed.key)
    near = sorted(
        (y for y in range(lo, hi + 1) if y != year and y not in kb.maybe_left_years(seed.key)),
        key=lambda y: (abs(y - year), y),
    )[:5]
    chosen = _sample(rng, [str(y) for y in near], 3)
    prompt = _phrase(rng, LEFT_WHEN, person=person.name_en, person_zh=_zh(person))
    draft = Draft(seed, _harder(kb, MEDIUM, seed.key), prompt, Option(str(year), str(year), f"{year} 年"), [st])
    return _finish(kb, draft, [Option(y, y, f"{y} 年") for y in chosen], rng, order=lambda o: o.value)


def _left_when_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    person = q.qid.split(":", 1)[1]
    year = int(option.value)
    if year in kb.left_years(person):
        return True
    return False if year not in kb.maybe_left_years(person) else None


NOT_LEFT = [
    ("Which of these people did NOT leave OpenAI in {year}?", "下列哪一位「沒有」在 {year} 年離開 OpenAI？"),
    ("Three of these left OpenAI in {year}. Which one did not?", "其中三位在 {year} 年離開了 OpenAI，哪一位沒有？"),
    ("Who is the odd one out: who did NOT leave OpenAI in {year}?", "找出例外：誰「沒有」在 {year} 年離開 OpenAI？"),
]


def _not_left_seeds(kb: Knowledge) -> list[Seed]:
    by_year: dict[int, set[str]] = defaultdict(set)
    for person, sts in kb.left.items():
        if person in kb.notable:
            for st in sts:
                by_year[_known(st.start_date).year].add(person)
    return [Seed("not_left", str(y)) for y, people in sorted(by_year.items()) if len(people) >= 3]


def _not_left(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    year = int(seed.key)
    leavers = sorted(p for p in kb.left if p in kb.notable and year in kb.left_years(p))
    chosen = _sample(rng, leavers, 3)
    key = _sample_where(
        rng, _people_pool(kb), 1, lambda p: year not in kb.maybe_left_years(p) and _year_span(kb, p)[0] <= year
    )
    if not chosen or not key:
        return None
    sts = [next(st for st in kb.left[p] if _known(st.start_date).year == year) for p in chosen]
    prompt = _phrase(rng, NOT_LEFT, year=str(year), year_zh=str(year))
    draft = Draft(Seed(seed.kind, f"{year}:{key[0]}"), MEDIUM, prompt, _opt(kb.people[key[0]]), sts, (str(year),))
    return _finish(kb, draft, [_opt(kb.people[p]) for p in chosen], rng)


def _not_left_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    year = int(q.params[0])
    if year in kb.left_years(option.value):
        return False
    return True if year not in kb.maybe_left_years(option.value) else None


COFOUNDER = [
    ("Which of these people co-founded OpenAI?", "下列哪一位是 OpenAI 的聯合創始人？"),
    ("Who among these was one of OpenAI's founders in 2015?", "以下哪一位是 2015 年 OpenAI 的創始成員之一？"),
    ("One of these people helped found OpenAI. Who?", "其中一位參與創立了 OpenAI，是哪一位？"),
]
NOT_COFOUNDER = [
    ("Which of these people was NOT one of OpenAI's co-founders?", "下列哪一位「不是」OpenAI 的聯合創始人？"),
    ("Three of these co-founded OpenAI. Which one did not?", "其中三位是 OpenAI 的聯合創始人，哪一位不是？"),
    ("Who is the odd one out: who did NOT help found OpenAI?", "找出例外：誰「沒有」參與創立 OpenAI？"),
]


def _openai_founders(kb: Knowledge) -> set[str]:
    return {p for (p, o) in kb.founded if o == OPENAI}


def _cofounder_seeds(kb: Knowledge) -> list[Seed]:
    return [Seed("cofounder", p) for p in sorted(_openai_founders(kb) & kb.notable)]


def _non_founders(kb: Knowledge) -> list[str]:
    return kb.cached("non-founders", lambda: [p for p in _people_pool(kb) if OPENAI not in kb.any_founded.get(p, ())])


def _cofounder(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    prompt = _phrase(rng, COFOUNDER)
    draft = Draft(
        seed, _harder(kb, EASY, seed.key), prompt, _opt(kb.people[seed.key]), [kb.founded[(seed.key, OPENAI)]]
    )
    return _finish(kb, draft, [_opt(kb.people[p]) for p in _sample(rng, _non_founders(kb), 3)], rng)


def _not_cofounder_seeds(kb: Knowledge) -> list[Seed]:
    return [Seed("not_cofounder", p) for p in sorted(_non_founders(kb))]


def _not_cofounder(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    chosen = _sample(rng, _openai_founders(kb) & kb.notable, 3)
    prompt = _phrase(rng, NOT_COFOUNDER)
    sts = [kb.founded[(p, OPENAI)] for p in chosen]
    draft = Draft(seed, MEDIUM, prompt, _opt(kb.people[seed.key]), sts)
    return _finish(kb, draft, [_opt(kb.people[p]) for p in chosen], rng)


def _founder_truth(kb: Knowledge, option: Option) -> bool | None:
    if (option.value, OPENAI) in kb.founded:
        return True
    return False if OPENAI not in kb.any_founded.get(option.value, ()) else None


FOUNDED_ORG = [
    ("Which organisation did {person} found or co-found?", "{person_zh}創辦或共同創辦了哪個機構？"),
    ("{person} is a founder of…", "{person_zh}是哪個機構的創辦人之一？"),
    ("Which of these did {person} help start?", "下列哪個機構是{person_zh}參與創立的？"),
]
WHO_FOUNDED = [
    ("Who founded {org}?", "{org_zh}是誰創辦的？"),
    ("Which of these people co-founded {org}?", "下列哪一位是{org_zh}的創辦人之一？"),
    ("{org} was started by…", "創立{org_zh}的是……"),
]


def _founded_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("founded_org", st.key)
        for (p, o), st in sorted(kb.founded.items())
        if o != OPENAI
        and p in kb.notable
        and o in kb.orgs
        and len(_industry_near(kb, st.start_date.year if st.start_date else 2020, {o, OPENAI})) >= 4
    ]


def _founded_org(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    person = st.subject
    year = st.start_date.year if st.start_date else 2020
    exclude = kb.any_founded.get(person.id, set()) | {OPENAI}
    chosen = _sample(rng, _industry_near(kb, year, exclude), 3)
    prompt = _phrase(rng, FOUNDED_ORG, person=person.name_en, person_zh=_zh(person))
    draft = Draft(seed, _harder(kb, MEDIUM, person.id), prompt, _opt(_known(st.object)), [st], (person.id,))
    return _finish(kb, draft, [_opt(kb.orgs[o]) for o in chosen], rng)


def _founded_org_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    if (q.params[0], option.value) in kb.founded:
        return True
    return False if option.value not in kb.any_founded.get(q.params[0], ()) else None


def _who_founded(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    org = _known(st.object)
    founders = kb.founders_of(org.id)
    pool = (kb.notable & set(kb.people)) - founders - kb.commentators
    pool = {p for p in pool if p in kb.openai_people or p in kb.researchers}
    prompt = _phrase(rng, WHO_FOUNDED, org=org.name_en, org_zh=_zh(org))
    draft = Draft(
        Seed("who_founded", seed.key), _harder(kb, MEDIUM, st.subject.id), prompt, _opt(st.subject), [st], (org.id,)
    )
    return _finish(kb, draft, [_opt(kb.people[p]) for p in _sample(rng, pool, 3)], rng)


def _who_founded_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("who_founded", st.key)
        for (p, o), st in sorted(kb.founded.items())
        if o != OPENAI and p in kb.notable and o in kb.orgs
    ]


def _who_founded_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    org = q.params[0]
    if (option.value, org) in kb.founded:
        return True
    return False if option.value not in kb.founders_of(org) else None


TEACHER = [
    ("Under whom did {person} study?", "{person_zh}曾師從哪一位？"),
    ("Which researcher was {person}'s academic mentor?", "哪一位研究者是{person_zh}的學術導師？"),
    ("{person} trained as a researcher under…", "{person_zh}在誰的指導下走上研究之路？"),
]
STUDENT = [
    ("Which of these people studied under {teacher}?", "下列哪一位曾師從{teacher_zh}？"),
    ("{teacher} supervised which future OpenAI leader?", "{teacher_zh}指導過下列哪一位日後的 OpenAI 要角？"),
    ("Who was a student of {teacher}?", "誰是{teacher_zh}的學生？"),
]


def _teacher_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("teacher", st.key)
        for (p, t), st in sorted(kb.teacher_facts.items())
        if p in kb.people and t in kb.people and (p in kb.notable or t in kb.notable)
    ]


def _researcher_pool(kb: Knowledge, exclude: set[str]) -> list[str]:
    """Researchers (paper authors, supervisors, OpenAI research staff), never commentators."""

    def build() -> set[str]:
        research_roles = {
            p
            for p, sts in kb.any_roles.items()
            for st in sts
            if st.role and st.role.kind in ("research", "leadership") and p in kb.notable
        }
        return ((kb.researchers | research_roles) & set(kb.people)) - kb.commentators

    return sorted(kb.cached("researchers", build) - exclude)


def _teacher(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    student, teacher = st.subject, _known(st.object)
    if rng.random() < 0.5 or student.id not in kb.notable:
        # other OpenAI researchers, never another teacher: "Hinton studied under Ng" is no riddle
        exclude = {student.id} | {s for s, ts in kb.teachers.items() if teacher.id in ts} | kb.researchers
        chosen = _sample(rng, _researcher_pool(kb, exclude), 3)
        prompt = _phrase(rng, STUDENT, teacher=teacher.name_en, teacher_zh=_zh(teacher))
        draft = Draft(Seed("teacher", f"{seed.key}:s"), HARD, prompt, _opt(student), [st], ("student", teacher.id))
    else:
        exclude = {student.id} | kb.teachers.get(student.id, set())
        # senior academics first (paper authors, supervisors), then OpenAI research leaders
        academics = sorted(kb.researchers - exclude - kb.commentators - {teacher.id})
        chosen = _sample(rng, academics, 3) or _sample(rng, _researcher_pool(kb, exclude), 3)
        prompt = _phrase(rng, TEACHER, person=student.name_en, person_zh=_zh(student))
        draft = Draft(Seed("teacher", f"{seed.key}:t"), HARD, prompt, _opt(teacher), [st], ("teacher", student.id))
    return _finish(kb, draft, [_opt(kb.people[p]) for p in chosen], rng)


def _teacher_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    mode, who = q.params
    if mode == "teacher":
        return option.value in kb.teachers.get(who, set())
    return who in kb.teachers.get(option.value, set())


# ---- numbers the articles state ------------------------------------------------------------------


@dataclass(frozen=True)
class NumberTopic:
    id: str
    pattern: re.Pattern[str]  # matched against a statement's value and English text; group 1 is the number
    prompts: tuple[tuple[str, str], ...]
    unit_en: str  # "{n}%" ...
    unit_zh: str
    predicates: frozenset[str] = frozenset()
    subject: str | None = None


_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_WORDS |= {"ten": 10, "eleven": 11, "twelve": 12}
NUMBER_TOPICS = (
    NumberTopic(
        "microsoft-stake",
        re.compile(r"(\d+)% stake in OpenAI Global"),
        (
            (
                "What stake in OpenAI Global did Microsoft's investment give it?",
                "微軟的投資讓它取得 OpenAI Global 多少股份？",
            ),
            (
                "Microsoft's investment bought it what share of OpenAI Global?",
                "微軟通過投資持有 OpenAI Global 的多少比例？",
            ),
            ("How large a stake in OpenAI Global does Microsoft hold?", "微軟在 OpenAI Global 的持股有多大？"),
        ),
        "{n}%",
        "{n}%",
    ),
    NumberTopic(
        "founders",
        re.compile(r"\bOpenAI's (\d+|[a-z]+) founders\b"),
        (
            ("How many founders did OpenAI have?", "OpenAI 共有幾位創始人？"),
            ("OpenAI was founded in 2015 by how many people?", "2015 年創立 OpenAI 的共有幾人？"),
            ("How many people are counted as OpenAI's founders?", "OpenAI 的創始成員一共幾位？"),
        ),
        "{n}",
        "{n} 位",
    ),
    NumberTopic(
        "superalignment-compute",
        re.compile(r"(\d+)% of its (?:computing power|compute)"),
        (
            (
                "What share of its compute did OpenAI pledge to superalignment?",
                "OpenAI 承諾把多少比例的算力投入超級對齊？",
            ),
            (
                "OpenAI's superalignment effort was promised what share of its compute?",
                "OpenAI 的超級對齊計畫獲承諾多少算力？",
            ),
            (
                "How much of OpenAI's computing power was set aside for superalignment?",
                "OpenAI 撥出多少算力給超級對齊研究？",
            ),
        ),
        "{n}%",
        "{n}%",
    ),
    NumberTopic(
        "microsoft-investment",
        re.compile(r"US\$(\d+) billion"),
        (
            (
                "How much had Microsoft put into OpenAI by November 2023?",
                "到 2023 年 11 月，微軟已向 OpenAI 投入多少資金？",
            ),
            ("Microsoft's total investment in OpenAI was about…", "微軟對 OpenAI 的投資總額約為……"),
            ("How many billions of US dollars had Microsoft invested in OpenAI?", "微軟向 OpenAI 投資了多少億美元？"),
        ),
        "US${n} billion",
        "{n}0 億美元",
        frozenset({"invested"}),
        "microsoft",
    ),
    NumberTopic(
        "staff-letter",
        re.compile(r"(\d+)% of OpenAI's employees"),
        (
            (
                "What share of OpenAI's staff signed the letter threatening to quit after {altman}'s ouster?",
                "{altman_zh}被撤職後，多少比例的 OpenAI 員工聯署威脅辭職？",
            ),
            (
                "After {altman} was fired, what share of OpenAI employees signed the open letter?",
                "{altman_zh}被解僱後，多少比例的 OpenAI 員工簽署了公開信？",
            ),
            (
                "The staff letter of November 2023 was signed by what share of OpenAI's employees?",
                "2023 年 11 月的員工公開信有多少比例的 OpenAI 員工簽名？",
            ),
        ),
        "{n}%",
        "{n}%",
    ),
    NumberTopic(
        "board-size",
        re.compile(r"OpenAI's (\d+|[a-z]+)-member board"),
        (
            (
                "How many members did OpenAI's board have before the November 2023 shake-up?",
                "2023 年 11 月改組前，OpenAI 董事會有幾名成員？",
            ),
            ("Before November 2023, OpenAI's board had how many seats?", "2023 年 11 月之前，OpenAI 董事會共有幾席？"),
            ("How large was the OpenAI board that removed {altman}?", "撤換{altman_zh}的 OpenAI 董事會有幾人？"),
        ),
        "{n}",
        "{n} 名",
    ),
)


def _number_of(topic: NumberTopic, st: Statement) -> int | None:
    if topic.predicates and st.predicate not in topic.predicates:
        return None
    if topic.subject and st.subject.id != topic.subject:
        return None
    for claim in st.claims:
        for text in (claim.value or "", claim.text_en):
            match = topic.pattern.search(text)
            if match:
                raw = match.group(1).casefold()
                return int(raw) if raw.isdigit() else _WORDS.get(raw)
    return None


def number_facts(kb: Knowledge, topic: NumberTopic) -> tuple[int | None, list[Statement]]:
    """The number the articles give for a topic, when every account that gives one agrees
    (a dispute about a date elsewhere in the statement does not make the number uncertain)."""
    if topic.id in kb._numbers:
        return kb._numbers[topic.id]
    values: set[int] = set()
    sts: list[Statement] = []
    for st in kb.statements:
        if st.rank in ("low", "deprecated"):
            continue
        n = _number_of(topic, st)
        if n is not None:
            values.add(n)
            sts.append(st)
    found = (values.pop(), sts) if len(values) == 1 else (None, sts)
    kb._numbers[topic.id] = found
    return found


def _number_seeds(kb: Knowledge) -> list[Seed]:
    return [Seed("number", t.id) for t in NUMBER_TOPICS if number_facts(kb, t)[0] is not None]


def _near_numbers(n: int, kind: str) -> list[int]:
    """Plausible wrong numbers: counts one or two off, shares and amounts clearly apart from the
    answer and from each other."""
    out = {max(1, round(n * f)) for f in (0.25, 0.5, 0.75, 1.5, 2, 3)}
    if kind == "percent":
        out = {x for x in out | {10, 25, 33, 51, 75, 90} if 1 <= x <= 100}
    elif kind == "count" and n <= 20:
        out |= {n - 2, n - 1, n + 1, n + 2}
    gap = 1 if kind == "count" else max(3, n // 8)
    kept: list[int] = []
    for x in sorted(out):
        if x > 0 and abs(x - n) >= gap and all(abs(x - k) >= gap for k in kept):
            kept.append(x)
    return kept


def _number_question(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    topic = next(t for t in NUMBER_TOPICS if t.id == seed.key)
    n, sts = number_facts(kb, topic)
    if n is None:
        return None
    kind = "percent" if "%" in topic.unit_en else "amount" if "$" in topic.unit_en else "count"
    chosen = _sample(rng, [str(x) for x in _near_numbers(n, kind)], 3)

    def opt(value: str) -> Option:
        return Option(value, topic.unit_en.format(n=value), topic.unit_zh.format(n=value))

    # names in a prompt are the entities' own, like everywhere else
    altman = kb.people.get("sam-altman")
    names = {"altman": altman.name_en, "altman_zh": _zh(altman)} if altman else {}
    try:
        prompt = _phrase(rng, topic.prompts, **names)
    except KeyError:
        return None
    usable = [s for s in sts if not s.disputed] or sts[:1]
    draft = Draft(seed, MEDIUM, prompt, opt(str(n)), usable[:1], (topic.id,))
    return _finish(kb, draft, [opt(x) for x in chosen], rng, order=lambda o: int(o.value))


def _number_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    topic = next(t for t in NUMBER_TOPICS if t.id == q.params[0])
    n, _sts = number_facts(kb, topic)
    return None if n is None else int(option.value) == n


# ---- who said it -----------------------------------------------------------------------------------

_QUOTES = re.compile('["“”「」『』]')
_SAID_EN = re.compile(
    r"^(?:said|says|argued|warned|called|wrote|posted|told|thanked|described|announced|predicted|"
    r"complained|praised|relayed|pointed out|stressed|asked|voiced|reported|quipped|replied|"
    r"publicly said|claimed|expressed|likened|urged)\b"
)


def _saying(kb: Knowledge, st: Statement) -> tuple[str, str] | None:
    """The statement as 'Who ...?' in both languages, from our own paraphrase: the speaker's name
    must open both texts, and nothing may be a quotation."""
    person = st.subject
    en, zh = st.text_en.strip(), st.text_zh.strip()
    if _QUOTES.search(en) or _QUOTES.search(zh) or not person.name_zh:
        return None
    if not en.startswith(person.name_en + " ") or not zh.startswith(person.name_zh):
        return None
    rest_en = en[len(person.name_en) + 1 :].rstrip(". ")
    rest_zh = zh[len(person.name_zh) :].rstrip("。 ")
    if not _SAID_EN.match(rest_en) or person.name_en.split()[-1] in rest_en or person.name_zh in rest_zh:
        return None
    if len(rest_en) > 220:
        return None
    return rest_en, rest_zh


WHO_SAID_LEAD = [("Who", "誰"), ("Which of these people", "下列哪一位"), ("Which of them", "以下哪一個人")]


def _who_said_seeds(kb: Knowledge) -> list[Seed]:
    speakers = _speakers(kb)
    return [
        Seed("who_said", st.key)
        for st in kb.sayings
        if st.subject.id in speakers and _saying(kb, st) is not None and len(speakers) >= 4
    ]


def _speakers(kb: Knowledge) -> set[str]:
    """People whose sayings the quiz may ask about: the well known, and commentators with a
    standing (named in several statements or sources), never an account reported only as a joke."""

    def build() -> set[str]:
        joking = {st.subject.id for st in kb.statements if st.rank == "low"}
        voices = {c for c in kb.commentators if kb.score.get(c, 0) >= COMMENTATOR_BAR}
        return ({st.subject.id for st in kb.sayings} & (kb.notable | voices)) - joking

    return kb.cached("speakers", build)


def _who_said(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    st = kb.by_key[seed.key]
    text = _saying(kb, st)
    if text is None:
        return None

    def unnamed(p: str) -> bool:  # nobody the saying mentions is offered as its speaker
        ref = kb.people[p]
        return p != st.subject.id and ref.name_en not in st.text_en and (ref.name_zh or "?") not in st.text_zh

    others = [p for p in sorted(_speakers(kb)) if unnamed(p)]
    lead_en, lead_zh = rng.choice(WHO_SAID_LEAD)
    prompt = (f"{lead_en} {text[0]}?", f"{lead_zh}{text[1]}？")
    draft = Draft(seed, _harder(kb, MEDIUM, st.subject.id), prompt, _opt(st.subject), [st])
    return _finish(kb, draft, [_opt(kb.people[p]) for p in _sample(rng, others, 3)], rng)


def _who_said_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    st = kb.by_key[q.qid.split(":", 1)[1]]
    return option.value == st.subject.id


# ---- which came first ----------------------------------------------------------------------------


def _plain(value: str | None) -> str | None:
    if not value:
        return None
    return re.sub(r"\s*\([^)]*\)", "", value).strip() or None


def _event_phrase(kb: Knowledge, st: Statement) -> tuple[str, str] | None:
    """An event as an option, in our words and without its date: 'Mira Murati leaves OpenAI'."""
    if st.start_date is None or st.start_date.year < OPENAI_FIRST_YEAR or st.start_date.precision < 2:
        return None
    s, o = st.subject, st.object
    sn, sz = s.name_en, _zh(s)
    if st.predicate == "departed" and o is not None and o.id == OPENAI and s.kind == "person":
        return f"{sn} leaves OpenAI", f"{sz}離開 OpenAI"
    if st.predicate == "joined" and o is not None and s.kind == "person":
        return f"{sn} joins {o.name_en}", f"{sz}加入{_zh(o)}"
    if st.predicate == "returned" and o is not None and o.id == OPENAI:
        return f"{sn} returns to OpenAI", f"{sz}重返 OpenAI"
    if st.predicate == "dismissed" and o is not None and o.id == OPENAI:
        return f"OpenAI's board removes {sn}", f"OpenAI 董事會撤換{sz}"
    if st.predicate == "leave_of_absence" and o is not None:
        return f"{sn} takes extended leave from OpenAI", f"{sz}宣布長期休假、暫離 OpenAI"
    if st.predicate == "founded" and o is not None and o.id != OPENAI and s.kind == "person":
        return f"{sn} co-founds {o.name_en}", f"{sz}共同創辦{_zh(o)}"
    if st.predicate == "released" and s.id == OPENAI and _plain(st.value):
        return f"OpenAI releases {_plain(st.value)}", f"OpenAI 發布 {_plain(st.value)}"
    if (
        st.predicate == "held_role"
        and o is not None
        and o.id == OPENAI
        and st.role
        and st.role.known
        and st.role.seniority >= 6
        and not any(  # back in a role held before is not "becomes"
            other is not st and (other.start_date is None or _last(other.start_date) < _first(st.start_date))
            for other in kb.role_statements(s.id, st.role.id)
        )
    ):
        return f"{sn} becomes OpenAI's {st.role.label_en}", f"{sz}出任 OpenAI {st.role.label_zh}"
    return None


def _event_seeds(kb: Knowledge) -> list[Seed]:
    return [
        Seed("first_event", st.key)
        for st in kb.events
        if st.subject.id in kb.notable and len(_later_events(kb, st)) >= 3
    ]


def _events_by_day(kb: Knowledge) -> tuple[list[int], list[Statement]]:
    """Events about notable subjects ordered by the first day they could mean (for bisection)."""

    def build() -> tuple[list[int], list[Statement]]:
        ordered = sorted(
            (st for st in kb.events if st.subject.id in kb.notable), key=lambda st: (_first(st.start_date), st.key)
        )
        return [_first(_known(st.start_date)).toordinal() for st in ordered], ordered

    return kb.cached("events", build)


def _later_events(kb: Knowledge, anchor: Statement) -> list[Statement]:
    """Events that surely start at least EVENT_GAP_DAYS after the anchor could have happened."""
    days, ordered = _events_by_day(kb)
    return ordered[bisect.bisect_left(days, _last(_known(anchor.start_date)).toordinal() + EVENT_GAP_DAYS) :]


def _first_event(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    anchor = kb.by_key[seed.key]
    later = _later_events(kb, anchor)
    chosen: list[Statement] = []
    picks = (
        rng.sample(range(len(later)), len(later))
        if len(later) <= 64
        else (rng.randrange(len(later)) for _ in range(120))
    )
    for st in (later[i] for i in picks):
        if len(chosen) == 3:
            break
        # well separated from each other too, and about someone else
        if all(
            abs((_first(_known(st.start_date)) - _first(_known(c.start_date))).days) >= EVENT_GAP_DAYS for c in chosen
        ) and all(st.subject.id != c.subject.id or st.subject.id == OPENAI for c in chosen):
            chosen.append(st)
    if len(chosen) < 3:
        return None

    def option(st: Statement) -> Option:
        en, zh = _known(_event_phrase(kb, st))
        return Option(st.key, en, _tidy_zh(zh))

    prompts = [
        ("Which of these happened first?", "下列哪件事最早發生？"),
        ("Put in order: which came earliest?", "依時間先後，哪一件最早？"),
        ("Which of these events came before the other three?", "下列哪件事發生在其他三件之前？"),
    ]
    sts = sorted([anchor, *chosen], key=lambda s: _known(s.start_date).sort_key())
    explanation = (
        "; ".join(f"{s.start}: {s.text_en}" for s in sts),
        "；".join(f"{s.start}：{s.text_zh}" for s in sts),
    )
    years = {_known(s.start_date).year for s in sts}
    draft = Draft(seed, HARD if len(years) <= 2 else MEDIUM, rng.choice(prompts), option(anchor), sts)
    return _finish(kb, draft, [option(s) for s in chosen], rng, explanation=explanation)


def _first_event_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    mine = _known(kb.by_key[option.value].start_date)
    others = [_known(kb.by_key[o.value].start_date) for o in q.options if o is not option]
    if all(_last(mine) < _first(d) for d in others):
        return True
    if any(_last(d) < _first(mine) for d in others):
        return False
    return None


# ---- true or false -------------------------------------------------------------------------------


def _tf_seeds(kb: Knowledge) -> list[Seed]:
    out = [Seed("true_false", f"went:{s.key}") for s in _went_where_seeds(kb)]
    out += [Seed("true_false", f"left:{s.key}") for s in _left_when_seeds(kb)]
    out += [Seed("true_false", f"founded:{s.key}") for s in _founded_seeds(kb)]
    out += [Seed("true_false", f"role:{s.key}") for s in _role_of_seeds(kb)]
    return out


def _true_false(kb: Knowledge, seed: Seed, rng: random.Random) -> Question | None:
    what, key = seed.key.split(":", 1)
    truth = rng.random() < 0.5
    if what == "left":
        person = kb.people[key]
        st = kb.left[key][0]
        year = _known(st.start_date).year
        if not truth:
            lo, hi = _year_span(kb, key)
            wrong = [y for y in range(max(lo, year - 3), min(hi, year + 3) + 1) if y not in kb.maybe_left_years(key)]
            if not wrong:
                return None
            year = rng.choice(wrong)
        text = (f"{person.name_en} left OpenAI in {year}.", f"{_zh(person)}於 {year} 年離開 OpenAI。")
        params = ("left", key, str(year))
    elif what == "went":
        st = kb.by_key[key]
        person, dest = st.subject, _known(st.destination)
        if not truth:
            near = _industry_near(kb, _known(st.start_date).year, kb.destinations(person.id) | {OPENAI})
            pick_ = _sample(rng, near, 1)
            if not pick_:
                return None
            dest = kb.orgs[pick_[0]]
        text = (f"{person.name_en} left OpenAI for {dest.name_en}.", f"{_zh(person)}離開 OpenAI 後加入了{_zh(dest)}。")
        params = ("went", person.id, dest.id)
    elif what == "founded":
        st = kb.by_key[key]
        person, org = st.subject, _known(st.object)
        if not truth:
            near = _industry_near(
                kb, st.start_date.year if st.start_date else 2020, kb.any_founded[person.id] | {OPENAI}
            )
            pick_ = _sample(rng, near, 1)
            if not pick_:
                return None
            org = kb.orgs[pick_[0]]
        text = (f"{person.name_en} co-founded {org.name_en}.", f"{_zh(person)}是{_zh(org)}的共同創辦人。")
        params = ("founded", person.id, org.id)
    else:
        st = kb.by_key[key]
        person, role_id = st.subject, _known(st.role).id
        if not truth:
            held = {s.role.id for s in kb.any_roles.get(person.id, ()) if s.role}
            roles = [
                r
                for r, (_e, _z, sen, kind) in kb.role_labels.items()
                if r not in held
                and kind != "outside"
                and sen >= 5
                and not r.startswith("title:")
                and not kb.role_statements(person.id, r)
            ]
            pick_ = _sample(rng, roles, 1)
            if not pick_:
                return None
            role_id = pick_[0]
        en, zh, _s, _k = kb.role_labels[role_id]
        if role_id == "board-member":
            text = (f"{person.name_en} sat on OpenAI's board.", f"{_zh(person)}曾是 OpenAI 董事會成員。")
        else:
            text = (f"{person.name_en} was OpenAI's {role_phrase(en)}.", f"{_zh(person)}曾任 OpenAI {zh}。")
        params = ("role", person.id, role_id)
        st = kb.by_key[key]
    st = kb.by_key[key] if what != "left" else kb.left[key][0]
    options = [Option("true", "True", "對"), Option("false", "False", "錯")]
    answer = options[0] if truth else options[1]
    prompt = (f"True or false: {text[0]}", f"是非題：{text[1]}")
    draft = Draft(
        Seed(seed.kind, f"{seed.key}:{params[-1]}"), _harder(kb, EASY, st.subject.id), prompt, answer, [st], params
    )
    return _finish(kb, draft, [o for o in options if o is not answer], rng, order=lambda o: o.value != "true", size=2)


def _tf_claim(kb: Knowledge, params: tuple[str, ...]) -> bool | None:
    what, person, value = params
    if what == "left":
        year = int(value)
        return True if year in kb.left_years(person) else (False if year not in kb.maybe_left_years(person) else None)
    if what == "went":
        return value in kb.destinations(person)
    if what == "founded":
        if (person, value) in kb.founded:
            return True
        return False if value not in kb.any_founded.get(person, ()) else None
    sts = kb.role_statements(person, value)
    if not sts:
        return False
    return True if any(not s.disputed for s in sts) else None


def _true_false_truth(kb: Knowledge, q: Question, option: Option) -> bool | None:
    claim = _tf_claim(kb, q.params)
    return None if claim is None else claim == (option.value == "true")


KINDS: dict[
    str,
    tuple[
        Callable[[Knowledge], list[Seed]],
        Callable[[Knowledge, Seed, random.Random], Question | None],
        Callable[[Knowledge, Question, Option], bool | None],
    ],
] = {
    "role_holder": (_role_seeds, _role_holder, _role_holder_truth),
    "successor": (_successor_seeds, _successor_question, _successor_truth),
    "role_of": (_role_of_seeds, _role_of, _role_of_truth),
    "went_where": (_went_where_seeds, _went_where, _went_where_truth),
    "who_went": (_who_went_seeds, _who_went, _who_went_truth),
    "left_when": (_left_when_seeds, _left_when, _left_when_truth),
    "not_left": (_not_left_seeds, _not_left, _not_left_truth),
    "cofounder": (_cofounder_seeds, _cofounder, lambda kb, q, o: _founder_truth(kb, o)),
    "not_cofounder": (
        _not_cofounder_seeds,
        _not_cofounder,
        lambda kb, q, o: None if (t := _founder_truth(kb, o)) is None else not t,
    ),
    "founded_org": (_founded_seeds, _founded_org, _founded_org_truth),
    "who_founded": (_who_founded_seeds, _who_founded, _who_founded_truth),
    "teacher": (_teacher_seeds, _teacher, _teacher_truth),
    "number": (_number_seeds, _number_question, _number_truth),
    "who_said": (_who_said_seeds, _who_said, _who_said_truth),
    "first_event": (_event_seeds, _first_event, _first_event_truth),
    "true_false": (_tf_seeds, _true_false, _true_false_truth),
}


def pool(kb: Knowledge) -> list[Seed]:
    """Everything the quiz could ask about, across kinds."""
    return [seed for kind in KINDS for seed in kb.seeds(kind)]


def generate(
    kb: Knowledge,
    rng: random.Random,
    *,
    asked: AbstractSet[str] = frozenset(),
    kinds: Sequence[str] | None = None,
    attempts: int = 60,
    accept: Callable[[Question], bool] | None = None,
) -> Question | None:  # noqa: B006 - asked is never mutated
    """One verified question not in `asked` (qids), mixing kinds; when every seed was asked, the
    pool starts over. `accept` can turn a question down (e.g. not today's difficulty)."""
    by_kind = {k: kb.seeds(k) for k in (kinds or KINDS)}
    if asked:
        # A question's qid is its seed's, or the seed's plus ":detail" (a date, a year ...).
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
        if question is not None and question.qid not in asked and (accept is None or accept(question)):
            return question
    return None


def verify(question: Question, kb: Knowledge) -> bool:
    """Re-check a question against the statements: the key surely true, every other option surely false."""
    try:
        truths = [is_true(question, option, kb) for option in question.options]
    except (KeyError, ValueError, IndexError, TypeError):
        return False  # the question rests on something no longer there
    return (
        truths.count(True) == 1
        and truths.count(False) == len(truths) - 1
        and truths.index(True) == (question.answer_index)
    )


def is_true(question: Question, option: Option, kb: Knowledge) -> bool | None:
    """Whether an option is right: True, False, or None when the statements leave it open."""
    if question.kind not in KINDS:
        raise ValueError(f"unknown question kind {question.kind!r}")
    return KINDS[question.kind][2](kb, question, option)


def rekey(question: Question, kb: Knowledge) -> int | None:
    """After the facts changed: the index of the one option now surely right with every other
    surely wrong, or None when the question no longer has exactly one right answer."""
    try:
        truths = [is_true(question, option, kb) for option in question.options]
    except (KeyError, ValueError, IndexError, TypeError):
        return None
    if truths.count(True) == 1 and truths.count(False) == len(truths) - 1:
        return truths.index(True)
    return None
