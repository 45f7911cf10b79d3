"""The native backend: compiled closures and a forward-chaining agenda per employee."""

from mktpolicy.backends.native.agenda import NativeBackend

__all__ = ["NativeBackend"]
