/*
 * test_core.c — the domain without a terminal: clock, workshop identity,
 * id allocation (also between processes), events → projections, rebuild,
 * search and paging, scans, bad input.
 */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/stock/device.h"
#include "core/log/event.h"
#include "core/stock/lot.h"
#include "core/stock/operator.h"
#include "core/scan/scan.h"
#include "core/stock/workshop.h"
#include "util/utf8.h"
#include <ctype.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

TEST(hlc_is_monotonic_when_the_wall_clock_goes_back)
{
    Hlc h = hlc_next(0, 1000);
    CHECK_INT(hlc_ms(h), 1000);
    Hlc h2 = hlc_next(h, 900);          /* clock went back */
    CHECK(h2 > h);
    CHECK_INT(hlc_ms(h2), 1000);
    CHECK_INT(hlc_counter(h2), 1);
    Hlc h3 = hlc_next(h2, 2000);
    CHECK_INT(hlc_ms(h3), 2000);
    CHECK_INT(hlc_counter(h3), 0);
    /* counter overflow borrows the next millisecond, order kept */
    Hlc full = hlc_make(5000, 0xffff);
    Hlc nxt = hlc_next(full, 10);
    CHECK(nxt > full);
}

TEST(hlc_recv_follows_remote_but_caps_far_future)
{
    int64_t now = 1700000000000LL;
    Hlc local = hlc_make(now, 3);
    Hlc remote = hlc_make(now + 5000, 7);
    Hlc r = hlc_recv(local, remote, now);
    CHECK(r > remote);                   /* causality: after what we received */
    Hlc years = hlc_make(now + 3LL * 365 * 86400 * 1000, 0);
    Hlc r2 = hlc_recv(local, years, now);
    CHECK(hlc_ms(r2) <= now + HLC_MAX_DRIFT_MS + 1);  /* not dragged years ahead */
    char iso[32];
    hlc_iso(hlc_make(0, 0), iso);
    CHECK_STR(iso, "1970-01-01T00:00:00Z");
}

TEST(workshop_code_rules)
{
    CHECK(workshop_code_valid("GRE1"));
    CHECK(workshop_code_valid("AB"));
    CHECK(workshop_code_valid("ABCDEFGH"));
    CHECK(!workshop_code_valid("A"));
    CHECK(!workshop_code_valid("ABCDEFGHI"));
    CHECK(!workshop_code_valid("gre1"));
    CHECK(!workshop_code_valid("GR-1"));
    CHECK(!workshop_code_valid(""));
    Ctx c;
    Err e = { 0 };
    CHECK(support_ctx(&c, "ws.db", NULL) == 0);
    CHECK(workshop_init(&c, "bad", "x", &e) < 0);
    CHECK(e.code == ERR_USAGE);
    CHECK(workshop_init(&c, "LYO2", "Lyon", &e) == 0);
    CHECK(workshop_init(&c, "LYO3", "Lyon", &e) < 0);
    CHECK(e.code == ERR_EXISTS);
    ctx_close(&c);
    CHECK(support_ctx(&c, "ws.db", NULL) == 0);   /* identity persists */
    CHECK_STR(c.workshop, "LYO2");
    CHECK_STR(c.workshop_name, "Lyon");
    ctx_close(&c);
}

TEST(intake_allocates_ids_without_gaps)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "ids.db", "GRE1") == 0);
    CHECK(lot_add(&c, "CHU", "BL-1", 10, NULL, lot, &e) == 0);
    CHECK_STR(lot, "GRE1-L0001");
    for (int i = 1; i <= 30; i++) {
        char serial[32], want[32];
        snprintf(serial, sizeof serial, "SN%04d", i);
        DeviceNew dn = { lot, serial, NULL, "laptop", "Dell", "Latitude", NULL };
        CHECK_MSG(device_add(&c, &dn, 0, id, NULL, &e) == 0, "%s", e.msg);
        snprintf(want, sizeof want, "GRE1-%06d", i);
        CHECK_STR(id, want);
    }
    /* a refused device (duplicate) does not consume a number */
    DeviceNew dup = { lot, "sn0001", NULL, NULL, NULL, NULL, NULL };
    char known[DEVICE_ID_MAX];
    CHECK(device_add(&c, &dup, 0, id, known, &e) < 0);
    CHECK(e.code == ERR_EXISTS);
    CHECK_STR(known, "GRE1-000001");
    DeviceNew next = { lot, "SN-NEXT", NULL, NULL, NULL, NULL, NULL };
    CHECK(device_add(&c, &next, 0, id, NULL, &e) == 0);
    CHECK_STR(id, "GRE1-000031");
    ctx_close(&c);
}

