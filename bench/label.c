/*
 * label.c — benchmark of labels and scanning (issue 4).
 *
 *   RESULT label_zpl_per_s      labels/s   10 000 labels built and written as one ZPL stream
 *   RESULT label_png_per_s      labels/s   10 000 labels, one PNG file each
 *   RESULT label_pdf_per_s      labels/s   10 000 labels in one multi-page PDF
 *   RESULT label_{zpl,png}_p50_ms, _p99_ms  one label built and written
 *   RESULT qrencode_cli_png_per_s  PNG/s   the qrencode command writing the same QR PNGs
 *                                          (one process per code: it takes one)
 *   RESULT boucle_cli_png_per_s labels/s   `boucle label ID... --format png`: one process
 *                                          for all the labels, as a lot is labelled
 *   RESULT boucle_cli1_png_per_s labels/s  one `boucle label ID --format png` process
 *                                          per label, as qrencode is run
 *   RESULT scan_images_per_s    images/s   `boucle scan` decoding label photos
 *
 * What each figure includes. label_*_per_s run in this process: no process
 * start, no database (the labels are built from synthetic facts), each PNG
 * opened, written and closed as a file. qrencode_cli_png_per_s includes a
 * process start per code, since the qrencode command encodes one code a run;
 * xargs starts them (a shell loop would add a subshell per code to the
 * peer's time). The two boucle_cli figures include process starts the
 * same way for boucle, with its database lookups (devices made by
 * $BUILD/bench/gen, outside the timing): once for the batch, and once per
 * label like qrencode. Same payloads (GRE1-000001…) and same count for
 * every figure but boucle_cli1, which runs on at most 100 labels.
 * $BENCH_LABELS changes the count; $BOUCLE names the binary for the CLI and
 * scan figures.
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
    double *each = f != LABEL_FMT_PDF ? malloc((size_t)n * sizeof *each) : NULL;
    FILE *out = NULL;
    if (f != LABEL_FMT_PNG) out = fopen("/dev/null", "wb");
    Label *batch = f == LABEL_FMT_PDF ? calloc((size_t)n, sizeof *batch) : NULL;
    double t0 = bench_now_ms();
    for (long i = 0; i < n; i++) {
        double t1 = bench_now_ms();
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
        if (each) each[i] = bench_now_ms() - t1;
    }
    if (f == LABEL_FMT_PDF) {
        Err e = { 0 };
        label_write(batch, (int)n, f, out, &e);
        for (long i = 0; i < n; i++) label_free(&batch[i]);
        free(batch);
    }
    double ms = bench_now_ms() - t0;
    if (out) fclose(out);
    if (each) {
        char name[64];
        snprintf(name, sizeof name, "label_%s_p50_ms", label_format_key(f));
        bench_result(name, bench_percentile(each, (size_t)n, 50), "ms");
        snprintf(name, sizeof name, "label_%s_p99_ms", label_format_key(f));
        bench_result(name, bench_percentile(each, (size_t)n, 99), "ms");
        free(each);
    }
    return n / (ms / 1000.0);
}

/* Runs cmd (a shell command) and prints n / its time as name, unless it fails. */
static void timed(const char *name, const char *cmd, long n, const char *unit)
{
    double t0 = bench_now_ms();
    int rc = system(cmd);
    double ms = bench_now_ms() - t0;
    if (rc == 0) bench_result(name, n / (ms / 1000.0), unit);
    else printf("%s: failed (%d)\n", name, rc);
}

int main(int argc, char **argv)
{
    (void)argc;
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

    char cmd[2048];
    if (system("command -v qrencode >/dev/null 2>&1") == 0) {
        /* the same payloads, ECC M, 4-module margin, 5-pixel modules as on the 203 dpi label */
        snprintf(cmd, sizeof cmd,
                 "cd %s && seq -f 'GRE1-%%06g' 1 %ld | xargs -I{} qrencode -l M -m 4 -s 5 -o q-{}.png {}", dir, n);
        timed("qrencode_cli_png_per_s", cmd, n, "PNG/s");
    } else {
        printf("qrencode not installed: no comparison\n");
    }

    const char *boucle = getenv("BOUCLE");
    /* bench/gen is beside this program */
    char gen[1024];
    snprintf(gen, sizeof gen, "%s", argv[0]);
    char *slash = strrchr(gen, '/');
    snprintf(slash ? slash + 1 : gen, sizeof gen - (size_t)(slash ? slash + 1 - gen : 0), "gen");
    if (boucle && access(boucle, X_OK) == 0 && access(gen, X_OK) == 0) {
        snprintf(cmd, sizeof cmd, "%s %s/devices.db %ld >/dev/null", gen, dir, n);
        if (system(cmd) == 0) {
            /* the ids as arguments: 10 000 of them are ~120 KB, under ARG_MAX */
            snprintf(cmd, sizeof cmd,
                     "cd %s && BOUCLE_DB=devices.db %s label $(seq -f 'GRE1-%%06g' 1 %ld) --format png --out c.png >/dev/null",
                     dir, boucle, n);
            timed("boucle_cli_png_per_s", cmd, n, "labels/s");
            long m = n < 100 ? n : 100;   /* ~0.05 s each: 100 say enough */
            snprintf(cmd, sizeof cmd,
                     "cd %s && seq -f 'GRE1-%%06g' 1 %ld | "
                     "BOUCLE_DB=devices.db xargs -I{} %s label {} --format png --out c1-{}.png >/dev/null",
                     dir, m, boucle);
            timed("boucle_cli1_png_per_s", cmd, m, "labels/s");
        } else {
            printf("%s failed: no boucle_cli figures\n", gen);
        }
    }
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
