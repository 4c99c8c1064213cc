"""/source add and /review: moderators bring in new articles and decide what they (and members) propose."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import ModeratorGroup, moderator_only, moderator_problem
from bot.client import Almanac
from bot.domain.render import clip, neutralise
from bot.domain.review_render import SHOWN, queue_embed
from bot.i18n import Lang, pick, t
from bot.services import review
from bot.services.review import ReviewError
from bot.services.sources import sources_by_id
from bot.services.statements import statements
from bot.ui import lang_of, tell_private

log = logging.getLogger(__name__)

MAX_UPLOAD = 1_000_000  # bytes: a news article is a few kilobytes


def _error(exc: ReviewError, lang: Lang) -> str:
    return t(exc.code, lang, **exc.values)


def _guild_lang(interaction: discord.Interaction) -> Lang:
    return Lang.from_locale(str(interaction.guild_locale or interaction.locale))


async def _announce(interaction: discord.Interaction, text: str) -> None:
    bot: Almanac = interaction.client  # type: ignore[assignment]
    if interaction.guild_id is not None:
        await bot.announce(interaction.guild_id, {"description": clip(text, 4096)})


def _queue(bot: Almanac, lang: Lang) -> tuple[dict, list[int]]:
    items, total = review.pending(bot.store, limit=SHOWN)
    shown = statements(bot.store)
    current = {}
    for item in items:
        st = shown.by_claim.get(item.statement_key or "")
        current[item.id] = pick(lang, st.text_en, st.text_zh) if st else None
    labels = {s.id: f"[{s.number}] {s.publisher}" for s in sources_by_id(bot.store).values()}
    return queue_embed(items, total, current, labels, lang), [i.id for i in items]


class RejectModal(discord.ui.Modal):
    def __init__(self, item_id: int, lang: Lang) -> None:
        super().__init__(title=t("review.reject_title", lang, id=item_id)[:45], timeout=900)
        self.item_id = item_id
        self.reason = discord.ui.TextInput(label=t("review.reason", lang)[:45], max_length=500)
        self.add_item(self.reason)

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        problem = await moderator_problem(interaction)
        if problem is not None:
            await tell_private(interaction, problem)
            return
        bot: Almanac = interaction.client  # type: ignore[assignment]
        lang = lang_of(interaction)
        try:
            decision = await asyncio.to_thread(
                review.reject, bot.store, self.item_id, actor=str(interaction.user), reason=self.reason.value
            )
        except ReviewError as exc:
            await tell_private(interaction, _error(exc, lang))
            return
        reason = neutralise(decision.item.reason or "")
        await tell_private(interaction, t("review.rejected", lang, id=self.item_id, reason=reason))
        await _announce(interaction, t("review.rejected", _guild_lang(interaction), id=self.item_id, reason=reason))
        await _tell_suggester(bot, decision.item, approved=False)


async def _tell_suggester(bot: Almanac, item: review.ItemView, *, approved: bool) -> None:
    """A member who suggested a change hears privately what became of it."""
    if item.kind != "suggestion" or not item.suggester_id:
        return
    lang = Lang(item.payload.get("lang") or "en") if item.payload.get("lang") in {x.value for x in Lang} else Lang.EN
    key = "review.told_approved" if approved else "review.told_rejected"
    text = t(key, lang, id=item.id, reason=neutralise(item.reason or ""))
    try:
        user = await bot.fetch_user(item.suggester_id)
        await user.send(clip(text, 2000))
    except discord.HTTPException:
        log.info("could not tell member %s about review item %s", item.suggester_id, item.id)


class QueueView(discord.ui.View):
    """Approve / reject buttons for the items on screen; every press is checked again on the server."""

    def __init__(self, item_ids: list[int], lang: Lang) -> None:
        super().__init__(timeout=900)
        for row, item_id in enumerate(item_ids[:SHOWN]):
            approve = discord.ui.Button(
                label=t("review.approve", lang, id=item_id)[:80],
                style=discord.ButtonStyle.success,
                custom_id=f"review:approve:{item_id}",
                row=row,
            )
            reject = discord.ui.Button(
                label=t("review.reject", lang, id=item_id)[:80],
                style=discord.ButtonStyle.danger,
                custom_id=f"review:reject:{item_id}",
                row=row,
            )
            approve.callback = self._approver(item_id)
            reject.callback = self._rejecter(item_id)
            self.add_item(approve)
            self.add_item(reject)

    def _approver(self, item_id: int):  # noqa: ANN202
        async def callback(interaction: discord.Interaction) -> None:
            problem = await moderator_problem(interaction)
            if problem is not None:
                await tell_private(interaction, problem)
                return
            bot: Almanac = interaction.client  # type: ignore[assignment]
            lang = lang_of(interaction)
            try:
                decision = await asyncio.to_thread(review.approve, bot.store, item_id, actor=str(interaction.user))
            except ReviewError as exc:
                await tell_private(interaction, _error(exc, lang))
                return
            await tell_private(interaction, t("review.approved", lang, id=item_id, fact=decision.fact_id))
            await _announce(
                interaction, t("review.approved", _guild_lang(interaction), id=item_id, fact=decision.fact_id)
            )
            await _tell_suggester(bot, decision.item, approved=True)

        return callback

    def _rejecter(self, item_id: int):  # noqa: ANN202
        async def callback(interaction: discord.Interaction) -> None:
            problem = await moderator_problem(interaction)
            if problem is not None:
                await tell_private(interaction, problem)
                return
            await interaction.response.send_modal(RejectModal(item_id, lang_of(interaction)))

        return callback


class Review(commands.Cog):
    source = ModeratorGroup(name="source", description="Moderators: add a news article as a new source")

    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    @source.command(name="add", description="Store an article (.txt) and queue the statements it proposes")
    @app_commands.describe(
        file="The article as a UTF-8 .txt file",
        title="The article's title",
        publisher="Who published it",
        published="Its date, YYYY-MM-DD (relative dates in the text count from it)",
        url="Where it can be read (http...)",
    )
    @moderator_only()
    async def source_add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment,
        title: app_commands.Range[str, 1, 300],
        publisher: app_commands.Range[str, 1, 200],
        published: app_commands.Range[str, 0, 10] | None = None,
        url: app_commands.Range[str, 0, 500] | None = None,
    ) -> None:
        lang = lang_of(interaction)
        if not file.filename.lower().endswith(".txt") or file.size > MAX_UPLOAD:
            await tell_private(interaction, t("source.need_txt", lang))
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            text = (await file.read()).decode("utf-8-sig")
        except (discord.HTTPException, UnicodeDecodeError):
            await tell_private(interaction, t("source.need_txt", lang))
            return
        try:
            added = await asyncio.to_thread(
                review.add_source,
                self.bot.store,
                text,
                title=title,
                publisher=publisher,
                published=published,
                url=url,
                actor=str(interaction.user),
                actor_id=interaction.user.id,
                guild_id=interaction.guild_id,
            )
        except ReviewError as exc:
            await tell_private(interaction, _error(exc, lang))
            return
        values = {"id": added.source_id, "count": len(added.items), "known": added.known}
        await tell_private(interaction, t("source.added", lang, **values))
        if added.items:
            what = neutralise(clip(title, 200))
            await _announce(
                interaction, t("review.log_new", _guild_lang(interaction), count=len(added.items), what=what)
            )

    @app_commands.command(
        name="review", description="Moderators: pending proposals and suggestions, to approve or reject"
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @moderator_only()
    async def review_queue(self, interaction: discord.Interaction) -> None:
        lang = lang_of(interaction)
        await interaction.response.defer(ephemeral=True)
        embed, ids = await asyncio.to_thread(_queue, self.bot, lang)
        await interaction.followup.send(embed=discord.Embed.from_dict(embed), view=QueueView(ids, lang), ephemeral=True)


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Review(bot))
