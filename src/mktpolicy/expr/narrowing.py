"""Null narrowing: which names are known not to be null on the right of `and` / `or`.

In `A and B`, B runs only when A is true, so each `x != null` conjunct of A makes x non-null in
B; in `A or B`, B runs only when A is false, so each `x == null` disjunct of A does. `not` flips
both the test and the connective (De Morgan), so `not (x == null or y == null) and ...` narrows
x and y. Names are matched by their exact dotted path (`meal.approved_at`).
"""

from __future__ import annotations

from mktpolicy.expr.nodes import Binary, Literal, Name, Node, Unary

Path = tuple[str, ...]
_DUAL = {"and": "or", "or": "and"}
_NEGATED = {"==": "!=", "!=": "=="}


def narrowed_by(node: Node, connective: str) -> frozenset[Path]:
    """Names non-null on the right of `node <connective> ...` (connective: and, or)."""
    wanted = "!=" if connective == "and" else "=="
    found: set[Path] = set()
    stack: list[tuple[Node, bool]] = [(node, True)]
    while stack:
        current, positive = stack.pop()
        if isinstance(current, Unary) and current.op == "not":
            stack.append((current.operand, not positive))
            continue
        if not isinstance(current, Binary):
            continue
        op = current.op if positive else _DUAL.get(current.op, _NEGATED.get(current.op, ""))
        if op == connective:
            stack.append((current.left, positive))
            stack.append((current.right, positive))
        elif op == wanted:
            path = _null_test(current)
            if path is not None:
                found.add(path)
    return frozenset(found)


def _null_test(node: Binary) -> Path | None:
    """The name in `name == null` / `null != name` (either order), if that is what `node` is."""
    for a, b in ((node.left, node.right), (node.right, node.left)):
        if isinstance(b, Literal) and b.value is None and isinstance(a, Name):
            return a.parts
    return None
