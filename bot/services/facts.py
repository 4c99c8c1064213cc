"""Moderator use cases: add, edit, retract, revert facts; aliases; server settings.

Every change is sourced (no fact without a citation), attributed (actor), explained (reason)
and reversible (revisions); nothing is deleted.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field

from sqlalchemy import or_, true
from sqlmodel import col, select

from bot.domain.dataset import NEEDS_OBJECT, NEEDS_ROLE, Predicate
from bot.domain.dates import DateError, PartialDate, parse_span
from bot.domain.model import FactView
from bot.domain.names import normalise
from bot.domain.render import neutralise
from bot.domain.script import has_cjk, to_traditional
from bot.i18n import Lang, t
from db import edits, queries
from db.models import Alias, Fact, GuildConfig, Origin, Revision, Source, utcnow
from db.store import Store

log = logging.getLogger(__name__)

ROLE_PREDICATES = {Predicate.HELD_ROLE, Predicate.BOARD_MEMBER, Predicate.WORKED_AT}


class FactError(ValueError):
    """A moderator input that cannot be applied; the message is localised and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def resolve_entity(store: Store, query: str, lang: Lang, *, option: str) -> str:
    """An entity id from an autocomplete value or any spelling; FactError when unknown or ambiguous."""
    query = query.strip()
    with store.session() as session:
        if queries.entity(query, session=session) is not None:
            return query
    result = store.names.resolve(query)
    if result.found:
        return result.best.entity_id
    raise FactError(t("facts.unknown_entity", lang, option=option, query=neutralise(query)[:100]))


def _date(text: str | None, lang: Lang) -> str | None:
    if not _clean(text):
        return None
    try:
        return PartialDate.parse(text).iso()
    except DateError:
        raise FactError(t("error.bad_date", lang, value=neutralise(text.strip())[:40])) from None


def _texts(text_en: str | None, text_zh: str | None, lang: Lang) -> tuple[str, str]:
    en, zh = _clean(text_en), _clean(text_zh)
    if not en and not zh:
        raise FactError(t("facts.need_text", lang))
    if zh:
        zh = to_traditional(zh)  # stored in Traditional; Simplified is derived when shown
    # One language is enough; the other shows the same words until someone translates them.
    return en or zh, zh or en


def _role_fields(role: str | None) -> dict:
    role = _clean(role)
    if role is None:
        return {}
    return {"role_zh": to_traditional(role)} if has_cjk(role) else {"role_en": role}


def _source(store: Store, inp: FactInput, lang: Lang, actor: str) -> tuple[str, str | None]:
    """The cited source id, creating a new source when a URL and title are given."""
    wanted = inp.source.strip()
    with store.session() as session:
        if session.get(Source, wanted) is not None:
            return wanted, None
        url, title = _clean(inp.source_url), _clean(inp.source_title)
        if not (url and title) or not url.startswith(("http://", "https://")):
            raise FactError(t("facts.need_source", lang))
        published = _date(inp.source_date, lang)
        source_id = f"m{secrets.token_hex(3)}"
        session.add(
            Source(
                id=source_id,
                file=None,
                title_en=title[:300],
                title_zh=to_traditional(title)[:300],
                publisher=(_clean(inp.source_publisher) or url.split("/")[2])[:200],
                published=published,
                script="traditional",
                url=url[:500],
                origin=Origin.LOCAL,
            )
        )
    log.info("%s added source %s (%s)", actor, source_id, url)
    return source_id, source_id


MAX_ID = 2**31 - 1  # fact ids are 32-bit integers in every database we run on


def _real_id(fact_id: int) -> bool:
    """Discord lets members type integers up to 2**53; ids outside ours simply do not exist."""
    return 0 < fact_id <= MAX_ID


def _load(session, fact_id: int) -> Fact | None:  # noqa: ANN001 - a Session
    """The fact with that id, or None (also for ids no database of ours can hold)."""
    return session.get(Fact, fact_id) if _real_id(fact_id) else None


