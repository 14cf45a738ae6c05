/*
 * inventory.h — what a donor's inventory file says about each device.
 *
 * Donors keep their IT park in GLPI (or FusionInventory, OCS, eReuse
 * DeviceHub). Their files are read here into InvDevice records, one per
 * device, handed to a sink as they are read: a parser never holds more than
 * the device it is reading, so a 100 000-row CSV costs the memory of one
 * row (doc/inventories.md).
 *
 * The formats, recognised from the content, never from the file name:
 * - INV_GLPI_CSV      GLPI's CSV export of the computers search view: the
 *                     view's columns, headers in the user's language (French
 *                     or English), ';' (or ',' / tab), CRLF, UTF-8 with or
 *                     without a BOM, or Windows-1252 (csv.c);
 * - INV_DEVICEHUB_CSV eReuse DeviceHub's placeholder spreadsheet
 *                     (Model;Manufacturer;Serial Number;Part Number;Id device
 *                     Supplier;Id device Internal;Pallet;Info) (csv.c);
 * - INV_BOUCLE_CSV    boucle's own template (doc/inventories.md) (csv.c);
 * - INV_AGENT_XML     FusionInventory / OCS agent XML (REQUEST/CONTENT/BIOS,
 *                     HARDWARE, CPUS, MEMORIES, STORAGES, BATTERIES), read
 *                     with libxml2's streaming reader (agent_xml.c);
 * - INV_AGENT_JSON    the GLPI agent's JSON inventory (content.bios.ssn,
 *                     content.hardware, content.storages…) (agent_json.c).
 *
 * Errors: a file that cannot be read as its format (broken quoting, a
 * truncated XML, invalid JSON, a row longer than INV_ROW_MAX, text that is
 * neither UTF-8 nor Windows-1252…) is refused: the parser returns -1 with e
 * naming the file, the line (or the XML / JSON path) and the reason, in the
 * user's language. A row that is read but says nothing usable (no serial
 * and no tag) goes to sink->note and is skipped; the file is still good.
 */
#ifndef BOUCLE_INVENTORY_H
#define BOUCLE_INVENTORY_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "core/log/project.h"
#include "core/stock/specs.h"
#include "util/err.h"

#define INV_DISKS_MAX 16
#define INV_ROW_MAX (1 << 20)        /* bytes of one CSV row or XML/JSON text value */
#define INV_FILE_MAX (32LL << 20)    /* an agent JSON larger than this is refused: jansson holds it whole, ~10× its size (real ones: 0.1–2 MB) */
#define INV_WHERE_MAX 160

typedef enum {
    INV_UNKNOWN = 0,
    INV_GLPI_CSV,
    INV_DEVICEHUB_CSV,
    INV_BOUCLE_CSV,
    INV_AGENT_XML,
    INV_AGENT_JSON,
} InvFormat;

typedef struct InvDisk {
    char serial[SERIAL_MAX * 4 + 1];
    char model[256];
    char type[8];          /* hdd ssd nvme emmc other (VOCAB_MEDIA_TYPE keys) */
    int64_t bytes;         /* 0 = unknown */
} InvDisk;

typedef struct InvDevice {
    char serial[SERIAL_MAX * 4 + 1];   /* "" when the file gave none usable (inv_serial_ok) */
    char tag[TAG_MAX * 4 + 1];         /* the donor's asset tag / inventory number */
    char make[256];
    char model[256];
    char category[16];                 /* a VOCAB_CATEGORY key, "" = unknown (inv_category) */
    char chassis[64];                  /* the chassis type as the file wrote it */
    int64_t ram_mb;                    /* 0 = unknown */
    char cpu[SPECS_CPU_MAX * 4 + 1];
    InvDisk disks[INV_DISKS_MAX];
    int ndisks;
    int disks_skipped;                 /* card readers, USB bridges, optical, >INV_DISKS_MAX */
    int64_t battery_design_mwh;        /* 0 = unknown */
    int64_t battery_full_mwh;          /* current full-charge capacity, 0 = unknown */
    int64_t line;                      /* CSV: the row's first line (1-based); agents: 0 */
    char where[INV_WHERE_MAX];         /* "line 12", "REQUEST/CONTENT", "content" */
} InvDevice;

