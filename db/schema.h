/*
 * schema.h — the list of migrations (schema.c) and of projection tables.
 */
#ifndef BOUCLE_SCHEMA_H
#define BOUCLE_SCHEMA_H

int schema_count(void);                 /* = the current schema version */
const char *schema_migration(int i);    /* SQL taking version i to i+1 */
int schema_projection_count(void);
const char *schema_projection(int i);   /* table names emptied by rebuild */

#endif
