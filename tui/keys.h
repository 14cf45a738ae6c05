/*
 * keys.h — key codes, key names, and scanner burst detection.
 *
 * A Key is one int: a Unicode code point for a character, or an ncurses
 * KEY_* code with the K_FN bit set (ncurses codes overlap code points above
 * 255, so they need a bit of their own). Enter, CR and keypad Enter all
 * become K_ENTER; DEL and ^H become K_BACKSPACE.
 *
 * A USB barcode scanner "types" a whole code in a few milliseconds and ends
 * it with Enter (or CR, LF, CRLF, Tab). A Burst classifies a stream of
 * (key, time) pairs: printable keys are held back until either
 *   - a terminator arrives with every gap below KEYS_SCAN_GAP_MS and at least
 *     KEYS_SCAN_MIN characters held: one KEV_SCAN event with their text, or
 *   - anything else happens (a slow gap, a short run, a non-printable key):
 *     the held keys are replayed as ordinary KEV_KEY events, in order.
 * The Burst is pure (no terminal, no clock) so it is unit-tested directly;
 * keys_read() feeds it from the terminal.
 *
 * Bytes become characters in a KeyDecoder (ours, not ncurses' wget_wch():
 * that one drops a byte that is not valid text together with every byte
 * that follows it until a pause, so a scanner sending Latin-1 "Qé RST"
 * left only "Q"). A byte that cannot be part of a character in the
 * terminal's encoding becomes K_BADBYTE(byte). In a Burst it is held like a
 * character; when the Burst decides, the characters are replayed as keys
 * and one K_BADBYTE follows them (the screen loop says so on the message
 * line); a burst that held one is never a scan, and the terminator that
 * ends it is dropped, so a code read wrong is never submitted.
 */
#ifndef BOUCLE_TUI_KEYS_H
#define BOUCLE_TUI_KEYS_H
#include <stdint.h>
#include <stddef.h>
#include <curses.h>
#include <limits.h>

typedef int Key;

#define K_FN        0x40000000          /* set on ncurses function-key codes */
#define K_CODE(k)   (K_FN | (k))        /* an ncurses KEY_* code as a Key */
#define K_CTRL(c)   ((c) & 0x1f)
#define K_NONE      0
#define K_TAB       '\t'
#define K_ENTER     '\n'
#define K_ESC       27
#define K_BACKSPACE K_CODE(KEY_BACKSPACE)
#define K_UP        K_CODE(KEY_UP)
#define K_DOWN      K_CODE(KEY_DOWN)
#define K_LEFT      K_CODE(KEY_LEFT)
#define K_RIGHT     K_CODE(KEY_RIGHT)
#define K_HOME      K_CODE(KEY_HOME)
#define K_END       K_CODE(KEY_END)
#define K_PGUP      K_CODE(KEY_PPAGE)
#define K_PGDN      K_CODE(KEY_NPAGE)
#define K_DEL       K_CODE(KEY_DC)
#define K_BTAB      K_CODE(KEY_BTAB)
#define K_RESIZE    K_CODE(KEY_RESIZE)
#define K_F(n)      K_CODE(KEY_F(n))
/* A byte received that is not valid text (see above); ncurses codes stay
 * below 0x1000, so the bit cannot clash with K_CODE(). */
#define K_BADBYTE_BIT 0x10000000
#define K_BADBYTE(b)  (K_FN | K_BADBYTE_BIT | ((b) & 0xff))
#define K_IS_BADBYTE(k) (((k) & (K_FN | K_BADBYTE_BIT)) == (K_FN | K_BADBYTE_BIT))

/* A person's keystrokes are 60 ms or more apart even when typing fast, and a
 * held key repeats every 33 ms or more; scanners send a character every
 * 1–10 ms. 30 ms separates the two and stays below what a person notices as
 * lag on the first key. */
#define KEYS_SCAN_GAP_MS 30
/* Shorter runs (a fast "q" + Enter, a paste of "ok") stay keystrokes. */
#define KEYS_SCAN_MIN 4
/* Longest code a scanner sends in one burst (URLs with an asset id fit). */
#define KEYS_SCAN_MAX 256
/* Bytes of the UTF-8 text of the longest scan, with its NUL. */
#define KEYS_SCAN_TEXT (KEYS_SCAN_MAX * 4 + 1)

typedef enum { KEV_NONE = 0, KEV_KEY, KEV_SCAN } KeyEventKind;

typedef struct KeyEvent {
    KeyEventKind kind;
    Key key;                    /* KEV_KEY: the key, normalised */
    char text[KEYS_SCAN_TEXT];  /* KEV_SCAN: the scanned text, UTF-8 */
} KeyEvent;

typedef struct Burst {
    Key held[KEYS_SCAN_MAX];    /* printable keys awaiting a decision */
    int nheld;
    int64_t last_ms;            /* time of the last held key */
    int swallow_lf;             /* a scan ended in CR: drop an LF right after */
    Key queue[KEYS_SCAN_MAX + 2]; /* decided events: keys, or K_NONE = the scan */
    int qhead, qlen;
    char scan[KEYS_SCAN_TEXT];  /* text of the one scan in the queue */
} Burst;

void burst_init(Burst *b);
/* Feeds one raw key received at time ms. Drain with burst_next() after
 * every feed: at most one scan may wait in the queue. */
void burst_feed(Burst *b, Key k, int64_t ms);
/* Tells the Burst that no key came up to time ms: held keys whose gap has
 * run out are replayed. */
void burst_idle(Burst *b, int64_t ms);
/* Pops the next decided event into ev; returns 1, or 0 when none. */
int burst_next(Burst *b, KeyEvent *ev);
/* How long to wait for the next key before calling burst_idle(): -1 when
 * nothing is held (wait as long as you like). */
int burst_wait_ms(const Burst *b, int64_t now_ms);

/* Bytes to characters, in the locale's encoding (UTF-8 in practice). */
#define KEYDEC_OUT_MAX (MB_LEN_MAX + 1)   /* most keys one call gives */
typedef struct KeyDecoder {
    unsigned char pend[MB_LEN_MAX];  /* bytes of a character not complete yet */
    int npend;
} KeyDecoder;
void keydec_init(KeyDecoder *d);
/* Feeds one byte (0..255). Writes into out the keys it completes: a
 * character, K_BADBYTE(b) for each byte that cannot start or continue one
 * (the bytes after it are read again as the start of a character). NUL
 * bytes give nothing. Returns how many (0..KEYDEC_OUT_MAX). */
int keydec_byte(KeyDecoder *d, int byte, Key out[KEYDEC_OUT_MAX]);
/* The rest of a character will not come (a pause, a function key): its
 * bytes are bad. Same output as keydec_byte(). */
int keydec_flush(KeyDecoder *d, Key out[KEYDEC_OUT_MAX]);
/* Whether a character is half received. */
int keydec_pending(const KeyDecoder *d);

/* Maps CR, keypad Enter, DEL and ^H to K_ENTER / K_BACKSPACE. */
Key keys_normalize(Key k);
/* Writes a short, untranslated name of k ("F1", "Enter", "Esc", "^N", "/",
 * "PgDn"…) into buf and returns buf. */
const char *keys_label(Key k, char *buf, size_t n);
/* Whether k is a printable character (not a function key or control). */
int keys_printable(Key k);

/* Terminal side: reads the next event, waiting at most timeout_ms (-1:
 * forever). Returns 1 with ev filled, 0 on timeout or interrupt. */
int keys_read(KeyEvent *ev, int timeout_ms);
/* Milliseconds of a monotonic clock. */
int64_t keys_now_ms(void);

#endif
