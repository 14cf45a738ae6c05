/*
 * config.h — the configuration file, INI: $XDG_CONFIG_HOME/boucle/boucle.conf
 * (~/.config/boucle/boucle.conf). Keys are "section.key" ("hub.url",
 * "label.printer"); keys before any section are plain ("lang").
 * The file may hold a password: it is written 0600, atomically.
 */
#ifndef BOUCLE_CONFIG_H
#define BOUCLE_CONFIG_H
#include <stddef.h>
#include "util/err.h"

int config_default_path(char *out, size_t size);
/* Reads key from the file at path (NULL = default). 1 found, 0 not, -1 error
 * (a malformed line: e names the line). */
int config_get(const char *path, const char *key, char *out, size_t size, Err *e);
/* Sets key = value in the file (created 0600, with its folder). */
int config_set(const char *path, const char *key, const char *value, Err *e);

#endif
