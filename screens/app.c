/*
 * app.c — the terminal UI as a whole (see app.h): terminal setup, the
 * application's scan and search handlers, the first screens, the loop.
 *
 * Which screens come first: no workshop yet -> setup (then operator, then
 * home); no operator -> the last one remembered in the configuration
 * (ui.operator), else the operator screen over home.
 */
#include "screens/app.h"
#include "screens/screens.h"
#include "screens/guide.h"
#include "screens/grade.h"
#include "core/settings/config.h"
#include "core/scan/scan.h"
#include "core/stock/operator.h"
#include "core/sync/syncbg.h"
#include "tui/dialog.h"
#include "tui/help.h"
#include "tui/screen.h"
#include "tui/statusbar.h"
#include "util/i18n.h"
#include <stdio.h>

static Ctx *ctx;

Ctx *app_ctx(void) { return ctx; }

void app_status_refresh(void)
{
    char ws[192];
    if (ctx->workshop[0]) snprintf(ws, sizeof ws, "%s %s", ctx->workshop, ctx->workshop_name);
    else ws[0] = '\0';
    statusbar_set_workshop(ws);
    statusbar_set_operator(ctx->operator);
}

int app_set_operator(const char *name, Err *e)
{
    if (operator_choose(ctx, name, e) < 0) return -1;
    config_set(NULL, "ui.operator", name, NULL); /* remembering is a comfort */
    app_status_refresh();
    return 0;
}

/* A scan no screen took: open the device it names. */
static int on_scan(const char *text, void *arg)
{
    (void)arg;
    Device d;
    Err e = { 0 };
    int r = scan_resolve(ctx, text, &d, &e);
    if (r < 0) screen_flash(CLR_ERROR, "%s", e.msg);
    else if (r == 0) screen_flash(CLR_WARN, _("No device matches the scan \"%s\"."), text);
    else scr_device_open(d.id);
    return TUI_REDRAW;
}

/* Sync runs in the background as soon as the workshop exists (also right
 * after the first-run setup); without a hub it waits. */
static int on_idle(void *arg)
{
    (void)arg;
    static int started;
    if (!started && ctx_has_workshop(ctx)) started = syncbg_start(db_path(ctx->db), NULL, 0, NULL) == 0;
    return started ? scr_sync_tick() : 0;
}

static int on_search(void *arg)
{
    (void)arg;
    scr_devices_open(NULL, NULL);
    return TUI_REDRAW;
}

/* g on a help screen: the grading guide at the category being graded, else
 * the list of the guides. */
static int open_guides(Screen *covered)
{
    const char *anchor = grade_guide_anchor(covered);
    if (anchor) return guide_screen_open("grading", anchor);
    return guide_screen_list();
}

int app_run(Ctx *c)
{
    Err e = { 0 };
    ctx = c;
    if (term_init(&e) < 0) {
        fprintf(stderr, "boucle: %s\n", e.msg);
        return 1;
    }
    screen_set_scan_handler(on_scan, NULL);
    screen_set_search_handler(on_search, NULL);
    help_set_guides(open_guides);
    screen_set_idle_handler(on_idle, NULL);
    /* WAL checkpoints in a thread of their own: a scan never waits for one.
     * Without it (it could not start) SQLite checkpoints inline, as before. */
    db_checkpointer_start(c->db, NULL);
    if (!c->operator[0]) {
        char last[OPERATOR_MAX + 1];
        if (config_get(NULL, "ui.operator", last, sizeof last, NULL) == 1 && operator_exists(c, last))
            operator_choose(c, last, NULL);
    }
    app_status_refresh();
    if (!ctx_has_workshop(c)) scr_setup_open();
    else {
        scr_home_open();
        if (!c->operator[0]) scr_operator_open();
    }
    int sig = screen_run();
    term_end();
    syncbg_stop();   /* what a running sync committed stays */
    (void)sig; /* SIGINT/SIGTERM end the UI cleanly: an orderly exit */
    return 0;
}
