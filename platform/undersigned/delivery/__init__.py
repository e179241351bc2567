"""Delivery channels: what happens after a signature is confirmed. Each channel is a folder that
carries what it needs (routes, templates, CLI commands, capabilities); the core asks the channel
and never compares its name. The core's own: ``email``, ``self_submit``, ``joint``."""
