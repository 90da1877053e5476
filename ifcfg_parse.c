/* ifcfg_parse.c - ifcfg files read as data: only what bash and NetworkManager read alike. */
#define _GNU_SOURCE	/* asprintf, memmem, strndup */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "ifcfg_parse.h"
#include "readfile.h"

/* A growing byte buffer; oom sticks so that callers check once at the end. */
struct buf {
	char *s;
	size_t n, cap;
	int oom;
};

static void buf_put(struct buf *b, const char *p, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		char *s;

		while (cap < b->n + n + 1)
			cap *= 2;
		s = realloc(b->s, cap);
		if (!s) {
			b->oom = 1;
			return;
		}
		b->s = s;
		b->cap = cap;
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void buf_putc(struct buf *b, char c)
{
	buf_put(b, &c, 1);
}

/* A refused assignment: its key must not fall back to an earlier good line. */
#define refusal ifcfg_refusal

struct parser {
	struct ifcfg_file *f;
	size_t cap;			/* of f->vars */
	struct refusal *ref;
	size_t nref, refcap;
	char why[192];			/* the reason of the line being refused */
};

static const char *say(struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static const char *say(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->why, sizeof(ps->why), fmt, ap);
	va_end(ap);
	return ps->why;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* CR, VT, FF: whitespace to NetworkManager, ordinary characters to bash. */
static const char *odd_space(char c)
{
	if (c == '\r')
		return "carriage return outside quotes (a DOS line ending?): bash keeps it in the value, NetworkManager drops it";
	if (c == '\v' || c == '\f')
		return "vertical tab or form feed outside quotes (blank to NetworkManager, not to bash)";
	return NULL;
}

static int is_name_start(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int is_name_char(char c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

/* Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF), as GLib checks. */
static int valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], len, cp, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			len = 2, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			len = 3, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			len = 4, cp = c & 0x07;
		else
			return 0;
		if (n - i < len)
			return 0;
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
		    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)))
			return 0;
		i += len;
	}
	return 1;
}

/* Variables bash will not simply store: read-only ones keep their old value,
 * dynamic ones compute a new value whenever they are read (checked with bash 5.2). */
