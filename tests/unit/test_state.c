/* test_state.c — the changes of state a device may take (core/stock/
 * state_rules.c, pure) and the checked change on a real database (core/
 * grading/state_change.c), the declaration without storage, and moving an
 * assigned wipe only with a reason. */
#include "tests/unit/t.h"
#include "tests/unit/support.h"
#include "core/grading/grading.h"
#include "core/grading/state_change.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "core/stock/state_rules.h"
#include "core/wipe/media.h"
#include "core/wipe/wipe.h"
#include <string.h>

static Profile prof;

/* ---- the table ---------------------------------------------------------- */

TEST(table_is_the_documented_one)
{
    /* rows: from, in the order of the states; columns: to. 1 = allowed. */
    static const char *const WANT[ST__COUNT] = {
        /*            rec inp rdy res reu par rcy */
        [ST_RECEIVED]    = "0100011",
        [ST_IN_PROGRESS] = "0010011",
        [ST_READY]       = "0101100",
        [ST_RESERVED]    = "0110100",
        [ST_REUSED]      = "0100000",
        [ST_PARTS]       = "0100001",
        [ST_RECYCLED]    = "0000000",
    };
    for (int f = 0; f < ST__COUNT; f++) {
        char got[ST__COUNT + 1];
        for (int t = 0; t < ST__COUNT; t++) got[t] = state_transition_allowed((StateId)f, (StateId)t) ? '1' : '0';
        got[ST__COUNT] = '\0';
        CHECK_MSG(!strcmp(got, WANT[f]), "from %s: %s, want %s", state_key(f), got, WANT[f]);
    }
    CHECK(!state_transition_allowed(ST__COUNT, ST_READY));
    CHECK(!state_transition_allowed(ST_READY, (StateId)-1));
}

/* ---- the conditions ----------------------------------------------------- */

static StateMedium erased[] = { { "S1", 1 }, { "S2", 1 } };
static StateMedium one_not[] = { { "S1", 1 }, { "WD-XYZ", 0 } };
static StateMedium two_not[] = { { "A1", 0 }, { "B2", 0 } };

static StateFacts ready_laptop(StateId now)
{
    StateFacts f = { .state = now, .graded = 1, .outcome = OUT_REUSE, .media = erased, .nmedia = 2,
                     .storage_expected = 1 };
    return f;
}

TEST(leaving_needs_every_disk_erased)
{
    lang_init("en", NULL);
    char why[STATE_WHY_MAX];
    StateFacts f = ready_laptop(ST_READY);
    CHECK(state_check(&f, ST_REUSED, why, sizeof why));
    CHECK_STR(why, "");
    f.media = one_not;
    CHECK(!state_check(&f, ST_REUSED, why, sizeof why));
    CHECK_STR(why, "Disk WD-XYZ is not erased: record a successful wipe of it before the device becomes « reused ».");
    CHECK(!state_check(&f, ST_RESERVED, why, sizeof why));
    f.media = two_not;
    f.state = ST_IN_PROGRESS;
    CHECK(!state_check(&f, ST_READY, why, sizeof why));
    CHECK_STR(why, "Disks A1, B2 are not erased: record a successful wipe of each before the device becomes « ready ».");
    /* going back or to parts asks nothing of the disks */
    f.state = ST_READY;
    CHECK(state_check(&f, ST_IN_PROGRESS, why, sizeof why));
    f.state = ST_IN_PROGRESS;
    CHECK(state_check(&f, ST_PARTS, why, sizeof why));
    CHECK(state_check(&f, ST_RECYCLED, why, sizeof why));
}

TEST(no_disk_needs_a_declaration_when_expected)
{
    lang_init("en", NULL);
    char why[STATE_WHY_MAX];
    StateFacts f = ready_laptop(ST_IN_PROGRESS);
    f.nmedia = 0;
    CHECK(!state_check(&f, ST_READY, why, sizeof why));
    CHECK_STR(why, "No storage medium is recorded: add its disks and wipe them, or declare it without storage.");
    f.no_storage = 1;
    CHECK(state_check(&f, ST_READY, why, sizeof why));
    f.no_storage = 0;
    f.storage_expected = 0;    /* a screen, a printer */
    CHECK(state_check(&f, ST_READY, why, sizeof why));
}

