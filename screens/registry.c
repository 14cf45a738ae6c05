/*
 * registry.c — see registry.h. One row per screen table; a new screen adds
 * its row here, and the test of every screen checks it.
 */
#include "screens/registry.h"
#include <stddef.h>

const ScreenEntry scr_registry[] = {
    { "home",             scr_home_actions,             0 },
    { "setup",            scr_setup_actions,            SCR_TYPES | SCR_FORM },
    { "operator",         scr_operator_actions,         SCR_TYPES | SCR_FORM },
    { "lots",             scr_lots_actions,             0 },
    { "lot_pick",         scr_lot_pick_actions,         0 },
    { "lot_new",          scr_lot_new_actions,          SCR_TYPES | SCR_FORM },
    { "intake",           scr_intake_actions,           SCR_TYPES | SCR_FORM },
    { "devices",          scr_devices_actions,          SCR_TYPES },
    { "device",           scr_device_actions,           0 },
    { "grade",            scr_grade_actions,            0 },
    { "state",            scr_state_actions,            SCR_TYPES | SCR_FORM },
    { "media",            scr_media_actions,            0 },
    { "media/add",        scr_media_add_actions,        SCR_TYPES | SCR_FORM },
    { "media/probe",      scr_media_probe_actions,      0 },
    { "media/wipe",       scr_media_wipe_actions,       SCR_TYPES | SCR_FORM },
    { "print",            scr_print_actions,            0 },
    { "printer_settings", scr_printer_settings_actions, SCR_TYPES | SCR_FORM },
    { "scan_image",       scr_scan_image_actions,       SCR_TYPES | SCR_FORM },
    { "sync",             scr_sync_actions,             0 },
    { "hub_settings",     scr_hub_settings_actions,     SCR_TYPES | SCR_FORM },
    { "cert",             scr_cert_actions,             SCR_TYPES | SCR_FORM },
    { "wipe_import",      scr_wipe_import_actions,      SCR_TYPES | SCR_FORM },
    { "wipe_run",         scr_wipe_run_actions,         SCR_TYPES | SCR_FORM },
    { "wipe_unassigned",  scr_wipe_unassigned_actions,  SCR_TYPES | SCR_FORM },
    { "region",           scr_region_actions,           SCR_TYPES },
    { "transfers",        scr_transfers_actions,        0 },
    { "offer",            scr_offer_actions,            SCR_TYPES | SCR_FORM },
    { "refused",          scr_refused_actions,          0 },
    { "device/foreign",   scr_device_foreign_actions,   0 },
    { "device/readonly",  scr_device_readonly_actions,  0 },
    { "lot_import",       scr_lot_import_actions,       SCR_TYPES | SCR_FORM },
    { "reconcile",        scr_reconcile_actions,        0 },
    { "reconcile_doc",    scr_reconcile_doc_actions,    SCR_TYPES | SCR_FORM },
    { "proof",            scr_proof_actions,            SCR_TYPES | SCR_FORM },
    { "stock",            scr_stock_actions,            SCR_TYPES },
    { "alloc",            scr_alloc_actions,            SCR_TYPES | SCR_FORM },
    { "recycle",          scr_recycle_actions,          SCR_TYPES | SCR_FORM },
    { "lot_commit",       scr_lot_commit_actions,       SCR_TYPES | SCR_FORM },
    { "parties",          scr_parties_actions,          SCR_TYPES },
    { "party_form",       scr_party_form_actions,       SCR_TYPES | SCR_FORM },
    { "opendata",         scr_opendata_actions,         SCR_TYPES | SCR_FORM },
    { "dash",             scr_dash_actions,             0 },
    { "goals",            scr_goals_actions,            SCR_TYPES | SCR_FORM },
    { "quota",            scr_quota_actions,            SCR_TYPES | SCR_FORM },
    { NULL, NULL, 0 }
};
