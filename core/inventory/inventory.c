/*
 * inventory.c — what all the inventory parsers share (see inventory.h):
 * recognising a format from the content, the dispatch, and the rules for
 * serials, categories and disks.
 */
#include "core/inventory/inventory.h"
#include "core/vocab/vocab.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/text.h"
#include <ctype.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

const char *inv_format_key(InvFormat f)
{
    switch (f) {
    case INV_GLPI_CSV: return "glpi-csv";
    case INV_DEVICEHUB_CSV: return "devicehub-csv";
    case INV_BOUCLE_CSV: return "boucle-csv";
    case INV_AGENT_XML: return "agent-xml";
    case INV_AGENT_JSON: return "agent-json";
    default: return "unknown";
    }
}

const char *inv_format_label(InvFormat f)
{
    switch (f) {
    case INV_GLPI_CSV: return _("GLPI CSV export");
    case INV_DEVICEHUB_CSV: return _("DeviceHub spreadsheet");
    case INV_BOUCLE_CSV: return _("boucle CSV template");
    case INV_AGENT_XML: return _("FusionInventory/OCS agent XML");
    case INV_AGENT_JSON: return _("GLPI agent JSON");
    default: return _("unknown format");
    }
}

/* The first byte that is not a BOM or a blank. */
static size_t skip_lead(const unsigned char *h, size_t n)
{
    size_t i = 0;
    if (n >= 3 && h[0] == 0xEF && h[1] == 0xBB && h[2] == 0xBF) i = 3;
    while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' || h[i] == '\n')) i++;
    return i;
}

InvFormat inv_detect(const unsigned char *head, size_t n)
{
    size_t i = skip_lead(head, n);
    if (i >= n) return INV_UNKNOWN;
    if (head[i] == '<') return INV_AGENT_XML;
    if (head[i] == '{') return INV_AGENT_JSON;
    /* CSV: the header line decides which; csv.c reads the header again.
     * Anything printable with a separator on its first line is tried. */
    size_t end = i;
    while (end < n && head[end] != '\n') end++;
    for (size_t k = i; k < end; k++)
        if (head[k] == ';' || head[k] == ',' || head[k] == '\t') return INV_GLPI_CSV;
    return INV_UNKNOWN;
}

int inv_parse_stream(FILE *f, const char *name, const InvSink *sink, InvFormat *fmt, Err *e)
{
    unsigned char head[4096];
    size_t n = fread(head, 1, sizeof head, f);
    if (ferror(f) || fseek(f, 0, SEEK_SET) != 0) return err_set(e, ERR_IO, _("%s: cannot be read"), name);
    InvFormat d = inv_detect(head, n), got = d;
    int r;
    switch (d) {
    case INV_AGENT_XML: r = inv_parse_xml(f, name, sink, e); break;
    case INV_AGENT_JSON: r = inv_parse_json(f, name, sink, e); break;
    case INV_UNKNOWN:
        r = err_set(e, ERR_INPUT, n ? _("%s: not an inventory this program reads (GLPI or DeviceHub CSV, "
                                        "FusionInventory/OCS XML, GLPI agent JSON, boucle CSV)")
                                    : _("%s: the file is empty"), name);
        break;
    default: r = inv_parse_csv(f, name, sink, &got, e); break;
    }
    if (fmt) *fmt = got;
    return r;
}

