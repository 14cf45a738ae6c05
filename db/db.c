/*
 * db.c — see db.h. One Db per process and thread; SQLite does the locking
 * between processes (WAL + busy timeout + BEGIN IMMEDIATE for writers).
 */
#include "db/db.h"
#include "db/schema.h"
#include "db/walvfs.h"
#include "util/i18n.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

/* Writers wait this long for another process's transaction to end before
 * reporting "locked": long enough for a busy intake in another window, short
 * enough that a stuck process is reported rather than hanging the bench. */
#define DB_BUSY_TIMEOUT_MS 5000
/* Page cache: 2 MB. The working set is indexes; a bigger cache buys little
 * and the oldest PCs in the room have 1 GB of RAM. */
#define DB_CACHE_KIB 2048
/* Pages the WAL may hold before a writer copies them back (SQLite: 1000).
 * A checkpoint rewrites every distinct page and fsyncs twice; intake touches
 * the same hot pages (counters, index roots, the search index structure) on
 * every scan, so a larger WAL absorbs them: measured on 1M devices, 1000
 * pages gave a checkpoint every ~32 scans and 44 page writes per scan. The
 * WAL grows to ~40 MB at most and is truncated back by the idle checkpoint. */
#define DB_WAL_AUTOCHECKPOINT 10000
/* Prepared statements kept alive (static SQL strings, see db_stmt). */
#define DB_STMT_CACHE 96
/* Statements built at run time, kept by their text (db_stmt_text): the
 * shapes of the device list's query (search or not, direction, filters).
 * Preparing one cost a fifth of a search keystroke. */
#define DB_TEXT_CACHE 16

typedef struct StmtSlot {
    const char *sql;     /* key: the address of a static string */
    sqlite3_stmt *st;
} StmtSlot;

typedef struct TextSlot {
    char *sql;           /* key: the text (a copy) */
    sqlite3_stmt *st;
} TextSlot;

struct Db {
    sqlite3 *h;
    struct Checkpointer *ckpt;       /* background checkpoints, or NULL */
    char *path;
    int depth;                       /* transaction nesting depth */
    int rofs;                        /* on a read-only file system */
    StmtSlot cache[DB_STMT_CACHE];
    int ncache;
    TextSlot tcache[DB_TEXT_CACHE];  /* most recently used first */
    int ntcache;
    DbPrecommit precommit;           /* runs before the outermost COMMIT */
    void *precommit_arg;
};

void db_set_precommit(Db *db, DbPrecommit fn, void *arg)
{
    db->precommit = fn;
    db->precommit_arg = arg;
}

sqlite3 *db_handle(Db *db) { return db->h; }
const char *db_path(const Db *db) { return db->path; }
int db_in_transaction(const Db *db) { return db->depth > 0; }
int db_schema_version(void) { return schema_count(); }

int db_step_done(Db *db, sqlite3_stmt *st, Err *e)
{
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(db, rc, e);
}

int db_error_rc(Db *db, int rc, Err *e)
{
    const char *detail = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return err_set(e, ERR_DB, _("the database is locked by another program; try again in a moment"));
    case SQLITE_READONLY:
        if (db && db->rofs)
            return err_set(e, ERR_DB, _("the file system holding the database %s is read-only: nothing can be saved "
                                        "(commands that only read still work)"), db->path);
        return err_set(e, ERR_DB, _("the database is read-only: %s"), db && db->path ? db->path : "");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return err_set(e, ERR_DB, _("the database file is damaged or is not a boucle database: %s"),
                       db && db->path ? db->path : "");
    case SQLITE_FULL:
        if (db && db->path)
            return err_set(e, ERR_DB, _("the disk holding %s is full; nothing was saved, what was saved before is kept"),
                           db->path);
        return err_set(e, ERR_DB, _("the disk is full; nothing was saved"));
    case SQLITE_CANTOPEN:
        return err_set(e, ERR_DB, _("cannot open the database: %s"), db && db->path ? db->path : "");
    case SQLITE_IOERR:
        return err_set(e, ERR_DB, _("input/output error on the database: %s"), detail);
    case SQLITE_CONSTRAINT:
        return err_set(e, ERR_DB, _("the database refused an inconsistent change: %s"), detail);
    default:
        return err_set(e, ERR_DB, _("database error: %s"), detail);
    }
}

