// SPDX-License-Identifier: GPL-2.0-only
/*
 * Locking: w->lock protects the two queues, the thread counts and
 * w->stopping; nothing else is shared with the threads. A job is copied
 * in and out, so threads never touch the loop's paths.
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "checkers/checker.h"
#include "maps/workers.h"
#include "policy/policy.h"

struct node {
	struct mpxd_job job;
	struct node *next;
};

struct queue {
	struct node *head, *tail;
};

struct mpxd_workers {
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct queue todo, done;
	unsigned int threads, idle, max;
	bool stopping;
	int efd;
};

static void push(struct queue *q, struct node *n)
{
	n->next = NULL;
	if (q->tail)
		q->tail->next = n;
	else
		q->head = n;
	q->tail = n;
}

static struct node *pop(struct queue *q)
{
	struct node *n = q->head;

	if (n) {
		q->head = n->next;
		if (!q->head)
			q->tail = NULL;
	}
	return n;
}

/* A policy's check_path hook if the job has one; the configured checker if it fails. */
static enum mpx_path_state run(struct mpxd_job *job)
{
	enum mpx_path_state st;

	job->rep.have_sense = false;
	if (job->diagnose) {
		st = mpx_diagnose(job->devnode, job->tpg, job->timeout_ms, &job->diag);
		job->rep = job->diag.rep;
		return st;
	}
	if (job->policy &&
	    !mpxd_hook_check_path(job->plugins, job->policy, &job->wpath, job->timeout_ms, &st,
				  job->rep.msg, sizeof(job->rep.msg)))
		return st;
	return mpx_check(job->checker, job->devnode, job->timeout_ms, &job->rep);
}

/* The priority, after a check that found the path usable. */
static void prio(struct mpxd_job *job)
{
	job->prio_found = false;
	if (job->prio_kind < 0 || (job->result != MPX_PATH_UP && job->result != MPX_PATH_GHOST))
		return;
	job->prio_found = !mpx_prio_get(job->prio_kind, job->prio_args[0] ? job->prio_args : NULL,
					&job->prio_path, job->timeout_ms, &job->prio, job->prio_why,
					sizeof(job->prio_why));
}

static void *worker(void *arg)
{
	struct mpxd_workers *w = arg;
	struct node *n;
	uint64_t one = 1;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->stopping && !w->todo.head)
			pthread_cond_wait(&w->work, &w->lock);
		if (w->stopping)
			break;
		n = pop(&w->todo);
		w->idle--;
		pthread_mutex_unlock(&w->lock);

		n->job.result = run(&n->job);
		prio(&n->job);

		pthread_mutex_lock(&w->lock);
		w->idle++;
		if (w->stopping) {
			free(n);
			break;
		}
		push(&w->done, n);
		if (write(w->efd, &one, sizeof(one)) < 0) {
			/* the counter cannot overflow in practice; the loop drains it */
		}
	}
	w->threads--;
	w->idle--;
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int mpxd_workers_start(unsigned int max_threads, struct mpxd_workers **ret, int *ret_fd)
{
	struct mpxd_workers *w = calloc(1, sizeof(*w));

	if (!w)
		return -ENOMEM;
	w->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (w->efd < 0) {
		free(w);
		return -errno;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->work, NULL);
	w->max = max_threads;
	*ret = w;
	*ret_fd = w->efd;
	return 0;
}

/* Under w->lock: one more thread when every thread is busy. */
static int grow(struct mpxd_workers *w)
{
	pthread_attr_t attr;
	pthread_t t;
	int r;

	if (w->idle > 0 || w->threads >= w->max)
		return 0;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	r = pthread_create(&t, &attr, worker, w);
	pthread_attr_destroy(&attr);
	if (r)
		return w->threads ? 0 : -r;	/* with threads left, the job waits */
	w->threads++;
	w->idle++;
	return 0;
}

int mpxd_workers_submit(struct mpxd_workers *w, const struct mpxd_job *job)
{
	struct node *n = malloc(sizeof(*n));
	int r;

	if (!n)
		return -ENOMEM;
	n->job = *job;
	pthread_mutex_lock(&w->lock);
	r = grow(w);
	if (!r) {
		push(&w->todo, n);
		pthread_cond_signal(&w->work);
	}
	pthread_mutex_unlock(&w->lock);
	if (r)
		free(n);
	return r;
}

int mpxd_workers_take(struct mpxd_workers *w, struct mpxd_job *ret)
{
	struct node *n;
	uint64_t v;

	pthread_mutex_lock(&w->lock);
	n = pop(&w->done);
	if (!n && read(w->efd, &v, sizeof(v)) < 0) {
		/* drained: nothing left to wake the loop for */
	}
	pthread_mutex_unlock(&w->lock);
	if (!n)
		return -EAGAIN;
	*ret = n->job;
	free(n);
	return 0;
}

void mpxd_workers_stop(struct mpxd_workers *w)
{
	struct node *n;
	unsigned int left, tries;

	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_broadcast(&w->work);
	while ((n = pop(&w->todo)))
		free(n);
	pthread_mutex_unlock(&w->lock);
	/* idle threads leave at once; give running checks a moment to end */
	for (tries = 0; tries < 100; tries++) {
		pthread_mutex_lock(&w->lock);
		left = w->threads;
		pthread_mutex_unlock(&w->lock);
		if (!left)
			break;
		usleep(10000);
	}
	if (left)
		return;	/* a check hangs: its thread still needs w until exit */
	while ((n = pop(&w->done)))
		free(n);
	close(w->efd);
	pthread_cond_destroy(&w->work);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
