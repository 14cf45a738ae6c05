/*
 * test_announce.c — announced devices (core/inventory/announce.h): the
 * lot.announce events and their projection, the receipt at intake that
 * brings the whole record, and the rights of the lot's workshop.
 */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/inventory/announce.h"
#include "core/log/dump.h"
#include "core/log/event.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/specs.h"
#include "core/wipe/media.h"
#include "db/db.h"
#include <stdlib.h>
#include <string.h>

static const char HP[] =
    "{\"serial\":\"5CG7301XZB\",\"tag\":\"CHU-00042\",\"make\":\"HP\",\"model\":\"EliteBook 840 G5\","
    "\"category\":\"laptop\",\"chassis\":\"Notebook\",\"ram_mb\":16384,"
    "\"cpu\":\"Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz\","
    "\"disks\":[{\"serial\":\"S3Z9NB0K123456\",\"model\":\"SAMSUNG MZVLB256HAHQ\",\"type\":\"nvme\",\"bytes\":256060514304}],"
    "\"disks_skipped\":1,\"battery\":{\"design_mwh\":50000,\"full_mwh\":41000}}";

/* Appends a lot.announce event of payload text into lot. */
static int announce(Ctx *c, const char *lot, const char *text)
{
    Err e = { 0 };
    json_t *p = json_loads(text, 0, NULL);
    if (!p) return -1;
    json_object_set_new(p, "lot", json_string(lot));
    json_object_set_new(p, "src", json_pack("{s:s, s:s, s:s}", "file", "parc.csv", "format", "glpi-csv", "where", "line 2"));
    int r = event_append(c, "lot.announce", NULL, p, NULL, &e);
    if (r < 0) printf("# announce: %s\n", e.msg);
    return r;
}

TEST(a_scan_of_an_announced_serial_brings_specs_disks_and_battery)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], dup[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "a1.db", "GRE1") == 0);
    CHECK(lot_add(&c, "CHU Grenoble", "", -1, NULL, lot, &e) == 0);
    CHECK(announce(&c, lot, HP) == 0);
    CHECK_INT(announce_count(&c, lot, &e), 1);
    /* the scanner gives it in lower case, with blanks: the same serial */
    DeviceNew dn = { .lot = lot, .serial = " 5cg7301xzb ", .category = "other" };
    IntakeMatch m;
    AnnounceHit hit;
    CHECK(announce_receive(&c, &dn, 0, id, dup, &m, &hit, &e) == 0);
    CHECK_INT(m, INTAKE_ANNOUNCED);
    CHECK_STR(hit.lot, lot);
    Device d;
    CHECK_INT(device_get(&c, id, &d, &e), 1);
    CHECK_STR(d.serial, "5CG7301XZB");   /* as the donor's file writes it */
    CHECK_STR(d.make, "HP");
    CHECK_STR(d.model, "EliteBook 840 G5");
    CHECK_STR(d.donor_tag, "CHU-00042");
    CHECK_STR(category_key(d.category), "laptop");
    DeviceSpecs s;
    CHECK(specs_get(&c, id, &s, &e) == 0);
    CHECK_INT(s.ram_mb, 16384);
    CHECK_STR(s.cpu, "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz");
    CHECK_INT(s.battery_design_mwh, 50000);
    CHECK_INT(s.battery_full_mwh, 41000);
    CHECK_STR(s.source, "announce");
    MediaList ml;
    CHECK(media_list(&c, id, &ml, &e) == 0);
    CHECK_INT(ml.n, 1);
    if (ml.n == 1) {
        CHECK_STR(ml.items[0].serial, "S3Z9NB0K123456");
        CHECK_STR(ml.items[0].type, "nvme");
        CHECK_INT(ml.items[0].bytes, 256060514304LL);
    }
    media_list_free(&ml);
    /* the device knows what it was announced as */
    AnnounceHit back;
    CHECK_INT(announce_for_device(&c, id, &back, &e), 1);
    CHECK_STR(back.event_id, hit.event_id);
    CHECK_INT(back.dev.ram_mb, 16384);
    CHECK_INT(back.dev.disks_skipped, 1);
    CHECK_STR(support_query(&c, "SELECT json_extract(payload, '$.announce') = (SELECT event_id FROM announced) "
                                "FROM events WHERE kind = 'device.receive'"), "1");
    /* the same serial again: refused, and nothing of it written */
    long long before = atoll(support_query(&c, "SELECT count(*) FROM events"));
    CHECK(announce_receive(&c, &dn, 0, id, dup, &m, NULL, &e) < 0);
    CHECK_INT(e.code, ERR_EXISTS);
    CHECK_INT(atoll(support_query(&c, "SELECT count(*) FROM events")), before);
    ctx_close(&c);
}

