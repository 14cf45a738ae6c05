/*
 * agent_dev.h — what the agent XML and the agent JSON readers share
 * (agent_xml.c, agent_json.c): both walk their file and hand each value of
 * REQUEST/CONTENT/<SECTION>/<FIELD> (content.<section>.<field>) here, by
 * section and field name in any case; this turns them into one InvDevice by
 * the rules of inventory.h. Internal to core/inventory.
 *
 *   AgentDev a; agent_begin(&a);
 *   agent_item_begin(&a, "STORAGES");          each element of a section
 *   agent_value(&a, "STORAGES", "MODEL", "…");
 *   agent_item_end(&a);
 *   agent_end(&a, "REQUEST/CONTENT", sink, e);  the device to the sink
 */
#ifndef BOUCLE_AGENT_DEV_H
#define BOUCLE_AGENT_DEV_H
#include "core/inventory/inventory.h"

#define AGENT_DEPTH_MAX 64   /* deeper nesting is refused: agents write 4 or 5 levels */
#define AGENT_VAL 256        /* bytes kept of a value we use (longer ones are cut) */

typedef enum { AS_NONE, AS_BIOS, AS_HARDWARE, AS_CPUS, AS_MEMORIES, AS_STORAGES, AS_BATTERIES } AgentSection;

typedef struct AgentDev {
    InvDevice d;
    char ssn[AGENT_VAL], msn[AGENT_VAL], asset[AGENT_VAL];
    char smanuf[AGENT_VAL], mmanuf[AGENT_VAL], smodel[AGENT_VAL], mmodel[AGENT_VAL];
    char chassis_hw[AGENT_VAL], chassis_bios[AGENT_VAL];
    int64_t mem_hw, mem_sum;
    int bad_disk_serials;   /* disks whose serial was a placeholder */
    /* the element being read */
    AgentSection sec;
    char model[AGENT_VAL], name[AGENT_VAL], serial[AGENT_VAL], type[AGENT_VAL], iface[AGENT_VAL];
    char desc[AGENT_VAL], manuf[AGENT_VAL];
    int64_t size_bytes, cap, real_cap, cap_mah, voltage;
} AgentDev;

void agent_begin(AgentDev *a);
AgentSection agent_section(const char *name);
void agent_item_begin(AgentDev *a, const char *section);
/* One value (UTF-8, as the file gave it) of the current element; values of
 * BIOS and HARDWARE need no item_begin. */
void agent_value(AgentDev *a, const char *section, const char *field, const char *value);
void agent_item_end(AgentDev *a);
/* Finishes the device: where goes into d.where; a device without a serial
 * and a tag goes to sink->note. 0, or -1 when the sink said stop. */
int agent_end(AgentDev *a, const char *where, const InvSink *sink, Err *e);

/* Copies s as clean one-line text: control characters, line separators and
 * bidirectional marks become spaces, blanks collapsed and trimmed, at most
 * max_chars characters and size-1 bytes, whole characters. */
void agent_text(char *out, size_t size, const char *s, size_t max_chars);

#endif
