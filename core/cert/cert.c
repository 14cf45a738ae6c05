/*
 * cert.c — certificates of sanitization (see cert.h).
 *
 * cert_build() gathers everything into one JSON object; cert_pdf() only
 * lays that object out (A4, one block per device, one line group per
 * medium and wipe), paging when a block does not fit.
 */
#include "core/cert/cert.h"
#include "core/cert/cert_pdf.h"
#include "core/log/chain.h"
#include "core/log/verify.h"
#include "core/stock/device.h"
#include "core/grading/grading.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "util/i18n.h"
#include <cairo-pdf.h>
#include <cairo.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *js(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_string(v) ? json_string_value(v) : "";
}

static json_t *device_block(Ctx *c, const Device *d, Err *e)
{
    json_t *j = device_to_json(c, d, 0, e);
    if (!j) return NULL;
    /* NIST §4.8 names for the media: source = the donor, property number =
     * the donor's asset tag, destination = the device's outcome. */
    json_t *media = json_object_get(j, "media"), *wipes = json_object_get(j, "wipes"), *m, *w;
    size_t i, k;
    json_array_foreach(media, i, m) {
        json_t *list = json_array();
        json_array_foreach(wipes, k, w)
            if (!strcmp(js(w, "serial"), js(m, "serial"))) json_array_append(list, w);
        json_object_set_new(m, "sanitization", list);
        json_object_set(m, "media_source", json_object_get(j, "donor"));
        json_object_set_new(m, "property_number", json_string(d->donor_tag));
        json_object_set_new(m, "destination", d->outcome >= 0 ? json_string(vocab_key(&VOCAB_OUTCOME, d->outcome)) : json_null());
    }
    return j;
}

json_t *cert_build(Ctx *c, const char *id, Err *e)
{
    Device d;
    Lot lot;
    json_t *devices = json_array();
    char lot_id[LOT_ID_MAX] = "";
    int f = device_find(c, id, &d, e);
    if (f < 0) goto fail;
    if (f) {
        json_t *b = device_block(c, &d, e);
        if (!b) goto fail;
        json_array_append_new(devices, b);
    } else {
        int l = lot_get(c, id, &lot, e);
        if (l < 0) goto fail;
        if (!l) { err_set(e, ERR_NOTFOUND, _("No device or lot %s."), id); goto fail; }
        snprintf(lot_id, sizeof lot_id, "%s", lot.id);
        DeviceQuery q = { .lot = lot.id };
        DeviceRow rows[64];
        int64_t anchor = INT64_MAX;
        int n;
        while ((n = device_page(c, &q, anchor, 1, 64, rows, e)) > 0) {
            for (int i = 0; i < n; i++) {
                json_t *b = device_block(c, &rows[i].d, e);
                if (!b) goto fail;
                json_array_append_new(devices, b);
            }
            anchor = rows[n - 1].n;
        }
        if (n < 0) goto fail;
    }
    char fpr[CHAIN_FPR] = "", now[32];
    ChainReport r;
    /* built from verified records only: the events (the chain) and, for
     * each device, its rows recomputed from them (core/log/verify.h) */
    size_t nd = json_array_size(devices);
    const char **ids = calloc(nd ? nd : 1, sizeof *ids);
    if (!ids) { err_set(e, ERR_INTERNAL, "%s", _("out of memory")); goto fail; }
    for (size_t i = 0; i < nd; i++) ids[i] = js(json_array_get(devices, i), "id");
    int v = verify_for_document(c, ids, nd, &r, e);
    free(ids);
    if (v < 0) {
        if (e && e->code == ERR_INPUT) {
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e->msg);
            err_set(e, ERR_INPUT, _("Certificate refused: %s"), why);
        }
        goto fail;
    }
    chain_fingerprint(c, fpr, NULL);
    time_t t = time(NULL);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t));
    json_t *cert = json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:s, s:s, s:I, s:b}",
                             "type", "certificate-of-sanitization", "standard", "NIST SP 800-88 Rev. 1, 4.8",
                             "issued", now, "lang", lang_current(),
                             "workshop", "code", c->workshop, "name", c->workshop_name,
                             "key_fingerprint", fpr, "chain_head", r.head, "chain_records", (json_int_t)r.records,
                             "chain_intact", r.ok);
    /* the newest head the hub took: what the records rest on beyond this PC */
    json_object_set_new(cert, "anchored_head", r.anchored_n
                        ? json_pack("{s:I, s:s}", "n", (json_int_t)r.anchored_n, "hash", r.anchored)
                        : json_null());
    json_object_set_new(cert, "lot", lot_id[0] ? json_string(lot_id) : json_null());
    json_object_set_new(cert, "devices", devices);
    return cert;
