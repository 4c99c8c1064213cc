"""/ask: a question in plain words (English, Traditional or Simplified Chinese) → the statements
that answer it, or an honest "that is not in what I know".

No language model: a rule-based reading of the question over the statements' own structure.
- names come from the name index (any script or spelling; longest alias first);
- roles from the role vocabulary; dates in any common form (bot.domain.datetext);
- the intent from keyword patterns per language (the question is folded to Simplified first, so
  one pattern serves Traditional and Simplified);
- each intent selects statements by predicate, subject, object, role and date;
- a question no intent reads falls back to a full-text search over the statements' texts in both
  languages, restricted to the entities it names.
A question whose subject is unknown ("Who founded Nvidia?" with no founding of Nvidia on record)
is answered "not in what I know", never with something nearby.

Pure: no discord, no database.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from bot.domain.dates import PartialDate
from bot.domain.datetext import DateSpan, date_span
from bot.domain.mentions import Mention, MentionScanner
from bot.domain.names import NameIndex
from bot.domain.roles import Role, RoleVocabulary
from bot.domain.script import to_simplified
from bot.domain.statements import LEAVING, ROLE_PREDICATES, Statement, Statements
from bot.domain.textsearch import TextIndex

log = logging.getLogger(__name__)

OPENAI = "openai"
MAX_ROWS = 10
SEARCH_MIN_SHARE = 0.6  # a fallback hit must match this share of the question's search weight
RESIDUE_SCORE = 85.0  # a misspelt name left over in a question: only a close match stands for it


# ---- the vocabulary of questions (folded: lower case, Simplified script) ------------------------


def _any(*words: str) -> re.Pattern[str]:
    latin = [w for w in words if w.isascii()]
    cjk = [w for w in words if not w.isascii()]
    parts = []
    if latin:
        parts.append(r"\b(?:" + "|".join(sorted(latin, key=len, reverse=True)) + r")\b")
    if cjk:
        parts.append("(?:" + "|".join(sorted(cjk, key=len, reverse=True)) + ")")
    return re.compile("|".join(parts))


FOUNDER = _any(
    "founder",
    "founders",
    "co-founder",
    "co-founders",
    "cofounder",
    "cofounders",
    "founding members?",
    "创始人",
    "创办人",
    "创始成员",
    "联合创始人",
    "共同创办人",
    "创始团队",
)
REMAIN = _any(
    "remain",
    "remains",
    "remaining",
    "still",
    "stayed",
    "stay",
    "left at",
    "还在",
    "仍在",
    "留在",
    "剩下",
    "还剩",
    "仍然",
    "留下",
    "依然",
    "至今",
)
WHY = _any("why", "reason", "reasons", "cause", "为什么", "为何", "原因", "理由", "怎么会", "缘由")
TAUGHT_BY = _any(
    "taught",
    "teacher",
    "advisor",
    "adviser",
    "supervisor",
    "supervised",
    "mentor",
    "studied under",
    "doctoral advisor",
    "导师",
    "老师",
    "师从",
    "指导",
    "门下",
    "恩师",
)
STUDENTS = _any("students?", "taught whom", "whom did", "学生", "弟子", "门生", "带过")
EDUCATED = _any(
    "study",
    "studied",
    "phd",
    "ph.d",
    "doctorate",
    "degree",
    "university",
    "educated",
    "education",
    "school",
    "graduate",
    "graduated",
    "读",
    "博士",
    "学位",
    "大学",
    "毕业",
    "学历",
    "念书",
    "求学",
    "硕士",
    "学士",
)
SAID_STRONG = re.compile(
    r"\bwhat did .+ (?:say|said|tweet|post|write)\b|\bwhat (?:has|had) .+ said\b|\bwho said\b|\bwhat .+ says?\b"
    r"|说了什么|说过什么|怎么说|说了啥|讲了什么|表示了什么|发表了什么|谁说"
)
SAID = _any(
    "say",
    "said",
    "says",
    "quote",
    "quoted",
    "statement",
    "remarks?",
    "tweet",
    "tweeted",
    "posted",
    "wrote",
    "说",
    "表示",
    "声称",
    "声明",
    "发言",
    "讲",
    "发文",
    "推文",
    "谈到",
    "评论",
)
NUMBERS = _any(
    "how much",
    "stake",
    "stakes",
    "share",
    "shares",
    "valuation",
    "valued",
    "worth",
    "invest",
    "invested",
    "investment",
    "equity",
    "percent",
    "billion",
    "million",
    "amount",
    "funding",
    "多少",
    "估值",
    "股份",
    "持股",
    "股权",
    "投资",
    "金额",
    "亿",
    "比例",
    "份额",
    "注资",
    "市值",
    "身价",
    "融资",
    "占股",
)
HOW_MANY = _any("how many", "number of", "count", "多少", "几位", "几个", "几人", "几名", "几家")
GOING = _any(
    "went to",
    "go to",
    "gone to",
    "going to",
    "joined",
    "join",
    "joins",
    "moved to",
    "left for",
    "defected",
    "poached",
    "headed to",
    "加入",
    "去了",
    "前往",
    "跳槽",
    "投奔",
    "转投",
    "去",
    "加盟",
    "投靠",
)
WHO = _any("who", "whom", "which", "people", "anyone", "谁", "哪些", "哪位", "哪几", "有人")
WHERE = _any(
    "where",
    "which company",
    "what company",
    "next",
    "destination",
    "哪里",
    "哪儿",
    "去向",
    "何处",
    "哪家",
    "哪个公司",
    "下家",
    "哪间",
)
ROLE_WORDS = _any(
    "role",
    "roles",
    "title",
    "position",
    "job",
    "jobs",
    "responsible",
    "in charge",
    "charge",
    "head",
    "lead",
    "leads",
    "负责",
    "职位",
    "职务",
    "担任",
    "头衔",
    "做什么",
    "干什么",
    "任职",
    "工作",
    "职称",
    "管",
)
FOUNDED = _any(
    "found",
    "founded",
    "founding",
    "co-found",
    "co-founded",
    "cofounded",
    "started",
    "set up",
    "established",
    "创立",
    "创办",
    "创建",
    "成立",
    "建立",
    "创始",
    "创设",
)
WHEN = _any(
    "when",
    "what year",
    "which year",
    "what date",
    "什么时候",
    "何时",
    "几时",
    "哪一年",
    "哪年",
    "时候",
    "时间",
    "日期",
    "几月",
    "哪天",
)
VALUATION = _any("valuation", "valued", "worth", "value", "估值", "市值", "身价")
STAKE = _any(
    "stake",
    "stakes",
    "share",
    "shares",
    "invest",
    "invested",
    "investment",
    "investor",
    "investors",
    "股份",
    "持股",
    "股权",
    "投资",
    "注资",
    "占股",
    "入股",
)
AUTHORS = re.compile(
    r"\bwho (?:made|built|created|developed|wrote|invented|designed)\b|\bauthors?\b|\bcreators?\b"
    r"|作者|谁做的|是谁做|谁开发|谁写|开发者|谁研发|谁发明|谁打造|研发团队|谁创造"
)
EVENTS = _any("what happened", "happen", "happened", "events", "event", "news", "发生", "事件", "大事", "新闻")
MOVES: list[tuple[frozenset[str], re.Pattern[str]]] = [
    (
        frozenset({"leave_of_absence"}),
        _any(
            "leave of absence",
            "sabbatical",
            "extended leave",
            "long leave",
            "take leave",
            "took leave",
            "on leave",
            "休假",
            "长假",
            "请假",
            "休长假",
        ),
    ),
    (
        frozenset({"dismissed"}),
        _any(
            "fire",
            "fired",
            "firing",
            "dismiss",
            "dismissed",
            "oust",
            "ousted",
            "ouster",
            "removed",
            "sacked",
            "kicked out",
            "解雇",
            "开除",
            "罢免",
            "免职",
            "撤职",
            "被炒",
            "赶走",
            "踢出",
            "解职",
            "逐出",
        ),
    ),
    (
        frozenset({"returned"}),
        _any(
            "return",
            "returned",
            "come back",
            "came back",
            "back to",
            "rejoin",
            "rejoined",
            "回归",
            "回到",
            "重返",
            "复职",
            "回来",
            "归来",
        ),
    ),
    (
        frozenset({"departed", "dismissed"}),
        _any(
            "leave",
            "left",
            "leaving",
            "quit",
            "quits",
            "resign",
            "resigned",
            "depart",
            "departed",
            "departure",
            "departures",
            "exit",
            "exited",
            "step down",
            "stepped down",
            "离开",
            "离职",
            "辞职",
            "出走",
            "退出",
            "卸任",
            "辞去",
            "走了",
            "离去",
            "告别",
        ),
    ),
    (
        frozenset({"joined", "founded"}),
        _any("join", "joined", "joining", "hired", "started at", "加入", "入职", "加盟", "进入"),
    ),
]
# Words of a question that are never a name (folded). Anything else Latin left over is a name we
# may not know.
QUESTION_WORDS = frozenset(
    """a an the of to in on at by for and or is are was were be been being did do does done what who whom whose which
    when where why how that this these those it its his her their he she they them with as from about into after
    before than then there any me tell know you your i s has have had will would can could should may might please
    show list give all ever still now currently current latest today yet also other another someone company
    companies firm lab team org organisation organization person people man woman first last next new old one ones
    year years month months day days date time times so not no yes many much more most number count each every
    become became becomes hold held holds serve served serves named appointed made make head lead led run ran
    between until since during while later earlier role roles title position job say said says happen happened
    event events go went gone join joined leave left quit founded founder founders remain remaining
    who's what's""".split()  # noqa: SIM905 - a word list reads best as text
)
_PARTICLES = set(
    "的了是在和与吗呢么什谁哪些有几个位家请问告诉我们你他她它这那都还也就从到对被把给为因所以而且或及过吧啊呀嘛"
)


LEXICON = (
    *(p for _, p in MOVES),
    FOUNDER,
    REMAIN,
    WHY,
    TAUGHT_BY,
    STUDENTS,
    EDUCATED,
    SAID,
    NUMBERS,
    HOW_MANY,
    GOING,
    WHO,
    WHERE,
    ROLE_WORDS,
    FOUNDED,
    WHEN,
    VALUATION,
    STAKE,
    EVENTS,
)


@dataclass(frozen=True)
class Question:
    """What a question asks, as read by `parse`."""

    text: str
    intent: str
    people: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    role: Role | None = None
    span: DateSpan | None = None
    predicates: frozenset[str] = frozenset()
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (as written, candidate ids)
    unknown: tuple[str, ...] = ()  # name-like words that match nothing
    count: bool = False  # "how many"

    @property
    def entities(self) -> tuple[str, ...]:
        return self.people + self.orgs


@dataclass
class Result:
    """The answer: the statements to show, under a heading, or why there is none."""

    question: Question
    statements: list[Statement] = field(default_factory=list)
    heading: tuple[str, dict] | None = None  # catalogue key and values
    style: str = "fact"  # how rows read: fact | role | departure | founders
    founders: list[tuple[str, str, Statement | None]] = field(default_factory=list)  # (entity, status, evidence)
    total: int = 0  # rows before the page was cut
    unknown: str | None = None  # catalogue key saying why there is no answer
    unknown_values: dict = field(default_factory=dict)
    suggest: str | None = None  # a command to try
    more: str | None = None  # the command that lists every row

    @property
    def answered(self) -> bool:
        return self.unknown is None


class AskIndex:
    """Everything /ask reads, built once per data version."""

    def __init__(
        self,
        statements: Statements,
        names: NameIndex,
        vocab: RoleVocabulary,
        aliases: Iterable[tuple[str, str]],
        kinds: dict[str, str],
        labels: dict[str, str],
    ) -> None:
        self.statements = statements
        self.names = names
        self.kinds = kinds
        self.labels = labels  # entity id → English name, for suggestions
        self.scanner = MentionScanner.build(aliases)
        self.roles = {r.id: r for r in vocab.roles}
        self.role_scanner = MentionScanner.build(
            ((r.id, title) for r in vocab.roles for title in r.titles()), capitals=False
        )
        self.by_role: dict[str, list[Statement]] = {}
        self.by_predicate: dict[str, list[Statement]] = {}
        for st in statements.all:
            self.by_predicate.setdefault(st.predicate, []).append(st)
            if st.predicate in ROLE_PREDICATES and st.role is not None:
                self.by_role.setdefault(st.role.id, []).append(st)
        self.text = TextIndex([f"{st.text_en}\n{st.text_zh}" for st in statements.all])
        # Dated statements by date, for "what happened on/between" without a pass over everything.
        dated = sorted(((d.sort_key(), n) for n, st in enumerate(statements.all) for d in st.dates()))
        self._date_keys = [k for k, _ in dated]
        self._date_rows = [n for _, n in dated]
        self.founded: dict[str, list[Statement]] = {}
        for st in self.by_predicate.get("founded", []):
            if st.object is not None:
                self.founded.setdefault(st.object.id, []).append(st)
        self.destinations = statements.destinations()
        self.position = {id(st): n for n, st in enumerate(statements.all)}
        # Each founder's standing reads all their statements: worked out with the index, not per question.
        self._founder_status: dict[str, list[tuple[str, str, Statement | None]]] = {}
        self.founder_status(OPENAI)

    def founder_status(self, org: str) -> list[tuple[str, str, Statement | None]]:
        if org not in self._founder_status:
            self._founder_status[org] = founder_status(self, org)
        return self._founder_status[org]

    def between(self, start: PartialDate | None, end: PartialDate | None) -> list[Statement]:
        """Statements dated within [start, end] (the same reading as /timeline), in timeline order."""
        lo = bisect.bisect_left(self._date_keys, start.sort_key()) if start else 0
        hi = bisect.bisect_right(self._date_keys, end.last_key()) if end else len(self._date_keys)
        rows = sorted(set(self._date_rows[lo:hi]))
        return [self.statements.all[n] for n in rows]


# ---- reading the question --------------------------------------------------------------------


def _fold(text: str) -> str:
    return to_simplified(text).casefold()


def _residue(text: str, taken: Sequence[tuple[int, int]]) -> list[str]:
    """Name-like chunks no known name, date or role accounts for: runs of Latin words that are
    not question words, and CJK runs left after removing question words and particles."""
    kept = "".join(" " if any(a <= i < b for a, b in taken) else ch for i, ch in enumerate(text))
    lower = kept.casefold()
    if len(lower) == len(kept):  # question words are never names: blank them (Latin only here)
        for pattern in LEXICON:
            for m in pattern.finditer(lower):
                if m.group().isascii():
                    kept = kept[: m.start()] + " " * (m.end() - m.start()) + kept[m.end() :]
    chunks: list[str] = []
    current: list[str] = []
    for word in re.findall(r"[A-Za-z0-9][A-Za-z0-9.'’-]*|[^\sA-Za-z0-9]", kept):
        folded = word.casefold().strip(".'’-")
        folded = re.sub(r"['’]s$", "", folded)
        if word[0].isascii() and word[0].isalnum() and folded not in QUESTION_WORDS and not folded.isdigit():
            current.append(re.sub(r"['’]s$", "", word))
            continue
        if current:
            chunks.append(" ".join(current))
            current = []
    if current:
        chunks.append(" ".join(current))
    folded = _fold(kept)
    for pattern in LEXICON:
        folded = pattern.sub(" ", folded)
    for run in re.findall(r"[\u3400-\u9fff]+", folded):
        rest = "".join(ch for ch in run if ch not in _PARTICLES)
        if len(rest) >= 2:
            chunks.append(rest)
    return chunks


def parse(index: AskIndex, text: str, today: date) -> Question:
    """Read a question: who and what it names, when, and what it asks."""
    text = " ".join((text or "").split())[:300]
    span = date_span(text, today)
    date_spans = list(span.spans) if span else []
    mentions: list[Mention] = index.scanner.scan(text, skip=date_spans)
    role_mentions = index.role_scanner.scan(text, skip=date_spans + [(m.start, m.end) for m in mentions])
    role = index.roles.get(role_mentions[0].entity_ids[0]) if role_mentions else None
    people: list[str] = []
    orgs: list[str] = []
    ambiguous: list[tuple[str, tuple[str, ...]]] = []
    for m in mentions:
        if len(m.entity_ids) > 1:
            ambiguous.append((m.text, m.entity_ids))
            continue
        entity = m.entity_ids[0]
        bucket = people if index.kinds.get(entity) == "person" else orgs
        if entity not in bucket:
            bucket.append(entity)
    taken = date_spans + [(m.start, m.end) for m in mentions] + [(m.start, m.end) for m in role_mentions]
    unknown: list[str] = []
    for chunk in _residue(text, taken):
        named = not chunk.isascii() or any(word[:1].isupper() for word in chunk.split())
        found = index.names.resolve(chunk) if named else None
        if found is not None and found.found and found.best is not None and found.best.score >= RESIDUE_SCORE:
            entity = found.best.entity_id
            bucket = people if index.kinds.get(entity) == "person" else orgs
            if entity not in bucket:
                bucket.append(entity)
        else:
            unknown.append(chunk)
    unknown.sort(key=lambda chunk: not any(w[:1].isupper() for w in chunk.split()))  # names before words
    q = _fold(text)
    intent, predicates = _intent(q, bool(people), bool(orgs), role is not None, span is not None)
    return Question(
        text=text,
        intent=intent,
        people=tuple(people),
        orgs=tuple(orgs),
        role=role,
        span=span,
        predicates=predicates,
        ambiguous=tuple(ambiguous),
        unknown=tuple(unknown),
        count=bool(HOW_MANY.search(q)),
    )


def _move(q: str) -> frozenset[str]:
    for predicates, pattern in MOVES:
        if pattern.search(q):
            return predicates
    return frozenset()


def _intent(q: str, person: bool, org: bool, role: bool, dated: bool) -> tuple[str, frozenset[str]]:
    move = _move(q)
    if FOUNDER.search(q) and REMAIN.search(q):
        return "founders_remain", frozenset()
    if WHY.search(q):
        return "why", move or frozenset({"departed", "dismissed", "leave_of_absence"})
    if STUDENTS.search(q) and person:
        return "students", frozenset()
    if TAUGHT_BY.search(q):
        return "taught_by", frozenset()
    if SAID_STRONG.search(q):
        return "said", frozenset()
    if AUTHORS.search(q) and not person:
        return "authors", frozenset()
    if (FOUNDER.search(q) or FOUNDED.search(q)) and not (person and move and not FOUNDED.search(q)):
        return "founders", frozenset()
    if EDUCATED.search(q) and person:
        return "educated", frozenset()
    if NUMBERS.search(q) and not (move and HOW_MANY.search(q)):
        return "numbers", frozenset()
    if WHERE.search(q) and person and (move or GOING.search(q) or not role):
        return "where", frozenset()
    if org and not person and WHO.search(q) and GOING.search(q) and not move - {"joined", "founded"}:
        return "went_to", frozenset()
    if org and not person and WHO.search(q) and move == frozenset({"departed", "dismissed"}) and "for" in q:
        return "went_to", frozenset()
    if move:
        return "moves", move
    if role:
        return "role", frozenset()
    if person and ROLE_WORDS.search(q):
        return "person_role", frozenset()
    if SAID.search(q) and person:
        return "said", frozenset()
    if dated:
        return "events", frozenset()
    if person and not org:
        return "person", frozenset()
    if dated:
        return "events", frozenset()
    return "search", frozenset()


# ---- answering -------------------------------------------------------------------------------


def _in_span(st: Statement, span: DateSpan | None) -> bool:
    if span is None:
        return True
    return any(span.covers(d) for d in st.dates())


def _held_during(st: Statement, span: DateSpan) -> bool:
    lo = span.start.first_key() if span.start else "0000"
    hi = span.end.last_key() if span.end else "9999"
    if st.start_date is None and st.end_date is None:
        return False
    began = st.start_date is None or st.start_date.first_key() <= hi
    lasted = st.end_date is None or st.end_date.last_key() >= lo
    return began and lasted


def _order(st: Statement) -> tuple:
    return st.sort_key()


def _label(index: AskIndex, entity: str) -> str:
    return index.labels.get(entity, entity)


def _unknown(question: Question, key: str = "ask.unknown", suggest: str | None = None, **values: object) -> Result:
    if key == "ask.unknown_name" and not str(values.get("text", "")).isascii():
        key, values = "ask.unknown", {}  # a Chinese leftover is cut from the question: not worth quoting
    return Result(question, unknown=key, unknown_values=dict(values), suggest=suggest)


def _rows(question: Question, rows: list[Statement], heading: tuple[str, dict], **kw: object) -> Result:
    unique = list({id(st): st for st in rows}.values())  # each statement once, first place kept
    return Result(question, statements=unique[:MAX_ROWS], heading=heading, total=len(unique), **kw)  # type: ignore[arg-type]


def answer(index: AskIndex, question: Question) -> Result:
    """The statements that answer `question`, or why there are none."""
    q = question
    if q.ambiguous and not q.entities:
        written, ids = q.ambiguous[0]
        names = ", ".join(_label(index, i) for i in ids)
        return _unknown(q, "ask.ambiguous", suggest=f"/who person:{written}", name=written, names=names)
    handler = _HANDLERS.get(q.intent, _search)
    result = handler(index, q)
    if not result.answered and result.suggest is None:
        result.suggest = _suggestion(index, q)
    return result


def _suggestion(index: AskIndex, q: Question) -> str | None:
    if q.people:
        return f"/who person:{_label(index, q.people[0])}"
    if q.span and (q.span.start or q.span.end):
        start, end = q.span.start or q.span.end, q.span.end or q.span.start
        if start == end:
            return f"/timeline start:{start} end:{end}"
        return f"/timeline start:{start} end:{end}"
    if q.orgs and q.orgs[0] in index.destinations:
        return f"/departures destination:{_label(index, q.orgs[0])}"
    return "/help"  # every command, with an example


def _needs_person(index: AskIndex, q: Question) -> Result | None:
    if q.people:
        return None
    if q.unknown:
        return _unknown(q, "ask.unknown_name", text=q.unknown[0])
    return _unknown(q)


def _founders(index: AskIndex, q: Question) -> Result:
    if not q.orgs and q.people and not FOUNDER.search(_fold(q.text)):
        rows = [
            st for p in q.people for st in index.statements.about(p) if st.predicate == "founded" and st.subject.id == p
        ]
        if not rows:
            return _unknown(q)
        return _rows(q, sorted(rows, key=_order), ("ask.h.founded_by", {"name": q.people[0]}))
    if not q.orgs and q.unknown:
        return _unknown(q, "ask.unknown_name", text=q.unknown[0])
    org = q.orgs[0] if q.orgs else OPENAI
    rows = [st for st in index.founded.get(org, []) if _in_span(st, q.span)]
    if not rows:
        return _unknown(q)
    rows.sort(key=_order)
    people = {st.subject.id for st in rows}
    result = _rows(q, rows, ("ask.h.founders", {"org": org, "count": len(people)}))
    result.statements = rows[: max(MAX_ROWS, 12)]
    result.more = "/chart tenure group:founders" if org == OPENAI else None
    return result


def founder_status(index: AskIndex, org: str = OPENAI) -> list[tuple[str, str, Statement | None]]:
    """Each founder's standing at the latest report: "there", "on_leave" or "left", with the
    statement that shows it. Starts count from their latest possible day and ends from their
    earliest, so a return reported as "2023-11" comes after a dismissal on 2023-11-17."""
    founders = index.founded.get(org, [])
    out: list[tuple[str, str, Statement | None]] = []
    for person in dict.fromkeys(st.subject.id for st in sorted(founders, key=_order)):
        events: list[tuple[str, int, str, Statement]] = []
        undated: list[Statement] = []
        for st in index.statements.about(person):
            if st.subject.id != person or st.object is None or st.object.id != org:
                continue
            if st.predicate in LEAVING and st.start_date:
                events.append((st.start_date.first_key(), 1, "left", st))
            elif st.predicate == "leave_of_absence" and st.start_date:
                events.append((st.start_date.last_key(), 2, "on_leave", st))
            elif st.predicate == "returned" and st.start_date:
                events.append((st.start_date.last_key(), 0, "there", st))
            elif st.predicate in {"joined", "founded"} and st.start_date:
                events.append((st.start_date.first_key(), 0, "there", st))
            elif st.predicate in ROLE_PREDICATES:
                if st.start_date:
                    events.append((st.start_date.first_key(), 0, "there", st))
                if st.main.end_date:  # a stated end, not one implied by another statement
                    events.append((st.main.end_date.first_key(), 1, "left", st))
            elif st.predicate in LEAVING:
                undated.append(st)
        if not events:
            out.append((person, "left", undated[0]) if undated else (person, "there", None))
            continue
        _, _, status, evidence = max(events, key=lambda e: (e[0], e[1]))
        came_back = any(e[3].predicate == "returned" for e in events)
        if undated and status == "there" and not came_back:  # left at a time the articles do not give
            status, evidence = "left", undated[0]
        out.append((person, status, evidence))
    return out


def _founders_remain(index: AskIndex, q: Question) -> Result:
    org = q.orgs[0] if q.orgs else OPENAI
    status = index.founder_status(org)
    if not status:
        return _unknown(q)
    staying = [s for s in status if s[1] != "left"]
    result = Result(
        q,
        heading=("ask.h.founders_remain", {"org": org, "count": len(staying), "total": len(status)}),
        style="founders",
    )
    result.founders = status
    # The articles' own counts, which disagree, side by side.
    counts = [
        st for key, same in index.statements.by_dispute.items() if "founder" in key and "remain" in key for st in same
    ]
    result.statements = counts
    result.total = len(status)
    return result


def _role_rows(index: AskIndex, role: Role, org: str | None) -> list[Statement]:
    related = [r for r in index.roles.values() if r.id == role.id or r.id.endswith("-" + role.id)]
    rows = [st for r in related for st in index.by_role.get(r.id, [])]
    if org is not None:
        rows = [st for st in rows if st.object is not None and st.object.id == org]
    return rows


def _role(index: AskIndex, q: Question) -> Result:
    assert q.role is not None
    if q.people:
        rows = [
            st
            for p in q.people
            for st in index.statements.about(p)
            if st.subject.id == p
            and st.predicate in ROLE_PREDICATES
            and st.role is not None
            and (st.role.id == q.role.id or st.role.id.endswith("-" + q.role.id))
        ]
        if not rows:
            return _unknown(q)
        return _rows(q, sorted(rows, key=_order), ("ask.h.person_roles", {"name": q.people[0]}), style="role")
    org = q.orgs[0] if q.orgs else None
    if org is None and q.unknown:  # "CEO of Foobar": not OpenAI's
        return _unknown(q, "ask.unknown_name", text=q.unknown[0])
    rows = _role_rows(index, q.role, org)
    if org is None:  # unnamed: OpenAI's, when it has one
        mine = [st for st in rows if st.object is not None and st.object.id == OPENAI]
        rows, org = (mine, OPENAI) if mine else (rows, None)
    if q.span is not None:
        rows = [st for st in rows if _held_during(st, q.span)]
    if not rows:
        return _unknown(q)
    values = {"role": q.role.label_en, "role_zh": q.role.label_zh, "org": org if org else ""}
    key = "ask.h.role_on" if q.span else "ask.h.role"
    if q.span:
        values["when"] = _span_text(q.span)
    return _rows(q, sorted(rows, key=_order), (key, values), style="role")


def _span_text(span: DateSpan) -> str:
    if span.single:
        return str(span.single)
    return f"{span.start or '…'} – {span.end or '…'}"


def _person_role(index: AskIndex, q: Question) -> Result:
    person = q.people[0]
    rows = [
        st
        for st in index.statements.about(person)
        if st.subject.id == person and st.predicate in ROLE_PREDICATES and st.rank != "low"
    ]
    if q.span is not None:
        rows = [st for st in rows if _held_during(st, q.span)]
    if not rows:
        return _unknown(q)
    rows.sort(
        key=lambda st: (st.end_date is not None, [-ord(c) for c in (st.start_date.sort_key() if st.start_date else "")])
    )
    return _rows(q, rows, ("ask.h.person_roles", {"name": person}), style="role")


def _moves(index: AskIndex, q: Question) -> Result:
    org = q.orgs[0] if q.orgs else None
    if q.people:
        rows = [
            st
            for p in q.people
            for st in index.statements.about(p)
            if st.subject.id == p
            and st.predicate in q.predicates
            and _in_span(st, q.span)
            and (
                org is None
                or (st.object is not None and st.object.id == org)
                or (st.destination is not None and st.destination.id == org)
            )
        ]
        if not rows:
            return _unknown(q)
        style = "departure" if q.predicates & LEAVING else "fact"
        return _rows(q, sorted(rows, key=_order), ("ask.h.moves", {"name": q.people[0]}), style=style)
    if q.unknown:
        return _unknown(q, "ask.unknown_name", text=q.unknown[0])
    org = org or OPENAI
    rows = [
        st
        for p in q.predicates
        for st in index.by_predicate.get(p, [])
        if st.object is not None
        and st.object.id == org
        and index.kinds.get(st.subject.id) == "person"
        and _in_span(st, q.span)
    ]
    if not rows:
        return _unknown(q)
    rows.sort(key=_order)
    key = "ask.h.left" if q.predicates & LEAVING else "ask.h.moved"
    values = {"org": org, "count": len({st.subject.id for st in rows})}
    result = _rows(q, rows, (key, values), style="departure" if q.predicates & LEAVING else "fact")
    if q.predicates & LEAVING:
        year = q.span.single.year if q.span and q.span.single else None
        result.more = f"/departures year:{year}" if year else "/departures"
    return result


def _where(index: AskIndex, q: Question) -> Result:
    need = _needs_person(index, q)
    if need:
        return need
    rows = []
    for p in q.people:
        own = [st for st in index.statements.about(p) if st.subject.id == p]
        left = [st for st in own if st.predicate in LEAVING and any(s.destination for s in st.sides)]
        gone = [st for st in own if st.predicate in LEAVING]
        after = min((st.start_date.first_key() for st in gone if st.start_date), default=None)
        joined = [
            st
            for st in own
            if st.predicate in {"joined", "founded"}
            and st.object is not None
            and st.object.id != OPENAI
            and after is not None
            and st.start_date is not None
            and st.start_date.last_key() >= after
        ]
        rows += left + joined
    if not rows:
        return _unknown(q, "ask.no_destination", name=q.people[0])
    return _rows(q, sorted(rows, key=_order), ("ask.h.where", {"name": q.people[0]}), style="departure")


def _went_to(index: AskIndex, q: Question) -> Result:
    org = q.orgs[0]
    moved = [
        st
        for st in index.statements.about(org)
        if index.kinds.get(st.subject.id) == "person"
        and _in_span(st, q.span)
        and st.predicate in LEAVING
        and any(s.destination and s.destination.id == org for s in st.sides)
    ]
    movers = {st.subject.id for st in moved}
    joined = [  # joining it straight after leaving is the same move: shown once
        st
        for st in index.statements.about(org)
        if st.predicate == "joined"
        and st.object is not None
        and st.object.id == org
        and st.subject.id not in movers
        and index.kinds.get(st.subject.id) == "person"
        and _in_span(st, q.span)
    ]
    rows = sorted(moved + joined, key=_order)
    if not rows:
        return _unknown(q)
    return _rows(
        q,
        rows,
        ("ask.h.went_to", {"org": org, "count": len({s.subject.id for s in rows})}),
        style="departure",
        more=f"/departures destination:{_label(index, org)}",
    )


def _why(index: AskIndex, q: Question) -> Result:
    need = _needs_person(index, q)
    if need:
        return need
    rows = [
        st
        for p in q.people
        for st in index.statements.about(p)
        if st.subject.id == p and st.predicate in q.predicates and _in_span(st, q.span)
    ]
    reasons = [st for st in rows if st.reason_en or st.reason_zh]
    if not reasons:
        return _unknown(q, "ask.no_reason" if rows else "ask.unknown", name=q.people[0])
    return _rows(q, sorted(reasons, key=_order), ("ask.h.why", {"name": q.people[0]}), style="departure")


def _taught_by(index: AskIndex, q: Question) -> Result:
    need = _needs_person(index, q)
    if need:
        return need
    rows = [
        st
        for p in q.people
        for st in index.statements.about(p)
        if st.predicate == "studied_under" and st.subject.id == p
    ]
    if not rows:
        return _unknown(q)
    return _rows(q, sorted(rows, key=_order), ("ask.h.taught_by", {"name": q.people[0]}))


def _students(index: AskIndex, q: Question) -> Result:
    rows = [
        st
        for p in q.people
        for st in index.statements.about(p)
        if st.predicate == "studied_under" and st.object is not None and st.object.id == p
    ]
    if not rows:
        return _unknown(q)
    return _rows(q, sorted(rows, key=_order), ("ask.h.students", {"name": q.people[0]}))


def _educated(index: AskIndex, q: Question) -> Result:
    rows = [
        st
        for p in q.people
        for st in index.statements.about(p)
        if st.subject.id == p and st.predicate in {"educated_at", "studied_under"}
    ]
    if not rows:
        return _unknown(q)
    return _rows(q, sorted(rows, key=_order), ("ask.h.educated", {"name": q.people[0]}))


def _ranked(index: AskIndex, q: Question, rows: list[Statement]) -> list[Statement]:
    """`rows` in order of how well their text matches the question (ties by date)."""
    among = {index.position[id(st)] for st in rows if id(st) in index.position}
    hits = index.text.search(q.text, limit=len(among) or 1, among=among)
    score = {doc: s for doc, s, _ in hits}
    return sorted(rows, key=lambda st: (-score.get(index.position.get(id(st), -1), 0.0), _order(st)))


def _numbers(index: AskIndex, q: Question) -> Result:
    if q.unknown and not q.entities:
        return _unknown(q, "ask.unknown_name", text=q.unknown[0])

    def figures(pool: Iterable[Statement]) -> list[Statement]:
        return [
            st
            for st in pool
            if _in_span(st, q.span)
            and (st.predicate in {"invested", "valuation"} or (st.value and re.search(r"\d", st.value)))
        ]

    if not q.entities:
        rows = figures(st for p in ("invested", "valuation") for st in index.by_predicate.get(p, []))
    else:
        # Statements naming every entity asked about are among the rarest entity's: read those first
        # (OpenAI is in nearly every statement), and every entity's only when none names them all.
        rarest = min((index.statements.about(e) for e in q.entities), key=len)
        rows = [st for st in figures(rarest) if set(q.entities) <= st.entity_ids()]
        if not rows:
            rows = figures(st for e in q.entities for st in index.statements.about(e))
    folded = _fold(q.text)
    wanted = {"valuation"} if VALUATION.search(folded) else ({"invested"} if STAKE.search(folded) else set())
    rows = [st for st in rows if st.predicate in wanted] or rows
    if not rows:
        return _unknown(q)
    return _rows(q, _ranked(index, q, rows), ("ask.h.numbers", {}))


def _said(index: AskIndex, q: Question) -> Result:
    if q.people:
        person = q.people[0]
        rows = [
            st
            for st in index.statements.about(person)
            if st.predicate == "statement" and st.subject.id == person and _in_span(st, q.span)
        ]
        others = [e for e in q.entities if e != person]
        if others:
            rows = [st for st in rows if set(others) & st.entity_ids()]
        if not rows:
            return _unknown(q)
        rows.sort(key=_order)
        return _rows(q, rows, ("ask.h.said", {"name": person}), more=f"/timeline person:{_label(index, person)}")
    # "Who said ...?": the quote is the question's own words
    return _search_in(index, q, index.by_predicate.get("statement", []), limit=5)


def _search_in(index: AskIndex, q: Question, pool: list[Statement], *, limit: int) -> Result:
    among = {index.position[id(st)] for st in pool if _in_span(st, q.span)}
    hits = [h for h in index.text.search(q.text, limit=limit, among=among) if h[2] >= SEARCH_MIN_SHARE]
    if not hits:
        if q.unknown:
            return _unknown(q, "ask.unknown_name", text=q.unknown[0])
        return _unknown(q)
    return _rows(q, [index.statements.all[d] for d, _, _ in hits], ("ask.h.search", {}))


def _authors(index: AskIndex, q: Question) -> Result:
    """ "Who made Sora?": the authors and releases whose work matches the question's words."""
    pool = [st for p in ("authored", "released") for st in index.by_predicate.get(p, [])]
    return _search_in(index, q, pool, limit=MAX_ROWS)


