/* test_erase.c — wipe_erase() (core/wipe/erase.h), the use case the screen
 * and `boucle wipe run` share: the target checks and their messages, the
 * progress arithmetic, and whole runs with a fake nwipe
 * (tests/lib/fake-nwipe, a shell script writing nwipe's log) on a loop device: the callback is called,
 * the log goes to the configured folder, the record is saved and assigned
 * to the device with its disk; a stopped run is recorded as aborted.
 * The runs need root and a loop device (the fake never writes to it); they
 * say SKIP with the reason otherwise. */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/settings/config.h"
#include "core/stock/lot.h"
#include "core/wipe/erase.h"
#include "core/wipe/media.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char loopdev[64], img[1024], fake[1024], logdir[1024];

/* Attaches an 8 MB image to a loop device; "" and why when it cannot. */
static const char *loop_attach(void)
{
    static char why[256];
    if (loopdev[0]) return NULL;
    if (geteuid() != 0) return "not root: cannot attach a loop device";
    snprintf(img, sizeof img, "%s/disk.img", support_tmpdir());
    FILE *f = fopen(img, "w");
    if (!f || ftruncate(fileno(f), 8 << 20) < 0) { if (f) fclose(f); return "cannot create the disk image"; }
    fclose(f);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "losetup -f --show '%s' 2>&1", img);
    FILE *p = popen(cmd, "r");
    if (!p) return "cannot run losetup";
    char out[256] = "";
    if (!fgets(out, sizeof out, p)) out[0] = '\0';
    int st = pclose(p);
    out[strcspn(out, "\n")] = '\0';
    if (st != 0 || strncmp(out, "/dev/loop", 9)) {
        snprintf(why, sizeof why, "this machine refuses loop devices: %.120s", out);
        return why;
    }
    snprintf(loopdev, sizeof loopdev, "%s", out);
    return NULL;
}

static void loop_detach(void)
{
    char cmd[128];
    if (!loopdev[0]) return;
    snprintf(cmd, sizeof cmd, "losetup -d %s", loopdev);
    if (system(cmd) != 0) printf("# could not detach %s\n", loopdev);
}

/* A workshop with one laptop, the fake nwipe, and wipe.log_dir set to a
 * folder that does not exist yet. */
static int setup(Ctx *c, const char *name, char id[DEVICE_ID_MAX])
{
    Err e = { 0 };
    char lot[LOT_ID_MAX], conf[1100];
    if (support_ctx(c, name, "GRE1") < 0) return -1;
    if (lot_add(c, "Mairie", "", -1, NULL, lot, &e) < 0) return printf("# %s\n", e.msg), -1;
    DeviceNew d = { .lot = lot, .serial = "PC1", .category = "desktop", .make = "HP", .model = "800 G1" };
    if (device_add(c, &d, 0, id, NULL, &e) < 0) return printf("# %s\n", e.msg), -1;
    /* the fake nwipe: a log as nwipe writes it, the disk untouched */
    const char *top = getenv("BOUCLE_TOP");
    snprintf(fake, sizeof fake, "%s/tests/lib/fake-nwipe", top ? top : ".");
    if (access(fake, X_OK) < 0) return printf("# no %s\n", fake), -1;
    setenv("BOUCLE_NWIPE", fake, 1);
    snprintf(conf, sizeof conf, "%s/config", support_tmpdir());
    setenv("XDG_CONFIG_HOME", conf, 1);
    snprintf(logdir, sizeof logdir, "%s/%s-logs", support_tmpdir(), name);
    return config_set(NULL, "wipe.log_dir", logdir, &e) < 0 ? printf("# %s\n", e.msg), -1 : 0;
}

typedef struct Seen { int calls, with_io, rounds, last_percent, stop_at; long max_elapsed; } Seen;

static int on_progress(void *arg, const EraseProgress *p)
{
    Seen *s = arg;
    s->calls++;
    if (p->done > 0 && p->total > 0 && p->percent >= 0) s->with_io++;
    if (p->rounds) s->rounds = p->rounds;
    s->last_percent = p->percent;
    if (p->elapsed > s->max_elapsed) s->max_elapsed = p->elapsed;
    return s->stop_at && s->calls >= s->stop_at;
}

