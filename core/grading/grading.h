/*
 * grading.h — grading a device against a profile (event device.grade), and
 * the claim derived from its latest grading, media and wipes.
 *
 * A grading event is self-contained: it carries the profile's name and
 * version and, for every test of the checklist, the answer, whether it
 * passed and both labels. So a device graded elsewhere (sync) or with an
 * older profile is judged by what was recorded, never by today's file.
 * Grading again writes a new event; the latest (by clock) is current and
 * the history stays in the log.
 */
#ifndef BOUCLE_GRADING_H
#define BOUCLE_GRADING_H
#include <jansson.h>
#include "core/grading/claim.h"
#include "core/stock/device.h"
#include "core/grading/profile.h"

typedef struct GradeAnswer {
    const char *test;       /* test id */
    const char *value;      /* as typed: pass/fail/skip, 85, an option */
} GradeAnswer;

typedef struct GradeInput {
    const char *cosmetic;   /* A B C D */
    const char *outcome;    /* reuse refurbish parts recycle */
    const char *note;       /* optional */
    const GradeAnswer *answers;
    int nanswers;
    int all_pass;           /* every test not answered explicitly passes */
    int no_storage;         /* declares the device holds no storage */
} GradeInput;

int grade_cosmetic_valid(const char *g);      /* A–D, any case */
int grade_outcome_parse(const char *o);       /* index 0..3 or -1 */
const char *grade_outcome_key(int i);
const char *grade_outcome_label(int i);

/* Grades the device found by key (asset id, serial or tag). out_id
 * (optional) receives the event id. Nothing is written on error. */
int grade_device(Ctx *c, const Profile *p, const char *device_key, const GradeInput *in,
                 char out_id[EVENT_ID_MAX], Err *e);

/* Reads the battery health from /sys/class/power_supply/BAT* (base is the
 * sysfs root, NULL = "/sys"): 0..100, or -1 when there is no battery. */
int grade_battery_health(const char *base);

/* The claim of a device now. */
int device_claim(Ctx *c, const Device *d, Claim *out, Err *e);
/* JSON of a device: id, serial, donor_tag, category, make, model, state,
 * lot, donor, workshop, grade, outcome, received, updated, and with
 * with_events the events array. */
json_t *device_to_json(Ctx *c, const Device *d, int with_events, Err *e);
/* Adds grade details, claim, media and wipes to a device's JSON. */
int grading_device_json(Ctx *c, const Device *d, json_t *j, Err *e);


#endif