TEST(leaving_needs_a_grading_for_reuse)
{
    lang_init("en", NULL);
    char why[STATE_WHY_MAX];
    StateFacts f = ready_laptop(ST_IN_PROGRESS);
    f.graded = 0;
    f.outcome = OUT_NONE;
    CHECK(!state_check(&f, ST_READY, why, sizeof why));
    CHECK_STR(why, "It has not been graded: grade it first (checklist, cosmetic grade, outcome).");
    f.graded = 1;
    f.outcome = OUT_PARTS;
    CHECK(!state_check(&f, ST_READY, why, sizeof why));
    CHECK_STR(why, "Its grading sends it to « parts »: grade it again if it can be reused.");
    f.outcome = OUT_REFURBISH;
    CHECK(state_check(&f, ST_READY, why, sizeof why));
}

TEST(refusals_outside_the_table_say_where_it_can_go)
{
    lang_init("en", NULL);
    char why[STATE_WHY_MAX];
    StateFacts f = ready_laptop(ST_IN_PROGRESS);
    CHECK(!state_check(&f, ST_REUSED, why, sizeof why));
    CHECK_STR(why, "Not from « in progress »; from there: ready, parts, recycled.");
    CHECK(!state_check(&f, ST_IN_PROGRESS, why, sizeof why));
    CHECK_STR(why, "The device is already « in progress ».");
    f.state = ST_RECYCLED;
    CHECK(!state_check(&f, ST_IN_PROGRESS, why, sizeof why));
    CHECK_STR(why, "A recycled device has left the workshop: its state no longer changes.");
    lang_init("fr", NULL);
    f.state = ST_IN_PROGRESS;
    CHECK(!state_check(&f, ST_REUSED, why, sizeof why));
    CHECK_STR(why, "Impossible depuis « en cours » ; possibles : prêt, pièces, recyclé.");
    lang_init("en", NULL);
}

TEST(options_list_every_other_state)
{
    lang_init("en", NULL);
    StateOption o[ST__COUNT];
    StateFacts f = ready_laptop(ST_IN_PROGRESS);
    f.media = one_not;
    CHECK_INT(state_options(&f, o), ST__COUNT - 1);
    char got[64] = "";
    for (int i = 0; i < ST__COUNT - 1; i++) {
        size_t l = strlen(got);
        snprintf(got + l, sizeof got - l, "%s%s=%d", l ? " " : "", state_key(o[i].to), o[i].allowed);
        CHECK_MSG(o[i].allowed == !o[i].why[0], "%s: allowed %d, why \"%s\"", state_key(o[i].to), o[i].allowed, o[i].why);
    }
    CHECK_STR(got, "received=0 ready=0 reserved=0 reused=0 parts=1 recycled=1");
    CHECK_CONTAINS(o[1].why, "WD-XYZ");
}

/* ---- on a database ------------------------------------------------------ */

/* A workshop with one laptop (ST1-000001) in a lot. */
static int setup(Ctx *c, const char *name)
{
    Err e = { 0 };
    char lot[LOT_ID_MAX], id[DEVICE_ID_MAX];
    if (support_ctx(c, name, "ST1") < 0) return -1;
    if (lot_add(c, "Ville de Grenoble", "", -1, NULL, lot, &e) < 0) return printf("# %s\n", e.msg), -1;
    DeviceNew d = { .lot = lot, .serial = "PF1ABC", .category = "laptop", .make = "Lenovo", .model = "T480" };
    if (device_add(c, &d, 0, id, NULL, &e) < 0) return printf("# %s\n", e.msg), -1;
    d.serial = "PF2DEF";
    if (device_add(c, &d, 0, id, NULL, &e) < 0) return printf("# %s\n", e.msg), -1;
    return 0;
}

static WipeNew good_wipe(const char *serial)
{
    WipeNew w = { .media = serial, .category = "purge", .technique = "ata-secure-erase", .tool = "hdparm",
                  .verification = "none", .status = "success", .passes = -1 };
    return w;
}