TEST(two_processes_adding_at_once_get_distinct_consecutive_ids)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX];
    CHECK(support_ctx(&c, "conc.db", "CONC") == 0);
    CHECK(lot_add(&c, "Ville", "", -1, NULL, lot, &e) == 0);
    ctx_close(&c);
    enum { PER = 150, PROCS = 3 };
    pid_t pids[PROCS];
    for (int p = 0; p < PROCS; p++) {
        pids[p] = fork();
        if (pids[p] == 0) {
            Ctx cc;
            Err ee = { 0 };
            char id[DEVICE_ID_MAX];
            if (support_ctx(&cc, "conc.db", "CONC") < 0) _exit(2);
            for (int i = 0; i < PER; i++) {
                char serial[32];
                snprintf(serial, sizeof serial, "P%d-%d", p, i);
                DeviceNew dn = { lot, serial, NULL, NULL, NULL, NULL, NULL };
                if (device_add(&cc, &dn, 0, id, NULL, &ee) < 0) {
                    fprintf(stderr, "child %d: %s\n", p, ee.msg);
                    _exit(3);
                }
            }
            ctx_close(&cc);
            _exit(0);
        }
    }
    for (int p = 0; p < PROCS; p++) {
        int status;
        waitpid(pids[p], &status, 0);
        CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child %d failed", p);
    }
    CHECK(support_ctx(&c, "conc.db", "CONC") == 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM devices"), "450");
    CHECK_STR(support_query(&c, "SELECT count(DISTINCT id) FROM devices"), "450");
    CHECK_STR(support_query(&c, "SELECT max(id) FROM devices"), "CONC-000450");
    CHECK_STR(support_query(&c, "SELECT min(id) FROM devices"), "CONC-000001");
    CHECK_STR(support_query(&c, "SELECT count(DISTINCT hlc) FROM events"), support_query(&c, "SELECT count(*) FROM events"));
    ctx_close(&c);
}

TEST(events_drive_projections_and_rebuild_is_identical)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "proj.db", "PRJ") == 0);
    CHECK(lot_add(&c, "Université", "U-77", 3, "2026-11-02", lot, &e) == 0);
    DeviceNew dn = { lot, "ABC123", "INV-9", "laptop", "Lenovo", "ThinkPad T470", NULL };
    CHECK(device_add(&c, &dn, 0, id, NULL, &e) == 0);
    CHECK(device_set_state(&c, id, "in_progress", "bench 2", &e) == 0);
    CHECK(device_set_state(&c, id, "ready", NULL, &e) == 0);
    DeviceNew dn2 = { lot, "XYZ", NULL, "screen", "Dell", "P2419H", NULL };
    CHECK(device_add(&c, &dn2, 0, id, NULL, &e) == 0);
    CHECK(device_set_state(&c, "PRJ-2", "recycled", NULL, &e) == 0);   /* short form of the id */
    Device d;
    CHECK_INT(device_get(&c, "PRJ-000001", &d, &e), 1);
    CHECK(d.state == ST_READY);
    CHECK_STR(d.make, "Lenovo");
    CHECK_INT(d.events, 3);
    CHECK_STR(d.lot, lot);
    int64_t counts[ST__COUNT];
    CHECK(device_counts(&c, counts, &e) == 0);
    CHECK_INT(counts[ST_READY], 1);
    CHECK_INT(counts[ST_RECYCLED], 1);
    CHECK_INT(counts[ST_RECEIVED], 0);
    CHECK(device_set_state(&c, "PRJ-000001", "flying", NULL, &e) < 0);
    CHECK(device_set_state(&c, "PRJ-000999", "ready", NULL, &e) < 0);
    CHECK(e.code == ERR_NOTFOUND);

    char *before = support_dump_projections(&c);
    CHECK(event_rebuild(&c, &e) == 0);
    char *after = support_dump_projections(&c);
    CHECK_MSG(strcmp(before, after) == 0, "rebuild differs:\n--- before\n%s--- after\n%s", before, after);
    free(before);
    free(after);
    /* the search index is whole again, in one segment, and consistent */
    DeviceRow rows[4];
    DeviceQuery q = { .search = "thinkpad" };
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 4, rows, &e), 1);
    CHECK_STR(rows[0].d.id, "PRJ-000001");
    q.search = "p2419";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 4, rows, &e), 1);
    CHECK_STR(support_query(&c, "SELECT count(DISTINCT segid) FROM devices_fts_idx"), "1");
    CHECK(sqlite3_exec(db_handle(c.db), "INSERT INTO devices_fts(devices_fts, rank) VALUES ('integrity-check', 1)",
                       NULL, NULL, NULL) == SQLITE_OK);
    /* and the counters survive a rebuild: the next id follows on */
    CHECK(device_add(&c, &(DeviceNew){ lot, "NEXT1", NULL, NULL, NULL, NULL, NULL }, 0, id, NULL, &e) == 0);
    CHECK_STR(id, "PRJ-000003");
    /* a device added after the rebuild is found too */
    q.search = "next1";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 4, rows, &e), 1);
    ctx_close(&c);
}

