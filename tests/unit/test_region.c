/*
 * test_region.c — the rules of ownership (doc/region.md), judged from the
 * events alone: every replica that holds the same events, in whatever
 * order they arrived, has the same projections, equal to its own rebuild.
 *
 * Replicas exchange events in process here (each event imported in a
 * shuffled order, as pages of a hub may bring them); the same rules
 * through a real hub are in test_sync.c and tests/e2e/converge.sh.
 */
#include "core/inventory/announce.h"
#include "core/log/event.h"
#include "core/log/project.h"
#include "core/log/refusal.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"
#include "core/stock/transfer.h"
#include "core/stock/workshop.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include "db/schema.h"
#include "tests/unit/support.h"
#include "tests/unit/t.h"
#include <locale.h>
#include <unistd.h>

/* ---- replicas ------------------------------------------------------------ */

static int open_ws(Ctx *c, const char *code)
{
    static int n;
    char name[32];
    snprintf(name, sizeof name, "r%d-%s.db", ++n, code);
    return support_ctx(c, name, code);
}

typedef struct Events {
    Event *v;
    size_t n, cap;
} Events;

static int collect(void *arg, const Event *ev)
{
    Events *a = arg;
    if (a->n == a->cap) {
        a->cap = a->cap ? a->cap * 2 : 64;
        a->v = realloc(a->v, a->cap * sizeof *a->v);
    }
    a->v[a->n] = *ev;
    a->v[a->n].payload = json_incref(ev->payload);
    a->n++;
    return 0;
}

static void events_free(Events *a)
{
    for (size_t i = 0; i < a->n; i++) json_decref(a->v[i].payload);
    free(a->v);
    memset(a, 0, sizeof *a);
}

static unsigned long long rng_state;
static unsigned rnd(void)
{
    rng_state = rng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rng_state >> 33);
}

/* Every event of from that to lacks, imported in a shuffled order. */
static int pull_into(Ctx *to, Ctx *from)
{
    Events a = { 0 };
    Err e = { 0 };
    if (event_since(from, 0, -1, collect, &a, &e) < 0) return -1;
    for (size_t i = a.n; i > 1; i--) {
        size_t j = rnd() % i;
        Event t = a.v[i - 1];
        a.v[i - 1] = a.v[j];
        a.v[j] = t;
    }
    /* in pages of random sizes, as sync applies them (each device folded
     * once at the end of a page), or one by one */
    int r = 0;
    size_t i = 0;
    while (i < a.n && r == 0) {
        size_t page = rnd() % 3 == 0 ? 1 : 1 + rnd() % 7;
        if (db_begin(to->db, &e) < 0) return -1;
        if (page > 1) event_defer_begin(to);
        for (size_t k = 0; k < page && i < a.n && r == 0; k++, i++)
            if (event_import(to, &a.v[i], &e) < 0) {
                printf("# import %s: %s\n", a.v[i].id, e.msg);
                r = -1;
            }
        if (page > 1 && event_defer_flush(to, &e) < 0) r = -1;
        if (r < 0 || db_commit(to->db, &e) < 0) {
            db_rollback(to->db);
            r = -1;
        }
    }
    events_free(&a);
    return r;
}

/* The projections as text, without what is local by nature (devices.n:
 * the seq of the device's first event HERE). */
static char *dump(Ctx *c)
{
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    out[0] = '\0';
    for (int i = 0; i < schema_projection_count(); i++) {
        const char *t = schema_projection(i);
        char sql[512];
        snprintf(sql, sizeof sql, "SELECT %s FROM %s ORDER BY 1, 2, 3, 4",
                 !strcmp(t, "devices") ? "id, workshop, lot, serial, category, make, model, state, grade, outcome, "
                                         "received_hlc, updated_hlc" : "*", t);
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) {
            len += snprintf(out + len, cap - len, "[%s: %s]\n", t, sqlite3_errmsg(db_handle(c->db)));
            continue;
        }
        len += snprintf(out + len, cap - len, "[%s]\n", t);
        while (sqlite3_step(st) == SQLITE_ROW && len + 4096 < cap) {
            for (int k = 0; k < sqlite3_column_count(st); k++) {
                const unsigned char *v = sqlite3_column_text(st, k);
                len += snprintf(out + len, cap - len, "%s|", v ? (const char *)v : "NULL");
            }
            out[len++] = '\n';
            out[len] = '\0';
        }
        sqlite3_finalize(st);
    }
    return out;
}

