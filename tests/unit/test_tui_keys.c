/*
 * test_tui_keys.c — scanner burst classification (tui/keys.c), fed with
 * (key, time) pairs as the terminal would, and key names.
 */
#include "tests/unit/t.h"
#include "tui/keys.h"
#include <locale.h>

/* Feeds s one character every gap ms from *t, draining into out. */
static int feed(Burst *b, const char *s, int gap, int64_t *t, KeyEvent *out, int max)
{
    int n = 0;
    for (; *s; s++) {
        burst_feed(b, (unsigned char)*s, *t);
        *t += gap;
        while (n < max && burst_next(b, &out[n])) n++;
    }
    return n;
}

static int drain(Burst *b, KeyEvent *out, int max)
{
    int n = 0;
    while (n < max && burst_next(b, &out[n])) n++;
    return n;
}

static KeyEvent ev[300];

TEST(scan_fast_run_ending_in_cr_is_one_scan)
{
    Burst b; burst_init(&b);
    int64_t t = 1000;
    int n = feed(&b, "ABC123\r", 3, &t, ev, 300);
    CHECK_INT(n, 1);
    CHECK_INT(ev[0].kind, KEV_SCAN);
    CHECK_STR(ev[0].text, "ABC123");
}

TEST(scan_may_contain_quit_and_search_keys)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "q/x1?\n", 2, &t, ev, 300);
    CHECK_INT(n, 1);
    CHECK_INT(ev[0].kind, KEV_SCAN);
    CHECK_STR(ev[0].text, "q/x1?");
}

TEST(human_typing_stays_keys)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "abcd\r", 90, &t, ev, 300);
    burst_idle(&b, t + 100);
    n += drain(&b, ev + n, 300 - n);
    CHECK_INT(n, 5);
    for (int i = 0; i < 4; i++) { CHECK_INT(ev[i].kind, KEV_KEY); CHECK_INT(ev[i].key, "abcd"[i]); }
    CHECK_INT(ev[4].key, K_ENTER);
}

TEST(short_fast_run_is_replayed_in_order)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "ok\r", 2, &t, ev, 300);
    CHECK_INT(n, 3);
    CHECK_INT(ev[0].key, 'o');
    CHECK_INT(ev[1].key, 'k');
    CHECK_INT(ev[2].key, K_ENTER);
    CHECK_INT(ev[2].kind, KEV_KEY);
}

TEST(crlf_gives_one_scan_and_no_extra_enter)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "SN-0001\r\n", 2, &t, ev, 300);
    burst_idle(&b, t + 100);
    n += drain(&b, ev + n, 300 - n);
    CHECK_INT(n, 1);
    CHECK_STR(ev[0].text, "SN-0001");
}

TEST(lf_long_after_a_cr_scan_is_a_key)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "SN-0001\r", 2, &t, ev, 300);
    burst_feed(&b, '\n', t + 500);
    n += drain(&b, ev + n, 300 - n);
    CHECK_INT(n, 2);
    CHECK_INT(ev[1].kind, KEV_KEY);
    CHECK_INT(ev[1].key, K_ENTER);
}

TEST(tab_ends_a_scan)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "GRE1-000123\t", 1, &t, ev, 300);
    CHECK_INT(n, 1);
    CHECK_INT(ev[0].kind, KEV_SCAN);
    CHECK_STR(ev[0].text, "GRE1-000123");
}

TEST(fast_run_without_terminator_is_replayed_after_gap)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "hello", 1, &t, ev, 300);
    CHECK_INT(n, 0);
    CHECK_INT(burst_wait_ms(&b, t), KEYS_SCAN_GAP_MS - 1);
    burst_idle(&b, t + 5);                 /* too early: still held */
    CHECK_INT(drain(&b, ev, 300), 0);
    burst_idle(&b, t + KEYS_SCAN_GAP_MS);
    n = drain(&b, ev, 300);
    CHECK_INT(n, 5);
    CHECK_INT(ev[4].key, 'o');
    CHECK_INT(burst_wait_ms(&b, t + 100), -1);
}

TEST(slow_gap_splits_keys_from_a_later_scan)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "AB", 2, &t, ev, 300);
    t += 60;
    n += feed(&b, "CDEF\r", 2, &t, ev + n, 300 - n);
    CHECK_INT(n, 3);
    CHECK_INT(ev[0].key, 'A');
    CHECK_INT(ev[1].key, 'B');
    CHECK_INT(ev[2].kind, KEV_SCAN);
    CHECK_STR(ev[2].text, "CDEF");
}

TEST(function_key_inside_a_burst_replays_it)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = feed(&b, "abcde", 1, &t, ev, 300);
    burst_feed(&b, K_UP, t);
    n += drain(&b, ev + n, 300 - n);
    CHECK_INT(n, 6);
    CHECK_INT(ev[0].key, 'a');
    CHECK_INT(ev[5].key, K_UP);
}

