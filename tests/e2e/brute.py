#!/usr/bin/env python3
"""brute.py: brute-force expectations for the end-to-end tests T2*.sh.

Reads the sample reports of docs/examples (and any folder given with
--dir) straight from their bytes, decoding them the way a careful reader
would (UTF-8, UTF-8 with BOM, UTF-16 with BOM, else GB18030), and their
metadata from labels.tsv, and answers the questions the tests ask of
jixiao-search without using any of its code: which reports contain a
string, how many per year, which reports a filter keeps. It also parses
what jixiao-search printed (JSON Lines, CSV) with real parsers and checks
it: every line valid JSON with a known "type", match offsets that index
characters of "text", excluded strings absent.

Strings are compared in the search form the engine documents
(common/text/jx_text.h): full-width ASCII folded to ASCII, A-Z to a-z, white
space dropped except one space between two word characters (a-z 0-9);
a Latin word or number matches only whole (APP does not match APPS,
5 does not match 15 or 5.5). Text is split into paragraphs as the
reports are written: one per line, except that a sentence cut by a page
break (two or more blank lines) is joined again; [bookmark: ...] markers
and page-number lines (- 2 -) are dropped.

Usage (every command prints its answer on stdout, one item per line):
  brute.py reports [FILTERS] [STRING...]   sample files (basenames) whose
                                           text contains every STRING (and
                                           no -STRING) and whose labels
                                           pass the filters
  brute.py count-by FIELD [FILTERS] STRING...
                                           "value<TAB>reports" per label
                                           value (sorted by value; "" for
                                           reports without one)
  brute.py json-paths FILE                 basenames of the reports of a
                                           --json output (report objects,
                                           else the passages' reports), in
                                           order of first appearance
  brute.py check-json [--strict] FILE [STRING...]
                                           validates JSON Lines output;
                                           prints "ok" or the problems
                                           (--strict: and no name given
                                           twice in one object)
  brute.py listings FILE...                "ok" when every file is valid
                                           JSON Lines (check-json) and the
                                           path of each report object is
                                           what a plain text match of
                                           "path":"..." finds (which the
                                           tests use to be fast)
  brute.py lacks FILE STRING               "ok" when no passage of a
                                           --json output has STRING in its
                                           heading or text
  brute.py all-have FILE STRING...         "ok" when every passage has
                                           every STRING in heading or text
  brute.py any-have FILE STRING...         "ok" when every passage has
                                           one of the STRINGs
  brute.py in-heading FILE STRING          "ok" when every passage has
                                           STRING in its heading path
  brute.py csv-paths FILE                  validates --list-reports --csv
                                           output, prints the basenames
  brute.py batch                           runs the commands on stdin (one
                                           a line, in shell quoting) in one
                                           process; prints for each the
                                           command, a tab and its answer
                                           with lines joined by spaces
  brute.py field FILE KEY                  the KEY of each JSON object
                                           (passage: of its report), in order
FILTERS: --year Y|A..B  --dept TEXT  --region TEXT  --grade G  --type T
         --score A..B|A..|..B|none  --title TEXT (with --meta only)
         --dir DIR       the sample folder (default docs/examples)
         --meta CSV      metadata from a --list-reports --csv output (what
                         the index holds) instead of labels.tsv
         --para          every STRING in one paragraph (else anywhere in
                         the report)
"""
import contextlib
import csv
import functools
import io
import json
import os
import re
import shlex
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                    "..", ".."))
EXAMPLES = os.path.join(TOP, "docs", "examples")
GRADES = {"优秀": "优", "良好": "良", "合格": "中", "不合格": "差",
          "优": "优", "良": "良", "中": "中", "差": "差"}
TYPES = ("summary", "report", "passage", "count")