static int bash_special(const char *k, size_t n)
{
	static const char *const names[] = {
		"BASHOPTS", "BASHPID", "BASH_ARGC", "BASH_ARGV", "BASH_COMMAND",
		"BASH_LINENO", "BASH_MONOSECONDS", "BASH_SOURCE", "BASH_SUBSHELL",
		"BASH_TRAPSIG", "BASH_VERSINFO", "DIRSTACK", "EPOCHREALTIME", "EPOCHSECONDS",
		"EUID", "FUNCNAME", "GROUPS", "HISTCMD", "LINENO", "OPTIND", "PIPESTATUS",
		"PPID", "RANDOM", "SECONDS", "SHELLOPTS", "SRANDOM", "UID", "_",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (strlen(names[i]) == n && !memcmp(names[i], k, n))
			return 1;
	return 0;
}

/* Why a '$' at p (not the "$'" opener) is refused; p + 1 may be end. */
static const char *dollar(struct parser *ps, const char *p, const char *end, int in_dq)
{
	const char *q = p + 1;

	if (q < end && *q == '(')
		return q + 1 < end && q[1] == '(' ? "arithmetic expansion $((...)) is not allowed"
						  : "command substitution $(...) is not allowed";
	if (q < end && *q == '{')
		return "variable expansion ${...} is not allowed";
	if (q < end && *q == '[')
		return "arithmetic expansion $[...] is not allowed";
	if (q < end && *q == '"' && !in_dq)
		return "$\"...\" is not allowed (bash translates it, NetworkManager does not)";
	if (q < end && is_name_start(*q)) {
		while (q < end && is_name_char(*q) && q - p <= 32)
			q++;
		return say(ps, "variable expansion $%.*s is not allowed (%s)", (int)(q - p - 1),
			   p + 1, in_dq ? "bash expands it, NetworkManager refuses the value"
					: "bash expands it, NetworkManager reads it literally");
	}
	if (q < end && strchr("0123456789*@#?-$!", *q) && *q)
		return say(ps, "variable expansion $%c is not allowed", *q);
	if (in_dq)
		return "a bare $ inside double quotes (NetworkManager refuses the value; write \\$)";
	return "a $ that bash may expand (write \\$ or quote it)";
}

/* $DEVICE or ${DEVICE} at *pp, after a DEVICE= line of this file: its value, as
 * bash gives it (an assignment is not split).  The legacy scripts sourced the file,
 * and generators write ETHTOOL_OPTS="-K ${DEVICE} ..." (os-net-config); no other
 * expansion is read.  1 with *pp past it, else 0. */
static int device_ref(struct parser *ps, const char **pp, const char *end, struct buf *v)
{
	const char *p = *pp + 1;
	size_t n = (size_t)(end - p);
	int braced = n && *p == '{';

	if (braced ? n < 8 || memcmp(p, "{DEVICE}", 8) : n < 6 || memcmp(p, "DEVICE", 6) ||
						     (n > 6 && is_name_char(p[6])))
		return 0;
	for (size_t i = ps->f->nvars; i-- > 0;)
		if (!strcmp(ps->f->vars[i].key, "DEVICE")) {
			buf_put(v, ps->f->vars[i].value, strlen(ps->f->vars[i].value));
			*pp = p + (braced ? 8 : 6);
			return 1;
		}
	return 0;
}

/* One $'...' piece starting after "$'"; *pp is advanced past the closing quote.
 * Returns NULL or the reason for refusing it. */
static const char *ansi_c(const char **pp, const char *end, struct buf *v)
{
	const char *p = *pp;

	while (p < end && *p != '\'') {
		unsigned char c = (unsigned char)*p++;

		if (c != '\\') {
			buf_putc(v, (char)c);
			continue;
		}
		if (p == end)
			break;
		c = (unsigned char)*p++;
		switch (c) {
		case 'a': c = '\a'; break;
		case 'b': c = '\b'; break;
		case 'e': case 'E': c = 033; break;
		case 'f': c = '\f'; break;
		case 'n': c = '\n'; break;
		case 'r': c = '\r'; break;
		case 't': c = '\t'; break;
		case 'v': c = '\v'; break;
		case '\\': case '\'': case '"': case '?': break;
		case 'c':
			return "\\c in $'...' (bash makes a control character, NetworkManager keeps the text)";
		case 'u': case 'U':
			return "\\u or \\U in $'...' (bash's result depends on its locale)";
		case 'x': {
			unsigned val = 0, k = 0;

			while (k < 2 && p < end && isxdigit((unsigned char)*p)) {
				unsigned char h = (unsigned char)*p++;

				val = val * 16 + (unsigned)(isdigit(h) ? h - '0' : (tolower(h) - 'a' + 10));
				k++;
			}
			if (!k) {
				buf_put(v, "\\x", 2);
				continue;
			}
			c = (unsigned char)val;
			break;
		}
		default:
			if (c >= '0' && c <= '7') {
				unsigned val = c - '0', k = 1;

				while (k < 3 && p < end && *p >= '0' && *p <= '7')
					val = val * 8 + (unsigned)(*p++ - '0'), k++;
				c = (unsigned char)(val & 0xff);
				break;
			}
			/* Unknown escapes keep their backslash in both readers. */
			buf_putc(v, '\\');
			break;
		}
		if (!c)
			return "NUL byte from $'...' (bash cuts the value there, NetworkManager refuses it)";
		buf_putc(v, (char)c);
	}
	if (p == end)
		return "unterminated $'...' quote (a value must end on its line)";
	*pp = p + 1;
	return NULL;
}

/* One "..." piece starting after the opening quote.  old_nm is set when the piece
 * holds \' or \~, which old NetworkManager versions unescape (see the caller). */
static const char *double_quoted(struct parser *ps, const char **pp, const char *end,
				 struct buf *v, int *old_nm)
{
	const char *p = *pp;

	while (p < end && *p != '"') {
		char c = *p;

		if (c == '$' && device_ref(ps, &p, end, v))
			continue;
		if (c == '$')
			return dollar(ps, p, end, 1);
		if (c == '`')
			return "backquote command substitution is not allowed";
		p++;
		if (c == '\\' && p < end) {
			char n = *p;

			if (n == '$' || n == '`' || n == '"' || n == '\\') {
				c = n;
				p++;
			} else if (n == '\'' || n == '~') {
				*old_nm = 1;
			}
		}
		buf_putc(v, c);
	}
	if (p == end)
		return "unterminated double quote (a value must end on its line)";
	*pp = p + 1;
	return NULL;
}

/* What may follow a value: blanks, one ';', blanks, a # comment. */
static const char *trailer(const char *p, const char *end)
{
	const char *why;
	int semi = 0;

	for (; p < end; p++) {
		if (is_blank(*p))
			continue;
		if ((why = odd_space(*p)))
			return why;
		if (*p == ';' && !semi) {
			semi = 1;
			continue;
		}
		/* p[-1] exists: the value or the '=' precedes the trailer. */
		if (*p == '#' && (is_blank(p[-1]) || p[-1] == ';'))
			return NULL;
		if (*p == ';')
			return "';;' after the value (a bash syntax error)";
		return "a second word after the value (bash would run it as a command or assign it; quote the value)";
	}
	return NULL;
}

/* The value of one assignment: p..end is the text after '='. */
static const char *parse_value(struct parser *ps, const char *p, const char *end, struct buf *v)
{
	const char *start = p, *why;
	int old_nm = 0, pieces = 0, whole_dq = 0;

	while (p < end && !is_blank(*p) && *p != ';') {
		char c = *p;

		pieces++;
		if (c == '\'') {
			const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));

			if (!q)
				return "unterminated single quote (a value must end on its line)";
			buf_put(v, p + 1, (size_t)(q - p - 1));
			p = q + 1;
		} else if (c == '"') {
			p++;
			if ((why = double_quoted(ps, &p, end, v, &old_nm)))
				return why;
			whole_dq = pieces == 1 && p == end;
		} else if (c == '$' && p + 1 < end && p[1] == '\'') {
			p += 2;
			if ((why = ansi_c(&p, end, v)))
				return why;
		} else if (c == '$' && device_ref(ps, &p, end, v)) {
			continue;
		} else if (c == '$') {
			/* A '$' ending the word is literal in both readers. */
			if (p + 1 != end && !is_blank(p[1]) && p[1] != ';')
				return dollar(ps, p, end, 0);
			buf_putc(v, c);
			p++;
		} else if (c == '`') {
			return "backquote command substitution is not allowed";
		} else if (c == '\\') {
			if (p + 1 == end)
				return "backslash at the end of the line (bash joins the next line, NetworkManager does not)";
			if (odd_space(p[1]))
				return odd_space(p[1]);
			buf_putc(v, p[1]);
			p += 2;
		} else if (strchr("|&<>()", c)) {
			return say(ps, "unquoted '%c' (a shell operator for bash, an invalid value for NetworkManager); quote the value", c);
		} else if (c == '~' && (p == start || p[-1] == ':')) {
			return "unquoted ~ at the start or after ':' (bash expands it to a home directory); quote it";
		} else if (odd_space(c)) {
			return odd_space(c);
		} else {
			buf_putc(v, c);
			p++;
		}
	}
	if (whole_dq && old_nm)
		return "\\' or \\~ in a double-quoted value (old NetworkManager versions drop the backslash, bash keeps it)";
	if ((why = trailer(p, end)))
		return why;
	if (v->n && !valid_utf8((const unsigned char *)v->s, v->n))
		return "invalid UTF-8 in the value (NetworkManager refuses it)";
	return NULL;
}

