/*
 * test_screens_data.c — every screen's action table (screens/registry.c)
 * checked as data, without a terminal:
 *   1. an action bound to F2–F12 also has a letter or a Ctrl key (F5–F10
 *      do not reach the program on some consoles), and the bar shows it;
 *   2. no two actions of one table share a key;
 *   3. every labelled action has a help line;
 *   4. a screen whose text field takes every letter binds no letter;
 *   5. a form saves with Enter from its table, labelled, so the bar shows it.
 * The checker is first run on bad tables, so that it is known to see each
 * fault.
 */
#include "tests/unit/t.h"
#include "screens/registry.h"
#include <stdio.h>
#include <string.h>

/* Whether k reaches the program on every console: a printable key, or a
 * Ctrl key (Enter is ^J). Tab and Esc are not commands of their own. */
static int reaches(Key k)
{
    return (k > 0x20 && k < 0x7f) || (k > 0 && k < 0x20 && k != K_TAB && k != K_ESC);
}

static int is_fkey(Key k)
{
    return (k & K_FN) && (k & ~K_FN) >= KEY_F(2) && (k & ~K_FN) <= KEY_F(12);
}

/* The first fault of table t under flags, in words, or "" when none. */
static const char *fault(const ScreenEntry *se, char *buf, size_t n)
{
    buf[0] = '\0';
    int saves = 0;
    for (const Action *a = se->actions; a && a->req; a++) {
        char name[16];
        int fk = 0, alt = 0;
        for (int i = 0; i < ACTION_KEYS; i++) {
            Key k = a->keys[i];
            if (k == K_NONE) continue;
            fk |= is_fkey(k);
            alt |= reaches(k);
            keys_label(k, name, sizeof name);
            if ((se->flags & SCR_TYPES) && k >= 0x20 && !(k & K_FN)) {
                snprintf(buf, n, "%s: %s binds \"%s\", which its field takes", se->name, a->label ? a->label : "?", name);
                return buf;
            }
            for (const Action *b = se->actions; b < a; b++)
                for (int j = 0; j < ACTION_KEYS; j++)
                    if (b->keys[j] == k) {
                        snprintf(buf, n, "%s: %s and %s share %s", se->name, b->label ? b->label : "?",
                                 a->label ? a->label : "?", name);
                        return buf;
                    }
            if (k == K_ENTER && a->label) saves = 1;
        }
        if (fk && !alt) {
            snprintf(buf, n, "%s: %s has an F-key and no letter or Ctrl key", se->name, a->label ? a->label : "?");
            return buf;
        }
        char letter[8];
        if (fk && is_fkey(a->keys[0]) && a->label && !action_letter(a, letter, sizeof letter) && a->keys[1] != K_ENTER) {
            snprintf(buf, n, "%s: %s shows no letter in the bar", se->name, a->label);
            return buf;
        }
        if (a->label && (!a->help || !a->help[0])) {
            snprintf(buf, n, "%s: %s has no help line", se->name, a->label);
            return buf;
        }
    }
    if ((se->flags & SCR_FORM) && !saves) snprintf(buf, n, "%s: a form with no labelled action on Enter", se->name);
    return buf;
}

static int nop(struct Screen *s, int req) { (void)s; return req; }

/* 0: the checker sees each fault of a bad table. */
TEST(checker_sees_each_fault)
{
    char buf[256];
    static const Action fkey_only[] = { { 200, { K_F(5) }, "Retry", "Retry", nop }, { 0 } };
    static const Action shared[] = { { 200, { K_F(2), 'p' }, "Print", "Print", nop },
                                     { 201, { 'p' }, "Pause", "Pause", nop }, { 0 } };
    static const Action no_help[] = { { 200, { 'x' }, "Cut", NULL, nop }, { 0 } };
    static const Action letter[] = { { 200, { K_F(3), 'l' }, "List", "List", nop }, { 0 } };
    static const Action no_save[] = { { 200, { K_F(2), K_CTRL('t') }, "Save", "Save", nop }, { 0 } };
    static const Action good[] = { { 200, { K_ENTER, K_F(2) }, "Save", "Save", nop },
                                   { 201, { K_F(3), K_CTRL('l') }, "List", "List", nop }, { 0 } };
    CHECK_CONTAINS(fault(&(ScreenEntry){ "t", fkey_only, 0 }, buf, sizeof buf), "no letter or Ctrl key");
    CHECK_CONTAINS(fault(&(ScreenEntry){ "t", shared, 0 }, buf, sizeof buf), "share p");
    CHECK_CONTAINS(fault(&(ScreenEntry){ "t", no_help, 0 }, buf, sizeof buf), "no help line");
    CHECK_STR(fault(&(ScreenEntry){ "t", letter, 0 }, buf, sizeof buf), "");
    CHECK_CONTAINS(fault(&(ScreenEntry){ "t", letter, SCR_TYPES }, buf, sizeof buf), "which its field takes");
    CHECK_CONTAINS(fault(&(ScreenEntry){ "t", no_save, SCR_FORM }, buf, sizeof buf), "no labelled action on Enter");
    CHECK_STR(fault(&(ScreenEntry){ "t", good, SCR_TYPES | SCR_FORM }, buf, sizeof buf), "");
}

/* 1–5 on every screen of the registry. */
TEST(every_screen_table_is_sound)
{
    char buf[256];
    int n = 0;
    for (const ScreenEntry *se = scr_registry; se->name; se++, n++) {
        CHECK_MSG(se->actions != NULL, "%s has no table", se->name);
        fault(se, buf, sizeof buf);
        CHECK_MSG(buf[0] == '\0', "%s", buf);
    }
    CHECK(n >= 24);
}

/* The bar of a screen whose field takes letters shows Ctrl keys: the
 * device list's filters read "F2/^T" when the bar fits, "^T" when not. */
TEST(devices_bar_shows_ctrl_keys)
{
    FuncbarItem it[16];
    int n = funcbar_build(scr_devices_actions, NULL, 0, it, 16);
    CHECK(n >= 5);
    CHECK_STR(it[1].letter, "^T");
    n = funcbar_layout(it, n, 200);
    CHECK_STR(it[1].shown, "F2/^T");
    n = funcbar_build(scr_devices_actions, NULL, 0, it, 16);
    n = funcbar_layout(it, n, 40);
    CHECK_STR(it[1].shown, "^T");
}

int main(void)
{
    RUN(checker_sees_each_fault);
    RUN(every_screen_table_is_sound);
    RUN(devices_bar_shows_ctrl_keys);
    return t_done();
}
