"""The quiz on Discord: answer buttons (DynamicItems, so they survive restarts), posting,
answer-count updates and the reveal."""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import aiohttp
import discord

from bot.domain.quiz import Question
from bot.domain.quiz_render import feedback_text, option_labels, question_embed, reveal_embed
from bot.domain.render import clip, neutralise
from bot.i18n import Lang, t
from bot.services import quiz
from bot.services.sources import sources_by_id
from bot.suggest_ui import reveal_view
from bot.ui import guarded, in_time, lang_of, tell_private
from db.models import QuizPost, row_id

if TYPE_CHECKING:
    from bot.client import Almanac

log = logging.getLogger(__name__)


def answer_view(post_id: int, question: dict, lang: Lang) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for index, label in enumerate(option_labels(question, lang)):
        view.add_item(QuizButton(post_id, index, label))
    return view


def post_payload(post: QuizPost, lang: Lang, *, answers: int = 0) -> dict:
    question = quiz.question_from_json(post.question).localised(lang.value)
    embed = question_embed(question, lang, answers=answers, closes_at=quiz.as_utc(post.closes_at))
    return {"embed": discord.Embed.from_dict(embed), "view": answer_view(row_id(post), question, lang)}


def _label_of(item: discord.ui.Item[Any]) -> str:
    return (item.label if isinstance(item, discord.ui.Button) else None) or "?"


class QuizButton(discord.ui.DynamicItem[discord.ui.Button], template=r"quiz:(?P<post>\d+):(?P<choice>\d)"):
    def __init__(self, post_id: int, choice: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(label=label[:80], style=discord.ButtonStyle.primary, custom_id=f"quiz:{post_id}:{choice}")
        )
        self.post_id, self.choice = post_id, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> QuizButton:
        return cls(int(match["post"]), int(match["choice"]), _label_of(item))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: Almanac = interaction.client  # type: ignore[assignment]
        lang = lang_of(interaction)
        # Under a burst the write can queue behind others: defer past 2 s rather than miss Discord's 3 s.
        answering = asyncio.to_thread(
            quiz.answer,
            bot.store,
            post_id=self.post_id,
            guild_id=interaction.guild_id,
            user_id=interaction.user.id,
            user_name=interaction.user.display_name,
            choice=self.choice,
            now=bot.clock(),
        )
        result = await in_time(interaction, answering, ephemeral=True)
        if result.status == "elsewhere":
            log.warning("quiz post %s pressed from guild %s: not its server", self.post_id, interaction.guild_id)
            await tell_private(interaction, t("quiz.elsewhere", lang))
            return
        if result.status == "unknown" or result.post is None:
            await tell_private(interaction, t("quiz.unknown", lang))
            return
        question = quiz.question_from_json(result.post.question).localised(lang.value)
        labels = option_labels(question, lang)
        if result.status == "duplicate":
            earlier = labels[result.choice] if result.choice is not None else "?"  # a duplicate carries its choice
            await tell_private(interaction, t("quiz.already", lang, choice=earlier))
        elif result.status == "closed":
            await tell_private(interaction, t("quiz.closed", lang))
        else:
            when = f"<t:{int(quiz.as_utc(result.post.closes_at).timestamp())}:R>"
            await tell_private(interaction, t("quiz.locked", lang, choice=labels[self.choice], when=when))
            cog = bot.get_cog("Quiz")
            if cog is not None:
                cog.mark_dirty(self.post_id)  # type: ignore[attr-defined]


def practice_view(owner: int, seed: int, version: int, question: dict, lang: Lang) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for index, label in enumerate(option_labels(question, lang)):
        view.add_item(PracticeButton(owner, seed, version, index, label))
    return view


class PracticeButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"qp:(?P<owner>\d+):(?P<seed>\d+):(?P<version>\d+):(?P<choice>\d)",
):
    """A practice answer: the question is rebuilt from the seed, so nothing is written anywhere."""

    def __init__(self, owner: int, seed: int, version: int, choice: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80], style=discord.ButtonStyle.primary, custom_id=f"qp:{owner}:{seed}:{version}:{choice}"
            )
        )
        self.owner, self.seed, self.version, self.choice = owner, seed, version, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> PracticeButton:
        return cls(
            int(match["owner"]), int(match["seed"]), int(match["version"]), int(match["choice"]), _label_of(item)
        )

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        lang = lang_of(interaction)
        if interaction.user.id != self.owner:
            await tell_private(interaction, t("quiz.not_yours", lang))
            return
        bot: Almanac = interaction.client  # type: ignore[assignment]
        question, version = await bot.store.run(quiz.practice_question, bot.store, self.seed)
        if question is None or version != self.version or not 0 <= self.choice < len(question.options):
            await tell_private(interaction, t("quiz.unknown", lang))  # the facts changed meanwhile
            return
        shown = question.localised(lang.value)
        sources = await bot.store.run(sources_by_id, bot.store)
        text = feedback_text(
            shown, lang, choice=self.choice, correct=self.choice == question.answer_index, sources=sources
        )
        await interaction.response.edit_message(content=text, view=None)


