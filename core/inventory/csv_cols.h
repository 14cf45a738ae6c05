/*
 * csv_cols.h — what a CSV inventory's header names, and the values of its
 * cells (internal to core/inventory; see doc/inventories.md).
 *
 * A header cell is compared folded: lower case, accents removed, every run
 * of what is not a letter or a digit one space ("Numéro de série",
 * "numero_serie", "NUMERO DE SERIE" are "numero de serie"). GLPI names a
 * component's column after the component ("Composants - Disque dur",
 * "Hard drive: Serial Number", "Disque dur : Capacité par défaut"): such a
 * column describes the disks, never the computer, so a component word is
 * looked for first.
 */
#ifndef BOUCLE_INV_CSV_COLS_H
#define BOUCLE_INV_CSV_COLS_H
#include <stddef.h>
#include <stdint.h>

typedef enum {
    COL_UNKNOWN = 0,   /* not recognised: listed in a note */
    COL_IGNORED,       /* recognised, not used (name, entity, status, location…) */
    COL_SERIAL,
    COL_TAG,
    COL_MAKE,
    COL_MODEL,
    COL_TYPE,          /* GLPI's computer type / a chassis type */
    COL_CATEGORY,      /* the template's category (a VOCAB_CATEGORY word or a chassis type) */
    COL_RAM,
    COL_CPU,
    COL_DISK_MODEL,
    COL_DISK_SERIAL,
    COL_DISK_SIZE,
    COL_DISK_TYPE,
    COL_BAT_DESIGN,
    COL_BAT_FULL,
} ColKind;

typedef struct ColMap {
    ColKind kind;
    int disk;          /* the template's disk (0-based), -1: one value per disk in the cell (GLPI) */
    int64_t unit;      /* bytes a bare number stands for when the header says ("Capacité (Mio)"), 0 = none */
} ColMap;

/* The header cell h folded into out (see above). */
void csv_fold(const char *h, char *out, size_t size);
/* What header cell h names. *boucle is set to 1 when the name is one only
 * boucle's template uses ("numero_serie", "disk2_size", "tag"…), *hub when
 * it is one of DeviceHub's own ("Part Number", "Id device Supplier"…). */
ColMap csv_column(const char *h, int *boucle, int *hub);

/* A size as an inventory writes it: "500 Go", "465,76 Gio", "1 TB",
 * "8192 Mo", or a bare number: default_unit bytes each when the header
 * gave one, else dflt_small bytes each below small_max and MiB from it
 * (GLPI keeps sizes in Mio: "8192" of RAM, "476940" of disk; "8" of RAM
 * and "500" of disk are what a person types). binary: K/M/G/T are powers
 * of 1024 even without "i" (RAM). 0 / -1 (not a size). */
int csv_size(const char *s, int64_t default_unit, double small_max, int64_t dflt_small, int binary,
             int64_t *bytes);
/* A battery capacity "45", "45.6 Wh", "45600 mWh" → mWh. 0 / -1. */
int csv_wh(const char *s, int64_t *mwh);

/* The next value of a multi-value cell (GLPI: line breaks, "$#$",
 * "$$##$$", "<br>"), trimmed, into out (cut on a character); *p advances.
 * 1, or 0 when the cell has no more. Empty values and "__NULL__" are
 * skipped. */
int csv_value(const char **p, char *out, size_t size);

#endif
