/*
 * hub.c — hub setup: database, design document, _security, workshop users
 * (see hub.h).
 *
 * The JavaScript below runs inside CouchDB (QuickJS in 3.5, SpiderMonkey
 * before) and PouchDB Server (Node): it sticks to ES5 so that all accept it.
 *
 * Views (all over event documents; query them with ?group=true where a
 * reduce is defined):
 * - by_device      [device, hlc, workshop] -> kind: a device's history.
 * - device_state   device -> {field: [hlc-workshop, value]} reduced by last
 *                  writer per field in (hlc, workshop) order, the same order
 *                  the workshops fold in: current state, category, grade,
 *                  outcome, lot, make, model and holding workshop of every
 *                  device of the region. Regional supply = this view
 *                  filtered by state / category / grade / workshop.
 * - supply         [state, category, grade, workshop] -> 1 with _count, per
 *                  state-changing event: the flow of devices through states
 *                  (how many were made ready, by category…).
 * - by_donor       [donor, lot] from lot.create and [lot, device] from
 *                  device.receive: per-donor traceability (donor -> lots ->
 *                  devices -> by_device).
 */
#include "core/sync/hub.h"
#include "core/log/kind.h"
#include "core/stock/workshop.h"
#include "util/i18n.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/* The validation function. @NAME@ marks are filled in by validate_js()
 * from the C constants (hub.h) and the table of event kinds, so that the
 * hub and this build agree on one list. Plain ES5 (QuickJS in CouchDB 3.5,
 * SpiderMonkey in older ones, Node in PouchDB Server) and no recursion: a
 * document nested 3 000 levels deep must be measured, not blow the stack,
 * so depth and equality walk an explicit stack. */
