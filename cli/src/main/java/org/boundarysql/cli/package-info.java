/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * The command line behind {@code ./boundary}: one class per command, one argument parser.
 */
package org.boundarysql.cli;
