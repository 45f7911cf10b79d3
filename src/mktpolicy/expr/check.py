"""The type checker: untyped tree + scope → typed tree, or ExprTypeError at the right place.

Nullable values must be narrowed before ordered comparisons, arithmetic or function calls: in
`A and B`, each `x != null` conjunct of A narrows x inside B; in `A or B`, each `x == null`
disjunct of A does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from mktpolicy.diagnostics import did_you_mean
from mktpolicy.expr.errors import ExprTypeError
from mktpolicy.expr.functions import FUNCTIONS
from mktpolicy.expr.nodes import Binary, Call, ListLiteral, Literal, Name, Node, Unary
from mktpolicy.expr.typed import TypedNode
from mktpolicy.expr.types import (
    BOOL,
    INT,
    MONEY,
    NULL,
    NUMBER,
    TEXT,
    RecordType,
    Type,
    list_of,
    non_null,
)

NUMERIC = frozenset({"int", "number", "money"})
Path = tuple[str, str]


@dataclass(frozen=True)
class Scope:
    """What names mean: bindings (in pattern order) and parameters with their types."""

    bindings: Mapping[str, RecordType]
    params: Mapping[str, Type]


def check(node: Node, scope: Scope, *, expect: Type | None = None) -> TypedNode:
    """Type-check `node`; with `expect`, the result must have that type."""
    typed = _Checker(scope).node(node, frozenset())
    if expect is not None:
        typed = conform(typed, expect)
    return typed


def conform(typed: TypedNode, expect: Type) -> TypedNode:
    """`typed` as a value of type `expect` (numeric literals adopt it), or ExprTypeError."""
    if typed.numeric_literal and expect.kind in NUMERIC:
        if expect.kind == "int" and typed.type.kind != "int":
            raise ExprTypeError("expected a whole number", typed.offset, typed.length)
        return TypedNode(
            typed.op,
            non_null(expect),
            typed.offset,
            typed.length,
            typed.value,
            typed.args,
            numeric_literal=True,
        )
    if typed.type.kind == "null" and expect.nullable:
        return typed
    if typed.type.kind == expect.kind and (expect.kind != "list"):
        if typed.type.nullable and not expect.nullable:
            raise ExprTypeError(
                f"this may be null, but {expect.describe()} is expected; check it with '!= null' "
                "or use coalesce()",
                typed.offset,
                typed.length,
            )
        return typed
    if expect.kind == "number" and typed.type.kind == "int":
        return typed
    raise ExprTypeError(
        f"expected {expect.describe()}, got {typed.type.describe()}", typed.offset, typed.length
    )


def unify_numeric(a: TypedNode, b: TypedNode, offset: int, what: str) -> Type:
    """The common type of two numeric operands, literals adopting the other side's type."""
    if a.numeric_literal and b.numeric_literal:
        return INT if a.type.kind == b.type.kind == "int" else NUMBER
    if a.numeric_literal:
        return non_null(b.type)
    if b.numeric_literal:
        return non_null(a.type)
    ka, kb = a.type.kind, b.type.kind
    if ka == kb:
        return non_null(a.type)
    if {ka, kb} == {"int", "number"}:
        return NUMBER
    raise ExprTypeError(f"cannot {what} {a.type.describe()} and {b.type.describe()}", offset)


