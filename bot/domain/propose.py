"""A news article → proposed statements for moderators to review.

Reads an article (Traditional or Simplified Chinese) line by line and sentence by sentence:
- people and organisations are recognised by any alias the name index knows;
- names written the usual news way, 中文名（English Name）, that the index does not know become
  proposed new entities with both scripts;
- dates are resolved against the article's own date (see article_dates);
- cue words (離職/离职, 加入, 回歸, 創辦, 出任, 休假, 解僱, ...) give the predicate, the role
  vocabulary and a few title patterns give the role.

A proposal whose statement the store already has is marked as another reference to it. Each
proposal carries its line, a short anchor copied from that line and a confidence; the text of a
proposal is our own template, never the article's sentence.

Pure: plain data in, proposals out. No discord, no database.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from bot.domain.article_dates import find_dates
from bot.domain.dates import PartialDate, Precision
from bot.domain.roles import RoleVocabulary
from bot.domain.script import has_cjk, to_simplified, to_traditional
from bot.domain.statements import Statements, dates_compatible

log = logging.getLogger(__name__)

PREDICATES = ("joined", "departed", "returned", "founded", "held_role", "leave_of_absence", "dismissed")
HOME = "openai"  # the organisation this store follows: a departure with no other object leaves it
MAX_ANCHOR = 24

# ---- folding: one form for both scripts, same length as the original ---------------------------

_DOTS = str.maketrans({"・": "·", "•": "·", "‧": "·", "∙": "·", "⋅": "·", "．": "·"})


def fold(text: str) -> str:
    """Simplified, case-folded, full-width folded text of exactly the same length, so positions
    found in the folded form are positions in the original."""
    chars = []
    for ch in text.translate(_DOTS):
        norm = unicodedata.normalize("NFKC", ch).casefold()
        chars.append(norm if len(norm) == 1 else ch)
    out = "".join(chars)
    simple = to_simplified(out)
    if len(simple) == len(out):
        return simple
    return "".join(s if len(s := to_simplified(c)) == 1 else c for c in out)


# ---- entities --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityInfo:
    id: str
    kind: str  # person | organisation
    name_en: str
    name_zh: str | None  # Traditional
    new: bool = False  # proposed from this article, not in the store yet


@dataclass(frozen=True)
class Mention:
    entity_id: str
    start: int
    end: int


# Aliases that are ordinary words in running text, or too short to mean a name there.
_COMMON = {fold(w) for w in ("連線", "Open University", "Son", "Tan", "Memo", "Information", "Toronto", "Berkeley")}

_NOT_NAMES = {"agi", "ai", "asi", "llm", "gpt", "ipo", "api", "gpu", "ceo", "cto", "cfo", "coo", "cro", "vp", "ml"}
_ORG_WORDS_EN = re.compile(
    r"\b(?:Lab|Labs|Inc|Corp|Company|Co|Capital|Ventures|Technologies|Systems|Group|University|Institute|"
    r"Intelligence|Superintelligence|Robotics|Machines|Foundation|Research|AI|Partners|Holdings)\b\.?",
    re.IGNORECASE,
)
_ORG_WORDS_ZH = re.compile(r"(?:公司|实验室|集团|研究院|研究所|大学|基金|资本|科技|智能|智慧|工作室|学院|中心)$")
# Words in front of a name that are not part of it: titles, particles, verbs (Simplified; text is folded).
_NAME_PREFIXES = sorted(
    {
        *"的由与和及是让将把被对向跟为在称说等兼任前原聘请邀自从其该位名了已于、，",
        "顾问",
        "主管",
        "总监",
        "研究员",
        "工程师",
        "科学家",
        "执行长",
        "技术长",
        "创办人",
        "创始人",
        "负责人",
        "副总裁",
        "总裁",
        "董事",
        "官",
        "公司",
        "新创",
        "企业",
        "宣布",
        "表示",
        "指出",
        "透露",
        "延揽",
        "出任",
        "担任",
        "加入",
        "离开",
    },
    key=len,
    reverse=True,
)
_PAREN_NAME = re.compile(
    r"((?:[A-Za-z0-9]+ )?[\u3400-\u9fff·]{2,20})\s*[（(]\s*"  # 中文名, with an optional Latin word before
    r"([A-Za-z][A-Za-z0-9 .'’&\-]{1,60}?)\s*(?:[，,;；][^）)]*)?[）)]"  # （English Name[，short form]）
)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", text).casefold()).strip("-")[:60] or "entity"


def _cut_name(run: str, organisation: bool) -> str:
    """The name at the end of a run of CJK text: what follows the last title, particle or verb
    ("原执行长丹尼尔·格罗斯" → "丹尼尔·格罗斯"). A word ending the run is the name's own (…公司)."""
    head, dot, tail = run.partition("·")
    text = head if dot else run
    cut = 0
    for word in _NAME_PREFIXES:
        at = text.rfind(word)
        while at >= 0 and at + len(word) >= len(text):
            at = text.rfind(word, 0, at)
        if at >= 0:
            cut = max(cut, at + len(word))
    text = text[cut:]
    if len(text) > 4 and (dot or not organisation):  # given names and Chinese names are short
        text = text[-3:]
    return (text + dot + tail).strip()


