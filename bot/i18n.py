"""Localised text. Catalogue entries are written in English and Traditional Chinese; Simplified
Chinese is derived from the Traditional text with OpenCC, so it never drifts from it."""

from __future__ import annotations

import logging
from enum import StrEnum

from bot.domain.script import to_mainland
from bot.i18n_review import REVIEW, REVIEW_DESCRIPTIONS

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
    return to_mainland(text) if lang is Lang.ZH_CN else text


# key → (English, Traditional Chinese). str.format placeholders.
CATALOGUE: dict[str, tuple[str, str]] = {
    # errors
    "error.generic": (
        "Something went wrong on our side; it has been logged. Please try again.",
        "我們這邊出了點問題，已記錄下來，請再試一次。",
    ),
    "error.busy": (
        "The fact store could not save or read that right now (busy or unavailable); nothing was changed. "
        "Please try again in a moment.",
        "資料庫暫時無法讀寫（忙碌或無法使用），內容沒有任何變動。請稍後再試。",
    ),
    "error.form_expired": (
        "This form has expired (forms last 15 minutes and do not survive a restart). "
        "Nothing was changed; run the command again.",
        "這個表單已失效（表單保留 15 分鐘，重新啟動後也會失效），內容沒有變動。請重新執行指令。",
    ),
    "error.bad_option": (
        "One of the options has a value I cannot use. Please pick it from Discord's list.",
        "有一個選項的值無法使用，請從 Discord 的清單中選擇。",
    ),
    "error.cooldown": ("Slow down a little: try again in {seconds:.0f} s.", "請稍候 {seconds:.0f} 秒再試。"),
    "error.not_yours": ("Only the member who asked can use these buttons.", "只有提問的成員可以使用這些按鈕。"),
    "error.expired": ("These buttons have expired. Run the command again.", "這些按鈕已失效，請重新執行指令。"),
    "error.bad_date": (
        "{value!s} is not a date I understand. Use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2023-11-17.",
        "無法理解日期 {value!s}。請使用 YYYY、YYYY-MM 或 YYYY-MM-DD，例如 2023-11-17。",
    ),
    "error.bad_range": (
        "The range ends ({end}) before it starts ({start}).",
        "日期範圍的結束（{end}）早於開始（{start}）。",
    ),
    "error.too_long": (
        "{field} is {length} characters long; it can have at most {limit}. Nothing was saved.",
        "{field} 有 {length} 個字元，上限為 {limit} 個。內容沒有變動。",
    ),
    "error.date_out_of_range": (
        "{value} is outside the dates a fact can have ({low} to {high}).",
        "{value} 超出事實可用的日期範圍（{low} 至 {high}）。",
    ),
    "error.bad_year": ("Years go from {low} to {high}.", "年份需介於 {low} 與 {high} 之間。"),
    # lookups
    "who.unknown": ("I don't know anyone called “{query}”.", "找不到名為「{query}」的人物。"),
    "who.suggest": ("Did you mean: {names}?", "你是不是要找：{names}？"),
    "who.empty_query": (
        "Type a name, e.g. `/who person:Ilya Sutskever`.",
        "請輸入名字，例如 `/who person:Ilya Sutskever`。",
    ),
    "who.ambiguous": (
        "“{query}” could be several people. Which one did you mean?",
        "「{query}」可能指好幾位人物，你指的是哪一位？",
    ),
    "who.choose": ("Choose a person…", "選擇人物…"),
    "who.current_role": ("Current role", "目前職位"),
    "who.last_role": ("Last role", "最後職位"),
    "who.since": ("since {date}", "{date} 起"),
    "who.until": ("until {date}", "至 {date}"),
    "who.background": ("Mentioned in", "相關紀錄"),
    "who.reported": ("Reported only", "僅見於報導"),
    "who.reported_only": ("as an article repeats it; not confirmed", "文章轉述，未經證實"),
    "who.roles": ("Roles", "職位"),
    "who.moves": ("Joined, left, returned", "加入、離開與回歸"),
    "who.notable": ("Notable facts", "重要事實"),
    "who.more": ("…and {count} more: {command}", "……另有 {count} 則：{command}"),
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
    "departures.board": ("left the board", "退出董事會"),
    "timeline.title": ("Timeline", "時間軸"),
    "timeline.title_person": ("Timeline: {person}", "時間軸：{person}"),
    "timeline.none": ("No dated events match those filters.", "沒有符合條件的事件。"),
    "timeline.range": ("{start} to {end}", "{start} 至 {end}"),
    "disputed.tag": ("disputed", "有爭議"),
    "disputed.other_reports": ("other reports", "其他報導"),
    # /ask and "Look up people in this message"
    "ask.empty": (
        "Ask a question in plain words, e.g. `/ask question:Who went to Anthropic?`",
        "請用一句話提問，例如 `/ask question:誰去了 Anthropic？`",
    ),
    "ask.unknown": ("That is not in what I know.", "我知道的內容裡沒有這個答案。"),
    "ask.unknown_name": (
        "That is not in what I know: I have nothing on “{text}”.",
        "我知道的內容裡沒有這個答案：沒有關於「{text}」的內容。",
    ),
    "ask.ambiguous": (
        "“{name}” could be several people ({names}). Ask again with the full name.",
        "「{name}」可能指好幾位人物（{names}），請用全名再問一次。",
    ),
    "ask.no_destination": (
        "That is not in what I know: the articles do not say where {name} went.",
        "我知道的內容裡沒有這個答案：文章沒有提到{name}去了哪裡。",
    ),
    "ask.no_reason": (
        "That is not in what I know: the articles do not say why {name} left.",
        "我知道的內容裡沒有這個答案：文章沒有提到{name}離開的原因。",
    ),
    "ask.suggest": ("Closest command: {command}", "最接近的指令：{command}"),
    "ask.see_also": ("More: {command}", "更多：{command}"),
    "ask.h.founded_by": ("What {name} founded", "{name}創立的機構"),
    "ask.h.founders": ("{org}'s founders ({count})", "{org} 的創始成員（{count} 位）"),
    "ask.h.founders_remain": (
        "{org}'s founders at the latest report: {count} of {total} still there",
        "依最新報導，{org} 的 {total} 位創始成員中仍有 {count} 位在職",
    ),
    "ask.founder.there": ("still there", "仍在職"),
    "ask.founder.returned": ("still there, back since {date}", "仍在職，{date} 回歸"),
    "ask.founder.on_leave": ("on leave", "休假中"),
    "ask.founder.left": ("left", "已離開"),
    "ask.h.person_roles": ("{name}: roles", "{name}的職位"),
    "ask.h.role": ("{role}, {org}: who held it", "{org} {role}：歷任人選"),
    "ask.h.role_on": ("{role}, {org}, at {when}", "{when} 的 {org} {role}"),
    "ask.h.moves": ("{name}: joined, left, returned", "{name}的加入、離開與回歸"),
    "ask.h.left": ("Left {org} ({count})", "離開 {org} 的人（{count} 位）"),
    "ask.h.moved": ("Joined or returned to {org} ({count})", "加入或回到 {org} 的人（{count} 位）"),
    "ask.h.where": ("Where {name} went", "{name}的去向"),
    "ask.h.went_to": ("Went to {org} ({count})", "去了 {org} 的人（{count} 位）"),
    "ask.h.why": ("Why {name} left", "{name}離開的原因"),
    "ask.h.taught_by": ("Who taught {name}", "{name}的導師"),
    "ask.h.students": ("Whom {name} taught", "{name}的學生"),
    "ask.h.educated": ("Where {name} studied", "{name}的學歷"),
    "ask.h.numbers": ("Figures the articles give", "文章提到的數字"),
    "ask.h.said": ("What {name} said", "{name}說過的話"),
    "ask.h.events": ("What happened: {when}", "{when} 發生的事"),
    "ask.h.person": ("{name} in brief", "{name}簡介"),
    "ask.h.search": ("Statements matching your question", "與問題相符的紀錄"),
    "lookup.title": ("People in this message", "訊息中的人物"),
    "lookup.none": ("I found no one I know in this message.", "這則訊息裡沒有我認識的人物。"),
    "lookup.more": ("…and {count} more", "……另有 {count} 位"),
    # quiz
    "quiz.title": ("🧠 Daily question", "🧠 每日一題"),
    "quiz.title_practice": ("🧠 Practice question", "🧠 練習題"),
    "quiz.title_closed": ("🧠 Daily question — answer", "🧠 每日一題：解答"),
    "quiz.answers_so_far": (
        "{count} answer(s) so far · one answer each, it cannot be changed",
        "目前已有 {count} 人作答 · 每人限答一次，送出後不能更改",
    ),
    "quiz.practice_footer": ("Practice: not counted in the leaderboard", "練習題：不計入排行榜"),
    "quiz.closes": ("Closes", "截止"),
    "quiz.right_answers": ("Right: {right} of {total}", "答對：{right}／{total}"),
    "quiz.nobody": ("Nobody this time.", "這次沒有人答對。"),
    "quiz.right": ("✅ Right!", "✅ 答對了！"),
    "quiz.wrong": ("❌ Not this time: the answer is {answer}.", "❌ 答錯了：正確答案是 {answer}。"),
    "quiz.locked": (
        "Your answer **{choice}** is locked in. The answer is revealed {when}.",
        "你的答案 **{choice}** 已送出，將於 {when} 公布解答。",
    ),
    "quiz.already": (
        "You already answered **{choice}**; one answer per question.",
        "你已經選了 **{choice}**，每題只能作答一次。",
    ),
    "quiz.closed": ("This question is closed; the answer is on the post.", "本題已截止，解答已公布在貼文中。"),
    "quiz.unknown": ("This question is no longer available.", "這一題已無法作答。"),
    "quiz.not_yours": (
        "This practice question belongs to someone else: try /quiz practice.",
        "這是別人的練習題，請使用 /quiz practice。",
    ),
    "quiz.elsewhere": (
        "This question belongs to another server; answers count only there.",
        "這一題屬於另一個伺服器，只有在那裡作答才會計分。",
    ),
    "quiz.post_failed": (
        "The quiz question{day_note} could not be posted in {channel}: Discord answered {reason}. "
        "It is not retried and will not be posted late. Give the bot View Channel, Send Messages and "
        "Embed Links there, or choose another channel with /quiz setup.",
        "每日一題{day_note}無法在 {channel} 發布：Discord 回應 {reason}。"
        "不會再重試，也不會延後補發。請在該頻道給予機器人「檢視頻道」、「傳送訊息」與「嵌入連結」權限，或用 /quiz setup 改選其他頻道。",
    ),
    "quiz.cannot_post_there": (
        "I cannot post the quiz in {channel}: I am missing {missing} there. Nothing was changed.",
        "我無法在 {channel} 發布測驗：我在那裡缺少 {missing} 權限。設定沒有變動。",
    ),
    "quiz.of_day": (" of {day}", "（{day}）"),
    "perm.view_channel": ("View Channel", "檢視頻道"),
    "perm.send_messages": ("Send Messages", "傳送訊息"),
    "perm.embed_links": ("Embed Links", "嵌入連結"),
    "quiz.none": ("There are no questions to ask yet.", "目前還沒有可以出的題目。"),
    "quiz.setup_done": (
        "Daily question set: {channel} at {time} ({zone}), open for {hours} h. Next post {next}.",
        "每日一題已設定：{channel}，每天 {time}（{zone}），開放 {hours} 小時。下一題 {next}。",
    ),
    "quiz.bad_time": (
        "{value!s} is not a time of day: use HH:MM, 24-hour (e.g. 09:00).",
        "{value!s} 不是有效時間：請用 24 小時制 HH:MM（例如 09:00）。",
    ),
    "quiz.bad_zone": (
        "{value!s} is not a time zone I know: use an IANA name such as Europe/London or Asia/Taipei.",
        "無法辨識時區 {value!s}：請使用 IANA 名稱，例如 Asia/Taipei 或 Europe/London。",
    ),
    "quiz.not_setup": (
        "The daily question is not set up here yet: use /quiz setup.",
        "本伺服器尚未設定每日一題：請使用 /quiz setup。",
    ),
    "quiz.paused": (
        "The daily question is paused. /quiz resume starts it again.",
        "每日一題已暫停。使用 /quiz resume 恢復。",
    ),
    "quiz.resumed": ("The daily question is back on: next post {next}.", "每日一題已恢復：下一題 {next}。"),
    "quiz.posted": ("Posted a question in {channel}.", "已在 {channel} 出題。"),
    "quiz.no_channel": ("I cannot post in that channel.", "我無法在那個頻道發文。"),
    "quiz.leaderboard_title": ("🏆 Leaderboard — {period}", "🏆 排行榜：{period}"),
    "quiz.period_week": ("this week", "本週"),
    "quiz.period_all": ("all time", "總榜"),
    "quiz.leaderboard_empty": ("No answers yet.", "還沒有人作答。"),
    "quiz.leaderboard_row": (
        "**{rank}.** {member} — {points} pt · streak {streak}",
        "**{rank}.** {member}：{points} 分 · 連續 {streak} 天",
    ),
    "quiz.stats_title": ("📊 Quiz stats — {member}", "📊 答題紀錄：{member}"),
    "quiz.stats_body": (
        "Points: **{points}**\nAnswered: {answered} · right: {correct} ({rate}%)\n"
        "Streak: {streak} day(s) · best: {best}",
        "得分：**{points}**\n作答：{answered} 題 · 答對：{correct} 題（{rate}%）\n"
        "連續答對：{streak} 天 · 最佳：{best} 天",
    ),
    "quiz.stats_level": (
        "{level}: {right}/{answered} right ({rate}%)",
        "{level}：答對 {right}／{answered} 題（{rate}%）",
    ),
    "quiz.level_easy": ("🟢 Easy", "🟢 簡單"),
    "quiz.level_medium": ("🟡 Medium", "🟡 中等"),
    "quiz.level_hard": ("🔴 Hard", "🔴 困難"),
    "quiz.title_review": (
        "🔁 Review: a question you missed ({count} to go over)",
        "🔁 複習：你答錯的題目（共 {count} 題）",
    ),
    "quiz.review_footer": ("Review: private and not scored", "複習：僅你可見，不計分"),
    "quiz.review_none": (
        "Nothing to review: you have not missed a revealed question here yet.",
        "目前沒有可複習的題目：你在這個伺服器還沒有答錯已公布解答的題目。",
    ),
    "quiz.correction_rekeyed": (
        "📝 Correction: a fact behind “{question}” was corrected. "
        "The right answer is now {answer}; points are recomputed.",
        "📝 更正：「{question}」所依據的資料已修正，正確答案改為 {answer}，分數已重新計算。",
    ),
    "quiz.correction_voided": (
        "📝 Correction: a fact behind “{question}” was corrected and the question no longer has one right answer. "
        "It is withdrawn and its points removed.",
        "📝 更正：「{question}」所依據的資料已修正，本題不再只有一個正確答案，已撤回並取消其分數。",
    ),
    # charts
    "chart.tenure_founders": ("The 11 founders at OpenAI (as of {date})", "OpenAI 的 11 位創始成員（截至 {date}）"),
    "chart.tenure_leadership": ("OpenAI's leadership over time (as of {date})", "OpenAI 領導層的任期（截至 {date}）"),
    "chart.tenure_departed": ("Who left OpenAI, and when (as of {date})", "離開 OpenAI 的人與時間（截至 {date}）"),
    "chart.departures_title": ("Departures from OpenAI per year, by destination", "每年離開 OpenAI 的人數（依去向）"),
    "chart.legend_at": ("at OpenAI", "在 OpenAI"),
    "chart.legend_still": ("still there (latest report)", "仍在職（最新報導）"),
    "chart.legend_leave": ("leave of absence", "休假"),
    "chart.legend_return": ("returned", "回歸"),
    "chart.legend_undated": ("left, date not reported", "已離開，日期未報導"),
    "chart.year": ("Year", "年份"),
    "chart.people": ("People", "人數"),
    "chart.unknown_destination": ("not reported", "未報導"),
    "chart.still_there": ("still there at the latest report", "至最新報導仍在職"),
    "chart.on_leave": ("leave of absence", "休假"),
    "chart.left_undated": ("left, date not reported", "已離開，日期未報導"),
    "chart.font_note": (
        "Chinese font not installed on the bot's machine: labels are in English.",
        "機器人主機未安裝中文字型，圖表標籤以英文顯示。",
    ),
    # sources, about, help
    "sources.title": ("Sources", "資料來源"),
    "sources.row": (
        "**[{number}]** {title}\n{publisher} · {date} · {script} · {facts} fact(s)",
        "**[{number}]** {title}\n{publisher} · {date} · {script} · {facts} 則事實",
    ),
    "sources.intro": ("Every answer cites these by number.", "所有回答都以編號引用下列來源。"),
    "sources.traditional": ("Traditional Chinese", "繁體中文"),
    "sources.simplified": ("Simplified Chinese", "簡體中文"),
    "about.title": ("About Almanac", "關於 Almanac"),
    "about.body": (
        "A fact bot for OpenAI's people and leadership changes, 2015–2024. "
        "Every answer cites its article; conflicting reports are shown side by side.",
        "關於 OpenAI 人物與領導層變動（2015–2024）的事實機器人。每個回答都附上來源文章；說法不一的報導會並列呈現。",
    ),
    "about.knows": ("What I know", "資料概況"),
    "about.counts": (
        "{people} people · {orgs} organisations · {facts} facts · {events} dated events · {sources} sources · "
        "{aliases} names and aliases",
        "{people} 位人物 · {orgs} 個機構 · {facts} 則事實 · {events} 個有日期的事件 · {sources} 個來源 · "
        "{aliases} 個名稱與別名",
    ),
    "about.last_change": ("Last change", "最近更新"),
    "about.version": ("Version", "版本"),
    "about.uptime": ("Uptime", "運行時間"),
    "about.latency": ("Gateway latency", "連線延遲"),
    "help.title": ("Almanac — commands", "Almanac 指令說明"),
    "help.intro": (
        "Ask in English, 繁體 or 简体; names work in any script or spelling.",
        "可用英文、繁體或簡體提問；名字用任何寫法都可以。",
    ),
    "help.lookups": ("Look things up", "查詢"),
    "help.lookups_body": (
        "`/ask question:Who went to Anthropic?` — a question in plain words, any language\n"
        "`/who person:Ilya` — a person's roles, moves and sources\n"
        "`/departures year:2024 destination:Anthropic` — who left, when, where to\n"
        "`/timeline start:2023-11-17 end:2023-11-22` — events in order\n`/sources` — the articles behind every answer\n"
        "Right-click a message → Apps → **Look up people in this message** — a card for everyone it names",
        "`/ask question:誰創立了 OpenAI？` — 用一句話提問，中英文皆可\n"
        "`/who person:蘇茨克維` — 人物的職位、去留與來源\n"
        "`/departures year:2024 destination:Anthropic` — 誰離開、何時、去了哪裡\n"
        "`/timeline start:2023-11-17 end:2023-11-22` — 依序列出事件\n`/sources` — 所有回答引用的文章\n"
        "在訊息上按右鍵 → 應用程式 → **查詢訊息中的人物** — 列出訊息提到的每位人物",
    ),
    "help.charts": ("Charts", "圖表"),
    "help.charts_body": (
        "`/chart tenure group:founders` — who was at OpenAI when\n"
        "`/chart departures` — departures per year by destination",
        "`/chart tenure group:founders` — 誰在何時任職於 OpenAI\n`/chart departures` — 每年離職人數（依去向）",
    ),
    "help.quiz": ("Daily quiz", "每日一題"),
    "help.quiz_body": (
        "Answer the daily question with the buttons (one answer each)\n`/quiz practice` — a private question\n"
        "`/quiz leaderboard period:week` · `/quiz stats`",
        "用按鈕回答每日一題（每人限答一次）\n`/quiz practice` — 私人練習題\n"
        "`/quiz leaderboard period:week` · `/quiz stats`",
    ),
    "help.suggest": ("Spotted a mistake?", "發現錯誤？"),
    "help.suggest_body": (
        "Press **Suggest a correction** under any answer (or a revealed quiz question), pick the statement, and "
        "say what is wrong, what it should say and where you read it (an http/https link). Or type "
        "`/suggest statement:Murati`. Moderators review it; you are told privately what they decide.",
        "在任何回答（或已公布答案的題目）下方按 **建議更正**，選擇陳述，說明哪裡有誤、應如何改正，並附上來源"
        "（http/https 連結）；也可以輸入 `/suggest statement:Murati`。管理員審核後，會私下通知你結果。",
    ),
    "help.moderators": ("Moderators", "管理員"),
    "help.moderators_body": (
        "`/fact add|edit|retract|history|revert|show` · `/alias add|remove` · `/almanac config` · "
        "`/quiz setup|pause|resume|now`\n`/source add` — attach a news article (.txt); its proposed statements go "
        "to `/review`, where each is approved (it becomes a sourced fact) or rejected with a reason\n"
        "`/review` — members' suggestions too, shown against the statement as it reads now: **Approve** edits the "
        "fact (credited to the member and you, citing their link), **Edit & approve** opens the form with their "
        "words, **Reject** asks for a reason they are told; `/review show:rejected` keeps the history",
        "`/fact add|edit|retract|history|revert|show` · `/alias add|remove` · `/almanac config` · "
        "`/quiz setup|pause|resume|now`\n`/source add` — 附上新聞文章（.txt），擬議陳述會進入 `/review`，"
        "逐項核准（成為有出處的事實）或附理由駁回\n"
        "`/review` — 也列出成員建議，並對照陳述目前的內容：**核准** 即修改事實（記名建議者與你，並引用其連結），"
        "**編修後核准** 開啟帶有建議文字的表單，**駁回** 需填寫理由並通知建議者；`/review show:rejected` 可查紀錄",
    ),
    "help.about": ("`/about` — what Almanac knows, version and uptime", "`/about` — 資料概況、版本與運行時間"),
    # moderation
    "facts.unknown_entity": (
        "No person or organisation matches “{query}” ({option}). Pick one from the suggestions.",
        "找不到符合「{query}」的人物或機構（{option}），請從建議清單中選擇。",
    ),
    "facts.bad_predicate": (
        "{value!s} is not a kind of fact I know; pick one from the list.",
        "無法辨識事實類型 {value!s}，請從清單中選擇。",
    ),
    "facts.need_object": (
        "A “{predicate}” fact needs an object (the organisation or person it is about).",
        "「{predicate}」類型的事實需要填寫對象（相關的機構或人物）。",
    ),
    "facts.need_role": ("A role fact needs the role title.", "職位類事實需要填寫職稱。"),
    "facts.need_role_en": (
        "Give the role title in English too (option role); the Chinese title alone would show in English answers.",
        "請同時提供英文職稱（選項 role）；只有中文職稱的話，英文回答也會顯示中文。",
    ),
    "facts.role_not_english": (
        "The option role takes the English title; put the Chinese title in role_zh.",
        "選項 role 請填英文職稱，中文職稱請填在 role_zh。",
    ),
    "facts.bad_url": (
        "{value} is not a web address I can cite. Give the full address, e.g. https://example.org/news/article.",
        "{value} 不是可以引用的網址。請提供完整網址，例如 https://example.org/news/article。",
    ),
    "facts.bad_title": (
        "The source's title and publisher must be words a reader can recognise.",
        "來源的標題與發布者必須是讀者看得懂的文字。",
    ),
    "facts.too_long_for_form": (
        "Fact #{id} has a text longer than a Discord form can hold ({limit} characters), so it cannot be edited in a form. Nothing was changed.",
        "事實 #{id} 的內容超過 Discord 表單的上限（{limit} 個字元），無法用表單編輯。內容沒有變動。",
    ),
    "facts.text_empty": (
        "The {field} text cannot be emptied: every fact is kept in English and Chinese.",
        "{field} 不能清空：每則事實都需保留英文與中文內容。",
    ),
    "facts.alias_taken": (
        "“{alias}” already finds {other}. An alias that finds two people would make that name ambiguous, so it was not added.",
        "輸入「{alias}」已經會找到 {other}。同一個寫法若指向兩個人，查詢就會無法分辨，因此沒有新增。",
    ),
    "facts.need_text": ("Write the fact in English or Chinese (or both).", "請用英文或中文（或兩者）寫下這則事實。"),
    "facts.need_source": (
        "Every fact needs a source: pick an article, or give source_url (http…) and source_title for a new one.",
        "每則事實都需要來源：請選擇一篇文章，或提供新來源的 source_url（http…）與 source_title。",
    ),
    "facts.need_reason": ("Say why (the reason is kept in the history).", "請說明原因（會保存在修改紀錄中）。"),
    "facts.not_found": ("There is no fact #{id}.", "找不到事實 #{id}。"),
    "facts.already_retracted": ("Fact #{id} is already retracted.", "事實 #{id} 已經撤回。"),
    "facts.no_revision": (
        "Fact #{id} has no version {version}: see /fact history.",
        "事實 #{id} 沒有第 {version} 版，請查看 /fact history。",
    ),
    "facts.revert_same": ("The fact already reads as in version {version}.", "這則事實的內容已與第 {version} 版相同。"),
    "facts.bad_alias": (
        "That alias is empty once spaces and punctuation are removed.",
        "去除空白與標點後，這個別名是空的。",
    ),
    "facts.alias_exists": ("“{alias}” is already an alias of that entry.", "「{alias}」已經是這個條目的別名。"),
    "facts.no_alias": ("“{alias}” is not an alias of that entry.", "「{alias}」不是這個條目的別名。"),
    "facts.added": ("Added fact #{id} (version 1).", "已新增事實 #{id}（第 1 版）。"),
    "facts.similar": (
        "Similar facts already exist: {ids}. Check they do not say the same thing.",
        "已有類似的事實：{ids}。請確認內容沒有重複。",
    ),
    "facts.new_source": ("New source recorded as {id}.", "已新增來源 {id}。"),
    "facts.edited": ("Fact #{id} is now version {version}.", "事實 #{id} 已更新為第 {version} 版。"),
    "facts.unchanged": ("Nothing changed, so no new version was made.", "內容沒有變動，因此沒有建立新版本。"),
    "facts.conflict": (
        "Fact #{id} was changed by someone else while you edited it (now version {version}). "
        "Your edit was not applied. What changed: {fields}. Run /fact edit again to start from the current text.",
        "你編輯期間，事實 #{id} 已被其他人修改（目前為第 {version} 版），你的修改未套用。變動欄位：{fields}。"
        "請重新執行 /fact edit，從目前內容開始修改。",
    ),
    "facts.retracted": (
        "Fact #{id} is retracted: it is no longer shown or quizzed. Its history stays (/fact history).",
        "事實 #{id} 已撤回，不再顯示或出題；修改紀錄仍保留（/fact history）。",
    ),
    "facts.reverted": ("Fact #{id} restored as version {version}.", "事實 #{id} 已還原為新的第 {version} 版。"),
    "facts.alias_added": ("“{alias}” now finds {entity}.", "現在輸入「{alias}」可找到 {entity}。"),
    "facts.alias_removed": ("“{alias}” no longer finds {entity}.", "輸入「{alias}」將不再找到 {entity}。"),
    "facts.modal_title": ("Edit fact #{id}", "編輯事實 #{id}"),
    "facts.field_text_en": ("English text", "英文內容"),
    "facts.field_text_zh": ("Chinese text", "中文內容"),
    "facts.field_dates": ("Dates: YYYY[-MM[-DD]], or start – end", "日期：YYYY[-MM[-DD]]，或 開始 – 結束"),
    "facts.field_detail": ("Role title or value", "職稱或數值"),
    "facts.field_reason": ("Reason for the change", "修改原因"),
    "facts.show_status": ("Status", "狀態"),
    "facts.show_version": ("Version", "版本"),
    "facts.show_sources": ("Sources", "來源"),
    "facts.show_kind": ("Kind", "類型"),
    "facts.history_title": ("History of fact #{id}", "事實 #{id} 的修改紀錄"),
    "facts.history_row": (
        "**v{version}** · {action} · {actor} · {when}",
        "**第 {version} 版** · {action} · {actor} · {when}",
    ),
    "facts.history_changed": ("changed: {fields}", "變動：{fields}"),
    "facts.log_title": ("Fact #{id}: {action}", "事實 #{id}：{action}"),
    "facts.log_by": ("By", "操作者"),
    "facts.log_reason": ("Reason", "原因"),
    "facts.log_history": ("History: /fact history id:{id}", "紀錄：/fact history id:{id}"),
    "config.done": (
        "Settings saved: moderator role {role}, log channel {channel}.",
        "設定已儲存：管理員身分組 {role}，紀錄頻道 {channel}。",
    ),
    "config.none": ("not set", "未設定"),
    "error.not_moderator": (
        "Only moderators (Manage Server or the moderator role) can do that.",
        "只有管理員（擁有「管理伺服器」權限或管理員身分組）可以這麼做。",
    ),
    "error.no_home_guilds": (
        "Moderation is off until the bot's owner names the community's own servers: set HOME_GUILD_IDS={guild} (comma-separated server ids) in the bot's environment or .env and restart it.",
        "在機器人擁有者指定社群自己的伺服器之前，管理功能不會開放：請在機器人的環境變數或 .env 設定 HOME_GUILD_IDS={guild}（多個伺服器 id 以逗號分隔）並重新啟動。",
    ),
    "error.out_of_range": (
        "{option} must be a whole number from {low} to {high}.",
        "{option} 必須是 {low} 到 {high} 之間的整數。",
    ),
    "error.guild_only": (
        "This command works in a server, not in direct messages.",
        "此指令只能在伺服器中使用，不能在私訊中使用。",
    ),
}
CATALOGUE.update(REVIEW)  # the review queue's entries live in their own module


