/*
 * media.c — storage media (see media.h). The media table is a projection of
 * media.add events; erased/wipes come from the wipes projection.
 */
#include "core/wipe/media.h"
#include "core/log/chain.h"
#include "util/i18n.h"
#include "util/units.h"
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *media_type_label(const char *key)
{
    int i = vocab_parse(&VOCAB_MEDIA_TYPE, key);
    return vocab_label(&VOCAB_MEDIA_TYPE, i < 0 ? MT_OTHER : i);
}

/* The multiplier of a unit: "" or "b"/"o" = 1, "k" .. "p" decimal, with
 * "i" binary; an optional "b"/"o" after. 0 when it is not a unit. */
static int64_t unit_multiplier(const char *u)
{
    static const char PREFIX[] = "kmgtp";
    if (!*u) return 1;
    const char *p = strchr(PREFIX, tolower((unsigned char)*u));
    if (!p) return (!strcasecmp(u, "b") || !strcasecmp(u, "o")) ? 1 : 0;
    int binary = tolower((unsigned char)u[1]) == 'i';
    const char *rest = u + 1 + binary;
    if (*rest && strcasecmp(rest, "b") && strcasecmp(rest, "o")) return 0;
    int64_t m = 1;
    for (const char *q = PREFIX; q <= p; q++) m *= binary ? 1024 : 1000;
    return m;
}

int media_bytes_parse(const char *s, int64_t *bytes, Err *e)
{
    const char *p = s ? s : "";
    *bytes = -1;
    while (isspace((unsigned char)*p)) p++;
    if (!*p) return 0;
    const char *num = p;
    int64_t whole = 0;
    int digits = 0, fdigits = 0;
    double frac = 0, scale = 1;
    for (; isdigit((unsigned char)*p); p++, digits++) {
        if (whole > (INT64_MAX - 9) / 10) goto bad;
        whole = whole * 10 + (*p - '0');
    }
    if (*p == '.' || *p == ',') {   /* "1.5T", "1,5 To" */
        for (p++; isdigit((unsigned char)*p); p++, fdigits++) frac += (*p - '0') / (scale *= 10);
        if (!fdigits) goto bad;
    }
    if (!digits) goto bad;
    while (isspace((unsigned char)*p)) p++;
    char unit[8];
    size_t ul = strlen(p);
    while (ul && isspace((unsigned char)p[ul - 1])) ul--;
    if (ul >= sizeof unit) goto bad;
    memcpy(unit, p, ul);
    unit[ul] = '\0';
    int64_t m = unit_multiplier(unit);
    /* a fraction of a byte means a unit was forgotten */
    if (!m || (m == 1 && fdigits) || whole > INT64_MAX / m - 1) goto bad;
    *bytes = whole * m + (int64_t)(frac * (double)m + 0.5);
    return 0;
bad:
    *bytes = -1;
    return err_set(e, ERR_USAGE, _("\"%s\" is not a capacity: type bytes, or a number and a unit (500G, 1T, 256 GB)."),
                   num);
}

void media_bytes_text(int64_t bytes, char *out, size_t n)
{
    units_bytes(bytes, out, n);
}

static const char SQL_HAS[] = "SELECT 1 FROM media WHERE device = ?1 AND serial_key = ?2";

static int has_medium(Ctx *c, const char *dev, const char *key, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_HAS, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, dev, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, key, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return rc == SQLITE_ROW;
}

/* tolerate: from a tool (nwipe, lsblk): an existing disk is fine and the
 * serial may be longer (garbage bytes are escaped as \xNN). */
static int add(Ctx *c, const char *dev, const MediaNew *m, int tolerate, Err *e)
{
    char serial[SERIAL_MAX * 4 + 1], model[256], key[SERIAL_MAX * 4 + 1];
    if (text_field_clean(m->serial, serial, sizeof serial, tolerate ? SERIAL_MAX * 4 : SERIAL_MAX,
                         _("disk serial number"), e) < 0) return -1;
    if (!serial[0]) return err_set(e, ERR_USAGE, "%s", _("A disk needs its serial number."));
    if (text_field_clean(m->model, model, sizeof model, 60, _("disk model"), e) < 0) return -1;
    int t = m->type && *m->type ? vocab_parse(&VOCAB_MEDIA_TYPE, m->type) : MT_OTHER;
    if (t < 0) return err_set(e, ERR_USAGE, _("Unknown disk type \"%s\" (hdd, ssd, nvme, emmc, other)."), m->type);
    serial_key(serial, key, sizeof key);
    int h = has_medium(c, dev, key, e);
    if (h < 0) return -1;
    if (h) return tolerate ? 0 : err_set(e, ERR_EXISTS, _("Device %s already has the disk %s."), dev, serial);
    json_t *pl = json_pack("{s:s, s:s, s:s, s:I}", "serial", serial, "model", model, "type", vocab_key(&VOCAB_MEDIA_TYPE, t),
                           "bytes", (json_int_t)(m->bytes >= 0 ? m->bytes : -1));
    return event_append(c, "media.add", dev, pl, NULL, e);
}

