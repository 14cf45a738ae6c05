/*
 * announce.c — a lot's announced devices: the import of the donor's files,
 * the lookup at intake, and the receipt that brings the whole record (see
 * announce.h).
 */
#include "core/inventory/announce.h"
#include "core/log/event.h"
#include "core/stock/specs.h"
#include "core/vocab/vocab.h"
#include "core/wipe/media.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/text.h"
#include <dirent.h>
#include <errno.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- payloads ------------------------------------------------------------ */

static void set_str(json_t *o, const char *k, const char *v)
{
    if (v && *v) json_object_set_new(o, k, json_string(v));
}

static void set_int(json_t *o, const char *k, int64_t v)
{
    if (v > 0) json_object_set_new(o, k, json_integer((json_int_t)v));
}

json_t *announce_to_json(const InvDevice *d)
{
    json_t *o = json_object();
    set_str(o, "serial", d->serial);
    set_str(o, "tag", d->tag);
    set_str(o, "make", d->make);
    set_str(o, "model", d->model);
    set_str(o, "category", d->category);
    set_str(o, "chassis", d->chassis);
    set_int(o, "ram_mb", d->ram_mb);
    set_str(o, "cpu", d->cpu);
    if (d->ndisks > 0) {
        json_t *a = json_array();
        for (int i = 0; i < d->ndisks && i < INV_DISKS_MAX; i++) {
            json_t *k = json_object();
            set_str(k, "serial", d->disks[i].serial);
            set_str(k, "model", d->disks[i].model);
            set_str(k, "type", d->disks[i].type);
            set_int(k, "bytes", d->disks[i].bytes);
            json_array_append_new(a, k);
        }
        json_object_set_new(o, "disks", a);
    }
    if (d->disks_skipped > 0) json_object_set_new(o, "disks_skipped", json_integer(d->disks_skipped));
    if (d->battery_design_mwh > 0 || d->battery_full_mwh > 0) {
        json_t *b = json_object();
        set_int(b, "design_mwh", d->battery_design_mwh);
        set_int(b, "full_mwh", d->battery_full_mwh);
        json_object_set_new(o, "battery", b);
    }
    return o;
}

/* A string member copied into out when it is clean text of at most max
 * characters; "" otherwise (a payload from the hub is never trusted). */
static void get_str(json_t *o, const char *k, char *out, size_t size, size_t max)
{
    json_t *v = json_object_get(o, k);
    out[0] = '\0';
    if (json_is_string(v) && text_field_clean(json_string_value(v), out, size, max, k, NULL) < 0) out[0] = '\0';
}

static int64_t get_int(json_t *o, const char *k, int64_t max)
{
    json_t *v = json_object_get(o, k);
    return json_is_integer(v) && json_integer_value(v) > 0 && json_integer_value(v) <= max ? json_integer_value(v) : 0;
}

void announce_from_json(json_t *p, InvDevice *d)
{
    memset(d, 0, sizeof *d);
    get_str(p, "serial", d->serial, sizeof d->serial, SERIAL_MAX);
    get_str(p, "tag", d->tag, sizeof d->tag, TAG_MAX);
    get_str(p, "make", d->make, sizeof d->make, 60);
    get_str(p, "model", d->model, sizeof d->model, 60);
    get_str(p, "category", d->category, sizeof d->category, 15);
    if (category_parse(d->category) < 0) d->category[0] = '\0';
    get_str(p, "chassis", d->chassis, sizeof d->chassis, 15);
    d->ram_mb = get_int(p, "ram_mb", SPECS_RAM_MB_MAX);
    get_str(p, "cpu", d->cpu, sizeof d->cpu, SPECS_CPU_MAX);
    json_t *a = json_object_get(p, "disks"), *k;
    size_t i;
    json_array_foreach(a, i, k) {
        if (d->ndisks >= INV_DISKS_MAX) break;
        InvDisk *m = &d->disks[d->ndisks++];
        get_str(k, "serial", m->serial, sizeof m->serial, SERIAL_MAX);
        get_str(k, "model", m->model, sizeof m->model, 60);
        get_str(k, "type", m->type, sizeof m->type, 5);
        if (vocab_parse(&VOCAB_MEDIA_TYPE, m->type) < 0) snprintf(m->type, sizeof m->type, "other");
        m->bytes = get_int(k, "bytes", INT64_MAX);
    }
    d->disks_skipped = (int)get_int(p, "disks_skipped", 1000);
    json_t *b = json_object_get(p, "battery");
    d->battery_design_mwh = get_int(b, "design_mwh", SPECS_BATTERY_MWH_MAX);
    d->battery_full_mwh = get_int(b, "full_mwh", SPECS_BATTERY_MWH_MAX);
    json_t *src = json_object_get(p, "src");
    get_str(src, "where", d->where, sizeof d->where, INV_WHERE_MAX / 4);
}

