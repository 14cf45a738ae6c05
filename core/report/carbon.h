/*
 * carbon.h — the carbon a reused device avoids, per device and summed over
 * a lot, a donor party, a workshop or the region (issue 14).
 *
 * Method. A device counts as reused when its state is « reused »
 * (ST_REUSED; the dashboard counts alike). Each one avoids the
 * manufacturing and distribution footprint of a new device of its
 * category: the grading profile's [carbon] factor (ADEME / Arcep 2022 in
 * the default profile, core/grading/profile.h). A category the profile has
 * no factor for is counted as a device but adds no CO₂e (said so).
 * Figures are integers of grams (the factor in kg × 1000, rounded), so that
 * every sum is exact and the same in every reader; a device's figure is its
 * factor, a scope's the sum of its devices'.
 *
 * Scopes: the devices of one lot, of the lots of one donor party, held by
 * one workshop, or every device this database knows (the region, as far
 * as sync brought it here). Read from the devices and lots projections,
 * one grouped SELECT.
 */
#ifndef BOUCLE_CARBON_H
#define BOUCLE_CARBON_H
#include <jansson.h>
#include "core/grading/profile.h"
#include "core/log/ctx.h"

typedef struct CarbonScope {
    const char *lot;        /* a lot id, or NULL */
    const char *donor;      /* a party code (its lots), or NULL */
    const char *workshop;   /* a workshop code (the devices it holds), or NULL */
    /* all NULL: the region (every device known here) */
} CarbonScope;

typedef struct CarbonCat {
    long long reused;       /* devices of the category reused */
    long long pending;      /* not reused yet, nor parts nor recycled */
    long long g_per_device; /* the factor in grams, -1 when the profile has none */
    long long g;            /* reused × factor (0 without factor) */
} CarbonCat;

typedef struct CarbonSum {
    long long devices;      /* every device in the scope */
    long long reused;       /* of which reused */
    long long uncounted;    /* reused, of a category without a factor */
    long long g;            /* grams of CO₂e avoided */
    long long pending;      /* could still be reused */
    long long pending_g;    /* what they would avoid once reused */
    CarbonCat cat[CATEGORY_COUNT];
} CarbonSum;

/* Loads the grading profile the workshop set (grading.profile), else the
 * installed default: where the factors come from. 0 or -1 with e. */
int carbon_profile(Profile *out, Err *e);
/* The grams a reused device of category key avoids, -1 when the profile
 * (NULL: none) has no factor for it. */
long long carbon_device_g(const Profile *prof, const char *category);
/* Sums the scope. 0, or -1 with e (a database error). An unknown lot or
 * party gives an empty sum: callers check existence first. */
int carbon_sum(Ctx *c, const Profile *prof, const CarbonScope *s, CarbonSum *out, Err *e);

/* One workshop's sum, for carbon_by_workshop. */
typedef int (*CarbonWorkshopCb)(void *arg, const char *workshop, const CarbonSum *s);
/* Each workshop holding devices here, by code, with its sum (what the
 * dashboard's region view and `boucle carbon --region` show). cb returns
 * non-zero to stop. 0, or -1 with e. */
int carbon_by_workshop(Ctx *c, const Profile *prof, CarbonWorkshopCb cb, void *arg, Err *e);

/* "1234,5": grams as kilograms with one decimal and the language's
 * decimal mark. */
void carbon_kg_text(long long g, char out[32]);
/* The method, one sentence in the current language, with the source of
 * the factors (shown on screens and in every report). */
void carbon_method_text(const Profile *prof, char *out, size_t size);
/* What one device avoids, in words (the device screen): reused, the
 * grams and the factor's name and source; still in the workshop, what it
 * would avoid once reused; parts or recycled, that nothing is counted.
 * Returns the grams counted (0 unless reused). */
long long carbon_device_text(const Profile *prof, CategoryId cat, StateId state, char *out, size_t size);
/* {devices, reused, uncounted, co2e_avoided_g, pending, pending_g,
 *  categories: [{category, reused, pending, factor, g_per_device, g}],
 *  method, source} */
json_t *carbon_json(const CarbonSum *s, const Profile *prof);

#endif
