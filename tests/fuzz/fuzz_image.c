/*
 * fuzz_image.c — fuzz target of the image readers of the barcode scan
 * (core/scan/barcode_scan.c): `boucle scan PHOTO…` and the TUI's scan of a
 * picture read PNG (cairo, after its IHDR is checked), JPEG (libjpeg, after
 * its header is checked) and PNM (parsed here) from whatever file a person
 * points at.
 *
 * The program calls barcode_scan_file(), which loads the file as grey
 * (barcode_load_gray) and decodes it with zbar. The target loads the input
 * as a file with barcode_load_gray() and, when the picture is at most 256 ×
 * 256 pixels (zbar's time grows with the area, and zbar is not what is
 * fuzzed), decodes it with barcode_scan_gray(). On any input:
 * - no read or write outside the input or the image (ASan), no undefined
 *   behaviour (UBSan), nothing leaked, and no exit() from libjpeg;
 * - an image it loads has a size within SCAN_MAX_SIDE and SCAN_MAX_PIXELS;
 *   one it refuses has a message;
 * - the codes decoded are terminated strings of the length zbar gives.
 *
 *   make fuzz && build-fuzz/fuzz_image -dict=tests/fuzz/image.dict tests/fuzz/corpus/image
 */
#include "core/scan/barcode_scan.h"
#include "tests/fuzz/fuzz_util.h"

#define REQUIRE(c) FUZZ_REQUIRE("image", c)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_code(void *arg, const char *symbology, const char *code, size_t len)
{
    (void)arg;
    REQUIRE(symbology && symbology[0]);
    REQUIRE(code && code[len] == '\0');
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    if (fuzz_file(data, size, path, sizeof path) < 0) return 0;
    unsigned char *g = NULL;
    int w = 0, h = 0;
    Err e = { 0 };
    if (barcode_load_gray(path, &g, &w, &h, &e) < 0) {
        REQUIRE(e.msg[0] && g == NULL);
        return 0;
    }
    REQUIRE(g != NULL);
    REQUIRE(w > 0 && h > 0 && w <= SCAN_MAX_SIDE && h <= SCAN_MAX_SIDE && (long)w * h <= SCAN_MAX_PIXELS);
    /* every pixel readable (ASan) */
    unsigned sum = 0;
    for (long i = 0; i < (long)w * h; i++) sum += g[i];
    (void)sum;
    if ((long)w * h <= 256L * 256) {
        int n = barcode_scan_gray(g, w, h, on_code, NULL, &e);
        REQUIRE(n >= 0);
    }
    free(g);
    return 0;
}