static int add_var(struct parser *ps, const char *key, size_t klen, struct buf *v, int line)
{
	struct ifcfg_file *f = ps->f;
	struct ifcfg_var *nv;

	if (f->nvars == ps->cap) {
		size_t c = ps->cap ? 2 * ps->cap : 16;

		nv = realloc(f->vars, c * sizeof(*nv));
		if (!nv)
			return -1;
		f->vars = nv;
		ps->cap = c;
	}
	nv = &f->vars[f->nvars];
	nv->key = strndup(key, klen);
	nv->value = v->s ? v->s : strdup("");
	if (!nv->key || !nv->value) {
		free(nv->key);
		free(nv->value);
		v->s = NULL;
		return -1;
	}
	v->s = NULL;
	nv->line = line;
	f->nvars++;
	return 0;
}

static int add_refusal(struct parser *ps, const char *key, size_t klen, int line)
{
	if (ps->nref == ps->refcap) {
		size_t c = ps->refcap ? 2 * ps->refcap : 8;
		struct refusal *r = realloc(ps->ref, c * sizeof(*r));

		if (!r)
			return -1;
		ps->ref = r;
		ps->refcap = c;
	}
	ps->ref[ps->nref].key = strndup(key, klen);
	if (!ps->ref[ps->nref].key)
		return -1;
	ps->ref[ps->nref++].line = line;
	return 0;
}

static int cmp_refusal(const void *x, const void *y)
{
	const struct refusal *a = x, *b = y;
	int c = strcmp(a->key, b->key);

	return c ? c : (a->line > b->line) - (a->line < b->line);
}

static int cmp_refusal_key(const void *x, const void *y)
{
	return strcmp(((const struct refusal *)x)->key, ((const struct refusal *)y)->key);
}

/* Last wins even when the last is refused (NetworkManager then reads "", bash
 * stops): drop every accepted assignment that a later refused one shadows.
 * Done once at the end, sorted, so that hostile files stay O(n log n). */
static void drop_shadowed(struct parser *ps)
{
	struct ifcfg_file *f = ps->f;
	size_t j = 0, u = 0;

	if (!ps->nref)
		return;
	qsort(ps->ref, ps->nref, sizeof(*ps->ref), cmp_refusal);
	/* One entry per key, with its last refused line. */
	for (size_t i = 0; i < ps->nref; i++) {
		if (u && !strcmp(ps->ref[u - 1].key, ps->ref[i].key)) {
			free(ps->ref[u - 1].key);
			ps->ref[u - 1] = ps->ref[i];
		} else {
			ps->ref[u++] = ps->ref[i];
		}
	}
	ps->nref = u;
	for (size_t i = 0; i < f->nvars; i++) {
		struct refusal k = { f->vars[i].key, 0 };
		const struct refusal *r = bsearch(&k, ps->ref, ps->nref, sizeof(k), cmp_refusal_key);

		if (r && r->line > f->vars[i].line) {
			free(f->vars[i].key);
			free(f->vars[i].value);
			continue;
		}
		f->vars[j++] = f->vars[i];
	}
	f->nvars = j;
}

