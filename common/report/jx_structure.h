/* jx_structure.h: passages -- the paragraphs of a report's clean text
 * (or pieces of long ones) under their heading paths -- and how they
 * are cut (docs/report-model.md). */
#ifndef JX_STRUCTURE_H
#define JX_STRUCTURE_H

#include <stddef.h>

#include "jx_lines.h"
#include "jx_status.h"

/* Passages longer than this many characters are split, at sentence
 * ends where possible (see docs/report-model.md for how it was chosen). */
#define JX_PASSAGE_MAX_CHARS 400

/* A paragraph cut anywhere but at a sentence end (a sentence longer than
 * JX_PASSAGE_MAX_CHARS) gives a next passage that starts this many
 * characters before the cut, so that any string of up to this many
 * characters is whole in one passage and can be found. */
#define JX_PASSAGE_OVERLAP_CHARS 64

/* The separator between the headings of a heading path. */
#define JX_HEADING_SEP " › "

/* One passage: a paragraph (or a piece of a long one) with the path of
 * headings it stands under, outermost first, joined by JX_HEADING_SEP
 * ("" before the first heading). */
typedef struct jx_passage {
    char *heading;
    char *text;
    unsigned line;    /* line of the clean text it comes from, from 1 */
    unsigned overlap; /* bytes at the start of text that repeat the end of
                         the passage before (a cut inside a sentence) */
} jx_passage;

/* Splits the lines of a clean text into passages under their heading
 * paths (see docs/report-model.md). Lines [title_first, title_first +
 * title_count) are the title: passages, never headings. *out is
 * allocated, and so is *strings, which holds the headings and texts the
 * passages point to; free both. Lines above the title are cover matter:
 * passages too. */
jx_status Jx_build_passages(const jx_line *lines, size_t n, size_t title_first,
                            size_t title_count, jx_passage **out,
                            size_t *n_out, char **strings);

/* One piece of a paragraph: bytes [off, off + len) of it, of which the
 * first overlap repeat the end of the piece before. */
typedef struct jx_piece {
    size_t off, len, overlap;
} jx_piece;

/* Splits one paragraph into pieces of at most max_chars characters: after
 * the last sentence end that fits; failing one, after the last comma,
 * 、, colon or space in the piece's second half; failing that, hard (at
 * the start of an ASCII word rather than inside it). After a cut that is
 * not at a sentence end, the next piece starts overlap_chars characters
 * before the cut (or at the start of the ASCII word that falls in), so
 * any string of up to overlap_chars characters is whole in some piece.
 * *pieces is allocated (caller frees); the pieces, each without its
 * overlap, give the paragraph back exactly. */
jx_status Jx_split_paragraph(const char *s, size_t len, size_t max_chars,
                             size_t overlap_chars, jx_piece **pieces,
                             size_t *n);

#endif
