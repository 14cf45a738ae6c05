/*
 * quota_doc.c — a public body's yearly statement drawn from its JSON
 * document (see quota.h): the CSV, one row per device, and the PDF, one or
 * two pages with the paging and fonts of every document (cert_pdf.h).
 */
#include "core/report/quota.h"
#include "core/cert/cert_pdf.h"
#include "core/report/carbon.h"
#include "core/report/proof.h"
#include "core/stock/party.h"
#include "core/vocab/vocab.h"
#include "util/csvout.h"
#include "util/i18n.h"
#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *js(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static long long ji(const json_t *o, const char *k) { return (long long)json_integer_value(json_object_get(o, k)); }

/* "1234,50" with the language's decimal mark. */
static void euros_text(long long cents, char out[32])
{
    snprintf(out, 32, "%lld%s%02lld", cents / 100, _("."), cents % 100);
}

static const char *fate_word(const char *f)
{
    if (!strcmp(f, "reused")) return C_("fate", "reused");
    if (!strcmp(f, "parts")) return C_("fate", "parts");
    if (!strcmp(f, "recycled")) return C_("fate", "recycled");
    return C_("fate", "in the workshop");
}

static const char *as_word(const char *as) { return !strcmp(as, "sale") ? C_("fate", "sale") : C_("fate", "donation"); }

/* ---- the sentences, shared by the PDF, the screens and the terminal ------ */

static void donor_line(const json_t *doc, char *out, size_t size)
{
    const json_t *d = json_object_get(doc, "donor");
    int year = (int)ji(doc, "year");
    if (!ji(d, "received")) {
        snprintf(out, size, _("In %d, this body gave no device to this workshop: there is no ratio to state."), year);
        return;
    }
    char pct[32];
    proof_percent_text(js(d, "ratio_percent"), pct);
    json_t *t = json_object_get(d, "target_percent");
    if (json_is_integer(t))
        snprintf(out, size, ngettext("Décret 2023-266 ratio in %d: %s %% (%lld of %lld device given sent to reuse); "
                                     "target %lld %%: %s.",
                                     "Décret 2023-266 ratio in %d: %s %% (%lld of %lld devices given sent to reuse); "
                                     "target %lld %%: %s.", (unsigned long)ji(d, "received")),
                 year, pct, ji(d, "reused"), ji(d, "received"), (long long)json_integer_value(t),
                 json_is_true(json_object_get(d, "met")) ? _("reached") : _("not reached"));
    else
        snprintf(out, size, ngettext("Reuse ratio in %d: %s %% (%lld of %lld device given sent to reuse); the décret "
                                     "2023-266 sets targets from 2023.",
                                     "Reuse ratio in %d: %s %% (%lld of %lld devices given sent to reuse); the décret "
                                     "2023-266 sets targets from 2023.", (unsigned long)ji(d, "received")),
                 year, pct, ji(d, "reused"), ji(d, "received"));
}

static void buyer_line(const json_t *doc, char *out, size_t size)
{
    const json_t *b = json_object_get(doc, "buyer");
    int year = (int)ji(doc, "year");
    long long n = ji(b, "devices_bought"), nf = ji(b, "devices_free");
    char paid[32], decl[32], pct[32];
    euros_text(ji(b, "paid_cents"), paid);
    json_t *dc = json_object_get(b, "declared_cents");
    if (!n && !nf) {
        if (json_is_integer(dc) && json_integer_value(dc) > 0) {
            /* declared, nothing bought here: a share of 0, said as such */
            euros_text(json_integer_value(dc), decl);
            snprintf(out, size, _("In %d: IT purchases declared as %s €, none of them made here: AGEC share 0 %%."),
                     year, decl);
        } else
            snprintf(out, size, _("In %d, this body bought no device from this workshop."), year);
        return;
    }
    if (!json_is_integer(dc)) {
        snprintf(out, size, ngettext("In %d: %lld device bought here for %s €; the total of its IT purchases for %d "
                                     "is not declared, so the AGEC share cannot be stated.",
                                     "In %d: %lld devices bought here for %s €; the total of its IT purchases for %d "
                                     "is not declared, so the AGEC share cannot be stated.", (unsigned long)n),
                 year, n, paid, year);
        return;
    }
    euros_text(json_integer_value(dc), decl);
    if (!*js(b, "share_percent")) {
        snprintf(out, size, ngettext("In %d: %lld device bought here for %s €, of IT purchases declared as %s €.",
                                     "In %d: %lld devices bought here for %s €, of IT purchases declared as %s €.",
                                     (unsigned long)n), year, n, paid, decl);
        return;
    }
    proof_percent_text(js(b, "share_percent"), pct);
    snprintf(out, size, ngettext("AGEC share in %d: %s %% of its IT purchases made from reuse (%lld device bought here "
                                 "for %s €, of %s € declared).",
                                 "AGEC share in %d: %s %% of its IT purchases made from reuse (%lld devices bought "
                                 "here for %s €, of %s € declared).", (unsigned long)n),
             year, pct, n, paid, decl);
}

