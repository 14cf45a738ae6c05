/*
 * carbon.c — the carbon avoided by reuse (see carbon.h): one grouped
 * SELECT over the devices of the scope, by category and state, and the
 * profile's factors.
 */
#include "core/report/carbon.h"
#include "core/settings/config.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>

int carbon_profile(Profile *out, Err *e)
{
    char conf[1024] = "";
    const char *path = config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1 ? conf : NULL;
    return profile_load_default(path, out, e);
}

long long carbon_device_g(const Profile *prof, const char *category)
{
    const ProfileCarbon *pc = prof ? profile_carbon(prof, category) : NULL;
    return pc && pc->set ? (long long)(pc->kg * 1000.0 + 0.5) : -1;
}

static void sum_init(const Profile *prof, CarbonSum *s)
{
    memset(s, 0, sizeof *s);
    for (int i = 0; i < CATEGORY_COUNT; i++) s->cat[i].g_per_device = carbon_device_g(prof, category_key(i));
}

/* Adds n devices of a category key in a state key. */
static void sum_add(CarbonSum *s, const char *category, const char *state, long long n)
{
    int ci = vocab_find(&VOCAB_CATEGORY, category);
    CarbonCat *k = &s->cat[ci >= 0 ? ci : CAT_OTHER];
    s->devices += n;
    if (!strcmp(state, state_key(ST_REUSED))) {
        k->reused += n;
        s->reused += n;
        if (k->g_per_device >= 0) {
            k->g += n * k->g_per_device;
            s->g += n * k->g_per_device;
        } else {
            s->uncounted += n;
        }
    } else if (strcmp(state, state_key(ST_PARTS)) != 0 && strcmp(state, state_key(ST_RECYCLED)) != 0) {
        k->pending += n;
        s->pending += n;
        if (k->g_per_device >= 0) s->pending_g += n * k->g_per_device;
    }
}

static const char *txt(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

int carbon_sum(Ctx *c, const Profile *prof, const CarbonScope *q, CarbonSum *out, Err *e)
{
    sum_init(prof, out);
    const char *sql, *key = NULL;
    if (q && q->lot) {
        sql = "SELECT category, state, count(*) FROM devices WHERE lot = ?1 COLLATE NOCASE GROUP BY category, state";
        key = q->lot;
    } else if (q && q->donor) {
        sql = "SELECT d.category, d.state, count(*) FROM lots l JOIN devices d ON d.lot = l.id "
              "WHERE l.donor_code = ?1 COLLATE NOCASE GROUP BY d.category, d.state";
        key = q->donor;
    } else if (q && q->workshop) {
        sql = "SELECT category, state, count(*) FROM devices WHERE workshop = ?1 GROUP BY category, state";
        key = q->workshop;
    } else {
        sql = "SELECT category, state, count(*) FROM devices GROUP BY category, state";
    }
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    if (key) sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) sum_add(out, txt(st, 0), txt(st, 1), sqlite3_column_int64(st, 2));
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

int carbon_by_workshop(Ctx *c, const Profile *prof, CarbonWorkshopCb cb, void *arg, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, "SELECT workshop, category, state, count(*) FROM devices "
                                      "GROUP BY workshop, category, state ORDER BY workshop", e);
    if (!st) return -1;
    CarbonSum s;
    char ws[64] = "";
    int rc, have = 0, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (have && strcmp(ws, txt(st, 0)) != 0) {
            stop = cb(arg, ws, &s);
            have = 0;
            if (stop) break;
        }
        if (!have) {
            sum_init(prof, &s);
            snprintf(ws, sizeof ws, "%s", txt(st, 0));
            have = 1;
        }
        sum_add(&s, txt(st, 1), txt(st, 2), sqlite3_column_int64(st, 3));
    }
    if (stop) rc = SQLITE_DONE;
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    if (have && !stop) cb(arg, ws, &s);
    return 0;
}

void carbon_kg_text(long long g, char out[32])
{
    long long d = (g + 50) / 100;
    /* TRANSLATORS: the decimal mark of numbers in documents (French: ",") */
    snprintf(out, 32, "%lld%s%lld", d / 10, _("."), d % 10);
}

void carbon_method_text(const Profile *prof, char *out, size_t size)
{
    const char *src = prof ? profile_carbon_source(prof) : "";
    if (*src)
        snprintf(out, size, _("Method: each device reused avoids the manufacturing and distribution footprint of a "
                              "new device of its category (kg CO2e per device). Source: %s."), src);
    else
        snprintf(out, size, "%s", _("Method: each device reused avoids the manufacturing and distribution footprint "
                                    "of a new device of its category; the grading profile gives no factor, so "
                                    "nothing is counted."));
}

long long carbon_device_text(const Profile *prof, CategoryId cat, StateId state, char *out, size_t size)
{
    const ProfileCarbon *pc = prof ? profile_carbon(prof, category_key(cat)) : NULL;
    long long g = carbon_device_g(prof, category_key(cat));
    char kg[32];
    if (state == ST_PARTS || state == ST_RECYCLED) {
        snprintf(out, size, "%s", _("none: not reused (parts or recycling)"));
        return 0;
    }
    if (g < 0) {
        snprintf(out, size, "%s", _("no factor for this category in the grading profile: nothing counted"));
        return 0;
    }
    carbon_kg_text(g, kg);
    /* the source before the factor's name: on a narrow screen the end is cut */
    /* TRANSLATORS: kg, the source, the factor's name (« ordinateur portable ») */
    if (state == ST_REUSED)
        snprintf(out, size, _("%s kg CO2e avoided (%s: a new %s)"), kg, profile_carbon_source(prof),
                 profile_carbon_label(pc));
    else
        snprintf(out, size, _("would avoid %s kg CO2e once reused (%s: a new %s)"), kg, profile_carbon_source(prof),
                 profile_carbon_label(pc));
    return state == ST_REUSED ? g : 0;
}

json_t *carbon_json(const CarbonSum *s, const Profile *prof)
{
    json_t *cats = json_array();
    for (int i = 0; i < CATEGORY_COUNT; i++) {
        const CarbonCat *k = &s->cat[i];
        if (!k->reused && !k->pending) continue;
        const ProfileCarbon *pc = prof ? profile_carbon(prof, category_key(i)) : NULL;
        json_t *r = json_pack("{s:s, s:I, s:I}", "category", category_key(i), "reused", (json_int_t)k->reused,
                              "pending", (json_int_t)k->pending);
        json_object_set_new(r, "factor", pc && pc->set ? json_string(profile_carbon_label(pc)) : json_null());
        json_object_set_new(r, "g_per_device", k->g_per_device >= 0 ? json_integer(k->g_per_device) : json_null());
        json_object_set_new(r, "g", json_integer(k->g));
        json_array_append_new(cats, r);
    }
    char method[1024];
    carbon_method_text(prof, method, sizeof method);
    const char *src = prof ? profile_carbon_source(prof) : "";
    json_t *j = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:o, s:s}", "devices", (json_int_t)s->devices,
                          "reused", (json_int_t)s->reused, "uncounted", (json_int_t)s->uncounted,
                          "co2e_avoided_g", (json_int_t)s->g, "pending", (json_int_t)s->pending,
                          "pending_g", (json_int_t)s->pending_g, "categories", cats, "method", method);
    json_object_set_new(j, "source", *src ? json_string(src) : json_null());
    return j;
}
