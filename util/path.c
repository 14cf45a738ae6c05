/* path.c — see path.h. */
#include "util/path.h"
#include "util/i18n.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *home(void)
{
    const char *h = getenv("HOME");
    return h && *h ? h : "/";
}

char *path_expand(const char *in, char *out, size_t size)
{
    char tmp[4096];
    while (*in == ' ' || *in == '\t') in++;
    snprintf(tmp, sizeof tmp, "%s", in);
    size_t n = strlen(tmp);
    while (n && (tmp[n - 1] == ' ' || tmp[n - 1] == '\t' || tmp[n - 1] == '\n' || tmp[n - 1] == '\r')) tmp[--n] = '\0';
    char *p = tmp;
    if (n >= 2 && (p[0] == '\'' || p[0] == '"') && p[n - 1] == p[0]) { p[n - 1] = '\0'; p++; }
    if (p[0] == '~' && (p[1] == '/' || p[1] == '\0'))
        snprintf(out, size, "%s%s", home(), p + 1);
    else
        snprintf(out, size, "%s", p);
    return out;
}

int path_is_dir(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* XDG_DOCUMENTS_DIR="$HOME/Documents" from ~/.config/user-dirs.dirs. */
static int user_dirs(char *out, size_t size)
{
    char p[4096], line[4096];
    const char *cfg = getenv("XDG_CONFIG_HOME");
    if (cfg && *cfg) snprintf(p, sizeof p, "%s/user-dirs.dirs", cfg);
    else snprintf(p, sizeof p, "%s/.config/user-dirs.dirs", home());
    FILE *f = fopen(p, "r");
    int found = 0;
    if (!f) return 0;
    while (!found && fgets(line, sizeof line, f)) {
        if (strncmp(line, "XDG_DOCUMENTS_DIR=\"", 19)) continue;
        char *v = line + 19, *q = strchr(v, '"');
        if (!q) break;
        *q = '\0';
        if (!strncmp(v, "$HOME", 5)) snprintf(out, size, "%s%s", home(), v + 5);
        else snprintf(out, size, "%s", v);
        found = 1;
    }
    fclose(f);
    return found;
}

char *path_documents_dir(char *out, size_t size)
{
    const char *env = getenv("XDG_DOCUMENTS_DIR");
    if (env && *env) path_expand(env, out, size);
    else if (!user_dirs(out, size) || !path_is_dir(out)) snprintf(out, size, "%s", home());
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/') out[--n] = '\0';
    return out;
}

int path_mkdirs(const char *dir, unsigned mode)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(buf, dir, n + 1);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, (mode_t)mode) < 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(buf, (mode_t)mode) < 0 && errno != EEXIST) return -1;
    return 0;
}

FILE *path_fopen_file(const char *path, Err *e)
{
    /* O_NONBLOCK: opening a FIFO with no writer returns at once, and the
     * type is known before anything is read; O_NOCTTY: a terminal named
     * by mistake does not become ours. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat sb;
    if (fstat(fd, &sb) < 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return NULL;
    }
    if (!S_ISREG(sb.st_mode)) {
        close(fd);
        if (S_ISDIR(sb.st_mode)) err_set(e, ERR_INPUT, _("%s is a folder, not a file"), path);
        else err_set(e, ERR_INPUT, _("%s is not a regular file (a device, a pipe or a socket): boucle reads only files"), path);
        errno = 0;
        return NULL;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        int saved = errno;
        close(fd);
        errno = saved;
    }
    return f;
}
