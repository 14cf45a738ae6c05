/*
 * sync.c — one sync run with the regional hub (see sync.h): check the hub,
 * push (push.c), pull (pull.c), and the run's end.
 *
 * sync_state row per hub (state.c):
 *   push_seq  local seq up to which events were looked at for pushing
 *   ack_seq   the same, as answered by the hub (kept equal to push_seq; the
 *             marks of sync_check_hub are taken at or before it)
 *   since     the hub's opaque _changes sequence, never parsed, any length
 * Order of a push batch: _bulk_docs, then the local commit of push_seq and
 * ack_seq with the rejections. A crash in between re-sends one batch
 * (harmless). Whether the hub still holds what was pushed is checked at the
 * start of each sync against this workshop's own events (sync_check_hub),
 * never against anything another workshop could write.
 */
#include "core/sync/sync.h"
#include "core/sync/sync_run.h"
#include "core/settings/config.h"
#include "core/sync/hub.h"
#include "core/stock/workshop.h"
#include "util/i18n.h"
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char SQL_STATE_END[] =
    "UPDATE sync_state SET last_try_ms = ?2, last_ok_ms = CASE WHEN ?3 = '' THEN ?2 ELSE last_ok_ms END, "
    "last_error = ?3 WHERE hub = ?1";
static const char SQL_STATE_RESET[] =
    "UPDATE sync_state SET push_seq = ?2, ack_seq = ?2, since = '0' WHERE hub = ?1";
/* ---- a run ------------------------------------------------------------------- */


static double sync_elapsed(const Run *r)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - r->t0.tv_sec) + (double)(t.tv_nsec - r->t0.tv_nsec) / 1e9;
}

void sync_report(Run *r)
{
    double s = sync_elapsed(r);
    r->prog.docs_per_s = s > 0 ? (double)(r->prog.push_done + r->prog.pull_done) / s : 0;
    r->prog.rejected = r->res->rejected;
    if (r->o && r->o->progress) r->o->progress(r->o->progress_arg, &r->prog);
}

int sync_cancelled(const Run *r, Err *e)
{
    if (r->o && r->o->cancel && *r->o->cancel) return err_set(e, ERR_IO, _("sync was cancelled")), 1;
    return 0;
}

/* The newest own event at or before seq that the hub must hold: not one it
 * refused or has not taken yet (sync_rejects, push). */
static const char SQL_MARK[] =
    "SELECT seq, id FROM events WHERE seq <= ?1 AND workshop = ?2 "
    "AND id NOT IN (SELECT event_id FROM sync_rejects WHERE hub = ?3 AND direction = 'push') "
    "ORDER BY seq DESC LIMIT 1";

#define SYNC_MARKS 40   /* seqs looked at: ack_seq, ack_seq - 1, - 3, - 7, … */

/* Own events the hub must hold, newest first, at exponentially spaced
 * local seqs. n marks found (0: nothing pushed yet), -1 on error. */
static int sync_marks(Run *r, int64_t seq[], char ids[][EVENT_ID_MAX], Err *e)
{
    int n = 0;
    int64_t at = r->s.ack_seq, step = 1;
    while (at > 0 && n < SYNC_MARKS) {
        sqlite3_stmt *st = db_stmt(r->c->db, SQL_MARK, e);
        if (!st) return -1;
        sqlite3_bind_int64(st, 1, at);
        sqlite3_bind_text(st, 2, r->c->workshop, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, r->s.hub, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            seq[n] = sqlite3_column_int64(st, 0);
            snprintf(ids[n], EVENT_ID_MAX, "%s", (const char *)sqlite3_column_text(st, 1));
        }
        sqlite3_reset(st);
        if (rc == SQLITE_DONE) break;
        if (rc != SQLITE_ROW) return db_error_rc(r->c->db, rc, e);
        at = seq[n] - step;
        step *= 2;
        n++;
    }
    return n;
}

