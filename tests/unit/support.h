/*
 * support.h — helpers shared by unit tests (tests/unit/support_*.c).
 */
#ifndef BOUCLE_TEST_SUPPORT_H
#define BOUCLE_TEST_SUPPORT_H
#include "core/log/ctx.h"

/* A fresh temporary folder (removed by support_cleanup at exit). */
const char *support_tmpdir(void);
/* Opens a new database in the temporary folder, initialised for workshop
 * code (NULL: not initialised), with operator "Test" when code is given.
 * Returns 0 or -1 (and prints why). */
int support_ctx(Ctx *c, const char *name, const char *code);
/* Text of a query's single value, in a static buffer ("" when none). */
const char *support_query(Ctx *c, const char *sql);
/* A dump of the projection tables (all rows, ordered), malloc'd. */
char *support_dump_projections(Ctx *c);

/* pdftotext's text of a PDF (layout kept; poppler-utils), in a static
 * buffer of 256 KiB, or NULL when it cannot run. */
char *support_pdf_text(const char *path);

#endif
