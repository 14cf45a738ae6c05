/* test_wipe_ui.c — the pieces under the wipe screens: paths as people type
 * them (util/path.h), nwipe progress lines (core/wipe/nwipe_run.h), smartctl's
 * JSON (core/wipe/probe.h), and the import's per-drive report (core/wipe/wipe.h). */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/stock/lot.h"
#include "core/wipe/wipe.h"
#include "core/wipe/nwipe_run.h"
#include "core/wipe/probe.h"
#include "util/path.h"
#include <sys/stat.h>

/* 1. ~/ is the home folder; blanks and quotes of a paste go. */
TEST(path_expand_home)
{
    char out[512];
    setenv("HOME", "/home/camille", 1);
    CHECK_STR(path_expand("~/logs", out, sizeof out), "/home/camille/logs");
    CHECK_STR(path_expand("~", out, sizeof out), "/home/camille");
    CHECK_STR(path_expand("  '/var/log/nwipe'\n", out, sizeof out), "/var/log/nwipe");
    CHECK_STR(path_expand("\"~/a b.log\"", out, sizeof out), "/home/camille/a b.log");
    CHECK_STR(path_expand("~bob/x", out, sizeof out), "~bob/x");
}

/* 2. The documents folder: $XDG_DOCUMENTS_DIR, else user-dirs, else home. */
TEST(documents_dir)
{
    char out[512], dir[] = "/tmp/boucle-docs-XXXXXX";
    CHECK(mkdtemp(dir));
    setenv("HOME", dir, 1);
    setenv("XDG_CONFIG_HOME", dir, 1);
    unsetenv("XDG_DOCUMENTS_DIR");
    CHECK_STR(path_documents_dir(out, sizeof out), dir);
    char p[600];
    snprintf(p, sizeof p, "%s/user-dirs.dirs", dir);
    FILE *f = fopen(p, "w");
    fputs("# comment\nXDG_DOCUMENTS_DIR=\"$HOME/Documents\"\n", f);
    fclose(f);
    CHECK_STR(path_documents_dir(out, sizeof out), dir);   /* folder missing: home */
    snprintf(p, sizeof p, "%s/Documents", dir);
    mkdir(p, 0700);
    CHECK_STR(path_documents_dir(out, sizeof out), p);
    setenv("XDG_DOCUMENTS_DIR", "/srv/docs/", 1);
    CHECK_STR(path_documents_dir(out, sizeof out), "/srv/docs");
    unsetenv("XDG_DOCUMENTS_DIR");
}

/* 3. Progress: rounds, verification, blanking, errors, the last message. */
TEST(nwipe_progress)
{
    NwipeProgress p = { 0 };
    CHECK_INT(nwipe_progress_line(&p, "[2026/11/22 10:25:40]   debug: nothing\n"), 0);
    CHECK_INT(nwipe_progress_line(&p, "[2026/11/22 10:25:40]  notice: Starting round 1 of 2 on /dev/loop0\n"), 1);
    CHECK_INT(p.round, 1);
    CHECK_INT(p.rounds, 2);
    CHECK_STR(p.last, "Starting round 1 of 2 on /dev/loop0");
    nwipe_progress_line(&p, "[2026/11/22 10:25:40]  notice: Verifying pass 1 of 1, round 1 of 2, on /dev/loop0\n");
    CHECK_INT(p.verifying, 1);
    nwipe_progress_line(&p, "[2026/11/22 10:25:40]  notice: Starting round 2 of 2 on /dev/loop0\n");
    CHECK_INT(p.round, 2);
    CHECK_INT(p.verifying, 0);
    nwipe_progress_line(&p, "[2026/11/22 10:25:40]  notice: Blanking device /dev/loop0\n");
    CHECK_INT(p.blanking, 1);
    CHECK_INT(nwipe_progress_line(&p, "[2026/11/22 10:25:40]   error: Unable to write\n"), 1);
    CHECK_INT(p.errors, 1);
    CHECK_INT(nwipe_progress_line(&p, "garbage \xff\xfe"), 0);
    CHECK_INT(nwipe_progress_line(&p, "[unterminated notice:"), 0);
}

/* 4. smartctl --json -i of an ATA hard disk, as documented by smartmontools. */
TEST(smartctl_ata_hdd)
{
    const char *js =
        "{\"json_format_version\":[1,0],\"smartctl\":{\"version\":[7,3],\"exit_status\":4},"
        "\"device\":{\"name\":\"/dev/sda\",\"info_name\":\"/dev/sda [SAT]\",\"type\":\"sat\",\"protocol\":\"ATA\"},"
        "\"model_family\":\"Hitachi Deskstar P7K500\",\"model_name\":\"Hitachi HDP725050GLA360\","
        "\"serial_number\":\"GE123456789123\",\"firmware_version\":\"GM4OA5CA\","
        "\"user_capacity\":{\"blocks\":976773168,\"bytes\":500107862016},\"rotation_rate\":7200}";
    ProbedMedium m = { .name = "sda", .type = "ssd", .bytes = 1 };
    CHECK_INT(probe_smartctl_json(js, &m), 1);
    CHECK_STR(m.model, "Hitachi HDP725050GLA360");
    CHECK_STR(m.serial, "GE123456789123");
    CHECK_STR(m.type, "hdd");
    CHECK_INT(m.bytes, 500107862016LL);
}

