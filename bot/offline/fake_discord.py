"""A local stand-in for the parts of Discord's REST API the bot uses.

discord.py is pointed at it by setting `discord.http.Route.BASE`; it records every request,
keeps the messages the bot sends, and rejects what real Discord rejects (bad limits), so the bot
runs unchanged and tests can assert on the exact JSON Discord would receive.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import BodyPartReader, web
from aiohttp.typedefs import Handler

from bot.offline.limits import autocomplete_problems, message_problems, modal_problems

log = logging.getLogger(__name__)

BOT_USER_ID = 100000000000000001
APPLICATION_ID = 100000000000000002
OWNER_ID = 100000000000000003
API_VERSION = 10

# Interaction callback types (Discord API).
PONG, CHANNEL_MESSAGE, DEFERRED_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE, AUTOCOMPLETE_RESULT, MODAL = (
    1,
    4,
    5,
    6,
    7,
    8,
    9,
)

_EPOCH_MS = 1420070400000
PAYLOAD: web.RequestKey[Any] = web.RequestKey("payload", object)  # the parsed JSON body, any shape
ATTACHMENT_MAX = 10 * 1024 * 1024  # the smallest upload limit a server can have


def snowflake_now(counter: itertools.count[int]) -> int:
    """A Discord-shaped id: time in the high bits, a counter in the low ones."""
    return ((int(time.time() * 1000) - _EPOCH_MS) << 22) | (next(counter) & 0x3FFFFF)


def _json(data: Any, status: int = 200) -> web.Response:
    # discord.py checks the content type exactly; aiohttp's json_response adds "; charset=utf-8".
    return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"})


def _error(status: int, message: str, code: int = 50035, errors: list[str] | None = None) -> web.Response:
    # Discord's shape: errors nest by field down to "_errors" lists (discord.py flattens them).
    body: dict[str, Any] = {"code": code, "message": message}
    if errors:
        body["errors"] = {"payload": {"_errors": [{"code": "INVALID", "message": e} for e in errors]}}
    return _json(body, status=status)


@dataclass
class Recorded:
    method: str
    path: str
    json: Any
    status: int


@dataclass
class InteractionRecord:
    """Everything the bot sent in answer to one interaction."""

    id: int
    token: str
    callback_type: int | None = None
    callback_data: dict[str, Any] | None = None
    message_ids: list[int] = field(default_factory=list)  # original first, then follow-ups
    channel_id: int = 0
    source_message_id: int | None = None  # for a button press: the message the button is on
    loading: bool = True  # a deferred response shows "thinking..." until its first edit
    done: asyncio.Event = field(default_factory=asyncio.Event)


class FakeDiscord:
    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self.requests: list[Recorded] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.channel_messages: dict[int, list[int]] = {}
        self.interactions: dict[str, InteractionRecord] = {}
        self.rejections: list[tuple[str, list[str]]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # "global" or guild id → command payloads
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self.fail_next: list[int] = []  # statuses to answer with, for fault tests
        # Channels the bot may not post in (403 Missing Access) or that are gone (404 Unknown Channel).
        self.forbidden_channels: set[int] = set()
        self.deleted_channels: set[int] = set()
        self.changed = asyncio.Condition()
        self._files: dict[int, list[dict[str, Any]]] = {}
        # Direct messages: the channel opened for each member, and members who accept none (50007).
        self.dm_channels: dict[int, int] = {}
        self.closed_dms: set[int] = set()
        # Files members attached to commands, served at their CDN address: attachment id → (name, bytes).
        self.uploads: dict[int, tuple[str, bytes]] = {}

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v{API_VERSION}"

    async def start(self) -> None:
        app = web.Application(middlewares=[self._record])
        r = app.router
        r.add_get("/api/v10/users/@me", self._me)
        r.add_get("/api/v10/oauth2/applications/@me", self._application)
        r.add_get("/api/v10/applications/@me", self._application)
        r.add_post("/api/v10/interactions/{id}/{token}/callback", self._callback)
        r.add_route("*", "/api/v10/webhooks/{app}/{token}/messages/{message}", self._webhook_message)
        r.add_post("/api/v10/webhooks/{app}/{token}", self._followup)
        r.add_post("/api/v10/channels/{channel}/messages", self._channel_post)
        r.add_route("*", "/api/v10/channels/{channel}/messages/{message}", self._channel_message)
        r.add_put("/api/v10/applications/{app}/commands", self._put_commands)
        r.add_put("/api/v10/applications/{app}/guilds/{guild}/commands", self._put_commands)
        r.add_get("/api/v10/applications/{app}/commands", self._get_commands)
        r.add_get("/api/v10/applications/{app}/guilds/{guild}/commands", self._get_commands)
        r.add_get("/api/v10/gateway/bot", self._gateway)
        r.add_get("/api/v10/users/{user}", self._other_user)
        r.add_post("/api/v10/users/@me/channels", self._open_dm)
        r.add_get("/attachments/{id}/{filename}", self._upload)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # -- helpers -----------------------------------------------------------------------------

    def new_id(self) -> int:
        return snowflake_now(self._ids)

    @web.middleware
    async def _record(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        body: Any = None
        if request.can_read_body:
            body = await self._body(request)
        request[PAYLOAD] = body
        if self.fail_next:
            status = self.fail_next.pop(0)
            self.requests.append(Recorded(request.method, request.path, body, status))
            if status == 429:
                return _json(
                    {"message": "You are being rate limited.", "retry_after": 0.05, "global": False}, status=429
                )
            return _error(status, "injected failure", code=0)
        response = await handler(request)
        self.requests.append(Recorded(request.method, request.path, body, response.status))
        return response

    @staticmethod
    async def _body(request: web.Request) -> Any:
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            payload: dict[str, Any] = {}
            files: list[dict[str, Any]] = []
            async for part in reader:
                if not isinstance(part, BodyPartReader):  # Discord's uploads are flat: no nested multipart
                    continue
                if part.name == "payload_json":
                    payload = json.loads(await part.text())
                else:
                    data = await part.read(decode=False)
                    files.append({"name": part.name, "filename": part.filename, "size": len(data), "data": bytes(data)})
            payload["_files"] = files
            return payload
        raw = await request.read()
        return json.loads(raw) if raw else None

    def _user(self) -> dict[str, Any]:
        return {
            "id": str(BOT_USER_ID),
            "username": "Almanac",
            "discriminator": "0",
            "global_name": "Almanac",
            "avatar": None,
            "bot": True,
            "flags": 0,
        }

    def _message(
        self, channel_id: int, data: dict[str, Any], *, interaction: InteractionRecord | None = None
    ) -> dict[str, Any]:
        message_id = self.new_id()
        files = data.get("_files") or []
        if any(f["size"] > ATTACHMENT_MAX for f in files):
            raise web.HTTPRequestEntityTooLarge(max_size=ATTACHMENT_MAX, actual_size=max(f["size"] for f in files))
        # Discord keeps each attachment's description (its alt text) from the payload's attachment list
        described = {str(a.get("filename")): a.get("description") for a in data.get("attachments") or []}
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": self._user(),
            "content": data.get("content") or "",
            "embeds": data.get("embeds") or [],
            "components": data.get("components") or [],
            "attachments": [
                {
                    "id": str(self.new_id()),
                    "filename": f["filename"],
                    "size": f["size"],
                    "url": f"attachment://{f['filename']}",
                    "proxy_url": f"attachment://{f['filename']}",
                    **({"description": described[f["filename"]]} if described.get(f["filename"]) else {}),
                }
                for f in files
            ],
            "timestamp": "2024-01-01T00:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "pinned": False,
            "type": 20 if interaction else 0,
            "flags": data.get("flags") or 0,
            "allowed_mentions": data.get("allowed_mentions"),
            "application_id": str(APPLICATION_ID),
        }
        self.messages[message_id] = message
        self.channel_messages.setdefault(channel_id, []).append(message_id)
        self._files[message_id] = files
        return message

    def files_of(self, message_id: int) -> list[dict[str, Any]]:
        return self._files.get(message_id, [])

    @staticmethod
    def _edit(message: dict[str, Any], data: dict[str, Any]) -> None:
        for key in ("content", "embeds", "components", "flags", "allowed_mentions"):
            if key in data:
                message[key] = data[key]
        message["edited_timestamp"] = "2024-01-01T00:00:01+00:00"

    async def _notify(self) -> None:
        async with self.changed:
            self.changed.notify_all()

    def interaction(self, token: str) -> InteractionRecord:
        return self.interactions[token]

    def register_interaction(self, interaction_id: int, token: str, channel_id: int) -> InteractionRecord:
        record = InteractionRecord(interaction_id, token, channel_id=channel_id)
        self.interactions[token] = record
        return record

    # -- routes ------------------------------------------------------------------------------

    async def _me(self, _request: web.Request) -> web.Response:
        return _json(self._user())

    async def _gateway(self, _request: web.Request) -> web.Response:
        return _json(
            {
                "url": "ws://127.0.0.1:9",
                "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
            }
        )

    async def _application(self, _request: web.Request) -> web.Response:
        return _json(
            {
                "id": str(APPLICATION_ID),
                "name": "Almanac",
                "icon": None,
                "description": "",
                "bot_public": True,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": {"id": str(OWNER_ID), "username": "owner", "discriminator": "0", "avatar": None},
            }
        )

    async def _callback(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        record = self.interactions.get(token)
        if record is None:
            return _error(404, "Unknown interaction", code=10062)
        if record.callback_type is not None:
            return _error(400, "Interaction has already been acknowledged.", code=40060)
        payload = request[PAYLOAD] or {}
        kind, data = payload.get("type"), payload.get("data") or {}
        if payload.get("_files"):  # multipart: the files travel beside payload_json
            data = {**data, "_files": payload["_files"]}
        problems: list[str] = []
        if kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            problems = message_problems(data)
        elif kind == AUTOCOMPLETE_RESULT:
            problems = autocomplete_problems(data.get("choices") or [])
        elif kind == MODAL:
            problems = modal_problems(data)
        if problems:
            self.rejections.append((request.path, problems))
            log.error("fake Discord rejected a callback: %s", problems)
            return _error(400, "Invalid Form Body", errors=problems)
        record.callback_type = kind
        record.callback_data = data
        resource: dict[str, Any] = {"type": kind}
        if kind in (CHANNEL_MESSAGE, DEFERRED_MESSAGE):
            message = self._message(
                record.channel_id,
                data if kind == CHANNEL_MESSAGE else {"flags": data.get("flags")},
                interaction=record,
            )
            record.message_ids.insert(0, int(message["id"]))
            resource["message"] = message
        elif kind in (UPDATE_MESSAGE, DEFERRED_UPDATE):
            source = record.source_message_id
            if kind == UPDATE_MESSAGE and source in self.messages:
                self._edit(self.messages[source], data)
                resource["message"] = self.messages[source]
        record.done.set()
        await self._notify()
        return _json(
            {
                "interaction": {
                    "id": str(record.id),
                    "type": 2,
                    "response_message_id": str(record.message_ids[0]) if record.message_ids else None,
                    "response_message_loading": kind == DEFERRED_MESSAGE,
                    "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
                },
                "resource": resource,
            }
        )

    async def _followup(self, request: web.Request) -> web.Response:
        record = self.interactions.get(request.match_info["token"])
        if record is None:
            return _error(404, "Unknown Webhook", code=10015)
        data = request[PAYLOAD] or {}
        problems = message_problems(data)
        if problems:
            self.rejections.append((request.path, problems))
            return _error(400, "Invalid Form Body", errors=problems)
        if record.callback_type == DEFERRED_MESSAGE and record.loading and record.message_ids:
            # The first follow-up after a "thinking…" defer replaces the placeholder, as Discord does.
            record.loading = False
            message = self.messages[record.message_ids[0]]
            replacement = self._message(record.channel_id, data, interaction=record)
            del self.messages[int(replacement["id"])]
            self.channel_messages[record.channel_id].remove(int(replacement["id"]))
            self._files[int(message["id"])] = self._files.pop(int(replacement["id"]), [])
            message.update(
                {
                    k: replacement[k]
                    for k in ("content", "embeds", "components", "attachments", "flags", "allowed_mentions")
                }
            )
            await self._notify()
            return _json(message)
        message = self._message(record.channel_id, data, interaction=record)
        record.message_ids.append(int(message["id"]))
        await self._notify()
        return _json(message)

    async def _webhook_message(self, request: web.Request) -> web.Response:
        record = self.interactions.get(request.match_info["token"])
        if record is None:
            return _error(404, "Unknown Webhook", code=10015)
        which = request.match_info["message"]
        if which == "@original":
            message_id = record.message_ids[0] if record.message_ids else getattr(record, "source_message_id", None)
        else:
            message_id = int(which)
        message = self.messages.get(message_id) if message_id else None
        if message is None:
            return _error(404, "Unknown Message", code=10008)
        if request.method == "PATCH":
            return await self._patch(request, message)
        if request.method == "DELETE":
            message["deleted"] = True
            await self._notify()
            return web.Response(status=204)
        return _json(message)

    def dms_to(self, user_id: int) -> list[dict[str, Any]]:
        """The direct messages the bot sent a member."""
        channel = self.dm_channels.get(user_id)
        return [self.messages[m] for m in self.channel_messages.get(channel, [])] if channel else []

    def attach(self, filename: str, data: bytes) -> dict[str, Any]:
        """A file a member attaches to a command: the object Discord puts under `resolved`."""
        attachment_id = self.new_id()
        self.uploads[attachment_id] = (filename, data)
        url = f"http://127.0.0.1:{self.port}/attachments/{attachment_id}/{filename}"
        return {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": "text/plain; charset=utf-8" if filename.endswith(".txt") else "application/octet-stream",
        }

    async def _upload(self, request: web.Request) -> web.Response:
        found = self.uploads.get(int(request.match_info["id"]))
        if found is None or found[0] != request.match_info["filename"]:
            return web.Response(status=404)
        return web.Response(body=found[1], content_type="application/octet-stream")

    async def _other_user(self, request: web.Request) -> web.Response:
        user = request.match_info["user"]
        if not user.isdigit():
            return _error(404, "Unknown User", code=10013)
        name = f"member-{user[-4:]}"
        return _json(
            {"id": user, "username": name, "discriminator": "0", "global_name": name, "avatar": None, "bot": False}
        )

    async def _open_dm(self, request: web.Request) -> web.Response:
        recipient = int((request[PAYLOAD] or {}).get("recipient_id", 0))
        channel = self.dm_channels.setdefault(recipient, self.new_id())
        user = {"id": str(recipient), "username": "member", "discriminator": "0", "avatar": None}
        return _json({"id": str(channel), "type": 1, "recipients": [user], "last_message_id": None})

    def _channel_refusal(self, channel: int) -> web.Response | None:
        closed = {self.dm_channels.get(u) for u in self.closed_dms}
        if channel in closed:
            return _error(403, "Cannot send messages to this user", code=50007)
        if channel in self.deleted_channels:
            return _error(404, "Unknown Channel", code=10003)
        if channel in self.forbidden_channels:
            return _error(403, "Missing Access", code=50001)
        return None

    async def _channel_post(self, request: web.Request) -> web.Response:
        data = request[PAYLOAD] or {}
        channel = int(request.match_info["channel"])
        refused = self._channel_refusal(channel)
        if refused is not None:
            return refused
        if data.get("enforce_nonce") and data.get("nonce"):
            # Discord returns the earlier message for a repeated nonce instead of posting twice.
            for message_id in self.channel_messages.get(channel, []):
                if self.messages[message_id].get("nonce") == data["nonce"]:
                    return _json(self.messages[message_id])
        problems = message_problems(data)
        if problems:
            self.rejections.append((request.path, problems))
            return _error(400, "Invalid Form Body", errors=problems)
        message = self._message(channel, data)
        message["nonce"] = data.get("nonce")
        await self._notify()
        return _json(message)

    async def _channel_message(self, request: web.Request) -> web.Response:
        refused = self._channel_refusal(int(request.match_info["channel"]))
        if refused is not None:
            return refused
        message = self.messages.get(int(request.match_info["message"]))
        if message is None:
            return _error(404, "Unknown Message", code=10008)
        if request.method == "PATCH":
            return await self._patch(request, message)
        return _json(message)

    async def _patch(self, request: web.Request, message: dict[str, Any]) -> web.Response:
        data = request[PAYLOAD] or {}
        problems = message_problems({**message, **data})
        if problems:
            self.rejections.append((request.path, problems))
            return _error(400, "Invalid Form Body", errors=problems)
        self._edit(message, data)
        await self._notify()
        return _json(message)

    async def _put_commands(self, request: web.Request) -> web.Response:
        scope = request.match_info.get("guild", "global")
        commands = request[PAYLOAD] or []
        self.commands[scope] = commands
        # Discord answers with every field, "description" included ("" for context menus).
        out = [
            {"description": "", **c, "id": str(self.new_id()), "application_id": str(APPLICATION_ID), "version": "1"}
            for c in commands
        ]
        return _json(out)

    async def _get_commands(self, request: web.Request) -> web.Response:
        scope = request.match_info.get("guild", "global")
        return _json(
            [
                {"description": "", **c, "id": str(n + 1), "application_id": str(APPLICATION_ID), "version": "1"}
                for n, c in enumerate(self.commands.get(scope, []))
            ]
        )
