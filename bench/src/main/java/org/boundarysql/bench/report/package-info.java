/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * What the benchmark and the evaluation write alike: the machine they ran on, numbers as text,
 * Markdown tables, and the look and files of their charts.
 */
package org.boundarysql.bench.report;
