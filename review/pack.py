"""Builds the review pack: one static, printable HTML page (no script) from the content module and the dialogs.

Sections: how to read it; locales and their numbers; the screening as a table; ice and heat rules; routines step by
step; every response key (text per locale with placeholders marked, reprompt, card, where it is said, sources,
review status); the sources; transcripts of every scripted dialog. Internal links are #anchors only.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import string
from html import escape
from pathlib import Path

from content.schema import REVIEW_FIELDS
from review import scan

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1b1b1b;margin:0 auto;
max-width:1180px;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:21px;border-bottom:2px solid #2b5d8c;padding-bottom:4px;margin-top:36px}
h3{font-size:16px;margin:22px 0 6px}h4{font-size:14px;margin:14px 0 4px}
.meta{color:#555}.toc{columns:2;background:#f3f6f9;padding:10px 10px 10px 28px;border-radius:6px}
table{border-collapse:collapse;width:100%;margin:6px 0 12px}th,td{border:1px solid #c9d3dc;padding:4px 6px;
vertical-align:top;text-align:left;overflow-wrap:anywhere}th{background:#e8eef4}
.key{border:1px solid #c9d3dc;border-radius:6px;margin:10px 0;padding:8px 10px;break-inside:avoid}
.key h4{margin:0 0 4px;font-family:ui-monospace,Menlo,Consolas,monospace}
code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12.5px}
.param{background:#fff1c2;border-radius:3px;padding:0 2px;font-family:ui-monospace,Menlo,monospace;font-size:12px}
.loc{background:#dff3e4;border-radius:3px;padding:0 2px}
.pause{color:#7a3e9d;font-size:12px;font-family:ui-monospace,Menlo,monospace}
.status-none{color:#9a3412;font-weight:600}.status-ok{color:#166534;font-weight:600}
.status-stale{color:#b91c1c;font-weight:700}
.tier1{background:#fde2e2}.tier2{background:#fdf0d5}.tier3{background:#e3eefc}.tier4{background:#e6f4ea}
.small{font-size:12px;color:#444}.nw{white-space:nowrap}.fail{color:#b91c1c;font-weight:600}
.turn td:first-child{width:28%}.you{font-weight:600}
a{color:#1d4f91}
@media print{body{max-width:none;padding:0;font-size:11px}h2{break-before:page}.toc{columns:2}
a{color:inherit;text-decoration:none}.key{break-inside:avoid}}
"""


def digest(content, key: str) -> str:
    """A short fingerprint of everything a reviewer signs for KEY: the entry and every locale's override."""
    def strip(entry):
        return {k: v for k, v in entry.items() if k not in REVIEW_FIELDS}
    parts = {"base": strip(content.responses[key])}
    for code, loc in sorted(content.locales.items()):
        override = (loc.get("responses") or {}).get(key)
        if override is not None:
            parts[code] = strip(override)
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]


def review_status(content, key: str) -> tuple[str, str]:
    """(css class, words) for the entry's review: not reviewed, reviewed, or changed since the review."""
    entry = content.responses[key]
    who, when = entry.get("reviewed_by"), entry.get("reviewed_on")
    if not who:
        return "status-none", "Not reviewed (reviewed_by / reviewed_on empty)"
    signed = entry.get("reviewed_digest")
    if signed and signed != digest(content, key):
        return "status-stale", f"CHANGED since reviewed by {who} on {when} (signed {signed}, now {digest(content, key)})"
    return "status-ok", f"Reviewed by {who} on {when}"


def anchor(kind: str, name: str) -> str:
    return f"{kind}-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in str(name))


def key_link(key: str) -> str:
    return f'<a href="#{anchor("key", key)}" class="mono">{escape(key)}</a>'


