/*
 * config.c — the INI configuration file (see config.h).
 *
 *   # comment            ; comment
 *   lang = en
 *   [hub]
 *   url = https://hub.example.org
 *
 * Reading is strict: a line that is neither a comment, a section nor
 * key = value is an error naming the line, so a typo is not silently ignored.
 * Writing keeps every other line (and comment) as it was.
 */
#include "core/settings/config.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/utf8.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Lines longer than this are refused: a configuration has no such lines. */
#define CONFIG_LINE_MAX 4096

const char *const config_keys[] = {
    "lang", "operator",
    "hub.url", "hub.db", "hub.user", "hub.password", "hub.cafile", "hub.insecure", "hub.interval",
    "label.printer", "label.printers", "label.template", "label.url", "label.serial_barcode", "printer.*",
    "grading.profile", "wipe.log_dir", "ui.operator",
    NULL,
};

int config_key_known(const char *key)
{
    for (const char *const *k = config_keys; *k; k++) {
        size_t n = strlen(*k);
        if ((*k)[n - 1] == '*' && strncmp(key, *k, n - 1) == 0 && key[n - 1] && !strchr(key + n - 1, '.')) return 1;
        if (strcmp(key, *k) == 0) return 1;
    }
    return 0;
}

int config_key_check(const char *key, Err *e)
{
    if (strlen(key) > CONFIG_KEY_MAX)
        return err_set(e, ERR_USAGE, _("configuration key too long (at most %d characters)"), CONFIG_KEY_MAX);
    if (!config_key_known(key)) return err_set(e, ERR_USAGE, _("unknown configuration key \"%s\""), key);
    return 0;
}

int config_value_check(const char *value, Err *e)
{
    size_t n = strlen(value);
    if (n > CONFIG_VALUE_MAX)
        return err_set(e, ERR_USAGE, _("configuration value too long (at most %d bytes)"), CONFIG_VALUE_MAX);
    if (strchr(value, '\n') || strchr(value, '\r')) return err_set(e, ERR_USAGE, _("a value cannot span several lines"));
    if (!utf8_clean(value, n) || strchr(value, '\t'))
        return err_set(e, ERR_USAGE, "%s", _("a configuration value is text without control characters"));
    return 0;
}

int config_default_path(char *out, size_t size)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    if (xdg && *xdg) snprintf(out, size, "%s/boucle/boucle.conf", xdg);
    else if (home && *home) snprintf(out, size, "%s/.config/boucle/boucle.conf", home);
    else return -1;
    return 0;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *end = s + strlen(s);
    while (end > s && isspace((unsigned char)end[-1])) *--end = '\0';
    return s;
}

static int key_valid(const char *k)
{
    if (!*k) return 0;
    for (; *k; k++)
        if (!(isalnum((unsigned char)*k) || *k == '_' || *k == '-' || *k == '.')) return 0;
    return 1;
}

/* Splits "section.key" into section ("" for none) and key. */
static void split_key(const char *full, char *section, size_t ssize, char *key, size_t ksize)
{
    const char *dot = strchr(full, '.');
    if (dot) {
        snprintf(section, ssize, "%.*s", (int)(dot - full), full);
        snprintf(key, ksize, "%s", dot + 1);
    } else {
        section[0] = '\0';
        snprintf(key, ksize, "%s", full);
    }
}

/* Parses one line. kind: 0 blank/comment, 1 section (name in a), 2 pair. */
static int parse_line(char *line, int lineno, const char *path, int *kind, char **a, char **b, Err *e)
{
    char *s = trim(line);
    *kind = 0;
    if (!*s || *s == '#' || *s == ';') return 0;
    if (*s == '[') {
        char *end = strchr(s, ']');
        if (!end || trim(end + 1)[0])
            return err_set(e, ERR_INPUT, _("%s, line %d: a section is written [name]"), path, lineno);
        *end = '\0';
        *a = trim(s + 1);
        if (!key_valid(*a)) return err_set(e, ERR_INPUT, _("%s, line %d: invalid section name"), path, lineno);
        *kind = 1;
        return 0;
    }
    char *eq = strchr(s, '=');
    if (!eq) return err_set(e, ERR_INPUT, _("%s, line %d: expected key = value"), path, lineno);
    *eq = '\0';
    *a = trim(s);
    *b = trim(eq + 1);
    if (!key_valid(*a)) return err_set(e, ERR_INPUT, _("%s, line %d: invalid key \"%s\""), path, lineno, *a);
    *kind = 2;
    return 0;
}

