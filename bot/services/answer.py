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

    @classmethod
    def message(cls, text: str, *, ephemeral: bool = True) -> Answer:
        return cls(content=text, ephemeral=ephemeral)