/* One line (without its LF).  Returns NULL when it was read, else the reason. */
static const char *parse_line(struct parser *ps, const char *p, const char *end, int line)
{
	const char *key, *why;
	struct buf v = { 0 };
	size_t klen;

	if (memchr(p, '\0', (size_t)(end - p))) {
		/* Its key still says what the line meant (a MASTER= may concern a bond). */
		while (p < end && is_blank(*p))
			p++;
		for (key = p; p < end && (p == key ? is_name_start(*p) : is_name_char(*p));)
			p++;
		if (p > key && p < end && *p == '=' && add_refusal(ps, key, (size_t)(p - key), line))
			return "out of memory";
		return "NUL byte (bash drops it, NetworkManager stops reading the file there)";
	}
	/* At the start of a line both readers lose the line; refused anywhere (section 2). */
	if (memmem(p, (size_t)(end - p), "\xef\xbb\xbf", 3))
		return "byte order mark (U+FEFF)";
	while (p < end && is_blank(*p))
		p++;
	if (p == end || *p == '#')
		return NULL;
	key = p;
	if (is_name_start(*p))
		while (p < end && is_name_char(*p))
			p++;
	klen = (size_t)(p - key);
	if (!klen || p == end || *p != '=') {
		if (p < end && odd_space(*p))
			return odd_space(*p);
		if (klen == 6 && !memcmp(key, "export", 6) && p < end && is_blank(*p))
			return "'export' line (NetworkManager ignores it); write KEY=value";
		if (klen && p < end && is_blank(*p)) {
			while (p < end && is_blank(*p))
				p++;
			if (p < end && *p == '=')
				return "line is not an assignment: no blank allowed before '='";
		}
		if (klen && p + 1 < end && *p == '+' && p[1] == '=')
			return "line is not an assignment: '+=' appends in bash only";
		return "line is not an assignment (expected KEY=value)";
	}
	if (bash_special(key, klen))
		return say(ps, "%.*s is a special variable in bash (it does not keep an assigned value)",
			   (int)klen, key);
	why = parse_value(ps, p + 1, end, &v);
	if (!why && v.oom)
		why = "out of memory";
	if (why) {
		free(v.s);
		if (add_refusal(ps, key, klen, line))
			return "out of memory";
		return why;
	}
	if (add_var(ps, key, klen, &v, line))
		return "out of memory";
	return NULL;
}

static int set_device(struct ifcfg_file *f)
{
	const char *dev = ifcfg_get(f, "DEVICE"), *name = f->path ? f->path : f->label;
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	if (!dev || !*dev)
		dev = ifcfg_dev_name(base);
	f->device = strdup(dev);
	return f->device ? 0 : -1;
}

static int parse_into(struct ifcfg_file *f, const char *buf, size_t len, struct diags *d)
{
	struct parser ps = { .f = f };
	const char *p = buf, *end = buf + len;
	int line = 0, crlf = 0, crlf_line = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol, *why;

		if (!nl)
			nl = end;
		line++;
		/* A file saved on Windows: NetworkManager drops the CR before the LF (bash
		 * would keep it in every value, and no legacy script would find its
		 * device); read as NetworkManager reads it, and said once. */
		eol = nl;
		if (eol > p && eol[-1] == '\r' && !memchr(p, '\0', (size_t)(eol - p))) {
			const char *c = p;

			eol--;
			while (c < eol && is_blank(*c))
				c++;
			/* (Counted where it would have reached a value.) */
			if (c < eol && *c != '#')
				crlf_line = crlf++ ? crlf_line : line;
		}
		why = parse_line(&ps, p, eol, line);
		if (why) {
			diag_add(d, DIAG_ERROR, f->label, line, "%s", why);
			f->errors++;
		}
		p = nl + 1;
	}
	if (crlf)
		diag_add(d, DIAG_WARNING, f->label, crlf_line,
			 "%d line%s end%s in CR LF (a file saved on Windows): read without the CR, as NetworkManager reads it; convert the file with: sed -i 's/\\r$//' %s",
			 crlf, crlf > 1 ? "s" : "", crlf > 1 ? "" : "s", f->label);
	drop_shadowed(&ps);
	f->refused = ps.ref;
	f->nrefused = ps.nref;
	if (set_device(f)) {
		diag_add(d, DIAG_ERROR, f->label, 0, "out of memory");
		f->errors++;
	}
	return f->errors ? -1 : 0;
}

static struct ifcfg_file *new_file(const char *path, const char *label)
{
	struct ifcfg_file *f = calloc(1, sizeof(*f));

	if (!f)
		return NULL;
	f->path = path ? strdup(path) : NULL;
	f->label = strdup(label ? label : path ? path : "-");
	if ((path && !f->path) || !f->label) {
		ifcfg_free(f);
		return NULL;
	}
	return f;
}

static void too_big(struct diags *d, const char *label)
{
	diag_add(d, DIAG_ERROR, label, 0, "larger than %u bytes (NetworkManager's limit): refused",
		 IFCFG_MAX_FILE);
}

int ifcfg_parse_buf(const char *buf, size_t len, const char *label, struct ifcfg_file **out,
		    struct diags *d)
{
	struct ifcfg_file *f;

	*out = NULL;
	if (len > IFCFG_MAX_FILE) {
		too_big(d, label);
		return -1;
	}
	f = new_file(NULL, label);
	if (!f) {
		diag_add(d, DIAG_ERROR, label, 0, "out of memory");
		return -1;
	}
	*out = f;
	return parse_into(f, buf, len, d);
}

