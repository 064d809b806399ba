/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * The Avatica HTTP server: remote JDBC over a catalog, read-only, with pinned connection
 * properties and optional BASIC authentication.
 */
package org.boundarysql.server;