TEST(reused_with_an_unerased_disk_is_refused)
{
    Ctx c;
    Err e = { 0 };
    Device d;
    CHECK(setup(&c, "reuse.db") == 0);
    lang_init("en", NULL);
    GradeInput in = { .cosmetic = "A", .outcome = "reuse", .all_pass = 1, .has_battery = 1, .battery = 90 };
    CHECK_MSG(grade_device(&c, &prof, "ST1-000001", &in, NULL, &e) == 0, "%s", e.msg);
    MediaNew m = { .serial = "WD-WX11A", .type = "hdd", .bytes = -1 };
    CHECK(media_add(&c, "ST1-000001", &m, NULL, &e) == 0);
    const char *before = support_query(&c, "SELECT count(*) FROM events");
    char n_before[16];
    snprintf(n_before, sizeof n_before, "%s", before);
    CHECK(device_change_state(&c, "ST1-000001", "ready", NULL, &e) < 0);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_STR(e.msg, "Disk WD-WX11A is not erased: record a successful wipe of it before the device becomes « ready ».");
    /* the demo's shortcut, device_set_state, is not what people use: the
     * checked one writes nothing when it refuses */
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events"), n_before);
    WipeNew w = good_wipe("WD-WX11A");
    CHECK_MSG(wipe_add(&c, "ST1-000001", &w, NULL, &e) == 0, "%s", e.msg);
    CHECK_MSG(device_change_state(&c, "ST1-000001", "ready", "  shelf 3 ", &e) == 0, "%s", e.msg);
    CHECK_MSG(device_change_state(&c, "PF1ABC", "reused", NULL, &e) == 0, "%s", e.msg);
    CHECK(device_get(&c, "ST1-000001", &d, NULL) == 1);
    CHECK(d.state == ST_REUSED);
    CHECK_STR(support_query(&c, "SELECT json_extract(payload, '$.note') FROM events WHERE kind = 'device.state' "
                                "ORDER BY seq LIMIT 1"), "shelf 3");
    /* a disk added after, not erased: back to testing is fine, leaving is not */
    CHECK(device_change_state(&c, "ST1-000001", "in_progress", NULL, &e) == 0);
    MediaNew m2 = { .serial = "SSD-2", .type = "ssd", .bytes = -1 };
    CHECK(media_add(&c, "ST1-000001", &m2, NULL, &e) == 0);
    CHECK(device_change_state(&c, "ST1-000001", "ready", NULL, &e) < 0);
    CHECK_CONTAINS(e.msg, "SSD-2");
    CHECK(device_change_state(&c, "ST1-000001", "flying", NULL, &e) < 0);
    CHECK_INT(e.code, ERR_USAGE);
    CHECK(device_change_state(&c, "ST1-000999", "ready", NULL, &e) < 0);
    CHECK_INT(e.code, ERR_NOTFOUND);
    ctx_close(&c);
}

