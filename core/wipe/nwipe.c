/*
 * nwipe.c — the nwipe log parser (see nwipe.h for the format and the
 * invariants).
 *
 * The parser is a line-at-a-time state machine: `Parser` holds the run being
 * read (its drives are the tail of log->drives from run_first), the options
 * nwipe printed for it, the summary table being read, and a SHA-256 of the
 * run's bytes. Lines are slices (pointer + length) and may hold any byte,
 * NUL included: nothing here uses strlen on input.
 */
#include "core/wipe/nwipe.h"
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "util/path.h"
#include "util/i18n.h"
#include "util/utf8.h"

enum { TBL_NONE, TBL_ERRORS, TBL_STATUS, TBL_ERASURE };

typedef struct Parser {
    NwipeLog *log;
    size_t run_first;          /* first drive of the current run */
    int run_open;              /* a Found line seen, no Total Throughput yet */
    int run_has_drives;
    crypto_hash_sha256_state h;/* bytes of the open run */
    char version[32], method[64], prng[32];
    int rounds;                /* from the options, -1 unknown */
    char verify[4];
    int table;                 /* TBL_* being read */
    char last_ts[20];
    int oom;
} Parser;

/* ---- text helpers ---------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at p whose code point is
 * printable (not C0, DEL or C1), else 0. */
static size_t utf8_ok(const unsigned char *p, size_t n)
{
    unsigned cp;
    size_t len = utf8_seq(p, n, &cp);
    if (!len || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f)) return 0;
    return len;
}

size_t nwipe_escape(const char *in, size_t len, char *out, size_t size)
{
    const unsigned char *p = (const unsigned char *)in;
    size_t o = 0;
    if (!size) return 0;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_ok(p + i, len - i);
        char tmp[5];
        size_t tl;
        if (k && p[i] != '\\') { memcpy(tmp, p + i, k); tl = k; }
        else if (p[i] == '\\') { memcpy(tmp, "\\\\", 2); tl = 2; k = 1; }
        else { snprintf(tmp, sizeof tmp, "\\x%02x", p[i]); tl = 4; k = 1; }
        if (o + tl >= size) break;
        memcpy(out + o, tmp, tl);
        o += tl;
        i += k;
    }
    out[o] = '\0';
    return o;
}

static void trim(const char **p, size_t *n)
{
    while (*n && ((*p)[0] == ' ' || (*p)[0] == '\t')) { (*p)++; (*n)--; }
    while (*n && ((*p)[*n - 1] == ' ' || (*p)[*n - 1] == '\t' || (*p)[*n - 1] == '\r')) (*n)--;
}

static int starts(const char *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n >= l && memcmp(p, lit, l) == 0;
}

/* The first occurrence of lit in p[0..n), or NULL. */
static const char *find(const char *p, size_t n, const char *lit)
{
    return memmem(p, n, lit, strlen(lit));
}

/* The last occurrence of lit in p[0..n), or NULL. */
static const char *rfind(const char *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    if (n < l) return NULL;
    for (size_t i = n - l + 1; i-- > 0;)
        if (memcmp(p + i, lit, l) == 0) return p + i;
    return NULL;
}

/* Copies a trimmed, escaped slice. */
static void field(char *out, size_t size, const char *p, size_t n)
{
    trim(&p, &n);
    nwipe_escape(p, n, out, size);
}