@dataclass
class _Names:
    """Entities and a scanner over their aliases, extended with the article's new names."""

    entities: dict[str, EntityInfo]
    aliases: dict[str, set[str]]  # folded alias → entity ids
    _scanner: re.Pattern[str] | None = None

    def add(self, entity_id: str, alias: str) -> None:
        folded = fold(alias.strip())
        if len(folded) < 2 or folded in _COMMON or (folded.isascii() and len(folded) < 3):
            return
        self.aliases.setdefault(folded, set()).add(entity_id)
        self._scanner = None

    def owner(self, alias: str) -> str | None:
        owners = self.aliases.get(fold(alias.strip()), set())
        return next(iter(owners)) if len(owners) == 1 else None

    def scan(self, folded: str) -> list[Mention]:
        if self._scanner is None:
            unique = sorted((a for a, o in self.aliases.items() if len(o) == 1), key=len, reverse=True)
            parts = [
                rf"(?<![a-z0-9]){re.escape(a)}(?![a-z0-9])" if re.match(r"[a-z0-9]", a[-1]) else re.escape(a)
                for a in unique
            ]
            self._scanner = re.compile("|".join(parts)) if parts else re.compile(r"(?!x)x")
        out = []
        for m in self._scanner.finditer(folded):
            (entity_id,) = self.aliases[m.group()]
            out.append(Mention(entity_id, m.start(), m.end()))
        return out


# ---- cues ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cue:
    predicate: str
    pattern: re.Pattern[str]
    subject_after: bool = False  # "任命 X", "延揽 X": the person comes after the verb
    title: bool = False  # "联合创始人 X": a title, not an event; never dated from elsewhere
    strength: float = 0.8


def _cue(predicate: str, words: str, **kw: object) -> Cue:
    return Cue(predicate, re.compile(words), **kw)  # type: ignore[arg-type]


# Folded (Simplified) forms: the text is folded before matching, so Traditional matches too.
CUES: tuple[Cue, ...] = (
    _cue("departed", r"离职|辞职|请辞|离开|离任|出走|告别|卸任|跳槽|退出"),
    _cue("joined", r"加入|加盟|入职|投奔|转投"),
    _cue("joined", r"延揽|聘请|招募|挖角", subject_after=True),
    _cue("returned", r"回归|重返|归队|复职|回到"),
    _cue("founded", r"联合创办|共同创办|创办|创立|创建|成立(?!的)"),
    _cue("founded", r"联合创始人|共同创办人|联合创办人|创始人|创办人", title=True, strength=0.6),
    _cue("held_role", r"担任|出任|升任|晋升|接任|就任|接掌|出掌|成为"),
    _cue("held_role", r"任命|提拔|委任", subject_after=True),
    _cue("leave_of_absence", r"休长假|休假|长假|暂离"),
    _cue("dismissed", r"解雇|开除|罢免|革职|撤职|解职|逐出|炒鱿鱼", subject_after=True),
)
_DESTINATION = re.compile(r"加入|加盟|前往|转投|投奔|跳槽至|跳槽到|转往|至|到")
_PRONOUN = re.compile(r"[他她]|其")
_NEW_COMPANY = re.compile(r"新公司|该公司|这家公司|新实验室|该实验室")

