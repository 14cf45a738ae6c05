/*
 * home.c — the home screen: this workshop's stock by state and its
 * activity today (never the other workshops' of the region, whose events
 * a pull brings: r opens their ready stock), and a menu.
 * State: the counts (reloaded on every enter, from projections: constant
 * time whatever the stock) and the menu cursor.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/log/kind.h"
#include "screens/label_screens.h"
#include "screens/wipe_screens.h"
#include "core/stock/device.h"
#include "core/stock/transfer.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_LOTS = REQ_SCREEN, REQ_DEVICES, REQ_OPERATOR, REQ_OPEN, REQ_PRINT_READY, REQ_SCAN_IMAGE, REQ_SYNC,
       REQ_WIPE_IMPORT, REQ_UNASSIGNED, REQ_REGION, REQ_TRANSFERS, REQ_STOCK, REQ_PARTIES,
       REQ_DASH };

/* today's kinds beside the stock's states: as many rows, so that the menu
 * can start right under them and its lines fit 24 rows */
#define HOME_KINDS ST__COUNT

typedef struct Home {
    int64_t counts[ST__COUNT];
    char kinds[HOME_KINDS][32];     /* today's event kinds */
    int64_t kind_n[HOME_KINDS];
    int nkinds;
    int menu;                       /* menu cursor */
    int offers_in;                  /* open offers to this workshop */
    char err[1024];
} Home;

/* Two columns under the counts, each entry with its key: short labels
 * (context "menu") so that two fit side by side at 80 columns. */
static const struct { const char *key, *label; int req; char letter; } menu[] = {
    { NC_("menu", "Lots and intake of a pallet"), REQ_LOTS, 'l' },
    { NC_("menu", "Devices: search and details"), REQ_DEVICES, 'd' },
    { NC_("menu", "Stock: reserve, give, lend"), REQ_STOCK, 's' },
    { NC_("menu", "Dashboard: figures, carbon"), REQ_DASH, 'b' },
    { NC_("menu", "Parties: donors and takers"), REQ_PARTIES, 'a' },
    { NC_("menu", "Labels of today's ready devices"), REQ_PRINT_READY, 'p' },
    { NC_("menu", "Scan an image or the webcam"), REQ_SCAN_IMAGE, 'i' },
    { NC_("menu", "Change operator"), REQ_OPERATOR, 'o' },
    { NC_("menu", "Sync with the regional hub"), REQ_SYNC, 'y' },
    { NC_("menu", "Region: the other workshops"), REQ_REGION, 'r' },
    { NC_("menu", "Transfers between workshops"), REQ_TRANSFERS, 't' },
    { NC_("menu", "Import nwipe logs"), REQ_WIPE_IMPORT, 'w' },
    { NC_("menu", "Wipes with no device"), REQ_UNASSIGNED, 'u' },
};
#define MENU_N ((int)(sizeof menu / sizeof menu[0]))

static int add_kind(void *arg, const char *kind, int64_t n)
{
    Home *h = arg;
    if (h->nkinds == HOME_KINDS) return 1;
    snprintf(h->kinds[h->nkinds], sizeof h->kinds[0], "%s", kind);
    h->kind_n[h->nkinds++] = n;
    return 0;
}

static int count_offer(void *arg, const Offer *o)
{
    (void)o;
    ++*(int *)arg;
    return 0;
}

static void home_leave(Screen *s) { free(s->state); }

static void home_enter(Screen *s)
{
    Home *h = s->state;
    Err e = { 0 };
    h->nkinds = 0;
    h->err[0] = '\0';
    if (device_counts(app_ctx(), h->counts, &e) < 0 ||
        device_day_activity(app_ctx(), NULL, add_kind, h, &e) < 0)
        snprintf(h->err, sizeof h->err, "%s", e.msg);
    h->offers_in = 0;
    transfer_list(app_ctx(), 1, count_offer, &h->offers_in, NULL);
}

static void home_draw(Screen *s, WINDOW *w, int full)
{
    Home *h = s->state;
    int cols = getmaxx(w);
    char buf[256];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    /* 21 body rows at 80x24: the headings, the 7 states, « Menu » and
     * its 13 entries in two columns of 7 rows */
    draw_text(w, 0, 2, _("Stock by state"), cols / 2 - 2, 0);
    draw_text(w, 0, cols / 2, _("Today"), cols / 2 - 1, 0);
    wattrset(w, A_NORMAL);
    for (int i = 0; i < ST__COUNT; i++) {
        draw_text(w, 1 + i, 4, state_label(i), 16, 0);
        snprintf(buf, sizeof buf, "%8lld", (long long)h->counts[i]);
        draw_text(w, 1 + i, 20, buf, cols / 2 - 20, 0);
    }
    if (h->nkinds == 0) {
        wattrset(w, term_attr(CLR_DIM));
        draw_text(w, 1, cols / 2 + 2, _("Nothing recorded yet today."), cols / 2 - 3, 0);
        wattrset(w, A_NORMAL);
    }
    for (int i = 0; i < h->nkinds; i++) {
        snprintf(buf, sizeof buf, "%6lld  %s", (long long)h->kind_n[i],
                 kind_label(h->kinds[i], h->kind_n[i]));
        draw_text(w, 1 + i, cols / 2 + 2, buf, cols / 2 - 3, 0);
    }
    int y = 1 + ST__COUNT;   /* the menu right under the counts, in two columns */
    int rows = (MENU_N + 1) / 2, colw = (cols - 4) / 2;
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, y++, 2, _("Menu"), cols / 2 - 4, 0);
    for (int i = 0; i < MENU_N; i++) {
        int x = 2 + (i / rows) * colw;
        const char *label = i18n_ctx(menu[i].key, menu[i].label);
        if (menu[i].req == REQ_TRANSFERS && h->offers_in > 0) {   /* what waits for this workshop */
            snprintf(buf, sizeof buf, ngettext("Transfers: %d offer waiting", "Transfers: %d offers waiting",
                                               (unsigned long)h->offers_in), h->offers_in);
            label = buf;
        }
        char line[300];
        snprintf(line, sizeof line, "%c %s", menu[i].letter, label);
        wattrset(w, term_attr(i == h->menu ? CLR_SELECTION : CLR_NORMAL));
        draw_text(w, y + i % rows, x, line, colw - 1, 1);
    }
    wattrset(w, A_NORMAL);
    if (h->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_text(w, 1 + ST__COUNT, 10, h->err, cols - 12, 0);   /* beside « Menu » */
        wattrset(w, A_NORMAL);
    }
}

