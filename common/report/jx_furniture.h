/* jx_furniture.h: a web page's furniture among a report's lines (the
 * breadcrumb, the index-number block, buttons, the footer), which is
 * never report text. */
#ifndef JX_FURNITURE_H
#define JX_FURNITURE_H

#include <stddef.h>

#include "jx_lines.h"

/* Returns the offset past a list bullet ("- ", "• ") a web page's text
 * may open a line with; 0 when the line has none. */
size_t Jx_skip_bullet(const char *s, size_t len);

/* True when a line is a web page's furniture, not the report's text: a
 * breadcrumb, a line of the index-number block (索引号, 发布机构…), a
 * share or print button, a list bullet of the page header, or a line
 * without Han characters. */
int Jx_is_page_furniture(const char *s, size_t len);

/* True when line k is a web page's furniture, never report text: any
 * such line before the title (title_count > 0), and anywhere a short
 * breadcrumb or footer line (版权所有, ICP备, 上一篇…). */
int Jx_is_furniture_at(const jx_line *lines, size_t k, size_t title_first,
                       size_t title_count);

#endif
