/*
 * proof_doc.c — the proof of reuse drawn from its JSON document (see
 * proof.h): the CSV, one row per device and disk, and the PDF.
 *
 * The PDF is laid out twice: once dry (cert_pdf_begin with no path: only
 * the wrapped texts are measured) to count its pages, then for real, so that every footer can say
 * « page 3 sur 41 » beside the document's fingerprint. Each device is one
 * row of the table and, below it in smaller type, a line for its taker or
 * channel and one per disk with its erasure.
 */
#include "core/report/proof.h"
#include "core/cert/cert_pdf.h"
#include "core/settings/lang.h"
#include "core/stock/party.h"
#include "core/vocab/vocab.h"
#include "util/csvout.h"
#include "util/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *js(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static long long ji(const json_t *o, const char *k)
{
    return (long long)json_integer_value(json_object_get(o, k));
}

/* ---- words ------------------------------------------------------------------- */

static const char *fate_label(const json_t *d)
{
    const char *f = js(d, "fate"), *as = js(d, "as");
    if (!strcmp(f, "reused")) {
        if (!strcmp(as, "donation")) return C_("fate", "donation");
        if (!strcmp(as, "sale")) return C_("fate", "sale");
        if (!strcmp(as, "loan")) return C_("fate", "loan");
        return C_("fate", "reused");
    }
    if (!strcmp(f, "parts")) return C_("fate", "parts");
    if (!strcmp(f, "recycled")) return C_("fate", "recycled");
    return C_("fate", "in the workshop");
}

static const char *erasure_category(const char *k)
{
    if (!strcmp(k, "clear")) return C_("erasure", "clear");
    if (!strcmp(k, "purge")) return C_("erasure", "purge");
    if (!strcmp(k, "destroy")) return C_("erasure", "destroy");
    return k;
}

static const char *erasure_result(const char *k)
{
    if (!strcmp(k, "none")) return _("no erasure recorded");
    return vocab_label_of(&VOCAB_WIPE_STATUS, k);
}

static const char *taker_label(const json_t *d)
{
    const char *t = js(d, "taker");
    return *t ? vocab_label_of(&VOCAB_PARTY_KIND, t) : "";
}

/* "1234.5" (grams as kilograms, one decimal) with the language's decimal
 * mark. */
static void kg_text(long long g, char out[32])
{
    long long d = (g + 50) / 100;
    /* TRANSLATORS: the decimal mark of numbers in documents (French: ",") */
    snprintf(out, 32, "%lld%s%lld", d / 10, _("."), d % 10);
}

void proof_percent_text(const char *pct, char out[32])
{
    snprintf(out, 32, "%s", pct);
    char *dot = strchr(out, '.');
    if (dot) {
        char rest[16];
        snprintf(rest, sizeof rest, "%s", dot + 1);
        snprintf(dot, (size_t)(out + 32 - dot), "%s%s", _("."), rest);
    }
}

/* "Disk WD-123: purge, ATA secure erase, 2026-03-02, success, record 3fa2…" */
static void erasure_text(const json_t *m, int short_hash, char *out, size_t size)
{
    const char *res = js(m, "result");
    if (!strcmp(res, "none")) {
        snprintf(out, size, _("Disk %s: no erasure recorded"), js(m, "medium"));
        return;
    }
    char hash[80];
    snprintf(hash, sizeof hash, short_hash ? "%.16s…" : "%s", *js(m, "record_hash") ? js(m, "record_hash") : "—");
    /* TRANSLATORS: disk serial, NIST category, method, date, result, the record's hash in the signed chain */
    snprintf(out, size, _("Disk %s: %s, %s, %s, %s, record %s"), js(m, "medium"), erasure_category(js(m, "category")),
             vocab_label_of(&VOCAB_TECHNIQUE, js(m, "method")), *js(m, "date") ? js(m, "date") : "—",
             erasure_result(res), hash);
}

/* The scope in words: "lot GRE1-L0001", "from 2026-01-01 to 2026-06-30",
 * "all devices received". */
static void scope_text(const json_t *doc, char *out, size_t size)
{
    const json_t *sc = json_object_get(doc, "scope");
    const char *lot = js(sc, "lot"), *from = js(sc, "from"), *to = js(sc, "to");
    if (*from && *to) snprintf(out, size, _("received from %s to %s"), from, to);
    else if (*from) snprintf(out, size, _("received from %s"), from);
    else if (*to) snprintf(out, size, _("received until %s"), to);
    else snprintf(out, size, "%s", _("every device received"));
    if (*lot) {
        char tmp[300];
        snprintf(tmp, sizeof tmp, "%s", out);
        /* TRANSLATORS: « lot GRE1-L0001, tous les appareils reçus » */
        snprintf(out, size, _("lot %s, %s"), lot, tmp);
    }
}

