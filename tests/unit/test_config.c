/*
 * test_config.c — the INI configuration and the choice of language.
 */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/settings/config.h"
#include "core/settings/lang.h"
#include "core/sync/sync.h"
#include <libintl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *path_in_tmp(const char *name)
{
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", support_tmpdir(), name);
    return p;
}

TEST(config_set_get_keeps_other_lines_and_is_private)
{
    char path[512], v[256];
    Err e = { 0 };
    snprintf(path, sizeof path, "%s", path_in_tmp("cfg/sub/boucle.conf"));
    CHECK_INT(config_get(path, "hub.url", v, sizeof v, &e), 0);   /* no file yet */
    CHECK(config_set(path, "hub.url", "http://127.0.0.1:5984", &e) == 0);
    CHECK(config_set(path, "lang", "en", &e) == 0);
    CHECK(config_set(path, "hub.user", "GRE1", &e) == 0);
    CHECK(config_set(path, "hub.url", "http://hub:5984", &e) == 0);
    CHECK_INT(config_get(path, "hub.url", v, sizeof v, &e), 1);
    CHECK_STR(v, "http://hub:5984");
    CHECK_INT(config_get(path, "lang", v, sizeof v, &e), 1);
    CHECK_STR(v, "en");
    CHECK_INT(config_get(path, "hub.user", v, sizeof v, &e), 1);
    CHECK_STR(v, "GRE1");
    CHECK_INT(config_get(path, "hub.password", v, sizeof v, &e), 0);
    struct stat sb;
    CHECK(stat(path, &sb) == 0);
    CHECK_INT(sb.st_mode & 0777, 0600);
    CHECK(config_set(path, "bad key", "x", &e) < 0);
    CHECK(config_set(path, "k", "two\nlines", &e) < 0);
}

TEST(config_malformed_line_is_named)
{
    char v[64];
    Err e = { 0 };
    const char *path = path_in_tmp("broken.conf");
    FILE *f = fopen(path, "w");
    fputs("# comment\nlang = fr\n[hub\nurl = x\n", f);
    fclose(f);
    CHECK_INT(config_get(path, "hub.url", v, sizeof v, &e), -1);
    CHECK_CONTAINS(e.msg, "3");
    f = fopen(path, "w");
    fputs("lang fr\n", f);
    fclose(f);
    CHECK_INT(config_get(path, "lang", v, sizeof v, &e), -1);
    CHECK_CONTAINS(e.msg, "1");
    f = fopen(path, "w");                 /* binary garbage */
    for (int i = 0; i < 3000; i++) fputc((i * 31) & 0xff, f);
    fclose(f);
    CHECK_INT(config_get(path, "lang", v, sizeof v, &e), -1);
}

TEST(language_is_french_by_default_even_under_C)
{
    setenv("BOUCLE_LOCALEDIR", getenv("BUILD") ? getenv("BUILD") : "build", 1);
    char dir[600];
    snprintf(dir, sizeof dir, "%s/locale", getenv("BUILD") ? getenv("BUILD") : "build");
    setenv("BOUCLE_LOCALEDIR", dir, 1);
    unsetenv("LANGUAGE"); unsetenv("LC_ALL"); unsetenv("LC_MESSAGES");
    setenv("LANG", "C", 1);
    CHECK(lang_init(NULL, NULL) == 0);
    CHECK_STR(lang_current(), "fr");
    CHECK_STR(gettext("ready"), "prêt");
    setenv("LANG", "C.UTF-8", 1);
    CHECK(lang_init(NULL, NULL) == 0);
    CHECK_STR(gettext("ready"), "prêt");
}

TEST(language_english_from_option_config_or_environment)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/locale", getenv("BUILD") ? getenv("BUILD") : "build");
    setenv("BOUCLE_LOCALEDIR", dir, 1);
    unsetenv("LANGUAGE"); unsetenv("LC_ALL"); unsetenv("LC_MESSAGES");
    setenv("LANG", "C", 1);
    CHECK(lang_init("en", NULL) == 0);
    CHECK_STR(lang_current(), "en");
    CHECK_STR(gettext("ready"), "ready");
    CHECK(lang_init(NULL, "en") == 0);
    CHECK_STR(lang_current(), "en");
    CHECK(lang_init("fr", "en") == 0);                 /* the option wins */
    CHECK_STR(lang_current(), "fr");
    CHECK_STR(gettext("ready"), "prêt");
    unsetenv("LANGUAGE");
    setenv("LANG", "en_GB.UTF-8", 1);
    CHECK(lang_init(NULL, NULL) == 0);
    CHECK_STR(lang_current(), "en");
    unsetenv("LANGUAGE");
    setenv("LC_MESSAGES", "en_US.UTF-8", 1);
    setenv("LANG", "fr_FR.UTF-8", 1);
    CHECK(lang_init(NULL, NULL) == 0);
    CHECK_STR(lang_current(), "en");
    unsetenv("LANGUAGE"); unsetenv("LC_MESSAGES");
    CHECK(lang_init("klingon", NULL) < 0);
    CHECK_STR(lang_current(), "fr");
}

TEST(config_refuses_unknown_keys_and_bad_values_without_cutting)
{
    const char *path = path_in_tmp("keys.conf");
    Err e = { 0 };
    char v[2048], key[100], big[1100];
    unlink(path);
    CHECK(config_key_known("hub.url") && config_key_known("printer.zebra") && config_key_known("operator"));
    CHECK(!config_key_known("bogus.key") && !config_key_known("printer.") && !config_key_known("printer.a.b"));
    CHECK(config_set(path, "bogus.key", "1", &e) < 0);
    CHECK_INT(e.code, ERR_USAGE);
    /* a key over the limit is refused, not cut to a shorter one */
    snprintf(key, sizeof key, "printer.%0*d", CONFIG_KEY_MAX, 7);
    CHECK(config_set(path, key, "tcp://x", &e) < 0);
    CHECK(config_get(path, key, v, sizeof v, &e) < 0);
    CHECK(config_set(path, "hub.url", "a\033b", &e) < 0);
    CHECK(config_set(path, "hub.url", "a\tb", &e) < 0);
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    CHECK(config_set(path, "hub.url", big, &e) < 0);
    /* hub.url is read into SyncConfig.url: at most what it holds */
    size_t max = config_value_max("hub.url");
    CHECK(max < sizeof ((SyncConfig *)0)->url);
    big[max + 1] = '\0';
    CHECK(config_set(path, "hub.url", big, &e) < 0);
    big[max] = '\0';
    CHECK(config_set(path, "hub.url", big, &e) == 0);
    CHECK_INT(config_get(path, "hub.url", v, sizeof v, &e), 1);
    CHECK_INT((int)strlen(v), (int)max);
    memset(big, 'a', sizeof big - 1);
    big[CONFIG_VALUE_MAX - 1] = '\0';
    CHECK(config_set(path, "printer.zebra", big, &e) == 0);
    CHECK_INT(config_get(path, "printer.zebra", v, sizeof v, &e), 1);
    CHECK_INT((int)strlen(v), CONFIG_VALUE_MAX - 1);
    CHECK(config_set(path, "hub.user", "Zoé", &e) == 0);   /* UTF-8 is text */
}

int main(void)
{
    RUN(config_set_get_keeps_other_lines_and_is_private);
    RUN(config_malformed_line_is_named);
    RUN(language_is_french_by_default_even_under_C);
    RUN(language_english_from_option_config_or_environment);
    RUN(config_refuses_unknown_keys_and_bad_values_without_cutting);
    return t_done();
}
