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
 * config_value_max(key) bytes (never more than CONFIG_VALUE_MAX), one line
 * of text as util/text.h's text_check() allows, without blanks around it
 * (a URL, a path, a printer's address: a few hundred at most). What
 * config_set() would not read back whole is refused, never cut; a value in
 * the file longer than its reader's buffer is an error, never cut. */
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
/* The most bytes key's value may hold: what every reader of it holds. */
size_t config_value_max(const char *key);
/* 0 when value can be written for key and read back as it is (see above);
 * else -1, ERR_USAGE, the message naming the key and the problem. */
int config_value_check(const char *key, const char *value, Err *e);

int config_default_path(char *out, size_t size);
/* Reads key from the file at path (NULL = default). 1 found, 0 not (no
 * file, or no such key), -1 error: a malformed line (e names the line), a
 * value longer than size - 1 bytes, a path that is a folder or a device. */
int config_get(const char *path, const char *key, char *out, size_t size, Err *e);
/* Sets key = value in the file (created 0600, with its folder; replaced
 * atomically, so a full disk leaves it as it was). The key and the value
 * must pass config_key_check and config_value_check. A file that cannot be
 * read is an error, never replaced. */
int config_set(const char *path, const char *key, const char *value, Err *e);

#endif
