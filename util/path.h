/*
 * path.h — file paths as people type them: "~/" expanded to $HOME, and the
 * folder where documents go ($XDG_DOCUMENTS_DIR, else the XDG user-dirs
 * file's XDG_DOCUMENTS_DIR when that folder exists, else $HOME).
 * Pure string work and stat(); nothing printed.
 */
#ifndef BOUCLE_UTIL_PATH_H
#define BOUCLE_UTIL_PATH_H
#include <stddef.h>

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

#endif
