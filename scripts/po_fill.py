#!/usr/bin/env python3
"""po_fill.py POT PO TRANSLATIONS.py — writes PO from POT, taking msgstr from
a dict TR in TRANSLATIONS.py (msgid -> French). Keeps existing translations
of PO. Prints the msgids still untranslated. A maintenance tool for
developers; the build only uses the .po files."""
import ast, re, sys

def parse(path):
    entries, cur, key = [], None, None
    def flush():
        if cur is not None: entries.append(cur)
    for line in open(path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line.strip():
            flush(); cur = None; key = None; continue
        if cur is None: cur = {'comments': [], 'msgid': '', 'msgstr': '', 'flags': ''}
        if line.startswith('#'):
            cur['comments'].append(line); continue
        m = re.match(r'^(msgid|msgstr|msgctxt|msgid_plural|msgstr\[\d\]) (".*")$', line)
        if m:
            key = m.group(1); cur[key] = ast.literal_eval(m.group(2)); continue
        if line.startswith('"') and key:
            cur[key] += ast.literal_eval(line)
    flush()
    return entries

def q(s):
    s = s.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n').replace('\t', '\\t')
    return '"' + s + '"'

def out(s):
    if '\\n' in s[:-2] if False else ('\n' in s.rstrip('\n') ):
        parts = s.split('\n')
        lines = ['""']
        for i, p in enumerate(parts):
            if i < len(parts) - 1: lines.append(q(p + '\n'))
            elif p: lines.append(q(p))
        return '\n'.join(lines)
    return q(s)

pot, po, trfile = sys.argv[1:4]
tr = {}
exec(open(trfile, encoding='utf-8').read(), {}, ns := {})
tr.update(ns['TR'])
old = {}
try:
    for e in parse(po):
        if e['msgid'] and e['msgstr']: old[e['msgid']] = e['msgstr']
except FileNotFoundError:
    pass
with open(po, 'w', encoding='utf-8') as f:
    f.write('msgid ""\nmsgstr ""\n"Project-Id-Version: boucle\\n"\n"Language: fr\\n"\n'
            '"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
            '"Content-Transfer-Encoding: 8bit\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n')
    for e in parse(pot):
        mid = e['msgid']
        if not mid: continue
        s = tr.get(mid, old.get(mid, ''))
        if not s: print('UNTRANSLATED:', repr(mid))
        f.write('\n')
        for c in e['comments']:
            if c.startswith('#,') or c.startswith('#:'): f.write(c + '\n')
        f.write('msgid ' + out(mid) + '\nmsgstr ' + out(s) + '\n')