int media_add(Ctx *c, const char *device_key, const MediaNew *m, char dev_id[DEVICE_ID_MAX], Err *e)
{
    Device d;
    int f = device_find(c, device_key, &d, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), device_key);
    if (m->bytes < -1) return err_set(e, ERR_USAGE, "%s", _("The capacity must be a positive number of bytes."));
    if (dev_id) snprintf(dev_id, DEVICE_ID_MAX, "%s", d.id);
    return add(c, d.id, m, 0, e);
}

int media_ensure(Ctx *c, const char *device_id, const MediaNew *m, Err *e)
{
    return add(c, device_id, m, 1, e);
}

/* ---- declared without storage ------------------------------------------- */

static const char SQL_NONE[] = "SELECT 1 FROM events WHERE device = ?1 AND kind = 'media.none' LIMIT 1";

int media_none_declared(Ctx *c, const char *device_id, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_NONE, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, device_id, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return rc == SQLITE_ROW;
}

int media_declare_none(Ctx *c, const char *device_key, const char *note, Err *e)
{
    Device d;
    char clean[1024] = "";
    int f = device_find(c, device_key, &d, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), device_key);
    if (note && text_field_clean(note, clean, sizeof clean, 500, _("note"), e) < 0) return -1;
    MediaList l;
    if (media_list(c, d.id, &l, e) < 0) return -1;
    if (l.n) {
        char serial[sizeof l.items[0].serial];
        snprintf(serial, sizeof serial, "%s", l.items[0].serial);
        size_t n = l.n;
        media_list_free(&l);
        if (n == 1)
            return err_set(e, ERR_INPUT, _("Device %s holds the disk %s: it cannot be declared without storage."), d.id, serial);
        return err_set(e, ERR_INPUT, _("Device %s holds %zu disks (%s and others): it cannot be declared without storage."),
                       d.id, n, serial);
    }
    media_list_free(&l);
    int h = media_none_declared(c, d.id, e);
    if (h) return h < 0 ? -1 : 0;   /* already declared: nothing to add */
    json_t *pl = json_object();
    if (clean[0]) json_object_set_new(pl, "note", json_string(clean));
    return event_append(c, "media.none", d.id, pl, NULL, e);
}


static const char SQL_LIST[] =
    "SELECT m.serial, m.serial_key, m.model, m.type, m.bytes, "
    "(SELECT count(*) FROM wipes w WHERE w.device = m.device AND w.serial_key = m.serial_key), "
    "EXISTS (SELECT 1 FROM wipes w WHERE w.device = m.device AND w.serial_key = m.serial_key "
    "        AND w.status = 'success') "
    "FROM media m WHERE m.device = ?1 ORDER BY m.hlc, m.serial_key";

int media_list(Ctx *c, const char *device_id, MediaList *out, Err *e)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = db_stmt(c->db, SQL_LIST, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, device_id, -1, SQLITE_TRANSIENT);
    int rc;
    size_t cap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (out->n == cap) {
            cap = cap ? cap * 2 : 4;
            Medium *m = realloc(out->items, cap * sizeof *m);
            if (!m) { sqlite3_reset(st); media_list_free(out); return err_set(e, ERR_INTERNAL, "%s", _("out of memory")); }
            out->items = m;
        }
        Medium *m = &out->items[out->n++];
        snprintf(m->serial, sizeof m->serial, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(m->key, sizeof m->key, "%s", (const char *)sqlite3_column_text(st, 1));
        snprintf(m->model, sizeof m->model, "%s", (const char *)sqlite3_column_text(st, 2));
        snprintf(m->type, sizeof m->type, "%s", (const char *)sqlite3_column_text(st, 3));
        m->bytes = sqlite3_column_int64(st, 4);
        m->wipes = sqlite3_column_int(st, 5);
        m->erased = sqlite3_column_int(st, 6);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { media_list_free(out); return db_error_rc(c->db, rc, e); }
    return 0;
}

void media_list_free(MediaList *l)
{
    free(l->items);
    memset(l, 0, sizeof *l);
}

json_t *media_json(Ctx *c, const char *device_id, Err *e)
{
    MediaList l;
    if (media_list(c, device_id, &l, e) < 0) return NULL;
    json_t *a = json_array();
    for (size_t i = 0; i < l.n; i++) {
        Medium *m = &l.items[i];
        json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:I, s:b, s:i}", "serial", m->serial,
                                           "model", m->model, "type", m->type, "bytes", (json_int_t)m->bytes,
                                           "erased", m->erased, "wipes", m->wipes));
    }
    media_list_free(&l);
    return a;
}

/* Only devices this workshop owns: a disk seen in another workshop's
 * device (same drive, or a serial two makers share) is not ours to wipe. */
static const char SQL_OWNER[] = "SELECT DISTINCT m.device FROM media m JOIN devices d ON d.id = m.device "
                                "WHERE m.serial_key = ?1 AND d.workshop = ?2 LIMIT 2";

int media_owner(Ctx *c, const char *key, char id[DEVICE_ID_MAX], Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_OWNER, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!n) snprintf(id, DEVICE_ID_MAX, "%s", (const char *)sqlite3_column_text(st, 0));
        n++;
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return n;
}
