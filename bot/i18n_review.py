"""Catalogue entries of the review queue, new sources and suggestions (merged into bot.i18n.CATALOGUE).

key → (English, Traditional Chinese); Simplified is derived with OpenCC like every other entry.
"""

from __future__ import annotations

REVIEW: dict[str, tuple[str, str]] = {
    "source.empty": ("The article is empty.", "文章是空的。"),
    "source.too_long": (
        "The article is longer than {limit} characters; split it.",
        "文章超過 {limit} 個字元，請分段上傳。",
    ),
    "source.need_title": ("Give the article's title and publisher.", "請提供文章的標題與發布者。"),
    "source.bad_date": (
        "{value!s} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.",
        "{value!s} 不是日期，請使用 YYYY、YYYY-MM 或 YYYY-MM-DD。",
    ),
    "source.bad_url": ("The URL must start with http:// or https://.", "網址必須以 http:// 或 https:// 開頭。"),
    "source.duplicate": ("This article was already added as {id}.", "這篇文章已經新增過（{id}）。"),
    "source.need_txt": ("Attach the article as a UTF-8 .txt file.", "請以 UTF-8 編碼的 .txt 檔附上文章。"),
    "source.added": (
        "Stored source {id} with its text. {count} proposed statements are in the review queue ({known} already known: they add a reference). Use /review to decide.",
        "已儲存來源 {id} 及全文。{count} 則擬議陳述已進入審核佇列（其中 {known} 則已存在，將新增引用）。請用 /review 審核。",
    ),
    "review.title": ("Review queue: {count} pending", "審核佇列：{count} 項待審"),
    "review.empty": ("Nothing is waiting for review.", "目前沒有待審項目。"),
    "review.item": ("#{id} · {kind} · by {who}", "#{id} · {kind} · 提出者 {who}"),
    "review.kind.proposal": ("from a new source", "來自新來源"),
    "review.kind.suggestion": ("member suggestion", "成員建議"),
    "review.kind.edit": ("contributor edit", "協作者編修"),
    "review.edit_queued": (
        "Your edit of fact #{fact} waits for a moderator's approval (review item #{id}); "
        "you will be told the decision.",
        "你對事實 #{fact} 的編修正等待管理員核准（審核項目 #{id}），結果會通知你。",
    ),
    "review.contributor_set": (
        "Two-person mode: edits by {role} now wait in /review for a moderator.",
        "雙人審核模式：{role} 的編修將在 /review 等待管理員核准。",
    ),
    "review.new": ("new statement", "新陳述"),
    "review.reference": ("another reference to: {current}", "為既有陳述新增引用：{current}"),
    "review.current": ("now: {current}", "目前：{current}"),
    "review.proposed": ("proposed: {text}", "擬議：{text}"),
    "review.cited": ("cited: {source} line {line} “{anchor}”", "出處：{source} 第 {line} 行「{anchor}」"),
    "review.missing": ("There is no review item #{id}.", "找不到審核項目 #{id}。"),
    "review.decided": ("Review item #{id} is already {status}.", "審核項目 #{id} 已經處理（{status}）。"),
    "review.not_applicable": (
        "Item #{id} is a suggestion: make the change with /fact edit, then approve it here to credit the member.",
        "項目 #{id} 是成員建議：請先用 /fact edit 修改，再於此核准以記名感謝建議者。",
    ),
    "review.need_reason": ("Say why it is rejected (the member is told).", "請說明駁回原因（會通知建議者）。"),
    "review.approved": ("Approved #{id}: fact #{fact} added.", "已核准 #{id}：新增事實 #{fact}。"),
    "review.approved_only": ("Approved #{id}.", "已核准 #{id}。"),
    "review.rejected": ("Rejected #{id}: {reason}", "已駁回 #{id}：{reason}"),
    "review.approve": ("Approve #{id}", "核准 #{id}"),
    "review.reject": ("Reject #{id}", "駁回 #{id}"),
    "review.reject_title": ("Reject review item #{id}", "駁回審核項目 #{id}"),
    "review.reason": ("Reason (the member is told)", "原因（會通知建議者）"),
    "review.log_new": ("New in the review queue: {count} item(s) ({what}).", "審核佇列新增 {count} 項（{what}）。"),
    "review.told_approved": (
        "Your suggestion #{id} was approved. Thank you!",
        "你的建議 #{id} 已獲核准，謝謝！",
    ),
    "review.told_rejected": (
        "Your suggestion #{id} was not accepted: {reason}",
        "你的建議 #{id} 未被採納：{reason}",
    ),
    "review.not_suggestion": ("Item #{id} is not a member suggestion.", "項目 #{id} 不是成員建議。"),
    "review.edit": ("Edit & approve #{id}", "編修後核准 #{id}"),
    "review.edit_title": ("Edit, then approve #{id}", "編修後核准 #{id}"),
    "review.approved_edit": (
        "Approved #{id}: fact #{fact} is now version {version} (credited to the member and you).",
        "已核准 #{id}：事實 #{fact} 更新為第 {version} 版（記名建議者與你）。",
    ),
    "review.unchanged": (
        "That would change nothing, so #{id} stays pending; reject it if the statement is right.",
        "這樣不會改變任何內容，#{id} 仍待審；若陳述正確，請駁回。",
    ),
    "review.wrong": ("member says: {text}", "成員指出：{text}"),
    "review.source_url": ("source: {url}", "來源：{url}"),
    "review.history_title": ("Review history: {count} {status}", "審核紀錄：{status} {count} 項"),
    "review.history_empty": ("No {status} items yet.", "尚無{status}項目。"),
    "review.status.pending": ("pending", "待審"),
    "review.status.approved": ("approved", "已核准"),
    "review.status.rejected": ("rejected", "已駁回"),
    "review.decision": ("{status} by {who}", "{who} {status}"),
    "review.decision_reason": ("{status} by {who}: {reason}", "{who} {status}：{reason}"),
    "suggest.need_statement": ("Choose the statement to correct.", "請選擇要更正的陳述。"),
    "suggest.need_all": (
        "Say what is wrong, what it should say, and give a source address.",
        "請說明哪裡有誤、應如何改正，並提供來源網址。",
    ),
    "suggest.too_long": (
        "“{field}” is longer than {limit} characters; shorten it.",
        "「{field}」超過 {limit} 個字元，請縮短。",
    ),
    "suggest.bad_url": (
        "The source must be a web address starting with http:// or https://, with a host name.",
        "來源必須是以 http:// 或 https:// 開頭、含主機名稱的網址。",
    ),
    "suggest.no_statement": (
        "There is no statement “{key}”; pick one from the suggestions.",
        "找不到陳述「{key}」，請從建議清單中選擇。",
    ),
    "suggest.too_many": (
        "You already have {count} suggestions waiting for review; please wait for a decision.",
        "你已有 {count} 則建議待審，請等審核結果後再提出。",
    ),
    "suggest.duplicate": (
        "You already suggested this (#{id}); it is waiting for review.",
        "你已提出過相同建議（#{id}），正在等待審核。",
    ),
    "suggest.gone": (
        "The statement of suggestion #{id} is no longer shown (retracted); reject the suggestion or use /fact edit.",
        "建議 #{id} 所指的陳述已不再顯示（已撤回）；請駁回或改用 /fact edit。",
    ),
    "suggest.button": ("Suggest a correction", "建議更正"),
    "suggest.pick": ("Which statement is wrong?", "哪一則陳述有誤？"),
    "suggest.pick_prompt": (
        "Choose the statement you want to correct; a short form follows.",
        "請選擇要更正的陳述，接著填寫簡短表單。",
    ),
    "suggest.nothing_shown": (
        "This answer shows no statement to correct; use /suggest to pick one.",
        "這則回答沒有可更正的陳述；請用 /suggest 選擇。",
    ),
    "suggest.title": ("Suggest a correction", "建議更正"),
    "suggest.field_wrong": ("What is wrong", "哪裡有誤"),
    "suggest.field_say": ("What it should say", "應改為"),
    "suggest.field_url": ("Source (http/https address)", "來源（http/https 網址）"),
    "suggest.thanks": (
        "Thank you! Suggestion #{id} is in the review queue. You will hear privately what the moderators decide.",
        "謝謝！建議 #{id} 已進入審核佇列，審核結果會私下通知你。",
    ),
    "suggest.log": ("New suggestion #{id} by {who} on: {current}", "新建議 #{id}（{who}）：{current}"),
    "suggest.earlier": ("Decisions on your earlier suggestions:", "你先前建議的審核結果："),
}

