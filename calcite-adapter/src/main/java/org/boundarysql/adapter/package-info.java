/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * Calcite adapter over activation stores: the schema factory and JDBC driver, one table per
 * store's items and layers, the scan with its planner rules, and the sample macro behind
 * {@code TABLESAMPLE BOUNDARY}.
 */
package org.boundarysql.adapter;
