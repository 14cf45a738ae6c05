/* test_profile.c — grading profiles: the shipped default, malformed files
 * refused with their line, answers. */
#include "tests/unit/t.h"
#include "core/grading/profile.h"
#include "core/settings/lang.h"

static const char *top(void) { const char *t = getenv("BOUCLE_TOP"); return t ? t : "."; }

static int load_default(Profile *p, Err *e)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/data/profiles/default.ini", top());
    return profile_load(path, p, e);
}

TEST(default_profile_loads)
{
    Profile p;
    Err e = {0};
    CHECK_MSG(load_default(&p, &e) == 0, "%s", e.msg);
    CHECK_STR(p.name, "boucle-default");
    CHECK(p.version[0]);
    const char *cats[] = { "laptop", "desktop", "screen", "phone", "tablet", "other" };
    for (int i = 0; i < 6; i++) {
        const ProfileCategory *c = profile_category(&p, cats[i]);
        CHECK_MSG(c && !strcmp(c->key, cats[i]), "no [%s]", cats[i]);
        CHECK(c->ntests >= 3);
    }
    /* printer is not listed: graded with "other" */
    CHECK_STR(profile_category(&p, "printer")->key, "other");
    const ProfileCategory *l = profile_category(&p, "laptop");
    const char *want[] = { "power", "screen", "keyboard", "touchpad", "battery", "charger",
                           "usb", "webcam", "audio", "wifi", "no_lock" };
    for (int i = 0; i < 11; i++) CHECK_MSG(profile_test(l, want[i]), "laptop lacks %s", want[i]);
    const ProfileTest *b = profile_test(l, "battery");
    CHECK_INT(b->kind, TEST_PERCENT);
    CHECK(b->min > 0 && b->min < 100);
    const ProfileTest *ch = profile_test(l, "charger");
    CHECK_INT(ch->kind, TEST_CHOICE);
    CHECK(ch->nchoices >= 2);
    CHECK_STR(ch->choices[0].fr, "D'origine, fonctionne");
    CHECK_STR(profile_test(l, "power")->fr, "Alimentation et démarrage");
    CHECK_STR(profile_test(l, "power")->en, "Power and boot");
    profile_free(&p);
}

TEST(load_default_finds_installed_or_env)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/data", top());
    setenv("BOUCLE_DATADIR", dir, 1);
    Profile p;
    Err e = {0};
    CHECK_MSG(profile_load_default(NULL, &p, &e) == 0, "%s", e.msg);
    CHECK_STR(p.name, "boucle-default");
    profile_free(&p);
    setenv("BOUCLE_DATADIR", "/nonexistent", 1);
    CHECK(profile_load_default(NULL, &p, &e) == -1);
    CHECK_CONTAINS(e.msg, "/nonexistent/profiles/default.ini");
    unsetenv("BOUCLE_DATADIR");
}

static const char *HEAD = "[profile]\nname = t\nversion = 1\n";

/* Returns the error message of parsing HEAD + body (or "" when it parsed). */
static const char *bad(const char *body)
{
    static Err e;
    char text[4096];
    snprintf(text, sizeof text, "%s%s", HEAD, body);
    Profile p;
    err_clear(&e);
    if (profile_parse(text, strlen(text), "x.ini", &p, &e) == 0) { profile_free(&p); return ""; }
    return e.msg;
}