def _events(index: AskIndex, q: Question) -> Result:
    assert q.span is not None
    found = index.between(q.span.start, q.span.end)
    if q.entities:
        found = [st for st in found if set(q.entities) <= st.entity_ids()]
    elif q.unknown:
        return _unknown(q, "ask.unknown_name", text=q.unknown[0])
    if not found:
        return _unknown(q)
    start, end = q.span.start or q.span.end, q.span.end or q.span.start
    more = f"/timeline start:{start} end:{end}"
    if q.people:
        more += f" person:{_label(index, q.people[0])}"
    return _rows(q, found, ("ask.h.events", {"when": _span_text(q.span)}), more=more)


def _person(index: AskIndex, q: Question) -> Result:
    person = q.people[0]
    own = [st for st in index.statements.about(person) if st.subject.id == person]
    if q.span is not None:
        own = [st for st in own if _in_span(st, q.span)]
    roles = [st for st in own if st.predicate in ROLE_PREDICATES and st.rank != "low"]
    moves = [
        st
        for st in own
        if st.predicate in {"founded", "joined", "departed", "returned", "leave_of_absence", "dismissed"}
    ]
    rows = sorted(roles, key=_order)[-3:] + sorted(moves, key=_order)
    if not rows:
        return _unknown(q)
    return _rows(q, rows, ("ask.h.person", {"name": person}), more=f"/who person:{_label(index, person)}")