static const char VALIDATE_JS[] =
    "function (newDoc, oldDoc, userCtx, secObj) {\n"
    "  var admin = userCtx.roles.indexOf('_admin') !== -1;\n"
    "  var KINDS = @KINDS@;\n"
    "  var V_MAX = @V_MAX@, DEPTH_MAX = @DEPTH_MAX@, SIZE_MAX = @SIZE_MAX@, MIN_MS = @MIN_MS@;\n"
    "  function strip(d) {\n"
    "    var o = {};\n"
    "    for (var k in d) if (k !== '_rev' && k !== '_revisions') o[k] = d[k];\n"
    "    return o;\n"
    "  }\n"
    "  function same(a, b) {\n"
    "    var st = [a, b];\n"
    "    while (st.length) {\n"
    "      var y = st.pop(), x = st.pop(), k, n = 0, m = 0;\n"
    "      if (x === y) continue;\n"
    "      if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;\n"
    "      if (Array.isArray(x) !== Array.isArray(y)) return false;\n"
    "      for (k in x) { n++; if (!y.hasOwnProperty(k)) return false; st.push(x[k], y[k]); }\n"
    "      for (k in y) m++;\n"
    "      if (n !== m) return false;\n"
    "    }\n"
    "    return true;\n"
    "  }\n"
    "  function depth(v) {\n"
    "    var st = [v, 1], max = 0;\n"
    "    while (st.length) {\n"
    "      var d = st.pop(), o = st.pop();\n"
    "      if (typeof o !== 'object' || o === null) continue;\n"
    "      if (d > max) max = d;\n"
    "      if (max > DEPTH_MAX) return max;\n"
    "      for (var k in o) if (typeof o[k] === 'object' && o[k] !== null) st.push(o[k], d + 1);\n"
    "    }\n"
    "    return max;\n"
    "  }\n"
    "  if (newDoc._id.indexOf('_design/') === 0) {\n"
    "    if (!admin) throw({unauthorized: 'only a hub admin may change the design'});\n"
    "    return;\n"
    "  }\n"
    "  var CHAIN = {anchor: 1, head: 1, key: 1};\n"
    "  if (newDoc._deleted) {\n"
    "    if (admin) return;\n"
    "    var t = oldDoc && CHAIN.hasOwnProperty(oldDoc.type) ? oldDoc.type : 'event';\n"
    "    throw({forbidden: t + 's are never deleted'});\n"
    "  }\n"
    "  if (CHAIN.hasOwnProperty(newDoc.type) || (oldDoc && !oldDoc._deleted && CHAIN.hasOwnProperty(oldDoc.type))) {\n"
    "    var T = newDoc.type, F = {anchor: ['n', 'hash', 'key', 'sig'], head: ['n', 'hash', 'key', 'sig'], key: ['key', 'replaces']};\n"
    "    if (oldDoc && !oldDoc._deleted && oldDoc.type !== T) throw({forbidden: 'a document never changes its type'});\n"
    "    if (!CHAIN.hasOwnProperty(T)) throw({forbidden: 'unknown document type'});\n"
    "    var allowed = {_id: 1, _rev: 1, _revisions: 1, type: 1, workshop: 1, at: 1};\n"
    "    for (var i = 0; i < F[T].length; i++) allowed[F[T][i]] = 1;\n"
    "    for (var f in newDoc) if (!allowed.hasOwnProperty(f)) throw({forbidden: 'field ' + f + ' is not allowed in documents of type ' + T});\n"
    "    for (var f2 in allowed) if (f2.charAt(0) !== '_' && !newDoc.hasOwnProperty(f2)) throw({forbidden: 'field ' + f2 + ' is missing'});\n"
    "    if (typeof newDoc.workshop !== 'string' || !/^[A-Z0-9]{2,8}$/.test(newDoc.workshop)) throw({forbidden: 'field workshop is not a workshop code'});\n"
    "    if (typeof newDoc.key !== 'string' || !/^[0-9a-f]{64}$/.test(newDoc.key)) throw({forbidden: 'field key must be 64 hex digits'});\n"
    "    if (typeof newDoc.at !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,3})?Z$/.test(newDoc.at)) throw({forbidden: 'field at must be an ISO time'});\n"
    "    var id;\n"
    "    if (T === 'key') {\n"
    "      if (typeof newDoc.replaces !== 'string' || !/^(([0-9a-f]{4} ){7}[0-9a-f]{4})?$/.test(newDoc.replaces)) throw({forbidden: 'field replaces must be a key fingerprint or empty'});\n"
    "      id = 'key:' + newDoc.workshop + ':' + newDoc.key;\n"
    "    } else {\n"
    "      if (typeof newDoc.n !== 'number' || newDoc.n !== Math.floor(newDoc.n) || newDoc.n < 1 || newDoc.n > 9007199254740991) throw({forbidden: 'field n must be an integer of at least 1'});\n"
    "      if (typeof newDoc.hash !== 'string' || !/^[0-9a-f]{64}$/.test(newDoc.hash)) throw({forbidden: 'field hash must be 64 hex digits'});\n"
    "      if (typeof newDoc.sig !== 'string' || !/^[0-9a-f]{128}$/.test(newDoc.sig)) throw({forbidden: 'field sig must be 128 hex digits'});\n"
    "      var pad = '' + newDoc.n;\n"
    "      while (pad.length < 12) pad = '0' + pad;\n"
    "      id = T === 'head' ? 'head:' + newDoc.workshop : 'anchor:' + newDoc.workshop + ':' + pad;\n"
    "    }\n"
    "    if (newDoc._id !== id) throw({forbidden: 'the id of this ' + T + ' must be ' + id});\n"
    "    if (!admin && newDoc.workshop !== userCtx.name)\n"
    "      throw({forbidden: 'user ' + userCtx.name + ' may not write ' + T + 's of workshop ' + newDoc.workshop});\n"
    "    if (!oldDoc || oldDoc._deleted) return;\n"
    "    if (T !== 'head') {\n"
    "      if (same(strip(newDoc), strip(oldDoc))) return;\n"
    "      throw({forbidden: T + 's are immutable'});\n"
    "    }\n"
    "    if (newDoc.n < oldDoc.n) throw({forbidden: 'older head: the hub holds the head at record ' + oldDoc.n + ', this one is at ' + newDoc.n});\n"
    "    if (newDoc.n === oldDoc.n && newDoc.hash !== oldDoc.hash) throw({forbidden: 'divergent head: the hub holds another head at record ' + newDoc.n});\n"
    "    return;\n"
    "  }\n"
    "  if (oldDoc && !oldDoc._deleted) {\n"
    "    if (same(strip(newDoc), strip(oldDoc))) return;\n"
    "    throw({forbidden: 'events are immutable'});\n"
    "  }\n"
    "  function need(f, t) {\n"
    "    if (typeof newDoc[f] !== t || newDoc[f] === null)\n"
    "      throw({forbidden: 'field ' + f + ' must be of type ' + t});\n"
    "  }\n"
    "  if (newDoc.type !== 'event') throw({forbidden: 'only events, anchors, heads and keys are stored here'});\n"
    "  need('v', 'number'); need('hlc', 'string'); need('workshop', 'string');\n"
    "  need('operator', 'string'); need('kind', 'string'); need('payload', 'object');\n"
    "  if (Array.isArray(newDoc.payload)) throw({forbidden: 'field payload must be an object'});\n"
    "  if (newDoc.device !== null && typeof newDoc.device !== 'string')\n"
    "    throw({forbidden: 'field device must be a string or null'});\n"
    "  if (!/^[0-9a-f]{16}$/.test(newDoc.hlc)) throw({forbidden: 'field hlc must be 16 hex digits'});\n"
    "  if (!/^[A-Z0-9]{2,8}$/.test(newDoc.workshop)) throw({forbidden: 'field workshop is not a workshop code'});\n"
    "  if (!/^[a-z]+(\\.[a-z_]+)+$/.test(newDoc.kind)) throw({forbidden: 'field kind is not an event kind'});\n"
    "  if (newDoc._id !== newDoc.hlc + '-' + newDoc.workshop)\n"
    "    throw({forbidden: 'the id must be <hlc>-<workshop>'});\n"
    "  var ms = parseInt(newDoc.hlc.substring(0, 12), 16);\n"
    "  if (ms > Date.now() + 86400000)\n"
    "    throw({forbidden: 'the clock of the PC that wrote this event is ahead by ' +\n"
    "           Math.round((ms - Date.now()) / 86400000) + ' days; set its date and time'});\n"
    "  if (admin) return;\n"
    "  if (newDoc.workshop !== userCtx.name)\n"
    "    throw({forbidden: 'user ' + userCtx.name + ' may not write events of workshop ' + newDoc.workshop});\n"
    "  if (!KINDS.hasOwnProperty(newDoc.kind))\n"
    "    throw({forbidden: 'unknown event kind ' + newDoc.kind + '; the hub admin runs boucle hub init with a newer boucle'});\n"
    "  if (newDoc.v !== Math.floor(newDoc.v) || newDoc.v < 1 || newDoc.v > V_MAX)\n"
    "    throw({forbidden: 'unknown document format ' + newDoc.v + '; the hub admin runs boucle hub init with a newer boucle'});\n"
    "  if (ms < MIN_MS)\n"
    "    throw({forbidden: 'the clock of the PC that wrote this event is years behind; set its date and time'});\n"
    "  var d = depth(newDoc.payload);\n"
    "  if (d > DEPTH_MAX)\n"
    "    throw({forbidden: 'field payload is nested deeper than ' + DEPTH_MAX + ' levels'});\n"
    "  var size = JSON.stringify(newDoc).length;\n"
    "  if (size > SIZE_MAX)\n"
    "    throw({forbidden: 'the document is larger than ' + SIZE_MAX + ' characters (' + size + ')'});\n"
    "  var own = newDoc.workshop + '-';\n"
    "  if (newDoc.kind === 'device.receive' &&\n"
    "      (typeof newDoc.device !== 'string' || newDoc.device.indexOf(own) !== 0))\n"
    "    throw({forbidden: 'a device received by ' + newDoc.workshop + ' has an id starting with ' + own});\n"
    "  if (newDoc.kind === 'lot.create' &&\n"
    "      (typeof newDoc.payload.lot !== 'string' || newDoc.payload.lot.indexOf(own) !== 0))\n"
    "    throw({forbidden: 'a lot created by ' + newDoc.workshop + ' has an id starting with ' + own});\n"
    "}";

