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
#include "util/text.h"
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

/* The most bytes of each key's value: what the buffer of every reader holds
 * (sync.h's SyncConfig, label_device.h's LabelSettings, print.c's printer
 * names, …), so that what `config set` writes is read back whole. */
static const struct { const char *key; size_t max; } VALUE_MAX[] = {
    { "lang", 15 }, { "operator", 64 }, { "ui.operator", 64 },   /* OPERATOR_MAX bytes */
    { "hub.url", 511 }, { "hub.db", 127 }, { "hub.user", 63 }, { "hub.password", 255 },
    { "hub.cafile", 511 }, { "hub.insecure", 15 }, { "hub.interval", 31 },
    /* a printer's name is the NAME of printer.NAME: the key's limit */
    { "label.printer", CONFIG_KEY_MAX - 8 }, { "label.printers", 1023 }, { "label.template", 255 },
    { "label.url", 255 }, { "label.serial_barcode", 15 }, { "printer.*", 1023 },
    { "grading.profile", 1023 }, { "wipe.log_dir", 1023 },
};

size_t config_value_max(const char *key)
{
    for (size_t i = 0; i < sizeof VALUE_MAX / sizeof VALUE_MAX[0]; i++) {
        const char *k = VALUE_MAX[i].key;
        size_t n = strlen(k);
        if (strcmp(key, k) == 0 || (k[n - 1] == '*' && strncmp(key, k, n - 1) == 0)) return VALUE_MAX[i].max;
    }
    return CONFIG_VALUE_MAX;
}

static int key_valid(const char *k)
{
    if (!*k) return 0;
    for (; *k; k++)
        if (!(isalnum((unsigned char)*k) || *k == '_' || *k == '-' || *k == '.')) return 0;
    return 1;
}

int config_key_check(const char *key, Err *e)
{
    if (strlen(key) > CONFIG_KEY_MAX)
        return err_set(e, ERR_USAGE, _("configuration key too long (at most %d characters)"), CONFIG_KEY_MAX);
    if (!key_valid(key) || !config_key_known(key))
        return err_set(e, ERR_USAGE, _("unknown configuration key \"%s\""), key);
    return 0;
}

int config_value_check(const char *key, const char *value, Err *e)
{
    size_t n = strlen(value), max = config_value_max(key);
    if (n > max)
        return err_set(e, ERR_USAGE, _("%s: value too long (%zu bytes, at most %zu)"), key, n, max);
    if (strchr(value, '\n') || strchr(value, '\r'))
        return err_set(e, ERR_USAGE, _("%s: a value cannot span several lines"), key);
    if (text_check(value, n, (size_t)-1, key, e) < 0) {
        if (e) e->code = ERR_USAGE;
        return -1;
    }
    /* the reader trims the blanks around a value: they would be lost */
    if (n && (isspace((unsigned char)value[0]) || isspace((unsigned char)value[n - 1])))
        return err_set(e, ERR_USAGE, _("%s: a value cannot begin or end with a blank"), key);
    return 0;
}

/* Opens the configuration file for reading: NULL with errno ENOENT when
 * there is none (not an error), NULL with e filled when it cannot be read
 * (a folder, a device, no permission). */
