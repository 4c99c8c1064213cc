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
}
