/* err.c — see err.h. */
#include "util/err.h"
#include <stdio.h>
#include <string.h>

int err_vset(Err *e, ErrCode code, const char *fmt, va_list ap)
{
    if (!e) return -1;
    e->code = code;
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    return -1;
}

int err_set(Err *e, ErrCode code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    err_vset(e, code, fmt, ap);
    va_end(ap);
    return -1;
}

void err_clear(Err *e)
{
    if (!e) return;
    e->code = ERR_NONE;
    e->msg[0] = '\0';
}
