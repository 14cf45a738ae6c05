/*
 * agent_xml.c — FusionInventory / OCS agent XML (see inventory.h).
 *
 * libxml2's streaming reader (xmlReaderForIO on the FILE*): it keeps the
 * node it is on, never the document, so a 300 KB inventory with a thousand
 * SOFTWARES costs what one of them does. Safe on a file from anyone:
 * XML_PARSE_NONET, no entity substitution, no DTD loaded — a DOCTYPE is
 * refused outright (no agent writes one; it is how entity bombs come in) —
 * nesting deeper than AGENT_DEPTH_MAX refused, a text value longer than
 * INV_ROW_MAX refused. An encoding the declaration names (ISO-8859-1 of an
 * old Windows agent) is converted by libxml2; undeclared bytes that are not
 * UTF-8 are refused.
 *
 * One device per REQUEST/CONTENT (an agent's file). A file that wraps
 * several REQUESTs in one root (<INVENTORIES><REQUEST>…</REQUEST>…) gives
 * one device each. Errors: "<file>, <XML path> (line N): <reason>".
 */
#include "core/inventory/agent_dev.h"
#include "core/inventory/inventory.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <libxml/xmlreader.h>
#include <stdlib.h>
#include <string.h>

#define NAME_KEEP 48   /* bytes of an element name kept for paths */

typedef struct {
    FILE *f;
    int io_error, eof;
} XIo;

typedef struct {
    int code, line, level;
    char msg[200];
    char path[INV_WHERE_MAX];   /* the element the parser was in, "" = none */
    int at_end;                 /* the parser had read all its input */
} XErr;

static int xio_read(void *ctx, char *buf, int len)
{
    XIo *io = ctx;
    size_t n = fread(buf, 1, (size_t)len, io->f);
    if (n == 0 && ferror(io->f)) {
        io->io_error = 1;
        return -1;
    }
    if (n == 0) io->eof = 1;
    return (int)n;
}

/* Joins names[0..n) with '/' into out, ending on "…" when it is cut. */
static void join_path(const char *const *names, int n, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        int w = snprintf(out + o, size - o, "%s%s", i ? "/" : "", names[i]);
        if (w < 0 || (size_t)w >= size - o) {
            if (size > 4) {   /* cut on a whole character */
                size_t k = size - 4;
                while (k && ((unsigned char)out[k] & 0xC0) == 0x80) k--;
                memcpy(out + k, "\xE2\x80\xA6", 4);
            }
            return;
        }
        o += (size_t)w;
    }
}

static void xerr_keep(void *ctx, xmlErrorPtr err)
{
    XErr *x = ctx;
    if (!err || err->level < XML_ERR_ERROR || x->code) return;
    x->code = err->code ? err->code : -1;
    x->line = err->line;
    x->level = err->level;
    snprintf(x->msg, sizeof x->msg, "%s", err->message ? err->message : "");
    size_t n = strlen(x->msg);
    while (n && (x->msg[n - 1] == '\n' || x->msg[n - 1] == ' ')) x->msg[--n] = '\0';
    /* The reader delivers nodes behind the parser: the element the error
     * is in is the parser's, ctxt->node, as far as it got. */
    x->path[0] = '\0';
    if (err->domain == XML_FROM_PARSER && err->ctxt) {
        xmlParserCtxtPtr pc = err->ctxt;
        x->at_end = pc->input && pc->input->cur && pc->input->end && pc->input->cur >= pc->input->end;
        xmlNodePtr node = ((xmlParserCtxtPtr)err->ctxt)->node;
        const char *names[AGENT_DEPTH_MAX + 2];
        int k = 0;
        for (xmlNodePtr q = node; q && q->type == XML_ELEMENT_NODE; q = q->parent) {
            if (k == AGENT_DEPTH_MAX + 2) {   /* deeper than we allow: keep the top */
                memmove(names, names + 1, sizeof names[0] * (AGENT_DEPTH_MAX + 1));
                k--;
            }
            names[k++] = q->name ? (const char *)q->name : "?";
        }
        const char *rev[AGENT_DEPTH_MAX + 2];
        for (int i = 0; i < k; i++) rev[i] = names[k - 1 - i];
        join_path(rev, k, x->path, sizeof x->path);
    }
}

typedef struct {
    char names[AGENT_DEPTH_MAX + 1][NAME_KEEP];
    int depth;   /* of the last element opened, -1 before the root */
} XPath;

/* "REQUEST/CONTENT/STORAGES" down to depth (included); "/" before the root. */
static void xpath_str(const XPath *p, int depth, char *out, size_t size)
{
    if (depth < 0) {
        snprintf(out, size, "/");
        return;
    }
    const char *names[AGENT_DEPTH_MAX + 1];
    int n = 0;
    for (int i = 0; i <= depth && i <= AGENT_DEPTH_MAX; i++) names[n++] = p->names[i];
    join_path(names, n, out, size);
}

