/*
 * label.c — benchmark of labels and scanning (issue 4).
 *
 *   RESULT label_zpl_per_s      labels/s   10 000 labels built and written as one ZPL stream
 *   RESULT label_png_per_s      labels/s   10 000 labels, one PNG file each
 *   RESULT label_pdf_per_s      labels/s   10 000 labels in one multi-page PDF
 *   RESULT qrencode_cli_png_per_s  PNG/s   the qrencode command writing the same QR PNGs
 *                                          (one process per code, as a shell loop does)
 *   RESULT scan_images_per_s    images/s   `boucle scan` decoding label photos
 *
 * The labels are built from synthetic facts (the database part of `boucle
 * label` is the device lookup, measured by the device benchmarks). $BENCH_LABELS
 * changes the count; $BOUCLE names the binary for the scan figure.
 */
#include "bench/bench.h"
#include "core/label/label.h"
#include "core/label/label_render.h"
#include <cairo.h>
#include <unistd.h>

static const char *const MODELS[][2] = {
    { "Dell", "Latitude 5490" }, { "Lenovo", "ThinkPad T480" }, { "HP", "EliteBook 840 G5" },
    { "Lenovo", "ThinkCentre M710q" }, { "Iiyama", "ProLite XU2493HS" },
};

static void facts(long i, char *id, size_t idsize, LabelData *d)
{
    snprintf(id, idsize, "GRE1-%06ld", i + 1);
    *d = (LabelData){ .asset_id = id, .category = "portable", .make = MODELS[i % 5][0], .model = MODELS[i % 5][1],
                      .grade = "B", .ram = "8 GB", .storage = "256 GB SSD", .wipe = "données effacées",
                      .claim = "reconditionné", .workshop = BENCH_WORKSHOP_NAME };
}

static double run(LabelFormat f, long n, const LabelTemplate *t, const char *dir)
{
    FILE *out = NULL;
    if (f != LABEL_FMT_PNG) out = fopen("/dev/null", "wb");
    Label *batch = f == LABEL_FMT_PDF ? calloc((size_t)n, sizeof *batch) : NULL;
    double t0 = bench_now_ms();
    for (long i = 0; i < n; i++) {
        char id[32];
        LabelData d;
        facts(i, id, sizeof id, &d);
        Label l;
        Err e = { 0 };
        if (label_build(&d, t, NULL, f == LABEL_FMT_PDF ? &batch[i] : &l, &e) < 0) {
            fprintf(stderr, "bench: %s\n", e.msg);
            exit(1);
        }
        if (f == LABEL_FMT_PNG) {
            char p[512];
            snprintf(p, sizeof p, "%s/%s.png", dir, id);
            FILE *pf = fopen(p, "wb");
            label_write(&l, 1, f, pf, &e);
            fclose(pf);
            label_free(&l);
        } else if (f == LABEL_FMT_ZPL) {
            label_write(&l, 1, f, out, &e);
            label_free(&l);
        }
    }
    if (f == LABEL_FMT_PDF) {
        Err e = { 0 };
        label_write(batch, (int)n, f, out, &e);
        for (long i = 0; i < n; i++) label_free(&batch[i]);
        free(batch);
    }
    double ms = bench_now_ms() - t0;
    if (out) fclose(out);
    return n / (ms / 1000.0);
}

int main(void)
{
    long n = getenv("BENCH_LABELS") ? atol(getenv("BENCH_LABELS")) : 10000;
    if (n < 1) n = 10000;
    char dir[] = "/tmp/boucle-bench-label.XXXXXX";
    if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }
    LabelTemplate t;
    label_template_builtin("50x25", &t);   /* the Zebra stock, 203 dpi */
    printf("labels: %ld, template %s at %d dpi\n", n, t.name, t.dpi);
    bench_result("label_zpl_per_s", run(LABEL_FMT_ZPL, n, &t, dir), "labels/s");
    bench_result("label_png_per_s", run(LABEL_FMT_PNG, n, &t, dir), "labels/s");
    bench_result("label_pdf_per_s", run(LABEL_FMT_PDF, n, &t, dir), "labels/s");

    char cmd[1024];
    if (system("command -v qrencode >/dev/null 2>&1") == 0) {
        /* the same payloads, ECC M, 4-module margin, 5-pixel modules as on the 203 dpi label */
        snprintf(cmd, sizeof cmd,
                 "cd %s && i=1; while [ $i -le %ld ]; do qrencode -l M -m 4 -s 5 -o q$i.png "
                 "\"GRE1-$(printf %%06d $i)\" || exit 1; i=$((i+1)); done",
                 dir, n);
        double t0 = bench_now_ms();
        int rc = system(cmd);
        double ms = bench_now_ms() - t0;
        if (rc == 0) bench_result("qrencode_cli_png_per_s", n / (ms / 1000.0), "PNG/s");
    } else {
        printf("qrencode not installed: no comparison\n");
    }

    const char *boucle = getenv("BOUCLE");
    if (boucle && access(boucle, X_OK) == 0) {
        long m = n < 1000 ? n : 1000;   /* decoding is slower: 1000 images say enough */
        snprintf(cmd, sizeof cmd,
                 "cd %s && BOUCLE_DB=%s/scan.db %s init --workshop GRE1 --name Bench >/dev/null 2>&1 && "
                 "ls GRE1-*.png | head -%ld | xargs env BOUCLE_DB=%s/scan.db %s scan >scan.out 2>&1",
                 dir, dir, boucle, m, dir, boucle);
        double t0 = bench_now_ms();
        int rc = system(cmd);
        double ms = bench_now_ms() - t0;
        snprintf(cmd, sizeof cmd, "test $(grep -c 'QR-Code GRE1-' %s/scan.out) -eq %ld", dir, m);
        if (rc == 0 && system(cmd) == 0) bench_result("scan_images_per_s", m / (ms / 1000.0), "images/s");
        else printf("boucle scan failed (see %s/scan.out)\n", dir);
    } else {
        printf("BOUCLE not set: no scan figure\n");
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0) return 1;
    return 0;
}