/* The first line where a and b differ, for the failure message. */
static const char *first_diff(const char *a, const char *b)
{
    static char buf[600];
    const char *la = a, *lb = b;
    while (*la && *lb) {
        const char *ea = strchr(la, '\n'), *eb = strchr(lb, '\n');
        size_t na = ea ? (size_t)(ea - la) : strlen(la), nb = eb ? (size_t)(eb - lb) : strlen(lb);
        if (na != nb || memcmp(la, lb, na)) break;
        la += na + (ea != NULL);
        lb += nb + (eb != NULL);
    }
    snprintf(buf, sizeof buf, "«%.250s» vs «%.250s»", la, lb);
    return buf;
}

/* Every replica equal to the first one and to its own rebuild; NULL or
 * the first difference. */
static const char *converged(Ctx **r, int n)
{
    static char why[800];
    char *ref = dump(r[0]);
    for (int i = 0; i < n; i++) {
        char *d = dump(r[i]);
        Err e = { 0 };
        if (event_rebuild(r[i], &e) < 0) {
            snprintf(why, sizeof why, "rebuild %s: %s", r[i]->workshop, e.msg);
            free(d);
            free(ref);
            return why;
        }
        char *rb = dump(r[i]);
        const char *bad = NULL;
        if (strcmp(d, rb)) snprintf(why, sizeof why, "%s differs from its rebuild: %s", r[i]->workshop, first_diff(d, rb)), bad = why;
        else if (strcmp(d, ref)) snprintf(why, sizeof why, "%s differs from %s: %s", r[i]->workshop, r[0]->workshop, first_diff(d, ref)), bad = why;
        free(d);
        free(rb);
        if (bad) {
            free(ref);
            return bad;
        }
    }
    free(ref);
    return NULL;
}

/* Everyone gets everyone's events. */
static int mesh(Ctx **r, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            if (i != j && pull_into(r[i], r[j]) < 0) return -1;
    return 0;
}

/* An event written as an attacker would: signed in as `ws` on the hub,
 * about anything, never checked by ws's own boucle. */
static void forge(Event *ev, const char *ws, int64_t ms, const char *kind, const char *device, const char *payload)
{
    memset(ev, 0, sizeof *ev);
    ev->hlc = hlc_make(ms, 0);
    char hex[17];
    hlc_format(ev->hlc, hex);
    snprintf(ev->id, sizeof ev->id, "%s-%s", hex, ws);
    snprintf(ev->workshop, sizeof ev->workshop, "%s", ws);
    snprintf(ev->operator, sizeof ev->operator, "Mallory");
    snprintf(ev->device, sizeof ev->device, "%s", device ? device : "");
    snprintf(ev->kind, sizeof ev->kind, "%s", kind);
    ev->payload = json_loads(payload, 0, NULL);
}

static int add_laptop(Ctx *c, const char *serial, char id[DEVICE_ID_MAX])
{
    Err e = { 0 };
    char lot[LOT_ID_MAX];
    if (lot_add(c, "Hospital", "", 1, NULL, lot, &e) < 0) return -1;
    DeviceNew d = { .lot = lot, .serial = serial, .category = "laptop", .make = "Dell", .model = "E7450" };
    if (device_add(c, &d, 0, id, NULL, &e) < 0) {
        printf("# device_add: %s\n", e.msg);
        return -1;
    }
    return 0;
}

static const char *fixture(const char *name)
{
    static char p[1024];
    const char *d = getenv("BOUCLE_FIXTURES");
    snprintf(p, sizeof p, "%s/nwipe/%s", d ? d : "../shared/fixtures", name);
    return p;
}

static const char *q(Ctx *c, const char *sql) { return support_query(c, sql); }

/* ---- the two reported cases ---------------------------------------------- */

/* AAA1 imports an nwipe log for AAA1-000001; BBB1 imports the same log
 * unassigned; both sync. Each keeps its own record; the device's disk is
 * erased everywhere, as `boucle rebuild` also says. */
