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

/* A packet socket bound to the device ifindex, for ARP: the fd, or -1 with e. */
int arp_open(int ifindex, struct kerr *e);
/* ARPCHECK's exchange, driven by the caller's loop (so that the probes of every
 * device of a run share one window): send sends an ARP probe for each address of
 * v on the device (whose MAC is mac; RFC 5227: sender address 0.0.0.0, so no host
 * learns a mapping), once when the window begins and again halfway through it;
 * read reads what arrives: any ARP packet from another MAC that gives one of the
 * addresses as its sender marks it taken.  0, or -1 with e. */
int arp_probe_send(int fd, int ifindex, const uint8_t mac[6], const struct arp_probe *v, size_t n,
		   struct kerr *e);
int arp_probe_read(int fd, int ifindex, const uint8_t mac[6], struct arp_probe *v, size_t n,
		   struct kerr *e);
/* Announces addr on the socket's device: an unsolicited ARP reply and an
 * unsolicited ARP request (neighbours update their caches on either), both
 * broadcast.  0, or -1 with e. */
int arp_announce(int fd, int ifindex, const uint8_t mac[6], struct in_addr addr, struct kerr *e);
/* Both senders return 1 (with e) when the device dropped a frame, which lasts
 * only as long as its ports cannot transmit: to be sent again. */

#endif
