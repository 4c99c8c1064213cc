"""Members suggest corrections to statements; moderators approve them as edits of the claim.

A suggestion names a statement (by its key), says what is wrong and what it should say, and gives
a source address. It waits in the review queue as a 'suggestion' item. Approving it edits the
statement's leading claim through the moderators' fact-edit path (a new revision, credited to the
moderator and the member, citing the member's source) and decides the item in the same
transaction. Nothing is deleted: rejected items keep their reason.
"""

from __future__ import annotations

import json
import logging
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, col, select

from bot.domain.render import neutralise
from bot.domain.script import has_cjk, to_traditional
from bot.domain.statements import Statement, Statements
from bot.domain.suggest import Suggestion
from bot.i18n import Lang, pick
from bot.services import facts, lookups
from bot.services.facts import EditForm, EditOutcome
from bot.services.review import ItemView, ReviewError, _view, credit
from bot.services.statements import statements
from db import queries
from db.models import Fact, Origin, ReviewItem, ReviewStatus, Source, utcnow
from db.store import Store

log = logging.getLogger(__name__)

PENDING_MAX = 20  # pending suggestions one member may have at once (the cooldown is per process)
PICK_MAX = 25  # options in a select menu


def find(store: Store, key: str) -> Statement | None:
    """The statement with this key (or containing the claim with this key), as members see it now."""
    index = statements(store)
    by_key = store.memo(("statement_keys",), lambda: {s.key: s for s in index.all})
    return by_key.get(key) or index.by_claim.get(key)


def label(st: Statement, lang: Lang) -> str:
    """One line naming a statement in a menu: its date and text."""
    date = st.start or ""
    return neutralise(f"{date} {pick(lang, st.text_en, st.text_zh)}".strip())[:100]


def search(store: Store, typed: str, lang: Lang, *, limit: int = PICK_MAX) -> list[tuple[str, str]]:
    """Autocomplete for /suggest: statements about a person or organisation typed by any name, or
    whose text holds the words typed. (value, label) pairs, at most 25."""
    index = statements(store)
    typed = (typed or "").strip()
    if not typed:
        return []
    found: dict[str, Statement] = {}
    exact = find(store, typed)  # autocomplete sends the key itself as the value
    if exact is not None:
        found[exact.key] = exact
    for cand in store.names.suggest(typed, limit=3):
        for st in index.about(cand.entity_id):
            found.setdefault(st.key, st)
            if len(found) >= limit:
                break
    if len(found) < limit:
        folded = typed.casefold()
        zh = to_traditional(typed)
        for st in index.all:
            if folded in st.text_en.casefold() or zh in st.text_zh:
                found.setdefault(st.key, st)
                if len(found) >= limit:
                    break
    return [(key, label(st, lang)) for key, st in list(found.items())[:limit]]


def on_answer(store: Store, kind: str, state: str, page: int, lang: Lang) -> list[tuple[str, str]]:
    """The statements an answer showed (its page), for the "Suggest a correction" menu."""
    index: Statements = statements(store)
    shown: list[Statement]
    if kind == "who":
        about = index.about(state)
        shown = about[page * PICK_MAX : (page + 1) * PICK_MAX] or about[:PICK_MAX]
    elif kind == "dep":
        query = lookups.DeparturesQuery.decode(state)
        rows = index.departures(year=query.year, destination_id=query.destination_id)
        shown = lookups._page_of(rows, page)[0]  # noqa: SLF001 - the page the answer showed
    elif kind == "tl":
        tq = lookups.TimelineQuery.decode(state)
        shown = lookups._page_of(index.timeline(start=tq.start, end=tq.end, entity_id=tq.person_id), page)[0]  # noqa: SLF001
    elif kind == "s":  # an /ask answer: the keys of the statements it showed
        shown = [st for key in state.split(",") if key and (st := find(store, key)) is not None]
    else:  # "q": a revealed quiz question, by its post id; the statements its facts belong to
        from bot.services import quiz  # the quiz reads statements too: imported where it is needed

        post = quiz.get_post(store, int(state)) if state.isdigit() and int(state) < 2**63 else None
        keys = quiz.question_from_json(post.question).fact_keys if post is not None and post.closed else ()
        shown = list({st.key: st for k in keys if (st := find(store, k)) is not None}.values())
    return [(st.key, label(st, lang)) for st in shown[:PICK_MAX]]


