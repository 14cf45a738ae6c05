/*
 * setup.c — the first run: the workshop's code and name (what `boucle init`
 * does), then the operator screen. Shown instead of home while the database
 * has no workshop.
 */
#include "screens/screens.h"
#include "core/log/chain.h"
#include "screens/registry.h"
#include "core/stock/workshop.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_CODE, F_NAME, F_N };

typedef struct Setup {
    FormField fields[F_N];
    Form form;
} Setup;

/* Codes are typed in any case and stored in upper case. */
static void upper(char *s)
{
    for (; *s; s++) *s = (char)toupper((unsigned char)*s);
}

static const char *check_code(const char *v, void *ctx)
{
    char code[64];
    (void)ctx;
    snprintf(code, sizeof code, "%s", v);
    upper(code);
    return workshop_code_valid(code) ? NULL : _("2 to 8 letters or digits, e.g. GRE1.");
}

static void setup_draw(Screen *s, WINDOW *w, int full)
{
    Setup *st = s->state;
    int cols = getmaxx(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 1, 2, _("Welcome to boucle"), cols - 4, 0);
    wattrset(w, A_NORMAL);
    draw_wrap(w, 3, 2, cols - 4, 3, _("This database has no workshop yet. Its code starts every asset id "
                                       "printed on your labels (GRE1-000123)."));
    form_draw(&st->form, w, 7, 2);
}

/* Creates the workshop, then home and the operator screen replace this one. */
static int setup_save(Setup *st)
{
    char code[64], name[256];
    Err e = { 0 };
    form_text(&st->form, F_CODE, code, sizeof code);
    upper(code);
    form_text(&st->form, F_NAME, name, sizeof name);
    if (workshop_init(app_ctx(), code, name, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    app_status_refresh();
    screen_clear();
    scr_home_open();
    scr_operator_open();
    /* the one file a copy of the database does not carry (doc/security.md) */
    char pk[CHAIN_HEX] = "", key[4096] = "", shown[4096];
    if (db_meta_get(app_ctx()->db, "chain.public", pk, sizeof pk) == 1 && chain_key_path(pk, key, sizeof key) == 0) {
        char *slash = strrchr(key, '/');
        if (slash) *slash = '\0';
        const char *home = getenv("HOME");
        size_t hl = home ? strlen(home) : 0;
        if (hl && !strncmp(key, home, hl) && key[hl] == '/') snprintf(shown, sizeof shown, "~%s", key + hl);
        else snprintf(shown, sizeof shown, "%s", key);
        screen_flash(CLR_OK, _("Workshop %s created. Its signing key is in %s: keep a copy of it apart."), code, shown);
    } else {
        screen_flash(CLR_OK, _("Workshop %s created."), code);
    }
    return TUI_REDRAW;
}

static int setup_handle(Screen *s, Key k)
{
    Setup *st = s->state;
    int r = form_handle(&st->form, k);
    if (r & FORM_SUBMIT) return setup_save(st);
    return r;
}

enum { REQ_SAVE = REQ_SCREEN };

static int setup_run(Screen *s, int req)
{
    Setup *st = s->state;
    (void)req;
    return form_submit(&st->form) & FORM_SUBMIT ? setup_save(st) : TUI_REDRAW;
}

static void setup_leave(Screen *s) { free(s->state); }

const Action scr_setup_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Create"), N_("Create the workshop with this code and name"), setup_run },
    { 0 }
};

void scr_setup_open(void)
{
    static const Screen tmpl = {
        .name = "setup", .title = N_("First run"), .actions = scr_setup_actions,
        .leave = setup_leave, .draw = setup_draw, .handle = setup_handle,
    };
    Setup *st = calloc(1, sizeof *st);
    if (!st) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    st->fields[F_CODE] = (FormField){ .kind = FIELD_TEXT, .label = N_("Workshop code"),
                                      .width = 10, .required = 1, .validate = check_code };
    st->fields[F_NAME] = (FormField){ .kind = FIELD_TEXT, .label = N_("Workshop name"),
                                      .width = 40, .required = 1 };
    form_init(&st->form, st->fields, F_N, NULL);
    if (screen_push(&tmpl, st) < 0) free(st);
}