/* The whole file, at most IFCFG_MAX_FILE bytes; NULL with the error in d. */
static char *slurp(const char *path, const char *lab, size_t *len, struct diags *d)
{
	char *buf;
	int err = readfile(path, IFCFG_MAX_FILE, &buf, len);

	if (err == EFBIG)
		too_big(d, lab);
	else if (err == EINVAL)
		diag_add(d, DIAG_ERROR, lab, 0, "not a regular file");
	else if (err == ENOMEM)
		diag_add(d, DIAG_ERROR, lab, 0, "out of memory");
	else if (err)
		diag_add(d, DIAG_ERROR, lab, 0, "cannot open: %s", strerror(err));
	return err ? NULL : buf;
}

int ifcfg_read(const char *path, const char *label, struct ifcfg_file **out, struct diags *d)
{
	const char *lab = label ? label : path;
	struct ifcfg_file *f;
	size_t n = 0;
	char *buf;
	int rc;

	*out = NULL;
	buf = slurp(path, lab, &n, d);
	if (!buf)
		return -1;
	f = new_file(path, lab);
	if (!f) {
		diag_add(d, DIAG_ERROR, lab, 0, "out of memory");
		free(buf);
		return -1;
	}
	rc = parse_into(f, buf, n, d);
	free(buf);
	*out = f;
	return rc;
}

void ifcfg_free(struct ifcfg_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nvars; i++) {
		free(f->vars[i].key);
		free(f->vars[i].value);
	}
	free(f->vars);
	for (size_t i = 0; i < f->nrefused; i++)
		free(f->refused[i].key);
	free(f->refused);
	free(f->path);
	free(f->label);
	free(f->device);
	free(f);
}

const struct ifcfg_var *ifcfg_find(const struct ifcfg_file *f, const char *key)
{
	for (size_t i = f->nvars; i-- > 0;)
		if (!strcmp(f->vars[i].key, key))
			return &f->vars[i];
	return NULL;
}

const char *ifcfg_get(const struct ifcfg_file *f, const char *key)
{
	const struct ifcfg_var *v = ifcfg_find(f, key);

	return v ? v->value : NULL;
}

int ifcfg_line(const struct ifcfg_file *f, const char *key)
{
	const struct ifcfg_var *v = ifcfg_find(f, key);

	return v ? v->line : 0;
}

