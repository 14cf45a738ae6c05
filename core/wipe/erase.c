/* erase.c — see erase.h. */
#include "core/wipe/erase.h"
#include "core/settings/config.h"
#include "util/i18n.h"
#include "util/path.h"
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

const char *const ERASE_METHODS[] = { "zero", "random", "one", "dodshort", "dod522022m", "gutmann", NULL };
const char *const ERASE_METHOD_LABELS[] = {
    N_("zeros (1 pass)"), N_("random (PRNG stream)"), N_("ones (1 pass)"), N_("DoD short (3 passes)"),
    N_("DoD 5220.22-M (7 passes)"), N_("Gutmann (35 passes)"), NULL,
};
/* passes of each method in one round, as nwipe runs them */
static const int METHOD_PASSES[] = { 1, 1, 1, 3, 7, 35 };
const char *const ERASE_VERIFS[] = { "last", "all", "off", NULL };
const char *const ERASE_VERIF_LABELS[] = { N_("last pass"), N_("every pass"), N_("none"), NULL };

static int word_index(const char *const *words, const char *w)
{
    for (int i = 0; words[i]; i++)
        if (!strcmp(words[i], w)) return i;
    return -1;
}

/* ---- the target ------------------------------------------------------- */

/* The whole disk a block device number belongs to ("sda" for sda1, the
 * device's own name for a disk), from /sys/dev/block. 0, or -1 when sysfs
 * does not know it. */
static int disk_of(dev_t dev, char *out, size_t n)
{
    char link[64], real[PATH_MAX], part[PATH_MAX + 16];
    snprintf(link, sizeof link, "/sys/dev/block/%u:%u", major(dev), minor(dev));
    if (!realpath(link, real)) return -1;
    snprintf(part, sizeof part, "%s/partition", real);
    char *slash = strrchr(real, '/');
    if (access(part, F_OK) == 0 && slash) { *slash = '\0'; slash = strrchr(real, '/'); }
    snprintf(out, n, "%s", slash ? slash + 1 : real);
    return 0;
}

/* 1 when name is a partition of disk: sda1 of sda; nvme0n1p2 of nvme0n1 and
 * loop1p1 of loop1 (a disk whose name ends in a digit puts a p), never
 * loop10 of loop1. */
static int is_partition_of(const char *name, const char *disk)
{
    size_t dl = strlen(disk);
    if (!dl || strncmp(name, disk, dl)) return 0;
    const char *r = name + dl;
    if (disk[dl - 1] >= '0' && disk[dl - 1] <= '9') { if (*r != 'p') return 0; r++; }
    if (!*r) return 0;
    for (; *r; r++)
        if (*r < '0' || *r > '9') return 0;
    return 1;
}

/* 1 when the disk `disk` holds what dev lives on: dev itself, or through
 * device-mapper or md (its slaves, a few levels down). */
static int disk_holds(const char *disk, const char *name, int depth)
{
    char d[PATH_MAX], sl[PATH_MAX + 16];
    if (!strcmp(name, disk)) return 1;
    if (is_partition_of(name, disk)) return 1;
    if (depth > 3) return 0;
    snprintf(sl, sizeof sl, "/sys/class/block/%s/slaves", name);
    DIR *dp = opendir(sl);
    if (!dp) return 0;
    struct dirent *de;
    int hit = 0;
    while (!hit && (de = readdir(dp)))
        if (de->d_name[0] != '.') {
            snprintf(d, sizeof d, "%s", de->d_name);
            hit = disk_holds(disk, d, depth + 1);
        }
    closedir(dp);
    return hit;
}

/* 1 when the file at path lives on `disk`. */
static int file_on_disk(const char *path, const char *disk)
{
    struct stat sb;
    char name[256], link[64], real[PATH_MAX];
    if (!path || stat(path, &sb) < 0 || major(sb.st_dev) == 0) return 0;
    snprintf(link, sizeof link, "/sys/dev/block/%u:%u", major(sb.st_dev), minor(sb.st_dev));
    if (!realpath(link, real)) return 0;
    snprintf(name, sizeof name, "%s", strrchr(real, '/') ? strrchr(real, '/') + 1 : real);
    return disk_holds(disk, name, 0);
}

/* The first holder (dm-0, md0) of the disk or of one of its partitions,
 * "" when none: LVM, RAID or encryption use the disk. */
