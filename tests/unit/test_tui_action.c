/*
 * test_tui_action.c — keymap lookup and the function bar and help lines
 * generated from action tables (tui/action.c), with the real global table.
 */
#include "tests/unit/t.h"
#include "tui/action.h"
#include "tui/screen.h"

enum { REQ_NEW = REQ_SCREEN, REQ_OPEN, REQ_FIND };

static int noop(struct Screen *s, int req) { (void)s; return req; }

static const Action lots[] = {
    { REQ_NEW,  { K_F(2), 'n' }, "New",  "Create a lot",       noop },
    { REQ_OPEN, { K_ENTER },     "Open", "Open the lot",       noop },
    { REQ_FIND, { K_F(3), '/' }, "Find", "Filter the lots",    noop },
    { 0 }
};

static const Action editor[] = {
    { REQ_NEW, { K_F(2) }, "Save", "Save the form", noop },
    { REQ_QUIT, { K_F(10) }, "Close", "Close the editor", noop },
    { 0 }
};

TEST(find_by_any_key)
{
    CHECK(action_find(lots, K_F(2)) == &lots[0]);
    CHECK(action_find(lots, 'n') == &lots[0]);
    CHECK(action_find(lots, K_ENTER) == &lots[1]);
    CHECK(action_find(lots, 'x') == NULL);
    CHECK(action_find(lots, K_NONE) == NULL);  /* unused key slots never match */
    CHECK(action_find(NULL, 'n') == NULL);
    CHECK(action_by_req(lots, REQ_FIND) == &lots[2]);
}

TEST(globals_are_the_documented_keys)
{
    const Action *g = screen_global_actions();
    CHECK_INT(action_find(g, K_F(1))->req, REQ_HELP);
    CHECK_INT(action_find(g, '?')->req, REQ_HELP);
    CHECK_INT(action_find(g, '/')->req, REQ_SEARCH);
    CHECK_INT(action_find(g, K_ESC)->req, REQ_BACK);
    CHECK_INT(action_find(g, 'q')->req, REQ_QUIT);
    CHECK_INT(action_find(g, K_F(10))->req, REQ_QUIT);
}

TEST(funcbar_screen_first_then_globals)
{
    FuncbarItem it[16];
    int n = funcbar_build(lots, screen_global_actions(), 0, it, 16);
    /* New, Open, Find, then Help, Back, Quit: the global Search is hidden
     * because the screen binds its first key "/" to REQ_FIND. */
    CHECK_INT(n, 6);
    CHECK_STR(it[0].key, "F2");   CHECK_STR(it[0].label, "New");
    CHECK_STR(it[1].key, "Enter"); CHECK_STR(it[1].label, "Open");
    CHECK_STR(it[2].key, "F3");
    CHECK_STR(it[3].key, "F1");   CHECK_STR(it[3].label, "Help");
    CHECK_STR(it[4].key, "Esc");  CHECK_STR(it[4].label, "Back");
    CHECK_STR(it[5].key, "F10");  CHECK_STR(it[5].label, "Quit");
}

TEST(funcbar_skip_mask_and_override_by_request)
{
    FuncbarItem it[16];
    int n = funcbar_build(editor, screen_global_actions(),
                          (1u << REQ_SEARCH) | (1u << REQ_BACK), it, 16);
    /* Save, Close (the screen's own REQ_QUIT replaces the global one), Help */
    CHECK_INT(n, 3);
    CHECK_STR(it[0].label, "Save");
    CHECK_STR(it[1].label, "Close");
    CHECK_STR(it[2].label, "Help");
    CHECK_INT(funcbar_build(editor, screen_global_actions(), 0, it, 2), 2);
}

TEST(help_lists_every_key_once)
{
    HelpLine h[16];
    int n = help_build(lots, screen_global_actions(), 0, h, 16);
    CHECK_INT(n, 6);
    CHECK_STR(h[0].keys, "F2, n");
    CHECK_STR(h[0].text, "Create a lot");
    CHECK_STR(h[2].keys, "F3, /");
    CHECK_STR(h[3].keys, "F1, ?");
    /* the global search lost "/" to the screen and has no other key: gone */
    for (int i = 0; i < n; i++) CHECK(strcmp(h[i].text, "Search devices") != 0);
    CHECK_STR(h[5].keys, "F10, q");
}

TEST(help_and_bar_agree)
{
    FuncbarItem it[16];
    HelpLine h[16];
    int nb = funcbar_build(lots, screen_global_actions(), 0, it, 16);
    int nh = help_build(lots, screen_global_actions(), 0, h, 16);
    /* every bar entry's key appears first on a help line */
    for (int i = 0; i < nb; i++) {
        int found = 0;
        for (int j = 0; j < nh; j++)
            if (strncmp(h[j].keys, it[i].key, strlen(it[i].key)) == 0) found = 1;
        CHECK_MSG(found, "bar key %s not in help", it[i].key);
    }
}

