/*
 * test_tui_form.c — form editing and validation (tui/form.c) without a
 * terminal: UTF-8 editing, number fields, choices, required fields, field
 * moves, submit only when valid, validator messages.
 */
#include "tests/unit/t.h"
#include "tui/form.h"
#include "tui/action.h"
#include <locale.h>

static const char *const cats[] = { "laptop", "desktop", "screen", NULL };

static const char *no_spaces(const char *v, void *ctx)
{
    (void)ctx;
    return strchr(v, ' ') ? "No spaces in a serial." : NULL;
}

static FormField fields[3];
static Form f;

static void setup(void)
{
    memset(fields, 0, sizeof fields);
    fields[0] = (FormField){ .kind = FIELD_TEXT, .label = "Serial", .width = 20,
                             .required = 1, .validate = no_spaces };
    fields[1] = (FormField){ .kind = FIELD_NUMBER, .label = "Expected", .width = 6,
                             .min = 1, .max = 500 };
    fields[2] = (FormField){ .kind = FIELD_CHOICE, .label = "Category", .choices = cats };
    form_init(&f, fields, 3, NULL);
}

static void type(const wchar_t *s)
{
    for (; *s; s++) form_handle(&f, (Key)*s);
}

TEST(typing_and_editing_utf8)
{
    char buf[64];
    setup();
    type(L"Élodie");
    CHECK_STR(form_text(&f, 0, buf, sizeof buf), "\xc3\x89lodie");
    form_handle(&f, K_HOME);
    form_handle(&f, K_DEL);
    type(L"E");
    form_handle(&f, K_END);
    form_handle(&f, K_BACKSPACE);
    CHECK_STR(form_text(&f, 0, buf, sizeof buf), "Elodi");
    form_handle(&f, K_LEFT);
    type(L"q/");                        /* a form takes q and / as text */
    CHECK_STR(form_text(&f, 0, buf, sizeof buf), "Elodq/i");
    form_handle(&f, K_CTRL('u'));
    CHECK_STR(form_text(&f, 0, buf, sizeof buf), "");
}

TEST(enter_submits_only_when_valid)
{
    setup();
    int r = form_handle(&f, K_ENTER);
    CHECK(!(r & FORM_SUBMIT));
    CHECK_STR(fields[0].msg, "This field is required.");
    type(L"AB 12");
    r = form_handle(&f, K_ENTER);
    CHECK(!(r & FORM_SUBMIT));
    CHECK_STR(fields[0].msg, "No spaces in a serial.");
    form_handle(&f, K_CTRL('u'));
    type(L"AB12");
    r = form_handle(&f, K_ENTER);
    CHECK(r & FORM_SUBMIT);
    CHECK(r & TUI_HANDLED);
}

TEST(number_field_rejects_letters_and_range)
{
    setup();
    type(L"X1");
    form_handle(&f, K_TAB);
    CHECK_INT(f.focus, 1);
    type(L"4a");
    CHECK_STR(fields[1].msg, "Enter a whole number.");
    type(L"20");
    CHECK_INT(form_number(&f, 1), 420);
    CHECK_STR(fields[1].msg, "");
    type(L"0");
    int r = form_handle(&f, K_ENTER);
    CHECK(!(r & FORM_SUBMIT));
    CHECK_STR(fields[1].msg, "Enter a number from 1 to 500.");
    CHECK_INT(f.focus, 1);              /* focus goes to the bad field */
}

TEST(choice_cycles_and_jumps)
{
    char buf[32];
    setup();
    form_focus(&f, 2);
    CHECK_STR(form_text(&f, 2, buf, sizeof buf), "laptop");
    form_handle(&f, K_RIGHT);
    CHECK_STR(form_text(&f, 2, buf, sizeof buf), "desktop");
    form_handle(&f, K_LEFT);
    form_handle(&f, K_LEFT);
    CHECK_STR(form_text(&f, 2, buf, sizeof buf), "screen");
    form_handle(&f, 'd');
    CHECK_STR(form_text(&f, 2, buf, sizeof buf), "desktop");
    form_set_text(&f, 2, "laptop");
    CHECK_INT(fields[2].choice, 0);
}

TEST(tab_and_shift_tab_wrap)
{
    setup();
    form_handle(&f, K_BTAB);
    CHECK_INT(f.focus, 2);
    form_handle(&f, K_TAB);
    CHECK_INT(f.focus, 0);
    form_handle(&f, K_DOWN);
    CHECK_INT(f.focus, 1);
    /* leaving an empty required field shows its message */
    CHECK_STR(fields[0].msg, "This field is required.");
    CHECK_INT(form_handle(&f, K_F(5)), TUI_UNHANDLED);
}

TEST(set_text_cursor_at_end)
{
    char buf[64];
    setup();
    form_set_text(&f, 0, "Dell");
    type(L"-7");
    CHECK_STR(form_text(&f, 0, buf, sizeof buf), "Dell-7");
    form_set_text(&f, 0, "\xff\xfe");   /* not UTF-8: emptied, no crash */
    CHECK_STR(form_text(&f, 0, buf, sizeof buf), "");
}

int main(void)
{
    setlocale(LC_ALL, "C.UTF-8");
    RUN(typing_and_editing_utf8);
    RUN(enter_submits_only_when_valid);
    RUN(number_field_rejects_letters_and_range);
    RUN(choice_cycles_and_jumps);
    RUN(tab_and_shift_tab_wrap);
    RUN(set_text_cursor_at_end);
    return t_done();
}
