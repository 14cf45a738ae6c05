/*
 * csv_cols.c — a CSV inventory's header names and cell values (see
 * csv_cols.h). The words come from GLPI's computer search options in
 * French and English (10.x: "Hard drive: Serial Number" / "Disque dur :
 * Numéro de série", "Memory" / "Mémoire" for the total RAM, "Processor" /
 * "Processeur"; 9.x exports prefix components "Components - " /
 * "Composants - "), from DeviceHub's placeholder spreadsheet and from
 * boucle's template (doc/inventories.md).
 */
#include "core/inventory/csv_cols.h"
#include "core/inventory/inventory.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* U+00C0–U+00FF folded to ASCII ("" = a separator). */
static const char *const LATIN1[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
    "d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

void csv_fold(const char *h, char *out, size_t size)
{
    size_t o = 0;
    int space = 0;
    if (!size) return;
    for (const unsigned char *p = (const unsigned char *)h; *p && o + 4 < size; p++) {
        const char *add = NULL;
        char one[2] = { 0, 0 };
        if (isalnum(*p) && *p < 0x80) {
            one[0] = (char)tolower(*p);
            add = one;
        } else if (*p == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
            add = LATIN1[p[1] - 0x80];
            p++;
        } else if (*p == 0xC5 && (p[1] == 0x92 || p[1] == 0x93)) {   /* Œ œ */
            add = "oe";
            p++;
        }
        if (!add || !*add) {
            space = o > 0;
            continue;
        }
        if (space) out[o++] = ' ';
        space = 0;
        for (; *add && o + 1 < size; add++) out[o++] = *add;
    }
    out[o] = '\0';
}

/* Whether the padded folded header p (" words ") holds one of the words
 * or phrases. */
static int any(const char *p, const char *const *w)
{
    char k[64];
    for (; *w; w++) {
        snprintf(k, sizeof k, " %s ", *w);
        if (strstr(p, k)) return 1;
    }
    return 0;
}

static int one_of(const char *f, const char *const *w)
{
    for (; *w; w++)
        if (strcmp(f, *w) == 0) return 1;
    return 0;
}

#define W(...) ((const char *const[]){ __VA_ARGS__, NULL })

static int64_t header_unit(const char *p)
{
    if (any(p, W("mio", "mib", "mo", "mb"))) return 1LL << 20;
    if (any(p, W("gio", "gib", "go", "gb"))) return 1LL << 30;
    if (any(p, W("tio", "tib", "to", "tb"))) return 1LL << 40;
    return 0;
}

/* The template's "disk2_size", "disque2_taille": 1 with *disk and *kind. */
static int template_disk(const char *f, int *disk, ColKind *kind)
{
    const char *q;
    if (strncmp(f, "disk", 4) == 0) q = f + 4;
    else if (strncmp(f, "disque", 6) == 0) q = f + 6;
    else return 0;
    if (!isdigit((unsigned char)*q)) return 0;
    int n = 0;
    while (isdigit((unsigned char)*q) && n < 100) n = n * 10 + (*q++ - '0');
    if (n < 1 || n > INV_DISKS_MAX || *q != ' ') return 0;
    q++;
    if (one_of(q, W("serial", "serie", "numero serie", "sn"))) *kind = COL_DISK_SERIAL;
    else if (one_of(q, W("model", "modele"))) *kind = COL_DISK_MODEL;
    else if (one_of(q, W("size", "taille", "capacity", "capacite"))) *kind = COL_DISK_SIZE;
    else if (one_of(q, W("type"))) *kind = COL_DISK_TYPE;
    else return 0;
    *disk = n - 1;
    return 1;
}

ColMap csv_column(const char *h, int *boucle, int *hub)
{
    ColMap m = { COL_UNKNOWN, -1, 0 };
    char f[256], p[260];
    csv_fold(h, f, sizeof f);
    snprintf(p, sizeof p, " %s ", f);
    if (!*f) return m;
    m.unit = header_unit(p);
    if (template_disk(f, &m.disk, &m.kind)) {
        *boucle = 1;
        return m;
    }
    /* names only boucle's template uses (GLPI writes "Serial number",
     * "Modèle", "Mémoire"…, never these alone) */
    if (one_of(f, W("serial", "numero serie", "tag", "etiquette", "category", "categorie", "make", "marque",
                    "chassis", "ram", "cpu", "battery design wh", "battery full wh", "batterie conception wh",
                    "batterie pleine wh")))
        *boucle = 1;
    int hub_col = one_of(f, W("part number", "id device supplier", "id device internal", "pallet"));
    if (hub_col) *hub = 1;

    if (any(p, W("disque", "disques", "disk", "disks", "drive", "drives", "harddrive", "stockage", "storage",
                  "hdd", "ssd"))) {
        if (any(p, W("serial", "serie", "sn"))) m.kind = COL_DISK_SERIAL;
        else if (any(p, W("inventory", "inventaire", "manufacturer", "fabricant", "firmware", "rpm", "cache",
                           "bus", "location", "lieu", "status", "statut")))
            m.kind = COL_IGNORED;
        else if (any(p, W("capacity", "capacite", "size", "taille"))) m.kind = COL_DISK_SIZE;
        else if (any(p, W("type", "interface", "media"))) m.kind = COL_DISK_TYPE;
        else m.kind = COL_DISK_MODEL;
        return m;
    }
    if (any(p, W("memoire", "memoires", "memory", "memories", "ram"))) {
        m.kind = any(p, W("serial", "serie", "inventory", "inventaire", "type", "frequence", "frequency",
                          "manufacturer", "fabricant", "slot", "slots", "emplacement", "emplacements"))
                     ? COL_IGNORED : COL_RAM;
        return m;
    }
    if (any(p, W("processeur", "processeurs", "processor", "processors", "cpu", "cpus"))) {
        m.kind = any(p, W("serial", "serie", "inventory", "inventaire", "core", "cores", "coeur", "coeurs",
                          "thread", "threads", "frequence", "frequency", "manufacturer", "fabricant"))
                     ? COL_IGNORED : COL_CPU;
        return m;
    }
    if (any(p, W("batterie", "batteries", "battery"))) {
        if (any(p, W("design", "conception", "nominal", "nominale", "origine", "theorique")))
            m.kind = COL_BAT_DESIGN;
        else if (any(p, W("full", "pleine", "actuelle", "current", "reelle", "charge"))) m.kind = COL_BAT_FULL;
        else m.kind = COL_IGNORED;
        return m;
    }
    if (hub_col) {
        m.kind = strcmp(f, "id device supplier") == 0 ? COL_TAG : COL_IGNORED;
        return m;
    }
    /* other items GLPI can join to a computer: their serials are not its own */
    if (any(p, W("moniteur", "moniteurs", "monitor", "monitors", "ecran", "ecrans", "imprimante", "imprimantes",
                  "printer", "printers", "peripherique", "peripheriques", "peripheral", "peripherals", "telephone",
                  "phone", "logiciel", "logiciels", "software", "carte reseau", "network card", "port reseau",
                  "network port", "carte graphique", "graphics card", "carte son", "sound card", "controleur",
                  "controller", "alimentation", "power supply", "boitier", "case", "carte mere", "motherboard"))) {
        m.kind = COL_IGNORED;
        return m;
    }
    if (any(p, W("serial", "serie", "sn", "serialnumber"))) m.kind = COL_SERIAL;
    else if (any(p, W("inventory", "inventaire", "otherserial", "asset", "tag", "etiquette", "immobilisation")))
        m.kind = COL_TAG;
    else if (any(p, W("manufacturer", "fabricant", "make", "marque", "constructeur", "brand")))
        m.kind = COL_MAKE;
    else if (any(p, W("model", "modele", "models", "modeles"))) m.kind = COL_MODEL;
    else if (any(p, W("category", "categorie"))) m.kind = COL_CATEGORY;
    else if (any(p, W("type", "chassis"))) m.kind = COL_TYPE;
    else if (any(p, W("name", "nom", "entity", "entite", "status", "statut", "etat", "location", "lieu", "id",
                       "update", "modification", "system", "systeme", "user", "utilisateur", "comment",
                       "comments", "commentaire", "commentaires", "info", "date", "group", "groupe",
                       "technician", "technicien", "domain", "domaine", "uuid", "network", "reseau")))
        m.kind = COL_IGNORED;
    return m;
}

/* ---- values ------------------------------------------------------------- */

/* A number as inventories write it: "476940", "465,76", "465.76",
 * "1 000,5" (French thousands: space, no-break space, narrow no-break
 * space), "1,000.5". *end after it. -1 when none. */
static int number(const char *s, double *v, const char **end)
{
    char buf[64];
    size_t n = 0;
    const char *p = s, *last = s;
    int seps = 0;
    char sepc[8];
    while (*p && n + 1 < sizeof buf) {
        if (isdigit((unsigned char)*p)) {
            buf[n++] = *p++;
            last = p;
            continue;
        }
        size_t skip = 0;
        if (*p == ' ') skip = 1;
        else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) skip = 2;
        else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF) skip = 3;
        if (skip && n && isdigit((unsigned char)p[skip])) {   /* a thousands space */
            p += skip;
            continue;
        }
        if ((*p == ',' || *p == '.') && n && isdigit((unsigned char)p[1]) && seps < (int)sizeof sepc) {
            sepc[seps++] = *p;
            buf[n++] = *p++;
            continue;
        }
        break;
    }
    if (!n) return -1;
    buf[n] = '\0';
    /* the decimal separator: the last one when both kinds are there, the
     * only one when it is alone; others are thousands */
    char dec = 0;
    if (seps == 1) dec = sepc[0];
    else if (seps > 1) {
        int mixed = 0;
        for (int i = 1; i < seps; i++) mixed |= sepc[i] != sepc[0];
        if (mixed) dec = sepc[seps - 1];
    }
    char clean[64];
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == ',' || buf[i] == '.') {
            if (buf[i] == dec && (i == n - 1 || strchr(buf + i + 1, dec) == NULL)) clean[c++] = '.';
        } else {
            clean[c++] = buf[i];
        }
    }
    clean[c] = '\0';
    char *e;
    *v = strtod(clean, &e);
    if (e == clean) return -1;
    *end = last;
    return 0;
}

