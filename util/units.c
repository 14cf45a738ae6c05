/* units.c — see units.h. */
#include "util/units.h"
#include "util/i18n.h"
#include <math.h>
#include <stdio.h>
#include <string.h>

const char *units_byte_name(int power)
{
    switch (power) {
    case 0: return C_("unit", "B");
    case 1: return C_("unit", "kB");
    case 2: return C_("unit", "MB");
    case 3: return C_("unit", "GB");
    case 4: return C_("unit", "TB");
    default: return C_("unit", "PB");
    }
}

void units_amount(double v, const char *unit, char *out, size_t size)
{
    double r = round(v * 10) / 10;
    char num[48];
    if (fabs(r - round(r)) < 1e-9) snprintf(num, sizeof num, "%.0f", r);
    else snprintf(num, sizeof num, "%.1f", r);
    /* printf's decimal point is the C locale's: the language's instead */
    const char *point = C_("number", ".");
    char *dot = strchr(num, '.');
    if (dot && strcmp(point, ".") != 0) {
        char whole[48];
        snprintf(whole, sizeof whole, "%.*s", (int)(dot - num), num);
        snprintf(out, size, "%s%s%s %s", whole, point, dot + 1, unit);
    } else {
        snprintf(out, size, "%s %s", num, unit);
    }
}

void units_bytes(int64_t bytes, char *out, size_t size)
{
    if (bytes < 0) {
        snprintf(out, size, "—");
        return;
    }
    double v = (double)bytes;
    int u = 0;
    while (v >= 999.95 && u < 5) {
        v /= 1000;
        u++;
    }
    /* 1.5 TB keeps its decimal; 500.1 GB is sold as 500 GB */
    if (v >= 10) v = round(v);
    units_amount(v, units_byte_name(u), out, size);
}
