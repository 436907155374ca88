"""The one renderer: response keys + parameters -> SSML speech, reprompt and card, within Alexa's limits."""
from __future__ import annotations

import contextvars
import random
import re
import string
from dataclasses import dataclass, field

import content as content_module
from skill.plan import Phrase, Speech


def escape(text: str) -> str:
    """&, < and > as SSML entities (what xml.sax.saxutils.escape does; importing that pulls in urllib.request,
    http.client and ssl, a third of the Lambda cold start's own imports)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

# Alexa's limits (alexa-platform brief §3): speech and card text at most 8,000 characters, <break> at most 10 s.
MAX_SPEECH_CHARS = 8000
MAX_CARD_CHARS = 8000
MAX_BREAK_SECONDS = 10
MAX_HOLD_SECONDS = 120
ALEXA_SSML_TAGS = frozenset({"speak", "break", "audio", "emphasis", "lang", "p", "s", "phoneme", "prosody",
                             "say-as", "sub", "voice", "w", "amazon:domain", "amazon:effect", "amazon:emotion"})
# Keys of the common area the renderer itself speaks.
COUNT_KEY = "common.count"
HOLD_START_KEY = "common.hold.start"
HOLD_END_KEY = "common.hold.end"
LIST_AND_KEY = "common.list.and"
# The renderer's own hold lines go through their variations in order within a response ("Hold." first).
IN_ORDER_KEYS = (HOLD_START_KEY, HOLD_END_KEY)
COUNT_EVERY_SECOND_UP_TO = 10     # longer holds are counted in fives
SPOKEN_COUNT_MS = 400             # roughly how long one counted word takes to say

_BREAK_TIME = re.compile(r"^(\d+)(ms|s)$")
_KEYS: contextvars.ContextVar[tuple[str | None, list[str]] | None] = contextvars.ContextVar(
    "spasm_coach_response_keys", default=None)
_DEFAULT_RNG = random.Random()
# request_attributes[COUNTRY_ATTRIBUTE]: the device's country, put there by skill/locality.py's interceptor.
COUNTRY_ATTRIBUTE = "country"
# request_attributes[COUNTRY_HOOK]: called with handler_input when a Reply is made (the remembered country, once a
# handler has loaded the user's record; skill/locality.py).
COUNTRY_HOOK = "country_hook"
# request_attributes[FIRST_LINE]: a key said before anything else in this request's answer, once (the safety line
# of a first-ever one-shot; skill/handlers/frame.py), unless the answer already gives the emergency number.
FIRST_LINE = "first_line"
# request_attributes[LEAD_LINE]: a key said before anything else in this request's answer, always (the answer to a
# question asked while a routine or timer question is on the table, whose own handler then asks it again;
# skill/handlers/questions.py).
LEAD_LINE = "lead_line"
# session[AUDIENCE]: who is listening when it is not the person in pain ("someone_else": a parent or carer speaking
# for them, skill/handlers/health.py); a line with a form for them (`<key>.someone_else`) is said in that form.
AUDIENCE = "audience"
AUDIENCES = ("someone_else",)           # the listeners a line may have a form for
# The shorter form of a first line said before the screening's first question (it still gives the number).
SCREENING_FORM = {"frame.first.safety": "frame.first.safety.screening"}


class RenderError(Exception):
    """A line could not be rendered: unknown key, missing or unexpected parameter, or an Alexa limit broken."""


# ---------------------------------------------------------------------------------------------------------
# Pure functions (no ask-sdk): text, SSML pieces and checks.
# ---------------------------------------------------------------------------------------------------------

def _entry(content, locale: str | None, key: str) -> dict:
    try:
        return content.entry(key, locale)
    except KeyError:
        raise RenderError(f"unknown response key {key!r} (add it to content/data/responses/)") from None


def _fill(key: str, text: str, entry: dict, values: dict) -> str:
    """Fill {placeholders} from VALUES; a missing one is a RenderError naming the key."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(literal)
        if name is None:
            continue
        if name not in values:
            raise RenderError(f"{key}: no value for {{{name}}} (pass it as a parameter; params: "
                              f"{entry.get('params', [])})")
        out.append(str(values[name]))
    return "".join(out)