class _Checker:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def node(self, node: Node, narrowed: frozenset[Path]) -> TypedNode:
        if isinstance(node, Literal):
            return self.literal(node)
        if isinstance(node, Name):
            return self.name(node, narrowed)
        if isinstance(node, ListLiteral):
            return self.list_literal(node, narrowed)
        if isinstance(node, Unary):
            return self.unary(node, narrowed)
        if isinstance(node, Binary):
            return self.binary(node, narrowed)
        if isinstance(node, Call):
            return self.call(node, narrowed)
        raise ExprTypeError("unsupported expression", node.offset, node.length)

    def literal(self, node: Literal) -> TypedNode:
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

    def name(self, node: Name, narrowed: frozenset[Path]) -> TypedNode:
        head = node.parts[0]
        if head == "params":
            ident = ".".join(node.parts[1:])
            if not ident:
                raise ExprTypeError("name a parameter: params.<id>", node.offset, node.length)
            if ident not in self.scope.params:
                raise ExprTypeError(
                    f"unknown parameter {ident!r}",
                    node.offsets[1],
                    node.offset + node.length - node.offsets[1],
                    hint=did_you_mean(ident, set(self.scope.params)),
                )
            return TypedNode("param", self.scope.params[ident], node.offset, node.length, ident)
        record = self.scope.bindings.get(head)
        if record is None:
            raise ExprTypeError(
                f"unknown name {head!r}",
                node.offset,
                len(head),
                hint=did_you_mean(head, [*self.scope.bindings, "params"])
                or f"bindings here: {', '.join(self.scope.bindings) or 'none'}",
            )
        if len(node.parts) == 1:
            example = next(iter(record.fields), "field")
            raise ExprTypeError(
                f"{head!r} is a {record.name}; name one of its fields, e.g. {head}.{example}",
                node.offset,
                node.length,
            )
        field = node.parts[1]
        if field not in record.fields:
            raise ExprTypeError(
                f"{record.name} has no field {field!r}",
                node.offsets[1],
                len(field),
                hint=did_you_mean(field, set(record.fields)),
            )
        field_type = record.fields[field]
        if len(node.parts) > 2:
            raise ExprTypeError(
                f"{head}.{field} is {field_type.describe()}, which has no fields",
                node.offsets[2],
                len(node.parts[2]),
            )
        if (head, field) in narrowed:
            field_type = non_null(field_type)
        return TypedNode("field", field_type, node.offset, node.length, (head, field))

    def list_literal(self, node: ListLiteral, narrowed: frozenset[Path]) -> TypedNode:
        items = tuple(self.node(item, narrowed) for item in node.items)
        if not items:
            raise ExprTypeError("an empty list has no type here", node.offset, node.length)
        first = items[0]
        for item in items[1:]:
            if item.type.kind != first.type.kind and not (
                item.numeric_literal and first.numeric_literal
            ):
                raise ExprTypeError(
                    f"list items differ: {first.type.describe()} and {item.type.describe()}",
                    item.offset,
                    item.length,
                )
        item_type = NUMBER if first.numeric_literal else non_null(first.type)
        return TypedNode("list", list_of(item_type), node.offset, node.length, None, items)

    def unary(self, node: Unary, narrowed: frozenset[Path]) -> TypedNode:
        operand = self.node(node.operand, narrowed)
        if node.op == "not":
            self.need_bool(operand, "not")
            return TypedNode("not", BOOL, node.offset, node.length, None, (operand,))
        if operand.type.kind not in NUMERIC and not operand.numeric_literal:
            raise ExprTypeError(
                f"cannot negate {operand.type.describe()}", operand.offset, operand.length
            )
        self.need_non_null(operand)
        value = -operand.value if operand.numeric_literal and operand.op == "lit" else None
        if value is not None:
            return TypedNode(
                "lit", operand.type, node.offset, node.length, value, numeric_literal=True
            )
        return TypedNode("neg", operand.type, node.offset, node.length, None, (operand,))

    def need_bool(self, typed: TypedNode, where: str) -> None:
        if typed.type.kind != "bool":
            raise ExprTypeError(
                f"'{where}' needs true/false, got {typed.type.describe()}",
                typed.offset,
                typed.length,
            )
        self.need_non_null(typed)

    def need_non_null(self, typed: TypedNode) -> None:
        if typed.type.nullable:
            name = _path_text(typed)
            raise ExprTypeError(
                f"{name} may be null here; check `{name} != null and ...` first",
                typed.offset,
                typed.length,
            )

    def binary(self, node: Binary, narrowed: frozenset[Path]) -> TypedNode:
        op = node.op
        if op in ("and", "or"):
            left = self.node(node.left, narrowed)
            self.need_bool(left, op)
            extra = _narrowing(node.left, op)
            right = self.node(node.right, narrowed | extra)
            self.need_bool(right, op)
            return TypedNode(op, BOOL, node.offset, node.length, None, (left, right))
        left = self.node(node.left, narrowed)
        right = self.node(node.right, narrowed)
        if op in ("==", "!="):
            return self.equality(node, left, right)
        if op in ("<", "<=", ">", ">="):
            return self.ordering(node, left, right)
        if op in ("in", "not in"):
            return self.membership(node, left, right)
        return self.arithmetic(node, left, right)

    def equality(self, node: Binary, left: TypedNode, right: TypedNode) -> TypedNode:
        if left.type.kind == "null" or right.type.kind == "null":
            return TypedNode("cmp", BOOL, node.offset, node.length, node.op, (left, right))
        self.comparable(node, left, right)
        self.check_choice(left, right)
        self.check_choice(right, left)
        return TypedNode("cmp", BOOL, node.offset, node.length, node.op, (left, right))

    def comparable(self, node: Binary, left: TypedNode, right: TypedNode) -> None:
        kinds = {left.type.kind, right.type.kind}
        if left.numeric_literal or right.numeric_literal:
            other = right if left.numeric_literal else left
            if other.type.kind in NUMERIC:
                return
        elif len(kinds) == 1 or kinds == {"int", "number"}:
            return
        hint = (
            "use date_of() to compare a datetime with a date"
            if kinds == {"date", "datetime"}
            else None
        )
        raise ExprTypeError(
            f"cannot compare {left.type.describe()} with {right.type.describe()}",
            node.op_offset,
            len(node.op),
            hint=hint,
        )

    def check_choice(self, field: TypedNode, literal: TypedNode) -> None:
        choices = field.type.choices
        if choices is None or literal.op != "lit" or not isinstance(literal.value, str):
            return
        if literal.value not in choices:
            raise ExprTypeError(
                f"{literal.value!r} is not one of {', '.join(repr(c) for c in sorted(choices))}",
                literal.offset,
                literal.length,
                hint=did_you_mean(literal.value, choices),
            )

    def ordering(self, node: Binary, left: TypedNode, right: TypedNode) -> TypedNode:
        self.need_non_null(left)
        self.need_non_null(right)
        self.comparable(node, left, right)
        if left.type.kind in ("text", "bool", "period", "list"):
            raise ExprTypeError(
                f"{left.type.describe()} values are not ordered; use == or !=",
                node.op_offset,
                len(node.op),
            )
        return TypedNode("cmp", BOOL, node.offset, node.length, node.op, (left, right))

    def membership(self, node: Binary, left: TypedNode, right: TypedNode) -> TypedNode:
        if right.type.kind != "list" or right.type.item is None:
            raise ExprTypeError(
                f"'{node.op}' needs a list on its right, got {right.type.describe()}",
                right.offset,
                right.length,
            )
        self.need_non_null(left)
        item = right.type.item
        item_node = TypedNode(
            "lit",
            item,
            right.offset,
            right.length,
            None,
            numeric_literal=item.kind == "number"
            and right.op == "list"
            and all(a.numeric_literal for a in right.args),
        )
        fake = Binary(node.offset, node.length, "==", node.left, node.right, node.op_offset)
        self.comparable(fake, left, item_node)
        if right.op == "list":
            for element in right.args:
                self.check_choice(left, element)
        elif item.choices is not None:
            self.check_choice(TypedNode("field", item, right.offset, right.length), left)
        op = "in" if node.op == "in" else "not in"
        return TypedNode("in", BOOL, node.offset, node.length, op, (left, right))

    def arithmetic(self, node: Binary, left: TypedNode, right: TypedNode) -> TypedNode:
        op = node.op
        self.need_non_null(left)
        self.need_non_null(right)
        lk, rk = left.type.kind, right.type.kind
        numeric_left = lk in NUMERIC or left.numeric_literal
        numeric_right = rk in NUMERIC or right.numeric_literal
        result: Type | None = None
        mode = "number"
        if op in ("+", "-") and lk in ("date", "datetime") and rk == "period":
            result, mode = left.type, "date" + op
        elif op == "+" and lk == "period" and rk in ("date", "datetime"):
            result, mode = right.type, "date+r"
        elif op == "+" and lk == rk == "period":
            result, mode = left.type, "period+"
        elif numeric_left and numeric_right:
            result = self.numeric_result(node, left, right)
            if op == "/" and result.kind == "int":
                result = NUMBER
            mode = "int" if result.kind == "int" else "number"
        elif lk in ("date", "datetime") and rk in ("date", "datetime") and op == "-":
            raise ExprTypeError(
                "dates do not subtract; use days_between(a, b)", node.op_offset, len(op)
            )
        if result is None:
            raise ExprTypeError(
                f"cannot {_verb(op)} {left.type.describe()} and {right.type.describe()}",
                node.op_offset,
                len(op),
            )
        literal = left.numeric_literal and right.numeric_literal
        return TypedNode(
            "arith",
            result,
            node.offset,
            node.length,
            (op, mode),
            (left, right),
            numeric_literal=literal,
        )

    def numeric_result(self, node: Binary, left: TypedNode, right: TypedNode) -> Type:
        op = node.op
        lk = "lit" if left.numeric_literal else left.type.kind
        rk = "lit" if right.numeric_literal else right.type.kind
        if op in ("+", "-"):
            return unify_numeric(left, right, node.op_offset, _verb(op))
        if op == "*":
            if lk == rk == "money":
                raise ExprTypeError("cannot multiply money by money", node.op_offset, 1)
            if "money" in (lk, rk):
                return MONEY
            return unify_numeric(left, right, node.op_offset, "multiply")
        # division
        if rk == "money" and lk != "money":
            raise ExprTypeError(f"cannot divide {left.type.describe()} by money", node.op_offset, 1)
        if lk == "money":
            return NUMBER if rk == "money" else MONEY
        return unify_numeric(left, right, node.op_offset, "divide")

    def call(self, node: Call, narrowed: frozenset[Path]) -> TypedNode:
        function = FUNCTIONS.get(node.name)
        if function is None:
            raise ExprTypeError(
                f"unknown function {node.name!r}",
                node.offset,
                len(node.name),
                hint=did_you_mean(node.name, set(FUNCTIONS))
                or f"functions: {', '.join(sorted(FUNCTIONS))}",
            )
        args = tuple(self.node(arg, narrowed) for arg in node.args)
        result = function.check(args, node.offset)
        return TypedNode("call", result, node.offset, node.length, node.name, args)


def _verb(op: str) -> str:
    return {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}.get(op, op)


def _path_text(typed: TypedNode) -> str:
    if typed.op == "field":
        return ".".join(typed.value)
    return "this value"


def _narrowing(node: Node, op: str) -> frozenset[Path]:
    """Fields known non-null on the right of `node and ...` / `node or ...`."""
    wanted = "!=" if op == "and" else "=="
    found: set[Path] = set()

    def visit(n: Node, positive: bool) -> None:
        if isinstance(n, Unary) and n.op == "not":
            visit(n.operand, not positive)
            return
        if isinstance(n, Binary) and n.op == op and positive:
            visit(n.left, positive)
            visit(n.right, positive)
            return
        if isinstance(n, Binary) and n.op in ("==", "!="):
            effective = n.op if positive else ("==" if n.op == "!=" else "!=")
            if effective != wanted:
                return
            for a, b in ((n.left, n.right), (n.right, n.left)):
                if (
                    isinstance(b, Literal)
                    and b.value is None
                    and isinstance(a, Name)
                    and len(a.parts) == 2
                ):
                    found.add((a.parts[0], a.parts[1]))

    visit(node, True)
    return frozenset(found)
