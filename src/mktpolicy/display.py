"""Values from the input as messages and reports show them: bounded, and on one line.

An event file is not trusted to be kind to a terminal or a log: a 50 MB field must not be echoed
whole into an error, a SARIF file or stderr, a line break in an id must not forge a line of a
report, and an integer of 5,000 digits cannot even be turned into text by `repr`.

>>> shown("x" * 100, limit=10)
"'xxxxxxxxxx'… (100 characters)"
>>> printable("hr-1\\nemployee E-999")
'hr-1\\\\nemployee E-999'
"""

from __future__ import annotations

import math

LIMIT = 80
"""Characters of a value an error message shows."""


def shown(value: object, limit: int = LIMIT) -> str:
    """`repr(value)`, cut to about `limit` characters, saying how long it was."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
        digits = math.floor(value.bit_length() * math.log10(2)) + 1
        return f"an integer of about {digits:,} digits"
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value):,} characters)"
    try:
        text = repr(value)
    except ValueError:  # an integer too long for text, somewhere inside
        return f"a {type(value).__name__} holding a number too long to show"
    if len(text) > limit:
        return f"{text[: limit - 1]}… ({len(text):,} characters)"
    return text


def printable(text: str) -> str:
    """`text` with every character that is not printable (line breaks, tabs, controls, lone
    surrogates) written as its backslash escape; printable text is returned as it is."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
