/*
 * demo.c — demo data (see demo.h): a workshop's month, plausibly. Donors are
 * the kinds of bodies that give (hospital, university, city, company), lots
 * of 10–60 devices, pallets of identical models, and devices spread over
 * every state of their life.
 */
#include "core/demo/demo.h"
#include "core/inventory/announce.h"
#include "core/stock/device.h"
#include "core/grading/grading.h"
#include "core/wipe/media.h"
#include "core/grading/profile.h"
#include "core/wipe/wipe.h"
#include "core/stock/lot.h"
#include "core/stock/party.h"
#include "core/stock/operator.h"
#include "core/stock/specs.h"
#include "core/log/hlc.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *const DONORS[] = {
    "CHU Grenoble Alpes", "Université Grenoble Alpes", "Ville d'Échirolles",
    "Métropole de Lyon", "Schneider Electric", "Lycée Champollion",
};
/* The donors as parties (lot_add finds them by name): the public bodies
 * whose sales the solidarity price caps, and the takers of the stock. */
static const struct { PartyKind kind; const char *name; } PARTIES[] = {
    { PARTY_PUBLIC, "CHU Grenoble Alpes" }, { PARTY_PUBLIC, "Université Grenoble Alpes" },
    { PARTY_PUBLIC, "Ville d'Échirolles" }, { PARTY_PUBLIC, "Métropole de Lyon" },
    { PARTY_BUSINESS, "Schneider Electric" }, { PARTY_PUBLIC, "Lycée Champollion" },
    { PARTY_ASSOCIATION, "Emmaüs Connect" }, { PARTY_ASSOCIATION, "Secours populaire" }, { PARTY_PERSON, "" },
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

#define DEMO_LOT_EVERY_DAYS 18
/* The last delivery came this many days ago (plus 0-4): the bench is still
 * on it, and today's work is a few devices, as in a real week. */
#define DEMO_LAST_LOT_DAYS 7
/* The bench works on a lot's devices over the weeks after its delivery. */
#define DEMO_WORK_DAYS 21
#define DAY_MS (86400LL * 1000)
#define MIN_MS (60LL * 1000)

static void lot_date(time_t t, char out[16])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 16, "%Y-%m-%d", &tm);
}

/* One delivery, as drawn from the generator. */
typedef struct LotDraw {
    int size, expected, late_days;      /* late_days: after its 18-day slot */
    char ref[64];
    const char *donor;
} LotDraw;

/* One device of a delivery, as drawn from the generator. */
typedef struct DeviceDraw {
    size_t m;                           /* MODELS[m]: the pallet's model, mostly */
    char serial[32], tag[32];           /* tag "" when the donor put none */
    int st;                             /* where it stands today */
} DeviceDraw;

static void draw_lot(unsigned *s, int left, LotDraw *l)
{
    l->size = 10 + (int)(next(s) % 50);
    if (l->size > left) l->size = left;
    snprintf(l->ref, sizeof l->ref, "BL-2026-%04u", next(s) % 10000);
    l->late_days = (int)(next(s) % 5);
    l->donor = DONORS[next(s) % (sizeof DONORS / sizeof DONORS[0])];
    l->expected = l->size + (int)(next(s) % 3);
}

/* *m is the pallet's model, carried from device to device. */
static void draw_device(unsigned *s, size_t *m, DeviceDraw *d)
{
    if (next(s) % 5 == 0) *m = next(s) % NMODELS;
    d->m = *m;
    unsigned k = next(s) % 10;
    snprintf(d->serial, sizeof d->serial, "%c%c%07u", 'A' + (int)(*m % 26), 'K' + (int)k, next(s) % 10000000);
    snprintf(d->tag, sizeof d->tag, "INV-%05u", next(s) % 100000);
    if (next(s) % 3 == 0) d->tag[0] = '\0';
    /* Older lots have gone further in life. */
    unsigned r = next(s) % 100;
    d->st = r < 25 ? ST_RECEIVED : r < 40 ? ST_IN_PROGRESS : r < 60 ? ST_READY : r < 68 ? ST_RESERVED
          : r < 85 ? ST_REUSED : r < 93 ? ST_PARTS : ST_RECYCLED;
}

