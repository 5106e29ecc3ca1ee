/* jx_structure.c: from the shape of a report's lines (jx_line_shape.c),
 * the headings and the passages each body paragraph gives, under its
 * heading path. The rules are in
 * docs/report-model.md. */
#include <stdlib.h>
#include <string.h>

#include "jx_array.h"
#include "jx_furniture.h"
#include "jx_line_shape.h"
#include "jx_structure.h"

/* Deepest heading path kept; deeper headings replace the innermost. */
#define MAX_DEPTH 16

/* A numbered line longer than this is a list item or a paragraph. */
#define HEADING_MAX_CHARS 40
/* A numbered line ending in 。 is a heading only up to this length. */
#define HEADING_STOP_MAX_CHARS 25

/* What the passage builder knows about each line: five bytes a line,
 * as a text may have a million lines. */
typedef struct line_shape {
    signed char num_level;   /* numbering level, -1 when unnumbered */
    unsigned char candidate; /* shaped like a heading (numbered or short) */
    unsigned char heading;   /* decided: a heading */
    signed char level;       /* the heading's level */
    unsigned char furniture; /* a web page's furniture: no passage */
} line_shape;

/* A numbered line is shaped like a heading when it is short and has no
 * sentence end inside it (a final 。 only when very short). */
static int numbered_heading_shape(const char *s, size_t len)
{
    size_t count = 0, i = 0;
    uint32_t last = 0;
    while (i < len) {
        uint32_t cp = jx_next_cp(s, len, &i);
        int inner = i < len;
        if (inner && (cp == 0x3002 || cp == 0xFF1B || cp == 0xFF01 ||
                      cp == 0xFF1F || cp == ';'))
            return 0;
        last = cp;
        count++;
    }
    if (count > HEADING_MAX_CHARS)
        return 0;
    if (last == 0xFF1B || last == 0xFF0C || last == ',' || last == ';')
        return 0;
    return last != 0x3002 || count <= HEADING_STOP_MAX_CHARS;
}

/* The level of a line's numbering; for a doubled numbering left by a
 * converter ("(三) 1. 招商引资…") the inner, deeper one. */
static int numbering_level(const char *s, size_t len)
{
    size_t p;
    int outer = Jx_numbering(s, len, &p);
    if (outer < 0)
        return outer;
    int inner = Jx_numbering(s + p, len - p, NULL);
    return inner > outer ? inner : outer;
}

/* First pass: numbering and heading shape of every line; the title and
 * any cover lines above it are never headings. */
static void shape_lines(const jx_line *lines, size_t n, size_t title_first,
                        size_t title_count, line_shape *shape)
{
    for (size_t i = 0; i < n; i++) {
        const jx_line *l = &lines[i];
        line_shape *sh = &shape[i];
        sh->num_level = (signed char)numbering_level(l->s, l->len);
        sh->furniture = (unsigned char)Jx_is_furniture_at(
            lines, i, title_first, title_count);
        if (i < title_first + title_count)
            sh->candidate = 0;
        else if (sh->num_level >= 0)
            sh->candidate = numbered_heading_shape(l->s, l->len);
        else
            sh->candidate = Jx_is_title_like(l->s, l->len);
    }
}

/* Bottom-up: a numbered candidate heads something unless the next line
 * is numbered at the same or an outer level (then it is a list item); an
 * unnumbered one unless the next line is a title-like non-heading. */
static void decide_headings(size_t n, line_shape *shape)
{
    for (size_t k = n; k-- > 0;) {
        line_shape *sh = &shape[k];
        sh->heading = 0;
        if (!sh->candidate || k + 1 >= n)
            continue;
        const line_shape *next = &shape[k + 1];
        if (sh->num_level >= 0)
            sh->heading =
                !(next->num_level >= 0 && next->num_level <= sh->num_level);
        else
            sh->heading =
                !(next->num_level < 0 && next->candidate && !next->heading);
    }
    /* Top-down: the last item of a list is not a heading either. */
    for (size_t k = 1; k < n; k++) {
        const line_shape *prev = &shape[k - 1];
        line_shape *sh = &shape[k];
        if (sh->heading && sh->num_level >= 0 &&
            prev->num_level == sh->num_level && !prev->heading)
            sh->heading = 0;
    }
}