/* Parses a non-negative decimal slice; -1 when not one. */
static int64_t num(const char *p, size_t n)
{
    int64_t v = 0;
    trim(&p, &n);
    if (!n || n > 18) return -1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9') return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

/* ---- drives ---------------------------------------------------------- */

/* The short name nwipe prints in its tables: the device without its path. */
static const char *short_name(const char *dev)
{
    const char *s = strrchr(dev, '/');
    return s ? s + 1 : dev;
}

static NwipeDrive *drive_find(Parser *P, const char *name, size_t n)
{
    char esc[64];
    const char *p = name;
    trim(&p, &n);
    nwipe_escape(p, n, esc, sizeof esc);
    for (size_t i = P->run_first; i < P->log->n; i++) {
        NwipeDrive *d = &P->log->drives[i];
        if (!strcmp(d->device, esc) || !strcmp(short_name(d->device), esc)) return d;
    }
    return NULL;
}

static void run_reset(Parser *P)
{
    P->run_first = P->log->n;
    P->run_open = 0;
    P->run_has_drives = 0;
    P->version[0] = P->method[0] = P->prng[0] = P->verify[0] = '\0';
    P->rounds = -1;
    P->table = TBL_NONE;
}

/* Closes the current run: keys and the run-level facts its drives lack. */
static void run_finish(Parser *P)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    if (!P->run_has_drives) { run_reset(P); return; }
    crypto_hash_sha256_final(&P->h, digest);
    for (size_t i = P->run_first; i < P->log->n; i++) {
        NwipeDrive *d = &P->log->drives[i];
        unsigned char k[crypto_hash_sha256_BYTES];
        crypto_hash_sha256_state h;
        crypto_hash_sha256_init(&h);
        crypto_hash_sha256_update(&h, digest, sizeof digest);
        crypto_hash_sha256_update(&h, (const unsigned char *)d->device, strlen(d->device));
        crypto_hash_sha256_final(&h, k);
        sodium_bin2hex(d->key, sizeof d->key, k, NWIPE_KEY_HEX / 2);
        if (!d->version[0]) snprintf(d->version, sizeof d->version, "%s", P->version);
        if (!d->method[0]) snprintf(d->method, sizeof d->method, "%s", P->method);
        if (!d->prng[0]) snprintf(d->prng, sizeof d->prng, "%s", P->prng);
        if (d->rounds < 0) d->rounds = P->rounds;
        if (!d->verify[0]) snprintf(d->verify, sizeof d->verify, "%s", P->verify);
    }
    P->log->runs++;
    run_reset(P);
}

static NwipeDrive *drive_new(Parser *P)
{
    NwipeLog *l = P->log;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        NwipeDrive *d = realloc(l->drives, cap * sizeof *d);
        if (!d) { P->oom = 1; return NULL; }
        l->drives = d;
        l->cap = cap;
    }
    NwipeDrive *d = &l->drives[l->n++];
    memset(d, 0, sizeof *d);
    d->bytes = d->bytes_erased = d->bytes_total = -1;
    d->percent_erased = -1;
    d->rounds = d->blanking = -1;
    d->pass_errors = d->verify_errors = d->fsync_errors = -1;
    d->status = NWIPE_INCOMPLETE;
    d->run = l->runs;
    return d;
}

/* "Found /dev/X, BUS, Model,  SIZE, S/N=SERIAL" */
static void on_found(Parser *P, const char *m, size_t n, const char *ts)
{
    const char *sn = rfind(m, n, ", S/N=");
    const char *p = m + 6;          /* after "Found " */
    size_t rest = (size_t)((sn ? sn : m + n) - p);
    const char *c1 = find(p, rest, ", ");
    if (!c1) return;
    size_t devlen = (size_t)(c1 - p);
    char dev[64];
    field(dev, sizeof dev, p, devlen);
    if (!dev[0]) return;
    /* A drive seen twice, or a Found after a finished run: a new run. */
    if (!P->run_open || drive_find(P, dev, strlen(dev))) {
        if (P->run_has_drives) run_finish(P);
        run_reset(P);
        P->run_open = 1;
        crypto_hash_sha256_init(&P->h);
        /* the Found line itself is hashed by the caller after this */
    }
    NwipeDrive *d = drive_new(P);
    if (!d) return;
    P->run_has_drives = 1;
    snprintf(d->device, sizeof d->device, "%s", dev);
    snprintf(d->start, sizeof d->start, "%s", ts);
    const char *q = c1 + 2;
    size_t qn = rest - devlen - 2;
    const char *c2 = find(q, qn, ", ");
    if (c2) {
        field(d->bus, sizeof d->bus, q, (size_t)(c2 - q));
        const char *mq = c2 + 2;
        size_t mn = qn - (size_t)(mq - q);
        const char *c3 = rfind(mq, mn, ", ");
        if (c3) {
            field(d->model, sizeof d->model, mq, (size_t)(c3 - mq));
            field(d->size_text, sizeof d->size_text, c3 + 2, mn - (size_t)(c3 + 2 - mq));
        } else {
            field(d->model, sizeof d->model, mq, mn);
        }
    }
    if (sn) {
        const char *s = sn + 6;
        size_t sl = n - (size_t)(s - m);
        trim(&s, &sl);
        field(d->serial, sizeof d->serial, s, sl);
        size_t x = 0;
        while (x < sl && s[x] == 'X') x++;
        d->serial_anonymised = sl > 0 && x == sl;
    }
}

