/*
 * claim.h — the « reconditionné » / « d'occasion » rule (décret 2022-190,
 * Code de la consommation R.122-4 ff., and PRODUCT.md "Grading").
 *
 * A device may be called « reconditionné » only when
 *   1. it was graded, and every functional test of its checklist passed
 *      (a skipped test is not a passed one: every function must be tested);
 *   2. every storage medium in it has a successful wipe record, or it has
 *      no storage (declared at grading when its category normally has some).
 * Otherwise it is « d'occasion ». The claim is computed, never typed; this
 * module is pure (no database) so that the rule is tested on its own.
 */
#ifndef BOUCLE_CLAIM_H
#define BOUCLE_CLAIM_H
#include <stddef.h>

#define CLAIM_MISSING_MAX 8

typedef struct ClaimMedium {
    const char *serial;       /* as shown to people */
    int erased;               /* has at least one successful wipe record */
} ClaimMedium;

typedef struct ClaimInput {
    int graded;               /* a grading event exists */
    int tests_total;          /* tests in the checklist used */
    int tests_not_passed;     /* failed, skipped or unanswered */
    const char *not_passed;   /* their labels, ", "-separated (may be NULL) */
    const ClaimMedium *media;
    size_t nmedia;
    int storage_expected;     /* its category normally holds storage */
    int no_storage;           /* the grading declared "no storage inside" */
} ClaimInput;

typedef struct Claim {
    int reconditionne;        /* 1: « reconditionné », 0: « d'occasion » */
    int nmissing;
    char missing[CLAIM_MISSING_MAX][256];  /* plain, translated sentences */
} Claim;

void claim_compute(const ClaimInput *in, Claim *out);
const char *claim_key(const Claim *c);    /* "reconditionne" / "occasion" */
const char *claim_label(const Claim *c);  /* translated */
/* 1 when the category normally holds storage (laptop, desktop, phone, tablet). */
int claim_storage_expected(const char *category);

#endif
