/*
 * csvout.h — writing CSV for spreadsheets (the documents for donors): a
 * field quoted (RFC 4180, quotes doubled) when it holds ';', ',', '"', CR
 * or LF; ';' between fields and CRLF after the last, as GLPI's exports and
 * French spreadsheets have it.
 */
#ifndef BOUCLE_CSVOUT_H
#define BOUCLE_CSVOUT_H
#include <stdio.h>

/* Writes s, then ';' or, when last, CRLF. */
void csv_out_field(FILE *f, const char *s, int last);

#endif
