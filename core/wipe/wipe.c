/*
 * wipe.c — wipe records (see wipe.h).
 */
#include "core/wipe/wipe.h"
#include "core/log/chain.h"
#include "core/wipe/media.h"
#include "util/i18n.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>


/* "YYYY-MM-DDTHH:MM[:SS]" (or a space for T) → normalised with seconds. */
static int iso_time(const char *in, char out[20])
{
    int y, mo, d, h, mi, s = 0;
    char sep;
    if (!in || !*in) { out[0] = '\0'; return 0; }
    int n = sscanf(in, "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &s);
    if (n < 6 || (sep != 'T' && sep != ' ') || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s > 60 || y < 1970 || y > 9999)
        return -1;
    snprintf(out, 20, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
    return 0;
}

int wipe_add(Ctx *c, const char *device_key, const WipeNew *w, char out_key[EVENT_ID_MAX], Err *e)
{
    Device d;
    char start[20], end[20], key[SERIAL_MAX * 4 + 1], tool[128], ver[64], pattern[128], note[1024];
    int f = device_find(c, device_key, &d, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), device_key);
    if (vocab_find(&VOCAB_WIPE_CATEGORY, w->category) < 0)
        return err_set(e, ERR_USAGE, "%s", _("The category must be clear, purge or destroy (NIST SP 800-88)."));
    if (vocab_find(&VOCAB_TECHNIQUE, w->technique) < 0)
        return err_set(e, ERR_USAGE, "%s", _("Unknown technique: overwrite, ata-secure-erase, ata-enhanced-erase, "
                                             "nvme-format, nvme-sanitize-block, nvme-sanitize-crypto, "
                                             "nvme-sanitize-overwrite, crypto-erase, shred, disintegrate, pulverize, other."));
    if (vocab_find(&VOCAB_WIPE_STATUS, w->status) < 0)
        return err_set(e, ERR_USAGE, "%s", _("The status must be success, failed or aborted."));
    const char *verif = w->verification && *w->verification ? w->verification : "none";
    const char *result = w->verification_result ? w->verification_result : "";
    if (vocab_find(&VOCAB_VERIFICATION, verif) < 0) return err_set(e, ERR_USAGE, "%s", _("The verification must be none, sample or full."));
    if (vocab_find(&VOCAB_VERIF_RESULT, result) < 0) return err_set(e, ERR_USAGE, "%s", _("The verification result must be passed or failed."));
    if (!strcmp(verif, "none") && *result)
        return err_set(e, ERR_USAGE, "%s", _("A verification result needs a verification (sample or full)."));
    if (strcmp(verif, "none") && !*result && !strcmp(w->status, "success"))
        return err_set(e, ERR_USAGE, "%s", _("Give the result of the verification: passed or failed."));
    if (!strcmp(result, "failed") && !strcmp(w->status, "success"))
        return err_set(e, ERR_USAGE, "%s", _("A wipe whose verification failed cannot be a success."));
    if (iso_time(w->started, start) < 0 || iso_time(w->ended, end) < 0)
        return err_set(e, ERR_USAGE, "%s", _("Times are written YYYY-MM-DDTHH:MM[:SS]."));
    if (start[0] && end[0] && strcmp(end, start) < 0)
        return err_set(e, ERR_USAGE, _("The wipe ends (%s) before it starts (%s)."), end, start);
    if (text_field_clean(w->tool, tool, sizeof tool, 60, _("tool"), e) < 0) return -1;
    if (!tool[0]) return err_set(e, ERR_USAGE, "%s", _("Name the tool that wiped the disk."));
    if (text_field_clean(w->tool_version, ver, sizeof ver, 30, _("tool version"), e) < 0) return -1;
    if (text_field_clean(w->pattern, pattern, sizeof pattern, 60, _("pattern"), e) < 0) return -1;
    if (text_field_clean(w->note, note, sizeof note, 500, _("note"), e) < 0) return -1;
    /* the medium must be in the device */
    MediaList ml;
    if (media_list(c, d.id, &ml, e) < 0) return -1;
    serial_key(w->media ? w->media : "", key, sizeof key);
    const Medium *m = NULL;
    for (size_t i = 0; i < ml.n; i++)
        if (!strcmp(ml.items[i].key, key)) m = &ml.items[i];
    if (!m) {
        media_list_free(&ml);
        return err_set(e, ERR_NOTFOUND, _("Disk: device %s has no disk %s. Add the disk to this device "
                                                 "first, then record its wipe."), d.id,
                       w->media ? w->media : "");
    }
    json_t *pl = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                           "source", "manual", "serial", m->serial, "model", m->model, "media_type", m->type,
                           "category", w->category, "technique", w->technique, "pattern", pattern,
                           "tool", tool, "tool_version", ver, "verification", verif,
                           "verification_result", result, "status", w->status, "note", note);
    media_list_free(&ml);
    json_object_set_new(pl, "passes", w->passes >= 0 ? json_integer(w->passes) : json_null());
    json_object_set_new(pl, "started", start[0] ? json_string(start) : json_null());
    json_object_set_new(pl, "ended", end[0] ? json_string(end) : json_null());
    Event ev;
    if (event_append(c, "wipe.record", d.id, pl, &ev, e) < 0) return -1;
    if (out_key) snprintf(out_key, EVENT_ID_MAX, "%s", ev.id);
    event_free(&ev);
    return 0;
}

