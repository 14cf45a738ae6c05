/*
 * lot_import.c — the donor's inventory files announced into a lot, from the
 * lots screen (F7/i). One field takes a file or a folder; Enter reads it
 * without storing anything and shows what was understood (the format, how
 * many devices, their categories, specs, disks and batteries, the first
 * devices) and what was not (rows without serial, twice, in another lot);
 * F2 then stores it, one transaction per file (core/inventory/announce.h).
 * A path changed since the preview is previewed again before it is stored.
 *
 * State: the lot, the field, the last report and whether it was stored.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "core/inventory/announce.h"
#include "core/vocab/vocab.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/progress.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/path.h"
#include "util/units.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { REQ_PREVIEW = REQ_SCREEN, REQ_STORE };

typedef struct ImportScreen {
    Lot lot;
    FormField field;
    Form form;
    ImportReport *r;           /* the last preview or import, NULL before */
    char previewed[4096];      /* the path that report is of */
    int stored;                /* 1: the report is of an import done */
    char msg[1200];
    TermColor msg_color;
    WINDOW *win;               /* where progress is drawn during a long read */
    TuiProgress prog;          /* the read's progress (tui/progress.h) */
    char prog_file[4096];      /* the file it is of */
    int storing;               /* 1: the read running stores */
} ImportScreen;

/* Progress of the read on the body's last two rows; Esc stops it. */
static int progress(void *arg, const char *file, int64_t done, int64_t total)
{
    ImportScreen *t = arg;
    if (!t->prog.label[0] || strcmp(t->prog_file, file) != 0) {
        const char *base = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
        char label[300];
        snprintf(label, sizeof label, t->storing ? _("Importing %s") : _("Reading %s"), base);
        if (t->prog_file[0]) progress_start(&t->prog.m, progress_now_ms());   /* the next file of a folder */
        snprintf(t->prog_file, sizeof t->prog_file, "%s", file);
        snprintf(t->prog.label, sizeof t->prog.label, "%s", label);
    }
    return tui_progress_step(&t->prog, done, total);
}

static int run_import(ImportScreen *t, int store)
{
    char typed[4096], path[4096];
    form_text(&t->form, 0, typed, sizeof typed);
    path_expand(typed, path, sizeof path);
    if (!path[0]) return TUI_REDRAW;
    /* nothing is stored that was not seen first */
    if (store && (strcmp(path, t->previewed) != 0 || !t->r || t->stored)) store = 0;
    if (!t->r && !(t->r = malloc(sizeof *t->r))) {
        screen_flash(CLR_ERROR, "%s", _("Out of memory."));
        return TUI_REDRAW;
    }
    Err e = { 0 };
    const char *paths[1] = { path };
    t->storing = store;
    t->prog_file[0] = '\0';
    tui_progress_begin(&t->prog, t->win, t->win ? getmaxy(t->win) - 2 : 0, "", 1);
    t->prog.bytes = 1;
    t->prog.label[0] = '\0';
    int rc = announce_import(app_ctx(), t->lot.id, paths, 1, !store, progress, t, t->r, &e);
    snprintf(t->previewed, sizeof t->previewed, "%s", path);
    t->stored = store && rc == 0;
    if (rc < 0 && t->r->cancelled) {
        /* the file being read was rolled back whole; those before it stay */
        if (!store)
            snprintf(t->msg, sizeof t->msg, "%s", _("Preview stopped: nothing was stored."));
        else if (t->r->files == 0)
            snprintf(t->msg, sizeof t->msg, "%s", _("Import stopped: nothing was stored."));
        else
            snprintf(t->msg, sizeof t->msg,
                     ngettext("Import stopped: %d file was stored whole; nothing of the file being read was kept.",
                              "Import stopped: %d files were stored whole; nothing of the file being read was kept.",
                              (unsigned long)t->r->files), t->r->files);
        t->msg_color = CLR_WARN;
        t->stored = 0;
        t->previewed[0] = '\0';
        return TUI_REDRAW;
    }
    if (rc < 0) {
        snprintf(t->msg, sizeof t->msg, "%s", e.msg);
        t->msg_color = CLR_ERROR;
        if (store && t->r->files == 0) t->stored = 0;
        if (!store) t->previewed[0] = '\0';   /* a refused file is never stored */
        return TUI_REDRAW;
    }
    if (store && t->r->added + t->r->updated == 0) {
        snprintf(t->msg, sizeof t->msg, _("Nothing new: every device of these files was already announced in lot %s."),
                 t->lot.id);
        t->msg_color = CLR_DIM;
    } else if (store) {
        int64_t n = t->r->added + t->r->updated;
        snprintf(t->msg, sizeof t->msg,
                 ngettext("%lld device announced in lot %s. Scanning its serial or its tag at intake brings its record.",
                          "%lld devices announced in lot %s. Scanning a serial or a tag at intake brings its record.",
                          (unsigned long)n), (long long)n, t->lot.id);
        t->msg_color = CLR_OK;
    } else {
        char key[32];
        snprintf(t->msg, sizeof t->msg, _("Preview: nothing is stored yet. %s stores it."),
                 action_key_name(scr_lot_import_actions, REQ_STORE, key, sizeof key));
        t->msg_color = CLR_DIM;
    }
    return TUI_REDRAW;
}