typedef struct InvSink {
    /* One device read. Returns 0 to go on, -1 (with e) to stop: the parser
     * then returns -1 with that e. */
    int (*device)(void *arg, const InvDevice *d, Err *e);
    /* Something read and not used: a row without serial or tag, a garbage
     * serial, an unknown column, a value out of range. `where` as in
     * InvDevice.where. May be NULL. */
    void (*note)(void *arg, const char *where, const char *msg);
    void *arg;
} InvSink;

/* The format of a file from its first bytes (n of them, up to 64 KiB is
 * plenty; a BOM is allowed). */
InvFormat inv_detect(const unsigned char *head, size_t n);
/* "GLPI CSV", "DeviceHub CSV", "boucle CSV", "agent XML", "agent JSON"
 * (translated), "unknown". */
const char *inv_format_label(InvFormat f);
/* The key for JSON and payloads: "glpi-csv", "devicehub-csv", "boucle-csv",
 * "agent-xml", "agent-json", "unknown". */
const char *inv_format_key(InvFormat f);

/* Reads path (a regular file) in the format it detects; *fmt (optional)
 * gets it. An unknown format is refused with the file named. The file is
 * named by its path in messages. 0 / -1 with e. */
int inv_parse_file(const char *path, const InvSink *sink, InvFormat *fmt, Err *e);

/* The same from an open stream at its start (the caller keeps it, and may
 * ftell() it from the sink to show progress). */
int inv_parse_stream(FILE *f, const char *name, const InvSink *sink, InvFormat *fmt, Err *e);

/* The parsers, each from an open stream positioned at the start (a BOM
 * allowed). name: the file as shown in messages. */
int inv_parse_csv(FILE *f, const char *name, const InvSink *sink, InvFormat *fmt, Err *e);   /* csv.c */
int inv_parse_xml(FILE *f, const char *name, const InvSink *sink, Err *e);                  /* agent_xml.c */
int inv_parse_json(FILE *f, const char *name, const InvSink *sink, Err *e);                 /* agent_json.c */

/* ---- shared rules (inventory.c) ---------------------------------------- */

/* Whether s can be a serial or an asset tag: valid UTF-8, no control
 * character, not empty, not a placeholder a BIOS or a tool writes in its
 * place ("Empty", "None", "N/A", "To be filled by O.E.M.", "Default
 * string", "System Serial Number", "0123456789", all zeros, all the same
 * character, "Not Specified", "INVALID"…). 1 / 0. */
int inv_serial_ok(const char *s);
/* Copies s into out trimmed; "" when !inv_serial_ok. */
void inv_serial_clean(const char *s, char *out, size_t size);

/* The VOCAB_CATEGORY key from a chassis type (SMBIOS names or numbers:
 * "Notebook", "Laptop", "10", "Desktop", "Tower", "All in One", "Tablet",
 * "Convertible"…, French names of GLPI: "Portable", "Ordinateur
 * portable"…) and, when it says nothing, from the model ("iMac" is a
 * desktop, "MacBook", "ThinkPad", "Latitude 7490"… laptops, "iPad" a
 * tablet). "" when neither tells. */
const char *inv_category(const char *chassis, const char *model);

/* Whether a storage device as an inventory names it needs a wipe: card
 * readers ("Multi-Card", "SD/MMC", "Card Reader"), USB bridges and docks
 * without a medium, optical drives, virtual media ("Virtual Disk" of an
 * iDRAC, "Flash Reader") and size 0 are not disks. 1 / 0. */
int inv_disk_needs_wipe(const char *model, const char *type, const char *interface, int64_t bytes);
/* The VOCAB_MEDIA_TYPE key from what an inventory says ("SSD", "disk",
 * interface "NVMe", a model containing "SSD", "MMC"…). */
const char *inv_media_type(const char *type, const char *interface, const char *model);

/* The two texts equal as the same serial or tag would be (serial_key()). */
int inv_same_key(const char *a, const char *b);

#endif