def _check_params(content, locale, key: str, entry: dict, params: dict, country: str | None = None) -> dict:
    declared = set(entry.get("params", []))
    unexpected = set(params) - declared
    if unexpected:
        raise RenderError(f"{key}: unexpected parameter(s) {sorted(unexpected)}; declared params: {sorted(declared)}")
    for name, value in params.items():
        if value is None or not isinstance(value, (str, int, float)) or isinstance(value, bool):
            raise RenderError(f"{key}: parameter {name!r} must be text or a number, got {value!r}")
    missing = declared - set(params)
    if missing:
        raise RenderError(f"{key}: missing parameter(s) {sorted(missing)}")
    values = content.locale_params(locale, country)
    values.update(params)
    return values


def pick(variations, rng: random.Random | None = None) -> str:
    """One variation of a line (a string is its own only variation)."""
    if isinstance(variations, str):
        return variations
    return (rng or _DEFAULT_RNG).choice(list(variations))


def render_text(content, locale: str | None, key: str, params: dict | None = None,
                rng: random.Random | None = None, part: str = "speech", country: str | None = None,
                choose=None) -> str:
    """Plain text of one part of an entry: speech (a variation), reprompt (falls back to speech), card.title, card.text.
    COUNTRY (skill/locality.py), when known, gives the emergency number and same-day route instead of the locale.
    CHOOSE(key, variations) -> one of them, when given, picks the speech variation instead of RNG."""
    entry = _entry(content, locale, key)
    values = _check_params(content, locale, key, entry, dict(params or {}), country)
    if part == "speech":
        if "speech" not in entry:
            raise RenderError(f"{key}: is a word list, not a spoken line")
        speech = entry["speech"]
        text = choose(key, list(speech)) if choose and not isinstance(speech, str) else pick(speech, rng)
    elif part == "reprompt":
        text = entry.get("reprompt") or pick(entry.get("speech", ""), rng)
        if not text:
            raise RenderError(f"{key}: has no reprompt or speech")
    elif part in ("card.title", "card.text"):
        if "card" not in entry:
            raise RenderError(f"{key}: has no card")
        text = entry["card"][part.split(".", 1)[1]]
    else:
        raise RenderError(f"{key}: unknown part {part!r}")
    return _fill(key, text, entry, values)


def resolve(content, locale: str | None, params: dict, rng: random.Random | None = None,
            country: str | None = None) -> dict:
    """PARAMS with every Phrase value rendered as plain text in LOCALE (nested phrases first; COUNTRY's numbers)."""
    return {name: (render_text(content, locale, value.key, resolve(content, locale, value.params, rng, country), rng,
                               country=country)
                   if isinstance(value, Phrase) else value) for name, value in params.items()}


def join_list(items, and_word: str = "and") -> str:
    """'a', 'a and b', 'a, b, and c'."""
    items = [str(i) for i in items]
    if not items:
        raise RenderError("cannot say an empty list")
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {and_word} {items[1]}"
    return f"{', '.join(items[:-1])}, {and_word} {items[-1]}"


def break_ssml(seconds: float) -> str:
    """A pause as <break> tags of at most 10 s each, chained for longer pauses."""
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds <= 0:
        raise RenderError(f"a pause needs a positive number of seconds, got {seconds!r}")
    remaining = int(round(seconds * 1000))
    tags = []
    while remaining > 0:
        chunk = min(remaining, MAX_BREAK_SECONDS * 1000)
        tags.append(f'<break time="{chunk // 1000}s"/>' if chunk % 1000 == 0 else f'<break time="{chunk}ms"/>')
        remaining -= chunk
    return "".join(tags)


def hold_ssml(content, locale: str | None, seconds: int, rng: random.Random | None = None, choose=None) -> str:
    """A counted hold: "Hold. two. three. ... And relax." one count a second (in fives past ten seconds)."""
    if not isinstance(seconds, int) or isinstance(seconds, bool) or not 1 <= seconds <= MAX_HOLD_SECONDS:
        raise RenderError(f"a hold is a whole number of seconds from 1 to {MAX_HOLD_SECONDS}, got {seconds!r}")
    words = content.words(COUNT_KEY, locale)
    step = 1 if seconds <= COUNT_EVERY_SECOND_UP_TO else 5
    parts = [escape(render_text(content, locale, HOLD_START_KEY, rng=rng, choose=choose))]
    said = 0
    for n in range(step, seconds + 1, step):
        if n == step and step == 1:
            said = 1                      # "Hold" stands for "one"
            continue
        parts.append(break_ssml((n - said) - SPOKEN_COUNT_MS / 1000))
        parts.append(escape(words[n - 1]) if n <= len(words) else str(n))
        said = n
    if seconds > said:
        parts.append(break_ssml(seconds - said))
    parts.append(break_ssml(0.5))
    parts.append(escape(render_text(content, locale, HOLD_END_KEY, rng=rng, choose=choose)))
    return " ".join(parts)