/* "  key   = value" among "Program options are set as follows..." */
static void on_option(Parser *P, const char *m, size_t n)
{
    const char *eq = memchr(m, '=', n);
    if (!eq) return;
    const char *k = m, *v = eq + 1;
    size_t kn = (size_t)(eq - m), vn = n - kn - 1;
    trim(&k, &kn);
    trim(&v, &vn);
    if (kn == 6 && !memcmp(k, "banner", 6)) {
        const char *sp = rfind(v, vn, " ");
        if (sp && starts(v, vn, "nwipe ")) field(P->version, sizeof P->version, sp + 1, vn - (size_t)(sp + 1 - v));
        else field(P->version, sizeof P->version, v, vn);
    } else if (kn == 6 && !memcmp(k, "method", 6)) {
        field(P->method, sizeof P->method, v, vn);
    } else if (kn == 4 && !memcmp(k, "prng", 4)) {
        field(P->prng, sizeof P->prng, v, vn);
    } else if (kn == 6 && !memcmp(k, "rounds", 6)) {
        int64_t r = num(v, vn);
        if (r >= 0 && r < 1000000) P->rounds = (int)r;
    } else if (kn == 6 && !memcmp(k, "verify", 6)) {
        if (vn && v[0] == '0') snprintf(P->verify, sizeof P->verify, "NV");
        else if (vn && v[0] == '1') snprintf(P->verify, sizeof P->verify, "VL");
        else if (vn && v[0] == '2') snprintf(P->verify, sizeof P->verify, "VA");
    }
}

/* "Total Throughput 120 MB/s, METHOD, 1R+B+VL": the run is over. */
static void on_total(Parser *P, const char *m, size_t n, const char *ts)
{
    const char *c1 = find(m, n, ", ");
    const char *cl = rfind(m, n, ", ");
    char method[64] = "", code[32] = "";
    int rounds = -1, blank = -1;
    char verify[4] = "";
    if (c1 && cl && cl > c1) {
        field(method, sizeof method, c1 + 2, (size_t)(cl - c1 - 2));
        field(code, sizeof code, cl + 2, n - (size_t)(cl + 2 - m));
        char *plus = strchr(code, 'R');
        if (plus && plus != code) {
            int64_t r = num(code, (size_t)(plus - code));
            if (r >= 0 && r < 1000000) rounds = (int)r;
        }
        if (strstr(code, "+NB+")) blank = 0;
        else if (strstr(code, "+B+")) blank = 1;
        const char *v = strrchr(code, '+');
        if (v && (!strcmp(v + 1, "NV") || !strcmp(v + 1, "VL") || !strcmp(v + 1, "VA")))
            snprintf(verify, sizeof verify, "%s", v + 1);
    }
    for (size_t i = P->run_first; i < P->log->n; i++) {
        NwipeDrive *d = &P->log->drives[i];
        snprintf(d->end, sizeof d->end, "%s", ts);
        if (method[0]) snprintf(d->method, sizeof d->method, "%s", method);
        if (rounds >= 0) d->rounds = rounds;
        if (blank >= 0) d->blanking = blank;
        if (verify[0]) snprintf(d->verify, sizeof d->verify, "%s", verify);
    }
}

/* Splits a table row "X name | a | b | c" into at most max cells. */
static int cells(const char *p, size_t n, const char **cell, size_t *len, int max)
{
    int k = 0;
    while (k < max) {
        const char *bar = memchr(p, '|', n);
        size_t l = bar ? (size_t)(bar - p) : n;
        cell[k] = p;
        len[k] = l;
        k++;
        if (!bar) break;
        p = bar + 1;
        n -= l + 1;
    }
    return k;
}

