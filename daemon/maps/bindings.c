// SPDX-License-Identifier: GPL-2.0-only
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "maps/bindings.h"
#include "base/cleanup.h"

#define MAX_BINDINGS 65536

struct entry {
	char *name, *wwid;
};

struct mpx_bindings {
	char *file;			/* the file the entries came from; NULL: none read */
	bool stale;			/* changed by someone else since: read it again */
	bool exists;			/* it existed then, with this identity: */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct entry *v;		/* in file order, then the pending ones */
	size_t n, cap;
	size_t written;			/* v[written..n) wait for the flush */
	int lost;			/* pending bindings dropped unwritten: this error */
	size_t *slot;			/* by wwid: index + 1 into v, 0 for free */
	size_t nslots;			/* a power of two, at least twice n */
	char *prefix;			/* the prefix used[] describes; NULL: none */
	unsigned int next_free;		/* no free suffix below it */
	uint8_t used[MAX_BINDINGS / 8];	/* suffix numbers taken under prefix */
};

void mpx_binding_suffix(unsigned int n, char *ret, size_t len)
{
	char tmp[16];
	size_t i = 0, k;

	/* bijective base 26: a..z, aa..zz, aaa... */
	do {
		tmp[i++] = (char)('a' + n % 26);
		n = n / 26;
	} while (n-- > 0 && i < sizeof(tmp));
	for (k = 0; k < i && k + 1 < len; k++)
		ret[k] = tmp[i - 1 - k];
	if (len)
		ret[k < len ? k : len - 1] = '\0';
}

/* The number of a suffix ("a" 0, "aa" 26), -1 if it is not letters. */
static long suffix_value(const char *s)
{
	long v = 0;

	if (!*s || strlen(s) > 4)
		return -1;
	for (; *s; s++) {
		if (*s < 'a' || *s > 'z')
			return -1;
		v = v * 26 + (*s - 'a' + 1);
	}
	return v - 1;
}

struct mpx_bindings *mpx_bindings_new(void)
{
	return calloc(1, sizeof(struct mpx_bindings));
}

/* Forget what was read (and anything pending): the next lookup reads the file. */
static void forget(struct mpx_bindings *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].name);
		free(b->v[i].wwid);
	}
	free(b->v);
	free(b->slot);
	free(b->file);
	free(b->prefix);
	b->v = NULL;
	b->slot = NULL;
	b->file = NULL;
	b->prefix = NULL;
	b->n = b->cap = b->written = b->nslots = 0;
	b->exists = b->stale = false;
}

struct mpx_bindings *mpx_bindings_free(struct mpx_bindings *b)
{
	if (b) {
		forget(b);
		free(b);
	}
	return NULL;
}

static size_t hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot holding wwid, or the free slot where it would go. */
static size_t *find_slot(const struct mpx_bindings *b, const char *wwid)
{
	size_t i = hash(wwid) & (b->nslots - 1);

	while (b->slot[i] && strcmp(b->v[b->slot[i] - 1].wwid, wwid))
		i = (i + 1) & (b->nslots - 1);
	return &b->slot[i];
}

static int rehash(struct mpx_bindings *b, size_t nslots)
{
	size_t *slot = calloc(nslots, sizeof(*slot)), i;

	if (!slot)
		return -ENOMEM;
	free(b->slot);
	b->slot = slot;
	b->nslots = nslots;
	for (i = 0; i < b->n; i++) {
		size_t *s = find_slot(b, b->v[i].wwid);

		if (!*s)	/* the first line naming a WWID wins */
			*s = i + 1;
	}
	return 0;
}

static void mark_used(struct mpx_bindings *b, const char *name)
{
	size_t plen = strlen(b->prefix);
	long v;

	if (strncmp(name, b->prefix, plen))
		return;
	v = suffix_value(name + plen);
	if (v >= 0 && v < MAX_BINDINGS)
		b->used[v / 8] |= (uint8_t)(1u << (v % 8));
}

static int add(struct mpx_bindings *b, const char *name, const char *wwid)
{
	struct entry *tmp;
	size_t *s;
	int r;

	if (b->n == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 64;
		tmp = realloc(b->v, b->cap * sizeof(*tmp));
		if (!tmp)
			return -ENOMEM;
		b->v = tmp;
	}
	if (2 * (b->n + 1) > b->nslots) {
		r = rehash(b, b->nslots ? 2 * b->nslots : 128);
		if (r)
			return r;
	}
	b->v[b->n].name = strdup(name);
	b->v[b->n].wwid = strdup(wwid);
	if (!b->v[b->n].name || !b->v[b->n].wwid) {
		free(b->v[b->n].name);
		free(b->v[b->n].wwid);
		return -ENOMEM;
	}
	s = find_slot(b, wwid);
	if (!*s)
		*s = b->n + 1;
	b->n++;
	if (b->prefix)
		mark_used(b, name);
	return 0;
}

static void remember_identity(struct mpx_bindings *b, const struct stat *st)
{
	b->exists = st != NULL;
	if (st) {
		b->dev = st->st_dev;
		b->ino = st->st_ino;
		b->size = st->st_size;
		b->mtime = st->st_mtim;
	}
}

