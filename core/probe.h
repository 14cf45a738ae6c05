/*
 * probe.h — the storage media of the machine boucle runs on, from sysfs
 * (/sys/block/<name>: device/model, device/serial or wwid, size, rotational).
 * Loop, RAM, zram, optical and device-mapper devices are not media.
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

/* Fills up to max media; returns the count, or -1 with e. */
int probe_media(const char *sysroot, ProbedMedium *out, int max, Err *e);

#endif
