"""The type checker: untyped tree + scope → typed tree, or ExprTypeError at the right place.

Every mistake a rule author can make in a condition is caught here, when the rule file loads,
never while a case runs: unknown names (with did-you-mean hints), money compared with dates,
values that may be null used without a check (see narrowing.py), text outside its choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from mktpolicy.diagnostics import did_you_mean
from mktpolicy.expr.errors import ExprTypeError
from mktpolicy.expr.functions import FUNCTIONS, Site, check_call
from mktpolicy.expr.narrowing import Path, narrowed_by
from mktpolicy.expr.nodes import Binary, Call, ListLiteral, Literal, Name, Node, Unary
from mktpolicy.expr.typed import TypedNode
from mktpolicy.expr.types import BOOL, INT, NULL, NUMBER, TEXT, RecordType, Type, list_of, non_null
from mktpolicy.expr.unify import (
    NUMERIC,
    UNORDERED,
    arithmetic,
    check_choice,
    conform,
    fail,
    fold_numeric,
    need_non_null,
    path_text,
    retype,
    span_of,
    unify_comparison,
)

Narrowed = frozenset[Path]
_SPELLINGS = {"True": "true", "False": "false", "None": "null", "AND": "and", "OR": "or"}


@dataclass(frozen=True)
class Scope:
    """What names mean: bindings (in pattern order) and parameters with their types."""

    bindings: Mapping[str, RecordType]
    params: Mapping[str, Type]


def check(node: Node, scope: Scope, *, expect: Type | None = None) -> TypedNode:
    """Type-check `node`; with `expect`, the result must have that type (a numeric literal
    takes it: a fine of `50` is money)."""
    typed = _Checker(scope).node(node, frozenset())
    if expect is not None:
        typed = conform(typed, expect)
    return typed


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def node(self, node: Node, narrowed: Narrowed) -> TypedNode:
        if isinstance(node, Binary):
            return self.binary(node, narrowed)
        if isinstance(node, Name):
            return self.name(node, narrowed)
        if isinstance(node, Literal):
            return literal(node)
        if isinstance(node, Call):
            args = tuple(self.node(arg, narrowed) for arg in node.args)
            site = Site(node.name, node.offset, len(node.name))
            _function, (result, typed_args) = check_call(site, args)
            return TypedNode("call", result, node.offset, node.length, node.name, typed_args)
        if isinstance(node, Unary):
            return self.unary(node, narrowed)
        if isinstance(node, ListLiteral):
            return list_literal([self.node(item, narrowed) for item in node.items], node)
        raise ExprTypeError("unsupported expression", node.offset, node.length)

    # --- names -----------------------------------------------------------------------------

    def name(self, node: Name, narrowed: Narrowed) -> TypedNode:
        typed = self.parameter(node) if node.parts[0] == "params" else self.field(node)
        if node.parts in narrowed:
            return TypedNode(
                typed.op, non_null(typed.type), typed.offset, typed.length, typed.value
            )
        return typed

    def parameter(self, node: Name) -> TypedNode:
        """`params.a.b.c` names the longest known parameter id among a, a.b, a.b.c."""
        parts = node.parts[1:]
        if not parts:
            fail("name a parameter: params.<id>", (node.offset, node.length))
        params = self.scope.params
        found = next((n for n in range(len(parts), 0, -1) if ".".join(parts[:n]) in params), 0)
        ident = ".".join(parts)
        prefix = ".".join(parts[:found])
        if found < len(parts):
            # `params.fines.operation_brech` is a misspelt id, not a field of `params.fines`.
            hint = did_you_mean(ident, set(params) - {prefix})
            if not found or hint:
                start = node.offsets[1]
                span = (start, node.offset + node.length - start)
                fail(f"unknown parameter {ident!r}", span, hint)
            fail(
                f"params.{prefix} is {params[prefix].describe()}, which has no fields",
                (node.offsets[1 + found], len(parts[found])),
            )
        kind = params[prefix]
        return TypedNode("param", kind, node.offset, node.length, prefix)

    def field(self, node: Name) -> TypedNode:
        head = node.parts[0]
        record = self.scope.bindings.get(head)
        if record is None:
            fail(f"unknown name {head!r}", (node.offset, len(head)), self.unknown_hint(head))
        if len(node.parts) == 1:
            example = next(iter(record.fields), "field")
            fail(
                f"{head!r} is a {record.name}; name one of its fields, e.g. {head}.{example}",
                (node.offset, node.length),
            )
        field = node.parts[1]
        if field not in record.fields:
            fail(
                f"{record.name} has no field {field!r}",
                (node.offsets[1], len(field)),
                did_you_mean(field, set(record.fields)),
            )
        field_type = record.fields[field]
        if len(node.parts) > 2:
            fail(
                f"{head}.{field} is {field_type.describe()}, which has no fields",
                (node.offsets[2], len(node.parts[2])),
            )
        return TypedNode("field", field_type, node.offset, node.length, (head, field))

    def unknown_hint(self, head: str) -> str:
        if head in _SPELLINGS:
            return f"write {_SPELLINGS[head]!r}"
        if head in FUNCTIONS:
            return f"{head} is a function: call it, as in {FUNCTIONS[head].signature}"
        names = [*self.scope.bindings, "params"]
        return did_you_mean(head, names) or f"names here: {', '.join(names)}"

    # --- operators -------------------------------------------------------------------------

    def unary(self, node: Unary, narrowed: Narrowed) -> TypedNode:
        operand = self.node(node.operand, narrowed)
        if node.op == "not":
            need_bool(operand, "not")
            return TypedNode("not", BOOL, node.offset, node.length, None, (operand,))
        if operand.type.kind not in NUMERIC:
            fail(f"cannot negate {operand.type.describe()}", span_of(operand))
        need_non_null(operand)
        if operand.numeric_literal:
            value = fold_numeric("-", 0, operand.value, (node.offset, node.length))
            return TypedNode(
                "lit", operand.type, node.offset, node.length, value, numeric_literal=True
            )
        return TypedNode("neg", operand.type, node.offset, node.length, None, (operand,))

    def binary(self, node: Binary, narrowed: Narrowed) -> TypedNode:
        op = node.op
        if op in ("and", "or"):
            left = self.node(node.left, narrowed)
            need_bool(left, op)
            right = self.node(node.right, narrowed | narrowed_by(node.left, op))
            need_bool(right, op)
            return TypedNode(op, BOOL, node.offset, node.length, None, (left, right))
        if op in ("in", "not in"):
            return self.membership(node, narrowed)
        left = self.node(node.left, narrowed)
        right = self.node(node.right, narrowed)
        if op in ("==", "!="):
            return equality(node, left, right)
        if op in ("<", "<=", ">", ">="):
            return ordering(node, left, right)
        return arith(node, left, right)

    def membership(self, node: Binary, narrowed: Narrowed) -> TypedNode:
        """`x in [a, b]` compares x with each item as `==` would; `x in f.list` with the type of
        the list's items. A null x is simply not in the list."""
        left = self.node(node.left, narrowed)
        if left.type.kind == "null":
            fail("null is never in a list", span_of(left))
        if isinstance(node.right, ListLiteral):
            items = []
            for item_node in node.right.items:
                item = self.node(item_node, narrowed)
                if item.type.nullable:
                    fail("a list item may not be null", span_of(item))
                _, item = unify_comparison(left, item, node.op_span)
                check_choice(left, item)
                items.append(item)
            right = list_literal(items, node.right, empty=non_null(left.type))
        else:
            right = self.node(node.right, narrowed)
            item_type = right.type.item
            if right.type.kind != "list" or item_type is None:
                fail(
                    f"'{node.op}' needs a list on its right, got {right.type.describe()}",
                    span_of(right),
                )
            need_non_null(right)
            element = TypedNode("field", item_type, right.offset, right.length, right.value)
            left, _ = unify_comparison(left, element, node.op_span)
            check_choice(element, left)
        return TypedNode("in", BOOL, node.offset, node.length, node.op, (left, right))


