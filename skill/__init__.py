"""Spasm Coach: the Alexa skill service (webhook, verification, handlers, renderer, persistence)."""

__version__ = "0.1.0"
