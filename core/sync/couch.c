/*
 * couch.c — a small CouchDB HTTP client (see couch.h).
 *
 * Every request goes through one loop: send, classify the outcome as done,
 * transient (retry after a jittered backoff) or final (fail now), and build
 * one translated message for the user. Response bodies are collected into a
 * growing buffer with a hard cap, so a hub that streams without end cannot
 * eat the memory of a 1 GB PC.
 */
#include "core/sync/couch.h"
#include "core/sync/jscan.h"
#include "util/i18n.h"
#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

/* Largest answer accepted: a pull batch of 1 000 events is ~0.5 MB, and
 * anything near this cap is a hub gone wrong, not data. */
#define COUCH_MAX_BODY (64u << 20)
/* Below 1 byte/s for this long, an answer counts as stalled. */
#define COUCH_LOW_SPEED_S 30L
#define COUCH_CONNECT_TIMEOUT_MS 10000L
/* hub.url may list this many servers (the nodes of a cluster). */
#define COUCH_MAX_URLS 8

struct Couch {
    CURL *curl;
    char url[1024];          /* the server in use: base URL, no credentials, no trailing '/' */
    char urls[COUCH_MAX_URLS][1024];  /* every server given; urls[0] names the hub */
    int nurls, cur;          /* cur: index of url in urls */
    char *user;              /* NULL: no authentication */
    char *password;
    long timeout_ms;
    int retries;
    long base_ms, max_ms;
    int insecure;
    char *cainfo;
    volatile int *cancel;
    CouchStats stats;
    unsigned rnd;            /* jitter state */
    int64_t skew_ms;         /* local clock minus the server's Date header */
    int have_skew;
};

typedef struct Buf {
    char *p;
    size_t len, cap;
    int overflow;
} Buf;

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_init_once(void) { curl_global_init(CURL_GLOBAL_DEFAULT); }

static size_t on_write(char *data, size_t size, size_t n, void *arg)
{
    Buf *b = arg;
    size_t add = size * n;
    if (b->len + add + 1 > COUCH_MAX_BODY) {
        b->overflow = 1;
        return 0;
    }
    if (b->len + add + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 16384;
        while (cap < b->len + add + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return 0;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, data, add);
    b->len += add;
    b->p[b->len] = '\0';
    return add;
}

/* Reads the Date header: how far this PC's clock is from the hub's. */
static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
    Couch *c = arg;
    size_t len = size * n;
    if (len > 5 && len < 128 && strncasecmp(data, "Date:", 5) == 0) {
        char line[128];
        memcpy(line, data + 5, len - 5);
        line[len - 5] = '\0';
        time_t server = curl_getdate(line, NULL);
        if (server > 0) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            c->skew_ms = ((int64_t)ts.tv_sec - (int64_t)server) * 1000 + ts.tv_nsec / 1000000;
            c->have_skew = 1;
        }
    }
    return len;
}

static int on_progress(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    (void)dt; (void)dn; (void)ut; (void)un;
    Couch *c = arg;
    return c->cancel && *c->cancel ? 1 : 0;
}

static char *dup_or_null(const char *s) { return s ? strdup(s) : NULL; }

/* Splits one "scheme://[user:pass@]host…" into out (no credentials, no
 * trailing '/') and the credentials. 0, or -1 when it is not http(s). */
static int split_url(const char *url, size_t len, char out[1024], char iu[256], char ip[256])
{
    char one[1024];
    if (len >= sizeof one) len = sizeof one - 1;
    memcpy(one, url, len);
    one[len] = '\0';
    iu[0] = ip[0] = '\0';
    if (strncmp(one, "http://", 7) != 0 && strncmp(one, "https://", 8) != 0) return -1;
    const char *host = strstr(one, "://") + 3;
    const char *slash = strchr(host, '/');
    const char *at = strchr(host, '@');
    if (at && (!slash || at < slash)) {
        const char *colon = memchr(host, ':', (size_t)(at - host));
        size_t ul = (size_t)((colon ? colon : at) - host);
        if (ul >= 256) ul = 255;
        memcpy(iu, host, ul);
        iu[ul] = '\0';
        if (colon) snprintf(ip, 256, "%.*s", (int)(at - colon - 1), colon + 1);
        snprintf(out, 1024, "%.*s%s", (int)(host - one), one, at + 1);
    } else {
        snprintf(out, 1024, "%s", one);
    }
    size_t n = strlen(out);
    while (n > 0 && out[n - 1] == '/') out[--n] = '\0';
    explicit_bzero(one, sizeof one);
    return 0;
}

