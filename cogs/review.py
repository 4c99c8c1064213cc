"""/source add and /review: moderators bring in new articles and decide what they (and members) propose."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import ModeratorGroup, moderator_only, moderator_problem
from bot.client import Almanac
from bot.domain import fields
from bot.domain.render import clip, neutralise
from bot.domain.review_render import SHOWN, history_embed, queue_embed
from bot.i18n import Lang, t
from bot.services import review, suggestions
from bot.services.fact_input import FactError
from bot.services.facts import EditForm
from bot.services.review import ReviewError
from bot.services.sources import sources_by_id
from bot.suggest_ui import decision_text
from bot.ui import failure_text, lang_of, tell_private
from db.models import ReviewStatus

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


def _queue(bot: Almanac, lang: Lang, status: str = ReviewStatus.PENDING) -> tuple[dict, list[review.ItemView]]:
    if status == ReviewStatus.PENDING:
        items, total = review.pending(bot.store, limit=SHOWN)
    else:
        items, total = suggestions.decided(bot.store, status, limit=SHOWN)
    current = {item.id: suggestions.current_text(bot.store, item, lang) for item in items}
    labels = {s.id: f"[{s.number}] {s.publisher}" for s in sources_by_id(bot.store).values()}
    if status == ReviewStatus.PENDING:
        return queue_embed(items, total, current, labels, lang), items
    return history_embed(items, total, status, current, labels, lang), []


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
        await _tell_suggester(bot, decision.item)


async def _tell_suggester(bot: Almanac, item: review.ItemView) -> None:
    """A member who suggested a change hears privately what became of it: by direct message, or,
    when their DMs are closed, with their next /suggest."""
    if item.kind not in ("suggestion", "edit") or not item.suggester_id:
        return
    lang = Lang(item.payload.get("lang") or "en") if item.payload.get("lang") in {x.value for x in Lang} else Lang.EN
    try:
        user = await bot.fetch_user(item.suggester_id)
        await user.send(clip(decision_text(item, lang), 2000))
    except discord.HTTPException:
        log.info("could not tell member %s about review item %s; noted for later", item.suggester_id, item.id)
        await asyncio.to_thread(suggestions.mark_undelivered, bot.store, item.id)


async def _approved(interaction: discord.Interaction, approval: suggestions.Approval) -> None:
    """Report an approved suggestion (or why nothing happened) to the moderator, the log, the member."""
    bot: Almanac = interaction.client  # type: ignore[assignment]
    lang, item_id, outcome = lang_of(interaction), approval.item.id, approval.outcome
    if outcome.status == "conflict" and outcome.conflict is not None:
        changed = ", ".join(outcome.conflict.changed) or "—"
        fact_id = approval.item.payload.get("fact_id")
        text = t("facts.conflict", lang, id=fact_id, version=outcome.conflict.current_version, fields=changed)
        await tell_private(interaction, text)
        return
    if outcome.status != "ok" or outcome.change is None:
        await tell_private(interaction, t("review.unchanged", lang, id=item_id))
        return
    values = {"id": item_id, "fact": outcome.change.fact.id, "version": outcome.change.version}
    await tell_private(interaction, t("review.approved_edit", lang, **values))
    await _announce(interaction, t("review.approved_edit", _guild_lang(interaction), **values))
    await _tell_suggester(bot, approval.item)


class EditSuggestionModal(discord.ui.Modal):
    """The claim's edit form with the member's suggestion already applied; the moderator adjusts it,
    and submitting edits the claim and approves the suggestion together."""

    def __init__(self, item_id: int, form: EditForm, filled: dict[str, str], lang: Lang) -> None:
        super().__init__(title=t("review.edit_title", lang, id=item_id)[:45], timeout=900)
        self.item_id, self.form = item_id, form
        paragraph = {"style": discord.TextStyle.paragraph}
        specs = (
            ("text_en", "facts.field_text_en", fields.FACT_TEXT, paragraph),
            ("text_zh", "facts.field_text_zh", fields.FACT_TEXT, paragraph),
            ("dates", "facts.field_dates", fields.DATE_SPAN, {}),
            ("detail", "facts.field_detail", fields.DETAIL, {}),
        )
        self.inputs = {
            name: discord.ui.TextInput(
                label=t(label, lang)[:45],
                custom_id=name,
                default=filled[name] or None,
                max_length=max(limit, len(filled[name])),
                required=False,
                **style,
            )
            for name, label, limit, style in specs
        }
        self.reason = discord.ui.TextInput(
            label=t("facts.field_reason", lang)[:45],
            custom_id="reason",
            default=f"suggestion #{item_id}",
            max_length=fields.REASON,
        )
        for item in (*self.inputs.values(), self.reason):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        problem = await moderator_problem(interaction)
        if problem is not None:
            await tell_private(interaction, problem)
            return
        bot: Almanac = interaction.client  # type: ignore[assignment]
        lang = lang_of(interaction)
        try:
            approval = await asyncio.to_thread(
                suggestions.approve,
                bot.store,
                self.item_id,
                actor=str(interaction.user),
                lang=lang,
                form=self.form,
                submitted={name: item.value for name, item in self.inputs.items()},
                reason=self.reason.value,
            )
        except ReviewError as exc:
            await tell_private(interaction, _error(exc, lang))
            return
        except FactError as exc:
            await tell_private(interaction, exc.message)
            return
        await _approved(interaction, approval)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]
        await tell_private(interaction, failure_text(error, lang_of(interaction), "suggestion edit form"))


class QueueView(discord.ui.View):
    """Approve / reject buttons for the items on screen; every press is checked again on the server."""

    def __init__(self, items: list[review.ItemView], lang: Lang) -> None:
        super().__init__(timeout=900)
        for row, shown in enumerate(items[:SHOWN]):
            item_id = shown.id
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
            if shown.kind in ("suggestion", "edit"):
                edit = discord.ui.Button(
                    label=t("review.edit", lang, id=item_id)[:80],
                    style=discord.ButtonStyle.primary,
                    custom_id=f"review:edit:{item_id}",
                    row=row,
                )
                edit.callback = self._editor(item_id)
                self.add_item(edit)
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
                found = await asyncio.to_thread(review.item, bot.store, item_id)
                if found is not None and found.kind in ("suggestion", "edit"):
                    approval = await asyncio.to_thread(
                        suggestions.approve, bot.store, item_id, actor=str(interaction.user), lang=lang
                    )
                    await _approved(interaction, approval)
                    return
                decision = await asyncio.to_thread(review.approve, bot.store, item_id, actor=str(interaction.user))
            except ReviewError as exc:
                await tell_private(interaction, _error(exc, lang))
                return
            except FactError as exc:
                await tell_private(interaction, exc.message)
                return
            await tell_private(interaction, t("review.approved", lang, id=item_id, fact=decision.fact_id))
            await _announce(
                interaction, t("review.approved", _guild_lang(interaction), id=item_id, fact=decision.fact_id)
            )

        return callback

    def _editor(self, item_id: int):  # noqa: ANN202
        async def callback(interaction: discord.Interaction) -> None:
            problem = await moderator_problem(interaction)
            if problem is not None:
                await tell_private(interaction, problem)
                return
            bot: Almanac = interaction.client  # type: ignore[assignment]
            lang = lang_of(interaction)
            try:
                form, filled = await asyncio.to_thread(suggestions.form_for, bot.store, item_id, lang)
            except ReviewError as exc:
                await tell_private(interaction, _error(exc, lang))
                return
            except FactError as exc:
                await tell_private(interaction, exc.message)
                return
            await interaction.response.send_modal(EditSuggestionModal(item_id, form, filled, lang))

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
    @app_commands.describe(show="Which items: pending (default), or the history of approved or rejected ones")
    @app_commands.choices(
        show=[
            app_commands.Choice(name=status, value=status)
            for status in (ReviewStatus.PENDING, ReviewStatus.APPROVED, ReviewStatus.REJECTED)
        ]
    )
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    @moderator_only()
    async def review_queue(
        self, interaction: discord.Interaction, show: app_commands.Choice[str] | None = None
    ) -> None:
        lang = lang_of(interaction)
        await interaction.response.defer(ephemeral=True)
        status = show.value if show else ReviewStatus.PENDING
        embed, items = await asyncio.to_thread(_queue, self.bot, lang, status)
        if not items:
            await interaction.followup.send(embed=discord.Embed.from_dict(embed), ephemeral=True)
            return
        await interaction.followup.send(
            embed=discord.Embed.from_dict(embed), view=QueueView(items, lang), ephemeral=True
        )


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Review(bot))
