/*
 * grade.c — grading a device: walk the checklist of its category with one
 * key per answer, then the cosmetic grade, the outcome and an optional note.
 *
 *   tests     p/o pass, f/n fail, s skip; a percentage: digits then Enter
 *             (Enter alone takes the battery health read from this machine
 *             when boucle runs on the device itself); a choice: its number;
 *             Up/Down move; a (or F3): every test not answered yet passes
 *             (grade_all_pass), then straight to the grade — unless a
 *             measure has no reading: the cursor waits on it
 *   grade     A B C D
 *   outcome   1 reuse, 2 refurbish, 3 parts, 4 recycle
 *   note      type a note if wanted (tui/form's line editor), Enter (or
 *             F2) saves; Up goes back to the outcome
 * Every key is an action of the table below, so F1 lists them all; the bar
 * shows the ones of the current phase (the labels of the others are blanked
 * in the screen's own copy of the table). Esc with answers given asks before
 * throwing them away.
 * A full laptop walk is 16 keys with the default profile; all-pass 4 when
 * the battery is read, 7 when its health is typed (a 8 5 Enter A 1 Enter).
 * Saving writes a device.grade event (core/grading/grading.c) and shows the claim.
 */
#include "screens/screens.h"
#include "screens/registry.h"
#include "screens/grade.h"
#include "core/settings/config.h"
#include "core/grading/grading.h"
#include "tui/dialog.h"
#include "tui/draw.h"
#include "tui/form.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include "util/utf8.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
enum { PH_TESTS, PH_COSMETIC, PH_OUTCOME, PH_CONFIRM };

enum {
    REQ_PASS = REQ_SCREEN, REQ_FAIL, REQ_SKIP, REQ_ALL_PASS,
    REQ_GRADE_A, REQ_GRADE_B, REQ_GRADE_C, REQ_GRADE_D,
    REQ_OUT_1, REQ_OUT_2, REQ_OUT_3, REQ_OUT_4,
    REQ_SAVE, REQ_PREV, REQ_NEXT
};

#define GRADE_ACTIONS 20

typedef struct Grade {
    Device d;
    Profile prof;
    const ProfileCategory *cat;
    char (*ans)[PROFILE_ID_MAX];   /* one answer per test, "" = none */
    int cur, phase;
    char num[4];                   /* digits typed for a percentage */
    int battery;                   /* this machine's battery health when it is the device, else -1 */
    char cosmetic[2];
    int outcome;
    Form form;                     /* the note line */
    FormField note;
    Action acts[GRADE_ACTIONS];    /* the table, labels of other phases blanked */
    char err[1024];
} Grade;

static int grade_run(Screen *s, int req);

/* Every key of the screen; which phase shows each in the bar is bar_phase(). */
const Action scr_grade_actions[] = {
    { REQ_PASS, { 'p', 'o' }, N_("Pass"), N_("The test passed"), grade_run },
    { REQ_FAIL, { 'f', 'n' }, N_("Fail"), N_("The test failed"), grade_run },
    { REQ_SKIP, { 's' }, N_("Skip"), N_("The test was not done (does not count as passed)"), grade_run },
    { REQ_ALL_PASS, { 'a', K_F(3) }, N_("All pass"),
      N_("Every unanswered test passes; a measure waits for its value"), grade_run },
    { REQ_GRADE_A, { 'A' }, N_("Excellent"), N_("Cosmetic grade A: excellent, barely visible marks"), grade_run },
    { REQ_GRADE_B, { 'B', 'b' }, N_("Good"), N_("Cosmetic grade B: good, light marks"), grade_run },
    { REQ_GRADE_C, { 'C', 'c' }, N_("Fair"), N_("Cosmetic grade C: fair, visible wear"), grade_run },
    { REQ_GRADE_D, { 'D', 'd' }, N_("Worn"), N_("Cosmetic grade D: worn, heavy wear"), grade_run },
    { REQ_OUT_1, { '1' }, N_("Reuse"), N_("Outcome: reuse as is (a choice test: its option 1)"), grade_run },
    { REQ_OUT_2, { '2' }, N_("Refurbish"), N_("Outcome: refurbish, needs a part (a choice test: option 2)"), grade_run },
    { REQ_OUT_3, { '3' }, N_("Parts"), N_("Outcome: parts (a choice test: option 3)"), grade_run },
    { REQ_OUT_4, { '4' }, N_("Recycle"), N_("Outcome: recycle (a choice test: option 4)"), grade_run },
    { REQ_SAVE, { K_ENTER, K_F(2) }, N_("Save"),
      N_("Save (on the note line); Enter also confirms a percentage"), grade_run },
    { REQ_PREV, { K_UP }, NULL, N_("Previous test; back to the previous question"), grade_run },
    { REQ_NEXT, { K_DOWN }, NULL, N_("Next test"), grade_run },
    { REQ_BACK, { K_ESC }, N_("Back"), N_("Back to the device; asks first if answers would be lost"), grade_run },
    { 0 }
};

