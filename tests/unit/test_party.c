/*
 * test_party.c — parties (core/stock/party.h, doc/privacy.md): the four
 * kinds, a person's name and any contact sealed on this PC and never in
 * an event, edits (an event for the public names only), forgetting (the
 * key and box gone from the file and its WAL), the refusals, the rules of
 * ownership, and projections that are the same whatever order the events
 * arrive in and after a rebuild.
 */
#include "core/log/event.h"
#include "core/log/refusal.h"
#include "core/stock/lot.h"
#include "core/stock/party.h"
#include "tests/unit/support.h"
#include "tests/unit/t.h"
#include <locale.h>
#include <sodium.h>

#define NAME "Zoé Marchal"
#define CONTACT "06 12 34 56 78"

/* The bytes of file (size in *n), malloc'd; NULL when it does not exist. */
static unsigned char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    *n = 0;
    if (!f) return NULL;
    size_t cap = 1 << 16;
    unsigned char *b = malloc(cap);
    size_t k;
    while ((k = fread(b + *n, 1, cap - *n, f)) > 0) {
        *n += k;
        if (*n == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    return b;
}

static int contains(const unsigned char *hay, size_t n, const void *needle, size_t m)
{
    return hay && m && memmem(hay, n, needle, m) != NULL;
}

/* An event of workshop ws, at wall time ms, imported as a pull would. */
static int import(Ctx *c, const char *ws, long long ms, const char *kind, json_t *payload, Err *e)
{
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.hlc = hlc_make(ms, 0);
    snprintf(ev.workshop, sizeof ev.workshop, "%s", ws);
    char hex[17];
    hlc_format(ev.hlc, hex);
    snprintf(ev.id, sizeof ev.id, "%s-%s", hex, ws);
    snprintf(ev.kind, sizeof ev.kind, "%s", kind);
    ev.payload = payload;
    int r = event_import(c, &ev, e);
    json_decref(payload);
    return r;
}

/* 1. each kind gets the next code; a person's name and contact are read
 * back on this PC, never in an event nor in the parties row */
TEST(add_each_kind)
{
    Ctx c;
    Err e = { 0 };
    char code[PARTY_CODE_MAX];
    Party p;
    CHECK(support_ctx(&c, "p1.db", "GRE1") == 0);
    CHECK_INT(party_add(&c, PARTY_ASSOCIATION, "Emmaüs Connect", NULL, code, &e), 0);
    CHECK_STR(code, "GRE1-P0001");
    CHECK_INT(party_add(&c, PARTY_BUSINESS, "Orange", "achats@orange.example", code, &e), 0);
    CHECK_INT(party_add(&c, PARTY_PUBLIC, "CHU Grenoble Alpes", NULL, code, &e), 0);
    CHECK_INT(party_add(&c, PARTY_PERSON, NAME, CONTACT, code, &e), 0);
    CHECK_STR(code, "GRE1-P0004");
    CHECK_INT(party_add(&c, PARTY_PERSON, NULL, NULL, code, &e), 0);   /* a person known by code only */
    CHECK_STR(code, "GRE1-P0005");
    CHECK_INT(party_get(&c, "gre1-p0004", &p, &e), 1);   /* any case */
    CHECK_STR(p.code, "GRE1-P0004");
    CHECK_INT(p.kind, PARTY_PERSON);
    CHECK_STR(p.name, NAME);
    CHECK_STR(p.contact, CONTACT);
    CHECK_INT(p.forgotten, 0);
    CHECK_INT(party_get(&c, "GRE1-P0002", &p, &e), 1);
    CHECK_STR(p.name, "Orange");
    CHECK_STR(p.contact, "achats@orange.example");
    CHECK_INT(party_get(&c, "GRE1-P0005", &p, &e), 1);
    CHECK_STR(p.name, "");
    CHECK_INT(party_get(&c, "GRE1-P0099", &p, &e), 0);
    CHECK_STR(support_query(&c, "SELECT name FROM parties WHERE code = 'GRE1-P0004'"), "");
    CHECK_STR(support_query(&c, "SELECT payload FROM events WHERE kind = 'party.create' AND payload LIKE '%P0004%'"),
              "{\"code\":\"GRE1-P0004\",\"kind\":\"person\"}");
    /* no event holds the contact of anyone, nor the person's name */
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE payload LIKE '%Marchal%' OR payload LIKE '%06 12%' "
                                "OR payload LIKE '%achats%'"), "0");
    /* the store: a 32-byte key, a 24-byte nonce, a box that is not the text */
    CHECK_STR(support_query(&c, "SELECT length(key) FROM party_keys WHERE code = 'GRE1-P0004'"), "32");
    CHECK_STR(support_query(&c, "SELECT length(nonce) FROM party_private WHERE code = 'GRE1-P0004'"), "24");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM party_private WHERE instr(box, 'Marchal') OR instr(box, '06 12')"), "0");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM party_keys"), "2");   /* Orange's contact, Zoé */
    ctx_close(&c);
}

