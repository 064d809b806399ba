/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * How BoundarySQL reads, validates and plans SQL on top of Calcite's preparation: the
 * conformance and validator that give PostgreSQL's answers where Calcite's differ (string
 * literals and CASE of strings are VARCHAR, CUBE and ROLLUP keep repeated grouping sets), and
 * the planner program with the rewrites that keep Calcite 1.42's known wrong answers out.
 */
package org.boundarysql.adapter.prepare;
