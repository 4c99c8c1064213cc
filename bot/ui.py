"""Turning Answers into Discord messages, and the buttons and menus that live on them.

Paging buttons and the person picker are DynamicItems: their custom_id carries everything needed
to rebuild the page (command, owner, page, query), so they keep working after a restart.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import discord
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.i18n import Lang, t
from bot.services import lookups
from bot.services.answer import Answer

if TYPE_CHECKING:
    from bot.client import Almanac

log = logging.getLogger(__name__)


def lang_of(interaction: discord.Interaction) -> Lang:
    return Lang.from_locale(str(interaction.locale))


async def tell_private(interaction: discord.Interaction, text: str) -> None:
    """A private message to the member, as the response or a follow-up, whichever is still open."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.exception("could not send a private message to the member")


def failure_text(error: BaseException, lang: Lang, where: str) -> str:
    """What to tell a member when something failed: the store being busy, locked, read-only or
    full is worth a retry (the transaction was rolled back, nothing half-applied); anything else
    is our bug. Both are logged with the traceback."""
    if isinstance(error, (OperationalError, DBAPIError)) and not isinstance(error, IntegrityError):
        log.warning("database unavailable in %s: %s", where, error)
        return t("error.busy", lang)
    log.error("%s failed", where, exc_info=error)
    return t("error.generic", lang)


def guarded(
    callback: Callable[[Any, discord.Interaction], Awaitable[None]],
) -> Callable[[Any, discord.Interaction], Awaitable[None]]:
    """For button and menu callbacks: a failure becomes a short localised message, not "This
    interaction failed"; the traceback goes to the log."""

    @functools.wraps(callback)
    async def wrapper(self: Any, interaction: discord.Interaction) -> None:
        try:
            await callback(self, interaction)
        except Exception as exc:
            await tell_private(interaction, failure_text(exc, lang_of(interaction), type(self).__name__))

    return wrapper


# kind → how to rebuild page n of the answer from the state kept in the custom_id
Rebuild = Callable[["Almanac", str, Lang, int], Answer]
REBUILDERS: dict[str, Rebuild] = {
    "who": lambda bot, state, lang, _page: lookups.who_entity(bot.store, state, lang),
    "dep": lambda bot, state, lang, page: lookups.departures(
        bot.store, lang, lookups.DeparturesQuery.decode(state), page
    ),
    "tl": lambda bot, state, lang, page: lookups.timeline(bot.store, lang, lookups.TimelineQuery.decode(state), page),
}


def message_kwargs(
    answer: Answer,
    *,
    page: int = 0,
    owner: int | None = None,
    kind: str | None = None,
    state: str = "",
    lang: Lang = Lang.EN,
) -> dict[str, Any]:
    """Keyword arguments for send_message / edit_message showing `page` of `answer`."""
    kwargs: dict[str, Any] = {"content": answer.content, "embeds": [], "view": None}
    total = answer.total_pages
    page = max(0, min(page, total - 1))
    embed = answer.page(page)
    if embed is not None:  # None exactly when the answer has no pages
        kwargs["embeds"] = [discord.Embed.from_dict(embed)]
    view = discord.ui.View(timeout=None)
    if total > 1 and owner is not None and kind in REBUILDERS:
        view.add_item(PageButton(kind, owner, max(page - 1, 0), state, lang, "prev", disabled=page == 0))
        view.add_item(
            PageButton(kind, owner, min(page + 1, total - 1), state, lang, "next", disabled=page >= total - 1)
        )
    if answer.choices and owner is not None:
        view.add_item(PersonSelect(owner, answer.choices, lang))
    if answer.pages and kind is not None:
        from bot.suggest_ui import SuggestButton  # it builds on this module's helpers

        view.add_item(SuggestButton(kind, page, state, lang))
    if view.children:
        kwargs["view"] = view
    return kwargs


async def respond(interaction: discord.Interaction, answer: Answer, *, kind: str | None = None) -> None:
    """Send `answer` as the response (or follow-up, if deferred) to an interaction."""
    kwargs = message_kwargs(answer, owner=interaction.user.id, kind=kind, state=answer.state, lang=lang_of(interaction))
    if kwargs["view"] is None:
        kwargs.pop("view")
    if interaction.response.is_done():
        await interaction.followup.send(ephemeral=answer.ephemeral, **kwargs)
    else:
        await interaction.response.send_message(ephemeral=answer.ephemeral, **kwargs)


T = TypeVar("T")
SLOW_AFTER = 2.0  # seconds: Discord drops an interaction not answered within 3 s


async def in_time(interaction: discord.Interaction, work: Awaitable[T], *, ephemeral: bool = False) -> T:
    """`await work`, deferring the interaction first if it takes longer than SLOW_AFTER: answers come
    from memory in microseconds, but the first one after an edit rebuilds the statements, which at
    a hundred times the data takes seconds. The reply then arrives as a follow-up (see respond)."""
    task = asyncio.ensure_future(work)
    done, _pending = await asyncio.wait({task}, timeout=SLOW_AFTER)
    if not done and not interaction.response.is_done():
        await interaction.response.defer(thinking=True, ephemeral=ephemeral)
    return await task