int db_error(Db *db, Err *e)
{
    return db_error_rc(db, db && db->h ? sqlite3_extended_errcode(db->h) : SQLITE_ERROR, e);
}

int db_exec(Db *db, const char *sql, Err *e)
{
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? 0 : db_error_rc(db, rc, e);
}

sqlite3_stmt *db_stmt(Db *db, const char *sql, Err *e)
{
    for (int i = 0; i < db->ncache; i++) {
        if (db->cache[i].sql == sql) {
            sqlite3_stmt *st = db->cache[i].st;
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return st;
        }
    }
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
    if (rc != SQLITE_OK) {
        db_error_rc(db, rc, e);
        return NULL;
    }
    if (db->ncache == DB_STMT_CACHE) {
        /* Evict the oldest statement that nobody is stepping through. */
        int victim = 0;
        while (victim < db->ncache - 1 && sqlite3_stmt_busy(db->cache[victim].st)) victim++;
        sqlite3_finalize(db->cache[victim].st);
        memmove(db->cache + victim, db->cache + victim + 1,
                (size_t)(DB_STMT_CACHE - 1 - victim) * sizeof db->cache[0]);
        db->ncache--;
    }
    db->cache[db->ncache].sql = sql;
    db->cache[db->ncache].st = st;
    db->ncache++;
    return st;
}

sqlite3_stmt *db_stmt_text(Db *db, const char *sql, Err *e)
{
    int i = 0;
    while (i < db->ntcache && (strcmp(db->tcache[i].sql, sql) != 0 || sqlite3_stmt_busy(db->tcache[i].st))) i++;
    TextSlot hit;
    if (i < db->ntcache) {
        hit = db->tcache[i];
        sqlite3_reset(hit.st);
        sqlite3_clear_bindings(hit.st);
    } else {
        hit.sql = strdup(sql);
        if (!hit.sql) {
            err_set(e, ERR_INTERNAL, _("out of memory"));
            return NULL;
        }
        int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &hit.st, NULL);
        if (rc != SQLITE_OK) {
            free(hit.sql);
            db_error_rc(db, rc, e);
            return NULL;
        }
        if (db->ntcache == DB_TEXT_CACHE) {
            /* Evict the least recently used statement nobody is stepping through. */
            int victim = db->ntcache - 1;
            while (victim > 0 && sqlite3_stmt_busy(db->tcache[victim].st)) victim--;
            sqlite3_finalize(db->tcache[victim].st);
            free(db->tcache[victim].sql);
            memmove(db->tcache + victim, db->tcache + victim + 1,
                    (size_t)(db->ntcache - 1 - victim) * sizeof db->tcache[0]);
            db->ntcache--;
        }
        i = db->ntcache++;
    }
    memmove(db->tcache + 1, db->tcache, (size_t)i * sizeof db->tcache[0]);
    db->tcache[0] = hit;
    return hit.st;
}

sqlite3_stmt *db_stmt_if_idle(Db *db, const char *sql, Err *e)
{
    for (int i = 0; i < db->ncache; i++)
        if (db->cache[i].sql == sql && sqlite3_stmt_busy(db->cache[i].st)) return NULL;
    return db_stmt(db, sql, e);
}

/* The transaction statements of the first levels, prepared once (cached):
 * an import opens a savepoint per event, and parsing its text each time
 * cost a tenth of a pulled event. Deeper levels are run as text. */
static const char *const SQL_OPEN[] = { "BEGIN IMMEDIATE", "SAVEPOINT sp1", "SAVEPOINT sp2", "SAVEPOINT sp3" };
static const char *const SQL_CLOSE[] = { "COMMIT", "RELEASE sp1", "RELEASE sp2", "RELEASE sp3" };
#define DB_CACHED_DEPTH 4

static int run_cached(Db *db, const char *sql, Err *e)
{
    sqlite3_stmt *st = db_stmt(db, sql, e);
    if (!st) return -1;
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_error_rc(db, rc, e);
}

void db_set_cache_kib(Db *db, int kib)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d", kib > 0 ? kib : DB_CACHE_KIB);
    sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

