/* nwipe_run.c — see nwipe_run.h. */
#include "core/wipe/nwipe_run.h"
#include "util/i18n.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void read_sys(const char *path, char *out, size_t size)
{
    FILE *f = fopen(path, "r");
    out[0] = '\0';
    if (!f) return;
    if (fgets(out, (int)size, f)) out[strcspn(out, "\n")] = '\0';
    fclose(f);
    size_t n = strlen(out);
    while (n && out[n - 1] == ' ') out[--n] = '\0';
}

int blockdev_info(const char *path, BlockInfo *out, Err *e)
{
    struct stat sb;
    char sys[256], v[64];
    memset(out, 0, sizeof *out);
    if (stat(path, &sb) < 0 || !S_ISBLK(sb.st_mode))
        return err_set(e, ERR_INPUT, _("%s is not a block device."), path);
    snprintf(out->path, sizeof out->path, "%s", path);
    unsigned ma = major(sb.st_rdev), mi = minor(sb.st_rdev);
    snprintf(sys, sizeof sys, "/sys/dev/block/%u:%u/device/model", ma, mi);
    read_sys(sys, out->model, sizeof out->model);
    snprintf(sys, sizeof sys, "/sys/dev/block/%u:%u/device/serial", ma, mi);
    read_sys(sys, out->serial, sizeof out->serial);
    snprintf(sys, sizeof sys, "/sys/dev/block/%u:%u/size", ma, mi);
    read_sys(sys, v, sizeof v);
    out->bytes = atoll(v) * 512;
    return 0;
}

int blockdev_in_use(const char *path, char *what, size_t n)
{
    static const char *const TABLES[] = { "/proc/mounts", "/proc/swaps" };
    char resolved[4096], line[4096];
    const char *dev = realpath(path, resolved) ? resolved : path;
    size_t dl = strlen(dev);
    int found = 0;
    for (int t = 0; t < 2 && !found; t++) {
        FILE *f = fopen(TABLES[t], "r");
        if (!f) continue;
        while (!found && fgets(line, sizeof line, f)) {
            char src[4096], mnt[4096] = "";
            if (sscanf(line, "%4095s %4095s", src, mnt) < 1) continue;
            char rs[4096];
            const char *s = realpath(src, rs) ? rs : src;
            /* the disk itself, or a partition of it: sda1, nvme0n1p1, loop0p1 */
            if (strncmp(s, dev, dl) || (s[dl] && !(s[dl] >= '0' && s[dl] <= '9') && s[dl] != 'p')) continue;
            found = 1;
            snprintf(what, n, "%s", t ? "swap" : mnt);
        }
        fclose(f);
    }
    return found;
}

int nwipe_progress_line(NwipeProgress *p, const char *line)
{
    const char *m = line;
    if (*m == '[') { m = strchr(m, ']'); m = m ? m + 1 : line; }
    while (*m == ' ') m++;
    int err = !strncmp(m, "error:", 6) || !strncmp(m, "fatal:", 6);
    if (strncmp(m, "notice:", 7) && !err) return 0;
    m = strchr(m, ':') + 1;
    while (*m == ' ') m++;
    p->errors += err;
    int r, rs;
    if (sscanf(m, "Starting round %d of %d", &r, &rs) == 2) { p->round = r; p->rounds = rs; p->verifying = 0; }
    else if (!strncmp(m, "Verifying", 9)) p->verifying = 1;
    else if (!strncmp(m, "Blanking", 8)) { p->blanking = 1; p->verifying = 0; }
    else if (sscanf(m, "Starting pass %d/%d", &r, &rs) == 2) { p->pass = r; p->passes = rs; p->verifying = 0; }
    snprintf(p->last, sizeof p->last, "%s", m);
    p->last[strcspn(p->last, "\r\n")] = '\0';
    return 1;
}

/* rchar + wchar of a process: what it read and wrote through system calls
 * (for nwipe, the disk's bytes; its log and seed are a rounding error). */
static int64_t proc_io(pid_t pid)
{
    char path[64], line[128];
    snprintf(path, sizeof path, "/proc/%ld/io", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    long long v, sum = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "rchar: %lld", &v) == 1 || sscanf(line, "wchar: %lld", &v) == 1) sum += v;
    fclose(f);
    return sum;
}

int nwipe_run(const char *device, const NwipeRunOpts *o, NwipeLineCb cb, void *arg, Err *e)
{
    BlockInfo bi;
    if (blockdev_info(device, &bi, e) < 0) return -1;
    if (!o->logfile || !*o->logfile) return err_set(e, ERR_INTERNAL, "nwipe_run: no log file");
    char method[64], verify[32], rounds[32], logopt[1100];
    snprintf(method, sizeof method, "--method=%s", o->method && *o->method ? o->method : "zero");
    snprintf(verify, sizeof verify, "--verify=%s", o->verify && *o->verify ? o->verify : "last");
    snprintf(rounds, sizeof rounds, "--rounds=%d", o->rounds > 0 ? o->rounds : 1);
    snprintf(logopt, sizeof logopt, "--logfile=%s", o->logfile);
    const char *prog = o->nwipe && *o->nwipe ? o->nwipe : "nwipe";
    unlink(o->logfile);
    pid_t pid = fork();
    if (pid < 0) return err_set(e, ERR_IO, _("Cannot start nwipe: %s."), strerror(errno));
    if (pid == 0) {
        /* nwipe also prints its log on the terminal: the log file is enough */
        int null = open("/dev/null", O_RDWR);
        if (null >= 0) { dup2(null, 0); dup2(null, 1); dup2(null, 2); }
        execlp(prog, prog, "--autonuke", "--nogui", "--nowait", method, verify, rounds, logopt, device, (char *)NULL);
        _exit(127);
    }
    FILE *log = NULL;
    char line[4096];
    int status = 0, stop = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (!log) log = fopen(o->logfile, "r");
        if (log) {
            clearerr(log);
            while (fgets(line, sizeof line, log))
                if (cb && !stop && cb(arg, line)) { stop = 1; kill(pid, SIGINT); }
        }
        if (w == pid) break;
        if (!stop && o->tick && o->tick(arg, proc_io(pid))) { stop = 1; kill(pid, SIGINT); }
        if (!stop && o->stop && atomic_load(o->stop)) { stop = 1; kill(pid, SIGINT); }
        struct timespec ts = { 0, 200 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    if (log) fclose(log);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return err_set(e, ERR_IO, _("Cannot run %s: is nwipe installed?"), prog);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