async def respond_people(interaction: discord.Interaction, answer: Answer) -> None:
    """A private answer with a /who button for each person it lists (its choices)."""
    kwargs: dict[str, Any] = {"content": answer.content, "ephemeral": True}
    if answer.pages:
        kwargs["embeds"] = [discord.Embed.from_dict(answer.pages[0])]
    if answer.choices:
        view = discord.ui.View(timeout=None)
        for choice in answer.choices[:MAX_BUTTONS]:
            if len(WhoButton.custom_id_for(choice.value)) <= 100:
                view.add_item(WhoButton(choice.value, choice.label))
        kwargs["view"] = view
    if interaction.response.is_done():  # deferred privately (see in_time)
        await interaction.followup.send(**kwargs)
    else:
        await interaction.response.send_message(**kwargs)


async def answer_query(
    interaction: discord.Interaction, parse: Callable[[], Any], build: Callable[[Any], Answer], *, kind: str
) -> None:
    """Validate options off the loop (`parse` returns a query, or an Answer explaining bad input),
    build the answer (from memory on the loop, or in a worker thread), and respond once."""
    store = interaction.client.store  # type: ignore[attr-defined]
    query = await in_time(interaction, store.run(parse))
    if isinstance(query, Answer):
        await respond(interaction, query)
        return
    await respond(interaction, await in_time(interaction, store.run(build, query)), kind=kind)


async def refuse_if_not_owner(interaction: discord.Interaction, owner: int) -> bool:
    if interaction.user.id == owner:
        return False
    await interaction.response.send_message(t("error.not_yours", lang_of(interaction)), ephemeral=True)
    return True


class PageButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"pg:(?P<kind>who|dep|tl):(?P<owner>\d+):(?P<page>\d+):(?P<dir>[pn]):(?P<state>[\s\S]*)",
):
    def __init__(
        self, kind: str, owner: int, page: int, state: str, lang: Lang, direction: str, *, disabled: bool = False
    ) -> None:
        label = t("page.prev" if direction == "prev" else "page.next", lang)
        emoji = "◀️" if direction == "prev" else "▶️"
        custom_id = f"pg:{kind}:{owner}:{page}:{direction[0]}:{state}"
        super().__init__(
            discord.ui.Button(
                label=label,
                emoji=emoji,
                custom_id=custom_id[:100],
                style=discord.ButtonStyle.secondary,
                disabled=disabled,
            )
        )
        self.kind, self.owner, self.page, self.state = kind, owner, page, state

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PageButton:
        direction = "prev" if match["dir"] == "p" else "next"
        return cls(
            match["kind"], int(match["owner"]), int(match["page"]), match["state"], lang_of(interaction), direction
        )

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        if await refuse_if_not_owner(interaction, self.owner):
            return
        bot: Almanac = interaction.client  # type: ignore[assignment]
        lang = lang_of(interaction)
        answer = await bot.store.run(REBUILDERS[self.kind], bot, self.state, lang, self.page)
        if not answer.pages:  # e.g. the person was retracted meanwhile: say so, keep the message
            await tell_private(interaction, answer.content or t("error.expired", lang))
            return
        kwargs = message_kwargs(answer, page=self.page, owner=self.owner, kind=self.kind, state=self.state, lang=lang)
        await interaction.response.edit_message(**kwargs)


MAX_BUTTONS = 25  # five rows of five


class WhoButton(discord.ui.DynamicItem[discord.ui.Button], template=r"who:(?P<entity>[^:]{1,90})"):
    """Opens a person's /who privately; the entity id in the custom_id survives restarts."""

    def __init__(self, entity_id: str, label: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label=(label or entity_id)[:80],
                emoji="👤",
                custom_id=self.custom_id_for(entity_id),
                style=discord.ButtonStyle.secondary,
            )
        )
        self.entity_id = entity_id

    @staticmethod
    def custom_id_for(entity_id: str) -> str:
        return f"who:{entity_id}"

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> WhoButton:
        return cls(match["entity"], item.label or "")

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: Almanac = interaction.client  # type: ignore[assignment]
        answer = await bot.store.run(lookups.who_entity, bot.store, self.entity_id, lang_of(interaction))
        answer = dataclasses.replace(answer, ephemeral=True)  # the menu answered privately: so does this
        await respond(interaction, answer, kind="who")


class PersonSelect(discord.ui.DynamicItem[discord.ui.Select], template=r"pick:(?P<owner>\d+)"):
    def __init__(self, owner: int, choices: list | None = None, lang: Lang = Lang.EN) -> None:
        options = [discord.SelectOption(label=c.label[:100], value=c.value[:100]) for c in (choices or [])[:25]]
        select: discord.ui.Select[discord.ui.View] = discord.ui.Select(
            custom_id=f"pick:{owner}",
            placeholder=t("who.choose", lang),
            options=options or [discord.SelectOption(label="-", value="-")],
        )
        super().__init__(select)
        self.owner = owner

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PersonSelect:
        return cls(int(match["owner"]), lang=lang_of(interaction))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        if await refuse_if_not_owner(interaction, self.owner):
            return
        data = cast("dict[str, Any]", interaction.data or {})  # a select menu's data: custom_id, values
        values = data.get("values") or []
        bot: Almanac = interaction.client  # type: ignore[assignment]
        lang = lang_of(interaction)
        entity_id = str(values[0]) if values else ""
        answer = await bot.store.run(lookups.who_entity, bot.store, entity_id, lang)
        kwargs = message_kwargs(answer, owner=self.owner, kind="who", state=answer.state, lang=lang)
        await interaction.response.edit_message(**kwargs)