static void on_row(Parser *P, const char *p, size_t n)
{
    const char *c[6];
    size_t l[6];
    if (!P->run_open || n < 2) return;
    if (find(p, n, "Device |")) return;          /* the header */
    int k = cells(p, n, c, l, 6);
    if (k < 2) return;
    /* first cell: "!" or " " then the right-justified name */
    const char *nm = c[0];
    size_t nl = l[0];
    if (nl && nm[0] == '!') { nm++; nl--; }
    NwipeDrive *d = drive_find(P, nm, nl);
    if (!d) return;
    if (P->table == TBL_ERRORS && k >= 4) {
        d->pass_errors = num(c[1], l[1]);
        d->verify_errors = num(c[2], l[2]);
        d->fsync_errors = num(c[3], l[3]);
    } else if (P->table == TBL_STATUS && k >= 5) {
        const char *s = c[1];
        size_t sl = l[1];
        trim(&s, &sl);
        if (sl == 6 && !memcmp(s, "Erased", 6)) d->status = NWIPE_ERASED;
        else if (sl == 8 && !memcmp(s, "-FAILED-", 8)) d->status = NWIPE_FAILED;
        else if (sl == 8 && !memcmp(s, "UABORTED", 8)) d->status = NWIPE_UABORTED;
        else if (sl == 8 && !memcmp(s, "INSANITY", 8)) d->status = NWIPE_INSANITY;
        else d->status = NWIPE_INSANITY;     /* unknown word: never erased */
        field(d->throughput, sizeof d->throughput, c[2], l[2]);
        field(d->duration, sizeof d->duration, c[3], l[3]);
    } else if (P->table == TBL_ERASURE && k >= 4) {
        d->has_erasure_summary = 1;
        d->bytes_erased = num(c[1], l[1]);
        d->bytes_total = num(c[2], l[2]);
        char pct[32];
        field(pct, sizeof pct, c[3], l[3]);
        char *end;
        double v = strtod(pct, &end);
        d->percent_erased = (end != pct && (*end == '%' || !*end) && v >= 0 && v <= 100) ? v : -1;
    }
}

/* ---- lines ----------------------------------------------------------- */

static int is_ts(const char *p, size_t n)
{
    static const char pat[] = "[dddd/dd/dd dd:dd:dd] ";
    if (n < sizeof pat - 1) return 0;
    for (size_t i = 0; i < sizeof pat - 1; i++) {
        if (pat[i] == 'd') { if (p[i] < '0' || p[i] > '9') return 0; }
        else if (p[i] != pat[i]) return 0;
    }
    return 1;
}

static void on_line(Parser *P, const char *p, size_t n)
{
    P->log->lines++;
    if (n && p[n - 1] == '\r') n--;
    if (is_ts(p, n)) {
        char ts[20];
        /* "[2026/11/22 10:25:40]" -> "2026-11-22T10:25:40" */
        snprintf(ts, sizeof ts, "%.4s-%.2s-%.2sT%.8s", p + 1, p + 6, p + 9, p + 12);
        memcpy(P->last_ts, ts, sizeof ts);
        const char *m = p + 22;
        size_t mn = n - 22;
        if (mn > 9 && m[7] == ':' && m[8] == ' ') { m += 9; mn -= 9; }
        if (starts(m, mn, "Found ")) {
            on_found(P, m, mn, ts);
        } else if (starts(m, mn, "Total Throughput")) {
            if (P->run_open) {
                on_total(P, m, mn, ts);
                crypto_hash_sha256_update(&P->h, (const unsigned char *)p, n);
                run_finish(P);
                return;
            }
        } else if (P->run_open) {
            if (starts(m, mn, "  ")) on_option(P, m, mn);
            else if (starts(m, mn, "Invoking method '")) {
                const char *on = rfind(m, mn, "' on ");
                if (on) {
                    NwipeDrive *d = drive_find(P, on + 5, mn - (size_t)(on + 5 - m));
                    if (d) snprintf(d->start, sizeof d->start, "%s", ts);
                }
            } else if (find(m, mn, ", sect/blk/dev ")) {
                const char *s = find(m, mn, ", sect/blk/dev ");
                NwipeDrive *d = drive_find(P, m, (size_t)(s - m));
                const char *sl = rfind(m, mn, "/");
                if (d && sl) d->bytes = num(sl + 1, mn - (size_t)(sl + 1 - m));
            }
        }
    } else if (P->run_open) {
        if (starts(p, n, "****")) {
            if (find(p, n, " Error Summary ")) P->table = TBL_ERRORS;
            else if (find(p, n, " Drive Status ")) P->table = TBL_STATUS;
            else if (find(p, n, " Erasure Summary ")) P->table = TBL_ERASURE;
            else P->table = TBL_NONE;
        } else if (P->table != TBL_NONE && memchr(p, '|', n)) {
            on_row(P, p, n);
        }
    }
    if (P->run_open) {
        crypto_hash_sha256_update(&P->h, (const unsigned char *)p, n);
        crypto_hash_sha256_update(&P->h, (const unsigned char *)"\n", 1);
    }
}

