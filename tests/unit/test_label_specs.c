/*
 * test_label_specs.c — device specs (RAM, CPU, storage) and what the label
 * says about them.
 *   1  sizes typed by people: 8G, 8 GB, 1,5G, 512M, 256G, 1T; refusals
 *   2  the text of sizes: 8 GB, 1.5 GB, 512 MB, 1 TB
 *   3  MemTotal rounded up to the installed size; a fake /proc/meminfo
 *   4  recorded as device.specs events: only given fields change, clock
 *      order (not arrival order) decides, invalid imported fields ignored
 *   5  label facts: RAM, the disks, their sum from three disks, the typed
 *      storage when no disk is recorded
 *   6  the longest specs line fits every built-in template (the sum of
 *      the disks where their list does not) and the label scans back
 *   7  the demo gives computers their RAM, and only computers
 *   8  a rebuild keeps the specs (no projection to lose)
 */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "tests/unit/support_label.h"
#include "core/demo/demo.h"
#include "core/stock/device.h"
#include "core/label/label_device.h"
#include "core/stock/lot.h"
#include "core/wipe/media.h"
#include "core/stock/specs.h"
#include <stdio.h>

TEST(sizes_typed)
{
    int64_t v = 0;
    Err e = { 0 };
    const struct { const char *in; int64_t mb; } RAM[] = {
        { "8G", 8192 }, { "8 GB", 8192 }, { "8gib", 8192 }, { "8", 8192 }, { "1,5G", 1536 }, { "1.5G", 1536 },
        { "512M", 512 }, { "512 Mo", 512 }, { " 16G ", 16384 }, { "2T", 2LL << 20 }, { "524288K", 512 },
    };
    for (size_t i = 0; i < sizeof RAM / sizeof RAM[0]; i++) {
        CHECK_MSG(specs_parse_ram(RAM[i].in, &v, &e) == 0, "%s: %s", RAM[i].in, e.msg);
        CHECK_MSG(v == RAM[i].mb, "%s → %lld, expected %lld", RAM[i].in, (long long)v, (long long)RAM[i].mb);
    }
    const struct { const char *in; int64_t gb; } ST[] = {
        { "256G", 256 }, { "256 GB", 256 }, { "1T", 1000 }, { "1.5 TB", 1500 }, { "500", 500 }, { "512M", 1 },
    };
    for (size_t i = 0; i < sizeof ST / sizeof ST[0]; i++) {
        CHECK_MSG(specs_parse_storage(ST[i].in, &v, &e) == 0, "%s: %s", ST[i].in, e.msg);
        CHECK_MSG(v == ST[i].gb, "%s → %lld, expected %lld", ST[i].in, (long long)v, (long long)ST[i].gb);
    }
    const char *BAD[] = { "", "G", "eight", "8X", "8GBs", "-8G", "0", "0x10G", "1e3G", "99999T", "nan", "8 G B" };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        err_clear(&e);
        CHECK_MSG(specs_parse_ram(BAD[i], &v, &e) == -1, "RAM \"%s\" accepted", BAD[i]);
        CHECK_INT(e.code, ERR_USAGE);
        CHECK_CONTAINS(e.msg, BAD[i]);
    }
    CHECK(specs_parse_storage("5000T", &v, &e) == -1);
}

TEST(sizes_text)
{
    char b[32];
    units_ram_mb(8192, b, sizeof b);  CHECK_STR(b, "8 GB");
    units_ram_mb(1536, b, sizeof b);  CHECK_STR(b, "1.5 GB");
    units_ram_mb(512, b, sizeof b);   CHECK_STR(b, "512 MB");
    units_ram_mb(2LL << 20, b, sizeof b); CHECK_STR(b, "2 TB");
    units_storage_gb(256, b, sizeof b);  CHECK_STR(b, "256 GB");
    units_storage_gb(1000, b, sizeof b); CHECK_STR(b, "1 TB");
    units_storage_gb(1500, b, sizeof b); CHECK_STR(b, "1.5 TB");
}