TEST(imported_events_in_any_order_give_the_same_state)
{
    /* Three events of one device, imported in two orders into two DBs. */
    Ctx a, b;
    Err e = { 0 };
    CHECK(support_ctx(&a, "ord-a.db", "AAA") == 0);
    CHECK(support_ctx(&b, "ord-b.db", "BBB") == 0);
    Event evs[3];
    const char *kinds[3] = { "device.receive", "device.state", "device.state" };
    const char *payloads[3] = { "{\"lot\":\"ZZZ-L0001\",\"serial\":\"S1\",\"category\":\"laptop\"}",
                                "{\"state\":\"in_progress\"}", "{\"state\":\"ready\"}" };
    for (int i = 0; i < 3; i++) {
        memset(&evs[i], 0, sizeof evs[i]);
        evs[i].hlc = hlc_make(1700000000000LL + i * 1000, 0);
        snprintf(evs[i].workshop, sizeof evs[i].workshop, "ZZZ");
        char hex[17];
        hlc_format(evs[i].hlc, hex);
        snprintf(evs[i].id, sizeof evs[i].id, "%s-ZZZ", hex);
        snprintf(evs[i].device, sizeof evs[i].device, "ZZZ-000001");
        snprintf(evs[i].kind, sizeof evs[i].kind, "%s", kinds[i]);
        evs[i].payload = json_loads(payloads[i], 0, NULL);
    }
    int order_b[3] = { 2, 0, 1 };
    for (int i = 0; i < 3; i++) {
        CHECK_INT(event_import(&a, &evs[i], &e), 1);
        CHECK_INT(event_import(&b, &evs[order_b[i]], &e), 1);
    }
    CHECK_INT(event_import(&a, &evs[1], &e), 0);   /* again: nothing happens */
    Device da, db_;
    CHECK_INT(device_get(&a, "ZZZ-000001", &da, &e), 1);
    CHECK_INT(device_get(&b, "ZZZ-000001", &db_, &e), 1);
    CHECK(da.state == ST_READY);
    CHECK(db_.state == ST_READY);
    CHECK_STR(db_.serial, "S1");
    CHECK_STR(support_query(&a, "SELECT count(*) FROM events WHERE workshop = 'ZZZ'"), "3");
    /* a forged id (does not match clock + workshop) is refused, nothing stored */
    Event bad = evs[0];
    snprintf(bad.id, sizeof bad.id, "0000000000000001-ZZZ");
    CHECK_INT(event_import(&a, &bad, &e), -1);
    Event unknown = evs[0];
    snprintf(unknown.kind, sizeof unknown.kind, "device.teleport");
    unknown.hlc = hlc_make(1700000009000LL, 0);
    char hex[17];
    hlc_format(unknown.hlc, hex);
    snprintf(unknown.id, sizeof unknown.id, "%s-ZZZ", hex);
    CHECK_INT(event_import(&a, &unknown, &e), -1);
    CHECK_CONTAINS(e.msg, "device.teleport");
    CHECK_STR(support_query(&a, "SELECT count(*) FROM events WHERE workshop = 'ZZZ'"), "3");
    for (int i = 0; i < 3; i++) event_free(&evs[i]);
    ctx_close(&a);
    ctx_close(&b);
}

TEST(bad_serials_are_refused_with_a_reason)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], big[2048];
    CHECK(support_ctx(&c, "bad.db", "BAD") == 0);
    CHECK(lot_add(&c, "Mairie", "", -1, NULL, lot, &e) == 0);
    memset(big, 'A', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    const char *bad[] = { "", "   ", "AB\x01" "CD", "\xff\xfe", big, "AB\x1b[2J" };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        DeviceNew dn = { lot, bad[i], NULL, NULL, NULL, NULL, NULL };
        err_clear(&e);
        CHECK_MSG(device_add(&c, &dn, 0, id, NULL, &e) < 0, "bad serial %zu accepted", i);
        CHECK(e.msg[0] != '\0');
    }
    /* blanks around are trimmed; inner blank kept */
    DeviceNew ok = { lot, "  SN 42  ", NULL, NULL, NULL, NULL, NULL };
    CHECK(device_add(&c, &ok, 0, id, NULL, &e) == 0);
    Device d;
    CHECK_INT(device_get(&c, id, &d, &e), 1);
    CHECK_STR(d.serial, "SN 42");
    DeviceNew nolot = { "BAD-L9999", "X1", NULL, NULL, NULL, NULL, NULL };
    CHECK(device_add(&c, &nolot, 0, id, NULL, &e) < 0);
    CHECK(e.code == ERR_NOTFOUND);
    DeviceNew badcat = { lot, "X2", NULL, "toaster", NULL, NULL, NULL };
    CHECK(device_add(&c, &badcat, 0, id, NULL, &e) < 0);
    CHECK_CONTAINS(e.msg, "toaster");
    CHECK(lot_add(&c, "Mairie", "", -1, "2026-13-45", lot, &e) < 0);
    CHECK(lot_add(&c, "", "", -1, NULL, lot, &e) < 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM devices"), "1");
    ctx_close(&c);
}

