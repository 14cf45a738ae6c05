/*
 * label_device.c — see label_device.h.
 */
#include "core/label/label_device.h"
#include "core/grading/claim.h"
#include "core/log/verify.h"
#include "core/settings/config.h"
#include "core/grading/grading.h"
#include "core/stock/lot.h"
#include "core/wipe/media.h"
#include "core/scan/scan.h"
#include "core/stock/specs.h"
#include "util/i18n.h"
#include "util/units.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

int label_facts(Ctx *c, const Device *dev, LabelFacts *f, Err *e)
{
    memset(f, 0, sizeof *f);
    /* the wipe status and the claim a label states come from verified
     * records only (core/log/verify.h) */
    ChainReport vr;
    const char *ids[1] = { dev->id };
    if (verify_for_document(c, ids, 1, &vr, e) < 0) {
        /* the reason alone: a status line has two lines for it */
        if (e && e->code == ERR_INPUT) err_set(e, ERR_INPUT, _("Label refused: %s"), vr.reason);
        return -1;
    }
    f->dev = *dev;
    snprintf(f->category, sizeof f->category, "%s", category_label(dev->category));
    DeviceSpecs sp;
    if (specs_get(c, dev->id, &sp, e) < 0) return -1;
    if (sp.ram_mb > 0) units_ram_mb(sp.ram_mb, f->ram, sizeof f->ram);
    MediaList ml = { 0 };
    if (media_list(c, dev->id, &ml, e) < 0) return -1;
    size_t erased = 0, sized = 0;
    int64_t total = 0;
    for (size_t i = 0; i < ml.n; i++) {
        if (ml.items[i].erased) erased++;
        if (ml.items[i].bytes > 0) { total += ml.items[i].bytes; sized++; }
        if (i >= 2) continue;   /* two drives say enough on a label */
        char one[48] = "";
        if (ml.items[i].bytes > 0) units_bytes(ml.items[i].bytes, one, sizeof one);
        if (strcmp(ml.items[i].type, "other") != 0) {
            size_t l = strlen(one);
            snprintf(one + l, sizeof one - l, "%s%s", l ? " " : "", media_type_label(ml.items[i].type));
        }
        size_t l = strlen(f->storage);
        if (one[0]) snprintf(f->storage + l, sizeof f->storage - l, "%s%s", l ? " + " : "", one);
    }
    /* what the label falls back to when the specs line does not fit: the
     * size alone ("256 GB" for "256 GB NVMe"), the sum of several disks */
    if (sized > 0) units_bytes(total, f->storage_short, sizeof f->storage_short);
    if (ml.n > 2 && sized > 0) {
        /* three disks or more: their sum, the list would not fit */
        char sum[32];
        units_bytes(total, sum, sizeof sum);
        snprintf(f->storage, sizeof f->storage, ngettext("%s on %zu disk", "%s on %zu disks", ml.n), sum, ml.n);
    } else if (ml.n == 0 && sp.storage_gb > 0) {
        units_storage_gb(sp.storage_gb, f->storage, sizeof f->storage);
    }
    if (ml.n == 0)
        f->wipe[0] = '\0';
    else if (erased == ml.n)
        snprintf(f->wipe, sizeof f->wipe, "%s", _("data wiped"));
    else if (erased == 0)
        snprintf(f->wipe, sizeof f->wipe, "%s", _("not wiped"));
    else
        snprintf(f->wipe, sizeof f->wipe, ngettext("%zu disk wiped of %zu", "%zu disks wiped of %zu", (unsigned long)erased), erased,
                 ml.n);
    media_list_free(&ml);
    Claim cl;
    if (device_claim(c, dev, &cl, e) < 0) return -1;
    snprintf(f->claim, sizeof f->claim, "%s", claim_label(&cl));
    snprintf(f->workshop, sizeof f->workshop, "%s", c->workshop_name);
    f->d = (LabelData){
        .asset_id = f->dev.id, .category = f->category, .make = f->dev.make, .model = f->dev.model,
        .grade = f->dev.grade, .ram = f->ram, .storage = f->storage, .storage_short = f->storage_short, .wipe = f->wipe, .claim = f->claim,
        .workshop = f->workshop, .serial = f->dev.serial,
    };
    return 0;
}