TEST(malformed_profiles_name_line_and_reason)
{
    CHECK_STR(bad("[other]\na = pass | A | A\n"), "");
    CHECK_CONTAINS(bad("[other]\na = pass | A\n"), "x.ini, line 5:");
    CHECK_CONTAINS(bad("[other]\na = pass | A\n"), "kind | English label | French label");
    CHECK_CONTAINS(bad("[other]\na = maybe | A | A\n"), "line 5: unknown test kind");
    CHECK_CONTAINS(bad("[other]\na = percent 120 | A | A\n"), "line 5: the minimum of a percentage");
    CHECK_CONTAINS(bad("[other]\na = percent x | A | A\n"), "line 5:");
    CHECK_CONTAINS(bad("[other]\na = pass | A | A\na = pass | B | B\n"), "line 6: this test is defined twice");
    CHECK_CONTAINS(bad("[other]\nA B = pass | A | A\n"), "line 5: a test id");
    CHECK_CONTAINS(bad("[other]\na = pass |  | A\n"), "line 5: a label is empty");
    CHECK_CONTAINS(bad("[fridge]\na = pass | A | A\n"), "line 4: unknown section");
    CHECK_CONTAINS(bad("[other]\na = pass | A | A\n[other]\n"), "line 6: this category appears twice");
    CHECK_CONTAINS(bad("[other]\njust words\n"), "line 5: expected \"key = value\"");
    CHECK_CONTAINS(bad("[other\n"), "line 4: a section line");
    CHECK_CONTAINS(bad("[other]\nb.x = pass | X | X\n"), "line 5: an option must follow");
    CHECK_CONTAINS(bad("[other]\nc = choice | C | C\nc.x = pass | X | X\n"), "line 5: a choice test needs");
    CHECK_CONTAINS(bad("[other]\nc = choice | C | C\nc.x = fail | X | X\nc.y = fail | Y | Y\n"),
                   "line 5: a choice test needs");
    CHECK_CONTAINS(bad("[other]\nc = choice | C | C\nc.x = maybe | X | X\n"), "line 6: expected \"pass |");
    /* found by fuzz_profile: an option "pass" that fails counted as passed,
     * an option "skip" could not be chosen */
    CHECK_CONTAINS(bad("[other]\nc = choice | C | C\nc.pass = fail | X | X\nc.ok = pass | Y | Y\n"),
                   "line 6: an option id cannot be pass, skip");
    CHECK_CONTAINS(bad("[other]\nc = choice | C | C\nc.ok = pass | Y | Y\nc.skip = fail | X | X\n"),
                   "line 7: an option id cannot be pass, skip");
    CHECK_CONTAINS(bad("[other]\nc = choice | C | C\nc.ok = pass | Y | Y\nc.na = fail | X | X\n"), "line 7: an option id cannot");
    CHECK_STR(bad("[other]\nc = choice | C | C\nc.passed = pass | Y | Y\nc.skipped = fail | X | X\n"), "");
    CHECK_CONTAINS(bad("[laptop]\na = pass | A | A\n"), "[other] category is missing");
    CHECK_CONTAINS(bad("[other]\n[laptop]\na = pass | A | A\n"), "a category has no test");
    CHECK_CONTAINS(bad("[other]\na = pass | \xff\xfe | A\n"), "line 5: the line is not valid UTF-8");
    CHECK_CONTAINS(bad("[profile]\nauthor = me\n"), "line 5: [profile] takes");
    Profile p;
    Err e = {0};
    CHECK(profile_parse("[other]\na = pass|A|A\n", 21, "y.ini", &p, &e) == -1);
    CHECK_CONTAINS(e.msg, "y.ini");
    CHECK_CONTAINS(e.msg, "[profile]");
    CHECK(profile_parse("", 0, "empty.ini", &p, &e) == -1);
    CHECK_CONTAINS(e.msg, "empty.ini, line 1");
    /* a very long line, a huge file */
    char *big = malloc(5000);
    memset(big, 'a', 4999);
    big[4999] = '\0';
    CHECK_CONTAINS(bad(big), "line 4: the line is too long");
    free(big);
    CHECK(profile_load("/nonexistent.ini", &p, &e) == -1);
    CHECK_INT(e.code, ERR_IO);
}

TEST(crlf_bom_comments)
{
    const char *t = "\xef\xbb\xbf# comment\r\n[profile]\r\nname = n\r\nversion = 2\r\n; other comment\r\n"
                    "[other]\r\nk = choice | K | K\r\nk.a = pass | A | Á\r\nk.b = fail | B | B\r\n";
    Profile p;
    Err e = {0};
    CHECK_MSG(profile_parse(t, strlen(t), "crlf", &p, &e) == 0, "%s", e.msg);
    CHECK_STR(p.version, "2");
    CHECK_STR(p.cats[0].tests[0].choices[0].fr, "Á");
    profile_free(&p);
}

TEST(answers)
{
    Profile p;
    Err e = {0};
    CHECK_MSG(load_default(&p, &e) == 0, "%s", e.msg);
    const ProfileCategory *l = profile_category(&p, "laptop");
    const ProfileTest *pw = profile_test(l, "power"), *bat = profile_test(l, "battery"),
                      *ch = profile_test(l, "charger");
    char a[32];
    CHECK(profile_answer_parse(pw, "OK", a, sizeof a, &e) == 0); CHECK_STR(a, "pass");
    CHECK(profile_answer_parse(pw, " non ", a, sizeof a, &e) == 0); CHECK_STR(a, "fail");
    CHECK(profile_answer_parse(pw, "skip", a, sizeof a, &e) == 0); CHECK_STR(a, "skip");
    CHECK(profile_answer_parse(pw, "maybe", a, sizeof a, &e) == -1);
    CHECK_INT(e.code, ERR_USAGE);
    CHECK_CONTAINS(e.msg, "maybe");
    CHECK(profile_answer_parse(bat, "85%", a, sizeof a, &e) == 0); CHECK_STR(a, "85");
    CHECK(profile_answer_parse(bat, "101", a, sizeof a, &e) == -1);
    CHECK(profile_answer_parse(bat, "-1", a, sizeof a, &e) == -1);
    CHECK(profile_answer_parse(bat, "8x", a, sizeof a, &e) == -1);
    CHECK(profile_answer_parse(ch, "Original", a, sizeof a, &e) == 0); CHECK_STR(a, "original");
    CHECK(profile_answer_parse(ch, "golden", a, sizeof a, &e) == -1);
    CHECK(profile_answer_passed(pw, "pass"));
    CHECK(!profile_answer_passed(pw, "fail"));
    CHECK(!profile_answer_passed(pw, "skip"));
    CHECK(!profile_answer_passed(pw, NULL));
    char lo[8], hi[8];
    snprintf(lo, sizeof lo, "%d", bat->min - 1);
    snprintf(hi, sizeof hi, "%d", bat->min);
    CHECK(!profile_answer_passed(bat, lo));
    CHECK(profile_answer_passed(bat, hi));
    CHECK(!profile_answer_passed(bat, "skip"));
    CHECK(profile_answer_passed(ch, "compatible"));
    CHECK(!profile_answer_passed(ch, "missing"));
    profile_free(&p);
}