fail:
    json_decref(devices);
    return NULL;
}

int cert_json_write(const json_t *cert, const char *path, Err *e)
{
    if (json_dump_file(cert, path, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0)
        return err_set(e, ERR_IO, _("Cannot write %s: %s."), path, strerror(errno));
    return 0;
}

/* ---- PDF ----------------------------------------------------------------- */

enum { PAGE_W = CERT_PDF_W, PAGE_H = CERT_PDF_H, MARGIN = CERT_PDF_MARGIN, LINE = CERT_PDF_LINE };

typedef CertPdf Pdf;   /* cert_pdf.h: shared with the other documents */

static void font(Pdf *p, double size, int bold)
{
    cairo_select_font_face(p->cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(p->cr, size);
}

static void need(Pdf *p, double h)
{
    if (p->y + h <= PAGE_H - MARGIN) return;
    if (p->page_end) p->page_end(p, p->hook_arg);
    if (!p->dry) cairo_show_page(p->cr);
    p->page++;
    p->y = MARGIN;
    if (p->page_start) p->page_start(p, p->hook_arg);
}

/* Text from x to the right margin, wrapped at spaces onto as many lines as
 * it needs (a word longer than the line is cut between characters): a
 * fingerprint or a hash is never lost past the margin. Continuation lines
 * are indented by `indent` points. */
static void text_wrapped(Pdf *p, double x, double indent, const char *s)
{
    double width = PAGE_W - MARGIN - x;
    while (*s) {
        char buf[1024];
        size_t len = strlen(s), fit = 0, sp = 0;
        if (len >= sizeof buf) len = sizeof buf - 1;
        /* the longest prefix of whole characters that fits */
        for (size_t n = 1; n <= len; n++) {
            if (n < len && ((unsigned char)s[n] & 0xc0) == 0x80) continue;
            memcpy(buf, s, n);
            buf[n] = '\0';
            cairo_text_extents_t ext;
            cairo_text_extents(p->cr, buf, &ext);
            if (ext.x_advance > width) break;
            fit = n;
            if (n < len && s[n] == ' ') sp = n;
        }
        if (!fit) fit = 1;
        size_t cut = fit < strlen(s) && sp ? sp : fit;
        memcpy(buf, s, cut);
        buf[cut] = '\0';
        need(p, LINE);
        if (!p->dry) {
            cairo_move_to(p->cr, x, p->y);
            cairo_show_text(p->cr, buf);
        }
        p->y += LINE;
        s += cut;
        while (*s == ' ') s++;
        if (*s && indent > 0) { x += indent; width -= indent; indent = 0; }
    }
}

static void text(Pdf *p, double x, const char *s)
{
    text_wrapped(p, x, 12, s);
}

/* "Label: value" */
static void field(Pdf *p, double x, const char *label, const char *value)
{
    char buf[600];
    snprintf(buf, sizeof buf, _("%s: %s"), label, value && *value ? value : "—");
    text(p, x, buf);
}

static void draw_wipe(Pdf *p, const json_t *w)
{
    char buf[300];
    snprintf(buf, sizeof buf, "%s, %s%s%s", vocab_label_of(&VOCAB_WIPE_CATEGORY, js(w, "category")),
             vocab_label_of(&VOCAB_TECHNIQUE, js(w, "technique")), *js(w, "pattern") ? ", " : "", js(w, "pattern"));
    field(p, MARGIN + 24, _("Sanitization category and method"), buf);
    snprintf(buf, sizeof buf, "%s %s", js(w, "tool"), js(w, "tool_version"));
    field(p, MARGIN + 24, _("Tool and version"), buf);
    if (*js(w, "verification_result"))
        snprintf(buf, sizeof buf, "%s, %s", vocab_label_of(&VOCAB_VERIFICATION, js(w, "verification")),
                 vocab_label_of(&VOCAB_VERIF_RESULT, js(w, "verification_result")));
    else
        snprintf(buf, sizeof buf, "%s", vocab_label_of(&VOCAB_VERIFICATION, js(w, "verification")));
    field(p, MARGIN + 24, _("Verification and result"), buf);
    snprintf(buf, sizeof buf, "%s → %s", js(w, "started"), js(w, "ended"));
    field(p, MARGIN + 24, _("Start and end"), buf);
    const char *st = js(w, "status");
    field(p, MARGIN + 24, _("Status"), vocab_label_of(&VOCAB_WIPE_STATUS, st));
    snprintf(buf, sizeof buf, "%s, %s", js(w, "operator"), js(w, "workshop"));
    field(p, MARGIN + 24, _("Sanitized and verified by, location"), buf);
    field(p, MARGIN + 24, _("Record hash"), js(w, "record_hash"));
}

static void draw_device(Pdf *p, const json_t *d)
{
    char buf[600];
    need(p, 6 * LINE);
    p->y += 6;
    font(p, 11, 1);
    snprintf(buf, sizeof buf, "%s — %s %s (%s)", js(d, "id"), js(d, "make"), js(d, "model"),
             vocab_label_of(&VOCAB_CATEGORY, js(d, "category")));
    text(p, MARGIN, buf);
    font(p, 9, 0);
    field(p, MARGIN + 12, _("Serial number"), js(d, "serial"));
    field(p, MARGIN + 12, _("Donor and property number"), js(d, "donor"));
    if (*js(d, "donor_tag")) field(p, MARGIN + 12, _("Donor asset tag"), js(d, "donor_tag"));
    field(p, MARGIN + 12, _("Claim"), js(d, "claim_label"));
    json_t *miss = json_object_get(d, "claim_missing"), *m;
    size_t i;
    json_array_foreach(miss, i, m) {
        snprintf(buf, sizeof buf, "  – %s", json_string_value(m));
        text(p, MARGIN + 12, buf);
    }
    field(p, MARGIN + 12, _("Post-sanitization destination"), vocab_label_of(&VOCAB_OUTCOME, js(d, "outcome")));
    json_t *media = json_object_get(d, "media");
    if (!json_array_size(media)) text(p, MARGIN + 12, _("No storage medium recorded."));
    json_array_foreach(media, i, m) {
        font(p, 9, 1);
        snprintf(buf, sizeof buf, _("Medium %s, %s, %s"), js(m, "serial"), js(m, "model"),
                 vocab_label_of(&VOCAB_MEDIA_TYPE, js(m, "type")));
        text(p, MARGIN + 12, buf);
        font(p, 9, 0);
        json_t *ws = json_object_get(m, "sanitization"), *w;
        size_t k;
        if (!json_array_size(ws)) text(p, MARGIN + 24, _("No wipe record."));
        json_array_foreach(ws, k, w) draw_wipe(p, w);
    }
}

int cert_pdf(const json_t *cert, const char *path, Err *e)
{
    Pdf p;
    if (cert_pdf_begin(&p, path, _("Certificate of sanitization"), e) < 0) return -1;
    font(&p, 16, 1);
    text(&p, MARGIN, _("Certificate of sanitization"));
    p.y += 4;
    font(&p, 9, 0);
    text(&p, MARGIN, _("Following NIST SP 800-88 (section 4.8) and décret 2022-190."));
    const json_t *ws = json_object_get(cert, "workshop");
    char buf[300];
    snprintf(buf, sizeof buf, "%s (%s)", js(ws, "name"), js(ws, "code"));
    field(&p, MARGIN, _("Workshop"), buf);
    field(&p, MARGIN, _("Issued"), js(cert, "issued"));
    if (*js(cert, "lot")) field(&p, MARGIN, _("Lot"), js(cert, "lot"));
    field(&p, MARGIN, _("Signing key fingerprint (Ed25519)"), js(cert, "key_fingerprint"));
    field(&p, MARGIN, _("Chain head"), js(cert, "chain_head"));
    snprintf(buf, sizeof buf, _("intact, %lld records verified"),
             (long long)json_integer_value(json_object_get(cert, "chain_records")));
    field(&p, MARGIN, _("Chain of records"), buf);
    const json_t *an = json_object_get(cert, "anchored_head");
    if (json_is_object(an))
        snprintf(buf, sizeof buf, _("record %lld, %s"), (long long)json_integer_value(json_object_get(an, "n")),
                 js(an, "hash"));
    else
        snprintf(buf, sizeof buf, "%s", _("not yet (the next sync anchors it)"));
    field(&p, MARGIN, _("Anchored at the regional hub"), buf);
    json_t *devs = json_object_get(cert, "devices"), *d;
    size_t i;
    json_array_foreach(devs, i, d) draw_device(&p, d);
    p.y += LINE;
    text(&p, MARGIN, _("Signature of the workshop: ______________________"));
    return cert_pdf_end(&p, path, e);
}

static cairo_status_t write_nowhere(void *closure, const unsigned char *data, unsigned int length)
{
    (void)closure; (void)data; (void)length;
    return CAIRO_STATUS_SUCCESS;
}

int cert_pdf_begin(CertPdf *p, const char *path, const char *title, Err *e)
{
    cairo_surface_t *s = path ? cairo_pdf_surface_create(path, PAGE_W, PAGE_H)
                              : cairo_pdf_surface_create_for_stream(write_nowhere, NULL, PAGE_W, PAGE_H);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(s);
        return err_set(e, ERR_IO, _("Cannot write %s: %s."), path ? path : "-", strerror(errno ? errno : EACCES));
    }
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "boucle");
    *p = (CertPdf){ .cr = cairo_create(s), .y = MARGIN + 10, .page = 1, .surface = s, .dry = !path };
    cairo_set_source_rgb(p->cr, 0, 0, 0);
    return 0;
}

