/*
 * test_walvfs.c — db/walvfs.c: the WAL frames of a commit reach the
 * system's VFS in one write of whole frames, the -wal file is what plain
 * SQLite reads and recovers (also after the writer died without closing),
 * readers on other connections see every committed row, and transactions
 * too big for one write or for the page cache come out whole.
 *
 * A counting VFS is made the default before walvfs registers, so walvfs
 * sits on top of it and every write it issues is seen here.
 */
#include "tests/unit/t.h"
#include "db/db.h"
#include "db/walvfs.h"
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static const char *tmp(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

/* ---- the counting VFS ---------------------------------------------------- */

static sqlite3_vfs *unix_vfs;
static sqlite3_io_methods counting_methods;
static const sqlite3_io_methods *unix_methods;
static long wal_writes, wal_partial_writes, wal_frames, wal_biggest;

/* Writes after the WAL's header: frames of 24 + 4096 bytes. */
static int count_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    if (off >= 32) {
        wal_writes++;
        if (n % (24 + 4096) || (off - 32) % (24 + 4096)) wal_partial_writes++;
        wal_frames += n / (24 + 4096);
        if (n > wal_biggest) wal_biggest = n;
    }
    return unix_methods->xWrite(f, p, n, off);
}

static void count_reset(void) { wal_writes = wal_partial_writes = wal_frames = wal_biggest = 0; }

static int count_open(sqlite3_vfs *v, sqlite3_filename name, sqlite3_file *f, int flags, int *out)
{
    (void)v;
    int rc = unix_vfs->xOpen(unix_vfs, name, f, flags, out);
    if (rc == SQLITE_OK && f->pMethods && (flags & SQLITE_OPEN_WAL)) {
        if (!unix_methods) {
            unix_methods = f->pMethods;
            counting_methods = *f->pMethods;
            counting_methods.xWrite = count_write;
        }
        if (f->pMethods == unix_methods) f->pMethods = &counting_methods;
    }
    return rc;
}

static sqlite3_vfs counting_vfs;

static void install_counting_vfs(void)
{
    unix_vfs = sqlite3_vfs_find(NULL);
    counting_vfs = *unix_vfs;
    counting_vfs.zName = "counting";
    counting_vfs.xOpen = count_open;
    counting_vfs.pNext = NULL;
    sqlite3_vfs_register(&counting_vfs, 1);
}

static long count_rows(const char *path)
{
    sqlite3 *h;
    long n = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, "unix") != SQLITE_OK) return -2;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM t", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return n;
}

static int insert_rows(Db *db, int from, int count)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(db_handle(db), "INSERT INTO t(k, v) VALUES (?1, randomblob(300))", -1, &st, NULL) != SQLITE_OK)
        return -1;
    for (int i = from; i < from + count; i++) {
        sqlite3_bind_int(st, 1, i);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlite3_finalize(st);
            return -1;
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    return 0;
}

/* ---- cases ---------------------------------------------------------------- */

TEST(walvfs_is_the_vfs_of_boucle_databases)
{
    Err e = { 0 };
    Db *db = db_open(tmp("a.db"), 0, &e);
    CHECK_MSG(db != NULL, "%s", e.msg);
    char *name = NULL;
    sqlite3_file_control(db_handle(db), "main", SQLITE_FCNTL_VFSNAME, &name);
    int ok = name && strncmp(name, WALVFS_NAME "/", strlen(WALVFS_NAME) + 1) == 0;
    char copy[128];
    snprintf(copy, sizeof copy, "%s", name ? name : "(none)");
    sqlite3_free(name);
    db_close(db);
    CHECK_MSG(ok, "VFS name is %s", copy);
}