static int home_run(Screen *s, int req)
{
    Home *h = s->state;
    if (req == REQ_OPEN) req = menu[h->menu].req;
    switch (req) {
    case REQ_LOTS: scr_lots_open(); break;
    case REQ_DEVICES: scr_devices_open(NULL, NULL); break;
    case REQ_STOCK: scr_stock_open(); break;
    case REQ_OPERATOR: scr_operator_open(); break;
    case REQ_PRINT_READY: scr_print_open(PRINT_READY, NULL); break;
    case REQ_SCAN_IMAGE: scr_scan_image_open(); break;
    case REQ_SYNC: scr_sync_open(); break;
    case REQ_WIPE_IMPORT: scr_wipe_import_open(NULL); break;
    case REQ_UNASSIGNED: scr_wipe_unassigned_open(); break;
    case REQ_REGION: scr_region_open(); break;
    case REQ_TRANSFERS: scr_transfers_open(); break;
    case REQ_PARTIES: scr_parties_open(); break;
    case REQ_DASH: scr_dash_open(); break;
    default: return TUI_UNHANDLED;
    }
    return TUI_REDRAW;
}

static int home_handle(Screen *s, Key k)
{
    Home *h = s->state;
    int rows = (MENU_N + 1) / 2;
    if (k == K_DOWN && h->menu + 1 < MENU_N) h->menu++;
    else if (k == K_UP && h->menu > 0) h->menu--;
    else if (k == K_RIGHT && h->menu + rows < MENU_N) h->menu += rows;
    else if (k == K_LEFT && h->menu >= rows) h->menu -= rows;
    else if (k != K_DOWN && k != K_UP && k != K_RIGHT && k != K_LEFT) return TUI_UNHANDLED;
    return TUI_REDRAW;
}

const Action scr_home_actions[] = {
    { REQ_LOTS,     { K_F(2), 'l' }, N_("Lots"),     N_("Lots, and the intake of a pallet"), home_run },
    { REQ_DEVICES,  { K_F(3), 'd' }, N_("Devices"),  N_("Search the devices"),              home_run },
    { REQ_OPERATOR, { K_F(4), 'o' }, N_("Operator"), N_("Choose who is working"),           home_run },
    { REQ_PRINT_READY, { K_F(5), 'p' }, N_("Labels"), N_("Print the labels of the devices made ready today"), home_run },
    { REQ_SCAN_IMAGE,  { K_F(6), 'i' }, N_("Image"),  N_("Read codes from an image file or the webcam"), home_run },
    { REQ_SYNC,     { K_F(7), 'y' }, N_("Sync"),     N_("Sync with the regional hub"),      home_run },
    { REQ_STOCK,    { K_F(8), 's' }, N_("Stock"),    N_("The stock ready to give: reserve, allocate (donation, sale, loan), by scanning"), home_run },
    { REQ_REGION,   { 'r' },         N_("Region"),   N_("The devices the other workshops of the region have ready"), home_run },
    { REQ_TRANSFERS, { 't' },        NULL,           N_("Transfers of devices between workshops"), home_run },
    { REQ_PARTIES,  { 'a' },         NULL,           N_("Parties: donors, partner associations, people"), home_run },
    { REQ_WIPE_IMPORT, { 'w' },      NULL,           N_("Import nwipe logs"),               home_run },
    { REQ_UNASSIGNED,  { 'u' },      NULL,           N_("The wipes that matched no device"), home_run },
    { REQ_DASH,     { 'b' },         NULL,           N_("Dashboard: stock, flows, donors, wipes, carbon avoided"), home_run },
    { REQ_OPEN,     { K_ENTER },     NULL,           N_("Open the selected menu entry"),    home_run },
    { 0 }
};

void scr_home_open(void)
{
    static const Screen tmpl = {
        .name = "home", .title = N_("Home"), .actions = scr_home_actions,
        .enter = home_enter, .leave = home_leave, .draw = home_draw, .handle = home_handle,
    };
    Home *h = calloc(1, sizeof *h);
    if (!h) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    if (screen_push(&tmpl, h) < 0) free(h);
}