static void disk_holder(const char *disk, char *out, size_t n)
{
    char dir[PATH_MAX], sub[PATH_MAX + 300];
    out[0] = '\0';
    snprintf(dir, sizeof dir, "/sys/class/block/%s", disk);
    DIR *dp = opendir(dir);
    if (!dp) return;
    struct dirent *de;
    while (!out[0] && (de = readdir(dp))) {
        int self = !strcmp(de->d_name, ".");
        if (!self && !is_partition_of(de->d_name, disk)) continue;
        snprintf(sub, sizeof sub, "%s/%s/holders", dir, self ? "" : de->d_name);
        DIR *h = opendir(sub);
        if (!h) continue;
        struct dirent *he;
        while ((he = readdir(h)))
            if (he->d_name[0] != '.') { snprintf(out, n, "%s", he->d_name); break; }
        closedir(h);
    }
    closedir(dp);
}

int erase_check(Ctx *c, const char *path, BlockInfo *bi, Err *e)
{
    struct stat sb;
    char what[512], disk[256];
    memset(bi, 0, sizeof *bi);
    if (!path || !*path)
        return err_set(e, ERR_INPUT, "%s", _("Block device: none given. Choose a disk in the list, or type a path "
                                             "such as /dev/sdb."));
    if (stat(path, &sb) < 0 || !S_ISBLK(sb.st_mode) || blockdev_info(path, bi, NULL) < 0)
        return err_set(e, ERR_INPUT, _("Block device: %s is not a disk of this machine. Choose one in the list, "
                                       "or type a path such as /dev/sdb."), path);
    if (bi->bytes <= 0)
        return err_set(e, ERR_INPUT, _("Block device: %s holds no medium (size 0). Connect the disk, or choose "
                                       "another one."), path);
    if (blockdev_in_use(path, what, sizeof what))
        return err_set(e, ERR_INPUT, _("Block device: %s is in use (%s). Unmount it first, or choose another disk."),
                       path, what);
    if (disk_of(sb.st_rdev, disk, sizeof disk) == 0) {
        disk_holder(disk, what, sizeof what);
        if (what[0])
            return err_set(e, ERR_INPUT, _("Block device: %s is used by %s (LVM, RAID or encryption). Stop that use "
                                           "first, or choose another disk."), path, what);
        if (file_on_disk("/", disk) || file_on_disk(c && c->db ? db_path(c->db) : NULL, disk))
            return err_set(e, ERR_INPUT, _("Block device: %s holds this machine's system or boucle's database. "
                                           "Choose another disk."), path);
    }
    return 0;
}

int erase_check_options(const char *method, const char *verify, int rounds, Err *e)
{
    if (method && *method && word_index(ERASE_METHODS, method) < 0)
        return err_set(e, ERR_USAGE, _("Method: nwipe has no method %s. Choose zero, random, one, dodshort, "
                                       "dod522022m or gutmann."), method);
    if (verify && *verify && word_index(ERASE_VERIFS, verify) < 0)
        return err_set(e, ERR_USAGE, _("Verification: %s is not one. Choose last, all or off."), verify);
    if (rounds && (rounds < 1 || rounds > ERASE_ROUNDS_MAX))
        return err_set(e, ERR_USAGE, _("Rounds: %d is out of range. Give a number from 1 to %d."), rounds,
                       ERASE_ROUNDS_MAX);
    return 0;
}

/* ---- the log ----------------------------------------------------------- */

char *wipe_log_dir(char *out, size_t n)
{
    char conf[1024];
    out[0] = '\0';
    if (config_get(NULL, "wipe.log_dir", conf, sizeof conf, NULL) == 1 && conf[0]) path_expand(conf, out, n);
    return out;
}

void erase_log_path(Ctx *c, const char *device_id, char *out, size_t n)
{
    char dir[2048];
    long now = (long)time(NULL);
    wipe_log_dir(dir, sizeof dir);
    if (dir[0] && (path_is_dir(dir) || path_mkdirs(dir, 0700) == 0))
        snprintf(out, n, "%s/nwipe-%s-%ld.log", dir, device_id, now);
    else
        snprintf(out, n, "%s.nwipe-%s-%ld.log", c && c->db ? db_path(c->db) : "boucle", device_id, now);
}

/* ---- progress ---------------------------------------------------------- */

int erase_sweeps(const char *method, const char *verify, int rounds, int passes_seen)
{
    int m = word_index(ERASE_METHODS, method && *method ? method : "zero");
    int passes = passes_seen > 0 ? passes_seen : m >= 0 ? METHOD_PASSES[m] : 1;
    int writes = (rounds > 0 ? rounds : 1) * passes + 1;   /* + the blanking */
    const char *v = verify && *verify ? verify : "last";
    return writes + (!strcmp(v, "all") ? writes : !strcmp(v, "off") ? 0 : 1);
}

