/* jx_overrides.c: metadata the user supplies to correct or complete what
 * extraction found. A manifest is an RFC 4180 CSV with a header row (a
 * "path" column plus field names), one row per report; a sidecar is a
 * REPORT.meta file of "field: value" lines. Both are read whole, decoded
 * like report text, checked value by value with Jx_field_validate and
 * applied with Jx_report_set_field. Anything wrong goes to the caller's
 * warn callback with file and line, and the rest is used. See
 * docs/overrides.md for the formats. */
#include "jx_overrides.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "jx_array.h"
#include "jx_buf.h"
#include "jx_text.h"

/* Larger files are refused without being decoded. */
#define MAX_MANIFEST_BYTES (64u * 1024 * 1024)
#define MAX_SIDECAR_BYTES  (1u * 1024 * 1024)

/* Values quoted in warnings are cut to this many bytes. */
#define CLIP_BYTES 120

/* Named in warnings about unknown field names. */
#define FIELD_LIST                                                            \
    "title, department, region, year, score, grade, type, published"

/* Header columns that are not fields. */
#define COL_PATH   (-1)
#define COL_IGNORE (-2)

/* Where warnings go: the callback (may be NULL) and the file they name. */
typedef struct warner {
    jx_override_warn_fn fn;
    void *ctx;
    const char *file;
} warner;

/* One report's row of the manifest, its values validated. */
typedef struct manifest_row {
    char *path;     /* canonical absolute path of the report: the key */
    char *evidence; /* "manifest.csv:12" */
    unsigned line;
    char *values[JX_FIELD_COUNT]; /* NULL: no override */
} manifest_row;

struct jx_manifest {
    manifest_row *rows; /* sorted by path, at most one per path */
    size_t n_rows;
    size_t cap;
};

/* A CSV reader over decoded text; cell is scratch space for one cell. */
typedef struct csv_reader {
    const char *p;
    const char *end;
    unsigned line; /* the physical line p is on, from 1 */
    jx_buf cell;
} csv_reader;

/* One CSV record: its cells and the line it starts on. */
typedef struct csv_row {
    char **cells;
    size_t n;
    size_t cap;
    unsigned line;
    bool unterminated; /* a quoted cell ran to the end of the file */
} csv_row;

/* What every row of one manifest is read against. */
typedef struct manifest_ctx {
    warner w;
    const int *cols; /* per column: a jx_field_id, COL_PATH or COL_IGNORE */
    size_t n_cols;
    const char *dir;  /* the manifest's folder, for relative paths */
    const char *base; /* the manifest's file name, for evidence */
} manifest_ctx;