/* The payload of a stored event by id, NULL when none. */
static json_t *event_payload(Ctx *c, const char *id, Err *e)
{
    static const char SQL[] = "SELECT payload FROM events WHERE id = ?1";
    sqlite3_stmt *st = db_stmt(c->db, SQL, e);
    if (!st) return NULL;
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    json_t *p = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) p = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
    else if (rc != SQLITE_DONE) db_error_rc(c->db, rc, e);
    sqlite3_reset(st);
    if (rc == SQLITE_ROW && !p) err_set(e, ERR_DB, _("event %s: its payload is not JSON"), id);
    return p;
}

/* ---- import ---------------------------------------------------------------- */

typedef struct Import {
    Ctx *c;
    const char *lot;
    const char *file;            /* as shown: the path given */
    const char *base;            /* its last component, stored in events */
    char sha256[65];
    InvFormat format;
    int dry_run;
    FILE *f;
    int64_t size;
    ImportProgress progress;
    void *parg;
    ImportReport *r;
    int in_folder;               /* 1: a file that is no inventory is skipped, with a note */
} Import;

static void note(Import *im, const char *where, const char *msg)
{
    ImportReport *r = im->r;
    if (r->nnotes < IMPORT_NOTES) {
        ImportNote *n = &r->notes[r->nnotes];
        snprintf(n->file, sizeof n->file, "%s", im->base);
        snprintf(n->where, sizeof n->where, "%s", where ? where : "");
        snprintf(n->msg, sizeof n->msg, "%s", msg);
    }
    r->nnotes++;
}

static void sink_note(void *arg, const char *where, const char *msg) { note(arg, where, msg); }

static const char SQL_SEEN_MAKE[] =
    "CREATE TEMP TABLE IF NOT EXISTS import_seen(akey TEXT PRIMARY KEY) WITHOUT ROWID";
static const char SQL_SEEN_CLEAR[] = "DELETE FROM temp.import_seen";
static const char SQL_SEEN_ADD[] = "INSERT OR IGNORE INTO temp.import_seen(akey) VALUES (?1)";
static const char SQL_SAME_KEY[] = "SELECT event_id FROM announced WHERE lot = ?1 AND akey = ?2";
static const char SQL_OTHER_LOT[] =
    "SELECT lot FROM announced WHERE serial_key = ?1 AND serial_key <> '' AND lot <> ?2 ORDER BY hlc DESC LIMIT 1";
static const char SQL_OTHER_LOT_TAG[] =
    "SELECT lot FROM announced WHERE tag_key = ?1 AND tag_key <> '' AND serial_key = '' AND lot <> ?2 ORDER BY hlc DESC LIMIT 1";

/* A one-text-column lookup: 1 (out filled), 0, -1. */
static int lookup1(Ctx *c, const char *sql, const char *a, const char *b, char *out, size_t size, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
    if (b) sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && out) snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return rc == SQLITE_ROW;
}

static void akey_of(const InvDevice *d, char *out, size_t size)
{
    char k[TAG_MAX * 4 + 1];
    serial_key(d->serial, k, sizeof k);
    if (k[0]) { snprintf(out, size, "%s", k); return; }
    serial_key(d->tag, k, sizeof k);
    snprintf(out, size, k[0] ? "tag:%s" : "", k);
}

