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
    const char *operator;  /* --operator, or NULL (see cli_operator) */
} Cli;

/* One form of a command in its usage: the word after the command that
 * selects it ("add"; NULL when the command has no subcommands) and its
 * synopsis, N_("boucle device add --lot LOT ..."), '\n' between lines.
 * Each cli/cmd_*.c has one table of them, ending with a {NULL, NULL} row:
 * --help, -h and every usage error print from it. */
typedef struct CliForm {
    const char *sub;
    const char *synopsis;
} CliForm;

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
/* --help or -h: prints the forms of sub (every form when sub is NULL or
 * names none) on stdout; returns EXIT_OK. */
int cli_help(const CliForm *forms, const char *sub);
/* A usage error: "boucle: <message>" (unless fmt is NULL) and the forms of
 * sub (every form when sub is NULL) on stderr; returns EXIT_USAGE. */
int cli_usage_of(const CliForm *forms, const char *sub, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* 1 when arg asks for help: "--help" or "-h". */
int cli_is_help(const char *arg);
/* Prints JSON to stdout (indented, UTF-8) and a newline; steals j. */
void cli_print_json(json_t *j);
/* Prints "  LABEL       VALUE": the label padded to 20 terminal cells (an
 * accent is one cell, a longer label is never cut), the value printf-style. */
void cli_field(const char *label, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A table column: s padded with spaces to `cols` terminal cells into out
 * (n bytes), as printf's %-Ns would in bytes (« Hôpital » is 7 cells, 8
 * bytes); a longer s is never cut (a serial is kept whole). Returns out. */
const char *cli_col(char *out, size_t n, const char *s, int cols);
/* Sets who acts, for a command that records events: `name` (a
 * subcommand's own --operator), else the global --operator, else
 * $BOUCLE_OPERATOR, else `operator` in boucle.conf. The operator must be
 * known in this database: an unknown name, or none at all when required,
 * prints why (and the known operators) and returns -1 (exit status 1).
 * required 0: no operator at all is fine (the event records none). */
int cli_operator(Cli *cli, Ctx *c, const char *name, int required);
/* Asks question on the terminal (/dev/tty) and reads one line into out,
 * without echo when hidden. 0, or -1 with no terminal or at its end. */
int cli_prompt(const char *question, char *out, size_t size, int hidden);
/* A secret (a password) never comes from the command line, where `ps` and
 * the shell's history show it: on a terminal, cli_prompt() without echo;
 * otherwise the first line of standard input (`… < file`, a pipe). 0, -1
 * when nothing could be read, -2 when the line is longer than size - 1. */
int cli_read_secret(const char *question, char *out, size_t size);

#endif
