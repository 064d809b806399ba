/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * How well a sample answers the diagnosis workload: the metric of each query set and their
 * evaluation over every (layer, class, correct or incorrect) combination.
 */
package org.boundarysql.metric;
