/* test_seeds.c: checks the metadata extracted from labelled reports
 * against the careful reader's labels, field by field, and that no text
 * of them is lost in passages: the real reports in ../shared/seeds
 * (relative to the repository root, where the tests run), which are not
 * part of the repository -- when that folder is absent nothing is
 * printed for it -- and the invented samples in docs/examples. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jx_report.h"
#include "jx_report_internal.h"
#include "jx_test.h"
#include "jx_text.h"

#define EXAMPLES_DIR "docs/examples"
#define MAX_COLUMNS  16

/* Reads a whole file into a malloc'd NUL-terminated buffer, or NULL. */
static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    jx_buf b = {0};
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (Jx_buf_append(&b, chunk, got) != JX_OK)
            break;
    fclose(f);
    *len = b.len;
    return Jx_buf_detach(&b);
}

/* Splits a TSV line in place into at most max cells; returns how many. */
static size_t split_tabs(char *line, char **cells, size_t max)
{
    size_t n = 0;
    line[strcspn(line, "\r\n")] = '\0';
    for (char *p = line; n < max;) {
        cells[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

/* The column of each field in labels.tsv, -1 when absent. */
typedef struct columns {
    int file;
    int field[JX_FIELD_COUNT];
} columns;

/* Finds the columns by the header's names (report_type is an alias). */
static columns find_columns(char **cells, size_t n)
{
    columns c;
    c.file = -1;
    for (int i = 0; i < JX_FIELD_COUNT; i++)
        c.field[i] = -1;
    for (size_t k = 0; k < n; k++) {
        if (strcmp(cells[k], "file") == 0)
            c.file = (int)k;
        jx_field_id id = Jx_field_by_name(cells[k]);
        if (id != JX_FIELD_COUNT)
            c.field[id] = (int)k;
    }
    return c;
}

/* Checks that each line of the clean text is in passages (past their
 * overlaps) or a heading path, and that no passage is over the bound. */
static void check_passages(const jx_report *r, const char *file)
{
    size_t lost = 0, too_long = 0;
    const char *s = r->text;
    for (unsigned line = 1; *s; line++) {
        const char *e = strchr(s, '\n');
        size_t len = e ? (size_t)(e - s) : strlen(s);
        jx_buf joined = {0};
        for (size_t i = 0; i < r->n_passages; i++)
            if (r->passages[i].line == line)
                Jx_buf_puts(&joined,
                            r->passages[i].text + r->passages[i].overlap);
        int kept = joined.len == len && memcmp(joined.data, s, len) == 0;
        if (!kept && joined.len == 0) {
            char *copy = strndup(s, len);
            for (size_t i = 0; copy && !kept && i < r->n_passages; i++)
                kept = strstr(r->passages[i].heading, copy) != NULL;
            free(copy);
        }
        lost += !kept;
        Jx_buf_clear(&joined);
        s = e ? e + 1 : s + len;
    }
    for (size_t i = 0; i < r->n_passages; i++) {
        const char *t = r->passages[i].text;
        too_long += Jx_char_count(t, strlen(t)) > JX_PASSAGE_MAX_CHARS;
    }
    char name[256];
    snprintf(name, sizeof name, "%s passages", file);
    CHECK(lost == 0 && too_long == 0 && r->n_passages > 0, name,
          "%zu lines lost, %zu passages too long", lost, too_long);
}

/* Parses one labelled report (decoded from its encoding, as the indexer
 * does) and checks each labelled field, and its title. */
static void check_report(const char *dir, char **cells, size_t n,
                         const columns *c)
{
    const char *file = cells[c->file];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    size_t len = 0;
    char *raw = read_all(path, &len);
    jx_buf text = {0};
    jx_report *r = NULL;
    jx_error err;
    int ok = raw &&
             Jx_decode_text(raw, len, &text, NULL, NULL, &err) == JX_OK &&
             Jx_report_parse(text.data, text.len, NULL, &r, &err) == JX_OK;
    CHECK(ok, file, "cannot read or parse %s", path);
    free(raw);
    Jx_buf_clear(&text);
    if (!ok)
        return;
    for (int i = 0; i < JX_FIELD_COUNT; i++) {
        int col = c->field[i];
        if (col < 0 || (size_t)col >= n)
            continue;
        const char *want = cells[col][0] ? cells[col] : NULL;
        char name[256];
        snprintf(name, sizeof name, "%s %s", file,
                 Jx_field_name((jx_field_id)i));
        CHECK_STR(r->fields[i].value, want, name);
    }
    const char *title = r->fields[JX_FIELD_TITLE].value;
    char name[256];
    snprintf(name, sizeof name, "%s title", file);
    CHECK(title && strstr(title, "报告") && !strchr(title, '\n'), name,
          "title \"%s\" does not name a report", title ? title : "(null)");
    check_passages(r, file);
    Jx_report_destroy(r);
}

/* Checks every report listed in dir/labels.tsv; returns 0 when there is
 * no such file (and prints nothing). */
static int check_corpus(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/labels.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    char line[8192];
    char *cells[MAX_COLUMNS];
    columns c = {.file = -1};
    int header = 1;
    while (fgets(line, sizeof line, f)) {
        size_t n = split_tabs(line, cells, MAX_COLUMNS);
        if (header) {
            c = find_columns(cells, n);
            header = 0;
            continue;
        }
        if (c.file >= 0 && (size_t)c.file < n && cells[c.file][0])
            check_report(dir, cells, n, &c);
    }
    fclose(f);
    CHECK(c.file >= 0, path, "no \"file\" column");
    return 1;
}

/* Checks the seeds (when present) and the samples. */
int main(void)
{
    jx_test_name = "test_seeds";
    if (jx_test_seeds_dir())
        check_corpus(jx_test_seeds_dir());
    check_corpus(EXAMPLES_DIR);
    TEST_MAIN_END();
}