/* Top-down: numbered headings take their numbering's level; the first
 * unnumbered heading after a numbered one goes one level inside it, and
 * the unnumbered headings after it share its level until a numbered
 * heading further out comes. */
static void assign_levels(size_t n, line_shape *shape)
{
    int stack[MAX_DEPTH];
    size_t depth = 0;
    int unnumbered = -1;
    for (size_t k = 0; k < n; k++) {
        line_shape *sh = &shape[k];
        if (!sh->heading)
            continue;
        int level = sh->num_level;
        if (level >= 0) {
            if (unnumbered >= 0 && level < unnumbered)
                unnumbered = -1;
        } else {
            if (unnumbered < 0)
                unnumbered = depth ? stack[depth - 1] + 1 : JX_LEVEL_CN;
            level = unnumbered;
        }
        while (depth > 0 && stack[depth - 1] >= level)
            depth--;
        if (depth < MAX_DEPTH)
            stack[depth++] = level;
        sh->level = (signed char)level;
    }
}

/* Bottom-up: a heading with no body line under it (before the next
 * heading at its level or further out) becomes a body line, so that its
 * text is not lost. */
static void demote_empty_headings(size_t n, line_shape *shape)
{
    int body_below = 0;
    int min_level = 1 << 30;
    for (size_t k = n; k-- > 0;) {
        line_shape *sh = &shape[k];
        if (sh->heading && !(body_below && min_level > sh->level))
            sh->heading = 0;
        if (sh->heading) {
            if (sh->level < min_level)
                min_level = sh->level;
        } else {
            body_below = 1;
            min_level = 1 << 30;
        }
    }
}

/* ---- passages ------------------------------------------------------------
 */

/* Where the passages go. Jx_build_passages runs emit_passages twice: the
 * first time (v NULL) it only counts the passages and the bytes of their
 * strings; the second time it fills v and one block of strings allocated
 * to those sizes. A report so holds two allocations for its passages,
 * not two for each (a text of a million one-character lines would spend
 * 64 bytes of malloc overhead a passage on strings of two). */
typedef struct passage_sink {
    jx_passage *v;       /* NULL while counting */
    char *strings;       /* texts and heading paths, NUL-terminated */
    size_t n, used;      /* passages and string bytes so far */
    size_t cap_n, cap;   /* what was counted: the sizes of v and strings */
    const char *heading; /* the current path, NULL until it is stored */
} passage_sink;

/* Adds one passage of text[0..len) (the first overlap bytes repeated
 * from the passage before) under path; the path is stored once for all
 * the passages under it. */
static jx_status add_piece(passage_sink *sink, const jx_buf *path,
                           const char *text, size_t len, size_t overlap,
                           unsigned line)
{
    size_t need = len + 1 + (sink->heading ? 0 : path->len + 1);
    if (sink->v && (sink->n == sink->cap_n || sink->cap - sink->used < need))
        return JX_ERR_NOMEM; /* the two passes disagree: cannot happen */
    if (!sink->heading) {
        if (sink->v)
            memcpy(sink->strings + sink->used, path->data, path->len + 1);
        sink->heading = sink->v ? sink->strings + sink->used : "";
        sink->used += path->len + 1;
    }
    if (sink->v) {
        jx_passage *p = &sink->v[sink->n];
        p->heading = (char *)sink->heading;
        p->text = sink->strings + sink->used;
        memcpy(p->text, text, len);
        p->text[len] = '\0';
        p->line = line;
        p->overlap = (unsigned)overlap;
    }
    sink->used += len + 1;
    sink->n++;
    return JX_OK;
}

/* Rebuilds the heading path string from the stack of heading lines. */
static jx_status build_path(const jx_line *lines, const size_t *stack,
                            size_t depth, jx_buf *path)
{
    Jx_buf_reset(path);
    jx_status st = Jx_buf_append(path, "", 0);
    for (size_t d = 0; d < depth && st == JX_OK; d++) {
        if (d > 0)
            st = Jx_buf_puts(path, JX_HEADING_SEP);
        if (st == JX_OK)
            st = Jx_buf_append(path, lines[stack[d]].s, lines[stack[d]].len);
    }
    return st;
}

