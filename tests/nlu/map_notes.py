"""Map a blind collection written as {text, locale, note} lists (session 6: openers, pain-change and check-in answers,
durations and non-durations, negatives) to the shape tests/nlu/import_batch.py reads, each note to the intent and
slots the skill should resolve as the writer meant it (texts unchanged; the note kept on every item).

Usage: python tests/nlu/map_notes.py NOTES_DIR OUT_DIR, then import_batch.py OUT_DIR N and split_blind.py --merge.
Decisions: an opener about the back, a greeting or a carer is help (the menu); being stuck ("I can't get up", "stuck
on the floor") is the skill's can't-get-up symptom (how to get help up, then the pain-or-leg question); a pain score
or a hedge with no direction is a pain change with none (asked again); a lean ("bit better I guess") is that change;
a time, an elapsed time or ice already had is no request (FallbackIntent); a symptom note is a red flag item."""
import re, sys, yaml
from collections import defaultdict
from pathlib import Path
SRC, OUT = Path(sys.argv[1]), Path(sys.argv[2])
intents = defaultdict(list); flags = []; negatives = []
CANT = re.compile(r"can't (get up|move|walk|stand|sit)|not able to (get up|walk)|can't get out of (the )?bed|can't get back up")
def flag_of(kind, text):
    t = text.lower()
    if kind == 'saddle': return 'saddle_numbness', 'emergency'
    if kind == 'bladder':
        return ('bladder_change', 'ask') if 'trouble going' in t else ('bladder_change', 'emergency')
    if kind == 'legs':
        if re.search(r"both|legs", t) and not re.search(r"\bleg's\b|\bmy leg\b", t): return 'leg_weakness', 'emergency'
        if re.search(r"tingling|numb", t) and re.search(r"\bleg's|\bfoot", t): return 'one_leg_symptoms', 'days'
        return 'leg_weakness', 'ask'
    if kind == 'trauma':
        if re.search(r"slipped|fell over|fell getting out", t): return 'simple_fall', 'ask'
        return 'major_trauma', 'emergency'
    if kind == 'fever': return 'fever', 'today'
    if kind == 'chest': return 'chest_or_tummy_pain', 'emergency'
    raise ValueError(kind)
def add(intent, item, **slots):
    s = {'text': item['text'], 'locale': item['locale']}
    if slots: s['slots'] = slots
    s['note'] = item['note']
    intents[intent].append(s)
for path in sorted(SRC.glob('*.yaml')):
    for item in yaml.safe_load(path.read_text()):
        note, text = item['note'], item['text']
        m = re.search(r"symptom:(\w+)", note)
        if m:
            flag, expect = flag_of(m.group(1), text)
            flags.append({'text': text, 'locale': item['locale'], 'flag': flag, 'expect': expect, 'note': note}); continue
        if note.startswith('negative:'):
            negatives.append({'text': text, 'locale': item['locale'], 'note': note}); continue
        if note in ('opener-plain', 'greeting'): add('AMAZON.HelpIntent', item); continue
        if note == 'opener-stuck': add('ReportSymptomIntent', item); continue
        if note == 'carer':
            add('ReportSymptomIntent' if CANT.search(text.lower()) else 'AMAZON.HelpIntent', item); continue
        m = re.match(r"(ice|heat) duration:(\d+)m( \(self-correction\))?$", note)
        if m: add('StartTherapyIntent', item, therapy=m.group(1), duration=f"PT{m.group(2)}M"); continue
        m = re.match(r"(ice|heat) duration:.*range", note)
        if m: add('StartTherapyIntent', item, therapy=m.group(1)); continue
        if note == 'not-duration:age':
            add('HealthInfoIntent', item, age=re.search(r"\d+|seventy-two|sixty", text).group(0).replace('seventy-two', '72').replace('sixty', '60')); continue
        if note in ('not-duration:time', 'not-duration:elapsed', 'not-duration:past-ice'):
            negatives.append({'text': text, 'locale': item['locale'], 'note': note}); continue
        if note == 'not-duration:dose': add('MedicineIntent', item); continue
        if note == 'not-duration:count': add('ReportSymptomIntent', item); continue
        if note == 'not-duration:pain-score': add('PainCheckIntent', item); continue
        m = re.match(r"(better|worse|same)\b", note)
        if m: add('PainCheckIntent', item, change=m.group(1)); continue
        m = re.search(r"lean:(better|worse|same)", note)
        if m: add('PainCheckIntent', item, change=m.group(1)); continue
        if note in ('hedged', 'bad') or note.startswith('pain-score:'): add('PainCheckIntent', item); continue
        raise ValueError(note)
(OUT / 'intents').mkdir(parents=True, exist_ok=True); (OUT / 'safety').mkdir(parents=True, exist_ok=True)
for intent, sentences in intents.items():
    (OUT / 'intents' / f'{intent}.yaml').write_text(yaml.safe_dump({'intent': intent, 'sentences': sentences}, sort_keys=False, allow_unicode=True, width=120))
(OUT / 'safety' / 'red_flags.yaml').write_text(yaml.safe_dump({'items': flags}, sort_keys=False, allow_unicode=True, width=120))
(OUT / 'safety' / 'answers.yaml').write_text(yaml.safe_dump({'items': []}, sort_keys=False))
(OUT / 'safety' / 'negatives.yaml').write_text(yaml.safe_dump({'items': negatives}, sort_keys=False, allow_unicode=True, width=120))
print({k: len(v) for k, v in intents.items()}, 'flags', len(flags), 'neg', len(negatives))
