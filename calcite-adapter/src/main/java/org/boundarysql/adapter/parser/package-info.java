/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * SQL parser generated from Calcite's grammar with the {@code TABLESAMPLE BOUNDARY} clause
 * (see {@code src/main/codegen}).
 */
package org.boundarysql.adapter.parser;
