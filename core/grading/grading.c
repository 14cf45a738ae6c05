/*
 * grading.c — grading events and the claim (see grading.h).
 */
#include "core/grading/grading.h"
#include "core/log/chain.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include "util/i18n.h"
#include "util/text.h"
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int grade_cosmetic_valid(const char *g)
{
    return g && g[0] && !g[1] && vocab_parse(&VOCAB_COSMETIC, g) >= 0;
}


int grade_all_pass(const ProfileCategory *cat, int battery, char (*ans)[PROFILE_ID_MAX])
{
    int missing = -1;
    for (int i = 0; i < cat->ntests; i++) {
        const ProfileTest *t = &cat->tests[i];
        if (ans[i][0]) continue;
        if (t->kind == TEST_PASSFAIL) snprintf(ans[i], PROFILE_ID_MAX, "pass");
        else if (t->kind == TEST_CHOICE && profile_test_passing_choice(t))
            snprintf(ans[i], PROFILE_ID_MAX, "%s", profile_test_passing_choice(t));
        else if (profile_test_measures_battery(t) && battery >= 0)
            snprintf(ans[i], PROFILE_ID_MAX, "%d", battery > 100 ? 100 : battery);
        else if (missing < 0)
            missing = i;
    }
    return missing;
}

int grade_answers(const ProfileCategory *cat, const GradeInput *in, char (*ans)[PROFILE_ID_MAX],
                  int *missing, Err *e)
{
    if (missing) *missing = -1;
    for (int i = 0; i < in->nanswers; i++)
        if (!profile_test(cat, in->answers[i].test))
            return err_set(e, ERR_USAGE, _("Unknown test \"%s\" for category %s."), in->answers[i].test,
                           category_parse(cat->key) >= 0 ? category_label(category_parse(cat->key)) : cat->key);
    for (int t = 0; t < cat->ntests; t++) {
        ans[t][0] = '\0';
        for (int i = 0; i < in->nanswers; i++)   /* the last answer given wins */
            if (!strcasecmp(in->answers[i].test, cat->tests[t].id) &&
                profile_answer_parse(&cat->tests[t], in->answers[i].value, ans[t], PROFILE_ID_MAX, e) < 0)
                return -1;
    }
    if (in->all_pass) {
        int m = grade_all_pass(cat, in->has_battery ? in->battery : -1, ans);
        if (missing) *missing = m;
    }
    return 0;
}

int grade_device(Ctx *c, const Profile *p, const char *device_key, const GradeInput *in,
                 char out_id[EVENT_ID_MAX], Err *e)
{
    Device d;
    int f = device_find(c, device_key, &d, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), device_key);
    if (!grade_cosmetic_valid(in->cosmetic))
        return err_set(e, ERR_USAGE, _("The cosmetic grade must be A, B, C or D."));
    int oc = vocab_parse(&VOCAB_OUTCOME, in->outcome);
    if (oc < 0) return err_set(e, ERR_USAGE, _("The outcome must be reuse, refurbish, parts or recycle."));
    char note[1024] = "";
    if (in->note && text_field_clean(in->note, note, sizeof note, 500, _("note"), e) < 0) return -1;
    const ProfileCategory *cat = profile_category(p, category_key(d.category));
    if (!cat) return err_set(e, ERR_INPUT, _("The grading profile has no checklist for this device."));
    char ans[64][PROFILE_ID_MAX];   /* a category has at most 64 tests (profile.c) */
    int missing;
    if (cat->ntests > 64) return err_set(e, ERR_INTERNAL, "%s", _("too many tests in this category (at most 64)"));
    if (grade_answers(cat, in, ans, &missing, e) < 0) return -1;
    if (missing >= 0)
        return err_set(e, ERR_INPUT, _("%s: no reading on this machine; every test passed needs its measured value."),
                       profile_test_label(&cat->tests[missing]));
    json_t *tests = json_array();
    int passed = 0;
    for (int t = 0; t < cat->ntests; t++) {
        const ProfileTest *pt = &cat->tests[t];
        int ok = ans[t][0] && profile_answer_passed(pt, ans[t]);
        passed += ok;
        json_array_append_new(tests, json_pack("{s:s, s:s, s:s, s:b, s:s, s:s}", "id", pt->id,
                                               "kind", test_kind_key(pt->kind), "answer", ans[t],
                                               "passed", ok, "en", pt->en, "fr", pt->fr));
    }
    char cos[2] = { (char)toupper((unsigned char)in->cosmetic[0]), 0 };
    json_t *pl = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:i, s:i, s:o}", "profile", p->name,
                           "profile_version", p->version, "category", cat->key, "cosmetic", cos,
                           "outcome", vocab_key(&VOCAB_OUTCOME, oc), "note", note, "no_storage", in->no_storage ? 1 : 0,
                           "tests_total", cat->ntests, "tests_passed", passed, "tests", tests);
    if (!pl) return err_set(e, ERR_INTERNAL, "%s", _("out of memory"));
    /* "no storage inside" is the declaration the disks screen makes too
     * (media_declare_none), written with the grading or not at all */
    Event ev;
    if (db_begin(c->db, e) < 0) { json_decref(pl); return -1; }
    if (in->no_storage && media_declare_none(c, d.id, NULL, e) < 0) {
        json_decref(pl);
        db_rollback(c->db);
        return -1;
    }
    if (event_append(c, "device.grade", d.id, pl, &ev, e) < 0) { db_rollback(c->db); return -1; }
    if (db_commit(c->db, e) < 0) { event_free(&ev); return -1; }
    if (out_id) snprintf(out_id, EVENT_ID_MAX, "%s", ev.id);
    event_free(&ev);
    return 0;
}

