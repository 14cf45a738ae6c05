/*
 * alloc.c — reservations, allocations, returns, parts and recycling (see
 * alloc.h): every check first, then the events (core/log/apply_alloc.c
 * folds them), in one transaction.
 */
#include "core/alloc/alloc.h"
#include "core/grading/state_change.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/log/event.h"
#include "util/i18n.h"
#include "util/text.h"
#include "util/units.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- dates, prices, weights --------------------------------------------- */

void alloc_today(char out[ALLOC_DATE_MAX])
{
    char iso[32];
    hlc_iso(hlc_make(hlc_wall_ms(), 0), iso);
    snprintf(out, ALLOC_DATE_MAX, "%.10s", iso);
}

/* A real day "YYYY-MM-DD" (2026-02-30 is not): its time_t at 00:00 UTC. */
static int date_parse(const char *s, time_t *t)
{
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-') return -1;
    struct tm tm = { .tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d };
    time_t v = timegm(&tm);
    struct tm back;
    if (v == (time_t)-1 || !gmtime_r(&v, &back)) return -1;
    if (back.tm_year != y - 1900 || back.tm_mon != m - 1 || back.tm_mday != d) return -1;
    *t = v;
    return 0;
}

static void date_plus(const char *today, int days, char out[ALLOC_DATE_MAX])
{
    time_t t;
    if (date_parse(today, &t) < 0) t = time(NULL);
    t += (time_t)days * 86400;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, ALLOC_DATE_MAX, "%Y-%m-%d", &tm);
}

static const char *today_or_now(const char *today, char buf[ALLOC_DATE_MAX])
{
    if (today && *today) return today;
    alloc_today(buf);
    return buf;
}

/* "179,50", "180", "12.5" → the number × 10^scale_digits, rounded down. */
static int decimal_parse(const char *text, int scale_digits, long long max, long long *out)
{
    const char *p = text;
    while (isspace((unsigned char)*p)) p++;
    long long whole = 0, frac = 0;
    int digits = 0, fd = 0;
    for (; isdigit((unsigned char)*p); p++, digits++) {
        whole = whole * 10 + (*p - '0');
        if (whole > max) return -1;
    }
    if (*p == ',' || *p == '.') {
        p++;
        for (; isdigit((unsigned char)*p); p++, fd++)
            if (fd < scale_digits) frac = frac * 10 + (*p - '0');
            else if (*p != '0') return -1;   /* finer than a cent, a gram */
    }
    if (!digits && !fd) return -1;
    for (int i = fd; i < scale_digits; i++) frac *= 10;
    long long scale = 1;
    for (int i = 0; i < scale_digits; i++) scale *= 10;
    *out = whole * scale + frac;
    return *out > max * scale ? -1 : (int)(p - text);
}

static int only_blanks_or(const char *p, const char *unit)
{
    while (isspace((unsigned char)*p)) p++;
    if (unit && !strncmp(p, unit, strlen(unit))) p += strlen(unit);
    while (isspace((unsigned char)*p)) p++;
    return *p == '\0';
}

int alloc_price_parse(const char *text, long long *cents, Err *e)
{
    int n = text ? decimal_parse(text, 2, 1000000, cents) : -1;
    if (n < 0 || !(only_blanks_or(text + n, "€") || only_blanks_or(text + n, "EUR")))
        return err_set(e, ERR_USAGE, _("price: \"%s\" is not a price in euros (180, 179,50)"), text ? text : "");
    return 0;
}

int alloc_weight_parse(const char *text, long long *grams, Err *e)
{
    int n = text ? decimal_parse(text, 3, ALLOC_WEIGHT_MAX_G / 1000, grams) : -1;
    if (n < 0 || !only_blanks_or(text + n, "kg"))
        return err_set(e, ERR_USAGE, _("weight: \"%s\" is not a weight in kilograms (12, 0,8)"), text ? text : "");
    return 0;
}

/* ---- reading ------------------------------------------------------------ */

#define ALLOC_COLUMNS \
    "SELECT a.id, a.device, a.workshop, a.party, coalesce(p.kind, ''), a.kind, a.status, a.price_cents, a.until, " \
    "a.returned, a.created_hlc, a.updated_hlc FROM allocations a LEFT JOIN parties p ON p.code = a.party "
