// SPDX-License-Identifier: GPL-2.0
/*
 * The one lock of vro, and the engine's one client: the part of vro built
 * on top of the engine (the pv half, vro/pv/) that takes the call and jump
 * sites of every site table.
 * The engine never names the client: the module notifier tells it of each
 * module through these hooks, and vro_unlock() lets it finish work that
 * must wait until the lock is dropped. Without a client (vro.ko built
 * with VRO_PV=n) a module with pv sites is refused, naming the fix.
 *
 * The client registers before the module notifier does and unregisters
 * after it is gone (main.c): no hook can run while it changes.
 */
#define pr_fmt(fmt) "vro: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mutex.h>

#include "internal.h"

/*
 * The one lock of vro: the registry's lists, every variable's value and
 * sites, the client's state (the pv registry) and every text write.
 */
DEFINE_MUTEX(vro_mutex);

static const struct vro_client *vro_the_client;

/**
 * vro_lock() - take the one lock of vro.ko (registry, values, text)
 */
void vro_lock(void)
{
	mutex_lock(&vro_mutex);
}

/* vro_unlock() has dropped the lock: the client finishes what must not wait. */
static void vro_client_unlocked(void)
{
	const struct vro_client *c = READ_ONCE(vro_the_client);

	if (c && c->unlocked)
		c->unlocked();
}

/**
 * vro_unlock() - release the lock taken by vro_lock()
 *
 * Then, outside the lock, the client finishes what must not wait under it
 * (the pv half drops the module references its switches released, after
 * an RCU-tasks wait).
 */
void vro_unlock(void)
{
	mutex_unlock(&vro_mutex);
	vro_client_unlocked();
}

/**
 * vro_client_register() - attach the engine's client
 * @c: its hooks; must stay valid until vro_client_unregister()
 *
 * Called once, before any module can reach the module notifier.
 *
 * Return: 0; -EBUSY if a client is attached already.
 */
int vro_client_register(const struct vro_client *c)
{
	if (READ_ONCE(vro_the_client))
		return -EBUSY;
	WRITE_ONCE(vro_the_client, c);
	return 0;
}

/**
 * vro_client_unregister() - detach the engine's client
 * @c: the client vro_client_register() attached
 *
 * Called after the module notifier is gone.
 */
void vro_client_unregister(const struct vro_client *c)
{
	if (READ_ONCE(vro_the_client) == c)
		WRITE_ONCE(vro_the_client, NULL);
}

/* Sites of @vmod that only a client can take (pv calls and jumps). */
static unsigned int vro_client_sites(const struct vro_module *vmod)
{
	unsigned int i, n = 0;

	for (i = 0; i < vmod->desc->nr_sites; i++)
		n += vro_site_is_pv(&vmod->sites[i]);
	return n;
}

/**
 * vro_client_coming() - hand a module's call and jump sites to the client
 * @vmod: the module, its value sites written, not yet linked or listed
 *
 * Caller holds vro_lock().
 *
 * Return: 0, or the client's refusal; -EOPNOTSUPP if @vmod has pv sites
 * and there is no client.
 */
int vro_client_coming(struct vro_module *vmod)
{
	const struct vro_client *c = READ_ONCE(vro_the_client);
	unsigned int n;

	vro_assert_locked();
	if (c)
		return c->coming(vmod);
	n = vro_client_sites(vmod);
	if (!n)
		return 0;
	pr_err("%s: has %u pv call site(s), but this vro has no paravirt support (built with VRO_PV=n): rebuild vro.ko with VRO_PV=y\n",
	       vro_owner_name(vmod->mod), n);
	return -EOPNOTSUPP;
}

/**
 * vro_client_going() - a module's table is about to be freed
 * @vmod: the module, off the engine's list, its sites still linked
 *
 * Caller holds vro_lock().
 */
void vro_client_going(struct vro_module *vmod)
{
	const struct vro_client *c = READ_ONCE(vro_the_client);

	vro_assert_locked();
	if (c)
		c->going(vmod);
}

/**
 * vro_client_gone() - a going module's sites are gone: sweep the rest
 * @mod: the module, at MODULE_STATE_GOING
 *
 * Caller holds vro_lock().
 */
void vro_client_gone(struct module *mod)
{
	const struct vro_client *c = READ_ONCE(vro_the_client);

	vro_assert_locked();
	if (c)
		c->gone(mod);
}
