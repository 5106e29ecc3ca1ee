/* test_formats.c: unit tests of the .docx, .pdf, .html and legacy .doc
 * readers. The files are made at test time by the real tools (pandoc,
 * pango-view, pdfunite, qpdf, iconv, zip) in a temporary folder; a test
 * whose tool is missing says SKIP and checks nothing. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jx_formats.h"
#include "jx_test.h"

static char dir[256];

/* Runs a shell command made from fmt; true when it exited 0. */
static int sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    return system(cmd) == 0;
}

/* True when the program is on PATH; says SKIP for test when not. */
static int have(const char *program, const char *test)
{
    if (sh("command -v %s >/dev/null 2>&1", program))
        return 1;
    printf("SKIP: %s %s: %s is not installed\n", jx_test_name, test, program);
    return 0;
}

/* The path of name in the scratch folder, in one of four rotating
 * buffers so that a call may take a few paths at once. */
static const char *at(const char *name)
{
    static char path[4][512];
    static int next;
    next = (next + 1) % 4;
    snprintf(path[next], sizeof path[next], "%s/%s", dir, name);
    return path[next];
}

/* Writes text to the file name in the scratch folder. */
static void put(const char *name, const char *text)
{
    FILE *f = fopen(at(name), "wb");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* True when each of the NULL-terminated strings occurs in text, each
 * after the one before it. */
static int in_order(const char *text, ...)
{
    va_list ap;
    va_start(ap, text);
    const char *s, *at_ = text ? text : "";
    int ok = text != NULL;
    while (ok && (s = va_arg(ap, const char *)) != NULL) {
        const char *hit = strstr(at_, s);
        ok = hit != NULL;
        if (hit)
            at_ = hit + strlen(s);
    }
    va_end(ap);
    return ok;
}

/* Counts the occurrences of s in text. Not with strstr in a loop: the
 * sanitizers' strstr measures the whole rest of the text at every call,
 * which made this quadratic (minutes over the 100 MB .docx's text). */
static int count(const char *text, const char *s)
{
    size_t len = strlen(s);
    int n = 0;
    for (const char *p = text; *p; p++)
        if (*p == *s && strncmp(p, s, len) == 0) {
            n++;
            p += len - 1;
        }
    return n;
}

/* Extracts the scratch file name; returns the status. */
static jx_status extract(const char *name, jx_extracted *ex, jx_error *err)
{
    Jx_error_clear(err);
    return Jx_extract_file(at(name), ex, err);
}

static const char report_md[] =
    "---\n"
    "title: 2022年部门整体支出绩效自评报告\n"
    "author: 江西省某县农业农村局\n"
    "---\n\n"
    "# 一、部门基本情况\n\n"
    "本局主要负责全县农业农村发展规划和项目资金管理工作。\n\n"
    "# 二、绩效自评情况\n\n"
    "## （一）预算执行情况\n\n"
    "2022年全年预算执行率达到98.6%，资金拨付及时。[^1]\n\n"
    "| 指标 | 完成值 |\n"
    "|------|--------|\n"
    "| 预算执行率 | 98.6% |\n"
    "| 群众满意度 | 95% |\n\n"
    "## （二）存在的问题\n\n"
    "个别项目前期准备不足，实施进度偏慢。\n\n"
    "[^1]: 数据来自财政预算管理一体化系统。\n";

/* A pandoc .docx: paragraphs in order, headings, a table, a footnote and
 * the title and author from the metadata. */
static void test_docx_pandoc(void)
{
    if (!have("pandoc", "docx"))
        return;
    put("report.md", report_md);
    CHECK(sh("pandoc '%s' -o '%s'", at("report.md"), at("report.docx")),
          "docx made", "pandoc failed");
    jx_extracted ex;
    jx_error err;
    jx_status st = extract("report.docx", &ex, &err);
    CHECK_INT(st, JX_OK, "docx extracts");
    CHECK_INT(ex.format, JX_FORMAT_DOCX, "docx format");
    CHECK(in_order(ex.text, "\n一、部门基本情况\n", "本局主要负责",
                   "\n二、绩效自评情况\n", "（一）预算执行情况\n",
                   "2022年全年预算执行率达到98.6%，资金拨付及时。\n",
                   "指标 | 完成值\n", "预算执行率 | 98.6%\n",
                   "群众满意度 | 95%\n", "（二）存在的问题\n",
                   "实施进度偏慢。\n", "数据来自财政预算管理一体化系统。\n",
                   NULL),
          "docx paragraphs, headings, table rows and footnote in order",
          "got:\n%s", ex.text ? ex.text : "(null)");
    CHECK(ex.len == strlen(ex.text), "docx len", "len %zu", ex.len);
    CHECK_STR(ex.hint_title, "2022年部门整体支出绩效自评报告",
              "docx title hint");
    CHECK_STR(ex.hint_author, "江西省某县农业农村局", "docx author hint");
    CHECK(ex.hint_date && strncmp(ex.hint_date, "20", 2) == 0,
          "docx date hint", "got %s", ex.hint_date ? ex.hint_date : "NULL");
    Jx_extracted_clear(&ex);
}

static const char textbox_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<!DOCTYPE w:document [<!ENTITY secret SYSTEM \"file://%s\">]>\n"
    "<w:document "
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"
    "main\" "
    "xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/"
    "2006\" "
    "xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/"
    "wordprocessingShape\" "
    "xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:body>\n"
    "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr>"
    "<w:r><w:t>一、总体情况</w:t><w:br/><w:t>（续）</w:t></w:r></w:p>\n"
    "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t><w:tab/>"
    "<w:t>列</w:t></w:r></w:p>\n"
    "<w:p><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr>"
    "<w:r><w:t>（一）大纲级别标题</w:t></w:r></w:p>\n"
    "<w:p><w:r><w:t>正文&secret;结束</w:t></w:r>"
    "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
    "<wps:txbx><w:txbxContent><w:p><w:r><w:t>文本框里的说明</w:t></w:r>"
    "</w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r>"
    "<w:t>文本框里的说明</w:t></w:r></w:p></w:txbxContent></v:textbox>"
    "</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>\n"
    "<w:p><w:del><w:r><w:delText>删掉的字</w:delText></w:r></w:del>"
    "<w:r><w:t>最后一段。</w:t></w:r></w:p>\n"
    "<w:sectPr/></w:body></w:document>\n";

/* A Word document as Word writes text boxes (mc:Choice with an
 * mc:Fallback copy): each text box once, after the body; line breaks in
 * a heading flattened; an external entity never read. */
static void test_docx_textbox(void)
{
    if (!have("pandoc", "docx-textbox") || !have("zip", "docx-textbox") ||
        !have("unzip", "docx-textbox"))
        return;
    put("secret.txt", "SECRET-NOT-FOR-INDEX");
    char xml[4096];
    snprintf(xml, sizeof xml, textbox_xml, at("secret.txt"));
    put("report.md", "# 占位\n");
    CHECK(sh("cd '%s' && pandoc report.md -o base.docx && mkdir tb && "
             "cd tb && unzip -q ../base.docx",
             dir),
          "docx-textbox base made", "pandoc or unzip failed");
    put("tb/word/document.xml", xml);
    CHECK(sh("cd '%s/tb' && zip -q -r ../textbox.docx .", dir),
          "docx-textbox zipped", "zip failed");
    jx_extracted ex;
    jx_error err;
    CHECK_INT(extract("textbox.docx", &ex, &err), JX_OK,
              "docx-textbox extracts");
    CHECK_INT(count(ex.text, "文本框里的说明"), 1, "text box once");
    CHECK(in_order(ex.text, "一、总体情况 （续）\n", "第一行\n第二行\t列\n",
                   "（一）大纲级别标题\n", "最后一段。\n", "文本框里的说明\n",
                   NULL),
          "docx-textbox lines", "got:\n%s", ex.text ? ex.text : "(null)");
    CHECK(ex.text && !strstr(ex.text, "SECRET"), "external entity not read",
          "got:\n%s", ex.text);
    CHECK(ex.text && !strstr(ex.text, "删掉的字"), "deleted text left out",
          "got:\n%s", ex.text);
    Jx_extracted_clear(&ex);
}

#define DOC_XML(body)                                                         \
    "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"                \
    "wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>" body               \
    "</w:t></w:r></w:p></w:body></w:document>"

/* Re-zips pandoc's .docx with the document.xml in file xml as name. */
static int docx_with(const char *xml, const char *name)
{
    return sh("cd '%s' && rm -rf re && mkdir re && cd re && unzip -q "
              "../base.docx && cp '../%s' word/document.xml && zip -q -r "
              "'../%s' .",
              dir, xml, name);
}

/* A document.xml in UTF-16 is read; one in another encoding (Word
 * writes only UTF-8 and UTF-16) is refused rather than handed to
 * libxml2's converters, which print. */
static void test_docx_encodings(void)
{
    if (!have("pandoc", "docx-enc") || !have("zip", "docx-enc") ||
        !have("unzip", "docx-enc") || !have("iconv", "docx-enc"))
        return;
    put("report.md", "# 占位\n");
    put("u8.xml", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>" DOC_XML(
                      "十六位编码的段落"));
    put("gbk.xml",
        "<?xml version=\"1.0\" encoding=\"GBK\"?>" DOC_XML("国标编码的段落"));
    CHECK(sh("cd '%s' && pandoc report.md -o base.docx && iconv -f UTF-8 "
             "-t UTF-16 u8.xml >u16.xml && iconv -f UTF-8 -t GBK gbk.xml "
             ">gbk2.xml",
             dir) &&
              docx_with("u16.xml", "u16.docx") &&
              docx_with("gbk2.xml", "gbk.docx"),
          "docx-enc made", "pandoc, iconv or zip failed");
    jx_extracted ex;
    jx_error err;
    CHECK_INT(extract("u16.docx", &ex, &err), JX_OK, "utf-16 docx extracts");
    CHECK_STR(ex.text, "十六位编码的段落\n", "utf-16 docx text");
    Jx_extracted_clear(&ex);
    CHECK_INT(extract("gbk.docx", &ex, &err), JX_ERR_FORMAT,
              "gbk docx refused");
    CHECK_STR(err.message,
              "not a valid .docx (word/document.xml is in GBK, not UTF-8)",
              "gbk docx message");
}

/* Damaged and fake .docx files are JX_ERR_FORMAT "not a valid .docx". */
static void test_docx_broken(void)
{
    jx_extracted ex;
    jx_error err;
    put("fake.docx", "this is not a zip file at all\n");
    CHECK_INT(extract("fake.docx", &ex, &err), JX_ERR_FORMAT, "fake docx");
    CHECK(strncmp(err.message, "not a valid .docx (", 19) == 0,
          "fake docx message", "got %s", err.message);
    if (have("zip", "docx-broken")) {
        put("other.txt", "not a word document");
        CHECK(sh("cd '%s' && zip -q nodoc.docx other.txt", dir),
              "zip without document made", "zip failed");
        CHECK_INT(extract("nodoc.docx", &ex, &err), JX_ERR_FORMAT,
                  "zip without word/document.xml");
        CHECK_STR(err.message, "not a valid .docx (no word/document.xml)",
                  "no document message");
        CHECK(sh("cd '%s' && mkdir -p bomb/word && head -c 270000000 "
                 "/dev/zero >bomb/word/document.xml && cd bomb && zip -q "
                 "-r ../bomb.docx . && rm -rf '%s/bomb'",
                 dir, dir),
              "zip bomb made", "zip failed");
        CHECK_INT(extract("bomb.docx", &ex, &err), JX_ERR_FORMAT,
                  "entry over 256 MB refused");
        CHECK(strstr(err.message, "256 MiB") != NULL, "zip bomb message",
              "got %s", err.message);
    }
    if (have("pandoc", "docx-truncated")) {
        put("report.md", report_md);
        CHECK(sh("cd '%s' && pandoc report.md -o good.docx && head -c 500 "
                 "good.docx >cut.docx",
                 dir),
              "truncated docx made", "pandoc failed");
        CHECK_INT(extract("cut.docx", &ex, &err), JX_ERR_FORMAT,
                  "truncated docx");
        CHECK(strncmp(err.message, "not a valid .docx (", 19) == 0,
              "truncated docx message", "got %s", err.message);
    }
}

#define W_NS                                                                  \
    "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/"      \
    "main\""

/* Writes file name: a document.xml of head, then count times before, the
 * repeat's number in 8 digits and after, then tail. */
static void write_xml(const char *name, const char *head, const char *before,
                      const char *after, long count, const char *tail)
{
    FILE *f = fopen(at(name), "wb");
    if (!f)
        return;
    fputs(head, f);
    for (long i = 0; i < count; i++)
        fprintf(f, "%s%08ld%s", before, i, after);
    fputs(tail, f);
    fclose(f);
}

/* Zips the scratch file xml as the word/document.xml of the .docx name. */
static int zip_document(const char *xml, const char *name)
{
    return sh("cd '%s' && rm -rf z-%s && mkdir -p z-%s/word && mv '%s' "
              "z-%s/word/document.xml && cd z-%s && zip -q -r '../%s' . && "
              "cd .. && rm -rf z-%s",
              dir, name, name, xml, name, name, name, name);
}

/* Extracts name in a child process; *kb receives the child's peak
 * resident memory, *st its status (and err its message). */
static void extract_in_child(const char *name, long *kb, jx_status *st,
                             jx_error *err)
{
    int fds[2];
    *kb = -1;
    *st = JX_ERR_IO;
    if (pipe(fds) != 0)
        return;
    pid_t pid = fork();
    if (pid == 0) {
        jx_extracted ex;
        jx_error e = {0};
        e.status = Jx_extract_file(at(name), &ex, &e);
        if (e.status == JX_OK)
            Jx_extracted_clear(&ex);
        ssize_t n = write(fds[1], &e, sizeof e);
        _exit(n == (ssize_t)sizeof e ? 0 : 1);
    }
    close(fds[1]);
    int status;
    struct rusage ru;
    if (pid > 0 && read(fds[0], err, sizeof *err) == (ssize_t)sizeof *err &&
        wait4(pid, &status, 0, &ru) == pid) {
        *kb = ru.ru_maxrss;
        *st = err->status;
    }
    close(fds[0]);
}

/* A .docx whose word/document.xml is 100 MB of markup around a little
 * text is read in bounded memory (the part is streamed, never a tree:
 * a tree of it took 1.6 GB), and all of its text comes out. One with
 * more than JX_MAX_TEXT_BYTES of text is refused with one message. */
static void test_docx_large(void)
{
    if (!have("zip", "docx-large"))
        return;
    static const char head[] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS
        "><w:body>";
    static const char tail[] = "</w:body></w:document>";
    static const char before[] =
        "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/><w:jc w:val=\"both\"/>"
        "<w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr><w:r><w:rPr>"
        "<w:rFonts w:ascii=\"SimSun\" w:eastAsia=\"SimSun\"/><w:b/><w:i/>"
        "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/></w:rPr><w:t>标记";
    static const char after[] = "</w:t></w:r></w:p>";
    write_xml("big.xml", head, before, after, 100L * 1024 * 1024 / 300, tail);
    CHECK(zip_document("big.xml", "big.docx"), "docx-large made",
          "zip failed");
    long kb;
    jx_status st;
    jx_error err = {0};
    extract_in_child("big.docx", &kb, &st, &err);
    CHECK_INT(st, JX_OK, "docx of 100 MB of XML extracts");
#ifndef __SANITIZE_ADDRESS__
    CHECK(kb > 0 && kb < 150 * 1024, "docx of 100 MB of XML in bounded memory",
          "peak %ld kB resident", kb);
#endif
    jx_extracted ex;
    if (extract("big.docx", &ex, &err) == JX_OK) {
        int n = count(ex.text, "标记");
        CHECK(n == 100L * 1024 * 1024 / 300 &&
                  strstr(ex.text, "标记00000000\n标记00000001\n"),
              "docx of 100 MB of XML: every paragraph", "%d paragraphs", n);
        Jx_extracted_clear(&ex);
    }

    write_xml("text.xml", head, "<w:p><w:r><w:t>",
              "本单位按照年度工作计划有序推进各项重点任务确保资金使用规范有效"
              "全年共组织专题培训六期资金执行率达到百分之九十八以上下一步将进"
              "</w:t></w:r></w:p>",
              JX_MAX_TEXT_BYTES / 180 + 10, tail);
    CHECK(zip_document("text.xml", "text.docx"), "docx-text made",
          "zip failed");
    extract_in_child("text.docx", &kb, &st, &err);
    CHECK_INT(st, JX_ERR_FORMAT, "docx of more than 96 MiB of text refused");
    CHECK_STR(err.message, "more than 96 MiB of text",
              "docx of more than 96 MiB of text: message");
#ifndef __SANITIZE_ADDRESS__
    CHECK(kb > 0 && kb < 250 * 1024, "docx of 96 MiB of text: bounded memory",
          "peak %ld kB resident", kb);
#endif
    sh("rm -f '%s' '%s'", at("big.docx"), at("text.docx"));
}

/* A text file under the file limit whose bad bytes (U+FFFD, three bytes
 * each) would make more than JX_MAX_TEXT_BYTES of text is refused: its
 * encoding is not recognised, before any text is made. */
static void test_text_too_long(void)
{
    FILE *f = fopen(at("bad.txt"), "wb");
    if (!f)
        return;
    for (int i = 0; i < 40 * 1024; i++) {
        char k[1024];
        memset(k, 0xFF, sizeof k);
        fwrite(k, 1, sizeof k, f);
    }
    fclose(f);
    jx_extracted ex;
    jx_error err = {0};
    CHECK_INT(extract("bad.txt", &ex, &err), JX_ERR_ENCODING,
              "40 MiB of bad bytes (120 MiB of text) refused");
    CHECK(strstr(err.message, "encoding not recognised") != NULL,
          "40 MiB of bad bytes: message", "got \"%s\"", err.message);
    sh("rm -f '%s'", at("bad.txt"));
}

/* A UTF-16 document.xml larger than the chunks it is converted in gives
 * the same text as its UTF-8 original. */
static void test_docx_utf16_chunks(void)
{
    if (!have("zip", "docx-utf16") || !have("iconv", "docx-utf16"))
        return;
    write_xml("u8.xml",
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS
              "><w:body>",
              "<w:p><w:r><w:t>第",
              "段：预算执行率达到98.6%，𠀀扩展字。</w:t></w:r></w:p>", 20000,
              "</w:body></w:document>");
    CHECK(sh("cd '%s' && cp u8.xml u8b.xml && (printf '\\377\\376'; iconv "
             "-f UTF-8 -t UTF-16LE u8b.xml) >u16.xml",
             dir) &&
              zip_document("u8.xml", "u8.docx") &&
              zip_document("u16.xml", "u16big.docx"),
          "docx-utf16 made", "iconv or zip failed");
    jx_extracted a, b;
    jx_error err = {0};
    jx_status sa = extract("u8.docx", &a, &err);
    jx_status sb = extract("u16big.docx", &b, &err);
    CHECK(sa == JX_OK && sb == JX_OK && a.len == b.len &&
              memcmp(a.text, b.text, a.len) == 0 && a.len > 1000000,
          "docx in UTF-16 across chunks: same text as UTF-8",
          "status %d/%d, %zu and %zu bytes (%s)", (int)sa, (int)sb,
          sa ? 0 : a.len, sb ? 0 : b.len, err.message);
    if (sa == JX_OK)
        Jx_extracted_clear(&a);
    if (sb == JX_OK)
        Jx_extracted_clear(&b);
}

/* Renders the lines of text to PDF name with pango-view. */
static int pango_pdf(const char *name, const char *text)
{
    char txt[300];
    snprintf(txt, sizeof txt, "%s.txt", name);
    put(txt, text);
    return sh("pango-view --font='WenQuanYi Micro Hei' --output='%s' -q "
              "'%s' 2>/dev/null",
              at(name), at(txt));
}

#define RUNNING_HEADER "某县农业农村局绩效自评报告（内部资料）"

/* A three-page PDF made by pango-view and pdfunite, with a running
 * header and "- N -" page numbers, a sentence cut by a page break. */
static void test_pdf_pages(void)
{
    if (!have("pango-view", "pdf") || !have("pdfunite", "pdf"))
        return;
    int made =
        pango_pdf("p1.pdf", RUNNING_HEADER
                  "\n\n一、部门基本情况\n"
                  "本局负责全县农业农村工作，全年预算执行率达\n\n"
                  "- 1 -\n") &&
        pango_pdf("p2.pdf", RUNNING_HEADER "\n\n到98.6%，资金使用规范。\n"
                                           "（一）项目管理情况\n\n- 2 -\n") &&
        pango_pdf("p3.pdf", RUNNING_HEADER "\n\n二、存在的问题\n"
                                           "个别项目进度偏慢。\n\n- 3 -\n") &&
        sh("cd '%s' && pdfunite p1.pdf p2.pdf p3.pdf pages.pdf", dir);
    CHECK(made, "pdf made", "pango-view or pdfunite failed");
    jx_extracted ex;
    jx_error err;
    CHECK_INT(extract("pages.pdf", &ex, &err), JX_OK, "pdf extracts");
    CHECK(in_order(ex.text, "一、部门基本情况\n",
                   "全年预算执行率达\n\n到98.6%，资金使用规范。\n",
                   "（一）项目管理情况\n\n二、存在的问题\n",
                   "个别项目进度偏慢。\n", NULL),
          "pdf pages in order, joined by a blank line", "got:\n%s",
          ex.text ? ex.text : "(null)");
    CHECK(ex.text && !strstr(ex.text, "内部资料"), "running header removed",
          "got:\n%s", ex.text);
    CHECK(ex.text && !strstr(ex.text, "- 2 -") && !strstr(ex.text, "-2-"),
          "page numbers removed", "got:\n%s", ex.text);
    Jx_extracted_clear(&ex);
}

#define WRAP_P1                                                                                                 \
    "本局负责全区经济运行的监测分析，统筹推进服务业发展规划和政策落实，牵头" \
    "组织研究服务业经济运行中的重大问题并向区政府提出建议意见，协调全区重大" \
    "项目建设"
#define WRAP_P2                                                                                                 \
    "全年完成服务业增加值目标任务，按照市局统一部署开展了经济普查和专项调查" \
    "，对全区规模以上服务业企业开展季度走访和入户调查并完成统计上报（一）部" \
    "门预算编制和执行情况良好。"

/* A PDF whose paragraphs pango-view wraps at 400 points (33 characters
 * a line): the short last line of the first paragraph (全区重大项目建设,
 * shaped like a heading), a line carried over with the comma after it,
 * and a wrapped line that starts with （一）部门 after an unfinished one
 * are all joined back into their paragraphs, one a line, and the
 * headings stay lines of their own. */
static void test_pdf_wrapped(void)
{
    if (!have("pango-view", "pdf-wrapped"))
        return;
    put("wrap.txt", "一、部门基本情况\n" WRAP_P1 "\n二、主要工作\n" WRAP_P2
                    "\n三、存在的问题\n个别项目进度偏慢。\n");
    CHECK(sh("pango-view --font='WenQuanYi Micro Hei 12' --width=400 "
             "--wrap=word-char --output='%s' -q '%s' 2>/dev/null",
             at("wrap.pdf"), at("wrap.txt")),
          "pdf-wrapped made", "pango-view failed");
    jx_extracted ex = {0};
    jx_error err;
    CHECK_INT(extract("wrap.pdf", &ex, &err), JX_OK, "wrapped pdf extracts");
    CHECK(ex.text &&
              strcmp(ex.text,
                     "一、部门基本情况\n" WRAP_P1 "\n二、主要工作\n" WRAP_P2
                     "\n三、存在的问题\n个别项目进度偏慢。\n") == 0,
          "wrapped lines joined into paragraphs", "got:\n%s",
          ex.text ? ex.text : "(null)");
    Jx_extracted_clear(&ex);
}

/* The title and author of the PDF information dictionary (set with
 * qpdf) and cairo's creation date become the hints. */
static void test_pdf_hints(void)
{
    if (!have("pango-view", "pdf-hints") || !have("qpdf", "pdf-hints") ||
        !have("python3", "pdf-hints"))
        return;
    CHECK(pango_pdf("plain.pdf", "2022年全年预算执行率达到98.6%。\n"),
          "pdf-hints made", "pango-view failed");
    put("info.py", "import json, sys\n"
                   "d = json.load(sys.stdin)\n"
                   "objs = d['qpdf'][1]\n"
                   "ref = objs['trailer']['value']['/Info']\n"
                   "info = objs['obj:' + ref]['value']\n"
                   "info['/Title'] = 'u:2022年部门整体支出绩效自评报告'\n"
                   "info['/Author'] = 'u:江西省某县农业农村局'\n"
                   "json.dump({'qpdf': [d['qpdf'][0], {'obj:' + ref: "
                   "{'value': info}}]}, sys.stdout)\n");
    CHECK(sh("cd '%s' && qpdf --json-output plain.pdf - | python3 info.py "
             ">info.json && qpdf --update-from-json=info.json plain.pdf "
             "titled.pdf",
             dir),
          "pdf title set", "qpdf failed");
    jx_extracted ex;
    jx_error err;
    CHECK_INT(extract("titled.pdf", &ex, &err), JX_OK, "titled pdf extracts");
    CHECK_STR(ex.hint_title, "2022年部门整体支出绩效自评报告",
              "pdf title hint");
    CHECK_STR(ex.hint_author, "江西省某县农业农村局", "pdf author hint");
    CHECK(ex.hint_date && strncmp(ex.hint_date, "20", 2) == 0, "pdf date hint",
          "got %s", ex.hint_date ? ex.hint_date : "NULL");
    CHECK(in_order(ex.text, "预算执行率达到98.6%", NULL), "titled pdf text",
          "got %s", ex.text);
    Jx_extracted_clear(&ex);
}

/* Encrypted, image-only and damaged PDFs are each JX_ERR_FORMAT with
 * their own message. */
static void test_pdf_broken(void)
{
    jx_extracted ex;
    jx_error err;
    put("junk.pdf", "%PDF-1.5\nnothing else here\n");
    CHECK_INT(extract("junk.pdf", &ex, &err), JX_ERR_FORMAT, "junk pdf");
    CHECK(strncmp(err.message, "not a valid PDF (", 17) == 0,
          "junk pdf message", "got %s", err.message);
    if (!have("pango-view", "pdf-broken"))
        return;
    CHECK(pango_pdf("blank.pdf", " \n"), "blank pdf made",
          "pango-view failed");
    CHECK_INT(extract("blank.pdf", &ex, &err), JX_ERR_FORMAT,
              "image-only pdf");
    CHECK_STR(err.message, "no text (image-only PDF?)", "image-only message");
    CHECK(pango_pdf("whole.pdf", "预算执行率达到98.6%。\n") &&
              sh("cd '%s' && (head -c 300 whole.pdf; head -c 3000 "
                 "/dev/urandom) >garbled.pdf",
                 dir),
          "garbled pdf made", "failed");
    CHECK_INT(extract("garbled.pdf", &ex, &err), JX_ERR_FORMAT, "garbled pdf");
    if (have("qpdf", "pdf-encrypted")) {
        CHECK(sh("cd '%s' && qpdf --encrypt user owner 256 -- whole.pdf "
                 "locked.pdf",
                 dir),
              "encrypted pdf made", "qpdf failed");
        CHECK_INT(extract("locked.pdf", &ex, &err), JX_ERR_FORMAT,
                  "encrypted pdf");
        CHECK_STR(err.message, "encrypted PDF", "encrypted message");
    }
}

static const char page_html[] =
    "<!DOCTYPE html>\n<html><head>\n%s\n"
    "<title>2022年部门整体支出绩效自评报告_某县人民政府</title>\n"
    "<script>var tip = \"脚本里的文字\";</script>\n"
    "<style>.nav { color: red }</style></head>\n<body>\n"
    "<div class=\"top-header\"><div class=\"logo\">某县人民政府门户网站</div>"
    "<div class=\"info\">发布机构：某县农业农村局　发布日期：2023-03-15</div>"
    "</div>\n"
    "<nav><a href=\"/\">网站首页</a> <a href=\"/gk\">信息公开</a></nav>\n"
    "<div id=\"main-menu\"><a href=\"/\">政务服务</a></div>\n"
    "<div class=\"article\">\n<h1>2022年部门整体支出绩效自评报告</h1>\n"
    "<p>　　一、部门基本情况</p>\n"
    "<p>本局负责全县农业农村工作，\n全年预算执行率达到98.6%%。</p>\n"
    "<table><tr><th>指标</th><th>完成值</th></tr>\n"
    "<tr><td>预算执行率</td><td><p>98.6%%</p></td></tr>\n"
    "<tr><td> </td><td></td></tr></table>\n"
    "<ul><li>项目一</li><li>项目二</li></ul>\n"
    "<form><input type=\"text\" value=\"搜索\"><button>检索本站</button>"
    "</form>\n</div>\n"
    "<div class=\"footer\">版权所有：某县人民政府</div>\n"
    "</body></html>\n";

/* Writes the test page with the given head line, converted by iconv to
 * charset (NULL: left in UTF-8), as name. */
static int make_page(const char *name, const char *head, const char *charset)
{
    char html[8192];
    snprintf(html, sizeof html, page_html, head);
    put("page.utf8", html);
    if (!charset)
        return sh("cp '%s' '%s'", at("page.utf8"), at(name));
    return sh("iconv -f UTF-8 -t %s '%s' >'%s'", charset, at("page.utf8"),
              at(name));
}

/* Checks what every version of the test page must give. */
static void check_page(const jx_extracted *ex, const char *what)
{
    char name[128];
    snprintf(name, sizeof name, "%s main text", what);
    CHECK(
        in_order(ex->text, "发布机构：某县农业农村局　发布日期：2023-03-15\n",
                 "2022年部门整体支出绩效自评报告\n一、部门基本情况\n",
                 "本局负责全县农业农村工作，全年预算执行率达到98.6%。\n",
                 "指标 | 完成值\n预算执行率 | 98.6%\n项目一\n项目二\n", NULL),
        name, "got:\n%s", ex->text ? ex->text : "(null)");
    static const char *const unwanted[] = {
        "脚本里的文字", "color",    "网站首页", "政务服务",
        "检索本站",     "版权所有", "门户网站", " |  | ",
    };
    for (size_t i = 0; i < sizeof unwanted / sizeof *unwanted; i++) {
        snprintf(name, sizeof name, "%s leaves out %s", what, unwanted[i]);
        CHECK(ex->text && !strstr(ex->text, unwanted[i]), name, "got:\n%s",
              ex->text);
    }
    snprintf(name, sizeof name, "%s title hint", what);
    CHECK_STR(ex->hint_title, "2022年部门整体支出绩效自评报告_某县人民政府",
              name);
}

/* GBK pages (meta charset and http-equiv gb2312) are decoded right, and
 * the main text is taken without script, navigation or footer. */
static void test_html_gbk(void)
{
    if (!have("iconv", "html"))
        return;
    jx_extracted ex;
    jx_error err;
    CHECK(make_page("gbk.html", "<meta charset=\"gbk\">", "GBK"),
          "gbk page made", "iconv failed");
    CHECK_INT(extract("gbk.html", &ex, &err), JX_OK, "gbk page extracts");
    CHECK_INT(ex.encoding, JX_ENC_GB18030, "gbk page encoding");
    CHECK_INT(ex.replaced, 0, "gbk page nothing replaced");
    check_page(&ex, "gbk page");
    Jx_extracted_clear(&ex);

    CHECK(make_page("gb2312.htm",
                    "<meta http-equiv=\"Content-Type\" "
                    "content=\"text/html; charset=gb2312\">",
                    "GB2312"),
          "gb2312 page made", "iconv failed");
    CHECK_INT(extract("gb2312.htm", &ex, &err), JX_OK, "gb2312 extracts");
    CHECK_INT(ex.encoding, JX_ENC_GB18030, "gb2312 page encoding");
    check_page(&ex, "gb2312 page");
    Jx_extracted_clear(&ex);

    CHECK(make_page("utf8.html", "<meta name=\"keywords\" content=\"绩效\">",
                    NULL),
          "undeclared page made", "cp failed");
    CHECK_INT(extract("utf8.html", &ex, &err), JX_OK, "undeclared extracts");
    CHECK_INT(ex.encoding, JX_ENC_UTF8, "undeclared page is UTF-8");
    check_page(&ex, "utf-8 page");
    Jx_extracted_clear(&ex);
}

/* A charset other than UTF-8 and the GB family is converted by iconv
 * (Big5 here); an unknown charset name is ignored and the bytes
 * detected. */
static void test_html_other_charsets(void)
{
    jx_extracted ex;
    jx_error err;
    if (have("iconv", "html-big5")) {
        put("big5.utf8", "<html><head><meta charset=\"big5\"></head><body>"
                         "<p>預算執行率達到98.6%。</p></body></html>\n");
        CHECK(sh("iconv -f UTF-8 -t BIG5 '%s' >'%s'", at("big5.utf8"),
                 at("big5.html")),
              "big5 page made", "iconv failed");
        CHECK_INT(extract("big5.html", &ex, &err), JX_OK, "big5 extracts");
        CHECK_STR(ex.text, "預算執行率達到98.6%。\n", "big5 decoded");
        Jx_extracted_clear(&ex);
    }
    put("unknown.html", "<html><head><meta charset=\"x-no-such-set\">"
                        "</head><body><p>预算执行率</p></body></html>\n");
    CHECK_INT(extract("unknown.html", &ex, &err), JX_OK,
              "unknown charset extracts");
    CHECK_STR(ex.text, "预算执行率\n", "unknown charset: bytes detected");
    CHECK_INT(ex.encoding, JX_ENC_UTF8, "unknown charset: UTF-8 detected");
    Jx_extracted_clear(&ex);
}

/* A page declaring GBK but holding bytes that are not GBK is refused;
 * a page nested deeper than the parser goes does not crash. */
static void test_html_broken(void)
{
    jx_extracted ex;
    jx_error err;
    if (have("iconv", "html-broken")) {
        CHECK(make_page("good.html", "<meta charset=\"gbk\">", "GBK") &&
                  sh("cd '%s' && (cat good.html; i=0; while [ $i -lt 40 ]; "
                     "do printf '\\377\\200\\377'; i=$((i+1)); done) "
                     ">badbytes.html",
                     dir),
              "bad gbk page made", "failed");
        CHECK_INT(extract("badbytes.html", &ex, &err), JX_ERR_FORMAT,
                  "bad gbk page refused");
        CHECK(strstr(err.message, "not valid in the charset gbk") != NULL,
              "bad gbk message", "got %s", err.message);
    }
    put("binary.html", "<html>\x01\x02");
    FILE *f = fopen(at("binary.html"), "ab");
    if (f) {
        fwrite("\0\0\0\0", 1, 4, f);
        fclose(f);
    }
    CHECK_INT(extract("binary.html", &ex, &err), JX_ERR_FORMAT,
              "binary html refused");
    CHECK(sh("cd '%s' && (printf '<html><body>'; i=0; while [ $i -lt 3000 ]; "
             "do printf '<div><span>'; i=$((i+1)); done; printf 'deep') "
             ">deep.html",
             dir),
          "deep page made", "failed");
    CHECK_INT(extract("deep.html", &ex, &err), JX_OK, "deep page survives");
    Jx_extracted_clear(&ex);
}

/* Legacy .doc: a .docx or web page misnamed .doc is read as what it is;
 * a file that is not Word 97-2003 is refused; without antiword (or
 * catdoc) a real one is JX_ERR_UNSUPPORTED. */
static void test_doc(void)
{
    jx_extracted ex;
    jx_error err;
    put("notword.doc", "plain text, not a Word file\n");
    CHECK_INT(extract("notword.doc", &ex, &err), JX_ERR_FORMAT,
              "not-word .doc refused");
    put("web.doc", "<html><body><p>另存为网页的报告</p></body></html>");
    CHECK_INT(extract("web.doc", &ex, &err), JX_OK, "web page as .doc");
    CHECK(in_order(ex.text, "另存为网页的报告\n", NULL), "web .doc text",
          "got %s", ex.text);
    Jx_extracted_clear(&ex);
    if (have("pandoc", "doc-docx")) {
        put("report.md", report_md);
        CHECK(sh("cd '%s' && pandoc report.md -o renamed.docx && cp "
                 "renamed.docx renamed.doc",
                 dir),
              "renamed docx made", "pandoc failed");
        CHECK_INT(extract("renamed.doc", &ex, &err), JX_OK,
                  ".docx named .doc");
        CHECK(in_order(ex.text, "预算执行率 | 98.6%\n", NULL),
              ".docx named .doc text", "got %s", ex.text);
        Jx_extracted_clear(&ex);
    }
    /* An OLE2 header on junk: the filter is run and fails, or is absent. */
    put("ole.doc", "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 junk after the header");
    const char *path = getenv("PATH");
    char saved[4096];
    snprintf(saved, sizeof saved, "%s", path ? path : "/usr/bin:/bin");
    setenv("PATH", dir, 1); /* no antiword, no catdoc */
    jx_status st = extract("ole.doc", &ex, &err);
    setenv("PATH", saved, 1);
    CHECK_INT(st, JX_ERR_UNSUPPORTED, "no filter: unsupported");
    CHECK_STR(err.message, "legacy .doc is not supported (install antiword)",
              "no filter message");
    if (have("antiword", "doc-antiword")) {
        CHECK_INT(extract("ole.doc", &ex, &err), JX_ERR_FORMAT,
                  "junk .doc refused by antiword");
        CHECK(strncmp(err.message, "antiword ", 9) == 0,
              "antiword failure message", "got %s", err.message);
    }
}

/* Writes an HTML page: a paragraph, depth nested elements of tag around
 * a paragraph, then a last paragraph. */
static void write_deep_page(const char *name, const char *tag, long depth)
{
    FILE *f = fopen(at(name), "wb");
    if (!f)
        return;
    fputs("<html><head><meta charset=\"utf-8\"></head><body>"
          "<p>开头的段落。</p>",
          f);
    for (long i = 0; i < depth; i++)
        fprintf(f, "<%s>", tag);
    fputs("<p>最深处的段落。</p>", f);
    for (long i = 0; i < depth; i++)
        fprintf(f, "</%s>", tag);
    fputs("<p>结尾的段落。</p></body></html>", f);
    fclose(f);
}

/* Pages nested deeper than libxml2's default limit of 256 levels keep
 * all their text (it used to stop there and drop the rest, silently);
 * a page of more than a million nodes is refused with one message. */
static void test_html_deep(void)
{
    static const long depths[] = {255, 300, 5000, 200000};
    static const char *const tags[] = {"div", "span", "div", "div"};
    for (size_t i = 0; i < sizeof depths / sizeof *depths; i++) {
        char name[64], label[128];
        snprintf(name, sizeof name, "deep%ld.html", depths[i]);
        write_deep_page(name, tags[i], depths[i]);
        jx_extracted ex;
        jx_error err = {0};
        jx_status st = extract(name, &ex, &err);
        snprintf(label, sizeof label, "html %ld levels of %s: all text",
                 depths[i], tags[i]);
        CHECK(st == JX_OK && in_order(ex.text, "开头的段落。",
                                      "最深处的段落。", "结尾的段落。", NULL),
              label, "status %d: %s", (int)st, st ? err.message : ex.text);
        if (st == JX_OK)
            Jx_extracted_clear(&ex);
    }
    write_deep_page("wide.html", "i></i", 1100000);
    jx_extracted ex;
    jx_error err = {0};
    CHECK_INT(extract("wide.html", &ex, &err), JX_ERR_FORMAT,
              "html of 1.1 million elements refused");
    CHECK_STR(err.message,
              "more than 1000000 HTML elements, attributes and comments",
              "html of 1.1 million elements: message");
}

int main(void)
{
    jx_test_name = "test_formats";
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/jx-formats-XXXXXX",
             tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_docx_pandoc();
    test_docx_textbox();
    test_docx_encodings();
    test_docx_broken();
    test_docx_large();
    test_docx_utf16_chunks();
    test_text_too_long();
    test_pdf_pages();
    test_pdf_wrapped();
    test_pdf_hints();
    test_pdf_broken();
    test_html_gbk();
    test_html_other_charsets();
    test_html_broken();
    test_html_deep();
    test_doc();
    sh("rm -rf '%s'", dir);
    TEST_MAIN_END();
}
