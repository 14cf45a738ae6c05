/*
 * agent_json.c — the GLPI agent's JSON inventory (see inventory.h), as
 * glpi-project/inventory_format's inventory.schema.json describes it:
 * {"action": "inventory", "deviceid": …, "content": {"bios": {"ssn": …},
 * "hardware": {…}, "cpus": [ … ], "memories": [ … ], "storages": [ … ],
 * "batteries": [ … ], "softwares": [ … ] …}}. One device per file.
 *
 * A file larger than INV_FILE_MAX is refused before it is read. The text
 * is read whole, scanned once here (nesting deeper than AGENT_DEPTH_MAX and
 * strings longer than INV_ROW_MAX are refused, and this scan names the
 * JSON path and the line of any error), then parsed by jansson with
 * JSON_REJECT_DUPLICATES: an inventory with two "ssn" is ambiguous, and no
 * agent writes one. jansson's own depth limit (JSON_PARSER_MAX_DEPTH, 2048
 * in Debian 12's 2.14) is never reached: our scan stops at 64. Memory: the
 * file plus jansson's tree of all of it, about ten times the file (11 MB
 * peak RSS for the unit test's 1 MB inventory, 475 MB for 50 MB of
 * softwares); an agent's file is 0.1–2 MB, and INV_FILE_MAX (32 MiB) keeps
 * the worst case near 350 MB. The XML reader streams (5 MB for a 50 MB file).
 *
 * Errors: "<file>, <JSON path> (line N): <reason>", the path dotted as the
 * schema names it ("content.storages[2].serial"), "/" for the top.
 */
#include "core/inventory/agent_dev.h"
#include "core/inventory/inventory.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define KEY_KEEP 40   /* bytes of a key kept for paths */

typedef struct {
    int obj;               /* 1 object, 0 array */
    long index;            /* array: the element's index */
    char key[KEY_KEEP];    /* object: the last key read */
    int has_key;
} JFrame;

typedef struct {
    JFrame fr[AGENT_DEPTH_MAX + 1];
    int depth;             /* frames open */
    long line;             /* 1-based, of the scan position */
    int fail;              /* 0, 1 too deep, 2 string too long */
} JScan;

/* The dotted path of the frames open: "content.storages[2].model". */
static void jpath(const JScan *s, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < s->depth; i++) {
        const JFrame *f = &s->fr[i];
        int w;
        if (f->obj) {
            if (!f->has_key) break;
            w = snprintf(out + o, size - o, "%s%s", o ? "." : "", f->key);
        } else {
            w = snprintf(out + o, size - o, "[%ld]", f->index);
        }
        if (w < 0 || (size_t)w >= size - o) {
            if (size > 4) {   /* cut on a whole character, ending in "…" */
                size_t k = size - 4;
                while (k && ((unsigned char)out[k] & 0xC0) == 0x80) k--;
                memcpy(out + k, "\xE2\x80\xA6", 4);
            }
            return;
        }
        o += (size_t)w;
    }
    if (!o) snprintf(out, size, "/");
}

/* Scans buf[0..stop): keeps the path and the line there. Stops early, with
 * s->fail, at a nesting deeper than AGENT_DEPTH_MAX or a string longer than
 * INV_ROW_MAX. Not a validator: jansson is; on text that is not JSON it
 * goes on as best it can. */
static void jscan(const char *buf, size_t stop, JScan *s)
{
    memset(s, 0, sizeof *s);
    s->line = 1;
    int want_key = 0;   /* in an object, where a key comes */
    for (size_t i = 0; i < stop; i++) {
        char c = buf[i];
        if (c == '\n') s->line++;
        else if (c == '"') {
            size_t start = ++i;
            while (i < stop && buf[i] != '"') {
                if (buf[i] == '\\' && i + 1 < stop) i++;
                else if (buf[i] == '\n') s->line++;
                i++;
            }
            if (i - start > INV_ROW_MAX) {
                s->fail = 2;
                return;
            }
            if (want_key && s->depth) {
                JFrame *f = &s->fr[s->depth - 1];
                size_t n = i - start < KEY_KEEP - 1 ? i - start : KEY_KEEP - 1;
                while (n && n < i - start && ((unsigned char)buf[start + n] & 0xC0) == 0x80) n--;
                memcpy(f->key, buf + start, n);
                f->key[n] = '\0';
                for (size_t k = 0; k < n; k++)
                    if ((unsigned char)f->key[k] < 0x20 || f->key[k] == '\\') f->key[k] = '_';
                f->has_key = 1;
                want_key = 0;
            }
            if (i >= stop) return;
        } else if (c == '{' || c == '[') {
            if (s->depth == AGENT_DEPTH_MAX) {
                s->fail = 1;
                return;
            }
            JFrame *f = &s->fr[s->depth++];
            memset(f, 0, sizeof *f);
            f->obj = c == '{';
            want_key = f->obj;
        } else if (c == '}' || c == ']') {
            if (s->depth) s->depth--;
            want_key = 0;
        } else if (c == ',' && s->depth) {
            JFrame *f = &s->fr[s->depth - 1];
            if (f->obj) {
                want_key = 1;
                f->has_key = 0;
            } else {
                f->index++;
            }
        }
    }
}

