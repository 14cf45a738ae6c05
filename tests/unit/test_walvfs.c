/*
 * test_walvfs.c — db/walvfs.c: each WAL frame reaches the system's VFS as
 * one write of header + page, the -wal file is what plain SQLite reads and
 * recovers (also after the writer died without closing), and readers on
 * other connections see every committed row.
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
static long wal_writes, wal_small_writes, wal_frame_writes, wal_bytes;

static int count_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
    wal_writes++;
    wal_bytes += n;
    if (off >= 32 && n == 24) wal_small_writes++;
    if (off >= 32 && n == 24 + 4096) wal_frame_writes++;
    return unix_methods->xWrite(f, p, n, off);
}

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

TEST(walvfs_writes_each_frame_in_one_call)
{
    Err e = { 0 };
    Db *db = db_open(tmp("b.db"), DB_NOMIGRATE, &e);
    CHECK_MSG(db != NULL, "%s", e.msg);
    CHECK(sqlite3_exec(db_handle(db), "CREATE TABLE t(k INTEGER PRIMARY KEY, v BLOB)", NULL, NULL, NULL) == SQLITE_OK);
    wal_writes = wal_small_writes = wal_frame_writes = wal_bytes = 0;
    CHECK(insert_rows(db, 0, 300) == 0);      /* 300 transactions, one frame or more each */
    long writes = wal_writes, small = wal_small_writes, frames = wal_frame_writes;
    /* the connection still holds the WAL: its size is what was written */
    struct stat sb;
    CHECK(stat(tmp("b.db-wal"), &sb) == 0);
    db_close(db);
    CHECK_MSG(frames >= 300, "%ld frame writes for 300 commits", frames);
    CHECK_MSG(small == 0, "%ld frame headers written alone", small);
    /* nothing but whole frames, and at most the WAL's own header */
    CHECK_MSG(writes - frames <= 2, "%ld writes, %ld of them whole frames", writes, frames);
    CHECK_MSG(sb.st_size >= 32 + frames * (24 + 4096), "WAL of %lld bytes for %ld frames", (long long)sb.st_size, frames);
    CHECK_INT(count_rows(tmp("b.db")), 300);
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
    sqlite3 *h;
    CHECK(sqlite3_open_v2(tmp("d.db"), &h, SQLITE_OPEN_READONLY, "unix") == SQLITE_OK);
    sqlite3_stmt *st;
    CHECK(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK);
    CHECK(sqlite3_step(st) == SQLITE_ROW);
    char verdict[64];
    snprintf(verdict, sizeof verdict, "%s", (const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(h);
    CHECK_STR(verdict, "ok");
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/boucle-walvfs-XXXXXX");
    if (!mkdtemp(dir)) return 1;
    install_counting_vfs();
    RUN(walvfs_is_the_vfs_of_boucle_databases);
    RUN(walvfs_writes_each_frame_in_one_call);
    RUN(walvfs_readers_see_every_commit);
    RUN(walvfs_wal_of_a_killed_writer_is_recovered_by_plain_sqlite);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd)) {}
    return t_done();
}