/* Kinds the hub accepts besides the table of core/log/kind.c: the transfer
 * kinds being added there (a kind in both is listed once). */
static const char *const HUB_KINDS_EXTRA[] = { "device.offer", "device.accept", "device.cancel" };

/* Appends src to the growing string *out (NULL on allocation failure). */
static void put(char **out, size_t *len, const char *src, size_t n)
{
    if (!*out) return;
    char *p = realloc(*out, *len + n + 1);
    if (!p) { free(*out); *out = NULL; return; }
    memcpy(p + *len, src, n);
    *len += n;
    p[*len] = '\0';
    *out = p;
}

int hub_kind_known(const char *kind)
{
    if (kind_find(kind)) return 1;
    for (size_t i = 0; i < sizeof HUB_KINDS_EXTRA / sizeof HUB_KINDS_EXTRA[0]; i++)
        if (strcmp(HUB_KINDS_EXTRA[i], kind) == 0) return 1;
    return 0;
}

/* The object literal {"kind": 1, …} of the kinds the hub accepts. */
static json_t *kinds_object(void)
{
    json_t *o = json_object();
    size_t n;
    const EventKind *k = kind_all(&n);
    for (size_t i = 0; i < n; i++) json_object_set_new(o, k[i].name, json_integer(1));
    for (size_t i = 0; i < sizeof HUB_KINDS_EXTRA / sizeof HUB_KINDS_EXTRA[0]; i++)
        json_object_set_new(o, HUB_KINDS_EXTRA[i], json_integer(1));
    return o;
}

