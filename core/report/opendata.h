/*
 * opendata.h — the open data of a workshop or of its region: the supply of
 * devices counted by week of receipt, workshop, category, cosmetic grade
 * and state, with the carbon the reused ones avoided, for a data platform
 * (data.gouv.fr and the regions' own).
 *
 * Four files are written into one folder:
 *   supply.csv          UTF-8 (no byte-order mark), ',' separated, CRLF,
 *                       one header line of the field names below;
 *   supply.schema.json  its Table Schema (Frictionless, as schema.data.gouv.fr
 *                       publishes them): fields with name, title,
 *                       description, type and constraints; missingValues;
 *                       primaryKey (week, workshop, category, grade, state);
 *   dictionnaire.md     the data dictionary in French,
 *   dictionary.md       and in English.
 *
 * Invariants
 * - No person, no serial, no asset id, no donor or taker: only the
 *   workshop's code, the closed words of core/vocab and counts.
 * - Every device in scope is counted in exactly one row (the rows
 *   partition the devices, no subtotal is published, so no row can be
 *   subtracted from another), and every row counts at least OPENDATA_K
 *   devices. A cell of fewer is merged into a coarser one, step by step:
 *   its grade becomes « * » (all grades), then its category, then its week
 *   (the whole period), then its workshop (the region), then its state.
 *   What remains below OPENDATA_K after the last step (fewer than
 *   OPENDATA_K devices in all) is left out; the dictionaries say so.
 * - carbon_avoided_kg: for each device in state « reused », the
 *   manufacturing and distribution footprint of a new device of its
 *   category (the profile's [carbon] factors, profile_carbon()); 0 for the
 *   other states; one decimal, '.' as the decimal mark.
 * - All or nothing: each file is written beside its final name, flushed,
 *   then linked into place; an existing file of one of these names is
 *   never replaced (the export is refused before anything is written).
 */
#ifndef BOUCLE_OPENDATA_H
#define BOUCLE_OPENDATA_H
#include <stddef.h>
#include <stdint.h>
#include "core/grading/profile.h"
#include "core/log/ctx.h"

#define OPENDATA_K 5
#define OPENDATA_NFILES 4

/* Called as the devices are read: done of total (total may be 0). */
typedef void (*OpendataProgress)(void *arg, int64_t done, int64_t total);

typedef struct OpendataSummary {
    int64_t devices;          /* devices in scope */
    int64_t published;        /* counted in the CSV (devices - left out) */
    int64_t left_out;         /* in a last remainder below OPENDATA_K */
    int64_t rows;             /* rows of the CSV */
    int64_t grouped_rows;     /* rows with a « * » */
    int64_t workshops;        /* workshops in scope */
    double kg;                /* carbon avoided in the CSV */
    char files[OPENDATA_NFILES][4200];   /* the paths written */
} OpendataSummary;

/* The names of the files, in the order of OpendataSummary.files. */
extern const char *const opendata_file_names[OPENDATA_NFILES];

/* kg with one decimal and the current language's decimal mark ("6460,4"). */
void opendata_kg_text(double kg, char *out, size_t size);

/* Writes the open data into folder dir (created when missing). region: every
 * workshop whose devices this database holds (what sync brought); else this
 * workshop's devices only. prof: the carbon factors and their source (NULL:
 * none, carbon_avoided_kg is 0). progress may be NULL. 0 and out filled, or
 * -1 with e (in the current language) and no file left behind. */
int opendata_export(Ctx *c, const Profile *prof, const char *dir, int region,
                    OpendataProgress progress, void *arg, OpendataSummary *out, Err *e);

#endif