_Static_assert(sizeof scr_grade_actions <= sizeof ((Grade *)0)->acts, "Grade.acts holds the whole table");

/* The phase whose bar shows action req, or -1 for every phase. */
static int bar_phase(int req)
{
    if (req >= REQ_PASS && req <= REQ_ALL_PASS) return PH_TESTS;
    if (req >= REQ_GRADE_A && req <= REQ_GRADE_D) return PH_COSMETIC;
    if (req >= REQ_OUT_1 && req <= REQ_OUT_4) return PH_OUTCOME;
    if (req == REQ_SAVE) return PH_CONFIRM;
    return -1;
}

static void set_phase(Grade *g, int phase)
{
    if (g->phase != phase) screen_invalidate();   /* the bar changes */
    g->phase = phase;
    for (int i = 0; i < GRADE_ACTIONS && scr_grade_actions[i].req; i++) {
        int p = bar_phase(scr_grade_actions[i].req);
        g->acts[i].label = p < 0 || p == phase ? scr_grade_actions[i].label : NULL;
    }
}

static void grade_leave(Screen *s)
{
    Grade *g = s->state;
    profile_free(&g->prof);
    free(g->ans);
    free(g);
}

/* Whether leaving now would throw answers away. */
static int given(const Grade *g)
{
    for (int i = 0; g->cat && i < g->cat->ntests; i++)
        if (g->ans[i][0]) return 1;
    return g->cosmetic[0] || g->outcome >= 0 || g->note.len > 0 || g->num[0];
}

/* Moves to the next unanswered test, or to the cosmetic grade. */
static void advance(Grade *g)
{
    g->num[0] = '\0';
    for (int i = g->cur + 1; i < g->cat->ntests; i++)
        if (!g->ans[i][0]) { g->cur = i; return; }
    for (int i = 0; i < g->cat->ntests; i++)
        if (!g->ans[i][0]) { g->cur = i; return; }
    set_phase(g, PH_COSMETIC);
}

/* Every test not answered yet passes (core/grading); a measure without a
 * reading keeps the cursor, for its value to be typed. */
static void all_pass(Grade *g)
{
    int missing = grade_all_pass(g->cat, g->battery, g->ans);
    g->num[0] = '\0';
    if (missing < 0) { set_phase(g, PH_COSMETIC); return; }
    g->cur = missing;
    screen_flash(CLR_WARN, _("%s: type the measured value, then Enter."), profile_test_label(&g->cat->tests[missing]));
}

static int save(Grade *g)
{
    GradeAnswer a[64];
    int n = 0;
    char note[FORM_TEXT_MAX * 4 + 1];
    form_text(&g->form, 0, note, sizeof note);
    for (int i = 0; i < g->cat->ntests && n < 64; i++)
        if (g->ans[i][0]) { a[n].test = g->cat->tests[i].id; a[n].value = g->ans[i]; n++; }
    GradeInput in = { .cosmetic = g->cosmetic, .outcome = vocab_key(&VOCAB_OUTCOME, g->outcome), .note = note,
                      .answers = a, .nanswers = n };
    Err e = { 0 };
    Claim cl;
    if (grade_device(app_ctx(), &g->prof, g->d.id, &in, NULL, &e) < 0) {
        snprintf(g->err, sizeof g->err, "%s", e.msg);
        return TUI_REDRAW;
    }
    if (device_get(app_ctx(), g->d.id, &g->d, &e) == 1 && device_claim(app_ctx(), &g->d, &cl, &e) == 0)
        screen_flash(cl.reconditionne ? CLR_OK : CLR_WARN, _("Graded %s: %s%s%s"), g->d.id, claim_label(&cl),
                     cl.nmissing ? " — " : "", cl.nmissing ? cl.missing[0] : "");
    screen_pop();
    return TUI_REDRAW;
}

