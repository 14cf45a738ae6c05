/* test_nwipe.c — the nwipe log parser on real logs and on hostile input. */
#include "tests/unit/t.h"
#include "core/wipe/nwipe.h"
#include <stdint.h>
#include <time.h>
#include <unistd.h>

static char *slurp(const char *name, size_t *len)
{
    char path[1024];
    const char *dir = getenv("BOUCLE_FIXTURES");
    snprintf(path, sizeof path, "%s/nwipe/%s", dir ? dir : "../shared/fixtures", name);
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

static const char *ZERO = "nwipe-zero-verify-last.log";
static const char *PRNG = "nwipe-prng-2rounds-verify-all.log";
static const char *FAILS = "nwipe-verify-zero-fails.log";

/* Escaped serials must be valid printable UTF-8: no control byte, no high
 * byte outside a valid sequence (checked with the escaper itself: escaping
 * an escaped text changes nothing but backslashes). */
static int clean_text(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f) return 0;
    char again[1024];
    nwipe_escape(s, strlen(s), again, sizeof again);
    /* only backslashes may differ: count them */
    size_t bs = 0;
    for (const char *p = s; *p; p++) bs += *p == '\\';
    return strlen(again) == strlen(s) + bs;
}

TEST(fixture_zero_verify_last)
{
    size_t len;
    char *b = slurp(ZERO, &len);
    if (!b) SKIP("fixture %s not found (BOUCLE_FIXTURES)", ZERO);
    NwipeLog l;
    Err e = {0};
    CHECK(nwipe_parse(b, len, &l, &e) == 0);
    free(b);
    CHECK_INT(l.n, 1);
    CHECK_INT(l.runs, 1);
    NwipeDrive *d = &l.drives[0];
    CHECK_STR(d->device, "/dev/loop0");
    CHECK_STR(d->bus, "VIRT");
    CHECK_STR(d->model, "Loopback device");
    CHECK_STR(d->size_text, "16 MB");
    /* raw bytes: 90 c3 7e 20 7f */
    CHECK_STR(d->serial, "\\x90\\xc3~ \\x7f");
    CHECK(!d->serial_anonymised);
    CHECK_INT(d->bytes, 16777216);
    CHECK_INT(d->status, NWIPE_ERASED);
    CHECK_STR(d->method, "Fill With Zeros");
    CHECK_STR(d->prng, "Isaac64");
    CHECK_INT(d->rounds, 1);
    CHECK_INT(d->blanking, 1);
    CHECK_STR(d->verify, "VL");
    CHECK_INT(d->pass_errors, 0);
    CHECK_INT(d->verify_errors, 0);
    CHECK_INT(d->fsync_errors, 0);
    CHECK_STR(d->start, "2026-11-22T10:25:38");
    CHECK_STR(d->end, "2026-11-22T10:25:40");
    CHECK_STR(d->duration, "00:00:00");
    CHECK_STR(d->version, "0.33");
    CHECK(!d->has_erasure_summary);
    CHECK_INT(strlen(d->key), NWIPE_KEY_HEX);
    CHECK(nwipe_drive_erased(d));
    CHECK_STR(nwipe_status_key(d->status), "erased");
    nwipe_log_free(&l);
}

TEST(fixture_prng_two_rounds_verify_all)
{
    NwipeLog l;
    Err e = {0};
    char path[1024];
    const char *dir = getenv("BOUCLE_FIXTURES");
    if (!dir) SKIP("BOUCLE_FIXTURES is not set");
    snprintf(path, sizeof path, "%s/nwipe/%s", dir, PRNG);
    CHECK(nwipe_parse_file(path, &l, &e) == 0);
    CHECK_INT(l.n, 1);
    NwipeDrive *d = &l.drives[0];
    CHECK_STR(d->method, "PRNG Stream");
    CHECK_INT(d->rounds, 2);
    CHECK_STR(d->verify, "VA");
    CHECK_INT(d->blanking, 1);
    CHECK(clean_text(d->serial));
    CHECK_CONTAINS(d->serial, "\\x");
    CHECK(nwipe_drive_erased(d));
    nwipe_log_free(&l);
}