void quota_summary_text(const json_t *doc, char *out, size_t size)
{
    char a[600], b[600];
    donor_line(doc, a, sizeof a);
    buyer_line(doc, b, sizeof b);
    snprintf(out, size, "%s %s", a, b);
}

/* ---- CSV ----------------------------------------------------------------- */

int quota_csv(const json_t *doc, const char *path, Err *e)
{
    FILE *f = fopen(path, "wb");
    if (!f) return err_set(e, ERR_IO, _("Cannot write %s: %s."), path, strerror(errno));
    fputs("\xEF\xBB\xBF", f);
    const char *head[] = { C_("quota", "Year"), C_("quota", "Party"), C_("quota", "As"), _("Asset id"), _("Category"),
                           _("Make"), _("Model"), C_("proof", "Date"), C_("proof", "Fate"), C_("quota", "Price (€)"),
                           _("CO2e avoided (kg)") };
    enum { N = sizeof head / sizeof head[0] };
    for (int i = 0; i < N; i++) csv_out_field(f, head[i], i == N - 1);
    char year[16];
    snprintf(year, sizeof year, "%lld", ji(doc, "year"));
    const char *code = js(json_object_get(doc, "party"), "code");
    const char *sides[2] = { "donor", "buyer" };
    for (int s = 0; s < 2; s++) {
        json_t *d;
        size_t i;
        json_array_foreach(json_object_get(json_object_get(doc, sides[s]), "devices"), i, d) {
            char kg[32] = "", price[32] = "";
            if (json_is_integer(json_object_get(d, "co2e_g")) && (s == 1 || !strcmp(js(d, "fate"), "reused")))
                carbon_kg_text(ji(d, "co2e_g"), kg);
            if (json_is_integer(json_object_get(d, "price_cents"))) euros_text(ji(d, "price_cents"), price);
            const char *v[N] = { year, code, s ? C_("quota", "buyer") : C_("quota", "donor"), js(d, "id"),
                                 vocab_label_of(&VOCAB_CATEGORY, js(d, "category")), js(d, "make"), js(d, "model"),
                                 js(d, "date"), s ? as_word(js(d, "as")) : fate_word(js(d, "fate")), price, kg };
            for (int c = 0; c < N; c++) csv_out_field(f, v[c], c == N - 1);
        }
    }
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) return err_set(e, ERR_IO, _("Cannot write %s: %s."), path, strerror(errno ? errno : EIO));
    return 0;
}

/* ---- PDF ----------------------------------------------------------------- */

enum { MARGIN = CERT_PDF_MARGIN, ROW_H = 10 };

static void footer(CertPdf *p, void *arg)
{
    const json_t *doc = arg;
    char buf[300];
    double y = p->y;
    cert_pdf_font(p, 7, 0);
    p->y = CERT_PDF_H - 24;
    /* TRANSLATORS: page number, party code, year */
    snprintf(buf, sizeof buf, _("Page %d — %s — %lld"), p->page, js(json_object_get(doc, "party"), "code"), ji(doc, "year"));
    cert_pdf_cell(p, MARGIN, CERT_PDF_W - 2 * MARGIN, buf);
    p->y = y;
}

static void device_table(CertPdf *p, const json_t *devs, int buyer)
{
    const char *titles[6] = { C_("proof", "Asset id"), C_("proof", "Device"), C_("proof", "Date"),
                              buyer ? C_("quota", "As") : C_("proof", "Fate"),
                              buyer ? C_("quota", "Price (€)") : "", _("CO2e avoided (kg)") };
    const double w[6] = { 70, 190, 60, 70, 50, 70 };
    cert_pdf_need(p, 3 * ROW_H);
    cert_pdf_font(p, 7, 1);
    double x = MARGIN;
    for (int i = 0; i < 6; i++) { cert_pdf_cell(p, x, w[i], titles[i]); x += w[i]; }
    p->y += ROW_H + 2;
    cert_pdf_font(p, 7, 0);
    json_t *d;
    size_t k;
    json_array_foreach(devs, k, d) {
        char mm[400], kg[32] = "", price[32] = "";
        snprintf(mm, sizeof mm, "%s, %s%s%s", vocab_label_of(&VOCAB_CATEGORY, js(d, "category")), js(d, "make"),
                 *js(d, "make") && *js(d, "model") ? " " : "", js(d, "model"));
        if (json_is_integer(json_object_get(d, "co2e_g")) && (buyer || !strcmp(js(d, "fate"), "reused")))
            carbon_kg_text(ji(d, "co2e_g"), kg);
        if (json_is_integer(json_object_get(d, "price_cents"))) euros_text(ji(d, "price_cents"), price);
        const char *v[6] = { js(d, "id"), mm, js(d, "date"), buyer ? as_word(js(d, "as")) : fate_word(js(d, "fate")),
                             price, kg };
        cert_pdf_need(p, ROW_H);
        x = MARGIN;
        for (int i = 0; i < 6; i++) { cert_pdf_cell(p, x, w[i], v[i]); x += w[i]; }
        p->y += ROW_H;
    }
}

