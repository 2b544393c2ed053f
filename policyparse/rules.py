"""Rule data objects, medspaCy style, loaded from JSON resource files.

>>> rules = load_section_rules()
>>> any(r.category == "plan" and r.literal == "重点工作" for r in rules)
True
>>> SectionRule("plan", "工作安排").matches("二、2023年工作安排")
True
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import regex

CATEGORIES = ("review", "plan", "problems")
KINDS = ("target", "actual")


@dataclass(frozen=True)
class SectionRule:
    """A heading containing ``literal`` (or matching ``pattern``) opens a section."""

    category: str
    literal: str = ""
    pattern: str | None = None

    def __post_init__(self):
        if self.category not in CATEGORIES:
            raise ValueError(f"SectionRule category must be one of {CATEGORIES}, not {self.category!r}")

    @cached_property
    def _re(self):
        return regex.compile(self.pattern) if self.pattern else None

    def matches(self, title: str) -> bool:
        if self._re is not None:
            return bool(self._re.search(title))
        return bool(self.literal) and self.literal in title

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}


@dataclass(frozen=True)
class ContextRule:
    """A cue word that marks quantities in its scope as ``target`` or ``actual``.

    ``direction``: forward (after the cue, to the end of the sentence),
    backward (before it, in the same clause) or bidirectional (the clause).
    ``scope="next"`` limits a forward cue to the first quantity after it.
    ``weight="weak"`` cues only vote at paragraph and document level.
    """

    literal: str
    kind: str
    direction: str = "forward"
    pattern: str | None = None
    scope: str = "sentence"
    weight: str = "strong"

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"ContextRule kind must be one of {KINDS}, not {self.kind!r}")
        if self.direction not in ("forward", "backward", "bidirectional"):
            raise ValueError(f"bad ContextRule direction {self.direction!r}")

    @cached_property
    def regex(self):
        return regex.compile(self.pattern or regex.escape(self.literal))

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v}


def _load(name: str | Path) -> list[dict]:
    if isinstance(name, Path) or "/" in str(name) or str(name).endswith(".json") and Path(name).exists():
        data = json.loads(Path(name).read_text(encoding="utf-8"))
    else:
        data = json.loads(resources.files("policyparse.resources").joinpath(name).read_text(encoding="utf-8"))
    return data["rules"] if isinstance(data, dict) else data


def load_section_rules(path: str | Path | None = None) -> list[SectionRule]:
    """Section rules from ``path`` or the bundled ``section_rules.json``."""
    return [SectionRule(**r) for r in _load(path or "section_rules.json")]


def load_context_rules(path: str | Path | None = None) -> list[ContextRule]:
    """ConText rules from ``path`` or the bundled ``context_rules.json``."""
    return [ContextRule(**r) for r in _load(path or "context_rules.json")]
