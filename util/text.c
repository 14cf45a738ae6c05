/*
 * text.c — cleaning typed or scanned fields and their lookup keys (text.h).
 */
#include "util/text.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <ctype.h>
#include <string.h>

/* Characters that change the terminal or the order of what is shown
 * rather than being shown: C0 and C1 controls (ESC, CSI U+009B), DEL,
 * the line and paragraph separators, and the bidirectional embeddings,
 * overrides and isolates (U+202A–U+202E, U+2066–U+2069). */
static int format_char(unsigned cp)
{
    return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 || cp == 0x2029 ||
           (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

int text_check(const char *s, size_t len, size_t max_chars, const char *field_label, Err *e)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t chars = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t k = utf8_seq(p + i, len - i, &cp);
        if (!k) return err_set(e, ERR_INPUT, _("%s: the text is not valid UTF-8"), field_label);
        if (cp < 0x20 || cp == 0x7f)
            return err_set(e, ERR_INPUT, _("%s: control characters are not allowed"), field_label);
        if (format_char(cp))
            return err_set(e, ERR_INPUT, _("%s: control characters (U+%04X) are not allowed"), field_label, cp);
        chars++;
        i += k;
    }
    if (chars > max_chars)
        return err_set(e, ERR_INPUT, _("%s: too long (%zu characters, at most %zu)"), field_label, chars, max_chars);
    return 0;
}

int text_field_clean(const char *in, char *out, size_t size, size_t max_chars,
                     const char *field_label, Err *e)
{
    if (!in) in = "";
    size_t len = strlen(in);
    if (!utf8_valid(in, len))
        return err_set(e, ERR_INPUT, _("%s: the text is not valid UTF-8"), field_label);
    while (len && isspace((unsigned char)in[len - 1])) len--;
    while (len && isspace((unsigned char)*in)) { in++; len--; }
    if (text_check(in, len, max_chars, field_label, e) < 0) return -1;
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
