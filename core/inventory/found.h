/*
 * found.h — the device describes itself: what the machine boucle runs on
 * says about itself (DMI, /proc, sysfs, lshw, smartctl), or what an agent
 * inventory made on it says, recorded into its device beside what the
 * donor announced.
 *
 * Nothing is overwritten. The announced values stay in their lot.announce
 * event; what was found goes into new events of the device: device.specs
 * (with "source": "probe" or "agent") when the RAM, the processor or the
 * battery is new or changed, media.add for each disk not yet recorded, and
 * one device.discrepancy event {source, diffs: [{field, announced, found}]}
 * when what was found differs from the announcement. Fields of a diff:
 *   ram_mb               integers (MiB), compared as installed sizes
 *   cpu, serial, model   strings
 *   battery_full_mwh     integers: found below 90 % of the announced one
 *   battery_design_mwh   integers: another battery (more than 10 % apart)
 *   disk                 {serial, model, type, bytes} or null: a disk
 *                        announced and not found, or found and not announced
 * A discrepancy event is written only when the differences are not those
 * of the device's newest discrepancy event, so probing twice records
 * nothing the second time; differences that went away (the RAM put back)
 * give an event with no diffs.
 */
#ifndef BOUCLE_FOUND_H
#define BOUCLE_FOUND_H
#include "core/inventory/inventory.h"
#include "core/stock/device.h"

/* What the probe could and could not read, for the caller to say. */
typedef struct ProbeInfo {
    char serial_from[24];     /* "product_serial", "chassis_serial", "board_serial", "lshw", "" = none */
    int serial_unreadable;    /* DMI's product_serial exists but only root can read it */
    int lshw;                 /* lshw ran and its output was read */
    int batteries;            /* batteries read */
} ProbeInfo;

/* Reads the machine boucle runs on into out: make, model, category and
 * serial from DMI (<sysroot>/class/dmi/id; chassis_serial or board_serial
 * when product_serial is a placeholder), the processor from
 * <procroot>/cpuinfo, RAM from <procroot>/meminfo, disks that need a wipe
 * from probe_media() (smartctl when installed), batteries from
 * <sysroot>/class/power_supply (energy in µWh, or charge in µAh × design
 * voltage), and what these left out from `lshw -json` ($BOUCLE_LSHW names
 * another program, "none" turns it off; without $BOUCLE_LSHW, lshw runs
 * only when sysroot is the real /sys, so that a test's fake tree is not
 * mixed with this machine). sysroot/procroot NULL: /sys and /proc.
 * info optional. 0 / -1 with e (the disks could not be listed). */
int inv_probe_machine(const char *sysroot, const char *procroot, InvDevice *out, ProbeInfo *info, Err *e);

#define FOUND_DIFFS_MAX 24

typedef struct FoundDiff {
    char field[24];           /* as in the payload */
    char announced[320];      /* the value as text ("8192", a disk's serial), "" = none */
    char found[320];
    char text[512];           /* in words: « RAM : annoncé 8 Go, trouvé 4 Go » */
} FoundDiff;

typedef struct FoundReport {
    char device_id[DEVICE_ID_MAX];
    int announced;            /* the device has an announcement */
    char announce_lot[LOT_ID_MAX];
    int specs_recorded;       /* a device.specs event was written */
    int disks_found, disks_added;
    int discrepancy_recorded; /* a device.discrepancy event was written */
    int serial_differs;       /* found a serial that is not the device's */
    int ndiffs;
    FoundDiff diffs[FOUND_DIFFS_MAX];
} FoundReport;

/* Records what was found about a device (an asset id) in ONE transaction
 * (see above). source: "probe" (this machine) or "agent" (an inventory
 * file made on it). r is filled (the differences even when they were
 * already recorded). 0 / -1 with e, nothing written. */
int found_record(Ctx *c, const char *device_id, const InvDevice *found, const char *source, FoundReport *r, Err *e);

/* The device whose serial is found's serial: 1 (out filled), 0 none (also
 * when found has no serial), -1 error. */
int found_match(Ctx *c, const InvDevice *found, Device *out, Err *e);

/* The differences of the device's newest device.discrepancy event, in
 * words, up to max; *source (optional, 16 bytes) gets its source.
 * Returns how many, -1 on error. */
int found_discrepancies(Ctx *c, const char *device_id, FoundDiff *out, int max, char *source, Err *e);

#endif
