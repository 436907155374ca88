"""`spasm-coach content ...`: tools over the content (budget: seconds of talk per line and per conversation).

Other content tools add themselves as sub-commands of the `content` parser made here (see add_commands).
"""

from __future__ import annotations

import sys

# Sub-command registrars: functions (subparsers) -> None, called on the `content` parser's own subparsers.
REGISTRARS: list = []


def add_commands(subparsers) -> None:
    """Register `content` and its sub-commands (budget, and any in REGISTRARS) on the `spasm-coach` parser."""
    parser = subparsers.add_parser("content", help="tools over the content (speech budget, ...)",
                                   description="Tools over content/data.")
    sub = parser.add_subparsers(dest="content_command", metavar="TOOL")
    p = sub.add_parser("budget", help="seconds of talk: the longest lines per locale, and whole conversations",
                       description="Talk time = words at 160 a minute; counted holds and pauses are not counted.")
    p.add_argument("--locale", action="append", help="only this locale (repeatable; default: all)")
    p.add_argument("--top", type=int, default=10, help="how many of the longest keys to print per locale")
    p.add_argument("--no-walk", action="store_true",
                   help="lines only: skip the conversations walked through the simulator")
    p.add_argument("--espeak", action="store_true", help="also time the lines and walks with espeak-ng "
                   "(at 160 words a minute) when it is installed")
    p.set_defaults(func=run_budget)
    for register in REGISTRARS:
        register(sub)
    parser.set_defaults(func=lambda args: (parser.print_help(sys.stderr), 2)[1])


def run_budget(args) -> int:
    import content
    from content import budget

    c = content.get()
    codes = args.locale or budget.locales(c)
    espeak = _espeak() if args.espeak else None
    if args.espeak and espeak is None:
        print("(--espeak: espeak-ng is not installed; word estimate only)")
    for locale in codes:
        print(f"== {locale}: the {args.top} longest lines (seconds at {budget.WORDS_PER_MINUTE} words a minute)")
        for m in budget.longest(c, locale, top=args.top):
            extra = f"  espeak {espeak(m.text):5.1f}" if espeak else ""
            print(f"  {m.seconds:5.1f} s  {m.words:3d} words{extra}  {m.key}")
        head = budget.headline(c, locale)
        print(f"  first welcome {head['welcome_first']:.1f} s; returning welcome {head['welcome_returning']:.1f} s;"
              f" longest screening question {head['screening_question']:.1f} s ({head['screening_question_key']});"
              f" emergency advice until the number {head['emergency_number']:.1f} s ({head['emergency_key']})")
        if not args.no_walk:
            _walks(c, locale, espeak)
    return 0


def _walks(c, locale: str, espeak) -> None:
    from content import budget
    from simulator import walks
    from simulator.session import Simulator

    with Simulator(url=None, locale=locale) as sim:
        screening = walks.screening_all_no(sim)
    with Simulator(url=None, locale=locale) as sim:
        routine = walks.routine_all(sim)
    with Simulator(url=None, locale=locale, permissions=True) as sim:
        ice = walks.ice_starts(sim)
    total = sum(walks.talk(t, c, locale) for t in screening)
    line = f"  whole screening answered no: {total:.1f} s over {len(screening)} turns"
    if espeak:
        line += f" (espeak {sum(espeak(budget.without_holds(t.speech, c, locale)) for t in screening):.1f} s)"
    print(line)
    worst = max(routine, key=lambda t: walks.talk(t, c, locale))
    line = (f"  longest routine turn: {walks.talk(worst, c, locale):.1f} s "
            f"(after {worst.utterance!r}; {', '.join(k for k in worst.all_keys if k.startswith('exercise.'))})")
    if espeak:
        line += f" (espeak {espeak(budget.without_holds(worst.speech, c, locale)):.1f} s)"
    print(line)
    (first, first_said), (later, later_said) = ice
    print(f"  ice start turn: first use {walks.talk(first, c, locale):.1f} s, later use {walks.talk(later, c, locale):.1f} s;"
          f" its timer when it ends: first {budget.talk_seconds(first_said):.1f} s, later {budget.talk_seconds(later_said):.1f} s")


def _espeak():
    """A function text -> seconds of espeak-ng speech at 160 words a minute (pause markers removed), or None."""
    import re
    import shutil
    import subprocess
    import wave
    import tempfile

    exe = shutil.which("espeak-ng")
    if exe is None:
        return None

    def seconds(text: str) -> float:
        text = re.sub(r"\[[^\]]*\]", " ", text)
        with tempfile.NamedTemporaryFile(suffix=".wav") as out:
            subprocess.run([exe, "-s", "160", "-w", out.name, text], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
            with wave.open(out.name) as w:
                return w.getnframes() / float(w.getframerate())
    return seconds
