/* jx_api_info.c: the public API's calls that read without a handle
 * (jixiao.h): a file's metadata, a database's state and soundness, the
 * default database, names of statuses, fields and counts, and the
 * helpers programs write their output with. Each record is laid over the
 * engine's own, which owns the strings. */
#include <stdlib.h>
#include <string.h>

#include "jixiao.h"
#include "jx_buf.h"
#include "jx_index.h"
#include "jx_json.h"
#include "jx_paths.h"
#include "jx_report.h"

const char *jx_status_string(jx_status status)
{
    return Jx_status_to_string(status);
}

void jx_free(void *p)
{
    free(p);
}

const char *jx_field_string(jx_field_id id)
{
    return Jx_field_name(id);
}

jx_status jx_default_database(const char *jixiao_db, const char *xdg_data_home,
                              const char *home, char **out)
{
    *out = Jx_default_db(jixiao_db, xdg_data_home, home);
    return *out ? JX_OK : JX_ERR_NOMEM;
}

/* The jx_file_meta record over the parsed report it was read from. */
typedef struct meta_owner {
    jx_file_meta pub;
    jx_report *report;
    char *format;
} meta_owner;

jx_status jx_file_meta_read(const char *path, const char *manifest,
                            jx_file_meta **out, jx_error *err)
{
    *out = NULL;
    meta_owner *m = calloc(1, sizeof *m);
    if (!m)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st =
        Jx_index_read_report(path, manifest, &m->report, &m->format, err);
    if (st) {
        jx_file_meta_destroy(&m->pub);
        return st;
    }
    m->pub.format = m->format;
    m->pub.n_passages = m->report->n_passages;
    for (int f = 0; f < JX_FIELD_COUNT; f++) {
        const jx_field *fl = &m->report->fields[f];
        jx_meta_field *v = &m->pub.fields[f];
        v->value = fl->value;
        v->source = fl->value ? Jx_source_name(fl->source) : "";
        v->evidence = fl->evidence;
        v->line = fl->line;
    }
    *out = &m->pub;
    return JX_OK;
}

void jx_file_meta_destroy(jx_file_meta *meta)
{
    if (!meta)
        return;
    meta_owner *m = (meta_owner *)meta;
    Jx_report_destroy(m->report);
    free(m->format);
    free(m);
}

/* The jx_state record over the engine's state. */
typedef struct state_owner {
    jx_state pub;
    jx_index_state state;
} state_owner;

jx_status jx_state_read(const char *db_path, jx_state **out, jx_error *err)
{
    *out = NULL;
    state_owner *s = calloc(1, sizeof *s);
    if (!s)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = Jx_index_state_read(db_path, &s->state, err);
    if (st) {
        free(s);
        return st;
    }
    s->pub.reports = s->state.reports;
    s->pub.passages = s->state.passages;
    s->pub.superseded = s->state.superseded;
    s->pub.updated = s->state.updated ? s->state.updated : "";
    s->pub.stale = (const char *const *)s->state.stale;
    s->pub.why = s->state.why;
    s->pub.n_stale = s->state.n_stale;
    *out = &s->pub;
    return JX_OK;
}

void jx_state_destroy(jx_state *state)
{
    if (!state)
        return;
    state_owner *s = (state_owner *)state;
    Jx_index_state_clear(&s->state);
    free(s);
}

/* The jx_checkup record over the engine's check result. */
typedef struct checkup_owner {
    jx_checkup pub;
    jx_index_check_result result;
} checkup_owner;

jx_status jx_checkup_run(const char *db_path, jx_check_depth depth,
                         jx_checkup **out, jx_error *err)
{
    *out = NULL;
    checkup_owner *c = calloc(1, sizeof *c);
    if (!c)
        return Jx_error_set(err, JX_ERR_NOMEM, "out of memory");
    jx_status st = Jx_index_check(db_path, (int)depth, &c->result, err);
    c->pub.problems = (const char *const *)c->result.problems;
    c->pub.n_problems = c->result.n_problems;
    c->pub.databases = c->result.databases;
    c->pub.reports = c->result.reports;
    c->pub.passages = c->result.passages;
    *out = &c->pub; /* on an error too: the problems found before it */
    return st;
}

void jx_checkup_destroy(jx_checkup *c)
{
    if (!c)
        return;
    checkup_owner *o = (checkup_owner *)c;
    Jx_index_check_clear(&o->result);
    free(o);
}

jx_status jx_database_damaged(const char *db_path, int quick, jx_error *err)
{
    return Jx_index_refuse_damaged(db_path, quick, JX_OK, err);
}

jx_status jx_json_print(FILE *out, const char *s)
{
    jx_buf b = {0};
    jx_status st = Jx_json_cstring(&b, s);
    if (!st && fwrite(b.data, 1, b.len, out) != b.len)
        st = JX_ERR_IO;
    Jx_buf_clear(&b);
    return st;
}

char *jx_escape_controls(const char *s)
{
    jx_buf b = {0};
    if (Jx_escape_line(&b, s ? s : "")) {
        Jx_buf_clear(&b);
        return NULL;
    }
    return Jx_buf_detach(&b);
}

size_t jx_utf8_count(const char *s, size_t len)
{
    return Jx_utf8_chars(s, len);
}