/* Checks the hub, and whether it lost data. The evidence is this
 * workshop's own events: only it can write them (validate_doc_update) and
 * only a hub admin can delete them, so no other workshop can fake a loss
 * or hide one (a _local document, which validation does not cover, could
 * be overwritten by any member). One request, POST _all_docs with the ids
 * of the marks: when the newest is there, the hub holds everything we
 * pushed; when not, the push starts again after the newest one that is
 * there (a re-push is harmless) and the pull from the start (the hub's
 * sequences are those of another database now). */
static int sync_check_hub(Run *r, Err *e)
{
    long status = 0;
    json_t *db = NULL;
    if (couch_request(r->hub, "GET", r->dbpath, NULL, &status, &db, e) < 0) {
        json_decref(db);
        if (status == 404)
            return err_set(e, ERR_NOTFOUND, _("the hub has no database \"%s\": the hub's administrator must create it first"), r->dbpath + 1);
        return -1;
    }
    json_decref(db);
    int64_t seq[SYNC_MARKS];
    char ids[SYNC_MARKS][EVENT_ID_MAX];
    int n = sync_marks(r, seq, ids, e);
    if (n <= 0) return n;
    json_t *keys = json_array(), *out = NULL;
    for (int i = 0; i < n; i++) json_array_append_new(keys, json_string(ids[i]));
    json_t *body = json_pack("{s:o}", "keys", keys);
    char path[340];
    snprintf(path, sizeof path, "%s/_all_docs", r->dbpath);
    int rc = couch_request(r->hub, "POST", path, body, NULL, &out, e);
    json_decref(body);
    if (rc < 0) { json_decref(out); return -1; }
    /* rows come in the order of the keys; a missing or deleted one has
     * "error" or "value.deleted" */
    int newest_present = -1;
    size_t i;
    json_t *row;
    json_array_foreach(json_object_get(out, "rows"), i, row) {
        const char *key = json_string_value(json_object_get(row, "key"));
        int there = json_string_value(json_object_get(row, "id")) && !json_object_get(row, "error") &&
                    !json_is_true(json_object_get(json_object_get(row, "value"), "deleted"));
        for (int k = 0; there && key && k < n; k++)
            if (strcmp(ids[k], key) == 0 && (newest_present < 0 || k < newest_present)) newest_present = k;
    }
    json_t *rows = json_object_get(out, "rows");
    int answered = json_is_array(rows) && json_array_size(rows) == (size_t)n;
    json_decref(out);
    if (!answered)
        return err_set(e, ERR_IO, _("the hub at %s answered invalid data: %s"), couch_url_public(r->hub), "_all_docs");
    if (newest_present == 0) return 0;
    /* The hub lost events we had pushed: replaced or restored from a backup. */
    int64_t from = newest_present > 0 ? seq[newest_present] : 0;
    if (sync_state_exec(r->c, SQL_STATE_RESET, r->s.hub, from, 0, NULL, e) < 0) return -1;
    r->s.push_seq = r->s.ack_seq = from;
    if (sync_state_since(&r->s, "0") < 0) return err_set(e, ERR_INTERNAL, _("out of memory"));
    r->res->hub_reset = 1;
    return 0;
}