def _view(store: Store, fact_id: int) -> FactView:
    with store.session() as session:
        return queries.fact_view(fact_id, session=session)


def add_fact(store: Store, inp: FactInput, lang: Lang, *, actor: str) -> Change:
    try:
        predicate = Predicate(inp.predicate)
    except ValueError:
        raise FactError(t("facts.bad_predicate", lang, value=neutralise(inp.predicate)[:40])) from None
    subject = resolve_entity(store, inp.subject, lang, option="subject")
    obj = resolve_entity(store, inp.object, lang, option="object") if _clean(inp.object) else None
    destination = (
        resolve_entity(store, inp.destination, lang, option="destination") if _clean(inp.destination) else None
    )
    if predicate in NEEDS_OBJECT and obj is None:
        raise FactError(t("facts.need_object", lang, predicate=predicate.value))
    roles = _role_fields(inp.role)
    if predicate in NEEDS_ROLE and not roles:
        raise FactError(t("facts.need_role", lang))
    start, end = _date(inp.start, lang), _date(inp.end, lang)
    if start and end and PartialDate.parse(end) < PartialDate.parse(start):
        raise FactError(t("error.bad_range", lang, start=start, end=end))
    text_en, text_zh = _texts(inp.text_en, inp.text_zh, lang)
    source_id, new_source = _source(store, inp, lang, actor)
    fields = {
        "predicate": predicate.value,
        "subject_id": subject,
        "object_id": obj,
        "destination_id": destination,
        "value": _clean(inp.value),
        "start": start,
        "end": end,
        "text_en": text_en,
        "text_zh": text_zh,
        "role_en": roles.get("role_en"),
        "role_zh": roles.get("role_zh"),
        "rank": "normal",
        "status": "active",
        "reason_en": None,
        "reason_zh": None,
        "dispute": None,
        "statement": None,
        "date_note": None,
        "editorial": None,
    }
    citation = {
        "source": source_id,
        "line": None,
        "anchor": None,
        "locator": _clean(inp.locator) or "added by a moderator",
    }
    with store.session() as session:
        similar = queries.similar_facts(subject, predicate.value, obj, session=session)
        fact = edits.create_fact(
            session,
            key=f"m-{secrets.token_hex(4)}",
            fields=fields,
            citations=[citation],
            action="add",
            actor=actor,
            reason=_clean(inp.reason),
            origin=Origin.LOCAL,
        )
        fact_id = fact.id
    return Change(_view(store, fact_id), "add", 1, _clean(inp.reason), similar, new_source)


@dataclass
class EditOutcome:
    status: str  # ok | conflict | unchanged | missing
    change: Change | None = None
    conflict: edits.Conflict | None = None


def edit_fact(
    store: Store,
    fact_id: int,
    seen_version: int,
    *,
    text_en: str | None,
    text_zh: str | None,
    dates: str | None,
    detail: str | None,
    reason: str,
    lang: Lang,
    actor: str,
) -> EditOutcome:
    if not _clean(reason):
        raise FactError(t("facts.need_reason", lang))
    try:
        start, end = parse_span(dates)
    except DateError:
        raise FactError(t("error.bad_date", lang, value=neutralise((dates or "").strip())[:40])) from None
    en, zh = _texts(text_en, text_zh, lang)
    with store.session() as session:
        fact = _load(session, fact_id)
        if fact is None:
            return EditOutcome("missing")
        clash = edits.conflict(session, fact, seen_version)
        if clash is not None:
            return EditOutcome("conflict", conflict=clash)
        fields: dict = {
            "text_en": en,
            "text_zh": zh,
            "start": start.iso() if start else None,
            "end": end.iso() if end else None,
        }
        if fact.predicate in {p.value for p in ROLE_PREDICATES}:
            roles = _role_fields(detail)
            if not roles and fact.predicate in {p.value for p in NEEDS_ROLE}:
                raise FactError(t("facts.need_role", lang))
            # The form shows one title in the reader's language; the other language's title stays.
            fields.update(roles or {"role_en": None, "role_zh": None})
        else:
            fields["value"] = _clean(detail)
        revision = edits.change_fact(
            session, fact, fields=fields, citations=None, action="edit", actor=actor, reason=_clean(reason)
        )
        if revision is None:
            return EditOutcome("unchanged")
        version = fact.version
    return EditOutcome("ok", Change(_view(store, fact_id), "edit", version, _clean(reason)))


