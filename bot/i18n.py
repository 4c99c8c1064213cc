"""Localised text. Catalogue entries are written in English and Traditional Chinese; Simplified
Chinese is derived from the Traditional text with OpenCC, so it never drifts from it."""

from __future__ import annotations

import logging
from enum import StrEnum

from bot.domain.script import to_simplified

log = logging.getLogger(__name__)


class Lang(StrEnum):
    EN = "en"
    ZH_TW = "zh-TW"
    ZH_CN = "zh-CN"

    @classmethod
    def from_locale(cls, locale: str | None) -> Lang:
        """Map a Discord locale ("zh-TW", "zh-CN", "en-US", ...) to the language we answer in."""
        text = (locale or "").strip().lower().replace("_", "-")
        if text in {"zh-tw", "zh-hk", "zh-hant", "zh-mo"}:
            return cls.ZH_TW
        if text in {"zh-cn", "zh", "zh-hans", "zh-sg"}:
            return cls.ZH_CN
        return cls.EN

    @property
    def chinese(self) -> bool:
        return self is not Lang.EN


def pick(lang: Lang, en: str | None, zh: str | None) -> str:
    """Choose the English or Chinese (Traditional, converted when needed) form of a text."""
    if lang is Lang.EN:
        return en or zh or ""
    text = zh or en or ""
    return to_simplified(text) if lang is Lang.ZH_CN else text


# key → (English, Traditional Chinese). str.format placeholders.
CATALOGUE: dict[str, tuple[str, str]] = {
    # errors
    "error.generic": ("Something went wrong on our side; it has been logged. Please try again.",
                      "我們這邊出了點問題，已記錄下來，請再試一次。"),
    "error.busy": ("The fact store is busy right now. Please try again in a moment.",
                   "資料庫暫時忙碌中，請稍後再試。"),
    "error.cooldown": ("Slow down a little: try again in {seconds:.0f} s.", "請稍候 {seconds:.0f} 秒再試。"),
    "error.not_yours": ("Only the member who asked can use these buttons.", "只有提問的成員可以使用這些按鈕。"),
    "error.expired": ("These buttons have expired. Run the command again.", "這些按鈕已失效，請重新執行指令。"),
    "error.bad_date": ("{value!s} is not a date I understand. Use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2023-11-17.",
                       "無法理解日期 {value!s}。請使用 YYYY、YYYY-MM 或 YYYY-MM-DD，例如 2023-11-17。"),
    "error.bad_range": ("The range ends ({end}) before it starts ({start}).", "日期範圍的結束（{end}）早於開始（{start}）。"),
    "error.bad_year": ("Years go from {low} to {high}.", "年份需介於 {low} 與 {high} 之間。"),
    # lookups
    "who.unknown": ("I don't know anyone called “{query}”.", "找不到名為「{query}」的人物。"),
    "who.suggest": ("Did you mean: {names}?", "你是不是要找：{names}？"),
    "who.empty_query": ("Type a name, e.g. `/who person:Ilya Sutskever`.", "請輸入名字，例如 `/who person:Ilya Sutskever`。"),
    "who.ambiguous": ("“{query}” could be several people. Which one did you mean?", "「{query}」可能指好幾位人物，你指的是哪一位？"),
    "who.choose": ("Choose a person…", "選擇人物…"),
    "who.current_role": ("Current or last role", "目前或最後職位"),
    "who.roles": ("Roles", "職位"),
    "who.moves": ("Joined, left, returned", "加入、離開與回歸"),
    "who.notable": ("Notable facts", "重要事實"),
    "who.disputed": ("Reports disagree", "報導說法不一"),
    "who.no_facts": ("No facts recorded yet.", "尚無紀錄。"),
    "who.went_to": ("then {destination}", "之後前往 {destination}"),
    "who.editorial": ("Identification is ours, not the article's: {note}", "此身分辨識為編者判斷，非原文所述：{note}"),
    "sources.footer": ("Sources: {sources}", "資料來源：{sources}"),
    "page.footer": ("Page {page}/{pages}", "第 {page}/{pages} 頁"),
    "page.prev": ("Previous", "上一頁"),
    "page.next": ("Next", "下一頁"),
    "departures.title": ("Departures from OpenAI", "OpenAI 離職名單"),
    "departures.title_year": ("Departures from OpenAI in {year}", "{year} 年 OpenAI 離職名單"),
    "departures.title_dest": ("Left OpenAI for {destination}", "離開 OpenAI 前往 {destination}"),
    "departures.none": ("No departures match those filters.", "沒有符合條件的離職紀錄。"),
    "departures.unknown_destination": ("I don't know a destination called “{query}”.", "找不到名為「{query}」的去處。"),
    "departures.role": ("role", "職位"),
    "departures.to": ("to", "去向"),
    "departures.why": ("why", "原因"),
    "departures.leave": ("leave of absence", "休假"),
    "departures.dismissed": ("removed", "被解職"),
    "timeline.title": ("Timeline", "時間軸"),
    "timeline.title_person": ("Timeline: {person}", "時間軸：{person}"),
    "timeline.none": ("No dated events match those filters.", "沒有符合條件的事件。"),
    "timeline.range": ("{start} to {end}", "{start} 至 {end}"),
    "disputed.tag": ("disputed", "有爭議"),
}