def literal(node: Literal) -> TypedNode:
    value = node.value
    if value is None:
        return TypedNode("lit", NULL, node.offset, node.length, None)
    if isinstance(value, bool):
        return TypedNode("lit", BOOL, node.offset, node.length, value)
    if isinstance(value, int):
        return TypedNode("lit", INT, node.offset, node.length, value, numeric_literal=True)
    if isinstance(value, Decimal):
        return TypedNode("lit", NUMBER, node.offset, node.length, value, numeric_literal=True)
    return TypedNode("lit", TEXT, node.offset, node.length, value)


def list_literal(
    items: list[TypedNode], node: ListLiteral, *, empty: Type | None = None
) -> TypedNode:
    """`[a, b]`: items of one type (numbers join: `[1, 2.5]` is a list of numbers)."""
    if not items:
        if empty is None:
            fail("an empty list has no type here", (node.offset, node.length))
        return TypedNode("list", list_of(empty), node.offset, node.length)
    for item in items:
        if item.type.nullable:
            fail("a list item may not be null", span_of(item))
    item_type = items[0].type
    if all(item.type.kind in NUMERIC for item in items):
        kind = _numeric_items(items)
        items = [retype(item, kind) for item in items]
        item_type = Type(kind)
    else:
        for item in items[1:]:
            if item.type.kind != item_type.kind:
                fail(
                    f"list items differ: {item_type.describe()} and {item.type.describe()}",
                    span_of(item),
                )
            if item.type != item_type:  # e.g. texts with different choices: plain text
                item_type = Type(item_type.kind, item=item_type.item)
    return TypedNode("list", list_of(item_type), node.offset, node.length, None, tuple(items))