/* ---- nwipe import ------------------------------------------------------ */

/* This workshop's own records: another's import of the same log is its own. */
static const char SQL_KNOWN[] = "SELECT 1 FROM wipes WHERE workshop = ?2 AND key = ?1";

static int wipe_known(Ctx *c, const char *key, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_KNOWN, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db_error_rc(c->db, rc, e);
    return rc == SQLITE_ROW;
}

static const char *bus_type(const char *bus)
{
    if (!strcasecmp(bus, "NVME")) return "nvme";
    if (!strcasecmp(bus, "MMC")) return "emmc";
    return "other";   /* nwipe does not tell a disk from an SSD */
}

/* The serial a drive is recorded under: nwipe's, or for a drive that
 * reports none "no-serial-<name>" (stable for that slot of that machine). */
static void drive_serial(const NwipeDrive *d, char *out, size_t size)
{
    if (d->serial[0]) snprintf(out, size, "%s", d->serial);
    else snprintf(out, size, "no-serial-%s", strrchr(d->device, '/') ? strrchr(d->device, '/') + 1 : d->device);
}

/* success, failed or aborted: only an erased drive without error succeeds. */
static const char *drive_status(const NwipeDrive *d)
{
    if (nwipe_drive_erased(d)) return "success";
    return d->status == NWIPE_UABORTED || d->status == NWIPE_INCOMPLETE ? "aborted" : "failed";
}

static const char SQL_DEVICE_OF[] = "SELECT device FROM wipes WHERE workshop = ?2 AND key = ?1";

/* The device an already-imported wipe belongs to ("" = unassigned). */
static int wipe_device_of(Ctx *c, const char *key, char out[DEVICE_ID_MAX], Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_DEVICE_OF, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    const unsigned char *v = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
    if (v) snprintf(out, DEVICE_ID_MAX, "%s", (const char *)v);
    sqlite3_reset(st);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_error_rc(c->db, rc, e);
}

static json_t *nwipe_payload(const NwipeDrive *d)
{
    char serial[NWIPE_TEXT_MAX + 64];
    drive_serial(d, serial, sizeof serial);
    const char *status = drive_status(d);
    const char *verif = !strcmp(d->verify, "NV") || !d->verify[0] ? "none" : "full";
    const char *result = !strcmp(verif, "none") ? "" : d->verify_errors == 0 && d->status == NWIPE_ERASED ? "passed" : "failed";
    json_t *pl = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
                           "source", "nwipe", "key", d->key, "serial", serial, "model", d->model,
                           "media_type", bus_type(d->bus), "category", "clear", "technique", "overwrite",
                           "pattern", d->method, "tool", "nwipe", "tool_version", d->version,
                           "verification", verif, "verification_result", result, "status", status);
    json_object_set_new(pl, "passes", d->rounds >= 0 ? json_integer(d->rounds) : json_null());
    json_object_set_new(pl, "started", d->start[0] ? json_string(d->start) : json_null());
    json_object_set_new(pl, "ended", d->end[0] ? json_string(d->end) : json_null());
    json_t *nw = json_pack("{s:s, s:s, s:s, s:b, s:s, s:I, s:s, s:s, s:i, s:s, s:s, s:s}",
                           "device", d->device, "bus", d->bus, "size", d->size_text,
                           "serial_anonymised", d->serial_anonymised, "status", nwipe_status_key(d->status),
                           "bytes", (json_int_t)d->bytes, "prng", d->prng, "verify", d->verify,
                           "blanking", d->blanking, "duration", d->duration, "throughput", d->throughput,
                           "method", d->method);
    json_object_set_new(nw, "rounds", json_integer(d->rounds));
    json_object_set_new(nw, "pass_errors", json_integer(d->pass_errors));
    json_object_set_new(nw, "verify_errors", json_integer(d->verify_errors));
    json_object_set_new(nw, "fsync_errors", json_integer(d->fsync_errors));
    if (d->has_erasure_summary) {
        json_object_set_new(nw, "bytes_erased", json_integer(d->bytes_erased));
        json_object_set_new(nw, "bytes_total", json_integer(d->bytes_total));
        json_object_set_new(nw, "percent_erased", json_real(d->percent_erased));
    }
    json_object_set_new(pl, "nwipe", nw);
    return pl;
}