/* 5. NVMe: protocol NVMe, capacity from nvme_total_capacity when no
 * user_capacity; an SSD has rotation_rate 0. */
TEST(smartctl_nvme_and_ssd)
{
    ProbedMedium m = { .name = "nvme0n1", .type = "other" };
    CHECK_INT(probe_smartctl_json("{\"device\":{\"name\":\"/dev/nvme0\",\"type\":\"nvme\",\"protocol\":\"NVMe\"},"
                                  "\"model_name\":\"Samsung SSD 970 EVO 500GB\",\"serial_number\":\"S466NX0M123456\","
                                  "\"nvme_total_capacity\":500107862016}", &m), 1);
    CHECK_STR(m.type, "nvme");
    CHECK_INT(m.bytes, 500107862016LL);
    ProbedMedium s = { .name = "sdb", .type = "hdd" };
    probe_smartctl_json("{\"device\":{\"protocol\":\"ATA\"},\"model_name\":\"CT500MX500SSD1\",\"rotation_rate\":0,"
                        "\"user_capacity\":{\"bytes\":500107862016}}", &s);
    CHECK_STR(s.type, "ssd");
}

/* 6. Nothing usable (a USB bridge smartctl cannot pass, garbage) changes nothing. */
TEST(smartctl_garbage)
{
    ProbedMedium m = { .name = "sdc", .model = "sysfs model", .serial = "SYS1", .type = "hdd", .bytes = 42 };
    CHECK_INT(probe_smartctl_json("{\"smartctl\":{\"exit_status\":2,\"messages\":[{\"string\":\"Unknown USB bridge\"}]}}", &m), 0);
    CHECK_INT(probe_smartctl_json("not json \xff", &m), 0);
    CHECK_INT(probe_smartctl_json("[1,2]", &m), 0);
    CHECK_STR(m.model, "sysfs model");
    CHECK_STR(m.serial, "SYS1");
    CHECK_STR(m.type, "hdd");
    CHECK_INT(m.bytes, 42);
}

/* 7. A block device that is not one is refused; /proc/mounts is read. */
TEST(blockdev_checks)
{
    BlockInfo bi;
    Err e = { 0 };
    char what[256];
    CHECK_INT(blockdev_info("/etc/passwd", &bi, &e), -1);
    CHECK_CONTAINS(e.msg, "/etc/passwd");
    CHECK_INT(blockdev_in_use("/dev/boucle-no-such-disk", what, sizeof what), 0);
}

typedef struct Seen { int n, added; char device[DEVICE_ID_MAX], status[16], serial[64]; } Seen;

static void seen(void *arg, const WipeDriveResult *r)
{
    Seen *s = arg;
    s->n++;
    s->added += r->added;
    snprintf(s->device, sizeof s->device, "%s", r->device);
    snprintf(s->status, sizeof s->status, "%s", r->status);
    snprintf(s->serial, sizeof s->serial, "%s", r->serial);
}

/* 8. The import tells each drive's fate (what the import screen shows):
 * new into a device, then already imported into that same device. */
TEST(import_reports_each_drive)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], fx[1024];
    const char *d = getenv("BOUCLE_FIXTURES");
    snprintf(fx, sizeof fx, "%s/nwipe/nwipe-verify-zero-fails.log", d ? d : "../shared/fixtures");
    CHECK(support_ctx(&c, "report.db", "GRE1") == 0);
    CHECK(lot_add(&c, "Mairie", "", -1, NULL, lot, &e) == 0);
    DeviceNew dn = { .lot = lot, .serial = "PF1", .category = "laptop" };
    CHECK(device_add(&c, &dn, 0, id, NULL, &e) == 0);
    Seen s = { 0 };
    WipeImport r = { .on_drive = seen, .arg = &s };
    CHECK_MSG(wipe_import_path(&c, id, fx, &r, &e) == 0, "%s", e.msg);
    CHECK_INT(s.n, 1);
    CHECK_INT(s.added, 1);
    CHECK_STR(s.device, id);
    CHECK_STR(s.status, "failed");
    memset(&s, 0, sizeof s);
    WipeImport r2 = { .on_drive = seen, .arg = &s };
    CHECK(wipe_import_path(&c, NULL, fx, &r2, &e) == 0);
    CHECK_INT(s.n, 1);
    CHECK_INT(s.added, 0);
    CHECK_INT(r2.known, 1);
    CHECK_STR(s.device, id);
    ctx_close(&c);
}

int main(void)
{
    RUN(path_expand_home);
    RUN(documents_dir);
    RUN(nwipe_progress);
    RUN(smartctl_ata_hdd);
    RUN(smartctl_nvme_and_ssd);
    RUN(smartctl_garbage);
    RUN(blockdev_checks);
    RUN(import_reports_each_drive);
    return t_done();
}