void erase_progress_update(EraseProgress *p, int64_t disk_bytes, int sweeps, int64_t io, long elapsed)
{
    p->elapsed = elapsed;
    if (io > p->done) p->done = io;
    p->total = disk_bytes > 0 && sweeps > 0 ? disk_bytes * sweeps : 0;
    p->rate = elapsed > 0 && p->done > 0 ? p->done / elapsed : 0;
    if (!p->total || !p->done) { p->percent = p->total ? 0 : -1; p->eta = -1; return; }
    /* never 100 while nwipe runs: the end is its exit, not our estimate */
    int64_t pc = p->done * 100 / p->total;
    p->percent = pc > 99 ? 99 : (int)pc;
    p->eta = p->rate > 0 ? (long)((p->total > p->done ? p->total - p->done : 0) / p->rate) : -1;
}

/* ---- the run ----------------------------------------------------------- */

typedef struct Watch {
    const EraseRequest *rq;
    EraseProgressCb cb;
    void *arg;
    NwipeProgress np;
    EraseProgress p;
    int64_t bytes;
    time_t start, last_tick;
    int stopped;
} Watch;

static int watch_report(Watch *w, int64_t io)
{
    EraseProgress *p = &w->p;
    p->round = w->np.round; p->rounds = w->np.rounds;
    p->pass = w->np.pass; p->passes = w->np.passes;
    p->verifying = w->np.verifying; p->blanking = w->np.blanking;
    p->errors = w->np.errors;
    snprintf(p->last, sizeof p->last, "%s", w->np.last);
    erase_progress_update(p, w->bytes, erase_sweeps(w->rq->method, w->rq->verify, w->rq->rounds, w->np.passes), io,
                          (long)(time(NULL) - w->start));
    int stop = w->cb ? w->cb(w->arg, p) : 0;
    if (stop) w->stopped = 1;
    return stop;
}

static int watch_line(void *arg, const char *line)
{
    Watch *w = arg;
    return nwipe_progress_line(&w->np, line) ? watch_report(w, w->p.done) : 0;
}

static int watch_tick(void *arg, int64_t io)
{
    Watch *w = arg;
    if (io > w->p.done) w->p.done = io;
    time_t now = time(NULL);
    if (now == w->last_tick) return 0;   /* once a second is enough */
    w->last_tick = now;
    return watch_report(w, w->p.done);
}

int wipe_erase(Ctx *c, const EraseRequest *rq, EraseProgressCb cb, void *arg, EraseResult *res, Err *e)
{
    memset(res, 0, sizeof *res);
    res->status = -1;
    const char *method = rq->method && *rq->method ? rq->method : ERASE_METHODS[0];
    const char *verify = rq->verify && *rq->verify ? rq->verify : ERASE_VERIFS[0];
    int rounds = rq->rounds ? rq->rounds : 1;
    if (erase_check_options(method, verify, rounds, e) < 0) return -1;
    Device d;
    int f = device_find(c, rq->device ? rq->device : "", &d, e);
    if (f < 0) return -1;
    if (!f)
        return err_set(e, ERR_NOTFOUND, _("Device: no device %s. Scan or type its asset id."),
                       rq->device ? rq->device : "");
    snprintf(res->device, sizeof res->device, "%s", d.id);
    if (erase_check(c, rq->target, &res->disk, e) < 0) return -1;
    if (rq->logfile && *rq->logfile) snprintf(res->logfile, sizeof res->logfile, "%s", rq->logfile);
    else erase_log_path(c, d.id, res->logfile, sizeof res->logfile);

    Watch w = { .rq = &(EraseRequest){ .method = method, .verify = verify, .rounds = rounds },
                .cb = cb, .arg = arg, .bytes = res->disk.bytes, .start = time(NULL) };
    w.p.percent = -1;
    w.p.eta = -1;
    const char *prog = getenv("BOUCLE_NWIPE");
    NwipeRunOpts o = { .method = method, .verify = verify, .rounds = rounds, .logfile = res->logfile,
                       .nwipe = prog && *prog ? prog : NULL, .stop = rq->stop, .tick = watch_tick };
    res->status = nwipe_run(res->disk.path, &o, watch_line, &w, e);
    if (res->status < 0) return -1;
    res->stopped = w.stopped || (rq->stop && atomic_load(rq->stop));
    if (res->status == 0 && !res->stopped) { w.p.percent = 100; w.p.eta = 0; }
    w.p.elapsed = (long)(time(NULL) - w.start);
    res->last = w.p;
    if (cb) cb(arg, &res->last);   /* the end, once, whatever it returns */

    /* the record: the disk goes to the device (added when missing) */
    Err ie = { 0 };
    if (wipe_import_path(c, d.id, res->logfile, &res->import, &ie) < 0)
        return err_set(e, ie.code, _("nwipe ended (status %d) but its log %s could not be recorded: %s Import it "
                                     "again from the device once the cause is fixed."),
                       res->status, res->logfile, ie.msg);
    res->erased = res->status == 0 && !res->stopped && res->import.erased > 0;
    return 0;
}