static int sink_device(void *arg, const InvDevice *d, Err *e)
{
    Import *im = arg;
    ImportReport *r = im->r;
    Ctx *c = im->c;
    char akey[TAG_MAX * 4 + 8];
    akey_of(d, akey, sizeof akey);
    if (!akey[0]) {
        note(im, d->where, _("neither a serial number nor an asset tag: not announced"));
        return 0;
    }
    r->devices++;
    if (im->progress && r->devices % 256 == 0 && im->progress(im->parg, im->file, im->f ? ftell(im->f) : 0, im->size)) {
        r->cancelled = 1;
        return err_set(e, ERR_INPUT, _("%s: import stopped; nothing of this file was stored"), im->file);
    }
    /* a key twice in what was read: the first stays */
    sqlite3_stmt *st = db_stmt(c->db, SQL_SEEN_ADD, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, akey, -1, SQLITE_TRANSIENT);
    if (db_step_done(c->db, st, e) < 0) return -1;
    if (sqlite3_changes(db_handle(c->db)) == 0) {
        char msg[256];
        snprintf(msg, sizeof msg, d->serial[0] ? _("serial number %s appears twice: the first row is kept")
                                                : _("asset tag %s appears twice: the first row is kept"),
                 d->serial[0] ? d->serial : d->tag);
        note(im, d->where, msg);
        r->duplicates++;
        return 0;
    }
    if (r->nsample < IMPORT_SAMPLES) r->sample[r->nsample++] = *d;
    int cat = category_parse(d->category[0] ? d->category : "other");
    if (cat >= 0 && cat < (int)(sizeof r->by_category / sizeof r->by_category[0])) r->by_category[cat]++;
    if (d->ram_mb || d->cpu[0]) r->with_specs++;
    r->disks += d->ndisks;
    r->disks_skipped += d->disks_skipped;
    if (d->battery_design_mwh || d->battery_full_mwh) r->battery++;
    /* announced in another lot too: kept, and said */
    char other[LOT_ID_MAX], k[TAG_MAX * 4 + 1];
    serial_key(d->serial[0] ? d->serial : d->tag, k, sizeof k);
    int o = lookup1(c, d->serial[0] ? SQL_OTHER_LOT : SQL_OTHER_LOT_TAG, k, im->lot, other, sizeof other, e);
    if (o < 0) return -1;
    if (o) {
        char msg[256];
        snprintf(msg, sizeof msg, _("%s is also announced in lot %s"), d->serial[0] ? d->serial : d->tag, other);
        note(im, d->where, msg);
        r->other_lot++;
    }
    json_t *p = announce_to_json(d);
    /* the same as the announcement of this key already in the lot: nothing to write */
    char prev_id[EVENT_ID_MAX];
    int had = lookup1(c, SQL_SAME_KEY, im->lot, akey, prev_id, sizeof prev_id, e);
    if (had < 0) { json_decref(p); return -1; }
    if (had) {
        json_t *prev = event_payload(c, prev_id, e);
        if (!prev) { json_decref(p); return -1; }
        json_object_del(prev, "lot");
        json_object_del(prev, "src");
        int same = json_equal(prev, p);
        json_decref(prev);
        if (same) { r->unchanged++; json_decref(p); return 0; }
        r->updated++;
    } else {
        r->added++;
    }
    if (im->dry_run) { json_decref(p); return 0; }
    json_object_set_new(p, "lot", json_string(im->lot));
    json_object_set_new(p, "src", json_pack("{s:s, s:s, s:s, s:s}", "file", im->base, "sha256", im->sha256,
                                            "format", inv_format_key(im->format), "where", d->where));
    return event_append(c, "lot.announce", NULL, p, NULL, e);
}

/* The file's SHA-256 in hex, the stream rewound. */
static int file_sha256(FILE *f, const char *name, char hex[65], int64_t *size, Err *e)
{
    EVP_MD_CTX *m = EVP_MD_CTX_new();
    unsigned char buf[65536], md[32];
    unsigned int len = 0;
    int ok = m && EVP_DigestInit_ex(m, EVP_sha256(), NULL) == 1;
    size_t n;
    *size = 0;
    while (ok && (n = fread(buf, 1, sizeof buf, f)) > 0) {
        ok = EVP_DigestUpdate(m, buf, n) == 1;
        *size += (int64_t)n;
    }
    ok = ok && !ferror(f) && EVP_DigestFinal_ex(m, md, &len) == 1 && len == 32;
    EVP_MD_CTX_free(m);
    if (!ok || fseek(f, 0, SEEK_SET) != 0) return err_set(e, ERR_IO, _("%s: cannot be read"), name);
    for (int i = 0; i < 32; i++) snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return 0;
}