Couch *couch_new(const char *url, const char *user, const char *password, Err *e)
{
    pthread_once(&curl_once, curl_init_once);
    if (!url) url = "";
    while (*url == ' ') url++;
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
        return err_set(e, ERR_INPUT, _("the hub URL must start with http:// or https://")), NULL;
    Couch *c = calloc(1, sizeof *c);
    if (!c) return err_set(e, ERR_INTERNAL, _("out of memory")), NULL;
    /* Several servers separated by spaces (the nodes of a cluster): each is
     * split so that credentials never show; the first given are used. */
    char iu[256] = "", ip[256] = "", u1[256], p1[256];
    for (const char *p = url; *p && c->nurls < COUCH_MAX_URLS;) {
        size_t len = strcspn(p, " \t");
        if (len > 0) {
            if (split_url(p, len, c->urls[c->nurls], u1, p1) < 0) {
                explicit_bzero(ip, sizeof ip);
                explicit_bzero(p1, sizeof p1);
                couch_free(c);
                return err_set(e, ERR_INPUT, _("the hub URL must start with http:// or https://")), NULL;
            }
            if (!iu[0] && u1[0]) { snprintf(iu, sizeof iu, "%s", u1); snprintf(ip, sizeof ip, "%s", p1); }
            explicit_bzero(p1, sizeof p1);
            c->nurls++;
        }
        p += len;
        while (*p == ' ' || *p == '\t') p++;
    }
    snprintf(c->url, sizeof c->url, "%s", c->urls[0]);
    if (user && *user) {
        c->user = strdup(user);
        c->password = strdup(password ? password : "");
    } else if (iu[0]) {
        c->user = strdup(iu);
        c->password = strdup(ip);
    }
    explicit_bzero(ip, sizeof ip);
    c->curl = curl_easy_init();
    if (!c->curl) {
        couch_free(c);
        return err_set(e, ERR_INTERNAL, _("cannot start the HTTP client")), NULL;
    }
    c->timeout_ms = 60000;
    c->retries = 5;
    c->base_ms = 250;
    c->max_ms = 4000;
    unsigned seed = 0;
    if (getrandom(&seed, sizeof seed, GRND_NONBLOCK) != (ssize_t)sizeof seed)
        seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)c;
    c->rnd = seed | 1;
    return c;
}

void couch_free(Couch *c)
{
    if (!c) return;
    if (c->curl) curl_easy_cleanup(c->curl);
    if (c->password) {
        explicit_bzero(c->password, strlen(c->password));
        free(c->password);
    }
    free(c->user);
    free(c->cainfo);
    free(c);
}

const char *couch_url_public(const Couch *c) { return c->urls[0]; }
const char *couch_url_current(const Couch *c) { return c->url; }
int couch_url_count(const Couch *c) { return c->nurls; }
void couch_set_timeout(Couch *c, long ms) { c->timeout_ms = ms > 0 ? ms : 60000; }
void couch_set_retries(Couch *c, int retries, long base_ms, long max_ms)
{
    c->retries = retries < 0 ? 0 : retries;
    c->base_ms = base_ms > 0 ? base_ms : 1;
    c->max_ms = max_ms >= c->base_ms ? max_ms : c->base_ms;
}
void couch_set_insecure(Couch *c, int insecure) { c->insecure = insecure; }
void couch_set_cainfo(Couch *c, const char *path) { free(c->cainfo); c->cainfo = dup_or_null(path); }
void couch_set_cancel(Couch *c, volatile int *flag) { c->cancel = flag; }
void couch_stats(const Couch *c, CouchStats *out) { *out = c->stats; }
int couch_clock_skew(const Couch *c, int64_t *ms)
{
    if (c->have_skew) *ms = c->skew_ms;
    return c->have_skew;
}

