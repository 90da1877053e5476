/* routes.h - a device's static routes and rules, IPv4 and IPv6: its route-DEV file
 * in either legacy format (`ip route` argument lines, or ADDRESSn/NETMASKn/
 * GATEWAYn/METRICn/OPTIONSn assignments), route6-DEV (`ip -6 route` lines), rule-DEV
 * and rule6-DEV (`ip rule` lines).  Read as data (the ip words a real file uses,
 * each checked), never executed. */
#ifndef ROUTES_H
#define ROUTES_H

#include <stdint.h>
#include <netinet/in.h>
#include "diag.h"

/* The protocol our routes carry in the kernel: what tells them from the kernel's,
 * a routing daemon's, a DHCP client's or one added by hand, which are never
 * removed.  RTPROT_STATIC: "installed by the administrator's static config". */
#define ROUTE_PROTO_OURS 4

/* An address of a route or a rule, of the family its owner gives. */
union netcfg_ip {
	struct in_addr v4;
	struct in6_addr v6;
};

/* 1 if a and b, both of family, are the same address. */
int netcfg_ip_eq(int family, const union netcfg_ip *a, const union netcfg_ip *b);
/* 1 if it is 0.0.0.0 or ::. */
int netcfg_ip_any(int family, const union netcfg_ip *a);

/* The metric the kernel gives an IPv6 route that has none (IP6_RT_PRIO_USER):
 * stated in what we read, so that the kernel's route compares equal. */
#define ROUTE6_METRIC_DEFAULT 1024

struct netcfg_route {
	uint8_t family;			/* AF_INET (route-DEV), AF_INET6 (route6-DEV) */
	union netcfg_ip dst, gw, src;
	uint8_t dst_len;
	union netcfg_ip from;		/* IPv6 only: the source prefix ("from") */
	uint8_t from_len;		/* 0: none */
	uint8_t type;			/* RTN_UNICAST, RTN_BLACKHOLE, ... */
	uint8_t scope;			/* RT_SCOPE_*; RT_SCOPE_UNIVERSE unless given */
	uint8_t proto;			/* ROUTE_PROTO_OURS unless the line says */
	uint8_t tos;
	int has_gw, has_src, has_scope, onlink, mtu_lock;
	uint32_t metric, table, mtu;	/* table: RT_TABLE_MAIN unless given */
	int metric_ifindex;		/* the metric is metric + the device's ifindex,
					 * known once the device exists (the legacy
					 * zeroconf route's 1000 + ifindex) */
	int line;			/* in the route file */
	const char *file;		/* the route file's name (not owned) */
};

struct netcfg_routes {
	struct netcfg_route *v;
	size_t n;
};

/* A routing rule of a rule-DEV file (`ip rule` arguments). */
struct netcfg_rule {
	uint8_t family;			/* AF_INET (rule-DEV), AF_INET6 (rule6-DEV) */
	uint32_t priority, table, fwmark, fwmask;
	union netcfg_ip src, dst;
	uint8_t src_len, dst_len, tos, action, proto;
	int has_priority, has_src, has_dst, has_fwmark, invert;
	char iif[16], oif[16];
	int line;
	const char *file;		/* the rule file's name (not owned) */
};

struct netcfg_rules {
	struct netcfg_rule *v;
	size_t n;
};

/* One `ip rule` argument line ("from 10.1.0.0/16 lookup 100 priority 100") of
 * family (AF_INET: rule-DEV, AF_INET6: rule6-DEV), as route_parse_line.  0 or -1. */
int rule_parse_line(const char *line, int family, const char *file, int lineno,
		    struct netcfg_rule *out, struct diags *d);
/* Reads a rule file (lines of `ip rule` arguments; missing: none) of family and
 * appends its rules to out, as routes_load().  0 or -1. */
int rules_load(const char *path, const char *file, int family, struct netcfg_rules *out,
	       struct diags *d);
void rules_free(struct netcfg_rules *r);
/* The rule as `ip rule` arguments. */
void rule_format(const struct netcfg_rule *r, char *buf, size_t len);
/* 1 if the kernel's rule k is want (want's priority counts only when it gives one). */
int rule_same(const struct netcfg_rule *want, const struct netcfg_rule *k);

/* One `ip route` argument line of the file for device dev ("10.0.0.0/8 via
 * 192.0.2.1 metric 10 table 100"), of family (AF_INET6: a route6-DEV line).  A word
 * outside the subset, a bad value or a dev other than dev is "FILE:LINE: reason"
 * in d.  0 or -1. */
int route_parse_line(const char *line, const char *dev, int family, const char *file,
		     int lineno, struct netcfg_route *out, struct diags *d);
/* Reads path (labelled file) for dev, and appends its routes to out (zeroed before
 * the first call): AF_INET in either format, AF_INET6 in lines only (as the legacy
 * ifup-routes read route6-DEV).  A missing file is no route.  0, or -1 with every
 * bad line reported.  Free with routes_free(). */
int routes_load(const char *path, const char *file, const char *dev, int family,
		struct netcfg_routes *out, struct diags *d);
void routes_free(struct netcfg_routes *r);
/* The route as an `ip route` argument line ("10.0.0.0/8 via 192.0.2.1 dev eth0");
 * the caller says "ip -6" for an IPv6 one. */
void route_format(const struct netcfg_route *r, const char *dev, char *buf, size_t len);
/* 1 if a and b are the same route to the kernel: family, table, destination, tos,
 * metric, and for IPv6 the gateway. */
int route_same_key(const struct netcfg_route *a, const struct netcfg_route *b);
/* 1 if a (of family) is in the prefix net/len. */
int ip_covers(int family, const union netcfg_ip *net, unsigned len, const union netcfg_ip *a);
/* 1 if r puts gw (of r's family) on the link: a unicast route of the main table
 * without a gateway whose destination covers gw (a host route to it). */
int route_reaches(const struct netcfg_route *r, const union netcfg_ip *gw);
/* 1 if they also agree in everything else we set. */
int route_same(const struct netcfg_route *a, const struct netcfg_route *b);

#endif