TEST(sweeps_and_progress)
{
    CHECK_INT(erase_sweeps("zero", "last", 1, 0), 3);        /* write, blank, verify */
    CHECK_INT(erase_sweeps("zero", "off", 1, 0), 2);
    CHECK_INT(erase_sweeps("dodshort", "all", 2, 0), 14);    /* (2×3 + 1) written, all verified */
    CHECK_INT(erase_sweeps("gutmann", NULL, 1, 0), 37);
    CHECK_INT(erase_sweeps("custom", "last", 1, 4), 6);      /* what nwipe's log said wins */
    EraseProgress p = { 0 };
    erase_progress_update(&p, 100, 3, 150, 10);
    CHECK_INT(p.total, 300);
    CHECK_INT(p.percent, 50);
    CHECK_INT(p.rate, 15);
    CHECK_INT(p.eta, 10);
    erase_progress_update(&p, 100, 3, 100, 11);               /* io never goes back */
    CHECK_INT(p.done, 150);
    erase_progress_update(&p, 100, 3, 400, 12);               /* nwipe did more than we thought */
    CHECK_INT(p.percent, 99);
    CHECK_INT(p.eta, 0);
    EraseProgress q = { 0 };
    erase_progress_update(&q, 0, 3, 150, 10);                 /* size unknown */
    CHECK_INT(q.percent, -1);
    CHECK_INT(q.eta, -1);
}

TEST(check_names_the_block_device)
{
    Ctx c;
    Err e = { 0 };
    BlockInfo bi;
    if (support_ctx(&c, "check.db", "GRE1") < 0) T_FAIL_("no database");
    CHECK_INT(erase_check(&c, "/etc/passwd", &bi, &e), -1);
    CHECK_CONTAINS(e.msg, "Block device: /etc/passwd is not a disk");
    CHECK_CONTAINS(e.msg, "/dev/sdb");
    CHECK_INT(erase_check(&c, "", &bi, &e), -1);
    CHECK_CONTAINS(e.msg, "Block device: none given");
    const char *why = loop_attach();
    if (why) { ctx_close(&c); SKIP("%s", why); }
    CHECK_MSG(erase_check(&c, loopdev, &bi, &e) == 0, "%s", e.msg);
    CHECK_INT(bi.bytes, 8 << 20);
    /* a loop device with nothing attached holds no medium */
    char free_node[64] = "";
    FILE *p = popen("losetup -f 2>/dev/null", "r");
    if (p && !fgets(free_node, sizeof free_node, p)) free_node[0] = '\0';
    if (p) pclose(p);
    free_node[strcspn(free_node, "\n")] = '\0';
    if (free_node[0]) {
        CHECK_INT(erase_check(&c, free_node, &bi, &e), -1);
        CHECK_CONTAINS(e.msg, "holds no medium");
    }
    ctx_close(&c);
}

TEST(check_refuses_options_before_running)
{
    Ctx c;
    Err e = { 0 };
    char id[DEVICE_ID_MAX];
    EraseResult r;
    if (setup(&c, "opts.db", id) < 0) T_FAIL_("setup");
    CHECK_INT(wipe_erase(&c, &(EraseRequest){ .device = id, .target = "/dev/null", .method = "shred" }, NULL, NULL, &r, &e), -1);
    CHECK_CONTAINS(e.msg, "Method: nwipe has no method shred");
    CHECK_INT(wipe_erase(&c, &(EraseRequest){ .device = id, .target = "/dev/null", .verify = "some" }, NULL, NULL, &r, &e), -1);
    CHECK_CONTAINS(e.msg, "Verification: some");
    CHECK_INT(wipe_erase(&c, &(EraseRequest){ .device = id, .target = "/dev/null", .rounds = 10 }, NULL, NULL, &r, &e), -1);
    CHECK_CONTAINS(e.msg, "Rounds: 10");
    CHECK_INT(wipe_erase(&c, &(EraseRequest){ .device = "GRE1-999999", .target = "/dev/null" }, NULL, NULL, &r, &e), -1);
    CHECK_CONTAINS(e.msg, "Device: no device GRE1-999999");
    CHECK_INT(wipe_erase(&c, &(EraseRequest){ .device = id, .target = "/dev/null" }, NULL, NULL, &r, &e), -1);
    CHECK_CONTAINS(e.msg, "Block device: /dev/null");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM wipes"), "0");
    CHECK_INT(r.status, -1);
    ctx_close(&c);
}