int label_ids_add(LabelIds *ids, const char *id)
{
    for (int i = 0; i < ids->n; i++)
        if (strcasecmp(ids->id[i], id) == 0) return 0;
    if (ids->n == ids->cap) {
        int cap = ids->cap ? ids->cap * 2 : 64;
        void *nv = realloc(ids->id, (size_t)cap * sizeof *ids->id);
        if (!nv) return -1;
        ids->id = nv;
        ids->cap = cap;
    }
    snprintf(ids->id[ids->n++], DEVICE_ID_MAX, "%s", id);
    return 0;
}

void label_ids_free(LabelIds *ids)
{
    free(ids->id);
    memset(ids, 0, sizeof *ids);
}

/* Adds every device of a page query, all pages. */
static int add_query(Ctx *c, const DeviceQuery *q, LabelIds *out, int (*keep)(const Device *), Err *e)
{
    DeviceRow rows[200];
    int64_t anchor = INT64_MAX;
    for (;;) {
        int n = device_page(c, q, anchor, 1, 200, rows, e);
        if (n < 0) return -1;
        /* pages are newest first: labels come out in the order of intake */
        for (int i = 0; i < n; i++)
            if ((!keep || keep(&rows[i].d)) && label_ids_add(out, rows[i].d.id) < 0)
                return err_set(e, ERR_INTERNAL, _("out of memory"));
        if (n < 200) break;
        anchor = rows[n - 1].n;
    }
    return 0;
}

static int cmp_ids(const void *a, const void *b) { return strcmp((const char *)a, (const char *)b); }

int label_ids_resolve(Ctx *c, const char *const *keys, int nkeys, LabelIds *out, Err *e)
{
    memset(out, 0, sizeof *out);
    for (int k = 0; k < nkeys; k++) {
        Lot lot;
        int r = lot_get(c, keys[k], &lot, e);
        if (r < 0) goto fail;
        if (r == 1) {
            LabelIds lotids = { 0 };
            DeviceQuery q = { .lot = lot.id, .owner = c->workshop };   /* not those it gave away */
            if (add_query(c, &q, &lotids, NULL, e) < 0) { label_ids_free(&lotids); goto fail; }
            if (lotids.n > 1) qsort(lotids.id, (size_t)lotids.n, sizeof *lotids.id, cmp_ids);   /* none: id is NULL */
            for (int i = 0; i < lotids.n; i++) label_ids_add(out, lotids.id[i]);
            label_ids_free(&lotids);
            continue;
        }
        Device d;
        r = scan_resolve(c, keys[k], &d, e);
        if (r < 0) goto fail;
        if (r == 0) {
            err_set(e, ERR_NOTFOUND, _("no device or lot matches “%s”"), keys[k]);
            goto fail;
        }
        if (label_ids_add(out, d.id) < 0) { err_set(e, ERR_INTERNAL, _("out of memory")); goto fail; }
    }
    return 0;
fail:
    label_ids_free(out);
    return -1;
}

static const char SQL_READY_TODAY[] =
    "SELECT DISTINCT e.device FROM events e JOIN devices d ON d.id = e.device "
    "WHERE e.kind = 'device.state' AND json_extract(e.payload, '$.state') = 'ready' AND d.state = 'ready' "
    "AND e.hlc >= ?1 AND d.workshop = ?2 ORDER BY e.device";

int label_ids_ready_today(Ctx *c, LabelIds *out, Err *e)
{
    memset(out, 0, sizeof *out);
    time_t now = time(NULL);
    int64_t midnight_ms = ((int64_t)now - (int64_t)now % 86400) * 1000;
    sqlite3_stmt *st = db_stmt(c->db, SQL_READY_TODAY, e);
    if (!st) return -1;
    sqlite3_bind_int64(st, 1, (int64_t)hlc_make(midnight_ms, 0));
    sqlite3_bind_text(st, 2, c->workshop, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW)
        label_ids_add(out, (const char *)sqlite3_column_text(st, 0));
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) { label_ids_free(out); return db_error(c->db, e); }
    return 0;
}

void label_settings_load(const char *config_path, LabelSettings *s)
{
    char v[256];
    if (!s->template_name[0] && config_get(config_path, "label.template", v, sizeof v, NULL) == 1)
        snprintf(s->template_name, sizeof s->template_name, "%s", v);
    if (!s->url[0] && config_get(config_path, "label.url", v, sizeof v, NULL) == 1)
        snprintf(s->url, sizeof s->url, "%s", v);
    if (s->code128 < 0) {
        s->code128 = config_get(config_path, "label.serial_barcode", v, sizeof v, NULL) == 1 &&
                     (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
                      strcasecmp(v, "oui") == 0);
    }
}

