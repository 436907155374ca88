"""The Lambda init's two savings (skill/coldstart.py) change nothing the skill does: SDK service clients the skill
never calls are imported when first used, and the dataclass methods compiled at packaging are the same code."""

import dataclasses
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import SKILL_ID, make_envelope

from skill import coldstart

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str, env: dict | None = None, stdin: str = "") -> str:
    base = {k: v for k, v in os.environ.items() if k not in ("ALEXA_SKILL_ID", "SPASM_LAMBDA_DEV")}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, input=stdin,
                            env={**base, "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_skill_calls_no_service_client_that_is_deferred_but_the_reminders_one_from_its_capability():
    """Every get_<service>_service the skill's code calls, and every SDK service package it imports, is imported
    as usual (deferring it would only move its import into a request), except the Reminders API's, which only
    skill/reminders.py uses (a reminder request, never a launch or the way to safety advice)."""
    used: dict[str, set] = {}
    for path in (ROOT / "skill").rglob("*.py"):
        if path.name == "coldstart.py":     # the list itself
            continue
        text = path.read_text()
        for name in re.findall(r"get_(\w+?)_service\(", text) + re.findall(r"ask_sdk_model\.services\.(\w+)", text):
            used.setdefault(f"{coldstart.SERVICES}.{name}", set()).add(path.relative_to(ROOT).as_posix())
    assert {f"{coldstart.SERVICES}.{n}" for n in ("ups", "device_address", "timer_management")} <= set(used)
    assert not set(used) & set(coldstart.UNUSED)
    assert {name: used.get(name) for name in coldstart.LATER} == {
        f"{coldstart.SERVICES}.reminder_management": {"skill/reminders.py"}}
    for path in [*(ROOT / "skill").rglob("*.py"), *(ROOT / "content").rglob("*.py")]:
        if path.name != "coldstart.py":
            assert not any(name in path.read_text() for name in coldstart.UNUSED), path


def test_a_deferred_service_client_is_the_real_one_the_moment_it_is_used():
    code = """
import sys
from skill import coldstart
deferred = coldstart.defer_unused_services()
from ask_sdk_core.skill import CustomSkill          # what imports the SDK's services
from ask_sdk_model.services import ServiceClientFactory, ApiConfiguration
from ask_sdk_core.serialize import DefaultSerializer
loaded = lambda name: type(sys.modules[name]).__name__ == "module"
print(len(deferred), any(loaded(name) for name in deferred),
      "ask_sdk_model.services.monetization.monetization_service_client" in sys.modules)
factory = ServiceClientFactory(ApiConfiguration(serializer=DefaultSerializer(), api_client=None,
                                                authorization_value="token", api_endpoint="https://api.example"))
client = factory.get_monetization_service()
from ask_sdk_model.services.monetization.monetization_service_client import MonetizationServiceClient
print(type(client) is MonetizationServiceClient, loaded("ask_sdk_model.services.monetization"),
      loaded("ask_sdk_model.services.list_management"))
from ask_sdk_core.response_helper import get_plain_text_content        # Display: deferred too
content = get_plain_text_content(primary_text="hi")
from ask_sdk_model.interfaces.display import TextContent, PlainText
print(type(content) is TextContent, type(content.primary_text) is PlainText, loaded("ask_sdk_model.interfaces.display"))
import ask_sdk_model.services.list_management.list_state as state    # a submodule: the real one
from ask_sdk_model.services.list_management import ListManagementServiceClient, ListState
print(state.ListState is ListState, isinstance(ListManagementServiceClient, type),
      loaded("ask_sdk_model.services.list_management"))
"""
    lines = _python(code).split("\n")
    assert lines[0].split() == [str(len(coldstart.DEFERRED)), "False", "False"]   # nothing imported yet
    assert lines[1].split() == ["True", "True", "False"]    # the real client; only the package that was used
    assert lines[2].split() == ["True", "True", "True"]    # the helper's classes are the real ones
    assert lines[3].split() == ["True", "True", "True"]


def test_nothing_is_deferred_once_the_sdk_services_are_imported():
    code = ("import sys, ask_sdk_core.skill; from skill import coldstart; "
            "print(coldstart.defer_unused_services(), type(sys.modules['ask_sdk_model.services.datastore']).__name__)")
    assert _python(code).split() == ["[]", "module"]     # imported as usual when asked for


def _methods(cls) -> dict:
    return {name: (function.__code__.co_code, function.__code__.co_consts, function.__annotations__)
            for name, function in vars(cls).items() if callable(function) and hasattr(function, "__code__")}


def test_a_dataclass_made_with_compiled_methods_is_the_same_dataclass(tmp_path):
    def make():
        @dataclasses.dataclass(frozen=True)
        class Point:
            x: int
            y: tuple = dataclasses.field(default_factory=tuple)
            label: str = "p"
        return Point

    plain = make()
    with coldstart.compiled_exec(tmp_path / "none.bin"):     # compiles each source once, keeps the code
        first = make()
        again = make()                                       # the same sources: the kept code objects
    assert _methods(plain) == _methods(first) == _methods(again)
    point = again(1)
    assert point == again(1, (), "p") and hash(point) == hash(again(1, (), "p")) and repr(point) == repr(plain(1))
    try:
        point.x = 2
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("a frozen dataclass took an assignment")
    assert "exec" not in vars(dataclasses)                   # dataclasses as it was, outside


def test_the_packaged_cache_leaves_nothing_to_compile_at_init_and_is_ignored_by_another_python(tmp_path):
    cache = tmp_path / "coldstart.bin"
    env = {"SPASM_DB_PATH": str(tmp_path / "init.sqlite3")}
    count = int(_python(f"from pathlib import Path; from skill import coldstart; "
                        f"print(coldstart.write_cache(Path({str(cache)!r})))", env).split()[-1])
    assert count > 20                                        # the init's dataclasses: a few methods each
    run = """
import json, sys
from pathlib import Path
from skill import coldstart
coldstart.CODE_CACHE = Path(sys.argv[1])
compiled = []
real_compile = compile
def counting(source, *args, **kwargs):
    compiled.append(source)
    return real_compile(source, *args, **kwargs)
coldstart.compile = counting                                 # what coldstart compiles on a miss
import skill.lambda_function as lf
answer = lf.handler(json.loads(sys.stdin.read()), None)
print(json.dumps({"compiled": len(compiled), "speech": answer["response"]["outputSpeech"]["ssml"]}))
"""
    launch = json.dumps(make_envelope())
    env = {**env, "ALEXA_SKILL_ID": SKILL_ID}
    warm = json.loads(_python(run.replace("sys.argv[1]", repr(str(cache))), env, launch).splitlines()[-1])
    assert warm["compiled"] == 0 and "Spasm Coach" in warm["speech"]
    record = coldstart.marshal.loads(cache.read_bytes())
    record["python"] = "another python"
    cache.write_bytes(coldstart.marshal.dumps(record))
    env["SPASM_DB_PATH"] = str(tmp_path / "another.sqlite3")    # a first launch again: the same welcome
    other = json.loads(_python(run.replace("sys.argv[1]", repr(str(cache))), env, launch).splitlines()[-1])
    assert other["compiled"] == count and "Spasm Coach" in other["speech"]


def test_a_request_type_whose_model_is_in_a_deferred_package_is_answered_as_without_deferring(tmp_path):
    """AlexaHouseholdListEvent.* requests are classes of ask_sdk_model.services.list_management (deferred): the
    Lambda answers them exactly as when the SDK's services were all imported first."""
    event = make_envelope("AlexaHouseholdListEvent.ItemsCreated", new=False,
                          extra_request={"body": {"listId": "list", "listItemIds": ["item"]},
                                         "eventCreationTime": "2026-01-01T00:00:00Z",
                                         "eventPublishingTime": "2026-01-01T00:00:01Z"})
    del event["session"]                                 # a skill event: no session
    run = """
import json, sys
{first}
import skill.lambda_function as lf
answer = lf.handler(json.loads(sys.stdin.read()), None)
kind = type(sys.modules["ask_sdk_model.services.list_management"]).__name__
print(json.dumps({{"answer": answer, "package": kind}}))
"""
    env = {"ALEXA_SKILL_ID": SKILL_ID, "SPASM_DB_PATH": str(tmp_path / "l.sqlite3")}
    deferred = json.loads(_python(run.format(first=""), env, json.dumps(event)).splitlines()[-1])
    eager = json.loads(_python(run.format(first="import ask_sdk_core.skill"), env,
                               json.dumps(event)).splitlines()[-1])
    assert deferred["package"] == "DeferredPackage" and eager["package"] == "module"
    assert deferred["answer"] == eager["answer"]
    assert deferred["answer"]["response"] == {}          # the skill's answer to an event it does not handle


def test_a_launch_and_a_help_leave_the_deferred_packages_unimported(tmp_path):
    """What the cold-start figure counts on: the Lambda's init, a LaunchRequest and a HelpIntent import none of the
    deferred packages (a new import of one of them from the skill would put its ~10-40 modules back into every
    cold start)."""
    code = """
import json, sys
import skill.lambda_function as lf
from skill import coldstart
for event in json.loads(sys.stdin.read()):
    lf.handler(event, None)
print(" ".join(name for name in coldstart.DEFERRED if type(sys.modules.get(name)).__name__ != "DeferredPackage")
      or "none")
"""
    events = [make_envelope(), make_envelope("IntentRequest", intent="AMAZON.HelpIntent", new=False)]
    env = {"ALEXA_SKILL_ID": SKILL_ID, "SPASM_DB_PATH": str(tmp_path / "l.sqlite3")}
    assert _python(code, env, json.dumps(events)).split()[-1] == "none"


def test_a_reminder_request_uses_the_real_reminders_client_and_answers_as_without_deferring(tmp_path):
    """The Reminders API's package (coldstart.LATER) is imported by the first reminder request: the answer (here the
    API is a closed port, so the person hears that reminders are unavailable) is the one the eager SDK gives."""
    from skill.reminders import REMINDER_SCOPE

    event = make_envelope("IntentRequest", intent="ListRemindersIntent", new=True)
    event["context"]["System"]["apiEndpoint"] = "https://127.0.0.1:9"          # nothing listens: fails at once
    event["context"]["System"]["user"] = {**event["context"]["System"]["user"],
                                          "permissions": {"scopes": {REMINDER_SCOPE: {"status": "GRANTED"}}}}
    run = """
import json, sys
{first}
import skill.lambda_function as lf
answer = lf.handler(json.loads(sys.stdin.read()), None)
kind = type(sys.modules["ask_sdk_model.services.reminder_management"]).__name__
print(json.dumps({{"speech": answer["response"]["outputSpeech"]["ssml"], "package": kind}}))
"""
    env = {"ALEXA_SKILL_ID": SKILL_ID}
    deferred = json.loads(_python(run.format(first=""), {**env, "SPASM_DB_PATH": str(tmp_path / "a.sqlite3")},
                                  json.dumps(event)).splitlines()[-1])
    eager = json.loads(_python(run.format(first="import ask_sdk_core.skill"),
                               {**env, "SPASM_DB_PATH": str(tmp_path / "b.sqlite3")}, json.dumps(event)).splitlines()[-1])
    assert deferred["package"] == eager["package"] == "module"       # imported by the request itself
    import content

    said = content.get().responses["reminders.unavailable"]["speech"]
    variations = [said] if isinstance(said, str) else list(said)
    for answer in (deferred, eager):                                  # the same line (a clinician may add variations)
        assert any(variation in answer["speech"] for variation in variations), answer
