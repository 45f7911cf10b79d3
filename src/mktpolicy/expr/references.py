"""What an expression or template reads: parameters (for the unused-parameter lint) and fields.

Typed trees know each parameter's resolved id; an untyped tree has only the dotted name as
written, so `params.fines.base` there reads as the id `fines.base`.
"""

from __future__ import annotations

from mktpolicy.expr.nodes import Name, Node, walk_nodes
from mktpolicy.expr.template import Template, TypedTemplate
from mktpolicy.expr.typed import TypedNode, walk

Readable = Node | TypedNode | Template | TypedTemplate


def _roots(source: Readable) -> list[Node | TypedNode]:
    if isinstance(source, TypedTemplate):
        return list(source.parts_typed())
    if isinstance(source, Template):
        return [hole.node for hole in source.holes()]
    return [source]


def referenced_params(source: Readable) -> set[str]:
    """The parameter ids an expression or template reads."""
    found: set[str] = set()
    for root in _roots(source):
        if isinstance(root, TypedNode):
            found.update(n.value for n in walk(root) if n.op == "param")
        else:
            found.update(
                ".".join(n.parts[1:])
                for n in walk_nodes(root)
                if isinstance(n, Name) and n.parts[0] == "params" and len(n.parts) > 1
            )
    return found


def referenced_fields(source: Readable) -> set[tuple[str, str]]:
    """The (binding, field) pairs an expression or template reads."""
    found: set[tuple[str, str]] = set()
    for root in _roots(source):
        if isinstance(root, TypedNode):
            found.update(n.value for n in walk(root) if n.op == "field")
        else:
            found.update(
                (n.parts[0], n.parts[1])
                for n in walk_nodes(root)
                if isinstance(n, Name) and n.parts[0] != "params" and len(n.parts) > 1
            )
    return found