int config_get(const char *path, const char *full, char *out, size_t size, Err *e)
{
    char defpath[4096], section[128], key[128], cur[128] = "";
    if (!path) {
        if (config_default_path(defpath, sizeof defpath) < 0) return 0;
        path = defpath;
    }
    if (strlen(full) > CONFIG_KEY_MAX)
        return err_set(e, ERR_USAGE, _("configuration key too long (at most %d characters)"), CONFIG_KEY_MAX);
    split_key(full, section, sizeof section, key, sizeof key);
    FILE *f = fopen(path, "r");
    if (!f) return errno == ENOENT ? 0 : err_set(e, ERR_IO, _("cannot read %s: %s"), path, strerror(errno));
    char line[CONFIG_LINE_MAX];
    int lineno = 0, found = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (!strchr(line, '\n') && !feof(f)) {
            fclose(f);
            return err_set(e, ERR_INPUT, _("%s, line %d: line too long"), path, lineno);
        }
        int kind;
        char *a = NULL, *b = NULL;
        if (parse_line(line, lineno, path, &kind, &a, &b, e) < 0) {
            fclose(f);
            return -1;
        }
        if (kind == 1) snprintf(cur, sizeof cur, "%s", a);
        else if (kind == 2 && strcmp(cur, section) == 0 && strcmp(a, key) == 0) {
            snprintf(out, size, "%s", b);
            found = 1;   /* the last one wins, as in most INI readers */
        }
    }
    fclose(f);
    return found;
}

int config_set(const char *path, const char *full, const char *value, Err *e)
{
    char defpath[4096], section[128], key[128], cur[128] = "";
    if (!path) {
        if (config_default_path(defpath, sizeof defpath) < 0)
            return err_set(e, ERR_IO, _("no configuration folder (set HOME or XDG_CONFIG_HOME)"));
        path = defpath;
    }
    if (!key_valid(full)) return err_set(e, ERR_USAGE, _("invalid key \"%s\""), full);
    if (config_key_check(full, e) < 0 || config_value_check(value, e) < 0) return -1;
    split_key(full, section, sizeof section, key, sizeof key);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (path_mkdirs(dir, 0700) < 0)
            return err_set(e, ERR_IO, _("cannot create the folder %s: %s"), dir, strerror(errno));
    }

    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return err_set(e, ERR_IO, _("cannot write %s: %s"), tmp, strerror(errno));
    FILE *out = fdopen(fd, "w");
    FILE *in = fopen(path, "r");
    char line[CONFIG_LINE_MAX], copy[CONFIG_LINE_MAX];
    int lineno = 0, done = 0, in_section = section[0] == '\0', section_seen = section[0] == '\0';
    while (in && fgets(line, sizeof line, in)) {
        lineno++;
        memcpy(copy, line, sizeof line);
        int kind;
        char *a = NULL, *b = NULL;
        if (parse_line(copy, lineno, path, &kind, &a, &b, e) < 0) goto fail;
        if (kind == 1) {
            if (in_section && !done) {          /* key absent from its section: add it at its end */
                fprintf(out, "%s = %s\n", key, value);
                done = 1;
            }
            snprintf(cur, sizeof cur, "%s", a);
            in_section = strcmp(cur, section) == 0;
            if (in_section) section_seen = 1;
        } else if (kind == 2 && in_section && strcmp(a, key) == 0) {
            if (!done) fprintf(out, "%s = %s\n", key, value);
            done = 1;
            continue;
        }
        fputs(line, out);
        if (!strchr(line, '\n')) fputc('\n', out);
    }
    if (!done) {
        if (!section_seen) fprintf(out, "\n[%s]\n", section);
        fprintf(out, "%s = %s\n", key, value);
    }
    if (in) fclose(in);
    if (fflush(out) != 0 || fsync(fd) != 0) {
        fclose(out);
        unlink(tmp);
        return err_set(e, ERR_IO, _("cannot write %s: %s"), tmp, strerror(errno));
    }
    fclose(out);
    if (rename(tmp, path) < 0) {
        unlink(tmp);
        return err_set(e, ERR_IO, _("cannot write %s: %s"), path, strerror(errno));
    }
    chmod(path, 0600);
    return 0;
fail:
    if (in) fclose(in);
    fclose(out);
    unlink(tmp);
    return -1;
}