int quota_pdf(const json_t *doc, const char *path, Err *e)
{
    CertPdf p;
    char buf[1200];
    if (cert_pdf_begin(&p, path, _("Reuse quotas of a public body"), e) < 0) return -1;
    p.page_end = footer;
    p.hook_arg = (void *)doc;
    const json_t *party = json_object_get(doc, "party"), *ws = json_object_get(doc, "workshop");
    const json_t *donor = json_object_get(doc, "donor"), *buyer = json_object_get(doc, "buyer");
    cert_pdf_font(&p, 16, 1);
    snprintf(buf, sizeof buf, _("Reuse quotas of a public body — %lld"), ji(doc, "year"));
    cert_pdf_text(&p, MARGIN, buf);
    p.y += 2;
    cert_pdf_font(&p, 9, 0);
    snprintf(buf, sizeof buf, "%s (%s)", js(party, "name"), js(party, "code"));
    cert_pdf_field(&p, MARGIN, _("Public body"), buf);
    snprintf(buf, sizeof buf, "%s (%s)", js(ws, "name"), js(ws, "code"));
    cert_pdf_field(&p, MARGIN, _("Workshop"), buf);
    const char *iso = js(doc, "issued");
    char when[64];
    if (strlen(iso) >= 16 && iso[10] == 'T') snprintf(when, sizeof when, "%.10s %.5s UTC", iso, iso + 11);
    else snprintf(when, sizeof when, "%s", iso);
    cert_pdf_field(&p, MARGIN, _("Issued"), when);

    p.y += 6;
    cert_pdf_font(&p, 11, 1);
    cert_pdf_text(&p, MARGIN, _("As a donor: décret 2023-266"));
    cert_pdf_font(&p, 9, 0);
    donor_line(doc, buf, sizeof buf);
    cert_pdf_text(&p, MARGIN, buf);
    cert_pdf_font(&p, 8, 0);
    cert_pdf_text(&p, MARGIN, _("Method: the devices the body gave this workshop in the year, and of them those sent to "
                                "reuse, as the proof of reuse counts them (boucle report proof); the décret counts a "
                                "device only when the taker committed to reuse it beforehand."));
    if (ji(donor, "received")) {
        char kg[32];
        carbon_kg_text(ji(donor, "co2e_avoided_g"), kg);
        snprintf(buf, sizeof buf, _("CO2e avoided by reuse: %s kg"), kg);
        cert_pdf_font(&p, 9, 0);
        cert_pdf_text(&p, MARGIN, buf);
        p.y += 2;
        device_table(&p, json_object_get(donor, "devices"), 0);
    }

    p.y += 8;
    cert_pdf_need(&p, 5 * CERT_PDF_LINE);
    cert_pdf_font(&p, 11, 1);
    cert_pdf_text(&p, MARGIN, _("As a buyer: AGEC law, art. 58"));
    cert_pdf_font(&p, 9, 0);
    buyer_line(doc, buf, sizeof buf);
    cert_pdf_text(&p, MARGIN, buf);
    cert_pdf_font(&p, 8, 0);
    cert_pdf_text(&p, MARGIN, _("Method: what the body paid this workshop, excluding tax, for devices delivered in the "
                                "year, over the total of its IT purchases it declared for that year (décrets 2021-254 "
                                "and 2024-134). Devices received free are listed, not counted in the share."));
    if (ji(buyer, "devices_free")) {
        snprintf(buf, sizeof buf, ngettext("%lld device received free.", "%lld devices received free.",
                                           (unsigned long)ji(buyer, "devices_free")), ji(buyer, "devices_free"));
        cert_pdf_text(&p, MARGIN, buf);
    }
    if (json_array_size(json_object_get(buyer, "devices"))) {
        p.y += 2;
        device_table(&p, json_object_get(buyer, "devices"), 1);
    }
    p.y += 8;
    cert_pdf_font(&p, 8, 0);
    cert_pdf_text(&p, MARGIN, js(doc, "carbon_method"));
    return cert_pdf_end(&p, path, e);
}
