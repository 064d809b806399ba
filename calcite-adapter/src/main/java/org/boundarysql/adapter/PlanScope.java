/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
package org.boundarysql.adapter;

/**
 * A schema whose tables a cached plan may hold on to: such a plan stays valid while the schema's
 * {@link #planIdentity()} is equal (see {@link CachingPrepare}).
 */
interface PlanScope {
  /** Equal as long as plans over this schema stay valid; changes when its data changes. */
  Object planIdentity();
}
