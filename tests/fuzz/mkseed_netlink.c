/* mkseed_netlink DIR - seeds for fuzz_netlink: what the kernel sends for a bond with
 * two slaves, a VLAN on it in a bridge, an address, a default route, IPv6's, an
 * ethtool feature and link mode reply, a removal and a refusal with its text, each
 * message as a file and all of them as one. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

#ifndef IFF_LOWER_UP
#define IFF_LOWER_UP 0x10000	/* <linux/if.h>; <net/if.h> lacks it */
#endif

static FILE *all;
static const char *dir;
static int nseed;

static void emit(struct nl_msg *msg)
{
	struct nlmsghdr *h = nlmsg_hdr(msg);
	size_t len = NLMSG_ALIGN(h->nlmsg_len);
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/msg%d", dir, nseed++);
	if (!(fp = fopen(path, "w")) || fwrite(h, 1, len, fp) != len || fclose(fp) ||
	    fwrite(h, 1, len, all) != len) {
		perror(path);
		exit(1);
	}
	nlmsg_free(msg);
}

static struct nl_msg *link(int type, int ifindex, const char *name, unsigned flags)
{
	struct ifinfomsg ifi = { .ifi_family = AF_UNSPEC, .ifi_index = ifindex, .ifi_flags = flags };
	struct nl_msg *msg = nlmsg_alloc_simple(type, NLM_F_MULTI);
	unsigned char mac[6] = { 2, 0, 0, 0, 0, (unsigned char)ifindex };

	if (!msg || nlmsg_append(msg, &ifi, sizeof(ifi), NLMSG_ALIGNTO) < 0)
		exit(1);
	nla_put_string(msg, IFLA_IFNAME, name);
	nla_put_u32(msg, IFLA_MTU, 1500);
	nla_put(msg, IFLA_ADDRESS, 6, mac);
	nla_put_u32(msg, IFLA_CARRIER_CHANGES, 2);
	return msg;
}

static void slave_of(struct nl_msg *msg, int master, const char *kind, const char *skind)
{
	struct nlattr *li, *sd;

	nla_put_u32(msg, IFLA_MASTER, (uint32_t)master);
	li = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, kind);
	nla_put_string(msg, IFLA_INFO_SLAVE_KIND, skind);
	sd = nla_nest_start(msg, IFLA_INFO_SLAVE_DATA);
	if (!strcmp(skind, "bond")) {
		nla_put_u8(msg, IFLA_BOND_SLAVE_STATE, 0);
		nla_put_u8(msg, IFLA_BOND_SLAVE_MII_STATUS, 0);
		nla_put_u16(msg, IFLA_BOND_SLAVE_QUEUE_ID, 0);
	} else {
		nla_put_u32(msg, IFLA_BRPORT_COST, 100);
		nla_put_u8(msg, IFLA_BRPORT_LEARNING, 1);
	}
	nla_nest_end(msg, sd);
	nla_nest_end(msg, li);
}

