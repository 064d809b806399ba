/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/** {@code TABLESAMPLE BOUNDARY} in Spark SQL: a parser extension over Spark's own parser. */
package org.boundarysql.spark.parser;
