"""What a command answers, before it becomes Discord objects."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Choice:
    value: str  # entity id
    label: str
    description: str | None = None


@dataclass
class Answer:
    """Embeds as pages (one shown at a time), optional text, and choices for a select menu."""

    pages: list[dict] = field(default_factory=list)
    content: str | None = None
    choices: list[Choice] = field(default_factory=list)
    ephemeral: bool = False
    # What paging buttons need to rebuild this answer later (entity id or encoded query).
    state: str = ""
    # When the database cut the pages: `pages` holds page `first_page` (0-based) of `page_count`.
    first_page: int = 0
    page_count: int | None = None

    @property
    def total_pages(self) -> int:
        return self.page_count if self.page_count is not None else len(self.pages)

    def page(self, number: int) -> dict | None:
        """The embed of page `number` (0-based, clamped), if this answer holds it."""
        if not self.pages:
            return None
        number = max(0, min(number, self.total_pages - 1))
        index = number - self.first_page
        return self.pages[index] if 0 <= index < len(self.pages) else self.pages[0]

    @classmethod
    def message(cls, text: str, *, ephemeral: bool = True) -> Answer:
        return cls(content=text, ephemeral=ephemeral)
