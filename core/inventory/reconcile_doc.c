/*
 * reconcile_doc.c — a lot's reconciliation in memory, and written for the
 * donor as JSON, CSV and PDF (see reconcile_doc.h).
 */
#include "core/inventory/reconcile_doc.h"
#include "core/cert/cert_pdf.h"
#include "core/vocab/vocab.h"
#include "util/csvout.h"
#include "util/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- loading --------------------------------------------------------------- */

typedef struct Load {
    ReconcileSet *s;
    RecItem *by_kind[3];            /* REC_RECEIVED, REC_MISSING, REC_UNANNOUNCED */
    size_t n[3], cap[3];
    int oom;
} Load;

static int put(ReconcileSet *s, const char *t, uint32_t *off)
{
    size_t len = strlen(t) + 1;
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + len) cap *= 2;
        if (cap > UINT32_MAX) return -1;
        char *b = realloc(s->buf, cap);
        if (!b) return -1;
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, t, len);
    *off = (uint32_t)s->len;
    s->len += len;
    return 0;
}

static int load_row(void *arg, ReconcileKind k, const ReconcileRow *row)
{
    Load *l = arg;
    if (l->n[k] == l->cap[k]) {
        size_t cap = l->cap[k] ? l->cap[k] * 2 : 64;
        RecItem *v = realloc(l->by_kind[k], cap * sizeof *v);
        if (!v) { l->oom = 1; return 1; }
        l->by_kind[k] = v;
        l->cap[k] = cap;
    }
    RecItem *it = &l->by_kind[k][l->n[k]];
    it->kind = (uint8_t)k;
    const char *f[REC_F__COUNT] = { row->serial, row->tag, row->category, row->make, row->model,
                                    row->device_id, row->other_lot };
    for (int i = 0; i < REC_F__COUNT; i++)
        if (put(l->s, f[i], &it->off[i]) < 0) { l->oom = 1; return 1; }
    l->n[k]++;
    return 0;
}

int reconcile_load(Ctx *c, const char *lot, ReconcileSet *s, Err *e)
{
    memset(s, 0, sizeof *s);
    Load l = { .s = s };
    int r = lot_reconcile(c, lot, &s->sum, load_row, &l, e);
    if (r == 0 && l.oom) r = err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    if (r == 0 && lot_get(c, s->sum.lot, &s->lot, e) < 0) r = -1;
    static const ReconcileKind order[3] = { REC_MISSING, REC_UNANNOUNCED, REC_RECEIVED };
    size_t total = l.n[0] + l.n[1] + l.n[2];
    if (r == 0 && total && !(s->items = malloc(total * sizeof *s->items)))
        r = err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    if (r == 0) {
        for (int i = 0; i < 3; i++) {
            if (l.n[order[i]]) memcpy(s->items + s->n, l.by_kind[order[i]], l.n[order[i]] * sizeof *s->items);
            s->n += l.n[order[i]];
        }
    }
    for (int i = 0; i < 3; i++) free(l.by_kind[i]);
    if (r < 0) {
        Reconcile keep = s->sum;
        reconcile_set_free(s);
        s->sum = keep;
    }
    return r;
}

void reconcile_set_free(ReconcileSet *s)
{
    free(s->items);
    free(s->buf);
    memset(s, 0, sizeof *s);
}

/* ---- words ----------------------------------------------------------------- */

const char *reconcile_kind_label(ReconcileKind k)
{
    switch (k) {
    case REC_MISSING: return C_("reconcile", "missing");
    case REC_UNANNOUNCED: return C_("reconcile", "not announced");
    default: return C_("reconcile", "received");
    }
}

void reconcile_summary(const ReconcileSet *s, char *out, size_t size)
{
    const Reconcile *r = &s->sum;
    if (!r->announced)
        snprintf(out, size, "%s", _("Nothing was announced for this lot."));
    else if (!r->missing)
        snprintf(out, size, ngettext("%lld announced device was received.",
                                     "All %lld announced devices were received.", (unsigned long)r->announced),
                 (long long)r->announced);
    else
        snprintf(out, size, ngettext("%lld announced device was not received.",
                                     "%lld announced devices were not received.", (unsigned long)r->missing),
                 (long long)r->missing);
}

void reconcile_summary_unannounced(const ReconcileSet *s, char *out, size_t size)
{
    int64_t n = s->sum.unannounced;
    if (!n) { if (size) out[0] = '\0'; return; }
    snprintf(out, size, ngettext("%lld device was received without being announced.",
                                 "%lld devices were received without being announced.", (unsigned long)n),
             (long long)n);
}

/* ---- JSON ------------------------------------------------------------------ */

static json_t *str_or_null(const char *s) { return *s ? json_string(s) : json_null(); }

