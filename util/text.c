/*
 * text.c — cleaning typed or scanned fields and their lookup keys (text.h).
 */
#include "util/text.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <ctype.h>
#include <string.h>

int text_field_clean(const char *in, char *out, size_t size, size_t max_chars,
                     const char *field_label, Err *e)
{
    if (!in) in = "";
    size_t len = strlen(in);
    if (!utf8_valid(in, len))
        return err_set(e, ERR_INPUT, _("%s: the text is not valid UTF-8"), field_label);
    while (len && isspace((unsigned char)in[len - 1])) len--;
    while (len && isspace((unsigned char)*in)) { in++; len--; }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)in[i] < 0x20 || in[i] == 0x7f)
            return err_set(e, ERR_INPUT, _("%s: control characters are not allowed"), field_label);
    size_t chars = utf8_count(in, len);
    if (chars > max_chars)
        return err_set(e, ERR_INPUT, _("%s: too long (%zu characters, at most %zu)"), field_label, chars, max_chars);
    if (len + 1 > size) return err_set(e, ERR_INPUT, _("%s: too long"), field_label);
    memcpy(out, in, len);
    out[len] = '\0';
    return 0;
}

void serial_key(const char *serial, char *out, size_t size)
{
    size_t o = 0;
    int leading = 1;
    for (const char *p = serial; *p && o + 1 < size; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isspace(ch)) continue;
        if (leading && ch == '0' && p[1] && !isspace((unsigned char)p[1])) continue;
        leading = 0;
        out[o++] = (char)toupper(ch);
    }
    out[o] = '\0';
}
