/*
 * reconcile_doc.h — a lot's reconciliation held in memory, in the order
 * people read it (missing, then not announced, then received), and written
 * for the donor: JSON, CSV and PDF, in the current language.
 *
 * The screen and the CLI both load a ReconcileSet (one lot_reconcile()
 * walk) and hand it to the writers, so what is shown, printed and sent
 * never disagree. Rows are compact: their texts sit end to end in one
 * growing buffer (a 100 000-device lot takes a few MB, not the 1 KB of a
 * ReconcileRow each).
 *
 * CSV: UTF-8 with a byte-order mark (so that spreadsheets do not read it
 * as Windows-1252), ';' between fields as GLPI's exports and French
 * spreadsheets have it, CRLF line ends, a field quoted (RFC 4180, quotes
 * doubled) when it holds ';', ',', '"', CR or LF. Header in the current
 * language. PDF: A4, drawn with core/cert's page helpers (cert_pdf.h).
 */
#ifndef BOUCLE_RECONCILE_DOC_H
#define BOUCLE_RECONCILE_DOC_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "core/inventory/announce.h"
#include "util/progress.h"

enum { REC_F_SERIAL, REC_F_TAG, REC_F_CATEGORY, REC_F_MAKE, REC_F_MODEL, REC_F_DEVICE, REC_F_OTHER_LOT, REC_F__COUNT };

typedef struct RecItem {
    uint8_t kind;                    /* ReconcileKind */
    uint32_t off[REC_F__COUNT];      /* offsets of the texts in ReconcileSet.buf */
} RecItem;

typedef struct ReconcileSet {
    Reconcile sum;                   /* the four counts */
    Lot lot;                         /* the lot, as lot_get() gives it */
    RecItem *items;                  /* missing, then unannounced, then received */
    size_t n;
    char *buf;                       /* the rows' texts, NUL-terminated, end to end */
    size_t len, cap;
    ProgressFn progress;             /* optional, set by the caller: rows written of n (reconcile_csv, _pdf) */
    void *parg;
} ReconcileSet;

/* Loads lot's reconciliation. 0, or -1 with e (set empty: free it anyway). */
int reconcile_load(Ctx *c, const char *lot, ReconcileSet *s, Err *e);
void reconcile_set_free(ReconcileSet *s);
/* Field f (REC_F_*) of row i. */
static inline const char *reconcile_field(const ReconcileSet *s, size_t i, int f)
{
    return s->buf + s->items[i].off[f];
}
/* {lot, announced, received, missing: [device…], unannounced: [device…]},
 * each device {serial, tag, category, make, model, id, other_lot} (id and
 * other_lot null when there is none). New reference. */
json_t *reconcile_to_json(const ReconcileSet *s);
/* The one-sentence summary for the donor, in the current language
 * ("3 announced devices were not received."). */
void reconcile_summary(const ReconcileSet *s, char *out, size_t size);
/* "2 devices were received without being announced.", or "" when none. */
void reconcile_summary_unannounced(const ReconcileSet *s, char *out, size_t size);
/* The word for a row's kind: "missing", "not announced", "received". */
const char *reconcile_kind_label(ReconcileKind k);
int reconcile_csv(const ReconcileSet *s, const char *path, Err *e);
int reconcile_pdf(Ctx *c, const ReconcileSet *s, const char *path, Err *e);

#endif