def speak(body: str) -> str:
    """Wrap SSML body text in <speak> and check it; raises RenderError on any Alexa limit."""
    ssml = f"<speak>{body}</speak>"
    check_ssml(ssml)
    return ssml


def check_ssml(ssml: str) -> None:
    """Well-formed XML, only Alexa's tags, breaks of at most 10 s, at most 8,000 characters."""
    if len(ssml) > MAX_SPEECH_CHARS:
        raise RenderError(f"speech is {len(ssml)} characters; Alexa allows {MAX_SPEECH_CHARS}")
    elements = _elements(ssml)
    if elements[0][0] != "speak":
        raise RenderError("speech must be wrapped in <speak>")
    for tag, attrib in elements:
        if tag not in ALEXA_SSML_TAGS:
            raise RenderError(f"<{tag}> is not an SSML tag Alexa supports")
        if tag == "break" and "time" in attrib:
            match = _BREAK_TIME.match(attrib["time"])
            if not match:
                raise RenderError(f"bad break time {attrib['time']!r}")
            ms = int(match.group(1)) * (1000 if match.group(2) == "s" else 1)
            if ms > MAX_BREAK_SECONDS * 1000:
                raise RenderError(f"a <break> is at most {MAX_BREAK_SECONDS} s, got {attrib['time']}")


def _elements(ssml: str) -> list[tuple[str, dict]]:
    """Every element of SSML in document order as (tag, attributes), read as xml.etree.ElementTree.fromstring
    reads it (expat with namespaces, a namespaced tag as "{uri}name") without building a tree, and without
    importing ElementTree (a few ms of every cold start); RenderError when it is not well-formed XML."""
    import pyexpat

    elements: list[tuple[str, dict]] = []
    parser = pyexpat.ParserCreate(None, "}")

    def start(tag, attrib):
        elements.append(("{" + tag if "}" in tag else tag, attrib))

    parser.StartElementHandler = start
    try:
        parser.Parse(ssml, True)
    except pyexpat.ExpatError as exc:
        raise RenderError(f"speech is not well-formed SSML ({exc}): {ssml[:120]}") from None
    return elements


# ---------------------------------------------------------------------------------------------------------
# Composing one response (pure; Reply wraps it for ask-sdk).
# ---------------------------------------------------------------------------------------------------------

@dataclass
class Rendered:
    """One finished response: SSML speech and reprompt (or None), a plain-text card (or None), the keys used."""

    speech: str | None
    reprompt: str | None
    card: tuple[str, str] | None
    keys: list[str]


