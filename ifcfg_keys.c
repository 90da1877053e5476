/* ifcfg_keys.c - every key the legacy network-scripts act on for Ethernet devices,
 * bonds, VLANs and bridges (fedora-sysv/initscripts: network-scripts/ and
 * doc/sysconfig.txt), and the ones NetworkManager's ifcfg-rh writes, with what
 * ifcfg-bond does with each.  A key in no row is unknown. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "diag.h"
#include "ifcfg_keys.h"

#define NUM		KEYF_NUM
#define NUM_ONLY	KEYF_NUM_ONLY
#define PREFIX		KEYF_PREFIX
#define GLOBAL		KEYF_GLOBAL
#define GLOBAL_ONLY	(KEYF_GLOBAL | KEYF_GLOBAL_ONLY)
#define ON(where)	KEY_APPLIED, where, 0, NULL, NULL
#define LATER(issue)	KEY_PLANNED, KW_ANY, issue
#define NOPE		KEY_UNSUPPORTED, KW_ANY, 0
#define LABEL		KEY_LABEL, KW_ANY, 0

/* Sorted by name (strcmp order; a name may have a plain and a KEYn row, plain
 * first): ifcfg_key_find() searches it. */
static const struct ifcfg_key keys[] = {
	{ "ACCEPT_ALL_MAC_ADDRESSES", 0, NOPE, "-1|0", "the device's promiscuous mode is not changed" },
	{ "ACD_TIMEOUT", GLOBAL, ON(KW_ANY) },
	{ "ADDRESS", NUM_ONLY, NOPE, NULL, "a route-DEV key: it is not read from an ifcfg file" },
	{ "AGEING", 0, ON(KW_BRIDGE) },
	{ "AP_ISOLATION", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "ARP", 0, ON(KW_ANY) },
	{ "ARPCHECK", NUM | GLOBAL, ON(KW_ANY) },
	{ "ARPING_TRIES", GLOBAL, NOPE, "*", "the probe is made once: a probe that cannot be sent is an error, and no answer means the address is free" },
	{ "ARPING_UPDATE_WAIT", GLOBAL, NOPE, "*", "the gratuitous ARPs are sent at once and nothing waits for them" },
	{ "ARPING_WAIT", GLOBAL, ON(KW_ANY) },
	{ "ARPUPDATE", NUM | GLOBAL, ON(KW_ANY) },
	{ "AUTH_RETRIES", 0, NOPE, NULL, "802.1X authentication is not configured (wpa_supplicant)" },
	{ "AUTOCONNECT_PRIORITY", 0, LABEL, "*", "NetworkManager's choice among profiles" },
	{ "AUTOCONNECT_RETRIES", 0, LABEL, "*", "NetworkManager's retries of a failed activation" },
	{ "AUTOCONNECT_SLAVES", 0, LABEL, "*", "NetworkManager's activation of ports with their controller; a bond's slaves come up with it here" },
	{ "BAND", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "BIND_INT", 0, NOPE, NULL, "os-net-config's Contrail vRouter settings are not applied" },
	{ "BONDING_MASTER", 0, ON(KW_ANY) },
	{ "BONDING_OPTS", 0, ON(KW_ANY) },
	{ "BONDING_SLAVE", NUM_ONLY, ON(KW_BOND) },
	{ "BOND_IFACES", 0, NOPE, NULL, "Open vSwitch is not configured" },
	{ "BOND_MODE", 0, NOPE, NULL, "os-net-config's Contrail vRouter settings are not applied (BONDING_OPTS sets a bond's mode)" },
	{ "BOND_POLICY", 0, NOPE, NULL, "os-net-config's Contrail vRouter settings are not applied (BONDING_OPTS sets a bond's policy)" },
	{ "BOND_PORT_ACTOR_PORT_PRIO", 0, ON(KW_BOND_SLAVE) },
	{ "BOND_PORT_PRIO", 0, ON(KW_BOND_SLAVE) },
	{ "BOND_PORT_QUEUE_ID", 0, ON(KW_BOND_SLAVE) },
	{ "BOOTPROTO", 0, ON(KW_ANY) },
	{ "BRIDGE", 0, ON(KW_ANY) },
	{ "BRIDGE_MACADDR", 0, ON(KW_BRIDGE) },
	{ "BRIDGE_PORT_VLANS", 0, NOPE, NULL, "bridge VLAN filtering is not configured" },
	{ "BRIDGE_UUID", 0, LABEL, "*", "NetworkManager's reference to the bridge's profile; BRIDGE names the bridge" },
	{ "BRIDGE_VLANS", 0, NOPE, NULL, "bridge VLAN filtering is not configured" },
	{ "BRIDGING_OPTS", 0, ON(KW_ANY) },
	{ "BROADCAST", NUM, ON(KW_ANY) },
	{ "BROWSER_ONLY", 0, NOPE, "no", "proxy settings are NetworkManager's, for its applications" },
	{ "BSSID", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "CHANNEL", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "CIPHER_GROUP", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "CIPHER_PAIRWISE", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "CLONENUM_START", 0, LATER(8), NULL, "read from ifcfg-DEV-range files, which are not applied yet" },
	{ "CONNECTED_MODE", 0, NOPE, NULL, "InfiniBand settings are not applied" },
	{ "CONNECTION_METERED", 0, LABEL, "*", "NetworkManager's hint to applications" },
	{ "CPU_LIST", 0, NOPE, NULL, "os-net-config's Contrail vRouter settings are not applied" },
	{ "CTCPROT", 0, NOPE, NULL, "s390 network devices are not configured (znetconf)" },
	{ "DCB", 0, NOPE, "no", "Data Center Bridging is not configured (lldpad)" },
	{ "DCB_", PREFIX, NOPE, NULL, "Data Center Bridging is not configured (lldpad)" },
	{ "DEFAULTKEY", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "DEFROUTE", 0, ON(KW_ANY) },
	{ "DELAY", 0, ON(KW_BRIDGE) },
	{ "DEVICE", 0, ON(KW_ANY) },
	{ "DEVICETYPE", 0, NOPE, NULL, "only Ethernet devices, bonds, VLANs and bridges are configured" },
	{ "DEVTIMEOUT", 0, NOPE, "0", "there is no wait for the device to appear (the udev rule brings it up when it does)" },
	{ "DHCLIENTARGS", 0, ON(KW_ANY) },
	{ "DHCLIENT_IGNORE_GATEWAY", 0, NOPE, "*", "read by RHEL's dhclient-script from the ifcfg file itself, not by ifcfg-bond" },
	{ "DHCLIENT_SET_DEFAULT_ROUTE", 0, ON(KW_ANY) },
	{ "DHCPRELEASE", 0, ON(KW_ANY) },
	{ "DHCPV6C", 0, ON(KW_ANY) },
	{ "DHCPV6C_OPTIONS", 0, ON(KW_ANY) },
	{ "DHCPV6_DUID", 0, NOPE, "*", "NetworkManager's DHCPv6 client setting (see DHCPV6C)" },
	{ "DHCPV6_HOSTNAME", 0, NOPE, NULL, "dhclient -6 sends no host name" },
	{ "DHCPV6_HOSTNAME_FLAGS", 0, NOPE, NULL, "dhclient -6 sends no host name" },
	{ "DHCPV6_IAID", 0, NOPE, "*", "NetworkManager's DHCPv6 client setting (see DHCPV6C)" },
	{ "DHCPV6_PD_HINT", 0, NOPE, NULL, "no prefix is delegated (dhclient -6 -P is not run)" },
	{ "DHCPV6_SEND_HOSTNAME", 0, NOPE, "no", "dhclient -6 sends no host name" },
	{ "DHCP_CLIENT_ID", 0, NOPE, NULL, "NetworkManager's; for dhclient, send dhcp-client-identifier in /etc/dhcp/dhclient-DEV.conf, which it reads" },
	{ "DHCP_FQDN", 0, ON(KW_ANY) },
	{ "DHCP_HOSTNAME", 0, ON(KW_ANY) },
	{ "DHCP_HOSTNAME_FLAGS", 0, NOPE, NULL, "NetworkManager's FQDN flags are not sent (DHCP_FQDN is)" },
	{ "DHCP_IAID", 0, NOPE, "*", "NetworkManager's DHCP client setting (see BOOTPROTO)" },
	{ "DHCP_REJECT_SERVERS", 0, NOPE, NULL, "the DHCP client takes any server's offer" },
	{ "DHCP_SEND_HOSTNAME", 0, ON(KW_ANY) },
	{ "DHCP_VENDOR_CLASS_IDENTIFIER", 0, NOPE, "*", "NetworkManager's DHCP client setting (see BOOTPROTO)" },
	{ "DNS", NUM_ONLY, ON(KW_ANY) },
	{ "DNS_OVER_TLS", 0, NOPE, "-1|no", "systemd-resolved settings are not applied" },
	{ "DOMAIN", 0, ON(KW_ANY) },
	{ "DRIVER", 0, NOPE, NULL, "os-net-config's Contrail vRouter settings are not applied" },
	{ "ESSID", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "ETHTOOL_DELAY", 0, ON(KW_ANY) },
	{ "ETHTOOL_OPTS", 0, ON(KW_ANY) },
	{ "ETHTOOL_WAKE_ON_LAN", 0, NOPE, "default|ignore", "NetworkManager's own form; the wol of ETHTOOL_OPTS is applied" },
	{ "EXTRA_ROUTE_OPTS", 0, LATER(8), NULL, "options for the routes of the device's addresses are not applied" },
	{ "FILS", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "FILTER", NUM_ONLY, NOPE, NULL, "traffic control (tc) is not configured" },
	{ "GATEWAY", GLOBAL, ON(KW_ANY) },
	{ "GATEWAY", NUM_ONLY, NOPE, NULL, "NetworkManager's per-address gateway: GATEWAY is the default route" },
	{ "GATEWAYDEV", GLOBAL_ONLY, ON(KW_ANY) },
	{ "GATEWAY_PING_TIMEOUT", 0, NOPE, "0", "there is no wait for the gateway to answer" },
	{ "GENERATE_MAC_ADDRESS_MASK", 0, NOPE, NULL, "the MAC address is set by MACADDR only" },
	{ "GVRP", 0, ON(KW_VLAN) },
	{ "HOSTNAME", GLOBAL_ONLY | KEYF_LINT, NOPE, NULL, "the host name is not set here: hostnamectl sets it" },
	{ "HOSTNAME_FROM_DHCP", 0, LABEL, "*", "NetworkManager's host name policy (hostnamectl sets the name)" },
	{ "HOSTNAME_FROM_DNS_LOOKUP", 0, LABEL, "*", "NetworkManager's host name policy (hostnamectl sets the name)" },
	{ "HOSTNAME_ONLY_FROM_DEFAULT", 0, LABEL, "*", "NetworkManager's host name policy (hostnamectl sets the name)" },
	{ "HOSTNAME_PRIORITY", 0, LABEL, "*", "NetworkManager's host name policy (hostnamectl sets the name)" },
	{ "HOTPLUG", 0, ON(KW_ANY) },
	{ "HWADDR", 0, ON(KW_ANY) },
	{ "HWADDR_BLACKLIST", 0, NOPE, NULL, "NetworkManager's device matching is not applied: DEVICE names the device" },
	{ "IEEE_8021X_", PREFIX, NOPE, NULL, "802.1X authentication is not configured (wpa_supplicant)" },
	{ "IPADDR", NUM, ON(KW_ANY) },
	{ "IPADDR_END", 0, LATER(8), NULL, "read from ifcfg-DEV-range files, which are not applied yet" },
	{ "IPADDR_START", 0, LATER(8), NULL, "read from ifcfg-DEV-range files, which are not applied yet" },
	{ "IPV4_AUTO_ROUTE_EXT_GW", 0, NOPE, NULL, "NetworkManager's route setting is not applied" },
	{ "IPV4_DHCP_TIMEOUT", 0, NOPE, "*", "NetworkManager's DHCP client setting (see BOOTPROTO)" },
	{ "IPV4_DNS_PRIORITY", 0, NOPE, "*", "NetworkManager's DNS setting (see DNS1)" },
	{ "IPV4_FAILURE_FATAL", 0, ON(KW_ANY) },
	{ "IPV4_LINK_LOCAL", 0, NOPE, "default|disabled", "no IPv4 link-local (169.254.x.x) address is configured" },
	{ "IPV4_REPLACE_LOCAL_RULE", 0, NOPE, "no", "the local routing rule is left as it is" },
	{ "IPV4_REQUIRED_TIMEOUT", 0, LABEL, "*", "NetworkManager's activation timing" },
	{ "IPV4_ROUTE_METRIC", 0, ON(KW_ANY) },
	{ "IPV4_ROUTE_TABLE", 0, NOPE, "0", "NetworkManager's route table is not applied (use rule-DEV and route-DEV files)" },
	{ "IPV6ADDR", 0, ON(KW_ANY) },
	{ "IPV6ADDR_SECONDARIES", 0, ON(KW_ANY) },
	{ "IPV6FORWARDING", GLOBAL, ON(KW_ANY) },
	{ "IPV6INIT", 0, ON(KW_ANY) },
	{ "IPV6TO4", PREFIX, NOPE, "no", "6to4 tunnels are not configured" },
	{ "IPV6TUNNELIPV4", PREFIX, NOPE, NULL, "IPv6-in-IPv4 tunnels are not configured" },
	{ "IPV6_ADDR_GEN_MODE", 0, ON(KW_ANY) },
	{ "IPV6_AUTOCONF", GLOBAL, ON(KW_ANY) },
	{ "IPV6_AUTOTUNNEL", GLOBAL_ONLY, NOPE, "no", "6to4 tunnels are not configured" },
	{ "IPV6_AUTO_ROUTE_EXT_GW", 0, NOPE, NULL, "NetworkManager's route setting is not applied" },
	{ "IPV6_CONTROL_RADVD", 0, NOPE, "no", "radvd is not signalled" },
	{ "IPV6_DEFAULTDEV", GLOBAL, ON(KW_ANY) },
	{ "IPV6_DEFAULTGW", GLOBAL, ON(KW_ANY) },
	{ "IPV6_DEFROUTE", 0, ON(KW_ANY) },
	{ "IPV6_DHCP_TIMEOUT", 0, NOPE, "*", "NetworkManager's DHCPv6 client setting (see DHCPV6C)" },
	{ "IPV6_DISABLED", 0, NOPE, "no", "IPv6 is not turned off on the device (net.ipv6.conf.DEV.disable_ipv6=1 in sysctl.conf does)" },
	{ "IPV6_DNS_PRIORITY", 0, NOPE, "*", "NetworkManager's DNS setting (see DNS1)" },
	{ "IPV6_DOMAIN", 0, NOPE, NULL, "NetworkManager's IPv6 search domains are not written: DOMAIN is" },
	{ "IPV6_FAILURE_FATAL", 0, ON(KW_ANY) },
	{ "IPV6_FORCE_ACCEPT_RA", GLOBAL, ON(KW_ANY) },
	{ "IPV6_MTU", 0, ON(KW_ANY) },
	{ "IPV6_PEERDNS", 0, NOPE, "yes", "NetworkManager's use of DNS servers from router advertisements and DHCPv6" },
	{ "IPV6_PEERROUTES", 0, NOPE, "yes", "NetworkManager's use of routes from router advertisements and DHCPv6" },
	{ "IPV6_PRIVACY", 0, ON(KW_ANY) },
	{ "IPV6_PRIVACY_PREFER_PUBLIC_IP", 0, NOPE, NULL, "the kernel's address selection is left as it is" },
	{ "IPV6_RADVD_PIDFILE", GLOBAL_ONLY, NOPE, NULL, "radvd is not signalled" },
	{ "IPV6_RADVD_TRIGGER_ACTION", GLOBAL_ONLY, NOPE, NULL, "radvd is not signalled" },
	{ "IPV6_RA_TIMEOUT", 0, LABEL, "*", "NetworkManager's activation timing" },
	{ "IPV6_REPLACE_LOCAL_RULE", 0, NOPE, "no", "the local routing rule is left as it is" },
	{ "IPV6_REQUIRED_TIMEOUT", 0, LABEL, "*", "NetworkManager's activation timing" },
	{ "IPV6_RES_OPTIONS", 0, NOPE, NULL, "resolver options are not written: resolv.conf's own options lines stay" },
	{ "IPV6_ROUTER", GLOBAL, ON(KW_ANY) },
	{ "IPV6_ROUTE_METRIC", 0, NOPE, "-1", "NetworkManager's route metric is not applied" },
	{ "IPV6_ROUTE_TABLE", 0, NOPE, "0", "NetworkManager's route table is not applied (use rule6-DEV and route6-DEV files)" },
	{ "IPV6_SET_SYSCTLS", GLOBAL, ON(KW_ANY) },
	{ "IPV6_TOKEN", 0, NOPE, NULL, "the IPv6 interface identifier token is not set" },
	{ "IVS_BRIDGE", 0, NOPE, NULL, "Indigo Virtual Switch is not configured" },
	{ "KEY_MGMT", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "KEY_TYPE", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "LINKDELAY", 0, ON(KW_ANY) },
	{ "LINKSTATUS", 0, NOPE, "up", "the device is brought up whatever LINKSTATUS says" },
	{ "LLDP", 0, NOPE, "no|-1", "LLDP is not received (NetworkManager's)" },
	{ "LLMNR", 0, NOPE, "-1|no", "systemd-resolved settings are not applied" },
	{ "MACADDR", 0, ON(KW_ANY) },
	{ "MAC_ADDRESS_RANDOMIZATION", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "MASTER", 0, ON(KW_ANY) },
	{ "MASTER_UUID", 0, LABEL, "*", "NetworkManager's reference to the controller's profile; MASTER names the bond" },
	{ "MATCH_", PREFIX, NOPE, NULL, "NetworkManager's device matching is not applied: DEVICE names the device" },
	{ "MDNS", 0, NOPE, "-1|no", "systemd-resolved settings are not applied" },
	{ "METRIC", 0, ON(KW_ANY) },
	{ "METRIC", NUM_ONLY, NOPE, NULL, "a route-DEV key: it is not read from an ifcfg file" },
	{ "MODE", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "MPTCP_FLAGS", 0, NOPE, NULL, "MPTCP endpoints are not configured" },
	{ "MTU", 0, ON(KW_ANY) },
	{ "MUD_URL", 0, LABEL, "*", "NetworkManager's DHCP option for device profiles" },
	{ "MULTI_CONNECT", 0, LABEL, "*", "NetworkManager's activation policy" },
	{ "MVRP", 0, ON(KW_VLAN) },
	{ "NAME", 0, LABEL, "*", "the profile's name, for NetworkManager and its tools" },
	{ "NETMASK", NUM, ON(KW_ANY) },
	{ "NETTYPE", 0, NOPE, NULL, "s390 network devices are not configured (znetconf)" },
	{ "NETWORK", 0, LABEL, "*", "computed from IPADDR and PREFIX, as by the legacy scripts" },
	{ "NETWORKDELAY", GLOBAL_ONLY, NOPE, "0", "there is no wait after the network is started" },
	{ "NETWORKING", GLOBAL_ONLY, ON(KW_ANY) },
	{ "NETWORKING_IPV6", GLOBAL_ONLY, NOPE, "yes", "the legacy scripts stopped reading it (initscripts 8.x): IPV6INIT=no in a device's file, or net.ipv6.conf.all.disable_ipv6=1, turns IPv6 off" },
	{ "NFVSWITCH_BRIDGE", 0, NOPE, NULL, "NFVswitch is not configured" },
	{ "NISDOMAIN", GLOBAL_ONLY, NOPE, NULL, "the NIS domain is not set (ypbind)" },
	{ "NM_CONTROLLED", 0, ON(KW_ANY) },
	{ "NM_USER_", PREFIX, LABEL, "*", "NetworkManager's user data" },
	{ "NOZEROCONF", GLOBAL, ON(KW_ANY) },
	{ "NO_DHCP_HOSTNAME", 0, ON(KW_ANY) },
	{ "ONBOOT", 0, ON(KW_ANY) },
	{ "ONPARENT", 0, NOPE, NULL, "read from alias files (ifcfg-DEV:N), not from the device's own" },
	{ "OPTIONS", 0, NOPE, NULL, "s390 network devices are not configured (znetconf)" },
	{ "OPTIONS", NUM_ONLY, NOPE, NULL, "a route-DEV key: it is not read from an ifcfg file" },
	{ "OVSBOOTPROTO", 0, NOPE, NULL, "Open vSwitch is not configured" },
	{ "OVSDHCPINTERFACES", 0, NOPE, NULL, "Open vSwitch is not configured" },
	{ "OVS_", PREFIX, NOPE, NULL, "Open vSwitch is not configured" },
	{ "PAC_SCRIPT", 0, NOPE, NULL, "proxy settings are NetworkManager's, for its applications" },
	{ "PAC_URL", 0, NOPE, NULL, "proxy settings are NetworkManager's, for its applications" },
	{ "PEERDNS", 0, ON(KW_ANY) },
	{ "PEERROUTES", 0, NOPE, "yes", "NetworkManager's use of routes from DHCP" },
	{ "PERSISTENT_DHCLIENT", 0, ON(KW_ANY) },
	{ "PERSISTENT_DHCLIENT_IPV6", 0, ON(KW_ANY) },
	{ "PHYSDEV", 0, ON(KW_VLAN) },
	{ "PKEY", 0, NOPE, "no", "InfiniBand settings are not applied" },
	{ "PKEY_ID", 0, NOPE, NULL, "InfiniBand settings are not applied" },
	{ "PKEY_ID_NM", 0, NOPE, NULL, "InfiniBand settings are not applied" },
	{ "PMF", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "PORTNAME", 0, NOPE, NULL, "s390 network devices are not configured (znetconf)" },
	{ "POWERSAVE", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "PREFIX", NUM, ON(KW_ANY) },
	{ "PRIO", 0, ON(KW_BRIDGE) },
	{ "PROXY_METHOD", 0, NOPE, "none", "proxy settings are NetworkManager's, for its applications" },
	{ "QDISC", NUM_ONLY, NOPE, NULL, "traffic control (tc) is not configured" },
	{ "REORDER_HDR", 0, ON(KW_VLAN) },
	{ "RESOLV_MODS", 0, ON(KW_ANY) },
	{ "RES_OPTIONS", GLOBAL, NOPE, NULL, "resolver options are not written: resolv.conf's own options lines stay" },
	{ "ROUTING_RULE6_", PREFIX, NOPE, NULL, "NetworkManager's rule keys are not read: rules belong in rule6-DEV files" },
	{ "ROUTING_RULE_", PREFIX, NOPE, NULL, "NetworkManager's rule keys are not read: rules belong in rule-DEV files" },
	{ "RX_QUEUE", 0, NOPE, NULL, "os-net-config's DPDK queue settings are not applied (ETHTOOL_OPTS -L and -G set channels and rings)" },
	{ "RX_QUEUE_SIZE", 0, NOPE, NULL, "os-net-config's DPDK queue settings are not applied (ETHTOOL_OPTS -L and -G set channels and rings)" },
	{ "SCOPE", 0, ON(KW_ANY) },
	{ "SEARCH", 0, ON(KW_ANY) },
	{ "SECONDARY_UUIDS", 0, LABEL, "*", "NetworkManager's VPN profiles to start with this one" },
	{ "SECURITYMODE", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "SLAVE", 0, ON(KW_ANY) },
	{ "SRCADDR", 0, ON(KW_ANY) },
	{ "SRIOV_", PREFIX, NOPE, NULL, "SR-IOV virtual functions are not created" },
	{ "SSID_HIDDEN", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "STABLE_ID", 0, LABEL, "*", "NetworkManager's seed for generated addresses" },
	{ "STP", 0, ON(KW_BRIDGE) },
	{ "SUBCHANNELS", 0, NOPE, NULL, "s390 network devices are not configured (znetconf)" },
	{ "TC_COMMIT", 0, NOPE, "no", "traffic control (tc) is not configured" },
	{ "TEAM_", PREFIX, NOPE, NULL, "team devices (teamd) are not configured: bond them" },
	{ "TX_QUEUE_SIZE", 0, NOPE, NULL, "os-net-config's DPDK queue settings are not applied (ETHTOOL_OPTS -L and -G set channels and rings)" },
	{ "TYPE", 0, ON(KW_ANY) },
	{ "USERCTL", 0, NOPE, "no", "ifup is for root only (there is no usernetctl)" },
	{ "USERS", 0, LABEL, "*", "the users NetworkManager lets activate the profile" },
	{ "UUID", 0, LABEL, "*", "the profile's identity, for NetworkManager" },
	{ "VID", 0, ON(KW_VLAN) },
	{ "VLAN", 0, ON(KW_ANY) },
	{ "VLAN_EGRESS_PRIORITY_MAP", 0, ON(KW_VLAN) },
	{ "VLAN_FLAGS", 0, NOPE, NULL, "NetworkManager's VLAN flags are not read: REORDER_HDR, GVRP and MVRP set them" },
	{ "VLAN_ID", 0, ON(KW_VLAN) },
	{ "VLAN_INGRESS_PRIORITY_MAP", 0, ON(KW_VLAN) },
	{ "VLAN_PROTOCOL", 0, NOPE, "802.1Q", "802.1ad VLANs are not configured" },
	{ "VRF", 0, NOPE, NULL, "VRF devices are not configured" },
	{ "VRF_UUID", 0, NOPE, NULL, "VRF devices are not configured" },
	{ "WAIT_ACTIVATION_DELAY", 0, LABEL, "*", "NetworkManager's activation timing" },
	{ "WEP_KEY_FLAGS", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "WINDOW", 0, NOPE, NULL, "the TCP window of the device's routes is not set" },
	{ "WPA_", PREFIX, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "WPS_METHOD", 0, NOPE, NULL, "wireless settings are not applied (wpa_supplicant)" },
	{ "ZONE", 0, NOPE, NULL, "the firewalld zone is not set (firewall-cmd --permanent --zone=ZONE --change-interface=DEV)" },
};

