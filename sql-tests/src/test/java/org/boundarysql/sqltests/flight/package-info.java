/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * The example queries through real Flight SQL clients, in processes of their own: the Arrow
 * Flight SQL JDBC driver (its jar alone) and Python's pyarrow, against the embedded driver.
 */
package org.boundarysql.sqltests.flight;