def decode(data):
    """Decodes a report file's bytes by BOM, else UTF-8, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


SPACES = {0x00A0, 0x3000, 0x202F, 0x205F, 0xFEFF} | set(range(0x2000, 0x200C))


def is_word(c):
    """A character of a word token after folding: a-z or 0-9."""
    return "a" <= c <= "z" or "0" <= c <= "9"


def fold(c):
    """Full-width ASCII to ASCII, Unicode spaces to ' ', A-Z to a-z."""
    cp = ord(c)
    if 0xFF01 <= cp <= 0xFF5E:
        cp -= 0xFEE0
    if cp in SPACES:
        return " "
    c = chr(cp)
    return c.lower() if "A" <= c <= "Z" else c


def search_form(text):
    """The search form: folded, white space dropped unless between two
    word characters, where a run becomes one space."""
    out = []
    pending = False
    for ch in text:
        c = fold(ch)
        if c in " \t\n\r\v\f":
            pending = True
            continue
        if pending and out and is_word(out[-1]) and is_word(c):
            out.append(" ")
        pending = False
        out.append(c)
    return "".join(out)


def contains(hay, needle):
    """True when the search form hay holds the search form needle where a
    word at either end of needle is whole in hay."""
    if not needle:
        return True
    at = hay.find(needle)
    while at >= 0:
        before = hay[at - 1] if at > 0 else ""
        end = at + len(needle)
        after = hay[end] if end < len(hay) else ""
        ok = True
        if is_word(needle[0]) and before:
            if is_word(before) or (before == "." and needle[0].isdigit()
                                   and at > 1 and hay[at - 2].isdigit()):
                ok = False
        if is_word(needle[-1]) and after:
            if is_word(after) or (after == "." and needle[-1].isdigit()
                                  and end + 1 < len(hay)
                                  and hay[end + 1].isdigit()):
                ok = False
        if ok:
            return True
        at = hay.find(needle, at + 1)
    return False


PAGE_NUMBER = re.compile(r"^\s*[-—–]?\s*\d+\s*[-—–]?\s*$")
BOOKMARK = re.compile(r"\[bookmark:[^\]]{0,200}\]")


def paragraphs(text):
    """The paragraphs of a report's text, each in search form."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paras, cur, blanks = [], None, 0
    for line in lines:
        line = BOOKMARK.sub("", line).replace("\u200b", "")
        if not line.strip():
            blanks += 1
            continue
        if PAGE_NUMBER.match(line):
            blanks = 0
            continue
        if cur is not None and blanks >= 2:
            cur += line  # a sentence cut by a page break
        else:
            if cur is not None:
                paras.append(cur)
            cur = line
        blanks = 0
    if cur is not None:
        paras.append(cur)
    return [search_form(p) for p in paras]


@functools.lru_cache(maxsize=None)
def load(folder):
    """{basename: (paragraphs, labels)} of the sample collection."""
    labels = {}
    path = os.path.join(folder, "labels.tsv")
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                labels[row["file"]] = row
    reports = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(folder, name), "rb") as f:
            text = decode(f.read())
        reports[name] = (paragraphs(text), labels.get(name, {}))
    return reports


def parse_range(value):
    """"A", "A..B", "A..", "..B" into (lo, hi) floats."""
    if ".." in value:
        lo, hi = value.split("..", 1)
        return (float(lo) if lo else float("-inf"),
                float(hi) if hi else float("inf"))
    return float(value), float(value)


def passes(lab, filters):
    """True when a report's labels pass every filter."""
    for key, value in filters:
        if key == "year":
            lo, hi = parse_range(value)
            if not lab.get("year") or not lo <= float(lab["year"]) <= hi:
                return False
        elif key == "score":
            if value == "none":
                if lab.get("score"):
                    return False
                continue
            lo, hi = parse_range(value)
            if not lab.get("score") or not lo <= float(lab["score"]) <= hi:
                return False
        elif key in ("dept", "region", "title"):
            col = {"dept": "department"}.get(key, key)
            if not contains(search_form(lab.get(col, "")), search_form(value)):
                return False
        elif key == "grade":
            if GRADES.get(lab.get("grade", "")) != GRADES[value]:
                return False
        elif key == "type":
            if lab.get("report_type") != value:
                return False
    return True