TEST(search_and_keyset_paging)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], lot2[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "search.db", "SRCH") == 0);
    CHECK(lot_add(&c, "A", "", -1, NULL, lot, &e) == 0);
    CHECK(lot_add(&c, "B", "", -1, NULL, lot2, &e) == 0);
    CHECK(db_begin(c.db, &e) == 0);
    for (int i = 0; i < 250; i++) {
        char serial[32];
        snprintf(serial, sizeof serial, "%s%05d", i % 2 ? "5CG" : "PF0", i);
        DeviceNew dn = { i < 200 ? lot : lot2, serial, i % 10 == 0 ? "INV-777" : NULL,
                         i % 3 ? "laptop" : "desktop", i % 2 ? "Dell" : "Lenovo", i % 2 ? "Latitude 5490" : "ThinkCentre M710q", NULL };
        CHECK(device_add(&c, &dn, 1, id, NULL, &e) == 0);
    }
    CHECK(db_commit(c.db, &e) == 0);
    DeviceRow rows[64];
    DeviceQuery all = { 0 };
    /* page through everything: every device exactly once, newest first */
    int64_t anchor = INT64_MAX, seen = 0, last_n = INT64_MAX;
    int n;
    while ((n = device_page(&c, &all, anchor, 1, 64, rows, &e)) > 0) {
        for (int i = 0; i < n; i++) {
            CHECK(rows[i].n < last_n);
            last_n = rows[i].n;
        }
        seen += n;
        anchor = rows[n - 1].n;
    }
    CHECK_INT(seen, 250);
    /* and back up: the page before a row */
    n = device_page(&c, &all, rows[0].n, -1, 5, rows, &e);
    CHECK_INT(n, 5);
    CHECK(rows[0].n > rows[4].n);
    DeviceQuery q = { .search = "dell lat" };
    n = device_page(&c, &q, INT64_MAX, 1, 64, rows, &e);
    CHECK_INT(n, 64);
    for (int i = 0; i < n; i++) CHECK_STR(rows[i].d.make, "Dell");
    DeviceQuery q2 = { .search = "5cg0012" };   /* serial prefix, any case */
    n = device_page(&c, &q2, INT64_MAX, 1, 64, rows, &e);
    CHECK_INT(n, 5);    /* odd i from 121 to 129: 5CG00121, …23, …25, …27, …29 */
    DeviceQuery q3 = { .search = "SRCH-000007" };
    n = device_page(&c, &q3, INT64_MAX, 1, 64, rows, &e);
    CHECK(n >= 1);
    CHECK_STR(rows[0].d.id, "SRCH-000007");
    DeviceQuery q4 = { .search = "inv-777", .category = "laptop" };
    n = device_page(&c, &q4, INT64_MAX, 1, 64, rows, &e);
    for (int i = 0; i < n; i++) { CHECK_STR(rows[i].d.donor_tag, "INV-777"); CHECK(rows[i].d.category == CAT_LAPTOP); }
    CHECK(n > 0);
    DeviceQuery q5 = { .lot = lot2, .state = "received" };
    n = device_page(&c, &q5, INT64_MAX, 1, 64, rows, &e);
    CHECK_INT(n, 50);
    DeviceQuery q6 = { .search = "\"*()" };     /* only punctuation: no crash, nothing */
    CHECK_INT(device_page(&c, &q6, INT64_MAX, 1, 64, rows, &e), 0);
    /* long letter words: 4-character lookup + word_prefix() check */
    DeviceQuery ql = { .search = "LATITU" };
    n = device_page(&c, &ql, INT64_MAX, 1, 64, rows, &e);
    CHECK_INT(n, 64);
    for (int i = 0; i < n; i++) CHECK_STR(rows[i].d.model, "Latitude 5490");
    DeviceQuery ql2 = { .search = "latitudes" }, ql3 = { .search = "titude" }, ql4 = { .search = "thinkcentre m71" };
    CHECK_INT(device_page(&c, &ql2, INT64_MAX, 1, 64, rows, &e), 0);
    CHECK_INT(device_page(&c, &ql3, INT64_MAX, 1, 64, rows, &e), 0);   /* a word's middle is not its start */
    n = device_page(&c, &ql4, INT64_MAX, 1, 64, rows, &e);
    CHECK_INT(n, 64);
    for (int i = 0; i < n; i++) CHECK_STR(rows[i].d.make, "Lenovo");
    DeviceQuery q7 = { .search = "zzznothing" };
    CHECK_INT(device_page(&c, &q7, INT64_MAX, 1, 64, rows, &e), 0);
    ctx_close(&c);
}

/* The rows device_page() finds for text, by the plain definition: every
 * word of text (runs of letters, digits, non-ASCII bytes) starts a word of
 * the device (the word index, all words in one MATCH, nothing checked on
 * rows), or, for a text of 3 characters or more without blanks, the text
 * is inside serial, donor tag or the asset id's number. Newest first,
 * after anchor, at most limit: fills ns, returns the count. */
static int search_reference(Ctx *c, const char *text, int64_t anchor, int limit, int64_t *ns)
{
    char match[512] = "", upper[128];
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        while (*p && !(isalnum(*p) || *p >= 0x80)) p++;
        if (!*p) break;
        const unsigned char *start = p;
        while (*p && (isalnum(*p) || *p >= 0x80)) p++;
        o += (size_t)snprintf(match + o, sizeof match - o, "%s\"%.*s\"*", o ? " " : "", (int)(p - start), start);
    }
    const char *t = text;
    while (*t == ' ') t++;
    size_t n = strlen(t);
    while (n && t[n - 1] == ' ') n--;
    int codes = !memchr(t, ' ', n) && utf8_count(t, n) >= 3;
    for (size_t i = 0; i < n; i++) upper[i] = (char)toupper((unsigned char)t[i]);
    upper[n] = '\0';
    sqlite3_stmt *st;
    const char *sql =
        "SELECT n FROM ("
        " SELECT rowid AS n FROM devices_fts WHERE ?1 <> '' AND devices_fts MATCH ?1"
        " UNION SELECT n FROM devices WHERE ?2 AND (instr(upper(serial), ?3) OR instr(upper(donor_tag), ?3)"
        "   OR instr(substr(id, length(rtrim(id, '0123456789')) + 1), ?3)))"
        " WHERE n < ?4 ORDER BY n DESC LIMIT ?5";
    if (sqlite3_prepare_v2(db_handle(c->db), sql, -1, &st, NULL) != SQLITE_OK) return -1;
    sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, codes);
    sqlite3_bind_text(st, 3, upper, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 4, anchor);
    sqlite3_bind_int(st, 5, limit);
    int k = 0;
    while (sqlite3_step(st) == SQLITE_ROW) ns[k++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return k;
}

/* device_page() looks words up in the index by at most 4 characters, or
 * not at all for a word that starts the workshop code when others are
 * typed, and checks the rest on each row (word_prefix): none of it may
 * change the rows found. Some hundred texts, two pages each, against the
 * plain definition above; the data has diacritics, non-ASCII separators,
 * workshop-code-like words in serials and tags. */