TEST(meminfo_rounding)
{
    /* MemTotal of real machines (kB) → what was installed */
    CHECK_INT(specs_ram_installed_mb(8010000), 8192);     /* 8 GiB, kernel reserve */
    CHECK_INT(specs_ram_installed_mb(7130000), 8192);     /* 8 GiB, 1 GiB to the iGPU */
    CHECK_INT(specs_ram_installed_mb(3880000), 4096);
    CHECK_INT(specs_ram_installed_mb(1990000), 2048);
    CHECK_INT(specs_ram_installed_mb(12150000), 12288);
    CHECK_INT(specs_ram_installed_mb(24683620), 24576);
    CHECK_INT(specs_ram_installed_mb(8388608), 8192);     /* exactly 8 GiB stays 8 */
    CHECK_INT(specs_ram_installed_mb(260000000), 262144); /* servers: next 16 GiB */
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/proc", support_tmpdir());
    CHECK(sl_sh("mkdir -p '%s'", dir) == 0);
    snprintf(path, sizeof path, "%s/meminfo", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    fputs("MemTotal:        7999012 kB\nMemFree:         1234567 kB\n", f);
    fclose(f);
    int64_t mb = 0;
    Err e = { 0 };
    CHECK_MSG(specs_probe_ram(dir, &mb, &e) == 0, "%s", e.msg);
    CHECK_INT(mb, 8192);
    f = fopen(path, "w");
    fputs("MemFree: 12 kB\n", f);
    fclose(f);
    CHECK(specs_probe_ram(dir, &mb, &e) == -1);
    CHECK_CONTAINS(e.msg, "MemTotal");
    snprintf(path, sizeof path, "%s/nowhere", dir);
    CHECK(specs_probe_ram(path, &mb, &e) == -1);
    CHECK_INT(e.code, ERR_IO);
    /* the real one, when there is one */
    if (specs_probe_ram(NULL, &mb, &e) == 0) CHECK(mb >= 256);
}

static Ctx ctx;
static char lot[LOT_ID_MAX], id1[DEVICE_ID_MAX], id2[DEVICE_ID_MAX], id3[DEVICE_ID_MAX];

static int setup(void)
{
    Err e = { 0 };
    if (support_ctx(&ctx, "specs.db", "GRE1") < 0) return -1;
    DeviceNew a = { .serial = "PF1ABC23", .category = "laptop", .make = "Lenovo", .model = "ThinkPad T470" };
    DeviceNew b = { .serial = "CZC1234XYZ", .category = "desktop", .make = "HP", .model = "ProDesk 600 G3" };
    DeviceNew c = { .serial = "SRV0001", .category = "desktop", .make = "Dell", .model = "PowerEdge T30" };
    if (lot_add(&ctx, "CHU Grenoble", "BL-1", 3, NULL, lot, &e) < 0) goto fail;
    a.lot = b.lot = c.lot = lot;
    if (device_add(&ctx, &a, 0, id1, NULL, &e) < 0 || device_add(&ctx, &b, 0, id2, NULL, &e) < 0 ||
        device_add(&ctx, &c, 0, id3, NULL, &e) < 0) goto fail;
    return 0;
fail:
    printf("setup: %s\n", e.msg);
    return -1;
}

/* Imports a specs event from another workshop at a given clock. */
static int import_specs(const char *workshop, int64_t ms, const char *device, const char *json, Err *e)
{
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.hlc = hlc_make(ms, 0);
    char hex[17];
    hlc_format(ev.hlc, hex);
    snprintf(ev.id, sizeof ev.id, "%s-%s", hex, workshop);
    snprintf(ev.workshop, sizeof ev.workshop, "%s", workshop);
    snprintf(ev.operator, sizeof ev.operator, "Zoé");
    snprintf(ev.device, sizeof ev.device, "%s", device);
    snprintf(ev.kind, sizeof ev.kind, "device.specs");
    ev.payload = json_loads(json, 0, NULL);
    int r = event_import(&ctx, &ev, e);
    json_decref(ev.payload);
    return r;
}

TEST(recorded_as_events)
{
    Err e = { 0 };
    DeviceSpecs s = { 0 }, got;
    CHECK(specs_get(&ctx, id1, &got, &e) == 0);
    CHECK_INT(got.ram_mb, 0);
    CHECK_STR(got.cpu, "");
    CHECK_INT(specs_record(&ctx, id1, &s, &e), -1);        /* nothing to record */
    CHECK_INT(e.code, ERR_USAGE);
    s.ram_mb = 8192;
    snprintf(s.cpu, sizeof s.cpu, "  Intel Core i5-7300U  ");
    CHECK_MSG(specs_record(&ctx, id1, &s, &e) == 0, "%s", e.msg);
    DeviceSpecs more = { .storage_gb = 256 };
    CHECK(specs_record(&ctx, id1, &more, &e) == 0);
    CHECK(specs_get(&ctx, id1, &got, &e) == 0);
    CHECK_INT(got.ram_mb, 8192);                           /* kept: not in the second event */
    CHECK_STR(got.cpu, "Intel Core i5-7300U");             /* trimmed */
    CHECK_INT(got.storage_gb, 256);
    /* refusals leave nothing behind */
    const char *n = support_query(&ctx, "SELECT count(*) FROM events WHERE kind = 'device.specs'");
    char before[16];
    snprintf(before, sizeof before, "%s", n);
    DeviceSpecs bad = { .ram_mb = SPECS_RAM_MB_MAX + 1 };
    CHECK(specs_record(&ctx, id1, &bad, &e) == -1);
    DeviceSpecs ctl = { .ram_mb = 4096 };
    snprintf(ctl.cpu, sizeof ctl.cpu, "i5\x1b[31m");
    CHECK(specs_record(&ctx, id1, &ctl, &e) == -1);
    CHECK_STR(support_query(&ctx, "SELECT count(*) FROM events WHERE kind = 'device.specs'"), before);
    /* an older event from Lyon arriving late does not win over a newer one */
    CHECK_MSG(import_specs("LYO1", 1000, id1, "{\"ram_mb\": 4096}", &e) == 1, "%s", e.msg);
    CHECK(specs_get(&ctx, id1, &got, &e) == 0);
    CHECK_INT(got.ram_mb, 8192);
    /* a newer one does */
    CHECK(import_specs("LYO1", hlc_wall_ms() + 60000, id1, "{\"ram_mb\": 16384}", &e) == 1);
    CHECK(specs_get(&ctx, id1, &got, &e) == 0);
    CHECK_INT(got.ram_mb, 16384);
    /* garbage fields from elsewhere are ignored, the rest still applies */
    CHECK(import_specs("LYO1", hlc_wall_ms() + 120000, id1,
                       "{\"ram_mb\": \"lots\", \"storage_gb\": -5, \"cpu\": \"x\\u001b[2J\"}", &e) == 1);
    CHECK(import_specs("LYO1", hlc_wall_ms() + 180000, id1, "{\"ram_mb\": 1e30, \"cpu\": \"AMD A6\"}", &e) == 1);
    CHECK(specs_get(&ctx, id1, &got, &e) == 0);
    CHECK_INT(got.ram_mb, 16384);
    CHECK_INT(got.storage_gb, 256);
    CHECK_STR(got.cpu, "AMD A6");
    /* the device's row counts the events (the kind has a projector) */
    Device d;
    CHECK(device_get(&ctx, id1, &d, &e) == 1);
}

TEST(label_facts_specs)
{
    Err e = { 0 };
    Device d;
    LabelFacts f;
    /* id1: RAM from the events above, no disk: the typed storage */
    CHECK(device_get(&ctx, id1, &d, &e) == 1);
    CHECK_MSG(label_facts(&ctx, &d, &f, &e) == 0, "%s", e.msg);
    CHECK_STR(f.d.ram, "16 GB");
    CHECK_STR(f.d.storage, "256 GB");
    /* a disk recorded: the disk, not the typed size */
    MediaNew m1 = { .serial = "S3Z1NB0K123456", .model = "Samsung 860 EVO", .type = "ssd", .bytes = 250059350016LL };
    CHECK_MSG(media_add(&ctx, id1, &m1, NULL, &e) == 0, "%s", e.msg);
    CHECK(label_facts(&ctx, &d, &f, &e) == 0);
    CHECK_STR(f.d.storage, "250 GB SSD");
    /* id2: two disks listed, no RAM known */
    MediaNew m2 = { .serial = "WD-WCC4N1234567", .type = "hdd", .bytes = 1000204886016LL };
    CHECK(media_add(&ctx, id2, &m1, NULL, &e) == 0 && media_add(&ctx, id2, &m2, NULL, &e) == 0);
    CHECK(device_get(&ctx, id2, &d, &e) == 1);
    CHECK(label_facts(&ctx, &d, &f, &e) == 0);
    CHECK(f.d.ram == NULL || !f.d.ram[0]);
    CHECK_STR(f.d.storage, "250 GB SSD + 1 TB HDD");
    /* id3: four disks: their sum */
    const char *SER[] = { "ZA1", "ZA2", "ZA3", "ZA4" };
    for (int i = 0; i < 4; i++) {
        MediaNew m = { .serial = SER[i], .type = "hdd", .bytes = 2000398934016LL };
        CHECK(media_add(&ctx, id3, &m, NULL, &e) == 0);
    }
    DeviceSpecs s = { .ram_mb = 32768 };
    CHECK(specs_record(&ctx, id3, &s, &e) == 0);
    CHECK(device_get(&ctx, id3, &d, &e) == 1);
    CHECK(label_facts(&ctx, &d, &f, &e) == 0);
    CHECK_STR(f.d.ram, "32 GB");
    CHECK_STR(f.d.storage, "8 TB on 4 disks");
}

/* The longest specs line a device gets fits every template (in two lines
 * where the template allows) and the label still scans. */
TEST(specs_fit_templates)
{
    Err e = { 0 };
    Device d;
    LabelFacts f;
    CHECK(device_get(&ctx, id2, &d, &e) == 1);
    DeviceSpecs s = { .ram_mb = 16384 };
    CHECK(specs_record(&ctx, id2, &s, &e) == 0);
    CHECK(device_get(&ctx, id2, &d, &e) == 1);
    snprintf(d.grade, sizeof d.grade, "B");
    CHECK(label_facts(&ctx, &d, &f, &e) == 0);
    for (int i = 0; label_template_builtin_name(i); i++) {
        LabelTemplate t;
        CHECK(label_template_builtin(label_template_builtin_name(i), &t) == 1);
        Label l;
        CHECK_MSG(label_build(&f.d, &t, NULL, &l, &e) == 0, "%s: %s", t.name, e.msg);
        int found = 0;
        for (int k = 0; k < l.ntext; k++)
            if (l.text[k].elem == LE_SPECS) {
                found = 1;
                CHECK_CONTAINS(l.text[k].text, "16 GB");
                /* the disks, or their sum where the line would not fit */
                CHECK_MSG(strstr(l.text[k].text, "250 GB SSD + 1 TB HDD") || strstr(l.text[k].text, "· 1.3 TB"),
                          "%s: %s", t.name, l.text[k].text);
                if (!strcmp(t.name, "57x32")) CHECK_CONTAINS(l.text[k].text, "1 TB HDD");
            }
        char path[600];
        snprintf(path, sizeof path, "%s/specs-%s.png", support_tmpdir(), t.name);
        FILE *fp = fopen(path, "wb");
        int w = label_write(&l, 1, LABEL_FMT_PNG, fp, &e);
        fclose(fp);
        label_free(&l);
        CHECK(found);
        CHECK(w == 0);
        SlCodes codes;
        char msg[256];
        CHECK_MSG(sl_decode_file(path, &codes, msg, sizeof msg) >= 1, "%s: %s", t.name, msg);
        CHECK(sl_has(&codes, "QR", id2));
    }
}

/* One NVMe disk, 32 GB of RAM and a grade: the longest one-disk line
 * ("Grade C · RAM 32 GB · 256 GB NVMe"). Where it does not fit, the label
 * says the size alone rather than refusing the device. */
TEST(one_disk_line_fits_every_template)
{
    Err e = { 0 };
    char id[DEVICE_ID_MAX];
    DeviceNew n = { .lot = lot, .serial = "NVME0001", .category = "laptop", .make = "HP", .model = "EliteBook 840 G5" };
    CHECK_MSG(device_add(&ctx, &n, 0, id, NULL, &e) == 0, "%s", e.msg);
    DeviceSpecs s = { .ram_mb = 32768 };
    CHECK(specs_record(&ctx, id, &s, &e) == 0);
    MediaNew m = { .serial = "S4EV0001", .model = "Samsung PM981", .type = "nvme", .bytes = 256060514304LL };
    CHECK_MSG(media_add(&ctx, id, &m, NULL, &e) == 0, "%s", e.msg);
    Device d;
    LabelFacts f;
    CHECK(device_get(&ctx, id, &d, &e) == 1);
    snprintf(d.grade, sizeof d.grade, "C");
    CHECK(label_facts(&ctx, &d, &f, &e) == 0);
    CHECK_STR(f.d.storage, "256 GB NVMe");
    CHECK_STR(f.d.storage_short, "256 GB");
    int fell_back = 0;
    for (int i = 0; label_template_builtin_name(i); i++) {
        LabelTemplate t;
        CHECK(label_template_builtin(label_template_builtin_name(i), &t) == 1);
        Label l;
        CHECK_MSG(label_build(&f.d, &t, NULL, &l, &e) == 0, "%s: %s", t.name, e.msg);
        for (int k = 0; k < l.ntext; k++)
            if (l.text[k].elem == LE_SPECS) {
                CHECK_CONTAINS(l.text[k].text, "RAM 32 GB · 256 GB");
                if (!strstr(l.text[k].text, "NVMe")) fell_back = 1;
            }
        label_free(&l);
    }
    /* the smallest template (62x29) cannot hold the whole line */
    CHECK(fell_back);
}

TEST(demo_ram)
{
    Ctx dc;
    Err e = { 0 };
    CHECK(support_ctx(&dc, "demo-specs.db", "GRE2") == 0);
    CHECK_MSG(demo_fill(&dc, 300, 7, &e) == 0, "%s", e.msg);
    const char *q = support_query(&dc,
        "SELECT count(*) FROM events e JOIN devices d ON d.id = e.device "
        "WHERE e.kind = 'device.specs' AND d.category NOT IN ('laptop', 'desktop')");
    CHECK_STR(q, "0");
    int with = atoi(support_query(&dc, "SELECT count(DISTINCT device) FROM events WHERE kind = 'device.specs'"));
    int computers = atoi(support_query(&dc, "SELECT count(*) FROM devices WHERE category IN ('laptop', 'desktop')"));
    CHECK_MSG(computers > 50 && with == computers, "%d computers, %d with RAM", computers, with);
    q = support_query(&dc, "SELECT count(DISTINCT json_extract(payload, '$.ram_mb')) FROM events WHERE kind = 'device.specs'");
    CHECK_MSG(atoi(q) >= 3, "only %s RAM sizes", q);
    ctx_close(&dc);
}

TEST(rebuild_keeps_specs)
{
    Err e = { 0 };
    CHECK_MSG(event_rebuild(&ctx, &e) == 0, "%s", e.msg);
    DeviceSpecs got;
    CHECK(specs_get(&ctx, id3, &got, &e) == 0);
    CHECK_INT(got.ram_mb, 32768);
    Device d;
    LabelFacts f;
    CHECK(device_get(&ctx, id1, &d, &e) == 1);
    CHECK(label_facts(&ctx, &d, &f, &e) == 0);
    CHECK_STR(f.d.ram, "16 GB");
}

int main(void)
{
    RUN(sizes_typed);
    RUN(sizes_text);
    RUN(meminfo_rounding);
    if (setup() < 0) return 1;
    RUN(recorded_as_events);
    RUN(label_facts_specs);
    RUN(specs_fit_templates);
    RUN(one_disk_line_fits_every_template);
    RUN(demo_ram);
    RUN(rebuild_keeps_specs);
    ctx_close(&ctx);
    sl_cleanup();
    return t_done();
}
