/*
 * walvfs.c — a thin VFS over the system's default one (unix) that writes
 * each WAL frame with one system call instead of two.
 *
 * SQLite appends a frame to the -wal file as two writes: its 24-byte header,
 * then the page right after it (wal.c, walWriteOneFrame). A committed scan
 * at the intake writes ~12 frames, so half of its ~25 pwrite() calls carry
 * 24 bytes each; on the virtual machines a workshop's old PCs resemble the
 * least, and on this one, a system call costs more than copying a page.
 *
 * This layer holds a frame header back until the next call on the file. If
 * that call writes the page right behind the header, both go out in one
 * pwrite() of header + page; anything else (a read, a sync, a write
 * elsewhere, a lock, closing) first writes the header as SQLite asked. So
 * the bytes and their order on disk are SQLite's own, and a crash between
 * the two calls leaves what SQLite itself could leave: a frame without its
 * header, which recovery ignores (the frame checksums no longer chain).
 * Nothing else is changed, and files other than a WAL are passed through.
 */
#include "db/walvfs.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#define WAL_HEADER 32        /* the -wal file's own header */
#define FRAME_HEADER 24      /* before each page */
#define PAGE_MAX 65536

typedef struct WalFile {
    sqlite3_file base;
    sqlite3_file *real;              /* the unix VFS's file, right after us */
    int wal;                         /* a -wal file: frames are coalesced */
    int held;                        /* hdr is a frame header not written yet */
    sqlite3_int64 held_at;
    unsigned char hdr[FRAME_HEADER];
    unsigned char *buf;              /* header + page, for the joined write */
    int bufsize;
} WalFile;

static sqlite3_vfs *g_real;

static int release(WalFile *f)
{
    if (!f->held) return SQLITE_OK;
    f->held = 0;
    return f->real->pMethods->xWrite(f->real, f->hdr, FRAME_HEADER, f->held_at);
}

static int w_close(sqlite3_file *p)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    int rc2 = f->real->pMethods->xClose(f->real);
    free(f->buf);
    f->buf = NULL;
    return rc != SQLITE_OK ? rc : rc2;
}

static int w_read(sqlite3_file *p, void *out, int n, sqlite3_int64 off)
{
    WalFile *f = (WalFile *)p;
    int rc = release(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, out, n, off);
}

static int w_write(sqlite3_file *p, const void *data, int n, sqlite3_int64 off)
{
    WalFile *f = (WalFile *)p;
    if (f->wal) {
        if (f->held && off == f->held_at + FRAME_HEADER && n <= PAGE_MAX) {
            if (f->bufsize < FRAME_HEADER + n) {
                unsigned char *b = realloc(f->buf, (size_t)(FRAME_HEADER + n));
                if (!b) return release(f) != SQLITE_OK ? SQLITE_IOERR_WRITE
                                                       : f->real->pMethods->xWrite(f->real, data, n, off);
                f->buf = b;
                f->bufsize = FRAME_HEADER + n;
            }
            memcpy(f->buf, f->hdr, FRAME_HEADER);
            memcpy(f->buf + FRAME_HEADER, data, (size_t)n);
            f->held = 0;
            return f->real->pMethods->xWrite(f->real, f->buf, FRAME_HEADER + n, f->held_at);
        }
        int rc = release(f);
        if (rc != SQLITE_OK) return rc;
        if (n == FRAME_HEADER && off >= WAL_HEADER) {
            memcpy(f->hdr, data, FRAME_HEADER);
            f->held_at = off;
            f->held = 1;
            return SQLITE_OK;
        }
    }
    return f->real->pMethods->xWrite(f->real, data, n, off);
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