def t(key: str, lang: Lang, /, **values: object) -> str:
    """The catalogue text for `key` in `lang`, with `values` filled in."""
    try:
        en, zh = CATALOGUE[key]
    except KeyError:
        log.error("missing catalogue key %r", key)
        return key
    template = en if lang is Lang.EN else zh
    text = template.format(**values)
    return to_mainland(text) if lang is Lang.ZH_CN else text


# Command and option names and descriptions: key → (English, Traditional Chinese). Chinese command
# names follow Discord's naming rule (lowercase letters of any script, digits, - and _).
COMMAND_TEXT: dict[str, tuple[str, str]] = {
    "who": ("who", "人物"),
    "who.desc": (
        "Who is this person at OpenAI? Roles, moves and sources.",
        "查詢人物：在 OpenAI 的職位、去留與資料來源",
    ),
    "who.person": ("person", "人物"),
    "who.person.desc": (
        "A name in any script or spelling, e.g. Ilya, 蘇茨克維",
        "任何寫法或拼法的名字，例如 Ilya、蘇茨克維",
    ),
    "departures": ("departures", "離職"),
    "departures.desc": ("Who left OpenAI, when, and where they went", "誰離開了 OpenAI、何時離開、去了哪裡"),
    "departures.year": ("year", "年份"),
    "departures.year.desc": ("Only departures in this year, e.g. 2024", "只看這一年的離職，例如 2024"),
    "departures.destination": ("destination", "去向"),
    "departures.destination.desc": (
        "Only people who went here, e.g. Anthropic, 特斯拉",
        "只看去了這裡的人，例如 Anthropic、特斯拉",
    ),
    "timeline": ("timeline", "時間軸"),
    "timeline.desc": (
        "Dated events in order, filtered by year, range or person",
        "依時間排列的事件，可依年份、範圍或人物篩選",
    ),
    "timeline.year": ("year", "年份"),
    "timeline.year.desc": ("Only events in this year, e.g. 2023", "只看這一年的事件，例如 2023"),
    "timeline.start": ("start", "開始"),
    "timeline.start.desc": (
        "From this date: YYYY, YYYY-MM or YYYY-MM-DD",
        "從這個日期開始：YYYY、YYYY-MM 或 YYYY-MM-DD",
    ),
    "timeline.end": ("end", "結束"),
    "timeline.end.desc": (
        "Up to this date: YYYY, YYYY-MM or YYYY-MM-DD",
        "到這個日期為止：YYYY、YYYY-MM 或 YYYY-MM-DD",
    ),
    "timeline.person": ("person", "人物"),
    "timeline.person.desc": ("Only events involving this person", "只看與這位人物有關的事件"),
    "ask": ("ask", "提問"),
    "ask.desc": (
        "Ask about OpenAI's people in plain words; answers cite their articles",
        "用一句話詢問 OpenAI 的人物與事件，回答附上來源文章",
    ),
    "ask.question": ("question", "問題"),
    "ask.question.desc": (
        "e.g. Who went to Anthropic? · When did Ilya leave? · 誰創立了 OpenAI？",
        "例如：誰創立了 OpenAI？· Who went to Anthropic? · 2023年11月17日發生了什麼",
    ),
    "lookup_people": ("Look up people in this message", "查詢訊息中的人物"),
    "quiz": ("quiz", "測驗"),
    "quiz.desc": ("The daily multiple-choice question", "每日選擇題"),
    "chart": ("chart", "圖表"),
    "chart.desc": ("Pictures: tenure timelines and departures per year", "圖表：任期時間軸與每年離職人數"),
    "sources": ("sources", "來源"),
    "sources.desc": ("The articles behind every answer", "所有回答引用的文章"),
    "about": ("about", "關於"),
    "about.desc": ("What Almanac knows, version, uptime", "Almanac 的資料概況、版本與運行時間"),
    "help": ("help", "說明"),
    "help.desc": ("Every command with an example", "所有指令與範例"),
    "fact": ("fact", "事實"),
    "fact.desc": (
        "Moderators: add, correct and retract facts, with sources and history",
        "管理員：新增、更正與撤回事實（附來源與紀錄）",
    ),
    "alias": ("alias", "別名"),
    "alias.desc": ("Moderators: spellings that should find a person", "管理員：設定可找到人物的其他寫法"),
    "almanac": ("almanac", "almanac"),
    "almanac.desc": ("Moderators: Almanac's settings for this server", "管理員：本伺服器的 Almanac 設定"),
}