TEST(fixture_failed_verification_is_not_erased)
{
    size_t len;
    char *b = slurp(FAILS, &len);
    if (!b) SKIP("fixture %s not found (BOUCLE_FIXTURES)", FAILS);
    NwipeLog l;
    CHECK(nwipe_parse(b, len, &l, NULL) == 0);
    free(b);
    CHECK_INT(l.n, 1);
    NwipeDrive *d = &l.drives[0];
    CHECK_INT(d->status, NWIPE_FAILED);
    CHECK_STR(d->method, "Verify Zeros (0x00)");
    CHECK_INT(d->pass_errors, 1);
    CHECK_INT(d->verify_errors, 32768);
    CHECK_INT(d->fsync_errors, 0);
    CHECK(!nwipe_drive_erased(d));
    CHECK_STR(nwipe_status_key(d->status), "failed");
    nwipe_log_free(&l);
}

/* Every prefix of every fixture: never a crash, never "erased" before the
 * run's closing line, and complete only at full length. */
TEST(truncated_prefixes)
{
    const char *names[] = { ZERO, PRNG, FAILS };
    for (int k = 0; k < 3; k++) {
        size_t len;
        char *b = slurp(names[k], &len);
        if (!b) SKIP("fixture %s not found (BOUCLE_FIXTURES)", names[k]);
        const char *tot = strstr(b, "Total Throughput");
        CHECK(tot);
        size_t closing = (size_t)(tot - b);
        for (size_t cut = 0; cut <= len; cut += 7) {
            NwipeLog l;
            CHECK(nwipe_parse(b, cut, &l, NULL) == 0);
            for (size_t i = 0; i < l.n; i++)
                CHECK_MSG(!nwipe_drive_erased(&l.drives[i]) || cut > closing,
                          "%s cut at %zu counts as erased", names[k], cut);
            if (cut < closing && l.n) CHECK_MSG(l.drives[0].status == NWIPE_INCOMPLETE ||
                                                strstr(b, "Drive Status") < b + cut,
                                                "status before its table at %zu", cut);
            nwipe_log_free(&l);
        }
        free(b);
    }
}

TEST(truncated_before_status_is_incomplete)
{
    size_t len;
    char *b = slurp(ZERO, &len);
    if (!b) SKIP("fixture %s not found (BOUCLE_FIXTURES)", ZERO);
    size_t cut = (size_t)(strstr(b, "*** Drive Status") - b);
    NwipeLog l;
    CHECK(nwipe_parse(b, cut, &l, NULL) == 0);
    CHECK_INT(l.n, 1);
    CHECK_INT(l.drives[0].status, NWIPE_INCOMPLETE);
    CHECK_STR(l.drives[0].end, "");
    CHECK(!nwipe_drive_erased(&l.drives[0]));
    CHECK_STR(nwipe_status_key(l.drives[0].status), "incomplete");
    CHECK_INT(l.drives[0].pass_errors, 0);   /* the error table was read */
    nwipe_log_free(&l);
    free(b);
}

/* Two logs appended: two runs, the same keys as when read alone. */
TEST(concatenated_logs)
{
    size_t l1, l2;
    char *a = slurp(ZERO, &l1), *b = slurp(FAILS, &l2);
    if (!a || !b) SKIP("fixtures not found (BOUCLE_FIXTURES)");
    char *both = malloc(l1 + l2);
    memcpy(both, a, l1);
    memcpy(both + l1, b, l2);
    NwipeLog la, lb, lab;
    CHECK(nwipe_parse(a, l1, &la, NULL) == 0);
    CHECK(nwipe_parse(b, l2, &lb, NULL) == 0);
    CHECK(nwipe_parse(both, l1 + l2, &lab, NULL) == 0);
    CHECK_INT(lab.n, 2);
    CHECK_INT(lab.runs, 2);
    CHECK_STR(lab.drives[0].key, la.drives[0].key);
    CHECK_STR(lab.drives[1].key, lb.drives[0].key);
    CHECK(strcmp(la.drives[0].key, lb.drives[0].key) != 0);
    CHECK_INT(lab.drives[0].status, NWIPE_ERASED);
    CHECK_INT(lab.drives[1].status, NWIPE_FAILED);
    CHECK_STR(lab.drives[1].method, "Verify Zeros (0x00)");
    CHECK_INT(lab.drives[1].run, 1);
    /* a truncated log followed by a complete one: the first stays incomplete */
    size_t cut = (size_t)(strstr(a, "Error Summary") - a);
    memcpy(both, a, cut);
    memcpy(both + cut, b, l2);
    nwipe_log_free(&lab);
    CHECK(nwipe_parse(both, cut + l2, &lab, NULL) == 0);
    CHECK_INT(lab.n, 2);
    CHECK_INT(lab.drives[0].status, NWIPE_INCOMPLETE);
    CHECK_INT(lab.drives[1].status, NWIPE_FAILED);
    nwipe_log_free(&la); nwipe_log_free(&lb); nwipe_log_free(&lab);
    free(a); free(b); free(both);
}