int cert_pdf_end(CertPdf *p, const char *path, Err *e)
{
    cairo_surface_t *s = p->surface;
    if (p->page_end) p->page_end(p, p->hook_arg);
    if (!p->dry) cairo_show_page(p->cr);
    cairo_status_t st = cairo_status(p->cr);
    cairo_destroy(p->cr);
    cairo_surface_finish(s);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(s);
    cairo_surface_destroy(s);
    p->cr = NULL;
    p->surface = NULL;
    if (st != CAIRO_STATUS_SUCCESS)
        return err_set(e, ERR_IO, _("Cannot write %s: %s."), path ? path : "-", cairo_status_to_string(st));
    return 0;
}

void cert_pdf_font(CertPdf *p, double size, int bold) { font(p, size, bold); }
void cert_pdf_need(CertPdf *p, double h) { need(p, h); }
void cert_pdf_text(CertPdf *p, double x, const char *s) { text(p, x, s); }
void cert_pdf_field(CertPdf *p, double x, const char *label, const char *value) { field(p, x, label, value); }

void cert_pdf_cell(CertPdf *p, double x, double w, const char *s)
{
    if (p->dry) return;
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", s);
    cairo_text_extents_t ext;
    cairo_text_extents(p->cr, buf, &ext);
    size_t n = strlen(buf);
    while (ext.x_advance > w - 3 && n > 0) {
        do n--; while (n > 0 && ((unsigned char)buf[n] & 0xc0) == 0x80);
        memcpy(buf + n, "…", sizeof "…");
        cairo_text_extents(p->cr, buf, &ext);
    }
    cairo_move_to(p->cr, x, p->y);
    cairo_show_text(p->cr, buf);
}

void cert_release_fonts(void)
{
    cairo_debug_reset_static_data();
    /* fontconfig is loaded by cairo but not linked by us: find FcFini there */
    void *sym = dlsym(RTLD_DEFAULT, "FcFini");
    if (sym) {
        void (*fini)(void);
        memcpy(&fini, &sym, sizeof fini);
        fini();
    }
}
