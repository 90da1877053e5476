/* arp.h - the two ARP exchanges the legacy ifup-eth makes with arping around adding
 * an IPv4 address, made from this process over one packet socket: the duplicate
 * address check before (ARPCHECK, arping -D) and the gratuitous ARP after
 * (ARPUPDATE, arping -A and -U). */
#ifndef ARP_H
#define ARP_H

#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include "rtnl.h"

struct arp_probe {
	struct in_addr addr;		/* in: the address to be added */
	int taken;			/* out: another host answered for it ... */
	uint8_t holder[6];		/* ... from this MAC */
};

/* Probes every address of v on the device ifindex (whose MAC is mac) at once: an
 * ARP probe each (RFC 5227: sender address 0.0.0.0, so no host learns a mapping),
 * sent again halfway through wait_ms, and any ARP packet from another MAC that
 * gives one of them as its sender address in the window marks it taken.  Returns
 * 0 (results in v), or -1 with e (the socket could not be made or used). */
int arp_probe(int ifindex, const uint8_t mac[6], struct arp_probe *v, size_t n,
	      unsigned wait_ms, struct kerr *e);
/* Announces addr on ifindex: an unsolicited ARP reply and an unsolicited ARP
 * request (neighbours update their caches on either), both broadcast.  0 or -1. */
int arp_announce(int ifindex, const uint8_t mac[6], struct in_addr addr, struct kerr *e);

#endif
