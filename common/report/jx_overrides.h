/* jx_overrides.h: metadata a user supplies to correct or complete what
 * extraction found: a manifest (CSV with a header row: path plus any of
 * the field names) given with --manifest, and a sidecar file beside a
 * report (REPORT.meta, lines "field: value"). Both win over extraction;
 * the sidecar wins over the manifest. Bad rows and lines are reported to
 * a callback with file and line, and the rest is used. */
#ifndef JX_OVERRIDES_H
#define JX_OVERRIDES_H

#include "jx_buf.h"
#include "jx_report.h"
#include "jx_status.h"

typedef struct jx_manifest jx_manifest;

/* Called for each bad row or line: file, line number (from 1), and why
 * ("unknown field 'foo'", "year '20x1' is not a year", ...). */
typedef void (*jx_override_warn_fn)(void *ctx, const char *file, unsigned line,
                                    const char *why);

/* The suffix of sidecar files: "report.txt" has "report.txt.meta". */
#define JX_SIDECAR_SUFFIX ".meta"

/* Loads a manifest. Paths in it are taken relative to the manifest's
 * folder unless absolute, and compared after resolving to absolute
 * canonical paths. Rows whose file does not exist, bad values and
 * unknown columns are reported through warn and skipped (the rest of the
 * row is used when only a value is bad). JX_ERR_IO when the file cannot
 * be read, JX_ERR_FORMAT when it has no header with a "path" column. */
jx_status Jx_manifest_load(const char *path, jx_override_warn_fn warn,
                           void *ctx, jx_manifest **out, jx_error *err);

/* Applies the manifest's row for report_path (if any) to report, with
 * source JX_SOURCE_MANIFEST and evidence "MANIFEST:LINE". */
jx_status Jx_manifest_apply(const jx_manifest *m, const char *report_path,
                            jx_report *report, jx_error *err);

/* Appends to out what the manifest's row for report_path says (its
 * values, field by field), or nothing when it has no row for it: two
 * manifests that give a report the same values append the same bytes. */
jx_status Jx_manifest_row_text(const jx_manifest *m, const char *report_path,
                               jx_buf *out);

/* Frees a manifest; NULL is fine. */
void Jx_manifest_destroy(jx_manifest *m);

/* Applies report_path's sidecar, if there is one, to report with source
 * JX_SOURCE_SIDECAR; bad lines go to warn. No sidecar is not an error. */
jx_status Jx_sidecar_apply(const char *report_path, jx_report *report,
                           jx_override_warn_fn warn, void *ctx, jx_error *err);

#endif