/* p, f or s on the current test (req REQ_PASS, REQ_FAIL, REQ_SKIP). */
static int mark_test(Grade *g, int req)
{
    const ProfileTest *t = &g->cat->tests[g->cur];
    char *a = g->ans[g->cur];
    if (req == REQ_SKIP) snprintf(a, PROFILE_ID_MAX, "skip");
    else if (t->kind == TEST_PASSFAIL) snprintf(a, PROFILE_ID_MAX, "%s", req == REQ_PASS ? "pass" : "fail");
    else {
        screen_flash(CLR_WARN, "%s", t->kind == TEST_PERCENT ? _("Type the measured percentage, then Enter.")
                                                             : _("Choose an option by its number."));
        return TUI_HANDLED;
    }
    advance(g);
    return TUI_HANDLED;
}

/* Digits, Backspace and Enter on a percentage; a number on a choice. */
static int answer_test(Grade *g, Key k)
{
    const ProfileTest *t = &g->cat->tests[g->cur];
    char *a = g->ans[g->cur];
    switch (t->kind) {
    case TEST_PASSFAIL:
        return TUI_UNHANDLED;
    case TEST_PERCENT: {
        size_t l = strlen(g->num);
        if (k >= '0' && k <= '9' && l < 3) { g->num[l] = (char)k; g->num[l + 1] = '\0'; return TUI_HANDLED; }
        if (k == K_BACKSPACE && l) { g->num[l - 1] = '\0'; return TUI_HANDLED; }
        if (k != K_ENTER) return TUI_UNHANDLED;
        if (!l && profile_test_measures_battery(t) && g->battery >= 0)
            snprintf(g->num, sizeof g->num, "%d", g->battery);
        if (!g->num[0] || atoi(g->num) > 100) { screen_flash(CLR_ERROR, "%s", _("Type a percentage from 0 to 100.")); return TUI_HANDLED; }
        snprintf(a, PROFILE_ID_MAX, "%d", atoi(g->num));
        break;
    }
    case TEST_CHOICE:
        if (k < '1' || k > '0' + t->nchoices) return TUI_UNHANDLED;
        snprintf(a, PROFILE_ID_MAX, "%s", t->choices[k - '1'].id);
        break;
    }
    advance(g);
    return TUI_HANDLED;
}

static void leave_answer(void *ctx, int yes)
{
    (void)ctx;
    if (yes) screen_pop();
}

/* Keys the table sends: one request per key, acted on by phase. A key that
 * means something else in this phase (a digit of a percentage, a letter of
 * the note) returns TUI_UNHANDLED, for grade_handle(). */
static int grade_run(Screen *s, int req)
{
    Grade *g = s->state;
    if (req == REQ_BACK) {
        if (!g->cat || !given(g)) { screen_pop(); return TUI_REDRAW; }
        dialog_confirm(_("Abandon the grading"), _("Leave without saving? The answers given will be lost."),
                       leave_answer, g);
        return TUI_REDRAW;
    }
    if (!g->cat) return TUI_UNHANDLED;
    g->err[0] = '\0';
    switch (g->phase) {
    case PH_TESTS:
        if (req == REQ_PASS || req == REQ_FAIL || req == REQ_SKIP) return mark_test(g, req);
        if (req == REQ_ALL_PASS) { all_pass(g); return TUI_HANDLED; }
        if (req == REQ_PREV && g->cur > 0) { g->cur--; g->num[0] = '\0'; return TUI_HANDLED; }
        if (req == REQ_NEXT && g->cur < g->cat->ntests - 1) { g->cur++; g->num[0] = '\0'; return TUI_HANDLED; }
        return TUI_UNHANDLED;
    case PH_COSMETIC:
        if (req == REQ_ALL_PASS) req = REQ_GRADE_A;     /* a typed as a lower-case grade */
        if (req >= REQ_GRADE_A && req <= REQ_GRADE_D) {
            g->cosmetic[0] = (char)('A' + req - REQ_GRADE_A);
            set_phase(g, PH_OUTCOME);
            return TUI_HANDLED;
        }
        if (req == REQ_PREV) { set_phase(g, PH_TESTS); return TUI_HANDLED; }
        break;
    case PH_OUTCOME:
        if (req >= REQ_OUT_1 && req <= REQ_OUT_4) {
            g->outcome = req - REQ_OUT_1;
            set_phase(g, PH_CONFIRM);
            return TUI_HANDLED;
        }
        if (req == REQ_PREV) { set_phase(g, PH_COSMETIC); return TUI_HANDLED; }
        break;
    default:
        if (req == REQ_SAVE) return save(g);
        if (req == REQ_PREV) { set_phase(g, PH_OUTCOME); return TUI_HANDLED; }
        return TUI_UNHANDLED;                            /* a letter of the note */
    }
    if (req == REQ_SAVE) {
        screen_flash(CLR_WARN, "%s", _("Give the cosmetic grade and the outcome first."));
        return TUI_HANDLED;
    }
    return TUI_UNHANDLED;
}