static const char SQL_CURRENT[] = ALLOC_COLUMNS "WHERE a.device = ?1 ORDER BY a.created_hlc DESC, a.id DESC LIMIT 1";
static const char SQL_ALL[] = ALLOC_COLUMNS "ORDER BY a.created_hlc DESC, a.id DESC";
static const char SQL_PARTY[] = ALLOC_COLUMNS "WHERE a.party = ?1 COLLATE NOCASE ORDER BY a.created_hlc DESC, a.id DESC";
static const char SQL_DISPOSAL[] = "SELECT kind, channel, weight_g, hlc FROM disposals WHERE device = ?1";

static void col(sqlite3_stmt *st, int i, char *out, size_t size)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    snprintf(out, size, "%s", v ? v : "");
}

static void day_of(Hlc h, char out[ALLOC_DATE_MAX])
{
    char iso[32];
    hlc_iso(h, iso);
    snprintf(out, ALLOC_DATE_MAX, "%.10s", iso);
}

static void alloc_from_row(sqlite3_stmt *st, Allocation *a)
{
    char buf[32];
    memset(a, 0, sizeof *a);
    col(st, 0, a->id, sizeof a->id);
    col(st, 1, a->device, sizeof a->device);
    col(st, 2, a->workshop, sizeof a->workshop);
    col(st, 3, a->party, sizeof a->party);
    col(st, 4, buf, sizeof buf);
    int pk = vocab_find(&VOCAB_PARTY_KIND, buf);
    a->party_kind = pk >= 0 ? (PartyKind)pk : PARTY__COUNT;
    col(st, 5, buf, sizeof buf);
    int k = vocab_find(&VOCAB_ALLOC_KIND, buf);
    a->kind = k >= 0 ? (AllocKindId)k : AK_RESERVATION;
    col(st, 6, buf, sizeof buf);
    int s = vocab_find(&VOCAB_ALLOC_STATUS, buf);
    a->status = s >= 0 ? (AllocStatusId)s : AS_CANCELLED;
    a->price_cents = sqlite3_column_int64(st, 7);
    col(st, 8, a->until, sizeof a->until);
    col(st, 9, a->returned, sizeof a->returned);
    a->created_hlc = (Hlc)sqlite3_column_int64(st, 10);
    a->updated_hlc = (Hlc)sqlite3_column_int64(st, 11);
    day_of(a->created_hlc, a->created);
    day_of(a->updated_hlc, a->updated);
}

int alloc_current(Ctx *c, const char *device, Allocation *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_CURRENT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) alloc_from_row(st, out);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW) return 1;
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

int alloc_expired(const Allocation *a, const char *today)
{
    char buf[ALLOC_DATE_MAX];
    return a->kind == AK_RESERVATION && a->status == AS_INTERESTED && a->until[0]
        && strcmp(a->until, today_or_now(today, buf)) < 0;
}

int alloc_holds(const Allocation *a, const char *today)
{
    return (a->status == AS_INTERESTED || a->status == AS_CONFIRMED) && !alloc_expired(a, today);
}

int alloc_list(Ctx *c, const char *party, AllocCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, party ? SQL_PARTY : SQL_ALL, e);
    if (!st) return -1;
    if (party) sqlite3_bind_text(st, 1, party, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        Allocation a;
        alloc_from_row(st, &a);
        if (cb(arg, &a)) break;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}

void alloc_describe(const Allocation *a, const char *today, char *out, size_t size)
{
    char price[32], more[96];
    if (a->kind == AK_RESERVATION && a->status == AS_INTERESTED) {
        if (a->until[0]) snprintf(out, size, _("reserved for %s until %s"), a->party, a->until);
        else snprintf(out, size, _("reserved for %s"), a->party);
        if (alloc_expired(a, today)) snprintf(out + strlen(out), size - strlen(out), " (%s)", _("expired"));
        return;
    }
    /* TRANSLATORS: « don à GRE1-P0003 » */
    snprintf(out, size, _("%s to %s"), vocab_label(&VOCAB_ALLOC_KIND, a->kind), a->party);
    if (a->price_cents >= 0) {
        units_euros(a->price_cents, price, sizeof price);
        snprintf(out + strlen(out), size - strlen(out), ", %s", price);
    }
    if (a->until[0] && a->kind == AK_LOAN) {
        snprintf(more, sizeof more, _("until %s"), a->until);
        snprintf(out + strlen(out), size - strlen(out), ", %s", more);
    }
    if (a->status == AS_RETURNED) snprintf(more, sizeof more, _("back %s"), a->returned);
    else snprintf(more, sizeof more, "%s", vocab_label(&VOCAB_ALLOC_STATUS, a->status));
    snprintf(out + strlen(out), size - strlen(out), ", %s", more);
}