json_t *reconcile_to_json(const ReconcileSet *s)
{
    json_t *missing = json_array(), *unann = json_array();
    for (size_t i = 0; i < s->n; i++) {
        int k = s->items[i].kind;
        if (k == REC_RECEIVED) continue;
        json_t *d = json_pack("{s:s, s:s, s:s, s:s, s:s}", "serial", reconcile_field(s, i, REC_F_SERIAL),
                              "tag", reconcile_field(s, i, REC_F_TAG), "category", reconcile_field(s, i, REC_F_CATEGORY),
                              "make", reconcile_field(s, i, REC_F_MAKE), "model", reconcile_field(s, i, REC_F_MODEL));
        json_object_set_new(d, "id", str_or_null(reconcile_field(s, i, REC_F_DEVICE)));
        json_object_set_new(d, "other_lot", str_or_null(reconcile_field(s, i, REC_F_OTHER_LOT)));
        json_array_append_new(k == REC_MISSING ? missing : unann, d);
    }
    return json_pack("{s:s, s:I, s:I, s:o, s:o}", "lot", s->sum.lot, "announced", (json_int_t)s->sum.announced,
                     "received", (json_int_t)s->sum.received, "missing", missing, "unannounced", unann);
}

/* ---- CSV ------------------------------------------------------------------- */

int reconcile_csv(const ReconcileSet *s, const char *path, Err *e)
{
    FILE *f = fopen(path, "wb");
    if (!f) return err_set(e, ERR_IO, _("Cannot write %s: %s."), path, strerror(errno));
    fputs("\xEF\xBB\xBF", f);
    const char *head[] = { _("Status"), _("Serial number"), _("Donor asset tag"), _("Category"), _("Make"),
                           _("Model"), _("Asset id"), _("Other lot") };
    for (int i = 0; i < 8; i++) csv_out_field(f, head[i], i == 7);
    for (size_t i = 0; i < s->n; i++) {
        csv_out_field(f, reconcile_kind_label(s->items[i].kind), 0);
        csv_out_field(f, reconcile_field(s, i, REC_F_SERIAL), 0);
        csv_out_field(f, reconcile_field(s, i, REC_F_TAG), 0);
        const char *cat = reconcile_field(s, i, REC_F_CATEGORY);
        csv_out_field(f, *cat ? vocab_label_of(&VOCAB_CATEGORY, cat) : "", 0);
        csv_out_field(f, reconcile_field(s, i, REC_F_MAKE), 0);
        csv_out_field(f, reconcile_field(s, i, REC_F_MODEL), 0);
        csv_out_field(f, reconcile_field(s, i, REC_F_DEVICE), 0);
        csv_out_field(f, reconcile_field(s, i, REC_F_OTHER_LOT), 1);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) return err_set(e, ERR_IO, _("Cannot write %s: %s."), path, strerror(errno ? errno : EIO));
    return 0;
}

/* ---- PDF ------------------------------------------------------------------- */

enum { ROW_H = 11 };

typedef struct Col { const char *title; double w; } Col;

static void table_head(CertPdf *p, const Col *cols, int n)
{
    cert_pdf_font(p, 8, 1);
    double x = CERT_PDF_MARGIN;
    for (int i = 0; i < n; i++) { cert_pdf_cell(p, x, cols[i].w, cols[i].title); x += cols[i].w; }
    cairo_set_line_width(p->cr, 0.5);
    cairo_move_to(p->cr, CERT_PDF_MARGIN, p->y + 3);
    cairo_line_to(p->cr, CERT_PDF_W - CERT_PDF_MARGIN, p->y + 3);
    cairo_stroke(p->cr);
    p->y += ROW_H + 2;
    cert_pdf_font(p, 8, 0);
}

/* The width a text takes in the current font. */
static double text_w(CertPdf *p, const char *s)
{
    cairo_text_extents_t ext;
    cairo_text_extents(p->cr, s, &ext);
    return ext.x_advance;
}

