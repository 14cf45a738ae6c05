/*
 * walvfs.c — a thin VFS over the system's default one (unix) that writes
 * the WAL frames of a transaction with one system call.
 *
 * SQLite appends a frame to the -wal file as two writes, its 24-byte header
 * then its page (wal.c, walWriteOneFrame). An intake scan commits ~12
 * frames: 25 pwrite() calls, and on the virtual machines the workshops run
 * on as on this one, a system call costs more than copying a page.
 *
 * This layer holds back the frames of a transaction while they follow each
 * other in the file, and writes them together as soon as the commit frame
 * is complete, before SQLite makes the commit visible in the WAL index
 * (shared memory, after the last write returns). Any other call on the
 * file (a read, a write elsewhere, a sync, a size, a lock, closing) writes
 * what is held first. So the bytes and their order in the file are
 * SQLite's own, and dying with frames held back leaves what SQLite itself
 * leaves when it dies in the middle of a transaction: frames of a commit
 * that never happened, which recovery ignores. Files other than a WAL are
 * passed through untouched.
 */
#include "db/walvfs.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define WAL_HEADER 32        /* the -wal file's own header */
#define FRAME_HEADER 24      /* before each page */
/* Bytes held back at most: 31 frames of 4 KiB. The unix VFS takes at most
 * 0x1ffff bytes in one write (os_unix.c, seekAndWriteFd). */
#define RUN_MAX 0x1ffff

typedef struct WalFile {
    sqlite3_file base;
    sqlite3_file *real;              /* the unix VFS's file, right after us */
    int wal;                         /* a -wal file: frames are held back */
    unsigned char *run;              /* frames not written yet, from run_at */
    int len, cap;
    sqlite3_int64 run_at;
    int commit;                      /* the run ends with a commit frame's header */
} WalFile;

static sqlite3_vfs *g_real;

/* Writes what is held back, in one call. */
static int release(WalFile *f)
{
    if (!f->len) return SQLITE_OK;
    int n = f->len;
    f->len = 0;
    f->commit = 0;
    return f->real->pMethods->xWrite(f->real, f->run, n, f->run_at);
}

/* Appends to the run; 0 when it cannot (too long, out of memory). */
static int hold(WalFile *f, const void *data, int n)
{
    if (f->len + n > RUN_MAX) return 0;
    if (f->len + n > f->cap) {
        int cap = f->cap ? f->cap : 32 * 1024;
        while (cap < f->len + n) cap *= 2;
        if (cap > RUN_MAX) cap = RUN_MAX;
        unsigned char *b = realloc(f->run, (size_t)cap);
        if (!b) return 0;
        f->run = b;
        f->cap = cap;
    }
    memcpy(f->run + f->len, data, (size_t)n);
    f->len += n;
    return 1;
}

static int w_close(sqlite3_file *p)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    int rc2 = f->real->pMethods->xClose(f->real);
    free(f->run);
    f->run = NULL;
    return rc != SQLITE_OK ? rc : rc2;
}

static int w_read(sqlite3_file *p, void *out, int n, sqlite3_int64 off)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, out, n, off);
}

/* A frame is its header (24 bytes, the database size in bytes 4-7 when it
 * commits a transaction) then its page, each written by one call, frame
 * after frame. They are held back while they follow each other, and go out
 * together once the commit frame's page is in: before SQLite publishes the
 * commit in the WAL index, so no reader can look for a frame that is not
 * in the file. Anything else (a write elsewhere, such as a page rewritten
 * in place, a read, a sync) writes the run first. */
static int w_write(sqlite3_file *p, const void *data, int n, sqlite3_int64 off)
{
    WalFile *f = (WalFile *)p;
    if (f->wal && off >= WAL_HEADER) {
        int header = n == FRAME_HEADER;
        if (f->len && off == f->run_at + f->len && hold(f, data, n)) {
            if (header) {
                const unsigned char *h = data;
                f->commit = (h[4] | h[5] | h[6] | h[7]) != 0;
                return SQLITE_OK;
            }
            return f->commit ? release(f) : SQLITE_OK;
        }
        int rc = release(f);
        if (rc != SQLITE_OK) return rc;
        if (header && hold(f, data, n)) {
            const unsigned char *h = data;
            f->run_at = off;
            f->commit = (h[4] | h[5] | h[6] | h[7]) != 0;
            return SQLITE_OK;
        }
        return f->real->pMethods->xWrite(f->real, data, n, off);
    }
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xWrite(f->real, data, n, off);
}

static int w_truncate(sqlite3_file *p, sqlite3_int64 size)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int w_sync(sqlite3_file *p, int flags)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int w_size(sqlite3_file *p, sqlite3_int64 *size)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int w_lock(sqlite3_file *p, int level)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xLock(f->real, level);
}

static int w_unlock(sqlite3_file *p, int level)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xUnlock(f->real, level);
}

static int w_reserved(sqlite3_file *p, int *out)
{
    WalFile *f = (WalFile *)p;
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int w_control(sqlite3_file *p, int op, void *arg)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    if (rc != SQLITE_OK) return rc;
    rc = f->real->pMethods->xFileControl(f->real, op, arg);
    if (rc == SQLITE_OK && op == SQLITE_FCNTL_VFSNAME) {
        char **name = arg;
        char *s = sqlite3_mprintf("boucle-wal/%z", *name);
        if (s) *name = s;
    }
    return rc;
}

