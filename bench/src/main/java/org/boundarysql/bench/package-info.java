/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * The benchmark behind {@code ./boundary bench}: Q1-Q5 on the full store and on samples, through
 * embedded and remote JDBC, against a plain Java loop and DuckDB; storage, sample creation and
 * growth; a Markdown report with PNG charts.
 */
package org.boundarysql.bench;
