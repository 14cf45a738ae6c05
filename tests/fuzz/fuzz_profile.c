/*
 * fuzz_profile.c — fuzz target of the grading profile parser
 * (core/grading/profile.c), which reads a file a region shares between
 * workshops (doc/grading-profile.md).
 *
 * profile_load() reads the file and hands its bytes to profile_parse(),
 * which the target calls on a buffer of exactly the input's size. On any
 * input:
 * - no read or write outside the buffer (ASan), no undefined behaviour
 *   (UBSan), nothing leaked, even when the parse fails half-way;
 * - a profile it returns keeps the invariants of profile.h: an "other"
 *   category that grades unknown categories, unique test ids, choice tests
 *   with two options or more, one of which passes;
 * - every answer is read back: an option's id is parsed to itself and
 *   passes exactly when the option passes; what profile_answer_parse
 *   normalises, profile_answer_passed judges without crashing.
 *
 *   make fuzz && build-fuzz/fuzz_profile -dict=tests/fuzz/profile.dict tests/fuzz/corpus/profile
 */
#include "core/grading/profile.h"
#include "tests/fuzz/fuzz_util.h"

#define REQUIRE(c) FUZZ_REQUIRE("profile", c)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const ANSWERS[] = {
    "pass", "fail", "skip", "ok", "KO", " oui ", "n/a", "0", "1", "50", "100", "101", "-1", "42%",
    "", "x", "99999999999999999999", NULL,
};

static void check_answers(const ProfileTest *t)
{
    char out[64];
    Err e = { 0 };
    REQUIRE(profile_test_label(t) != NULL && test_kind_key(t->kind) != NULL);
    for (int i = 0; ANSWERS[i]; i++) {
        if (profile_answer_parse(t, ANSWERS[i], out, sizeof out, &e) == 0) {
            REQUIRE(FUZZ_TERMINATED(out));
            (void)profile_answer_passed(t, out);
        }
    }
    (void)profile_test_measures_battery(t);
    if (t->kind != TEST_CHOICE) return;
    const char *ok = profile_test_passing_choice(t);
    REQUIRE(ok != NULL);
    for (int k = 0; k < t->nchoices; k++) {
        const ProfileChoice *ch = &t->choices[k];
        REQUIRE(profile_choice_label(ch) != NULL);
        REQUIRE(profile_answer_parse(t, ch->id, out, sizeof out, &e) == 0);
        REQUIRE(strcmp(out, ch->id) == 0);
        REQUIRE(profile_answer_passed(t, out) == ch->pass);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);
    Profile p;
    Err e = { 0 };
    int rc = profile_parse(buf, size, "fuzz.ini", &p, &e);
    free(buf);
    if (rc < 0) {
        REQUIRE(e.msg[0] && strstr(e.msg, "fuzz.ini"));
        REQUIRE(p.cats == NULL && p.ncats == 0);
        return 0;
    }
    REQUIRE(rc == 0 && p.name[0] && p.version[0]);
    const ProfileCategory *other = profile_category(&p, "other");
    REQUIRE(other && strcmp(other->key, "other") == 0);
    REQUIRE(profile_category(&p, "no-such-category") == other);
    for (int i = 0; i < p.ncats; i++) {
        const ProfileCategory *c = &p.cats[i];
        REQUIRE(c->ntests > 0);
        REQUIRE(profile_category(&p, c->key) == c);
        for (int j = 0; j < c->ntests; j++) {
            const ProfileTest *t = &c->tests[j];
            REQUIRE(profile_test(c, t->id) == t);
            if (t->kind == TEST_CHOICE) REQUIRE(t->nchoices >= 2);
            if (t->kind == TEST_PERCENT) REQUIRE(t->min >= 0 && t->min <= 100);
            check_answers(t);
        }
    }
    profile_free(&p);
    return 0;
}
