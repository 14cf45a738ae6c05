/*
 * print.h — printers and the persistent print queue.
 *
 * Printers are named in the configuration (core/settings/config.h):
 *
 *     [label]
 *     printer = zebra                  # the default printer
 *     printers = zebra brother         # the list the UI offers
 *     [printer]
 *     zebra = tcp://192.168.1.50:9100 template=50x25
 *     brother = cups:QL800 template=62x29
 *     zebra-usb = cups-raw:ZebraRaw dpi=300
 *
 * tcp://HOST[:PORT] sends ZPL raw to the printer (port 9100 by default);
 * cups:QUEUE sends a PDF through `lp`; cups-raw:QUEUE sends ZPL through `lp
 * -o raw` (a Zebra on USB behind a CUPS raw queue). template= and dpi= are
 * optional.
 *
 * The queue (table print_jobs) holds exactly the bytes to send, so that a
 * retry prints what was asked even if devices or configuration changed.
 * A job's state only moves forward:
 *
 *     queued ──send──▶ sending ──all accepted──▶ sent
 *       ▲  │              │
 *       │  └─cancel─▶ cancelled ◀─cancel─┤
 *       └── nothing reached the printer ──┘ (connection refused, lp failed)
 *
 * "sending" is written (committed) before the first byte leaves. A job left
 * in "sending" — the connection broke mid-stream, or boucle died — may have
 * printed in part: it is never resent automatically, only with force (the
 * person checked the printer). A device already waiting in a queued or
 * sending job is not queued again, and a device whose label was already
 * sent is skipped unless a reprint is asked for: nothing prints twice by
 * accident.
 */
#ifndef BOUCLE_PRINT_H
#define BOUCLE_PRINT_H
#include <stdint.h>
#include "core/log/ctx.h"
#include "core/label/label_render.h"

typedef enum { PRINTER_TCP, PRINTER_CUPS, PRINTER_CUPS_RAW } PrinterKind;

typedef struct Printer {
    char name[64];
    PrinterKind kind;
    char uri[512];           /* as configured, without options */
    char host[256];          /* tcp */
    int port;
    char queue[128];         /* cups, cups-raw */
    char template_name[256]; /* "" = the default template */
    int dpi;                 /* 0 = the template's */
} Printer;

/* Parses "URI [template=T] [dpi=N]". 0 / -1 with e (names the printer). */
int printer_parse(const char *name, const char *spec, Printer *out, Err *e);
/* Reads printer `name` from the configuration at path (NULL = default);
 * name NULL or "" = label.printer. 0 / -1 (ERR_NOTFOUND when not set). */
int printer_lookup(const char *config_path, const char *name, Printer *out, Err *e);
/* The names in label.printers (space or comma separated), at most max. */
int printer_names(const char *config_path, char names[][64], int max, Err *e);
/* ZPL for tcp and cups-raw, PDF for cups. */
LabelFormat printer_format(const Printer *p);

typedef enum { JOB_QUEUED, JOB_SENDING, JOB_SENT, JOB_CANCELLED, JOB__COUNT } JobState;
const char *job_state_key(JobState s);     /* "queued", … */
const char *job_state_label(JobState s);   /* translated */

typedef struct PrintJob {
    int64_t id;
    char printer[64];
    char target[512];        /* the printer's URI when the job was queued */
    char format[8];          /* "zpl" | "pdf" */
    int labels;
    JobState state;
    int attempts;
    char error[512];         /* last failure, "" when none */
    char cups_job[64];       /* lp's request id */
    char created[24], updated[24];  /* UTC "YYYY-MM-DD HH:MM:SS" */
} PrintJob;

/* Queues the already rendered data for the devices ids[0..n). Devices
 * waiting in another unfinished job are refused (ERR_EXISTS, the message
 * names the job); with reprint == 0 devices whose label was sent before are
 * refused too. Returns the job id, or -1. */
int64_t print_enqueue(Ctx *c, const Printer *p, const char *const *ids, int n, const void *data, size_t len,
                      int reprint, Err *e);
/* Of ids[0..n), keeps in out[] (pointers into ids) those that may be
 * queued: not in an unfinished job and, unless reprint, never sent.
 * Returns the count kept. */
int print_filter(Ctx *c, const char *const *ids, int n, int reprint, const char **out, Err *e);

/* Sends a job: queued jobs always, sending jobs only with force. 0 sent
 * (state sent); -1 with e: ERR_IO when the printer could not be reached or
 * refused (the job stays queued, or stays sending when some bytes left),
 * ERR_INPUT when the job is sent/cancelled or sending without force.
 * progress (optional) is called with bytes sent so far and the total. */
typedef void (*PrintProgress)(void *arg, size_t done, size_t total);
int print_send(Ctx *c, int64_t job, int force, PrintProgress progress, void *arg, Err *e);
/* Sends every queued job in order (not the sending ones). *sent and
 * *failed count jobs. 0 when all went, -1 with the first error in e. */
int print_retry(Ctx *c, int *sent, int *failed, Err *e);
int print_cancel(Ctx *c, int64_t job, Err *e);

int print_job_get(Ctx *c, int64_t job, PrintJob *out, Err *e);   /* 1 / 0 / -1 */
typedef int (*PrintJobCb)(void *arg, const PrintJob *j);
/* Jobs newest first; all == 0: only queued and sending. */
int print_jobs(Ctx *c, int all, PrintJobCb cb, void *arg, Err *e);

/* Socket timeouts for tcp printers, milliseconds (tests shorten them). */
extern int print_connect_timeout_ms;
extern int print_io_timeout_ms;

#endif