char *hub_validate_js(void)
{
    json_t *kinds = kinds_object();
    char *kt = json_dumps(kinds, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(kinds);
    if (!kt) return NULL;
    char vmax[24], dmax[24], smax[24], mms[24];
    snprintf(vmax, sizeof vmax, "%d", HUB_DOC_VERSION);
    snprintf(dmax, sizeof dmax, "%d", HUB_PAYLOAD_DEPTH_MAX);
    snprintf(smax, sizeof smax, "%d", HUB_DOC_MAX);
    snprintf(mms, sizeof mms, "%lld", (long long)HUB_CLOCK_MIN_MS);
    const struct { const char *mark, *value; } subst[] = {
        { "@KINDS@", kt }, { "@V_MAX@", vmax }, { "@DEPTH_MAX@", dmax },
        { "@SIZE_MAX@", smax }, { "@MIN_MS@", mms },
    };
    char *out = calloc(1, 1);
    size_t len = 0;
    const char *p = VALIDATE_JS;
    while (*p) {
        const char *at = strchr(p, '@');
        size_t k = 0;
        if (at) {
            for (k = 0; k < sizeof subst / sizeof subst[0]; k++)
                if (strncmp(at, subst[k].mark, strlen(subst[k].mark)) == 0) break;
        }
        if (!at || k == sizeof subst / sizeof subst[0]) {
            size_t n = at ? (size_t)(at - p) + 1 : strlen(p);
            put(&out, &len, p, n);
            p += n;
            continue;
        }
        put(&out, &len, p, (size_t)(at - p));
        put(&out, &len, subst[k].value, strlen(subst[k].value));
        p = at + strlen(subst[k].mark);
    }
    free(kt);
    return out;
}

static const char BY_DEVICE_JS[] =
    "function (doc) {\n"
    "  if (doc.type === 'event' && doc.device) emit([doc.device, doc.hlc, doc.workshop], doc.kind);\n"
    "}";

static const char STATE_MAP_JS[] =
    "function (doc) {\n"
    "  if (doc.type !== 'event' || !doc.device) return;\n"
    "  var p = doc.payload || {}, k = doc.hlc + '-' + doc.workshop, v = {};\n"
    "  var f = ['state', 'category', 'grade', 'outcome', 'lot', 'make', 'model'];\n"
    "  for (var i = 0; i < f.length; i++)\n"
    "    if (typeof p[f[i]] === 'string' && p[f[i]] !== '') v[f[i]] = [k, p[f[i]]];\n"
    "  if (doc.kind === 'device.receive') {\n"
    "    if (!v.state) v.state = [k, 'received'];\n"
    "    v.workshop = [k, doc.workshop];\n"
    "  }\n"
    "  emit(doc.device, v);\n"
    "}";

/* Last writer per field: associative and commutative, and the result has a
 * fixed size, so CouchDB's reduce_limit never trips. */
static const char STATE_REDUCE_JS[] =
    "function (keys, values, rereduce) {\n"
    "  var r = {};\n"
    "  for (var i = 0; i < values.length; i++)\n"
    "    for (var f in values[i])\n"
    "      if (!r[f] || values[i][f][0] > r[f][0]) r[f] = values[i][f];\n"
    "  return r;\n"
    "}";

static const char SUPPLY_JS[] =
    "function (doc) {\n"
    "  if (doc.type !== 'event' || !doc.device || !doc.payload) return;\n"
    "  var s = doc.kind === 'device.receive' ? 'received' : doc.payload.state;\n"
    "  if (typeof s !== 'string') return;\n"
    "  emit([s, doc.payload.category || null, doc.payload.grade || null, doc.workshop], 1);\n"
    "}";

static const char BY_DONOR_JS[] =
    "function (doc) {\n"
    "  if (doc.type !== 'event' || !doc.payload) return;\n"
    "  if (doc.kind === 'lot.create' && doc.payload.donor)\n"
    "    emit([doc.payload.donor, doc.payload.lot], {workshop: doc.workshop, date: doc.payload.date || null});\n"
    "  if (doc.kind === 'device.receive' && doc.payload.lot)\n"
    "    emit([doc.payload.lot, doc.device], {serial: doc.payload.serial || null, time: doc.time});\n"
    "}";

json_t *hub_design_doc(void)
{
    char *validate = hub_validate_js();
    if (!validate) return NULL;
    json_t *views = json_pack("{s:{s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s}}",
        "by_device", "map", BY_DEVICE_JS,
        "device_state", "map", STATE_MAP_JS, "reduce", STATE_REDUCE_JS,
        "supply", "map", SUPPLY_JS, "reduce", "_count",
        "by_donor", "map", BY_DONOR_JS);
    json_t *d = json_pack("{s:s, s:s, s:s, s:o, s:{s:i, s:i}}",
        "_id", "_design/boucle", "language", "javascript",
        "validate_doc_update", validate, "views", views,
        "boucle", "doc_version", HUB_DOC_VERSION, "design_version", HUB_DESIGN_VERSION);
    free(validate);
    return d;
}

int hub_db_name_valid(const char *name)
{
    if (!name || !(*name >= 'a' && *name <= 'z') || strlen(name) > 200) return 0;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr("_$()+-/", *p)))
            return 0;
    return 1;
}

