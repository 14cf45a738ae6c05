/*
 * csv.c — GLPI, DeviceHub and boucle CSV inventories (see inventory.h and
 * doc/inventories.md): the header decides the format and what each column
 * is (csv_cols.c), then every row becomes an InvDevice handed to the sink,
 * one at a time (csv_read.c reads one row at a time: a 100 000-row export
 * costs the memory of its longest row).
 *
 * Per row: the serial and the inventory number are cleaned by the shared
 * rules (inv_serial_clean: "To be filled by O.E.M.", "0000000" are no
 * serial); a row with neither is noted and skipped. A cell may hold
 * several values (GLPI: one per disk or memory module, separated by line
 * breaks, "$#$" or "<br>"): RAM sizes add up, disk columns pair up by
 * position, other fields take the first. Sizes go to MiB (RAM) and bytes
 * (disks); a value that is not one is noted and left unknown. Text fields
 * are UTF-8 without control characters, cut on a character.
 */
#include "core/inventory/inventory.h"
#include "core/inventory/csv_cols.h"
#include "core/inventory/csv_read.h"
#include "core/vocab/vocab.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define VALUE_MAX 1024   /* one value of a cell, as read (longer: cut) */

/* What the disk columns of a row said, before the disks are chosen. */
typedef struct Staged {
    char model[256];
    char serial[VALUE_MAX];
    char type[64];
    int64_t bytes;
    int zero;            /* the size said 0: GLPI's card readers and empty bays */
    int present;
} Staged;

typedef struct Parse {
    CsvReader r;
    InvDevice d;
    Staged disk[INV_DISKS_MAX];
    int extra_disks;        /* values beyond INV_DISKS_MAX */
    int size_values;        /* values of GLPI's multi-value capacity column */
    int multi_disks;        /* disks named by GLPI's multi-value columns */
    char value[VALUE_MAX];
    char msg[1024];
    ColMap *cols;
    size_t ncols;
    const InvSink *sink;
} Parse;

/* s without the incomplete character a cut at its end may have left. */
static void cut_whole(char *s)
{
    size_t n = strlen(s), k = n;
    while (k > 0 && n - k < 4 && ((unsigned char)s[k - 1] & 0xC0) == 0x80) k--;
    if (k > 0 && (unsigned char)s[k - 1] >= 0xC0) {   /* a lead byte: is its sequence whole? */
        if (!utf8_seq((const unsigned char *)s + k - 1, n - k + 1, NULL)) s[k - 1] = '\0';
    }
}

static void note(Parse *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(Parse *p, const char *fmt, ...)
{
    if (!p->sink->note) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof p->msg, fmt, ap);
    va_end(ap);
    cut_whole(p->msg);
    p->sink->note(p->sink->arg, p->d.where, p->msg);
}

/* src (valid UTF-8) into dst: control characters as spaces, runs of
 * blanks as one, trimmed, at most max_chars characters and size - 1 bytes,
 * cut on a character. */
static void clean_text(char *dst, size_t size, const char *src, size_t max_chars)
{
    size_t o = 0, chars = 0, n = strlen(src);
    int space = 0;
    for (size_t k = 0; k < n;) {
        unsigned cp;
        size_t l = utf8_seq((const unsigned char *)src + k, n - k, &cp);
        if (!l) {   /* not reached: the reader checked the row */
            k++;
            continue;
        }
        if (cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xA0) {
            space = o > 0;
            k += l;
            continue;
        }
        size_t need = l + (space ? 1 : 0);
        if (o + need + 1 > size || chars + (space ? 1 : 0) + 1 > max_chars) break;
        if (space) {
            dst[o++] = ' ';
            chars++;
        }
        space = 0;
        memcpy(dst + o, src + k, l);
        o += l;
        chars++;
        k += l;
    }
    dst[o] = '\0';
}

/* The first value of cell s, or "". */
static const char *first(Parse *p, const char *s)
{
    if (!csv_value(&s, p->value, sizeof p->value)) p->value[0] = '\0';
    return p->value;
}

/* A value shown in a note: cleaned and short. */
static const char *shown(const char *v, char *out, size_t size)
{
    clean_text(out, size, v, 40);
    return out;
}

static void stage_disk(Parse *p, int k, ColKind kind, const char *v, int64_t unit)
{
    if (k >= INV_DISKS_MAX) {
        p->extra_disks = k + 1 - INV_DISKS_MAX > p->extra_disks ? k + 1 - INV_DISKS_MAX : p->extra_disks;
        return;
    }
    Staged *s = &p->disk[k];
    char show[200];
    s->present = 1;
    switch (kind) {
    case COL_DISK_MODEL: clean_text(s->model, sizeof s->model, v, 255); break;
    case COL_DISK_SERIAL: snprintf(s->serial, sizeof s->serial, "%s", v); break;
    case COL_DISK_TYPE: clean_text(s->type, sizeof s->type, v, 63); break;
    case COL_DISK_SIZE:
        if (strspn(v, "0") == strlen(v) || strcmp(v, "0.00") == 0 || strcmp(v, "0,00") == 0) {
            s->zero = 1;
            s->bytes = 0;
        } else if (csv_size(v, unit, 16384, 1000000000LL, 0, &s->bytes) < 0) {
            s->bytes = 0;
            note(p, _("“%s” is not a disk size"), shown(v, show, sizeof show));
        }
        break;
    default: break;
    }
}

