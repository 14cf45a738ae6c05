/*
 * cli.h — the command line. `boucle SUBCOMMAND ...` calls core/ exactly as
 * the screens do. Each subcommand lives in cli/cmd_<name>.c and has one row
 * in the table of cli/commands.c.
 *
 * Exit status: 0 success, 1 error (message on stderr, in the user's
 * language), 2 bad usage. Output meant for programs is JSON with --json.
 */
#ifndef BOUCLE_CLI_H
#define BOUCLE_CLI_H
#include <jansson.h>
#include "core/log/ctx.h"

enum { EXIT_OK = 0, EXIT_ERR = 1, EXIT_USAGE = 2 };

typedef struct Cli {
    const char *db_path;   /* --db, $BOUCLE_DB, or the XDG default */
    const char *lang;      /* --lang, or NULL */
    const char *prog;      /* argv[0] for messages */
} Cli;

typedef struct CliCommand {
    const char *name;      /* "lot", "device", "wipe", … */
    const char *summary;   /* N_("…"), shown by `boucle help` */
    int (*run)(Cli *cli, int argc, char **argv);  /* argv[0] is the name */
    int owns_db_option;    /* 1: after the name, --db is the subcommand's own
                            * (hub init --db NAME); the global --db must then
                            * come before the name */
} CliCommand;

extern const CliCommand cli_commands[];  /* ends with a {NULL} row */

/* Opens the context on cli->db_path. need_workshop: fail with a clear
 * message when `boucle init` has not run. Prints the error; returns 0/-1. */
int cli_open(Cli *cli, Ctx *c, int need_workshop, int db_flags);
/* Prints "boucle: <msg>" on stderr and returns the exit status for e
 * (2 for ERR_USAGE, 1 otherwise). */
int cli_fail(const Err *e);
/* Prints a usage error (printf-style, already translated) and returns 2. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints JSON to stdout (indented, UTF-8) and a newline; steals j. */
void cli_print_json(json_t *j);
/* Prints "  LABEL       VALUE": the label padded to 20 terminal cells (an
 * accent is one cell, a longer label is never cut), the value printf-style. */
void cli_field(const char *label, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Sets the acting operator from --operator / $BOUCLE_OPERATOR if given. */
int cli_operator(Ctx *c, const char *name);

#endif
