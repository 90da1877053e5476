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

/* ARPCHECK's exchange, driven by the caller's loop (so that the probes of every
 * device of a run share one window): begin sends an ARP probe for each address of
 * v on the device ifindex (whose MAC is mac; RFC 5227: sender address 0.0.0.0, so
 * no host learns a mapping) and returns the bound packet socket to poll, or -1
 * with e.  The caller sends them again halfway through its window (resend) and
 * reads what arrives (read): any ARP packet from another MAC that gives one of the
 * addresses as its sender marks it taken.  0, or -1 with e. */
int arp_probe_begin(int ifindex, const uint8_t mac[6], const struct arp_probe *v, size_t n,
		    struct kerr *e);
int arp_probe_resend(int fd, int ifindex, const uint8_t mac[6], const struct arp_probe *v, size_t n,
		     struct kerr *e);
int arp_probe_read(int fd, int ifindex, const uint8_t mac[6], struct arp_probe *v, size_t n,
		   struct kerr *e);
/* Announces addr on ifindex: an unsolicited ARP reply and an unsolicited ARP
 * request (neighbours update their caches on either), both broadcast.  0 or -1. */
int arp_announce(int ifindex, const uint8_t mac[6], struct in_addr addr, struct kerr *e);

#endif
