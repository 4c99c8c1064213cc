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
from pathlib import Path
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
MEMBER_PERMISSIONS = str(
    discord.Permissions(
        send_messages=True, view_channel=True, read_message_history=True, use_application_commands=True
    ).value
)
# Tasks discord.py starts for one interaction; waiting for them means waiting for the bot's answer.
_TASK_PREFIXES = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch",
    "discord-ui-dynamic-item",
    "discord-ui-modal-dispatch",
)


class OfflineError(Exception):
    """Input the offline runner cannot turn into an interaction (unknown command or option)."""


@dataclass(frozen=True)
class User:
    id: int = 300000000000000001
    name: str = "member"
    permissions: str = MEMBER_PERMISSIONS
    roles: tuple[int, ...] = ()

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": self.name,
            "avatar": None,
            "bot": False,
        }


@dataclass
class Reply:
    """What the bot sent for one interaction."""

    callback_type: int | None
    callback: dict[str, Any] | None  # the callback's `data`, exactly as sent
    messages: list[dict[str, Any]] = field(default_factory=list)  # stored messages, original first
    posted: list[dict[str, Any]] = field(default_factory=list)  # channel messages the bot sent meanwhile

    @property
    def message(self) -> dict[str, Any] | None:
        return self.messages[0] if self.messages else None

    @property
    def choices(self) -> list[dict[str, Any]]:
        choices: list[dict[str, Any]] = (self.callback or {}).get("choices", [])
        return choices