@dataclass
class Composer:
    """Builds one response from response keys; the API of Reply without the ask-sdk parts."""

    content: object
    locale: str | None = None
    rng: random.Random | None = None
    country: str | None = None          # the device's country when known (skill/locality.py)
    keys: list[str] = field(default_factory=list)
    _speech: list[str] = field(default_factory=list)
    _reprompt: str | None = None
    _reprompt_explicit: bool = False
    _card: tuple[str, str] | None = None
    _card_explicit: bool = False
    _used: dict = field(default_factory=dict)
    audience: str | None = None         # session[AUDIENCE]: a line's form for that listener, when it has one

    def _for_audience(self, key: str) -> str:
        """KEY's form for the audience (`<key>.<audience>`) when the content has one, else KEY."""
        if self.audience:
            form = f"{key}.{self.audience}"
            if form in self.content.responses:
                return form
        return key

    def _choose(self, key: str, variations: list[str]) -> str:
        """A variation of KEY said least so far in this response (so a line said again comes out different,
        and no variation is said twice before every other one has been said once)."""
        counts = self._used.setdefault(key, {})
        fewest = min(counts.get(v, 0) for v in variations)
        least = [v for v in variations if counts.get(v, 0) == fewest]
        text = least[0] if key in IN_ORDER_KEYS else pick(least, self.rng)
        counts[text] = counts.get(text, 0) + 1
        return text

    def _record(self, key: str) -> None:
        """Once per response: a key said and then used again as the reprompt or card is one key."""
        if key not in self.keys:
            self.keys.append(key)

    def say(self, key: str, **params) -> "Composer":
        """Speak KEY; its reprompt becomes the default (the last one said), its card too (the first one)."""
        key = self._for_audience(key)
        params = resolve(self.content, self.locale, params, self.rng, self.country)
        self._speech.append(escape(self._text(key, params, choose=self._choose)))
        entry = _entry(self.content, self.locale, key)
        if "reprompt" in entry and not self._reprompt_explicit:
            self._reprompt = escape(self._text(key, params, "reprompt"))
        if "card" in entry and self._card is None:
            self._card = self._render_card(key, params)
        self._record(key)
        return self

    def say_list(self, key: str, items, **params) -> "Composer":
        """Speak KEY with {items} filled as "a, b, and c"."""
        and_word = self.content.words(LIST_AND_KEY, self.locale)[0]
        return self.say(key, items=join_list(items, and_word), **params)

    def hold(self, seconds: int) -> "Composer":
        self._speech.append(hold_ssml(self.content, self.locale, seconds, self.rng, self._choose))
        return self

    def pause(self, seconds: float) -> "Composer":
        self._speech.append(break_ssml(seconds))
        return self

    def first(self, key: str) -> "Composer":
        """KEY before everything said so far, unless that already gives the emergency number ({emergency}), or
        is the screening (its red-flag questions are the safety path: first, and they end with the number)."""
        number = escape(str(self.content.locale_params(self.locale, self.country).get("emergency") or ""))
        if number and any(number in part for part in self._speech):
            return self
        if any(said.startswith("screening.") for said in self.keys):
            # the screening's own questions are the safety path and end with the number; said before them the line
            # would push the whole screening over its 150 s, so its short form is the reprompt instead: someone
            # who says nothing after this first question hears the number (stop and cancel say it too)
            key = SCREENING_FORM.get(key)
            if key is not None and self._reprompt:
                params = resolve(self.content, self.locale, {}, self.rng, self.country)
                self._reprompt = escape(self._text(key, params, "reprompt"))
                self._record(key)
                self.keys = [key] + [k for k in self.keys if k != key]     # the question stays the last key
            return self
        return self.lead(key)

    def lead(self, key: str) -> "Composer":
        """KEY before everything said so far."""
        said, keys = self._speech, self.keys
        self._speech, self.keys = [], []
        self.say(key)
        self._speech += said
        self.keys += [k for k in keys if k not in self.keys]
        return self

    def reprompt(self, key: str, **params) -> "Composer":
        """Use KEY's reprompt (or its speech) as the reprompt."""
        key = self._for_audience(key)
        params = resolve(self.content, self.locale, params, self.rng, self.country)
        self._reprompt = escape(self._text(key, params, "reprompt"))
        self._reprompt_explicit = True
        self._record(key)
        return self

    def card(self, key: str, **params) -> "Composer":
        """Use KEY's card as the card."""
        key = self._for_audience(key)
        self._card = self._render_card(key, params)
        self._card_explicit = True
        self._record(key)
        return self

    def play(self, speech: Speech) -> "Composer":
        """Carry out SPEECH's operations, reprompt and card (its end and directives are Reply.play's)."""
        for op in speech.ops:
            if op[0] == "say":
                self.say(op[1], **op[2])
            elif op[0] == "list":
                self.say_list(op[1], op[2], **op[3])
            elif op[0] == "hold":
                self.hold(op[1])
            elif op[0] == "pause":
                self.pause(op[1])
            else:
                raise RenderError(f"unknown speech operation {op[0]!r}")
        if speech.reprompt is not None:
            self.reprompt(speech.reprompt[0], **speech.reprompt[1])
        if speech.card is not None:
            self.card(speech.card[0], **speech.card[1])
        return self

    def _render_card(self, key: str, params: dict) -> tuple[str, str]:
        params = resolve(self.content, self.locale, params, self.rng, self.country)
        title = self._text(key, params, "card.title")
        text = self._text(key, params, "card.text")
        if len(title) + len(text) > MAX_CARD_CHARS:
            raise RenderError(f"{key}: card is over {MAX_CARD_CHARS} characters")
        return title, text

    def _text(self, key: str, params: dict, part: str = "speech", choose=None) -> str:
        return render_text(self.content, self.locale, key, params, self.rng, part, self.country, choose=choose)

    def render(self, *, need_reprompt: bool = False) -> Rendered:
        speech = speak(" ".join(self._speech)) if self._speech else None
        reprompt = speak(self._reprompt) if self._reprompt else None
        if need_reprompt and reprompt is None:
            raise RenderError(f"ask() keeps the session open, so it needs a reprompt (keys: {self.keys})")
        return Rendered(speech, reprompt, self._card, list(self.keys))