def t(key: str, lang: Lang, /, **values: object) -> str:
    """The catalogue text for `key` in `lang`, with `values` filled in."""
    try:
        en, zh = CATALOGUE[key]
    except KeyError:
        log.error("missing catalogue key %r", key)
        return key
    template = en if lang is Lang.EN else zh
    text = template.format(**values)
    return to_simplified(text) if lang is Lang.ZH_CN else text


# Command and option names and descriptions: key → (English, Traditional Chinese). Chinese command
# names follow Discord's naming rule (lowercase letters of any script, digits, - and _).
COMMAND_TEXT: dict[str, tuple[str, str]] = {
    "who": ("who", "人物"),
    "who.desc": ("Who is this person at OpenAI? Roles, moves and sources.", "查詢人物：在 OpenAI 的職位、去留與資料來源"),
    "who.person": ("person", "人物"),
    "who.person.desc": ("A name in any script or spelling, e.g. Ilya, 蘇茨克維", "任何寫法或拼法的名字，例如 Ilya、蘇茨克維"),
    "departures": ("departures", "離職"),
    "departures.desc": ("Who left OpenAI, when, and where they went", "誰離開了 OpenAI、何時離開、去了哪裡"),
    "departures.year": ("year", "年份"),
    "departures.year.desc": ("Only departures in this year, e.g. 2024", "只看這一年的離職，例如 2024"),
    "departures.destination": ("destination", "去向"),
    "departures.destination.desc": ("Only people who went here, e.g. Anthropic, 特斯拉", "只看去了這裡的人，例如 Anthropic、特斯拉"),
    "timeline": ("timeline", "時間軸"),
    "timeline.desc": ("Dated events in order, filtered by year, range or person", "依時間排列的事件，可依年份、範圍或人物篩選"),
    "timeline.year": ("year", "年份"),
    "timeline.year.desc": ("Only events in this year, e.g. 2023", "只看這一年的事件，例如 2023"),
    "timeline.start": ("start", "開始"),
    "timeline.start.desc": ("From this date: YYYY, YYYY-MM or YYYY-MM-DD", "從這個日期開始：YYYY、YYYY-MM 或 YYYY-MM-DD"),
    "timeline.end": ("end", "結束"),
    "timeline.end.desc": ("Up to this date: YYYY, YYYY-MM or YYYY-MM-DD", "到這個日期為止：YYYY、YYYY-MM 或 YYYY-MM-DD"),
    "timeline.person": ("person", "人物"),
    "timeline.person.desc": ("Only events involving this person", "只看與這位人物有關的事件"),
}


def command_text(key: str, lang: Lang) -> str | None:
    """A command/option name or description in `lang` (None for an unknown key)."""
    pair = COMMAND_TEXT.get(key)
    if pair is None:
        return None
    en, zh = pair
    if lang is Lang.EN:
        return en
    return to_simplified(zh) if lang is Lang.ZH_CN else zh
