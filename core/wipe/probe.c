/* probe.c — see probe.h. */
#include "core/wipe/probe.h"
#include "util/i18n.h"
#include <dirent.h>
#include <fcntl.h>
#include <jansson.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>
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

static void probe_smartctl(ProbedMedium *m);

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
        probe_smartctl(m);
        if (m->bytes > 0) n++;
    }
    closedir(d);
    qsort(out, (size_t)n, sizeof *out, cmp);
    return n;
}

int probe_smartctl_json(const char *text, ProbedMedium *m)
{
    json_t *j = json_loads(text, 0, NULL);
    if (!j || !json_is_object(j)) { json_decref(j); return 0; }
    const char *model = json_string_value(json_object_get(j, "model_name"));
    const char *serial = json_string_value(json_object_get(j, "serial_number"));
    json_t *dev = json_object_get(j, "device");
    const char *proto = json_string_value(json_object_get(dev, "protocol"));
    const char *dtype = json_string_value(json_object_get(dev, "type"));
    json_int_t bytes = json_integer_value(json_object_get(json_object_get(j, "user_capacity"), "bytes"));
    if (bytes <= 0) bytes = json_integer_value(json_object_get(j, "nvme_total_capacity"));
    json_t *rot = json_object_get(j, "rotation_rate");
    int named = (model && *model) || (serial && *serial);
    if (model && *model) snprintf(m->model, sizeof m->model, "%s", model);
    if (serial && *serial) snprintf(m->serial, sizeof m->serial, "%s", serial);
    if (bytes > 0) m->bytes = bytes;
    if ((proto && !strcasecmp(proto, "NVMe")) || (dtype && !strcasecmp(dtype, "nvme")))
        snprintf(m->type, sizeof m->type, "nvme");
    else if (json_is_integer(rot))
        snprintf(m->type, sizeof m->type, "%s", json_integer_value(rot) > 0 ? "hdd" : "ssd");
    json_decref(j);
    return named;
}

/* Runs `prog --json -i /dev/name` and reads its output (at most 256 KiB).
 * Returns a malloc'd string, or NULL when it cannot run. */
static char *smartctl_output(const char *prog, const char *name)
{
    int fd[2];
    char dev[64];
    snprintf(dev, sizeof dev, "/dev/%s", name);
    if (pipe(fd) < 0) return NULL;
    pid_t pid = fork();
    if (pid < 0) { close(fd[0]); close(fd[1]); return NULL; }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        dup2(fd[1], 1);
        if (null >= 0) { dup2(null, 0); dup2(null, 2); }
        close(fd[0]);
        execlp(prog, prog, "--json", "-i", dev, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    size_t cap = 262144, n = 0;
    char *buf = malloc(cap + 1);
    ssize_t r;
    while (buf && n < cap && (r = read(fd[0], buf + n, cap - n)) > 0) n += (size_t)r;
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    /* smartctl's exit status is a bit mask (bit 2: some SMART command
     * failed) even when the identity was read: only "could not run" counts */
    if (!buf || (WIFEXITED(st) && WEXITSTATUS(st) == 127)) { free(buf); return NULL; }
    buf[n] = '\0';
    return buf;
}

/* Fills m from smartctl when it is installed. */
static void probe_smartctl(ProbedMedium *m)
{
    const char *prog = getenv("BOUCLE_SMARTCTL");
    if (prog && !strcmp(prog, "none")) return;
    if (!prog || !*prog) prog = "smartctl";
    char *out = smartctl_output(prog, m->name);
    if (out) probe_smartctl_json(out, m);
    free(out);
}
