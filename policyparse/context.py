"""ConText for policy text: is a number a commitment (target) or a result (actual)?

Cue words (:class:`~policyparse.rules.ContextRule`, from
``resources/context_rules.json``) mark the quantities in their scope.  When
no strong cue reaches a quantity, the section it sits in decides (工作回顾 →
actual, 重点工作 → target); failing that, the cues of its paragraph and of
the whole document vote.

>>> ctx = ConText()
>>> text = "力争亿元企业达330家。已建成潘集区童话托育中心。"
>>> ctx.cue_kind(text, text.index("330"), text.index("330"), (0, text.index("。") + 1))
('target', '力争')
"""
from __future__ import annotations

from dataclasses import dataclass

from .rules import ContextRule, load_context_rules

WEAK_WEIGHT = 0.3


@dataclass
class Cue:
    rule: ContextRule
    start: int
    end: int


class ConText:
    def __init__(self, rules: list[ContextRule] | None = None):
        self.rules = rules if rules is not None else load_context_rules()
        self.strong = [r for r in self.rules if r.weight == "strong"]

    def cues(self, text: str, start: int, end: int, strong_only: bool = False) -> list[Cue]:
        out = []
        for rule in (self.strong if strong_only else self.rules):
            for m in rule.regex.finditer(text, start, end):
                out.append(Cue(rule, m.start(), m.end()))
        # a longer cue wins over one inside it (已完成 over 已 and 完成)
        out.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[Cue] = []
        for c in out:
            if kept and c.start < kept[-1].end:
                continue
            kept.append(c)
        return kept

    def cue_kind(self, text: str, q_start: int, q_end: int, sentence: tuple[int, int],
                 clause: tuple[int, int] | None = None, quantity_starts: list[int] = (),
                 cues: list[Cue] | None = None):
        """(kind, cue) from the strong cue whose scope holds the quantity, or (None, None).

        ``cues``: the sentence's strong cues, when the caller has them already."""
        s, e = sentence
        cs, ce = clause or sentence
        best = None
        for cue in (cues if cues is not None else self.cues(text, s, e, strong_only=True)):
            r = cue.rule
            if cue.end <= q_start and r.direction in ("forward", "bidirectional"):
                if r.direction == "bidirectional" and cue.start < cs:
                    continue
                if r.scope == "next" and any(cue.end <= qs < q_start for qs in quantity_starts):
                    continue
                dist = q_start - cue.end
                # same-clause cues beat cues from earlier clauses
                rank = (0 if cue.start >= cs else 1, dist)
            elif cue.start >= q_end and r.direction in ("backward", "bidirectional") and cue.end <= ce:
                rank = (0, cue.start - q_end)
            else:
                continue
            if best is None or rank < best[0]:
                best = (rank, cue)
        if best is None:
            return None, None
        return best[1].rule.kind, best[1].rule.literal

    def vote(self, text: str, start: int, end: int) -> float:
        """Weighted cue balance of a span: > 0 leans target, < 0 leans actual."""
        score = 0.0
        for cue in self.cues(text, start, end):
            w = 1.0 if cue.rule.weight == "strong" else WEAK_WEIGHT
            score += w if cue.rule.kind == "target" else -w
        return score
