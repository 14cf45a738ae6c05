/*
 * jscan.c — a JSON scanner without a depth limit (see jscan.h).
 *
 * One loop over the bytes with two states (a value is expected / a value
 * just ended) and a stack of the open containers, one byte each ('{' or
 * '['), on the heap once deeper than 256. Every index is checked against
 * the length before it is read: the text need not end with a NUL.
 */
#include "core/sync/jscan.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BAD SIZE_MAX

static size_t skip_ws(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) i++;
    return i;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The string at s[i] == '"': the index after its closing quote, or BAD. */
static size_t scan_string(const char *s, size_t len, size_t i)
{
    if (i >= len || s[i] != '"') return BAD;
    for (i++; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"') return i + 1;
        if (c < 0x20) return BAD;
        if (c != '\\') continue;
        if (++i >= len) return BAD;
        switch (s[i]) {
        case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
            break;
        case 'u':
            if (len - i < 5) return BAD;
            for (int k = 1; k <= 4; k++)
                if (hexval(s[i + k]) < 0) return BAD;
            i += 4;
            break;
        default:
            return BAD;
        }
    }
    return BAD;
}

/* -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)? */
static size_t scan_number(const char *s, size_t len, size_t i)
{
    if (i < len && s[i] == '-') i++;
    if (i >= len) return BAD;
    if (s[i] == '0') i++;
    else if (s[i] >= '1' && s[i] <= '9') { while (i < len && is_digit(s[i])) i++; }
    else return BAD;
    if (i < len && s[i] == '.') {
        size_t d = ++i;
        while (i < len && is_digit(s[i])) i++;
        if (i == d) return BAD;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        size_t d = i;
        while (i < len && is_digit(s[i])) i++;
        if (i == d) return BAD;
    }
    return i;
}

static size_t scan_literal(const char *s, size_t len, size_t i)
{
    static const char *const lit[] = { "true", "false", "null" };
    for (size_t k = 0; k < 3; k++) {
        size_t n = strlen(lit[k]);
        if (len - i >= n && memcmp(s + i, lit[k], n) == 0) return i + n;
    }
    return BAD;
}

/* A member's key and its colon, at s[i] (whitespace first): the index
 * after the colon, or BAD. */
static size_t scan_key(const char *s, size_t len, size_t i)
{
    i = scan_string(s, len, skip_ws(s, len, i));
    if (i == BAD) return BAD;
    i = skip_ws(s, len, i);
    if (i >= len || s[i] != ':') return BAD;
    return i + 1;
}

int jscan_value(const char *s, size_t len, size_t *pos, JSpan *span, size_t *depth)
{
    unsigned char small[256], *st = small;
    size_t cap = sizeof small, d = 0, maxd = 0;
    size_t i = skip_ws(s, len, *pos), start = i;
    int rc = -1, expect_value = 1;
    for (;;) {
        if (expect_value) {
            i = skip_ws(s, len, i);
            if (i >= len) goto out;
            char ch = s[i];
            if (ch == '{' || ch == '[') {
                if (d == cap) {
                    size_t ncap = cap * 2;
                    unsigned char *p = st == small ? malloc(ncap) : realloc(st, ncap);
                    if (!p) { rc = -2; goto out; }
                    if (st == small) memcpy(p, small, d);
                    st = p;
                    cap = ncap;
                }
                st[d++] = (unsigned char)ch;
                if (d > maxd) maxd = d;
                i = skip_ws(s, len, i + 1);
                if (i >= len) goto out;
                if (s[i] == (ch == '{' ? '}' : ']')) {
                    d--;
                    i++;
                    expect_value = 0;
                } else if (ch == '{' && (i = scan_key(s, len, i)) == BAD) {
                    goto out;
                }
                continue;
            }
            if (ch == '"') i = scan_string(s, len, i);
            else if (ch == '-' || is_digit(ch)) i = scan_number(s, len, i);
            else i = scan_literal(s, len, i);
            if (i == BAD) goto out;
            expect_value = 0;
            continue;
        }
        if (d == 0) break;
        i = skip_ws(s, len, i);
        if (i >= len) goto out;
        unsigned char top = st[d - 1];
        if (s[i] == ',') {
            i++;
            if (top == '{' && (i = scan_key(s, len, i)) == BAD) goto out;
            expect_value = 1;
        } else if (s[i] == (top == '{' ? '}' : ']')) {
            d--;
            i++;
        } else {
            goto out;
        }
    }
    rc = 0;
    *pos = i;
    if (span) { span->off = start; span->len = i - start; }
    if (depth) *depth = maxd;
out:
    if (st != small) free(st);
    return rc;
}

int jscan_valid(const char *s, size_t len)
{
    size_t i = 0;
    int rc = jscan_value(s, len, &i, NULL, NULL);
    if (rc < 0) return rc;
    return skip_ws(s, len, i) == len ? 0 : -1;
}

/* Appends a code point as UTF-8 (lone surrogates as their 3 bytes). */
static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) { o[0] = (char)cp; return 1; }
    if (cp < 0x800) { o[0] = (char)(0xC0 | (cp >> 6)); o[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)); o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)); o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static unsigned long hex4(const char *p)
{
    return (unsigned long)(hexval(p[0]) << 12 | hexval(p[1]) << 8 | hexval(p[2]) << 4 | hexval(p[3]));
}