def load_meta(path):
    """{basename: labels} from jixiao-search --list-reports --csv output:
    the metadata the index holds, in the columns of labels.tsv."""
    meta = {}
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            row["report_type"] = row["type"]
            meta[os.path.basename(row["path"])] = row
    return meta


def matching(args):
    """Parses FILTERS and STRINGs; returns the names of matching reports
    and the reports."""
    filters, strings, excluded = [], [], []
    folder, meta, para = EXAMPLES, None, False
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--dir":
            folder = args[i + 1]
            i += 2
        elif a == "--meta":
            meta = load_meta(args[i + 1])
            i += 2
        elif a == "--para":
            para = True
            i += 1
        elif a.startswith("--"):
            filters.append((a[2:], args[i + 1]))
            i += 2
        elif a.startswith("-") and len(a) > 1:
            excluded.append(search_form(a[1:]))
            i += 1
        else:
            strings.append(search_form(a))
            i += 1
    reports = load(folder)
    if meta is not None:
        reports = {n: (paras, meta.get(n, {}))
                   for n, (paras, lab) in reports.items()}
    if para:  # every string in one paragraph
        def has(paras):
            return any(all(contains(p, s) for s in strings) for p in paras)
    else:
        def has(paras):
            return all(any(contains(p, s) for p in paras) for s in strings)
    names = [n for n, (paras, lab) in reports.items()
             if passes(lab, filters) and has(paras)
             and not any(contains(p, s) for p in paras for s in excluded)]
    return names, reports


class Obj(dict):
    """A JSON object that remembers the names it held more than once."""
    dups = ()


def first_wins(pairs):
    """object_pairs_hook: keeps the first of duplicate names (json.loads
    keeps the last) and notes the duplicates."""
    o = Obj()
    dups = []
    for k, v in pairs:
        if k in o:
            dups.append(k)
        else:
            o[k] = v
    o.dups = tuple(dups)
    return o


def read_json_lines(path):
    """Parses every line of a JSON Lines file (a ValueError names the
    bad line). Of a name given twice in one object the first counts."""
    objs = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                objs.append(json.loads(line, object_pairs_hook=first_wins))
            except ValueError as e:
                raise ValueError("line %d is not JSON: %s: %r" % (n, e, line))
    return objs


def check_json(path, strings, strict=False):
    """Every line an object with a known type; passages with text,
    heading and matches whose offsets index characters and whose
    substrings are (in search form) one of the strings, at least one in
    each passage when strings are given. strict: no name twice in one
    object either."""
    problems = []
    try:
        objs = read_json_lines(path)
    except ValueError as e:
        return [str(e)]
    if not objs:
        return ["no output"]
    forms = [search_form(s) for s in strings]
    for n, o in enumerate(objs, 1):
        if not isinstance(o, dict) or o.get("type") not in TYPES:
            problems.append("line %d: no known type: %r" % (n, o))
            continue
        if strict and o.dups:
            problems.append("line %d: %s given twice" % (n, ", ".join(o.dups)))
        if o["type"] != "passage":
            continue
        for key in ("text", "heading", "matches", "heading_matches",
                    "report"):
            if key not in o:
                problems.append("line %d: no %s" % (n, key))
        for key, what in (("matches", "text"), ("heading_matches", "heading")):
            s = o.get(what) or ""
            prev = -1
            for span in o.get(key, []):
                a, b = span
                if not 0 <= a < b <= len(s) or a < prev:
                    problems.append("line %d: bad span %r in %s of %d chars"
                                    % (n, span, what, len(s)))
                    continue
                prev = b
                got = search_form(s[a:b])
                if forms and got not in forms:
                    problems.append("line %d: %s[%d:%d] is %r, not one of %r"
                                    % (n, what, a, b, s[a:b], strings))
        if forms and not o.get("matches") and not o.get("heading_matches"):
            problems.append("line %d: a passage without a match" % n)
    return problems