static int import_file(Import *im, const char *path, Err *e)
{
    Ctx *c = im->c;
    Err pe = { 0 };
    FILE *f = path_fopen_file(path, &pe);
    if (!f && pe.code) { if (e) *e = pe; return -1; }
    if (!f) return err_set(e, ERR_IO, _("cannot open %s: %s"), path, strerror(errno));
    im->file = path;
    im->base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    im->f = f;
    char base[256];
    if (text_field_clean(im->base, base, sizeof base, 200, _("file name"), NULL) < 0 || !base[0])
        snprintf(base, sizeof base, "%s", "?");   /* a name that is not text is not stored as it is */
    im->base = base;
    if (file_sha256(f, path, im->sha256, &im->size, e) < 0) { fclose(f); return -1; }
    if (!im->dry_run && db_begin(c->db, e) < 0) { fclose(f); return -1; }
    InvSink sink = { sink_device, sink_note, im };
    InvFormat fmt = INV_UNKNOWN;
    int64_t devices_before = im->r->devices, notes_before = im->r->nnotes;
    int r = inv_parse_stream(f, path, &sink, &fmt, e);
    if (r == 0 && im->in_folder && im->r->devices == devices_before) {
        /* a text whose first line happened to hold a comma and a word like
         * « inventaire »: in a folder, a file with no device is no inventory */
        im->r->nnotes = notes_before;
        fmt = INV_UNKNOWN;
        r = -1;
    }
    fclose(f);
    im->f = NULL;
    if (r == 0 && im->r->files == 0) im->r->format = fmt;
    else if (r == 0 && im->r->format != fmt) im->r->mixed = 1;
    if (r < 0) {
        if (!im->dry_run) db_rollback(c->db);
        if (im->in_folder && fmt == INV_UNKNOWN && !im->r->cancelled) {
            /* a README or a photo beside the donor's files: said, not fatal */
            note(im, "", _("not an inventory: skipped"));
            im->r->skipped++;
            err_clear(e);
            return 0;
        }
        return -1;
    }
    if (!im->dry_run && db_commit(c->db, e) < 0) return -1;
    im->r->files++;
    if (im->progress) im->progress(im->parg, path, im->size, im->size);   /* the end: nothing left to stop */
    return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The regular files of a folder, sorted, not hidden, not recursive. */
static int import_dir(Import *im, const char *dir, Err *e)
{
    DIR *d = opendir(dir);
    if (!d) return err_set(e, ERR_IO, _("%s: cannot be read (%s)"), dir, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    int r = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char p[4096];
        size_t dl = strlen(dir);
        while (dl > 1 && dir[dl - 1] == '/') dl--;   /* "inventories/" names no "inventories//x" */
        if (snprintf(p, sizeof p, "%.*s/%s", (int)dl, dir, de->d_name) >= (int)sizeof p) continue;
        struct stat sb;
        if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) { r = err_set(e, ERR_IO, "%s", _("Out of memory.")); break; }
            names = nn;
        }
        if (!(names[n] = strdup(p))) { r = err_set(e, ERR_IO, "%s", _("Out of memory.")); break; }
        n++;
    }
    closedir(d);
    if (r == 0 && n == 0) r = err_set(e, ERR_INPUT, _("%s: the folder holds no file"), dir);
    if (r == 0) qsort(names, n, sizeof *names, cmp_str);
    im->in_folder = 1;
    for (size_t i = 0; r == 0 && i < n; i++) r = import_file(im, names[i], e);
    im->in_folder = 0;
    if (r == 0 && n > 0 && im->r->skipped == (int)n && !im->r->files)
        r = err_set(e, ERR_INPUT, _("%s: no file of the folder is an inventory this program reads"), dir);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return r;
}