# Role titles beyond the vocabulary's own: "首席 AI 官", "应用业务执行长" (folded forms).
_ROLE_CORE = r"首席\s?[a-z\u4e00-\u9fff]{1,5}\s?官|执行长|首席执行官|技术长|首席技术官|总裁|科学家|负责人|董事长|总经理"
_ROLE_QUALIFIERS = {
    "应用业务": "Applications",
    "应用": "Applications",
    "产品": "Product",
    "研究": "Research",
    "安全": "Safety",
    "安全研究": "Safety Research",
    "硬件": "Hardware",
    "设计": "Design",
}
_ROLE_PATTERN = re.compile(
    rf"(?:(?P<q>{'|'.join(sorted(_ROLE_QUALIFIERS, key=len, reverse=True))}))?(?P<core>{_ROLE_CORE})"
)
_CHIEF_X = {
    "ai": "AI",
    "人工智能": "AI",
    "产品": "Product",
    "运营": "Operating",
    "营运": "Operating",
    "财务": "Financial",
    "设计": "Design",
    "技术": "Technology",
    "研究": "Research",
    "科学": "Science",
    "信息安全": "Information Security",
    "资讯安全": "Information Security",
    "战略": "Strategy",
    "商务": "Commercial",
    "人力": "People",
}


@dataclass(frozen=True)
class RoleHit:
    start: int
    end: int
    role_en: str | None
    role_zh: str  # Traditional


def _roles(folded: str, original: str, vocab: RoleVocabulary, terms: re.Pattern[str] | None) -> list[RoleHit]:
    """Role titles in a sentence; where titles overlap the longest wins ("应用业务执行长" over "执行长")."""
    found: list[re.Match[str]] = []
    for pattern in (_ROLE_PATTERN, terms):
        if pattern is not None:
            found.extend(pattern.finditer(folded))
    hits: list[RoleHit] = []
    taken: list[tuple[int, int]] = []
    for m in sorted(found, key=lambda m: (-(m.end() - m.start()), m.start())):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        text = original[m.start() : m.end()]
        role = vocab.match(None, text) if has_cjk(text) else vocab.match(text, None)
        if role is not None and role.known:
            hits.append(RoleHit(m.start(), m.end(), role.label_en, role.label_zh))
        else:
            hits.append(RoleHit(m.start(), m.end(), _english_title(m), to_traditional(text.strip())))
        taken.append((m.start(), m.end()))
    return sorted(hits, key=lambda h: h.start)