/* 2. bad input: refused, nothing stored */
TEST(add_refusals)
{
    Ctx c;
    Err e = { 0 };
    char code[PARTY_CODE_MAX];
    CHECK(support_ctx(&c, "p2.db", "GRE1") == 0);
    CHECK_INT(party_add(&c, PARTY_BUSINESS, "  ", NULL, code, &e), -1);
    CHECK_INT(e.code, ERR_USAGE);
    CHECK_INT(party_add(&c, PARTY_PERSON, "Zoé\x1b[2J", NULL, code, &e), -1);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_INT(party_add(&c, PARTY_PERSON, "Zoé", "line\nbreak", code, &e), -1);
    CHECK_INT(party_add(&c, (PartyKind)7, "X", NULL, code, &e), -1);
    char longname[PARTY_NAME_MAX + 2];
    memset(longname, 'a', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    CHECK_INT(party_add(&c, PARTY_ASSOCIATION, longname, NULL, code, &e), -1);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM parties"), "0");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM party_keys"), "0");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind LIKE 'party.%'"), "0");
    ctx_close(&c);
}

/* 3. an association's name and kind change by party.update; its contact
 * on this PC only; a person's name never by an event */
TEST(edit)
{
    Ctx c;
    Err e = { 0 };
    char biz[PARTY_CODE_MAX], who[PARTY_CODE_MAX];
    Party p;
    CHECK(support_ctx(&c, "p3.db", "GRE1") == 0);
    CHECK_INT(party_add(&c, PARTY_BUSINESS, "Mairie de Grenoble", NULL, biz, &e), 0);
    CHECK_INT(party_add(&c, PARTY_PERSON, NAME, NULL, who, &e), 0);
    CHECK_INT(party_edit(&c, biz, PARTY_PUBLIC, "Ville de Grenoble", NULL, &e), 0);
    CHECK_INT(party_get(&c, biz, &p, &e), 1);
    CHECK_INT(p.kind, PARTY_PUBLIC);
    CHECK_STR(p.name, "Ville de Grenoble");
    CHECK_STR(support_query(&c, "SELECT payload FROM events WHERE kind = 'party.update'"),
              "{\"code\":\"GRE1-P0001\",\"kind\":\"public\",\"name\":\"Ville de Grenoble\"}");
    /* the contact alone: no event */
    CHECK_INT(party_edit(&c, biz, -1, NULL, "DSI, 04 76 00 00 00", &e), 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'party.update'"), "1");
    CHECK_INT(party_get(&c, biz, &p, &e), 1);
    CHECK_STR(p.contact, "DSI, 04 76 00 00 00");
    CHECK_STR(p.name, "Ville de Grenoble");
    /* nothing changed: nothing recorded */
    CHECK_INT(party_edit(&c, biz, PARTY_PUBLIC, "Ville de Grenoble", NULL, &e), 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'party.update'"), "1");
    /* a person: a new sealing (new nonce), no event */
    char nonce[80];
    snprintf(nonce, sizeof nonce, "%s", support_query(&c, "SELECT hex(nonce) FROM party_private WHERE code = 'GRE1-P0002'"));
    CHECK_INT(party_edit(&c, who, -1, "Zoé Marchal-Duval", CONTACT, &e), 0);
    CHECK_INT(party_get(&c, who, &p, &e), 1);
    CHECK_STR(p.name, "Zoé Marchal-Duval");
    CHECK_STR(p.contact, CONTACT);
    CHECK(strcmp(nonce, support_query(&c, "SELECT hex(nonce) FROM party_private WHERE code = 'GRE1-P0002'")) != 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'party.update'"), "1");
    /* refusals, nothing changed */
    CHECK_INT(party_edit(&c, who, PARTY_BUSINESS, NULL, NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "person");
    CHECK_INT(party_edit(&c, biz, PARTY_PERSON, NULL, NULL, &e), -1);
    CHECK_INT(party_edit(&c, biz, -1, "", NULL, &e), -1);
    CHECK_INT(party_edit(&c, biz, -1, "bad\x07", NULL, &e), -1);
    CHECK_INT(party_edit(&c, "GRE1-P0042", -1, "X", NULL, &e), -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    CHECK_INT(party_get(&c, biz, &p, &e), 1);
    CHECK_STR(p.name, "Ville de Grenoble");
    CHECK_INT(p.kind, PARTY_PUBLIC);
    ctx_close(&c);
}

/* 4. forget: the key and the box are gone, the row says forgotten, and
 * the key's bytes are in neither the file nor its WAL (the connection
 * still open, so the WAL is there) */
TEST(forget)
{
    Ctx c;
    Err e = { 0 };
    char who[PARTY_CODE_MAX], biz[PARTY_CODE_MAX], lot[LOT_ID_MAX], path[512], wal[520];
    Party p;
    CHECK(support_ctx(&c, "p4.db", "GRE1") == 0);
    snprintf(path, sizeof path, "%s/p4.db", support_tmpdir());
    snprintf(wal, sizeof wal, "%s-wal", path);
    CHECK_INT(party_add(&c, PARTY_PERSON, NAME, CONTACT, who, &e), 0);
    CHECK_INT(party_add(&c, PARTY_ASSOCIATION, "Emmaüs Connect", NULL, biz, &e), 0);
    CHECK_INT(party_edit(&c, who, -1, "Zoé Marchal bis", NULL, &e), 0);   /* an older box lies somewhere */
    unsigned char key[32];
    size_t kn = 0;
    {
        sqlite3_stmt *st;
        CHECK(sqlite3_prepare_v2(db_handle(c.db), "SELECT key FROM party_keys WHERE code = 'GRE1-P0001'", -1, &st, NULL) == SQLITE_OK);
        if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) == 32) {
            memcpy(key, sqlite3_column_blob(st, 0), 32);
            kn = 32;
        }
        sqlite3_finalize(st);
    }
    CHECK_INT(kn, 32);
    size_t n, nw;
    unsigned char *db = slurp(path, &n), *w = slurp(wal, &nw);
    CHECK_MSG(contains(db, n, key, 32) || contains(w, nw, key, 32), "the key is nowhere before (the test would prove nothing)");
    free(db);
    free(w);
    int r = party_forget(&c, "gre1-p0001", &e);
    CHECK_MSG(r == 0, "forget: %d %s", r, e.msg);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM party_keys WHERE code = 'GRE1-P0001'"), "0");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM party_private WHERE code = 'GRE1-P0001'"), "0");
    CHECK_STR(support_query(&c, "SELECT payload FROM events WHERE kind = 'party.forget'"), "{\"code\":\"GRE1-P0001\"}");
    CHECK_INT(party_get(&c, who, &p, &e), 1);
    CHECK_INT(p.forgotten, 1);
    CHECK_STR(p.name, "");
    CHECK_STR(p.contact, "");
    db = slurp(path, &n);
    w = slurp(wal, &nw);
    CHECK(db != NULL);
    int in_db = contains(db, n, key, 32), in_wal = contains(w, nw, key, 32);
    int name_db = contains(db, n, "Marchal", 7) || contains(w, nw, "Marchal", 7);
    free(db);
    free(w);
    CHECK_MSG(!in_db && !in_wal, "the key is still in the %s", in_db ? "file" : "WAL");
    CHECK(!name_db);
    CHECK_INT(nw, 0);   /* the WAL was cut to nothing */
    /* refusals, nothing changed */
    int64_t before = atoll(support_query(&c, "SELECT count(*) FROM events"));
    CHECK_INT(party_forget(&c, who, &e), -1);
    CHECK_CONTAINS(e.msg, "already");
    CHECK_INT(party_forget(&c, biz, &e), -1);
    CHECK_CONTAINS(e.msg, "not a person");
    CHECK_INT(party_forget(&c, "GRE1-P0077", &e), -1);
    CHECK_INT(e.code, ERR_NOTFOUND);
    CHECK_INT(party_edit(&c, who, -1, "Back again", NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "forgotten");
    CHECK_INT(lot_add(&c, who, "", -1, NULL, lot, &e), -1);
    CHECK_INT(atoll(support_query(&c, "SELECT count(*) FROM events")), before);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM party_keys"), "0");
    ctx_close(&c);
}

/* 5. only the workshop of the code's prefix changes a party: refused up
 * front here, and an event of another kept without effect */
TEST(owner_only)
{
    Ctx c;
    Err e = { 0 };
    char mine[PARTY_CODE_MAX];
    Party p;
    CHECK(support_ctx(&c, "p5.db", "GRE1") == 0);
    CHECK_INT(party_add(&c, PARTY_ASSOCIATION, "Emmaüs Connect", NULL, mine, &e), 0);
    long long t = 1900000000000LL;
    CHECK_INT(import(&c, "LYO1", t, "party.create", json_pack("{s:s, s:s}", "code", "LYO1-P0001", "kind", "person"), &e), 1);
    CHECK_INT(party_get(&c, "LYO1-P0001", &p, &e), 1);
    CHECK_STR(p.workshop, "LYO1");
    CHECK_INT(party_edit(&c, "LYO1-P0001", -1, "Someone", NULL, &e), -1);
    CHECK_CONTAINS(e.msg, "LYO1");
    CHECK_INT(party_forget(&c, "LYO1-P0001", &e), -1);
    CHECK_CONTAINS(e.msg, "LYO1");
    CHECK_STR(support_query(&c, "SELECT count(*) FROM party_keys"), "0");
    /* LYO1 renames and forgets GRE1's party: kept, refused, no effect */
    CHECK_INT(import(&c, "LYO1", t + 1, "party.update",
                     json_pack("{s:s, s:s, s:s}", "code", mine, "kind", "business", "name", "Forged"), &e), 1);
    CHECK_INT(import(&c, "LYO1", t + 2, "party.forget", json_pack("{s:s}", "code", mine), &e), 1);
    CHECK_INT(party_get(&c, mine, &p, &e), 1);
    CHECK_STR(p.name, "Emmaüs Connect");
    CHECK_INT(p.kind, PARTY_ASSOCIATION);
    CHECK_INT(p.forgotten, 0);
    CHECK_STR(support_query(&c, "SELECT group_concat(reason) FROM refused"), "party_not_owned,party_not_owned");
    /* a person's name in an event (a forged or older writer) is not stored */
    CHECK_INT(import(&c, "LYO1", t + 3, "party.update",
                     json_pack("{s:s, s:s, s:s}", "code", "LYO1-P0001", "kind", "person", "name", "Leaked"), &e), 1);
    CHECK_STR(support_query(&c, "SELECT name FROM parties WHERE code = 'LYO1-P0001'"), "");
    ctx_close(&c);
}

typedef struct Evs {
    Event v[32];
    int n;
} Evs;

static int keep(void *arg, const Event *ev)
{
    Evs *a = arg;
    if (a->n < 32 && !strncmp(ev->kind, "party.", 6)) {
        a->v[a->n] = *ev;
        a->v[a->n++].payload = json_incref(ev->payload);
    }
    return 0;
}

/* 6. the same parties whatever order the events arrive in, and after a
 * rebuild (which leaves the private store alone) */
TEST(order_and_rebuild)
{
    Ctx a, b;
    Err e = { 0 };
    char x[PARTY_CODE_MAX], y[PARTY_CODE_MAX], z[PARTY_CODE_MAX];
    CHECK(support_ctx(&a, "p6a.db", "GRE1") == 0);
    CHECK(support_ctx(&b, "p6b.db", "LYO1") == 0);
    CHECK_INT(party_add(&a, PARTY_BUSINESS, "Mairie", NULL, x, &e), 0);
    CHECK_INT(party_add(&a, PARTY_PERSON, NAME, CONTACT, y, &e), 0);
    CHECK_INT(party_add(&a, PARTY_PERSON, "Jean Dupont", NULL, z, &e), 0);
    CHECK_INT(party_edit(&a, x, PARTY_PUBLIC, "Ville de Grenoble", NULL, &e), 0);
    CHECK_INT(party_edit(&a, x, -1, "Grenoble-Alpes Métropole", NULL, &e), 0);
    CHECK_INT(party_forget(&a, y, &e), 0);
    Evs evs = { .n = 0 };
    CHECK(event_since(&a, 0, -1, keep, &evs, &e) == 0);
    CHECK_INT(evs.n, 6);
    for (int i = evs.n - 1; i >= 0; i--)   /* newest first: the worst order */
        CHECK_INT(event_import(&b, &evs.v[i], &e), 1);
    const char *q = "SELECT group_concat(code || '|' || workshop || '|' || kind || '|' || name || '|' || forgotten || '|' "
                    "|| created_hlc || '|' || updated_hlc, ';') FROM (SELECT * FROM parties ORDER BY code)";
    char want[2048];
    snprintf(want, sizeof want, "%s", support_query(&a, q));
    CHECK_CONTAINS(want, "GRE1-P0001|GRE1|public|Grenoble-Alpes Métropole|0|");
    CHECK_CONTAINS(want, "GRE1-P0002|GRE1|person||1|");
    CHECK_STR(support_query(&b, q), want);
    CHECK_STR(support_query(&b, "SELECT count(*) FROM refused"), "0");
    /* rebuild: the same rows, Jean's name still read back */
    char *before = support_dump_projections(&a);
    CHECK_INT(event_rebuild(&a, &e), 0);
    char *after = support_dump_projections(&a);
    int same = !strcmp(before, after);
    free(before);
    free(after);
    CHECK(same);
    Party p;
    CHECK_INT(party_get(&a, z, &p, &e), 1);
    CHECK_STR(p.name, "Jean Dupont");
    for (int i = 0; i < evs.n; i++) json_decref(evs.v[i].payload);
    ctx_close(&a);
    ctx_close(&b);
}

typedef struct Seen {
    char codes[512];
    int n;
} Seen;

static int seen(void *arg, const Party *p)
{
    Seen *s = arg;
    size_t l = strlen(s->codes);
    snprintf(s->codes + l, sizeof s->codes - l, "%s%s", l ? " " : "", p->code);
    s->n++;
    return 0;
}

/* 7. the list: this workshop's by default, by kind, searched as typed
 * (every word, any case, in code, name, contact or kind) */
TEST(list)
{
    Ctx c;
    Err e = { 0 };
    char code[PARTY_CODE_MAX];
    CHECK(support_ctx(&c, "p7.db", "GRE1") == 0);
    CHECK_INT(party_add(&c, PARTY_ASSOCIATION, "Emmaüs Connect", NULL, code, &e), 0);
    CHECK_INT(party_add(&c, PARTY_BUSINESS, "Orange", "achats@orange.example", code, &e), 0);
    CHECK_INT(party_add(&c, PARTY_PERSON, NAME, CONTACT, code, &e), 0);
    CHECK_INT(import(&c, "LYO1", 1900000000000LL, "party.create",
                     json_pack("{s:s, s:s, s:s}", "code", "LYO1-P0001", "kind", "association", "name", "Envie Lyon"), &e), 1);
    Seen s = { "", 0 };
    PartyQuery q = { .kind = -1 };
    CHECK_INT(party_list(&c, &q, seen, &s, &e), 0);
    CHECK_STR(s.codes, "GRE1-P0001 GRE1-P0002 GRE1-P0003");
    q.all = 1;
    s = (Seen){ "", 0 };
    CHECK_INT(party_list(&c, &q, seen, &s, &e), 0);
    CHECK_STR(s.codes, "GRE1-P0001 GRE1-P0002 GRE1-P0003 LYO1-P0001");
    q = (PartyQuery){ .kind = PARTY_PERSON };
    s = (Seen){ "", 0 };
    CHECK_INT(party_list(&c, &q, seen, &s, &e), 0);
    CHECK_STR(s.codes, "GRE1-P0003");
    q = (PartyQuery){ .kind = -1, .search = "marchal zo" };
    s = (Seen){ "", 0 };
    CHECK_INT(party_list(&c, &q, seen, &s, &e), 0);
    CHECK_STR(s.codes, "GRE1-P0003");
    q.search = "ORANGE.EXAMPLE";
    s = (Seen){ "", 0 };
    CHECK_INT(party_list(&c, &q, seen, &s, &e), 0);
    CHECK_STR(s.codes, "GRE1-P0002");
    q.search = "p0001";
    s = (Seen){ "", 0 };
    CHECK_INT(party_list(&c, &q, seen, &s, &e), 0);
    CHECK_STR(s.codes, "GRE1-P0001");
    q.search = "orange marchal";   /* every word must be found */
    s = (Seen){ "", 0 };
    CHECK_INT(party_list(&c, &q, seen, &s, &e), 0);
    CHECK_INT(s.n, 0);
    ctx_close(&c);
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(add_each_kind);
    RUN(add_refusals);
    RUN(edit);
    RUN(forget);
    RUN(owner_only);
    RUN(order_and_rebuild);
    RUN(list);
    return t_done();
}
