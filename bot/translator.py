"""Localises command and option names/descriptions for Discord's zh-TW and zh-CN clients."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.i18n import Lang, command_text, description_text

log = logging.getLogger(__name__)

_LOCALES = {discord.Locale.taiwan_chinese: Lang.ZH_TW, discord.Locale.chinese: Lang.ZH_CN}


class CatalogueTranslator(app_commands.Translator):
    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContextTypes
    ) -> str | None:
        lang = _LOCALES.get(locale)
        if lang is None:
            return None
        key = string.extras.get("key")
        if key is not None:
            return command_text(key, lang)
        if context.location in (
            app_commands.TranslationContextLocation.command_description,
            app_commands.TranslationContextLocation.group_description,
            app_commands.TranslationContextLocation.parameter_description,
        ):
            return description_text(string.message, lang)
        return None


def tr(key: str) -> app_commands.locale_str:
    """A translatable command string: English text, catalogue key in extras."""
    return app_commands.locale_str(command_text(key, Lang.EN) or key, key=key)