static int w_sector(sqlite3_file *p)
{
    WalFile *f = (WalFile *)p;
    return f->real->pMethods->xSectorSize(f->real);
}

static int w_device(sqlite3_file *p)
{
    WalFile *f = (WalFile *)p;
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int w_shm_map(sqlite3_file *p, int region, int size, int extend, void volatile **out)
{
    WalFile *f = (WalFile *)p;
    return f->real->pMethods->xShmMap(f->real, region, size, extend, out);
}

static int w_shm_lock(sqlite3_file *p, int offset, int n, int flags)
{
    WalFile *f = (WalFile *)p;
    return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void w_shm_barrier(sqlite3_file *p)
{
    WalFile *f = (WalFile *)p;
    f->real->pMethods->xShmBarrier(f->real);
}

static int w_shm_unmap(sqlite3_file *p, int del)
{
    WalFile *f = (WalFile *)p;
    return f->real->pMethods->xShmUnmap(f->real, del);
}

static int w_fetch(sqlite3_file *p, sqlite3_int64 off, int n, void **out)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFetch(f->real, off, n, out);
}

static int w_unfetch(sqlite3_file *p, sqlite3_int64 off, void *ptr)
{
    WalFile *f = (WalFile *)p;
    return f->real->pMethods->xUnfetch(f->real, off, ptr);
}

static const sqlite3_io_methods METHODS = {
    3, w_close, w_read, w_write, w_truncate, w_sync, w_size, w_lock, w_unlock, w_reserved,
    w_control, w_sector, w_device, w_shm_map, w_shm_lock, w_shm_barrier, w_shm_unmap,
    w_fetch, w_unfetch,
};

static int w_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *p, int flags, int *out_flags)
{
    (void)vfs;
    WalFile *f = (WalFile *)p;
    memset(f, 0, sizeof *f);
    f->real = (sqlite3_file *)(f + 1);
    int rc = g_real->xOpen(g_real, name, f->real, flags, out_flags);
    if (rc != SQLITE_OK || !f->real->pMethods) {
        p->pMethods = NULL;      /* SQLite closes nothing it could not open */
        return rc;
    }
    /* The unix VFS gives every file methods of version 3. */
    if (f->real->pMethods->iVersion < 3) {
        f->real->pMethods->xClose(f->real);
        p->pMethods = NULL;
        return SQLITE_CANTOPEN;
    }
    f->wal = (flags & SQLITE_OPEN_WAL) != 0;
    p->pMethods = &METHODS;
    return SQLITE_OK;
}

static int w_delete(sqlite3_vfs *v, const char *name, int sync) { (void)v; return g_real->xDelete(g_real, name, sync); }
static int w_access(sqlite3_vfs *v, const char *name, int flags, int *out) { (void)v; return g_real->xAccess(g_real, name, flags, out); }
static int w_full(sqlite3_vfs *v, const char *name, int n, char *out) { (void)v; return g_real->xFullPathname(g_real, name, n, out); }
static void *w_dlopen(sqlite3_vfs *v, const char *name) { (void)v; return g_real->xDlOpen(g_real, name); }
static void w_dlerror(sqlite3_vfs *v, int n, char *out) { (void)v; g_real->xDlError(g_real, n, out); }
static void (*w_dlsym(sqlite3_vfs *v, void *h, const char *s))(void) { (void)v; return g_real->xDlSym(g_real, h, s); }
static void w_dlclose(sqlite3_vfs *v, void *h) { (void)v; g_real->xDlClose(g_real, h); }
static int w_random(sqlite3_vfs *v, int n, char *out) { (void)v; return g_real->xRandomness(g_real, n, out); }
static int w_sleep(sqlite3_vfs *v, int us) { (void)v; return g_real->xSleep(g_real, us); }
static int w_time(sqlite3_vfs *v, double *out) { (void)v; return g_real->xCurrentTime(g_real, out); }
static int w_lasterr(sqlite3_vfs *v, int n, char *out) { (void)v; return g_real->xGetLastError(g_real, n, out); }
static int w_time64(sqlite3_vfs *v, sqlite3_int64 *out) { (void)v; return g_real->xCurrentTimeInt64(g_real, out); }

static sqlite3_vfs g_vfs = {
    2, 0, 0, NULL, WALVFS_NAME, NULL,
    w_open, w_delete, w_access, w_full, w_dlopen, w_dlerror, w_dlsym, w_dlclose,
    w_random, w_sleep, w_time, w_lasterr, w_time64,
    NULL, NULL, NULL,
};

static int g_rc = SQLITE_ERROR;

static void register_once(void)
{
    sqlite3_vfs *real = sqlite3_vfs_find(NULL);
    if (!real || real->iVersion < 2) return;
    g_real = real;
    g_vfs.szOsFile = (int)sizeof(WalFile) + real->szOsFile;
    g_vfs.mxPathname = real->mxPathname;
    g_rc = sqlite3_vfs_register(&g_vfs, 0);
}

int walvfs_register(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_once);
    return g_rc;
}
