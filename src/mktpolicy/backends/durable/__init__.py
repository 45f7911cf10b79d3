"""The durable_rules backend (optional: pip install 'mktpolicy[durable]')."""

from mktpolicy.backends.durable.adapter import DurableBackend

__all__ = ["DurableBackend"]
