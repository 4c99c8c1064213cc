"""The role vocabulary: titles with the same meaning are one role.

Without it "CTO", "Chief Technology Officer" and 技術長 are three roles: answers list the same job
three times and a quiz offers two right options. Titles are matched on a folded form (case, width,
spaces and punctuation ignored, Chinese folded to Simplified), so the vocabulary only needs one
spelling of each synonym.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.domain.script import to_simplified

log = logging.getLogger(__name__)

_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def fold_title(text: str) -> str:
    """The form titles are compared in: 'Co-lead, Superalignment team' → 'coleadsuperalignmentteam'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return _NOISE.sub("", to_simplified(text))


@dataclass(frozen=True)
class Role:
    id: str
    label_en: str
    label_zh: str
    seniority: int = 0
    single: bool = False  # one holder at a time: a new holder's start ends the previous term
    kind: str = "staff"
    known: bool = True  # False for a title the vocabulary does not list (data check reports it)
    synonyms: tuple[str, ...] = ()  # other titles for it, as the vocabulary writes them

    def titles(self) -> tuple[str, ...]:
        """Every way of writing the role: labels and synonyms (for finding it in a sentence)."""
        return (self.label_en, self.label_zh, *self.synonyms)


@dataclass(frozen=True)
class RoleVocabulary:
    roles: tuple[Role, ...] = ()
    _by_form: Mapping[str, Role] = field(default_factory=dict, repr=False, compare=False)
    problems: tuple[str, ...] = ()  # ids or titles listed twice: the vocabulary must be unambiguous

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> RoleVocabulary:
        roles: list[Role] = []
        by_form: dict[str, Role] = {}
        problems: list[str] = []
        for rec in records:
            role = Role(
                id=str(rec["id"]),
                label_en=str(rec["label_en"]),
                label_zh=str(rec["label_zh"]),
                seniority=int(rec.get("seniority") or 0),
                single=bool(rec.get("single")),
                kind=str(rec.get("kind") or "staff"),
                synonyms=tuple(str(s) for s in rec.get("synonyms") or ()),
            )
            if any(r.id == role.id for r in roles):
                problems.append(f"role id {role.id!r} is listed twice")
            roles.append(role)
            for title in (role.label_en, role.label_zh, *(rec.get("synonyms") or ())):
                form = fold_title(str(title))
                owner = by_form.setdefault(form, role) if form else role
                if owner.id != role.id:
                    problems.append(f"title {title!r} of role {role.id!r} is already a title of {owner.id!r}")
        return cls(tuple(roles), by_form, tuple(problems))

    def get(self, role_id: str) -> Role | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def match(self, role_en: str | None, role_zh: str | None) -> Role | None:
        """The role a fact's title names; an unlisted title becomes a role of its own (known=False),
        so it still groups with itself. None when the fact gives no title."""
        for title in (role_en, role_zh):
            if title:
                role = self._by_form.get(fold_title(title))
                if role is not None:
                    return role
        title = role_en or role_zh
        if not title:
            return None
        return Role(id="title:" + fold_title(title), label_en=role_en or title, label_zh=role_zh or title, known=False)