def retract_fact(store: Store, fact_id: int, reason: str, lang: Lang, *, actor: str) -> Change | None:
    if not _clean(reason):
        raise FactError(t("facts.need_reason", lang))
    with store.session() as session:
        fact = _load(session, fact_id)
        if fact is None:
            return None
        if fact.status == "retracted":
            raise FactError(t("facts.already_retracted", lang, id=fact_id))
        edits.retract(session, fact, actor=actor, reason=reason.strip())
        version = fact.version
    return Change(_view(store, fact_id), "retract", version, reason.strip())


def revert_fact(
    store: Store, fact_id: int, version: int, lang: Lang, *, actor: str, reason: str | None
) -> Change | None:
    with store.session() as session:
        fact = _load(session, fact_id)
        if fact is None:
            return None
        try:
            revision = edits.revert(session, fact, version, actor=actor, reason=_clean(reason))
        except LookupError:
            raise FactError(t("facts.no_revision", lang, id=fact_id, version=version)) from None
        if revision is None:
            raise FactError(t("facts.revert_same", lang, version=version))
        new_version = fact.version
    return Change(_view(store, fact_id), "revert", new_version, revision.reason)


def fact_with_history(store: Store, fact_id: int) -> tuple[FactView, list[Revision]] | None:
    with store.session() as session:
        if _load(session, fact_id) is None:
            return None
        return queries.fact_view(fact_id, session=session), edits.history(session, fact_id)


def search_facts(store: Store, typed: str, lang: Lang, *, limit: int = 25) -> list[tuple[int, str]]:
    """Autocomplete for fact ids: by id, by subject's name (any spelling), or by words of the text."""
    typed = typed.strip().lstrip("#")
    with store.session() as session:
        stmt = select(Fact).order_by(Fact.id).limit(limit)
        if typed.isdigit():
            stmt = stmt.where(Fact.id == (int(typed) if _real_id(int(typed)) else 0))
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
    text = alias.strip()
    norm = normalise(text)
    if not norm:
        raise FactError(t("facts.bad_alias", lang))
    with store.session() as session:
        row = session.exec(select(Alias).where(Alias.entity_id == entity_id, Alias.norm == norm)).first()
        if row is None:
            session.add(Alias(entity_id=entity_id, text=text[:100], norm=norm[:100], origin=Origin.LOCAL))
        elif row.active:
            raise FactError(t("facts.alias_exists", lang, alias=neutralise(text)))
        else:
            row.active, row.origin = True, Origin.LOCAL
    store.invalidate_names()
    log.info("%s added alias %r to %s", actor, text, entity_id)
    return entity_id, text


def remove_alias(store: Store, person: str, alias: str, lang: Lang, *, actor: str) -> tuple[str, str]:
    entity_id = resolve_entity(store, person, lang, option="person")
    norm = normalise(alias)
    with store.session() as session:
        row = session.exec(
            select(Alias).where(Alias.entity_id == entity_id, Alias.norm == norm, col(Alias.active) == true())
        ).first()
        if row is None:
            raise FactError(t("facts.no_alias", lang, alias=neutralise(alias.strip())[:100]))
        # Kept as an inactive row, so a re-seed from data/ does not bring it back.
        row.active, row.origin = False, Origin.LOCAL
    store.invalidate_names()
    log.info("%s removed alias %r from %s", actor, alias, entity_id)
    return entity_id, alias.strip()


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