TEST(non_printable_key_alone_passes_at_once)
{
    Burst b; burst_init(&b);
    burst_feed(&b, K_ESC, 0);
    CHECK_INT(drain(&b, ev, 300), 1);
    CHECK_INT(ev[0].key, K_ESC);
    burst_feed(&b, 0x7f, 10);
    CHECK_INT(drain(&b, ev, 300), 1);
    CHECK_INT(ev[0].key, K_BACKSPACE);
}

TEST(utf8_scan_text)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    Key ks[] = { 0xC9, 'C', 'O', '-', '4', '2', '\r' };
    int n = 0;
    for (size_t i = 0; i < sizeof ks / sizeof ks[0]; i++) {
        burst_feed(&b, ks[i], t += 2);
        n += drain(&b, ev + n, 300 - n);
    }
    CHECK_INT(n, 1);
    CHECK_STR(ev[0].text, "\xc3\x89" "CO-42");
}

TEST(overlong_burst_is_replayed_not_truncated)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    int n = 0;
    for (int i = 0; i < KEYS_SCAN_MAX + 10; i++) {
        burst_feed(&b, 'x', t++);
        n += drain(&b, ev + n, 300 - n);
    }
    burst_idle(&b, t + 100);
    n += drain(&b, ev + n, 300 - n);
    CHECK_INT(n, KEYS_SCAN_MAX + 10);
    CHECK_INT(ev[0].kind, KEV_KEY);
}

/* Bytes through the decoder, one at a time, as keys_read() feeds them;
 * flush at the end as a pause would. */
static int decode_bytes(const unsigned char *bytes, int n, Key *out)
{
    KeyDecoder d;
    keydec_init(&d);
    int k = 0;
    for (int i = 0; i < n; i++) k += keydec_byte(&d, bytes[i], out + k);
    return k + keydec_flush(&d, out + k);
}

TEST(decoder_latin1_byte_is_bad_and_the_rest_is_kept)
{
    /* a USB scanner sending Latin-1 "QéRST" to a UTF-8 terminal */
    static const unsigned char in[] = { 0x51, 0xe9, 0x52, 0x53, 0x54 };
    Key out[32];
    int n = decode_bytes(in, 5, out);
    CHECK_INT(n, 5);
    CHECK_INT(out[0], 'Q');
    CHECK_INT(out[1], K_BADBYTE(0xe9));
    CHECK(K_IS_BADBYTE(out[1]));
    CHECK_INT(out[2], 'R');
    CHECK_INT(out[3], 'S');
    CHECK_INT(out[4], 'T');
}

TEST(decoder_utf8_characters_and_cut_sequences)
{
    static const unsigned char ok[] = { 0xc3, 0xa9, 0xe2, 0x82, 0xac, 'a' };   /* é € a */
    Key out[32];
    CHECK_INT(decode_bytes(ok, 6, out), 3);
    CHECK_INT(out[0], 0xe9);
    CHECK_INT(out[1], 0x20ac);
    CHECK_INT(out[2], 'a');
    /* a 4-byte lead, one continuation, then a letter: two bad bytes, the letter */
    static const unsigned char cut[] = { 0xf0, 0x9f, 'A' };
    CHECK_INT(decode_bytes(cut, 3, out), 3);
    CHECK_INT(out[0], K_BADBYTE(0xf0));
    CHECK_INT(out[1], K_BADBYTE(0x9f));
    CHECK_INT(out[2], 'A');
    /* a lone continuation byte, a NUL (dropped) */
    static const unsigned char lone[] = { 0x80, 0x00, 'z' };
    CHECK_INT(decode_bytes(lone, 3, out), 2);
    CHECK_INT(out[0], K_BADBYTE(0x80));
    CHECK_INT(out[1], 'z');
}

TEST(decoder_waits_for_the_rest_then_a_pause_makes_it_bad)
{
    KeyDecoder d;
    Key out[KEYDEC_OUT_MAX];
    keydec_init(&d);
    CHECK_INT(keydec_byte(&d, 0xc3, out), 0);
    CHECK(keydec_pending(&d));
    CHECK_INT(keydec_byte(&d, 0xa9, out), 1);
    CHECK_INT(out[0], 0xe9);
    CHECK(!keydec_pending(&d));
    CHECK_INT(keydec_byte(&d, 0xe9, out), 0);     /* Latin-1 é at the very end */
    CHECK_INT(keydec_flush(&d, out), 1);
    CHECK_INT(out[0], K_BADBYTE(0xe9));
    CHECK(!keydec_pending(&d));
}

/* Feeds keys 2 ms apart, as a scanner sends them. */
static int feed_keys(Burst *b, const Key *k, int n, int64_t *t, KeyEvent *out, int max)
{
    int got = 0;
    for (int i = 0; i < n; i++) {
        burst_feed(b, k[i], *t);
        *t += 2;
        while (got < max && burst_next(b, &out[got])) got++;
    }
    return got;
}

