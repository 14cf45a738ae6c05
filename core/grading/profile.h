/*
 * profile.h — grading profiles: the functional checklist of each device
 * category, kept in a file a region can share and change (the format is
 * doc/grading-profile.md; the default is data/profiles/default.ini).
 *
 * Invariants
 * - A Profile is either fully valid or not returned: profile_parse() refuses
 *   the whole file at the first problem and names the line and the reason.
 * - Every profile has an "other" category: categories it does not list
 *   (printer, network…) are graded with it.
 * - Test ids are unique within a category; a choice test has at least two
 *   options, and at least one of them counts as passed.
 * - Answers are stored normalised (profile_answer_parse): "pass", "fail",
 *   "skip", a percentage "0".."100", or a choice's option id.
 */
#ifndef BOUCLE_PROFILE_H
#define BOUCLE_PROFILE_H
#include <stddef.h>
#include "util/err.h"
#include "core/vocab/vocab.h"

#define PROFILE_ID_MAX 32
#define PROFILE_LABEL_MAX 128

typedef enum { TEST_PASSFAIL, TEST_PERCENT, TEST_CHOICE } TestKind;

typedef struct ProfileChoice {
    char id[PROFILE_ID_MAX];
    int pass;                       /* choosing it counts as a passed test */
    char en[PROFILE_LABEL_MAX], fr[PROFILE_LABEL_MAX];
} ProfileChoice;

typedef struct ProfileTest {
    char id[PROFILE_ID_MAX];
    TestKind kind;
    int min;                        /* percent: the lowest passing value */
    char en[PROFILE_LABEL_MAX], fr[PROFILE_LABEL_MAX];
    ProfileChoice *choices;         /* choice: its options */
    int nchoices;
    int line;                       /* where it is defined (messages) */
} ProfileTest;

typedef struct ProfileCategory {
    char key[16];                   /* category_key(): laptop, desktop, … */
    ProfileTest *tests;
    int ntests;
} ProfileCategory;

/* A manufacturing and distribution footprint avoided by reusing a device of
 * a category ([carbon] section: "laptop = 182.6 | Laptop | Ordinateur
 * portable"). */
typedef struct ProfileCarbon {
    int set;
    double kg;                      /* kg CO2e */
    char en[PROFILE_LABEL_MAX], fr[PROFILE_LABEL_MAX];   /* what the factor is the footprint of */
} ProfileCarbon;

typedef struct Profile {
    char name[64];
    char version[32];
    char source[256];               /* the file it came from */
    ProfileCategory *cats;
    int ncats;
    /* [price_caps]: the most a device given free by a public body may be
     * resold for to people in precarity (euros in the file, cents here;
     * -1 = no cap), and the rule's name ("rule = EN | FR"). */
    long long cap_cents[CATEGORY_COUNT];
    long long cap_mfp_cents;        /* printer_mfp: a multifunction printer */
    char cap_rule_en[PROFILE_LABEL_MAX], cap_rule_fr[PROFILE_LABEL_MAX];
    /* [carbon]: per category, and where the factors come from
     * ("source = EN | FR"). */
    ProfileCarbon carbon[CATEGORY_COUNT];
    char carbon_source_en[PROFILE_LABEL_MAX], carbon_source_fr[PROFILE_LABEL_MAX];
} Profile;

/* Parses profile text. `source` names it in messages ("default.ini").
 * 0, or -1 with e = "<source>, line N: <reason>" and nothing allocated. */
int profile_parse(const char *text, size_t len, const char *source, Profile *out, Err *e);
int profile_load(const char *path, Profile *out, Err *e);
/* Loads `path` when given, else the installed default: $BOUCLE_DATADIR,
 * then DATADIR (the Makefile's), then data/ beside the running binary's
 * folder (a build tree). */
int profile_load_default(const char *path, Profile *out, Err *e);
void profile_free(Profile *p);

/* The checklist for a category key; "other"'s when the key is not listed. */
const ProfileCategory *profile_category(const Profile *p, const char *category);
const ProfileTest *profile_test(const ProfileCategory *c, const char *id);
/* The label in the current language (lang_current()). */
const char *profile_test_label(const ProfileTest *t);
const char *profile_choice_label(const ProfileChoice *ch);
const char *test_kind_key(TestKind k);     /* "passfail", "percent", "choice" */

/* The solidarity price cap of a category key in cents, -1 when the profile
 * sets none; multifunction: a multifunction printer (its own cap when the
 * profile gives one). */
long long profile_price_cap_cents(const Profile *p, const char *category, int multifunction);
/* The cap's rule, in the current language ("" when the profile has none). */
const char *profile_price_cap_rule(const Profile *p);
/* The carbon factor of a category key, NULL when the profile has none. */
const ProfileCarbon *profile_carbon(const Profile *p, const char *category);
const char *profile_carbon_label(const ProfileCarbon *c);   /* current language */
const char *profile_carbon_source(const Profile *p);        /* current language, "" when none */

/* Normalises what a person typed for test t into out ("pass", "fail",
 * "skip", "0".."100", an option id). Accepts pass/ok/yes/oui/p/1 for pass
 * and fail/ko/no/non/f/0 for fail on pass/fail tests. 0, or -1 with e. */
int profile_answer_parse(const ProfileTest *t, const char *value, char *out, size_t size, Err *e);
/* 1 when t measures the health of a battery (a percent test "battery"):
 * the one measure this machine can read itself (grade_battery_health). */
int profile_test_measures_battery(const ProfileTest *t);
/* The id of the first option of choice test t that counts as passed, or
 * NULL (not a choice test). */
const char *profile_test_passing_choice(const ProfileTest *t);

/* 1 when a normalised answer counts as a passed test, else 0 (skip never
 * passes: the law asks that every function was tested). "pass" on a
 * measure or a choice is no longer written (all-pass now records the value
 * or the option, grade_all_pass) but still passes, so that gradings recorded
 * by earlier versions keep their meaning. */
int profile_answer_passed(const ProfileTest *t, const char *answer);

#endif