TEST(the_donor_tag_scanned_finds_the_serial)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "a2.db", "GRE1") == 0);
    CHECK(lot_add(&c, "CHU Grenoble", "", -1, NULL, lot, &e) == 0);
    CHECK(announce(&c, lot, HP) == 0);
    DeviceNew dn = { .lot = lot, .serial = "chu-00042" };
    IntakeMatch m;
    AnnounceHit hit;
    CHECK(announce_receive(&c, &dn, 0, id, NULL, &m, &hit, &e) == 0);
    CHECK_INT(m, INTAKE_ANNOUNCED);
    CHECK_INT(hit.by_tag, 1);
    Device d;
    CHECK_INT(device_get(&c, id, &d, &e), 1);
    CHECK_STR(d.serial, "5CG7301XZB");
    CHECK_STR(d.donor_tag, "CHU-00042");
    ctx_close(&c);
}

/* A device the donor's file announced by its tag only: the tag scanned
 * where the serial goes is refused (it would become its serial); the serial
 * typed with the tag brings the announcement. */
TEST(a_tag_without_serial_is_not_taken_for_one)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "a2b.db", "GRE1") == 0);
    CHECK(lot_add(&c, "CHU Grenoble", "", -1, NULL, lot, &e) == 0);
    CHECK(announce(&c, lot, "{\"tag\":\"CHU-00077\",\"make\":\"Dell\",\"model\":\"OptiPlex 7050\","
                            "\"category\":\"desktop\",\"ram_mb\":8192}") == 0);
    DeviceNew dn = { .lot = lot, .serial = "CHU-00077" };
    IntakeMatch m;
    CHECK(announce_receive(&c, &dn, 0, id, NULL, &m, NULL, &e) == -1);
    CHECK_STR(e.msg, "CHU-00077 is the donor's tag of a device lot GRE1-L0001 announced without a serial number: "
                     "type or scan its serial number, with this tag in the tag field");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM devices"), "0");
    err_clear(&e);
    DeviceNew ok = { .lot = lot, .serial = "7XK2JH2", .donor_tag = "CHU-00077" };
    CHECK(announce_receive(&c, &ok, 0, id, NULL, &m, NULL, &e) == 0);
    CHECK_INT(m, INTAKE_ANNOUNCED);
    Device d;
    CHECK_INT(device_get(&c, id, &d, &e), 1);
    CHECK_STR(d.serial, "7XK2JH2");
    CHECK_STR(d.donor_tag, "CHU-00077");
    CHECK_STR(d.model, "OptiPlex 7050");
    ctx_close(&c);
}

TEST(another_lot_and_nobody_are_said)
{
    Ctx c;
    Err e = { 0 };
    char a[LOT_ID_MAX], b[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "a3.db", "GRE1") == 0);
    CHECK(lot_add(&c, "CHU Grenoble", "", -1, NULL, a, &e) == 0);
    CHECK(lot_add(&c, "Mairie", "", -1, NULL, b, &e) == 0);
    CHECK(announce(&c, a, HP) == 0);
    IntakeMatch m;
    AnnounceHit hit;
    CHECK(announce_receive(&c, &(DeviceNew){ .lot = b, .serial = "5CG7301XZB" }, 0, id, NULL, &m, &hit, &e) == 0);
    CHECK_INT(m, INTAKE_OTHER_LOT);
    CHECK_STR(hit.lot, a);
    CHECK(announce_receive(&c, &(DeviceNew){ .lot = b, .serial = "NOBODY-1", .make = "Acer" }, 0, id, NULL, &m, &hit, &e) == 0);
    CHECK_INT(m, INTAKE_UNANNOUNCED);
    DeviceSpecs s;
    CHECK(specs_get(&c, id, &s, &e) == 0);
    CHECK_INT(s.ram_mb, 0);
    Device d;
    CHECK_INT(device_get(&c, id, &d, &e), 1);
    CHECK_STR(d.make, "Acer");
    ctx_close(&c);
}

