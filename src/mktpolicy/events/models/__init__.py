"""Event models by topic; `mktpolicy.events.registry` lists them all."""