int main(int argc, char **argv)
{
	struct nl_msg *msg;
	struct nlattr *li, *data, *n, *q;
	struct in_addr a;
	char path[512];

	if (argc != 2)
		return 2;
	dir = argv[1];
	snprintf(path, sizeof(path), "%s/all", dir);
	if (!(all = fopen(path, "w")))
		return 1;

	msg = link(RTM_NEWLINK, 2, "bond0", IFF_UP | IFF_LOWER_UP | IFF_MASTER);
	li = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put_u8(msg, IFLA_BOND_MODE, 1);
	nla_put_u32(msg, IFLA_BOND_MIIMON, 100);
	nla_put_u32(msg, IFLA_BOND_PRIMARY, 3);
	nla_put_u32(msg, IFLA_BOND_ACTIVE_SLAVE, 3);
	n = nla_nest_start(msg, IFLA_BOND_ARP_IP_TARGET);
	inet_pton(AF_INET, "192.0.2.1", &a);
	nla_put_u32(msg, 0, a.s_addr);
	nla_nest_end(msg, n);
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	emit(msg);

	msg = link(RTM_NEWLINK, 3, "eth0", IFF_UP | IFF_LOWER_UP | IFF_SLAVE);
	slave_of(msg, 2, "veth", "bond");
	emit(msg);
	msg = link(RTM_NEWLINK, 4, "eth1", IFF_UP | IFF_SLAVE);
	slave_of(msg, 2, "veth", "bond");
	emit(msg);

	/* An 802.3ad bond with its active aggregator and one port in it (bondctl
	 * status's LACP facts). */
	msg = link(RTM_NEWLINK, 9, "bond1", IFF_UP | IFF_LOWER_UP | IFF_MASTER);
	li = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put_u8(msg, IFLA_BOND_MODE, 4);
	nla_put_u32(msg, IFLA_BOND_MIIMON, 100);
	nla_put_u32(msg, IFLA_BOND_MIN_LINKS, 2);
	n = nla_nest_start(msg, IFLA_BOND_AD_INFO);
	{
		unsigned char pmac[6] = { 2, 9, 9, 9, 9, 9 };

		nla_put_u16(msg, IFLA_BOND_AD_INFO_AGGREGATOR, 1);
		nla_put_u16(msg, IFLA_BOND_AD_INFO_NUM_PORTS, 1);
		nla_put(msg, IFLA_BOND_AD_INFO_PARTNER_MAC, 6, pmac);
	}
	nla_nest_end(msg, n);
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	emit(msg);
	msg = link(RTM_NEWLINK, 10, "eth4", IFF_UP | IFF_LOWER_UP | IFF_SLAVE);
	nla_put_u32(msg, IFLA_MASTER, 9);
	li = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "veth");
	nla_put_string(msg, IFLA_INFO_SLAVE_KIND, "bond");
	data = nla_nest_start(msg, IFLA_INFO_SLAVE_DATA);
	nla_put_u8(msg, IFLA_BOND_SLAVE_MII_STATUS, 0);
	nla_put_u32(msg, IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, 3);
	nla_put_u16(msg, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID, 2);
	nla_put_u8(msg, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE, 0x3f);
	nla_put_u16(msg, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, 0x3f);
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	emit(msg);

	msg = link(RTM_NEWLINK, 5, "bond0.100", IFF_UP | IFF_LOWER_UP);
	nla_put_u32(msg, IFLA_LINK, 2);
	slave_of(msg, 6, "vlan", "bridge");
	emit(msg);
	/* The VLAN's own data, in a message of its own (the parser takes either). */
	msg = link(RTM_NEWLINK, 5, "bond0.100", IFF_UP | IFF_LOWER_UP);
	nla_put_u32(msg, IFLA_LINK, 2);
	li = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "vlan");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put_u16(msg, IFLA_VLAN_ID, 100);
	{
		struct ifla_vlan_flags fl = { .flags = 1, .mask = 0xffffffff };
		struct ifla_vlan_qos_mapping m = { .from = 1, .to = 3 };

		nla_put(msg, IFLA_VLAN_FLAGS, sizeof(fl), &fl);
		q = nla_nest_start(msg, IFLA_VLAN_EGRESS_QOS);
		nla_put(msg, IFLA_VLAN_QOS_MAPPING, sizeof(m), &m);
		nla_nest_end(msg, q);
	}
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	emit(msg);

	msg = link(RTM_NEWLINK, 6, "br0", IFF_UP | IFF_LOWER_UP);
	li = nla_nest_start(msg, IFLA_LINKINFO);
	nla_put_string(msg, IFLA_INFO_KIND, "bridge");
	data = nla_nest_start(msg, IFLA_INFO_DATA);
	nla_put_u32(msg, IFLA_BR_STP_STATE, 1);
	nla_put_u32(msg, IFLA_BR_FORWARD_DELAY, 1500);
	nla_put_u16(msg, IFLA_BR_PRIORITY, 32768);
	nla_nest_end(msg, data);
	nla_nest_end(msg, li);
	emit(msg);

	{
		struct ifaddrmsg ifa = { .ifa_family = AF_INET, .ifa_prefixlen = 24, .ifa_index = 2 };

		msg = nlmsg_alloc_simple(RTM_NEWADDR, NLM_F_MULTI);
		nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
		inet_pton(AF_INET, "192.0.2.10", &a);
		nla_put_u32(msg, IFA_LOCAL, a.s_addr);
		nla_put_u32(msg, IFA_ADDRESS, a.s_addr);
		emit(msg);
	}
	{
		struct rtmsg rtm = { .rtm_family = AF_INET, .rtm_table = RT_TABLE_MAIN,
				     .rtm_type = RTN_UNICAST, .rtm_protocol = RTPROT_BOOT };

		msg = nlmsg_alloc_simple(RTM_NEWROUTE, NLM_F_MULTI);
		nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO);
		inet_pton(AF_INET, "192.0.2.1", &a);
		nla_put_u32(msg, RTA_TABLE, RT_TABLE_MAIN);
		nla_put_u32(msg, RTA_GATEWAY, a.s_addr);
		nla_put_u32(msg, RTA_OIF, 2);
		nla_put_u32(msg, RTA_PRIORITY, 0);
		emit(msg);
	}
	{
		/* IPv6: an address of ours and a router's default route. */
		struct ifaddrmsg ifa = { .ifa_family = AF_INET6, .ifa_prefixlen = 64, .ifa_index = 2 };
		struct rtmsg rtm = { .rtm_family = AF_INET6, .rtm_table = RT_TABLE_MAIN,
				     .rtm_type = RTN_UNICAST, .rtm_protocol = RTPROT_RA };
		struct in6_addr a6;

		msg = nlmsg_alloc_simple(RTM_NEWADDR, NLM_F_MULTI);
		nlmsg_append(msg, &ifa, sizeof(ifa), NLMSG_ALIGNTO);
		inet_pton(AF_INET6, "2001:db8::10", &a6);
		nla_put(msg, IFA_ADDRESS, 16, &a6);
		nla_put_u32(msg, IFA_FLAGS, 0x80);
		nla_put_u8(msg, IFA_PROTO, 4);
		emit(msg);
		msg = nlmsg_alloc_simple(RTM_NEWROUTE, NLM_F_MULTI);
		nlmsg_append(msg, &rtm, sizeof(rtm), NLMSG_ALIGNTO);
		inet_pton(AF_INET6, "fe80::1", &a6);
		nla_put_u32(msg, RTA_TABLE, RT_TABLE_MAIN);
		nla_put(msg, RTA_GATEWAY, 16, &a6);
		nla_put_u32(msg, RTA_OIF, 2);
		nla_put_u32(msg, RTA_PRIORITY, 1024);
		emit(msg);
	}
	{
		/* ethtool (generic netlink): features as a verbose bitset, link modes. */
		struct genlmsghdr gh = { .cmd = ETHTOOL_MSG_FEATURES_GET_REPLY, .version = 1 };
		struct nlattr *fs, *bits, *bit;

		msg = nlmsg_alloc_simple(0x15, 0);
		nlmsg_append(msg, &gh, sizeof(gh), NLMSG_ALIGNTO);
		fs = nla_nest_start(msg, ETHTOOL_A_FEATURES_HW);
		bits = nla_nest_start(msg, ETHTOOL_A_BITSET_BITS);
		bit = nla_nest_start(msg, ETHTOOL_A_BITSET_BITS_BIT);
		nla_put_u32(msg, ETHTOOL_A_BITSET_BIT_INDEX, 1);
		nla_put_string(msg, ETHTOOL_A_BITSET_BIT_NAME, "tx-tcp-segmentation");
		nla_put_flag(msg, ETHTOOL_A_BITSET_BIT_VALUE);
		nla_nest_end(msg, bit);
		nla_nest_end(msg, bits);
		nla_nest_end(msg, fs);
		emit(msg);
		gh.cmd = ETHTOOL_MSG_LINKMODES_GET_REPLY;
		msg = nlmsg_alloc_simple(0x15, 0);
		nlmsg_append(msg, &gh, sizeof(gh), NLMSG_ALIGNTO);
		nla_put_u32(msg, ETHTOOL_A_LINKMODES_SPEED, 1000);
		nla_put_u8(msg, ETHTOOL_A_LINKMODES_DUPLEX, 1);
		nla_put_u8(msg, ETHTOOL_A_LINKMODES_AUTONEG, 1);
		emit(msg);
	}
	emit(link(RTM_DELLINK, 4, "eth1", 0));
	{
		/* A refusal with the kernel's text: the request's header echoed (capped). */
		struct nlmsgerr e = { .error = -16 };

		msg = nlmsg_alloc_simple(NLMSG_ERROR, 0x100 | 0x200);	/* CAPPED | ACK_TLVS */
		e.msg.nlmsg_len = sizeof(e.msg);
		e.msg.nlmsg_type = RTM_NEWLINK;
		nlmsg_append(msg, &e, sizeof(e), NLMSG_ALIGNTO);
		nla_put_string(msg, 1, "Device or resource busy");
		emit(msg);
	}
	return fclose(all) ? 1 : 0;
}
