/*
 * cert.h — certificates of sanitization (NIST SP 800-88 §4.8) for a device
 * or a whole lot: a JSON document for the donor's asset tool and a PDF drawn
 * with cairo, both built from the same JSON so they never disagree.
 *
 * Each medium lists its wipe records with the NIST fields (category,
 * technique, tool and version, verification and result, who, when, where),
 * the record's hash in the signed chain and the workshop key fingerprint,
 * so a donor can later ask `boucle verify` about exactly these records.
 * Labels are in the current language (French by default).
 */
#ifndef BOUCLE_CERT_H
#define BOUCLE_CERT_H
#include <jansson.h>
#include "core/log/ctx.h"

/* Builds the certificate of a device (asset id, serial, tag) or of a lot
 * (lot id). NULL with e when neither is found. */
json_t *cert_build(Ctx *c, const char *id, Err *e);
/* Draws the certificate as a PDF at path. 0 or -1. */
int cert_pdf(const json_t *cert, const char *path, Err *e);
/* Writes the JSON (indented, UTF-8) at path. 0 or -1. */
int cert_json_write(const json_t *cert, const char *path, Err *e);
/* Frees cairo's and fontconfig's font caches (so that LeakSanitizer sees a
 * clean exit). Call only at exit, when nothing else draws. */
void cert_release_fonts(void);

#endif