/* Passes a formatted warning for line to the callback, if there is one. */
static void warnf(const warner *w, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warnf(const warner *w, unsigned line, const char *fmt, ...)
{
    if (!w->fn)
        return;
    char why[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    w->fn(w->ctx, w->file, line, why);
}

/* Returns s, or a copy in buf cut at a character boundary and ended with
 * "..." when s is longer than CLIP_BYTES, so warnings stay short. */
static const char *clip(const char *s, char buf[CLIP_BYTES + 4])
{
    size_t n = strlen(s);
    if (n <= CLIP_BYTES)
        return s;
    n = CLIP_BYTES;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, s, n);
    memcpy(buf + n, "...", 4);
    return buf;
}

/* Returns the part of path after its last '/'. */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Removes leading and trailing spaces, tabs, CRs and LFs in place. */
static void trim(char *s)
{
    size_t start = strspn(s, " \t\r\n");
    size_t len = strlen(s + start);
    while (len > 0 && strchr(" \t\r\n", s[start + len - 1]))
        len--;
    memmove(s, s + start, len);
    s[len] = '\0';
}

/* Lower-cases the ASCII letters of s in place. */
static void ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* Finds the field a user-written name (any case, surrounding blanks)
 * stands for; JX_FIELD_COUNT when none. */
static jx_field_id field_of_name(const char *name)
{
    char *s = strdup(name);
    if (!s)
        return JX_FIELD_COUNT;
    trim(s);
    ascii_lower(s);
    jx_field_id id = Jx_field_by_name(s);
    free(s);
    return id;
}

/* Reads the rest of f into raw; JX_ERR_IO when reading fails,
 * JX_ERR_FORMAT when there is more than max bytes. */
static jx_status slurp(FILE *f, const char *what, const char *path, size_t max,
                       jx_buf *raw, jx_error *err)
{
    for (;;) {
        if (Jx_buf_reserve(raw, 65536))
            return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
        size_t room = raw->cap - raw->len - 1;
        size_t got = fread(raw->data + raw->len, 1, room, f);
        raw->len += got;
        raw->data[raw->len] = '\0';
        if (raw->len > max)
            return Jx_error_set(err, JX_ERR_FORMAT,
                                "%s '%s' is larger than %zu KiB", what, path,
                                max / 1024);
        if (got < room) {
            if (ferror(f))
                return Jx_error_set(err, JX_ERR_IO, "cannot read %s '%s': %s",
                                    what, path, strerror(errno));
            return JX_OK;
        }
    }
}

/* Reads path and decodes it to UTF-8 in out (BOM removed), as report
 * text is decoded. When missing is not NULL, a file that does not exist
 * sets *missing and is not an error. */
static jx_status read_text(const char *what, const char *path, size_t max,
                           bool *missing, jx_buf *out, jx_error *err)
{
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (missing && (errno == ENOENT || errno == ENOTDIR)) {
            *missing = true;
            return JX_OK;
        }
        return Jx_error_set(err, JX_ERR_IO, "cannot open %s '%s': %s", what,
                            path, strerror(errno));
    }
    jx_buf raw = {0};
    jx_status st = slurp(f, what, path, max, &raw, err);
    fclose(f);
    if (!st) {
        jx_error derr;
        Jx_error_clear(&derr);
        st = Jx_decode_text(raw.data ? raw.data : "", raw.len, out, NULL, NULL,
                            &derr);
        if (st)
            Jx_error_set(err, st, "%s '%s': %s", what, path, derr.message);
    }
    Jx_buf_clear(&raw);
    return st;
}

/* Empties a CSV row, freeing its cells. */
static void csv_row_clear(csv_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        free(row->cells[i]);
    row->n = 0;
    row->unterminated = false;
}

/* Frees a CSV row's cells and array. */
static void csv_row_free(csv_row *row)
{
    csv_row_clear(row);
    free(row->cells);
    row->cells = NULL;
    row->cap = 0;
}

/* Appends a copy of the reader's current cell to row. */
static jx_status csv_row_push(csv_row *row, csv_reader *r)
{
    if (Jx_array_reserve(&row->cells, &row->cap, row->n + 1,
                         sizeof *row->cells))
        return JX_ERR_NOMEM;
    char *cell = Jx_buf_detach(&r->cell);
    if (!cell)
        return JX_ERR_NOMEM;
    row->cells[row->n++] = cell;
    return JX_OK;
}

/* Reads a quoted cell, the reader just past its opening quote: doubled
 * quotes stand for one, and anything up to the next comma or line end
 * after the closing quote is kept (blanks there are dropped). Sets
 * row->unterminated when the file ends first. */
static jx_status csv_quoted_cell(csv_reader *r, csv_row *row)
{
    jx_status st = JX_OK;
    for (;;) {
        if (r->p == r->end) {
            row->unterminated = true;
            return JX_OK;
        }
        char c = *r->p++;
        if (c == '"') {
            if (r->p < r->end && *r->p == '"')
                r->p++;
            else
                break;
        } else if (c == '\n') {
            r->line++;
        }
        if ((st = Jx_buf_putc(&r->cell, c)))
            return st;
    }
    while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r') {
        char c = *r->p++;
        if (c != ' ' && c != '\t' && (st = Jx_buf_putc(&r->cell, c)))
            return st;
    }
    return JX_OK;
}

/* Reads an unquoted cell up to the next comma or line end, trimmed. */
static jx_status csv_plain_cell(csv_reader *r)
{
    const char *start = r->p;
    while (r->p < r->end && *r->p != ',' && *r->p != '\n' && *r->p != '\r')
        r->p++;
    jx_status st = Jx_buf_append(&r->cell, start, (size_t)(r->p - start));
    if (!st)
        trim(r->cell.data);
    return st;
}