TEST(funcbar_fit_keeps_help_back_quit)
{
    FuncbarItem it[16];
    int w[16];
    int n = funcbar_build(editor, screen_global_actions(), 0, it, 16);
    n = funcbar_build(lots, screen_global_actions(), 0, it, 16);
    for (int i = 0; i < n; i++) w[i] = 10;            /* 6 items of 10 columns */
    CHECK_INT(funcbar_fit(it, w, n, 60), 6);           /* fits: nothing dropped */
    int m = funcbar_fit(it, w, n, 45);                 /* room for 4 */
    CHECK_INT(m, 4);
    CHECK_STR(it[0].label, "New");                     /* the screen's last ones went first */
    CHECK_STR(it[1].label, "Help");
    CHECK_STR(it[2].label, "Back");
    CHECK_STR(it[3].label, "Quit");
    FuncbarItem g[16];
    int gw[16];
    static const Action plain[] = { { REQ_NEW, { K_F(2) }, "New", "x", noop }, { 0 } };
    n = funcbar_build(plain, screen_global_actions(), 0, g, 16);   /* New, Help, Search, Back, Quit */
    for (int i = 0; i < n; i++) gw[i] = 10;
    m = funcbar_fit(g, gw, n, 40);
    CHECK_INT(m, 4);
    for (int i = 0; i < m; i++) CHECK(strcmp(g[i].label, "Search") != 0);   /* search goes first */
    CHECK_INT(funcbar_fit(g, gw, m, 5), 3);            /* never below help, back, quit */
}

/* Every function key shows its letter: "F2/n" when the whole bar fits,
 * the letter alone when it does not, and only then are items dropped. */
TEST(funcbar_layout_shows_letters)
{
    FuncbarItem it[16];
    int n = funcbar_build(lots, screen_global_actions(), 0, it, 16);
    CHECK_STR(it[0].letter, "n");      /* F2 New has 'n' */
    CHECK_STR(it[1].letter, "");       /* Enter is no function key */
    CHECK_STR(it[3].letter, "?");      /* F1 Help has '?' */
    CHECK_STR(it[5].letter, "q");      /* F10 Quit has 'q' */
    int wide = funcbar_layout(it, n, 200);
    CHECK_INT(wide, n);
    CHECK_STR(it[0].shown, "F2/n");
    CHECK_STR(it[1].shown, "Enter");
    CHECK_STR(it[5].shown, "F10/q");
    /* "F2/nNew Enter Open F3Find F1/?Help EscBack F10/qQuit" is 50 cells:
     * at 40 the letters alone fit ("nNew EnterOpen F3Find ?Help EscBack qQuit") */
    n = funcbar_build(lots, screen_global_actions(), 0, it, 16);
    int narrow = funcbar_layout(it, n, 40);
    CHECK_INT(narrow, n);
    CHECK_STR(it[0].shown, "n");
    CHECK_STR(it[2].shown, "/");       /* any printable key reaches the program */
    CHECK_STR(it[5].shown, "q");
    /* at 20 items go, Help, Back and Quit stay */
    n = funcbar_build(lots, screen_global_actions(), 0, it, 16);
    int tiny = funcbar_layout(it, n, 20);
    CHECK(tiny < n);
    CHECK_STR(it[tiny - 1].label, "Quit");
}

/* A Ctrl key is a letter too (screens whose field takes every letter use
 * one): "F2/^T" when the bar fits, "^T" when it does not; Enter and Tab
 * are keys of their own, never shown as the letter. The name a hint uses
 * is the bar's whole one. */
static const Action search[] = {
    { REQ_NEW,  { K_F(2), K_CTRL('t') }, "State", "Next state",  noop },
    { REQ_OPEN, { K_F(4), K_ENTER },     "Wipe",  "Record a wipe", noop },
    { REQ_FIND, { K_ENTER, K_F(3) },     "Save",  "Save",        noop },
    { 0 }
};

TEST(funcbar_ctrl_key_is_a_letter)
{
    FuncbarItem it[16];
    char buf[32];
    int n = funcbar_build(search, NULL, 0, it, 16);
    CHECK_INT(n, 3);
    CHECK_STR(it[0].letter, "^T");
    CHECK_STR(it[1].letter, "");       /* Enter is no letter */
    CHECK_STR(it[2].letter, "");       /* the first key is no function key */
    CHECK_INT(funcbar_layout(it, n, 200), 3);
    CHECK_STR(it[0].shown, "F2/^T");
    n = funcbar_build(search, NULL, 0, it, 16);
    CHECK_INT(funcbar_layout(it, n, 24), 3);
    CHECK_STR(it[0].shown, "^T");
    CHECK_INT(action_letter(&search[0], buf, sizeof buf), 1);
    CHECK_INT(action_letter(&search[1], buf, sizeof buf), 0);
    CHECK_STR(action_key_name(search, REQ_NEW, buf, sizeof buf), "F2/^T");
    CHECK_STR(action_key_name(lots, REQ_NEW, buf, sizeof buf), "F2/n");
    CHECK_STR(action_key_name(lots, REQ_OPEN, buf, sizeof buf), "Enter");
    CHECK_STR(action_key_name(lots, REQ_QUIT, buf, sizeof buf), "?");
}

int main(void)
{
    RUN(funcbar_ctrl_key_is_a_letter);
    RUN(find_by_any_key);
    RUN(globals_are_the_documented_keys);
    RUN(funcbar_screen_first_then_globals);
    RUN(funcbar_skip_mask_and_override_by_request);
    RUN(help_lists_every_key_once);
    RUN(help_and_bar_agree);
    RUN(funcbar_fit_keeps_help_back_quit);
    RUN(funcbar_layout_shows_letters);
    return t_done();
}