/* What the table does not name: digits and Enter of a percentage, the
 * number of a choice, the text of the note. */
static int grade_handle(Screen *s, Key k)
{
    Grade *g = s->state;
    if (!g->cat) return TUI_UNHANDLED;
    if (g->phase == PH_TESTS) return answer_test(g, k);
    if (g->phase == PH_CONFIRM && k != K_TAB && k != K_BTAB && k != K_DOWN) return form_handle(&g->form, k);
    return TUI_UNHANDLED;
}

static const char *answer_text(const ProfileTest *t, const char *a)
{
    if (!a[0]) return "·";
    if (!strcmp(a, "pass")) return _("pass");
    if (!strcmp(a, "fail")) return _("FAIL");
    if (!strcmp(a, "skip")) return _("skipped");
    for (int i = 0; t->kind == TEST_CHOICE && i < t->nchoices; i++)
        if (!strcmp(a, t->choices[i].id)) return profile_choice_label(&t->choices[i]);
    return a;
}

/* Columns of text[a .. b). */
static int span_width(const wchar_t *t, int a, int b)
{
    int w = 0;
    for (int i = a; i < b; i++) { int c = wcwidth(t[i]); w += c < 0 ? 1 : c; }
    return w;
}

/* "Note (Enter saves): …" on row y, the end of a long note scrolled into
 * view; the cursor on it while it is being typed. */
static void draw_note(Grade *g, WINDOW *w, int y, int cols)
{
    char label[256], text[FORM_TEXT_MAX * 4 + 1];
    FormField *fd = &g->note;
    snprintf(label, sizeof label, _("Note (Enter saves): %s"), "");
    int lw = utf8_width(label), room = cols - 2 - lw;
    if (room < 2) room = 2;
    if (fd->cur < fd->scroll) fd->scroll = fd->cur;
    while (fd->scroll < fd->cur && span_width(fd->text, fd->scroll, fd->cur) > room - 1) fd->scroll++;
    size_t m = wcstombs(text, fd->text + fd->scroll, sizeof text);
    if (m == (size_t)-1) text[0] = '\0';
    else if (m == sizeof text) text[sizeof text - 1] = '\0';
    draw_text(w, y, 1, label, lw, 0);
    draw_text(w, y, 1 + lw, text, cols - 2 - lw, 1);
    if (g->phase == PH_CONFIRM) screen_cursor(w, y, 1 + lw + span_width(fd->text, fd->scroll, fd->cur));
}