int announce_import(Ctx *c, const char *lot, const char *const *paths, int npaths, int dry_run,
                    ImportProgress progress, void *parg, ImportReport *r, Err *e)
{
    memset(r, 0, sizeof *r);
    Lot l;
    int g = lot_get(c, lot, &l, e);
    if (g < 0) return -1;
    if (g == 0) return err_set(e, ERR_NOTFOUND, _("no lot %s"), lot);
    if (strcmp(l.workshop, c->workshop) != 0)
        return err_set(e, ERR_INPUT, _("lot %s belongs to workshop %s: only its workshop announces its devices"),
                       l.id, l.workshop);
    if (npaths <= 0) return err_set(e, ERR_USAGE, "%s", _("no file to read"));
    if (db_exec(c->db, SQL_SEEN_MAKE, e) < 0 || db_exec(c->db, SQL_SEEN_CLEAR, e) < 0) return -1;
    Import im = { .c = c, .lot = l.id, .dry_run = dry_run, .progress = progress, .parg = parg, .r = r };
    int rc = 0;
    for (int i = 0; rc == 0 && i < npaths; i++)
        rc = path_is_dir(paths[i]) == 1 ? import_dir(&im, paths[i], e) : import_file(&im, paths[i], e);
    Err ignore = { 0 };
    db_exec(c->db, SQL_SEEN_CLEAR, &ignore);
    return rc;
}

/* ---- intake ---------------------------------------------------------------- */

int64_t announce_count(Ctx *c, const char *lot, Err *e)
{
    static const char SQL[] = "SELECT count(*) FROM announced WHERE lot = ?1";
    sqlite3_stmt *st = db_stmt(c->db, SQL, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, lot, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) db_error_rc(c->db, rc, e);
    return n;
}

static const char SQL_FIND_SERIAL[] =
    "SELECT lot, event_id FROM announced WHERE serial_key = ?1 AND serial_key <> '' ORDER BY lot = ?2 DESC, hlc DESC LIMIT 1";
static const char SQL_FIND_TAG[] =
    "SELECT lot, event_id FROM announced WHERE tag_key = ?1 AND tag_key <> '' ORDER BY lot = ?2 DESC, hlc DESC LIMIT 1";