json_t *alloc_to_json(const Allocation *a, const char *today)
{
    json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "id", a->id, "device", a->device,
                          "workshop", a->workshop, "party", a->party,
                          "party_kind", a->party_kind < PARTY__COUNT ? party_kind_key(a->party_kind) : "",
                          "kind", vocab_key(&VOCAB_ALLOC_KIND, a->kind),
                          "status", vocab_key(&VOCAB_ALLOC_STATUS, a->status), "created", a->created,
                          "expired", alloc_expired(a, today));
    if (a->price_cents >= 0) json_object_set_new(j, "price_cents", json_integer(a->price_cents));
    if (a->until[0]) json_object_set_new(j, "until", json_string(a->until));
    if (a->returned[0]) json_object_set_new(j, "returned", json_string(a->returned));
    json_object_set_new(j, "updated", json_string(a->updated));
    return j;
}

int alloc_fate(Ctx *c, const char *device, Fate *out, Err *e)
{
    memset(out, 0, sizeof *out);
    out->weight_g = -1;
    sqlite3_stmt *st = db_stmt(c->db, SQL_DISPOSAL, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, device, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        out->fate = !strcmp((const char *)sqlite3_column_text(st, 0), "recycled") ? FATE_RECYCLED : FATE_PARTS;
        col(st, 1, out->channel, sizeof out->channel);
        out->weight_g = sqlite3_column_int64(st, 2);
        day_of((Hlc)sqlite3_column_int64(st, 3), out->disposed);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    if (out->fate != FATE_NONE) return 0;
    int f = alloc_current(c, device, &out->alloc, e);
    if (f < 0) return -1;
    if (f && out->alloc.status != AS_CANCELLED)
        out->fate = out->alloc.kind == AK_RESERVATION ? FATE_RESERVED : FATE_ALLOCATED;
    return 0;
}

/* ---- checks ------------------------------------------------------------- */

/* The device by key, this workshop's. */
static int own_device(Ctx *c, const char *key, Device *d, Err *e)
{
    int f = device_find(c, key, d, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), key);
    if (strcmp(d->workshop, c->workshop))
        return err_set(e, ERR_INPUT, _("%s: this device belongs to workshop %s; only that workshop can allocate it."),
                       d->id, d->workshop);
    return 0;
}

/* A party that may receive a device. */
static int taker(Ctx *c, const char *code, Party *p, Err *e)
{
    if (!code || !*code) return err_set(e, ERR_USAGE, "%s", _("A party code is needed (boucle party add prints one)."));
    int f = party_code_like(code) ? party_get(c, code, p, e) : 0;
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No party %s: check the code, or add the party first."), code);
    if (p->forgotten)
        return err_set(e, ERR_INPUT, _("Party %s is a person who asked to be forgotten: nothing can be given to them under "
                                      "this code any more."), p->code);
    return 0;
}

/* The rules a device leaving the workshop obeys whatever its state (every
 * disk erased, graded for reuse): those of going from ready to reused. */
static int may_leave(Ctx *c, const Device *d, Err *e)
{
    Device ready = *d;
    ready.state = ST_READY;
    StateOption o[ST__COUNT];
    int n = device_state_options(c, &ready, o, e);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++)
        if (o[i].to == ST_REUSED && !o[i].allowed) return err_set(e, ERR_INPUT, _("%s: %s"), d->id, o[i].why);
    return 0;
}

/* Whether the device is free for party p now: ready, or held by nobody
 * else (its reservation for p, an expired one, a state set by hand). */