#define NKEYS (sizeof(keys) / sizeof(*keys))

const struct ifcfg_key *ifcfg_keys(size_t *n)
{
	*n = NKEYS;
	return keys;
}

/* The first row named exactly name, or NKEYS. */
static size_t first_row(const char *name, size_t len)
{
	size_t lo = 0, hi = NKEYS;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strncmp(keys[mid].name, name, len);

		if (c == 0 && keys[mid].name[len])
			c = 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < NKEYS && !strncmp(keys[lo].name, name, len) && !keys[lo].name[len] ? lo : NKEYS;
}

const struct ifcfg_key *ifcfg_key_find(const char *key)
{
	size_t len = strlen(key), base = len, i;

	/* KEY itself, unless its only row is for KEYn. */
	for (i = first_row(key, len); i < NKEYS && !strcmp(keys[i].name, key); i++)
		if (!(keys[i].flags & KEYF_NUM_ONLY))
			return &keys[i];
	/* KEYn: the row of KEY that allows a number. */
	while (base && isdigit((unsigned char)key[base - 1]))
		base--;
	if (base && base < len)
		for (i = first_row(key, base); i < NKEYS && !strncmp(keys[i].name, key, base) &&
		     !keys[i].name[base]; i++)
			if (keys[i].flags & (KEYF_NUM | KEYF_NUM_ONLY))
				return &keys[i];
	/* A family of keys by their common start (IEEE_8021X_...).  The few prefix rows
	 * are tried in turn. */
	for (i = 0; i < NKEYS; i++)
		if ((keys[i].flags & KEYF_PREFIX) && !strncmp(key, keys[i].name, strlen(keys[i].name)))
			return &keys[i];
	return NULL;
}

const char *ifcfg_key_closest(const char *key)
{
	static const char *names[NKEYS];
	static size_t n;

	if (!n)
		for (size_t i = 0; i < NKEYS; i++)
			if (!(keys[i].flags & KEYF_PREFIX) && (!i || strcmp(keys[i].name, keys[i - 1].name)))
				names[n++] = keys[i].name;
	return diag_closest(key, names, n);
}

int ifcfg_key_quiet(const struct ifcfg_key *k, const char *value)
{
	const char *q = k->quiet;
	size_t len = strlen(value);

	if (!*value || k->status == KEY_APPLIED || k->status == KEY_LABEL)
		return 1;
	if (!q)
		return 0;
	if (!strcmp(q, "*"))
		return 1;
	while (*q) {
		size_t n = strcspn(q, "|");

		if (n == len && !strncasecmp(q, value, n))
			return 1;
		q += n + (q[n] == '|');
	}
	return 0;
}