static int find_by(Ctx *c, const char *sql, const char *key, const char *lot, AnnounceHit *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, sql, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, lot ? lot : "", -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(out->lot, sizeof out->lot, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(out->event_id, sizeof out->event_id, "%s", (const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    if (rc == SQLITE_DONE) return 0;
    json_t *p = event_payload(c, out->event_id, e);
    if (!p) return -1;
    announce_from_json(p, &out->dev);
    json_decref(p);
    return 1;
}

int announce_find(Ctx *c, const char *lot, const char *text, AnnounceHit *out, Err *e)
{
    memset(out, 0, sizeof *out);
    char key[SERIAL_MAX * 4 + 1];
    serial_key(text ? text : "", key, sizeof key);
    if (!key[0]) return 0;
    int r = find_by(c, SQL_FIND_SERIAL, key, lot, out, e);
    if (r != 0) return r;
    out->by_tag = 1;
    r = find_by(c, SQL_FIND_TAG, key, lot, out, e);
    if (r == 0) out->by_tag = 0;
    return r;
}

static const char SQL_RECEIVE_OF[] =
    "SELECT payload FROM events WHERE device = ?1 AND kind = 'device.receive' ORDER BY hlc, workshop LIMIT 1";

int announce_for_device(Ctx *c, const char *device_id, AnnounceHit *out, Err *e)
{
    memset(out, 0, sizeof *out);
    Device d;
    int g = device_get(c, device_id, &d, e);
    if (g <= 0) return g;
    sqlite3_stmt *st = db_stmt(c->db, SQL_RECEIVE_OF, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, d.id, -1, SQLITE_TRANSIENT);
    char ev_id[EVENT_ID_MAX] = "";
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        json_t *p = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
        json_t *a = json_object_get(p, "announce");
        if (json_is_string(a)) snprintf(ev_id, sizeof ev_id, "%s", json_string_value(a));
        json_decref(p);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    if (ev_id[0]) {
        /* the announcement it was received for, even if a newer one of the same key has replaced it since */
        json_t *p = event_payload(c, ev_id, e);
        if (!p) return e && e->code ? -1 : 0;
        const char *lot = json_string_value(json_object_get(p, "lot"));
        snprintf(out->lot, sizeof out->lot, "%s", lot ? lot : "");
        snprintf(out->event_id, sizeof out->event_id, "%s", ev_id);
        announce_from_json(p, &out->dev);
        json_decref(p);
        return 1;
    }
    int r = d.serial[0] ? announce_find(c, d.lot, d.serial, out, e) : 0;
    if (r == 0 && d.donor_tag[0]) r = announce_find(c, d.lot, d.donor_tag, out, e);
    return r;
}

int announce_receive(Ctx *c, const DeviceNew *in, int allow_duplicate, char out_id[DEVICE_ID_MAX],
                     char dup_id[DEVICE_ID_MAX], IntakeMatch *match, AnnounceHit *hit, Err *e)
{
    AnnounceHit local;
    AnnounceHit *h = hit ? hit : &local;
    if (match) *match = INTAKE_UNANNOUNCED;
    if (db_begin(c->db, e) < 0) return -1;
    int f = announce_find(c, in->lot, in->serial, h, e);
    if (f == 0 && in->donor_tag && *in->donor_tag) {
        f = announce_find(c, in->lot, in->donor_tag, h, e);
        if (f == 1 && !h->by_tag) f = 0;   /* the tag typed is another device's serial */
    }
    if (f < 0) goto fail;
    if (f == 1 && h->by_tag && !h->dev.serial[0] && inv_same_key(in->serial, h->dev.tag)) {
        /* the donor's tag scanned where the serial goes, for a device its
         * file announced without a serial: the tag is no serial number */
        err_set(e, ERR_INPUT, _("%s is the donor's tag of a device lot %s announced without a serial number: "
                                "type or scan its serial number, with this tag in the tag field"), in->serial, h->lot);
        goto fail;
    }
    DeviceNew dn = *in;
    const InvDevice *a = &h->dev;
    char lot[LOT_ID_MAX] = "";   /* the lot as stored (any case typed) */
    if (f == 1 && lot_exists(c, in->lot, lot, e) < 0) goto fail;
    if (f == 1) {
        /* the serial as the donor's file writes it (the scan may differ in
         * case or blanks); scanned the donor's tag: the announced serial */
        if (a->serial[0]) dn.serial = a->serial;
        if (a->tag[0]) dn.donor_tag = a->tag;
        if (a->make[0]) dn.make = a->make;
        if (a->model[0]) dn.model = a->model;
        if (a->category[0]) dn.category = a->category;
        dn.announce = h->event_id;
    }
    if (device_add(c, &dn, allow_duplicate, out_id, dup_id, e) < 0) goto fail;
    if (f == 1) {
        DeviceSpecs s = { .ram_mb = a->ram_mb, .battery_design_mwh = a->battery_design_mwh,
                          .battery_full_mwh = a->battery_full_mwh };
        snprintf(s.cpu, sizeof s.cpu, "%s", a->cpu);
        snprintf(s.source, sizeof s.source, "announce");
        if ((s.ram_mb || s.cpu[0] || s.battery_design_mwh || s.battery_full_mwh) && specs_record(c, out_id, &s, e) < 0)
            goto fail;
        for (int i = 0; i < a->ndisks; i++) {
            if (!a->disks[i].serial[0]) continue;   /* a disk is known by its serial: the bench probe adds it */
            MediaNew m = { .serial = a->disks[i].serial, .model = a->disks[i].model,
                           .type = a->disks[i].type[0] ? a->disks[i].type : "other",
                           .bytes = a->disks[i].bytes > 0 ? a->disks[i].bytes : -1 };
            if (media_ensure(c, out_id, &m, e) < 0) goto fail;
        }
        if (match) *match = strcmp(h->lot, lot) == 0 ? INTAKE_ANNOUNCED : INTAKE_OTHER_LOT;
    }
    if (db_commit(c->db, e) < 0) return -1;
    return 0;
fail:
    db_rollback(c->db);
    return -1;
}
