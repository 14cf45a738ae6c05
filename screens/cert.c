/*
 * cert.c — writing a certificate of sanitization from the UI, for a device
 * (from its detail) or a lot (from the lot list): the PDF at the path in the
 * field, the JSON beside it (same name, .json). The field starts in the
 * documents folder ($XDG_DOCUMENTS_DIR, else ~/) with a name made of the id;
 * "~/" is expanded. The certificate is in the UI's language (core/cert/cert.c
 * follows lang_current()).
 *
 * State: the id, the field, the last result (where the files went).
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/wipe_screens.h"
#include "core/cert/cert.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/path.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_WRITE = REQ_SCREEN };

typedef struct CertScreen {
    char id[64];
    FormField field;
    Form form;
    char msg[2048];
    TermColor msg_color;
} CertScreen;

/* pdf's path with its extension replaced by .json (or .json added). */
static void json_path(const char *pdf, char *out, size_t n)
{
    const char *dot = strrchr(pdf, '.'), *slash = strrchr(pdf, '/');
    size_t base = dot && (!slash || dot > slash) ? (size_t)(dot - pdf) : strlen(pdf);
    snprintf(out, n, "%.*s.json", (int)base, pdf);
}

static int write_cert(CertScreen *t)
{
    char typed[4096], pdf[4096], js[4200];
    form_text(&t->form, 0, typed, sizeof typed);
    path_expand(typed, pdf, sizeof pdf);
    if (path_is_dir(pdf)) {
        /* a folder: the usual name inside it */
        char name[4200];
        snprintf(name, sizeof name, _("%s/certificate-%s.pdf"), pdf, t->id);
        snprintf(pdf, sizeof pdf, "%s", name);
    }
    json_path(pdf, js, sizeof js);
    Err e = { 0 };
    json_t *cert = cert_build(app_ctx(), t->id, &e);
    if (!cert || cert_pdf(cert, pdf, &e) < 0 || cert_json_write(cert, js, &e) < 0) {
        snprintf(t->msg, sizeof t->msg, "%s", e.msg);
        t->msg_color = CLR_ERROR;
    } else {
        snprintf(t->msg, sizeof t->msg, _("Certificate written: %s and %s"), pdf, js);
        t->msg_color = CLR_OK;
        form_set_text(&t->form, 0, pdf);
    }
    json_decref(cert);
    return TUI_REDRAW;
}

static void cert_draw(Screen *s, WINDOW *w, int full)
{
    CertScreen *t = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Certificate of sanitization of %s"), t->id);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&t->form, w, 2, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 4, 2, cols - 4, 3,
              _("Enter writes the PDF there and the JSON beside it (same name, .json), in the language of this screen."));
    if (t->msg[0]) {
        wattrset(w, term_attr(t->msg_color));
        draw_wrap(w, 8, 2, cols - 4, rows - 9, t->msg);
    }
    wattrset(w, A_NORMAL);
}

static int cert_handle(Screen *s, Key k)
{
    CertScreen *t = s->state;
    int r = form_handle(&t->form, k);
    if (r & FORM_SUBMIT) return write_cert(t);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int cert_run(Screen *s, int req)
{
    CertScreen *t = s->state;
    (void)req;
    return form_submit(&t->form) & FORM_SUBMIT ? write_cert(t) : TUI_REDRAW;
}

static void cert_leave(Screen *s) { free(s->state); }

const Action scr_cert_actions[] = {
    { REQ_WRITE, { K_ENTER, K_F(2) }, N_("Write"), N_("Write the certificate (PDF and JSON)"), cert_run },
    { 0 }
};

void scr_cert_open(const char *id)
{
    static const Screen tmpl = {
        .name = "cert", .title = N_("Certificate"), .actions = scr_cert_actions,
        .leave = cert_leave, .draw = cert_draw, .handle = cert_handle,
    };
    CertScreen *t = calloc(1, sizeof *t);
    if (!t) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(t->id, sizeof t->id, "%s", id);
    t->field = (FormField){ .kind = FIELD_TEXT, .label = N_("PDF file"), .width = 56, .required = 1 };
    form_init(&t->form, &t->field, 1, NULL);
    char dir[2048], path[4200];
    path_documents_dir(dir, sizeof dir);
    snprintf(path, sizeof path, _("%s/certificate-%s.pdf"), dir, id);
    form_set_text(&t->form, 0, path);
    if (screen_push(&tmpl, t) < 0) free(t);
}
