/*
 * proof.c — the proof of reuse of a lot, from the lots screen: a path
 * (a PDF in the current folder by default) and a language; Enter writes
 * the PDF and, beside it, the signed JSON whose fingerprint the PDF's
 * footer carries (core/report/proof.h), so the donor can check it with
 * `boucle report verify`.
 *
 * As for the reconciliation, the document's language may differ from the
 * screen's: gettext's language is switched for the time of the writing.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/cert/cert.h"
#include "core/report/proof.h"
#include "core/settings/config.h"
#include "core/settings/lang.h"
#include "core/stock/lot.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/progress.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/path.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { REQ_WRITE = REQ_SCREEN };

static const char *const LANGS[] = { N_("Français"), N_("English"), NULL };

typedef struct Proof {
    char lot[LOT_ID_MAX];
    FormField fields[2];
    Form form;
    char msg[2048];
    TermColor msg_color;
    WINDOW *win;                /* the body, where progress is drawn */
    TuiProgress prog;           /* writing the files (not stopped half-way: no file is left half-written) */
} Proof;

static void on_progress(void *arg, int64_t done, int64_t total)
{
    Proof *d = arg;
    tui_progress_step(&d->prog, done, total);
}

/* path with its ".pdf" replaced by ".json" (added when it has none). */
static void json_beside(const char *pdf, char *out, size_t size)
{
    size_t n = strlen(pdf);
    if (n > 4 && !strcasecmp(pdf + n - 4, ".pdf")) n -= 4;
    snprintf(out, size, "%.*s.json", (int)n, pdf);
}

static int proof_write_files(Proof *d)
{
    char typed[4096], path[4096], json[4200];
    form_text(&d->form, 0, typed, sizeof typed);
    path_expand(typed, path, sizeof path);
    if (path_is_dir(path)) {
        char name[4200];
        snprintf(name, sizeof name, _("%s/proof-%s.pdf"), path, d->lot);
        snprintf(path, sizeof path, "%s", name);
    }
    json_beside(path, json, sizeof json);
    char ui[4], conf[1024] = "";
    snprintf(ui, sizeof ui, "%s", lang_current());
    Err e = { 0 };
    Profile prof;
    int have_prof = profile_load_default(config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1 ? conf : NULL,
                                         &prof, &e) == 0;
    json_t *doc = NULL;
    if (have_prof) {
        lang_init(d->fields[1].choice == 1 ? "en" : "fr", NULL);
        ProofQuery q = { .lot = d->lot };
        ProofFiles f = { .pdf = path, .json = json, .progress = on_progress, .parg = d };
        const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
        char label[512];
        snprintf(label, sizeof label, _("Writing %s"), base);
        tui_progress_begin(&d->prog, d->win, d->win ? getmaxy(d->win) - 2 : 0, label, 0);
        doc = proof_write(app_ctx(), &prof, &q, &f, &e);
        lang_init(ui, NULL);
        profile_free(&prof);
    }
    if (!doc) {
        snprintf(d->msg, sizeof d->msg, "%s", e.msg);
        d->msg_color = CLR_ERROR;
        return TUI_REDRAW;
    }
    const json_t *s = json_object_get(doc, "summary");
    long long received = json_integer_value(json_object_get(s, "received"));
    char pct[32];
    proof_percent_text(json_string_value(json_object_get(s, "reuse_ratio_percent")), pct);
    snprintf(d->msg, sizeof d->msg,
             ngettext("Written: %s and %s. %lld device received, %lld sent to reuse (%s %%). Fingerprint: %s",
                      "Written: %s and %s. %lld devices received, %lld sent to reuse (%s %%). Fingerprint: %s",
                      (unsigned long)received),
             path, json, received, (long long)json_integer_value(json_object_get(s, "reused")),
             pct, json_string_value(json_object_get(json_object_get(doc, "signature"), "fingerprint")));
    d->msg_color = CLR_OK;
    form_set_text(&d->form, 0, path);
    json_decref(doc);
    return TUI_REDRAW;
}

static void proof_draw(Screen *s, WINDOW *w, int full)
{
    Proof *d = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    d->win = w;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Proof of reuse of lot %s"), d->lot);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&d->form, w, 2, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 7, 2, cols - 4, 3,
              _("Enter writes the PDF there, for the donor, and beside it the JSON signed with the workshop's key "
                "(boucle report verify checks it)."));
    if (d->msg[0]) {
        wattrset(w, term_attr(d->msg_color));
        draw_wrap(w, 10, 2, cols - 4, rows - 11, d->msg);
    }
    wattrset(w, A_NORMAL);
}

static int proof_handle(Screen *s, Key k)
{
    Proof *d = s->state;
    int r = form_handle(&d->form, k);
    if (r & FORM_SUBMIT) return proof_write_files(d);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int proof_run(Screen *s, int req)
{
    Proof *d = s->state;
    (void)req;
    return form_submit(&d->form) & FORM_SUBMIT ? proof_write_files(d) : TUI_REDRAW;
}

static void proof_leave(Screen *s)
{
    free(s->state);
    cert_release_fonts();
}

const Action scr_proof_actions[] = {
    { REQ_WRITE, { K_ENTER, K_F(2) }, N_("Write"), N_("Write the PDF and its signed JSON"), proof_run },
    { 0 }
};

void scr_proof_open(const char *lot)
{
    static const Screen tmpl = {
        .name = "proof", .title = N_("Proof of reuse"), .actions = scr_proof_actions,
        .leave = proof_leave, .draw = proof_draw, .handle = proof_handle,
    };
    Proof *d = calloc(1, sizeof *d);
    if (!d) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(d->lot, sizeof d->lot, "%s", lot);
    d->fields[0] = (FormField){ .kind = FIELD_TEXT, .label = N_("PDF file"), .width = 52, .required = 1 };
    d->fields[1] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Language"), .width = 12, .choices = LANGS };
    form_init(&d->form, d->fields, 2, NULL);
    d->fields[1].choice = strcmp(lang_current(), "en") == 0;
    char dir[2048] = ".", path[4200];
    if (!getcwd(dir, sizeof dir)) snprintf(dir, sizeof dir, ".");
    snprintf(path, sizeof path, _("%s/proof-%s.pdf"), dir, lot);
    form_set_text(&d->form, 0, path);
    if (screen_push(&tmpl, d) < 0) free(d);
}
