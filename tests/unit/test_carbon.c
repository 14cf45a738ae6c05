/*
 * test_carbon.c — the carbon avoided (core/report/carbon.c), the IT
 * purchases a party declares (core/stock/party_purchases.c, event
 * party.purchases) and a public body's quota statement
 * (core/report/quota.c, quota_doc.c).
 *
 * Workshop GRE1: a public donor (CHU) with lot L1 (laptops, a desktop, a
 * screen, a printer) and a business donor with lot L2; states set with
 * device_set_state (each an event), so that a rebuild gives them back.
 * Every figure is checked against a count done in SQL here.
 */
#include "t.h"
#include "support.h"
#include "core/cert/cert.h"
#include "core/log/event.h"
#include "core/log/hlc.h"
#include "core/report/carbon.h"
#include "core/report/quota.h"
#include "core/settings/lang.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/party.h"
#include "core/stock/party_purchases.h"
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static Ctx C;
static Profile P;
static char L1[LOT_ID_MAX], L2[LOT_ID_MAX], CHU[PARTY_CODE_MAX], BIZ[PARTY_CODE_MAX], PERSON[PARTY_CODE_MAX];
static int ready;

static int receive(const char *lot, const char *serial, const char *cat, const char *state)
{
    Err e = { 0 };
    char id[DEVICE_ID_MAX];
    DeviceNew dn = { lot, serial, "", cat, "Dell", "M", NULL };
    if (device_add(&C, &dn, 0, id, NULL, &e) < 0) { printf("# receive: %s\n", e.msg); return -1; }
    /* reused by hand: the note says why (no allocation in this test) */
    if (state && device_set_state(&C, id, state, "test", &e) < 0) { printf("# state %s: %s\n", state, e.msg); return -1; }
    return 0;
}

static int setup(void)
{
    if (ready) return 0;
    Err e = { 0 };
    if (support_ctx(&C, "carbon.db", "GRE1") < 0) return -1;
    if (profile_load_default(NULL, &P, &e) < 0) { printf("# profile: %s\n", e.msg); return -1; }
    if (party_add(&C, PARTY_PUBLIC, "CHU Grenoble Alpes", NULL, CHU, &e) < 0 ||
        party_add(&C, PARTY_BUSINESS, "Schneider Electric", NULL, BIZ, &e) < 0 ||
        party_add(&C, PARTY_PERSON, NULL, NULL, PERSON, &e) < 0 ||
        lot_add(&C, CHU, "BL-1", -1, "2026-03-02", L1, &e) < 0 || lot_add(&C, BIZ, "", -1, "2026-03-09", L2, &e) < 0) {
        printf("# setup: %s\n", e.msg);
        return -1;
    }
    if (receive(L1, "A1", "laptop", "reused") < 0 || receive(L1, "A2", "laptop", "reused") < 0 ||
        receive(L1, "A3", "laptop", NULL) < 0 || receive(L1, "A4", "desktop", "reused") < 0 ||
        receive(L1, "A5", "screen", "parts") < 0 || receive(L1, "A6", "printer", "reused") < 0 ||
        receive(L2, "B1", "phone", "reused") < 0 || receive(L2, "B2", "tablet", "recycled") < 0)
        return -1;
    ready = 1;
    return 0;
}