/* "312 read: 300 new, 10 updated, 2 already announced" and the rest, one line each. */
static int draw_report(WINDOW *w, int y, int rows, int cols, const ImportScreen *t)
{
    const ImportReport *r = t->r;
    char buf[1024];
    if (y >= rows) return y;
    wattrset(w, A_BOLD);
    snprintf(buf, sizeof buf, ngettext("%s, %d file", "%s, %d files", (unsigned long)r->files),
             r->mixed ? _("several formats") : inv_format_label(r->format), r->files);
    draw_text(w, y++, 2, buf, cols - 4, 0);
    wattrset(w, A_NORMAL);
    snprintf(buf, sizeof buf, ngettext("%lld device read", "%lld devices read", (unsigned long)r->devices),
             (long long)r->devices);
    size_t o = strlen(buf);
    snprintf(buf + o, sizeof buf - o, t->stored ? _(": %lld announced, %lld updated, %lld already announced")
                                                : _(": %lld new, %lld updated, %lld already announced"),
             (long long)r->added, (long long)r->updated, (long long)r->unchanged);
    if (y < rows) draw_text(w, y++, 2, buf, cols - 4, 0);
    buf[0] = '\0';
    for (int i = 0; i < CATEGORY_COUNT; i++) {
        if (!r->by_category[i]) continue;
        o = strlen(buf);
        snprintf(buf + o, sizeof buf - o, "%s%lld %s", o ? ", " : "", (long long)r->by_category[i], category_label(i));
    }
    if (buf[0] && y < rows) {
        char line[1100];
        snprintf(line, sizeof line, _("Categories: %s"), buf);
        draw_text(w, y++, 2, line, cols - 4, 0);
    }
    snprintf(buf, sizeof buf, _("With RAM or CPU: %lld · with a battery: %lld"), (long long)r->with_specs,
             (long long)r->battery);
    if (y < rows) draw_text(w, y++, 2, buf, cols - 4, 0);
    snprintf(buf, sizeof buf, _("Disks to wipe: %lld · not disks (card readers, USB bridges…): %lld"),
             (long long)r->disks, (long long)r->disks_skipped);
    if (y < rows) draw_text(w, y++, 2, buf, cols - 4, 0);
    int shown = 0;
    for (int i = 0; i < r->nsample && y < rows - 2 - (r->nnotes ? 2 : 0); i++, shown++) {
        const InvDevice *d = &r->sample[i];
        char ram[32] = "";
        if (d->ram_mb) units_ram_mb(d->ram_mb, ram, sizeof ram);
        snprintf(buf, sizeof buf, "%-16s %s%s%s%s%s", d->serial[0] ? d->serial : d->tag, d->make, d->make[0] ? " " : "",
                 d->model, ram[0] ? " · " : "", ram);
        if (d->ndisks) {
            o = strlen(buf);
            snprintf(buf + o, sizeof buf - o, " · ");
            o = strlen(buf);
            snprintf(buf + o, sizeof buf - o, ngettext("%d disk", "%d disks", (unsigned long)d->ndisks), d->ndisks);
        }
        wattrset(w, term_attr(CLR_DIM));
        draw_text_cut(w, y++, 4, buf, cols - 6, 0);
        wattrset(w, A_NORMAL);
    }
    if (r->devices > shown && shown > 0 && y < rows) {
        snprintf(buf, sizeof buf, ngettext("… and %lld other device", "… and %lld other devices",
                                           (unsigned long)(r->devices - shown)), (long long)(r->devices - shown));
        wattrset(w, term_attr(CLR_DIM));
        draw_text_cut(w, y++, 4, buf, cols - 6, 0);
        wattrset(w, A_NORMAL);
    }
    if (r->nnotes && y < rows) {
        wattrset(w, term_attr(CLR_WARN));
        snprintf(buf, sizeof buf, ngettext("%lld row not used or noted:", "%lld rows not used or noted:",
                                           (unsigned long)r->nnotes), (long long)r->nnotes);
        draw_text(w, y++, 2, buf, cols - 4, 0);
        int64_t i = 0;
        for (; i < r->nnotes && i < IMPORT_NOTES && y < rows - (r->nnotes - i > 1 ? 1 : 0); i++) {
            if (r->notes[i].where[0])
                snprintf(buf, sizeof buf, _("%s, %s: %s"), r->notes[i].file, r->notes[i].where, r->notes[i].msg);
            else snprintf(buf, sizeof buf, _("%s: %s"), r->notes[i].file, r->notes[i].msg);
            y += draw_wrap(w, y, 4, cols - 6, rows - y < 2 ? rows - y : 2, buf);
        }
        if (i < r->nnotes && y < rows) {
            snprintf(buf, sizeof buf, ngettext("… and %lld other note", "… and %lld other notes",
                                               (unsigned long)(r->nnotes - i)), (long long)(r->nnotes - i));
            draw_text_cut(w, y++, 4, buf, cols - 6, 0);
        }
        wattrset(w, A_NORMAL);
    }
    return y;
}

