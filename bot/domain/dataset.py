"""The curated dataset in data/: its schema, loading and validation.

Errors name the file, the entry and the field, so a reviewer can fix a broken file directly.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.domain.dates import DateError, PartialDate
from bot.domain.roles import RoleVocabulary

log = logging.getLogger(__name__)


class Predicate(StrEnum):
    FOUNDED = "founded"
    HELD_ROLE = "held_role"
    BOARD_MEMBER = "board_member"
    JOINED = "joined"
    DEPARTED = "departed"
    RETURNED = "returned"
    LEAVE_OF_ABSENCE = "leave_of_absence"
    DISMISSED = "dismissed"
    STUDIED_UNDER = "studied_under"
    EDUCATED_AT = "educated_at"
    WORKED_AT = "worked_at"
    COLLABORATED = "collaborated"
    AUTHORED = "authored"
    RELEASED = "released"
    INVESTED = "invested"
    VALUATION = "valuation"
    STATEMENT = "statement"
    EVENT = "event"


# Predicates that need an object entity, and ones that need a literal value.
NEEDS_OBJECT = {
    Predicate.FOUNDED,
    Predicate.HELD_ROLE,
    Predicate.BOARD_MEMBER,
    Predicate.JOINED,
    Predicate.DEPARTED,
    Predicate.RETURNED,
    Predicate.LEAVE_OF_ABSENCE,
    Predicate.DISMISSED,
    Predicate.STUDIED_UNDER,
    Predicate.EDUCATED_AT,
    Predicate.WORKED_AT,
    Predicate.COLLABORATED,
    Predicate.INVESTED,
}
NEEDS_ROLE = {Predicate.HELD_ROLE}
# Leaving events: what /departures lists.
DEPARTURE_PREDICATES = {Predicate.DEPARTED, Predicate.LEAVE_OF_ABSENCE, Predicate.DISMISSED}


class Rank(StrEnum):
    PREFERRED = "preferred"
    NORMAL = "normal"
    LOW = "low"  # kept as what an article reports, shown with a note, never quiz material
    DEPRECATED = "deprecated"


class Status(StrEnum):
    ACTIVE = "active"
    RETRACTED = "retracted"  # kept for the record, never shown or quizzed


class EntityKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"


class Script(StrEnum):
    TRADITIONAL = "traditional"
    SIMPLIFIED = "simplified"


def _check_date(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return PartialDate.parse(str(value)).iso()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=False)


class SourceRecord(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,31}$")
    file: str | None = None
    title_en: str = Field(min_length=1)
    title_zh: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    published: str | None = None
    script: Script
    url: str | None = None

    _date = field_validator("published", mode="before")(_check_date)


class EntityRecord(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40)  # fits in a custom_id
    kind: EntityKind
    name_en: str = Field(min_length=1, max_length=100)
    name_zh: str | None = Field(default=None, max_length=100)
    summary_en: str | None = Field(default=None, max_length=300)
    summary_zh: str | None = Field(default=None, max_length=300)
    aliases: list[str] = Field(default_factory=list)
    editorial: str | None = None

    @field_validator("aliases", mode="before")
    @classmethod
    def _aliases(cls, value: Any) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise ValueError("must be a list of names")
        out = [str(item).strip() for item in value]
        if any(not item for item in out):
            raise ValueError("an alias is empty")
        return out

    def all_names(self) -> list[str]:
        return [n for n in (self.name_en, self.name_zh, *self.aliases) if n]


class RoleRecord(_Strict):
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=48)
    label_en: str = Field(min_length=1, max_length=150)
    label_zh: str = Field(min_length=1, max_length=150)
    synonyms: list[str] = Field(default_factory=list)
    seniority: int = Field(default=0, ge=0, le=10)
    single: bool = False
    kind: str = Field(default="staff", pattern=r"^(leadership|research|staff|board|outside)$")

    @field_validator("synonyms", mode="before")
    @classmethod
    def _synonyms(cls, value: Any) -> list[str]:
        return [] if value is None else [str(item).strip() for item in value]


class CitationRecord(_Strict):
    source: str
    line: int | None = Field(default=None, ge=1)
    anchor: str | None = Field(default=None, min_length=2, max_length=24)
    locator: str | None = Field(default=None, max_length=200)


class FactRecord(_Strict):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")
    predicate: Predicate
    subject: str
    object: str | None = None
    value: str | None = Field(default=None, max_length=300)
    role_en: str | None = Field(default=None, max_length=150)
    role_zh: str | None = Field(default=None, max_length=150)
    start: str | None = None
    end: str | None = None
    destination: str | None = None
    reason_en: str | None = Field(default=None, max_length=500)
    reason_zh: str | None = Field(default=None, max_length=500)
    text_en: str = Field(min_length=1, max_length=900)
    text_zh: str = Field(min_length=1, max_length=900)
    citations: list[CitationRecord] = Field(min_length=1)
    rank: Rank = Rank.NORMAL
    status: Status = Status.ACTIVE
    dispute: str | None = Field(default=None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
    # Claims sharing this key report one statement, whatever the grouping rules would decide.
    statement: str | None = Field(default=None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)
    date_note: str | None = None
    editorial: str | None = None

    _dates = field_validator("start", "end", mode="before")(_check_date)

    @field_validator("value", mode="before")
    @classmethod
    def _value_text(cls, value: Any) -> str | None:
        return None if value is None else str(value)

    def content_hash(self) -> str:
        """Fingerprint of the curated content, to tell a changed dataset entry from an unchanged one."""
        data = self.model_dump(mode="json")
        if data["statement"] is None:
            del data["statement"]  # fields added later leave earlier fingerprints as they were
        payload = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.entry}: {self.field}: {self.message}"


class DatasetError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        head = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} problem(s) in the dataset:\n{head}{more}")


@dataclass
class Dataset:
    sources: list[SourceRecord] = field(default_factory=list)
    entities: list[EntityRecord] = field(default_factory=list)
    facts: list[FactRecord] = field(default_factory=list)
    roles: list[RoleRecord] = field(default_factory=list)
    fact_files: dict[str, str] = field(default_factory=dict)  # fact key → file it came from

    def counts(self) -> dict[str, int]:
        kinds = Counter(e.kind for e in self.entities)
        disputes = Counter(f.dispute for f in self.facts if f.dispute)
        return {
            "sources": len(self.sources),
            "people": kinds[EntityKind.PERSON],
            "organisations": kinds[EntityKind.ORGANISATION],
            "aliases": sum(len(e.all_names()) for e in self.entities),
            "facts": len(self.facts),
            "departures": sum(f.predicate in DEPARTURE_PREDICATES for f in self.facts),
            "dated events": sum(f.start is not None for f in self.facts),
            "disputes": len(disputes),
            "disputed claims": sum(disputes.values()),
            "citations": sum(len(f.citations) for f in self.facts),
        }


def _read_yaml(path: Path, rel: str, top: str, problems: list[Problem]) -> list[dict[str, Any]]:
    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, "-", "-", f"cannot read: {exc}"))
        return []
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f"line {where.line + 1}" if where else "-"
        problems.append(Problem(rel, at, "-", f"not valid YAML: {getattr(exc, 'problem', exc)}"))
        return []
    if not isinstance(doc, dict) or not isinstance(doc.get(top), list):
        problems.append(Problem(rel, "-", top, f"expected a top-level '{top}:' list"))
        return []
    items: list[dict[str, Any]] = doc[top]
    return items


def _parse_entries(
    rel: str, rows: list[Any], model: type[BaseModel], id_field: str, problems: list[Problem]
) -> list[Any]:
    out = []
    for n, row in enumerate(rows, start=1):
        label = f"#{n}"
        if isinstance(row, dict) and row.get(id_field):
            label = f"{row[id_field]}"
        if not isinstance(row, dict):
            problems.append(Problem(rel, label, "-", "expected a mapping"))
            continue
        try:
            out.append(model.model_validate(row))
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(part) for part in err["loc"]) or "-"
                msg = err["msg"]
                ctx = err.get("ctx", {}).get("error")
                if isinstance(ctx, DateError):
                    msg = f"bad date {ctx.text!r}: {ctx.problem}"
                problems.append(Problem(rel, label, loc, msg))
    return out


def load_dataset(data_dir: Path, *, articles_dir: Path | None = None) -> Dataset:
    """Read and validate data/. Raises DatasetError listing every problem found.

    With `articles_dir`, each citation's line and anchor are also checked against the article text.
    """
    problems: list[Problem] = []
    ds = Dataset()
    sources_path = data_dir / "sources.yaml"
    entities_path = data_dir / "entities.yaml"
    for required in (sources_path, entities_path):
        if not required.is_file():
            problems.append(Problem(required.name, "-", "-", "file is missing"))
    if sources_path.is_file():
        ds.sources = _parse_entries(
            "sources.yaml", _read_yaml(sources_path, "sources.yaml", "sources", problems), SourceRecord, "id", problems
        )
    if entities_path.is_file():
        ds.entities = _parse_entries(
            "entities.yaml",
            _read_yaml(entities_path, "entities.yaml", "entities", problems),
            EntityRecord,
            "id",
            problems,
        )
    ds.roles = _load_roles(data_dir, problems)
    fact_dir = data_dir / "facts"
    for path in sorted(fact_dir.glob("*.yaml")) if fact_dir.is_dir() else []:
        rel = f"facts/{path.name}"
        facts = _parse_entries(rel, _read_yaml(path, rel, "facts", problems), FactRecord, "key", problems)
        for fact in facts:
            ds.fact_files.setdefault(fact.key, rel)
        ds.facts.extend(facts)
    _check_references(ds, problems)
    if articles_dir is not None:
        _check_anchors(ds, articles_dir, problems)
    if problems:
        raise DatasetError(problems)
    return ds


def _load_roles(data_dir: Path, problems: list[Problem]) -> list[RoleRecord]:
    path = data_dir / "roles.yaml"
    if not path.is_file():
        problems.append(Problem("roles.yaml", "-", "-", "file is missing"))
        return []
    rows = _read_yaml(path, "roles.yaml", "roles", problems)
    roles: list[RoleRecord] = _parse_entries("roles.yaml", rows, RoleRecord, "id", problems)
    for message in role_vocabulary(roles).problems:
        problems.append(Problem("roles.yaml", "-", "-", message))
    return roles


def role_vocabulary(roles: list[RoleRecord]) -> RoleVocabulary:
    return RoleVocabulary.from_records(r.model_dump() for r in roles)


def load_roles(data_dir: Path) -> RoleVocabulary:
    """The role vocabulary alone (answers need it; the rest of the dataset lives in the store)."""
    problems: list[Problem] = []
    roles = _load_roles(data_dir, problems)
    if problems:
        raise DatasetError(problems)
    return role_vocabulary(roles)


def _duplicates(values: list[str]) -> set[str]:
    return {v for v, n in Counter(values).items() if n > 1}


def _check_references(ds: Dataset, problems: list[Problem]) -> None:
    for dup in _duplicates([s.id for s in ds.sources]):
        problems.append(Problem("sources.yaml", dup, "id", "used by more than one source"))
    for dup in _duplicates([e.id for e in ds.entities]):
        problems.append(Problem("entities.yaml", dup, "id", "used by more than one entity"))
    for fact_key in _duplicates([f.key for f in ds.facts]):
        problems.append(Problem(ds.fact_files[fact_key], fact_key, "key", "used by more than one fact"))
    sources = {s.id for s in ds.sources}
    entities = {e.id: e for e in ds.entities}
    for fact in ds.facts:
        rel = ds.fact_files[fact.key]

        def bad(field_name: str, message: str, fact_key: str = fact.key, rel: str = rel) -> None:
            problems.append(Problem(rel, fact_key, field_name, message))

        for name in ("subject", "object", "destination"):
            ref = getattr(fact, name)
            if ref is not None and ref not in entities:
                bad(name, f"unknown entity {ref!r}")
        if fact.predicate in NEEDS_OBJECT and fact.object is None:
            bad("object", f"required for predicate {fact.predicate.value!r}")
        if fact.predicate in NEEDS_ROLE and not fact.role_en:
            bad("role_en", "required for predicate 'held_role'")
        if fact.start and fact.end and PartialDate.parse(fact.end) < PartialDate.parse(fact.start):
            bad("end", f"{fact.end} is before start {fact.start}")
        for n, cite in enumerate(fact.citations):
            if cite.source not in sources:
                bad(f"citations.{n}.source", f"unknown source {cite.source!r}")
            if cite.line is None and not cite.locator:
                bad(f"citations.{n}", "needs a line (with anchor) or a locator")


def _check_anchors(ds: Dataset, articles_dir: Path, problems: list[Problem]) -> None:
    texts: dict[str, list[str]] = {}
    for src in ds.sources:
        if src.file and (articles_dir / src.file).is_file():
            texts[src.id] = (articles_dir / src.file).read_text(encoding="utf-8").splitlines()
    for fact in ds.facts:
        for n, cite in enumerate(fact.citations):
            lines = texts.get(cite.source)
            if lines is None or cite.line is None:
                continue
            where = Problem(ds.fact_files[fact.key], fact.key, f"citations.{n}", "")
            if cite.line > len(lines):
                problems.append(
                    Problem(
                        where.file, where.entry, where.field, f"line {cite.line} is past the end ({len(lines)} lines)"
                    )
                )
            elif cite.anchor and cite.anchor not in lines[cite.line - 1]:
                problems.append(
                    Problem(
                        where.file, where.entry, where.field, f"anchor {cite.anchor!r} not found on line {cite.line}"
                    )
                )
