"""The interactive REPL: type to Alexa, see what she says, the card, the session; timers announce themselves."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import threading

from simulator.commands import HELP, run_line
from simulator.session import ask_for_scope

YES = ("y", "yes", "yeah", "yep", "yup", "allow", "ok", "okay", "sure", "accept", "grant", "of course")
NO = ("n", "no", "nope", "nah", "deny", "don't", "do not", "don't allow", "no thanks", "no thank you", "never",
      "refuse", "decline", "not now")


def consent_answer(text: str) -> bool | None:
    """True for a yes, False for a no, None when it is neither (so the prompt asks again)."""
    words = " ".join(text.lower().replace(",", " ").replace(".", " ").replace("!", " ").split())
    if words in YES or words.startswith(("yes ", "ok ", "okay ", "sure ")):
        return True
    if words in NO or words.startswith(("no ", "don't ", "do not ")):
        return False
    return None


def card_text(card: dict) -> str:
    """How the REPL shows a card: 'Title: text', 'permissions: scope, ...', or the card type."""
    if card.get("type") == "AskForPermissionsConsent":
        return "permissions: " + (", ".join(card.get("permissions") or []) or "(none listed)")
    if "title" in card:
        return f"{card['title']}: {card['text']}"
    return f"({card.get('type')} card)"


class Repl:
    """Reads lines, shows turns; a background thread announces timers on the virtual clock."""

    def __init__(self, sim, *, speak: bool = False, out=None, ask_consent: bool = True):
        self.sim, self.out = sim, out or sys.stdout
        self.debug = False
        self.espeak = shutil.which("espeak-ng") if speak else None
        if speak and not self.espeak:
            self.print("(--speak: espeak-ng is not installed, showing text only)")
        if ask_consent and sim.consent is None:
            sim.consent = self.ask_consent
        self._stop = threading.Event()
        self._stdin = sys.stdin

    def print(self, text: str = "") -> None:
        self.out.write(text + "\n")
        self.out.flush()

    def say_aloud(self, text: str) -> None:
        """Read TEXT with espeak-ng; the "[pause 2s]" markers are shown, never read out."""
        text = " ".join(re.sub(r"\[pause[^\]]*\]", " ", text or "").split())
        if self.espeak and text:
            subprocess.run([self.espeak, text], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ask_consent(self, directive) -> bool:
        """Alexa's permission prompt: yes or no (in a few words); anything else asks again; end of input denies."""
        scope = ask_for_scope(directive) or "timers"
        self.print(f"  [Alexa asks] Spasm Coach would like to use your timers ({scope}). Allow? (yes/no)")
        while True:
            self.out.write("  consent> ")
            self.out.flush()
            line = self._stdin.readline()
            if not line:
                return False
            answer = consent_answer(line)
            if answer is not None:
                return answer
            self.print("  (please answer yes or no)")

    def show(self, result) -> None:
        if isinstance(result, dict):
            self.print(result.get("help") or json.dumps(result, indent=2))
            return
        turn = result
        if self.debug and turn.resolution:
            r = turn.resolution
            self.print(f"  [nlu] {r.request_type} {r.intent or ''} {json.dumps(r.slots_brief())} ({r.how})")
        self._show_announcements(turn.announcements)
        if turn.reprompted is not None:
            self.print(f"  (silence: Alexa says the reprompt)\nAlexa: {turn.reprompted}")
            self.say_aloud(turn.reprompted)
            self.print("  [session open]")
            return
        for t in [turn, *turn.followups]:
            if self.debug and t.request:
                self.print("  >> " + json.dumps(t.request))
                self.print("  << " + json.dumps(t.response))
            if t.error and t.request is not None:
                self.print(f"  [error] {t.error}")
        if turn.request is None:
            if turn.utterance.startswith(":advance"):
                self.print(f"  (virtual time now {self.sim.clock.now():%H:%M:%S})")
            elif turn.error:
                self.print(f"  ({turn.error})")
            elif not turn.followups:
                self.print("  (no session open)")
            for followup in turn.followups:
                self.show(followup)
            return
        if turn.consent:
            self.print(f"  [consent] {turn.consent}")
        self.print(f"Alexa: {turn.speech}" if turn.speech else "Alexa: (silent)")
        self.say_aloud(turn.speech)
        if turn.card:
            self.print(f"  [card] {card_text(turn.card)}")
        if turn.reprompt and turn.session_open:
            self.print(f"  [reprompt] {turn.reprompt}")
        if turn.all_keys:
            self.print(f"  [keys] {', '.join(turn.all_keys)}")
        self.print("  [session open]" if turn.session_open else "  [session closed]")

    def _show_announcements(self, texts) -> None:
        for text in texts:
            self.print(f"  [timer] Alexa: {text}")
            self.say_aloud(text)

    def _watch(self) -> None:
        while not self._stop.wait(0.5):
            fired = self.sim.poll()
            if fired:
                self._show_announcements(self.sim._collect())
                for f in fired:
                    if f.kind == "LAUNCH_TASK":
                        self.show(self.sim.launch(f":task {f.task.get('name')}", task=f.task))

    def run(self, stdin=None) -> int:
        stdin = self._stdin = stdin or sys.stdin
        self.print('Spasm Coach simulator. Say "open spasm coach". :help for commands, :quit to leave.')
        threading.Thread(target=self._watch, daemon=True).start()
        try:
            while True:
                self.out.write("you> ")
                self.out.flush()
                line = stdin.readline()
                if not line:
                    break
                line = line.strip()
                if not line and self.sim.session is None:
                    continue                     # silence with the microphone closed: nothing happens
                if line in (":quit", ":q", ":exit"):
                    break
                if line == ":debug":
                    self.debug = not self.debug
                    self.print(f"  debug {'on' if self.debug else 'off'}")
                    continue
                if line == ":help":
                    self.print(HELP)
                    continue
                self.show(run_line(self.sim, line))
        except KeyboardInterrupt:
            pass
        finally:
            self._stop.set()
        return 0
