/* test_claim.c — the « reconditionné » rule and what it says is missing. */
#include "tests/unit/t.h"
#include "core/grading/claim.h"
#include "core/settings/lang.h"

static ClaimMedium two_erased[] = { { "S1", 1 }, { "S2", 1 } };
static ClaimMedium one_not[] = { { "S1", 1 }, { "WD-XYZ", 0 } };

static ClaimInput base(void)
{
    ClaimInput in = { .graded = 1, .tests_total = 11, .tests_not_passed = 0,
                      .media = two_erased, .nmedia = 2, .storage_expected = 1 };
    return in;
}

TEST(all_passed_all_erased_is_reconditionne)
{
    ClaimInput in = base();
    Claim c;
    claim_compute(&in, &c);
    CHECK(c.reconditionne);
    CHECK_INT(c.nmissing, 0);
    CHECK_STR(claim_key(&c), "reconditionne");
}

TEST(not_graded)
{
    lang_init("en", NULL);
    ClaimInput in = base();
    in.graded = 0;
    Claim c;
    claim_compute(&in, &c);
    CHECK(!c.reconditionne);
    CHECK_STR(claim_key(&c), "occasion");
    CHECK_STR(c.missing[0], "not graded yet");
}

TEST(tests_not_passed_named)
{
    lang_init("en", NULL);
    ClaimInput in = base();
    in.tests_not_passed = 2;
    in.not_passed = "Webcam, Wi-Fi";
    Claim c;
    claim_compute(&in, &c);
    CHECK(!c.reconditionne);
    CHECK_STR(c.missing[0], "tests not passed (2): Webcam, Wi-Fi");
    in.tests_not_passed = 1;
    in.not_passed = "Webcam";
    claim_compute(&in, &c);
    CHECK_STR(c.missing[0], "tests not passed (1): Webcam");
}

TEST(medium_not_erased_named)
{
    lang_init("en", NULL);
    ClaimInput in = base();
    in.media = one_not;
    Claim c;
    claim_compute(&in, &c);
    CHECK(!c.reconditionne);
    CHECK_INT(c.nmissing, 1);
    CHECK_STR(c.missing[0], "disk S/N WD-XYZ not erased");
}

TEST(no_storage_rules)
{
    lang_init("en", NULL);
    ClaimInput in = base();
    in.nmedia = 0;
    in.media = NULL;
    Claim c;
    claim_compute(&in, &c);
    CHECK(!c.reconditionne);     /* a laptop without recorded disks */
    CHECK_CONTAINS(c.missing[0], "no storage medium recorded");
    in.no_storage = 1;           /* declared at grading */
    claim_compute(&in, &c);
    CHECK(c.reconditionne);
    in.no_storage = 0;
    in.storage_expected = claim_storage_expected("screen");
    claim_compute(&in, &c);
    CHECK(c.reconditionne);      /* a screen has no storage */
    CHECK(claim_storage_expected("laptop"));
    CHECK(!claim_storage_expected("screen"));
}

TEST(many_media_counted)
{
    lang_init("en", NULL);
    ClaimMedium m[20];
    char sn[20][8];
    for (int i = 0; i < 20; i++) { snprintf(sn[i], 8, "D%d", i); m[i].serial = sn[i]; m[i].erased = 0; }
    ClaimInput in = base();
    in.media = m;
    in.nmedia = 20;
    in.tests_not_passed = 1;
    Claim c;
    claim_compute(&in, &c);
    CHECK_INT(c.nmissing, CLAIM_MISSING_MAX);
    CHECK_STR(c.missing[0], "tests not passed: 1");
    CHECK_STR(c.missing[1], "disk S/N D0 not erased");
    /* 1 test line + 6 disks shown, 14 counted */
    CHECK_STR(c.missing[CLAIM_MISSING_MAX - 1], "other disks not erased: 14");
}

TEST(french_wording)
{
    lang_init("fr", NULL);
    ClaimInput in = base();
    Claim c;
    claim_compute(&in, &c);
    CHECK_STR(claim_label(&c), "reconditionné");
    in.media = one_not;
    claim_compute(&in, &c);
    CHECK_STR(claim_label(&c), "d'occasion");
    CHECK_STR(c.missing[0], "disque S/N WD-XYZ non effacé");
}

int main(void)
{
    /* test binaries live in $BUILD/tests, the catalogue in $BUILD/locale */
    char loc[1024];
    if (getenv("BUILD") && !getenv("BOUCLE_LOCALEDIR")) {
        snprintf(loc, sizeof loc, "%s/locale", getenv("BUILD"));
        setenv("BOUCLE_LOCALEDIR", loc, 1);
    }
    RUN(all_passed_all_erased_is_reconditionne);
    RUN(not_graded);
    RUN(tests_not_passed_named);
    RUN(medium_not_erased_named);
    RUN(no_storage_rules);
    RUN(many_media_counted);
    RUN(french_wording);
    return t_done();
}
