/*
 * grade.c — grading a device: walk the checklist of its category with one
 * key per answer, then the cosmetic grade, the outcome and an optional note.
 *
 *   tests     p/o pass, f/n fail, s skip; a percentage: digits then Enter
 *             (Enter alone accepts the battery health read from sysfs);
 *             a choice: its number; Up/Down move; a (or F3): every test
 *             not answered yet passes, then straight to the grade
 *   grade     A B C D
 *   outcome   1 reuse, 2 refurbish, 3 parts, 4 recycle
 *   confirm   type a note if wanted, Enter (or F2) saves
 * A full laptop walk is 16 keys with the default profile, all-pass 4.
 * Saving writes a device.grade event (core/grading/grading.c) and shows the claim.
 */
#include "screens/screens.h"
#include "screens/grade.h"
#include "core/settings/config.h"
#include "core/grading/grading.h"
#include "tui/draw.h"
#include "tui/screen.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PH_TESTS, PH_COSMETIC, PH_OUTCOME, PH_CONFIRM };

typedef struct Grade {
    Device d;
    Profile prof;
    const ProfileCategory *cat;
    char (*ans)[PROFILE_ID_MAX];   /* one answer per test, "" = none */
    int cur, phase;
    char num[4];                   /* digits typed for a percentage */
    int battery;                   /* sysfs health, -1 when none */
    char cosmetic[2];
    int outcome;
    char note[256];
    char err[1024];
} Grade;

static void grade_leave(Screen *s)
{
    Grade *g = s->state;
    profile_free(&g->prof);
    free(g->ans);
    free(g);
}

/* Moves to the next unanswered test, or to the cosmetic grade. */
static void advance(Grade *g)
{
    g->num[0] = '\0';
    for (int i = g->cur + 1; i < g->cat->ntests; i++)
        if (!g->ans[i][0]) { g->cur = i; return; }
    for (int i = 0; i < g->cat->ntests; i++)
        if (!g->ans[i][0]) { g->cur = i; return; }
    g->phase = PH_COSMETIC;
}

static void all_pass(Grade *g)
{
    for (int i = 0; i < g->cat->ntests; i++) {
        const ProfileTest *t = &g->cat->tests[i];
        if (g->ans[i][0]) continue;
        if (t->kind == TEST_PERCENT && !strcmp(t->id, "battery") && g->battery >= 0)
            snprintf(g->ans[i], PROFILE_ID_MAX, "%d", g->battery);
        else
            snprintf(g->ans[i], PROFILE_ID_MAX, "pass");
    }
    g->phase = PH_COSMETIC;
}