/* grams as SQL computes them from the profile's factors */
static long long sql_g(const char *where)
{
    char sql[800];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(sum(CASE category WHEN 'laptop' THEN 182600 WHEN 'desktop' THEN 204400 "
             "WHEN 'screen' THEN 65900 WHEN 'phone' THEN 85100 WHEN 'tablet' THEN 59700 ELSE 0 END), 0) "
             "FROM devices d LEFT JOIN lots l ON l.id = d.lot WHERE d.state = 'reused' AND %s", where);
    return atoll(support_query(&C, sql));
}

static long long sql_n(const char *where)
{
    char sql[600];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM devices d LEFT JOIN lots l ON l.id = d.lot WHERE d.state = 'reused' AND %s", where);
    return atoll(support_query(&C, sql));
}

/* 1. per device: the factor of its category, words for each state */
TEST(device_figure_and_words)
{
    char t[512];
    CHECK(setup() == 0);
    CHECK_INT(carbon_device_g(&P, "laptop"), 182600);
    CHECK_INT(carbon_device_g(&P, "desktop"), 204400);
    CHECK_INT(carbon_device_g(&P, "printer"), -1);
    CHECK_INT(carbon_device_g(NULL, "laptop"), -1);
    CHECK_INT(carbon_device_text(&P, CAT_LAPTOP, ST_REUSED, t, sizeof t), 182600);
    CHECK_CONTAINS(t, "182,6 kg CO2e évités (ADEME");
    CHECK_CONTAINS(t, "ADEME / Arcep 2022");
    CHECK_INT(carbon_device_text(&P, CAT_LAPTOP, ST_READY, t, sizeof t), 0);
    CHECK_CONTAINS(t, "éviterait 182,6 kg");
    carbon_device_text(&P, CAT_SCREEN, ST_PARTS, t, sizeof t);
    CHECK_CONTAINS(t, "pas réemployé");
    carbon_device_text(&P, CAT_PRINTER, ST_REUSED, t, sizeof t);
    CHECK_CONTAINS(t, "pas de facteur");
}

/* 2. the sums by lot, donor, workshop and region agree with SQL */
TEST(sums_agree_with_sql)
{
    Err e = { 0 };
    CarbonSum s;
    CHECK(setup() == 0);
    CarbonScope lot = { .lot = L1 };
    CHECK_INT(carbon_sum(&C, &P, &lot, &s, &e), 0);
    CHECK_INT(s.reused, sql_n("d.lot = 'GRE1-L0001'"));
    CHECK_INT(s.g, sql_g("d.lot = 'GRE1-L0001'"));
    CHECK_INT(s.g, 2 * 182600 + 204400);
    CHECK_INT(s.uncounted, 1);       /* the printer */
    CHECK_INT(s.devices, 6);
    CHECK_INT(s.pending, 1);         /* A3, not parts */
    CHECK_INT(s.pending_g, 182600);
    CHECK_INT(s.cat[CAT_LAPTOP].reused, 2);
    CHECK_INT(s.cat[CAT_LAPTOP].g, 365200);
    CarbonScope lower = { .lot = "gre1-l0001" };   /* any case */
    CarbonSum s2;
    CHECK_INT(carbon_sum(&C, &P, &lower, &s2, &e), 0);
    CHECK_INT(s2.g, s.g);
    CarbonScope donor = { .donor = BIZ };
    CHECK_INT(carbon_sum(&C, &P, &donor, &s, &e), 0);
    CHECK_INT(s.g, sql_g("l.donor_code = 'GRE1-P0002'"));
    CHECK_INT(s.g, 85100);
    CarbonScope ws = { .workshop = "GRE1" };
    CHECK_INT(carbon_sum(&C, &P, &ws, &s, &e), 0);
    CHECK_INT(s.g, sql_g("d.workshop = 'GRE1'"));
    CHECK_INT(s.reused, sql_n("d.workshop = 'GRE1'"));
    CarbonScope region = { 0 };
    CHECK_INT(carbon_sum(&C, &P, &region, &s, &e), 0);
    CHECK_INT(s.g, sql_g("1"));
    CarbonScope none = { .workshop = "LYO1" };
    CHECK_INT(carbon_sum(&C, &P, &none, &s, &e), 0);
    CHECK_INT(s.devices, 0);
    CHECK_INT(s.g, 0);
    json_t *j = carbon_json(&s2, &P);
    CHECK_INT(json_integer_value(json_object_get(j, "co2e_avoided_g")), 2 * 182600 + 204400);
    CHECK_CONTAINS(json_string_value(json_object_get(j, "method")), "Source : ADEME");
    json_decref(j);
}

static int ws_cb(void *arg, const char *ws, const CarbonSum *s)
{
    long long *g = arg;
    if (!strcmp(ws, "GRE1")) *g = s->g;
    return 0;
}

/* 3. by workshop, as the region view reads it */
TEST(by_workshop)
{
    Err e = { 0 };
    long long g = -1;
    CHECK(setup() == 0);
    CHECK_INT(carbon_by_workshop(&C, &P, ws_cb, &g, &e), 0);
    CHECK_INT(g, sql_g("d.workshop = 'GRE1'"));
}

/* 4. declared purchases: parsed, stored by an event, refused when bad or
 * for a person; another workshop's event is kept without effect */
TEST(purchases_declared_and_owner_only)
{
    Err e = { 0 };
    long long cents = 0;
    CHECK(setup() == 0);
    CHECK_INT(party_euros_parse("120000"), 12000000);
    CHECK_INT(party_euros_parse("1 234,50"), 123450);
    CHECK_INT(party_euros_parse("1234.5"), 123450);
    CHECK_INT(party_euros_parse("12\xc2\xa0" "000"), 1200000);
    CHECK_INT(party_euros_parse(""), -1);
    CHECK_INT(party_euros_parse("-5"), -1);
    CHECK_INT(party_euros_parse("1,234"), -1);
    CHECK_INT(party_euros_parse("12a"), -1);
    CHECK_INT(party_euros_parse("\xff\xfe"), -1);
    CHECK_INT(party_euros_parse("99999999999999999999999"), -1);
    CHECK_INT(party_purchases_get(&C, CHU, 2026, &cents, &e), 0);
    CHECK_INT(party_purchases_set(&C, CHU, 2026, 100000, &e), 0);
    CHECK_INT(party_purchases_set(&C, CHU, 2026, 250000, &e), 0);   /* the newest holds */
    CHECK_INT(party_purchases_get(&C, CHU, 2026, &cents, &e), 1);
    CHECK_INT(cents, 250000);
    CHECK_INT(party_purchases_set(&C, PERSON, 2026, 1, &e), -1);
    CHECK_CONTAINS(e.msg, "personne");
    CHECK_INT(party_purchases_set(&C, CHU, 1999, 1, &e), -1);
    CHECK_INT(party_purchases_set(&C, "GRE1-P0099", 2026, 1, &e), -1);
    CHECK_STR(support_query(&C, "SELECT count(*) FROM events WHERE kind = 'party.purchases'"), "2");
    /* LYO1 declares for GRE1's party, as a pull brings it */
    Event ev;
    memset(&ev, 0, sizeof ev);
    ev.hlc = hlc_make((long long)time(NULL) * 1000 + 60000, 0);
    snprintf(ev.workshop, sizeof ev.workshop, "LYO1");
    char hex[17];
    hlc_format(ev.hlc, hex);
    snprintf(ev.id, sizeof ev.id, "%s-LYO1", hex);
    snprintf(ev.kind, sizeof ev.kind, "party.purchases");
    ev.payload = json_pack("{s:s, s:i, s:I}", "code", CHU, "year", 2026, "total_cents", (json_int_t)1);
    CHECK_INT(event_import(&C, &ev, &e), 1);
    json_decref(ev.payload);
    CHECK_INT(party_purchases_get(&C, CHU, 2026, &cents, &e), 1);
    CHECK_INT(cents, 250000);
    CHECK_STR(support_query(&C, "SELECT reason FROM refused WHERE event_id LIKE '%-LYO1'"), "party_not_owned");
}

/* 5. a rebuild gives the same figures */
TEST(rebuild_same_figures)
{
    Err e = { 0 };
    CarbonSum a, b;
    long long cents = 0;
    CHECK(setup() == 0);
    CarbonScope region = { 0 };
    CHECK_INT(carbon_sum(&C, &P, &region, &a, &e), 0);
    char *before = support_dump_projections(&C);
    CHECK_INT(event_rebuild(&C, &e), 0);
    char *after = support_dump_projections(&C);
    CHECK(before && after && strcmp(before, after) == 0);
    free(before);
    free(after);
    CHECK_INT(carbon_sum(&C, &P, &region, &b, &e), 0);
    CHECK_INT(b.g, a.g);
    CHECK_INT(b.reused, a.reused);
    CHECK_INT(party_purchases_get(&C, CHU, 2026, &cents, &e), 1);
    CHECK_INT(cents, 250000);
}

/* 6. the statement: a public donor's ratio against its target, a buyer's
 * share, a year with nothing, refusals */
TEST(quota_statement)
{
    Err e = { 0 };
    CHECK(setup() == 0);
    CHECK_INT(quota_target_percent(2022), -1);
    CHECK_INT(quota_target_percent(2023), 25);
    CHECK_INT(quota_target_percent(2024), 35);
    CHECK_INT(quota_target_percent(2025), 50);
    CHECK_INT(quota_target_percent(2031), 50);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int year = tm.tm_year + 1900;
    json_t *doc = quota_build(&C, &P, CHU, year, &e);
    CHECK(doc != NULL);
    if (!doc) return;
    const json_t *d = json_object_get(doc, "donor");
    char sql[400];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM devices WHERE lot = '%s'", L1);
    CHECK_INT(json_integer_value(json_object_get(d, "received")), atoll(support_query(&C, sql)));
    snprintf(sql, sizeof sql, "SELECT count(*) FROM devices WHERE lot = '%s' AND state = 'reused'", L1);
    CHECK_INT(json_integer_value(json_object_get(d, "reused")), atoll(support_query(&C, sql)));
    CHECK_STR(json_string_value(json_object_get(d, "ratio_percent")), "66.7");   /* 4 of 6 */
    CHECK(json_is_true(json_object_get(d, "met")));
    CHECK_INT(json_integer_value(json_object_get(d, "co2e_avoided_g")), 2 * 182600 + 204400);
    char line[1400];
    quota_summary_text(doc, line, sizeof line);
    CHECK_CONTAINS(line, "66,7 %");
    CHECK_CONTAINS(line, "atteint");
    CHECK_CONTAINS(line, "aucun fait ici : part AGEC 0 %");   /* declared, bought nothing here */
    json_decref(doc);
    /* a buyer: the rows core/alloc's projection writes, a sale and a donation */
    snprintf(sql, sizeof sql,
             "INSERT INTO allocations(id, device, workshop, party, kind, status, price_cents, created_hlc, updated_hlc) "
             "VALUES ('X1', 'GRE1-000001', 'GRE1', '%s', 'sale', 'delivered', 50000, %lld, %lld), "
             "('X2', 'GRE1-000002', 'GRE1', '%s', 'donation', 'delivered', -1, %lld, %lld)",
             CHU, (long long)hlc_make((long long)now * 1000, 0), (long long)hlc_make((long long)now * 1000, 0),
             CHU, (long long)hlc_make((long long)now * 1000, 0), (long long)hlc_make((long long)now * 1000, 0));
    CHECK_INT(db_exec(C.db, sql, &e), 0);
    CHECK_INT(party_purchases_set(&C, CHU, year, 250000, &e), 0);
    doc = quota_build(&C, &P, CHU, year, &e);
    CHECK(doc != NULL);
    if (!doc) return;
    const json_t *b = json_object_get(doc, "buyer");
    CHECK_INT(json_integer_value(json_object_get(b, "devices_bought")), 1);
    CHECK_INT(json_integer_value(json_object_get(b, "devices_free")), 1);
    CHECK_INT(json_integer_value(json_object_get(b, "paid_cents")), 50000);
    CHECK_STR(json_string_value(json_object_get(b, "share_percent")), "20.0");
    quota_summary_text(doc, line, sizeof line);
    CHECK_CONTAINS(line, "Part AGEC en");
    CHECK_CONTAINS(line, "20,0 %");
    /* files: CSV and PDF in French */
    char csv[1024], pdf[1024];
    snprintf(csv, sizeof csv, "%s/q.csv", support_tmpdir());
    snprintf(pdf, sizeof pdf, "%s/q.pdf", support_tmpdir());
    CHECK_INT(quota_csv(doc, csv, &e), 0);
    CHECK_INT(quota_pdf(doc, pdf, &e), 0);
    json_decref(doc);
    FILE *f = fopen(csv, "rb");
    char buf[4096] = "";
    size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
    if (f) fclose(f);
    buf[n] = '\0';
    CHECK_CONTAINS(buf, "Année;Partenaire;En tant que");
    CHECK_CONTAINS(buf, ";acheteur;GRE1-000001;");
    CHECK_CONTAINS(buf, "\"500,00\"");
    const char *t = support_pdf_text(pdf);
    if (t) {
        CHECK_CONTAINS(t, "Quotas de réemploi d’un organisme public");
        CHECK_CONTAINS(t, "66,7 %");
    }
    /* a year with nothing, said so */
    doc = quota_build(&C, &P, CHU, 2022, &e);
    CHECK(doc != NULL);
    quota_summary_text(doc, line, sizeof line);
    CHECK_CONTAINS(line, "En 2022, cet organisme n’a donné aucun appareil");
    json_decref(doc);
    /* refused: not public, unknown, a year to come */
    CHECK(quota_build(&C, &P, BIZ, year, &e) == NULL);
    CHECK_CONTAINS(e.msg, "n’est pas un organisme public");
    CHECK(quota_build(&C, &P, "GRE1-P0099", year, &e) == NULL);
    CHECK(quota_build(&C, &P, CHU, year + 1, &e) == NULL);
    CHECK_CONTAINS(e.msg, "année");
    CHECK(quota_build(&C, &P, CHU, 1999, &e) == NULL);
    /* nothing written when refused */
    char p2[1024];
    snprintf(p2, sizeof p2, "%s/refused.pdf", support_tmpdir());
    QuotaFiles qf = { .pdf = p2 };
    CHECK(quota_write(&C, &P, BIZ, year, &qf, &e) == NULL);
    CHECK(access(p2, F_OK) != 0);
}

int main(void)
{
    char loc[1024];
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(loc, sizeof loc, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", loc, 1);
    }
    lang_init("fr", NULL);
    RUN(device_figure_and_words);
    RUN(sums_agree_with_sql);
    RUN(by_workshop);
    RUN(purchases_declared_and_owner_only);
    RUN(rebuild_same_figures);
    RUN(quota_statement);
    if (ready) { ctx_close(&C); profile_free(&P); }
    cert_release_fonts();
    return t_done();
}