TEST(empty_and_binary_input)
{
    NwipeLog l;
    Err e = {0};
    CHECK(nwipe_parse("", 0, &l, &e) == 0);
    CHECK_INT(l.n, 0);
    nwipe_log_free(&l);
    /* random bytes, some lines, NULs, no newline at all for 200 KB */
    size_t n = 1 << 20;
    char *r = malloc(n);
    uint32_t x = 12345;
    for (size_t i = 0; i < n; i++) { x = x * 1103515245u + 12345u; r[i] = (char)(x >> 16); }
    CHECK(nwipe_parse(r, n, &l, &e) == 0);
    CHECK_INT(l.n, 0);
    nwipe_log_free(&l);
    memset(r, 'A', 200000);
    CHECK(nwipe_parse(r, 200000, &l, &e) == 0);
    CHECK_INT(l.n, 0);
    nwipe_log_free(&l);
    free(r);
    /* a file with no drive is refused with its name */
    char path[] = "/tmp/boucle-nwipe-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("hello\n\x01\x02\xff\n", f);
    fclose(f);
    CHECK(nwipe_parse_file(path, &l, &e) == -1);
    CHECK_INT(e.code, ERR_INPUT);
    CHECK_CONTAINS(e.msg, path);
    unlink(path);
    CHECK(nwipe_parse_file("/nonexistent/x.log", &l, &e) == -1);
    CHECK_INT(e.code, ERR_IO);
}