int grade_battery_health(const char *base)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/class/power_supply", base ? base : "/sys");
    DIR *dp = opendir(dir);
    if (!dp) return -1;
    struct dirent *de;
    int best = -1;
    while ((de = readdir(dp))) {
        if (strncmp(de->d_name, "BAT", 3)) continue;
        long long full = -1, design = -1;
        const char *pairs[2][2] = { { "energy_full", "energy_full_design" }, { "charge_full", "charge_full_design" } };
        for (int k = 0; k < 2 && (full <= 0 || design <= 0); k++) {
            FILE *f;
            snprintf(path, sizeof path, "%s/%s/%s", dir, de->d_name, pairs[k][0]);
            if ((f = fopen(path, "r"))) { if (fscanf(f, "%lld", &full) != 1) full = -1; fclose(f); }
            snprintf(path, sizeof path, "%s/%s/%s", dir, de->d_name, pairs[k][1]);
            if ((f = fopen(path, "r"))) { if (fscanf(f, "%lld", &design) != 1) design = -1; fclose(f); }
        }
        if (full > 0 && design > 0) {
            long long pct = full * 100 / design;
            if (pct > 100) pct = 100;
            if (pct > best) best = (int)pct;
        }
    }
    closedir(dp);
    return best;
}

/* The firmware serial of this machine (as serial_key()) into out: 1, or 0
 * when unreadable or a maker's placeholder ("To Be Filled By O.E.M."). */
static int machine_serial(const char *base, char *out, size_t size)
{
    char path[600];
    snprintf(path, sizeof path, "%s/class/dmi/id/product_serial", base ? base : "/sys");
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[128] = "";
    int ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    if (!ok || !line[0]) return 0;
    serial_key(line, out, size);
    static const char *const PLACEHOLDER[] = { "TOBEFILLEDBYO.E.M.", "DEFAULTSTRING", "SYSTEMSERIALNUMBER",
                                               "NONE", "", NULL };
    for (int i = 0; PLACEHOLDER[i]; i++)
        if (!strcmp(out, PLACEHOLDER[i])) return 0;
    return 1;
}

int grade_device_battery(const Device *d, const char *base)
{
    char mine[128], theirs[128];
    if (machine_serial(base, mine, sizeof mine)) {
        serial_key(d->serial, theirs, sizeof theirs);
        if (strcmp(mine, theirs)) return -1;
    } else if (d->category != CAT_LAPTOP) {
        return -1;
    }
    return grade_battery_health(base);
}

static const char *js(json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* ---- the claim -------------------------------------------------------- */

static const char SQL_GRADING_GET[] = "SELECT payload FROM gradings WHERE device = ?1";

/* The latest grading payload of a device, or NULL. */
static json_t *latest_grading(Ctx *c, const char *id, Err *e, int *err)
{
    *err = 0;
    sqlite3_stmt *st = db_stmt(c->db, SQL_GRADING_GET, e);
    if (!st) { *err = 1; return NULL; }
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    json_t *j = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) j = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { *err = 1; db_error_rc(c->db, rc, e); }
    return j;
}