static bool same_identity(const struct mpx_bindings *b, const struct stat *st)
{
	if (!st)
		return !b->exists;
	return b->exists && b->dev == st->st_dev && b->ino == st->st_ino &&
	       b->size == st->st_size && b->mtime.tv_sec == st->st_mtim.tv_sec &&
	       b->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static int load(struct mpx_bindings *b, const char *file)
{
	_cleanup_fclose_ FILE *f = NULL;
	char line[1024], name[256], id[600];
	struct stat st;
	int r;

	forget(b);
	b->file = strdup(file);
	if (!b->file)
		return -ENOMEM;
	f = fopen(file, "re");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	if (fstat(fileno(f), &st) < 0)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');

		if (hash)
			*hash = '\0';
		if (sscanf(line, "%255s %599s", name, id) != 2)
			continue;	/* blank or comment */
		r = add(b, name, id);
		if (r)
			return r;
	}
	b->written = b->n;
	remember_identity(b, &st);
	return 0;
}

/* Read the file if it is not what was read last (nothing pending meanwhile). */
static int refresh(struct mpx_bindings *b, const char *file)
{
	struct stat st;
	bool missing;
	int r;

	if (b->file && strcmp(b->file, file)) {
		/* another bindings_file since: what waits belongs to the old one */
		r = mpx_bindings_flush(b);
		if (r)
			b->lost = r;
		forget(b);
	}
	if (b->file && b->written < b->n)
		return 0;	/* what waits was chosen against this view: keep it */
	missing = stat(file, &st) < 0;
	if (missing && errno != ENOENT)
		return -errno;
	if (b->file && !b->stale && same_identity(b, missing ? NULL : &st))
		return 0;
	r = load(b, file);
	if (r)
		forget(b);
	return r;
}

/* used[] for this prefix, from every binding known. */
static int use_prefix(struct mpx_bindings *b, const char *prefix)
{
	size_t i;

	if (b->prefix && !strcmp(b->prefix, prefix))
		return 0;
	free(b->prefix);
	b->prefix = strdup(prefix);
	if (!b->prefix)
		return -ENOMEM;
	memset(b->used, 0, sizeof(b->used));
	b->next_free = 0;
	for (i = 0; i < b->n; i++)
		mark_used(b, b->v[i].name);
	return 0;
}

int mpx_bindings_lookup(struct mpx_bindings *b, const char *file, const char *prefix,
			const char *wwid, char *ret, size_t len, bool *ret_pending)
{
	char name[256];
	size_t *s, plen = strlen(prefix);
	unsigned int i;
	int r;

	r = refresh(b, file);
	if (r)
		return r;
	if (b->n) {
		s = find_slot(b, wwid);
		if (*s) {
			if ((size_t)snprintf(ret, len, "%s", b->v[*s - 1].name) >= len)
				return -ENAMETOOLONG;
			*ret_pending = *s - 1 >= b->written;
			return 0;
		}
	}
	r = use_prefix(b, prefix);
	if (r)
		return r;
	for (i = b->next_free; i < MAX_BINDINGS && (b->used[i / 8] & (1u << (i % 8))); i++)
		;
	b->next_free = i;
	if (i == MAX_BINDINGS)
		return -ENOSPC;
	if (plen + 5 > sizeof(name))
		return -ENAMETOOLONG;
	memcpy(name, prefix, plen);
	mpx_binding_suffix(i, name + plen, sizeof(name) - plen);
	if (strlen(name) >= len)
		return -ENAMETOOLONG;
	r = add(b, name, wwid);
	if (r)
		return r;
	memcpy(ret, name, strlen(name) + 1);
	*ret_pending = true;
	return 0;
}

size_t mpx_bindings_pending(const struct mpx_bindings *b)
{
	return b->n - b->written;
}

static int mkdir_parent(const char *file)
{
	char dir[4096], *slash;

	snprintf(dir, sizeof(dir), "%s", file);
	slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	if (mkdir(dir, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

/* The pending lines, "name wwid\n" each, in one buffer. */
static char *pending_text(const struct mpx_bindings *b, size_t *ret_len)
{
	size_t i, len = 0, at = 0;
	char *text;

	for (i = b->written; i < b->n; i++)
		len += strlen(b->v[i].name) + strlen(b->v[i].wwid) + 2;
	text = malloc(len + 1);
	if (!text)
		return NULL;
	for (i = b->written; i < b->n; i++)
		at += (size_t)sprintf(text + at, "%s %s\n", b->v[i].name, b->v[i].wwid);
	*ret_len = at;
	return text;
}

static int write_all(int fd, const char *text, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, text, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Append the pending lines and make them durable before their names are used. */
static int append(struct mpx_bindings *b)
{
	_cleanup_free_ char *text = NULL;
	_cleanup_close_ int fd = -1;
	struct stat before, after;
	bool ours;
	size_t len = 0;
	int r;

	text = pending_text(b, &len);
	if (!text)
		return -ENOMEM;
	r = mkdir_parent(b->file);
	if (r)
		return r;
	fd = open(b->file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &before) < 0)
		return -errno;
	/* unchanged since read (or new and still empty): the view stays true */
	ours = same_identity(b, &before) || (!b->exists && before.st_size == 0);
	r = write_all(fd, text, len);
	if (!r && fsync(fd) < 0)
		r = -errno;
	if (r)
		return r;
	b->written = b->n;
	if (ours && fstat(fd, &after) == 0)
		remember_identity(b, &after);
	else
		b->stale = true;	/* edited meanwhile: read it again next time */
	return 0;
}

int mpx_bindings_flush(struct mpx_bindings *b)
{
	int lost = b->lost, r = 0;

	b->lost = 0;
	if (b->file && b->written < b->n) {
		r = append(b);
		if (r)
			forget(b);	/* the unwritten names go with the rest */
	}
	return r ? r : lost;
}
