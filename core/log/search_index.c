/*
 * search_index.c — see search_index.h.
 */
#include "core/log/search_index.h"
#include "db/db.h"

static const char SQL_PENDING[] =
    "SELECT count(*), max(n) FROM devices WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0)";
static const char SQL_FLUSH_INSERT[] =
    "INSERT INTO devices_fts(rowid, id, serial, donor_tag, make, model) "
    "SELECT n, id, serial, donor_tag, make, model FROM devices "
    "WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0)";

static const char SQL_FLUSH_CODES[] =
    "INSERT INTO devices_codes(rowid, serial, donor_tag, num) "
    "SELECT n, serial, donor_tag, num FROM devices_codes_src "
    "WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0)";

/* How many rows wait for the index, and the highest n. */
static int pending(Ctx *c, int64_t *count, int64_t *max_n, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_PENDING, e);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    *count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    *max_n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? 0 : db_error_rc(c->db, rc, e);
}

int device_index_flush(Ctx *c, Err *e)
{
    int64_t count, max_n;
    if (pending(c, &count, &max_n, e) < 0) return -1;
    if (!count) return 0;
    if (db_begin(c->db, e) < 0) return -1;
    /* both indexes, the same rows: those above 'fts.upto' */
    static const char *const FLUSH[] = { SQL_FLUSH_INSERT, SQL_FLUSH_CODES };
    for (int i = 0; i < 2; i++) {
        sqlite3_stmt *st = db_stmt(c->db, FLUSH[i], e);
        int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
        if (st) sqlite3_reset(st);
        if (rc != SQLITE_DONE) {
            if (st) db_error_rc(c->db, rc, e);
            db_rollback(c->db);
            return -1;
        }
    }
    if (db_meta_set_int(c->db, "fts.upto", max_n, e) < 0) {
        db_rollback(c->db);
        return -1;
    }
    return db_commit(c->db, e);
}

/* Called once per new row: the rows waiting are counted once per
 * connection, then kept in c->index_pending (counting them at every new
 * row cost a scan of up to a batch of rows, 8 % of a pull). Another
 * process's flush only makes ours come early. */
static const char SQL_BATCH_MAX[] =
    "SELECT max(n), count(*) FROM (SELECT n FROM devices WHERE n > "
    "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0) ORDER BY n LIMIT ?1)";
static const char SQL_BATCH_INSERT[] =
    "INSERT INTO devices_fts(rowid, id, serial, donor_tag, make, model) "
    "SELECT n, id, serial, donor_tag, make, model FROM devices "
    "WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0) AND n <= ?1";
static const char SQL_BATCH_CODES[] =
    "INSERT INTO devices_codes(rowid, serial, donor_tag, num) "
    "SELECT n, serial, donor_tag, num FROM devices_codes_src "
    "WHERE n > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'fts.upto'), 0) AND n <= ?1";

int device_index_flush_batch(Ctx *c, int64_t max_rows, Err *e)
{
    sqlite3_stmt *st = db_stmt(c->db, SQL_BATCH_MAX, e);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, max_rows);
    int rc = sqlite3_step(st);
    int64_t upto = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0, count = rc == SQLITE_ROW ? sqlite3_column_int64(st, 1) : 0;
    sqlite3_reset(st);
    if (rc != SQLITE_ROW) return db_error_rc(c->db, rc, e);
    if (!count) return 0;
    if (db_begin(c->db, e) < 0) return -1;
    static const char *const SQL[] = { SQL_BATCH_INSERT, SQL_BATCH_CODES };
    for (int i = 0; i < 2; i++) {
        if (!(st = db_stmt(c->db, SQL[i], e))) goto fail;
        sqlite3_bind_int64(st, 1, upto);
        if (db_step_done(c->db, st, e) < 0) goto fail;
    }
    if (db_meta_set_int(c->db, "fts.upto", upto, e) < 0 || db_commit(c->db, e) < 0) goto fail;
    c->index_pending = 0;
    return (int)count;
fail:
    db_rollback(c->db);
    return -1;
}

int device_index_maybe_flush(Ctx *c, Err *e)
{
    if (c->index_deferred) return 0;
    if (c->index_pending <= 0) {
        int64_t count, max_n;
        if (pending(c, &count, &max_n, e) < 0) return -1;
        c->index_pending = count;
    } else {
        c->index_pending++;
    }
    if (c->index_pending < DEVICE_INDEX_BATCH) return 0;
    c->index_pending = 0;
    return device_index_flush(c, e);
}

/* 'rebuild' reads the devices once; it still writes the index in several
 * segments, which 'optimize' merges into one: a search then reads one
 * b-tree per term (1M devices: 2.7 s more, and the asset id keystroke p99
 * goes from 0.85 to 0.28 ms). */
static const char SQL_INDEX_REBUILD[] =
    "INSERT INTO devices_fts(devices_fts) VALUES ('rebuild');"
    "INSERT INTO devices_codes(devices_codes) VALUES ('rebuild')";
static const char SQL_INDEX_OPTIMIZE[] =
    "INSERT INTO devices_fts(devices_fts) VALUES ('optimize');"
    "INSERT INTO devices_codes(devices_codes) VALUES ('optimize')";
static const char SQL_MAX_N[] = "SELECT coalesce(max(n), 0) FROM devices";

int device_index_rebuild(Ctx *c, Err *e)
{
    if (db_begin(c->db, e) < 0) return -1;
    sqlite3_stmt *st = db_stmt(c->db, SQL_MAX_N, e);
    int rc = st ? sqlite3_step(st) : SQLITE_ERROR;
    int64_t max_n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    if (st) sqlite3_reset(st);
    if (rc != SQLITE_ROW) {
        if (st) db_error_rc(c->db, rc, e);
        db_rollback(c->db);
        return -1;
    }
    if (db_exec(c->db, SQL_INDEX_REBUILD, e) < 0 || db_exec(c->db, SQL_INDEX_OPTIMIZE, e) < 0
        || db_meta_set_int(c->db, "fts.upto", max_n, e) < 0) {
        db_rollback(c->db);
        return -1;
    }
    return db_commit(c->db, e);
}