static void section(CertPdf *p, const ReconcileSet *s, ReconcileKind k, int64_t count, int64_t *done)
{
    if (!count) return;
    char title[256];
    if (k == REC_MISSING)
        snprintf(title, sizeof title, _("Announced, not received (%lld)"), (long long)count);
    else if (k == REC_UNANNOUNCED)
        snprintf(title, sizeof title, _("Received, not announced (%lld)"), (long long)count);
    else
        snprintf(title, sizeof title, _("Announced and received (%lld)"), (long long)count);
    /* Columns sized to what the section holds: a column nobody fills (the
     * asset id of devices never received, the other lot when there is
     * none) is left out, make and model take the rest of the line. */
    enum { C_SERIAL, C_TAG, C_MM, C_CAT, C_ASSET, C_OTHER, NCOLS };
    static const int F[NCOLS] = { REC_F_SERIAL, REC_F_TAG, REC_F_MAKE, REC_F_CATEGORY, REC_F_DEVICE,
                                             REC_F_OTHER_LOT };
    /* TRANSLATORS: short column titles of the reconciliation PDF (about 15 characters) */
    const char *titles[NCOLS] = { _("Serial number"), _("Inventory no."), _("Make and model"), _("Category"),
                                  _("Asset id"), _("Other lot") };
    static const double CAP[NCOLS] = { 130, 100, 0, 75, 80, 80 };
    double w[NCOLS] = { 0 };
    int used[NCOLS] = { 1, 0, 1, 1, 0, 0 };
    cert_pdf_font(p, 8, 0);
    for (size_t i = 0; i < s->n; i++) {
        if (s->items[i].kind != k) continue;
        for (int c = 0; c < NCOLS; c++) {
            if (c == C_MM) continue;
            const char *v = reconcile_field(s, i, F[c]);
            if (c == C_CAT && *v) v = vocab_label_of(&VOCAB_CATEGORY, v);
            if (!*v) continue;
            used[c] = 1;
            double tw = text_w(p, v) + 8;
            if (tw > w[c]) w[c] = tw;
        }
    }
    cert_pdf_font(p, 8, 1);
    double rest = CERT_PDF_W - 2 * CERT_PDF_MARGIN;
    for (int c = 0; c < NCOLS; c++) {
        if (!used[c] || c == C_MM) continue;
        double tw = text_w(p, titles[c]) + 8;
        if (tw > w[c]) w[c] = tw;
        if (w[c] > CAP[c]) w[c] = CAP[c];
        rest -= w[c];
    }
    w[C_MM] = rest;
    Col cols[NCOLS];
    int map[NCOLS], n = 0;
    for (int c = 0; c < NCOLS; c++)
        if (used[c]) { cols[n] = (Col){ titles[c], w[c] }; map[n++] = c; }
    cert_pdf_need(p, 4 * ROW_H + CERT_PDF_LINE);
    p->y += 8;
    cert_pdf_font(p, 11, 1);
    cert_pdf_text(p, CERT_PDF_MARGIN, title);
    table_head(p, cols, n);
    for (size_t i = 0; i < s->n; i++) {
        if (s->items[i].kind != k) continue;
        int page = p->page;
        cert_pdf_need(p, ROW_H);
        if (p->page != page) { p->y += 4; table_head(p, cols, n); }
        char mm[600];
        const char *make = reconcile_field(s, i, REC_F_MAKE), *model = reconcile_field(s, i, REC_F_MODEL);
        snprintf(mm, sizeof mm, "%s%s%s", make, *make && *model ? " " : "", model);
        double x = CERT_PDF_MARGIN;
        for (int j = 0; j < n; j++) {
            int c = map[j];
            const char *v = c == C_MM ? mm : reconcile_field(s, i, F[c]);
            if (c == C_CAT && *v) v = vocab_label_of(&VOCAB_CATEGORY, v);
            cert_pdf_cell(p, x, cols[j].w, v);
            x += cols[j].w;
        }
        p->y += ROW_H;
        if (s->progress) s->progress(s->parg, ++*done, (int64_t)s->n);
    }
}

int reconcile_pdf(Ctx *c, const ReconcileSet *s, const char *path, Err *e)
{
    char buf[512], now[32];
    snprintf(buf, sizeof buf, _("Reconciliation of lot %s"), s->sum.lot);
    CertPdf p;
    if (cert_pdf_begin(&p, path, buf, e) < 0) return -1;
    cert_pdf_font(&p, 16, 1);
    cert_pdf_text(&p, CERT_PDF_MARGIN, buf);
    p.y += 4;
    cert_pdf_font(&p, 9, 0);
    cert_pdf_text(&p, CERT_PDF_MARGIN, _("The devices the donor's inventory announced, against those the workshop received."));
    snprintf(buf, sizeof buf, "%s (%s)", c->workshop_name, c->workshop);
    cert_pdf_field(&p, CERT_PDF_MARGIN, _("Workshop"), buf);
    cert_pdf_field(&p, CERT_PDF_MARGIN, _("Donor"), s->lot.donor);
    if (s->lot.ref[0]) cert_pdf_field(&p, CERT_PDF_MARGIN, _("Donor's reference"), s->lot.ref);
    cert_pdf_field(&p, CERT_PDF_MARGIN, _("Date of the lot"), s->lot.date);
    time_t t = time(NULL);
    strftime(now, sizeof now, "%Y-%m-%d", gmtime(&t));
    cert_pdf_field(&p, CERT_PDF_MARGIN, _("Issued"), now);
    p.y += 6;
    const struct { const char *label; int64_t n; } counts[] = {
        { _("Announced"), s->sum.announced }, { _("Received"), s->sum.received },
        { _("Missing"), s->sum.missing }, { _("Not announced"), s->sum.unannounced },
    };
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        char n[32];
        snprintf(n, sizeof n, "%lld", (long long)counts[i].n);
        cert_pdf_field(&p, CERT_PDF_MARGIN, counts[i].label, n);
    }
    p.y += 6;
    cert_pdf_font(&p, 11, 1);
    reconcile_summary(s, buf, sizeof buf);
    cert_pdf_text(&p, CERT_PDF_MARGIN, buf);
    reconcile_summary_unannounced(s, buf, sizeof buf);
    if (buf[0]) cert_pdf_text(&p, CERT_PDF_MARGIN, buf);
    int64_t done = 0;
    if (s->progress) s->progress(s->parg, 0, (int64_t)s->n);
    section(&p, s, REC_MISSING, s->sum.missing, &done);
    section(&p, s, REC_UNANNOUNCED, s->sum.unannounced, &done);
    section(&p, s, REC_RECEIVED, s->sum.received, &done);
    return cert_pdf_end(&p, path, e);
}