TEST(search_shortcuts_find_what_the_index_finds)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "same.db", "GRE1") == 0);
    CHECK(lot_add(&c, "A", "", -1, NULL, lot, &e) == 0);
    static const char *const makes[] = { "Dell", "Hewlett–Packard", "Lenovo", "Fujitsu™Siemens", "Élite" };
    static const char *const models[] = { "Latitude 5490", "Précision T3610", "ThinkPad T480", "Lifebook GRE1x", "EliteBook 840 G5",
                                          "latitude·e7" };
    static const char *const tags[] = { "", "GRE-12", "gre1 000412", "INV-0004", "«GRE1»77" };
    CHECK(db_begin(c.db, &e) == 0);
    for (int i = 0; i < 300; i++) {
        char serial[32];
        static const char *const pre[] = { "5CG", "GRE", "PF0", "00", "CN0G" };
        snprintf(serial, sizeof serial, "%s%04d%c", pre[i % 5], (i * 37) % 1000, 'A' + i % 26);
        DeviceNew dn = { lot, serial, tags[i % 5], "laptop", makes[i % 5], models[i % 6], NULL };
        CHECK(device_add(&c, &dn, 1, id, NULL, &e) == 0);
    }
    CHECK(db_commit(c.db, &e) == 0);
    static const char *const words[] = {
        "GRE1-000004", "gre1-00012", "GRE1 0001", "GRE 12", "G-0004", "gre1", "GRE1-", "gre1 latitude", "gre1x",
        "5CG0037", "5cg 00", "PF0", "00", "000412", "0004", "CN0G0", "cn0g 5cg", "latitude", "LATITU", "latitudes",
        "dell lat", "precision", "précis", "precis t36", "elite", "elitebook", "élit", "hewlett pack",
        "packard", "siemens", "fujitsu", "lifebook gre1", "thinkpad t4", "inv-0004", "inv 000", "gre-12", "77", "gre1 77",
        "e7", "latitude e7", "G5 840", "zzz", "GRE1-0001 dell", "a", "1", "T3", "GRE1 GRE1", "gre1 gre", "gr g",
    };
    int checked = 0;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        /* the text and each of its prefixes, as typed */
        size_t len = strlen(words[w]);
        for (size_t l = 1; l <= len; l++) {
            char text[64];
            snprintf(text, sizeof text, "%.*s", (int)l, words[w]);
            if ((text[l - 1] & 0xc0) == 0xc0 || ((unsigned char)text[l - 1] >= 0x80 && l < len && (text[l] & 0xc0) == 0x80))
                continue;   /* not a whole character */
            DeviceQuery q = { .search = text };
            DeviceRow rows[7];
            int64_t ref[7], anchor = INT64_MAX;
            for (int page = 0; page < 2; page++) {
                int got = device_page(&c, &q, anchor, 1, 7, rows, &e);
                int want = search_reference(&c, text, anchor, 7, ref);
                int same = got == want;
                for (int i = 0; same && i < got; i++) same = rows[i].n == ref[i];
                if (!same) fprintf(stderr, "  \"%s\" page %d: device_page %d rows, reference %d\n", text, page + 1, got, want);
                CHECK(same);
                checked++;
                if (got < 7) break;
                anchor = rows[got - 1].n;
            }
        }
    }
    CHECK(checked > 300);
    ctx_close(&c);
}

TEST(scans_resolve_through_scanner_quirks)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "scan.db", "GRE1") == 0);
    CHECK(lot_add(&c, "A", "", -1, NULL, lot, &e) == 0);
    for (int i = 0; i < 123; i++) {
        char serial[32];
        snprintf(serial, sizeof serial, "SER%d", i + 1);
        DeviceNew dn = { lot, serial, i == 122 ? "CHU-4711" : NULL, NULL, NULL, NULL, NULL };
        CHECK(device_add(&c, &dn, 0, id, NULL, &e) == 0);
    }
    CHECK_STR(id, "GRE1-000123");
    struct { const char *scan; const char *want; } cases[] = {
        { "GRE1-000123", "GRE1-000123" },
        { "gre1-123", "GRE1-000123" },
        { "GRE1-0000000123", "GRE1-000123" },
        { "GRE1-000123\r\n", "GRE1-000123" },
        { "GRE1-000123\r", "GRE1-000123" },
        { "\tGRE1-000123\n", "GRE1-000123" },
        { "]Q1GRE1-000123", "GRE1-000123" },
        { "*GRE1-000123*", "GRE1-000123" },
        { "https://reemploi.example.org/d/GRE1-000123", "GRE1-000123" },
        { "https://reemploi.example.org/d/GRE1-000123/?src=label#x", "GRE1-000123" },
        { "GRE&)\xc3\xa0\xc3\xa0\xc3\xa0&\xc3\xa9\"", "GRE1-000123" },   /* AZERTY */
        { "SER5", "GRE1-000005" },
        { "ser5", "GRE1-000005" },
        { "00SER5", "GRE1-000005" },
        { "CHU-4711", "GRE1-000123" },
        { "\x02SER7\x03", "GRE1-000007" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Device d;
        int r = scan_resolve(&c, cases[i].scan, &d, &e);
        CHECK_MSG(r == 1, "scan %zu (%s) not resolved", i, cases[i].scan);
        CHECK_MSG(strcmp(d.id, cases[i].want) == 0, "scan %zu gave %s", i, d.id);
    }
    Device d;
    CHECK_INT(scan_resolve(&c, "GRE1-000999", &d, &e), 0);
    CHECK_INT(scan_resolve(&c, "", &d, &e), 0);
    CHECK_INT(scan_resolve(&c, "\xff\xfe\xfd", &d, &e), 0);
    char big[5000];
    memset(big, 'Z', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK_INT(scan_resolve(&c, big, &d, &e), 0);
    ctx_close(&c);
}

TEST(operators_are_recorded_on_events)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX];
    CHECK(support_ctx(&c, "ops.db", "OPS") == 0);
    CHECK(operator_add(&c, "Chloé", &e) == 0);
    CHECK(operator_add(&c, "chloé", &e) == 0);     /* same person: no second row */
    CHECK(operator_choose(&c, "Chloé", &e) == 0);
    CHECK(operator_choose(&c, "Nobody", &e) < 0);
    CHECK(lot_add(&c, "X", "", -1, NULL, lot, &e) == 0);
    CHECK_STR(support_query(&c, "SELECT operator FROM events WHERE kind = 'lot.create'"), "Chloé");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM operators"), "2");  /* Test + Chloé */
    ctx_close(&c);
}