/* ---- CSV ----------------------------------------------------------------------- */

static void tick(ProofTick *t)
{
    if (t && t->fn) t->fn(t->arg, ++t->done, t->total);
}

int proof_csv(const json_t *doc, const char *path, Err *e) { return proof_csv_ticked(doc, path, NULL, e); }

int proof_csv_ticked(const json_t *doc, const char *path, ProofTick *t, Err *e)
{
    FILE *f = fopen(path, "wb");
    if (!f) return err_set(e, ERR_IO, _("Cannot write %s: %s."), path, strerror(errno));
    fputs("\xEF\xBB\xBF", f);
    const char *head[] = { _("Asset id"), _("Serial number"), _("Donor asset tag"), _("Lot"), _("Category"),
                           _("Make"), _("Model"), C_("proof", "Grade"), C_("proof", "Claim"), C_("proof", "Received on"), C_("proof", "Fate"),
                           _("Taker (kind)"), _("Recycling channel"), _("Date of the fate"), _("Loan returned"),
                           _("CO2e avoided (kg)"), _("Disk"), _("Erasure category"), _("Erasure method"),
                           _("Erasure date"), _("Erasure result"), _("Record hash") };
    enum { N = sizeof head / sizeof head[0] };
    for (int i = 0; i < N; i++) csv_out_field(f, head[i], i == N - 1);
    json_t *devs = json_object_get(doc, "devices"), *d;
    size_t i;
    json_array_foreach(devs, i, d) {
        char kg[32] = "";
        if (json_is_integer(json_object_get(d, "co2e_g"))) kg_text(ji(d, "co2e_g"), kg);
        const char *v[16] = { js(d, "id"), js(d, "serial"), js(d, "donor_tag"), js(d, "lot"),
                              vocab_label_of(&VOCAB_CATEGORY, js(d, "category")), js(d, "make"), js(d, "model"),
                              js(d, "grade"), js(d, "claim_label"), js(d, "received"), fate_label(d), taker_label(d),
                              js(d, "channel"), js(d, "fate_date"), js(d, "returned"), kg };
        json_t *ers = json_object_get(d, "erasures"), *m;
        size_t k, nm = json_array_size(ers);
        for (k = 0; k < (nm ? nm : 1); k++) {
            for (int c = 0; c < 16; c++) csv_out_field(f, v[c], 0);
            m = json_array_get(ers, k);
            const char *res = m ? js(m, "result") : "";
            csv_out_field(f, m ? js(m, "medium") : "", 0);
            csv_out_field(f, m && *js(m, "category") ? erasure_category(js(m, "category")) : "", 0);
            csv_out_field(f, m && *js(m, "method") ? vocab_label_of(&VOCAB_TECHNIQUE, js(m, "method")) : "", 0);
            csv_out_field(f, m ? js(m, "date") : "", 0);
            csv_out_field(f, *res ? erasure_result(res) : "", 0);
            csv_out_field(f, m ? js(m, "record_hash") : "", 1);
        }
        tick(t);
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) return err_set(e, ERR_IO, _("Cannot write %s: %s."), path, strerror(errno ? errno : EIO));
    return 0;
}

/* ---- PDF ------------------------------------------------------------------------- */

enum { ROW_H = 10, SUB_H = 9, MARGIN = CERT_PDF_MARGIN };

typedef struct Col { const char *title; double w; } Col;

typedef struct Paper {
    const json_t *doc;
    char fpr[PROOF_FPR];
    char running[400];          /* the header of pages after the first */
    int pages;                  /* counted by the first pass, 0 during it */
    Col cols[9];
    ProofTick *tick;            /* progress, or NULL */
} Paper;

static void footer(CertPdf *p, void *arg)
{
    Paper *pp = arg;
    char buf[200];
    double y = p->y;
    cert_pdf_font(p, 7, 0);
    p->y = CERT_PDF_H - 24;
    if (pp->pages) snprintf(buf, sizeof buf, _("Page %d of %d"), p->page, pp->pages);
    else snprintf(buf, sizeof buf, _("Page %d of %d"), p->page, 999);
    cert_pdf_cell(p, MARGIN, 120, buf);
    snprintf(buf, sizeof buf, _("Fingerprint of the document: %s"), pp->fpr);
    cert_pdf_cell(p, MARGIN + 160, CERT_PDF_W - 2 * MARGIN - 160, buf);
    p->y = y;
}