TEST(erase_with_fake_nwipe_records_and_assigns)
{
    Ctx c;
    Err e = { 0 };
    char id[DEVICE_ID_MAX];
    EraseResult r;
    Seen seen = { 0 };
    const char *why = loop_attach();
    if (why) SKIP("%s", why);
    if (setup(&c, "run.db", id) < 0) T_FAIL_("setup");
    EraseRequest rq = { .device = "PC1", .target = loopdev, .method = "zero", .verify = "last", .rounds = 1 };
    CHECK_MSG(wipe_erase(&c, &rq, on_progress, &seen, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(r.status, 0);
    CHECK_INT(r.erased, 1);
    CHECK_INT(r.stopped, 0);
    CHECK_STR(r.device, id);
    /* the callback: notices and ticks, the round from the log, io counted */
    CHECK_MSG(seen.calls >= 5, "%d calls", seen.calls);
    CHECK_INT(seen.rounds, 1);
    CHECK_MSG(seen.with_io >= 1, "no call with bytes counted (%d calls)", seen.calls);
    CHECK_INT(r.last.percent, 100);
    /* nwipe got what was asked */
    char args[1200], line[512] = "";
    snprintf(args, sizeof args, "%s.args", r.logfile);
    FILE *f = fopen(args, "r");
    CHECK(f != NULL);
    if (!fgets(line, sizeof line, f)) line[0] = '\0';
    fclose(f);
    CHECK_CONTAINS(line, "--autonuke --nogui --nowait --method=zero --verify=last --rounds=1");
    CHECK_CONTAINS(line, loopdev);
    /* the log in the configured folder, created for it */
    CHECK(!strncmp(r.logfile, logdir, strlen(logdir)));
    /* the record: saved, successful, assigned to the device with its disk */
    CHECK_INT(r.import.added, 1);
    CHECK_INT(r.import.unassigned, 0);
    CHECK_STR(support_query(&c, "SELECT device || ' ' || status || ' ' || serial FROM wipes"),
              "GRE1-000001 success FAKE0001");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'wipe.record' AND device = 'GRE1-000001'"), "1");
    MediaList ml;
    CHECK_INT(media_list(&c, id, &ml, &e), 0);
    CHECK_INT(ml.n, 1);
    CHECK_STR(ml.items[0].serial, "FAKE0001");
    CHECK_INT(ml.items[0].erased, 1);
    media_list_free(&ml);
    ctx_close(&c);
}

TEST(stopped_erase_is_recorded_aborted)
{
    Ctx c;
    Err e = { 0 };
    char id[DEVICE_ID_MAX];
    EraseResult r;
    Seen seen = { .stop_at = 3 };
    const char *why = loop_attach();
    if (why) SKIP("%s", why);
    if (setup(&c, "stop.db", id) < 0) T_FAIL_("setup");
    setenv("FAKE_STEPS", "50", 1);   /* 30 s unless stopped */
    EraseRequest rq = { .device = id, .target = loopdev };
    int rc = wipe_erase(&c, &rq, on_progress, &seen, &r, &e);
    unsetenv("FAKE_STEPS");
    CHECK_MSG(rc == 0, "%s", e.msg);
    CHECK_INT(r.stopped, 1);
    CHECK_INT(r.erased, 0);
    CHECK(r.status != 0);
    CHECK_MSG(seen.max_elapsed < 10, "stopped after %ld s", seen.max_elapsed);
    CHECK_STR(support_query(&c, "SELECT device || ' ' || status FROM wipes"), "GRE1-000001 aborted");
    ctx_close(&c);
}

TEST(failed_erase_is_recorded_failed)
{
    Ctx c;
    Err e = { 0 };
    char id[DEVICE_ID_MAX];
    EraseResult r;
    const char *why = loop_attach();
    if (why) SKIP("%s", why);
    if (setup(&c, "fail.db", id) < 0) T_FAIL_("setup");
    setenv("FAKE_FAIL", "1", 1);
    setenv("FAKE_STEPS", "0", 1);
    int rc = wipe_erase(&c, &(EraseRequest){ .device = id, .target = loopdev }, NULL, NULL, &r, &e);
    unsetenv("FAKE_FAIL");
    unsetenv("FAKE_STEPS");
    CHECK_MSG(rc == 0, "%s", e.msg);
    CHECK_INT(r.status, 1);
    CHECK_INT(r.stopped, 0);
    CHECK_INT(r.erased, 0);
    CHECK(r.last.percent != 100);
    CHECK_STR(support_query(&c, "SELECT device || ' ' || status FROM wipes"), "GRE1-000001 failed");
    ctx_close(&c);
}

/* A wipe by hand on a disk the device lacks: the message (also shown by
 * the disks screen) names the field and a remedy, no command to type. */
TEST(wipe_by_hand_unknown_disk_says_what_to_do)
{
    Ctx c;
    Err e = { 0 };
    char id[DEVICE_ID_MAX];
    if (setup(&c, "hand.db", id) < 0) T_FAIL_("setup");
    WipeNew w = { .media = "NOPE1", .category = "clear", .technique = "overwrite", .tool = "hdparm",
                  .status = "failed", .passes = -1 };
    CHECK_INT(wipe_add(&c, id, &w, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "Disk: device GRE1-000001 has no disk NOPE1. Add the disk to this device first");
    CHECK_MSG(!strstr(e.msg, "boucle "), "tells to type a command: %s", e.msg);
    ctx_close(&c);
}

int main(void)
{
    RUN(sweeps_and_progress);
    RUN(check_names_the_block_device);
    RUN(check_refuses_options_before_running);
    RUN(erase_with_fake_nwipe_records_and_assigns);
    RUN(stopped_erase_is_recorded_aborted);
    RUN(failed_erase_is_recorded_failed);
    RUN(wipe_by_hand_unknown_disk_says_what_to_do);
    loop_detach();
    return t_done();
}
