/* routes.c - route-DEV, route6-DEV, rule-DEV and rule6-DEV files as the legacy
 * ifup-routes reads them, as data: each line's words are checked against the
 * `ip route` (`ip rule`) subset real files use, and a word outside it is an error at
 * its line before anything is written. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>
#include "ifcfg_parse.h"
#include "readfile.h"
#include "routes.h"

#define ROUTE_FILE_MAX (1024u * 1024)

struct name_num {
	const char *name;
	unsigned num;
};

static const struct name_num types[] = {
	{ "unicast", RTN_UNICAST }, { "blackhole", RTN_BLACKHOLE },
	{ "unreachable", RTN_UNREACHABLE }, { "prohibit", RTN_PROHIBIT }, { "throw", RTN_THROW },
};

/* iproute2's rt_protos and rt_scopes, the names its ip(8) prints. */
static const struct name_num protos[] = {
	{ "redirect", 1 }, { "kernel", 2 }, { "boot", 3 }, { "static", 4 }, { "gated", 8 },
	{ "ra", 9 }, { "mrt", 10 }, { "zebra", 11 }, { "bird", 12 }, { "dnrouted", 13 },
	{ "xorp", 14 }, { "ntk", 15 }, { "dhcp", 16 }, { "keepalived", 18 }, { "babel", 42 },
	{ "openr", 99 }, { "bgp", 186 }, { "isis", 187 }, { "ospf", 188 }, { "rip", 189 },
	{ "eigrp", 192 },
};

static const struct name_num scopes[] = {
	{ "global", RT_SCOPE_UNIVERSE }, { "universe", RT_SCOPE_UNIVERSE }, { "site", RT_SCOPE_SITE },
	{ "link", RT_SCOPE_LINK }, { "host", RT_SCOPE_HOST }, { "nowhere", RT_SCOPE_NOWHERE },
};

static const struct name_num tables[] = {
	{ "default", RT_TABLE_DEFAULT }, { "main", RT_TABLE_MAIN }, { "local", RT_TABLE_LOCAL },
};

/* The name of num in v (the first, for a number with two), else num in buf. */
static const char *name_of(const struct name_num *v, size_t n, unsigned num, char buf[12])
{
	for (size_t i = 0; i < n; i++)
		if (v[i].num == num)
			return v[i].name;
	snprintf(buf, 12, "%u", num);
	return buf;
}

static int by_name(const struct name_num *v, size_t n, const char *name, unsigned *out)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].name, name)) {
			*out = v[i].num;
			return 0;
		}
	return -1;
}