# Command and option descriptions of /source and /review, by their English text (see DESCRIPTIONS_ZH).
REVIEW_DESCRIPTIONS: dict[str, str] = {
    "Moderators: add a news article as a new source": "管理員：將新聞文章新增為來源",
    "Store an article (.txt) and queue the statements it proposes": "儲存文章（.txt），並將擬議陳述送入審核佇列",
    "The article as a UTF-8 .txt file": "UTF-8 編碼的 .txt 文章檔",
    "The article's title": "文章標題",
    "Who published it": "發布者",
    "Its date, YYYY-MM-DD (relative dates in the text count from it)": "發布日期 YYYY-MM-DD（文中的相對日期以此推算）",
    "Where it can be read (http...)": "文章網址（http…）",
    "Moderators: pending proposals and suggestions, to approve or reject": "管理員：待審的擬議陳述與建議，逐項核准或駁回",
    "Which items: pending (default), or the history of approved or rejected ones": (
        "顯示哪些項目：待審（預設），或已核准、已駁回的紀錄"
    ),
    "Suggest a correction to a statement; moderators review it": "建議更正某則陳述，由管理員審核",
    "Two-person mode: this role's fact edits wait in /review for a moderator": (
        "雙人審核模式：此身分組的編修須在 /review 由管理員核准"
    ),
    "The statement: type a name or words from it": "要更正的陳述：輸入人名或其中的文字",
}
