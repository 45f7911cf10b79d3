"""Event models by topic; `mktpolicy.events.registry` lists them all.

Import the models from `mktpolicy.events`; these modules are internal.
"""

__all__: list[str] = []
