/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * BoundarySQL on Apache Spark: the session extensions that register the diagnosis functions and
 * {@code boundary_sample}, and the {@code spark} and {@code export} commands.
 */
package org.boundarysql.spark;