int db_begin(Db *db, Err *e)
{
    char sql[48];
    int rc;
    if (db->depth < DB_CACHED_DEPTH) {
        rc = run_cached(db, SQL_OPEN[db->depth], e);
    } else {
        snprintf(sql, sizeof sql, "SAVEPOINT sp%d", db->depth);
        rc = db_exec(db, sql, e);
    }
    if (rc < 0) return -1;
    db->depth++;
    return 0;
}

int db_commit(Db *db, Err *e)
{
    char sql[48];
    if (db->depth <= 0) return err_set(e, ERR_INTERNAL, "commit without transaction");
    int rc;
    /* the last writes of the transaction (the chain's signed head) go in
     * before it commits, in it: a failure rolls everything back */
    if (db->depth == 1 && db->precommit && db->precommit(db->precommit_arg, e) < 0) {
        db_rollback(db);
        return -1;
    }
    if (db->depth <= DB_CACHED_DEPTH) {
        rc = run_cached(db, SQL_CLOSE[db->depth - 1], e);
    } else {
        snprintf(sql, sizeof sql, "RELEASE sp%d", db->depth - 1);
        rc = db_exec(db, sql, e);
    }
    if (rc < 0) {
        db_rollback(db);
        return -1;
    }
    db->depth--;
    return 0;
}

void db_rollback(Db *db)
{
    char sql[64];
    if (db->depth <= 0) return;
    if (db->depth == 1)
        snprintf(sql, sizeof sql, "ROLLBACK");
    else
        snprintf(sql, sizeof sql, "ROLLBACK TO sp%d; RELEASE sp%d", db->depth - 1, db->depth - 1);
    sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    db->depth--;
}

int db_user_version(Db *db)
{
    sqlite3_stmt *st;
    int v = -1;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(st) == SQLITE_ROW) v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