/* A number (decimal, or hex with 0x) up to max. */
static int number(const char *s, unsigned long max, unsigned long *out)
{
	char *end;

	if (!*s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoul(s, &end, 0);
	return *end || errno || *out > max ? -1 : 0;
}

/* A table name of /etc/iproute2/rt_tables (and rt_tables.d/NAME.conf is not read:
 * the names real servers use are in the one file), or a number. */
static int table_id(const char *s, uint32_t *out)
{
	unsigned long n;
	unsigned v;
	char line[256], name[64];
	FILE *fp;
	int found = -1;

	if (!number(s, 0xffffffffUL, &n) && n) {
		*out = (uint32_t)n;
		return 0;
	}
	if (!by_name(tables, sizeof(tables) / sizeof(*tables), s, &v)) {
		*out = v;
		return 0;
	}
	if (!(fp = fopen("/etc/iproute2/rt_tables", "r")) &&
	    !(fp = fopen("/usr/share/iproute2/rt_tables", "r")))
		return -1;
	while (found && fgets(line, sizeof(line), fp))
		if (sscanf(line, "%lu %63s", &n, name) == 2 && line[0] != '#' && !strcmp(name, s) &&
		    n && n <= 0xffffffffUL) {
			*out = (uint32_t)n;
			found = 0;
		}
	fclose(fp);
	return found;
}

static int bad(struct diags *d, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* An error at the line; returns -1. */
static int bad(struct diags *d, const char *file, int line, const char *fmt, ...)
{
	char msg[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(d, DIAG_ERROR, file, line, "%s", msg);
	return -1;
}

int netcfg_ip_eq(int family, const union netcfg_ip *a, const union netcfg_ip *b)
{
	return family == AF_INET6 ? !memcmp(&a->v6, &b->v6, 16) : a->v4.s_addr == b->v4.s_addr;
}

int netcfg_ip_any(int family, const union netcfg_ip *a)
{
	static const union netcfg_ip any;

	return netcfg_ip_eq(family, a, &any);
}

/* An address of family: 0, or -1. */
static int parse_ip(int family, const char *w, union netcfg_ip *out)
{
	memset(out, 0, sizeof(*out));
	return inet_pton(family, w, family == AF_INET6 ? (void *)&out->v6 : (void *)&out->v4) == 1 ? 0 : -1;
}

/* "ADDR[/LEN]" of family (LEN the full length when absent), host bits 0:
 * 0, -1 when it is no prefix, -2 when host bits are set. */
static int parse_prefix(int family, const char *w, union netcfg_ip *a, uint8_t *len)
{
	char buf[INET6_ADDRSTRLEN];
	const char *slash = strchr(w, '/');
	unsigned long max = family == AF_INET6 ? 128 : 32, p = max;
	const uint8_t *b = family == AF_INET6 ? a->v6.s6_addr : (const uint8_t *)&a->v4;

	if ((slash ? (size_t)(slash - w) : strlen(w)) >= sizeof(buf))
		return -1;
	snprintf(buf, sizeof(buf), "%.*s", slash ? (int)(slash - w) : (int)strlen(w), w);
	if (parse_ip(family, buf, a) || (slash && number(slash + 1, max, &p)))
		return -1;
	*len = (uint8_t)p;
	for (unsigned long bit = p; bit < max; bit++)
		if (b[bit / 8] & (0x80 >> (bit % 8)))
			return -2;
	return 0;
}

/* The bits of a past len cleared. */
static void mask6(struct in6_addr *a, unsigned len)
{
	for (unsigned bit = len; bit < 128; bit++)
		a->s6_addr[bit / 8] &= (uint8_t)~(0x80 >> (bit % 8));
}

int ip_covers(int family, const union netcfg_ip *net, unsigned len, const union netcfg_ip *a)
{
	const uint8_t *x = family == AF_INET ? (const uint8_t *)&net->v4 : net->v6.s6_addr;
	const uint8_t *y = family == AF_INET ? (const uint8_t *)&a->v4 : a->v6.s6_addr;

	for (unsigned b = 0; b < len && b < (family == AF_INET ? 32u : 128u); b += 8) {
		unsigned bits = len - b >= 8 ? 8 : len - b;

		if ((x[b / 8] ^ y[b / 8]) & (uint8_t)(0xff00u >> bits))
			return 0;
	}
	return 1;
}

int route_reaches(const struct netcfg_route *r, const union netcfg_ip *gw)
{
	return !r->has_gw && r->type == RTN_UNICAST && r->table == RT_TABLE_MAIN &&
	       ip_covers(r->family, &r->dst, r->dst_len, gw);
}

static const char *ip_str(int family, const union netcfg_ip *a, char buf[INET6_ADDRSTRLEN])
{
	return inet_ntop(family, family == AF_INET6 ? (const void *)&a->v6 : (const void *)&a->v4,
			 buf, INET6_ADDRSTRLEN);
}

/* proto NAME|N: a name of rt_protos or a number from 1 to 255. */
static int parse_proto(const char *val, uint8_t *out, const char *file, int line,
		       struct diags *d)
{
	unsigned v;
	unsigned long n;

	if (by_name(protos, sizeof(protos) / sizeof(*protos), val, &v)) {
		if (number(val, 255, &n) || !n)
			return bad(d, file, line, "proto '%s': not a routing protocol", val);
		v = (unsigned)n;
	}
	*out = (uint8_t)v;
	return 0;
}

/* DEST: "default", or a network of r's family with an optional prefix length (the
 * full length when absent, as ip route takes it); host bits set are the kernel's
 * "Invalid prefix". */
static int parse_dst(const char *w, struct netcfg_route *r, const char *file, int line,
		     struct diags *d)
{
	const char *form = r->family == AF_INET6 ? "default, or an IPv6 prefix addr/len" :
			   "default, or a.b.c.d/len";
	int rc;

	if (!strcmp(w, "default") || !strcmp(w, r->family == AF_INET6 ? "::/0" : "0/0")) {
		memset(&r->dst, 0, sizeof(r->dst));
		r->dst_len = 0;
		return 0;
	}
	if ((rc = parse_prefix(r->family, w, &r->dst, &r->dst_len)) == -1)
		return bad(d, file, line, "'%s' is not a destination (%s)", w, form);
	/* IPv4 refuses host bits ("Invalid prefix"); IPv6 clears them. */
	if (rc && r->family != AF_INET6)
		return bad(d, file, line, "%s: the address has bits set past its prefix length (the network is written with them 0)", w);
	if (rc)
		mask6(&r->dst.v6, r->dst_len);
	return 0;
}

int route_parse_line(const char *text, const char *dev, int family, const char *file,
		     int lineno, struct netcfg_route *r, struct diags *d)
{
	const char *fam = family == AF_INET6 ? "IPv6" : "IPv4";
	char buf[1024], *save = NULL, *w;
	int have_dst = 0, v6 = family == AF_INET6;
	unsigned v;
	unsigned long n;

	memset(r, 0, sizeof(*r));
	r->family = v6 ? AF_INET6 : AF_INET;
	r->type = RTN_UNICAST;
	r->proto = ROUTE_PROTO_OURS;
	r->table = RT_TABLE_MAIN;
	r->line = lineno;
	r->file = file;
	if (strlen(text) >= sizeof(buf))
		return bad(d, file, lineno, "the line is longer than %d bytes", 1023);
	strcpy(buf, text);
	for (w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		/* Keywords that take a value. */
		static const char *const with_value[] = { "to", "from", "via", "dev", "src", "metric",
			"priority", "preference", "table", "proto", "scope", "mtu", "tos", "dsfield" };
		const char *val = NULL;
		int kw = -1;

		for (size_t i = 0; i < sizeof(with_value) / sizeof(*with_value); i++)
			if (!strcmp(w, with_value[i]))
				kw = (int)i;
		if (kw >= 0) {
			val = strtok_r(NULL, " \t", &save);
			if (!val)
				return bad(d, file, lineno, "'%s' needs a value", w);
			if (!strcmp(w, "mtu") && !strcmp(val, "lock")) {
				r->mtu_lock = 1;
				if (!(val = strtok_r(NULL, " \t", &save)))
					return bad(d, file, lineno, "'%s' needs a value", w);
			}
		}
		if (!strcmp(w, "to")) {
			if (have_dst++ || parse_dst(val, r, file, lineno, d))
				return have_dst > 1 ? bad(d, file, lineno, "two destinations ('%s')", val) : -1;
		} else if (!strcmp(w, "from") && v6) {
			/* A source-specific route: the kernel clears host bits here too. */
			int rc = parse_prefix(AF_INET6, val, &r->from, &r->from_len);

			if (rc == -1 || !r->from_len)
				return bad(d, file, lineno, "from '%s': not an IPv6 prefix addr/len", val);
			mask6(&r->from.v6, r->from_len);
		} else if (!strcmp(w, "from")) {
			return bad(d, file, lineno, "from: an IPv4 route has no source prefix (that is a rule-%s line)", dev);
		} else if (!strcmp(w, "via")) {
			if (parse_ip(r->family, val, &r->gw))
				return bad(d, file, lineno, "via '%s': not an %s address", val, fam);
			r->has_gw = 1;
		} else if (!strcmp(w, "dev")) {
			/* A route of the file's device: another's belongs in its own file. */
			if (strcmp(val, dev))
				return bad(d, file, lineno,
					   "dev %s: a route of %s belongs in route-%s, not in the file of %s",
					   val, val, val, dev);
		} else if (!strcmp(w, "src")) {
			if (parse_ip(r->family, val, &r->src))
				return bad(d, file, lineno, "src '%s': not an %s address", val, fam);
			r->has_src = 1;
		} else if (!strcmp(w, "metric") || !strcmp(w, "priority") || !strcmp(w, "preference")) {
			if (number(val, 0xffffffffUL, &n))
				return bad(d, file, lineno, "metric '%s': not a number", val);
			r->metric = (uint32_t)n;
		} else if (!strcmp(w, "table")) {
			if (table_id(val, &r->table))
				return bad(d, file, lineno, "table '%s': not a number or a name of /etc/iproute2/rt_tables", val);
		} else if (!strcmp(w, "proto")) {
			if (parse_proto(val, &r->proto, file, lineno, d))
				return -1;
		} else if (!strcmp(w, "scope") && v6) {
			/* The kernel keeps no scope for an IPv6 route: said, not silently lost. */
			diag_add(d, DIAG_WARNING, file, lineno, "scope %s: an IPv6 route has no scope (the kernel ignores it); not applied", val);
		} else if (!strcmp(w, "scope")) {
			if (by_name(scopes, sizeof(scopes) / sizeof(*scopes), val, &v)) {
				if (number(val, 255, &n))
					return bad(d, file, lineno, "scope '%s': not a scope", val);
				v = (unsigned)n;
			}
			r->scope = (uint8_t)v;
			r->has_scope = 1;
		} else if (!strcmp(w, "mtu")) {
			if (number(val, 65535, &n) || n < 68)
				return bad(d, file, lineno, "mtu '%s': not a number from 68 to 65535", val);
			r->mtu = (uint32_t)n;
		} else if ((!strcmp(w, "tos") || !strcmp(w, "dsfield")) && v6) {
			return bad(d, file, lineno, "%s: an IPv6 route has none (the kernel refuses it)", w);
		} else if (!strcmp(w, "tos") || !strcmp(w, "dsfield")) {
			if (number(val, 255, &n))
				return bad(d, file, lineno, "tos '%s': not a number", val);
			r->tos = (uint8_t)n;
		} else if (!strcmp(w, "onlink")) {
			r->onlink = 1;
		} else if (!have_dst && !by_name(types, sizeof(types) / sizeof(*types), w, &v)) {
			r->type = (uint8_t)v;
		} else if (!have_dst && ((v6 ? strchr(w, ':') != NULL : isdigit((unsigned char)*w)) ||
					 !strcmp(w, "default"))) {
			have_dst = 1;
			if (parse_dst(w, r, file, lineno, d))
				return -1;
		} else {
			return bad(d, file, lineno,
				   "'%s' is not a route word ifcfg-bond reads (to, from, via, dev, src, metric, table, proto, scope, mtu, onlink, tos, and unicast, blackhole, unreachable, prohibit, throw)",
				   w);
		}
	}
	if (!have_dst)
		return bad(d, file, lineno, "%s: no destination (default, or %s)", text,
			   v6 ? "an IPv6 prefix addr/len" : "a.b.c.d/len");
	if (r->type != RTN_UNICAST && r->has_gw)
		return bad(d, file, lineno, "via: a %s route has no gateway",
			   r->type == RTN_BLACKHOLE ? "blackhole" : r->type == RTN_THROW ? "throw" :
			   r->type == RTN_PROHIBIT ? "prohibit" : "unreachable");
	/* As ip route: a unicast route without a gateway is a route of the link. */
	if (v6)
		r->scope = RT_SCOPE_UNIVERSE;
	else if (!r->has_scope)
		r->scope = r->type == RTN_UNICAST && !r->has_gw ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE;
	if (v6 && !r->metric)
		r->metric = ROUTE6_METRIC_DEFAULT;
	return 0;
}

/* 1 if the text assigns ADDRESSn somewhere (the legacy test for the new format). */
static int assignment_format(const char *text)
{
	for (const char *l = text; *l;) {
		const char *p = l + strspn(l, " \t");

		if (!strncmp(p, "ADDRESS", 7) && isdigit((unsigned char)p[7])) {
			p += 7 + strspn(p + 7, "0123456789");
			if (*p == '=')
				return 1;
		}
		l += strcspn(l, "\n");
		l += *l == '\n';
	}
	return 0;
}

static int push(struct netcfg_routes *out, const struct netcfg_route *r)
{
	struct netcfg_route *v = realloc(out->v, (out->n + 1) * sizeof(*v));

	if (!v)
		return -1;
	out->v = v;
	out->v[out->n++] = *r;
	return 0;
}

/* The assignment format: ADDRESSn with NETMASKn, GATEWAYn, METRICn and OPTIONSn
 * (more ip words), n from 0; read by the ifcfg reader, never sourced. */
static int load_assignments(const char *text, size_t len, const char *file, const char *dev,
			    struct netcfg_routes *out, struct diags *d)
{
	struct ifcfg_file *f = NULL;
	int rc = ifcfg_parse_buf(text, len, file, &f, d), gap = -1;

	if (!f)
		return -1;
	for (size_t i = 0; i < f->nvars; i++) {
		static const char *const keys[] = { "ADDRESS", "NETMASK", "GATEWAY", "METRIC", "OPTIONS" };
		const char *k = f->vars[i].key;
		int known = 0;

		for (size_t j = 0; j < sizeof(keys) / sizeof(*keys); j++)
			known |= !strncmp(k, keys[j], strlen(keys[j])) && k[strlen(keys[j])] &&
				 strspn(k + strlen(keys[j]), "0123456789") == strlen(k + strlen(keys[j]));
		if (!known)
			diag_add(d, DIAG_WARNING, file, f->vars[i].line,
				 "%s: unknown key (a route file has ADDRESSn, NETMASKn, GATEWAYn, METRICn and OPTIONSn)", k);
	}
	for (int n = 0; n <= 255; n++) {
		char key[16], words[1200];
		const char *a, *m, *g, *met, *o;
		struct in_addr mask;
		int line, prefix = 32;
		struct netcfg_route r;

		snprintf(key, sizeof(key), "ADDRESS%d", n);
		if (!(a = ifcfg_get(f, key)) || !*a) {
			gap = gap < 0 ? n : gap;
			continue;
		}
		line = ifcfg_line(f, key);
		if (gap >= 0)
			diag_add(d, DIAG_WARNING, file, line,
				 "%s: after a gap (no ADDRESS%d): the legacy scripts stopped at the gap; applied", key, gap);
		snprintf(key, sizeof(key), "NETMASK%d", n);
		if ((m = ifcfg_get(f, key)) && *m) {
			uint32_t h;

			if (inet_pton(AF_INET, m, &mask) != 1) {
				diag_add(d, DIAG_ERROR, file, ifcfg_line(f, key), "%s: '%s' is not a netmask", key, m);
				rc = -1;
				continue;
			}
			h = ntohl(mask.s_addr);
			for (prefix = 0; h & 0x80000000u; h <<= 1)
				prefix++;
			if (h) {
				diag_add(d, DIAG_ERROR, file, ifcfg_line(f, key), "%s: '%s' is not a netmask", key, m);
				rc = -1;
				continue;
			}
		}
		snprintf(key, sizeof(key), "GATEWAY%d", n);
		g = ifcfg_get(f, key);
		snprintf(key, sizeof(key), "METRIC%d", n);
		met = ifcfg_get(f, key);
		snprintf(key, sizeof(key), "OPTIONS%d", n);
		o = ifcfg_get(f, key);
		snprintf(words, sizeof(words), "%s/%d%s%s%s%s %s", a, prefix, g && *g ? " via " : "",
			 g && *g ? g : "", met && *met ? " metric " : "", met && *met ? met : "",
			 o ? o : "");
		if (route_parse_line(words, dev, AF_INET, file, line, &r, d) || push(out, &r))
			rc = -1;
	}
	ifcfg_free(f);
	return rc;
}

/* The file's text: *text NULL when it does not exist.  0, or -1 with an error. */
static int read_text(const char *path, const char *file, char **text, size_t *len,
		     struct diags *d)
{
	int err = readfile(path, ROUTE_FILE_MAX, text, len);

	if (err == ENOENT)
		return 0;
	if (!err && !memchr(*text, '\0', *len))
		return 0;
	if (!err)
		diag_add(d, DIAG_ERROR, file, 0, "a NUL byte: not a text file");
	else if (err == EINVAL || err == EFBIG)
		diag_add(d, DIAG_ERROR, file, 0, "%s", err == EINVAL ? "not a regular file: refused" :
			 "larger than 1 MB: refused");
	else
		diag_add(d, DIAG_ERROR, file, 0, "cannot read it: %s", strerror(err));
	free(*text);
	*text = NULL;
	return -1;
}

/* The next line of words (comments and blank lines skipped), NUL-terminated in
 * place; NULL at the end.  *lineno counts every line. */
static char *next_line(char **at, int *lineno)
{
	while (**at) {
		char *l = *at, *next = l + strcspn(l, "\n"), *p;

		if (*next)
			*next++ = '\0';
		*at = next;
		++*lineno;
		p = l + strspn(l, " \t\r");
		if (!*p || *p == '#')
			continue;
		p[strcspn(p, "\r")] = '\0';
		return p;
	}
	return NULL;
}

int routes_load(const char *path, const char *file, const char *dev, int family,
		struct netcfg_routes *out, struct diags *d)
{
	char *text, *at, *p;
	size_t len;
	int rc, lineno = 0;

	if (read_text(path, file, &text, &len, d))
		return -1;
	if (!text)
		return 0;
	if (family != AF_INET6 && assignment_format(text)) {
		rc = load_assignments(text, len, file, dev, out, d);
		free(text);
		return rc;
	}
	rc = 0;
	for (at = text; (p = next_line(&at, &lineno));) {
		struct netcfg_route r;

		if (route_parse_line(p, dev, family, file, lineno, &r, d) || push(out, &r))
			rc = -1;
	}
	free(text);
	return rc;
}

void routes_free(struct netcfg_routes *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

void route_format(const struct netcfg_route *r, const char *dev, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], num[12];
	size_t o = 0, i;

#define PUT(...) (o += (size_t)snprintf(buf + o, o < len ? len - o : 0, __VA_ARGS__))
	for (i = 0; i < sizeof(types) / sizeof(*types); i++)
		if (types[i].num == r->type && r->type != RTN_UNICAST)
			PUT("%s ", types[i].name);
	if (r->dst_len == 0 && netcfg_ip_any(r->family, &r->dst))
		PUT("default");
	else
		PUT("%s/%u", ip_str(r->family, &r->dst, a), r->dst_len);
	if (r->from_len)
		PUT(" from %s/%u", ip_str(AF_INET6, &r->from, a), r->from_len);
	if (r->has_gw)
		PUT(" via %s", ip_str(r->family, &r->gw, a));
	if (r->type == RTN_UNICAST)
		PUT(" dev %s", dev);
	if (r->has_src)
		PUT(" src %s", ip_str(r->family, &r->src, a));
	if (r->metric_ifindex)
		PUT(" metric %u+ifindex", r->metric);
	else if (r->metric)
		PUT(" metric %u", r->metric);
	if (r->table != RT_TABLE_MAIN)
		PUT(" table %u", r->table);
	if (r->tos)
		PUT(" tos 0x%x", r->tos);
	PUT(" proto %s", name_of(protos, sizeof(protos) / sizeof(*protos), r->proto, num));
	if (r->has_scope && r->family != AF_INET6)
		PUT(" scope %s", name_of(scopes, sizeof(scopes) / sizeof(*scopes), r->scope, num));
	if (r->mtu)
		PUT(" mtu %s%u", r->mtu_lock ? "lock " : "", r->mtu);
	if (r->onlink)
		PUT(" onlink");
#undef PUT
}

int route_same_key(const struct netcfg_route *a, const struct netcfg_route *b)
{
	if (a->family != b->family || a->table != b->table ||
	    !netcfg_ip_eq(a->family, &a->dst, &b->dst) || a->dst_len != b->dst_len ||
	    a->tos != b->tos || a->metric != b->metric || a->from_len != b->from_len ||
	    (a->from_len && !netcfg_ip_eq(AF_INET6, &a->from, &b->from)))
		return 0;
	/* IPv6 keeps routes that differ only in their gateway side by side (a router
	 * advertisement's default route beside ours): the gateway is of its key. */
	return a->family != AF_INET6 ||
	       (a->has_gw == b->has_gw && netcfg_ip_eq(AF_INET6, &a->gw, &b->gw));
}

int route_same(const struct netcfg_route *a, const struct netcfg_route *b)
{
	return route_same_key(a, b) && a->type == b->type && a->has_gw == b->has_gw &&
	       netcfg_ip_eq(a->family, &a->gw, &b->gw) && a->has_src == b->has_src &&
	       netcfg_ip_eq(a->family, &a->src, &b->src) && a->proto == b->proto &&
	       (a->family == AF_INET6 || a->scope == b->scope) &&
	       a->mtu == b->mtu && a->mtu_lock == b->mtu_lock && a->onlink == b->onlink;
}

/* ---- rule files ---- */

static const struct name_num actions[] = {
	{ "blackhole", FR_ACT_BLACKHOLE }, { "unreachable", FR_ACT_UNREACHABLE },
	{ "prohibit", FR_ACT_PROHIBIT },
};

/* "all", or a prefix of family (the full length when none), host bits 0. */
static int parse_selector(const char *kw, const char *w, int family, union netcfg_ip *a,
			  uint8_t *len, int *has, const char *file, int line, struct diags *d)
{
	int rc;

	if (!strcmp(w, "all") || !strcmp(w, "0/0") || !strcmp(w, "::/0") || !strcmp(w, "default")) {
		*has = 0;
		return 0;
	}
	if ((rc = parse_prefix(family, w, a, len)) == -1)
		return bad(d, file, line, "%s '%s': not all or %s", kw, w,
			   family == AF_INET6 ? "an IPv6 prefix addr/len" : "a.b.c.d/len");
	/* IPv4 refuses host bits; IPv6 keeps them as given (and matches the prefix). */
	if (rc && family != AF_INET6)
		return bad(d, file, line, "%s %s: the address has bits set past its prefix length", kw, w);
	/* A /0 prefix is "all" (0.0.0.0/0, ::0/0): the kernel keeps no selector for it,
	 * and a rule read back from it must compare equal. */
	*has = *len != 0;
	return 0;
}

int rule_parse_line(const char *text, int family, const char *file, int lineno,
		    struct netcfg_rule *r, struct diags *d)
{
	char buf[1024], *save = NULL, *w;
	unsigned long n;
	unsigned v;

	memset(r, 0, sizeof(*r));
	r->family = family == AF_INET6 ? AF_INET6 : AF_INET;
	r->table = RT_TABLE_MAIN;
	r->action = FR_ACT_TO_TBL;
	r->proto = ROUTE_PROTO_OURS;
	r->line = lineno;
	r->file = file;
	if (strlen(text) >= sizeof(buf))
		return bad(d, file, lineno, "the line is longer than %d bytes", 1023);
	strcpy(buf, text);
	for (w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		static const char *const with_value[] = { "from", "to", "lookup", "table", "priority",
			"preference", "pref", "order", "fwmark", "iif", "dev", "oif", "tos", "dsfield",
			"proto" };
		const char *val = NULL;

		for (size_t i = 0; i < sizeof(with_value) / sizeof(*with_value); i++)
			if (!strcmp(w, with_value[i]) && !(val = strtok_r(NULL, " \t", &save)))
				return bad(d, file, lineno, "'%s' needs a value", w);
		if (!strcmp(w, "from")) {
			if (parse_selector(w, val, r->family, &r->src, &r->src_len, &r->has_src, file, lineno, d))
				return -1;
		} else if (!strcmp(w, "to")) {
			if (parse_selector(w, val, r->family, &r->dst, &r->dst_len, &r->has_dst, file, lineno, d))
				return -1;
		} else if (!strcmp(w, "lookup") || !strcmp(w, "table")) {
			if (table_id(val, &r->table))
				return bad(d, file, lineno, "%s '%s': not a number or a name of /etc/iproute2/rt_tables", w, val);
		} else if (!strcmp(w, "priority") || !strcmp(w, "preference") || !strcmp(w, "pref") ||
			   !strcmp(w, "order")) {
			if (number(val, 0xffffffffUL, &n))
				return bad(d, file, lineno, "%s '%s': not a number", w, val);
			r->priority = (uint32_t)n;
			r->has_priority = 1;
		} else if (!strcmp(w, "fwmark")) {
			char m[32];
			const char *slash = strchr(val, '/');
			unsigned long mask = 0xffffffffUL;

			snprintf(m, sizeof(m), "%.*s", slash ? (int)(slash - val) : (int)strlen(val), val);
			if (number(m, 0xffffffffUL, &n) || (slash && number(slash + 1, 0xffffffffUL, &mask)))
				return bad(d, file, lineno, "fwmark '%s': not a mark (N or N/MASK)", val);
			r->fwmark = (uint32_t)n;
			r->fwmask = (uint32_t)mask;
			r->has_fwmark = 1;
		} else if (!strcmp(w, "iif") || !strcmp(w, "dev") || !strcmp(w, "oif")) {
			if (ifcfg_name_problem(val))
				return bad(d, file, lineno, "%s '%s': not an interface name", w, val);
			strcpy(!strcmp(w, "oif") ? r->oif : r->iif, val);
		} else if (!strcmp(w, "tos") || !strcmp(w, "dsfield")) {
			if (number(val, 255, &n))
				return bad(d, file, lineno, "%s '%s': not a number", w, val);
			r->tos = (uint8_t)n;
		} else if (!strcmp(w, "proto")) {
			if (parse_proto(val, &r->proto, file, lineno, d))
				return -1;
		} else if (!strcmp(w, "not")) {
			r->invert = 1;
		} else if (!by_name(actions, sizeof(actions) / sizeof(*actions), w, &v)) {
			r->action = (uint8_t)v;
		} else if (!strcmp(w, "unicast")) {
			r->action = FR_ACT_TO_TBL;
		} else {
			return bad(d, file, lineno,
				   "'%s' is not a rule word ifcfg-bond reads (from, to, lookup, priority, fwmark, iif, oif, tos, proto, not, and blackhole, unreachable, prohibit)",
				   w);
		}
	}
	if (r->action != FR_ACT_TO_TBL)
		r->table = 0;
	return 0;
}

int rules_load(const char *path, const char *file, int family, struct netcfg_rules *out,
	       struct diags *d)
{
	char *text, *at, *p;
	size_t len;
	int rc = 0, lineno = 0;

	if (read_text(path, file, &text, &len, d))
		return -1;
	for (at = text; at && (p = next_line(&at, &lineno));) {
		struct netcfg_rule r, *v;

		if (rule_parse_line(p, family, file, lineno, &r, d)) {
			rc = -1;
			continue;
		}
		if (!(v = realloc(out->v, (out->n + 1) * sizeof(*v)))) {
			rc = -1;
			break;
		}
		out->v = v;
		out->v[out->n++] = r;
	}
	free(text);
	return rc;
}

void rules_free(struct netcfg_rules *r)
{
	free(r->v);
	memset(r, 0, sizeof(*r));
}

void rule_format(const struct netcfg_rule *r, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN], num[12];
	size_t o = 0, i;

#define PUT(...) (o += (size_t)snprintf(buf + o, o < len ? len - o : 0, __VA_ARGS__))
	if (r->has_priority)
		PUT("priority %u ", r->priority);
	if (r->invert)
		PUT("not ");
	PUT("from %s", r->has_src ? ip_str(r->family, &r->src, a) : "all");
	if (r->has_src)
		PUT("/%u", r->src_len);
	if (r->has_dst)
		PUT(" to %s/%u", ip_str(r->family, &r->dst, a), r->dst_len);
	if (r->tos)
		PUT(" tos 0x%x", r->tos);
	if (r->has_fwmark)
		PUT(" fwmark 0x%x/0x%x", r->fwmark, r->fwmask);
	if (r->iif[0])
		PUT(" iif %s", r->iif);
	if (r->oif[0])
		PUT(" oif %s", r->oif);
	if (r->action == FR_ACT_TO_TBL)
		PUT(" lookup %u", r->table);
	for (i = 0; i < sizeof(actions) / sizeof(*actions); i++)
		if (actions[i].num == r->action)
			PUT(" %s", actions[i].name);
	PUT(" proto %s", name_of(protos, sizeof(protos) / sizeof(*protos), r->proto, num));
#undef PUT
}

int rule_same(const struct netcfg_rule *a, const struct netcfg_rule *b)
{
	return a->family == b->family && (!a->has_priority || a->priority == b->priority) &&
	       a->table == b->table &&
	       a->action == b->action && a->invert == b->invert && a->tos == b->tos &&
	       a->has_src == b->has_src && (!a->has_src || (netcfg_ip_eq(a->family, &a->src, &b->src) &&
							     a->src_len == b->src_len)) &&
	       a->has_dst == b->has_dst && (!a->has_dst || (netcfg_ip_eq(a->family, &a->dst, &b->dst) &&
							     a->dst_len == b->dst_len)) &&
	       a->has_fwmark == b->has_fwmark &&
	       (!a->has_fwmark || (a->fwmark == b->fwmark && a->fwmask == b->fwmask)) &&
	       !strcmp(a->iif, b->iif) && !strcmp(a->oif, b->oif);
}