static int import_file(Ctx *c, const Device *dev, const char *path, int in_dir, WipeImport *res, Err *e)
{
    NwipeLog log;
    Err pe = { 0 };
    if (nwipe_parse_file(path, &log, &pe) < 0) {
        if (in_dir && pe.code == ERR_INPUT) { res->skipped_files++; return 0; }
        if (e) *e = pe;
        return -1;
    }
    WipeImport r = { .files = 1 };
    if (db_begin(c->db, e) < 0) { nwipe_log_free(&log); return -1; }
    for (size_t i = 0; i < log.n; i++) {
        const NwipeDrive *d = &log.drives[i];
        r.drives++;
        int k = wipe_known(c, d->key, e);
        if (k < 0) goto fail;
        char target[DEVICE_ID_MAX] = "", skey[SERIAL_MAX * 4 + 1], serial[NWIPE_TEXT_MAX + 64];
        drive_serial(d, serial, sizeof serial);
        if (k) {
            r.known++;
            if (res->on_drive) {
                char known_dev[DEVICE_ID_MAX] = "";
                if (wipe_device_of(c, d->key, known_dev, e) < 0) goto fail;
                res->on_drive(res->arg, &(WipeDriveResult){ d, serial, known_dev, drive_status(d), 0 });
            }
            continue;
        }
        serial_key(d->serial, skey, sizeof skey);
        if (dev) {
            snprintf(target, sizeof target, "%s", dev->id);
            MediaNew m = { .serial = serial, .model = d->model, .type = bus_type(d->bus), .bytes = d->bytes };
            if (media_ensure(c, target, &m, e) < 0) goto fail;
        } else if (!d->serial_anonymised && skey[0]) {
            char owner[DEVICE_ID_MAX];
            int n = media_owner(c, skey, owner, e);
            if (n < 0) goto fail;
            if (n == 1) snprintf(target, sizeof target, "%s", owner);
        }
        if (res->on_drive) res->on_drive(res->arg, &(WipeDriveResult){ d, serial, target, drive_status(d), 1 });
        if (event_append(c, "wipe.record", target[0] ? target : NULL, nwipe_payload(d), NULL, e) < 0) goto fail;
        r.added++;
        if (!target[0]) r.unassigned++;
        if (nwipe_drive_erased(d)) r.erased++;
    }
    if (db_commit(c->db, e) < 0) goto fail;
    nwipe_log_free(&log);
    res->files += r.files; res->drives += r.drives; res->added += r.added;
    res->known += r.known; res->unassigned += r.unassigned; res->erased += r.erased;
    return 0;
fail:
    db_rollback(c->db);
    nwipe_log_free(&log);
    /* name the file: the message is about it */
    if (e && !strstr(e->msg, path)) {
        char m[sizeof e->msg];
        snprintf(m, sizeof m, "%s", e->msg);
        err_set(e, e->code, _("%s: %s"), path, m);
    }
    return -1;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int wipe_import_path(Ctx *c, const char *device_key, const char *path, WipeImport *res, Err *e)
{
    Device dev;
    if (device_key) {
        int f = device_find(c, device_key, &dev, e);
        if (f < 0) return -1;
        if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), device_key);
    }
    struct stat sb;
    if (stat(path, &sb) < 0) return err_set(e, ERR_IO, _("Cannot open %s: %s."), path, strerror(errno));
    if (!S_ISDIR(sb.st_mode)) return import_file(c, device_key ? &dev : NULL, path, 0, res, e);
    DIR *dp = opendir(path);
    if (!dp) return err_set(e, ERR_IO, _("Cannot open %s: %s."), path, strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(dp))) {
        if (de->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) break;
            names = nn;
        }
        names[n++] = strdup(de->d_name);
    }
    closedir(dp);
    qsort(names, n, sizeof *names, cmp_str);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", path, names[i]);
        if (rc == 0 && res->progress) res->progress(res->parg, (int64_t)i, (int64_t)n);
        if (rc == 0 && res->stop) res->stopped = 1;   /* each file is whole or absent: stop between two */
        if (rc == 0 && !res->stopped && stat(full, &sb) == 0 && S_ISREG(sb.st_mode))
            rc = import_file(c, device_key ? &dev : NULL, full, 1, res, e);
        free(names[i]);
    }
    if (rc == 0 && !res->stopped && res->progress) res->progress(res->parg, (int64_t)n, (int64_t)n);
    free(names);
    return rc;
}

