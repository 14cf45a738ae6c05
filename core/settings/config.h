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

/* A key is at most CONFIG_KEY_MAX bytes ("label.serial_barcode" is 20; a
 * printer's name makes the longest, printer.NAME); a value at most
 * CONFIG_VALUE_MAX bytes, one line without control characters (a URL, a
 * path, a printer's address: a few hundred at most). Longer is refused,
 * never cut. */
#define CONFIG_KEY_MAX 64
#define CONFIG_VALUE_MAX 1024

/* The keys boucle reads, in the order `config` lists them; "printer.*"
 * stands for printer.NAME, any name. Ends with NULL. */
extern const char *const config_keys[];
/* 1 when key is one of config_keys (printer.NAME for any NAME). */
int config_key_known(const char *key);
/* 0 when key can be read or written: known and not too long; else -1
 * with ERR_USAGE in e naming the key. */
int config_key_check(const char *key, Err *e);
/* 0 when value can be written (see CONFIG_VALUE_MAX); else -1, ERR_USAGE. */
int config_value_check(const char *value, Err *e);

int config_default_path(char *out, size_t size);
/* Reads key from the file at path (NULL = default). 1 found, 0 not, -1 error
 * (a malformed line: e names the line). */
int config_get(const char *path, const char *key, char *out, size_t size, Err *e);
/* Sets key = value in the file (created 0600, with its folder). The key
 * and the value must pass config_key_check and config_value_check. */
int config_set(const char *path, const char *key, const char *value, Err *e);

#endif