static void sync_end_run(Run *r, const char *error)
{
    sqlite3_stmt *st = db_stmt(r->c->db, SQL_STATE_END, NULL);
    if (!st) return;
    sqlite3_bind_text(st, 1, r->s.hub, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, hlc_wall_ms());
    sqlite3_bind_text(st, 3, error, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
}


int sync_run(Ctx *c, const SyncConfig *cfg, const SyncOpts *opts, SyncResult *res, Err *e)
{
    SyncResult local;
    if (!res) res = &local;
    memset(res, 0, sizeof *res);
    if (!ctx_has_workshop(c))
        return err_set(e, ERR_INPUT, _("this database has no workshop yet: create it first (its code and name)"));
    if (!hub_db_name_valid(cfg->db))
        return err_set(e, ERR_INPUT, _("\"%s\" is not a valid hub database name (lower-case letters, digits and _$()+-/, starting with a letter)"), cfg->db);
    Run r;
    memset(&r, 0, sizeof r);
    r.c = c;
    r.o = opts;
    r.res = res;
    /* the hub takes a workshop's anchors from its own login only */
    r.anchor = strcmp(cfg->user, c->workshop) == 0;
    r.batch = opts && opts->batch > 0 ? opts->batch : SYNC_BATCH;
    r.push_limit = r.batch;
    r.pull_batch = opts && opts->batch > 0 ? 4 * opts->batch : SYNC_PULL_BATCH;
    clock_gettime(CLOCK_MONOTONIC, &r.t0);
    r.hub = couch_new(cfg->url, cfg->user, cfg->password, e);
    if (!r.hub) return -1;
    if (cfg->insecure) couch_set_insecure(r.hub, 1);
    if (cfg->cainfo[0]) couch_set_cainfo(r.hub, cfg->cainfo);
    if (opts) {
        couch_set_cancel(r.hub, opts->cancel);
        if (opts->retries >= 0 || opts->backoff_ms > 0)
            couch_set_retries(r.hub, opts->retries >= 0 ? opts->retries : 5,
                              opts->backoff_ms > 0 ? opts->backoff_ms : 250, 4000);
        if (opts->timeout_ms > 0) couch_set_timeout(r.hub, opts->timeout_ms);
    }
    sync_hub_key(cfg, r.s.hub, sizeof r.s.hub);
    char esc[256];
    couch_escape(cfg->db, esc, sizeof esc);
    snprintf(r.dbpath, sizeof r.dbpath, "/%s", esc);

    r.prog.phase = SYNC_PHASE_CHECK;
    sync_report(&r);
    int rc = sync_state_load(c, &r.s, e);
    if (rc == 0) rc = sync_check_hub(&r, e);
    if (rc == 0 && !(opts && opts->skip_push)) rc = sync_push(&r, e);
    /* the anchor after the events it covers; one the hub refuses is
     * reported once the pull is done (the pull does not depend on it) */
    Err ae = {0};
    int anchor_rc = rc == 0 && r.anchor && !(opts && opts->skip_push) ? anchor_push(&r, &ae) : 0;
    if (rc == 0 && !(opts && opts->skip_pull)) rc = sync_pull(&r, e);
    if (rc == 0 && anchor_rc < 0) {
        if (e) *e = ae;
        rc = -1;
    }
    couch_stats(r.hub, &res->net);
    if (couch_clock_skew(r.hub, &res->clock_skew_ms)) {
        /* Trust the hub's clock over this PC's when they differ by more than
         * a few minutes (core/log/event.c stamps with the corrected time). */
        int64_t off = res->clock_skew_ms > SYNC_CLOCK_TRUST_MS || res->clock_skew_ms < -SYNC_CLOCK_TRUST_MS
                    ? -res->clock_skew_ms : 0;
        if (db_meta_get_int(c->db, "clock.offset_ms", 0) != off) db_meta_set_int(c->db, "clock.offset_ms", off, NULL);
    }
    couch_free(r.hub);
    sync_state_free(&r.s);
    res->seconds = sync_elapsed(&r);
    sync_end_run(&r, rc == 0 ? "" : (e ? e->msg : "error"));
    r.prog.phase = SYNC_PHASE_DONE;
    sync_report(&r);
    return rc;
}

int sync_clock_warning(const SyncResult *res, char *out, size_t size)
{
    int64_t s = res->clock_skew_ms;
    long long days = (long long)((s < 0 ? -s : s) / (24LL * 3600 * 1000));
    if (s > SYNC_CLOCK_WARN_MS)
        snprintf(out, size, ngettext("this PC's clock is %lld day ahead of the hub's: set its date and time, or its work will be refused",
                                      "this PC's clock is %lld days ahead of the hub's: set its date and time, or its work will be refused",
                                      (unsigned long)days), days);
    else if (s < -SYNC_CLOCK_WARN_MS)
        snprintf(out, size, ngettext("this PC's clock is %lld day behind the hub's: set its date and time, or its changes will lose to older ones",
                                      "this PC's clock is %lld days behind the hub's: set its date and time, or its changes will lose to older ones",
                                      (unsigned long)days), days);
    else
        return 0;
    return 1;
}