TEST(shared_nwipe_log_stays_with_each_workshop)
{
    for (int round = 0; round < 6; round++) {
        rng_state = 1000 + (unsigned long long)round;
        Ctx a, b;
        CHECK(open_ws(&a, "AAA1") == 0);
        CHECK(open_ws(&b, "BBB1") == 0);
        char dev[DEVICE_ID_MAX];
        CHECK(add_laptop(&a, "SN-A", dev) == 0);
        Err e = { 0 };
        WipeImport ra = { 0 }, rb = { 0 };
        CHECK_MSG(wipe_import_path(&a, dev, fixture("nwipe-zero-verify-last.log"), &ra, &e) == 0, "%s", e.msg);
        CHECK_MSG(wipe_import_path(&b, NULL, fixture("nwipe-zero-verify-last.log"), &rb, &e) == 0, "%s", e.msg);
        CHECK(ra.added >= 1);
        CHECK_INT(rb.unassigned, rb.added);
        Ctx *r[] = { &a, &b };
        if (round % 2) { r[0] = &b; r[1] = &a; }
        CHECK(mesh(r, 2) == 0);
        const char *why = converged(r, 2);
        CHECK_MSG(!why, "round %d: %s", round, why);
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM wipes WHERE device = '%s' AND workshop = 'AAA1'", dev);
        CHECK_STR(q(&b, sql), "1");
        CHECK_STR(q(&a, "SELECT count(*) FROM wipes WHERE workshop = 'BBB1' AND device = ''"), "1");
        CHECK_STR(q(&a, "SELECT count(*) FROM refused"), "0");
        ctx_close(&a);
        ctx_close(&b);
    }
}

/* ---- an attacker with a workshop's own credentials ------------------------- */

TEST(forged_changes_to_another_workshops_device_are_refused)
{
    rng_state = 7;
    Ctx a, b;
    CHECK(open_ws(&a, "AAA1") == 0);
    CHECK(open_ws(&b, "BBB1") == 0);
    char dev[DEVICE_ID_MAX];
    CHECK(add_laptop(&b, "SN-B", dev) == 0);
    Ctx *r[] = { &a, &b };
    CHECK(mesh(r, 2) == 0);
    /* AAA1 writes a state change, a grade and a successful wipe record for
     * BBB1's device, and posts them (here: straight into both databases) */
    int64_t now = hlc_wall_ms();
    Event f[3];
    char pl[512];
    forge(&f[0], "AAA1", now + 10, "device.state", dev, "{\"state\":\"recycled\"}");
    forge(&f[1], "AAA1", now + 20, "device.grade", dev,
          "{\"cosmetic\":\"D\",\"outcome\":\"recycle\",\"tests_total\":1,\"tests_passed\":0}");
    snprintf(pl, sizeof pl, "{\"key\":\"K1\",\"serial\":\"DISK1\",\"status\":\"success\",\"category\":\"purge\"}");
    forge(&f[2], "AAA1", now + 30, "wipe.record", dev, pl);
    Err e = { 0 };
    for (int i = 0; i < 3; i++) {
        CHECK_MSG(event_import(&a, &f[i], &e) == 1, "%s", e.msg);
        CHECK_MSG(event_import(&b, &f[i], &e) == 1, "%s", e.msg);
    }
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT state || '/' || grade || '/' || workshop FROM devices WHERE id = '%s'", dev);
    CHECK_STR(q(&b, sql), "received//BBB1");
    CHECK_STR(q(&a, sql), "received//BBB1");
    snprintf(sql, sizeof sql, "SELECT count(*) FROM wipes WHERE device = '%s'", dev);
    CHECK_STR(q(&b, sql), "0");
    CHECK_STR(q(&b, "SELECT group_concat(kind || ':' || reason || ':' || detail, ' ') FROM "
                    "(SELECT * FROM refused ORDER BY hlc)"),
              "device.state:not_owner:BBB1 device.grade:not_owner:BBB1 wipe.record:not_owner:BBB1");
    /* the record itself is AAA1's own, unassigned: it changes nothing of BBB1's */
    CHECK_STR(q(&b, "SELECT workshop || '/' || device FROM wipes WHERE key = 'K1'"), "AAA1/");
    /* in words, for the list */
    char why[256];
    refusal_describe("not_owner", "BBB1", why, sizeof why);
    CHECK_STR(why, "the device belongs to workshop BBB1");
    const char *bad = converged(r, 2);
    CHECK_MSG(!bad, "%s", bad);
    for (int i = 0; i < 3; i++) json_decref(f[i].payload);
    ctx_close(&a);
    ctx_close(&b);
}