static int free_for(Ctx *c, const Device *d, const Party *p, const AllocRequest *r, const char *today, Err *e)
{
    if (d->state != ST_READY && d->state != ST_RESERVED)
        return err_set(e, ERR_INPUT, _("%s is not ready (it is « %s »): only a ready device can be reserved or allocated."),
                       d->id, state_label(d->state));
    Allocation a;
    int f = alloc_current(c, d->id, &a, e);
    if (f < 0) return -1;
    if (d->state == ST_READY || !f || !alloc_holds(&a, today)) return 0;
    if (a.kind != AK_RESERVATION)
        return err_set(e, ERR_INPUT, _("%s is already allocated to %s (%s, %s): cancel that allocation first."), d->id,
                       a.party, vocab_label(&VOCAB_ALLOC_KIND, a.kind), vocab_label(&VOCAB_ALLOC_STATUS, a.status));
    if (strcasecmp(a.party, p->code)) {
        if (a.until[0])
            return err_set(e, ERR_INPUT, _("%s is reserved for %s until %s."), d->id, a.party, a.until);
        return err_set(e, ERR_INPUT, _("%s is reserved for %s."), d->id, a.party);
    }
    if (r->kind == AK_RESERVATION && !strcmp(a.until, r->until ? r->until : ""))
        return err_set(e, ERR_INPUT, _("%s is reserved for %s already."), d->id, a.party);
    return 0;
}

/* A printer sold as a multifunction one: its model says so (the profile
 * gives those their own cap). */
static int multifunction(const Device *d)
{
    static const char *const WORDS[] = { "mfp", "multifunction", "multifonction", "all-in-one", "mfc" };
    char low[sizeof d->model];
    size_t i = 0;
    for (; d->model[i] && i + 1 < sizeof low; i++) low[i] = (char)tolower((unsigned char)d->model[i]);
    low[i] = '\0';
    for (size_t w = 0; w < sizeof WORDS / sizeof WORDS[0]; w++)
        if (strstr(low, WORDS[w])) return 1;
    return 0;
}

/* A sale of a device a public body gave, above the solidarity cap. */
static int price_capped(Ctx *c, const Device *d, const AllocRequest *r, const Profile **prof, Profile *own,
                        int *own_loaded, Err *e)
{
    if (r->kind != AK_SALE) return 0;
    Lot lot;
    int f = d->lot[0] ? lot_get(c, d->lot, &lot, e) : 0;
    if (f < 0) return -1;
    Party donor;
    int g = f && lot.donor_code[0] ? party_get(c, lot.donor_code, &donor, e) : 0;
    if (g < 0) return -1;
    if (!g || donor.kind != PARTY_PUBLIC) return 0;
    if (!*prof) {
        if (profile_load_default(NULL, own, e) < 0) return -1;
        *own_loaded = 1;
        *prof = own;
    }
    int mfp = d->category == CAT_PRINTER && multifunction(d);
    long long cap = profile_price_cap_cents(*prof, category_key(d->category), mfp);
    if (cap < 0 || r->price_cents <= cap) return 0;
    char price[32], capped[32];
    units_euros(r->price_cents, price, sizeof price);
    units_euros(cap, capped, sizeof capped);
    const char *rule = profile_price_cap_rule(*prof);
    /* TRANSLATORS: device, price, donor, the rule's name, category, cap */
    return err_set(e, ERR_INPUT, _("%s: refused, %s is above the cap for a device a public body gave (%s): %s: %s %s."),
                   d->id, price, lot.donor, rule[0] ? rule : _("solidarity price"),
                   mfp ? _("multifunction printer") : category_label(d->category), capped);
}