def review_view(owner: int, post_id: int, question: dict, lang: Lang) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for index, label in enumerate(option_labels(question, lang)):
        view.add_item(ReviewButton(owner, post_id, index, label))
    return view


class ReviewButton(
    discord.ui.DynamicItem[discord.ui.Button], template=r"qr:(?P<owner>\d+):(?P<post>\d+):(?P<choice>\d)"
):
    """A re-take of a missed question: private feedback, nothing is written or scored."""

    def __init__(self, owner: int, post_id: int, choice: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(
                label=label[:80], style=discord.ButtonStyle.primary, custom_id=f"qr:{owner}:{post_id}:{choice}"
            )
        )
        self.owner, self.post_id, self.choice = owner, post_id, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> ReviewButton:
        return cls(int(match["owner"]), int(match["post"]), int(match["choice"]), _label_of(item))

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        lang = lang_of(interaction)
        if interaction.user.id != self.owner:
            await tell_private(interaction, t("quiz.not_yours", lang))
            return
        bot: Almanac = interaction.client  # type: ignore[assignment]
        post = await asyncio.to_thread(quiz.get_post, bot.store, self.post_id)
        if post is None or post.voided or post.guild_id != interaction.guild_id:
            await tell_private(interaction, t("quiz.unknown", lang))
            return
        question = quiz.question_from_json(post.question)
        if not 0 <= self.choice < len(question.options):
            await tell_private(interaction, t("quiz.unknown", lang))
            return
        shown = question.localised(lang.value)
        sources = await bot.store.run(sources_by_id, bot.store)
        text = feedback_text(
            shown, lang, choice=self.choice, correct=self.choice == question.answer_index, sources=sources
        )
        await interaction.response.edit_message(content=f"{text}\n-# {t('quiz.review_footer', lang)}", view=None)


async def post_corrections(
    bot: Almanac, corrections: list[quiz.Correction], lang_of_guild: Callable[[int], Awaitable[Lang]]
) -> None:
    """A short note in the quiz channel for each re-keyed or withdrawn question."""
    for correction in corrections:
        post = correction.post
        if post.channel_id is None or post.message_id is None:
            continue
        lang = await lang_of_guild(post.guild_id)
        shown = correction.question.localised(lang.value)
        labels = option_labels(shown, lang)
        if correction.status == "rekeyed":
            right = shown["answer_index"]
            text = t(
                "quiz.correction_rekeyed",
                lang,
                question=clip(neutralise(shown["question"]), 300),
                answer=f"{labels[right]}. {neutralise(shown['options'][right])}",
            )
        else:
            text = t("quiz.correction_voided", lang, question=clip(neutralise(shown["question"]), 300))
        link = f"https://discord.com/channels/{post.guild_id}/{post.channel_id}/{post.message_id}"
        channel = bot.get_partial_messageable(post.channel_id)
        try:
            await channel.send(clip(f"{text}\n{link}", 1900))
            if correction.status == "rekeyed":
                await reveal(bot, row_id(post), lang, bot.clock())  # the revealed post shows the new key and counts
            elif post.revealed_at is None:
                await channel.get_partial_message(post.message_id).edit(view=None)  # no more answers
        except (TimeoutError, discord.HTTPException, OSError):
            log.exception("could not post the correction for quiz post %s", post.id)


def retryable(error: BaseException) -> bool:
    """Worth trying again later: rate limits, Discord's own 5xx, timeouts and network failures.
    Anything else (403 Missing Access or Permissions, 404 Unknown Channel or Message, a 400 for
    our payload) fails the same way every time."""
    if isinstance(error, discord.HTTPException):
        return error.status == 429 or error.status >= 500
    return isinstance(error, (TimeoutError, OSError, aiohttp.ClientError))


