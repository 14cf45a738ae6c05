/*
 * proof.h — the proof of reuse for a donor (décret 2023-266: a retired
 * device counts as reused only if the taker committed beforehand and can
 * later justify that the reuse was done), for one lot or for a donor's
 * devices received over a period.
 *
 * What it holds, for every device received: asset id, serial, donor tag,
 * category, make and model, cosmetic grade, the claim (« reconditionné » or
 * « d'occasion », core/grading/claim.h), each disk's erasure (NIST
 * category, method, date, result and the record's hash in the signed
 * chain, as the certificate of sanitization gives it), and its fate:
 *   - reused: an allocation of kind donation, sale or loan delivered
 *     (core/alloc writes allocations), or a device whose state is « reused »
 *     — with the KIND of taker only (association, business, public body,
 *     person): never a person's code nor anyone's name;
 *   - parts or recycled (with the channel): a disposal, or the state;
 *   - in the workshop: anything else (being graded, ready, reserved, an
 *     allocation not delivered yet, a loan that came back).
 * A disposal newer than the last allocation wins over it.
 * The summary: counts by fate, the décret's ratio (devices sent to reuse
 * over devices received), the CO₂e the reuse avoided from the profile's
 * [carbon] factors (each factor named, per category and per device), and
 * each lot's commitment (core/stock/lot_commit.h).
 *
 * One JSON document is built (proof_build) and everything is drawn from it:
 * the PDF, the CSV and the signed JSON never disagree. Its labels are in
 * the current language (set it before building); its keys and values
 * otherwise are language-neutral words, integers and strings (no floating
 * point, so that the canonical form is the same in every reader).
 *
 * Signature. The canonical form of the document is its JSON without the
 * member "signature", keys sorted, no whitespace, non-ASCII escaped as
 * \uXXXX (jansson: JSON_COMPACT | JSON_SORT_KEYS | JSON_ENSURE_ASCII). The
 * fingerprint is the first 16 bytes of SHA-256 of it, as 8 groups of 4 hex
 * digits (the PDF's footer prints it); the signature is Ed25519, by the
 * workshop's key (core/log/chain.h), over those bytes:
 *   "signature": {"algorithm": "ed25519", "public_key": hex,
 *                 "key_fingerprint": "…", "fingerprint": "…", "value": hex}
 */
#ifndef BOUCLE_PROOF_H
#define BOUCLE_PROOF_H
#include "util/progress.h"
#include <jansson.h>
#include "core/grading/profile.h"
#include "core/log/ctx.h"

#define PROOF_FPR 40    /* "ab12 cd34 …" + NUL, as a key fingerprint */

typedef struct ProofQuery {
    const char *lot;    /* a lot id (any case), or NULL */
    const char *donor;  /* a party code, or NULL: exactly one of lot, donor */
    const char *from;   /* YYYY-MM-DD: received that day or after; NULL: no bound */
    const char *to;     /* YYYY-MM-DD: received that day or before; NULL: no bound */
} ProofQuery;

/* Builds the proof (unsigned). prof gives the carbon factors (NULL: none
 * known). NULL with e: an unknown lot or donor, a bad date, and a period
 * with no device received (ERR_INPUT, said so: nothing to prove). */
json_t *proof_build(Ctx *c, const Profile *prof, const ProofQuery *q, Err *e);
/* The canonical form's fingerprint (above). 0, or -1 when the document
 * cannot be written out. */
int proof_fingerprint(const json_t *doc, char out[PROOF_FPR]);
/* Signs doc with the workshop's key: sets its "signature". 0 or -1. */
int proof_sign(Ctx *c, json_t *doc, Err *e);
/* Writes the document, indented, UTF-8. 0 or -1. */
int proof_json_write(const json_t *doc, const char *path, Err *e);
/* The CSV: one row per device and disk (a device without a disk has one
 * row), UTF-8 with a byte-order mark, ';', CRLF, as the reconciliation's.
 * 0 or -1. */
int proof_csv(const json_t *doc, const char *path, Err *e);
/* The PDF: A4, a header on every page (donor, period, workshop), the
 * summary, then the devices in a table; every page's footer gives its
 * number, the count of pages and the document's fingerprint. 0 or -1. */
int proof_pdf(const json_t *doc, const char *path, Err *e);

/* Internal to core/report: the rows written so far, for ProofFiles.progress
 * (one per device in the CSV, one per device in each of the PDF's two
 * passes). */
typedef struct ProofTick { ProgressFn fn; void *arg; int64_t done, total; } ProofTick;
int proof_csv_ticked(const json_t *doc, const char *path, ProofTick *t, Err *e);
int proof_pdf_ticked(const json_t *doc, const char *path, ProofTick *t, Err *e);

/* Everything at once, as the command line and the lots screen do it:
 * builds, signs, and writes the files that are asked for (NULL: not that
 * one). Returns the signed document (the caller frees it), or NULL with e
 * and no file written when the proof cannot be built. */
typedef struct ProofFiles {
    const char *pdf, *csv, *json;
    ProgressFn progress;        /* optional: rows written of all the files' rows (util/progress.h) */
    void *parg;
} ProofFiles;
json_t *proof_write(Ctx *c, const Profile *prof, const ProofQuery *q, const ProofFiles *f, Err *e);

/* The document's ratio ("33.3") with the language's decimal mark ("33,3"). */
void proof_percent_text(const char *pct, char out[32]);

typedef enum {
    PROOF_INTACT,       /* the signature verifies over the canonical form */
    PROOF_ALTERED,      /* it does not, or the fingerprint does not match */
    PROOF_UNREADABLE,   /* not a proof document any more (not JSON, no signature) */
} ProofVerdict;

typedef struct ProofCheck {
    ProofVerdict verdict;
    char fingerprint[PROOF_FPR];      /* as recomputed ("" when unreadable) */
    char key_fingerprint[PROOF_FPR];  /* of the key the file names */
    char workshop[16];                /* the workshop the document names */
    char why[256];                    /* translated, when not intact */
} ProofCheck;

/* Checks a signed proof file. 0 (out->verdict says what it is) or -1 with
 * e when the file cannot be read at all. */
int proof_verify_file(const char *path, ProofCheck *out, Err *e);

#endif
