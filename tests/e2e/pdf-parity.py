#!/usr/bin/env python3
"""pdf-parity.py: compares what the search finds in two databases made
from the same reports, one from .docx files (the reference) and one from
PDFs of the same text, for T720-pdf-parity.sh.

The phrases are taken from the sample texts themselves: in each run of
Han characters, letters and digits (punctuation ends a run: poppler
loses the comma LibreOffice hangs in the right margin), a window of 8
characters at every 10th character and the run's last 8 (a paragraph's
short last line is where PDF layout goes wrong), a window's ends moved
out of a number or Latin word (the search matches those only whole);
windows of fewer than 6 characters or 4 Han characters are left out.
Each database is searched with the real
jixiao-search, the phrases quoted and joined with OR (30 a query), and each phrase counts as found in a report when one of the
match spans the search gives (in a passage's text or heading) holds
that phrase, white space and punctuation aside (overlapping matches come
as one span).

Usage: pdf-parity.py SEARCH REFERENCE_DB PDF_DB SAMPLE.txt...
Prints "phrases N found-in-reference R found-in-pdf F same-heading H
of C" and, after it, up to 10 lines naming phrases found in the
reference but not the PDF, or found under another heading.
"""
import json
import os
import subprocess
import sys

WINDOW = 8
STRIDE = 10
MAX_QUERY = 4000
MAX_BATCH = 30


def wordish(c):
    """True for the characters of a number or Latin word."""
    return c.isascii() and (c.isalnum() or c in ".%")


def runs_of(line):
    """The runs of letters, digits and Han characters of a line (a
    number keeps its point and percent sign)."""
    runs, cur = [], ""
    for c in line:
        if c.isalnum() or (cur and c in ".%" and cur[-1].isascii()):
            cur += c
        else:
            if cur:
                runs.append(cur)
            cur = ""
    if cur:
        runs.append(cur)
    return runs


def phrases_of(path):
    """The phrases of one sample text (a set)."""
    out = set()
    with open(path, encoding="utf-8-sig") as f:
        for line in f:
            for run in runs_of(line):
                if len(run) < WINDOW - 2:
                    continue
                starts = list(range(0, max(len(run) - WINDOW, 0) + 1, STRIDE))
                starts.append(max(len(run) - WINDOW, 0))
                for s in starts:
                    e = s + WINDOW
                    # A number or Latin word matches only whole: move the
                    # ends out of one.
                    while 0 < s < e and wordish(run[s - 1]) and wordish(run[s]):
                        s += 1
                    while e < len(run) and wordish(run[e - 1]) and \
                            wordish(run[e]):
                        e += 1
                    p = run[s:e]
                    if len(p) >= WINDOW - 2 and \
                            sum(not c.isascii() for c in p) >= WINDOW // 2:
                        out.add(p)
    return out


def squeeze(s):
    """s without white space and punctuation: a match span may leave
    out the punctuation at the ends of a phrase."""
    return "".join(c for c in s if c.isalnum())


def spanned(wanted, span):
    """The phrases of wanted ({squeezed: phrase}) inside one match span
    (spans of overlapping matches come merged)."""
    span = squeeze(span)
    return [p for k, p in wanted.items() if k in span]


def search(binary, db, phrases):
    """Runs the OR queries; returns {phrase: {report: set(headings)}},
    where the headings are those of the passages whose text holds the
    phrase, and a report appears (maybe with no headings) when the
    phrase was found in its text or in a heading."""
    found = {}
    batch = []

    def run(batch):
        query = " OR ".join('"%s"' % p for p in batch)
        res = subprocess.run(
            [binary, "--db", db, "--json", "--per-report", "0",
             "--limit", "100000", "--context", "0", query],
            capture_output=True, text=True)
        if res.returncode not in (0, 1):
            sys.exit("search failed: " + res.stderr[:300])
        wanted = {squeeze(p): p for p in batch}
        for line in res.stdout.splitlines():
            rec = json.loads(line)
            if rec.get("type") != "passage":
                continue
            report = os.path.splitext(os.path.basename(rec["report"]["path"]))[0]
            text, heading = rec["text"], rec.get("heading") or ""
            for a, b in rec.get("matches", []):
                for p in spanned(wanted, text[a:b]):
                    found.setdefault(p, {}).setdefault(report, set()).add(heading)
            for a, b in rec.get("heading_matches", []):
                for p in spanned(wanted, heading[a:b]):
                    found.setdefault(p, {}).setdefault(report, set())

    size = 0
    for p in sorted(phrases):
        cost = len(p.encode()) + 6
        if batch and (size + cost > MAX_QUERY or len(batch) == MAX_BATCH):
            run(batch)
            batch, size = [], 0
        batch.append(p)
        size += cost
    if batch:
        run(batch)
    return found


def main():
    binary, ref_db, pdf_db = sys.argv[1:4]
    phrases = set()
    for path in sys.argv[4:]:
        phrases |= phrases_of(path)
    ref = search(binary, ref_db, phrases)
    pdf = search(binary, pdf_db, phrases)
    in_ref = in_pdf = compared = same = 0
    notes = []
    for p in sorted(phrases):
        if p not in ref:
            continue
        in_ref += 1
        reports = ref[p]
        if all(r in pdf.get(p, {}) for r in reports):
            in_pdf += 1
        else:
            notes.append("missing in pdf: %s" % p)
        for r, heads in reports.items():
            if not heads:
                continue
            compared += 1
            got = pdf.get(p, {}).get(r, set())
            if got == heads:
                same += 1
            elif got:
                notes.append("heading of %s: %s, want %s" %
                             (p, " | ".join(sorted(got)),
                              " | ".join(sorted(heads))))
    print("phrases %d found-in-reference %d found-in-pdf %d "
          "same-heading %d of %d" % (len(phrases), in_ref, in_pdf, same,
                                      compared))
    for n in notes[:int(os.environ.get("PARITY_NOTES", "10"))]:
        print(n)


main()
