/* ethtool_opts.c - ETHTOOL_OPTS read as data: the legacy syntax (';'-separated
 * commands, with or without ethtool's option and the device name), the words of
 * -K, -G, -L and -s, and ethtool's short offload names expanded to the kernel's
 * feature names (what the ethtool netlink interface takes). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ethtool_opts.h"

/* ethtool -K's short names and the kernel features each stands for (as ethtool -k
 * lists them under it). */
static const struct {
	const char *word, *features[5];
} aliases[] = {
	{ "rx", { "rx-checksum" } },
	{ "tx", { "tx-checksum-ipv4", "tx-checksum-ip-generic", "tx-checksum-ipv6",
		  "tx-checksum-fcoe-crc", "tx-checksum-sctp" } },
	{ "sg", { "tx-scatter-gather", "tx-scatter-gather-fraglist" } },
	{ "tso", { "tx-tcp-segmentation", "tx-tcp-ecn-segmentation",
		   "tx-tcp-mangleid-segmentation", "tx-tcp6-segmentation" } },
	{ "ufo", { "tx-udp-fragmentation" } },
	{ "gso", { "tx-generic-segmentation" } },
	{ "gro", { "rx-gro" } },
	{ "lro", { "rx-lro" } },
	{ "rxvlan", { "rx-vlan-hw-parse" } },
	{ "txvlan", { "tx-vlan-hw-insert" } },
	{ "ntuple", { "rx-ntuple-filter" } },
	{ "rxhash", { "rx-hashing" } },
};

static const char *const ring_words[ETH_NRINGS] = { "rx", "rx-mini", "rx-jumbo", "tx" };
static const char *const ch_words[ETH_NCH] = { "rx", "tx", "other", "combined" };
/* ethtool -s wol letters, in WAKE_* bit order. */
static const char wol_letters[] = "pumbagsf";

const char *ethtool_ring_word(int i) { return ring_words[i]; }
const char *ethtool_channel_word(int i) { return ch_words[i]; }

struct cmd {
	const char *file, *dev;
	int line;
	struct netcfg_ethtool *out;
	struct diags *d;
	char **w;
	size_t n;
};

static int word_index(const char *const *v, size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], w))
			return (int)i;
	return -1;
}

static int number(struct cmd *c, const char *opt, const char *key, const char *v, uint32_t *out)
{
	char *end;
	unsigned long n;

	if (!v || !isdigit((unsigned char)*v) || ((n = strtoul(v, &end, 10)), *end) || n > 0xffffffffUL) {
		diag_add(c->d, DIAG_ERROR, c->file, c->line, "ETHTOOL_OPTS: %s %s: '%s' is not a number",
			 opt, key, v ? v : "");
		return -1;
	}
	*out = (uint32_t)n;
	return 0;
}

static int onoff(struct cmd *c, const char *opt, const char *key, const char *v, int *out)
{
	if (v && (!strcmp(v, "on") || !strcmp(v, "off"))) {
		*out = !strcmp(v, "on");
		return 0;
	}
	diag_add(c->d, DIAG_ERROR, c->file, c->line, "ETHTOOL_OPTS: %s %s: '%s' is not on or off", opt,
		 key, v ? v : "");
	return -1;
}

static void put_feature(struct netcfg_ethtool *e, const char *name, const char *word, int on)
{
	size_t i;

	for (i = 0; i < e->nfeat && strcmp(e->feat[i].name, name); i++)
		;
	if (i == ETH_MAX_FEATURES)
		return;
	snprintf(e->feat[i].name, sizeof(e->feat[i].name), "%s", name);
	e->feat[i].word = word;
	e->feat[i].on = (uint8_t)on;
	if (i == e->nfeat)
		e->nfeat++;
}

