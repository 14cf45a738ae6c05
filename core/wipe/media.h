/*
 * media.h — the storage media inside a device (event media.add): disks,
 * SSDs, NVMe, eMMC. A medium is known by its serial's lookup key
 * (serial_key()), unique within a device; the same serial in two devices is
 * allowed (a disk moved) but then nwipe logs cannot be matched to one.
 */
#ifndef BOUCLE_MEDIA_H
#define BOUCLE_MEDIA_H
#include <jansson.h>
#include <stdint.h>
#include "core/stock/device.h"

/* The translated label of a media type key ("nvme" -> "NVMe"), that of
 * "other" for an unknown key. Keys and labels: VOCAB_MEDIA_TYPE. */
const char *media_type_label(const char *key);

/* A capacity as people write it: "500107862016" (bytes), "500G", "500 GB",
 * "1T", "1,5 To", "256GiB". K M G T P are decimal (as drives are sold),
 * Ki Mi Gi Ti Pi binary; a trailing B or o (octet) and any case are fine.
 * "" gives -1 (unknown). Returns 0 with *bytes set, or -1 with e (the
 * message names what was typed and shows the accepted forms). */
int media_bytes_parse(const char *s, int64_t *bytes, Err *e);
/* "500 GB", "1 TB", "1.5 TB", "—" when unknown (bytes < 0): decimal units,
 * rounded as a drive's box rounds them. */
void media_bytes_text(int64_t bytes, char *out, size_t n);

typedef struct MediaNew {
    const char *serial;    /* required */
    const char *model;     /* optional */
    const char *type;      /* optional, default "other" */
    int64_t bytes;         /* -1 unknown */
} MediaNew;

typedef struct Medium {
    char serial[SERIAL_MAX * 4 + 1];
    char key[SERIAL_MAX * 4 + 1];
    char model[256];
    char type[8];
    int64_t bytes;
    int erased;            /* has a successful wipe record */
    int wipes;             /* wipe records */
} Medium;

typedef struct MediaList { Medium *items; size_t n; } MediaList;

/* Adds a medium to the device found by device_key. ERR_EXISTS when the
 * device already has it. `dev_id` (optional) receives the asset id. */
int media_add(Ctx *c, const char *device_key, const MediaNew *m, char dev_id[DEVICE_ID_MAX], Err *e);
/* Same with an already-clean serial from a tool (nwipe, lsblk): no
 * ERR_EXISTS (returns 0 when present). */
int media_ensure(Ctx *c, const char *device_id, const MediaNew *m, Err *e);
/* Declares that the device found by device_key holds no storage medium
 * (event media.none, with an optional note): what the « reconditionné »
 * claim and the states ready, reserved and reused accept instead of erased
 * disks when its category normally holds some. The disks screen and the
 * command line (`media none`, `grade --no-storage`) all come here. Refused
 * (ERR_INPUT, naming a disk) when disks are recorded in it; 0 without a new
 * event when it is already declared. */
int media_declare_none(Ctx *c, const char *device_key, const char *note, Err *e);
/* 1 when the device was declared without storage, 0 when not, -1 on error. */
int media_none_declared(Ctx *c, const char *device_id, Err *e);
int media_list(Ctx *c, const char *device_id, MediaList *out, Err *e);
void media_list_free(MediaList *l);
json_t *media_json(Ctx *c, const char *device_id, Err *e);
/* Devices this workshop owns holding a medium with this serial key: 0, 1
 * (id filled) or 2 (more). */
int media_owner(Ctx *c, const char *serial_key, char id[DEVICE_ID_MAX], Err *e);


#endif
