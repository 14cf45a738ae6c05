/*
 * app.h — the terminal UI as a whole: `boucle` with no subcommand calls
 * app_run() with an open context. It sets up the terminal (tui/), pushes the
 * home screen (or the operator choice first), runs the loop until the user
 * quits, and restores the terminal. Returns the process exit status.
 */
#ifndef BOUCLE_APP_H
#define BOUCLE_APP_H
#include "core/log/ctx.h"

int app_run(Ctx *c);

#endif