static void grade_draw(Screen *s, WINDOW *w, int full)
{
    Grade *g = s->state;
    int rows = getmaxy(w), cols = getmaxx(w);
    char buf[512];
    (void)full;
    werase(w);
    wattrset(w, term_attr(CLR_TITLE));
    snprintf(buf, sizeof buf, "%s  %s %s  (%s %s)", g->d.id, g->d.make, g->d.model, g->prof.name, g->prof.version);
    draw_text(w, 0, 1, buf, cols - 2, 0);
    if (!g->cat) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_wrap(w, 2, 1, cols - 2, rows - 3, g->err);
        return;
    }
    int list_rows = rows - 5, top = g->cur - list_rows / 2;
    if (top > g->cat->ntests - list_rows) top = g->cat->ntests - list_rows;
    if (top < 0) top = 0;
    for (int y = 1, i = top; y <= list_rows && i < g->cat->ntests; y++, i++) {
        const ProfileTest *t = &g->cat->tests[i];
        wattrset(w, g->phase == PH_TESTS && i == g->cur ? term_attr(CLR_SELECTION) : A_NORMAL);
        const char *a = answer_text(t, g->ans[i]);
        if (g->phase == PH_TESTS && i == g->cur && t->kind == TEST_PERCENT && g->num[0]) a = g->num;
        /* the label in cells, not bytes: « Écran » lines up with « Webcam » */
        snprintf(buf, sizeof buf, "%2d ", i + 1);
        draw_text(w, y, 1, buf, cols - 2, 1);
        draw_cell(w, y, 4, profile_test_label(t), 44);
        draw_cell(w, y, 49, a, cols - 50);
    }
    wattrset(w, A_NORMAL);
    int y = rows - 4;
    const ProfileTest *t = &g->cat->tests[g->cur];
    wattrset(w, term_attr(CLR_DIM));
    if (g->phase == PH_TESTS && t->kind == TEST_CHOICE) {
        int x = 1;
        for (int i = 0; i < t->nchoices && x < cols - 4; i++) {
            snprintf(buf, sizeof buf, "%d %s  ", i + 1, profile_choice_label(&t->choices[i]));
            x += draw_text(w, y, x, buf, cols - 1 - x, 0);
        }
    } else if (g->phase == PH_TESTS && t->kind == TEST_PERCENT) {
        if (g->battery >= 0 && profile_test_measures_battery(t))
            snprintf(buf, sizeof buf, _("Digits then Enter; Enter alone takes %d %% read from this machine's battery."), g->battery);
        else
            snprintf(buf, sizeof buf, "%s", _("Digits then Enter; s skips."));
        draw_text(w, y, 1, buf, cols - 2, 0);
    } else if (g->phase == PH_TESTS) {
        draw_text(w, y, 1, _("p pass  f fail  s skip  a all the rest pass"), cols - 2, 0);
    }
    wattrset(w, g->phase == PH_COSMETIC ? term_attr(CLR_SELECTION) : A_NORMAL);
    snprintf(buf, sizeof buf, _("Cosmetic grade (A B C D): %s"), g->cosmetic[0] ? g->cosmetic : "·");
    draw_text(w, y + 1, 1, buf, cols - 2, 1);
    wattrset(w, g->phase == PH_OUTCOME ? term_attr(CLR_SELECTION) : A_NORMAL);
    snprintf(buf, sizeof buf, _("Outcome (1 reuse, 2 refurbish, 3 parts, 4 recycle): %s"),
             g->outcome >= 0 ? vocab_label(&VOCAB_OUTCOME, g->outcome) : "·");
    draw_text(w, y + 2, 1, buf, cols - 2, 1);
    wattrset(w, g->phase == PH_CONFIRM ? term_attr(CLR_SELECTION) : A_NORMAL);
    draw_note(g, w, y + 3, cols);
    wattrset(w, A_NORMAL);
    if (g->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_text(w, y, 1, g->err, cols - 2, 1);
        wattrset(w, A_NORMAL);
    }
}

int scr_grade_open(const char *id)
{
    Screen tmpl = {
        .name = "grade", .title = N_("Grading"),
        .leave = grade_leave, .draw = grade_draw, .handle = grade_handle,
    };
    Err e = { 0 };
    Grade *g = calloc(1, sizeof *g);
    if (!g) { screen_flash(CLR_ERROR, "%s", _("Out of memory.")); return -1; }
    int f = device_find(app_ctx(), id, &g->d, &e);
    char conf[1024] = "";
    const char *path = config_get(NULL, "grading.profile", conf, sizeof conf, NULL) == 1 ? conf : NULL;
    if (f <= 0) {
        screen_flash(CLR_ERROR, _("No device %s."), id);
        free(g);
        return -1;
    }
    if (profile_load_default(path, &g->prof, &e) < 0) snprintf(g->err, sizeof g->err, "%s", e.msg);
    else g->cat = profile_category(&g->prof, category_key(g->d.category));
    if (g->cat) g->ans = calloc((size_t)g->cat->ntests, sizeof *g->ans);
    if (g->cat && !g->ans) g->cat = NULL;
    g->battery = grade_device_battery(&g->d, getenv("BOUCLE_SYSFS"));
    g->outcome = -1;
    g->note = (FormField){ .kind = FIELD_TEXT, .label = N_("Note"), .width = 60 };
    form_init(&g->form, &g->note, 1, NULL);
    memcpy(g->acts, scr_grade_actions, sizeof scr_grade_actions);
    set_phase(g, PH_TESTS);
    tmpl.actions = g->acts;
    if (screen_push(&tmpl, g) < 0) { grade_leave(&(Screen){ .state = g }); return -1; }
    return 0;
}

const char *grade_guide_anchor(const Screen *s)
{
    if (!s || !s->name || strcmp(s->name, "grade") != 0 || !s->state) return NULL;
    const Grade *g = s->state;
    return g->phase == PH_TESTS && g->cat ? g->cat->key : "cosmetic";
}
