"""The condition language: parsed, type-checked against record types, compiled to closures.

Never eval'ed: text → tokens → tree (parse) → typed tree (check) → closures (compile_expr).
"""

from mktpolicy.expr.check import Scope, check
from mktpolicy.expr.errors import ExprError, ExprSyntaxError, ExprTypeError
from mktpolicy.expr.functions import FUNCTIONS, latest_start
from mktpolicy.expr.nodes import Node
from mktpolicy.expr.parser import parse
from mktpolicy.expr.references import referenced_fields, referenced_params
from mktpolicy.expr.render import render_value
from mktpolicy.expr.template import (
    Template,
    TypedTemplate,
    check_template,
    compile_template,
    parse_template,
)
from mktpolicy.expr.to_closure import compile_expr
from mktpolicy.expr.typed import TypedNode

__all__ = [
    "FUNCTIONS",
    "ExprError",
    "ExprSyntaxError",
    "ExprTypeError",
    "Node",
    "Scope",
    "Template",
    "TypedNode",
    "TypedTemplate",
    "check",
    "check_template",
    "compile_expr",
    "compile_template",
    "latest_start",
    "parse",
    "parse_template",
    "referenced_fields",
    "referenced_params",
    "render_value",
]
