#!/usr/bin/env python3
"""screen_update.py DIR TEST.sh — after a run with T_SCREEN_SAVE=DIR, rewrites
the expected screens of TEST.sh whose t_screen failed with what was seen,
row by row: a row of the here-document is replaced only where the seen row
differs, and a row holding a shell variable ($...) is left alone and named,
for a person to fix. Review the result with git diff before committing:
a test's expectation changes only when the change is intended."""
import os, re, sys

save, test = sys.argv[1], sys.argv[2]
src = open(test).read().split('\n')
out, i, left = [], 0, []
while i < len(src):
    line = src[i]
    out.append(line)
    m = re.match(r'\s*t_screen\s+(\S+)[^<]*<<\s*\'?(\w+)\'?', line)
    i += 1
    if not m:
        continue
    name, end = m.group(1), m.group(2)
    block = []
    while i < len(src) and src[i] != end:
        block.append(src[i]); i += 1
    exp_f, seen_f = os.path.join(save, name + '.expected'), os.path.join(save, name + '.seen')
    if os.path.exists(seen_f):
        exp = open(exp_f).read().split('\n')
        seen = open(seen_f).read().split('\n')
        while exp and exp[-1] == '': exp.pop()
        while seen and seen[-1] == '': seen.pop()
        n = max(len(exp), len(seen), len(block))
        block += [''] * (n - len(block)); exp += [''] * (n - len(exp)); seen += [''] * (n - len(seen))
        for k in range(n):
            if exp[k].rstrip() != seen[k].rstrip():
                if '$' in block[k]:
                    left.append('%s row %d: %r' % (name, k + 1, seen[k]))
                else:
                    block[k] = seen[k]
        while block and block[-1] == '': block.pop()
    out.extend(block)
open(test, 'w').write('\n'.join(out))
for l in left: print('left for a person:', l)
