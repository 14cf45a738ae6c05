/*
 * quota.c — a public body's yearly statement (see quota.h): the donor's
 * side from a proof of reuse over the year, the buyer's from the
 * allocations it took delivery of and the purchases it declared.
 */
#include "core/report/quota.h"
#include "core/log/hlc.h"
#include "core/report/carbon.h"
#include "core/report/proof.h"
#include "core/settings/lang.h"
#include "core/stock/party.h"
#include "core/stock/party_purchases.h"
#include "util/date.h"
#include "util/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int quota_target_percent(int year) { return year < 2023 ? -1 : year == 2023 ? 25 : year == 2024 ? 35 : 50; }

static const char *js(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static long long ji(const json_t *o, const char *k) { return (long long)json_integer_value(json_object_get(o, k)); }

/* "66.7": num/den as a percent with one decimal, C's digits. */
static void percent_text(long long num, long long den, char out[32])
{
    long long pm = den ? (num * 1000 + den / 2) / den : 0;
    snprintf(out, 32, "%lld.%lld", pm / 10, pm % 10);
}

static void hlc_day(Hlc h, char out[11])
{
    char iso[32];
    hlc_iso(h, iso);
    snprintf(out, 11, "%s", iso);
}

static const char *col(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

/* The donor's side: {received, reused, ratio_percent, target_percent,
 * met, co2e_avoided_g, devices: [...]}; received 0 when it gave nothing. */
static json_t *donor_json(Ctx *c, const Profile *prof, const Party *p, int year, int64_t from, int64_t to, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, "SELECT count(*) FROM lots l JOIN devices d ON d.lot = l.id "
                                      "WHERE l.donor_code = ?1 AND l.workshop = ?2 "
                                      "AND d.received_hlc >= ?3 AND d.received_hlc < ?4", e);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, p->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)hlc_make(from, 0));
    sqlite3_bind_int64(st, 4, (sqlite3_int64)hlc_make(to, 0));
    int rc = sqlite3_step(st);
    long long n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_ROW) return db_error_rc(c->db, rc, e), NULL;
    int target = quota_target_percent(year);
    json_t *j = json_pack("{s:o}", "target_percent", target >= 0 ? json_integer(target) : json_null());
    if (!n) {
        json_object_set_new(j, "received", json_integer(0));
        json_object_set_new(j, "reused", json_integer(0));
        json_object_set_new(j, "ratio_percent", json_null());
        json_object_set_new(j, "met", json_null());
        json_object_set_new(j, "co2e_avoided_g", json_integer(0));
        json_object_set_new(j, "devices", json_array());
        return j;
    }
    char f[16], t[16];
    snprintf(f, sizeof f, "%04d-01-01", year);
    snprintf(t, sizeof t, "%04d-12-31", year);
    ProofQuery q = { .donor = p->code, .from = f, .to = t };
    json_t *proof = proof_build(c, prof, &q, e);
    if (!proof) { json_decref(j); return NULL; }
    const json_t *s = json_object_get(proof, "summary");
    long long rec = ji(s, "received"), reu = ji(s, "reused");
    json_object_set_new(j, "received", json_integer(rec));
    json_object_set_new(j, "reused", json_integer(reu));
    json_object_set_new(j, "ratio_percent", json_string(js(s, "reuse_ratio_percent")));
    json_object_set_new(j, "met", target >= 0 ? json_boolean(reu * 100 >= (long long)target * rec) : json_null());
    json_object_set_new(j, "co2e_avoided_g", json_integer(ji(s, "co2e_avoided_g")));
    json_t *devs = json_array(), *d;
    size_t i;
    json_array_foreach(json_object_get(proof, "devices"), i, d) {
        json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", js(d, "id"), "category", js(d, "category"),
                              "make", js(d, "make"), "model", js(d, "model"), "date", js(d, "received"),
                              "fate", js(d, "fate"));
        json_t *g = json_object_get(d, "co2e_g");
        json_object_set_new(r, "co2e_g", json_is_integer(g) ? json_integer(json_integer_value(g)) : json_null());
        json_array_append_new(devs, r);
    }
    json_object_set_new(j, "devices", devs);
    json_decref(proof);
    return j;
}

/* The buyer's side: {devices_bought, devices_free, paid_cents, declared_cents,
 * share_percent, devices: [...]}. */
