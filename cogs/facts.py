"""/fact and /alias: moderators add, correct, retract and revert facts, and manage aliases."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import ModeratorGroup, is_contributor, moderator_only, moderator_or_contributor, moderator_problem
from bot.client import Almanac
from bot.domain import fields
from bot.domain.dataset import Predicate
from bot.domain.fact_render import fact_card, history_embed, log_embed, snapshot_diff
from bot.domain.render import clip, neutralise
from bot.i18n import Lang, t
from bot.services import facts, suggestions
from bot.services.facts import Change, EditForm, FactError, FactInput
from bot.services.sources import sources_by_id
from bot.translator import tr
from bot.ui import failure_text, lang_of, tell_private
from cogs.who import person_autocomplete

log = logging.getLogger(__name__)

FactId = app_commands.Range[int, 1, fields.ID_MAX]
PREDICATES = [app_commands.Choice(name=p.value, value=p.value) for p in Predicate]


async def fact_id_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
    bot: Almanac = interaction.client  # type: ignore[assignment]
    rows = await asyncio.to_thread(facts.search_facts, bot.store, current[:100], lang_of(interaction))
    return [app_commands.Choice(name=label, value=fact_id) for fact_id, label in rows[:25]]


async def entity_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot: Almanac = interaction.client  # type: ignore[assignment]
    found = await bot.store.run(lambda: bot.store.names.suggest(current[:100], limit=25)) if current.strip() else []
    return [app_commands.Choice(name=f"{c.matched} ({c.entity_id})"[:100], value=c.entity_id) for c in found]


async def source_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    bot: Almanac = interaction.client  # type: ignore[assignment]
    sources = await bot.store.run(sources_by_id, bot.store)
    typed = current.casefold()
    return [
        app_commands.Choice(name=f"[{s.number}] {s.publisher} {s.published or ''} — {s.title_en}"[:100], value=s.id)
        for s in sources.values()
        if typed in f"{s.id} {s.publisher} {s.title_en} {s.title_zh}".casefold()
    ][:25]


async def report(interaction: discord.Interaction, change: Change, text: str) -> None:
    """Tell the moderator, then announce the change in the log channel."""
    bot: Almanac = interaction.client  # type: ignore[assignment]
    lang = lang_of(interaction)
    sources = await bot.store.run(sources_by_id, bot.store)
    card = discord.Embed.from_dict(fact_card(change.fact, sources, lang))
    if interaction.response.is_done():
        await interaction.followup.send(text, embed=card, ephemeral=True)
    else:
        await interaction.response.send_message(text, embed=card, ephemeral=True)
    guild_lang = Lang.from_locale(str(interaction.guild_locale or interaction.locale))
    await bot.announce(
        interaction.guild_id, log_embed(change.fact, change.action, interaction.user.id, change.reason, guild_lang)
    )


class EditFactModal(discord.ui.Modal):
    """Pre-filled with the fact as it is; what it showed travels with it, so only the fields the
    moderator changes are saved."""

    def __init__(self, form: EditForm, lang: Lang, opened_by: int) -> None:
        # One form per opening (two moderators editing at once each get their own, and a conflict
        # message rather than a lost form); the version it was opened at decides conflicts.
        super().__init__(
            title=t("facts.modal_title", lang, id=form.fact_id)[:45],
            custom_id=f"factedit:{form.fact_id}:{form.version}:{opened_by}",
            timeout=900,
        )
        self.form = form
        prefill = form.prefill

        def field(name: str, label: str, limit: int, **style: Any) -> discord.ui.TextInput:
            # A text longer than the limit (kept from before the limit) is shown whole and may stay.
            return discord.ui.TextInput(
                label=t(label, lang)[:45],
                custom_id=name,
                default=prefill[name] or None,
                max_length=max(limit, len(prefill[name])),
                required=False,
                **style,
            )

        paragraph = {"style": discord.TextStyle.paragraph}
        self.inputs = {
            "text_en": field("text_en", "facts.field_text_en", fields.FACT_TEXT, **paragraph),
            "text_zh": field("text_zh", "facts.field_text_zh", fields.FACT_TEXT, **paragraph),
            "dates": field("dates", "facts.field_dates", fields.DATE_SPAN),
            "detail": field("detail", "facts.field_detail", fields.DETAIL),
        }
        self.reason = discord.ui.TextInput(
            label=t("facts.field_reason", lang)[:45], custom_id="reason", max_length=fields.REASON
        )
        for item in (*self.inputs.values(), self.reason):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        lang = lang_of(interaction)
        problem = await moderator_problem(interaction)  # a submission can be forged without the command
        if problem is not None:
            if await is_contributor(interaction):
                await self._queue(interaction, lang)
            else:
                await tell_private(interaction, problem)
            return
        bot: Almanac = interaction.client  # type: ignore[assignment]
        fact_id = self.form.fact_id
        try:
            outcome = await asyncio.to_thread(
                facts.edit_fact,
                bot.store,
                self.form,
                {name: item.value for name, item in self.inputs.items()},
                reason=self.reason.value,
                lang=lang,
                actor=str(interaction.user.id),
            )
        except FactError as exc:
            await tell_private(interaction, exc.message)
            return
        if outcome.status == "missing":
            await tell_private(interaction, t("facts.not_found", lang, id=fact_id))
        elif outcome.status == "conflict":
            changed = ", ".join(outcome.conflict.changed) or "—"
            await tell_private(
                interaction,
                t("facts.conflict", lang, id=fact_id, version=outcome.conflict.current_version, fields=changed),
            )
        elif outcome.status == "unchanged":
            await tell_private(interaction, t("facts.unchanged", lang))
        else:
            text = t("facts.edited", lang, id=fact_id, version=outcome.change.version)
            await report(interaction, outcome.change, text)

    async def _queue(self, interaction: discord.Interaction, lang: Lang) -> None:
        """Two-person mode: a contributor's edit is checked now and applied when a moderator approves it."""
        bot: Almanac = interaction.client  # type: ignore[assignment]
        submitted = {name: item.value for name, item in self.inputs.items()}
        try:
            changed, why = await asyncio.to_thread(
                facts.check_edit, bot.store, self.form, submitted, reason=self.reason.value, lang=lang
            )
        except FactError as exc:
            await tell_private(interaction, exc.message)
            return
        if not changed:
            await tell_private(interaction, t("facts.unchanged", lang))
            return
        item = await asyncio.to_thread(
            suggestions.queue_edit,
            bot.store,
            self.form,
            changed,
            reason=why,
            user=str(interaction.user),
            user_id=interaction.user.id,
            guild_id=interaction.guild_id,
            lang=lang,
        )
        await tell_private(interaction, t("review.edit_queued", lang, fact=self.form.fact_id, id=item.id))
        if interaction.guild_id is not None:
            guild_lang = Lang.from_locale(str(interaction.guild_locale or interaction.locale))
            what = neutralise(clip(item.payload["should_say"], 300))
            await bot.announce(
                interaction.guild_id, {"description": t("review.log_new", guild_lang, count=1, what=what)}
            )

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]
        await tell_private(interaction, failure_text(error, lang_of(interaction), "fact edit form"))


