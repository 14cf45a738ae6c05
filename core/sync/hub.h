/*
 * hub.h — setting up the regional hub (Apache CouchDB 3 or PouchDB Server).
 *
 * The hub database holds one document per event, written only by the
 * workshop that made it:
 *   { "_id": "<16 hex hlc>-<WORKSHOP>", "type": "event", "v": 1,
 *     "hlc": "<16 hex>", "time": "…Z", "workshop": "GRE1", "operator": "…",
 *     "device": "GRE1-000001" | null, "kind": "device.receive",
 *     "payload": { … } }
 * The hlc travels as hex text because JavaScript numbers lose the low bits
 * of a 64-bit clock.
 *
 * The design document _design/boucle enforces, for every non-admin writer:
 * the author (doc.workshop) is the logged-in user (userCtx.name), the id is
 * "<hlc>-<workshop>", the fields have their types, and an event that exists
 * is never changed or deleted (re-sending the same content is let through,
 * so the store itself answers "conflict": a re-push stays harmless), and
 * an event stamped more than a day ahead of the hub's clock is refused: a
 * PC whose date is years ahead would otherwise win every conflict. For
 * workshops (not hub admins) it also bounds what is stored: known kinds and
 * formats, a stamp after 2020, a payload at most HUB_PAYLOAD_DEPTH_MAX deep,
 * a document at most HUB_DOC_MAX long, a received device's id and a created
 * lot's id starting with "<workshop>-". What one workshop stores, every
 * other one pulls: a document that breaks a reader must not get in.
 * Besides events, the hub keeps each workshop's chain anchors (see
 * core/sync/anchor.h): "anchor:<WS>:<n, 12 digits>" and "key:<WS>:<hex>",
 * immutable, and "head:<WS>", which only moves forward (an older head or
 * another head at the same record is refused); their author is the
 * workshop, their fields and id checked. Nothing can check a signature
 * there: boucle does when it reads them.
 * Workshop users are named by their code and carry the role "boucle", the
 * only role admitted by the database's _security object.
 *
 * Every call takes a Couch logged in as a server admin (or none, on a server
 * still in "admin party"). Nothing here prompts: the command line does.
 */
#ifndef BOUCLE_HUB_H
#define BOUCLE_HUB_H
#include "core/sync/couch.h"

#define HUB_DB_DEFAULT "boucle"
#define HUB_ROLE "boucle"
#define HUB_DOC_VERSION 1   /* "v" of the event documents this build writes */
/* Of the design document: 2 bounds what it accepts (kinds, v, size, depth,
 * clock, ids of received devices and created lots); 3 takes the anchors of
 * the workshops' chains (core/sync/anchor.h): anchor and key documents
 * immutable, the head document only moving forward. */
#define HUB_DESIGN_VERSION 3
/* Bounds enforced by the design for workshops (not for hub admins), and by
 * the client on what it pulls. boucle's payloads are 1 to 3 levels deep. */
#define HUB_PAYLOAD_DEPTH_MAX 16           /* {} is 1, {"a":{}} is 2 */
#define HUB_DOC_MAX (256 * 1024)           /* a whole event document, in bytes */
#define HUB_CLOCK_MIN_MS 1577836800000LL   /* 2020-01-01T00:00:00Z: older stamps are a wrong clock */

typedef struct HubInfo {
    char vendor[64];      /* "CouchDB 3.3.3", "PouchDB Server 4.2.0" */
    int created_db;       /* the database was created by this call */
    int design_changed;   /* the design document was created or updated */
} HubInfo;

/* Checks the database name (CouchDB's rule: ^[a-z][a-z0-9_$()+/-]*$). */
int hub_db_name_valid(const char *name);
/* Creates (or brings up to date) the hub database `db`, its design document
 * and its _security object; creates _users when the server lacks it.
 * Idempotent. info may be NULL. */
int hub_init(Couch *admin, const char *db, HubInfo *info, Err *e);
/* Creates the hub user for workshop `code` with `password`, or resets its
 * password when it exists. *created (optional): 1 created, 0 updated. */
int hub_add_workshop(Couch *admin, const char *code, const char *password,
                     int *created, Err *e);
/* A random password of `len` characters (letters and digits, no look-alike
 * ones) into out (size > len). */
int hub_gen_password(char *out, size_t size, size_t len, Err *e);
/* The design document (for tests and the documentation). New reference. */
json_t *hub_design_doc(void);
/* Its validate_doc_update, with the bounds and the kinds filled in (the
 * caller frees). NULL: out of memory. */
char *hub_validate_js(void);
/* 1 when the hub's design accepts events of this kind: the kinds of
 * core/log/kind.c and the transfer kinds (device.offer, .accept, .cancel). */
int hub_kind_known(const char *kind);

#endif
