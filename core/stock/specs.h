/*
 * specs.h — what a device is made of beyond its disks: installed RAM, CPU,
 * and a storage size for devices whose disks were not recorded one by one.
 *
 * Recorded as `device.specs` events {ram_mb?, cpu?, storage_gb?,
 * battery_design_mwh?, battery_full_mwh?, source?}: only the
 * fields present change, so a correction is simply a newer event. The
 * current specs are folded from the device's device.specs events in clock
 * order (hlc, workshop), like the devices row, so every database holding the
 * same events shows the same specs. No projection table: a device has a
 * handful of events and the events_device index finds them.
 * Sources: `boucle device specs` (typed), `boucle probe --add` (on the
 * device itself, /proc/meminfo), the demo data.
 */
#ifndef BOUCLE_SPECS_H
#define BOUCLE_SPECS_H
#include <stdint.h>
#include "core/log/event.h"
#include "util/units.h"

#define SPECS_CPU_MAX 80            /* characters: "Intel(R) Core(TM) i5-8350U CPU @ 1.70GHz" is 41 */
#define SPECS_RAM_MB_MAX (16LL << 20)   /* 16 TiB: more is a typo */
#define SPECS_STORAGE_GB_MAX 1000000LL  /* 1 PB: more is a typo */
#define SPECS_BATTERY_MWH_MAX 1000000LL /* 1 kWh: more is not a laptop battery */

typedef struct DeviceSpecs {
    int64_t ram_mb;                 /* installed RAM in MiB, 0 = unknown */
    int64_t storage_gb;             /* total storage in GB (10^9), 0 = unknown */
    char cpu[SPECS_CPU_MAX * 4 + 1];  /* "" = unknown */
    int64_t battery_design_mwh;     /* the battery's design capacity, 0 = unknown */
    int64_t battery_full_mwh;       /* its full-charge capacity now, 0 = unknown */
    char source[16];                /* of the newest event: "" typed, "announce", "probe", "agent" */
} DeviceSpecs;

/* Appends a device.specs event for the device (an asset id) with the
 * fields that are set (> 0, non-empty cpu, source when not ""); refuses out-of-range values,
 * control characters in cpu, and an event with no field. 0 / -1. */
int specs_record(Ctx *c, const char *device_id, const DeviceSpecs *s, Err *e);
/* The device's current specs (all zero when none recorded). 0 / -1. */
int specs_get(Ctx *c, const char *device_id, DeviceSpecs *out, Err *e);
/* The fields of a device.specs payload (invalid ones ignored) over *s. */
void specs_fold(DeviceSpecs *s, const Event *ev);

/* "8G", "8 GB", "8GiB", "512M", "1T", "8" (no unit: GB) → MiB for RAM
 * (binary units, as RAM is sold). 0 / -1 with e naming what was typed. */
int specs_parse_ram(const char *text, int64_t *mb, Err *e);
/* "256G", "1T", "500" (no unit: GB), "512M" → GB (decimal, as disks are
 * sold; rounded up). 0 / -1 with e. */
int specs_parse_storage(const char *text, int64_t *gb, Err *e);

/* The installed RAM of the machine boucle runs on: MemTotal of
 * <procroot>/meminfo ("/proc" in production, a fake tree in tests), which
 * is less than what is installed (firmware, integrated graphics), rounded up
 * to the next size RAM is sold in. 0 / -1 with e. */
int specs_probe_ram(const char *procroot, int64_t *mb, Err *e);
/* The rounding above: MemTotal in kB → installed MiB. */
int64_t specs_ram_installed_mb(int64_t memtotal_kb);

#endif
