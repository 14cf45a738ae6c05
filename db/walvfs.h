/* walvfs.h — the VFS boucle opens its databases with (db/walvfs.c): the
 * system's own, with each WAL frame written in one call. */
#ifndef BOUCLE_DB_WALVFS_H
#define BOUCLE_DB_WALVFS_H

#define WALVFS_NAME "boucle-wal"

/* Registers the VFS once (not as the default). Returns an SQLite code;
 * anything but SQLITE_OK means: open with the default VFS. */
int walvfs_register(void);

#endif
