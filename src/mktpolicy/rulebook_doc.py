"""The rulebook as a literate law file: each clause's text beside the rules that encode it.

`docs/rulebook.md` is generated from it (document by document, in the order of the source) and a
test keeps it in sync, so the regulation text and the executable rule never drift apart.
"""

from __future__ import annotations

from mktpolicy.ir.model import Clause, DeriveAction, Program, Rule, VerdictAction


def render_rulebook(program: Program) -> str:
    """Markdown: per document, per clause, the text in Chinese and English, then its rules."""
    by_clause: dict[str, list[Rule]] = {}
    for rule in program.rules:
        for clause_id in rule.cites:
            by_clause.setdefault(clause_id, []).append(rule)
    lines = [
        "# The rulebook, clause by clause",
        "",
        "Generated from the bundled rulebook (`mktpolicy clauses --format rulebook`); a test keeps",
        "it in sync. Each clause of the regulations, as it stands in the source document, with",
        "the rules that encode it. Where a clause is not encoded, the reason is given.",
    ]
    for document in sorted(program.documents.values(), key=lambda d: d.id):
        lines += ["", f"## {document.id} {document.title_zh}", "", f"*{document.title_en}*"]
        clauses = [c for c in program.clauses.values() if c.location.document == document.id]
        for clause in sorted(clauses, key=lambda c: (c.location.line, c.id)):
            lines += _clause(clause, by_clause.get(clause.id, []))
    return "\n".join(lines) + "\n"


def _clause(clause: Clause, rules: list[Rule]) -> list[str]:
    also = f" (also {', '.join(loc.label for loc in clause.locations[1:])})"
    where = clause.location.label + (also if len(clause.locations) > 1 else "")
    lines = [
        "",
        f"### `{clause.id}` {clause.title}",
        "",
        f"{where} · {clause.kind.value}"
        + (f" · inventory {', '.join(clause.inventory)}" if clause.inventory else ""),
        "",
        f"> {clause.text_zh}",
        ">",
        f"> {clause.text_en}",
    ]
    if clause.note:
        lines += ["", f"Note: {clause.note}"]
    if clause.out_of_scope:
        lines += ["", f"**Out of scope:** {clause.out_of_scope}"]
    elif clause.not_checkable and not rules:
        lines += ["", f"**Not checkable:** {clause.not_checkable}"]
    for rule in rules:
        lines += ["", *_rule(rule)]
    return lines


def _rule(rule: Rule) -> list[str]:
    lines = [f"**Rule `{rule.id}`** — {rule.title} (`{rule.file}`)", "", "```"]
    for pattern in rule.patterns:
        condition = f" where {pattern.source.strip()}" if pattern.source else ""
        lines.append(f"when {pattern.fact_type} as {pattern.binding}{condition}")
    for pattern in rule.negations:
        condition = f" where {pattern.source.strip()}" if pattern.source else ""
        lines.append(f"unless {pattern.fact_type} as {pattern.binding}{condition}")
    if rule.condition_source:
        lines.append(f"if {rule.condition_source.strip()}")
    if rule.overrides:
        lines.append(f"overrides {', '.join(rule.overrides)}")
    action = rule.action
    if isinstance(action, DeriveAction):
        lines.append(f"then derive {action.fact_type}")
    elif isinstance(action, VerdictAction):
        extra = [action.outcome.value]
        if action.fine is not None:
            extra.append("a fine")
        if action.compensation is not None:
            extra.append("compensation")
        if action.consequence is not None:
            extra.append(f"consequence {action.consequence.id}")
        lines.append(f"then verdict: {', '.join(extra)}")
    lines.append("```")
    if rule.reading:
        lines += ["", f"Reading: {rule.reading.strip()}"]
    return lines
