/*
 * fuzz_inv_csv.c — fuzz target of the CSV inventory reader
 * (core/inventory/csv.c, csv_read.c, csv_cols.c), which reads what a
 * donor exported: a GLPI search view, a DeviceHub spreadsheet, boucle's
 * template, in UTF-8 or Windows-1252, possibly cut, edited by hand or not
 * a CSV at all.
 *
 * The program reads a CSV with inv_parse_file() → inv_parse_csv(); the
 * target opens the input as a file through the same path and checks on any
 * input:
 * - no read or write outside the input or the records (ASan), no undefined
 *   behaviour (UBSan), no leak;
 * - 0 or -1; on -1 the message names the file, and is valid UTF-8;
 * - every InvDevice: each text field NUL-terminated and valid UTF-8
 *   without control characters; serial and tag "" or inv_serial_ok, not
 *   both ""; category "" or a category key; disk types media-type keys;
 *   counts and sizes in range; line numbers increase from 2 (the header is
 *   at least line 1) and `where` is "line N";
 * - notes are valid UTF-8 and name a line;
 * - a sink that stops at the second device stops the parser with its error.
 *
 *   make fuzz && build-fuzz/fuzz_inv_csv -dict=tests/fuzz/inv_csv.dict tests/fuzz/corpus/inv_csv
 */
#include "core/inventory/inventory.h"
#include "core/vocab/vocab.h"
#include "util/utf8.h"
#include "tests/fuzz/fuzz_util.h"

#define REQUIRE(c) FUZZ_REQUIRE("inv_csv", c)
#define TEXT_OK(f) (FUZZ_TERMINATED(f) && utf8_clean((f), strlen(f)))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Seen {
    int64_t last_line;
    int devices;
    int stop_at;      /* 0: never */
} Seen;

static int on_device(void *arg, const InvDevice *d, Err *e)
{
    Seen *s = arg;
    REQUIRE(TEXT_OK(d->serial) && TEXT_OK(d->tag) && TEXT_OK(d->make) && TEXT_OK(d->model));
    REQUIRE(TEXT_OK(d->category) && TEXT_OK(d->chassis) && TEXT_OK(d->cpu) && TEXT_OK(d->where));
    REQUIRE(d->serial[0] || d->tag[0]);
    REQUIRE(!d->serial[0] || inv_serial_ok(d->serial));
    REQUIRE(!d->tag[0] || inv_serial_ok(d->tag));
    REQUIRE(!d->category[0] || vocab_find(&VOCAB_CATEGORY, d->category) >= 0);
    REQUIRE(utf8_count(d->cpu, strlen(d->cpu)) <= SPECS_CPU_MAX);
    REQUIRE(d->ram_mb >= 0 && d->ram_mb <= SPECS_RAM_MB_MAX);
    REQUIRE(d->battery_design_mwh >= 0 && d->battery_full_mwh >= 0);
    REQUIRE(d->ndisks >= 0 && d->ndisks <= INV_DISKS_MAX && d->disks_skipped >= 0);
    for (int i = 0; i < d->ndisks; i++) {
        const InvDisk *k = &d->disks[i];
        REQUIRE(TEXT_OK(k->serial) && TEXT_OK(k->model) && TEXT_OK(k->type));
        REQUIRE(!k->serial[0] || inv_serial_ok(k->serial));
        REQUIRE(vocab_find(&VOCAB_MEDIA_TYPE, k->type) >= 0);
        REQUIRE(k->bytes >= 0);
    }
    REQUIRE(d->line >= 2 && d->line > s->last_line);
    char w[INV_WHERE_MAX];
    snprintf(w, sizeof w, "line %lld", (long long)d->line);
    REQUIRE(strcmp(w, d->where) == 0);
    s->last_line = d->line;
    if (++s->devices == s->stop_at) return err_set(e, ERR_INPUT, "stop");
    return 0;
}

static void on_note(void *arg, const char *where, const char *msg)
{
    (void)arg;
    REQUIRE(where && msg && utf8_valid(where, strlen(where)) && utf8_valid(msg, strlen(msg)));
    REQUIRE(strncmp(where, "line ", 5) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (fuzz_file(data, size, path, sizeof path) < 0) return 0;
    Seen s = { 0, 0, 0 };
    InvSink sink = { on_device, on_note, &s };
    Err e = { 0 };
    InvFormat fmt = INV_UNKNOWN;
    FILE *f = fopen(path, "rb");
    REQUIRE(f != NULL);
    int rc = inv_parse_csv(f, "in.csv", &sink, &fmt, &e);
    fclose(f);
    REQUIRE(rc == 0 || rc == -1);
    if (rc < 0) {
        REQUIRE(FUZZ_TERMINATED(e.msg) && strncmp(e.msg, "in.csv", 6) == 0);
        REQUIRE(utf8_valid(e.msg, strlen(e.msg)));
    } else {
        REQUIRE(fmt == INV_GLPI_CSV || fmt == INV_DEVICEHUB_CSV || fmt == INV_BOUCLE_CSV);
    }
    if (s.devices >= 2) {   /* the sink's -1 stops the parser with its error */
        int all = s.devices;
        Seen t = { 0, 0, 2 };
        InvSink stop = { on_device, NULL, &t };
        Err e2 = { 0 };
        f = fopen(path, "rb");
        REQUIRE(f != NULL);
        REQUIRE(inv_parse_csv(f, "in.csv", &stop, NULL, &e2) == -1);
        fclose(f);
        REQUIRE(t.devices == 2 && strcmp(e2.msg, "stop") == 0);
        (void)all;
    }
    /* what the program calls: inv_parse_file on the same bytes */
    Seen u = { 0, 0, 0 };
    InvSink sink3 = { on_device, on_note, &u };
    Err e3 = { 0 };
    int rf = inv_parse_file(path, &sink3, NULL, &e3);
    REQUIRE(rf == 0 || rf == -1);
    return 0;
}