static void parser_init(Parser *P, NwipeLog *out)
{
    memset(out, 0, sizeof *out);
    memset(P, 0, sizeof *P);
    P->log = out;
    run_reset(P);
}

static int parser_end(Parser *P, Err *e)
{
    if (P->run_has_drives) run_finish(P);
    if (P->oom) {
        nwipe_log_free(P->log);
        return err_set(e, ERR_INTERNAL, "%s", _("Out of memory while reading an nwipe log."));
    }
    return 0;
}

int nwipe_parse(const char *buf, size_t len, NwipeLog *out, Err *e)
{
    Parser P;
    if (sodium_init() < 0) return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not start."));
    parser_init(&P, out);
    size_t i = 0;
    while (i < len && !P.oom) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t l = nl ? (size_t)(nl - (buf + i)) : len - i;
        on_line(&P, buf + i, l > NWIPE_LINE_MAX ? NWIPE_LINE_MAX : l);
        i += l + 1;
    }
    return parser_end(&P, e);
}

int nwipe_parse_stream(FILE *f, NwipeLog *out, Err *e)
{
    Parser P;
    enum { CHUNK = 65536 };
    char *line = malloc(NWIPE_LINE_MAX + CHUNK), *chunk = line + NWIPE_LINE_MAX;
    size_t ll = 0, got;
    if (!line) return err_set(e, ERR_INTERNAL, "%s", _("Out of memory while reading an nwipe log."));
    if (sodium_init() < 0) { free(line); return err_set(e, ERR_INTERNAL, "%s", _("The cryptography library could not start.")); }
    parser_init(&P, out);
    while ((got = fread(chunk, 1, CHUNK, f)) > 0 && !P.oom) {
        for (size_t i = 0; i < got; i++) {
            if (chunk[i] == '\n') {
                on_line(&P, line, ll);
                ll = 0;
            } else if (ll < NWIPE_LINE_MAX) {
                line[ll++] = chunk[i];     /* the rest of a longer line is dropped */
            }
        }
    }
    if (ll) on_line(&P, line, ll);
    free(line);
    if (ferror(f)) {
        int saved = errno;
        nwipe_log_free(out);
        return err_set(e, ERR_IO, _("Cannot read the nwipe log: %s."), strerror(saved));
    }
    return parser_end(&P, e);
}

int nwipe_parse_file(const char *path, NwipeLog *out, Err *e)
{
    Err pe = { 0 };
    FILE *f = path_fopen_file(path, &pe);   /* /dev/zero or a FIFO would never end */
    if (!f) {
        memset(out, 0, sizeof *out);
        if (pe.code) {
            if (e) *e = pe;
            return -1;
        }
        return err_set(e, ERR_IO, _("Cannot open %s: %s."), path, strerror(errno));
    }
    int rc = nwipe_parse_stream(f, out, e);
    fclose(f);
    if (rc < 0) return -1;
    if (out->n == 0) {
        nwipe_log_free(out);
        return err_set(e, ERR_INPUT, _("%s is not an nwipe log: no drive found in it."), path);
    }
    return 0;
}

void nwipe_log_free(NwipeLog *l)
{
    if (!l) return;
    free(l->drives);
    memset(l, 0, sizeof *l);
}

int nwipe_drive_erased(const NwipeDrive *d)
{
    return d->status == NWIPE_ERASED && d->pass_errors <= 0 &&
           d->verify_errors <= 0 && d->fsync_errors <= 0 && d->end[0];
}

const char *nwipe_status_key(NwipeStatus s)
{
    switch (s) {
    case NWIPE_ERASED: return "erased";
    case NWIPE_FAILED: return "failed";
    case NWIPE_UABORTED: return "aborted";
    case NWIPE_INSANITY: return "insanity";
    default: return "incomplete";
    }
}
