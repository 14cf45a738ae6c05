/*
 * main.c — `boucle`: with no subcommand the terminal UI, else the command
 * line (cli/commands.c lists the subcommands).
 *
 * Global options, accepted anywhere before "--": --db PATH, --lang fr|en,
 * --operator NAME, --help, --version. The database is --db, else $BOUCLE_DB,
 * else $XDG_DATA_HOME/boucle/boucle.db.
 */
#include "cli/cli.h"
#include "core/log/chain.h"
#include "core/settings/config.h"
#include "core/settings/lang.h"
#include "screens/app.h"
#include "tui/glyph.h"
#include "util/i18n.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The version comes from the file VERSION at the top of the tree (Makefile:
 * -DBOUCLE_VERSION), the one source of the package, the tarball and the man
 * pages too. */
#ifndef BOUCLE_VERSION
#error "BOUCLE_VERSION is not defined: build with make (it reads the file VERSION)"
#endif

static void usage(FILE *f)
{
    fprintf(f, "%s\n", _("Usage: boucle [--db PATH] [--lang fr|en] [--operator NAME] [SUBCOMMAND [ARGS]]"));
    fprintf(f, "%s\n\n", _("Without a subcommand, opens the terminal interface."));
    fprintf(f, "%s\n", _("Subcommands:"));
    for (const CliCommand *c = cli_commands; c->name; c++) fprintf(f, "  %-10s %s\n", c->name, _(c->summary));
    fprintf(f, "\n%s\n", _("`boucle SUBCOMMAND --help` describes a subcommand."));
}

static const char *const GLOBAL_WITH_VALUE[] = { "--db", "--lang", "--operator" };

/* The index of the subcommand's name in argv (argc if none): the first
 * argument that is neither a global option nor its value. */
static int subcommand_index(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--") == 0) return i + 1 < argc ? i + 1 : argc;
        int is_global = 0;
        for (size_t g = 0; g < sizeof GLOBAL_WITH_VALUE / sizeof GLOBAL_WITH_VALUE[0]; g++) {
            size_t n = strlen(GLOBAL_WITH_VALUE[g]);
            if (strcmp(argv[i], GLOBAL_WITH_VALUE[g]) == 0) { is_global = 2; break; }
            if (strncmp(argv[i], GLOBAL_WITH_VALUE[g], n) == 0 && argv[i][n] == '=') { is_global = 1; break; }
        }
        if (is_global) { i += is_global - 1; continue; }
        if (argv[i][0] != '-') return i;
    }
    return argc;
}

/* Takes "--opt VALUE" / "--opt=VALUE" out of argv[1..limit). Returns 1
 * found, 0 not, -1 when the value is missing. */
static int take_option(int *argc, char **argv, int limit, const char *name, const char **value)
{
    size_t n = strlen(name);
    if (limit > *argc) limit = *argc;
    for (int i = 1; i < limit; i++) {
        if (strcmp(argv[i], "--") == 0) return 0;
        int eq = strncmp(argv[i], name, n) == 0 && argv[i][n] == '=';
        if (!eq && strcmp(argv[i], name) != 0) continue;
        int used = 1;
        if (eq) *value = argv[i] + n + 1;
        else if (i + 1 < *argc) { *value = argv[i + 1]; used = 2; }
        else return -1;
        memmove(argv + i, argv + i + used, (size_t)(*argc - i - used + 1) * sizeof *argv);
        *argc -= used;
        return 1;
    }
    return 0;
}

/* The passphrase of a protected signing key: a prompt without echo on the
 * terminal, or the first line of standard input (core/log/chain.h). */
static int ask_passphrase(const char *question, char *out, size_t size)
{
    return cli_read_secret(question, out, size) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    Cli cli = { 0 };
    cli.prog = argv[0];
    chain_set_passphrase_asker(ask_passphrase);
    /* Global options stand anywhere, except that a subcommand which has a
     * --db of its own (hub init --db NAME) keeps every --db after its name. */
    int db_limit = argc, sub = subcommand_index(argc, argv);
    for (const CliCommand *c = cli_commands; sub < argc && c->name; c++)
        if (c->owns_db_option && strcmp(c->name, argv[sub]) == 0) db_limit = sub;
    int r1 = take_option(&argc, argv, db_limit, "--db", &cli.db_path);
    int r2 = take_option(&argc, argv, argc, "--lang", &cli.lang);
    int r3 = take_option(&argc, argv, argc, "--operator", &cli.operator);

    char conf_lang[16] = "";
    Err e = { 0 };
    config_get(NULL, "lang", conf_lang, sizeof conf_lang, NULL);
    if (lang_init(cli.lang, conf_lang) < 0)
        return cli_usage(_("unknown language \"%s\" (fr or en)"), cli.lang);
    glyph_init(); /* the CLI's bars and marks follow the locale and TERM too */
    if (r1 < 0 || r2 < 0 || r3 < 0) return cli_usage(_("an option is missing its value"));

    char dbpath[4096];
    if (!cli.db_path) {
        if (ctx_default_db_path(dbpath, sizeof dbpath, &e) < 0) return cli_fail(&e);
        cli.db_path = dbpath;
    }
    if (argc == 3 && strcmp(argv[1], "help") == 0 && argv[2][0] != '-') {
        /* boucle help device = boucle device --help */
        char help[] = "--help";
        char *hv[] = { argv[2], help, NULL };
        for (const CliCommand *c = cli_commands; c->name; c++)
            if (strcmp(c->name, argv[2]) == 0) return c->run(&cli, 2, hv);
        cli_usage(_("unknown subcommand \"%s\""), argv[2]);
        usage(stderr);
        return EXIT_USAGE;
    }
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)) {
        usage(stdout);
        return EXIT_OK;
    }
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        printf("boucle %s\n", BOUCLE_VERSION);
        return EXIT_OK;
    }
    if (argc >= 2) {
        if (argv[1][0] == '-') {
            cli_usage(_("unknown option %s"), argv[1]);
            usage(stderr);
            return EXIT_USAGE;
        }
        for (const CliCommand *c = cli_commands; c->name; c++) {
            if (strcmp(c->name, argv[1]) != 0) continue;
            return c->run(&cli, argc - 1, argv + 1);
        }
        cli_usage(_("unknown subcommand \"%s\""), argv[1]);
        usage(stderr);
        return EXIT_USAGE;
    }

    Ctx c;
    if (cli_open(&cli, &c, 0, 0) < 0) return EXIT_ERR;
    /* --operator (or the configured one) if known; else the UI asks */
    if (cli_operator(&cli, &c, NULL, 0) < 0) {
        ctx_close(&c);
        return EXIT_ERR;
    }
    /* a key protected by a passphrase is asked for now, on the terminal,
     * not in the middle of the first thing recorded */
    if (ctx_has_workshop(&c) && chain_key_protected(&c)) {
        Err ke = { 0 };
        if (chain_key_unlock(&c, &ke) < 0) {
            ctx_close(&c);
            return cli_fail(&ke);
        }
    }
    int status = app_run(&c);
    ctx_close(&c);
    return status;
}
