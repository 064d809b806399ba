/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * The diagnosis functions in SQL: TOPK_NEURONS, AVG_ACTIVATION, ARGMAX_DIST, LINEAR_CKA and the
 * scalars, as Calcite aggregate and scalar functions over the kernels of {@code functions}.
 */
package org.boundarysql.adapter.function;