/* How many deliveries the demo of `devices` devices makes from seed s: the
 * same draws as demo_fill, without the database. */
static int count_lots(unsigned s, int devices)
{
    int made = 0, lots = 0;
    while (made < devices) {
        LotDraw l;
        draw_lot(&s, devices - made, &l);
        size_t m = next(&s) % NMODELS;
        for (int k = 0; k < l.size; k++, made++) {
            DeviceDraw d;
            draw_device(&s, &m, &d);
        }
        lots++;
    }
    return lots;
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
        c->clock_ms += 5 * MIN_MS;          /* the wipe, once the disk is in the bench PC */
        if (next(g) % 8 != 0) {
            WipeNew w = { .media = serial, .passes = 1, .verification = "sample", .verification_result = "passed",
                          .status = "success" };
            if (!computer) { w.category = "purge"; w.technique = "crypto-erase"; w.tool = "factory reset"; }
            else if (ssd) { w.category = "purge"; w.technique = "nvme-format"; w.tool = "nvme-cli"; w.tool_version = "2.4"; }
            else { w.category = "clear"; w.technique = "overwrite"; w.tool = "nwipe"; w.tool_version = "0.34";
                   w.pattern = "zeros"; }
            if (wipe_add(c, id, &w, NULL, e) < 0) return -1;
        }
        c->clock_ms += 40 * MIN_MS;         /* the tests, after the wipe */
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

/* When device k of lot n moves on: a fraction of its lot's working weeks
 * (0..999 thousandths), from the numbers, not the generator, so that the
 * devices and states stay what the seed makes them. */
static int64_t work_share(int lotno, int k)
{
    return ((int64_t)k * 7919 + (int64_t)lotno * 104729) % 1000;
}

/* The donor of the newest lot sent its inventory with the pallet (issue 12):
 * every device of the pallet but one in ten (received « non annoncé »),
 * plus three that never came (missing at reconciliation), with the RAM of
 * the model as sold, so that one in four upgraded since differs. Drawn from
 * copies of the generator's state: the devices stay what the seed makes. */
static int demo_announce(Ctx *c, const char *lot, int size, unsigned s, size_t m, Err *e)
{
    for (int k = 0; k < size + 3; k++) {
        DeviceDraw d;
        draw_device(&s, &m, &d);
        if (k < size && k % 10 == 7) continue;
        InvDevice a;
        memset(&a, 0, sizeof a);
        snprintf(a.serial, sizeof a.serial, "%s", d.serial);
        snprintf(a.tag, sizeof a.tag, "%s", d.tag);
        snprintf(a.make, sizeof a.make, "%s", MODELS[d.m].make);
        snprintf(a.model, sizeof a.model, "%s", MODELS[d.m].model);
        snprintf(a.category, sizeof a.category, "%s", MODELS[d.m].cat);
        a.ram_mb = MODELS[d.m].ram;
        snprintf(a.where, sizeof a.where, _("line %lld"), (long long)k + 2);
        json_t *p = announce_to_json(&a);
        json_object_set_new(p, "lot", json_string(lot));
        json_object_set_new(p, "src", json_pack("{s:s, s:s, s:s}", "file", "inventaire-glpi.csv",
                                                "format", "glpi-csv", "where", a.where));
        if (event_append(c, "lot.announce", NULL, p, NULL, e) < 0) return -1;
    }
    return 0;
}

int demo_fill(Ctx *c, int devices, unsigned seed, Err *e)
{
    unsigned s = seed ? seed : 2026, g = s ^ 0x9e3779b9u;
    /* without the checklist (not installed) the demo grades nothing */
    Profile prof;
    int graded = profile_load_default(NULL, &prof, NULL) == 0;
    /* Deliveries every few weeks, the last one about a week ago: lot
     * numbers and dates go up together, and every event is stamped when it
     * would have happened (Ctx.clock_ms), not now. */
    int64_t now = hlc_wall_ms();
    int64_t today = now - now % DAY_MS;
    int64_t first = today - ((int64_t)(count_lots(s, devices) - 1) * DEMO_LOT_EVERY_DAYS + DEMO_LAST_LOT_DAYS) * DAY_MS;
    if (db_begin(c->db, e) < 0) {
        if (graded) profile_free(&prof);
        return -1;
    }
    c->clock_ms = first - DAY_MS + 9 * 3600 * 1000LL;   /* the team, the day before */
    for (size_t i = 0; i < sizeof OPERATORS / sizeof OPERATORS[0]; i++)
        if (operator_add(c, OPERATORS[i], e) < 0) goto fail;
    for (size_t i = 0; i < sizeof PARTIES / sizeof PARTIES[0]; i++) {
        char code[PARTY_CODE_MAX];
        if (party_add(c, PARTIES[i].kind, PARTIES[i].name, NULL, code, e) < 0) goto fail;
    }
    char saved_op[sizeof c->operator];
    snprintf(saved_op, sizeof saved_op, "%s", c->operator);
    int made = 0, lotno = 0;
    while (made < devices) {
        LotDraw l;
        draw_lot(&s, devices - made, &l);
        /* the truck comes at 8:30; the pallet is scanned in from 8:40,
         * two minutes a device */
        int64_t lot_ms = first + ((int64_t)lotno * DEMO_LOT_EVERY_DAYS + l.late_days) * DAY_MS + 510 * MIN_MS;
        char lot[LOT_ID_MAX], date[16];
        lot_date((time_t)(lot_ms / 1000), date);
        snprintf(c->operator, sizeof c->operator, "%s", OPERATORS[lotno % 4]);
        c->clock_ms = lot_ms;
        if (lot_add(c, l.donor, l.ref, l.expected, date, lot, e) < 0) goto fail;
        size_t m = next(&s) % NMODELS;   /* a pallet of mostly identical devices */
        if (devices - made == l.size && demo_announce(c, lot, l.size, s, m, e) < 0) goto fail;
        for (int k = 0; k < l.size; k++, made++) {
            DeviceDraw d;
            draw_device(&s, &m, &d);
            char id[DEVICE_ID_MAX];
            int64_t in_ms = lot_ms + (10 + 2 * k) * MIN_MS;
            c->clock_ms = in_ms;
            DeviceNew dn = { lot, d.serial, d.tag, MODELS[d.m].cat, MODELS[d.m].make, MODELS[d.m].model, NULL };
            if (device_add(c, &dn, 1, id, NULL, e) < 0) goto fail;
            /* RAM of computers, doubled on one in four (upgraded by the donor);
             * from the count, not the generator, so the rest of the demo stays as it was */
            DeviceSpecs sp = { .ram_mb = MODELS[d.m].ram * (made % 4 == 3 ? 2 : 1) };
            if (sp.ram_mb && specs_record(c, id, &sp, e) < 0) goto fail;
            /* The bench takes it up some day of the lot's working weeks
             * (those that have passed), between 8:30 and 16:30, and is
             * done with it within the hour. */
            int64_t span = now - in_ms;
            if (span > DEMO_WORK_DAYS * DAY_MS) span = DEMO_WORK_DAYS * DAY_MS;
            int64_t at = in_ms + span / 1000 * work_share(lotno, k);
            at = at - at % DAY_MS + (510 + (k * 37 + lotno * 11) % 480) * MIN_MS;
            if (at + 80 * MIN_MS > now) at -= DAY_MS;   /* its last step not later than now */
            if (at <= in_ms) at = in_ms + 5 * MIN_MS;
            c->clock_ms = at;
            int st = d.st;
            if (st >= ST_IN_PROGRESS && st != ST_PARTS && st != ST_RECYCLED
                && device_set_state(c, id, state_key(ST_IN_PROGRESS), NULL, e) < 0) goto fail;
            c->clock_ms += 10 * MIN_MS;
            if (graded && st > ST_IN_PROGRESS && demo_bench(c, &prof, id, d.m, st, &g, e) < 0) goto fail;
            c->clock_ms += 15 * MIN_MS;
            if (st != ST_RECEIVED && st != ST_IN_PROGRESS && device_set_state(c, id, state_key(st), NULL, e) < 0) goto fail;
        }
        lotno++;
    }
    c->clock_ms = 0;
    snprintf(c->operator, sizeof c->operator, "%s", saved_op);
    if (graded) profile_free(&prof);
    return db_commit(c->db, e);
fail:
    c->clock_ms = 0;
    db_rollback(c->db);
    if (graded) profile_free(&prof);
    return -1;
}
