/*
 * keys.c — key normalisation, key names, scanner burst classification and
 * the terminal reader that feeds it. See keys.h for the rules.
 *
 * Invariant: held keys are all printable and were each received less than
 * KEYS_SCAN_GAP_MS after the previous one; the queue holds at most one scan
 * (its text in b->scan, its slot in the queue is K_NONE).
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

/* Replays held keys as ordinary keys. */
static void replay(Burst *b)
{
    for (int i = 0; i < b->nheld; i++) enqueue(b, b->held[i]);
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
    if (keys_printable(k) && b->nheld < KEYS_SCAN_MAX) {
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

/* The terminal reader's one Burst: keys arrive from one terminal. */
static Burst reader;
static int reader_ready;

int keys_read(KeyEvent *ev, int timeout_ms)
{
    if (!reader_ready) { burst_init(&reader); reader_ready = 1; }
    int64_t deadline = timeout_ms < 0 ? -1 : keys_now_ms() + timeout_ms;
    for (;;) {
        if (burst_next(&reader, ev)) return 1;
        int64_t now = keys_now_ms();
        int wait = burst_wait_ms(&reader, now);
        if (deadline >= 0) {
            int left = deadline > now ? (int)(deadline - now) : 0;
            if (wait < 0 || left < wait) wait = left;
        }
        wtimeout(stdscr, wait);
        wint_t wc;
        int r = wget_wch(stdscr, &wc);
        now = keys_now_ms();
        if (r == ERR) {
            burst_idle(&reader, now);
            if (burst_next(&reader, ev)) return 1;
            if (reader.nheld == 0) return 0; /* timeout, or a signal */
            continue;
        }
        burst_feed(&reader, r == KEY_CODE_YES ? K_CODE((int)wc) : (Key)wc, now);
    }
}
