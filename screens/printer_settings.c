/*
 * printer_settings.c — a label printer, from the print screen (F3): what
 * `[printer] NAME = tcp://HOST:9100 template=T dpi=N` and `[label]
 * printers = …` hold in the configuration (doc/labels.md), for those who
 * never edit it by hand.
 *
 * Opens on the printer chosen in the print screen, or empty for a new one.
 * The address is checked by core printer_parse() before anything is
 * written; a new printer joins label.printers, and becomes label.printer
 * (the default) when there was none.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/label_screens.h"
#include "core/settings/config.h"
#include "core/label/label.h"
#include "core/label/print.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { F_NAME, F_ADDRESS, F_TEMPLATE, F_DPI, F_N };
#define TEMPLATES_MAX 16

static const char *const DPI_KEYS[] = { "", "203", "300", "600" };
static const char *const DPI_LABELS[] = { N_("the template's"), N_("203 dpi"), N_("300 dpi"), N_("600 dpi"), NULL };

typedef struct PrinterSettings {
    FormField fields[F_N];
    Form form;
    const char *templates[TEMPLATES_MAX + 2];  /* the default, the built-in ones, NULL */
} PrinterSettings;

static const char *check_name(const char *v, void *ctx)
{
    (void)ctx;
    if (strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(v) || strlen(v) > 32)
        return _("Letters, digits, - and _ only (32 at most).");
    return NULL;
}

static void ps_draw(Screen *s, WINDOW *w, int full)
{
    PrinterSettings *p = s->state;
    int cols = getmaxx(w);
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    draw_text(w, 1, 2, _("A label printer"), cols - 4, 0);
    wattrset(w, A_NORMAL);
    form_draw(&p->form, w, 3, 2);
    wattrset(w, term_attr(CLR_DIM));
    draw_wrap(w, 3 + 2 * F_N, 2, cols - 4, 4,
              _("Address: tcp://HOST:9100 for a network label printer (ZPL), cups:QUEUE for a CUPS printer "
                "(PDF), cups-raw:QUEUE to send ZPL through CUPS. Left/Right choose the template and the "
                "resolution. Enter saves."));
    wattrset(w, A_NORMAL);
}

/* Saves the printer (added to label.printers when new) and closes. */
static int ps_save(PrinterSettings *p)
{
    char name[FORM_TEXT_MAX * 4 + 1], address[FORM_TEXT_MAX * 4 + 1], spec[1200], key[128];
    form_text(&p->form, F_NAME, name, sizeof name);
    form_text(&p->form, F_ADDRESS, address, sizeof address);
    const char *tpl = p->fields[F_TEMPLATE].choice ? p->templates[p->fields[F_TEMPLATE].choice] : "";
    const char *dpi = DPI_KEYS[p->fields[F_DPI].choice];
    snprintf(spec, sizeof spec, "%s%s%s%s%s", address, tpl[0] ? " template=" : "", tpl, dpi[0] ? " dpi=" : "", dpi);
    Printer pr;
    Err e = { 0 };
    if (strchr(address, ' ') || printer_parse(name, spec, &pr, &e) < 0) {
        screen_flash(CLR_ERROR, "%s", e.msg[0] ? e.msg : _("An address has no spaces."));
        return TUI_REDRAW;
    }
    snprintf(key, sizeof key, "printer.%s", name);
    /* label.printers as it stands, the name added when new (the list is
     * kept whole, however many printers it names) */
    char list[1100] = "", dflt[64];
    if (config_get(NULL, "label.printers", list, sizeof list, NULL) < 0) list[0] = '\0';
    int known = 0;
    char copy[sizeof list], *save = NULL;
    snprintf(copy, sizeof copy, "%s", list);
    for (char *t = strtok_r(copy, " ,\t", &save); t && !known; t = strtok_r(NULL, " ,\t", &save))
        known = !strcmp(t, name);
    size_t l = strlen(list);
    if (!known) snprintf(list + l, sizeof list - l, "%s%s", l ? " " : "", name);
    int has_default = config_get(NULL, "label.printer", dflt, sizeof dflt, NULL) == 1 && dflt[0];
    if (config_set(NULL, key, spec, &e) < 0 || config_set(NULL, "label.printers", list, &e) < 0
        || (!has_default && config_set(NULL, "label.printer", name, &e) < 0)) {
        screen_flash(CLR_ERROR, "%s", e.msg);
        return TUI_REDRAW;
    }
    screen_pop();
    screen_flash(CLR_OK, _("Printer %s saved."), name);
    return TUI_REDRAW;
}

static int ps_handle(Screen *s, Key k)
{
    PrinterSettings *p = s->state;
    int r = form_handle(&p->form, k);
    if (r & FORM_SUBMIT) return ps_save(p);
    return r ? TUI_REDRAW : TUI_UNHANDLED;
}

enum { REQ_SAVE = REQ_SCREEN };

static int ps_run(Screen *s, int req)
{
    PrinterSettings *p = s->state;
    (void)req;
    return form_submit(&p->form) & FORM_SUBMIT ? ps_save(p) : TUI_REDRAW;
}

static void ps_leave(Screen *s) { free(s->state); }

const Action scr_printer_settings_actions[] = {
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Save"), N_("Save the printer"), ps_run },
    { 0 }
};

void scr_printer_settings_open(const char *name)
{
    static const Screen tmpl = {
        .name = "printer_settings", .title = N_("Label printer"), .actions = scr_printer_settings_actions,
        .leave = ps_leave, .draw = ps_draw, .handle = ps_handle,
    };
    PrinterSettings *p = calloc(1, sizeof *p);
    if (!p) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return; }
    int nt = 0;
    p->templates[nt++] = N_("the default one");
    for (int i = 0; nt <= TEMPLATES_MAX && label_template_builtin_name(i); i++)
        p->templates[nt++] = label_template_builtin_name(i);
    p->templates[nt] = NULL;
    p->fields[F_NAME] = (FormField){ .kind = FIELD_TEXT, .label = N_("Name"), .width = 20, .required = 1,
                                     .validate = check_name };
    p->fields[F_ADDRESS] = (FormField){ .kind = FIELD_TEXT, .label = N_("Address"), .width = 40, .required = 1 };
    p->fields[F_TEMPLATE] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Template"), .width = 20,
                                         .choices = p->templates };
    p->fields[F_DPI] = (FormField){ .kind = FIELD_CHOICE, .label = N_("Resolution"), .width = 20, .choices = DPI_LABELS };
    form_init(&p->form, p->fields, F_N, NULL);
    Printer pr;
    if (name && *name && printer_lookup(NULL, name, &pr, NULL) == 0) {
        form_set_text(&p->form, F_NAME, name);
        form_set_text(&p->form, F_ADDRESS, pr.uri);
        for (int i = 1; p->templates[i]; i++)
            if (!strcmp(p->templates[i], pr.template_name)) p->fields[F_TEMPLATE].choice = i;
        char d[16];
        snprintf(d, sizeof d, "%d", pr.dpi);
        for (int i = 1; i < 4; i++)
            if (!strcmp(DPI_KEYS[i], d)) p->fields[F_DPI].choice = i;
        form_focus(&p->form, F_ADDRESS);
    }
    if (screen_push(&tmpl, p) < 0) free(p);
}
