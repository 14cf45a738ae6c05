/*
 * probe.h — the storage media of the machine boucle runs on, from sysfs
 * (/sys/block/<name>: device/model, device/serial or wwid, size, rotational).
 * Loop, RAM, zram, optical and device-mapper devices are not media.
 * When smartctl (smartmontools) is installed, `smartctl --json -i /dev/X`
 * gives the model, serial, capacity and type (it sees through USB bridges
 * and reads NVMe and ATA identify data); sysfs fills what it leaves out.
 * $BOUCLE_SMARTCTL names another program (tests use a fake one; "none"
 * turns it off).
 * `sysroot` is "/sys" in production and a fake tree in tests.
 */
#ifndef BOUCLE_PROBE_H
#define BOUCLE_PROBE_H
#include <stdint.h>
#include "util/err.h"

typedef struct ProbedMedium {
    char name[32];        /* "sda", "nvme0n1" */
    char model[128];
    char serial[128];
    char type[8];         /* hdd ssd nvme emmc other */
    int64_t bytes;
} ProbedMedium;

/* Reads smartctl's --json output into m: model_name, serial_number,
 * user_capacity.bytes (or nvme_total_capacity), type from device.protocol
 * and rotation_rate. Fields smartctl does not give are left as they were.
 * Returns 1 when it named the disk (model or serial), 0 otherwise. */
int probe_smartctl_json(const char *json, ProbedMedium *m);

/* Fills up to max media; returns the count, or -1 with e. */
int probe_media(const char *sysroot, ProbedMedium *out, int max, Err *e);

#endif
