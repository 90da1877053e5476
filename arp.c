/* arp.c - ARPCHECK's duplicate address probe and ARPUPDATE's gratuitous ARP, over a
 * packet socket bound to the device: what the legacy scripts ran arping for, two
 * processes per address, without a process. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <net/if_arp.h>
#include <netinet/if_ether.h>
#include <netpacket/packet.h>
#include <sys/socket.h>
#include "arp.h"

/* An Ethernet/IPv4 ARP packet (RFC 826), the link header the socket's. */
struct arp_pkt {
	uint16_t htype, ptype;
	uint8_t hlen, plen;
	uint16_t op;
	uint8_t sha[6], spa[4], tha[6], tpa[4];
} __attribute__((packed));

static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static int fail(struct kerr *e, const char *what)
{
	e->err = errno;
	snprintf(e->msg, sizeof(e->msg), "%s", what);
	return -1;
}

/* SOCK_DGRAM: the kernel adds and strips the Ethernet header. */
int arp_open(int ifindex, struct kerr *e)
{
	struct sockaddr_ll sll = {
		.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ARP), .sll_ifindex = ifindex,
	};
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP));

	if (fd < 0)
		return fail(e, "ARP: cannot open a packet socket");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		fail(e, "ARP: cannot bind the packet socket to the device");
		close(fd);
		return -1;
	}
	return fd;
}

static int arp_send(int fd, int ifindex, uint16_t op, const uint8_t sha[6], struct in_addr spa,
		    const uint8_t tha[6], struct in_addr tpa, struct kerr *e)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ARP), .sll_ifindex = ifindex,
		.sll_halen = 6,
	};
	struct arp_pkt a = {
		.htype = htons(ARPHRD_ETHER), .ptype = htons(ETH_P_IP), .hlen = 6, .plen = 4,
		.op = htons(op),
	};

	memcpy(to.sll_addr, bcast, 6);
	memcpy(a.sha, sha, 6);
	memcpy(a.spa, &spa, 4);
	memcpy(a.tha, tha, 6);
	memcpy(a.tpa, &tpa, 4);
	if (sendto(fd, &a, sizeof(a), 0, (struct sockaddr *)&to, sizeof(to)) == sizeof(a))
		return 0;
	fail(e, "ARP: cannot send on the device");
	/* NET_XMIT_DROP: the device took the frame and dropped it, as a bond does
	 * while none of its ports transmits (802.3ad before its aggregator
	 * distributes); EAGAIN: the socket's buffer is full.  Neither lasts. */
	return errno == ENOBUFS || errno == EAGAIN ? 1 : -1;
}

static int send_probes(int fd, int ifindex, const uint8_t mac[6], const struct arp_probe *v,
		       size_t n, struct kerr *e)
{
	static const uint8_t zero[6];
	struct in_addr none = { 0 };

	for (size_t i = 0; i < n; i++) {
		int rc = arp_send(fd, ifindex, ARPOP_REQUEST, mac, none, zero, v[i].addr, e);

		if (rc)
			return rc;
	}
	return 0;
}

/* Marks the addresses of v the packet says another host uses. */
static void answered(const struct arp_pkt *a, const uint8_t mac[6], struct arp_probe *v, size_t n)
{
	if (a->htype != htons(ARPHRD_ETHER) || a->ptype != htons(ETH_P_IP) || a->hlen != 6 ||
	    a->plen != 4 || !memcmp(a->sha, mac, 6))
		return;
	for (size_t i = 0; i < n; i++)
		if (!memcmp(a->spa, &v[i].addr, 4) && !v[i].taken) {
			v[i].taken = 1;
			memcpy(v[i].holder, a->sha, 6);
		}
}

int arp_probe_send(int fd, int ifindex, const uint8_t mac[6], const struct arp_probe *v, size_t n,
		   struct kerr *e)
{
	return send_probes(fd, ifindex, mac, v, n, e);
}

int arp_probe_read(int fd, int ifindex, const uint8_t mac[6], struct arp_probe *v, size_t n,
		   struct kerr *e)
{
	for (;;) {
		struct sockaddr_ll from;
		socklen_t fl = sizeof(from);
		struct arp_pkt a;
		ssize_t len = recvfrom(fd, &a, sizeof(a), MSG_DONTWAIT, (struct sockaddr *)&from, &fl);

		if (len < 0 && errno == EINTR)
			continue;
		if (len < 0 && errno == EAGAIN)
			return 0;
		if (len < 0)
			return fail(e, "ARP: cannot read the packet socket");
		/* Our own probes come back as outgoing packets; and until bind() the
		 * socket queued ARP from every interface. */
		if (len == (ssize_t)sizeof(a) && from.sll_pkttype != PACKET_OUTGOING &&
		    from.sll_ifindex == ifindex)
			answered(&a, mac, v, n);
	}
}

int arp_announce(int fd, int ifindex, const uint8_t mac[6], struct in_addr addr, struct kerr *e)
{
	static const uint8_t zero[6];
	int rc;

	/* The reply's target MAC is the sender's: what the kernel's arp_process takes
	 * as gratuitous (so a neighbour updates even a freshly made entry). */
	if ((rc = arp_send(fd, ifindex, ARPOP_REPLY, mac, addr, mac, addr, e)))
		return rc;
	return arp_send(fd, ifindex, ARPOP_REQUEST, mac, addr, zero, addr, e);
}