/* path and reason may hold text of the file (libxml2's message quotes
 * names, cut at 200 bytes): made valid UTF-8 before they are shown. */
static int xfail(Err *e, const char *name, const char *path, long line, const char *reason)
{
    char p[INV_WHERE_MAX], r[400];
    utf8_sanitize(path, strlen(path), p, sizeof p);
    utf8_sanitize(reason, strlen(reason), r, sizeof r);
    return err_set(e, ERR_INPUT, _("%s, %s (line %ld): %s"), name, p, line, r);
}

/* The reason for libxml2's error, in the user's language. eof: the whole
 * file was handed to the parser. */
static const char *xreason(const XErr *x, int eof, char *buf, size_t size)
{
    int enc = x->code == XML_ERR_INVALID_CHAR || x->code == XML_ERR_INVALID_ENCODING ||
              x->code == XML_ERR_UNKNOWN_ENCODING || x->code == XML_ERR_UNSUPPORTED_ENCODING ||
              x->code == XML_I18N_CONV_FAILED || x->code == XML_IO_ENCODER;
    /* an error where the input ends, inside an element: the file was cut */
    if (eof && x->at_end && x->path[0] && !enc && x->code != XML_ERR_TAG_NAME_MISMATCH)
        return _("the file ends in the middle of the inventory (truncated?)");
    switch (x->code) {
    case XML_ERR_DOCUMENT_EMPTY:
        return _("the inventory is empty");
    case XML_ERR_INVALID_CHAR:
    case XML_ERR_INVALID_ENCODING:
        return _("text that is not UTF-8 and no encoding declared (or a character XML forbids)");
    case XML_ERR_UNKNOWN_ENCODING:
    case XML_ERR_UNSUPPORTED_ENCODING:
        return _("the file declares an encoding this program cannot read");
    case XML_I18N_CONV_FAILED:
    case XML_IO_ENCODER:
        return _("text that is not in the encoding the file declares");
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
    case XML_ERR_UNDECLARED_ENTITY:
    case XML_WAR_UNDECLARED_ENTITY:
        return _("an entity that is not declared (an agent writes &amp; &lt; &gt; only)");
    default:
        snprintf(buf, size, _("not well-formed XML (libxml2: %s)"), x->msg[0] ? x->msg : "?");
        return buf;
    }
}

/* libxml2's generic errors (the encoders', the I/O layer's) go to stderr
 * unless told otherwise: nothing here prints. */
static void xsilent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

static int parse(FILE *f, const char *name, const InvSink *sink, Err *e, XErr *xe);

int inv_parse_xml(FILE *f, const char *name, const InvSink *sink, Err *e)
{
    xmlInitParser();
    xmlGenericErrorFunc old_g = xmlGenericError;
    void *old_gc = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_s = xmlStructuredError;
    void *old_sc = xmlStructuredErrorContext;
    XErr xe;
    memset(&xe, 0, sizeof xe);
    xmlSetGenericErrorFunc(NULL, xsilent);
    xmlSetStructuredErrorFunc(&xe, xerr_keep);
    int rc = parse(f, name, sink, e, &xe);
    xmlSetGenericErrorFunc(old_gc, old_g);
    xmlSetStructuredErrorFunc(old_sc, old_s);
    return rc;
}

/* Copies an element name, cut on a whole character (a name may be in any
 * script: "<RÉSEAU>" of a converted ISO-8859 file). */