TEST(declared_without_storage)
{
    Ctx c;
    Err e = { 0 };
    Device d;
    Claim cl;
    StateOption o[ST__COUNT];
    CHECK(setup(&c, "none.db") == 0);
    lang_init("en", NULL);
    GradeInput in = { .cosmetic = "B", .outcome = "reuse", .all_pass = 1, .has_battery = 1, .battery = 90 };
    CHECK(grade_device(&c, &prof, "ST1-000002", &in, NULL, &e) == 0);
    CHECK(device_get(&c, "ST1-000002", &d, NULL) == 1);
    CHECK(device_claim(&c, &d, &cl, NULL) == 0);
    CHECK_STR(cl.missing[0], "no storage medium recorded");
    CHECK_INT(device_state_options(&c, &d, o, &e), ST__COUNT - 1);
    CHECK(!o[1].allowed);           /* ready */
    CHECK_CONTAINS(o[1].why, "declare it without storage");
    CHECK_INT(media_none_declared(&c, d.id, &e), 0);
    CHECK_MSG(media_declare_none(&c, "PF2DEF", "opened: no drive", &e) == 0, "%s", e.msg);
    CHECK_INT(media_none_declared(&c, d.id, &e), 1);
    CHECK(media_declare_none(&c, "ST1-000002", NULL, &e) == 0);   /* twice: one event */
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE kind = 'media.none'"), "1");
    CHECK(device_claim(&c, &d, &cl, NULL) == 0);
    CHECK(cl.reconditionne);
    CHECK(device_change_state(&c, "ST1-000002", "ready", NULL, &e) == 0);
    /* a device with a disk cannot be declared without one, by grading either */
    MediaNew m = { .serial = "WD-1", .type = "hdd", .bytes = -1 };
    CHECK(media_add(&c, "ST1-000001", &m, NULL, &e) == 0);
    CHECK(media_declare_none(&c, "ST1-000001", NULL, &e) < 0);
    CHECK_STR(e.msg, "Device ST1-000001 holds the disk WD-1: it cannot be declared without storage.");
    in.no_storage = 1;
    CHECK(grade_device(&c, &prof, "ST1-000001", &in, NULL, &e) < 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events WHERE device = 'ST1-000001' AND kind IN ('device.grade', 'media.none')"), "0");
    CHECK(media_declare_none(&c, "ST1-000404", NULL, &e) < 0);
    CHECK_INT(e.code, ERR_NOTFOUND);
    /* the history says it in words */
    CHECK_STR(support_query(&c, "SELECT json_extract(payload, '$.note') FROM events WHERE kind = 'media.none'"), "opened: no drive");
    ctx_close(&c);
}

TEST(assigned_wipe_moves_only_with_a_reason)
{
    Ctx c;
    Err e = { 0 };
    Claim cl;
    Device d;
    char key[EVENT_ID_MAX];
    CHECK(setup(&c, "move.db") == 0);
    lang_init("en", NULL);
    MediaNew m = { .serial = "WD-MOVE", .type = "hdd", .bytes = -1 };
    CHECK(media_add(&c, "ST1-000001", &m, NULL, &e) == 0);
    WipeNew w = good_wipe("WD-MOVE");
    CHECK(wipe_add(&c, "ST1-000001", &w, key, &e) == 0);
    CHECK(device_get(&c, "ST1-000001", &d, NULL) == 1);
    const char *n0 = support_query(&c, "SELECT count(*) FROM events");
    char before[16];
    snprintf(before, sizeof before, "%s", n0);
    CHECK(wipe_assign(&c, key, "ST1-000002", NULL, &e) < 0);
    CHECK_INT(e.code, ERR_EXISTS);
    CHECK_CONTAINS(e.msg, "already assigned to device ST1-000001");
    CHECK(wipe_assign(&c, key, "ST1-000002", "", &e) < 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events"), before);
    CHECK_STR(support_query(&c, "SELECT device FROM wipes"), "ST1-000001");
    /* the same device again: nothing to do */
    CHECK(wipe_assign(&c, key, "ST1-000001", NULL, &e) == 0);
    CHECK_STR(support_query(&c, "SELECT count(*) FROM events"), before);
    /* moved with a reason: recorded, and the first device's disk is no longer erased */
    CHECK_MSG(wipe_assign(&c, key, "ST1-000002", "disk swapped on the bench", &e) == 0, "%s", e.msg);
    CHECK_STR(support_query(&c, "SELECT device FROM wipes"), "ST1-000002");
    CHECK_STR(support_query(&c, "SELECT json_extract(payload, '$.reason') || '|' || json_extract(payload, '$.from') "
                                "FROM events WHERE kind = 'wipe.assign'"), "disk swapped on the bench|ST1-000001");
    CHECK(device_claim(&c, &d, &cl, NULL) == 0);
    CHECK_STR(cl.missing[1], "disk S/N WD-MOVE not erased");
    ctx_close(&c);
}

int main(void)
{
    char dir[1024];
    Err e = { 0 };
    snprintf(dir, sizeof dir, "%s/data/profiles/default.ini", getenv("BOUCLE_TOP") ? getenv("BOUCLE_TOP") : ".");
    if (profile_load(dir, &prof, &e) < 0) { printf("FAIL setup: %s\n", e.msg); return 1; }
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(dir, sizeof dir, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", dir, 1);
    }
    RUN(table_is_the_documented_one);
    RUN(leaving_needs_every_disk_erased);
    RUN(no_disk_needs_a_declaration_when_expected);
    RUN(leaving_needs_a_grading_for_reuse);
    RUN(refusals_outside_the_table_say_where_it_can_go);
    RUN(options_list_every_other_state);
    RUN(reused_with_an_unerased_disk_is_refused);
    RUN(declared_without_storage);
    RUN(assigned_wipe_moves_only_with_a_reason);
    profile_free(&prof);
    return t_done();
}
