"""/quiz: the daily question, practice, leaderboards and stats, and the scheduler behind them."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable
from datetime import datetime
from typing import Literal
from zoneinfo import available_timezones

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.checks import guild_id_of, moderator_only, per_member
from bot.client import Almanac
from bot.domain.quiz import DIFFICULTY_NAMES
from bot.domain.quiz_render import question_embed
from bot.domain.render import neutralise
from bot.domain.schedule import ScheduleError, next_post, parse_time
from bot.i18n import Lang, t
from bot.quiz_ui import (
    PracticeButton,
    QuizButton,
    ReviewButton,
    deliver,
    failure_text,
    missing_permissions,
    post_corrections,
    post_question,
    practice_view,
    retryable,
    reveal,
    review_view,
    update_count,
)
from bot.services import quiz
from bot.transformers import TextChannel
from bot.translator import tr
from bot.ui import lang_of, tell_private
from db.models import QuizPost, row_id

log = logging.getLogger(__name__)

ZONES = sorted(available_timezones())


async def zone_autocomplete(_interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    typed = current.strip().casefold().replace(" ", "_")
    matches = (
        [z for z in ZONES if typed in z.casefold()]
        if typed
        else [
            "UTC",
            "Asia/Taipei",
            "Asia/Shanghai",
            "Asia/Hong_Kong",
            "Europe/London",
            "America/New_York",
            "America/Los_Angeles",
        ]
    )
    return [app_commands.Choice(name=z, value=z) for z in matches[:25]]


class Quiz(commands.Cog):
    quiz_group = app_commands.Group(name=tr("quiz"), description=tr("quiz.desc"), guild_only=True)

    def __init__(self, bot: Almanac) -> None:
        self.bot = bot
        self._dirty: set[int] = set()
        self._checked_version: int | None = None

    async def cog_load(self) -> None:
        self.scheduler.start()
        self.count_updater.start()

    async def cog_unload(self) -> None:
        self.scheduler.cancel()
        self.count_updater.cancel()

    # -- background work ---------------------------------------------------------------------

    def mark_dirty(self, post_id: int) -> None:
        self._dirty.add(post_id)

    async def tick(self) -> None:
        """Post what is due (a missed post is made up the same day), retry unsent ones, reveal
        closed ones. Each step catches its own failures so the loop never stops."""
        now = self.bot.clock()
        for config, day in await asyncio.to_thread(quiz.due_daily, self.bot.store, now):
            await self._step(
                f"daily post for guild {config.guild_id}",
                post_question(
                    self.bot,
                    guild_id=config.guild_id,
                    channel_id=config.channel_id,
                    slot=quiz.daily_slot(day, config.timezone),
                    mode="daily",
                    lang=Lang(config.lang),
                    open_hours=config.open_hours,
                    day=day,
                ),
            )
        for post in await asyncio.to_thread(quiz.unsent_posts, self.bot.store, now):
            await self._step(f"resending quiz post {post.id}", self._retry(post, now))
        for post in await asyncio.to_thread(quiz.due_reveals, self.bot.store, now):
            await self._step(
                f"reveal of quiz post {post.id}", reveal(self.bot, row_id(post), await self._lang(post.guild_id), now)
            )
        await self._step("re-checking past questions", self.regrade())

    async def regrade(self) -> None:
        """When the facts changed, re-key or withdraw past questions that rested on them."""
        version = await asyncio.to_thread(self.bot.store.data_version)
        if version == self._checked_version:
            return
        corrections = await asyncio.to_thread(quiz.regrade, self.bot.store)
        self._checked_version = version
        await post_corrections(self.bot, corrections, self._lang)

    async def _retry(self, post: QuizPost, now: datetime) -> None:
        """Send a post whose first send failed, unless its day is over (a late question is worse
        than none) or another process is retrying it (see quiz.take_send)."""
        config = await asyncio.to_thread(quiz.get_config, self.bot.store, post.guild_id)
        if quiz.is_stale(post, config, now):
            log.warning("quiz post %s for guild %s was never sent and is now out of date", post.id, post.guild_id)
            await asyncio.to_thread(quiz.mark_failed, self.bot.store, row_id(post))
            return
        if await asyncio.to_thread(quiz.take_send, self.bot.store, row_id(post), now):
            await deliver(self.bot, post, await self._lang(post.guild_id))

    @staticmethod
    async def _step(what: str, work: Awaitable[object]) -> None:
        try:
            await work
        except Exception as exc:
            if retryable(exc):  # Discord or the network: the next tick tries again
                log.warning("%s failed (%s); retried later", what, exc)
            else:
                log.exception("%s failed", what)

    async def flush_counts(self) -> None:
        """Edit each post whose answer count changed, at most once per run (rate-limit friendly)."""
        dirty, self._dirty = self._dirty, set()
        for post_id in dirty:
            try:
                post = await asyncio.to_thread(quiz.get_post, self.bot.store, post_id)
                if post is not None:
                    await update_count(self.bot, post_id, await self._lang(post.guild_id))
            except Exception:
                log.exception("updating the answer count of post %s failed", post_id)

    async def _lang(self, guild_id: int) -> Lang:
        config = await asyncio.to_thread(quiz.get_config, self.bot.store, guild_id)
        return Lang(config.lang) if config else Lang.EN

    @tasks.loop(seconds=30)
    async def scheduler(self) -> None:
        try:
            await self.tick()
        except Exception:  # a loop that dies on an exception would silently stop the quiz
            log.exception("quiz scheduler tick failed")

    @tasks.loop(seconds=5)
    async def count_updater(self) -> None:
        await self.flush_counts()

    @scheduler.before_loop
    @count_updater.before_loop
    async def _wait_ready(self) -> None:
        await self.bot.wait_until_ready()

    # -- commands ----------------------------------------------------------------------------

    async def _with_news(self, interaction: discord.Interaction, text: str) -> str:
        """A moderator's /quiz reply, led by a daily post that could not be made since the last one."""
        note = await asyncio.to_thread(quiz.take_failure, self.bot.store, guild_id_of(interaction))
        return text if note is None else f"⚠️ {failure_text(note, lang_of(interaction))}\n\n{text}"

    @quiz_group.command(name="setup", description="Moderators: where and when the daily question is posted")
    @app_commands.describe(
        channel="Channel for the daily question",
        time="Local time of day, HH:MM (24-hour)",
        timezone="IANA time zone, e.g. Asia/Taipei",
        open_hours="How long answers stay open (default 12 h)",
    )
    @app_commands.autocomplete(timezone=zone_autocomplete)
    @moderator_only()
    async def setup(
        self,
        interaction: discord.Interaction,
        channel: TextChannel,
        time: app_commands.Range[str, 1, 8],
        timezone: app_commands.Range[str, 1, 64],
        open_hours: app_commands.Range[int, 1, 23] = quiz.DEFAULT_OPEN_HOURS,
    ) -> None:
        lang = lang_of(interaction)
        try:
            parse_time(time)
        except ScheduleError:
            await tell_private(interaction, t("quiz.bad_time", lang, value=neutralise(time)[:20]))
            return
        missing = missing_permissions(interaction.guild, channel.id)
        if missing:
            names = ", ".join(t(f"perm.{name}", lang) for name in missing)
            await tell_private(interaction, t("quiz.cannot_post_there", lang, channel=channel.mention, missing=names))
            return
        post_lang = Lang.from_locale(str(interaction.guild_locale or interaction.locale))
        try:
            config = await asyncio.to_thread(
                quiz.configure,
                self.bot.store,
                guild_id=guild_id_of(interaction),
                channel_id=channel.id,
                post_time=time,
                zone=timezone,
                open_hours=open_hours,
                lang=post_lang.value,
                actor=str(interaction.user.id),
                now=self.bot.clock(),
            )
        except ScheduleError:
            await tell_private(interaction, t("quiz.bad_zone", lang, value=neutralise(timezone)[:64]))
            return
        upcoming = next_post(self.bot.clock(), config.post_time, config.timezone)
        done = t(
            "quiz.setup_done",
            lang,
            channel=channel.mention,
            time=config.post_time,
            zone=config.timezone,
            hours=config.open_hours,
            next=f"<t:{int(upcoming.timestamp())}:F>",
        )
        await tell_private(interaction, await self._with_news(interaction, done))

    @quiz_group.command(name="pause", description="Moderators: stop the daily question for now")
    @moderator_only()
    async def pause(self, interaction: discord.Interaction) -> None:
        lang = lang_of(interaction)
        config = await asyncio.to_thread(
            quiz.set_paused, self.bot.store, guild_id_of(interaction), True, str(interaction.user.id)
        )
        text = t("quiz.paused" if config else "quiz.not_setup", lang)
        await tell_private(interaction, await self._with_news(interaction, text))

    @quiz_group.command(name="resume", description="Moderators: start the daily question again")
    @moderator_only()
    async def resume(self, interaction: discord.Interaction) -> None:
        lang = lang_of(interaction)
        config = await asyncio.to_thread(
            quiz.set_paused, self.bot.store, guild_id_of(interaction), False, str(interaction.user.id)
        )
        if config is None:
            await tell_private(interaction, t("quiz.not_setup", lang))
            return
        upcoming = next_post(self.bot.clock(), config.post_time, config.timezone)
        text = t("quiz.resumed", lang, next=f"<t:{int(upcoming.timestamp())}:F>")
        await tell_private(interaction, await self._with_news(interaction, text))

    @quiz_group.command(name="now", description="Moderators: post the next question right away")
    @moderator_only()
    async def now(self, interaction: discord.Interaction) -> None:
        lang = lang_of(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        config = await asyncio.to_thread(quiz.get_config, self.bot.store, guild_id_of(interaction))
        channel_id = config.channel_id if config else interaction.channel_id
        assert channel_id is not None  # a command is always used in a channel
        post_lang = (
            Lang(config.lang) if config else Lang.from_locale(str(interaction.guild_locale or interaction.locale))
        )
        slot = f"now:{interaction.id}"
        post = await post_question(
            self.bot,
            guild_id=guild_id_of(interaction),
            channel_id=channel_id,
            slot=slot,
            mode="now",
            lang=post_lang,
            open_hours=config.open_hours if config else quiz.DEFAULT_OPEN_HOURS,
        )
        if post is None:
            text = t("quiz.none", lang)
        elif post.message_id is None:
            text = t("quiz.no_channel", lang)
        else:
            text = t("quiz.posted", lang, channel=f"<#{channel_id}>")
        await interaction.followup.send(await self._with_news(interaction, text), ephemeral=True)

    @quiz_group.command(name="practice", description="A private question with instant feedback (not scored)")
    @per_member(3, 10.0)
    async def practice(self, interaction: discord.Interaction) -> None:
        lang = lang_of(interaction)
        seed = random.getrandbits(40)
        question, version = await self.bot.store.run(quiz.practice_question, self.bot.store, seed)
        if question is None:
            await tell_private(interaction, t("quiz.none", lang))
            return
        shown = question.localised(lang.value)
        embed = question_embed(shown, lang, answers=0, closes_at=None, practice=True)
        await interaction.response.send_message(
            embed=discord.Embed.from_dict(embed),
            ephemeral=True,
            view=practice_view(interaction.user.id, seed, version, shown, lang),
        )

    @quiz_group.command(name="leaderboard", description="Top scores this week or of all time")
    @app_commands.describe(period="week (since Monday) or all time")
    async def leaderboard(self, interaction: discord.Interaction, period: Literal["week", "all"] = "week") -> None:
        lang = lang_of(interaction)
        if period not in ("week", "all"):  # a forged value: Discord's client only offers the two
            await tell_private(interaction, t("error.bad_option", lang))
            return
        config = await asyncio.to_thread(quiz.get_config, self.bot.store, guild_id_of(interaction))
        since = quiz.week_start(self.bot.clock(), config.timezone if config else None) if period == "week" else None
        rows = await asyncio.to_thread(quiz.standings, self.bot.store, guild_id_of(interaction), since=since)
        lines = [
            t("quiz.leaderboard_row", lang, rank=n, member=neutralise(r.name), points=r.points, streak=r.streak)
            for n, r in enumerate(rows[:10], start=1)
        ]
        title = t("quiz.leaderboard_title", lang, period=t(f"quiz.period_{period}", lang))
        embed = discord.Embed(
            title=title, description="\n".join(lines) or t("quiz.leaderboard_empty", lang), color=0xF1C40F
        )
        await interaction.response.send_message(embed=embed)

    @quiz_group.command(name="stats", description="Points, answers and streaks of a member")
    @app_commands.describe(member="Whose (default: you)")
    async def stats(self, interaction: discord.Interaction, member: discord.User | None = None) -> None:
        lang = lang_of(interaction)
        target = member or interaction.user
        rows = await asyncio.to_thread(quiz.standings, self.bot.store, guild_id_of(interaction))
        row = next((r for r in rows if r.user_id == target.id), None)
        points, answered, correct, streak, best = (
            (row.points, row.answered, row.correct, row.streak, row.best_streak) if row else (0, 0, 0, 0, 0)
        )
        rate = round(100 * correct / answered) if answered else 0
        by_level = await asyncio.to_thread(
            quiz.accuracy_by_difficulty, self.bot.store, guild_id_of(interaction), target.id
        )
        levels = [
            t(
                "quiz.stats_level",
                lang,
                level=t(f"quiz.level_{DIFFICULTY_NAMES[level]}", lang),
                right=right,
                answered=n,
                rate=round(100 * right / n),
            )
            for level, (n, right) in sorted(by_level.items())
        ]
        embed = discord.Embed(
            title=t("quiz.stats_title", lang, member=neutralise(target.display_name)),
            color=0xF1C40F,
            description=t(
                "quiz.stats_body",
                lang,
                points=points,
                answered=answered,
                correct=correct,
                rate=rate,
                streak=streak,
                best=best,
            )
            + ("\n\n" + "\n".join(levels) if levels else ""),
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @quiz_group.command(name="review", description="Re-take a question you missed (private, not scored)")
    @per_member(3, 10.0)
    async def review(self, interaction: discord.Interaction) -> None:
        lang = lang_of(interaction)
        missed = await asyncio.to_thread(
            quiz.missed_posts, self.bot.store, guild_id_of(interaction), interaction.user.id
        )
        if not missed:
            await tell_private(interaction, t("quiz.review_none", lang))
            return
        post = random.choice(missed)
        question = quiz.question_from_json(post.question)
        shown = question.localised(lang.value)
        embed = question_embed(shown, lang, answers=0, closes_at=None, practice=True)
        embed["title"] = t("quiz.title_review", lang, count=len(missed))
        embed["footer"] = {"text": t("quiz.review_footer", lang)}
        view = review_view(interaction.user.id, row_id(post), shown, lang)
        await interaction.response.send_message(embed=discord.Embed.from_dict(embed), ephemeral=True, view=view)


async def setup(bot: Almanac) -> None:
    bot.add_dynamic_items(QuizButton, PracticeButton, ReviewButton)
    await bot.add_cog(Quiz(bot))