static void table_head(CertPdf *p, const Paper *pp)
{
    cert_pdf_font(p, 7, 1);
    double x = MARGIN;
    for (int i = 0; i < 9; i++) { cert_pdf_cell(p, x, pp->cols[i].w, pp->cols[i].title); x += pp->cols[i].w; }
    if (!p->dry) {
        cairo_set_line_width(p->cr, 0.5);
        cairo_move_to(p->cr, MARGIN, p->y + 3);
        cairo_line_to(p->cr, CERT_PDF_W - MARGIN, p->y + 3);
        cairo_stroke(p->cr);
    }
    p->y += ROW_H + 2;
    cert_pdf_font(p, 7, 0);
}

static void running_header(CertPdf *p, void *arg)
{
    Paper *pp = arg;
    cert_pdf_font(p, 7, 0);
    cert_pdf_cell(p, MARGIN, CERT_PDF_W - 2 * MARGIN, pp->running);
    p->y += ROW_H + 4;
    table_head(p, pp);
}

static void summary(CertPdf *p, const json_t *doc)
{
    const json_t *s = json_object_get(doc, "summary");
    char buf[600], n[32];
    p->y += 4;
    cert_pdf_font(p, 11, 1);
    cert_pdf_text(p, MARGIN, _("What became of the devices"));
    cert_pdf_font(p, 9, 0);
    struct { const char *label; const char *key; } rows[] = {
        { _("Devices received"), "received" }, { _("Sent to reuse"), "reused" },
        { _("of which donated"), "donation" }, { _("of which sold"), "sale" }, { _("of which lent"), "loan" },
        { _("of which with no allocation recorded (state set by hand)"), "reused_unrecorded" },
        { _("Harvested for parts"), "parts" }, { _("Recycled"), "recycled" },
        { _("Still in the workshop (being prepared, ready, reserved)"), "in_workshop" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        if (i == 5 && !ji(s, rows[i].key)) continue;   /* said only when there are some */
        snprintf(n, sizeof n, "%lld", ji(s, rows[i].key));
        cert_pdf_field(p, MARGIN + (i >= 2 && i <= 5 ? 14 : 0), rows[i].label, n);
    }
    p->y += 4;
    cert_pdf_font(p, 9, 1);
    char pct[32];
    proof_percent_text(js(s, "reuse_ratio_percent"), pct);
    snprintf(buf, sizeof buf, ngettext("Reuse ratio (décret 2023-266): %s %% — %lld of %lld device received was sent to reuse.",
                                       "Reuse ratio (décret 2023-266): %s %% — %lld of %lld devices received were sent to reuse.",
                                       (unsigned long)ji(s, "reused")),
             pct, ji(s, "reused"), ji(s, "received"));
    cert_pdf_text(p, MARGIN, buf);
    /* the décret counts a device as reused only when its taker committed
     * to reuse it beforehand: say so when no commitment backs the ratio */
    json_t *lots = json_object_get(doc, "lots"), *l;
    size_t li;
    json_array_foreach(lots, li, l) {
        json_t *com = json_object_get(l, "commitment");
        if (json_is_true(json_object_get(com, "committed"))) continue;
        cert_pdf_font(p, 8, 0);
        snprintf(buf, sizeof buf, _("Lot %s: no prior commitment of the taker to reuse is recorded; under the décret "
                                    "2023-266 its devices count as reused only once that commitment is shown."),
                 js(l, "id"));
        cert_pdf_text(p, MARGIN + 14, buf);
        cert_pdf_font(p, 9, 1);
    }
    char kg[32];
    kg_text(ji(s, "co2e_avoided_g"), kg);
    snprintf(buf, sizeof buf, _("CO2e avoided by reuse: %s kg"), kg);
    cert_pdf_text(p, MARGIN, buf);
    cert_pdf_font(p, 8, 0);
    json_t *carbon = json_object_get(s, "carbon"), *r;
    size_t i;
    json_array_foreach(carbon, i, r) {
        if (json_is_integer(json_object_get(r, "g_per_device"))) {
            char per[32], tot[32];
            kg_text(ji(r, "g_per_device"), per);
            kg_text(ji(r, "g"), tot);
            /* TRANSLATORS: category, devices reused, the factor's label, kg per device, total kg */
            snprintf(buf, sizeof buf, ngettext("%s: %lld device × %s kg (%s) = %s kg", "%s: %lld devices × %s kg (%s) = %s kg",
                                               (unsigned long)ji(r, "devices")),
                     vocab_label_of(&VOCAB_CATEGORY, js(r, "category")), ji(r, "devices"), per, js(r, "factor"), tot);
        } else {
            snprintf(buf, sizeof buf, ngettext("%s: %lld device, no factor in the profile (not counted)",
                                               "%s: %lld devices, no factor in the profile (not counted)",
                                               (unsigned long)ji(r, "devices")),
                     vocab_label_of(&VOCAB_CATEGORY, js(r, "category")), ji(r, "devices"));
        }
        cert_pdf_text(p, MARGIN + 14, buf);
    }
    if (*js(s, "carbon_method")) cert_pdf_text(p, MARGIN + 14, js(s, "carbon_method"));
    else if (*js(s, "carbon_source")) cert_pdf_field(p, MARGIN + 14, _("Source of the factors"), js(s, "carbon_source"));
}

static void device_rows(CertPdf *p, Paper *pp, const json_t *d)
{
    json_t *ers = json_object_get(d, "erasures"), *m;
    size_t nm = json_array_size(ers), k;
    int subs = (int)nm + 1;
    cert_pdf_need(p, ROW_H + subs * SUB_H);
    cert_pdf_font(p, 7, 0);
    char mm[600];
    snprintf(mm, sizeof mm, "%s, %s%s%s", vocab_label_of(&VOCAB_CATEGORY, js(d, "category")), js(d, "make"),
             *js(d, "make") && *js(d, "model") ? " " : "", js(d, "model"));
    const char *v[9] = { js(d, "id"), js(d, "serial"), js(d, "donor_tag"), mm, js(d, "grade"),
                         js(d, "claim_label"), js(d, "received"), fate_label(d), js(d, "fate_date") };
    double x = MARGIN;
    for (int c = 0; c < 9; c++) { cert_pdf_cell(p, x, pp->cols[c].w, v[c]); x += pp->cols[c].w; }
    p->y += SUB_H;
    cert_pdf_font(p, 6.5, 0);
    char buf[700];
    const char *f = js(d, "fate");
    buf[0] = '\0';
    if (!strcmp(f, "reused") && *js(d, "taker")) {
        char kg[32] = "";
        if (json_is_integer(json_object_get(d, "co2e_g"))) {
            kg_text(ji(d, "co2e_g"), kg);
            snprintf(buf, sizeof buf, _("Taken by: %s · CO2e avoided: %s kg"), taker_label(d), kg);
        } else {
            snprintf(buf, sizeof buf, _("Taken by: %s"), taker_label(d));
        }
    } else if (!strcmp(f, "reused") && json_is_integer(json_object_get(d, "co2e_g"))) {
        char kg[32];
        kg_text(ji(d, "co2e_g"), kg);
        snprintf(buf, sizeof buf, _("CO2e avoided: %s kg"), kg);
    } else if (!strcmp(f, "recycled") && *js(d, "channel")) {
        snprintf(buf, sizeof buf, _("Recycling channel: %s"), js(d, "channel"));
    } else if (*js(d, "returned")) {
        snprintf(buf, sizeof buf, _("Loan returned on %s"), js(d, "returned"));
    }
    if (buf[0]) {
        cert_pdf_cell(p, MARGIN + 12, CERT_PDF_W - 2 * MARGIN - 12, buf);
        p->y += SUB_H;
    }
    if (!nm) {
        cert_pdf_cell(p, MARGIN + 12, CERT_PDF_W - 2 * MARGIN - 12, _("No storage medium recorded."));
        p->y += SUB_H;
    }
    json_array_foreach(ers, k, m) {
        erasure_text(m, 1, buf, sizeof buf);
        cert_pdf_cell(p, MARGIN + 12, CERT_PDF_W - 2 * MARGIN - 12, buf);
        p->y += SUB_H;
    }
    p->y += 2;
}

static int draw(Paper *pp, const char *path, Err *e)
{
    const json_t *doc = pp->doc, *donor = json_object_get(doc, "donor");
    CertPdf p;
    if (cert_pdf_begin(&p, path, _("Proof of reuse"), e) < 0) return -1;
    p.page_end = footer;
    p.page_start = running_header;
    p.hook_arg = pp;
    char buf[700], scope[400];
    scope_text(doc, scope, sizeof scope);
    cert_pdf_font(&p, 16, 1);
    cert_pdf_text(&p, MARGIN, _("Proof of reuse"));
    p.y += 2;
    cert_pdf_font(&p, 9, 0);
    cert_pdf_text(&p, MARGIN, _("What became of each device the donor gave, for the décret 2023-266: its erasure, "
                                "its grade and where it went."));
    const json_t *ws = json_object_get(doc, "workshop");
    snprintf(buf, sizeof buf, "%s (%s)", js(ws, "name"), js(ws, "code"));
    cert_pdf_field(&p, MARGIN, _("Workshop"), buf);
    const char *dk = js(donor, "kind");
    if (*dk) snprintf(buf, sizeof buf, "%s (%s)", js(donor, "name"), vocab_label_of(&VOCAB_PARTY_KIND, dk));
    else snprintf(buf, sizeof buf, "%s", js(donor, "name"));
    cert_pdf_field(&p, MARGIN, _("Donor"), buf);
    cert_pdf_field(&p, MARGIN, _("Devices"), scope);
    {
        /* "2026-12-02T02:29:21Z" as people read it: "2026-12-02 02:29 UTC" */
        const char *iso = js(doc, "issued");
        char when[64];
        if (strlen(iso) >= 16 && iso[10] == 'T') snprintf(when, sizeof when, "%.10s %.5s UTC", iso, iso + 11);
        else snprintf(when, sizeof when, "%s", iso);
        cert_pdf_field(&p, MARGIN, _("Issued"), when);
    }
    json_t *sig = json_object_get(doc, "signature");
    if (json_is_object(sig)) cert_pdf_field(&p, MARGIN, _("Signed with the workshop's key"), js(sig, "key_fingerprint"));
    cert_pdf_field(&p, MARGIN, _("Fingerprint of the document"), pp->fpr);
    p.y += 4;
    cert_pdf_font(&p, 11, 1);
    cert_pdf_text(&p, MARGIN, _("Commitment to reuse"));
    cert_pdf_font(&p, 9, 0);
    json_t *lots = json_object_get(doc, "lots"), *l;
    size_t i;
    json_array_foreach(lots, i, l) {
        snprintf(buf, sizeof buf, _("Lot %s of %s"), js(l, "id"), js(l, "date"));
        cert_pdf_field(&p, MARGIN, buf, js(l, "commitment_text"));
    }
    summary(&p, doc);
    p.y += 6;
    cert_pdf_need(&p, 4 * ROW_H);
    cert_pdf_font(&p, 11, 1);
    cert_pdf_text(&p, MARGIN, _("The devices"));
    table_head(&p, pp);
    json_t *devs = json_object_get(doc, "devices"), *d;
    json_array_foreach(devs, i, d) {
        device_rows(&p, pp, d);
        tick(pp->tick);
    }
    p.y += 6;
    cert_pdf_font(&p, 8, 0);
    cert_pdf_text(&p, MARGIN, _("Each disk's record hash is the one of its certificate of sanitization (boucle cert) "
                                "and of the workshop's signed chain of records (boucle verify). The JSON of this "
                                "document is signed with the workshop's key: boucle report verify FILE.json."));
    int pages = p.page;
    if (cert_pdf_end(&p, path, e) < 0) return -1;
    pp->pages = pages;
    return 0;
}

int proof_pdf(const json_t *doc, const char *path, Err *e) { return proof_pdf_ticked(doc, path, NULL, e); }

int proof_pdf_ticked(const json_t *doc, const char *path, ProofTick *t, Err *e)
{
    Paper pp = { .doc = doc, .tick = t };
    if (proof_fingerprint(doc, pp.fpr) < 0) return err_set(e, ERR_INTERNAL, "%s", _("Out of memory."));
    const Col cols[9] = { { C_("proof", "Asset id"), 54 }, { C_("proof", "Serial number"), 66 },
                          { C_("proof", "Donor tag"), 56 }, { C_("proof", "Device"), 106 },
                          { C_("proof", "Grade"), 30 }, { C_("proof", "Claim"), 54 },
                          { C_("proof", "Received on"), 44 }, { C_("proof", "Fate"), 57 }, { C_("proof", "Date"), 44 } };
    memcpy(pp.cols, cols, sizeof cols);
    char scope[400];
    scope_text(doc, scope, sizeof scope);
    const json_t *ws = json_object_get(doc, "workshop");
    /* TRANSLATORS: the header of every page after the first: donor, devices, workshop */
    snprintf(pp.running, sizeof pp.running, _("Proof of reuse — %s — %s — %s (%s)"),
             js(json_object_get(doc, "donor"), "name"), scope, js(ws, "name"), js(ws, "code"));
    if (draw(&pp, NULL, e) < 0) return -1;   /* counts the pages */
    return draw(&pp, path, e);
}
