/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */
/**
 * A full store turned into the storage the paper argues for: a store of the sampled items (every
 * layer) and a latent store of every item (the latent layer and the logits), side by side.
 */
package org.boundarysql.materialize;