static const char *skip_blank(const char *p)
{
    for (;;) {
        if (*p == ' ' || *p == '\t') p++;
        else if ((unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0) p += 2;
        else if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0xAF) p += 3;
        else return p;
    }
}

int csv_size(const char *s, int64_t default_unit, double small_max, int64_t dflt_small, int binary, int64_t *bytes)
{
    double v;
    const char *p = skip_blank(s);
    if (number(p, &v, &p) < 0 || !(v > 0)) return -1;
    p = skip_blank(p);
    double mult;
    int power = -1;
    switch (tolower((unsigned char)*p)) {
    case '\0': break;
    case 'k': power = 1; break;
    case 'm': power = 2; break;
    case 'g': power = 3; break;
    case 't': power = 4; break;
    case 'p': power = 5; break;
    case 'o': case 'b': power = 0; break;
    default: return -1;
    }
    if (power < 0) {
        mult = default_unit ? (double)default_unit : v < small_max ? (double)dflt_small : (double)(1 << 20);
    } else {
        if (power > 0) p++;
        int bin = binary;
        if (power > 0 && (*p == 'i' || *p == 'I')) {
            bin = 1;
            p++;
        }
        if (*p == 'o' || *p == 'O' || *p == 'b' || *p == 'B') p++;
        else if (power == 0) return -1;
        if (strncasecmp(p, "ctets", 5) == 0) p += 5;    /* "octets" */
        else if (strncasecmp(p, "ytes", 4) == 0) p += 4;    /* "bytes" */
        p = skip_blank(p);
        if (*p) return -1;
        mult = 1;
        for (int i = 0; i < power; i++) mult *= bin ? 1024.0 : 1000.0;
    }
    double b = v * mult;
    if (!(b >= 1) || b > 9.0e18) return -1;
    *bytes = (int64_t)(b + 0.5);
    return 0;
}

