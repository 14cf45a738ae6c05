/*
 * sync.c — one sync run with the regional hub (see sync.h): check the hub,
 * push (push.c), pull (pull.c), and the run's end.
 *
 * sync_state row per hub (state.c):
 *   push_seq  local seq up to which events were looked at for pushing
 *   ack_seq   the value last written to the hub's _local checkpoint; the
 *             hub's copy can only be behind it when the hub lost data
 *   since     the hub's opaque _changes sequence, never parsed
 * Order of a push batch: _bulk_docs, then (every SYNC_CHECKPOINT_EVERY
 * batches and at the end) the hub checkpoint, then the local commit of
 * push_seq and ack_seq. A crash anywhere re-sends at most one batch
 * (harmless). Since documents always reach the hub before a checkpoint that
 * covers them, any copy of the hub (a backup) that holds checkpoint V holds
 * every event up to V: pushing again from V repairs it.
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

/* Reads the hub's checkpoint; detects a hub that lost data. */
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
    json_t *ck = NULL;
    int64_t hub_seq = 0;
    int found = 0;
    if (couch_request(r->hub, "GET", r->local_path, NULL, &status, &ck, e) == 0) {
        found = 1;
        json_t *seq = json_object_get(ck, "seq");
        hub_seq = json_is_integer(seq) ? json_integer_value(seq) : 0;
        snprintf(r->s.local_rev, sizeof r->s.local_rev, "%s",
                 json_string_value(json_object_get(ck, "_rev")) ? json_string_value(json_object_get(ck, "_rev")) : "");
    } else if (status != 404) {
        json_decref(ck);
        return -1;
    }
    json_decref(ck);
    err_clear(e);
    if ((!found && r->s.ack_seq > 0) || hub_seq < r->s.ack_seq) {
        /* The hub is older than what we know it had: restored or replaced. */
        if (sync_state_exec(r->c, SQL_STATE_RESET, r->s.hub, hub_seq, 0, NULL, e) < 0) return -1;
        r->s.push_seq = r->s.ack_seq = hub_seq;
        snprintf(r->s.since, sizeof r->s.since, "0");
        r->res->hub_reset = 1;
    }
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
    snprintf(r.local_path, sizeof r.local_path, "/%s/_local/boucle-push-%s", esc, c->workshop);

    r.prog.phase = SYNC_PHASE_CHECK;
    sync_report(&r);
    int rc = sync_state_load(c, &r.s, e);
    if (rc == 0) rc = sync_check_hub(&r, e);
    if (rc == 0 && !(opts && opts->skip_push)) rc = sync_push(&r, e);
    if (rc == 0 && !(opts && opts->skip_pull)) rc = sync_pull(&r, e);
    couch_stats(r.hub, &res->net);
    if (couch_clock_skew(r.hub, &res->clock_skew_ms)) {
        /* Trust the hub's clock over this PC's when they differ by more than
         * a few minutes (core/log/event.c stamps with the corrected time). */
        int64_t off = res->clock_skew_ms > SYNC_CLOCK_TRUST_MS || res->clock_skew_ms < -SYNC_CLOCK_TRUST_MS
                    ? -res->clock_skew_ms : 0;
        if (db_meta_get_int(c->db, "clock.offset_ms", 0) != off) db_meta_set_int(c->db, "clock.offset_ms", off, NULL);
    }
    couch_free(r.hub);
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