int couch_escape(const char *s, char *out, size_t size)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        int plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || strchr("-_.~", *p);
        if (o + (plain ? 1 : 3) >= size) return -1;
        if (plain) out[o++] = (char)*p;
        else { out[o++] = '%'; out[o++] = hex[*p >> 4]; out[o++] = hex[*p & 15]; }
    }
    if (o >= size) return -1;
    out[o] = '\0';
    return 0;
}

/* xorshift: jitter needs no quality, only no lock-step between clients. */
static unsigned next_rand(Couch *c)
{
    unsigned x = c->rnd;
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    return c->rnd = x;
}

/* Sleeps ms in slices so that a cancel is seen within 50 ms. 0, or -1 when
 * cancelled. */
static int backoff_sleep(Couch *c, long ms)
{
    while (ms > 0) {
        if (c->cancel && *c->cancel) return -1;
        long step = ms < 50 ? ms : 50;
        struct timespec ts = { step / 1000, (step % 1000) * 1000000L };
        while (nanosleep(&ts, &ts) < 0 && errno == EINTR) {}
        ms -= step;
    }
    return c->cancel && *c->cancel ? -1 : 0;
}

/* The "reason" of a CouchDB error body, or "" */
static const char *body_reason(json_t *j)
{
    const char *r = json_string_value(json_object_get(j, "reason"));
    if (!r) r = json_string_value(json_object_get(j, "error"));
    return r ? r : "";
}

enum { OUT_DONE, OUT_RETRY, OUT_FAIL };

/* Classifies a transport failure. */
static int transport_error(Couch *c, CURLcode rc, const char *detail, Err *e)
{
    const char *d = detail && *detail ? detail : curl_easy_strerror(rc);
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
        err_set(e, ERR_IO, _("the hub at %s cannot be reached: %s"), c->url, d);
        return OUT_RETRY;
    case CURLE_OPERATION_TIMEDOUT:
        err_set(e, ERR_IO, _("the hub at %s did not answer in time"), c->url);
        return OUT_RETRY;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        err_set(e, ERR_IO, _("the connection to the hub at %s was cut: %s"), c->url, d);
        return OUT_RETRY;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
        if (strstr(d, "expired"))
            err_set(e, ERR_IO, _("the hub's TLS certificate has expired (%s): %s"), c->url, d);
        else
            err_set(e, ERR_IO, _("the hub's TLS certificate cannot be trusted (%s): %s"), c->url, d);
        return OUT_FAIL;
    case CURLE_SSL_CONNECT_ERROR:
        err_set(e, ERR_IO, _("secure connection to the hub at %s failed: %s"), c->url, d);
        return OUT_FAIL;
    case CURLE_ABORTED_BY_CALLBACK:
        err_set(e, ERR_IO, _("sync was cancelled"));
        return OUT_FAIL;
    case CURLE_WRITE_ERROR:
        err_set(e, ERR_IO, _("the hub at %s sent an answer that is too large"), c->url);
        return OUT_FAIL;
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
        err_set(e, ERR_INPUT, _("the hub URL %s is not valid"), c->url);
        return OUT_FAIL;
    default:
        err_set(e, ERR_IO, _("network error with the hub at %s: %s"), c->url, d);
        return OUT_RETRY;
    }
}

/* Classifies an HTTP answer (status, content type, whether the body is
 * valid JSON, the parsed body or NULL). */