TEST(burst_with_a_bad_byte_types_the_rest_then_says_so)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    Key ks[] = { 'Q', K_BADBYTE(0xe9), 'R', 'S', 'T' };
    int n = feed_keys(&b, ks, 5, &t, ev, 300);
    burst_idle(&b, t + KEYS_SCAN_GAP_MS);
    n += drain(&b, ev + n, 300 - n);
    CHECK_INT(n, 5);
    for (int i = 0; i < 4; i++) { CHECK_INT(ev[i].kind, KEV_KEY); CHECK_INT(ev[i].key, "QRST"[i]); }
    CHECK_INT(ev[4].key, K_BADBYTE(0xe9));   /* last: its message stays */
}

TEST(burst_with_a_bad_byte_is_no_scan_and_its_enter_is_dropped)
{
    Burst b; burst_init(&b);
    int64_t t = 0;
    Key ks[] = { 'S', 'N', K_BADBYTE(0xe9), '4', '2', '\r', '\n' };
    int n = feed_keys(&b, ks, 7, &t, ev, 300);
    burst_idle(&b, t + 100);
    n += drain(&b, ev + n, 300 - n);
    CHECK_INT(n, 5);
    for (int i = 0; i < 4; i++) { CHECK_INT(ev[i].kind, KEV_KEY); CHECK_INT(ev[i].key, "SN42"[i]); }
    CHECK_INT(ev[4].key, K_BADBYTE(0xe9));
    /* the next scan is a scan again */
    n = feed(&b, "GRE1-000123\r", 1, &t, ev, 300);
    CHECK_INT(n, 1);
    CHECK_INT(ev[0].kind, KEV_SCAN);
    CHECK_STR(ev[0].text, "GRE1-000123");
}

TEST(bad_byte_typed_alone_passes_after_the_gap)
{
    Burst b; burst_init(&b);
    burst_feed(&b, K_BADBYTE(0xff), 0);
    CHECK_INT(drain(&b, ev, 300), 0);
    CHECK_INT(burst_wait_ms(&b, 0), KEYS_SCAN_GAP_MS);
    burst_idle(&b, KEYS_SCAN_GAP_MS);
    CHECK_INT(drain(&b, ev, 300), 1);
    CHECK_INT(ev[0].key, K_BADBYTE(0xff));
}

TEST(key_normalize)
{
    CHECK_INT(keys_normalize('\r'), K_ENTER);
    CHECK_INT(keys_normalize(K_CODE(KEY_ENTER)), K_ENTER);
    CHECK_INT(keys_normalize(8), K_BACKSPACE);
    CHECK_INT(keys_normalize('a'), 'a');
}

TEST(key_labels)
{
    char b[16];
    CHECK_STR(keys_label(K_F(1), b, sizeof b), "F1");
    CHECK_STR(keys_label(K_F(10), b, sizeof b), "F10");
    CHECK_STR(keys_label(K_ESC, b, sizeof b), "Esc");
    CHECK_STR(keys_label(K_ENTER, b, sizeof b), "Enter");
    CHECK_STR(keys_label(K_CTRL('n'), b, sizeof b), "^N");
    CHECK_STR(keys_label('/', b, sizeof b), "/");
    CHECK_STR(keys_label(K_PGDN, b, sizeof b), "PgDn");
    CHECK_STR(keys_label(0xE9, b, sizeof b), "\xc3\xa9");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(scan_fast_run_ending_in_cr_is_one_scan);
    RUN(scan_may_contain_quit_and_search_keys);
    RUN(human_typing_stays_keys);
    RUN(short_fast_run_is_replayed_in_order);
    RUN(crlf_gives_one_scan_and_no_extra_enter);
    RUN(lf_long_after_a_cr_scan_is_a_key);
    RUN(tab_ends_a_scan);
    RUN(fast_run_without_terminator_is_replayed_after_gap);
    RUN(slow_gap_splits_keys_from_a_later_scan);
    RUN(function_key_inside_a_burst_replays_it);
    RUN(non_printable_key_alone_passes_at_once);
    RUN(utf8_scan_text);
    RUN(overlong_burst_is_replayed_not_truncated);
    RUN(decoder_latin1_byte_is_bad_and_the_rest_is_kept);
    RUN(decoder_utf8_characters_and_cut_sequences);
    RUN(decoder_waits_for_the_rest_then_a_pause_makes_it_bad);
    RUN(burst_with_a_bad_byte_types_the_rest_then_says_so);
    RUN(burst_with_a_bad_byte_is_no_scan_and_its_enter_is_dropped);
    RUN(bad_byte_typed_alone_passes_after_the_gap);
    RUN(key_normalize);
    RUN(key_labels);
    return t_done();
}
