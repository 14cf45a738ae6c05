/* test_found.c — the device describes itself (core/inventory/found.c):
 * this machine read from a fake sysfs/procfs tree (a laptop with two
 * batteries and a mouse, a card reader that is not a disk, a product
 * serial only root may read, a fake lshw), and what was found recorded
 * beside the announcement: specs, disks, one device.discrepancy event,
 * nothing overwritten, nothing recorded twice. */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/inventory/found.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "core/stock/specs.h"
#include "core/wipe/media.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char root[512];

static void put(const char *rel, const char *text)
{
    char p[1024], dir[1024];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    snprintf(dir, sizeof dir, "mkdir -p \"$(dirname '%s')\"", p);
    if (system(dir) != 0) return;
    FILE *f = fopen(p, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* A ThinkPad T480: product_serial present but unreadable (a directory
 * stands for a file only root may read, since tests may run as root),
 * chassis_serial a placeholder, board serial readable; two batteries (one
 * in µWh, one in µAh × µV) and a wireless mouse's, which is not the
 * laptop's; an HDD and a card reader with a card in it. */
static void make_laptop(const char *name)
{
    snprintf(root, sizeof root, "%s/%s", support_tmpdir(), name);
    put("sys/class/dmi/id/sys_vendor", "LENOVO\n");
    put("sys/class/dmi/id/product_name", "20L5S0XB00\n");
    put("sys/class/dmi/id/product_version", "ThinkPad T480\n");
    put("sys/class/dmi/id/chassis_type", "10\n");
    put("sys/class/dmi/id/chassis_serial", "To be filled by O.E.M.\n");
    put("sys/class/dmi/id/board_serial", "L1HF81234\n");
    put("sys/class/dmi/id/product_serial/x", "");   /* a directory: read fails */
    put("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Core(TM)   i5-8350U CPU @ 1.70GHz\n\n"
                        "processor\t: 1\nmodel name\t: Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz\n");
    put("proc/meminfo", "MemTotal:        7880000 kB\nMemFree:          100000 kB\n");
    put("sys/class/power_supply/BAT0/type", "Battery\n");
    put("sys/class/power_supply/BAT0/energy_full_design", "24050000\n");
    put("sys/class/power_supply/BAT0/energy_full", "20000000\n");
    put("sys/class/power_supply/BAT1/type", "Battery\n");
    put("sys/class/power_supply/BAT1/charge_full_design", "2000000\n");   /* 2 Ah × 11.1 V = 22.2 Wh */
    put("sys/class/power_supply/BAT1/charge_full", "1000000\n");
    put("sys/class/power_supply/BAT1/voltage_min_design", "11100000\n");
    put("sys/class/power_supply/AC/type", "Mains\n");
    put("sys/class/power_supply/hidpp_battery_0/type", "Battery\n");
    put("sys/class/power_supply/hidpp_battery_0/scope", "Device\n");
    put("sys/class/power_supply/hidpp_battery_0/energy_full_design", "1000000\n");
    put("sys/block/sda/device/model", "WDC WD5000LPVX\n");
    put("sys/block/sda/device/serial", "WX11A1234567\n");
    put("sys/block/sda/size", "976773168\n");
    put("sys/block/sda/queue/rotational", "1\n");
    put("sys/block/sdb/device/model", "USB2.0-CRW\n");
    put("sys/block/sdb/device/serial", "20120501030900000\n");
    put("sys/block/sdb/size", "62333952\n");
    put("sys/block/sdb/queue/rotational", "0\n");
    put("sys/block/loop0/size", "100\n");
}

static int probe(InvDevice *d, ProbeInfo *info, Err *e)
{
    char sys[600], proc[600];
    snprintf(sys, sizeof sys, "%s/sys", root);
    snprintf(proc, sizeof proc, "%s/proc", root);
    return inv_probe_machine(sys, proc, d, info, e);
}

TEST(probe_reads_a_laptop)
{
    setenv("BOUCLE_SMARTCTL", "none", 1);
    setenv("BOUCLE_LSHW", "none", 1);
    make_laptop("t480");
    InvDevice d;
    ProbeInfo info;
    Err e = { 0 };
    CHECK_MSG(probe(&d, &info, &e) == 0, "%s", e.msg);
    CHECK_STR(d.make, "LENOVO");
    CHECK_STR(d.model, "ThinkPad T480");      /* product_version, not the machine type */
    CHECK_STR(d.category, "laptop");
    CHECK_STR(d.chassis, "10");
    CHECK_STR(d.serial, "L1HF81234");          /* the board's: the product's is unreadable, the chassis' a placeholder */
    CHECK_STR(info.serial_from, "board_serial");
    CHECK(info.serial_unreadable);
    CHECK_STR(d.cpu, "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz");
    CHECK_INT(d.ram_mb, 8192);
    CHECK_INT(info.batteries, 2);               /* not the mouse's */
    CHECK_INT(d.battery_design_mwh, 24050 + 22200);
    CHECK_INT(d.battery_full_mwh, 20000 + 11100);
    CHECK_INT(d.ndisks, 1);                     /* the card reader is not a disk to wipe */
    CHECK_INT(d.disks_skipped, 1);
    CHECK_STR(d.disks[0].serial, "WX11A1234567");
    CHECK_STR(d.disks[0].type, "hdd");
    CHECK_INT(d.disks[0].bytes, 976773168LL * 512);
}

TEST(probe_lshw_gives_the_serial_root_reads)
{
    make_laptop("t480-lshw");
    char lshw[700];
    snprintf(lshw, sizeof lshw, "%s/lshw", root);
    /* lshw -json as root: the system's serial, the board's, memory, cpu */
    FILE *f = fopen(lshw, "w");
    CHECK(f != NULL);
    fprintf(f, "#!/bin/sh\n[ \"$1\" = -json ] || exit 3\ncat <<'J'\n"
               "{\"id\":\"t480\",\"class\":\"system\",\"description\":\"Notebook\",\"product\":\"20L5S0XB00 (LENOVO_MT_20L5)\","
               "\"vendor\":\"LENOVO\",\"version\":\"ThinkPad T480\",\"serial\":\"PF1ABCDE\","
               "\"configuration\":{\"chassis\":\"notebook\"},\"children\":[{\"id\":\"core\",\"class\":\"bus\",\"serial\":\"L1HF81234\","
               "\"children\":[{\"id\":\"memory\",\"class\":\"memory\",\"description\":\"System Memory\",\"units\":\"bytes\","
               "\"size\":8589934592},{\"id\":\"cpu\",\"class\":\"processor\",\"product\":\"Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz\"}]}]}\n"
               "J\n");
    fclose(f);
    chmod(lshw, 0755);
    setenv("BOUCLE_LSHW", lshw, 1);
    InvDevice d;
    ProbeInfo info;
    Err e = { 0 };
    CHECK_MSG(probe(&d, &info, &e) == 0, "%s", e.msg);
    setenv("BOUCLE_LSHW", "none", 1);
    CHECK(info.lshw);
    CHECK_STR(d.serial, "PF1ABCDE");            /* the product's serial wins over the board's */
    CHECK_STR(info.serial_from, "lshw");
    /* lshw says nothing: the board's serial stays, and the probe says so */
    setenv("BOUCLE_LSHW", "/nonexistent/lshw", 1);
    CHECK_MSG(probe(&d, &info, &e) == 0, "%s", e.msg);
    setenv("BOUCLE_LSHW", "none", 1);
    CHECK(!info.lshw);
    CHECK_STR(d.serial, "L1HF81234");
}

TEST(probe_no_serial_at_all)
{
    make_laptop("noserial");
    char p[700];
    snprintf(p, sizeof p, "%s/sys/class/dmi/id/board_serial", root);
    CHECK(unlink(p) == 0);
    InvDevice d;
    ProbeInfo info;
    Err e = { 0 };
    CHECK_MSG(probe(&d, &info, &e) == 0, "%s", e.msg);
    CHECK_STR(d.serial, "");
    CHECK_STR(info.serial_from, "");
    CHECK(info.serial_unreadable);
    /* and found_match says none rather than matching a device with no serial */
    Ctx c;
    CHECK(support_ctx(&c, "noserial.db", "NS1") == 0);
    Device dev;
    CHECK_INT(found_match(&c, &d, &dev, &e), 0);
    ctx_close(&c);
}

/* ---- recording ------------------------------------------------------------ */

static char lot[LOT_ID_MAX], dev_id[DEVICE_ID_MAX];

static int setup(Ctx *c, const char *db, const char *serial)
{
    Err e = { 0 };
    if (support_ctx(c, db, "FD1") < 0) return -1;
    if (lot_add(c, "Hôpital", "", -1, NULL, lot, &e) < 0) return printf("# %s\n", e.msg), -1;
    DeviceNew n = { .lot = lot, .serial = serial, .category = "laptop", .make = "Lenovo", .model = "ThinkPad T480" };
    if (device_add(c, &n, 0, dev_id, NULL, &e) < 0) return printf("# %s\n", e.msg), -1;
    return 0;
}

static int announce(Ctx *c, const char *serial, int64_t ram_mb)
{
    Err e = { 0 };
    json_t *p = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:[{s:s, s:s, s:s, s:I}, {s:s, s:s, s:s, s:I}],"
                          " s:{s:I, s:I}}",
                          "lot", lot, "serial", serial, "make", "Lenovo", "model", "ThinkPad T480", "ram_mb", (json_int_t)ram_mb,
                          "cpu", "Intel Core i5-8350U", "disks", "serial", "WX11A1234567", "model", "WDC WD5000LPVX", "type",
                          "hdd", "bytes", (json_int_t)500107862016LL, "serial", "S3Z9NB0K", "model", "Samsung 850 EVO",
                          "type", "ssd", "bytes", (json_int_t)250059350016LL, "battery", "design_mwh", (json_int_t)46250,
                          "full_mwh", (json_int_t)44000);
    if (event_append(c, "lot.announce", NULL, p, NULL, &e) < 0) return printf("# %s\n", e.msg), -1;
    return 0;
}

static InvDevice found_t480(void)
{
    InvDevice f;
    memset(&f, 0, sizeof f);
    snprintf(f.serial, sizeof f.serial, "PF1ABCDE");
    snprintf(f.make, sizeof f.make, "LENOVO");
    snprintf(f.model, sizeof f.model, "ThinkPad T480");
    snprintf(f.cpu, sizeof f.cpu, "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz");
    f.ram_mb = 4096;
    f.battery_design_mwh = 46250;
    f.battery_full_mwh = 31100;
    f.ndisks = 2;
    snprintf(f.disks[0].serial, sizeof f.disks[0].serial, "WX11A1234567");
    snprintf(f.disks[0].model, sizeof f.disks[0].model, "WDC WD5000LPVX");
    snprintf(f.disks[0].type, sizeof f.disks[0].type, "hdd");
    f.disks[0].bytes = 500107862016LL;
    snprintf(f.disks[1].serial, sizeof f.disks[1].serial, "KS123");
    snprintf(f.disks[1].model, sizeof f.disks[1].model, "Kingston A400");
    snprintf(f.disks[1].type, sizeof f.disks[1].type, "ssd");
    f.disks[1].bytes = 120034123776LL;
    return f;
}

TEST(record_without_announcement)
{
    lang_init("en", NULL);
    Ctx c;
    CHECK(setup(&c, "noann.db", "PF1ABCDE") == 0);
    InvDevice f = found_t480();
    FoundReport r;
    Err e = { 0 };
    CHECK_MSG(found_record(&c, dev_id, &f, "probe", &r, &e) == 0, "%s", e.msg);
    CHECK(!r.announced);
    CHECK(r.specs_recorded);
    CHECK_INT(r.disks_added, 2);
    CHECK_INT(r.ndiffs, 0);
    CHECK(!r.discrepancy_recorded);
    DeviceSpecs s;
    CHECK(specs_get(&c, dev_id, &s, &e) == 0);
    CHECK_INT(s.ram_mb, 4096);
    CHECK_STR(s.source, "probe");
    CHECK_INT(s.battery_full_mwh, 31100);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'device.discrepancy'"), "0");
    /* the same again: nothing new */
    CHECK_MSG(found_record(&c, dev_id, &f, "probe", &r, &e) == 0, "%s", e.msg);
    CHECK(!r.specs_recorded && !r.disks_added && !r.discrepancy_recorded);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE device IS NOT NULL AND device <> ''"), "4");
    ctx_close(&c);
}

TEST(record_keeps_the_differences)
{
    lang_init("en", NULL);
    Ctx c;
    CHECK(setup(&c, "ann.db", "PF1ABCDE") == 0);
    CHECK(announce(&c, "PF1ABCDE", 8192) == 0);
    char ann[4096];
    snprintf(ann, sizeof ann, "%s", support_query(&c, "SELECT payload FROM events WHERE kind = 'lot.announce'"));
    InvDevice f = found_t480();
    FoundReport r;
    Err e = { 0 };
    CHECK_MSG(found_record(&c, dev_id, &f, "probe", &r, &e) == 0, "%s", e.msg);
    CHECK(r.announced);
    CHECK_STR(r.announce_lot, lot);
    CHECK(r.discrepancy_recorded);
    /* RAM 8 → 4 GB; the battery at 31.1 of 44 Wh announced full (< 90 %);
     * the Samsung announced, not found; the Kingston found, not announced.
     * The processor is the same written otherwise; the model the same. */
    CHECK_INT(r.ndiffs, 4);
    CHECK_STR(r.diffs[0].field, "ram_mb");
    CHECK_STR(r.diffs[0].announced, "8192");
    CHECK_STR(r.diffs[0].found, "4096");
    CHECK_STR(r.diffs[0].text, "RAM: announced 8 GB, found 4 GB");
    CHECK_STR(r.diffs[1].field, "battery_full_mwh");
    CHECK_STR(r.diffs[1].text, "battery: announced 44 Wh, found 31.1 Wh");
    CHECK_STR(r.diffs[2].field, "disk");
    CHECK_STR(r.diffs[2].announced, "S3Z9NB0K");
    CHECK_STR(r.diffs[2].found, "");
    CHECK_STR(r.diffs[2].text, "disk S3Z9NB0K (Samsung 850 EVO, 250 GB) announced, not found");
    CHECK_STR(r.diffs[3].text, "disk KS123 (Kingston A400, 120 GB) found, not announced");
    /* the event: {source, diffs: [{field, announced, found}]} */
    CHECK_STR(support_query(&c, "SELECT json_extract(payload, '$.source') || ' ' || json_array_length(payload, '$.diffs')"
                                " || ' ' || json_extract(payload, '$.diffs[0].announced') || ' ' ||"
                                " json_extract(payload, '$.diffs[0].found') || ' ' || json_extract(payload, '$.diffs[2].announced.model')"
                                " || ' ' || json_type(payload, '$.diffs[2].found')"
                                " FROM events WHERE kind = 'device.discrepancy'"),
              "probe 4 8192 4096 Samsung 850 EVO null");
    /* nothing overwritten: the announcement is as it was */
    CHECK_STR(support_query(&c, "SELECT payload FROM events WHERE kind = 'lot.announce'"), ann);
    /* the newest discrepancy, in words, for the device screen */
    FoundDiff dd[8];
    char src[16];
    CHECK_INT(found_discrepancies(&c, dev_id, dd, 8, src, &e), 4);
    CHECK_STR(src, "probe");
    CHECK_STR(dd[0].text, "RAM: announced 8 GB, found 4 GB");
    /* probing twice records nothing the second time, and still reports */
    CHECK_MSG(found_record(&c, dev_id, &f, "probe", &r, &e) == 0, "%s", e.msg);
    CHECK(!r.specs_recorded && !r.disks_added && !r.discrepancy_recorded);
    CHECK_INT(r.ndiffs, 4);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'device.discrepancy'"), "1");
    /* the RAM put back: a new event with fewer differences */
    f.ram_mb = 8192;
    CHECK_MSG(found_record(&c, dev_id, &f, "agent", &r, &e) == 0, "%s", e.msg);
    CHECK(r.specs_recorded && r.discrepancy_recorded);
    CHECK_INT(r.ndiffs, 3);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'device.discrepancy'"), "2");
    /* the history says it in words */
    CHECK_CONTAINS(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'device.specs' AND json_extract(payload, '$.source') = 'agent'"), "1");
    ctx_close(&c);
}

TEST(record_as_announced)
{
    lang_init("fr", NULL);
    Ctx c;
    CHECK(setup(&c, "same.db", "PF1ABCDE") == 0);
    CHECK(announce(&c, "PF1ABCDE", 4000) == 0);   /* 4000 MB announced: 4 GB installed */
    InvDevice f = found_t480();
    f.battery_full_mwh = 40000;                    /* 91 % of 44 Wh: worn, not a difference */
    f.ndisks = 1;
    InvDisk samsung = { .bytes = 250000000000LL };
    snprintf(samsung.serial, sizeof samsung.serial, "s3z9nb0k");   /* any case */
    snprintf(samsung.type, sizeof samsung.type, "ssd");
    f.disks[f.ndisks++] = samsung;
    FoundReport r;
    Err e = { 0 };
    CHECK_MSG(found_record(&c, dev_id, &f, "probe", &r, &e) == 0, "%s", e.msg);
    CHECK(r.announced);
    CHECK_INT(r.ndiffs, 0);
    CHECK(!r.discrepancy_recorded);
    /* another processor and another serial are differences (in French) */
    snprintf(f.cpu, sizeof f.cpu, "Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz");
    snprintf(f.serial, sizeof f.serial, "PF9ZZZZZ");
    CHECK_MSG(found_record(&c, dev_id, &f, "probe", &r, &e) == 0, "%s", e.msg);
    CHECK(r.serial_differs);
    CHECK_INT(r.ndiffs, 2);
    CHECK_STR(r.diffs[0].text, "n° de série : annoncé PF1ABCDE, trouvé PF9ZZZZZ");
    CHECK_STR(r.diffs[1].text, "processeur : annoncé Intel Core i5-8350U, trouvé Intel(R) Core(TM) i7-8650U CPU @ 1.90GHz");
    ctx_close(&c);
}

TEST(match_by_serial)
{
    Ctx c;
    CHECK(setup(&c, "match.db", "PF1ABCDE") == 0);
    InvDevice f = found_t480();
    Device d;
    Err e = { 0 };
    CHECK_INT(found_match(&c, &f, &d, &e), 1);
    CHECK_STR(d.id, dev_id);
    snprintf(f.serial, sizeof f.serial, "NOBODY123");
    CHECK_INT(found_match(&c, &f, &d, &e), 0);
    FoundReport r;
    CHECK(found_record(&c, "FD1-999999", &f, "probe", &r, &e) < 0);
    CHECK_INT(e.code, ERR_NOTFOUND);
    ctx_close(&c);
}

/* `test_found --announce DB PAYLOAD`: appends one lot.announce event to DB,
 * for tests/e2e/probe_found.sh, which needs an announcement whatever the
 * state of the file parsers (`boucle lot import`). */
static int announce_main(const char *db, const char *payload)
{
    Ctx c;
    Err e = { 0 };
    json_t *p = json_loads(payload, 0, NULL);
    if (!p || ctx_open(&c, db, 0, &e) < 0) return fprintf(stderr, "announce: %s\n", p ? e.msg : "bad JSON"), 1;
    int rc = event_append(&c, "lot.announce", NULL, p, NULL, &e) < 0 ? 1 : 0;
    if (rc) fprintf(stderr, "announce: %s\n", e.msg);
    ctx_close(&c);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[1], "--announce")) return announce_main(argv[2], argv[3]);
    /* test binaries live in $BUILD/tests, the catalogue in $BUILD/locale */
    char loc[1024];
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(loc, sizeof loc, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", loc, 1);
    }
    lang_init("en", NULL);
    RUN(probe_reads_a_laptop);
    RUN(probe_lshw_gives_the_serial_root_reads);
    RUN(probe_no_serial_at_all);
    RUN(record_without_announcement);
    RUN(record_keeps_the_differences);
    RUN(record_as_announced);
    RUN(match_by_serial);
    return t_done();
}
