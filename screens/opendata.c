/*
 * opendata.c — « Données ouvertes », from the region screen: a folder (a
 * folder « donnees-ouvertes » in the current one by default) and a scope
 * (the whole region as this database holds it, or this workshop); Enter
 * writes the open data there (core/report/opendata.h) and says what was
 * written: the four files, the devices and rows, the carbon avoided. A
 * refusal (a folder that cannot be written, an earlier export in it) is
 * shown in place, and nothing is written.
 * State: the form and the last message.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/report/opendata.h"
#include "core/settings/config.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/path.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { REQ_WRITE = REQ_SCREEN };

static const char *const SCOPES[] = { N_("The whole region"), N_("This workshop"), NULL };

typedef struct OpenData {
    FormField fields[2];
    Form form;
    char msg[2048];
    TermColor msg_color;
} OpenData;

/* The export reports its progress here; the screen shows none yet (it
 * takes well under a second on a region's stock), a bar can be wired in. */
static void od_progress(void *arg, int64_t done, int64_t total)
{
    (void)arg; (void)done; (void)total;
}

static int od_write(OpenData *d)
{
    char typed[4096], dir[4096];
    form_text(&d->form, 0, typed, sizeof typed);
    path_expand(typed, dir, sizeof dir);
    Err e = { 0 };
    Profile prof;
    char conf[1024] = "";
    int have_prof = profile_load_default(config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1 ? conf : NULL,
                                         &prof, &e) == 0;
    OpendataSummary s;
    int rc = -1;
    if (have_prof) {
        rc = opendata_export(app_ctx(), &prof, dir, d->fields[1].choice == 0, od_progress, d, &s, &e);
        profile_free(&prof);
    }
    if (rc < 0) {
        snprintf(d->msg, sizeof d->msg, "%s", e.msg);
        d->msg_color = CLR_ERROR;
        return TUI_REDRAW;
    }
    char kg[32];
    opendata_kg_text(s.kg, kg, sizeof kg);
    snprintf(d->msg, sizeof d->msg,
             _("Written in %s: supply.csv (the data), supply.schema.json (its Table Schema), dictionnaire.md and "
               "dictionary.md. Devices published: %lld; rows: %lld, of which grouped: %lld (no count below %d); "
               "carbon avoided: %s kg CO2e."),
             dir, (long long)s.published, (long long)s.rows, (long long)s.grouped_rows, OPENDATA_K, kg);
    d->msg_color = CLR_OK;
    return TUI_REDRAW;
}

static void od_draw(Screen *s, WINDOW *w, int full)
{
    OpenData *d = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 0, 1, _("Open data of the supply"), cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&d->form, w, 2, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 7, 2, cols - 4, 5,
              _("Enter writes four files into this folder: the devices counted by week, workshop, category, grade and "
                "state with the carbon avoided (CSV), its Table Schema, and its dictionary in French and English. "
                "No person, serial or donor; counts below 5 are grouped."));
    if (d->msg[0]) {
        wattrset(w, term_attr(d->msg_color));
        draw_wrap(w, 13, 2, cols - 4, rows - 14, d->msg);
    }
    wattrset(w, A_NORMAL);
}

static int od_handle(Screen *s, Key k)
{
    OpenData *d = s->state;
    int r = form_handle(&d->form, k);
    if (r & FORM_SUBMIT) return od_write(d);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int od_run(Screen *s, int req)
{
    OpenData *d = s->state;
    (void)req;
    return form_submit(&d->form) & FORM_SUBMIT ? od_write(d) : TUI_REDRAW;
}

static void od_leave(Screen *s)
{
    free(s->state);
}

const Action scr_opendata_actions[] = {
    { REQ_WRITE, { K_ENTER, K_F(2) }, N_("Write"), N_("Write the open data into the folder"), od_run },
    { 0 }
};

void scr_opendata_open(int region)
{
    static const Screen tmpl = {
        .name = "opendata", .title = N_("Open data"), .actions = scr_opendata_actions,
        .leave = od_leave, .draw = od_draw, .handle = od_handle,
    };
    OpenData *d = calloc(1, sizeof *d);
    if (!d) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    d->fields[0] = (FormField){ .kind = FIELD_TEXT, .label = N_("Folder"), .width = 52, .required = 1 };
    d->fields[1] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Scope"), .width = 20, .choices = SCOPES };
    form_init(&d->form, d->fields, 2, NULL);
    d->fields[1].choice = region ? 0 : 1;
    char cwd[2048] = ".", path[4200];
    if (!getcwd(cwd, sizeof cwd)) snprintf(cwd, sizeof cwd, ".");
    snprintf(path, sizeof path, _("%s/open-data"), cwd);
    form_set_text(&d->form, 0, path);
    if (screen_push(&tmpl, d) < 0) free(d);
}
