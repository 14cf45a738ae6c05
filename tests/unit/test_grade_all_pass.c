/* test_grade_all_pass.c — "every test passed" (grade_all_pass) for each
 * category of the shipped profile, with and without a battery reading from
 * a fake sysfs; whose machine the reading is (grade_device_battery); the
 * answers of the command line (grade_answers); messages that name a test by
 * its label, never by its id. */
#include "tests/unit/t.h"
#include "core/grading/grading.h"
#include "core/settings/lang.h"
#include <sys/stat.h>

static const char *top(void) { const char *t = getenv("BOUCLE_TOP"); return t ? t : "."; }

static int load_default(Profile *p, Err *e)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/profiles/default.ini", top());
    return profile_load(path, p, e);
}

static void put(const char *dir, const char *rel, const char *text)
{
    char path[1024], cmd[1200];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    snprintf(cmd, sizeof cmd, "mkdir -p \"$(dirname '%s')\"", path);
    if (system(cmd) != 0) return;
    FILE *f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

/* A sysfs root in a temp dir: a battery at 84 % of its design capacity
 * when with_battery, and this machine's firmware serial when serial. */
static void fake_sysfs(char *dir, size_t size, int with_battery, const char *serial)
{
    snprintf(dir, size, "/tmp/boucle-allpass-XXXXXX");
    if (!mkdtemp(dir)) { dir[0] = '\0'; return; }
    put(dir, "class/power_supply/AC/online", "1\n");
    if (with_battery) {
        put(dir, "class/power_supply/BAT0/energy_full", "42000000\n");
        put(dir, "class/power_supply/BAT0/energy_full_design", "50000000\n");
    }
    if (serial) put(dir, "class/dmi/id/product_serial", serial);
}

static void rm_rf(const char *dir)
{
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (dir[0] && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

/* What all-pass must give test t with reading `battery` ("" = unanswered). */
static const char *expected(const ProfileTest *t, int battery, char *buf, size_t n)
{
    switch (t->kind) {
    case TEST_PASSFAIL: return "pass";
    case TEST_CHOICE:
        for (int i = 0; i < t->nchoices; i++)
            if (t->choices[i].pass) return t->choices[i].id;
        return "";
    case TEST_PERCENT:
        if (strcmp(t->id, "battery") || battery < 0) return "";
        snprintf(buf, n, "%d", battery);
        return buf;
    }
    return "";
}

/* 1: each category of default.ini, with the reading of a fake battery
 * (84 %) and without one (no battery in the fake sysfs). */
TEST(every_category_with_and_without_battery)
{
    Profile p;
    Err e = {0};
    CHECK_MSG(load_default(&p, &e) == 0, "%s", e.msg);
    const char *named[] = { "laptop", "desktop", "screen", "phone", "tablet", "other" };
    for (int i = 0; i < 6; i++)
        CHECK_MSG(profile_category(&p, named[i]) && !strcmp(profile_category(&p, named[i])->key, named[i]),
                  "default.ini has no [%s]", named[i]);
    char with[256], without[256];
    fake_sysfs(with, sizeof with, 1, NULL);
    fake_sysfs(without, sizeof without, 0, NULL);
    int readings[2] = { grade_battery_health(with), grade_battery_health(without) };
    CHECK_INT(readings[0], 84);
    CHECK_INT(readings[1], -1);
    for (int c = 0; c < p.ncats; c++) {
        const ProfileCategory *cat = &p.cats[c];
        for (int r = 0; r < 2; r++) {
            char ans[64][PROFILE_ID_MAX] = { { 0 } };
            int first_missing = -1, got = grade_all_pass(cat, readings[r], ans);
            for (int t = 0; t < cat->ntests; t++) {
                char buf[8];
                const char *want = expected(&cat->tests[t], readings[r], buf, sizeof buf);
                CHECK_MSG(!strcmp(ans[t], want), "[%s] %s with reading %d: got \"%s\", want \"%s\"", cat->key,
                          cat->tests[t].id, readings[r], ans[t], want);
                if (!want[0] && first_missing < 0) first_missing = t;
                /* what it gives is an answer the checker accepts, and it passes */
                char norm[PROFILE_ID_MAX];
                if (ans[t][0]) {
                    CHECK_MSG(profile_answer_parse(&cat->tests[t], ans[t], norm, sizeof norm, &e) == 0,
                              "[%s] %s: %s", cat->key, cat->tests[t].id, e.msg);
                    CHECK_MSG(profile_answer_passed(&cat->tests[t], ans[t]), "[%s] %s", cat->key, cat->tests[t].id);
                }
            }
            CHECK_MSG(got == first_missing, "[%s] reading %d: first unanswered %d, want %d", cat->key,
                      readings[r], got, first_missing);
        }
    }
    /* the figures the default profile gives, spelt out */
    char ans[64][PROFILE_ID_MAX] = { { 0 } };
    const ProfileCategory *l = profile_category(&p, "laptop");
    CHECK_INT(grade_all_pass(l, -1, ans), 4);                 /* battery, the fifth */
    CHECK_STR(ans[5], "original");
    CHECK_INT(grade_all_pass(l, 84, ans), -1);
    CHECK_STR(ans[4], "84");
    memset(ans, 0, sizeof ans);
    CHECK_INT(grade_all_pass(profile_category(&p, "screen"), -1, ans), -1);
    CHECK_STR(ans[4], "ok");
    memset(ans, 0, sizeof ans);
    CHECK_INT(grade_all_pass(profile_category(&p, "phone"), -1, ans), 2);
    memset(ans, 0, sizeof ans);
    CHECK_INT(grade_all_pass(profile_category(&p, "desktop"), -1, ans), -1);
    /* a printer is graded with "other": nothing to measure */
    memset(ans, 0, sizeof ans);
    CHECK_INT(grade_all_pass(profile_category(&p, "printer"), 84, ans), -1);
    rm_rf(with);
    rm_rf(without);
    profile_free(&p);
}

/* 2: answers given first are kept; a low reading is recorded, not faked. */
TEST(keeps_answers_and_records_low_readings)
{
    Profile p;
    Err e = {0};
    CHECK_MSG(load_default(&p, &e) == 0, "%s", e.msg);
    const ProfileCategory *l = profile_category(&p, "laptop");
    char ans[64][PROFILE_ID_MAX] = { { 0 } };
    snprintf(ans[7], PROFILE_ID_MAX, "fail");         /* webcam */
    snprintf(ans[5], PROFILE_ID_MAX, "missing");      /* charger */
    CHECK_INT(grade_all_pass(l, 45, ans), -1);
    CHECK_STR(ans[7], "fail");
    CHECK_STR(ans[5], "missing");
    CHECK_STR(ans[4], "45");
    CHECK(!profile_answer_passed(&l->tests[4], ans[4]));  /* below 60 %: not passed */
    profile_free(&p);
}

/* 3: the reading is this machine's: used for the device boucle runs on. */
TEST(battery_only_of_the_machine_itself)
{
    char dmi[256], nodmi[256], nobat[256];
    fake_sysfs(dmi, sizeof dmi, 1, "5cg 7301xyz\n");
    fake_sysfs(nodmi, sizeof nodmi, 1, NULL);
    fake_sysfs(nobat, sizeof nobat, 0, "5CG7301XYZ\n");
    Device d;
    memset(&d, 0, sizeof d);
    snprintf(d.serial, sizeof d.serial, "5CG7301XYZ");
    d.category = CAT_LAPTOP;
    CHECK_INT(grade_device_battery(&d, dmi), 84);          /* same serial */
    CHECK_INT(grade_device_battery(&d, nobat), -1);        /* itself, without a battery */
    snprintf(d.serial, sizeof d.serial, "PF1ABC");
    CHECK_INT(grade_device_battery(&d, dmi), -1);          /* another laptop on the bench */
    CHECK_INT(grade_device_battery(&d, nodmi), 84);        /* serial unreadable: a laptop runs boucle */
    d.category = CAT_PHONE;
    CHECK_INT(grade_device_battery(&d, nodmi), -1);        /* a phone does not */
    put(nodmi, "class/dmi/id/product_serial", "To Be Filled By O.E.M.\n");
    d.category = CAT_LAPTOP;
    CHECK_INT(grade_device_battery(&d, nodmi), 84);        /* a placeholder is no serial */
    rm_rf(dmi);
    rm_rf(nodmi);
    rm_rf(nobat);
}

/* 4: grade_answers, as the command line uses it; messages name labels. */
TEST(answers_and_messages_name_labels)
{
    Profile p;
    Err e = {0};
    CHECK_MSG(load_default(&p, &e) == 0, "%s", e.msg);
    const ProfileCategory *l = profile_category(&p, "laptop");
    char ans[64][PROFILE_ID_MAX];
    int missing;
    GradeAnswer a[] = { { "webcam", "ko" }, { "battery", "pass" } };
    GradeInput in = { .answers = a, .nanswers = 1, .all_pass = 1 };
    CHECK_INT(grade_answers(l, &in, ans, &missing, &e), 0);
    CHECK_INT(missing, 4);
    CHECK_STR(ans[7], "fail");
    CHECK_STR(ans[0], "pass");
    in.has_battery = 1;
    in.battery = 91;
    CHECK_INT(grade_answers(l, &in, ans, &missing, &e), 0);
    CHECK_INT(missing, -1);
    CHECK_STR(ans[4], "91");
    in.all_pass = 0;
    CHECK_INT(grade_answers(l, &in, ans, &missing, &e), 0);
    CHECK_STR(ans[0], "");
    in.nanswers = 2;
    lang_init("fr", NULL);
    CHECK_INT(grade_answers(l, &in, ans, &missing, &e), -1);
    CHECK_CONTAINS(e.msg, "Santé de la batterie (%)");
    CHECK_MSG(!strstr(e.msg, "battery"), "%s", e.msg);
    lang_init("en", NULL);
    CHECK_INT(grade_answers(l, &in, ans, &missing, &e), -1);
    CHECK_CONTAINS(e.msg, "Battery health (%)");
    GradeAnswer c[] = { { "charger", "yes" } };
    in.answers = c;
    in.nanswers = 1;
    CHECK_INT(grade_answers(l, &in, ans, &missing, &e), -1);
    CHECK_CONTAINS(e.msg, "Charger");
    lang_init("fr", NULL);
    GradeAnswer k[] = { { "keyboard", "maybe" } };
    in.answers = k;
    CHECK_INT(grade_answers(l, &in, ans, &missing, &e), -1);
    CHECK_CONTAINS(e.msg, "Clavier (toutes les touches)");
    profile_free(&p);
}

int main(void)
{
    RUN(every_category_with_and_without_battery);
    RUN(keeps_answers_and_records_low_readings);
    RUN(battery_only_of_the_machine_itself);
    RUN(answers_and_messages_name_labels);
    return t_done();
}