/* Reads the next record into row (emptied first); *got is false at the
 * end of the text. Records end at LF, CRLF or a lone CR; blanks before a
 * cell's opening quote are allowed. */
static jx_status csv_next(csv_reader *r, csv_row *row, bool *got)
{
    csv_row_clear(row);
    *got = r->p < r->end;
    if (!*got)
        return JX_OK;
    row->line = r->line;
    for (;;) {
        jx_status st;
        Jx_buf_reset(&r->cell);
        while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
            r->p++;
        if (r->p < r->end && *r->p == '"') {
            r->p++;
            st = csv_quoted_cell(r, row);
        } else {
            st = csv_plain_cell(r);
        }
        if (!st)
            st = csv_row_push(row, r);
        if (st)
            return st;
        if (r->p == r->end)
            return JX_OK;
        char c = *r->p++;
        if (c == ',')
            continue;
        if (c == '\r' && r->p < r->end && *r->p == '\n')
            r->p++;
        r->line++;
        return JX_OK;
    }
}

/* True when every cell of row is empty (a blank line, or ",,,"). */
static bool csv_row_blank(const csv_row *row)
{
    for (size_t i = 0; i < row->n; i++)
        if (row->cells[i][0])
            return false;
    return !row->unterminated;
}

/* Maps one header cell to its column kind, warning about unknown,
 * nameless and repeated columns, which are ignored. */
static int header_column(const warner *w, const csv_row *hdr, size_t i,
                         const int *cols)
{
    char buf[CLIP_BYTES + 4];
    char *name = hdr->cells[i];
    trim(name);
    int kind;
    if (!name[0]) {
        warnf(w, hdr->line, "column %zu has no name; it is ignored", i + 1);
        return COL_IGNORE;
    }
    if (strcasecmp(name, "path") == 0) {
        kind = COL_PATH;
    } else {
        jx_field_id id = field_of_name(name);
        if (id == JX_FIELD_COUNT) {
            warnf(w, hdr->line,
                  "unknown column '%s' is ignored (the fields are " FIELD_LIST
                  ")",
                  clip(name, buf));
            return COL_IGNORE;
        }
        kind = (int)id;
    }
    for (size_t j = 0; j < i; j++) {
        if (cols[j] == kind) {
            warnf(w, hdr->line,
                  "column '%s' repeats column %zu; it is ignored",
                  clip(name, buf), j + 1);
            return COL_IGNORE;
        }
    }
    return kind;
}

/* Reads the header row into *cols_out (one kind per column, owned by the
 * caller); JX_ERR_FORMAT when it has no "path" column. */
static jx_status parse_header(const warner *w, const csv_row *hdr,
                              int **cols_out, jx_error *err)
{
    int *cols = calloc(hdr->n, sizeof *cols);
    if (!cols)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    bool has_path = false;
    for (size_t i = 0; i < hdr->n; i++) {
        cols[i] = header_column(w, hdr, i, cols);
        has_path = has_path || cols[i] == COL_PATH;
    }
    if (!has_path) {
        free(cols);
        return Jx_error_set(err, JX_ERR_FORMAT,
                            "manifest '%s': the header (line %u) has no "
                            "'path' column",
                            w->file, hdr->line);
    }
    *cols_out = cols;
    return JX_OK;
}

/* Resolves a row's path (relative to dir unless absolute) to a canonical
 * absolute path in *out; on failure warns why and leaves *out NULL. */