static json_t *buyer_json(Ctx *c, const Profile *prof, const Party *p, int year, int64_t from, int64_t to, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, "SELECT a.device, a.kind, a.price_cents, a.updated_hlc, "
                                      "coalesce(d.category, 'other'), coalesce(d.make, ''), coalesce(d.model, '') "
                                      "FROM allocations a LEFT JOIN devices d ON d.id = a.device "
                                      "WHERE a.party = ?1 AND a.workshop = ?2 AND a.kind IN ('sale', 'donation') "
                                      "AND a.status = 'delivered' AND a.updated_hlc >= ?3 AND a.updated_hlc < ?4 "
                                      "ORDER BY a.updated_hlc, a.device", e);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, p->code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)hlc_make(from, 0));
    sqlite3_bind_int64(st, 4, (sqlite3_int64)hlc_make(to, 0));
    json_t *devs = json_array();
    long long bought = 0, free_n = 0, paid = 0, g = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        char day[11];
        hlc_day((Hlc)sqlite3_column_int64(st, 3), day);
        const char *kind = col(st, 1);
        long long price = sqlite3_column_int64(st, 2);
        long long dg = carbon_device_g(prof, col(st, 4));
        json_t *r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", col(st, 0), "category", col(st, 4),
                              "make", col(st, 5), "model", col(st, 6), "date", day, "as", kind);
        json_object_set_new(r, "price_cents", !strcmp(kind, "sale") && price >= 0 ? json_integer(price) : json_null());
        json_object_set_new(r, "co2e_g", dg >= 0 ? json_integer(dg) : json_null());
        json_array_append_new(devs, r);
        if (!strcmp(kind, "sale")) {
            bought++;
            if (price > 0) paid += price;
        } else {
            free_n++;
        }
        if (dg > 0) g += dg;
    }
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE) { json_decref(devs); return db_error_rc(c->db, rc, e), NULL; }
    long long declared = 0;
    int have = party_purchases_get(c, p->code, year, &declared, e);
    if (have < 0) { json_decref(devs); return NULL; }
    char pct[32];
    percent_text(paid, declared, pct);
    json_t *j = json_pack("{s:I, s:I, s:I, s:I}", "devices_bought", (json_int_t)bought, "devices_free", (json_int_t)free_n,
                          "paid_cents", (json_int_t)paid, "co2e_avoided_g", (json_int_t)g);
    json_object_set_new(j, "declared_cents", have ? json_integer(declared) : json_null());
    json_object_set_new(j, "share_percent", have && declared > 0 ? json_string(pct) : json_null());
    json_object_set_new(j, "devices", devs);
    return j;
}

json_t *quota_build(Ctx *c, const Profile *prof, const char *code, int year, Err *e)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    if (year < 2000 || year > tm.tm_year + 1900)
        return err_set(e, ERR_INPUT, _("year %d: a statement is of a year between 2000 and this one"), year), NULL;
    Party p;
    int r = party_get(c, code, &p, e);
    if (r < 0) return NULL;
    if (r == 0) return err_set(e, ERR_NOTFOUND, _("no party %s (boucle party list)"), code), NULL;
    if (p.kind != PARTY_PUBLIC)
        return err_set(e, ERR_INPUT, _("%s is not a public body (it is: %s): the reuse quotas are those of public "
                                       "bodies"), p.code, party_kind_label(p.kind)), NULL;
    char f[16], t[16];
    int64_t from, to;
    snprintf(f, sizeof f, "%04d-01-01", year);
    snprintf(t, sizeof t, "%04d-01-01", year + 1);
    if (date_to_ms(f, &from) < 0 || date_to_ms(t, &to) < 0)
        return err_set(e, ERR_INPUT, _("year %d: a statement is of a year between 2000 and this one"), year), NULL;
    json_t *donor = donor_json(c, prof, &p, year, from, to, e);
    if (!donor) return NULL;
    json_t *buyer = buyer_json(c, prof, &p, year, from, to, e);
    if (!buyer) { json_decref(donor); return NULL; }
    char issued[32], method[1024];
    strftime(issued, sizeof issued, "%Y-%m-%dT%H:%M:%SZ", &tm);
    carbon_method_text(prof, method, sizeof method);
    json_t *doc = json_pack("{s:s, s:i, s:s, s:s, s:{s:s, s:s}, s:{s:s, s:s, s:s}}",
                            "type", "public-reuse-quotas", "year", year, "issued", issued, "lang", lang_current(),
                            "workshop", "code", c->workshop, "name", c->workshop_name,
                            "party", "code", p.code, "name", p.name, "kind", party_kind_key(p.kind));
    json_object_set_new(doc, "donor", donor);
    json_object_set_new(doc, "buyer", buyer);
    json_object_set_new(doc, "carbon_method", json_string(method));
    return doc;
}

json_t *quota_write(Ctx *c, const Profile *prof, const char *code, int year, const QuotaFiles *f, Err *e)
{
    json_t *doc = quota_build(c, prof, code, year, e);
    if (!doc) return NULL;
    int bad = 0;
    const char *written[3];
    int n = 0;
    if (!bad && f->json) {
        if (json_dump_file(doc, f->json, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0) {
            err_set(e, ERR_IO, _("Cannot write %s: %s."), f->json, strerror(errno ? errno : EIO));
            bad = 1;
        } else written[n++] = f->json;
    }
    if (!bad && f->csv) {
        if (quota_csv(doc, f->csv, e) < 0) bad = 1;
        else written[n++] = f->csv;
    }
    if (!bad && f->pdf) {
        if (quota_pdf(doc, f->pdf, e) < 0) bad = 1;
        else written[n++] = f->pdf;
    }
    if (bad) {
        while (n-- > 0) unlink(written[n]);   /* all the files or none */
        json_decref(doc);
        return NULL;
    }
    return doc;
}
