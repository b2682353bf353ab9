// SPDX-License-Identifier: GPL-2.0-only
/* Marginal paths: the decisions (see marginal.h). */
#include "maps/marginal.h"

/* multipath-tools acts on either family only when all of its keywords are set. */
bool mpx_marginal_san_on(const struct mpx_marginal_conf *c)
{
	return c->san_threshold && c->san_forget_rate && c->san_recovery_ms;
}

bool mpx_marginal_mp_on(const struct mpx_marginal_conf *c)
{
	return c->double_failed_ms && c->sample_ms && c->rate_threshold >= 0 && c->recheck_gap_ms;
}

static uint64_t sample_len(const struct mpx_marginal_conf *c)
{
	return c->sample_ms ? c->sample_ms : MPX_MARGINAL_DEFAULT_SAMPLE_MS;
}

/* How long a bad sample holds the path out, before backoff. */
static uint64_t hold_len(const struct mpx_marginal_conf *c)
{
	return mpx_marginal_mp_on(c) ? c->recheck_gap_ms : c->san_recovery_ms;
}

static void start_sample(struct mpx_marginal *m, const struct mpx_marginal_conf *c, uint64_t now)
{
	m->state = MPX_MARGINAL_SAMPLING;
	m->until = now + sample_len(c);
	m->ios = 0;
	m->errors = 0;
}

static void hold(struct mpx_marginal *m, uint64_t base, uint64_t now)
{
	m->state = MPX_MARGINAL_HELD;
	m->until = now + (base << m->backoff);
}

bool mpx_marginal_io_failed(struct mpx_marginal *m, const struct mpx_marginal_conf *c, uint64_t now)
{
	bool twice = m->last_failure && now - m->last_failure <= c->double_failed_ms;

	m->last_failure = now;
	if (m->state != MPX_MARGINAL_NO)
		return true;
	if (mpx_marginal_mp_on(c) && twice) {
		/* multipath-tools samples at once, and holds only after a bad sample */
		m->episodes++;
		start_sample(m, c, now);
		return true;
	}
	if (mpx_marginal_san_on(c) && ++m->failures > c->san_threshold) {
		m->episodes++;
		m->failures = 0;
		m->good_checks = 0;
		hold(m, c->san_recovery_ms, now);
		return true;
	}
	return false;
}

void mpx_marginal_check_ok(struct mpx_marginal *m, const struct mpx_marginal_conf *c)
{
	if (!mpx_marginal_san_on(c) || !m->failures)
		return;
	if (++m->good_checks >= c->san_forget_rate) {
		m->good_checks = 0;
		m->failures--;
	}
}

void mpx_marginal_test_io(struct mpx_marginal *m, bool ok)
{
	if (m->state != MPX_MARGINAL_SAMPLING)
		return;
	m->ios++;
	m->errors += !ok;
}

/* The sample's verdict: back to normal, or held out again for longer. */
static void judge(struct mpx_marginal *m, const struct mpx_marginal_conf *c, uint64_t now)
{
	int threshold = c->rate_threshold > 0 ? c->rate_threshold : 0;

	m->last_rate = (unsigned int)((uint64_t)m->errors * 1000 / m->ios);
	m->sampled = true;
	if (m->last_rate > (unsigned int)threshold) {
		hold(m, hold_len(c), now);
		if (m->backoff < MPX_MARGINAL_MAX_BACKOFF)
			m->backoff++;
		return;
	}
	m->state = MPX_MARGINAL_NO;
	m->until = 0;
	m->failures = 0;
	m->last_failure = 0; /* the failures before the hold are not one more strike */
	if (m->backoff)
		m->backoff--;
}

bool mpx_marginal_tick(struct mpx_marginal *m, const struct mpx_marginal_conf *c, uint64_t now)
{
	if (m->state == MPX_MARGINAL_NO || now < m->until)
		return false;
	if (m->state == MPX_MARGINAL_HELD) {
		start_sample(m, c, now);
		return true;
	}
	if (!m->ios) {
		/* no test read finished in the sample: no evidence either way yet */
		m->until = now + sample_len(c);
		return false;
	}
	judge(m, c, now);
	return true;
}
