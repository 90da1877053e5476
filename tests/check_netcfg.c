/* check_netcfg.c - the device graph: kinds and facets from files, start order, cycles. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kind.h"
#include "netcfg.h"

static char dir[64];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/check_netcfg.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void put(const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	fclose(fp);
}

static void unlink_side(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(unlink(path), 0);
}

static int mkfifo_side(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return mkfifo(path, 0600);
}

struct loaded {
	struct ifcfg_dir D;
	struct netgraph g;
	struct diags d;
};

static void load(struct loaded *l)
{
	memset(l, 0, sizeof(*l));
	ck_assert_int_eq(ifcfg_dir_scan(dir, &l->D, &l->d), 0);
	ck_assert_int_eq(netgraph_load(&l->D, &l->g, &l->d), 0);
}

static void unload(struct loaded *l)
{
	netgraph_free(&l->g);
	ifcfg_dir_free(&l->D);
	diags_free(&l->d);
}

/* The start order as "name name ...". */
static char *order(const struct netgraph *g)
{
	static char buf[512];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < g->norder; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s", i ? " " : "",
				      g->v[g->order[i]].dev.name);
	return buf;
}

static const struct netnode *node(const struct loaded *l, const char *name)
{
	const struct netnode *nd = netgraph_find(&l->g, name);

	ck_assert_msg(nd != NULL, "no node %s", name);
	return nd;
}

START_TEST(test_kinds_and_facets)
{
	struct loaded l;
	const struct netnode *b, *e0, *v, *w;

	put("ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=1 miimon=100\"\n");
	put("ifcfg-eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\nBOND_PORT_PRIO=5\n");
	put("ifcfg-eth1", "DEVICE=eth1\nMASTER=bond0\n");
	put("ifcfg-bond0.100", "DEVICE=bond0.100\nVLAN=yes\n");
	put("ifcfg-vlan7", "DEVICE=vlan7\nTYPE=Vlan\nPHYSDEV=eth9\nVLAN_ID=7\n");
	put("ifcfg-lo", "DEVICE=lo\n");
	put("ifcfg-bond1", "DEVICE=bond1\nTYPE=Bond\nMASTER=bond0\nSLAVE=yes\n");
	load(&l);
	b = node(&l, "bond0");
	ck_assert_ptr_eq(b->dev.kind, &kind_bond);
	ck_assert_int_eq(b->dev.kind_line, 2);
	ck_assert_int_eq(b->ok, 1);
	e0 = node(&l, "eth0");
	ck_assert_ptr_eq(e0->dev.kind, &kind_ether);
	ck_assert(netcfg_is_port(&e0->dev));
	ck_assert_str_eq(e0->dev.port.controller, "bond0");
	ck_assert_int_eq(e0->dev.port.line, 2);
	ck_assert_int_eq(e0->controller, (long)netgraph_index(&l.g, b));
	ck_assert_int_eq(e0->dev.port.opt[BSOPT_PRIO], 5);
	/* MASTER without SLAVE=yes: not a port, MASTER still known (for the warning). */
	ck_assert(!netcfg_is_port(&node(&l, "eth1")->dev));
	ck_assert_str_eq(node(&l, "eth1")->dev.master, "bond0");
	v = node(&l, "bond0.100");
	ck_assert_ptr_eq(v->dev.kind, &kind_vlan);
	ck_assert_str_eq(v->dev.lower.name, "bond0");
	ck_assert_uint_eq(v->dev.k.vlan.id, 100);
	ck_assert_int_eq(v->lower, (long)netgraph_index(&l.g, b));
	/* A lower device without a file: the facet, no edge. */
	w = node(&l, "vlan7");
	ck_assert_str_eq(w->dev.lower.name, "eth9");
	ck_assert_int_eq(w->lower, -1);
	ck_assert_ptr_eq(node(&l, "lo")->dev.kind, &kind_loopback);
	/* TYPE=Bond in a port's file (cloud-init's undeclared bond member): a port, as
	 * the legacy ifup-eth reads it, the mark said at its line. */
	ck_assert_int_eq(node(&l, "bond1")->ok, 1);
	ck_assert_ptr_eq(node(&l, "bond1")->dev.kind, &kind_ether);
	ck_assert_str_eq(node(&l, "bond1")->dev.port.controller, "bond0");
	ck_assert_uint_eq(node(&l, "bond1")->load.n, 1);
	ck_assert_str_eq(node(&l, "bond1")->load.v[0].msg,
			 "TYPE: not read: with MASTER=bond0 the file is a port of bond0, as the legacy ifup-eth reads it (cloud-init writes both for a bond's member)");
	ck_assert_int_eq(node(&l, "bond1")->load.v[0].line, 2);
	unload(&l);
}
END_TEST