/* The wipe.assign payload: the key, and when a wipe moves, where from and why. */
static json_t *assign_payload(const char *key, const char *from, const char *reason)
{
    json_t *p = json_pack("{s:s}", "key", key);
    if (from[0]) json_object_set_new(p, "from", json_string(from));
    if (reason[0]) json_object_set_new(p, "reason", json_string(reason));
    return p;
}

/* Only this workshop's own records are assigned here (wipes are per workshop). */
static const char SQL_GET[] = "SELECT serial, payload, device FROM wipes WHERE workshop = ?2 AND key = ?1";

int wipe_assign(Ctx *c, const char *wipe_key, const char *device_key, const char *move_reason, Err *e)
{
    Device d;
    int f = device_find(c, device_key, &d, e);
    if (f < 0) return -1;
    if (!f) return err_set(e, ERR_NOTFOUND, _("No device %s."), device_key);
    char reason[1024] = "";
    if (move_reason && text_field_clean(move_reason, reason, sizeof reason, 500, _("reason"), e) < 0) return -1;
    sqlite3_stmt *st = db_stmt(c->db, SQL_GET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, wipe_key, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_ROW) {
        sqlite3_reset(st);
        return rc == SQLITE_DONE ? err_set(e, ERR_NOTFOUND, _("No wipe record %s."), wipe_key) : db_error_rc(c->db, rc, e);
    }
    json_t *pl = json_loads((const char *)sqlite3_column_text(st, 1), 0, NULL);
    char owner[DEVICE_ID_MAX], serial[SERIAL_MAX * 4 + 1];
    const char *ow = (const char *)sqlite3_column_text(st, 2), *se = (const char *)sqlite3_column_text(st, 0);
    snprintf(owner, sizeof owner, "%s", ow ? ow : "");
    snprintf(serial, sizeof serial, "%s", se ? se : "");
    sqlite3_reset(st);
    if (!pl) return err_set(e, ERR_DB, "%s", _("A wipe record is unreadable."));
    if (!strcmp(owner, d.id)) { json_decref(pl); return 0; }   /* already there: nothing to write */
    /* Moving a wipe takes it from the disk of another device, which turns
     * « not erased » there: never silently, and the reason is kept. */
    if (owner[0] && !reason[0]) {
        json_decref(pl);
        return err_set(e, ERR_EXISTS, _("The wipe of disk %s is already assigned to device %s; moving it would leave "
                                       "that device's disk not erased. Move it only with a reason."), serial, owner);
    }
    MediaNew m = { .serial = json_string_value(json_object_get(pl, "serial")),
                   .model = json_string_value(json_object_get(pl, "model")),
                   .type = json_string_value(json_object_get(pl, "media_type")), .bytes = -1 };
    json_t *nw = json_object_get(pl, "nwipe");
    if (nw) m.bytes = json_integer_value(json_object_get(nw, "bytes"));
    if (m.bytes <= 0) m.bytes = -1;
    int r = -1;
    if (db_begin(c->db, e) < 0) goto out;
    if (media_ensure(c, d.id, &m, e) < 0 ||
        event_append(c, "wipe.assign", d.id, assign_payload(wipe_key, owner, reason), NULL, e) < 0 ||
        db_commit(c->db, e) < 0) {
        db_rollback(c->db);
        goto out;
    }
    r = 0;
out:
    json_decref(pl);
    return r;
}



/* Two statements, and the index named: when the planner weighs the
 * partial index wipes_unassigned (device = '') against "w.device = ?1" it
 * compares with the bound value, and SQLite then prepares the statement
 * again at every new device — most of a proof of reuse's time
 * (bench/proof.sh). */
static const char SQL_LIST[] =
    "SELECT w.key, w.event_id, w.device, w.payload, e.operator, e.workshop FROM wipes w INDEXED BY wipes_device "
    "JOIN events e ON e.id = w.event_id WHERE w.device = ?1 ORDER BY w.hlc";
static const char SQL_LIST_UNASSIGNED[] =
    "SELECT w.key, w.event_id, w.device, w.payload, e.operator, e.workshop FROM wipes w "
    "JOIN events e ON e.id = w.event_id WHERE w.device = '' AND w.workshop = ?2 ORDER BY w.hlc";

#define UNASSIGNED_COLUMNS \
    "SELECT hlc, key, serial, coalesce(json_extract(payload, '$.model'), ''), status, " \
    "coalesce(json_extract(payload, '$.started'), ''), coalesce(json_extract(payload, '$.tool'), '') FROM wipes "