def submit(
    store: Store, suggestion: Suggestion, *, user: str, user_id: int, guild_id: int | None, lang: Lang
) -> ItemView:
    """Queue a checked suggestion. Raises ReviewError (no such statement, too many pending, the same
    suggestion already waiting)."""
    st = find(store, suggestion.statement_key)
    if st is None:
        raise ReviewError("suggest.no_statement", key=neutralise(suggestion.statement_key)[:64])
    lead = st.lead
    payload = suggestion.payload(
        current_en=st.text_en, current_zh=st.text_zh, fact_id=lead.id, version=lead.version, lang=lang.value
    )
    with store.session() as session:
        mine = list(
            session.exec(
                select(ReviewItem).where(
                    ReviewItem.kind == "suggestion",
                    ReviewItem.status == ReviewStatus.PENDING,
                    ReviewItem.suggester_id == user_id,
                )
            )
        )
        if len(mine) >= PENDING_MAX:
            raise ReviewError("suggest.too_many", count=PENDING_MAX)
        for row in mine:
            data = json.loads(row.payload)
            if row.statement_key == st.key and data.get("should_say") == suggestion.should_say:
                raise ReviewError("suggest.duplicate", id=row.id)
        row = ReviewItem(
            kind="suggestion",
            statement_key=st.key,
            payload=json.dumps(payload, ensure_ascii=False),
            guild_id=guild_id,
            suggester=user[:100],
            suggester_id=user_id,
        )
        session.add(row)
        session.flush()
        item = _view(row)
    log.info("member %s suggested a correction to %s (item %s)", user_id, st.key, item.id)
    return item


def current_text(store: Store, item: ItemView, lang: Lang) -> str | None:
    """The statement a suggestion is about as it reads now (None when it is no longer shown)."""
    st = find(store, item.statement_key or "")
    return pick(lang, st.text_en, st.text_zh) if st else None


# ---- deciding ----------------------------------------------------------------------------------


def _pending_suggestion(session: Session, item_id: int) -> ReviewItem:
    row = session.get(ReviewItem, item_id) if 0 < item_id < 2**31 else None
    if row is None:
        raise ReviewError("review.missing", id=item_id)
    if row.status != ReviewStatus.PENDING:
        raise ReviewError("review.decided", id=item_id, status=row.status)
    if row.kind not in ("suggestion", "edit"):
        raise ReviewError("review.not_suggestion", id=item_id)
    return row


def _source_for(session: Session, url: str) -> str:
    """The source with this address, created (as the member's) when no source has it yet."""
    found = session.exec(select(Source).where(Source.url == url)).first()
    if found is not None:
        return found.id
    host = urlsplit(url).hostname or url
    source_id = f"s{secrets.token_hex(3)}"
    session.add(
        Source(
            id=source_id,
            file=None,
            title_en=url[:300],
            title_zh=url[:300],
            publisher=host[:200],
            published=None,
            script="traditional",
            url=url[:500],
            origin=Origin.LOCAL,
        )
    )
    session.flush()
    return source_id


@dataclass(frozen=True)
class Approval:
    item: ItemView
    outcome: EditOutcome


def target_fact(store: Store, item: ItemView) -> int:
    """The claim an approval edits: the statement's leading claim now, or the one suggested against."""
    st = find(store, item.statement_key or "")
    fact_id = st.lead.id if st is not None else int(item.payload.get("fact_id") or 0)
    with store.session() as session:
        fact = session.get(Fact, fact_id) if fact_id else None
        if fact is None or fact.status != "active":
            raise ReviewError("suggest.gone", id=item.id)
    return fact_id


def form_for(store: Store, item_id: int, lang: Lang) -> tuple[EditForm, dict[str, str]]:
    """The edit form of the claim a suggestion is about, and its fields with the suggestion applied
    (what "Edit & approve" shows pre-filled). Raises ReviewError or FactError."""
    item = _item(store, item_id)
    if item.kind == "edit":  # the form the contributor saw, with what they changed
        form = _stored_form(item)
        return form, {**form.prefill, **item.payload["changed"]}
    fact_id = target_fact(store, item)
    with store.session() as session:
        view = queries.fact_view(fact_id, session=session)
    assert view is not None
    form = facts.edit_form(view, lang)
    filled = dict(form.prefill)
    filled[_text_field(item.payload["should_say"])] = item.payload["should_say"]
    return form, filled


def _stored_form(item: ItemView) -> EditForm:
    p = item.payload
    return EditForm(int(p["fact_id"]), int(p["version"]), dict(p["prefill"]), str(p["detail_column"]))


def _item(store: Store, item_id: int) -> ItemView:
    with store.session() as session:
        return _view(_pending_suggestion(session, item_id))


def _text_field(text: str) -> str:
    return "text_zh" if has_cjk(text) else "text_en"


