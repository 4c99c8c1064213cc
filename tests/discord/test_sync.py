"""Commands are synced only when they changed, never on every start."""

from bot.runner import command_fingerprint, sync_if_changed


async def test_sync_happens_once_per_change(discord_bot, monkeypatch):
    puts = lambda: [r for r in discord_bot.fake.requests if r.method == "PUT" and r.path.endswith("/commands")]  # noqa: E731
    assert await sync_if_changed(discord_bot.bot) is True
    assert len(puts()) == 1
    assert await sync_if_changed(discord_bot.bot) is False  # a restart with the same commands
    assert len(puts()) == 1
    before = command_fingerprint(discord_bot.bot)
    monkeypatch.setitem(__import__("bot.i18n", fromlist=["COMMAND_TEXT"]).COMMAND_TEXT, "who.desc", ("Changed", "改了"))
    assert command_fingerprint(discord_bot.bot) != before
    assert await sync_if_changed(discord_bot.bot) is True
    assert len(puts()) == 2