class PostRefused(Exception):
    """Discord refused a quiz post for good (see `retryable`)."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error

    @property
    def reason(self) -> str:
        error = self.error
        if isinstance(error, discord.HTTPException):
            return f"{error.status} {error.text or error.response.reason}".strip()
        return type(error).__name__


POST_PERMISSIONS = ("view_channel", "send_messages", "embed_links")


def missing_permissions(guild: discord.Guild | None, channel_id: int) -> list[str]:
    """What the bot lacks to post the quiz in a channel, as far as the gateway's cache tells
    (nothing when the server or channel is not cached: the first post then says what failed)."""
    me = getattr(guild, "me", None)
    channel = guild.get_channel(channel_id) if guild is not None and hasattr(guild, "get_channel") else None
    if me is None or channel is None:
        return []
    granted = channel.permissions_for(me)
    return [name for name in POST_PERMISSIONS if not getattr(granted, name)]


async def send_post(bot: Almanac, post: QuizPost, lang: Lang) -> int | None:
    """Send a claimed public post; the message id, or None when it is worth retrying later.
    Raises PostRefused when Discord will never take it."""
    assert post.channel_id is not None  # public posts have a channel
    channel = bot.get_partial_messageable(post.channel_id)
    try:
        # The nonce makes Discord drop a resend of a post that did go out before a timeout.
        message = await channel.send(**post_payload(post, lang), nonce=f"quiz{post.id}")
    except (TimeoutError, discord.HTTPException, OSError, aiohttp.ClientError) as exc:
        if not retryable(exc):
            raise PostRefused(exc) from exc
        log.warning("could not post quiz %s in channel %s (%s); it is retried later", post.id, post.channel_id, exc)
        return None
    await asyncio.to_thread(quiz.set_message, bot.store, row_id(post), message.id)
    return message.id


async def give_up(bot: Almanac, post: QuizPost, refused: PostRefused, lang: Lang) -> None:
    """A post Discord will never take: stop trying, and tell the server's moderators (in the log
    channel now, and with their next /quiz command)."""
    log.warning(
        "quiz post %s for guild %s cannot be sent to channel %s: %s; not retried",
        post.id,
        post.guild_id,
        post.channel_id,
        refused.reason,
    )
    await asyncio.to_thread(quiz.mark_failed, bot.store, row_id(post))
    note = {"day": post.day or "", "channel": post.channel_id, "reason": refused.reason}
    await asyncio.to_thread(quiz.note_failure, bot.store, post.guild_id, note)
    await bot.announce(post.guild_id, {"title": "🧠", "description": failure_text(note, lang)})


def failure_text(note: dict, lang: Lang) -> str:
    day_note = t("quiz.of_day", lang, day=note["day"]) if note.get("day") else ""
    return t("quiz.post_failed", lang, day_note=day_note, channel=f"<#{note['channel']}>", reason=note["reason"])


async def deliver(bot: Almanac, post: QuizPost, lang: Lang) -> int | None:
    """Send a post this process owns: sent, left for a later retry (None), or given up for good."""
    try:
        return await send_post(bot, post, lang)
    except PostRefused as refused:
        await give_up(bot, post, refused, lang)
        return None


async def post_question(
    bot: Almanac,
    *,
    guild_id: int,
    channel_id: int,
    slot: str,
    mode: str,
    lang: Lang,
    open_hours: int,
    day: str | None = None,
    seed: int | None = None,
) -> QuizPost | None:
    """Pick, claim and send a question. None when nothing to ask or the slot was already claimed."""
    rng = random.Random(seed)
    question: Question | None = await asyncio.to_thread(quiz.pick_question, bot.store, guild_id, rng, day=day)
    if question is None:
        return None
    now = bot.clock()
    post = await asyncio.to_thread(
        quiz.claim,
        bot.store,
        guild_id=guild_id,
        slot=slot,
        mode=mode,
        question=question,
        closes_at=now + timedelta(hours=open_hours),
        channel_id=channel_id,
        day=day,
        now=now,
    )
    if post is None:
        return None  # another process (or an earlier tick) claimed it, and only the claimer sends
    post.message_id = await deliver(bot, post, lang)
    return post


async def update_count(bot: Almanac, post_id: int, lang: Lang) -> None:
    post = await asyncio.to_thread(quiz.get_post, bot.store, post_id)
    if post is None or post.closed or post.message_id is None or post.channel_id is None:
        return
    count = await asyncio.to_thread(quiz.answer_count, bot.store, post_id)
    message = bot.get_partial_messageable(post.channel_id).get_partial_message(post.message_id)
    await message.edit(**post_payload(post, lang, answers=count))


async def reveal(bot: Almanac, post_id: int, lang: Lang, now: datetime) -> bool:
    result = await asyncio.to_thread(quiz.close, bot.store, post_id, now)
    if result is None or result.post.message_id is None or result.post.channel_id is None:
        return False
    question = quiz.question_from_json(result.post.question).localised(lang.value)
    sources = await bot.store.run(sources_by_id, bot.store)
    embed = reveal_embed(question, lang, counts=result.counts, winners=result.winners, sources=sources)
    message = bot.get_partial_messageable(result.post.channel_id).get_partial_message(result.post.message_id)
    try:
        await message.edit(embed=discord.Embed.from_dict(embed), view=reveal_view(post_id, lang))
    except discord.HTTPException as exc:
        if retryable(exc):
            raise
        # The post was deleted or the channel closed to the bot: the answer cannot be shown there.
        log.warning("the answer of quiz post %s cannot be shown (%s %s); not retried", post_id, exc.status, exc.text)
    await asyncio.to_thread(quiz.mark_revealed, bot.store, post_id, now)
    return True
