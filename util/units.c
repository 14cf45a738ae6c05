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

void units_number(double v, char *out, size_t size)
{
    double r = round(v * 10) / 10;
    char num[48];
    if (fabs(r - round(r)) < 1e-9) snprintf(num, sizeof num, "%.0f", r);
    else snprintf(num, sizeof num, "%.1f", r);
    /* printf's decimal point is the C locale's: the language's instead */
    const char *point = C_("number", ".");
    char *dot = strchr(num, '.');
    if (dot && strcmp(point, ".") != 0)
        snprintf(out, size, "%.*s%s%s", (int)(dot - num), num, point, dot + 1);
    else
        snprintf(out, size, "%s", num);
}

void units_amount(double v, const char *unit, char *out, size_t size)
{
    char num[48];
    units_number(v, num, sizeof num);
    snprintf(out, size, "%s %s", num, unit);
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

/* RAM in binary steps (8192 MB is "8 GB", as RAM is sold), storage in
 * decimal ones; units in the user's language (util/units.c). */
void units_ram_mb(int64_t mb, char *out, size_t size)
{
    if (mb < 1024) units_amount((double)mb, units_byte_name(2), out, size);
    else if (mb < 1024LL * 1024) units_amount((double)mb / 1024, units_byte_name(3), out, size);
    else units_amount((double)mb / (1024.0 * 1024), units_byte_name(4), out, size);
}

void units_storage_gb(int64_t gb, char *out, size_t size)
{
    if (gb < 1000) units_amount((double)gb, units_byte_name(3), out, size);
    else units_amount((double)gb / 1000, units_byte_name(4), out, size);
}

void units_euros(long long cents, char *out, size_t size)
{
    long long a = cents < 0 ? -cents : cents;
    /* TRANSLATORS: a price in euros and cents; French: "%s%lld,%02lld €" */
    snprintf(out, size, _("%s€%lld.%02lld"), cents < 0 ? "-" : "", a / 100, a % 100);
}