/* The same changes through boucle's own functions are refused up front,
 * with the reason, and nothing is written. */
TEST(changes_to_another_workshops_device_are_refused_up_front)
{
    rng_state = 8;
    Ctx a, b;
    CHECK(open_ws(&a, "AAA1") == 0);
    CHECK(open_ws(&b, "BBB1") == 0);
    char dev[DEVICE_ID_MAX], lot_b[LOT_ID_MAX];
    CHECK(add_laptop(&b, "SN-B", dev) == 0);
    snprintf(lot_b, sizeof lot_b, "%s", q(&b, "SELECT id FROM lots"));
    Ctx *r[] = { &a, &b };
    CHECK(mesh(r, 2) == 0);
    const char *before = q(&a, "SELECT count(*) FROM events");
    char n_before[32];
    snprintf(n_before, sizeof n_before, "%s", before);
    Err e = { 0 };
    CHECK(device_set_state(&a, dev, "recycled", NULL, &e) < 0);
    CHECK_STR(e.msg, "Device BBB1-000001: refused, the device belongs to workshop BBB1.");
    err_clear(&e);
    MediaNew m = { .serial = "DISK9", .model = "X", .type = "ssd", .bytes = 1000 };
    CHECK(media_add(&a, dev, &m, NULL, &e) < 0);
    CHECK_STR(e.msg, "Device BBB1-000001: refused, the device belongs to workshop BBB1.");
    err_clear(&e);
    /* intake into another workshop's lot */
    char id[DEVICE_ID_MAX];
    DeviceNew d = { .lot = lot_b, .serial = "SN-X", .category = "laptop" };
    CHECK(device_add(&a, &d, 0, id, NULL, &e) < 0);
    CHECK_CONTAINS(e.msg, "belongs to another workshop");
    CHECK_STR(q(&a, "SELECT count(*) FROM events"), n_before);
    ctx_close(&a);
    ctx_close(&b);
}

/* ---- transfers ------------------------------------------------------------ */

TEST(transfer_offer_accept_then_the_receiver_owns_it)
{
    for (int round = 0; round < 8; round++) {
        rng_state = 77 + (unsigned long long)round;
        Ctx a, b, c;
        CHECK(open_ws(&a, "AAA1") == 0);
        CHECK(open_ws(&b, "BBB1") == 0);
        CHECK(open_ws(&c, "CCC1") == 0);
        Ctx *r[] = { &a, &b, &c };
        char dev[DEVICE_ID_MAX];
        CHECK(add_laptop(&a, "SN-T", dev) == 0);
        CHECK(mesh(r, 3) == 0);
        Err e = { 0 };
        CHECK_MSG(transfer_offer(&a, dev, "BBB1", "pour reconditionner", &e) == 0, "%s", e.msg);
        CHECK(mesh(r, 3) == 0);
        /* CCC1 was not offered it */
        CHECK(transfer_accept(&c, dev, &e) < 0);
        CHECK_STR(e.msg, "Device AAA1-000001 has no open offer to this workshop.");
        err_clear(&e);
        /* …and forges an accept anyway; AAA1 meanwhile changes the device */
        Offer o;
        CHECK(transfer_get(&b, dev, &o, &e) == 1);
        char pl[128];
        snprintf(pl, sizeof pl, "{\"offer\":\"%s\"}", o.event_id);
        Event steal;
        forge(&steal, "CCC1", hlc_ms(o.hlc) + 1, "device.accept", dev, pl);
        CHECK_MSG(event_import(&c, &steal, &e) == 1, "%s", e.msg);
        CHECK_MSG(event_import(&b, &steal, &e) == 1, "%s", e.msg);   /* BBB1 has seen it: its accept is later */
        CHECK_MSG(transfer_accept(&b, dev, &e) == 0, "%s", e.msg);
        usleep(3000);   /* one PC's clock: AAA1's next stamp is later than BBB1's accept */
        /* AAA1, not synced yet, changes it after the accept: refused everywhere */
        CHECK_MSG(device_set_state(&a, dev, "parts", "concurrent", &e) == 0, "%s", e.msg);
        /* accepted twice (a replay of BBB1's own accept, later) */
        Event again;
        forge(&again, "BBB1", hlc_wall_ms() + 5000, "device.accept", dev, pl);
        CHECK_MSG(event_import(&b, &again, &e) == 1, "%s", e.msg);
        CHECK_MSG(device_set_state(&b, dev, "ready", NULL, &e) == 0, "%s", e.msg);
        CHECK(mesh(r, 3) == 0);
        const char *why = converged(r, 3);
        CHECK_MSG(!why, "round %d: %s", round, why);
        char sql[256];
        snprintf(sql, sizeof sql, "SELECT workshop || '/' || state FROM devices WHERE id = '%s'", dev);
        CHECK_STR(q(&a, sql), "BBB1/ready");
        CHECK_STR(q(&c, "SELECT group_concat(kind || ':' || reason || ':' || detail, ' ') FROM "
                        "(SELECT * FROM refused ORDER BY hlc)"),
                  "device.accept:offer_other:BBB1 device.state:not_owner:BBB1 device.accept:offer_accepted:");
        /* AAA1 can no longer change it */
        CHECK(device_set_state(&a, dev, "recycled", NULL, &e) < 0);
        CHECK_STR(e.msg, "Device AAA1-000001: refused, the device belongs to workshop BBB1.");
        err_clear(&e);
        /* home counters are per workshop */
        CHECK_STR(q(&b, "SELECT n FROM tallies WHERE scope = 'state/BBB1' AND key = 'ready'"), "1");
        CHECK_STR(q(&b, "SELECT count(*) FROM tallies WHERE scope = 'state/AAA1'"), "0");
        json_decref(steal.payload);
        json_decref(again.payload);
        ctx_close(&a);
        ctx_close(&b);
        ctx_close(&c);
    }
}