# ---------------------------------------------------------------------------------------------------------
# Reply: the handlers' API (docs/DESIGN.md "The renderer").
# ---------------------------------------------------------------------------------------------------------

def _request_id(handler_input) -> str | None:
    try:
        return handler_input.request_envelope.request.request_id
    except AttributeError:
        return None


def _collect(request_id: str | None, keys: list[str]) -> None:
    current = _KEYS.get()
    if current is None or current[0] != request_id:
        current = (request_id, [])
        _KEYS.set(current)
    current[1].extend(keys)


def collected_keys() -> list[str]:
    """The response keys rendered in the current context (the webhook runs each request in a fresh one)."""
    current = _KEYS.get()
    return list(current[1]) if current else []


class Reply:
    """reply = Reply(handler_input); reply.say(key, **params) ...; return reply.ask() / tell() / send()."""

    def __init__(self, handler_input, *, content=None, rng: random.Random | None = None):
        self.handler_input = handler_input
        attributes = handler_input.attributes_manager.request_attributes
        request = getattr(handler_input.request_envelope, "request", None)
        self.locale = getattr(request, "locale", None)
        country = attributes.get(COUNTRY_ATTRIBUTE)
        hook = attributes.get(COUNTRY_HOOK)
        if callable(hook):
            try:
                country = hook(handler_input)
            except Exception:  # noqa: BLE001 - the session's decision stands
                pass
        self._composer = Composer(content or attributes.get("content") or content_module.get(), self.locale,
                                  rng or attributes.get("rng"), country)
        session = (handler_input.attributes_manager.session_attributes
                   if getattr(handler_input.request_envelope, "session", None) is not None else None)
        audience = session.get(AUDIENCE) if isinstance(session, dict) else None
        self._composer.audience = audience if audience in AUDIENCES else None
        self._directives: list = []

    @property
    def keys(self) -> list[str]:
        return list(self._composer.keys)

    def say(self, key: str, **params) -> "Reply":
        self._composer.say(key, **params)
        return self

    def say_list(self, key: str, items, **params) -> "Reply":
        self._composer.say_list(key, items, **params)
        return self

    def hold(self, seconds: int) -> "Reply":
        self._composer.hold(seconds)
        return self

    def pause(self, seconds: float) -> "Reply":
        self._composer.pause(seconds)
        return self

    def reprompt(self, key: str, **params) -> "Reply":
        self._composer.reprompt(key, **params)
        return self

    def card(self, key: str, **params) -> "Reply":
        self._composer.card(key, **params)
        return self

    def directive(self, directive) -> "Reply":
        self._directives.append(directive)
        return self

    def play(self, speech: Speech):
        """Render SPEECH (a flow's plan) and finish the response the way it says (ask, tell or send)."""
        self._composer.play(speech)
        self._directives.extend(speech.directives)
        if speech.end is None:
            return self.send()
        return self.tell() if speech.end else self.ask()

    def ask(self):
        """Speak and keep the session open (a reprompt is required)."""
        return self._build(self._first().render(need_reprompt=True), end=False)

    def tell(self):
        """Speak and end the session."""
        return self._build(self._first().render(), end=True)

    def send(self):
        """Speech (if any) and directives; shouldEndSession left unset (e.g. for AskFor)."""
        return self._build(self._first().render(), end=None)

    def _first(self) -> Composer:
        """The composer, with the request's LEAD_LINE, then its FIRST_LINE, put first (once a request)."""
        attributes = self.handler_input.attributes_manager.request_attributes
        lead, key = attributes.pop(LEAD_LINE, None), attributes.pop(FIRST_LINE, None)
        if isinstance(lead, str):
            self._composer.lead(lead)
        return self._composer.first(key) if isinstance(key, str) else self._composer

    def _build(self, rendered: Rendered, end: bool | None):
        from ask_sdk_model.ui import SimpleCard

        builder = self.handler_input.response_builder
        if rendered.speech:
            builder.speak(rendered.speech)
        if end is False:
            builder.ask(rendered.reprompt)
        if rendered.card:
            builder.set_card(SimpleCard(title=rendered.card[0], content=rendered.card[1]))
        for directive in self._directives:
            builder.add_directive(directive)
        if end is True:
            builder.set_should_end_session(True)
        attributes = self.handler_input.attributes_manager.request_attributes
        attributes.setdefault("response_keys", []).extend(rendered.keys)
        _collect(_request_id(self.handler_input), rendered.keys)
        return builder.response