START_TEST(test_start_order)
{
	struct loaded l;

	/* The legacy rank (lo, bonds, plain, VLANs, slaves) among unrelated devices;
	 * a VLAN on a VLAN after its lower device whatever the names. */
	put("ifcfg-eth2", "DEVICE=eth2\n");
	put("ifcfg-bond0", "DEVICE=bond0\nTYPE=Bond\n");
	put("ifcfg-eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n");
	put("ifcfg-eth10", "DEVICE=eth10\nMASTER=bond0\nSLAVE=yes\n");
	put("ifcfg-a", "DEVICE=a\nVLAN=yes\nPHYSDEV=z.5\nVLAN_ID=9\n");
	put("ifcfg-z.5", "DEVICE=z.5\nVLAN=yes\nPHYSDEV=bond0\n");
	put("ifcfg-eth2.7", "DEVICE=eth2.7\nVLAN=yes\n");
	put("ifcfg-lo", "DEVICE=lo\n");
	load(&l);
	ck_assert_uint_eq(l.g.norder, l.g.n);
	ck_assert_str_eq(order(&l.g), "lo bond0 eth2 eth2.7 z.5 a eth0 eth10");
	unload(&l);
}
END_TEST


/* The KVM host's stack: bond -> VLAN -> bridge, a bridge on the bond, a VLAN on a
 * bridge; each controller before its ports, each lower device before its uppers. */
START_TEST(test_bridge_stack)
{
	struct loaded l;
	const struct netnode *b, *br0, *v;

	put("ifcfg-bond0", "DEVICE=bond0\nBONDING_OPTS=\"mode=4 miimon=100\"\nBRIDGE=br1\n");
	put("ifcfg-eth0", "DEVICE=eth0\nMASTER=bond0\nSLAVE=yes\n");
	put("ifcfg-eth1", "DEVICE=eth1\nMASTER=bond0\nSLAVE=yes\n");
	put("ifcfg-bond0.100", "DEVICE=bond0.100\nVLAN=yes\nBRIDGE=br0\nBRIDGING_OPTS=\"path_cost=4\"\n");
	put("ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\nSTP=on\nDELAY=2.5\nIPADDR=10.0.0.1\nPREFIX=24\n");
	put("ifcfg-br1", "DEVICE=br1\nTYPE=Bridge\nAGEING=300\n");
	put("ifcfg-br0.7", "DEVICE=br0.7\nVLAN=yes\n");
	put("ifcfg-eth2", "DEVICE=eth2\n");
	put("ifcfg-lo", "DEVICE=lo\n");
	load(&l);
	ck_assert_uint_eq(l.g.norder, l.g.n);
	ck_assert_str_eq(order(&l.g), "lo eth2 br0 br0.7 br1 bond0 bond0.100 eth0 eth1");
	b = node(&l, "bond0");
	br0 = node(&l, "br0");
	ck_assert_ptr_eq(b->dev.kind, &kind_bond);
	ck_assert(netcfg_is_port_of(&b->dev, &kind_bridge));
	ck_assert_int_eq(b->controller, (long)netgraph_index(&l.g, node(&l, "br1")));
	ck_assert_ptr_eq(br0->dev.kind, &kind_bridge);
	ck_assert_uint_eq(br0->dev.k.bridge.opts.v.v[BRO_FORWARD_DELAY], 250);
	ck_assert_uint_eq(br0->dev.k.bridge.opts.v.v[BRO_STP_STATE], 1);
	ck_assert_uint_eq(node(&l, "br1")->dev.k.bridge.opts.v.v[BRO_AGEING_TIME], 30000);
	v = node(&l, "bond0.100");
	ck_assert_int_eq(v->lower, (long)netgraph_index(&l.g, b));
	ck_assert_int_eq(v->controller, (long)netgraph_index(&l.g, br0));
	ck_assert_uint_eq(v->dev.port.br.v.v[br_opt_find(BR_PORT, "path_cost")], 4);
	ck_assert(netcfg_is_port_of(&node(&l, "eth0")->dev, &kind_bond));
	for (size_t i = 0; i < l.g.n; i++)
		ck_assert_msg(l.g.v[i].ok, "%s", l.g.v[i].dev.name);
	unload(&l);
}
END_TEST

