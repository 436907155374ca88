"""Plain domain logic per capability: pure functions over dicts (session state, stored state, content)."""
