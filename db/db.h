/*
 * db.h — the SQLite database: open, pragmas, migrations, transactions and a
 * cache of prepared statements.
 *
 * Invariants
 * - The file is created with mode 0600 (it holds donors' data and, later,
 *   signing keys), in WAL mode with foreign keys on and a busy timeout, so
 *   that two boucle processes can share it.
 * - The schema version is PRAGMA user_version. db_open() applies every
 *   missing migration in one transaction; a database from a newer boucle is
 *   refused, never touched.
 * - Transactions nest: the outermost db_begin() is BEGIN IMMEDIATE (taking
 *   the write lock at once, which is what makes id allocation safe between
 *   processes); inner ones are savepoints.
 */
#ifndef BOUCLE_DB_H
#define BOUCLE_DB_H
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include "util/err.h"

typedef struct Db Db;

enum {
    DB_READONLY = 1 << 0,  /* open read-only (no migration, no creation) */
    DB_NOCREATE = 1 << 1,  /* fail when the file does not exist */
    DB_NOMIGRATE = 1 << 2  /* tests: open without migrating */
};

/* Opens (creating when allowed) and migrates the database at path.
 * Returns NULL and fills e when it cannot: missing, locked, read-only,
 * corrupt (not a database), or from a newer version. */
Db *db_open(const char *path, int flags, Err *e);
void db_close(Db *db);
sqlite3 *db_handle(Db *db);
const char *db_path(const Db *db);

/* Schema. */
int db_schema_version(void);                 /* the version this build writes */
int db_user_version(Db *db);
/* Applies migrations up to `version` (tests build every earlier version). */
int db_migrate_to(Db *db, int version, Err *e);

/* Transactions (nesting, see above). db_commit/db_rollback end the
 * innermost level. */
/* SQLite's page cache of this connection, in KiB; 0: the default again. */
void db_set_cache_kib(Db *db, int kib);
int db_begin(Db *db, Err *e);
int db_commit(Db *db, Err *e);
/* fn(arg, e) runs inside the outermost transaction just before it commits
 * (core/log/chain.c signs the chain's new head there); when it fails the
 * transaction is rolled back and db_commit fails. NULL removes it. */
typedef int (*DbPrecommit)(void *arg, Err *e);
void db_set_precommit(Db *db, DbPrecommit fn, void *arg);
void db_rollback(Db *db);
int db_in_transaction(const Db *db);

/* Runs SQL without results. */
int db_exec(Db *db, const char *sql, Err *e);

/* Returns a prepared statement for sql, reset and with bindings cleared,
 * ready to bind and step. Statements are cached by the *address* of sql, so
 * pass string literals or other static strings only. Do not finalize it. */
sqlite3_stmt *db_stmt(Db *db, const char *sql, Err *e);

/* Like db_stmt, for SQL built at run time: cached by its text (a few, the
 * least recently used dropped first). Reset it when done with it (it keeps
 * its read transaction open until then); do not finalize it. */
sqlite3_stmt *db_stmt_text(Db *db, const char *sql, Err *e);

/* Like db_stmt, but NULL (and e untouched) when the cached statement is in
 * the middle of a step loop: for functions whose callbacks may re-enter. */
sqlite3_stmt *db_stmt_if_idle(Db *db, const char *sql, Err *e);

/* Fills e from the last SQLite error on db with a translated message naming
 * what went wrong (locked, read-only, corrupt, full disk…). Returns -1. */
int db_error(Db *db, Err *e);
int db_error_rc(Db *db, int rc, Err *e);
/* Steps a statement that returns no row (INSERT, UPDATE…) and resets it:
 * 0, or -1 with e filled from the result code. */
int db_step_done(Db *db, sqlite3_stmt *st, Err *e);

/* Interactive processes (the UI) move WAL checkpoints to a background
 * thread with its own connection, so that a scan never waits for one.
 * db_close stops it. */
int db_checkpointer_start(Db *db, Err *e);
void db_checkpointer_stop(Db *db);

/* Small key/value table (meta) for workshop identity and counters. */
int db_meta_get(Db *db, const char *key, char *out, size_t size);  /* 1 found, 0 not, -1 error */
int db_meta_set(Db *db, const char *key, const char *value, Err *e);
int64_t db_meta_get_int(Db *db, const char *key, int64_t dflt);
int db_meta_set_int(Db *db, const char *key, int64_t value, Err *e);

#endif
