"""What a flow wants said, as plain data: one Speech type that render.Composer.play turns into a response."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Phrase:
    """A parameter value that is itself a catalogue line ("twelve minutes", "an hour"), rendered in the
    response's locale (or, for a timer's announcement, in each locale) when the line that takes it is."""

    key: str
    params: dict = field(default_factory=dict)


@dataclass
class Speech:
    """One response as operations on the renderer, in order, and how it ends.

    ops: ("say", key, params) | ("list", key, items, params) | ("hold", seconds) | ("pause", seconds).
    end: True ends the session (tell), False keeps it open (ask: a reprompt is required), None leaves
    shouldEndSession unset (send: a directive such as AskFor). A parameter value may be a Phrase.
    """

    ops: list = field(default_factory=list)
    reprompt: tuple | None = None          # (key, params): override the default reprompt
    card: tuple | None = None              # (key, params): override the default card
    directives: list = field(default_factory=list)
    end: bool | None = True

    def say(self, key: str, **params) -> "Speech":
        self.ops.append(("say", key, params))
        return self

    def say_list(self, key: str, items, **params) -> "Speech":
        self.ops.append(("list", key, list(items), params))
        return self

    def hold(self, seconds: int) -> "Speech":
        self.ops.append(("hold", seconds))
        return self

    def pause(self, seconds: float) -> "Speech":
        self.ops.append(("pause", seconds))
        return self

    def directive(self, directive) -> "Speech":
        self.directives.append(directive)
        return self

    def ask(self) -> "Speech":
        self.end = False
        return self

    def tell(self) -> "Speech":
        self.end = True
        return self

    def send(self) -> "Speech":
        self.end = None
        return self

    def keys(self) -> list[str]:
        """The catalogue keys said, in order (what a test of a flow checks)."""
        return [op[1] for op in self.ops if op[0] in ("say", "list")]


@dataclass(frozen=True)
class Leftover:
    """Something unfinished that a capability wants said at launch (a catalogue line), and whether "continue"
    picks it up (the welcome then offers it)."""

    key: str
    params: dict = field(default_factory=dict)
    continues: bool = False