/* PUT /name; a database that exists already (412) is fine. 1 created, 0
 * existed, -1 error. */
static int ensure_db(Couch *c, const char *name, Err *e)
{
    char path[512], esc[256];
    if (couch_escape(name, esc, sizeof esc) < 0)
        return err_set(e, ERR_INPUT, _("hub database name too long"));
    snprintf(path, sizeof path, "/%s", esc);
    long status = 0;
    json_t *out = NULL;
    if (couch_request(c, "PUT", path, NULL, &status, &out, e) == 0) {
        json_decref(out);
        return 1;
    }
    json_decref(out);
    if (status == 412) { err_clear(e); return 0; }
    return -1;
}

static void vendor_of(json_t *root, char *out, size_t size)
{
    const char *ver = json_string_value(json_object_get(root, "version"));
    if (json_object_get(root, "couchdb"))
        snprintf(out, size, "CouchDB %s", ver ? ver : "?");
    else if (json_object_get(root, "express-pouchdb"))
        snprintf(out, size, "PouchDB Server %s", ver ? ver : "?");
    else
        snprintf(out, size, "%s", "");
}

/* Puts a document at path, replacing what is there (with its _rev) unless
 * it is already equal. 1 written, 0 unchanged, -1 error. */
static int put_replacing(Couch *c, const char *path, json_t *doc, Err *e)
{
    long status = 0;
    json_t *cur = NULL;
    if (couch_request(c, "GET", path, NULL, &status, &cur, e) == 0) {
        json_t *rev = json_object_get(cur, "_rev");
        json_t *want = json_deep_copy(doc);
        if (rev) json_object_set(want, "_rev", rev);
        int same = json_equal(want, cur);
        json_decref(cur);
        if (same) { json_decref(want); return 0; }
        int rc = couch_request(c, "PUT", path, want, NULL, NULL, e);
        json_decref(want);
        return rc < 0 ? -1 : 1;
    }
    json_decref(cur);
    if (status != 404) return -1;
    err_clear(e);
    return couch_request(c, "PUT", path, doc, NULL, NULL, e) < 0 ? -1 : 1;
}