# Descriptions written as plain English in the cogs, by their English text → Traditional Chinese.
DESCRIPTIONS_ZH: dict[str, str] = {
    "The daily multiple-choice question": "每日選擇題",
    "Moderators: where and when the daily question is posted": "管理員：設定每日一題的頻道與時間",
    "Channel for the daily question": "每日一題的頻道",
    "Local time of day, HH:MM (24-hour)": "當地時間，HH:MM（24 小時制）",
    "IANA time zone, e.g. Asia/Taipei": "IANA 時區，例如 Asia/Taipei",
    "How long answers stay open (default 12 h)": "開放作答的時數（預設 12 小時）",
    "Moderators: stop the daily question for now": "管理員：暫停每日一題",
    "Moderators: start the daily question again": "管理員：恢復每日一題",
    "Moderators: post the next question right away": "管理員：立即出下一題",
    "A private question with instant feedback (not scored)": "私人練習題，立即顯示對錯（不計分）",
    "Top scores this week or of all time": "本週或歷來的最高分",
    "week (since Monday) or all time": "本週（自週一起）或總榜",
    "Points, answers and streaks of a member": "成員的得分、作答數與連續答對天數",
    "Re-take a question you missed (private, not scored)": "重做答錯的題目（僅你可見，不計分）",
    "Whose (default: you)": "查詢對象（預設為你自己）",
    "Add a sourced fact": "新增附來源的事實",
    "Who or what it is about": "事實的主體（人物或機構）",
    "Kind of fact": "事實類型",
    "Article it comes from (or 'new' with source_url/source_title)": (
        "來源文章（或填 new 並提供 source_url／source_title）"
    ),
    "The fact in English": "英文內容",
    "The fact in Chinese": "中文內容",
    "Organisation or person it relates to": "相關的機構或人物",
    "Role title in English (for roles)": "英文職稱（職位類事實）",
    "Role title in Chinese": "中文職稱",
    "Value: product, amount, title…": "數值：產品、金額、標題…",
    "Date: YYYY, YYYY-MM or YYYY-MM-DD": "日期：YYYY、YYYY-MM 或 YYYY-MM-DD",
    "End date": "結束日期",
    "Where they went (departures)": "去向（離職類事實）",
    "Why this is added": "新增原因",
    "Where in the source (paragraph, quote start…)": "在來源中的位置（段落、開頭文字…）",
    "New source: URL": "新來源：網址",
    "New source: title": "新來源：標題",
    "New source: publisher": "新來源：發布者",
    "New source: date": "新來源：日期",
    "Correct a fact (opens a pre-filled form)": "更正事實（開啟預先填好的表單）",
    "The fact (type a name or words to search)": "事實（輸入名字或關鍵字搜尋）",
    "Stop showing and quizzing a fact; its history stays": "撤回事實：不再顯示或出題，紀錄保留",
    "The fact": "事實",
    "Why it is retracted": "撤回原因",
    "Every version of a fact: who, when, what, why": "事實的所有版本：誰、何時、改了什麼、為什麼",
    "Restore an earlier version (as a new version)": "還原較早的版本（成為新版本）",
    "Version number to restore (see /fact history)": "要還原的版本號（見 /fact history）",
    "Why": "原因",
    "A fact with its sources, status and version": "查看事實的來源、狀態與版本",
    "Make another spelling find a person": "讓另一種寫法也能找到人物",
    "Stop a spelling from finding a person": "讓某種寫法不再找到人物",
    "The person": "人物",
    "The spelling": "寫法",
    "Moderator role and log channel for fact changes": "管理員身分組與事實變更紀錄頻道",
    "Members with this role may edit facts (besides Manage Server)": (
        "擁有此身分組的成員可編輯事實（管理伺服器權限之外）"
    ),
    "Channel where every fact change is announced": "公布每次事實變更的頻道",
    "Who was at OpenAI when: bars from joining to leaving": "誰在何時任職於 OpenAI：從加入到離開的長條圖",
    "founders (the 11), leadership (roles named in the articles) or departed": (
        "founders（11 位創始成員）、leadership（文章提到的領導層）或 departed（已離職者）"
    ),
    "Departures from OpenAI per year, by destination": "每年離開 OpenAI 的人數（依去向）",
}


DESCRIPTIONS_ZH.update(REVIEW_DESCRIPTIONS)


def description_text(english: str, lang: Lang) -> str | None:
    zh = DESCRIPTIONS_ZH.get(english)
    if zh is None or lang is Lang.EN:
        return None
    return to_mainland(zh) if lang is Lang.ZH_CN else zh


def command_text(key: str, lang: Lang) -> str | None:
    """A command/option name or description in `lang` (None for an unknown key)."""
    pair = COMMAND_TEXT.get(key)
    if pair is None:
        return None
    en, zh = pair
    if lang is Lang.EN:
        return en
    return to_mainland(zh) if lang is Lang.ZH_CN else zh
