/* vlan_qos.h - a VLAN's priority maps, as the files give them and the kernel holds
 * them: ingress (PCP 0-7 -> skb priority) and egress (skb priority -> PCP 0-7). */
#ifndef VLAN_QOS_H
#define VLAN_QOS_H

#include <stdint.h>

/* Only mappings to a non-zero value exist in the kernel: writing 0 removes one
 * (vlan_dev_set_egress_priority()); the kernel reports the others. */
#define VLAN_QOS_MAX 64
struct vlan_qos_map {
	uint32_t from, to;
};
struct vlan_qos {
	uint8_t n_in, n_eg;
	struct vlan_qos_map in[8], eg[VLAN_QOS_MAX];
};

#endif