static FILE *open_conf(const char *path, Err *e)
{
    Err pe = { 0 };
    FILE *f = path_fopen_file(path, &pe);
    if (f) return f;
    if (pe.code) {
        err_set(e, ERR_IO, _("configuration: %s"), pe.msg);
        errno = EINVAL;
    } else if (errno != ENOENT) {
        int saved = errno;
        err_set(e, ERR_IO, _("cannot read %s: %s"), path, strerror(saved));
        errno = saved;
    }
    return NULL;
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

/* Reads one line into line (CONFIG_LINE_MAX): 1, 0 at the end, -1 with e
 * for a line too long or a read error. */
static int read_line(FILE *f, char *line, const char *path, int lineno, Err *e)
{
    if (!fgets(line, CONFIG_LINE_MAX, f)) {
        if (ferror(f)) return err_set(e, ERR_IO, _("cannot read %s: %s"), path, strerror(errno));
        return 0;
    }
    if (!strchr(line, '\n') && !feof(f))
        return err_set(e, ERR_INPUT, _("%s, line %d: line too long"), path, lineno);
    return 1;
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
    FILE *f = open_conf(path, e);
    if (!f) return errno == ENOENT ? 0 : -1;
    char line[CONFIG_LINE_MAX];
    int lineno = 0, found = 0, r;
    while ((r = read_line(f, line, path, ++lineno, e)) == 1) {
        int kind;
        char *a = NULL, *b = NULL;
        if (parse_line(line, lineno, path, &kind, &a, &b, e) < 0) {
            r = -1;
            break;
        }
        if (kind == 1) snprintf(cur, sizeof cur, "%s", a);
        else if (kind == 2 && strcmp(cur, section) == 0 && strcmp(a, key) == 0) {
            found = 1;   /* the last one wins, as in most INI readers */
            if (strlen(b) + 1 > size) {   /* never cut: a cut password or path is wrong */
                err_set(e, ERR_INPUT, _("%s, line %d: the value of %s is too long (at most %zu bytes)"), path,
                        lineno, full, size - 1);
                r = -1;
                break;
            }
            snprintf(out, size, "%s", b);
        }
    }
    explicit_bzero(line, sizeof line);
    fclose(f);
    return r < 0 ? -1 : found;
}

/* The message of a failed write: the disk full and a read-only file system
 * said as such, naming the file. */
static int write_error(const char *path, int err, Err *e)
{
    if (err == ENOSPC || err == EDQUOT)
        return err_set(e, ERR_IO, _("cannot write %s: the disk is full; the configuration is unchanged"), path);
    if (err == EROFS)
        return err_set(e, ERR_IO, _("cannot write %s: the file system is read-only"), path);
    return err_set(e, ERR_IO, _("cannot write %s: %s"), path, strerror(err));
}

int config_set(const char *path, const char *full, const char *value, Err *e)
{
    char defpath[4096], section[128], key[128], cur[128] = "";
    if (!path) {
        if (config_default_path(defpath, sizeof defpath) < 0)
            return err_set(e, ERR_IO, _("no configuration folder (set HOME or XDG_CONFIG_HOME)"));
        path = defpath;
    }
    if (config_key_check(full, e) < 0 || config_value_check(full, value, e) < 0) return -1;
    split_key(full, section, sizeof section, key, sizeof key);
    /* the file as it is, read first: one that cannot be read is never replaced */
    FILE *in = open_conf(path, e);
    if (!in && errno != ENOENT) return -1;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (path_mkdirs(dir, 0700) < 0) {
            int err = errno;
            if (in) fclose(in);
            if (err == EROFS) return err_set(e, ERR_IO, _("cannot create the folder %s: the file system is read-only"), dir);
            return err_set(e, ERR_IO, _("cannot create the folder %s: %s"), dir, strerror(err));
        }
    }

    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        int err = errno;
        if (in) fclose(in);
        return write_error(path, err, e);
    }
    FILE *out = fdopen(fd, "w");
    char line[CONFIG_LINE_MAX], copy[CONFIG_LINE_MAX];
    int lineno = 0, done = 0, in_section = section[0] == '\0', section_seen = section[0] == '\0', r = 0;
    while (in && (r = read_line(in, line, path, ++lineno, e)) == 1) {
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
    if (r < 0) goto fail;
    if (!done) {
        if (!section_seen) fprintf(out, "\n[%s]\n", section);
        fprintf(out, "%s = %s\n", key, value);
    }
    explicit_bzero(line, sizeof line);
    explicit_bzero(copy, sizeof copy);
    if (in) fclose(in);
    if (fflush(out) != 0 || fsync(fd) != 0) {
        int err = errno;
        fclose(out);
        unlink(tmp);
        return write_error(path, err, e);
    }
    if (fclose(out) != 0) {
        int err = errno;
        unlink(tmp);
        return write_error(path, err, e);
    }
    if (rename(tmp, path) < 0) {
        int err = errno;
        unlink(tmp);
        return write_error(path, err, e);
    }
    chmod(path, 0600);
    return 0;
fail:
    explicit_bzero(line, sizeof line);
    explicit_bzero(copy, sizeof copy);
    if (in) fclose(in);
    fclose(out);
    unlink(tmp);
    return -1;
}
