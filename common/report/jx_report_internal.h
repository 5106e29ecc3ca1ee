/* jx_report_internal.h: every part of the report model, for the unit
 * tests that test the parts one by one: lines (jx_lines.h), their shape
 * (jx_line_shape.h), page furniture (jx_furniture.h), cleaning
 * (jx_clean.h), passages (jx_structure.h), fields (jx_field.h) and
 * metadata extraction (jx_meta.h). The modules include what they use
 * themselves; programs use jx_report.h. */
#ifndef JX_REPORT_INTERNAL_H
#define JX_REPORT_INTERNAL_H

#include "jx_clean.h"
#include "jx_field.h"
#include "jx_furniture.h"
#include "jx_line_shape.h"
#include "jx_lines.h"
#include "jx_meta.h"
#include "jx_report.h"
#include "jx_structure.h"

#endif
