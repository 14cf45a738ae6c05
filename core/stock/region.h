/*
 * region.h — the region's stock seen from this workshop: the devices the
 * OTHER workshops own and have made ready (state 'ready'), for a workshop
 * that looks for a machine another has on its shelf. Read-only, and only
 * from the local database: what the last pull brought (works offline).
 *
 * Paging is keyset on the row number n, newest first, as the device list
 * (device.h). Without a search each workshop's ready devices are an index
 * range (devices_workshop: workshop, state, n), merged here: a page costs
 * a page per workshop, whatever the size of the database. With a search:
 * when the other workshops have few ready devices (REGION_SCAN_MAX in all,
 * from the per-workshop tallies, constant time) their rows are read through
 * that index and checked one by one, so that a word frequent in this
 * workshop's own stock (« dell » on a million devices) costs nothing; else
 * the search indexes find the candidates (device_page with not_owner).
 */
#ifndef BOUCLE_REGION_H
#define BOUCLE_REGION_H
#include "core/stock/device.h"
#include "core/stock/specs.h"

typedef struct RegionQuery {
    const char *search;     /* as the device list's search; NULL or "" = all */
    const char *category;   /* a category key, NULL or "" = all */
    const char *grade;      /* a cosmetic grade, NULL or "" = all */
} RegionQuery;

/* A page of the other workshops' ready devices, strictly after anchor in
 * the direction dir (as device_page: dir > 0 older, anchor INT64_MAX = from
 * the top; dir < 0 newer, returned newest first too). Returns the count
 * (<= limit) or -1. */
int region_page(Ctx *c, const RegionQuery *q, int64_t anchor, int dir, int limit, DeviceRow *rows, Err *e);

/* When the device was last made ready (the newest device.state event to
 * 'ready'), else when it was received: the age the regional view shows. */
int region_ready_since(Ctx *c, const Device *d, Hlc *since, Err *e);

/* The number of ready devices the other workshops own (the tallies). */
int64_t region_ready_count(Ctx *c, Err *e);

#endif