TEST(transfer_cancel_by_either_side)
{
    rng_state = 5;
    Ctx a, b;
    CHECK(open_ws(&a, "AAA1") == 0);
    CHECK(open_ws(&b, "BBB1") == 0);
    Ctx *r[] = { &a, &b };
    char dev[DEVICE_ID_MAX];
    CHECK(add_laptop(&a, "SN-C", dev) == 0);
    CHECK(mesh(r, 2) == 0);
    Err e = { 0 };
    CHECK(transfer_offer(&a, dev, "ZZZ9", NULL, &e) < 0);
    CHECK_STR(e.msg, "No workshop ZZZ9 is known here: sync with the hub first, or check the code.");
    err_clear(&e);
    CHECK_MSG(transfer_offer(&a, dev, "BBB1", NULL, &e) == 0, "%s", e.msg);
    CHECK(mesh(r, 2) == 0);
    CHECK_MSG(transfer_cancel(&b, dev, "pas de place", &e) == 0, "%s", e.msg);   /* declined */
    CHECK(mesh(r, 2) == 0);
    CHECK(transfer_accept(&b, dev, &e) < 0);
    err_clear(&e);
    CHECK_STR(q(&a, "SELECT count(*) FROM offers"), "0");
    CHECK_MSG(transfer_offer(&a, dev, "BBB1", NULL, &e) == 0, "%s", e.msg);
    CHECK_MSG(transfer_cancel(&a, dev, NULL, &e) == 0, "%s", e.msg);            /* withdrawn */
    CHECK(mesh(r, 2) == 0);
    const char *why = converged(r, 2);
    CHECK_MSG(!why, "%s", why);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT workshop FROM devices WHERE id = '%s'", dev);
    CHECK_STR(q(&b, sql), "AAA1");
    ctx_close(&a);
    ctx_close(&b);
}

/* ---- bad input ---------------------------------------------------------------- */

/* An event for a device whose receipt has not arrived yet is listed as
 * refused for that reason, then takes effect when the receipt comes. */
