/* probe.c — see probe.h. */
#include "core/probe.h"
#include "util/i18n.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void read_line(const char *dir, const char *name, const char *file, char *out, size_t size)
{
    char p[600];
    snprintf(p, sizeof p, "%s/%s/%s", dir, name, file);
    FILE *f = fopen(p, "r");
    out[0] = '\0';
    if (!f) return;
    if (fgets(out, (int)size, f)) out[strcspn(out, "\n")] = '\0';
    fclose(f);
    char *s = out;
    while (*s == ' ') s++;
    memmove(out, s, strlen(s) + 1);
    size_t n = strlen(out);
    while (n && out[n - 1] == ' ') out[--n] = '\0';
}

static int not_media(const char *n)
{
    static const char *const SKIP[] = { "loop", "ram", "zram", "sr", "dm-", "md", "nbd", "fd", NULL };
    for (int i = 0; SKIP[i]; i++)
        if (!strncmp(n, SKIP[i], strlen(SKIP[i]))) return 1;
    return n[0] == '.';
}

static int cmp(const void *a, const void *b)
{
    return strcmp(((const ProbedMedium *)a)->name, ((const ProbedMedium *)b)->name);
}

int probe_media(const char *sysroot, ProbedMedium *out, int max, Err *e)
{
    char dir[512], v[64];
    snprintf(dir, sizeof dir, "%s/block", sysroot ? sysroot : "/sys");
    DIR *d = opendir(dir);
    if (!d) return err_set(e, ERR_IO, _("Cannot open %s: %s."), dir, strerror(errno));
    struct dirent *de;
    int n = 0;
    while ((de = readdir(d)) && n < max) {
        if (not_media(de->d_name)) continue;
        ProbedMedium *m = &out[n];
        memset(m, 0, sizeof *m);
        snprintf(m->name, sizeof m->name, "%s", de->d_name);
        read_line(dir, de->d_name, "device/model", m->model, sizeof m->model);
        read_line(dir, de->d_name, "device/serial", m->serial, sizeof m->serial);
        if (!m->serial[0]) read_line(dir, de->d_name, "device/wwid", m->serial, sizeof m->serial);
        read_line(dir, de->d_name, "size", v, sizeof v);
        m->bytes = atoll(v) * 512;
        read_line(dir, de->d_name, "queue/rotational", v, sizeof v);
        if (!strncmp(m->name, "nvme", 4)) snprintf(m->type, sizeof m->type, "nvme");
        else if (!strncmp(m->name, "mmcblk", 6)) snprintf(m->type, sizeof m->type, "emmc");
        else if (!strcmp(v, "1")) snprintf(m->type, sizeof m->type, "hdd");
        else if (!strcmp(v, "0")) snprintf(m->type, sizeof m->type, "ssd");
        else snprintf(m->type, sizeof m->type, "other");
        if (m->bytes > 0) n++;
    }
    closedir(d);
    qsort(out, (size_t)n, sizeof *out, cmp);
    return n;
}