static void name_copy(char *dst, size_t size, const char *src)
{
    size_t n = strlen(src);
    if (n >= size) {
        n = size - 1;
        while (n && ((unsigned char)src[n] & 0xC0) == 0x80) n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* The line where the reader's node starts (the parser reads ahead). */
static long node_line(xmlTextReaderPtr r)
{
    xmlNodePtr n = xmlTextReaderCurrentNode(r);
    long l = n ? xmlGetLineNo(n) : -1;
    return l > 0 ? l : xmlTextReaderGetParserLineNumber(r);
}

static int parse(FILE *f, const char *name, const InvSink *sink, Err *e, XErr *xep)
{
    static XPath path;   /* 3 KB: static, the parser is not re-entered */
    static AgentDev a;
    static char val[1024];
    XIo io = { f, 0, 0 };
    XErr *xe = xep;
    path.depth = -1;
    xmlTextReaderPtr r = xmlReaderForIO(xio_read, NULL, &io, NULL, NULL,
                                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                                            XML_PARSE_NOCDATA | XML_PARSE_COMPACT);
    if (!r) return err_set(e, ERR_INTERNAL, _("%s: cannot start the XML reader"), name);
    xmlTextReaderSetStructuredErrorHandler(r, xerr_keep, xe);

    int rc = 0, ret;
    int req_depth = -1, content_depth = -1, nreq = 0, ncontent = 0, in_field = 0, root_line = 1;
    size_t vlen = 0;
    int keep_val = 0;
    char section[NAME_KEEP] = "", field[NAME_KEEP] = "", where[INV_WHERE_MAX], p[INV_WHERE_MAX];
    char reason[400];

    while ((ret = xmlTextReaderRead(r)) == 1) {
        int type = xmlTextReaderNodeType(r);
        int depth = xmlTextReaderDepth(r);
        long line = node_line(r);
        if (depth > AGENT_DEPTH_MAX) {
            xpath_str(&path, AGENT_DEPTH_MAX, p, sizeof p);
            snprintf(reason, sizeof reason, _("elements nested deeper than %d levels"), AGENT_DEPTH_MAX);
            rc = xfail(e, name, p, line, reason);
            break;
        }
        if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
            rc = xfail(e, name, "/", line, _("the file declares a DTD (<!DOCTYPE>), which no agent writes"));
            break;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            const char *n = (const char *)xmlTextReaderConstName(r);
            if (!n) n = "?";
            name_copy(path.names[depth], NAME_KEEP, n);
            path.depth = depth;
            if (depth == 0) root_line = (int)line;
            int empty = xmlTextReaderIsEmptyElement(r) == 1;
            if (content_depth < 0) {
                if (!strcmp(n, "REQUEST") && depth <= 1 && req_depth < 0) {
                    req_depth = depth;
                    nreq++;
                } else if (!strcmp(n, "CONTENT") && req_depth >= 0 && depth == req_depth + 1) {
                    content_depth = depth;
                    ncontent++;
                    agent_begin(&a);
                    if (req_depth == 0) snprintf(where, sizeof where, "REQUEST/CONTENT");
                    else snprintf(where, sizeof where, "%.60s/REQUEST[%d]/CONTENT", path.names[0], nreq);
                    if (empty) {
                        if (agent_end(&a, where, sink, e) < 0) { rc = -1; break; }
                        content_depth = -1;
                    }
                }
            } else if (depth == content_depth + 1) {
                name_copy(section, sizeof section, n);
                agent_item_begin(&a, section);
                if (empty) agent_item_end(&a);
            } else if (depth == content_depth + 2) {
                name_copy(field, sizeof field, n);
                in_field = 1;
                keep_val = agent_section(section) != AS_NONE;
                vlen = 0;
                val[0] = '\0';
                if (empty) {
                    if (keep_val) agent_value(&a, section, field, "");
                    in_field = 0;
                }
            }
            if (empty && depth == req_depth) req_depth = -1;
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (content_depth >= 0 && depth == content_depth + 2 && in_field) {
                if (keep_val) agent_value(&a, section, field, val);
                in_field = 0;
            } else if (content_depth >= 0 && depth == content_depth + 1) {
                agent_item_end(&a);
                section[0] = '\0';
            } else if (depth == content_depth) {
                content_depth = -1;
                if (agent_end(&a, where, sink, e) < 0) { rc = -1; break; }
            } else if (depth == req_depth) {
                req_depth = -1;
            }
            path.depth = depth - 1;
        } else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_CDATA ||
                   type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) {
            const char *t = (const char *)xmlTextReaderConstValue(r);
            size_t tl = t ? strlen(t) : 0;
            if (tl > INV_ROW_MAX) {
                xpath_str(&path, path.depth, p, sizeof p);
                snprintf(reason, sizeof reason, _("a text value longer than %d bytes"), INV_ROW_MAX);
                rc = xfail(e, name, p, line, reason);
                break;
            }
            if (in_field && keep_val && content_depth >= 0 && depth == content_depth + 3 && t) {
                size_t k = tl < sizeof val - 1 - vlen ? tl : sizeof val - 1 - vlen;
                memcpy(val + vlen, t, k);
                vlen += k;
                val[vlen] = '\0';
            }
        }
    }
    if (rc == 0 && ret < 0) {
        if (xe->path[0]) snprintf(p, sizeof p, "%s", xe->path);
        else xpath_str(&path, path.depth, p, sizeof p);   /* an encoder's error: where the reader is */
        if (io.io_error)
            rc = err_set(e, ERR_IO, _("%s: reading the inventory failed"), name);
        else
            rc = xfail(e, name, p, xe->line > 0 ? xe->line : xmlTextReaderGetParserLineNumber(r),
                       xreason(xe, io.eof, reason, sizeof reason));
    }
    if (rc == 0 && !ncontent) {
        xpath_str(&path, 0, p, sizeof p);
        rc = xfail(e, name, p, root_line,
                   _("no REQUEST/CONTENT: not a FusionInventory or OCS agent inventory"));
    }
    xmlFreeTextReader(r);
    return rc;
}
