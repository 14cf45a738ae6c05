/*
 * label_device.h — labels for devices of the database: the facts of a
 * device (core/label/label.h's LabelData), which devices a list of asset ids and
 * lot ids names, and rendering or queueing them in one go. Used alike by
 * `boucle label` and the print screen.
 */
#ifndef BOUCLE_LABEL_DEVICE_H
#define BOUCLE_LABEL_DEVICE_H
#include "core/stock/device.h"
#include "core/label/label.h"
#include "core/label/label_render.h"
#include "core/label/print.h"

/* The facts of one device and the storage its strings live in. */
typedef struct LabelFacts {
    LabelData d;
    Device dev;
    char category[64];
    char ram[32];            /* "8 GB" from device.specs, "" unknown */
    char storage[96];        /* the disks, else device.specs' storage size */
    char storage_short[32];  /* several disks: their sum, for small labels */
    char wipe[96];
    char claim[64];
    char workshop[128];
} LabelFacts;

/* Fills f from the device (grade, specs, media, wipes, claim). 0 / -1. */
int label_facts(Ctx *c, const Device *dev, LabelFacts *f, Err *e);

/* Resolves each key (an asset id, a scan, a serial, or a lot id: all its
 * devices) to asset ids, in order, without repeats. *out is malloc'd
 * (free with label_ids_free). Unknown keys: ERR_NOTFOUND naming the key. */
typedef struct LabelIds { char (*id)[DEVICE_ID_MAX]; int n, cap; } LabelIds;
int label_ids_resolve(Ctx *c, const char *const *keys, int nkeys, LabelIds *out, Err *e);
/* Devices whose state became "ready" today (UTC). */
int label_ids_ready_today(Ctx *c, LabelIds *out, Err *e);
int label_ids_add(LabelIds *ids, const char *id);
void label_ids_free(LabelIds *ids);

/* Label settings from the configuration (label.template, label.url,
 * label.serial_barcode) unless set already (non-empty / >= 0). */
typedef struct LabelSettings {
    char template_name[256];
    int dpi;                 /* 0 = the template's */
    char url[256];
    int code128;             /* -1 = from the configuration */
} LabelSettings;
void label_settings_load(const char *config_path, LabelSettings *s);

/* Builds the labels of ids and writes them in format f. progress
 * (optional) is called after each label. 0 / -1 (nothing half-written
 * matters to the caller: it writes to a temporary or memory stream). */
typedef void (*LabelProgress)(void *arg, int done, int total);
int label_render_ids(Ctx *c, const LabelIds *ids, const LabelSettings *s, LabelFormat f, FILE *out,
                     LabelProgress progress, void *arg, Err *e);

/* The text preview of device id's label for a screen (the print screen):
 * as LABEL_FMT_TXT, but the QR keeps a margin of LABEL_PREVIEW_QUIET
 * modules instead of the printed quiet zone, which on an 80x24 terminal
 * would cost the rows the whole symbol needs. 0, or -1 with e. */
#define LABEL_PREVIEW_QUIET 1
int label_preview(Ctx *c, const char *id, const LabelSettings *s, FILE *out, Err *e);

/* Renders the labels for printer p (its format, template and dpi unless s
 * sets them) and queues one job. Devices already printed are skipped unless
 * reprint; *skipped counts them. Returns the job id, 0 when every device was
 * skipped, -1 on error. */
int64_t label_print_ids(Ctx *c, const Printer *p, const LabelIds *ids, const LabelSettings *s, int reprint,
                        int *skipped, LabelProgress progress, void *arg, Err *e);

#endif
