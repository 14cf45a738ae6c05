/*
 * keys.c — key normalisation, key names, scanner burst classification and
 * the terminal reader that feeds it. See keys.h for the rules.
 *
 * Invariant: held keys are all printable or K_BADBYTE and were each
 * received less than KEYS_SCAN_GAP_MS after the previous one; the queue
 * holds at most one scan (its text in b->scan, its slot in the queue is
 * K_NONE).
 */
#include "tui/keys.h"
#include "util/i18n.h"
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <wchar.h>
#include <wctype.h>

void burst_init(Burst *b)
{
    memset(b, 0, sizeof *b);
}

int keys_printable(Key k)
{
    return k >= 0x20 && k != 0x7f && !(k & K_FN) && (k < 0x80 || k >= 0xa0);
}

Key keys_normalize(Key k)
{
    if (k == '\r' || k == K_CODE(KEY_ENTER)) return K_ENTER;
    if (k == 0x7f || k == 0x08) return K_BACKSPACE;
    return k;
}

static int is_terminator(Key k)
{
    return k == '\r' || k == '\n' || k == '\t' || k == K_CODE(KEY_ENTER);
}

static void enqueue(Burst *b, Key k)
{
    int cap = (int)(sizeof b->queue / sizeof b->queue[0]);
    if (b->qlen == cap) return; /* cannot happen when drained after each feed */
    b->queue[(b->qhead + b->qlen) % cap] = k;
    b->qlen++;
}

/* Whether a held key is a bad byte: the burst is then no scan. */
static int held_bad(const Burst *b)
{
    for (int i = 0; i < b->nheld; i++)
        if (K_IS_BADBYTE(b->held[i])) return 1;
    return 0;
}

/* Replays held keys as ordinary keys; the bad bytes among them become one
 * K_BADBYTE after the others (the first one's), so the message it brings
 * is not wiped by the keys that came after it. */
static void replay(Burst *b)
{
    Key bad = K_NONE;
    for (int i = 0; i < b->nheld; i++) {
        if (!K_IS_BADBYTE(b->held[i])) enqueue(b, b->held[i]);
        else if (bad == K_NONE) bad = b->held[i];
    }
    if (bad != K_NONE) enqueue(b, bad);
    b->nheld = 0;
}

static void encode_scan(Burst *b)
{
    char *p = b->scan;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    for (int i = 0; i < b->nheld; i++) {
        char mb[8];
        size_t n = wcrtomb(mb, (wchar_t)b->held[i], &st);
        if (n == (size_t)-1) { mb[0] = '?'; n = 1; memset(&st, 0, sizeof st); }
        if ((size_t)(p - b->scan) + n >= sizeof b->scan) break;
        memcpy(p, mb, n);
        p += n;
    }
    *p = '\0';
    b->nheld = 0;
}

void burst_feed(Burst *b, Key k, int64_t ms)
{
    if (b->swallow_lf) {
        b->swallow_lf = 0;
        if (k == '\n' && ms - b->last_ms < KEYS_SCAN_GAP_MS) return;
    }
    if (b->nheld > 0 && ms - b->last_ms >= KEYS_SCAN_GAP_MS) replay(b);
    if (b->nheld > 0 && is_terminator(k)) {
        if (held_bad(b)) {  /* typed into the field, never submitted */
            replay(b);
            b->swallow_lf = (k == '\r');
            b->last_ms = ms;
            return;
        }
        if (b->nheld >= KEYS_SCAN_MIN) {
            encode_scan(b);
            enqueue(b, K_NONE);
            b->swallow_lf = (k == '\r');
            b->last_ms = ms;
            return;
        }
        replay(b);
        enqueue(b, k);
        return;
    }
    if ((keys_printable(k) || K_IS_BADBYTE(k)) && b->nheld < KEYS_SCAN_MAX) {
        b->held[b->nheld++] = k;
        b->last_ms = ms;
        return;
    }
    replay(b);
    enqueue(b, k);
}

void burst_idle(Burst *b, int64_t ms)
{
    if (b->nheld > 0 && ms - b->last_ms >= KEYS_SCAN_GAP_MS) replay(b);
}

int burst_next(Burst *b, KeyEvent *ev)
{
    int cap = (int)(sizeof b->queue / sizeof b->queue[0]);
    if (b->qlen == 0) return 0;
    Key k = b->queue[b->qhead];
    b->qhead = (b->qhead + 1) % cap;
    b->qlen--;
    if (k == K_NONE) {
        ev->kind = KEV_SCAN;
        ev->key = K_NONE;
        snprintf(ev->text, sizeof ev->text, "%s", b->scan);
    } else {
        ev->kind = KEV_KEY;
        ev->key = keys_normalize(k);
        ev->text[0] = '\0';
    }
    return 1;
}

int burst_wait_ms(const Burst *b, int64_t now_ms)
{
    if (b->nheld == 0) return -1;
    int64_t left = b->last_ms + KEYS_SCAN_GAP_MS - now_ms;
    return left < 0 ? 0 : (int)left;
}

/* ---- bytes to characters ---- */

void keydec_init(KeyDecoder *d)
{
    memset(d, 0, sizeof *d);
}

int keydec_pending(const KeyDecoder *d)
{
    return d->npend > 0;
}

/* Decodes the pending bytes followed by in[0..n). at_end: no more bytes
 * will complete a character. mbrtowc() from a fresh state each time: the
 * terminal's encodings (UTF-8, single-byte ones) keep no shift state. */
