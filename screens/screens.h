/*
 * screens.h — what the screens share: the open context, the status bar
 * refresh, and one "open" function per screen (each lives in its own file
 * and pushes itself onto the tui/ stack). Only screens/ includes this.
 */
#ifndef BOUCLE_SCREENS_H
#define BOUCLE_SCREENS_H
#include "core/log/ctx.h"
#include "core/log/event.h"

/* The context app_run() was given. */
Ctx *app_ctx(void);
/* Copies workshop and operator into the status bar. */
void app_status_refresh(void);
/* Sets and remembers the acting operator. Returns 0 or -1 with e. */
int app_set_operator(const char *name, Err *e);

void scr_home_open(void);
void scr_setup_open(void);           /* first run: workshop code and name */
void scr_operator_open(void);        /* choose or add the acting operator */
void scr_lots_open(void);
void scr_lot_new_open(void);
/* The lots list as a picker, newest first: Enter closes it and calls
 * picked(ctx, lot id) once the screen below is uncovered; Esc closes it
 * without a call. */
void scr_lot_pick_open(void (*picked)(void *ctx, const char *lot), void *ctx);
void scr_intake_open(const char *lot_id);
/* The donor's inventory files into a lot: a path, a preview, then the import. */
void scr_lot_import_open(const char *lot_id);
/* A lot against what its donor announced: received, missing, not announced. */
void scr_reconcile_open(const char *lot_id);
/* The taker's commitment to reuse a lot, a form (lot_commit.c); another
 * workshop's lot flashes that it is not ours and opens nothing. */
void scr_lot_commit_open(const char *lot_id);
/* The workshop's team goals, a form (goals.c), from home. */
void scr_goals_open(void);
/* The proof of reuse of a lot, written as PDF and signed JSON (proof.c). */
void scr_proof_open(const char *lot_id);
/* A public body's yearly statement of its reuse quotas, PDF and CSV (quota.c). */
void scr_quota_open(const char *code);
/* The device list; search: initial text or NULL, lot: filter or NULL. */
void scr_devices_open(const char *search, const char *lot);
/* The device detail; 0, or -1 with a flash message when id is unknown. */
int scr_device_open(const char *id);
/* Sync with the hub (screens/sync.c): the screen, and the idle hook that
 * keeps the status bar's sync text current (non-zero: repaint). */
void scr_sync_open(void);
void scr_hub_settings_open(void);     /* hub_settings.c: the hub address and sign-in */
int scr_sync_tick(void);
/* The other workshops' ready stock (screens/region.c), read-only. */
void scr_region_open(void);
/* Open data of the region or the workshop, into a folder (screens/opendata.c). */
void scr_opendata_open(int region);
/* The dashboard (screens/dash.c): figures of this workshop or the region. */
void scr_dash_open(void);
/* The cells of a device's specs in a list: RAM, storage (the size
 * recorded, else its disks' sizes added), "make model · CPU" (region.c). */
struct DeviceState;
void scr_spec_cells(Ctx *c, const struct DeviceState *d, char *ram, char *disk, char *what, size_t size);
/* A list searched as you type (region.c, stock.c): the list's keys, then
 * the search field's; when its text changes, search gets it and the list
 * goes back to its top. Returns TUI_* flags. */
struct List; struct Form; struct ListCol;
int scr_search_handle(struct List *l, struct Form *f, char *search, size_t size, int k);
/* Columns 0..nfixed-1 as wide as their titles in this language at least,
 * column cat_col as the longest category (« imprimante »). */
void scr_fit_columns(struct ListCol *cols, int nfixed, int cat_col);
/* This workshop's stock ready to give (screens/stock.c): search as you
 * type, the reserved ones, a selection by scanner, allocate. */
void scr_stock_open(void);
/* Reserving and allocating (screens/alloc.c): the form for n devices,
 * kind preselected (an AllocKindId); done(ctx) runs after a success. */
void scr_alloc_open(const char (*ids)[DEVICE_ID_MAX], int n, int kind, void (*done)(void *ctx), void *ctx);
void scr_recycle_open(const char *id);
/* One step on a device, asked first: the next status of its allocation
 * (confirmed, then delivered), cancel it, a loan's return, parts. */
enum { ALLOC_STEP_NEXT, ALLOC_STEP_CONFIRM, ALLOC_STEP_DELIVER, ALLOC_STEP_CANCEL, ALLOC_STEP_RETURN, ALLOC_STEP_PARTS };
void scr_alloc_step(const char *id, int what);
/* Transfers (screens/transfer.c): the open offers to and from this
 * workshop; the form offering a device (an asset id this workshop owns). */
void scr_transfers_open(void);
void scr_offer_open(const char *device);
/* Parties (screens/parties.c): the list, searched as you type; the form
 * that adds one (code NULL) or changes one. */
void scr_parties_open(void);
void scr_party_form_open(const char *code);
/* The events kept without effect (screens/refused.c). */
void scr_refused_open(void);

#endif