int db_migrate_to(Db *db, int version, Err *e)
{
    int cur = db_user_version(db);
    if (cur < 0) return db_error(db, e);
    if (cur > schema_count())
        return err_set(e, ERR_DB, _("this database was written by a newer boucle (schema %d, this program knows %d); "
                                    "update boucle, the database was not changed"), cur, schema_count());
    if (cur >= version) return 0;
    if (db_begin(db, e) < 0) return -1;
    for (int i = cur; i < version; i++) {
        if (db_exec(db, schema_migration(i), e) < 0) {
            char why[sizeof e->msg];
            snprintf(why, sizeof why, "%s", e ? e->msg : "");
            db_rollback(db);
            return err_set(e, ERR_DB, _("cannot upgrade the database to schema %d: %s"), i + 1, why);
        }
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", version);
    if (db_exec(db, sql, e) < 0 || db_commit(db, e) < 0) {
        db_rollback(db);
        return -1;
    }
    return 0;
}

/* word_prefix(TEXT, PREFIX): 1 when a word of TEXT starts with PREFIX, as
 * the search index (devices_fts, db/schema.c) would say of the query
 * "PREFIX"*: both cut by FTS5's own tokenizer, with the index's options
 * (unicode61, diacritics removed, case folded), so that a word checked on
 * each row (core/stock/device.c) finds exactly the rows the index would.
 * Without FTS5's tokenizer (never with the schema's FTS5 tables): words
 * are runs of letters, digits and non-ASCII bytes, ASCII case ignored. */
typedef struct WordTok {
    fts5_tokenizer api;
    Fts5Tokenizer *tok;
} WordTok;

typedef struct WordPrefixCtx {
    const char *prefix;      /* folded */
    int n;
    int found;
} WordPrefixCtx;

static int word_first(void *arg, int flags, const char *token, int ntoken, int start, int end)
{
    (void)flags; (void)start; (void)end;
    char *out = arg;          /* 128 bytes: the first token, folded */
    if (out[0] || ntoken >= 128) return out[0] ? SQLITE_DONE : SQLITE_OK;
    memcpy(out, token, (size_t)ntoken);
    out[ntoken] = '\0';
    return SQLITE_DONE;
}

static int word_starts(void *arg, int flags, const char *token, int ntoken, int start, int end)
{
    (void)flags; (void)start; (void)end;
    WordPrefixCtx *w = arg;
    if (ntoken >= w->n && memcmp(token, w->prefix, (size_t)w->n) == 0) {
        w->found = 1;
        return SQLITE_DONE;   /* stops the tokenizer */
    }
    return SQLITE_OK;
}

static int is_word_byte(unsigned char ch) { return isalnum(ch) || ch >= 0x80; }

static void sql_word_prefix(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const unsigned char *t = sqlite3_value_text(argv[0]), *p = sqlite3_value_text(argv[1]);
    if (!t || !p) {
        sqlite3_result_int(ctx, 0);
        return;
    }
    WordTok *wt = sqlite3_user_data(ctx);
    if (wt && wt->tok) {
        char folded[128] = "";
        int np = sqlite3_value_bytes(argv[1]);
        wt->api.xTokenize(wt->tok, folded, FTS5_TOKENIZE_QUERY, (const char *)p, np, word_first);
        if (!folded[0]) {
            sqlite3_result_int(ctx, 0);
            return;
        }
        WordPrefixCtx w = { folded, (int)strlen(folded), 0 };
        wt->api.xTokenize(wt->tok, &w, FTS5_TOKENIZE_DOCUMENT, (const char *)t, sqlite3_value_bytes(argv[0]),
                          word_starts);
        sqlite3_result_int(ctx, w.found);
        return;
    }
    size_t n = strlen((const char *)p);
    for (const unsigned char *w = t; *w; w++) {
        if (!is_word_byte(*w) || (w > t && is_word_byte(w[-1]))) continue;   /* not a word start */
        if (strncasecmp((const char *)w, (const char *)p, n) == 0) {
            sqlite3_result_int(ctx, 1);
            return;
        }
    }
    sqlite3_result_int(ctx, 0);
}

static void word_tok_free(void *arg)
{
    WordTok *wt = arg;
    if (wt && wt->tok) wt->api.xDelete(wt->tok);
    free(wt);
}

/* The tokenizer of devices_fts, from this connection's FTS5; NULL if none. */
static WordTok *word_tok_new(sqlite3 *h)
{
    fts5_api *api = NULL;
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
    sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
    sqlite3_step(st);
    sqlite3_finalize(st);
    if (!api) return NULL;
    WordTok *wt = calloc(1, sizeof *wt);
    void *ud = NULL;
    const char *args[] = { "remove_diacritics", "2" };
    if (!wt || api->xFindTokenizer(api, "unicode61", &ud, &wt->api) != SQLITE_OK ||
        wt->api.xCreate(ud, args, 2, &wt->tok) != SQLITE_OK) {
        free(wt);
        return NULL;
    }
    return wt;
}

/* The file must exist with mode 0600 before SQLite opens it: SQLite would
 * create it with the umask (often 0644). The -wal and -shm files take the
 * database file's permissions. */
static int create_private(const char *path, Err *e)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) return 0;
        return err_set(e, ERR_DB, _("cannot create the database %s: %s"), path, strerror(errno));
    }
    close(fd);
    return 0;
}

static int on_readonly_fs(const char *path)
{
    struct statvfs v;
    return statvfs(path, &v) == 0 && (v.f_flag & ST_RDONLY);
}

/* "file:PATH?immutable=1", PATH percent-encoded as a URI path. */
static char *immutable_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *u = malloc(n * 3 + 32), *o = u;
    if (!u) return NULL;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (isalnum(*p) || strchr("/-._~", *p)) *o++ = (char)*p;
        else { *o++ = '%'; *o++ = hex[*p >> 4]; *o++ = hex[*p & 15]; }
    }
    strcpy(o, "?immutable=1");
    return u;
}