static jx_status resolve_report(const manifest_ctx *c, unsigned line,
                                const char *path, char **out)
{
    char buf[CLIP_BYTES + 4];
    jx_buf full = {0};
    jx_status st = path[0] == '/'
                       ? Jx_buf_puts(&full, path)
                       : Jx_buf_printf(&full, "%s/%s", c->dir, path);
    if (st)
        return st;
    errno = 0;
    char *canon = realpath(full.data, NULL);
    int e = errno;
    Jx_buf_clear(&full);
    if (!canon) {
        if (e == ENOMEM)
            return JX_ERR_NOMEM;
        if (e == ENOENT || e == ENOTDIR)
            warnf(&c->w, line, "no such report '%s'; row skipped",
                  clip(path, buf));
        else
            warnf(&c->w, line, "cannot resolve report '%s': %s; row skipped",
                  clip(path, buf), strerror(e));
        return JX_OK;
    }
    struct stat sb;
    if (stat(canon, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        warnf(&c->w, line, "report '%s' is not a file; row skipped",
              clip(path, buf));
        free(canon);
        return JX_OK;
    }
    *out = canon;
    return JX_OK;
}

/* Frees what a manifest row owns. */
static void row_free(manifest_row *row)
{
    free(row->path);
    free(row->evidence);
    for (int i = 0; i < JX_FIELD_COUNT; i++)
        free(row->values[i]);
}

/* Copies cell into row as field id's value when Jx_field_validate accepts
 * it, and warns with its reason (which names the field and the value)
 * when not. Empty is no value. */
static jx_status take_value(const manifest_ctx *c, unsigned line,
                            jx_field_id id, const char *cell,
                            manifest_row *row)
{
    if (!cell[0])
        return JX_OK;
    jx_error verr;
    Jx_error_clear(&verr);
    if (Jx_field_validate(id, cell, &verr) != JX_OK) {
        warnf(&c->w, line, "%s; value ignored", verr.message);
        return JX_OK;
    }
    row->values[id] = strdup(cell);
    return row->values[id] ? JX_OK : JX_ERR_NOMEM;
}

/* Appends row to the manifest, taking what it owns. */
static jx_status push_row(jx_manifest *m, manifest_row *row)
{
    if (Jx_array_reserve(&m->rows, &m->cap, m->n_rows + 1, sizeof *m->rows))
        return JX_ERR_NOMEM;
    m->rows[m->n_rows++] = *row;
    memset(row, 0, sizeof *row);
    return JX_OK;
}

/* Turns one data record into a manifest row, or warns why it is skipped;
 * only running out of memory is an error. */
static jx_status add_record(jx_manifest *m, const manifest_ctx *c,
                            const csv_row *rec)
{
    if (csv_row_blank(rec))
        return JX_OK;
    if (rec->unterminated) {
        warnf(&c->w, rec->line,
              "a quoted cell is not closed before the end of the file; "
              "row skipped");
        return JX_OK;
    }
    if (rec->n != c->n_cols) {
        warnf(&c->w, rec->line,
              "%zu cells where the header has %zu; row skipped", rec->n,
              c->n_cols);
        return JX_OK;
    }
    manifest_row row = {.line = rec->line};
    const char *path = "";
    for (size_t i = 0; i < rec->n; i++) {
        if (c->cols[i] == COL_PATH)
            path = rec->cells[i];
    }
    if (!path[0]) {
        warnf(&c->w, rec->line, "the path is empty; row skipped");
        return JX_OK;
    }
    jx_status st = resolve_report(c, rec->line, path, &row.path);
    if (st || !row.path)
        return st;
    for (size_t i = 0; i < rec->n && !st; i++) {
        if (c->cols[i] >= 0)
            st = take_value(c, rec->line, (jx_field_id)c->cols[i],
                            rec->cells[i], &row);
    }
    jx_buf ev = {0};
    if (!st)
        st = Jx_buf_printf(&ev, "%s:%u", c->base, rec->line);
    if (!st)
        row.evidence = Jx_buf_detach(&ev);
    if (!st && !row.evidence)
        st = JX_ERR_NOMEM;
    if (!st)
        st = push_row(m, &row);
    row_free(&row);
    Jx_buf_clear(&ev);
    return st;
}

/* Orders rows by path, and rows of one path by line. */
static int row_cmp(const void *a, const void *b)
{
    const manifest_row *x = a, *y = b;
    int d = strcmp(x->path, y->path);
    if (d)
        return d;
    return (x->line > y->line) - (x->line < y->line);
}

/* Sorts the rows by path and keeps only the last row of each report,
 * warning on that row about the one it replaces. */
static void sort_rows(jx_manifest *m, const warner *w)
{
    if (m->n_rows > 1)
        qsort(m->rows, m->n_rows, sizeof *m->rows, row_cmp);
    size_t kept = 0;
    for (size_t i = 0; i < m->n_rows; i++) {
        if (kept > 0 && strcmp(m->rows[kept - 1].path, m->rows[i].path) == 0) {
            warnf(w, m->rows[i].line,
                  "same report as line %u; this row replaces that one",
                  m->rows[kept - 1].line);
            row_free(&m->rows[kept - 1]);
            m->rows[kept - 1] = m->rows[i];
        } else {
            m->rows[kept++] = m->rows[i];
        }
    }
    m->n_rows = kept;
}

/* Reads every record of the decoded manifest text into m: the header
 * first (blank lines before it are skipped), then the rows. */
static jx_status parse_manifest(jx_manifest *m, const warner *w,
                                const char *dir, const jx_buf *text,
                                jx_error *err)
{
    csv_reader r = {.p = text->data, .end = text->data + text->len, .line = 1};
    csv_row rec = {0};
    int *cols = NULL;
    bool got = false;
    jx_status st;
    do
        st = csv_next(&r, &rec, &got);
    while (!st && got && csv_row_blank(&rec));
    if (!st && !got)
        st = Jx_error_set(err, JX_ERR_FORMAT,
                          "manifest '%s' is empty: it needs a header row "
                          "with a 'path' column",
                          w->file);
    else if (!st)
        st = parse_header(w, &rec, &cols, err);
    if (!st) {
        manifest_ctx c = {.w = *w,
                          .cols = cols,
                          .n_cols = rec.n,
                          .dir = dir,
                          .base = base_name(w->file)};
        while (!st && !(st = csv_next(&r, &rec, &got)) && got)
            st = add_record(m, &c, &rec);
    }
    free(cols);
    csv_row_free(&rec);
    Jx_buf_clear(&r.cell);
    return st;
}

/* Returns a copy of the folder part of path ("." when it has none). */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}