static long integrity(const char *path, char *verdict, size_t size)
{
    sqlite3 *h;
    snprintf(verdict, size, "(cannot open)");
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, "unix") != SQLITE_OK) return -1;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW) snprintf(verdict, size, "%s", (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return 0;
}

TEST(walvfs_writes_a_commit_in_one_call)
{
    Err e = { 0 };
    Db *db = db_open(tmp("b.db"), DB_NOMIGRATE, &e);
    CHECK_MSG(db != NULL, "%s", e.msg);
    CHECK(sqlite3_exec(db_handle(db), "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)", NULL, NULL, NULL) == SQLITE_OK);
    count_reset();
    CHECK(insert_rows(db, 0, 300) == 0);      /* 300 transactions, one frame or more each */
    long writes = wal_writes, partial = wal_partial_writes, frames = wal_frames;
    /* the connection still holds the WAL: its size is what was written */
    struct stat sb;
    CHECK(stat(tmp("b.db-wal"), &sb) == 0);
    db_close(db);
    CHECK_MSG(partial == 0, "%ld writes of part of a frame", partial);
    CHECK_MSG(frames >= 300, "%ld frames for 300 commits", frames);
    CHECK_MSG(writes == 300, "%ld writes for 300 commits of %ld frames", writes, frames);
    CHECK_MSG(sb.st_size >= 32 + frames * (24 + 4096), "WAL of %lld bytes for %ld frames", (long long)sb.st_size, frames);
    CHECK_INT(count_rows(tmp("b.db")), 300);
}

TEST(walvfs_big_and_spilled_transactions_come_out_whole)
{
    Err e = { 0 };
    Db *db = db_open(tmp("e.db"), DB_NOMIGRATE, &e);
    CHECK_MSG(db != NULL, "%s", e.msg);
    /* a page cache of 20 pages: the transaction spills frames into the WAL
     * before it commits, and reads some of them back */
    CHECK(sqlite3_exec(db_handle(db), "PRAGMA cache_size = 20; CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB);"
                       "CREATE INDEX t_v ON t(v)", NULL, NULL, NULL) == SQLITE_OK);
    count_reset();
    CHECK(sqlite3_exec(db_handle(db), "BEGIN", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(insert_rows(db, 0, 3000) == 0);
    CHECK(sqlite3_exec(db_handle(db), "COMMIT", NULL, NULL, NULL) == SQLITE_OK);
    long partial = wal_partial_writes, frames = wal_frames, biggest = wal_biggest, writes = wal_writes;
    CHECK(sqlite3_exec(db_handle(db), "BEGIN; DELETE FROM t WHERE k % 3 = 0; ROLLBACK", NULL, NULL, NULL) == SQLITE_OK);
    CHECK_INT(count_rows(tmp("e.db")), 3000);
    db_close(db);
    CHECK_MSG(frames > 31, "%ld frames: not a big transaction", frames);
    CHECK_MSG(writes > 1 && biggest <= 0x1ffff, "%ld writes, the biggest %ld bytes", writes, biggest);
    /* a spilled page rewritten in place writes a page without its header */
    CHECK_MSG(partial < writes, "%ld of %ld writes are parts of frames", partial, writes);
    char verdict[64];
    integrity(tmp("e.db"), verdict, sizeof verdict);
    CHECK_STR(verdict, "ok");
    CHECK_INT(count_rows(tmp("e.db")), 3000);
}

TEST(walvfs_readers_see_every_commit)
{
    Err e = { 0 };
    Db *db = db_open(tmp("c.db"), DB_NOMIGRATE, &e);
    CHECK_MSG(db != NULL, "%s", e.msg);
    CHECK(sqlite3_exec(db_handle(db), "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)", NULL, NULL, NULL) == SQLITE_OK);
    for (int round = 1; round <= 5; round++) {
        CHECK(insert_rows(db, (round - 1) * 50, 50) == 0);
        /* another connection, on the plain unix VFS, while the writer is open */
        CHECK_INT(count_rows(tmp("c.db")), round * 50);
    }
    db_close(db);
}

TEST(walvfs_wal_of_a_killed_writer_is_recovered_by_plain_sqlite)
{
    pid_t pid = fork();
    CHECK(pid >= 0);
    if (pid == 0) {
        Err e = { 0 };
        Db *db = db_open(tmp("d.db"), DB_NOMIGRATE, &e);
        if (!db) _exit(3);
        if (sqlite3_exec(db_handle(db), "PRAGMA wal_autocheckpoint = 0; CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)",
                         NULL, NULL, NULL) != SQLITE_OK) _exit(4);
        if (insert_rows(db, 0, 400) < 0) _exit(5);
        _exit(0);                 /* no close: no checkpoint, the WAL stays */
    }
    int status;
    CHECK(waitpid(pid, &status, 0) == pid);
    CHECK_INT(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 0);
    struct stat sb;
    CHECK(stat(tmp("d.db-wal"), &sb) == 0);
    CHECK_MSG(sb.st_size > 400 * 4096, "WAL of %lld bytes", (long long)sb.st_size);
    CHECK_INT(count_rows(tmp("d.db")), 400);
    char verdict[64];
    integrity(tmp("d.db"), verdict, sizeof verdict);
    CHECK_STR(verdict, "ok");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/boucle-walvfs-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    install_counting_vfs();
    RUN(walvfs_is_the_vfs_of_boucle_databases);
    RUN(walvfs_writes_a_commit_in_one_call);
    RUN(walvfs_big_and_spilled_transactions_come_out_whole);
    RUN(walvfs_readers_see_every_commit);
    RUN(walvfs_wal_of_a_killed_writer_is_recovered_by_plain_sqlite);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) {}
    return t_done();
}
