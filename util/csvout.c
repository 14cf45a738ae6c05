/* csvout.c — writing CSV (see csvout.h). */
#include "util/csvout.h"
#include <string.h>

void csv_out_field(FILE *f, const char *s, int last)
{
    if (strpbrk(s, ";,\"\r\n")) {
        fputc('"', f);
        for (; *s; s++) {
            if (*s == '"') fputc('"', f);
            fputc(*s, f);
        }
        fputc('"', f);
    } else {
        fputs(s, f);
    }
    fputs(last ? "\r\n" : ";", f);
}
