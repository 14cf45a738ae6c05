/*
 * demo.c — demo data (see demo.h): a workshop's month, plausibly. Donors are
 * the kinds of bodies that give (hospital, university, city, company), lots
 * of 10–60 devices, pallets of identical models, and devices spread over
 * every state of their life.
 */
#include "core/demo/demo.h"
#include "core/stock/device.h"
#include "core/grading/grading.h"
#include "core/wipe/media.h"
#include "core/grading/profile.h"
#include "core/wipe/wipe.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"
#include "core/stock/specs.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const DONORS[] = {
    "CHU Grenoble Alpes", "Université Grenoble Alpes", "Ville d'Échirolles",
    "Métropole de Lyon", "Schneider Electric", "Lycée Champollion",
};
static const char *const OPERATORS[] = { "Amina", "Bastien", "Chloé", "Didier" };
/* ram: what these models usually came with (MiB), 0 where nobody asks */
static const struct { const char *cat, *make, *model; int ram; } MODELS[] = {
    { "laptop", "Dell", "Latitude 5490", 8192 }, { "laptop", "Lenovo", "ThinkPad T470", 8192 },
    { "laptop", "HP", "EliteBook 840 G5", 16384 }, { "laptop", "Dell", "Latitude E7470", 8192 },
    { "desktop", "HP", "ProDesk 600 G3", 8192 }, { "desktop", "Dell", "OptiPlex 7050", 16384 },
    { "desktop", "Lenovo", "ThinkCentre M710q", 4096 }, { "screen", "Dell", "P2419H", 0 },
    { "screen", "Iiyama", "ProLite XU2493HS", 0 }, { "phone", "Samsung", "Galaxy A52", 0 },
    { "tablet", "Apple", "iPad 6", 0 }, { "printer", "Brother", "HL-L2350DW", 0 },
    { "network", "Cisco", "Catalyst 2960", 0 },
};
#define NMODELS (sizeof MODELS / sizeof MODELS[0])

