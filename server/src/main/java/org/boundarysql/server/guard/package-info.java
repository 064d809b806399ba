/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * What both endpoints of the server (Avatica, Flight SQL) enforce alike, in one place: only
 * queries run ({@link org.boundarysql.server.guard.ReadOnlyCheck}); work is bounded by the query
 * timeout and stops when cancelled, when its client goes away or when the server stops
 * ({@link org.boundarysql.server.guard.RunningQueries}); clients log in as the users of one file
 * ({@link org.boundarysql.server.guard.UsersFile}) over TLS with one keystore
 * ({@link org.boundarysql.server.guard.ServerTls}).
 */
package org.boundarysql.server.guard;
