/*
 * jscan.h — a JSON scanner without a depth limit, for the hub's answers.
 *
 * A _changes page holds documents written by other workshops. jansson
 * refuses a whole text nested deeper than 2 048 levels, so one deep
 * document would make every page that carries it unreadable, for every
 * workshop of the region. This scanner checks JSON's grammar byte by byte
 * with an explicit stack (no recursion; memory grows with the depth, bounded
 * by the text's length) and gives back where each element of the page's
 * "results" array lies, so that each document is parsed on its own and a
 * bad one is kept aside without stopping the others.
 *
 * It validates the grammar (RFC 8259: literals, numbers, strings and their
 * escapes, no control character inside a string, nothing after the value)
 * but not the UTF-8 of strings, which jansson checks per document. Nothing
 * here allocates more than the depth stack and the decoded strings asked
 * for; every function is pure (no Err, no locale) so the fuzz target links
 * it alone.
 */
#ifndef BOUCLE_JSCAN_H
#define BOUCLE_JSCAN_H
#include <stddef.h>

typedef struct JSpan {
    size_t off, len;       /* bytes of the value in the text, no surrounding space */
} JSpan;

/* Checks one JSON value starting at s[*pos] (leading whitespace skipped).
 * On success returns 0, sets *pos just after the value, *span (may be NULL)
 * to where it lies and *depth (may be NULL) to its nesting depth (a scalar
 * 0, {} or [] 1, {"a":[1]} 2). -1: invalid or truncated; -2: out of memory. */
int jscan_value(const char *s, size_t len, size_t *pos, JSpan *span, size_t *depth);

/* 0 when s is exactly one JSON value (whitespace around allowed), else -1
 * (-2 out of memory). */
int jscan_valid(const char *s, size_t len);

/* In the JSON object that is s[0..len) (whitespace around allowed), the value of the member
 * named key (its last occurrence, like jansson). 1 found, 0 absent, -1 not
 * a valid object. Keys are compared after decoding their escapes. */
int jscan_member(const char *s, size_t len, const char *key, JSpan *out);

/* The JSON string at sp decoded into a new NUL-terminated buffer (caller
 * frees; *outlen without the NUL, may be NULL; a \u0000 stays a 0 byte).
 * NULL when sp is not a valid string or out of memory. */
char *jscan_string(const char *s, JSpan sp, size_t *outlen);

/* A _changes answer split into its parts. */
typedef struct JChanges {
    JSpan *results;        /* each element of "results", in order */
    size_t n, cap;
    int has_results;       /* "results" present and an array */
    JSpan last_seq;        /* the "last_seq" value (any JSON value) */
    int has_last_seq;
    JSpan pending;         /* the "pending" value */
    int has_pending;
} JChanges;

/* Splits s (one JSON object) into c. 0; -1 not a valid JSON object; -2 out
 * of memory. c is always left freeable. */
int jscan_changes(const char *s, size_t len, JChanges *c);
void jscan_changes_free(JChanges *c);

#endif