int inv_parse_file(const char *path, const InvSink *sink, InvFormat *fmt, Err *e)
{
    Err pe = { 0 };
    FILE *f = path_fopen_file(path, &pe);
    if (!f && pe.code) { if (e) *e = pe; return -1; }
    if (!f) return err_set(e, ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    int r = inv_parse_stream(f, path, sink, fmt, e);
    fclose(f);
    return r;
}

/* ---- serials ------------------------------------------------------------ */

int inv_serial_ok(const char *s)
{
    if (!s) return 0;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (!n || n > SERIAL_MAX * 4) return 0;
    if (text_check(s, n, SERIAL_MAX, "serial", NULL) < 0) return 0;
    char t[SERIAL_MAX * 4 + 1];
    memcpy(t, s, n);
    t[n] = '\0';
    static const char *const JUNK[] = {
        "empty", "none", "null", "nil", "n/a", "na", "n.a.", "-", "--", "?", "unknown", "inconnu",
        "to be filled by o.e.m.", "to be filled by oem", "default string", "system serial number",
        "not specified", "not applicable", "not available", "invalid", "o.e.m.", "oem", "123456789",
        "0123456789", "1234567890", "serial", "serial number", "chassis serial number",
        "base board serial number", "sn", "s/n", "xxxxxxxxxx", "no asset tag", "asset tag",
        "no asset information", "non spécifié", "vide", "aucun",
    };
    for (size_t i = 0; i < sizeof JUNK / sizeof JUNK[0]; i++)
        if (strcasecmp(t, JUNK[i]) == 0) return 0;
    /* one character repeated ("00000000", "FFFFFFFF", "........", "xxxx") */
    size_t same = 1;
    for (size_t i = 1; i < n; i++) same += t[i] == t[0];
    if (same == n && n > 1) return 0;
    if (n == 1) return 0;
    /* a lone punctuation run */
    int alnum = 0;
    for (size_t i = 0; i < n; i++) alnum |= isalnum((unsigned char)t[i]) || (unsigned char)t[i] >= 0x80;
    return alnum;
}

void inv_serial_clean(const char *s, char *out, size_t size)
{
    if (!size) return;
    out[0] = '\0';
    if (!inv_serial_ok(s)) return;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    if (n >= size) n = size - 1;
    memcpy(out, s, n);
    out[n] = '\0';
}

int inv_same_key(const char *a, const char *b)
{
    char ka[SERIAL_MAX * 4 + 1], kb[SERIAL_MAX * 4 + 1];
    serial_key(a ? a : "", ka, sizeof ka);
    serial_key(b ? b : "", kb, sizeof kb);
    return ka[0] && strcmp(ka, kb) == 0;
}

/* ---- categories ----------------------------------------------------------- */

/* strcasestr on words: needle found in hay, any case. */
static int has(const char *hay, const char *needle) { return hay && strcasestr(hay, needle) != NULL; }

const char *inv_category(const char *chassis, const char *model)
{
    /* SMBIOS chassis types (DMTF DSP0134 7.4.1), by number and by name. */
    static const struct { const char *name; const char *cat; } CH[] = {
        { "notebook", "laptop" }, { "laptop", "laptop" }, { "portable", "laptop" }, { "sub notebook", "laptop" },
        { "convertible", "laptop" }, { "detachable", "tablet" }, { "hand held", "phone" }, { "handheld", "phone" },
        { "tablet", "tablet" }, { "tablette", "tablet" }, { "desktop", "desktop" }, { "low profile desktop", "desktop" },
        { "mini tower", "desktop" }, { "tower", "desktop" }, { "pizza box", "desktop" }, { "all in one", "desktop" },
        { "all-in-one", "desktop" }, { "space-saving", "desktop" }, { "space saving", "desktop" },
        { "lunch box", "desktop" }, { "mini pc", "desktop" }, { "stick pc", "desktop" }, { "mini", "desktop" },
        { "ordinateur portable", "laptop" }, { "ordinateur de bureau", "desktop" }, { "unité centrale", "desktop" },
        { "tour", "desktop" }, { "bureau", "desktop" }, { "station de travail", "desktop" },
        { "workstation", "desktop" }, { "écran", "screen" }, { "moniteur", "screen" }, { "monitor", "screen" },
        { "imprimante", "printer" }, { "printer", "printer" }, { "téléphone", "phone" }, { "smartphone", "phone" },
        { "phone", "phone" }, { "switch", "network" }, { "router", "network" }, { "routeur", "network" },
    };
    static const char *const NUM[] = {
        /* 1..36 */
        NULL, "", "", "desktop", "desktop", "desktop", "desktop", "desktop", "laptop", "laptop", "laptop",
        "phone", "", "desktop", "laptop", "desktop", "desktop", "", "", "", "", "", "", "", "desktop", "",
        "", "", "", "", "tablet", "laptop", "tablet", "", "desktop", "desktop", "",
    };
    if (chassis && *chassis) {
        char *end;
        long v = strtol(chassis, &end, 10);
        if (end != chassis && *end == '\0' && v > 0 && v < (long)(sizeof NUM / sizeof NUM[0]) && NUM[v] && *NUM[v])
            return NUM[v];
        char t[64];
        snprintf(t, sizeof t, "%s", chassis);
        size_t n = strlen(t);
        while (n && t[n - 1] == ' ') t[--n] = '\0';
        for (size_t i = 0; i < sizeof CH / sizeof CH[0]; i++)
            if (strcasecmp(t, CH[i].name) == 0) return CH[i].cat;
    }
    if (model && *model) {
        static const struct { const char *word; const char *cat; } MO[] = {
            { "imac", "desktop" }, { "mac mini", "desktop" }, { "macmini", "desktop" }, { "mac pro", "desktop" },
            { "macbook", "laptop" }, { "ipad", "tablet" }, { "iphone", "phone" }, { "thinkpad", "laptop" },
            { "latitude", "laptop" }, { "elitebook", "laptop" }, { "probook", "laptop" }, { "zbook", "laptop" },
            { "travelmate", "laptop" }, { "toughbook", "laptop" }, { "inspiron", "laptop" }, { "xps", "laptop" },
            { "vostro", "laptop" }, { "ideapad", "laptop" }, { "thinkbook", "laptop" }, { "notebook", "laptop" },
            { "laptop", "laptop" }, { "surface pro", "tablet" }, { "surface laptop", "laptop" },
            { "galaxy tab", "tablet" }, { "optiplex", "desktop" }, { "thinkcentre", "desktop" },
            { "prodesk", "desktop" }, { "elitedesk", "desktop" }, { "precision tower", "desktop" },
            { "veriton", "desktop" }, { "esprimo", "desktop" }, { "thinkvision", "screen" }, { "monitor", "screen" },
            { "laserjet", "printer" }, { "officejet", "printer" }, { "deskjet", "printer" },
        };
        for (size_t i = 0; i < sizeof MO / sizeof MO[0]; i++)
            if (has(model, MO[i].word)) return MO[i].cat;
    }
    return "";
}

/* ---- disks ------------------------------------------------------------------ */

int inv_disk_needs_wipe(const char *model, const char *type, const char *interface, int64_t bytes)
{
    static const char *const NOT_DISK[] = {
        "card reader", "cardreader", "card-reader", "multi-card", "multicard", "multi card", "sd/mmc", "sd card",
        "sdxc", "ms/ms-pro", "flash reader", "memory stick", "virtual disk", "virtual cd", "virtual floppy",
        "virtual media", "usb2.0-crw", "crw", "cd-rom", "cdrom", "dvd", "bd-re", "blu-ray", "optical",
        "floppy", "idrac", "ilo virtual", "usb bridge", "sata bridge", "bridge", "hub", "dock",
        "generic storage device", "generic- sd", "generic-sd", "mass storage device",
    };
    for (size_t i = 0; i < sizeof NOT_DISK / sizeof NOT_DISK[0]; i++)
        if (has(model, NOT_DISK[i]) || has(type, NOT_DISK[i])) return 0;
    if (has(type, "removable") || has(type, "cd") || has(type, "rom")) return 0;
    /* A drive on USB is one plugged in when the agent ran (a stick, a
     * backup disk, a card reader): it does not come with the device. */
    if (has(interface, "usb")) return 0;
    return bytes > 0;
}

const char *inv_media_type(const char *type, const char *interface, const char *model)
{
    if (has(interface, "nvme") || has(type, "nvme") || has(model, "nvme")) return "nvme";
    if (has(type, "mmc") || has(interface, "mmc") || has(model, "mmc")) return "emmc";
    if (has(type, "ssd") || has(model, "ssd") || has(type, "solid") || has(model, "solid state")) return "ssd";
    /* Agents often say only "disk" for a SATA SSD: the model tells (Samsung
     * MZ7…/MZ-7…, Micron MTFD…, Kingston SA400/SUV…, Toshiba THNSN…, SanDisk
     * SD8S…/SD9S…, WD Blue SSD WDS…, SK hynix HFS…, Crucial MX/BX500). */
    static const char *const SSD_MODEL[] = { "mz7", "mz-7", "mzn", "mtfd", "sa400", "suv400", "suv500", "thnsn",
                                             "sd8s", "sd9s", "wds", "hfs", "mx500", "mx300", "mx100", "bx500",
                                             "m4-ct", "liteon cv", "liteon l8h", "intel ssd" };
    for (size_t i = 0; i < sizeof SSD_MODEL / sizeof SSD_MODEL[0]; i++)
        if (has(model, SSD_MODEL[i])) return "ssd";
    if (has(type, "hdd") || has(type, "disk") || has(type, "rotat") || has(interface, "sata") ||
        has(interface, "ide") || has(interface, "scsi") || has(interface, "sas") || has(interface, "ata"))
        return "hdd";
    return "other";
}