static const char SQL_UNASSIGNED_AFTER[] = UNASSIGNED_COLUMNS
    "WHERE workshop = ?4 AND device = '' AND (hlc, key) > (?1, ?2) ORDER BY hlc, key LIMIT ?3";
static const char SQL_UNASSIGNED_FROM[] = UNASSIGNED_COLUMNS
    "WHERE workshop = ?4 AND device = '' AND (hlc, key) >= (?1, ?2) ORDER BY hlc, key LIMIT ?3";
static const char SQL_UNASSIGNED_BEFORE[] = UNASSIGNED_COLUMNS
    "WHERE workshop = ?4 AND device = '' AND (hlc, key) < (?1, ?2) ORDER BY hlc DESC, key DESC LIMIT ?3";
static const char SQL_UNASSIGNED_COUNT[] = "SELECT count(*) FROM wipes WHERE workshop = ?1 AND device = ''";

static void column_copy(sqlite3_stmt *st, int i, char *out, size_t size)
{
    const char *v = (const char *)sqlite3_column_text(st, i);
    snprintf(out, size, "%s", v ? v : "");
}

int wipe_unassigned_page(Ctx *c, const WipeRow *anchor, int dir, int inclusive, int n, WipeRow *out, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, dir < 0 ? SQL_UNASSIGNED_BEFORE
                                          : inclusive || !anchor ? SQL_UNASSIGNED_FROM : SQL_UNASSIGNED_AFTER, e);
    if (!st) return -1;
    if (anchor) {
        sqlite3_bind_int64(st, 1, anchor->hlc);
        sqlite3_bind_text(st, 2, anchor->key, -1, SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_int64(st, 1, dir > 0 ? INT64_MIN : INT64_MAX);
        sqlite3_bind_text(st, 2, "", -1, SQLITE_STATIC);
    }
    sqlite3_bind_int(st, 3, n);
    sqlite3_bind_text(st, 4, c->workshop, -1, SQLITE_STATIC);
    int k = 0, rc = SQLITE_DONE;
    while (k < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        WipeRow *r = &out[k++];
        r->hlc = sqlite3_column_int64(st, 0);
        column_copy(st, 1, r->key, sizeof r->key);
        column_copy(st, 2, r->serial, sizeof r->serial);
        column_copy(st, 3, r->model, sizeof r->model);
        column_copy(st, 4, r->status, sizeof r->status);
        column_copy(st, 5, r->started, sizeof r->started);
        column_copy(st, 6, r->tool, sizeof r->tool);
    }
    if (k == n) rc = SQLITE_DONE;
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? k : db_error_rc(c->db, rc, e);
}

int64_t wipe_unassigned_count(Ctx *c, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_UNASSIGNED_COUNT, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, c->workshop, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    int64_t n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? n : db_error_rc(c->db, rc, e);
}

json_t *wipes_json(Ctx *c, const char *device_id, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, device_id[0] ? SQL_LIST : SQL_LIST_UNASSIGNED, e);
    if (!st) return NULL;
    if (device_id[0]) sqlite3_bind_text(st, 1, device_id, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    json_t *a = json_array();
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        json_t *pl = json_loads((const char *)sqlite3_column_text(st, 3), 0, NULL);
        if (!pl) continue;
        json_object_set_new(pl, "key", json_string((const char *)sqlite3_column_text(st, 0)));
        json_object_set_new(pl, "event", json_string((const char *)sqlite3_column_text(st, 1)));
        json_object_set_new(pl, "operator", json_string((const char *)sqlite3_column_text(st, 4)));
        json_object_set_new(pl, "workshop", json_string((const char *)sqlite3_column_text(st, 5)));
        char h[CHAIN_HEX];
        if (chain_event_hash(c, (const char *)sqlite3_column_text(st, 1), h, NULL) == 1)
            json_object_set_new(pl, "record_hash", json_string(h));
        json_array_append(a, pl);
        json_decref(pl);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { json_decref(a); db_error_rc(c->db, rc, e); return NULL; }
    return a;
}

void wipe_import_summary(const WipeImport *r, char *out, size_t size)
{
    /* one count decides the grammar; the others are written "label: N" */
    snprintf(out, size,
             ngettext("%d new wipe record (erased: %d, unassigned: %d), already known: %d; nwipe logs: %d, drives: %d.",
                      "%d new wipe records (erased: %d, unassigned: %d), already known: %d; nwipe logs: %d, drives: %d.", (unsigned long)r->added),
             r->added, r->erased, r->unassigned, r->known, r->files, r->drives);
}