static int check_request(const AllocRequest *r, const char *today, char until[ALLOC_DATE_MAX], Err *e)
{
    time_t t, now;
    if ((unsigned)r->kind >= AK__COUNT) return err_set(e, ERR_USAGE, "%s", _("Unknown kind of allocation."));
    if (r->kind != AK_RESERVATION && r->status != AS_INTERESTED && r->status != AS_CONFIRMED && r->status != AS_DELIVERED)
        return err_set(e, ERR_USAGE, "%s", _("An allocation starts interested, confirmed or delivered."));
    if (r->kind == AK_SALE && r->price_cents < 0)
        return err_set(e, ERR_USAGE, "%s", _("A sale needs its price."));
    if (r->kind != AK_SALE && r->price_cents >= 0)
        return err_set(e, ERR_USAGE, "%s", _("Only a sale has a price."));
    if (r->kind == AK_LOAN && (!r->until || !*r->until))
        return err_set(e, ERR_USAGE, "%s", _("A loan needs the date it comes back."));
    if ((r->kind == AK_DONATION || r->kind == AK_SALE) && r->until && *r->until)
        return err_set(e, ERR_USAGE, "%s", _("A date is for a reservation or a loan."));
    if (r->kind == AK_RESERVATION && (!r->until || !*r->until)) {
        date_plus(today, ALLOC_RESERVE_DAYS, until);
        return 0;
    }
    if (!r->until || !*r->until) {
        until[0] = '\0';
        return 0;
    }
    if (date_parse(r->until, &t) < 0) return err_set(e, ERR_INPUT, _("date: \"%s\" is not a date (YYYY-MM-DD)"), r->until);
    if (date_parse(today, &now) == 0 && t < now)
        return err_set(e, ERR_INPUT, _("date: %s is already past."), r->until);
    snprintf(until, ALLOC_DATE_MAX, "%s", r->until);
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

int alloc_devices(Ctx *c, const char *const *keys, size_t n, const AllocRequest *r, const char *today_in, Err *e)
{
    char tbuf[ALLOC_DATE_MAX], until[ALLOC_DATE_MAX];
    const char *today = today_or_now(today_in, tbuf);
    if (!n) return err_set(e, ERR_USAGE, "%s", _("No device given."));
    if (check_request(r, today, until, e) < 0) return -1;
    Party p;
    if (taker(c, r->party, &p, e) < 0) return -1;
    const Profile *prof = r->profile;
    Profile own;
    int own_loaded = 0, rc = 0;
    if (db_begin(c->db, e) < 0) return -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        Device d;
        if (own_device(c, keys[i], &d, e) < 0 || free_for(c, &d, &p, r, today, e) < 0 || may_leave(c, &d, e) < 0 ||
            price_capped(c, &d, r, &prof, &own, &own_loaded, e) < 0) {
            rc = -1;
            break;
        }
        json_t *pl = json_pack("{s:s}", "party", p.code);
        if (until[0]) json_object_set_new(pl, "until", json_string(until));
        if (r->kind != AK_RESERVATION) {
            json_object_set_new(pl, "as", json_string(vocab_key(&VOCAB_ALLOC_KIND, r->kind)));
            json_object_set_new(pl, "status", json_string(vocab_key(&VOCAB_ALLOC_STATUS, r->status)));
            if (r->price_cents >= 0) json_object_set_new(pl, "price_cents", json_integer(r->price_cents));
        }
        if (event_append(c, r->kind == AK_RESERVATION ? "alloc.reserve" : "alloc.allocate", d.id, pl, NULL, e) < 0)
            rc = -1;
    }
    if (own_loaded) profile_free(&own);
    if (rc < 0) {
        db_rollback(c->db);
        return -1;
    }
    return db_commit(c->db, e);
}

/* The device's allocation that is still open (interested or confirmed,
 * expired or not). */
static int open_allocation(Ctx *c, const Device *d, Allocation *a, Err *e)
{
    int f = alloc_current(c, d->id, a, e);
    if (f < 0) return -1;
    if (!f || (a->status != AS_INTERESTED && a->status != AS_CONFIRMED))
        return err_set(e, ERR_INPUT, _("%s has no reservation or allocation in progress."), d->id);
    return 0;
}

int alloc_advance(Ctx *c, const char *key, AllocStatusId status, const char *today, Err *e)
{
    (void)today;
    Device d;
    Allocation a;
    if (status != AS_CONFIRMED && status != AS_DELIVERED && status != AS_CANCELLED)
        return err_set(e, ERR_USAGE, "%s", _("An allocation moves to confirmed, delivered or cancelled."));
    if (own_device(c, key, &d, e) < 0 || open_allocation(c, &d, &a, e) < 0) return -1;
    if (a.kind == AK_RESERVATION && status != AS_CANCELLED)
        return err_set(e, ERR_INPUT, _("%s is only reserved for %s: allocate it (donation, sale or loan) to go on."),
                       d.id, a.party);
    if (status == a.status)
        return err_set(e, ERR_INPUT, _("The allocation of %s is « %s » already."), d.id, vocab_label(&VOCAB_ALLOC_STATUS, status));
    if (status == AS_CONFIRMED && a.status != AS_INTERESTED)
        return err_set(e, ERR_INPUT, _("The allocation of %s cannot go back to « %s »."), d.id,
                       vocab_label(&VOCAB_ALLOC_STATUS, status));
    if (status == AS_DELIVERED && may_leave(c, &d, e) < 0) return -1;
    json_t *pl = json_pack("{s:s, s:s}", "allocation", a.id, "status", vocab_key(&VOCAB_ALLOC_STATUS, status));
    return event_append(c, "alloc.status", d.id, pl, NULL, e);
}