def _search(index: AskIndex, q: Question) -> Result:
    """No intent read: statements whose text matches most of the question (both languages),
    about every entity it names."""
    among = None
    if q.entities:
        sets = [{index.position[id(st)] for st in index.statements.about(e)} for e in q.entities]
        among = set.intersection(*sets) if sets else None
    hits = index.text.search(q.text, limit=MAX_ROWS, among=among)
    best = [index.statements.all[d] for d, _, share in hits if share >= SEARCH_MIN_SHARE]
    if q.span is not None:
        best = [st for st in best if _in_span(st, q.span)]
    if not best:
        if q.unknown and not q.entities:
            return _unknown(q, "ask.unknown_name", text=q.unknown[0])
        return _unknown(q)
    return _rows(q, best, ("ask.h.search", {}))


_HANDLERS = {
    "founders": _founders,
    "founders_remain": _founders_remain,
    "role": _role,
    "person_role": _person_role,
    "moves": _moves,
    "where": _where,
    "went_to": _went_to,
    "why": _why,
    "taught_by": _taught_by,
    "students": _students,
    "educated": _educated,
    "numbers": _numbers,
    "said": _said,
    "authors": _authors,
    "events": _events,
    "person": _person,
    "search": _search,
}


def ask(index: AskIndex, text: str, today: date) -> Result:
    return answer(index, parse(index, text, today))
