/* cmd_guide.c — boucle guide: the guides of F1 (core/guide/guide.h) on the
 * command line.
 *   guide [list] [--json]           every guide: its name and title
 *   guide show NAME [--width N]     one guide, word-wrapped
 *   guide dirs                      the folders searched, first wins */
#include "cli/commands.h"
#include "core/guide/guide.h"
#include "core/settings/lang.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

static const CliForm FORMS[] = {
    { "list", N_("boucle guide [list] [--json]") },
    { "show", N_("boucle guide show NAME [--width N]") },
    { "dirs", N_("boucle guide dirs") },
    { NULL, NULL },
};

static int term_width(void)
{
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col > 100 ? 100 : ws.ws_col;
    return 80;
}

static int do_list(int json)
{
    GuideEntry *list;
    Err e = { 0 };
    int n = guide_list(lang_current(), &list, &e);
    if (n < 0) return cli_fail(&e);
    if (json) {
        json_t *a = json_array();
        for (int i = 0; i < n; i++)
            json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "name", list[i].name,
                                               "title", list[i].title, "path", list[i].path));
        cli_print_json(a);
    } else {
        for (int i = 0; i < n; i++) {
            char col[128];
            printf("  %s %s\n", cli_col(col, sizeof col, list[i].name, 16), list[i].title);
        }
    }
    free(list);
    return EXIT_OK;
}

static int do_show(const char *name, int width)
{
    Guide g;
    GuideLayout l;
    Err e = { 0 };
    if (guide_load(name, lang_current(), &g, &e) < 0) return cli_fail(&e);
    if (guide_layout(&g, width, &l) < 0) {
        guide_free(&g);
        err_set(&e, ERR_INTERNAL, "%s", _("Out of memory."));
        return cli_fail(&e);
    }
    printf("%s\n\n", g.title);
    for (int i = 0; i < l.n; i++) printf("%s\n", l.lines[i].text);
    guide_layout_free(&l);
    guide_free(&g);
    return EXIT_OK;
}

int cmd_guide(Cli *cli, int argc, char **argv)
{
    (void)cli;
    const char *sub = "list", *name = NULL;
    int json = 0, width = 0, i = 1;
    if (argc > 1 && argv[1][0] != '-') sub = argv[i++];
    if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "dirs"))
        return cli_usage_of(FORMS, NULL, _("unknown subcommand: %s"), sub);
    for (; i < argc; i++) {
        if (cli_is_help(argv[i])) return cli_help(FORMS, argc > 1 && argv[1][0] != '-' ? sub : NULL);
        if (!strcmp(sub, "list") && !strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(sub, "show") && !strcmp(argv[i], "--width") && i + 1 < argc) {
            char *end;
            long w = strtol(argv[++i], &end, 10);
            if (*end || w < 20 || w > 1000) return cli_usage_of(FORMS, sub, "%s", _("--width: a number from 20 to 1000"));
            width = (int)w;
        } else if (!strcmp(sub, "show") && !name && argv[i][0] != '-') name = argv[i];
        else return cli_usage_of(FORMS, sub, _("unexpected argument: %s"), argv[i]);
    }
    if (!strcmp(sub, "dirs")) {
        char dirs[6][4096];
        int n = guide_dirs(lang_current(), dirs, 6);
        for (int k = 0; k < n; k++) printf("%s\n", dirs[k]);
        return EXIT_OK;
    }
    if (!strcmp(sub, "list")) return do_list(json);
    if (!name) return cli_usage_of(FORMS, sub, "%s", _("which guide? (boucle guide list)"));
    return do_show(name, width ? width : term_width());
}