TEST(the_newest_announcement_of_a_key_wins_and_a_rebuild_agrees)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX];
    CHECK(support_ctx(&c, "a4.db", "GRE1") == 0);
    CHECK(lot_add(&c, "CHU Grenoble", "", -1, NULL, lot, &e) == 0);
    CHECK(announce(&c, lot, HP) == 0);
    CHECK(announce(&c, lot, "{\"serial\":\"5cg7301xzb\",\"make\":\"HP\",\"model\":\"EliteBook 840 G6\"}") == 0);
    CHECK(announce(&c, lot, "{\"tag\":\"CHU-00077\",\"model\":\"OptiPlex 7050\"}") == 0);
    CHECK_INT(announce_count(&c, lot, &e), 2);
    CHECK_STR(support_query(&c, "SELECT model FROM announced WHERE akey = '5CG7301XZB'"), "EliteBook 840 G6");
    CHECK_STR(support_query(&c, "SELECT akey FROM announced WHERE model = 'OptiPlex 7050'"), "tag:CHU-00077");
    DumpDiff d[4];
    CHECK_INT(dump_check(&c, d, 4, &e), 0);
    CHECK(event_rebuild(&c, &e) == 0);
    CHECK_INT(announce_count(&c, lot, &e), 2);
    CHECK_STR(support_query(&c, "SELECT model FROM announced WHERE akey = '5CG7301XZB'"), "EliteBook 840 G6");
    ctx_close(&c);
}

TEST(only_the_lots_workshop_announces_into_it)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX];
    CHECK(support_ctx(&c, "a5.db", "GRE1") == 0);
    CHECK(lot_add(&c, "CHU Grenoble", "", -1, NULL, lot, &e) == 0);
    /* LYO1 writes into GRE1's lot: kept out, said in `refused` */
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.hlc = hlc_make(1900000000000LL, 0);
    snprintf(ev.workshop, sizeof ev.workshop, "LYO1");
    char hex[17];
    hlc_format(ev.hlc, hex);
    snprintf(ev.id, sizeof ev.id, "%s-LYO1", hex);
    snprintf(ev.kind, sizeof ev.kind, "lot.announce");
    ev.payload = json_pack("{s:s, s:s, s:s}", "lot", lot, "serial", "5CG7301XZB", "model", "Forged");
    CHECK_INT(event_import(&c, &ev, &e), 1);
    json_decref(ev.payload);
    CHECK_INT(announce_count(&c, lot, &e), 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM refused"), "1");
    ctx_close(&c);
}

static int vm_steps;
static int count_step(void *arg)
{
    (void)arg;
    vm_steps++;
    return 0;
}

/* Intake and import look an announcement up by its key through the partial
 * indexes (announced_serial, announced_tag): the cost of a lookup does not
 * grow with the announcements stored. Without "serial_key <> ''" in the
 * query SQLite could not use them and read the whole table at every scan
 * (the import of 100 000 rows went quadratic: bench/inventory.sh). Counted
 * in SQLite virtual machine steps, not in time. */
TEST(lookups_use_the_indexes_whatever_the_size)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX];
    CHECK(support_ctx(&c, "a6.db", "GRE1") == 0);
    CHECK(lot_add(&c, "CHU Grenoble", "", -1, NULL, lot, &e) == 0);
    CHECK(db_begin(c.db, &e) == 0);
    for (int i = 0; i < 3000; i++) {
        char sn[32], tag[32];
        snprintf(sn, sizeof sn, "SN%06d", i);
        snprintf(tag, sizeof tag, "INV-%06d", i);
        CHECK(event_append(&c, "lot.announce", NULL, json_pack("{s:s, s:s, s:s}", "lot", lot, "serial", sn, "tag", tag),
                           NULL, &e) == 0);
    }
    CHECK(db_commit(c.db, &e) == 0);
    AnnounceHit hit;
    const char *keys[] = { "SN001234", "INV-002345", "NOBODY-42" };
    int want[] = { 1, 1, 0 };
    for (int i = 0; i < 3; i++) {
        vm_steps = 0;
        sqlite3_progress_handler(db_handle(c.db), 1, count_step, NULL);
        int r = announce_find(&c, lot, keys[i], &hit, &e);
        sqlite3_progress_handler(db_handle(c.db), 0, NULL, NULL);
        CHECK_INT(r, want[i]);
        CHECK_MSG(vm_steps < 1000, "%s: %d steps for 3000 announcements", keys[i], vm_steps);
    }
    ctx_close(&c);
}

int main(void)
{
    RUN(a_scan_of_an_announced_serial_brings_specs_disks_and_battery);
    RUN(the_donor_tag_scanned_finds_the_serial);
    RUN(a_tag_without_serial_is_not_taken_for_one);
    RUN(another_lot_and_nobody_are_said);
    RUN(the_newest_announcement_of_a_key_wins_and_a_rebuild_agrees);
    RUN(only_the_lots_workshop_announces_into_it);
    RUN(lookups_use_the_indexes_whatever_the_size);
    return t_done();
}
