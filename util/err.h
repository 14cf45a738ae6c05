/*
 * err.h — errors are values.
 *
 * A function that can fail takes an `Err *` (which may be NULL), returns a
 * status (0 / a pointer on success, -1 / NULL on failure) and fills the Err
 * with a code and a message already translated into the user's language.
 * The caller decides whether the message is shown, logged or fatal: nothing
 * below screens/ and cli/ prints or exits.
 */
#ifndef BOUCLE_ERR_H
#define BOUCLE_ERR_H
#include <stdarg.h>

typedef enum {
    ERR_NONE = 0,
    ERR_USAGE,     /* bad arguments: CLI exit status 2 */
    ERR_INPUT,     /* bad user input (serial, file, value) */
    ERR_NOTFOUND,  /* unknown device, lot, … */
    ERR_EXISTS,    /* duplicate */
    ERR_DB,        /* database: locked, read-only, corrupt, too new */
    ERR_IO,        /* files, network, devices */
    ERR_INTERNAL   /* a bug */
} ErrCode;

typedef struct Err {
    ErrCode code;    /* ERR_NONE when nothing failed */
    char msg[1024];  /* user-facing, translated, one line */
} Err;

/* Fills e (if not NULL) and returns -1, so that `return err_set(...)` reads
 * naturally. fmt is printf-style and should come from _(). */
int err_set(Err *e, ErrCode code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int err_vset(Err *e, ErrCode code, const char *fmt, va_list ap);
/* Clears e. */
void err_clear(Err *e);

#endif