int alloc_return(Ctx *c, const char *key, Err *e)
{
    Device d;
    Allocation a;
    if (own_device(c, key, &d, e) < 0) return -1;
    int f = alloc_current(c, d.id, &a, e);
    if (f < 0) return -1;
    if (!f || a.kind != AK_LOAN) {
        if (f && a.status != AS_CANCELLED && a.kind != AK_RESERVATION)
            return err_set(e, ERR_INPUT, _("%s was not lent but given as a %s: it does not come back."), d.id,
                           vocab_label(&VOCAB_ALLOC_KIND, a.kind));
        return err_set(e, ERR_INPUT, _("%s is not on loan: there is nothing to return."), d.id);
    }
    if (a.status == AS_RETURNED)
        return err_set(e, ERR_INPUT, _("The loan of %s came back already, on %s."), d.id, a.returned);
    if (a.status != AS_DELIVERED)
        return err_set(e, ERR_INPUT, _("The loan of %s was never delivered (it is « %s »): cancel it instead."), d.id,
                       vocab_label(&VOCAB_ALLOC_STATUS, a.status));
    return event_append(c, "alloc.return", d.id, json_pack("{s:s}", "allocation", a.id), NULL, e);
}

/* A device going to parts or recycling, by the table of states. */
static int may_dispose(Ctx *c, const Device *d, StateId to, Err *e)
{
    StateOption o[ST__COUNT];
    int n = device_state_options(c, d, o, e);
    if (n < 0) return -1;
    for (int i = 0; i < n; i++)
        if (o[i].to == to && !o[i].allowed) return err_set(e, ERR_INPUT, _("%s: %s"), d->id, o[i].why);
    if (d->state != to) return 0;
    char why[STATE_WHY_MAX];
    snprintf(why, sizeof why, _("The device is already « %s »."), state_label(to));
    return err_set(e, ERR_INPUT, _("%s: %s"), d->id, why);
}

int alloc_may_dispose(Ctx *c, const char *key, StateId to, Err *e)
{
    Device d;
    return own_device(c, key, &d, e) < 0 || may_dispose(c, &d, to, e) < 0 ? -1 : 0;
}

int alloc_parts(Ctx *c, const char *key, const char *note_in, Err *e)
{
    Device d;
    char note[1024] = "";
    if (note_in && text_field_clean(note_in, note, sizeof note, 200, _("note"), e) < 0) return -1;
    if (own_device(c, key, &d, e) < 0 || may_dispose(c, &d, ST_PARTS, e) < 0) return -1;
    json_t *pl = json_object();
    if (note[0]) json_object_set_new(pl, "note", json_string(note));
    return event_append(c, "device.parts", d.id, pl, NULL, e);
}

int alloc_recycle(Ctx *c, const char *key, const char *channel_in, long long weight_g, Err *e)
{
    Device d;
    char channel[ALLOC_CHANNEL_MAX * 4 + 1];
    if (text_field_clean(channel_in ? channel_in : "", channel, sizeof channel, ALLOC_CHANNEL_MAX, _("channel"), e) < 0)
        return -1;
    if (!channel[0])
        return err_set(e, ERR_USAGE, "%s", _("Say through which channel it is recycled (an eco-organism, a collector)."));
    if (weight_g > ALLOC_WEIGHT_MAX_G) return err_set(e, ERR_INPUT, "%s", _("weight: more than a tonne, surely a mistake."));
    if (own_device(c, key, &d, e) < 0 || may_dispose(c, &d, ST_RECYCLED, e) < 0) return -1;
    json_t *pl = json_pack("{s:s}", "channel", channel);
    if (weight_g >= 0) json_object_set_new(pl, "weight_g", json_integer(weight_g));
    return event_append(c, "device.recycle", d.id, pl, NULL, e);
}