static int save(Grade *g)
{
    GradeAnswer a[64];
    int n = 0;
    for (int i = 0; i < g->cat->ntests && n < 64; i++)
        if (g->ans[i][0]) { a[n].test = g->cat->tests[i].id; a[n].value = g->ans[i]; n++; }
    GradeInput in = { .cosmetic = g->cosmetic, .outcome = grade_outcome_key(g->outcome), .note = g->note,
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

static int answer_test(Grade *g, Key k)
{
    const ProfileTest *t = &g->cat->tests[g->cur];
    char *a = g->ans[g->cur];
    if (k == 's') { snprintf(a, PROFILE_ID_MAX, "skip"); advance(g); return TUI_HANDLED; }
    switch (t->kind) {
    case TEST_PASSFAIL:
        if (k == 'p' || k == 'o') snprintf(a, PROFILE_ID_MAX, "pass");
        else if (k == 'f' || k == 'n') snprintf(a, PROFILE_ID_MAX, "fail");
        else return TUI_UNHANDLED;
        break;
    case TEST_PERCENT: {
        size_t l = strlen(g->num);
        if (k >= '0' && k <= '9' && l < 3) { g->num[l] = (char)k; g->num[l + 1] = '\0'; return TUI_HANDLED; }
        if (k == K_BACKSPACE && l) { g->num[l - 1] = '\0'; return TUI_HANDLED; }
        if (k == 'p') { snprintf(a, PROFILE_ID_MAX, "pass"); break; }
        if (k != K_ENTER) return TUI_UNHANDLED;
        if (!l && !strcmp(t->id, "battery") && g->battery >= 0) snprintf(g->num, sizeof g->num, "%d", g->battery);
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

static int grade_handle(Screen *s, Key k)
{
    Grade *g = s->state;
    if (!g->cat) return TUI_UNHANDLED;
    g->err[0] = '\0';
    switch (g->phase) {
    case PH_TESTS:
        if (k == K_UP && g->cur > 0) { g->cur--; g->num[0] = '\0'; return TUI_HANDLED; }
        if (k == K_DOWN && g->cur < g->cat->ntests - 1) { g->cur++; g->num[0] = '\0'; return TUI_HANDLED; }
        if (k == 'a') { all_pass(g); return TUI_HANDLED; }
        return answer_test(g, k);
    case PH_COSMETIC:
        if (k >= 'a' && k <= 'd') k -= 'a' - 'A';
        if (k < 'A' || k > 'D') return k == K_UP ? (g->phase = PH_TESTS, TUI_HANDLED) : TUI_UNHANDLED;
        g->cosmetic[0] = (char)k;
        g->phase = PH_OUTCOME;
        return TUI_HANDLED;
    case PH_OUTCOME:
        if (k == K_UP) { g->phase = PH_COSMETIC; return TUI_HANDLED; }
        if (k < '1' || k > '4') return TUI_UNHANDLED;
        g->outcome = k - '1';
        g->phase = PH_CONFIRM;
        return TUI_HANDLED;
    default: {
        size_t l = strlen(g->note);
        if (k == K_ENTER) return save(g);
        if (k == K_BACKSPACE && l) { g->note[l - 1] = '\0'; return TUI_HANDLED; }
        if (k >= 0x20 && k < 0x110000 && !(k & K_FN) && l + 5 < sizeof g->note) {
            char u[5] = { 0 };
            /* encode the code point as UTF-8 */
            if (k < 0x80) u[0] = (char)k;
            else if (k < 0x800) { u[0] = (char)(0xc0 | (k >> 6)); u[1] = (char)(0x80 | (k & 0x3f)); }
            else if (k < 0x10000) { u[0] = (char)(0xe0 | (k >> 12)); u[1] = (char)(0x80 | ((k >> 6) & 0x3f)); u[2] = (char)(0x80 | (k & 0x3f)); }
            else { u[0] = (char)(0xf0 | (k >> 18)); u[1] = (char)(0x80 | ((k >> 12) & 0x3f)); u[2] = (char)(0x80 | ((k >> 6) & 0x3f)); u[3] = (char)(0x80 | (k & 0x3f)); }
            strcat(g->note, u);
            return TUI_HANDLED;
        }
        return TUI_UNHANDLED;
    }
    }
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
        snprintf(buf, sizeof buf, "%2d %-44.44s %s", i + 1, profile_test_label(t), a);
        draw_text(w, y, 1, buf, cols - 2, 1);
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
        if (g->battery >= 0 && !strcmp(t->id, "battery"))
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
             g->phase > PH_OUTCOME ? grade_outcome_label(g->outcome) : "·");
    draw_text(w, y + 2, 1, buf, cols - 2, 1);
    wattrset(w, g->phase == PH_CONFIRM ? term_attr(CLR_SELECTION) : A_NORMAL);
    snprintf(buf, sizeof buf, _("Note (Enter saves): %s"), g->note);
    draw_text(w, y + 3, 1, buf, cols - 2, 1);
    wattrset(w, A_NORMAL);
    if (g->err[0]) {
        wattrset(w, term_attr(CLR_ERROR));
        draw_text(w, y, 1, g->err, cols - 2, 1);
        wattrset(w, A_NORMAL);
    }
}

enum { REQ_SAVE = REQ_SCREEN, REQ_ALL_PASS };

static int grade_run(Screen *s, int req)
{
    Grade *g = s->state;
    if (!g->cat) return TUI_UNHANDLED;
    if (req == REQ_ALL_PASS) { all_pass(g); return TUI_HANDLED; }
    if (g->phase != PH_CONFIRM) {
        screen_flash(CLR_WARN, "%s", _("Give the cosmetic grade and the outcome first."));
        return TUI_HANDLED;
    }
    return save(g);
}

static const Action grade_actions[] = {
    { REQ_SAVE, { K_F(2) }, N_("Save"), N_("Save the grading"), grade_run },
    { REQ_ALL_PASS, { K_F(3) }, N_("All pass"), N_("Every test not answered yet passes"), grade_run },
    { 0 }
};

int grade_open(const char *id)
{
    static const Screen tmpl = {
        .name = "grade", .title = N_("Grading"), .actions = grade_actions,
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
    g->battery = grade_battery_health(getenv("BOUCLE_SYSFS"));
    g->outcome = -1;
    if (screen_push(&tmpl, g) < 0) { grade_leave(&(Screen){ .state = g }); return -1; }
    return 0;
}