/* Loads, validates and indexes a manifest; see jx_overrides.h. */
jx_status Jx_manifest_load(const char *path, jx_override_warn_fn warn,
                           void *ctx, jx_manifest **out, jx_error *err)
{
    *out = NULL;
    Jx_error_clear(err);
    jx_buf text = {0};
    jx_status st =
        read_text("manifest", path, MAX_MANIFEST_BYTES, NULL, &text, err);
    char *dir = st ? NULL : folder_of(path);
    jx_manifest *m = st ? NULL : calloc(1, sizeof *m);
    if (!st && (!dir || !m))
        st = JX_ERR_NOMEM;
    if (!st) {
        warner w = {warn, ctx, path};
        st = parse_manifest(m, &w, dir, &text, err);
        if (!st)
            sort_rows(m, &w);
    }
    if (st == JX_ERR_NOMEM)
        Jx_error_set(err, st, "out of memory");
    free(dir);
    Jx_buf_clear(&text);
    if (st)
        Jx_manifest_destroy(m);
    else
        *out = m;
    return st;
}

/* Orders a path key against a row, for bsearch. */
static int key_cmp(const void *key, const void *row)
{
    return strcmp(key, ((const manifest_row *)row)->path);
}

/* Sets each value the row gives, with source and evidence. */
static jx_status apply_values(jx_report *report, char *const *values,
                              jx_source source, const char *evidence,
                              jx_error *err)
{
    for (int i = 0; i < JX_FIELD_COUNT; i++) {
        if (!values[i])
            continue;
        jx_status st = Jx_report_set_field(report, (jx_field_id)i, values[i],
                                           source, evidence, err);
        if (st)
            return st;
    }
    return JX_OK;
}

/* The row of report_path, found by its canonical path; NULL when the
 * manifest has none (or the path cannot be resolved). */
static const manifest_row *find_row(const jx_manifest *m,
                                    const char *report_path)
{
    if (!m || !m->n_rows || !report_path)
        return NULL;
    char *canon = realpath(report_path, NULL);
    if (!canon)
        return NULL;
    const manifest_row *row =
        bsearch(canon, m->rows, m->n_rows, sizeof *m->rows, key_cmp);
    free(canon);
    return row;
}

/* Finds report_path's row by its canonical path and applies it. */
jx_status Jx_manifest_apply(const jx_manifest *m, const char *report_path,
                            jx_report *report, jx_error *err)
{
    const manifest_row *row = find_row(m, report_path);
    if (!row)
        return JX_OK;
    return apply_values(report, row->values, JX_SOURCE_MANIFEST, row->evidence,
                        err);
}

