"""Drive the real bot offline: log it in to a FakeDiscord and feed it gateway interaction payloads.

Everything the bot does runs through discord.py's own parsing, command tree, views and HTTP
client; only the network on the far side is local.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import secrets
from dataclasses import dataclass, field
from typing import Any

import discord

from bot.client import Almanac
from bot.offline.fake_discord import APPLICATION_ID, FakeDiscord
from bot.settings import Settings
from db.store import Store

log = logging.getLogger(__name__)

GUILD_ID = 200000000000000001
CHANNEL_ID = 200000000000000002
OFFLINE_TOKEN = "offline.token.not-a-secret"
ALL_PERMISSIONS = str((1 << 50) - 1)
MEMBER_PERMISSIONS = str(discord.Permissions(send_messages=True, view_channel=True, read_message_history=True,
                                             use_application_commands=True).value)
# Tasks discord.py starts for one interaction; waiting for them means waiting for the bot's answer.
_TASK_PREFIXES = ("CommandTree-invoker", "discord-ui-view-dispatch", "discord-ui-dynamic-item", "discord-ui-modal-dispatch")


class OfflineError(Exception):
    """Input the offline runner cannot turn into an interaction (unknown command or option)."""


@dataclass(frozen=True)
class User:
    id: int = 300000000000000001
    name: str = "member"
    permissions: str = MEMBER_PERMISSIONS
    roles: tuple[int, ...] = ()

    def payload(self) -> dict[str, Any]:
        return {"id": str(self.id), "username": self.name, "discriminator": "0", "global_name": self.name,
                "avatar": None, "bot": False}


@dataclass
class Reply:
    """What the bot sent for one interaction."""

    callback_type: int | None
    callback: dict[str, Any] | None  # the callback's `data`, exactly as sent
    messages: list[dict[str, Any]] = field(default_factory=list)  # stored messages, original first

    @property
    def message(self) -> dict[str, Any] | None:
        return self.messages[0] if self.messages else None

    @property
    def choices(self) -> list[dict[str, Any]]:
        return (self.callback or {}).get("choices", [])


class OfflineDiscord:
    """A logged-in Almanac bot talking to a local FakeDiscord."""

    def __init__(self, bot: Almanac, fake: FakeDiscord) -> None:
        self.bot = bot
        self.fake = fake
        self._ids = itertools.count(1)

    @classmethod
    async def start(cls, settings: Settings, store: Store) -> OfflineDiscord:
        fake = FakeDiscord()
        await fake.start()
        discord.http.Route.BASE = fake.base_url
        bot = Almanac(settings, store)
        await bot.login(OFFLINE_TOKEN)  # GET /users/@me, application info, then setup_hook
        return cls(bot, fake)

    async def close(self) -> None:
        await self.bot.close()
        await self.fake.close()

    # -- payloads ----------------------------------------------------------------------------

    def _base(self, kind: int, user: User, locale: str, guild_id: int | None) -> tuple[dict[str, Any], str]:
        interaction_id = self.fake.new_id()
        token = f"tok-{interaction_id}-{secrets.token_hex(4)}"
        payload: dict[str, Any] = {
            "id": str(interaction_id), "application_id": str(APPLICATION_ID), "type": kind, "token": token,
            "version": 1, "locale": locale, "channel_id": str(CHANNEL_ID), "entitlements": [],
            "attachment_size_limit": 25 * 1024 * 1024, "app_permissions": ALL_PERMISSIONS,
        }
        if guild_id is not None:
            payload.update({
                "guild_id": str(guild_id), "guild_locale": "en-US", "context": 0,
                "authorizing_integration_owners": {"0": str(guild_id)},
                "channel": {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(guild_id), "name": "general",
                            "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None},
                "member": {"user": user.payload(), "roles": [str(r) for r in user.roles], "permissions": user.permissions,
                           "joined_at": "2023-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0,
                           "avatar": None, "nick": None, "pending": False},
            })
        else:
            payload.update({"user": user.payload(), "context": 1,
                            "channel": {"id": str(CHANNEL_ID), "type": 1, "recipients": [user.payload()]}})
        return payload, token

    def command_options(self, name: str, options: dict[str, Any], focused: str | None = None) -> tuple[dict, list]:
        command = self.bot.tree.get_command(name)
        if command is None or isinstance(command, discord.app_commands.Group):
            known = ", ".join(sorted(c.name for c in self.bot.tree.get_commands()))
            raise OfflineError(f"unknown command /{name} (known: {known})")
        params = {p.display_name: p for p in command.parameters}
        out = []
        for key, value in options.items():
            param = params.get(key)
            if param is None:
                raise OfflineError(f"/{name} has no option {key!r} (options: {', '.join(params) or 'none'})")
            kind = param.type
            if kind is discord.AppCommandOptionType.integer and key != focused:
                try:
                    value = int(value)
                except (TypeError, ValueError):
                    raise OfflineError(f"option {key} must be a whole number, got {value!r}") from None
            option = {"name": key, "type": kind.value, "value": value}
            if key == focused:
                option["focused"] = True
            out.append(option)
        missing = [p.display_name for p in command.parameters if p.required and p.display_name not in options]
        if missing and focused is None:
            raise OfflineError(f"/{name} needs: {', '.join(missing)}")
        return {"id": str(abs(hash(name)) % 10**17), "name": name, "type": 1, "options": out}, out

    # -- sending -----------------------------------------------------------------------------

    async def _dispatch(self, payload: dict[str, Any], token: str, *, source_message_id: int | None = None,
                        timeout: float = 10.0) -> Reply:
        record = self.fake.register_interaction(int(payload["id"]), token, CHANNEL_ID)
        if source_message_id is not None:
            record.source_message_id = source_message_id  # type: ignore[attr-defined]
        before = asyncio.all_tasks()
        self.bot._connection.parsers["INTERACTION_CREATE"](payload)
        await asyncio.sleep(0)
        started = [t for t in asyncio.all_tasks() - before if t.get_name().startswith(_TASK_PREFIXES)]
        if started:
            await asyncio.wait(started, timeout=timeout)
        return Reply(record.callback_type, record.callback_data,
                     [self.fake.messages[m] for m in record.message_ids if m in self.fake.messages])

    async def command(self, name: str, options: dict[str, Any] | None = None, *, user: User = User(),
                      locale: str = "en-US", guild_id: int | None = GUILD_ID) -> Reply:
        payload, token = self._base(2, user, locale, guild_id)
        payload["data"], _ = self.command_options(name, options or {})
        return await self._dispatch(payload, token)

    async def autocomplete(self, name: str, option: str, value: str, *, options: dict[str, Any] | None = None,
                           user: User = User(), locale: str = "en-US", guild_id: int | None = GUILD_ID) -> Reply:
        payload, token = self._base(4, user, locale, guild_id)
        payload["data"], _ = self.command_options(name, {**(options or {}), option: value}, focused=option)
        return await self._dispatch(payload, token)

    async def press(self, message: dict[str, Any], custom_id: str, *, values: list[str] | None = None,
                    user: User = User(), locale: str = "en-US", guild_id: int | None = GUILD_ID) -> Reply:
        """Click a button (or choose `values` in a select menu) on a message the bot sent."""
        component = find_component(message, custom_id)
        if component is None:
            raise OfflineError(f"no component {custom_id!r} on that message")
        payload, token = self._base(3, user, locale, guild_id)
        payload["message"] = message
        payload["data"] = {"custom_id": custom_id, "component_type": component["type"]}
        if component["type"] == 3:
            payload["data"]["values"] = values or []
        return await self._dispatch(payload, token, source_message_id=int(message["id"]))


def components_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Buttons and menus of a message, in display order."""
    return [item for row in message.get("components") or [] for item in row.get("components") or []]


def find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any] | None:
    return next((c for c in components_of(message) if c.get("custom_id") == custom_id), None)
