"""Members suggest corrections: the button on every answer, the menu of the statements it showed,
and the form. The button and the menu are DynamicItems, so they work after a restart; the form is
opened fresh each time (forms do not survive restarts)."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands

from bot.checks import SUGGEST_PER, SUGGEST_RATE, spend
from bot.domain.render import clip, neutralise
from bot.domain.suggest import SAY_MAX, URL_MAX, WRONG_MAX, SuggestionError, check
from bot.i18n import Lang, t
from bot.services import suggestions
from bot.services.review import ItemView, ReviewError
from bot.ui import failure_text, guarded, lang_of, tell_private

if TYPE_CHECKING:
    from bot.client import Almanac

log = logging.getLogger(__name__)


class SuggestButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sg:(?P<kind>who|dep|tl|q|s):(?P<page>\d+):(?P<state>[\s\S]*)",
):
    """ "Suggest a correction" under an answer: anyone reading it may press it."""

    def __init__(self, kind: str, page: int, state: str, lang: Lang = Lang.EN) -> None:
        super().__init__(
            discord.ui.Button(
                label=t("suggest.button", lang)[:80],
                emoji="✏️",
                custom_id=f"sg:{kind}:{page}:{state}"[:100],
                style=discord.ButtonStyle.secondary,
            )
        )
        self.kind, self.page, self.state = kind, page, state

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SuggestButton:
        return cls(match["kind"], int(match["page"]), match["state"], lang_of(interaction))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: Almanac = interaction.client  # type: ignore[assignment]
        lang = lang_of(interaction)
        shown = await bot.store.run(suggestions.on_answer, bot.store, self.kind, self.state, self.page, lang)
        if not shown:
            await tell_private(interaction, t("suggest.nothing_shown", lang))
            return
        view = discord.ui.View(timeout=None)
        view.add_item(SuggestPick(shown, lang))
        await interaction.response.send_message(t("suggest.pick_prompt", lang), view=view, ephemeral=True)


def reveal_view(post_id: int, lang: Lang) -> discord.ui.View:
    """What a revealed quiz question keeps under it: a way to say its answer is wrong."""
    view = discord.ui.View(timeout=None)
    view.add_item(SuggestButton("q", 0, str(post_id), lang))
    return view


class SuggestPick(discord.ui.DynamicItem[discord.ui.Select], template=r"sgp"):
    """The statements an answer showed; choosing one opens the suggestion form."""

    def __init__(self, shown: list[tuple[str, str]] | None = None, lang: Lang = Lang.EN) -> None:
        options = [discord.SelectOption(label=text[:100] or key, value=key[:100]) for key, text in (shown or [])[:25]]
        super().__init__(
            discord.ui.Select(
                custom_id="sgp",
                placeholder=t("suggest.pick", lang)[:150],
                options=options or [discord.SelectOption(label="-", value="-")],
            )
        )

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> SuggestPick:
        return cls(lang=lang_of(interaction))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        data = cast("dict[str, Any]", interaction.data or {})
        values = data.get("values") or []
        await open_form(interaction, str(values[0]) if values else "")


async def open_form(interaction: discord.Interaction, key: str) -> None:
    """Open the suggestion form for the statement `key` (or say it does not exist)."""
    bot: Almanac = interaction.client  # type: ignore[assignment]
    lang = lang_of(interaction)
    if await bot.store.run(suggestions.find, bot.store, key) is None:
        await tell_private(interaction, t("suggest.no_statement", lang, key=neutralise(key)[:64]))
        return
    await interaction.response.send_modal(SuggestModal(key, lang))


class SuggestModal(discord.ui.Modal):
    def __init__(self, key: str, lang: Lang) -> None:
        super().__init__(title=t("suggest.title", lang)[:45], timeout=900)
        self.key = key
        self.wrong = discord.ui.TextInput(
            label=t("suggest.field_wrong", lang)[:45],
            custom_id="wrong",
            style=discord.TextStyle.paragraph,
            max_length=WRONG_MAX,
        )
        self.should_say = discord.ui.TextInput(
            label=t("suggest.field_say", lang)[:45],
            custom_id="should_say",
            style=discord.TextStyle.paragraph,
            max_length=SAY_MAX,
        )
        self.url = discord.ui.TextInput(
            label=t("suggest.field_url", lang)[:45],
            custom_id="url",
            placeholder="https://",
            max_length=URL_MAX,
        )
        for item in (self.wrong, self.should_say, self.url):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: Almanac = interaction.client  # type: ignore[assignment]
        lang = lang_of(interaction)
        try:
            suggestion = check(self.key, self.wrong.value, self.should_say.value, self.url.value)
        except SuggestionError as exc:
            await tell_private(interaction, t(exc.code, lang, **exc.values))
            return
        try:
            spend(interaction, "suggest", SUGGEST_RATE, SUGGEST_PER)
        except app_commands.CommandOnCooldown as exc:
            await tell_private(interaction, t("error.cooldown", lang, seconds=exc.retry_after))
            return
        try:
            item = await asyncio.to_thread(
                suggestions.submit,
                bot.store,
                suggestion,
                user=str(interaction.user),
                user_id=interaction.user.id,
                guild_id=interaction.guild_id,
                lang=lang,
            )
        except ReviewError as exc:
            await tell_private(interaction, t(exc.code, lang, **exc.values))
            return
        earlier = await asyncio.to_thread(suggestions.take_undelivered, bot.store, interaction.user.id)
        text = t("suggest.thanks", lang, id=item.id)
        if earlier:
            text += "\n\n" + t("suggest.earlier", lang) + "\n" + "\n".join(decision_text(i, lang) for i in earlier)
        await tell_private(interaction, clip(text, 2000))
        if interaction.guild_id is not None:
            guild_lang = Lang.from_locale(str(interaction.guild_locale or interaction.locale))
            current = item.payload["current_zh" if guild_lang.chinese else "current_en"]
            note = t(
                "suggest.log",
                guild_lang,
                id=item.id,
                who=neutralise(str(interaction.user)),
                current=clip(neutralise(current), 300),
            )
            body = "\n".join(
                [
                    note,
                    "+ " + clip(neutralise(suggestion.should_say), 900),
                    t("review.wrong", guild_lang, text=clip(neutralise(suggestion.wrong), 500)),
                    t("review.source_url", guild_lang, url=neutralise(suggestion.url)),
                ]
            )
            await bot.announce(interaction.guild_id, {"description": clip(body, 4096)})

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:  # type: ignore[override]
        await tell_private(interaction, failure_text(error, lang_of(interaction), "suggestion form"))


def decision_text(item: ItemView, lang: Lang) -> str:
    """What became of a member's suggestion, as they are told it."""
    key = "review.told_approved" if item.status == "approved" else "review.told_rejected"
    return t(key, lang, id=item.id, reason=neutralise(item.reason or ""))
