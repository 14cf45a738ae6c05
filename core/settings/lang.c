/*
 * lang.c — choosing the language (see lang.h).
 *
 * glibc's gettext ignores LANGUAGE in the "C" locale, but not in C.UTF-8.
 * So when the environment gives no usable locale, LC_MESSAGES and LC_CTYPE
 * are set to C.UTF-8 (always present on Debian 12), and LANGUAGE is set to
 * the chosen language; the catalogue does the rest. English is the msgid,
 * so English needs no catalogue.
 */
#include "core/settings/lang.h"
#include <libintl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef LOCALEDIR
#define LOCALEDIR "/usr/local/share/locale"
#endif

static const char *current = "fr";

const char *lang_current(void) { return current; }

static int is_english(const char *v) { return v && strncmp(v, "en", 2) == 0; }
static int is_french(const char *v) { return v && strncmp(v, "fr", 2) == 0; }

/* The build tree keeps its catalogue next to the binary (build/locale);
 * an installed boucle uses LOCALEDIR. */
static void bind_catalogue(void)
{
    const char *env = getenv("BOUCLE_LOCALEDIR");
    if (env && *env) {
        bindtextdomain("boucle", env);
    } else {
        char exe[4096], dir[4200], mo[4300];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        struct stat sb;
        if (n > 0) {
            exe[n] = '\0';
            char *slash = strrchr(exe, '/');
            if (slash) *slash = '\0';
            /* build/boucle + build/locale, or PREFIX/bin/boucle + PREFIX/share/locale
             * (also when installed under another prefix than it was built for) */
            static const char *const rel[] = { "%s/locale", "%s/../share/locale" };
            for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
                snprintf(dir, sizeof dir, rel[i], exe);
                snprintf(mo, sizeof mo, "%s/fr/LC_MESSAGES/boucle.mo", dir);
                if (stat(mo, &sb) == 0) {
                    bindtextdomain("boucle", dir);
                    goto bound;
                }
            }
        }
        bindtextdomain("boucle", LOCALEDIR);
    }
bound:
    bind_textdomain_codeset("boucle", "UTF-8");
    textdomain("boucle");
}

int lang_init(const char *cli_lang, const char *conf_lang)
{
    int bad = 0;
    const char *choice = NULL;
    if (cli_lang && *cli_lang) {
        if (is_english(cli_lang) || is_french(cli_lang)) choice = cli_lang;
        else bad = 1;
    }
    if (!choice && conf_lang && *conf_lang && (is_english(conf_lang) || is_french(conf_lang))) choice = conf_lang;
    if (!choice) {
        static const char *const vars[] = { "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG" };
        for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
            const char *v = getenv(vars[i]);
            if (!v || !*v) continue;
            if (is_english(v)) { choice = "en"; break; }
            if (is_french(v)) { choice = "fr"; break; }
            /* LANGUAGE may list several: "de:en" */
            if (i == 0 && strstr(v, ":en")) { choice = "en"; break; }
        }
    }
    current = is_english(choice) ? "en" : "fr";

    if (!setlocale(LC_ALL, "")) setlocale(LC_ALL, "C.UTF-8");
    const char *msg = setlocale(LC_MESSAGES, NULL);
    if (!msg || strcmp(msg, "C") == 0 || strcmp(msg, "POSIX") == 0) setlocale(LC_MESSAGES, "C.UTF-8");
    const char *ctype = setlocale(LC_CTYPE, NULL);
    if (!ctype || strcmp(ctype, "C") == 0 || strcmp(ctype, "POSIX") == 0) setlocale(LC_CTYPE, "C.UTF-8");
    setenv("LANGUAGE", strcmp(current, "en") == 0 ? "en" : "fr", 1);
    bind_catalogue();
    return bad ? -1 : 0;
}
