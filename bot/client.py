"""The Bot: resources handed in from main(), extensions loaded in setup_hook, no pings ever."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import allows_contributors, is_contributor, is_moderator_command, moderator_problem
from bot.i18n import Lang, t
from bot.services.ask import ask_index
from bot.services.facts import contributor_role_id, guild_config
from bot.services.quiz import knowledge as quiz_knowledge
from bot.services.statements import statements
from bot.settings import Settings
from bot.suggest_ui import SuggestButton, SuggestPick
from bot.translator import CatalogueTranslator
from bot.ui import PageButton, PersonSelect, WhoButton, failure_text, tell_private
from db.store import Store

if TYPE_CHECKING:
    from discord.types.interactions import Interaction as InteractionPayload

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.who",
    "cogs.ask",
    "cogs.departures",
    "cogs.timeline",
    "cogs.quiz",
    "cogs.facts",
    "cogs.admin",
    "cogs.charts",
    "cogs.info",
    "cogs.review",
    "cogs.suggest",
)


def _leaf_options(options: list[dict]) -> list[dict]:
    """The option values of a command payload, inside its subcommand (group) wrappers."""
    for option in options:
        if option.get("type") in (1, 2):  # subcommand, subcommand group
            return _leaf_options(option.get("options") or [])
    return options


class AlmanacTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Before any command or autocomplete runs: whole numbers within what the option declares
        (Discord enforces it, a forged interaction need not), and a moderator command's
        autocomplete answers only moderators (its choices show fact texts, retracted ones too)."""
        command = interaction.command
        if not isinstance(command, app_commands.Command):
            return True
        if interaction.type is discord.InteractionType.autocomplete:
            if (
                is_moderator_command(command)
                and await moderator_problem(interaction) is not None
                and not (allows_contributors(command) and await is_contributor(interaction))
            ):
                await interaction.response.autocomplete([])
                return False
            return True
        params = {p.display_name: p for p in command.parameters}
        payload: Mapping[str, Any] = interaction.data or {}
        for option in _leaf_options(payload.get("options") or []):
            param = params.get(option.get("name", ""))
            value = option.get("value")
            if param is None or param.type is not discord.AppCommandOptionType.integer or not isinstance(value, int):
                continue
            low, high = param.min_value, param.max_value
            if (low is not None and value < low) or (high is not None and value > high):
                lang = Lang.from_locale(str(interaction.locale))
                log.info("refused %s=%s for %s: out of range", param.name, value, command.qualified_name)
                await tell_private(
                    interaction, t("error.out_of_range", lang, option=param.display_name, low=low, high=high)
                )
                return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Any failure becomes a short, localised, private message; the traceback goes to the log."""
        lang = Lang.from_locale(str(interaction.locale))
        original = getattr(error, "original", error)
        if isinstance(error, app_commands.CommandOnCooldown):
            text = t("error.cooldown", lang, seconds=error.retry_after)
        elif isinstance(error, app_commands.CheckFailure):
            text = str(error) or t("error.generic", lang)
        elif isinstance(error, app_commands.TransformerError):
            log.info(
                "bad option value %r for %s", error.value, interaction.command and interaction.command.qualified_name
            )
            text = t("error.bad_option", lang)
        else:
            command = interaction.command.qualified_name if interaction.command else "?"
            text = failure_text(original, lang, f"command {command}")
        await tell_private(interaction, text)


class Almanac(commands.AutoShardedBot):
    """Shards come from settings (SHARD_COUNT; unset lets Discord decide). Several processes may
    share one database: posting and answering are exactly-once through database constraints."""

    settings: Settings
    store: Store

    def __init__(self, settings: Settings, store: Store) -> None:
        # Almanac never joins voice; skip discord.py's warnings about voice libraries.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            tree_cls=AlmanacTree,
            # Neither members' input nor fact text may ever ping anyone.
            allowed_mentions=discord.AllowedMentions.none(),
            shard_count=settings.shard_count,
            # None lets discord.py run every shard; its typed options say list[int] only
            shard_ids=list(settings.shard_ids) if settings.shard_ids else None,  # type: ignore[arg-type]
        )
        self.settings = settings
        self.store = store
        self.started_at = time.monotonic()
        self.clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # replaced by a fake clock in tests
        self.cooldowns: dict[tuple[str, int], app_commands.Cooldown] = {}
        # Servers that are the owner's own without HOME_GUILD_IDS: only the offline console's.
        self.console_guilds: frozenset[int] = frozenset()

    async def moderator_role_id(self, guild_id: int) -> int | None:
        """The role that may moderate in this server besides Manage Server (set with /almanac config)."""
        config = await asyncio.to_thread(guild_config, self.store, guild_id)
        return config.moderator_role_id if config else None

    async def contributor_role_id(self, guild_id: int) -> int | None:
        """Two-person mode's role, whose fact edits wait for a moderator (set with /almanac config)."""
        return await asyncio.to_thread(contributor_role_id, self.store, guild_id)

    async def announce(self, guild_id: int, embed: dict) -> None:
        """Post to the server's log channel, if it has one; a failure here never undoes the change."""
        config = await asyncio.to_thread(guild_config, self.store, guild_id)
        if config is None or config.log_channel_id is None:
            return
        try:
            await self.get_partial_messageable(config.log_channel_id).send(embed=discord.Embed.from_dict(embed))
        except discord.HTTPException:
            log.exception("could not post to the log channel of guild %s", guild_id)

    def _answer_expired_forms(self) -> None:
        """Forms (modals) do not survive a restart, and discord.py drops a submission it has no
        form for, so the member would see "This interaction failed". Answer those instead: the
        check runs before discord.py's own dispatch, so it never races a live form."""
        state = self._connection
        original = state.parsers["INTERACTION_CREATE"]

        def parse(data: dict[str, Any]) -> None:
            if data.get("type") == 5 and (data.get("data") or {}).get("custom_id") not in state._view_store._modals:  # noqa: SLF001
                interaction = discord.Interaction(data=cast("InteractionPayload", data), state=state)
                lang = Lang.from_locale(str(interaction.locale))
                self.loop.create_task(
                    tell_private(interaction, t("error.form_expired", lang)), name="discord-ui-modal-dispatch-expired"
                )
                return
            original(data)

        state.parsers["INTERACTION_CREATE"] = parse

    async def setup_hook(self) -> None:
        if not self.settings.home_guild_ids and not self.console_guilds:
            log.warning(
                "HOME_GUILD_IDS is not set, so moderator commands are refused in every server "
                "(the fact store is shared by all of them); set it to the community's server ids"
            )
        self._answer_expired_forms()
        await self.tree.set_translator(CatalogueTranslator())
        self.add_dynamic_items(PageButton, PersonSelect, WhoButton, SuggestButton, SuggestPick)
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        log.info("loaded %d extensions, %d commands", len(self.extensions), len(self.tree.get_commands()))
        await asyncio.to_thread(self._settle)
        # The statements and /ask's index take seconds to build at a hundred times the data: built
        # in the background so the bot starts at once; a member asking meanwhile waits for that
        # build (the answer is deferred if it is slow).
        self._warming = asyncio.create_task(asyncio.to_thread(self._warm))

    def _settle(self) -> None:
        """Build the name index before the first member needs it, then take everything alive now
        out of the garbage collector's full passes: the index and the bot live as long as the
        process, and re-scanning them (a million objects at 100× the data) paused the event loop
        for 150 ms and more in the middle of bursts."""
        _ = self.store.names
        gc.collect()
        gc.freeze()

    def _warm(self) -> None:
        try:
            statements(self.store)
            ask_index(self.store)
            quiz_knowledge(self.store)  # the quiz's indexes, so a first /quiz practice answers in time
        except Exception:  # noqa: BLE001 - a member's first question builds them again and reports
            log.exception("building the statements in the background failed")
            return
        gc.freeze()  # they live until the data changes: out of the full passes too

    async def warmed(self) -> None:
        """Wait for the background build of the statements and /ask's index started at set-up."""
        warming = getattr(self, "_warming", None)
        if warming is not None and not warming.done():
            await asyncio.wait({warming})

    async def close(self) -> None:
        await self.warmed()  # a thread cannot be stopped: let it finish while the store is open
        await super().close()
        gc.unfreeze()  # what this bot held may be collected again (tests start many bots in one process)