/* path and reason may hold bytes of the file (a key, jansson's "near
 * '…'"): made valid UTF-8 before they are shown. */
static int jfail(Err *e, const char *name, const char *path, long line, const char *reason)
{
    char p[INV_WHERE_MAX], r[400];
    utf8_sanitize(path, strlen(path), p, sizeof p);
    utf8_sanitize(reason, strlen(reason), r, sizeof r);
    return err_set(e, ERR_INPUT, _("%s, %s (line %ld): %s"), name, p, line, r);
}

/* A value as the text the XML would hold; 0 when it has none (null,
 * object, array). */
static int jtext(json_t *v, char *out, size_t size)
{
    if (json_is_string(v)) snprintf(out, size, "%s", json_string_value(v));
    else if (json_is_integer(v)) snprintf(out, size, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    else if (json_is_real(v)) snprintf(out, size, "%.6f", json_real_value(v));
    else return 0;
    return 1;
}

static void jfields(AgentDev *a, const char *section, json_t *obj)
{
    const char *k;
    json_t *v;
    char t[AGENT_VAL * 4];
    json_object_foreach(obj, k, v)
        if (jtext(v, t, sizeof t)) agent_value(a, section, k, t);
}

int inv_parse_json(FILE *f, const char *name, const InvSink *sink, Err *e)
{
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > INV_FILE_MAX)
        return err_set(e, ERR_INPUT, _("%s: larger than %lld MiB: not read"), name, INV_FILE_MAX >> 20);
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (!buf) return err_set(e, ERR_IO, _("%s: out of memory"), name);
    for (;;) {
        if (len == cap) {
            if ((long long)cap > INV_FILE_MAX) {
                free(buf);
                return err_set(e, ERR_INPUT, _("%s: larger than %lld MiB: not read"), name, INV_FILE_MAX >> 20);
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                return err_set(e, ERR_IO, _("%s: out of memory"), name);
            }
            buf = nb;
            cap *= 2;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0) break;
    }
    if (ferror(f)) {
        free(buf);
        return err_set(e, ERR_IO, _("%s: reading the inventory failed"), name);
    }

    static JScan js;   /* 3 KB: static, the parser is not re-entered */
    char path[INV_WHERE_MAX], reason[400];
    jscan(buf, len, &js);
    if (js.fail) {
        jpath(&js, path, sizeof path);
        if (js.fail == 1) snprintf(reason, sizeof reason, _("values nested deeper than %d levels"), AGENT_DEPTH_MAX);
        else snprintf(reason, sizeof reason, _("a text value longer than %d bytes"), INV_ROW_MAX);
        free(buf);
        return jfail(e, name, path, js.line, reason);
    }

    json_error_t je;
    json_t *root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        size_t at = je.position > 0 && (size_t)je.position <= len ? (size_t)je.position : len;
        jscan(buf, at, &js);
        jpath(&js, path, sizeof path);
        free(buf);
        const char *r;
        switch (json_error_code(&je)) {
        case json_error_premature_end_of_input: r = _("the file ends in the middle of the inventory (truncated?)"); break;
        case json_error_invalid_utf8: r = _("text that is not UTF-8"); break;
        case json_error_duplicate_key: r = _("a key given twice"); break;
        case json_error_null_character: r = _("a NUL character in the text"); break;
        case json_error_end_of_input_expected: r = _("something after the end of the inventory"); break;
        default:
            snprintf(reason, sizeof reason, _("not valid JSON (jansson: %s)"), je.text);
            r = reason;
        }
        return jfail(e, name, path, je.line > 0 ? je.line : js.line, r);
    }
    free(buf);

    json_t *content = json_is_object(root) ? json_object_get(root, "content") : NULL;
    if (!json_is_object(content)) {
        json_decref(root);
        return jfail(e, name, "/", 1, _("no \"content\" object: not a GLPI agent inventory"));
    }
    static AgentDev a;
    agent_begin(&a);
    const char *k;
    json_t *v;
    json_object_foreach(content, k, v) {
        if (agent_section(k) == AS_NONE) continue;
        if (json_is_object(v)) {
            agent_item_begin(&a, k);
            jfields(&a, k, v);
            agent_item_end(&a);
        } else if (json_is_array(v)) {
            size_t i;
            json_t *item;
            json_array_foreach(v, i, item) {
                if (!json_is_object(item)) continue;
                agent_item_begin(&a, k);
                jfields(&a, k, item);
                agent_item_end(&a);
            }
        }
    }
    json_decref(root);
    return agent_end(&a, "content", sink, e);
}
