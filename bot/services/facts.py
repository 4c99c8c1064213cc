"""Moderator use cases: add, edit, retract, revert facts; aliases; server settings.

Every change is sourced (no fact without a citation), attributed (actor), explained (reason)
and reversible (revisions); nothing is deleted.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import or_, true
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from bot.domain import fields
from bot.domain.dataset import NEEDS_OBJECT, NEEDS_ROLE, Predicate
from bot.domain.dates import format_span
from bot.domain.model import FactView
from bot.domain.names import normalise
from bot.domain.render import neutralise
from bot.domain.script import has_cjk, to_simplified, to_traditional
from bot.i18n import Lang, t
from bot.services import fact_input
from bot.services.fact_input import FactError
from db import edits, queries
from db.models import Alias, Fact, GuildConfig, Origin, Revision, Source, utcnow
from db.store import Store

log = logging.getLogger(__name__)

T = TypeVar("T")
ROLE_PREDICATES = {Predicate.HELD_ROLE, Predicate.BOARD_MEMBER, Predicate.WORKED_AT}


@dataclass
class FactInput:
    subject: str
    predicate: str
    source: str
    text_en: str | None = None
    text_zh: str | None = None
    object: str | None = None
    value: str | None = None
    role: str | None = None
    role_zh: str | None = None
    start: str | None = None
    end: str | None = None
    destination: str | None = None
    reason: str | None = None
    locator: str | None = None
    source_url: str | None = None
    source_title: str | None = None
    source_publisher: str | None = None
    source_date: str | None = None


@dataclass
class Change:
    """What a change did, for the reply and the log channel."""

    fact: FactView
    action: str
    version: int
    reason: str | None
    similar: list[FactView] = field(default_factory=list)
    new_source: str | None = None


def resolve_entity(store: Store, query: str, lang: Lang, *, option: str) -> str:
    """An entity id from an autocomplete value or any spelling; FactError when unknown or ambiguous."""
    query = fact_input.text(query, option, fields.NAME, lang) or ""
    with store.session() as session:
        if queries.entity(query, session=session) is not None:
            return query
    result = store.names.resolve(query)
    if result.found:
        return result.best.entity_id
    raise FactError(t("facts.unknown_entity", lang, option=option, query=neutralise(query)[:100]))


def _source(store: Store, inp: FactInput, lang: Lang, actor: str) -> tuple[str, str | None]:
    """The cited source id, creating a new source when a URL and title are given."""
    wanted = inp.source.strip()
    with store.session() as session:
        if session.get(Source, wanted) is not None:
            return wanted, None
    url, title, publisher = fact_input.source_fields(inp.source_url, inp.source_title, inp.source_publisher, lang)
    published = fact_input.date(inp.source_date, lang)
    source_id = f"m{secrets.token_hex(3)}"
    with store.session() as session:
        session.add(
            Source(
                id=source_id,
                file=None,
                title_en=title,
                title_zh=to_traditional(title),
                publisher=publisher,
                published=published,
                script="traditional",
                url=url,
                origin=Origin.LOCAL,
            )
        )
    log.info("%s added source %s (%s)", actor, source_id, url)
    return source_id, source_id


def _real_id(fact_id: int) -> bool:
    """Ids outside what our databases hold simply do not exist."""
    return 0 < fact_id <= fields.ID_MAX


def _load(session, fact_id: int) -> Fact | None:  # noqa: ANN001 - a Session
    """The fact with that id, or None (also for ids no database of ours can hold)."""
    return session.get(Fact, fact_id) if _real_id(fact_id) else None


def _view(store: Store, fact_id: int) -> FactView:
    with store.session() as session:
        return queries.fact_view(fact_id, session=session)


def _settle_race(work: Callable[[], T]) -> T:
    """Run a unit of work; if it lost a race with another writer (a unique version, alias or
    revision taken meanwhile), run it once more: it then sees the winner's change and answers
    with what happened (already retracted, changed by someone else, alias exists)."""
    try:
        return work()
    except (IntegrityError, StaleDataError) as exc:
        log.info("a concurrent change won; checking again: %s", exc.__class__.__name__)
    except OperationalError as exc:
        if "locked" not in str(exc):
            raise
        log.info("the database was locked by a concurrent change; checking again")
    return work()


def add_fact(store: Store, inp: FactInput, lang: Lang, *, actor: str) -> Change:
    try:
        predicate = Predicate(fact_input.text(inp.predicate, "predicate", 32, lang) or "")
    except ValueError:
        raise FactError(t("facts.bad_predicate", lang, value=neutralise(inp.predicate)[:40])) from None
    subject = resolve_entity(store, inp.subject, lang, option="subject")
    obj = resolve_entity(store, inp.object, lang, option="object") if fields.clean(inp.object) else None
    destination = (
        resolve_entity(store, inp.destination, lang, option="destination") if fields.clean(inp.destination) else None
    )
    if predicate in NEEDS_OBJECT and obj is None:
        raise FactError(t("facts.need_object", lang, predicate=predicate.value))
    roles = fact_input.roles(inp.role, inp.role_zh, lang)
    if predicate in NEEDS_ROLE and not roles["role_en"]:
        raise FactError(t("facts.need_role", lang))
    start, end = fact_input.date(inp.start, lang), fact_input.date(inp.end, lang)
    fact_input.check_order(start, end, lang)
    text_en, text_zh = fact_input.fact_texts(inp.text_en, inp.text_zh, lang)
    value = fact_input.text(inp.value, "value", fields.VALUE, lang)
    reason = fact_input.text(inp.reason, "reason", fields.REASON, lang, multiline=True)
    locator = fact_input.text(inp.locator, "locator", fields.LOCATOR, lang)
    source_id, new_source = _source(store, inp, lang, actor)
    row = {
        "predicate": predicate.value,
        "subject_id": subject,
        "object_id": obj,
        "destination_id": destination,
        "value": value,
        "start": start,
        "end": end,
        "text_en": text_en,
        "text_zh": text_zh,
        **roles,
        "rank": "normal",
        "status": "active",
        "reason_en": None,
        "reason_zh": None,
        "dispute": None,
        "date_note": None,
        "editorial": None,
    }
    citation = {"source": source_id, "line": None, "anchor": None, "locator": locator or "added by a moderator"}
    with store.session() as session:
        similar = queries.similar_facts(subject, predicate.value, obj, session=session)
        fact = edits.create_fact(
            session,
            key=f"m-{secrets.token_hex(4)}",
            fields=row,
            citations=[citation],
            action="add",
            actor=actor,
            reason=reason,
            origin=Origin.LOCAL,
        )
        fact_id = fact.id
    return Change(_view(store, fact_id), "add", 1, reason, similar, new_source)


# ---- the edit form ---------------------------------------------------------------------------

FORM_FIELDS = ("text_en", "text_zh", "dates", "detail")


@dataclass(frozen=True)
class EditForm:
    """What the edit form showed: each field's pre-filled text, and which column the one
    "detail" field stands for (the role title in the reader's language, or the value)."""

    fact_id: int
    version: int
    prefill: dict[str, str]
    detail_column: str  # role_en | role_zh | value

    def changed(self, submitted: dict[str, str | None]) -> dict[str, str]:
        """The fields the moderator changed; a field compares as the text it would be stored as."""
        out = {}
        for name in FORM_FIELDS:
            if name not in submitted:
                continue
            multiline = name in ("text_en", "text_zh")
            typed = submitted[name] or ""
            if fields.clean(typed, multiline=multiline) != fields.clean(self.prefill[name], multiline=multiline):
                out[name] = typed
        return out


def _detail_column(fact: FactView, lang: Lang) -> str:
    if fact.predicate in {p.value for p in ROLE_PREDICATES} or fact.role_en or fact.role_zh:
        if lang is Lang.EN:
            return "role_en" if fact.role_en or not fact.role_zh else "role_zh"
        return "role_zh" if fact.role_zh or not fact.role_en else "role_en"
    return "value"


def edit_form(fact: FactView, lang: Lang) -> EditForm:
    """The form for `fact` as a reader in `lang` sees it; FactError when a text is too long for
    any Discord form (it is never shown cut short)."""
    column = _detail_column(fact, lang)
    detail = getattr(fact, column) or ""
    if column == "role_zh" and lang is Lang.ZH_CN:
        detail = to_simplified(detail)
    prefill = {
        "text_en": fact.text_en,
        "text_zh": fact.text_zh,
        "dates": format_span(fact.start, fact.end),
        "detail": detail,
    }
    if any(len(v) > FORM_MAX for v in prefill.values()):
        raise FactError(t("facts.too_long_for_form", lang, id=fact.id, limit=FORM_MAX))
    return EditForm(fact.id, fact.version, prefill, column)


FORM_MAX = 4000  # the longest text Discord lets a form field hold


def _edited_fields(fact: Fact, form: EditForm, changed: dict[str, str], lang: Lang) -> dict:
    """The columns the changed form fields stand for, validated; nothing else is touched."""
    out: dict = {}
    for name in ("text_en", "text_zh"):
        if name in changed:
            value = fact_input.text(changed[name], name, fields.FACT_TEXT, lang, multiline=True)
            if not value:
                raise FactError(t("facts.text_empty", lang, field=name))
            out[name] = to_traditional(value) if name == "text_zh" else value
    if "dates" in changed:
        out["start"], out["end"] = fact_input.span(changed["dates"], lang)
        fact_input.check_order(out["start"], out["end"], lang)
    if "detail" in changed:
        column = form.detail_column
        if column == "value":
            out["value"] = fact_input.text(changed["detail"], "value", fields.VALUE, lang)
        else:
            typed = fact_input.text(changed["detail"], column, fields.ROLE, lang)
            if typed and has_cjk(typed):
                out["role_zh"] = to_traditional(typed)
            elif typed:
                out["role_en"] = typed
            else:
                out[column] = None
            role_en = out.get("role_en", fact.role_en)
            if fact.predicate in {p.value for p in NEEDS_ROLE} and not role_en:
                raise FactError(t("facts.need_role", lang))
            if (out.get("role_zh", fact.role_zh)) and not role_en:
                raise FactError(t("facts.need_role_en", lang))
    return out


@dataclass
class EditOutcome:
    status: str  # ok | conflict | unchanged | missing
    change: Change | None = None
    conflict: edits.Conflict | None = None


# Runs inside an edit's transaction, before the change is written: it may refuse (raise, and
# nothing is written) and may return one more citation for the new version.
Within = Callable[[Session, Fact], "dict | None"]


def edit_fact(
    store: Store,
    form: EditForm,
    submitted: dict[str, str | None],
    *,
    reason: str | None,
    lang: Lang,
    actor: str,
    within: Within | None = None,
) -> EditOutcome:
    """Apply exactly the fields the moderator changed in `form`; an unchanged form changes nothing.

    `within` lets a caller decide something in the same transaction (a review item approved with
    the edit it made, the suggester's source cited): both are saved, or neither."""
    changed = form.changed(submitted)
    if not changed:
        return EditOutcome("unchanged")
    why = fact_input.text(reason, "reason", fields.REASON, lang, multiline=True)
    if not why:
        raise FactError(t("facts.need_reason", lang))

    def work() -> EditOutcome:
        with store.session() as session:
            fact = _load(session, form.fact_id)
            if fact is None:
                return EditOutcome("missing")
            clash = edits.conflict(session, fact, form.version)
            if clash is not None:
                return EditOutcome("conflict", conflict=clash)
            values = _edited_fields(fact, form, changed, lang)
            citations = None
            extra = within(session, fact) if within is not None else None
            if extra is not None:
                citations = [
                    {"source": c.source_id, "line": c.line, "anchor": c.anchor, "locator": c.locator}
                    for c in edits.citations_of(session, fact.id)
                ]
                if not any(c["source"] == extra["source"] for c in citations):
                    citations.append(extra)
            revision = edits.change_fact(
                session, fact, fields=values, citations=citations, action="edit", actor=actor, reason=why
            )
            if revision is None:
                session.rollback()  # whatever `within` decided goes with the edit it was for
                return EditOutcome("unchanged")
            version = fact.version
        return EditOutcome("ok", Change(_view(store, form.fact_id), "edit", version, why))

    return _settle_race(work)


def retract_fact(store: Store, fact_id: int, reason: str, lang: Lang, *, actor: str) -> Change | None:
    why = fact_input.text(reason, "reason", fields.REASON, lang, multiline=True)
    if not why:
        raise FactError(t("facts.need_reason", lang))

    def work() -> Change | None:
        with store.session() as session:
            fact = _load(session, fact_id)
            if fact is None:
                return None
            if fact.status == "retracted":
                raise FactError(t("facts.already_retracted", lang, id=fact_id))
            edits.retract(session, fact, actor=actor, reason=why)
            version = fact.version
        return Change(_view(store, fact_id), "retract", version, why)

    return _settle_race(work)


def revert_fact(
    store: Store, fact_id: int, version: int, lang: Lang, *, actor: str, reason: str | None
) -> Change | None:
    why = fact_input.text(reason, "reason", fields.REASON, lang, multiline=True)

    def work() -> Change | None:
        with store.session() as session:
            fact = _load(session, fact_id)
            if fact is None:
                return None
            try:
                revision = edits.revert(session, fact, version, actor=actor, reason=why)
            except LookupError:
                raise FactError(t("facts.no_revision", lang, id=fact_id, version=version)) from None
            if revision is None:
                raise FactError(t("facts.revert_same", lang, version=version))
            new_version = fact.version
        return Change(_view(store, fact_id), "revert", new_version, revision.reason)

    return _settle_race(work)


def fact_with_history(store: Store, fact_id: int) -> tuple[FactView, list[Revision]] | None:
    with store.session() as session:
        if _load(session, fact_id) is None:
            return None
        return queries.fact_view(fact_id, session=session), edits.history(session, fact_id)


def search_facts(store: Store, typed: str, lang: Lang, *, limit: int = 25) -> list[tuple[int, str]]:
    """Autocomplete for fact ids: by id, by subject's name (any spelling), or by words of the text."""
    typed = fields.clean(typed).lstrip("#")
    number = fields.whole_number(typed)
    with store.session() as session:
        stmt = select(Fact).order_by(Fact.id).limit(limit)
        if number is not None:
            stmt = stmt.where(Fact.id == (number if _real_id(number) else 0))
        elif typed:
            subjects = [c.entity_id for c in store.names.suggest(typed, limit=5)]
            like = f"%{typed}%"
            stmt = stmt.where(
                or_(
                    Fact.subject_id.in_(subjects),
                    Fact.text_en.ilike(like),
                    Fact.text_zh.ilike(like),
                    Fact.text_zh.ilike(f"%{to_traditional(typed)}%"),
                )
            )
        rows = list(session.exec(stmt))
        refs = queries.entity_refs({f.subject_id for f in rows}, session=session)
    out = []
    for fact in rows:
        text = fact.text_en if lang is Lang.EN else fact.text_zh
        ref = refs.get(fact.subject_id)
        mark = "✗ " if fact.status == "retracted" else ""
        out.append((fact.id, f"#{fact.id} {mark}{ref.name_en if ref else fact.subject_id}: {text}"[:100]))
    return out


# ---- aliases and server settings ------------------------------------------------------------


def add_alias(store: Store, person: str, alias: str, lang: Lang, *, actor: str) -> tuple[str, str]:
    entity_id = resolve_entity(store, person, lang, option="person")
    text = fact_input.text(alias, "alias", fields.NAME, lang) or ""
    norm = normalise(text)
    if not norm:
        raise FactError(t("facts.bad_alias", lang))
    others = [c.entity_id for c in store.names.resolve(text).candidates if c.exact and c.entity_id != entity_id]
    if others:
        with store.session() as session:
            other = queries.entity(others[0], session=session)
        name = other.ref.name_en if other else others[0]
        raise FactError(t("facts.alias_taken", lang, alias=neutralise(text), other=neutralise(name)))

    def work() -> None:
        with store.session() as session:
            row = session.exec(select(Alias).where(Alias.entity_id == entity_id, Alias.norm == norm)).first()
            if row is None:
                session.add(Alias(entity_id=entity_id, text=text, norm=norm[: fields.NAME], origin=Origin.LOCAL))
            elif row.active:
                raise FactError(t("facts.alias_exists", lang, alias=neutralise(text)))
            else:
                row.active, row.origin = True, Origin.LOCAL

    _settle_race(work)
    store.invalidate_names()
    log.info("%s added alias %r to %s", actor, text, entity_id)
    return entity_id, text


def remove_alias(store: Store, person: str, alias: str, lang: Lang, *, actor: str) -> tuple[str, str]:
    entity_id = resolve_entity(store, person, lang, option="person")
    text = fact_input.text(alias, "alias", fields.NAME, lang) or ""
    norm = normalise(text)
    with store.session() as session:
        row = session.exec(
            select(Alias).where(Alias.entity_id == entity_id, Alias.norm == norm, col(Alias.active) == true())
        ).first()
        if row is None:
            raise FactError(t("facts.no_alias", lang, alias=neutralise(text)))
        # Kept as an inactive row, so a re-seed from data/ does not bring it back.
        row.active, row.origin = False, Origin.LOCAL
    store.invalidate_names()
    log.info("%s removed alias %r from %s", actor, text, entity_id)
    return entity_id, text


def guild_config(store: Store, guild_id: int) -> GuildConfig | None:
    with store.session() as session:
        return session.get(GuildConfig, guild_id)


def set_guild_config(
    store: Store, guild_id: int, *, moderator_role_id: int | None, log_channel_id: int | None, actor: str
) -> GuildConfig:
    with store.session() as session:
        config = session.get(GuildConfig, guild_id) or GuildConfig(guild_id=guild_id, updated_by=actor)
        if moderator_role_id is not None:
            config.moderator_role_id = moderator_role_id
        if log_channel_id is not None:
            config.log_channel_id = log_channel_id
        config.updated_by, config.updated_at = actor, utcnow()
        session.add(config)
    return config


# Two-person mode: a contributor role whose fact edits wait in the review queue for a moderator.
# Kept in the key-value table, so the setting needs no schema change.


def _contributor_key(guild_id: int) -> str:
    return f"contributor_role:{guild_id}"


def contributor_role_id(store: Store, guild_id: int) -> int | None:
    with store.session() as session:
        value = queries.get_meta(_contributor_key(guild_id), session=session)
    return int(value) if value and value.isdigit() else None


def set_contributor_role(store: Store, guild_id: int, role_id: int, *, actor: str) -> None:
    with store.session() as session:
        queries.set_meta(_contributor_key(guild_id), str(role_id), session=session)
    log.info("%s set the contributor role of guild %s to %s", actor, guild_id, role_id)


def check_edit(
    store: Store, form: EditForm, submitted: dict[str, str | None], *, reason: str | None, lang: Lang
) -> tuple[dict[str, str], str]:
    """What an edit would change and its reason, validated as edit_fact would, without saving
    (a contributor's edit is checked when submitted, applied when a moderator approves it).
    FactError for bad input; an empty dict when it changes nothing."""
    changed = form.changed(submitted)
    if not changed:
        return {}, ""
    why = fact_input.text(reason, "reason", fields.REASON, lang, multiline=True)
    if not why:
        raise FactError(t("facts.need_reason", lang))
    with store.session() as session:
        fact = _load(session, form.fact_id)
        if fact is None:
            raise FactError(t("facts.not_found", lang, id=form.fact_id))
        _edited_fields(fact, form, changed, lang)
    return changed, why