int csv_wh(const char *s, int64_t *mwh)
{
    double v;
    const char *p = skip_blank(s);
    if (number(p, &v, &p) < 0 || !(v > 0)) return -1;
    p = skip_blank(p);
    double m;
    if (!*p) m = v < 1000 ? 1000 : 1;
    else if (strcasecmp(p, "wh") == 0) m = 1000;
    else if (strcasecmp(p, "mwh") == 0) m = 1;
    else return -1;
    double r = v * m;
    if (r < 1000 || r > 10e6) return -1;   /* 1 Wh to 10 kWh: a battery of a device */
    *mwh = (int64_t)(r + 0.5);
    return 0;
}

/* The length of the multi-value separator at q, 0 when none. */
static size_t sep_at(const char *q)
{
    if (*q == '\n') return 1;
    if (*q == '\r') return q[1] == '\n' ? 2 : 1;
    if (strncmp(q, "$$##$$", 6) == 0) return 6;
    if (strncmp(q, "$#$", 3) == 0) return 3;
    if (strncasecmp(q, "<br>", 4) == 0) return 4;
    if (strncasecmp(q, "<br/>", 5) == 0) return 5;
    if (strncasecmp(q, "<br />", 6) == 0) return 6;
    return 0;
}

int csv_value(const char **pp, char *out, size_t size)
{
    const char *p = *pp;
    while (*p) {
        const char *q = p;
        size_t sl = 0;
        while (*q && !(sl = sep_at(q))) q++;
        const char *a = p, *b = q;
        p = q + sl;
        while (a < b && (*a == ' ' || *a == '\t')) a++;
        while (b > a && (b[-1] == ' ' || b[-1] == '\t')) b--;
        size_t n = (size_t)(b - a);
        if (!n || (n == 8 && strncmp(a, "__NULL__", 8) == 0)) continue;
        if (n >= size) {
            n = size - 1;
            while (n && ((unsigned char)a[n] & 0xC0) == 0x80) n--;   /* cut before a character */
        }
        memcpy(out, a, n);
        out[n] = '\0';
        *pp = p;
        return 1;
    }
    *pp = p;
    return 0;
}
