/*
 * path.h — file paths as people type them: "~/" expanded to $HOME, and the
 * folder where documents go ($XDG_DOCUMENTS_DIR, else the XDG user-dirs
 * file's XDG_DOCUMENTS_DIR when that folder exists, else $HOME).
 * Pure string work and stat(); nothing printed.
 */
#ifndef BOUCLE_UTIL_PATH_H
#define BOUCLE_UTIL_PATH_H
#include <stddef.h>
#include <stdio.h>
#include "util/err.h"

/* Copies in to out, "~" or "~/…" expanded with $HOME; surrounding blanks
 * and one pair of quotes (as a pasted path may carry) removed. Returns out. */
char *path_expand(const char *in, char *out, size_t size);
/* The documents folder (see above), without a trailing slash. Returns out. */
char *path_documents_dir(char *out, size_t size);
/* mkdir -p: creates dir and its missing parents with the given mode.
 * Returns 0, or -1 with errno set (the component that failed is named by
 * nothing: callers say which folder they wanted). */
int path_mkdirs(const char *dir, unsigned mode);
/* 1 when path is an existing folder. */
int path_is_dir(const char *path);
/* Opens a file a person named, to read it, never blocking on it: a folder,
 * a FIFO, a device (/dev/zero, a disk) or a socket is refused. Returns the
 * FILE ("rb"); NULL with e filled (ERR_INPUT, naming path and what it is)
 * when path is not a regular file; NULL with errno set and e untouched when
 * it cannot be opened (ENOENT, EACCES…), for the caller's own message. */
FILE *path_fopen_file(const char *path, Err *e);

#endif