static int http_outcome(Couch *c, long status, const char *ctype, int valid, json_t *j,
                        const char *jerr, Err *e)
{
    int html = ctype && strstr(ctype, "html");
    if (status >= 200 && status < 300) {
        if (valid) return OUT_DONE;
        if (html) {
            err_set(e, ERR_IO, _("the hub at %s answered a web page instead of data; check the URL"), c->url);
            return OUT_FAIL;
        }
        /* A 2xx with a broken body is most often a cut connection. */
        err_set(e, ERR_IO, _("the hub at %s answered invalid data: %s"), c->url, jerr);
        return OUT_RETRY;
    }
    const char *reason = j ? body_reason(j) : "";
    switch (status) {
    case 401:
        err_set(e, ERR_IO, _("the hub at %s refused the user name or password"), c->url);
        return OUT_FAIL;
    case 403:
        err_set(e, ERR_IO, _("the hub at %s refused access: %s"), c->url, reason);
        return OUT_FAIL;
    case 404:
        err_set(e, ERR_NOTFOUND, _("not found on the hub at %s: %s"), c->url, reason);
        return OUT_FAIL;
    case 409:
        err_set(e, ERR_EXISTS, _("conflict on the hub at %s: %s"), c->url, reason);
        return OUT_FAIL;
    case 413:
        err_set(e, ERR_IO, _("the hub at %s refused a request as too large"), c->url);
        return OUT_FAIL;
    case 408: case 429: case 500: case 502: case 503: case 504:
        if (status == 503 || status == 502 || status == 504)
            err_set(e, ERR_IO, _("the hub at %s is unavailable (HTTP %ld)"), c->url, status);
        else
            err_set(e, ERR_IO, _("the hub at %s had an internal error (HTTP %ld): %s"), c->url, status, reason);
        return OUT_RETRY;
    default:
        if (html && !j)
            err_set(e, ERR_IO, _("the hub at %s answered a web page instead of data (HTTP %ld); check the URL"), c->url, status);
        else
            err_set(e, ERR_IO, _("the hub at %s refused the request (HTTP %ld): %s"), c->url, status, reason);
        return status >= 500 ? OUT_RETRY : OUT_FAIL;
    }
}

/* One request with its retries. A 2xx body is parsed into *out, or, when
 * text is given, only checked (jscan: no depth limit) and handed over raw. */
