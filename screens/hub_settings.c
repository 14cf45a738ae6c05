/*
 * hub_settings.c — where the regional hub is and how this workshop signs in
 * to it, from the sync screen (F2): what `boucle config set hub.url/user/
 * password` writes, for those who never open a shell.
 *
 * The URL is required and must be http(s); the user defaults to the
 * workshop code; the password is shown as stars, never read back (the
 * field starts empty) and an empty field keeps the one already set. Enter
 * writes the configuration file (mode 0600, core/settings/config.c) and asks the
 * sync thread for a sync now; the thread reads the settings at each pass.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/settings/config.h"
#include "core/sync/syncbg.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { F_URL, F_USER, F_PASSWORD, F_N };

typedef struct HubSettings {
    FormField fields[F_N];
    Form form;
    int has_password;             /* one is set already */
} HubSettings;

static const char *check_url(const char *v, void *ctx)
{
    (void)ctx;
    /* the nodes of a cluster may be listed, separated by spaces */
    for (const char *p = v; *p;) {
        while (*p == ' ') p++;
        if (!*p) break;
        if (strncasecmp(p, "https://", 8) && strncasecmp(p, "http://", 7))
            return _("An address starting with https:// (or http://).");
        p += strcspn(p, " ");
    }
    if (!*v) return _("An address starting with https:// (or http://).");
    return NULL;
}

static void hub_draw(Screen *s, WINDOW *w, int full)
{
    HubSettings *h = s->state;
    int cols = getmaxx(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 1, 2, _("The regional hub this workshop syncs with"), cols - 4, 0);
    wattrset(w, A_NORMAL);
    form_draw(&h->form, w, 3, 2);
    wattrset(w, term_attr(CLR_DIM));
    int y = 3 + 2 * F_N;
    if (h->has_password)
        y += draw_wrap(w, y, 2, cols - 4, 2, _("A password is set: leave the field empty to keep it."));
    draw_wrap(w, y, 2, cols - 4, 3,
              _("Enter saves the settings and syncs now. They are kept in your configuration file, "
                "readable by you only. The user is the workshop's account on the hub (its code by default)."));
    wattrset(w, A_NORMAL);
}

/* Saves the settings and syncs now. */
static int hub_save(HubSettings *h)
{
    char url[FORM_TEXT_MAX * 4 + 1], user[FORM_TEXT_MAX * 4 + 1], password[FORM_TEXT_MAX * 4 + 1];
    form_text(&h->form, F_URL, url, sizeof url);
    form_text(&h->form, F_USER, user, sizeof user);
    form_text(&h->form, F_PASSWORD, password, sizeof password);
    Err e = { 0 };
    int rc = config_set(NULL, "hub.url", url, &e);
    if (rc == 0) rc = config_set(NULL, "hub.user", user, &e);
    if (rc == 0 && password[0]) rc = config_set(NULL, "hub.password", password, &e);
    explicit_bzero(password, sizeof password);
    form_set_text(&h->form, F_PASSWORD, "");
    if (rc < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    screen_pop();
    syncbg_now();
    screen_flash(CLR_OK, "%s", _("Hub settings saved; syncing now."));
    return TUI_REDRAW;
}

static int hub_handle(Screen *s, Key k)
{
    HubSettings *h = s->state;
    int r = form_handle(&h->form, k);
    if (r & FORM_SUBMIT) return hub_save(h);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_SAVE = REQ_SCREEN };

static int hub_run(Screen *s, int req)
{
    HubSettings *h = s->state;
    (void)req;
    return form_submit(&h->form) & FORM_SUBMIT ? hub_save(h) : TUI_REDRAW;
}

const Action scr_hub_settings_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Save"), N_("Save the settings and sync now"), hub_run },
    { 0 }
};

static void hub_leave(Screen *s)
{
    HubSettings *h = s->state;
    explicit_bzero(h, sizeof *h);   /* the password typed, if any */
    free(h);
}

void scr_hub_settings_open(void)
{
    static const Screen tmpl = {
        .name = "hub_settings", .title = N_("Hub settings"), .actions = scr_hub_settings_actions,
        .draw = hub_draw, .handle = hub_handle,
        .leave = hub_leave,
    };
    HubSettings *h = calloc(1, sizeof *h);
    if (!h) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    h->fields[F_URL] = (FormField){ .kind = FIELD_TEXT, .label = N_("Hub address"), .width = 44, .required = 1,
                                     .validate = check_url };
    h->fields[F_USER] = (FormField){ .kind = FIELD_TEXT, .label = N_("User"), .width = 20 };
    h->fields[F_PASSWORD] = (FormField){ .kind = FIELD_TEXT, .label = N_("Password"), .width = 20, .secret = 1 };
    form_init(&h->form, h->fields, F_N, NULL);
    char v[512];
    if (config_get(NULL, "hub.url", v, sizeof v, NULL) == 1) form_set_text(&h->form, F_URL, v);
    if (config_get(NULL, "hub.user", v, sizeof v, NULL) == 1) form_set_text(&h->form, F_USER, v);
    else form_set_text(&h->form, F_USER, app_ctx()->workshop);
    h->has_password = config_get(NULL, "hub.password", v, sizeof v, NULL) == 1 && v[0];
    explicit_bzero(v, sizeof v);
    if (screen_push(&tmpl, h) < 0) free(h);
}
