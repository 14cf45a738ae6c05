/* code128.c — see code128.h. */
#include "core/label/code128.h"
#include <string.h>

/* Bar/space widths of each symbol value; each sums to 11 modules (the stop
 * pattern, 106, to 13). */
static const char *const PATTERNS[107] = {
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312",
    "132212", "221213", "221312", "231212", "112232", "122132", "122231", "113222",
    "123122", "123221", "223211", "221132", "221231", "213212", "223112", "312131",
    "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321",
    "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121",
    "313121", "211331", "231131", "213113", "213311", "213131", "311123", "311321",
    "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224",
    "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
    "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
    "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113",
    "114311", "411113", "411311", "113141", "114131", "311141", "411131", "211412",
    "211214", "211232", "2331112",
};

enum { START_B = 104, START_C = 105, CODE_B = 100, CODE_C = 99, STOP = 106 };

const char *code128_pattern(int v)
{
    return v >= 0 && v <= 106 ? PATTERNS[v] : NULL;
}

static int digits_at(const char *s)
{
    int n = 0;
    while (s[n] >= '0' && s[n] <= '9') n++;
    return n;
}

int code128_encode(const char *text, unsigned char *widths, size_t size, int *modules)
{
    int vals[256], nv = 0;
    size_t len = text ? strlen(text) : 0;
    if (len == 0 || len > 120) return -1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)text[i] < 32 || (unsigned char)text[i] > 126) return -1;

    /* Symbol values: start in C when the text opens with 4+ digits (an even
     * count of them goes in C), else in B; switch to C inside for runs of
     * 6+ digits (4+ at the end), where the switch pays for itself. */
    const char *p = text;
    int set;
    int d = digits_at(p);
    if (d >= 4 || (d == (int)len && d >= 2 && d % 2 == 0)) { set = CODE_C; vals[nv++] = START_C; }
    else { set = CODE_B; vals[nv++] = START_B; }
    while (*p) {
        d = digits_at(p);
        if (set == CODE_C) {
            if (d >= 2) {
                vals[nv++] = (p[0] - '0') * 10 + (p[1] - '0');
                p += 2;
                continue;
            }
            vals[nv++] = CODE_B;
            set = CODE_B;
        }
        int run_c = d >= 6 || (d >= 4 && p[d] == '\0');
        if (run_c) {
            if (d % 2) { vals[nv++] = *p - 32; p++; }   /* odd digit in B first */
            vals[nv++] = CODE_C;
            set = CODE_C;
            continue;
        }
        vals[nv++] = *p - 32;
        p++;
    }
    int sum = vals[0];
    for (int i = 1; i < nv; i++) sum += vals[i] * i;
    vals[nv++] = sum % 103;
    vals[nv++] = STOP;

    size_t n = 0;
    int total = 0;
    for (int i = 0; i < nv; i++) {
        for (const char *q = PATTERNS[vals[i]]; *q; q++) {
            if (n >= size) return -1;
            widths[n++] = (unsigned char)(*q - '0');
            total += *q - '0';
        }
    }
    if (modules) *modules = total;
    return (int)n;
}