def _numeric_items(items: list[TypedNode]) -> str:
    """The kind numeric list items share: literals adopt the others' kind, int joins number."""
    typed = {item.type.kind for item in items if not item.numeric_literal}
    literal_kinds = {item.type.kind for item in items if item.numeric_literal}
    if typed == {"int", "number"}:
        return "number"
    if len(typed) > 1:
        first = next(item for item in items if not item.numeric_literal)
        bad = next(i for i in items if not i.numeric_literal and i.type.kind != first.type.kind)
        fail(f"list items differ: {first.type.describe()} and {bad.type.describe()}", span_of(bad))
    if not typed:
        return "int" if literal_kinds == {"int"} else "number"
    (kind,) = typed
    return "number" if kind == "int" and "number" in literal_kinds else kind


def need_bool(typed: TypedNode, where: str) -> None:
    if typed.type.kind != "bool":
        fail(f"'{where}' needs true/false, got {typed.type.describe()}", span_of(typed))
    need_non_null(typed)


def equality(node: Binary, left: TypedNode, right: TypedNode) -> TypedNode:
    """`==` / `!=`: same kinds (see unify.py); `x == null` only where x may be null."""
    if left.type.kind == "null" or right.type.kind == "null":
        other = right if left.type.kind == "null" else left
        if not other.type.nullable:
            name = path_text(other) or "this value"
            always = "false" if node.op == "==" else "true"
            fail(
                f"{name} is never null ({other.type.describe()}), so this is always {always}",
                node.op_span,
            )
        return TypedNode("cmp", BOOL, node.offset, node.length, node.op, (left, right))
    left, right = unify_comparison(left, right, node.op_span)
    check_choice(left, right)
    check_choice(right, left)
    return TypedNode("cmp", BOOL, node.offset, node.length, node.op, (left, right))


def ordering(node: Binary, left: TypedNode, right: TypedNode) -> TypedNode:
    need_non_null(left)
    need_non_null(right)
    left, right = unify_comparison(left, right, node.op_span)
    if left.type.kind in UNORDERED:
        fail(f"{left.type.describe()} values are not ordered; use == or !=", node.op_span)
    return TypedNode("cmp", BOOL, node.offset, node.length, node.op, (left, right))


def arith(node: Binary, left: TypedNode, right: TypedNode) -> TypedNode:
    need_non_null(left)
    need_non_null(right)
    result, mode, left, right = arithmetic(node.op, left, right, node.op_span)
    if left.numeric_literal and right.numeric_literal:
        value = fold_numeric(node.op, left.value, right.value, node.op_span)
        return TypedNode("lit", result, node.offset, node.length, value, numeric_literal=True)
    return TypedNode("arith", result, node.offset, node.length, (node.op, mode), (left, right))
