/*
 * cert_pdf.h — the page helpers the certificate's PDF is drawn with
 * (core/cert/cert.c), shared with other documents for donors (the lot's
 * reconciliation, core/inventory/reconcile_doc.c) so that every PDF boucle
 * writes has the same page, fonts, wrapping and paging.
 *
 * A4 in points, DejaVu Sans, black on white. cert_pdf_begin() opens the
 * surface with its title and the cursor at the top margin; text goes down
 * the page and a new page starts when a line would cross the bottom
 * margin; cert_pdf_end() closes the last page and reports any error of
 * cairo's as an error value.
 */
#ifndef BOUCLE_CERT_PDF_H
#define BOUCLE_CERT_PDF_H
#include <cairo.h>
#include "util/err.h"

enum { CERT_PDF_W = 595, CERT_PDF_H = 842, CERT_PDF_MARGIN = 42, CERT_PDF_LINE = 13 };

typedef struct CertPdf {
    cairo_t *cr;
    double y;                 /* baseline of the next line */
    int page;                 /* 1-based */
    cairo_surface_t *surface; /* set by cert_pdf_begin */
    /* Optional, set after cert_pdf_begin: called before a page is shown
     * (a footer) and when a new page starts, after the first (a running
     * header, which moves y down). */
    void (*page_end)(struct CertPdf *p, void *arg);
    void (*page_start)(struct CertPdf *p, void *arg);
    void *hook_arg;
    int dry;                  /* opened without a path: lay out, measure, draw nothing */
} CertPdf;

/* Opens path as a PDF titled `title` (metadata); path NULL lays the
 * document out without drawing or writing it (dry: text is measured, where
 * it wraps, and pages are counted, at a small part of the cost). 0, or -1
 * with e. */
int cert_pdf_begin(CertPdf *p, const char *path, const char *title, Err *e);
/* Ends the last page and closes the file. 0, or -1 with e. */
int cert_pdf_end(CertPdf *p, const char *path, Err *e);
void cert_pdf_font(CertPdf *p, double size, int bold);
/* Starts a new page unless h points still fit on this one. */
void cert_pdf_need(CertPdf *p, double h);
/* Text from x to the right margin, wrapped at spaces (continuation lines
 * indented), one LINE each. */
void cert_pdf_text(CertPdf *p, double x, const char *s);
/* Text at x on the current line, in a column w points wide: cut with "…"
 * when it does not fit (a table's cell). y does not move. */
void cert_pdf_cell(CertPdf *p, double x, double w, const char *s);
/* "Label: value" ("—" for an empty value), wrapped as cert_pdf_text. */
void cert_pdf_field(CertPdf *p, double x, const char *label, const char *value);

#endif
