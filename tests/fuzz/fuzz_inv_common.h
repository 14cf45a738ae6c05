/*
 * fuzz_inv_common.h — the properties both agent readers keep (fuzz_inv_xml.c,
 * fuzz_inv_json.c), header only so that each target stays one unit.
 *
 * On any input, for every device handed to the sink: every string is
 * terminated and valid UTF-8; make, model, chassis, cpu and the disks'
 * models pass text_check (what storing them requires); the serial and the
 * tag are "" or pass inv_serial_ok, so are the disks' serials; 0 ≤ ndisks
 * ≤ INV_DISKS_MAX; no negative size, RAM or battery; a disk's type is a
 * VOCAB_MEDIA_TYPE key; the category is "" or what inv_category says.
 * The reader returns 0 or -1, and -1 with a message naming the file.
 */
#ifndef BOUCLE_FUZZ_INV_COMMON_H
#define BOUCLE_FUZZ_INV_COMMON_H
#include "core/inventory/inventory.h"
#include "tests/fuzz/fuzz_util.h"
#include "util/text.h"
#include "util/utf8.h"

#define INV_REQUIRE(c) FUZZ_REQUIRE("inv", c)

static int inv_fuzz_text(const char *s, size_t size)
{
    if (!memchr(s, '\0', size)) return 0;
    size_t n = strlen(s);
    return utf8_valid(s, n) && (n == 0 || text_check(s, n, 100000, "x", NULL) == 0);
}

static int inv_fuzz_device(void *arg, const InvDevice *d, Err *e)
{
    (void)e;
    (*(int *)arg)++;
    INV_REQUIRE(inv_fuzz_text(d->serial, sizeof d->serial) && inv_fuzz_text(d->tag, sizeof d->tag));
    INV_REQUIRE(!d->serial[0] || inv_serial_ok(d->serial));
    INV_REQUIRE(!d->tag[0] || inv_serial_ok(d->tag));
    INV_REQUIRE(d->serial[0] || d->tag[0]);
    INV_REQUIRE(inv_fuzz_text(d->make, sizeof d->make) && inv_fuzz_text(d->model, sizeof d->model));
    INV_REQUIRE(inv_fuzz_text(d->chassis, sizeof d->chassis) && inv_fuzz_text(d->cpu, sizeof d->cpu));
    INV_REQUIRE(FUZZ_TERMINATED(d->category) && FUZZ_TERMINATED(d->where) && d->where[0]);
    INV_REQUIRE(strcmp(d->category, inv_category(d->chassis, d->model)) == 0);
    INV_REQUIRE(d->ndisks >= 0 && d->ndisks <= INV_DISKS_MAX && d->disks_skipped >= 0);
    INV_REQUIRE(d->ram_mb >= 0 && d->battery_design_mwh >= 0 && d->battery_full_mwh >= 0);
    for (int i = 0; i < d->ndisks; i++) {
        const InvDisk *k = &d->disks[i];
        INV_REQUIRE(inv_fuzz_text(k->serial, sizeof k->serial) && (!k->serial[0] || inv_serial_ok(k->serial)));
        INV_REQUIRE(inv_fuzz_text(k->model, sizeof k->model));
        INV_REQUIRE(k->bytes > 0);
        INV_REQUIRE(!strcmp(k->type, "hdd") || !strcmp(k->type, "ssd") || !strcmp(k->type, "nvme") ||
                    !strcmp(k->type, "emmc") || !strcmp(k->type, "other"));
    }
    return 0;
}

static void inv_fuzz_note(void *arg, const char *where, const char *msg)
{
    (void)arg;
    INV_REQUIRE(where && msg && utf8_valid(where, strlen(where)) && msg[0]);
}

/* Runs parse on the input as a file; checks the properties. */
static void inv_fuzz_run(const uint8_t *data, size_t size,
                         int (*parse)(FILE *, const char *, const InvSink *, Err *))
{
    char path[64];
    if (fuzz_file(data, size, path, sizeof path) < 0) return;
    FILE *f = fopen(path, "rb");
    if (!f) return;
    int n = 0;
    InvSink sink = { inv_fuzz_device, inv_fuzz_note, &n };
    Err e;
    memset(&e, 0, sizeof e);
    int r = parse(f, "in.dat", &sink, &e);
    fclose(f);
    INV_REQUIRE(r == 0 || r == -1);
    if (r < 0) {
        INV_REQUIRE(e.msg[0] && strstr(e.msg, "in.dat") && utf8_valid(e.msg, strlen(e.msg)));
    }
}

#endif