/* A log whose middle holds 50 MB of progress lines, read from a file. */
TEST(huge_log_streams)
{
    size_t len;
    char *b = slurp(ZERO, &len);
    if (!b) SKIP("fixture %s not found (BOUCLE_FIXTURES)", ZERO);
    char path[] = "/tmp/boucle-nwipe-huge-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fdopen(fd, "w");
    const char *mid = strstr(b, "[2026/11/22 10:25:38]  notice: Blanking");
    fwrite(b, 1, (size_t)(mid - b), f);
    const char *filler = "[2026/11/22 10:25:38]  notice: 16777216 bytes written to /dev/loop0, still going strong\n";
    size_t fl = strlen(filler), total = 0;
    while (total < 50u * 1024 * 1024) { fwrite(filler, 1, fl, f); total += fl; }
    fputs(mid, f);
    fclose(f);
    NwipeLog l;
    Err e = {0};
    clock_t t0 = clock();
    CHECK(nwipe_parse_file(path, &l, &e) == 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    unlink(path);
    free(b);
    CHECK_INT(l.n, 1);
    CHECK(nwipe_drive_erased(&l.drives[0]));
    CHECK(l.lines > 500000);
    CHECK_MSG(secs < 30, "50 MB took %.1f s", secs);
    nwipe_log_free(&l);
}

/* nwipe -q: serials replaced by XXXXXX. */
TEST(anonymised_serials)
{
    const char *log =
        "[2026/01/02 03:04:05]  notice: Found /dev/sda, ATA, WDC WD5000AAKX,  500 GB, S/N=XXXXXXXXXXXX\n"
        "[2026/01/02 03:04:05]  notice:   banner   = nwipe 0.34\n"
        "[2026/01/02 03:04:06]  notice: Invoking method 'DoD Short' on /dev/sda\n"
        "******************************** Error Summary *********************************\n"
        "!   Device | Pass Errors | Verifications Errors | Fdatasync I\\O Errors\n"
        "       sda |           0 |                    0 |                    0\n"
        "********************************************************************************\n"
        "********************************* Drive Status *********************************\n"
        "!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number\n"
        "       sda | Erased | 120 MB/s | 01:10:00 | WDC WD5000AAKX/XXXXXXXXXXXX\n"
        "[2026/01/02 04:14:06] Total Throughput 120 MB/s, DoD Short, 1R+NB+NV\n";
    NwipeLog l;
    CHECK(nwipe_parse(log, strlen(log), &l, NULL) == 0);
    CHECK_INT(l.n, 1);
    CHECK(l.drives[0].serial_anonymised);
    CHECK_STR(l.drives[0].serial, "XXXXXXXXXXXX");
    CHECK_STR(l.drives[0].version, "0.34");
    CHECK_STR(l.drives[0].start, "2026-01-02T03:04:06");
    CHECK_INT(l.drives[0].blanking, 0);
    CHECK_STR(l.drives[0].verify, "NV");
    CHECK_STR(l.drives[0].method, "DoD Short");
    CHECK_STR(l.drives[0].throughput, "120 MB/s");
    CHECK(nwipe_drive_erased(&l.drives[0]));
    nwipe_log_free(&l);
}

/* Several drives, one aborted, one insane, an Erasure Summary (≥ 0.35). */
TEST(multi_drive_with_erasure_summary)
{
    const char *log =
        "[2026/01/02 03:04:05]  notice: Found /dev/sda, ATA, ST500, Model X,  500 GB, S/N=AAA111\n"
        "[2026/01/02 03:04:05]  notice: Found /dev/sdb, USB, Kingston,  32 GB, S/N=BBB222\n"
        "[2026/01/02 03:04:05]  notice: Found /dev/nvme0n1, NVME, Samsung 970,  1 TB, S/N=CCC333\n"
        "[2026/01/02 03:04:05]  notice:   banner   = nwipe 0.38\n"
        "[2026/01/02 03:04:05]  notice:   rounds   = 3\n"
        "********************************* Drive Status *********************************\n"
        "!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number\n"
        "       sda | Erased | 120 MB/s | 01:10:00 | ST500, Model X/AAA111\n"
        "!      sdb |UABORTED|  20 MB/s | 00:10:00 | Kingston/BBB222\n"
        "   nvme0n1 |INSANITY|   1 GB/s | 00:01:00 | Samsung 970/CCC333\n"
        "******************************* Erasure Summary ********************************\n"
        "!   Device | Bytes Erased | Bytes Total | Percentage Erased\n"
        "       sda | 500107862016 | 500107862016 | 100.00%\n"
        "!      sdb | 1000 | 32000000000 | 0.00%\n"
        "********************************************************************************\n"
        "[2026/01/02 04:14:06] Total Throughput 1 GB/s, Fill With Zeros, 3R+B+VL\n";
    NwipeLog l;
    CHECK(nwipe_parse(log, strlen(log), &l, NULL) == 0);
    CHECK_INT(l.n, 3);
    CHECK_STR(l.drives[0].model, "ST500, Model X");
    CHECK_STR(l.drives[0].size_text, "500 GB");
    CHECK_INT(l.drives[0].status, NWIPE_ERASED);
    CHECK_INT(l.drives[1].status, NWIPE_UABORTED);
    CHECK_INT(l.drives[2].status, NWIPE_INSANITY);
    CHECK(l.drives[0].has_erasure_summary);
    CHECK_INT(l.drives[0].bytes_erased, 500107862016LL);
    CHECK(l.drives[0].percent_erased > 99.99);
    CHECK_INT(l.drives[1].bytes_erased, 1000);
    CHECK_INT(l.drives[0].rounds, 3);
    CHECK_STR(l.drives[0].version, "0.38");
    /* no Error Summary: counts unknown, but Erased still counts */
    CHECK_INT(l.drives[0].pass_errors, -1);
    CHECK(nwipe_drive_erased(&l.drives[0]));
    CHECK(!nwipe_drive_erased(&l.drives[1]));
    CHECK(!nwipe_drive_erased(&l.drives[2]));
    CHECK_STR(nwipe_status_key(l.drives[1].status), "aborted");
    CHECK(strcmp(l.drives[0].key, l.drives[1].key) != 0);
    nwipe_log_free(&l);
}

TEST(escape_rules)
{
    char out[64];
    nwipe_escape("caf\xc3\xa9 \\ \x01\xff", 10, out, sizeof out);
    CHECK_STR(out, "caf\xc3\xa9 \\\\ \\x01\\xff");
    /* overlong and surrogate encodings are escaped byte by byte */
    nwipe_escape("\xc0\xaf\xed\xa0\x80", 5, out, sizeof out);
    CHECK_STR(out, "\\xc0\\xaf\\xed\\xa0\\x80");
    /* cut on a character boundary, never in the middle of an escape */
    nwipe_escape("\xff\xff\xff", 3, out, 7);
    CHECK_STR(out, "\\xff");
}

int main(void)
{
    RUN(fixture_zero_verify_last);
    RUN(fixture_prng_two_rounds_verify_all);
    RUN(fixture_failed_verification_is_not_erased);
    RUN(truncated_prefixes);
    RUN(truncated_before_status_is_incomplete);
    RUN(concatenated_logs);
    RUN(empty_and_binary_input);
    RUN(huge_log_streams);
    RUN(anonymised_serials);
    RUN(multi_drive_with_erasure_summary);
    RUN(escape_rules);
    return t_done();
}