TEST(event_before_the_device_exists_waits_for_it)
{
    rng_state = 9;
    Ctx b, c;
    CHECK(open_ws(&b, "BBB1") == 0);
    CHECK(open_ws(&c, "CCC1") == 0);
    char dev[DEVICE_ID_MAX];
    CHECK(add_laptop(&b, "SN-W", dev) == 0);
    Err e = { 0 };
    CHECK_MSG(device_set_state(&b, dev, "parts", NULL, &e) == 0, "%s", e.msg);
    /* CCC1 gets the state change alone */
    Events all = { 0 };
    CHECK(event_since(&b, 0, -1, collect, &all, &e) == 0);
    for (size_t i = 0; i < all.n; i++)
        if (!strcmp(all.v[i].kind, "device.state")) CHECK(event_import(&c, &all.v[i], &e) == 1);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM devices WHERE id = '%s'", dev);
    CHECK_STR(q(&c, sql), "0");
    CHECK_STR(q(&c, "SELECT reason FROM refused"), "not_received");
    for (size_t i = 0; i < all.n; i++) CHECK(event_import(&c, &all.v[i], &e) >= 0);
    events_free(&all);
    snprintf(sql, sizeof sql, "SELECT state FROM devices WHERE id = '%s'", dev);
    CHECK_STR(q(&c, sql), "parts");
    CHECK_STR(q(&c, "SELECT count(*) FROM refused"), "0");
    Ctx *r[] = { &b, &c };
    CHECK(mesh(r, 2) == 0);
    const char *why = converged(r, 2);
    CHECK_MSG(!why, "%s", why);
    ctx_close(&b);
    ctx_close(&c);
}

/* Ids are their creator's: a device or a lot named with another workshop's
 * code is refused, and creates nothing. */
TEST(ids_of_another_workshop_are_refused)
{
    Ctx a;
    CHECK(open_ws(&a, "AAA1") == 0);
    Event f[2];
    int64_t now = hlc_wall_ms();
    forge(&f[0], "CCC1", now, "lot.create", NULL, "{\"lot\":\"AAA1-L000009\",\"donor\":\"X\",\"date\":\"2026-12-01\"}");
    forge(&f[1], "CCC1", now + 1, "device.receive", "AAA1-000077", "{\"serial\":\"S\",\"category\":\"laptop\"}");
    Err e = { 0 };
    for (int i = 0; i < 2; i++) CHECK_MSG(event_import(&a, &f[i], &e) == 1, "%s", e.msg);
    CHECK_STR(q(&a, "SELECT count(*) FROM lots"), "0");
    CHECK_STR(q(&a, "SELECT count(*) FROM devices"), "0");
    CHECK_STR(q(&a, "SELECT group_concat(kind || ':' || reason || ':' || detail, ' ') FROM (SELECT * FROM refused ORDER BY hlc)"),
              "lot.create:not_creator:AAA1 device.receive:not_creator:AAA1");
    for (int i = 0; i < 2; i++) json_decref(f[i].payload);
    Ctx *r[] = { &a };
    const char *why = converged(r, 1);
    CHECK_MSG(!why, "%s", why);
    ctx_close(&a);
}

/* An event from a workshop nobody here knows (no workshop.init, posted by a
 * hub admin or a hub of another era): judged by the same rules — its own
 * ids are its own, the others' devices are not — on every replica. */
TEST(events_of_an_unknown_workshop_follow_the_same_rules)
{
    rng_state = 11;
    Ctx a, b;
    CHECK(open_ws(&a, "AAA1") == 0);
    CHECK(open_ws(&b, "BBB1") == 0);
    char dev[DEVICE_ID_MAX];
    CHECK(add_laptop(&a, "SN-U", dev) == 0);
    Ctx *r[] = { &a, &b };
    CHECK(mesh(r, 2) == 0);
    Event f[3];
    int64_t now = hlc_wall_ms();
    forge(&f[0], "ZZZ9", now + 1, "device.receive", "ZZZ9-000001", "{\"serial\":\"Z1\",\"category\":\"laptop\"}");
    forge(&f[1], "ZZZ9", now + 2, "device.state", dev, "{\"state\":\"recycled\"}");
    forge(&f[2], "ZZZ9", now + 3, "device.offer", "ZZZ9-000001", "{\"to\":\"AAA1\"}");
    Err e = { 0 };
    for (int i = 0; i < 3; i++) CHECK_MSG(event_import(&b, &f[i], &e) == 1, "%s", e.msg);
    for (int i = 3; i-- > 0;) CHECK_MSG(event_import(&a, &f[i], &e) == 1, "%s", e.msg);   /* the other order */
    CHECK_STR(q(&a, "SELECT workshop || '/' || state FROM devices WHERE id = 'ZZZ9-000001'"), "ZZZ9/received");
    CHECK_STR(q(&a, "SELECT state FROM devices WHERE id = 'AAA1-000001'"), "received");
    CHECK_STR(q(&a, "SELECT group_concat(kind || ':' || reason, ' ') FROM refused"), "device.state:not_owner");
    CHECK_STR(q(&a, "SELECT to_ws FROM offers WHERE device = 'ZZZ9-000001'"), "AAA1");
    const char *why = converged(r, 2);
    CHECK_MSG(!why, "%s", why);
    for (int i = 0; i < 3; i++) json_decref(f[i].payload);
    ctx_close(&a);
    ctx_close(&b);
}

