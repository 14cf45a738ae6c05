/*
 * stats.c — the dashboard's figures, read from the `stats` sums (see
 * stats.h and db/schema.c, migration 13). Dates are UTC days, as every date
 * boucle stores; weeks start on Monday.
 */
#include "core/stats/stats.h"
#include "core/settings/config.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static void day_text(int64_t day, char out[11])
{
    int y, m, d;
    civil_from_days(day, &y, &m, &d);
    snprintf(out, 11, "%04d-%02d-%02d", y % 10000, m, d);
}

/* "YYYY-MM-DD" → day number; 0 on success. */
static int parse_day(const char *s, int64_t *day, int *y, int *m)
{
    int yy, mm, dd;
    if (!s || sscanf(s, "%4d-%2d-%2d", &yy, &mm, &dd) != 3 || mm < 1 || mm > 12 || dd < 1 || dd > 31) return -1;
    *day = days_from_civil(yy, mm, dd);
    *y = yy;
    *m = mm;
    return 0;
}

/* One scope's sums by key, for this workshop (?2) or every one (?2 NULL). */
static const char SQL_SCOPE[] =
    "SELECT key, sum(n) FROM stats WHERE scope = ?1 AND (?2 IS NULL OR ws = ?2) AND key >= ?3 GROUP BY key";
static const char SQL_DONORS[] =
    "SELECT key, sum(n) AS t FROM stats WHERE scope = 'dn' AND (?1 IS NULL OR ws = ?1) AND key <> '' "
    "GROUP BY key HAVING t > 0 ORDER BY t DESC, key LIMIT 5";
static const char SQL_WAITING[] =
    "SELECT coalesce(sum(n), 0) FROM stats WHERE scope = 'wt' AND (?1 IS NULL OR ws = ?1) AND key < ?2";
static const char SQL_EXPIRING[] =
    "SELECT count(*) FROM allocations WHERE (?1 IS NULL OR workshop = ?1) AND kind = 'reservation' "
    "AND status IN ('interested', 'confirmed') AND until <> '' AND until <= ?2";
static const char SQL_OVERDUE[] =
    "SELECT count(*) FROM allocations WHERE (?1 IS NULL OR workshop = ?1) AND kind = 'loan' "
    "AND status = 'delivered' AND until <> '' AND until < ?2";
static const char SQL_WORKSHOPS[] = "SELECT count(*) FROM workshops";

typedef int (*RowFn)(Stats *s, const char *key, int64_t n, void *arg);