Db *db_open(const char *path, int flags, Err *e)
{
    struct stat sb;
    int exists = stat(path, &sb) == 0;
    if (!exists && (flags & (DB_READONLY | DB_NOCREATE))) {
        err_set(e, ERR_NOTFOUND, _("no database at %s (create one with: boucle init --workshop CODE --name NAME)"), path);
        return NULL;
    }
    if (exists && S_ISDIR(sb.st_mode)) {
        err_set(e, ERR_DB, _("%s is a folder, not a database"), path);
        return NULL;
    }
    if (exists && !S_ISREG(sb.st_mode)) {   /* /dev/zero, a FIFO: SQLite would say "disk I/O error" */
        err_set(e, ERR_DB, _("%s is not a regular file (a device, a pipe or a socket): boucle reads only files"), path);
        return NULL;
    }
    if (!exists && create_private(path, e) < 0) return NULL;

    Db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(path))) {
        free(db);
        err_set(e, ERR_INTERNAL, _("out of memory"));
        return NULL;
    }
    /* A read-only file system (a backup disk, a live system): SQLite could
     * not create the -shm file a WAL database needs even to be read. With
     * no -wal file (or an empty one) everything is in the database file,
     * which cannot change: it is opened immutable. With a -wal file, SQLite
     * reads it when the -shm file is there too; otherwise nothing can read
     * those changes, and it is said. Writing is refused by SQLite (opened
     * read-only), and db_error_rc names the read-only file system. */
    char *uri = NULL;
    db->rofs = on_readonly_fs(path);
    if (db->rofs) {
        flags |= DB_READONLY;
        struct stat wal, shm;
        char side[4200];
        snprintf(side, sizeof side, "%s-wal", path);
        int has_wal = stat(side, &wal) == 0 && wal.st_size > 0;
        snprintf(side, sizeof side, "%s-shm", path);
        if (has_wal && stat(side, &shm) != 0) {
            err_set(e, ERR_DB, _("the database %s has changes not yet written back (its -wal file) and its file system "
                                 "is read-only: mount it read-write once so that they can be read"), path);
            db_close(db);
            return NULL;
        }
        if (!has_wal && !(uri = immutable_uri(path))) {
            err_set(e, ERR_INTERNAL, _("out of memory"));
            db_close(db);
            return NULL;
        }
    }
    int oflags = (flags & DB_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    int rc = sqlite3_open_v2(uri ? uri : path, &db->h, oflags | SQLITE_OPEN_NOMUTEX | (uri ? SQLITE_OPEN_URI : 0),
                             walvfs_register() == SQLITE_OK ? WALVFS_NAME : NULL);
    free(uri);
    if (rc != SQLITE_OK) goto fail_rc;
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_create_function_v2(db->h, "word_prefix", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               word_tok_new(db->h), sql_word_prefix, NULL, NULL, word_tok_free);
    sqlite3_busy_timeout(db->h, DB_BUSY_TIMEOUT_MS);

    /* Reading the header is the first thing that notices a file that is not
     * a database (SQLITE_NOTADB) or is damaged. */
    rc = sqlite3_exec(db->h, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (rc != SQLITE_OK) goto fail_rc;
    /* A file the user may not write (permissions) opens read-only: reading
     * still works, and the first write says "read-only". */
    if (!(flags & DB_READONLY) && !sqlite3_db_readonly(db->h, "main")) {
        rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (rc != SQLITE_OK) goto fail_rc;
    }
    char pragmas[256];
    snprintf(pragmas, sizeof pragmas,
             "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
             "PRAGMA cache_size = -%d; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = %d;",
             DB_CACHE_KIB, DB_WAL_AUTOCHECKPOINT);
    rc = sqlite3_exec(db->h, pragmas, NULL, NULL, NULL);
    if (rc != SQLITE_OK) goto fail_rc;

    int v = db_user_version(db);
    if (v > schema_count()) {
        db_migrate_to(db, schema_count(), e);   /* fills the "newer" message */
        db_close(db);
        return NULL;
    }
    if (!(flags & (DB_READONLY | DB_NOMIGRATE)) && v < schema_count() && db_migrate_to(db, schema_count(), e) < 0) {
        db_close(db);
        return NULL;
    }
    if ((flags & DB_READONLY) && v < schema_count()) {
        err_set(e, ERR_DB, _("the database %s needs an upgrade but is opened read-only"), path);
        db_close(db);
        return NULL;
    }
    return db;

fail_rc:
    db_error_rc(db, rc, e);
    db_close(db);
    return NULL;
}

void db_close(Db *db)
{
    if (!db) return;
    db_checkpointer_stop(db);
    while (db->depth > 0) db_rollback(db);
    for (int i = 0; i < db->ncache; i++) sqlite3_finalize(db->cache[i].st);
    for (int i = 0; i < db->ntcache; i++) {
        sqlite3_finalize(db->tcache[i].st);
        free(db->tcache[i].sql);
    }
    if (db->h) sqlite3_close(db->h);
    free(db->path);
    free(db);
}

/* ---- background checkpoints -------------------------------------------- */

/* A checkpoint copies the WAL's pages back into the database file and
 * fsyncs twice: tens of milliseconds that the writer would otherwise pay
 * in the middle of a scan. An interactive process hands that work to a
 * thread with its own connection, which checkpoints every CKPT_PERIOD_MS
 * (PASSIVE: it never blocks a writer; with nothing new in the WAL it only
 * reads the WAL index). The writer's own autocheckpoint stays on at a
 * higher level, as a safety net. */
#define CKPT_PERIOD_MS 250
#define CKPT_WRITER_FALLBACK 50000

typedef struct Checkpointer {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    int stop;
    sqlite3 *h;
} Checkpointer;

static void *checkpointer_main(void *arg)
{
    Checkpointer *k = arg;
    pthread_mutex_lock(&k->lock);
    while (!k->stop) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += CKPT_PERIOD_MS * 1000000L;
        if (until.tv_nsec >= 1000000000L) { until.tv_sec++; until.tv_nsec -= 1000000000L; }
        pthread_cond_timedwait(&k->wake, &k->lock, &until);
        if (k->stop) break;
        pthread_mutex_unlock(&k->lock);
        sqlite3_wal_checkpoint_v2(k->h, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&k->lock);
    }
    pthread_mutex_unlock(&k->lock);
    return NULL;
}