/* Writes the row's values as "field=value" lines. */
jx_status Jx_manifest_row_text(const jx_manifest *m, const char *report_path,
                               jx_buf *out)
{
    const manifest_row *row = find_row(m, report_path);
    jx_status st = JX_OK;
    for (int i = 0; row && !st && i < JX_FIELD_COUNT; i++)
        if (row->values[i])
            st = Jx_buf_printf(out, "%s=%s\n", Jx_field_name((jx_field_id)i),
                               row->values[i]);
    return st;
}

/* Frees every row and the manifest itself. */
void Jx_manifest_destroy(jx_manifest *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->n_rows; i++)
        row_free(&m->rows[i]);
    free(m->rows);
    free(m);
}

/* Finds the first separator of a sidecar line: ':', '=' or the
 * full-width colon U+FF1A; returns NULL when there is none, else sets
 * *len to its length in bytes. */
static char *find_separator(char *line, size_t *len)
{
    char *ascii = line + strcspn(line, ":=");
    char *wide = strstr(line, "\xEF\xBC\x9A");
    if (wide && wide < ascii) {
        *len = 3;
        return wide;
    }
    *len = 1;
    return *ascii ? ascii : NULL;
}

/* Applies one sidecar line (NUL-terminated, modified in place): comments
 * and blank lines are skipped, bad lines warned about; only a failure to
 * set a field is an error. */
static jx_status sidecar_line(const warner *w, unsigned line, char *text,
                              jx_report *report, jx_error *err)
{
    char buf[CLIP_BYTES + 4];
    trim(text);
    if (!text[0] || text[0] == '#')
        return JX_OK;
    size_t sep_len;
    char *sep = find_separator(text, &sep_len);
    if (!sep) {
        warnf(w, line, "expected 'field: value', got '%s'", clip(text, buf));
        return JX_OK;
    }
    *sep = '\0';
    char *value = sep + sep_len;
    trim(value);
    jx_field_id id = field_of_name(text);
    if (id == JX_FIELD_COUNT) {
        trim(text);
        warnf(w, line, "unknown field '%s' (the fields are " FIELD_LIST ")",
              clip(text, buf));
        return JX_OK;
    }
    if (!value[0])
        return JX_OK;
    jx_error verr;
    Jx_error_clear(&verr);
    if (Jx_field_validate(id, value, &verr) != JX_OK) {
        warnf(w, line, "%s; value ignored", verr.message);
        return JX_OK;
    }
    jx_buf ev = {0};
    jx_status st = Jx_buf_printf(&ev, "%s:%u", base_name(w->file), line);
    if (st)
        st = Jx_error_set(err, st, "out of memory");
    else
        st = Jx_report_set_field(report, id, value, JX_SOURCE_SIDECAR, ev.data,
                                 err);
    Jx_buf_clear(&ev);
    return st;
}

/* Applies each line of decoded sidecar text in turn. */
static jx_status apply_sidecar_text(const warner *w, jx_buf *text,
                                    jx_report *report, jx_error *err)
{
    if (!text->data)
        return JX_OK;
    char *p = text->data;
    jx_status st = JX_OK;
    for (unsigned line = 1; !st && *p; line++) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        st = sidecar_line(w, line, p, report, err);
        p = nl ? nl + 1 : p + strlen(p);
    }
    return st;
}

/* Reads REPORT.meta, when there is one, and applies its lines. */
jx_status Jx_sidecar_apply(const char *report_path, jx_report *report,
                           jx_override_warn_fn warn, void *ctx, jx_error *err)
{
    jx_buf path = {0}, text = {0};
    bool missing = false;
    jx_status st =
        Jx_buf_printf(&path, "%s%s", report_path, JX_SIDECAR_SUFFIX);
    if (st)
        st = Jx_error_set(err, st, "out of memory");
    else
        st = read_text("sidecar", path.data, MAX_SIDECAR_BYTES, &missing,
                       &text, err);
    if (!st && !missing) {
        warner w = {warn, ctx, path.data};
        st = apply_sidecar_text(&w, &text, report, err);
    }
    Jx_buf_clear(&text);
    Jx_buf_clear(&path);
    return st;
}