static int scope_each(Ctx *c, const Stats *st, const char *scope, const char *from, RowFn fn, Stats *s, void *arg, Err *e)
{
    sqlite3_stmt *q = db_stmt(c->db, SQL_SCOPE, e);
    if (!q) return -1;
    sqlite3_bind_text(q, 1, scope, -1, SQLITE_STATIC);
    if (!st->region) sqlite3_bind_text(q, 2, c->workshop, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, from ? from : "", -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *k = (const char *)sqlite3_column_text(q, 0);
        if (fn(s, k ? k : "", sqlite3_column_int64(q, 1), arg) < 0) break;
    }
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

/* "state|rest": the state's index, rest in *rest. */
static int split_state(const char *key, const char **rest)
{
    const char *bar = strchr(key, '|');
    if (!bar) return -1;
    char st[32];
    size_t n = (size_t)(bar - key);
    if (n >= sizeof st) return -1;
    memcpy(st, key, n);
    st[n] = '\0';
    *rest = bar + 1;
    return vocab_find(&VOCAB_STATE, st);
}

static int row_stock(Stats *s, const char *key, int64_t n, void *arg)
{
    (void)arg;
    const char *cat;
    int st = split_state(key, &cat);
    if (st < 0) return 0;
    int ci = vocab_find(&VOCAB_CATEGORY, cat);
    s->stock[st][ci < 0 ? CAT_OTHER : ci] += n;
    s->total += n;
    return 0;
}

static int row_grade(Stats *s, const char *key, int64_t n, void *arg)
{
    (void)arg;
    const char *g;
    int st = split_state(key, &g);
    if (st < 0 || st > ST_RESERVED) return 0;    /* in stock only */
    int gi = vocab_find(&VOCAB_COSMETIC, g);
    s->grades[gi < 0 ? COS__COUNT : gi] += n;
    return 0;
}

typedef struct Calendar {
    int64_t week0;              /* day number of the first week's Monday */
    int month0;                 /* y*12 + m-1 of the first month */
    int out;                    /* 0 in, 1 out */
} Calendar;

static int row_flow(Stats *s, const char *key, int64_t n, void *arg)
{
    Calendar *cal = arg;
    int64_t day;
    int y, m;
    if (parse_day(key, &day, &y, &m) < 0) return 0;
    int64_t w = (day - cal->week0) / 7;
    if (day >= cal->week0 && w < STATS_WEEKS) {
        (cal->out ? s->week_out : s->week_in)[w] += n;
        *(cal->out ? &s->year_out : &s->year_in) += n;
    }
    int mi = y * 12 + (m - 1) - cal->month0;
    if (mi >= 0 && mi < STATS_MONTHS) (cal->out ? s->month_out : s->month_in)[mi] += n;
    return 0;
}

typedef struct Hist { int64_t days[4096]; int64_t over; } Hist;   /* whole days; over: 4096 and more */

static int row_ready(Stats *s, const char *key, int64_t n, void *arg)
{
    Hist *h = arg;
    long d = strtol(key, NULL, 10);
    if (n <= 0) return 0;
    s->ready_n += n;
    if (d >= 0 && d < 4096) h->days[d] += n;
    else h->over += n;
    return 0;
}

static int row_wipe(Stats *s, const char *key, int64_t n, void *arg)
{
    (void)arg;
    int w = vocab_find(&VOCAB_WIPE_STATUS, key);
    if (w >= 0) s->wipes[w] += n;
    return 0;
}

static int count_one(Ctx *c, const char *sql, const Stats *s, const char *day, int64_t *out, Err *e)
{
    sqlite3_stmt *q = db_stmt(c->db, sql, e);
    if (!q) return -1;
    if (!s->region) sqlite3_bind_text(q, 1, c->workshop, -1, SQLITE_STATIC);
    if (day) sqlite3_bind_text(q, 2, day, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(q, 0);
    sqlite3_reset(q);
    return rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}

int stats_load(Ctx *c, int region, int64_t now_ms, Stats *s, Err *e)
{
    memset(s, 0, sizeof *s);
    s->region = region;
    s->ready_median_days = -1;
    int64_t today = now_ms / 86400000;
    int64_t monday = today - (today + 3) % 7;          /* 1970-01-01 was a Thursday */
    Calendar cal = { .week0 = monday - 7 * (STATS_WEEKS - 1) };
    int y, m, d;
    civil_from_days(today, &y, &m, &d);
    cal.month0 = y * 12 + (m - 1) - (STATS_MONTHS - 1);
    day_text(cal.week0, s->week0);
    snprintf(s->month0, sizeof s->month0, "%04d-%02d", (cal.month0 / 12) % 10000, cal.month0 % 12 + 1);
    int64_t first = days_from_civil(cal.month0 / 12, cal.month0 % 12 + 1, 1);
    char from[11], day[11];
    day_text(first < cal.week0 ? first : cal.week0, from);

    if (scope_each(c, s, "sc", NULL, row_stock, s, NULL, e) < 0 ||
        scope_each(c, s, "sg", NULL, row_grade, s, NULL, e) < 0 ||
        scope_each(c, s, "wp", NULL, row_wipe, s, NULL, e) < 0) return -1;
    if (scope_each(c, s, "in", from, row_flow, s, &cal, e) < 0) return -1;
    cal.out = 1;
    if (scope_each(c, s, "out", from, row_flow, s, &cal, e) < 0) return -1;

    Hist *h = calloc(1, sizeof *h);
    if (!h) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    int r = scope_each(c, s, "rr", NULL, row_ready, s, h, e);
    if (r == 0 && s->ready_n > 0) {
        int64_t half = (s->ready_n + 1) / 2, cum = 0;      /* the lower median */
        s->ready_median_days = 4096;
        for (int i = 0; i < 4096; i++)
            if ((cum += h->days[i]) >= half) { s->ready_median_days = i; break; }
    }
    free(h);
    if (r < 0) return -1;

    sqlite3_stmt *q = db_stmt(c->db, SQL_DONORS, e);
    if (!q) return -1;
    if (!region) sqlite3_bind_text(q, 1, c->workshop, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && s->ndonors < STATS_DONORS) {
        StatsDonor *dn = &s->donors[s->ndonors++];
        snprintf(dn->name, sizeof dn->name, "%s", (const char *)sqlite3_column_text(q, 0));
        dn->n = sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return db_error_rc(c->db, rc, e);

    day_text(today - STATS_WAIT_DAYS, day);
    if (count_one(c, SQL_WAITING, s, day, &s->wipe_waiting, e) < 0) return -1;
    day_text(today + STATS_EXPIRING_DAYS, day);
    if (count_one(c, SQL_EXPIRING, s, day, &s->reservations_expiring, e) < 0) return -1;
    day_text(today, day);
    if (count_one(c, SQL_OVERDUE, s, day, &s->loans_overdue, e) < 0) return -1;
    if (region) {
        Stats none = { .region = 1 };
        if (count_one(c, SQL_WORKSHOPS, &none, NULL, &s->workshops, e) < 0) return -1;
    } else {
        s->workshops = 1;
    }
    return 0;
}

int stats_profile(Profile *p, Err *e)
{
    char conf[1024] = "";
    return profile_load_default(config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1 ? conf : NULL, p, e);
}

void stats_carbon(Stats *s, const Profile *p)
{
    s->carbon_kg = 0;
    s->carbon_set = 0;
    for (int i = 0; p && i < CAT__COUNT; i++) {
        const ProfileCarbon *f = profile_carbon(p, category_key(i));
        if (!f) continue;
        s->carbon_set = 1;
        s->carbon_kg += f->kg * (double)s->stock[ST_REUSED][i];
    }
}

int stats_wipe_permille(const Stats *s)
{
    int64_t all = 0;
    for (int i = 0; i < WS__COUNT; i++) all += s->wipes[i];
    return all ? (int)((s->wipes[WS_SUCCESS] * 1000 + all / 2) / all) : -1;
}

static json_t *series(const int64_t *v, int n)
{
    json_t *a = json_array();
    for (int i = 0; i < n; i++) json_array_append_new(a, json_integer(v[i]));
    return a;
}

json_t *stats_json(const Stats *s, const Profile *p)
{
    json_t *j = json_object(), *stock = json_object(), *states = json_object(), *cats = json_object();
    json_object_set_new(j, "scope", json_string(s->region ? "region" : "workshop"));
    json_object_set_new(j, "workshops", json_integer(s->workshops));
    json_object_set_new(j, "devices", json_integer(s->total));
    for (int st = 0; st < ST__COUNT; st++) {
        json_t *row = json_object();
        int64_t t = 0;
        for (int ci = 0; ci < CAT__COUNT; ci++) {
            if (s->stock[st][ci]) json_object_set_new(row, category_key(ci), json_integer(s->stock[st][ci]));
            t += s->stock[st][ci];
        }
        json_object_set_new(stock, state_key(st), row);
        json_object_set_new(states, state_key(st), json_integer(t));
    }
    for (int ci = 0; ci < CAT__COUNT; ci++) {
        int64_t t = 0;
        for (int st = 0; st < ST__COUNT; st++) t += s->stock[st][ci];
        json_object_set_new(cats, category_key(ci), json_integer(t));
    }
    json_object_set_new(j, "by_state", states);
    json_object_set_new(j, "by_category", cats);
    json_object_set_new(j, "stock", stock);
    json_t *g = json_object();
    for (int i = 0; i < COS__COUNT; i++) json_object_set_new(g, vocab_key(&VOCAB_COSMETIC, i), json_integer(s->grades[i]));
    json_object_set_new(g, "none", json_integer(s->grades[COS__COUNT]));
    json_object_set_new(j, "grades_in_stock", g);
    json_t *f = json_object();
    json_object_set_new(f, "first_week", json_string(s->week0));
    json_object_set_new(f, "weeks_in", series(s->week_in, STATS_WEEKS));
    json_object_set_new(f, "weeks_out", series(s->week_out, STATS_WEEKS));
    json_object_set_new(f, "first_month", json_string(s->month0));
    json_object_set_new(f, "months_in", series(s->month_in, STATS_MONTHS));
    json_object_set_new(f, "months_out", series(s->month_out, STATS_MONTHS));
    json_object_set_new(f, "year_in", json_integer(s->year_in));
    json_object_set_new(f, "year_out", json_integer(s->year_out));
    json_object_set_new(j, "flows", f);
    json_t *dn = json_array();
    for (int i = 0; i < s->ndonors; i++)
        json_array_append_new(dn, json_pack("{s:s, s:I}", "donor", s->donors[i].name, "devices", (json_int_t)s->donors[i].n));
    json_object_set_new(j, "donors", dn);
    json_t *w = json_object();
    for (int i = 0; i < WS__COUNT; i++) json_object_set_new(w, vocab_key(&VOCAB_WIPE_STATUS, i), json_integer(s->wipes[i]));
    int pm = stats_wipe_permille(s);
    json_object_set_new(w, "success_share", pm < 0 ? json_null() : json_real(pm / 1000.0));
    json_object_set_new(j, "wipes", w);
    json_object_set_new(j, "ready_devices", json_integer(s->ready_n));
    json_object_set_new(j, "ready_median_days", s->ready_median_days < 0 ? json_null() : json_integer(s->ready_median_days));
    json_t *a = json_object();
    json_object_set_new(a, "reservations_expiring", json_integer(s->reservations_expiring));
    json_object_set_new(a, "loans_overdue", json_integer(s->loans_overdue));
    json_object_set_new(a, "waiting_for_wipe_over_a_week", json_integer(s->wipe_waiting));
    json_object_set_new(j, "attention", a);
    json_t *cb = json_object();
    int64_t reused = 0;
    for (int i = 0; i < CAT__COUNT; i++) reused += s->stock[ST_REUSED][i];
    json_object_set_new(cb, "reused_devices", json_integer(reused));
    json_object_set_new(cb, "kg_co2e", s->carbon_set ? json_real((double)(int64_t)(s->carbon_kg * 10 + 0.5) / 10) : json_null());
    json_object_set_new(cb, "source", json_string(p ? profile_carbon_source(p) : ""));
    json_object_set_new(cb, "method", json_string(_("Each device reused counts the manufacturing and distribution footprint of a new device of its category.")));
    json_object_set_new(j, "carbon", cb);
    return j;
}
