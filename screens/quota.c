/*
 * quota.c — a public body's yearly statement of its reuse quotas, from the
 * parties screen (core/report/quota.h): the year, a path (a PDF in the
 * current folder by default) and a language; Enter writes the PDF and,
 * beside it, the CSV. What the statement says is shown below, or why
 * nothing was written (not a public body, a bad year).
 *
 * As for the proof of reuse, the document's language may differ from the
 * screen's: gettext's language is switched for the time of the writing.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/cert/cert.h"
#include "core/report/carbon.h"
#include "core/report/quota.h"
#include "core/settings/lang.h"
#include "core/stock/party.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/path.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { REQ_WRITE = REQ_SCREEN };
enum { Q_YEAR, Q_PATH, Q_LANG, Q_N };

static const char *const LANGS[] = { N_("Français"), N_("English"), NULL };

typedef struct Quota {
    char code[PARTY_CODE_MAX];
    FormField fields[Q_N];
    Form form;
    char msg[2048];
    TermColor msg_color;
} Quota;

/* path with its ".pdf" replaced by ".csv" (added when it has none). */
static void csv_beside(const char *pdf, char *out, size_t size)
{
    size_t n = strlen(pdf);
    if (n > 4 && !strcasecmp(pdf + n - 4, ".pdf")) n -= 4;
    snprintf(out, size, "%.*s.csv", (int)n, pdf);
}

static int quota_write_files(Quota *d)
{
    char typed[4096], path[4096], csv[4200], year_s[32];
    form_text(&d->form, Q_YEAR, year_s, sizeof year_s);
    form_text(&d->form, Q_PATH, typed, sizeof typed);
    int year = strlen(year_s) == 4 && strspn(year_s, "0123456789") == 4 ? atoi(year_s) : -1;
    if (year < 0) {
        snprintf(d->msg, sizeof d->msg, _("year: \"%s\" is not a year (YYYY)"), year_s);
        d->msg_color = CLR_ERROR;
        return TUI_REDRAW;
    }
    path_expand(typed, path, sizeof path);
    if (path_is_dir(path)) {
        char name[4200];
        snprintf(name, sizeof name, _("%s/quotas-%s-%d.pdf"), path, d->code, year);
        snprintf(path, sizeof path, "%s", name);
    }
    csv_beside(path, csv, sizeof csv);
    char ui[4];
    snprintf(ui, sizeof ui, "%s", lang_current());
    Err e = { 0 };
    Profile prof;
    json_t *doc = NULL;
    if (carbon_profile(&prof, &e) == 0) {
        lang_init(d->fields[Q_LANG].choice == 1 ? "en" : "fr", NULL);
        QuotaFiles f = { .pdf = path, .csv = csv };
        doc = quota_write(app_ctx(), &prof, d->code, year, &f, &e);
        lang_init(ui, NULL);
        profile_free(&prof);
    }
    if (!doc) {
        snprintf(d->msg, sizeof d->msg, "%s", e.msg);
        d->msg_color = CLR_ERROR;
        return TUI_REDRAW;
    }
    char line[1400];
    quota_summary_text(doc, line, sizeof line);   /* in the screen's language */
    snprintf(d->msg, sizeof d->msg, _("Written: %s and %s. %s"), path, csv, line);
    d->msg_color = CLR_OK;
    form_set_text(&d->form, Q_PATH, path);
    json_decref(doc);
    return TUI_REDRAW;
}

static void quota_draw(Screen *s, WINDOW *w, int full)
{
    Quota *d = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Reuse quotas of %s"), d->code);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&d->form, w, 2, 2);
    wattrset(w, term_attr(CLR_DIM));
    int y = 2 + 2 * Q_N + 1;
    y += draw_wrap(w, y, 2, cols - 4, 4,
                   _("Enter writes the yearly statement there as PDF, and the CSV beside it: as a donor, the décret "
                     "2023-266 ratio against its target; as a buyer, the AGEC share of its IT purchases made from "
                     "reuse (the total it declared, on the party's form)."));
    if (d->msg[0]) {
        wattrset(w, term_attr(d->msg_color));
        draw_wrap(w, y + 1, 2, cols - 4, rows - y - 2, d->msg);
    }
    wattrset(w, A_NORMAL);
}

static int quota_handle(Screen *s, Key k)
{
    Quota *d = s->state;
    int r = form_handle(&d->form, k);
    if (r & FORM_SUBMIT) return quota_write_files(d);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int quota_run(Screen *s, int req)
{
    Quota *d = s->state;
    (void)req;
    return form_submit(&d->form) & FORM_SUBMIT ? quota_write_files(d) : TUI_REDRAW;
}

static void quota_leave(Screen *s)
{
    free(s->state);
    cert_release_fonts();
}

const Action scr_quota_actions[] = {
    { REQ_WRITE, { K_ENTER, K_F(2) }, N_("Write"), N_("Write the statement: PDF and CSV"), quota_run },
    { 0 }
};

void scr_quota_open(const char *code)
{
    static const Screen tmpl = {
        .name = "quota", .title = N_("Reuse quotas"), .actions = scr_quota_actions,
        .leave = quota_leave, .draw = quota_draw, .handle = quota_handle,
    };
    Quota *d = calloc(1, sizeof *d);
    if (!d) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    snprintf(d->code, sizeof d->code, "%s", code);
    d->fields[Q_YEAR] = (FormField){ .kind = FIELD_TEXT, .label = N_("Year"), .width = 6, .required = 1 };
    d->fields[Q_PATH] = (FormField){ .kind = FIELD_TEXT, .label = N_("PDF file"), .width = 52, .required = 1 };
    d->fields[Q_LANG] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Language"), .width = 12, .choices = LANGS };
    form_init(&d->form, d->fields, Q_N, NULL);
    d->fields[Q_LANG].choice = strcmp(lang_current(), "en") == 0;
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    char year[8], dir[2048] = ".", path[4200];
    snprintf(year, sizeof year, "%d", tm.tm_year + 1900);
    form_set_text(&d->form, Q_YEAR, year);
    if (!getcwd(dir, sizeof dir)) snprintf(dir, sizeof dir, ".");
    snprintf(path, sizeof path, "%s", dir);
    form_set_text(&d->form, Q_PATH, path);
    if (screen_push(&tmpl, d) < 0) free(d);
}