TEST(search_index_in_batches_stays_exact)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    DeviceRow rows[8];
    CHECK(support_ctx(&c, "fts.db", "FTS") == 0);
    CHECK(lot_add(&c, "A", "", -1, NULL, lot, &e) == 0);
    /* one device: found at once, although its batch is not full */
    CHECK(device_add(&c, &(DeviceNew){ lot, "QWERTY01", NULL, "laptop", "Fujitsu", "Lifebook", NULL }, 0, id, NULL, &e) == 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM devices WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0)"), "1");
    DeviceQuery q = { .search = "lifeb" };
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 8, rows, &e), 1);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM devices WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0)"), "0");
    /* more than a batch: flushed on the way, without a search */
    for (int i = 0; i < DEVICE_INDEX_BATCH + 10; i++) {
        char serial[32];
        snprintf(serial, sizeof serial, "BATCH%04d", i);
        CHECK(device_add(&c, &(DeviceNew){ lot, serial, NULL, NULL, "Acer", "TravelMate", NULL }, 0, id, NULL, &e) == 0);
    }
    CHECK(atoi(support_query(&c, "SELECT count(*) FROM devices WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0)")) < DEVICE_INDEX_BATCH);
    /* corrections: one of a row still pending, one of a row already indexed */
    CHECK(event_append(&c, "device.update", id, json_pack("{s:s}", "model", "Aspire"), NULL, &e) == 0);
    CHECK(event_append(&c, "device.update", "FTS-000001", json_pack("{s:s}", "make", "Toshiba"), NULL, &e) == 0);
    DeviceQuery q2 = { .search = "toshiba" }, q3 = { .search = "aspire" }, q4 = { .search = "fujitsu" };
    CHECK_INT(device_page(&c, &q2, INT64_MAX, 1, 8, rows, &e), 1);
    CHECK_INT(device_page(&c, &q3, INT64_MAX, 1, 8, rows, &e), 1);
    CHECK_STR(rows[0].d.id, id);
    CHECK_INT(device_page(&c, &q4, INT64_MAX, 1, 8, rows, &e), 0);
    /* The index itself, term by term (FTS5's integrity-check does not
     * compare an external-content index with its table in SQLite 3.40). */
    CHECK(db_exec(c.db, "CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, devices_fts, 'row')", &e) == 0);
    CHECK_STR(support_query(&c, "SELECT doc FROM vocab WHERE term = 'acer'"), "266");
    CHECK_STR(support_query(&c, "SELECT doc FROM vocab WHERE term = 'travelmate'"), "265");
    CHECK_STR(support_query(&c, "SELECT doc FROM vocab WHERE term = 'aspire'"), "1");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM vocab WHERE term = 'fujitsu'"), "0");
    /* rebuild with rows pending and indexed: the index still matches */
    CHECK(device_add(&c, &(DeviceNew){ lot, "LAST1", NULL, NULL, "Asus", "Zenbook", NULL }, 0, id, NULL, &e) == 0);
    CHECK(event_rebuild(&c, &e) == 0);
    CHECK_STR(support_query(&c, "SELECT doc FROM vocab WHERE term = 'acer'"), "266");
    CHECK_STR(support_query(&c, "SELECT doc FROM vocab WHERE term = 'zenbook'"), "1");
    CHECK_STR(support_query(&c, "SELECT doc FROM vocab WHERE term = 'toshiba'"), "1");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM vocab WHERE term = 'fujitsu'"), "0");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM devices WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0)"), "0");
    DeviceQuery q5 = { .search = "batch0" };
    int64_t anchor = INT64_MAX, seen = 0;
    int n;
    while ((n = device_page(&c, &q5, anchor, 1, 8, rows, &e)) > 0) { seen += n; anchor = rows[n - 1].n; }
    CHECK_INT(seen, DEVICE_INDEX_BATCH + 10);
    ctx_close(&c);
}

