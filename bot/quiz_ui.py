"""The quiz on Discord: answer buttons (DynamicItems, so they survive restarts), posting,
answer-count updates and the reveal."""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import discord

from bot.domain.quiz import Question
from bot.domain.quiz_render import feedback_text, option_labels, question_embed, reveal_embed
from bot.domain.render import clip, neutralise
from bot.i18n import Lang, t
from bot.services import quiz
from bot.services.sources import sources_by_id
from bot.ui import guarded, lang_of, tell_private
from db.models import QuizPost

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
    return {"embed": discord.Embed.from_dict(embed), "view": answer_view(post.id, question, lang)}


class QuizButton(discord.ui.DynamicItem[discord.ui.Button], template=r"quiz:(?P<post>\d+):(?P<choice>\d)"):
    def __init__(self, post_id: int, choice: int, label: str = "?") -> None:
        super().__init__(
            discord.ui.Button(label=label[:80], style=discord.ButtonStyle.primary, custom_id=f"quiz:{post_id}:{choice}")
        )
        self.post_id, self.choice = post_id, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> QuizButton:
        return cls(int(match["post"]), int(match["choice"]), item.label or "?")

    @guarded
    async def callback(self, interaction: discord.Interaction) -> None:  # type: ignore[override]
        bot: Almanac = interaction.client  # type: ignore[assignment]
        lang = lang_of(interaction)
        result = await asyncio.to_thread(
            quiz.answer,
            bot.store,
            post_id=self.post_id,
            user_id=interaction.user.id,
            user_name=interaction.user.display_name,
            choice=self.choice,
            now=bot.clock(),
        )
        if result.status == "unknown":
            await tell_private(interaction, t("quiz.unknown", lang))
            return
        question = quiz.question_from_json(result.post.question).localised(lang.value)
        labels = option_labels(question, lang)
        if result.status == "duplicate":
            await tell_private(interaction, t("quiz.already", lang, choice=labels[result.choice]))
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
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> PracticeButton:
        return cls(
            int(match["owner"]), int(match["seed"]), int(match["version"]), int(match["choice"]), item.label or "?"
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
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str], /
    ) -> ReviewButton:
        return cls(int(match["owner"]), int(match["post"]), int(match["choice"]), item.label or "?")

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
                await reveal(bot, post.id, lang, bot.clock())  # the revealed post shows the new key and counts
            elif post.revealed_at is None:
                await channel.get_partial_message(post.message_id).edit(view=None)  # no more answers
        except (TimeoutError, discord.HTTPException, OSError):
            log.exception("could not post the correction for quiz post %s", post.id)


async def send_post(bot: Almanac, post: QuizPost, lang: Lang) -> int | None:
    """Send a claimed public post; returns the message id (None if Discord refused)."""
    channel = bot.get_partial_messageable(post.channel_id)
    try:
        # The nonce makes Discord drop a resend of a post that did go out before a timeout.
        message = await channel.send(**post_payload(post, lang), nonce=f"quiz{post.id}")
    except (TimeoutError, discord.HTTPException, OSError):
        log.exception("could not post quiz %s in channel %s; it is retried on the next tick", post.id, post.channel_id)
        return None
    await asyncio.to_thread(quiz.set_message, bot.store, post.id, message.id)
    return message.id


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
    )
    if post is None:
        return None
    post.message_id = await send_post(bot, post, lang)
    return post


async def update_count(bot: Almanac, post_id: int, lang: Lang) -> None:
    post = await asyncio.to_thread(quiz.get_post, bot.store, post_id)
    if post is None or post.closed or post.message_id is None:
        return
    count = await asyncio.to_thread(quiz.answer_count, bot.store, post_id)
    message = bot.get_partial_messageable(post.channel_id).get_partial_message(post.message_id)
    await message.edit(**post_payload(post, lang, answers=count))


async def reveal(bot: Almanac, post_id: int, lang: Lang, now: datetime) -> bool:
    result = await asyncio.to_thread(quiz.close, bot.store, post_id, now)
    if result is None or result.post.message_id is None:
        return False
    question = quiz.question_from_json(result.post.question).localised(lang.value)
    sources = await bot.store.run(sources_by_id, bot.store)
    embed = reveal_embed(question, lang, counts=result.counts, winners=result.winners, sources=sources)
    message = bot.get_partial_messageable(result.post.channel_id).get_partial_message(result.post.message_id)
    await message.edit(embed=discord.Embed.from_dict(embed), view=None)
    await asyncio.to_thread(quiz.mark_revealed, bot.store, post_id, now)
    return True