def _english_title(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    core = (groups.get("core") or m.group()).replace(" ", "")
    qualifier = _ROLE_QUALIFIERS.get(groups.get("q") or "")
    if core.startswith("首席") and core.endswith("官"):
        inner = core[2:-1]
        name = _CHIEF_X.get(inner)
        if inner == "执行":
            title = "Chief Executive Officer"
        elif name:
            title = f"Chief {name} Officer"
        else:
            return None
    else:
        title = {
            "执行长": "CEO",
            "技术长": "CTO",
            "总裁": "President",
            "科学家": "Scientist",
            "负责人": "Head",
            "董事长": "Chair of the board",
            "总经理": "General Manager",
        }.get(core)
        if title is None:
            return None
    if qualifier:
        return f"{title} of {qualifier}" if title in ("CEO", "Head", "President", "General Manager") else title
    return title


# ---- proposals -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    subject_id: str
    predicate: str
    object_id: str | None
    destination_id: str | None
    role_en: str | None
    role_zh: str | None
    start: PartialDate | None
    line: int
    anchor: str
    confidence: float
    end: PartialDate | None = None
    existing: str | None = None  # key of the statement this is another reference to
    co: bool = False  # co-founded

    def signature(self, vocab: RoleVocabulary) -> tuple:
        role = vocab.match(self.role_en, self.role_zh)
        return (self.subject_id, self.predicate, self.object_id, role.id if role else None)


@dataclass
class ProposalSet:
    """What an article would add: proposals and the new entities they name."""

    proposals: list[Proposal]
    entities: dict[str, EntityInfo]
    new_entities: list[EntityInfo] = field(default_factory=list)

    def name_en(self, entity_id: str | None) -> str | None:
        return self.entities[entity_id].name_en if entity_id else None

    def name_zh(self, entity_id: str | None) -> str | None:
        if not entity_id:
            return None
        info = self.entities[entity_id]
        return info.name_zh or info.name_en

    def as_dicts(self) -> list[dict]:
        """The JSON-ready form `source propose --json` prints."""
        out = []
        for p in self.proposals:
            new = [
                {"id": e.id, "kind": e.kind, "name_en": e.name_en, "name_zh": e.name_zh}
                for e in self.new_entities
                if e.id in {p.subject_id, p.object_id, p.destination_id}
            ]
            out.append(
                {
                    "subject": self.name_en(p.subject_id),
                    "subject_id": p.subject_id,
                    "predicate": p.predicate,
                    "object": self.name_en(p.object_id),
                    "object_id": p.object_id,
                    "destination": self.name_en(p.destination_id),
                    "destination_id": p.destination_id,
                    "role": p.role_en or p.role_zh,
                    "role_en": p.role_en,
                    "role_zh": p.role_zh,
                    "start": p.start.iso() if p.start else None,
                    "end": p.end.iso() if p.end else None,
                    "text_en": text_en(self, p),
                    "text_zh": text_zh(self, p),
                    "line": p.line,
                    "anchor": p.anchor,
                    "confidence": round(p.confidence, 2),
                    "existing": p.existing,
                    "new_entities": new,
                }
            )
        return out


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
_MONTHS += ("November", "December")


def _date_en(d: PartialDate | None) -> str:
    if d is None:
        return ""
    if d.precision is Precision.DAY:
        return f" on {d.day} {_MONTHS[d.month - 1]} {d.year}"
    if d.precision is Precision.MONTH:
        return f" in {_MONTHS[d.month - 1]} {d.year}"
    return f" in {d.year}"


def _date_zh(d: PartialDate | None) -> str:
    if d is None:
        return ""
    if d.precision is Precision.DAY:
        return f"{d.year}年{d.month}月{d.day}日"
    if d.precision is Precision.MONTH:
        return f"{d.year}年{d.month}月"
    return f"{d.year}年"


def text_en(ps: ProposalSet, p: Proposal) -> str:
    s, o, d = ps.name_en(p.subject_id), ps.name_en(p.object_id) or "OpenAI", ps.name_en(p.destination_id)
    when = _date_en(p.start)
    match p.predicate:
        case "joined":
            return f"{s} joined {o}{when}."
        case "departed":
            return f"{s} left {o}{when}" + (f", moving to {d}." if d else ".")
        case "returned":
            return f"{s} returned to {o}{when}."
        case "founded":
            return f"{s} {'co-founded' if p.co else 'founded'} {o}{when}."
        case "held_role":
            return f"{s} became {p.role_en or p.role_zh} of {o}{when}."
        case "leave_of_absence":
            return f"{s} took a leave of absence from {o}{when}."
        case "dismissed":
            return f"{s} was dismissed by {o}{when}."
    return f"{s} {p.predicate} {o}{when}."


def _zh_join(*parts: str) -> str:
    """Join Chinese and Latin pieces with a space where a Latin word meets a Chinese character."""
    out = ""
    for part in parts:
        if not part:
            continue
        if out and (out[-1].isascii() != part[0].isascii()) and (out[-1].isalnum() or part[0].isalnum()):
            out += " "
        out += part
    return out


def text_zh(ps: ProposalSet, p: Proposal) -> str:
    s, o, d = ps.name_zh(p.subject_id) or "", ps.name_zh(p.object_id) or "OpenAI", ps.name_zh(p.destination_id)
    when = ("於" + _date_zh(p.start)) if p.start else ""
    match p.predicate:
        case "joined":
            body = _zh_join(s, when, "加入", o)
        case "departed":
            body = _zh_join(s, when, "離開", o) + (_zh_join("，轉往", d) if d else "")
        case "returned":
            body = _zh_join(s, when, "回歸", o)
        case "founded":
            body = _zh_join(s, when, "聯合創辦" if p.co else "創辦", o)
        case "held_role":
            body = _zh_join(s, when, "出任", o, p.role_zh or p.role_en or "")
        case "leave_of_absence":
            body = _zh_join(s, when, "開始休假，暫離", o)
        case "dismissed":
            body = _zh_join(s, when, "遭", o, "解僱")
        case _:
            body = _zh_join(s, when, o)
    return body + "。"


# ---- the proposer ----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])")
_CLAUSE_BREAK = re.compile(r"[，,；;：:]")


@dataclass
class _Sentence:
    line: int
    text: str  # original
    folded: str
    offset: int  # where it starts in its line
    headline: bool


class Proposer:
    """Build once per data version from the store's entities, aliases, roles and statements."""

    def __init__(
        self,
        *,
        entities: Iterable[EntityInfo],
        aliases: Iterable[tuple[str, str]],
        roles: RoleVocabulary,
        statements: Statements | None = None,
    ) -> None:
        self.entities = {e.id: e for e in entities}
        self.alias_pairs = list(aliases)
        self.roles = roles
        self.statements = statements
        terms = {fold(t) for r in roles.roles for t in (r.label_zh, *self._synonyms(r.id))}
        terms = {t for t in terms if has_cjk(t) or len(t) >= 3}
        body = "|".join(
            rf"(?<![a-z]){re.escape(t)}(?![a-z])" if t.isascii() else re.escape(t)
            for t in sorted(terms, key=len, reverse=True)
        )
        self._terms = re.compile(body) if body else None

    def _synonyms(self, role_id: str) -> list[str]:
        role = self.roles.get(role_id)
        forms = [k for k, r in self.roles._by_form.items() if r.id == role_id]  # noqa: SLF001
        return [role.label_en, *forms] if role else forms

    # -- names --
    def _names(self, text: str) -> tuple[_Names, list[EntityInfo], list[tuple[int, int, int, str]]]:
        names = _Names(dict(self.entities), {})
        for entity_id, alias in self.alias_pairs:
            if entity_id in names.entities:
                names.add(entity_id, alias)
        new: list[EntityInfo] = []
        spans: list[tuple[int, int, int, str]] = []  # (line, start, end, entity id) of 中文（English）
        for n, line in enumerate(text.splitlines(), start=1):
            for m in _PAREN_NAME.finditer(line):
                run, english = m.group(1), m.group(2).strip()
                if fold(english) in _NOT_NAMES or self.roles.match(english, None).known:
                    continue  # 通用人工智慧（AGI）, 執行長（CEO）: terms, not names
                folded_run = fold(run)
                org = bool(_ORG_WORDS_EN.search(english) or _ORG_WORDS_ZH.search(folded_run))
                entity_id = names.owner(english)
                if entity_id is None:  # the Chinese name may be known though the English one is not
                    for alias in sorted(names.aliases, key=len, reverse=True):
                        if folded_run.endswith(alias) and len(names.aliases[alias]) == 1 and has_cjk(alias):
                            entity_id = next(iter(names.aliases[alias]))
                            break
                if entity_id is not None:
                    info = names.entities[entity_id]
                    zh = info.name_zh or ""
                    start = (
                        m.start(1) + max(0, len(run) - len(zh)) if zh and fold(run).endswith(fold(zh)) else m.start(2)
                    )
                    spans.append((n, start, m.end(), entity_id))
                    continue
                cut = _cut_name(folded_run, org)
                if len(cut.replace("·", "")) < 2:
                    continue
                zh = to_traditional(run[len(run) - len(cut) :])
                base = slug(english)
                entity_id, k = base, 2
                while entity_id in names.entities:
                    entity_id, k = f"{base}-{k}", k + 1
                info = EntityInfo(entity_id, "organisation" if org else "person", english, zh, new=True)
                names.entities[entity_id] = info
                new.append(info)
                for alias in (english, zh):
                    names.add(entity_id, alias)
                if not org:  # the family name alone, as later sentences write it
                    family_zh = zh.rpartition("·")[2]
                    if "·" in zh and len(family_zh) >= 2 and names.owner(family_zh) is None:
                        names.add(entity_id, family_zh)
                    family_en = english.split()[-1]
                    if len(english.split()) > 1 and len(family_en) >= 4 and fold(family_en) not in names.aliases:
                        names.add(entity_id, family_en)
                spans.append((n, m.start(1) + len(run) - len(cut), m.end(), entity_id))
        return names, new, spans

    # -- the article --
    def propose(self, text: str, *, published: PartialDate | None) -> ProposalSet:
        names, new, paren_spans = self._names(text)
        sentences: list[_Sentence] = []
        lines = text.splitlines()
        first = next((i for i, line in enumerate(lines) if line.strip()), -1)
        for n, line in enumerate(lines, start=1):
            offset = 0
            for part in _SENTENCE_END.split(line):
                if part.strip():
                    headline = n - 1 == first and not re.search(r"[。！？!?]\s*$", line)
                    sentences.append(_Sentence(n, part, fold(part), offset, headline))
                offset += len(part)
        proposals: list[Proposal] = []
        last_date: PartialDate | None = None
        last_subject: str | None = None
        last_new_org: str | None = None
        context: PartialDate | None = None  # the last date of the sentence before
        for sentence in sentences:
            mentions = self._mentions(sentence, names, paren_spans)
            dates = find_dates(sentence.text, published, last_date)
            roles = _roles(sentence.folded, sentence.text, self.roles, self._terms)
            orgs_new = [
                m for m in mentions if names.entities[m.entity_id].new and self._kind(names, m) == "organisation"
            ]
            for cue, match in self._cues(sentence.folded):
                made = self._one(
                    cue, match, sentence, names, mentions, dates, roles, last_subject, last_new_org, published, context
                )
                if made is not None:
                    proposals.append(made)
                    last_subject = made.subject_id
            persons = [m for m in mentions if self._kind(names, m) == "person"]
            if persons and not sentence.headline:
                last_subject = persons[0].entity_id if last_subject is None else last_subject
            if orgs_new:
                last_new_org = orgs_new[-1].entity_id
            if not sentence.headline:
                context = dates[-1].date if dates else None
                last_date = dates[-1].date if dates else last_date
        proposals = self._merge(proposals)
        proposals = [self._reference(p) for p in proposals]
        used = {i for p in proposals for i in (p.subject_id, p.object_id, p.destination_id) if i}
        return ProposalSet(proposals, names.entities, [e for e in new if e.id in used])

    def _kind(self, names: _Names, m: Mention) -> str:
        return names.entities[m.entity_id].kind

    def _mentions(self, s: _Sentence, names: _Names, paren_spans: list[tuple[int, int, int, str]]) -> list[Mention]:
        out = [
            Mention(eid, start - s.offset, end - s.offset)
            for line, start, end, eid in paren_spans
            if line == s.line and s.offset <= start < s.offset + len(s.text)
        ]
        for m in names.scan(s.folded):
            if not any(m.start < o.end and o.start < m.end for o in out):
                out.append(m)
        return sorted(out, key=lambda m: m.start)

    def _cues(self, folded: str) -> list[tuple[Cue, re.Match[str]]]:
        found: list[tuple[Cue, re.Match[str]]] = []
        for cue in CUES:
            for m in cue.pattern.finditer(folded):
                if not any(m.start() < o.end() and o.start() < m.end() for _, o in found):
                    found.append((cue, m))
        return sorted(found, key=lambda f: f[1].start())

    def _one(
        self,
        cue: Cue,
        match: re.Match[str],
        s: _Sentence,
        names: _Names,
        mentions: list[Mention],
        dates: list,
        roles: list[RoleHit],
        last_subject: str | None,
        last_new_org: str | None,
        published: PartialDate | None,
        context_date: PartialDate | None,
    ) -> Proposal | None:
        folded = s.folded
        at, end = match.start(), match.end()
        clause_start = max((m.end() for m in _CLAUSE_BREAK.finditer(folded, 0, at)), default=0)
        nxt = _CLAUSE_BREAK.search(folded, end)
        clause_end = nxt.start() if nxt else len(folded)
        persons = [m for m in mentions if self._kind(names, m) == "person"]
        orgs = [m for m in mentions if self._kind(names, m) == "organisation"]
        confidence = cue.strength

        # subject
        before_clause = [m for m in persons if clause_start <= m.start and m.end <= at]
        after_clause = [m for m in persons if end <= m.start < clause_end]
        passive = "被" in folded[clause_start:at]
        subject: str | None = None
        if cue.title:
            near_after = [m for m in after_clause if m.start - end <= 6]
            subject = (near_after or before_clause[-1:] or [None])[0]
            subject = subject.entity_id if subject else None
        elif cue.subject_after and not passive:
            pick = after_clause[:1] or before_clause[-1:]
            subject = pick[0].entity_id if pick else None
        else:
            pick = before_clause[-1:] or [m for m in persons if m.end <= at][-1:]
            if pick:
                subject = pick[0].entity_id
            elif _PRONOUN.search(folded[clause_start:at]) or not persons:
                subject = last_subject
                confidence -= 0.15
        if subject is None:
            return None

        # object and destination
        def org_after(pos: int, gap: int = 2) -> str | None:
            for m in orgs:
                adjacent = pos <= m.start and not folded[pos : m.start].strip(" 了")
                if (adjacent or pos <= m.start <= pos + gap) and m.entity_id != subject:
                    return m.entity_id
            return None

        def org_before(pos: int) -> str | None:
            pick = [m for m in orgs if m.end <= pos and m.entity_id != subject]
            return pick[-1].entity_id if pick else None

        obj: str | None = None
        destination: str | None = None
        role: RoleHit | None = None
        if cue.predicate == "departed":
            obj = org_after(end, gap=0) or org_before(at)
            for d in _DESTINATION.finditer(folded, end):
                destination = org_after(d.end(), gap=1)
                if destination:
                    break
            if obj is None and _NEW_COMPANY.search(folded[end:clause_end]):
                obj = last_new_org
            if obj is None:
                obj, confidence = HOME, confidence - 0.1
            if destination == obj:
                destination = None
        elif cue.predicate in ("joined", "returned", "founded"):
            if cue.subject_after:
                obj = org_before(at) or org_after(end, gap=3)
            elif cue.title:
                obj = org_before(at) if at - (max((m.end for m in orgs if m.end <= at), default=-99)) <= 3 else None
            else:
                obj = org_after(end, gap=8) or (org_before(at) if cue.predicate != "founded" else None)
            if obj is None and cue.predicate == "returned":
                obj, confidence = HOME, confidence - 0.1
            if obj is None:
                return None
            if cue.predicate == "joined" and self._is_destination(folded, at):
                return None
        elif cue.predicate == "held_role":
            subject_at = next((m.end for m in persons if m.entity_id == subject), end)
            after = [r for r in roles if r.start >= max(end, subject_at if cue.subject_after else end)]
            within = [r for r in after if r.start < clause_end]
            role = (within or after)[:1][0] if (within or after) else None
            if role is None:
                return None
            obj = org_before(role.start)
            between = folded[max(end, subject_at) : role.start]
            if _NEW_COMPANY.search(between) and last_new_org:
                obj = last_new_org
            if obj is None:
                obj, confidence = HOME, confidence - 0.1
        elif cue.predicate in ("leave_of_absence", "dismissed"):
            obj = org_before(at) or org_after(end, gap=4)
            if obj is None:
                obj, confidence = HOME, confidence - 0.1

        # date
        when = None if cue.title else self._date(dates, at, clause_start, clause_end)
        if when is None and not cue.title and not s.headline:
            # News narrates in order: an undated event follows the last dated one, else the dateline.
            if context_date is not None:
                when, confidence = context_date, confidence - 0.15
            elif published is not None:
                when = PartialDate(published.year, published.month) if published.month else published
                confidence -= 0.2
        if s.headline:
            confidence -= 0.2
        anchor = _anchor(s.text, at, end)
        return Proposal(
            subject_id=subject,
            predicate=cue.predicate,
            object_id=obj,
            destination_id=destination,
            role_en=role.role_en if role else None,
            role_zh=role.role_zh if role else None,
            start=when,
            line=s.line,
            anchor=anchor,
            confidence=max(0.05, min(0.99, confidence)),
            co="联合" in match.group() or "共同" in match.group(),
        )

    @staticmethod
    def _is_destination(folded: str, at: int) -> bool:
        """A 'joined' verb that only names where a departure in the same sentence went."""
        earlier = folded[:at]
        return any(c.predicate == "departed" and c.pattern.search(earlier) for c in CUES)

    @staticmethod
    def _date(dates: list, at: int, clause_start: int, clause_end: int) -> PartialDate | None:
        in_clause = [d for d in dates if clause_start <= d.start < clause_end]
        before = [d for d in in_clause if d.start < at]
        if before:
            return before[-1].date
        if in_clause:
            return in_clause[0].date
        earlier = [d for d in dates if d.start < at]
        return earlier[-1].date if earlier else None

    def _merge(self, proposals: list[Proposal]) -> list[Proposal]:
        """One proposal per statement: the same subject, predicate, object and role with
        compatible dates are one (the finer date, the higher confidence, its line)."""
        out: list[Proposal] = []
        for p in proposals:
            sig = p.signature(self.roles)
            home = next(
                (
                    i
                    for i, q in enumerate(out)
                    if q.signature(self.roles) == sig
                    and dates_compatible(p.start, q.start)
                    and (not p.destination_id or not q.destination_id or p.destination_id == q.destination_id)
                ),
                None,
            )
            if home is None:
                out.append(p)
                continue
            q = out[home]
            best = p if p.confidence > q.confidence else q
            dates = [d for d in (p.start, q.start) if d]
            finer = max(dates, key=lambda d: d.precision) if dates else None
            out[home] = replace(
                best,
                start=finer,
                destination_id=p.destination_id or q.destination_id,
                confidence=min(0.99, max(p.confidence, q.confidence) + 0.05),
            )
        return out

    def _reference(self, p: Proposal) -> Proposal:
        """Mark a proposal the store already holds as another reference to that statement."""
        if self.statements is None:
            return p
        role = self.roles.match(p.role_en, p.role_zh)
        for st in self.statements.about(p.subject_id):
            if st.predicate != p.predicate or st.subject.id != p.subject_id:
                continue
            if (st.object.id if st.object else None) != p.object_id:
                continue
            if role is not None and (st.role is None or st.role.id != role.id):
                continue
            if not any(dates_compatible(p.start, d) for d in st.dates() or [None]):
                continue
            if p.destination_id and st.destination and st.destination.id != p.destination_id:
                continue
            return replace(p, existing=st.key)
        return p


def _anchor(line_text: str, at: int, end: int) -> str:
    """2-24 characters of the sentence around the cue, copied as they are."""
    lo = max(0, at - 8)
    hi = min(len(line_text), max(end + 6, lo + 4), lo + MAX_ANCHOR)
    anchor = line_text[lo:hi].strip()
    if len(anchor) < 2:
        anchor = line_text[at:end]
    return anchor[:MAX_ANCHOR]


def proposer_from(
    entities: Mapping[str, EntityInfo] | Sequence[EntityInfo],
    aliases: Iterable[tuple[str, str]],
    roles: RoleVocabulary,
    statements: Statements | None = None,
) -> Proposer:
    values = entities.values() if isinstance(entities, Mapping) else entities
    return Proposer(entities=values, aliases=aliases, roles=roles, statements=statements)