/* -K DEV name on|off ... */
static int features(struct cmd *c, size_t at)
{
	int rc = 0;

	for (size_t i = at; i < c->n; i += 2) {
		const char *w = c->w[i];
		int on, a;

		if (onoff(c, "-K", w, i + 1 < c->n ? c->w[i + 1] : NULL, &on)) {
			rc = -1;
			continue;
		}
		for (a = 0; a < (int)(sizeof(aliases) / sizeof(*aliases)) && strcmp(aliases[a].word, w); a++)
			;
		if (a < (int)(sizeof(aliases) / sizeof(*aliases))) {
			for (int f = 0; f < 5 && aliases[a].features[f]; f++)
				put_feature(c->out, aliases[a].features[f], aliases[a].word, on);
			continue;
		}
		/* A kernel feature by its own name: checked against the device's list
		 * when planned. */
		if (strlen(w) >= ETH_FEATURE_NAME || strspn(w, "abcdefghijklmnopqrstuvwxyz0123456789-") != strlen(w)) {
			diag_add(c->d, DIAG_ERROR, c->file, c->line, "ETHTOOL_OPTS: -K: '%s' is not a feature name", w);
			rc = -1;
			continue;
		}
		put_feature(c->out, w, NULL, on);
	}
	if (!rc)
		c->out->groups |= 1u << ETH_FEATURES;
	return rc;
}

/* -G DEV rx N ... and -L DEV combined N ... */
static int counts(struct cmd *c, size_t at, int rings)
{
	const char *const *words = rings ? ring_words : ch_words;
	const char *opt = rings ? "-G" : "-L";
	int rc = 0;

	for (size_t i = at; i < c->n; i += 2) {
		int k = word_index(words, 4, c->w[i]);
		uint32_t v;

		if (k < 0) {
			diag_add(c->d, DIAG_WARNING, c->file, c->line,
				 "ETHTOOL_OPTS: %s %s: not applied (ifcfg-bond sets %s, %s, %s and %s)", opt,
				 c->w[i], words[0], words[1], words[2], words[3]);
			continue;
		}
		if (number(c, opt, c->w[i], i + 1 < c->n ? c->w[i + 1] : NULL, &v)) {
			rc = -1;
			continue;
		}
		if (rings) {
			c->out->ring[k] = v;
			c->out->ring_has |= 1u << k;
		} else {
			c->out->ch[k] = v;
			c->out->ch_has |= 1u << k;
		}
	}
	if (!rc && (rings ? c->out->ring_has : c->out->ch_has))
		c->out->groups |= 1u << (rings ? ETH_RINGS : ETH_CHANNELS);
	return rc;
}

/* -s DEV speed N duplex half|full autoneg on|off wol LETTERS */
static int link(struct cmd *c, size_t at)
{
	struct netcfg_ethtool *e = c->out;
	int rc = 0;

	for (size_t i = at; i < c->n; i += 2) {
		const char *k = c->w[i], *v = i + 1 < c->n ? c->w[i + 1] : NULL;

		if (!strcmp(k, "speed")) {
			rc |= number(c, "-s", k, v, &e->speed);
			e->has_speed = 1;
		} else if (!strcmp(k, "duplex")) {
			if (v && (!strcmp(v, "half") || !strcmp(v, "full"))) {
				e->duplex = !strcmp(v, "full");
			} else {
				diag_add(c->d, DIAG_ERROR, c->file, c->line,
					 "ETHTOOL_OPTS: -s duplex: '%s' is not half or full", v ? v : "");
				rc = -1;
			}
		} else if (!strcmp(k, "autoneg")) {
			rc |= onoff(c, "-s", k, v, &e->autoneg);
		} else if (!strcmp(k, "wol")) {
			e->wol = 0;
			for (const char *p = v ? v : ""; *p; p++) {
				const char *l = strchr(wol_letters, *p);

				if (*p == 'd' && !p[1] && p == v) {
					break;
				} else if (!l) {
					diag_add(c->d, DIAG_ERROR, c->file, c->line,
						 "ETHTOOL_OPTS: -s wol: '%s' is not wake-on-LAN letters (p u m b a g s f, or d)",
						 v);
					rc = -1;
					break;
				}
				e->wol |= 1u << (l - wol_letters);
			}
			if (!v) {
				diag_add(c->d, DIAG_ERROR, c->file, c->line, "ETHTOOL_OPTS: -s wol: no value");
				rc = -1;
			}
			e->has_wol = 1;
		} else {
			/* advertise, port, mdix, phyad, xcvr, msglvl, sopass, master-slave */
			diag_add(c->d, DIAG_WARNING, c->file, c->line,
				 "ETHTOOL_OPTS: -s %s: not applied (ifcfg-bond sets speed, duplex, autoneg and wol)",
				 k);
		}
	}
	if (!rc && (e->has_speed || e->duplex >= 0 || e->autoneg >= 0 || e->has_wol))
		e->groups |= 1u << ETH_LINK;
	return rc;
}

