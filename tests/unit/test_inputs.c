/*
 * test_inputs.c — every input checked alike (issue 11, item 6): the one
 * rule for free text (util/text.h), files a person names (util/path.h), and
 * a configuration that reads back whole what it wrote.
 */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/settings/config.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"
#include "core/wipe/nwipe.h"
#include "util/path.h"
#include "util/text.h"
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *tmp(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", support_tmpdir(), name);
    return p;
}

TEST(free_text_refuses_what_is_not_shown_as_typed)
{
    Err e = { 0 };
    char out[64];
    static const char *const bad[] = {
        "a\033[31mred",            /* ESC: an escape sequence */
        "a\xc2\x9b" "31mred",      /* U+009B CSI: the same in one C1 character */
        "a\xc2\x85" "b",           /* U+0085 NEL */
        "a\ttab", "two\nlines", "a\x7f",
        "a\xe2\x80\xae" "cba",     /* U+202E RIGHT-TO-LEFT OVERRIDE */
        "a\xe2\x81\xa6" "b",       /* U+2066 LEFT-TO-RIGHT ISOLATE */
        "a\xe2\x80\xa8" "b",       /* U+2028 LINE SEPARATOR */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        e.code = ERR_NONE;
        CHECK_MSG(text_field_clean(bad[i], out, sizeof out, 50, "note", &e) < 0, "accepted case %zu", i);
        CHECK_INT(e.code, ERR_INPUT);
        CHECK_CONTAINS(e.msg, "note");
    }
    CHECK(text_field_clean("caf\xe9", out, sizeof out, 50, "note", &e) < 0);   /* Latin-1, not UTF-8 */
    CHECK_CONTAINS(e.msg, "UTF-8");
    /* the limit is in characters: 10 "é" are 20 bytes and pass a limit of 10 */
    CHECK(text_field_clean("éééééééééé", out, sizeof out, 10, "note", &e) == 0);
    CHECK(text_field_clean("ééééééééééé", out, sizeof out, 10, "note", &e) < 0);
    CHECK_CONTAINS(e.msg, "11");
    /* what is fine: accents, CJK, emoji, the marks of right-to-left scripts */
    CHECK(text_field_clean("  Hôpital 東京 ✓ \xe2\x80\x8f  ", out, sizeof out, 50, "note", &e) == 0);
    CHECK_STR(out, "Hôpital 東京 ✓ \xe2\x80\x8f");
}

/* The core functions that store typed text go through the rule: one of them
 * per kind (a lot's donor and reference, an operator's name). */
TEST(core_functions_refuse_c1_controls)
{
    Ctx c;
    Err e = { 0 };
    char id[LOT_ID_MAX];
    CHECK(support_ctx(&c, "inputs.db", "INP1") == 0);
    CHECK(operator_add(&c, "Zoé", &e) == 0);
    CHECK(operator_choose(&c, "Zoé", &e) == 0);
    CHECK(lot_add(&c, "Mairie\xc2\x9b" "2J", "", 0, NULL, id, &e) < 0);
    CHECK_CONTAINS(e.msg, "U+009B");
    CHECK(lot_add(&c, "Mairie", "ref\xe2\x80\xae", 0, NULL, id, &e) < 0);
    CHECK(operator_add(&c, "Bob\xc2\x9b", &e) < 0);
    CHECK(lot_add(&c, "Mairie de Lyon", "BL-12", 0, NULL, id, &e) == 0);
    ctx_close(&c);
}

TEST(files_named_by_a_person_must_be_regular_files)
{
    Err e = { 0 };
    const char *fifo = tmp("log.fifo");
    unlink(fifo);
    CHECK(mkfifo(fifo, 0600) == 0);
    /* with no writer, a blocking open would never return */
    CHECK(path_fopen_file(fifo, &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_CONTAINS(e.msg, "log.fifo");
    e.code = ERR_NONE;
    CHECK(path_fopen_file("/dev/zero", &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    e.code = ERR_NONE;
    CHECK(path_fopen_file(support_tmpdir(), &e) == NULL);
    CHECK_INT(e.code, ERR_INPUT);
    e.code = ERR_NONE;
    CHECK(path_fopen_file(tmp("absent"), &e) == NULL);
    CHECK_INT(e.code, ERR_NONE);          /* errno, for the caller's own message */
    CHECK_INT(errno, ENOENT);
    NwipeLog log;
    CHECK(nwipe_parse_file("/dev/zero", &log, &e) < 0);   /* returns, and says why */
    CHECK_CONTAINS(e.msg, "/dev/zero");
    CHECK(nwipe_parse_file(fifo, &log, &e) < 0);
    unlink(fifo);
}

TEST(config_reads_back_whole_what_it_wrote)
{
    const char *path = tmp("whole.conf");
    Err e = { 0 };
    char v[CONFIG_VALUE_MAX + 1], name[128];
    unlink(path);
    /* a printer's name must fit the key printer.NAME */
    size_t n = config_value_max("label.printer");
    memset(name, 'p', n + 1);
    name[n + 1] = '\0';
    CHECK(config_set(path, "label.printer", name, &e) < 0);
    name[n] = '\0';
    CHECK(config_set(path, "label.printer", name, &e) == 0);
    char key[160];
    snprintf(key, sizeof key, "printer.%s", name);
    CHECK(config_key_check(key, &e) == 0);
    /* blanks around a value would be trimmed by the reader: refused */
    CHECK(config_set(path, "hub.url", " http://x", &e) < 0);
    CHECK_CONTAINS(e.msg, "hub.url");
    CHECK(config_set(path, "hub.url", "http://x ", &e) < 0);
    CHECK(config_set(path, "hub.url", "http://x\xc2\x9b", &e) < 0);
    CHECK(config_set(path, "hub.url", "http://\xe9", &e) < 0);
    CHECK(config_set(path, "hub=url", "x", &e) < 0);
    CHECK(config_set(path, "hub.url", "a\033[2J", NULL) < 0);   /* no Err: still refused (app.c, cmd_init.c) */
    /* a value longer than the reader's buffer is an error, never cut */
    FILE *f = fopen(path, "a");
    fputs("[hub]\nuser = abcdefghijklmnopqrstuvwxyz\n", f);
    fclose(f);
    char small[8];
    CHECK_INT(config_get(path, "hub.user", small, sizeof small, &e), -1);
    CHECK_CONTAINS(e.msg, "hub.user");
    CHECK_INT(config_get(path, "hub.user", v, sizeof v, &e), 1);
    CHECK_STR(v, "abcdefghijklmnopqrstuvwxyz");
}

TEST(config_path_that_is_a_folder_is_said)
{
    const char *dir = tmp("conf-dir");
    Err e = { 0 };
    char v[64];
    mkdir(dir, 0700);
    CHECK_INT(config_get(dir, "lang", v, sizeof v, &e), -1);   /* not "not set" */
    CHECK_CONTAINS(e.msg, "conf-dir");
    e.code = ERR_NONE;
    CHECK(config_set(dir, "lang", "en", &e) < 0);
    CHECK_CONTAINS(e.msg, "conf-dir");
    struct stat sb;
    CHECK(stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode));       /* left as it was */
}

int main(void)
{
    RUN(free_text_refuses_what_is_not_shown_as_typed);
    RUN(core_functions_refuse_c1_controls);
    RUN(files_named_by_a_person_must_be_regular_files);
    RUN(config_reads_back_whole_what_it_wrote);
    RUN(config_path_that_is_a_folder_is_said);
    return t_done();
}