def text_html(text: str, locale_values: dict) -> str:
    """A line as heard: locale placeholders filled (marked green), call parameters shown as ⟨name⟩ (marked yellow)."""
    out = []
    for literal, name, _, _ in string.Formatter().parse(text):
        out.append(escape(literal))
        if name is None:
            continue
        if name in locale_values:
            out.append(f'<span class="loc" title="{{{escape(name)}}}">{escape(str(locale_values[name]))}</span>')
        else:
            out.append(f'<span class="param">⟨{escape(name)}⟩</span>')
    return "".join(out)


def url_html(source: dict) -> str:
    """The source's address as text (a printed pack shows it; links stay inside the page), or why there is none."""
    if source.get("url"):
        return f'<span class="mono">{escape(source["url"])}</span>'
    return '<span class="status-none">no address: see the note in Sources</span>'


def heard_html(plain: str) -> str:
    """Simulator text with its [pause 2s] marks shown as pauses."""
    parts = re.split(r"(\[pause[^\]]*\])", plain or "")
    return "".join(f'<span class="pause">{escape(p)}</span>' if p.startswith("[pause") else escape(p) for p in parts)


def _data_citations(data_dir=None) -> dict[str, list[str]]:
    """{source id: ["screening.yaml: questions[0](saddle_numbness)", ...]} for data items that cite it."""
    from content.loader import read_all
    files, _ = read_all(data_dir)
    found: dict[str, list[str]] = {}

    def walk(file, node, path):
        if isinstance(node, dict):
            for sid in node.get("sources") or [] if isinstance(node.get("sources"), list) else []:
                found.setdefault(sid, []).append(f"{file}: {path or '(top)'}")
            for k, v in node.items():
                if k != "sources":
                    walk(file, v, f"{path}.{k}" if path else str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                label = f"({v['id']})" if isinstance(v, dict) and isinstance(v.get("id"), str) else ""
                walk(file, v, f"{path}[{i}]{label}")

    for file, data in files.items():
        if file != "sources.yaml":
            walk(file, data, "")
    return found


class Pack:
    """Collects what the page shows; html() writes it."""

    def __init__(self, content, transcripts=(), *, root: Path = scan.ROOT, data_dir=None):
        self.c = content
        self.transcripts = list(transcripts)
        self.code = scan.code_uses(content.responses, root)
        self.data = scan.data_uses(data_dir)
        self.heard_in: dict[str, list[tuple[str, int]]] = {}
        for t in self.transcripts:
            for i, line in enumerate(t.lines, 1):
                for key in line.keys:
                    self.heard_in.setdefault(key, []).append((t.name, i))
        self.cited_by: dict[str, list[str]] = {}
        for key, entry in content.responses.items():
            for sid in entry.get("sources") or []:
                self.cited_by.setdefault(sid, []).append(key)
        self.locales = list(content.locales)
        self.cited_in_data = _data_citations(data_dir)

    # ---- pieces ----------------------------------------------------------------------------------------------
    def _sources_html(self, ids, compact: bool = False) -> str:
        if not ids:
            return '<span class="small">none (not a clinical statement)</span>'
        if compact:
            return "<ul class='small'>" + "".join(
                f'<li><a href="#{anchor("src", sid)}">{escape(self.c.sources.get(sid, {}).get("title", sid))}</a></li>'
                for sid in ids) + "</ul>"
        items = []
        for sid in ids:
            s = self.c.sources.get(sid, {})
            claims = "".join(f"<li>{escape(c)}</li>" for c in s.get("claims") or [])
            deep = "" if s.get("deep_link", True) or not s.get("url") else \
                ' <span class="status-none">(not a deep link: see the note in Sources)</span>'
            items.append(f'<li><a href="#{anchor("src", sid)}">{escape(s.get("title", sid))}</a>{deep}<br/>'
                         f'<span class="small">{url_html(s)}</span>'
                         + (f'<ul class="small">{claims}</ul>' if claims else '') + '</li>')
        return f"<ul>{''.join(items)}</ul>"

    def _where_html(self, key: str) -> str:
        rows = []
        uses = self.code.get(key, [])
        if any(u.scope != "(module)" for u in uses):       # a constant's definition adds nothing to its readers
            uses = [u for u in uses if u.scope != "(module)"]
        for use in uses:
            how = " (key built from a prefix)" if use.prefix else ""
            doc = f": {escape(use.doc)}" if use.doc else ""
            rows.append(f"<li><span class='mono'>{escape(use.path)}:{use.line}</span> "
                        f"<span class='mono'>{escape(use.scope)}</span>{how}{doc}</li>")
        for file, item in self.data.get(key, []):
            rows.append(f"<li>named by <span class='mono'>{escape(file)}: {escape(item)}</span></li>")
        heard = self.heard_in.get(key, [])
        if heard:
            links = ", ".join(f'<a href="#{anchor("turn", f"{n}-{i}")}">{escape(n)} turn {i}</a>' for n, i in heard[:8])
            more = f" and {len(heard) - 8} more" if len(heard) > 8 else ""
            rows.append(f"<li>heard in dialogs: {links}{more}</li>")
        if not rows:
            return '<span class="status-stale">Nothing speaks this key.</span>'
        return f"<ul class='small'>{''.join(rows)}</ul>"

    def _entry_rows(self, key: str) -> str:
        """One row per group of locales that hear exactly the same words."""
        groups: dict[str, list[str]] = {}
        for code in self.locales:
            entry = self.c.entry(key, code)
            values = self.c.locale_params(code)
            cells = []
            if "words" in entry:
                cells.append("<td colspan='3'>word list: " + ", ".join(escape(w) for w in entry["words"]) + "</td>")
            else:
                speech = entry["speech"] if isinstance(entry["speech"], list) else [entry["speech"]]
                spoken = "".join(f"<li>{text_html(s, values)}</li>" for s in speech)
                if len(speech) > 1:
                    spoken = f'<span class="small">one of {len(speech)} variations:</span><ol>{spoken}</ol>'
                else:
                    spoken = text_html(speech[0], values)
                reprompt = text_html(entry["reprompt"], values) if entry.get("reprompt") else "—"
                card = entry.get("card")
                card_html = (f"<b>{text_html(card['title'], values)}</b><br/>{text_html(card['text'], values)}"
                             if card else "—")
                cells += [f"<td>{spoken}</td>", f"<td>{reprompt}</td>", f"<td>{card_html}</td>"]
            groups.setdefault("".join(cells), []).append(code)
        return "".join(f"<tr><td class='mono'>{escape(', '.join(codes))}</td>{cells}</tr>"
                       for cells, codes in groups.items())

    # ---- sections --------------------------------------------------------------------------------------------
    def _intro(self) -> str:
        n_keys = len(self.c.responses)
        return (f"<h1>Spasm Coach: clinical review pack</h1>"
                f"<p class='meta'>Generated {dt.date.today().isoformat()} from the content module "
                f"(content/data) and the scripted dialogs (tests/dialogs). {n_keys} response keys, "
                f"{len(self.locales)} locales, {len(self.c.sources)} sources, {len(self.transcripts)} dialogs.</p>"
                "<p>How to read it: each response key shows the words a person hears in each locale. "
                '<span class="loc">Green</span> words come from the locale (emergency numbers, local words); '
                '<span class="param">⟨yellow⟩</span> slots are filled in by the skill at the time (minutes, names). '
                "Where a line is said lists the code that speaks it and the data items that name it, and the dialog "
                "turns where it was heard. A line is signed off by setting <code>reviewed_by</code> and "
                "<code>reviewed_on</code> (and <code>reviewed_digest</code>, the fingerprint shown) on its entry in "
                "content/data/responses; a signed line whose words change afterwards shows as CHANGED.</p>")

    def _toc(self) -> str:
        areas = sorted({k.split(".", 1)[0] for k in self.c.responses})
        links = [("locales", "Locales and emergency numbers"), ("screening", "The screening"),
                 ("iceheat", "Ice and heat rules"), ("routines", "Routines, step by step"),
                 ("responses", "Every response key"),
                 *[(anchor("area", a), f"… {a}.*") for a in areas],
                 ("sources", "Sources"), ("dialogs", "Dialog transcripts")]
        return "<ul class='toc'>" + "".join(f'<li><a href="#{a}">{escape(t)}</a></li>' for a, t in links) + "</ul>"

    def _locales(self) -> str:
        names = sorted({n for loc in self.c.locales.values() for n in loc["say"]})
        head = "".join(f"<th>{escape(code)}</th>" for code in self.locales)
        cells = "".join("<td>" + "<br/>".join(f"{escape(c['name'])}: <b>{escape(c['emergency'])}</b>"
                                               for c in self.c.locales[code]["countries"]) + "</td>"
                        for code in self.locales)
        rows = [f"<tr><th>countries: emergency number</th>{cells}</tr>"]
        for name in names:
            cells = "".join(f"<td>{escape(str(self.c.locales[code]['say'].get(name, '')))}</td>"
                            for code in self.locales)
            rows.append(f"<tr><th class='mono'>{{{escape(name)}}}</th>{cells}</tr>")
        overrides = []
        for code in self.locales:
            keys = sorted((self.c.locales[code].get("responses") or {}))
            if keys:
                overrides.append(f"<li>{escape(code)}: " + ", ".join(key_link(k) for k in keys) + "</li>")
        over = f"<p>Lines with their own wording in a locale:</p><ul>{''.join(overrides)}</ul>" if overrides else ""
        return (f'<h2 id="locales">Locales and emergency numbers</h2>'
                f"<table><tr><th></th>{head}</tr>{''.join(rows)}</table>{over}")

    def _screening(self) -> str:
        s = self.c.screening
        try:
            from skill.domain.screening import State, items
            order = items(self.c)
            urgent = items(self.c, State(urgent_first=True))
        except Exception:  # noqa: BLE001 - the engine's order when it can tell, else file order
            order = [{**x, "kind": "exclusion", "tier": 0} for x in s["exclusions"]] + \
                    [{**q, "kind": "question"} for q in s["questions"]]
            urgent = None
        tiers = s["tiers"]
        rows = []
        for n, item in enumerate(order, 1):
            if item.get("kind") == "exclusion":
                then = {"stop": "ends the screening", "continue": "carries on"}.get(item.get("then"), item.get("then"))
                extra = f"; counts as one tier-{item['counts_as_tier']} answer" if item.get("counts_as_tier") else ""
                yes = f"says {key_link(item['outcome'])}, then {then}{extra}"
                unsure = ("never concluded on a guess: explained and asked again" if item.get("then") == "stop"
                          else "counts as yes, after one clarifying question")
                rows.append(f"<tr><td>{n}</td><td class='nw'>exclusion</td><td>{key_link(item['prompt'])}<br/>"
                            f"<span class='small'>{escape(self._say(item['prompt']))}</span></td>"
                            f"<td>{yes}</td><td>{unsure}</td></tr>")
                continue
            tier = item["tier"]
            outcome = item.get("outcome") or tiers[tier]["outcome"]
            if tier == 1:
                yes = f"stops the screening at once: {key_link(outcome)} (session ends)"
            else:
                yes = f"recorded; at the end the tier-{tier} outcome {key_link(tiers[tier]['outcome'])}"
            if "unsure" in item.get("triggers", []):
                unsure = "counts as yes after one clarifying question" + (" (tier 1)" if tier == 1 else "")
            else:
                unsure = "does not count as yes (recorded as not sure)"
            opt = " <span class='small'>(optional: may be skipped)</span>" if item.get("optional") else ""
            rows.append(f'<tr class="tier{tier}"><td>{n}</td><td class="nw">tier {tier}</td><td>{key_link(item["prompt"])}'
                        f'{opt}<br/><span class="small">{escape(self._say(item["prompt"]))}</span></td>'
                        f"<td>{yes}</td><td>{unsure}</td></tr>")
        table = ("<table><tr><th>#</th><th>kind / tier</th><th>question</th><th>yes</th><th>not sure</th></tr>"
                 + "".join(rows) + "</table>")
        urgent_note = ""
        if urgent:
            ids = ", ".join(escape(i["id"]) for i in urgent)
            urgent_note = (f"<p>When a symptom started the screening (or one the skill cannot place was said), the "
                           f"order is: <span class='small'>{ids}</span>.</p>")
        tier_rows = "".join(
            f'<tr class="tier{t}"><td>{t}</td><td>{escape(str(b.get("name")))}</td><td>{key_link(b["outcome"])}</td>'
            f'<td>{"ends" if b.get("ends_session") else "stays open"}</td></tr>' for t, b in sorted(tiers.items()))
        esc_rows = []
        for rule in s.get("escalation") or []:
            when = rule.get("when") or {}
            parts = []
            if when.get("all"):
                parts.append("all of " + ", ".join(when["all"]))
            if when.get("any"):
                parts.append("any of " + ", ".join(when["any"]))
            if when.get("tier_count"):
                tc = when["tier_count"]
                parts.append(f"at least {tc.get('at_least')} tier-{tc.get('tier')} answers")
            esc_rows.append(f'<tr class="tier{rule["tier"]}"><td class="mono">{escape(rule["id"])}</td>'
                            f"<td>{escape(' and '.join(parts))}</td><td>tier {rule['tier']}</td>"
                            f"<td>{key_link(rule['outcome'])}</td></tr>")
        special = []
        for sid, sp in (s.get("special") or {}).items():
            answers = ", ".join(f"{escape(a)} → {escape(str((r or {}).get('becomes')))}"
                                for a, r in (sp.get("answers") or {}).items())
            special.append(f"<li><span class='mono'>{escape(sid)}</span>: asks {key_link(sp['prompt'])}; {answers} "
                           "(an answer that becomes nothing carries on with the screening)</li>")
        return (f'<h2 id="screening">The screening</h2>'
                f"<p>Asked one question a turn, in this order. Tier 1 = emergency now, 2 = advice today, "
                f"3 = doctor or physio within days, 4 = self-care.</p>{table}{urgent_note}"
                f"<h3>Tiers</h3><table><tr><th>tier</th><th>name</th><th>outcome</th><th>session</th></tr>"
                f"{tier_rows}</table>"
                f"<h3>Escalation rules</h3><table><tr><th>rule</th><th>when</th><th>becomes</th><th>says</th></tr>"
                f"{''.join(esc_rows)}</table>"
                f"<h3>Clarifying questions</h3><ul>{''.join(special)}</ul>")

    def _say(self, key: str, locale: str = "en-US") -> str:
        entry = self.c.entry(key, locale)
        speech = entry.get("speech")
        text = speech[0] if isinstance(speech, list) else speech or ""
        values = self.c.locale_params(locale)
        return "".join(lit + (str(values[n]) if n in values else f"⟨{n}⟩") if n else lit
                       for lit, n, _, _ in string.Formatter().parse(text))

    def _iceheat(self) -> str:
        t = self.c.therapy
        fields = [("default_minutes", "default length (min)"), ("min_minutes", "shortest (min)"),
                  ("max_minutes", "longest, a hard cap (min)"), ("cautious_minutes", "after a heat-check yes (min)"),
                  ("min_gap_minutes", "least rest before again (min)"),
                  ("recommended_gap_minutes", "recommended rest (min)"),
                  ("max_sessions_per_day", "most sessions a day")]
        names = list(t["therapies"])
        head = "".join(f"<th>{escape(n)}</th>" for n in names)
        rows = "".join(f"<tr><th>{escape(label)}</th>" + "".join(
            f"<td>{escape(str(t['therapies'][n].get(f, '—')))}</td>" for n in names) + "</tr>" for f, label in fields)
        srcs = "<tr><th>sources</th>" + "".join(f"<td>{self._sources_html(t['therapies'][n].get('sources'), True)}</td>"
                                                for n in names) + "</tr>"
        alt = " → ".join(f"{escape(s['phase'])} {s['minutes']} min" for s in t["alternating"]["steps"])
        checks = []
        for tid, block in (t.get("checks") or {}).items():
            qs = "".join(f"<li>{key_link(q['prompt'])}: {escape(self._say(q['prompt']))}"
                         + (f"<br/><span class='small'>yes: {key_link(q['if_yes'])}: {escape(self._say(q['if_yes']))}"
                            f"</span>" if q.get("if_yes") else "") + "</li>"
                         for q in block["questions"])
            other = "Any other yes" if any(q.get("if_yes") for q in block["questions"]) else "Any yes"
            checks.append(f"<h4>Before {escape(tid)}</h4><ol>{qs}</ol><p>{other} (or not sure): "
                          f"{key_link(block['if_yes'])}: {escape(self._say(block['if_yes']))}</p>")
        said = []
        for title, prefixes in (("Care lines said with a timer", ("therapy.care.", "therapy.fallback.care.")),
                                ("What the timers announce", ("therapy.announce.",))):
            keys = [k for k in self.c.responses if k.startswith(prefixes)]
            if keys:
                said.append(f"<h4>{escape(title)}</h4><ul>" + "".join(
                    f"<li>{key_link(k)}: {escape(self._say(k))}</li>" for k in keys) + "</ul>")
        checks += said
        ev = t.get("evidence") or {}
        evidence = (f"<p>Which is better? {key_link(ev['line'])}: {escape(self._say(ev['line']))}</p>"
                    if ev.get("line") else "")
        return (f'<h2 id="iceheat">Ice and heat rules</h2><table><tr><th></th>{head}</tr>{rows}{srcs}</table>'
                f"<p>Alternating: {alt} (counts as one session of each).</p>{''.join(checks)}{evidence}")

    def _routines(self) -> str:
        from skill.render import hold_ssml
        from simulator.session import plain_speech
        r = self.c.routines
        out = [f'<h2 id="routines">Routines, step by step</h2>']
        stop = r.get("stop_rules") or {}
        if stop.get("line"):
            out.append(f"<p>Stop rules, said before each routine: {key_link(stop['line'])}: "
                       f"{escape(self._say(stop['line']))}</p>")
        blocked = r.get("blocked_by") or {}
        if blocked:
            out.append(f"<p>No stretches after these exclusions: {escape(', '.join(blocked.get('exclusions', [])))};"
                       f" nor after a tier {escape(' or '.join(str(x) for x in blocked.get('tiers', [])))} outcome "
                       f"in the conversation.</p>")
        pacing = r.get("pacing") or {}
        if pacing:
            out.append(f"<p>Pacing: {pacing.get('rest_seconds')} s rest after each repetition, "
                       f"{pacing.get('settle_seconds')} s to settle into position.</p>")
        for rid, routine in r["routines"].items():
            rows = []
            for n, eid in enumerate(routine["exercises"], 1):
                ex = self.c.exercise(eid)
                sides = "each side" if ex["sides"] == 2 else ""
                breathe = (f"; breathe in {ex['breathe_in_seconds']} s, out {ex['breathe_out_seconds']} s"
                           if ex.get("breathe_in_seconds") else "")
                lines = "".join(f"<li>{key_link(f'exercise.{eid}.{p}')}: {escape(self._say(f'exercise.{eid}.{p}'))}"
                                f"</li>" for p in ("position", "move", "release")
                                if self.c.has(f"exercise.{eid}.{p}"))
                hold = ""
                if ex["hold_seconds"]:
                    try:
                        heard = plain_speech(f"<speak>{hold_ssml(self.c, 'en-US', ex['hold_seconds'])}</speak>")
                        hold = f"<p class='small'>A hold as heard: {heard_html(heard)}</p>"
                    except Exception:  # noqa: BLE001 - a hold the renderer refuses shows as a number only
                        hold = ""
                cautions = ", ".join(
                    f"{escape(c)} ({key_link(self.c.exercises['cautions'][c]['line'])}"
                    f"{', skipped on yes' if self.c.exercises['cautions'][c].get('skip') else ''})"
                    for c in ex.get("cautions") or []) or "—"
                rows.append(f"<tr><td>{n}</td><td><b>{escape(ex['name'])}</b> <span class='small'>stage "
                            f"{ex['stage']}</span><ol class='small'>{lines}</ol>{hold}</td>"
                            f"<td>{f'{hold_s} s' if (hold_s := ex['hold_seconds']) else '—'}</td>"
                            f"<td>{ex['reps']} {sides}{breathe}</td>"
                            f"<td>{cautions}</td><td>{self._sources_html(ex.get('sources'), True)}</td></tr>")
            default = " (the default)" if routine.get("default") else ""
            out.append(f'<h3 id="{anchor("routine", rid)}">{escape(routine["name"])}{default}, stage '
                       f'{routine["stage"]}</h3><p>Intro: {key_link(routine["intro"])}: '
                       f'{escape(self._say(routine["intro"]))}</p>'
                       f"<table><tr><th>#</th><th>exercise and its lines</th><th>hold</th><th>reps</th>"
                       f"<th>cautions</th><th>sources</th></tr>{''.join(rows)}</table>")
        return "".join(out)

    def _responses(self) -> str:
        out = ['<h2 id="responses">Every response key</h2>']
        by_area: dict[str, list[str]] = {}
        for key in self.c.responses:
            by_area.setdefault(key.split(".", 1)[0], []).append(key)
        for area in sorted(by_area):
            out.append(f'<h3 id="{anchor("area", area)}">{escape(area)}.* ({len(by_area[area])} keys, '
                       f"content/data/responses/{escape(area)}.yaml)</h3>")
            for key in by_area[area]:
                entry = self.c.responses[key]
                css, status = review_status(self.c, key)
                tier = f' <span class="tier{entry["tier"]}">screening outcome, tier {entry["tier"]}</span>' \
                    if entry.get("tier") else ""
                params = (" <span class='small'>slots: " + ", ".join(f"⟨{escape(p)}⟩" for p in entry["params"])
                          + "</span>") if entry.get("params") else ""
                out.append(
                    f'<div class="key" id="{anchor("key", key)}"><h4>{escape(key)}{tier}</h4>{params}'
                    f"<table><tr><th style='width:11%'>locale</th><th>spoken (as heard)</th><th>reprompt</th>"
                    f"<th>card</th></tr>{self._entry_rows(key)}</table>"
                    f"<b>Where it is said</b>{self._where_html(key)}"
                    f"<b>Sources</b>{self._sources_html(entry.get('sources'))}"
                    f'<p class="{css}">{escape(status)} <span class="small mono">digest {digest(self.c, key)}</span>'
                    f"</p></div>")
        return "".join(out)

    def _sources(self) -> str:
        rows = []
        for sid, s in self.c.sources.items():
            claims = "".join(f"<li>{escape(c)}</li>" for c in s.get("claims") or [])
            note = f"<p class='small'>Note: {escape(s['note'])}</p>" if s.get("note") else ""
            checked = f"<p class='small'>To check: {escape(s['checked'])}</p>" if s.get("checked") else ""
            deep = "" if s.get("deep_link", True) else '<p class="status-none">No deep link (see the note).</p>'
            cited = ", ".join(key_link(k) for k in self.cited_by.get(sid, [])) or "—"
            data = ", ".join(f"<span class='mono'>{escape(d)}</span>" for d in self.cited_in_data.get(sid, []))
            cited += f"<br/>and by data items: {data}" if data else ""
            rows.append(f'<div class="key" id="{anchor("src", sid)}"><h4>{escape(sid)}</h4>'
                        f"<b>{escape(s['title'])}</b> ({escape(s['publisher'])}, {escape(s['kind'])})<br/>"
                        f'{url_html(s)}{deep}'
                        f"{f'<p>Says (the claims it supports):</p><ul>{claims}</ul>' if claims else ''}"
                        f"{note}{checked}<p class='small'>Cited by: {cited}</p></div>")
        return f'<h2 id="sources">Sources</h2>{"".join(rows)}'

    def _dialogs(self) -> str:
        out = [f'<h2 id="dialogs">Dialog transcripts</h2><p>Every scripted conversation in tests/dialogs, run through '
               f"the simulator against the real webhook when this pack was built.</p><ul>"]
        out += [f'<li><a href="#{anchor("dialog", t.name)}">{escape(t.name)}</a> '
                f'<span class="small">({escape(t.locale)})</span></li>' for t in self.transcripts]
        out.append("</ul>")
        for t in self.transcripts:
            out.append(f'<h3 id="{anchor("dialog", t.name)}">{escape(t.name)} '
                       f'<span class="small">{escape(t.locale)}, timers permission {escape(t.permissions)}</span></h3>')
            if t.comment:
                out.append(f"<p class='small'>{escape(t.comment)}</p>")
            if t.error:
                out.append(f'<p class="fail">Could not run: {escape(t.error)}</p>')
                continue
            rows = []
            for i, line in enumerate(t.lines, 1):
                alexa = heard_html(line.speech) or '<span class="small">(nothing said)</span>'
                extra = []
                if line.reprompt:
                    extra.append(f"reprompt: {heard_html(line.reprompt)}")
                if line.card and line.card.get("title") is not None:
                    extra.append(f"card: <b>{escape(line.card['title'])}</b>: {escape(line.card['text'])}")
                for a in line.announcements:
                    extra.append(f"timer announces: {escape(str(a))}")
                if line.keys:
                    extra.append("keys: " + ", ".join(key_link(k) if self.c.has(k) else escape(k) for k in line.keys))
                extra.append("session open" if line.session_open else "session closed")
                for f in line.failures:
                    extra.append(f'<span class="fail">expectation failed: {escape(f)}</span>')
                rows.append(f'<tr class="turn" id="{anchor("turn", f"{t.name}-{i}")}"><td><span class="you">'
                            f"{i}. you:</span> {escape(line.said)}</td><td>{alexa}<br/><span class='small'>"
                            f"{'<br/>'.join(extra)}</span></td></tr>")
            out.append(f"<table>{''.join(rows)}</table>")
        return "".join(out)

    def html(self) -> str:
        body = "".join([self._intro(), self._toc(), self._locales(), self._screening(), self._iceheat(),
                        self._routines(), self._responses(), self._sources(), self._dialogs()])
        return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
                '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
                f"<title>Spasm Coach: clinical review pack</title><style>{CSS}</style></head>"
                f"<body>{body}</body></html>\n")


def build(out_dir, *, dialogs=None, content=None) -> Path:
    """Write OUT_DIR/index.html; DIALOGS: dialog files to transcribe (default: every tests/dialogs/*.yaml)."""
    import content as content_module
    from review.transcripts import run_all

    c = content or content_module.load()
    paths = sorted((scan.ROOT / "tests" / "dialogs").glob("*.yaml")) if dialogs is None else list(dialogs)
    pack = Pack(c, run_all(paths) if paths else [])
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / "index.html"
    target.write_text(pack.html(), encoding="utf-8")
    return target
