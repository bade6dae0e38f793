/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pv half as main.c sees it: the engine's client and its init/exit.
 * Without it (vro.ko built with VRO_PV=n) these are stubs, and the engine
 * refuses modules with pv sites (client.c).
 */
#ifndef _VRO_PV_PV_H
#define _VRO_PV_PV_H

#include "../internal.h"

#ifdef VRO_PV
extern const struct vro_client vro_pv_client;
int vro_pv_init(void);
void vro_pv_exit(void);

/* Attach the pv half to the engine (before the module notifier). */
static inline int vro_pv_attach(void)
{
	return vro_client_register(&vro_pv_client);
}

static inline void vro_pv_detach(void)
{
	vro_client_unregister(&vro_pv_client);
}
#else
static inline int vro_pv_init(void)
{
	return 0;
}

static inline void vro_pv_exit(void)
{
}

static inline int vro_pv_attach(void)
{
	return 0;
}

static inline void vro_pv_detach(void)
{
}
#endif

#endif /* _VRO_PV_PV_H */
