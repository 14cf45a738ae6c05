/*
 * fuzz_nwipe.c — fuzz target of the nwipe log parser (core/wipe/nwipe.c),
 * which reads what a wiping station wrote: a log copied from a USB stick,
 * possibly truncated, binary or not an nwipe log at all.
 *
 * The program reads a log with nwipe_parse_file() → nwipe_parse_stream();
 * the target feeds the input to the stream parser through that path and to
 * the buffer parser (nwipe_parse), and checks on any input:
 * - no read or write outside the input or the records (ASan), no undefined
 *   behaviour (UBSan), no leak;
 * - both parsers give the same drives, field by field;
 * - the invariants of nwipe.h: text fields terminated and valid UTF-8
 *   without control characters, keys 32 hex digits, known statuses, a drive
 *   counted as erased only with status Erased.
 *
 *   make fuzz && build-fuzz/fuzz_nwipe -dict=tests/fuzz/nwipe.dict tests/fuzz/corpus/nwipe
 */
#include "core/wipe/nwipe.h"
#include "util/utf8.h"
#include "tests/fuzz/fuzz_util.h"
#include <ctype.h>
#include <math.h>

#define REQUIRE(c) FUZZ_REQUIRE("nwipe", c)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_double(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0 || a == b;
}

#define TEXT_OK(f) (FUZZ_TERMINATED(f) && utf8_clean((f), strlen(f)))

static void check_drive(const NwipeDrive *d, const NwipeDrive *o)
{
    REQUIRE(FUZZ_TERMINATED(d->key) && strlen(d->key) == NWIPE_KEY_HEX);
    for (const char *k = d->key; *k; k++) REQUIRE(isxdigit((unsigned char)*k));
    REQUIRE(TEXT_OK(d->device) && TEXT_OK(d->bus) && TEXT_OK(d->model) && TEXT_OK(d->serial));
    REQUIRE(TEXT_OK(d->size_text) && TEXT_OK(d->method) && TEXT_OK(d->prng) && TEXT_OK(d->verify));
    REQUIRE(FUZZ_TERMINATED(d->start) && FUZZ_TERMINATED(d->end) && FUZZ_TERMINATED(d->duration));
    REQUIRE(FUZZ_TERMINATED(d->throughput) && FUZZ_TERMINATED(d->version));
    REQUIRE(d->status >= NWIPE_INCOMPLETE && d->status <= NWIPE_INSANITY);
    REQUIRE(nwipe_status_key(d->status) != NULL);
    if (nwipe_drive_erased(d)) REQUIRE(d->status == NWIPE_ERASED);
    /* the stream parser and the buffer parser agree */
    REQUIRE(strcmp(d->key, o->key) == 0 && strcmp(d->device, o->device) == 0);
    REQUIRE(strcmp(d->bus, o->bus) == 0 && strcmp(d->model, o->model) == 0);
    REQUIRE(strcmp(d->serial, o->serial) == 0 && d->serial_anonymised == o->serial_anonymised);
    REQUIRE(strcmp(d->size_text, o->size_text) == 0 && d->bytes == o->bytes && d->status == o->status);
    REQUIRE(strcmp(d->method, o->method) == 0 && strcmp(d->prng, o->prng) == 0 && d->rounds == o->rounds);
    REQUIRE(d->blanking == o->blanking && strcmp(d->verify, o->verify) == 0);
    REQUIRE(d->pass_errors == o->pass_errors && d->verify_errors == o->verify_errors);
    REQUIRE(d->fsync_errors == o->fsync_errors);
    REQUIRE(strcmp(d->start, o->start) == 0 && strcmp(d->end, o->end) == 0);
    REQUIRE(strcmp(d->duration, o->duration) == 0 && strcmp(d->throughput, o->throughput) == 0);
    REQUIRE(strcmp(d->version, o->version) == 0 && d->has_erasure_summary == o->has_erasure_summary);
    REQUIRE(d->bytes_erased == o->bytes_erased && d->bytes_total == o->bytes_total);
    REQUIRE(same_double(d->percent_erased, o->percent_erased) && d->run == o->run);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (fuzz_file(data, size, path, sizeof path) < 0) return 0;
    /* the buffer parser reads exactly size bytes: ASan sees any overread */
    char *buf = malloc(size ? size : 1);
    if (!buf) return 0;
    if (size) memcpy(buf, data, size);
    NwipeLog a, b;
    Err e = { 0 };
    int ra = nwipe_parse(buf, size, &a, &e);
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL);
    int rb = nwipe_parse_stream(f, &b, &e);
    fclose(f);
    REQUIRE(ra == 0 && rb == 0);
    REQUIRE(a.n == b.n && a.runs == b.runs && a.lines == b.lines);
    REQUIRE(a.n <= a.cap);
    for (size_t i = 0; i < a.n; i++) {
        check_drive(&a.drives[i], &b.drives[i]);
        REQUIRE(a.drives[i].run >= 0 && a.drives[i].run < a.runs);
    }
    /* what the program calls: a file with no drive is an error, not a crash */
    NwipeLog c;
    int rc = nwipe_parse_file(path, &c, &e);
    REQUIRE(rc == (a.n ? 0 : -1));
    if (rc == 0) REQUIRE(c.n == a.n);
    nwipe_log_free(&c);
    nwipe_log_free(&a);
    nwipe_log_free(&b);
    free(buf);
    return 0;
}
