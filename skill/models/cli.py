"""The `spasm-coach models` subcommands: sync, lint, export, test."""

from __future__ import annotations

import os
import sys


def add_command(subparsers) -> None:
    """`models sync [--check]`, `models lint`, `models export DIR [--endpoint URI]`."""
    models = subparsers.add_parser("models", help="interaction models: sync locales, lint, export for ask deploy",
                                   description="Keep the five English models in step, check them, package them.")
    sub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    sync = sub.add_parser("sync", help="regenerate en-GB/CA/AU/IN from en-US and interaction_models/overlays/")
    sync.add_argument("--check", action="store_true", help="write nothing; exit 1 when a locale is out of date")
    sync.set_defaults(func=run_sync)
    lint = sub.add_parser("lint", help="check models and skill.json against Alexa's rules and the skill's handlers")
    lint.set_defaults(func=run_lint)
    export = sub.add_parser("export", help="write an ASK CLI project (skill-package/) to DIR for `ask deploy`")
    export.add_argument("dir", metavar="DIR")
    export.add_argument("--endpoint", default=os.environ.get("SPASM_SKILL_ENDPOINT"),
                        help="https://your.host/ or a Lambda ARN (default $SPASM_SKILL_ENDPOINT)")
    export.add_argument("--ssl-certificate-type", default="Trusted", choices=("Trusted", "Wildcard", "SelfSigned"))
    export.set_defaults(func=run_export)
    test = sub.add_parser("test", help="resolve a labelled set (tests/nlu/test by default) and measure it",
                          description="Intent and slot accuracy, a confusion table per intent, red flags and "
                                      "negatives; exits 1 when a figure (any locale, or all) is under its floor.")
    test.add_argument("files", nargs="*", metavar="FILES", help="YAML files or folders (default tests/nlu/test)")
    test.add_argument("--locale", action="append", help="only sentences of this locale or model (repeatable)")
    test.add_argument("--min-intent", type=float, help="floor for intent accuracy")
    test.add_argument("--min-slot", type=float, help="floor for slot accuracy")
    test.add_argument("--min-red-flag", type=float, help="floor for red flags reaching the screen or emergency")
    test.add_argument("--min-tier1", type=float, help="floor for tier-1 red flags straight to the emergency advice")
    test.add_argument("--min-fallback", type=float, help="floor for negatives answered FallbackIntent")
    test.add_argument("--misses", action="store_true", help="list every miss (tune on dev, never on test)")
    test.add_argument("--json", action="store_true", help="the figures as JSON")
    test.set_defaults(func=run_test)


def run_test(args) -> int:
    from skill.models.evaluate import main
    return main(args)


def run_sync(args) -> int:
    from skill.models.sync import OverlayError, out_of_date, sync
    try:
        if args.check:
            stale = out_of_date()
            for locale in stale:
                print(f"{locale}: out of date; run `spasm-coach models sync`")
            return 1 if stale else 0
        written = sync()
    except (OverlayError, OSError) as error:
        print(f"spasm-coach models sync: {error}", file=sys.stderr)
        return 2
    print("wrote " + ", ".join(written) if written else "all locales up to date")
    return 0


def run_lint(args) -> int:
    from skill.models.project import lint_project
    problems = lint_project()
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "models and manifest: ok", file=sys.stderr)
    return 1 if problems else 0


def run_export(args) -> int:
    from skill.models.export import ExportError, endpoint_for, export, package
    from skill.models.project import lint_project, load_manifest
    try:  # the endpoint first: it is the usual mistake, and cheap to check
        package(load_manifest(), {}, endpoint_for(args.endpoint, args.ssl_certificate_type) if args.endpoint else None)
    except ExportError as error:
        print(f"spasm-coach models export: {error}", file=sys.stderr)
        return 2
    problems = lint_project()
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"spasm-coach models export: {len(problems)} lint problem(s); nothing written", file=sys.stderr)
        return 1
    try:
        written = export(args.dir, endpoint=args.endpoint, ssl_certificate_type=args.ssl_certificate_type)
    except (ExportError, OSError) as error:
        print(f"spasm-coach models export: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