int ifcfg_bool(const char *s, int *out)
{
	/* The union of initscripts' is_true/is_false and NM's svParseBoolean. */
	static const char *const yes[] = { "yes", "true", "on", "1", "y", "t" };
	static const char *const no[] = { "no", "false", "off", "0", "n", "f" };

	for (size_t i = 0; i < sizeof(yes) / sizeof(*yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int ifcfg_get_bool(const struct ifcfg_file *f, const char *key, int def)
{
	const char *s = ifcfg_get(f, key);
	int v;

	if (!s || !*s)
		return def;
	return ifcfg_bool(s, &v) ? -1 : v;
}

/* svEscape (ifcfg-syntax.md 1.8): bare when safe, "..." when only printable,
 * $'...' for control characters and bytes that are not UTF-8.  NULL when out
 * of memory, never a half-quoted string. */
char *ifcfg_quote(const char *value)
{
	const unsigned char *s = (const unsigned char *)value;
	size_t n = strlen(value);
	/* A U+FEFF written as itself would be refused by the reader (parse_line). */
	int ansi = !valid_utf8(s, n) || memmem(s, n, "\xef\xbb\xbf", 3), dq = 0;
	struct buf b = { 0 };

	for (size_t i = 0; i < n; i++) {
		if ((s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			ansi = 1;
		else if (s[i] >= 0x80 || strchr(" \t'~|&;()<>\"\\$`", s[i]))
			dq = 1;
	}
	if (ansi) {
		static const char esc[] = "\b\f\n\r\t\v\\\"'";
		static const char name[] = "bfnrtv\\\"'";

		buf_put(&b, "$'", 2);
		for (size_t i = 0; i < n; i++) {
			const char *e = strchr(esc, s[i]);	/* s[i] is never NUL here */
			char oct[5];

			if (e) {
				buf_putc(&b, '\\');
				buf_putc(&b, name[e - esc]);
			} else if (s[i] >= 0x20 && s[i] < 0x7f) {
				buf_putc(&b, (char)s[i]);
			} else {
				snprintf(oct, sizeof(oct), "\\%03o", s[i]);
				buf_put(&b, oct, 4);
			}
		}
		buf_putc(&b, '\'');
	} else if (dq) {
		buf_putc(&b, '"');
		for (size_t i = 0; i < n; i++) {
			if (strchr("\"\\$`", s[i]))
				buf_putc(&b, '\\');
			buf_putc(&b, (char)s[i]);
		}
		buf_putc(&b, '"');
	} else {
		buf_put(&b, value, n);
	}
	if (!b.oom && !b.s)
		b.s = calloc(1, 1);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/* ---- directories ---- */

/* A copy the legacy scripts skip: an editor's or the package manager's. */
static int backup_name(const char *name)
{
	static const char *const suffixes[] = { "~", ".bak", ".old", ".orig", ".rpmnew",
						 ".rpmorig", ".rpmsave" };
	size_t n = strlen(name);

	for (size_t i = 0; i < sizeof(suffixes) / sizeof(*suffixes); i++) {
		size_t k = strlen(suffixes[i]);

		if (n >= k && !strcmp(name + n - k, suffixes[i]))
			return 1;
	}
	return 0;
}

int ifcfg_name_ignored(const char *name)
{
	if (strncmp(name, "ifcfg-", 6) || backup_name(name))
		return 1;
	return strchr(name, ':') || strstr(name, "-range");
}

int ifcfg_side_name(const char *name, struct ifcfg_side *out)
{
	static const struct { const char *prefix; enum ifcfg_side_kind kind; } pre[] = {
		{ "route-", SIDE_ROUTE }, { "route6-", SIDE_ROUTE6 },
		{ "rule-", SIDE_RULE }, { "rule6-", SIDE_RULE6 },
	};
	const char *dev = NULL;
	size_t len = 0;

	if (backup_name(name))
		return 0;
	for (size_t i = 0; i < sizeof(pre) / sizeof(*pre) && !dev; i++)
		if (!strncmp(name, pre[i].prefix, strlen(pre[i].prefix))) {
			dev = name + strlen(pre[i].prefix);
			len = strlen(dev);
			out->kind = pre[i].kind;
		}
	if (!dev && !strncmp(name, "ifcfg-", 6)) {
		const char *colon = strchr(name + 6, ':'), *range = strstr(name + 6, "-range");

		dev = name + 6;
		/* The legacy ifup-aliases: ifcfg-DEV:N, and ifcfg-DEV-range*. */
		if (colon && (!range || colon < range)) {
			len = (size_t)(colon - dev);
			out->kind = SIDE_ALIAS;
		} else if (range) {
			len = (size_t)(range - dev);
			out->kind = SIDE_RANGE;
		} else {
			return 0;
		}
	}
	if (!dev || !len || len >= sizeof(out->dev))
		return 0;
	memcpy(out->dev, dev, len);
	out->dev[len] = '\0';
	return ifcfg_name_problem(out->dev) == NULL;
}

static int cmp_side(const void *a, const void *b)
{
	const struct ifcfg_side *x = a, *y = b;
	int c = strcmp(x->dev, y->dev);

	return c ? c : strcmp(x->name, y->name);
}

const struct ifcfg_side *ifcfg_dir_side(const struct ifcfg_dir *dir, const char *dev,
					size_t *n)
{
	size_t lo = 0, hi = dir->nside, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(dir->side[mid].dev, dev) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < dir->nside && !strcmp(dir->side[end].dev, dev); end++)
		;
	*n = end - lo;
	return *n ? &dir->side[lo] : NULL;
}

/* Notes a side file of the scan; 0, or -1 when out of memory. */
static int add_side(struct ifcfg_dir *out, size_t *cap, const struct ifcfg_side *s,
		    const char *name)
{
	if (out->nside == *cap) {
		size_t c = *cap ? 2 * *cap : 8;
		struct ifcfg_side *v = realloc(out->side, c * sizeof(*v));

		if (!v)
			return -1;
		out->side = v;
		*cap = c;
	}
	out->side[out->nside] = *s;
	if (!(out->side[out->nside].name = strdup(name)))
		return -1;
	out->nside++;
	return 0;
}

int ifcfg_natcmp(const char *a, const char *b)
{
	const char *a0 = a, *b0 = b;
	int c;

	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			const char *ea, *eb;
			size_t la, lb;

			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (ea = a; isdigit((unsigned char)*ea); ea++)
				;
			for (eb = b; isdigit((unsigned char)*eb); eb++)
				;
			/* Without leading zeros, the longer run is the bigger number. */
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			if (la != lb)
				return la < lb ? -1 : 1;
			c = memcmp(a, b, la);
			if (c)
				return c < 0 ? -1 : 1;
			a = ea;
			b = eb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++, b++;
	}
	if (*a || *b)
		return *a ? 1 : -1;
	/* Equal as numbers ("eth01" and "eth1"): still a total order. */
	c = strcmp(a0, b0);
	return (c > 0) - (c < 0);
}

static int cmp_file(const void *x, const void *y)
{
	const struct ifcfg_file *a = *(const struct ifcfg_file *const *)x;
	const struct ifcfg_file *b = *(const struct ifcfg_file *const *)y;
	int c = ifcfg_natcmp(a->device, b->device);

	return c ? c : ifcfg_natcmp(a->label, b->label);
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int cmp_label(const void *x, const void *y)
{
	return strcmp((*(const struct ifcfg_file *const *)x)->label,
		      (*(const struct ifcfg_file *const *)y)->label);
}

/* By DEVICE, then by position in files (natural order): the first file wins. */
static int cmp_device(const void *x, const void *y)
{
	const struct ifcfg_file *a = *(const struct ifcfg_file *const *)x;
	const struct ifcfg_file *b = *(const struct ifcfg_file *const *)y;
	int c = strcmp(a->device, b->device);

	return c ? c : ifcfg_natcmp(a->label, b->label);
}

/* Sorts dir->files and builds the lookup arrays. */
static void ifcfg_dir_index(struct ifcfg_dir *dir)
{
	if (!dir->n)
		return;
	qsort(dir->files, dir->n, sizeof(*dir->files), cmp_file);
	free(dir->by_label);
	free(dir->by_device);
	dir->by_label = malloc(dir->n * sizeof(*dir->by_label));
	dir->by_device = malloc(dir->n * sizeof(*dir->by_device));
	if (!dir->by_label || !dir->by_device) {
		/* Out of memory: lookups fall back to searching files in turn. */
		free(dir->by_label);
		free(dir->by_device);
		dir->by_label = dir->by_device = NULL;
		return;
	}
	memcpy(dir->by_label, dir->files, dir->n * sizeof(*dir->files));
	memcpy(dir->by_device, dir->files, dir->n * sizeof(*dir->files));
	qsort(dir->by_label, dir->n, sizeof(*dir->files), cmp_label);
	qsort(dir->by_device, dir->n, sizeof(*dir->files), cmp_device);
}

/* The legacy scripts' /etc/sysconfig/network: "network" beside the directory
 * (/etc/sysconfig for /etc/sysconfig/network-scripts).  Absent is not an error. */
static void read_global(const char *dir, struct ifcfg_dir *out, struct diags *d)
{
	char path[4096];
	const char *slash;
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	for (slash = dir + n; slash > dir && slash[-1] != '/'; slash--)
		;
	/* A bare name is in the working directory, whose "network" is beside it;
	 * "." and ".." are the directory itself. */
	if (slash == dir && n == 1 && dir[0] == '.')
		snprintf(path, sizeof(path), "../network");
	else if (slash == dir && n == 2 && !strncmp(dir, "..", 2))
		snprintf(path, sizeof(path), "../../network");
	else if (slash == dir)
		snprintf(path, sizeof(path), "network");
	else
		snprintf(path, sizeof(path), "%.*snetwork", (int)(slash - dir), dir);
	if (access(path, F_OK))
		return;
	ifcfg_read(path, path, &out->global, d);
}

static int named_for(const struct ifcfg_file *f)
{
	return !strncmp(f->label, "ifcfg-", 6) && !strcmp(f->label + 6, f->device);
}

/* cp ifcfg-bond0 ifcfg-bond0.backup (or .save, .20240501, -old): two files for one
 * device would both be refused, and the server left without it at its next boot.
 * The file named for the device wins; the copy is not read, and said at its DEVICE
 * line (the names the legacy scripts skip never get here). */
static void drop_copies(struct ifcfg_dir *out, struct diags *d)
{
	size_t j = 0;

	for (size_t i = 0; i < out->n; i++) {
		struct ifcfg_file *f = out->files[i], **c;
		const struct ifcfg_file *named = NULL;

		for (size_t k = 0; k < out->n && !named_for(f) && !named; k++)
			if (k != i && !strcmp(out->files[k]->device, f->device) && named_for(out->files[k]))
				named = out->files[k];
		if (!named || !(c = realloc(out->copies, (out->ncopies + 1) * sizeof(*c)))) {
			out->files[j++] = f;
			continue;
		}
		out->copies = c;
		c[out->ncopies++] = f;
		diag_add(d, DIAG_WARNING, f->label, ifcfg_line(f, "DEVICE"),
			 "not read: DEVICE=%s is configured by %s, the file named for it (a copy? the legacy scripts skip only names ending in ~ .bak .old .orig .rpmnew .rpmorig .rpmsave)",
			 f->device, named->label);
	}
	out->n = j;
}

int ifcfg_dir_scan(const char *dir, struct ifcfg_dir *out, struct diags *d)
{
	DIR *dp;
	struct dirent *de;
	size_t cap = 0, side_cap = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->path = strdup(dir);
	dp = opendir(dir);
	if (!dp) {
		diag_add(d, DIAG_ERROR, dir, 0, "cannot read the directory: %s", strerror(errno));
		return -1;
	}
	while ((de = readdir(dp))) {
		struct ifcfg_file *f = NULL;
		struct ifcfg_side side;
		struct stat st;
		char *path;
		int bad;

		/* Not read yet, but never passed over in silence (netgraph_load says so). */
		if (!has_control(de->d_name) && ifcfg_side_name(de->d_name, &side)) {
			if (add_side(out, &side_cap, &side, de->d_name)) {
				diag_add(d, DIAG_ERROR, dir, 0, "out of memory");
				rc = -1;
				break;
			}
			continue;
		}
		/* "ifcfg-" alone names no device. */
		if (ifcfg_name_ignored(de->d_name) || !strcmp(de->d_name, "ifcfg-"))
			continue;
		if (asprintf(&path, "%s/%s", dir, de->d_name) < 0) {
			diag_add(d, DIAG_ERROR, dir, 0, "out of memory");
			rc = -1;
			break;
		}
		/* Said, not skipped in silence: a name with a control byte would forge
		 * every line that quotes it, and a FIFO or a directory is not a file. */
		if (has_control(de->d_name)) {
			char *q = ifcfg_quote(de->d_name);

			diag_add(d, DIAG_WARNING, dir, 0, "%s: skipped: its name has a control character",
				 q ? q : "?");
			free(q);
			free(path);
			continue;
		}
		bad = stat(path, &st) ? errno : 0;
		if (bad || !S_ISREG(st.st_mode)) {
			diag_add(d, DIAG_WARNING, de->d_name, 0, "skipped: %s",
				 bad ? strerror(bad) : "not a regular file");
			free(path);
			continue;
		}
		ifcfg_read(path, de->d_name, &f, d);
		free(path);
		if (!f)
			continue;
		if (out->n == cap) {
			size_t c = cap ? 2 * cap : 16;
			struct ifcfg_file **v = realloc(out->files, c * sizeof(*v));

			if (!v) {
				ifcfg_free(f);
				diag_add(d, DIAG_ERROR, dir, 0, "out of memory");
				rc = -1;
				break;
			}
			out->files = v;
			cap = c;
		}
		out->files[out->n++] = f;
	}
	closedir(dp);
	drop_copies(out, d);
	read_global(dir, out, d);
	if (out->nside)
		qsort(out->side, out->nside, sizeof(*out->side), cmp_side);
	ifcfg_dir_index(out);
	return rc;
}

/* The first of files[0..n) (sorted by key) whose key is name, or NULL. */
static struct ifcfg_file *search(struct ifcfg_file **files, size_t n, const char *name,
				 int by_label)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *k = by_label ? files[mid]->label : files[mid]->device;

		if (strcmp(k, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == n || strcmp(by_label ? files[lo]->label : files[lo]->device, name))
		return NULL;
	return files[lo];
}

void ifcfg_dir_free(struct ifcfg_dir *dir)
{
	for (size_t i = 0; i < dir->n; i++)
		ifcfg_free(dir->files[i]);
	free(dir->files);
	for (size_t i = 0; i < dir->ncopies; i++)
		ifcfg_free(dir->copies[i]);
	free(dir->copies);
	free(dir->by_label);
	free(dir->by_device);
	for (size_t i = 0; i < dir->nside; i++)
		free(dir->side[i].name);
	ifcfg_free(dir->global);
	free(dir->side);
	free(dir->path);
	memset(dir, 0, sizeof(*dir));
}

const char *ifcfg_name_problem(const char *name)
{
	static char why[64];
	size_t n = strlen(name);

	if (!n)
		return "is empty";
	if (n > 15)
		return "is longer than 15 bytes, the kernel's limit";
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return "is . or ..";
	if (name[0] == '-')
		return "starts with '-', which commands would read as an option";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if (isalnum(*p) || *p == '.' || *p == '-' || *p == '_')
			continue;
		if (*p == '%')
			return "contains '%', which makes the kernel pick the name itself";
		if (*p == ':')
			return "contains ':', which names an alias";
		if (*p > 0x20 && *p < 0x7f)
			snprintf(why, sizeof(why), "contains '%c' (letters, digits, '.', '-' and '_' only)", *p);
		else
			snprintf(why, sizeof(why), "contains the byte 0x%02x (letters, digits, '.', '-' and '_' only)", *p);
		return why;
	}
	return NULL;
}

const char *ifcfg_dev_name(const char *name)
{
	return strncmp(name, "ifcfg-", 6) ? name : name + 6;
}

#define IFCFG_LABEL_MAX 512

struct ifcfg_file *ifcfg_dir_find(const struct ifcfg_dir *dir, const char *name)
{
	const char *dev = ifcfg_dev_name(name);

	if (!*dev)
		return NULL;
	if (dir->by_label && dir->by_device) {
		char label[IFCFG_LABEL_MAX];
		struct ifcfg_file *f = NULL;

		if (snprintf(label, sizeof(label), "ifcfg-%s", dev) < (int)sizeof(label))
			f = search(dir->by_label, dir->n, label, 1);
		return f ? f : search(dir->by_device, dir->n, dev, 0);
	}
	for (size_t i = 0; i < dir->n; i++)
		if (!strcmp(ifcfg_dev_name(dir->files[i]->label), dev) &&
		    !strncmp(dir->files[i]->label, "ifcfg-", 6))
			return dir->files[i];
	for (size_t i = 0; i < dir->n; i++)
		if (!strcmp(dir->files[i]->device, dev))
			return dir->files[i];
	return NULL;
}

size_t ifcfg_dir_slaves(const struct ifcfg_dir *dir, const char *master, int require_slave,
			struct ifcfg_file ***out)
{
	size_t n = 0;

	*out = calloc(dir->n ? dir->n : 1, sizeof(**out));
	if (!*out)
		return 0;
	/* dir->files is already in natural device order. */
	for (size_t i = 0; i < dir->n; i++) {
		const char *m = ifcfg_get(dir->files[i], "MASTER");

		if (!m || strcmp(m, master))
			continue;
		if (require_slave && ifcfg_get_bool(dir->files[i], "SLAVE", 0) != 1)
			continue;
		(*out)[n++] = dir->files[i];
	}
	return n;
}

int ifcfg_is_bond(const struct ifcfg_file *f)
{
	const char *o = ifcfg_get(f, "BONDING_OPTS"), *t = ifcfg_get(f, "TYPE"),
		   *m = ifcfg_get(f, "MASTER");

	/* A port (MASTER with SLAVE=yes) whatever else the file says: the legacy
	 * ifup-eth tests that first, and a bond is never another bond's port. */
	if (m && *m && ifcfg_get_bool(f, "SLAVE", 0) == 1)
		return 0;
	return (o && *o) || (t && !strcasecmp(t, "Bond")) ||
	       ifcfg_get_bool(f, "BONDING_MASTER", 0) == 1;
}