class OfflineDiscord:
    """A logged-in Almanac bot talking to a local FakeDiscord."""

    def __init__(self, bot: Almanac, fake: FakeDiscord, *, owns_fake: bool = True) -> None:
        self.bot = bot
        self.fake = fake
        self._owns_fake = owns_fake  # started the fake itself, so stops it on close
        self._ids = itertools.count(1)

    @classmethod
    async def start(cls, settings: Settings, store: Store, *, fake: FakeDiscord | None = None) -> OfflineDiscord:
        """A bot logged in to `fake` (a new one by default; pass one to run several bots against
        the same Discord, as several processes or shards would)."""
        owns_fake = fake is None
        if fake is None:
            fake = FakeDiscord()
            await fake.start()
        discord.http.Route.BASE = fake.base_url  # process-wide in discord.py: one fake per process
        bot = Almanac(settings, store)
        bot.console_guilds = frozenset({GUILD_ID})  # the offline server is the owner's own
        await bot.login(OFFLINE_TOKEN)  # GET /users/@me, application info, then setup_hook
        return cls(bot, fake, owns_fake=owns_fake)

    async def close(self) -> None:
        await self.bot.close()
        if self._owns_fake:
            await self.fake.close()

    # -- payloads ----------------------------------------------------------------------------

    def _base(self, kind: int, user: User, locale: str, guild_id: int | None) -> tuple[dict[str, Any], str]:
        interaction_id = self.fake.new_id()
        token = f"tok-{interaction_id}-{secrets.token_hex(4)}"
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(APPLICATION_ID),
            "type": kind,
            "token": token,
            "version": 1,
            "locale": locale,
            "channel_id": str(CHANNEL_ID),
            "entitlements": [],
            "attachment_size_limit": 25 * 1024 * 1024,
            "app_permissions": ALL_PERMISSIONS,
        }
        if guild_id is not None:
            payload.update(
                {
                    "guild_id": str(guild_id),
                    "guild_locale": "en-US",
                    "context": 0,
                    "authorizing_integration_owners": {"0": str(guild_id)},
                    "channel": {
                        "id": str(CHANNEL_ID),
                        "type": 0,
                        "guild_id": str(guild_id),
                        "name": "general",
                        "position": 0,
                        "permission_overwrites": [],
                        "nsfw": False,
                        "parent_id": None,
                    },
                    "member": {
                        "user": user.payload(),
                        "roles": [str(r) for r in user.roles],
                        "permissions": user.permissions,
                        "joined_at": "2023-01-01T00:00:00+00:00",
                        "deaf": False,
                        "mute": False,
                        "flags": 0,
                        "avatar": None,
                        "nick": None,
                        "pending": False,
                    },
                }
            )
        else:
            payload.update(
                {
                    "user": user.payload(),
                    "context": 1,
                    "channel": {"id": str(CHANNEL_ID), "type": 1, "recipients": [user.payload()]},
                }
            )
        return payload, token

    def _find(self, name: str) -> tuple[list[str], discord.app_commands.Command]:
        parts = name.split()
        command: Any = self.bot.tree.get_command(parts[0]) if parts else None
        if isinstance(command, discord.app_commands.Command) and len(parts) > 1:
            raise OfflineError(
                f"write options as name:value, e.g. /{parts[0]} "
                f"{command.parameters[0].display_name if command.parameters else 'option'}:..."
            )
        for part in parts[1:]:
            command = command.get_command(part) if isinstance(command, discord.app_commands.Group) else None
        if command is None or isinstance(command, discord.app_commands.Group):
            known = sorted(
                c.qualified_name for c in self.bot.tree.walk_commands() if not isinstance(c, discord.app_commands.Group)
            )
            raise OfflineError(f"unknown command /{name} (known: {', '.join('/' + k for k in known)})")
        return parts, command

    def command_options(
        self, name: str, options: dict[str, Any], focused: str | None = None, guild_id: int | None = GUILD_ID
    ) -> dict[str, Any]:
        parts, command = self._find(name)
        params = {p.display_name: p for p in command.parameters}
        out = []
        resolved: dict[str, dict[str, Any]] = {}
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
            elif kind is discord.AppCommandOptionType.attachment and key != focused:
                value = self._attachment(value, resolved)
            elif (
                kind
                in (
                    discord.AppCommandOptionType.channel,
                    discord.AppCommandOptionType.user,
                    discord.AppCommandOptionType.role,
                )
                and key != focused
            ):
                value = self._resolve(kind, value, resolved, guild_id)
            option = {"name": key, "type": kind.value, "value": value}
            if key == focused:
                option["focused"] = True
            out.append(option)
        missing = [p.display_name for p in command.parameters if p.required and p.display_name not in options]
        if missing and focused is None:
            raise OfflineError(f"/{name} needs: {', '.join(missing)}")
        for part in reversed(parts[1:]):  # subcommands wrap the options
            out = [{"name": part, "type": 1, "options": out}]
        data: dict[str, Any] = {"id": str(abs(hash(parts[0])) % 10**17), "name": parts[0], "type": 1, "options": out}
        if resolved:
            data["resolved"] = resolved
        return data

    def _attachment(self, value: Any, resolved: dict[str, dict[str, Any]]) -> str:
        """An attachment option: a path to a file (or (filename, bytes)), uploaded to the fake's CDN."""
        if isinstance(value, tuple):
            filename, data = value
        else:
            path = Path(str(value)).expanduser()
            try:
                filename, data = path.name, path.read_bytes()
            except (OSError, ValueError):
                raise OfflineError(f"attach a file by its path; {str(value)[:80]!r} is not a readable file") from None
        attachment = self.fake.attach(str(filename), bytes(data))
        resolved.setdefault("attachments", {})[attachment["id"]] = attachment
        return str(attachment["id"])

    @staticmethod
    def _resolve(
        kind: discord.AppCommandOptionType, value: Any, resolved: dict[str, dict[str, Any]], guild_id: int | None
    ) -> str:
        """Channel, user and role options arrive as ids with their objects under `resolved`."""
        text = str(value).strip().lstrip("<#@&!").rstrip(">")
        if not text.isdigit():
            raise OfflineError(f"give an id (or <#id>/<@id>) for a {kind.name} option, got {value!r}")
        if kind is discord.AppCommandOptionType.channel:
            resolved.setdefault("channels", {})[text] = {
                "id": text,
                "type": 0,
                "name": f"channel-{text[-4:]}",
                "permissions": ALL_PERMISSIONS,
                "guild_id": str(guild_id),
            }
        elif kind is discord.AppCommandOptionType.user:
            user = User(id=int(text), name=f"member-{text[-4:]}")
            resolved.setdefault("users", {})[text] = user.payload()
            if guild_id is not None:
                resolved.setdefault("members", {})[text] = {
                    "roles": [],
                    "joined_at": "2023-01-01T00:00:00+00:00",
                    "permissions": MEMBER_PERMISSIONS,
                    "flags": 0,
                    "deaf": False,
                    "mute": False,
                    "avatar": None,
                    "nick": None,
                }
        else:
            resolved.setdefault("roles", {})[text] = {
                "id": text,
                "name": f"role-{text[-4:]}",
                "color": 0,
                "hoist": False,
                "position": 1,
                "permissions": "0",
                "managed": False,
                "mentionable": False,
                "flags": 0,
            }
        return text

    # -- sending -----------------------------------------------------------------------------

    async def _dispatch(
        self, payload: dict[str, Any], token: str, *, source_message_id: int | None = None, wait_s: float = 10.0
    ) -> Reply:
        record = self.fake.register_interaction(int(payload["id"]), token, CHANNEL_ID)
        if source_message_id is not None:
            record.source_message_id = source_message_id
        before = asyncio.all_tasks()
        known = set(self.fake.messages)
        self.bot._connection.parsers["INTERACTION_CREATE"](payload)
        await asyncio.sleep(0)
        started = [t for t in asyncio.all_tasks() - before if t.get_name().startswith(_TASK_PREFIXES)]
        if started:
            await asyncio.wait(started, timeout=wait_s)
        mine = [self.fake.messages[m] for m in record.message_ids if m in self.fake.messages]
        posted = [m for i, m in self.fake.messages.items() if i not in known and i not in record.message_ids]
        return Reply(record.callback_type, record.callback_data, mine, posted)

    async def command(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: User = User(),
        locale: str = "en-US",
        guild_id: int | None = GUILD_ID,
    ) -> Reply:
        payload, token = self._base(2, user, locale, guild_id)
        payload["data"] = self.command_options(name, options or {}, guild_id=guild_id)
        return await self._dispatch(payload, token)

    async def message_command(
        self,
        name: str,
        message: dict[str, Any],
        *,
        user: User = User(),
        locale: str = "en-US",
        guild_id: int | None = GUILD_ID,
    ) -> Reply:
        """Run a message context menu ("Apps" on a message) on `message` (see `message_payload`)."""
        command = self.bot.tree.get_command(name, type=discord.AppCommandType.message)
        if command is None:
            known = [c.name for c in self.bot.tree.get_commands(type=discord.AppCommandType.message)]
            raise OfflineError(f"unknown message command {name!r} (known: {', '.join(known)})")
        payload, token = self._base(2, user, locale, guild_id)
        payload["data"] = {
            "id": str(abs(hash(name)) % 10**17),
            "name": name,
            "type": 3,
            "target_id": message["id"],
            "resolved": {"messages": {message["id"]: message}},
        }
        return await self._dispatch(payload, token)

    def message_payload(self, content: str, *, author: User | None = None) -> dict[str, Any]:
        """A message someone wrote in the channel, as Discord sends it in `resolved`."""
        author = author or User(id=300000000000000099, name="writer")
        return {
            "id": str(self.fake.new_id()),
            "channel_id": str(CHANNEL_ID),
            "author": author.payload(),
            "content": content,
            "timestamp": "2024-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "components": [],
        }

    async def autocomplete(
        self,
        name: str,
        option: str,
        value: str,
        *,
        options: dict[str, Any] | None = None,
        user: User = User(),
        locale: str = "en-US",
        guild_id: int | None = GUILD_ID,
    ) -> Reply:
        payload, token = self._base(4, user, locale, guild_id)
        payload["data"] = self.command_options(
            name, {**(options or {}), option: value}, focused=option, guild_id=guild_id
        )
        return await self._dispatch(payload, token)

    async def submit(
        self,
        modal: dict[str, Any],
        values: dict[str, str],
        *,
        user: User = User(),
        locale: str = "en-US",
        guild_id: int | None = GUILD_ID,
    ) -> Reply:
        """Submit a modal the bot opened (its callback data), with `values` by input custom_id;
        inputs not given keep their pre-filled text."""
        payload, token = self._base(5, user, locale, guild_id)
        rows = [
            {
                "type": 1,
                "components": [
                    {"type": 4, "custom_id": f["custom_id"], "value": values.get(f["custom_id"], f.get("value") or "")}
                ],
            }
            for f in modal_fields(modal)
        ]
        payload["data"] = {"custom_id": modal["custom_id"], "components": rows}
        return await self._dispatch(payload, token)

    async def press(
        self,
        message: dict[str, Any],
        custom_id: str,
        *,
        values: list[str] | None = None,
        user: User = User(),
        locale: str = "en-US",
        guild_id: int | None = GUILD_ID,
    ) -> Reply:
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


def modal_fields(modal: dict[str, Any]) -> list[dict[str, Any]]:
    """The text inputs of a modal payload (in rows or in labels), each with its label."""
    fields = []
    for row in modal.get("components") or []:
        if row.get("type") == 18:  # a Label wrapping one input
            fields.append({**row["component"], "label": row.get("label", "")})
        else:
            fields.extend(item for item in row.get("components") or [] if item.get("type") == 4)
    return fields


def components_of(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Buttons and menus of a message, in display order."""
    return [item for row in message.get("components") or [] for item in row.get("components") or []]


def find_component(message: dict[str, Any], custom_id: str) -> dict[str, Any] | None:
    return next((c for c in components_of(message) if c.get("custom_id") == custom_id), None)