/* One name rule for every key that names a device: refused at the line, quoted. */
START_TEST(test_names)
{
	static const struct { const char *text, *msg; } cases[] = {
		{ "DEVICE=bond%d\n", "DEVICE: bond%d is not a valid interface name: it contains '%', which makes the kernel pick the name itself" },
		{ "DEVICE=..\n", "DEVICE: .. is not a valid interface name: it is . or .." },
		{ "DEVICE='a$(id>x)'\n", "DEVICE: \"a\\$(id>x)\" is not a valid interface name: it contains '$' (letters, digits, '.', '-' and '_' only)" },
		{ "DEVICE=$'a\\nb'\n", "DEVICE: $'a\\nb' is not a valid interface name: it contains the byte 0x0a (letters, digits, '.', '-' and '_' only)" },
		{ "DEVICE=eth0:1\n", "DEVICE: eth0:1 is not a valid interface name: it contains ':', which names an alias" },
		{ "DEVICE=-x\n", "DEVICE: -x is not a valid interface name: it starts with '-', which commands would read as an option" },
		{ "DEVICE=abcdefghijklmnop\n", "DEVICE: abcdefghijklmnop is not a valid interface name: it is longer than 15 bytes, the kernel's limit" },
		{ "DEVICE=eth0\nMASTER='bond*'\nSLAVE=yes\n", "MASTER: bond* is not a valid interface name: it contains '*' (letters, digits, '.', '-' and '_' only)" },
		{ "DEVICE=eth0\nBRIDGE='br 0'\n", "BRIDGE: \"br 0\" is not a valid interface name: it contains the byte 0x20 (letters, digits, '.', '-' and '_' only)" },
		{ "DEVICE=v5\nVLAN=yes\nVID=5\nPHYSDEV=e%d\n", "PHYSDEV: e%d is not a valid interface name: it contains '%', which makes the kernel pick the name itself" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct loaded l;
		char cmd[128];

		put("ifcfg-x", cases[i].text);
		load(&l);
		ck_assert_int_eq(l.g.v[0].ok, 0);
		ck_assert_msg(l.g.v[0].load.n && !strcmp(l.g.v[0].load.v[0].msg, cases[i].msg),
			      "case %zu: %s", i, l.g.v[0].load.n ? l.g.v[0].load.v[0].msg : "(none)");
		unload(&l);
		snprintf(cmd, sizeof(cmd), "rm -f %s/ifcfg-x", dir);
		ck_assert_int_eq(system(cmd), 0);
	}
	ck_assert_ptr_null(ifcfg_name_problem("bond0.100"));
	ck_assert_ptr_null(ifcfg_name_problem("br-ex_1"));
	/* A near-miss of a key that changes what a live device does: an error while the
	 * real key is absent (a live 802.3ad bond would become balance-rr), a stray
	 * beside it. */
	{
		struct loaded l;

		put("ifcfg-x", "DEVICE=bond0\nTYPE=Bond\nBONDING_OTPS=\"mode=4 miimon=100\"\n");
		load(&l);
		ck_assert_int_eq(l.g.v[0].ok, 0);
		ck_assert_uint_eq(l.g.v[0].load.errors, 1);
		ck_assert_msg(strstr(l.g.v[0].load.v[l.g.v[0].load.n - 1].msg,
				     "BONDING_OTPS: unknown key, and the file has no BONDING_OPTS: a typo?") != NULL,
			      "%s", l.g.v[0].load.v[l.g.v[0].load.n - 1].msg);
		unload(&l);
		put("ifcfg-x", "DEVICE=bond0\nBONDING_OPTS=\"mode=4 miimon=100\"\nBONDING_OTPS=x\n");
		load(&l);
		ck_assert_int_eq(l.g.v[0].ok, 1);
		unload(&l);
	}
	/* A value longer than its field is said at its line, never cut. */
	{
		char text[512] = "DEVICE=x\nIPV6INIT=yes\nDHCPV6C=yes\nDHCPV6C_OPTIONS=\"";
		struct loaded l;

		for (int i = 0; i < 90; i++)
			strcat(text, "-S ");
		strcat(text, "\"\n");
		put("ifcfg-x", text);
		load(&l);
		ck_assert_int_eq(l.g.v[0].ok, 0);
		ck_assert_str_eq(l.g.v[0].load.v[0].msg, "DHCPV6C_OPTIONS: longer than 255 bytes");
		ck_assert_int_eq(l.g.v[0].load.v[0].line, 4);
		unload(&l);
	}
}
END_TEST

START_TEST(test_cycle)
{
	struct loaded l;
	const struct netnode *x;

	put("ifcfg-x", "DEVICE=x\nVLAN=yes\nPHYSDEV=y\nVLAN_ID=2\n");
	put("ifcfg-y", "DEVICE=y\nVLAN=yes\nPHYSDEV=x\nVLAN_ID=3\n");
	put("ifcfg-x.4", "DEVICE=x.4\nVLAN=yes\n");
	put("ifcfg-eth0", "DEVICE=eth0\n");
	load(&l);
	ck_assert_str_eq(order(&l.g), "eth0");
	x = node(&l, "x");
	ck_assert_int_eq(x->loaded, 1);
	ck_assert_int_eq(x->ok, 0);
	ck_assert_uint_eq(x->rel.errors, 1);
	ck_assert_int_eq(x->rel.v[0].line, 3);
	ck_assert_str_eq(x->rel.v[0].msg,
			 "x: cannot be ordered: its lower device y sits on a cycle of lower devices and controllers");
	/* Stacked on the cycle: not ordered either. */
	ck_assert_int_eq(node(&l, "x.4")->ok, 0);
	ck_assert_int_eq(node(&l, "eth0")->ok, 1);
	unload(&l);
}
END_TEST

START_TEST(test_ports_in_natural_order)
{
	struct loaded l;
	const struct netnode **ports = NULL;
	size_t n;

	put("ifcfg-bond0", "DEVICE=bond0\nTYPE=Bond\n");
	put("ifcfg-eth10", "DEVICE=eth10\nMASTER=bond0\nSLAVE=yes\n");
	put("ifcfg-eth2", "DEVICE=eth2\nMASTER=bond0\nSLAVE=yes\n");
	/* A broken port still belongs to its bond, which must not come up without it. */
	put("ifcfg-eth3", "DEVICE=eth/3\nMASTER=bond0\nSLAVE=yes\n");
	load(&l);
	n = netgraph_ports(&l.g, node(&l, "bond0"), &ports);
	ck_assert_uint_eq(n, 3);
	/* (the directory sorts "eth/3" first) */
	ck_assert_str_eq(ports[0]->dev.name, "");
	ck_assert_int_eq(ports[0]->loaded, 0);
	ck_assert_str_eq(ports[1]->dev.name, "eth2");
	ck_assert_str_eq(ports[2]->dev.name, "eth10");
	free(ports);
	unload(&l);
}
END_TEST

/* Every VLAN form the legacy scripts, os-net-config, linux-system-roles and
 * NetworkManager write; where two readers would disagree, an error. */
START_TEST(test_vlan_forms)
{
	struct loaded l;
	const struct netnode *v;

	put("ifcfg-vlan10", "DEVICE=vlan10\nVLAN=yes\nPHYSDEV=bond0\n");
	put("ifcfg-bond0.100", "DEVICE=bond0.100\nTYPE=Vlan\nVLAN=yes\nPHYSDEV=bond0\nVID=100\n");
	put("ifcfg-data", "DEVICE=data\nVLAN=yes\nPHYSDEV=eth0\nVID=7\nREORDER_HDR=no\nGVRP=yes\n");
	put("ifcfg-nm", "DEVICE=nm\nTYPE=Vlan\nPHYSDEV=eth0\nVLAN_ID=8\nMVRP=yes\n");
	put("ifcfg-eth0.5", "DEVICE=eth0.5\nVLAN=yes\nVID=6\n");
	put("ifcfg-eth1.5", "DEVICE=eth1.5\nVLAN=yes\nPHYSDEV=eth2\n");
	put("ifcfg-two", "DEVICE=two\nVLAN=yes\nPHYSDEV=eth0\nVID=3\nVLAN_ID=4\n");
	put("ifcfg-maps", "DEVICE=eth3.9\nVLAN=yes\nVLAN_EGRESS_PRIORITY_MAP=\"0:1 2:3\"\n"
	    "VLAN_INGRESS_PRIORITY_MAP=\"1:5,2:0,7:4294967295\"\n");
	put("ifcfg-badmap", "DEVICE=eth4.9\nVLAN=yes\nVLAN_EGRESS_PRIORITY_MAP=\"0:8\"\n");
	load(&l);
	v = node(&l, "vlan10");
	ck_assert_int_eq(v->ok, 1);
	ck_assert_str_eq(v->dev.lower.name, "bond0");
	ck_assert_uint_eq(v->dev.k.vlan.id, 10);
	ck_assert_uint_eq(v->dev.k.vlan.flags, 0x1);
	v = node(&l, "bond0.100");
	ck_assert_int_eq(v->ok, 1);
	ck_assert_uint_eq(v->dev.k.vlan.id, 100);
	ck_assert_int_eq(v->dev.k.vlan.id_line, 5);
	v = node(&l, "data");
	ck_assert_int_eq(v->ok, 1);
	ck_assert_uint_eq(v->dev.k.vlan.id, 7);
	ck_assert_uint_eq(v->dev.k.vlan.flags, 0x2);
	ck_assert_int_eq(v->dev.k.vlan.flag_line[0], 5);
	v = node(&l, "nm");
	ck_assert_int_eq(v->ok, 1);
	ck_assert_uint_eq(v->dev.k.vlan.id, 8);
	ck_assert_uint_eq(v->dev.k.vlan.flags, 0x9);
	v = node(&l, "eth0.5");
	ck_assert_int_eq(v->ok, 0);
	ck_assert_str_eq(v->load.v[0].msg, "VID=6 but DEVICE eth0.5 says 5: set one, or make them agree");
	v = node(&l, "eth1.5");
	ck_assert_int_eq(v->ok, 0);
	ck_assert_str_eq(v->load.v[0].msg,
			 "PHYSDEV=eth2 but DEVICE eth1.5 names eth1: the legacy scripts would use eth1, NetworkManager eth2");
	v = node(&l, "two");
	ck_assert_int_eq(v->ok, 0);
	ck_assert_str_eq(v->load.v[0].msg,
			 "VLAN_ID=4 but VID=3 at line 4: the legacy scripts read VID, NetworkManager VLAN_ID");
	/* Priority maps: blanks or commas, a mapping to 0 is none. */
	v = node(&l, "eth3.9");
	ck_assert_int_eq(v->ok, 1);
	ck_assert_uint_eq(v->dev.k.vlan.qos.n_eg, 2);
	ck_assert_uint_eq(v->dev.k.vlan.qos.eg[1].from, 2);
	ck_assert_uint_eq(v->dev.k.vlan.qos.eg[1].to, 3);
	ck_assert_uint_eq(v->dev.k.vlan.qos.n_in, 2);
	ck_assert_uint_eq(v->dev.k.vlan.qos.in[1].to, 4294967295u);
	ck_assert_int_eq(v->dev.k.vlan.qos_line[1], 3);
	v = node(&l, "eth4.9");
	ck_assert_int_eq(v->ok, 0);
	ck_assert_str_eq(v->load.v[0].msg,
			 "VLAN_EGRESS_PRIORITY_MAP: '0:8' is not FROM:TO (a priority to a PCP from 0 to 7)");
	unload(&l);
}
END_TEST

/* The lease's routes: DHCLIENT_SET_DEFAULT_ROUTE=no and DEFROUTE=no keep its default
 * route out; METRIC, else IPV4_ROUTE_METRIC (-1: none), is their metric. */
START_TEST(test_dhcp_routes)
{
	struct loaded l;

	put("ifcfg-eth0", "DEVICE=eth0\nBOOTPROTO=dhcp\nDHCLIENT_SET_DEFAULT_ROUTE=no\nIPV4_ROUTE_METRIC=300\n");
	put("ifcfg-eth1", "DEVICE=eth1\nBOOTPROTO=dhcp\nDEFROUTE=no\nMETRIC=5\nIPV4_ROUTE_METRIC=300\n");
	put("ifcfg-eth2", "DEVICE=eth2\nBOOTPROTO=dhcp\nDHCLIENT_SET_DEFAULT_ROUTE=yes\nIPV4_ROUTE_METRIC=-1\n");
	put("ifcfg-eth3", "DEVICE=eth3\nIPADDR=192.0.2.1\nPREFIX=24\nGATEWAY=192.0.2.254\nIPV4_ROUTE_METRIC=7\n");
	load(&l);
	ck_assert_int_eq(node(&l, "eth0")->dev.dhcp.no_default, 1);
	ck_assert_uint_eq(node(&l, "eth0")->dev.dhcp.metric, 300);
	ck_assert_int_eq(node(&l, "eth1")->dev.dhcp.no_default, 1);
	ck_assert_uint_eq(node(&l, "eth1")->dev.dhcp.metric, 5);
	ck_assert_int_eq(node(&l, "eth2")->dev.dhcp.no_default, 0);
	ck_assert_uint_eq(node(&l, "eth2")->dev.dhcp.metric, 0);
	ck_assert_uint_eq(node(&l, "eth3")->dev.l3.metric, 7);
	ck_assert_int_eq(node(&l, "eth3")->dev.l3.metric_line, 5);
	ck_assert_uint_eq(node(&l, "eth0")->load.n, 0);	/* both keys known */
	unload(&l);

	/* A multicast MACADDR costs its line: the bridge loads without it. */
	put("ifcfg-br0", "DEVICE=br0\nTYPE=Bridge\nMACADDR=01:00:5e:00:00:01\n");
	load(&l);
	ck_assert_int_eq(node(&l, "br0")->ok, 1);
	ck_assert_int_eq(node(&l, "br0")->dev.link.has_macaddr, 0);
	ck_assert_uint_eq(node(&l, "br0")->load.line_errors, 1);
	ck_assert_int_eq(node(&l, "br0")->load.v[0].line, 3);
	unload(&l);
}
END_TEST

/* A bad line of a route or rule file costs that line: the device loads, its other
 * lines are read, the error is a line error, and ours that no line states are
 * kept (routes_partial, rules_partial).  The same route twice: the second line. */
START_TEST(test_side_line_errors)
{
	struct loaded l;
	const struct netnode *e;
	size_t nline = 0;

	put("ifcfg-eth0", "DEVICE=eth0\nIPADDR=192.0.2.1\nPREFIX=24\n");
	put("route-eth0", "10.1.0.0/24 via 192.0.2.254\n10.2.0.0/24 vai 192.0.2.254\n"
			  "10.3.0.0/24 via 192.0.2.254\n10.1.0.0/24 via 192.0.2.253\n");
	put("rule-eth0", "add blackhole from 10.66.0.0/16\nfrom 192.0.2.0/24 table 200\n");
	load(&l);
	e = node(&l, "eth0");
	ck_assert_int_eq(e->ok, 1);
	ck_assert_uint_eq(e->dev.routes.n, 2);
	ck_assert_uint_eq(e->dev.rules.n, 1);
	ck_assert_int_eq(e->dev.routes_partial, 1);
	ck_assert_int_eq(e->dev.rules_partial, 1);
	ck_assert_uint_eq(e->load.errors, 0);
	for (size_t i = 0; i < e->load.n; i++) {
		if (e->load.v[i].sev != DIAG_LINE_ERROR)
			continue;
		nline++;
		ck_assert_msg(strstr(e->load.v[i].msg, "not applied"), "%s", e->load.v[i].msg);
	}
	ck_assert_uint_eq(nline, 3);
	ck_assert_uint_eq(e->load.line_errors, 3);
	unload(&l);

	/* A file that is not a regular file keeps the device down. */
	unlink_side("route-eth0");
	unlink_side("rule-eth0");
	ck_assert_int_eq(mkfifo_side("route-eth0"), 0);
	load(&l);
	ck_assert_int_eq(node(&l, "eth0")->ok, 0);
	unload(&l);
}
END_TEST

Suite *netcfg_suite(void)
{
	Suite *s = suite_create("netcfg");
	TCase *tc = tcase_create("graph");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_kinds_and_facets);
	tcase_add_test(tc, test_start_order);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_bridge_stack);
	tcase_add_test(tc, test_cycle);
	tcase_add_test(tc, test_ports_in_natural_order);
	tcase_add_test(tc, test_vlan_forms);
	tcase_add_test(tc, test_side_line_errors);
	tcase_add_test(tc, test_dhcp_routes);
	suite_add_tcase(s, tc);
	return s;
}