int db_checkpointer_start(Db *db, Err *e)
{
    if (db->ckpt || db->rofs) return 0;   /* read-only: nothing to checkpoint */
    Checkpointer *k = calloc(1, sizeof *k);
    if (!k) return err_set(e, ERR_INTERNAL, _("out of memory"));
    if (sqlite3_open_v2(db->path, &k->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        sqlite3_close(k->h);
        free(k);
        return err_set(e, ERR_DB, _("cannot open the database: %s"), db->path);
    }
    sqlite3_busy_timeout(k->h, 100);
    pthread_mutex_init(&k->lock, NULL);
    pthread_cond_init(&k->wake, NULL);
    if (pthread_create(&k->thread, NULL, checkpointer_main, k) != 0) {
        sqlite3_close(k->h);
        free(k);
        return err_set(e, ERR_INTERNAL, "pthread_create");
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint = %d", CKPT_WRITER_FALLBACK);
    sqlite3_exec(db->h, sql, NULL, NULL, NULL);
    db->ckpt = k;
    return 0;
}

void db_checkpointer_stop(Db *db)
{
    Checkpointer *k = db->ckpt;
    if (!k) return;
    pthread_mutex_lock(&k->lock);
    k->stop = 1;
    pthread_cond_signal(&k->wake);
    pthread_mutex_unlock(&k->lock);
    pthread_join(k->thread, NULL);
    sqlite3_close(k->h);
    pthread_mutex_destroy(&k->lock);
    pthread_cond_destroy(&k->wake);
    free(k);
    db->ckpt = NULL;
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint = %d", DB_WAL_AUTOCHECKPOINT);
    sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

static const char SQL_META_GET[] = "SELECT value FROM meta WHERE key = ?1";
static const char SQL_META_SET[] =
    "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value";

int db_meta_get(Db *db, const char *key, char *out, size_t size)
{
    sqlite3_stmt *st = db_stmt(db, SQL_META_GET, NULL);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st), found = 0;
    if (rc == SQLITE_ROW) {
        snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
        found = 1;
    } else if (rc != SQLITE_DONE) {
        found = -1;
    }
    sqlite3_reset(st);
    return found;
}

int db_meta_set(Db *db, const char *key, const char *value, Err *e)
{
    sqlite3_stmt *st = db_stmt(db, SQL_META_SET, e);
    if (!st) return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? 0 : db_error_rc(db, rc, e);
}

int64_t db_meta_get_int(Db *db, const char *key, int64_t dflt)
{
    char buf[32];
    if (db_meta_get(db, key, buf, sizeof buf) != 1) return dflt;
    return strtoll(buf, NULL, 10);
}

int db_meta_set_int(Db *db, const char *key, int64_t value, Err *e)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%lld", (long long)value);
    return db_meta_set(db, key, buf, e);
}