/* True when s[0..len) has at most max_chars characters (looking at no
 * more than max_chars + 1 of them). */
static int within_chars(const char *s, size_t len, size_t max_chars)
{
    if (len <= max_chars)
        return 1;
    size_t i = 0, count = 0;
    while (i < len && count <= max_chars) {
        jx_next_cp(s, len, &i);
        count++;
    }
    return count <= max_chars;
}

/* Adds the pieces of one body line as passages under path. */
static jx_status add_paragraph(passage_sink *sink, const jx_buf *path,
                               const jx_line *l, unsigned line)
{
    if (within_chars(l->s, l->len, JX_PASSAGE_MAX_CHARS))
        return add_piece(sink, path, l->s, l->len, 0, line);
    jx_piece *pieces = NULL;
    size_t n = 0;
    jx_status st = Jx_split_paragraph(l->s, l->len, JX_PASSAGE_MAX_CHARS,
                                      JX_PASSAGE_OVERLAP_CHARS, &pieces, &n);
    for (size_t p = 0; p < n && st == JX_OK; p++)
        st = add_piece(sink, path, l->s + pieces[p].off, pieces[p].len,
                       pieces[p].overlap, line);
    free(pieces);
    return st;
}

/* Walks the lines keeping a stack of open headings; every other
 * non-empty line becomes one passage or more. */
static jx_status emit_passages(const jx_line *lines, size_t n,
                               const line_shape *shape, passage_sink *sink)
{
    size_t stack[MAX_DEPTH] = {0}, depth = 0;
    jx_buf path = {0};
    jx_status st = build_path(lines, stack, 0, &path);
    sink->heading = NULL;
    for (size_t k = 0; k < n && st == JX_OK; k++) {
        if (shape[k].heading) {
            while (depth > 0 &&
                   shape[stack[depth - 1]].level >= shape[k].level)
                depth--;
            if (depth == MAX_DEPTH)
                depth--;
            stack[depth++] = k;
            st = build_path(lines, stack, depth, &path);
            sink->heading = NULL;
        } else if (lines[k].len > 0 && !shape[k].furniture) {
            st = add_paragraph(sink, &path, &lines[k], (unsigned)(k + 1));
        }
    }
    Jx_buf_clear(&path);
    return st;
}

/* Shapes the lines, decides headings and levels, counts the passages and
 * their bytes, then emits them into arrays of exactly that size. */
jx_status Jx_build_passages(const jx_line *lines, size_t n, size_t title_first,
                            size_t title_count, jx_passage **out,
                            size_t *n_out, char **strings)
{
    *out = NULL;
    *n_out = 0;
    *strings = NULL;
    if (n == 0)
        return JX_OK;
    line_shape *shape = calloc(n, sizeof *shape);
    if (!shape)
        return JX_ERR_NOMEM;
    shape_lines(lines, n, title_first, title_count, shape);
    decide_headings(n, shape);
    assign_levels(n, shape);
    demote_empty_headings(n, shape);
    passage_sink count = {0};
    jx_status st = emit_passages(lines, n, shape, &count);
    passage_sink fill = {0};
    if (st == JX_OK && count.n > 0) {
        fill.v = malloc(count.n * sizeof *fill.v);
        fill.strings = malloc(count.used);
        fill.cap_n = count.n;
        fill.cap = count.used;
        st = fill.v && fill.strings ? emit_passages(lines, n, shape, &fill)
                                    : JX_ERR_NOMEM;
    }
    free(shape);
    if (st != JX_OK) {
        free(fill.v);
        free(fill.strings);
        return st;
    }
    *out = fill.v;
    *n_out = fill.n;
    *strings = fill.strings;
    return JX_OK;
}

/* ---- splitting a long paragraph ----------------------------------------- */

/* 。！？； and ASCII ! ? ; end a sentence (a '.' may be a decimal point). */
static int is_sentence_end(uint32_t cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF1B ||
           cp == '!' || cp == '?' || cp == ';';
}

/* ，、： and ASCII , : and the space: where a sentence too long for one
 * passage is cut, failing a sentence end. */
static int is_soft_break(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A || cp == ',' ||
           cp == ':' || cp == ' ';
}

