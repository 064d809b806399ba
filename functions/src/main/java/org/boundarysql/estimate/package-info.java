/*
 * BoundarySQL, licensed under the GNU General Public License v3.0 or later.
 */

/**
 * How far a diagnosis answer computed on a sample may be from the full data's answer: which
 * estimate a sampling method allows ({@link org.boundarysql.estimate.EstimateBasis}) and the
 * bootstrap that gives it ({@link org.boundarysql.estimate.BootstrapError}); and, for samples of
 * a probability design, the model-assisted estimate of a group's mean from auxiliaries known for
 * every item ({@link org.boundarysql.estimate.ModelAssistedMean}).
 */
package org.boundarysql.estimate;