static void read_cell(Parse *p, const ColMap *m, const char *cell)
{
    InvDevice *d = &p->d;
    char show[200];
    switch (m->kind) {
    case COL_MAKE: clean_text(d->make, sizeof d->make, first(p, cell), 255); break;
    case COL_MODEL: clean_text(d->model, sizeof d->model, first(p, cell), 255); break;
    case COL_CPU: clean_text(d->cpu, sizeof d->cpu, first(p, cell), SPECS_CPU_MAX); break;
    case COL_TYPE: clean_text(d->chassis, sizeof d->chassis, first(p, cell), 63); break;
    case COL_CATEGORY: {
        char c[64];
        clean_text(c, sizeof c, first(p, cell), 63);
        int i = *c ? category_parse(c) : -1;
        if (i >= 0) snprintf(d->category, sizeof d->category, "%s", category_key(i));
        else if (*c) {
            snprintf(d->chassis, sizeof d->chassis, "%s", c);
        }
        break;
    }
    case COL_RAM: {
        const char *s = cell;
        int64_t total = 0;
        while (csv_value(&s, p->value, sizeof p->value)) {
            int64_t b;
            if (csv_size(p->value, m->unit, 256, 1LL << 30, 1, &b) < 0 || b < (1 << 20)) {
                note(p, _("“%s” is not a RAM size"), shown(p->value, show, sizeof show));
                total = -1;
                break;
            }
            total += b >> 20;
            if (total > SPECS_RAM_MB_MAX) break;
        }
        if (total > SPECS_RAM_MB_MAX) {
            note(p, _("“%s” is not a plausible RAM size"), shown(cell, show, sizeof show));
            total = 0;
        }
        d->ram_mb = total > 0 ? total : 0;
        break;
    }
    case COL_BAT_DESIGN:
    case COL_BAT_FULL: {
        const char *v = first(p, cell);
        int64_t mwh = 0;
        if (*v && csv_wh(v, &mwh) < 0) {
            note(p, _("“%s” is not a battery capacity"), shown(v, show, sizeof show));
            mwh = 0;
        }
        if (m->kind == COL_BAT_DESIGN) d->battery_design_mwh = mwh;
        else d->battery_full_mwh = mwh;
        break;
    }
    case COL_DISK_MODEL:
    case COL_DISK_SERIAL:
    case COL_DISK_TYPE:
    case COL_DISK_SIZE:
        if (m->disk >= 0) {
            const char *v = first(p, cell);
            if (*v) stage_disk(p, m->disk, m->kind, v, m->unit);
        } else {
            const char *s = cell;
            int k = 0;
            while (csv_value(&s, p->value, sizeof p->value)) stage_disk(p, k++, m->kind, p->value, m->unit);
            if (m->kind == COL_DISK_SIZE) p->size_values = k;
            else if (k > p->multi_disks) p->multi_disks = k;
        }
        break;
    default: break;
    }
}

/* The disks staged from the row's columns into d. */
static void choose_disks(Parse *p)
{
    InvDevice *d = &p->d;
    /* GLPI's capacity column holds the total when it holds one value for
     * several disks: it belongs to none of them */
    if (p->size_values == 1 && p->multi_disks > 1) p->disk[0].bytes = 0;
    for (int k = 0; k < INV_DISKS_MAX; k++) {
        Staged *s = &p->disk[k];
        if (!s->present) continue;
        if (!inv_disk_needs_wipe(s->model, s->type, NULL, s->bytes || s->zero ? s->bytes : 1)) {
            d->disks_skipped++;
            continue;
        }
        InvDisk *o = &d->disks[d->ndisks++];
        inv_serial_clean(s->serial, o->serial, sizeof o->serial);
        snprintf(o->model, sizeof o->model, "%s", s->model);
        snprintf(o->type, sizeof o->type, "%s", inv_media_type(s->type, NULL, s->model));
        o->bytes = s->bytes;
    }
    d->disks_skipped += p->extra_disks;
}

