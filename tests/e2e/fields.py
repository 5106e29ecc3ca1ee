#!/usr/bin/env python3
"""fields.py: the field filters of jixiao-search (title: dept: region:
section: and --title --dept --region) against a brute force, for
T260-field-filters.sh.

Usage: fields.py SEARCH DB ALL.json
ALL.json is the --json listing of every passage of DB (--per-report 0).
From it, the strings to try are cut: for each field, pieces of 1 to 8
characters of its values (the headings, for section:), and strings of
the same lengths that no value holds. Each is searched alone, with a
quoted phrase (AND), with OR, quoted itself, and (but section:) as an
option; the passages listed (path, heading, text, as a multiset) must be
exactly those the brute force finds by evaluating the query on ALL.json
with brute.py's search form and containment. Prints PASS:/FAIL: lines.
"""
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from brute import contains, search_form  # noqa: E402

NAME = "T260-field-filters"
FIELDS = {"title": "title", "dept": "department", "region": "region"}
# The phrases the filters are combined with: one of several terms (which
# the engine must check against the text, so the filter is evaluated
# by the check as well) and one short word.
PHRASES = ("预算执行率", "绩效")


def passages(path):
    """The passages of a --json listing, as (path, heading, text, report)."""
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            o = json.loads(line)
            if o.get("type") == "passage":
                out.append((o["report"]["path"], o["heading"], o["text"],
                            o["report"]))
    return out


def key(p):
    return (p[0], p[1], p[2])


def field_has(p, field, s):
    """True when the passage's field (section: its heading) contains s."""
    if field == "section":
        hay = p[1]
    else:
        hay = p[3].get(FIELDS[field]) or ""
    return bool(hay) and contains(search_form(hay), search_form(s))


def text_has(p, s):
    return contains(search_form(p[1] + "\x1f" + p[2]), search_form(s))


def pieces(values):
    """Strings of 1 to 8 characters cut from values (two places in
    different values for each length) and, for each length, one no value
    holds."""
    values = sorted(v for v in set(values) if v)
    out = []
    for n in range(1, 9):
        long_enough = [v for v in values if len(v) >= n]
        for i, v in enumerate(long_enough[:: max(1, len(long_enough) // 2)]
                              [:2]):
            at = (i * 5) % (len(v) - n + 1)
            piece = v[at:at + n]
            if search_form(piece).strip() and piece not in out:
                out.append(piece)
        out.append(("甲乙丙丁戊己庚辛")[:n])
    return out


def run(search, db, args):
    """The passages jixiao-search lists for args (a multiset of keys) and
    its exit status."""
    r = subprocess.run([search, "--db", db, "--json", "--per-report", "0",
                        "-n", "100000"] + args,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    got = collections.Counter()
    for line in r.stdout.decode("utf-8").splitlines():
        o = json.loads(line)
        if o.get("type") == "passage":
            got[(o["report"]["path"], o["heading"], o["text"])] += 1
    return got, r.returncode, r.stderr.decode("utf-8", "replace").strip()


def main(search, db, all_json):
    universe = passages(all_json)
    fails = collections.Counter()
    checked = collections.Counter()
    shown = 0
    values = {"section": [h for p in universe for h in p[1].split(" › ")]}
    for f, col in FIELDS.items():
        values[f] = [p[3].get(col) or "" for p in universe]
    for field in ("title", "dept", "region", "section"):
        for s in pieces(values[field]):
            q = s if '"' not in s and " " not in s else None
            cases = []
            if q:
                cases.append(("alone", [field + ":" + q],
                              lambda p: field_has(p, field, s)))
            for ph in PHRASES:
                if q:
                    cases.append(("AND " + ph, [field + ":" + q, '"%s"' % ph],
                                  lambda p, ph=ph: field_has(p, field, s)
                                  and text_has(p, ph)))
                    cases.append(("OR " + ph, [field + ":" + q + ' OR "%s"'
                                               % ph],
                                  lambda p, ph=ph: field_has(p, field, s)
                                  or text_has(p, ph)))
                    cases.append(("NOT " + ph, [field + ":" + q + " -" + ph],
                                  lambda p, ph=ph: field_has(p, field, s)
                                  and not text_has(p, ph)))
                if '"' not in s:
                    cases.append(("quoted value AND " + ph,
                                  ['%s:"%s" "%s"' % (field, s, ph)],
                                  lambda p, ph=ph: field_has(p, field, s)
                                  and text_has(p, ph)))
                if field != "section":
                    cases.append(("--%s AND %s" % (field, ph),
                                  ["--" + field, s, '"%s"' % ph],
                                  lambda p, ph=ph: field_has(p, field, s)
                                  and text_has(p, ph)))
            for what, args, pred in cases:
                want = collections.Counter(key(p) for p in universe
                                           if pred(p))
                got, rc, err = run(search, db, args)
                group = "%s: %d characters, %s" % (field, len(s), what)
                checked[group] += 1
                want_rc = 0 if want else 1
                if got != want or rc != want_rc:
                    fails[group] += 1
                    if shown < 20:
                        shown += 1
                        print("FAIL: %s %s: %r exit %d (want %d), %d "
                              "passages (want %d) %s" % (
                                  NAME, group, args, rc, want_rc,
                                  sum(got.values()), sum(want.values()),
                                  err[:200]))
    for group in sorted(checked):
        if not fails[group]:
            print("PASS: %s %s (%d strings)" % (NAME, group, checked[group]))
        elif shown >= 20:
            print("FAIL: %s %s: %d of %d strings differ" % (
                NAME, group, fails[group], checked[group]))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
