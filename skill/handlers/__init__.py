"""Intent handlers, grouped by capability; HANDLERS is the one ordered registration list."""