/* Lays out the label of device id on t. 0, or -1 with e. */
static int build_one(Ctx *c, const char *id, const LabelTemplate *t, const LabelOptions *o, Label *out, Err *e)
{
    Device d;
    int r = device_get(c, id, &d, e);
    if (r == 0) r = err_set(e, ERR_NOTFOUND, _("no device %s"), id);
    LabelFacts facts;
    if (r < 0 || label_facts(c, &d, &facts, e) < 0 || label_build(&facts.d, t, o, out, e) < 0) return -1;
    return 0;
}

int label_preview(Ctx *c, const char *id, const LabelSettings *s, FILE *out, Err *e)
{
    LabelTemplate t;
    if (label_template_find(s->template_name, &t, e) < 0) return -1;
    if (s->dpi > 0) t.dpi = s->dpi;
    LabelOptions o = { s->url[0] ? s->url : NULL, s->code128 > 0 };
    Label l;
    if (build_one(c, id, &t, &o, &l, e) < 0) return -1;
    int rc = label_write_text(&l, LABEL_PREVIEW_QUIET, out, e);
    label_free(&l);
    return rc;
}

int label_render_ids(Ctx *c, const LabelIds *ids, const LabelSettings *s, LabelFormat f, FILE *out,
                     LabelProgress progress, void *arg, Err *e)
{
    LabelTemplate t;
    if (label_template_find(s->template_name, &t, e) < 0) return -1;
    if (s->dpi > 0) t.dpi = s->dpi;
    LabelOptions o = { s->url[0] ? s->url : NULL, s->code128 > 0 };
    if (ids->n > 1 && !label_format_multi(f))
        return err_set(e, ERR_INPUT, _("a %s file holds one label; write one file per device"), label_format_key(f));
    /* ZPL and text stream label by label; a PDF needs them all at once */
    int batch = f == LABEL_FMT_PDF ? ids->n : 1;
    Label *ls = calloc((size_t)(batch ? batch : 1), sizeof *ls);
    if (!ls) return err_set(e, ERR_INTERNAL, _("out of memory"));
    int built = 0, rc = 0;
    for (int i = 0; i < ids->n && rc == 0; i++) {
        if (build_one(c, ids->id[i], &t, &o, &ls[built], e) < 0) {
            rc = -1;
            break;
        }
        built++;
        if (batch == 1) {
            if (f == LABEL_FMT_TXT && i > 0) fputc('\n', out);
            rc = label_write(ls, 1, f, out, e);
            label_free(&ls[0]);
            built = 0;
        }
        if (progress) progress(arg, i + 1, ids->n);
    }
    if (rc == 0 && built > 0) rc = label_write(ls, built, f, out, e);
    for (int i = 0; i < built; i++) label_free(&ls[i]);
    free(ls);
    return rc;
}

int64_t label_print_ids(Ctx *c, const Printer *p, const LabelIds *ids, const LabelSettings *s, int reprint,
                        int *skipped, LabelProgress progress, void *arg, Err *e)
{
    const char **keep = malloc((size_t)(ids->n ? ids->n : 1) * sizeof *keep);
    const char **all = malloc((size_t)(ids->n ? ids->n : 1) * sizeof *all);
    if (!keep || !all) { free(keep); free(all); return err_set(e, ERR_INTERNAL, _("out of memory")); }
    for (int i = 0; i < ids->n; i++) all[i] = ids->id[i];
    int n = print_filter(c, all, ids->n, reprint, keep, e);
    int64_t job = -1;
    if (n < 0) goto out;
    *skipped = ids->n - n;
    if (n == 0) { job = 0; goto out; }
    LabelIds todo = { 0 };
    for (int i = 0; i < n; i++) label_ids_add(&todo, keep[i]);
    LabelSettings ps = *s;
    if (!ps.template_name[0]) snprintf(ps.template_name, sizeof ps.template_name, "%s", p->template_name);
    if (!ps.dpi) ps.dpi = p->dpi;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem) { label_ids_free(&todo); err_set(e, ERR_INTERNAL, _("out of memory")); goto out; }
    int rc = label_render_ids(c, &todo, &ps, printer_format(p), mem, progress, arg, e);
    fclose(mem);
    if (rc == 0) job = print_enqueue(c, p, keep, n, buf, len, reprint, e);
    free(buf);
    label_ids_free(&todo);
out:
    free(keep);
    free(all);
    return job;
}
