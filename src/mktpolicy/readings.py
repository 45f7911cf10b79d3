"""The readings a rulebook has chosen, clause by clause: what `mktpolicy clauses --format
readings` prints, so a company sees (and can set) every choice the text left open."""

from __future__ import annotations

from mktpolicy.ir.model import Program


def render_readings(program: Program) -> str:
    """Each clause with a chosen reading: the rules' `reading`, and the parameters that cite it
    with the value in force now (a company changes them with a reform or `with_parameters`)."""
    lines: list[str] = []
    for clause_id in sorted(program.clauses):
        entries: list[str] = []
        for rule in program.rules:
            if clause_id in rule.cites and rule.reading:
                entries.append(f"  rule {rule.id}: {' '.join(rule.reading.split())}")
        for ident in sorted(program.parameters):
            parameter = program.parameters[ident]
            if clause_id in parameter.cites:
                start, value = parameter.values[-1]
                note = f": {' '.join(parameter.note.split())}" if parameter.note else ""
                entries.append(
                    f"  parameter {ident} = {_show(value)} (since {start.isoformat()}){note}"
                )
        if entries:
            clause = program.clauses[clause_id]
            lines.append(f"{clause_id}  {clause.title}")
            lines.extend(entries)
    return "\n".join(lines) + "\n" if lines else "no readings recorded\n"


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