/* A small deterministic generator (xorshift32): the same seed, the same demo. */
static unsigned next(unsigned *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

#define DEMO_AVG_LOT 35           /* devices in a lot on average (10 to 59) */
#define DEMO_LOT_EVERY_DAYS 18

static void lot_date(time_t t, char out[16])
{
    struct tm tm;
    time_t now = time(NULL);
    if (t > now) t = now;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* What the bench did to a device that went past it: graded with the
 * default checklist; a computer's disk, or a phone's flash, recorded and
 * wiped. g is a generator of its own, so that the devices, lots and states
 * stay what they were before the demo graded anything. One wiped device in
 * eight keeps its disk unwiped: « d'occasion », and the detail says why. */
static int demo_bench(Ctx *c, const Profile *prof, const char *id, size_t m, int st, unsigned *g, Err *e)
{
    static const char *const COSMETIC[] = { "A", "B", "B", "C" };
    int computer = !strcmp(MODELS[m].cat, "laptop") || !strcmp(MODELS[m].cat, "desktop");
    int handheld = !strcmp(MODELS[m].cat, "phone") || !strcmp(MODELS[m].cat, "tablet");
    int gone = st == ST_PARTS || st == ST_RECYCLED;
    if (!gone && (computer || handheld)) {
        char serial[32];
        snprintf(serial, sizeof serial, "%s%08u", computer ? "S4EV" : "EMMC", next(g) % 100000000);
        int ssd = next(g) % 3 != 0;
        MediaNew md = { serial, computer ? (ssd ? "Samsung PM981 NVMe" : "WDC WD5000LPLX") : "eMMC",
                        computer ? (ssd ? "nvme" : "hdd") : "emmc",
                        computer ? (ssd ? 256060514304LL : 500107862016LL) : 64000000000LL };
        char dev[DEVICE_ID_MAX];
        if (media_add(c, id, &md, dev, e) < 0) return -1;
        if (next(g) % 8 != 0) {
            WipeNew w = { .media = serial, .passes = 1, .verification = "sample", .verification_result = "passed",
                          .status = "success" };
            if (!computer) { w.category = "purge"; w.technique = "crypto-erase"; w.tool = "factory reset"; }
            else if (ssd) { w.category = "purge"; w.technique = "nvme-format"; w.tool = "nvme-cli"; w.tool_version = "2.4"; }
            else { w.category = "clear"; w.technique = "overwrite"; w.tool = "nwipe"; w.tool_version = "0.34";
                   w.pattern = "zeros"; }
            if (wipe_add(c, id, &w, NULL, e) < 0) return -1;
        }
    }
    /* a battery measured on the bench, 82..98 %, from the asset id rather
     * than from g, whose draws stay as they were */
    unsigned h = 0;
    for (const char *p = id; *p; p++) h = h * 31u + (unsigned char)*p;
    char health[8];
    snprintf(health, sizeof health, "%u", 82 + h % 17);
    GradeAnswer battery = { "battery", health };
    const ProfileCategory *cat = profile_category(prof, MODELS[m].cat);
    int measured = cat && profile_test(cat, "battery");
    GradeInput in = { .cosmetic = gone ? "D" : COSMETIC[next(g) % 4],
                      .outcome = st == ST_PARTS ? "parts" : st == ST_RECYCLED ? "recycle" : "reuse",
                      .answers = &battery, .nanswers = !gone && measured,
                      .all_pass = !gone, .no_storage = gone && (computer || handheld) };
    return grade_device(c, prof, id, &in, NULL, e);
}

int demo_fill(Ctx *c, int devices, unsigned seed, Err *e)
{
    unsigned s = seed ? seed : 2026, g = s ^ 0x9e3779b9u;
    /* without the checklist (not installed) the demo grades nothing */
    Profile prof;
    int graded = profile_load_default(NULL, &prof, NULL) == 0;
    if (db_begin(c->db, e) < 0) {
        if (graded) profile_free(&prof);
        return -1;
    }
    for (size_t i = 0; i < sizeof OPERATORS / sizeof OPERATORS[0]; i++)
        if (operator_add(c, OPERATORS[i], e) < 0) goto fail;
    char saved_op[sizeof c->operator];
    snprintf(saved_op, sizeof saved_op, "%s", c->operator);
    int made = 0, lotno = 0;
    /* deliveries every few weeks, the last one about today: lot numbers
     * and dates go up together */
    time_t start = time(NULL) - (time_t)(devices / DEMO_AVG_LOT + 1) * DEMO_LOT_EVERY_DAYS * 86400;
    while (made < devices) {
        int size = 10 + (int)(next(&s) % 50);
        if (size > devices - made) size = devices - made;
        char lot[LOT_ID_MAX], ref[64], date[16];
        snprintf(ref, sizeof ref, "BL-2026-%04u", next(&s) % 10000);
        lot_date(start + (time_t)lotno * DEMO_LOT_EVERY_DAYS * 86400 + (time_t)(next(&s) % 5) * 86400, date);
        snprintf(c->operator, sizeof c->operator, "%s", OPERATORS[lotno % 4]);
        if (lot_add(c, DONORS[next(&s) % (sizeof DONORS / sizeof DONORS[0])], ref, size + (int)(next(&s) % 3), date, lot, e) < 0)
            goto fail;
        size_t m = next(&s) % NMODELS;   /* a pallet of mostly identical devices */
        for (int k = 0; k < size; k++, made++) {
            if (next(&s) % 5 == 0) m = next(&s) % NMODELS;
            char serial[32], tag[32], id[DEVICE_ID_MAX];
            snprintf(serial, sizeof serial, "%c%c%07u", 'A' + (int)(m % 26), 'K' + (int)(next(&s) % 10), next(&s) % 10000000);
            snprintf(tag, sizeof tag, "INV-%05u", next(&s) % 100000);
            DeviceNew dn = { lot, serial, (next(&s) % 3) ? tag : "", MODELS[m].cat, MODELS[m].make, MODELS[m].model };
            if (device_add(c, &dn, 1, id, NULL, e) < 0) goto fail;
            /* RAM of computers, doubled on one in four (upgraded by the donor);
             * from the count, not the generator, so the rest of the demo stays as it was */
            DeviceSpecs sp = { .ram_mb = MODELS[m].ram * (made % 4 == 3 ? 2 : 1) };
            if (sp.ram_mb && specs_record(c, id, &sp, e) < 0) goto fail;
            /* Older lots have gone further in life. */
            unsigned r = next(&s) % 100;
            int st = r < 25 ? ST_RECEIVED : r < 40 ? ST_IN_PROGRESS : r < 60 ? ST_READY : r < 68 ? ST_RESERVED
                   : r < 85 ? ST_REUSED : r < 93 ? ST_PARTS : ST_RECYCLED;
            if (st >= ST_IN_PROGRESS && st != ST_PARTS && st != ST_RECYCLED
                && device_set_state(c, id, state_key(ST_IN_PROGRESS), NULL, e) < 0) goto fail;
            if (graded && st > ST_IN_PROGRESS && demo_bench(c, &prof, id, m, st, &g, e) < 0) goto fail;
            if (st != ST_RECEIVED && st != ST_IN_PROGRESS && device_set_state(c, id, state_key(st), NULL, e) < 0) goto fail;
        }
        lotno++;
    }
    snprintf(c->operator, sizeof c->operator, "%s", saved_op);
    if (graded) profile_free(&prof);
    return db_commit(c->db, e);
fail:
    db_rollback(c->db);
    if (graded) profile_free(&prof);
    return -1;
}
