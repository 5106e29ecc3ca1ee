/* jx_clean.h: the clean text of a report, from the text a file format
 * gave. */
#ifndef JX_CLEAN_H
#define JX_CLEAN_H

#include <stddef.h>

#include "jx_buf.h"
#include "jx_status.h"

/* Appends to out the clean text of a report: conversion artefacts removed
 * ([bookmark: ...] markers, lone page numbers such as "- 3 -" and "第 3
 * 页", form feeds, repeated running headers), lines broken in
 * mid-sentence joined (also across the blank lines of a page break), and
 * real paragraph ends kept. */
jx_status Jx_clean_text(const char *utf8, size_t len, jx_buf *out);

#endif
