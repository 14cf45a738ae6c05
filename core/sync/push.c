/*
 * push.c — this workshop's events up to the hub: batches for _bulk_docs in
 * local arrival order, halved while the hub answers 413, rejected documents
 * kept aside and retried; push_seq and ack_seq move with each batch the hub
 * answered (see sync.c for how a hub that lost data is found).
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

static const char SQL_REJECT_RETRY_PUSH[] =
    "SELECT e.seq, e.id, e.hlc, e.workshop, e.operator, e.device, e.kind, e.payload "
    "FROM sync_rejects r JOIN events e ON e.id = r.event_id "
    "WHERE r.hub = ?1 AND r.direction = 'push' AND r.attempts < ?2 ORDER BY e.seq";
static const char SQL_STATE_PUSH[] =
    "UPDATE sync_state SET push_seq = ?2, ack_seq = ?3 WHERE hub = ?1";
typedef struct Batch {
    json_t *docs;
    int64_t last_seq;      /* last local seq looked at */
    int rows;
    const char *workshop;
} Batch;

static int collect(void *arg, const Event *ev)
{
    Batch *b = arg;
    b->last_seq = ev->seq;
    b->rows++;
    if (strcmp(ev->workshop, b->workshop) == 0)
        json_array_append_new(b->docs, sync_event_doc(ev));
    return 0;
}

/* Posts docs; sorts the answers into pushed / already / rejected (recorded
 * inside the caller's transaction). Answers are matched by id: PouchDB
 * Server does not keep the request's order. 0, or -1 (nothing counted). */
static int post_docs(Run *r, json_t *docs, int retry_pass, Err *e)
{
    json_t *body = json_pack("{s:O}", "docs", docs), *out = NULL;
    char path[320];
    snprintf(path, sizeof path, "%s/_bulk_docs", r->dbpath);
    long status = 0;
    int rc = couch_request(r->hub, "POST", path, body, &status, &out, e);
    json_decref(body);
    if (rc < 0) {
        json_decref(out);
        if (status == 413 && json_array_size(docs) == 1) {
            /* one event larger than the hub takes: refused, not retried */
            const char *id = json_string_value(json_object_get(json_array_get(docs, 0), "_id"));
            r->res->rejected++;
            r->prog.push_done++;
            return sync_reject_record(r->c, r->s.hub, "push", id ? id : "?", "too_large", e->msg, NULL, e);
        }
        if (status == 413) r->too_large = 1;
        return -1;
    }
    if (!json_is_array(out)) {
        json_decref(out);
        return err_set(e, ERR_IO, _("the hub at %s answered invalid data: %s"), couch_url_public(r->hub), "_bulk_docs");
    }
    size_t i, n = json_array_size(docs);
    int64_t pushed = 0, already = 0, rejected = 0;
    json_t *res;
    /* An answer for every document, or the batch is not trusted. */
    size_t answered = 0;
    json_array_foreach(out, i, res) if (json_string_value(json_object_get(res, "id"))) answered++;
    if (answered < n) {
        json_decref(out);
        return err_set(e, ERR_IO, _("the hub at %s answered invalid data: %s"), couch_url_public(r->hub), "_bulk_docs");
    }
    json_array_foreach(out, i, res) {
        const char *id = json_string_value(json_object_get(res, "id"));
        const char *err = json_string_value(json_object_get(res, "error"));
        if (!err || strcmp(err, "conflict") == 0) {
            if (err) already++; else pushed++;
            if (retry_pass && sync_reject_clear(r->c, r->s.hub, "push", id, e) < 0) goto fail;
            continue;
        }
        rejected++;
        if (sync_reject_record(r->c, r->s.hub, "push", id, err,
                          json_string_value(json_object_get(res, "reason")), NULL, e) < 0) goto fail;
    }
    json_decref(out);
    r->res->pushed += pushed;
    r->res->already += already;
    r->res->rejected += rejected;
    r->prog.push_done += pushed + already + rejected;
    return 0;
fail:
    json_decref(out);
    return -1;
}

/* Re-pushes documents refused by earlier syncs (bounded by SYNC_REJECT_TRIES). */
static int retry_rejected(Run *r, Err *e)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(r->c->db), SQL_REJECT_RETRY_PUSH, -1, &st, NULL) != SQLITE_OK)
        return db_error(r->c->db, e);
    sqlite3_bind_text(st, 1, r->s.hub, -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, SYNC_REJECT_TRIES);
    json_t *docs = json_array();
    while (sqlite3_step(st) == SQLITE_ROW && json_array_size(docs) < (size_t)r->batch) {
        Event ev;
        event_from_row(st, &ev);
        json_array_append_new(docs, sync_event_doc(&ev));
        event_free(&ev);
    }
    sqlite3_finalize(st);
    int rc = 0;
    if (json_array_size(docs) > 0) {
        if (db_begin(r->c->db, e) < 0) rc = -1;
        else if (post_docs(r, docs, 1, e) < 0 || db_commit(r->c->db, e) < 0) {
            db_rollback(r->c->db);
            rc = -1;
        }
    }
    json_decref(docs);
    return rc;
}

int sync_push(Run *r, Err *e)
{
    r->prog.phase = SYNC_PHASE_PUSH;
    r->prog.push_total = sync_count_pending(r->c, r->s.push_seq);
    sync_report(r);
    if (retry_rejected(r, e) < 0) return -1;
    for (;;) {
        if (sync_cancelled(r, e)) return -1;
        Batch b = { json_array(), r->s.push_seq, 0, r->c->workshop };
        if (event_since(r->c, r->s.push_seq, r->push_limit, collect, &b, e) < 0) {
            json_decref(b.docs);
            return -1;
        }
        if (b.rows == 0) { json_decref(b.docs); break; }
        if (db_begin(r->c->db, e) < 0) { json_decref(b.docs); return -1; }
        int rc = 0;
        if (json_array_size(b.docs) > 0) rc = post_docs(r, b.docs, 0, e);
        /* The hub answered for every document of the batch (stored, already
         * there, or refused and recorded): it holds them all but the refused
         * ones, which is what sync.c's check of the hub relies on. */
        if (rc == 0) rc = sync_state_exec(r->c, SQL_STATE_PUSH, r->s.hub, b.last_seq, b.last_seq, NULL, e);
        if (rc < 0 || db_commit(r->c->db, e) < 0) {
            db_rollback(r->c->db);
            json_decref(b.docs);
            if (r->too_large && r->push_limit > 1) {
                /* a request too large for the hub: the same events in halves */
                r->too_large = 0;
                r->push_limit /= 2;
                err_clear(e);
                continue;
            }
            return -1;
        }
        json_decref(b.docs);
        if (r->push_limit < r->batch) r->push_limit *= 2;  /* back to full batches */
        if (r->push_limit > r->batch) r->push_limit = r->batch;
        r->s.push_seq = r->s.ack_seq = b.last_seq;
        sync_report(r);
    }
    return 0;
}