/* ASCII letters and digits: the bytes of a word the tokenizer indexes
 * whole, which a cut should not fall inside. */
static int is_word_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9');
}

/* When the character boundary i of s[0..len) falls inside a run of word
 * bytes that starts after floor (or at floor, where a word begins),
 * returns the start of the run; else i. */
static size_t word_start(const char *s, size_t len, size_t i, size_t floor)
{
    if (i <= floor || i >= len || !is_word_byte(s[i]) ||
        !is_word_byte(s[i - 1]))
        return i;
    size_t j = i;
    while (j > floor && is_word_byte(s[j - 1]))
        j--;
    return j == floor && j > 0 && is_word_byte(s[j - 1]) ? i : j;
}

/* Where the piece starting at byte start (its new text from byte pos
 * on) ends, with at most max_chars characters: after the last sentence
 * end (and closing quotes) in its new text; failing one, after the last
 * soft break in its second half; failing that, after max_chars
 * characters, moved back to the start of an ASCII word the cut would
 * fall inside if that word starts in the second half. *clean is 1 when
 * the piece ends the paragraph or a sentence. */
static size_t piece_end(const char *s, size_t len, size_t start, size_t pos,
                        size_t max_chars, int *clean)
{
    size_t i = start, chars = 0, sentence = 0, soft = 0, half = len;
    while (i < len && chars < max_chars) {
        uint32_t cp = jx_next_cp(s, len, &i);
        if (++chars == max_chars / 2)
            half = i;
        if (i <= pos)
            continue;
        if (is_sentence_end(cp)) {
            size_t j = i, c = chars;
            while (j < len && c < max_chars) {
                size_t k = j;
                if (!Jx_is_closing(jx_next_cp(s, len, &k)))
                    break;
                j = k;
                c++;
            }
            sentence = j;
        } else if (is_soft_break(cp) && i >= half) {
            soft = i;
        }
    }
    *clean = 1;
    if (i >= len)
        return len;
    if (sentence)
        return sentence;
    *clean = 0;
    if (soft)
        return soft;
    size_t w = word_start(s, len, i, pos);
    return w > pos && w >= half ? w : i;
}

/* The start of the overlap before a cut: overlap_chars characters back
 * from cut (not before floor), moved back to the start of an ASCII word
 * it would fall inside, if that word starts within overlap_chars more. */
static size_t overlap_start(const char *s, size_t len, size_t cut,
                            size_t floor, size_t overlap_chars)
{
    size_t o = cut, limit;
    for (size_t k = 0; k < overlap_chars && o > floor; k++)
        Jx_last_cp(s, o, &o);
    limit = o;
    for (size_t k = 0; k < overlap_chars && limit > floor; k++)
        Jx_last_cp(s, limit, &limit);
    return word_start(s, len, o, limit);
}

/* Appends one piece to the growing array of pieces. */
static jx_status push_piece(jx_piece **v, size_t *n, size_t *cap,
                            jx_piece piece)
{
    jx_status st = Jx_array_reserve(v, cap, *n + 1, sizeof **v);
    if (st)
        return st;
    (*v)[(*n)++] = piece;
    return JX_OK;
}

/* Cuts piece after piece; after a cut inside a sentence the next piece
 * starts overlap_chars characters early. */
jx_status Jx_split_paragraph(const char *s, size_t len, size_t max_chars,
                             size_t overlap_chars, jx_piece **pieces,
                             size_t *n)
{
    size_t cap = 0, start = 0, pos = 0;
    jx_status st = JX_OK;
    *pieces = NULL;
    *n = 0;
    if (max_chars < 2)
        max_chars = 2;
    if (overlap_chars > max_chars / 4)
        overlap_chars = max_chars / 4; /* an overlap of at most half a
                                          piece keeps the pieces moving */
    while (pos < len && st == JX_OK) {
        int clean;
        size_t end = piece_end(s, len, start, pos, max_chars, &clean);
        st = push_piece(pieces, n, &cap,
                        (jx_piece){start, end - start, pos - start});
        start = clean ? end : overlap_start(s, len, end, start, overlap_chars);
        pos = end;
    }
    if (st != JX_OK) {
        free(*pieces);
        *pieces = NULL;
        *n = 0;
    }
    return st;
}