def approve(
    store: Store,
    item_id: int,
    *,
    actor: str,
    lang: Lang,
    form: EditForm | None = None,
    submitted: dict[str, str | None] | None = None,
    reason: str | None = None,
) -> Approval:
    """Edit the claim as suggested (or as the moderator's form says) and approve the item, in one
    transaction. Raises ReviewError (missing, decided, statement gone) or FactError (bad input).
    An edit that would change nothing leaves the item pending (outcome "unchanged")."""
    item = _item(store, item_id)
    if item.kind == "edit" and (form is None or submitted is None):
        # A contributor's edit, as they made it; a change by someone else since is a conflict.
        form, submitted, reason = _stored_form(item), dict(item.payload["changed"]), item.payload.get("wrong")
    elif form is None or submitted is None:
        fact_id = target_fact(store, item)
        with store.session() as session:
            view = queries.fact_view(fact_id, session=session)
        assert view is not None
        form = facts.edit_form(view, lang)
        submitted = {_text_field(item.payload["should_say"]): item.payload["should_say"]}
    why = reason or f"suggestion #{item_id}: {item.payload.get('wrong', '')}"[:500]
    decided: list[ItemView] = []

    def within(session: Session, fact: Fact) -> dict | None:
        row = _pending_suggestion(session, item_id)
        row.status, row.decided_by, row.decided_at = ReviewStatus.APPROVED, actor[:100], utcnow()
        row.fact_id = fact.id
        session.add(row)
        session.flush()
        decided.append(_view(row))
        if not item.payload.get("url"):  # a contributor's edit keeps the fact's own sources
            return None
        source = _source_for(session, item.payload["url"])
        return {"source": source, "line": None, "anchor": None, "locator": "suggested by a member"}

    outcome = facts.edit_fact(
        store, form, submitted, reason=why, lang=lang, actor=credit(actor, item.suggester), within=within
    )
    if outcome.status != "ok":
        return Approval(item, outcome)
    return Approval(decided[-1], outcome)


# ---- telling the member --------------------------------------------------------------------------


def mark_undelivered(store: Store, item_id: int) -> None:
    """The member could not be told privately (DMs closed): tell them on their next /suggest."""
    with store.session() as session:
        row = session.get(ReviewItem, item_id)
        if row is None:
            return
        data = json.loads(row.payload)
        data["undelivered"] = True
        row.payload = json.dumps(data, ensure_ascii=False)
        session.add(row)


def take_undelivered(store: Store, user_id: int) -> list[ItemView]:
    """Decisions the member has not heard about yet; they count as told from now on."""
    with store.session() as session:
        rows = list(
            session.exec(
                select(ReviewItem)
                .where(ReviewItem.suggester_id == user_id, ReviewItem.kind == "suggestion")
                .where(col(ReviewItem.payload).contains('"undelivered": true'))
                .order_by(col(ReviewItem.id))
            )
        )
        out = []
        for row in rows:
            data = json.loads(row.payload)
            data.pop("undelivered", None)
            row.payload = json.dumps(data, ensure_ascii=False)
            session.add(row)
            out.append(_view(row))
        return out


def decided(store: Store, status: str, *, limit: int = 5) -> tuple[list[ItemView], int]:
    """The most recently decided items with this status (history: nothing vanishes)."""
    with store.session() as session:
        rows = list(
            session.exec(
                select(ReviewItem)
                .where(ReviewItem.status == status)
                .order_by(col(ReviewItem.decided_at).desc(), col(ReviewItem.id).desc())
                .limit(limit)
            )
        )
        total = session.exec(select(func.count()).where(ReviewItem.status == status)).one()
        return [_view(r) for r in rows], total


# ---- two-person mode: a contributor's fact edit, waiting for a moderator -------------------------


def queue_edit(
    store: Store,
    form: EditForm,
    changed: dict[str, str],
    *,
    reason: str,
    user: str,
    user_id: int,
    guild_id: int | None,
    lang: Lang,
) -> ItemView:
    """Queue a checked edit (see facts.check_edit) as an 'edit' item: what the form showed, what
    the contributor changed, and why."""
    with store.session() as session:
        fact = session.get(Fact, form.fact_id)
        key = fact.key if fact is not None else ""
    st = find(store, key)
    summary = changed.get("text_zh" if lang.chinese else "text_en") or next(iter(changed.values()))
    if len(changed) > 1 or ("text_en" not in changed and "text_zh" not in changed):
        summary = " · ".join(f"{name}: {value}" for name, value in changed.items())
    payload = {
        "fact_id": form.fact_id,
        "version": form.version,
        "prefill": form.prefill,
        "detail_column": form.detail_column,
        "changed": changed,
        "should_say": summary,
        "wrong": reason,
        "lang": lang.value,
    }
    with store.session() as session:
        row = ReviewItem(
            kind="edit",
            statement_key=st.key if st is not None else None,
            payload=json.dumps(payload, ensure_ascii=False),
            guild_id=guild_id,
            suggester=user[:100],
            suggester_id=user_id,
        )
        session.add(row)
        session.flush()
        item = _view(row)
    log.info("contributor %s proposed an edit of fact %s (item %s)", user_id, form.fact_id, item.id)
    return item