static int decode(KeyDecoder *d, const unsigned char *in, int n, int at_end, Key *out)
{
    unsigned char buf[MB_LEN_MAX + 1];
    int len = d->npend, i = 0, nout = 0;
    if (len + n > (int)sizeof buf) n = (int)sizeof buf - len;   /* callers give one byte at most */
    memcpy(buf, d->pend, (size_t)len);
    if (n > 0) memcpy(buf + len, in, (size_t)n);   /* in is NULL when flushing */
    len += n;
    while (i < len) {
        wchar_t wc;
        mbstate_t st;
        memset(&st, 0, sizeof st);
        size_t r = mbrtowc(&wc, (const char *)buf + i, (size_t)(len - i), &st);
        if (r == (size_t)-2 && !at_end && len - i < MB_LEN_MAX) break;  /* wait for the rest */
        if (r == (size_t)-1 || r == (size_t)-2) {
            /* this byte is bad; the next ones may start a character */
            out[nout++] = K_BADBYTE(buf[i]);
            i++;
        } else if (r == 0) {
            i++;                         /* NUL (^@ or ^Space): nothing */
        } else {
            out[nout++] = (Key)wc;
            i += (int)r;
        }
    }
    d->npend = len - i;
    memmove(d->pend, buf + i, (size_t)d->npend);
    return nout;
}

int keydec_byte(KeyDecoder *d, int byte, Key out[KEYDEC_OUT_MAX])
{
    unsigned char b = (unsigned char)byte;
    return decode(d, &b, 1, 0, out);
}

int keydec_flush(KeyDecoder *d, Key out[KEYDEC_OUT_MAX])
{
    return d->npend ? decode(d, NULL, 0, 1, out) : 0;
}

const char *keys_label(Key k, char *buf, size_t n)
{
    /* the names printed on the keys of the user's keyboard: « Entrée »,
     * « Échap », « Suppr » on a French one */
    static const struct { Key k; const char *msgkey, *msgid; } names[] = {
        { K_ENTER, NC_("key", "Enter") }, { K_ESC, NC_("key", "Esc") }, { K_TAB, NC_("key", "Tab") },
        { K_BTAB, NC_("key", "S-Tab") }, { K_BACKSPACE, NC_("key", "Bksp") }, { K_UP, NC_("key", "Up") },
        { K_DOWN, NC_("key", "Down") }, { K_LEFT, NC_("key", "Left") }, { K_RIGHT, NC_("key", "Right") },
        { K_HOME, NC_("key", "Home") }, { K_END, NC_("key", "End") }, { K_PGUP, NC_("key", "PgUp") },
        { K_PGDN, NC_("key", "PgDn") }, { K_DEL, NC_("key", "Del") }, { ' ', NC_("key", "Space") },
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].k == k) { snprintf(buf, n, "%s", i18n_ctx(names[i].msgkey, names[i].msgid)); return buf; }
    if (k & K_FN) {
        int c = k & ~K_FN;
        if (c >= KEY_F(1) && c <= KEY_F(63)) snprintf(buf, n, "F%d", c - KEY_F0);
        else snprintf(buf, n, "#%d", c);
    } else if (k > 0 && k < 0x20) {
        snprintf(buf, n, "^%c", k + '@');
    } else {
        mbstate_t st;
        char mb[8];
        memset(&st, 0, sizeof st);
        size_t m = wcrtomb(mb, (wchar_t)k, &st);
        if (m == (size_t)-1) m = 0;
        mb[m] = '\0';
        snprintf(buf, n, "%s", mb);
    }
    return buf;
}

int64_t keys_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The terminal reader's one Burst and decoder: keys arrive from one
 * terminal. */
static Burst reader;
static KeyDecoder decoder;
static int64_t decoder_ms;      /* when the decoder last got a byte */
static int reader_ready;

static void feed_all(const Key *k, int n, int64_t now)
{
    for (int i = 0; i < n; i++) burst_feed(&reader, k[i], now);
}

int keys_read(KeyEvent *ev, int timeout_ms)
{
    if (!reader_ready) { burst_init(&reader); keydec_init(&decoder); reader_ready = 1; }
    int64_t deadline = timeout_ms < 0 ? -1 : keys_now_ms() + timeout_ms;
    for (;;) {
        if (burst_next(&reader, ev)) return 1;
        int64_t now = keys_now_ms();
        int wait = burst_wait_ms(&reader, now);
        /* the bytes of one character come in one write: a pause means the
         * rest will not come */
        if (keydec_pending(&decoder) && (wait < 0 || wait > KEYS_SCAN_GAP_MS)) wait = KEYS_SCAN_GAP_MS;
        if (deadline >= 0) {
            int left = deadline > now ? (int)(deadline - now) : 0;
            if (wait < 0 || left < wait) wait = left;
        }
        wtimeout(stdscr, wait);
        /* Bytes, decoded here: wget_wch() loses the input after a byte that
         * is not valid text (see keys.h). */
        int r = wgetch(stdscr);
        Key out[KEYDEC_OUT_MAX];
        now = keys_now_ms();
        if (r == ERR) {
            if (keydec_pending(&decoder) && now - decoder_ms >= KEYS_SCAN_GAP_MS)
                feed_all(out, keydec_flush(&decoder, out), now);
            burst_idle(&reader, now);
            if (burst_next(&reader, ev)) return 1;
            if (reader.nheld == 0 && !keydec_pending(&decoder)) return 0; /* timeout, or a signal */
            continue;
        }
        if (r >= KEY_MIN) {          /* a function key: no character is coming */
            feed_all(out, keydec_flush(&decoder, out), now);
            burst_feed(&reader, K_CODE(r), now);
        } else {
            decoder_ms = now;
            feed_all(out, keydec_byte(&decoder, r, out), now);
        }
    }
}
