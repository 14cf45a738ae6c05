/*
 * registry.h — every screen's action table, in one list, so that a test
 * can check them all (tests/unit/test_screens_data.c): each action bound
 * to F2–F12 also has a letter or a Ctrl key (F5–F10 do not reach the
 * program on some consoles), no two actions of a screen share a key, every
 * labelled action has a help line, a screen whose text field takes every
 * letter binds no letter, and a form saves with Enter from its table (so
 * the bar shows it).
 *
 * A screen whose table changes with its mode (media: the list, the add
 * form, the chooser, the wipe form) has one entry per table. Each table is
 * defined in its screen's file; this header only names them.
 */
#ifndef BOUCLE_SCREENS_REGISTRY_H
#define BOUCLE_SCREENS_REGISTRY_H
#include "tui/action.h"

enum {
    SCR_TYPES = 1,   /* a text field takes every printable key: no letter in the table */
    SCR_FORM = 2     /* a form: an action on Enter saves it, and shows in the bar */
};

typedef struct ScreenEntry {
    const char *name;          /* the screen's name (Screen.name), and its mode */
    const Action *actions;     /* its table */
    unsigned flags;            /* SCR_* */
} ScreenEntry;

/* The screens, in no particular order; the last entry's name is NULL. */
extern const ScreenEntry scr_registry[];

extern const Action scr_cert_actions[], scr_device_actions[], scr_devices_actions[],
    scr_grade_actions[], scr_home_actions[], scr_hub_settings_actions[], scr_intake_actions[],
    scr_lot_new_actions[], scr_lots_actions[], scr_lot_pick_actions[], scr_media_actions[],
    scr_media_add_actions[], scr_media_probe_actions[], scr_media_wipe_actions[],
    scr_operator_actions[], scr_print_actions[], scr_printer_settings_actions[],
    scr_scan_image_actions[], scr_setup_actions[], scr_state_actions[], scr_sync_actions[],
    scr_wipe_import_actions[], scr_wipe_run_actions[], scr_wipe_unassigned_actions[],
    scr_region_actions[], scr_transfers_actions[], scr_offer_actions[], scr_refused_actions[],
    scr_device_foreign_actions[], scr_device_readonly_actions[],
    scr_lot_import_actions[], scr_reconcile_actions[], scr_reconcile_doc_actions[], scr_proof_actions[],
    scr_stock_actions[], scr_alloc_actions[], scr_recycle_actions[], scr_lot_commit_actions[],
    scr_parties_actions[], scr_party_form_actions[],
    scr_quota_actions[];
extern const Action scr_opendata_actions[];
extern const Action scr_dash_actions[];
extern const Action scr_goals_actions[];

#endif
