"""What makes the Lambda init (skill/lambda_function.py) cheaper without changing what it builds.

Two things, both used only while the Lambda entry is imported, both measured by `make bench` (bench/cold_start.py):

1. defer_unused_services(): ask-sdk-model's ServiceClientFactory imports all eleven of its service clients with
   their models (a third of the SDK's import time); the skill calls four (time zone, address, timers, reminders).
   The seven it never calls, and the Display templates ask-sdk-core imports for helpers the skill never calls, are
   left as stand-ins that import the real package the moment anything touches them (a class used, an attribute
   read, a submodule imported), so nothing can behave differently; they only are not imported for nothing. The
   Reminders API's package is deferred the same way: only a reminder request uses it (LATER).
2. compiled_exec(): every dataclass costs about a millisecond on python3.12 to import, most of it compiling the
   source of the methods it generates (`exec` of a string, in dataclasses._create_fn). `make package` records
   those sources with their compiled code (CODE_CACHE, marshal, the runtime's Python) and the init runs the same
   code objects instead of compiling the same text again. Keyed by the whole source text, so a dataclass whose
   fields changed is just compiled as before; the code is what `exec(text)` compiles (same flags, same name).
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import importlib.machinery
import marshal
import sys
import threading
import types
from pathlib import Path

CODE_CACHE = Path(__file__).with_name("coldstart.bin")   # written into the Lambda zip by deploy/finish_zip.py

# SDK packages the skill never uses, with the names other SDK modules import from them at once. The services are
# ask_sdk_model.services.<package> and the client each holds: the skill calls none of these (a test checks every
# get_*_service the skill calls is not here); skill/locality.py uses ups and device_address, skill/timers.py
# timer_management, skill/reminders.py reminder_management. Display (the Echo Show's old templates) is imported by
# ask_sdk_core.response_helper for its text-content helpers, which the skill never calls (it renders with
# skill/render.py).
SDK = "ask_sdk_model"
SERVICES = "ask_sdk_model.services"
UNUSED = {
    f"{SERVICES}.datastore": ("DatastoreServiceClient",),
    f"{SERVICES}.directive": ("DirectiveServiceClient",),
    f"{SERVICES}.endpoint_enumeration": ("EndpointEnumerationServiceClient",),
    f"{SERVICES}.list_management": ("ListManagementServiceClient",),
    f"{SERVICES}.monetization": ("MonetizationServiceClient",),
    f"{SERVICES}.proactive_events": ("ProactiveEventsServiceClient",),
    f"{SERVICES}.skill_messaging": ("SkillMessagingServiceClient",),
    f"{SDK}.interfaces.display": ("PlainText", "RichText", "TextContent"),
}
# SDK packages the skill uses, but only when a person asks for it, never at a launch and never on the way to safety
# advice: the Reminders API (skill/reminders.py: set, list or cancel a reminder, or yes to the check-in offer), a
# request that makes an HTTPS call to Alexa anyway. Imported by the first such request of a Lambda instance instead
# of by every cold start. (The Timers API stays in the init: a symptom's advice may read Alexa's timers first.)
LATER = {
    f"{SERVICES}.reminder_management": ("ReminderManagementServiceClient",),
}
DEFERRED = {**UNUSED, **LATER}
_real_lock = threading.RLock()


class DeferredPackage(types.ModuleType):
    """Stands in for an SDK service package until something uses it; then the real package is imported, takes its
    place in sys.modules and on its parent package, and answers."""

    def __init__(self, name: str, names: tuple[str, ...], path: list[str]):
        super().__init__(name, f"not imported yet: {name} (skill/coldstart.py)")
        # A package: `from .datastore import DatastoreServiceClient` finds the name here, and a submodule
        # (ask_sdk_model.services.datastore.v1) is found where the real package's are.
        self.__path__ = path
        for class_name in names:
            setattr(self, class_name, self._maker(class_name))

    def _maker(self, class_name: str):
        def make(*args, **kwargs):   # what the SDK does with the name (ServiceClientFactory, response_helper)
            return getattr(self.real(), class_name)(*args, **kwargs)

        make.__name__ = make.__qualname__ = class_name
        return make

    def real(self) -> types.ModuleType:
        """The real package, imported now if it was not yet."""
        name = self.__name__
        with _real_lock:
            if sys.modules.get(name) is self:
                del sys.modules[name]
                try:
                    module = importlib.import_module(name)
                except BaseException:
                    sys.modules[name] = self   # as it was: the next use tries again
                    raise
                parent, _, child = name.rpartition(".")
                setattr(sys.modules[parent], child, module)
                self.__dict__.update(module.__dict__)   # a reference kept to the stand-in sees the real names
            return sys.modules[name]

    def __getattr__(self, attribute):   # anything but the client's name (and module basics): the real package's
        return getattr(self.real(), attribute)


def defer_unused_services() -> list[str]:
    """Put the stand-ins in place, unless the SDK is already imported (then nothing is gained and nothing is
    changed). The names deferred."""
    if SDK in sys.modules:
        return []
    sdk = importlib.machinery.PathFinder.find_spec(SDK)   # where it is, not imported
    if sdk is None or not sdk.submodule_search_locations:
        return []
    deferred = []
    for name, names in DEFERRED.items():
        path = Path(sdk.submodule_search_locations[0], *name.split(".")[1:])
        if name not in sys.modules and path.is_dir():
            sys.modules[name] = DeferredPackage(name, names, [str(path)])
            deferred.append(name)
    return deferred


_compiled: dict[str, types.CodeType] = {}   # source text -> code, from CODE_CACHE and from what compiled_exec saw


def _load_cache(path: Path) -> None:
    """CODE_CACHE into _compiled when it was written by this very Python (marshal and bytecode are per version)."""
    try:
        data = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return
    if isinstance(data, dict) and data.get("python") == _python_tag() and isinstance(data.get("code"), dict):
        _compiled.update(data["code"])


def _python_tag() -> str:
    return f"{sys.implementation.cache_tag}:{sys.version}"


def _exec(source, globals=None, locals=None, /):
    """exec() for dataclasses: a source text already compiled runs its code object; anything else as exec does."""
    if globals is None:   # exec's own default (the caller's namespaces); dataclasses always passes its globals
        caller = sys._getframe(1)
        globals, locals = caller.f_globals, caller.f_locals if locals is None else locals
    if isinstance(source, str):
        code = _compiled.get(source)
        if code is None:   # what exec(source) compiles: no __future__ flags of this module (dont_inherit)
            code = _compiled[source] = compile(source, "<string>", "exec", dont_inherit=True)
        source = code
    return builtins.exec(source, globals, locals)


@contextlib.contextmanager
def compiled_exec(cache: Path | None = None):
    """While inside: dataclasses compiles each generated method's source once per process, reusing the code in
    CACHE (default CODE_CACHE) when it holds that source. Restores dataclasses as it was on the way out."""
    import dataclasses

    if not _compiled:
        _load_cache(cache or CODE_CACHE)
    had = "exec" in vars(dataclasses)
    if not had:
        dataclasses.exec = _exec   # a module global shadows the builtin for dataclasses' own exec() call
    try:
        yield
    finally:
        if not had:
            del dataclasses.exec


def write_cache(target: Path = CODE_CACHE) -> int:
    """`make package` (deploy/finish_zip.py), inside the unpacked zip with the runtime's Python: run the Lambda
    init (dev mode, a throwaway SQLite file) and save every source compiled_exec saw with its code. The number."""
    import os
    import tempfile

    target.unlink(missing_ok=True)   # recorded afresh, from what this init compiles
    with tempfile.TemporaryDirectory() as work:
        os.environ.setdefault("SPASM_LAMBDA_DEV", "1")
        os.environ["SPASM_DB_PATH"] = str(Path(work, "init.sqlite3"))
        os.environ["SPASM_STORE"] = "sqlite"
        importlib.import_module("skill.lambda_function")
    target.write_bytes(marshal.dumps({"python": _python_tag(), "code": dict(sorted(_compiled.items()))}))
    return len(_compiled)