def report_of(o):
    """The report object of a report or passage line."""
    return o.get("report", o) if o.get("type") == "passage" else o


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    cmd, args = argv[0], argv[1:]
    if cmd == "reports":
        names, _ = matching(args)
        for n in names:
            print(n)
    elif cmd == "count-by":
        field = {"dept": "department", "type": "report_type"}.get(
            args[0], args[0])
        names, reports = matching(args[1:])
        counts = {}
        for n in names:
            v = reports[n][1].get(field, "")
            if field == "grade":
                v = GRADES.get(v, v)
            counts[v] = counts.get(v, 0) + 1
        for v in sorted(counts):
            print("%s\t%d" % (v, counts[v]))
    elif cmd == "batch":
        for line in sys.stdin:
            argv = shlex.split(line)
            if not argv or argv[0].startswith("#"):
                continue
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                main(argv)
            lines = [x for x in out.getvalue().split("\n") if x]
            print("%s\t%s" % (" ".join(argv), " ".join(lines)))
    elif cmd == "json-paths":
        seen = []
        for o in read_json_lines(args[0]):
            if o.get("type") in ("report", "passage"):
                name = os.path.basename(report_of(o)["path"])
                if name not in seen:
                    seen.append(name)
        for n in seen:
            print(n)
    elif cmd == "listings":
        problems = []
        raw = re.compile(r'^\{"type":"report",.*"path":"([^"]*)"')
        for path in args:
            problems += ["%s: %s" % (path, p) for p in check_json(path, [])]
            with open(path, encoding="utf-8") as f:
                lines = f.read().splitlines()
            for n, (line, o) in enumerate(zip(lines, read_json_lines(path)
                                              if not problems else []), 1):
                m = raw.match(line)
                if o.get("type") == "report" and (not m or
                                                  m.group(1) != o["path"]):
                    problems.append("%s:%d: path read as %r, is %r" % (
                        path, n, m and m.group(1), o["path"]))
        print("\n".join(problems[:5]) if problems else "ok")
    elif cmd == "check-json":
        strict = args[:1] == ["--strict"]
        if strict:
            args = args[1:]
        problems = check_json(args[0], args[1:], strict)
        print("\n".join(problems[:5]) if problems else "ok")
    elif cmd in ("all-have", "any-have"):
        needles = [search_form(a) for a in args[1:]]
        test = all if cmd == "all-have" else any
        bad = [o for o in read_json_lines(args[0])
               if o.get("type") == "passage"
               and not test(contains(search_form(o["heading"] + "\x1f" +
                                                 o["text"]), n)
                            for n in needles)]
        print("ok" if not bad else "not in: %s" % bad[0]["text"][:80])
    elif cmd == "in-heading":
        needle = search_form(args[1])
        bad = [o for o in read_json_lines(args[0])
               if o.get("type") == "passage"
               and not contains(search_form(o["heading"]), needle)]
        print("ok" if not bad else "not in heading: %s" % bad[0]["heading"])
    elif cmd == "lacks":
        needle = search_form(args[1])
        bad = [o for o in read_json_lines(args[0])
               if o.get("type") == "passage"
               and contains(search_form(o["heading"] + "\x1f" + o["text"]),
                            needle)]
        print("ok" if not bad else "found in: %s" % bad[0]["text"][:80])
    elif cmd == "csv-paths":
        with open(args[0], encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        want = ["rank", "path", "title", "department", "region", "year",
                "score", "grade", "type", "published", "format",
                "matching_passages"]
        if not rows or rows[0] != want:
            print("bad header: %r" % (rows[:1],))
            return 1
        for r in rows[1:]:
            if len(r) != len(want):
                print("bad row: %r" % (r,))
                return 1
            print(os.path.basename(r[1]))
    elif cmd == "field":
        for o in read_json_lines(args[0]):
            if o.get("type") in ("report", "passage"):
                v = report_of(o).get(args[1])
                print("" if v is None else v)
    else:
        print("unknown command %s" % cmd, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