/* One command: its words in c->w. */
static int command(struct cmd *c)
{
	const char *opt = c->w[0];
	size_t at = 0;
	int g;

	static const char *const opts[][3] = {
		{ "-K", "--features", "--offload" }, { "-G", "--set-ring", "-G" },
		{ "-L", "--set-channels", "-L" }, { "-s", "--change", "-s" },
	};

	if (opt[0] != '-') {
		opt = "-s";		/* the legacy form: "speed 100 duplex full" */
		g = 3;
	} else {
		for (g = 0; g < 4 && strcmp(opts[g][0], opt) && strcmp(opts[g][1], opt) &&
			    strcmp(opts[g][2], opt); g++)
			;
		if (g == 4) {
			diag_add(c->d, DIAG_WARNING, c->file, c->line,
				 "ETHTOOL_OPTS: ethtool %s: not applied (ifcfg-bond applies -K, -G, -L and -s)",
				 opt);
			return 0;
		}
		if (c->n < 2 || strcmp(c->w[1], c->dev)) {
			diag_add(c->d, DIAG_ERROR, c->file, c->line,
				 "ETHTOOL_OPTS: %s %s: names %s, not this file's device %s", opt,
				 c->n < 2 ? "" : c->w[1], c->n < 2 ? "no device" : c->w[1], c->dev);
			return -1;
		}
		at = 2;
	}
	switch (g) {
	case 0:
		return features(c, at);
	case 1:
		return counts(c, at, 1);
	case 2:
		return counts(c, at, 0);
	default:
		return link(c, at);
	}
}

int ethtool_parse(const char *v, const char *dev, const char *file, int line,
		  struct netcfg_ethtool *out, struct diags *d)
{
	char *copy = strdup(v), *save = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->duplex = out->autoneg = -1;
	out->line = line;
	if (!copy)
		return -1;
	for (char *cmd = strtok_r(copy, ";", &save); cmd; cmd = strtok_r(NULL, ";", &save)) {
		char *words[64], *wsave = NULL;
		struct cmd c = { file, dev, line, out, d, words, 0 };

		char *w = strtok_r(cmd, " \t\n", &wsave);

		for (; w && c.n < 64; w = strtok_r(NULL, " \t\n", &wsave))
			words[c.n++] = w;
		/* Never a command cut short in silence. */
		if (w) {
			diag_add(d, DIAG_ERROR, file, line,
				 "ETHTOOL_OPTS: more than 64 words in one command (split it with ';')");
			rc = -1;
		} else if (c.n) {
			rc |= command(&c);
		}
	}
	free(copy);
	return rc ? -1 : 0;
}

void ethtool_format(const struct netcfg_ethtool *e, enum eth_group g, const char *dev, char *buf,
		    size_t len)
{
	size_t o = 0;

#define PUT(...) (o += (size_t)snprintf(buf + o, o < len ? len - o : 0, __VA_ARGS__))
	switch (g) {
	case ETH_FEATURES:
		PUT("ethtool -K %s", dev);
		for (size_t i = 0; i < e->nfeat; i++)
			PUT(" %s %s", e->feat[i].name, e->feat[i].on ? "on" : "off");
		break;
	case ETH_RINGS:
	case ETH_CHANNELS:
		PUT("ethtool %s %s", g == ETH_RINGS ? "-G" : "-L", dev);
		for (int i = 0; i < 4; i++)
			if (((g == ETH_RINGS ? e->ring_has : e->ch_has) >> i) & 1)
				PUT(" %s %u", g == ETH_RINGS ? ring_words[i] : ch_words[i],
				    g == ETH_RINGS ? e->ring[i] : e->ch[i]);
		break;
	default:
		PUT("ethtool -s %s", dev);
		if (e->has_speed)
			PUT(" speed %u", e->speed);
		if (e->duplex >= 0)
			PUT(" duplex %s", e->duplex ? "full" : "half");
		if (e->autoneg >= 0)
			PUT(" autoneg %s", e->autoneg ? "on" : "off");
		if (e->has_wol) {
			PUT(" wol ");
			if (!e->wol)
				PUT("d");
			for (int i = 0; wol_letters[i]; i++)
				if ((e->wol >> i) & 1)
					PUT("%c", wol_letters[i]);
		}
		break;
	}
#undef PUT
}