/* Row → p->d; 1 to hand it to the sink, 0 when it is skipped (noted). */
static int read_row(Parse *p)
{
    InvDevice *d = &p->d;
    memset(d, 0, sizeof *d);
    memset(p->disk, 0, sizeof p->disk);
    p->extra_disks = p->size_values = p->multi_disks = 0;
    d->line = p->r.row_line;
    snprintf(d->where, sizeof d->where, _("line %lld"), (long long)d->line);
    char serial[VALUE_MAX], tag[VALUE_MAX], show[200];
    serial[0] = tag[0] = '\0';
    for (size_t i = 0; i < p->ncols; i++) {
        const char *cell = csv_field(&p->r, i);
        if (!*cell) continue;
        if (p->cols[i].kind == COL_SERIAL) snprintf(serial, sizeof serial, "%s", first(p, cell));
        else if (p->cols[i].kind == COL_TAG) snprintf(tag, sizeof tag, "%s", first(p, cell));
        else read_cell(p, &p->cols[i], cell);
    }
    inv_serial_clean(serial, d->serial, sizeof d->serial);
    inv_serial_clean(tag, d->tag, sizeof d->tag);
    if (!d->serial[0] && !d->tag[0]) {
        if (serial[0])
            note(p, _("“%s” is not a serial number and the row has no inventory number: skipped"),
                 shown(serial, show, sizeof show));
        else note(p, "%s", _("no serial number and no inventory number: row skipped"));
        return 0;
    }
    if (serial[0] && !d->serial[0])
        note(p, _("“%s” is not a serial number: the device is known by its inventory number"),
             shown(serial, show, sizeof show));
    if (tag[0] && !d->tag[0]) note(p, _("“%s” is not an inventory number"), shown(tag, show, sizeof show));
    if (!d->category[0]) snprintf(d->category, sizeof d->category, "%s", inv_category(d->chassis, d->model));
    choose_disks(p);
    return 1;
}

/* The header row → p->cols, the format. 0 / -1 with e. */
static int read_header(Parse *p, const char *name, InvFormat *fmt, Err *e)
{
    p->ncols = csv_nf(&p->r);
    p->cols = calloc(p->ncols, sizeof *p->cols);
    if (!p->cols) return err_set(e, ERR_INTERNAL, _("out of memory"));
    int boucle = 0, hub = 0, known = 0, ids = 0;
    char unknown[480];
    size_t ul = 0;
    unknown[0] = '\0';
    for (size_t i = 0; i < p->ncols; i++) {
        const char *h = csv_field(&p->r, i);
        ColMap m = csv_column(h, &boucle, &hub);
        for (size_t j = 0; j < i && m.kind > COL_IGNORED; j++)   /* the first column of a kind wins */
            if (p->cols[j].kind == m.kind && p->cols[j].disk == m.disk) m.kind = COL_IGNORED;
        p->cols[i] = m;
        known += m.kind > COL_IGNORED;
        ids += m.kind == COL_SERIAL || m.kind == COL_TAG;
        if (m.kind == COL_UNKNOWN && *h && ul < sizeof unknown) {
            char c[80];
            clean_text(c, sizeof c, h, 30);
            char q[100];
            /* TRANSLATORS: a column's name quoted in a list */
            snprintf(q, sizeof q, _("“%s”"), c);
            int w = snprintf(unknown + ul, sizeof unknown - ul, "%s%s", ul ? ", " : "", q);
            if (w > 0 && ul + (size_t)w < sizeof unknown) ul += (size_t)w;
            else {   /* full: cut on a character, and list no more */
                cut_whole(unknown);
                ul = sizeof unknown;
            }
        }
    }
    if (!known) {
        if (fmt) *fmt = INV_UNKNOWN;   /* not an inventory at all (a folder's README read as CSV) */
        return err_set(e, ERR_INPUT,
                       _("%s, line %lld: no column this program reads (serial number, inventory number, "
                         "manufacturer, model…)"), name, (long long)p->r.row_line);
    }
    if (!ids)
        return err_set(e, ERR_INPUT, _("%s, line %lld: no column of serial numbers or inventory numbers"), name,
                       (long long)p->r.row_line);
    InvFormat f = hub ? INV_DEVICEHUB_CSV : boucle ? INV_BOUCLE_CSV : INV_GLPI_CSV;
    if (fmt) *fmt = f;
    if (ul) {
        snprintf(p->d.where, sizeof p->d.where, _("line %lld"), (long long)p->r.row_line);
        note(p, _("columns not read: %s"), unknown);
    }
    return 0;
}

int inv_parse_csv(FILE *f, const char *name, const InvSink *sink, InvFormat *fmt, Err *e)
{
    Parse *p = calloc(1, sizeof *p);
    if (!p) return err_set(e, ERR_INTERNAL, _("out of memory"));
    if (!name) name = "";
    p->sink = sink;
    int rc = -1, got;
    if (csv_open(&p->r, f, name, e) < 0) goto out;
    while ((got = csv_next(&p->r, e)) == 1 && csv_blank(&p->r)) continue;
    if (got < 0) goto out;
    if (got == 0) {
        err_set(e, ERR_INPUT, _("%s: the file is empty or holds only blank lines"), name);
        goto out;
    }
    if (read_header(p, name, fmt, e) < 0) goto out;
    while ((got = csv_next(&p->r, e)) == 1) {
        if (csv_blank(&p->r) || !read_row(p)) continue;
        if (sink->device && sink->device(sink->arg, &p->d, e) < 0) goto out;
    }
    if (got < 0) goto out;
    rc = 0;
out:
    csv_close(&p->r);
    free(p->cols);
    free(p);
    return rc;
}