char *jscan_string(const char *s, JSpan sp, size_t *outlen)
{
    if (sp.len < 2 || scan_string(s, sp.off + sp.len, sp.off) != sp.off + sp.len) return NULL;
    /* a decoded string is never longer than its escaped form */
    char *out = malloc(sp.len), *o = out;
    if (!out) return NULL;
    const char *p = s + sp.off + 1, *end = s + sp.off + sp.len - 1;
    while (p < end) {
        if (*p != '\\') { *o++ = *p++; continue; }
        p++;
        switch (*p) {
        case 'b': *o++ = '\b'; p++; break;
        case 'f': *o++ = '\f'; p++; break;
        case 'n': *o++ = '\n'; p++; break;
        case 'r': *o++ = '\r'; p++; break;
        case 't': *o++ = '\t'; p++; break;
        case 'u': {
            unsigned long cp = hex4(p + 1);
            p += 5;
            if (cp >= 0xD800 && cp < 0xDC00 && end - p >= 6 && p[0] == '\\' && p[1] == 'u') {
                unsigned long lo = hex4(p + 2);
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                }
            }
            o += put_utf8(o, cp);
            break;
        }
        default: *o++ = *p++; break;   /* " \ / */
        }
    }
    *o = '\0';
    if (outlen) *outlen = (size_t)(o - out);
    return out;
}

/* 1 when the key string at s[a..b) (quotes included) decodes to key. */
static int key_is(const char *s, size_t a, size_t b, const char *key)
{
    size_t n = strlen(key);
    if (!memchr(s + a, '\\', b - a)) return b - a - 2 == n && memcmp(s + a + 1, key, n) == 0;
    size_t dl = 0;
    char *d = jscan_string(s, (JSpan){ a, b - a }, &dl);
    int eq = d && dl == n && memcmp(d, key, n) == 0;
    free(d);
    return eq;
}

/* Walks the members of the object s[0..len): for each, calls
 * cb(arg, key start, key end, &i) with i at the value; cb must move i past
 * the value (0) or fail (-1, -2). 0, or the first failure. */
typedef int (*MemberCb)(void *arg, const char *s, size_t len, size_t ka, size_t kb, size_t *i);

static int walk_object(const char *s, size_t len, MemberCb cb, void *arg)
{
    size_t i = skip_ws(s, len, 0);
    if (i >= len || s[i] != '{') return -1;
    i = skip_ws(s, len, i + 1);
    if (i < len && s[i] == '}') return skip_ws(s, len, i + 1) == len ? 0 : -1;
    for (;;) {
        i = skip_ws(s, len, i);
        size_t ka = i, kb = scan_string(s, len, i);
        if (kb == BAD) return -1;
        i = skip_ws(s, len, kb);
        if (i >= len || s[i] != ':') return -1;
        i++;
        int rc = cb(arg, s, len, ka, kb, &i);
        if (rc < 0) return rc;
        i = skip_ws(s, len, i);
        if (i >= len) return -1;
        if (s[i] == ',') { i++; continue; }
        if (s[i] == '}') break;
        return -1;
    }
    return skip_ws(s, len, i + 1) == len ? 0 : -1;
}

typedef struct MemberFind { const char *key; JSpan out; int found; } MemberFind;

static int member_cb(void *arg, const char *s, size_t len, size_t ka, size_t kb, size_t *i)
{
    MemberFind *m = arg;
    JSpan sp;
    int rc = jscan_value(s, len, i, &sp, NULL);
    if (rc < 0) return rc;
    if (key_is(s, ka, kb, m->key)) { m->out = sp; m->found = 1; }
    return 0;
}

int jscan_member(const char *s, size_t len, const char *key, JSpan *out)
{
    MemberFind m = { key, { 0, 0 }, 0 };
    if (walk_object(s, len, member_cb, &m) < 0) return -1;
    if (m.found && out) *out = m.out;
    return m.found;
}

static int push_span(JChanges *c, JSpan sp)
{
    if (c->n == c->cap) {
        size_t ncap = c->cap ? c->cap * 2 : 64;
        JSpan *p = realloc(c->results, ncap * sizeof *p);
        if (!p) return -2;
        c->results = p;
        c->cap = ncap;
    }
    c->results[c->n++] = sp;
    return 0;
}

static int changes_cb(void *arg, const char *s, size_t len, size_t ka, size_t kb, size_t *i)
{
    JChanges *c = arg;
    size_t at = skip_ws(s, len, *i);
    if (key_is(s, ka, kb, "results")) {
        c->n = 0;          /* a repeated key: the last one counts, as in jansson */
        c->has_results = 0;
        if (at < len && s[at] == '[') {
            size_t j = skip_ws(s, len, at + 1);
            if (j < len && s[j] == ']') { *i = j + 1; c->has_results = 1; return 0; }
            for (;;) {
                JSpan sp;
                int rc = jscan_value(s, len, &j, &sp, NULL);
                if (rc < 0) return rc;
                if ((rc = push_span(c, sp)) < 0) return rc;
                j = skip_ws(s, len, j);
                if (j >= len) return -1;
                if (s[j] == ',') { j++; continue; }
                if (s[j] == ']') break;
                return -1;
            }
            *i = j + 1;
            c->has_results = 1;
            return 0;
        }
    }
    JSpan sp;
    int rc = jscan_value(s, len, i, &sp, NULL);
    if (rc < 0) return rc;
    if (key_is(s, ka, kb, "last_seq")) { c->last_seq = sp; c->has_last_seq = 1; }
    else if (key_is(s, ka, kb, "pending")) { c->pending = sp; c->has_pending = 1; }
    return 0;
}

int jscan_changes(const char *s, size_t len, JChanges *c)
{
    memset(c, 0, sizeof *c);
    int rc = walk_object(s, len, changes_cb, c);
    if (rc < 0) c->n = 0;
    return rc;
}

void jscan_changes_free(JChanges *c)
{
    free(c->results);
    memset(c, 0, sizeof *c);
}