static void import_draw(Screen *s, WINDOW *w, int full)
{
    ImportScreen *t = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    t->win = w;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, _("Announce lot %s · %s"), t->lot.id, t->lot.donor);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    wattrset(w, A_NORMAL);
    form_draw(&t->form, w, 2, 1);
    int y = 4;
    if (!t->r || (!t->previewed[0] && t->msg_color != CLR_ERROR)) {
        wattrset(w, term_attr(CLR_DIM));
        int used = draw_wrap(w, y, 2, cols - 4, 6,
                  _("A file or a folder of the donor's inventory: GLPI's CSV export of computers, eReuse DeviceHub's "
                    "spreadsheet, FusionInventory or OCS agent XML, GLPI agent JSON, or boucle's CSV template "
                    "(doc/inventories.md). Enter shows what is understood; nothing is stored before F2."));
        wattrset(w, A_NORMAL);
        if (t->msg[0]) y += used + 1;   /* a stopped import's message, below */
    } else if (t->previewed[0]) {
        y = draw_report(w, y, rows - 3, cols, t);   /* two rows left for the message */
    }
    if (t->msg[0]) {
        wattrset(w, term_attr(t->msg_color));
        draw_wrap(w, y < rows - 2 ? y : rows - 2, 2, cols - 4, rows - 1 - (y < rows - 2 ? y : rows - 2), t->msg);
        wattrset(w, A_NORMAL);
    }
}

static int import_handle(Screen *s, Key k)
{
    ImportScreen *t = s->state;
    int r = form_handle(&t->form, k);
    if (r & FORM_SUBMIT) return run_import(t, 0);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

static int import_run(Screen *s, int req)
{
    ImportScreen *t = s->state;
    if (!(form_submit(&t->form) & FORM_SUBMIT)) return TUI_REDRAW;
    return run_import(t, req == REQ_STORE);
}

/* A path pasted into the terminal arrives as fast as a scan: it is text for
 * the field, not a device to look up. */
static int import_scan(Screen *s, const char *text)
{
    ImportScreen *t = s->state;
    char cur[4096], joined[8192];
    form_text(&t->form, 0, cur, sizeof cur);
    snprintf(joined, sizeof joined, "%s%s", cur, text);
    form_set_text(&t->form, 0, joined);
    return TUI_REDRAW;
}

static void import_leave(Screen *s)
{
    ImportScreen *t = s->state;
    free(t->r);
    free(t);
}

const Action scr_lot_import_actions[] = {
    { REQ_PREVIEW, { K_ENTER }, N_("Preview"), N_("Read the file and show what is understood, storing nothing"), import_run },
    { REQ_STORE, { K_F(2), K_CTRL('w') }, N_("Store"), N_("Store the announcement just previewed into the lot"), import_run },
    { 0 }
};

void scr_lot_import_open(const char *lot_id)
{
    static const Screen tmpl = {
        .name = "lot_import", .title = N_("Announce"), .actions = scr_lot_import_actions,
        .leave = import_leave, .draw = import_draw, .handle = import_handle, .on_scan = import_scan,
    };
    Lot lot;
    Err e = { 0 };
    int g = lot_get(app_ctx(), lot_id, &lot, &e);
    if (g <= 0) { screen_flash(CLR_ERROR, "%s", g < 0 ? e.msg : lot_id); return; }
    if (strcmp(lot.workshop, app_ctx()->workshop) != 0) {
        screen_flash(CLR_WARN, _("Lot %s belongs to workshop %s: only its workshop announces its devices."),
                     lot.id, lot.workshop);
        return;
    }
    ImportScreen *t = calloc(1, sizeof *t);
    if (!t) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    t->lot = lot;
    t->field = (FormField){ .kind = FIELD_TEXT, .label = N_("File or folder"), .width = 56, .required = 1 };
    form_init(&t->form, &t->field, 1, NULL);
    char dir[2048], path[2100];
    path_documents_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/", dir);
    form_set_text(&t->form, 0, path);
    if (screen_push(&tmpl, t) < 0) free(t);
    if (!app_ctx()->operator[0]) scr_operator_open();
}
