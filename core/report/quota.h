/*
 * quota.h — a public body's yearly statement of its reuse quotas, as this
 * workshop sees them (issue 14):
 *   - as a donor, the décret 2023-266 ratio of year N: of the devices it
 *     gave this workshop that year, those sent to reuse, computed as the
 *     proof of reuse computes it (core/report/proof.h, one proof of the
 *     donor over 1 January – 31 December), against the décret's target
 *     (25 % in 2023, 35 % in 2024, 50 % from 2025);
 *   - as a buyer, the AGEC share (art. 58, décrets 2021-254 and 2024-134)
 *     of its IT purchases made from reuse: what it paid this workshop for
 *     devices delivered in year N, over the total of its IT purchases it
 *     declared for N (core/stock/party_purchases.h); devices it received
 *     free are listed, not counted in the share (nothing was spent).
 * A year with nothing on either side is a statement that says so.
 *
 * One JSON document (quota_build); the PDF, the CSV and the JSON are drawn
 * from it. Amounts in cents, ratios as text with one decimal ("33.3"), no
 * floating point.
 */
#ifndef BOUCLE_QUOTA_H
#define BOUCLE_QUOTA_H
#include <jansson.h>
#include "core/grading/profile.h"
#include "core/log/ctx.h"

/* The décret 2023-266 target of a year, in percent; -1 before 2023. */
int quota_target_percent(int year);

/* Builds the statement of party code for year. Refused (NULL with e, in
 * the current language): an unknown party, one that is not a public body,
 * a year that is not one (2000 up to this one). */
json_t *quota_build(Ctx *c, const Profile *prof, const char *code, int year, Err *e);

typedef struct QuotaFiles { const char *pdf, *csv, *json; } QuotaFiles;
/* Builds and writes the files asked for (NULL: not that one). The
 * document (caller frees) or NULL with e; on an error no file is left. */
json_t *quota_write(Ctx *c, const Profile *prof, const char *code, int year, const QuotaFiles *f, Err *e);
int quota_csv(const json_t *doc, const char *path, Err *e);
int quota_pdf(const json_t *doc, const char *path, Err *e);
/* One line for a screen or a terminal: « 2025 : 12 donnés, 5 réemployés
 * (41,7 %, objectif 50 %) ; achats ... ». */
void quota_summary_text(const json_t *doc, char *out, size_t size);

#endif
