/*
 * fuzz_scan.c — fuzz target of what a barcode scanner types
 * (core/scan/scan.c): a USB scanner is a keyboard, and its text may carry
 * symbology prefixes, control characters, a URL, AZERTY-mangled digits, or
 * anything a label in the wild holds.
 *
 * The program hands the typed line (or a code decoded from an image) to
 * scan_resolve(), which cleans it (scan_clean), then looks it up as an
 * asset id, a serial and a donor tag, as typed, stripped and read back
 * through AZERTY. The target does that on a small database of three
 * devices, on the input as one string. On any input:
 * - no read or write outside the input or the buffers (ASan), no undefined
 *   behaviour (UBSan), nothing leaked;
 * - scan_clean() returns the length of what it wrote, terminated, without
 *   control characters, at most size - 1 bytes;
 * - scan_resolve() answers 1 or 0 (never an error on a healthy database),
 *   and a device it finds is one of the three.
 *
 *   make fuzz && build-fuzz/fuzz_scan -dict=tests/fuzz/scan.dict tests/fuzz/corpus/scan
 */
#include "core/log/ctx.h"
#include "core/scan/scan.h"
#include "core/stock/device.h"
#include "core/stock/lot.h"
#include "core/stock/workshop.h"
#include "tests/fuzz/fuzz_util.h"

#define REQUIRE(c) FUZZ_REQUIRE("scan", c)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static Ctx ctx;
static int ready;
static char dir[256], ids[3][DEVICE_ID_MAX];

static void cleanup(void)
{
    char p[400];
    ctx_close(&ctx);
    static const char *const SUFFIX[] = { "", "-wal", "-shm", "-journal" };
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/scan.db%s", dir, SUFFIX[i]);
        unlink(p);
    }
    rmdir(dir);
}

static int setup(void)
{
    if (ready) return ready > 0 ? 0 : -1;
    ready = -1;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/boucle-fuzz-scan-XXXXXX", base && *base ? base : "/tmp");
    if (!mkdtemp(dir)) return -1;
    char path[300], lot[LOT_ID_MAX], dup[DEVICE_ID_MAX];
    snprintf(path, sizeof path, "%s/scan.db", dir);
    Err e = { 0 };
    if (ctx_open(&ctx, path, 0, &e) < 0 || workshop_init(&ctx, "GRE1", "Atelier", &e) < 0 ||
        lot_add(&ctx, "CHU Grenoble", "BL-1", 3, NULL, lot, &e) < 0) {
        printf("fuzz_scan: setup: %s\n", e.msg);
        return -1;
    }
    DeviceNew dn[3] = {
        { .lot = lot, .serial = "PF1ABC23", .donor_tag = "CHU-004711", .category = "laptop" },
        { .lot = lot, .serial = "000123456789", .category = "desktop" },
        { .lot = lot, .serial = "S/N 5CG-7 élan", .donor_tag = "#42", .category = "screen" },
    };
    for (int i = 0; i < 3; i++)
        if (device_add(&ctx, &dn[i], 0, ids[i], dup, &e) < 0) {
            printf("fuzz_scan: setup: %s\n", e.msg);
            return -1;
        }
    atexit(cleanup);
    ready = 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (setup() < 0) abort();
    char *raw = fuzz_cstr(data, size);
    if (!raw) return 0;
    /* scan_clean into buffers of several sizes, the smallest cutting */
    static const size_t SIZES[] = { 1, 2, 4, 16, 512 };
    for (size_t s = 0; s < sizeof SIZES / sizeof SIZES[0]; s++) {
        char *out = malloc(SIZES[s]);
        REQUIRE(out != NULL);
        size_t n = scan_clean(raw, out, SIZES[s]);
        REQUIRE(n < SIZES[s] && strlen(out) == n);
        for (size_t i = 0; i < n; i++) REQUIRE((unsigned char)out[i] >= 0x20 && out[i] != 0x7f);
        free(out);
    }
    Device d;
    Err e = { 0 };
    int r = scan_resolve(&ctx, raw, &d, &e);
    if (r < 0) printf("fuzz_scan: %s\n", e.msg);
    REQUIRE(r == 0 || r == 1);
    if (r == 1) REQUIRE(!strcmp(d.id, ids[0]) || !strcmp(d.id, ids[1]) || !strcmp(d.id, ids[2]));
    free(raw);
    return 0;
}