TEST(labels_follow_language)
{
    Profile p;
    Err e = {0};
    CHECK_MSG(load_default(&p, &e) == 0, "%s", e.msg);
    const ProfileTest *pw = profile_test(profile_category(&p, "laptop"), "power");
    lang_init("fr", NULL);
    CHECK_STR(profile_test_label(pw), "Alimentation et démarrage");
    lang_init("en", NULL);
    CHECK_STR(profile_test_label(pw), "Power and boot");
    profile_free(&p);
}

/* The solidarity price caps and the carbon factors: the shipped values
 * (PRODUCT.md), the rule's name in both languages, and bad lines refused. */
TEST(price_caps_and_carbon)
{
    Profile p;
    Err e = {0};
    CHECK_MSG(load_default(&p, &e) == 0, "%s", e.msg);
    CHECK(profile_price_cap_cents(&p, "laptop", 0) == 18000);
    CHECK(profile_price_cap_cents(&p, "desktop", 0) == 15000);
    CHECK(profile_price_cap_cents(&p, "tablet", 0) == 10000);
    CHECK(profile_price_cap_cents(&p, "phone", 0) == 10000);
    CHECK(profile_price_cap_cents(&p, "screen", 0) == 3000);
    CHECK(profile_price_cap_cents(&p, "printer", 0) == 3000);
    CHECK(profile_price_cap_cents(&p, "printer", 1) == 17000);
    CHECK(profile_price_cap_cents(&p, "laptop", 1) == 18000);
    CHECK(profile_price_cap_cents(&p, "network", 0) == -1);
    CHECK(profile_price_cap_cents(&p, "nonsense", 0) == -1);
    lang_init("fr", NULL);
    CHECK_STR(profile_price_cap_rule(&p), "prix solidaire (arrêté du 7 novembre 2022)");
    const ProfileCarbon *c = profile_carbon(&p, "laptop");
    CHECK(c && c->kg > 182.59 && c->kg < 182.61);
    CHECK_STR(profile_carbon_label(c), "ordinateur portable");
    CHECK_CONTAINS(profile_carbon_source(&p), "ADEME / Arcep 2022");
    lang_init("en", NULL);
    CHECK_STR(profile_price_cap_rule(&p), "solidarity price (order of 7 November 2022)");
    CHECK_STR(profile_carbon_label(profile_carbon(&p, "desktop")), "professional desktop without screen");
    CHECK(profile_carbon(&p, "printer") == NULL);
    CHECK(profile_carbon(&p, "tablet")->kg > 59.69 && profile_carbon(&p, "tablet")->kg < 59.71);
    profile_free(&p);

    const char *head = "[profile]\nname = t\nversion = 1\n[other]\npower = pass | Power | Alimentation\n";
    const char *bad[] = {
        "[price_caps]\nlaptop = 180 €\n",
        "[price_caps]\nlaptop = 18.005\n",
        "[price_caps]\nlaptop = -3\n",
        "[price_caps]\nfridge = 3\n",
        "[price_caps]\nrule = only english\n",
        "[carbon]\nlaptop = 182.6\n",
        "[carbon]\nlaptop = lots | Laptop | Portable\n",
        "[carbon]\nlaptop = 1.25 | Laptop | Portable\n",
        "[carbon]\nmars = 1 | Mars | Mars\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "%s%s", head, bad[i]);
        Err be = {0};
        CHECK_MSG(profile_parse(text, strlen(text), "t.ini", &p, &be) == -1, "accepted: %s", bad[i]);
        CHECK_CONTAINS(be.msg, "t.ini, line 7");
    }
    char ok[512];
    snprintf(ok, sizeof ok, "%s[price_caps]\nlaptop = 99,50\n[carbon]\nphone = 85 | Phone | Téléphone\n", head);
    CHECK_MSG(profile_parse(ok, strlen(ok), "t.ini", &p, &e) == 0, "%s", e.msg);
    CHECK(profile_price_cap_cents(&p, "laptop", 0) == 9950);
    CHECK(profile_price_cap_cents(&p, "printer", 1) == -1);
    CHECK(profile_carbon(&p, "phone")->kg > 84.99);
    profile_free(&p);
}

int main(void)
{
    RUN(price_caps_and_carbon);
    RUN(default_profile_loads);
    RUN(load_default_finds_installed_or_env);
    RUN(malformed_profiles_name_line_and_reason);
    RUN(crlf_bom_comments);
    RUN(answers);
    RUN(labels_follow_language);
    return t_done();
}
