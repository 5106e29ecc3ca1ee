/* jx_furniture.c: a web page's furniture among a report's lines -- the
 * breadcrumb, the index-number block, share and print buttons, the
 * footer -- which is never report text: the passage builder gives it no
 * passage and metadata extraction looks past it (docs/report-model.md). */
#include <string.h>

#include "jx_furniture.h"

/* True when lit occurs in s[0..len). */
static int contains(const char *s, size_t len, const char *lit)
{
    return Jx_find(s, len, lit) != (size_t)-1;
}

/* Skips a list bullet a web page's text may open a line with ("- ",
 * "• "); returns the offset of what follows. */
size_t Jx_skip_bullet(const char *s, size_t len)
{
    size_t i = 0;
    if (Jx_starts_with(s, len, "•"))
        i = strlen("•");
    else if (len > 0 && s[0] == '-')
        i = 1;
    else
        return 0;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    return i;
}

/* Words opening the lines of a web page's furniture: the index-number
 * block (索引号, 发布机构, 发文字号, 发布日期…), the article's source and
 * counters, the font-size, share and print buttons. */
static const char *const furniture_words[] = {
    "索引号",     "发布机构", "发布单位", "发布日期", "发布时间", "发文字号",
    "发文机关",   "文号",     "时效性",   "有效性",   "公开目录", "公开方式",
    "公开日期",   "公开范围", "公开时间", "主题分类", "主题词",   "体裁分类",
    "成文日期",   "信息来源", "文章来源", "来源",     "浏览次数", "浏览量",
    "点击数",     "阅读次数", "字号",     "字体",     "分享",     "打印",
    "关闭",       "无障碍",   "长者模式", "关键字",   "关键词",   "名 称",
    "名称",       "作者",     "[",        "【",       "|",        "![",
    "打开适老化", "登录",     "注册",     "欢迎来到", "欢迎访问",
};

/* Words found anywhere in a breadcrumb or a site header line. */
static const char *const furniture_inside[] = {
    "当前位置", "您的位置", "首页>", "首页 >", "首页＞",
    "首页 ＞",  "首页»",    "www.",  "http",   "索引号",
};

/* True when line l is a web page's furniture rather than the report's
 * text: a breadcrumb (您当前位置：首页 > …), a line of the index-number
 * block, a list bullet of the page's header, or a line without any Han
 * character (an index number, a date, a lone "x"). The title is looked
 * for past such lines, and they never give the department except as a
 * publisher (see extract_department). */
int Jx_is_page_furniture(const char *s, size_t len)
{
    size_t b = Jx_skip_bullet(s, len);
    if (b > 0)
        return 1;
    int han = 0;
    for (size_t i = 0; i < len && !han;)
        han = Jx_is_han(jx_next_cp(s, len, &i));
    if (!han)
        return 1;
    for (size_t k = 0; k < sizeof furniture_words / sizeof *furniture_words;
         k++)
        if (Jx_starts_with(s, len, furniture_words[k]))
            return 1;
    for (size_t k = 0; k < sizeof furniture_inside / sizeof *furniture_inside;
         k++)
        if (contains(s, len, furniture_inside[k]))
            return 1;
    return 0;
}

/* Words of a web page's footer and of its links around the article
 * (版权所有, ICP备, 网站标识码, 上一篇…), found in a short line. */
static const char *const footer_words[] = {
    "版权所有", "ICP备",    "公网安备", "网站标识码", "主办单位",
    "主办：",   "主办:",    "承办单位", "技术支持",   "联系我们",
    "网站地图", "分享到",   "扫一扫",   "打印本页",   "关闭窗口",
    "【打印】", "【关闭】", "上一篇",   "下一篇",     "当前位置",
    "您的位置", "首页>",    "首页 >",   "首页＞",     "首页 ＞",
};

/* The longest footer or breadcrumb line recognised, in characters. */
#define FOOTER_MAX_CHARS 80

/* True when line k is a web page's furniture that is never report text:
 * before the title (when one is found past it), any line of the page's
 * header, breadcrumb or index-number block; anywhere, a short
 * breadcrumb or footer line (版权所有…, 上一篇…). Such lines give no
 * passage and no evidence, except the publisher line as a last resort
 * for the department. */
int Jx_is_furniture_at(const jx_line *lines, size_t k, size_t title_first,
                       size_t title_count)
{
    const jx_line *l = &lines[k];
    if (title_count > 0 && k < title_first &&
        Jx_is_page_furniture(l->s, l->len))
        return 1;
    if (Jx_char_count(l->s, l->len) > FOOTER_MAX_CHARS)
        return 0;
    for (size_t i = 0; i < sizeof footer_words / sizeof *footer_words; i++)
        if (contains(l->s, l->len, footer_words[i]))
            return 1;
    return 0;
}