/* Announcements (issue 12): each workshop announces into its own lots, the
 * same serial may be announced by two; a forged announcement into another
 * workshop's lot is refused everywhere; replicas and rebuilds agree. */
TEST(announcements_stay_with_their_lot_and_replicas_agree)
{
    rng_state = 12;
    Ctx a, b;
    CHECK(open_ws(&a, "AAA1") == 0);
    CHECK(open_ws(&b, "BBB1") == 0);
    Err e = { 0 };
    char la[LOT_ID_MAX], lb[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(lot_add(&a, "CHU", "", -1, NULL, la, &e) == 0);
    CHECK(lot_add(&b, "Mairie", "", -1, NULL, lb, &e) == 0);
    const char *serials[] = { "SN-A1", "SN-A2", "SN-BOTH" };
    for (int i = 0; i < 3; i++)
        CHECK(event_append(&a, "lot.announce", NULL, json_pack("{s:s, s:s, s:s}", "lot", la, "serial", serials[i],
                                                               "model", "Latitude 5490"), NULL, &e) == 0);
    CHECK(event_append(&b, "lot.announce", NULL, json_pack("{s:s, s:s, s:s}", "lot", lb, "serial", "SN-BOTH",
                                                           "model", "ThinkPad T480"), NULL, &e) == 0);
    CHECK(announce_receive(&a, &(DeviceNew){ .lot = la, .serial = "SN-A1" }, 0, id, NULL, NULL, NULL, &e) == 0);
    Ctx *r[] = { &a, &b };
    CHECK(mesh(r, 2) == 0);
    /* BBB1 forges an announcement into AAA1's lot */
    Event f;
    forge(&f, "BBB1", hlc_wall_ms() + 50, "lot.announce", "", "{\"serial\":\"SN-FORGED\"}");
    json_object_set_new(f.payload, "lot", json_string(la));
    CHECK_MSG(event_import(&a, &f, &e) == 1, "%s", e.msg);
    CHECK_MSG(event_import(&b, &f, &e) == 1, "%s", e.msg);
    json_decref(f.payload);
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM announced WHERE lot = '%s'", la);
    CHECK_STR(q(&a, sql), "3");
    CHECK_STR(q(&b, sql), "3");
    CHECK_STR(q(&b, "SELECT group_concat(lot, ' ') FROM (SELECT lot FROM announced WHERE akey = 'SN-BOTH' ORDER BY lot)"),
              "AAA1-L0001 BBB1-L0001");
    CHECK_STR(q(&a, "SELECT kind || ':' || reason FROM refused"), "lot.announce:not_creator");
    const char *bad = converged(r, 2);
    CHECK_MSG(!bad, "%s", bad);
    ctx_close(&a);
    ctx_close(&b);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(shared_nwipe_log_stays_with_each_workshop);
    RUN(announcements_stay_with_their_lot_and_replicas_agree);
    RUN(forged_changes_to_another_workshops_device_are_refused);
    RUN(changes_to_another_workshops_device_are_refused_up_front);
    RUN(transfer_offer_accept_then_the_receiver_owns_it);
    RUN(transfer_cancel_by_either_side);
    RUN(event_before_the_device_exists_waits_for_it);
    RUN(ids_of_another_workshop_are_refused);
    RUN(events_of_an_unknown_workshop_follow_the_same_rules);
    return t_done();
}