TEST(clock_corrected_by_the_hub_and_future_stamps_not_carried)
{
    Ctx c;
    Err e = { 0 };
    Event ev;
    const int64_t year = 365LL * 86400 * 1000;
    CHECK(support_ctx(&c, "clock.db", "CLK") == 0);
    /* a wrong clock once stamped an event five years ahead */
    CHECK(db_meta_set_int(c.db, "hlc", (int64_t)hlc_make(hlc_wall_ms() + 5 * year, 0), &e) == 0);
    CHECK(event_append(&c, "operator.add", NULL, json_pack("{s:s}", "name", "A"), &ev, &e) == 0);
    int64_t d = hlc_ms(ev.hlc) - hlc_wall_ms();
    CHECK_MSG(d > -60000 && d < 60000, "stamped %lld ms from now", (long long)d);
    event_free(&ev);
    /* the hub said this PC is 3 years ahead: offset -3 years */
    CHECK(db_meta_set_int(c.db, "clock.offset_ms", -3 * year, &e) == 0);
    CHECK(event_append(&c, "operator.add", NULL, json_pack("{s:s}", "name", "B"), &ev, &e) == 0);
    d = hlc_ms(ev.hlc) - (hlc_wall_ms() - 3 * year);
    CHECK_MSG(d > -60000 && d < 60000, "stamped %lld ms from corrected now", (long long)d);
    event_free(&ev);
    ctx_close(&c);
}

/* A stamp set by the demo (Ctx.clock_ms): the event is dated then, two at
 * the same ms get distinct stamps in order, a stamp later than now is now,
 * and the clock is not moved back: the next ordinary event is stamped now,
 * after every other. */
TEST(clock_set_by_the_demo_stamps_the_past_and_keeps_the_clock)
{
    Ctx c;
    Err e = { 0 };
    Event ev, ev2;
    const int64_t day = 86400LL * 1000;
    CHECK(support_ctx(&c, "demo-clock.db", "DCL") == 0);
    CHECK(event_append(&c, "operator.add", NULL, json_pack("{s:s}", "name", "Now"), &ev, &e) == 0);
    Hlc before = ev.hlc;
    event_free(&ev);
    int64_t past = hlc_wall_ms() - 40 * day;
    c.clock_ms = past;
    CHECK(event_append(&c, "operator.add", NULL, json_pack("{s:s}", "name", "A"), &ev, &e) == 0);
    CHECK(event_append(&c, "operator.add", NULL, json_pack("{s:s}", "name", "B"), &ev2, &e) == 0);
    CHECK_INT(hlc_ms(ev.hlc), past);
    CHECK_INT(hlc_ms(ev2.hlc), past);
    CHECK(ev2.hlc > ev.hlc);
    CHECK(ev.hlc < before);
    event_free(&ev);
    event_free(&ev2);
    CHECK_INT(db_meta_get_int(c.db, "hlc", 0), (int64_t)before);
    c.clock_ms = hlc_wall_ms() + 10 * day;          /* never in the future */
    CHECK(event_append(&c, "operator.add", NULL, json_pack("{s:s}", "name", "C"), &ev, &e) == 0);
    CHECK(hlc_ms(ev.hlc) <= hlc_wall_ms());
    event_free(&ev);
    c.clock_ms = 0;
    CHECK(event_append(&c, "operator.add", NULL, json_pack("{s:s}", "name", "D"), &ev, &e) == 0);
    CHECK_STR(support_query(&c, "SELECT max(hlc) FROM events"), support_query(&c, "SELECT hlc FROM events WHERE id = (SELECT id FROM events ORDER BY seq DESC LIMIT 1)"));
    CHECK(ev.hlc > before);
    event_free(&ev);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM operators WHERE name IN ('Now', 'A', 'B', 'C', 'D')"), "5");
    ctx_close(&c);
}