static int request(Couch *c, const char *method, const char *path,
                   const char *body, size_t len, long *status, json_t **out,
                   char **text, size_t *text_len, Err *e)
{
    if (status) *status = 0;
    if (out) *out = NULL;
    if (text) { *text = NULL; *text_len = 0; }
    /* on the heap: a path carries the hub's sequences, of any length; room
     * for any server of the list (a failover changes it) */
    size_t ulen = sizeof c->url + strlen(path) + 1;
    char *url = malloc(ulen);
    if (!url) return err_set(e, ERR_INTERNAL, _("out of memory"));
    int failovers = 0;
    struct curl_slist *hdr = NULL;
    hdr = curl_slist_append(hdr, "Accept: application/json");
    if (body) hdr = curl_slist_append(hdr, "Content-Type: application/json");
    hdr = curl_slist_append(hdr, "Expect:");  /* no 100-continue round trip */
    char errbuf[CURL_ERROR_SIZE];
    int result = -1;
    for (int attempt = 0;; attempt++) {
        CURL *h = c->curl;
        curl_easy_reset(h);
        snprintf(url, ulen, "%s%s", c->url, path);
        Buf b = {0};
        errbuf[0] = '\0';
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &b);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, COUCH_CONNECT_TIMEOUT_MS);
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, c->timeout_ms);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, COUCH_LOW_SPEED_S);
        curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
        curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, c->insecure ? 0L : 1L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, c->insecure ? 0L : 2L);
        if (c->cainfo) curl_easy_setopt(h, CURLOPT_CAINFO, c->cainfo);
        if (c->user) {
            curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
            curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
            curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
        }
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
        curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
        if (body) {
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
        }
        c->stats.requests++;
        if (attempt > 0) c->stats.retries++;
        CURLcode rc = curl_easy_perform(h);
        curl_off_t up = 0, hdr_in = 0, down = 0, req = 0;
        curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &req);
        curl_easy_getinfo(h, CURLINFO_SIZE_UPLOAD_T, &up);
        curl_easy_getinfo(h, CURLINFO_HEADER_SIZE, &hdr_in);
        curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &down);
        c->stats.bytes_out += (uint64_t)(req + up);
        c->stats.bytes_in += (uint64_t)(hdr_in + down);
        int outcome;
        json_t *j = NULL;
        long code = 0;
        if (rc == CURLE_WRITE_ERROR && b.overflow) {
            outcome = transport_error(c, rc, "", e);
        } else if (rc != CURLE_OK) {
            outcome = transport_error(c, rc, errbuf, e);
            if (rc == CURLE_OPERATION_TIMEDOUT && strncmp(c->url, "https:", 6) == 0 &&
                strstr(errbuf, "SSL connection timeout")) {
                /* Connected, but no TLS handshake: most often an https://
                 * URL on a plain HTTP port, which CouchDB leaves waiting
                 * (PouchDB Server answers it, and curl fails at once).
                 * Waiting again would not help. */
                err_set(e, ERR_IO, _("secure connection to the hub at %s failed: %s"), c->url,
                        _("no TLS answer; is it an http:// address?"));
                outcome = OUT_FAIL;
            }
            /* A server that cannot be reached, cut the connection or did
             * not answer in time: the next one of the list (another node
             * of the cluster) is tried at once, each at most once per
             * request; then the retries and their backoff apply. */
            if (outcome == OUT_RETRY && c->nurls > 1 && failovers < c->nurls - 1) {
                c->cur = (c->cur + 1) % c->nurls;
                snprintf(c->url, sizeof c->url, "%s", c->urls[c->cur]);
                failovers++;
                c->stats.failovers++;
                free(b.p);
                attempt--;   /* a failover is not a retry */
                continue;
            }
        } else {
            char *ctype = NULL;
            curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
            curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ctype);
            json_error_t jerr;
            jerr.text[0] = '\0';
            int valid = 0;
            if (b.len == 0) snprintf(jerr.text, sizeof jerr.text, "%s", _("empty answer"));
            else if (text && code >= 200 && code < 300) {
                valid = jscan_valid(b.p, b.len) == 0;
                if (!valid) snprintf(jerr.text, sizeof jerr.text, "%s", _("not JSON or cut short"));
            } else {
                j = json_loadb(b.p, b.len, JSON_DECODE_ANY, &jerr);  /* _config answers a bare string */
                valid = j != NULL;
            }
            outcome = http_outcome(c, code, ctype, valid, j, jerr.text, e);
        }
        if (outcome == OUT_DONE && text) {
            *text = b.p ? b.p : strdup("");
            *text_len = b.len;
            b.p = NULL;
        }
        free(b.p);
        if (outcome == OUT_DONE) {
            if (status) *status = code;
            if (out) *out = j;
            else json_decref(j);
            err_clear(e);
            result = 0;
            break;
        }
        if (outcome == OUT_FAIL || attempt >= c->retries) {
            if (status) *status = code;
            if (out && j) *out = j;
            else json_decref(j);
            break;
        }
        json_decref(j);
        long delay = c->base_ms;
        for (int i = 0; i < attempt && delay < c->max_ms; i++) delay *= 2;
        if (delay > c->max_ms) delay = c->max_ms;
        delay = delay / 2 + (long)(next_rand(c) % (unsigned long)(delay + 1));  /* ±50 % */
        if (backoff_sleep(c, delay) < 0) {
            err_set(e, ERR_IO, _("sync was cancelled"));
            break;
        }
    }
    curl_slist_free_all(hdr);
    free(url);
    return result;
}

int couch_request_raw(Couch *c, const char *method, const char *path,
                      const char *body, size_t len, long *status, json_t **out, Err *e)
{
    return request(c, method, path, body, len, status, out, NULL, NULL, e);
}

int couch_request_text(Couch *c, const char *method, const char *path, json_t *body,
                       long *status, char **text, size_t *len, json_t **err_out, Err *e)
{
    char *s = NULL;
    if (body) {
        s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!s) return err_set(e, ERR_INTERNAL, _("out of memory"));
    }
    int rc = request(c, method, path, s, s ? strlen(s) : 0, status, err_out, text, len, e);
    free(s);
    return rc;
}

int couch_request(Couch *c, const char *method, const char *path, json_t *body,
                  long *status, json_t **out, Err *e)
{
    char *s = NULL;
    if (body) {
        s = json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY);
        if (!s) return err_set(e, ERR_INTERNAL, _("out of memory"));
    }
    int rc = couch_request_raw(c, method, path, s, s ? strlen(s) : 0, status, out, e);
    free(s);
    return rc;
}
