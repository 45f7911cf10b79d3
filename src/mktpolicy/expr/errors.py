"""Errors of the condition language, with character offsets into the expression text."""

from __future__ import annotations

from mktpolicy.errors import PolicyError


class ExprError(PolicyError):
    """An expression, on its own, that is wrong; `offset` and `length` point into its text."""

    def __init__(self, message: str, offset: int, length: int = 1, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.length = max(length, 1)
        self.hint = hint


class ExprSyntaxError(ExprError):
    """The text is not an expression: the offset points at the first bad token."""


class ExprTypeError(ExprError):
    """The expression is well formed but its types do not fit (a date compared with money)."""