TEST(search_finds_codes_by_any_part)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "infix.db", "INF") == 0);
    CHECK(lot_add(&c, "A", "", -1, NULL, lot, &e) == 0);
    static const char *const SERIALS[] = { "5CG7301XZB", "PF0A1B2C", "CN0XZ9", "C02ABC123" };
    static const char *const TAGS[] = { "", "INV-004711", "", "" };
    for (int i = 0; i < 4; i++) {
        DeviceNew dn = { lot, SERIALS[i], TAGS[i], "laptop", i % 2 ? "Lenovo" : "Dell", "Latitude 5490", NULL };
        CHECK_MSG(device_add(&c, &dn, 0, id, NULL, &e) == 0, "%s", e.msg);
    }
    for (int i = 0; i < 40; i++) {   /* filler: more than a page */
        char serial[32];
        snprintf(serial, sizeof serial, "FILL%03dQQQ", i);
        DeviceNew dn = { lot, serial, NULL, "desktop", "HP", "ProDesk", NULL };
        CHECK(device_add(&c, &dn, 0, id, NULL, &e) == 0);
    }
    DeviceRow rows[64];
    /* the end of a sticker, in any case */
    DeviceQuery q = { .search = "XZB" };
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    CHECK_STR(rows[0].d.serial, "5CG7301XZB");
    q.search = "xzb";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    q.search = "301X";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    CHECK_STR(rows[0].d.serial, "5CG7301XZB");
    /* the middle of a donor tag, of an asset id */
    q.search = "04711";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    CHECK_STR(rows[0].d.donor_tag, "INV-004711");
    q.search = "00043";      /* INF-000043, a filler */
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    CHECK_STR(rows[0].d.id, "INF-000043");
    q.search = "043";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    CHECK_STR(rows[0].d.id, "INF-000043");
    q.search = "  ABC12 ";   /* blanks around: trimmed */
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    CHECK_STR(rows[0].d.serial, "C02ABC123");
    /* a text found by prefix and inside others: each device once */
    q.search = "XZ9";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    q.search = "cn0";        /* prefix of CN0XZ9 */
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    /* 2 characters: word prefixes only, as before ("XZ" starts no word) */
    q.search = "XZ";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 0);
    q.search = "5C";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    CHECK_STR(rows[0].d.serial, "5CG7301XZB");
    q.search = "Q";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 0);
    /* make and model words stay prefixes: a model's middle finds nothing */
    q.search = "titude";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 0);
    q.search = "dell lat";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 2);
    /* keyset paging over the union: pages of 7, every match once, newest
     * first ("QQQ" ends the 40 fillers, "INF" starts the 44 asset ids) */
    static const char *const BOTH[] = { "QQQ", "INF" };
    static const int WANT[] = { 40, 44 };
    for (int k = 0; k < 2; k++) {
        DeviceQuery qq = { .search = BOTH[k] };
        int64_t anchor = INT64_MAX, last = INT64_MAX, seen = 0;
        int n;
        while ((n = device_page(&c, &qq, anchor, 1, 7, rows, &e)) > 0) {
            for (int i = 0; i < n; i++) { CHECK(rows[i].n < last); last = rows[i].n; }
            seen += n;
            anchor = rows[n - 1].n;
        }
        CHECK_INT(n, 0);
        CHECK_INT(seen, WANT[k]);
    }
    /* and back up from the oldest filler: the 7 newer ones, newest first */
    DeviceQuery qq = { .search = "QQQ" };
    CHECK_INT(device_page(&c, &qq, INT64_MAX, 1, 64, rows, &e), 40);
    int64_t oldest = rows[39].n, ninth = rows[32].n;
    CHECK_INT(device_page(&c, &qq, oldest, -1, 7, rows, &e), 7);
    CHECK_INT(rows[0].n, ninth);
    CHECK(rows[0].n > rows[6].n);
    /* the codes index follows a rebuild and stays consistent */
    CHECK(event_rebuild(&c, &e) == 0);
    CHECK(sqlite3_exec(db_handle(c.db), "INSERT INTO devices_codes(devices_codes, rank) VALUES ('integrity-check', 1)",
                       NULL, NULL, NULL) == SQLITE_OK);
    q.search = "XZB";
    CHECK_INT(device_page(&c, &q, INT64_MAX, 1, 64, rows, &e), 1);
    ctx_close(&c);
}

TEST(an_asset_id_is_never_a_serial)
{
    Ctx c;
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX], label[DEVICE_ID_MAX];
    CHECK(support_ctx(&c, "label.db", "LBL") == 0);
    CHECK(lot_add(&c, "A", "", 2, NULL, lot, &e) == 0);
    CHECK(device_add(&c, &(DeviceNew){ lot, "SN1", NULL, NULL, NULL, NULL, NULL }, 0, id, NULL, &e) == 0);
    CHECK_STR(id, "LBL-000001");
    /* our label, as printed, in lower case, without its zeros */
    static const char *const OURS[] = { "LBL-000001", "lbl-1", "LBL-0000001" };
    for (int i = 0; i < 3; i++) {
        CHECK_INT(device_label_as_serial(&c, OURS[i], label, &e), 1);
        CHECK_STR(label, "LBL-000001");
        CHECK(device_add(&c, &(DeviceNew){ lot, OURS[i], NULL, NULL, NULL, NULL, NULL }, 1, id, NULL, &e) < 0);
        CHECK_INT(e.code, ERR_INPUT);
        CHECK_CONTAINS(e.msg, "LBL-000001");
    }
    /* an asset id of this workshop that no device has yet: refused too */
    CHECK_INT(device_label_as_serial(&c, "LBL-000777", label, &e), 1);
    CHECK_STR(label, "");
    CHECK(device_add(&c, &(DeviceNew){ lot, "LBL-000777", NULL, NULL, NULL, NULL, NULL }, 0, id, NULL, &e) < 0);
    CHECK_INT(e.code, ERR_INPUT);
    /* shaped like another workshop's id, no such device: may be a serial */
    CHECK_INT(device_label_as_serial(&c, "LYO1-000001", label, &e), 0);
    CHECK(device_add(&c, &(DeviceNew){ lot, "LYO1-000001", NULL, NULL, NULL, NULL, NULL }, 0, id, NULL, &e) == 0);
    CHECK_INT(device_label_as_serial(&c, "5CG7301XZB", label, &e), 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM devices"), "2");
    ctx_close(&c);
}

int main(void)
{
    RUN(hlc_is_monotonic_when_the_wall_clock_goes_back);
    RUN(hlc_recv_follows_remote_but_caps_far_future);
    RUN(workshop_code_rules);
    RUN(intake_allocates_ids_without_gaps);
    RUN(two_processes_adding_at_once_get_distinct_consecutive_ids);
    RUN(events_drive_projections_and_rebuild_is_identical);
    RUN(imported_events_in_any_order_give_the_same_state);
    RUN(bad_serials_are_refused_with_a_reason);
    RUN(search_and_keyset_paging);
    RUN(search_finds_codes_by_any_part);
    RUN(search_shortcuts_find_what_the_index_finds);
    RUN(an_asset_id_is_never_a_serial);
    RUN(scans_resolve_through_scanner_quirks);
    RUN(operators_are_recorded_on_events);
    RUN(search_index_in_batches_stays_exact);
    RUN(clock_corrected_by_the_hub_and_future_stamps_not_carried);
    RUN(clock_set_by_the_demo_stamps_the_past_and_keeps_the_clock);
    return t_done();
}
