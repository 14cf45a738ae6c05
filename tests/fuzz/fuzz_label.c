/*
 * fuzz_label.c — fuzz target of the label template reader
 * (core/label/label.c), which reads a file a workshop writes or is given
 * (`label.template` in the configuration, a printer's template=).
 *
 * The program calls label_template_find() with the configured name or path,
 * then lays the labels out on the template (label_build) and draws them.
 * The target does the same with the input as the template file, on a
 * sample device, then writes the text preview and, for templates of at most
 * 4 million dots, the ZPL (the bilevel raster every printer format starts
 * from). On any input:
 * - no read or write outside the input or the label (ASan), no undefined
 *   behaviour (UBSan), nothing leaked;
 * - a template it takes places the QR and the id inside the label, with a
 *   size between 10 and 300 mm and a dpi between 100 and 1200;
 * - a label it builds keeps the layout's invariants (test_label's
 *   layout_invariants): the QR with its quiet zone inside the label, modules
 *   of at least LABEL_MIN_MODULE_DOTS dots, text at least
 *   LABEL_MIN_TEXT_PT and no taller than its box; the text boxes and the
 *   barcode inside the label too.
 *
 *   make fuzz && build-fuzz/fuzz_label -dict=tests/fuzz/label.dict tests/fuzz/corpus/label
 */
#include "core/label/label.h"
#include "core/label/label_render.h"
#include "tests/fuzz/fuzz_util.h"

#define REQUIRE(c) FUZZ_REQUIRE("label", c)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const LabelData SAMPLE = {
    .asset_id = "GRE1-000123", .category = "Portable", .make = "Lenovo", .model = "ThinkPad T480",
    .grade = "B", .ram = "8 GB", .storage = "256 GB SSD", .storage_short = "256 GB",
    .wipe = "effacé (purge)", .claim = "reconditionné", .workshop = "Atelier Grenoble", .serial = "PF1ABC23",
};

static void check_label(const Label *l)
{
    int side = (l->qr_width + 2 * LABEL_QR_QUIET) * l->qr_module;
    REQUIRE(l->qr_module >= LABEL_MIN_MODULE_DOTS);
    REQUIRE(l->qr_x >= 0 && l->qr_y >= 0 && l->qr_x + side <= l->width_dots && l->qr_y + side <= l->height_dots);
    REQUIRE(l->qr_version >= 1 && l->qr_version <= LABEL_QR_MAX_VERSION);
    REQUIRE(l->qr_width == 17 + 4 * l->qr_version);
    double min_px = LABEL_MIN_TEXT_PT * l->t.dpi / 72.0;
    REQUIRE(l->ntext >= 1 && l->ntext <= LE__COUNT);
    for (int k = 0; k < l->ntext; k++) {
        REQUIRE(FUZZ_TERMINATED(l->text[k].text));
        REQUIRE(l->text[k].font_px >= min_px - 1e-9);
        REQUIRE(l->text[k].font_px <= l->text[k].h + 1e-9);
    }
    REQUIRE(strcmp(l->text[0].text, "GRE1-000123") == 0);
    /* every element inside the label */
    for (int k = 0; k < l->ntext; k++) {
        const LabelText *t = &l->text[k];
        REQUIRE(t->x >= 0 && t->y >= 0 && t->x + t->w <= l->width_dots && t->y + t->h <= l->height_dots);
    }
    if (l->bar_count) {
        int modules = 0;
        for (int k = 0; k < l->bar_count; k++) modules += l->bars[k];
        REQUIRE(l->bar_module >= LABEL_MIN_MODULE_DOTS);
        REQUIRE(l->bar_x >= 0 && l->bar_x + modules * l->bar_module <= l->width_dots);
        REQUIRE(l->bar_y >= 0 && l->bar_h > 0 && l->bar_y + l->bar_h <= l->height_dots);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static FILE *devnull;
    if (!devnull) devnull = fopen("/dev/null", "w");
    char path[64];
    if (!devnull || fuzz_file(data, size, path, sizeof path) < 0) return 0;
    LabelTemplate t;
    Err e = { 0 };
    if (label_template_find(path, &t, &e) < 0) {
        REQUIRE(e.msg[0]);
        return 0;
    }
    REQUIRE(FUZZ_TERMINATED(t.name) && t.name[0]);
    REQUIRE(t.width_mm >= 10 && t.width_mm <= 300 && t.height_mm >= 10 && t.height_mm <= 300);
    REQUIRE(t.dpi >= 100 && t.dpi <= 1200);
    REQUIRE(t.box[LE_QR].on && t.box[LE_ID].on);
    for (int k = 0; k < LE__COUNT; k++) {
        const LabelBox *b = &t.box[k];
        if (!b->on) continue;
        REQUIRE(b->x >= 0 && b->y >= 0 && b->w > 0 && b->h > 0);
        REQUIRE(b->x + b->w <= t.width_mm + 1e-6 && b->y + b->h <= t.height_mm + 1e-6);
    }
    for (int code128 = 0; code128 <= t.box[LE_BARCODE].on; code128++) {
        Label l;
        LabelOptions o = { code128 ? "https://boucle.example.org/d/" : NULL, code128 };
        if (label_build(&SAMPLE, &t, &o, &l, &e) < 0) {
            REQUIRE(e.msg[0]);
            continue;
        }
        check_label(&l);
        REQUIRE(label_write(&l, 1, LABEL_FMT_TXT, devnull, &e) == 0);
        if ((long)l.width_dots * l.height_dots <= 4L * 1000 * 1000)
            REQUIRE(label_write(&l, 1, LABEL_FMT_ZPL, devnull, &e) == 0);
        label_free(&l);
    }
    return 0;
}
