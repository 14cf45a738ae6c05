/*
 * couch.h — a small CouchDB HTTP client (libcurl + jansson).
 *
 * One Couch is one hub — one server URL, or the URLs of several nodes of a
 * cluster separated by spaces — with optional credentials (HTTP basic auth)
 * and one reused curl handle (keep-alive). Requests send and receive JSON.
 * With several URLs, a request whose server cannot be reached or cuts the
 * connection goes on at once with the next URL (each at most once per
 * request), and the client stays on the one that answered.
 *
 * Invariants
 * - The password is never part of a message, a log line or the URL shown to
 *   anyone: couch_url_public() is the URL without user information.
 * - TLS certificates and host names are verified unless the caller turns it
 *   off explicitly (couch_set_insecure, for self-signed test hubs).
 * - Transient failures (connection refused or reset, timeout, truncated or
 *   unparsable body, HTTP 500/502/503/504/429) are retried with exponential
 *   backoff and full jitter, like CouchDB's own replicator: 5 retries waiting
 *   0.25, 0.5, 1, 2, 4 s (each ±50 %). Everything else fails at once.
 * - A request is bounded: connect timeout, a low-speed limit (a stalled
 *   answer is cut), and a total timeout.
 * - Not thread-safe: one Couch per thread. A cancel flag (couch_set_cancel)
 *   lets another thread stop a request and the backoff waits.
 */
#ifndef BOUCLE_COUCH_H
#define BOUCLE_COUCH_H
#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "util/err.h"

typedef struct Couch Couch;

/* Byte and request counters since couch_new (benchmarks, the sync screen). */
typedef struct CouchStats {
    uint64_t requests;   /* HTTP requests sent, retries included */
    uint64_t retries;    /* of which retries */
    uint64_t bytes_out;  /* request headers + bodies */
    uint64_t bytes_in;   /* response headers + bodies */
    uint64_t failovers;  /* switches to the next URL of the list */
} CouchStats;

/* url: "http(s)://host:port" (a path prefix is allowed, a trailing slash is
 * dropped; "user:pass@" in it is taken as credentials and removed), or up
 * to 8 of them separated by spaces (the first credentials found are used).
 * user/password may be NULL (no authentication). Returns NULL with e. */
Couch *couch_new(const char *url, const char *user, const char *password, Err *e);
void couch_free(Couch *c);

/* The (first) server URL without credentials: the hub's name in messages
 * and in the sync state, the same whichever node answers. */
const char *couch_url_public(const Couch *c);
/* The server in use now (after failovers), without credentials. */
const char *couch_url_current(const Couch *c);
/* How many server URLs were given. */
int couch_url_count(const Couch *c);
/* Total timeout of one attempt, in ms (default 60 000). */
void couch_set_timeout(Couch *c, long ms);
/* Retries after a transient failure and the first backoff; the backoff
 * doubles up to max_ms (defaults 5, 250, 4000). */
void couch_set_retries(Couch *c, int retries, long base_ms, long max_ms);
/* Do not verify the TLS certificate (tests only; off by default). */
void couch_set_insecure(Couch *c, int insecure);
/* CA bundle file to verify against (NULL = the system's). */
void couch_set_cainfo(Couch *c, const char *path);
/* When *flag becomes non-zero the current request fails (ERR_IO, "cancelled")
 * and no further attempt is made. flag may be NULL. */
void couch_set_cancel(Couch *c, volatile int *flag);
void couch_stats(const Couch *c, CouchStats *out);
/* This PC's clock minus the hub's (from the last answer's Date header, to
 * the second). 1 and *ms filled when known, else 0. */
int couch_clock_skew(const Couch *c, int64_t *ms);

/* Sends method path (relative to the URL, e.g. "/boucle/_bulk_docs"; query
 * strings allowed) with body (borrowed, may be NULL). On a 2xx answer with a
 * JSON body returns 0 and stores the body in *out (caller decrefs; out may
 * be NULL). Otherwise returns -1 with a translated message in e; *status
 * (optional) receives the HTTP status (0 when there was no answer) and, for
 * HTTP errors with a JSON body, *out receives it, so that a caller can act
 * on 404 or 409. */
int couch_request(Couch *c, const char *method, const char *path, json_t *body,
                  long *status, json_t **out, Err *e);

/* The same with a body already serialised (len bytes). */
int couch_request_raw(Couch *c, const char *method, const char *path,
                      const char *body, size_t len, long *status, json_t **out, Err *e);

/* The same, but a 2xx answer is not parsed: it is only checked to be one
 * JSON value (core/sync/jscan.h, no depth limit: a _changes page may carry
 * documents nested deeper than jansson reads) and handed over as *text
 * (malloc'd, NUL-terminated, *len bytes; caller frees). An HTTP error's
 * JSON body goes to *err_out (may be NULL) as in couch_request. */
int couch_request_text(Couch *c, const char *method, const char *path, json_t *body,
                       long *status, char **text, size_t *len, json_t **err_out, Err *e);

/* Percent-encodes s for a URL path segment or query value into out.
 * Returns 0, or -1 when out is too small. */
int couch_escape(const char *s, char *out, size_t size);

#endif