int hub_init(Couch *admin, const char *db, HubInfo *info, Err *e)
{
    HubInfo local;
    if (!info) info = &local;
    memset(info, 0, sizeof *info);
    if (!hub_db_name_valid(db))
        return err_set(e, ERR_INPUT, _("\"%s\" is not a valid hub database name (lower-case letters, digits and _$()+-/, starting with a letter)"), db);
    json_t *root = NULL;
    if (couch_request(admin, "GET", "/", NULL, NULL, &root, e) < 0) return -1;
    vendor_of(root, info->vendor, sizeof info->vendor);
    json_decref(root);
    if (!info->vendor[0])
        return err_set(e, ERR_IO, _("the server at %s is not a CouchDB hub"), couch_url_public(admin));
    /* CouchDB 3 creates no system database by itself on a single node. */
    if (ensure_db(admin, "_users", e) < 0) return -1;
    int made = ensure_db(admin, db, e);
    if (made < 0) return -1;
    info->created_db = made;

    char esc[256], path[512];
    couch_escape(db, esc, sizeof esc);
    json_t *ddoc = hub_design_doc();
    snprintf(path, sizeof path, "/%s/_design/boucle", esc);
    int rc = put_replacing(admin, path, ddoc, e);
    json_decref(ddoc);
    if (rc < 0) return -1;
    info->design_changed = rc;

    json_t *sec = json_pack("{s:{s:[], s:[]}, s:{s:[], s:[s]}}",
                            "admins", "names", "roles",
                            "members", "names", "roles", HUB_ROLE);
    snprintf(path, sizeof path, "/%s/_security", esc);
    rc = couch_request(admin, "PUT", path, sec, NULL, NULL, e);
    json_decref(sec);
    return rc;
}

int hub_add_workshop(Couch *admin, const char *code, const char *password,
                     int *created, Err *e)
{
    if (!workshop_code_valid(code))
        return err_set(e, ERR_INPUT, _("\"%s\" is not a workshop code (2 to 8 upper-case letters or digits)"), code);
    if (!password || strlen(password) < 8)
        return err_set(e, ERR_INPUT, _("a hub password needs at least 8 characters"));
    if (ensure_db(admin, "_users", e) < 0) return -1;
    char path[128];
    snprintf(path, sizeof path, "/_users/org.couchdb.user:%s", code);
    json_t *doc = json_pack("{s:s, s:s, s:s, s:[s], s:s}",
                            "_id", path + 8, "name", code, "password", password,
                            "roles", HUB_ROLE, "type", "user");
    long status = 0;
    json_t *cur = NULL;
    int was = 0;
    if (couch_request(admin, "GET", path, NULL, &status, &cur, e) == 0) {
        json_object_set(doc, "_rev", json_object_get(cur, "_rev"));
        was = 1;
    } else if (status != 404) {
        json_decref(cur);
        json_decref(doc);
        return -1;
    }
    json_decref(cur);
    err_clear(e);
    int rc = couch_request(admin, "PUT", path, doc, NULL, NULL, e);
    /* The password was in the document: wipe it before freeing. */
    json_t *pw = json_object_get(doc, "password");
    if (pw) {
        char *s = (char *)json_string_value(pw);
        explicit_bzero(s, strlen(s));
    }
    json_decref(doc);
    if (rc < 0) return -1;
    if (created) *created = !was;
    return 0;
}

int hub_gen_password(char *out, size_t size, size_t len, Err *e)
{
    /* No 0/O, 1/l/I: the password may be read aloud or copied by hand. */
    static const char alphabet[] = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    const size_t n = sizeof alphabet - 1;
    if (size <= len) return err_set(e, ERR_INTERNAL, _("password buffer too small"));
    for (size_t i = 0; i < len;) {
        unsigned char b[32];
        if (getrandom(b, sizeof b, 0) != (ssize_t)sizeof b)
            return err_set(e, ERR_IO, _("no randomness available for a password"));
        for (size_t k = 0; k < sizeof b && i < len; k++)
            if (b[k] < 256 - 256 % n) out[i++] = alphabet[b[k] % n];  /* no modulo bias */
    }
    out[len] = '\0';
    return 0;
}