int device_claim(Ctx *c, const Device *d, Claim *out, Err *e)
{
    int err;
    json_t *g = latest_grading(c, d->id, e, &err);
    if (err) return -1;
    MediaList ml;
    if (media_list(c, d->id, &ml, e) < 0) { json_decref(g); return -1; }
    ClaimInput in = { 0 };
    char names[512] = "";
    in.graded = g != NULL;
    if (g) {
        json_t *tests = json_object_get(g, "tests"), *t;
        size_t i;
        in.tests_total = (int)json_array_size(tests);
        json_array_foreach(tests, i, t) {
            if (json_is_true(json_object_get(t, "passed"))) continue;
            in.tests_not_passed++;
            const char *lab = js(t, strcmp(lang_current(), "en") ? "fr" : "en");
            size_t l = strlen(names);
            if (l + strlen(lab) + 3 < sizeof names)
                snprintf(names + l, sizeof names - l, "%s%s", l ? ", " : "", lab);
        }
        in.no_storage = json_is_true(json_object_get(g, "no_storage"));   /* older gradings */
    }
    int none = media_none_declared(c, d->id, e);
    if (none < 0) { media_list_free(&ml); json_decref(g); return -1; }
    in.no_storage |= none;
    in.not_passed = names;
    ClaimMedium cm[64];
    in.nmedia = ml.n < 64 ? ml.n : 64;
    for (size_t i = 0; i < in.nmedia; i++) { cm[i].serial = ml.items[i].serial; cm[i].erased = ml.items[i].erased; }
    in.media = cm;
    in.storage_expected = claim_storage_expected(category_key(d->category));
    claim_compute(&in, out);
    media_list_free(&ml);
    json_decref(g);
    return 0;
}

int grading_device_json(Ctx *c, const Device *d, json_t *j, Err *e)
{
    Claim cl;
    int err;
    if (device_claim(c, d, &cl, e) < 0) return -1;
    json_t *g = latest_grading(c, d->id, e, &err);
    if (err) return -1;
    json_object_set_new(j, "claim", json_string(claim_key(&cl)));
    json_object_set_new(j, "claim_label", json_string(claim_label(&cl)));
    json_t *miss = json_array();
    for (int i = 0; i < cl.nmissing; i++) json_array_append_new(miss, json_string(cl.missing[i]));
    json_object_set_new(j, "claim_missing", miss);
    json_object_set_new(j, "grading", g ? g : json_null());
    json_t *m = media_json(c, d->id, e);
    if (!m) return -1;
    json_object_set_new(j, "media", m);
    json_t *w = wipes_json(c, d->id, e);
    if (!w) return -1;
    json_object_set_new(j, "wipes", w);
    return 0;
}

static int add_event_json(void *arg, const Event *ev)
{
    json_array_append_new(arg, event_to_json(ev));
    return 0;
}

json_t *device_to_json(Ctx *c, const Device *d, int with_events, Err *e)
{
    char rec[32], upd[32];
    Lot lot;
    hlc_iso(d->received_hlc, rec);
    hlc_iso(d->updated_hlc, upd);
    int have_lot = d->lot[0] && lot_get(c, d->lot, &lot, NULL) == 1;
    json_t *j = json_object();
    json_object_set_new(j, "id", json_string(d->id));
    json_object_set_new(j, "serial", json_string(d->serial));
    json_object_set_new(j, "donor_tag", json_string(d->donor_tag));
    json_object_set_new(j, "category", json_string(category_key(d->category)));
    json_object_set_new(j, "make", json_string(d->make));
    json_object_set_new(j, "model", json_string(d->model));
    json_object_set_new(j, "state", json_string(state_key(d->state)));
    json_object_set_new(j, "lot", d->lot[0] ? json_string(d->lot) : json_null());
    json_object_set_new(j, "donor", have_lot ? json_string(lot.donor) : json_null());
    json_object_set_new(j, "workshop", json_string(d->workshop));
    json_object_set_new(j, "grade", d->grade[0] ? json_string(d->grade) : json_null());
    json_object_set_new(j, "outcome", d->outcome >= 0 ? json_string(vocab_key(&VOCAB_OUTCOME, d->outcome)) : json_null());
    json_object_set_new(j, "received", json_string(rec));
    json_object_set_new(j, "updated", json_string(upd));
    /* claim, grading, media, wipes */
    if (grading_device_json(c, d, j, e) < 0) {
        json_decref(j);
        return NULL;
    }
    if (with_events) {
        json_t *evs = json_array();
        if (event_for_device(c, d->id, add_event_json, evs, e) < 0) {
            json_decref(evs);
            json_decref(j);
            return NULL;
        }
        json_object_set_new(j, "events", evs);
    }
    return j;
}