class Facts(commands.Cog):
    fact = ModeratorGroup(name=tr("fact"), description=tr("fact.desc"))
    alias = ModeratorGroup(name=tr("alias"), description=tr("alias.desc"))

    def __init__(self, bot: Almanac) -> None:
        self.bot = bot

    async def _guard(self, interaction: discord.Interaction, work: Any) -> Any:
        """Run service work off the loop; a FactError becomes a private message (None returned)."""
        try:
            return await asyncio.to_thread(work)
        except FactError as exc:
            await tell_private(interaction, exc.message)
            return None

    @fact.command(name="add", description="Add a sourced fact")
    @app_commands.describe(
        subject="Who or what it is about",
        predicate="Kind of fact",
        source="Article it comes from (or 'new' with source_url/source_title)",
        text_en="The fact in English",
        text_zh="The fact in Chinese",
        object="Organisation or person it relates to",
        role="Role title in English (for roles)",
        role_zh="Role title in Chinese",
        value="Value: product, amount, title…",
        start="Date: YYYY, YYYY-MM or YYYY-MM-DD",
        end="End date",
        destination="Where they went (departures)",
        reason="Why this is added",
        locator="Where in the source (paragraph, quote start…)",
        source_url="New source: URL",
        source_title="New source: title",
        source_publisher="New source: publisher",
        source_date="New source: date",
    )
    @app_commands.choices(predicate=PREDICATES)
    @app_commands.autocomplete(
        subject=entity_autocomplete,
        object=entity_autocomplete,
        destination=entity_autocomplete,
        source=source_autocomplete,
    )
    @moderator_only()
    async def add(
        self,
        interaction: discord.Interaction,
        subject: app_commands.Range[str, 1, fields.NAME],
        predicate: app_commands.Choice[str],
        source: app_commands.Range[str, 1, fields.SOURCE_ID],
        text_en: app_commands.Range[str, 1, fields.FACT_TEXT] | None = None,
        text_zh: app_commands.Range[str, 1, fields.FACT_TEXT] | None = None,
        object: app_commands.Range[str, 1, fields.NAME] | None = None,
        role: app_commands.Range[str, 1, fields.ROLE] | None = None,
        role_zh: app_commands.Range[str, 1, fields.ROLE] | None = None,
        value: app_commands.Range[str, 1, fields.VALUE] | None = None,
        start: app_commands.Range[str, 1, fields.DATE] | None = None,
        end: app_commands.Range[str, 1, fields.DATE] | None = None,
        destination: app_commands.Range[str, 1, fields.NAME] | None = None,
        reason: app_commands.Range[str, 1, fields.REASON] | None = None,
        locator: app_commands.Range[str, 1, fields.LOCATOR] | None = None,
        source_url: app_commands.Range[str, 1, fields.URL] | None = None,
        source_title: app_commands.Range[str, 1, fields.SOURCE_TITLE] | None = None,
        source_publisher: app_commands.Range[str, 1, fields.PUBLISHER] | None = None,
        source_date: app_commands.Range[str, 1, fields.DATE] | None = None,
    ) -> None:
        lang = lang_of(interaction)
        inp = FactInput(
            subject=subject,
            predicate=predicate.value,
            source=source,
            text_en=text_en,
            text_zh=text_zh,
            object=object,
            role=role,
            role_zh=role_zh,
            value=value,
            start=start,
            end=end,
            destination=destination,
            reason=reason,
            locator=locator,
            source_url=source_url,
            source_title=source_title,
            source_publisher=source_publisher,
            source_date=source_date,
        )
        change = await self._guard(
            interaction, lambda: facts.add_fact(self.bot.store, inp, lang, actor=str(interaction.user.id))
        )
        if change is None:
            return
        text = t("facts.added", lang, id=change.fact.id)
        if change.new_source:
            text += "\n" + t("facts.new_source", lang, id=change.new_source)
        if change.similar:
            text += "\n⚠️ " + t("facts.similar", lang, ids=", ".join(f"#{f.id}" for f in change.similar))
        await report(interaction, change, text)

    @fact.command(name="edit", description="Correct a fact (opens a pre-filled form)")
    @app_commands.describe(id="The fact (type a name or words to search)")
    @app_commands.autocomplete(id=fact_id_autocomplete)
    @moderator_or_contributor()
    async def edit(self, interaction: discord.Interaction, id: FactId) -> None:
        lang = lang_of(interaction)
        found = await asyncio.to_thread(facts.fact_with_history, self.bot.store, id)
        if found is None:
            await tell_private(interaction, t("facts.not_found", lang, id=id))
            return
        try:
            form = facts.edit_form(found[0], lang)
        except FactError as exc:
            await tell_private(interaction, exc.message)
            return
        await interaction.response.send_modal(EditFactModal(form, lang, interaction.id))

    @fact.command(name="retract", description="Stop showing and quizzing a fact; its history stays")
    @app_commands.describe(id="The fact", reason="Why it is retracted")
    @app_commands.autocomplete(id=fact_id_autocomplete)
    @moderator_only()
    async def retract(
        self, interaction: discord.Interaction, id: FactId, reason: app_commands.Range[str, 1, fields.REASON]
    ) -> None:
        lang = lang_of(interaction)
        change = await self._guard(
            interaction, lambda: facts.retract_fact(self.bot.store, id, reason, lang, actor=str(interaction.user.id))
        )
        if change is None:
            if not interaction.response.is_done():
                await tell_private(interaction, t("facts.not_found", lang, id=id))
            return
        await report(interaction, change, t("facts.retracted", lang, id=id))

    @fact.command(name="history", description="Every version of a fact: who, when, what, why")
    @app_commands.describe(id="The fact")
    @app_commands.autocomplete(id=fact_id_autocomplete)
    @moderator_only()
    async def history(self, interaction: discord.Interaction, id: FactId) -> None:
        lang = lang_of(interaction)
        found = await asyncio.to_thread(facts.fact_with_history, self.bot.store, id)
        if found is None:
            await tell_private(interaction, t("facts.not_found", lang, id=id))
            return
        rows = [
            {
                "version": r.version,
                "action": r.action,
                "actor": r.actor,
                "at": r.at,
                "reason": r.reason,
                "changed": snapshot_diff(r.before, r.after),
            }
            for r in found[1]
        ]
        await interaction.response.send_message(
            embed=discord.Embed.from_dict(history_embed(id, rows, lang)), ephemeral=True
        )

    @fact.command(name="revert", description="Restore an earlier version (as a new version)")
    @app_commands.describe(id="The fact", revision="Version number to restore (see /fact history)", reason="Why")
    @app_commands.autocomplete(id=fact_id_autocomplete)
    @moderator_only()
    async def revert(
        self,
        interaction: discord.Interaction,
        id: FactId,
        revision: app_commands.Range[int, 1, fields.VERSION_MAX],
        reason: app_commands.Range[str, 1, fields.REASON] | None = None,
    ) -> None:
        lang = lang_of(interaction)
        change = await self._guard(
            interaction,
            lambda: facts.revert_fact(
                self.bot.store, id, revision, lang, actor=str(interaction.user.id), reason=reason
            ),
        )
        if change is None:
            if not interaction.response.is_done():
                await tell_private(interaction, t("facts.not_found", lang, id=id))
            return
        await report(interaction, change, t("facts.reverted", lang, id=id, version=change.version))

    @fact.command(name="show", description="A fact with its sources, status and version")
    @app_commands.describe(id="The fact")
    @app_commands.autocomplete(id=fact_id_autocomplete)
    @moderator_only()
    async def show(self, interaction: discord.Interaction, id: FactId) -> None:
        lang = lang_of(interaction)
        found = await asyncio.to_thread(facts.fact_with_history, self.bot.store, id)
        if found is None:
            await tell_private(interaction, t("facts.not_found", lang, id=id))
            return
        sources = await self.bot.store.run(sources_by_id, self.bot.store)
        await interaction.response.send_message(
            embed=discord.Embed.from_dict(fact_card(found[0], sources, lang)), ephemeral=True
        )

    @alias.command(name="add", description="Make another spelling find a person")
    @app_commands.describe(person="The person", alias="The spelling")
    @app_commands.autocomplete(person=person_autocomplete)
    @moderator_only()
    async def alias_add(
        self,
        interaction: discord.Interaction,
        person: app_commands.Range[str, 1, fields.NAME],
        alias: app_commands.Range[str, 1, fields.NAME],
    ) -> None:
        lang = lang_of(interaction)
        done = await self._guard(
            interaction, lambda: facts.add_alias(self.bot.store, person, alias, lang, actor=str(interaction.user.id))
        )
        if done is not None:
            await tell_private(interaction, t("facts.alias_added", lang, alias=neutralise(done[1]), entity=done[0]))

    @alias.command(name="remove", description="Stop a spelling from finding a person")
    @app_commands.describe(person="The person", alias="The spelling")
    @app_commands.autocomplete(person=person_autocomplete)
    @moderator_only()
    async def alias_remove(
        self,
        interaction: discord.Interaction,
        person: app_commands.Range[str, 1, fields.NAME],
        alias: app_commands.Range[str, 1, fields.NAME],
    ) -> None:
        lang = lang_of(interaction)
        done = await self._guard(
            interaction, lambda: facts.remove_alias(self.bot.store, person, alias, lang, actor=str(interaction.user.id))
        )
        if done is not None:
            await tell_private(interaction, t("facts.alias_removed", lang, alias=neutralise(done[1]), entity=done[0]))


async def setup(bot: Almanac) -> None:
    await bot.add_cog(Facts(bot))
